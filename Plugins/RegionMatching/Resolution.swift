/// What the names in one text say about its region.
enum Resolution: Sendable, Equatable {
    /// A division of the stage's province, with notes for `issues` (a former division, a shared
    /// name taken as this province's).
    case resolved(Division, notes: [String])
    /// The text names another province, or one of its divisions, before any of ours.
    case otherProvince(Set<String>)
    /// The names do not pin down one division; the reason says why.
    case unresolved(String)
    /// No division name at all.
    case noMention
}

extension RegionResolver {
    /// Follows the division names of `text` down the hierarchy of the stage's province.
    func resolve(_ text: String) -> Resolution {
        var chosen: Division?
        var notes: [String] = []
        for mention in matcher.mentions(in: text) {
            let candidates = narrow(mention.own, within: chosen)
            if candidates.isEmpty {
                if chosen == nil, !mention.otherProvinces.isEmpty { return .otherProvince(mention.otherProvinces) }
                continue
            }
            guard candidates.count == 1 else {
                let list = candidates.map(label).joined(separator: " or ")
                return .unresolved("'\(mention.text)' is \(list), and nothing before it says which")
            }
            let division = candidates[0]
            if chosen == nil, !mention.otherProvinces.isEmpty {
                let others = provinceNames(mention.otherProvinces)
                guard assumeInProvince else {
                    return .unresolved("'\(mention.text)' is \(label(division)) but also a division of \(others), "
                        + "and nothing before it names the province or city (set assume_in_province to take \(table.province.name)'s)")
                }
                notes.append("'\(mention.text)' is also a division of \(others); taken as \(table.province.name)'s (assume_in_province)")
            }
            if division.isFormer {
                notes.append("\(label(division)) is a former division: an earlier GB/T 2260 revision has it, the current table does not")
            }
            chosen = division
            if division.level == .county { break }
        }
        guard let chosen else { return .noMention }
        return .resolved(chosen, notes: notes)
    }

    /// The candidates that lie inside `context`; current divisions before former ones; and where
    /// one candidate contains all the others (淮安: 淮安市 and its 淮安区) that one, since a
    /// district's bodies write the district's full name.
    func narrow(_ candidates: [Division], within context: Division?) -> [Division] {
        var kept = candidates.filter { context.map($0.isWithin) ?? true }
        if kept.contains(where: { !$0.isFormer }) { kept = kept.filter { !$0.isFormer } }
        if let top = kept.min(by: { $0.level < $1.level }), kept.allSatisfy({ $0 == top || $0.isWithin(top) }) {
            return [top]
        }
        return kept.reduce(into: []) { unique, d in if !unique.contains(d) { unique.append(d) } }
    }

    /// 南京市鼓楼区 (320106): a division with its city, as an issue shows it.
    func label(_ division: Division) -> String {
        let city = table.city(of: division).map(\.name) ?? ""
        return "\(city)\(division.name) (\(division.code))"
    }

    private func provinceNames(_ prefixes: Set<String>) -> String {
        prefixes.sorted().map { NationalNames.provinces[$0] ?? $0 }.joined(separator: ", ")
    }
}
