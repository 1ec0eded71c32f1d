import Foundation
import IngestKit

/// Table recovery from the glyph boxes of a PDF's pages, for the tables whose structure text
/// layouts lose: table 二 (sub-tables with their own header rows, a header and its rows on
/// different pages), table 三 (applications, with merged and vertical row labels, labels wrapped
/// over several lines, and page breaks inside a group) and table 四 (review and litigation, with
/// a three-level header).
///
/// Each part of a table (one per page it covers) becomes a `Table` with layout `geometry`:
/// header rows first (cells over the number columns, spanning ones with their `columnSpan`),
/// then one row per printed row of numbers, with header rows printed between them kept in
/// place (their text left of the numbers in column 1). A data row's cells are: column 0, the labels of the
/// merged cells covering it, outermost first, joined by " / " (empty when none); column 1, its
/// own label (empty when none); columns 2…, its numbers, one column per number column of the
/// table, left out where the row prints nothing there. Every cell carries its page and box.
public enum GeometryTables {
    /// The kind of `Table.layout` this recovery produces.
    public static let layout = "geometry"

    /// Tables recovered from the pages' geometry; empty when the pages carry no glyph boxes.
    public static func tables(in pages: [Page]) -> [Table] {
        var tables: [Table] = []
        for region in TableRegions.regions(in: pages) {
            for part in region.parts {
                guard let page = pages.first(where: { $0.number == part.page }) else { continue }
                let words = PageWords.words(of: page).filter { word in
                    word.box.midY > part.top && word.box.midY < part.bottom && !isPageNumber(word, on: page)
                }
                guard let grid = GridBuilder(words: words).build() else { continue }
                tables.append(table(from: grid, heading: region.heading))
            }
        }
        return tables
    }

    static func table(from grid: Grid, heading: String) -> Table {
        var rows: [[Cell]] = []
        for spanning in grid.spanningHeaders {
            let r = rows.count
            rows.append(spanning.map { Cell(text: $0.text, row: r, column: 2 + $0.column, columnSpan: $0.span, page: $0.page, box: $0.box) })
        }
        if !grid.leafHeaders.isEmpty {
            let r = rows.count
            rows.append(grid.leafHeaders.map { Cell(text: $0.text, row: r, column: 2 + $0.column, page: $0.page, box: $0.box) })
        }
        var inner = grid.innerHeaders[...]
        for data in grid.rows {
            while let header = inner.first, header.y < data.y {
                let r = rows.count
                var cells = header.cells.map { Cell(text: $0.text, row: r, column: 2 + $0.column, columnSpan: $0.span, page: $0.page, box: $0.box) }
                if let label = header.label { cells.insert(Cell(text: label.text, row: r, column: 1, page: label.page, box: label.box), at: 0) }
                rows.append(cells)
                inner = inner.dropFirst()
            }
            let r = rows.count
            var cells: [Cell] = []
            if !data.groups.isEmpty {
                let box = data.groups.dropFirst().reduce(data.groups[0].box) { $0.union($1.box) }
                cells.append(Cell(text: data.groups.map(\.text).joined(separator: " / "), row: r, column: 0,
                                  page: data.groups[0].page, box: box))
            }
            if let label = data.label {
                cells.append(Cell(text: label.text, row: r, column: 1, page: label.page, box: label.box))
            }
            for (c, number) in data.numbers.enumerated() {
                if let number {
                    cells.append(Cell(text: number.text, row: r, column: 2 + c, page: number.page, box: number.box))
                }
            }
            rows.append(cells)
        }
        return Table(layout: layout, heading: heading, rows: rows)
    }

    /// A page number or running footer (`-3-`, `— 3 —`, `第 3 页`, a bare number centred in the
    /// bottom margin), which must not become a row of numbers.
    static func isPageNumber(_ word: PageWord, on page: Page) -> Bool {
        // Each kind opens with a dash, `第` or a digit: the words of a table's labels are passed
        // over on their first character.
        if let first = word.text.first(where: { !$0.isWhitespace }), !dashes.contains(first), first != "第", !first.isNumber {
            return false
        }
        let text = word.text.filter { !$0.isWhitespace }
        var core = Substring(text)
        var leading = 0, trailing = 0
        while let first = core.first, dashes.contains(first) { core = core.dropFirst(); leading += 1 }
        while let last = core.last, dashes.contains(last) { core = core.dropLast(); trailing += 1 }
        if leading > 0, trailing > 0, !core.isEmpty, core.allSatisfy(\.isNumber) { return true }
        if text.hasPrefix("第"), text.contains("页") { return true }
        if let height = page.height, let width = page.width, text.allSatisfy(\.isNumber), text.count <= 3 {
            return word.box.midY > height * 0.88 && abs(word.box.midX - width / 2) < width * 0.1
        }
        return false
    }

    /// The dashes around a page number (`-3-`, `— 3 —`).
    private static let dashes: ScalarSet = ["-", "—", "–", "－", "─"]
}
