import Foundation
import IngestKit

/// A cell as a text-layout reader first finds it: its text, grid column and cleaned line.
struct RawCell: Equatable, Sendable {
    var text: String
    var column: Int
    var line: Int
}

/// A row of raw cells, in column order.
typealias RawRow = [RawCell]

/// A table block found in the cleaned text, before it becomes a `Table`.
struct RawTable: Sendable {
    var layout: String
    var firstLine: Int
    var endLine: Int
    var rows: [RawRow]
}

/// What a cell holds, read the same way by every text layout.
enum CellText {
    /// A whole-cell number: `12`, `-66`, `+ 54`, `3.5`, `1,626`, `12%`.
    static func isNumber(_ text: some StringProtocol) -> Bool { PrintedNumber.isNumber(text) }

    /// Whether a row holds at least one number cell.
    static func hasNumber(_ row: RawRow) -> Bool { row.contains { isNumber($0.text) } }

    /// What an enumeration other than `第…` or `2.` opens with.
    private static let labelOpeners: ScalarSet = "（(一二三四五六七八九十"

    /// Text that opens with an enumeration (`第二十条`, `（五）`, `三、`, `2.`): the start of a
    /// new label, never the tail of the one above.
    static func startsEnumeration(_ text: String) -> Bool {
        guard let first = text.first, first == "第" || Self.labelOpeners.contains(first) || first.isASCII && first.isNumber else { return false }
        return text.prefixMatch(of: GridPatterns.enumeration) != nil
    }
}

extension RawTable {
    /// The engine's table: empty cells dropped, rows renumbered, the heading attached.
    func table(heading: String?) -> Table {
        let rows = rows.filter { row in row.contains { !$0.text.isEmpty } }
        return Table(layout: layout, heading: heading, firstLine: firstLine, endLine: endLine,
                     rows: rows.enumerated().map { r, row in
                         row.filter { !$0.text.isEmpty }.map { Cell(text: $0.text, row: r, column: $0.column, line: $0.line) }
                     })
    }
}

/// Compiled once: a regex literal is parsed again each time it is evaluated.
private enum GridPatterns {
    nonisolated(unsafe) static let enumeration: Regex<Substring> = /第[一二三四五六七八九十0-9]+|[（(][一二三四五六七八九十0-9]+[）)]|[一二三四五六七八九十]+、|[0-9]+[.、．]/
}
