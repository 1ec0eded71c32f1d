import Foundation
import GRDB
import IngestKit
import Sinks
import Testing

@Suite struct SQLiteSinkTests {
    private func database(_ scratch: Scratch) throws -> DatabaseQueue {
        try DatabaseQueue(path: scratch.url.appendingPathComponent("reports.sqlite").path)
    }

    private func count(_ db: DatabaseQueue, _ sql: String) throws -> Int {
        try db.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    private func strings(_ db: DatabaseQueue, _ sql: String) throws -> [String] {
        try db.read { try String.fetchAll($0, sql: sql) }
    }

    @Test func theSeedRecordsGiveOneReportEachAndEveryApplicationsCell() async throws {
        let scratch = try Scratch()
        let documents = try Seeds.documents()
        try await scratch.run(SQLiteSink(options: options(SQLiteSink.self)), documents)
        let db = try database(scratch)
        #expect(try count(db, "SELECT count(*) FROM reports") == 5)
        #expect(try count(db, "SELECT count(*) FROM applications") == documents.map(Seeds.applicationCells).reduce(0, +))
        #expect(try count(db, "SELECT count(*) FROM checks WHERE NOT ok") == 5)
        #expect(try count(db, "SELECT count(*) FROM issues") == 5)
    }

    @Test func writingTheSameDocumentsTwiceNeverDuplicatesRows() async throws {
        let scratch = try Scratch()
        let documents = try Seeds.documents()
        try await scratch.run(SQLiteSink(options: options(SQLiteSink.self)), documents)
        try await scratch.run(SQLiteSink(options: options(SQLiteSink.self)), documents)
        let db = try database(scratch)
        #expect(try count(db, "SELECT count(*) FROM documents") == 5)
        #expect(try count(db, "SELECT count(*) FROM applications") == documents.map(Seeds.applicationCells).reduce(0, +))
        let disclosed = documents.map { ($0.record.value(at: "tables.active_disclosure").objectValue ?? [:]).values
            .map { $0.objectValue?.count ?? 0 }.reduce(0, +) }.reduce(0, +)
        #expect(try count(db, "SELECT count(*) FROM active_disclosure") == disclosed)
    }

    @Test func aChangedDocumentReplacesItsRows() async throws {
        let scratch = try Scratch()
        var document = try Seeds.document(Seeds.names[0])
        try await scratch.run(SQLiteSink(options: options(SQLiteSink.self)), [document])
        document.record["tables"] = nil
        document.record.setValue("宁夏某县", at: "report.agency")
        try await scratch.run(SQLiteSink(options: options(SQLiteSink.self)), [document])
        let db = try database(scratch)
        #expect(try count(db, "SELECT count(*) FROM applications") == 0)
        #expect(try strings(db, "SELECT agency FROM reports") == ["宁夏某县"])
    }

    @Test func nothingIsVisibleToReadersBeforeTheBatchCommits() async throws {
        let scratch = try Scratch()
        let sink = try SQLiteSink(options: options(SQLiteSink.self))
        try await sink.open(in: scratch.context)
        try await sink.write(Seeds.document(Seeds.names[0]))
        let db = try database(scratch)
        #expect(try count(db, "SELECT count(*) FROM documents") == 0)
        try await sink.commit()
        #expect(try count(db, "SELECT count(*) FROM documents") == 1)
        try await sink.close()
    }

    @Test func theDatabaseIsInWALModeAndRecordsItsMigrations() async throws {
        let scratch = try Scratch()
        try await scratch.run(SQLiteSink(options: options(SQLiteSink.self)), [])
        let db = try database(scratch)
        #expect(try strings(db, "PRAGMA journal_mode") == ["wal"])
        #expect(try strings(db, "SELECT identifier FROM grdb_migrations") == RelationalSchema.migrations.map(\.identifier))
    }

    @Test func anExistingDatabaseKeepsItsRowsWhenOpenedAgain() async throws {
        let scratch = try Scratch()
        try await scratch.run(SQLiteSink(options: options(SQLiteSink.self)), [Seeds.document(Seeds.names[0])])
        try await scratch.run(SQLiteSink(options: options(SQLiteSink.self)), [Seeds.document(Seeds.names[1])])
        #expect(try count(database(scratch), "SELECT count(*) FROM reports") == 2)
    }

    @Test func theFileOptionNamesTheDatabase() async throws {
        let scratch = try Scratch()
        try await scratch.run(SQLiteSink(options: options(SQLiteSink.self, ["file": "gov.db"])), [Seeds.document(Seeds.names[0])])
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("gov.db").path))
    }

    @Test func aBatchSizeBelowOneIsRejectedBeforeAnyDocument() {
        #expect(throws: StageError.self) { try SQLiteSink(options: options(SQLiteSink.self, ["batch_size": 0])) }
    }
}
