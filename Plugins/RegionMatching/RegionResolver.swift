import IngestKit

/// Resolves a report's publishing body to the division of one province it belongs to, and
/// writes `report.region`: the part every province stage shares, so that a province module is
/// only its data and a few lines of declaration.
///
/// ```swift
/// let resolver = try RegionResolver(table: table, options: StageOptions())
/// let out = resolver.apply(to: document, stage: "region.ningxia")
/// out.record["report"]["region"]   // {"province": "宁夏回族自治区", "city": "中卫市", "county": "中宁县", "code": "640521"}
/// ```
///
/// The agency is read first, then the title: the first of them that names any division decides.
/// Names are followed down the hierarchy (宁夏 → 中卫市 → 中宁县); a county name picks its city
/// and province, a city-level body (中卫市卫生健康委员会) stops at the city. What it does not
/// resolve it says in `issues` and leaves `report.region` null; a report that names another
/// province, or one of its divisions, first is passed through untouched.
public struct RegionResolver: Sendable {
    /// The options every province stage takes.
    public static let optionSpecs: [OptionSpec] = [
        OptionSpec("fields", .stringList, default: ["report.agency", "report.title"],
                   "record paths naming the publishing body, read in this order"),
        OptionSpec("assume_in_province", .boolean, default: false,
                   "take a bare name that another province also has (通州区) as this province's, with an info issue, instead of leaving report.region null"),
    ]

    let table: DivisionTable
    let matcher: DivisionMatcher
    let fields: [String]
    let assumeInProvince: Bool

    /// Reads the validated options; an empty `fields` list is an error.
    public init(table: DivisionTable, options: StageOptions) throws {
        self.table = table
        matcher = DivisionMatcher(table: table)
        fields = options.strings("fields") ?? ["report.agency", "report.title"]
        assumeInProvince = options.bool("assume_in_province") ?? false
        guard !fields.isEmpty, fields.allSatisfy({ !$0.isEmpty }) else {
            throw options.invalid("fields", "list at least one record path, such as report.agency")
        }
    }

    /// The document with `report.region` set, left null with an issue, or untouched (another
    /// province's report, or one whose region an earlier stage already resolved).
    public func apply(to document: Document, stage: String) -> Document {
        guard document.record.value(at: "report.region").isNull else { return document }
        let texts = fields.compactMap { path in
            document.record.value(at: path).stringValue.flatMap { $0.isEmpty ? nil : (path, $0) }
        }
        var out = document
        guard !texts.isEmpty else {
            out.record.setValue(.null, at: "report.region")
            out.addIssue(.warning, "report.region left null: the record has no \(fields.joined(separator: " or ")) to resolve", stage: stage)
            return out
        }
        for (path, text) in texts {
            switch resolve(text) {
            case .noMention:
                continue
            case .otherProvince:
                return document
            case .unresolved(let reason):
                out.record.setValue(.null, at: "report.region")
                out.addIssue(.warning, "report.region left null: \(reason) (\(path) '\(text)')", stage: stage)
                return out
            case .resolved(let division, let notes):
                out.record.setValue(region(of: division), at: "report.region")
                for note in notes { out.addIssue(.info, "report.region: \(note) (\(path) '\(text)')", stage: stage) }
                return out
            }
        }
        out.record.setValue(.null, at: "report.region")
        let shown = texts.map { "\($0.0) '\($0.1)'" }.joined(separator: ", ")
        out.addIssue(.warning, "report.region left null: no division of \(table.province.name) is named in \(shown)", stage: stage)
        return out
    }

    /// `{"province", "city", "county", "code"}` for a division of the table.
    public func region(of division: Division) -> JSONValue {
        let city: Division? = division.level == .city ? division : table.city(of: division)
        return [
            "province": .string(table.province.name),
            "city": JSONValue(city?.name),
            "county": division.level == .county ? .string(division.name) : .null,
            "code": .string(division.code),
        ]
    }
}
