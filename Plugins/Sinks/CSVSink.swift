import Foundation
import IngestKit

/// `sink.csv`: the records as two CSV files for spreadsheets, upserted by document id.
///
/// - The long table (`OUT/tables.csv`): one line per table cell,
///   `document_id,table,row,column,value`, for tables 二, 三 and 四 (`active_disclosure`,
///   `applications`, `review_litigation`); an empty value is a cell the document does not show.
/// - The wide table (`OUT/reports.csv`): one line per document with its identity, the report's
///   title, agency, year and format, the `total` column of every row of table 三, the totals of
///   table 四, the rules whose checks failed and the number of issues.
///
/// Both follow RFC 4180 (CRLF line ends, quoting where needed); with `bom` they start with a
/// UTF-8 byte order mark so that Excel reads the Chinese text correctly. Like `sink.jsonl`, a
/// document written again replaces its lines, and the files end up in source order.
public actor CSVSink: Sink {
    public static let name = "sink.csv"
    public static let summary = "Writes the records as CSV: a long table of every cell (OUT/tables.csv) and a wide one of key totals per document (OUT/reports.csv)."
    public static let options = [
        OptionSpec("long_file", .string, default: "tables.csv", "the long table (one line per table cell): file name inside the output folder, or an absolute path"),
        OptionSpec("wide_file", .string, default: "reports.csv", "the wide table (one line per document): file name inside the output folder, or an absolute path"),
        OptionSpec("bom", .boolean, default: false, "start the files with a UTF-8 byte order mark, so that Excel opens the Chinese text correctly"),
    ]

    /// The long table's columns.
    public static let longHeader = ["document_id", "table", "row", "column", "value"]

    /// The wide table's columns.
    public static let wideHeader = ["document_id", "source", "title", "agency", "year", "format"]
        + RecordRows.applicationRows.map { "applications.\($0).total" }
        + RecordRows.reviewGroups.map { "review_litigation.\($0).total" }
        + ["checks_failed", "issues"]

    let longName: String
    let wideName: String
    let byteOrderMark: Bool
    private var long: UpsertFile?
    private var wide: UpsertFile?

    /// Reads the file names and the byte order mark option; opens nothing.
    public init(options: StageOptions) throws {
        longName = try OutputFile.name("long_file", in: options, default: "tables.csv")
        wideName = try OutputFile.name("wide_file", in: options, default: "reports.csv")
        byteOrderMark = options.bool("bom") ?? false
        guard longName != wideName else { throw options.invalid("wide_file", "must differ from long_file") }
    }

    /// Both files' paths.
    public nonisolated func destination(in context: StageContext) -> String {
        OutputFile.url(longName, in: context).path + "|" + OutputFile.url(wideName, in: context).path
    }

    /// Reads what earlier runs left in both files, so that re-runs replace rather than repeat;
    /// a second call finds them read.
    public func open(in context: StageContext) async throws {
        guard long == nil else { return }
        let wideURL = OutputFile.url(wideName, in: context)
        try FileManager.default.createDirectory(at: wideURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        var wide = UpsertFile(url: wideURL, header: header(Self.wideHeader))
        let sources = load(into: &wide, columns: Self.wideHeader) { $0[1] }
        var long = UpsertFile(url: OutputFile.url(longName, in: context), header: header(Self.longHeader))
        _ = load(into: &long, columns: Self.longHeader) { sources[$0[0]] ?? "" }
        self.wide = wide
        self.long = long
    }

    /// Takes the document's lines of both tables, replacing any it had.
    public func write(_ document: Document) async throws {
        let rows = try RecordRows(record: document.outputRecord)
        try long?.put(id: rows.documentID, source: rows.source, chunk: Self.encode(Self.longRows(rows)))
        // A document that is not an annual report has no line in the table of reports.
        try wide?.put(id: rows.documentID, source: rows.source,
                  chunk: rows.notAnnualReportReason == nil ? Self.encode([Self.wideRow(rows)]) : Data())
    }

    /// Makes both files durable (append, or rewrite and rename).
    public func commit() async throws {
        try long?.commit()
        try wide?.commit()
    }

    /// Leaves both files in source order.
    public func close() async throws {
        try long?.close()
        try wide?.close()
    }

    // MARK: - Rows

    /// One line per table cell: (document, table, row, column, value).
    static func longRows(_ rows: RecordRows) -> [[String]] {
        let cells: [(table: String, row: Int, column: Int, value: Int)] = [
            ("active_disclosure", 1, 2, 3), ("applications", 1, 2, 5), ("review_litigation", 1, 2, 3),
        ]
        return cells.flatMap { table in
            (rows.rows[table.table] ?? []).map { row in
                [rows.documentID, table.table, CSVFormat.cell(row[table.row]), CSVFormat.cell(row[table.column]),
                 CSVFormat.cell(row[table.value])]
            }
        }
    }

    /// The document's line of the wide table.
    static func wideRow(_ rows: RecordRows) -> [String] {
        let report = rows.rows["reports"]?.first ?? []
        func totals(_ table: String, _ keys: [String], key: Int, column: Int, value: Int) -> [String] {
            let byKey = Dictionary((rows.rows[table] ?? []).filter { $0[column] == "total" }.map { ($0[key].stringValue ?? "", $0[value]) },
                                   uniquingKeysWith: { first, _ in first })
            return keys.map { CSVFormat.cell(byKey[$0] ?? .null) }
        }
        let failed = (rows.rows["checks"] ?? []).filter { $0[3] == .bool(false) }.map { CSVFormat.cell($0[2]) }
        return [rows.documentID, rows.source] + (1...4).map { CSVFormat.cell(report.indices.contains($0) ? report[$0] : .null) }
            + totals("applications", RecordRows.applicationRows, key: 1, column: 2, value: 5)
            + totals("review_litigation", RecordRows.reviewGroups, key: 1, column: 2, value: 3)
            + [failed.joined(separator: "; "), String(rows.rows["issues"]?.count ?? 0)]
    }

    // MARK: - Files

    private func header(_ columns: [String]) -> Data {
        (byteOrderMark ? CSVFormat.byteOrderMark : Data()) + Data(CSVFormat.record(columns).utf8)
    }

    static func encode(_ records: [[String]]) -> Data {
        Data(records.map(CSVFormat.record).joined().utf8)
    }

    /// Reads what an earlier run left in `file`, grouped by document id (the first column);
    /// returns each document's source as `source` gives it from a line. A file whose byte order
    /// mark differs from this configuration's, or that ends in a partial line, is rewritten at
    /// the next commit; one with other columns (an older layout) is replaced whole.
    private func load(into file: inout UpsertFile, columns: [String], source: ([String]) -> String) -> [String: String] {
        guard let data = try? Data(contentsOf: file.url), !data.isEmpty else { return [:] }
        let text = String(decoding: data, as: UTF8.self)
        var records = CSVFormat.parse(text, keepUnterminated: false)
        guard records.first == columns else {
            file.invalidate()
            return [:]
        }
        if !data.starts(with: file.header) || !text.hasSuffix("\r\n") { file.invalidate() }
        records.removeFirst()
        var grouped: [String: [[String]]] = [:]
        var sources: [String: String] = [:]
        var ids: [String] = []
        for record in records where record.count == columns.count {
            if grouped[record[0]] == nil { ids.append(record[0]) }
            grouped[record[0], default: []].append(record)
            sources[record[0]] = source(record)
        }
        for id in ids {
            file.load(id: id, source: sources[id]!, chunk: Self.encode(grouped[id]!))
        }
        return sources
    }
}
