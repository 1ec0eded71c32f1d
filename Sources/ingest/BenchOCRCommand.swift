import ArgumentParser
import Foundation
import IngestKit
import OCR
import StageCatalog

/// `ingest bench ocr DIR`: the `ocr` stage against `tesseract` alone on the same pages at the
/// same dpi, in pages per second and seconds per page.
struct BenchOCRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr",
        abstract: "Compare the ocr stage with tesseract alone on the same pages: pages/s and seconds per page.",
        discussion: """
            Extracts every PDF in the folder (not timed), runs the ocr stage over them as `ingest run` \
            does (--jobs documents at once, sharing --jobs page slots), then renders the pages the \
            stage read with pdftoppm at the same dpi (not timed) and runs the tesseract command on \
            them: --jobs processes, each loading its model once and reading its share of the pages, \
            with OMP_THREAD_LIMIT=1 as the stage has. Both are timed on the wall clock and in CPU \
            seconds (getrusage: this process for the stage, the tesseract processes for tesseract), \
            in --repeat rounds that alternate the two; the ratios' median is printed. \
            The stage's time includes rendering, deskewing, removing ruling lines and reading \
            numbers again; its breakdown is printed below.
            """
    )

    @Option(name: .long, help: "Pages recognised at once, by the stage and by tesseract (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Resolution of the recognition, for both.")
    var dpi = 300

    @Option(name: .long, help: "tesseract languages, for both.")
    var languages = "chi_sim"

    @Option(name: .customLong("repeat"), help: "Rounds of the stage and of tesseract, alternated; the ratios' median is printed.")
    var repeats = 1

    @Option(name: .long, help: "The tesseract executable.")
    var tesseract = "/usr/bin/tesseract"

    @Argument(help: "A folder of PDFs (searched recursively).")
    var folder: String

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard repeats >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() async throws {
        guard let extractType = stageCatalog["extract.pdf"], let ocrType = stageCatalog["ocr"] else {
            printError("this build of ingest has no extract.pdf or ocr stage")
            throw ExitCode(2)
        }
        let pdfs = try benchPDFs(under: folder)
        let extract = try extractType.init(options: StageOptions(specs: extractType.options))
        let ocr = try ocrType.init(options: StageOptions(values: ["dpi": .int(dpi), "languages": .string(languages)], specs: ocrType.options))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-bench-ocr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        func context(_ name: String) -> StageContext {
            StageContext(outputDirectory: scratch, workDirectory: scratch, position: 0, stageName: name, jobs: jobs)
        }
        var extracted: [Document] = []
        for pdf in pdfs {
            extracted.append(try await extract.process(Document(id: pdf, source: pdf), in: context("extract.pdf")))
        }
        // One round: the stage over every document as `ingest run` runs them; the pages it read.
        func stageRound() async throws -> (seconds: Double, cpu: Double, read: [(source: String, pages: [Int])]) {
            let clock = ContinuousClock(), start = clock.now, cpuStart = CPUTime.of(RUSAGE_SELF)
            let read = try await withThrowingTaskGroup(of: (Int, String, [Int]).self) { group in
                var next = 0, read: [(Int, String, [Int])] = []
                func startNext() {
                    guard next < extracted.count else { return }
                    let (index, document) = (next, extracted[next])
                    next += 1
                    group.addTask {
                        let out = try await ocr.process(document, in: context("ocr"))
                        return (index, document.source, out.extensions["ocr"]?["pages"].objectValue?.keys.compactMap { Int($0) }.sorted() ?? [])
                    }
                }
                for _ in 0..<jobs { startNext() }
                while let done = try await group.next() {
                    read.append(done)
                    startNext()
                }
                return read.sorted { $0.0 < $1.0 }.map { (source: $0.1, pages: $0.2) }
            }
            return ((clock.now - start).seconds, CPUTime.of(RUSAGE_SELF) - cpuStart, read)
        }
        // One round of the tesseract command over the same pages, --jobs processes.
        func tesseractRound(_ lists: [String]) async -> (seconds: Double, cpu: Double) {
            let clock = ContinuousClock(), start = clock.now, cpuStart = CPUTime.of(RUSAGE_CHILDREN)
            let statuses = await withTaskGroup(of: Int32.self) { group in
                for list in lists {
                    group.addTask { await runQuietly(tesseract, [list, "stdout", "-l", languages, "--dpi", String(dpi)]) }
                }
                return await group.reduce(into: [Int32]()) { $0.append($1) }
            }
            if statuses.contains(where: { $0 != 0 }) { printError("tesseract failed on some pages (exit status \(statuses))") }
            return ((clock.now - start).seconds, CPUTime.of(RUSAGE_CHILDREN) - cpuStart)
        }

        await OCRTimings.shared.reset()
        let first = try await stageRound()
        let pageCount = first.read.map(\.pages.count).reduce(0, +)
        guard pageCount > 0 else {
            print("the ocr stage read no page of \(pdfs.count) PDFs (all have a healthy text layer of their own)")
            return
        }
        var images: [String] = []
        for (source, pages) in first.read {
            for page in pages {
                let stem = scratch.appendingPathComponent("\(images.count)").path
                _ = await runQuietly("/usr/bin/pdftoppm", ["-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", source, stem])
                images.append(stem + ".pgm")
            }
        }
        let lists = (0..<min(jobs, images.count)).map { j -> String in
            let list = scratch.appendingPathComponent("list-\(j).txt").path
            let mine = images.enumerated().filter { $0.offset % jobs == j }.map(\.element)
            try? (mine.joined(separator: "\n") + "\n").write(toFile: list, atomically: true, encoding: .utf8)
            return list
        }
        // The rounds alternate, so that a slower minute of a shared machine weighs on both.
        var stage = [(first.seconds, first.cpu)], alone = [await tesseractRound(lists)]
        for _ in 1..<repeats {
            let round = try await stageRound()
            stage.append((round.seconds, round.cpu))
            alone.append(await tesseractRound(lists))
        }
        let breakdown = await OCRTimings.shared.totals
        let pages = Double(pageCount)
        print("pages: \(pageCount) of \(pdfs.count) PDFs, \(dpi) dpi, \(languages), \(jobs) at once, OMP_THREAD_LIMIT=\(ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] ?? "unset"), \(repeats) round\(repeats == 1 ? "" : "s")")
        print("round  tool          pages   seconds    pages/s   s/page   CPU s/page")
        for (n, (s, t)) in zip(stage, alone).enumerated() {
            for (tool, seconds, cpu) in [("ocr stage", s.0, s.1), ("tesseract", t.seconds, t.cpu)] {
                print(String(format: "%5d  ", n + 1) + tool.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + String(format: " %6d %9.2f %10.3f %8.3f %12.3f", pageCount, seconds, pages / seconds, seconds / pages, cpu / pages))
            }
        }
        let wall = zip(stage, alone).map { $0.0 / $1.seconds }, cpu = zip(stage, alone).map { $0.1 / $1.cpu }
        let listed = { (ratios: [Double]) in ratios.map { String(format: "%.2f×", $0) }.joined(separator: " ") }
        print(String(format: "stage / tesseract (seconds per page): %.2f×", median(wall)) + (repeats > 1 ? " median of \(listed(wall))" : ""))
        print(String(format: "stage / tesseract (CPU seconds per page): %.2f×", median(cpu)) + (repeats > 1 ? " median of \(listed(cpu))" : ""))
        let per = { (s: Double) in s / pages / Double(repeats) }
        print(String(format: "stage per page (a round), summed over the pages at once: render+deskew+rules %.3f s, recognition %.3f s, number re-reads %.3f s (%d numbers, %d read a third time)",
                     per(breakdown.render), per(breakdown.recognise), per(breakdown.rereads), breakdown.numbers / repeats, breakdown.escalated / repeats))
    }
}
