import Foundation
import IngestKit
#if canImport(Glibc)
import Glibc
#endif

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
        let (fields, body) = Self.headerBlock(text)
        if !fields.isEmpty { out.metadata.fields = fields }
        out.pages = Self.pages(of: body)
        if out.pages.allSatisfy({ $0.text.allSatisfy(\.isWhitespace) }) {
            throw StageError("the file holds no text")
        }
        return out
    }

    /// The names a crawler's header block uses for its fields.
    static let headerNames: Set<String> = ["标题", "发布时间", "文号", "发布机构", "索引号", "来源", "栏目", "原始链接",
                                           "本地目录", "正文", "发文机关", "成文日期", "主题分类", "作者", "链接", "网址"]

    /// A header block at the top of a crawled page (`标题: …`, `发布机构: …`, …, `正文:`): its
    /// fields, and the text after it. At least two known field names make a block; it ends at
    /// `正文` (whose value, if any, is the first line of the body) or at the first other line.
    static func headerBlock(_ text: String) -> (fields: [String: String], body: String) {
        var fields: [String: String] = [:]
        var rest = Substring(text)
        var consumed = rest.startIndex
        var count = 0
        while !rest.isEmpty {
            let end = rest.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) ?? rest.endIndex
            let line = rest[..<end]
            let next = end < rest.endIndex ? rest.index(after: end) : end
            if line.allSatisfy(\.isWhitespace) { rest = rest[next...]; if count > 0 { consumed = next }; continue }
            guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { break }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard headerNames.contains(name) else { break }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            count += 1
            if name == "正文" {
                guard count >= 2 else { break }
                return (fields, value + (value.isEmpty ? "" : "\n") + String(rest[next...]))
            }
            if !value.isEmpty { fields[name] = value }
            rest = rest[next...]
            consumed = next
        }
        guard count >= 2 else { return ([:], text) }
        return (fields, String(text[consumed...]))
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

    /// Converts with the C library's iconv; nil when the bytes are not valid in that encoding.
    static func iconv(_ data: Data, from encoding: String) -> String? {
        let converter = iconv_open("UTF-8", encoding)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let inCount = input.count
        let outCapacity = output.count
        let result: (Int, Int, Int) = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inCount
                var outLeft = outCapacity
                let status = Glibc.iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return (status, inLeft, outCapacity - outLeft)
            }
        }
        guard result.0 != -1, result.1 == 0 else { return nil }
        return String(decoding: output.prefix(result.2), as: UTF8.self)
    }
}
