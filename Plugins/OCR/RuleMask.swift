import CTesseract
import Foundation

/// The ruling lines of a page image: runs of ink, horizontal or vertical, longer than any
/// stroke of a glyph. They are painted out before recognition (tesseract reads a cell border
/// as `1`, `|` or `l` and fuses it with the digits beside it) and they are the tables' grid:
/// the cell around a number is where its digits are read again on their own.
struct RuleMask {
    /// Horizontal and vertical lines together (1 bit per pixel).
    let lines: Raster
    let width: Int
    let height: Int
    private let horizontal: [UInt32]
    /// The vertical rules of the grid: the opening's and the short ones.
    private let vertical: [UInt32]
    /// The vertical rules too short for the opening (`addBandRules`).
    private let bandRules: [UInt32]
    private let wordsPerLine: Int

    /// Finds the lines of `grey` by morphological opening of its ink with a one-pixel-thin
    /// brick a third of an inch long (`dpi / 3` pixels). The opening is leptonica's composite
    /// one (a short brick and a comb): at 300 dpi (100 = 10 × 10) it opens exactly as the
    /// brick does, five times faster (measured on the scans: the same pixels, 21 ms against
    /// 105 a page); at a dpi whose length has no such factors the length is the nearest that has.
    init?(_ grey: Raster, dpi: Double) {
        let run = Int32(max(24, dpi / 3))
        guard let ink = Raster(pixConvertTo1(grey.pix, PreparedPage.inkThreshold)),
              let h = Raster(pixOpenCompBrick(nil, ink.pix, run, 1)),
              let v = Raster(pixOpenCompBrick(nil, ink.pix, 1, run)) else { return nil }
        width = grey.width
        height = grey.height
        wordsPerLine = Int(pixGetWpl(h.pix))
        horizontal = Self.words(of: h, count: wordsPerLine * height)
        let opened = Self.words(of: v, count: wordsPerLine * height)
        var band = Array(repeating: UInt32(0), count: opened.count)
        Self.addBandRules(to: &band, opened: opened, horizontal: horizontal, ink: Self.words(of: ink, count: opened.count),
                          width: width, height: height, wordsPerLine: wordsPerLine, dpi: dpi)
        bandRules = band
        vertical = zip(opened, band).map { $0 | $1 }
        guard let both = Raster(pixOr(nil, h.pix, v.pix)) else { return nil }
        lines = both
    }

    /// Whether `rect` (a word the page reading read) stands on a vertical rule too short for
    /// the opening (`addBandRules`) through most of its height: a trace of that rule, not a
    /// glyph.
    func standsOnShortRule(_ rect: PixelRect) -> Bool {
        guard rect.height > 0 else { return false }
        let rows = (rect.y0..<rect.y1).filter { y in (rect.x0 - 2...rect.x1 + 2).contains { bit(bandRules, $0, y) } }
        return rows.count * 10 >= rect.height * 6
    }

    /// Marks in `band` the vertical rules too short for the opening: a table row's own rule,
    /// one row high (a row at a page's top or bottom, a table of rows in short sections, a rule
    /// the scan broke off from the one below). Such a rule is ink that runs down a column from
    /// the horizontal rule above a row to the one below it, touching both, no thicker than a
    /// rule, and that lines up with a column where the opening found a vertical rule anywhere on
    /// the page, or with another such short rule in the row above or below. A glyph stands clear
    /// of its cell's rules, and a stroke that happens to touch both stands in no column of the
    /// table.
    static func addBandRules(to band: inout [UInt32], opened vertical: [UInt32], horizontal: [UInt32], ink: [UInt32],
                             width: Int, height: Int, wordsPerLine: Int, dpi: Double) {
        let bit = { (words: [UInt32], x: Int, y: Int) in Self.bit(words, x, y, width: width, height: height, wordsPerLine: wordsPerLine) }
        let inked = { (x: Int, y: Int) in bit(ink, x - 1, y) || bit(ink, x, y) || bit(ink, x + 1, y) }
        let shortest = 8, longest = Int(dpi), thickest = max(3, Int(dpi / 30)), reach = max(4, Int(dpi / 75))
        // Runs from rule to rule, per column: (x, top, bottom), the band's rows top..<bottom.
        var runs: [(x: Int, top: Int, bottom: Int)] = []
        for x in 0..<width {
            var y = 0, ruleEnd: Int? = nil
            while y < height {
                guard bit(horizontal, x, y) else { y += 1; continue }
                let start = y
                if let top = ruleEnd, (shortest...longest).contains(start - top), !(x - 3...x + 3).contains(where: { bit(vertical, $0, (top + start) / 2) }),
                   inked(x, top), inked(x, start - 1) {
                    var missing = 0, ok = true
                    for yy in top..<start where !inked(x, yy) {
                        missing += 1
                        if missing * 20 > start - top { ok = false; break }
                    }
                    if ok { runs.append((x, top, start)) }
                }
                while y < height, bit(horizontal, x, y) { y += 1 }
                ruleEnd = y
            }
        }
        // Neighbouring columns of one band make one rule, no thicker than a rule.
        var rules: [(x0: Int, x1: Int, top: Int, bottom: Int)] = []
        for r in runs {   // column by column
            if let i = rules.lastIndex(where: { $0.x1 + 1 == r.x && abs($0.top - r.top) <= 2 && abs($0.bottom - r.bottom) <= 2 }) {
                rules[i].x1 = r.x
            } else {
                rules.append((r.x, r.x, r.top, r.bottom))
            }
        }
        rules.removeAll { $0.x1 - $0.x0 + 1 > thickest }
        // Lined up with a rule the opening found (a column of the table, in any row), or with
        // another found here in the row above or below.
        let gap = max(12, Int(dpi / 25))
        var openedColumns = [Bool](repeating: false, count: width)
        for y in stride(from: 0, to: height, by: 4) {
            for w in 0..<wordsPerLine where vertical[y * wordsPerLine + w] != 0 {
                for x in w * 32..<min(width, w * 32 + 32) where bit(vertical, x, y) { openedColumns[x] = true }
            }
        }
        let lined = rules.filter { rule in
            let columns = (rule.x0 - reach)...(rule.x1 + reach)
            let opened = columns.contains { x in x >= 0 && x < width && openedColumns[x] }
            return opened || rules.contains { other in
                other.x1 >= columns.lowerBound && other.x0 <= columns.upperBound
                    && (abs(other.bottom - rule.top) <= gap || abs(other.top - rule.bottom) <= gap)
            }
        }
        for rule in lined {
            for y in rule.top..<rule.bottom {
                for x in rule.x0...rule.x1 { band[y * wordsPerLine + x >> 5] |= mask(x) }
            }
        }
    }

    private static func words(of raster: Raster, count: Int) -> [UInt32] {
        guard let data = pixGetData(raster.pix) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }

    /// Leptonica packs 1-bit pixels most significant bit first in 32-bit words: the bit of
    /// column `x` in its word.
    private static func mask(_ x: Int) -> UInt32 { UInt32(0x8000_0000) >> UInt32(x & 31) }

    /// Whether pixel (x, y) is set in `words`, an image of `width` × `height` pixels packed
    /// `wordsPerLine` words a line; false outside it.
    private static func bit(_ words: [UInt32], _ x: Int, _ y: Int, width: Int, height: Int, wordsPerLine: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height, !words.isEmpty else { return false }
        return words[y * wordsPerLine + x >> 5] & mask(x) != 0
    }

    private func bit(_ words: [UInt32], _ x: Int, _ y: Int) -> Bool {
        Self.bit(words, x, y, width: width, height: height, wordsPerLine: wordsPerLine)
    }

    /// A vertical rule passes through column `x` near row `y`.
    func verticalRule(atX x: Int, nearY y: Int) -> Bool {
        (-2...2).contains { bit(vertical, x, y + $0) }
    }

    /// A horizontal rule passes through row `y` near column `x`.
    func horizontalRule(atY y: Int, nearX x: Int) -> Bool {
        (-2...2).contains { bit(horizontal, x + $0, y) }
    }

    /// The nearest row from `y` on, up or down at most `reach` pixels, that a horizontal rule
    /// passes through near column `x`.
    func horizontalRule(from y: Int, up: Bool, nearX x: Int, reach: Int) -> Int? {
        let rows = up ? stride(from: y, through: max(0, y - reach), by: -1) : stride(from: y, through: min(height - 1, y + reach), by: 1)
        return rows.first { horizontalRule(atY: $0, nearX: x) }
    }

    /// The first row of each horizontal rule that passes near column `x` within `rows`, top
    /// to bottom (a rule several pixels thick counts once).
    func horizontalRules(nearX x: Int, in rows: Range<Int>) -> [Int] {
        var out: [Int] = []
        var y = rows.lowerBound
        while y < rows.upperBound {
            if horizontalRule(atY: y, nearX: x) {
                out.append(y)
                while y < rows.upperBound, horizontalRule(atY: y, nearX: x) { y += 1 }
            }
            y += 1
        }
        return out
    }

    /// Whether the page has ruling lines at all.
    var isEmpty: Bool { !horizontal.contains { $0 != 0 } && !vertical.contains { $0 != 0 } }

    /// The ruled cell around `rect`: from the nearest vertical rules left and right of it and
    /// the nearest horizontal rules above and below, looked for up to `reach` pixels away; a
    /// side without a rule in reach is `rect` widened by `pad` there. The rules themselves are
    /// left out. `ruled` says whether rules were found on all four sides: the word is in a
    /// table's cell.
    func cell(around rect: PixelRect, reach: Int, pad: Int) -> (rect: PixelRect, ruled: Bool) {
        var sides = 0
        let y = rect.midY, x = rect.midX
        var left = rect.x0 - pad, right = rect.x1 + pad, top = rect.y0 - pad, bottom = rect.y1 + pad
        if let l = stride(from: rect.x0, through: max(0, rect.x0 - reach), by: -1).first(where: { verticalRule(atX: $0, nearY: y) }) {
            sides += 1
            left = l + 1
            while left < rect.x0, verticalRule(atX: left, nearY: y) { left += 1 }
        }
        if let r = stride(from: rect.x1, through: min(width - 1, rect.x1 + reach), by: 1).first(where: { verticalRule(atX: $0, nearY: y) }) {
            sides += 1
            right = r
            while right > rect.x1, verticalRule(atX: right - 1, nearY: y) { right -= 1 }
        }
        if let t = horizontalRule(from: rect.y0, up: true, nearX: x, reach: reach) {
            sides += 1
            top = t + 1
            while top < rect.y0, horizontalRule(atY: top, nearX: x) { top += 1 }
        }
        if let b = horizontalRule(from: rect.y1, up: false, nearX: x, reach: reach) {
            sides += 1
            bottom = b
            while bottom > rect.y1, horizontalRule(atY: bottom - 1, nearX: x) { bottom -= 1 }
        }
        return (PixelRect(x0: max(0, left), y0: max(0, top), x1: min(width, right), y1: min(height, bottom)), sides == 4)
    }

    /// Whether `rect` stands wholly outside a table beside it: left of the first cell or right
    /// of the last of a row the vertical rules cut into three cells or more, on its line. (A
    /// report's tables span the page; what the scan printed in the margin beside one is none
    /// of its numbers.)
    func besideTable(_ rect: PixelRect) -> Bool {
        let cells = cells(acrossY: rect.midY, top: rect.y0, bottom: rect.y1)
        guard cells.count >= 3, let first = cells.first, let last = cells.last else { return false }
        return rect.x1 <= first.x0 || rect.x0 >= last.x1
    }

    /// The cells a table row is cut into by the vertical rules crossing the line `y` (those the
    /// opening found and the short ones of `addBandRules`), left to right, each from `top` to
    /// `bottom`, the rules left out.
    func cells(acrossY y: Int, top: Int, bottom: Int) -> [PixelRect] {
        var edges: [(start: Int, end: Int)] = []
        let edge = { (x: Int) in verticalRule(atX: x, nearY: y) }
        var x = 0
        while x < width {
            if edge(x) {
                let start = x
                while x < width, edge(x) { x += 1 }
                edges.append((start, x))
            }
            x += 1
        }
        return zip(edges, edges.dropFirst()).compactMap { left, right in
            right.start - left.end > 2 ? PixelRect(x0: left.end, y0: top, x1: right.start, y1: bottom) : nil
        }
    }
}
