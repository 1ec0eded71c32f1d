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
    func scaled(_ factor: Double) -> PixelRect {
        PixelRect(x0: Int((Double(x0) * factor).rounded(.down)), y0: Int((Double(y0) * factor).rounded(.down)),
                  x1: Int((Double(x1) * factor).rounded(.up)), y1: Int((Double(y1) * factor).rounded(.up)))
    }
}

/// Renders PDF pages to grey images through poppler-glib and cairo.
enum PageRenderer {
    /// Page `page` drawn at `dpi` on white, as an 8-bit grey image.
    ///
    /// Cairo draws into a 32-bit RGB surface (`0x00RRGGBB` words); leptonica reads words as
    /// `0xRRGGBBAA`, so the bytes are swapped in place and the channels weighted accordingly,
    /// all in C: no pixel loop here.
    static func render(_ page: OpaquePointer, dpi: Double) -> Raster? {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        let scale = dpi / 72
        let w = Int32((width * scale).rounded(.up)), h = Int32((height * scale).rounded(.up))
        guard w > 0, h > 0, let colour = Raster(pixCreate(w, h, 32)) else { return nil }
        let wpl = pixGetWpl(colour.pix)
        guard let data = pixGetData(colour.pix) else { return nil }
        let surface = data.withMemoryRebound(to: UInt8.self, capacity: Int(wpl * h) * 4) {
            cairo_image_surface_create_for_data($0, CAIRO_FORMAT_RGB24, w, h, wpl * 4)
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        poppler_page_render_for_printing(page, cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        // Cairo's 0x00RRGGBB, byte-swapped, reads as leptonica's R=B, G=G, B=R.
        pixEndianByteSwap(colour.pix)
        return Raster(pixConvertRGBToGray(colour.pix, 0.114, 0.587, 0.299))
    }
}

/// A page image made ready for recognition: deskewed, and with the ruling lines of its tables
/// found and painted out.
struct PreparedPage {
    /// The deskewed grey image with ruling lines removed: what tesseract reads.
    let clean: Raster
    /// The ruling lines found (1 bit per pixel, same frame as `clean`): the tables' grid.
    let rules: RuleMask
    /// The angle (degrees) the page was turned by to straighten it; 0 when it was straight.
    let skewDegrees: Double

    /// The ink threshold for binarising grey pages.
    static let inkThreshold: Int32 = 170

    /// Straightens `grey` and removes its ruling lines. `dpi` sets the shortest run of ink
    /// that counts as a ruling line (a quarter of an inch: longer than any stroke of a glyph).
    init?(grey: Raster, dpi: Double, deskew: Bool = true) {
        var angle: Float = 0, confidence: Float = 0
        var straight = grey
        if deskew, let binary = Raster(pixConvertTo1(grey.pix, Self.inkThreshold)),
           pixFindSkew(binary.pix, &angle, &confidence) == 0, confidence >= 2.5, abs(angle) >= 0.05,
           let turned = Raster(pixRotateAMGray(grey.pix, angle * .pi / 180, 255)) {
            straight = turned
        } else {
            angle = 0
        }
        guard let rules = RuleMask(straight, dpi: dpi), let clean = Raster(pixCopy(nil, straight.pix)) else { return nil }
        let mask = Raster(pixDilateBrick(nil, rules.lines.pix, 5, 5))
        if let mask { pixPaintThroughMask(clean.pix, mask.pix, 0, 0, 255) }
        self.clean = clean
        self.rules = rules
        self.skewDegrees = Double(angle)
    }

    /// Straightens another rendering of the same page (at another dpi) by the same angle, so
    /// that its pixels map to this one's by the ratio of the dpis.
    func straighten(_ grey: Raster) -> Raster? {
        guard skewDegrees != 0 else { return grey }
        return Raster(pixRotateAMGray(grey.pix, Float(skewDegrees) * .pi / 180, 255))
    }
}
