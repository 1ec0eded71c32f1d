import CTesseract
import Testing
import TestSupport
@testable import OCR

/// The grid of a page: rules the opening finds, and the short ones it cannot.
struct RuleMaskTests {
    /// A white page at 300 dpi with black ink drawn in `rects` (x0, y0, x1, y1).
    static func page(_ rects: [(Int, Int, Int, Int)], width: Int = 700, height: Int = 600) -> Raster {
        let raster = Raster(pixCreate(Int32(width), Int32(height), 8))!
        pixSetAllArbitrary(raster.pix, 255)
        for (x0, y0, x1, y1) in rects {
            for y in y0..<y1 { for x in x0..<x1 { pixSetPixel(raster.pix, Int32(x), Int32(y), 0) } }
        }
        return raster
    }

    /// Two tables: the upper one row high (its rules 70 pixels, under the opening's 100), the
    /// lower three rows high, its middle rule at x = 300 as in the upper one.
    static let tables: [(Int, Int, Int, Int)] = [
        (20, 100, 680, 102), (20, 170, 680, 172),                          // one row
        (20, 100, 22, 172), (678, 100, 680, 172),                          // its outer rules
        (300, 102, 302, 170),                                              // its short rule
        (20, 300, 680, 302), (20, 370, 680, 372), (20, 440, 680, 442), (20, 510, 680, 512),
        (20, 300, 22, 512), (300, 300, 302, 512), (678, 300, 680, 512),    // long rules
    ]

    /// The grid is found with leptonica's composite opening (a brick and a comb): at 300 dpi it
    /// keeps exactly the pixels the plain brick keeps, on strokes of every length round the
    /// opening's 100 pixels, thick and thin, crossing and at the page's edges.
    @Test func theCompositeOpeningKeepsWhatTheBrickKeeps() {
        var random = SeededGenerator(seed: 11)
        var rects: [(Int, Int, Int, Int)] = []
        for _ in 0..<400 {
            let length = random.int(80...130), thick = random.int(1...6)
            let x = random.int(-20...690), y = random.int(-20...590)
            let r = random.chance(0.5) ? (x, y, x + length, y + thick) : (x, y, x + thick, y + length)
            let clipped = (max(0, r.0), max(0, r.1), min(700, r.2), min(600, r.3))
            if clipped.0 < clipped.2, clipped.1 < clipped.3 { rects.append(clipped) }
        }
        let page = Self.page(rects)
        let ink = withExtendedLifetime(page) { Raster(pixConvertTo1(page.pix, PreparedPage.inkThreshold))! }
        for (w, h) in [(100, 1), (1, 100)] {
            let brick = Raster(pixOpenBrick(nil, ink.pix, Int32(w), Int32(h)))!
            let composite = Raster(pixOpenCompBrick(nil, ink.pix, Int32(w), Int32(h)))!
            let differing = Raster(pixXor(nil, brick.pix, composite.pix))!
            var count: Int32 = 0, kept: Int32 = 0
            pixCountPixels(differing.pix, &count, nil)
            pixCountPixels(brick.pix, &kept, nil)
            #expect(count == 0 && kept > 0, "\(w)×\(h): \(count) pixels differ of \(kept) kept")
        }
    }

    @Test func aRuleOneRowHighCutsItsRow() {
        let mask = RuleMask(Self.page(Self.tables), dpi: 300)!
        let cells = mask.cells(acrossY: 136, top: 103, bottom: 170)
        #expect(cells.count == 2)
        #expect(cells.first.map { $0.x1 <= 300 } == true)
        #expect(mask.standsOnShortRule(PixelRect(x0: 298, y0: 110, x1: 304, y1: 160)))
    }

    @Test func aStrokeFromRuleToRuleInNoColumnOfTheTableIsNoRule() {
        // A stroke touching both rules of the row at x = 500, where no rule of the page stands.
        let mask = RuleMask(Self.page(Self.tables + [(500, 102, 503, 170)]), dpi: 300)!
        #expect(mask.cells(acrossY: 136, top: 103, bottom: 170).count == 2)
        #expect(!mask.standsOnShortRule(PixelRect(x0: 498, y0: 110, x1: 505, y1: 160)))
    }

    @Test func aGlyphClearOfItsRulesIsNoRule() {
        // A `1` in the cell, clear of the rules above and below.
        let mask = RuleMask(Self.page(Self.tables + [(150, 115, 153, 158), (405, 310, 408, 360)]), dpi: 300)!
        #expect(mask.cells(acrossY: 136, top: 103, bottom: 170).count == 2)
        #expect(mask.cells(acrossY: 335, top: 303, bottom: 370).count == 2)
        #expect(!mask.standsOnShortRule(PixelRect(x0: 148, y0: 115, x1: 155, y1: 158)))
    }

    /// A mark in the margin beside a table's row (a speck read as `2`) stands outside it; a
    /// number in a cell, or beside no table, does not.
    @Test func aMarkInTheMarginBesideATableStandsOutsideIt() {
        let mask = RuleMask(Self.page(Self.tables + [(500, 300, 502, 512)], width: 720), dpi: 300)!
        #expect(mask.cells(acrossY: 335, top: 303, bottom: 370).count == 3)
        #expect(mask.besideTable(PixelRect(x0: 2, y0: 320, x1: 16, y1: 345)))
        #expect(mask.besideTable(PixelRect(x0: 690, y0: 320, x1: 710, y1: 345)))
        #expect(!mask.besideTable(PixelRect(x0: 400, y0: 320, x1: 420, y1: 345)), "a number in a cell")
        #expect(!mask.besideTable(PixelRect(x0: 2, y0: 220, x1: 16, y1: 245)), "beside no table")
        #expect(!mask.besideTable(PixelRect(x0: 2, y0: 120, x1: 16, y1: 145)), "beside a row of two cells")
    }
}

/// Rows of the grid the page reading read no number in.
struct UnreadRowTests {
    /// A table of `count` rows (a label column and four number columns, rules `pitch` pixels
    /// apart) of which the page reading read the numbers of `read` rows only (0-based).
    static func rows(read: [Int], count: Int = 5, pitch: Int = 70) throws -> [NumberRereader.Row] {
        let columns = [20, 260, 340, 420, 500, 580], rules = (0...count).map { 100 + $0 * pitch }
        var ink: [(Int, Int, Int, Int)] = rules.map { (20, $0, 582, $0 + 2) }
        ink += columns.map { ($0, 100, $0 + 2, rules[count] + 2) }
        let grey = RuleMaskTests.page(ink, height: rules[count] + 150)
        let prepared = try #require(PreparedPage(grey: grey, dpi: 300))
        var words: [RecognizedWord] = []
        for r in read {
            for c in 1..<columns.count - 1 {
                let box = PixelRect(x0: columns[c] + 30, y0: rules[r] + 20, x1: columns[c] + 45, y1: rules[r] + 50)
                words.append(RecognizedWord(text: "1", box: box, confidence: 90, symbols: [("1", box)], line: r))
            }
        }
        let rereader = NumberRereader(prepared: prepared, rereadDPI: 450, languages: "chi_sim")
        return rereader.tableRows(words)
    }

    @Test func rowsLostAboveTheFirstRowReadAreReadAgainUpToTheTablesTop() throws {
        let found = try Self.rows(read: [2])
        let unread = found.filter(\.unread).map { $0.cells[0].y0 }.sorted()
        // The two rows above the row read (a page's top), and the two below it.
        #expect(unread.count == 4, "unread rows at \(unread)")
        #expect(unread.first.map { $0 > 100 && $0 < 110 } == true, "the table's first row: \(unread)")
        #expect(found.filter { !$0.unread }.count == 1)
    }

    /// A tall block of rows the page reading lost between two it read (ten rows of two-line
    /// labels, 2.7 inches: a group of table 三 printing only zeros) is read again row by row.
    @Test func everyRowLostBetweenTwoRowsReadIsReadAgainHoweverTallTheBlock() throws {
        let found = try Self.rows(read: [0, 11], count: 12, pitch: 80)
        #expect(found.filter(\.unread).count == 10)
        #expect(found.filter { !$0.unread }.count == 2)
    }
}

/// The number cells of a table's rows.
struct RowCellTests {
    /// Two rows of table 三 whose label cell (wide, two lines of ink) the page reading read
    /// only its numbering `4` in, with a group header's column left of it printing one mark the
    /// page reading took for `1`: neither cell is a number cell of the row, only the four
    /// number cells right of the label are.
    @Test func aGroupHeadersColumnLeftOfAWrappedLabelIsNoNumberCell() throws {
        let columns = [20, 100, 400, 480, 560, 640, 720], rules = [100, 200, 300]
        var ink: [(Int, Int, Int, Int)] = rules.map { (20, $0, 722, $0 + 2) }
        ink += columns.map { ($0, 100, $0 + 2, 302) }
        var words: [RecognizedWord] = []
        for (r, top) in rules.dropLast().enumerated() {
            let mark = PixelRect(x0: 50, y0: top + 35, x1: 70, y1: top + 65)
            ink.append((mark.x0, mark.y0, mark.x1, mark.y1))
            words.append(RecognizedWord(text: "1", box: mark, confidence: 60, symbols: [("1", mark)], line: 2 * r))
            for line in [top + 15, top + 60] {
                for x in stride(from: 120, to: 360, by: 30) { ink.append((x, line, x + 22, line + 25)) }
            }
            let numbering = PixelRect(x0: 120, y0: top + 15, x1: 142, y1: top + 40)
            words.append(RecognizedWord(text: "4", box: numbering, confidence: 70, symbols: [("4", numbering)], line: 2 * r))
            for c in 2..<columns.count - 1 {
                let box = PixelRect(x0: columns[c] + 32, y0: top + 35, x1: columns[c] + 48, y1: top + 65)
                ink.append((box.x0, box.y0, box.x1, box.y1))
                words.append(RecognizedWord(text: "0", box: box, confidence: 90, symbols: [("0", box)], line: 2 * r + 1))
            }
        }
        let prepared = try #require(PreparedPage(grey: RuleMaskTests.page(ink, width: 800, height: 450), dpi: 300))
        let rows = NumberRereader(prepared: prepared, rereadDPI: 450, languages: "chi_sim").tableRows(words)
        #expect(rows.count == 2)
        for row in rows {
            #expect(row.cells.map(\.x0).allSatisfy { $0 >= 400 }, "cells at \(row.cells.map(\.x0))")
            #expect(row.cells.count == 4)
        }
    }
}
