import Foundation

/// One of N disjoint parts of any set of documents, chosen by document id: shard K of N takes
/// exactly the documents whose id (SHA-256 of the bytes), read as a number, leaves K when
/// divided by N.
///
/// ```swift
/// let shard = try Shard(parsing: "1/3")      // the second of three
/// shard.contains(documentID: id)            // the same answer on every machine
/// ```
///
/// The choice depends on the bytes only, never on a path, a file order or a machine, so N copies
/// of one command over the same folder split it with no overlap and nothing left out, and files
/// with the same bytes land in the same shard (where they are recognised as duplicates).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This shard's index, 0 ..< count.
    public let index: Int
    /// How many shards the documents are split into.
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw ShardError("the number of shards must be at least 1, not \(count)") }
        guard (0..<count).contains(index) else {
            throw ShardError("shard index \(index) is outside 0…\(count - 1) (shards are numbered from 0 to N-1)")
        }
        self.index = index
        self.count = count
    }

    /// Reads `K/N` (`0/3`, `1/3`, `2/3`).
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw ShardError("'\(text)' is not a shard: write K/N, e.g. 0/3 for the first of three")
        }
        try self.init(index: index, count: count)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// The folder name that keeps this shard's checkpoints and ledger apart from the others'.
    public var folderName: String { "shard-\(index)-of-\(count)" }

    /// Whether the document with this id (lowercase hex SHA-256) belongs to this shard: its first
    /// 64 bits, as an unsigned number, modulo `count`.
    public func contains(documentID: String) -> Bool {
        Self.bucket(of: documentID, count: count) == index
    }

    /// The shard (0 ..< count) a document id falls in.
    public static func bucket(of documentID: String, count: Int) -> Int {
        let prefix = documentID.prefix(16)
        let value = UInt64(prefix, radix: 16) ?? 0
        return Int(value % UInt64(count))
    }
}

/// A shard that cannot be used, in words a user can act on.
public struct ShardError: Error, CustomStringConvertible, LocalizedError {
    public let description: String
    public init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}

extension Shard {
    /// Where a shard came from when `--shard` was not given: a scheduler's own variables.
    public struct Assignment: Sendable, Equatable {
        public let shard: Shard
        /// The variables that gave it, for the run's first line (`JOB_COMPLETION_INDEX=2, INGEST_SHARD_COUNT=3`).
        public let origin: String

        public init(shard: Shard, origin: String) {
            self.shard = shard
            self.origin = origin
        }
    }

    /// The shard a scheduler assigned through the environment, or nil when none did:
    ///
    /// - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` is K; N is `count` (the `--shard-count`
    ///   option) or else `INGEST_SHARD_COUNT` (set it to the Job's `completions`).
    /// - Slurm job arrays: `SLURM_ARRAY_TASK_COUNT` is N and K is the task's place in the array,
    ///   `(SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP`, so `--array=1-8`
    ///   and `--array=0-7` both give shards 0 … 7.
    ///
    /// Throws when the variables are present but do not make a shard (an index without a count,
    /// an index past the count), rather than quietly running everything.
    public static func fromScheduler(_ environment: [String: String], count: Int? = nil) throws -> Assignment? {
        func integer(_ name: String) throws -> Int? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Int(text) else { throw ShardError("\(name)='\(text)' is not a whole number") }
            return value
        }
        if let index = try integer("JOB_COMPLETION_INDEX") {
            let stated = try integer("INGEST_SHARD_COUNT")
            guard let total = count ?? stated else {
                throw ShardError("JOB_COMPLETION_INDEX=\(index) is set but not the number of shards: give --shard-count N or set INGEST_SHARD_COUNT to the Job's completions")
            }
            let origin = "JOB_COMPLETION_INDEX=\(index), " + (count != nil ? "--shard-count \(total)" : "INGEST_SHARD_COUNT=\(total)")
            return Assignment(shard: try Shard(index: index, count: total), origin: origin)
        }
        if let task = try integer("SLURM_ARRAY_TASK_ID") {
            guard let total = try count ?? integer("SLURM_ARRAY_TASK_COUNT") else {
                throw ShardError("SLURM_ARRAY_TASK_ID=\(task) is set but not SLURM_ARRAY_TASK_COUNT; give --shard-count N")
            }
            let minimum = try integer("SLURM_ARRAY_TASK_MIN") ?? 0
            let step = max(1, try integer("SLURM_ARRAY_TASK_STEP") ?? 1)
            guard (task - minimum) % step == 0 else {
                throw ShardError("SLURM_ARRAY_TASK_ID=\(task) is not on the array's step \(step) from \(minimum); use --shard K/N")
            }
            let index = (task - minimum) / step
            let origin = "SLURM_ARRAY_TASK_ID=\(task), SLURM_ARRAY_TASK_COUNT=\(total)" + (minimum != 0 ? ", SLURM_ARRAY_TASK_MIN=\(minimum)" : "")
            return Assignment(shard: try Shard(index: index, count: total), origin: origin)
        }
        return nil
    }
}
