import Foundation
import IngestKit

/// `sink.jsonl`: one record per document, one line each, in `OUT/records.jsonl`.
///
/// Upserts by document id: a document written again replaces its line, so re-runs never
/// duplicate. A commit appends the new documents' lines and flushes them to disk; when a batch
/// replaces lines, or at close when the file is not yet in source order, the whole file is
/// rewritten to a temporary file and renamed over the old one, so readers never see a
/// half-written file (`UpsertFile`). A line cut off by a crash is dropped when the file is next
/// opened.
public actor JSONLinesSink: Sink {
    public static let name = "sink.jsonl"
    public static let summary = "Writes one JSON record per document to OUT/records.jsonl (upsert by document id)."
    public static let options = [
        OptionSpec("file", .string, default: "records.jsonl", "file name inside the output folder, or an absolute path"),
    ]

    let fileName: String
    private var file: UpsertFile?

    /// Reads the file name; opens nothing.
    public init(options: StageOptions) throws {
        fileName = try OutputFile.name("file", in: options, default: "records.jsonl")
    }

    /// The file's path.
    public nonisolated func destination(in context: StageContext) -> String { OutputFile.url(fileName, in: context).path }

    /// Reads the lines earlier runs left (their ids, sources and places; not their text),
    /// dropping a partial last line; a second call finds them read.
    public func open(in context: StageContext) async throws {
        guard file == nil else { return }
        let url = OutputFile.url(fileName, in: context)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var file = UpsertFile(url: url, header: Data())
        try Self.forEachLine(of: url) { offset, line, terminated in
            guard terminated, let record = try? JSONValue.parse(line), let id = record.value(at: "document.id").stringValue else {
                file.invalidate()
                return
            }
            file.load(id: id, source: record.value(at: "document.source").stringValue ?? "", offset: offset, length: line.count + 1)
        }
        self.file = file
    }

    /// Takes the document's line, replacing any it had.
    public func write(_ document: Document) async throws {
        try file?.put(id: document.id, source: document.source, chunk: Self.chunk(try document.outputRecord.serialized()))
    }

    /// Makes the lines durable (append, or rewrite and rename).
    public func commit() async throws {
        try file?.commit()
    }

    /// Leaves the file in source order.
    public func close() async throws {
        try file?.close()
    }

    /// Calls `body` with each line of the file (without its newline), its offset, and whether
    /// a newline ends it; reads the file a block at a time. A missing file has no lines.
    private static func forEachLine(of url: URL, _ body: (UInt64, Data, Bool) -> Void) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return }
        defer { try? handle.close() }
        var pending = Data()
        var offset: UInt64 = 0
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            pending.append(block)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                body(offset, Data(pending[start..<newline]), true)
                offset += UInt64(newline - start + 1)
                start = newline + 1
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty { body(offset, pending, false) }
    }

    /// A record's line, newline included.
    private static func chunk(_ line: Data) -> Data {
        line + Data([UInt8(ascii: "\n")])
    }
}
