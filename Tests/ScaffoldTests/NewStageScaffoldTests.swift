import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The package this test belongs to.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `ingest` executable of the build that runs these tests.
func ingestExecutable() throws -> URL {
    let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        .flatMap { [$0.appendingPathComponent("ingest"), $0.deletingLastPathComponent().appendingPathComponent("ingest")] }
    return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                        "no ingest executable beside the test bundle (looked at \(candidates.map(\.path)))")
}

/// Runs a program (found on PATH) with arguments in a folder: its status and its output.
@discardableResult
func execute(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// Copies the package's files (tracked and untracked, not ignored) to `destination`, keeping
/// their times so that a build folder kept from an earlier run stays valid, and commits them
/// to a fresh repository there so that `git status` shows what the scaffold changed.
func copyRepository(to destination: URL) throws {
    try? FileManager.default.removeItem(at: destination)
    try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
    let listed = try execute(["git", "ls-files", "-co", "--exclude-standard"], in: repositoryRoot)
    try #require(listed.status == 0, "git ls-files: \(listed.output)")
    var files = listed.output.split(separator: "\n").map(String.init)
        .filter { FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent($0).path) }
    if FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent("Package.resolved").path) {
        files.append("Package.resolved")  // resolve dependencies as the package does, without the network
    }
    let copied = try execute(["cp", "-p", "--parents", "-t", destination.path] + files, in: repositoryRoot)
    try #require(copied.status == 0, "cp: \(copied.output)")
    for step in [["git", "init", "-q"], ["git", "add", "-A"],
                 ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-qm", "base"]] {
        let result = try execute(step, in: destination)
        try #require(result.status == 0, "\(step.joined(separator: " ")): \(result.output)")
    }
}

/// Scaffolds `demo.line-count` into a copy of the package at `folder`; returns the paths
/// `git status` reports as changed or new.
func scaffoldIntoCopy(at folder: URL) throws -> [String] {
    try copyRepository(to: folder)
    let scaffold = try execute([try ingestExecutable().path, "new-stage", "demo.line-count", "--package-path", folder.path], in: folder)
    try #require(scaffold.status == 0, "ingest new-stage: \(scaffold.output)")
    #expect(scaffold.output.contains("### `demo.line-count`"))
    let status = try execute(["git", "status", "--porcelain", "--untracked-files=all"], in: folder)
    return status.output.split(separator: "\n").map { String($0.dropFirst(3)) }.sorted()
}

/// Runs `body` holding an exclusive lock on `file`, so that test runs started at the same time
/// in the same checkout (they share the build folder) take turns.
func withExclusiveLock<T>(on file: URL, _ body: () throws -> T) throws -> T {
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    let fd = open(file.path, O_CREAT | O_RDWR, 0o644)
    try #require(fd >= 0, "cannot open the lock file \(file.path)")
    defer { close(fd) }
    flock(fd, LOCK_EX)
    defer { flock(fd, LOCK_UN) }
    return try body()
}

@Suite(.serialized) struct NewStageScaffoldTests {
    @Test func theScaffoldTouchesNoFileUnderSources() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let changed = try scaffoldIntoCopy(at: folder)
        #expect(changed == ["Package.swift", "Plugins/DemoLineCount/DemoLineCountStage.swift", "Plugins/StageCatalog/StageCatalog.swift",
                            "Tests/DemoLineCountTests/DemoLineCountStageTests.swift"])
        #expect(!changed.contains { $0.hasPrefix("Sources/") })
    }

    @Test func aSecondScaffoldOfTheSameNameIsRefusedAndChangesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try scaffoldIntoCopy(at: folder)
        let manifest = try String(contentsOf: folder.appendingPathComponent("Package.swift"), encoding: .utf8)
        let again = try execute([try ingestExecutable().path, "new-stage", "demo.line-count", "--package-path", folder.path], in: folder)
        #expect(again.status == 2)
        #expect(again.output.contains("already exists"))
        #expect(try String(contentsOf: folder.appendingPathComponent("Package.swift"), encoding: .utf8) == manifest)
    }

    /// Builds the scaffolded copy (in a build folder kept under .build-scaffold-test between
    /// runs, so only the first run compiles the dependencies) and runs the new stage in a pipeline.
    @Test func theScaffoldedStageBuildsAndRunsInAPipeline() throws {
        let work = repositoryRoot.appendingPathComponent(".build-scaffold-test")
        let copy = work.appendingPathComponent("package")
        let scratch = work.appendingPathComponent("scratch")
        try withExclusiveLock(on: work.appendingPathComponent("lock")) { try buildAndRun(copy: copy, scratch: scratch) }
    }

    func buildAndRun(copy: URL, scratch: URL) throws {
        _ = try scaffoldIntoCopy(at: copy)
        let build = try execute(["swift", "build", "--product", "ingest", "--scratch-path", scratch.path], in: copy)
        try #require(build.status == 0, "swift build of the scaffolded package: \(build.output.suffix(3000))")

        let input = copy.appendingPathComponent("run/report.txt")
        try FileManager.default.createDirectory(at: input.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("一、总体情况\n\n二、主动公开\n三、收到和处理\n".utf8).write(to: input)
        let pipeline = #"{"stages": [{"stage": "extract.text"}, {"stage": "demo.line-count"}, {"stage": "sink.jsonl"}]}"#
        try Data(pipeline.utf8).write(to: copy.appendingPathComponent("run/pipeline.json"))
        let ingest = scratch.appendingPathComponent("debug/ingest").path
        let run = try execute([ingest, "run", "--config", "run/pipeline.json", "--out", "run/out", "--work", "run/work", "run/report.txt"],
                              in: copy)
        #expect(run.status == 0, "\(run.output)")
        let record = try String(contentsOf: copy.appendingPathComponent("run/out/records.jsonl"), encoding: .utf8)
        #expect(record.contains(#""line-count":{"lines":3}"#), "\(record)")
    }
}
