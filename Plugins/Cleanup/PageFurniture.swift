import Foundation
import IngestKit

/// What a printed page repeats around its text: page numbers (`-1-`, `第 1 页`, `1/12`) and
/// running headers and footers (the same line at the top or bottom of many pages).
enum PageFurniture {
    /// Whether a whole line is a page number in one of the forms printers use.
    static func isPageNumber(_ line: String) -> Bool {
        let slice = line.trimmedSlice(.whitespaces)
        guard !slice.isEmpty, !slice.isLonger(than: 24) else { return false }
        // Every form prints digits and at least one mark besides them: a table's line of
        // numbers (`12 0 0 0 0 0 12`) is passed over before the patterns are tried.
        var digits = false, marks = false
        for c in slice {
            if c.isASCII && c.isNumber { digits = true } else if furniture.contains(c) { marks = true } else if !c.isWhitespace { return false }
        }
        guard digits, marks else { return false }
        let s = String(slice)
        return s.wholeMatch(of: FurniturePatterns.dashed) != nil
            || s.wholeMatch(of: FurniturePatterns.pageOf) != nil
            || s.wholeMatch(of: FurniturePatterns.ofPage) != nil
            || s.wholeMatch(of: FurniturePatterns.fraction) != nil
            || s.wholeMatch(of: FurniturePatterns.english) != nil
    }

    /// The lines that print a bare number (`3`) set apart by blank lines between two rows of a
    /// delimited table (pipes or tabs): a page break inside the table. A cell of such a table
    /// is always inside a delimited row, so the number is the page's, not the table's.
    static func bareNumbersBetweenRows(_ lines: [String]) -> Set<Int> {
        func isRow(_ line: String) -> Bool { PipeRow.matches(line) || line.utf8.contains(UInt8(ascii: "\t")) }
        func isBlank(_ line: String) -> Bool { line.allSatisfy(\.isWhitespace) }
        var out: Set<Int> = []
        for (i, line) in lines.enumerated() {
            let s = line.trimmedSlice(.whitespaces)
            guard !s.isEmpty, s.count <= 4, s.allSatisfy({ $0.isASCII && $0.isNumber }),
                  i > 0, i + 1 < lines.count, isBlank(lines[i - 1]), isBlank(lines[i + 1]),
                  let before = lines[..<i].lastIndex(where: { !isBlank($0) }), isRow(lines[before]),
                  let after = lines[(i + 1)...].firstIndex(where: { !isBlank($0) }), isRow(lines[after]) else { continue }
            out.insert(i)
        }
        return out
    }

    /// Every character the page-number forms print besides digits and whitespace (a line with
    /// any other is passed over before the patterns are tried).
    private static let furniture = Set("-—–－第页共,，/／PAGEOFpageof")

    /// Lines that open or close at least `minimumPages` pages with the same text (digits
    /// ignored, so `第 3 页` and `第 4 页` count as one line): running headers and footers.
    /// Returns nothing for documents of fewer pages than that.
    static func runningLines(in pages: [Page], minimumPages: Int) -> Set<LineRef> {
        guard pages.count >= minimumPages else { return [] }
        var positions: [String: [LineRef]] = [:]
        for page in pages {
            let filled = { (i: Int) in !page.lines[i].text.allSatisfy(\.isWhitespace) }
            for index in Set([page.lines.indices.first(where: filled), page.lines.indices.last(where: filled)].compactMap { $0 }) {
                let key = shape(page.lines[index].text)
                positions[key, default: []].append(LineRef(page: page.number, line: index))
            }
        }
        let threshold = max(minimumPages, pages.count / 2)
        return Set(positions.values.filter { refs in Set(refs.map(\.page)).count >= threshold }.joined())
    }

    /// The line with spaces removed and every digit run replaced by `#`.
    static func shape(_ text: String) -> String {
        var out = ""
        var inDigits = false
        // Whitespace goes first: what was on either side of it can join into one character.
        for c in text.filter({ !$0.isWhitespace }) {
            let digit = c.isASCII && c.isNumber
            if !digit { out.append(c) } else if !inDigits { out.append("#") }
            inDigits = digit
        }
        return out
    }
}

/// Compiled once: a regex literal is parsed again each time it is evaluated.
private enum FurniturePatterns {
    nonisolated(unsafe) static let dashed: Regex<Substring> = /[-—–－]\s*[0-9]{1,4}\s*[-—–－]/
    nonisolated(unsafe) static let pageOf: Regex<(Substring, Substring?)> = /第\s*[0-9]{1,4}\s*页(\s*[,，\/／]?\s*共\s*[0-9]{1,4}\s*页)?/
    nonisolated(unsafe) static let ofPage: Regex<Substring> = /共\s*[0-9]{1,4}\s*页\s*第\s*[0-9]{1,4}\s*页/
    nonisolated(unsafe) static let fraction: Regex<Substring> = /[0-9]{1,4}\s*\/\s*[0-9]{1,4}/
    nonisolated(unsafe) static let english: Regex<(Substring, Substring?)> = /(?i)page\s*[0-9]{1,4}(\s*of\s*[0-9]{1,4})?/
}
