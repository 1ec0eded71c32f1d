import CPoppler
import Foundation
import IngestKit

/// Reads one poppler page into a `Page`: size, text in reading order, glyph boxes and lines,
/// all from one walk over the text and its layout rectangles, and the fonts the text is set in.
enum PageReader {
    /// What reading a page gave: the page and the state of its text layer.
    struct Result {
        var page: Page
        var health: TextLayerHealth
        /// Set when poppler's layout did not give one rectangle per Unicode scalar.
        var layoutMismatch: (scalars: Int, rectangles: Int)?
    }

    /// Reads `page` as page `number` (1-based).
    static func read(_ page: OpaquePointer, number: Int) -> Result {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        let text = takeText(poppler_page_get_text(page))
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        if poppler_page_get_text_layout(page, &rectangles, &count) == 0 {
            rectangles = nil
            count = 0
        }
        defer { g_free(rectangles) }
        let layout = UnsafeBufferPointer(start: rectangles, count: Int(count))
        var walk = LineWalk(text: text, layout: layout)
        walk.run()
        var result = Result(
            page: Page(number: number, width: width, height: height, text: text, lines: walk.lines, fonts: fonts(page)),
            health: walk.health
        )
        if walk.scalars == layout.count {
            result.page.glyphs = GlyphBoxes(walk.boxes)
        } else {
            result.layoutMismatch = (walk.scalars, layout.count)
        }
        return result
    }

    /// The names of the fonts of the page's text runs, in order of first use: from poppler's
    /// text attributes, which come from the page's text layout already made for the text (no
    /// second pass over the page, unlike a scan of the document's font resources).
    static func fonts(_ page: OpaquePointer) -> [String] {
        guard let runs = poppler_page_get_text_attributes(page) else { return [] }
        defer { poppler_page_free_text_attributes(runs) }
        var names: [String] = []
        var node: UnsafeMutablePointer<GList>? = runs
        while let current = node {
            if let name = current.pointee.data?.assumingMemoryBound(to: PopplerTextAttributes.self).pointee.font_name {
                let font = String(cString: name)
                if !names.contains(font) { names.append(font) }
            }
            node = current.pointee.next
        }
        return names
    }

    /// Copies and frees the page text.
    private static func takeText(_ pointer: UnsafeMutablePointer<gchar>?) -> String {
        guard let pointer else { return "" }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }
}

/// One pass over a page's Unicode scalars and their rectangles: collects the glyph boxes, cuts
/// the text into lines at newlines with each line's box (the union of its visible glyphs), and
/// tallies the text layer's health.
///
/// Poppler's text runs the cells of a table row together (`规章0013`). A line's text therefore
/// gets a space where the gap before a glyph is wider than a third of the glyph's height, and
/// two where it is wider than the height (the next cell), as `pdftotext -layout` separates
/// columns. The page text itself stays as poppler gives it, one glyph box per scalar.
struct LineWalk {
    let text: String
    let layout: UnsafeBufferPointer<PopplerRectangle>
    private(set) var lines: [TextLine] = []
    private(set) var boxes: [Box] = []
    private(set) var health = TextLayerHealth()
    /// How many Unicode scalars the text holds.
    private(set) var scalars = 0

    init(text: String, layout: UnsafeBufferPointer<PopplerRectangle>) {
        self.text = text
        self.layout = layout
    }

    mutating func run() {
        boxes.reserveCapacity(layout.count)
        var line: [UInt8] = []
        var endsVisible = false
        var lineBox: Box?
        var previous: Box?
        for scalar in text.unicodeScalars {
            let box = scalars < layout.count ? Self.box(layout[scalars]) : nil
            if let box { boxes.append(box) }
            health.observe(scalar)
            let blank = CJK.isWhitespace(scalar: scalar)
            if scalar == "\n" {
                lines.append(TextLine(text: String(decoding: line, as: UTF8.self), box: lineBox))
                line.removeAll(keepingCapacity: true)
                lineBox = nil
                previous = nil
            } else if let box, !blank {
                if let previous, endsVisible {
                    line.append(contentsOf: Self.separator(after: previous, before: box).utf8)
                }
                lineBox = lineBox.map { $0.union(box) } ?? box
                previous = box
            }
            if scalar != "\n" {
                UTF8.encode(scalar) { line.append($0) }
                endsVisible = !blank
            } else {
                endsVisible = false
            }
            scalars += 1
        }
        if !line.isEmpty {
            lines.append(TextLine(text: String(decoding: line, as: UTF8.self), box: lineBox))
        }
        health.noteCIDMarkers(in: text)
    }

    /// What separates two glyphs of a line: nothing when they touch, a space across a word gap,
    /// two spaces across a column gap.
    static func separator(after previous: Box, before box: Box) -> String {
        let gap = box.x0 - previous.x1
        let height = max(min(box.height, previous.height), 1)
        if gap > height { return "  " }
        if gap > height / 3 { return " " }
        return ""
    }

    /// Poppler's rectangle (points, top-left origin) as a `Box`.
    private static func box(_ r: PopplerRectangle) -> Box {
        Box(x0: r.x1, y0: r.y1, x1: r.x2, y1: r.y2)
    }
}
