import Foundation

/// Repairs of grids that extraction damaged: header words set one character a line, and
/// row labels that wrapped onto a line (or a page) of their own.
enum RowRepair {
    /// Applies every repair, in order.
    static func repair(_ rows: [RawRow]) -> [RawRow] {
        mergeContinuations(mergeHeaderFragments(rows))
    }

    /// A row of text only whose cells are one or two characters each is the rest of vertically
    /// set headers (`结` / `果` / `维` / `持`): its cells are appended, column by column, to the
    /// text row above.
    static func mergeHeaderFragments(_ rows: [RawRow]) -> [RawRow] {
        var out: [RawRow] = []
        for row in rows {
            let filled = row.filter { !$0.text.isEmpty }
            if let previous = out.last, !filled.isEmpty, !CellText.hasNumber(previous), !CellText.hasNumber(row),
               filled.allSatisfy({ $0.text.count <= 2 }), previous.contains(where: { $0.text.count > 2 }) {
                out[out.count - 1] = appendColumnwise(filled, to: previous)
            } else {
                out.append(row)
            }
        }
        return out
    }

    /// A row of text only, whose text sits in the label columns of the number row above and
    /// does not open a new enumeration, is the wrapped end of that row's label (a label that
    /// ran over two lines or over a page break): it is appended to it.
    static func mergeContinuations(_ rows: [RawRow]) -> [RawRow] {
        var out: [RawRow] = []
        for row in rows {
            let filled = row.filter { !$0.text.isEmpty }
            if let previous = out.last, !filled.isEmpty, !CellText.hasNumber(row), CellText.hasNumber(previous),
               filled.allSatisfy({ cell in
                   !CellText.startsEnumeration(cell.text)
                       && previous.contains { $0.column == cell.column && !$0.text.isEmpty && !CellText.isNumber($0.text) }
               }) {
                out[out.count - 1] = appendColumnwise(filled, to: previous)
            } else {
                out.append(row)
            }
        }
        return out
    }

    /// Gives the label pieces printed on lines of their own back to their rows (space-aligned
    /// tables print a wrapped label centred on its row of numbers). Between two anchor rows —
    /// rows of numbers, or header rows of several cells — the pieces up to the last one that
    /// opens a new label (`3.`, `（二）`) end the row above; that one and those after it begin
    /// the row below. Pieces next to a header row stay rows of their own.
    static func attachFragments(_ rows: [RawRow]) -> [RawRow] {
        var out: [RawRow] = []
        var run: [RawRow] = []
        func settle(before next: RawRow?) -> RawRow? {
            let split = run.lastIndex(where: opensLabel) ?? run.count
            let (tail, head) = (run[..<split], run[split...])
            if let last = out.last, CellText.hasNumber(last) {
                out[out.count - 1] = addLabel(tail.map(text).joined(), to: last, before: false)
            } else {
                out += tail
            }
            run = []
            guard let next, CellText.hasNumber(next) else { out += head; return next }
            return addLabel(head.map(text).joined(), to: next, before: true)
        }
        for row in rows {
            if isAnchor(row) { out.append(settle(before: row)!) } else { run.append(row) }
        }
        _ = settle(before: nil)
        return out
    }

    /// A row of numbers, or a header row of at least two cells of two characters or more
    /// (one-character cells are the letters of a label set vertically).
    private static func isAnchor(_ row: RawRow) -> Bool {
        CellText.hasNumber(row) || row.filter { $0.text.count >= 2 }.count >= 2
    }

    /// Whether a piece opens a new label: some word of it starts an enumeration.
    private static func opensLabel(_ row: RawRow) -> Bool {
        row.contains { cell in cell.text.split(separator: " ").contains { CellText.startsEnumeration(String($0)) } }
    }

    /// The text of a piece, its cells joined by a space.
    private static func text(_ row: RawRow) -> String {
        row.map(\.text).filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Adds label text to a row of numbers: to its last text cell left of the numbers, or as
    /// a new first cell.
    static func addLabel(_ label: String, to row: RawRow, before: Bool) -> RawRow {
        guard !label.isEmpty, let first = row.first(where: { CellText.isNumber($0.text) }) else { return row }
        var merged = row
        if let i = merged.lastIndex(where: { $0.column < first.column && !$0.text.isEmpty && !CellText.isNumber($0.text) }) {
            merged[i].text = before ? label + merged[i].text : merged[i].text + label
        } else {
            merged.insert(RawCell(text: label, column: max(0, first.column - 1), line: first.line), at: 0)
        }
        return merged
    }

    /// Appends each cell's text to the cell of the same column in `row` (adding it if absent).
    static func appendColumnwise(_ cells: [RawCell], to row: RawRow) -> RawRow {
        var merged = row
        for cell in cells {
            if let i = merged.firstIndex(where: { $0.column == cell.column }) {
                merged[i].text += cell.text
            } else {
                merged.append(cell)
            }
        }
        return merged.sorted { $0.column < $1.column }
    }
}
