import IngestKit

/// The rules decide between readings of a table: the reading of the table recovered from the
/// page's layout, and the readings aligned from the section's token stream. Between two
/// readings, the one that breaks fewer identities where both can be checked wins; then the
/// one with more identities holding; then the one that shows more cells. The layout reading
/// is kept on a tie. What the losing readings noted is left out; the winner's notes are kept.
extension AnnualReportSchema {
    /// How a reading stands against the template's identities.
    struct Standing {
        /// Per instance (rule and scope): nil when not every cell is known, else whether it holds.
        var outcomes: [String: Bool?]
        var known: Int

        init(_ identities: [ReportTemplate.Identity], known: Int, value: (ReportTemplate.CellRef) -> Double?) {
            outcomes = Dictionary(identities.map { ("\($0.rule) \($0.scope)", $0.holds(value)) }, uniquingKeysWith: { a, _ in a })
            self.known = known
        }

        /// Whether this reading is better than `other`.
        func beats(_ other: Standing) -> Bool {
            var mine = 0, theirs = 0
            for (key, a) in outcomes {
                guard let a, let b = other.outcomes[key] ?? nil else { continue }
                if !a { mine += 1 }
                if !b { theirs += 1 }
            }
            if mine != theirs { return mine < theirs }
            let holds = outcomes.values.filter { $0 == true }.count, otherHolds = other.outcomes.values.filter { $0 == true }.count
            if holds != otherHolds { return holds > otherHolds }
            return known > other.known
        }
    }

    /// How much less label evidence (about half a label) an alignment may have and still be
    /// as good as the best one.
    static let alignmentMargin = 0.5

    /// Table 三: the layout reading or a template alignment of the section's tokens.
    func bestApplications(_ layout: ApplicationsTable.Values, _ layoutFindings: Findings, outline: ReportOutline,
                          format: ReportFormat, findings: inout Findings) -> (values: ApplicationsTable.Values, expandedRuns: Bool) {
        let tokens = SectionTokens.tokens(outline.lines, outline.bodyRange(.applications) ?? outline.between(.activeDisclosure, .reviewLitigation))
        let candidates = TemplateAlignment(minSimilarity: labelSimilarity).candidates(tokens, format: format)
        func standing(_ values: ApplicationsTable.Values) -> Standing {
            let single = values[ReportTemplate.otherSingle.key] != nil
            let known = values.values.reduce(0) { $0 + $1.filter { $0 != nil }.count }
            return Standing(ReportTemplate.identities(format, singleOther: single), known: known) { cell in
                guard let c = ReportTemplate.applicationColumns.firstIndex(where: { $0.key == cell.column }) else { return nil }
                return values[cell.row]?[c]?.number
            }
        }
        var best: TemplateAlignment.Candidate?
        var bestStanding = standing(layout)
        for candidate in candidates {
            let s = standing(candidate.values)
            // Between two alignments the identities cannot tell apart, the labels decide.
            let tie = best != nil && !bestStanding.beats(s) && candidate.anchored > best!.anchored
            if s.beats(bestStanding) || tie { best = candidate; bestStanding = s }
        }
        guard let best else {
            findings.absorb(layoutFindings)
            return (layout, false)
        }
        findings.note(.info, "table 三 read by aligning the section's labels and numbers to the template's rows: it agrees with the template's identities better than the table recovered from the layout")
        for note in best.notes { findings.note(.warning, note) }
        // Another alignment that the identities judge no worse and the labels nearly as well
        // leaves every cell on which the two differ unsettled.
        var values = best.values
        var unsettled: Set<String> = []
        for other in candidates where other.anchored >= best.anchored - Self.alignmentMargin && !bestStanding.beats(standing(other.values)) {
            for (key, cells) in values {
                for c in cells.indices where cells[c] != nil {
                    let theirs = other.values[key]?[c] ?? nil
                    if let theirs, theirs.number != cells[c]!.number { values[key]![c] = nil; unsettled.insert(key) }
                }
            }
        }
        if !unsettled.isEmpty {
            findings.note(.warning, "table 三: two alignments of labels to numbers fit the template about as well and read \(unsettled.sorted().joined(separator: ", ")) differently; the cells they disagree on are null")
        }
        return (values, best.expandedRuns)
    }

    /// Table 四: the layout reading or the section's numbers read as the template's fifteen
    /// cells.
    func bestReview(_ layout: [String: [String: Double?]], _ layoutFindings: Findings, outline: ReportOutline,
                    findings: inout Findings) -> [String: [String: Double?]] {
        let identities = ReportTemplate.identities(.v2021, singleOther: false).filter { $0.rule == "review_litigation.group_total" }
        func standing(_ groups: [String: [String: Double?]]) -> Standing {
            Standing(identities, known: groups.values.reduce(0) { $0 + $1.values.filter { $0 != nil }.count }) { cell in
                groups[cell.row]?[cell.column] ?? nil
            }
        }
        let tokens = outline.bodyRange(.reviewLitigation).map { SectionTokens.tokens(outline.lines, $0) } ?? []
        guard let (candidate, notes) = Self.reviewCandidate(tokens), standing(candidate).beats(standing(layout)) else {
            findings.absorb(layoutFindings)
            return Self.withoutBrokenGroups(layout, tokens: tokens, identities: identities, findings: &findings)
        }
        findings.note(.info, "table 四 read from the section's numbers in the template's order: it agrees with the group totals better than the table recovered from the layout")
        for note in notes { findings.note(.warning, note) }
        return candidate
    }

    /// A group of the layout reading whose total fails, where the section prints a count of
    /// numbers the template's fifteen cells cannot hold as printed (a number broken apart, a
    /// digit set apart), is a misreading rather than the document's own arithmetic: its cells
    /// are null, and the issue says so.
    static func withoutBrokenGroups(_ layout: [String: [String: Double?]], tokens: [SectionToken],
                                    identities: [ReportTemplate.Identity], findings: inout Findings) -> [String: [String: Double?]] {
        let cells = ReportTemplate.reviewGroups.count * ReportTemplate.reviewResults.count
        let printed = tokens.filter { $0.kind == .number }.count
        guard printed > cells else { return layout }
        var out = layout
        for identity in identities where identity.holds({ layout[$0.row]?[$0.column] ?? nil }) == false {
            for cell in identity.cells {
                out[cell.row]?[cell.column] = .some(nil)
                findings.provenance["tables.review_litigation.\(cell.row).\(cell.column)"] = nil
            }
            findings.note(.warning, "table 四: \(identity.scope) fails its total as read, and the section prints \(printed) numbers for \(cells) cells (a number broken apart or set apart); its cells are null")
        }
        return out
    }

    /// The section's numbers after its first header, as the template's three groups of five
    /// results, the group totals settling runs of equal cells printed once.
    static func reviewCandidate(_ tokens: [SectionToken]) -> ([String: [String: Double?]], [String])? {
        guard let start = tokens.firstIndex(where: { $0.kind == .text && ($0.text.contains("复议") || $0.text.contains("诉讼")) }) else { return nil }
        let numbers = tokens[start...].filter { $0.kind == .number }
        guard !numbers.isEmpty, numbers.allSatisfy({ $0.count != nil }) else { return nil }
        let groups = ReportTemplate.reviewGroups.map(\.key), results = ReportTemplate.reviewResults.map(\.key)
        let size = results.count
        let width = groups.count * size
        let found = RunReadings.readings(numbers.map(\.text), width: width) { cells in
            stride(from: 0, to: cells.count, by: size).allSatisfy { g in cells[g..<(g + size - 1)].reduce(0, +) == cells[g + size - 1] }
        }
        guard !found.readings.isEmpty else { return nil }
        var notes: [String] = []
        if found.mode != .printed {
            notes.append("table 四 prints \(numbers.count) numbers for \(width) cells; read as \(TemplateAlignment.describe(found.mode))")
        }
        var out: [String: [String: Double?]] = [:]
        var open: [String] = []
        for (g, group) in groups.enumerated() {
            var fields: [String: Double?] = [:]
            for (r, result) in results.enumerated() {
                let i = g * size + r
                let first = found.readings[0][i].value
                if found.readings.allSatisfy({ $0[i].value == first }) { fields[result] = Double(first) } else {
                    fields[result] = .some(nil)
                    open.append("\(group).\(result)")
                }
            }
            out[group] = fields
        }
        if !open.isEmpty {
            notes.append("table 四 can be read \(found.readings.count) ways that the group totals all accept; \(open.joined(separator: ", ")) are null")
        }
        return (out, notes)
    }
}

extension AnnualReportSchema {
    /// Table 二: per item, the token stream's reading where it found the item, else the
    /// layout's. Where both read a cell and differ, the token stream's reading (which saw the
    /// row's numbers as printed) is kept and the difference said.
    func bestDisclosure(_ layout: JSONValue, _ layoutFindings: Findings, outline: ReportOutline, format: ReportFormat,
                        collapsesRuns: Bool, findings: inout Findings) -> JSONValue {
        let tokens = outline.bodyRange(.activeDisclosure).map { SectionTokens.tokens(outline.lines, $0) } ?? []
        let aligned = DisclosureAlignment(minSimilarity: labelSimilarity).read(tokens, format: format, collapsesRuns: collapsesRuns,
                                                                            narrative: outline.narrative(.overview) ?? "")
        guard !aligned.values.isEmpty else {
            findings.absorb(layoutFindings)
            return layout
        }
        for note in aligned.notes { findings.note(.warning, note) }
        var out: [String: JSONValue] = [:]
        for item in ReportTemplate.disclosureItems(format) {
            var fields: [String: JSONValue] = [:]
            for field in item.fields {
                let path = "tables.active_disclosure.\(item.key).\(field)"
                let fromLayout = layout[item.key][field].doubleValue
                if let cells = aligned.values[item.key] {
                    if let cell = cells[field] ?? nil {
                        fields[field] = JSONValue(cell.value)
                        findings.provenance[path] = Provenance(page: nil, box: nil, text: cell.token.text, line: cell.token.line)
                        if let fromLayout, fromLayout != cell.value {
                            findings.note(.warning, "table 二: \(item.label) \(field) reads \(ReconciliationRule.format(cell.value)) in the text and \(ReconciliationRule.format(fromLayout)) in the recovered table; the text's reading was kept")
                        }
                    } else {
                        fields[field] = .null
                    }
                } else if let fromLayout {
                    fields[field] = JSONValue(fromLayout)
                    if let p = layoutFindings.provenance[path] { findings.provenance[path] = p }
                } else {
                    fields[field] = .null
                }
                if fields[field] == .null { findings.note(.warning, "table 二: \(item.label) \(field) is not shown or not settled by the document; recorded as null") }
            }
            out[item.key] = .object(fields)
        }
        return .object(out)
    }
}
