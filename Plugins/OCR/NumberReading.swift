import Foundation

/// How a printed number reads in OCR output: digits with the look-alikes tesseract puts in
/// their place (`O`, `o`, `〇` for 0; `l`, `I`, `|` for 1), full-width digits, thousands
/// separators, a sign and a decimal point.
enum NumberReading {
    static let lookAlikes: [Character: Character] = [
        "O": "0", "o": "0", "〇": "0", "D": "0", "l": "1", "I": "1", "|": "1", "i": "1",
        "．": ".", "，": ",", "＋": "+", "－": "-",
    ]

    /// The digits `text` prints (sign and decimal point kept, separators dropped), or nil when
    /// it is not a number: nothing but digits and look-alikes, and a real digit unless it is a
    /// single look-alike (`O` alone in a cell is a candidate the re-read confirms or not).
    static func digits(_ text: String) -> String? {
        var out = ""
        var real = text.count == 1
        var body = Substring(text)
        // A sign read as the ideograph it looks like (十 for +, 一 for −) before digits.
        if let first = body.first, let sign = signLookAlikes[first], body.count > 1,
           body.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) {
            out.append(sign)
            body = body.dropFirst()
        }
        for c in body {
            var ch = c
            if let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1, (0xFF10...0xFF19).contains(v) {
                ch = Character(Unicode.Scalar(v - 0xFF10 + 0x30)!)
            }
            if ch.isASCII, ch.isNumber { real = true }
            ch = lookAlikes[ch] ?? ch
            if ch.isASCII, ch.isNumber { out.append(ch) } else if ch == "." || ch == "+" || ch == "-" { out.append(ch) } else if ch == "," {
                continue
            } else {
                return nil
            }
        }
        guard real, isWellFormed(out) else { return nil }
        return out
    }

    /// Glyphs a sign is read as, when they stand before digits.
    static let signLookAlikes: [Character: Character] = ["十": "+", "＋": "+", "+": "+", "一": "-", "—": "-", "－": "-", "–": "-", "-": "-"]

    /// A sign only first, at most one decimal point, between digits.
    static func isWellFormed(_ s: String) -> Bool {
        var body = Substring(s)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty, !body.contains("+"), !body.contains("-") else { return false }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count <= 2 && parts.allSatisfy { !$0.isEmpty }
    }

    /// Whether a character can be part of a printed number (digit or look-alike).
    static func isNumberish(_ c: Character) -> Bool {
        if c.isASCII, c.isNumber { return true }
        if let v = c.unicodeScalars.first?.value, (0xFF10...0xFF19).contains(v) { return true }
        return lookAlikes[c] != nil || c == "." || c == "," || c == "+" || c == "-"
    }
}
