import Foundation
import GRDB
import IngestKit

/// `sink.sqlite`: the records in a normalised SQLite database, `OUT/reports.sqlite` by default.
///
/// ```sh
/// sqlite3 OUT/reports.sqlite 'SELECT agency, year FROM reports ORDER BY agency, year'
/// ```
///
/// The tables are those of `RelationalSchema` (documents, reports, active_disclosure,
/// applications, review_litigation, checks, issues), created and upgraded by a GRDB
/// `DatabaseMigrator`, so a database written by an earlier version is upgraded in place.
/// Writes are buffered and each commit is one transaction; a document written again replaces
/// its rows (upsert by document id). The database is in WAL mode, so analysts can query it
/// while a run writes. A commit that fails keeps its documents buffered for the next commit,
/// so nothing the runner later records as written is lost.
public actor SQLiteSink: Sink {
    public static let name = "sink.sqlite"
    public static let summary = "Writes the records to a normalised SQLite database, OUT/reports.sqlite (upsert by document id)."
    public static let options = [
        OptionSpec("file", .string, default: "reports.sqlite", "database file name inside the output folder, or an absolute path"),
        OutputFile.batchSizeOption,
    ]

    let fileName: String
    /// Documents per transaction.
    public nonisolated let batchSize: Int
    private var pool: DatabasePool?
    private var pending: [String: RecordRows] = [:]

    /// Reads the file name and batch size; opens nothing.
    public init(options: StageOptions) throws {
        fileName = try OutputFile.name("file", in: options, default: "reports.sqlite")
        batchSize = try OutputFile.batchSize(options)
    }

    /// The database file's path.
    public nonisolated func destination(in context: StageContext) -> String { OutputFile.url(fileName, in: context).path }

    /// The schema's history as a GRDB migrator: each step of `RelationalSchema.migrations`.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for step in RelationalSchema.migrations {
            migrator.registerMigration(step.identifier) { db in
                for sql in step.statements(for: .sqlite) { try db.execute(sql: sql) }
            }
        }
        return migrator
    }

    /// Opens (or creates) the database in WAL mode and applies the migrations it lacks; a
    /// second call (documents racing to open the sink) finds it open.
    public func open(in context: StageContext) async throws {
        guard pool == nil else { return }
        let url = OutputFile.url(fileName, in: context)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // A report's upsert replaces some 200 cell rows in one statement's journal, which SQLite
        // otherwise spills past 64 KiB into a temporary file (`/var/tmp/etilqs_*`): about 140 KB
        // written and thrown away for each report. Kept in memory instead.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA temp_store = MEMORY") }
        let pool = try DatabasePool(path: url.path, configuration: configuration)
        try Self.migrator.migrate(pool)
        self.pool = pool
    }

    /// Flattens the record into rows and buffers them; a record that breaks the contract fails here.
    public func write(_ document: Document) async throws {
        pending[document.id] = try RecordRows(record: document.outputRecord)
    }

    /// Upserts every buffered document in one transaction.
    public func commit() async throws {
        guard let pool, !pending.isEmpty else { return }
        try Self.store(pending, in: pool)
        pending = [:]
    }

    /// Upserts `batch` in one transaction. Synchronous on purpose: the actor does not suspend
    /// in the middle of a commit, so no write slips between the transaction and `pending`.
    private static func store(_ batch: [String: RecordRows], in pool: DatabasePool) throws {
        try pool.write { db in
            for id in batch.keys.sorted() {
                for statement in batch[id]!.upsertStatements(.sqlite) {
                    try db.cachedStatement(sql: statement.sql)
                        .execute(arguments: StatementArguments(statement.arguments.map(\.databaseValue)))
                }
            }
        }
    }

    /// Closes the database, which checkpoints the WAL into the file.
    public func close() async throws {
        try pool?.close()
        pool = nil
    }
}

extension JSONValue {
    /// The value as SQLite stores it: scalars as themselves, arrays and objects as JSON text.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .bool(let value): value.databaseValue
        case .int(let value): value.databaseValue
        case .double(let value): value.databaseValue
        case .string(let value): value.databaseValue
        case .array, .object: ((try? serialized()).map { String(decoding: $0, as: UTF8.self) }).databaseValue
        }
    }
}
