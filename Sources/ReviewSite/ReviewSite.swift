import Foundation
import IngestKit

/// `ingest report`: a static, offline review site of a run's records, every record beside its
/// source, with charts across agencies and years and the checks between years.
///
/// ```swift
/// let records = try await RecordStore.records(from: "out/reports.sqlite")
/// let built = try ReviewSite.build(records, into: URL(fileURLWithPath: "report"), work: URL(fileURLWithPath: ".ingest"))
/// print(built.summary)
/// ```
///
/// The site is files only (`index.html`, `series.html`, `docs/ID.html`, `pages/ID/N.png`,
/// `site.css`, `site.js`): it opens from the file system, and can be copied anywhere. A
/// rebuild writes only the files whose content changed and renders only pages not yet
/// rendered, so after a replay only the documents whose records changed are rewritten.
public enum ReviewSite {
    /// What a build did.
    public struct Built: Sendable {
        public let documents: Int
        public let written: [String]
        public let unchanged: Int
        public let pagesRendered: Int
        public let removed: Int
        public let seriesResults: Int
        public let seriesMismatches: Int
        /// Documents whose source could not be shown, with why.
        public let problems: [String: String]

        public var summary: String {
            var line = "\(documents) documents: \(written.count) files written, \(unchanged) unchanged, \(pagesRendered) pages rendered"
            if removed > 0 { line += ", \(removed) stale files removed" }
            line += "; series checks: \(seriesResults - seriesMismatches)/\(seriesResults) agree"
            return line
        }
    }

    /// Builds (or brings up to date) the site in `root` from `records`. `work` is the engine's
    /// work folder: the checkpoints give the cleaned text of text and web sources and place on
    /// a PDF's pages the cells read from its text (`TextBoxes`), the ledger the last run's
    /// summary; without it those are left out.
    public static func build(_ records: [ReviewRecord], into root: URL, work: URL?) throws -> Built {
        var files = try SiteFiles(root: root)
        let ledger = work.map { $0.appendingPathComponent("ledger.sqlite") }
            .flatMap { FileManager.default.fileExists(atPath: $0.path) ? (try? Ledger(url: $0)) : nil }
        let store = work.map { CheckpointStore(workDirectory: $0) }
        var rendered = 0
        var problems: [String: String] = [:]
        for record in records {
            var pages: [PageImage] = []
            var cleanText: [String]? = nil
            var located: [String: TextBoxes.Located] = [:]
            var problem: String? = nil
            do {
                let artifact = try ledger.flatMap { ledger in try store.flatMap { try Self.artifact(of: record.id, ledger: ledger, store: $0) } }
                if record.kind == SourceKind.pdf.rawValue {
                    pages = try PageImages.pages(of: record, root: root, rendered: &rendered)
                    pages.forEach { files.keep($0.file) }
                    if let artifact { located = TextBoxes.locate(record.cells, in: artifact) }
                } else {
                    cleanText = artifact?.text.map { $0.lines.map(\.text) }
                }
            } catch {
                problem = "\(record.title)：\(error)"
                problems[record.id] = problem
            }
            let document = DocumentPage(record: record, pages: pages, located: located, cleanText: cleanText, problem: problem)
            try files.write("docs/\(record.id).html", document.html)
        }
        let series = SeriesCheck.results(records)
        try files.write("site.css", SiteAssets.css)
        try files.write("site.js", SiteAssets.js)
        try files.write("series.html", SeriesPage.html(records, results: series))
        try files.write("index.html", IndexPage.html(records, run: ledger.flatMap(runSummary), series: series, problems: problems))
        let removed = try files.removeStale(under: ["docs", "pages"])
        return Built(documents: records.count, written: files.written, unchanged: files.unchanged, pagesRendered: rendered,
                     removed: removed, seriesResults: series.count, seriesMismatches: series.filter { !$0.ok }.count, problems: problems)
    }

    /// The document as the pipeline last left it (cleaned text and, for PDFs, pages with glyph
    /// boxes), from its checkpoints; nil when the work folder holds none.
    static func artifact(of id: String, ledger: Ledger, store: CheckpointStore) throws -> Document? {
        for key in try ledger.artifactKeys(document: id) {
            if let (document, _) = try store.load(document: id, key: key), document.text != nil { return document }
        }
        return nil
    }

    static func runSummary(_ ledger: Ledger) -> RunSummary? {
        guard let run = try? ledger.lastRun() else { return nil }
        var line = "最近一次运行：\(run.command) #\(run.id)，开始于 \(run.startedAt)"
        if let finished = run.finishedAt { line += "，结束于 \(finished)" }
        line += "；\(run.documents) 份文档，\(run.failed) 份失败；输出目录 \(run.outputDirectory)"
        return RunSummary(line: line)
    }
}
