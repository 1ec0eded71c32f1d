import IngestKit
import Testing
@testable import AnnualReport

private let table二2021 = [
    "二、主动公开政府信息情况",
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "规章\t0\t0\t0", "行政规范性文件\t1\t2\t4",
    "信息内容\t本年处理决定数量", "行政许可\t5", "行政处罚\t0", "行政强制\t0",
    "信息内容\t本年收费金额（单位：万元）", "行政事业性收费\t1.5",
]

@Suite struct LabelMatchingTests {
    let table = ApplicationsTable(minSimilarity: 0.6)

    @Test func aTypoInALabelStillMatchesItsRow() {
        #expect(table.match("2.其他法律行政止公开", context: "三")?.0.key == "denied_prohibited_by_law")
    }

    @Test func aNumberedSubRowIsReadInTheGroupAboveIt() {
        #expect(table.match("3.其他", context: "六")?.0.key == "other_other")
        #expect(table.match("2.重复申请", context: "五")?.0.key == "rejected_duplicate")
    }

    @Test func aLabelWrittenShortMatchesTheTemplateLabel() {
        #expect(table.match("（二）部分公开", context: nil)?.0.key == "partially_granted")
    }

    @Test func theSingleOtherProcessingRowIsToldApartFromItsSubRows() {
        #expect(table.match("（六）其他处理", context: "五")?.0.key == "other_processing")
    }
}

@Suite struct AnnualReportTests {
    @Test func theFormatIsDecidedByTheColumnsOfTable二() async throws {
        let doc = try await Pipeline.run(["二、主动公开政府信息情况", "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量", "规章\t0\t0\t0", "规范性文件\t3\t3\t7"])
        #expect(doc.record["report"]["format"] == "2019")
        #expect(doc.record["tables"]["active_disclosure"]["normative_documents"]["total_published"] == 7)
    }

    @Test func table二ItemsAreMappedByLabelAndHeader() async throws {
        let doc = try await Pipeline.run(table二2021)
        let table = doc.record["tables"]["active_disclosure"]
        #expect(table["normative_documents"]["repealed"] == 2)
        #expect(table["licensing"]["decisions"] == 5)
        #expect(table["fees"]["amount"] == 1.5)
    }

    @Test func a2019SignedChangeIsReadWithItsSign() async throws {
        let doc = try await Pipeline.run(["二、主动公开政府信息情况", "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
                                          "行政许可\t74\t+ 54\t13383", "行政强制\t209\t-66\t91"])
        #expect(doc.record["tables"]["active_disclosure"]["licensing"]["change"] == 54)
        #expect(doc.record["tables"]["active_disclosure"]["coercion"]["change"] == -66)
    }

    @Test func rowsLostWithAPageAreNullAndTheRestStillMapByLabel() async throws {
        let lost: Set = ["new_received", "carried_over", "granted", "partially_granted", "denied_state_secret"]
        let doc = try await Pipeline.run(table二2021 + Pipeline.applicationsRows(["total": [5, 0, 0, 0, 0, 0, 5]], omit: lost))
        let rows = doc.record["tables"]["applications"]["rows"]
        #expect(rows["new_received"].numbers == Array(repeating: nil, count: 7))
        #expect(rows["total"].numbers == [5, 0, 0, 0, 0, 0, 5])
        #expect(doc.issues.contains { $0.message.contains("new_received") && $0.message.contains("null") })
    }

    @Test func a2021ReportPrintingOtherProcessingAsOneRowLeavesTheSubRowsNull() async throws {
        let split: Set = ["other_no_correction", "other_fee_unpaid", "other_other"]
        let rows = Pipeline.applicationsRows(omit: split).flatMap { $0.hasPrefix("（七）") ? ["\t（六）其他处理\t0\t0\t0\t0\t0\t0\t0", $0] : [$0] }
        let doc = try await Pipeline.run(table二2021 + rows)
        let record = doc.record["tables"]["applications"]["rows"]
        #expect(record["other_processing"].numbers == Array(repeating: 0, count: 7))
        #expect(record["other_other"].numbers == Array(repeating: nil, count: 7))
        #expect(doc.issues.contains { $0.message.contains("other_processing") })
    }

    @Test func aFailedRuleIsReportedInChecksAndExplainedInIssues() async throws {
        let doc = try await Pipeline.run(table二2021 + Pipeline.applicationsRows(["new_received": [3, 0, 0, 0, 0, 0, 3]]))
        let balance = doc.record["checks"].arrayValue?.first { $0["rule"] == "applications.balance" }
        #expect(balance?["ok"] == false)
        #expect(doc.issues.contains { $0.message.contains("applications.balance") })
        #expect(doc.record["tables"]["applications"]["rows"]["new_received"].numbers == [3, 0, 0, 0, 0, 0, 3])
    }

    @Test func everyRuleIsChecked() async throws {
        let doc = try await Pipeline.run(table二2021 + Pipeline.applicationsRows())
        let rules = doc.record["checks"].arrayValue?.compactMap { $0["rule"].stringValue }
        #expect(rules == ["applications.balance", "applications.outcome_sum", "applications.row_total",
                          "review_litigation.group_total", "narrative.applications"])
    }

    @Test func aShiftedTable四RowIsSettledByTheNarrativeAndSaidInIssues() async throws {
        let doc = try await Pipeline.run([
            "一、总体情况", "全年办结依申请公开 9 件，发生因政府信息公开申请引起的行政复议 1 件。",
            "四、政府信息公开行政复议、行政诉讼情况",
            "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |",
            "|--|--|--|--|--|--|--|--|--|--|--|--|--|--|--|",
            "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |",
            "| | | | | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
            "| | | | | | 0 | 0 | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |",
        ])
        let table = doc.record["tables"]["review_litigation"]
        #expect(table["review"]["total"] == 1)
        #expect(table["litigation_after_review"]["total"] == .null)
        #expect(doc.issues.contains { $0.message.contains("narrative") && $0.message.contains("行政复议 1 件") })
    }

    /// OCR could not read a cell of table 二 (`⍰`) and lost another outright, under a header
    /// whose last two cells ran together and a speck read as a cell before them (the columns
    /// no longer line up): the number left is not put under the header column it stands in,
    /// and a row whose marks and number fill its columns reads in order.
    @Test func table二UnreadMarksHoldTheirPlaces() {
        let u = String(PrintedNumber.unreadable)
        let lines = [["信息内容", "。", "本年制发件数", "本年废止件数现行有效件数"], ["规章", u, "11"], ["行政规范性文件", u, u, "66"]]
        let rows = lines.enumerated().map { r, texts in
            TableRow(cells: texts.enumerated().map { Cell(text: $1, row: r, column: $0) }, table: 0, section: .activeDisclosure)
        }
        var findings = Findings()
        let table = ActiveDisclosureTable(minSimilarity: 0.6).read(rows, isItem: { $0 > 0 }, format: .v2021, findings: &findings).values
        #expect(table["regulations"]["issued"] == .null)
        #expect(table["regulations"]["in_force"] == .null)
        #expect(table["normative_documents"]["in_force"] == 66)
        #expect(table["normative_documents"]["issued"] == .null)
    }

    /// A label of table 二 whose end OCR lost (`行政` of `行政许可` or `行政处罚`) names no item:
    /// it is as close to two of them, and taking either would put one item's number in another's
    /// row.
    @Test func aLabelAsCloseToTwoItemsNamesNeither() {
        let table = ActiveDisclosureTable(minSimilarity: 0.6)
        #expect(table.item(for: "行政", format: .v2021) == nil)
        #expect(table.item(for: "行政许可", format: .v2021)?.0.key == "licensing")
        #expect(table.item(for: "行政处", format: .v2021)?.0.key == "punishment")
        #expect(LabelText.closest([("a", 0.5), ("b", 0.5)]) == nil)
        #expect(LabelText.closest([("a", 0.5), ("b", 0.7), ("c", 0.5)])?.0 == "b")
        #expect(LabelText.closest([(String, Double)]()) == nil)
    }

    /// OCR left a group unread (`⍰` in each of its cells): the marks keep their columns, so the
    /// other groups' numbers stay under their own headers, whichever group it is.
    @Test func table四UnreadMarksKeepTheirColumns() async throws {
        let values = [2, 0, 0, 2, 4, 0, 1, 0, 1, 2, 3, 0, 0, 0, 3]
        for unread in 0..<3 {
            let cells = values.enumerated().map { k, v in k / 5 == unread ? String(PrintedNumber.unreadable) : String(v) }
            let doc = try await Pipeline.run([
                "四、政府信息公开行政复议、行政诉讼情况",
                "行政复议\t\t\t\t\t行政诉讼",
                "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
                cells.joined(separator: "\t"),
            ])
            let table = doc.record["tables"]["review_litigation"]
            for (g, group) in ["review", "litigation_direct", "litigation_after_review"].enumerated() {
                let got = ["upheld", "corrected", "other", "pending", "total"].map { table[group][$0] }
                let expected: [JSONValue] = (0..<5).map { g == unread ? .null : JSONValue(Double(values[g * 5 + $0])) }
                #expect(got == expected, "unread group \(unread), \(group)")
            }
        }
    }

    @Test func table四HeadersSetOneCharacterALineStillMapTheColumns() async throws {
        let doc = try await Pipeline.run([
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议\t\t\t\t\t行政诉讼",
            "结 果 维\t结 果 纠\t其 他 结\t尚 未 审\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
            "\t\t\t\t\t结\t结\t其\t尚\t总\t结\t结\t其\t尚\t总",
            "持\t正\t果\t结\t\t维\t纠\t结\t审\t\t维\t纠\t结\t审\t",
            "2\t0\t1\t0\t3\t0\t0\t0\t0\t0\t0\t1\t0\t0\t1",
        ])
        let table = doc.record["tables"]["review_litigation"]
        #expect(table["review"]["other"] == 1)
        #expect(table["litigation_after_review"]["corrected"] == 1)
    }

    @Test func sectionHeadingsWrittenAsMarkdownOrBoldAreFound() async throws {
        let doc = try await Pipeline.run(["## **一、总体情况**", "全年共发布信息 90 条。", "#### 五、存在的主要问题及改进情况", "一是人员不足。",
                                          "**六、其他需要报告的事项**", "未收取信息处理费。"])
        #expect(doc.record["sections"]["overview"] == "全年共发布信息 90 条。")
        #expect(doc.record["sections"]["problems"] == "一是人员不足。")
        #expect(doc.record["sections"]["other_matters"] == "未收取信息处理费。")
    }

    @Test func aTableRowNumberedLikeASectionIsNotTakenForItsHeading() async throws {
        let doc = try await Pipeline.run(["某县2024年政府信息公开工作年度报告", "三、本年度办理结果", "正文。", "三、收到和处理政府信息公开申请情况"])
        #expect(doc.issues.contains { $0.message.contains("section headings not found") && !$0.message.contains("三、") })
    }

    @Test func aTitleSetOverTwoLinesGivesTheAgencyAndYear() async throws {
        let doc = try await Pipeline.run(["# 永宁县人民政府办公室", "", "## 2024 年政府信息公开工作年度报告", "", "一、总体情况", "正文。"])
        #expect(doc.record["report"]["agency"] == "永宁县人民政府办公室")
        #expect(doc.record["report"]["year"] == 2024)
        #expect(doc.record["report"]["title"] == "永宁县人民政府办公室 2024 年政府信息公开工作年度报告")
    }

    @Test func recordedCellsCiteTheLineTheyWereReadFrom() async throws {
        let doc = try await Pipeline.run(table二2021)
        let cited = doc.provenance["tables.active_disclosure.licensing.decisions"]
        #expect(cited?.text == "5")
        #expect(cited.flatMap { $0.line }.map { doc.text?.lines[$0].text.hasPrefix("行政许可") } == true)
    }

    @Test func narrativeCountsOfApplicationsAreRead() {
        let facts = NarrativeFacts(text: "全年共受理公民、法人和其他组织政府信息公开申请 30 件，办结 29 件，未经复议起诉 1 件。未发生因政府信息公开申请引起的行政复议。")
        #expect(facts.received?.count == 30)
        #expect(facts.handled?.count == 29)
        #expect(facts.litigationDirect?.count == 1)
        #expect(facts.review?.count == 0)
    }
}

@Suite struct GeometryTableTests {
    /// A document whose table 三 came from page geometry: header cells over the number
    /// columns, then rows of labels and numbers, some numbers left out.
    static func document(rows: [(String, [Int: Int])]) -> Document {
        var doc = Document(id: "geo", source: "geo.pdf")
        doc.text = CleanText(lines: ["三、收到和处理政府信息公开申请情况"].map { CleanLine(text: $0, origin: []) })
        let headers = ApplicationsVocabulary.columns.enumerated().map { Cell(text: $0.element.header, row: 0, column: 2 + $0.offset, page: 2) }
        let data = rows.enumerated().map { r, row in
            [Cell(text: row.0, row: r + 1, column: 1, page: 2)]
                + row.1.sorted { $0.key < $1.key }.map { Cell(text: String($0.value), row: r + 1, column: $0.key, page: 2, box: Box(x0: 1, y0: 2, x1: 3, y1: 4)) }
        }
        doc.tables = [Table(layout: "geometry", heading: "三、收到和处理政府信息公开申请情况", rows: [headers] + data)]
        return doc
    }

    @Test func numbersAreMappedByTheirHeaderColumnAndCiteTheirPageAndBox() async throws {
        let stage = try AnnualReportSchema(options: StageOptions(values: [:], specs: AnnualReportSchema.options))
        let doc = try await stage.process(Self.document(rows: [("1.属于国家秘密", [2: 1, 3: 0, 4: 0, 5: 0, 6: 0, 7: 2, 8: 3])]), in: Pipeline.context)
        #expect(doc.record["tables"]["applications"]["rows"]["denied_state_secret"].numbers == [1, 0, 0, 0, 0, 2, 3])
        #expect(doc.provenance["tables.applications.rows.denied_state_secret[5]"]?.box == Box(x0: 1, y0: 2, x1: 3, y1: 4))
    }

    @Test func aCellTheRowTotalPinsDownIsFilledAndSaidInIssues() async throws {
        let stage = try AnnualReportSchema(options: StageOptions(values: [:], specs: AnnualReportSchema.options))
        let doc = try await stage.process(Self.document(rows: [("（一）予以公开", [2: 4, 3: 1, 5: 0, 6: 0, 7: 0, 8: 7])]), in: Pipeline.context)
        #expect(doc.record["tables"]["applications"]["rows"]["granted"].numbers == [4, 1, 2, 0, 0, 0, 7])
        #expect(doc.issues.contains { $0.message.contains("granted research") && $0.message.contains("filled as 2") })
    }

    @Test func aCellIsNotFilledWhenTwoAreMissing() async throws {
        let stage = try AnnualReportSchema(options: StageOptions(values: [:], specs: AnnualReportSchema.options))
        let doc = try await stage.process(Self.document(rows: [("（一）予以公开", [2: 4, 5: 0, 6: 0, 7: 0, 8: 7])]), in: Pipeline.context)
        #expect(doc.record["tables"]["applications"]["rows"]["granted"].numbers == [4, nil, nil, 0, 0, 0, 7])
    }
}

@Suite struct ReportOpeningTests {
    func outline(_ lines: [String]) -> ReportOutline {
        ReportOutline(text: CleanText(lines: lines.map { CleanLine(text: $0, origin: []) }), tables: [], minSimilarity: 0.5)
    }

    @Test func aHeadingWhoseNumeralStandsOnALineOfItsOwnIsFound() {
        let report = outline(["一、总体情况", "全年主动公开信息 10 条。", "二、", "主动公开 政府 信息 情况", "规章 0 0 13",
                              "三、收到和处理政府信息公开申请情况"])
        #expect(report.headings[.activeDisclosure] == 3)
        #expect(report.headings[.applications] == 5)
        // The numeral is no part of the narrative above it.
        #expect(report.narrative(.overview) == "全年主动公开信息 10 条。")
        // A numeral alone before words that are not the heading is no heading.
        #expect(outline(["一、总体情况", "二、", "本年度办理结果", "三、收到和处理政府信息公开申请情况"]).headings[.activeDisclosure] == nil)
    }

    @Test func aHeadingWhoseMarkOCRSetApartOrLostIsFound() {
        let report = outline(["一、总体情况", "二 、 主动公开政府信息情况", "三  收到和处理政府信息公开申请情况",
                              "四  、  政府信息公开行政复议、行政诉讼情况"])
        #expect(report.headings == [.overview: 0, .activeDisclosure: 1, .applications: 2, .reviewLitigation: 3])
        // The numeral must stand apart from the words: `三年` opens no heading.
        #expect(!ReportOutline.isHeading(.applications, "三收到和处理政府信息公开申请情况", minSimilarity: 0.5))
        #expect(ReportOutline.isHeading(.applications, "三、收到和处理政府信息公开申请情况", minSimilarity: 0.5))
    }

    /// OCR lost section 四's numeral and misread its first character; table 四's own column
    /// headers below it show where it starts. Prose that speaks of reviews, with no such
    /// columns below, starts nothing.
    @Test func table四IsFoundUnderAHeadingWhoseNumeralIsLost() {
        let lines = ["一、总体情况", "三、收到和处理政府信息公开申请情况", "本年新收政府信息公开申请数量 12",
                     "了政复议、 行政诉讼情况", "行政复议 行政诉讼", "未经复议直接起诉 复议后起诉",
                     "结果维持 结果纠正 其他结果 尚未审结 总计", "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"]
        #expect(outline(lines).headings[.reviewLitigation] == 3)
        let prose = ["一、总体情况", "三、收到和处理政府信息公开申请情况", "本年新收政府信息公开申请数量 12",
                     "本年未发生行政复议、行政诉讼。", "五、存在的主要问题及改进情况", "加强培训。"]
        #expect(outline(prose).headings[.reviewLitigation] == nil)
        // Without section 三 found, nothing anchors where table 四 may start.
        #expect(outline(Array(lines.dropFirst(2))).headings[.reviewLitigation] == nil)
    }

    /// OCR read a speck before heading 二 as `。` and lost heading 三's numeral, keeping its mark.
    @Test func headingsWithASpeckBeforeThemOrTheirNumeralLostAreFound() {
        let report = outline(["一、总体情况", "全年主动公开信息 10 条。", "。  二、  主动公开政府 信息 情况", "规章 0 0 13",
                              "、  收至1和 处理 政府信息 公开申请情况", "本年新收政府信息公开申请数量 12"])
        #expect(report.headings[.activeDisclosure] == 2)
        #expect(report.headings[.applications] == 4)
        // A line opening with the mark before words that are not the heading is none.
        #expect(outline(["一、总体情况", "二、主动公开政府信息情况", "、 本年度办理结果"]).headings[.applications] == nil)
    }

    @Test func theOpeningIsTheFirstFortyLines() {
        let lines = (1...50).map { "第\($0)行" }
        #expect(outline(lines).opening(separator: "\n") == lines.prefix(40).joined(separator: "\n"))
    }

    @Test func aTextOnOneLineIsReadForItsOpeningOnlyAsFarAsTheLimit() {
        let line = String(repeating: "本机关2023年1月1日至12月31日", count: 20_000)
        let opening = outline([line]).opening(separator: "\n")
        #expect(opening.count == ReportOutline.openingLimit)
        #expect(line.hasPrefix(opening))
    }
}
