/// A number as report tables print it: `12`, `-66`, `+ 54`, `−3`, `1,626`, `3.5`, `12%`.
///
/// One definition for every stage that reads cells (cleanup tells number rows from prose,
/// tables tells number cells from labels, a schema reads their values), so they agree on what
/// a number cell is. A hand-written scanner: it runs on every cell and token of every page.
public enum PrintedNumber {
    /// What a stage prints in a cell where a number stands that it could not read (OCR's
    /// readings of it disagreeing): the cell keeps its place in its row, and a schema reading
    /// it records the cell null, never a neighbour's number slid into it.
    public static let unreadable: Character = "⍰"

    /// The value printed, or nil when the text is not exactly one number (surrounding spaces
    /// allowed).
    public static func parse(_ text: some StringProtocol) -> Double? {
        if let value = text.utf8.withContiguousStorageIfAvailable({ parse(utf8: $0) }) { return value }
        var copy = String(text)
        return copy.withUTF8 { parse(utf8: $0) }
    }

    /// The scan over UTF-8: every byte of a number is ASCII but the minus signs `−` (E2 88 92)
    /// and `－` (EF BC 8D), so any other byte above 0x7F (a combining mark on a digit) ends it.
    private static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        var negative = false
        if start < end {
            let b = bytes[start]
            var sign = 0
            if b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { sign = 1 }
            if b == 0xE2, end - start >= 3, bytes[start + 1] == 0x88, bytes[start + 2] == 0x92 { sign = 3 }
            if b == 0xEF, end - start >= 3, bytes[start + 1] == 0xBC, bytes[start + 2] == 0x8D { sign = 3 }
            if sign > 0 {
                negative = b != UInt8(ascii: "+")
                start += sign
                if start < end, bytes[start] == 0x20 { start += 1 }
            }
        }
        if end > start, bytes[end - 1] == UInt8(ascii: "%") { end -= 1 }
        var run = 0, sawComma = false, sawDot = false
        var mantissa: UInt64 = 0, count = 0, decimals = 0
        for i in start..<end {
            let c = bytes[i]
            if c >= 0x30, c <= 0x39 {
                if count < 19 { mantissa = mantissa * 10 + UInt64(c - 0x30) }
                count += 1
                if sawDot { decimals += 1 }
                run += 1
            } else if c == UInt8(ascii: ","), !sawDot, run > 0, !(sawComma && run != 3) {
                sawComma = true
                run = 0
            } else if c == UInt8(ascii: "."), !sawDot, run > 0, !(sawComma && run != 3) {
                sawDot = true
                sawComma = false
                run = 0
            } else {
                return nil
            }
        }
        guard run > 0, !(sawComma && run != 3) else { return nil }
        let value: Double
        if count <= 15 {
            // Exact operands, one rounding: the value `Double("…")` gives.
            value = decimals == 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[decimals]
        } else {
            var digits = ""
            digits.reserveCapacity(end - start)
            for i in start..<end where bytes[i] != UInt8(ascii: ",") { digits.unicodeScalars.append(Unicode.Scalar(bytes[i])) }
            guard let parsed = Double(digits) else { return nil }
            value = parsed
        }
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...15).map { pow10($0) }

    private static func pow10(_ n: Int) -> Double { n == 0 ? 1 : 10 * pow10(n - 1) }

    /// Whether the text is exactly one printed number.
    public static func isNumber(_ text: some StringProtocol) -> Bool { parse(text) != nil }
}
