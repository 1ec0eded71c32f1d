import ArgumentParser
import Foundation
import IngestKit
import StageCatalog

/// `ingest bench run FOLDER`: the whole `ingest run` path (every stage of the pipeline,
/// checkpoints, ledger, sinks) over distinct copies of the folder's files, against a per-file
/// `pdftotext -layout` loop over the same PDFs.
struct BenchRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Time `ingest run` end to end (pages/s, documents/s, CPU per page, peak memory) against a pdftotext -layout loop.",
        discussion: """
            Copies every file of the folder --repeat times into a temporary folder, each copy made a \
            distinct document by whitespace appended after its last byte (a document's id is the SHA-256 \
            of its bytes), then runs the pipeline over the copies as `ingest run` does (checkpoints, \
            ledger and sinks into a fresh temporary work and output folder), first with one job, then \
            with --jobs. Beside each, `pdftotext -layout FILE OUT.txt` runs once per PDF copy, --jobs at \
            a time; its pages are the form feeds it writes. Peak memory is this process's VmHWM during \
            the run (reset before it). A folder of texts measures memory alone: \
            `ingest bench run --jobs 1 --repeat 2000 SEEDS` runs 10,000 documents from five texts. \
            With --rounds, the whole measurement is made that many times, each round in fresh folders and \
            alternating the two tools, so that a slower minute of a shared machine weighs on both; the \
            ratios' median is printed beside each round's.
            """
    )

    @Option(name: .long, help: "The pipeline configuration.")
    var config = "pipeline.json"

    @Option(name: .long, help: "Rounds of the measurements, each in fresh folders, the tools alternated; the ratios' median is printed.")
    var rounds = 1

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
    }

    @OptionGroup var comparison: PdftotextComparison

    @Argument(help: "A folder of documents (searched recursively).")
    var folder: String

    func run() async throws {
        let pipeline = try PipelineOptions.loadConfig(config)
        let originals = Inputs.expand([folder]).files
        guard !originals.isEmpty else {
            printError("no files under \(folder)")
            throw ExitCode(2)
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-bench-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copies = try Self.distinctCopies(of: originals, under: folder, times: comparison.repeat,
                                             into: scratch.appendingPathComponent("documents"))
        let pdfs = copies.filter(isPDF)
        print("\(originals.count) files × \(comparison.repeat) = \(copies.count) documents (\(pdfs.count) PDFs); "
            + "\(config): " + pipeline.steps.map(\.name).joined(separator: " → ")
            + "; \(ProcessInfo.processInfo.activeProcessorCount) cores")
        var rounds: [[BenchResult]] = []
        for round in 1...self.rounds {
            var results: [BenchResult] = []
            for jobCount in comparison.jobCounts {
                let folder = scratch.appendingPathComponent("round-\(round)").appendingPathComponent("jobs-\(jobCount)")
                results.append(try await measureRun(pipeline, files: copies, jobs: jobCount, in: folder))
                if !pdfs.isEmpty {
                    results.append(try await measurePdftotextLoop(pdfs, jobs: jobCount, output: folder.appendingPathComponent("pdftotext")))
                }
                try? FileManager.default.removeItem(at: folder)
            }
            rounds.append(results)
        }
        report(rounds)
        if pdfs.isEmpty { print("(no PDF in the folder: no pdftotext loop)") }
    }

    // MARK: - Copies

    /// `times` copies of each file under `into/copy-N/`, copy N with N written in binary after
    /// the file's bytes (a newline, then a space for 0 and a tab for 1): distinct bytes, hence
    /// distinct documents, that every extractor reads as the original (PDF readers ignore what
    /// follows `%%EOF`; trailing whitespace is no text).
    static func distinctCopies(of files: [String], under folder: String, times: Int, into: URL) throws -> [String] {
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path
        var copies: [String] = []
        for n in 0..<times {
            let marker = Data(("\n" + String(n, radix: 2).map { $0 == "0" ? " " : "\t" }.joined()).utf8)
            for file in files {
                var relative = URL(fileURLWithPath: file).standardizedFileURL.path
                if relative.hasPrefix(base + "/") { relative.removeFirst(base.count + 1) } else { relative = URL(fileURLWithPath: file).lastPathComponent }
                let target = into.appendingPathComponent(String(format: "copy-%05d", n)).appendingPathComponent(relative)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try (Data(contentsOf: URL(fileURLWithPath: file)) + marker).write(to: target)
                copies.append(target.path)
            }
        }
        return copies
    }

    // MARK: - Measurements

    /// Runs the pipeline over `files` as `ingest run` does, with work and output folders under `folder`.
    func measureRun(_ pipeline: PipelineConfig, files: [String], jobs: Int, in folder: URL) async throws -> BenchResult {
        let settings = RunSettings(configFile: config, outputDirectory: folder.appendingPathComponent("out"),
                                   workDirectory: folder.appendingPathComponent("work"), jobs: jobs, progress: ProgressDisplay.none)
        ProcessMemory.resetPeak()
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = CPUTime.of(RUSAGE_SELF)
        let runReport = try await Runner(config: pipeline, settings: settings).run(files: files)
        var tally = BenchResult(tool: "ingest run", jobs: jobs, documents: files.count)
        tally.seconds = (clock.now - start).seconds
        tally.cpuSeconds = CPUTime.of(RUSAGE_SELF) - cpuStart
        tally.peakKiB = ProcessMemory.current("VmHWM")
        tally.pages = runReport.pages
        tally.failures = runReport.failures.map { "\($0.source) [\($0.stage)]: \($0.message)" }
            + runReport.duplicates.map { "\($0.source): same bytes as \($0.sameAs)" }
        return tally
    }

    /// `pdftotext -layout FILE OUT.txt` once per PDF, `jobs` at a time (as a shell loop would);
    /// the pages are the form feeds written, counted after the clock stops.
    func measurePdftotextLoop(_ pdfs: [String], jobs: Int, output: URL) async throws -> BenchResult {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let targets = Dictionary(uniqueKeysWithValues: pdfs.enumerated().map { ($1, output.appendingPathComponent("\($0).txt").path) })
        let executable = comparison.pdftotext
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = CPUTime.of(RUSAGE_CHILDREN)
        var tally = BenchResult(tool: "pdftotext -layout", jobs: jobs, documents: pdfs.count)
        try await BenchExtractCommand.forEach(pdfs, jobs: jobs) { path in
            let status = await runQuietly(executable, ["-layout", "-enc", "UTF-8", path, targets[path]!])
            return status == 0 ? .pages(0) : .failed("\(path): pdftotext exit status \(status)")
        } collect: { outcome, _ in
            tally.add(outcome)
        }
        tally.seconds = (clock.now - start).seconds
        tally.cpuSeconds = CPUTime.of(RUSAGE_CHILDREN) - cpuStart
        tally.pages = targets.values.reduce(0) { pages, target in
            pages + ((try? Data(contentsOf: URL(fileURLWithPath: target))) ?? Data()).reduce(0) { $0 + ($1 == 0x0C ? 1 : 0) }
        }
        try? FileManager.default.removeItem(at: output)
        return tally
    }

    // MARK: - Report

    /// The table of every round's measurements, then each ratio (ingest run against the
    /// pdftotext loop for each job count, and the last job count against one job): one round's, or
    /// the median of the rounds' with each round's beside it.
    func report(_ rounds: [[BenchResult]]) {
        print("")
        let numbered = rounds.count > 1
        var rows: [[String]] = []
        for (n, results) in rounds.enumerated() {
            for r in results {
                let documentsPerSecond = r.seconds > 0 ? Double(r.documents) / r.seconds : 0
                let cpuPerPage = r.pages > 0 ? r.cpuSeconds * 1000 / Double(r.pages) : 0
                rows.append((numbered ? ["\(n + 1)"] : []) + [r.tool, "\(r.jobs)", "\(r.documents)", "\(r.pages)", String(format: "%.2f", r.seconds),
                             String(format: "%.1f", r.pagesPerSecond), String(format: "%.1f", documentsPerSecond),
                             String(format: "%.2f", cpuPerPage),
                             r.tool == "ingest run" ? String(format: "%.1f", Double(r.peakKiB) / 1024) : "",
                             "\(r.failures.count)"])
            }
        }
        printTable(header: (numbered ? ["round"] : []) + ["tool", "jobs", "documents", "pages", "seconds", "pages/s", "documents/s", "CPU ms/page",
                            "peak RSS MiB", "failed"], rows: rows)
        func line(_ label: String, _ ratios: [Double]) {
            guard !ratios.isEmpty else { return }
            let each = numbered ? ", median of " + ratios.map { String(format: "%.2f×", $0) }.joined(separator: " ") : ""
            print(label + String(format: ": %.2f× in pages/s", median(ratios)) + each)
        }
        for jobs in comparison.jobCounts {
            line("ingest run / pdftotext -layout loop with \(jobs) job\(jobs == 1 ? "" : "s")", rounds.compactMap { results in
                guard let run = results.first(where: { $0.tool == "ingest run" && $0.jobs == jobs }),
                      let loop = results.first(where: { $0.tool != "ingest run" && $0.jobs == jobs }), loop.pagesPerSecond > 0 else { return nil }
                return run.pagesPerSecond / loop.pagesPerSecond
            })
        }
        if let most = comparison.jobCounts.last, most > 1 {
            line("ingest run with \(most) jobs / with 1 job", rounds.compactMap { results in
                let runs = results.filter { $0.tool == "ingest run" }
                guard let one = runs.first(where: { $0.jobs == 1 }), let many = runs.first(where: { $0.jobs == most }),
                      one.pagesPerSecond > 0 else { return nil }
                return many.pagesPerSecond / one.pagesPerSecond
            })
        }
        for failure in rounds.joined().flatMap(\.failures).prefix(5) { print("  FAILED \(failure)") }
    }
}
