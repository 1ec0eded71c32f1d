import Foundation
import IngestKit
import PostgresNIO

/// How `sink.postgres` tells a failure worth retrying from one to report, and how it words
/// either without leaking the password.
enum PostgresFailure {
    /// SQLSTATEs that a retry on a new connection can cure: connection exceptions (class 08),
    /// a terminated or restarting server (57P01–57P03), too many connections, serialisation
    /// failures and deadlocks.
    static let transientStates: Set<String> = ["57P01", "57P02", "57P03", "53300", "40001", "40P01"]

    /// Whether `error` is transient: the connection was refused, reset or closed, or the
    /// server says to try again.
    static func isTransient(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
                return true
            case .server:
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || transientStates.contains(state)
            default:
                return error.underlying.map(isTransient) ?? false
            }
        }
        return error is IOError || error is ChannelError || error is NIOConnectionError
    }

    /// A message for `error` that names the target without its password: the server's own
    /// message and SQLSTATE for a server error, the cause for a connection failure.
    static func describe(_ error: any Error, target: PostgresTarget, attempts: Int = 1) -> StageError {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        guard let error = error as? PSQLError else {
            return StageError("PostgreSQL at \(target)\(tries): \(scrub(String(describing: error), target))")
        }
        if error.code == .server, let info = error.serverInfo {
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = info[.detail].map { "; \($0)" } ?? ""
            return StageError("PostgreSQL at \(target) refused the write\(tries): \(info[.message] ?? "unknown error")\(state)\(detail)")
        }
        let cause = error.underlying.map { ": " + scrub(String(describing: $0), target) } ?? ""
        return StageError("cannot reach PostgreSQL at \(target)\(tries) (\(error.code))\(cause)")
    }

    /// `text` with the target's password, if it somehow appears, replaced by `***`.
    private static func scrub(_ text: String, _ target: PostgresTarget) -> String {
        guard let password = target.password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }
}
