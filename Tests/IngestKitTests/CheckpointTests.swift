import Foundation
import Testing
@testable import IngestKit

@Suite struct CheckpointTests {
    /// A PDF page (size, boxed lines, one glyph box per scalar of its CJK text) and a text page
    /// (no size, a line without a box, flagged for OCR), with the rest of an artifact around them.
    func document() -> Document {
        var document = Document(id: "0123456789abcdef", source: "报告/淮安市.pdf")
        document.kind = .pdf
        document.metadata.title = "2024年政府信息公开工作年度报告"
        let text = "一、总体情况\n收到申请 12 件"
        let glyphs = (0..<text.unicodeScalars.count).map { i in
            Box(x0: 72.125 + Double(i) * 10.5, y0: 96.3, x1: 82.6 + Double(i) * 10.5, y1: 108.7)
        }
        document.pages = [
            Page(number: 1, width: 595.276, height: 841.89, text: text,
                 lines: [TextLine(text: "一、总体情况", box: Box(x0: 72.123456789, y0: 96.3, x1: 135.1, y1: 108.7)),
                         TextLine(text: "收到申请 12 件", box: Box(x0: 72.1, y0: 120.04, x1: 180.9, y1: 132.5))],
                 glyphs: GlyphBoxes(glyphs), fonts: ["ABCDEE+SimSun", "GlyphLessFont"]),
            Page(number: 2, text: "（此页无正文）", lines: [TextLine(text: "（此页无正文）"), TextLine(text: "")], needsOCR: true),
        ]
        document.metadata.producer = "WPS 文字"
        document.metadata.pageCount = 2
        document.metadata.encoding = "gb18030"
        document.metadata.fields = ["标题": "淮安市2024年报告", "发布机构": ""]
        document.text = CleanText(lines: [CleanLine(text: "一、总体情况", origin: [LineRef(page: 1, line: 0)]),
                                          CleanLine(text: "收到申请 12 件", origin: [LineRef(page: 1, line: 1), LineRef(page: 2, line: 0)]),
                                          CleanLine(text: "", origin: [])])
        document.tables = [Table(layout: "geometry", heading: "二、主动公开政府信息情况",
                                 rows: [[Cell(text: "12", row: 0, column: 1, page: 1, box: Box(x0: 10.25, y0: 20.5, x1: 30, y1: 40.75))]]),
                           Table(layout: "columns", firstLine: 1, endLine: 3,
                                 rows: [[], [Cell(text: "规章", row: 1, column: 0, rowSpan: 2, columnSpan: 3, line: 2), Cell(text: "-66", row: 1, column: 3)]])]
        document.record["agency"] = "淮安市人民政府"
        document.record["tables"] = .object(["rows": .array([.int(-3), .double(1.5), .null, .bool(true), .bool(false), .string("—")]),
                                             "empty": .object([:]), "nested": .array([.array([])])])
        document.provenance["tables.rows[0]"] = Provenance(page: 1, box: Box(x0: 1, y0: 2, x1: 3, y1: 4), text: "l2", line: nil)
        document.provenance["year"] = Provenance(text: "2024年", line: 0)
        document.addIssue(.warning, "页 2 没有文字层", stage: "extract.pdf")
        document.addIssue(.error, "", stage: "schema.annual-report")
        document.extensions["team.check"] = .object(["ok": .bool(true), "n": .int(Int.max)])
        return document
    }

    @Test func anArtifactComesBackAsItWasStoredCJKTextLineBoxesAndGlyphBoxesIncluded() throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let store = CheckpointStore(workDirectory: scratch.url)
        let original = document()
        try store.save(original, key: "k1")
        let (loaded, pages) = try #require(try store.load(document: original.id, key: "k1"))
        #expect(loaded == original)
        #expect(loaded.pages[0].glyphs?.boxes == original.pages[0].glyphs?.boxes)
        #expect(pages != nil)
    }

    /// The kinds and keys of the records in a document's packs, file by file.
    func records(_ store: CheckpointStore, _ id: String) throws -> [String: [String]] {
        let folder = store.folder(document: id)
        var out: [String: [String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            out[name] = PackRecords.parse(data, file: folder).records.map { "\($0.kind) \($0.key)" }
        }
        return out
    }

    @Test func aLaterCheckpointThatLeavesThePagesAsTheyWereWritesNoSecondPages() throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let store = CheckpointStore(workDirectory: scratch.url)
        var document = document()
        let stored = try store.save(document, key: "extract", run: 7)
        document.record["year"] = 2024
        try store.save(document, key: "schema", run: 7, previous: stored)
        #expect(try records(store, document.id) == ["000000000007.pack": ["pages extract", "artifact extract", "artifact schema"]])
        #expect(try store.load(document: document.id, key: "schema")?.0 == document)
    }

    @Test func aStageThatLeavesTheDocumentAsItWasStoresAnAliasThatLoadsAsTheDocument() throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let store = CheckpointStore(workDirectory: scratch.url)
        let document = document()
        let extracted = try store.save(document, key: "extract", run: 1)
        let unchanged = try store.save(document, key: "html", run: 1, previous: extracted)
        try store.save(document, key: "text", run: 1, previous: unchanged)
        #expect(try records(store, document.id) == ["000000000001.pack": ["pages extract", "artifact extract", "alias html", "alias text"]])
        let (loaded, stored) = try #require(try store.load(document: document.id, key: "text"))
        #expect(loaded == document)
        var changed = loaded
        changed.record["year"] = 2024
        // The next checkpoint after a loaded alias still reuses the pages.
        try store.save(changed, key: "schema", run: 2, previous: stored)
        #expect(try store.load(document: document.id, key: "schema")?.0 == changed)
        #expect(try records(store, document.id)["000000000002.pack"]?.last == "artifact schema")
    }

    /// A run's first checkpoint of a document takes over the earlier packs' records (the
    /// latest of each key) and removes them: replaying again and again keeps one pack.
    @Test func aNewRunsPackTakesOverTheEarlierPacksLatestRecords() throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let store = CheckpointStore(workDirectory: scratch.url)
        var document = document()
        let extracted = try store.save(document, key: "extract", run: 1)
        document.record["year"] = 2023
        try store.save(document, key: "schema", run: 1, previous: extracted)
        for run in 2...5 {
            document.record["year"] = .int(2020 + run)
            try store.save(document, key: "schema", run: Int64(run), previous: extracted)
        }
        #expect(try records(store, document.id) == ["000000000005.pack": ["pages extract", "artifact extract", "artifact schema", "artifact schema"]])
        #expect(try store.load(document: document.id, key: "schema")?.0.record["year"] == 2025)
        #expect(try store.load(document: document.id, key: "extract")?.0.record["year"] == .null)
    }

    /// The document's folder is made by its first checkpoint, and made again when it went
    /// missing between two (a user clearing the work folder under a run).
    @Test func aDocumentsFolderIsMadeWhenItsCheckpointNeedsIt() throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let store = CheckpointStore(workDirectory: scratch.url)
        let document = document()
        let folder = store.folder(document: document.id)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        try store.save(document, key: "extract")
        try FileManager.default.removeItem(at: store.root)
        try store.save(document, key: "cleanup")
        #expect(try records(store, document.id) == ["000000000000.pack": ["pages cleanup", "artifact cleanup"]])
        #expect(try store.load(document: document.id, key: "cleanup")?.0 == document)
    }

    @Test func aCorruptCutOrOlderCheckpointIsReportedNamingThePack() throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let store = CheckpointStore(workDirectory: scratch.url)
        let document = document()
        try store.save(document, key: "k1")
        let file = store.pack(document: document.id, run: 0)
        let whole = try Data(contentsOf: file)
        let version = whole.firstRange(of: Data("IKCK".utf8))!.upperBound
        let damaged: [Data] = [
            whole.prefix(whole.count - 3),                                            // cut short
            Data("{\"pages\":\"k1\",\"document\":{}}".utf8),                          // the JSON of earlier versions
            whole.prefix(version) + Data([9, 0, 0, 0]) + whole.dropFirst(version + 4),  // another format version
            Data(whole.map { $0 ^ 0x5A }),                                            // garbage
        ]
        for bytes in damaged {
            try bytes.write(to: file)
            let error = #expect(throws: CheckpointStore.UnreadableCheckpoint.self) {
                try store.load(document: document.id, key: "k1")
            }
            #expect(error?.path == file.path)
            #expect(error?.description.contains(file.path) == true)
        }
    }

    /// Every cut of a pack (a crash): the records before the cut load, the one cut is
    /// reported, and the next run's pack takes over the whole records and drops the cut one.
    @Test func aPackCutAnywhereKeepsItsWholeRecords() throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let store = CheckpointStore(workDirectory: scratch.url)
        var document = document()
        let first = try store.save(document, key: "a")
        let firstEnd = try Data(contentsOf: store.pack(document: document.id, run: 0)).count
        document.record["year"] = 2024
        try store.save(document, key: "b", previous: first)
        let file = store.pack(document: document.id, run: 0)
        let whole = try Data(contentsOf: file)
        for count in stride(from: 0, to: whole.count, by: 97) {
            try whole.prefix(count).write(to: file)
            let a = Result { try store.load(document: document.id, key: "a") }
            if count > firstEnd {
                #expect(try a.get()?.0.record["year"] == .null)
                #expect(throws: CheckpointStore.UnreadableCheckpoint.self) { try store.load(document: document.id, key: "b") }
            } else if count == firstEnd {
                #expect(try store.load(document: document.id, key: "b") == nil)
            } else if count > 0 {
                #expect(throws: CheckpointStore.UnreadableCheckpoint.self) { try a.get() }
            } else {
                #expect(try a.get() == nil)
            }
        }
        try whole.prefix(whole.count - 5).write(to: file)
        document.record["year"] = 2025
        try store.save(document, key: "c", run: 1)
        #expect(try records(store, document.id) == ["000000000001.pack": ["pages a", "artifact a", "pages c", "artifact c"]])
        #expect(try store.load(document: document.id, key: "c")?.0 == document)
        #expect(try store.load(document: document.id, key: "b") == nil)
    }

    /// A record that cannot be written whole (here: a pack that is a folder, so no record
    /// fits) fails its checkpoint and names the pack.
    @Test func aCheckpointThatCannotBeAppendedNamesThePack() throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let store = CheckpointStore(workDirectory: scratch.url)
        let document = document()
        try FileManager.default.createDirectory(at: store.pack(document: document.id, run: 3), withIntermediateDirectories: true)
        let error = #expect(throws: StageError.self) { try store.save(document, key: "k", run: 3) }
        #expect(error?.message.contains("000000000003.pack") == true)
    }

    @Test func everyCutOfACheckpointIsReportedNeverACrash() throws {
        var slim = document()
        slim.pages = []
        let whole = try CheckpointFormat.encode(artifact: slim, pagesBlob: "k1")
        #expect(try CheckpointFormat.decodeArtifact(whole).document == slim)
        for count in 0..<whole.count {
            #expect(throws: CheckpointFormat.Unreadable.self) { try CheckpointFormat.decodeArtifact(whole.prefix(count)) }
        }
        // A byte changed anywhere is read back as something or reported, never a trap.
        for offset in stride(from: 8, to: whole.count, by: 3) {
            var bytes = whole
            bytes[offset] ^= 0xFF
            _ = try? CheckpointFormat.decodeArtifact(bytes)
        }
    }

    // MARK: - In a run

    /// Text documents through extract.text and a test stage into sink.jsonl.
    func setUp(_ scratch: Scratch, sinkFile: String = "records.jsonl") throws -> (PipelineConfig, [String]) {
        let files = try ["a.txt", "b.txt"].map { try scratch.write("in/\($0)", "报告 \($0)\n第二行") }
        try scratch.write("marker", "")
        let config = try pipeline("""
            {"stages": [{"stage": "extract.text"},
                        {"stage": "test.fail-when-listed", "options": {"marker": "\(scratch.path("marker"))"}},
                        {"stage": "sink.jsonl", "options": {"file": "\(sinkFile)"}}]}
            """, in: scratch)
        return (config, files)
    }

    func checkpointFiles(_ scratch: Scratch) -> [URL] {
        let root = scratch.url.appendingPathComponent("work/checkpoints")
        return (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "pack" }
    }

    @Test func everyStageTheLedgerCallsDoneHasItsCheckpointOnDisk() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let (config, files) = try setUp(scratch)
        let report = try await run(config, files, in: scratch)
        let ledger = try Ledger(url: scratch.url.appendingPathComponent("work/ledger.sqlite"))
        let done = try ledger.outcomes(run: report.run).filter { $0.status == .ok && $0.stage != "sink.jsonl" }
        #expect(done.count == 4)
        let store = CheckpointStore(workDirectory: scratch.url.appendingPathComponent("work"))
        for outcome in done {
            #expect(try store.load(document: outcome.document, key: outcome.key) != nil, "\(outcome.stage) of \(outcome.source)")
        }
    }

    @Test func aCorruptCheckpointIsComputedAgainByTheNextRun() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let (config, files) = try setUp(scratch)
        _ = try await run(config, files, in: scratch)
        for file in checkpointFiles(scratch) { try Data("not a checkpoint".utf8).write(to: file) }
        // Another sink file: the run must start from the checkpoint before the sink.
        let (changed, _) = try setUp(scratch, sinkFile: "again.jsonl")
        let report = try await run(changed, files, in: scratch)
        #expect(report.exitCode == 0 && report.processed == 2)
        let ledger = try Ledger(url: scratch.url.appendingPathComponent("work/ledger.sqlite"))
        let ran = try ledger.outcomes(run: report.run).filter { $0.status == .ok }
        #expect(ran.filter { $0.stage == "extract.text" }.count == 2, "the stages before the sink run again")
        let strip = { (lines: [String]) in lines.map { $0.replacingOccurrences(of: "again.jsonl", with: "") } }
        #expect(strip(try lines(of: scratch.path("out/again.jsonl"))) == strip(try lines(of: scratch.path("out/records.jsonl"))))
    }

    @Test func replayFromACorruptCheckpointFailsNamingTheFile() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let (config, files) = try setUp(scratch)
        let first = try await run(config, files, in: scratch)
        for file in checkpointFiles(scratch) { try Data("not a checkpoint".utf8).write(to: file) }
        let settings = RunSettings(configFile: "test", outputDirectory: scratch.url.appendingPathComponent("out"),
                                   workDirectory: scratch.url.appendingPathComponent("work"), jobs: 2)
        let runner = try Runner(config: config, settings: settings)
        let replay = try await runner.replay(from: 2, documents: try runner.ledger.documents(run: first.run))
        #expect(replay.failures.count == 2)
        #expect(replay.failures.allSatisfy { $0.message.contains("/work/checkpoints/") && $0.message.contains(".pack") })
    }

    @Test func aCheckpointThatCannotBeWrittenFailsItsStageAndIsNotRecordedAsDone() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let (config, files) = try setUp(scratch)
        try scratch.write("work/checkpoints", "a file where the checkpoint folder should be")
        let report = try await run(config, files, in: scratch)
        #expect(report.exitCode == 1)
        #expect(Set(report.failures.map(\.source)) == Set(files))
        #expect(report.failures.allSatisfy { $0.message.contains("checkpoints") })
        let ledger = try Ledger(url: scratch.url.appendingPathComponent("work/ledger.sqlite"))
        let done = try ledger.outcomes(run: report.run).filter { $0.status == .ok && $0.stage != "sink.jsonl" }
        #expect(done.isEmpty)
    }
}
