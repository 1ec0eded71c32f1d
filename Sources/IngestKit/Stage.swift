import Foundation

/// A step of a pipeline: receives the document artifact and returns it enriched.
///
/// ```swift
/// struct Uppercase: Stage {
///     static let name = "example.uppercase"
///     static let summary = "Upper-cases the cleaned text."
///     static let options: [OptionSpec] = []
///     init(options: StageOptions) throws {}
///     func process(_ document: Document, in context: StageContext) async throws -> Document { ... }
/// }
/// ```
///
/// The contract an implementation must keep:
/// - `init(options:)` reads every option it needs from the validated `StageOptions` and throws
///   for values that are well-typed but unusable (a negative limit, say). It runs once per run,
///   before any document is touched; it must not open connections or files (sinks do that in
///   `open`).
/// - `process` is a function of the document and the options: the same input gives the same
///   output, so checkpoints can stand in for it. It may change any field of the document; it
///   records what it could not do or had to guess with `document.addIssue`.
/// - Throwing from `process` fails this document at this stage: the runner records the error
///   (its description should name the reason) and goes on with the other documents.
/// - Stages run concurrently on different documents; a stage value is shared, so it holds no
///   mutable state (sinks, which do, are actors).
public protocol Stage: Sendable {
    /// The name written in pipeline.json, such as `extract.pdf`.
    static var name: String { get }
    /// One line on what the stage does, for `ingest stages` and the README.
    static var summary: String { get }
    /// The options the stage accepts; validation and documentation come from these.
    static var options: [OptionSpec] { get }
    /// Bump when a change to the stage's code should invalidate its checkpoints.
    static var version: Int { get }

    init(options: StageOptions) throws

    func process(_ document: Document, in context: StageContext) async throws -> Document
}

// MARK: - Default implementations

extension Stage {
    public static var version: Int { 1 }
}

/// What a stage knows about the run it is part of.
public struct StageContext: Sendable {
    /// Where sinks write their output (`--out`).
    public let outputDirectory: URL
    /// The engine's work folder (`--work`): checkpoints and the ledger.
    public let workDirectory: URL
    /// This stage's position in the pipeline (0-based).
    public let position: Int
    /// The stage's name, for issues.
    public let stageName: String
    /// How many documents the run processes at once (`--jobs`): the share of the machine a
    /// stage that works in parallel inside a document (OCR of pages) may use in all.
    public let jobs: Int

    public init(outputDirectory: URL, workDirectory: URL, position: Int, stageName: String,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.outputDirectory = outputDirectory
        self.workDirectory = workDirectory
        self.position = position
        self.stageName = stageName
        self.jobs = max(1, jobs)
    }
}

/// A stage that writes records somewhere, with a lifecycle like a database session.
///
/// The runner calls `open` once before the first document, `write` for each document that
/// reaches the sink, `commit` every `batchSize` documents and at the end, and `close` last.
/// A document counts as written (in the ledger, so that a re-run skips it) only once a
/// `commit` after its `write` has returned. Sinks upsert by document id: writing a document
/// again replaces what was written for it, never duplicates it.
public protocol Sink: Stage, AnyObject {
    /// What this sink writes to, as part of its checkpoint key (so that a run with another
    /// `--out` or database writes there too). Must not contain secrets.
    func destination(in context: StageContext) -> String
    func open(in context: StageContext) async throws
    /// Buffers the document's record; nothing need be durable before `commit`.
    func write(_ document: Document) async throws
    /// Makes every write so far durable.
    func commit() async throws
    func close() async throws
    /// How many documents to write between commits.
    var batchSize: Int { get }
}

extension Sink {
    public func destination(in context: StageContext) -> String { context.outputDirectory.path }
    public var batchSize: Int { 64 }

    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        try await write(document)
        return document
    }
}

/// An error a stage raises for one document: the message says what is wrong, in words a user
/// can act on (the runner adds the file and the stage).
public struct StageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
