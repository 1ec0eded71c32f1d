import Foundation
import IngestKit

/// What a normalised line is, as far as rejoining broken lines cares.
enum LineKind: Equatable, Sendable {
    case blank
    /// A markdown heading or a top-level numbered heading (`一、总体情况`).
    case heading
    /// A numbered item (`（一）…`, `1.…`, `①…`).
    case listItem
    /// A table row: pipes, tabs, space-aligned columns, a label followed by a run of numbers,
    /// a run of numbers alone, or a row of column-header words.
    case tableRow
    case text

    /// Classifies a normalised line.
    static func of(_ line: LineNormalizer.Line) -> LineKind {
        let s = line.text.trimming(.whitespaces)
        if s.isEmpty { return .blank }
        if isTableRow(line.text, trimmed: s) { return .tableRow }
        if line.isMarkdownHeading { return .heading }
        guard let first = s.first else { return .text }
        if Self.numerals.contains(first), s.prefixMatch(of: LinePatterns.topHeading) != nil { return .heading }
        if first == "第", s.prefixMatch(of: LinePatterns.part) != nil { return .heading }
        if Self.openingBrackets.contains(first), s.prefixMatch(of: LinePatterns.parenItem) != nil { return .listItem }
        if first.isASCII, first.isNumber, s.prefixMatch(of: LinePatterns.numberedItem) != nil { return .listItem }
        return ("①"..."⑳").contains(first) ? .listItem : .text
    }

    /// Whether a line is a row of a table in one of the text layouts.
    static func isTableRow(_ text: String) -> Bool { isTableRow(text, trimmed: text.trimming(.whitespaces)) }

    private static func isTableRow(_ text: String, trimmed s: String) -> Bool {
        if text.utf8.contains(UInt8(ascii: "\t")) || PipeRow.matches(s) { return true }
        if text.hasAlignedGap { return true }
        if LineNormalizer.isHeaderWordRow(s) { return true }
        return isNumberRow(s)
    }

    /// A run of numbers, alone or after a label that reads like a row label (no sentence
    /// punctuation; short when only one number follows, so prose ending in a number is not
    /// taken for a row).
    ///
    /// Reads the words as `split(separator: " ")` gives them, but only as far as the answer
    /// needs: the first word that is not a number, the numbers at the end, and the label only
    /// when it is short enough to be one.
    static func isNumberRow(_ s: String) -> Bool {
        let words = CharacterScan(s)
        // Cells alone on their line that OCR printed with look-alikes (`O`, `l`, `O O`, `1l`)
        // are a row of numbers too, never the end of the label above nor the start of the next.
        var all = true
        words.forEachWord { r in
            let word = words.substring(r)
            all = isNumber(word) || isLookAlikeNumber(word)
            return all
        }
        if all { return true }
        var numbers = 0, labelEnd = 0
        words.forEachWordBackward { r in
            guard isNumber(words.substring(r)) else { labelEnd = r.upperBound; return false }
            numbers += 1
            return true
        }
        guard numbers > 0 else { return false }
        let raw = words.substring(0..<labelEnd)
        // Every character is at least half an ideograph wide: a label of more than 120 is wider
        // than 60, and one before a single number, unless it opens with whitespace its index
        // could take (`leadingIndex`), leaves more than 32 characters (16 wide) after its index.
        if raw.isLonger(than: numbers == 1 ? 64 : 120), !raw.containsBytes(of: "  "),
           numbers > 1 || raw.first?.isWhitespace == false {
            return false
        }
        let label = raw.split(separator: " ").joined(separator: " ")
        if label.contains(where: { Self.sentenceMarks.contains($0) }) { return false }
        if numbers == 1 {
            let body = label.prefixMatch(of: LinePatterns.leadingIndex).map { label[$0.range.upperBound...] } ?? Substring(label)
            return Script.width(body) <= 16 && !body.contains(where: { Self.phraseMarks.contains($0) || ($0.isASCII && $0.isNumber) })
        }
        return Script.width(label) <= 60
    }

    /// Digits with OCR look-alikes among them (`1l`, `2O`), or one look-alike alone.
    static func isLookAlikeNumber(_ token: Substring) -> Bool {
        token.allSatisfy { ($0.isASCII && $0.isNumber) || Self.lookAlikes.contains($0) } && (token.count == 1 || token.contains { $0.isASCII && $0.isNumber })
    }

    /// `12`, `-66`, `+54`, `3.5`, `12%`.
    static func isNumber(_ token: Substring) -> Bool { PrintedNumber.isNumber(token) }

    /// The marks and letters the classification looks for, tested by scalar.
    private static let numerals: ScalarSet = "一二三四五六七八九十"
    private static let openingBrackets: ScalarSet = "（("
    private static let sentenceMarks: ScalarSet = "。；！？;!?"
    private static let phraseMarks: ScalarSet = "，,：:“”"
    /// What OCR prints for a digit.
    private static let lookAlikes: ScalarSet = "OolI|"
}

/// Compiled once: a regex literal is parsed again each time it is evaluated.
private enum LinePatterns {
    nonisolated(unsafe) static let topHeading: Regex<Substring> = /[一二三四五六七八九十]+、/
    nonisolated(unsafe) static let part: Regex<Substring> = /第[一二三四五六七八九十0-9]+[章节部分]/
    nonisolated(unsafe) static let parenItem: Regex<Substring> = /[（(][一二三四五六七八九十0-9]{1,3}[）)]/
    nonisolated(unsafe) static let numberedItem: Regex<Substring> = /[0-9]{1,2}[.、)）](?![0-9])/
    nonisolated(unsafe) static let leadingIndex: Regex<Substring> = /^\s*[0-9]{1,2}[.、．]/
}
