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
        return ApplicationsVocabulary.candidates(.v2021).map { ($0, score($0, core: core, numbering: numbering, context: context)) }
            .max { $0.1 < $1.1 }
    }

    private func score(_ term: RowTerm, core: String, numbering: LabelText.Numbering, context: String?) -> Double {
        var s = ([term.text] + term.shortForms).map { LabelText.similarity(core, $0) }.max() ?? 0
        func agree(_ expected: String?, _ seen: String?) {
            guard let expected, let seen else { return }
            s += expected == seen ? 0.15 : -0.3
        }
        if let index = term.index, let seen = numbering.index { s += index == seen ? 0.15 : -0.3 }
        if term.group != nil { agree(term.group, context) }
        agree(term.paren, numbering.paren)
        agree(term.top, numbering.top)
        return s
    }

    /// The group (`三` of `（三）`) in force after a row: a top-level label closes it, a
    /// parenthesised one opens its own.
    static func context(after row: TableRow, current: String?) -> String? {
        var context = current
        for cell in row.texts {
            let numbering = LabelText.numbering(cell.text)
            if numbering.top != nil { context = nil }
            if let paren = numbering.paren { context = paren }
        }
        return context
    }

    /// The column order the header rows print (record keys), when every column header is
    /// found in a cell of its own; nil otherwise (the template's order applies).
    static func columnOrder(headers: [TableRow]) -> [String]? {
        var columns: [String: Int] = [:]
        for row in headers {
            for cell in row.texts {
                let core = LabelText.core(cell.text)
                if let column = ApplicationsVocabulary.columns.first(where: { $0.header == core }) { columns[column.key] = cell.column }
            }
        }
        guard columns.count == 7, Set(columns.values).count == 7 else { return nil }
        return columns.sorted { $0.value < $1.value }.map(\.key)
    }

    /// Reads the rows that `matches` assigned to table 三.
    func read(_ rows: [TableRow], matches: [Int: RowTerm], findings: inout Findings) -> Values {
        let keys = ApplicationsVocabulary.columns.map(\.key)
        let headers = rows.enumerated().filter { $0.element.numbers.isEmpty && matches[$0.offset] == nil }.map(\.element)
        let order = Self.columnOrder(headers: headers) ?? keys
        if order != keys { findings.note(.info, "table 三: columns are printed in the order \(order.joined(separator: ", ")); mapped by header") }
        var values: Values = [:]
        for (i, row) in rows.enumerated() {
            guard let term = matches[i] else { continue }
            if values[term.key] != nil {
                findings.note(.warning, "table 三: a second row reads as \(term.key) (\(row.leaf?.text ?? "")); the first was kept")
                continue
            }
            let numbers = row.numbers
            guard numbers.count == keys.count else {
                findings.note(.warning, "table 三: row \(term.key) shows \(numbers.count) numbers instead of \(keys.count); its cells are null")
                values[term.key] = Array(repeating: nil, count: keys.count)
                continue
            }
            var cells = [CellValue?](repeating: nil, count: keys.count)
            for (n, key) in zip(numbers, order) {
                cells[keys.firstIndex(of: key)!] = CellValue(number: LabelText.number(n.text)!, cell: n)
            }
            values[term.key] = cells
        }
        return values
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
