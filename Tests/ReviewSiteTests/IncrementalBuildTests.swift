import Foundation
import IngestKit
import ReviewSite
import Testing

@Suite struct IncrementalBuildTests {
    @Test func aRebuildWritesOnlyThePagesOfChangedRecordsAndRemovesThoseOfGoneOnes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("review-incremental-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let a = try record("甲局", 2023), b = try record("乙局", 2023), c = try record("丙局", 2023)
        let first = try ReviewSite.build([a, b, c], into: root, work: nil)
        #expect(Set(first.written) == ["docs/\(a.id).html", "docs/\(b.id).html", "docs/\(c.id).html",
                                       "index.html", "series.html", "site.css", "site.js"])

        // b gains an issue (as a replay of its schema stage might give it); c is gone.
        var json = b.json
        json["issues"] = [["stage": "schema.annual-report", "severity": "warning", "message": "a cell is not shown"]]
        let second = try ReviewSite.build([a, try ReviewRecord(json)], into: root, work: nil)
        #expect(Set(second.written) == ["docs/\(b.id).html", "index.html", "series.html"])
        #expect(second.removed == 1)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("docs/\(c.id).html").path))
        #expect(try String(contentsOf: root.appendingPathComponent("docs/\(b.id).html"), encoding: .utf8).contains("a cell is not shown"))
    }
}
