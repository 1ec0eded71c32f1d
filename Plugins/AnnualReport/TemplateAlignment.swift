import IngestKit

/// Reads table 三 from a section's token stream by aligning it to the template's rows.
///
/// The stream is cut into runs of numbers and the label text between them. Each run is a
/// row's cells; which row is decided by a monotone alignment (dynamic programming) of runs to
/// the template's rows, scored by how close the label beside a run is to a row's label
/// (numbering and the group above included, so typos and OCR noise cost little). Labels are
/// read on one side of their numbers for the whole table: before them (most layouts) or after
/// them (a wrapped label printed below its numbers); both are tried. A run whose label is
/// missing or unreadable is placed by its neighbours when the runs and rows between two
/// anchored rows are as many. Runs are then read as seven cells (`RunReadings`), and where a
/// run admits several readings the template's identities across rows pick the one that holds;
/// a cell no consistent reading settles is null, and says why.
struct TemplateAlignment {
    var minSimilarity: Double
    /// Whether the text may print a run of equal cells once (a crawler's text of an HTML table);
    /// a PDF prints every cell, so a row with fewer numbers than cells lost some.
    var expandsRuns: Bool
    /// The labels scored so far (one table's alignments score the same few labels against the
    /// same rows many times over).
    private let scored = ScoredLabels()

    init(minSimilarity: Double, expandsRuns: Bool = true) {
        self.minSimilarity = minSimilarity
        self.expandsRuns = expandsRuns
    }

    /// A run of number tokens and the label text before and after it.
    struct Run {
        var tokens: [SectionToken]
        var before: [String]
        var after: [String]
        /// The group (`三` of `（三）`) in force at the run.
        var context: String?
        /// Whether label text stands before the first number on its line.
        var sharesLine = false
        /// The last label piece of the text on the first number's line, where label text
        /// stands there.
        var lineLabel: String?
        /// Whether the label text before ends on the line above the run and the text after
        /// starts on the line below it (numbers between the lines of a wrapped label).
        var between = false
        /// Numbers on the line right below the run's line, fewer than it prints and with no
        /// label: the ends of numbers broken over two lines under their columns.
        var tails: [SectionToken] = []
        /// The measure the section's rows of numbers line up in, where one clearly does.
        var measure: ColumnMeasure?
    }

    /// How a text sets its columns: in display columns (an ideograph two wide: text set for
    /// the eye) or in characters (`pdftotext -layout`).
    enum ColumnMeasure: CaseIterable {
        case display, characters

        func column(_ token: SectionToken) -> Int {
            self == .display ? token.displayColumn : token.charColumn
        }

        /// The measure in which the numbers of a section's lines stand in fewest columns
        /// (where they start, or where they end: left- or right-aligned cells): the one
        /// that needs clearly fewer (by a fifth and at least three), nil where neither does.
        static func aligning(_ tokens: [SectionToken]) -> ColumnMeasure? {
            let lines = Dictionary(grouping: tokens.filter { $0.kind == .number }, by: \.line).values.filter { $0.count >= 2 }
            guard lines.count >= 2 else { return nil }
            let columns = allCases.map { measure in
                let numbers = lines.joined()
                return min(Set(numbers.map(measure.column)).count, Set(numbers.map { measure.column($0) + $0.text.count }).count)
            }
            let (display, characters) = (columns[0], columns[1])
            if display + 3 <= characters, display * 5 <= characters * 4 { return .display }
            if characters + 3 <= display, characters * 5 <= display * 4 { return .characters }
            return nil
        }
    }

    /// A reading of table 三 from the stream: values by row key, how each row was placed,
    /// and what it could not settle.
    struct Candidate {
        var values: ApplicationsTable.Values
        var notes: [String]
        var anchored: Double
        /// Whether some row printed a run of equal cells once (the producer collapses runs).
        var expandedRuns: Bool
        /// The rows whose label stands between two runs of numbers that the rows around do
        /// not settle: which run is theirs is not shown.
        var contested: Set<String> = []
    }

    /// The runs of a token stream.
    static func runs(_ tokens: [SectionToken]) -> [Run] {
        var runs: [Run] = []
        var text = ""
        var current: [SectionToken] = []
        func closeRun() {
            guard !current.isEmpty else { return }
            runs.append(Run(tokens: current, before: [], after: [], context: nil))
            current = []
        }
        var gaps: [String] = []
        var gapLines: [(first: Int, last: Int)?] = []
        var gapLine: (first: Int, last: Int)?
        var shares: [Bool] = []
        var lineLabels: [String?] = []
        for (i, token) in tokens.enumerated() {
            if token.kind == .number {
                if !current.isEmpty, Self.rowBreak(before: i, in: tokens, run: current) { closeRun() }
                if current.isEmpty {
                    gaps.append(text); text = ""
                    gapLines.append(gapLine); gapLine = nil
                    let shared = i > 0 && tokens[i - 1].kind == .text && tokens[i - 1].line == token.line
                    shares.append(shared)
                    let own = tokens[..<i].reversed().prefix { $0.line == token.line && $0.kind == .text }.reversed().map(\.text).joined()
                    lineLabels.append(shared ? SectionTokens.labelPieces(own).last : nil)
                }
                current.append(token)
            } else {
                closeRun()
                text += token.text
                gapLine = (gapLine?.first ?? token.line, token.line)
            }
        }
        closeRun()
        gaps.append(text)
        gapLines.append(gapLine)
        let measure = ColumnMeasure.aligning(tokens)
        for i in runs.indices { runs[i].measure = measure }
        // Gap i is the text before run i; gap i+1 the text after it.
        var group = GroupContext()
        let pieces = gaps.map(SectionTokens.labelPieces)
        for i in runs.indices {
            let before = pieces[i]
            for piece in before { group.read(LabelText.numbering(piece)) }
            runs[i].before = before
            runs[i].after = pieces[i + 1]
            runs[i].context = group.group
            runs[i].sharesLine = shares[i]
            runs[i].lineLabel = lineLabels[i]
            if let above = gapLines[i], let below = gapLines[i + 1], let first = runs[i].tokens.first, let last = runs[i].tokens.last {
                runs[i].between = above.last == first.line - 1 && below.first == last.line + 1
            }
        }
        return withTails(runs, textAfter: gapLines.dropFirst().map { $0?.first })
    }

    /// The runs with the ends of numbers broken under their columns set apart as `tails`: a
    /// line of fewer numbers, with no label, right below a line of several; within one run or
    /// as the next run. `textAfter[k]`: the first line of the text after run `k`.
    static func withTails(_ runs: [Run], textAfter: [Int?]) -> [Run] {
        var out: [Run] = []
        var runs = runs, textAfter = textAfter
        var k = 0
        while k < runs.count {
            var run = runs[k]
            let lines = run.tokens.map(\.line)
            // Cells, not tokens: digits spaced apart in one cell (`1 3`) are one.
            func cells<C: Collection<SectionToken>>(_ tokens: C) -> Int { tokens.filter { !$0.glued }.count }
            let head = run.tokens.filter { $0.line == lines[0] }
            let tail = run.tokens.dropFirst(head.count).prefix { $0.line == lines[0] + 1 }
            if cells(head) >= 2, !tail.isEmpty, cells(tail) < cells(head), textAfter[k] != tail.last!.line {
                run.tails = Array(tail)
                run.tokens = head
                // Numbers on the lines below the broken ends are the next row's.
                let rest = runs[k].tokens.dropFirst(head.count + tail.count)
                if !rest.isEmpty {
                    runs.insert(Run(tokens: Array(rest), before: [], after: run.after, context: run.context, measure: run.measure), at: k + 1)
                    textAfter.insert(textAfter[k], at: k + 1)
                    run.after = []
                    textAfter[k] = nil
                }
            } else if lines.last == lines.first, cells(head) >= 2, k + 1 < runs.count, runs[k + 1].before.isEmpty,
                      let next = runs[k + 1].tokens.first?.line, next == lines[0] + 1,
                      runs[k + 1].tokens.allSatisfy({ $0.line == next }), cells(runs[k + 1].tokens) < cells(head), textAfter[k + 1] != next {
                run.tails = runs[k + 1].tokens
                run.after = runs[k + 1].after
                k += 1
            }
            out.append(run)
            k += 1
        }
        return out
    }

    /// A row's numbers without the marks of unread numbers at its ends (`⍰ 7 1 0 0 0 0 8`: a
    /// cell beside the row that OCR could not read, a label's numbering say) where what is
    /// left is as many counts as the row has cells and meets its total, the one reading in
    /// which every cell is a count; the numbers as they are otherwise.
    static func withoutEdgeMarks(_ tokens: [SectionToken], width: Int, note: (String) -> Void) -> [SectionToken] {
        let unread = { (t: SectionToken) in t.text.allSatisfy { $0 == PrintedNumber.unreadable } }
        let inner = Array(tokens.drop(while: unread).reversed().drop(while: unread).reversed())
        guard inner.count < tokens.count, inner.count == width else { return tokens }
        let cells = inner.compactMap(\.count)
        guard cells.count == width, cells.dropLast().reduce(0, +) == cells.last else { return tokens }
        note("the mark \(PrintedNumber.unreadable) at its end is no cell of it, as the \(width) counts beside it meet the row's total")
        return inner
    }

    /// Whether a row's numbers can be read as its cells: all counts, or one digit run longer
    /// than a count (cells run together, which the readings cut).
    static func readsAsCells(_ tokens: [SectionToken]) -> Bool {
        tokens.count == 1 && tokens[0].text.allSatisfy { $0.isASCII && $0.isNumber } || tokens.allSatisfy { $0.count != nil }
    }

    /// The run's numbers with the broken ends joined onto the numbers above them, where each
    /// end stands under exactly one number of its own, in display columns or in characters
    /// (and the two do not disagree, unless one would put an end under a lone 0, or the
    /// section's rows line up in one of them); nil where the columns do not settle it.
    static func joiningTails(_ run: Run) -> [SectionToken]? {
        guard !run.tails.isEmpty else { return run.tokens }
        var found: [(measure: ColumnMeasure, heads: [Int])] = []
        for measure in ColumnMeasure.allCases {
            let under = run.tails.map { tail in
                run.tokens.indices.filter { h in
                    let head = run.tokens[h]
                    return measure.column(head) < measure.column(tail) + tail.text.count && measure.column(tail) < measure.column(head) + head.text.count
                }
            }
            guard under.allSatisfy({ $0.count == 1 }) else { continue }
            let heads = under.map { $0[0] }
            // A number is never broken after a lone 0 (`0` over `3` would be 03).
            guard !heads.contains(where: { run.tokens[$0].text == "0" }) else { continue }
            if Set(heads).count == heads.count, !found.contains(where: { $0.heads == heads }) { found.append((measure, heads)) }
        }
        if found.count > 1, let measure = run.measure { found = found.filter { $0.measure == measure } }
        guard found.count == 1 else { return nil }
        var tokens = run.tokens
        for (tail, h) in zip(run.tails, found[0].heads) {
            tokens[h].text += tail.text
            if tokens[h].withoutRuling != nil { tokens[h].withoutRuling! += tail.text }
        }
        return tokens
    }

    /// Whether a line break inside a run of numbers ends a row: a line of several numbers
    /// followed by another such line is a row a line (numbers one a line, or a number broken
    /// over two lines, stay one run). Numbers, not tokens: digits spaced apart in one cell
    /// (`4 2 7`) are one.
    static func rowBreak(before i: Int, in tokens: [SectionToken], run: [SectionToken]) -> Bool {
        guard tokens[i].opensLine, let last = run.last else { return false }
        let lastLine = run.filter { $0.line == last.line && !$0.glued }.count
        var next = 0
        var j = i
        while j < tokens.count, tokens[j].kind == .number, tokens[j].line == tokens[i].line {
            if !tokens[j].glued { next += 1 }
            j += 1
        }
        return lastLine >= 2 && next >= 2
    }

    /// The candidate readings of table 三 from a token stream's runs, for the row sets the
    /// format allows.
    func candidates(_ runs: [Run], format: ReportFormat) -> [Candidate] {
        guard !runs.isEmpty else { return [] }
        let rowSets = format == .v2019 ? [ReportTemplate.applicationRows(.v2019, singleOther: true)]
            : [ReportTemplate.applicationRows(.v2021, singleOther: false), ReportTemplate.applicationRows(.v2021, singleOther: true)]
        var out: [Candidate] = []
        for rows in rowSets {
            for labelsBefore in [true, false] {
                let placed = align(runs, rows: rows, labelsBefore: labelsBefore)
                guard placed.anchors > 0 else { continue }
                var candidate = read(runs, rows: rows, placement: placed.rows, notes: placed.notes, anchored: placed.score, format: format)
                candidate.contested = Set(placed.contested.map { rows[$0].key })
                out.append(candidate)
            }
        }
        return out
    }

    /// The label beside run `k` that names its row.
    private func label(_ runs: [Run], _ k: Int, labelsBefore: Bool) -> String? {
        let run = runs[k]
        // A label printed on the numbers' line, before them, is theirs whatever the table does
        // elsewhere; so is a wrapped label whose lines the numbers stand between. The text on
        // the numbers' line alone, where it names a row better than the piece it ends (a
        // header OCR garbled run into a label whose numbering it lost).
        if run.sharesLine {
            guard let piece = run.before.last, let own = run.lineLabel, own != piece else { return run.before.last }
            let best = { (text: String) in self.scored[text].similarity.values.max() ?? 0 }
            return best(own) > best(piece) ? own : piece
        }
        if let wrapped = wrappedLabel(run) { return wrapped }
        // The only text between this run and a neighbour whose label is wrapped around its
        // numbers is the end (or start) of that label, not this run's as well.
        let neighbour = labelsBefore ? k - 1 : k + 1
        if (labelsBefore ? run.before : run.after).count == 1, runs.indices.contains(neighbour),
           wrappedLabel(runs[neighbour]) != nil { return nil }
        if labelsBefore { return run.before.last }
        // Labels after their numbers: the first piece after the run, past group headings (and
        // characters of a vertical group label) that a numbered sub-row follows in the same gap,
        // or, after a top heading (`三、本年度办理结果`), a row of its group (`（一）予以公开`).
        var pieces = run.after[...]
        while pieces.count > 1, let first = pieces.first, Self.headsAGroup(first),
              pieces.dropFirst().contains(where: { piece in
                  let n = LabelText.numbering(piece)
                  return n.index != nil || n.paren != nil && LabelText.numbering(first).top != nil
              }) {
            pieces = pieces.dropFirst()
        }
        return pieces.first
    }

    /// The label whose lines the run's numbers stand between: the line below continues the
    /// label above only if together they name a row better than the line above alone (a
    /// character of a vertical group label is not a continuation).
    private func wrappedLabel(_ run: Run) -> String? {
        guard run.between, let last = run.before.last, let next = run.after.first, LabelText.numbering(next) == LabelText.Numbering(),
              LabelText.core(next).count <= 24, bestScore(last + next, context: run.context) > bestScore(last, context: run.context) else { return nil }
        return last + next
    }

    /// Whether a label piece can head a group of numbered sub-rows: a group's heading
    /// (`（三）不予公开`, `三、本年度办理结果`) or text with no numbering (a character of a
    /// vertical group label); never a row of its own such as `（二）部分公开`.
    static func headsAGroup(_ piece: String) -> Bool {
        let n = LabelText.numbering(piece)
        guard n.index == nil else { return false }
        if n == LabelText.Numbering() { return true }
        return ReportTemplate.applicationGroups.contains { n.paren != nil ? $0.paren == n.paren : $0.top == n.top }
    }

    /// How well a label names the row of the template it is closest to.
    private func bestScore(_ label: String, context: String?) -> Double {
        let label = scored[label]
        return ReportTemplate.everyApplicationRow.map { score(label, $0, context: context) }.max() ?? 0
    }

    /// A label as the scores read it: its core, its numbering and the closeness of its core
    /// to each row of the template, worked out once for every row and context it is scored
    /// against.
    private struct ScoredLabel {
        let numbering: LabelText.Numbering
        /// By row key; empty when the label has no core.
        let similarity: [String: Double]

        init(_ text: String) {
            let core = LabelText.core(text)
            numbering = LabelText.numbering(text)
            similarity = core.isEmpty ? [:] : Dictionary(
                ReportTemplate.everyApplicationRow.map { ($0.key, ApplicationsTable.similarity($0, core: core)) },
                uniquingKeysWith: { a, _ in a })
        }
    }

    /// The labels of one alignment's tables, each scored once.
    private final class ScoredLabels {
        private var labels: [String: ScoredLabel] = [:]

        subscript(_ text: String) -> ScoredLabel {
            if let known = labels[text] { return known }
            let label = ScoredLabel(text)
            labels[text] = label
            return label
        }
    }

    /// How well a label names a row, with the group in force.
    private func score(_ label: ScoredLabel, _ row: ReportTemplate.Row, context: String?) -> Double {
        guard let similarity = label.similarity[row.key] else { return 0 }
        return ApplicationsTable.score(row, similarity: similarity, numbering: label.numbering, context: context)
    }

    /// The monotone alignment of runs to rows with the most label evidence; then runs between
    /// two anchored rows placed by position when they are as many as the rows between.
    private func align(_ runs: [Run], rows: [ReportTemplate.Row], labelsBefore: Bool)
        -> (rows: [Int: Int], anchors: Int, score: Double, notes: [String], contested: Set<Int>) {
        let K = runs.count, R = rows.count
        var s = [[Double]](repeating: [Double](repeating: -1, count: R), count: K)
        for k in 0..<K {
            guard let label = label(runs, k, labelsBefore: labelsBefore).map({ scored[$0] }) else { continue }
            let own = labelsBefore || runs[k].sharesLine || runs[k].between
            let context = own ? runs[k].context : (k + 1 < K ? runs[k + 1].context : runs[k].context)
            for r in 0..<R {
                let v = score(label, rows[r], context: context)
                if v >= minSimilarity { s[k][r] = v }
            }
        }
        var f = [[Double]](repeating: [Double](repeating: 0, count: R + 1), count: K + 1)
        for k in 1...K {
            for r in 1...R {
                var best = max(f[k - 1][r], f[k][r - 1])
                if s[k - 1][r - 1] >= 0 { best = max(best, f[k - 1][r - 1] + s[k - 1][r - 1]) }
                f[k][r] = best
            }
        }
        var placed: [Int: Int] = [:]
        var k = K, r = R
        while k > 0, r > 0 {
            if s[k - 1][r - 1] >= 0, f[k][r] == f[k - 1][r - 1] + s[k - 1][r - 1] {
                placed[k - 1] = r - 1; k -= 1; r -= 1
            } else if f[k][r] == f[k - 1][r] { k -= 1 } else { r -= 1 }
        }
        let anchors = placed.count
        var notes: [String] = []
        var contested: Set<Int> = []
        let sorted = placed.sorted { $0.key < $1.key }
        // A run whose label reads as another row of the template (not its own, nor, unless it
        // is a numbered sub-row's, its group's heading) is not unreadable: placing it by position would contradict its own label,
        // so a gap holding one is left unplaced.
        func contradicts(_ k: Int, _ r: Int) -> Bool {
            guard let label = label(runs, k, labelsBefore: labelsBefore).map({ scored[$0] }) else { return false }
            let group = rows[r].group ?? rows[r].paren
            // A sub-row's own numbering (`2.重复申请`) names that sub-row, in the group or not.
            let numbered = label.numbering.index != nil
            return ReportTemplate.everyApplicationRow.contains { other in
                other.key != rows[r].key && (group == nil || numbered || (other.group ?? other.paren) != group)
                    && score(label, other, context: runs[k].context) >= minSimilarity
            }
        }
        var byPosition: [(runs: ClosedRange<Int>, notes: [String])] = []
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.key - a.key > 1 && b.key - a.key == b.value - a.value
            && !(1..<(b.key - a.key)).contains(where: { contradicts(a.key + $0, a.value + $0) }) {
            for step in 1..<(b.key - a.key) { placed[a.key + step] = a.value + step }
            byPosition.append((a.key...b.key, (1..<(b.key - a.key)).map {
                "table 三: the label of row \(rows[a.value + $0].key) could not be read; its numbers were placed by the rows around it"
            }))
        }
        // A label between two runs of numbers, one placed by it on the side this reading
        // assumes and the other left unplaced: a row whose numbers stand above its label on one
        // row and below on the next reads either way, so neither run is the row's.
        for k in 0..<K where placed[k] == nil {
            let neighbour = labelsBefore ? k + 1 : k - 1
            guard runs.indices.contains(neighbour), let r = placed[neighbour],
                  !runs[neighbour].sharesLine, wrappedLabel(runs[neighbour]) == nil,
                  let other = label(runs, k, labelsBefore: !labelsBefore),
                  score(scored[other], rows[r], context: runs[k].context) >= minSimilarity else { continue }
            placed[neighbour] = nil
            contested.insert(r)
            notes.append("table 三: the label of row \(rows[r].key) stands between two runs of numbers, \(runs[min(k, neighbour)].tokens.map(\.text).joined(separator: " ")) above and \(runs[max(k, neighbour)].tokens.map(\.text).joined(separator: " ")) below, and the rows around it do not say which is its own; its cells are null")
        }
        // A row's label that no run took, standing next to a run placed from its other side:
        // the run may be that row's (numbers above their label on one row, below on the next),
        // so its own placement is contested; unplacing it may leave its label untaken in turn.
        // The label is a numbered row's (`2.重复申请`, `二、上年结转…`), never a group's heading.
        // With labels after their numbers, the text before the first run counts too.
        for k in (labelsBefore ? 0..<(K - 1) : 0..<K) {
            let pieces = labelsBefore ? runs[k].after : runs[k].before
            guard let r = placed[k], !runs[k].sharesLine, wrappedLabel(runs[k]) == nil,
                  let piece = (labelsBefore ? pieces.first : pieces.last).map({ scored[$0] }), piece.numbering.index != nil || piece.numbering.top != nil,
                  let orphan = rows.indices.first(where: { !placed.values.contains($0) && score(piece, rows[$0], context: runs[k].context) >= minSimilarity })
            else { continue }
            placed[k] = nil
            contested.formUnion([r, orphan])
            notes.append("table 三: the label of row \(rows[orphan].key) takes no numbers and stands right \(labelsBefore ? "below" : "above") \(runs[k].tokens.map(\.text).joined(separator: " ")), read as row \(rows[r].key); which row those numbers are is not shown, so they are null")
        }
        // Runs placed by the rows around them stay placed only while those rows do.
        for fill in byPosition {
            if placed[fill.runs.lowerBound] != nil, placed[fill.runs.upperBound] != nil {
                notes += fill.notes
            } else {
                for k in fill.runs.dropFirst().dropLast() { placed[k] = nil }
            }
        }
        return (placed, anchors, f[K][R], notes, contested)
    }

    /// Reads the placed runs as cells, settling runs with several readings by the template's
    /// identities across rows.
    private func read(_ runs: [Run], rows: [ReportTemplate.Row], placement: [Int: Int], notes: [String],
                      anchored: Double, format: ReportFormat) -> Candidate {
        let width = ReportTemplate.applicationColumns.count
        var notes = notes
        var options: [String: [RunReadings.Reading]] = [:]
        var expandedRuns = false
        var sources: [String: [SectionToken]] = [:]
        for (k, r) in placement.sorted(by: { $0.key < $1.key }) {
            let key = rows[r].key
            let digits = runs[k].tokens.map(\.text)
            guard let joined = Self.joiningTails(runs[k]) else {
                notes.append("table 三: row \(key) prints \(digits.joined(separator: " ")) and, on the line below with no label, \(Self.describeTails(runs[k])): the ends of numbers broken under their columns, which the columns do not place; its cells are null")
                continue
            }
            if !runs[k].tails.isEmpty {
                notes.append("table 三: row \(key) prints \(digits.joined(separator: " ")) and, on the line below with no label, \(Self.describeTails(runs[k])): the ends of numbers broken under their columns, joined to the numbers they stand under")
            }
            let tokens = Self.withoutEdgeMarks(joined, width: width) { notes.append("table 三: row \(key) prints \(digits.joined(separator: " ")): \($0)") }
            guard Self.readsAsCells(tokens) else {
                let unread = tokens.contains { $0.text.contains(PrintedNumber.unreadable) }
                notes.append("table 三: row \(key) prints \(digits.joined(separator: " ")), which are not all counts\(unread ? " (\(PrintedNumber.unreadable): a number the extraction could not read)" : ""); its cells are null")
                continue
            }
            let total = { (cells: [Int]) in cells.dropLast().reduce(0, +) == cells.last! }
            var found = RunReadings.readings(tokens, width: width, expands: expandsRuns, fits: total)
            if !runs[k].tails.isEmpty {
                // The ends joined where their columns place them: only the row's total confirms it.
                found.readings = found.readings.filter { total($0.map(\.value)) }
            }
            if found.readings.isEmpty, !expandsRuns, tokens.count < width, tokens.count > 1 {
                notes.append("table 三: row \(key) prints \(digits.joined(separator: " ")), fewer numbers than its \(width) cells, where the document prints every cell (numbers lost to the extraction or OCR); its cells are null")
                continue
            }
            if found.readings.isEmpty {
                notes.append("table 三: row \(key) prints \(digits.joined(separator: " ")), which no reading as \(width) cells fits (its total must be the sum of the others); its cells are null")
                continue
            }
            if found.mode == .expanded { expandedRuns = true }
            if found.mode != .printed {
                notes.append("table 三: row \(key) prints \(digits.count) numbers for \(width) cells (\(digits.joined(separator: " "))); read as \(Self.describe(found.mode))")
            }
            options[key] = found.readings
            sources[key] = tokens
        }
        let singleOther = rows.contains { $0.key == ReportTemplate.otherSingle.key }
        let settled = Settle.cells(options, identities: ReportTemplate.identities(format, singleOther: singleOther)
            .filter { $0.rule.hasPrefix("applications.") && $0.rule != "applications.row_total" },
            table: "applications", columns: ReportTemplate.applicationColumns.map(\.key))
        notes += settled.notes.map { "table 三: " + $0 }
        var values: ApplicationsTable.Values = [:]
        for (key, cells) in settled.cells {
            values[key] = cells.map { cell in
                cell.map { c in
                    let token = sources[key]![c.token]
                    return CellValue(number: Double(c.value), cell: Cell(text: token.text, row: 0, column: 0, line: token.line))
                }
            }
        }
        return Candidate(values: values, notes: notes, anchored: anchored, expandedRuns: expandedRuns)
    }

    /// The broken ends of a run's numbers as printed.
    static func describeTails(_ run: Run) -> String { run.tails.map(\.text).joined(separator: " ") }

    static func describe(_ mode: RunReadings.Mode) -> String {
        switch mode {
        case .printed: "printed"
        case .joined: "numbers broken apart joined again"
        case .expanded: "runs of equal cells printed once"
        case .split: "cells run together into one digit run"
        }
    }
}

/// Chooses among the readings of several rows (or groups) the combination that the
/// template's identities hold for; a cell on which the surviving combinations disagree is
/// null.
enum Settle {
    /// The most combinations tried; beyond, only what every reading of a row agrees on is kept.
    static let limit = 50_000

    /// Per key, its cells (nil where not settled); and what was left open.
    static func cells(_ options: [String: [RunReadings.Reading]], identities: [ReportTemplate.Identity],
                      table: String, columns: [String]) -> (cells: [String: [(value: Int, token: Int)?]], notes: [String]) {
        let keys = options.keys.sorted()
        let open = keys.filter { options[$0]!.count > 1 }
        var fixed: [String: RunReadings.Reading] = [:]
        for key in keys where options[key]!.count == 1 { fixed[key] = options[key]![0] }
        var notes: [String] = []
        let combinations = open.reduce(1) { $0 > limit ? $0 : $0 * options[$1]!.count }
        // Per open row, the readings some best combination uses.
        var used = open.map { [Bool](repeating: true, count: options[$0]!.count) }
        if !open.isEmpty, combinations <= limit {
            let values = open.map { key in options[key]!.map { $0.map(\.value) } }
            // Each identity as a constant (the fixed rows' part) and signed open cells; one that
            // reads a row not shown can never be checked and is left out.
            typealias Term = (row: Int, column: Int, sign: Int)
            var checks = [[(constant: Int, terms: [Term])]](repeating: [], count: open.count)
            for identity in identities {
                var constant = 0, terms: [Term] = [], readable = true
                for (cells, sign) in [(identity.left, 1), (identity.right, -1)] {
                    for cell in cells {
                        guard cell.table == table, let c = columns.firstIndex(of: cell.column) else { readable = false; break }
                        if let reading = fixed[cell.row] { constant += sign * reading[c].value }
                        else if let i = open.firstIndex(of: cell.row) { terms.append((i, c, sign)) }
                        else { readable = false }
                    }
                }
                guard readable, let last = terms.map(\.row).max() else { continue }
                checks[last].append((constant, terms))
            }
            // Branch and bound: an identity is checked as soon as the last open row it reads is
            // chosen, and a branch is dropped once it fails more than the best so far.
            var best = Int.max
            var choice = [Int](repeating: 0, count: open.count)
            used = open.map { [Bool](repeating: false, count: options[$0]!.count) }
            func walk(_ i: Int, _ failures: Int) {
                if i == open.count {
                    if failures < best { best = failures; used = open.map { [Bool](repeating: false, count: options[$0]!.count) } }
                    for (r, j) in choice.enumerated() { used[r][j] = true }
                    return
                }
                for j in values[i].indices {
                    choice[i] = j
                    var f = failures
                    for check in checks[i] {
                        var sum = check.constant
                        for t in check.terms { sum += t.sign * values[t.row][choice[t.row]][t.column] }
                        if sum != 0 { f += 1 }
                    }
                    if f <= best { walk(i + 1, f) }
                }
            }
            walk(0, 0)
            if best > 0 { notes.append("no reading of \(open.joined(separator: ", ")) satisfies every identity; only what all the best readings agree on is kept") }
        }
        var out: [String: [(value: Int, token: Int)?]] = fixed.mapValues { $0.map { Optional($0) } }
        for (i, key) in open.enumerated() {
            let readings = options[key]!.indices.filter { used[i][$0] }.map { options[key]![$0] }
            var cells: [(value: Int, token: Int)?] = []
            var unsettled: [String] = []
            for c in columns.indices {
                let first = readings[0][c]
                if readings.allSatisfy({ $0[c].value == first.value }) { cells.append(first) } else {
                    cells.append(nil)
                    unsettled.append(columns[c])
                }
            }
            if !unsettled.isEmpty {
                let count = Set(readings.map { $0.map(\.value) }).count
                notes.append("\(key) can be read \(count) ways that the identities all accept; \(unsettled.joined(separator: ", ")) are null")
            }
            out[key] = cells
        }
        return (out, notes)
    }
}
