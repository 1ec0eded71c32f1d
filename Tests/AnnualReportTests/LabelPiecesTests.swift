import Testing
@testable import AnnualReport

/// A section's labels split into pieces by a scan by hand gives the pieces of the regular
/// expression it replaced (kept here as the reference) on labels, numbering of every kind,
/// digits, spaces, marks and text that is not Chinese.
@Suite struct LabelPiecesTests {
    /// The splitting it replaced: a new piece wherever the enumeration pattern matches.
    static func reference(_ text: String) -> [String] {
        let opener = /[一二三四五六七八九十]、|[（(][一二三四五六七八九十]{1,2}[）)]?(?=\p{Han})|[0-9]{1,2}\s*[.、．](?=\p{Han})/
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            var cut: Substring.Index?
            var i = rest.index(after: rest.startIndex)
            while i < rest.endIndex {
                if rest[i...].prefixMatch(of: opener) != nil { cut = i; break }
                i = rest.index(after: i)
            }
            let end = cut ?? rest.endIndex
            pieces.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return pieces
    }

    static let parts = ["", " ", "\u{3000}", "\t", "一", "二", "三", "十", "、", "（", "(", "）", ")", ".", "．", "1", "2", "12", "123",
                        "不予公开", "属于国家秘密", "予", "a", "O", "l", "—", "，", "。", "中\u{301}", "\u{301}", "🇨🇳", "件",
                        "（三）不予公开1.属于国家秘密", "三、本年度办理结果", "2 .重复申请", "（四）无法提供", "5.要求行政机关确认"]

    @Test func agreesWithTheRegularExpressionItReplaced() {
        var state: UInt64 = 17
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let samples = Self.parts + (0..<8000).map { _ in (0..<(1 + next() % 9)).map { _ in Self.parts[next() % Self.parts.count] }.joined() }
        for s in samples {
            #expect(SectionTokens.labelPieces(s) == Self.reference(s), "\(s.debugDescription)")
        }
    }

    @Test func aLabelOpeningSubRowsSplitsBeforeEachOne() {
        #expect(SectionTokens.labelPieces("（三）不予公开1.属于国家秘密2.其他法律行政法规禁止公开")
            == ["（三）不予公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开"])
        #expect(SectionTokens.labelPieces("本年新收1 件") == ["本年新收1 件"])
    }
}
