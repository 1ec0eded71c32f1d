import IngestKit
import Testing
@testable import Cleanup

/// Cleans raw lines (one page, or several pages) with the stage's default options.
private func clean(_ lines: [String]...) throws -> [String] {
    let stage = try TextCleanup(options: StageOptions(values: [:], specs: TextCleanup.options))
    let pages = lines.enumerated().map { i, page in
        Page(number: i + 1, text: page.joined(separator: "\n"), lines: page.map { TextLine(text: $0) })
    }
    return stage.clean(pages).lines.map(\.text).filter { !$0.isEmpty }
}

@Suite struct CleanupTests {
    @Test func spacesInsideCJKRunsAreRemoved() throws {
        #expect(try clean(["本年 度办 理结 果", "（三）不予公 开"]) == ["本年度办理结果", "（三）不予公开"])
    }

    @Test func numbersSeparatedBySpacesStayApart() throws {
        #expect(try clean(["一、本年新收政府信息公开申请数量 29 2 0 0 0 0 31"]) == ["一、本年新收政府信息公开申请数量 29 2 0 0 0 0 31"])
    }

    @Test func aLineBrokenMidSentenceIsRejoinedAcrossABlankLine() throws {
        #expect(try clean(["加强与邮政部门的沟通，导致申请件未能及时送达政务公开工作人员，因邮局投递不规范问", "", "题，加强对接。"])
            == ["加强与邮政部门的沟通，导致申请件未能及时送达政务公开工作人员，因邮局投递不规范问题，加强对接。"])
    }

    @Test func aLineEndingASentenceIsNotJoined() throws {
        #expect(try clean(["全年依法规范办结依申请公开 9 件。", "二是加大监管力度。"]) == ["全年依法规范办结依申请公开 9 件。", "二是加大监管力度。"])
    }

    @Test func aListItemOrHeadingStartsANewLine() throws {
        #expect(try clean(["持续做好政务新媒体运营维护工作，加强网站栏目维护和内容建设", "（二）依申请公开情况", "二、主动公开政府信息情况"])
            == ["持续做好政务新媒体运营维护工作，加强网站栏目维护和内容建设", "（二）依申请公开情况", "二、主动公开政府信息情况"])
    }

    @Test func aHeaderSetTwoCharactersALineIsReassembled() throws {
        #expect(try clean(["三、本年", "", "度办理", "", "结果", "（一）予以公开 2 0 0 0 0 0 2"])
            == ["三、本年度办理结果", "（一）予以公开 2 0 0 0 0 0 2"])
    }

    @Test func aShortTitleIsNotRunIntoTheParagraphBelow() throws {
        let long = "根据《中华人民共和国政府信息公开条例》规定和《国务院办公厅关于印发年度报告格式的通知》"
        #expect(try clean(["2024年政府信息公开工作年度报告", long]) == ["2024年政府信息公开工作年度报告", long])
    }

    @Test func pageNumbersAreDropped() throws {
        #expect(try clean(["正文。", "-1-", "第 2 页", "- 3 -", "第1页 共5页"]) == ["正文。"])
    }

    @Test func aBareNumberBetweenBlankLinesInsideADelimitedTableIsAPageNumber() throws {
        // A cell of a pipe or tab table is always inside a row: `3` set apart between two rows
        // is the page's number. One cell a line, or beside prose, it stays.
        let pipes = try clean(["| 2.重复申请 | 0 | 0 |", "", "3", "", "| 3.要求提供公开出版物 | 0 | 0 |"])
        #expect(!pipes.contains("3"))
        let tabs = try clean(["2.重复申请\t0\t0", "", "12", "", "3.要求提供公开出版物\t0\t0"])
        #expect(!tabs.contains("12"))
        #expect(try clean(["2.重复申请", "0", "", "3", "", "3.要求提供公开出版物"]).contains("3"))
        #expect(try clean(["| 2.重复申请 | 0 | 0 |", "3", "| 3.要求提供公开出版物 | 0 | 0 |"]).contains("3"))
    }

    @Test func aRunningHeaderRepeatedOnEveryPageIsDropped() throws {
        let header = "中宁县人民政府办公室文件"
        #expect(try clean([header, "第一页正文。"], [header, "第二页正文。"], [header, "第三页正文。"])
            == ["第一页正文。", "第二页正文。", "第三页正文。"])
    }

    @Test func fullWidthDigitsBecomeASCII() throws {
        #expect(try clean(["全年共受理申请３０件。"]) == ["全年共受理申请30件。"])
    }

    @Test func halfWidthPunctuationInsideCJKTextBecomesFullWidth() throws {
        #expect(try clean(["2024 年,永宁县(试点)发布信息;1,000 条。"]) == ["2024 年，永宁县（试点）发布信息；1,000 条。"])
    }

    @Test func markdownResidueIsRemoved() throws {
        #expect(try clean(["## **一、总体情况**", "**一是公开深度不够。**其他<br>处理，见[网站](http://a.gov.cn)。"])
            == ["一、总体情况", "一是公开深度不够。其他处理，见网站。"])
    }

    @Test func tabSeparatedRowsKeepTheirCellsAndLoseCJKSpaces() throws {
        #expect(try clean(["本年 度办 理结 果\t(三) 不予公 开\t4.保护第三方合法权 益\t0\t0"])
            == ["本年度办理结果\t（三）不予公开\t4.保护第三方合法权益\t0\t0"])
    }

    @Test func pipeRowsKeepTheirCells() throws {
        #expect(try clean(["| 结果 维持 | 其他<br>结果 |  0 |"]) == ["| 结果维持 | 其他结果 | 0 |"])
    }

    @Test func spaceAlignedColumnsKeepTheirPositions() throws {
        #expect(try clean(["规章          0      0", "行政规范 性文件  3      36"])
            == ["规章          0      0", "行政规范性文件   3      36"])
    }

    @Test func columnHeaderWordsKeepTheirSpaces() throws {
        #expect(try clean(["信息内容 本年制发件数 本年废止件数 现行有效件数"]) == ["信息内容 本年制发件数 本年废止件数 现行有效件数"])
    }

    @Test func everyCleanLineNamesTheExtractedLinesItCameFrom() throws {
        let stage = try TextCleanup(options: StageOptions(values: [:], specs: TextCleanup.options))
        let page = Page(number: 1, text: "", lines: ["全年依法规范办结依申请公开 9 件，发生因政", "", "府信息公开申请引起行政复议 1 件。"].map { TextLine(text: $0) })
        let line = stage.clean([page]).lines.first { !$0.text.isEmpty }
        #expect(line?.origin == [LineRef(page: 1, line: 0), LineRef(page: 1, line: 2)])
    }

    @Test func anUnusableOptionValueIsRejectedWithItsName() {
        #expect(throws: StageError.self) {
            try TextCleanup(options: StageOptions(values: ["max_fragment_width": -1], specs: TextCleanup.options))
        }
    }
}

@Suite struct LayoutFragmentTests {
    @Test func aLabelPieceBesideAlignedColumnsKeepsItsSpacesAndItsLine() throws {
        let lines = ["          2.其他法律行政法", "                       0      0      0", "          规禁止公开"]
        #expect(try clean(lines) == lines)
    }

    @Test func proseFarFromAnyTableIsStillJoined() throws {
        #expect(try clean(["全年依法规范办结依申请公开 9 件，发生因政", "府信息公开申请引起行政复议 1 件。"])
            == ["全年依法规范办结依申请公开 9 件，发生因政府信息公开申请引起行政复议 1 件。"])
    }
}
