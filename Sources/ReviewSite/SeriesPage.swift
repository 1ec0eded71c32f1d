import IngestKit

/// Each agency's reports across years side by side, with the checks between consecutive years
/// (`SeriesCheck`) and every mismatch listed first.
enum SeriesPage {
    /// The rows shown per agency and year: a label and how a record gives the value.
    static var rows: [(String, (ReviewRecord) -> Double?)] {
        var out: [(String, (ReviewRecord) -> Double?)] = [
            ("新收申请", { $0.applications("new_received") }), ("上年结转", { $0.applications("carried_over") }),
            ("办理结果总计", { $0.applications("total") }), ("结转下年度", { $0.applications("carried_forward") }),
        ]
        for item in ReportTemplate.disclosureItems(.v2021) where item.fields.contains("in_force") {
            for field in ["issued", "repealed", "in_force"] {
                let header = ReportTemplate.disclosureFields.first { $0.key == field }?.header ?? field
                out.append(("\(item.label)\(header)", { $0.value(ReportTemplate.CellRef("active_disclosure", item.key, field)) }))
            }
        }
        out.append(("行政复议", { $0.review("review") }))
        out.append(("行政诉讼", { $0.lawsuits }))
        return out
    }

    static func html(_ records: [ReviewRecord], results: [SeriesCheck.Result]) -> String {
        var body = "<nav class=\"crumbs\"><a href=\"index.html\">全部报告</a></nav>\n<h1>各机关跨年度核验</h1>\n"
        body += "<p>同一机关相邻两年的报告之间：本年「上年结转」应等于上年「结转下年度继续办理」（表三各列）；"
        body += "本年「现行有效件数」应等于上年现行有效加本年制发减本年废止（表二，2021 年版格式）。一方未显示的数不比较。</p>\n"
        let mismatches = results.filter { !$0.ok }
        body += "<h2>不一致（\(mismatches.count)/\(results.count)）</h2>\n<ul id=\"mismatches\">"
        if mismatches.isEmpty { body += "<li class=\"muted\">没有不一致。</li>" }
        for m in mismatches {
            body += "<li class=\"check failed mismatch\" data-rule=\"\(m.rule)\" data-agency=\"\(esc(m.agency))\" data-year=\"\(m.year)\">"
            body += "<a href=\"#\(esc(anchor(m.agency)))\">\(esc(m.agency))</a>：\(esc(m.detail))"
            body += "（<a href=\"docs/\(m.earlier).html\">\(m.year - 1)</a> → <a href=\"docs/\(m.later).html\">\(m.year)</a>）</li>"
        }
        body += "</ul>\n"
        var byAgency: [String: [ReviewRecord]] = [:]
        for record in records { byAgency[record.agency ?? "（未识别的机关）", default: []].append(record) }
        for agency in byAgency.keys.sorted() {
            let reports = byAgency[agency]!.sorted { ($0.year ?? 0, $0.id) < ($1.year ?? 0, $1.id) }
            body += "<section class=\"agency\" id=\"\(esc(anchor(agency)))\"><h2>\(esc(agency))</h2>\n"
            body += "<table class=\"grid\"><thead><tr><th class=\"text\"></th>"
            body += reports.map { "<th><a href=\"docs/\($0.id).html\">\($0.year.map { "\($0)年" } ?? "年度未识别")</a></th>" }.joined()
            body += "</tr></thead><tbody>"
            for (label, value) in rows {
                body += "<tr><td class=\"text\">\(esc(label))</td>" + reports.map { "<td>\(shown(value($0)))</td>" }.joined() + "</tr>"
            }
            body += "</tbody></table>\n"
            let here = results.filter { $0.agency == agency }
            if here.isEmpty {
                body += "<p class=\"muted\">没有相邻年度的报告，无法跨年度核验。</p>\n"
            } else {
                body += "<ul>" + here.map { r in
                    "<li class=\"check \(r.ok ? "passed" : "failed")\" data-rule=\"\(r.rule)\"><b>\(r.ok ? "一致" : "不一致")</b> \(esc(r.detail))</li>"
                }.joined() + "</ul>\n"
            }
            body += "</section>\n"
        }
        return page(title: "各机关跨年度核验", depth: 0, body: body)
    }
}
