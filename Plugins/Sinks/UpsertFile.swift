import Foundation

/// A text file made of one chunk of lines per document, kept in memory by document id so that
/// a document written again replaces its chunk: the upsert behaviour of the file sinks.
///
/// ```swift
/// var file = UpsertFile(url: url, header: Data("id,value\r\n".utf8))
/// file.put(id: "ab12…", source: "a.pdf", chunk: Data("ab12…,9\r\n".utf8))
/// try file.commit()   // appends new documents, or rewrites when a chunk was replaced
/// try file.close()    // leaves the file in source order
/// ```
///
/// A commit appends the chunks of new documents and flushes them; when a chunk was replaced,
/// or the file is not there yet, the whole file is written to a temporary file and renamed
/// over the old one, so readers never see a half-written file.
struct UpsertFile {
    private struct Entry {
        var source: String
        var chunk: Data
    }

    let url: URL
    /// Written at the top of the file (a byte order mark, a header line), possibly empty.
    let header: Data
    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    private var appended: [String] = []
    private var needsRewrite = false

    init(url: URL, header: Data) {
        self.url = url
        self.header = header
    }

    /// The number of documents held.
    var count: Int { entries.count }

    /// Marks the file on disk as not reusable as it is (a partial line, an old header), so the
    /// next commit rewrites it.
    mutating func invalidate() { needsRewrite = true }

    /// Takes a document's chunk: new documents are appended at the next commit, a changed
    /// chunk makes the next commit rewrite the file.
    mutating func put(id: String, source: String, chunk: Data) {
        if let existing = entries[id] {
            if existing.chunk != chunk || existing.source != source { needsRewrite = true }
        } else {
            order.append(id)
            appended.append(id)
        }
        entries[id] = Entry(source: source, chunk: chunk)
    }

    /// Takes a chunk read from the file on disk (already there, so not appended again).
    mutating func load(id: String, source: String, chunk: Data) {
        if entries[id] == nil { order.append(id) } else { needsRewrite = true }
        entries[id] = Entry(source: source, chunk: chunk)
    }

    /// Makes every chunk taken so far durable.
    mutating func commit() throws {
        if needsRewrite || !FileManager.default.fileExists(atPath: url.path) {
            try rewrite()
        } else if !appended.isEmpty {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: appended.reduce(into: Data()) { $0.append(entries[$1]!.chunk) })
            try handle.synchronize()
        }
        appended = []
        needsRewrite = false
    }

    /// Rewrites the file in source order if it is not in that order already.
    mutating func close() throws {
        if sorted() != order { try rewrite() }
    }

    private func sorted() -> [String] {
        order.sorted { (entries[$0]!.source, $0) < (entries[$1]!.source, $1) }
    }

    private mutating func rewrite() throws {
        order = sorted()
        var data = header
        for id in order { data.append(entries[id]!.chunk) }
        try data.write(to: url, options: .atomic)
    }
}
