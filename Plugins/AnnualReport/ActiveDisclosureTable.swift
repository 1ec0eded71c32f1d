import IngestKit

/// Table 二 (主动公开政府信息情况): decides the format from its column headers and maps its
/// item rows by label and their numbers by the header row above them.
struct ActiveDisclosureTable: Sendable {
    var minSimilarity: Double

    /// Each field's header, as a core.
    static let headerCores = ActiveDisclosureVocabulary.fields.map { (key: $0.key, header: LabelText.core($0.header)) }

    /// The fields a header cell names, in the order it names them (a cell that extraction
    /// merged with its neighbours may name several).
    static func fields(in cell: Cell) -> [String] {
        let core = LabelText.core(cell.text)
        guard !core.isEmpty else { return [] }
        let exact = Self.headerCores.compactMap { key, header -> (String, Int)? in
            core.byteRange(of: header).map { (key, $0.lowerBound) }
        }
        if exact.count > 1 { return exact.sorted { $0.1 < $1.1 }.map(\.0) }
        let best = Self.headerCores.map { ($0.key, LabelText.coverage(of: $0.header, in: core)) }.max { $0.1 < $1.1 }
        return best.map { $0.1 >= 0.75 ? [$0.0] : [] } ?? []
    }

    /// The format table 二's headers belong to, or nil when no header names a format-specific
    /// field.
    static func format(of rows: [TableRow]) -> ReportFormat? {
        var votes: [ReportFormat: Int] = [:]
        let specific = Dictionary(ActiveDisclosureVocabulary.fields.map { ($0.key, $0.format) }, uniquingKeysWith: { a, _ in a })
        for row in rows where row.numbers.isEmpty {
            for cell in row.texts {
                for field in fields(in: cell) where field != "decisions" { votes[specific[field]!, default: 0] += 1 }
            }
        }
        return votes.max { $0.value < $1.value }?.key
    }

    /// How well a label names an item of the format (0…1), and the item; nil where it names
    /// two items equally well.
    func item(for label: String, format: ReportFormat) -> (ActiveDisclosureVocabulary.Item, Double)? {
        let core = LabelText.core(label)
        return LabelText.closest(ActiveDisclosureVocabulary.items(format).map { ($0, LabelText.similarity(core, $0.label)) })
    }

    /// What the layout reads: the table's values, and, by line, the rows of numbers (labelled
    /// or not) that show a blank cell before one of their numbers, with the field of the
    /// header column each number stands under (an empty column under a header, left of a
    /// number: a layout that dropped blank cells could not print that, so the columns are the
    /// row's own).
    struct Reading: Sendable {
        var values: JSONValue
        var blanksShown: [Int: [(field: String, cell: Cell)]]
    }

    /// Reads the items from `rows` (those `isItem` accepts), headers from every row above them.
    func read(_ rows: [TableRow], isItem: (Int) -> Bool, format: ReportFormat, findings: inout Findings) -> Reading {
        var header: [(column: Int?, field: String)] = []
        var values: [String: [String: CellValue]] = [:]
        var blanksShown: [Int: [(field: String, cell: Cell)]] = [:]
        // The cells of the rows without numbers just above, joined per column: a header whose
        // cells wrap over lines (`上一年` / `项目数量`).
        var above: [Int: Cell] = [:]
        for (i, row) in rows.enumerated() {
            if row.numbers.isEmpty {
                var joined = above
                for cell in row.texts {
                    var whole = cell
                    if let start = above[cell.column] { whole.text = start.text + cell.text }
                    joined[cell.column] = whole
                }
                above = joined
                let name = { (cells: [Cell]) in cells.map { cell in (cell, Self.fields(in: cell)) }.filter { !$0.1.isEmpty } }
                let alone = name(row.texts)
                let wrapped = name(joined.values.sorted { $0.column < $1.column })
                let named = wrapped.count >= alone.count ? wrapped : alone
                if !named.isEmpty {
                    header = named.flatMap { cell, fields in fields.map { (fields.count == 1 ? cell.column : nil, $0) } }
                }
                continue
            }
            above = [:]
            let placed = row.numbers.compactMap { n in header.first { $0.column == n.column }.map { (field: $0.field, cell: n) } }
            let lines = Set(row.numbers.map(\.line))
            if placed.count == row.numbers.count, lines.count == 1, let line = lines.first, let line,
               let last = placed.map(\.cell.column).max(), header.contains(where: { h in h.column.map { $0 < last && !placed.contains { $0.cell.column == h.column } } ?? false }) {
                blanksShown[line] = placed
            }
            guard isItem(i), let label = row.leaf, let (item, _) = item(for: label.text, format: format),
                  values[item.key] == nil else { continue }
            values[item.key] = assign(row.places, item: item, header: header, findings: &findings)
        }
        var out: [String: JSONValue] = [:]
        for item in ActiveDisclosureVocabulary.items(format) {
            var fields: [String: JSONValue] = [:]
            for field in item.fields {
                let path = "tables.active_disclosure.\(item.key).\(field)"
                if let value = values[item.key]?[field] {
                    fields[field] = JSONValue(value.number)
                    if let cell = value.cell { findings.cite(path, cell) }
                } else {
                    fields[field] = .null
                    findings.note(.warning, "table 二: \(item.label) \(field) is not shown in the document; recorded as null")
                }
            }
            out[item.key] = .object(fields)
        }
        return Reading(values: .object(out), blanksShown: blanksShown)
    }

    /// Puts a row's numbers under the fields of the header above: by column where the header
    /// cells line up with the numbers, else in order.
    /// `numbers`: the row's places (`TableRow.places`), a number OCR could not read among them
    /// (`⍰`) standing in its column, null.
    private func assign(_ numbers: [Cell], item: ActiveDisclosureVocabulary.Item,
                        header: [(column: Int?, field: String)], findings: inout Findings) -> [String: CellValue] {
        let known = header.filter { item.fields.contains($0.field) }
        var out: [String: CellValue] = [:]
        let byColumn = numbers.allSatisfy { n in known.contains { $0.column == n.column } }
        if byColumn, !known.isEmpty {
            for n in numbers { if let f = known.first(where: { $0.column == n.column }) { out[f.field] = value(n) } }
            return out
        }
        let fields = known.isEmpty ? item.fields : known.map(\.field)
        // In order only where every column has its number: with fewer, which column is blank
        // is not shown (and with more, which number is not the item's); and only under a
        // header that names all the item's columns or none (a number under a column the header
        // does not name is not the named column's).
        guard numbers.count == fields.count, known.isEmpty || Set(fields) == Set(item.fields) else {
            findings.note(.warning, "table 二: \(item.label) prints \(numbers.count) numbers under \(fields.count) columns that do not line up with them; its cells are null")
            return [:]
        }
        if known.isEmpty {
            findings.note(.info, "table 二: no column header above \(item.label); its numbers were read in the template's column order")
        }
        for (n, field) in zip(numbers, fields) { out[field] = value(n) }
        return out
    }

    /// The cell's number, nil for a number that could not be read.
    private func value(_ cell: Cell) -> CellValue? {
        LabelText.number(cell.text).map { CellValue(number: $0, cell: cell) }
    }
}
