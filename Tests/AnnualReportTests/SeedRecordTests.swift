import Foundation
import IngestKit
import Testing
import TextSource

/// The five seed reports (`../shared/seeds`, beside the package) against their ground truth:
/// every non-null cell, the report metadata, and checks explained in issues.
@Suite struct SeedRecordTests {
    static let shared = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared")
    static let seeds = (try? FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("seeds").path))?
        .filter { $0.hasSuffix(".txt") }.sorted() ?? []

    static func record(_ seed: String) async throws -> Document {
        let path = shared.appendingPathComponent("seeds").appendingPathComponent(seed).path
        var doc = Document(id: seed, source: path)
        doc = try await TextExtract(options: StageOptions(values: [:], specs: TextExtract.options)).process(doc, in: Pipeline.context)
        return try await Pipeline.run(doc)
    }

    static func truth(_ seed: String) throws -> JSONValue {
        let url = shared.appendingPathComponent("ground-truth/seeds").appendingPathComponent(seed.replacingOccurrences(of: ".txt", with: ".json"))
        return try JSONValue.parse(Data(contentsOf: url))
    }

    /// Every leaf of a JSON value with its path, `columns` left out.
    static func leaves(_ value: JSONValue, _ path: String = "") -> [(String, JSONValue)] {
        if let object = value.objectValue {
            return object.filter { $0.key != "columns" }.sorted { $0.key < $1.key }.flatMap { leaves($0.value, path + "." + $0.key) }
        }
        if let array = value.arrayValue { return array.enumerated().flatMap { leaves($0.element, "\(path)[\($0.offset)]") } }
        return [(path, value)]
    }

    static func value(_ root: JSONValue, at path: String) -> JSONValue {
        var value = root
        for part in path.split(separator: ".") {
            let name = part.prefix { $0 != "[" }
            value = value[String(name)]
            for index in part.matches(of: /\[(\d+)\]/) { value = value[Int(index.output.1)!] }
        }
        return value
    }

    @Test func theSeedsAreThere() {
        #expect(Self.seeds.count == 5)
    }

    @Test(arguments: seeds) func everyKnownCellMatchesTheGroundTruth(seed: String) async throws {
        let doc = try await Self.record(seed)
        let truth = try Self.truth(seed)
        for (path, expected) in Self.leaves(truth["tables"]) where !expected.isNull {
            let got = Self.value(doc.record["tables"], at: path)
            #expect(got.doubleValue == expected.doubleValue, "\(seed) tables\(path)")
        }
    }

    @Test(arguments: seeds) func theReportMetadataMatchesTheGroundTruth(seed: String) async throws {
        let doc = try await Self.record(seed)
        let truth = try Self.truth(seed)["report"]
        #expect(doc.record["report"]["agency"].stringValue?.filter { !$0.isWhitespace } == truth["agency"].stringValue)
        #expect(doc.record["report"]["year"] == truth["year"])
        #expect(doc.record["report"]["format"] == truth["format"])
    }

    @Test(arguments: seeds) func theNarrativeSectionsHoldTheGroundTruthPhrases(seed: String) async throws {
        let doc = try await Self.record(seed)
        for (section, phrases) in try Self.truth(seed)["phrases"].objectValue ?? [:] {
            let text = doc.record["sections"][section].stringValue?.filter { $0 != " " && $0 != "\t" } ?? ""
            for phrase in phrases.arrayValue ?? [] {
                #expect(text.contains(phrase.stringValue ?? "?"), "\(seed) \(section): \(phrase)")
            }
        }
    }

    @Test(arguments: seeds) func everyRuleIsCheckedAndEveryFailedOneExplained(seed: String) async throws {
        let doc = try await Self.record(seed)
        let checks = doc.record["checks"].arrayValue ?? []
        #expect(checks.count == 5)
        for check in checks where check["ok"] == false {
            #expect(doc.issues.contains { $0.message.contains(check["rule"].stringValue ?? "?") }, "\(seed) \(check["rule"])")
        }
    }
}
