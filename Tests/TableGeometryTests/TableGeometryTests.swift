import Foundation
import IngestKit
import Testing
@testable import TableGeometry

/// Builds a page the way extract.pdf delivers one: text with one box per Unicode scalar.
/// Each placed string is one line of the page's text; CJK glyphs are 10.5 pt wide, others 5.8.
struct PageSketch {
    var number = 1
    var placed: [(String, Double, Double)] = []

    mutating func put(_ text: String, x: Double, y: Double) { placed.append((text, x, y)) }

    /// Text written vertically, one glyph under the other.
    mutating func putVertical(_ text: String, x: Double, y: Double) {
        for (i, ch) in text.enumerated() { put(String(ch), x: x, y: y + Double(i) * 10.5) }
    }

    var page: Page {
        var text = ""
        var boxes: [Box] = []
        var lines: [TextLine] = []
        for (string, x, y) in placed {
            var cursor = x
            for scalar in string.unicodeScalars {
                let width = scalar.value > 0x2E80 ? 10.5 : 5.8
                boxes.append(scalar == " " ? Box(x0: cursor, y0: y, x1: cursor + 3, y1: y + 13.7)
                                           : Box(x0: cursor, y0: y, x1: cursor + width, y1: y + 13.7))
                cursor += scalar == " " ? 3 : width
            }
            text += string + "\n"
            boxes.append(Box(x0: cursor, y0: y, x1: cursor, y1: y + 13.7))
            lines.append(TextLine(text: string, box: Box(x0: x, y0: y, x1: cursor, y1: y + 13.7)))
        }
        return Page(number: number, width: 595, height: 842, text: text, lines: lines, glyphs: GlyphBoxes(boxes))
    }
}

/// Column centres of seven number columns.
let columnX: [Double] = [270, 308, 346, 384, 423, 461, 499]

extension PageSketch {
    mutating func numbers(_ values: [String], y: Double) {
        for (value, x) in zip(values, columnX) { put(value, x: x, y: y) }
    }
}

func cells(_ row: [Cell]) -> [Int: String] {
    Dictionary(uniqueKeysWithValues: row.map { ($0.column, $0.text) })
}

@Suite struct PageWordsTests {
    @Test func wordsBreakAtWideGapsAndLineBreaks() {
        var sketch = PageSketch()
        sketch.put("行政许可", x: 120, y: 100)
        sketch.put("637", x: 354, y: 100)
        let words = PageWords.words(of: sketch.page)
        #expect(words.map(\.text) == ["行政许可", "637"])
        #expect(words[1].box.x0 == 354)
    }

    @Test func aSignPrintedApartJoinsItsNumber() {
        var sketch = PageSketch()
        sketch.put("+ 54", x: 300, y: 100)
        #expect(PageWords.words(of: sketch.page).map(\.text) == ["+54"])
    }

    @Test func numbersAreRecognisedAsTablesPrintThem() {
        let word = { (text: String) in PageWord(text: text, box: Box(x0: 0, y0: 0, x1: 10, y1: 10), page: 1) }
        #expect(word("3985758").isNumber && PrintedNumber.parse("3985758") == 3985758)
        #expect(word("96171.6").isNumber && PrintedNumber.parse("96171.6") == 96171.6)
        #expect(word("-66").isNumber && PrintedNumber.parse("-66") == -66)
        #expect(!word("-3-").isNumber)
        #expect(!word("1.属于国家秘密").isNumber)
    }
}

@Suite struct GeometryTablesTests {
    /// The opening of table 三 as LibreOffice/Word print it.
    func applicationsPage() -> PageSketch {
        var s = PageSketch()
        s.put("三、收到和处理政府信息公开申请情况", x: 111, y: 251)
        s.put("申请人情况", x: 361, y: 275)
        s.put("法人或其他组织", x: 351, y: 292)
        s.put("自然人", x: 258, y: 308)
        for (text, x) in zip(["商业企", "科研机", "社会公", "法律服"], [296.0, 334, 372, 410]) { s.put(text, x: x, y: 309.5) }
        for (text, x) in zip(["业", "构", "益组织", "务机构"], [306.0, 344, 372, 410]) { s.put(text, x: x, y: 323.5) }
        s.put("其他", x: 453, y: 316)
        s.put("总计", x: 492, y: 308)
        s.put("一、本年新收政府信息公开申请数量", x: 81, y: 341)
        s.numbers(["18", "4", "3", "4", "3", "0", "32"], y: 341)
        s.put("（二）部分公开（区分处理", x: 110, y: 392.7)
        s.put("的，只计这一情形，不计其他", x: 110, y: 406.7)
        s.put("情形）", x: 110, y: 420.7)
        s.numbers(["3", "0", "0", "0", "0", "0", "3"], y: 406.7)
        s.putVertical("三、本年度办理结果", x: 95, y: 430)
        s.put("（三）不", x: 114.3, y: 452)
        s.put("予公开", x: 119.6, y: 466)
        s.put("1.属于国家秘密", x: 163.5, y: 438)
        s.numbers(["0", "0", "0", "0", "0", "0", "0"], y: 438)
        s.put("2.其他法律行政法", x: 163.5, y: 455.3)
        s.put("规禁止公开", x: 163.5, y: 469.3)
        s.numbers(["1", "0", "0", "0", "0", "0", "1"], y: 462.3)
        s.put("-3-", x: 292, y: 757)
        s.put("四、政府信息公开行政复议、行政诉讼情况", x: 100, y: 780)
        return s
    }

    @Test func aLabelWrappedOverTwoLinesJoinsTheRowOfItsNumbers() throws {
        let table = try #require(GeometryTables.tables(in: [applicationsPage().page]).first)
        let row = try #require(table.rows.first { cells($0)[1] == "2.其他法律行政法规禁止公开" })
        #expect(cells(row)[2] == "1" && cells(row)[8] == "1")
    }

    @Test func aLabelWrappedOverThreeLinesIsReassembled() throws {
        let table = try #require(GeometryTables.tables(in: [applicationsPage().page]).first)
        #expect(table.rows.contains { cells($0)[1] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" })
    }

    @Test func mergedAndVerticalRowLabelsCoverEveryRowTheySpan() throws {
        let table = try #require(GeometryTables.tables(in: [applicationsPage().page]).first)
        let secret = try #require(table.rows.first { cells($0)[1] == "1.属于国家秘密" })
        let law = try #require(table.rows.first { cells($0)[1] == "2.其他法律行政法规禁止公开" })
        #expect(cells(secret)[0] == "三、本年度办理结果 / （三）不予公开")
        #expect(cells(law)[0] == cells(secret)[0])
    }

    @Test func aHeaderWiderThanAColumnSpansTheColumnsItCovers() throws {
        let table = try #require(GeometryTables.tables(in: [applicationsPage().page]).first)
        let spanning = table.rows.flatMap { $0 }.first { $0.text == "法人或其他组织" }
        #expect((spanning?.columnSpan ?? 0) >= 2)
        let leaves = table.rows.first { row in row.contains { $0.text == "自然人" } }.map(cells)
        #expect(leaves?[2] == "自然人" && leaves?[3] == "商业企业" && leaves?[6] == "法律服务机构" && leaves?[8] == "总计")
    }

    @Test func pageNumbersDoNotBecomeRows() throws {
        let table = try #require(GeometryTables.tables(in: [applicationsPage().page]).first)
        #expect(!table.rows.flatMap { $0 }.contains { $0.text.contains("3-") })
        #expect(table.rows.filter { row in row.contains { $0.column >= 2 && PrintedNumber.isNumber($0.text) } }.count == 4)
    }

    @Test func pageNumbersAreToldByTheirFormAndPlaceAndLabelWordsAreNot() {
        let page = Page(number: 1, width: 595, height: 842, text: "", lines: [])
        func word(_ text: String, x: Double = 60, y: Double = 100) -> PageWord {
            PageWord(text: text, box: Box(x0: x, y0: y, x1: x + 12, y1: y + 10), page: 1)
        }
        for text in ["-3-", "— 3 —", "－12－", "–7–", "第 3 页", "第3页", " -3- "] {
            #expect(GeometryTables.isPageNumber(word(text), on: page), "\(text)")
        }
        // A bare number is one only centred in the bottom margin.
        #expect(GeometryTables.isPageNumber(word("12", x: 291, y: 790), on: page))
        #expect(!GeometryTables.isPageNumber(word("12"), on: page))
        for text in ["本年新收政府信息公开申请数量", "第三方", "3-", "-3", "1234", "总计", "（一）予以公开"] {
            #expect(!GeometryTables.isPageNumber(word(text, x: 291, y: 790), on: page), "\(text)")
        }
    }

    @Test func aTableContinuedOnTheNextPageKeepsItsRowsAndColumns() throws {
        var first = applicationsPage()
        first.placed.removeLast()  // the next heading moves to page 2
        var second = PageSketch(number: 2)
        second.put("3.补正后申请内容", x: 163.5, y: 73)
        second.put("仍不明确", x: 163.5, y: 87)
        second.numbers(["0", "1", "0", "0", "0", "0", "1"], y: 80)
        second.put("（七）总计", x: 110, y: 100)
        second.numbers(["30", "1", "0", "0", "0", "0", "31"], y: 100)
        second.put("四、政府信息公开行政复议、行政诉讼情况", x: 100, y: 200)
        let tables = GeometryTables.tables(in: [first.page, second.page])
        #expect(tables.count == 2)
        let rows = tables[1].rows.map(cells)
        #expect(rows.map { $0[1] } == ["3.补正后申请内容仍不明确", "（七）总计"])
        #expect(rows[0][0] == nil, "the merged label above the page break is not repeated")
        #expect(rows[1][2] == "30" && rows[1][8] == "31")
        #expect(tables[1].rows.flatMap { $0 }.allSatisfy { $0.page == 2 && $0.box != nil })
    }

    @Test func aNegativeNumberIsNotMistakenForAPageNumber() throws {
        var s = applicationsPage()
        s.put("（七）总计", x: 110, y: 500)
        s.numbers(["-20", "1", "0", "0", "0", "0", "-19"], y: 500)
        let table = try #require(GeometryTables.tables(in: [s.page]).first)
        let total = try #require(table.rows.first { cells($0)[1] == "（七）总计" })
        #expect(cells(total)[2] == "-20" && cells(total)[8] == "-19")
    }

    @Test func aRowWithABlankCellLeavesThatColumnOut() throws {
        var s = applicationsPage()
        s.put("（七）总计", x: 110, y: 500)
        for (value, x) in zip(["9", "9"], [columnX[0], columnX[6]]) { s.put(value, x: x, y: 500) }
        let table = try #require(GeometryTables.tables(in: [s.page]).first)
        let total = try #require(table.rows.first { cells($0)[1] == "（七）总计" })
        #expect(cells(total).keys.filter { $0 >= 2 }.sorted() == [2, 8])
    }

    @Test func aSubTableHeaderBetweenRowsStaysAHeaderAndNoRowsLabel() throws {
        var s = PageSketch()
        s.put("二、主动公开政府信息情况", x: 111, y: 60)
        s.put("行政许可", x: 120.8, y: 108)
        s.put("637", x: 354.2, y: 108)
        s.put("第二十条第（六）项", x: 253.4, y: 125.3)
        s.put("信息内容", x: 120.8, y: 142.6)
        s.put("本年处理决定数量", x: 321, y: 142.6)
        s.put("行政处罚", x: 120.8, y: 160)
        s.put("101", x: 355.1, y: 160)
        s.put("三、收到和处理政府信息公开申请情况", x: 111, y: 251)
        let table = try #require(GeometryTables.tables(in: [s.page]).first)
        let rows = table.rows.map(cells)
        #expect(rows.map { $0[1] } == ["行政许可", nil, "信息内容", "行政处罚"])
        #expect(rows[1][2] == "第二十条第（六）项" && rows[2][2] == "本年处理决定数量")
        #expect(rows[0][2] == "637" && rows[3][2] == "101")
    }

    @Test func textPagesWithoutGlyphBoxesGiveNoTables() {
        let page = Page(number: 1, text: "三、收到和处理政府信息公开申请情况\n1 2 3", lines: [TextLine(text: "三、收到和处理政府信息公开申请情况")])
        #expect(GeometryTables.tables(in: [page]).isEmpty)
    }
}
