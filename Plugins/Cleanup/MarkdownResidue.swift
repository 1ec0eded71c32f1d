import IngestKit

/// Markdown residue taken out of a line by scans of its bytes, with the answers of the string
/// patterns they stand for: `**` and `__` removed left to right (`replacing("**", with: "")`),
/// `<br>`, `<br/>`, `<br />` made a space (`/<br\s*\/?>/`), `<https://…>` and `<mailto:…>`
/// unwrapped (`/<((?:https?|mailto):[^>\s]+)>/`), `[text](target)` reduced to its text
/// (`/\[([^\]]*)\]\([^)]*\)/`). A mark is a whole character, as the patterns compare
/// characters (`*` with a combining accent on it is not one). Each scan reads the line once,
/// however many marks it holds: a regex run over a line of megabytes costs far more.
enum MarkdownResidue {
    /// The text with every occurrence of `mark` (ASCII) removed, leftmost first.
    static func removing(_ mark: String, from text: String) -> String {
        let scan = CharacterScan(text)
        let pattern = Array(mark.utf8)
        var out = Output(scan)
        var i = 0
        while i < scan.bytes.count {
            if scan.bytes[i] == pattern[0], matches(pattern, at: i, in: scan) {
                out.replace(i..<(i + pattern.count), with: "")
                i += pattern.count
            } else {
                i += 1
            }
        }
        return out.result()
    }

    /// `<br>`, `<br/>`, `<br />` (any whitespace before the slash) each made one space.
    static func replacingBreaks(_ text: String) -> String {
        let scan = CharacterScan(text)
        let open = Array("<br".utf8)
        var out = Output(scan)
        var i = 0
        while i < scan.bytes.count {
            guard scan.bytes[i] == UInt8(ascii: "<"), matches(open, at: i, in: scan) else { i += 1; continue }
            var q = i + open.count
            while let end = whitespaceEnd(at: q, in: scan) { q = end }
            if scan.isCharacter(UInt8(ascii: "/"), at: q) { q += 1 }
            if scan.isCharacter(UInt8(ascii: ">"), at: q) {
                out.replace(i..<(q + 1), with: " ")
                i = q + 1
            } else {
                i += 1
            }
        }
        return out.result()
    }

    /// `<http://…>`, `<https://…>`, `<mailto:…>` without their angle brackets.
    static func unwrappingAutolinks(_ text: String) -> String {
        let scan = CharacterScan(text)
        let schemes = ["https:", "http:", "mailto:"].map { Array($0.utf8) }
        var out = Output(scan)
        var i = 0
        while i < scan.bytes.count {
            guard scan.bytes[i] == UInt8(ascii: "<"), scan.isCharacter(UInt8(ascii: "<"), at: i),
                  let scheme = schemes.first(where: { matches($0, at: i + 1, in: scan) }) else { i += 1; continue }
            // One character or more, none `>` or whitespace, then `>`.
            let from = i + 1 + scheme.count
            var q = from
            while q < scan.bytes.count, !scan.isCharacter(UInt8(ascii: ">"), at: q), whitespaceEnd(at: q, in: scan) == nil {
                q = scan.characterEnd(from: q)
            }
            if q < scan.bytes.count, q > from, scan.isCharacter(UInt8(ascii: ">"), at: q) {
                out.replace(i..<(q + 1), with: scan.substring((i + 1)..<q))
                i = q + 1
            } else if q == from {
                i += 1
            } else {
                // Every `<` before `q` runs into the same whitespace or end: none of them matches.
                i = q
            }
        }
        return out.result()
    }

    /// `[text](target)` as its text.
    static func unwrappingLinks(_ text: String) -> String {
        let scan = CharacterScan(text)
        let n = scan.bytes.count
        var out = Output(scan)
        var i = 0
        func next(_ byte: UInt8, from start: Int) -> Int? {
            var p = start
            while p < n {
                if scan.bytes[p] == byte, scan.isCharacter(byte, at: p) { return p }
                p += 1
            }
            return nil
        }
        while i < n {
            guard scan.bytes[i] == UInt8(ascii: "["), scan.isCharacter(UInt8(ascii: "["), at: i) else { i += 1; continue }
            // The text runs to the first `]`; without one, no `[` after this one has one either.
            guard let close = next(UInt8(ascii: "]"), from: i + 1) else { break }
            // Every `[` before `close` ends its text there too: if `(` does not follow, none matches.
            guard scan.isCharacter(UInt8(ascii: "("), at: close + 1) else { i = close + 1; continue }
            // Without a `)` after it, no later link can close either.
            guard let end = next(UInt8(ascii: ")"), from: close + 2) else { break }
            out.replace(i..<(end + 1), with: scan.substring((i + 1)..<close))
            i = end + 1
        }
        return out.result()
    }

    /// Whether the characters at `offset` are the ASCII characters of `pattern`, each whole.
    static func matches(_ pattern: [UInt8], at offset: Int, in scan: CharacterScan) -> Bool {
        guard offset >= 0, offset + pattern.count <= scan.bytes.count else { return false }
        for k in pattern.indices where scan.bytes[offset + k] != pattern[k] { return false }
        for k in 0...pattern.count where !scan.isBoundary(offset + k) { return false }
        return true
    }

    /// The end of the whitespace character at `offset` (where a character starts), or nil when
    /// the character there is not whitespace.
    static func whitespaceEnd(at offset: Int, in scan: CharacterScan) -> Int? {
        guard offset < scan.bytes.count else { return nil }
        let v = scan.scalar(at: offset).value
        guard let scalar = Unicode.Scalar(v), CJK.isWhitespace(scalar: scalar) else { return nil }
        return scan.characterEnd(from: offset)
    }

    /// The scanned text with some byte ranges replaced, in order; built from slices of the
    /// text, so its bytes are copied and never decoded again.
    struct Output {
        let scan: CharacterScan
        var text = ""
        var copied = 0
        var changed = false

        init(_ scan: CharacterScan) { self.scan = scan }

        mutating func replace(_ range: Range<Int>, with replacement: some StringProtocol) {
            if !changed { text.reserveCapacity(scan.bytes.count) }
            changed = true
            text += scan.substring(copied..<range.lowerBound)
            text += replacement
            copied = range.upperBound
        }

        func result() -> String {
            guard changed else { return scan.text }
            return text + scan.substring(copied..<scan.bytes.count)
        }
    }
}
