import CTesseract
import Foundation

/// A reading of table digits that does not go through tesseract: the digits of a page are
/// cut out of their cells as shapes and compared with the page's own digits.
///
/// Tesseract reads a lone small digit unreliably (a `1` or `0` read as nothing, a `7` as `0`),
/// whatever the mode; but every digit of a report's tables is set in one font at one size. So
/// the cells whose digits two tesseract readings agree on teach what each digit looks like on
/// this page (the mean of its shapes, `learn`), and every other cell's glyphs are compared with
/// those shapes (`read`). A glyph that matches no learnt digit clearly (a digit never agreed
/// on, a mark that is not a digit, a blot) gives no reading for its cell; so does a page whose
/// learnt shapes do not read back their own examples. The shape reading is one vote beside
/// tesseract's, never a reading on its own.
struct DigitShapes {
    /// A glyph's shape: its ink in a fixed grid, height-normalised and centred.
    struct Shape {
        var cells: [Float]
        /// Width over height of the glyph's ink.
        var aspect: Float
        /// The height of the glyph's ink, in pixels of the page.
        var height: Int
    }

    static let gridWidth = 10, gridHeight = 15
    /// How close (correlation) a glyph must be to its digit, and how much closer than to any
    /// other digit, for the shape to read it.
    static let minimumMatch: Float = 0.70
    static let minimumMargin: Float = 0.12

    private var means: [Character: [Float]] = [:]
    private var aspects: [Character: Float] = [:]

    /// The digits this page has examples of.
    var known: Set<Character> { Set(means.keys) }

    /// Learns the digits from cells read alike by two readings: each cell's glyphs, left to
    /// right, paired with the digits of its reading where both count the same. Nil when the
    /// learnt shapes read any of their own examples as another digit (the page's glyphs are
    /// not clean enough to be told apart by shape).
    static func learn(_ examples: [(glyphs: [Shape], digits: String)]) -> DigitShapes? {
        var labelled: [(shape: Shape, digit: Character)] = []
        for (glyphs, digits) in examples where glyphs.count == digits.count && digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            labelled += zip(glyphs, digits).map { ($0, $1) }
        }
        guard !labelled.isEmpty else { return nil }
        // Examples far from their digit's mean (a blotted glyph, a cell cut badly) are left out
        // of a second mean.
        var shapes = DigitShapes(labelled)
        let typical = labelled.filter { correlation($0.shape.cells, shapes.means[$0.digit]!) >= minimumMatch }
        guard !typical.isEmpty else { return nil }
        shapes = DigitShapes(typical)
        // No example may read as another digit. A digit a quarter of whose examples read as
        // none is not learnt: its examples disagree (it was agreed on wrongly now and then).
        let read = labelled.map { shapes.digit($0.shape) }
        guard zip(read, labelled).allSatisfy({ $0 == nil || $0 == $1.digit }) else { return nil }
        var unread: [Character: Int] = [:], seen: [Character: Int] = [:]
        for (r, example) in zip(read, labelled) {
            seen[example.digit, default: 0] += 1
            if r == nil { unread[example.digit, default: 0] += 1 }
        }
        for (digit, count) in unread where count * 4 > seen[digit]! {
            shapes.means[digit] = nil
            shapes.aspects[digit] = nil
        }
        return shapes.means.isEmpty ? nil : shapes
    }

    /// The mean shape and proportions of each digit's examples.
    private init(_ labelled: [(shape: Shape, digit: Character)]) {
        var sums: [Character: [Float]] = [:], counts: [Character: Int] = [:], aspectSums: [Character: Float] = [:]
        for (shape, digit) in labelled {
            if sums[digit] == nil { sums[digit] = Array(repeating: 0, count: shape.cells.count) }
            for i in shape.cells.indices { sums[digit]![i] += shape.cells[i] }
            counts[digit, default: 0] += 1
            aspectSums[digit, default: 0] += shape.aspect
        }
        for (digit, sum) in sums {
            let n = Float(counts[digit]!)
            means[digit] = sum.map { $0 / n }
            aspects[digit] = aspectSums[digit]! / n
        }
    }

    private init() {}

    /// The digit `shape` is, or nil when no learnt digit matches it clearly.
    func digit(_ shape: Shape) -> Character? {
        var best: (Character, Float)?, second: Float = -1
        for (digit, mean) in means {
            // A glyph far wider or narrower than the digit's examples is not that digit.
            let ratio = shape.aspect / max(aspects[digit]!, 0.01)
            let score = ratio < 0.7 || ratio > 1.45 ? -1 : Self.correlation(shape.cells, mean)
            if let b = best, score <= b.1 { second = max(second, score); continue }
            if let b = best { second = max(second, b.1) }
            best = (digit, score)
        }
        guard let best, best.1 >= Self.minimumMatch, best.1 - second >= Self.minimumMargin else { return nil }
        return best.0
    }

    /// The number the glyphs of a cell show, or nil when any glyph is not clearly a digit.
    func read(_ glyphs: [Shape]) -> String? {
        guard !glyphs.isEmpty else { return nil }
        var out = ""
        for glyph in glyphs {
            guard let d = digit(glyph) else { return nil }
            out.append(d)
        }
        return out
    }

    static func correlation(_ a: [Float], _ b: [Float]) -> Float {
        let n = Float(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var ab: Float = 0, aa: Float = 0, bb: Float = 0
        for i in a.indices {
            let x = a[i] - ma, y = b[i] - mb
            ab += x * y; aa += x * x; bb += y * y
        }
        guard aa > 0, bb > 0 else { return -1 }
        return ab / (aa * bb).squareRoot()
    }
}

/// The ink of a region of a grey page, cut into glyphs.
struct InkGlyphs {
    /// The sign of a mark before the digits that may be a sign, and which one cannot be told.
    static let unknownSign = "?"

    /// What a region of a page holds, cut into glyphs.
    enum Cut {
        /// One row of same-height glyphs, left to right, and the sign before them (`-`, `+`;
        /// empty for none; `unknownSign` for a mark there that may be either): a bar or a cross
        /// lower than the glyphs, just before the first.
        case line([DigitShapes.Shape], sign: String)
        /// Glyphs of full height on more than one line: not one number. The middle of each line
        /// (pixels of the image, top to bottom).
        case lines([Int])
        /// Nothing that can be read by shape: a mark between the glyphs (a decimal point, a
        /// blot), or glyphs too small.
        case unclear
        /// No ink but specks: a blank cell.
        case blank
    }

    /// The glyphs of `rect` in `image` (8-bit grey).
    ///
    /// Ink is what is darker than `threshold`; connected ink (8 neighbours) of under 3 pixels
    /// either way is scanner grain; pieces that overlap across are one glyph (a digit broken
    /// by the scan). Ink in two bands of rows of about one height is two lines. Glyphs much
    /// lower than the tallest are marks: just before the first glyph, a flat bar at mid-height
    /// is a minus sign and a cross as wide as high, with a stem, a plus; other marks at the region's edges
    /// are grain and left out; between glyphs they make the region unclear.
    static func cut(_ image: Raster, rect: PixelRect, threshold: UInt8) -> Cut {
        let x0 = max(0, rect.x0), y0 = max(0, rect.y0), x1 = min(image.width, rect.x1), y1 = min(image.height, rect.y1)
        let w = x1 - x0, h = y1 - y0
        guard w > 2, h > 2, let data = pixGetData(image.pix) else { return .unclear }
        let wpl = Int(pixGetWpl(image.pix))
        var ink = [Bool](repeating: false, count: w * h)
        data.withMemoryRebound(to: UInt8.self, capacity: wpl * 4 * image.height) { bytes in
            for y in 0..<h {
                let line = bytes + (y0 + y) * wpl * 4
                for x in 0..<w where line[(x0 + x) ^ 3] < threshold { ink[y * w + x] = true }
            }
        }
        var pieces = components(ink, width: w, height: h).filter { $0.width >= 3 || $0.height >= 3 }
        guard !pieces.isEmpty else { return .blank }
        // Bands of rows the pieces fill: two bands of about one height are two lines.
        var bands: [(y0: Int, y1: Int)] = []
        for p in pieces.sorted(by: { $0.y0 < $1.y0 }) {
            if let last = bands.last, p.y0 <= last.y1 + 1 { bands[bands.count - 1].y1 = max(last.y1, p.y1) } else { bands.append((p.y0, p.y1)) }
        }
        let tallestBand = bands.map { $0.y1 - $0.y0 }.max() ?? 0
        let lines = bands.filter { ($0.y1 - $0.y0) * 10 >= tallestBand * 7 }
        if tallestBand >= 6, lines.count >= 2 { return .lines(lines.map { y0 + ($0.y0 + $0.y1) / 2 }) }
        pieces.sort { $0.x0 < $1.x0 }
        var merged: [PixelRect] = []
        for p in pieces {
            if let last = merged.last, min(last.x1, p.x1) - max(last.x0, p.x0) >= min(last.width, p.width) / 2 {
                merged[merged.count - 1] = PixelRect(x0: min(last.x0, p.x0), y0: min(last.y0, p.y0), x1: max(last.x1, p.x1), y1: max(last.y1, p.y1))
            } else {
                merged.append(p)
            }
        }
        guard let tallest = merged.map(\.height).max(), tallest >= 6 else { return .unclear }
        let isGlyph = { (r: PixelRect) in r.height * 10 >= tallest * 7 }
        guard let first = merged.firstIndex(where: isGlyph), let last = merged.lastIndex(where: isGlyph) else { return .unclear }
        let glyphs = merged[first...last]
        guard glyphs.allSatisfy(isGlyph) else { return .unclear }
        var sign = ""
        if first > 0, glyphs.first!.x0 - merged[first - 1].x1 <= tallest {
            let mark = merged[first - 1], middle = (glyphs.first!.y0 + glyphs.first!.y1) / 2
            let centred = abs(mark.midY - middle) * 4 <= tallest
            if centred, mark.width * 10 >= tallest * 3, mark.height * 4 <= tallest { sign = "-" }
            if centred, mark.width * 10 >= tallest * 3, mark.height * 10 >= tallest * 3, abs(mark.width - mark.height) * 4 <= mark.height {
                // A cross has a stem: a column inked down most of it. Grain just above and below a
                // minus sign makes a box as square with no stem: a sign that cannot be told.
                let stem = (mark.x0..<mark.x1).contains { x in (mark.y0..<mark.y1).count { ink[$0 * w + x] } * 10 >= mark.height * 7 }
                sign = stem ? "+" : InkGlyphs.unknownSign
            }
        }
        return .line(glyphs.map { shape(ink, width: w, box: $0) }, sign: sign)
    }

    /// Connected ink (8 neighbours) as bounding boxes.
    static func components(_ ink: [Bool], width w: Int, height h: Int) -> [PixelRect] {
        var seen = [Bool](repeating: false, count: ink.count)
        var out: [PixelRect] = []
        var stack: [Int] = []
        for start in ink.indices where ink[start] && !seen[start] {
            seen[start] = true
            stack.append(start)
            var box = PixelRect(x0: start % w, y0: start / w, x1: start % w + 1, y1: start / w + 1)
            while let i = stack.popLast() {
                let x = i % w, y = i / w
                box = PixelRect(x0: min(box.x0, x), y0: min(box.y0, y), x1: max(box.x1, x + 1), y1: max(box.y1, y + 1))
                for dy in -1...1 {
                    let yy = y + dy
                    guard yy >= 0, yy < h else { continue }
                    for dx in -1...1 {
                        let xx = x + dx
                        guard xx >= 0, xx < w else { continue }
                        let j = yy * w + xx
                        if ink[j], !seen[j] { seen[j] = true; stack.append(j) }
                    }
                }
            }
            out.append(box)
        }
        return out
    }

    /// The ink of `box` scaled to the grid's height (keeping its proportions, narrowed only if
    /// wider than the grid), centred, each grid cell the share of it that is ink.
    static func shape(_ ink: [Bool], width w: Int, box: PixelRect) -> DigitShapes.Shape {
        let gw = DigitShapes.gridWidth, gh = DigitShapes.gridHeight
        let scale = min(Float(gh) / Float(box.height), Float(gw) / Float(box.width))
        let sw = Float(box.width) * scale, sh = Float(box.height) * scale
        let ox = (Float(gw) - sw) / 2, oy = (Float(gh) - sh) / 2
        var cells = [Float](repeating: 0, count: gw * gh)
        // Each grid cell sampled at 3 × 3 points.
        for gy in 0..<gh {
            for gx in 0..<gw {
                var hits = 0
                for sy in 0..<3 {
                    for sx in 0..<3 {
                        let fx = (Float(gx) + (Float(sx) + 0.5) / 3 - ox) / scale
                        let fy = (Float(gy) + (Float(sy) + 0.5) / 3 - oy) / scale
                        guard fx >= 0, fy >= 0, fx < Float(box.width), fy < Float(box.height) else { continue }
                        if ink[(box.y0 + Int(fy)) * w + box.x0 + Int(fx)] { hits += 1 }
                    }
                }
                cells[gy * gw + gx] = Float(hits) / 9
            }
        }
        return DigitShapes.Shape(cells: cells, aspect: Float(box.width) / Float(box.height), height: box.height)
    }
}
