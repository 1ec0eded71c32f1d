import Foundation

/// The artifact that flows through a pipeline: one source document and everything the stages
/// have learnt about it so far.
///
/// Stages receive a `Document` and return it enriched. It is a plain value (Codable and
/// Sendable): the runner checkpoints it after every stage, and out-of-process stages read and
/// write it as JSON (see `docs/artifact.schema.json`).
public struct Document: Codable, Sendable, Equatable {
    /// Lowercase hex SHA-256 of the source file's bytes: the document's identity everywhere.
    public var id: String
    /// The input path as given to the pipeline.
    public var source: String
    /// What the extractor found the source to be (`pdf`, `text`, `html`); nil before extraction.
    public var kind: SourceKind?
    /// Document-level metadata (title, author, creator, producer, dates, page count).
    public var metadata: DocumentMetadata
    /// Pages in order, as extracted.
    public var pages: [Page]
    /// Text after artefact cleanup, with a map back to the extracted lines.
    public var text: CleanText?
    /// Tables recovered from the text or from page geometry.
    public var tables: [Table]
    /// The record being built (an object), in the shape of the output contract.
    public var record: JSONValue
    /// Where recorded values came from, keyed by their path in the record
    /// (`tables.applications.rows.total[6]`).
    public var provenance: [String: Provenance]
    /// What a stage could not do or had to guess.
    public var issues: [Issue]
    /// Free space for stages outside this package (out-of-process stages included); the
    /// engine carries it through untouched.
    public var extensions: [String: JSONValue]

    public init(id: String, source: String) {
        self.id = id
        self.source = source
        self.kind = nil
        self.metadata = DocumentMetadata()
        self.pages = []
        self.text = nil
        self.tables = []
        self.record = .object([:])
        self.provenance = [:]
        self.issues = []
        self.extensions = [:]
    }

    /// Records an issue on behalf of a stage.
    public mutating func addIssue(_ severity: Issue.Severity, _ message: String, stage: String) {
        issues.append(Issue(stage: stage, severity: severity, message: message))
    }

    /// Whether every page had a usable text layer; nil for inputs that have no pages (text).
    public var hasTextLayer: Bool? {
        guard kind == .pdf else { return nil }
        return pages.allSatisfy { !$0.needsOCR }
    }
}

// MARK: - Custom decoding (older checkpoints and hand-written artifacts may omit keys)

extension Document {
    private enum CodingKeys: String, CodingKey {
        case id, source, kind, metadata, pages, text, tables, record, provenance, issues, extensions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        source = try c.decode(String.self, forKey: .source)
        kind = try c.decodeIfPresent(SourceKind.self, forKey: .kind)
        metadata = try c.decodeIfPresent(DocumentMetadata.self, forKey: .metadata) ?? DocumentMetadata()
        pages = try c.decodeIfPresent([Page].self, forKey: .pages) ?? []
        text = try c.decodeIfPresent(CleanText.self, forKey: .text)
        tables = try c.decodeIfPresent([Table].self, forKey: .tables) ?? []
        record = try c.decodeIfPresent(JSONValue.self, forKey: .record) ?? .object([:])
        provenance = try c.decodeIfPresent([String: Provenance].self, forKey: .provenance) ?? [:]
        issues = try c.decodeIfPresent([Issue].self, forKey: .issues) ?? []
        extensions = try c.decodeIfPresent([String: JSONValue].self, forKey: .extensions) ?? [:]
    }
}

/// What kind of source a document was extracted from.
public enum SourceKind: String, Codable, Sendable {
    case pdf
    case text
    case html
}

/// Document-level metadata, as the source states it.
public struct DocumentMetadata: Codable, Sendable, Equatable {
    public var title: String?
    public var author: String?
    public var creator: String?
    public var producer: String?
    /// ISO 8601.
    public var created: String?
    /// ISO 8601.
    public var modified: String?
    /// Page count of a paged source; nil for plain text.
    public var pageCount: Int?
    /// The text encoding a text source was decoded from (`utf-8`, `gb18030`).
    public var encoding: String?
    /// Fields of a header block that a crawler or archive put before the text (`标题`,
    /// `发布机构`, `发布时间`, `文号`, `栏目`, `原始链接`, …), by their names as printed.
    public var fields: [String: String]?

    public init() {}
}

/// One page as extracted.
public struct Page: Codable, Sendable, Equatable {
    /// 1-based page number.
    public var number: Int
    /// Page size in points; nil for text sources.
    public var width: Double?
    public var height: Double?
    /// The page text in reading order.
    public var text: String
    /// The page's lines in reading order; `box` is set for PDF sources.
    public var lines: [TextLine]
    /// One box per Unicode scalar of `text` (newlines included), for PDF sources.
    public var glyphs: GlyphBoxes?
    /// The text layer is missing or garbage here: the page needs OCR.
    public var needsOCR: Bool
    /// The names of the fonts the page's text is set in, in order of first use (PDF sources);
    /// nil where the extractor does not say, empty where the text was not typeset (OCR).
    public var fonts: [String]?

    public init(number: Int, width: Double? = nil, height: Double? = nil, text: String,
                lines: [TextLine], glyphs: GlyphBoxes? = nil, needsOCR: Bool = false, fonts: [String]? = nil) {
        self.number = number
        self.width = width
        self.height = height
        self.text = text
        self.lines = lines
        self.glyphs = glyphs
        self.needsOCR = needsOCR
        self.fonts = fonts
    }
}

/// A line of extracted text.
public struct TextLine: Codable, Sendable, Equatable {
    public var text: String
    /// Bounding box in points, top-left origin (PDF sources only).
    public var box: Box?

    public init(text: String, box: Box? = nil) {
        self.text = text
        self.box = box
    }
}

/// An axis-aligned box in points with a top-left origin, encoded as `[x0, y0, x1, y1]`.
public struct Box: Codable, Sendable, Hashable {
    public var x0: Double
    public var y0: Double
    public var x1: Double
    public var y1: Double

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
    public var midX: Double { (x0 + x1) / 2 }
    public var midY: Double { (y0 + y1) / 2 }

    /// The smallest box holding both.
    public func union(_ other: Box) -> Box {
        Box(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        x0 = try c.decode(Double.self)
        y0 = try c.decode(Double.self)
        x1 = try c.decode(Double.self)
        y1 = try c.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        for v in [x0, y0, x1, y1] { try c.encode((v * 100).rounded() / 100) }
    }
}

/// Glyph boxes packed as little-endian Float32 quadruples: compact in checkpoints (base64 in
/// JSON) and cheap to encode, where an array of objects per glyph would dominate the cost.
public struct GlyphBoxes: Codable, Sendable, Equatable {
    public private(set) var packed: Data

    public init(_ boxes: [Box]) {
        var floats = [Float32]()
        floats.reserveCapacity(boxes.count * 4)
        for b in boxes {
            floats.append(Float32(b.x0)); floats.append(Float32(b.y0))
            floats.append(Float32(b.x1)); floats.append(Float32(b.y1))
        }
        packed = floats.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    /// Boxes already packed (four little-endian Float32 each), as a checkpoint stores them.
    init(packed: Data) {
        self.packed = packed
    }

    public var count: Int { packed.count / 16 }

    public subscript(index: Int) -> Box {
        packed.withUnsafeBytes { raw in
            let f = raw.bindMemory(to: Float32.self)
            let i = index * 4
            return Box(x0: Double(f[i]), y0: Double(f[i + 1]), x1: Double(f[i + 2]), y1: Double(f[i + 3]))
        }
    }

    public var boxes: [Box] { (0..<count).map { self[$0] } }

    public init(from decoder: any Decoder) throws {
        packed = try decoder.singleValueContainer().decode(Data.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(packed)
    }
}

/// Text after cleanup: logical lines (paragraphs rejoined, artefacts removed), each with the
/// extracted lines it came from.
public struct CleanText: Codable, Sendable, Equatable {
    public var lines: [CleanLine]

    public init(lines: [CleanLine]) { self.lines = lines }

    /// The cleaned text, one logical line per line.
    public var joined: String { lines.map(\.text).joined(separator: "\n") }
}

/// One logical line of cleaned text.
public struct CleanLine: Codable, Sendable, Equatable {
    public var text: String
    /// The extracted lines this one was made from, in order.
    public var origin: [LineRef]

    public init(text: String, origin: [LineRef]) {
        self.text = text
        self.origin = origin
    }
}

/// A reference to an extracted line: `pages[page - 1].lines[line]`.
public struct LineRef: Codable, Sendable, Hashable {
    public var page: Int
    public var line: Int

    public init(page: Int, line: Int) {
        self.page = page
        self.line = line
    }
}

/// A recovered table: a grid of cells, merged cells carrying their spans.
public struct Table: Codable, Sendable, Equatable {
    /// How the grid was recovered (`markdown`, `tsv`, `cell-per-line`, `columns`, `geometry`).
    public var layout: String
    /// The nearest heading above the table in the cleaned text, if any.
    public var heading: String?
    /// Index of the first cleaned line of the table (text layouts).
    public var firstLine: Int?
    /// Index one past the last cleaned line of the table (text layouts).
    public var endLine: Int?
    /// Rows of cells, in order; a row holds the cells that start in it.
    public var rows: [[Cell]]

    public init(layout: String, heading: String? = nil, firstLine: Int? = nil, endLine: Int? = nil, rows: [[Cell]]) {
        self.layout = layout
        self.heading = heading
        self.firstLine = firstLine
        self.endLine = endLine
        self.rows = rows
    }
}

/// A table cell.
public struct Cell: Codable, Sendable, Equatable {
    public var text: String
    public var row: Int
    public var column: Int
    public var rowSpan: Int
    public var columnSpan: Int
    /// Page and box where the cell was printed (PDF sources).
    public var page: Int?
    public var box: Box?
    /// The cleaned line the cell came from (text sources).
    public var line: Int?

    public init(text: String, row: Int, column: Int, rowSpan: Int = 1, columnSpan: Int = 1,
                page: Int? = nil, box: Box? = nil, line: Int? = nil) {
        self.text = text
        self.row = row
        self.column = column
        self.rowSpan = rowSpan
        self.columnSpan = columnSpan
        self.page = page
        self.box = box
        self.line = line
    }
}

/// Where a recorded value came from.
public struct Provenance: Codable, Sendable, Equatable {
    public var page: Int?
    public var box: Box?
    /// The raw text the value was read from.
    public var text: String
    /// The cleaned line it was read from (text sources).
    public var line: Int?

    public init(page: Int? = nil, box: Box? = nil, text: String, line: Int? = nil) {
        self.page = page
        self.box = box
        self.text = text
        self.line = line
    }
}

/// Something a stage could not do or had to guess, kept in the record's `issues`.
public struct Issue: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable {
        case error, warning, info
    }

    public var stage: String
    public var severity: Severity
    public var message: String

    public init(stage: String, severity: Severity, message: String) {
        self.stage = stage
        self.severity = severity
        self.message = message
    }
}
