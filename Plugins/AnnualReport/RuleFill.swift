/// Fills a cell the document does not show where a reconciliation rule pins it down
/// uniquely: in a row of parts and their total where exactly one of them is missing.
/// Every fill is said in `issues`; nothing is filled where two or more are missing.
enum RuleFill {
    /// The one missing entry of `parts + [total]` (total last), or nil when not exactly one
    /// is missing or nothing else is known.
    static func pinned(_ values: [Double?]) -> (index: Int, value: Double)? {
        let missing = values.indices.filter { values[$0] == nil }
        guard missing.count == 1, values.count > 1, let index = missing.first else { return nil }
        let known = values.compactMap { $0 }
        let total = values.last!
        if index == values.count - 1 { return (index, known.reduce(0, +)) }
        return (index, total! - known.dropLast().reduce(0, +))
    }

    /// Fills table 三 rows that show all but one cell, by `applications.row_total`.
    static func fillApplications(_ values: inout ApplicationsTable.Values, findings: inout Findings) {
        let columns = ApplicationsVocabulary.columns.map(\.key)
        for (key, cells) in values.sorted(by: { $0.key < $1.key }) where cells.contains(where: { $0 != nil }) {
            guard let (index, value) = pinned(cells.map { $0?.number }), value >= 0 else { continue }
            values[key]?[index] = CellValue(number: value, cell: nil)
            findings.note(.info, "table 三: \(key) \(columns[index]) is not shown; filled as \(ReconciliationRule.format(value)) because applications.row_total pins it")
        }
    }

    /// Fills table 四 groups that show all but one cell, by `review_litigation.group_total`.
    static func fillReview(_ groups: inout [String: [String: Double?]], findings: inout Findings) {
        let results = ReviewLitigationVocabulary.results.map(\.key)
        for (group, fields) in groups.sorted(by: { $0.key < $1.key }) {
            let cells = results.map { fields[$0] ?? nil }
            guard cells.contains(where: { $0 != nil }), let (index, value) = pinned(cells), value >= 0 else { continue }
            groups[group]?[results[index]] = value
            findings.note(.info, "table 四: \(group) \(results[index]) is not shown; filled as \(ReconciliationRule.format(value)) because review_litigation.group_total pins it")
        }
    }
}
