import Foundation
import Testing
@testable import IngestKit
@testable import Sinks

@Suite struct JSONLinesSinkTests {
    func sink(in scratch: Scratch) async throws -> JSONLinesSink {
        let sink = try JSONLinesSink(options: StageOptions())
        try await sink.open(in: StageContext(outputDirectory: scratch.url, workDirectory: scratch.url, position: 0, stageName: JSONLinesSink.name))
        return sink
    }

    @Test func writingADocumentAgainReplacesItsLine() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        var doc = Document(id: "d1", source: "a.txt")
        let first = try await sink(in: scratch)
        try await first.write(doc)
        try await first.commit()
        try await first.close()
        doc.record["note"] = "changed"
        let second = try await sink(in: scratch)
        try await second.write(doc)
        try await second.commit()
        try await second.close()
        let saved = try lines(of: scratch.path("records.jsonl"))
        #expect(saved.count == 1 && saved[0].contains("changed"))
    }

    @Test func aLineCutOffByACrashIsDroppedOnOpen() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let whole = try String(decoding: Document(id: "d1", source: "a.txt").outputRecord.serialized(), as: UTF8.self)
        try scratch.write("records.jsonl", whole + "\n{\"document\":{\"id\":\"d2\"")
        let sink = try await sink(in: scratch)
        try await sink.write(Document(id: "d3", source: "c.txt"))
        try await sink.commit()
        try await sink.close()
        let saved = try lines(of: scratch.path("records.jsonl"))
        #expect(saved.count == 2)
        #expect(saved.allSatisfy { (try? JSONValue.parse(Data($0.utf8))) != nil })
    }

    @Test func linesCommittedEarlierAreCopiedFromTheFileWhenALaterCommitRewritesIt() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let sink = try await sink(in: scratch)
        var b = Document(id: "d2", source: "b.txt")
        b.record["note"] = "第一稿"
        for document in [b, Document(id: "d1", source: "a.txt"), Document(id: "d3", source: "c.txt")] {
            try await sink.write(document)
            try await sink.commit()
        }
        b.record["note"] = "第二稿"
        try await sink.write(b)
        try await sink.commit()
        try await sink.close()
        let saved = try lines(of: scratch.path("records.jsonl"))
        let sources = saved.compactMap { try? JSONValue.parse(Data($0.utf8)).value(at: "document.source").stringValue }
        #expect(sources == ["a.txt", "b.txt", "c.txt"])
        #expect(saved[1].contains("第二稿") && !saved.joined().contains("第一稿"))
    }
}
