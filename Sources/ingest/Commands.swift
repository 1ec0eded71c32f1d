import ArgumentParser
import Foundation
import IngestKit
import StageCatalog

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the pipeline over documents (files, folders searched recursively, glob patterns).",
        discussion: "Stages already done for a document with the same configuration are not run again."
    )

    @OptionGroup var pipeline: PipelineOptions

    @Option(name: .long, help: "Where sinks write their output.")
    var out = "out"

    @OptionGroup var sharding: ShardOptions

    @Option(name: .long, help: ArgumentHelp(
        "Seconds between progress lines when standard error is not a terminal (0: none).", valueName: "seconds"))
    var progressInterval: Double = 30

    @Argument(help: "Input files, folders or glob patterns.")
    var inputs: [String]

    func validate() throws {
        guard progressInterval >= 0 else { throw ValidationError("--progress-interval must be 0 or more seconds") }
    }

    func run() async throws {
        let config = try pipeline.loadConfig()
        let assignment = try sharding.resolve()
        let (files, missing) = Inputs.expand(inputs)
        guard missing.isEmpty else {
            printError("no such input: " + missing.joined(separator: ", "))
            throw ExitCode(2)
        }
        guard !files.isEmpty else {
            printError("the inputs hold no files: " + inputs.joined(separator: " "))
            throw ExitCode(2)
        }
        let shard = assignment?.shard
        let progress: ProgressDisplay = standardErrorIsTerminal ? .bar : progressInterval > 0 ? .lines(every: progressInterval) : .none
        let settings = RunSettings(configFile: pipeline.config, outputDirectory: ShardOptions.folder(out, shard),
                                   workDirectory: ShardOptions.folder(pipeline.work, shard), jobs: pipeline.jobs,
                                   progress: progress, shard: shard)
        if let assignment {
            printError("shard \(assignment.shard) (\(assignment.origin)): work \(settings.workDirectory.path), output \(settings.outputDirectory.path)")
        }
        let report = try await Runner(config: config, settings: settings).run(files: files)
        throw summarize(report, verb: "processed")
    }
}

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run the pipeline from a stage, starting from the checkpoints before it.",
        discussion: """
            Takes the documents of the last `ingest run` (all of them, or only --failed, or one --doc) \
            and runs STAGE and everything after it with the current configuration. Earlier stages are not run.
            """
    )

    @OptionGroup var pipeline: PipelineOptions

    @Option(name: .long, help: "The stage to start from: its name, or its 1-based position in the pipeline.")
    var from: String

    @Flag(name: .long, help: "Only documents whose last outcome was a failure.")
    var failed = false

    @Option(name: .long, help: "Only this document (its id, or a unique prefix of it).")
    var doc: String?

    @Option(name: .long, help: "Where sinks write (default: the output folder of the last run).")
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Replay this shard's last run (its work folder WORK/shard-K-of-N).", valueName: "K/N"))
    var shard: String?

    func validate() throws {
        if failed, doc != nil { throw ValidationError("--failed and --doc cannot be combined") }
    }

    func run() async throws {
        let config = try pipeline.loadConfig()
        let shard = try shard.map { try ShardOptions.parse($0) }
        let workURL = ShardOptions.folder(pipeline.work, shard)
        guard let position = config.position(of: from) else {
            printError("no stage '\(from)' in \(pipeline.config); its stages are: " + config.steps.map(\.name).joined(separator: ", "))
            throw ExitCode(2)
        }
        let ledger = try Ledger(url: workURL.appendingPathComponent("ledger.sqlite"))
        guard let last = try ledger.lastRun(command: "run") else {
            printError("no run recorded in \(workURL.path); use `ingest run` first")
            throw ExitCode(2)
        }
        var documents = try ledger.documents(run: last.id).filter { !$0.id.isEmpty }
        if failed { documents = try documents.filter { try ledger.lastOutcomeFailed(document: $0.id) } }
        if let doc {
            documents = documents.filter { $0.id.hasPrefix(doc) }
            guard documents.count == 1 else {
                printError(documents.isEmpty ? "no document \(doc) in the last run" : "'\(doc)' matches \(documents.count) documents; give more of the id")
                throw ExitCode(2)
            }
        }
        guard !documents.isEmpty else {
            print("nothing to replay" + (failed ? ": no document failed" : ""))
            return
        }
        let settings = RunSettings(configFile: pipeline.config, outputDirectory: URL(fileURLWithPath: out ?? last.outputDirectory),
                                   workDirectory: workURL, jobs: pipeline.jobs,
                                   progress: standardErrorIsTerminal ? .bar : .lines(every: 30))
        let report = try await Runner(config: config, settings: settings).replay(from: position, documents: documents)
        throw summarize(report, verb: "replayed from \(config.steps[position].name)")
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the last run: counts per stage, failures with their errors, documents that are not annual reports.",
        discussion: "A work folder that holds shards' folders (shard-K-of-N) and no ledger of its own shows every shard's last run."
    )

    @Option(name: .long, help: "The engine's work folder.")
    var work = ".ingest"

    @Option(name: .long, help: ArgumentHelp("Only this shard's last run (its work folder WORK/shard-K-of-N).", valueName: "K/N"))
    var shard: String?

    func run() throws {
        let shard = try shard.map { try ShardOptions.parse($0) }
        let folder = ShardOptions.folder(work, shard)
        if shard == nil, !FileManager.default.fileExists(atPath: folder.appendingPathComponent("ledger.sqlite").path) {
            let shards = ShardOptions.shardFolders(in: folder)
            if !shards.isEmpty {
                for (i, shardFolder) in shards.enumerated() {
                    print((i == 0 ? "" : "\n") + "== \(shardFolder.lastPathComponent) ==")
                    try Self.show(work: shardFolder)
                }
                return
            }
        }
        try Self.show(work: folder)
    }

    static func show(work: URL) throws {
        let ledgerURL = work.appendingPathComponent("ledger.sqlite")
        guard FileManager.default.fileExists(atPath: ledgerURL.path) else {
            printError("no runs recorded in \(work.path)")
            throw ExitCode(2)
        }
        let ledger = try Ledger(url: ledgerURL)
        guard let run = try ledger.lastRun() else {
            print("no runs recorded in \(work.path)")
            return
        }
        let outcomes = try ledger.outcomes(run: run.id)
        let setAside = try ledger.setAside(run: run.id)
        print("run \(run.id) (\(run.command)) started \(run.startedAt), " + (run.finishedAt.map { "finished \($0)" } ?? "not finished"))
        print("config \(run.configFile), output \(run.outputDirectory)")
        print("\(run.documents) documents, \(run.failed) failed, \(setAside.count) not annual reports")
        print("")
        let stages = outcomes.filter { $0.position >= 0 }
        let positions = Set(stages.map(\.position)).sorted()
        let header = ["#", "stage", "ok", "failed", "up-to-date", "mean ms"]
        var rows: [[String]] = []
        for position in positions {
            let here = stages.filter { $0.position == position }
            let ran = here.filter { $0.status == .ok || $0.status == .failed }
            let mean = ran.isEmpty ? 0 : ran.map(\.milliseconds).reduce(0, +) / Double(ran.count)
            rows.append(["\(position + 1)", here[0].stage, "\(here.filter { $0.status == .ok }.count)",
                         "\(here.filter { $0.status == .failed }.count)", "\(here.filter { $0.status == .upToDate }.count)",
                         String(format: "%.1f", mean)])
        }
        printTable(header: header, rows: rows)
        let failures = outcomes.filter { $0.status == .failed }
        if !failures.isEmpty {
            print("\nfailures:")
            for f in failures { print("  \(f.source) [\(f.stage)] \(String(f.document.prefix(12))): \(f.error ?? "")") }
        }
        if !setAside.isEmpty {
            print("\nnot annual reports (kept out of the report tables):")
            for s in setAside { print("  \(s.source): \(s.reason)") }
        }
        let duplicates = outcomes.filter { $0.status == .duplicate }
        for d in duplicates { print("  duplicate \(d.source): \(d.error ?? "")") }
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pipeline configuration: stage names, option names and types. Exit 2 when it has problems."
    )

    @Option(name: .long, help: "The pipeline configuration.")
    var config = "pipeline.json"

    func run() throws {
        do {
            let pipeline = try PipelineConfig.load(contentsOf: URL(fileURLWithPath: config), registry: stageCatalog)
            print("\(config): OK, \(pipeline.steps.count) stages: " + pipeline.steps.map(\.name).joined(separator: " → "))
        } catch let error as ConfigError {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}

struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "List the registered stages with their options."
    )

    @Flag(name: .long, help: "Print the reference as Markdown (as in the README).")
    var markdown = false

    func run() throws {
        for stage in stageCatalog.stages {
            if markdown {
                print("### `\(stage.name)`\n\n\(stage.summary)\n")
                if stage.options.isEmpty {
                    print("No options.\n")
                } else {
                    print("| option | type | default | meaning |\n|---|---|---|---|")
                    for o in stage.options {
                        let value = o.defaultText.map { "`\($0)`" } ?? ""
                        print("| `\(o.name)` | \(o.kind.rawValue) | \(value) | \(o.summary) |")
                    }
                    print("")
                }
            } else {
                print("\(stage.name)\n  \(stage.summary)")
                for o in stage.options {
                    let value = o.defaultText.map { " = \($0)" } ?? ""
                    print("    \(o.name) (\(o.kind.rawValue)\(value)): \(o.summary)")
                }
            }
        }
    }
}

extension OptionSpec {
    /// The default value as JSON, or nil when the option has none.
    var defaultText: String? {
        defaultValue.isNull ? nil : (try? defaultValue.serialized()).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Prints rows under a header, columns padded to their widest cell.
func printTable(header: [String], rows: [[String]]) {
    let all = [header] + rows
    let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
    for row in all {
        print(row.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  "))
    }
}
