import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program run with an argument vector (never through a shell), fed bytes on its standard
/// input, with its output collected and a time limit enforced.
///
/// The program runs in a process group of its own, so a time-out kills whatever it started
/// too. Pipes are opened close-on-exec, so that programs started concurrently for other
/// documents never inherit each other's pipe ends (which would keep a pipe from closing).
struct ExternalCommand: Sendable {
    /// How a run ended.
    struct Outcome: Sendable {
        /// The exit status, when the program exited.
        var exitStatus: Int32?
        /// The signal that ended the program, when one did.
        var signal: Int32?
        /// Whether the time limit ran out (the program was then killed).
        var timedOut: Bool
        var standardOutput: Data
        var standardError: Data
    }

    /// The program (looked up on PATH unless it contains a slash) and its arguments.
    let arguments: [String]
    /// Variables added to (or replacing those of) this process's environment.
    let environment: [String: String]
    let timeoutSeconds: Double

    /// The same command with more environment variables.
    func adding(_ variables: [String: String]) -> ExternalCommand {
        ExternalCommand(arguments: arguments, environment: environment.merging(variables) { _, new in new },
                        timeoutSeconds: timeoutSeconds)
    }

    /// Starts the program, writes `input` to it and waits for it to end or for the time limit.
    /// Throws when the program cannot be started at all.
    func run(input: Data) async throws -> Outcome {
        signal(SIGPIPE, SIG_IGN)  // a program that exits before reading all its input must not end us
        let (pid, stdin, stdout, stderr) = try Self.spawnLock.withLock { () throws -> (pid_t, Int32, Int32, Int32) in
            let stdin = try Self.pipe(), stdout = try Self.pipe(), stderr = try Self.pipe()
            defer { close(stdin.read); close(stdout.write); close(stderr.write) }
            do {
                let pid = try spawn(stdin: stdin.read, stdout: stdout.write, stderr: stderr.write)
                return (pid, stdin.write, stdout.read, stderr.read)
            } catch {
                for fd in [stdin.write, stdout.read, stderr.read] { close(fd) }
                throw error
            }
        }
        return await withCheckedContinuation { continuation in
            let collector = OutcomeCollector(continuation: continuation)
            DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds) { collector.timeOut(group: pid) }
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { Self.write(input, to: stdin) }
            DispatchQueue.global().async(group: group) { collector.setOutput(Self.readAll(stdout)) }
            DispatchQueue.global().async(group: group) { collector.setError(Self.readAll(stderr)) }
            DispatchQueue.global().async(group: group) { collector.setStatus(Self.wait(for: pid)) }
            group.notify(queue: .global()) { collector.finish() }
        }
    }

    private func spawn(stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw CommandError.cannotStart(program: arguments[0], reason: String(cString: strerror(status)))
        }
        return pid
    }

    /// Held while pipes are made and a program started, so that no program started meanwhile
    /// inherits pipe ends before they are marked close-on-exec.
    private static let spawnLock = NSLock()

    private static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else {
            throw CommandError.cannotStart(program: "pipe", reason: String(cString: strerror(errno)))
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    private static func write(_ data: Data, to fd: Int32) {
        defer { close(fd) }
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }  // the program closed its input: what it read is its business
                offset += n
            }
        }
    }

    private static func readAll(_ fd: Int32) -> Data {
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return data }
            data.append(buffer, count: n)
        }
    }

    /// Waits for the program; the raw wait status.
    private static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status
    }
}

/// Why a command could not be run.
enum CommandError: Error, CustomStringConvertible {
    case cannotStart(program: String, reason: String)

    var description: String {
        switch self {
        case .cannotStart(let program, let reason): "cannot start '\(program)': \(reason)"
        }
    }
}

/// Gathers the pieces of an outcome from the threads that produce them.
private final class OutcomeCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome = ExternalCommand.Outcome(timedOut: false, standardOutput: Data(), standardError: Data())
    private var finished = false
    private let continuation: CheckedContinuation<ExternalCommand.Outcome, Never>

    init(continuation: CheckedContinuation<ExternalCommand.Outcome, Never>) { self.continuation = continuation }

    /// Kills the program's process group unless the run is over: the program may have exited
    /// while something it started still holds its output open, which counts as not finished.
    func timeOut(group: pid_t) {
        lock.withLock {
            guard !finished else { return }
            outcome.timedOut = true
            kill(-group, SIGKILL)
        }
    }
    func setOutput(_ data: Data) { lock.withLock { outcome.standardOutput = data } }
    func setError(_ data: Data) { lock.withLock { outcome.standardError = data } }

    /// Decodes a raw wait status (the C macros WIFEXITED and friends are not visible to Swift).
    func setStatus(_ status: Int32) {
        lock.withLock {
            if status & 0x7f == 0 { outcome.exitStatus = (status >> 8) & 0xff } else { outcome.signal = status & 0x7f }
        }
    }

    func finish() {
        let result = lock.withLock {
            finished = true
            return outcome
        }
        continuation.resume(returning: result)
    }
}
