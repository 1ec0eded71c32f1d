import Foundation
import IngestKit

/// The site's front page: a summary of the run, one row per document (failures first),
/// sortable and filterable in the page, and the charts across agencies and years.
enum IndexPage {
    /// The columns of the index, each with its sort key and how a record fills it.
    struct Column: Sendable {
        let key: String
        let header: String
        let text: Bool
        let value: @Sendable (ReviewRecord) -> String
        let sortValue: @Sendable (ReviewRecord) -> String
    }

    static func number(_ key: String, _ header: String, _ value: @escaping @Sendable (ReviewRecord) -> Double?) -> Column {
        Column(key: key, header: header, text: false, value: { shown(value($0)) }, sortValue: { value($0).map { shown($0) } ?? "-1" })
    }

    static let columns: [Column] = [
        Column(key: "agency", header: "机关", text: true, value: { $0.agency ?? "（未识别）" }, sortValue: { $0.agency ?? "" }),
        number("year", "年度") { $0.year.map { Double($0) } },
        Column(key: "format", header: "格式", text: false, value: { $0.format.rawValue }, sortValue: { $0.format.rawValue }),
        Column(key: "source", header: "来源", text: true, value: { URL(fileURLWithPath: $0.source).lastPathComponent },
               sortValue: { $0.source }),
        number("pages", "页数") { $0.pages.map { Double($0) } },
        number("checks_passed", "核验通过") { Double($0.checks.filter(\.ok).count) },
        number("checks_failed", "核验未通过") { Double($0.failedChecks) },
        number("errors", "错误") { Double($0.issueCount(.error)) },
        number("warnings", "警告") { Double($0.issueCount(.warning)) },
        number("infos", "提示") { Double($0.issueCount(.info)) },
        number("received", "新收申请") { $0.applications("new_received") },
        number("handled", "办理结果总计") { $0.applications("total") },
        number("carried_forward", "结转下年度") { $0.applications("carried_forward") },
        number("reviews", "行政复议") { $0.review("review") },
        number("lawsuits", "行政诉讼") { $0.lawsuits },
    ]

    /// Failures first (most failed checks, then most errors), then by agency and year.
    static func ordered(_ records: [ReviewRecord]) -> [ReviewRecord] {
        records.sorted {
            ($1.failedChecks, $1.issueCount(.error), $0.agency ?? "", $0.year ?? 0, $0.id)
                < ($0.failedChecks, $0.issueCount(.error), $1.agency ?? "", $1.year ?? 0, $1.id)
        }
    }

    static func html(_ records: [ReviewRecord], run: RunSummary?, series: [SeriesCheck.Result], problems: [String: String]) -> String {
        let failing = records.filter { $0.failedChecks > 0 }.count
        let checks = records.map(\.checks.count).reduce(0, +)
        let failedChecks = records.map(\.failedChecks).reduce(0, +)
        var body = "<h1>政府信息公开工作年度报告：审阅</h1>\n"
        if let run { body += "<p class=\"muted\">\(esc(run.line))</p>\n" }
        body += "<div class=\"summary\" id=\"summary\">"
        body += "<div><b>\(records.count)</b>份报告</div>"
        body += "<div><b>\(Set(records.compactMap(\.agency)).count)</b>个机关</div>"
        body += "<div><b class=\"\(failing > 0 ? "fail-text" : "pass-text")\">\(failing)</b>份报告有未通过的核验</div>"
        body += "<div><b>\(checks - failedChecks)/\(checks)</b>项核验通过</div>"
        for (severity, name) in [(Issue.Severity.error, "错误"), (.warning, "警告"), (.info, "提示")] {
            body += "<div><b>\(records.map { $0.issueCount(severity) }.reduce(0, +))</b>条\(name)</div>"
        }
        let mismatches = series.filter { !$0.ok }.count
        body += "<div><b class=\"\(mismatches > 0 ? "fail-text" : "pass-text")\">\(mismatches)/\(series.count)</b><a href=\"series.html\">跨年度核验</a>不一致</div>"
        body += "</div>\n"
        if !problems.isEmpty {
            body += "<h2>未能显示原文的报告</h2><ul>" + problems.keys.sorted().map { "<li>\(esc(problems[$0]!))</li>" }.joined() + "</ul>\n"
        }
        body += "<h2>报告</h2>\n<input class=\"filter\" type=\"search\" placeholder=\"筛选：机关、年度、来源……\" data-filter=\"documents\">\n"
        body += "<table class=\"grid\" id=\"documents\" data-sortable><thead><tr>"
        body += columns.map { "<th data-key=\"\($0.key)\" class=\"\($0.text ? "text" : "")\">\(esc($0.header))</th>" }.joined()
        body += "</tr></thead><tbody>\n"
        for record in ordered(records) {
            body += "<tr class=\"record\(record.failedChecks > 0 ? " has-failure" : "")\" data-id=\"\(record.id)\">"
            for column in columns {
                var content = esc(column.value(record))
                if column.key == "agency" { content = "<a href=\"docs/\(record.id).html\">\(content)</a>" }
                if column.key == "checks_failed", record.failedChecks > 0 { content = "<span class=\"fail-text\">\(content)</span>" }
                body += "<td class=\"\(column.text ? "text" : "")\" data-v=\"\(esc(column.sortValue(record)))\">\(content)</td>"
            }
            body += "</tr>\n"
        }
        body += "</tbody></table>\n"
        body += "<h2>跨机关、跨年度</h2>\n<div class=\"charts\">\n"
        for (name, svg) in [("applications.svg", Charts.applicationsPerYear(records)), ("outcomes.svg", Charts.outcomeMix(records)),
                            ("reviews.svg", Charts.reviewsAndLawsuits(records))] {
            body += "<figure id=\"chart-\(name.dropLast(4))\">\(svg)</figure>\n"
        }
        body += "</div>\n"
        return page(title: "年度报告审阅", depth: 0, body: body)
    }
}

/// What the run ledger says about the last run, for the index's summary.
public struct RunSummary: Sendable {
    public let line: String
}
