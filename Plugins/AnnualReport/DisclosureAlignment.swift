import Foundation
import IngestKit

/// Reads table 二 from the section's token stream: each run of numbers is the row of the item
/// whose label ends the text before it, under the columns the last header named.
///
/// A header is the text that names fields of the format (`本年制发件数`, `处理决定数量`…); words
/// between two named fields are a column the template does not know (a local variant such as
/// `2019年项目数量`), whose numbers are left aside. A row that prints as many numbers as the
/// header has columns is read as printed. Where the document prints a run of equal cells once
/// (which table 三's identities showed), a row with fewer numbers is expanded: the first and
/// last cells are then fixed, a middle cell that either run could cover is null.
struct DisclosureAlignment: Sendable {
    var minSimilarity: Double

    /// A header column: a field of the template, or one it does not know.
    enum Column: Equatable { case field(String), unknown }

    /// Per item found: its fields' values (nil where not settled), with the token of each.
    typealias Values = [String: [String: (value: Double, token: SectionToken)?]]

    /// The words a narrative uses for a field of table 二, when it states the count.
    static let fieldWords: [String: [String]] = [
        "issued": ["制发", "新公布", "新制定", "印发", "出台"], "repealed": ["废止"], "in_force": ["现行有效"],
        "new_made": ["新制作"], "new_published": ["新公开"], "total_published": ["对外公开总"],
    ]

    /// What ends a narrative's clause, and what separates its parts.
    private static let clauseEnds: ScalarSet = "。；;\n"
    private static let commas: ScalarSet = "，,"

    /// The count the narrative states for an item's field (`公布现行有效行政规范性文件16件，新公布4件，
    /// 废止、失效4件`): a clause that names the item, then the field's words and `N件`.
    static func stated(_ item: ReportTemplate.Item, _ field: String, in narrative: String) -> Int? {
        guard let words = fieldWords[field] else { return nil }
        let name = item.label.hasPrefix("行政") ? String(item.label.dropFirst(2)) : item.label
        var found: Set<Int> = []
        for clause in narrative.split(whereSeparator: clauseEnds.contains) where clause.contains(name) {
            for part in clause.split(whereSeparator: commas.contains) {
                guard words.contains(where: { part.contains($0) }), let m = part.firstMatch(of: StatedPatterns.count) else { continue }
                if let n = Int(m.output.1) { found.insert(n) }
            }
        }
        return found.count == 1 ? found.first : nil
    }

    /// How closely a label wrapped around its numbers must name its item (most of its
    /// characters in order), and the longest continuation tried.
    static let wrappedSimilarity = 0.8
    static let longestLabel = 12

    /// What the token stream reads of table 二.
    struct Reading {
        /// The items found with their values.
        var values: Values
        var notes: [String]
        /// The lines whose numbers no other reading may take: those the items found were
        /// printed on (read or not), and the broken ends of numbers below a run.
        var claimed: Set<Int>
        /// The items that print fewer whole numbers than columns on one line, which columns
        /// they fill not shown in the text: their numbers in order, for a layout that shows
        /// the blank cells to place.
        var unplaced: [String: [Unplaced]]
    }

    /// A number of an item whose columns the text does not show: as printed on the item's
    /// line (what a layout reads there) and its value, with the end broken onto the line
    /// below joined (`83556` over `2` is 835562).
    struct Unplaced: Sendable {
        var printed: SectionToken
        var value: Double
    }

    func read(_ tokens: [SectionToken], format: ReportFormat, collapsesRuns: Bool, narrative: String = "") -> Reading {
        let runs = TemplateAlignment.runs(tokens)
        let items = ReportTemplate.disclosureItems(format)
        var header: [Column] = []
        var values: Values = [:]
        var notes: [String] = []
        var claimed: Set<Int> = []
        var unplaced: [String: [Unplaced]] = [:]
        func closest(_ text: String) -> (item: ReportTemplate.Item, score: Double)? {
            let core = LabelText.core(text)
            return LabelText.closest(items.map { ($0, Self.suffixSimilarity(core, $0.label)) }.filter { $0.1 >= minSimilarity })
        }
        // A label wrapped around its numbers (`其他对外管` / numbers / `理服务事项`) names its
        // item clearly with the start of the text below, better than the line above alone
        // does, where that start does not name an item by itself.
        func wrappedLabel(_ run: TemplateAlignment.Run) -> (item: ReportTemplate.Item, score: Double)? {
            let gap = run.before.joined()
            return run.between ? run.after.first.flatMap { next in
                (1...min(next.count, Self.longestLabel)).compactMap { k -> (item: ReportTemplate.Item, score: Double)? in
                    let part = String(next.prefix(k))
                    guard closest(part) == nil, let joined = closest(gap + part), joined.score >= Self.wrappedSimilarity else { return nil }
                    return joined
                }.max { $0.score < $1.score }
            } : nil
        }
        for (k, run) in runs.enumerated() {
            let gap = run.before.joined()
            if let named = Self.header(in: gap, format: format) { header = named }
            let above = closest(gap)
            let wrapped = wrappedLabel(run)
            guard let item = (wrapped.map { w in above.map { w.score > $0.score } ?? true } == true ? wrapped : above)?.item,
                  values[item.key] == nil else { continue }
            claimed.formUnion(run.tokens.map(\.line))
            // Whether a piece of text starts with an item's label.
            let names = { (piece: String) in (1...min(piece.count, Self.longestLabel)).contains { closest(String(piece.prefix($0))) != nil } }
            var run = run
            let lines = run.tokens.map(\.line)
            if item.fields.count == 1 || run.sharesLine, run.tails.isEmpty, run.tokens.count == 2, lines[1] == lines[0] + 1 {
                // An item of one column printing a number on its label's line and one on the
                // line below (`2` over `342`), or of several printing one on its label's line
                // (the layout showing the blank cells) and one below: the second is the end of
                // the first broken in a narrow column where it stands under it, as the tails of
                // a wider row are, and the row is not settled otherwise.
                run.tails = [run.tokens[1]]
                run.tokens = [run.tokens[0]]
            }
            var source = run.tokens
            let heads = run.tokens
            if !run.tails.isEmpty {
                // The ends of numbers broken under their columns (`1338` over `3`): joined to the
                // number each stands under where the columns settle that, the item prints its
                // numbers beside its label, and the ends are not the next item's numbers set
                // above its label: that item prints its own beside its label, on the line right
                // below the ends or after text that names no item (a sub-table's caption). No
                // identity checks table 二 beyond that, so anything less is null.
                let next = k + 1 < runs.count ? runs[k + 1] : nil
                let belowEnds = next?.tokens.first?.line == run.tails.last.map { $0.line + 1 }
                guard run.sharesLine, next?.sharesLine ?? true, belowEnds || !(run.after.first.map(names) ?? false),
                      !(run.tokens + run.tails).contains(where: \.glued), let joined = TemplateAlignment.joiningTails(run) else {
                    notes.append("table 二: \(item.label) prints \(run.tokens.map(\.text).joined(separator: " ")) and, on the line below with no label, \(TemplateAlignment.describeTails(run)): the ends of numbers broken under their columns, which do not settle them; its cells are null")
                    values[item.key] = [:]
                    continue
                }
                notes.append("table 二: \(item.label) prints \(run.tokens.map(\.text).joined(separator: " ")) and, on the line below with no label, \(TemplateAlignment.describeTails(run)): the ends of numbers broken under their columns, joined to the numbers they stand under")
                source = joined
            }
            // Digits spaced apart inside a cell (`2 01 2`) are one number: with no identity to
            // check table 二 against, the row is read only if joining them leaves no doubt.
            var printed = source
            if printed.contains(where: \.glued) {
                printed = []
                for t in source {
                    if t.glued, var last = printed.last { last.text += t.text; last.glued = true; printed[printed.count - 1] = last } else { printed.append(t) }
                }
            }
            if printed.count == 1, item.fields.count > 1, printed[0].text.count == item.fields.count,
               printed[0].withoutRuling == nil, printed[0].text.allSatisfy({ $0 == "0" }) {
                // A run of zeros where a row of several cells stands, one zero a column: a row of
                // zeros run together (a table printed on one line). Any other digit run could be
                // cut several ways, and no identity of table 二 would tell which.
                notes.append("table 二: \(item.label) prints \(printed[0].text) for \(item.fields.count) columns; read as zeros run together")
                printed = printed[0].text.indices.map { i in
                    var t = printed[0]
                    t.text = "0"
                    t.charColumn += printed[0].text.distance(from: printed[0].text.startIndex, to: i)
                    t.displayColumn = t.charColumn - printed[0].charColumn + printed[0].displayColumn
                    return t
                }
            }
            let numbers = printed.compactMap { t in PrintedNumber.parse(t.text).map { (value: $0, token: t) } }
            guard numbers.count == printed.count, !printed.contains(where: { $0.text.count > 1 && $0.text.first == "0" }) else {
                notes.append("table 二: \(item.label) prints numbers that are not counts as printed; its cells are null")
                values[item.key] = [:]
                continue
            }
            var columns = header.filter { column in
                if case .field(let f) = column { return item.fields.contains(f) }
                return true
            }
            if !columns.contains(where: { if case .field = $0 { true } else { false } }) {
                columns = item.fields.map(Column.field)
            }
            if numbers.count != columns.count, numbers.count == item.fields.count {
                // The header as extracted names fewer columns than the row prints (its words ran
                // out of order): the template's columns.
                notes.append("table 二: the header above \(item.label) names \(columns.count) of its columns; its \(numbers.count) numbers were read in the template's order")
                columns = item.fields.map(Column.field)
            }
            let perLine = Dictionary(grouping: run.tokens, by: \.line).values.map(\.count)
            if run.sharesLine, perLine.count > 1 {
                // A row that starts on its label's line and goes on to lines with no label: where
                // its cells end is not shown (numbers broken over lines).
                notes.append("table 二: \(item.label) prints \(printed.map(\.text).joined(separator: " ")) from its label's line onto the lines below; where its cells end is not shown, so they are null")
                values[item.key] = [:]
                continue
            }
            // The numbers on the next line with no label have none after them either where the
            // text after them is the label on the line of the numbers after that, or nothing (the
            // end, or more numbers right after: `4 8 7` / `1 3 7` / `2 5 45`, digits spaced apart
            // in cells a line), or does not start with an item's label (`件`, the end of this
            // item's own label).
            let unlabelled = { (j: Int) in
                runs[j].after.isEmpty || j + 1 < runs.count && runs[j + 1].sharesLine && runs[j + 1].before.count <= 1
                    || runs[j].after.first.map { !names($0) } ?? false
                    // The only text after is the start of a label wrapped around the next run.
                    || j + 1 < runs.count && runs[j + 1].before.count == 1 && wrappedLabel(runs[j + 1]) != nil
            }
            if k + 1 < runs.count, runs[k + 1].before.isEmpty, let last = run.tokens.last?.line, runs[k + 1].tokens[0].line == last + 1,
               runs[k + 1].tokens.count < item.fields.count || perLine.count > 1 || unlabelled(k + 1) {
                claimed.formUnion(runs[k + 1].tokens.map(\.line))
                // Fewer numbers than a row's on the next line with no label, any after a row
                // printed over several lines, or numbers with no label on either side: where
                // the item's cells end is not shown (digits spaced apart, a row broken over
                // lines).
                notes.append("table 二: \(item.label) prints \(printed.map(\.text).joined(separator: " ")) and, on the next line with no label, \(runs[k + 1].tokens.map(\.text).joined(separator: " ")); where its cells end is not shown, so they are null")
                values[item.key] = [:]
                continue
            }
            var cells: [String: (value: Double, token: SectionToken)?] = [:]
            if let marked = Self.blanks(before: run, in: tokens) {
                // Blank cells printed as marks (`—`) before the numbers are the row's first
                // columns: the numbers fill the rest where one count of blanks fits, or the row
                // is not read.
                let fits = marked.filter { $0 + numbers.count == columns.count }
                guard fits.count == 1, let blanks = fits.first else {
                    notes.append("table 二: \(item.label) prints blank cells and \(numbers.count) numbers for \(columns.count) columns; which cells they are is not shown, so they are null")
                    values[item.key] = [:]
                    continue
                }
                for (column, n) in zip(columns.dropFirst(blanks), numbers) {
                    if case .field(let f) = column { cells[f] = n.token.withoutRuling == nil ? n : .some(nil) }
                }
            } else if numbers.count == columns.count, numbers.contains(where: { $0.token.withoutRuling == "" }) {
                // A lone `|` (or `l`, `I`) among the numbers: a 1, or a ruling line beside a row
                // that then prints fewer numbers than columns; which cells the others are is not
                // shown either.
                notes.append("table 二: \(item.label) prints \(printed.map(\.text).joined(separator: " ")), one of them a lone `|` that is a 1 or a ruling line; which cells the numbers are is not shown, so they are null")
                values[item.key] = [:]
                continue
            } else if numbers.count == columns.count {
                for (column, n) in zip(columns, numbers) {
                    guard case .field(let f) = column else { continue }
                    // `|78`: 178, or 78 beside a ruling line; no identity of table 二 can tell.
                    if n.token.withoutRuling != nil {
                        cells[f] = .some(nil)
                        notes.append("table 二: \(item.label) \(f) prints \(n.token.text) with a `|` that is a 1 or a ruling line; it is null")
                    } else {
                        cells[f] = n
                    }
                }
            } else if numbers.count < columns.count, collapsesRuns {
                guard numbers.allSatisfy({ $0.value == $0.value.rounded() && abs($0.value) < 1e9 }) else { values[item.key] = [:]; continue }
                let readings = RunReadings.expanded(numbers.indices.map { (Int(numbers[$0].value), $0) }, width: columns.count)
                guard !readings.isEmpty else { values[item.key] = [:]; continue }
                for (c, column) in columns.enumerated() {
                    guard case .field(let f) = column else { continue }
                    let first = readings[0][c].token
                    let options = Set(readings.map { $0[c].token })
                    if readings.allSatisfy({ $0[c].token == first }) { cells[f] = numbers[first] } else if let n = Self.stated(item, f, in: narrative),
                              let token = options.first(where: { numbers[$0].value == Double(n) }) {
                        cells[f] = numbers[token]
                        notes.append("table 二: \(item.label) prints \(numbers.count) numbers for \(columns.count) columns; \(f) could belong to either run, and the narrative's \(n) settles it")
                    } else {
                        cells[f] = .some(nil)
                        notes.append("table 二: \(item.label) prints \(numbers.count) numbers for \(columns.count) columns; \(f) could belong to either run and is null")
                    }
                }
            } else {
                // Found but not readable: null, never another reading's guess.
                notes.append("table 二: \(item.label) prints \(numbers.count) numbers for \(columns.count) columns; its cells are null")
                if numbers.count < columns.count, perLine.count == 1, !printed.contains(where: \.glued), heads.count == numbers.count {
                    unplaced[item.key] = zip(heads, numbers).map { Unplaced(printed: $0, value: $1.value) }
                }
            }
            values[item.key] = cells
        }
        // The broken ends of numbers below a run are the run's, never a cell of their own.
        for run in runs { claimed.formUnion(run.tails.map(\.line)) }
        return Reading(values: values, notes: notes, claimed: claimed, unplaced: unplaced)
    }

    /// How many blank cells stand right before a run's first number, printed as marks (`—`,
    /// `-`, `/`): a mark a cell, except that em dashes run together are one or two a cell
    /// (`——` is one dash or two blank cells). Nil where there are none.
    static func blanks(before run: TemplateAlignment.Run, in tokens: [SectionToken]) -> ClosedRange<Int>? {
        guard let first = run.tokens.first,
              let i = tokens.firstIndex(where: { $0.kind == .number && $0.line == first.line && $0.charColumn == first.charColumn }) else { return nil }
        // Marks that stand alone or are not dashes are a cell each; a run of dashes run
        // together (`——`) is one or two marks a cell.
        var exact = 0, dashes = 0
        var j = i - 1
        while j >= 0, tokens[j].kind == .text {
            let text = tokens[j].text
            let trailing = text.reversed().prefix { SectionTokens.blankMarks.contains($0) }
            guard !trailing.isEmpty else { break }
            if trailing.count == 1 { exact += 1 } else {
                let dash = trailing.filter { $0 == "—" }.count
                dashes += dash
                exact += trailing.count - dash
            }
            if trailing.count < text.count { break }
            j -= 1
        }
        guard exact + dashes > 0 else { return nil }
        return (exact + (dashes + 1) / 2)...(exact + dashes)
    }

    /// The columns a text names, when it names a field of the format: the named fields in
    /// order, with a column the template does not know for words before or between them.
    static func header(in text: String, format: ReportFormat) -> [Column]? {
        var core = LabelText.core(text)
        if let r = core.range(of: "信息内容", options: .backwards) { core = String(core[r.upperBound...]) }
        let fields = ReportTemplate.disclosureFields.filter { $0.format == nil || $0.format == format }
        var found: [(Range<String.Index>, String)] = []
        let utf8 = core.utf8
        for field in fields {
            let header = LabelText.core(field.header)
            if let r = core.byteRange(of: header) {
                let start = utf8.index(utf8.startIndex, offsetBy: r.lowerBound)
                found.append((start..<utf8.index(start, offsetBy: r.count), field.key))
            }
        }
        guard !found.isEmpty else { return nil }
        found.sort { $0.0.lowerBound < $1.0.lowerBound }
        var columns: [Column] = []
        var at = core.startIndex
        for (range, key) in found where range.lowerBound >= at {
            let words = core[at..<range.lowerBound]
            if ["数量", "件数", "金额"].contains(where: { words.hasSuffix($0) }) { columns.append(.unknown) }
            columns.append(.field(key))
            at = range.upperBound
        }
        return columns
    }

    /// How close the end of a text is to a label (0…1): the label may end a longer text of
    /// headers before it.
    static func suffixSimilarity(_ core: String, _ label: String) -> Double {
        let chars = Array(core)
        let n = label.count
        return (max(1, n - 2)...(n + 2)).map { length -> Double in
            guard length <= chars.count else { return 0 }
            return LabelText.similarity(String(chars.suffix(length)), label)
        }.max() ?? 0
    }
}

/// Compiled once: a regex literal is parsed again each time it is evaluated.
private enum StatedPatterns {
    nonisolated(unsafe) static let count: Regex<(Substring, Substring)> = /([0-9]+)\s*件/
}
