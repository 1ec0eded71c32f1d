import Foundation
import IngestKit
import StageCatalog

/// Paths of the repository and its fixtures.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/pdf")
    static let scanScript = root.appendingPathComponent("Tests/Fixtures/scans/make_scans.py")
}

/// A fresh folder under the system's temporary directory, removed by `cleanup()`.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ocr-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Runs a program to its end and returns its exit status; its output is discarded.
@discardableResult
func runProgram(_ executable: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// Runs the default pipeline (pipeline.json) with `ocr` and these options after `extract.pdf`,
/// as the README says to add it, over `files`.
func runDefaultPipeline(_ files: [String], ocr options: [String: JSONValue], in scratch: Scratch, jobs: Int = 2) async throws -> [String: JSONValue] {
    var json = try JSONValue.parse(Data(contentsOf: Repo.root.appendingPathComponent("pipeline.json")))
    var stages = (json["stages"].arrayValue ?? []).filter { $0["stage"].stringValue != "ocr" }
    let at = (stages.firstIndex { $0["stage"].stringValue == "extract.pdf" } ?? -1) + 1
    stages.insert(.object(["stage": .string("ocr"), "options": .object(options)]), at: at)
    json = .object(["stages": .array(stages)])
    let file = scratch.path("pipeline.json")
    try json.serialized().write(to: URL(fileURLWithPath: file))
    let config = try PipelineConfig.load(contentsOf: URL(fileURLWithPath: file), registry: stageCatalog)
    let settings = RunSettings(configFile: file, outputDirectory: scratch.url.appendingPathComponent("out"),
                               workDirectory: scratch.url.appendingPathComponent("work"), jobs: jobs)
    _ = try await Runner(config: config, settings: settings).run(files: files)
    var records: [String: JSONValue] = [:]
    let text = try String(contentsOfFile: scratch.path("out/records.jsonl"), encoding: .utf8)
    for line in text.split(separator: "\n") {
        let record = try JSONValue.parse(Data(line.utf8))
        let name = URL(fileURLWithPath: record["document"]["source"].stringValue ?? "").deletingPathExtension().lastPathComponent
        records[name] = record
    }
    return records
}

/// A record's tables held to a truth file's, cell by cell, as `../shared/tools/score.py` does:
/// cells whose truth is known, how many are right, null (missing) or another value (misread).
struct CellScore: CustomStringConvertible {
    var cells = 0, right = 0, missing = 0
    var misread: [String] = []

    init(record: JSONValue, truth: JSONValue) {
        var expected: [String: JSONValue] = [:], got: [String: JSONValue] = [:]
        Self.flatten(truth["tables"], into: &expected)
        Self.flatten(record["tables"], into: &got)
        for (key, value) in expected where !value.isNull {
            cells += 1
            let mine = got[key] ?? .null
            if mine.isNull { missing += 1 } else if let a = mine.doubleValue, let b = value.doubleValue, abs(a - b) < 1e-6 { right += 1 } else {
                misread.append("\(key)=\(mine) (truth \(value))")
            }
        }
    }

    var share: Double { cells == 0 ? 0 : Double(right) / Double(cells) }
    var description: String { "\(right)/\(cells) right, \(missing) null, misread \(misread.count) \(misread.prefix(6))" }

    static func flatten(_ value: JSONValue, _ prefix: String = "", into out: inout [String: JSONValue]) {
        switch value {
        case .object(let object):
            for (key, child) in object where key != "columns" { flatten(child, prefix.isEmpty ? key : "\(prefix).\(key)", into: &out) }
        case .array(let array):
            for (i, child) in array.enumerated() { flatten(child, "\(prefix)[\(i)]", into: &out) }
        default:
            out[prefix] = value
        }
    }
}
