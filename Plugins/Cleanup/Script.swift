import IngestKit

/// Character classes of Chinese report text, as the cleanup rules need them.
enum Script {
    /// Punctuation that belongs to CJK text: the CJK symbols block, full-width forms, curly
    /// quotes, the em dash and the ellipsis.
    static func isCJKPunctuation(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return isCJKPunctuation(scalar: v)
    }

    /// Whether a scalar is CJK punctuation.
    static func isCJKPunctuation(scalar v: UInt32) -> Bool {
        switch v {
        case 0x3001...0x303F, 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65,
             0x2018, 0x2019, 0x201C, 0x201D, 0x2014, 0x2026:
            return true
        default:
            return false
        }
    }

    /// Whether a character whose first scalar is `v` is CJK (an ideograph or CJK punctuation).
    static func isCJK(scalar v: UInt32) -> Bool { CJK.isIdeograph(scalar: v) || isCJKPunctuation(scalar: v) }

    /// An ideograph or CJK punctuation.
    static func isCJK(_ c: Character) -> Bool { CJK.isIdeograph(c) || isCJKPunctuation(c) }

    /// Width in ideograph units: an ideograph or CJK mark counts 1, anything else ½, the way
    /// a printed line fills its measure.
    static func width(_ s: some StringProtocol) -> Double {
        var cjk = 0, other = 0
        CharacterScan(String(s)).forEachCharacter { _, v in
            if isCJK(scalar: v) { cjk += 1 } else { other += 1 }
            return true
        }
        return Double(cjk) + 0.5 * Double(other)
    }

    /// Whether `width(s) > limit`, reading no further than the character that passes it.
    static func isWider(_ s: some StringProtocol, than limit: Double) -> Bool {
        var width = 0.0
        CharacterScan(String(s)).forEachCharacter { _, v in
            width += isCJK(scalar: v) ? 1 : 0.5
            return width <= limit
        }
        return width > limit
    }

    /// Marks that always end a sentence.
    static let sentenceEnds: ScalarSet = ["。", "！", "？", "!", "?", "…"]
    /// Marks that end a clause: a sentence end only where the line stops short of the margin.
    static let clauseEnds: ScalarSet = ["；", "：", ";", ":"]
    /// Closing marks that may follow a sentence end (`。”`, `。）`).
    static let closers: ScalarSet = ["”", "’", "）", ")", "》", "」", "』", "】", "〕", "*"]

    /// Whether the text ends a sentence (or, with `orClause`, a clause), looking through
    /// closing quotes and brackets.
    static func endsSentence(_ s: some StringProtocol, orClause: Bool = false) -> Bool {
        var rest = s.reversed().drop { $0 == " " || $0 == "\t" }
        while let last = rest.first, closers.contains(last) { rest = rest.dropFirst() }
        guard let last = rest.first else { return false }
        return sentenceEnds.contains(last) || (orClause && clauseEnds.contains(last))
    }

    /// Whether a character is an ASCII letter or digit (words that need a space when joined).
    static func isASCIIAlphanumeric(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber)
    }
}
