import Foundation
import IngestKit
import Sinks
import Testing

@Suite struct CSVSinkTests {
    private func lines(_ url: URL) throws -> [[String]] {
        CSVFormat.parse(try String(contentsOf: url, encoding: .utf8))
    }

    @Test func fieldsWithCommasQuotesAndLineBreaksAreQuotedAsRFC4180Says() {
        #expect(CSVFormat.record(["a", "b,c", "say \"hi\"", "two\nlines", "中宁县"])
            == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",中宁县\r\n")
    }

    @Test func parsingWhatWasWrittenGivesTheFieldsBack() {
        let fields = ["", "b,c", "say \"hi\"", "two\r\nlines", "海原县", "\"", ","]
        #expect(CSVFormat.parse(CSVFormat.record(fields) + CSVFormat.record(["x"])) == [fields, ["x"]])
    }

    @Test func theLongAndWideTablesMatchTheRecordsCellForCellInPython() async throws {
        let scratch = try Scratch()
        let documents = try Seeds.documents()
        try await scratch.run(CSVSink(options: options(CSVSink.self, ["bom": true])), documents)
        let records = scratch.url.appendingPathComponent("records.jsonl")
        try documents.map { String(decoding: try $0.outputRecord.serialized(), as: UTF8.self) + "\n" }.joined()
            .write(to: records, atomically: true, encoding: .utf8)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", Seeds.fixtures.appendingPathComponent("compare_csv.py").path, records.path,
                            scratch.url.appendingPathComponent("tables.csv").path, scratch.url.appendingPathComponent("reports.csv").path]
        let output = Pipe()
        python.standardOutput = output
        try python.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(printed == "ok\n")
        #expect(python.terminationStatus == 0)
    }

    @Test func writingTheSameDocumentsTwiceNeverDuplicatesLines() async throws {
        let scratch = try Scratch()
        let documents = try Seeds.documents()
        try await scratch.run(CSVSink(options: options(CSVSink.self)), documents)
        let first = try Data(contentsOf: scratch.url.appendingPathComponent("tables.csv"))
        try await scratch.run(CSVSink(options: options(CSVSink.self)), documents.reversed())
        #expect(try Data(contentsOf: scratch.url.appendingPathComponent("tables.csv")) == first)
        #expect(try lines(scratch.url.appendingPathComponent("reports.csv")).count == 6)
    }

    @Test func aChangedDocumentReplacesItsLines() async throws {
        let scratch = try Scratch()
        var document = try Seeds.document(Seeds.names[0])
        let other = try Seeds.document(Seeds.names[1])
        try await scratch.run(CSVSink(options: options(CSVSink.self)), [document, other])
        document.record.setValue(nil, at: "tables.applications")
        document.record.setValue("中宁县政府", at: "report.agency")
        try await scratch.run(CSVSink(options: options(CSVSink.self)), [document])
        let long = try lines(scratch.url.appendingPathComponent("tables.csv"))
        #expect(!long.contains { $0[0] == document.id && $0[1] == "applications" })
        #expect(long.contains { $0[0] == other.id && $0[1] == "applications" })
        let wide = try lines(scratch.url.appendingPathComponent("reports.csv"))
        #expect(wide.count == 3)
        #expect(wide.first { $0[0] == document.id }?[3] == "中宁县政府")
    }

    @Test func theBomOptionStartsEachFileWithAUTF8ByteOrderMark() async throws {
        let scratch = try Scratch()
        try await scratch.run(CSVSink(options: options(CSVSink.self, ["bom": true])), [Seeds.document(Seeds.names[0])])
        for name in ["tables.csv", "reports.csv"] {
            #expect(try Data(contentsOf: scratch.url.appendingPathComponent(name)).starts(with: CSVFormat.byteOrderMark))
        }
    }

    @Test func turningTheBomOffRewritesTheFilesWithoutLosingDocuments() async throws {
        let scratch = try Scratch()
        try await scratch.run(CSVSink(options: options(CSVSink.self, ["bom": true])), [Seeds.document(Seeds.names[0])])
        try await scratch.run(CSVSink(options: options(CSVSink.self)), [Seeds.document(Seeds.names[1])])
        let data = try Data(contentsOf: scratch.url.appendingPathComponent("reports.csv"))
        #expect(!data.starts(with: CSVFormat.byteOrderMark))
        #expect(CSVFormat.parse(String(decoding: data, as: UTF8.self)).count == 3)
    }

    @Test func aRecordWithoutTablesGivesAWideLineAndNoCells() async throws {
        let scratch = try Scratch()
        try await scratch.run(CSVSink(options: options(CSVSink.self)), [Document(id: "abc", source: "a.txt")])
        #expect(try lines(scratch.url.appendingPathComponent("tables.csv")) == [CSVSink.longHeader])
        let wide = try lines(scratch.url.appendingPathComponent("reports.csv"))
        #expect(wide.count == 2)
        #expect(wide[1].count == CSVSink.wideHeader.count)
    }
}

@Suite struct SinkOpenTests {
    @Test func openingAFileSinkTwiceKeepsWhatWasWrittenInBetween() async throws {
        let scratch = try Scratch()
        let sink = try CSVSink(options: options(CSVSink.self))
        try await sink.open(in: scratch.context)
        try await sink.write(Seeds.document(Seeds.names[0]))
        try await sink.open(in: scratch.context)
        try await sink.commit()
        try await sink.close()
        #expect(CSVFormat.parse(try String(contentsOf: scratch.url.appendingPathComponent("reports.csv"), encoding: .utf8)).count == 2)
    }
}
