import IngestKit
/// Pieces of table labels that `pdftotext -layout` prints on lines of their own, above and
/// below the row of numbers they belong to (a label wrapped inside its cell is centred on the
/// row, so part of it lands on the lines around it), and the characters of a label set
/// vertically down a merged cell.
///
/// Such a line is short, has no sentence punctuation, and sits within two lines of a line of
/// space-aligned columns. Cleanup keeps it as a table row, with its spaces, so the tables stage
/// can give it to its row; joining it to prose or closing up its spaces would glue pieces of
/// neighbouring cells together.
enum LayoutFragments {
    /// The widest a fragment may be, in ideographs.
    static let maxWidth = 24.0
    /// Marks of a sentence, which a fragment has none of.
    private static let sentenceMarks: ScalarSet = "。！？；"

    /// Indices of the lines that are label fragments of a space-aligned table.
    static func find(_ lines: [String]) -> Set<Int> {
        let aligned = lines.map(isAlignedRow)
        let filled = lines.indices.filter { !lines[$0].allSatisfy(\.isWhitespace) }
        var fragments = Set<Int>()
        for (k, i) in filled.enumerated() where !aligned[i] {
            let near = filled[max(0, k - 2)..<min(filled.count, k + 3)]
            if near.contains(where: { aligned[$0] }), isShortLabel(lines[i]) { fragments.insert(i) }
        }
        return fragments
    }

    /// Cells separated by gaps of two or more spaces, not a pipe or tab row.
    static func isAlignedRow(_ line: String) -> Bool {
        !line.utf8.contains(UInt8(ascii: "\t")) && !PipeRow.matches(line)
            && line.hasAlignedGap
    }

    private static func isShortLabel(_ line: String) -> Bool {
        let s = line.trimmedSlice(.whitespaces)
        // A character is at least half an ideograph wide: a longer line is never short.
        return !s.isLonger(than: Int(maxWidth * 2)) && Script.width(s) <= maxWidth && !s.contains { Self.sentenceMarks.contains($0) } && !PipeRow.matches(s) && !s.containsBytes(of: "\t")
    }
}
