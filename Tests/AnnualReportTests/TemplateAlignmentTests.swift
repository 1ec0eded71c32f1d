import IngestKit
import Testing
@testable import AnnualReport
@testable import TextSource
import Foundation

/// Table 三 read by aligning the section's labels and numbers to the template, one kind of
/// layout a test, and the pieces the alignment is made of.
@Suite struct TemplateAlignmentTests {
    /// A small report whose table 三 satisfies every identity.
    static let table: [(key: String, label: [String], cells: [Int])] = [
        ("new_received", ["一、本年新收政府信息公开申请数量"], [5, 1, 0, 0, 0, 0, 6]),
        ("carried_over", ["二、上年结转政府信息公开申请数量"], [1, 0, 0, 0, 0, 0, 1]),
        ("granted", ["三、本年度办理结果", "（一）予以公开"], [3, 1, 0, 0, 0, 0, 4]),
        ("partially_granted", ["（二）部分公开（区分处理的，", "只计这一情形，不计其他情形）"], [1, 0, 0, 0, 0, 0, 1]),
        ("denied_state_secret", ["（三）不予公开", "1.属于国家秘密"], zero),
        ("denied_prohibited_by_law", ["2.其他法律行政法规禁止公开"], zero),
        ("denied_three_safeties", ["3.危及“三安全一稳定”"], zero),
        ("denied_third_party", ["4.保护第三方合法权益"], zero),
        ("denied_internal_affairs", ["5.属于三类内部事务信息"], zero),
        ("denied_process_info", ["6.属于四类过程性信息"], zero),
        ("denied_enforcement_file", ["7.属于行政执法案卷"], zero),
        ("denied_admin_query", ["8.属于行政查询事项"], zero),
        ("unable_not_held", ["（四）无法提供", "1.本机关不掌握相关政府信息"], [1, 0, 0, 0, 0, 0, 1]),
        ("unable_needs_creation", ["2.没有现成信息需要另行制作"], zero),
        ("unable_unclear", ["3.补正后申请内容仍不明确"], zero),
        ("rejected_petition", ["（五）不予处理", "1.信访举报投诉类申请"], zero),
        ("rejected_duplicate", ["2.重复申请"], zero),
        ("rejected_publication", ["3.要求提供公开出版物"], zero),
        ("rejected_excessive", ["4.无正当理由大量反复申请"], zero),
        ("rejected_confirmation", ["5.要求行政机关确认或", "重新出具已获取信息"], zero),
        ("other_no_correction", ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], zero),
        ("other_fee_unpaid", ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"], zero),
        ("other_other", ["3.其他"], zero),
        ("total", ["（七）总计"], [5, 1, 0, 0, 0, 0, 6]),
        ("carried_forward", ["四、结转下年度继续办理"], [1, 0, 0, 0, 0, 0, 1]),
    ]
    static let zero = [Int](repeating: 0, count: 7)
    static let header = ["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

    /// A report around a table 三 body.
    static func report(_ body: [String]) -> [String] {
        ["某县人民政府2024年政府信息公开工作年度报告", "一、总体情况", "本年度工作有序开展。",
         "三、收到和处理政府信息公开申请情况"] + header + body + ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"]
    }

    /// A run of equal neighbouring cells printed once, as crawlers print them.
    static func collapsed(_ cells: [Int]) -> [Int] {
        cells.enumerated().filter { $0.offset == 0 || cells[$0.offset - 1] != $0.element }.map(\.element)
    }

    static func applications(_ lines: [String]) async throws -> (rows: [String: [Double?]], issues: [String]) {
        let doc = try await Pipeline.run(report(lines))
        let rows = doc.record.value(at: "tables.applications.rows").objectValue?.mapValues(\.numbers) ?? [:]
        return (rows, doc.issues.map(\.message))
    }

    static func expectTable(_ rows: [String: [Double?]], except missing: Set<String> = []) {
        for row in table {
            let expected: [Double?] = missing.contains(row.key) ? Array(repeating: nil, count: 7) : row.cells.map(Double.init)
            #expect(rows[row.key] == expected, "\(row.key)")
        }
    }

    /// OCR could not read 二's numbers and printed the unreadable mark in each cell; the next
    /// row's label is unreadable (garbage beside its numbers, or nothing above them). The marks
    /// hold 二's place: its cells are null, and the next row's numbers are never taken for its
    /// own (with 二's numbers simply left out, both forms put 三(一)'s numbers under 二).
    @Test(arguments: [false, true]) func numbersMarkedUnreadableKeepTheirRowsPlace(numbersBelowLabels: Bool) async throws {
        let unread = String(repeating: String(PrintedNumber.unreadable) + " ", count: 7)
        let lines = Self.table.flatMap { row -> [String] in
            let label = row.key == "granted" ? (numbersBelowLabels ? "" : "＊＊＊＊") : row.label.joined()
            let numbers = row.key == "carried_over" ? unread : row.cells.map(String.init).joined(separator: " ")
            return numbersBelowLabels ? [label, numbers] : [label + " " + numbers]
        }
        let (rows, issues) = try await Self.applications(lines)
        #expect(rows["carried_over"] == Array(repeating: nil, count: 7))
        for row in Self.table { Self.expectTruthOrNull(rows[row.key], row.cells.map(Double.init)) }
        #expect(issues.contains { $0.contains("carried_over") && $0.contains("could not read") })
    }

    /// Every row in turn printed unreadable, the label of the row after it garbled, in both
    /// forms: the marked row is null and no row takes a value that is not its own.
    @Test(arguments: [false, true]) func anyRowMarkedUnreadableIsNullAndNothingSlides(numbersBelowLabels: Bool) async throws {
        let unread = String(repeating: String(PrintedNumber.unreadable) + " ", count: 7)
        for (m, marked) in Self.table.enumerated() {
            let lines = Self.table.enumerated().flatMap { i, row -> [String] in
                let label = i == m + 1 ? "＊＊＊＊" : row.label.joined()
                let numbers = i == m ? unread : row.cells.map(String.init).joined(separator: " ")
                return numbersBelowLabels ? [label, numbers] : [label + " " + numbers]
            }
            let (rows, _) = try await Self.applications(lines)
            #expect(rows[marked.key] == Array(repeating: nil, count: 7), "\(marked.key) marked")
            for row in Self.table { Self.expectTruthOrNull(rows[row.key], row.cells.map(Double.init)) }
        }
    }

    /// `（六）其他` is the group heading 三(六) (其他处理, its words cut by the scan), printed as one
    /// row: not the sub-row `3.其他` whose words it shares (layout variant 24255).
    @Test func aGroupHeadingSharingASubRowsWordsIsNotThatSubRow() async throws {
        let lines = [
            "一、本年新收政府信息公开申请数量                                               5        6        5        0        5        2        23",
            "二、上年结转政府信息公开申请数量                                               1        0        1        0        1        0        3",
            "三、本年度办理结果  （一）予以公开                                             0        2        0        0        1        0        3",
            "                    （二）部分公开（区分处理的，只计这一情形，不计其他情形）   0        0        1        0        1        0        2",
            "                    （三）不予公开  1.属于国家秘密                             0        0        0        0        0        0        0",
            "                                    2.其他法己行政法规禁止公开                 0        0        0        0        0        0        0",
            "                                    3.危及“三安全一稳定”                       0        0        0        0        0        0        0",
            "                                    4.保护第三方合法权益                       1        0        1        0        0        0        2",
            "                                    5.属于三类内部事务信息                     0        0        0        0        0        0        0",
            "                                    6.属于四类过程性信息                       1        0        1        0        0        0        2",
            "                                    7.属于行政执法案卷                         0        0        0        0        0        0        0",
            "                    （四）无        1.本机关不掌握相关政府信息                 0        1        0        0        1        0        2",
            "",
            "                              — 4 —",
            "",
            "                    法提供          2.没有现成信息需要另行制作                 2        0        0        0        1        0        3",
            "                                    3.补正后申请内容仍不明确                   2        0        0        0        0        1        3",
            "                    （五）不予处理  1.信访举报投诉类申请                       0        1        1        0        0        0        2",
            "                                    2.重复申请                                 0        1        1        0        1        0        3",
            "                                    3.要求提供公开出版物                       0        0        0        0        0        0        0",
            "                                    4.无正当理由大量反复申请                   0        0        0        0        0        0        0",
            "                                    5.要求行政机关确认或重新出具已获取信息     0        0        0        0        0        0        0",
            "                    （六）其他                                                 0        0        1        0        1        1        3",
            "                    （七）总计                                                 6        5        6        0        6        2        2 5",
            "四、结转下年度继续办理                                                         0        1        0        0        0        0        1"
        ]
        let (rows, _) = try await Self.applications(lines)
        #expect(rows["other_other"]?.allSatisfy { $0 == nil } ?? true, "\(rows["other_other"] ?? [])")
        Self.expectTruthOrNull(rows["other_processing"], [0, 0, 1, 0, 1, 1, 3])
        Self.expectTruthOrNull(rows["rejected_confirmation"], [0, 0, 0, 0, 0, 0, 0])
    }

    @Test func oneCellALineWithRunsOfEqualCellsPrintedOnceIsExpandedByTheRowTotals() async throws {
        let lines = Self.table.flatMap { $0.label + Self.collapsed($0.cells).map(String.init) }
        let (rows, issues) = try await Self.applications(lines)
        Self.expectTable(rows)
        #expect(issues.contains { $0.contains("runs of equal cells printed once") })
    }

    @Test func theEndOfABrokenNumberIsNeverJoinedToALoneZero() async throws {
        // Every cell times 13 (the identities still hold); 一's 65 broken in its narrow column.
        // Aligned for the eye (an ideograph two columns wide) the `5` stands under the `6`;
        // counted in characters it would stand under a `0`, which no number continues.
        let lines = Self.table.flatMap { row -> [String] in
            let label = row.label.joined()
            let pad = String(repeating: " ", count: 140 - label.reduce(0) { $0 + $1.displayWidth })
            var cells = row.cells.map { String($0 * 13) }
            if row.key == "new_received" { cells[0] = "6" }
            let line = label + pad + cells.map { $0.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined()
            return row.key == "new_received" ? [line, String(repeating: " ", count: 140) + "5"] : [line]
        }
        let (rows, _) = try await Self.applications(lines)
        for row in Self.table { #expect(rows[row.key] == row.cells.map { Double($0 * 13) }, "\(row.key)") }
    }

    @Test func aPDFPrintsEveryCellSoARowWithFewerNumbersLostSome() async throws {
        // The same text as a PDF's (OCR loses a lone 0 or 1; a typeset table prints every cell):
        // no run of equal cells is expanded, and the rows with fewer numbers are null.
        let lines = Self.report(Self.table.flatMap { $0.label + Self.collapsed($0.cells).map(String.init) })
        var document = Document(id: "test", source: "test.pdf")
        document.kind = .pdf
        document.pages = [Page(number: 1, text: lines.joined(separator: "\n"), lines: lines.map { TextLine(text: $0) })]
        let doc = try await Pipeline.run(document)
        let rows = doc.record.value(at: "tables.applications.rows").objectValue?.mapValues(\.numbers) ?? [:]
        for row in Self.table { #expect(rows[row.key] == Array(repeating: nil, count: 7), "\(row.key)") }
        #expect(!doc.issues.contains { $0.message.contains("runs of equal cells printed once") })
        // The alignment says why, where it is the reading kept.
        let alignment = TemplateAlignment(minSimilarity: 0.5, expandsRuns: false)
        let tokens = SectionTokens.tokens(lines, 0..<lines.count)
        let candidates = alignment.candidates(TemplateAlignment.runs(tokens), format: .v2021)
        #expect(candidates.allSatisfy { $0.values.values.allSatisfy { $0.allSatisfy { $0 == nil } } })
        #expect(candidates.contains { $0.notes.contains { $0.contains("where the document prints every cell") } })
    }

    @Test func numbersPrintedBelowTheirLabelsAndBetweenTheLinesOfAWrappedLabel() async throws {
        let lines = Self.table.flatMap { row -> [String] in
            let numbers = row.cells.map(String.init).joined(separator: " ")
            return row.label.count > 1 ? [row.label[0], numbers] + row.label.dropFirst() : row.label + [numbers]
        }
        Self.expectTable(try await Self.applications(lines).rows)
    }

    @Test func aRowWhoseLabelIsUnreadableIsPlacedByItsNeighbours() async throws {
        let lines = Self.table.flatMap { row -> [String] in
            let label = row.key == "granted" ? ["三、本年度办理结果", "＊＊＊＊"] : row.label
            return label + [row.cells.map(String.init).joined(separator: " ")]
        }
        let (rows, issues) = try await Self.applications(lines)
        Self.expectTable(rows)
        #expect(issues.contains { $0.contains("granted could not be read") })
    }

    @Test func aMissingRowIsNullNeverAnotherRowsNumbers() async throws {
        let lines = Self.table.filter { $0.key != "partially_granted" }.flatMap { $0.label + [$0.cells.map(String.init).joined(separator: " ")] }
        let (rows, _) = try await Self.applications(lines)
        for row in Self.table where row.key != "partially_granted" {
            Self.expectTruthOrNull(rows[row.key], row.cells.map(Double.init))
        }
        #expect(rows["partially_granted"]?.allSatisfy { $0 == nil } == true)
    }

    @Test func aRowWhoseLabelNamesAnotherRowIsNeverPlacedByPosition() async throws {
        // 三(五)5 and 三(六)3 are gone: 23 rows are left, as many as the format with 三(六) as
        // one row has, but the (六) labels name their own rows, not 其他处理 and 三(五)5.
        let gone: Set = ["rejected_confirmation", "other_other"]
        let lines = Self.table.filter { !gone.contains($0.key) }.flatMap { $0.label + [$0.cells.map(String.init).joined(separator: " ")] }
        let (rows, _) = try await Self.applications(lines)
        #expect(rows["other_processing"]?.allSatisfy { $0 == nil } ?? true)
        #expect(rows["other_no_correction"] == Self.zero.map(Double.init))
        #expect(rows["rejected_confirmation"]?.allSatisfy { $0 == nil } == true)
    }

    @Test func aRowWhoseLabelIsMissingIsNeverFilledByARunWhoseOwnSubRowLabelNamesAnother() async throws {
        // 2019 format, space-aligned, labels wrapped above their numbers, 三(五)1 not printed:
        // the run after 三(四)3's label is that row's, never 三(五)1's by position (the label
        // after it, `2. 重复申请`, names another sub-row of the same group).
        let body = [
            "(本列数据的勾稽关系为：第一项加",
            "第二项之和，等于第三项加第四项之",
            "和)",
            "                                                申请人                                          总计",
            "                                                情况",
            "                                                自然人  法人或",
            "                                                        其他组",
            "                                                        织",
            "                                                        商业企  科研机  社会公  法律服  其他",
            "                                                        业      构      益组织  务机构",
            "一、本年新",
            "收",
            "                                                503     30      2       0       3       1       539",
            "政府信息公开申请数量",
            "                                                8       0       0       0       0       0       8",
            "二、上年",
            "结转政府信息公开申",
            "请数量",
            "                                                287     24      2       0       1       1       315",
            "    (一)予以公",
            "    开",
            "    (二)部分公",
            "    开（区分处理的，只计这一情形，",
            "    不计其他情形）",
            "                                                28      0       0       0       0       0       28",
            "    (三)不予公开  1. 属于国家秘密               0       0       0       0       0       0       0",
            "                                                0       0       0       0       0       0       0",
            "                  3. 危",
            "                  及“三安全一稳定”",
            "                                                4       0       0       0       0       0       4",
            "三                4.",
            "                  保护第三方合法权益",
            "、                5. 属于三",
            "                  类内部事务信息",
            "                                                5       0       0       0       0       0       5",
            "本                6.",
            "                  属于四类过程性信息",
            "                                                4       0       0       0       0       0       4",
            "年                7. 属于行",
            "                                                1       0       0       0       0       0       1",
            "                  政执法案卷",
            "                                                11      1       0       0       0       0       12",
            "度                8. 属于",
            "                  行政查询事项",
            "办  (四)无法提供  1. 本机关不掌握相关政府信息   140     5       0       0       1       0       146",
            "理                2. 没有现成信息需要另行",
            "                  制作",
            "                                                2       0       0       0       0       0       2",
            "结                3. 补正",
            "                  后申请内容仍不明",
            "                  确",
            "                                                1       0       0       0       0       0       1",
            "果  (五)不予处理  2. 重复申请                   7       0       0       0       0       0       7",
            "                  3. 要求提供公开出版物         0       0       0       0       0       0       0",
            "                  4. 无正",
            "                  当理由大量反复申请",
            "                                                0       0       0       0       0       0       0",
            "                                                0       0       0       0       0       0       0",
            "                  5. 要求行政机",
            "                  关确认或重新出具已获取信",
            "                  息",
            "    (六)其他处理                                13      0       0       0       1       0       14",
            "    (七)总计                                    509     30      2       0       3       1       545",
            "                                                2       0       0       0       0       0       2",
            "四、结转下年",
            "度继续办理",
            "四、政府信息公开行政复议、行政诉讼情况",
        ]
        let doc = try await Pipeline.run(["某市人民政府2019年政府信息公开工作年度报告", "一、总体情况", "本年度工作有序开展。", "三、收到和处理政府信息公开申请情况"]
                                         + body + ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"])
        let rows = doc.record.value(at: "tables.applications.rows").objectValue?.mapValues(\.numbers) ?? [:]
        #expect(rows["rejected_petition"]?.allSatisfy { $0 == nil } ?? true)
        for (key, truth) in [("unable_not_held", [140.0, 5, 0, 0, 1, 0, 146]), ("unable_needs_creation", [2.0, 0, 0, 0, 0, 0, 2]),
                             ("unable_unclear", [1.0, 0, 0, 0, 0, 0, 1]), ("rejected_duplicate", [7.0, 0, 0, 0, 0, 0, 7])] {
            Self.expectTruthOrNull(rows[key], truth)
        }
    }

    @Test func aLabelThatTakesNoNumbersBesideARunPlacedFromItsOtherSideLeavesThatRunNull() async throws {
        // Tab rows, labels wrapped: 三(四)1's numbers above its label, 2's and 3's below theirs.
        // Read with labels after their numbers, 2's label takes nothing and 2's numbers go to 3.
        let body = [
            "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计",
            "\t\t自然人\t法人或其他组织",
            "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
            "\t\t18\t4\t3\t4\t3\t0\t32",
            "一、本年新收政府信息公开",
            "申请数量",
            "二、上年结转政府",
            "信息公开申请",
            "\t\t1\t0\t0\t0\t1\t0\t2",
            "数量",
            "三、本年度办理结果\t（一）予以公开\t7\t1\t0\t0\t1\t0\t9",
            "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t3\t0\t0\t0\t0\t0\t3",
            "\t\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
            "\t\t2.其他法律行政",
            "\t\t法规禁止\t0\t0\t0\t0\t0\t0\t0",
            "\t\t公开",
            "\t\t3.危及“三安全一",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t稳定”",
            "\t（三）不予\t4.保护第三方合法权益\t1\t1\t0\t1\t0\t0\t3",
            "\t公开\t5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0",
            "\t\t6.属于四类过程性信息\t1\t0\t0\t1\t0\t0\t2",
            "\t\t7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0",
            "\t\t8.属",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t于行政查询事项",
            "\t\t\t2\t0\t1\t0\t1\t0\t4",
            "\t（四）无法提供\t1.本机关",
            "\t\t不掌握相关政府信息",
            "\t\t2.没有现成信息需要另行",
            "\t\t制作",
            "\t\t\t1\t0\t0\t1\t0\t0\t2",
            "\t\t3.补正后申请内容仍",
            "\t\t不明确",
            "\t\t\t1\t0\t0\t0\t1\t0\t2",
            "\t（五）不予处理\t1.信访举报投",
            "\t\t诉类申请",
            "\t\t\t0\t1\t0\t0\t0\t0\t1",
            "\t\t2.重",
            "\t\t复申请\t1\t0\t1\t0\t0\t0\t2",
            "\t\t3.要",
            "\t\t求提供公开出版物\t0\t0\t0\t0\t0\t0\t0",
            "\t\t4.无正当理由大量反复申",
            "\t\t请\t0\t0\t0\t0\t0\t0\t0",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t5.要",
            "\t\t求行政机关确认或重新出具已",
            "\t\t获取信息",
        ]
        let (rows, _) = try await Self.applications(body)
        for (key, truth) in [("unable_needs_creation", [1.0, 0, 0, 1, 0, 0, 2]), ("unable_unclear", [1.0, 0, 0, 0, 1, 0, 2]),
                             ("rejected_petition", [0.0, 1, 0, 0, 0, 0, 1])] {
            Self.expectTruthOrNull(rows[key], truth)
        }
    }

    @Test func aLayoutRowThatTheAlignmentReadsOtherwiseAndFullyIsNull() async throws {
        // A markdown row whose total prints `2 2` (22 spaced apart) in its cell: the table
        // recovered from the layout shifts the row; the aligned reading joins the digits.
        let body = [
            "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |  | 申请人情况 |  |  |  |  |  | 总计 |  |",
            "|---|---|---|---|---|---|---|---|---|---|",
            "|  |  | 自然人 | 法人或其他组织 |  |  |  |  |  |  |",
            "|  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |  |",
            "| 一、本年新收政府信息公开申请数量 |  | 337 | 5 | 0 | 1 | 0 | 4 | 347 |  |",
            "| 二、上年结转政府信息公开申请数量 |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |  |",
            "| 三、本年度办理结果 | （一）予以公开 | 235 | 3 | O | 1 | 0 | 4 | 243 |  |",
            "|  | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 11 | 0 | O | 0 | 0 | 0 | 11 |  |",
            "|  | （三）不予公开 | 1.属于国家秘密 | 2 | 1 | 0 | O | 0 | 0 | 3 |",
            "|  |  | 2.其他法律行政法规禁止公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
            "|  |  | 3.危及“三安全一稳定” | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "|  |  | 4.保护第三方合法权益 | 8 | 0 | 0 | 0 | 0 | 0 | 8 |",
            "|  |  | 5.属于三类内部事务信息 | 22 | 0 | 0 | 0 | 0 | 0 | 2 2 |",
            "|  |  | 6.属于四类过程性信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "|  |  | 7.属于行政执法案卷 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |",
            "|  |  | 8.属于行政查询事项 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
            "|  | （四）无法提供 | 1.本机关不掌握相关政府信息 | 38 | 1 | 0 | 0 | 0 | 0 | 39 |",
            "|  |  | 2.没有现成信息需要另行制作 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
            "|  |  | 3.补正后申请内容仍不明确 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "|  | （五）不予处理 | 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "|  |  | 2.重复申请 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |",
            "|  |  | 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "|  |  | 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "|  |  | 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "|  | （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
            "|  |  | 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "5",
            "|  |  |  |  |  |  |  |  |  |  |",
            "|---|---|---|---|---|---|---|---|---|---|",
            "|  |  | 3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "|  | （七）总计 | 336 | 5 | 0 | 1 | 0 | 4 | 346 |  |",
            "| 四、结转下年度继续办理 |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |  |",
        ]
        let (rows, _) = try await Self.applications(body)
        Self.expectTruthOrNull(rows["denied_internal_affairs"], [22, 0, 0, 0, 0, 0, 22])
    }

    @Test func aCharacterOfAVerticalGroupLabelDoesNotContinueTheLabelAbove() async throws {
        // Numbers above their labels; the characters of `三、本年度办理结果` open the label lines.
        let vertical = Array("三、本年度办理结果")
        var lines: [String] = []
        for (i, row) in Self.table.enumerated() {
            let mark = (2...19).contains(i) ? String(vertical[(i - 2) % vertical.count]) + " " : ""
            lines.append(row.cells.map(String.init).joined(separator: " "))
            lines += row.label.enumerated().map { $0.offset == 0 ? mark + $0.element : $0.element }
        }
        let (rows, _) = try await Self.applications(lines)
        for row in Self.table {
            Self.expectTruthOrNull(rows[row.key], row.cells.map(Double.init))
        }
        #expect(rows["granted"] == [3, 1, 0, 0, 0, 0, 4])
    }

    @Test func aBarBesideDigitsIsReadAsOneOrAsARulingLineAsTheTotalsSay() {
        let total: ([Int]) -> Bool = { $0.dropLast().reduce(0, +) == $0.last! }
        func tokens(_ words: String) -> [SectionToken] { SectionTokens.tokens(["予以公开 " + words], 0..<1).filter { $0.kind == .number } }
        // `|78` is 178 where the total needs it, and `|03` can only be 103.
        #expect(RunReadings.readings(tokens("|78 0 0 0 0 0 178"), width: 7, fits: total).readings.map { $0.map(\.value) } == [[178, 0, 0, 0, 0, 0, 178]])
        #expect(RunReadings.readings(tokens("103 0 0 0 0 0 |03"), width: 7, fits: total).readings.map { $0.map(\.value) } == [[103, 0, 0, 0, 0, 0, 103]])
        // A ruling line fused to a cell: `|5` is 5 when 15 breaks the total.
        #expect(RunReadings.readings(tokens("|5 0 0 0 0 0 5"), width: 7, fits: total).readings.map { $0.map(\.value) } == [[5, 0, 0, 0, 0, 0, 5]])
        // Both fit nothing else: `|1 |1 2` as 11 + 1 = 12 or 1 + 1 = 2 is two readings, not one guess.
        #expect(RunReadings.readings(tokens("|1 0 0 0 0 |1 12"), width: 7, fits: total).readings.count == 2)
    }

    /// Space-aligned rows where new_received prints 15 and 16 broken in narrow columns: `1` on
    /// the row's line, `5` and `6` on the line below, `shift` columns right of their heads.
    static func brokenRows(shift: Int) -> (lines: [String], truth: [String: [Int]]) {
        var truth = Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.cells) })
        truth["new_received"] = [15, 1, 0, 0, 0, 0, 16]
        truth["granted"] = [13, 1, 0, 0, 0, 0, 14]
        truth["total"] = [15, 1, 0, 0, 0, 0, 16]
        let lines = table.flatMap { row -> [String] in
            let label = row.label.joined()
            let cells = truth[row.key]!.map { String($0).padding(toLength: 3, withPad: " ", startingAt: 0) }.joined()
            guard row.key == "new_received" else { return [label + "  " + cells] }
            let indent = String(repeating: " ", count: label.count * 2 + 2 + shift)
            return [label + "  1  1  0  0  0  0  1", indent + "5" + String(repeating: " ", count: 17) + "6"]
        }
        return (lines, truth)
    }

    @Test func numbersBrokenUnderTheirColumnsAreJoinedByTheirColumns() async throws {
        let (lines, truth) = Self.brokenRows(shift: 0)
        let (rows, issues) = try await Self.applications(lines)
        for (key, cells) in truth { #expect(rows[key] == cells.map(Double.init), "\(key)") }
        #expect(issues.contains { $0.contains("joined to the numbers they stand under") })
    }

    @Test func numbersBrokenUnderTheirColumnsAreJoinedInTheMeasureTheRowsLineUpIn() async throws {
        // Rows set for the eye (columns in display width, an ideograph two wide), cells eight
        // wide: 8.属于行政查询事项 prints `1 1 0 0 0 0 12` over a `1` standing under its first
        // cell. Counted in characters the `1` stands under the second; both 11 1 … 12 and
        // 1 11 … 12 meet the row's total, so only the columns the other rows line up in tell.
        var truth = Dictionary(uniqueKeysWithValues: Self.table.map { ($0.key, $0.cells) })
        let query = [11, 1, 0, 0, 0, 0, 12]
        truth["denied_admin_query"] = query
        for key in ["new_received", "total"] { truth[key] = zip(truth[key]!, query).map { $0 + $1 } }
        let labelWidth = Self.table.map { $0.label.joined().reduce(0) { $0 + $1.displayWidth } }.max()! + 2
        let lines = Self.table.flatMap { row -> [String] in
            let label = row.label.joined()
            let pad = String(repeating: " ", count: labelWidth - label.reduce(0) { $0 + $1.displayWidth })
            let printed = row.key == "denied_admin_query" ? [1, 1, 0, 0, 0, 0, 12] : truth[row.key]!
            let line = label + pad + printed.map { String($0).padding(toLength: 8, withPad: " ", startingAt: 0) }.joined()
            return row.key == "denied_admin_query" ? [line, String(repeating: " ", count: labelWidth) + "1"] : [line]
        }
        let (rows, _) = try await Self.applications(lines)
        for (key, cells) in truth { #expect(rows[key] == cells.map(Double.init), "\(key)") }
    }

    @Test func numbersBrokenBetweenTheColumnsAreNullNeverTheHeadsAlone() async throws {
        // The ends stand between two columns: under no number of their own.
        let (lines, truth) = Self.brokenRows(shift: 1)
        let (rows, issues) = try await Self.applications(lines)
        #expect(rows["new_received"]?.allSatisfy { $0 == nil } == true)
        #expect(issues.contains { $0.contains("which the columns do not place") })
        #expect(rows["granted"] == truth["granted"]!.map(Double.init))
    }

    @Test func labelsThatChooseOneAlignmentWhereTheIdentitiesPreferAnotherLeaveTheirCellsNull() async throws {
        // Tab rows whose wrapped labels stand above, between and below their numbers row by
        // row: read with labels after their numbers, the label evidence is a little stronger,
        // but the identities hold for more of the reading with labels before them.
        let body = [
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况\t\t\t\t\t\t总计",
            "\t\t自然人\t法人或其他组织",
            "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
            "一、本年新收政府信息公开申请数",
            "\t\t8\t0\t0\t0\t0\t0\t8",
            "量",
            "二、上年结转",
            "政府信\t\t1\t0\t0\t0\t0\t0\t1",
            "息公开申请数量",
            "\t(一) 予以公",
            "\t\t1\t0\t0\t0\t0\t0\t1",
            "\t开",
            "\t(二) 部分公开（区分处理的，只计这",
            "\t一情形，不计其他情形）",
            "\t\t7\t0\t0\t0\t0\t0\t7",
            "\t\t1、属于国家秘",
            "\t\t密",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t2、其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0",
            "\t\t3、危及“三",
            "\t\t安全一稳定”",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t(三) 不\t4、保护第三方合法权益\t0\t0\t0\t0\t0\t0\t0",
            "三\t予公开\t5、属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "、\t\t6、属于四类",
            "\t\t过程性信息",
            "本\t\t7、属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0",
            "年\t\t8、属于行政查询事项\t0\t0\t0\t0\t0\t0\t0",
            "度\t(四) 无法提供\t1、本机关不掌握",
            "\t\t\t1\t0\t0\t0\t0\t0\t1",
            "\t\t相关政府信息",
            "办\t\t2、没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0",
            "理\t\t3、补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0",
            "结\t(五) 不予处理\t1、信访举报投诉类申请\t0\t0\t0\t0\t0\t0\t0",
            "果\t\t2、重复申请\t0\t0\t0\t0\t0\t0\t0",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t3、要求提供公开出版",
            "\t\t物",
            "\t\t4、无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0",
            "\t\t5、要",
            "\t\t求行政机关确认或",
            "\t\t重新出具已获取信息",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t(六) 其他处理\t1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申",
            "\t\t请",
            "\t\t2、申请人逾期未按收费通知要求缴纳费用、行政机关不再",
            "\t\t处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0",
            "\t\t3、其他\t0\t0\t0\t0\t0\t0\t0",
            "\t\t9\t0\t0\t0\t0\t0\t9",
            "\t(七) 总",
            "\t计",
            "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0"
        ]
        let doc = try await Pipeline.run(["某县人民政府办公室2024年政府信息公开工作年度报告", "一、总体情况", "本年度工作有序开展。",
                                          "三、收到和处理政府信息公开申请情况"] + body + ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"])
        let rows = doc.record.value(at: "tables.applications.rows").objectValue?.mapValues(\.numbers) ?? [:]
        // As printed: partially_granted 7 0 0 0 0 0 7, denied_state_secret all 0. Null is honest; another number is not.
        for (key, truth) in [("partially_granted", [7.0, 0, 0, 0, 0, 0, 7]), ("denied_state_secret", [0.0, 0, 0, 0, 0, 0, 0])] {
            for (got, want) in zip(rows[key] ?? [], truth) where got != nil { #expect(got == want, "\(key)") }
        }
        #expect(rows["granted"] == [1, 0, 0, 0, 0, 0, 1])
    }

    /// Table 四 as OCR printed it: `l` for 1 and `O` for 0 among the numbers.
    static func review(_ body: [String]) async throws -> [String: [String: Double?]] {
        let lines = ["某县人民政府2024年政府信息公开工作年度报告", "一、总体情况", "本年度工作有序开展。"]
            + Pipeline.applicationsRows() + ["四、政府信息公开行政复议、行政诉讼情况"] + body + ["五、存在的主要问题及改进情况", "无。"]
        let doc = try await Pipeline.run(lines)
        return doc.record.value(at: "tables.review_litigation").objectValue?.mapValues { $0.objectValue?.mapValues(\.doubleValue) ?? [:] } ?? [:]
    }

    @Test func aDigitOCRPrintedAsALetterKeepsItsColumnInTable四() async throws {
        // pdftotext -layout of a scan: the headers wrap in narrow columns (so that a header
        // line names 复议 twice), `l` is 1 and `O` is 0.
        let body = ["行政复                                       行政诉",
                    "议                                           讼",
                    "结果维   结果纠   其他结   尚未审   总计     未经复                                       复议后",
                    "持       正       果       结                议直接                                       起诉",
                    "                                             起诉",
                    "                                             结果维   结果纠   其他结   尚未审   总计     结果维   结果纠   其他结   尚未审   总计",
                    "                                             持       正       果       结                持       正       果       结",
                    "0        0        l        0        1        0        0        0        O        0"]
        let review = try await Self.review(body)
        #expect(review["review"] == ["upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1])
    }

    @Test func table四sNumbersBrokenUnderTheirColumnsAreJoinedWhereTheTotalsConfirmIt() async throws {
        // 178 broken in a narrow column: `17` on the numbers' line, `8` under it on the next.
        let header = ["行政复                                  行政诉", "议                                      讼",
                      "结果维  结果纠  其他结  尚未审  总计    未经复                                  复议后",
                      "持      正      果      结              议直接                                  起诉",
                      "                                        起诉",
                      "                                        结果维  结果纠  其他结  尚未审  总计    结果维  结果纠  其他结  尚未审  总计",
                      "                                        持      正      果      结              持      正      果      结"]
        let numbers = "72      64      17      37      351     13      4       8       1       26      12      1       1       6       20"
        let review = try await Self.review(header + [numbers, "                8"])
        #expect(review["review"] == ["upheld": 72, "corrected": 64, "other": 178, "pending": 37, "total": 351])
        #expect(review["litigation_direct"] == ["upheld": 13, "corrected": 4, "other": 8, "pending": 1, "total": 26])
        // The end under no number's column: not joined, and nothing is shifted.
        let astray = try await Self.review(header + [numbers, "                                                                                                                        8"])
        for (group, truth) in [("review", [72.0, 64, 178, 37, 351]), ("litigation_direct", [13.0, 4, 8, 1, 26]), ("litigation_after_review", [12.0, 1, 1, 6, 20])] {
            let got = ["upheld", "corrected", "other", "pending", "total"].map { astray[group]?[$0] ?? nil }
            for (g, t) in zip(got, truth) where g != nil { #expect(g == t, "\(group)") }
        }
    }

    @Test func aBarAmongTable四sNumbersKeepsItsColumnAndItsGroupIsNeverShifted() async throws {
        // `|` for the 1 of review.other (or a ruling line): the numbers after it keep their
        // columns; the group, read in part, is null rather than shifted.
        let body = [
                    "行政复                                  行政诉",
                    "议                                      讼",
                    "结果维  结果纠  其他结  尚未审  总计    未经复                                  复议后",
                    "持      正      果      结              议直接                                  起诉",
                    "                                        起诉",
                    "                                        结果维  结果纠  其他结  尚未审  总计    结果维  结果纠  其他结  尚未审  总计",
                    "                                        持      正      果      结              持      正      果      结",
                    "0       0       |       0       1       0       0       0       0       O"]
        let review = try await Self.review(body)
        for (key, truth) in ["upheld": 0.0, "corrected": 0, "other": 1, "pending": 0, "total": 1] {
            if let got = review["review"]?[key] ?? nil { #expect(got == truth, "review.\(key)") }
        }
        #expect(review["litigation_direct"] == ["upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0])
    }

    @Test func aGroupWhoseTotalFailsAfterANumberWasLostIsNull() async throws {
        // OCR of a scan (its header lines as read) lost the first of fifteen numbers, a lone `0`:
        // the rest moved up a column, and the review group reads 0 1 1 2 0, failing its total.
        let body = ["行政 复议  诉讼",
                    "行政",
                    "结果 结果 其人他 尚未  未 经 复议 直接 起 诉  复议后起诉",
                    "维持  纠正  结果  审结 总、、 计 结果 结果  其他和尚未  耸%;计 结果  结果  其他 尚未  总计",
                    "维持 纠正  结果  审结  ” 维持  纠正 结果  审结",
                    "0  1  1  2  0  0  0  0  0  0  0  0  0  0"]
        let review = try await Self.review(body)
        let truth: [String: [String: Double]] = ["review": ["upheld": 0, "corrected": 0, "other": 1, "pending": 1, "total": 2],
                                                  "litigation_direct": ["upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0],
                                                  "litigation_after_review": ["upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0]]
        for (group, cells) in truth {
            for (key, value) in cells {
                if let got = review[group]?[key] ?? nil { #expect(got == value, "\(group).\(key)") }
            }
        }
    }

    @Test func onlyAGroupsHeadingIsPassedOverForTheSubRowAfterIt() {
        #expect(TemplateAlignment.headsAGroup("（三）不予公开"))
        #expect(TemplateAlignment.headsAGroup("三、本年度办理结果"))
        #expect(TemplateAlignment.headsAGroup("度"))
        #expect(!TemplateAlignment.headsAGroup("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"))
        #expect(!TemplateAlignment.headsAGroup("1．属于国家秘密"))
    }

    /// Table 二 as read from a report of `year` (2019 and before print the 2019 format) whose
    /// section 二 is `body`.
    static func disclosure(_ body: [String], year: Int = 2024) async throws -> [String: [String: Double?]] {
        let lines = ["某县人民政府\(year)年政府信息公开工作年度报告", "一、总体情况", "本年度工作有序开展。", "二、主动公开政府信息情况"]
            + body + Pipeline.applicationsRows() + ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"]
        let doc = try await Pipeline.run(lines)
        return doc.record.value(at: "tables.active_disclosure").objectValue?.mapValues { $0.objectValue?.mapValues(\.doubleValue) ?? [:] } ?? [:]
    }

    @Test func table二sNumbersThatDoNotLineUpWithItsColumnsAreNullNeverShifted() async throws {
        // `4 2 7` (427 spaced apart) runs into the wrapped label below it; 192 and 3097 stand
        // under no header column of their own: which columns they fill is not shown.
        let body = [
            "第二十条第（一）项",
            "信息内容       本             本             现",
            "               年             年             行",
            "               制             废             有",
            "               发             止             效",
            "               件             件             件",
            "               数             数             数",
            "规章           0              0              6",
            "               4 2 7          192            3097",
            "行政范性",
            "文件"]
        let table = try await Self.disclosure(body)
        #expect(table["regulations"] == ["issued": 0, "repealed": 0, "in_force": 6])
        Self.expectNoMisread(table["normative_documents"] ?? [:], ["issued": 427, "repealed": 192, "in_force": 3097])
        // 427 broken under its column, `4` over `27`: the end is never a cell of its own.
        var broken = body
        broken[8] = "               4              192            3097"
        broken.insert("               27", at: 9)
        let ends = try await Self.disclosure(broken)
        Self.expectNoMisread(ends["normative_documents"] ?? [:], ["issued": 427, "repealed": 192, "in_force": 3097])
        // Every number broken, `4 1 25` over `87 37 45`, between the lines of the wrapped label
        // `行政规范性文` / `件`: as many heads as ends, neither line a row of its own.
        let wrapped = try await Self.disclosure(["第二十条第（一）项", "信息内容   本年制       本年废       现行有", "           发件数       止件数       效件数",
                                                 "规章       0            2            5", "行政规范性文", "           4            1            25",
                                                 "           87           37           45", "件"])
        #expect(wrapped["regulations"] == ["issued": 0, "repealed": 2, "in_force": 5])
        Self.expectNoMisread(wrapped["normative_documents"] ?? [:], ["issued": 487, "repealed": 137, "in_force": 2545])
    }

    @Test func aLoneRulingMarkAmongTable二sNumbersLeavesTheRowNull() async throws {
        // OCR's `| 1 1` for 1 0 11: the `|` is a 1 or the ruling line before the row, so how many
        // numbers the row prints, and which cells they are, is not shown.
        let table = try await Self.disclosure(["第二十条第（一）项", "信息内容   本年制发件数   本年废止件数   现行有效件数",
                                               "规章  |  1  1", "行政规范性文件   8  26  66"])
        #expect(table["regulations"] == ["issued": nil, "repealed": nil, "in_force": nil])
        #expect(table["normative_documents"] == ["issued": 8, "repealed": 26, "in_force": 66])
    }

    @Test func table二sNumbersGoingOnToTheNextLineWithNoLabelAreNull() async throws {
        // One cell a line, `1l`, and `2 6` / `6 6` for 26 and 66 spaced apart.
        let body = [
            "第二十条第（一）项",
            "信息内容",
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "规章",
            "1",
            "0",
            "1l",
            "行政规范性文件",
            "8",
            "2 6",
            "6 6"]
        let table = try await Self.disclosure(body)
        // `1l`: 11, or 1 beside a ruling line that OCR read as `l`; no identity of table 二 tells.
        #expect(table["regulations"] == ["issued": 1, "repealed": 0, "in_force": nil])
        Self.expectNoMisread(table["normative_documents"] ?? [:], ["issued": 8, "repealed": 26, "in_force": 66])
        // `13 7` and `2 5 4 5` (137 and 2545 spaced apart): three numbers on the item's lines,
        // more on the next with no label.
        let spaced = try await Self.disclosure(Array(body.dropLast(3)) + ["487", "13 7", "2 5 4 5"])
        Self.expectNoMisread(spaced["normative_documents"] ?? [:], ["issued": 487, "repealed": 137, "in_force": 2545])
    }

    /// A row read is its truth or null throughout: never other numbers.
    static func expectTruthOrNull(_ got: [Double?]?, _ truth: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        let got = got ?? []
        #expect(got.allSatisfy { $0 == nil } || got == truth, "\(got), truth \(truth)", sourceLocation: sourceLocation)
    }

    /// Per cell, the value read is the truth or null: never another number.
    static func expectNoMisread<Key: Hashable & CustomStringConvertible>(_ got: [Key: Double?], _ truth: [Key: Double]) {
        for (key, want) in truth { if let value = got[key] ?? nil { #expect(value == want, "\(key)") } }
    }

    @Test func aLabelBetweenTwoRunsOfNumbersThatItsNeighboursDoNotSettleIsNull() async throws {
        // Tab rows whose wrapped labels stand below (三 3), around (4), and above (5, 6) their
        // numbers: read with labels before their numbers, 5 takes 6's numbers (the identities
        // cannot tell 1 0 0 0 0 0 1 in one row from the other).
        let body = [
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况\t\t\t\t\t\t总计",
            "\t\t自然人\t法人或其他组织",
            "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
            "一、本年新收政府信息公开申请数量\t\t9\t0\t0\t0\t0\t0\t9",
            "二、上年结转政府信",
            "息公开申请数量",
            "\t\t0\t0\t0\t0\t0\t0\t0",
            "三、本年度办理结果\t（一）予以公",
            "\t\t2\t0\t0\t0\t0\t0\t2",
            "\t开",
            "\t（二）部分公开（区分处理的，只计这一情形",
            "\t，不计其他\t4\t0\t0\t0\t0\t0\t4",
            "\t情形）",
            "\t\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
            "\t\t2.其他法律行政法规禁",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t止公开",
            "\t\t3.危及“三安全一稳",
            "\t\t定”",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t（三）不予\t4.保护",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t第三方合法权益",
            "\t\t\t1\t0\t0\t0\t0\t0\t1",
            "\t公开\t5.属于三类内部事务",
            "\t\t信息",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t6.属于四类过程性",
            "\t\t信息",
            "\t\t7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0",
            "\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0",
            "\t（四）无\t1.本巳关不掌握",
            "\t\t相关政府信息\t2\t0\t0\t0\t0\t0\t2",
            "\t法提供\t2.没有现成信",
            "\t\t息需要另行制作",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0",
            "\t\t1.信",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t访举报投诉类申请",
            "\t（五）不予\t2.重复申请\t0\t0\t0\t0\t0\t0\t0",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t处理\t3.要求提供公开出",
            "\t\t版物",
            "\t\t4.无正当理由大量反",
            "\t\t复申请\t0\t0\t0\t0\t0\t0\t0",
            "\t\t5.要求行政机",
            "\t\t关确认或重新出",
            "\t\t具已获取信息",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t（六）其他\t1.申请人无正当理由逾期不补正、行政机关不再",
            "\t\t处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0",
            "\t处理\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0",
            "\t\t3.其他\t0\t0\t0\t0\t0\t0\t0",
            "\t（七）曰计\t9\t0\t0\t0\t0\t0\t9",
            "4",
            "四、结转下",
            "年度继续办理",
            "\t\t0\t0\t0\t0\t0\t0\t0",
        ]
        let (rows, issues) = try await Self.applications(body)
        let zero = Self.zero.map(Double.init)
        #expect(rows["denied_third_party"] == zero)
        for (key, truth) in [("denied_internal_affairs", [1.0, 0, 0, 0, 0, 0, 1]), ("denied_process_info", zero), ("partially_granted", [4.0, 0, 0, 0, 0, 0, 4])] {
            Self.expectTruthOrNull(rows[key], truth)
        }
        #expect(issues.contains { $0.contains("stands between two runs of numbers") })
    }

    @Test func aRowReadWithoutTheEndsOfItsNumbersBrokenBelowIsNullEvenWhereItsTotalHolds() async throws {
        // `1 … 1` with `2 … 2` on the line below: 12 and 12 broken in narrow columns; the heads
        // alone meet the row's total as well.
        let body = [
            "（本列数据的勾稽关系为：第一项加",
            "第二项之和，等于第三项加第四项之",
            "和）",
            "                                                             申请人                                          总计",
            "                                                             情况",
            "                                                             自然人  法人或",
            "                                                                     其他组",
            "                                                                     织",
            "                                                                     商业企  科研机  社会公  法律服  其他",
            "                                                                     业      构      益组织  务机构",
            "    (三) 不予公开  4、保护第三方合法权益                     0       0       0       0       0       0       0",
            "                   5、属于三类内部事务信息                   0       0       0       0       0       0       0",
            "                   6、属于四类过程性信息                     0       0       0       0       0       0       0",
            "三                 7、属于行政执法案卷                       0       0       0       0       0       0       0",
            "、                 8、属于行政查询事项                       0       0       0       0       0       0       0",
            "                              - 4 -",
            "本  (四) 无法提供  1、本机关不掌握相关政府信息               2       0       0       0       0       0       2",
            "年                 2、没有现成信息需要另行制入               0       0       0       0       0       0       0",
            "度                 3、补正后申请内容仍不明确                 0       0       0       0       0       0       0",
            "办  (五) 不予处理  1、信访举报投诉类申请                     0       0       0       0       0       0       0",
            "理                 2、重复申请                               0       0       0       0       0       0       0",
            "结                 3、要求提供公开出版物                     0       0       0       0       0       0       0",
            "果                 4、无正当理由大量反复申请                 0       0       0       0       0       0       0",
            "                   5、要求行政机关确认或重新出具已获取信息   0       0       0       0       0       0       0",
            "    (六) 其他处理                                            0       0       0       0       0       0       0",
            "    (七) 总计                                                1       0       0       0       0       0       1",
            "                                                             2                                               2",
            "四、结转下年度继续办理                                       0       0       0       0       0       0       0",
        ]
        let doc = try await Pipeline.run(["某县人民政府2024年政府信息公开工作年度报告", "一、总体情况", "本年度工作有序开展。", "三、收到和处理政府信息公开申请情况"]
                                         + body + ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"])
        Self.expectTruthOrNull(doc.record.value(at: "tables.applications.rows.total").numbers, [12, 0, 0, 0, 0, 0, 12])
        #expect(doc.record.value(at: "tables.applications.rows.unable_not_held").numbers == [2, 0, 0, 0, 0, 0, 2])
    }

    @Test func aLayoutRowJoinedToEndsBrokenUnderAnotherColumnIsNullWhereItsTotalFails() async throws {
        // `746 12 0 0 1 1 769` with `0` on the line below, standing under the total by
        // characters and under no column by display width: 7690 joined where it stands breaks
        // the row's total (its truth is 746 12 0 0 10 1 769, the end of 10 set off its column).
        let body = [
            "（本列数据的勾稽关系为：第一项加",
            "第二项之和，等于第三项加第四项之",
            "和）",
            "                                                                                               申请人                                                总计",
            "                                                                                               情况",
            "                                                                                               自然人   法人或",
            "                                                                                                        其他组",
            "                                                                                                        织",
            "                                                                                                        商业企   科研机   社会公   法律服   其他",
            "                                                                                                        业       构       益组织   务机构",
            "一、本年新收政府信息公开申请数量                                                               3001     53       0        0        61       4        3119",
            "二、上年结转政府信息公开申请数量                                                               3        0        0        0        0        0        34",
            "                                                                                               4",
            "    (一) 予以公开                                                                              1288     21       0        0        50       3        1362",
            "    (二) 部分公开（区分处理的，只计这一情形，不计其他情形）                                    447      7        0        0        0        0        454",
            "    (三) 不予公开  1. 属于国家秘密                                                             2        0        0        0        0        0        2",
            "                   2. 其他法律行政法规禁止公开                                                 30       1        0        0        0        0        31",
            "                   3. 危及“三安全一稳定”                                                       5        0        0        0        0        0        5",
            "                   4. 保护第三方合法权益                                                       6        0        0        0        0        0        6",
            "三                 5. 属类内部事务信息                                                         7        1        0        0        0        0        8",
            "、                 6. 属于四类过程性信息                                                       12       0        0        0        0        0        1 2",
            "本                 7. 属于行政执法案卷                                                         9        0        0        O        0        0        9",
            "年                 8. 属于行政查询事项                                                         105      0        0        0        0        0        105",
            "度  (四) 无法提供  1. 本机关不掌握相关政府信息                                                 746      12       0        0        1        1        769",
            "                                                                                                                                   0",
            "办                 2. 没有现成信息需要另行制作                                                 11       0        0        0        0        0        11",
            "理                 3. 补正后申请内容仍不明确                                                   1        0        0        0        0        0        1",
            "结  (五) 不予处理  1. 信访举报投诉类申请                                                       56       6        0        0        0        0        62",
            "果                 2. 重复申请                                                                 25       O        0        0        0        0        25",
            "                   3. 要求提供公开出版物                                                       0        0        O        0        0        0        0",
            "                   4. 无正当理由大量反复申请                                                   0        0        0        0        0        0        0",
            "                   5. 要求行政机关确重新出具已获取信息                                         1        0        0        0        0        0        1",
            "    (六) 其他处理  1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请           67       3        0        0        1        0        71",
            "                   2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请   6        0        0        0        0        0        6",
            "                   3. 其他                                                                     108      2        0        0        0        0        110",
            "    (七) 总计                                                                                  2932     5        0        0        61       4        3050",
            "                                                                                                        3",
            "四、结转下年度继士办理                                                                         103      0        0        0        0        0        103"
        ]
        let doc = try await Pipeline.run(["某县人民政府2024年政府信息公开工作年度报告", "一、总体情况", "本年度工作有序开展。", "三、收到和处理政府信息公开申请情况"]
                                         + body + ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"])
        Self.expectTruthOrNull(doc.record.value(at: "tables.applications.rows.unable_not_held").numbers, [746, 12, 0, 0, 10, 1, 769])
    }

    @Test func theTextBetweenARunAndItsNeighboursWrappedLabelIsNotItsLabelToo() async throws {
        // `（一）` / 2 … 2 / `予以公开` / 0 1 … 1 / `（二）部分公开…`: 予以公开 ends the label wrapped
        // around 2 … 2; read again as the label before 0 1 … 1 it made that run 予以公开's.
        let body = [
            "（本列数据的勾稽关系为：第一项加",
            "第二项之和，等于第三项加第四项之",
            "和）",
            "                                                                               申请人                                          总计",
            "                                                                               情况",
            "                                                                               自然人  法人或",
            "                                                                                       其他组",
            "                                                                                       织",
            "                                                                                       商业企  科研机  社会公  法律服  其他",
            "                                                                                       业      构      益组织  务机构",
            "一、本年新收政府信息公开申",
            "请",
            "数量",
            "                                                                               29      2       0       0       0       0       31",
            "二、上年结转政府信息公开申请数量                                               0       1       0       0       0       0       1",
            "三、本年度办理结果  （一）",
            "                                                                               2       0       0       0       0       0       2",
            "                    予以公开",
            "                                                                               0       1       0       0       0       0       1",
            "                    （二） 部分公开（区分处",
            "                    理的，只计这一情形，不计其",
            "                    他情形）",
            "                    （三） 不予公开  1. 属于国家",
            "                                     秘密",
            "                                                                               0       0       0       0       0       0       0",
            "                                     2. 其",
            "                                     他法律行政法规禁止公开                    0       0       0       0       0       0       0",
            "                                     3. 危及“三",
            "                                     安全一稳定”                               0       0       0       0       0       0       0",
            "                                     4. 保护",
            "                                                                               0       0       0       0       0       0       0",
            "                                     第三方合法权益",
            "                                     5. 属",
            "                                                                               0       0       0       0       0       0       0",
            "                                     于三类内部事务信息",
            "                                     6. 属于四类过程性信息                     0       0       0       0       0       0       0",
            "                                     7. 属",
            "                                                                               0       0       0       0       0       0       0",
            "                                     于行政执法案卷",
            "                                     8. 属于行政查询事项                       3       0       0       0       0       0       3",
            "                    （四） 无法      1. 本机关不掌握相关政府信息               22      2       0       0       0       0       24",
            "                    提供             2. 没有现成信息",
            "                                                                               0       0       0       0       0       0       0",
            "                                     需要另行制作",
            "                                     3.",
            "                                                                               0       0       0       0       0       0       0",
            "                                     补正后申请内容仍不明确",
            "                    （五） 不予处理  1. 信访举报投诉类申请                     0       0       0       0       0       0       0",
            "                                     2. 重复",
            "                                     申请",
            "                                                                               0       0       0       0       0       0       0",
            "                                                                               0       0       0       0       0       0       0",
            "                                     3. 要求提供公",
            "                                     开出版物",
            "                                     4.",
            "                                                                               0       0       0       0       0       0       0",
            "                                     无正当理由大量反复申请",
            "                                     5. 要求行政机关确认或重新出具已获取信息   0       0       0       0       0       0       0",
            "                    （六） 其他      1. 申请人无正当理",
            "                                                                               0       0       0       0       0       0       0",
            "                                     由逾期不补正、行政机关不再处理其政府信息公开申请",
            "                    处理             2. 申请人逾期未按收费通知要求缴纳费",
            "                                     用、行政机关不再处理其政府信息公开申请    0       0       0       0       0       0       0",
            "                                     3. 其他                                   1       0       0       0       0       0       1",
            "                    （七） 总计                                                28      3       0       0       0       0       31",
            "四、结转下年度继续办理                                                         1       0       0       0       0       0       1"
        ]
        let (rows, _) = try await Self.applications(body)
        Self.expectTruthOrNull(rows["granted"], [2, 0, 0, 0, 0, 0, 2])
        Self.expectTruthOrNull(rows["partially_granted"], [0, 1, 0, 0, 0, 0, 1])
    }

    @Test func aTopLevelRowsLabelThatTakesNoNumbersLeavesTheRunBesideItNull() async throws {
        // 99 … 126 above `一、本年新收…`, then `二、上年结转…` above 0 1 0 1 0 1 3 and `(一)予以公开`
        // above 49 … 53: read with labels after, 0 1 0 1 0 1 3 would be 予以公开's while 二's
        // label takes no numbers.
        let body = [
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况\t\t\t\t\t\t总计",
            "\t\t自然人\t法人或其他组织",
            "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
            "\t\t99\t10\t4\t4\t6\t3\t126",
            "一、本年新收政",
            "府",
            "信息公开申请数量",
            "二、上年",
            "结转政府信息公开申请数量",
            "\t\t0\t1\t0\t1\t0\t1\t3",
            "\t(一)予以",
            "\t公开",
            "\t\t49\t0\t0\t1\t2\t1\t53",
            "\t(二)部分公开（区分处理的，只计这一情形，不计其他情形",
            "\t）",
            "\t\t11\t2\t0\t0\t1\t0\t14",
            "\t\t1．属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
            "\t\t2．其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t3．危及“三安全一",
            "\t\t稳定”",
            "三\t(三)不\t4．保护第三",
            "\t\t方合法权益",
            "\t\t\t7\t0\t0\t1\t0\t0\t8",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "、\t予公开\t5．属于三类内部事务信",
            "\t\t息",
            "\t\t\t0\t1\t1\t0\t1\t0\t3",
            "本\t\t6．属",
            "\t\t于四类过程性信息",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "年\t\t7．属于行政",
            "\t\t执法案卷",
            "度\t\t8．属于行政查询事项\t0\t0\t0\t0\t0\t0\t0",
            "\t\t\t12\t3\t0\t0\t0\t0\t15",
            "办\t(四)无法\t1．本",
            "\t\t机",
            "\t\t关不掌握相关政府信息",
            "理\t提供\t2．没有现成信息",
            "\t\t需要另行制作\t5\t1\t0\t1\t0\t1\t8",
            "结\t\t3．补正后申请内容仍",
            "\t\t\t2\t0\t0\t0\t0\t1\t3",
            "\t\t不明确",
            "果\t(五)不予处理\t1．信访举报投诉类申请\t0\t1\t1\t0\t0\t1\t3",
            "\t\t2．重复",
            "\t\t申请",
            "\t\t\t5\t1\t0\t0\t1\t0\t7",
            "\t\t3．要求提供公",
            "\t\t\t0\t0\t0\t0\t0\t0\t0",
            "\t\t开出版物",
            "\t\t4．无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0",
            "\t\t5．要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0",
            "\t(六)其他",
            "\t处理",
            "\t\t7\t1\t1\t1\t1\t0\t11",
            "\t(七)总计\t98\t10\t3\t4\t6\t4\t125",
            "四、结转下年度继续办理\t\t1\t1\t1\t1\t0\t0\t4"
        ]
        let (rows, _) = try await Self.applications(body)
        Self.expectTruthOrNull(rows["granted"], [49, 0, 0, 1, 2, 1, 53])
        Self.expectTruthOrNull(rows["carried_over"], [0, 1, 0, 1, 0, 1, 3])
    }

    @Test func aLetterOnItsOwnLineThatTheLayoutTookForABlankCellLeavesItsGroupNull() async throws {
        // One cell a line: `O` is a 0 of review.corrected and of litigation_direct.pending; a
        // reading that skips it shifts the group's numbers and breaks its total.
        let header = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
            + Array(repeating: ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], count: 2).flatMap { $0 }
        let review = try await Self.review(header + ["0", "O", "1", "0", "1", "0", "0", "0", "O", "0", "/", "/", "/", "/", "/"])
        Self.expectNoMisread(review["review"] ?? [:], ["upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1])
        Self.expectNoMisread(review["litigation_direct"] ?? [:], ["upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0])
    }

    @Test func table四sBlankCellsPrintedAsMarksAreNullAndTheNumbersKeepTheirCells() async throws {
        // One cell a line, the third group printed `—` a cell, `O` for 0: the fifteen cells in
        // the template's order, the blanks null.
        let header = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
            + Array(repeating: ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], count: 2).flatMap { $0 }
        let review = try await Self.review(header + ["0", "0", "1", "O", "1", "O", "0", "0", "0", "0", "—", "—", "—", "—", "—"])
        #expect(review["review"] == ["upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1])
        #expect(review["litigation_direct"] == ["upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0])
        #expect(review["litigation_after_review"]?.values.allSatisfy { $0 == nil } ?? true)
    }

    @Test func table二sLabelWrappedAroundItsNumberNamesItsItem() async throws {
        // 2019 format, space-aligned: `其他对外管` / 835562 under 处理决定数量 / `理服务事项`.
        let body = [
            "第二十条第（一）项",
            "信息内容       本年新      本年新      对外公",
            "               制作数      公开数      开总数",
            "               量          量          量",
            "规范性文件     1810        18l0        1810",
            "第二十条第（五）项",
            "信息内容       上一年      本年增      处理决",
            "               项目数      /减         定数量",
            "               量",
            "行政许可                               123291",
            "其他对外管",
            "                                       835562",
            "理服务事项",
            "第二十条第（六）项",
            "信息内容       上一年      本年增      处理决",
            "               项目数      /减         定数量",
            "               量",
            "行政处罚                               l3818",
            "行政强制                               2O12",
            "第二十条第（八）项",
            "信息内容       上一年      本年增",
            "               项目数      /减",
            "               量",
            "第二十条第（九）项",
            "信息内容       采购项      采购总",
            "               目数量      金额",
            "政府集中采购   875         2232425.46",
        ]
        let services = try await Self.disclosure(body, year: 2019)["other_services"] ?? [:]
        #expect(services["change"] ?? nil == nil)
        #expect(services["previous_items"] ?? nil == nil)
        Self.expectNoMisread(services, ["decisions": 835562])
    }

    @Test func table二sRowWithoutItsOwnLabelNeverLendsItsNumbersToAnotherItem() async throws {
        // 规章 is not printed; 行政规范性文件 is wrapped around its numbers with a character
        // lost (`行政规` / numbers / `性文件`): its numbers are never 规章's.
        let body = [
            "第二十条第（一）项",
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
            "行政规",
            "\t3\t1\t48",
            "性文件",
            "第二十条第（五）项",
            "信息内容\t本年处理决定数量",
            "行政许可\t6 37",
            "第二十条第（六）项",
            "信息内容\t本年处理决定数量",
            "行政处罚\t101",
            "行政强制\t12",
            "第二十条第（八）项",
            "信息内容\t本年收费金额（单位：万元）",
            "行政事末性收费\t40.77",
        ]
        let table = try await Self.disclosure(body)
        #expect(table["regulations"]?.values.allSatisfy { $0 == nil } ?? true)
        Self.expectNoMisread(table["normative_documents"] ?? [:], ["issued": 3, "repealed": 1, "in_force": 48])
    }

    @Test func table四sGroupReadInPartWhereTheSectionPrintsMoreNumbersThanCellsIsNull() async throws {
        // Totals broken under their columns (`35` / `1`, `2` / `6`, `2` / `0`) and `|78`: no
        // group's total can be read as printed.
        let review = try await Self.review([
            "行政复                                  行政诉",
            "议                                      讼",
            "结果维  结果纠  其他结  尚未审  总计    未经复                                  复议后",
            "持      正      果      结              议直接                                  起诉",
            "                                        起诉",
            "                                        结果维  结果纠  其他结  尚未审  总计    结果维  结果纠  其他结  尚未审  总计",
            "                                        持      正      果      结              持      正      果      结",
            "72      64      |78     37      35      |3      4       8       1       2       l2      1       1       6       2",
            "                                1                                       6                                       0",
        ])
        Self.expectNoMisread(review["review"] ?? [:], ["upheld": 72, "corrected": 64, "other": 178, "pending": 37, "total": 351])
        Self.expectNoMisread(review["litigation_direct"] ?? [:], ["upheld": 13, "corrected": 4, "other": 8, "pending": 1, "total": 26])
        Self.expectNoMisread(review["litigation_after_review"] ?? [:], ["upheld": 12, "corrected": 1, "other": 1, "pending": 6, "total": 20])
    }

    @Test func table二sBlankCellsPrintedAsMarksAreItsFirstColumns() async throws {
        // 2019 format, one cell a line: `—` for the blank 上一年项目数量 and 本年增/减, then
        // 处理决定数量, spaced apart (`1 3 818` for 13818) or not.
        let header = ["第二十条第（一）项", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量", "规范性文件", "1810", "1810", "1810",
                      "第二十条第（六）项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
        func run(_ rows: [String]) async throws -> [String: [String: Double?]] { try await Self.disclosure(header + rows, year: 2019) }
        let spaced = try await run(["行政处罚", "—", "—", "1 3 818", "行政强制", "—", "—", "2 0 1 2"])
        Self.expectNoMisread(spaced["punishment"] ?? [:], ["decisions": 13818])
        Self.expectNoMisread(spaced["coercion"] ?? [:], ["decisions": 2012])
        for item in ["punishment", "coercion"] {
            #expect(spaced[item]?["previous_items"] ?? nil == nil && spaced[item]?["change"] ?? nil == nil, "\(item)")
        }
        // `/` is a blank a mark: `/` `/` `835 562` is two blanks and two numbers for three
        // columns (835562 spaced apart), never 835 and 562.
        let slashes = try await run(["行政处罚", "/", "/", "835 562", "行政强制", "/", "/", "2012"])
        Self.expectNoMisread(slashes["punishment"] ?? [:], ["decisions": 835562])
        #expect(slashes["punishment"]?["change"] ?? nil == nil)
        #expect(slashes["coercion"]?["decisions"] == 2012)
        let printed = try await run(["行政处罚", "—", "—", "13818", "行政强制", "——", "2012"])
        #expect(printed["punishment"]?["decisions"] == 13818)
        #expect(printed["coercion"]?["decisions"] ?? nil == nil || printed["coercion"]?["decisions"] == 2012)
    }

    @Test func table二sBlankCellsTheLayoutShowsPlaceTheNumbersAndDroppedBlanksLeaveThemNull() async throws {
        // 2019 format: 行政许可 and 行政处罚 print only 处理决定数量, the blank cells before it
        // shown by tabs, pipes or space-aligned columns (set for the eye, under headers wrapped
        // over two lines).
        let header = ["第二十条第（一）项", "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量", "规范性文件\t1810\t1810\t1810",
                      "第二十条第（五）项"]
        let tabs = try await Self.disclosure(header + ["信息内容\t上一年项目数量\t本年增/减\t处理决定数量", "行政许可\t\t\t123291",
                                                       "行政处罚\t\t7\t13818"], year: 2019)
        #expect(tabs["licensing"] == ["previous_items": nil, "change": nil, "decisions": 123291])
        #expect(tabs["punishment"] == ["previous_items": nil, "change": 7, "decisions": 13818])
        let pipes = try await Self.disclosure(["| 第二十条第（五）项 | | | |", "|---|---|---|---|", "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
                                               "| 行政许可 |  |  | 123291 |", "| 行政处罚 | 12 |  | 13818 |"], year: 2019)
        #expect(pipes["licensing"] == ["previous_items": nil, "change": nil, "decisions": 123291])
        #expect(pipes["punishment"] == ["previous_items": 12, "change": nil, "decisions": 13818])
        // Shredded: the label on a row of its own, its numbers on the row below.
        let shredded = try await Self.disclosure(["| 第二十条第（五）项 | | | |", "|---|---|---|---|", "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
                                                  "| 行政许可 |  |  |  |", "|  |  |  | 123291 |", "| 其他对外管理服务事项 |  |  |  |", "|  |  | 5 | 835562 |"], year: 2019)
        #expect(shredded["licensing"] == ["previous_items": nil, "change": nil, "decisions": 123291])
        #expect(shredded["other_services"] == ["previous_items": nil, "change": 5, "decisions": 835562])
        let wrapped = try await Self.disclosure(["第二十条第（一）项",
                                                 "信息内容               本年新       本年新       对外公",
                                                 "                       制作数量     公开数量     开总数量",
                                                 "规范性文件             1810         1810         1810",
                                                 "第二十条第（五）项",
                                                 "信息内容               上一年       本年增       处理决",
                                                 "                       项目数量     /减          定数量",
                                                 "行政许可                                         123291",
                                                 "其他对外管理服务事项                             835562"], year: 2019)
        #expect(wrapped["licensing"] == ["previous_items": nil, "change": nil, "decisions": 123291])
        #expect(wrapped["other_services"] == ["previous_items": nil, "change": nil, "decisions": 835562])
        // Blank cells dropped (a row's numbers run on from its label): which columns they fill
        // is not shown.
        let dropped = try await Self.disclosure(header + ["信息内容\t上一年项目数量\t本年增/减\t处理决定数量", "行政许可\t123291",
                                                          "行政处罚\t7\t13818"], year: 2019)
        Self.expectNoMisread(dropped["licensing"] ?? [:], ["decisions": 123291])
        Self.expectNoMisread(dropped["punishment"] ?? [:], ["change": 7, "decisions": 13818])
        #expect(dropped["licensing"]?["decisions"] ?? nil == nil)
    }

    @Test func table二sNumberBrokenOverLinesAboveItsLabelIsNull() async throws {
        // `16` over `26` (1626 broken in a narrow column) above the wrapped label `行政` /
        // `事业性收费`: the recovered table's row of the label and the line above it is never 26.
        let licensing = ["第二十条第（五）项", "信息内容   本年处", "           理决定", "           数量", "行政许可   35314"]
        func fees(_ numbers: [String]) -> [String] {
            ["第二十条第（八）项", "信息内容   本年收", "           费金额", "           （单位", "           ：万元", "           ）"]
                + numbers.map { "           " + $0 } + ["行政", "事业性收费"]
        }
        for body in [fees(["16", "26"]), licensing + fees(["16", "26"])] {
            let table = try await Self.disclosure(body)
            #expect(table["fees"]?["amount"] ?? nil == nil)
        }
        let whole = try await Self.disclosure(licensing + fees(["1626"]))
        #expect(whole["fees"]?["amount"] == 1626)
        #expect(whole["licensing"]?["decisions"] == 35314)
    }

    @Test func table二sCellsALineWithDigitsSpacedApartAreNullNeverTheFirstLinesDigits() async throws {
        // One cell a line, each number's digits spaced apart: `4 8 7` / `1 3 7` / `2 5 45` are
        // 487, 137 and 2545, or nine cells, or three rows; never 4, 8 and 7.
        let body = ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0", "2", "5",
                    "行政规范性文件", "4 8 7", "1 3 7", "2 5 45", "第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可", "422144"]
        let table = try await Self.disclosure(body)
        Self.expectNoMisread(table["normative_documents"] ?? [:], ["issued": 487, "repealed": 137, "in_force": 2545])
        #expect(table["regulations"] == ["issued": 0, "repealed": 2, "in_force": 5])
        #expect(table["licensing"] == ["decisions": 422144])
    }

    @Test func table二sCellsALineWithDigitsSpacedApartAreJoinedWhereTheSectionPrintsACellALine() async throws {
        // Most lines print one number, so the lines of numbers set one space apart are the
        // digits of one cell spaced apart: `4 2 7` / `19 2` / `3097` are 427, 192 and 3097.
        let body = ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0", "0", "6",
                    "行政规范性文件", "4 2 7", "19 2", "3097", "第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可", "2 5 7 86 1",
                    "第二十条第（六）项", "信息内容", "本年处理决定数量", "行政处罚", "456773", "行政强制", "20677",
                    "第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）", "行政事业性收费", "14515.939627"]
        let table = try await Self.disclosure(body)
        #expect(table["regulations"] == ["issued": 0, "repealed": 0, "in_force": 6])
        #expect(table["normative_documents"] == ["issued": 427, "repealed": 192, "in_force": 3097])
        #expect(table["licensing"] == ["decisions": 257861])
        #expect(table["punishment"] == ["decisions": 456773])
    }

    @Test func table二sLayoutRowWithMoreNumbersOnItsLineThanItReadIsNull() async throws {
        // 2019 format: `118 |69` above the wrapped label `行政` / `事业性收费` (169 beside a ruling
        // line, or 69): the recovered table read 118 alone, under the wrong column.
        let body = ["第二十条第（八）项",
                    "信息内容               上一年       本年增",
                    "                       项目数       /减",
                    "                       量",
                    "                       118          |69",
                    "行政",
                    "事业性收费",
                    "第二十条第（九）项",
                    "信息内容               采购项       采购总",
                    "                       目数量       金额",
                    "政府集中采购           2410         56793552.92"]
        let table = try await Self.disclosure(body, year: 2019)
        Self.expectNoMisread(table["fees"] ?? [:], ["previous_items": 118, "change": 169])
    }

    @Test func table二sNumberBrokenUnderItsOwnColumnIsJoinedWhereTheNextItemPrintsItsOwnRow() async throws {
        // `1338` over `3` (13383 in a narrow column), the `3` under 1338 alone; the next item
        // prints its numbers beside its label, so the `3` is not its number set above it.
        let header = ["第二十条第（五）项", "信息内容               上一年        本年增        处理决定数量"]
        func run(_ rows: [String]) async throws -> [String: [String: Double?]] { try await Self.disclosure(header + rows, year: 2019) }
        let joined = try await run(["行政许可               74            54            1338",
                                    "                                                   3",
                                    "其他对外管理服务事项   1061          440           117904"])
        #expect(joined["licensing"] == ["previous_items": 74, "change": 54, "decisions": 13383])
        #expect(joined["other_services"] == ["previous_items": 1061, "change": 440, "decisions": 117904])
        // Not settled: the next item's label alone on its line (the `3` may be its number, set
        // above it), or the `3` between two columns (under no number of its own).
        let unsettled = [["行政许可               74            54            1338",
                          "                                                   3",
                          "其他对外管理服务事项"],
                         ["行政许可               74            54            1338",
                          "                                          3",
                          "其他对外管理服务事项   1061          440           117904"]]
        for rows in unsettled {
            let table = try await run(rows)
            Self.expectNoMisread(table["licensing"] ?? [:], ["previous_items": 74, "change": 54, "decisions": 13383])
            #expect(table["licensing"]?["decisions"] ?? nil == nil, "\(rows)")
        }
        // A sub-table's caption after the ends names no item: nothing else can own them.
        let captioned = try await Self.disclosure(["第二十条第（一）项", "信息内容         本年制  本年废  现行有", "                 发件数  止件数  效件数",
                                                   "规章             0       0       0", "行政规范性文件   3       1       3", "                                 6",
                                                   "第二十条第（五）项", "信息内容         处理决定数量", "行政许可         0"], year: 2019)
        #expect(captioned["normative_documents"] == ["issued": 3, "repealed": 1, "in_force": 36])
        // Items of one column: `2` over `342` and `122` over `7`, each end under its head.
        let single = try await Self.disclosure(["第二十条第（六）项", "信息内容         处理决", "                 定数量", "行政处罚         2", "                 342",
                                                "行政强制         122", "                 7", "第二十条第（八）项", "信息内容         本年收费金额", "行政事业性收费   162", "                 6"])
        #expect(single["punishment"] == ["decisions": 2342])
        #expect(single["coercion"] == ["decisions": 1227])
        #expect(single["fees"] == ["amount": 1626])
        // The end standing right of its head's column: not shown to be its end.
        let apart = try await Self.disclosure(["第二十条第（六）项", "信息内容         处理决定数量", "行政处罚         2", "                       342",
                                               "行政强制         1227"])
        Self.expectNoMisread(apart["punishment"] ?? [:], ["decisions": 2342])
        #expect(apart["punishment"]?["decisions"] ?? nil == nil)
        // Below the row, as many numbers with no label, then a label wrapped around the next
        // item's numbers: the line is the row's ends or nothing, never a row of its own.
        let stacked = try await run(["行政许可               7             5             1338",
                                     "                       4             4             3",
                                     "其他对外管理服务事",
                                     "                       1061          440           117904",
                                     "项"])
        Self.expectNoMisread(stacked["licensing"] ?? [:], ["previous_items": 74, "change": 54, "decisions": 13383])
        #expect(stacked["other_services"] == ["previous_items": 1061, "change": 440, "decisions": 117904])
    }

    @Test func table二sLoneNumberBrokenUnderItsColumnIsJoinedWhereTheLayoutShowsTheBlanks() async throws {
        // 2019 format, items printing only their last column (the layout shows the blanks):
        // `83556` over `2` before a caption, `1` over `3818` before the next item's row.
        let table = try await Self.disclosure([
            "第二十条第（一）项",
            "信息内容               本年新       本年新       对外公",
            "                       制作数       公开数       开总数",
            "                       量           量           量",
            "规章                   0            0            0",
            "规范性文件             1810         1810         1810",
            "第二十条第（五）项",
            "信息内容               上一年       本年增       处理决",
            "                       项目数       /减          定数量",
            "                       量",
            "行政许可                                         123291",
            "其他对外管理服务事项                             83556",
            "                                                 2",
            "第二十条第（六）项",
            "信息内容               上一年       本年增       处理决",
            "                       项目数       /减          定数量",
            "                       量",
            "行政处罚                                         1",
            "                                                 3818",
            "行政强制                                         2012"], year: 2019)
        #expect(table["licensing"]?["decisions"] == 123291)
        #expect(table["other_services"]?["decisions"] == 835562)
        #expect(table["punishment"]?["decisions"] == 13818)
        #expect(table["coercion"]?["decisions"] == 2012)
        for item in ["other_services", "punishment"] {
            #expect(table[item]?["previous_items"] ?? nil == nil && table[item]?["change"] ?? nil == nil, "\(item)")
        }
    }

    @Test func table二sRowBrokenOverLinesInSpaceAlignedColumnsIsNull() async throws {
        // 2019 format: `行政许可 7 5 13` over `4 4 383` (74, 54 and 13383 broken in narrow
        // columns), and `行政许可 123291` over `83556` / `2` (the next item's 835562, broken,
        // above its wrapped label).
        let header = ["第二十条第（五）项", "信息内容               上一年        本年增        处理决",
                      "                       项目数        /减           定数量", "                       量"]
        func run(_ rows: [String]) async throws -> [String: [String: Double?]] { try await Self.disclosure(header + rows, year: 2019) }
        let tails = try await run(["行政许可               7             5             13",
                                   "                       4             4             383",
                                   "其他对外管理服务事项   1061          440           117904"])
        Self.expectNoMisread(tails["licensing"] ?? [:], ["previous_items": 74, "change": 54, "decisions": 13383])
        #expect(tails["other_services"] == ["previous_items": 1061, "change": 440, "decisions": 117904])
        let below = try await run(["行政许可                                           123291",
                                   "                                                   83556",
                                   "                                                   2",
                                   "其他对外管理",
                                   "服务事项"])
        Self.expectNoMisread(below["licensing"] ?? [:], ["decisions": 123291])
        #expect(below["licensing"]?["previous_items"] ?? nil == nil && below["licensing"]?["change"] ?? nil == nil)
        Self.expectNoMisread(below["other_services"] ?? [:], ["decisions": 835562])
        #expect(below["other_services"]?["previous_items"] ?? nil == nil && below["other_services"]?["change"] ?? nil == nil)
    }

    @Test func aLetterOnItsOwnLineIsACellNeverTheEndOfTheHeaderAbove() async throws {
        // One cell a line: the first cell printed `O` must not join the header line above it.
        let headers = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
            + Array(repeating: ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], count: 2).flatMap { $0 }
        let cells = ["O", "0", "1", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]
        let review = try await Self.review(headers + cells)
        #expect(review["review"] == ["upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1])
        #expect(review["litigation_direct"] == ["upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0])
    }

    @Test func table二sOwnHeadersTellTheFormatWhenEveryCellHasALine() async throws {
        // Every cell a line, labels wrapped: table 三's label lines stand alone, and some hold
        // the characters of a 2019 header of table 二; the 2021 headers of table 二 decide.
        // (A generated layout that was read as 2019, its 三(六) as one row, before.)
        let variant = LayoutVariants.variant(seed: 635)
        #expect(variant.transforms.first == .cellPerLine)
        let doc = try await Pipeline.run(variant.lines)
        #expect(doc.record.value(at: "report.format").stringValue == variant.truth.format)
        let rows = doc.record.value(at: "tables.applications.rows").objectValue?.mapValues(\.numbers) ?? [:]
        if variant.truth.format == "2021" { #expect(rows["other_processing"]?.allSatisfy { $0 == nil } ?? true) }
    }

    @Test func rowsRunTogetherIntoOneDigitRunAreSplitWhereOnlyOneSplitHolds() async throws {
        let lines = [Self.table.map { row in
            row.label.joined() + " " + (row.key == "new_received" ? "5100006" : row.cells.map(String.init).joined(separator: " "))
        }.joined(separator: " ")]
        let (rows, _) = try await Self.applications(lines)
        #expect(rows["new_received"] == [5, 1, 0, 0, 0, 0, 6])
    }

    /// OCR'd rows: a speck read as 。 before the numbers or inside the label, a numbering whose
    /// dot was lost (`1 属于国家秘窗`) or set apart (`1 、 申请人…`), an unread mark beside a
    /// row whose seven counts meet its total, a label that lost its numbering after a garbled
    /// header (the text on the numbers' line names the row). Each row is still read, and a mark beside counts
    /// that do not meet the total leaves the row null.
    @Test func ocrNoiseAroundARowsLabelLeavesItsNumbersTheRows() async throws {
        let u = String(PrintedNumber.unreadable)
        func lines(_ granted: String) -> [String] {
            Self.table.map { row -> String in
                let cells = row.cells.map(String.init).joined(separator: " ")
                switch row.key {
                case "new_received": return "第（本二项列数据之和，的和的勾稽）关系为：第一项加自然 人 商业企科研oo机\n人 本年新收政府信息公开申请数量 " + cells
                case "granted": return "三、本年度办理结果 （一）予以公开 " + granted
                case "denied_state_secret": return "（三）不予公开 1 属于国家秘窗 " + cells
                case "unable_not_held": return "（四）无法提供 1.本机关不掌握相关政府信息 。” " + cells
                case "rejected_publication": return "3.要求提供。公开出版物 " + cells
                case "other_no_correction": return "（六）其他处理 1 、 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 " + cells
                default: return row.label.joined() + " " + cells
                }
            }.flatMap { $0.split(separator: "\n").map(String.init) }
        }
        let (rows, issues) = try await Self.applications(lines("\(u) 3 1 0 0 0 0 4"))
        Self.expectTable(rows)
        #expect(issues.contains { $0.contains("is no cell of it") })
        let (broken, _) = try await Self.applications(lines("\(u) 3 1 0 0 0 0 5"))
        #expect(broken["granted"]?.allSatisfy { $0 == nil } == true)
    }

    /// Table 三 as OCR read it from a scan (yc2025's, text layer): labels whose numbering mark
    /// OCR set apart after a group header's garbled words (`汪基 ，司予公开  5  、  属于…`, `结  6  、
    /// 属 于四 类过 程 性` above its numbers). The numbering is no cell: both rows are read.
    @Test func aNumberingSetApartAfterAGroupHeadersWordsIsNoCell() async throws {
        let (rows, _) = try await Self.applications([
            "“一  、  本年新收 政府 信息 公开 申请 数量  12  2  0  3  6  0  23",
            "二  、  上年 结 转 政府 信息 公开 申请 数量  1  0  0  1  1  0  3",
            "(一) 予以公开  4  0  0  0  1  0  6",
            "(二)  部 分 公开 (区 分处理",
            "的，只 计 这 一 情形，不 计 其 他  ，  0  0  0  1  1  0  2",
            "情形)",
            "1、 属 于 国家 秘密  0  0  0  0  0  0  0",
            "2规、  禁止其 他公开法 律-行政 法  0  0  0  0  0  0  0",
            "3稳定、  危”及“三安全  一  0  0  0  0  0  0  0",
            "，  4、保护第三方合法  0  1  0  0  1  0  2",
            "权共",
            "汪基 ，司予公开  5  、  属 于 三 类内 部 事  0  0  0  0  0  0  0",
            "理-  务信息",
            "结  6  、  属 于四 类过 程 性",
            "果  1  0  0  1  1  0  3",
            "信息",
            "7  、  属 于行政执法案  0  0  0  0  0  0  0",
            "卷",
            "8、 属 于 行政 查询 事",
            "0  0  0  0  0  0  0",
            "项",
            "(四) 无  1  、  本机关 不 掌握相  4  0  0  0  0  0  4",
            "法 提供  关政府信息",
            "2  、  没有现成 信息 需  1  0  0  1  1  0  3",
            "另行制作",
            "”要",
            "",
            "3、补正后申请内容  0  0  0  0  0  0  0",
            "仍 不 明确",
            "1、 信访 举报 投诉类",
            "2  0  0  1  1  0  4",
            "申请  ，",
            "2  、  重 复 申 请  0  0  0  0  1  0  1",
            "3、 要 求 提供 公开出",
            "0  0  0  0  0  0  0",
            "，  版 物",
            "予 处理”4、  无正当 理由 大量",
            "0  0  0  0  0  0  0",
            "反复 申请  :，",
            "5、  要求行政机关 确",
            "认 或重新出具已获  0  0  0  0  0  0  0",
            "取信息",
            "1、 申请人 无正当理",
            "-由  由逾期不补正、行  0  0  0  0  0  0  0",
            "政 机 关 不 再 处理其",
            "政府 信息 公开 申请",
            "。",
            "(六) 其  、  申请人逾期未按",
            "他 处理  ”收费 通知 要 求 缴纳",
            "费用、行政机关不  0  0  0  0  0  0  0",
            "再 处理 其 政府信息",
            ".公开 申请",
            "3  、  其 他  0  0  0  0  0  0  0",
            "区",
            "作 的  总 让  12  1  0  4  7  0  24",
            ".  四  、  结转下 年度继续 办理  1  1  0  0  0  0  2",
        ])
        #expect(rows["denied_internal_affairs"] == [0, 0, 0, 0, 0, 0, 0])
        #expect(rows["denied_process_info"] == [1, 0, 0, 1, 1, 0, 3])
        #expect(rows["unable_not_held"] == [4, 0, 0, 0, 0, 0, 4])
    }

    /// Table 三 as OCR read it from a scan (yc2025's, image only): the vertical heading of
    /// 三(五) read as `于 处理”`, so only the numbering starting again (`1、 信访…` after `3、补正后…`)
    /// shows its group began, and 三(五)5's label read with a character wrong (`忆获` for `已获`):
    /// the group is the one after 三(四) all the same, and both rows after it are read.
    @Test func aNumberingStartingAgainOpensTheNextGroup() async throws {
        let (rows, _) = try await Self.applications([
            "一  、  本 年新收 政府 信息公\\ 开 申请数量  12  2  0  3  6  0  23",
            "二  、  上 年结 转政府信息 公开 申请 数量  1  0  0  1  1  0  3",
            "ke  永 以 公因  4  0  0  0  1  0  6",
            "(二) 部 分 公开 〈 区 分 处 理",
            "的，只计这  一情形，不计其他  0  0  0  1  1  0  2",
            "二",
            "1  、  属 于 国家 秘密  0  0  0  0  0  0  0",
            "2、规其禁止他 法公开律行政 法  0  0  0  0  0  0  0",
            "瑟稳定兴\"观光二和于  0  0  0  0  0  0  0",
            "4、 保护 第 三 方 合法",
            "0  1  0  0  1  0  2",
            "，E",
            "理，大  ，  相公必  -  5、务 信息属 于 三 类内 部事  0  0  0  0  0  0  0",
            "姓站  人6。、  属于于 四 关过程性  1  0  0  1  1  0  3",
            "7、 属 于行政 执法 案",
            "0  0  0  0  0  0  0",
            "卷  二",
            "8、  属 于行政查询事  0  0  0  0  0  0  0",
            "项  、，",
            "(四)  无 ' 1、  本 机关 不 掌握 相",
            "4  0  0  0  0  0  4",
            "法 提供  关 政府 信息",
            "2  、  没 有现成信息需  1  0  0  1  1  0  3",
            "要 另行制作",
            "",
            "。  仍8  、  不补正明确后申请 内 容  0  0  0  0  0  0  0",
            "1、 信访 举报 投诉类",
            "2  0  0  1  1  0  4",
            "由  证",
            "2  、  重 复 申 请  0  0  0  0  1  0  1",
            "3、 要 求 提供 公开出",
            "0  0  0  0  0  0  0",
            "版 物",
            "于 处理”4、  无正当 理由 大量",
            "0  0  0  0  0  0  0",
            "反复 申请  :",
            "5  、 要 求 行政机关 确  ，",
            "认 或重新出具忆获  0  0  0  0  0  0  0",
            "取信息",
            "1、 申请人 无正当 理",
            ".  由和 逾期 不补正、  行  0  0  0  0  0  0  0",
            "政 机关 不 再处理 其",
            "政府 信息 公开 申请",
            "。",
            "(六)  其  2  、  申请人 逾期未 按",
            "他 处理 ”收费通知要求缴纳",
            "费用  、  行政机关不  0  0  0  0  0  0  0",
            "再 处理 其 政府信息",
            ".公开 申请",
            "3  、  其他  0  0  0  0  0  0  0",
            "总证  12  1  0  4  7  0  24",
            ".  四  、  结 转 下 年度继续 办 理  1  1  0  0  0  0  2",
        ])
        #expect(rows["rejected_confirmation"] == [0, 0, 0, 0, 0, 0, 0])
        #expect(rows["other_no_correction"] == [0, 0, 0, 0, 0, 0, 0])
        #expect(rows["rejected_petition"] == [2, 0, 0, 1, 1, 0, 4])
        var context = GroupContext("四")
        for (index, group) in [(2, "四"), (3, "四"), (1, "五"), (2, "五"), (1, "六"), (1, "六")] {
            context.read(LabelText.Numbering(index: index))
            #expect(context.group == group)
        }
        context.read(LabelText.Numbering(paren: "三"))
        context.read(LabelText.Numbering(index: 1))
        #expect(context.group == "三")
    }

    @Test func aLineEndingInNumbersIsARowThoughItHoldsAFullStop() {
        #expect(SectionTokens.isProse("全年共收到申请25件。其中自然人20件"))
        #expect(SectionTokens.isProse("本年度收到申请 3 件。分别为 1 2"))
        #expect(!SectionTokens.isProse("（五）不。3. 要求提供公开出版物 0 0 0 0 0 0 0"))
        #expect(!SectionTokens.isProse("（七 攻和 。，、、， 2932 53 0 0 61 4 3050"))
        #expect(!SectionTokens.isProse("1.属于国家秘密 0 0 0 0 0 0 0"))
    }

    @Test func aValueThatCannotBeACountIsNullWithAnIssue() async throws {
        let lines = Self.table.flatMap { row -> [String] in
            var cells: [String] = row.cells.map(String.init)
            if row.key == "granted" { cells[0] = "3.5" }
            return row.label + [cells.joined(separator: "\t")]
        }
        let (rows, issues) = try await Self.applications(lines)
        #expect(rows["granted"]?[0] == nil)
        #expect(issues.contains { $0.contains("cannot be a count") || $0.contains("not all counts") })
    }

    @Test func aRunOfDigitsLongerThanAnyIntegerIsNullWithAnIssue() async throws {
        // Found by the fuzzer: a cell of 49 digits was said in the issue as an Int, and trapped.
        let digits = String(repeating: "9", count: 48) + "0"
        let lines = Self.table.flatMap { row -> [String] in
            row.label + (row.key == "granted" ? [digits] + row.cells.dropFirst().map(String.init) : row.cells.map(String.init))
        }
        let (rows, issues) = try await Self.applications(lines)
        #expect(rows["granted"]?[0] == nil)
        #expect(issues.contains { $0.contains("cannot be a count") || $0.contains("not all counts") })
        #expect(ReconciliationRule.format(1e49) == "1e+49")
    }

    @Test func runReadingsOfEachKind() {
        let total: ([Int]) -> Bool = { $0.dropLast().reduce(0, +) == $0.last! }
        #expect(RunReadings.readings(["9", "0", "9"], width: 7, fits: total).readings.map { $0.map(\.value) } == [[9, 0, 0, 0, 0, 0, 9]])
        #expect(RunReadings.readings(["1", "62", "0", "0", "0", "0", "0", "162"], width: 7, fits: total).readings.map { $0.map(\.value) }
            == [[162, 0, 0, 0, 0, 0, 162]])
        #expect(RunReadings.readings(["713000074"], width: 7, fits: total).readings.map { $0.map(\.value) } == [[71, 3, 0, 0, 0, 0, 74]])
        // 140 5 0 1 0 146: the 1 may be under two columns; both readings hold the row total.
        #expect(RunReadings.readings(["140", "5", "0", "1", "0", "146"], width: 7, fits: total).readings.count == 2)
        #expect(RunReadings.readings(["3", "3"], width: 7, fits: total).readings.isEmpty)
    }

    @Test func aTableOnOneLineIsReadFromTheDigitRunsItsLabelsEndIn() async throws {
        // The body on one line, each row's cells run together onto its label: every row's run
        // cut where the row total and the identities across rows hold.
        let body = Self.table.map { $0.label.joined() + $0.cells.map(String.init).joined() }.joined()
        let (rows, issues) = try await Self.applications([body])
        Self.expectTable(rows)
        #expect(issues.contains { $0.contains("cells run together into one digit run") })
    }

    @Test func aRunThatTwoCutsFitLeavesTheCellsTheyDisagreeOnNull() {
        let total: ([Int]) -> Bool = { $0.dropLast().reduce(0, +) == $0.last! }
        // `110000011` is 11,0,0,0,0,0,11 or 1,10,0,0,0,0,11: both hold the row total.
        let readings = RunReadings.readings(["110000011"], width: 7, fits: total).readings.map { $0.map(\.value) }
        #expect(Set(readings) == [[11, 0, 0, 0, 0, 0, 11], [1, 10, 0, 0, 0, 0, 11]])
        // A run of zeros is one zero a cell; a run with more cuts than are tried settles nothing.
        #expect(RunReadings.readings(["0000000"], width: 7, fits: total).readings.map { $0.map(\.value) } == [[Int](repeating: 0, count: 7)])
        #expect(RunReadings.readings([String(repeating: "1234", count: 8)], width: 15, fits: { _ in true }).readings.isEmpty)
        // Found by the fuzzer: a run longer than seven nine-digit numbers took 20 s to find no cut.
        #expect(RunReadings.readings([String(repeating: "3", count: 115)], width: 7, fits: total).readings.isEmpty)
    }

    @Test func digitsRunOntoALabelAreNumbersWhereTheNextLabelOrTheEndFollows() {
        func kinds(_ piece: String) -> [String] {
            SectionTokens.split(Substring(piece), line: 0, previousIsNumber: false).map { ($0.kind == .number ? "#" : "") + $0.text }
        }
        #expect(kinds("规章000规范性文件337第二十条") == ["规章", "#000", "规范性文件", "#337", "第二十条"])
        #expect(kinds("合法权益00000005.属于三类内部事务信息0000000") == ["合法权益", "#0000000", "5.属于三类内部事务信息", "#0000000"])
        #expect(kinds("（七）总计120000012四、结转下年度继续办理") == ["（七）总计", "#120000012", "四、结转下年度继续办理"])
        #expect(kinds("3.其他0000000）总计9000009") == ["3.其他", "#0000000", "）总计", "#9000009"])
        // Counts in prose, ordinals and a label's own numbering stay text.
        #expect(kinds("截至2024年底共3件") == ["截至2024年底共3件"])
        #expect(kinds("第20条（一）") == ["第20条（一）"])
        #expect(kinds("（三）不予公开1.属于国家秘密") == ["（三）不予公开1.属于国家秘密"])
        #expect(kinds("予以公开287") == ["予以公开", "#287"])
        // A label's numbering whose mark OCR lost, inside the label.
        #expect(kinds("人4保护第三方合法权益") == ["人4保护第三方合法权益"])
        #expect(kinds("规章5规范性文件7") == ["规章", "#5", "规范性文件", "#7"])
    }

    @Test func theIdentitiesAcrossRowsSettleARowThatTwoReadingsFit() {
        let identities = ReportTemplate.identities(.v2021, singleOther: false).filter { $0.rule == "applications.outcome_sum" }
        let options: [String: [RunReadings.Reading]] = [
            "total": [[5, 1, 0, 0, 1, 0, 7].map { ($0, 0) }],
            "granted": [[5, 1, 0, 0, 0, 0, 6].map { ($0, 0) }],
            "unable_not_held": [[0, 0, 0, 1, 0, 0, 1].map { ($0, 0) }, [0, 0, 0, 0, 1, 0, 1].map { ($0, 0) }],
        ]
        var all = options
        let zeros: RunReadings.Reading = Self.zero.map { (value: $0, token: 0) }
        for key in ReportTemplate.outcomeRows(.v2021, singleOther: false) where all[key] == nil { all[key] = [zeros] }
        let settled = Settle.cells(all, identities: identities, table: "applications", columns: ReportTemplate.applicationColumns.map(\.key))
        #expect(settled.cells["unable_not_held"]?.map { $0?.value } == [0, 0, 0, 0, 1, 0, 1])
    }

    @Test func aCrawlerHeaderIsMetadataAndTheTitleNamesTheAgency() async throws {
        let text = "标题: 某市统计局2024年政府信息公开工作年度报告\n发布时间: 2025-01-21 13:01\n文号: \n发布机构: 某市统计局\n栏目: 年报\n正文:\n本报告依据条例编制。\n"
        let (fields, body) = TextDecoding.headerBlock(text)
        #expect(fields["标题"] == "某市统计局2024年政府信息公开工作年度报告")
        #expect(fields["发布机构"] == "某市统计局")
        #expect(!body.contains("标题") && body.hasPrefix("本报告"))
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("header-\(UUID().uuidString).txt")
        try (text + Self.report([]).joined(separator: "\n")).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var doc = Document(id: "header", source: url.path)
        doc = try await TextExtract(options: StageOptions(values: [:], specs: TextExtract.options)).process(doc, in: Pipeline.context)
        doc = try await Pipeline.run(doc)
        #expect(doc.record.value(at: "report.agency").stringValue == "某市统计局")
        #expect(doc.record.value(at: "report.title").stringValue == "某市统计局2024年政府信息公开工作年度报告")
        #expect(doc.record.value(at: "report.year").intValue == 2024)
    }
}
