import Foundation
import IngestKit

/// The first and last bytes of a file: enough to tell a PDF by its content (whatever the file
/// is called), a truncated PDF (no `%%EOF` at the end), and what a file named `.pdf` really is.
struct FileSniff {
    /// How many bytes are read from each end.
    static let window = 1024

    let head: Data
    let tail: Data
    let size: Int

    /// Reads the two ends of `path`.
    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StageError("cannot open the file for reading")
        }
        defer { try? handle.close() }
        let end = try handle.seekToEnd()
        size = Int(end)
        try handle.seek(toOffset: 0)
        head = try handle.read(upToCount: Self.window) ?? Data()
        let tailStart = end > UInt64(Self.window) ? end - UInt64(Self.window) : 0
        try handle.seek(toOffset: tailStart)
        tail = try handle.read(upToCount: Self.window) ?? Data()
    }

    /// The bytes start with `%PDF`.
    var isPDF: Bool { head.starts(with: Array("%PDF".utf8)) }

    /// The end-of-file marker is in the last kilobyte, where every complete PDF has it.
    var hasEndMarker: Bool { tail.range(of: Data("%%EOF".utf8)) != nil }

    /// What the content looks like, for a file that claims to be a PDF but is not.
    var contentDescription: String {
        if size == 0 { return "the file is empty" }
        let prefix = head.prefix(512)
        let lower = String(decoding: prefix, as: UTF8.self).lowercased()
        let signatures: [(bytes: [UInt8], name: String)] = [
            ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (an office document such as .docx or .ofd?)"),
            ([0xD0, 0xCF, 0x11, 0xE0], "an old Microsoft Office file (.doc, .xls)"),
            ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
            (Array("{\\rtf".utf8), "an RTF document"),
        ]
        if let match = signatures.first(where: { prefix.starts(with: $0.bytes) }) { return "it is \(match.name)" }
        if lower.contains("<html") || lower.contains("<!doctype") { return "it is an HTML page (a web error page saved as .pdf?)" }
        if let offset = head.range(of: Data("%PDF".utf8))?.lowerBound {
            return "%PDF appears only at byte \(offset), after other content"
        }
        return "its first bytes are \(prefix.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " "))"
    }
}
