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
        var outcomeKeys: [String]
        var review: [String: [String: Double?]]
        var facts: NarrativeFacts
    }

    static let columns = ApplicationsVocabulary.columns.map(\.key)

    /// Every rule, in the spec's order.
    static func checks(_ inputs: Inputs) -> [Check] {
        [balance(inputs), outcomeSum(inputs), rowTotal(inputs), groupTotal(inputs), narrative(inputs)]
    }

    /// Per column: new_received + carried_over == total + carried_forward.
    static func balance(_ x: Inputs) -> Check {
        perColumn("applications.balance", x, left: ["new_received", "carried_over"], right: ["total", "carried_forward"])
    }

    /// Per column: total == the sum of the outcome rows.
    static func outcomeSum(_ x: Inputs) -> Check {
        perColumn("applications.outcome_sum", x, left: ["total"], right: x.outcomeKeys)
    }

    private static func perColumn(_ rule: String, _ x: Inputs, left: [String], right: [String]) -> Check {
        var failures: [String] = [], unknown: [String] = []
        for (c, column) in columns.enumerated() {
            let l = left.map { x.applications[$0]?[c] ?? nil }, r = right.map { x.applications[$0]?[c] ?? nil }
            guard l.allSatisfy({ $0 != nil }), r.allSatisfy({ $0 != nil }) else { unknown.append(column); continue }
            let a = l.reduce(0) { $0 + $1! }, b = r.reduce(0) { $0 + $1! }
            if a != b { failures.append("\(column): \(format(a)) ≠ \(format(b))") }
        }
        let statement = "\(left.joined(separator: " + ")) = \(right.count > 3 ? "sum of \(right.count) outcome rows" : right.joined(separator: " + "))"
        if !failures.isEmpty { return Check(rule: rule, status: .failed, detail: "\(statement) fails in \(failures.joined(separator: "; "))") }
        if unknown.count == columns.count {
            return Check(rule: rule, status: .unverifiable, detail: "\(statement): the cells it needs are not shown")
        }
        let tail = unknown.isEmpty ? "" : " (\(unknown.count) columns not verifiable)"
        return Check(rule: rule, status: .passed, detail: "\(statement) holds in \(columns.count - unknown.count) columns\(tail)")
    }

    /// Per row: the total column == the sum of the six applicant columns.
    static func rowTotal(_ x: Inputs) -> Check {
        var failures: [String] = [], checked = 0, skipped = 0
        for (key, cells) in x.applications.sorted(by: { $0.key < $1.key }) {
            guard cells.count == columns.count, cells.allSatisfy({ $0 != nil }) else { skipped += 1; continue }
            checked += 1
            let sum = cells.dropLast().reduce(0) { $0 + $1! }
            if sum != cells.last!! { failures.append("\(key): \(format(sum)) ≠ \(format(cells.last!!))") }
        }
        let rule = "applications.row_total"
        if !failures.isEmpty { return Check(rule: rule, status: .failed, detail: "total ≠ sum of applicant columns in \(failures.joined(separator: "; "))") }
        if checked == 0 { return Check(rule: rule, status: .unverifiable, detail: "no row of table 三 is shown in full") }
        return Check(rule: rule, status: .passed, detail: "\(checked) rows add up" + (skipped > 0 ? " (\(skipped) rows not shown in full)" : ""))
    }

    /// Per group of table 四: total == upheld + corrected + other + pending.
    static func groupTotal(_ x: Inputs) -> Check {
        var failures: [String] = [], checked = 0
        for (group, _) in ReviewLitigationVocabulary.groups {
            let parts = ["upheld", "corrected", "other", "pending"].map { x.review[group]?[$0] ?? nil }
            guard let total = x.review[group]?["total"] ?? nil, parts.allSatisfy({ $0 != nil }) else { continue }
            checked += 1
            let sum = parts.reduce(0) { $0 + $1! }
            if sum != total { failures.append("\(group): \(format(sum)) ≠ \(format(total))") }
        }
        let rule = "review_litigation.group_total"
        if !failures.isEmpty { return Check(rule: rule, status: .failed, detail: "total ≠ sum of results in \(failures.joined(separator: "; "))") }
        if checked == 0 { return Check(rule: rule, status: .unverifiable, detail: "no group of table 四 is shown in full") }
        return Check(rule: rule, status: .passed, detail: "\(checked) of 3 groups add up")
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
        n == n.rounded() ? String(Int(n)) : String(n)
    }
}
