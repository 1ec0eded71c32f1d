import Foundation

/// The bytes of stored checkpoints: pages in a compact binary form (text and line text as
/// UTF-8, numbers little-endian, glyph boxes as the packed Float32 quadruples they already
/// are), and the rest of an artifact as JSON behind a header.
///
/// Every file starts with a four-byte magic and a format version; a file whose magic, version
/// or structure is not this one's is reported as `CheckpointFormat.Unreadable`, so the runner
/// recomputes the stage instead of trusting it. Bump `version` when the layout changes.
enum CheckpointFormat {
    static let version: UInt32 = 1
    /// `.pages` files: the pages of an artifact.
    static let pagesMagic = Array("IKPG".utf8)
    /// `.ckpt` files: the artifact without its pages, and the name of its `.pages` file.
    static let artifactMagic = Array("IKCK".utf8)

    /// Why stored bytes cannot be read back.
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    // MARK: - Pages

    static func encode(pages: [Page]) -> Data {
        var out = ByteWriter(magic: pagesMagic)
        out.reserve(pages.reduce(64) { $0 + 32 + $1.text.utf8.count * 2 + $1.lines.count * 40 + ($1.glyphs?.packed.count ?? 0) })
        out.append(UInt32(pages.count))
        for page in pages {
            var flags: UInt8 = 0
            if page.width != nil { flags |= 1 }
            if page.height != nil { flags |= 2 }
            if page.glyphs != nil { flags |= 4 }
            if page.needsOCR { flags |= 8 }
            out.append(flags)
            out.append(Int64(page.number))
            if let width = page.width { out.append(width) }
            if let height = page.height { out.append(height) }
            out.append(page.text)
            out.append(UInt32(page.lines.count))
            for line in page.lines {
                out.append(line.text)
                if let box = line.box {
                    out.append(UInt8(1))
                    for value in [box.x0, box.y0, box.x1, box.y1] { out.append(value) }
                } else {
                    out.append(UInt8(0))
                }
            }
            if let glyphs = page.glyphs { out.append(glyphs.packed) }
        }
        return out.data
    }

    static func decodePages(_ data: Data) throws -> [Page] {
        var input = try ByteReader(data, magic: pagesMagic)
        let count = Int(try input.read(UInt32.self))
        var pages: [Page] = []
        pages.reserveCapacity(min(count, data.count / 16))
        for _ in 0..<count {
            let flags = try input.read(UInt8.self)
            let number = Int(try input.read(Int64.self))
            let width = flags & 1 != 0 ? try input.read(Double.self) : nil
            let height = flags & 2 != 0 ? try input.read(Double.self) : nil
            let text = try input.readString()
            let lineCount = Int(try input.read(UInt32.self))
            var lines: [TextLine] = []
            lines.reserveCapacity(min(lineCount, data.count / 5))
            for _ in 0..<lineCount {
                let text = try input.readString()
                let box: Box? = try input.read(UInt8.self) != 0
                    ? Box(x0: try input.read(Double.self), y0: try input.read(Double.self),
                          x1: try input.read(Double.self), y1: try input.read(Double.self))
                    : nil
                lines.append(TextLine(text: text, box: box))
            }
            var glyphs: GlyphBoxes? = nil
            if flags & 4 != 0 {
                let packed = try input.readData()
                guard packed.count % 16 == 0 else { throw Unreadable(description: "glyph boxes of page \(number) are cut") }
                glyphs = GlyphBoxes(packed: Data(packed))
            }
            pages.append(Page(number: number, width: width, height: height, text: text, lines: lines, glyphs: glyphs,
                              needsOCR: flags & 8 != 0))
        }
        try input.expectEnd()
        return pages
    }

    // MARK: - Artifacts

    /// An artifact whose pages are left out (`document.pages` must be empty), and the name of
    /// the `.pages` file holding them, if any.
    static func encode(artifact document: Document, pagesBlob: String?) throws -> Data {
        var out = ByteWriter(magic: artifactMagic)
        out.append(pagesBlob ?? "")
        out.append(try JSONEncoder().encode(document))
        return out.data
    }

    static func decodeArtifact(_ data: Data) throws -> (document: Document, pagesBlob: String?) {
        var input = try ByteReader(data, magic: artifactMagic)
        let blob = try input.readString()
        let json = try input.readData()
        try input.expectEnd()
        do {
            return (try JSONDecoder().decode(Document.self, from: json), blob.isEmpty ? nil : blob)
        } catch {
            throw Unreadable(description: "the artifact does not decode: \(error)")
        }
    }
}

/// Appends little-endian numbers and length-prefixed bytes.
private struct ByteWriter {
    private(set) var data = Data()

    init(magic: [UInt8]) {
        data.append(contentsOf: magic)
        append(CheckpointFormat.version)
    }

    mutating func reserve(_ count: Int) { data.reserveCapacity(count) }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    mutating func append(_ value: Double) { append(value.bitPattern) }

    mutating func append(_ bytes: Data) {
        append(UInt32(bytes.count))
        data.append(bytes)
    }

    mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            append(UInt32(utf8.count))
            data.append(utf8)
        }
    }
}

/// Reads what `ByteWriter` wrote, checking every length against the bytes left.
private struct ByteReader {
    private let data: Data
    private var offset: Int

    init(_ data: Data, magic: [UInt8]) throws {
        self.data = data
        offset = data.startIndex
        guard data.count >= magic.count + 4, data.prefix(magic.count).elementsEqual(magic) else {
            throw CheckpointFormat.Unreadable(description: "not a checkpoint of this program (no \(String(decoding: magic, as: UTF8.self)) header)")
        }
        offset += magic.count
        let version = try read(UInt32.self)
        guard version == CheckpointFormat.version else {
            throw CheckpointFormat.Unreadable(description: "checkpoint format \(version), this program reads \(CheckpointFormat.version)")
        }
    }

    mutating func read<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        try need(size)
        var value = T.zero
        _ = withUnsafeMutableBytes(of: &value) { target in
            data.copyBytes(to: target, from: offset..<offset + size)
        }
        offset += size
        return T(littleEndian: value)
    }

    mutating func read(_ type: Double.Type) throws -> Double { Double(bitPattern: try read(UInt64.self)) }

    mutating func readData() throws -> Data {
        let count = Int(try read(UInt32.self))
        try need(count)
        defer { offset += count }
        return data[offset..<offset + count]
    }

    mutating func readString() throws -> String {
        let count = Int(try read(UInt32.self))
        try need(count)
        defer { offset += count }
        return data.withUnsafeBytes { raw in
            let start = offset - data.startIndex
            return String(decoding: raw[start..<start + count], as: UTF8.self)
        }
    }

    func expectEnd() throws {
        guard offset == data.endIndex else {
            throw CheckpointFormat.Unreadable(description: "\(data.endIndex - offset) unexpected bytes after the end")
        }
    }

    private func need(_ count: Int) throws {
        guard count >= 0, data.endIndex - offset >= count else {
            throw CheckpointFormat.Unreadable(description: "cut short at byte \(offset - data.startIndex) of \(data.count)")
        }
    }
}
