import Foundation
import IngestKit

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
                let rows = Self.grid(Self.measured(members.map { ($0, lines[$0]) }))
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
        return !s.isLonger(than: 24) && !s.contains { Self.sentenceMarks.contains($0) }
    }

    /// Marks of a sentence, which a label's fragment has none of.
    private static let sentenceMarks: ScalarSet = "。！？；"

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

    /// How a line's positions are counted: in characters (`pdftotext -layout` aligns columns
    /// so) or in display columns, an ideograph two wide (text set for the eye in a monospaced
    /// font).
    enum Measure: CaseIterable { case characters, display }

    /// The segments of a block's lines, positions counted in the measure under which the cells
    /// of the rows that print numbers line up best (more of them start, end or centre where a
    /// cell of another such row does); characters where the two tie.
    static func measured(_ lines: [(line: Int, text: String)]) -> [(line: Int, segments: [Segment])] {
        let readings = Measure.allCases.map { measure in lines.map { ($0.line, segments($0.text, measure: measure)) } }
        let scores = readings.map(alignedCells)
        return scores[1] > scores[0] ? readings[1] : readings[0]
    }

    /// How many cells after the first of the rows that print numbers start, end or centre
    /// where a cell of another such row does.
    static func alignedCells(_ rows: [(line: Int, segments: [Segment])]) -> Int {
        let data = rows.indices.filter { rows[$0].segments.contains { CellText.isNumber($0.text) } }
        var owners: [Int: Set<Int>] = [:]
        func keys(_ s: Segment) -> [Int] { [s.start * 4, s.end * 4 + 1, (s.start + s.end) * 2 + 2] }
        for r in data { for s in rows[r].segments.dropFirst() { for k in keys(s) { owners[k, default: []].insert(r) } } }
        return data.reduce(0) { total, r in
            total + rows[r].segments.dropFirst().filter { s in keys(s).contains { owners[$0]!.count > 1 } }.count
        }
    }

    /// The segments of a line, split at gaps of two or more spaces.
    static func segments(_ line: String, measure: Measure = .characters) -> [Segment] {
        var segments: [Segment] = []
        var current = "", start = 0, end = 0, spaces = 0, column = 0
        for c in line {
            let width = measure == .display ? c.displayWidth : 1
            defer { column += width }
            if c == " " {
                spaces += 1
                continue
            }
            if !current.isEmpty, spaces >= 2 {
                segments.append(Segment(start: start, end: end, text: current))
                current = ""
            } else if !current.isEmpty, spaces == 1 {
                current += " "
            }
            if current.isEmpty { start = column }
            current.append(c)
            end = column + width
            spaces = 0
        }
        if !current.isEmpty { segments.append(Segment(start: start, end: end, text: current)) }
        return segments
    }
}

/// Compiled once: a regex literal is parsed again each time it is evaluated.
private enum ColumnPatterns {
    nonisolated(unsafe) static let topHeading: Regex<Substring> = /[一二三四五六七八九十]+、/
}
