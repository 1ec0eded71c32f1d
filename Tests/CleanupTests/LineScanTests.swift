import Foundation
import IngestKit
import Testing
import TestSupport
@testable import Cleanup

/// The per-line scans of cleanup give the answers of the character-by-character and regex code
/// they replaced (kept here as the reference) on CJK, full-width, mixed, empty and odd text:
/// combining marks on the marks they look for, joiners, emoji, CR LF.
@Suite struct LineScanTests {
    static let pieces = ["", " ", "  ", "中", "文", "字", "，", "。", "；", "（", "）", "(", ")", ",", ";", ":", "?", "!", "a", "1", "9",
                         "１２", "Ａ", "\u{3000}", "\u{00A0}", "\u{200B}", "\u{FEFF}", "\r", "\r\n", "*", "**", "_", "__", "<", ">",
                         "<br", "<br>", "<br />", "<br/>", " /", "[", "]", "](", "http:", "https:", "<https://a.cn/x>", "mailto:",
                         "\u{301}", "e\u{301}", "中\u{301}", " \u{301}", "*\u{301}", ">\u{301}", "]\u{301}", ",\u{301}", "\u{37E}",
                         "\u{200D}", "👨\u{200D}👩", "🇨🇳", "한", "\u{0600}", "中\u{FE0F}", "信息内容", "本年制发件数", "12", "3.5", "O", "l",
                         "-66", "1,000", "#", "## ", "> ", "\t", "|", "本年 度", "办 理"]

    static let samples: [String] = {
        var seeded = SeededGenerator(seed: 11)
        let random = (0..<4000).map { _ in (0..<(seeded.below(10))).map { _ in seeded.pick(pieces) }.joined() }
        return pieces + random + [
            "本年 度办 理结 果", "（三） 不予公开", "(三) 不予公开", "**一、总体情况**", "***", "a**b**c", "__x__",
            "第一行<br>第二行<br />第三<br\u{3000}/>", "<br\u{301}>", "<bR>", "见<https://www.gov.cn/a>和<mailto:a@b.cn>",
            "<http:x y>", "<http:>", "<<https://a>", "[链接](http://x)", "[a [b](c)", "[a](b", "[a]b[c](d)", "[](x)",
            "中 , 文", "1,000 件", "http://x.cn", "中\u{37E}", "信息内容 本年制发件数 本年废止件数", "信息 内容",
        ]
    }()

    @Test func stripMarkdownAgrees() {
        for s in Self.samples {
            let (text, heading) = LineNormalizer.stripMarkdown(s)
            let (expected, expectedHeading) = Reference.stripMarkdown(s)
            #expect(text == expected && heading == expectedHeading, "\(s.debugDescription)")
        }
    }

    @Test func pageFurnitureShapeAgrees() {
        for s in Self.samples {
            let expected = s.filter { !$0.isWhitespace }.replacing(/[0-9]+/, with: "#")
            #expect(PageFurniture.shape(s) == expected, "\(s.debugDescription)")
        }
    }

    @Test func pageNumbersAreFoundAsByThePatternsAlone() {
        let pieces = ["第", "页", "共", "-", "—", "－", "3", "12", "2024", " ", "\u{3000}", "/", "／", "，", "Page", "PAGE", "of", "p", "x", "表", "1\u{301}"]
        var seeded = SeededGenerator(seed: 5)
        let generated = (0..<20_000).map { _ in (0..<(1 + seeded.below(7))).map { _ in seeded.pick(pieces) }.joined() }
        let forms = ["-3-", "— 12 —", "第 3 页", "第3页，共12页", "共 12 页 第 3 页", "3/12", "3 ／ 12", "Page 3 of 12", "page3"]
        var found = 0
        for s in Self.samples + generated + forms {
            let expected = Reference.isPageNumber(s)
            if expected { found += 1 }
            #expect(PageFurniture.isPageNumber(s) == expected, "\(s.debugDescription)")
        }
        #expect(found >= 50)
    }

    @Test func normalizePunctuationAgrees() {
        for s in Self.samples {
            #expect(LineNormalizer.normalizePunctuation(s) == Reference.normalizePunctuation(s), "\(s.debugDescription)")
        }
    }

    @Test func removeSpacesInsideCJKAgrees() {
        for s in Self.samples {
            #expect(LineNormalizer.removeSpacesInsideCJK(s) == Reference.removeSpacesInsideCJK(s), "\(s.debugDescription)")
            #expect(LineNormalizer.isHeaderWordRow(s) == Reference.isHeaderWordRow(s), "\(s.debugDescription)")
        }
    }

    @Test func foldWidthAgrees() {
        for s in Self.samples + ["０１２３４５６７８９ＡＺａｚ．＋－％", "\u{FF0F}\u{FF20}\u{FF40}\u{FF5B}", "\u{3000}\u{00A0}x\r\n"] {
            #expect(LineNormalizer.foldWidth(s) == Reference.foldWidth(s), "\(s.debugDescription)")
        }
    }

    @Test func widthAgrees() {
        for s in Self.samples {
            #expect(Script.width(s) == s.reduce(0) { $0 + (Script.isCJK($1) ? 1 : 0.5) }, "\(s.debugDescription)")
            for limit in [0.0, 1, 2.5, 16] {
                #expect(Script.isWider(s, than: limit) == (Script.width(s) > limit), "\(s.debugDescription)")
            }
        }
    }

    @Test func numberRowsAgree() {
        let rows = ["一、本年新收政府信息公开申请数量 29 2 0 0 0 0 31", "29 2 0", "O O", "l", "1. 属于国家秘密 3", "全年共受理申请 30 件。 5",
                    "其他 12 3", "申请人的某一句很长的话，里面有逗号 12", "12.予以公开 5", "（一）予以公开 287 1 0 0 0 0 288"]
        let long = String(repeating: "政府信息公开", count: 40)
        for s in Self.samples + rows + [long + " 12", long + " 1 2", " " + long + " 1", "\u{2028}" + long + " 3", long + "  x 1 2"] {
            let t = s.trimming(.whitespaces)
            #expect(LineKind.isNumberRow(t) == Reference.isNumberRow(t), "\(t.debugDescription)")
        }
    }
}

/// The code the scans replaced.
private enum Reference {
    /// Page numbers as the patterns alone find them.
    static func isPageNumber(_ line: String) -> Bool {
        let slice = line.trimmingCharacters(in: .whitespaces)
        guard !slice.isEmpty, slice.count <= 24, slice.contains(where: { $0.isASCII && $0.isNumber }) else { return false }
        return slice.wholeMatch(of: /[-—–－]\s*[0-9]{1,4}\s*[-—–－]/) != nil
            || slice.wholeMatch(of: /第\s*[0-9]{1,4}\s*页(\s*[,，\/／]?\s*共\s*[0-9]{1,4}\s*页)?/) != nil
            || slice.wholeMatch(of: /共\s*[0-9]{1,4}\s*页\s*第\s*[0-9]{1,4}\s*页/) != nil
            || slice.wholeMatch(of: /[0-9]{1,4}\s*\/\s*[0-9]{1,4}/) != nil
            || slice.wholeMatch(of: /(?i)page\s*[0-9]{1,4}(\s*of\s*[0-9]{1,4})?/) != nil
    }

    static func removeSpacesInsideCJK(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: " ")), !isHeaderWordRow(text) else { return text }
        var out = ""
        var previous: Character?
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if c == " ", let p = previous, next < text.endIndex, Script.isCJK(p), Script.isCJK(text[next]) {
                previous = c
                i = next
                continue
            }
            out.append(c)
            previous = c
            i = next
        }
        return out
    }

    static func isHeaderWordRow(_ text: String) -> Bool {
        guard !text.containsBytes(of: "  ") else { return false }
        let words = text.split(separator: " ")
        return words.count >= 2 && words.allSatisfy { $0.count >= 4 && $0.allSatisfy(CJK.isIdeograph) }
    }

    static func foldWidth(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            switch u.value {
            case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A, 0xFF0E, 0xFF0B, 0xFF0D, 0xFF05:
                out.append(Unicode.Scalar(u.value - 0xFEE0)!)
            case 0x3000, 0x00A0: out.append(" ")
            case 0x200B, 0x200C, 0x200D, 0xFEFF, 0x0D: break
            default: out.append(u)
            }
        }
        return String(out)
    }

    static let fullWidth: [Character: Character] = [",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"]

    static func normalizePunctuation(_ text: String) -> String {
        guard text.utf8.contains(where: { Set(",;:?!()".utf8).contains($0) }) else { return text }
        var out = ""
        var before: Character?
        for i in text.indices {
            let c = text[i]
            if let wide = fullWidth[c] {
                let after = text[text.index(after: i)...].first { $0 != " " }
                out.append(before.map(Script.isCJK) == true || after.map(Script.isCJK) == true ? wide : c)
            } else {
                out.append(c)
            }
            if c != " " { before = c }
        }
        return out
    }

    static func stripMarkdown(_ text: String) -> (String, Bool) {
        var s = text
        var heading = false
        let hashes = s.prefix { $0 == "#" }
        if !hashes.isEmpty, hashes.count <= 6, s.dropFirst(hashes.count).first == " " {
            s = String(s.dropFirst(hashes.count + 1))
            heading = true
        } else if s.hasPrefix("> ") {
            s = String(s.dropFirst(2))
        }
        if s.containsBytes(of: "**") { s = s.replacing("**", with: "") }
        if s.containsBytes(of: "__") { s = s.replacing("__", with: "") }
        if s.containsBytes(of: "<br") { s = s.replacing(/<br\s*\/?>/, with: " ") }
        if s.containsBytes(of: "<http") || s.containsBytes(of: "<mailto:") {
            s = s.replacing(/<((?:https?|mailto):[^>\s]+)>/) { String($0.output.1) }
        }
        if s.containsBytes(of: "](") { s = s.replacing(/\[([^\]]*)\]\([^)]*\)/) { String($0.output.1) } }
        return (s, heading)
    }

    static func isNumberRow(_ s: String) -> Bool {
        let tokens = s.split(separator: " ")
        if tokens.allSatisfy({ LineKind.isNumber($0) || LineKind.isLookAlikeNumber($0) }) { return true }
        let numbers = tokens.reversed().prefix { LineKind.isNumber($0) }.count
        guard numbers > 0 else { return false }
        if numbers == tokens.count { return true }
        let label = tokens.dropLast(numbers).joined(separator: " ")
        if label.contains(where: { "。；！？;!?".contains($0) }) { return false }
        if numbers == 1 {
            let body = label.prefixMatch(of: /^\s*[0-9]{1,2}[.、．]/).map { label[$0.range.upperBound...] } ?? Substring(label)
            return Script.width(body) <= 16 && !body.contains(where: { "，,：:“”".contains($0) || ($0.isASCII && $0.isNumber) })
        }
        return Script.width(label) <= 60
    }
}
