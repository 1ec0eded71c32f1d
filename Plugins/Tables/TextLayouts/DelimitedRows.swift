import IngestKit
import Foundation

/// Tables whose cells are delimited in the text: markdown pipe tables and tab-separated rows.
///
/// A pipe table whose first row is empty (`| | | |` then `|---|`) continues the pipe table
/// just above it: that is how a converter prints a table that ran over a page break. Tab rows
/// continue across up to `maxBlankGap` blank lines (a page break inside a table).
struct DelimitedRows: Sendable {
    var maxBlankGap: Int

    /// Pipe tables in the lines, skipping claimed lines.
    func markdownTables(_ lines: [String], claimed: Set<Int>) -> [RawTable] {
        var tables: [RawTable] = []
        var i = 0
        while i < lines.count {
            guard !claimed.contains(i), PipeRow.matches(lines[i]) else { i += 1; continue }
            var end = i
            while end < lines.count, !claimed.contains(end), PipeRow.matches(lines[end]) { end += 1 }
            let rows = (i..<end).filter { !Self.isSeparator(lines[$0]) }.map { Self.pipeCells(lines[$0], line: $0) }
            if let last = tables.last, rows.first?.allSatisfy({ $0.text.isEmpty }) == true,
               blankGap(lines, from: last.endLine, to: i) {
                tables[tables.count - 1].rows += rows.dropFirst()
                tables[tables.count - 1].endLine = end
            } else {
                tables.append(RawTable(layout: "markdown", firstLine: i, endLine: end, rows: rows))
            }
            i = end
        }
        return tables
    }

    /// Tab-separated tables in the lines, skipping claimed lines.
    func tabTables(_ lines: [String], claimed: Set<Int>) -> [RawTable] {
        var tables: [RawTable] = []
        var i = 0
        while i < lines.count {
            guard !claimed.contains(i), lines[i].utf8.contains(UInt8(ascii: "\t")) else { i += 1; continue }
            var rows: [RawRow] = []
            var end = i
            var next = i
            while next < lines.count, !claimed.contains(next), lines[next].utf8.contains(UInt8(ascii: "\t")) {
                let scan = CharacterScan(lines[next])
                rows.append(scan.ranges(separatedBy: UInt8(ascii: "\t")).enumerated().map {
                    RawCell(text: scan.substring($0.element).trimming(.whitespaces), column: $0.offset, line: next)
                })
                end = next + 1
                next = end
                while next < lines.count, lines[next].allSatisfy(\.isWhitespace), next - end < maxBlankGap { next += 1 }
            }
            tables.append(RawTable(layout: "tsv", firstLine: i, endLine: end, rows: rows))
            i = end
        }
        return tables
    }

    private func blankGap(_ lines: [String], from start: Int, to end: Int) -> Bool {
        end - start <= maxBlankGap + 1 && (start..<end).allSatisfy { lines[$0].allSatisfy(\.isWhitespace) }
    }

    /// What a pipe table's separator row is made of.
    private static let ruleMarks: ScalarSet = "|-: \t"

    static func isSeparator(_ line: String) -> Bool {
        line.contains("-") && line.allSatisfy(Self.ruleMarks.contains)
    }

    /// The cells of a pipe row, columns counted from the first cell after the opening pipe.
    static func pipeCells(_ line: String, line index: Int) -> RawRow {
        var body = Substring(line.trimming(.whitespaces))
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|") { body = body.dropLast() }
        return body.split(separator: "|", omittingEmptySubsequences: false).enumerated().map {
            RawCell(text: $0.element.trimming(.whitespaces), column: $0.offset, line: index)
        }
    }
}
