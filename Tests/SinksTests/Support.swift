import Foundation
import IngestKit
import Sinks

/// The five seed records of the ground truth (`Fixtures/*.json`, copied from
/// shared/ground-truth/seeds), as the documents a sink receives.
enum Seeds {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Fixture file names, in order.
    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// A document whose record is the ground-truth record `name`, with a check that holds, a
    /// check that fails and an issue, so every table of the schema gets rows.
    static func document(_ name: String) throws -> Document {
        let truth = try JSONValue.parse(Data(contentsOf: fixtures.appendingPathComponent(name)))
        let source = truth["source"].stringValue ?? name
        var document = Document(id: SHA256.hex(of: Data(source.utf8)), source: "seeds/" + source)
        document.record = [
            "report": truth["report"],
            "tables": truth["tables"],
            "sections": ["overview": "全年共受理政府信息公开申请 9 件，\"办结\"率 100%,\n无复议。"],
            "checks": [
                ["rule": "applications.balance", "ok": true, "detail": "every column balances"],
                ["rule": "applications.row_total", "ok": false, "detail": "row granted: 2 ≠ 3"],
            ],
        ]
        document.addIssue(.warning, "a cell of table 三 was blank, read as null", stage: "tables")
        return document
    }

    /// All five seed documents.
    static func documents() throws -> [Document] { try names.map(document) }

    /// The number of (row, column) values in table 三 of `document`'s record.
    static func applicationCells(_ document: Document) -> Int {
        (document.record.value(at: "tables.applications.rows").objectValue ?? [:]).count * 7
    }
}

/// A fresh folder under the temporary directory, and a stage context writing into it.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sinks-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var context: StageContext {
        StageContext(outputDirectory: url, workDirectory: url.appendingPathComponent("work"), position: 0, stageName: "sink")
    }

    /// Writes `documents` through `sink` as the runner does (open, write, commit, close).
    func run(_ sink: some Sink, _ documents: [Document]) async throws {
        try await sink.open(in: context)
        for document in documents { try await sink.write(document) }
        try await sink.commit()
        try await sink.close()
    }
}

/// Validated options for stage type `stage` from `values`, as pipeline.json would give them.
func options(_ stage: any Stage.Type, _ values: [String: JSONValue] = [:]) throws -> StageOptions {
    let (options, problems) = StageOptions.validate(.object(values), specs: stage.options, path: "options")
    guard let options else { throw StageError(problems.map(\.description).joined(separator: "; ")) }
    return options
}
