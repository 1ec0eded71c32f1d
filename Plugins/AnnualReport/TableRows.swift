import IngestKit

/// A table row as the record mappers read it: cells in column order, the numbers among
/// them, its innermost label, and the report section it falls in.
struct TableRow: Sendable {
    let cells: [Cell]
    /// Index of the table in `document.tables`.
    let table: Int
    let section: Section?
    /// Cells that print a number.
    let numbers: [Cell]
    /// Cells that print text.
    let texts: [Cell]
    /// The cells of the row's numbers in order: a cell that prints a number, and one for each
    /// mark of a number a stage could not read (`PrintedNumber.unreadable`; a cell the tables
    /// stage merged across columns holds several, `⍰ / ⍰`), each standing in a column of its own.
    let places: [Cell]

    init(cells: [Cell], table: Int, section: Section?) {
        // A cell of one look-alike character (`O`, `l`) beside a number is a digit OCR
        // misprinted, read as the section's tokens read it; as text it would shift the cells
        // after it into the wrong columns. (A lone `|` may as well be a ruling line: the token
        // reading weighs both; here it stays text.)
        let cells = cells.enumerated().map { i, cell in
            guard cell.text.count == 1, cell.text != "|", LabelText.number(cell.text) == nil,
                  [i - 1, i + 1].contains(where: { cells.indices.contains($0) && LabelText.number(cells[$0].text) != nil }),
                  let digit = SectionTokens.numberDigits(Substring(cell.text), previousIsNumber: true) else { return cell }
            var read = cell
            read.text = digit
            return read
        }
        self.cells = cells
        self.table = table
        self.section = section
        let printsNumber = cells.map { LabelText.number($0.text) != nil }
        numbers = zip(cells, printsNumber).filter(\.1).map(\.0)
        // A cell a stage could not read (`PrintedNumber.unreadable`) is neither label nor number,
        // but it holds its place among the numbers.
        texts = zip(cells, printsNumber).filter { !$1 && !$0.text.contains(PrintedNumber.unreadable) }.map(\.0)
        places = zip(cells, printsNumber).flatMap { cell, number -> [Cell] in
            if number { return [cell] }
            var mark = cell
            mark.text = String(PrintedNumber.unreadable)
            return Array(repeating: mark, count: cell.text.filter { $0 == PrintedNumber.unreadable }.count)
        }
    }

    /// The innermost label: the last text cell left of the first number (parent labels of
    /// merged cells sit further left), or the last text cell of a row without numbers.
    var leaf: Cell? {
        guard let first = numbers.first else { return texts.last }
        return texts.last { $0.column < first.column } ?? texts.last
    }

    /// Every row of every table, in reading order, each placed in its section by the line
    /// its first cell came from, or else by the table's heading.
    static func rows(of tables: [Table], outline: ReportOutline) -> [TableRow] {
        tables.enumerated().flatMap { index, table in
            // The heading is the table's, named once (its rows all share it).
            let named = table.heading.flatMap { outline.section(ofHeading: $0) }
            return table.rows.map { cells in
                let sorted = cells.sorted { $0.column < $1.column }
                let line = sorted.compactMap(\.line).first ?? table.firstLine
                let section = line.flatMap { outline.section(ofLine: $0) } ?? named
                return TableRow(cells: sorted, table: index, section: section)
            }
        }
    }
}

/// What the mappers learn beside the values: issues to report and where values came from.
struct Findings: Sendable {
    var issues: [(severity: Issue.Severity, message: String)] = []
    var provenance: [String: Provenance] = [:]

    mutating func note(_ severity: Issue.Severity, _ message: String) {
        issues.append((severity, message))
    }

    /// Takes what another reading found (the reading that was kept).
    mutating func absorb(_ other: Findings) {
        issues += other.issues
        provenance.merge(other.provenance) { _, new in new }
    }

    /// Records that the value at `path` was read from `cell`.
    mutating func cite(_ path: String, _ cell: Cell) {
        provenance[path] = Provenance(page: cell.page, box: cell.box, text: cell.text, line: cell.line)
    }
}

/// A value read from a cell, with the cell (nil when the value was inferred).
struct CellValue: Sendable {
    var number: Double
    var cell: Cell?
}
