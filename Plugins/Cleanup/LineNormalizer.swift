import IngestKit
import Foundation

/// Repairs one extracted line without looking at its neighbours: full-width letters and digits,
/// markdown residue, half-width punctuation inside CJK text, and spaces inside CJK runs.
///
/// Table rows keep their shape: a tab-separated row is cleaned cell by cell and keeps its tabs;
/// a pipe row keeps its pipes; a row of space-aligned columns keeps every cell at the column
/// where it started, so the tables stage can still read the grid.
struct LineNormalizer: Sendable {
    /// Remove `#` headings, `**`, `<br>`, link syntax.
    var stripMarkdown = true
    /// Half-width `,;:?!()` next to CJK text become their full-width forms.
    var normalizePunctuation = true
    /// Remove single spaces between two CJK characters (`不予公 开` → `不予公开`).
    var removeCJKSpaces = true

    /// A normalised line.
    struct Line: Equatable {
        var text: String
        /// The line was a markdown heading (`## 一、总体情况`).
        var isMarkdownHeading: Bool
    }

    /// Normalises a line; `keepingSpaces` leaves its spaces as they are (label fragments of
    /// a space-aligned table, whose spaces may separate neighbouring cells).
    func normalize(_ raw: String, keepingSpaces: Bool = false) -> Line {
        var text = Self.foldWidth(raw)
        var heading = false
        if stripMarkdown { (text, heading) = Self.stripMarkdown(text) }
        if normalizePunctuation { text = Self.normalizePunctuation(text) }
        if keepingSpaces { return Line(text: Self.trimEnd(Substring(text)).description, isMarkdownHeading: heading) }
        return Line(text: cleanCells(text), isMarkdownHeading: heading)
    }

    // MARK: - Cells

    /// What a pipe table's separator row (`|---|:--|`) is made of.
    private static let ruleMarks: ScalarSet = "|-: "

    /// Cleans each cell of a table row in place, or the whole line when it is prose.
    func cleanCells(_ text: String) -> String {
        if text.utf8.contains(UInt8(ascii: "\t")) {
            let scan = CharacterScan(text)
            return scan.ranges(separatedBy: UInt8(ascii: "\t")).map { clean(scan.substring($0)) }.joined(separator: "\t")
        }
        let trimmed = text.trimming(.whitespaces)
        if PipeRow.matches(trimmed) {
            if trimmed.allSatisfy(Self.ruleMarks.contains) { return trimmed }
            var cells = trimmed.split(separator: "|", omittingEmptySubsequences: false).map { clean($0) }
            if cells.first == "" { cells.removeFirst() }
            if trimmed.hasSuffix("|"), cells.last == "" { cells.removeLast() }
            return "| " + cells.joined(separator: " | ") + " |"
        }
        if text.hasAlignedGap { return realign(Self.alignedSegments(text)) }
        return clean(Substring(trimmed))
    }

    /// A run of text and the column it starts at, in a line of space-aligned columns.
    typealias Segment = (start: Int, text: Substring)

    /// Splits a line at gaps of two or more spaces; one segment when there is no such gap.
    static func alignedSegments(_ text: String) -> [Segment] {
        var segments: [Segment] = []
        var column = 0, start: String.Index? = nil, startColumn = 0, spaces = 0
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == " " {
                spaces += 1
            } else {
                if start == nil || spaces >= 2 {
                    if let s = start { segments.append((startColumn, trimEnd(text[s..<index]))) }
                    start = index
                    startColumn = column
                }
                spaces = 0
            }
            column += 1
            index = text.index(after: index)
        }
        if let s = start { segments.append((startColumn, trimEnd(text[s...]))) }
        return segments
    }

    static func trimEnd(_ s: Substring) -> Substring {
        var end = s.endIndex
        while end > s.startIndex, s[s.index(before: end)] == " " { end = s.index(before: end) }
        return s[s.startIndex..<end]
    }

    /// Rebuilds a line of aligned columns from cleaned segments, each at its old column.
    private func realign(_ segments: [Segment]) -> String {
        var out = ""
        var width = 0
        for (start, text) in segments {
            let pad = out.isEmpty ? start : max(2, start - width)
            let cell = clean(text)
            out += String(repeating: " ", count: pad) + cell
            width += pad + cell.count
        }
        return out
    }

    private func clean(_ cell: Substring) -> String {
        let trimmed = cell.trimming(.whitespaces)
        return removeCJKSpaces ? Self.removeSpacesInsideCJK(trimmed) : trimmed
    }

    // MARK: - Spaces inside CJK runs

    /// Removes single spaces between two CJK characters. Numbers are never merged (`29 2 0`
    /// stays three numbers), and a row of space-separated CJK words of four or more characters
    /// each (`信息内容 本年制发件数 本年废止件数`) is taken as column headers and kept.
    static func removeSpacesInsideCJK(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: " ")), !isHeaderWordRow(text) else { return text }
        let scan = CharacterScan(text)
        let bytes = scan.bytes
        var out: [UInt8] = []
        var copied = 0
        // A space between two characters whose first scalars are CJK: neither is ASCII, so the
        // bytes on both sides of the space are not either.
        var p = 1
        while p + 1 < bytes.count {
            defer { p += 1 }
            guard bytes[p] == 0x20, bytes[p - 1] >= 0x80, bytes[p + 1] >= 0x80, scan.isSpace(at: p),
                  Script.isCJK(scalar: scan.scalar(at: p + 1).value),
                  Script.isCJK(scalar: scan.scalar(at: scan.characterStart(before: p)).value) else { continue }
            if out.isEmpty { out.reserveCapacity(bytes.count) }
            out.append(contentsOf: bytes[copied..<p])
            copied = p + 1
        }
        guard copied > 0 else { return text }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Two or more words of CJK only, four characters or more each, one space apart.
    static func isHeaderWordRow(_ text: String) -> Bool {
        guard !text.containsBytes(of: "  ") else { return false }
        // Read word by word: the first word that is too short or not all ideographs answers.
        var words = 0, length = 0
        for c in text {
            if c == " " {
                if length > 0 {
                    guard length >= 4 else { return false }
                    words += 1
                    length = 0
                }
            } else {
                guard CJK.isIdeograph(c) else { return false }
                length += 1
            }
        }
        if length > 0 {
            guard length >= 4 else { return false }
            words += 1
        }
        return words >= 2
    }

    // MARK: - Width forms

    /// Full-width digits and letters become ASCII; the ideographic and no-break spaces become
    /// spaces; zero-width characters go.
    static func foldWidth(_ text: String) -> String {
        var out: [UInt8] = []
        var copied = 0
        let folded: Bool = text.utf8.withContiguousStorageIfAvailable { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                // (bytes the scalar takes, what replaces it) for a scalar that folds.
                var fold: (length: Int, ascii: UInt8?)?
                switch b {
                case 0x0D: fold = (1, nil)
                case 0xC2 where bytes[i + 1] == 0xA0: fold = (2, 0x20)
                case 0xE2 where bytes[i + 1] == 0x80 && (0x8B...0x8D).contains(bytes[i + 2]): fold = (3, nil)
                case 0xE3 where bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80: fold = (3, 0x20)
                case 0xEF where bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF: fold = (3, nil)
                case 0xEF where bytes[i + 1] == 0xBC || bytes[i + 1] == 0xBD:
                    let v = 0xFF00 + (UInt32(bytes[i + 1]) - 0xBC) * 0x40 + (UInt32(bytes[i + 2]) & 0x3F)
                    switch v {
                    case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A, 0xFF0E, 0xFF0B, 0xFF0D, 0xFF05:
                        fold = (3, UInt8(v - 0xFEE0))
                    default: break
                    }
                default: break
                }
                if let (length, ascii) = fold {
                    if out.isEmpty { out.reserveCapacity(n) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<i]))
                    if let ascii { out.append(ascii) }
                    i += length
                    copied = i
                } else {
                    i += 1
                }
            }
            if copied > 0 { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...])) }
            return copied > 0
        } ?? false
        return folded ? String(decoding: out, as: UTF8.self) : text
    }

    // MARK: - Punctuation

    static let fullWidth: [Character: Character] = [",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"]

    /// The full-width form of a character that is one of `fullWidth`'s keys (`;` also written
    /// U+037E, which `Character` takes for it), by its one scalar.
    private static func wideForm(_ v: UInt32) -> [UInt8]? {
        switch v {
        case 0x2C: Array("，".utf8)
        case 0x3B, 0x37E: Array("；".utf8)
        case 0x3A: Array("：".utf8)
        case 0x3F: Array("？".utf8)
        case 0x21: Array("！".utf8)
        case 0x28: Array("（".utf8)
        case 0x29: Array("）".utf8)
        default: nil
        }
    }

    /// Half-width punctuation whose nearest non-space neighbour is CJK takes its full-width form,
    /// so `(三) 不予公开` and `（三）不予公开` read the same; `1,000` and `http://` are left alone.
    static func normalizePunctuation(_ text: String) -> String {
        guard text.utf8.contains(where: isHalfWidthPunctuation) else { return text }
        let scan = CharacterScan(text)
        let bytes = scan.bytes
        var out: [UInt8] = []
        var copied = 0
        var p = 0
        while p < bytes.count {
            // A mark that is a character of its own: one of the ASCII marks, or U+037E.
            let length = isHalfWidthPunctuation(bytes[p]) ? 1 : bytes[p] == 0xCD && p + 1 < bytes.count && bytes[p + 1] == 0xBE ? 2 : 0
            guard length > 0, scan.isBoundary(p), scan.isBoundary(p + length),
                  let wide = wideForm(scan.scalar(at: p).value) else { p += 1; continue }
            // The nearest characters that are not a lone space, before and after.
            var before = p
            while before > 0, bytes[before - 1] == 0x20, scan.isSpace(at: before - 1) { before -= 1 }
            var after = p + length
            while after < bytes.count, bytes[after] == 0x20, scan.isSpace(at: after) { after += 1 }
            let cjkBefore = before > 0 && Script.isCJK(scalar: scan.scalar(at: scan.characterStart(before: before)).value)
            let cjkAfter = after < bytes.count && Script.isCJK(scalar: scan.scalar(at: after).value)
            if cjkBefore || cjkAfter {
                if out.isEmpty { out.reserveCapacity(bytes.count + 64) }
                out.append(contentsOf: bytes[copied..<p])
                out.append(contentsOf: wide)
                copied = p + length
            }
            p += length
        }
        guard copied > 0 else { return text }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func isHalfWidthPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x2C, 0x3B, 0x3A, 0x3F, 0x21, 0x28, 0x29: true
        default: false
        }
    }

    // MARK: - Markdown residue

    /// Removes heading marks, emphasis, `<br>`, link syntax and quote marks; tells whether the
    /// line was a heading.
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
        if s.containsBytes(of: "**") { s = MarkdownResidue.removing("**", from: s) }
        if s.containsBytes(of: "__") { s = MarkdownResidue.removing("__", from: s) }
        if s.containsBytes(of: "<br") { s = MarkdownResidue.replacingBreaks(s) }
        if s.containsBytes(of: "<http") || s.containsBytes(of: "<mailto:") { s = MarkdownResidue.unwrappingAutolinks(s) }
        if s.containsBytes(of: "](") { s = MarkdownResidue.unwrappingLinks(s) }
        return (s, heading)
    }
}
