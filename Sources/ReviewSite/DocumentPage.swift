import Foundation
import IngestKit

/// One document's page: its source beside its record. A PDF's pages are shown as rendered,
/// with every table cell the record took from them outlined and coloured by its checks; a text
/// or web page is shown as its cleaned text, the lines cells were read from marked the same
/// way. Beside it, the record's tables (each value linked to its box or line), the checks and
/// the issues in words.
struct DocumentPage {
    let record: ReviewRecord
    /// The rendered pages of a PDF source; empty for other sources.
    let pages: [PageImage]
    /// Boxes found on the pages for cells the record cites by cleaned line only (`TextBoxes`).
    let located: [String: TextBoxes.Located]
    /// The cleaned text of a text or web source, line by line; nil when not available.
    let cleanText: [String]?
    /// Why the source cannot be shown, if it cannot.
    let problem: String?

    /// Pixels per point on screen.
    static let displayScale = 1.2

    var html: String {
        var body = "<nav class=\"crumbs\"><a href=\"../index.html\">全部报告</a> › <a href=\"../series.html#\(esc(anchor(record.agency ?? "")))\">本机关各年度</a></nav>\n"
        body += "<h1>\(esc(record.title))</h1>\n"
        body += "<p class=\"muted\">\(esc(record.source)) · \(record.kind ?? "") · \(record.format.rawValue) 年版格式 · id \(record.id.prefix(12))</p>\n"
        body += "<p class=\"legend\"><span><i style=\"border-color:var(--pass)\"></i>勾稽关系成立</span>"
        body += "<span><i style=\"border-color:var(--fail);background:rgba(207,34,46,.12)\"></i>勾稽关系不成立</span>"
        body += "<span><i style=\"border-color:var(--unverified);border-style:dashed\"></i>无法核验</span></p>\n"
        body += "<div class=\"doc\">\n<div class=\"pages\">\n" + source + "</div>\n<div class=\"record\">\n"
        body += checksHTML + tablesHTML + issuesHTML
        body += "</div>\n</div>\n"
        return page(title: record.title, depth: 1, body: body)
    }

    /// Cells placed on the source: with a box (PDF: the record's, or one found from its line)
    /// or a line (text).
    var placed: [RecordCell] {
        record.cells.filter { cell in
            guard let p = cell.provenance else { return false }
            return pages.isEmpty ? p.line != nil && cleanText != nil : (p.box != nil && p.page != nil) || located[cell.path] != nil
        }
    }

    /// Where a placed cell is outlined on a PDF: page, box, and what the box is (`record`: the
    /// box the record carries; `text`: the number found from the cleaned line the record
    /// cites; `line`: only that line).
    func outline(_ cell: RecordCell) -> (page: Int, box: Box, from: String)? {
        if let p = cell.provenance, let page = p.page, let box = p.box { return (page, box, "record") }
        return located[cell.path].map { ($0.page, $0.box, $0.wholeLine ? "line" : "text") }
    }

    static let outlineWords = ["record": "记录中的单元格框", "text": "由记录所引清理后文本行在页面上找到的数字",
                               "line": "记录所引的整行（该行中未找到此数字）"]

    /// The id of the mark a cell's value links to.
    static func markID(_ cell: RecordCell, text: Bool) -> String {
        text ? "l-\(cell.provenance!.line!)" : "b-" + anchor(cell.path)
    }

    static func tip(_ cell: RecordCell) -> String {
        "\(cell.path)\n值：\(shown(cell.value))\n原文：\(cell.provenance?.text ?? "—")\n置信度：\(cell.confidence.words)\n核验：\(cell.check.words)"
    }

    // MARK: - The source

    var source: String {
        if let problem { return "<p class=\"fail-text\">\(esc(problem))</p>\n" }
        if !pages.isEmpty { return pagesHTML }
        guard let cleanText else { return "<p class=\"muted\">没有清理后的文本（工作目录中没有该文档的检查点）。</p>\n" }
        var byLine: [Int: [RecordCell]] = [:]
        for cell in placed { byLine[cell.provenance!.line!, default: []].append(cell) }
        var out = "<div class=\"cleantext\">"
        for (index, line) in cleanText.enumerated() {
            guard let cells = byLine[index] else {
                out += "<span class=\"line\">\(esc(line))</span>"
                continue
            }
            let state = cells.map(\.check).reduce(CheckState.unverified, CheckState.combine)
            out += "<span class=\"line mark \(state.rawValue)\" id=\"l-\(index)\" tabindex=\"0\" data-cells=\"\(cells.count)\">\(esc(line))"
            out += "<span class=\"tip\">\(esc(cells.map(Self.tip).joined(separator: "\n\n")))</span></span>"
        }
        return out + "</div>\n"
    }

    var pagesHTML: String {
        let cells = placed
        var counts: [Int: Int] = [:]
        for cell in cells { if let page = outline(cell)?.page { counts[page, default: 0] += 1 } }
        var out = "<nav class=\"pagelist\">只看第 " + pages.map { image in
            "<a href=\"?pages=\(image.number)\">\(image.number)</a>" + (counts[image.number].map { "<span class=\"muted\">（\($0) 格）</span>" } ?? "")
        }.joined(separator: " ") + " 页 · <a href=\"?\">全部</a></nav>\n"
        for image in pages {
            let w = image.width * Self.displayScale, h = image.height * Self.displayScale
            out += "<div class=\"page\" id=\"page-\(image.number)\" data-page=\"\(image.number)\" style=\"width:\(Int(w))px;height:\(Int(h))px\">"
            out += "<img src=\"../\(image.file)\" alt=\"第 \(image.number) 页\">"
            for cell in cells {
                guard let (page, box, from) = outline(cell), page == image.number else { continue }
                let style = String(format: "left:%.3f%%;top:%.3f%%;width:%.3f%%;height:%.3f%%",
                                   box.x0 / image.width * 100, box.y0 / image.height * 100,
                                   box.width / image.width * 100, box.height / image.height * 100)
                out += "<a class=\"box mark \(cell.check.rawValue)\" id=\"\(Self.markID(cell, text: false))\" href=\"#v-\(anchor(cell.path))\""
                out += " style=\"\(style)\" data-path=\"\(esc(cell.path))\" data-value=\"\(shown(cell.value))\""
                out += " data-raw=\"\(esc(cell.provenance!.text))\" data-confidence=\"\(cell.confidence.rawValue)\" data-check=\"\(cell.check.rawValue)\" data-from=\"\(from)\">"
                out += "<span class=\"tip\">\(esc(Self.tip(cell) + "\n位置：" + (Self.outlineWords[from] ?? from)))</span></a>"
            }
            out += "<span class=\"number\">\(image.number)</span></div>\n"
        }
        return out
    }

    // MARK: - The record

    var checksHTML: String {
        var out = "<h2>核验（勾稽关系）</h2>\n<ul class=\"checks\">"
        if record.checks.isEmpty { out += "<li class=\"muted\">记录中没有核验结果。</li>" }
        for check in record.checks {
            let statement = ReportTemplate.rules.first { $0.name == check.rule }?.statement
            out += "<li class=\"check \(check.ok ? "passed" : "failed")\" data-rule=\"\(esc(check.rule))\" data-ok=\"\(check.ok)\">"
            out += "<b>\(check.ok ? "通过" : "未通过")</b> \(esc(check.rule))"
            if let statement { out += " <span class=\"muted\">（\(esc(statement))）</span>" }
            if !check.detail.isEmpty { out += "：\(esc(check.detail))" }
            out += "</li>"
        }
        return out + "</ul>\n"
    }

    var issuesHTML: String {
        var out = "<h2>问题（\(record.issues.count)）</h2>\n"
        for (severity, name) in [(Issue.Severity.error, "错误"), (.warning, "警告"), (.info, "提示")] {
            let here = record.issues.filter { $0.severity == severity }
            guard !here.isEmpty else { continue }
            out += "<h3>\(name)（\(here.count)）</h3><ul class=\"issues \(severity.rawValue)\">"
            out += here.map { "<li data-severity=\"\(severity.rawValue)\"><span class=\"muted\">[\(esc($0.stage))]</span> \(esc($0.message))</li>" }.joined()
            out += "</ul>\n"
        }
        return out
    }

    var tablesHTML: String {
        let placedPaths = Set(placed.map(\.path))
        let byPath = Dictionary(record.cells.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        func td(_ ref: ReportTemplate.CellRef) -> String {
            guard let cell = byPath[ReviewRecord.path(ref)] else { return "<td></td>" }
            let title = esc(Self.tip(cell))
            let value = shown(cell.value)
            guard placedPaths.contains(cell.path) else {
                return "<td class=\"\(cell.check.rawValue)\" id=\"v-\(anchor(cell.path))\" title=\"\(title)\" data-confidence=\"\(cell.confidence.rawValue)\">\(value)</td>"
            }
            let mark = Self.markID(cell, text: pages.isEmpty)
            return "<td class=\"\(cell.check.rawValue)\" id=\"v-\(anchor(cell.path))\" data-confidence=\"\(cell.confidence.rawValue)\">"
                + "<a href=\"#\(mark)\" data-box=\"\(mark)\" title=\"\(title)\">\(value)</a></td>"
        }
        func grid(_ caption: String, id: String, columns: [String], rows: [(String, [ReportTemplate.CellRef?])]) -> String {
            var out = "<h2>\(esc(caption))</h2>\n<table class=\"grid\" id=\"\(id)\"><thead><tr><th class=\"text\"></th>"
            out += columns.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
            for (label, refs) in rows {
                out += "<tr><td class=\"text\">\(esc(label))</td>" + refs.map { $0.map(td) ?? "<td></td>" }.joined() + "</tr>"
            }
            return out + "</tbody></table>\n"
        }
        let items = ReportTemplate.disclosureItems(record.format)
        let fields = ReportTemplate.disclosureFields.filter { f in items.contains { $0.fields.contains(f.key) } }
        var out = grid("二、主动公开政府信息情况", id: "table-active-disclosure", columns: fields.map(\.header), rows: items.map { item in
            (item.label, fields.map { item.fields.contains($0.key) ? ReportTemplate.CellRef("active_disclosure", item.key, $0.key) : nil })
        })
        out += grid("三、收到和处理政府信息公开申请情况", id: "table-applications", columns: ReportTemplate.applicationColumns.map(\.header),
                    rows: ReportTemplate.applicationRows(record.format, singleOther: record.singleOther).map { row in
                        (Self.printedLabel(row), ReportTemplate.applicationColumns.map { ReportTemplate.CellRef("applications", row.key, $0.key) })
                    })
        out += grid("四、政府信息公开行政复议、行政诉讼情况", id: "table-review-litigation", columns: ReportTemplate.reviewResults.map(\.header),
                    rows: ReportTemplate.reviewGroups.map { group in
                        (group.headers[0], ReportTemplate.reviewResults.map { ReportTemplate.CellRef("review_litigation", group.key, $0.key) })
                    })
        return out
    }

    /// A row's label with the numbering the template prints it with.
    static func printedLabel(_ row: ReportTemplate.Row) -> String {
        if let top = row.top { return "\(top)、\(row.label)" }
        if let paren = row.paren { return "（\(paren)）\(row.shortForms.first ?? row.label)" }
        if let group = row.group, let index = row.index { return "（\(group)）\(index). \(row.label)" }
        return row.label
    }
}
