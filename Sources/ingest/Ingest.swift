import ArgumentParser
import Foundation
import IngestKit
import StageCatalog

/// The `ingest` command line: runs pipelines of stages over documents.
@main
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Turns government PDFs (and already-extracted texts) into checked, structured records.",
        discussion: "Exit status: 0 when every document succeeded, 1 when some failed, 2 on usage or configuration errors.",
        subcommands: [RunCommand.self, ReplayCommand.self, StatusCommand.self, ValidateCommand.self, StagesCommand.self, ReportCommand.self, BenchCommand.self, NewStageCommand.self]
    )

    /// Parses and runs the command, mapping usage errors to exit status 2.
    static func main() async {
        limitOpenMPThreads()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Runs the program again with `OMP_THREAD_LIMIT=1` when it is not set.
///
/// tesseract (the `ocr` stage) parallelises inside a page with OpenMP, whose runtime reads
/// the limit from the environment once, when the library is loaded: setting it later has no
/// effect. With its default threads on top of pages recognised in parallel it was several
/// times slower for the same output; one thread per page, pages in parallel up to `--jobs`,
/// uses the cores without oversubscribing them. A limit the user set is kept.
func limitOpenMPThreads() {
    guard getenv("OMP_THREAD_LIMIT") == nil else { return }
    setenv("OMP_THREAD_LIMIT", "1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    // Not reached unless exec failed; the run goes on with OpenMP's default threads.
}

/// Options shared by the commands that run a pipeline.
struct PipelineOptions: ParsableArguments {
    @Option(name: .long, help: "The pipeline configuration.")
    var config = "pipeline.json"

    @Option(name: .long, help: "The engine's work folder: checkpoints and the run ledger.")
    var work = ".ingest"

    @Option(name: .long, help: "How many documents to process at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    /// Loads and validates the configuration; problems end the program with status 2.
    func loadConfig() throws -> PipelineConfig { try Self.loadConfig(config) }

    /// Loads and validates the configuration `file`; problems end the program with status 2.
    static func loadConfig(_ file: String) throws -> PipelineConfig {
        do {
            return try PipelineConfig.load(contentsOf: URL(fileURLWithPath: file), registry: stageCatalog)
        } catch let error as ConfigError {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    var workURL: URL { URL(fileURLWithPath: work) }
    var ledgerURL: URL { workURL.appendingPathComponent("ledger.sqlite") }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

/// Prints a run's summary and returns the exit status it calls for.
func summarize(_ report: RunReport, verb: String) -> ExitCode {
    let failedDocuments = Set(report.failures.map(\.source)).count
    var line = "\(report.documents) document\(report.documents == 1 ? "" : "s"): \(report.processed) \(verb), "
        + "\(report.upToDate) up to date, \(failedDocuments) failed"
    if !report.setAside.isEmpty { line += ", \(report.setAside.count) not annual report\(report.setAside.count == 1 ? "" : "s")" }
    if !report.duplicates.isEmpty { line += ", \(report.duplicates.count) duplicate\(report.duplicates.count == 1 ? "" : "s") skipped" }
    if report.otherShards > 0 { line += ", \(report.otherShards) input\(report.otherShards == 1 ? "" : "s") left to other shards" }
    line += String(format: " (%.2f s)", report.seconds)
    if report.processed == 0, report.failures.isEmpty, report.upToDate > 0 { line += "; no stage work: everything was up to date" }
    print(line)
    for duplicate in report.duplicates {
        print("  duplicate \(duplicate.source): same bytes as \(duplicate.sameAs)")
    }
    for document in report.setAside {
        print("  NOT A REPORT \(document.source): \(document.reason)")
    }
    for failure in report.failures {
        print("  FAILED \(failure.source) [\(failure.stage)]: \(failure.message)")
    }
    return ExitCode(report.exitCode)
}
