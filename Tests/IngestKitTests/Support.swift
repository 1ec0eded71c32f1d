import Foundation
import IngestKit
import StageCatalog

/// A fresh folder under the system's temporary directory, removed by `cleanup()`.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
        return target.path
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// A test stage that fails for documents whose file name is listed in its `marker` file, and
/// appends a note to the record otherwise. Deleting the marker file "fixes" it without
/// changing the configuration, as fixing a stage's code would.
struct FailWhenListed: Stage {
    static let name = "test.fail-when-listed"
    static let summary = "Fails for the documents named in a marker file."
    static let options = [OptionSpec("marker", .string, "file listing file names to fail on")]

    let marker: String

    init(options: StageOptions) throws {
        guard let marker = options.string("marker") else { throw options.invalid("marker", "required") }
        self.marker = marker
    }

    func process(_ document: Document, in context: StageContext) async throws -> Document {
        let listed = (try? String(contentsOfFile: marker, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        let name = URL(fileURLWithPath: document.source).lastPathComponent
        if listed.contains(name) { throw StageError("listed as failing") }
        var out = document
        out.record["note"] = .string("seen \(name)")
        return out
    }
}

/// A sink that suspends inside every lifecycle step and logs when each begins and ends, so a
/// test can see whether steps ever overlap.
actor SlowLoggingSink: Sink {
    static let name = "test.slow-logging-sink"
    static let summary = "Logs its lifecycle steps to a file, pausing inside each."
    static let options = [OptionSpec("log", .string, "file to append the steps to"),
                          OptionSpec("batch", .integer, default: 2, "documents per commit")]

    let log: String
    nonisolated let batchSize: Int

    init(options: StageOptions) throws {
        guard let log = options.string("log") else { throw options.invalid("log", "required") }
        self.log = log
        batchSize = options.int("batch") ?? 2
    }

    private func step(_ name: String) async throws {
        try appendLine("begin \(name)", to: log)
        try await Task.sleep(for: .milliseconds(5))
        try appendLine("end \(name)", to: log)
    }

    func open(in context: StageContext) async throws { try await step("open") }
    func write(_ document: Document) async throws { try await step("write") }
    func commit() async throws { try await step("commit") }
    func close() async throws { try await step("close") }
}

/// A test stage that appends `stage FILE` to a log file for every document it processes.
struct LoggingStage: Stage {
    static let name = "test.logging-stage"
    static let summary = "Logs the documents it processes to a file."
    static let options = [OptionSpec("log", .string, "file to append to")]

    let log: String

    init(options: StageOptions) throws {
        guard let log = options.string("log") else { throw options.invalid("log", "required") }
        self.log = log
    }

    func process(_ document: Document, in context: StageContext) async throws -> Document {
        try appendLine("stage \(URL(fileURLWithPath: document.source).lastPathComponent)", to: log)
        return document
    }
}

/// A sink whose first write waits, up to ten seconds, until the log shows a later document
/// at a stage, and fails if none comes: it passes only when the job goes on while it writes.
actor WaitingSink: Sink {
    static let name = "test.waiting-sink"
    static let summary = "Waits in its first write for the next document to reach a stage."
    static let options = [OptionSpec("log", .string, "file the stages log to")]

    let log: String
    private var writes = 0

    init(options: StageOptions) throws {
        guard let log = options.string("log") else { throw options.invalid("log", "required") }
        self.log = log
    }

    func open(in context: StageContext) async throws {}
    func commit() async throws {}
    func close() async throws {}

    func write(_ document: Document) async throws {
        let name = URL(fileURLWithPath: document.source).lastPathComponent
        writes += 1
        try appendLine("begin write \(name)", to: log)
        if writes == 1 {
            let deadline = ContinuousClock.now + .seconds(10)
            while !((try? lines(of: log)) ?? []).contains(where: { $0.hasPrefix("stage ") && $0 != "stage \(name)" }) {
                guard ContinuousClock.now < deadline else { throw StageError("no other document reached a stage while this one was written") }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        try appendLine("end write \(name)", to: log)
    }
}

/// Appends a line to a log file, making the file if it is not there.
func appendLine(_ line: String, to path: String) throws {
    let handle = FileHandle(forWritingAtPath: path) ?? {
        FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)!
    }()
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((line + "\n").utf8))
}

/// The catalog plus the test stages.
let testRegistry: StageRegistry = {
    var registry = stageCatalog
    registry.register(FailWhenListed.self)
    registry.register(SlowLoggingSink.self)
    registry.register(LoggingStage.self)
    registry.register(WaitingSink.self)
    return registry
}()

/// Writes a pipeline file and loads it.
func pipeline(_ json: String, in scratch: Scratch) throws -> PipelineConfig {
    let file = try scratch.write("pipeline-\(UUID().uuidString.prefix(6)).json", json)
    return try PipelineConfig.load(contentsOf: URL(fileURLWithPath: file), registry: testRegistry)
}

/// Runs a pipeline over files with output and work folders inside the scratch folder.
func run(_ config: PipelineConfig, _ files: [String], in scratch: Scratch, out: String = "out", jobs: Int = 2) async throws -> RunReport {
    let settings = RunSettings(configFile: "test", outputDirectory: scratch.url.appendingPathComponent(out),
                               workDirectory: scratch.url.appendingPathComponent("work"), jobs: jobs)
    return try await Runner(config: config, settings: settings).run(files: files)
}

func lines(of path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
}
