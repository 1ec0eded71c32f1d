import IngestKit

/// Finds tables in cleaned text, in every text layout it is asked to read.
///
/// Layouts claim lines in order — markdown pipes, tab-separated rows, space-aligned columns,
/// then cell-per-line — so a line belongs to one table at most. Every grid then gets the same
/// repairs (`RowRepair`) and the nearest line above it as its heading.
struct TextTableRecovery: Sendable {
    /// The text layouts this reader knows, by the name a `Table.layout` carries.
    static let layouts = ["markdown", "tsv", "columns", "cell-per-line"]

    var layouts: [String] = TextTableRecovery.layouts
    var minRows = 2
    var maxBlankGap = 1
    var maxLabelWidth = 40.0

    /// The tables of the text, in reading order, leaving out lines already `claimed` (rows of
    /// tables an extractor read from markup).
    func tables(in text: CleanText, claimed alreadyClaimed: Set<Int> = []) -> [Table] {
        let lines = text.lines.map(\.text)
        var claimed = alreadyClaimed
        var found: [RawTable] = []
        for layout in Self.layouts where layouts.contains(layout) {
            let tables = read(layout, lines, claimed: claimed).filter { $0.rows.count >= minRows }
            for table in tables { claimed.formUnion(table.firstLine..<table.endLine) }
            found += tables
        }
        return found.sorted { $0.firstLine < $1.firstLine }.map { raw in
            var repaired = raw
            repaired.rows = RowRepair.repair(raw.rows)
            return repaired.table(heading: heading(above: raw.firstLine, in: lines))
        }
    }

    private func read(_ layout: String, _ lines: [String], claimed: Set<Int>) -> [RawTable] {
        let delimited = DelimitedRows(maxBlankGap: maxBlankGap)
        switch layout {
        case "markdown": return delimited.markdownTables(lines, claimed: claimed)
        case "tsv": return delimited.tabTables(lines, claimed: claimed)
        case "columns": return AlignedColumns(maxBlankGap: maxBlankGap, minRows: minRows).tables(lines, claimed: claimed)
        default: return CellPerLine(minRows: minRows, maxLabelWidth: maxLabelWidth).tables(lines, claimed: claimed)
        }
    }

    /// The nearest non-blank line above a table, when it is short enough to be a caption.
    private func heading(above line: Int, in lines: [String]) -> String? {
        guard let index = lines[..<line].lastIndex(where: { text in
            !text.allSatisfy(\.isWhitespace) && !PipeRow.matches(text) && !text.contains("\t")
        }) else { return nil }
        let text = lines[index]
        return text.isLonger(than: 60) ? nil : text
    }
}
