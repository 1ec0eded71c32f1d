import Foundation
import IngestKit
import Cleanup
import Tables
import AnnualReport
import TextSource
@testable import HTMLSource

/// Runs extract.html (and the stages after it) in-process over files and bytes.
enum Run {
    static let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static let pages = here.appendingPathComponent("Fixtures/pages")
    static let truths = here.appendingPathComponent("Fixtures/truth")

    static func context(_ name: String) -> StageContext {
        StageContext(outputDirectory: URL(fileURLWithPath: NSTemporaryDirectory()),
                     workDirectory: URL(fileURLWithPath: NSTemporaryDirectory()), position: 0, stageName: name)
    }

    static func extract(path: String) async throws -> Document {
        let stage = try HTMLExtract(options: StageOptions(values: [:], specs: HTMLExtract.options))
        return try await stage.process(Document(id: "x", source: path), in: context(HTMLExtract.name))
    }

    /// extract.html over bytes written to a scratch file.
    static func extract(_ data: Data, name: String = "page.html") async throws -> Document {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("html-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        try data.write(to: file)
        return try await extract(path: file.path)
    }

    static func extract(_ html: String, name: String = "page.html") async throws -> Document {
        try await extract(Data(html.utf8), name: name)
    }

    /// extract.html → extract.text → cleanup → tables → schema.annual-report, default options.
    static func pipeline(path: String) async throws -> Document {
        var doc = try await extract(path: path)
        let stages: [any Stage] = [
            try TextExtract(options: StageOptions(values: [:], specs: TextExtract.options)),
            try TextCleanup(options: StageOptions(values: [:], specs: TextCleanup.options)),
            try TableRecovery(options: StageOptions(values: [:], specs: TableRecovery.options)),
            try AnnualReportSchema(options: StageOptions(values: [:], specs: AnnualReportSchema.options)),
        ]
        for stage in stages { doc = try await stage.process(doc, in: context(type(of: stage).name)) }
        return doc
    }

    /// Every leaf of a JSON value with its path, `columns` left out.
    static func leaves(_ value: JSONValue, _ path: String = "") -> [(String, JSONValue)] {
        if let object = value.objectValue {
            return object.filter { $0.key != "columns" }.sorted { $0.key < $1.key }.flatMap { leaves($0.value, path + "." + $0.key) }
        }
        if let array = value.arrayValue { return array.enumerated().flatMap { leaves($0.element, "\(path)[\($0.offset)]") } }
        return [(path, value)]
    }

    /// The value at a path that `leaves` wrote (`.a.b[3]`).
    static func value(_ root: JSONValue, at path: String) -> JSONValue {
        var value = root
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                indices.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) ?? 0, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { value = value[String(name)] }
            for i in indices { value = value[i] }
        }
        return value
    }
}
