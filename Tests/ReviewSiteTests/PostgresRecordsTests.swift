import Foundation
import IngestKit
import PostgresNIO
import PostgresSink
import ReviewSite
import StageCatalog
import Testing

/// The server `eval "$(scripts/start-postgres.sh)"` started: its URL, and whether to test
/// against it (always under CI, where a missing server is a failure).
let postgresURL = ProcessInfo.processInfo.environment["INGEST_TEST_DATABASE_URL"]
let postgresEnabled = postgresURL != nil || ProcessInfo.processInfo.environment["CI"] != nil

@Suite struct PostgresRecordsTests {
    @Test(.enabled(if: postgresEnabled, "needs INGEST_TEST_DATABASE_URL (eval \"$(scripts/start-postgres.sh)\")"))
    func theSiteReadsFromPostgreSQLTheRecordsItReadsFromSQLite() async throws {
        let url = try #require(postgresURL, "INGEST_TEST_DATABASE_URL is not set")
        let name = "report_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await administer(url, "CREATE DATABASE \(name)")
        var components = try #require(URLComponents(string: url))
        components.path = "/" + name
        let databaseURL = try #require(components.string)
        do {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("review-pg-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            var config = try JSONValue.parse(Data(contentsOf: packageRoot.appendingPathComponent("pipeline.json")))
            var stages = try #require(config["stages"].arrayValue)
            stages.append(["stage": "sink.postgres", "options": ["url": .string(databaseURL)]])
            config["stages"] = .array(stages)
            let configFile = scratch.appendingPathComponent("pipeline.json")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try config.serialized().write(to: configFile)
            let pipeline = try PipelineConfig.load(contentsOf: configFile, registry: stageCatalog)
            let out = scratch.appendingPathComponent("out")
            let (files, _) = Inputs.expand([sharedReports.appendingPathComponent("real").path])
            let report = try await Runner(config: pipeline, settings: RunSettings(configFile: configFile.path, outputDirectory: out,
                                                                                 workDirectory: scratch.appendingPathComponent("work")))
                .run(files: files)
            #expect(report.failures.isEmpty, "\(report.failures)")
            let fromPostgres = try await RecordStore.records(from: databaseURL)
            let fromSQLite = try await RecordStore.records(from: out.appendingPathComponent("reports.sqlite").path)
            #expect(fromPostgres.count == files.count)
            #expect(fromPostgres.map(\.json) == fromSQLite.map(\.json))
        } catch {
            try? await administer(url, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
        try await administer(url, "DROP DATABASE \(name) WITH (FORCE)")
    }

    /// Runs one statement on the server's own database.
    func administer(_ url: String, _ sql: String) async throws {
        let target = try PostgresTarget.resolve(url: url, environment: [:])
        let logger = Logger(label: "review-site-tests")
        let connection = try await PostgresConnection.connect(configuration: target.configuration(applicationName: "review-site-tests"),
                                                              id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
