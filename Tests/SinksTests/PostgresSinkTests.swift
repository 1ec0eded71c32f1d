import Foundation
import IngestKit
import Sinks
import Testing
@testable import PostgresSink

@Suite(.enabled(if: TestServer.enabled, "needs INGEST_TEST_DATABASE_URL (scripts/start-postgres.sh)"))
struct PostgresSinkTests {
    @Test func theSeedRecordsWrittenTwiceGiveFiveReportsAndEveryApplicationsCellOnce() async throws {
        try await TestServer.withFreshDatabase { url in
            let documents = try Seeds.documents()
            try await Scratch().run(TestServer.sink(url), documents)
            try await Scratch().run(TestServer.sink(url), documents)
            #expect(try await TestServer.count(url, "SELECT count(*) FROM reports") == 5)
            #expect(try await TestServer.count(url, "SELECT count(*) FROM applications")
                == documents.map(Seeds.applicationCells).reduce(0, +))
            #expect(try await TestServer.count(url, "SELECT count(*) FROM checks WHERE NOT ok") == 5)
            #expect(try await TestServer.count(url, "SELECT count(*) FROM documents WHERE record->'report'->>'year' IS NOT NULL") == 5)
        }
    }

    @Test func aChangedDocumentReplacesItsRows() async throws {
        try await TestServer.withFreshDatabase { url in
            var document = try Seeds.document(Seeds.names[0])
            try await Scratch().run(TestServer.sink(url), [document])
            document.record["tables"] = nil
            document.record.setValue("宁夏某县", at: "report.agency")
            try await Scratch().run(TestServer.sink(url), [document])
            #expect(try await TestServer.count(url, "SELECT count(*) FROM applications") == 0)
            #expect(try await TestServer.text(url, "SELECT agency FROM reports") == "宁夏某县")
        }
    }

    @Test func theSchemaIsMigratedOnceAndRecorded() async throws {
        try await TestServer.withFreshDatabase { url in
            try await Scratch().run(TestServer.sink(url), [])
            try await Scratch().run(TestServer.sink(url), [])
            #expect(try await TestServer.count(url, "SELECT count(*) FROM ingest_migrations") == RelationalSchema.migrations.count)
        }
    }

    @Test func aDocumentTheServerRejectsFailsAloneAndTheRestOfTheBatchIsCommitted() async throws {
        try await TestServer.withFreshDatabase { url in
            let sink = try TestServer.sink(url)
            let scratch = try Scratch()
            var rejected = try Seeds.document(Seeds.names[1])
            rejected.record.setValue("中宁县\u{0}", at: "report.agency")
            try await sink.open(in: scratch.context)
            try await sink.write(Seeds.document(Seeds.names[0]))
            await #expect {
                try await sink.write(rejected)
            } throws: { error in
                let message = String(describing: error)
                return message.contains("refused the write") && message.contains("SQLSTATE 22") && !message.contains(TestServer.password)
            }
            try await sink.write(Seeds.document(Seeds.names[2]))
            try await sink.commit()
            try await sink.close()
            #expect(try await TestServer.count(url, "SELECT count(*) FROM reports") == 2)
        }
    }

    @Test func aConnectionCutMidBatchIsRetriedAndNoDocumentIsLost() async throws {
        try await TestServer.withFreshDatabase { url in
            let name = "ingest-cut-\(UUID().uuidString.prefix(8))"
            let sink = try TestServer.sink(url, ["backoff_ms": 1], applicationName: name)
            let scratch = try Scratch()
            try await sink.open(in: scratch.context)
            try await sink.write(Seeds.document(Seeds.names[0]))
            try await TestServer.terminate(applicationName: name, on: url)
            try await sink.write(Seeds.document(Seeds.names[1]))
            try await TestServer.terminate(applicationName: name, on: url)
            try await sink.commit()
            try await sink.close()
            #expect(try await TestServer.count(url, "SELECT count(*) FROM reports") == 2)
        }
    }

    @Test func anUnreachableServerFailsAfterItsRetriesWithoutShowingThePassword() async throws {
        let sink = try TestServer.sink("postgres://ingest:hunter2-secret@127.0.0.1:1/nowhere?sslmode=disable",
                                       ["retries": 2, "backoff_ms": 1])
        await #expect {
            try await sink.open(in: Scratch().context)
        } throws: { error in
            let message = String(describing: error)
            return message.contains("after 3 attempts") && message.contains("127.0.0.1:1") && !message.contains("hunter2")
        }
    }

    @Test func aWrongPasswordIsReportedWithoutShowingIt() async throws {
        let sink = try TestServer.sink(TestServer.url(database: "postgres", password: "wrong-pass-7781"), ["backoff_ms": 1])
        await #expect {
            try await sink.open(in: Scratch().context)
        } throws: { error in
            let message = String(describing: error)
            return message.contains("password authentication failed") && !message.contains("wrong-pass-7781")
        }
    }

    @Test func theDestinationNamesTheServerButNotThePassword() throws {
        let sink = try TestServer.sink("postgres://ingest:hunter2-secret@db.example:5433/reports")
        #expect(sink.destination(in: try Scratch().context) == "postgres://ingest@db.example:5433/reports")
    }
}
