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
        let slice = trimmedSlice(set)
        // Nothing to trim: the text itself, not a copy of it; else the bytes copied, not decoded again.
        if slice.startIndex == startIndex, slice.endIndex == endIndex { return description }
        return slice.description
    }

    /// The same text as `trimming(_:)` as a slice of this one, copying nothing.
    public func trimmedSlice(_ set: CharacterSet) -> SubSequence {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.contains($0) }),
              let last = scalars.lastIndex(where: { !set.contains($0) }) else { return self[endIndex...] }
        return self[first..<scalars.index(after: last)]
    }

    /// Whether the text has more than `n` characters, counting at most `n + 1` of them.
    public func isLonger(than n: Int) -> Bool {
        guard utf8.count > n else { return false }
        return index(startIndex, offsetBy: n, limitedBy: endIndex).map { $0 != endIndex } ?? false
    }

    /// Whether `needle` occurs in the text, compared byte for byte in UTF-8.
    public func containsBytes(of needle: String) -> Bool { byteRange(of: needle) != nil }

    /// Where `needle` first occurs in the text, compared byte for byte in UTF-8, as offsets
    /// into the text's UTF-8 bytes (the standard library's `firstRange(of:)` built a search
    /// table for every call, Foundation's `range(of:)` bridged both strings).
    public func byteRange(of needle: String) -> Range<Int>? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return 0..<0 }
        func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
            guard bytes.count >= pattern.count, let base = bytes.baseAddress else { return nil }
            // memchr finds each candidate first byte, memcmp checks the rest.
            let last = base + (bytes.count - pattern.count)
            var p = base
            while p <= last {
                guard let hit = memchr(p, Int32(pattern[0]), last - p + 1) else { return nil }
                let at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
                if pattern.withUnsafeBufferPointer({ memcmp(at, $0.baseAddress!, pattern.count) }) == 0 {
                    return (at - base)..<(at - base + pattern.count)
                }
                p = at + 1
            }
            return nil
        }
        return utf8.withContiguousStorageIfAvailable(search) ?? Array(utf8).withUnsafeBufferPointer(search)
    }

    /// Whether the line holds two cells set apart by a gap of two spaces or more (the test of
    /// a row of space-aligned columns): text, then at least two spaces, then text.
    public var hasAlignedGap: Bool {
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var seenText = false, spaces = 0
            for byte in bytes {
                if byte == 0x20 { spaces += 1; continue }
                if seenText, spaces >= 2 { return true }
                seenText = true
                spaces = 0
            }
            return false
        }
        return utf8.withContiguousStorageIfAvailable(scan) ?? Array(utf8).withUnsafeBufferPointer(scan)
    }
}

extension Character {
    /// How many display columns the character takes where text is set for the eye in a
    /// monospaced font: two for ideographs and full-width forms, one otherwise (half-width
    /// forms and the byte-order mark included).
    public var displayWidth: Int {
        guard let v = unicodeScalars.first?.value else { return 1 }
        return v >= 0x2E80 && !(0xFF61...0xFFDC).contains(v) && v != 0xFEFF ? 2 : 1
    }
}

extension String {
    /// The pieces between the bytes equal to `separator` (an ASCII character that is always a
    /// character of its own, such as a line feed or form feed), empty pieces included: what
    /// `utf8.split(separator:omittingEmptySubsequences: false)` gives, found with memchr.
    public func pieces(separatedBy separator: UInt8) -> [Substring] {
        var offsets: [Int] = []
        let scanned: Bool? = utf8.withContiguousStorageIfAvailable { (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
            guard let base = bytes.baseAddress else { return true }
            var p = base
            let end = base + bytes.count
            while p < end, let hit = memchr(p, Int32(separator), end - p) {
                let at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
                offsets.append(at - base)
                p = at + 1
            }
            return true
        }
        if scanned == nil {
            offsets = utf8.enumerated().filter { $0.element == separator }.map(\.offset)
        }
        var out: [Substring] = []
        out.reserveCapacity(offsets.count + 1)
        var start = utf8.startIndex
        for offset in offsets {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            out.append(self[start..<end])
            start = utf8.index(after: end)
        }
        out.append(self[start...])
        return out
    }
}

/// A text's characters read from its UTF-8 bytes: where each starts and its first scalar, the
/// characters `String` iteration gives, at the cost of a byte scan.
///
/// A character always ends between two scalars of the kinds report text is made of (ASCII,
/// Latin, general punctuation and symbols, CJK ideographs and punctuation, kana, full-width
/// forms): none of them joins the scalar before or after it. Only next to another scalar (a
/// combining mark, a joiner, Hangul, a carriage return) is the standard library asked whether a
/// character starts there, so the answers are `Character`'s for any text.
public struct CharacterScan: Sendable {
    /// The text scanned.
    public let text: String
    /// Its UTF-8 bytes.
    public let bytes: [UInt8]

    public init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    /// The scalar that starts at a byte offset, and how many bytes it takes.
    @inlinable
    public func scalar(at offset: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(bytes[offset])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[offset + 1]) & 0x3F, 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | (UInt32(bytes[offset + 1]) & 0x3F) << 6 | UInt32(bytes[offset + 2]) & 0x3F, 3)
        }
        return ((b0 & 0x07) << 18 | (UInt32(bytes[offset + 1]) & 0x3F) << 12 | (UInt32(bytes[offset + 2]) & 0x3F) << 6
                | UInt32(bytes[offset + 3]) & 0x3F, 4)
    }

    /// Whether a scalar of this kind always stands apart from its neighbours of this kind: a
    /// character ends between any two of them.
    @inlinable
    public static func isSimple(_ v: UInt32) -> Bool {
        switch v {
        case 0x09, 0x0A, 0x20...0x7E, 0xA0...0x2FF,
             0x2010...0x2027, 0x2030...0x205E, 0x2100...0x27BF,
             0x2E80...0x2FDF, 0x3000...0x3029, 0x3030...0x3098, 0x309B...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF01...0xFF9D, 0xFFE0...0xFFEE,
             0x20000...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Whether a character starts at `offset`; the end of the text counts as one.
    @inlinable
    public func isBoundary(_ offset: Int) -> Bool {
        if offset <= 0 || offset >= bytes.count { return true }
        let b = bytes[offset], a = bytes[offset - 1]
        if b & 0xC0 == 0x80 { return false }
        if a < 0x80, b < 0x80 { return !(a == 0x0D && b == 0x0A) }
        var start = offset - 1
        while bytes[start] & 0xC0 == 0x80 { start -= 1 }
        if Self.isSimple(scalar(at: start).value), Self.isSimple(scalar(at: offset).value) { return true }
        return startsCharacter(offset)
    }

    /// The standard library's answer: whether a character of `text` starts at `offset`.
    @usableFromInline
    func startsCharacter(_ offset: Int) -> Bool {
        String.Index(text.utf8.index(text.utf8.startIndex, offsetBy: offset), within: text) != nil
    }

    /// Where the character that ends at `offset` (where a character starts) starts.
    @inlinable
    public func characterStart(before offset: Int) -> Int {
        var start = offset - 1
        while bytes[start] & 0xC0 == 0x80 { start -= 1 }
        while !isBoundary(start) {
            start -= 1
            while bytes[start] & 0xC0 == 0x80 { start -= 1 }
        }
        return start
    }

    /// Where the character that starts at `offset` ends.
    @inlinable
    public func characterEnd(from offset: Int) -> Int {
        var end = offset + scalar(at: offset).length
        while end < bytes.count, !isBoundary(end) { end += scalar(at: end).length }
        return end
    }

    /// Whether the character at `offset` is the one ASCII character `byte`, nothing joined to it.
    @inlinable
    public func isCharacter(_ byte: UInt8, at offset: Int) -> Bool {
        offset < bytes.count && bytes[offset] == byte && isBoundary(offset) && isBoundary(offset + 1)
    }

    /// Calls `body` with the byte offset and the first scalar of each character from `offset`
    /// (where a character must start) on, in order, until it returns false.
    @inlinable
    public func forEachCharacter(from offset: Int = 0, _ body: (_ offset: Int, _ first: UInt32) throws -> Bool) rethrows {
        var p = offset
        var previousSimple = false
        while p < bytes.count {
            let (v, length) = scalar(at: p)
            let simple = Self.isSimple(v)
            if p == offset || (previousSimple && simple) || startsCharacter(p) {
                if try !body(p, v) { return }
            }
            previousSimple = simple
            p += length
        }
    }

    /// Whether the character at `offset` is a lone space: what `split(separator: " ")` splits at.
    @inlinable
    public func isSpace(at offset: Int) -> Bool { isCharacter(0x20, at: offset) }

    /// Calls `body` with the byte range of each word, first to last, until it returns false:
    /// the runs of characters between spaces that `split(separator: " ")` gives.
    @inlinable
    public func forEachWord(_ body: (Range<Int>) throws -> Bool) rethrows {
        var start = 0
        for p in bytes.indices where bytes[p] == 0x20 && isSpace(at: p) {
            if p > start, try !body(start..<p) { return }
            start = p + 1
        }
        if bytes.count > start { _ = try body(start..<bytes.count) }
    }

    /// Calls `body` with the byte range of each word, last to first, until it returns false.
    @inlinable
    public func forEachWordBackward(_ body: (Range<Int>) throws -> Bool) rethrows {
        var end = bytes.count
        for p in bytes.indices.reversed() where bytes[p] == 0x20 && isSpace(at: p) {
            if end > p + 1, try !body((p + 1)..<end) { return }
            end = p
        }
        if end > 0 { _ = try body(0..<end) }
    }

    /// The byte ranges between the characters that are the ASCII `byte` alone: what
    /// `split(separator:omittingEmptySubsequences: false)` gives for that character.
    public func ranges(separatedBy byte: UInt8) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for p in bytes.indices where bytes[p] == byte && isCharacter(byte, at: p) {
            out.append(start..<p)
            start = p + 1
        }
        out.append(start..<bytes.count)
        return out
    }

    /// The text of a byte range whose ends are where characters start.
    @inlinable
    public func substring(_ range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return text[start..<utf8.index(start, offsetBy: range.count)]
    }
}
