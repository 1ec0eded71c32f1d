import ArgumentParser
import Foundation
import IngestKit

/// `--shard K/N` and `--shard-count N`: which part of the inputs this process runs, given on
/// the command line or by the scheduler's variables.
struct ShardOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Run only shard K of N (K from 0 to N-1): the documents whose id, as a number, leaves K divided by N.",
        valueName: "K/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp(
        "The number of shards when JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm) gives K; default: INGEST_SHARD_COUNT, or SLURM_ARRAY_TASK_COUNT.",
        valueName: "N"))
    var shardCount: Int?

    func validate() throws {
        if shard != nil, shardCount != nil { throw ValidationError("--shard K/N already gives the number of shards; leave out --shard-count") }
        if let shardCount, shardCount < 1 { throw ValidationError("--shard-count must be at least 1") }
    }

    /// The shard to run: `--shard`, else the scheduler's variables, else none (every document).
    /// An unusable value ends the program with status 2.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Shard.Assignment? {
        do {
            if let shard { return Shard.Assignment(shard: try Shard(parsing: shard), origin: "--shard") }
            let assigned = try Shard.fromScheduler(environment, count: shardCount)
            if assigned == nil, let shardCount {
                throw ShardError("--shard-count \(shardCount) needs the shard index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID, and neither is set; use --shard K/\(shardCount)")
            }
            return assigned
        } catch let error as ShardError {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    /// Parses `K/N`; an unusable value ends the program with status 2.
    static func parse(_ text: String) throws -> Shard {
        do {
            return try Shard(parsing: text)
        } catch let error as ShardError {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    /// `base` itself, or with a shard its subfolder `shard-K-of-N`: shards never share a work or
    /// output folder, even when all of them are given the same one on shared storage.
    static func folder(_ base: String, _ shard: Shard?) -> URL {
        let url = URL(fileURLWithPath: base)
        return shard.map { url.appendingPathComponent($0.folderName) } ?? url
    }

    /// The shard folders (`shard-K-of-N`) directly inside `folder`, in shard order.
    static func shardFolders(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let shards = names.compactMap { name -> (Int, Int, String)? in
            guard let m = name.wholeMatch(of: /shard-([0-9]+)-of-([0-9]+)/), let k = Int(m.output.1), let n = Int(m.output.2) else { return nil }
            return (n, k, name)
        }
        return shards.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { folder.appendingPathComponent($0.2) }
    }
}
