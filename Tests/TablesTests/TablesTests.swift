import IngestKit
import Testing
@testable import Tables

/// The tables the stage recovers from cleaned lines, as rows of `[column]text`.
private func grids(_ lines: [String]) throws -> [[String]] {
    let stage = try TableRecovery(options: StageOptions(values: [:], specs: TableRecovery.options))
    let text = CleanText(lines: lines.enumerated().map { CleanLine(text: $0.element, origin: [LineRef(page: 1, line: $0.offset)]) })
    return stage.reader.tables(in: text).map { table in
        table.rows.map { row in row.map { "[\($0.column)]\($0.text)" }.joined(separator: " ") }
    }
}

@Suite struct TablesTests {
    @Test func aMarkdownTableKeepsSpilledCellsWhereTheTextPutThem() throws {
        let rows = try grids([
            "| 信息内容 | 本年制发件数 |",
            "|---|---|",
            "| | (三) 不予公开 | 1.属于国家秘密 | 0 | 0 |",
        ])
        #expect(rows == [["[0]信息内容 [1]本年制发件数", "[1](三) 不予公开 [2]1.属于国家秘密 [3]0 [4]0"]])
    }

    @Test func aMarkdownTableContinuedAfterAPageBreakIsJoined() throws {
        let rows = try grids([
            "| (五) 不予 | 1.信访举报投诉类申请 | 0 |",
            "| 一、本年新收 | | 9 |",
            "",
            "| | | |",
            "|--|--|--|",
            "| 处理 | 2.重复申请 | 0 |",
        ])
        #expect(rows.count == 1)
        #expect(rows.first?.last == "[0]处理 [1]2.重复申请 [2]0")
    }

    @Test func tabSeparatedRowsBecomeColumns() throws {
        let rows = try grids(["规章\t0\t0\t0", "行政规范性文件\t2\t2\t31"])
        #expect(rows == [["[0]规章 [1]0 [2]0 [3]0", "[0]行政规范性文件 [1]2 [2]2 [3]31"]])
    }

    @Test func aLabelWrappedOntoTheNextLineAcrossAPageBreakIsJoinedToItsRow() throws {
        let rows = try grids(["\t\t2.没有现成信息需要\t0\t0", "", "\t\t另行制作\t\t", "\t\t3.补正后申请内容仍不明确\t0\t0"])
        #expect(rows == [["[2]2.没有现成信息需要另行制作 [3]0 [4]0", "[2]3.补正后申请内容仍不明确 [3]0 [4]0"]])
    }

    @Test func aHeaderSetOneCharacterALineIsReassembledColumnByColumn() throws {
        let rows = try grids(["结果维\t结果纠\t总计", "持\t正\t", "0\t1\t1"])
        #expect(rows == [["[0]结果维持 [1]结果纠正 [2]总计", "[0]0 [1]1 [2]1"]])
    }

    @Test func spaceAlignedColumnsAreFoundWhereNoRowHasText() throws {
        func gap(_ n: Int) -> String { String(repeating: " ", count: n) }
        let rows = try grids([
            "信息内容" + gap(8) + "本年制发件数" + gap(3) + "本年废止件数",
            "规章" + gap(13) + "2" + gap(8) + "0",
            "行政规范性文件" + gap(7) + "15" + gap(8) + "12",
        ])
        #expect(rows == [["[0]信息内容 [1]本年制发件数 [2]本年废止件数", "[0]规章 [1]2 [2]0", "[0]行政规范性文件 [1]15 [2]12"]])
    }

    @Test(arguments: [true, false]) func columnsAreCountedInTheWidthTheyLineUpIn(display: Bool) throws {
        // Text padded for a monospaced font (an ideograph two wide), or by characters as
        // `pdftotext -layout` pads: counted the other way, `123291` after a four-ideograph
        // label starts left of `2012` after a ten-ideograph one, under 本年增/减.
        func padded(_ cells: [String]) -> String {
            zip(cells, [0, 23, 36, 49]).reduce("") { line, cell in
                guard !cell.0.isEmpty else { return line }
                let width = display ? line.reduce(0) { $0 + $1.displayWidth } : line.count
                return line + String(repeating: " ", count: max(cell.1 - width, line.isEmpty ? 0 : 2)) + cell.0
            }
        }
        let rows = try grids([padded(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]), padded(["规章", "0", "0", "0"]),
                              padded(["规范性文件", "1810", "1810", "1810"]), padded(["行政许可", "", "", "123291"]),
                              padded(["其他对外管理服务事项", "", "", "2012"]), padded(["行政处罚", "", "7", ""])])
        #expect(rows == [["[0]信息内容 [1]上一年项目数量 [2]本年增/减 [3]处理决定数量", "[0]规章 [1]0 [2]0 [3]0", "[0]规范性文件 [1]1810 [2]1810 [3]1810",
                          "[0]行政许可 [3]123291", "[0]其他对外管理服务事项 [3]2012", "[0]行政处罚 [2]7"]])
    }

    @Test func cellPerLineRowsPutTheLabelFirstAndNumbersAfter() throws {
        let rows = try grids(["信息内容 本年制发件数 本年废止件数", "规章 2 0", "", "行政规范性文件 5 2"])
        #expect(rows == [["[0]信息内容 [1]本年制发件数 [2]本年废止件数", "[0]规章 [1]2 [2]0", "[0]行政规范性文件 [1]5 [2]2"]])
    }

    @Test func aLabelOnTheLineAboveItsNumbersBelongsToThem() throws {
        let rows = try grids(["1.属于国家秘密 0 0 0", "5.要求行政机关确认或重新出具已获取信息", "", "0 1 1"])
        #expect(rows == [["[0]1.属于国家秘密 [1]0 [2]0 [3]0", "[0]5.要求行政机关确认或重新出具已获取信息 [1]0 [2]1 [3]1"]])
    }

    @Test func aRowWhoseNumbersBrokeOverTwoLinesIsJoined() throws {
        let rows = try grids(["1.属于国家秘密 0 0 0", "2.其他 0 0", "", "7", "3.重复申请 1 1 2"])
        #expect(rows == [["[0]1.属于国家秘密 [1]0 [2]0 [3]0", "[0]2.其他 [1]0 [2]0 [3]7", "[0]3.重复申请 [1]1 [2]1 [3]2"]])
    }

    @Test func numbersPrintedOneALineMakeOneRowUnderTheirWrappedLabel() throws {
        let rows = try grids(["1.属于国家秘密", "0", "", "1", "", "2", "2.其他法律行政法", "规禁止公开", "3", "4", "5"])
        #expect(rows == [["[0]1.属于国家秘密 [1]0 [2]1 [3]2", "[0]2.其他法律行政法规禁止公开 [1]3 [2]4 [3]5"]])
    }

    @Test func aRunOfNumbersOneALineAsLongAsTwoRowsIsCutIntoRows() throws {
        let rows = try grids(["1.甲", "1", "2", "3", "2.乙", "4", "5", "6", "7", "8", "9"])
        #expect(rows == [["[0]1.甲 [1]1 [2]2 [3]3", "[0]2.乙 [1]4 [2]5 [3]6", "[1]7 [2]8 [3]9"]])
    }

    @Test func proseEndingInANumberIsNotATable() throws {
        #expect(try grids(["本报告统计数据从 2024年 1月 1日至 12", "月 31日，全年发布信息 30"]).isEmpty)
    }

    @Test func cellsKeepTheCleanedLineTheyCameFrom() throws {
        let stage = try TableRecovery(options: StageOptions(values: [:], specs: TableRecovery.options))
        let text = CleanText(lines: ["正文。", "规章\t0", "行政许可\t7"].map { CleanLine(text: $0, origin: []) })
        let cell = stage.reader.tables(in: text).first?.rows.last?.last
        #expect(cell?.line == 2 && cell?.text == "7")
    }

    @Test func anUnknownLayoutIsRejectedWithTheKnownOnes() {
        #expect(throws: StageError.self) {
            try TableRecovery(options: StageOptions(values: ["layouts": ["ocr"]], specs: TableRecovery.options))
        }
    }
}

@Suite struct LayoutTableTests {
    func gap(_ n: Int) -> String { String(repeating: " ", count: n) }

    /// Each row's cells, texts only, joined by `|`.
    func texts(_ lines: [String]) throws -> [String] {
        let stage = try TableRecovery(options: StageOptions(values: [:], specs: TableRecovery.options))
        let text = CleanText(lines: lines.map { CleanLine(text: $0, origin: []) })
        return stage.reader.tables(in: text).flatMap { $0.rows.map { $0.map(\.text).joined(separator: "|") } }
    }

    @Test func labelPiecesPrintedAboveAndBelowARowOfNumbersGoBackToIt() throws {
        let rows = try texts([
            gap(10) + "1.属于国家秘密" + gap(6) + "0" + gap(6) + "0",
            gap(10) + "2.其他法律行政法",
            gap(23) + "1" + gap(6) + "2",
            gap(10) + "规禁止公开",
            gap(10) + "3.危及安全",
            gap(23) + "3" + gap(6) + "4",
        ])
        #expect(rows == ["1.属于国家秘密|0|0", "2.其他法律行政法规禁止公开|1|2", "3.危及安全|3|4"])
    }

    @Test func aHeaderRowOfSeveralCellsKeepsItsOwnPlace() throws {
        let rows = try texts([
            gap(3) + "信息内容" + gap(5) + "本年制发件数" + gap(3) + "现行有效件数",
            gap(3) + "规章" + gap(11) + "2" + gap(13) + "9",
            gap(14) + "第二十条第（五）项",
            gap(3) + "信息内容" + gap(5) + "本年处理决定数量",
            gap(3) + "行政许可" + gap(9) + "7",
        ])
        #expect(rows == ["信息内容|本年制发件数|现行有效件数", "规章|2|9", "第二十条第（五）项", "信息内容|本年处理决定数量", "行政许可|7"])
    }
}
