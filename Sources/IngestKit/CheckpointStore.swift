import Foundation

/// Stored artifacts: the document as it left a stage, keyed by document id and the stage's
/// checkpoint key (which covers its position, name, version, options and everything before it).
///
/// A document's checkpoints live in one pack file a run, `checkpoints/AB/ID/RUN.pack`: records
/// appended one after another as the stages finish, each naming its key. Three kinds of record:
/// - pages (text, lines and glyph boxes: most of an artifact's bytes), written once by the stage
///   that produced them, in the binary form of `CheckpointFormat`;
/// - an artifact without its pages, naming the key of the pages record it goes with;
/// - an alias: a stage that left the document exactly as it was (extract.html on a PDF) stores
///   only the key of the earlier checkpoint that holds it.
///
/// One file a document instead of two a stage: creating files (a new inode, a temporary name,
/// a rename) cost the writer more than encoding them. A run's first record of a document
/// carries over the latest record of every key from the document's earlier packs and then
/// removes them, so a document keeps one pack however often it is replayed. A record a failed
/// write cut short (a full disk) is cut off again at once; one a crash cut short is reported as
/// unreadable when read, never trusted, and left behind by the next run's pack.
public struct CheckpointStore: Sendable {
    public let root: URL

    /// Pages as stored under a pages record's key, to be reused by the next checkpoint.
    public struct StoredPages: Sendable {
        let pages: [Page]
        let blob: String
    }

    /// Where the document as it left the last checkpoint is stored: the key of the record that
    /// holds it (an alias points there) and its pages.
    public struct Stored: Sendable {
        /// The key of the artifact record (never an alias).
        let holder: String
        let pages: StoredPages?
        /// The document as stored, to see whether the next stage changed it.
        let document: Document
    }

    /// A checkpoint to be written: the artifact and, unless an earlier checkpoint of the
    /// document already holds them, its pages; or an alias. Encoding and writing it (`write`)
    /// may happen on another thread than the one that made it.
    public struct Pending: Sendable {
        let document: Document
        let key: String
        /// The pack's run number.
        let run: Int64
        /// Where the document is stored once this checkpoint is written.
        public let stored: Stored
        /// Whether this checkpoint writes the pages (false: an earlier one holds them).
        let writesPages: Bool
        /// Whether this checkpoint is an alias of `stored.holder`.
        var isAlias: Bool { stored.holder != key }
    }

    /// A checkpoint that is there but cannot be read back (another format version, cut
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

    /// The pack file of a run's checkpoints of a document.
    func pack(document: String, run: Int64) -> URL {
        folder(document: document).appendingPathComponent(String(format: "%012lld.pack", run), isDirectory: false)
    }

    /// Stores the artifact under `key` in run `run`'s pack; `previous` is where the last
    /// checkpoint of this document stored it. Returns where this one stores it.
    @discardableResult
    public func save(_ document: Document, key: String, run: Int64 = 0, previous: Stored? = nil) throws -> Stored {
        let pending = checkpoint(document, key: key, run: run, previous: previous)
        try write(pending)
        return pending.stored
    }

    /// The checkpoint of the artifact under `key`, to be written by `write`: an alias when the
    /// document is as `previous` stored it, the artifact alone when only its pages are.
    public func checkpoint(_ document: Document, key: String, run: Int64, previous: Stored?) -> Pending {
        if let previous, previous.document == document {
            return Pending(document: document, key: key, run: run, stored: previous, writesPages: false)
        }
        let pages: StoredPages?
        var writesPages = false
        if document.pages.isEmpty {
            pages = nil
        } else if let kept = previous?.pages, kept.pages == document.pages {
            pages = kept
        } else {
            pages = StoredPages(pages: document.pages, blob: key)
            writesPages = true
        }
        return Pending(document: document, key: key, run: run,
                       stored: Stored(holder: key, pages: pages, document: document), writesPages: writesPages)
    }

    /// Encodes a checkpoint and appends it to its pack: its pages first (when it has pages of
    /// its own), then the artifact that names them; or the alias.
    public func write(_ pending: Pending) throws {
        var records = PackRecords()
        if pending.isAlias {
            records.append(.alias, key: pending.key, payload: Data(pending.stored.holder.utf8))
        } else {
            if pending.writesPages, let stored = pending.stored.pages {
                records.append(.pages, key: stored.blob, payload: CheckpointFormat.encode(pages: stored.pages))
            }
            var slim = pending.document
            slim.pages = []
            records.append(.artifact, key: pending.key,
                           payload: try CheckpointFormat.encode(artifact: slim, pagesBlob: pending.stored.pages?.blob))
        }
        try append(records.bytes, to: pack(document: pending.document.id, run: pending.run))
    }

    /// The stored artifact with its pages and where it is stored, or nil when there is none
    /// under that key (or its pages are gone). Throws `UnreadableCheckpoint` when the record is
    /// there but cannot be read, or a pack breaks off before any record of the key.
    public func load(document: String, key: String) throws -> (Document, Stored)? {
        let records = latestRecords(in: packs(in: folder(document: document)))
        var holder = key
        for _ in 0..<4 {
            guard let found = records.byKey[.checkpoint(holder)] else {
                if let broken = records.broken { throw broken }
                return nil
            }
            if found.kind == .alias {
                holder = String(decoding: found.payload, as: UTF8.self)
                continue
            }
            var (out, blob) = try Self.decoding(found.file) { try CheckpointFormat.decodeArtifact(found.payload) }
            var pages: StoredPages? = nil
            if let blob {
                guard let pageRecord = records.byKey[.pages(blob)] else {
                    if let broken = records.broken { throw broken }
                    return nil
                }
                out.pages = try Self.decoding(pageRecord.file) { try CheckpointFormat.decodePages(pageRecord.payload) }
                pages = StoredPages(pages: out.pages, blob: blob)
            }
            return (out, Stored(holder: holder, pages: pages, document: out))
        }
        throw UnreadableCheckpoint(path: folder(document: document).path, reason: "the checkpoint \(key) is an alias of an alias beyond four steps")
    }

    private static func decoding<T>(_ url: URL, _ decode: () throws -> T) throws -> T {
        do {
            return try decode()
        } catch {
            throw UnreadableCheckpoint(path: url.path, reason: String(describing: error))
        }
    }

    // MARK: - Packs

    /// The latest record of every name in `files` (a later pack, or a later record in the same
    /// pack, wins), the names in the order they first appear, and the first pack found broken
    /// off, if any.
    private func latestRecords(in files: [URL]) -> (byKey: [PackRecords.Name: PackRecords.Record], order: [PackRecords.Name],
                                                   broken: UnreadableCheckpoint?) {
        var byKey: [PackRecords.Name: PackRecords.Record] = [:]
        var order: [PackRecords.Name] = []
        var broken: UnreadableCheckpoint?
        for file in files {
            guard let data = try? Data(contentsOf: file) else { continue }
            let (records, damage) = PackRecords.parse(data, file: file)
            for record in records where byKey.updateValue(record, forKey: record.name) == nil { order.append(record.name) }
            if broken == nil, let damage { broken = UnreadableCheckpoint(path: file.path, reason: damage) }
        }
        return (byKey, order, broken)
    }

    /// A folder's pack files, oldest run first.
    private func packs(in folder: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".pack") }
            .sorted()
            .map { folder.appendingPathComponent($0, isDirectory: false) }
    }

    /// Appends whole records to a pack through the C library (Foundation's file writing cost
    /// several times more). The pack is made by the run's first record of the document, with
    /// the document's folder when that is missing (its first checkpoint ever), and then takes
    /// over the records of the document's earlier packs. A write that fails part way is cut off
    /// again, so that the next record starts where the last whole one ended.
    private func append(_ bytes: [UInt8], to pack: URL) throws {
        var fd = open(pack.path, O_WRONLY | O_APPEND)
        if fd < 0, errno == ENOENT {
            var folderIsNew = false
            fd = open(pack.path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0o644)
            if fd < 0, errno == ENOENT {
                try makeFolders(of: pack)
                folderIsNew = true
                fd = open(pack.path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0o644)
            }
            guard fd >= 0 else { throw failure(pack) }
            if !folderIsNew {
                do {
                    try carryOver(into: fd, pack: pack)
                } catch {
                    close(fd)
                    throw error
                }
            }
        }
        guard fd >= 0 else { throw failure(pack) }
        defer { close(fd) }
        try write(bytes, to: fd, pack: pack)
    }

    /// Copies the latest record of every key in the document's other packs into a new pack,
    /// then removes them.
    private func carryOver(into fd: Int32, pack: URL) throws {
        let others = packs(in: pack.deletingLastPathComponent()).filter { $0.lastPathComponent != pack.lastPathComponent }
        guard !others.isEmpty else { return }
        let latest = latestRecords(in: others)
        var records = PackRecords()
        for name in latest.order {
            let record = latest.byKey[name]!
            records.append(record.kind, key: record.key, payload: record.payload)
        }
        try write(records.bytes, to: fd, pack: pack)
        for file in others { unlink(file.path) }
    }

    private func write(_ bytes: [UInt8], to fd: Int32, pack: URL) throws {
        guard !bytes.isEmpty else { return }
        let start = lseek(fd, 0, SEEK_END)
        let written = bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        guard written else {
            let error = failure(pack)
            if start >= 0 { _ = ftruncate(fd, start) }
            throw error
        }
    }

    /// The folders a pack goes in (the document's, its prefix's, the store's root), made with
    /// `mkdir(2)` from the innermost out as far as they are missing: `FileManager` looked at
    /// every component of the path first, a third of a millisecond a document.
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

/// The framing of a pack: records one after another, each `IKRC`, a kind byte, the key's
/// length (one byte) and UTF-8 bytes, the payload's length (eight bytes, little-endian) and
/// the payload.
struct PackRecords {
    enum Kind: UInt8 {
        case artifact = 1
        case pages = 2
        case alias = 3
    }

    /// What a record stores: the pages under a key, or the checkpoint of a key (an artifact or
    /// an alias, the later replacing the earlier whichever it is).
    struct Name: Hashable {
        let pages: Bool
        let key: String
        static func pages(_ key: String) -> Name { Name(pages: true, key: key) }
        static func checkpoint(_ key: String) -> Name { Name(pages: false, key: key) }
    }

    struct Record {
        let kind: Kind
        let key: String
        var name: Name { Name(pages: kind == .pages, key: key) }
        let payload: Data
        let file: URL
    }

    static let magic = Array("IKRC".utf8)

    private(set) var bytes: [UInt8] = []

    mutating func append(_ kind: Kind, key: String, payload: Data) {
        let keyBytes = Array(key.utf8.prefix(255))
        bytes.reserveCapacity(bytes.count + 14 + keyBytes.count + payload.count)
        bytes.append(contentsOf: Self.magic)
        bytes.append(kind.rawValue)
        bytes.append(UInt8(keyBytes.count))
        bytes.append(contentsOf: keyBytes)
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: payload)
    }

    /// The whole records of a pack in order and, when it breaks off (cut short, or bytes that
    /// are no record), where and why.
    static func parse(_ data: Data, file: URL) -> (records: [Record], damage: String?) {
        var records: [Record] = []
        var offset = data.startIndex
        func damage(_ reason: String) -> String { "\(reason) at byte \(offset - data.startIndex) of \(data.count)" }
        while offset < data.endIndex {
            let left = data.endIndex - offset
            guard left >= 6, data[offset..<offset + 4].elementsEqual(magic) else {
                return (records, damage(left >= 6 ? "no record header" : "a record cut short"))
            }
            guard let kind = Kind(rawValue: data[offset + 4]) else { return (records, damage("an unknown record kind")) }
            let keyCount = Int(data[offset + 5])
            guard left >= 6 + keyCount + 8 else { return (records, damage("a record cut short")) }
            let key = String(decoding: data[offset + 6..<offset + 6 + keyCount], as: UTF8.self)
            var length: UInt64 = 0
            for (i, byte) in data[offset + 6 + keyCount..<offset + 14 + keyCount].enumerated() { length |= UInt64(byte) << (8 * UInt64(i)) }
            let payloadStart = offset + 14 + keyCount
            guard length <= UInt64(data.endIndex - payloadStart) else { return (records, damage("a record cut short")) }
            let end = payloadStart + Int(length)
            records.append(Record(kind: kind, key: key, payload: data[payloadStart..<end], file: file))
            offset = end
        }
        return (records, nil)
    }
}
