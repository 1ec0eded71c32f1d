import Foundation
import IngestKit

/// `extract.text`: text that earlier tools extracted from PDFs (`.txt`, `.md`) → pages and lines.
///
/// Decodes UTF-8 (with or without a byte-order mark) and falls back to GB18030, the encoding of
/// Chinese text files from Windows tools. Form feeds separate pages, as `pdftotext` writes them.
/// A document that an earlier extractor already read (a PDF) passes through untouched, so one
/// pipeline takes a folder of mixed PDFs and texts. A file larger than `max_bytes` is refused
/// before it is read: every later stage holds the text several times over.
public struct TextExtract: Stage {
    public static let name = "extract.text"
    public static let summary = "Reads already-extracted text (.txt/.md, UTF-8 or GB18030) into pages and lines."
    public static let options = [
        OptionSpec("encoding", .string, default: "auto", "auto (UTF-8, else GB18030), utf-8 or gb18030"),
        OptionSpec("max_bytes", .integer, default: .int(defaultMaxBytes),
                   "largest file read, in bytes (64 MiB); a larger one fails with its size and this limit"),
    ]

    /// 64 MiB: some hundred times the longest report text, small enough that the pipeline's
    /// copies of it fit in memory.
    public static let defaultMaxBytes = 64 << 20

    let encoding: String
    let maxBytes: Int

    public init(options: StageOptions) throws {
        encoding = options.string("encoding") ?? "auto"
        guard ["auto", "utf-8", "gb18030"].contains(encoding) else {
            throw options.invalid("encoding", "must be auto, utf-8 or gb18030, not '\(encoding)'")
        }
        maxBytes = options.int("max_bytes") ?? Self.defaultMaxBytes
        guard maxBytes >= 1 else { throw options.invalid("max_bytes", "must be at least 1, not \(maxBytes)") }
    }

    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        guard document.kind == nil else { return document }
        let size = try FileManager.default.attributesOfItem(atPath: document.source)[.size] as? Int ?? 0
        try checkSize(size)
        return try read(Data(contentsOf: URL(fileURLWithPath: document.source)), into: document)
    }

    /// Fails for a text longer than `max_bytes`, naming both.
    func checkSize(_ size: Int) throws {
        guard size > maxBytes else { return }
        throw StageError("the text is \(Self.describe(bytes: size)), beyond extract.text's limit of \(Self.describe(bytes: maxBytes)) "
            + "(option max_bytes)")
    }

    /// `70.0 MiB (73400320 bytes)`.
    static func describe(bytes: Int) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576) + " (\(bytes) bytes)"
    }

    /// The document with the text of `data` (the bytes of its source) as its pages.
    public func read(_ data: Data, into document: Document) throws -> Document {
        try checkSize(data.count)
        if data.starts(with: Array("%PDF".utf8)) {
            throw StageError("this is a PDF; put extract.pdf before extract.text in the pipeline")
        }
        let (text, used) = try decode(data)
        var out = document
        out.kind = .text
        out.metadata.encoding = used
        let (fields, body) = TextDecoding.headerBlock(text)
        if !fields.isEmpty { out.metadata.fields = fields }
        out.pages = Self.pages(of: body)
        if out.pages.allSatisfy({ $0.text.allSatisfy(\.isWhitespace) }) {
            throw StageError("the file holds no text")
        }
        return out
    }

    /// Splits text into pages at form feeds, and pages into lines.
    static func pages(of text: String) -> [Page] {
        let normalized = text.containsBytes(of: "\r") ? unixLineBreaks(text) : text
        // Form feeds and line feeds are characters of their own (never part of a cluster):
        // splitting the bytes splits the characters.
        var pages = normalized.pieces(separatedBy: 0x0C).map { String($0) }
        if pages.count > 1, pages.last?.allSatisfy(\.isWhitespace) == true { pages.removeLast() }
        return pages.enumerated().map { i, page in
            let lines = page.pieces(separatedBy: 0x0A).map { TextLine(text: String($0)) }
            return Page(number: i + 1, text: page, lines: lines)
        }
    }

    /// `\r\n` and `\r` as `\n`.
    static func unixLineBreaks(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var afterCR = false
        for byte in text.utf8 {
            if byte == 10, afterCR { afterCR = false; continue }
            afterCR = byte == 13
            out.append(afterCR ? 10 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    func decode(_ data: Data) throws -> (String, String) {
        if Self.looksBinary(data) {
            throw StageError("binary content, not text (control bytes in the first 4 KiB); is it an image or an office file?")
        }
        var body = data
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if encoding != "gb18030", let text = String(data: body, encoding: .utf8) { return (text, "utf-8") }
        if encoding == "utf-8" { throw StageError("not valid UTF-8") }
        if let text = Self.iconv(body, from: "GB18030") { return (text, "gb18030") }
        throw StageError("the bytes are neither UTF-8 nor GB18030 text")
    }

    /// NUL or many other control bytes early in the file mean it is not text.
    static func looksBinary(_ data: Data) -> Bool {
        let head = data.prefix(4096)
        var control = 0
        for byte in head {
            if byte == 0 { return true }
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D, byte != 0x0C { control += 1 }
        }
        return control * 20 > max(head.count, 1)
    }

    /// Converts with the C library's iconv (see `TextDecoding.iconv`).
    static func iconv(_ data: Data, from encoding: String) -> String? {
        TextDecoding.iconv(data, from: encoding)
    }
}
