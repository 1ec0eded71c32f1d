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

    /// The part of a prepared page read a third time is that part scaled up: a cell of the page
    /// maps onto the same ink in it, and a region reaching past the page stops at its edge.
    @Test func aSharperPartIsThatPartOfThePageScaledUp() throws {
        let pdf = try PDFPages(path: Repo.fixtures.appendingPathComponent("hl2023.pdf").path, password: nil)
        let grey = try #require(pdf.withPage(0) { PageRenderer.render($0, dpi: 150) } ?? nil)
        let page = try #require(PreparedPage(grey: grey, dpi: 150))
        let region = PixelRect(x0: 301, y0: 457, x1: 977, y1: 703)
        let sharp = try #require(page.sharper(dpi: 300, around: region))
        #expect(sharp.scale == 2)
        let margin = 15
        #expect((sharp.clean.width, sharp.clean.height) == (2 * (region.width + 2 * margin), 2 * (region.height + 2 * margin)))
        let cell = PixelRect(x0: 350, y0: 480, x1: 600, y1: 560)
        let big = try #require(sharp.clean.crop(sharp.cell(cell)))
        let back = try #require(Raster(pixScaleAreaMap(big.pix, 0.5, 0.5)))
        let same = try #require(page.clean.crop(cell))
        #expect((back.width, back.height) == (same.width, same.height))
        // Scaled up and back, the glyphs' edges differ by a few grey levels; a pixel off, whole
        // strokes differ.
        #expect(Self.meanDifference(back, same) < 10, "scaled back: \(Self.meanDifference(back, same))")
        for d in [-1, 1] {
            let shifted = try #require(page.clean.crop(PixelRect(x0: cell.x0 + d, y0: cell.y0 + d, x1: cell.x1 + d, y1: cell.y1 + d)))
            #expect(Self.meanDifference(back, shifted) > 2 * Self.meanDifference(back, same), "a pixel off (\(d))")
        }
        let edge = try #require(page.sharper(dpi: 300, around: PixelRect(x0: page.clean.width - 40, y0: 5, x1: page.clean.width + 60, y1: 30)))
        #expect((edge.clean.width, edge.clean.height) == (2 * (40 + margin), 2 * (30 + margin)))
    }
}
