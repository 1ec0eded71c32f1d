import Foundation
import IngestKit

/// Where a file sink writes: a file name inside the output folder (`--out`), or an absolute path.
///
/// ```swift
/// let url = OutputFile.url("reports.sqlite", in: context)   // OUT/reports.sqlite
/// ```
public enum OutputFile {
    /// The file `name` resolves to in `context`.
    public static func url(_ name: String, in context: StageContext) -> URL {
        name.hasPrefix("/") ? URL(fileURLWithPath: name) : context.outputDirectory.appendingPathComponent(name)
    }

    /// Reads a required file-name option, rejecting an empty name.
    public static func name(_ option: String, in options: StageOptions, default fallback: String) throws -> String {
        let name = options.string(option) ?? fallback
        guard !name.isEmpty else { throw options.invalid(option, "must not be empty") }
        return name
    }

    /// Reads the batch size option, which must be at least 1.
    public static func batchSize(_ options: StageOptions) throws -> Int {
        let size = options.int("batch_size") ?? 64
        guard size >= 1 else { throw options.invalid("batch_size", "must be at least 1, not \(size)") }
        return size
    }

    /// The declaration of the batch size option, shared by the sinks that take it.
    public static let batchSizeOption = OptionSpec(
        "batch_size", .integer, default: 64, "documents written per transaction (a commit every this many documents)")
}
