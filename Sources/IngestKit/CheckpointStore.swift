import Foundation

/// Stored artifacts: the document as it left a stage, keyed by document id and the stage's
/// checkpoint key (which covers its position, name, version, options and everything before it).
///
/// Pages (text, lines and glyph boxes: most of an artifact's bytes) are written once, by the
/// stage that produced them, into a `.pages` blob named after that stage's key; later
/// checkpoints that leave the pages as they were refer to that blob instead of writing them
/// again. Files are written to a temporary name and renamed, so a crash never leaves a
/// half-written checkpoint under its key.
public struct CheckpointStore: Sendable {
    public let root: URL

    /// Pages as stored under a blob name, to be reused by the next checkpoint.
    public struct StoredPages: Sendable {
        let pages: [Page]
        let blob: String
    }

    private struct Stored: Codable {
        /// The `.pages` blob holding this artifact's pages; nil when it has none.
        var pages: String?
        /// The artifact with its pages left out.
        var document: Document
    }

    public init(workDirectory: URL) {
        root = workDirectory.appendingPathComponent("checkpoints", isDirectory: true)
    }

    func folder(document: String) -> URL {
        root.appendingPathComponent(String(document.prefix(2)), isDirectory: true)
            .appendingPathComponent(document, isDirectory: true)
    }

    /// Stores the artifact under `key`; `previous` are the pages the last checkpoint of this
    /// document stored, reused when the stage left them unchanged. Returns the pages as stored.
    @discardableResult
    public func save(_ document: Document, key: String, previous: StoredPages? = nil) throws -> StoredPages? {
        let folder = folder(document: document.id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var stored: StoredPages? = nil
        if !document.pages.isEmpty {
            if let previous, previous.pages == document.pages {
                stored = previous
            } else {
                try write(JSONEncoder().encode(document.pages), to: folder.appendingPathComponent(key + ".pages"))
                stored = StoredPages(pages: document.pages, blob: key)
            }
        }
        var slim = document
        slim.pages = []
        try write(JSONEncoder().encode(Stored(pages: stored?.blob, document: slim)), to: folder.appendingPathComponent(key + ".ckpt"))
        return stored
    }

    /// The stored artifact and its pages, or nil when there is none under that key (or its
    /// pages blob is gone).
    public func load(document: String, key: String) throws -> (Document, StoredPages?)? {
        let folder = folder(document: document)
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(key + ".ckpt")) else { return nil }
        let stored = try JSONDecoder().decode(Stored.self, from: data)
        var out = stored.document
        guard let blob = stored.pages else { return (out, nil) }
        guard let pageData = try? Data(contentsOf: folder.appendingPathComponent(blob + ".pages")) else { return nil }
        out.pages = try JSONDecoder().decode([Page].self, from: pageData)
        return (out, StoredPages(pages: out.pages, blob: blob))
    }

    /// Writes through the C library (Foundation's `Data.write` costs several times more per
    /// file here) to a temporary name, then renames it into place.
    private func write(_ data: Data, to target: URL) throws {
        let temporary = target.path + ".tmp-\(UUID().uuidString.prefix(8))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure(target) }
        let written = data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        close(fd)
        guard written, rename(temporary, target.path) == 0 else {
            let error = failure(target)
            unlink(temporary)
            throw error
        }
    }

    private func failure(_ target: URL) -> StageError {
        StageError("cannot store the checkpoint \(target.path): \(String(cString: strerror(errno)))")
    }
}
