import CLibXML2
import Foundation

/// What a page holds, in reading order: lines of text and tables.
enum HTMLBlock: Equatable {
    case text(String)
    case table(HTMLGrid)
}

/// A table read from markup: its cells with their spans, in the rows they start in.
struct HTMLGrid: Equatable {
    struct Slot: Equatable {
        var text: String
        var row: Int
        var column: Int
        var rowSpan: Int
        var columnSpan: Int
    }

    /// `slots[r][c]`: the cell covering row r, column c (its own `row`/`column` are where it
    /// starts); nil where no cell reaches.
    var slots: [[Slot?]]
    var width: Int { slots.map(\.count).max() ?? 0 }
}

/// Reads an HTML page with libxml2's forgiving HTML parser into text lines and table grids,
/// leaving out scripts, styles, hidden elements and site navigation.
struct HTMLReader {
    /// The page's `<title>`.
    private(set) var title: String?
    /// The first h1–h3 heading.
    private(set) var firstHeading: String?
    private(set) var blocks: [HTMLBlock] = []

    init(html: String) {
        xmlInitParser()
        var bytes = Array(Self.dropDownlevelConditionals(html).utf8)
        if bytes.isEmpty { bytes = Array("<p></p>".utf8) }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let doc else { return }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { return }
        var walker = Walker()
        walker.walk(root)
        walker.flush()
        blocks = walker.blocks
        title = walker.title
        firstHeading = walker.firstHeading
    }
}

extension HTMLReader {
    /// Word's downlevel-revealed conditionals (`<![if !supportLists]>` … `<![endif]>`), which
    /// libxml2 reads as text: the markers go, their content stays (as in browsers).
    static func dropDownlevelConditionals(_ html: String) -> String {
        guard html.contains("<![") else { return html }
        return html.replacingOccurrences(of: #"<!\[\s*(if\b[^\]>]*|endif\s*)\]>"#, with: "", options: [.regularExpression, .caseInsensitive])
    }
}

// MARK: - libxml2 node access

typealias Node = UnsafeMutablePointer<xmlNode>

extension UnsafeMutablePointer where Pointee == xmlNode {
    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointee.type == XML_TEXT_NODE || pointee.type == XML_CDATA_SECTION_NODE }

    /// The element's name, lowercased (`o:p` for Word's namespaced tags).
    var tag: String {
        guard let name = pointee.name else { return "" }
        var s = String(cString: name).lowercased()
        if let ns = pointee.ns, let prefix = ns.pointee.prefix { s = String(cString: prefix).lowercased() + ":" + s }
        return s
    }

    var content: String {
        guard let c = pointee.content else { return "" }
        return String(cString: c)
    }

    var children: [Node] {
        var out: [Node] = []
        var child = pointee.children
        while let c = child { out.append(c); child = c.pointee.next }
        return out
    }

    /// An attribute's value, without allocating through libxml2.
    func attribute(_ name: String) -> String? {
        var attr = pointee.properties
        while let a = attr {
            if let n = a.pointee.name, String(cString: n).lowercased() == name {
                var value = ""
                var child = a.pointee.children
                while let c = child { if let t = c.pointee.content { value += String(cString: t) }; child = c.pointee.next }
                return value
            }
            attr = a.pointee.next
        }
        return nil
    }

    /// Every text below the node, nested tables included.
    var allText: String {
        if isText { return content }
        return children.map(\.allText).joined()
    }
}

// MARK: - The walk

private struct Walker {
    var blocks: [HTMLBlock] = []
    var title: String?
    var firstHeading: String?
    private var buffer = ""
    private var preDepth = 0
    /// Tables found inside the cells of a data table, emitted after it.
    var nested: [HTMLGrid] = []
    /// Inside a table cell: nested tables go to `nested` instead of the flow.
    var inCell = false

    static let skipped: Set<String> = ["script", "style", "noscript", "template", "iframe", "object", "embed", "nav", "footer",
                                       "aside", "select", "button", "input", "textarea", "svg", "map", "head", "xml", "o:documentproperties"]
    static let blockTags: Set<String> = ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "ul", "ol", "dl",
                                         "blockquote", "section", "article", "main", "center", "address", "caption", "hr",
                                         "tr", "td", "th", "figure", "figcaption", "header", "form", "fieldset", "legend", "body", "html"]
    /// Class and id words that mark site furniture.
    static let furnitureWords: Set<String> = ["nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "footer",
                                              "menu", "sidebar", "share", "bdsharebuttonbox", "toolbar", "topbar", "position",
                                              "location", "dqwz", "weizhi", "print", "skip"]

    static let headerWords: Set<String> = ["header", "head", "top", "logo", "banner", "masthead"]

    static func containsHeading(_ node: Node) -> Bool {
        node.children.contains { $0.isElement && (["h1", "h2", "h3"].contains($0.tag) || containsHeading($0)) }
    }

    mutating func flush() {
        let line = HTMLText.normalize(buffer)
        buffer = ""
        if !line.isEmpty { blocks.append(.text(line)) }
    }

    mutating func walk(_ node: Node) {
        if node.isText {
            if preDepth > 0 {
                let parts = node.content.split(separator: "\n", omittingEmptySubsequences: false)
                for (i, part) in parts.enumerated() {
                    if i > 0 { flush() }
                    buffer += part
                }
            } else {
                buffer += node.content
            }
            return
        }
        guard node.isElement else { return }
        let tag = node.tag
        if tag == "title" {
            if title == nil { title = HTMLText.normalize(node.allText) }
            return
        }
        if tag == "head" {
            for child in node.children where child.isElement && child.tag == "title" { walk(child) }
            return
        }
        if Self.isFurniture(node, tag: tag) { return }
        if tag == "br" { flush(); return }
        if tag == "table" {
            flush()
            readTable(node)
            return
        }
        let block = Self.blockTags.contains(tag)
        if block { flush() }
        if tag == "pre" { flush(); preDepth += 1 }
        for child in node.children { walk(child) }
        if tag == "pre" { flush(); preDepth -= 1 }
        if block || tag.hasPrefix("h") {
            if ["h1", "h2", "h3"].contains(tag), firstHeading == nil {
                let text = HTMLText.normalize(buffer)
                if !text.isEmpty { firstHeading = text }
            }
            flush()
        }
    }

    static func isFurniture(_ node: Node, tag: String) -> Bool {
        if skipped.contains(tag) { return true }
        if tag == "header", !node.allText.contains("报告") { return true }
        if node.attribute("hidden") != nil { return true }
        if node.attribute("aria-hidden")?.lowercased() == "true", !["span", "i"].contains(tag) { return true }
        if let style = node.attribute("style")?.lowercased().replacingOccurrences(of: " ", with: ""),
           style.contains("display:none") || style.contains("visibility:hidden") || style.contains("mso-hide:all") {
            return true
        }
        let names = [node.attribute("class"), node.attribute("id")].compactMap { $0?.lowercased() }
        for name in names {
            let words = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            if words.contains(where: furnitureWords.contains) { return true }
            // A site header (logo, banner), unless it holds the page's heading.
            if words.contains(where: headerWords.contains), !containsHeading(node) { return true }
        }
        return false
    }

    /// A table: a data table becomes a grid (its nested tables follow it as their own grids);
    /// a layout table (one cell a row, or cells holding whole passages) is read as flow.
    mutating func readTable(_ table: Node) {
        let rows = Self.rows(of: table)
        let cells = rows.map { $0.children.filter { $0.isElement && ($0.tag == "td" || $0.tag == "th") } }
        let layout = cells.allSatisfy { $0.count <= 1 } || cells.joined().contains { cell in
            Self.ownText(cell).count > 300 || Self.blockCount(cell) > 4
        }
        if layout {
            for child in table.children { walk(child) }
            flush()
            return
        }
        var grid = HTMLGrid(slots: [])
        var inner: [HTMLGrid] = []
        var occupied: [[HTMLGrid.Slot?]] = Array(repeating: [], count: rows.count)
        for (r, rowCells) in cells.enumerated() {
            var c = 0
            for cell in rowCells {
                while c < occupied[r].count, occupied[r][c] != nil { c += 1 }
                var sub = Walker()
                sub.inCell = true
                for child in cell.children { sub.walk(child) }
                sub.flush()
                inner += sub.nested
                let text = HTMLText.joinLines(sub.blocks.compactMap { if case .text(let t) = $0 { t } else { nil } })
                let colSpan = min(max(Self.span(cell.attribute("colspan")) ?? 1, 1), 1000)
                var rowSpan = Self.span(cell.attribute("rowspan")) ?? 1
                if rowSpan <= 0 { rowSpan = rows.count - r }
                rowSpan = min(max(rowSpan, 1), rows.count - r)
                let slot = HTMLGrid.Slot(text: text, row: r, column: c, rowSpan: rowSpan, columnSpan: colSpan)
                for rr in r..<(r + rowSpan) {
                    if occupied[rr].count < c + colSpan { occupied[rr] += Array(repeating: nil, count: c + colSpan - occupied[rr].count) }
                    for cc in c..<(c + colSpan) where occupied[rr][cc] == nil { occupied[rr][cc] = slot }
                }
                c += colSpan
            }
        }
        grid.slots = occupied.filter { !$0.isEmpty }
        if inCell {
            if !grid.slots.isEmpty { nested.append(grid) }
            nested += inner
        } else {
            if !grid.slots.isEmpty { blocks.append(.table(grid)) }
            blocks += inner.map { .table($0) }
        }
    }

    /// The table's own rows (in thead/tbody/tfoot or directly), not those of nested tables.
    static func rows(of table: Node) -> [Node] {
        table.children.filter(\.isElement).flatMap { child -> [Node] in
            switch child.tag {
            case "tr": return [child]
            case "thead", "tbody", "tfoot": return child.children.filter { $0.isElement && $0.tag == "tr" }
            default: return []
            }
        }
    }

    static func span(_ value: String?) -> Int? {
        guard let value else { return nil }
        return Int(value.trimmingCharacters(in: .whitespaces).prefix(while: \.isNumber))
    }

    /// A cell's text outside nested tables.
    static func ownText(_ node: Node) -> String {
        if node.isText { return node.content }
        if node.isElement, node.tag == "table" { return "" }
        return node.children.map(ownText).joined()
    }

    static func blockCount(_ node: Node) -> Int {
        node.children.filter(\.isElement).reduce(0) { sum, child in
            child.tag == "table" ? sum : sum + (["p", "div", "h1", "h2", "h3", "h4", "li"].contains(child.tag) ? 1 : 0) + blockCount(child)
        }
    }
}

/// Whitespace as a browser lays it out, for CJK text.
enum HTMLText {
    static func isCJK(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        switch s.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x3000...0x303F, 0x20000...0x2FFFF: return true
        case 0x201C, 0x201D, 0x2018, 0x2019: return true
        default: return false
        }
    }

    /// Collapses whitespace (no-break spaces included) to one space; a run holding a line break
    /// between two CJK characters disappears (as browsers lay out CJK text); trims the ends.
    static func normalize(_ raw: String) -> String {
        var out = ""
        var pending: (newline: Bool, any: Bool) = (false, false)
        for ch in raw {
            if ch.isWhitespace && ch != "\u{3000}" {
                pending.any = true
                if ch.isNewline { pending.newline = true }
                continue
            }
            if pending.any, let last = out.last {
                if !(pending.newline && isCJK(last) && isCJK(ch)) { out.append(" ") }
            }
            pending = (false, false)
            out.append(ch)
        }
        return out.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{00A0}")))
    }

    /// A cell's lines as one: no space between CJK characters, one between others.
    static func joinLines(_ lines: [String]) -> String {
        var out = ""
        for line in lines where !line.isEmpty {
            if let last = out.last, let first = line.first, !(isCJK(last) || isCJK(first)) { out.append(" ") }
            out += line
        }
        return out
    }
}
