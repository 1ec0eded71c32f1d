import Foundation
import GRDB

/// The run ledger: an embedded SQLite database recording every run and every (document, stage)
/// outcome, its duration and its error.
///
/// It answers the runner's question "has this stage, with these inputs and options, already
/// succeeded for this document?" (a successful outcome under the same checkpoint key), and the
/// user's questions through `ingest status`.
public final class Ledger: Sendable {
    /// Outcome of one stage for one document in one run.
    public enum Status: String, Sendable, Codable {
        /// The stage ran and succeeded (for sinks: its write was committed).
        case ok
        /// The stage ran and failed; `error` says why.
        case failed
        /// The stage's result was already stored; nothing ran.
        case upToDate = "up-to-date"
        /// The document was not run because another input has the same bytes.
        case duplicate
    }

    /// One row of the outcome table.
    public struct Outcome: Sendable, Equatable {
        public let run: Int64
        public let document: String
        public let source: String
        public let position: Int
        public let stage: String
        public let key: String
        public let status: Status
        public let milliseconds: Double
        public let error: String?
    }

    /// One row of the run table.
    public struct Run: Sendable {
        public let id: Int64
        public let command: String
        public let startedAt: String
        public let finishedAt: String?
        public let configFile: String
        public let outputDirectory: String
        public let documents: Int
        public let failed: Int
    }

    private let database: DatabaseQueue

    public init(url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        }
        database = try DatabaseQueue(path: url.path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs and outcomes") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("command", .text).notNull()
                t.column("started_at", .text).notNull()
                t.column("finished_at", .text)
                t.column("config_file", .text).notNull()
                t.column("config_digest", .text).notNull()
                t.column("output_dir", .text).notNull()
                t.column("documents", .integer).notNull().defaults(to: 0)
                t.column("failed", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "outcome") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("document_id", .text).notNull()
                t.column("source", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("stage", .text).notNull()
                t.column("key", .text).notNull()
                t.column("status", .text).notNull()
                t.column("duration_ms", .double).notNull()
                t.column("error", .text)
                t.column("at", .text).notNull()
                t.primaryKey(["run_id", "document_id", "position"], onConflict: .replace)
            }
            try db.create(index: "outcome_by_key", on: "outcome", columns: ["document_id", "key", "status"])
        }
        migrator.registerMigration("v2: documents set aside") { db in
            try db.create(table: "set_aside") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("document_id", .text).notNull()
                t.column("source", .text).notNull()
                t.column("key", .text).notNull()
                t.column("reason", .text).notNull()
                t.primaryKey(["run_id", "document_id"], onConflict: .replace)
            }
            try db.create(index: "set_aside_by_key", on: "set_aside", columns: ["document_id", "key"])
        }
        return migrator
    }

    /// The current time in UTC as ISO 8601 (`2026-12-01T18:57:16Z`), formatted by hand: a new
    /// `ISO8601DateFormatter` for every ledger write cost more than the write itself.
    static func now() -> String {
        var seconds = time(nil)
        var utc = tm()
        gmtime_r(&seconds, &utc)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(utc.tm_year + 1900)-\(two(utc.tm_mon + 1))-\(two(utc.tm_mday))T"
            + "\(two(utc.tm_hour)):\(two(utc.tm_min)):\(two(utc.tm_sec))Z"
    }

    /// Opens a run and returns its id.
    public func beginRun(command: String, configFile: String, configDigest: String, outputDirectory: String) throws -> Int64 {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO run (command, started_at, config_file, config_digest, output_dir) VALUES (?, ?, ?, ?, ?)",
                arguments: [command, Self.now(), configFile, configDigest, outputDirectory])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(_ run: Int64, documents: Int, failed: Int) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE run SET finished_at = ?, documents = ?, failed = ? WHERE id = ?",
                           arguments: [Self.now(), documents, failed, run])
        }
    }

    /// Records outcomes, in one transaction.
    public func record(_ outcomes: [Outcome]) throws {
        guard !outcomes.isEmpty else { return }
        let at = Self.now()
        try database.write { db in
            for o in outcomes {
                try db.execute(
                    sql: """
                        INSERT INTO outcome (run_id, document_id, source, position, stage, key, status, duration_ms, error, at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [o.run, o.document, o.source, o.position, o.stage, o.key, o.status.rawValue,
                                o.milliseconds, o.error, at])
            }
        }
    }

    /// The checkpoint keys under which stages have succeeded for a document.
    public func succeededKeys(document: String) throws -> Set<String> {
        try database.read { db in
            Set(try String.fetchAll(db, sql: "SELECT key FROM outcome WHERE document_id = ? AND status = 'ok'", arguments: [document]))
        }
    }

    /// Records that a run found a document not to be an annual report; `key` is the checkpoint
    /// key of the artifact that says so.
    public func recordSetAside(run: Int64, document: String, source: String, key: String, reason: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO set_aside (run_id, document_id, source, key, reason) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run, document, source, key, reason])
        }
    }

    /// Why the artifact under `key` of a document is not an annual report, if a run found so.
    public func setAsideReason(document: String, key: String) throws -> String? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT reason FROM set_aside WHERE document_id = ? AND key = ? ORDER BY run_id DESC LIMIT 1",
                                arguments: [document, key])
        }
    }

    /// The documents a run found not to be annual reports: (source, reason), by source.
    public func setAside(run: Int64) throws -> [(source: String, reason: String)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT source, reason FROM set_aside WHERE run_id = ? ORDER BY source", arguments: [run])
                .map { ($0["source"], $0["reason"]) }
        }
    }

    /// The most recent run, optionally only of one command (`run`, `replay`).
    public func lastRun(command: String? = nil) throws -> Run? {
        try database.read { db in
            let row = if let command {
                try Row.fetchOne(db, sql: "SELECT * FROM run WHERE command = ? ORDER BY id DESC LIMIT 1", arguments: [command])
            } else {
                try Row.fetchOne(db, sql: "SELECT * FROM run ORDER BY id DESC LIMIT 1")
            }
            return row.map(Self.run(from:))
        }
    }

    public func outcomes(run: Int64) throws -> [Outcome] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outcome WHERE run_id = ? ORDER BY source, position", arguments: [run])
                .map(Self.outcome(from:))
        }
    }

    /// The documents (id and source) a run took in.
    public func documents(run: Int64) throws -> [(id: String, source: String)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT document_id, source FROM outcome WHERE run_id = ? ORDER BY source", arguments: [run])
                .map { ($0["document_id"], $0["source"]) }
        }
    }

    /// The checkpoint keys of a document's artifacts that stages produced or found up to date,
    /// most recent run first and, within a run, the last stage first: the first one that loads
    /// is the document as the pipeline last left it.
    public func artifactKeys(document: String) throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: """
                SELECT key FROM outcome WHERE document_id = ? AND status IN ('ok', 'up-to-date') AND key != ''
                ORDER BY run_id DESC, position DESC
                """, arguments: [document])
        }
    }

    /// Whether the most recent outcome recorded for the document is a failure.
    public func lastOutcomeFailed(document: String) throws -> Bool {
        try database.read { db in
            let status = try String.fetchOne(db, sql: """
                SELECT status FROM outcome WHERE document_id = ? AND status IN ('ok', 'failed')
                ORDER BY run_id DESC, position DESC LIMIT 1
                """, arguments: [document])
            return status == Status.failed.rawValue
        }
    }

    private static func run(from row: Row) -> Run {
        Run(id: row["id"], command: row["command"], startedAt: row["started_at"], finishedAt: row["finished_at"],
            configFile: row["config_file"], outputDirectory: row["output_dir"], documents: row["documents"], failed: row["failed"])
    }

    private static func outcome(from row: Row) -> Outcome {
        Outcome(run: row["run_id"], document: row["document_id"], source: row["source"], position: row["position"],
                stage: row["stage"], key: row["key"], status: Status(rawValue: row["status"]) ?? .failed,
                milliseconds: row["duration_ms"], error: row["error"])
    }
}
