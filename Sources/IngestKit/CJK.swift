/// Character classes of Chinese text that every stage shares.
public enum CJK {
    /// Whether a scalar is a CJK ideograph (the unified blocks, their extensions and the
    /// compatibility ideographs).
    @inlinable
    public static func isIdeograph(scalar v: UInt32) -> Bool {
        switch v {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }

    /// Whether a scalar is whitespace, with the common cases of a page's text (ASCII, the
    /// unified ideographs) decided without a Unicode property lookup.
    @inlinable
    public static func isWhitespace(scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        if value >= 0x4E00, value <= 0x9FFF { return false }
        return scalar.properties.isWhitespace
    }

    /// Whether a character is a CJK ideograph (by its first scalar).
    @inlinable
    public static func isIdeograph(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return isIdeograph(scalar: v)
    }
}
