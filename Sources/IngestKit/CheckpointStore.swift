import Foundation

/// Stored artifacts: the document as it left a stage, keyed by document id and the stage's
/// checkpoint key (which covers its position, name, version, options and everything before it).
///
/// Artifacts are compact JSON (glyph boxes packed as binary), written to a temporary file and
/// renamed, so a crash never leaves a half-written checkpoint under its key.
public struct CheckpointStore: Sendable {
    public let root: URL

    public init(workDirectory: URL) {
        root = workDirectory.appendingPathComponent("checkpoints", isDirectory: true)
    }

    func url(document: String, key: String) -> URL {
        root.appendingPathComponent(String(document.prefix(2)), isDirectory: true)
            .appendingPathComponent(document, isDirectory: true)
            .appendingPathComponent(key + ".ckpt")
    }

    public func save(_ document: Document, key: String) throws {
        let target = url(document: document.id, key: key)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let data = try JSONEncoder().encode(document)
        let temporary = target.appendingPathExtension("tmp-\(UUID().uuidString.prefix(8))")
        try data.write(to: temporary)
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw StageError("cannot store the checkpoint \(target.path): \(reason)")
        }
    }

    /// The stored artifact, or nil when there is none under that key.
    public func load(document: String, key: String) throws -> Document? {
        let source = url(document: document, key: key)
        guard let data = try? Data(contentsOf: source) else { return nil }
        return try JSONDecoder().decode(Document.self, from: data)
    }

    public func exists(document: String, key: String) -> Bool {
        FileManager.default.fileExists(atPath: url(document: document, key: key).path)
    }
}
