import Foundation
import IngestKit

/// The charts across agencies and years, drawn as SVG by the report itself (no script, no
/// network): applications received per year per agency, the mix of outcomes per report, and
/// reviews and lawsuits with their results. Labels are the template's own Chinese labels.
enum Charts {
    /// One horizontal bar: its label, its parts (category, value) and a note after it.
    struct Bar {
        let label: String
        let parts: [(String, Double)]
        let note: String
    }

    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                          "#9c755f", "#bab0ac", "#1f77b4", "#8c564b", "#17becf", "#bcbd22"]

    // MARK: - Applications received per year per agency

    /// Grouped bars: one group per year, one bar per agency that reported that year.
    static func applicationsPerYear(_ records: [ReviewRecord]) -> String {
        let points = records.compactMap { r -> (agency: String, year: Int, value: Double)? in
            guard let agency = r.agency, let year = r.year, let value = r.applications("new_received") else { return nil }
            return (agency, year, value)
        }
        let title = "各机关每年新收政府信息公开申请数量"
        guard !points.isEmpty else { return empty(title) }
        let agencies = Array(Set(points.map(\.agency))).sorted()
        let years = Array(Set(points.map(\.year))).sorted()
        let (top, step) = axis(points.map(\.value).max()!)
        let left = 70.0, plotTop = 40.0, plotHeight = 260.0, group = max(90.0, Double(agencies.count) * 26 + 20)
        let width = left + Double(years.count) * group + 20
        let legendRows = (agencies.count + 2) / 3
        let height = plotTop + plotHeight + 60 + Double(legendRows) * 20
        var svg = header(width: width, height: height, title: title)
        svg += yAxis(left: left, top: plotTop, height: plotHeight, max: top, step: step, width: width - left - 20, label: "申请数（件）")
        for (g, year) in years.enumerated() {
            let x0 = left + Double(g) * group
            let here = points.filter { $0.year == year }.sorted { $0.agency < $1.agency }
            let bar = (group - 20) / Double(max(here.count, 1))
            for (i, point) in here.enumerated() {
                let h = point.value / top * plotHeight
                let x = x0 + 10 + Double(i) * bar
                let colour = palette[agencies.firstIndex(of: point.agency)! % palette.count]
                svg += "<rect x=\"\(f(x))\" y=\"\(f(plotTop + plotHeight - h))\" width=\"\(f(bar - 2))\" height=\"\(f(h))\" fill=\"\(colour)\">"
                svg += "<title>\(esc(point.agency)) \(year)年：\(shown(point.value)) 件</title></rect>"
                svg += text(x + bar / 2 - 1, plotTop + plotHeight - h - 4, shown(point.value), anchor: "middle", size: 11)
            }
            svg += text(x0 + group / 2, plotTop + plotHeight + 18, "\(year)年", anchor: "middle")
        }
        svg += text(left + Double(years.count) * group / 2, plotTop + plotHeight + 38, "年度", anchor: "middle", size: 12)
        svg += legend(agencies.enumerated().map { ($0.element, palette[$0.offset % palette.count]) },
                      x: left, y: plotTop + plotHeight + 56, columns: 3, columnWidth: (width - left) / 3)
        return svg + "</svg>"
    }

    // MARK: - Outcomes

    /// The outcome categories of table 三: 予以公开, 部分公开, each reason of 不予公开, then
    /// 无法提供, 不予处理 and 其他处理 as wholes, with the rows each sums.
    static func outcomeCategories(_ record: ReviewRecord) -> [(label: String, rows: [String])] {
        let rows = ReportTemplate.applicationRows(record.format, singleOther: record.singleOther)
        let outcomes = Set(ReportTemplate.outcomeRows(record.format, singleOther: record.singleOther))
        var out: [(label: String, rows: [String])] = []
        for row in rows where outcomes.contains(row.key) {
            let group = row.group ?? row.paren
            let groupLabel = ReportTemplate.applicationGroups.first { $0.paren == group }?.label
            if row.group == "三" {
                out.append(("\(groupLabel ?? "")：\(row.label)", [row.key]))
            } else if let groupLabel, let last = out.last, last.label == groupLabel {
                out[out.count - 1].rows.append(row.key)
            } else {
                out.append((groupLabel ?? row.shortForms.first ?? row.label, [row.key]))
            }
        }
        return out
    }

    /// 100% stacked bars: per report, each outcome's share of what it handled.
    static func outcomeMix(_ records: [ReviewRecord]) -> String {
        let title = "办理结果构成（占本年度办理结果总数的比例）"
        let reports = ordered(records).filter { r in
            outcomeCategories(r).contains { c in c.rows.contains { (r.applications($0) ?? 0) > 0 } }
        }
        guard !reports.isEmpty else { return empty(title) }
        var labels: [String] = []
        for r in reports { for c in outcomeCategories(r) where !labels.contains(c.label) { labels.append(c.label) } }
        let bars = reports.map { r -> Bar in
            let parts = outcomeCategories(r).map { c in (c.label, c.rows.compactMap { r.applications($0) }.reduce(0, +)) }
            let sum = parts.map(\.1).reduce(0, +)
            return Bar(label: r.title, parts: parts.map { ($0.0, $0.1 / sum * 100) }, note: "共 \(shown(sum)) 件")
        }
        return stackedBars(title: title, bars: bars, categories: labels, axisMax: 100, step: 20, unit: "%", axisLabel: "占比（%）")
    }

    // MARK: - Reviews and lawsuits

    /// Stacked bars of counts: per report and group of table 四 with any case, its results.
    static func reviewsAndLawsuits(_ records: [ReviewRecord]) -> String {
        let title = "行政复议、行政诉讼及其结果（件）"
        let results = ReportTemplate.reviewResults.filter { $0.key != "total" }
        var bars: [Bar] = []
        var quiet = 0
        for r in ordered(records) {
            var any = false
            for (group, headers) in ReportTemplate.reviewGroups {
                guard let total = r.review(group), total > 0 else { continue }
                any = true
                let parts = results.map { ($0.header, r.value(ReportTemplate.CellRef("review_litigation", group, $0.key)) ?? 0) }
                bars.append(Bar(label: "\(r.title) · \(headers[0])", parts: parts, note: "共 \(shown(total)) 件"))
            }
            if !any { quiet += 1 }
        }
        guard !bars.isEmpty else { return empty(title + "：所有报告均为 0 件") }
        let (top, step) = axis(bars.map { $0.parts.map(\.1).reduce(0, +) }.max()!)
        var svg = stackedBars(title: title, bars: bars, categories: results.map(\.header), axisMax: top, step: step, unit: "",
                              axisLabel: "件数")
        if quiet > 0 { svg += "<p class=\"muted\">另有 \(quiet) 份报告没有行政复议、行政诉讼案件。</p>" }
        return svg
    }

    // MARK: - Drawing

    /// Horizontal stacked bars, one per labelled row, with an axis from 0 to `axisMax`.
    static func stackedBars(title: String, bars: [Bar], categories: [String],
                            axisMax: Double, step: Double, unit: String, axisLabel: String) -> String {
        let left = 300.0, plot = 560.0, row = 24.0, top = 40.0
        let width = left + plot + 110
        let legendRows = (categories.count + 2) / 3
        let height = top + Double(bars.count) * row + 50 + Double(legendRows) * 20
        var svg = header(width: width, height: height, title: title)
        let bottom = top + Double(bars.count) * row
        var tick = 0.0
        while tick <= axisMax + 1e-9 {
            let x = left + tick / axisMax * plot
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\" stroke=\"#d0d7de\"/>"
            svg += text(x, bottom + 16, shown(tick) + unit, anchor: "middle", size: 11)
            tick += step
        }
        svg += text(left + plot / 2, bottom + 34, axisLabel, anchor: "middle", size: 12)
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * row
            svg += text(left - 8, y + row / 2 + 4, bar.label, anchor: "end", size: 12)
            var x = left
            for (category, value) in bar.parts where value > 0 {
                let w = value / axisMax * plot
                let colour = palette[(categories.firstIndex(of: category) ?? 0) % palette.count]
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"\(f(row - 6))\" fill=\"\(colour)\">"
                svg += "<title>\(esc(bar.label))：\(esc(category)) \(String(format: unit == "%" ? "%.1f" : "%.0f", value))\(unit)</title></rect>"
                x += w
            }
            svg += text(x + 6, y + row / 2 + 4, bar.note, anchor: "start", size: 11)
        }
        svg += legend(categories.enumerated().map { ($0.element, palette[$0.offset % palette.count]) },
                      x: 20, y: bottom + 52, columns: 3, columnWidth: (width - 20) / 3)
        return svg + "</svg>"
    }

    /// Records by agency, then year.
    static func ordered(_ records: [ReviewRecord]) -> [ReviewRecord] {
        records.sorted { ($0.agency ?? "", $0.year ?? 0, $0.id) < ($1.agency ?? "", $1.year ?? 0, $1.id) }
    }

    /// A round axis maximum above `value` and its tick step.
    static func axis(_ value: Double) -> (Double, Double) {
        guard value > 0 else { return (1, 1) }
        let magnitude = pow(10, floor(log10(value)))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * magnitude >= value {
            let top = factor * magnitude
            return (top, top / 5)
        }
        return (10 * magnitude, 2 * magnitude)
    }

    static func header(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(esc(title))\">"
            + "<style>text{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",sans-serif;fill:#1f2328}</style>"
            + text(10, 22, title, anchor: "start", size: 15, bold: true)
    }

    static func yAxis(left: Double, top: Double, height: Double, max: Double, step: Double, width: Double, label: String) -> String {
        var svg = ""
        var tick = 0.0
        while tick <= max + 1e-9 {
            let y = top + height - tick / max * height
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + width))\" y2=\"\(f(y))\" stroke=\"#d0d7de\"/>"
            svg += text(left - 6, y + 4, shown(tick), anchor: "end", size: 11)
            tick += step
        }
        svg += "<text x=\"16\" y=\"\(f(top + height / 2))\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f(top + height / 2)))\">\(esc(label))</text>"
        return svg
    }

    static func legend(_ entries: [(String, String)], x: Double, y: Double, columns: Int, columnWidth: Double) -> String {
        entries.enumerated().map { i, entry in
            let ex = x + Double(i % columns) * columnWidth, ey = y + Double(i / columns) * 20
            return "<rect x=\"\(f(ex))\" y=\"\(f(ey - 10))\" width=\"12\" height=\"12\" fill=\"\(entry.1)\"/>" + text(ex + 18, ey, entry.0, anchor: "start", size: 12)
        }.joined()
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, size: Int = 13, bold: Bool = false) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\"\(bold ? " font-weight=\"bold\"" : "")>\(esc(content))</text>"
    }

    static func empty(_ title: String) -> String {
        header(width: 600, height: 40, title: title) + "</svg>"
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
