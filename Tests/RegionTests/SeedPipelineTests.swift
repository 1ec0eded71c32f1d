import Foundation
import IngestKit
import StageCatalog
import Testing

/// The package root, and the seed reports beside it (shared/seeds) or in samples/texts.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func seedReports() throws -> [String] {
    let folders = [packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds"),
                   packageRoot.appendingPathComponent("samples/texts")]
    let folder = try #require(folders.first { FileManager.default.fileExists(atPath: $0.path) },
                              "no seed reports in \(folders.map(\.path))")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        .map { folder.appendingPathComponent($0).path }
}

/// The default pipeline.json with `stage` inserted right after the schema stage.
func defaultPipeline(adding stage: String) throws -> Data {
    var config = try JSONValue.parse(Data(contentsOf: packageRoot.appendingPathComponent("pipeline.json")))
    var stages = try #require(config["stages"].arrayValue)
    let schema = try #require(stages.firstIndex { $0["stage"] == "schema.annual-report" }, "pipeline.json has no schema.annual-report")
    stages.insert(["stage": .string(stage)], at: schema + 1)
    config["stages"] = .array(stages)
    return try config.serialized()
}

@Suite struct SeedPipelineTests {
    @Test func theDefaultPipelineWithRegionNingxiaGivesEverySeedItsDivisionCode() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("region-seeds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try PipelineConfig.parse(try defaultPipeline(adding: "region.ningxia"), file: "pipeline.json", registry: stageCatalog)
        let settings = RunSettings(configFile: "pipeline.json", outputDirectory: folder.appendingPathComponent("out"),
                                   workDirectory: folder.appendingPathComponent("work"), jobs: 2)
        let report = try await Runner(config: config, settings: settings).run(files: try seedReports())
        #expect(report.failures.isEmpty, "\(report.failures)")
        let records = try String(contentsOf: folder.appendingPathComponent("out/records.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
        let codes = Dictionary(uniqueKeysWithValues: records.map {
            (URL(fileURLWithPath: $0["document"]["source"].stringValue ?? "").lastPathComponent, $0["report"]["region"]["code"])
        })
        #expect(codes == [
            "000_022dc25bfed7dc13.txt": "640521",  // 中宁县人民政府办公室
            "001_f71a7c88d1dbe629.txt": "640521",  // 中宁县
            "002_4a212a54c74a48a0.txt": "640121",  // 永宁县人民政府办公室
            "003_7047d3e44c49cbca.txt": "640500",  // 中卫市人民政府办公室, city level
            "004_cd9fd574832367a9.txt": "640522",  // 海原县
        ])
        #expect(records.allSatisfy { $0["report"]["region"]["province"] == "宁夏回族自治区" })
        #expect(records.allSatisfy { record in !(record["issues"].arrayValue ?? []).contains { $0["stage"] == "region.ningxia" } })
    }
}
