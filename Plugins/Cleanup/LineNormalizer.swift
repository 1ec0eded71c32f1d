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

    /// Cleans each cell of a table row in place, or the whole line when it is prose.
    func cleanCells(_ text: String) -> String {
        if text.contains("\t") {
            return text.split(separator: "\t", omittingEmptySubsequences: false)
                .map { clean($0) }.joined(separator: "\t")
        }
        let trimmed = text.trimming(.whitespaces)
        if PipeRow.matches(trimmed) {
            if trimmed.allSatisfy({ "|-: ".contains($0) }) { return trimmed }
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
        var out = ""
        out.reserveCapacity(text.utf8.count)
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

    /// Two or more words of CJK only, four characters or more each, one space apart.
    static func isHeaderWordRow(_ text: String) -> Bool {
        guard !text.containsBytes(of: "  ") else { return false }
        let words = text.split(separator: " ")
        return words.count >= 2 && words.allSatisfy { $0.count >= 4 && $0.allSatisfy(Script.isIdeograph) }
    }

    // MARK: - Width forms

    /// Full-width digits and letters become ASCII; the ideographic and no-break spaces become
    /// spaces; zero-width characters go.
    static func foldWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsFolding) else { return text }
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

    private static func needsFolding(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A, 0xFF0E, 0xFF0B, 0xFF0D, 0xFF05, 0x3000, 0x00A0,
             0x200B, 0x200C, 0x200D, 0xFEFF, 0x0D: true
        default: false
        }
    }

    // MARK: - Punctuation

    static let fullWidth: [Character: Character] = [",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"]
    private static let halfWidthBytes = Set(",;:?!()".utf8)

    /// Half-width punctuation whose nearest non-space neighbour is CJK takes its full-width form,
    /// so `(三) 不予公开` and `（三）不予公开` read the same; `1,000` and `http://` are left alone.
    static func normalizePunctuation(_ text: String) -> String {
        guard text.utf8.contains(where: { halfWidthBytes.contains($0) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
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
        if s.containsBytes(of: "**") { s = s.replacing("**", with: "") }
        if s.containsBytes(of: "__") { s = s.replacing("__", with: "") }
        if s.containsBytes(of: "<br") { s = s.replacing(/<br\s*\/?>/, with: " ") }
        if s.containsBytes(of: "<http") || s.containsBytes(of: "<mailto:") {
            s = s.replacing(/<((?:https?|mailto):[^>\s]+)>/) { String($0.output.1) }
        }
        if s.containsBytes(of: "](") { s = s.replacing(/\[([^\]]*)\]\([^)]*\)/) { String($0.output.1) } }
        return (s, heading)
    }
}
