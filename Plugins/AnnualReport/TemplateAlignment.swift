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
struct TemplateAlignment: Sendable {
    var minSimilarity: Double

    /// A run of number tokens and the label text before and after it.
    struct Run {
        var tokens: [SectionToken]
        var before: [String]
        var after: [String]
        /// The group (`三` of `（三）`) in force at the run.
        var context: String?
        /// Whether label text stands before the first number on its line.
        var sharesLine = false
        /// Whether the label text before ends on the line above the run and the text after
        /// starts on the line below it (numbers between the lines of a wrapped label).
        var between = false
    }

    /// A reading of table 三 from the stream: values by row key, how each row was placed,
    /// and what it could not settle.
    struct Candidate {
        var values: ApplicationsTable.Values
        var notes: [String]
        var anchored: Double
        /// Whether some row printed a run of equal cells once (the producer collapses runs).
        var expandedRuns: Bool
    }

    /// The runs of a token stream.
    static func runs(_ tokens: [SectionToken]) -> [Run] {
        var runs: [Run] = []
        var text = ""
        var current: [SectionToken] = []
        var context: String?
        func closeRun() {
            guard !current.isEmpty else { return }
            runs.append(Run(tokens: current, before: [], after: [], context: context))
            current = []
        }
        var gaps: [String] = []
        var gapLines: [(first: Int, last: Int)?] = []
        var gapLine: (first: Int, last: Int)?
        var shares: [Bool] = []
        for (i, token) in tokens.enumerated() {
            if token.kind == .number {
                if !current.isEmpty, Self.rowBreak(before: i, in: tokens, run: current) { closeRun() }
                if current.isEmpty {
                    gaps.append(text); text = ""
                    gapLines.append(gapLine); gapLine = nil
                    shares.append(i > 0 && tokens[i - 1].kind == .text && tokens[i - 1].line == token.line)
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
        // Gap i is the text before run i; gap i+1 the text after it.
        var group: String?
        for i in runs.indices {
            let before = SectionTokens.labelPieces(gaps[i])
            for piece in before {
                let n = LabelText.numbering(piece)
                if n.top != nil { group = nil }
                if let p = n.paren { group = p }
            }
            runs[i].before = before
            runs[i].after = SectionTokens.labelPieces(gaps[i + 1])
            runs[i].context = group
            runs[i].sharesLine = shares[i]
            if let above = gapLines[i], let below = gapLines[i + 1], let first = runs[i].tokens.first, let last = runs[i].tokens.last {
                runs[i].between = above.last == first.line - 1 && below.first == last.line + 1
            }
        }
        return runs
    }

    /// Whether a line break inside a run of numbers ends a row: a line of several numbers
    /// followed by another such line is a row a line (numbers one a line, or a number broken
    /// over two lines, stay one run).
    static func rowBreak(before i: Int, in tokens: [SectionToken], run: [SectionToken]) -> Bool {
        guard tokens[i].opensLine, let last = run.last else { return false }
        let lastLine = run.filter { $0.line == last.line }.count
        var next = 0
        var j = i
        while j < tokens.count, tokens[j].kind == .number, tokens[j].line == tokens[i].line { next += 1; j += 1 }
        return lastLine >= 2 && next >= 2
    }

    /// The candidate readings of table 三 from `tokens`, for the row sets the format allows.
    func candidates(_ tokens: [SectionToken], format: ReportFormat) -> [Candidate] {
        let runs = Self.runs(tokens)
        guard !runs.isEmpty else { return [] }
        let rowSets = format == .v2019 ? [ReportTemplate.applicationRows(.v2019, singleOther: true)]
            : [ReportTemplate.applicationRows(.v2021, singleOther: false), ReportTemplate.applicationRows(.v2021, singleOther: true)]
        var out: [Candidate] = []
        for rows in rowSets {
            for labelsBefore in [true, false] {
                let placed = align(runs, rows: rows, labelsBefore: labelsBefore)
                guard placed.anchors > 0 else { continue }
                out.append(read(runs, rows: rows, placement: placed.rows, notes: placed.notes, anchored: placed.score, format: format))
            }
        }
        return out
    }

    /// The label beside run `k` that names its row.
    private func label(_ run: Run, labelsBefore: Bool) -> String? {
        // A label printed on the numbers' line, before them, is theirs whatever the table does
        // elsewhere; so is a wrapped label whose lines the numbers stand between.
        if run.sharesLine || labelsBefore && !run.between { return run.before.last }
        // Numbers between the lines of one wrapped label: the line below continues the label
        // above only if together they name a row better than the line above alone (a
        // character of a vertical group label is not a continuation).
        if run.between, let last = run.before.last, let next = run.after.first, LabelText.numbering(next) == LabelText.Numbering(),
           LabelText.core(next).count <= 24, bestScore(last + next, context: run.context) > bestScore(last, context: run.context) {
            return last + next
        }
        if labelsBefore { return run.before.last }
        // Labels after their numbers: the first piece after the run, past group headings (and
        // characters of a vertical group label) that a numbered sub-row follows in the same gap.
        var pieces = run.after[...]
        while pieces.count > 1, let first = pieces.first, LabelText.numbering(first).index == nil,
              pieces.dropFirst().contains(where: { LabelText.numbering($0).index != nil }) {
            pieces = pieces.dropFirst()
        }
        return pieces.first
    }

    /// How well a label names the row of the template it is closest to.
    private func bestScore(_ label: String, context: String?) -> Double {
        ReportTemplate.everyApplicationRow.map { score(label, $0, context: context) }.max() ?? 0
    }

    /// How well a label names a row, with the group in force.
    private func score(_ label: String, _ row: ReportTemplate.Row, context: String?) -> Double {
        let core = LabelText.core(label)
        guard !core.isEmpty else { return 0 }
        return ApplicationsTable.score(row, core: core, numbering: LabelText.numbering(label), context: context)
    }

    /// The monotone alignment of runs to rows with the most label evidence; then runs between
    /// two anchored rows placed by position when they are as many as the rows between.
    private func align(_ runs: [Run], rows: [ReportTemplate.Row], labelsBefore: Bool)
        -> (rows: [Int: Int], anchors: Int, score: Double, notes: [String]) {
        let K = runs.count, R = rows.count
        var s = [[Double]](repeating: [Double](repeating: -1, count: R), count: K)
        for k in 0..<K {
            guard let label = label(runs[k], labelsBefore: labelsBefore) else { continue }
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
        let sorted = placed.sorted { $0.key < $1.key }
        // A run whose label reads as another row of the template (not its own, nor its group's
        // heading) is not unreadable: placing it by position would contradict its own label,
        // so a gap holding one is left unplaced.
        func contradicts(_ k: Int, _ r: Int) -> Bool {
            guard let label = label(runs[k], labelsBefore: labelsBefore) else { return false }
            let group = rows[r].group ?? rows[r].paren
            return ReportTemplate.everyApplicationRow.contains { other in
                other.key != rows[r].key && (group == nil || (other.group ?? other.paren) != group)
                    && score(label, other, context: runs[k].context) >= minSimilarity
            }
        }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.key - a.key > 1 && b.key - a.key == b.value - a.value
            && !(1..<(b.key - a.key)).contains(where: { contradicts(a.key + $0, a.value + $0) }) {
            for step in 1..<(b.key - a.key) {
                placed[a.key + step] = a.value + step
                notes.append("table 三: the label of row \(rows[a.value + step].key) could not be read; its numbers were placed by the rows around it")
            }
        }
        return (placed, anchors, f[K][R], notes)
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
            let tokens = runs[k].tokens
            let digits = tokens.map(\.text)
            guard tokens.allSatisfy({ $0.count != nil }) else {
                notes.append("table 三: row \(key) prints \(digits.joined(separator: " ")), which are not all counts; its cells are null")
                continue
            }
            if let tail = Self.brokenTail(after: k, in: runs, width: width) {
                notes.append("table 三: row \(key) prints \(digits.joined(separator: " ")) and, on the line below with no label, \(tail): the ends of numbers broken under their columns, which the text does not place; its cells are null")
                continue
            }
            let found = RunReadings.readings(tokens, width: width) { cells in cells.dropLast().reduce(0, +) == cells.last! }
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

    /// The numbers of a run just below run `k` with no label between and fewer numbers than a
    /// row has cells, where run `k` stands on one line: the tails of numbers broken over two
    /// lines under their columns (`42 1 3097` / `7 92` for 427 192 3097), which only the
    /// columns' positions could put back.
    static func brokenTail(after k: Int, in runs: [Run], width: Int) -> String? {
        guard k + 1 < runs.count, let first = runs[k].tokens.first, let last = runs[k].tokens.last, first.line == last.line,
              runs[k + 1].before.isEmpty, runs[k + 1].tokens.count < width, runs[k + 1].tokens.first?.line == last.line + 1
        else { return nil }
        return runs[k + 1].tokens.map(\.text).joined(separator: " ")
    }

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
