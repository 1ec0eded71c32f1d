import Foundation
import IngestKit

/// `extract.text`: text that earlier tools extracted from PDFs (`.txt`, `.md`) → pages and lines.
///
/// Decodes UTF-8 (with or without a byte-order mark) and falls back to GB18030, the encoding of
/// Chinese text files from Windows tools. Form feeds separate pages, as `pdftotext` writes them.
/// A document that an earlier extractor already read (a PDF) passes through untouched, so one
/// pipeline takes a folder of mixed PDFs and texts.
public struct TextExtract: Stage {
    public static let name = "extract.text"
    public static let summary = "Reads already-extracted text (.txt/.md, UTF-8 or GB18030) into pages and lines."
    public static let options = [
        OptionSpec("encoding", .string, default: "auto", "auto (UTF-8, else GB18030), utf-8 or gb18030"),
    ]

    let encoding: String

    public init(options: StageOptions) throws {
        encoding = options.string("encoding") ?? "auto"
        guard ["auto", "utf-8", "gb18030"].contains(encoding) else {
            throw options.invalid("encoding", "must be auto, utf-8 or gb18030, not '\(encoding)'")
        }
    }

    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        guard document.kind == nil else { return document }
        let data = try Data(contentsOf: URL(fileURLWithPath: document.source))
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
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var pages = normalized.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
        if pages.count > 1, pages.last?.allSatisfy(\.isWhitespace) == true { pages.removeLast() }
        return pages.enumerated().map { i, page in
            let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map { TextLine(text: String($0)) }
            return Page(number: i + 1, text: page, lines: lines)
        }
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
