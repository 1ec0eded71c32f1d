import Foundation
import IngestKit
import Sinks
import Testing

/// Shards of `ingest run` as a scheduler starts them: three processes of the built binary at
/// once over the same 60 documents, into one PostgreSQL database. What they write together must
/// be exactly what one unsharded run writes, also when a shard is killed with SIGKILL mid-run and
/// started again, and whether the shard comes from `--shard`, from Kubernetes' variables or from
/// Slurm's.
@Suite(.enabled(if: TestServer.enabled, "needs INGEST_TEST_DATABASE_URL (scripts/start-postgres.sh)"), .serialized)
struct ShardRunTests {
    @Test func threeShardsAtOnceWriteEveryDocumentOnceAsOneRunDoesAndAKilledShardRestartedAddsNothingTwice() async throws {
        let corpus = try await Corpus.shared()
        try await TestServer.withFreshDatabase { url in
            let folder = try corpus.scratch("flag")
            defer { try? FileManager.default.removeItem(at: folder) }
            var shards = try (0..<3).map { k in
                try IngestProcess(corpus: corpus, folder: folder, url: url, arguments: ["--shard", "\(k)/3"])
            }
            // Shard 1 is killed once some, not all, of its documents are in the database.
            let mine = corpus.ids(inShard: 1, of: 3)
            let killedAt = try await shards[1].kill(whenStarted: 3, committed: mine,
                                                    ledger: try Corpus.ledger(in: folder, shard: 1, of: 3), in: url)
            #expect(killedAt > 0 && killedAt < mine.count, "killed after \(killedAt) of \(mine.count) documents")
            shards[1] = try IngestProcess(corpus: corpus, folder: folder, url: url, arguments: ["--shard", "1/3"])
            var summaries: [Summary] = []
            for shard in shards { summaries.append(try await shard.finish()) }

            #expect(summaries.map(\.documents).reduce(0, +) == corpus.files.count)
            #expect(summaries[1].upToDate > 0 && summaries[1].processed < mine.count,
                    "the restarted shard resumed: \(summaries[1].line)")
            try await corpus.expectSameAsOneRun(url)
            try corpus.expectDisjointLedgers(folder, shards: 3)
        }
    }

    @Test func kubernetesIndexedJobVariablesSplitTheSameWay() async throws {
        let corpus = try await Corpus.shared()
        try await TestServer.withFreshDatabase { url in
            let folder = try corpus.scratch("kubernetes")
            defer { try? FileManager.default.removeItem(at: folder) }
            let shards = try (0..<3).map { k in
                try IngestProcess(corpus: corpus, folder: folder, url: url, arguments: [],
                                  environment: ["JOB_COMPLETION_INDEX": "\(k)", "INGEST_SHARD_COUNT": "3"])
            }
            var summaries: [Summary] = []
            for shard in shards { summaries.append(try await shard.finish()) }
            #expect(summaries.map(\.documents).reduce(0, +) == corpus.files.count)
            #expect(summaries.allSatisfy { $0.stderr.contains("JOB_COMPLETION_INDEX=") })
            try await corpus.expectSameAsOneRun(url)
            try corpus.expectDisjointLedgers(folder, shards: 3)
        }
    }

    @Test func slurmArrayVariablesSplitTheSameWay() async throws {
        let corpus = try await Corpus.shared()
        try await TestServer.withFreshDatabase { url in
            let folder = try corpus.scratch("slurm")
            defer { try? FileManager.default.removeItem(at: folder) }
            // An array declared --array=1-3: task ids 1, 2, 3 are shards 0, 1, 2.
            let shards = try (1...3).map { task in
                try IngestProcess(corpus: corpus, folder: folder, url: url, arguments: [],
                                  environment: ["SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_TASK_COUNT": "3",
                                                "SLURM_ARRAY_TASK_MIN": "1"])
            }
            var summaries: [Summary] = []
            for shard in shards { summaries.append(try await shard.finish()) }
            #expect(summaries.map(\.documents).reduce(0, +) == corpus.files.count)
            #expect(summaries.allSatisfy { $0.stderr.contains("SLURM_ARRAY_TASK_ID=") })
            try await corpus.expectSameAsOneRun(url)
            try corpus.expectDisjointLedgers(folder, shards: 3)
        }
    }
}

/// What a run printed: its summary line's counts.
struct Summary {
    let line: String
    let stderr: String
    let documents: Int
    let processed: Int
    let upToDate: Int

    init(stdout: String, stderr: String) {
        let line = stdout.split(separator: "\n").first.map(String.init) ?? ""
        self.line = line
        self.stderr = stderr
        documents = Self.count(/^([0-9]+) documents?:/, in: line)
        processed = Self.count(/([0-9]+) processed/, in: line)
        upToDate = Self.count(/([0-9]+) up to date/, in: line)
    }

    private static func count(_ pattern: Regex<(Substring, Substring)>, in line: String) -> Int {
        line.firstMatch(of: pattern).flatMap { Int($0.output.1) } ?? -1
    }
}

/// The 60 documents (varied copies of the sample reports, distinct bytes), the pipeline the
/// shards run, and what one unsharded run writes into PostgreSQL.
final class Corpus: Sendable {
    let root: URL
    let files: [String]
    let ids: [String: String]
    let config: String
    let ingest: String
    /// Per table of the database: row count and a digest of the rows, as one run writes them.
    let reference: [String: String]

    private static let cache = CorpusCache()

    /// The corpus, built (and run once unsharded) by the first test that asks.
    static func shared() async throws -> Corpus { try await cache.corpus() }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init() async throws {
        // One folder per checkout, emptied at the start, so runs do not pile up copies.
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("ingest-shard-tests-\(SHA256.hex(of: Self.repository.path).prefix(12))")
        try? FileManager.default.removeItem(at: root)
        let (files, ids) = try Self.writeCopies(into: root)
        let config = root.appendingPathComponent("pipeline.json").path
        // Half a second a document before the sink (an `exec` stage that waits and
        // passes the artifact on), so that a shard is still running when the test kills it,
        // however fast or loaded the machine; the stage leaves a file a document in
        // INGEST_TEST_MARKS, where set, so the test sees how far a shard has gone without
        // asking the database (which a loaded machine can answer too late).
        try Data("""
            {"stages": [{"stage": "extract.pdf"}, {"stage": "extract.html"}, {"stage": "extract.text"}, {"stage": "cleanup"},
                        {"stage": "tables"}, {"stage": "schema.annual-report"},
                        {"stage": "exec", "options": {"command": ["sh", "-c", "[ -n \\"$INGEST_TEST_MARKS\\" ] && touch \\"$INGEST_TEST_MARKS/$$\\"; sleep 0.5; cat"]}},
                        {"stage": "sink.postgres", "options": {"batch_size": 1, "backoff_ms": 50}}]}
            """.utf8).write(to: URL(fileURLWithPath: config))
        let ingest = try Self.binary()
        var reference: [String: String] = [:]
        try await TestServer.withFreshDatabase { url in
            let run = try IngestProcess(ingest: ingest, config: config, root: root, folder: root.appendingPathComponent("unsharded"),
                                        url: url, arguments: [])
            let summary = try await run.finish()
            guard summary.documents == 60 else { throw StageError("the unsharded run: \(summary.line) \(summary.stderr)") }
            reference = try await Self.fingerprint(url)
        }
        (self.root, self.files, self.ids, self.config, self.ingest, self.reference) = (root, files, ids, config, ingest, reference)
    }

    /// Writes 60 copies of the sample reports under `root/reports`, each with distinct bytes:
    /// bytes after a PDF's end, or blank lines after a text, change the id and nothing else.
    static func writeCopies(into root: URL) throws -> (files: [String], ids: [String: String]) {
        try FileManager.default.createDirectory(at: root.appendingPathComponent("reports"), withIntermediateDirectories: true)
        let samples = ["samples/text", "samples/pdf"].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent(folder).path)) ?? [])
                .sorted().map { repository.appendingPathComponent(folder).appendingPathComponent($0) }
        }
        guard samples.count >= 8 else { throw StageError("the sample documents are missing from \(repository.path)/samples") }
        var files: [String] = []
        var ids: [String: String] = [:]
        for copy in 0..<60 {
            let sample = samples[copy % samples.count]
            var bytes = try Data(contentsOf: sample)
            bytes.append(contentsOf: Array(sample.pathExtension == "pdf" ? "\n%copy \(copy)\n".utf8
                                                                          : String(repeating: "\n", count: 1 + copy / samples.count).utf8))
            let name = "reports/\(String(format: "%02d", copy))-\(sample.lastPathComponent)"
            try bytes.write(to: root.appendingPathComponent(name))
            files.append(name)
            ids[SHA256.hex(of: bytes)] = name
        }
        guard ids.count == 60 else { throw StageError("the 60 copies are not all distinct (\(ids.count))") }
        return (files, ids)
    }

    /// The built `ingest`: beside the test bundle, else in the package's debug build folder.
    static func binary() throws -> String {
        var candidates: [String] = []
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() { candidates.append(bundle.appendingPathComponent("ingest").path) }
        candidates.append(repository.appendingPathComponent(".build/debug/ingest").path)
        guard let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw StageError("no built ingest binary (looked in \(candidates.joined(separator: ", "))); run swift build first")
        }
        return found
    }

    /// A work folder of its own for one test's shards.
    func scratch(_ name: String) throws -> URL {
        let folder = root.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The ids of the documents in shard `index` of `count`.
    func ids(inShard index: Int, of count: Int) -> Set<String> {
        Set(ids.keys.filter { Shard.bucket(of: $0, count: count) == index })
    }

    /// Row count and digest of every table of the database at `url`.
    static func fingerprint(_ url: String) async throws -> [String: String] {
        var result: [String: String] = [:]
        for table in RelationalSchema.tables.map(\.name) {
            result[table] = try await TestServer.text(url, """
                SELECT count(*)::text || ' rows, ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM \(table) t
                """)
        }
        return result
    }

    /// Every table holds exactly the rows one unsharded run wrote: each document once.
    func expectSameAsOneRun(_ url: String) async throws {
        #expect(try await TestServer.count(url, "SELECT count(DISTINCT document_id)::bigint FROM documents") == 60)
        let got = try await Self.fingerprint(url)
        for table in RelationalSchema.tables.map(\.name) {
            #expect(got[table] == reference[table], "table \(table)")
        }
    }

    /// The ledger of shard `index` of `count` whose work folder is under `folder`.
    static func ledger(in folder: URL, shard index: Int, of count: Int) throws -> URL {
        folder.appendingPathComponent("work").appendingPathComponent(try Shard(index: index, count: count).folderName)
            .appendingPathComponent("ledger.sqlite")
    }

    /// The shards' ledgers took disjoint sets of documents that together are all 60.
    func expectDisjointLedgers(_ folder: URL, shards: Int) throws {
        var seen: [String: Int] = [:]
        for k in 0..<shards {
            let ledger = try Ledger(url: try Self.ledger(in: folder, shard: k, of: shards))
            guard let run = try ledger.lastRun(command: "run") else { Issue.record("shard \(k) recorded no run"); continue }
            for document in try ledger.documents(run: run.id) { seen[document.id, default: 0] += 1 }
        }
        #expect(Set(seen.keys) == Set(ids.keys))
        #expect(seen.values.allSatisfy { $0 == 1 })
    }
}

private actor CorpusCache {
    private var task: Task<Corpus, any Error>?

    func corpus() async throws -> Corpus {
        if let task { return try await task.value }
        let task = Task { try await Corpus() }
        self.task = task
        return try await task.value
    }
}

/// One `ingest run` process over the corpus, its output in files.
struct IngestProcess {
    let process: Process
    let stdout: URL
    let stderr: URL
    /// A file a document that reached the pipeline's `exec` stage.
    let marks: URL

    init(corpus: Corpus, folder: URL, url: String, arguments: [String], environment: [String: String] = [:]) throws {
        try self.init(ingest: corpus.ingest, config: corpus.config, root: corpus.root, folder: folder, url: url,
                      arguments: arguments, environment: environment)
    }

    /// Starts `ingest run` in `root` (where the inputs are, as relative paths), with its work and
    /// output folders under `folder`.
    init(ingest: String, config: String, root: URL, folder: URL, url: String, arguments: [String],
         environment: [String: String] = [:]) throws {
        let tag = UUID().uuidString.prefix(6)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        stdout = folder.appendingPathComponent("stdout-\(tag)")
        stderr = folder.appendingPathComponent("stderr-\(tag)")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        marks = folder.appendingPathComponent("marks-\(tag)")
        try FileManager.default.createDirectory(at: marks, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: ingest)
        process.currentDirectoryURL = root
        process.arguments = ["run", "reports", "--config", config, "--work", folder.appendingPathComponent("work").path,
                             "--out", folder.appendingPathComponent("out").path, "--jobs", "1", "--progress-interval", "1"] + arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLURM_") && $0.key != "JOB_COMPLETION_INDEX" }
        env["DATABASE_URL"] = url
        env["INGEST_TEST_MARKS"] = marks.path
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
    }

    /// Waits for the process to end; its summary.
    func finish(timeout: Duration = .seconds(900)) async throws -> Summary {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw StageError("ingest did not finish in \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let out = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
        return Summary(stdout: out, stderr: err)
    }

    /// Kills the process with SIGKILL once its `started`-th document has reached the `exec`
    /// stage and its ledger (at `ledgerURL`) records a sink commit: the sink writes behind the
    /// stages, so a document past `exec` may not be committed yet, and on a loaded machine the
    /// first commit can come after several documents have started. Returns how many of
    /// `documents` are then in the database at `url`.
    func kill(whenStarted started: Int, committed documents: Set<String>, ledger ledgerURL: URL, in url: String) async throws -> Int {
        var ledger: Ledger? = nil
        while process.isRunning {
            if ledger == nil, ((try? FileManager.default.contentsOfDirectory(atPath: marks.path))?.count ?? 0) >= started {
                // The run opened its ledger before its first document started.
                ledger = try Ledger(url: ledgerURL)
            }
            if let ledger, let run = try ledger.lastRun(command: "run"),
               try ledger.outcomes(run: run.id).contains(where: { $0.stage.hasPrefix("sink.") && $0.status == .ok }) {
                Foundation.kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                #expect(process.terminationReason == .uncaughtSignal)
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let list = documents.map { "'\($0)'" }.joined(separator: ",")
        return try await TestServer.count(url, "SELECT count(*)::bigint FROM documents WHERE document_id IN (\(list))")
    }
}
