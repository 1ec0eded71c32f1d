import Foundation
import IngestKit
import StageCatalog
import Testing
@testable import Exec

/// The Python stages of `Tests/Fixtures/exec`.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/exec")

func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

/// A fresh temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("exec-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs an `exec` stage with `options` over a two-page document.
func runExec(_ options: JSONValue) async throws -> Document {
    let (validated, problems) = StageOptions.validate(options, specs: ExecStage.options, path: "options")
    #expect(problems.isEmpty)
    var document = Document(id: "feedc0de", source: "report.txt")
    document.pages = [Page(number: 1, text: "一、总体情况", lines: [TextLine(text: "一、总体情况")])]
    let context = StageContext(outputDirectory: URL(fileURLWithPath: "/tmp"), workDirectory: URL(fileURLWithPath: "/tmp"),
                               position: 1, stageName: "exec")
    return try await ExecStage(options: validated!).process(document, in: context)
}

/// The message of the error `body` throws.
func failure(_ body: () async throws -> Document) async -> String {
    do {
        _ = try await body()
        return "no error"
    } catch {
        return "\(error)"
    }
}

@Suite struct ExecStageTests {
    @Test func aPythonStageNamedOnlyInThePipelineChangesTheRecords() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("report.txt")
        try Data("第一页\n一、总体情况\u{0C}第二页".utf8).write(to: input)
        let pipeline = """
            {"stages": [
              {"stage": "extract.text"},
              {"stage": "exec", "options": {"command": ["python3", "\(fixture("count_pages.py"))"],
                                            "env": {"GREETING": "你好"}, "timeout_seconds": 30}},
              {"stage": "sink.jsonl"}
            ]}
            """
        let config = try PipelineConfig.parse(Data(pipeline.utf8), file: "pipeline.json", registry: stageCatalog)
        let settings = RunSettings(configFile: "pipeline.json", outputDirectory: folder.appendingPathComponent("out"),
                                   workDirectory: folder.appendingPathComponent("work"), jobs: 1)
        let report = try await Runner(config: config, settings: settings).run(files: [input.path])
        #expect(report.failures.isEmpty)
        let line = try String(contentsOf: folder.appendingPathComponent("out/records.jsonl"), encoding: .utf8)
        let record = try JSONValue.parse(Data(line.utf8))
        #expect(record["stats"] == ["pages": 2, "characters": 13])
        #expect(record["extensions"]["python"]["greeting"] == "你好")
        #expect(record["issues"][0]["stage"] == "exec")
        #expect(record["issues"][0]["message"].stringValue?.hasPrefix("counted 2 page(s)") == true)
    }

    @Test func argumentsReachTheCommandVerbatimWithoutAShell() async throws {
        let tricky = "$(touch /tmp/pwned); `id` | rm -rf ~ && echo '\"'"
        let out = try await runExec(["command": .array(["python3", .string(fixture("misbehave.py")), "argument", .string(tricky)])])
        #expect(out.record["argument"] == .string(tricky))
    }

    @Test func aCommandThatExitsNonZeroFailsWithTheEndOfItsStandardError() async {
        let message = await failure { try await runExec(["command": ["python3", .string(fixture("misbehave.py")), "fail"]]) }
        #expect(message.contains("exited with status 3"))
        #expect(message.contains("column 3 is missing"))
    }

    @Test func aCommandThatOutlivesItsTimeLimitIsKilled() async {
        let message = await failure {
            try await runExec(["command": ["python3", .string(fixture("misbehave.py")), "hang"], "timeout_seconds": 0.5])
        }
        #expect(message.contains("did not finish within 0.5 s and was killed"))
        #expect(message.contains("thinking..."))
    }

    @Test func aChildLeftHoldingTheOutputOpenIsKilledAtTheTimeLimit() async {
        let message = await failure {
            try await runExec(["command": ["python3", .string(fixture("misbehave.py")), "orphan"], "timeout_seconds": 1])
        }
        #expect(message.contains("did not finish within 1 s and was killed"))
    }

    @Test func aCommandThatCannotStartSaysSo() async {
        let message = await failure { try await runExec(["command": ["no-such-program-for-ingest"]]) }
        #expect(message.contains("cannot start 'no-such-program-for-ingest'"))
    }

    @Test func outputThatIsNotAnArtifactFailsTheDocument() async {
        let message = await failure { try await runExec(["command": ["python3", .string(fixture("misbehave.py")), "garbage"]]) }
        #expect(message.contains("printed invalid JSON"))
        #expect(message.contains("this is not an artifact"))
    }

    @Test func aCommandMayNotChangeTheDocumentId() async {
        let message = await failure { try await runExec(["command": ["python3", .string(fixture("misbehave.py")), "change-id"]]) }
        #expect(message.contains("changed the document id"))
    }

    @Test func unusableOptionsAreRejectedBeforeAnyDocument() {
        for options: [String: JSONValue] in [["command": []], ["command": ["true"], "timeout_seconds": 0],
                                             ["command": ["true"], "env": ["A": 1]]] {
            #expect(throws: StageError.self) { try ExecStage(options: StageOptions(values: options, specs: ExecStage.options)) }
        }
    }
}
