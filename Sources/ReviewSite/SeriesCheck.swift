import IngestKit

/// The checks no single report can make: one agency's report of a year against its report of
/// the year before.
///
/// ```swift
/// for result in SeriesCheck.results(records) where !result.ok { print(result.detail) }
/// ```
///
/// - `series.carried_over`: per column of table 三, this year's 上年结转 (`carried_over`) equals
///   last year's 结转下年度 (`carried_forward`).
/// - `series.in_force`: per item of table 二 that counts documents in force (2021 format, both
///   years), this year's 现行有效 (`in_force`) equals last year's plus this year's 制发
///   (`issued`) minus its 废止 (`repealed`).
///
/// Reports are of one agency when they print the same agency; a pair is checked only where
/// both values are known (a null is not a mismatch, it is a cell the document does not show).
public enum SeriesCheck {
    /// One comparison between two consecutive reports of an agency.
    public struct Result: Sendable, Equatable {
        public let rule: String
        public let agency: String
        /// The later year (the one whose report is checked against the year before).
        public let year: Int
        /// The record ids of the earlier and the later report.
        public let earlier: String, later: String
        /// The column (table 三) or item (table 二) compared.
        public let scope: String
        /// What the earlier report implies, and what the later one prints.
        public let expected: Double, found: Double

        public var ok: Bool { abs(expected - found) < 1e-6 }

        /// In words, for the page.
        public var detail: String {
            switch rule {
            case carriedOver:
                return "\(year)年「上年结转」\(scope)为 \(shown(found))，\(year - 1)年「结转下年度继续办理」为 \(shown(expected))"
            default:
                return "\(year)年「现行有效件数」\(scope)为 \(shown(found))，按\(year - 1)年现行有效加本年制发减本年废止应为 \(shown(expected))"
            }
        }
    }

    public static let carriedOver = "series.carried_over"
    public static let inForce = "series.in_force"

    /// Every comparison the records allow, by agency, then year, then rule and scope.
    public static func results(_ records: [ReviewRecord]) -> [Result] {
        var byAgency: [String: [ReviewRecord]] = [:]
        for record in records {
            guard let agency = record.agency, record.year != nil else { continue }
            byAgency[agency, default: []].append(record)
        }
        var out: [Result] = []
        for agency in byAgency.keys.sorted() {
            let reports = byAgency[agency]!.sorted { ($0.year!, $0.id) < ($1.year!, $1.id) }
            for later in reports {
                for earlier in reports where earlier.year! + 1 == later.year! {
                    out += compare(earlier, later, agency: agency)
                }
            }
        }
        return out
    }

    static func compare(_ earlier: ReviewRecord, _ later: ReviewRecord, agency: String) -> [Result] {
        var out: [Result] = []
        func result(_ rule: String, _ scope: String, _ expected: Double?, _ found: Double?) {
            guard let expected, let found else { return }
            out.append(Result(rule: rule, agency: agency, year: later.year!, earlier: earlier.id, later: later.id,
                              scope: scope, expected: expected, found: found))
        }
        for (column, header) in ReportTemplate.applicationColumns {
            result(carriedOver, header,
                   earlier.value(ReportTemplate.CellRef("applications", "carried_forward", column)),
                   later.value(ReportTemplate.CellRef("applications", "carried_over", column)))
        }
        guard earlier.format == .v2021, later.format == .v2021 else { return out }
        for item in ReportTemplate.disclosureItems(.v2021) where Set(item.fields).isSuperset(of: ["in_force", "issued", "repealed"]) {
            func cell(_ record: ReviewRecord, _ field: String) -> Double? {
                record.value(ReportTemplate.CellRef("active_disclosure", item.key, field))
            }
            var expected: Double? = nil
            if let before = cell(earlier, "in_force"), let issued = cell(later, "issued"), let repealed = cell(later, "repealed") {
                expected = before + issued - repealed
            }
            result(inForce, item.label, expected, cell(later, "in_force"))
        }
        return out
    }
}
