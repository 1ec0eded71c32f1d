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

    /// How much of a file `hex(ofFileAt:)` reads at a time: under glibc's mmap threshold
    /// (128 KiB), so that the buffer comes from the heap and is reused from file to file. A
    /// mebibyte was mapped fresh for every file, and the kernel faulted in and zeroed its pages
    /// as the file was read into them (1% of a run's CPU over 167 KB reports).
    static let readSize = 64 << 10

    /// Hex digest of a file's bytes, read `readSize` at a time with `read(2)` into one buffer
    /// (`FileHandle` read a 20 MB PDF in 5,000 calls of 4 KiB, each copied into a new `Data`).
    public static func hex(ofFileAt url: URL) throws -> String {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileReadError(path: url.path, code: errno) }
        defer { close(fd) }
        var h = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: url.path, code: errno)
            }
            h.hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        return h.finalizeHex()
    }

    /// A file that could not be opened or read, with the system's reason.
    public struct FileReadError: Error, LocalizedError {
        public let path: String
        public let code: Int32
        public var errorDescription: String? { "\(path): \(String(cString: strerror(code)))" }
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
