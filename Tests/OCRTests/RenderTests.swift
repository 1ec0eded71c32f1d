import CTesseract
import Foundation
import Testing
@testable import OCR

/// Drawing pages: a page turned as cairo draws it is the page leptonica turns after drawing.
struct RenderTests {
    /// The mean grey difference of two images of one size.
    static func meanDifference(_ a: Raster, _ b: Raster) -> Float {
        let difference = Raster(pixAbsDifference(a.pix, b.pix))!
        var mean: Float = 0
        withExtendedLifetime(difference) { _ = pixGetAverageMasked(difference.pix, nil, 0, 0, 1, Int32(L_MEAN_ABSVAL), &mean) }
        return mean
    }

    @Test(arguments: [0.7, -1.3])
    func aPageTurnedAsItIsDrawnIsThePageTurnedAfter(degrees: Double) throws {
        let pdf = try PDFPages(path: Repo.fixtures.appendingPathComponent("hl2023.pdf").path, password: nil)
        let upright = try #require(pdf.withPage(0) { PageRenderer.render($0, dpi: 150) } ?? nil)
        let afterwards = try #require(Raster(pixRotateAMGray(upright.pix, Float(degrees * .pi / 180), 255)))
        let drawn = try #require(pdf.withPage(0) { PageRenderer.render($0, dpi: 150, turnedBy: degrees) } ?? nil)
        let otherWay = try #require(pdf.withPage(0) { PageRenderer.render($0, dpi: 150, turnedBy: -degrees) } ?? nil)
        #expect((drawn.width, drawn.height) == (upright.width, upright.height))
        let same = Self.meanDifference(drawn, afterwards), opposite = Self.meanDifference(otherWay, afterwards)
        // Resampled once instead of twice, the glyphs' edges differ by a few grey levels; turned
        // the other way, or shifted by a pixel, whole strokes differ.
        #expect(same < 8, "turned as drawn: mean difference \(same)")
        #expect(opposite > 2 * same, "turned the other way: \(opposite) against \(same)")
    }

    @Test(arguments: [0.0, 0.9])
    func aPartDrawnAloneIsThatPartOfTheWholePage(degrees: Double) throws {
        let pdf = try PDFPages(path: Repo.fixtures.appendingPathComponent("hl2023.pdf").path, password: nil)
        let whole = try #require(pdf.withPage(0) { PageRenderer.render($0, dpi: 150, turnedBy: degrees) } ?? nil)
        let area = PixelRect(x0: 301, y0: 457, x1: 977, y1: 703)
        let part = try #require(pdf.withPage(0) { PageRenderer.render($0, dpi: 150, turnedBy: degrees, area: area) } ?? nil)
        let cut = try #require(whole.crop(area))
        #expect((part.width, part.height) == (area.width, area.height))
        #expect(Self.meanDifference(part, cut) < 0.5, "turned \(degrees)°: \(Self.meanDifference(part, cut))")
        // An area reaching past the page is drawn up to the page's edge.
        let edge = try #require(pdf.withPage(0) { PageRenderer.render($0, dpi: 150, area: PixelRect(x0: whole.width - 40, y0: -5, x1: whole.width + 60, y1: 30)) } ?? nil)
        #expect((edge.width, edge.height) == (40, 30))
    }
}
