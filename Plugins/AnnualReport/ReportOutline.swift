import Foundation
import IngestKit

/// The reading structure of a report: where each section 一 … 六 starts in the cleaned text,
/// its narrative, and the title, agency and year.
///
/// A heading is found by meaning: a line that opens with the section's numeral (after any
/// markdown or bold residue) and whose words are close to the template's heading, so a table
/// row such as `三、本年度办理结果` is not taken for section 三. Sections are searched in order;
/// a section whose heading was lost (a missing page) is simply absent.
struct ReportOutline: Sendable {
    let lines: [String]
    /// The cleaned line where each found section's heading is.
    let headings: [Section: Int]
    /// Lines that belong to tables (not narrative).
    let tableLines: IndexSet
    /// Closeness a heading needs to the template's.
    let minSimilarity: Double
    /// The header block a crawler put before the text (`标题`, `发布机构`, …).
    let sourceFields: [String: String]

    init(text: CleanText, tables: [Table], minSimilarity: Double, sourceFields: [String: String] = [:]) {
        lines = text.lines.map(\.text)
        self.sourceFields = sourceFields
        self.minSimilarity = minSimilarity
        var table = IndexSet()
        for t in tables {
            if let first = t.firstLine, let end = t.endLine, first < end { table.insert(integersIn: first..<end) }
        }
        tableLines = table
        var found: [Section: Int] = [:]
        var from = 0
        for section in Section.allCases {
            let heading = Self.findHeading(section, in: lines, from: from, minSimilarity: minSimilarity)
                ?? (section == .reviewLitigation && found[.applications] != nil ? Self.reviewTableStart(in: lines, from: from) : nil)
            if let line = heading {
                found[section] = line
                from = line + 1
            }
        }
        headings = found
    }

    /// The line of a section's heading: a line that is the heading, or the line after one that
    /// holds only the section's numeral (`二、` set apart from its words by OCR or a page's
    /// layout), whose words are the heading's.
    private static func findHeading(_ section: Section, in lines: [String], from: Int, minSimilarity: Double) -> Int? {
        guard from < lines.count else { return nil }
        for i in from..<lines.count {
            if isHeading(section, lines[i], minSimilarity: minSimilarity) { return i }
            if isNumeralAlone(section, lines[i]), i + 1 < lines.count,
               isHeading(section, section.numeral + "、" + lines[i + 1].trimming(.whitespaces), minSimilarity: minSimilarity) {
                return i + 1
            }
        }
        // OCR lost the numeral and kept its mark (`、 收至1和处理政府信息公开申请情况`): a line
        // opening with the mark whose words are the heading's.
        for i in from..<lines.count {
            let line = lines[i].trimmedSlice(headingResidue)
            guard line.first == "、" else { continue }
            if isHeading(section, section.numeral + String(line), minSimilarity: minSimilarity) { return i }
        }
        return nil
    }

    /// Where section 四 starts when its heading is not found (OCR lost its numeral, `了政复议、
    /// 行政诉讼情况`): the first line after section 三's heading that names both 复议 and 诉讼
    /// (the damaged heading, or the table's own header `行政复议  行政诉讼`), followed within a
    /// few lines by one naming two of table 四's column headers (`结果维持`, `尚未审结`,
    /// `复议后起诉`…): a table 四 is there, whatever its heading reads. Prose that speaks of
    /// reviews has no such columns below it.
    static func reviewTableStart(in lines: [String], from: Int) -> Int? {
        guard from < lines.count else { return nil }
        for i in from..<lines.count where !lines[i].isLonger(than: 48) {
            let core = LabelText.core(lines[i])
            guard core.contains("复议"), core.contains("诉讼") else { continue }
            let below = lines[(i + 1)..<min(lines.count, i + 1 + reviewHeaderReach)]
            if below.contains(where: { line in
                let words = LabelText.core(line)
                return reviewColumnHeaders.filter { words.contains($0) }.count >= 2
            }) {
                return i
            }
        }
        return nil
    }

    /// How many lines below the start table 四's column headers may be (the groups' headers
    /// and their wrapped words come first).
    static let reviewHeaderReach = 4

    /// Table 四's column headers below its first: the later groups' and the results'.
    static let reviewColumnHeaders = ReportTemplate.reviewGroups.dropFirst().map { $0.headers[0] }
        + ReportTemplate.reviewResults.map(\.header)

    /// Marks OCR reads in place of a heading's `、`.
    private static let numeralMarks: ScalarSet = ["、", "，", ",", ".", "．"]

    /// The line as `numeral、words` where it opens with the section's numeral and then its
    /// mark, spaces, or both (OCR sets `四 、 政府…` apart and reads `三 收到…` without the mark);
    /// nil for a line that does not (`三年…`).
    static func numbered(_ section: Section, _ text: String) -> String? {
        let line = text.trimmedSlice(headingResidue)
        guard line.hasPrefix(section.numeral) else { return nil }
        var rest = line.dropFirst(section.numeral.count)
        let spaced = rest.first?.isWhitespace == true
        rest = rest.drop { $0.isWhitespace }
        let marked = rest.first.map(numeralMarks.contains) ?? false
        if marked { rest = rest.dropFirst().drop { $0.isWhitespace } }
        guard spaced || marked else { return nil }
        return section.numeral + "、" + rest
    }

    /// Whether a line holds nothing but a section's numeral (`二、`): a heading's first part.
    static func isNumeralAlone(_ section: Section, _ text: String) -> Bool {
        numbered(section, text) == section.numeral + "、"
    }

    /// Marks before or after a heading that are none of it: Markdown's, and specks of a scan
    /// OCR read as `。` or quotes.
    private static let headingResidue = CharacterSet(charactersIn: " #*>。”“")

    /// Whether a line is the heading of a section: its numeral, then words close to the
    /// template's heading.
    static func isHeading(_ section: Section, _ text: String, minSimilarity: Double) -> Bool {
        guard let line = numbered(section, text), !line.isLonger(than: 48), !line.containsBytes(of: "\t") else { return false }
        let core = LabelText.core(line)
        return section.headings.contains { LabelText.similarity(core, $0) >= minSimilarity }
    }

    /// The section a table's heading names (tables read from page geometry carry no line).
    func section(ofHeading heading: String) -> Section? {
        Section.allCases.first { Self.isHeading($0, heading, minSimilarity: minSimilarity) }
    }

    /// The section a cleaned line falls in (the last heading at or above it).
    func section(ofLine line: Int) -> Section? {
        headings.filter { $0.value <= line }.max { $0.value < $1.value }?.key
    }

    /// The lines of a section's body, from below its heading to the next found heading.
    func bodyRange(_ section: Section) -> Range<Int>? {
        guard let start = headings[section] else { return nil }
        let end = headings.values.filter { $0 > start }.min() ?? lines.count
        return (start + 1)..<end
    }

    /// The lines after one section's heading (or from the start) up to another's (or the end):
    /// where a section whose own heading was lost must be.
    func between(_ before: Section, _ after: Section) -> Range<Int> {
        let start = headings[before].map { $0 + 1 } ?? 0
        let end = headings[after] ?? lines.count
        return start < end ? start..<end : start..<start
    }

    /// A section's narrative: its prose lines, one paragraph a line, tables left out.
    func narrative(_ section: Section) -> String? {
        guard let range = bodyRange(section) else { return nil }
        let prose = range.filter { i in
            let s = lines[i].trimming(.whitespaces)
            return !s.isEmpty && !tableLines.contains(i) && !PipeRow.matches(s) && !s.containsBytes(of: "\t")
                && !Section.allCases.contains { Self.isNumeralAlone($0, s) }
        }.map { lines[$0].trimming(.whitespaces) }
        return prose.isEmpty ? nil : prose.joined(separator: "\n")
    }

    // MARK: - Title, agency, year

    /// The title: the opening line that names the report (`…年度报告`), together with a line
    /// just above it that holds the rest of a title set over two lines.
    var title: String? {
        if let stated = sourceFields["标题"], stated.contains("报告") {
            return stated.trimming(.whitespaces)
        }
        let opening = lines.prefix(headings.values.min() ?? lines.count).prefix(12)
        let filled = opening.indices.filter { !lines[$0].trimmedSlice(.whitespaces).isEmpty }
        guard let at = filled.prefix(4).first(where: { !lines[$0].isLonger(than: 60) && lines[$0].contains("报告") }) else { return nil }
        var title = lines[at].trimming(.whitespaces)
        if let above = filled.last(where: { $0 < at }), !lines[above].isLonger(than: 30), !lines[above].contains("。"),
           title.prefixMatch(of: OutlinePatterns.yearAhead) != nil {
            title = Self.glue(lines[above].trimming(.whitespaces), title)
        }
        return title
    }

    /// The reporting year: the year in the title, else the start of the statistics period.
    var year: Int? {
        if let title, let m = title.firstMatch(of: OutlinePatterns.year) { return Int(m.output.1) }
        if let m = opening(separator: "\n").firstMatch(of: OutlinePatterns.periodStart) { return Int(m.output.1) }
        return nil
    }

    /// The publishing body: what the title names before the year, else what the introduction
    /// names before the report (`现发布《X 2024年…报告》`).
    var agency: String? {
        if let title, let m = title.firstMatch(of: OutlinePatterns.beforeYear) {
            let name = String(m.output.1).trimming(CharacterSet(charactersIn: " 《"))
            if !name.isEmpty { return name }
        }
        if let m = opening(separator: "\n").firstMatch(of: OutlinePatterns.citedReport) { return String(m.output.1) }
        if let publisher = sourceFields["发布机构"], !publisher.isEmpty { return publisher }
        return nil
    }

    /// The most characters of the opening read: far more than the first 40 lines of a report
    /// printed with line breaks, and a bound on a text extracted without them (one line).
    static let openingLimit = 20_000

    /// The introduction, where a report names itself, its period and the notice it follows:
    /// the first 40 lines, at most `openingLimit` characters of them.
    func opening(separator: String) -> String {
        var out = ""
        for (i, line) in lines.prefix(40).enumerated() {
            if i > 0 { out += separator }
            out += line.prefix(Self.openingLimit)
            if out.isLonger(than: Self.openingLimit) { break }
        }
        return String(out.prefix(Self.openingLimit))
    }

    /// Two parts of a title: no space between ideographs, one otherwise.
    static func glue(_ a: String, _ b: String) -> String {
        guard let last = a.last, let first = b.first else { return a + b }
        return CJK.isIdeograph(last) && CJK.isIdeograph(first) ? a + b : a + " " + b
    }
}

/// The patterns of the title and the introduction, compiled once.
private enum OutlinePatterns {
    nonisolated(unsafe) static let yearAhead: Regex<Substring> = /[0-9]{4}\s*年/
    nonisolated(unsafe) static let year: Regex<(Substring, Substring)> = /([0-9]{4})\s*年/
    nonisolated(unsafe) static let periodStart: Regex<(Substring, Substring)> = /([0-9]{4})\s*年\s*1\s*月\s*1\s*日/
    nonisolated(unsafe) static let beforeYear: Regex<(Substring, Substring)> = /^(.+?)\s*(?:[0-9]{4})\s*年/
    nonisolated(unsafe) static let citedReport: Regex<(Substring, Substring)> = /《([^《》0-9]{2,30}?)\s*[0-9]{4}\s*年[^《》]*报告》/
}
