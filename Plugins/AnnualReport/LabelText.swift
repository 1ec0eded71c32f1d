import Foundation
import IngestKit

/// How a printed label reads once its artefacts are set aside, and how close two labels are.
///
/// Labels are compared by their *core*: the ideographs left after the numbering
/// (`（三）`, `三、`, `1.`) and every space, digit and punctuation mark are removed. Closeness
/// is the Dice measure over the longest common subsequence, so a dropped or misprinted
/// character (`其他法律行政止公开`) costs little, while a different item shares little.
enum LabelText {
    /// The enumeration a label opens with.
    struct Numbering: Equatable {
        /// `三` of `三、…` (a top-level item).
        var top: String?
        /// `三` of `（三）…`.
        var paren: String?
        /// `2` of `2.…`.
        var index: Int?
    }

    /// The ideographs of a label, numbering removed.
    static func core(_ label: String) -> String {
        String(strippingNumbering(label).filter(CJK.isIdeograph))
    }

    /// The enumeration at the start of a label (several may follow each other:
    /// `三、（一）予以公开`).
    ///
    /// Up to two short words before it (letters of a label set vertically beside this one,
    /// which a text layout prints on the same line) are passed over; a group label printed
    /// on the same line (`（四）无 1.本机关…`) gives the group, the word after it the index.
    static func numbering(_ label: String) -> Numbering {
        let words = label.split(separator: " ")
        let lead = words.prefix(3).firstIndex { Self.opensNumbering($0) } ?? 0
        let start = words[..<lead].allSatisfy { $0.count <= 3 } ? lead : 0
        var result = numbering(at: Substring(words[start...].joined(separator: " ")))
        if result.index == nil, result.paren != nil,
           let sub = words.dropFirst(start + 1).prefix(2).lazy.compactMap({ numbering(at: $0).index }).first {
            result.index = sub
        }
        return result
    }

    /// A character an enumeration can start with.
    private static func opensEnumeration(_ c: Character) -> Bool {
        enumerationOpeners.contains(c) || (c.isASCII && c.isNumber)
    }

    private static let enumerationOpeners: ScalarSet = ["（", "(", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    private static func opensNumbering(_ word: Substring) -> Bool {
        guard let first = word.first, opensEnumeration(first) else { return false }
        return item(at: word) != nil
    }

    private static func numbering(at label: Substring) -> Numbering {
        var result = Numbering()
        var rest = label.drop { $0 == " " }
        guard let first = rest.first, opensEnumeration(first) else { return result }
        while let item = item(at: rest) {
            switch item.kind {
            case .top: result.top = String(item.numeral)
            case .paren: result.paren = String(item.numeral)
            case .index: result.index = Int(item.numeral)
            }
            rest = item.rest
        }
        return result
    }

    /// The label without its leading enumeration.
    static func strippingNumbering(_ label: String) -> Substring {
        var rest = Substring(label)
        guard let first = rest.first(where: { $0 != " " }), opensEnumeration(first) else { return rest }
        while let item = item(at: rest) { rest = item.rest }
        return rest
    }

    /// The kinds of enumeration item: `三、`, `（三）`, `2.`.
    private enum ItemKind { case top, paren, index }

    /// The enumeration item at the start of `text`, after any whitespace: `三、` (Chinese
    /// numerals and `、`), `（三）` (Chinese numerals in full- or half-width parentheses) or
    /// `2.` (one or two ASCII digits, optional whitespace, then `.`, `、` or `．`), with its
    /// numeral and the text after it. A scan by hand: the regular expressions it replaces
    /// were most of the schema stage's time.
    private static func item(at text: Substring) -> (kind: ItemKind, numeral: Substring, rest: Substring)? {
        let end = text.endIndex
        var i = text.startIndex
        while i < end, text[i].isWhitespace { i = text.index(after: i) }
        guard i < end else { return nil }
        func run(from start: Substring.Index, while accepted: (Character) -> Bool, limit: Int = .max) -> Substring.Index {
            var j = start, count = 0
            while j < end, count < limit, accepted(text[j]) { j = text.index(after: j); count += 1 }
            return j
        }
        if numerals.contains(text[i]) {
            let close = run(from: i, while: numerals.contains)
            guard close < end, text[close] == "、" else { return nil }
            return (.top, text[i..<close], text[text.index(after: close)...])
        }
        if text[i] == "（" || text[i] == "(" {
            let start = text.index(after: i)
            let close = run(from: start, while: numerals.contains)
            guard close > start, close < end, text[close] == "）" || text[close] == ")" else { return nil }
            return (.paren, text[start..<close], text[text.index(after: close)...])
        }
        let digitsEnd = run(from: i, while: { $0.isASCII && $0.isNumber }, limit: 2)
        guard digitsEnd > i else { return nil }
        let mark = run(from: digitsEnd, while: \.isWhitespace)
        guard mark < end, indexMarks.contains(text[mark]) else { return nil }
        return (.index, text[i..<digitsEnd], text[text.index(after: mark)...])
    }

    /// Whether a new label piece opens at `i`: a numeral and `、` (`三、`), a parenthesised
    /// numeral before Chinese text (`（三）不予公开`, `（三不予公开`), or one or two digits and an
    /// index mark before it (`1.属于国家秘密`). Chinese text starts with an ideograph or a
    /// CJK mark.
    static func opensPiece(_ characters: [Character], at i: Int) -> Bool {
        func at(_ j: Int) -> Character? { j < characters.count ? characters[j] : nil }
        func ideograph(_ j: Int) -> Bool { at(j).map { CJK.isIdeograph($0) || isCJKMark($0) } ?? false }
        let c = characters[i]
        if numerals.contains(c) { return at(i + 1) == "、" }
        if c == "（" || c == "(" {
            guard let n = at(i + 1), numerals.contains(n) else { return false }
            return ideograph(i + 2) || (at(i + 2) == "）" || at(i + 2) == ")") && ideograph(i + 3)
        }
        guard c.isASCII, c.isNumber else { return false }
        for digits in [2, 1] where (0..<digits).allSatisfy({ at(i + $0).map { $0.isASCII && $0.isNumber } ?? false }) {
            var j = i + digits
            while let w = at(j), w.isWhitespace { j += 1 }
            if let mark = at(j), indexMarks.contains(mark), ideograph(j + 1) { return true }
        }
        return false
    }

    private static let numerals: ScalarSet = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    /// The marks after a label's numbering (`1.`, `2、`).
    static let indexMarks: ScalarSet = [".", "、", "．"]

    /// Dice closeness of two cores over their longest common subsequence, 0…1.
    static func similarity(_ a: String, _ b: String) -> Double {
        withScalars(a) { x in
            withScalars(b) { y in
                guard !x.isEmpty, !y.isEmpty else { return 0 }
                return 2 * Double(commonSubsequence(x, y)) / Double(x.count + y.count)
            }
        }
    }

    /// The candidate a label names most closely, or nil where another candidate is as close:
    /// a label that names two items equally well (`行政` of `行政许可` and `行政处罚`, the rest of
    /// it lost) names neither.
    static func closest<T>(_ scored: [(T, Double)]) -> (T, Double)? {
        guard let best = scored.max(by: { $0.1 < $1.1 }) else { return nil }
        return scored.filter({ $0.1 == best.1 }).count == 1 ? best : nil
    }

    /// How much of `b` appears in `a`, in order, 0…1.
    static func coverage(of b: String, in a: String) -> Double {
        withScalars(a) { x in
            withScalars(b) { y in
                guard !y.isEmpty else { return 0 }
                return Double(commonSubsequence(x, y)) / Double(y.count)
            }
        }
    }

    /// The scalars of `s` in a buffer on the stack (these run for every label against every
    /// row of the template).
    private static func withScalars<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: s.utf8.count) { buffer in
            var n = 0
            for scalar in s.unicodeScalars { buffer[n] = scalar.value; n += 1 }
            return body(UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// Length of the longest common subsequence (cores are ideographs: one scalar each).
    private static func commonSubsequence(_ x: UnsafeBufferPointer<UInt32>, _ y: UnsafeBufferPointer<UInt32>) -> Int {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (y.count + 1)) { rows in
            var previous = UnsafeMutableBufferPointer(rebasing: rows[..<(y.count + 1)])
            var current = UnsafeMutableBufferPointer(rebasing: rows[(y.count + 1)...])
            for j in 0...y.count { previous[j] = 0; current[j] = 0 }
            for cx in x {
                for j in 0..<y.count {
                    current[j + 1] = cx == y[j] ? previous[j] + 1 : max(previous[j + 1], current[j])
                }
                swap(&previous, &current)
            }
            return previous[y.count]
        }
    }

    /// Whether Chinese text can start with `c`: an ideograph, a CJK mark (`、`, `。`, `「`) or
    /// an opening quote or bracket (`“三安全一稳定”`, `《条例》`).
    static func opensChineseText(_ c: Character) -> Bool {
        CJK.isIdeograph(c) || isCJKMark(c) || openingMarks.contains(c)
    }

    private static let openingMarks: ScalarSet = "“‘（(【"

    /// A CJK mark (`、`, `。`, `「`).
    static func isCJKMark(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x3001...0x303F).contains(v)
    }


    /// The number a cell prints (`12`, `-66`, `+ 54`, `1,626`, `3.5`), or nil for text.
    static func number(_ text: String) -> Double? { PrintedNumber.parse(text) }
}
