import Foundation

/// Tables printed as space-aligned columns, the way `pdftotext -layout` writes them: cells
/// separated by two or more spaces, columns found where no row has text.
///
/// Each cell covers a span of character positions; spans of different rows that overlap
/// belong to one column, so left-, right- and centre-aligned cells all line up. Labels wrapped
/// inside their cell are printed around the row of numbers, on lines of their own: those lines
/// stay in the table and go back to their row (`RowRepair.attachFragments`).
struct AlignedColumns: Sendable {
    var maxBlankGap: Int
    var minRows: Int

    /// A segment of an aligned line: the span of characters it covers and its text.
    struct Segment {
        var start: Int
        var end: Int
        var text: String
    }

    /// The aligned-column tables in the lines, skipping claimed lines.
    func tables(_ lines: [String], claimed: Set<Int>) -> [RawTable] {
        var tables: [RawTable] = []
        var i = 0
        while i < lines.count {
            guard !claimed.contains(i), Self.isAligned(lines[i]) else { i += 1; continue }
            let members = block(from: i, lines, claimed: claimed)
            if members.filter({ Self.isAligned(lines[$0]) }).count >= minRows {
                let rows = Self.grid(members.map { ($0, Self.segments(lines[$0])) })
                tables.append(RawTable(layout: "columns", firstLine: members.first!, endLine: members.last! + 1,
                                       rows: RowRepair.attachFragments(rows)))
            }
            i = members.last! + 1
        }
        return tables
    }

    /// The lines of the table that starts at `start`: its aligned lines and the short label
    /// lines and blank runs (a page break) between them, then the short lines after the last
    /// one that still continue its label.
    private func block(from start: Int, _ lines: [String], claimed: Set<Int>) -> [Int] {
        var members = [start], pending: [Int] = []
        var blanks = 0, next = start + 1
        while next < lines.count, !claimed.contains(next) {
            let line = lines[next]
            if line.allSatisfy(\.isWhitespace) {
                blanks += 1
                if blanks > maxBlankGap + 2 { break }
            } else if Self.isAligned(line) {
                members += pending + [next]
                pending = []
                blanks = 0
            } else if Self.isFragment(line), pending.count < 6, !Self.isSectionHeading(line) {
                pending.append(next)
                blanks = 0
            } else {
                break
            }
            next += 1
        }
        return members + pending.prefix { !CellText.startsEnumeration(lines[$0].trimming(.whitespaces)) }
    }

    /// A line that opens a new numbered part (`三、收到和处理…`) and prints no number: the
    /// table above has ended.
    static func isSectionHeading(_ line: String) -> Bool {
        let s = line.trimming(.whitespaces)
        return s.count >= 6 && s.prefixMatch(of: ColumnPatterns.topHeading) != nil && !s.contains { $0.isASCII && $0.isNumber }
    }

    /// Two or more cells apart by gaps of two spaces or more.
    static func isAligned(_ line: String) -> Bool { line.hasAlignedGap }

    /// A short piece of a label on a line of its own.
    static func isFragment(_ line: String) -> Bool {
        let s = line.trimming(.whitespaces)
        return !s.isLonger(than: 24) && !s.contains { "。！？；".contains($0) }
    }

    /// Assigns every segment to a column: overlapping spans of the rows that print numbers
    /// share one (header and label lines, whose cells often straddle columns, do not shape
    /// them); within a row, columns always increase, so no two cells of a row share one.
    static func grid(_ rows: [(line: Int, segments: [Segment])]) -> [RawRow] {
        let data = rows.filter { $0.segments.contains { CellText.isNumber($0.text) } }
        var spans: [(start: Int, end: Int)] = []
        for span in (data.isEmpty ? rows : data).flatMap(\.segments).map({ ($0.start, $0.end) }).sorted(by: { $0.0 < $1.0 }) {
            if let last = spans.last, span.0 < last.end {
                spans[spans.count - 1].end = max(last.end, span.1)
            } else {
                spans.append((span.0, span.1))
            }
        }
        return rows.map { row in
            var previous = -1
            return row.segments.map { segment in
                let found = Self.lastSpan(startingAtOrBefore: segment.start, in: spans) ?? 0
                previous = max(found, previous + 1)
                return RawCell(text: segment.text, column: previous, line: row.line)
            }
        }
    }

    /// The index of the last span that starts at or before `column` (spans are sorted by start).
    static func lastSpan(startingAtOrBefore column: Int, in spans: [(start: Int, end: Int)]) -> Int? {
        var low = 0, high = spans.count
        while low < high {
            let mid = (low + high) / 2
            if spans[mid].start <= column { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? low - 1 : nil
    }

    /// The segments of a line, split at gaps of two or more spaces.
    static func segments(_ line: String) -> [Segment] {
        var segments: [Segment] = []
        var current = "", start = 0, spaces = 0
        for (column, c) in line.enumerated() {
            if c == " " {
                spaces += 1
                continue
            }
            if !current.isEmpty, spaces >= 2 {
                segments.append(Segment(start: start, end: start + current.count, text: current))
                current = ""
            } else if !current.isEmpty, spaces == 1 {
                current += " "
            }
            if current.isEmpty { start = column }
            current.append(c)
            spaces = 0
        }
        if !current.isEmpty { segments.append(Segment(start: start, end: start + current.count, text: current)) }
        return segments
    }
}

/// Compiled once: a regex literal is parsed again each time it is evaluated.
private enum ColumnPatterns {
    nonisolated(unsafe) static let topHeading: Regex<Substring> = /[一二三四五六七八九十]+、/
}
