import Foundation

/// Where a run reads its configuration and writes its results.
public struct RunSettings: Sendable {
    /// The configuration file, as given (for the ledger and messages).
    public var configFile: String
    /// Where sinks write (`--out`).
    public var outputDirectory: URL
    /// Checkpoints and the ledger (`--work`).
    public var workDirectory: URL
    /// How many documents run at once.
    public var jobs: Int
    /// How progress is shown on standard error.
    public var progress: ProgressDisplay
    /// Only the documents of this shard are run (nil: all of them).
    public var shard: Shard?

    public init(configFile: String, outputDirectory: URL, workDirectory: URL,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount, showProgress: Bool = false,
                progress: ProgressDisplay? = nil, shard: Shard? = nil) {
        self.configFile = configFile
        self.outputDirectory = outputDirectory
        self.workDirectory = workDirectory
        self.jobs = max(1, jobs)
        self.progress = progress ?? (showProgress ? .bar : .none)
        self.shard = shard
    }

    /// The ledger's location inside the work folder.
    public var ledgerURL: URL { workDirectory.appendingPathComponent("ledger.sqlite") }
}

/// What a run did, for its summary and exit status.
public struct RunReport: Sendable {
    /// A document that did not make it through the pipeline.
    public struct Failure: Sendable, Equatable {
        public let source: String
        public let stage: String
        public let message: String
    }

    /// A document recognised as not being an annual report: done, but not a report.
    public struct SetAside: Sendable, Equatable {
        public let source: String
        public let reason: String
    }

    public var run: Int64 = 0
    /// Documents taken in (with a shard: those of the shard).
    public var documents = 0
    /// Inputs left to the other shards.
    public var otherShards = 0
    /// Documents for which at least one stage ran.
    public var processed = 0
    /// Documents whose every stage was already done.
    public var upToDate = 0
    /// Inputs skipped because another input has the same bytes: (skipped, kept).
    public var duplicates: [(source: String, sameAs: String)] = []
    public var failures: [Failure] = []
    /// Documents that are not annual reports, with the reason.
    public var setAside: [SetAside] = []
    /// Pages of the documents that went through stages in this run.
    public var pages = 0
    public var seconds = 0.0

    /// 0 when every document succeeded, 1 when some failed.
    public var exitCode: Int32 { failures.isEmpty ? 0 : 1 }
}

/// Runs a pipeline over documents: documents concurrently (up to `jobs`), stages in order
/// within a document, each stage's result checkpointed and its outcome recorded in the ledger.
///
/// A document that fails in a stage is recorded with the stage and the error and the run goes
/// on. Running again with the same inputs and configuration does no stage work; `replay`
/// resumes from the checkpoint before a stage.
public final class Runner: Sendable {
    public let config: PipelineConfig
    public let settings: RunSettings
    public let ledger: Ledger
    let store: CheckpointStore
    let stages: [any Stage]
    /// Checkpoint key of each stage: a digest of every stage up to it (name, version, options,
    /// and a sink's destination), so a change anywhere upstream invalidates what follows.
    let keys: [String]
    /// The position of the first of the sinks that end the pipeline (`stages.count`: none).
    let trailingSinks: Int

    public init(config: PipelineConfig, settings: RunSettings) throws {
        self.config = config
        self.settings = settings
        self.stages = try config.instantiate()
        self.ledger = try Ledger(url: settings.ledgerURL)
        self.store = CheckpointStore(workDirectory: settings.workDirectory)
        var keys: [String] = []
        var previous = "source"
        for (i, step) in config.steps.enumerated() {
            var part = "\(previous)|\(i)|\(step.name)|\(step.type.version)|\(step.options.digest)"
            if let sink = stages[i] as? any Sink {
                part += "|" + sink.destination(in: Self.context(settings, i, step.name))
            }
            previous = SHA256.hex(of: part)
            keys.append(String(previous.prefix(32)))
        }
        self.keys = keys
        var first = stages.count
        while first > 0, stages[first - 1] is any Sink { first -= 1 }
        trailingSinks = first
    }

    static func context(_ settings: RunSettings, _ position: Int, _ name: String) -> StageContext {
        StageContext(outputDirectory: settings.outputDirectory, workDirectory: settings.workDirectory,
                     position: position, stageName: name, jobs: settings.jobs)
    }

    /// The key of the artifact that stage `position` leaves behind: its own, or for a sink
    /// (which passes the document on unchanged) that of the nearest stage before it.
    func artifactKey(after position: Int) -> String? {
        var i = position
        while i >= 0 {
            if !(stages[i] is any Sink) { return keys[i] }
            i -= 1
        }
        return nil
    }

    // MARK: - Run

    /// Runs the pipeline over the given files (with `settings.shard`, over those of the shard).
    public func run(files: [String]) async throws -> RunReport {
        let runID = try ledger.beginRun(command: "run", configFile: settings.configFile,
                                        configDigest: config.digest, outputDirectory: settings.outputDirectory.path)
        var inputs = files.map { Input(source: $0, id: nil) }
        if let shard = settings.shard {
            inputs = try await identify(inputs).filter { input in input.id.map(shard.contains(documentID:)) ?? (shard.index == 0) }
        }
        let run = makeContext(runID: runID, total: inputs.count)
        try await forEachConcurrently(inputs) { input in
            await self.runDocument(input, run: run)
        }
        var report = try await finish(run)
        report.otherShards = files.count - inputs.count
        return report
    }

    /// An input file and, once read, its document id.
    private struct Input: Sendable {
        let source: String
        let id: String?
    }

    /// Reads every input's id (`jobs` at once), to choose a shard's documents. A file that cannot
    /// be read keeps no id; shard 0 takes it, so that its failure is reported once.
    private func identify(_ inputs: [Input]) async throws -> [Input] {
        let ids = IdentifiedInputs()
        try await forEachConcurrently(Array(inputs.enumerated())) { offset, input in
            await ids.set(offset, try? SHA256.hex(ofFileAt: URL(fileURLWithPath: input.source)))
        }
        let found = await ids.byOffset
        return inputs.enumerated().map { Input(source: $1.source, id: found[$0] ?? nil) }
    }

    private func runDocument(_ input: Input, run: RunContext) async {
        let (runID, state) = (run.runID, run.state)
        let source = input.source
        let id: String
        do {
            id = try input.id ?? SHA256.hex(ofFileAt: URL(fileURLWithPath: source))
        } catch {
            await fail(source: source, document: "", position: -1, stage: "input", key: "",
                       message: "cannot read the file: \(error.localizedDescription)", runID: runID, state: state)
            return
        }
        if let original = await state.claim(id: id, source: source) {
            await state.duplicate(source: source, of: original)
            try? ledger.record([Ledger.Outcome(run: runID, document: id, source: source, position: -1, stage: "input",
                                               key: "", status: .duplicate, milliseconds: 0, error: "same bytes as \(original)")])
            return
        }
        let done: Set<String>
        do {
            done = try ledger.succeededKeys(document: id)
        } catch {
            await fail(source: source, document: id, position: -1, stage: "ledger", key: "",
                       message: "cannot read the ledger: \(error)", runID: runID, state: state)
            return
        }
        guard let resume = keys.firstIndex(where: { !done.contains($0) }) else {
            if let finalKey = artifactKey(after: keys.count - 1),
               let reason = try? ledger.setAsideReason(document: id, key: finalKey) {
                await setAside(id: id, source: source, key: finalKey, reason: reason, runID: runID, state: state)
            }
            await state.upToDate()
            try? ledger.record(keys.indices.map {
                Ledger.Outcome(run: runID, document: id, source: source, position: $0, stage: config.steps[$0].name,
                               key: keys[$0], status: .upToDate, milliseconds: 0, error: nil)
            })
            return
        }
        var start = 0
        var document = Document(id: id, source: source)
        var stored: CheckpointStore.Stored? = nil
        if resume > 0, let key = artifactKey(after: resume - 1),
           let found = try? store.load(document: id, key: key) {
            start = resume
            (document, stored) = found
            document.source = source
        } else if resume > 0, artifactKey(after: resume - 1) == nil {
            start = resume
        }
        if start > 0 {
            try? ledger.record((0..<start).map {
                Ledger.Outcome(run: runID, document: id, source: source, position: $0, stage: config.steps[$0].name,
                               key: keys[$0], status: .upToDate, milliseconds: 0, error: nil)
            })
        }
        await state.processing()
        await runStages(document, stored: stored, from: start, run: run)
    }

    // MARK: - Replay

    /// Runs stages from `position` on for the given documents, starting from the checkpoint
    /// before that stage, whatever the ledger says of the stages from `position` on.
    public func replay(from position: Int, documents: [(id: String, source: String)]) async throws -> RunReport {
        let runID = try ledger.beginRun(command: "replay", configFile: settings.configFile,
                                        configDigest: config.digest, outputDirectory: settings.outputDirectory.path)
        let run = makeContext(runID: runID, total: documents.count)
        let state = run.state
        let stageName = config.steps[position].name
        try await forEachConcurrently(documents.map { DocumentRef(id: $0.id, source: $0.source) }) { ref in
            let (id, source) = (ref.id, ref.source)
            _ = await state.claim(id: id, source: source)
            var document = Document(id: id, source: source)
            var stored: CheckpointStore.Stored? = nil
            if let key = self.artifactKey(after: position - 1) {
                let found: (Document, CheckpointStore.Stored)?
                do {
                    found = try self.store.load(document: id, key: key)
                } catch {
                    await self.fail(source: source, document: id, position: position, stage: stageName, key: self.keys[position],
                                    message: "\(Self.describe(error)); run `ingest run` on it to compute it again",
                                    runID: runID, state: state)
                    return
                }
                guard let found else {
                    await self.fail(source: source, document: id, position: position, stage: stageName, key: self.keys[position],
                                    message: "no checkpoint before '\(stageName)' for this document under the current configuration; run `ingest run` on it first",
                                    runID: runID, state: state)
                    return
                }
                (document, stored) = found
            } else if position == 0 {
                let current = try? SHA256.hex(ofFileAt: URL(fileURLWithPath: source))
                guard current == id else {
                    await self.fail(source: source, document: id, position: 0, stage: stageName, key: self.keys[0],
                                    message: current == nil ? "the source file is gone" : "the source file has changed since it was run; use `ingest run`",
                                    runID: runID, state: state)
                    return
                }
            }
            await state.processing()
            await self.runStages(document, stored: stored, from: position, run: run)
        }
        return try await finish(run)
    }

    // MARK: - Stages

    /// Runs the stages from `start` on; `initialStored` is where the checkpoint the document
    /// starts from is stored, if it was loaded from one.
    private func runStages(_ initial: Document, stored initialStored: CheckpointStore.Stored?, from start: Int, run: RunContext) async {
        let (runID, state, sinks, writer) = (run.runID, run.state, run.sinks, run.writer)
        var document = initial
        var stored = initialStored
        for position in start..<stages.count {
            if position >= trailingSinks, let handOff = run.handOff {
                await handOff.submit(SinkHandOff.Work(document: document, from: position))
                return
            }
            let stage = stages[position]
            let name = config.steps[position].name
            let key = keys[position]
            let context = Self.context(settings, position, name)
            let clock = ContinuousClock.now
            do {
                if let slot = sinks[position] {
                    let failures = try await slot.write(document, runID: runID, key: key, started: clock)
                    await state.record(failures)
                } else {
                    document = try await stage.process(document, in: context)
                    let checkpoint = store.checkpoint(document, key: key, run: runID, previous: stored)
                    stored = checkpoint.stored
                    await writer.submit(checkpoint, outcome: Ledger.Outcome(
                        run: runID, document: document.id, source: document.source, position: position, stage: name, key: key,
                        status: .ok, milliseconds: clock.elapsedMilliseconds, error: nil))
                }
            } catch {
                await fail(source: document.source, document: document.id, position: position, stage: name, key: key,
                           message: Self.describe(error), runID: runID, state: state, milliseconds: clock.elapsedMilliseconds)
                return
            }
        }
        if let reason = document.record.notAnnualReportReason, let finalKey = artifactKey(after: stages.count - 1) {
            await setAside(id: document.id, source: document.source, key: finalKey, reason: reason, runID: runID, state: state)
        }
        await state.finished(pages: document.pages.count)
    }

    /// Notes a document that is not an annual report, in the run's report and in the ledger
    /// (under the key of the artifact that says so, so a later run that finds it up to date
    /// still lists it).
    private func setAside(id: String, source: String, key: String, reason: String, runID: Int64, state: RunState) async {
        try? ledger.recordSetAside(run: runID, document: id, source: source, key: key, reason: reason)
        await state.setAside(source: source, reason: reason)
    }

    private func fail(source: String, document: String, position: Int, stage: String, key: String, message: String,
                      runID: Int64, state: RunState, milliseconds: Double = 0) async {
        try? ledger.record([Ledger.Outcome(run: runID, document: document, source: source, position: position, stage: stage,
                                           key: key, status: .failed, milliseconds: milliseconds, error: message)])
        await state.record([RunReport.Failure(source: source, stage: stage, message: message)], ended: true)
    }

    /// A one-line description of an error for the summary and the ledger.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? StageError { return error.message }
        if let error = error as? LocalizedError, let text = error.errorDescription { return text }
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain {
            let path = (ns.userInfo[NSFilePathErrorKey] as? String).map { " (\($0))" } ?? ""
            return ns.localizedDescription + path
        }
        return String(describing: error)
    }

    private func makeSinkSlots(runID: Int64) -> [Int: SinkSlot] {
        var slots: [Int: SinkSlot] = [:]
        for (i, stage) in stages.enumerated() {
            if let sink = stage as? any Sink {
                slots[i] = SinkSlot(sink: sink, ledger: ledger, position: i, name: config.steps[i].name,
                                    context: Self.context(settings, i, config.steps[i].name))
            }
        }
        return slots
    }

    /// The background writer of a run's checkpoints: room for a whole document's checkpoints
    /// per job. With less, a job waited on the writer at every document: a stage that does
    /// nothing to it (extract.html on a PDF) hands its checkpoint over right after the large
    /// one of the stage before (measured: one job 1.4× faster in pages/s with this room than
    /// with two checkpoints a job, peak memory the same).
    private func makeWriter() -> CheckpointWriter {
        CheckpointWriter(store: store, ledger: ledger, capacity: max(2, stages.count) * settings.jobs)
    }

    /// What the documents of a run share: its id, state, sinks, checkpoint writer and sink
    /// hand-off.
    private struct RunContext: Sendable {
        let runID: Int64
        let state: RunState
        let sinks: [Int: SinkSlot]
        let writer: CheckpointWriter
        /// Where a document goes for the pipeline's trailing sinks (nil: it ends in a stage).
        var handOff: SinkHandOff?
    }

    /// A run's shared parts. The sinks that end the pipeline are written on a task of their
    /// own, documents in the order they come, so that a job goes on to its next document
    /// meanwhile (as its checkpoints are written): the default pipeline's two sinks were a
    /// seventh of a one-job run's time. Room for two documents a job waits there.
    private func makeContext(runID: Int64, total: Int) -> RunContext {
        var run = RunContext(runID: runID, state: RunState(total: total, progress: settings.progress),
                             sinks: makeSinkSlots(runID: runID), writer: makeWriter(), handOff: nil)
        if trailingSinks < stages.count {
            // The hand-off's task runs the rest of the stages (the sinks) with no hand-off of its own.
            let inner = run
            run.handOff = SinkHandOff(capacity: 2 * settings.jobs) { work in
                await self.runStages(work.document, stored: nil, from: work.from, run: inner)
            }
        }
        return run
    }

    private func finish(_ run: RunContext) async throws -> RunReport {
        await run.handOff?.drain()
        await run.state.record(await run.writer.drain())
        for position in run.sinks.keys.sorted() {
            await run.state.record(await run.sinks[position]!.close())
        }
        var report = await run.state.report()
        report.run = run.runID
        try ledger.finishRun(run.runID, documents: report.documents, failed: Set(report.failures.map(\.source)).count)
        return report
    }

    /// Runs `body` for every item with at most `settings.jobs` at once.
    private func forEachConcurrently<Item: Sendable>(_ items: [Item], _ body: @escaping @Sendable (Item) async -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var iterator = items.makeIterator()
            for _ in 0..<settings.jobs {
                guard let item = iterator.next() else { break }
                group.addTask { await body(item) }
            }
            while try await group.next() != nil {
                if let item = iterator.next() { group.addTask { await body(item) } }
            }
        }
    }
}

/// Document ids found by `identify`, by the input's offset.
private actor IdentifiedInputs {
    var byOffset: [Int: String?] = [:]
    func set(_ offset: Int, _ id: String?) { byOffset[offset] = id }
}

/// A document of an earlier run, as replay takes it up.
private struct DocumentRef: Sendable {
    let id: String
    let source: String
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension ContinuousClock.Instant {
    var elapsedMilliseconds: Double { (ContinuousClock.now - self).seconds * 1000 }
}
