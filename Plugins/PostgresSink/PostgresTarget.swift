import Foundation
import IngestKit
import PostgresNIO

/// Where and how to reach a PostgreSQL server: from a `postgres://` URL, or the standard
/// environment (`DATABASE_URL`, else libpq's `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
/// `PGDATABASE`, `PGSSLMODE`).
///
/// ```swift
/// let target = try PostgresTarget.resolve(url: nil, environment: ProcessInfo.processInfo.environment)
/// print(target)   // postgres://ingest@127.0.0.1:5432/reports — never the password
/// ```
///
/// The password is kept out of every description of the target, so it can appear in
/// checkpoint keys, messages and the ledger.
public struct PostgresTarget: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    /// A host name or address, or a directory holding the server's Unix socket (starts with `/`).
    public var host: String
    /// The TCP port, or the number in the Unix socket's name.
    public var port: Int
    /// The role to log in as.
    public var user: String
    /// The password, if any; kept out of every description.
    public var password: String?
    /// The database to write to.
    public var database: String
    /// Whether the connection uses TLS.
    public var tls: TLSMode

    /// The target without its password, as `postgres://user@host:port/database`.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)"
    }

    /// The target from `url` when given, else from `environment`.
    public static func resolve(url: String?, environment: [String: String]) throws -> PostgresTarget {
        if let url, !url.isEmpty { return try parse(url: url, environment: environment) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return try parse(url: url, environment: environment) }
        return try fromLibpqVariables(environment)
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=…&host=/socket/dir`; what the
    /// URL leaves out comes from the `PG*` variables and libpq's defaults.
    static func parse(url text: String, environment: [String: String]) throws -> PostgresTarget {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            throw StageError("the database URL must look like postgres://user:password@host:5432/database (\(redacted(text)))")
        }
        var base = try fromLibpqVariables(environment)
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, b in b })
        if let host = components.percentEncodedHost.flatMap({ $0.removingPercentEncoding }), !host.isEmpty {
            base.host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        }
        if let host = query["host"], !host.isEmpty { base.host = host }
        if let port = components.port { base.port = port }
        if let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty { base.user = user }
        if let password = components.percentEncodedPassword.flatMap({ $0.removingPercentEncoding }) { base.password = password }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        if !path.isEmpty { base.database = path.removingPercentEncoding ?? path }
        if let mode = query["sslmode"] { base.tls = try tlsMode(mode) }
        return base
    }

    /// The target from libpq's environment variables, with libpq's defaults.
    static func fromLibpqVariables(_ environment: [String: String]) throws -> PostgresTarget {
        let user = environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        var port = 5432
        if let text = environment["PGPORT"], !text.isEmpty {
            guard let value = Int(text), (1...65535).contains(value) else {
                throw StageError("PGPORT must be a port number, not '\(text)'")
            }
            port = value
        }
        return PostgresTarget(
            host: environment["PGHOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "localhost",
            port: port,
            user: user,
            password: environment["PGPASSWORD"],
            database: environment["PGDATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? user,
            tls: try tlsMode(environment["PGSSLMODE"] ?? "prefer"))
    }

    private static func tlsMode(_ text: String) throws -> TLSMode {
        switch text {
        case "disable", "allow": return .disable
        case "prefer", "": return .prefer
        case "require", "verify-ca", "verify-full": return .require
        default: throw StageError("sslmode must be disable, prefer or require, not '\(text)'")
        }
    }

    /// `text` with any `:password@` part of a URL replaced by `:***@`, for messages.
    public static func redacted(_ text: String) -> String {
        guard let at = text.range(of: "@"), let schemeEnd = text.range(of: "://"), schemeEnd.upperBound < at.lowerBound else {
            return text
        }
        let credentials = text[schemeEnd.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at.lowerBound...])
    }

    /// The postgres-nio configuration for this target.
    public func configuration(applicationName: String) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if host.hasPrefix("/") {
            configuration = .init(unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            let tlsSetting: PostgresConnection.Configuration.TLS
            switch tls {
            case .disable: tlsSetting = .disable
            case .prefer: tlsSetting = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tlsSetting = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tlsSetting)
        }
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }
}
