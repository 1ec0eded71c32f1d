/// A place name found in an agency or a title, with what it can denote.
struct Mention: Sendable, Equatable {
    /// The text as written (中宁县, 宁夏, 鼓楼区).
    let text: String
    /// The divisions of the stage's province it can be.
    let own: [Division]
    /// Other provinces (two-digit prefixes) that have a division of that name.
    let otherProvinces: Set<String>
}

/// Finds division names in a string, left to right, longest name first.
///
/// Full names (中宁县) count anywhere; short names (中宁, 宁夏) only where a name starts: at the
/// beginning, after punctuation or a space, or right after another division name, so that 大丰
/// in 大丰收 or 东海 in 东海舰队 is not taken for a place. A consumed name is skipped whole,
/// so 宁县 (a county in 甘肃) is not found inside 中宁县.
struct DivisionMatcher: Sendable {
    let provincePrefix: String
    private let fullNames: [String: [Division]]
    private let shortNames: [String: [Division]]
    private let longest: Int

    init(table: DivisionTable) {
        provincePrefix = String(table.province.code.prefix(2))
        fullNames = Dictionary(grouping: table.divisions, by: \.name)
        shortNames = Dictionary(grouping: table.divisions.filter { $0.shortName != nil }, by: { $0.shortName! })
        let national = NationalNames.index.keys.map(\.count).max() ?? 0
        longest = max(national, table.divisions.map(\.name.count).max() ?? 0)
    }

    /// The division names in `text`, in order; whitespace is ignored.
    func mentions(in text: String) -> [Mention] {
        let characters = Array(text.filter { !$0.isWhitespace })
        var found: [Mention] = []
        var index = 0
        var atNameStart = true
        while index < characters.count {
            if let mention = longestMention(in: characters, at: index, atNameStart: atNameStart) {
                found.append(mention)
                index += mention.text.count
                atNameStart = true
            } else {
                atNameStart = !characters[index].isLetter
                index += 1
            }
        }
        return found
    }

    private func longestMention(in characters: [Character], at start: Int, atNameStart: Bool) -> Mention? {
        let maxLength = min(longest, characters.count - start)
        guard maxLength >= 2 else { return nil }
        for length in stride(from: maxLength, through: 2, by: -1) {
            let candidate = String(characters[start..<(start + length)])
            var own = fullNames[candidate] ?? []
            if atNameStart { own += shortNames[candidate] ?? [] }
            var others = Set<String>()
            if let entry = NationalNames.index[candidate], !entry.isShort || atNameStart {
                others = entry.provinces.subtracting([provincePrefix])
            }
            if !own.isEmpty || !others.isEmpty {
                return Mention(text: candidate, own: own, otherProvinces: others)
            }
        }
        return nil
    }
}
