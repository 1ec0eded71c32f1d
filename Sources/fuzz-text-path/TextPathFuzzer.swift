import AnnualReport
import Cleanup
import Foundation
import IngestKit
import Tables
import TextSource

/// The text path as one function of a file's bytes: `extract.text` (decoding, header block,
/// pages and lines) → `cleanup` → `tables` → `schema.annual-report`, with default options.
/// A document the stages reject (binary bytes, no text, not a report) is an answer; only a
/// crash is a finding.
///
/// Built by `scripts/fuzz` with `-sanitize=fuzzer,address` and `-DFUZZING`, this is libFuzzer's
/// target; built plainly, `fuzz-text-path FILE...` runs files through the same path (a crash
/// that libFuzzer wrote out, under a debugger or with a Swift backtrace).
enum TextPath {
    static let extract = stage(TextExtract.self)
    static let stages: [any Stage] = [stage(TextCleanup.self), stage(TableRecovery.self), stage(AnnualReportSchema.self)]

    static func stage<S: Stage>(_ type: S.Type) -> S {
        try! S(options: StageOptions(values: [:], specs: S.options))
    }

    /// The document the path makes of `data`, or the error that stopped it.
    static func run(_ data: Data) async -> Result<Document, any Error> {
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory())
        do {
            var document = try extract.read(data, into: Document(id: "input", source: "input"))
            for (i, stage) in stages.enumerated() {
                let context = StageContext(outputDirectory: scratch, workDirectory: scratch, position: i + 1,
                                           stageName: type(of: stage).name, jobs: 1)
                document = try await stage.process(document, in: context)
            }
            return .success(document)
        } catch {
            return .failure(error)
        }
    }

    /// `run`, waited for on this thread (libFuzzer calls its target synchronously).
    static func runBlocking(_ data: Data) {
        let done = DispatchSemaphore(value: 0)
        Task {
            _ = await run(data)
            done.signal()
        }
        done.wait()
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTextPath(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    TextPath.runBlocking(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
#else
@main
struct TextPathReplay {
    static func main() async {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("\(path): cannot be read"); continue }
            switch await TextPath.run(data) {
            case .success(let document):
                let kind = document.record["kind"].stringValue ?? document.record["report"]["format"].stringValue ?? "–"
                print("\(path): \(kind), \(document.issues.count) issues")
            case .failure(let error): print("\(path): \(error)")
            }
        }
    }
}
#endif
