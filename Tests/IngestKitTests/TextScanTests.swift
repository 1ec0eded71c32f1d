import Foundation
import Testing
import IngestKit

/// The scans the text stages run per line give Foundation's and the standard library's answers.
@Suite struct TextScanTests {
    static let samples = ["", " ", "  表 二  ", "\t一、总体情况\u{3000}", "本年新收  12  3", "a  b", "ab ", " ab", "（三）不予公开",
                          "政府信息公开工作年度报告", "**加粗**  |  1 | 2 |", "x\u{00A0}", "e\u{301} "]

    @Test func trimmingLooksAtTheEndsAsFoundationDoes() {
        for s in Self.samples {
            for set in [CharacterSet.whitespaces, .whitespacesAndNewlines, CharacterSet(charactersIn: " #*>")] {
                #expect(s.trimming(set) == s.trimmingCharacters(in: set), "\(s.debugDescription)")
                #expect(s.dropFirst(0).trimming(set) == s.trimmingCharacters(in: set))
            }
        }
    }

    @Test func aPipeRowIsFoundOverBytesAsOverCharacters() {
        // Every string of up to five pieces of this alphabet: spaces, the ideographic space and
        // its near neighbours in UTF-8 (`、` is E3 80 81), pipes and text.
        let alphabet = [" ", "\u{3000}", "、", "\u{2000}", "|", "a", "1", "表"]
        func reference(_ line: Substring) -> Bool {
            let s = line.drop(while: { $0 == " " || $0 == "\u{3000}" })
            return s.first == "|" && s.dropFirst().contains(where: { $0 == "|" })
        }
        var lines = [""], all = [""]
        for _ in 0..<5 {
            lines = lines.flatMap { line in alphabet.map { line + $0 } }
            all += lines
        }
        #expect(all.count == 37_449)
        for line in all {
            #expect(PipeRow.matches(line) == reference(Substring(line)), "\(line.debugDescription)")
            #expect(PipeRow.matches(line.dropFirst(0)) == reference(Substring(line)))
        }
    }

    @Test func isLongerCountsCharacters() {
        for s in Self.samples {
            for n in 0...14 { #expect(s.isLonger(than: n) == (s.count > n), "\(s.debugDescription) \(n)") }
        }
    }

    @Test func containsBytesFindsWhatContainsFinds() {
        for s in Self.samples {
            for needle in ["  ", "报告", "**", "|", "总体", "z", "e\u{301}"] {
                #expect(s.containsBytes(of: needle) == s.contains(needle), "\(s.debugDescription) \(needle)")
            }
        }
    }

    @Test func byteRangeIsTheFirstOccurrencesUTF8Offsets() {
        for s in Self.samples + ["报告报告", "本年制发件数本年废止件数", "件数"] {
            for needle in ["  ", "报告", "**", "|", "总体", "z", "件数", "制发件数"] {
                let bytes = Array(s.utf8), pattern = Array(needle.utf8)
                let expected = bytes.indices.first { bytes[$0...].starts(with: pattern) }.map { $0..<($0 + pattern.count) }
                #expect(s.byteRange(of: needle) == expected, "\(s.debugDescription) \(needle)")
            }
        }
    }

    @Test func anAlignedGapIsTextTwoSpacesThenText() {
        #expect("本年新收  12".hasAlignedGap)
        #expect("  a  b".hasAlignedGap)
        #expect(!"a b c".hasAlignedGap)
        #expect(!"  ab  ".hasAlignedGap)
        #expect(!"".hasAlignedGap)
    }
}
