import Foundation
import Testing
@testable import PostgresSink

@Suite struct PostgresTargetTests {
    @Test func aDatabaseURLGivesHostPortUserPasswordAndDatabase() throws {
        let target = try PostgresTarget.resolve(url: "postgres://alice:s%40cret@db.example:6543/reports?sslmode=disable", environment: [:])
        #expect(target.host == "db.example")
        #expect(target.port == 6543)
        #expect(target.user == "alice")
        #expect(target.password == "s@cret")
        #expect(target.database == "reports")
        #expect(target.tls == .disable)
    }

    @Test func theDescriptionOfATargetNeverShowsThePassword() throws {
        let target = try PostgresTarget.resolve(url: "postgresql://alice:hunter2@127.0.0.1/reports", environment: [:])
        #expect(!target.description.contains("hunter2"))
        #expect(target.description == "postgres://alice@127.0.0.1:5432/reports")
    }

    @Test func withoutAURLTheDatabaseURLVariableIsUsed() throws {
        let target = try PostgresTarget.resolve(url: nil, environment: ["DATABASE_URL": "postgres://bob@h/d", "PGHOST": "ignored"])
        #expect(target.host == "h")
        #expect(target.user == "bob")
        #expect(target.database == "d")
    }

    @Test func withoutAnyURLTheLibpqVariablesAreUsed() throws {
        let target = try PostgresTarget.resolve(url: nil, environment: [
            "PGHOST": "/var/run/postgresql", "PGPORT": "5433", "PGUSER": "carol", "PGPASSWORD": "pw", "PGDATABASE": "gov",
        ])
        #expect(target == PostgresTarget(host: "/var/run/postgresql", port: 5433, user: "carol", password: "pw", database: "gov", tls: .prefer))
    }

    @Test func aMalformedURLIsAnErrorThatHidesThePassword() {
        #expect {
            try PostgresTarget.resolve(url: "mysql://alice:hunter2@h/d", environment: [:])
        } throws: { error in
            let text = String(describing: error)
            return !text.contains("hunter2") && text.contains("postgres://")
        }
    }
}
