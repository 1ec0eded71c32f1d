import Foundation
import IngestKit

/// `exec`: a stage written in any language, run as an external command.
///
/// ```json
/// {"stage": "exec", "options": {"command": ["python3", "stages/flag_fees.py"], "timeout_seconds": 30}}
/// ```
///
/// The command reads the document artifact as one JSON object on its standard input and
/// prints the changed artifact, one JSON object, on its standard output (docs/artifact.schema.json
/// describes it; keys it leaves out keep their defaults, so it should print back what it does
/// not change). What it prints on standard error is only shown when it fails.
///
/// The command is an argument vector, run without a shell: document data never reaches a
/// command line. It inherits this process's environment and working directory, plus `env`, plus
/// `INGEST_DOCUMENT_ID` and `INGEST_STAGE`. It fails the document when it cannot be started,
/// exits non-zero or by a signal, outlives `timeout_seconds` (it is then killed with everything
/// it started), prints something that is not an artifact, or changes the document's id.
/// Checkpoints know the options, not the program: change `version` after changing the program
/// so that documents already past this stage run through it again.
public struct ExecStage: Stage {
    /// The name pipeline.json uses.
    public static let name = "exec"
    /// One line for `ingest stages`.
    public static let summary = "Runs an external command as a stage: the artifact as JSON on its stdin, the changed artifact on its stdout."
    /// `command` (required), `timeout_seconds`, `env`, `version`.
    public static let options = [
        OptionSpec("command", .stringList, "the program and its arguments, e.g. [\"python3\", \"stages/my_stage.py\"] (no shell)"),
        OptionSpec("timeout_seconds", .number, default: 60, "how long the command may run for one document before it is killed"),
        OptionSpec("env", .object, default: [:], "environment variables to set for the command (string values)"),
        OptionSpec("version", .string, default: "", "any label; change it after changing the program, to invalidate its checkpoints"),
    ]

    /// How many bytes of standard error an error message shows (the end of it).
    static let errorTailBytes = 800

    let command: ExternalCommand

    /// Checks the command, the time limit and the environment before any document is touched.
    public init(options: StageOptions) throws {
        guard let arguments = options.strings("command"), let program = arguments.first, !program.isEmpty else {
            throw options.invalid("command", "name the program to run, as a list: [\"python3\", \"my_stage.py\"]")
        }
        let timeout = options.double("timeout_seconds") ?? 60
        guard timeout > 0 else { throw options.invalid("timeout_seconds", "must be more than 0, not \(timeout)") }
        var environment: [String: String] = [:]
        for (key, value) in options["env"].objectValue ?? [:] {
            guard let text = value.stringValue else {
                throw options.invalid("env", "the value of \(key) must be a string, not \(value.typeName)")
            }
            environment[key] = text
        }
        command = ExternalCommand(arguments: arguments, environment: environment, timeoutSeconds: timeout)
    }

    /// Runs the command over the document's artifact and returns the artifact it printed.
    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        let input = try JSON.encoder.encode(document)
        let run = command.adding(["INGEST_DOCUMENT_ID": document.id, "INGEST_STAGE": context.stageName])
        let outcome: ExternalCommand.Outcome
        do {
            outcome = try await run.run(input: input)
        } catch let error as CommandError {
            throw StageError(error.description)
        }
        try check(outcome)
        return try decode(outcome.standardOutput, for: document)
    }

    /// The program's name and arguments as a user wrote them, for messages.
    var shownCommand: String { command.arguments.joined(separator: " ") }

    /// Throws for a run that did not end well, with the end of its standard error.
    func check(_ outcome: ExternalCommand.Outcome) throws {
        let tail = Self.tail(of: outcome.standardError)
        let stderrNote = tail.isEmpty ? " (nothing on standard error)" : "; standard error ends: \(tail)"
        if outcome.timedOut {
            throw StageError("'\(shownCommand)' did not finish within \(Self.seconds(command.timeoutSeconds)) and was killed\(stderrNote)")
        }
        if let signal = outcome.signal {
            throw StageError("'\(shownCommand)' was ended by signal \(signal)\(stderrNote)")
        }
        if let status = outcome.exitStatus, status != 0 {
            throw StageError("'\(shownCommand)' exited with status \(status)\(stderrNote)")
        }
    }

    /// Reads the artifact the program printed; it must be the same document.
    func decode(_ output: Data, for document: Document) throws -> Document {
        guard !output.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) else {
            throw StageError("'\(shownCommand)' printed nothing on standard output; it must print the artifact back as JSON")
        }
        let changed: Document
        do {
            changed = try JSONDecoder().decode(Document.self, from: output)
        } catch {
            let head = String(decoding: output.prefix(200), as: UTF8.self)
            throw StageError("'\(shownCommand)' printed invalid JSON for the artifact (\(Self.describe(error))); output starts: \(head)")
        }
        guard changed.id == document.id else {
            throw StageError("'\(shownCommand)' changed the document id from \(document.id) to '\(changed.id)'; a stage may not")
        }
        return changed
    }

    static func tail(of data: Data) -> String {
        String(decoding: data.suffix(errorTailBytes), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func seconds(_ value: Double) -> String {
        Int(exactly: value).map { "\($0) s" } ?? "\(value) s"
    }

    /// A decoding error in a sentence: what was wrong, and where in the artifact.
    static func describe(_ error: any Error) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error as? DecodingError {
        case .dataCorrupted(let c): return (c.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? c.debugDescription
        case .keyNotFound(let key, let c): return "missing \"\(key.stringValue)\"\(at(c.codingPath))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return c.debugDescription + at(c.codingPath)
        default: return "\(error)"
        }
    }
}
