import Foundation
import IngestKit

/// Decodes a web page's bytes the way a browser does without HTTP headers: a byte-order mark,
/// else the `<meta charset>` / `http-equiv content-type` declaration, else UTF-8 if the bytes
/// are valid UTF-8, else GB18030 (a superset of GB2312 and GBK). A declaration the bytes
/// contradict (declared gb2312, valid UTF-8) is overruled; every decision is explained.
enum HTMLEncoding {
    struct Decoded {
        var text: String
        /// The encoding used: `utf-8`, `gb18030`, `utf-16le`, …
        var encoding: String
        /// What was declared, lowercased, if anything.
        var declared: String?
        var severity: Issue.Severity
        /// Which encoding was used and why.
        var reason: String
    }

    static let gbLabels: Set<String> = ["gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312-80",
                                        "gb_2312", "chinese", "euc-cn", "csgb2312", "iso-ir-58"]
    static let utf8Labels: Set<String> = ["utf-8", "utf8", "unicode-1-1-utf-8"]

    static func decode(_ data: Data) -> Decoded {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = data.dropFirst(3)
            return Decoded(text: String(data: body, encoding: .utf8) ?? String(decoding: body, as: UTF8.self),
                           encoding: "utf-8", declared: nil, severity: .info, reason: "read as UTF-8: the file starts with a UTF-8 byte order mark")
        }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let little = data.first == 0xFF
            let text = String(data: data.dropFirst(2), encoding: little ? .utf16LittleEndian : .utf16BigEndian) ?? ""
            let name = little ? "utf-16le" : "utf-16be"
            return Decoded(text: text, encoding: name, declared: nil, severity: .info, reason: "read as \(name.uppercased()): the file starts with its byte order mark")
        }
        let declared = declaration(in: data)
        let utf8 = String(data: data, encoding: .utf8)
        let nonASCII = data.contains { $0 >= 0x80 }
        func gb18030() -> String? { TextDecoding.iconv(data, from: "GB18030") }
        func lossy(_ why: String) -> Decoded {
            Decoded(text: String(decoding: data, as: UTF8.self), encoding: "utf-8", declared: declared, severity: .warning,
                    reason: why + ": read as UTF-8 with the invalid bytes replaced (U+FFFD); the text may be damaged")
        }
        guard let label = declared else {
            if let utf8 { return Decoded(text: utf8, encoding: "utf-8", declared: nil, severity: .info,
                                         reason: "no charset declared (no byte order mark, no meta charset) and the bytes are valid UTF-8: read as UTF-8") }
            if let gb = gb18030() { return Decoded(text: gb, encoding: "gb18030", declared: nil, severity: .info,
                                                   reason: "no charset declared and the bytes are not valid UTF-8: read as GB18030 (covers GB2312/GBK)") }
            return lossy("no charset declared and the bytes are neither valid UTF-8 nor GB18030")
        }
        if utf8Labels.contains(label) {
            if let utf8 { return Decoded(text: utf8, encoding: "utf-8", declared: label, severity: .info, reason: "declared \(label): read as UTF-8") }
            if let gb = gb18030() { return Decoded(text: gb, encoding: "gb18030", declared: label, severity: .warning,
                                                   reason: "declared \(label) but the bytes are not valid UTF-8; they are valid GB18030: read as GB18030") }
            return lossy("declared \(label) but the bytes are not valid UTF-8")
        }
        if nonASCII, let utf8 {
            return Decoded(text: utf8, encoding: "utf-8", declared: label, severity: .warning,
                           reason: "declared \(label) but the bytes are valid UTF-8: read as UTF-8")
        }
        if gbLabels.contains(label) {
            if let gb = gb18030() { return Decoded(text: gb, encoding: "gb18030", declared: label, severity: .info,
                                                   reason: "declared \(label): read as GB18030 (its superset)") }
            return lossy("declared \(label) but the bytes are not valid GB18030")
        }
        if let text = TextDecoding.iconv(data, from: label.uppercased()) {
            return Decoded(text: text, encoding: label, declared: label, severity: .info, reason: "declared \(label): read as \(label)")
        }
        if let gb = gb18030() { return Decoded(text: gb, encoding: "gb18030", declared: label, severity: .warning,
                                               reason: "declared \(label), which does not decode these bytes; they are valid GB18030: read as GB18030") }
        return lossy("declared \(label), which does not decode these bytes")
    }

    /// The charset a `<meta>` tag (or an XML declaration) in the first 4 KiB declares, lowercased.
    static func declaration(in data: Data) -> String? {
        let head = String(decoding: data.prefix(4096).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self)
        let patterns = [#"<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)"#, #"<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)"#]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
                  let match = regex.firstMatch(in: head, range: NSRange(head.startIndex..., in: head)),
                  let range = Range(match.range(at: 1), in: head) else { continue }
            return head[range].lowercased()
        }
        return nil
    }

    /// Rewrites charset declarations to UTF-8, so that the parser (given UTF-8 text) does not
    /// switch encodings half-way on a `<meta charset=gbk>`.
    static func neutralizeDeclarations(_ html: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: #"(<meta[^>]*?charset\s*=\s*["']?\s*)[A-Za-z0-9_.:\-]+"#, options: [.caseInsensitive])
        else { return html }
        let ns = NSMutableString(string: html)
        regex.replaceMatches(in: ns, range: NSRange(location: 0, length: ns.length), withTemplate: "$1utf-8")
        return String(ns)
    }
}
