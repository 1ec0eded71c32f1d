import ArgumentParser
import Foundation
import IngestKit
import StageCatalog

/// `ingest bench`: measures stages on real files, outside the runner (no checkpoints, no ledger).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed and memory of stages against reference tools.",
        subcommands: [
            BenchExtractCommand.self, BenchPipelineCommand.self, BenchOCRCommand.self,
            BenchTextCommand.self,
            BenchRunCommand.self,
        ]
    )
}

/// The options of the benchmarks measured against pdftotext over the same files.
struct PdftotextComparison: ParsableArguments {
    @Option(name: .long, help: "Documents at once in the second measurement (default: the number of cores; 1: one measurement).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "How many times over the folder's files are taken (by `bench run` as distinct copies).")
    var `repeat`: Int = 1

    @Option(name: .long, help: "The pdftotext executable.")
    var pdftotext = "/usr/bin/pdftotext"

    /// One job, then `--jobs` unless it is one.
    var jobCounts: [Int] { jobs == 1 ? [1] : [1, jobs] }

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }
}

/// `ingest bench extract DIR`: extract.pdf against `pdftotext` over the same PDFs, with one job
/// and with all cores, in pages per second and peak memory.
struct BenchExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Compare extract.pdf with pdftotext: pages/s and peak memory, one job and all cores.",
        discussion: """
            Reads every PDF in the folder (--repeat times over), first with one job, then with --jobs. \
            extract.pdf runs in this process (peak memory: VmHWM from /proc/self/status, reset before each \
            measurement); pdftotext runs as one subprocess per file (peak memory: the largest maximum resident \
            set of one pdftotext per distinct file, as /usr/bin/time reports it). The RSS line shows whether memory grows with the number of documents: \
            run it with --repeat so that there are 1,000 documents or more. Pages per CPU-second (user and \
            system time of this process, or of the pdftotext children) compare the two fairly on a machine busy \
            with other work.
            """
    )

    @OptionGroup var comparison: PdftotextComparison

    @Argument(help: "A folder of PDFs (searched recursively; files that are not PDFs are left out).")
    var folder: String

    func run() async throws {
        guard let stageType = stageCatalog["extract.pdf"] else {
            printError("this build of ingest has no extract.pdf stage")
            throw ExitCode(2)
        }
        let pdfs = try benchPDFs(under: folder)
        let stage = try stageType.init(options: StageOptions(specs: stageType.options))
        let files = Array(repeating: pdfs, count: comparison.repeat).flatMap { $0 }
        print("\(pdfs.count) PDFs × \(comparison.repeat) = \(files.count) documents; \(ProcessInfo.processInfo.activeProcessorCount) cores; "
            + String(format: "RSS before the first document: %.1f MiB", Double(ProcessMemory.current("VmRSS")) / 1024))
        var results: [BenchResult] = []
        for jobCount in comparison.jobCounts {
            let own = try await measureStage(stage, files: files, jobs: jobCount, sampleEvery: pdfs.count)
            var reference = try await measurePdftotext(files: files, jobs: jobCount, pages: own.pages)
            reference.peakKiB = await pdftotextPeakKiB(pdfs)
            results += [own, reference]
        }
        report(results)
    }

    // MARK: - Measurements

    /// Runs the stage over `files`, `jobs` at a time, sampling RSS after every `sampleEvery` documents.
    func measureStage(_ stage: any Stage, files: [String], jobs: Int, sampleEvery: Int) async throws -> BenchResult {
        ProcessMemory.resetPeak()
        let context = StageContext(outputDirectory: URL(fileURLWithPath: "/tmp"), workDirectory: URL(fileURLWithPath: "/tmp"),
                                   position: 0, stageName: "extract.pdf")
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = CPUTime.of(RUSAGE_SELF)
        var tally = BenchResult(tool: "extract.pdf", jobs: jobs, documents: files.count)
        try await Self.forEach(files, jobs: jobs) { path in
            do {
                let document = try await stage.process(Document(id: path, source: path), in: context)
                return .pages(document.pages.count)
            } catch {
                return .failed("\(path): \(error)")
            }
        } collect: { outcome, done in
            tally.add(outcome)
            if done % sampleEvery == 0 { tally.rssSamples.append(ProcessMemory.current("VmRSS")) }
        }
        tally.seconds = (clock.now - start).seconds
        tally.cpuSeconds = CPUTime.of(RUSAGE_SELF) - cpuStart
        tally.peakKiB = ProcessMemory.current("VmHWM")
        return tally
    }

    /// Runs `pdftotext FILE -` over `files`, `jobs` subprocesses at a time, output discarded.
    func measurePdftotext(files: [String], jobs: Int, pages: Int) async throws -> BenchResult {
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = CPUTime.of(RUSAGE_CHILDREN)
        var tally = BenchResult(tool: "pdftotext", jobs: jobs, documents: files.count)
        try await Self.forEach(files, jobs: jobs) { path in
            let status = await runQuietly(comparison.pdftotext, ["-enc", "UTF-8", path, "-"])
            return status == 0 ? .pages(0) : .failed("\(path): pdftotext exit status \(status)")
        } collect: { outcome, _ in
            tally.add(outcome)
        }
        tally.seconds = (clock.now - start).seconds
        tally.cpuSeconds = CPUTime.of(RUSAGE_CHILDREN) - cpuStart
        tally.pages = pages
        return tally
    }

    /// The largest peak memory (KiB) of pdftotext over `files`, one at a time, measured by
    /// `/usr/bin/time -f %M`; 0 when that tool is missing. (The children's figure from
    /// getrusage would not do: a child spawned from this process inherits its high-water mark.)
    func pdftotextPeakKiB(_ files: [String]) async -> Int {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return 0 }
        var peak = 0
        for file in files {
            let output = await runCapturingError("/usr/bin/time", ["-f", "%M", comparison.pdftotext, "-enc", "UTF-8", file, "-"])
            let last = output.split(separator: "\n").last.map(String.init) ?? ""
            peak = max(peak, Int(last.trimmingCharacters(in: .whitespaces)) ?? 0)
        }
        return peak
    }

    /// Processes `items` with at most `jobs` in flight; `collect` sees each outcome and the count so far.
    static func forEach(_ items: [String], jobs: Int, _ body: @escaping @Sendable (String) async -> BenchOutcome,
                 collect: (BenchOutcome, Int) -> Void) async throws {
        try await withThrowingTaskGroup(of: BenchOutcome.self) { group in
            var next = 0
            var done = 0
            while next < min(jobs, items.count) {
                let item = items[next]
                group.addTask { await body(item) }
                next += 1
            }
            while let outcome = try await group.next() {
                done += 1
                collect(outcome, done)
                if next < items.count {
                    let item = items[next]
                    group.addTask { await body(item) }
                    next += 1
                }
            }
        }
    }

    // MARK: - Report

    func report(_ results: [BenchResult]) {
        print("")
        print("tool          jobs   docs   pages   seconds    pages/s   CPU s  pages/CPU-s   peak MiB   failed")
        for r in results {
            print(r.tool.padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(format: " %5d %6d %7d %9.2f %10.1f %7.2f %12.1f %10.1f %8d", r.jobs, r.documents, r.pages,
                         r.seconds, r.pagesPerSecond, r.cpuSeconds, r.pagesPerCPUSecond, Double(r.peakKiB) / 1024,
                         r.failures.count))
        }
        for jobs in Set(results.map(\.jobs)).sorted() {
            let own = results.first { $0.tool == "extract.pdf" && $0.jobs == jobs }
            let reference = results.first { $0.tool == "pdftotext" && $0.jobs == jobs }
            if let own, let reference, reference.pagesPerSecond > 0, reference.pagesPerCPUSecond > 0 {
                let ratio = String(format: "%.2f× in pages/s, %.2f× in pages per CPU-second",
                                   own.pagesPerSecond / reference.pagesPerSecond,
                                   own.pagesPerCPUSecond / reference.pagesPerCPUSecond)
                print("extract.pdf / pdftotext with \(jobs) job\(jobs == 1 ? "" : "s"): \(ratio)")
            }
        }
        if results.contains(where: { $0.tool == "pdftotext" && $0.peakKiB == 0 }) {
            print("(pdftotext peak memory unknown: /usr/bin/time is missing; apt-get install time)")
        }
        if let serial = results.first(where: { $0.tool == "extract.pdf" && $0.jobs == 1 }),
           let first = serial.rssSamples.first, let last = serial.rssSamples.last {
            print(String(format: "extract.pdf RSS with one job: %.1f MiB after the first pass, %.1f MiB after %d documents (%+.1f MiB)",
                         Double(first) / 1024, Double(last) / 1024, serial.documents, Double(last - first) / 1024))
        }
        for failure in results.flatMap(\.failures).prefix(5) { print("  FAILED \(failure)") }
    }
}

/// What happened to one document in a benchmark.
enum BenchOutcome: Sendable {
    case pages(Int)
    case failed(String)
}

/// The figures of one measurement.
/// The median of `values` (not empty): the middle value, or the mean of the two middle ones.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

struct BenchResult {
    let tool: String
    let jobs: Int
    let documents: Int
    var pages = 0
    var seconds = 0.0
    /// User and system CPU time spent (this process, or the pdftotext children).
    var cpuSeconds = 0.0
    var peakKiB = 0
    var failures: [String] = []
    /// Resident memory (KiB) after each pass over the folder.
    var rssSamples: [Int] = []

    var pagesPerSecond: Double { seconds > 0 ? Double(pages) / seconds : 0 }
    /// Pages per second of CPU time: what the tool costs, whatever else the machine is doing.
    var pagesPerCPUSecond: Double { cpuSeconds > 0 ? Double(pages) / cpuSeconds : 0 }

    mutating func add(_ outcome: BenchOutcome) {
        switch outcome {
        case .pages(let count): pages += count
        case .failed(let message): failures.append(message)
        }
    }
}

/// Memory figures of this process (Linux /proc).
enum ProcessMemory {
    /// A `/proc/self/status` field in KiB (`VmRSS`, `VmHWM`); 0 where there is no /proc.
    static func current(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    /// Resets VmHWM to the current RSS (writing 5 to /proc/self/clear_refs), so that each
    /// measurement reports its own peak. Memory the bench freed before (the distinct copies it
    /// wrote, an earlier round) is first handed back to the system: the allocator keeps freed
    /// pages resident, and they counted in the next run's peak (10,000 copies of the seeds left
    /// several MiB).
    static func resetPeak() {
        trimHeap()
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Hands the allocator's free pages back to the system: jemalloc's (the program's
    /// allocator, `Package.swift`) by purging every arena, else glibc's `malloc_trim(0)`. Both
    /// are looked up at run time: Swift's Glibc module declares neither, and a build without
    /// one of them trims with the other or not at all.
    private static func trimHeap() {
        let everything = UnsafeMutableRawPointer(bitPattern: 0)
        if let symbol = dlsym(everything, "mallctl") {
            typealias Control = @convention(c) (UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?,
                                                UnsafeMutableRawPointer?, Int) -> Int32
            // 4096 is MALLCTL_ARENAS_ALL.
            _ = unsafeBitCast(symbol, to: Control.self)("arena.4096.purge", nil, nil, nil, 0)
        } else if let symbol = dlsym(everything, "malloc_trim") {
            typealias Trim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
    }
}

/// User plus system CPU time from getrusage: of this process (all threads) or of its finished children.
enum CPUTime {
    static func of(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(who.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// Runs a program with its output discarded and returns its exit status.
func runQuietly(_ executable: String, _ arguments: [String]) async -> Int32 {
    await run(executable, arguments, errors: nil)
}

/// Runs a program with its standard output discarded and returns what it wrote on standard error.
func runCapturingError(_ executable: String, _ arguments: [String]) async -> String {
    let pipe = Pipe()
    _ = await run(executable, arguments, errors: pipe)
    let data = (try? pipe.fileHandleForReading.readToEnd()) ?? Data()
    return String(decoding: data, as: UTF8.self)
}

/// Runs a program to its end; standard error goes to `errors` (or is discarded).
private func run(_ executable: String, _ arguments: [String], errors: Pipe?) async -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors ?? FileHandle.nullDevice
    return await withCheckedContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch { continuation.resume(returning: -1) }
    }
}

/// The PDFs a bench command measures: those under `folder`; exit status 2 when there is none.
func benchPDFs(under folder: String) throws -> [String] {
    let pdfs = Inputs.expand([folder]).files.filter(isPDF)
    guard !pdfs.isEmpty else {
        printError("no PDF under \(folder) (a PDF is a file whose bytes start with %PDF)")
        throw ExitCode(2)
    }
    return pdfs
}

/// Whether the file's bytes start with `%PDF`.
func isPDF(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    return (try? handle.read(upToCount: 4)) == Data("%PDF".utf8)
}
