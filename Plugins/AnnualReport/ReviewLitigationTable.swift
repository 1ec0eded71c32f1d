import IngestKit

/// Table 四 (行政复议、行政诉讼): three groups of five results, mapped by their headers.
///
/// Headers are read column by column (pieces of a header set one character a line are put
/// together by the tables stage; `结果维` still reads as 维持). When the number row holds
/// fewer numbers than the header has columns, where they belong is ambiguous: the column
/// position is taken unless the narrative's counts (`行政复议 1 件`) fit another whole-group
/// placement better, which is then used and said in `issues`. Groups the row does not cover
/// are null. A cell a stage could not read (`PrintedNumber.unreadable`) keeps its column: it
/// is null, and the numbers after it stay in theirs.
struct ReviewLitigationTable: Sendable {
    /// Whether the narrative may settle an ambiguous placement.
    var narrativeSettles: Bool
    /// Whether a row of fewer numbers than cells is placed by position when neither its
    /// headers nor the narrative place it. Not on pages read by OCR: there the numbers
    /// missing are as likely the first group's as the last's.
    var placesByPosition = true

    /// A (group, result) position of the template.
    struct Slot: Hashable {
        var group: Int
        var result: Int
        var path: String {
            "\(ReviewLitigationVocabulary.groups[group].key).\(ReviewLitigationVocabulary.results[result].key)"
        }
    }

    static let slotCount = ReviewLitigationVocabulary.groups.count * ReviewLitigationVocabulary.results.count

    /// The template's slots in reading order.
    static func standardSlot(_ k: Int) -> Slot {
        Slot(group: k / ReviewLitigationVocabulary.results.count, result: k % ReviewLitigationVocabulary.results.count)
    }

    /// Column → slot, from the header rows, when they name at least one whole group.
    static func headerSlots(_ headers: [TableRow]) -> [Int: Slot] {
        var text: [Int: String] = [:]
        for row in headers { for cell in row.texts { text[cell.column, default: ""] += LabelText.core(cell.text) } }
        var slots: [Int: Slot] = [:]
        var group: Int?
        for column in text.keys.sorted() {
            var words = text[column]!
            if let g = groupNamed(in: words) {
                group = g
                for header in ReviewLitigationVocabulary.groups.flatMap(\.headers) + ["行政诉讼"] {
                    words = words.replacingOccurrences(of: header, with: "")
                }
            }
            let scores = ReviewLitigationVocabulary.results.map { r in words.filter { r.marks.contains($0) }.count }
            if let group, let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] > 0 {
                slots[column] = Slot(group: group, result: best)
            }
        }
        return Set(slots.values).count >= ReviewLitigationVocabulary.results.count ? slots : [:]
    }

    /// The group a header names, the most specific words first.
    static func groupNamed(in words: String) -> Int? {
        let order = [1, 2, 0]
        return order.first { g in ReviewLitigationVocabulary.groups[g].headers.contains { words.contains($0) } }
    }

    /// Reads the groups from the rows of table 四.
    func read(_ rows: [TableRow], facts: NarrativeFacts, findings: inout Findings) -> JSONValue {
        var placed: [Slot: Cell] = [:]
        if let data = rows.indices.max(by: { rows[$0].numbers.count < rows[$1].numbers.count }), !rows[data].numbers.isEmpty {
            let headers = rows[..<data].filter { $0.table == rows[data].table && $0.numbers.isEmpty }
            placed = place(rows[data].places, headers: Array(headers), facts: facts, findings: &findings)
        } else {
            findings.note(.warning, "table 四 was not found; its cells are null")
        }
        var out: [String: JSONValue] = [:]
        for (g, group) in ReviewLitigationVocabulary.groups.enumerated() {
            var fields: [String: JSONValue] = [:]
            for (r, result) in ReviewLitigationVocabulary.results.enumerated() {
                let slot = Slot(group: g, result: r)
                if let cell = placed[slot], let n = LabelText.number(cell.text) {
                    fields[result.key] = JSONValue(n)
                    findings.cite("tables.review_litigation.\(slot.path)", cell)
                } else {
                    fields[result.key] = .null
                }
            }
            if placed.keys.contains(where: { $0.group == g }) == false, !placed.isEmpty {
                findings.note(.warning, "table 四: \(group.key) is not shown in the document; its cells are null")
            }
            out[group.key] = .object(fields)
        }
        return .object(out)
    }

    /// Places the numbers (and the unread marks among them): by header column, by the template's
    /// order, or — when fewer than the columns and the narrative disagrees with the position —
    /// by the narrative.
    private func place(_ numbers: [Cell], headers: [TableRow], facts: NarrativeFacts, findings: inout Findings) -> [Slot: Cell] {
        let slots = Self.headerSlots(headers)
        var positional: [Slot: Cell] = [:]
        // The header's columns place the numbers only when they give each its own slot (a
        // header misread may name a group twice).
        let byHeaders = !slots.isEmpty && numbers.allSatisfy { slots[$0.column] != nil } && Set(numbers.map { slots[$0.column]! }).count == numbers.count
        if byHeaders {
            for n in numbers { positional[slots[n.column]!] = n }
        } else if let first = numbers.first?.column, Set(numbers.map(\.column)).count == numbers.count,
                  numbers.allSatisfy({ $0.column - first < Self.slotCount }), numbers.count < numbers.last!.column - first + 1 {
            // A cell between the numbers that is not one (`|`: a 1 or a ruling line) keeps its
            // place: the numbers after it stay in their columns.
            for n in numbers { positional[Self.standardSlot(n.column - first)] = n }
        } else {
            for (k, n) in numbers.prefix(Self.slotCount).enumerated() { positional[Self.standardSlot(k)] = n }
        }
        let guessed = !placesByPosition && !byHeaders && numbers.count < Self.slotCount
        let size = ReviewLitigationVocabulary.results.count
        guard narrativeSettles, numbers.count < Self.slotCount, numbers.count % size == 0 else {
            return guessed ? unplaced(numbers.count, findings: &findings) : positional
        }
        let candidates = stride(from: 0, through: Self.slotCount - numbers.count, by: size).map { offset in
            Dictionary(uniqueKeysWithValues: numbers.enumerated().map { (Self.standardSlot(offset + $0.offset), $0.element) })
        }
        let scored = candidates.map { ($0, agreement($0, facts)) }
        let own = agreement(positional, facts)
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 > own else {
            return guessed ? unplaced(numbers.count, findings: &findings) : positional
        }
        let covered = Set(best.0.keys.map(\.group)).sorted().map { ReviewLitigationVocabulary.groups[$0].key }
        findings.note(.warning, "table 四: the number row holds \(numbers.count) of \(Self.slotCount) cells and its position is ambiguous; "
            + "the narrative (\(statedWords(facts))) fits them under \(covered.joined(separator: " and ")), so they were placed there")
        return best.0
    }

    /// No placement: the row's numbers stand under no header that was read.
    private func unplaced(_ count: Int, findings: inout Findings) -> [Slot: Cell] {
        findings.note(.warning, "table 四: the number row holds \(count) of \(Self.slotCount) cells, read by OCR, and neither its headers "
            + "nor the narrative tell which groups they are; its cells are null")
        return [:]
    }

    /// How many narrative counts a placement agrees with, minus those it contradicts.
    private func agreement(_ placed: [Slot: Cell], _ facts: NarrativeFacts) -> Int {
        func total(_ g: Int) -> Double? { placed[Slot(group: g, result: 4)].flatMap { LabelText.number($0.text) } }
        var score = 0
        for (g, fact) in [(0, facts.review), (1, facts.litigationDirect), (2, facts.litigationAfterReview)] {
            guard let fact, let value = total(g) else { continue }
            score += value == Double(fact.count) ? 1 : -1
        }
        if let fact = facts.litigation, let direct = total(1), let after = total(2) {
            score += direct + after == Double(fact.count) ? 1 : -1
        }
        return score
    }

    private func statedWords(_ facts: NarrativeFacts) -> String {
        [facts.review, facts.litigationDirect, facts.litigationAfterReview, facts.litigation].compactMap { $0?.words }
            .joined(separator: "; ")
    }
}
