import Testing
import TestSupport
@testable import IngestKit

/// The byte scan of `PrintedNumber.parse` gives the answers of the character scan it replaced
/// (kept here as the reference) on numbers of every printed form and on text around them.
@Suite struct PrintedNumberTests {
    static func reference(_ text: String) -> Double? {
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

    static let pieces = ["0", "1", "2", "5", "9", "00", "12", "123", "1626", "99999999", "1234567890123456789", "9007199254740993", "123456789012345678", "0.12345678901234567", "7", ",", ".", " ", "  ", "+", "-",
                         "−", "－", "%", "\u{301}", "e", "l", "O", "件", "\t", "\u{3000}", "\u{00A0}", "1,626", "3.5", ".5", "1.", "0.30000000000000004"]

    @Test func agreesWithTheCharacterScanItReplaced() {
        var seeded = SeededGenerator(seed: 3)
        let samples = Self.pieces + (0..<50000).map { _ in (0..<(1 + seeded.below(6))).map { _ in seeded.pick(Self.pieces) }.joined() }
        for s in samples {
            let got = PrintedNumber.parse(s), want = Self.reference(s)
            #expect(got == want || (got?.isNaN == true && want?.isNaN == true), "\(s.debugDescription): \(String(describing: got)) vs \(String(describing: want))")
            #expect(PrintedNumber.parse(Substring(" " + s + " ").dropFirst()) == Self.reference(String(Substring(" " + s + " ").dropFirst())), "\(s.debugDescription)")
        }
        #expect(PrintedNumber.parse("− 1,626.5%") == -1626.5)
        #expect(PrintedNumber.parse("12\u{301}") == nil)
    }
}
