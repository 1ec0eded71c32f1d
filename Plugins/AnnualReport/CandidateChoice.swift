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

        /// The identities each reading breaks, counted where both can be checked.
        func failures(beside other: Standing) -> (mine: Int, theirs: Int) {
            var mine = 0, theirs = 0
            for (key, a) in outcomes {
                guard let a, let b = other.outcomes[key] ?? nil else { continue }
                if !a { mine += 1 }
                if !b { theirs += 1 }
            }
            return (mine, theirs)
        }

        /// Whether this reading is better than `other`.
        func beats(_ other: Standing) -> Bool {
            let (mine, theirs) = failures(beside: other)
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
                          format: ReportFormat, printsEveryCell: Bool, findings: inout Findings) -> (values: ApplicationsTable.Values, expandedRuns: Bool) {
        let tokens = SectionTokens.tokens(outline.lines, outline.bodyRange(.applications) ?? outline.between(.activeDisclosure, .reviewLitigation))
        let runs = TemplateAlignment.runs(tokens)
        let candidates = TemplateAlignment(minSimilarity: labelSimilarity, expandsRuns: !printsEveryCell).candidates(runs, format: format)
        let identities = [false, true].map { ReportTemplate.identities(format, singleOther: $0) }
        let column = Dictionary(ReportTemplate.applicationColumns.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        func standing(_ values: ApplicationsTable.Values) -> Standing {
            let single = values[ReportTemplate.otherSingle.key] != nil
            let known = values.values.reduce(0) { $0 + $1.filter { $0 != nil }.count }
            return Standing(identities[single ? 1 : 0], known: known) { cell in
                guard let c = column[cell.column] else { return nil }
                return values[cell.row]?[c]?.number
            }
        }
        // The alignments first, among themselves: between two that break as many identities,
        // the labels decide (an alignment that checks more identities because it put rows where
        // their labels do not stand is not the better one); only labels about as good leave it
        // to the identities that hold. Then the best alignment against the layout reading.
        let layoutStanding = standing(layout)
        let standings = candidates.map { standing($0.values) }
        var best: TemplateAlignment.Candidate?
        var bestStanding = layoutStanding
        for (candidate, s) in zip(candidates, standings) {
            guard let current = best else { best = candidate; bestStanding = s; continue }
            let (mine, theirs) = s.failures(beside: bestStanding)
            let better = mine != theirs ? mine < theirs
                : abs(candidate.anchored - current.anchored) > Self.alignmentMargin ? candidate.anchored > current.anchored
                : s.beats(bestStanding) || !bestStanding.beats(s) && candidate.anchored > current.anchored
            if better { best = candidate; bestStanding = s }
        }
        let aligned = best
        if best != nil, !bestStanding.beats(layoutStanding) { best = nil }
        guard let best else {
            findings.absorb(layoutFindings)
            var kept = Self.withoutBrokenRows(layout, runs: runs, findings: &findings)
            // The layout kept, a row whose cells the best alignment reads otherwise, where the
            // alignment's row meets its total, is not settled by either reading.
            if let aligned {
                var differ: [String] = []
                for (key, cells) in kept {
                    guard let theirs = aligned.values[key], theirs.allSatisfy({ $0 != nil }),
                          theirs.dropLast().reduce(0, { $0 + $1!.number }) == theirs.last!!.number,
                          cells.indices.contains(where: { c in cells[c].map { $0.number != theirs[c]!.number } ?? false }) else { continue }
                    kept[key] = Array(repeating: nil, count: cells.count)
                    differ.append(key)
                }
                if !differ.isEmpty {
                    findings.note(.warning, "table 三: the table recovered from the layout and the alignment of labels to numbers read \(differ.sorted().joined(separator: ", ")) differently, and the alignment's reading meets the row's total; those rows are null")
                }
                // The numbers of a line that the alignment places under another row's label (a
                // wrapped label whose lines the layout attached to the wrong neighbour): which
                // row they are is not settled.
                var alignedRows: [Int: Set<String>] = [:]
                for (key, cells) in aligned.values { for cell in cells { if let line = cell?.cell?.line { alignedRows[line, default: []].insert(key) } } }
                var moved: [String] = []
                for (key, cells) in kept {
                    let others = Set(cells.compactMap { $0?.cell?.line }).reduce(into: Set<String>()) { $0.formUnion(alignedRows[$1] ?? []) }
                    guard !others.isEmpty, !others.contains(key), let other = others.sorted().first else { continue }
                    kept[key] = Array(repeating: nil, count: cells.count)
                    moved.append("\(key) (the alignment's \(other))")
                }
                if !moved.isEmpty {
                    findings.note(.warning, "table 三: the table recovered from the layout and the alignment of labels to numbers place the same printed numbers under different rows: \(moved.sorted().joined(separator: ", ")); those rows are null")
                }
                // A row whose label the text shows between two runs of numbers that the rows
                // around do not settle: a text layout gave it one of them by where it attaches
                // label lines, which is not evidence (a page's geometry, which boxes the label
                // beside its numbers, is).
                let guessed = aligned.contested.filter { key in kept[key]?.contains { $0 != nil && $0?.cell?.box == nil } ?? false }.sorted()
                for key in guessed { kept[key] = Array(repeating: nil, count: kept[key]!.count) }
                if !guessed.isEmpty {
                    findings.note(.warning, "table 三: the labels of \(guessed.joined(separator: ", ")) stand between two runs of numbers that the rows around them do not settle; the table recovered from the text's layout gave each one of them, so they are null")
                }
            }
            return (kept, false)
        }
        findings.note(.info, "table 三 read by aligning the section's labels and numbers to the template's rows: it agrees with the template's identities better than the table recovered from the layout")
        for note in best.notes { findings.note(.warning, note) }
        // Another alignment that the identities judge no worse and the labels nearly as well,
        // or that the identities judge better where the labels chose this one, leaves every
        // cell on which the two differ unsettled.
        var values = best.values
        var unsettled: Set<String> = []
        for (other, theirs) in zip(candidates, standings) {
            guard other.anchored >= best.anchored - Self.alignmentMargin && !bestStanding.beats(theirs) || theirs.beats(bestStanding) else { continue }
            for (key, cells) in values {
                for c in cells.indices where cells[c] != nil {
                    let theirs = other.values[key]?[c] ?? nil
                    if let theirs, theirs.number != cells[c]!.number { values[key]![c] = nil; unsettled.insert(key) }
                }
            }
        }
        if !unsettled.isEmpty {
            findings.note(.warning, "table 三: another alignment of labels to numbers fits the template about as well (or its identities better) and reads \(unsettled.sorted().joined(separator: ", ")) differently; the cells they disagree on are null")
        }
        return (values, best.expandedRuns)
    }

    /// A row of the layout reading where the text shows, on the line below its numbers and
    /// with no label, the ends of numbers broken under their columns, and the layout's cells
    /// are not those numbers joined under their columns: the layout read the heads alone (a
    /// head can meet the row's total as well as the whole number: `1 … 1` for `12 … 12`), so
    /// the row is null, and the issue says so.
    static func withoutBrokenRows(_ layout: ApplicationsTable.Values, runs: [TemplateAlignment.Run],
                                  findings: inout Findings) -> ApplicationsTable.Values {
        var out = layout
        let width = ReportTemplate.applicationColumns.count
        for (key, cells) in layout {
            let values = cells.compactMap { $0?.number }
            guard values.count == width else { continue }
            let lines = Set(cells.compactMap { $0?.cell?.line })
            guard let run = runs.first(where: { lines.contains($0.tokens[0].line) }), !run.tails.isEmpty else { continue }
            // The layout read the numbers joined as their columns place the ends, and the row's
            // total confirms the joining.
            if let joined = TemplateAlignment.joiningTails(run), joined.map({ $0.count.map(Double.init) }) == values.map(Optional.some),
               values.dropLast().reduce(0, +) == values.last { continue }
            let tail = TemplateAlignment.describeTails(run)
            out[key] = Array(repeating: nil, count: width)
            findings.note(.warning, "table 三: row \(key) reads \(values.map(ReconciliationRule.format).joined(separator: " ")) in the recovered table, and the line below its numbers prints \(tail) with no label: the ends of numbers broken under their columns; its cells are null")
        }
        return out
    }

    /// Table 四's identities (its group totals, the same in every format).
    static let reviewIdentities = ReportTemplate.identities(.v2021, singleOther: false).filter { $0.rule == "review_litigation.group_total" }

    /// Table 四: the layout reading or the section's numbers read as the template's fifteen
    /// cells.
    func bestReview(_ layout: [String: [String: Double?]], _ layoutFindings: Findings, outline: ReportOutline,
                    collapsesRuns: Bool, findings: inout Findings) -> [String: [String: Double?]] {
        let identities = Self.reviewIdentities
        func standing(_ groups: [String: [String: Double?]]) -> Standing {
            Standing(identities, known: groups.values.reduce(0) { $0 + $1.values.filter { $0 != nil }.count }) { cell in
                groups[cell.row]?[cell.column] ?? nil
            }
        }
        let tokens = outline.bodyRange(.reviewLitigation).map { SectionTokens.tokens(outline.lines, $0) } ?? []
        let read = Self.reviewCandidate(tokens, collapsesRuns: collapsesRuns)
        // The section's numbers as printed, in the template's order, against a layout reading
        // the totals judge no better: the printed order wins, because a layout that put a
        // number under the wrong header can still meet a total (0 and 2 trade places).
        let wins = read.map { r in
            let mine = standing(r.groups), theirs = standing(layout)
            return mine.beats(theirs) || r.printed && !theirs.beats(mine)
        } ?? false
        guard let read, wins else {
            findings.absorb(layoutFindings)
            var kept = Self.withoutBrokenGroups(layout, tokens: tokens, identities: identities, findings: &findings)
            if read == nil { Self.withoutPartialGroups(&kept, tokens: tokens, findings: &findings) }
            return kept
        }
        let (candidate, notes) = (read.groups, read.notes)
        findings.note(.info, "table 四 read from the section's numbers in the template's order: it agrees with the group totals better than the table recovered from the layout")
        for note in notes { findings.note(.warning, note) }
        return candidate
    }

    /// A group of the layout reading whose total fails or cannot be checked, where the section
    /// prints another count of numbers than the layout read (a number broken apart, a digit set
    /// apart, a look-alike the layout took for a blank cell) or fewer than the template has cells
    /// (a number lost, as OCR loses a lone `0`, so the ones after it moved up a column), is a
    /// misreading rather than the document's own arithmetic: its cells are null, and the issue
    /// says so.
    static func withoutBrokenGroups(_ layout: [String: [String: Double?]], tokens: [SectionToken],
                                    identities: [ReportTemplate.Identity], findings: inout Findings) -> [String: [String: Double?]] {
        let cells = layout.values.reduce(0) { $0 + $1.values.filter { $0 != nil }.count }
        let printed = tokens.filter { $0.kind == .number }.count
        let template = identities.reduce(0) { $0 + $1.cells.count }
        guard printed != cells || printed < template else { return layout }
        let counts = printed != cells ? "the layout read \(cells) cells" : "the template has \(template) cells"
        var out = layout
        for identity in identities {
            let holds = identity.holds { layout[$0.row]?[$0.column] ?? nil }
            guard holds != true, identity.cells.contains(where: { (layout[$0.row]?[$0.column] ?? nil) != nil }) else { continue }
            for cell in identity.cells {
                out[cell.row]?[cell.column] = .some(nil)
                findings.provenance["tables.review_litigation.\(cell.row).\(cell.column)"] = nil
            }
            findings.note(.warning, "table 四: \(identity.scope) \(holds == false ? "fails its total" : "is read in part and not checked by its total") as read, and the section prints \(printed) numbers where \(counts) (a number broken apart, set apart or lost, or a character taken for a blank); its cells are null")
        }
        return out
    }

    /// A layout reading of a group in part (some of its five cells read, some not), where the
    /// section prints fewer numbers than the template has cells and no reading of them in the
    /// template's order fits the totals: which header the numbers stood under is not settled
    /// by anything the totals can check, so the group is null, and the issue says so.
    static func withoutPartialGroups(_ groups: inout [String: [String: Double?]], tokens: [SectionToken], findings: inout Findings) {
        let cells = ReportTemplate.reviewGroups.count * ReportTemplate.reviewResults.count
        guard tokens.contains(where: { $0.kind == .number }), tokens.filter({ $0.kind == .number }).count < cells else { return }
        for group in ReportTemplate.reviewGroups.map(\.key) {
            guard let fields = groups[group] else { continue }
            let read = ReportTemplate.reviewResults.filter { (fields[$0.key] ?? nil) != nil }.count
            guard read > 0, read < ReportTemplate.reviewResults.count else { continue }
            for result in ReportTemplate.reviewResults {
                groups[group]?[result.key] = .some(nil)
                findings.provenance["tables.review_litigation.\(group).\(result.key)"] = nil
            }
            findings.note(.warning, "table 四: \(group) is read in part (\(read) of \(ReportTemplate.reviewResults.count) cells) where the section prints fewer numbers than cells and no reading in the template's order meets the totals; its cells are null")
        }
    }

    /// The section's cells in the template's order where blank cells are printed as marks
    /// (`—`, `/`, one a cell) and, with the numbers, fill the fifteen cells exactly: a blank is
    /// null, and every group whose cells are all numbers must meet its total.
    static func blankCells(_ tokens: ArraySlice<SectionToken>) -> (groups: [String: [String: Double?]], notes: [String], printed: Bool)? {
        var cells: [SectionToken?] = []
        var blanks = 0
        for token in tokens {
            if token.kind == .number { cells.append(token); continue }
            guard !token.text.isEmpty, token.text.allSatisfy({ SectionTokens.blankMarks.contains($0) }) else { continue }
            cells += Array(repeating: nil, count: token.text.count)
            blanks += token.text.count
        }
        let groups = ReportTemplate.reviewGroups.map(\.key), results = ReportTemplate.reviewResults.map(\.key)
        guard blanks > 0, cells.count == groups.count * results.count else { return nil }
        var out: [String: [String: Double?]] = [:]
        for (g, group) in groups.enumerated() {
            let slice = cells[(g * results.count)..<((g + 1) * results.count)]
            let counts = slice.map { $0.map { $0.count } }
            // A printed cell that is not a count, or a full group that breaks its total: the
            // marks do not stand for the cells they seem to.
            guard !counts.contains(where: { $0 != nil && $0! == nil }) else { return nil }
            let values = counts.map { $0 ?? nil }
            if values.allSatisfy({ $0 != nil }) {
                let v = values.map { $0! }
                guard v.dropLast().reduce(0, +) == v.last! else { return nil }
            }
            out[group] = Dictionary(uniqueKeysWithValues: zip(results, values.map { $0.map(Double.init) }))
        }
        return (out, ["table 四 prints \(blanks) blank cells as marks; they are null"], true)
    }

    /// The section's numbers after its first header, as the template's three groups of five
    /// results, the group totals settling runs of equal cells printed once where table 三
    /// showed that the producer prints them so (`collapsesRuns`); `printed` when every cell is
    /// one printed number in order.
    static func reviewCandidate(_ tokens: [SectionToken], collapsesRuns: Bool) -> (groups: [String: [String: Double?]], notes: [String], printed: Bool)? {
        // The first header: `行政复议`, `行政诉讼`, or their first characters where the headers
        // are printed a character a line.
        guard let start = tokens.firstIndex(where: { $0.kind == .text && ($0.text.contains("复") || $0.text.contains("诉")) }) else { return nil }
        if let blanks = blankCells(tokens[start...]) { return blanks }
        // The ends of numbers broken under their columns (`17` over `8`) joined to the number
        // each stands under, where the columns settle it; then every group must meet its total.
        // A line of fewer numbers right below a line of more may also be a group of its own.
        let runs = TemplateAlignment.runs(Array(tokens[start...]))
        let tails = runs.flatMap(\.tails)
        let printedNumbers = tokens[start...].filter { $0.kind == .number }
        let joinedNumbers = tails.isEmpty ? nil : runs.reduce(Optional<[SectionToken]>.some([])) { all, run in
            guard let all, let joined = TemplateAlignment.joiningTails(run) else { return nil }
            return all + joined
        }
        let groups = ReportTemplate.reviewGroups.map(\.key), results = ReportTemplate.reviewResults.map(\.key)
        let size = results.count
        let width = groups.count * size
        let totals = { (cells: [Int]) in
            stride(from: 0, to: cells.count, by: size).allSatisfy { g in cells[g..<(g + size - 1)].reduce(0, +) == cells[g + size - 1] }
        }
        func read(_ numbers: [SectionToken]) -> (mode: RunReadings.Mode, readings: [RunReadings.Reading])? {
            guard !numbers.isEmpty, TemplateAlignment.readsAsCells(numbers) else { return nil }
            let found = RunReadings.readings(numbers, width: width, fits: totals)
            guard !found.readings.isEmpty, found.mode != .expanded || collapsesRuns else { return nil }
            return found
        }
        var notes: [String] = []
        var numbers = printedNumbers
        var found: (mode: RunReadings.Mode, readings: [RunReadings.Reading])
        if let joined = joinedNumbers, let byColumns = read(joined).map({ ($0.mode, $0.readings.filter { totals($0.map(\.value)) }) }),
           !byColumns.1.isEmpty {
            notes.append("table 四 prints \(tails.map(\.text).joined(separator: " ")) on the line below its numbers, the ends of numbers broken under their columns; joined to the numbers they stand under, the group totals confirm it")
            numbers = joined
            found = byColumns
            // Read as printed too, the cells the two readings differ on are not settled.
            if let plain = read(printedNumbers) { found.readings += plain.readings }
        } else {
            guard let plain = read(printedNumbers) else { return nil }
            found = plain
        }
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
        return (out, notes, found.mode == .printed)
    }
}

extension AnnualReportSchema {
    /// Table 二: per item, the token stream's reading where it found the item, else the
    /// layout's. Where both read a cell and differ, the token stream's reading (which saw the
    /// row's numbers as printed) is kept and the difference said.
    func bestDisclosure(_ reading: ActiveDisclosureTable.Reading, _ layoutFindings: Findings, outline: ReportOutline, format: ReportFormat,
                        collapsesRuns: Bool, findings: inout Findings) -> JSONValue {
        let layout = reading.values
        let tokens = outline.bodyRange(.activeDisclosure).map { SectionTokens.tokens(outline.lines, $0) } ?? []
        let aligned = DisclosureAlignment(minSimilarity: labelSimilarity).read(tokens, format: format, collapsesRuns: collapsesRuns,
                                                                            narrative: outline.narrative(.overview) ?? "")
        // Where the token stream found no item, the layout's reading stands with what it said,
        // except for the cells of numbers broken over lines.
        let layoutOnly = aligned.values.isEmpty
        if layoutOnly { findings.absorb(layoutFindings) }
        for note in aligned.notes { findings.note(.warning, note) }
        // The lines whose numbers the token stream found an item's: the layout's reading of
        // another item from them is the same numbers under another label.
        let taken = aligned.claimed
        // The layout reads an item from one line. Numbers of the same run on other lines that
        // no reading takes and that have no label of their own (`16` over `26` above
        // `行政事业性收费`) may be the rest of its numbers, broken over lines; more numbers on
        // its line than it read (`118 |69`, a `|` that is a 1 or a ruling line) leave which
        // are its cells unshown.
        let layoutReads = Dictionary(grouping: ReportTemplate.disclosureItems(format).flatMap { item in
            item.fields.compactMap { layoutFindings.provenance["tables.active_disclosure.\(item.key).\($0)"]?.line }
        }, by: { $0 }).mapValues(\.count)
        let runs = TemplateAlignment.runs(tokens)
        func orphans(beside line: Int) -> [SectionToken] {
            guard let run = runs.first(where: { $0.tokens.contains { $0.line == line } }) else { return [] }
            let own = run.tokens.filter { $0.line == line }
            return (own.count > layoutReads[line, default: 0] ? own : [])
                + run.tokens.filter { layoutReads[$0.line] == nil && !taken.contains($0.line) }
        }
        // An item whose numbers the text prints on one line without saying which columns they
        // fill, where the layout shows that line's blank cells (an empty column left of a
        // number): the columns the layout puts them under, when it read exactly those numbers
        // and the columns are the item's.
        func placedByBlanks(_ item: ReportTemplate.Item) -> [String: (cell: Cell, value: Double)]? {
            guard let printed = aligned.unplaced[item.key], let line = printed.first?.printed.line,
                  let placed = reading.blanksShown[line], placed.allSatisfy({ item.fields.contains($0.field) }),
                  Set(placed.map(\.field)).count == placed.count,
                  placed.map({ LabelText.number($0.cell.text) }) == printed.map({ PrintedNumber.parse($0.printed.text) }) else { return nil }
            return Dictionary(uniqueKeysWithValues: zip(placed, printed).map { ($0.field, ($0.cell, $1.value)) })
        }
        var out: [String: JSONValue] = [:]
        for item in ReportTemplate.disclosureItems(format) {
            var fields: [String: JSONValue] = [:]
            let byBlanks = placedByBlanks(item)
            if byBlanks != nil {
                findings.note(.info, "table 二: \(item.label) prints fewer numbers than columns; the layout shows its blank cells, so its numbers were read under the columns they stand in")
            }
            for field in item.fields {
                let path = "tables.active_disclosure.\(item.key).\(field)"
                let fromLayout = layout[item.key][field].doubleValue
                if let byBlanks {
                    if let placed = byBlanks[field] {
                        fields[field] = JSONValue(placed.value)
                        findings.cite(path, placed.cell)
                    } else {
                        fields[field] = .null
                        findings.note(.info, "table 二: \(item.label) \(field) is a blank cell; recorded as null")
                    }
                } else if let cells = aligned.values[item.key] {
                    if let cell = cells[field] ?? nil {
                        fields[field] = JSONValue(cell.value)
                        findings.provenance[path] = Provenance(page: nil, box: nil, text: cell.token.text, line: cell.token.line)
                        if let fromLayout, fromLayout != cell.value {
                            findings.note(.warning, "table 二: \(item.label) \(field) reads \(ReconciliationRule.format(cell.value)) in the text and \(ReconciliationRule.format(fromLayout)) in the recovered table; the text's reading was kept")
                        }
                    } else {
                        fields[field] = .null
                    }
                } else if let fromLayout, let line = layoutFindings.provenance[path]?.line, taken.contains(line) {
                    fields[field] = .null
                    findings.note(.warning, "table 二: \(item.label) \(field) reads \(ReconciliationRule.format(fromLayout)) in the recovered table, from the numbers the text gives another item; it is null")
                } else if let fromLayout, let line = layoutFindings.provenance[path]?.line, case let rest = orphans(beside: line), !rest.isEmpty {
                    fields[field] = .null
                    findings.provenance[path] = nil
                    findings.note(.warning, "table 二: \(item.label) \(field) reads \(ReconciliationRule.format(fromLayout)) in the recovered table, among or beside numbers it does not read, with no label of their own (\(rest.map(\.text).joined(separator: " "))); which are its cells is not shown, so it is null")
                } else if let fromLayout {
                    fields[field] = JSONValue(fromLayout)
                    if let p = layoutFindings.provenance[path] { findings.provenance[path] = p }
                } else {
                    fields[field] = .null
                    if layoutOnly { continue } // the layout's reading said so
                }
                if fields[field] == .null { findings.note(.warning, "table 二: \(item.label) \(field) is not shown or not settled by the document; recorded as null") }
            }
            out[item.key] = .object(fields)
        }
        return .object(out)
    }
}
