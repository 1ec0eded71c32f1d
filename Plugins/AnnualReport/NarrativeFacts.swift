import Foundation

/// Counts the narrative states in words, to check the tables against and to settle layouts
/// the tables leave ambiguous.
///
/// Read sentence by sentence: `全年共受理…申请 30 件` (received), `办结 31件` (handled),
/// `行政复议 1 件`, `未经复议起诉 1 件`, `复议后行政诉讼 1件`, `行政诉讼1件`, and the
/// negatives `未发生…行政复议` / `未发生…行政诉讼` (zero). The first statement of each kind
/// counts.
struct NarrativeFacts: Sendable, Equatable {
    /// A count and the words that state it.
    struct Statement: Sendable, Equatable {
        var count: Int
        var words: String
    }

    var received: Statement?
    var handled: Statement?
    var review: Statement?
    var litigationDirect: Statement?
    var litigationAfterReview: Statement?
    /// Lawsuits of either kind.
    var litigation: Statement?

    init(text: String) {
        let sentences = Self.sentences(text)
        for sentence in sentences where sentence.containsBytes(of: "件") || sentence.containsBytes(of: "未") {
            if sentence.containsBytes(of: "申请") {
                if received == nil, ["受理", "收到", "新收"].contains(where: { sentence.containsBytes(of: $0) }) {
                    received = Self.count(in: sentence, after: FactPatterns.received)
                }
                if handled == nil, ["办结", "办理"].contains(where: { sentence.containsBytes(of: $0) }) {
                    handled = Self.count(in: sentence, after: FactPatterns.handled)
                }
            }
            guard ["复议", "诉讼", "起诉"].contains(where: { sentence.containsBytes(of: $0) }) else { continue }
            var rest = sentence
            litigationDirect = litigationDirect ?? Self.take(&rest, FactPatterns.direct)
            litigationAfterReview = litigationAfterReview ?? Self.take(&rest, FactPatterns.afterReview)
            review = review ?? Self.take(&rest, FactPatterns.review) ?? Self.none(in: rest, of: "行政复议")
            litigation = litigation ?? Self.take(&rest, FactPatterns.litigation) ?? Self.none(in: rest, of: "行政诉讼")
        }
    }

    /// The text cut at `。`, `；`, `;` and line breaks, empty pieces left out; cut on the bytes of
    /// those marks (a UTF-8 sequence never starts inside another).
    static func sentences(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var out: [String] = []
        var start = 0, i = 0
        while i < bytes.count {
            var length = 0
            switch bytes[i] {
            case 0x3B, 0x0A: length = 1
            case 0xE3 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x82: length = 3
            case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBC && bytes[i + 2] == 0x9B: length = 3
            default: break
            }
            guard length > 0 else { i += 1; continue }
            if i > start { out.append(String(decoding: bytes[start..<i], as: UTF8.self)) }
            i += length
            start = i
        }
        if start < bytes.count { out.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return out
    }

    /// `verb … N 件` where the words between speak of applications, not of appeals.
    private static func count(in sentence: String, after verb: Regex<Substring>) -> Statement? {
        for m in sentence.matches(of: verb) {
            let tail = sentence[m.range.upperBound...]
            guard let n = tail.prefixMatch(of: FactPatterns.count) else { continue }
            if n.output.1.contains("复议") || n.output.1.contains("诉讼") { continue }
            return Statement(count: Int(n.output.2)!, words: String(sentence[m.range.lowerBound..<n.range.upperBound]))
        }
        return nil
    }

    /// The first match of a `… (N) 件` pattern, removed from the sentence so a broader
    /// pattern does not count it again.
    private static func take(_ sentence: inout String, _ pattern: Regex<(Substring, Substring)>) -> Statement? {
        guard let m = sentence.firstMatch(of: pattern) else { return nil }
        let statement = Statement(count: Int(m.output.1)!, words: String(m.output.0))
        sentence.removeSubrange(m.range)
        return statement
    }

    /// `未发生/未收到/未有 … 行政复议`: a stated zero.
    private static func none(in sentence: String, of thing: String) -> Statement? {
        guard let m = sentence.firstMatch(of: FactPatterns.none), m.output.contains(thing) else { return nil }
        return Statement(count: 0, words: String(m.output))
    }
}

/// Compiled once: a regex literal is parsed again each time it is evaluated.
private enum FactPatterns {
    nonisolated(unsafe) static let received: Regex<Substring> = /(?:受理|收到|新收)/
    nonisolated(unsafe) static let handled: Regex<Substring> = /(?:办结|办理)/
    nonisolated(unsafe) static let direct: Regex<(Substring, Substring)> = /未经复议[^，。；0-9]{0,8}?(?:起诉|诉讼)[^，。；0-9]{0,4}?([0-9]+)\s*件/
    nonisolated(unsafe) static let afterReview: Regex<(Substring, Substring)> = /复议后[^，。；0-9]{0,8}?(?:起诉|诉讼)[^，。；0-9]{0,4}?([0-9]+)\s*件/
    nonisolated(unsafe) static let review: Regex<(Substring, Substring)> = /行政复议[^，。；0-9]{0,6}?([0-9]+)\s*件/
    nonisolated(unsafe) static let litigation: Regex<(Substring, Substring)> = /行政诉讼[^，。；0-9]{0,6}?([0-9]+)\s*件/
    nonisolated(unsafe) static let count: Regex<(Substring, Substring, Substring)> = /([^，。；0-9]{0,30}?)([0-9]+)\s*件/
    nonisolated(unsafe) static let none: Regex<Substring> = /未(?:发生|收到|有)[^，。；]{0,30}/
}
