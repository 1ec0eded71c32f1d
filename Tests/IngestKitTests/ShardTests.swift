import Foundation
import Testing
@testable import IngestKit

@Suite struct ShardTests {
    /// Ids of 300 distinct byte strings.
    static let ids = (0..<300).map { SHA256.hex(of: "document \($0)") }

    @Test func everyIdFallsInExactlyOneShardOfN() throws {
        for count in [1, 2, 3, 7] {
            let shards = try (0..<count).map { try Shard(index: $0, count: count) }
            for id in Self.ids {
                #expect(shards.filter { $0.contains(documentID: id) }.count == 1)
            }
        }
    }

    @Test func theSplitIsRoughlyEvenAndDependsOnTheIdOnly() throws {
        let shards = try (0..<3).map { try Shard(index: $0, count: 3) }
        let sizes = shards.map { shard in Self.ids.filter(shard.contains(documentID:)).count }
        #expect(sizes.reduce(0, +) == 300)
        #expect(sizes.allSatisfy { (70...130).contains($0) }, "sizes \(sizes)")
        // The first 64 bits of the id, modulo N.
        #expect(Shard.bucket(of: "0000000000000005" + String(repeating: "f", count: 48), count: 3) == 2)
    }

    @Test func kOverNIsParsedAndAnIndexOutsideTheShardsIsRefusedInWords() throws {
        #expect(try Shard(parsing: "1/3") == Shard(index: 1, count: 3))
        #expect(throws: ShardError.self) { try Shard(parsing: "3/3") }
        #expect(throws: ShardError.self) { try Shard(parsing: "1") }
        #expect(throws: ShardError.self) { try Shard(parsing: "0/0") }
        do {
            _ = try Shard(parsing: "3/3")
        } catch {
            #expect(String(describing: error).contains("0…2"))
        }
    }

    @Test func kubernetesGivesTheIndexAndTheCountComesFromTheOptionOrTheVariable() throws {
        let fromVariable = try Shard.fromScheduler(["JOB_COMPLETION_INDEX": "2", "INGEST_SHARD_COUNT": "3"])
        #expect(fromVariable?.shard == (try Shard(index: 2, count: 3)))
        let fromOption = try Shard.fromScheduler(["JOB_COMPLETION_INDEX": "0", "INGEST_SHARD_COUNT": "3"], count: 5)
        #expect(fromOption?.shard == (try Shard(index: 0, count: 5)))
        #expect(throws: ShardError.self) { try Shard.fromScheduler(["JOB_COMPLETION_INDEX": "1"]) }
        #expect(throws: ShardError.self) { try Shard.fromScheduler(["JOB_COMPLETION_INDEX": "3", "INGEST_SHARD_COUNT": "3"]) }
    }

    @Test func slurmArraysCountFromTheirFirstTaskWhateverItIs() throws {
        let zeroBased = try Shard.fromScheduler(["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3"])
        #expect(zeroBased?.shard == (try Shard(index: 2, count: 3)))
        let oneBased = try Shard.fromScheduler(["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"])
        #expect(oneBased?.shard == (try Shard(index: 2, count: 3)))
        let stepped = try Shard.fromScheduler(["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "3",
                                               "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2"])
        #expect(stepped?.shard == (try Shard(index: 2, count: 3)))
        #expect(throws: ShardError.self) { try Shard.fromScheduler(["SLURM_ARRAY_TASK_ID": "1"]) }
    }

    @Test func noSchedulerVariablesMeanNoShard() throws {
        #expect(try Shard.fromScheduler(["HOME": "/root"]) == nil)
    }
}

@Suite struct ProgressTests {
    @Test func theBarShowsDoneTotalFailuresPagesPerSecondElapsedAndRemaining() {
        let snapshot = ProgressSnapshot(completed: 12, total: 60, failed: 1, setAside: 3, pages: 540, elapsedSeconds: 12)
        #expect(snapshot.bar(width: 10) == "[##········] 12/60 documents  1 failed  3 not reports  45.0 pages/s  0:12 elapsed  0:48 left")
    }

    @Test func theLineForLogsSaysTheSameInWords() {
        let snapshot = ProgressSnapshot(completed: 30, total: 60, failed: 0, setAside: 2, pages: 3000, elapsedSeconds: 3700)
        #expect(snapshot.line == "progress: 30/60 documents (50%), 0 failed, 2 not annual reports, 0.8 pages/s, elapsed 1:01:40, remaining 1:01:40")
    }

    @Test func theRemainingTimeIsUnknownBeforeTheFirstDocumentIsDone() {
        let snapshot = ProgressSnapshot(completed: 0, total: 60, failed: 0, setAside: 0, pages: 0, elapsedSeconds: 5)
        #expect(snapshot.remainingSeconds == nil)
        #expect(snapshot.line.hasSuffix("remaining unknown"))
    }
}
