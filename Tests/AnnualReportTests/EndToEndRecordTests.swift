import Foundation
import IngestKit
import Testing
import TextSource

/// Reports end to end against their ground truth: the five seeds (`../shared/seeds`, beside
/// the package), each damaged in its own way, and `pdftotext -layout` output of fixture PDFs
/// (`Fixtures/layout`), which none of the code was written against. Every non-null cell, the
/// report metadata, the narrative phrases, and checks explained in issues.
@Suite struct EndToEndRecordTests {
    static let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static let shared = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared")

    /// Where a corpus's texts and truths are.
    static let corpora: [String: (texts: URL, truth: URL)] = [
        "seeds": (shared.appendingPathComponent("seeds"), shared.appendingPathComponent("ground-truth/seeds")),
        "layout": (here.appendingPathComponent("Fixtures/layout"), here.appendingPathComponent("Fixtures/layout")),
    ]

    /// `corpus/file.txt` for every text of every corpus.
    static let samples: [String] = corpora.keys.sorted().flatMap { corpus in
        ((try? FileManager.default.contentsOfDirectory(atPath: corpora[corpus]!.texts.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted().map { "\(corpus)/\($0)" }
    }

    static func record(_ sample: String) async throws -> Document {
        try await RecordCache.shared.record(sample)
    }

    static func compute(_ sample: String) async throws -> Document {
        let (corpus, file) = split(sample)
        var doc = Document(id: file, source: corpora[corpus]!.texts.appendingPathComponent(file).path)
        doc = try await TextExtract(options: StageOptions(values: [:], specs: TextExtract.options)).process(doc, in: Pipeline.context)
        return try await Pipeline.run(doc)
    }

    static func truth(_ sample: String) throws -> JSONValue {
        let (corpus, file) = split(sample)
        let url = corpora[corpus]!.truth.appendingPathComponent(file.replacingOccurrences(of: ".txt", with: ".json"))
        return try JSONValue.parse(Data(contentsOf: url))
    }

    static func split(_ sample: String) -> (String, String) {
        let parts = sample.split(separator: "/", maxSplits: 1)
        return (String(parts[0]), String(parts[1]))
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

    @Test func theSeedsAndFixturesAreThere() {
        #expect(Self.samples.filter { $0.hasPrefix("seeds/") }.count == 5)
        #expect(Self.samples.filter { $0.hasPrefix("layout/") }.count == 3)
    }

    @Test(arguments: samples) func everyKnownCellMatchesTheGroundTruth(sample: String) async throws {
        let doc = try await Self.record(sample)
        let truth = try Self.truth(sample)
        for (path, expected) in Self.leaves(truth["tables"]) where !expected.isNull {
            let got = Self.value(doc.record["tables"], at: path)
            #expect(got.doubleValue == expected.doubleValue, "\(sample) tables\(path)")
        }
    }

    @Test(arguments: samples) func theReportMetadataMatchesTheGroundTruth(sample: String) async throws {
        let doc = try await Self.record(sample)
        let truth = try Self.truth(sample)["report"]
        #expect(doc.record["report"]["agency"].stringValue?.filter { !$0.isWhitespace } == truth["agency"].stringValue)
        #expect(doc.record["report"]["year"] == truth["year"])
        #expect(doc.record["report"]["format"] == truth["format"])
    }

    @Test(arguments: samples) func theNarrativeSectionsHoldTheGroundTruthPhrases(sample: String) async throws {
        let doc = try await Self.record(sample)
        for (section, phrases) in try Self.truth(sample)["phrases"].objectValue ?? [:] {
            let text = doc.record["sections"][section].stringValue?.filter { $0 != " " && $0 != "\t" } ?? ""
            for phrase in phrases.arrayValue ?? [] {
                #expect(text.contains(phrase.stringValue ?? "?"), "\(sample) \(section): \(phrase)")
            }
        }
    }

    @Test(arguments: samples) func everyRuleIsCheckedAndEveryFailedOneExplained(sample: String) async throws {
        let doc = try await Self.record(sample)
        let checks = doc.record["checks"].arrayValue ?? []
        #expect(checks.count == 5)
        for check in checks where check["ok"] == false {
            #expect(doc.issues.contains { $0.message.contains(check["rule"].stringValue ?? "?") }, "\(sample) \(check["rule"])")
        }
    }
}

/// Records computed once per sample and shared by the tests that read them.
actor RecordCache {
    static let shared = RecordCache()
    private var running: [String: Task<Document, any Error>] = [:]

    func record(_ sample: String) async throws -> Document {
        if let task = running[sample] { return try await task.value }
        let task = Task { try await EndToEndRecordTests.compute(sample) }
        running[sample] = task
        return try await task.value
    }
}
