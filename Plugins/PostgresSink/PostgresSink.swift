import Foundation
import IngestKit
import PostgresNIO
import Sinks

/// `sink.postgres`: the records in PostgreSQL, in the same normalised tables as `sink.sqlite`
/// (`RelationalSchema`), for a database that several machines or shards write to.
///
/// ```json
/// {"stage": "sink.postgres", "options": {"batch_size": 200}}
/// ```
///
/// The connection comes from the `url` option or, without it, from `DATABASE_URL` or libpq's
/// `PG*` variables (`PostgresTarget`); the password never appears in messages, the ledger or
/// checkpoint keys. The schema is created and upgraded by `RelationalSchema.migrations`,
/// recorded in `ingest_migrations`, under an advisory lock so concurrent shards migrate once.
///
/// Each batch is one transaction, each document in it a savepoint: a document the server
/// rejects (a permanent error, such as text it cannot store) is rolled back alone and fails
/// with the server's reason, the others go on. A lost connection (refused, reset, the backend
/// terminated) is a transient failure: the sink reconnects with exponential backoff, replays
/// the documents of the open transaction and carries on, up to `retries` times.
public actor PostgresSink: Sink {
    public static let name = "sink.postgres"
    public static let summary = "Writes the records to PostgreSQL in the same tables as sink.sqlite (upsert by document id)."
    public static let options = [
        OptionSpec("url", .string, "postgres://user@host:port/database; without it, DATABASE_URL or the PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE)"),
        OutputFile.batchSizeOption,
        OptionSpec("retries", .integer, default: 5, "how many times a lost or refused connection is retried before the write fails"),
        OptionSpec("backoff_ms", .integer, default: 200, "wait before the first retry, in milliseconds; doubled at each further retry"),
    ]

    /// Where the sink writes.
    public nonisolated let target: PostgresTarget
    /// Documents per transaction.
    public nonisolated let batchSize: Int
    let retries: Int
    let backoff: Duration
    let applicationName: String

    private var connection: PostgresConnection?
    private var nextConnectionID = 0
    /// Documents written in the batch's transaction (nil: none open), replayed on a new
    /// connection if the one that held the transaction is lost.
    private var transaction: [RecordRows]?
    /// Whether the current connection has the batch's transaction open.
    private var begun = false
    private var openFailure: StageError?
    private var migrated = false
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private let logger: Logger = {
        var logger = Logger(label: "ingest.sink.postgres")
        logger.logLevel = .critical
        return logger
    }()

    /// Resolves the target from the options and the process environment; connects to nothing.
    public init(options: StageOptions) throws {
        try self.init(options: options, environment: ProcessInfo.processInfo.environment)
    }

    /// The sink with the connection taken from `environment` where the options leave it out.
    public init(options: StageOptions, environment: [String: String], applicationName: String = "ingest") throws {
        target = try PostgresTarget.resolve(url: options.string("url"), environment: environment)
        batchSize = try OutputFile.batchSize(options)
        retries = options.int("retries") ?? 5
        let milliseconds = options.int("backoff_ms") ?? 200
        guard retries >= 0 else { throw options.invalid("retries", "must not be negative") }
        guard milliseconds >= 0 else { throw options.invalid("backoff_ms", "must not be negative") }
        backoff = .milliseconds(milliseconds)
        self.applicationName = applicationName
    }

    /// The server and database, without the password.
    public nonisolated func destination(in context: StageContext) -> String { target.description }

    deinit {
        // A sink dropped without `close` (its run was cancelled) still hangs up.
        if let connection {
            let closing: EventLoopFuture<Void> = connection.close()
            _ = closing
        }
    }

    // MARK: - Sink

    /// Connects (retrying a refused connection) and applies the migrations the database lacks.
    /// A failure after the retries is kept, so later documents fail at once with it.
    /// Documents that arrive while the first one opens the sink wait for it, then share its
    /// outcome.
    public func open(in context: StageContext) async throws {
        try await exclusive {
            if let openFailure { throw openFailure }
            guard !migrated else { return }
            do {
                try await retrying { try await self.migrate(on: self.connected()) }
                migrated = true
            } catch let error as StageError {
                openFailure = error
                throw error
            }
        }
    }

    /// Upserts the document in the batch's transaction, inside a savepoint: a rejected
    /// document fails alone.
    public func write(_ document: Document) async throws {
        let rows = try RecordRows(record: document.outputRecord)
        try await exclusive {
            try await retrying {
                let connection = try await self.inTransaction()
                try await self.upsert(rows, on: connection, alone: true)
            }
            transaction?.append(rows)
        }
    }

    /// Commits the batch's transaction; if the connection is lost, replays the batch on a new
    /// one and commits that.
    public func commit() async throws {
        try await exclusive {
            guard transaction != nil else { return }
            defer {
                transaction = nil
                begun = false
            }
            try await retrying {
                let connection = try await self.inTransaction()
                try await connection.query("COMMIT", logger: self.logger)
            }
        }
    }

    /// Hangs up (rolling back anything uncommitted).
    public func close() async throws {
        try await exclusive {
            if let connection {
                if transaction != nil { _ = try? await connection.query("ROLLBACK", logger: logger) }
                try? await connection.close()
            }
            connection = nil
            transaction = nil
            begun = false
        }
    }

    // MARK: - Connection and transaction

    private func connected() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        if let connection { try? await connection.close() }
        connection = nil
        begun = false
        nextConnectionID += 1
        let made = try await PostgresConnection.connect(
            configuration: target.configuration(applicationName: applicationName), id: nextConnectionID, logger: logger)
        connection = made
        return made
    }

    /// The connection with the batch's transaction open; a transaction begun on a new
    /// connection first replays the documents the lost one held.
    private func inTransaction() async throws -> PostgresConnection {
        let connection = try await connected()
        guard !begun else { return connection }
        try await connection.query("BEGIN", logger: logger)
        begun = true
        do {
            for rows in transaction ?? [] { try await upsert(rows, on: connection, alone: false) }
        } catch where !PostgresFailure.isTransient(error) {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            begun = false
            throw error
        }
        if transaction == nil { transaction = [] }
        return connection
    }

    /// Deletes and inserts one document's rows. `alone`: inside a savepoint, so that a
    /// permanent error rolls back this document only and fails it with the server's reason.
    private func upsert(_ rows: RecordRows, on connection: PostgresConnection, alone: Bool) async throws {
        if alone { try await connection.query("SAVEPOINT document", logger: logger) }
        do {
            for statement in rows.upsertStatements(.postgres) {
                try await connection.query(PostgresQuery(unsafeSQL: statement.sql, binds: try Self.bindings(statement)), logger: logger)
            }
            if alone { try await connection.query("RELEASE SAVEPOINT document", logger: logger) }
        } catch where alone && !PostgresFailure.isTransient(error) {
            try await connection.query("ROLLBACK TO SAVEPOINT document", logger: logger)
            try await connection.query("RELEASE SAVEPOINT document", logger: logger)
            throw PostgresFailure.describe(error, target: target)
        }
    }

    /// Creates or upgrades the schema: each migration step not yet recorded, in order, in one
    /// transaction under an advisory lock.
    private func migrate(on connection: PostgresConnection) async throws {
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_xact_lock(7346023491)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS ingest_migrations (identifier text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                logger: logger)
            var applied = Set<String>()
            for try await identifier in try await connection.query("SELECT identifier FROM ingest_migrations", logger: logger)
                .decode(String.self) {
                applied.insert(identifier)
            }
            for step in RelationalSchema.migrations where !applied.contains(step.identifier) {
                for sql in step.statements(for: .postgres) { try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                try await connection.query("INSERT INTO ingest_migrations (identifier) VALUES (\(step.identifier))", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    // MARK: - Retry and serialisation

    /// Runs `body`, retrying it after a transient failure (with a fresh connection, after
    /// `backoff` doubled at each attempt) up to `retries` times; any failure ends as a
    /// `StageError` without the password.
    private func retrying(_ body: () async throws -> Void) async throws {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as StageError {
                throw error
            } catch where PostgresFailure.isTransient(error) && attempt < retries {
                if let connection { try? await connection.close() }
                connection = nil
                begun = false
                try await Task.sleep(for: backoff * (1 << min(attempt, 16)))
                attempt += 1
            } catch {
                throw PostgresFailure.describe(error, target: target, attempts: attempt + 1)
            }
        }
    }

    /// Runs `body` alone: the sink's operations suspend while talking to the server, and a
    /// transaction's statements must not interleave.
    private func exclusive<T>(_ body: () async throws -> T) async throws -> T {
        if busy { await withCheckedContinuation { waiters.append($0) } } else { busy = true }
        defer { if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() } }
        return try await body()
    }

    /// The statement's arguments bound as its columns' types.
    static func bindings(_ statement: SQLStatement) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: statement.arguments.count)
        for (value, type) in zip(statement.arguments, statement.types) {
            switch (type, value) {
            case (_, .null): bindings.appendNull()
            case (.integer, .int(let number)): bindings.append(number)
            case (.real, _) where value.doubleValue != nil: bindings.append(value.doubleValue!)
            case (.boolean, .bool(let flag)): bindings.append(flag)
            case (.text, .string(let text)): bindings.append(text)
            case (.json, _): bindings.append(String(decoding: try value.serialized(), as: UTF8.self))
            default: throw StageError("a value \(value.typeName) does not fit a column of \(type)")
            }
        }
        return bindings
    }
}
