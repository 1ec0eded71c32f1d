import Foundation
import IngestKit
@testable import PDFExtract

/// Where the PDF fixtures live (shared with later table-recovery tests): `Tests/Fixtures/pdf`.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pdf")

    /// The generated annual reports, by file name.
    static var reports: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".pdf") }.sorted()
    }

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func bad(_ name: String) -> String { folder.appendingPathComponent("bad/" + name).path }

    /// A copy of a fixture under another name, in a fresh temporary folder.
    static func copy(_ path: String, as name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let target = dir.appendingPathComponent(name)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: path), to: target)
        return target.path
    }
}

/// Runs `extract.pdf` the way the runner does.
func extract(_ path: String, options: [String: JSONValue] = [:]) async throws -> Document {
    let stage = try PDFExtractor(options: StageOptions(values: options, specs: PDFExtractor.options))
    let context = StageContext(outputDirectory: FileManager.default.temporaryDirectory,
                               workDirectory: FileManager.default.temporaryDirectory,
                               position: 0, stageName: PDFExtractor.name)
    return try await stage.process(Document(id: "test", source: path), in: context)
}

/// The message of the `StageError` that `body` throws, or nil when it throws none.
func stageErrorMessage(_ body: () async throws -> Document) async -> String? {
    do {
        _ = try await body()
        return nil
    } catch let error as StageError {
        return error.message
    } catch {
        return "not a StageError: \(error)"
    }
}

/// What `pdftotext` (poppler-utils) prints for a PDF, split into pages at form feeds.
func pdftotextPages(_ path: String, extra: [String] = []) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
    process.arguments = extra + ["-enc", "UTF-8", path, "-"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    var pages = String(decoding: data, as: UTF8.self).components(separatedBy: "\u{0C}")
    if pages.last?.isEmpty == true { pages.removeLast() }
    return pages
}

/// The CJK ideographs and punctuation of a text, in order, whitespace and everything else left out.
func cjk(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
        let v = scalar.value
        return (0x4E00...0x9FFF).contains(v) || (0x3000...0x303F).contains(v) || (0xFF00...0xFFEF).contains(v)
    }))
}

/// The names of the fonts `pdffonts` lists for the PDF, each without its subset tag (`ABCDEF+`).
func pdffontsNames(_ path: String) throws -> Set<String> {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/pdffonts")
    process.arguments = [path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let rows = String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst(2)
    return Set(rows.compactMap { row in
        row.split(separator: " ").first.map { name in String(name.split(separator: "+", maxSplits: 1).last ?? name) }
    })
}
