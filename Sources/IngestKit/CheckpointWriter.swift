import Foundation

/// Writes checkpoints on a thread of its own, in the order they were handed over, so that a
/// document goes on to its next stage (and a job to its next document) while its last
/// artifact is encoded and written.
///
/// At most `capacity` writes wait at a time: a document handing over one more waits for room,
/// so memory stays bounded when the disk is slower than the stages. A stage's successful
/// outcome goes to the ledger only after its checkpoint's files are in place (several at a
/// time, in one transaction, whenever the queue runs empty or `ledgerBatch` have gathered),
/// so the ledger never says a stage is done for a checkpoint that is not on disk. A write that
/// fails is recorded as the stage's failure and reported by `drain`.
final class CheckpointWriter: @unchecked Sendable {
    private let store: CheckpointStore
    private let ledger: Ledger
    private let queue = DispatchQueue(label: "ingest.checkpoint-writer", qos: .userInitiated)
    /// Writes handed over and not finished.
    private let room: Room
    private let ledgerBatch = 32
    /// Outcomes of written checkpoints not yet in the ledger (touched on the queue only).
    private var written: [Ledger.Outcome] = []
    /// Checkpoints that could not be written (touched on the queue only).
    private var failures: [RunReport.Failure] = []

    init(store: CheckpointStore, ledger: Ledger, capacity: Int) {
        self.store = store
        self.ledger = ledger
        room = Room(capacity: capacity)
    }

    /// Hands a checkpoint over with the outcome to record once it is written, waiting for
    /// room if `capacity` writes are already queued.
    func submit(_ checkpoint: CheckpointStore.Pending, outcome: Ledger.Outcome) async {
        await room.take()
        queue.async { self.write(checkpoint, outcome: outcome) }
    }

    /// Waits for every checkpoint handed over so far; returns those that could not be written.
    func drain() async -> [RunReport.Failure] {
        await withCheckedContinuation { finished in
            queue.async {
                self.flushLedger()
                finished.resume(returning: self.failures)
                self.failures = []
            }
        }
    }

    private func write(_ checkpoint: CheckpointStore.Pending, outcome: Ledger.Outcome) {
        do {
            try store.write(checkpoint)
            written.append(outcome)
        } catch {
            let message = Runner.describe(error)
            try? ledger.record([Ledger.Outcome(run: outcome.run, document: outcome.document, source: outcome.source,
                                               position: outcome.position, stage: outcome.stage, key: outcome.key,
                                               status: .failed, milliseconds: outcome.milliseconds, error: message)])
            failures.append(RunReport.Failure(source: outcome.source, stage: outcome.stage, message: message))
        }
        if room.give() || written.count >= ledgerBatch { flushLedger() }
    }

    /// Records the outcomes of the checkpoints written so far. A ledger that cannot be written
    /// costs only the record: the stages run again next time.
    private func flushLedger() {
        guard !written.isEmpty else { return }
        try? ledger.record(written)
        written = []
    }
}
