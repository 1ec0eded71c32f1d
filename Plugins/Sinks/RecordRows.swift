import Foundation
import IngestKit

/// One record flattened into the rows of `RelationalSchema`: the single place that knows how a
/// record maps to tables, shared by `sink.sqlite`, `sink.postgres` and `sink.csv`.
///
/// ```swift
/// let rows = try RecordRows(record: document.outputRecord)
/// rows.rows["applications"]   // [[document_id, row_key, column_key, row_position, column_position, value]]
/// ```
///
/// Every part of the record may be missing (a record without tables gives a `documents` and a
/// `reports` row and nothing else). A table cell the document does not show is `null` in the
/// record and stays a row with a null value, so `applications` holds every row key × every
/// column. A cell that is neither a number nor null breaks the record contract: the
/// initialiser throws, naming the cell, and the document fails at the sink.
///
/// A document that is not an annual report (`record.kind` = `not_annual_report`) gives its
/// `documents` row (the whole record, reason included) and its `issues`, and no `reports`,
/// table or check rows.
public struct RecordRows: Sendable {
    /// The document's id.
    public let documentID: String
    /// Why the document is not an annual report, or nil when it is one.
    public let notAnnualReportReason: String?
    /// The document's source path.
    public let source: String
    /// Rows per table name, each in the column order of `RelationalSchema.table(name)`.
    public private(set) var rows: [String: [[JSONValue]]] = [:]

    /// The applicant columns of table 三 when the record does not list them.
    public static let applicationColumns = ReportTemplate.applicationColumns.map(\.key)

    /// Table 三's rows in the order the reports print them (the three 三(六) rows, then the single
    /// one); other row keys follow in alphabetical order.
    public static let applicationRows = ReportTemplate.applicationRowKeys

    /// The groups of table 四, in the order the reports print them.
    public static let reviewGroups = ReportTemplate.reviewGroups.map(\.key)

    /// Flattens `record` (as `Document.outputRecord` gives it).
    public init(record: JSONValue) throws {
        guard let id = record.value(at: "document.id").stringValue, !id.isEmpty else {
            throw StageError("the record has no document.id")
        }
        documentID = id
        source = record.value(at: "document.source").stringValue ?? ""
        notAnnualReportReason = record.notAnnualReportReason
        let document = record["document"]
        try append("documents", [.string(id), .string(source), document["kind"], document["pages"], document["text_layer"],
                             record["schema"], record])
        guard notAnnualReportReason == nil else {
            try appendIssues(record)
            return
        }
        let report = record["report"], sections = record["sections"]
        try append("reports", [.string(id), report["title"], report["agency"], report["year"], report["format"],
                           sections["overview"], sections["problems"], sections["other_matters"]])
        let tables = record["tables"]
        try appendNested("active_disclosure", tables["active_disclosure"], order: [])
        try appendApplications(tables["applications"])
        try appendNested("review_litigation", tables["review_litigation"], order: Self.reviewGroups, counts: true)
        for (position, check) in (record["checks"].arrayValue ?? []).enumerated() {
            try append("checks", [.string(id), .int(position), check["rule"], check["ok"], check["detail"]])
        }
        try appendIssues(record)
    }

    private mutating func appendIssues(_ record: JSONValue) throws {
        for (position, issue) in (record["issues"].arrayValue ?? []).enumerated() {
            try append("issues", [.string(documentID), .int(position), issue["stage"], issue["severity"], issue["message"]])
        }
    }

    /// Adds a row, each value coerced to its column's type (`ColumnType.coerce`).
    private mutating func append(_ table: String, _ row: [JSONValue]) throws {
        let columns = RelationalSchema.table(table).columns
        let typed = try zip(columns, row).map { column, value in
            try column.type.coerce(value, at: "\(table).\(column.name)")
        }
        rows[table, default: []].append(typed)
    }

    /// Table 三: one row per (row key, column), nulls included.
    private mutating func appendApplications(_ table: JSONValue) throws {
        guard let byRow = table["rows"].objectValue else { return }
        let listed = table["columns"].arrayValue?.compactMap(\.stringValue) ?? []
        let columns = listed.isEmpty ? Self.applicationColumns : listed
        for (rowPosition, key) in Self.ordered(byRow.keys, first: Self.applicationRows).enumerated() {
            let values = byRow[key]!.arrayValue ?? []
            let width = max(columns.count, values.count)
            for index in 0..<width {
                let column = index < columns.count ? columns[index] : "column_\(index + 1)"
                let value = try Self.number(values.indices.contains(index) ? values[index] : .null,
                                            at: "tables.applications.rows.\(key)[\(index)]", whole: true)
                try append("applications", [.string(documentID), .string(key), .string(column), .int(rowPosition),
                                        .int(index), value])
            }
        }
    }

    /// A table of groups of named numbers (`{"review": {"upheld": 0, …}}`): one row per number.
    private mutating func appendNested(_ name: String, _ table: JSONValue, order: [String], counts: Bool = false) throws {
        guard let groups = table.objectValue else { return }
        for group in Self.ordered(groups.keys, first: order) {
            guard let fields = groups[group]!.objectValue else {
                throw StageError("tables.\(name).\(group) is \(groups[group]!.typeName), not an object of numbers")
            }
            for field in fields.keys.sorted() {
                let value = try Self.number(fields[field]!, at: "tables.\(name).\(group).\(field)", whole: counts)
                try append(name, [.string(documentID), .string(group), .string(field), value])
            }
        }
    }

    /// `keys` with those of `first` in its order, then the rest alphabetically.
    static func ordered(_ keys: some Collection<String>, first: [String]) -> [String] {
        let present = Set(keys)
        return first.filter(present.contains) + present.subtracting(first).sorted()
    }

    /// A table cell as a number or null; throws for anything else (or a fraction for a count).
    static func number(_ value: JSONValue, at path: @autoclosure () -> String, whole: Bool) throws -> JSONValue {
        switch value {
        case .null, .int: return value
        case .double(let number) where !whole: return .double(number)
        case .double(let number):
            guard let integer = value.intValue else {
                throw StageError("\(path()) is \(number), but a count must be a whole number")
            }
            return .int(integer)
        default:
            throw StageError("\(path()) is a \(value.typeName), but a table cell must be a number or null")
        }
    }
}

// MARK: - Statements

/// One SQL statement with its arguments, and the column type each argument is bound to.
public struct SQLStatement: Sendable {
    /// The statement, with placeholders in its dialect.
    public let sql: String
    /// One value per placeholder, in order.
    public let arguments: [JSONValue]
    /// The column type each argument is bound as.
    public let types: [ColumnType]
}

extension RecordRows {
    /// Most parameters one SQLite statement binds; bigger inserts are split (SQLite allows 32766).
    static let parameterLimit = 30_000

    /// The statements that upsert this document: delete its rows, then insert the new ones
    /// (SQLite: several rows per statement; PostgreSQL: each table's rows as one JSON value).
    /// Run them in one transaction.
    public func upsertStatements(_ dialect: SQLDialect) -> [SQLStatement] {
        var statements = RelationalSchema.deleteStatements(dialect).map {
            SQLStatement(sql: $0, arguments: [.string(documentID)], types: [.text])
        }
        for table in RelationalSchema.tables {
            guard let all = rows[table.name], !all.isEmpty else { continue }
            switch dialect {
            case .postgres:
                let objects = all.map { row in JSONValue.object(Dictionary(uniqueKeysWithValues: zip(table.columns.map(\.name), row))) }
                statements.append(SQLStatement(sql: table.insertFromJSONStatement, arguments: [.array(objects)], types: [.json]))
            case .sqlite:
                let perStatement = max(1, Self.parameterLimit / table.columns.count)
                for start in stride(from: 0, to: all.count, by: perStatement) {
                    let chunk = all[start..<min(start + perStatement, all.count)]
                    statements.append(SQLStatement(sql: table.insertStatement(rowCount: chunk.count), arguments: Array(chunk.joined()),
                                                   types: Array(repeating: table.columns.map(\.type), count: chunk.count).flatMap { $0 }))
                }
            }
        }
        return statements
    }
}
