import Foundation

/// String checks the text stages run on every line, written to cost what the answer needs.
///
/// A text extracted without line breaks is one line of megabytes. Foundation's
/// `trimmingCharacters(in:)` and `contains(_:)` bridge the whole string to UTF-16 and back, and
/// `count <= n` counts every character, so a stage calling them per line takes seconds on such
/// a line for an answer that depends on its ends or its first characters.
extension StringProtocol {
    /// `trimmingCharacters(in:)`: the text without the scalars of `set` at either end, looking
    /// at the ends only.
    public func trimming(_ set: CharacterSet) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.contains($0) }),
              let last = scalars.lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(decoding: utf8[first..<scalars.index(after: last)], as: UTF8.self)
    }

    /// Whether the text has more than `n` characters, counting at most `n + 1` of them.
    public func isLonger(than n: Int) -> Bool {
        guard utf8.count > n else { return false }
        return index(startIndex, offsetBy: n, limitedBy: endIndex).map { $0 != endIndex } ?? false
    }

    /// Whether `needle` occurs in the text, compared byte for byte in UTF-8.
    public func containsBytes(of needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return true }
        func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= pattern.count else { return false }
            for i in 0...(bytes.count - pattern.count) where bytes[i] == pattern[0] {
                var k = 1
                while k < pattern.count, bytes[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return true }
            }
            return false
        }
        return utf8.withContiguousStorageIfAvailable(search) ?? Array(utf8).withUnsafeBufferPointer(search)
    }

    /// Whether the line holds two cells set apart by a gap of two spaces or more (the test of
    /// a row of space-aligned columns): text, then at least two spaces, then text.
    public var hasAlignedGap: Bool {
        var seenText = false, spaces = 0
        for byte in utf8 {
            if byte == 0x20 { spaces += 1; continue }
            if seenText, spaces >= 2 { return true }
            seenText = true
            spaces = 0
        }
        return false
    }
}
