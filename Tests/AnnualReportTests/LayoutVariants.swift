import Foundation
import IngestKit
import TestSupport

/// An adversarial generator of report texts: every ground-truth record rendered as a complete
/// report (title, narrative, tables 二 三 四) in many layouts that real reports show, each layout a
/// combination of independent transforms chosen by a seeded generator. A variant is fully
/// reproducible from its seed (and, for the recovery tests, the transform it forces).
///
/// The generator knows the report's shape on its own (the labels and headers as printed), not
/// through `ReportTemplate`: it is the yardstick for the code that reads tables.

// MARK: - Truth

/// One ground-truth record: the report's metadata and its `tables` object.
struct LayoutTruth: Sendable {
    /// Where it came from, e.g. `ground-truth/real/sanming-2022.json`.
    let file: String
    let agency: String
    let year: Int
    let format: String
    let tables: JSONValue

    /// The number at a leaf path of `tables` (`.applications.rows.granted[0]`), nil for null.
    func number(_ path: String) -> Double? { EndToEndRecordTests.value(tables, at: path).doubleValue }
}

// MARK: - Transforms

/// The transforms a variant combines: exactly one base layout, then any compatible modifiers.
enum LayoutTransform: String, CaseIterable, Sendable, CustomStringConvertible {
    // Base layouts.
    case cellPerLine          // crawler page.txt / raw pdftotext: one cell or text run a line
    case tabRows              // a row a line, cells tab-separated
    case spaceAligned         // pdftotext -layout: a row a line, cells at column positions
    case markdown             // a markdown pipe table (converted from PDF/docx)
    case shreddedMarkdown     // markdown with labels and numbers in different rows, tables split
    case oneLine              // the table body on one line, the cells of a row run together
    // Modifiers.
    case verticalHeaders      // column headers one character (or two) a line
    case collapsed            // crawler prints a run of equal neighbouring cells once
    case wrappedLabels        // labels over 2–3 lines, numbers above / between / on / below them
    case punctuation          // `1、` or `1. ` for `1.`, ASCII `(一)` for `（一）`
    case splitMarkers         // `(一` / `)` / `予以公开`, `1.` / `属于国家秘密`
    case verticalGroupLabel   // `三、本年度办理结果` a character a line, interleaved with the rows
    case pageBreak            // a blank line and a page number inside a table
    case pageBreakInGroupLabel // the page break falls inside a group label: `（四）无` / `- 3 -` / `法提供`
    case brokenNumbers        // `1` / `62` for 162, the tail on the next line under its column
    case spacedDigits         // `1 1` for 11 where the cell separators are unambiguous
    case missingRows          // rows dropped entirely: their cells must come out null
    case labelNoise           // OCR: label characters replaced or dropped
    case digitNoise           // OCR: `1` → `l` / `|`, `0` → `O` in a few cells
    case crawlerHeader        // `标题:` … `正文:` block before the body

    var description: String { rawValue }

    static let bases: [LayoutTransform] = [.cellPerLine, .tabRows, .spaceAligned, .markdown, .shreddedMarkdown, .oneLine]
    var isBase: Bool { Self.bases.contains(self) }

    /// The base layouts a modifier can combine with (a base: itself).
    var compatibleBases: [LayoutTransform] {
        switch self {
        case _ where isBase: [self]
        case .collapsed, .splitMarkers: [.cellPerLine]
        case .brokenNumbers: [.spaceAligned]
        case .verticalHeaders, .verticalGroupLabel, .pageBreakInGroupLabel: [.cellPerLine, .tabRows, .spaceAligned]
        case .wrappedLabels, .pageBreak, .spacedDigits: [.cellPerLine, .tabRows, .spaceAligned, .markdown, .shreddedMarkdown]
        default: Self.bases
        }
    }

    /// Whether the layout alone fixes every cell the text shows, so that a reader must recover
    /// all of them (the recovery tests), not only misread none.
    ///
    /// Fully determined: the base layouts but `oneLine`, and the modifiers that move text without
    /// losing where a cell is: vertical headers, wrapped labels, punctuation, split markers, a
    /// vertical group label, page breaks (also inside a group label), broken numbers (the tail
    /// sits under its column), spaced digits (the separators are tabs, pipes, lines or wide
    /// gaps), missing rows (for the rows still shown), the crawler header.
    ///
    /// `collapsed` is determined only row by row: a collapsed row whose printed runs expand in
    /// exactly one way that meets its row total (table 三) or group totals (table 四), or that
    /// printed every cell or a single run (table 二); the generator works that out per row.
    ///
    /// Misread 0 only: `oneLine` (`713000074` splits several ways), `labelNoise`, `digitNoise`.
    var isDetermined: Bool { ![.oneLine, .labelNoise, .digitNoise].contains(self) }
}

/// A rendered variant: its text, how it was made, and which truth cells its layout fixes.
struct LayoutVariant: Sendable {
    let seed: UInt64
    let forced: LayoutTransform?
    let truth: LayoutTruth
    /// The base layout first, then the modifiers.
    let transforms: [LayoutTransform]
    let lines: [String]
    /// Paths (`.applications.rows.granted[0]`) of the truth cells the text shows so that the
    /// layout fixes them.
    let determined: Set<String>

    var text: String { lines.joined(separator: "\n") }
    var name: String { "seed \(seed)\(forced.map { " force \($0)" } ?? "") [\(transforms.map(\.rawValue).joined(separator: "+"))]" }
    var reproduce: String { "LAYOUT_SEED=\(seed)\(forced.map { " LAYOUT_FORCE=\($0)" } ?? "")" }
}

enum LayoutVariants {
    /// Every truth record: the seeds' and real reports' ground truth beside the package, and the
    /// layout fixtures. Sorted, so that a seed always picks the same record.
    static let truths: [LayoutTruth] = {
        let here = EndToEndRecordTests.here, shared = EndToEndRecordTests.shared
        let folders = [("ground-truth/seeds", shared.appendingPathComponent("ground-truth/seeds")),
                       ("ground-truth/real", shared.appendingPathComponent("ground-truth/real")),
                       ("Fixtures/layout", here.appendingPathComponent("Fixtures/layout"))]
        return folders.flatMap { name, url in
            ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
                .compactMap { file -> LayoutTruth? in
                    guard let json = try? JSONValue.parse(Data(contentsOf: url.appendingPathComponent(file))),
                          let agency = json["report"]["agency"].stringValue, let year = json["report"]["year"].intValue
                    else { return nil }
                    return LayoutTruth(file: "\(name)/\(file)", agency: agency, year: year,
                                       format: json["report"]["format"].stringValue ?? "2021", tables: json["tables"])
                }
        }
    }()

    /// The variant of a seed: its truth record is `truths[seed % count]`, everything else comes
    /// from the seeded generator. `forcing` a transform renders it alone on a determined base.
    static func variant(seed: UInt64, forcing forced: LayoutTransform? = nil) -> LayoutVariant {
        var rng = SeededGenerator(seed: seed ^ 0x1A70_07C0_FFEE_5EED)
        let truth = truths[Int(seed % UInt64(truths.count))]
        let base: LayoutTransform
        var modifiers: [LayoutTransform] = []
        if let forced {
            base = forced.isBase ? forced : rng.pick(forced.compatibleBases.filter(\.isDetermined))
            if !forced.isBase { modifiers = [forced] }
        } else {
            let weights: [(LayoutTransform, Int)] = [(.cellPerLine, 30), (.tabRows, 15), (.spaceAligned, 20),
                                                     (.markdown, 13), (.shreddedMarkdown, 10), (.oneLine, 12)]
            var roll = rng.below(weights.reduce(0) { $0 + $1.1 })
            base = weights.first { roll -= $0.1; return roll < 0 }!.0
            for t in LayoutTransform.allCases where !t.isBase && t.compatibleBases.contains(base) {
                let p = t == .crawlerHeader ? (base == .cellPerLine ? 0.6 : 0.15) : t == .collapsed ? 0.5 : 0.3
                guard rng.chance(p) else { continue }
                // OCR noise and spaced digits do not come out of a crawler's collapsed HTML cells.
                if modifiers.contains(.collapsed) && (t == .digitNoise || t == .spacedDigits) { continue }
                modifiers.append(t)
            }
        }
        var renderer = LayoutRenderer(rng: rng, truth: truth, base: base, on: Set(modifiers))
        let lines = renderer.document()
        return LayoutVariant(seed: seed, forced: forced, truth: truth, transforms: [base] + modifiers, lines: lines,
                             determined: renderer.shown.subtracting(renderer.undetermined))
    }
}

// MARK: - The report as printed

/// The labels and headers as the national templates print them.
enum PrintedTemplate {
    struct ActiveSection {
        let caption: String
        let headers: [String]
        let rows: [(key: String, label: String)]
        let fields: [String]
    }

    static func activeDisclosure(format: String, decisionsHeader: String) -> [ActiveSection] {
        if format == "2019" {
            let items = ["上一年项目数量", "本年增/减", "处理决定数量"], fields = ["previous_items", "change", "decisions"]
            return [
                ActiveSection(caption: "第二十条第（一）项", headers: ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                              rows: [("regulations", "规章"), ("normative_documents", "规范性文件")],
                              fields: ["new_made", "new_published", "total_published"]),
                ActiveSection(caption: "第二十条第（五）项", headers: items,
                              rows: [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")], fields: fields),
                ActiveSection(caption: "第二十条第（六）项", headers: items,
                              rows: [("punishment", "行政处罚"), ("coercion", "行政强制")], fields: fields),
                ActiveSection(caption: "第二十条第（八）项", headers: Array(items.prefix(2)),
                              rows: [("fees", "行政事业性收费")], fields: ["previous_items", "change"]),
            ]
        }
        return [
            ActiveSection(caption: "第二十条第（一）项", headers: ["本年制发件数", "本年废止件数", "现行有效件数"],
                          rows: [("regulations", "规章"), ("normative_documents", "行政规范性文件")],
                          fields: ["issued", "repealed", "in_force"]),
            ActiveSection(caption: "第二十条第（五）项", headers: [decisionsHeader], rows: [("licensing", "行政许可")], fields: ["decisions"]),
            ActiveSection(caption: "第二十条第（六）项", headers: [decisionsHeader],
                          rows: [("punishment", "行政处罚"), ("coercion", "行政强制")], fields: ["decisions"]),
            ActiveSection(caption: "第二十条第（八）项", headers: ["本年收费金额（单位：万元）"], rows: [("fees", "行政事业性收费")], fields: ["amount"]),
        ]
    }

    enum Marker { case top(String), paren(String), index(Int) }

    /// A row of table 三: its key, its own label, the `（三）…` group it is numbered under, and
    /// whether it sits under `三、本年度办理结果`.
    struct ApplicationRow {
        let key: String
        let marker: Marker
        let text: String
        var group: (marker: String, text: String)? = nil
        var underResults = true
    }

    static func applicationRows(singleOther: Bool) -> [ApplicationRow] {
        func numbered(_ group: (String, String), _ rows: [(String, String)]) -> [ApplicationRow] {
            rows.enumerated().map { ApplicationRow(key: $1.0, marker: .index($0 + 1), text: $1.1, group: group) }
        }
        let other: [ApplicationRow] = singleOther
            ? [ApplicationRow(key: "other_processing", marker: .paren("六"), text: "其他处理")]
            : numbered(("六", "其他处理"), [
                ("other_no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                ("other_fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                ("other_other", "其他")])
        return [
            ApplicationRow(key: "new_received", marker: .top("一"), text: "本年新收政府信息公开申请数量", underResults: false),
            ApplicationRow(key: "carried_over", marker: .top("二"), text: "上年结转政府信息公开申请数量", underResults: false),
            ApplicationRow(key: "granted", marker: .paren("一"), text: "予以公开"),
            ApplicationRow(key: "partially_granted", marker: .paren("二"), text: "部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ] + numbered(("三", "不予公开"), [
            ("denied_state_secret", "属于国家秘密"), ("denied_prohibited_by_law", "其他法律行政法规禁止公开"),
            ("denied_three_safeties", "危及“三安全一稳定”"), ("denied_third_party", "保护第三方合法权益"),
            ("denied_internal_affairs", "属于三类内部事务信息"), ("denied_process_info", "属于四类过程性信息"),
            ("denied_enforcement_file", "属于行政执法案卷"), ("denied_admin_query", "属于行政查询事项"),
        ]) + numbered(("四", "无法提供"), [
            ("unable_not_held", "本机关不掌握相关政府信息"), ("unable_needs_creation", "没有现成信息需要另行制作"),
            ("unable_unclear", "补正后申请内容仍不明确"),
        ]) + numbered(("五", "不予处理"), [
            ("rejected_petition", "信访举报投诉类申请"), ("rejected_duplicate", "重复申请"),
            ("rejected_publication", "要求提供公开出版物"), ("rejected_excessive", "无正当理由大量反复申请"),
            ("rejected_confirmation", "要求行政机关确认或重新出具已获取信息"),
        ]) + other + [
            ApplicationRow(key: "total", marker: .paren("七"), text: "总计"),
            ApplicationRow(key: "carried_forward", marker: .top("四"), text: "结转下年度继续办理", underResults: false),
        ]
    }

    static let applicationColumns = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
    static let reviewGroups = ["review", "litigation_direct", "litigation_after_review"]
    static let reviewFields = ["upheld", "corrected", "other", "pending", "total"]
}

// MARK: - Rendering

/// A printed value cell: its text (nil: a blank cell) and the truth cell it shows.
private struct Cell {
    var text: String?
    var path: String?
    /// Where brokenNumbers splits the digits (head on the row's line, tail on the next).
    var breakAt: Int? = nil
}

/// A group label over several rows (`三、本年度办理结果`, `（三）不予公开`).
private struct Group: Equatable {
    let id: String
    let text: String
}

private struct Row {
    var groups: [Group] = []
    /// What this row prints of each group label (filled once the rows are final).
    var chunks: [String] = []
    /// A page break inside a group label before this row's own label (cellPerLine):
    /// column and the label's two pieces.
    var groupBreak: (column: Int, first: String, second: String)? = nil
    /// The own label, in the pieces it is printed in.
    var label: [String]
    var values: [Cell]
}

private enum Item {
    case caption(String)
    /// Column headers: the label-area cell, then one per value column.
    case header(lead: String, cells: [String])
    case row(Row)
    /// A page footer; its number is given when it is printed, so that numbers rise.
    case pageBreak
}

private struct TableModel {
    var heading: String
    /// Label cells before the numbers in tab and markdown rows (table 三: 2, 二: 1, 四: 0).
    var leadColumns: Int
    var items: [Item]
}

/// A line of a row layout before it is formatted as tabs, spaces or pipes.
private enum GridLine {
    case cells(groups: [String], label: String?, values: [String])
    case raw(String)
    /// markdown: the table ends here and another starts (a page break, with its mark if any).
    case tableBreak(String?)
}

/// Where the numbers of a row with a wrapped label go.
private enum WrapPolicy: CaseIterable { case above, between, onPiece, below, mixed }

struct LayoutRenderer {
    var rng: SeededGenerator
    let truth: LayoutTruth
    let base: LayoutTransform
    let on: Set<LayoutTransform>
    /// Truth cells the text prints, and those of them its layout does not fix.
    private(set) var shown: Set<String> = []
    private(set) var undetermined: Set<String> = []

    private var parenStyle = ("（", "）"), indexStyle = "."
    private var wrapPolicy = WrapPolicy.between
    private var page = 2
    /// What a blank cell prints where a layout has no cell boundaries (cellPerLine, oneLine).
    private var blankMark = "/"

    init(rng: SeededGenerator, truth: LayoutTruth, base: LayoutTransform, on: Set<LayoutTransform>) {
        self.rng = rng
        self.truth = truth
        self.base = base
        self.on = on
    }

    private func has(_ t: LayoutTransform) -> Bool { on.contains(t) }

    // MARK: Document

    mutating func document() -> [String] {
        if has(.punctuation) {
            parenStyle = rng.pick([("(", ")"), ("(", ") "), ("（", "） ")])
            indexStyle = rng.pick(["、", ". ", "．"])
        }
        wrapPolicy = rng.pick(WrapPolicy.allCases)
        page = rng.int(2...4)
        blankMark = rng.pick(["/", "—", "／"])
        let agency = truth.agency, year = truth.year
        let gap = [.tabRows, .spaceAligned, .markdown, .shreddedMarkdown].contains(base)
        let heading: (String) -> String = { [base] text in
            (base == .markdown || base == .shreddedMarkdown) ? "## " + text : text
        }
        var lines: [String] = []
        func paragraph(_ text: String) { lines.append(text); if gap { lines.append("") } }

        let title = rng.chance(0.5) ? "\(agency)\(year)年政府信息公开工作年度报告" : "\(agency) \(year) 年政府信息公开工作年度报告"
        if has(.crawlerHeader) {
            let colon = rng.pick([": ", "："])
            lines += ["标题\(colon)\(agency)\(year)年政府信息公开工作年度报告", "发布时间\(colon)\(year + 1)-01-\(rng.int(10...28)) 10:00",
                      "文号\(colon)", "发布机构\(colon)\(agency)", "栏目\(colon)政府信息公开年报",
                      "原始链接\(colon)https://www.example.gov.cn/zfxxgk/ndbg/\(year + 1)01/t\(year + 1)0120_\(rng.int(100000...999999)).htm",
                      "正文\(colon)".trimmingCharacters(in: .whitespaces)]
        } else {
            paragraph(title)
        }
        let notice = truth.format == "2019" ? "国办公开办函〔2019〕60号" : "国办公开办函〔2021〕30号"
        paragraph("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（\(notice)）要求，编制本报告。本报告所列数据的统计期限自\(year)年1月1日起至\(year)年12月31日止。")
        paragraph(heading("一、总体情况"))
        paragraph("\(year)年，\(agency)坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，扎实推进政府信息公开工作。")
        paragraph("（一）主动公开。依托政府门户网站等平台，全年主动公开政府信息\(rng.int(40...9000))条。")
        // Counts in the narrative are the truth's, never made up: the narrative may settle a cell.
        if let received = truth.number(".applications.rows.new_received[6]") {
            paragraph("（二）依申请公开。全年共收到政府信息公开申请\(Int(received))件，均在法定期限内答复。")
        } else {
            paragraph("（二）依申请公开。规范申请接收、登记、办理、答复等全流程管理。")
        }
        paragraph("（三）政府信息管理。严格落实信息发布审核制度，做好公开属性源头认定。")
        paragraph("（四）平台建设。持续优化政府网站信息公开专栏，更新栏目\(rng.int(3...40))个。")
        paragraph("（五）监督保障。将政务公开纳入年度绩效考核，组织业务培训\(rng.int(1...9))次。")

        let tables = [("二、主动公开政府信息情况", activeDisclosureTable()),
                      ("三、收到和处理政府信息公开申请情况", applicationsTable()),
                      ("四、政府信息公开行政复议、行政诉讼情况", reviewTable())]
        for (title, model) in tables {
            var table = model ?? TableModel(heading: title, leadColumns: 0, items: [])
            table.heading = heading(title)
            lines += layOut(table)
            if gap { lines.append("") }
        }
        paragraph(heading("五、存在的主要问题及改进情况"))
        paragraph("（一）存在的主要问题。一是主动公开的深度还需加强；二是依申请公开办理的规范化水平有待提升。")
        paragraph("（二）改进情况。一是加强业务培训；二是完善工作机制，提升答复质量。")
        paragraph(heading("六、其他需要报告的事项"))
        paragraph("本年度未收取政府信息公开信息处理费。本报告电子版可在\(agency)门户网站查阅。")
        return lines
    }

    // MARK: Tables

    private mutating func cell(_ path: String) -> Cell {
        guard let value = truth.number(path) else { return Cell(text: nil, path: path) }
        shown.insert(path)
        let text = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        return Cell(text: text, path: path)
    }

    private mutating func activeDisclosureTable() -> TableModel? {
        guard truth.tables["active_disclosure"].objectValue != nil else { return nil }
        var items: [Item] = []
        let decisions = rng.chance(0.7) ? "本年处理决定数量" : "处理决定数量"
        var rows: [Int] = []
        for section in PrintedTemplate.activeDisclosure(format: truth.format, decisionsHeader: decisions) {
            items.append(.caption(section.caption))
            items.append(.header(lead: "信息内容", cells: section.headers))
            for (key, label) in section.rows {
                let values = section.fields.map { cell(".active_disclosure.\(key).\($0)") }
                guard values.contains(where: { $0.text != nil }) else { continue }   // a row the truth lacks is not printed
                rows.append(items.count)
                items.append(.row(Row(label: [label], values: values)))
            }
        }
        if truth.format == "2019" {
            // 第二十条第（九）项 is printed in 2019 reports but is not part of the record.
            items += [.caption("第二十条第（九）项"), .header(lead: "信息内容", cells: ["采购项目数量", "采购总金额"]),
                      .row(Row(label: ["政府集中采购"],
                               values: [Cell(text: String(rng.int(3...4000))), Cell(text: "\(rng.int(1000...99_999_999)).\(rng.int(10...99))")]))]
        }
        if has(.missingRows), !rows.isEmpty, rng.chance(0.4) {
            dropRow(at: rng.pick(rows), in: &items)
        }
        if has(.pageBreak), rng.chance(0.5) {
            let captions = items.indices.filter { if case .caption = items[$0] { $0 > 0 } else { false } }
            if !captions.isEmpty { items.insert(.pageBreak, at: rng.pick(captions)) }
        }
        return finish(TableModel(heading: "", leadColumns: 1, items: items))
    }

    private mutating func applicationsTable() -> TableModel? {
        let rowsJSON = truth.tables["applications"]["rows"]
        guard rowsJSON.objectValue != nil else { return nil }
        let singleOther = rowsJSON["other_processing"].arrayValue?.contains { !$0.isNull } ?? false
        let note = rng.chance(0.7) ? "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
            : "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)"
        var items: [Item] = [
            .header(lead: note, cells: ["申请人情况", "", "", "", "", "", "总计"]),
            .header(lead: "", cells: ["自然人", "法人或其他组织", "", "", "", "", ""]),
            .header(lead: "", cells: ["", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]),
        ]
        let results = Group(id: "results", text: "三、本年度办理结果")
        for template in PrintedTemplate.applicationRows(singleOther: singleOther) {
            let values = PrintedTemplate.applicationColumns.indices.map { cell(".applications.rows.\(template.key)[\($0)]") }
            guard values.contains(where: { $0.text != nil }) else { continue }   // a row the truth lacks is not printed
            var groups: [Group] = template.underResults ? [results] : []
            if let group = template.group { groups.append(Group(id: group.marker, text: paren(group.marker) + group.text)) }
            let label: String
            switch template.marker {
            case .top(let n): label = n + "、" + template.text
            case .paren(let n): label = paren(n) + template.text
            case .index(let i): label = "\(i)" + indexStyle + template.text
            }
            items.append(.row(Row(groups: groups, label: [label], values: values)))
        }
        if has(.missingRows) {
            let rows = items.indices.filter { if case .row = items[$0] { true } else { false } }
            for index in rng.sample(rng.int(1...3), of: rows.count).reversed() { dropRow(at: rows[index], in: &items) }
        }
        return finish(TableModel(heading: "", leadColumns: 2, items: items))
    }

    private mutating func reviewTable() -> TableModel? {
        guard truth.tables["review_litigation"].objectValue != nil else { return nil }
        let blank5 = Array(repeating: "", count: 5), results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        var items: [Item] = [
            .header(lead: "", cells: ["行政复议", "", "", "", "", "行政诉讼"] + Array(repeating: "", count: 9)),
            .header(lead: "", cells: results + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]),
            .header(lead: "", cells: blank5 + results + results),
        ]
        let values = PrintedTemplate.reviewGroups.flatMap { group in PrintedTemplate.reviewFields.map { ".review_litigation.\(group).\($0)" } }
            .map { cell($0) }
        if values.contains(where: { $0.text != nil }) { items.append(.row(Row(label: [], values: values))) }
        return finish(TableModel(heading: "", leadColumns: 0, items: items))
    }

    /// Rows with a blank cell, where the layout cannot print a blank: in a collapsed row any
    /// absent or placeholder cell could be part of a run, so such rows are left out.
    private mutating func dropRowsWithBlanks(in items: inout [Item]) {
        guard has(.collapsed) else { return }
        for index in items.indices.reversed() {
            if case .row(let row) = items[index], row.values.contains(where: { $0.text == nil }) { dropRow(at: index, in: &items) }
        }
    }

    /// Removes a row; its cells are no longer shown.
    private mutating func dropRow(at index: Int, in items: inout [Item]) {
        guard case .row(let row) = items[index] else { return }
        for cell in row.values { if let path = cell.path { shown.remove(path) } }
        items.remove(at: index)
    }

    private func paren(_ n: String) -> String { parenStyle.0 + n + parenStyle.1 }

    /// The next page number, in one of the forms a page footer takes.
    private mutating func pageMark() -> String {
        defer { page += 1 }
        let bare = base == .tabRows || base == .markdown || base == .shreddedMarkdown
        return rng.pick(bare ? ["- \(page) -", "\(page)", "—\(page)—", "-\(page)-"] : ["- \(page) -", "-\(page)-", "— \(page) —"])
    }

    /// Group label chunks, label pieces, page breaks and cell-level noise, once the rows are final.
    private mutating func finish(_ model: TableModel) -> TableModel {
        var table = model
        dropRowsWithBlanks(in: &table.items)
        var rowIndices: [Int] { table.items.indices.filter { if case .row = table.items[$0] { true } else { false } } }
        func row(_ i: Int) -> Row { if case .row(let r) = table.items[i] { r } else { fatalError() } }
        func set(_ i: Int, _ r: Row) { table.items[i] = .row(r) }

        // Each group label printed whole on its group's first row, or spread over the rows.
        for i in rowIndices { var r = row(i); r.chunks = Array(repeating: "", count: r.groups.count); set(i, r) }
        var groupsInOrder: [Group] = []
        for i in rowIndices { for g in row(i).groups where !groupsInOrder.contains(g) { groupsInOrder.append(g) } }
        let breakable = groupsInOrder.filter { g in g.id != "results" && rowIndices.filter { row($0).groups.contains(g) }.count >= 2 }
        let brokenGroup = has(.pageBreakInGroupLabel) ? breakable.isEmpty ? nil : rng.pick(breakable) : nil
        var breakBefore: [Int] = []
        for group in groupsInOrder {
            let members = rowIndices.filter { row($0).groups.contains(group) }
            let column = row(members[0]).groups.firstIndex(of: group)!
            var chunks = [group.text], start = 0
            if group == brokenGroup {
                let cut = rng.int(min(Self.markerLength(Array(group.text)) + 1, group.text.count - 1)...(group.text.count - 1))
                let pieces = [String(group.text.prefix(cut)), String(group.text.dropFirst(cut))]
                if base == .cellPerLine {
                    var r = row(members[0]); r.chunks[column] = group.text
                    r.groupBreak = (column, pieces[0], pieces[1]); set(members[0], r)
                    continue
                }
                chunks = pieces
                breakBefore.append(members[1])
            } else if group.id == "results" && has(.verticalGroupLabel) {
                chunks = group.text.map(String.init)
                start = max(0, (members.count - chunks.count) / 2)
            } else if group.id != "results" && has(.wrappedLabels) && base != .markdown && base != .shreddedMarkdown && rng.chance(0.5) {
                let cut = rng.int(min(Self.markerLength(Array(group.text)) + 1, group.text.count - 2)...(group.text.count - 2))
                chunks = [String(group.text.prefix(cut)), String(group.text.dropFirst(cut))]
                start = max(0, (members.count - 2) / 2)
            }
            for (k, chunk) in chunks.enumerated() {
                let at = members[min(start + k, members.count - 1)]
                var r = row(at); r.chunks[column] += chunk; set(at, r)
            }
        }

        // Own labels: split markers and wrapped pieces.
        for i in rowIndices {
            var r = row(i)
            guard let label = r.label.first, !label.isEmpty else { continue }
            if base == .cellPerLine && has(.splitMarkers) && rng.chance(0.6) {
                r.label = markerPieces(label)
            } else if has(.wrappedLabels) && base != .oneLine && label.count >= 6 && rng.chance(label.count > 10 ? 0.7 : 0.3) {
                r.label = wrap(label, into: rng.int(2...(label.count >= 14 ? 3 : 2)))
            }
            set(i, r)
        }

        // Page breaks between rows.
        if has(.pageBreak), rowIndices.count > 2, rng.chance(0.8) {
            breakBefore.append(rng.pick(Array(rowIndices.dropFirst())))
        }
        for index in Set(breakBefore).sorted(by: >) { table.items.insert(.pageBreak, at: index) }

        // Cell and label noise.
        var cells: [(item: Int, cell: Int)] = []
        for i in rowIndices { for (c, cell) in row(i).values.enumerated() where cell.path != nil && cell.text != nil { cells.append((i, c)) } }
        if has(.digitNoise) {
            let noisy = cells.filter { row($0.item).values[$0.cell].text!.contains { $0 == "0" || $0 == "1" } }
            for k in rng.sample(rng.int(1...3), of: noisy.count) {
                let (i, c) = noisy[k]
                var r = row(i)
                var chars = Array(r.values[c].text!)
                let at = chars.indices.filter { chars[$0] == "0" || chars[$0] == "1" }
                let j = rng.pick(at)
                let pipes = base == .markdown || base == .shreddedMarkdown
                chars[j] = chars[j] == "0" ? "O" : (pipes ? "l" : rng.pick(["l", "|"]))
                r.values[c].text = String(chars)
                undetermined.insert(r.values[c].path!)
                set(i, r)
            }
        }
        let multiDigit = cells.filter { row($0.item).values[$0.cell].text!.allSatisfy(\.isNumber) && row($0.item).values[$0.cell].text!.count >= 2 }
        if has(.spacedDigits) {
            for k in rng.sample(rng.int(1...3), of: multiDigit.count) {
                let (i, c) = multiDigit[k]
                var r = row(i)
                let digits = r.values[c].text!.map(String.init)
                r.values[c].text = digits.enumerated().map { $0.offset > 0 && rng.chance(0.7) ? " " + $0.element : $0.element }.joined()
                if !r.values[c].text!.contains(" ") { r.values[c].text = digits[0] + " " + digits.dropFirst().joined() }
                set(i, r)
            }
        }
        if has(.brokenNumbers) {
            for k in rng.sample(rng.int(1...3), of: multiDigit.count) {
                let (i, c) = multiDigit[k]
                var r = row(i)
                if !r.values[c].text!.contains(" ") { r.values[c].breakAt = rng.int(1...(r.values[c].text!.count - 1)) }
                set(i, r)
            }
        }
        if has(.labelNoise) {
            let labelled = rowIndices.filter { row($0).label.joined().count >= 5 }
            for k in rng.sample(rng.int(1...3), of: labelled.count) {
                var r = row(labelled[k])
                let text = r.label.joined(), plain = Array(text)
                // Keep the numbering (`1.`, `（三）`): noise hits the words.
                let words = plain.indices.filter { plain[$0].unicodeScalars.first!.value >= 0x4E00 && !"一二三四五六七".contains(plain[$0]) }
                guard let at = words.isEmpty ? nil : rng.pick(words) else { continue }
                var chars = plain
                if rng.chance(0.5) { chars.removeSubrange(at..<min(at + rng.int(1...2), chars.count)) }
                else { chars[at] = rng.pick(Array("末己巳曰入八士干千户戸")) }
                let noisy = String(chars)
                r.label = r.label.count == 1 ? [noisy] : wrap(noisy, into: r.label.count)
                for cell in r.values { if let path = cell.path { undetermined.insert(path) } }
                set(labelled[k], r)
            }
        }
        return table
    }

    /// `（一）予以公开` → `(一` / `)` / `予以公开` (or `(` / `一` / `)` / …); `1.属于国家秘密` → `1.` / `属于国家秘密`.
    private mutating func markerPieces(_ label: String) -> [String] {
        let chars = Array(label)
        guard let first = chars.first else { return [label] }
        if first == "（" || first == "(", let close = chars.firstIndex(where: { $0 == "）" || $0 == ")" }), close >= 2 {
            let open = String(chars[0]), number = String(chars[1..<close]), rest = String(chars[(close + 1)...]).trimmingCharacters(in: .whitespaces)
            let pieces = rng.chance(0.5) ? [open + number, String(chars[close])] : [open, number, String(chars[close])]
            return pieces + (rest.isEmpty ? [] : splitAtPunctuation(rest))
        }
        if first.isNumber, let dot = chars.firstIndex(where: { "．.、".contains($0) }) {
            return [String(chars[...dot]), String(chars[(dot + 1)...]).trimmingCharacters(in: .whitespaces)]
        }
        return [label]
    }

    /// `部分公开（区分处理的，只计这一情形，不计其他情形）` → `部分公开` / `（` / `区分处理的` / `，` / …, as crawled pages print it.
    private func splitAtPunctuation(_ text: String) -> [String] {
        guard text.contains("，") else { return [text] }
        var pieces: [String] = [], current = ""
        for ch in text {
            if "（），()".contains(ch) {
                if !current.isEmpty { pieces.append(current) }
                pieces.append(String(ch)); current = ""
            } else { current.append(ch) }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// A label cut into `count` pieces at arbitrary places, none empty, the numbering (`1.`,
    /// `（三）`) and a character after it kept together: a cell wraps its words, not its number.
    private mutating func wrap(_ text: String, into count: Int) -> [String] {
        let chars = Array(text)
        let lowest = Self.markerLength(chars) + 1
        guard chars.count >= count * 2, chars.count - lowest >= count - 1 else { return [text] }
        let cuts = rng.sample(count - 1, of: chars.count - lowest).map { $0 + lowest }
        return zip([0] + cuts, cuts + [chars.count]).map { String(chars[$0..<$1]).trimmingCharacters(in: .whitespaces) }
    }

    /// The length of a label's numbering: `（三）`, `1.`, `一、`; 0 if none.
    private static func markerLength(_ chars: [Character]) -> Int {
        if chars.first == "（" || chars.first == "(", let close = chars.firstIndex(where: { $0 == "）" || $0 == ")" }) { return close + 1 }
        if let dot = chars.prefix(3).firstIndex(where: { "．.、".contains($0) }) { return dot + 1 }
        return 0
    }

    // MARK: Layouts

    private mutating func layOut(_ table: TableModel) -> [String] {
        switch base {
        case .cellPerLine: cellPerLine(table)
        case .oneLine: oneLine(table)
        default: format(gridLines(table), table)
        }
    }

    /// One cell or text run a line; a blank cell prints a placeholder (`/`, `—`); collapsed rows
    /// print a run of equal cells once (rows with a blank cell were left out).
    private mutating func cellPerLine(_ table: TableModel) -> [String] {
        var lines = [table.heading]
        for item in table.items {
            switch item {
            case .caption(let text): lines.append(text)
            case .pageBreak: lines += ["", pageMark(), ""]
            case .header(let lead, let cells):
                for text in [lead] + cells where !text.isEmpty {
                    if text.hasPrefix("（本列") || text.hasPrefix("(本列") {
                        lines += has(.wrappedLabels) ? splitAtPunctuation(text) : [text]
                    } else if has(.verticalHeaders) && rng.chance(0.7) {
                        lines += rng.chance(0.7) ? text.map(String.init) : stride(from: 0, to: text.count, by: 2).map {
                            String(Array(text)[$0..<min($0 + 2, text.count)])
                        }
                    } else {
                        lines.append(text)
                    }
                }
            case .row(let row):
                for (column, chunk) in row.chunks.enumerated() where !chunk.isEmpty {
                    if let b = row.groupBreak, b.column == column {
                        lines += [b.first, "", pageMark(), "", b.second]
                    } else {
                        lines += has(.splitMarkers) && rng.chance(0.5) ? markerPieces(chunk) : [chunk]
                    }
                }
                lines += row.label.filter { !$0.isEmpty }
                let paths = row.values.compactMap(\.path)
                // Cells the crawler printed with spaces inside are not told apart from two cells.
                for cell in row.values where cell.text?.contains(" ") == true { if let path = cell.path { undetermined.insert(path) } }
                if has(.collapsed) {
                    let texts = row.values.compactMap(\.text)
                    let runs = texts.enumerated().filter { $0.offset == 0 || texts[$0.offset - 1] != $0.element }.map(\.element)
                    if !paths.isEmpty && !collapsedRowIsDetermined(runs, cells: row.values.count) {
                        undetermined.formUnion(paths)
                    }
                    lines += runs
                } else {
                    lines += row.values.map { $0.text ?? blankMark }
                }
            }
        }
        return lines
    }

    /// Whether the printed runs of a collapsed row expand to its cells in one way only: by the
    /// row total (table 三), the group totals (table 四), or trivially (all cells or one run).
    private func collapsedRowIsDetermined(_ runs: [String], cells: Int) -> Bool {
        if runs.count == cells || runs.count == 1 { return true }
        guard cells == 7 || cells == 15 else { return false }   // table 二: several splits, no rule
        let numbers = runs.compactMap { Double($0) }
        guard numbers.count == runs.count else { return false }
        let width = cells == 7 ? 7 : 5   // a row of table 三, or a group of table 四, ends in its total
        func holds(_ v: [Double]) -> Bool {
            stride(from: 0, to: v.count, by: width).allSatisfy { v[$0..<($0 + width - 1)].reduce(0, +) == v[$0 + width - 1] }
        }
        var solutions = 0
        // Every way to give each run a length >= 1, the lengths summing to `cells`.
        func expand(_ run: Int, _ left: Int, _ acc: [Double]) {
            guard solutions < 2 else { return }
            if run == numbers.count - 1 {
                if holds(acc + Array(repeating: numbers[run], count: left)) { solutions += 1 }
                return
            }
            let runsAfter = numbers.count - run - 1
            guard left - runsAfter >= 1 else { return }
            for length in 1...(left - runsAfter) { expand(run + 1, left - length, acc + Array(repeating: numbers[run], count: length)) }
        }
        expand(0, cells, [])
        return solutions == 1
    }

    /// The table body on one line, the cells of a row run together (`713000074`).
    private mutating func oneLine(_ table: TableModel) -> [String] {
        var text = ""
        for item in table.items {
            switch item {
            case .caption(let caption): text += caption
            case .header(let lead, let cells): text += lead + cells.joined()
            case .pageBreak: break
            case .row(let row):
                text += row.chunks.joined() + row.label.joined() + row.values.map { $0.text ?? blankMark }.joined()
                undetermined.formUnion(row.values.compactMap(\.path))
            }
        }
        return [table.heading] + (text.isEmpty ? [] : [text])
    }

    /// Rows as grid lines: wrapped labels, vertical headers, group chunks, broken numbers, shreds.
    private mutating func gridLines(_ table: TableModel) -> [GridLine] {
        let markdown = base == .markdown || base == .shreddedMarkdown
        var lines: [GridLine] = []
        let rows = table.items.filter { if case .row = $0 { true } else { false } }.count
        let tableBreakAt = base == .shreddedMarkdown && rows > 3 && rng.chance(0.7) ? rng.int(2...(rows - 1)) : -1
        var rowNumber = 0
        for item in table.items {
            switch item {
            case .caption(let text):
                lines.append(.cells(groups: [], label: text, values: []))
            case .pageBreak:
                let mark = pageMark()
                lines += markdown ? [.tableBreak(mark)] : [.raw(""), .raw(base == .spaceAligned ? String(repeating: " ", count: 30) + mark : mark), .raw("")]
            case .header(let lead, let cells):
                var pieces: [[String]] = cells.map { [$0] }
                if !markdown && (has(.verticalHeaders) || base == .spaceAligned) {
                    // pdftotext -layout wraps header cells in narrow columns; vertical: a character a line.
                    let size = has(.verticalHeaders) && rng.chance(0.7) ? 1 : 3
                    pieces = cells.map { text in
                        text.isEmpty ? [""] : stride(from: 0, to: text.count, by: size).map { String(Array(text)[$0..<min($0 + size, text.count)]) }
                    }
                }
                var leadLines = [lead]
                if base == .spaceAligned && lead.count > 16 {
                    leadLines = stride(from: 0, to: lead.count, by: 16).map { String(Array(lead)[$0..<min($0 + 16, lead.count)]) }
                    lines += leadLines.map { .raw($0) }
                    leadLines = [""]
                }
                let depth = pieces.map(\.count).max() ?? 1
                for k in 0..<depth {
                    lines.append(.cells(groups: [], label: table.leadColumns == 0 ? nil : (k == 0 ? leadLines[0] : ""),
                                        values: pieces.map { k < $0.count ? $0[k] : "" }))
                }
            case .row(let row):
                rowNumber += 1
                if rowNumber == tableBreakAt { lines.append(.tableBreak(nil)) }
                let blanks = Array(repeating: "", count: row.groups.count)
                let label: String? = table.leadColumns == 0 ? nil : ""
                var heads: [String] = [], tails: [String] = []
                for cell in row.values {
                    let text = cell.text ?? ""
                    if let at = cell.breakAt { heads.append(String(text.prefix(at))); tails.append(String(text.dropFirst(at))) }
                    else { heads.append(text); tails.append("") }
                }
                let numbers: [GridLine] = [.cells(groups: blanks, label: label, values: heads)]
                    + (tails.contains { !$0.isEmpty } ? [.cells(groups: blanks, label: label, values: tails)] : [])
                if markdown {
                    let text = row.label.joined(separator: "<br>")
                    if base == .shreddedMarkdown && rng.chance(0.4) {
                        // The label in one row, its numbers in the next; sometimes the label in the first column.
                        let firstColumn = row.chunks.allSatisfy(\.isEmpty) && rng.chance(0.3)
                        lines.append(.cells(groups: firstColumn ? [] : row.chunks, label: text, values: []))
                        lines.append(.cells(groups: blanks, label: label, values: heads))
                    } else {
                        lines.append(.cells(groups: row.chunks, label: table.leadColumns == 0 ? nil : text, values: heads))
                    }
                    continue
                }
                if row.label.count <= 1 {
                    var first = numbers
                    first[0] = .cells(groups: row.chunks, label: table.leadColumns == 0 ? nil : row.label.first ?? "", values: heads)
                    lines += first
                    continue
                }
                let policy = wrapPolicy == .mixed ? rng.pick([WrapPolicy.above, .between, .onPiece, .below]) : wrapPolicy
                var pieceLines: [GridLine] = row.label.enumerated().map { k, piece in
                    .cells(groups: k == 0 ? row.chunks : blanks, label: piece, values: [])
                }
                switch policy {
                case .above: pieceLines.insert(contentsOf: numbers, at: 0)
                case .below: pieceLines += numbers
                case .between, .mixed: pieceLines.insert(contentsOf: numbers, at: (row.label.count - 1) / 2 + 1)
                case .onPiece:
                    let k = row.label.count / 2
                    pieceLines[k] = .cells(groups: k == 0 ? row.chunks : blanks, label: row.label[k], values: heads)
                    if numbers.count > 1 { pieceLines.insert(numbers[1], at: k + 1) }
                }
                lines += pieceLines
            }
        }
        return lines
    }

    /// Grid lines as tab-separated, space-aligned or markdown text.
    private func format(_ lines: [GridLine], _ table: TableModel) -> [String] {
        func lead(_ groups: [String], _ label: String?) -> [String] {
            guard let label else { return groups }
            let cells = groups + [label]
            return cells + Array(repeating: "", count: max(0, table.leadColumns - cells.count))
        }
        var out = [table.heading]
        switch base {
        case .tabRows:
            for line in lines {
                switch line {
                case .raw(let text): out.append(text)
                case .tableBreak: out.append("")
                case .cells(let groups, let label, let values):
                    var text = (lead(groups, label) + values).joined(separator: "\t")
                    while text.hasSuffix("\t") { text.removeLast() }
                    out.append(text)
                }
            }
        case .spaceAligned:
            // Group labels in their own columns, then the label, then numbers at fixed columns.
            var groupWidths: [Int] = [], labelWidth = 0, cellWidth = 0
            for case .cells(let groups, _, let values) in lines {
                for (c, g) in groups.enumerated() {
                    if groupWidths.count <= c { groupWidths.append(0) }
                    groupWidths[c] = max(groupWidths[c], Self.width(g) + 2)
                }
                cellWidth = max(cellWidth, values.map(Self.width).max() ?? 0)
            }
            for case .cells(let groups, let label, let values) in lines where !values.isEmpty {
                let prefix = groups.enumerated().reduce(0) { $0 + groupWidths[$1.offset] }
                labelWidth = max(labelWidth, prefix + Self.width(label ?? ""))
            }
            labelWidth += labelWidth > 0 ? 3 : 0
            cellWidth += has(.spacedDigits) ? 3 : 2
            for line in lines {
                switch line {
                case .raw(let text): out.append(text)
                case .tableBreak: out.append("")
                case .cells(let groups, let label, let values):
                    var text = groups.enumerated().map { Self.pad($1, groupWidths[$0]) }.joined() + (label ?? "")
                    if !values.isEmpty { text = Self.pad(text, labelWidth) + values.map { Self.pad($0, cellWidth) }.joined() }
                    while text.hasSuffix(" ") { text.removeLast() }
                    out.append(text)
                }
            }
        default:
            // Markdown: every row as wide as the widest, a separator under each table's first row.
            let columns = lines.reduce(1) { n, line in
                if case .cells(let groups, let label, let values) = line { max(n, lead(groups, label).count + values.count) } else { n }
            }
            var startsTable = true
            func row(_ cells: [String]) -> String {
                "| " + (cells + Array(repeating: "", count: max(0, columns - cells.count))).joined(separator: " | ") + " |"
            }
            let separator = "|" + String(repeating: "---|", count: columns)
            for line in lines {
                switch line {
                case .raw(let text): out.append(text)
                case .tableBreak(let mark):
                    out += [""] + (mark.map { [$0, ""] } ?? []) + [row([]), separator]
                case .cells(let groups, let label, let values):
                    out.append(row(lead(groups, label) + values))
                    if startsTable { out.append(separator); startsTable = false }
                }
            }
        }
        return out
    }

    /// Display width: CJK and full-width characters take two columns.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { n, s in
            let v = s.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            return n + (wide ? 2 : 1)
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - Self.width(text)))
    }
}
