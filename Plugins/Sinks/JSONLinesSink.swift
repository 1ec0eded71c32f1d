import Foundation
import IngestKit

/// `sink.jsonl`: one record per document, one line each, in `OUT/records.jsonl`.
///
/// Upserts by document id: a document written again replaces its line, so re-runs never
/// duplicate. A commit appends the new documents' lines and flushes them to disk; when a batch
/// replaces lines, or at close when the file is not yet in source order, the whole file is
/// rewritten to a temporary file and renamed over the old one, so readers never see a
/// half-written file. A line cut off by a crash is dropped when the file is next opened.
public actor JSONLinesSink: Sink {
    public static let name = "sink.jsonl"
    public static let summary = "Writes one JSON record per document to OUT/records.jsonl (upsert by document id)."
    public static let options = [
        OptionSpec("file", .string, default: "records.jsonl", "file name inside the output folder, or an absolute path"),
    ]

    private struct Entry {
        var source: String
        var line: Data
    }

    let fileName: String
    private var url: URL?
    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    private var appended: [String] = []
    private var needsRewrite = false

    public init(options: StageOptions) throws {
        fileName = options.string("file") ?? "records.jsonl"
        guard !fileName.isEmpty else { throw options.invalid("file", "must not be empty") }
    }

    public nonisolated func destination(in context: StageContext) -> String { target(in: context).path }

    private nonisolated func target(in context: StageContext) -> URL {
        fileName.hasPrefix("/") ? URL(fileURLWithPath: fileName) : context.outputDirectory.appendingPathComponent(fileName)
    }

    public func open(in context: StageContext) async throws {
        let url = target(in: context)
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard let data = try? Data(contentsOf: url) else { return }
        for raw in data.split(separator: UInt8(ascii: "\n")) {
            let line = Data(raw)
            guard let record = try? JSONValue.parse(line), let id = record.value(at: "document.id").stringValue else {
                needsRewrite = true
                continue
            }
            if entries[id] == nil { order.append(id) } else { needsRewrite = true }
            entries[id] = Entry(source: record.value(at: "document.source").stringValue ?? "", line: line)
        }
    }

    public func write(_ document: Document) async throws {
        let line = try document.outputRecord.serialized()
        if let existing = entries[document.id] {
            if existing.line != line { needsRewrite = true }
        } else {
            order.append(document.id)
            appended.append(document.id)
        }
        entries[document.id] = Entry(source: document.source, line: line)
    }

    public func commit() async throws {
        guard let url else { return }
        if needsRewrite || !FileManager.default.fileExists(atPath: url.path) {
            try rewrite(url)
        } else if !appended.isEmpty {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            var chunk = Data()
            for id in appended {
                chunk.append(entries[id]!.line)
                chunk.append(UInt8(ascii: "\n"))
            }
            try handle.write(contentsOf: chunk)
            try handle.synchronize()
        }
        appended = []
        needsRewrite = false
    }

    public func close() async throws {
        guard let url else { return }
        let sorted = order.sorted { (entries[$0]!.source, $0) < (entries[$1]!.source, $1) }
        if sorted != order {
            order = sorted
            try rewrite(url)
        }
    }

    private func rewrite(_ url: URL) throws {
        order.sort { (entries[$0]!.source, $0) < (entries[$1]!.source, $1) }
        var data = Data()
        for id in order {
            data.append(entries[id]!.line)
            data.append(UInt8(ascii: "\n"))
        }
        try data.write(to: url, options: .atomic)
    }
}
