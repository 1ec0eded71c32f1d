import Testing
@testable import IngestKit

/// The record a sink writes carries the issues and provenance exactly as their Codable form
/// prints them, built without a round trip through JSON bytes.
@Suite struct OutputRecordTests {
    @Test func issuesAndProvenanceAreTheirCodableJSON() throws {
        var document = Document(id: "ab", source: "a.pdf")
        document.addIssue(.warning, "table 二: 行政许可 \"决定\" \\ 未读出\n", stage: "schema.annual-report")
        document.addIssue(.info, "", stage: "extract.pdf")
        document.provenance["tables.applications.rows.total[6]"] = Provenance(page: 3, box: Box(x0: 72, y0: 96.25, x1: 1e300, y1: -0.5), text: "1,626", line: nil)
        document.provenance["year"] = Provenance(text: "2024年", line: 0)
        document.provenance["agency"] = Provenance(page: nil, box: Box(x0: 0, y0: 0, x1: 0.1, y1: 9_007_199_254_740_993), text: "")
        let record = document.outputRecord
        #expect(record["issues"] == (try JSON.value(of: document.issues)))
        #expect(record["provenance"] == (try JSON.value(of: document.provenance)))
    }
}
