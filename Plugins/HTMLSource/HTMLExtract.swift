import Foundation
import IngestKit

/// `extract.html`: reports published as web pages (`page.html`, Word's "save as web page",
/// site CMS pages, pages written from JavaScript strings) → pages, lines and tables.
///
/// The page is recognised by its content, whatever the file is called; other documents pass
/// on (as do documents an earlier extractor already read). Encoding as a browser without HTTP
/// headers decides it (BOM, `<meta charset>`, UTF-8 if valid, else GB18030), said in issues.
/// libxml2's HTML parser reads broken markup. Scripts, styles, hidden elements and site
/// navigation are left out. The text is one page of lines, as `extract.text` writes them:
/// the title first, then paragraphs, headings and list items (a blank line after each, as a
/// paragraph ends in a text file), and every table row as one line
/// with its cells separated by tabs (a merged cell's text only in the row and column it
/// starts in). The tables themselves go to `document.tables` (layout `html`) as grids whose
/// merged cells are expanded (see `HTMLExtract.table`).
public struct HTMLExtract: Stage {
    public static let name = "extract.html"
    public static let summary = "Reads web pages (HTML, any encoding, broken markup, JavaScript-written) into lines and table grids with libxml2."
    public static let options = [
        OptionSpec("drop_navigation", .boolean, default: true,
                   "leave out site furniture: breadcrumbs (当前位置), 附件下载, 打印本页/关闭窗口, 电脑版/手机版 footers, nav/header/footer elements"),
        OptionSpec("min_tags", .integer, default: 3, "fewest block-level tags (p, div, table, tr, td, li, h1–h6; not br, span or font) in the first 64 KiB that make a file not starting with markup a page"),
    ]

    let dropNavigation: Bool
    let minTags: Int

    public init(options: StageOptions) throws {
        dropNavigation = options.bool("drop_navigation") ?? true
        minTags = options.int("min_tags") ?? 3
        guard minTags >= 1 else { throw options.invalid("min_tags", "must be at least 1, not \(minTags)") }
    }

    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        guard document.kind == nil else { return document }
        guard let handle = FileHandle(forReadingAtPath: document.source) else { return document }
        let head = (try? handle.read(upToCount: 65536)) ?? Data()
        try? handle.close()
        guard Self.looksLikeHTML(head, minTags: minTags) else { return document }
        let data = try Data(contentsOf: URL(fileURLWithPath: document.source))
        return try read(data, into: document, stage: context.stageName)
    }

    /// Whether the bytes are a web page: markup from the first character (after a crawler's
    /// header block, if any), or at least `minTags` block-level tags (`<p>`, `<div>`, `<table>`,
    /// `<td>`, …; `<br>`, `<span>` and `<font>`, the residue converters leave in markdown and
    /// text, do not count), or JavaScript that writes such markup.
    static func looksLikeHTML(_ data: Data, minTags: Int = 3) -> Bool {
        if data.starts(with: Array("%PDF".utf8)) { return false }
        var bytes = data.prefix(65536)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let text = String(decoding: bytes, as: UTF8.self)
        let body = TextDecoding.headerBlock(text).body
        let lower = body.drop(while: \.isWhitespace).prefix(64).lowercased()
        for start in ["<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<table", "<div", "<p>", "<p ", "<script",
                      "<style", "<!--", "<?xml", "<h1", "<h2", "<center", "<section", "<article"]
        where lower.hasPrefix(start) { return true }
        guard let regex = try? NSRegularExpression(pattern: #"<\\?/?(p|div|table|tr|td|th|tbody|body|html|h[1-6]|li|ul|ol)[\s>/]"#,
                                                   options: [.caseInsensitive]) else { return false }
        let tags = regex.numberOfMatches(in: body, range: NSRange(body.startIndex..., in: body))
        return tags >= minTags
    }

    /// Decodes and reads the page into the document.
    func read(_ data: Data, into document: Document, stage: String) throws -> Document {
        var out = document
        let decoded = HTMLEncoding.decode(data)
        out.kind = .html
        out.metadata.encoding = decoded.encoding
        out.addIssue(decoded.severity, "encoding: " + decoded.reason, stage: stage)

        // A crawler's header block before the markup (`标题：…` … `正文：`).
        var (fields, markup) = TextDecoding.headerBlock(decoded.text)
        if ScriptStrings.isScriptPage(markup) {
            markup = ScriptStrings.markup(inScript: markup)
            out.addIssue(.info, "the page is written from JavaScript strings: read the markup they hold", stage: stage)
        } else {
            let inlined = ScriptStrings.inlineScripts(markup)
            if inlined != markup {
                out.addIssue(.info, "part of the page is written from JavaScript strings (document.write/innerHTML): read the markup they hold", stage: stage)
                markup = inlined
            }
        }
        let reader = HTMLReader(html: HTMLEncoding.neutralizeDeclarations(markup))
        var blocks = reader.blocks

        // A header block inside the page's text (a crawled page that printed one).
        let leading = blocks.prefix { if case .text = $0 { true } else { false } }
        let leadingText = leading.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined(separator: "\n")
        let inner = TextDecoding.headerBlock(leadingText)
        if !inner.fields.isEmpty {
            fields.merge(inner.fields) { old, _ in old }
            let body = inner.body.split(separator: "\n").map { HTMLBlock.text(String($0)) }
            blocks = body + blocks.dropFirst(leading.count)
        }
        if !fields.isEmpty { out.metadata.fields = fields }

        if dropNavigation { blocks = blocks.filter { if case .text(let t) = $0 { !Self.isNavigation(t) } else { true } } }

        let title = Self.reportTitle(pageTitle: reader.title, heading: reader.firstHeading, fields: fields, blocks: blocks)
        if let title { out.metadata.title = title }

        var lines: [String] = []
        var tables: [Table] = []
        if let title {
            // The title first, once: a heading repeating it near the top is that line.
            let textBlocks = blocks.indices.filter { if case .text = blocks[$0] { true } else { false } }.prefix(8)
            if let repeated = textBlocks.first(where: { blocks[$0] == .text(title) }) { blocks.remove(at: repeated) }
            lines.append(title)
        }
        // Every block is a whole paragraph, heading or table: a blank line after each, so that
        // cleanup never joins a title or heading to the paragraph below as a broken line.
        for block in blocks {
            if let last = lines.last, !last.isEmpty { lines.append("") }
            switch block {
            case .text(let text): lines.append(text)
            case .table(let grid): tables.append(Self.table(grid, writingTo: &lines))
            }
        }
        guard lines.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw StageError("the page holds no text (after scripts, styles and navigation were left out)")
        }
        out.pages = [Page(number: 1, text: lines.joined(separator: "\n"), lines: lines.map { TextLine(text: $0) })]
        out.tables += tables
        return out
    }

    /// A grid as a `Table` (layout `html`), its rows written to `lines` as tab-separated lines.
    ///
    /// `rows[r][c]` is the cell covering row r, column c: a merged cell's text is in every
    /// position it covers, each copy carrying the merged cell's `row`, `column` (where it
    /// starts), `rowSpan` and `columnSpan`; a position no cell reaches is blank. Each cell's
    /// `page` and `line` are the extracted line its row was written to (page 1); the `tables`
    /// stage maps them to the cleaned line. In the text a merged cell's text appears once, in
    /// the row and column it starts in; trailing blank cells and blank rows are left out.
    static func table(_ grid: HTMLGrid, writingTo lines: inout [String]) -> Table {
        let width = grid.width
        var rowLine: [Int] = []
        for (r, row) in grid.slots.enumerated() {
            var fields = (0..<width).map { c -> String in
                guard c < row.count, let slot = row[c], slot.row == r, slot.column == c else { return "" }
                return slot.text.replacingOccurrences(of: "\t", with: " ")
            }
            while fields.last?.isEmpty == true { fields.removeLast() }
            if fields.isEmpty {
                rowLine.append(max(lines.count - 1, 0))
                continue
            }
            rowLine.append(lines.count)
            lines.append(fields.joined(separator: "\t"))
        }
        let rows = grid.slots.enumerated().map { r, row in
            (0..<width).map { c -> Cell in
                guard c < row.count, let slot = row[c] else { return Cell(text: "", row: r, column: c, page: 1, line: rowLine[r]) }
                return Cell(text: slot.text, row: slot.row, column: slot.column, rowSpan: slot.rowSpan,
                            columnSpan: slot.columnSpan, page: 1, line: rowLine[slot.row])
            }
        }
        return Table(layout: "html", rows: rows)
    }

    /// The report's title: the page title (without the site's name after `_`, `-` or `|`) or
    /// the first heading, whichever names the report; else the header block's 标题.
    static func reportTitle(pageTitle: String?, heading: String?, fields: [String: String], blocks: [HTMLBlock]) -> String? {
        var candidates: [String] = []
        if let heading { candidates.append(heading) }
        if let pageTitle {
            let parts = pageTitle.components(separatedBy: CharacterSet(charactersIn: "_|｜—–")).flatMap { $0.components(separatedBy: " - ") }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            candidates += parts.sorted { ($0.contains("报告") ? 0 : 1, -$0.count) < ($1.contains("报告") ? 0 : 1, -$1.count) }.prefix(1)
        }
        if let field = fields["标题"] { candidates.append(field) }
        if let first = blocks.first, case .text(let t) = first, t.contains("年度报告"), t.count <= 60 { candidates.append(t) }
        return candidates.first { $0.contains("报告") } ?? candidates.first
    }

    /// Lines that are site furniture, not the report.
    static func isNavigation(_ line: String) -> Bool {
        let t = line.trimmingCharacters(in: .whitespaces)
        for prefix in ["当前位置", "您当前的位置", "您现在的位置", "当前所在位置", "您的位置", "所在位置", "现在位置", "附件下载"]
        where t.hasPrefix(prefix) { return true }
        guard t.count <= 50 else { return false }
        let markers = ["打印本页", "关闭窗口", "【打印】", "【关闭】", "[打印]", "[关闭]", "电脑版", "手机版", "返回顶部", "分享到", "扫一扫",
                       "网站地图", "【字体", "字号：", "字体：", "浏览次数", "访问次数", "版权所有", "ICP备", "网站标识码", "公网安备",
                       "主办单位", "承办单位", "技术支持", "收藏本页", "设为首页", "加入收藏"]
        if markers.contains(where: t.contains) { return true }
        let lower = t.lowercased()
        return [".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".zip", ".rar"].contains { lower.hasSuffix($0) }
    }
}
