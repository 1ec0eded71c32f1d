import Foundation
import Testing
@testable import IngestKit

@Suite struct RunnerTests {
    /// Three small text documents and a pipeline whose middle stage fails on those listed in `marker`.
    func setUp(_ scratch: Scratch, failing: [String]) throws -> (PipelineConfig, [String]) {
        let files = try ["a.txt", "b.txt", "c.txt"].map { try scratch.write("in/\($0)", "报告 \($0)\n第二行") }
        try scratch.write("marker", failing.joined(separator: "\n"))
        let config = try pipeline("""
            {"stages": [{"stage": "extract.text"},
                        {"stage": "test.fail-when-listed", "options": {"marker": "\(scratch.path("marker"))"}},
                        {"stage": "sink.jsonl"}]}
            """, in: scratch)
        return (config, files)
    }

    @Test func theLedgersTimestampsAreISO8601InUTC() {
        let before = ISO8601DateFormatter().string(from: Date())
        let stamp = Ledger.now()
        let after = ISO8601DateFormatter().string(from: Date())
        #expect(stamp == before || stamp == after)
        #expect(stamp.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/) != nil)
    }

    @Test func aFailingDocumentDoesNotStopTheOthers() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let (config, files) = try setUp(scratch, failing: ["b.txt"])
        let report = try await run(config, files, in: scratch)
        #expect(report.failures == [RunReport.Failure(source: files[1], stage: "test.fail-when-listed", message: "listed as failing")])
        #expect(report.exitCode == 1)
        let records = try lines(of: scratch.path("out/records.jsonl"))
        #expect(records.count == 2)
        #expect(records.allSatisfy { !$0.contains("b.txt") })
    }

    @Test func aSecondRunWithTheSameInputsDoesNoStageWork() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let (config, files) = try setUp(scratch, failing: [])
        _ = try await run(config, files, in: scratch)
        let first = try lines(of: scratch.path("out/records.jsonl"))
        let again = try await run(config, files, in: scratch)
        #expect(again.processed == 0 && again.upToDate == 3 && again.exitCode == 0)
        let ledger = try Ledger(url: scratch.url.appendingPathComponent("work/ledger.sqlite"))
        let outcomes = try ledger.outcomes(run: again.run)
        #expect(!outcomes.isEmpty && outcomes.allSatisfy { $0.status == .upToDate })
        #expect(try lines(of: scratch.path("out/records.jsonl")) == first)
    }

    @Test func changingAStagesOptionsRerunsFromThatStageOnly() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let (config, files) = try setUp(scratch, failing: [])
        _ = try await run(config, files, in: scratch)
        let changed = try pipeline("""
            {"stages": [{"stage": "extract.text"},
                        {"stage": "test.fail-when-listed", "options": {"marker": "\(scratch.path("marker"))"}},
                        {"stage": "sink.jsonl", "options": {"file": "other.jsonl"}}]}
            """, in: scratch)
        let report = try await run(changed, files, in: scratch)
        let ledger = try Ledger(url: scratch.url.appendingPathComponent("work/ledger.sqlite"))
        let ran = try ledger.outcomes(run: report.run).filter { $0.status == .ok }
        #expect(Set(ran.map(\.stage)) == ["sink.jsonl"])
        #expect(try lines(of: scratch.path("out/other.jsonl")).count == 3)
    }

    @Test func replayFromAFixedStageMatchesACleanRunWithoutRerunningEarlierStages() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let (config, files) = try setUp(scratch, failing: ["b.txt"])
        let first = try await run(config, files, in: scratch)
        #expect(first.failures.count == 1)

        try FileManager.default.removeItem(atPath: scratch.path("marker"))
        let settings = RunSettings(configFile: "test", outputDirectory: scratch.url.appendingPathComponent("out"),
                                   workDirectory: scratch.url.appendingPathComponent("work"), jobs: 2)
        let runner = try Runner(config: config, settings: settings)
        let failed = try runner.ledger.documents(run: first.run).filter { try runner.ledger.lastOutcomeFailed(document: $0.id) }
        #expect(failed.map(\.source) == [files[1]])
        let replay = try await runner.replay(from: 1, documents: failed)
        #expect(replay.exitCode == 0 && replay.processed == 1)

        let outcomes = try runner.ledger.outcomes(run: replay.run)
        #expect(outcomes.allSatisfy { $0.position >= 1 }, "the extractor must not run again")
        #expect(outcomes.map(\.stage) == ["test.fail-when-listed", "sink.jsonl"])

        let clean = try Scratch(); defer { clean.cleanup() }
        let cleanFiles = try ["a.txt", "b.txt", "c.txt"].map { name in
            try clean.write("in/\(name)", try String(contentsOfFile: scratch.path("in/\(name)"), encoding: .utf8))
        }
        try clean.write("marker", "")
        let cleanConfig = try pipeline("""
            {"stages": [{"stage": "extract.text"},
                        {"stage": "test.fail-when-listed", "options": {"marker": "\(clean.path("marker"))"}},
                        {"stage": "sink.jsonl"}]}
            """, in: clean)
        _ = try await run(cleanConfig, cleanFiles, in: clean)
        let strip = { (lines: [String]) in lines.map { $0.replacingOccurrences(of: scratch.url.path, with: "").replacingOccurrences(of: clean.url.path, with: "") } }
        #expect(strip(try lines(of: scratch.path("out/records.jsonl"))) == strip(try lines(of: clean.path("out/records.jsonl"))))
    }

    @Test func inputsWithTheSameBytesAreIngestedOnce() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let a = try scratch.write("a.txt", "同一份报告")
        let b = try scratch.write("copy/a.txt", "同一份报告")
        let config = try pipeline(#"{"stages": [{"stage": "extract.text"}, {"stage": "sink.jsonl"}]}"#, in: scratch)
        let report = try await run(config, [a, b], in: scratch)
        #expect(report.duplicates.count == 1 && report.exitCode == 0)
        #expect(try lines(of: scratch.path("out/records.jsonl")).count == 1)
    }

    @Test func anUnreadableInputIsAFailureNamingTheFile() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let good = try scratch.write("good.txt", "正文")
        let config = try pipeline(#"{"stages": [{"stage": "extract.text"}, {"stage": "sink.jsonl"}]}"#, in: scratch)
        let report = try await run(config, [good, scratch.path("gone.txt")], in: scratch)
        #expect(report.failures.map(\.source) == [scratch.path("gone.txt")])
        #expect(report.failures.first?.stage == "input")
        #expect(try lines(of: scratch.path("out/records.jsonl")).count == 1)
    }

    @Test func aSinksStepsNeverOverlapWhenDocumentsRunConcurrently() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let files = try (0..<9).map { try scratch.write("in/\($0).txt", "报告 \($0)") }
        let config = try pipeline("""
            {"stages": [{"stage": "extract.text"},
                        {"stage": "test.slow-logging-sink", "options": {"log": "\(scratch.path("log"))"}}]}
            """, in: scratch)
        let report = try await run(config, files, in: scratch, jobs: 4)
        #expect(report.exitCode == 0)
        let steps = try lines(of: scratch.path("log"))
        #expect(steps.filter { $0 == "begin open" }.count == 1)
        #expect(steps.filter { $0 == "begin write" }.count == 9)
        let overlapping = stride(from: 0, to: steps.count - 1, by: 2).contains { i in
            !(steps[i].hasPrefix("begin ") && steps[i + 1] == "end " + steps[i].dropFirst(6))
        }
        #expect(!overlapping, "steps interleaved: \(steps)")
    }

    /// The sinks that end a pipeline write a document on their own task: with one job, the
    /// next document goes through its stages while the last one is written.
    @Test func oneJobGoesOnToItsNextDocumentWhileTheSinksWriteTheLast() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let files = try ["a.txt", "b.txt", "c.txt"].map { try scratch.write("in/\($0)", "报告 \($0)") }
        let log = scratch.path("log")
        let config = try pipeline("""
            {"stages": [{"stage": "extract.text"},
                        {"stage": "test.logging-stage", "options": {"log": "\(log)"}},
                        {"stage": "test.waiting-sink", "options": {"log": "\(log)"}},
                        {"stage": "sink.jsonl"}]}
            """, in: scratch)
        let report = try await run(config, files, in: scratch, jobs: 1)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let steps = try lines(of: log)
        let begin = try #require(steps.firstIndex(of: "begin write a.txt"))
        let next = try #require(steps.firstIndex(of: "stage b.txt"))
        let end = try #require(steps.firstIndex(of: "end write a.txt"))
        #expect(begin < next && next < end, "\(steps)")
        #expect(try lines(of: scratch.path("out/records.jsonl")).count == 3)
    }
}
