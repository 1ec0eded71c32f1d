import Testing
import TestSupport
@testable import AnnualReport

/// The scans by hand behind label reading give the answers of the code they replaced (kept
/// here as the reference): a section's labels split into pieces as the regular expression
/// split them, and label closeness as the LCS over scalar arrays measured it, on labels,
/// numbering of every kind, digits, spaces, marks and text that is not Chinese.
@Suite struct LabelTextScanTests {
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
        var seeded = SeededGenerator(seed: 17)
        let samples = Self.parts + (0..<8000).map { _ in (0..<(1 + seeded.below(9))).map { _ in seeded.pick(Self.parts) }.joined() }
        for s in samples {
            #expect(SectionTokens.labelPieces(s) == Self.reference(s), "\(s.debugDescription)")
        }
    }

    /// The longest common subsequence of two labels' scalars, on arrays.
    static func referenceLCS(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0..<x.count { for j in 0..<y.count { table[i + 1][j + 1] = x[i] == y[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j]) } }
        return table[x.count][y.count]
    }

    @Test func closenessAgreesWithTheLCSOverArrays() {
        var seeded = SeededGenerator(seed: 23)
        let words = ["", "其他", "法律", "行政", "法规", "禁止", "公开", "不予", "属于", "国家", "秘密", "a", "1", "🇨🇳", "e\u{301}"]
        for _ in 0..<5000 {
            let a = (0..<(seeded.below(6))).map { _ in seeded.pick(words) }.joined()
            let b = (0..<(seeded.below(6))).map { _ in seeded.pick(words) }.joined()
            let lcs = Double(Self.referenceLCS(a, b)), m = Double(a.unicodeScalars.count), n = Double(b.unicodeScalars.count)
            #expect(LabelText.similarity(a, b) == (m == 0 || n == 0 ? 0 : 2 * lcs / (m + n)), "\(a) \(b)")
            #expect(LabelText.coverage(of: b, in: a) == (n == 0 ? 0 : lcs / n), "\(a) \(b)")
        }
    }

    @Test func aLabelOpeningSubRowsSplitsBeforeEachOne() {
        #expect(SectionTokens.labelPieces("（三）不予公开1.属于国家秘密2.其他法律行政法规禁止公开")
            == ["（三）不予公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开"])
        #expect(SectionTokens.labelPieces("本年新收1 件") == ["本年新收1 件"])
    }
}
