import IngestKit

/// Rejoins lines that extraction broke in the middle of a sentence, CJK-aware.
///
/// A line continues the one before unless that one ends a sentence (`。`, `！`, `？`, also
/// behind a closing quote; `；` and `：` only on a line that stops short of the margin), is a
/// whole parenthesis, a markdown heading or a table row, or the
/// line itself starts a heading, a list item or a table row. Between those cases the measure
/// decides: after a full line (one that reached the right margin) the text goes on; after a
/// short line only another short line joins it, which reassembles labels and headers that
/// were set one or two characters a line (`三、本年` / `度办理` / `结果`), but leaves a short
/// title or heading apart from the paragraph below it. A heading or list item that ends in a
/// word completing a heading (`情况`, `事项`, `报告`) is never continued, nor is a short line
/// that ends so.
struct ParagraphJoiner: Sendable {
    /// The widest a line may be (in ideograph units) and still count as short, whatever the
    /// document's measure.
    var maxFragmentWidth: Double = 40
    /// Endings that make a short line a complete heading or title.
    var completeSuffixes: [String] = ["情况", "事项", "报告", "措施", "问题"]

    /// One normalised extracted line.
    struct Input: Sendable {
        var text: String
        var kind: LineKind
        var isMarkdownHeading: Bool
        var ref: LineRef
    }

    /// The logical line being built.
    private struct Open {
        var text: String
        var origin: [LineRef]
        var first: LineKind
        var last: Input
    }

    /// Joins the lines into logical lines; blank lines that a join spans are dropped, the
    /// others are kept as empty lines so paragraph and table boundaries stay visible.
    func join(_ lines: [Input]) -> [CleanLine] {
        let full = fullWidth(of: lines)
        var out: [CleanLine] = []
        var open: Open?
        var blanks: [LineRef] = []
        func flush() {
            if let o = open { out.append(CleanLine(text: o.text, origin: o.origin)) }
            open = nil
            out += blanks.map { CleanLine(text: "", origin: [$0]) }
            blanks = []
        }
        for line in lines {
            if line.kind == .blank {
                if open == nil { out.append(CleanLine(text: "", origin: [line.ref])) } else { blanks.append(line.ref) }
                continue
            }
            if open != nil, continues(open!, with: line, full: full) {
                Self.glue(&open!.text, line.text)
                open!.origin.append(line.ref)
                open!.last = line
                blanks = []
                continue
            }
            flush()
            if line.kind == .tableRow {
                out.append(CleanLine(text: line.text, origin: [line.ref]))
            } else {
                open = Open(text: line.text, origin: [line.ref], first: line.kind, last: line)
            }
        }
        flush()
        return out
    }

    private func continues(_ open: Open, with next: Input, full: Double) -> Bool {
        guard next.kind == .text, !open.last.isMarkdownHeading, open.last.kind != .tableRow,
              !Script.endsSentence(open.text), !Self.isWholeParenthesis(open.text) else { return false }
        let complete = completeSuffixes.contains { open.text.hasSuffix($0) }
        if complete, open.first == .heading || open.first == .listItem { return false }
        let reachedMargin = Script.width(open.last.text) >= full
        if Script.endsSentence(open.text, orClause: true) { return reachedMargin }
        if reachedMargin { return true }
        if complete { return false }
        return Script.width(next.text) < full
    }

    /// The width from which a line counts as full: four fifths of the document's usual prose
    /// line (its 75th percentile), but never more than `maxFragmentWidth`.
    func fullWidth(of lines: [Input]) -> Double {
        let widths = lines.filter { [.text, .heading, .listItem].contains($0.kind) }
            .map { Script.width($0.text) }.sorted()
        guard !widths.isEmpty else { return maxFragmentWidth }
        let usual = widths[min(widths.count - 1, widths.count * 3 / 4)]
        return min(maxFragmentWidth, usual * 0.8)
    }

    /// Appends the next piece of a broken line; a space only between two ASCII words or numbers.
    static func glue(_ a: inout String, _ b: String) {
        if let last = a.last, let first = b.first, Script.isASCIIAlphanumeric(last) && Script.isASCIIAlphanumeric(first) {
            a += " "
        }
        a += b
    }

    /// Parentheses, full- and half-width.
    private static let opening: ScalarSet = "（("
    private static let closing: ScalarSet = "）)"

    /// A line that is one parenthesis from its first character to its last.
    static func isWholeParenthesis(_ text: String) -> Bool {
        guard let first = text.first, Self.opening.contains(first), let last = text.last, Self.closing.contains(last) else { return false }
        var depth = 0
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            i = text.index(after: i)
            if Self.opening.contains(c) { depth += 1 }
            if Self.closing.contains(c) { depth -= 1 }
            if depth == 0, i < text.endIndex { return false }
        }
        return depth == 0
    }
}
