import IngestKit
import Testing
import TestSupport
@testable import AnnualReport

/// Tables read by OCR that fail an identity: which cells are not published.
@Suite struct RecognizedConsistencyTests {
    typealias CellRef = ReportTemplate.CellRef
    static let identities = ReportTemplate.identities(.v2021, singleOther: false)
    static let columns = ReportTemplate.applicationColumns.map(\.key)

    /// A table 三 and 四 that meets every identity, its counts drawn from `rng`.
    static func consistentTable(_ rng: inout SeededGenerator) -> [CellRef: Double] {
        var cells: [CellRef: Double] = [:]
        let outcomes = ReportTemplate.outcomeRows(.v2021, singleOther: false)
        let applicants = columns.filter { $0 != ReportTemplate.applicationTotalColumn }
        func put(_ row: String, _ values: [Double]) {
            for (column, value) in zip(applicants, values) { cells[CellRef("applications", row, column)] = value }
            cells[CellRef("applications", row, ReportTemplate.applicationTotalColumn)] = values.reduce(0, +)
        }
        var total = [Double](repeating: 0, count: applicants.count)
        for row in outcomes {
            let values = applicants.map { _ in Double(rng.below(4) == 0 ? rng.int(0...40) : 0) }
            put(row, values)
            total = zip(total, values).map { $0 + $1 }
        }
        put("total", total)
        let forward = applicants.map { _ in Double(rng.int(0...5)) }
        let carried = zip(total, forward).map { Double(rng.int(0...Int($0 + $1))) }
        put("carried_forward", forward)
        put("carried_over", carried)
        put("new_received", zip(zip(total, forward), carried).map { $0.0 + $0.1 - $1 })
        for (group, _) in ReportTemplate.reviewGroups {
            let results = ReportTemplate.reviewResults.map(\.key)
            let values = results.dropLast().map { _ in Double(rng.int(0...6)) }
            for (result, value) in zip(results, values) { cells[CellRef("review_litigation", group, result)] = value }
            cells[CellRef("review_litigation", group, "total")] = values.reduce(0, +)
        }
        return cells
    }

    @Test func aTableMeetingEveryIdentityKeepsEveryCell() {
        var rng = SeededGenerator(seed: 5)
        let table = Self.consistentTable(&rng)
        #expect(RecognizedConsistency.inconsistent(Self.identities) { table[$0] } == .init())
    }

    /// The total column's total read `35` for `55`: the row, the column's balance and its
    /// outcome sum fail, and only that cell makes all three hold — it alone is null.
    @Test func theOneCellEveryFailedIdentityNamesIsTheOneNulled() throws {
        var rng = SeededGenerator(seed: 5)
        var table = Self.consistentTable(&rng)
        let cell = CellRef("applications", "total", ReportTemplate.applicationTotalColumn)
        table[cell] = try #require(table[cell]) + 20
        let found = RecognizedConsistency.inconsistent(Self.identities) { table[$0] }
        #expect(found.cells == [cell])
        #expect(found.notes.count == 1)
    }

    /// A row failing its total where the table's column identities cannot be checked (its
    /// total row unread) and more than one of its cells could be the wrong one: the whole row.
    @Test func aFailedRowNoOneCellExplainsIsNulledWhole() {
        var table: [CellRef: Double] = [:]
        let values: [Double] = [3, 1, 0, 0, 0, 0, 5]
        for (column, value) in zip(Self.columns, values) { table[CellRef("applications", "granted", column)] = value }
        let found = RecognizedConsistency.inconsistent(Self.identities) { table[$0] }
        #expect(found.cells == Set(Self.columns.map { CellRef("applications", "granted", $0) }))
        #expect(found.notes.contains { $0.contains("row_total") && $0.contains("granted") })
    }

    /// A total read smaller than the cells it sums, the rest unknown: only the total can be
    /// the wrong one (no count is negative), so only it is null.
    @Test func aTotalBelowItsPartsIsTheCellNulled() {
        var table: [CellRef: Double] = [:]
        let values: [Double] = [447, 7, 0, 0, 0, 0, 4]
        for (column, value) in zip(Self.columns, values) { table[CellRef("applications", "partially_granted", column)] = value }
        let found = RecognizedConsistency.inconsistent(Self.identities) { table[$0] }
        #expect(found.cells == [CellRef("applications", "partially_granted", ReportTemplate.applicationTotalColumn)])
    }

    /// Table 二's values OCR cannot tell from another: a change opening with 4 and no sign
    /// (`+8` read `48`), an amount of several digits and no point (`40.77` read `4077`).
    @Test func disclosureValuesOCRCannotTellApart() {
        for (field, text) in [("change", "48"), ("change", "42"), ("amount", "4077"), ("amount", "12")] {
            #expect(RecognizedConsistency.ambiguousDisclosure(field: field, text: text) != nil, "\(field) \(text)")
        }
        for (field, text) in [("change", "+48"), ("change", "-42"), ("change", "4"), ("change", "38"), ("amount", "40.77"),
                              ("amount", "0"), ("decisions", "4077"), ("in_force", "48")] {
            #expect(RecognizedConsistency.ambiguousDisclosure(field: field, text: text) == nil, "\(field) \(text)")
        }
    }

    /// Thousands of consistent tables, one cell of each read wrong (a digit lost, added or
    /// changed): the wrong value is never left standing where an identity can see it, and a
    /// table whose identities all hold keeps every cell.
    @Test func oneMisreadCellIsNeverLeftWhereAnIdentitySeesIt() {
        var rng = SeededGenerator(seed: 11)
        var nulledRight = 0, trials = 0
        for _ in 0..<3000 {
            var table = Self.consistentTable(&rng)
            let cell = rng.pick(table.keys.sorted { "\($0.table)\($0)" < "\($1.table)\($1)" })
            let truth = table[cell]!
            let misread: Double = switch rng.below(3) {
            case 0: truth >= 10 ? (truth / 10).rounded(.down) : truth + 10
            case 1: truth * 10 + Double(rng.int(0...9))
            default: Double((Int(truth) + rng.int(1...9)) % 100)
            }
            guard misread != truth else { continue }
            table[cell] = misread
            trials += 1
            let found = RecognizedConsistency.inconsistent(Self.identities) { table[$0] }
            #expect(found.cells.contains(cell), "\(cell) read \(misread) for \(truth)")
            nulledRight += found.cells.count - 1
        }
        #expect(trials > 2500)
        // What it costs: right cells nulled beside each misread one (said, not asserted beyond
        // the whole table's size).
        print("recognized consistency: \(trials) single misreads all nulled; \(nulledRight) right cells nulled with them")
    }
}

/// The schema stage applies it to pages the ocr stage read, and only to them.
@Suite struct RecognizedPagesTests {
    static func document(fonts: [String]?, lines: [String] = Pipeline.applicationsRows(["granted": [3, 1, 0, 0, 0, 0, 5]])) -> Document {
        var document = Document(id: "test", source: "test.txt")
        document.kind = .text
        document.pages = [Page(number: 1, text: lines.joined(separator: "\n"), lines: lines.map { TextLine(text: $0) }, fonts: fonts)]
        return document
    }

    @Test func aFailedTotalIsNullOnARecognizedPageAndKeptOnATypesetOne() async throws {
        let typeset = try await Pipeline.run(Self.document(fonts: nil))
        #expect(typeset.record.value(at: "tables.applications.rows").objectValue?["granted"]?.numbers == [3, 1, 0, 0, 0, 0, 5])
        let recognized = try await Pipeline.run(Self.document(fonts: []))
        let granted = recognized.record.value(at: "tables.applications.rows").objectValue?["granted"]?.numbers
        #expect(granted?.contains(5) == false)
        #expect(recognized.issues.contains { $0.message.contains("read by OCR") })
    }

    /// Five of table 四's fifteen numbers, under no header that was read: typeset, they are
    /// the first group's; read by OCR, the ten missing may as well have been before them.
    @Test func aShortTable四RowIsPlacedByPositionOnlyWhenTypeset() async throws {
        let lines = ["某县人民政府2024年政府信息公开工作年度报告", "一、总体情况", "正文。", "四、政府信息公开行政复议、行政诉讼情况", "行政复议\t\t\t\t\t行政诉讼", "0\t0\t1\t0\t1", "五、存在的主要问题及改进情况", "无。"]
        let typeset = try await Pipeline.run(Self.document(fonts: nil, lines: lines))
        #expect(typeset.record["tables"]["review_litigation"]["review"]["total"] == 1)
        let recognized = try await Pipeline.run(Self.document(fonts: [], lines: lines))
        #expect(recognized.record["tables"]["review_litigation"]["review"]["total"] == .null)
        #expect(recognized.issues.contains { $0.message.contains("neither its headers nor the narrative") }, "\(recognized.issues.map(\.message))")
    }
}
