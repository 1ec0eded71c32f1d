import IngestKit

/// Tables read by OCR that fail an identity of the template.
///
/// A report typeset by its agency prints its own arithmetic, right or wrong, and the record
/// keeps what it prints (the failed check says so). A table read by OCR is another matter: a
/// failed total there is far more often a digit the recognition lost or took for another than
/// the agency's own error, so its cells are not published as read. Where one cell explains
/// every identity that fails — it stands in all of them, and one value of it makes all of them
/// hold and breaks none that holds — that cell alone is null; otherwise every cell of each
/// failing identity is. Each is said in `issues`.
enum RecognizedConsistency {
    /// What to null: the cells, and an issue for each reason.
    struct Outcome: Equatable {
        var cells: Set<ReportTemplate.CellRef> = []
        var notes: [String] = []
    }

    static func inconsistent(_ identities: [ReportTemplate.Identity],
                             value: (ReportTemplate.CellRef) -> Double?) -> Outcome {
        let failing = identities.filter { $0.holds(value) == false }
        guard let first = failing.first else { return Outcome() }
        var out = Outcome()
        let shared = failing.dropFirst().reduce(Set(first.cells)) { $0.intersection($1.cells) }
        let culprits = shared.filter { value($0) != nil }.compactMap { cell -> (ReportTemplate.CellRef, Double)? in
            guard let needed = neededValue(of: cell, in: first, value: value), needed >= 0 else { return nil }
            func changed(_ c: ReportTemplate.CellRef) -> Double? { c == cell ? needed : value(c) }
            let touching = identities.filter { $0.cells.contains(cell) }
            return touching.allSatisfy { $0.holds(changed) != false } ? (cell, needed) : nil
        }
        if culprits.count == 1, let (cell, _) = culprits.first {
            out.cells = [cell]
            let rules = failing.map { "\($0.rule) in \($0.scope)" }.joined(separator: ", ")
            out.notes.append("\(tableName(cell)): \(cell) reads \(ReconciliationRule.format(value(cell)!)), and \(rules) fail with it "
                + "while every other cell as read meets them: read by OCR, it is taken for a misreading and recorded as null")
            return out
        }
        for identity in failing {
            let read = identity.cells.filter { value($0) != nil }
            out.cells.formUnion(read)
            out.notes.append("\(tableName(identity.cells[0])): \(identity.rule) fails in \(identity.scope) "
                + "(\(sides(identity, value: value))); read by OCR, a failed total is more likely a misreading than the report's own, "
                + "so its \(read.count) cells are recorded as null")
        }
        return out
    }

    /// The value `cell` must have for `identity` to hold, the other cells as read (nil when one
    /// of them is unknown).
    static func neededValue(of cell: ReportTemplate.CellRef, in identity: ReportTemplate.Identity,
                            value: (ReportTemplate.CellRef) -> Double?) -> Double? {
        var left = 0.0, right = 0.0
        for c in identity.left where c != cell { guard let v = value(c) else { return nil }; left += v }
        for c in identity.right where c != cell { guard let v = value(c) else { return nil }; right += v }
        return identity.left.contains(cell) ? right - left : left - right
    }

    private static func sides(_ identity: ReportTemplate.Identity, value: (ReportTemplate.CellRef) -> Double?) -> String {
        func sum(_ cells: [ReportTemplate.CellRef]) -> Double { cells.reduce(0.0) { $0 + (value($1) ?? 0) } }
        return "\(ReconciliationRule.format(sum(identity.left))) ≠ \(ReconciliationRule.format(sum(identity.right)))"
    }

    private static func tableName(_ cell: ReportTemplate.CellRef) -> String {
        cell.table == "applications" ? "table 三" : "table 四"
    }

    /// Why table 二's value as OCR printed it (`text`) cannot be told from another, or nil:
    /// in a column of signed changes (`本年增/减`, printed `+8`, `-6`) an unsigned number
    /// opening with `4` may be a `+` read as `4` (`+8` → `48`); an amount of money (`万元`)
    /// of several digits and no decimal point may have lost its point, the smallest mark on the
    /// page (`40.77` → `4077`).
    static func ambiguousDisclosure(field: String, text: String) -> String? {
        let digits = text.filter(\.isASCII).filter(\.isNumber)
        let signed = text.contains { $0 == "+" || $0 == "-" || $0 == "＋" || $0 == "－" }
        switch field {
        case "change" where !signed && digits.count >= 2 && digits.first == "4":
            return "an unsigned change opening with 4, which OCR also reads for a plus sign"
        case "amount" where !text.contains(".") && digits.count >= 2:
            return "an amount of \(digits.count) digits and no decimal point, which OCR loses first"
        default:
            return nil
        }
    }
}
