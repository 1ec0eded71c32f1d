import Foundation
import Testing

/// `ingest bench run`, as a user runs it: the executable of this build.
@Suite struct BenchRunCommandTests {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `ingest ARGUMENTS` from the repository folder: its exit status and its output.
    func ingest(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let folders = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        let executable = try #require(folders.flatMap { [$0, $0.deletingLastPathComponent()] }.map { $0.appendingPathComponent("ingest") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }, "no ingest executable beside the test bundle")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = repository
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// The cells of the table row that starts with `tool`.
    func row(_ tool: String, in output: String) throws -> [String] {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix(tool + " ") }, "no \(tool) line in:\n\(output)")
        return line.dropFirst(tool.count).split(separator: " ").map(String.init)
    }

    @Test func aRunOverDistinctCopiesOfAPDFAndATextReportsBothToolsWithoutFailures() throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        for sample in ["pdf/hl2023.pdf", "text/000_022dc25bfed7dc13.txt"] {
            let target = scratch.url.appendingPathComponent("in").appendingPathComponent(URL(fileURLWithPath: sample).lastPathComponent)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: repository.appendingPathComponent("samples").appendingPathComponent(sample), to: target)
        }
        let (status, output) = try ingest(["bench", "run", "--jobs", "1", "--repeat", "3", scratch.path("in")])
        #expect(status == 0, "\(output)")
        #expect(output.contains("2 files × 3 = 6 documents (3 PDFs)"))
        // jobs, documents, pages, seconds, pages/s, documents/s, CPU ms/page, peak RSS MiB, failed
        let run = try row("ingest run", in: output)
        #expect(run.count == 9 && run[0] == "1" && run[1] == "6" && run.last == "0", "\(run)")
        #expect((Double(run[7]) ?? 0) > 0, "peak RSS")
        let loop = try row("pdftotext -layout", in: output)
        #expect(loop.count == 8 && loop[1] == "3" && loop.last == "0", "\(loop)")
        let (runPages, loopPages) = (Int(run[2]) ?? 0, Int(loop[2]) ?? 0)
        #expect(loopPages > 0 && loopPages % 3 == 0 && runPages > loopPages, "the text's pages are the run's only")
        #expect(output.contains("ingest run / pdftotext -layout loop with 1 job: "))
    }

    @Test func roundsAreEachMeasuredAndTheRatiosMedianIsTheirs() throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("in"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repository.appendingPathComponent("samples/pdf/hl2023.pdf"),
                                         to: scratch.url.appendingPathComponent("in/hl2023.pdf"))
        let (status, output) = try ingest(["bench", "run", "--jobs", "1", "--repeat", "2", "--rounds", "3", scratch.path("in")])
        #expect(status == 0, "\(output)")
        for round in 1...3 {
            // round, then the row as without rounds: jobs, documents, pages, …, failed
            let run = try row("\(round)      ingest run", in: output)
            #expect(run.count == 9 && run[1] == "2" && run.last == "0", "round \(round): \(run)")
            _ = try row("\(round)      pdftotext -layout", in: output)
        }
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("ingest run / pdftotext -layout loop with 1 job: ") })
        let ratios = line.split(separator: " ").compactMap { $0.hasSuffix("×") ? Double($0.dropLast()) : nil }
        try #require(ratios.count == 4, "\(line)")
        #expect(ratios[0] == ratios[1...].sorted()[1], "the median of the three rounds: \(line)")
    }

    @Test func roundsMustBeAtLeastOne() throws {
        let (status, output) = try ingest(["bench", "run", "--rounds", "0", "samples/text"])
        #expect(status == 2)
        #expect(output.contains("--rounds must be at least 1"))
    }

    @Test func repeatMustBeAtLeastOne() throws {
        let (status, output) = try ingest(["bench", "run", "--repeat", "0", "samples/text"])
        #expect(status == 2)
        #expect(output.contains("--repeat must be at least 1"))
    }
}
