/// Tables printed as space-aligned columns, the way `pdftotext -layout` writes them: cells
/// separated by two or more spaces, columns found where no row has text.
///
/// Each cell covers a span of character positions; spans of different rows that overlap
/// belong to one column, so left-, right- and centre-aligned cells all line up. A line with a
/// single indented segment between two table lines is a wrapped label and stays in the table.
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
            guard !claimed.contains(i), Self.segments(lines[i]).count > 1 else { i += 1; continue }
            var members = [i]
            var next = i + 1
            while next < lines.count, !claimed.contains(next) {
                if Self.segments(lines[next]).count > 1 {
                    members.append(next)
                } else if !isWrappedLabel(lines, next) && !(lines[next].allSatisfy(\.isWhitespace) && next - members.last! <= maxBlankGap) {
                    break
                }
                next += 1
            }
            let rowLines = members.count >= minRows ? (members.first!...members.last!).filter { !lines[$0].allSatisfy(\.isWhitespace) } : []
            if !rowLines.isEmpty {
                tables.append(RawTable(layout: "columns", firstLine: members.first!, endLine: members.last! + 1,
                                       rows: Self.grid(rowLines.map { ($0, Self.segments(lines[$0])) })))
            }
            i = members.last! + 1
        }
        return tables
    }

    /// An indented single segment followed by an aligned line.
    private func isWrappedLabel(_ lines: [String], _ index: Int) -> Bool {
        let line = lines[index]
        guard line.hasPrefix("  "), Self.segments(line).count == 1, index + 1 < lines.count else { return false }
        return Self.segments(lines[index + 1]).count > 1
    }

    /// Assigns every segment to a column: overlapping spans share one.
    static func grid(_ rows: [(line: Int, segments: [Segment])]) -> [RawRow] {
        var spans: [(start: Int, end: Int)] = []
        for span in rows.flatMap(\.segments).map({ ($0.start, $0.end) }).sorted(by: { $0.0 < $1.0 }) {
            if let last = spans.last, span.0 < last.end {
                spans[spans.count - 1].end = max(last.end, span.1)
            } else {
                spans.append((span.0, span.1))
            }
        }
        return rows.map { row in
            row.segments.map { segment in
                let column = spans.firstIndex { segment.start >= $0.start && segment.start < $0.end } ?? 0
                return RawCell(text: segment.text, column: column, line: row.line)
            }
        }
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
