import Foundation

/// Stored artifacts: the document as it left a stage, keyed by document id and the stage's
/// checkpoint key (which covers its position, name, version, options and everything before it).
///
/// Pages (text, lines and glyph boxes: most of an artifact's bytes) are written once, by the
/// stage that produced them, into a `.pages` blob named after that stage's key, in the binary
/// form of `CheckpointFormat`; later checkpoints that leave the pages as they were refer to
/// that blob instead of writing them again. Files are written to a temporary name and
/// renamed, so a crash never leaves a half-written checkpoint under its key; a file of another
/// format version, or a corrupt one, is reported as unreadable, never trusted.
public struct CheckpointStore: Sendable {
    public let root: URL

    /// Pages as stored under a blob name, to be reused by the next checkpoint.
    public struct StoredPages: Sendable {
        let pages: [Page]
        let blob: String
    }

    /// A checkpoint to be written: the artifact and, unless an earlier checkpoint of the
    /// document already holds them, its pages. Encoding and writing it (`write`) may happen on
    /// another thread than the one that made it.
    public struct Pending: Sendable {
        let document: Document
        let key: String
        /// The pages as stored once this checkpoint is written.
        public let pages: StoredPages?
        /// Whether this checkpoint writes the pages blob (false: an earlier one holds them).
        let writesPages: Bool
    }

    /// A checkpoint file that is there but cannot be read back (another format version, cut
    /// short, corrupt): the stage that made it has to run again.
    public struct UnreadableCheckpoint: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "the checkpoint \(path) cannot be read (\(reason))" }
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
        let pending = checkpoint(document, key: key, previous: previous)
        try write(pending)
        return pending.pages
    }

    /// The checkpoint of the artifact under `key`, to be written by `write`; `previous` are the
    /// pages of this document's last checkpoint, reused when the stage left them unchanged.
    public func checkpoint(_ document: Document, key: String, previous: StoredPages?) -> Pending {
        guard !document.pages.isEmpty else { return Pending(document: document, key: key, pages: nil, writesPages: false) }
        if let previous, previous.pages == document.pages {
            return Pending(document: document, key: key, pages: previous, writesPages: false)
        }
        return Pending(document: document, key: key, pages: StoredPages(pages: document.pages, blob: key), writesPages: true)
    }

    /// Encodes and writes a checkpoint: its pages blob first (when it has one of its own),
    /// then the artifact that names it, each to a temporary name renamed into place.
    public func write(_ pending: Pending) throws {
        let folder = folder(document: pending.document.id)
        if pending.writesPages, let stored = pending.pages {
            try write(CheckpointFormat.encode(pages: stored.pages), to: folder.appendingPathComponent(stored.blob + ".pages", isDirectory: false))
        }
        var slim = pending.document
        slim.pages = []
        try write(CheckpointFormat.encode(artifact: slim, pagesBlob: pending.pages?.blob),
                  to: folder.appendingPathComponent(pending.key + ".ckpt", isDirectory: false))
    }

    /// The stored artifact and its pages, or nil when there is none under that key (or its
    /// pages blob is gone). Throws `UnreadableCheckpoint` when a file is there but is not a
    /// checkpoint this program wrote (an older format, a cut or corrupt file).
    public func load(document: String, key: String) throws -> (Document, StoredPages?)? {
        let folder = folder(document: document)
        let artifactURL = folder.appendingPathComponent(key + ".ckpt", isDirectory: false)
        guard let data = try? Data(contentsOf: artifactURL) else { return nil }
        var (out, blob) = try Self.decoding(artifactURL) { try CheckpointFormat.decodeArtifact(data) }
        guard let blob else { return (out, nil) }
        let pagesURL = folder.appendingPathComponent(blob + ".pages", isDirectory: false)
        guard let pageData = try? Data(contentsOf: pagesURL) else { return nil }
        out.pages = try Self.decoding(pagesURL) { try CheckpointFormat.decodePages(pageData) }
        return (out, StoredPages(pages: out.pages, blob: blob))
    }

    private static func decoding<T>(_ url: URL, _ decode: () throws -> T) throws -> T {
        do {
            return try decode()
        } catch {
            throw UnreadableCheckpoint(path: url.path, reason: String(describing: error))
        }
    }

    /// Writes through the C library (Foundation's `Data.write` costs several times more per
    /// file here) to a temporary name, then renames it into place. The document's folder is
    /// made when the file cannot be created for want of it (its first checkpoint), not looked
    /// for before every file.
    private func write(_ data: Data, to target: URL) throws {
        let temporary = target.path + ".tmp-\(UUID().uuidString.prefix(8))"
        var fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if fd < 0, errno == ENOENT {
            try makeFolders(of: target)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        }
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

    /// The folders a checkpoint file goes in (the document's, its prefix's, the store's root),
    /// made with `mkdir(2)` from the innermost out as far as they are missing: `FileManager`
    /// looked at every component of the path first, a third of a millisecond a document.
    private func makeFolders(of target: URL) throws {
        var missing: [String] = []
        var folder = target.deletingLastPathComponent().path
        while mkdir(folder, 0o755) != 0 {
            if errno == EEXIST { break }
            guard errno == ENOENT, !folder.isEmpty else { throw failure(target) }
            missing.append(folder)
            folder = String(folder[..<(folder.lastIndex(of: "/") ?? folder.startIndex)])
        }
        for inner in missing.reversed() where mkdir(inner, 0o755) != 0 && errno != EEXIST { throw failure(target) }
    }

    private func failure(_ target: URL) -> StageError {
        StageError("cannot store the checkpoint \(target.path): \(String(cString: strerror(errno)))")
    }
}
