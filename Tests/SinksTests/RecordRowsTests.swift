import Foundation
import IngestKit
import Sinks
import Testing

@Suite struct RecordRowsTests {
    @Test func aRecordWithoutTablesGivesOneDocumentRowAndOneReportRowOnly() throws {
        let rows = try RecordRows(record: Document(id: "abc", source: "a.txt").outputRecord)
        #expect(rows.rows["documents"]?.count == 1)
        #expect(rows.rows["reports"]?.first == ["abc", nil, nil, nil, nil, nil, nil, nil])
        #expect(rows.rows["applications"] == nil)
        #expect(rows.rows["checks"] == nil)
    }

    @Test func applicationsHoldEveryRowKeyTimesEveryColumnWithNullsKept() throws {
        var document = Document(id: "abc", source: "a.txt")
        document.record = ["tables": ["applications": ["rows": ["granted": [1, nil, 0, 0, 0, 0, 1], "carried_forward": [nil]]]]]
        let cells = try RecordRows(record: document.outputRecord).rows["applications"] ?? []
        #expect(cells.count == 14)
        #expect(cells.first == ["abc", "granted", "natural_person", 0, 0, 1])
        #expect(cells[1] == ["abc", "granted", "commercial", 0, 1, nil])
        #expect(cells[7] == ["abc", "carried_forward", "natural_person", 1, 0, nil])
        #expect(cells[13] == ["abc", "carried_forward", "total", 1, 6, nil])
    }

    @Test func tableRowsFollowTheOrderTheReportsPrint() throws {
        let document = try Seeds.document(Seeds.names[0])
        let keys = (try RecordRows(record: document.outputRecord).rows["applications"] ?? []).map { $0[1].stringValue! }
        var unique: [String] = []
        for key in keys where unique.last != key { unique.append(key) }
        #expect(unique.first == "new_received")
        #expect(unique.last == "carried_forward")
        #expect(unique.count == 25)
    }

    @Test func aFractionInACountFailsTheDocumentNamingTheCell() {
        var document = Document(id: "abc", source: "a.txt")
        document.record = ["tables": ["applications": ["rows": ["granted": [1.5]]]]]
        #expect(throws: StageError.self) { try RecordRows(record: document.outputRecord) }
        #expect { try RecordRows(record: document.outputRecord) } throws: {
            ($0 as? StageError)?.message.contains("tables.applications.rows.granted[0]") == true
        }
    }

    @Test func aReportYearWrittenAsTextIsStoredAsANumber() throws {
        var document = Document(id: "abc", source: "a.txt")
        document.record = ["report": ["year": "2024", "agency": "海原县"]]
        let report = try RecordRows(record: document.outputRecord).rows["reports"]?.first
        #expect(report?[3] == 2024)
        #expect(report?[2] == "海原县")
    }

    @Test func decimalAmountsOfTableTwoStayDecimal() throws {
        var document = Document(id: "abc", source: "a.txt")
        document.record = ["tables": ["active_disclosure": ["fees": ["amount": 96171.6]]]]
        let rows = try RecordRows(record: document.outputRecord).rows["active_disclosure"]
        #expect(rows == [["abc", "fees", "amount", 96171.6]])
    }

    @Test func largeTablesAreSplitIntoStatementsUnderTheParameterLimit() throws {
        var document = Document(id: "abc", source: "a.txt")
        var rows: [String: JSONValue] = [:]
        for index in 0..<800 { rows["row_\(index)"] = .array(Array(repeating: 1, count: 7)) }
        document.record = ["tables": ["applications": ["rows": .object(rows)]]]
        let inserts = try RecordRows(record: document.outputRecord).upsertStatements(.sqlite)
            .filter { $0.sql.hasPrefix("INSERT INTO applications") }
        #expect(inserts.count == 2)
        #expect(inserts.allSatisfy { $0.arguments.count <= 30_000 && $0.arguments.count == $0.types.count })
        let bound: Int = inserts.map(\.arguments.count).reduce(0, +)
        #expect(bound == 800 * 7 * 6)
    }
}

@Suite struct UpsertStatementTests {
    @Test func postgresGetsOneDeleteAndOneJSONValuePerTable() throws {
        let rows = try RecordRows(record: Seeds.document(Seeds.names[0]).outputRecord)
        let statements = rows.upsertStatements(.postgres)
        #expect(statements.first?.sql == "DELETE FROM documents WHERE document_id = $1")
        #expect(statements.count == 1 + 7)
        #expect(statements.dropFirst().allSatisfy { $0.arguments.count == 1 && $0.sql.contains("jsonb_populate_recordset") })
        let applications = statements.first { $0.sql.hasPrefix("INSERT INTO applications") }?.arguments.first?.arrayValue
        #expect(applications?.count == 25 * 7)
        #expect(applications?.first?["row_key"] == "new_received")
    }

    @Test func sqliteDeletesFromEveryTableBeforeInserting() throws {
        let statements = try RecordRows(record: Document(id: "abc", source: "a.txt").outputRecord).upsertStatements(.sqlite)
        #expect(statements.prefix(7).allSatisfy { $0.sql.hasPrefix("DELETE FROM") })
        #expect(statements.count == 7 + 2)
    }
}
