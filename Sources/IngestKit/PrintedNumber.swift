/// A number as report tables print it: `12`, `-66`, `+ 54`, `−3`, `1,626`, `3.5`, `12%`.
///
/// One definition for every stage that reads cells (cleanup tells number rows from prose,
/// tables tells number cells from labels, a schema reads their values), so they agree on what
/// a number cell is. A hand-written scanner: it runs on every cell and token of every page.
public enum PrintedNumber {
    /// The value printed, or nil when the text is not exactly one number (surrounding spaces
    /// allowed).
    public static func parse(_ text: some StringProtocol) -> Double? {
        var chars = Substring(text).drop { $0 == " " }
        while chars.last == " " { chars = chars.dropLast() }
        var negative = false
        if let first = chars.first, "+-−－".contains(first) {
            negative = first != "+"
            chars = chars.dropFirst()
            if chars.first == " " { chars = chars.dropFirst() }
        }
        if chars.last == "%" { chars = chars.dropLast() }
        var digits = ""
        var run = 0, sawComma = false, sawDot = false
        for c in chars {
            if let d = c.asciiValue, (48...57).contains(d) {
                digits.append(c)
                run += 1
            } else if c == ",", !sawDot, run > 0, !(sawComma && run != 3) {
                sawComma = true
                run = 0
            } else if c == ".", !sawDot, run > 0, !(sawComma && run != 3) {
                sawDot = true
                digits.append(".")
                sawComma = false
                run = 0
            } else {
                return nil
            }
        }
        guard run > 0, !(sawComma && run != 3), let value = Double(digits) else { return nil }
        return negative ? -value : value
    }

    /// Whether the text is exactly one printed number.
    public static func isNumber(_ text: some StringProtocol) -> Bool { parse(text) != nil }
}
