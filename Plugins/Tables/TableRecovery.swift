import IngestKit
import TableGeometry

/// `tables`: recovers tables into `document.tables` as grids of cells with spans, rows and
/// columns.
///
/// From the cleaned text it reads markdown pipe tables (merged cells that spilled into their
/// neighbours are kept where the text put them; a table continued after a page break is
/// joined to the part above), tab-separated rows, space-aligned columns (`pdftotext -layout`),
/// and tables printed one cell or one row per line. Rows whose label wrapped onto the next
/// line (or page), rows whose numbers broke over two lines, and headers set one character a
/// line are put back together. Each cell keeps the cleaned line it came from, for provenance.
/// From a PDF's glyph boxes it also reads tables 三 and 四, whose wrapped and merged labels and
/// multi-level headers text layouts lose (layout `geometry`, every cell with its page and box);
/// the schema prefers those over the same tables read from the text.
/// Tables already in the document (read by an earlier stage) are kept. Tables that
/// `extract.html` read from markup (layout `html`) are the reading of their rows: their cells'
/// extracted lines are mapped to the cleaned lines, and those lines are not read again.
public struct TableRecovery: Stage {
    /// The name pipeline.json uses.
    public static let name = "tables"
    /// One line for `ingest stages`.
    public static let summary = "Recovers table grids from text layouts (markdown, tab-separated, aligned columns, cell per line)."
    /// The options this stage accepts, with defaults.
    public static let options = [
        OptionSpec("layouts", .stringList, default: .array(TextTableRecovery.layouts.map(JSONValue.string)),
                   "text layouts to read: markdown, tsv, columns, cell-per-line"),
        OptionSpec("min_rows", .integer, default: 2, "fewest rows a table must have"),
        OptionSpec("max_blank_gap", .integer, default: 1, "blank lines a table may span (a page break inside a table)"),
        OptionSpec("max_label_width", .number, default: 40, "widest row label (in ideographs) in the cell-per-line layout"),
        OptionSpec("geometry", .boolean, default: true, "also read tables 三 and 四 from the glyph boxes of PDF pages"),
    ]

    let reader: TextTableRecovery
    let geometry: Bool

    /// Reads the validated options; throws, naming the option, for unusable values.
    public init(options: StageOptions) throws {
        let layouts = options.strings("layouts") ?? TextTableRecovery.layouts
        if let unknown = layouts.first(where: { !TextTableRecovery.layouts.contains($0) }) {
            throw options.invalid("layouts", "unknown layout '\(unknown)' (known: \(TextTableRecovery.layouts.joined(separator: ", ")))")
        }
        let minRows = options.int("min_rows") ?? 2
        guard minRows >= 1 else { throw options.invalid("min_rows", "must be at least 1, not \(minRows)") }
        let gap = options.int("max_blank_gap") ?? 1
        guard gap >= 0 else { throw options.invalid("max_blank_gap", "must not be negative, not \(gap)") }
        let width = options.double("max_label_width") ?? 40
        guard width > 0 else { throw options.invalid("max_label_width", "must be positive, not \(width)") }
        reader = TextTableRecovery(layouts: layouts, minRows: minRows, maxBlankGap: gap, maxLabelWidth: width)
        geometry = options.bool("geometry") ?? true
    }

    /// Enriches one document; throws when an earlier stage it needs did not run.
    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        guard let text = document.text else {
            throw StageError("the document has no cleaned text; put cleanup before tables")
        }
        var out = document
        let claimed = Self.placeMarkupTables(&out.tables, in: text)
        out.tables += reader.tables(in: text, claimed: claimed)
        if geometry { out.tables += GeometryTables.tables(in: document.pages) }
        return out
    }

    /// Maps the cells of tables read from markup (layout `html`, each cell citing the extracted
    /// line its row was written to, by `page` and `line`) to the cleaned lines those became, sets
    /// the tables' line range, and returns the cleaned lines they cover.
    static func placeMarkupTables(_ tables: inout [Table], in text: CleanText) -> Set<Int> {
        var cleaned: [LineRef: Int] = [:]
        for (index, line) in text.lines.enumerated() {
            for origin in line.origin where cleaned[origin] == nil { cleaned[origin] = index }
        }
        var claimed = Set<Int>()
        for t in tables.indices where tables[t].layout == "html" {
            var covered: [Int] = []
            for r in tables[t].rows.indices {
                for c in tables[t].rows[r].indices {
                    let cell = tables[t].rows[r][c]
                    guard let page = cell.page, let line = cell.line, cell.box == nil,
                          let index = cleaned[LineRef(page: page, line: line)] else { continue }
                    tables[t].rows[r][c].page = nil
                    tables[t].rows[r][c].line = index
                    covered.append(index)
                }
            }
            guard let first = covered.min(), let last = covered.max() else { continue }
            tables[t].firstLine = first
            tables[t].endLine = last + 1
            claimed.formUnion(first...last)
        }
        return claimed
    }
}
