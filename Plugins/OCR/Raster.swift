import CPoppler
import CTesseract
import Foundation

/// A leptonica image owned by Swift, destroyed with the value.
final class Raster {
    let pix: UnsafeMutablePointer<Pix>

    /// Takes ownership of `pix`; nil when leptonica returned none.
    init?(_ pix: UnsafeMutablePointer<Pix>?) {
        guard let pix else { return nil }
        self.pix = pix
    }

    deinit {
        var p: UnsafeMutablePointer<Pix>? = pix
        pixDestroy(&p)
    }

    var width: Int { Int(pixGetWidth(pix)) }
    var height: Int { Int(pixGetHeight(pix)) }

    /// The part of the image inside `rect` (pixels), clipped to the image; nil when empty.
    func crop(_ rect: PixelRect) -> Raster? {
        let x0 = max(0, rect.x0), y0 = max(0, rect.y0)
        let x1 = min(width, rect.x1), y1 = min(height, rect.y1)
        guard x1 - x0 >= 2, y1 - y0 >= 2, let box = boxCreate(Int32(x0), Int32(y0), Int32(x1 - x0), Int32(y1 - y0)) else { return nil }
        var b: UnsafeMutablePointer<Box>? = box
        defer { boxDestroy(&b) }
        return Raster(pixClipRectangle(pix, box, nil))
    }

    /// The image with a white border of `pixels` around it (an 8-bit grey image).
    func padded(_ pixels: Int) -> Raster? {
        Raster(pixAddBorder(pix, Int32(pixels), 255))
    }
}

/// A rectangle in pixels of a rendered page, top-left origin, `x1`/`y1` exclusive.
struct PixelRect: Sendable, Equatable {
    var x0: Int, y0: Int, x1: Int, y1: Int

    var width: Int { x1 - x0 }
    var height: Int { y1 - y0 }
    var midX: Int { (x0 + x1) / 2 }
    var midY: Int { (y0 + y1) / 2 }

    func insetBy(_ d: Int) -> PixelRect { PixelRect(x0: x0 + d, y0: y0 + d, x1: x1 - d, y1: y1 - d) }
    /// The smallest rectangle holding both.
    func union(_ other: PixelRect) -> PixelRect {
        PixelRect(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }
    func scaled(_ factor: Double) -> PixelRect {
        PixelRect(x0: Int((Double(x0) * factor).rounded(.down)), y0: Int((Double(y0) * factor).rounded(.down)),
                  x1: Int((Double(x1) * factor).rounded(.up)), y1: Int((Double(y1) * factor).rounded(.up)))
    }
}

/// Renders PDF pages to grey images through poppler-glib and cairo.
enum PageRenderer {
    /// Page `page` drawn at `dpi` on white, as an 8-bit grey image, turned clockwise by
    /// `degrees` about the image's centre as `pixRotateAMGray` turns it (the size unchanged):
    /// cairo turns the page while it draws it, one resampling of the scan instead of two.
    ///
    /// Cairo draws into a 32-bit RGB surface (`0x00RRGGBB` words); leptonica reads words as
    /// `0xRRGGBBAA`, so the bytes are swapped in place and the channels weighted accordingly,
    /// all in C: no pixel loop here.
    static func render(_ page: OpaquePointer, dpi: Double, turnedBy degrees: Double = 0) -> Raster? {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        let scale = dpi / 72
        let w = Int32((width * scale).rounded(.up)), h = Int32((height * scale).rounded(.up))
        guard w > 0, h > 0, let colour = Raster(pixCreateNoInit(w, h, 32)) else { return nil }
        let wpl = pixGetWpl(colour.pix)
        guard let data = pixGetData(colour.pix) else { return nil }
        let surface = data.withMemoryRebound(to: UInt8.self, capacity: Int(wpl * h) * 4) {
            cairo_image_surface_create_for_data($0, CAIRO_FORMAT_RGB24, w, h, wpl * 4)
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        // The surface was left uncleared (`pixCreateNoInit`): this white is its first write.
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        if degrees != 0 {
            let (cx, cy) = (Double(w / 2), Double(h / 2))
            cairo_translate(cr, cx, cy)
            cairo_rotate(cr, degrees * .pi / 180)
            cairo_translate(cr, -cx, -cy)
        }
        cairo_scale(cr, scale, scale)
        poppler_page_render_for_printing(page, cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        // Cairo's 0x00RRGGBB, byte-swapped, reads as leptonica's R=B, G=G, B=R.
        pixEndianByteSwap(colour.pix)
        return Raster(pixConvertRGBToGray(colour.pix, 0.114, 0.587, 0.299))
    }
}

/// A straightened page image with its ruling lines painted out, and the reading of its cells:
/// the page prepared for recognition (or drawn again at a higher dpi for a row whose identity
/// fails), or a part of it scaled up for reading numbers a third time.
protocol CleanImage {
    /// The deskewed grey image with ruling lines removed.
    var clean: Raster { get }
    /// The resolution the page was rendered at.
    var dpi: Double { get }
}

/// A page image made ready for recognition: deskewed, and with the ruling lines of its tables
/// found and painted out.
struct PreparedPage: CleanImage {
    /// The deskewed grey image with ruling lines removed: what tesseract reads.
    let clean: Raster
    /// The ruling lines found (1 bit per pixel, same frame as `clean`): the tables' grid.
    let rules: RuleMask
    /// The angle (degrees) the page was turned by to straighten it; 0 when it was straight.
    let skewDegrees: Double
    let dpi: Double

    /// The ink threshold for binarising grey pages (finding skew and rules).
    static let inkThreshold: Int32 = 170
    /// The ink threshold for the strips of cells read again: lighter, so that the thin
    /// strokes of a small `1` survive.
    static let stripThreshold: Int32 = 180
    /// How far the ruling lines are widened before they are painted out.
    static let rulePaint: Int32 = 9

    /// Straightens `grey` (its skew searched for by leptonica) and removes its ruling lines.
    /// `dpi` sets the shortest run of ink that counts as a ruling line.
    init?(grey: Raster, dpi: Double) {
        var angle: Float = 0
        if let binary = Raster(pixConvertTo1(grey.pix, Self.inkThreshold)) {
            var found: Float = 0, confidence: Float = 0
            if pixFindSkew(binary.pix, &found, &confidence) == 0, confidence >= 2.5, abs(found) >= 0.05 { angle = found }
        }
        var straight = grey
        if angle != 0, let turned = Raster(pixRotateAMGray(grey.pix, angle * .pi / 180, 255)) { straight = turned }
        self.init(straight: straight, dpi: dpi, skew: Double(angle))
    }

    /// `straight`, already turned by `skew` degrees, with its ruling lines found and removed.
    private init?(straight: Raster, dpi: Double, skew: Double) {
        guard let rules = RuleMask(straight, dpi: dpi), let clean = Raster(pixCopy(nil, straight.pix)) else { return nil }
        if let mask = Raster(pixDilateBrick(nil, rules.lines.pix, Self.rulePaint, Self.rulePaint)) {
            withExtendedLifetime(mask) { _ = pixPaintThroughMask(clean.pix, mask.pix, 0, 0, 255) }
        }
        self.clean = clean
        self.rules = rules
        self.skewDegrees = skew
        self.dpi = dpi
    }

    /// Page `pageIndex` of `pdf` rendered again at `dpi`, turned by `skew` (the angle the first
    /// rendering found) as it is drawn, its ruling lines found and removed: pixels map to the
    /// first rendering's by the ratio of the dpis.
    static func sharper(_ pdf: PDFPages, pageIndex: Int, dpi: Double, skew: Double) -> PreparedPage? {
        guard let grey = pdf.withPage(pageIndex, { PageRenderer.render($0, dpi: dpi, turnedBy: skew) }) ?? nil else { return nil }
        return PreparedPage(straight: grey, dpi: dpi, skew: skew)
    }

    /// The part of this page around `region` (pixels of this page) scaled up to `dpi`, its
    /// ruling lines already painted out: for reading the cells of this page's grid again
    /// (`SharperPage.cell`) with larger glyphs. The part is scaled from this image, not drawn
    /// again from the PDF: on scans from 150 to 600 dpi, drawing it again read no more
    /// numbers than scaling it, at four times the cost.
    func sharper(dpi sharperDPI: Double, around region: PixelRect) -> SharperPage? {
        let f = sharperDPI / dpi
        let margin = Int(dpi / 10)
        let area = PixelRect(x0: max(0, region.x0 - margin), y0: max(0, region.y0 - margin),
                             x1: min(clean.width, region.x1 + margin), y1: min(clean.height, region.y1 + margin))
        guard let part = clean.crop(area), let grey = Raster(pixScaleGrayLI(part.pix, Float(f), Float(f))) else { return nil }
        return SharperPage(clean: grey, dpi: sharperDPI, scale: f,
                           origin: (Int((Double(area.x0) * f).rounded()), Int((Double(area.y0) * f).rounded())))
    }

    /// Whether `word` sits in a ruled cell (a table's), found within `reach` of it.
    func isInRuledCell(_ word: PixelRect) -> Bool {
        rules.cell(around: word, reach: Int(dpi * 0.8), pad: 0).ruled
    }

    /// The ruled cell around `word` (the word padded where no rule is in reach).
    func cell(of word: PixelRect) -> (rect: PixelRect, ruled: Bool) {
        rules.cell(around: word, reach: Int(dpi * 0.8), pad: max(word.height, Int(dpi / 12)) / 3)
    }

    /// The cell around `word` between the nearest horizontal rules above and below it (within
    /// `cell(of:)`'s reach) and the vertical rules either side of it, however far: nil when a
    /// side has no rule.
    func spanningCell(of word: PixelRect) -> PixelRect? {
        let reach = Int(dpi * 0.8)
        guard let top = rules.horizontalRule(from: word.y0, up: true, nearX: word.midX, reach: reach),
              let bottom = rules.horizontalRule(from: word.y1, up: false, nearX: word.midX, reach: reach) else { return nil }
        return rules.cells(acrossY: word.midY, top: top + 1, bottom: bottom).first { $0.x0 <= word.x0 && $0.x1 >= word.x1 }
    }

    /// `words` (indices) grouped by the table row their cells share, top to bottom.
    func rows(of words: [PixelRect]) -> [[Int]] {
        let cells = words.map { cell(of: $0).rect }
        var rows: [[Int]] = []
        for i in cells.indices.sorted(by: { cells[$0].midY < cells[$1].midY }) {
            if let r = rows.indices.last, let j = rows[r].first, cells[i].midY > cells[j].y0, cells[i].midY < cells[j].y1 {
                rows[r].append(i)
            } else {
                rows.append([i])
            }
        }
        return rows
    }

    /// The numbers in the ruled cells around `words` (pixels of this rendering), read again
    /// row by row (`readRow`); `hints` are the first readings, whose decimal points and signs
    /// widen the digit whitelist of their row.
    func readCells(_ engine: TesseractEngine, around words: [PixelRect], hints: [String]) -> [(text: String?, confidence: Double)] {
        let cells = words.map { cell(of: $0).rect }
        var out = Array(repeating: (text: String?.none, confidence: 0.0), count: words.count)
        for row in rows(of: words) {
            let ordered = row.sorted { cells[$0].x0 < cells[$1].x0 }
            var whitelist = "0123456789"
            for extra in [".", "+", "-"] where ordered.contains(where: { hints[$0].contains(extra) }) { whitelist += extra }
            let reading = readRow(engine, words: ordered.map { words[$0] }, cells: ordered.map { cells[$0] }, whitelist: whitelist)
            for (i, r) in zip(ordered, reading) { out[i] = r }
        }
        return out
    }
}

/// Part of a prepared page scaled up to a higher dpi for a third reading of its numbers.
struct SharperPage: CleanImage {
    let clean: Raster
    let dpi: Double
    /// This image's dpi over the first rendering's.
    let scale: Double
    /// Where this image's top-left pixel lies in the whole page drawn at `dpi`.
    let origin: (x: Int, y: Int)

    /// A cell of the first rendering (its pixels) in this image's pixels.
    func cell(_ rect: PixelRect) -> PixelRect {
        let scaled = rect.scaled(scale)
        return PixelRect(x0: scaled.x0 - origin.x, y0: scaled.y0 - origin.y, x1: scaled.x1 - origin.x, y1: scaled.y1 - origin.y)
    }
}

extension CleanImage {
    /// How far inside its rules a cell's text is looked for.
    var cellInset: Int { Int(dpi / 40) }

    /// The glyphs inside a ruled cell of the cleaned page (`InkGlyphs.cut`).
    func ink(in cell: PixelRect) -> InkGlyphs.Cut {
        InkGlyphs.cut(clean, rect: cell.insetBy(cellInset), threshold: UInt8(PreparedPage.stripThreshold))
    }

    /// The numbers printed in one row of a table: the inside of each cell (clear of its
    /// rules, never cutting into its word) is copied onto a white strip, cells apart, and the
    /// strip read for its digits (tesseract reads a lone digit far better with its row
    /// around it, and no trace of a rule is left to read as `1` or `7`); each recognised word
    /// goes to the cell its centre falls in (`oneLine`: the strip read as one line of text,
    /// not as sparse text). Nil for a cell where no number reads.
    func readRow(_ engine: TesseractEngine, words: [PixelRect], cells: [PixelRect], whitelist: String, oneLine: Bool = false) -> [(text: String?, confidence: Double)] {
        let inset = cellInset, gap = Int(dpi / 8)
        let insides = zip(words, cells).map { word, cell in
            PixelRect(x0: max(0, min(cell.x0 + inset, word.x0 - 2)), y0: max(0, min(cell.y0 + inset, word.y0 - 2)),
                      x1: min(clean.width, max(cell.x1 - inset, word.x1 + 2)), y1: min(clean.height, max(cell.y1 - inset, word.y1 + 2)))
        }
        let width = insides.map(\.width).reduce(gap, { $0 + $1 + gap }), height = (insides.map(\.height).max() ?? 0) + 2 * gap
        guard width > gap, let strip = Raster(pixCreate(Int32(width), Int32(height), 8)) else { return cells.map { _ in (nil, 0) } }
        pixSetAllArbitrary(strip.pix, 255)
        var ranges: [Range<Int>] = []
        var x = gap
        for r in insides {
            pixRasterop(strip.pix, Int32(x), Int32(gap + (height - 2 * gap - r.height) / 2), Int32(r.width), Int32(r.height), 0xc, clean.pix, Int32(r.x0), Int32(r.y0))
            ranges.append(x - gap / 2..<x + r.width + gap / 2)
            x += r.width + gap
        }
        // Binarised, with specks of scanner noise (under 3 pixels either way) removed: on grey
        // tesseract read the grain around a lone digit as more digits.
        guard let ink = Raster(pixConvertTo1(strip.pix, PreparedPage.stripThreshold)),
              let clear = Raster(pixSelectBySize(ink.pix, 3, 3, 8, Int32(L_SELECT_IF_EITHER), Int32(L_SELECT_IF_GTE), nil)) else {
            return cells.map { _ in (nil, 0) }
        }
        let read = engine.words(in: clear, dpi: Int(dpi), whitelist: whitelist, layout: oneLine ? PSM_SINGLE_LINE : nil)
        if let dir = ProcessInfo.processInfo.environment["OCR_DEBUG_DIR"] {
            pixWrite("\(dir)/row-\(Int(dpi))-\(cells[0].x0)-\(cells[0].y0)-\(read.map(\.text).joined(separator: "_")).png", clear.pix, Int32(IFF_PNG))
        }
        return ranges.map { range in
            let inside = read.filter { range.contains($0.box.midX) }
            guard !inside.isEmpty else { return (nil, 0) }
            return (NumberReading.digits(inside.map(\.text).joined()), inside.map(\.confidence).min() ?? 0)
        }
    }

    /// `readRow` over whole cells (what is printed in them not known): each cell's inside, clear
    /// of its rules.
    func readCells(_ engine: TesseractEngine, _ cells: [PixelRect], whitelist: String, oneLine: Bool = false) -> [(text: String?, confidence: Double)] {
        readRow(engine, words: cells.map { $0.insetBy(cellInset * 2) }, cells: cells, whitelist: whitelist, oneLine: oneLine)
    }
}
