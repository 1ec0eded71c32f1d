import Foundation
import GRDB
import IngestKit
import PostgresSink
import Sinks
import TextSource
import Testing

/// The sinks inside real runs: the default pipeline's SQLite file, re-runs, and what the run
/// leaves behind when a database is unreachable.
@Suite struct PipelineSinksTests {
    /// The stages these runs use, registered as the stage catalog registers them.
    private let registry = StageRegistry([TextExtract.self, JSONLinesSink.self, SQLiteSink.self, CSVSink.self, PostgresSink.self])

    private func run(_ json: String, inputs: [String], in scratch: Scratch) async throws -> RunReport {
        let config = try PipelineConfig.parse(Data(json.utf8), file: "pipeline.json", registry: registry)
        let settings = RunSettings(configFile: "pipeline.json", outputDirectory: scratch.url.appendingPathComponent("out"),
                                   workDirectory: scratch.url.appendingPathComponent("work"), jobs: 2)
        return try await Runner(config: config, settings: settings).run(files: inputs)
    }

    private func reportCount(_ db: DatabaseQueue) throws -> Int? {
        try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM reports") }
    }

    private func inputs(in scratch: Scratch) throws -> [String] {
        try ["中宁县.txt", "海原县.txt"].map { name in
            let url = scratch.url.appendingPathComponent(name)
            try Data("\(name) 2025 年政府信息公开工作年度报告\n一、总体情况\n".utf8).write(to: url)
            return url.path
        }
    }

    @Test func aPipelineRunTwiceLeavesOneReportRowPerDocument() async throws {
        let scratch = try Scratch()
        let files = try inputs(in: scratch)
        let pipeline = """
            {"stages": [{"stage": "extract.text"}, {"stage": "sink.jsonl"}, {"stage": "sink.sqlite"}, {"stage": "sink.csv"}]}
            """
        #expect(try await run(pipeline, inputs: files, in: scratch).exitCode == 0)
        #expect(try await run(pipeline, inputs: files, in: scratch).exitCode == 0)
        let db = try DatabaseQueue(path: scratch.url.appendingPathComponent("out/reports.sqlite").path)
        #expect(try reportCount(db) == 2)
    }

    @Test func anUnreachableDatabaseFailsTheDocumentsWithoutThePasswordInTheReportOrLedger() async throws {
        let scratch = try Scratch()
        let files = try inputs(in: scratch)
        let report = try await run("""
            {"stages": [{"stage": "extract.text"},
                        {"stage": "sink.postgres", "options": {"url": "postgres://ingest:hunter2-secret@127.0.0.1:1/x?sslmode=disable",
                                                               "retries": 1, "backoff_ms": 1}}]}
            """, inputs: files, in: scratch)
        #expect(report.failures.count == 2)
        #expect(report.failures.allSatisfy { $0.stage == "sink.postgres" && !$0.message.contains("hunter2") })
        let ledger = ["ledger.sqlite", "ledger.sqlite-wal"].compactMap {
            try? Data(contentsOf: scratch.url.appendingPathComponent("work/\($0)"))
        }.reduce(Data(), +)
        #expect(ledger.range(of: Data("hunter2".utf8)) == nil)
        #expect(ledger.range(of: Data("127.0.0.1:1".utf8)) != nil)
    }
}
