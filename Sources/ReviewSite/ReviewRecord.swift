import Foundation
import IngestKit

/// One record as the review site reads it: the record's JSON (as the sinks stored it) with the
/// values the pages show named, and every table cell with its value, provenance and check state.
///
/// ```swift
/// let record = try ReviewRecord(json)
/// record.cells.filter { $0.provenance?.box != nil }   // the cells outlined on a PDF's pages
/// ```
public struct ReviewRecord: Sendable {
    /// The whole record, as stored.
    public let json: JSONValue
    public let id: String
    public let source: String
    /// `pdf`, `text` or `html`.
    public let kind: String?
    public let pages: Int?
    public let agency: String?
    public let year: Int?
    public let format: ReportTemplate.Format
    /// Whether table 三 prints 三(六) as one row (`other_processing`).
    public let singleOther: Bool
    /// The record's `checks`: rule, ok, detail.
    public let checks: [(rule: String, ok: Bool, detail: String)]
    /// The record's `issues`.
    public let issues: [Issue]
    /// Where each value came from, by its record path.
    public let provenance: [String: Provenance]
    /// Every cell of the record's three tables, in the template's order.
    public private(set) var cells: [RecordCell] = []

    /// Reads `json`, a record as `Document.outputRecord` gives it.
    public init(_ json: JSONValue) throws {
        guard let id = json.value(at: "document.id").stringValue, !id.isEmpty else {
            throw ReviewSiteError("a stored record has no document.id")
        }
        self.json = json
        self.id = id
        source = json.value(at: "document.source").stringValue ?? ""
        kind = json.value(at: "document.kind").stringValue
        pages = json.value(at: "document.pages").intValue
        agency = json.value(at: "report.agency").stringValue
        year = json.value(at: "report.year").intValue
        format = json.value(at: "report.format").stringValue.flatMap(ReportTemplate.Format.init(rawValue:)) ?? .v2021
        let rows = json.value(at: "tables.applications.rows").objectValue ?? [:]
        singleOther = format == .v2019 || (rows[ReportTemplate.otherSingle.key].map { !$0.isNull } ?? false)
        checks = (json["checks"].arrayValue ?? []).map {
            ($0["rule"].stringValue ?? "", $0["ok"].boolValue ?? false, $0["detail"].stringValue ?? "")
        }
        issues = (try? JSONDecoder().decode([Issue].self, from: json["issues"].serialized())) ?? []
        provenance = (try? JSONDecoder().decode([String: Provenance].self, from: json["provenance"].serialized())) ?? [:]
        cells = makeCells()
    }

    /// A value of the record's tables.
    public func value(_ cell: ReportTemplate.CellRef) -> Double? {
        let table = json["tables"][cell.table]
        guard cell.table == "applications" else { return table[cell.row][cell.column].doubleValue }
        guard let column = ReportTemplate.applicationColumns.firstIndex(where: { $0.key == cell.column }) else { return nil }
        return table["rows"][cell.row][column].doubleValue
    }

    /// The record path of a table cell, as `provenance` keys it.
    public static func path(_ cell: ReportTemplate.CellRef) -> String {
        switch cell.table {
        case "applications":
            let column = ReportTemplate.applicationColumns.firstIndex { $0.key == cell.column } ?? 0
            return "tables.applications.rows.\(cell.row)[\(column)]"
        default:
            return "tables.\(cell.table).\(cell.row).\(cell.column)"
        }
    }

    /// The template's cells of this record's format, each with its value and check state.
    private func makeCells() -> [RecordCell] {
        let identities = ReportTemplate.identities(format, singleOther: singleOther)
        var state: [ReportTemplate.CellRef: CheckState] = [:]
        for identity in identities {
            let holds = identity.holds { self.value($0) }
            for cell in identity.cells {
                let outcome: CheckState = holds.map { $0 ? CheckState.passed : CheckState.failed } ?? .unverified
                state[cell] = CheckState.combine(state[cell] ?? .unverified, outcome)
            }
        }
        var refs: [ReportTemplate.CellRef] = []
        for item in ReportTemplate.disclosureItems(format) {
            refs += item.fields.map { ReportTemplate.CellRef("active_disclosure", item.key, $0) }
        }
        for row in ReportTemplate.applicationRows(format, singleOther: singleOther) {
            refs += ReportTemplate.applicationColumns.map { ReportTemplate.CellRef("applications", row.key, $0.key) }
        }
        for group in ReportTemplate.reviewGroups {
            refs += ReportTemplate.reviewResults.map { ReportTemplate.CellRef("review_litigation", group.key, $0.key) }
        }
        return refs.map { ref in
            let path = Self.path(ref)
            let number = self.value(ref)
            let origin = provenance[path]
            return RecordCell(ref: ref, path: path, value: number, provenance: origin,
                              check: state[ref] ?? .unverified, confidence: ReadingConfidence(value: number, provenance: origin))
        }
    }

    /// The total column of a row of table 三.
    public func applications(_ row: String) -> Double? {
        value(ReportTemplate.CellRef("applications", row, ReportTemplate.applicationTotalColumn))
    }

    /// The total of a group of table 四.
    public func review(_ group: String) -> Double? {
        value(ReportTemplate.CellRef("review_litigation", group, "total"))
    }

    /// Lawsuits: the totals of every group of table 四 but 行政复议 (null when none is shown).
    public var lawsuits: Double? {
        let totals = ReportTemplate.reviewGroups.map(\.key).filter { $0 != "review" }.compactMap(review)
        return totals.isEmpty ? nil : totals.reduce(0, +)
    }

    /// How many checks failed.
    public var failedChecks: Int { checks.filter { !$0.ok }.count }

    /// Issues of one severity.
    public func issueCount(_ severity: Issue.Severity) -> Int { issues.filter { $0.severity == severity }.count }

    /// A short name: agency and year, or the source file's name.
    public var title: String {
        if let agency { return agency + (year.map { " \($0)" } ?? "") }
        return URL(fileURLWithPath: source).lastPathComponent
    }
}

/// A cell of the record's tables as the review shows it.
public struct RecordCell: Sendable {
    public let ref: ReportTemplate.CellRef
    /// Its record path (`tables.applications.rows.total[6]`).
    public let path: String
    public let value: Double?
    /// Where it was read, when the schema kept that.
    public let provenance: Provenance?
    /// Whether the identities it takes part in hold.
    public let check: CheckState
    public let confidence: ReadingConfidence
}

/// How the identities (勾稽关系) a cell takes part in came out.
public enum CheckState: String, Sendable {
    /// Every identity that could be checked holds.
    case passed
    /// At least one identity it takes part in fails.
    case failed
    /// No identity it takes part in could be checked (a cell missing, or none applies).
    case unverified

    static func combine(_ a: CheckState, _ b: CheckState) -> CheckState {
        if a == .failed || b == .failed { return .failed }
        if a == .passed || b == .passed { return .passed }
        return .unverified
    }

    /// In words, for the page.
    public var words: String {
        switch self {
        case .passed: "勾稽关系成立"
        case .failed: "勾稽关系不成立"
        case .unverified: "无法核验"
        }
    }
}

/// How directly a value was read from the document. The schema keeps, per value, the raw text
/// it read; the confidence compares the two, so it says what the reviewer needs to know: is the
/// number on the page the number in the record?
public enum ReadingConfidence: String, Sendable {
    /// The raw text is exactly the recorded number.
    case asPrinted = "high"
    /// The raw text is not the recorded number as it stands: pieces joined, a run of equal
    /// cells printed once, a digit run split (the issues say which).
    case reconstructed = "medium"
    /// A value with no text behind it: filled because a total pins it down (said in issues).
    case inferred = "low"
    /// The document does not show the value: null.
    case notShown = "none"

    init(value: Double?, provenance: Provenance?) {
        guard let value else { self = .notShown; return }
        guard let provenance else { self = .inferred; return }
        self = PrintedNumber.parse(provenance.text) == value ? .asPrinted : .reconstructed
    }

    /// In words, for the page.
    public var words: String {
        switch self {
        case .asPrinted: "高：原文即此数"
        case .reconstructed: "中：由原文拼合或展开"
        case .inferred: "低：由合计推出，原文未印"
        case .notShown: "无：原文未显示"
        }
    }
}

/// Why the review site could not be built.
public struct ReviewSiteError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
