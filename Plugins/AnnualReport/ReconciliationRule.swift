import IngestKit

/// The reconciliation rules (勾稽关系) a record is checked against. A rule passes, fails, or
/// cannot be verified because the cells it needs are not shown; numbers are never changed to
/// make a rule pass.
struct ReconciliationRule: Sendable {
    /// The outcome of one rule, as `checks` records it.
    struct Check: Sendable, Equatable {
        enum Status: String, Sendable { case passed, failed, unverifiable }
        var rule: String
        var status: Status
        var detail: String

        var json: JSONValue {
            ["rule": .string(rule), "ok": .bool(status == .passed), "status": .string(status.rawValue), "detail": .string(detail)]
        }
    }

    /// The numbers the rules read.
    struct Inputs {
        var applications: [String: [Double?]]
        var review: [String: [String: Double?]]
        var facts: NarrativeFacts
        var format: ReportFormat
        /// Whether table 三 prints 三(六) as one row.
        var singleOther: Bool

        /// The value of a cell of table 三 or 四, nil when not shown.
        func value(_ cell: ReportTemplate.CellRef) -> Double? {
            switch cell.table {
            case "applications":
                guard let c = ReconciliationRule.columns.firstIndex(of: cell.column) else { return nil }
                return applications[cell.row]?[c] ?? nil
            case "review_litigation": return review[cell.row]?[cell.column] ?? nil
            default: return nil
            }
        }
    }

    static let columns = ApplicationsVocabulary.columns.map(\.key)

    /// Every rule, in the spec's order: the template's identities, then the narrative.
    static func checks(_ inputs: Inputs) -> [Check] {
        let identities = ReportTemplate.identities(inputs.format, singleOther: inputs.singleOther)
        return ReportTemplate.rules.map { rule in
            check(rule.name, rule.statement, identities.filter { $0.rule == rule.name }, inputs)
        } + [narrative(inputs)]
    }

    /// One rule over its instances: failed where any instance fails, unverifiable where none
    /// can be read in full, passed otherwise.
    static func check(_ rule: String, _ statement: String, _ instances: [ReportTemplate.Identity], _ x: Inputs) -> Check {
        var failures: [String] = [], unknown = 0
        for identity in instances {
            switch identity.holds(x.value) {
            case nil: unknown += 1
            case false?:
                let l = identity.left.reduce(0) { $0 + x.value($1)! }, r = identity.right.reduce(0) { $0 + x.value($1)! }
                failures.append("\(identity.scope): \(format(l)) ≠ \(format(r))")
            case true?: break
            }
        }
        if !failures.isEmpty { return Check(rule: rule, status: .failed, detail: "\(statement) fails in \(failures.joined(separator: "; "))") }
        if unknown == instances.count {
            return Check(rule: rule, status: .unverifiable, detail: "\(statement): the cells it needs are not shown")
        }
        let tail = unknown == 0 ? "" : " (\(unknown) not verifiable)"
        return Check(rule: rule, status: .passed, detail: "\(statement) holds in \(instances.count - unknown) of \(instances.count)\(tail)")
    }

    /// The counts of applications the narrative states agree with table 三.
    static func narrative(_ x: Inputs) -> Check {
        let rule = "narrative.applications"
        let total = x.applications["total"]?[6] ?? nil
        let received = x.applications["new_received"]?[6] ?? nil
        let carried = x.applications["carried_over"]?[6] ?? nil
        var agree: [String] = [], disagree: [String] = [], unknown: [String] = []
        if let s = x.facts.received {
            if let received {
                let withCarried = carried.map { received + $0 }
                if Double(s.count) == received || Double(s.count) == withCarried {
                    agree.append("「\(s.words)」")
                } else {
                    disagree.append("「\(s.words)」 but table 三 has \(format(received)) new applications")
                }
            } else { unknown.append("「\(s.words)」 (new_received not shown)") }
        }
        if let s = x.facts.handled {
            if let total {
                if Double(s.count) == total { agree.append("「\(s.words)」") } else { disagree.append("「\(s.words)」 but table 三 totals \(format(total))") }
            } else { unknown.append("「\(s.words)」 (total not shown)") }
        }
        if !disagree.isEmpty { return Check(rule: rule, status: .failed, detail: "the narrative states " + disagree.joined(separator: "; ")) }
        if agree.isEmpty, unknown.isEmpty { return Check(rule: rule, status: .passed, detail: "the narrative states no count of applications") }
        if agree.isEmpty { return Check(rule: rule, status: .unverifiable, detail: "the narrative states " + unknown.joined(separator: "; ")) }
        return Check(rule: rule, status: .passed, detail: "table 三 agrees with " + agree.joined(separator: ", ")
            + (unknown.isEmpty ? "" : "; not verifiable: " + unknown.joined(separator: "; ")))
    }

    static func format(_ n: Double) -> String {
        // A whole number beyond Int (a run of digits no count has) is printed as a Double.
        n == n.rounded() ? Int(exactly: n).map(String.init) ?? String(n) : String(n)
    }
}
