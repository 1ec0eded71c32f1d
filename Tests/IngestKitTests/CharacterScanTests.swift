import Foundation
import Testing
import TestSupport
import IngestKit

/// Pieces of text that test where characters start: CJK and full-width text, ASCII, combining
/// marks on ASCII and on ideographs, joiners, emoji sequences, flags, Hangul, CR LF, Arabic
/// prepended marks, variation selectors.
enum TrickyText {
    static let pieces = ["", " ", "  ", "中", "文", "，", "。", "（", "）", "(", ")", ",", ";", ":", "?", "!", "a", "1", "１２", "Ａ",
                         "\u{3000}", "\u{00A0}", "\u{200B}", "\u{FEFF}", "\r", "\n", "\r\n", "\t", "|", "*", "**", "_", "__", "<", ">",
                         "<br", "<br>", "<br />", "[", "]", "](", ")", "http:", "https:", "mailto:", "/", "\u{301}", "e\u{301}",
                         "中\u{301}", " \u{301}", "*\u{301}", ">\u{301}", "]\u{301}", "\u{37E}", "\u{200D}", "👨\u{200D}👩", "🇨🇳",
                         "한", "\u{1100}\u{1161}", "\u{0600}", "中\u{FE0F}", "〰\u{200D}〰", "\u{302A}", "ｶﾞ", "Ω", "٣"]

    /// Strings of up to `length` pieces, the same ones every run.
    static func samples(_ count: Int, length: Int = 8, seed: UInt64 = 7) -> [String] {
        var seeded = SeededGenerator(seed: seed)
        return (0..<count).map { _ in (0..<(seeded.below((length + 1)))).map { _ in seeded.pick(pieces) }.joined() }
    }
}

/// `CharacterScan` gives `String`'s characters and words.
@Suite struct CharacterScanTests {
    static let samples = TrickyText.pieces + TrickyText.samples(3000)

    @Test func charactersStartWhereStringIterationStartsThem() {
        for s in Self.samples {
            let scan = CharacterScan(s)
            var starts: [Int] = [], firsts: [UInt32] = []
            scan.forEachCharacter { offset, first in
                starts.append(offset)
                firsts.append(first)
                return true
            }
            let expected = s.indices.map { s.utf8.distance(from: s.startIndex, to: $0) }
            #expect(starts == expected, "\(s.debugDescription)")
            #expect(firsts == s.map { $0.unicodeScalars.first!.value }, "\(s.debugDescription)")
            for offset in 0...scan.bytes.count {
                #expect(scan.isBoundary(offset) == (expected.contains(offset) || offset == scan.bytes.count), "\(s.debugDescription) \(offset)")
            }
            for (k, start) in expected.enumerated() {
                #expect(scan.characterEnd(from: start) == (k + 1 < expected.count ? expected[k + 1] : scan.bytes.count))
            }
        }
    }

    @Test func wordsAreWhatSplitOnSpacesGives() {
        for s in Self.samples {
            let scan = CharacterScan(s)
            var forward: [Substring] = [], backward: [Substring] = []
            scan.forEachWord { forward.append(scan.substring($0)); return true }
            scan.forEachWordBackward { backward.append(scan.substring($0)); return true }
            let expected = s.split(separator: " ")
            #expect(forward == expected, "\(s.debugDescription)")
            #expect(backward == expected.reversed(), "\(s.debugDescription)")
        }
    }

    @Test func aScanStopsWhenAsked() {
        var seen = 0
        CharacterScan("一二三四").forEachCharacter { _, _ in seen += 1; return seen < 2 }
        #expect(seen == 2)
        var words: [Substring] = []
        let scan = CharacterScan("a b c")
        scan.forEachWordBackward { words.append(scan.substring($0)); return false }
        #expect(words == ["c"])
    }

    @Test func aTrimmedSliceIsTheTrimmedText() {
        for s in Self.samples {
            for set in [CharacterSet.whitespaces, CharacterSet(charactersIn: " #*>")] {
                #expect(String(s.trimmedSlice(set)) == s.trimming(set), "\(s.debugDescription)")
            }
        }
    }
}
