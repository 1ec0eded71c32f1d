import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Text helpers shared by the text extractors (`extract.text`, `extract.html`): legacy
/// encodings through iconv, and the header block a crawler writes before a page's text.
public enum TextDecoding {
    /// Converts with the C library's iconv; nil when the bytes are not valid in that encoding.
    public static func iconv(_ data: Data, from encoding: String) -> String? {
        let converter = iconv_open("UTF-8", encoding)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = [UInt8](data)
        if input.isEmpty { return "" }
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
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

    /// The names a crawler's header block uses for its fields.
    public static let headerNames: Set<String> = ["标题", "发布时间", "文号", "发布机构", "索引号", "来源", "栏目", "原始链接",
                                                  "本地目录", "正文", "发文机关", "成文日期", "主题分类", "作者", "链接", "网址"]

    /// A header block at the top of a crawled page (`标题: …`, `发布机构: …`, …, `正文:`): its
    /// fields, and the text after it. At least two known field names make a block; it ends at
    /// `正文` (whose value, if any, is the first line of the body) or at the first other line.
    public static func headerBlock(_ text: String) -> (fields: [String: String], body: String) {
        var fields: [String: String] = [:]
        var rest = Substring(text)
        var consumed = rest.startIndex
        var count = 0
        while !rest.isEmpty {
            // CR and LF always end a character: their first byte is where the line ends.
            let end = rest.utf8.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) ?? rest.endIndex
            let line = rest[..<end]
            let next = end < rest.endIndex ? rest.index(after: end) : end
            if line.allSatisfy(\.isWhitespace) { rest = rest[next...]; if count > 0 { consumed = next }; continue }
            guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { break }
            let name = line[..<colon].trimming(.whitespaces)
            guard headerNames.contains(name) else { break }
            let value = line[line.index(after: colon)...].trimming(.whitespaces)
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
}
