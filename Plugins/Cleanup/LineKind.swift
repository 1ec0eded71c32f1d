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
        if isTableRow(line.text) { return .tableRow }
        if line.isMarkdownHeading { return .heading }
        guard let first = s.first else { return .text }
        if "一二三四五六七八九十".contains(first), s.prefixMatch(of: LinePatterns.topHeading) != nil { return .heading }
        if first == "第", s.prefixMatch(of: LinePatterns.part) != nil { return .heading }
        if "（(".contains(first), s.prefixMatch(of: LinePatterns.parenItem) != nil { return .listItem }
        if first.isASCII, first.isNumber, s.prefixMatch(of: LinePatterns.numberedItem) != nil { return .listItem }
        return ("①"..."⑳").contains(first) ? .listItem : .text
    }

    /// Whether a line is a row of a table in one of the text layouts.
    static func isTableRow(_ text: String) -> Bool {
        let s = text.trimming(.whitespaces)
        if text.contains("\t") || PipeRow.matches(s) { return true }
        if text.hasAlignedGap { return true }
        if LineNormalizer.isHeaderWordRow(s) { return true }
        return isNumberRow(s)
    }

    /// A run of numbers, alone or after a label that reads like a row label (no sentence
    /// punctuation; short when only one number follows, so prose ending in a number is not
    /// taken for a row).
    static func isNumberRow(_ s: String) -> Bool {
        let tokens = s.split(separator: " ")
        // Cells alone on their line that OCR printed with look-alikes (`O`, `l`, `O O`, `1l`)
        // are a row of numbers too, never the end of the label above nor the start of the next.
        if tokens.allSatisfy({ isNumber($0) || isLookAlikeNumber($0) }) { return true }
        let numbers = tokens.reversed().prefix { isNumber($0) }.count
        guard numbers > 0 else { return false }
        if numbers == tokens.count { return true }
        let label = tokens.dropLast(numbers).joined(separator: " ")
        if label.contains(where: { "。；！？;!?".contains($0) }) { return false }
        if numbers == 1 {
            let body = label.prefixMatch(of: LinePatterns.leadingIndex).map { label[$0.range.upperBound...] } ?? Substring(label)
            return Script.width(body) <= 16 && !body.contains(where: { "，,：:“”".contains($0) || ($0.isASCII && $0.isNumber) })
        }
        return Script.width(label) <= 60
    }

    /// Digits with OCR look-alikes among them (`1l`, `2O`), or one look-alike alone.
    static func isLookAlikeNumber(_ token: Substring) -> Bool {
        token.allSatisfy { ($0.isASCII && $0.isNumber) || "OolI|".contains($0) } && (token.count == 1 || token.contains { $0.isASCII && $0.isNumber })
    }

    /// `12`, `-66`, `+54`, `3.5`, `12%`.
    static func isNumber(_ token: Substring) -> Bool { PrintedNumber.isNumber(token) }
}

/// Compiled once: a regex literal is parsed again each time it is evaluated.
private enum LinePatterns {
    nonisolated(unsafe) static let topHeading: Regex<Substring> = /[一二三四五六七八九十]+、/
    nonisolated(unsafe) static let part: Regex<Substring> = /第[一二三四五六七八九十0-9]+[章节部分]/
    nonisolated(unsafe) static let parenItem: Regex<Substring> = /[（(][一二三四五六七八九十0-9]{1,3}[）)]/
    nonisolated(unsafe) static let numberedItem: Regex<Substring> = /[0-9]{1,2}[.、)）](?![0-9])/
    nonisolated(unsafe) static let leadingIndex: Regex<Substring> = /^\s*[0-9]{1,2}[.、．]/
}
