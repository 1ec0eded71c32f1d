import Foundation
import IngestKit
import ReviewSite
import StageCatalog
import Testing

/// The package root, and the shared reports beside it.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedReports = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

/// Where the browser test leaves its screenshots: `.build/test-output/review-site`.
let testOutput = packageRoot.appendingPathComponent(".build/test-output/review-site")

/// The default pipeline run over `../shared/real` and the seeds, its records read back from the
/// SQLite database, and the review site built from them, once for the suite.
actor BuiltSite {
    static let shared = BuiltSite()
    struct Site {
        let root: URL
        let scratch: URL
        let records: [JSONValue]
        let first: ReviewSite.Built
        let second: ReviewSite.Built
    }
    private var site: Site?

    func get() async throws -> Site {
        if let site { return site }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("review-site-\(UUID().uuidString)")
        let out = scratch.appendingPathComponent("out"), work = scratch.appendingPathComponent("work")
        let inputs = ["real", "seeds"].map { sharedReports.appendingPathComponent($0).path }
        for input in inputs { try #require(FileManager.default.fileExists(atPath: input), "no \(input)") }
        let config = try PipelineConfig.load(contentsOf: packageRoot.appendingPathComponent("pipeline.json"), registry: stageCatalog)
        let (files, _) = Inputs.expand(inputs)
        let report = try await Runner(config: config, settings: RunSettings(configFile: "pipeline.json", outputDirectory: out, workDirectory: work))
            .run(files: files)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let database = out.appendingPathComponent("reports.sqlite").path
        let records = try await RecordStore.records(from: database)
        let root = scratch.appendingPathComponent("site")
        let first = try ReviewSite.build(records, into: root, work: work)
        let second = try ReviewSite.build(try await RecordStore.records(from: database), into: root, work: work)
        let raw = records.map(\.json)
        let built = Site(root: root, scratch: scratch, records: raw, first: first, second: second)
        site = built
        return built
    }
}

/// Every outlined box on each page of a document page's DOM: its `data-path` and `data-from`.
func boxesByPage(_ dom: String) -> [Int: [(path: String, from: String)]] {
    func attribute(_ name: String, in element: Substring) -> String {
        guard let start = element.range(of: "\(name)=\"")?.upperBound else { return "" }
        return String(element[start...].prefix { $0 != "\"" })
    }
    var out: [Int: [(path: String, from: String)]] = [:]
    for chunk in dom.components(separatedBy: "<div class=\"page\" id=\"page-").dropFirst() {
        let number = Int(chunk.prefix { $0.isNumber })!
        let body = chunk.components(separatedBy: "</div>")[0]
        out[number] = body.components(separatedBy: "<a class=\"box mark ").dropFirst().map { box in
            let element = box.prefix { $0 != ">" }
            return (attribute("data-path", in: element), attribute("data-from", in: element))
        }
    }
    return out
}

/// How many times `needle` occurs in `text`.
func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

@Suite(.serialized) struct ReviewSiteBrowserTests {
    let chromium: Chromium

    init() throws {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("review-site-chromium-\(UUID().uuidString)")
        chromium = try #require(Chromium.find(profile: profile), "chromium is not installed (scripts/setup-system installs it)")
    }

    @Test func theIndexHasOneRowPerRecordFailuresFirstAndItsScriptRan() async throws {
        let site = try await BuiltSite.shared.get()
        let dom = try chromium.dom(site.root.appendingPathComponent("index.html"))
        #expect(dom.contains("data-ready=\"yes\""), "the page's script did not run to its end")
        #expect(occurrences("<tr class=\"record", in: dom) == site.records.count)
        for record in site.records {
            let id = try #require(record.value(at: "document.id").stringValue)
            #expect(occurrences("data-id=\"\(id)\"", in: dom) == 1, "no index row for \(id)")
        }
        let failing = site.records.filter { ($0["checks"].arrayValue ?? []).contains { $0["ok"] == false } }.count
        let rows = dom.components(separatedBy: "<tr class=\"record").dropFirst()
        #expect(rows.prefix(failing).allSatisfy { $0.hasPrefix(" has-failure") }, "documents with failed checks come first")
        #expect(rows.dropFirst(failing).allSatisfy { !$0.hasPrefix(" has-failure") })
        for chart in ["chart-applications", "chart-outcomes", "chart-reviews"] {
            #expect(dom.contains("id=\"\(chart)\"><svg"), "no \(chart)")
        }
        try FileManager.default.createDirectory(at: testOutput, withIntermediateDirectories: true)
        let shot = testOutput.appendingPathComponent("index.png")
        try chromium.screenshot(site.root.appendingPathComponent("index.html"), to: shot, width: 1400, height: 1000)
        #expect(try Data(contentsOf: shot).prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func aPDFsPagesOutlineExactlyTheRecordsCellsThatCarryABox() async throws {
        let site = try await BuiltSite.shared.get()
        let pdfs = site.records.filter { $0.value(at: "document.kind") == "pdf" }
        try #require(!pdfs.isEmpty, "../shared/real holds a PDF")
        for record in pdfs {
            let id = try #require(record.value(at: "document.id").stringValue)
            var expected: [Int: [String]] = [:]
            for (path, origin) in record["provenance"].objectValue ?? [:] where path.hasPrefix("tables.") && origin["box"].arrayValue != nil {
                expected[try #require(origin["page"].intValue), default: []].append(path)
            }
            try #require(!expected.isEmpty, "the PDF's record carries boxes")
            let page = site.root.appendingPathComponent("docs/\(id).html")
            let dom = try chromium.dom(page)
            let shown = boxesByPage(dom)
            #expect(shown.count == record.value(at: "document.pages").intValue, "one rendered page per page of the PDF")
            for number in Set(expected.keys).union(shown.keys) {
                let fromRecord = (shown[number] ?? []).filter { $0.from == "record" }.map(\.path)
                #expect(fromRecord.sorted() == (expected[number] ?? []).sorted(), "page \(number)")
            }
            // The cells the record cites by cleaned line only are outlined too, each once.
            let cited = (record["provenance"].objectValue ?? [:]).filter { $0.key.hasPrefix("tables.") && $0.value["box"].isNull }
            let fromText = shown.values.flatMap { $0.filter { $0.from != "record" }.map(\.path) }
            #expect(fromText.sorted() == cited.keys.sorted())
            #expect(shown.values.flatMap { $0 }.allSatisfy { ["record", "text", "line"].contains($0.from) })
            for number in shown.keys {
                let png = site.root.appendingPathComponent("pages/\(id)/\(number).png")
                #expect(try Data(contentsOf: png).prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "page \(number) rendered to PNG")
            }
            // The screenshot shows the page with the most outlined cells.
            let busiest = try #require(shown.max { $0.value.count < $1.value.count }?.key)
            let shot = testOutput.appendingPathComponent("document.png")
            try FileManager.default.createDirectory(at: testOutput, withIntermediateDirectories: true)
            var only = URLComponents(url: page, resolvingAgainstBaseURL: false)!
            only.query = "pages=\(busiest)"
            try chromium.screenshot(only.url!, to: shot, width: 1500, height: 1150)
            #expect(try Data(contentsOf: shot).count > 50_000, "the screenshot shows the page")
        }
    }

    @Test func aFailedCheckShowsAsFailedOnItsDocumentsPage() async throws {
        let site = try await BuiltSite.shared.get()
        let failing = site.records.filter { ($0["checks"].arrayValue ?? []).contains { $0["ok"] == false } }
        try #require(!failing.isEmpty, "the real reports and seeds include a document whose checks fail")
        for record in failing {
            let id = try #require(record.value(at: "document.id").stringValue)
            let dom = try chromium.dom(site.root.appendingPathComponent("docs/\(id).html"))
            let checks = record["checks"].arrayValue ?? []
            #expect(occurrences("<li class=\"check failed\"", in: dom) == checks.filter { $0["ok"] == false }.count)
            #expect(occurrences("<li class=\"check passed\"", in: dom) == checks.filter { $0["ok"] == true }.count)
            for check in checks where check["ok"] == false {
                let rule = try #require(check["rule"].stringValue)
                #expect(dom.contains("<li class=\"check failed\" data-rule=\"\(rule)\" data-ok=\"false\"><b>未通过</b>"), "\(rule) not shown as failed")
            }
        }
    }

    @Test func aPlantedCarriedOverMismatchIsListedOnTheSeriesPage() throws {
        let records = [
            try record("某县人民政府办公室", 2023, rows: ["carried_forward": [2, 0, 0, 0, 0, 1, 3]]),
            try record("某县人民政府办公室", 2024, rows: ["carried_over": [2, 0, 0, 0, 0, 0, 2]]),
            try record("某县人民政府办公室", 2025, rows: ["carried_over": [0, 0, 0, 0, 0, 0, 0]]),
        ]
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("review-series-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let built = try ReviewSite.build(records, into: root, work: nil)
        #expect(built.seriesResults == 14)
        #expect(built.seriesMismatches == 2)
        let dom = try chromium.dom(root.appendingPathComponent("series.html"))
        let listed = dom.components(separatedBy: "<li class=\"check failed mismatch\"").dropFirst()
        #expect(listed.count == 2)
        #expect(listed.allSatisfy { $0.hasPrefix(" data-rule=\"series.carried_over\" data-agency=\"某县人民政府办公室\" data-year=\"2024\"") })
        #expect(listed.first?.contains("2024年「上年结转」其他为 0，2023年「结转下年度继续办理」为 1") == true)
        let index = try chromium.dom(root.appendingPathComponent("index.html"))
        #expect(index.contains("<b class=\"fail-text\">2/14</b>"))
    }

    @Test func rebuildingWithTheSameRecordsWritesNothing() async throws {
        let site = try await BuiltSite.shared.get()
        #expect(site.first.pagesRendered > 0)
        #expect(!site.first.written.isEmpty)
        #expect(site.second.written == [], "a rebuild rewrote \(site.second.written)")
        #expect(site.second.pagesRendered == 0)
        #expect(site.second.removed == 0)
    }
}
