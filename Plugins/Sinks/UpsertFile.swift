import Foundation

/// A text file made of one chunk of lines per document, indexed by document id so that a
/// document written again replaces its chunk: the upsert behaviour of the file sinks.
///
/// ```swift
/// var file = UpsertFile(url: url, header: Data("id,value\r\n".utf8))
/// try file.put(id: "ab12…", source: "a.pdf", chunk: Data("ab12…,9\r\n".utf8))
/// try file.commit()   // appends new documents, or rewrites when a chunk was replaced
/// try file.close()    // leaves the file in source order
/// ```
///
/// A commit appends the chunks of new documents and flushes them; when a chunk was replaced,
/// or the file is not there yet, the whole file is written to a temporary file and renamed
/// over the old one, so readers never see a half-written file. Once committed, a chunk is held
/// as its place in the file, not its bytes: memory grows with the number of documents by their
/// ids and sources only, and a rewrite copies the chunks from the old file.
struct UpsertFile {
    /// Where a chunk's bytes are: in memory until a commit writes them, then in the file.
    private enum Chunk {
        case memory(Data)
        case file(offset: UInt64, length: Int)
    }

    private struct Entry {
        var source: String
        var chunk: Chunk
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
    mutating func put(id: String, source: String, chunk: Data) throws {
        if let existing = entries[id] {
            if try existing.source != source || bytes(of: existing.chunk) != chunk { needsRewrite = true }
        } else {
            order.append(id)
            appended.append(id)
        }
        entries[id] = Entry(source: source, chunk: .memory(chunk))
    }

    /// Takes a chunk read from the file on disk (already there, so not appended again).
    mutating func load(id: String, source: String, chunk: Data) {
        take(id: id, source: source, chunk: .memory(chunk))
    }

    /// Takes a chunk that is `length` bytes at `offset` in the file on disk.
    mutating func load(id: String, source: String, offset: UInt64, length: Int) {
        take(id: id, source: source, chunk: .file(offset: offset, length: length))
    }

    private mutating func take(id: String, source: String, chunk: Chunk) {
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
            var offset = try handle.seekToEnd()
            var data = Data()
            for id in appended {
                guard case .memory(let chunk) = entries[id]!.chunk else { continue }
                data.append(chunk)
                entries[id]!.chunk = .file(offset: offset, length: chunk.count)
                offset += UInt64(chunk.count)
            }
            try handle.write(contentsOf: data)
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

    /// Writes the header and every chunk in source order to a temporary file, copying the
    /// committed chunks from the current file, and renames it over the current file.
    private mutating func rewrite() throws {
        let ids = sorted()
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString.prefix(8))")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
              let output = FileHandle(forWritingAtPath: temporary.path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        var places: [String: Chunk] = [:]
        do {
            defer { try? output.close() }
            let source = try? FileHandle(forReadingFrom: url)
            defer { try? source?.close() }
            var offset = UInt64(header.count)
            var buffer = header
            for id in ids {
                let chunk = try bytes(of: entries[id]!.chunk, from: source)
                buffer.append(chunk)
                places[id] = .file(offset: offset, length: chunk.count)
                offset += UInt64(chunk.count)
                if buffer.count >= 1 << 20 {
                    try output.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try output.write(contentsOf: buffer)
            try output.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            let error = CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        for (id, place) in places { entries[id]!.chunk = place }
        order = ids
    }

    /// A chunk's bytes, read from the file (through `handle` when given) if it is there.
    private func bytes(of chunk: Chunk, from handle: FileHandle? = nil) throws -> Data {
        switch chunk {
        case .memory(let data):
            return data
        case .file(let offset, let length):
            let file = try handle ?? FileHandle(forReadingFrom: url)
            defer { if handle == nil { try? file.close() } }
            try file.seek(toOffset: offset)
            let data = try file.read(upToCount: length) ?? Data()
            guard data.count == length else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
            }
            return data
        }
    }
}
