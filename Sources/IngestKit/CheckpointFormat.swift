import Foundation

/// The bytes of stored checkpoints, in a compact binary form: strings as length-prefixed
/// UTF-8, numbers little-endian, optionals behind a presence byte, glyph boxes as the packed
/// Float32 quadruples they already are. Pages go to a record of their own; the rest of an
/// artifact (cleaned text, tables, record, provenance, issues) to the checkpoint's record
/// (`CheckpointStore` frames both in a document's pack).
/// Foundation's JSON encoder took most of a checkpoint's cost.
///
/// Every record starts with a four-byte magic and a format version; one whose magic, version
/// or structure is not this one's is reported as `CheckpointFormat.Unreadable`, so the runner
/// recomputes the stage instead of trusting it. Bump `version` when the layout changes.
enum CheckpointFormat {
    static let version: UInt32 = 3
    /// Pages records: the pages of an artifact.
    static let pagesMagic = Array("IKPG".utf8)
    /// Artifact records: the artifact without its pages, and the key of its pages record.
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
            if page.fonts != nil { flags |= 16 }
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
            if let fonts = page.fonts {
                out.append(UInt32(fonts.count))
                for font in fonts { out.append(font) }
            }
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
            var fonts: [String]? = nil
            if flags & 16 != 0 {
                let fontCount = Int(try input.read(UInt32.self))
                fonts = []
                fonts!.reserveCapacity(min(fontCount, data.count / 4))
                for _ in 0..<fontCount { fonts!.append(try input.readString()) }
            }
            pages.append(Page(number: number, width: width, height: height, text: text, lines: lines, glyphs: glyphs,
                              needsOCR: flags & 8 != 0, fonts: fonts))
        }
        try input.expectEnd()
        return pages
    }

    // MARK: - Artifacts

    /// An artifact, its pages apart (they are stored in the `.pages` file named, if any; any
    /// pages left in `document` are stored here too).
    static func encode(artifact document: Document, pagesBlob: String?) throws -> Data {
        var out = ByteWriter(magic: artifactMagic)
        out.append(pagesBlob ?? "")
        out.append(document.id)
        out.append(document.source)
        out.append(optional: document.kind?.rawValue)
        let m = document.metadata
        for field in [m.title, m.author, m.creator, m.producer, m.created, m.modified, m.encoding] { out.append(optional: field) }
        out.append(optional: m.pageCount)
        out.append(UInt8(m.fields == nil ? 0 : 1))
        if let fields = m.fields {
            out.append(UInt32(fields.count))
            for (name, value) in fields { out.append(name); out.append(value) }
        }
        out.append(document.pages.isEmpty ? Data() : encode(pages: document.pages))
        out.append(UInt8(document.text == nil ? 0 : 1))
        if let text = document.text {
            out.append(UInt32(text.lines.count))
            for line in text.lines {
                out.append(line.text)
                out.append(UInt32(line.origin.count))
                for ref in line.origin { out.append(Int64(ref.page)); out.append(Int64(ref.line)) }
            }
        }
        out.append(UInt32(document.tables.count))
        for table in document.tables {
            out.append(table.layout)
            out.append(optional: table.heading)
            out.append(optional: table.firstLine)
            out.append(optional: table.endLine)
            out.append(UInt32(table.rows.count))
            for row in table.rows {
                out.append(UInt32(row.count))
                for cell in row {
                    out.append(cell.text)
                    for n in [cell.row, cell.column, cell.rowSpan, cell.columnSpan] { out.append(Int64(n)) }
                    out.append(optional: cell.page)
                    out.append(optional: cell.box)
                    out.append(optional: cell.line)
                }
            }
        }
        out.append(document.record)
        out.append(UInt32(document.provenance.count))
        for (path, p) in document.provenance {
            out.append(path)
            out.append(optional: p.page)
            out.append(optional: p.box)
            out.append(p.text)
            out.append(optional: p.line)
        }
        out.append(UInt32(document.issues.count))
        for issue in document.issues {
            out.append(issue.stage)
            out.append(issue.severity.rawValue)
            out.append(issue.message)
        }
        out.append(JSONValue.object(document.extensions))
        return out.data
    }

    static func decodeArtifact(_ data: Data) throws -> (document: Document, pagesBlob: String?) {
        var input = try ByteReader(data, magic: artifactMagic)
        let blob = try input.readString()
        var document = Document(id: try input.readString(), source: try input.readString())
        if let kind = try input.readOptionalString() {
            guard let known = SourceKind(rawValue: kind) else { throw Unreadable(description: "unknown source kind \(kind)") }
            document.kind = known
        }
        var m = DocumentMetadata()
        m.title = try input.readOptionalString()
        m.author = try input.readOptionalString()
        m.creator = try input.readOptionalString()
        m.producer = try input.readOptionalString()
        m.created = try input.readOptionalString()
        m.modified = try input.readOptionalString()
        m.encoding = try input.readOptionalString()
        m.pageCount = try input.readOptionalInt()
        if try input.read(UInt8.self) != 0 {
            var fields: [String: String] = [:]
            for _ in 0..<(try input.readCount()) { fields[try input.readString()] = try input.readString() }
            m.fields = fields
        }
        document.metadata = m
        let pages = try input.readData()
        if !pages.isEmpty { document.pages = try decodePages(Data(pages)) }
        if try input.read(UInt8.self) != 0 {
            var lines: [CleanLine] = []
            for _ in 0..<(try input.readCount()) {
                let text = try input.readString()
                var origin: [LineRef] = []
                for _ in 0..<(try input.readCount()) { origin.append(LineRef(page: try input.readInt(), line: try input.readInt())) }
                lines.append(CleanLine(text: text, origin: origin))
            }
            document.text = CleanText(lines: lines)
        }
        for _ in 0..<(try input.readCount()) {
            var table = Table(layout: try input.readString(), heading: try input.readOptionalString(),
                              firstLine: try input.readOptionalInt(), endLine: try input.readOptionalInt(), rows: [])
            for _ in 0..<(try input.readCount()) {
                var row: [Cell] = []
                for _ in 0..<(try input.readCount()) {
                    row.append(Cell(text: try input.readString(), row: try input.readInt(), column: try input.readInt(),
                                    rowSpan: try input.readInt(), columnSpan: try input.readInt(),
                                    page: try input.readOptionalInt(), box: try input.readOptionalBox(), line: try input.readOptionalInt()))
                }
                table.rows.append(row)
            }
            document.tables.append(table)
        }
        document.record = try input.readJSON()
        for _ in 0..<(try input.readCount()) {
            let path = try input.readString()
            document.provenance[path] = Provenance(page: try input.readOptionalInt(), box: try input.readOptionalBox(),
                                                   text: try input.readString(), line: try input.readOptionalInt())
        }
        for _ in 0..<(try input.readCount()) {
            let stage = try input.readString(), severity = try input.readString()
            guard let known = Issue.Severity(rawValue: severity) else { throw Unreadable(description: "unknown issue severity \(severity)") }
            document.issues.append(Issue(stage: stage, severity: known, message: try input.readString()))
        }
        guard case .object(let extensions) = try input.readJSON() else { throw Unreadable(description: "the extensions are not an object") }
        document.extensions = extensions
        try input.expectEnd()
        return (document, blob.isEmpty ? nil : blob)
    }
}

/// Appends little-endian numbers and length-prefixed bytes.
private struct ByteWriter {
    /// Gathered in an array (appending a few bytes to `Data` cost more than encoding them) and
    /// handed over as `Data` once.
    private var bytes: [UInt8] = []

    init(magic: [UInt8]) {
        bytes.append(contentsOf: magic)
        append(CheckpointFormat.version)
    }

    var data: Data { Data(bytes) }

    mutating func reserve(_ count: Int) { bytes.reserveCapacity(count) }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Double) { append(value.bitPattern) }

    mutating func append(_ data: Data) {
        append(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            append(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func append(optional string: String?) {
        append(UInt8(string == nil ? 0 : 1))
        if let string { append(string) }
    }

    mutating func append(optional value: Int?) {
        append(UInt8(value == nil ? 0 : 1))
        if let value { append(Int64(value)) }
    }

    mutating func append(optional box: Box?) {
        append(UInt8(box == nil ? 0 : 1))
        if let box { for value in [box.x0, box.y0, box.x1, box.y1] { append(value) } }
    }

    /// A JSON value: a tag byte (null, false, true, integer, number, string, array, object),
    /// then its contents.
    mutating func append(_ value: JSONValue) {
        switch value {
        case .null: append(UInt8(0))
        case .bool(let b): append(UInt8(b ? 2 : 1))
        case .int(let n): append(UInt8(3)); append(Int64(n))
        case .double(let d): append(UInt8(4)); append(d)
        case .string(let s): append(UInt8(5)); append(s)
        case .array(let items):
            append(UInt8(6)); append(UInt32(items.count))
            for item in items { append(item) }
        case .object(let members):
            append(UInt8(7)); append(UInt32(members.count))
            for (key, member) in members { append(key); append(member) }
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

    mutating func readInt() throws -> Int {
        let value = try read(Int64.self)
        guard let int = Int(exactly: value) else { throw CheckpointFormat.Unreadable(description: "a number out of range at byte \(offset - data.startIndex)") }
        return int
    }

    /// A count of items that follow, each at least a byte long.
    mutating func readCount() throws -> Int {
        let count = Int(try read(UInt32.self))
        guard count <= data.endIndex - offset else {
            throw CheckpointFormat.Unreadable(description: "a count of \(count) with \(data.endIndex - offset) bytes left")
        }
        return count
    }

    mutating func readOptionalString() throws -> String? { try read(UInt8.self) != 0 ? try readString() : nil }

    mutating func readOptionalInt() throws -> Int? { try read(UInt8.self) != 0 ? try readInt() : nil }

    mutating func readOptionalBox() throws -> Box? {
        try read(UInt8.self) != 0
            ? Box(x0: try read(Double.self), y0: try read(Double.self), x1: try read(Double.self), y1: try read(Double.self))
            : nil
    }

    /// A JSON value as `ByteWriter` wrote it, nested at most `depth` deep.
    mutating func readJSON(depth: Int = 512) throws -> JSONValue {
        guard depth > 0 else { throw CheckpointFormat.Unreadable(description: "a value nested too deep") }
        switch try read(UInt8.self) {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(try readInt())
        case 4: return .double(try read(Double.self))
        case 5: return .string(try readString())
        case 6:
            var items: [JSONValue] = []
            for _ in 0..<(try readCount()) { items.append(try readJSON(depth: depth - 1)) }
            return .array(items)
        case 7:
            var members: [String: JSONValue] = [:]
            for _ in 0..<(try readCount()) { members[try readString()] = try readJSON(depth: depth - 1) }
            return .object(members)
        case let tag: throw CheckpointFormat.Unreadable(description: "unknown value tag \(tag) at byte \(offset - data.startIndex - 1)")
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
