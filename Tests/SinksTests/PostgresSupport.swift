import Foundation
import IngestKit
import PostgresNIO
import Testing
@testable import PostgresSink

/// The PostgreSQL server the tests write to: `INGEST_TEST_DATABASE_URL`, as
/// `eval "$(scripts/start-postgres.sh)"` sets it. Each test gets a database of its own, so the
/// tests run in parallel without seeing each other's rows.
enum TestServer {
    static let url = ProcessInfo.processInfo.environment["INGEST_TEST_DATABASE_URL"]

    /// Whether the PostgreSQL tests run: when a server is given, and always under CI (where a
    /// missing server is a failure, not a reason to skip).
    static let enabled = url != nil || ProcessInfo.processInfo.environment["CI"] != nil

    private static let logger: Logger = {
        var logger = Logger(label: "sinks-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// The server's URL with another database (and, if given, another password).
    static func url(database: String, password: String? = nil) throws -> String {
        guard let url, var components = URLComponents(string: url) else {
            throw StageError("INGEST_TEST_DATABASE_URL is not set: run eval \"$(scripts/start-postgres.sh)\" first")
        }
        components.path = "/" + database
        if let password { components.password = password }
        return components.string!
    }

    /// The server's password, to check that no output shows it.
    static var password: String { ((try? PostgresTarget.resolve(url: url, environment: [:]))?.password) ?? "" }

    /// Runs `body` with the URL of an empty database of its own, dropped afterwards (also when
    /// `body` throws or leaves a connection open).
    static func withFreshDatabase(_ body: (String) async throws -> Void) async throws {
        let name = "sinks_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await administer("CREATE DATABASE \(name)")
        do {
            try await body(url(database: name))
        } catch {
            try? await administer("DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
        try await administer("DROP DATABASE \(name) WITH (FORCE)")
    }

    private static func administer(_ sql: String) async throws {
        _ = try await withConnection(url(database: "postgres")) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }

    /// Runs `body` on a connection to `url`, closing it afterwards.
    static func withConnection<T>(_ url: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let target = try PostgresTarget.resolve(url: url, environment: [:])
        let connection = try await PostgresConnection.connect(
            configuration: target.configuration(applicationName: "sinks-tests"), id: 0, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The single integer `sql` returns on the database at `url`.
    static func count(_ url: String, _ sql: String) async throws -> Int {
        try await withConnection(url) { connection in
            var result = -1
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int.self) {
                result = value
            }
            return result
        }
    }

    /// The single text `sql` returns on the database at `url`.
    static func text(_ url: String, _ sql: String) async throws -> String? {
        try await withConnection(url) { connection in
            var result: String?
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String?.self) {
                result = value
            }
            return result
        }
    }

    /// Ends the server sessions of the sink named `applicationName`, as a server restart or a
    /// network cut would.
    static func terminate(applicationName: String, on url: String) async throws {
        _ = try await count(url, """
            SELECT count(pg_terminate_backend(pid))::bigint FROM pg_stat_activity WHERE application_name = '\(applicationName)'
            """)
    }

    /// A sink writing to the database at `url`.
    static func sink(_ url: String, _ extra: [String: JSONValue] = [:], applicationName: String = "ingest-tests") throws -> PostgresSink {
        var values = extra
        values["url"] = .string(url)
        return try PostgresSink(options: options(PostgresSink.self, values), environment: [:], applicationName: applicationName)
    }
}
