import CTesseract
import IngestKit
import Testing
import TestSupport
@testable import OCR

/// The shape reading of table digits: learnt from a page's agreed cells, a vote beside
/// tesseract's readings, never a reading on its own.
///
/// Glyphs are drawn from a 5 × 7 dot font scaled up, with their edges roughened by a seeded
/// generator, into an 8-bit grey image, as a scan's cells are cut from the page.
struct DigitShapesTests {
    /// The dots of each digit, a row of five a line.
    static let font: [Character: [String]] = [
        "0": [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
        "1": ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
        "2": [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
        "3": ["#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."],
        "4": ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
        "5": ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
        "6": ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
        "7": ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
        "8": [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
        "9": [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
    ]

    /// A grey image of `text` (digits, `.` a small square, `-` a bar at mid-height, `+` a cross) at `scale` pixels a
    /// dot, on white, each ink pixel at an edge dropped and each white one beside ink inked
    /// with probability `roughness`.
    static func image(_ text: String, scale: Int = 4, roughness: Double = 0.15, seed: UInt64) -> Raster {
        let advance = 7 * scale, width = text.count * advance + 4 * scale, height = 11 * scale
        var ink = [Bool](repeating: false, count: width * height)
        for (i, c) in text.enumerated() {
            let left = 2 * scale + i * advance, top = 2 * scale
            if c == "." {
                for y in top + 6 * scale..<top + 7 * scale { for x in left + 2 * scale..<left + 3 * scale { ink[y * width + x] = true } }
                continue
            }
            if c == "-" || c == "+" {
                let bar = c == "-" ? 0..<5 : 1..<4
                for y in top + 3 * scale..<top + 4 * scale { for x in left + bar.lowerBound * scale..<left + bar.upperBound * scale { ink[y * width + x] = true } }
                if c == "+" { for y in top + 2 * scale..<top + 5 * scale { for x in left + 2 * scale..<left + 3 * scale { ink[y * width + x] = true } } }
                continue
            }
            guard let rows = font[c] else { continue }
            for (r, row) in rows.enumerated() {
                for (k, dot) in row.enumerated() where dot == "#" {
                    for y in top + r * scale..<top + (r + 1) * scale { for x in left + k * scale..<left + (k + 1) * scale { ink[y * width + x] = true } }
                }
            }
        }
        var noise = SeededGenerator(seed: seed)
        var rough = ink
        for y in 1..<height - 1 {
            for x in 1..<width - 1 {
                let i = y * width + x
                let edge = ink[i - 1] != ink[i + 1] || ink[i - width] != ink[i + width]
                if edge, noise.chance(roughness) { rough[i].toggle() }
            }
        }
        let raster = Raster(pixCreate(Int32(width), Int32(height), 8))!
        for y in 0..<height { for x in 0..<width { pixSetPixel(raster.pix, Int32(x), Int32(y), rough[y * width + x] ? 20 : 235) } }
        return raster
    }

    static func cut(_ text: String, seed: UInt64, roughness: Double = 0.15) -> InkGlyphs.Cut {
        let raster = image(text, roughness: roughness, seed: seed)
        return InkGlyphs.cut(raster, rect: PixelRect(x0: 0, y0: 0, x1: raster.width, y1: raster.height), threshold: 180)
    }

    static func glyphs(_ text: String, seed: UInt64, roughness: Double = 0.15) -> [DigitShapes.Shape] {
        guard case .line(let glyphs, _) = cut(text, seed: seed, roughness: roughness) else { return [] }
        return glyphs
    }

    /// Examples of `digits`, each drawn `times` times with its own roughness.
    static func examples(_ digits: String, times: Int, seed: UInt64) -> [(glyphs: [DigitShapes.Shape], digits: String)] {
        (0..<times).flatMap { t in digits.map { d in (glyphs(String(d), seed: seed &+ UInt64(t * 97) &+ UInt64(d.asciiValue!)), String(d)) } }
    }

    @Test func aCellIsCutIntoItsGlyphsLeftToRight() {
        #expect(Self.glyphs("2024", seed: 1).count == 4)
        #expect(Self.glyphs("7", seed: 2).count == 1)
    }

    @Test func learntDigitsReadTheCellsNoReadingAgreedOn() throws {
        let shapes = try #require(DigitShapes.learn(Self.examples("0123456789", times: 3, seed: 11)))
        #expect(shapes.known.count == 10)
        for (n, text) in ["2024", "7", "1", "980", "365", "40"].enumerated() {
            #expect(shapes.read(Self.glyphs(text, seed: 500 + UInt64(n), roughness: 0.05)) == text)
        }
    }

    /// The property the vote rests on: over a thousand noisy numbers the shapes read the
    /// number or nothing, never another number.
    @Test func noisyGlyphsReadAsTheirDigitsOrAsNothing() throws {
        let shapes = try #require(DigitShapes.learn(Self.examples("0123456789", times: 3, seed: 21)))
        var noise = SeededGenerator(seed: 77)
        var read = 0
        for k in 0..<1000 {
            let text = String(noise.below(100_000))
            let got = shapes.read(Self.glyphs(text, seed: 9000 + UInt64(k), roughness: 0.3))
            #expect(got == nil || got == text, "\(text) read as \(got ?? "")")
            if got == text { read += 1 }
        }
        #expect(read > 800, "only \(read) of 1000 read")
    }

    /// A digit none of the agreed cells showed is not read as the learnt digit it resembles.
    @Test func aDigitNeverAgreedOnReadsAsNothing() throws {
        let shapes = try #require(DigitShapes.learn(Self.examples("0123456790", times: 3, seed: 31)))
        #expect(!shapes.known.contains("8"))
        for seed in 0..<50 as Range<UInt64> {
            #expect(shapes.read(Self.glyphs("8", seed: 700 + seed)) == nil)
        }
    }

    /// A digit whose examples disagree (a 3 agreed on as 8 more often than the 8s were) is
    /// not learnt; the digits it was not confused with are (the 3 may go too: the 8's mixed
    /// shape resembles it), and no 3 reads as anything but 3 or nothing.
    @Test func aDigitWhoseExamplesDisagreeIsNotLearnt() throws {
        var examples = Self.examples("0123456789", times: 3, seed: 41)
        examples += Self.examples("3", times: 4, seed: 43).map { ($0.glyphs, "8") }
        let shapes = try #require(DigitShapes.learn(examples))
        #expect(!shapes.known.contains("8"))
        #expect(Set("01245679").isSubset(of: shapes.known))
        let reads = (0..<20 as Range<UInt64>).map { shapes.read(Self.glyphs("3", seed: 450 + $0, roughness: 0.05)) }
        #expect(reads.allSatisfy { $0 == "3" || $0 == nil }, "\(reads)")
    }

    /// An example that reads as another digit (a 5 agreed on as 3) leaves the page unlearnt.
    @Test func anExampleReadAsAnotherDigitTeachesNothing() {
        var examples = Self.examples("0123456789", times: 4, seed: 47)
        examples += Self.examples("5", times: 1, seed: 49).map { ($0.glyphs, "3") }
        #expect(DigitShapes.learn(examples) == nil)
    }

    @Test func glyphsOnTwoLinesAreNotOneNumber() {
        let top = Self.image("10", seed: 3), bottom = Self.image("10", seed: 4)
        let both = Raster(pixCreate(Int32(top.width), Int32(top.height * 2), 8))!
        pixSetAllArbitrary(both.pix, 255)
        pixRasterop(both.pix, 0, 0, Int32(top.width), Int32(top.height), 0xc, top.pix, 0, 0)
        pixRasterop(both.pix, 10, Int32(top.height), Int32(bottom.width - 10), Int32(bottom.height), 0xc, bottom.pix, 0, 0)
        guard case .lines(let middles) = InkGlyphs.cut(both, rect: PixelRect(x0: 0, y0: 0, x1: both.width, y1: both.height), threshold: 180) else {
            Issue.record("two lines of glyphs were cut as one")
            return
        }
        // One middle a line, each inside its half of the cell: a row is marked on each.
        #expect(middles.count == 2)
        #expect(middles.first.map { $0 > 0 && $0 < top.height } == true, "\(middles)")
        #expect(middles.last.map { $0 > top.height && $0 < 2 * top.height } == true, "\(middles)")
    }

    /// Cells no two readings settle, in a row the template's totals tie together, take the one
    /// choice of their own readings that meets the totals; none where no choice or two do.
    @Test func theTotalsOfARowChooseAmongTheReadingsOfItsOpenCells() {
        func fill(_ row: [String?], _ readings: [Int: [String]]) -> [String]? { NumberRereader.fillMeetingTotals(row, readings: readings) }
        #expect(fill(["7", "1", nil, "0", "0", "0", "8"], [2: ["", "6", "0", "two lines"]]) == ["7", "1", "0", "0", "0", "0", "8"])
        #expect(fill(["7", "1", "0", "0", "0", "0", nil], [6: ["8", "3"]]) == ["7", "1", "0", "0", "0", "0", "8"])
        #expect(fill(["7", "1", nil, "0", "0", "0", "8"], [2: ["6", ""]]) == nil, "no reading meets the total")
        #expect(fill(["7", nil, nil, "0", "0", "0", "8"], [1: ["1", "0"], 2: ["0", "1"]]) == nil, "1+0 and 0+1 both meet it")
        #expect(fill(["7", nil, nil, "0", "0", "0", "8"], [1: ["1", "4"], 2: ["0", "5"]]) == ["7", "1", "0", "0", "0", "0", "8"])
        #expect(fill(["7", "+1", nil, "0", "0", "0", "8"], [2: ["0"]]) == nil, "a signed cell")
        #expect(fill(["3", nil, "12"], [1: ["9"]]) == nil, "table 二's row has no total")
        #expect(fill(["0", "0", "0", "0", nil, "0", "0"], [4: ["1", "00", "", "0"]]) == ["0", "0", "0", "0", "0", "0", "0"],
                "00, a 0 read twice, is the one choice 0")
        // The total and one other cell open, each read two ways: the total fixes only their
        // difference, and 47 and 54 (447 and 454 printed, the 4 lost from both) keep it.
        #expect(fill([nil, "7", "0", "0", "0", "0", nil], [0: ["447", "47"], 6: ["14", "54"]]) == nil)
        #expect(fill([nil, "7", "0", "0", "0", "0", nil], [0: ["447"], 6: ["14", "454"]]) == ["447", "7", "0", "0", "0", "0", "454"])
        #expect(fill(["447", nil, "0", "0", "0", "0", nil], [1: ["7", "1"], 6: ["448", "454"]]) == nil)
        // Table 四: each group of five closes on its total.
        let review: [String?] = ["2", "0", "0", "2", "4", "0", nil, "0", "1", "2", "0", "0", "0", "0", nil]
        #expect(fill(review, [6: ["7", "1"], 14: ["0", "8"]]) == ["2", "0", "0", "2", "4", "0", "1", "0", "1", "2", "0", "0", "0", "0", "0"])
    }

    /// A cell most tesseract readings agree on offers the totals that value alone, unless the
    /// shapes count more digits than it has; one they do not agree on offers every reading,
    /// the shapes' too.
    @Test func theTotalsDoNotOverruleMostReadings() {
        #expect(NumberRereader.fillChoices(tesseract: ["", "3", "3", "3"], shape: .digits("8")) == ["3"])
        #expect(NumberRereader.fillChoices(tesseract: ["5", "3", "2", ""], shape: .digits("8")) == ["5", "3", "2", "", "8"])
        // The shapes count a digit more than most readings show (huaian's 13 read 3 three times).
        #expect(NumberRereader.fillChoices(tesseract: ["3", "3", "13", "3"], shape: .digits("13")) == ["3", "3", "13", "3", "13"])
        #expect(NumberRereader.fillChoices(tesseract: ["3", "3", "", "3"], shape: .glyphs(2)) == ["3", "3", "", "3", "2 digits or more"])
        // As lt2020's 本年新收 at 150 dpi read (36 5 2 5 3 3 54 printed; two 5s read 3 by every
        // reading): offered the shapes' 8 against the readings' 3, the total took 8 and 2 for
        // the open cells; offered 3 alone, no choice meets it and the row stays open.
        let row: [String?] = ["36", "3", "2", "3", nil, nil, "54"]
        let open = [4: (["", "3", "3", "3"], NumberRereader.ShapeReading.digits("8")), 5: (["2", "3", "", ""], nil)]
        let all = open.mapValues { $0.0 + [$0.1?.description ?? ""] }
        #expect(NumberRereader.fillMeetingTotals(row, readings: all) == ["36", "3", "2", "3", "8", "2", "54"])
        let offered = open.mapValues { NumberRereader.fillChoices(tesseract: $0.0, shape: $0.1) }
        #expect(NumberRereader.fillMeetingTotals(row, readings: offered) == nil)
    }

    /// Table 四's row, groups of five each closed by its total: a group whose open cell its
    /// total settles is read, a group no choice settles is printed unreadable, and the groups
    /// around keep their numbers; where every group stays open, nothing is kept.
    @Test func eachGroupOfARowIsSettledByItsOwnTotal() {
        let row: [String?] = ["72", "64", "178", nil, "351", "13", "4", "8", "1", nil, "12", "1", "1", "6", "20"]
        let u = String(PrintedNumber.unreadable)
        let read = NumberRereader.fillGroups(row, readings: [3: ["7", "2 digits or more"], 9: ["26", "20"]])
        #expect(read?.row == [u, u, u, u, u, "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"])
        #expect(read?.unread == [3])
        #expect(read?.size == 5)
        #expect(NumberRereader.fillGroups(row, readings: [3: ["37", "7"], 9: ["26", "20"]])?.row
                == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"])
        let allOpen: [String?] = [nil, "0", "0", "0", "0", nil, "0", "0", "0", "0", nil, "0", "0", "0", "0"]
        #expect(NumberRereader.fillGroups(allOpen, readings: [0: ["1"], 5: ["2"], 10: ["3"]]) == nil)
        #expect(NumberRereader.fillGroups(["7", "1", nil, "0", "0", "0", "8"], readings: [2: ["0"]]) == nil, "table 三's row is one group")
    }

    /// The glyphs of a cell whose digits the shapes do not read still count them: a reading with
    /// fewer digits than the cell prints glyphs of a digit's size (`37` read as `7`) is not it.
    @Test func aReadingWithFewerDigitsThanTheCellsGlyphsIsNotIt() {
        #expect(!NumberRereader.ShapeReading.glyphs(2).allows("7"))
        #expect(NumberRereader.ShapeReading.glyphs(2).allows("37"))
        #expect(NumberRereader.ShapeReading.glyphs(1).allows("11"), "two digits touching are one glyph")
        #expect(NumberRereader.settled(tesseract: ["7", "7", "7", ""], shape: .glyphs(2)) == nil)
        #expect(NumberRereader.settledEarly(page: "7", strip: "7", shape: .glyphs(2)) == nil)
    }

    /// A row of the grid the page reading saw no number in is kept where it meets the
    /// template's totals within it, though the shapes read fewer than half of its cells.
    @Test func aRowMeetsTheTotalsOfItsWidthOrNone() {
        #expect(NumberRereader.meetsTotals(["2", "0", "0", "2", "4", "0", "1", "0", "1", "2", "0", "0", "0", "0", "0"]))
        #expect(!NumberRereader.meetsTotals(["2", "0", "0", "2", "4", "0", "1", "0", "1", "3", "0", "0", "0", "0", "0"]))
        #expect(NumberRereader.meetsTotals(["36", "5", "2", "5", "3", "3", "54"]))
        #expect(!NumberRereader.meetsTotals(["36", "5", "2", "5", "3", "3", "55"]))
        #expect(!NumberRereader.meetsTotals(["0", "0", "0"]), "table 二's rows have no total")
        #expect(!NumberRereader.meetsTotals(["0", "0", "0", "0", "0", "0", "+0"]), "a signed cell")
    }

    /// A label's numbering (`2、其他法律…`) reads as a number, but the cell holds text: it is
    /// not a number cell. A stray mark fused with a number (`人49`) does not make text.
    @Test func aLabelsCellIsNotANumberCellThoughItsNumberingReadsAsOne() {
        let cell = PixelRect(x0: 0, y0: 0, x1: 300, y1: 60)
        func word(_ text: String, _ x: Int) -> RecognizedWord {
            RecognizedWord(text: text, box: PixelRect(x0: x, y0: 10, x1: x + 40, y1: 40), confidence: 90, symbols: [], line: 0)
        }
        #expect(NumberRereader.holdsText(cell, [word("2", 5), word("、其他法律", 50)]))
        #expect(!NumberRereader.holdsText(cell, [word("人49", 5)]))
        #expect(!NumberRereader.holdsText(cell, [word("49", 5), word("、", 60)]))
        // Words outside the cell do not count.
        #expect(!NumberRereader.holdsText(cell, [word("12", 5), word("其他法律", 400)]))
    }

    /// A wide cell holding one number is a value cell spanning the table (table 二's) unless
    /// ruled number cells stand right of it in its own row: then it is that row's label, and
    /// the digit read in it (`（一）` read as `0`) is no cell of the row.
    @Test func aWideCellWithNumberCellsRightOfItIsTheirLabel() {
        let label = PixelRect(x0: 450, y0: 1550, x1: 1060, y1: 1620)
        func cell(_ x: Int, _ y: Int, ruled: Bool = true) -> (rect: PixelRect, ruled: Bool) {
            (PixelRect(x0: x, y0: y, x1: x + 150, y1: y + 70), ruled)
        }
        #expect(NumberRereader.labelsNumbers(label, numberCells: [cell(1060, 1550), cell(1220, 1550)]))
        // Numbers of other rows, a number left of it, or one in no ruled cell: a value cell.
        #expect(!NumberRereader.labelsNumbers(label, numberCells: [cell(1060, 1400), cell(1060, 1700)]))
        #expect(!NumberRereader.labelsNumbers(label, numberCells: [cell(200, 1550)]))
        #expect(!NumberRereader.labelsNumbers(label, numberCells: [cell(1060, 1550, ruled: false)]))
    }

    /// A row the page reading read no number in keeps its settled values where the shapes
    /// agree, or where the row meets its total and the shapes only miscount one cell's glyphs.
    @Test func anUnreadRowIsKeptByItsShapesOrByItsTotal() {
        typealias S = NumberRereader.ShapeReading
        let row = ["105", "0", "0", "0", "0", "0", "105"]
        let agreeing: [S?] = ["105", "0", "0", "0", "0", "0", "105"].map { S.digits($0) }
        #expect(NumberRereader.keepsUnreadRow(row, shapes: agreeing))
        var speck = agreeing
        speck[2] = .glyphs(2)
        #expect(NumberRereader.keepsUnreadRow(row, shapes: speck), "a speck beside a 0, the total met")
        var off = row
        off[6] = "106"
        #expect(!NumberRereader.keepsUnreadRow(off, shapes: speck), "a miscounted cell and no total met")
        var twice = speck
        twice[3] = .glyphs(2)
        #expect(!NumberRereader.keepsUnreadRow(row, shapes: twice), "two contradicted cells")
        var other = agreeing
        other[2] = .digits("8")
        #expect(!NumberRereader.keepsUnreadRow(row, shapes: other), "shapes reading another digit")
        #expect(NumberRereader.keepsUnreadRow(row, shapes: Array(repeating: nil, count: 7)), "no shapes: the total keeps it")
        #expect(!NumberRereader.keepsUnreadRow(["3", "4"], shapes: [nil, nil]), "no shapes and no total")
    }

    /// Rows whose rule between them was not found: most cells print two lines, and the row is
    /// read as two, cut halfway between the lines; one cell on two lines (a wrapped figure, a
    /// label's numbering) does not cut it.
    @Test func aRowWhoseCellsPrintTwoLinesIsReadAsTwoRows() {
        let cells = [0, 100, 200].map { PixelRect(x0: $0, y0: 80, x1: $0 + 90, y1: 180) }
        let one = InkGlyphs.Cut.line(Self.glyphs("7", seed: 1), sign: "")
        let split = NumberRereader.splitAtLines(cells, cuts: [.lines([100, 150]), .lines([102, 152]), one])
        #expect(split.count == 2)
        #expect(split[0].map(\.y0) == [80, 80, 80] && split[0].map(\.y1) == [126, 126, 126])
        #expect(split[1].map(\.y0) == [126, 126, 126] && split[1].map(\.y1) == [180, 180, 180])
        #expect(split.allSatisfy { $0.map(\.x0) == [0, 100, 200] })
        #expect(NumberRereader.splitAtLines(cells, cuts: [.lines([100, 150]), one, one]) == [cells])
        #expect(NumberRereader.splitAtLines(cells, cuts: [.lines([100, 150]), .lines([90, 120, 150]), one]) == [cells])
    }

    @Test func aSignBeforeTheDigitsIsReadWithThem() {
        for (text, sign) in [("-20", "-"), ("+25", "+"), ("20", "")] {
            guard case .line(let glyphs, let read) = Self.cut(text, seed: 6, roughness: 0.05) else {
                Issue.record("\(text) was not cut into one line")
                continue
            }
            #expect(read == sign, "\(text)")
            #expect(glyphs.count == 2)
        }
    }

    /// Grain of the scan just above and below a minus sign makes its box as high as wide, as a
    /// plus's is; having no stem, it is no plus, and which sign it is cannot be told: the shapes
    /// then allow any value of as many digits, signed or not.
    @Test func aMinusSignWithGrainAroundItIsNoPlus() {
        let raster = Self.image("-20", roughness: 0.05, seed: 6)
        // The bar is rows 20..<24 and columns 8..<28 (scale 4); specks of 3 × 3 over and under
        // its middle.
        for y in Array(13..<16) + Array(28..<31) { for x in 16..<19 { pixSetPixel(raster.pix, Int32(x), Int32(y), 0) } }
        guard case .line(_, let sign) = InkGlyphs.cut(raster, rect: PixelRect(x0: 0, y0: 0, x1: raster.width, y1: raster.height), threshold: 180) else {
            Issue.record("-20 with grain was not cut into one line")
            return
        }
        #expect(sign == InkGlyphs.unknownSign)
        let cut = InkGlyphs.cut(raster, rect: PixelRect(x0: 0, y0: 0, x1: raster.width, y1: raster.height), threshold: 180)
        let shape = NumberRereader.shapeReading(cut, shapes: DigitShapes.learn(Self.examples("0123456789", times: 3, seed: 11)))
        #expect(shape?.allows("-20") == true && shape?.allows("20") == true && shape?.allows("+2") == false)
    }

    @Test func aMarkBetweenGlyphsLeavesTheCellUnread() {
        guard case .unclear = Self.cut("40.77", seed: 5) else {
            Issue.record("a decimal point was passed over")
            return
        }
    }

    /// A cell with no ink but specks is blank (a column where other rows print numbers), not
    /// a cell the readings failed on; a blot is not blank.
    @Test func aCellWithNoInkButSpecksIsBlank() {
        let cell = Raster(pixCreate(60, 44, 8))!
        pixSetAllArbitrary(cell.pix, 235)
        let all = PixelRect(x0: 0, y0: 0, x1: 60, y1: 44)
        guard case .blank = InkGlyphs.cut(cell, rect: all, threshold: 180) else { Issue.record("an empty cell is not blank"); return }
        for (x, y) in [(10, 10), (40, 30), (41, 30)] { pixSetPixel(cell.pix, Int32(x), Int32(y), 20) }
        guard case .blank = InkGlyphs.cut(cell, rect: all, threshold: 180) else { Issue.record("specks make a cell not blank"); return }
        for y in 15..<20 { for x in 20..<26 { pixSetPixel(cell.pix, Int32(x), Int32(y), 20) } }
        if case .blank = InkGlyphs.cut(cell, rect: all, threshold: 180) { Issue.record("a blot was taken for a blank cell") }
        #expect(!NumberRereader.printsDigits(.blank, height: 28))
    }

    /// A row is marked unreadable only where its cells print digits: glyphs as high as the
    /// page's numbers and narrower than high; not a header's ideographs.
    @Test func digitsAreToldFromTheTextOfAHeaderRow() {
        let digits = Self.cut("205", seed: 8, roughness: 0.05)
        #expect(NumberRereader.printsDigits(digits, height: 28))
        #expect(!NumberRereader.printsDigits(digits, height: 56), "glyphs half the page's number height")
        // An ideograph-like block: as wide as high.
        let block = Raster(pixCreate(60, 44, 8))!
        pixSetAllArbitrary(block.pix, 235)
        for y in 8..<36 { for x in 8..<52 where y < 12 || y > 31 || x < 12 || x > 47 || x == 30 { pixSetPixel(block.pix, Int32(x), Int32(y), 20) } }
        let cut = InkGlyphs.cut(block, rect: PixelRect(x0: 0, y0: 0, x1: 60, y1: 44), threshold: 180)
        #expect(!NumberRereader.printsDigits(cut, height: 28))
        #expect(NumberRereader.printsDigits(.lines([14, 42]), height: 28))
        #expect(!NumberRereader.printsDigits(.unclear, height: 28))
    }

    // MARK: The vote

    @Test func theFirstTwoReadingsSettleACellTheShapesDoNotContradict() {
        typealias R = NumberRereader
        #expect(R.settledEarly(page: "18", strip: "18", shape: nil) == "18")
        #expect(R.settledEarly(page: "18", strip: "18", shape: .digits("18")) == "18")
        #expect(R.settledEarly(page: "18", strip: "18", shape: .digits("16")) == nil)
        #expect(R.settledEarly(page: "10", strip: "10", shape: .twoLines) == nil)
        // The shapes and one reading, the other having read nothing.
        #expect(R.settledEarly(page: nil, strip: "1", shape: .digits("1")) == "1")
        #expect(R.settledEarly(page: "7", strip: "1", shape: .digits("1")) == nil)
        // A sign the shapes see and both readings missed.
        #expect(R.settledEarly(page: "20", strip: "20", shape: .digits("-20")) == nil)
        #expect(R.settledEarly(page: "20", strip: "20", shape: .sign("-")) == nil)
        #expect(R.settledEarly(page: "-20", strip: "-20", shape: .sign("-")) == "-20")
        #expect(R.settledEarly(page: nil, strip: nil, shape: .digits("1")) == nil)
    }

    @Test func aSignOnlyTheShapesSeeJoinsTheDigitsTheReadingsAgreeOn() {
        typealias R = NumberRereader
        // The digit whitelists leave `+` out where the page reading read none.
        #expect(R.settled(tesseract: ["1", "1", "41", ""], shape: .digits("+1")) == "+1")
        #expect(R.settled(tesseract: ["6", "", "-6", ""], shape: .digits("-6")) == "-6")
        // The shapes' digits with one reading's, as for a number without a sign; not the
        // shapes alone, nor digits the readings do not agree on.
        #expect(R.settled(tesseract: ["", "1", "41", ""], shape: .digits("+1")) == "+1")
        #expect(R.settled(tesseract: ["", "", "41", ""], shape: .digits("+1")) == nil)
        #expect(R.settled(tesseract: ["", "", "", ""], shape: .digits("+1")) == nil)
        #expect(R.settled(tesseract: ["7", "7", "", ""], shape: .digits("+1")) == nil)
        #expect(R.settled(tesseract: ["1", "41", "41", ""], shape: .digits("+1")) == nil)
        // A minus the shapes see before digits they cannot read.
        #expect(R.settled(tesseract: ["", "20", "20", "20"], shape: .sign("-")) == "-20")
        #expect(R.settled(tesseract: ["", "25", "425", "23"], shape: .sign("+")) == nil)
    }

    /// Over every combination of readings from a small alphabet: a value is kept only when
    /// two readings or more give it, more than any other value, and the shapes, where they
    /// read, are that value; the shapes alone never settle a cell.
    @Test func theShapesAreAVoteNeverAReadingOnTheirOwn() {
        let alphabet = ["", "1", "7", "-7"]
        let shapes: [NumberRereader.ShapeReading?] = [nil, .digits("1"), .digits("7"), .digits("-7"), .twoLines, .sign("-")]
        var combinations = 0
        for a in alphabet { for b in alphabet { for c in alphabet { for d in alphabet { for shape in shapes {
            combinations += 1
            let texts = [a, b, c, d]
            guard let value = NumberRereader.settled(tesseract: texts, shape: shape) else { continue }
            // A sign the shapes alone see: the digits after it are two votes' at least, one of
            // them tesseract's (the shapes' digits are one where they read them), more than any
            // other value has.
            if !texts.contains(value), value.hasPrefix("-") {
                let bare = String(value.dropFirst())
                let tesseractVotes = texts.filter { $0 == bare }.count
                let votes = tesseractVotes + (shape == .digits(value) ? 1 : 0)
                #expect(shape == .digits(value) || shape == .sign("-"), "\(texts) \(String(describing: shape))")
                #expect(tesseractVotes >= 1 && votes >= 2, "\(texts) \(String(describing: shape))")
                #expect(!texts.contains { $0.hasPrefix("-") || $0.hasPrefix("+") }, "\(texts) \(String(describing: shape))")
                for other in Set(texts) where other != bare && !other.isEmpty {
                    #expect(texts.filter { $0 == other }.count < votes, "\(texts) \(String(describing: shape))")
                }
                continue
            }
            let tesseractVotes = texts.filter { $0 == value }.count
            #expect(tesseractVotes >= 1, "\(texts) \(String(describing: shape)) settled by the shapes alone")
            #expect(shape?.allows(value) ?? true)
            if case .sign(let sign) = shape { #expect(value.hasPrefix(sign)) }
            let votes = tesseractVotes + (shape == .digits(value) ? 1 : 0)
            #expect(votes >= 2)
            for other in Set(texts) where other != value && !other.isEmpty {
                #expect(texts.filter { $0 == other }.count < votes)
            }
        } } } } }
        #expect(combinations == 1536)
    }

    @Test func aFourthReadingIsNotMadeWhereItCannotChangeTheValue() {
        typealias R = NumberRereader
        // Three readings alike: one more, whatever it says, cannot tie them.
        #expect(R.settledWhatever(texts: ["12", "12", "12"], shape: nil, signs: false) == "12")
        // Two alike and one other: a fourth giving the other value ties them.
        #expect(R.settledWhatever(texts: ["12", "12", "17"], shape: nil, signs: false) == nil)
        // Two alike and nothing: no value a fourth could give ties them, but a signed one
        // (where the whitelist has signs) takes the unsigned value away.
        #expect(R.settledWhatever(texts: ["12", "12", ""], shape: nil, signs: false) == "12")
        #expect(R.settledWhatever(texts: ["12", "12", "12"], shape: nil, signs: true) == nil)
        // The shapes vote: two readings and the shapes' digits are not tied by one more.
        #expect(R.settledWhatever(texts: ["12", "12", "17"], shape: .digits("12"), signs: false) == "12")
    }

    /// Over every combination of three readings and shapes: where `settledWhatever` says a cell
    /// is settled whatever a fourth reading gives, every fourth reading (values the three gave,
    /// values none gave, signed ones where the whitelist lets them be read) gives that value.
    @Test func aSkippedFourthReadingWouldNeverHaveChangedTheValue() {
        let alphabet = ["", "1", "7", "17", "-7", "+1"]
        let fourths = alphabet + ["9", "71", "-1", "-17", "+7", "+17", "-9", "8888"]
        let shapes: [NumberRereader.ShapeReading?] = [nil, .digits("1"), .digits("7"), .digits("-7"), .digits("+17"), .twoLines, .sign("-"), .glyphs(2)]
        var skipped = 0
        for a in alphabet { for b in alphabet { for c in alphabet { for shape in shapes { for signs in [false, true] {
            let texts = [a, b, c]
            guard let value = NumberRereader.settledWhatever(texts: texts, shape: shape, signs: signs) else { continue }
            skipped += 1
            for fourth in fourths where signs || !(fourth.hasPrefix("-") || fourth.hasPrefix("+")) {
                #expect(NumberRereader.settled(tesseract: texts + [fourth], shape: shape) == value,
                        "\(texts) + \(fourth), \(String(describing: shape)), signs \(signs)")
            }
        } } } } }
        #expect(skipped > 0)
    }

    /// A table's values stand apart on their line; a number inside a sentence does not, nor a
    /// mark the row reading put back (line -1), nor a speck or a block of lines read as a digit.
    @Test func numbersStandingApartAreTheOnesReadAgainOnTheirOwn() {
        func word(_ text: String, _ x0: Int, _ x1: Int, line: Int = 0, y0: Int = 10, height: Int = 30) -> RecognizedWord {
            RecognizedWord(text: text, box: PixelRect(x0: x0, y0: y0, x1: x1, y1: y0 + height), confidence: 90, symbols: [], line: line)
        }
        let words = [
            // A table's row: its label, then values far apart.
            word("规章", 0, 100), word("1", 300, 318), word("0", 500, 520), word("11", 700, 740),
            // A sentence: the number close to the words around it.
            word("共收到申请", 0, 150, line: 1, y0: 60), word("12", 160, 190, line: 1, y0: 60), word("件", 200, 230, line: 1, y0: 60),
            // A number on a line of its own, and a mark the row reading put back.
            word("96171.6", 300, 420, line: 2, y0: 110), word("7", 900, 918, line: -1, y0: 110),
        ]
        #expect(NumberRereader.standingApart(words) == [1, 2, 3, 7])
        // Two of its heights is the reach: one pixel less and the neighbour is close.
        let close = [word("规章", 0, 100), word("5", 159, 177)]
        #expect(NumberRereader.standingApart(close).isEmpty)
        let speck = word("0", 300, 306, height: 6), block = word("0", 300, 700, height: 200)
        let typical = { (words: [RecognizedWord]) in NumberRereader.typicalNumberHeight(words) }
        #expect(NumberRereader.looksLikeDigits(words[2], typical: typical(words)))
        #expect(!NumberRereader.looksLikeDigits(speck, typical: typical(words + [speck])))
        #expect(!NumberRereader.looksLikeDigits(block, typical: typical(words + [block])))
        // A misread with digits missing keeps the box of all its ink: its width is no guide.
        #expect(NumberRereader.looksLikeDigits(word("0", 300, 420), typical: typical(words)))
        // A page with no number read has no typical height: nothing is taken for digits.
        #expect(NumberRereader.typicalNumberHeight([words[0]]) == nil)
    }
}
