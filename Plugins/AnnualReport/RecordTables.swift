import IngestKit

extension AnnualReportSchema {
    /// Which table a row of the 二/三 region belongs to.
    enum Assignment {
        case activeDisclosure
        case applications(RowTerm)
    }

    /// Maps tables 二, 三 and 四 into the record, decides the format, runs the checks.
    /// `printsEveryCell`: the source typesets every cell (a PDF), so no run of equal cells was
    /// printed once. `recognized`: pages of it were read by OCR, so a table failing an identity
    /// is not published as read (`RecognizedConsistency`).
    func mapTables(_ tables: [Table], outline: ReportOutline, printsEveryCell: Bool, recognized: Bool,
                   into record: inout JSONValue, findings: inout Findings) {
        let rows = TableRow.rows(of: tables, outline: outline)
        // Tables read from page geometry (tables of a PDF) are the better reading of the section
        // they cover; the same section read from the text is then left aside.
        let geometry = Set(tables.indices.filter { tables[$0].layout == "geometry" })
        let geometrySections = Set(rows.filter { geometry.contains($0.table) && !$0.numbers.isEmpty }.map(\.section))
        let preferred: (TableRow) -> Bool = { geometry.contains($0.table) || !geometrySections.contains($0.section) }
        let facts = NarrativeFacts(text: outline.narrative(.overview) ?? outline.lines.joined(separator: "\n"))
        var regions: Set<Section?> = [nil, .activeDisclosure, .applications]
        if outline.headings[.activeDisclosure] == nil { regions.insert(.overview) }
        let region = rows.filter { regions.contains($0.section) && preferred($0) }
        let format = reportFormat(region, outline: outline, findings: &findings)
        record.setValue(.string(format.rawValue), at: "report.format")

        let disclosure = ActiveDisclosureTable(minSimilarity: labelSimilarity)
        let applications = ApplicationsTable(minSimilarity: labelSimilarity)
        let assigned = assign(region, format: format, disclosure: disclosure, applications: applications)
        let isItem: (Int) -> Bool = { if case .activeDisclosure = assigned[$0] { true } else { false } }
        var disclosureFindings = Findings()
        let disclosureLayout = disclosure.read(region, isItem: isItem, format: format, findings: &disclosureFindings)
        let terms = assigned.filter { preferred(region[$0.key]) }.compactMapValues { if case .applications(let term) = $0 { term } else { nil } }
        var layoutFindings = Findings()
        var values = applications.read(region, matches: terms, findings: &layoutFindings)
        if fillPinnedCells { RuleFill.fillApplications(&values, findings: &layoutFindings) }
        let chosen = bestApplications(values, layoutFindings, outline: outline, format: format, printsEveryCell: printsEveryCell, findings: &findings)
        values = Self.countsOnly(chosen.values, findings: &findings)
        if recognized {
            let identities = ReportTemplate.identities(format, singleOther: values[ApplicationsVocabulary.otherSingle.key] != nil)
            let columns = ReportTemplate.applicationColumns.map(\.key)
            let found = RecognizedConsistency.inconsistent(identities.filter { $0.cells[0].table == "applications" }) { cell in
                columns.firstIndex(of: cell.column).flatMap { values[cell.row]?[$0]?.number }
            }
            for cell in found.cells { if let c = columns.firstIndex(of: cell.column) { values[cell.row]?[c] = nil } }
            for note in found.notes { findings.note(.warning, note) }
        }
        var disclosed = bestDisclosure(disclosureLayout, disclosureFindings, outline: outline, format: format,
                                       collapsesRuns: chosen.expandedRuns, findings: &findings)
        if recognized {
            for item in ReportTemplate.disclosureItems(format) {
                for field in item.fields where ReportTemplate.nonCountFields.contains(field) {
                    let path = "tables.active_disclosure.\(item.key).\(field)"
                    guard let value = disclosed[item.key][field].doubleValue else { continue }
                    let text = findings.provenance[path]?.text ?? ReconciliationRule.format(value)
                    guard let reason = RecognizedConsistency.ambiguousDisclosure(field: field, text: text) else { continue }
                    disclosed.setValue(.null, at: "\(item.key).\(field)")
                    findings.provenance[path] = nil
                    findings.note(.warning, "table 二: \(item.key).\(field) read by OCR as \(text): \(reason); recorded as null")
                }
            }
        }
        record.setValue(disclosed, at: "tables.active_disclosure")
        record.setValue(ApplicationsTable.record(values, format: format, findings: &findings), at: "tables.applications")

        var reviewRows = rows.filter { $0.section == .reviewLitigation && preferred($0) }
        if reviewRows.isEmpty {
            let named = Set(rows.filter { $0.texts.contains { $0.text.contains("行政复议") } }.map(\.table))
            reviewRows = rows.filter { named.contains($0.table) && $0.section != .applications && preferred($0) }
        }
        var reviewFindings = Findings()
        var review = ReviewLitigationTable(narrativeSettles: narrativeSettles, placesByPosition: !recognized).read(reviewRows, facts: facts, findings: &reviewFindings)
            .objectValue?.mapValues { $0.objectValue?.mapValues(\.doubleValue) ?? [:] } ?? [:]
        review = bestReview(review, reviewFindings, outline: outline, collapsesRuns: chosen.expandedRuns, findings: &findings)
        // Filled after the choice: a group the layout read in part is judged as read (it may be
        // null for being partial), not as completed by its own total.
        if fillPinnedCells { RuleFill.fillReview(&review, findings: &findings) }
        for (group, fields) in review {
            for (field, value) in fields {
                guard let value = value ?? nil, !Self.isCount(value) else { continue }
                review[group]?[field] = .some(nil)
                findings.note(.warning, "table 四: \(group).\(field) reads \(ReconciliationRule.format(value)), which cannot be a count of cases; recorded as null")
            }
        }
        if recognized {
            let found = RecognizedConsistency.inconsistent(Self.reviewIdentities) { review[$0.row]?[$0.column] ?? nil }
            for cell in found.cells {
                review[cell.row]?[cell.column] = .some(nil)
                findings.provenance["tables.review_litigation.\(cell.row).\(cell.column)"] = nil
            }
            for note in found.notes { findings.note(.warning, note) }
        }
        record.setValue(.object(review.mapValues { .object($0.mapValues { JSONValue($0) }) }), at: "tables.review_litigation")

        let inputs = ReconciliationRule.Inputs(
            applications: values.mapValues { $0.map { $0?.number } },
            review: review,
            facts: facts,
            format: format,
            singleOther: values[ApplicationsVocabulary.otherSingle.key] != nil)
        let checks = ReconciliationRule.checks(inputs)
        for check in checks where check.status != .passed {
            findings.note(.warning, "check \(check.rule) \(check.status == .failed ? "failed" : "not verifiable"): \(check.detail)")
        }
        record["checks"] = .array(checks.map(\.json))
    }

    /// The format by table 二's headers; else by the notice the introduction cites; else the
    /// configured default. The two fallbacks are said in `issues`.
    private func reportFormat(_ rows: [TableRow], outline: ReportOutline, findings: inout Findings) -> ReportFormat {
        // Table 二's own rows vote when the section is found: table 三's labels (`本年新收…申请数量`)
        // hold every character of a 2019 header (`本年新公开数量`).
        let disclosure = rows.filter { $0.section == .activeDisclosure }
        if let format = ActiveDisclosureTable.format(of: disclosure.isEmpty ? rows : disclosure) { return format }
        if let format = Self.formatNamed(outline) { return format }
        let opening = outline.opening(separator: "")
        if opening.contains("〔2019〕60") || opening.contains("[2019]60") {
            findings.note(.info, "format 2019 taken from the notice the report cites; table 二 shows no format-specific header")
            return .v2019
        }
        if opening.contains("〔2021〕30") || opening.contains("[2021]30") {
            findings.note(.info, "format 2021 taken from the notice the report cites; table 二 shows no format-specific header")
            return .v2021
        }
        findings.note(.warning, "the format could not be told from table 二 or the cited notice; \(defaultFormat.rawValue) assumed")
        return defaultFormat
    }

    /// Whether a value can be a count of applications or cases: a whole number, not negative,
    /// below a hundred million (a longer digit run is cells run together, not a count).
    static func isCount(_ value: Double) -> Bool {
        value >= 0 && value == value.rounded() && value < 100_000_000
    }

    /// Table 三 with every value that cannot be a count set to null, each said in `issues`.
    static func countsOnly(_ values: ApplicationsTable.Values, findings: inout Findings) -> ApplicationsTable.Values {
        var out = values
        for (key, cells) in values.sorted(by: { $0.key < $1.key }) {
            for (c, cell) in cells.enumerated() {
                guard let cell, !isCount(cell.number) else { continue }
                out[key]?[c] = nil
                findings.note(.warning, "table 三: \(key) \(ReportTemplate.applicationColumns[c].key) reads \(ReconciliationRule.format(cell.number)), which cannot be a count of applications; recorded as null")
            }
        }
        return out
    }

    /// The format whose field headers section 二's text names more of (headers that
    /// extraction ran together with their neighbours still count).
    static func formatNamed(_ outline: ReportOutline) -> ReportFormat? {
        guard let range = outline.bodyRange(.activeDisclosure) else { return nil }
        let core = LabelText.core(outline.lines[range].joined())
        var votes: [ReportFormat: Int] = [:]
        for field in ReportTemplate.disclosureFields {
            if let format = field.format, core.contains(LabelText.core(field.header)) { votes[format, default: 0] += 1 }
        }
        guard let best = votes.max(by: { $0.value < $1.value }), votes.values.filter({ $0 == best.value }).count == 1 else { return nil }
        return best.key
    }

    /// Gives each number row of the 二/三 region to the table whose vocabulary its label is
    /// closest to (the row's section breaks near ties), or to neither.
    private func assign(_ rows: [TableRow], format: ReportFormat, disclosure: ActiveDisclosureTable,
                        applications: ApplicationsTable) -> [Int: Assignment] {
        var out: [Int: Assignment] = [:]
        var context = GroupContext()
        for (i, row) in rows.enumerated() {
            let after = ApplicationsTable.context(after: row, current: context)
            defer { context = after }
            guard !row.numbers.isEmpty, let leaf = row.leaf else { continue }
            let item = disclosure.item(for: leaf.text, format: format)
            let term = applications.match(leaf.text, context: after.group)
            let s2 = (item?.1 ?? 0) + (row.section == .activeDisclosure ? 0.1 : 0)
            let s3 = (term?.1 ?? 0) + (row.section == .applications ? 0.1 : 0)
            if s2 >= s3, (item?.1 ?? 0) >= labelSimilarity {
                out[i] = .activeDisclosure
            } else if let term, term.1 >= labelSimilarity {
                out[i] = .applications(term.0)
            }
        }
        return out
    }
}
