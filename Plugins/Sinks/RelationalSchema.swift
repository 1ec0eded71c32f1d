import Foundation
import IngestKit

/// The normalised tables that `sink.sqlite` and `sink.postgres` write, described once so that
/// both databases get the same schema, the same migrations and the same statements.
///
/// ```swift
/// for step in RelationalSchema.migrations {
///     for sql in step.statements(for: .postgres) { try await connection.query(sql) }
/// }
/// ```
///
/// Every table has a `document_id` column; `documents` holds one row per document and the
/// other tables reference it with `ON DELETE CASCADE`. A sink upserts a document by deleting
/// its rows (`deleteStatements`) and inserting the new ones (`RecordRows.upsertStatements`),
/// in one transaction, so a changed document replaces its rows and re-ingesting never
/// duplicates.
public enum RelationalSchema {
    /// The tables in creation order (`documents` first, as the others reference it).
    public static let tables: [TableSpec] = [
        TableSpec("documents", [
            .init("document_id", .text, nullable: false), .init("source", .text, nullable: false), .init("kind", .text),
            .init("pages", .integer), .init("text_layer", .boolean), .init("schema", .text), .init("record", .json),
        ], primaryKey: ["document_id"]),
        TableSpec("reports", [
            .init("document_id", .text, nullable: false), .init("title", .text), .init("agency", .text), .init("year", .integer),
            .init("format", .text), .init("overview", .text), .init("problems", .text), .init("other_matters", .text),
        ], primaryKey: ["document_id"]),
        TableSpec("active_disclosure", [
            .init("document_id", .text, nullable: false), .init("item", .text, nullable: false),
            .init("field", .text, nullable: false), .init("value", .real),
        ], primaryKey: ["document_id", "item", "field"]),
        TableSpec("applications", [
            .init("document_id", .text, nullable: false), .init("row_key", .text, nullable: false),
            .init("column_key", .text, nullable: false), .init("row_position", .integer, nullable: false),
            .init("column_position", .integer, nullable: false), .init("value", .integer),
        ], primaryKey: ["document_id", "row_key", "column_key"]),
        TableSpec("review_litigation", [
            .init("document_id", .text, nullable: false), .init("group_key", .text, nullable: false),
            .init("outcome", .text, nullable: false), .init("value", .integer),
        ], primaryKey: ["document_id", "group_key", "outcome"]),
        TableSpec("checks", [
            .init("document_id", .text, nullable: false), .init("position", .integer, nullable: false), .init("rule", .text),
            .init("ok", .boolean), .init("detail", .text),
        ], primaryKey: ["document_id", "position"]),
        TableSpec("issues", [
            .init("document_id", .text, nullable: false), .init("position", .integer, nullable: false), .init("stage", .text),
            .init("severity", .text), .init("message", .text),
        ], primaryKey: ["document_id", "position"]),
    ]

    /// The schema's history, applied in order and once each; a later version of the product
    /// appends steps here (never edits a released one), so an existing database upgrades.
    public static let migrations: [Migration] = [
        Migration("v1: documents, reports and their tables") { dialect in
            tables.map { $0.createStatement(dialect) } + [
                "CREATE INDEX reports_agency_year ON reports (agency, year)",
                "CREATE INDEX applications_row ON applications (row_key, column_key)",
                "CREATE INDEX checks_failed ON checks (rule) WHERE NOT ok",
            ]
        },
    ]

    /// The table named `name`.
    public static func table(_ name: String) -> TableSpec {
        guard let table = tables.first(where: { $0.name == name }) else { preconditionFailure("no table \(name)") }
        return table
    }

    /// Statements that remove one document (bound as the single parameter) from every table.
    /// SQLite deletes from each table, referencing tables first, so that a database opened
    /// without foreign keys enforced stays clean too; PostgreSQL, which always enforces them,
    /// deletes the `documents` row in one round trip and lets `ON DELETE CASCADE` do the rest.
    public static func deleteStatements(_ dialect: SQLDialect) -> [String] {
        switch dialect {
        case .sqlite: tables.reversed().map { "DELETE FROM \($0.name) WHERE document_id = ?" }
        case .postgres: ["DELETE FROM documents WHERE document_id = $1"]
        }
    }
}

/// The two SQL dialects the relational sinks speak.
public enum SQLDialect: Sendable {
    case sqlite, postgres

    /// The column type as this database names it.
    func typeName(_ type: ColumnType) -> String {
        switch (self, type) {
        case (.sqlite, .text), (.sqlite, .json): "TEXT"
        case (.sqlite, .integer): "INTEGER"
        case (.sqlite, .real): "REAL"
        case (.sqlite, .boolean): "BOOLEAN"
        case (.postgres, .text): "text"
        case (.postgres, .integer): "bigint"
        case (.postgres, .real): "double precision"
        case (.postgres, .boolean): "boolean"
        case (.postgres, .json): "jsonb"
        }
    }
}

/// What a column holds, independent of the database.
public enum ColumnType: Sendable, Equatable {
    case text, integer, real, boolean
    /// A JSON document (`jsonb` in PostgreSQL, text in SQLite).
    case json
}

/// One column of a `TableSpec`.
public struct Column: Sendable {
    /// The column name, the same in every database.
    public let name: String
    /// What the column holds.
    public let type: ColumnType
    /// Whether the column accepts null (a value the document does not show).
    public let nullable: Bool

    /// A column; nullable unless said otherwise.
    public init(_ name: String, _ type: ColumnType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// One table of the relational schema: its columns in order and its primary key.
public struct TableSpec: Sendable {
    /// The table name.
    public let name: String
    /// The columns, in the order rows list their values.
    public let columns: [Column]
    /// The columns that identify a row; `document_id` comes first.
    public let primaryKey: [String]

    /// A table of `columns` keyed by `primaryKey`.
    public init(_ name: String, _ columns: [Column], primaryKey: [String]) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
    }

    /// `CREATE TABLE` for this table; every table but `documents` references `documents`.
    public func createStatement(_ dialect: SQLDialect) -> String {
        var parts = columns.map { "\($0.name) \(dialect.typeName($0.type))\($0.nullable ? "" : " NOT NULL")" }
        parts.append("PRIMARY KEY (\(primaryKey.joined(separator: ", ")))")
        if name != "documents" {
            parts.append("FOREIGN KEY (document_id) REFERENCES documents (document_id) ON DELETE CASCADE")
        }
        return "CREATE TABLE \(name) (\n    " + parts.joined(separator: ",\n    ") + "\n)"
    }

    /// The column names, comma-separated, in order.
    var columnList: String { columns.map(\.name).joined(separator: ", ") }

    /// SQLite's `INSERT` of `rowCount` rows in one statement, one `?` per value, row by row.
    public func insertStatement(rowCount: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(name) (\(columnList)) VALUES " + Array(repeating: tuple, count: rowCount).joined(separator: ", ")
    }

    /// PostgreSQL's `INSERT` of any number of rows given as one parameter: a JSON array of
    /// objects keyed by column name, which the server turns into rows of this table's type.
    /// One bound value per table keeps a document to a few small messages.
    public var insertFromJSONStatement: String {
        "INSERT INTO \(name) (\(columnList)) SELECT \(columnList) FROM jsonb_populate_recordset(NULL::\(name), $1::jsonb)"
    }
}

/// One step of the schema's history: an identifier (recorded once applied) and its statements.
public struct Migration: Sendable {
    /// The step's name, recorded once the step is applied; never changed after a release.
    public let identifier: String
    private let body: @Sendable (SQLDialect) -> [String]

    /// A step whose statements `body` gives for each dialect.
    public init(_ identifier: String, _ body: @escaping @Sendable (SQLDialect) -> [String]) {
        self.identifier = identifier
        self.body = body
    }

    /// The statements of this step in `dialect`.
    public func statements(for dialect: SQLDialect) -> [String] { body(dialect) }
}

extension ColumnType {
    /// `value` as this column holds it, so that every database (and CSV) gets the same values:
    /// a whole number for `integer` (a numeric string is read as one), any number for `real`,
    /// text for `text` (numbers spelled as JSON prints them), any value for `json` (stored as
    /// its JSON text). Null stays null. Throws, naming `path`, for a value that does not fit.
    public func coerce(_ value: JSONValue, at path: @autoclosure () -> String) throws -> JSONValue {
        if value.isNull { return .null }
        switch self {
        case .text:
            return value.stringValue.map(JSONValue.string) ?? .string(CSVFormat.cell(value))
        case .json:
            return value
        case .integer:
            if let number = value.intValue ?? value.stringValue.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                return .int(number)
            }
        case .real:
            if let number = value.doubleValue ?? value.stringValue.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) {
                return JSONValue(number)
            }
        case .boolean:
            if let flag = value.boolValue { return .bool(flag) }
        }
        throw StageError("\(path()) is \(CSVFormat.cell(value).debugDescription) (\(value.typeName)), which does not fit a column of \(self)")
    }
}
