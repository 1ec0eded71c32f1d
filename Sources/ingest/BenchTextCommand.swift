import ArgumentParser
import Foundation
import IngestKit
import StageCatalog

/// `ingest bench text`: whether the text path stays linear in its input. Builds a text of
/// `--size` MB on one line from report texts, and one `--scale` times longer, runs both through
/// the pipeline and prints each stage's seconds for both sizes, their ratio and the peak memory.
struct BenchTextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Time the pipeline on one-line texts of two sizes: seconds per stage, their ratio, peak memory.",
        discussion: """
            Joins the texts given (folders are searched for .txt and .md files) onto one line, their \
            line breaks removed, copy after copy until --size megabytes (10^6 bytes), and a second text \
            --scale times longer. Each runs through the pipeline's stages except sinks, in this process, \
            checkpoints stored, and the table gives each stage's seconds for both sizes and their ratio: \
            a stage whose time grows faster than its input shows a ratio well above --scale. Peak memory \
            is VmHWM from /proc/self/status, reset before each size.
            """
    )

    @Option(name: .long, help: "The pipeline configuration.")
    var config = "pipeline.json"

    @Option(name: .long, help: "Megabytes (10^6 bytes) of the smaller text.")
    var size = 2.6

    @Option(name: .long, help: "How many times longer the second text is.")
    var scale = 10

    @Argument(help: "Report texts, or folders of them (.txt, .md).")
    var sources: [String]

    func validate() throws {
        guard size > 0 else { throw ValidationError("--size must be positive") }
        guard scale >= 1 else { throw ValidationError("--scale must be at least 1") }
    }

    func run() async throws {
        let pipeline = try PipelineConfig.load(contentsOf: URL(fileURLWithPath: config), registry: stageCatalog)
        let stages = zip(pipeline.steps.map(\.name), try pipeline.instantiate()).filter { !($0.1 is any Sink) }
        let line = try Self.oneLine(Inputs.expand(sources).files.filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") })
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-bench-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var runs: [TextRun] = []
        for bytes in [Int(size * 1e6), Int(size * 1e6) * scale] {
            let file = scratch.appendingPathComponent("one-line-\(bytes).txt")
            try Self.repeated(line, bytes: bytes).write(to: file)
            runs.append(try await measure(file: file, bytes: bytes, stages: stages, store: CheckpointStore(workDirectory: scratch)))
        }
        report(runs, stages: stages.map(\.0))
    }

    /// The texts' contents on one line: line breaks and form feeds removed.
    static func oneLine(_ files: [String]) throws -> String {
        guard !files.isEmpty else { throw ValidationError("no .txt or .md file among the sources") }
        let texts = try files.map { try String(contentsOfFile: $0, encoding: .utf8) }
        return texts.joined().filter { $0 != "\n" && $0 != "\r\n" && $0 != "\r" && $0 != "\u{0C}" }
    }

    /// `line` repeated until `bytes` bytes, cut at a character boundary.
    static func repeated(_ line: String, bytes: Int) -> Data {
        let unit = Array(line.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes)
        while out.count + unit.count <= bytes { out += unit }
        var tail = unit.prefix(bytes - out.count)
        while let last = tail.last, last & 0xC0 == 0x80 || last >= 0xC0 { tail = tail.dropLast() }
        return Data(out + tail)
    }

    /// One text through the stages: seconds per stage (checkpoint included) and peak memory.
    func measure(file: URL, bytes: Int, stages: [(String, any Stage)], store: CheckpointStore) async throws -> TextRun {
        ProcessMemory.resetPeak()
        var document = Document(id: try SHA256.hex(ofFileAt: file), source: file.path)
        var stored: CheckpointStore.Stored? = nil
        var seconds: [Double] = []
        for (i, (name, stage)) in stages.enumerated() {
            let context = StageContext(outputDirectory: store.root, workDirectory: store.root, position: i, stageName: name)
            let start = ContinuousClock.now
            document = try await stage.process(document, in: context)
            stored = try store.save(document, key: "b\(bytes)-s\(i)", previous: stored)
            seconds.append((ContinuousClock.now - start).seconds)
        }
        return TextRun(bytes: bytes, seconds: seconds, peakKiB: ProcessMemory.current("VmHWM"))
    }

    func report(_ runs: [TextRun], stages: [String]) {
        let (small, large) = (runs[0], runs[1])
        func ratio(_ a: Double, _ b: Double) -> String { a > 0 ? String(format: "%.1f×", b / a) : "–" }
        let header = ["stage (checkpoint included)", small.label, large.label, "ratio"]
        var rows = stages.indices.map { i in
            [stages[i], String(format: "%.3f", small.seconds[i]), String(format: "%.3f", large.seconds[i]), ratio(small.seconds[i], large.seconds[i])]
        }
        rows.append(["all stages", String(format: "%.3f", small.total), String(format: "%.3f", large.total), ratio(small.total, large.total)])
        rows.append(["peak RSS (MiB)", String(format: "%.0f", Double(small.peakKiB) / 1024), String(format: "%.0f", Double(large.peakKiB) / 1024),
                     ratio(Double(small.peakKiB), Double(large.peakKiB))])
        print("seconds for one-line texts of \(small.label) and \(large.label) (\(scale)× longer), one document at a time")
        printTable(header: header, rows: rows)
    }
}

/// The figures of one text in `ingest bench text`.
struct TextRun {
    let bytes: Int
    let seconds: [Double]
    let peakKiB: Int

    var total: Double { seconds.reduce(0, +) }
    var label: String { String(format: "%.1f MB", Double(bytes) / 1e6) }
}
