import Foundation
import IngestKit

/// Tables whose grid extraction lost entirely: every row a line of its own (a label, then its
/// numbers one space apart), or a label on one line and its numbers on the next, or one row's
/// numbers broken over two lines — what `pdftotext` without `-layout` prints.
///
/// A block is a run of such lines (blank lines ignored) holding at least `minRows` number
/// rows. Labels go to column 0, numbers to columns 1…n; a row of header words
/// (`信息内容 本年制发件数 …`) gives one cell per word. A line of numbers that follows a row
/// shorter than the block's usual width is the rest of that row.
struct CellPerLine: Sendable {
    var minRows: Int
    var maxLabelWidth: Double

    /// What a line is, inside such a table.
    enum Line {
        case numbers(label: String, values: [String])
        case headerWords([String])
        case label(String)
        case blank
        case other
    }

    /// The cell-per-line tables in the lines, skipping claimed lines.
    func tables(_ lines: [String], claimed: Set<Int>) -> [RawTable] {
        let kinds = lines.indices.map { claimed.contains($0) ? .other : classify(lines[$0]) }
        var tables: [RawTable] = []
        var i = 0
        while i < lines.count {
            guard case .numbers = kinds[i] else { i += 1; continue }
            var start = i
            while start > 0, Self.continuesBlock(kinds[start - 1]) { start -= 1 }
            var end = i
            while end < lines.count, Self.continuesBlock(kinds[end]) { end += 1 }
            var members = (start..<end).filter { if case .blank = kinds[$0] { false } else { true } }
            while let last = members.last, case .label = kinds[last] { members.removeLast() }
            let numberRows = members.filter { if case .numbers = kinds[$0] { true } else { false } }
            if numberRows.count >= minRows {
                tables.append(RawTable(layout: "cell-per-line", firstLine: members.first!, endLine: members.last! + 1,
                                       rows: rows(members.map { ($0, kinds[$0]) })))
            }
            i = end
        }
        return tables
    }

    private static func continuesBlock(_ kind: Line) -> Bool {
        if case .other = kind { return false }
        return true
    }

    /// Classifies a line for this layout.
    ///
    /// Reads the words as `split(separator: " ")` gives them, but only as far as the answer
    /// needs: the numbers at the end, the label only when it is short enough to be one, the
    /// words as header words until one is not.
    func classify(_ line: String) -> Line {
        let s = line.trimming(.whitespaces)
        if s.isEmpty { return .blank }
        let words = CharacterScan(s)
        var values: [String] = []
        var labelEnd = 0
        words.forEachWordBackward { r in
            let word = words.substring(r)
            guard CellText.isNumber(word) else { labelEnd = r.upperBound; return false }
            values.append(String(word))
            return true
        }
        values.reverse()
        if !values.isEmpty {
            let raw = words.substring(0..<labelEnd)
            // Every character is at least half an ideograph wide: a longer label is never one.
            if !raw.isLonger(than: Int(maxLabelWidth * 2)) || raw.containsBytes(of: "  ") {
                let label = raw.split(separator: " ").joined(separator: " ")
                if label.isEmpty || (isLabel(label) && (values.count > 1 || Self.isSingleValueLabel(label))) {
                    return .numbers(label: label, values: values)
                }
            }
        }
        var headerWords = 0
        words.forEachWord { r in
            let word = words.substring(r)
            guard word.isLonger(than: 3), word.allSatisfy({ !$0.isASCII && $0.isLetter }) else {
                headerWords = -1
                return false
            }
            headerWords += 1
            return true
        }
        if headerWords >= 2 {
            return .headerWords(s.split(separator: " ").map(String.init))
        }
        return isLabel(s) ? .label(s) : .other
    }

    /// A label that may stand before a single number: short, no clause punctuation, no
    /// figures after its numbering (prose that happens to end in a number has them).
    static func isSingleValueLabel(_ label: String) -> Bool {
        let body = label.prefixMatch(of: RowPatterns.leadingIndex).map { label[$0.range.upperBound...] } ?? Substring(label)
        return !body.isLonger(than: 16) && !body.contains { Self.phraseMarks.contains($0) || $0.isNumber && $0.isASCII }
    }

    /// Short text without sentence punctuation.
    private func isLabel(_ text: String) -> Bool {
        if text.isLonger(than: Int(maxLabelWidth * 2)) { return false }
        let width = text.reduce(0.0) { $0 + ($1.isASCII ? 0.5 : 1) }
        return width <= maxLabelWidth && !text.contains { Self.sentenceMarks.contains($0) }
    }

    /// Marks of a phrase (a single value's label has none) and of a sentence (a label has none).
    private static let phraseMarks: ScalarSet = "，,：:“”"
    private static let sentenceMarks: ScalarSet = "。！？；;!?"




    /// A line of a block; a run of numbers printed one a line becomes one entry, each value
    /// keeping its own line.
    struct Entry {
        var line: Int
        var kind: Line
        var valueLines: [Int]
    }

    /// Builds the rows of a block.
    func rows(_ block: [(line: Int, kind: Line)]) -> [RawRow] {
        let counts = block.compactMap { if case .numbers(_, let v) = $0.kind, v.count > 1 { v.count } else { nil } }
        let onePerLine = counts.isEmpty
        let entries = onePerLine ? Self.numberRuns(block) : block.map { Entry(line: $0.line, kind: $0.kind, valueLines: []) }
        let usual = Self.mode(counts)
        var rows: [RawRow] = []
        var pending: [(line: Int, text: String)] = []
        var lastWasNumbers = false
        func flush() {
            rows += pending.map { [RawCell(text: $0.text, column: 0, line: $0.line)] }
            pending = []
        }
        for entry in entries {
            switch entry.kind {
            case .numbers(let label, let values):
                let lines = entry.valueLines.isEmpty ? Array(repeating: entry.line, count: values.count) : entry.valueLines
                let filled = rows.last?.filter { CellText.isNumber($0.text) }.count ?? 0
                if !onePerLine, label.isEmpty, pending.isEmpty, lastWasNumbers, let last = rows.last, filled < usual, filled + values.count <= usual {
                    let offset = (last.map(\.column).max() ?? 0) + 1
                    rows[rows.count - 1] += values.indices.map { RawCell(text: values[$0], column: $0 + offset, line: lines[$0]) }
                } else {
                    let head = label.isEmpty ? (onePerLine || values.count <= usual ? takeLabel(&pending, joining: onePerLine) : nil) : (entry.line, label)
                    flush()
                    let cells = values.indices.map { RawCell(text: values[$0], column: $0 + 1, line: lines[$0]) }
                    rows.append((head.map { [RawCell(text: $0.text, column: 0, line: $0.line)] } ?? []) + cells)
                }
                lastWasNumbers = true
            case .headerWords(let words):
                flush()
                rows.append(words.enumerated().map { RawCell(text: $0.element, column: $0.offset, line: entry.line) })
                lastWasNumbers = false
            case .label(let text):
                pending.append((entry.line, text))
                lastWasNumbers = false
            case .blank, .other:
                continue
            }
        }
        return rows
    }

    /// The label of a row printed above its numbers: the last label line, or — where numbers
    /// come one a line and labels wrap freely — the lines from the last one that opens an
    /// enumeration on, joined.
    private func takeLabel(_ pending: inout [(line: Int, text: String)], joining: Bool) -> (line: Int, text: String)? {
        guard !pending.isEmpty else { return nil }
        let from = joining ? (pending.lastIndex { CellText.startsEnumeration($0.text) } ?? 0) : pending.count - 1
        let taken = pending[from...]
        pending.removeSubrange(from...)
        return (taken.first!.line, taken.map(\.text).joined())
    }

    /// Runs of numbers printed one a line, merged into entries: a run as long as a whole
    /// number of the usual run (two rows printed without their labels between them) is cut
    /// into rows of that length.
    static func numberRuns(_ block: [(line: Int, kind: Line)]) -> [Entry] {
        var runs: [[(line: Int, value: String)]] = []
        var out: [Entry] = []
        var current: [(line: Int, value: String)] = []
        var places: [Int] = []
        for (line, kind) in block {
            if case .numbers(let label, let values) = kind, label.isEmpty {
                current += values.map { (line, $0) }
                continue
            }
            if case .blank = kind { continue }
            if !current.isEmpty { runs.append(current); places.append(out.count); out.append(Entry(line: -1, kind: .blank, valueLines: [])); current = [] }
            out.append(Entry(line: line, kind: kind, valueLines: []))
        }
        if !current.isEmpty { runs.append(current); places.append(out.count); out.append(Entry(line: -1, kind: .blank, valueLines: [])) }
        let width = mode(runs.map(\.count).filter { $0 > 1 })
        var result: [Entry] = []
        var next = 0
        for (i, entry) in out.enumerated() {
            guard next < places.count, places[next] == i else { result.append(entry); continue }
            let run = runs[next]
            next += 1
            let size = width > 0 && run.count > width && run.count % width == 0 ? width : run.count
            for chunk in stride(from: 0, to: run.count, by: size).map({ Array(run[$0..<min($0 + size, run.count)]) }) {
                result.append(Entry(line: chunk[0].line, kind: .numbers(label: "", values: chunk.map(\.value)), valueLines: chunk.map(\.line)))
            }
        }
        return result
    }

    /// The most frequent value, 0 for none.
    static func mode(_ values: [Int]) -> Int {
        let counts: [Int: Int] = Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +)
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }
        return best?.key ?? 0
    }
}

/// Compiled once: a regex literal is parsed again each time it is evaluated.
private enum RowPatterns {
    nonisolated(unsafe) static let leadingIndex: Regex<Substring> = /^\s*[0-9]{1,2}[.、．]/
}
