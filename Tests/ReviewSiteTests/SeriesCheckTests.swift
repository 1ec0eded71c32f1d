import Foundation
import IngestKit
import ReviewSite
import Testing

/// A record of `agency` for `year` with table 三 all zero but for the rows given (seven numbers
/// each), and table 二's 规章 and 行政规范性文件 as given.
func record(_ agency: String, _ year: Int, rows: [String: [Int]] = [:], disclosure: [String: [String: Int]] = [:]) throws -> ReviewRecord {
    var applications: [String: JSONValue] = [:]
    for row in ReportTemplate.applicationRows(.v2021, singleOther: false) {
        applications[row.key] = .array((rows[row.key] ?? Array(repeating: 0, count: 7)).map { .int($0) })
    }
    var active: [String: JSONValue] = [:]
    for (item, fields) in disclosure { active[item] = .object(fields.mapValues { .int($0) }) }
    let json: JSONValue = [
        "schema": "gov-annual-report/1",
        "document": ["id": .string(SHA256.hex(of: "\(agency) \(year)")), "source": .string("\(agency)-\(year).txt"), "kind": "text"],
        "report": ["agency": .string(agency), "year": .int(year), "format": "2021"],
        "tables": ["applications": ["rows": .object(applications)], "active_disclosure": .object(active)],
    ]
    return try ReviewRecord(json)
}

@Suite struct SeriesCheckTests {
    @Test func aCarriedOverThatIsNotLastYearsCarriedForwardIsAMismatch() throws {
        let records = [
            try record("某县人民政府办公室", 2023, rows: ["carried_forward": [2, 0, 0, 0, 0, 1, 3]]),
            try record("某县人民政府办公室", 2024, rows: ["carried_over": [2, 0, 0, 0, 0, 0, 2]]),
        ]
        let mismatches = SeriesCheck.results(records).filter { !$0.ok }
        #expect(mismatches.map(\.rule) == [SeriesCheck.carriedOver, SeriesCheck.carriedOver])
        #expect(mismatches.map(\.scope) == ["其他", "总计"])
        #expect(mismatches.map(\.expected) == [1, 3])
        #expect(mismatches.map(\.found) == [0, 2])
        #expect(mismatches.allSatisfy { $0.year == 2024 && $0.agency == "某县人民政府办公室" })
    }

    @Test func consecutiveYearsThatAgreeAndYearsApartGiveNoMismatch() throws {
        let records = [
            try record("甲局", 2022, rows: ["carried_forward": [1, 0, 0, 0, 0, 0, 1]]),
            try record("甲局", 2023, rows: ["carried_over": [1, 0, 0, 0, 0, 0, 1], "carried_forward": [4, 0, 0, 0, 0, 0, 4]]),
            try record("甲局", 2025, rows: ["carried_over": [0, 0, 0, 0, 0, 0, 0]]),
            try record("乙局", 2024, rows: ["carried_over": [9, 0, 0, 0, 0, 0, 9]]),
        ]
        let results = SeriesCheck.results(records)
        #expect(results.count == 7, "only 甲局 2022 → 2023 is a consecutive pair: its seven columns")
        #expect(results.allSatisfy { $0.ok })
    }

    @Test func inForceMustBeLastYearsPlusIssuedMinusRepealed() throws {
        let records = [
            try record("丙局", 2023, disclosure: ["normative_documents": ["issued": 3, "repealed": 1, "in_force": 20]]),
            try record("丙局", 2024, disclosure: ["normative_documents": ["issued": 4, "repealed": 2, "in_force": 23]]),
        ]
        let mismatch = try #require(SeriesCheck.results(records).first { $0.rule == SeriesCheck.inForce })
        #expect(!mismatch.ok)
        #expect(mismatch.expected == 22)
        #expect(mismatch.found == 23)
        #expect(mismatch.scope == "行政规范性文件")
    }
}
