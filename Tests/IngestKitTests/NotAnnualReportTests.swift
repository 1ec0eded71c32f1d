import Foundation
import GRDB
import Testing
@testable import IngestKit

/// Documents that are not annual reports (a notice about a report, a budget, a blank page) in
/// a folder with a report, through the bundled pipeline: set aside with a reason, not failed,
/// and kept out of the reports and table rows.
@Suite struct NotAnnualReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/AnnualReportTests/Fixtures/not-reports")
    static let report = root.appendingPathComponent("samples/text/000_022dc25bfed7dc13.txt")

    /// The run over the three fixtures and one report, and its records by file name.
    func runFolder(_ scratch: Scratch) async throws -> (RunReport, [String: JSONValue]) {
        let files = ["notice.pdf", "budget.txt", "blank.pdf"].map { Self.fixtures.appendingPathComponent($0).path } + [Self.report.path]
        let config = try PipelineConfig.load(contentsOf: Self.root.appendingPathComponent("pipeline.json"), registry: testRegistry)
        let report = try await run(config, files, in: scratch)
        var records: [String: JSONValue] = [:]
        for line in try lines(of: scratch.path("out/records.jsonl")) {
            let record = try JSONValue.parse(Data(line.utf8))
            records[URL(fileURLWithPath: record.value(at: "document.source").stringValue ?? "").lastPathComponent] = record
        }
        return (report, records)
    }

    @Test func aNoticeABudgetAndABlankPageAreSetAsideWithReasonsAndNoneFails() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let (report, records) = try await runFolder(scratch)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.exitCode == 0)
        #expect(Set(report.setAside.map { URL(fileURLWithPath: $0.source).lastPathComponent }) == ["notice.pdf", "budget.txt", "blank.pdf"])
        for name in ["notice.pdf", "budget.txt", "blank.pdf"] {
            let record = try #require(records[name])
            #expect(record["kind"] == "not_annual_report", "\(name)")
            #expect(!(record["kind_reason"].stringValue ?? "").isEmpty, "\(name)")
            #expect(record["tables"].isNull && record["checks"].isNull && record["sections"].isNull, "\(name) carries no report fields")
        }
        #expect(records["notice.pdf"]?["kind_reason"].stringValue?.contains("does not name an annual report") == true)
        #expect(records["blank.pdf"]?["kind_reason"].stringValue?.contains("no readable text") == true)
        #expect(records["000_022dc25bfed7dc13.txt"]?["kind"].isNull == true, "the report stays a report")
        #expect(records["000_022dc25bfed7dc13.txt"]?.value(at: "report.year").intValue != nil)
    }

    @Test func noneOfThemIsInTheReportsOrTableRowsOfTheDatabase() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        _ = try await runFolder(scratch)
        let database = try DatabaseQueue(path: scratch.path("out/reports.sqlite"))
        let setAside = "SELECT document_id FROM documents WHERE json_extract(record, '$.kind') = 'not_annual_report'"
        let (documents, reports, notReports) = try await database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM documents"),
             try String.fetchAll(db, sql: "SELECT source FROM documents JOIN reports USING (document_id)"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(setAside))"))
        }
        #expect(documents == 4)
        #expect(reports.map { URL(fileURLWithPath: $0).lastPathComponent } == ["000_022dc25bfed7dc13.txt"])
        #expect(notReports == 3)
        for table in ["applications", "review_litigation", "active_disclosure", "checks"] {
            let rows = try await database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE document_id IN (\(setAside))") }
            #expect(rows == 0, "\(table)")
        }
        let issues = try await database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM issues WHERE document_id IN (\(setAside))") }
        #expect((issues ?? 0) >= 3, "their issues are kept")
    }

    @Test func aSecondRunStillListsThemThoughEveryStageIsUpToDate() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        _ = try await runFolder(scratch)
        let (again, _) = try await runFolder(scratch)
        #expect(again.upToDate == 4 && again.processed == 0)
        #expect(again.setAside.count == 3)
        let ledger = try Ledger(url: scratch.url.appendingPathComponent("work/ledger.sqlite"))
        #expect(try ledger.setAside(run: again.run).count == 3)
    }
}
