import ArgumentParser
import Foundation
import IngestKit
import StageCatalog

/// `ingest bench pipeline`: what each stage of a pipeline costs per page, and what storing its
/// checkpoint costs, on one core.
struct BenchPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Time each stage of the pipeline per page (and its checkpoint), one document at a time.",
        discussion: """
            Runs the pipeline's stages except sinks over every file in the folder, --repeat times, \
            in this process and one document at a time, and prints for each stage the milliseconds \
            it takes per page and per document, and what storing its checkpoint takes. The time \
            `tables` adds per page is the cost of table recovery (text layouts and page geometry).
            """
    )

    @Option(name: .long, help: "The pipeline configuration.")
    var config = "pipeline.json"

    @Option(name: .long, help: "How many times to go over the folder.")
    var `repeat` = 3

    @Argument(help: "A folder of documents (searched recursively).")
    var folder: String

    func validate() throws {
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() async throws {
        let pipeline = try PipelineConfig.load(contentsOf: URL(fileURLWithPath: config), registry: stageCatalog)
        let all = try pipeline.instantiate()
        let stages = zip(pipeline.steps, all).filter { !($0.1 is any Sink) }
        let files = Inputs.expand([folder]).files
        guard !files.isEmpty else { throw ValidationError("no files in \(folder)") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store = CheckpointStore(workDirectory: scratch)
        var stageSeconds = Array(repeating: 0.0, count: stages.count)
        var checkpointSeconds = Array(repeating: 0.0, count: stages.count)
        var pages = 0, documents = 0
        var failed: [String: String] = [:]
        for round in 0..<`repeat` {
            for file in files where failed[file] == nil {
                var document = Document(id: try SHA256.hex(ofFileAt: URL(fileURLWithPath: file)), source: file)
                var stored: CheckpointStore.Stored? = nil
                var times: [(stage: Double, checkpoint: Double)] = []
                do {
                    for (i, (step, stage)) in stages.enumerated() {
                        let context = StageContext(outputDirectory: scratch, workDirectory: scratch, position: i, stageName: step.name)
                        let start = ContinuousClock.now
                        document = try await stage.process(document, in: context)
                        let processed = ContinuousClock.now
                        stored = try store.save(document, key: "r\(round)-s\(i)", previous: stored)
                        times.append(((processed - start).seconds, (ContinuousClock.now - processed).seconds))
                    }
                } catch {
                    failed[file] = Runner.describe(error)
                    continue
                }
                for (i, time) in times.enumerated() {
                    stageSeconds[i] += time.stage
                    checkpointSeconds[i] += time.checkpoint
                }
                pages += max(document.pages.count, 1)
                documents += 1
            }
        }
        for (file, reason) in failed.sorted(by: { $0.key < $1.key }) { print("left out \(file): \(reason)") }
        guard documents > 0 else { throw ValidationError("no document in \(folder) went through the pipeline") }
        print("\(documents) documents, \(pages) pages (\(files.count - failed.count) files × \(`repeat`)), one at a time")
        var rows: [[String]] = []
        for (i, (step, _)) in stages.enumerated() {
            rows.append([step.name, String(format: "%.3f", stageSeconds[i] * 1000 / Double(pages)),
                         String(format: "%.2f", stageSeconds[i] * 1000 / Double(documents)),
                         String(format: "%.3f", checkpointSeconds[i] * 1000 / Double(pages))])
        }
        let total = stageSeconds.reduce(0, +) + checkpointSeconds.reduce(0, +)
        rows.append(["all stages + checkpoints", String(format: "%.3f", total * 1000 / Double(pages)),
                     String(format: "%.2f", total * 1000 / Double(documents)), ""])
        printTable(header: ["stage", "ms/page", "ms/document", "checkpoint ms/page"], rows: rows)
        print(String(format: "%.0f pages/s on one core through these stages, checkpoints included", Double(pages) / total))
    }
}
