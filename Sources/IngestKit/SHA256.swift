import Crypto
import Foundation

/// SHA-256 hex digests for document identities and checkpoint keys, from swift-crypto (which
/// the package already builds for the PostgreSQL client): no hand-written cryptography.
public struct SHA256: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// Hex digest of `data`.
    public static func hex(of data: Data) -> String {
        var h = SHA256()
        h.update(data)
        return h.finalizeHex()
    }

    /// Hex digest of a UTF-8 string.
    public static func hex(of string: String) -> String { hex(of: Data(string.utf8)) }

    /// Hex digest of a file's bytes, read in chunks.
    public static func hex(ofFileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var h = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            h.update(chunk)
        }
        return h.finalizeHex()
    }

    public mutating func update(_ data: Data) { hasher.update(data: data) }

    /// The digest as 64 lowercase hex digits; the hasher is spent.
    public mutating func finalizeHex() -> String {
        let hexDigits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in hasher.finalize() {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
