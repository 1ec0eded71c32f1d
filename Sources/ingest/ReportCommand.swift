import ArgumentParser
import Foundation
import IngestKit
import ReviewSite

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a static review site of a run's records: every record beside its pages, charts, checks across years.",
        discussion: """
            The site opens from the file system (OUT/index.html) with no server and can be copied anywhere. \
            Running it again writes only what changed.
            """
    )

    @Option(name: .long, help: "The engine's work folder: the last run's output folder and, from the checkpoints, cleaned text and glyph boxes.")
    var work = ".ingest"

    @Option(name: .long, help: "Where to write the site.")
    var out = "report"

    @Option(name: .long, help: "The records: a SQLite file, or a postgres:// URL (default: reports.sqlite in the last run's output folder).")
    var from: String?

    func run() async throws {
        let workURL = URL(fileURLWithPath: work)
        let location = try from ?? defaultDatabase(workURL)
        do {
            let records = try await RecordStore.records(from: location)
            let built = try ReviewSite.build(records, into: URL(fileURLWithPath: out), work: workURL)
            print(built.summary)
            if built.written.count <= 10 { for file in built.written { print("  wrote \(file)") } }
            for problem in built.problems.values.sorted() { print("  source not shown: \(problem)") }
            print("open \(URL(fileURLWithPath: out).appendingPathComponent("index.html").path)")
        } catch let error as ReviewSiteError {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    /// `reports.sqlite` in the output folder of the last `ingest run`, or in `out`.
    func defaultDatabase(_ workURL: URL) throws -> String {
        let ledgerURL = workURL.appendingPathComponent("ledger.sqlite")
        var folder = "out"
        if FileManager.default.fileExists(atPath: ledgerURL.path), let run = try Ledger(url: ledgerURL).lastRun(command: "run") {
            folder = run.outputDirectory
        }
        return URL(fileURLWithPath: folder).appendingPathComponent("reports.sqlite").path
    }
}
