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
