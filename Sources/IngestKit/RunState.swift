import Foundation

/// The mutable side of a run: counts, failures, duplicates, documents set aside, and the
/// progress display.
actor RunState {
    private var current = RunReport()
    private var sources: [String: String] = [:]
    private var completed = 0
    private var pages = 0
    private let total: Int
    private let progress: ProgressDisplay
    private let started = ContinuousClock.now
    private var lastPrint = ContinuousClock.now
    private var printedBar = false

    init(total: Int, progress: ProgressDisplay) {
        self.total = total
        self.progress = progress
        current.documents = total
    }

    /// Registers a document id; returns the source that already claimed it, if any.
    func claim(id: String, source: String) -> String? {
        if let earlier = sources[id] { return earlier }
        sources[id] = source
        return nil
    }

    func duplicate(source: String, of original: String) {
        current.duplicates.append((source, original))
        step()
    }

    func upToDate() {
        current.upToDate += 1
        step()
    }

    func processing() { current.processed += 1 }

    /// A document went through its stages; `pages` of them were read in this run.
    func finished(pages: Int = 0) {
        self.pages += pages
        step()
    }

    /// A document that is not an annual report, with the reason (it still counts as done).
    func setAside(source: String, reason: String) {
        current.setAside.append(RunReport.SetAside(source: source, reason: reason))
    }

    /// Adds failures; `ended` when they end their documents' runs (a stage failed), not when
    /// a commit failed for documents that had already gone through.
    func record(_ failures: [RunReport.Failure], ended: Bool = false) {
        guard !failures.isEmpty else { return }
        current.failures += failures
        if ended { step(by: failures.count) }
    }

    func report() -> RunReport {
        switch progress {
        case .bar where printedBar: FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        case .lines: emit(snapshot.line + "\n")
        default: break
        }
        var out = current
        out.seconds = elapsedSeconds
        out.pages = pages
        out.failures.sort { ($0.source, $0.stage) < ($1.source, $1.stage) }
        out.setAside.sort { $0.source < $1.source }
        return out
    }

    private var elapsedSeconds: Double { (ContinuousClock.now - started).seconds }

    private var snapshot: ProgressSnapshot {
        ProgressSnapshot(completed: min(completed, total), total: total, failed: Set(current.failures.map(\.source)).count,
                         setAside: current.setAside.count, pages: pages, elapsedSeconds: elapsedSeconds)
    }

    private func step(by count: Int = 1) {
        completed += count
        let now = ContinuousClock.now
        switch progress {
        case .none:
            return
        case .bar:
            guard now - lastPrint > .milliseconds(200) || completed >= total else { return }
            lastPrint = now
            printedBar = true
            emit("\r\u{1B}[K" + snapshot.bar())
        case .lines(let every):
            guard (now - lastPrint).seconds >= every, completed < total else { return }
            lastPrint = now
            emit(snapshot.line + "\n")
        }
    }

    private func emit(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// A sink inside a run: opens it on the first write, commits every `batchSize` documents,
/// and records the sink's ledger outcomes only once a commit has made them durable.
///
/// Operations on the sink run one at a time, in the order they were asked for, even across
/// their suspension points: an actor alone would let a second document's write (or open) in
/// while a first one awaits the database, so a write could slip into a commit in flight and be
/// recorded as durable after that commit failed.
actor SinkSlot {
    private let sink: any Sink
    private let ledger: Ledger
    private let position: Int
    private let name: String
    private let context: StageContext
    private var opened = false
    private var pending: [Ledger.Outcome] = []
    /// The operation asked for last; the next one starts when it has finished.
    private var tail: Task<Void, Never>?

    init(sink: any Sink, ledger: Ledger, position: Int, name: String, context: StageContext) {
        self.sink = sink
        self.ledger = ledger
        self.position = position
        self.name = name
        self.context = context
    }

    /// Runs `operation` once every operation asked for before it has finished.
    private func exclusively<T: Sendable>(_ operation: @escaping @Sendable (isolated SinkSlot) async throws -> T) async throws -> T {
        let previous = tail
        let task = Task { () async throws -> T in
            await previous?.value
            return try await operation(self)
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }

    /// Writes one document; returns the failures of a commit this write triggered.
    func write(_ document: Document, runID: Int64, key: String, started: ContinuousClock.Instant) async throws -> [RunReport.Failure] {
        try await exclusively { slot in try await slot.performWrite(document, runID: runID, key: key, started: started) }
    }

    private func performWrite(_ document: Document, runID: Int64, key: String, started: ContinuousClock.Instant) async throws -> [RunReport.Failure] {
        if !opened {
            try await sink.open(in: context)
            opened = true
        }
        try await sink.write(document)
        pending.append(Ledger.Outcome(run: runID, document: document.id, source: document.source, position: position,
                                      stage: name, key: key, status: .ok, milliseconds: started.elapsedMilliseconds, error: nil))
        return pending.count >= sink.batchSize ? await commit() : []
    }

    /// Commits what is pending: on success the outcomes go to the ledger as done; on failure
    /// every pending document fails at this sink with the commit's error.
    private func commit() async -> [RunReport.Failure] {
        guard !pending.isEmpty else { return [] }
        let batch = pending
        pending = []
        do {
            try await sink.commit()
            try ledger.record(batch)
            return []
        } catch {
            let message = "commit failed: \(Runner.describe(error))"
            let failed = batch.map {
                Ledger.Outcome(run: $0.run, document: $0.document, source: $0.source, position: $0.position, stage: $0.stage,
                               key: $0.key, status: .failed, milliseconds: $0.milliseconds, error: message)
            }
            try? ledger.record(failed)
            return batch.map { RunReport.Failure(source: $0.source, stage: name, message: message) }
        }
    }

    /// Commits the rest and closes the sink.
    func close() async -> [RunReport.Failure] {
        (try? await exclusively { slot in await slot.performClose() }) ?? []
    }

    private func performClose() async -> [RunReport.Failure] {
        guard opened else { return [] }
        let failures = await commit()
        do {
            try await sink.close()
        } catch {
            return failures + [RunReport.Failure(source: context.outputDirectory.path, stage: name, message: "close failed: \(Runner.describe(error))")]
        }
        opened = false
        return failures
    }
}
