import IngestKit

/// Table 三 (收到和处理政府信息公开申请情况): rows mapped by label on meaning against the
/// format's closed vocabulary, columns by their headers.
///
/// A label is scored by closeness of its core to each row of the vocabulary, helped by its
/// numbering (`（三）`, `2.`) and by the group the rows above opened (`（三）不予公开` makes
/// `2.` mean 三(三)2), so typos, wrapped labels and extra label cells do not move a row. A
/// row not found is null with an issue; nothing is filled by position.
struct ApplicationsTable: Sendable {
    var minSimilarity: Double

    /// The values read: row key → seven cells (nil where not shown).
    typealias Values = [String: [CellValue?]]

    /// The best vocabulary row for a label, with its score.
    func match(_ label: String, context: String?) -> (RowTerm, Double)? {
        let core = LabelText.core(label)
        guard !core.isEmpty else { return nil }
        let numbering = LabelText.numbering(label)
        return ApplicationsVocabulary.candidates.map { ($0, Self.score($0, core: core, numbering: numbering, context: context)) }
            .max { $0.1 < $1.1 }
    }

    /// How well a label (its core and numbering) names a row of the template, given the
    /// group in force above it: closeness of the cores, helped or hurt by each numbering that
    /// agrees or disagrees (0 … about 1.3). The one measure every reading of table 三 uses.
    static func score(_ term: RowTerm, core: String, numbering: LabelText.Numbering, context: String?) -> Double {
        score(term, similarity: similarity(term, core: core), numbering: numbering, context: context)
    }

    /// How close a label's core is to a row's label or one of its short forms (0 … 1): the
    /// part of `score` that depends on the label's words alone.
    static func similarity(_ term: RowTerm, core: String) -> Double {
        term.shortForms.reduce(LabelText.similarity(core, term.label)) { max($0, LabelText.similarity(core, $1)) }
    }

    /// `score` with the closeness of the cores already worked out.
    static func score(_ term: RowTerm, similarity: Double, numbering: LabelText.Numbering, context: String?) -> Double {
        var s = similarity
        func agree(_ expected: String?, _ seen: String?) {
            guard let expected, let seen else { return }
            s += expected == seen ? 0.15 : -0.3
        }
        if let index = term.index, let seen = numbering.index { s += index == seen ? 0.15 : -0.3 }
        // A group heading (`（六）其他处理`) is not one of its numbered sub-rows, even where it
        // shares all its words (`（六）其他` and `3.其他`).
        if term.index != nil, numbering.index == nil, numbering.paren != nil { s -= 0.6 }
        if term.group != nil { agree(term.group, context) }
        agree(term.paren, numbering.paren)
        agree(term.top, numbering.top)
        return s
    }

    /// The group in force after a row (`GroupContext`). A cell may hold several labels of
    /// merged cells, outermost first, joined by `/` or by the spaces of a text layout.
    static func context(after row: TableRow, current: GroupContext) -> GroupContext {
        var context = current
        for label in row.texts.flatMap({ $0.text.split(whereSeparator: { $0 == "/" || $0 == " " }) }) {
            context.read(LabelText.numbering(String(label)))
        }
        return context
    }

    /// The grid column of each applicant column, per table, when the header rows name every
    /// one in a cell of its own; absent otherwise (the template's order applies).
    static func headerColumns(_ headers: [TableRow]) -> [Int: [String: Int]] {
        var found: [Int: [String: Int]] = [:]
        for row in headers {
            for cell in row.texts {
                let core = LabelText.core(cell.text)
                if let column = ApplicationsVocabulary.columns.first(where: { $0.header == core }) {
                    found[row.table, default: [:]][column.key] = cell.column
                }
            }
        }
        return found.filter { $0.value.count == 7 && Set($0.value.values).count == 7 }
    }

    /// Reads the rows that `matches` assigned to table 三.
    func read(_ rows: [TableRow], matches: [Int: RowTerm], findings: inout Findings) -> Values {
        let headers = rows.enumerated().filter { $0.element.numbers.isEmpty && matches[$0.offset] == nil }.map(\.element)
        let headerColumns = Self.headerColumns(headers)
        var values: Values = [:]
        for (i, row) in rows.enumerated() {
            guard let term = matches[i] else { continue }
            if values[term.key] != nil {
                findings.note(.warning, "table 三: a second row reads as \(term.key) (\(row.leaf?.text ?? "")); the first was kept")
                continue
            }
            values[term.key] = cells(of: row, key: term.key, header: headerColumns[row.table], findings: &findings)
        }
        return values
    }

    /// A row's seven cells: by header column where the header names every column and the
    /// row's numbers sit under it; else, when the row shows exactly seven numbers, in the
    /// header's (or the template's) order; else null, with an issue.
    private func cells(of row: TableRow, key: String, header: [String: Int]?, findings: inout Findings) -> [CellValue?] {
        let keys = ApplicationsVocabulary.columns.map(\.key)
        let numbers = row.numbers
        let value = { (cell: Cell) in CellValue(number: LabelText.number(cell.text)!, cell: cell) }
        if let header, numbers.allSatisfy({ n in header.values.contains(n.column) }) {
            let byColumn = Dictionary(numbers.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
            let cells = keys.map { byColumn[header[$0]!].map(value) }
            let blank = keys.indices.filter { cells[$0] == nil }.map { keys[$0] }
            if !blank.isEmpty { findings.note(.warning, "table 三: row \(key) shows nothing under \(blank.joined(separator: ", ")); those cells are null") }
            return cells
        }
        guard numbers.count == keys.count else {
            findings.note(.warning, "table 三: row \(key) shows \(numbers.count) numbers instead of \(keys.count) and no header places them; its cells are null")
            return Array(repeating: nil, count: keys.count)
        }
        let order = header.map { h in keys.sorted { h[$0]! < h[$1]! } } ?? keys
        var cells = [CellValue?](repeating: nil, count: keys.count)
        for (n, key) in zip(numbers, order) { cells[keys.firstIndex(of: key)!] = value(n) }
        return cells
    }

    /// The record's `tables.applications`, nulls and issues for rows not found.
    static func record(_ values: Values, format: ReportFormat, findings: inout Findings) -> JSONValue {
        let keys = ApplicationsVocabulary.columns.map(\.key)
        let single = values[ApplicationsVocabulary.otherSingle.key] != nil
        var terms = ApplicationsVocabulary.rows(format)
        if format == .v2021, single {
            terms.append(ApplicationsVocabulary.otherSingle)
            findings.note(.info, "table 三 prints 三(六) as one row: recorded as other_processing; other_no_correction, other_fee_unpaid and other_other are null")
        }
        var rows: [String: JSONValue] = [:]
        var missing: [String] = []
        for term in terms {
            let cells = values[term.key]
            if cells == nil, !(single && term.group == "六") { missing.append(term.key) }
            rows[term.key] = .array((0..<keys.count).map { c in
                guard let value = cells?[c] else { return .null }
                if let cell = value.cell { findings.cite("tables.applications.rows.\(term.key)[\(c)]", cell) }
                return JSONValue(value.number)
            })
        }
        if !missing.isEmpty {
            findings.note(.warning, "table 三: rows not found in the document (a lost page or an unreadable label): \(missing.joined(separator: ", ")); their cells are null")
        }
        return .object(["columns": .array(keys.map(JSONValue.string)), "rows": .object(rows)])
    }
}

/// The group of table 三 (`三` of `（三）`) in force as its labels are read in order: a
/// top-level label closes it, a parenthesised one opens its own, and a sub-row numbering that
/// starts again at 1 after a higher one opens the next group of numbered sub-rows, its heading
/// lost (a vertical label OCR garbled: `于 处理”` for `（五）不予处理`).
struct GroupContext: Equatable {
    private(set) var group: String?
    private var lastIndex: Int?

    init(_ group: String? = nil) { self.group = group }

    mutating func read(_ numbering: LabelText.Numbering) {
        if numbering.top != nil { (group, lastIndex) = (nil, nil) }
        if let paren = numbering.paren { (group, lastIndex) = (paren, nil) }
        guard let index = numbering.index else { return }
        if index == 1, let last = lastIndex, last > 1, let current = group,
           let k = Self.numberedGroups.firstIndex(of: current), k + 1 < Self.numberedGroups.count {
            group = Self.numberedGroups[k + 1]
        }
        lastIndex = index
    }

    /// The groups whose rows are numbered sub-rows, in the printed order.
    static let numberedGroups: [String] = ReportTemplate.everyApplicationRow.compactMap(\.group)
        .reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
}
