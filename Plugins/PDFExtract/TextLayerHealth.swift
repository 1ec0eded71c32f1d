import Foundation

/// Whether a page's text layer can be trusted, tallied scalar by scalar while the page is read.
///
/// A page with no visible text (a scan) or whose text is mostly garbage needs OCR. Garbage is
/// what extractors produce for fonts without a usable Unicode map: U+FFFD replacement
/// characters, private-use code points (glyph ids of CJK fonts without a ToUnicode map), stray
/// control characters, and `(cid:NNN)` markers written by other tools.
struct TextLayerHealth: Equatable {
    /// The share of garbage among visible characters above which the page needs OCR.
    static let garbageLimit = 0.10

    /// Visible (non-whitespace) scalars.
    private(set) var visible = 0
    /// Visible scalars that are garbage (`(cid:NNN)` markers count once each).
    private(set) var garbage = 0

    /// Counts one scalar of the page text.
    mutating func observe(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value == 0x20 || value == 0x0A || value == 0x09 || value == 0x0D || value == 0x0C || value == 0x3000 { return }
        if (value > 0x20 && value < 0x7F) || (value >= 0x4E00 && value <= 0x9FFF) {
            visible += 1
            return
        }
        if scalar.properties.isWhitespace { return }
        visible += 1
        if Self.isGarbage(value) { garbage += 1 }
    }

    /// Counts `(cid:NNN)` markers in the page text as garbage (their characters were counted
    /// as visible text already).
    mutating func noteCIDMarkers(in text: String) {
        guard text.containsBytes(of: "(cid:") else { return }
        var rest = text[...]
        while let range = rest.range(of: "(cid:") {
            let digits = rest[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            let end = rest.index(range.upperBound, offsetBy: digits.count)
            if !digits.isEmpty, end < rest.endIndex, rest[end] == ")" {
                garbage += digits.count + 6
            }
            rest = rest[range.upperBound...]
        }
    }

    /// The page has no visible text at all.
    var isEmpty: Bool { visible == 0 }

    /// The share of garbage among visible characters.
    var garbageShare: Double { visible == 0 ? 0 : Double(garbage) / Double(visible) }

    /// Why the page needs OCR, or nil when its text layer is usable.
    var ocrReason: String? {
        if isEmpty { return "no text layer (an image-only page?)" }
        if garbageShare > Self.garbageLimit {
            let percent = Int((garbageShare * 100).rounded())
            return "unreadable text layer: \(percent)% of \(visible) characters are garbage "
                + "(U+FFFD, private-use or control characters, (cid:N) markers: a font without a Unicode map)"
        }
        return nil
    }

    /// U+FFFD, private-use planes and areas, and control characters other than whitespace.
    static func isGarbage(_ value: UInt32) -> Bool {
        value == 0xFFFD
            || (0xE000...0xF8FF).contains(value)
            || value >= 0xF0000
            || value < 0x20
            || (0x7F...0x9F).contains(value)
    }
}
