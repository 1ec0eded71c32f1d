import Foundation
import GRDB
import IngestKit
import PostgresNIO
import PostgresSink

/// Where the review site reads a run's records: the `documents` table that `sink.sqlite` and
/// `sink.postgres` both write (`RelationalSchema`), whose `record` column holds each record
/// whole, provenance (page, box, raw text) included. The normalised tables beside it are
/// derived from that same record, so reading it loses nothing and needs one query.
///
/// ```swift
/// let records = try await RecordStore.open("out/reports.sqlite").records()
/// ```
public enum RecordStore {
    /// The one query, the same in both databases (PostgreSQL's `jsonb` is read as text).
    static let query = "SELECT record FROM documents ORDER BY document_id"

    /// Every record in the database at `location`: a `postgres://` URL (the password may come
    /// from the `PG*` variables) or the path of a SQLite file.
    public static func records(from location: String, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> [ReviewRecord] {
        let texts: [String]
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            texts = try await postgresRecords(PostgresTarget.resolve(url: location, environment: environment))
        } else {
            texts = try sqliteRecords(path: location)
        }
        return try texts.map { try ReviewRecord(JSONValue.parse(Data($0.utf8))) }
    }

    static func sqliteRecords(path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ReviewSiteError("no database at \(path): run `ingest run` with sink.sqlite first, or give --from")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: query) }
    }

    static func postgresRecords(_ target: PostgresTarget) async throws -> [String] {
        let logger = Logger(label: "ingest.report")
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: target.configuration(applicationName: "ingest report"), id: 1, logger: logger)
        } catch {
            throw ReviewSiteError("cannot connect to \(target): \(String(reflecting: error).prefix(300))")
        }
        do {
            var out: [String] = []
            let rows = try await connection.query(PostgresQuery(unsafeSQL: query.replacingOccurrences(of: "SELECT record", with: "SELECT record::text")), logger: logger)
            for try await (text) in rows.decode(String.self) { out.append(text) }
            try await connection.close()
            return out
        } catch {
            try? await connection.close()
            throw ReviewSiteError("cannot read the records from \(target): \(String(reflecting: error).prefix(300))")
        }
    }
}
