import Foundation
import Testing
@testable import IngestKit

/// The fixture PDFs (Tests/Fixtures/pdf, rendered like reports published from WPS/Word) through
/// the bundled pipeline, held to their hand-made truth cell by cell.
@Suite struct FixturePDFTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/pdf")

    /// Every leaf of a truth or record subtree by its path, `columns` lists left out.
    static func flatten(_ value: JSONValue, _ prefix: String = "", into out: inout [String: JSONValue]) {
        switch value {
        case .object(let object):
            for (key, child) in object where key != "columns" { flatten(child, prefix.isEmpty ? key : "\(prefix).\(key)", into: &out) }
        case .array(let array):
            for (i, child) in array.enumerated() { flatten(child, "\(prefix)[\(i)]", into: &out) }
        default:
            out[prefix] = value
        }
    }

    @Test func everyFixturePDFGivesEveryCellOfItsTruth() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".pdf") }.sorted()
        try #require(pdfs.count >= 8)
        let config = try PipelineConfig.load(contentsOf: Self.root.appendingPathComponent("pipeline.json"), registry: testRegistry)
        let report = try await run(config, pdfs.map { Self.fixtures.appendingPathComponent($0).path }, in: scratch)
        #expect(report.failures.isEmpty, "\(report.failures)")
        var records: [String: JSONValue] = [:]
        for line in try lines(of: scratch.path("out/records.jsonl")) {
            let record = try JSONValue.parse(Data(line.utf8))
            records[URL(fileURLWithPath: record.value(at: "document.source").stringValue ?? "").deletingPathExtension().lastPathComponent] = record
        }
        for pdf in pdfs {
            let name = String(pdf.dropLast(4))
            let truth = try JSONValue.parse(Data(contentsOf: Self.fixtures.appendingPathComponent("truth/\(name).json")))
            let record = try #require(records[name], "no record for \(pdf)")
            var expected: [String: JSONValue] = [:], got: [String: JSONValue] = [:]
            Self.flatten(truth["tables"], into: &expected)
            Self.flatten(record["tables"], into: &got)
            let wrong = expected.filter { !$0.value.isNull && got[$0.key]?.doubleValue != $0.value.doubleValue }.keys.sorted()
            #expect(wrong.isEmpty, "\(pdf): \(wrong.prefix(8))")
            for key in ["agency", "year", "format"] {
                #expect(record["report"][key] == truth["report"][key], "\(pdf): report.\(key)")
            }
            #expect(record["document"]["pages"].intValue != nil && record["document"]["text_layer"] == .bool(true))
        }
    }

    @Test func cellsReadFromThePageCiteTheirPageAndBox() async throws {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let config = try PipelineConfig.load(contentsOf: Self.root.appendingPathComponent("pipeline.json"), registry: testRegistry)
        let pdf = try #require(try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".pdf") }.sorted().first)
        _ = try await run(config, [Self.fixtures.appendingPathComponent(pdf).path], in: scratch)
        let record = try JSONValue.parse(Data(try lines(of: scratch.path("out/records.jsonl"))[0].utf8))
        let cited = try #require(record["provenance"]["tables.applications.rows.total[6]"].objectValue)
        #expect(cited["page"]?.intValue != nil)
        #expect(cited["box"]?.arrayValue?.count == 4)
        #expect(record["tables"]["applications"]["rows"]["total"][6].doubleValue == cited["text"]?.stringValue.flatMap(Double.init))
    }
}
