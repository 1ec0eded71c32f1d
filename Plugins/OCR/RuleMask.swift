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
    private let vertical: [UInt32]
    /// All the ink (for rules too short or too broken for the opening).
    private let ink: [UInt32]
    private let wordsPerLine: Int

    /// Finds the lines of `grey` by morphological opening of its ink with a one-pixel-thin
    /// brick a third of an inch long (`dpi / 3` pixels).
    init?(_ grey: Raster, dpi: Double) {
        let run = Int32(max(24, dpi / 3))
        guard let ink = Raster(pixConvertTo1(grey.pix, PreparedPage.inkThreshold)),
              let h = Raster(pixOpenBrick(nil, ink.pix, run, 1)),
              let v = Raster(pixOpenBrick(nil, ink.pix, 1, run)),
              let both = Raster(pixOr(nil, h.pix, v.pix)) else { return nil }
        lines = both
        width = grey.width
        height = grey.height
        wordsPerLine = Int(pixGetWpl(h.pix))
        horizontal = Self.words(of: h, count: wordsPerLine * height)
        vertical = Self.words(of: v, count: wordsPerLine * height)
        self.ink = Self.words(of: ink, count: wordsPerLine * height)
    }

    private static func words(of raster: Raster, count: Int) -> [UInt32] {
        guard let data = pixGetData(raster.pix) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }

    /// Leptonica packs 1-bit pixels most significant bit first in 32-bit words.
    private func bit(_ words: [UInt32], _ x: Int, _ y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height, !words.isEmpty else { return false }
        return words[y * wordsPerLine + x >> 5] & (UInt32(0x8000_0000) >> UInt32(x & 31)) != 0
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

    /// Whether ink runs down column `x` (or a column beside it) through the whole band from
    /// `top` to `bottom` but for a twentieth of it, between the horizontal rules that bound
    /// the band: a vertical rule of the row itself, too short or too broken for the opening
    /// to find (table 四's rules between its small cells). Glyphs stand clear of their cell's
    /// rules, so no stroke of one runs from rule to rule.
    func inkRunsThrough(x: Int, top: Int, bottom: Int) -> Bool {
        let span = bottom - top
        guard span >= 8 else { return false }
        let inked = { (y: Int) in bit(ink, x - 1, y) || bit(ink, x, y) || bit(ink, x + 1, y) }
        guard inked((top + bottom) / 2), horizontalRule(from: top, up: true, nearX: x, reach: 3) != nil,
              horizontalRule(from: bottom, up: false, nearX: x, reach: 3) != nil else { return false }
        var missing = 0
        for y in top..<bottom where !inked(y) {
            missing += 1
            if missing * 20 > span { return false }
        }
        return true
    }

    /// The cells a table row is cut into by the vertical rules crossing the line `y` (and,
    /// with `shortRules`, by ink running through the whole band: `inkRunsThrough`), left to
    /// right, each from `top` to `bottom`, the rules left out.
    func cells(acrossY y: Int, top: Int, bottom: Int, shortRules: Bool = false) -> [PixelRect] {
        var edges: [(start: Int, end: Int)] = []
        let edge = { (x: Int) in verticalRule(atX: x, nearY: y) || shortRules && inkRunsThrough(x: x, top: top, bottom: bottom) }
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
