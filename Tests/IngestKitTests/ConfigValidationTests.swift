import Foundation
import Testing
@testable import IngestKit

@Suite struct ConfigValidationTests {
    func problems(_ json: String) -> [ConfigProblem] {
        do {
            _ = try PipelineConfig.parse(Data(json.utf8), file: "p.json", registry: testRegistry)
            return []
        } catch let error as ConfigError {
            return error.problems
        } catch {
            return [ConfigProblem(path: "?", message: "\(error)")]
        }
    }

    @Test func anUnknownStageIsNamedWithItsPath() {
        let found = problems(#"{"stages": [{"stage": "extract.text"}, {"stage": "no.such.stage"}]}"#)
        #expect(found == [ConfigProblem(path: "stages[1].stage", message: "unknown stage 'no.such.stage'; `ingest stages` lists the known ones")])
    }

    @Test func anUnknownOptionIsAnErrorListingTheKnownOnes() {
        let found = problems(#"{"stages": [{"stage": "sink.jsonl", "options": {"fiel": "x.jsonl"}}]}"#)
        #expect(found.map(\.path) == ["stages[0].options.fiel"])
        #expect(found.first?.message.contains("known: file") == true)
    }

    @Test func anOptionOfTheWrongTypeIsAnError() {
        let found = problems(#"{"stages": [{"stage": "sink.jsonl", "options": {"file": 3}}]}"#)
        #expect(found == [ConfigProblem(path: "stages[0].options.file", message: "'file' must be a string, not integer")])
    }

    @Test func aValueTheStageRejectsIsReportedAtItsOptions() {
        let found = problems(#"{"stages": [{"stage": "extract.text", "options": {"encoding": "latin1"}}]}"#)
        #expect(found.map(\.path) == ["stages[0].options"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let found = problems(#"{"stage": [], "stages": [{"stage": "nope"}, {"options": {}}, 7, {"stage": "sink.jsonl", "options": {"file": true}}]}"#)
        #expect(found.map(\.path) == ["stage", "stages[0].stage", "stages[1].stage", "stages[2]", "stages[3].options.file"])
    }

    @Test func invalidJSONIsReportedAsSuch() {
        let found = problems(#"{"stages": [ "#)
        #expect(found.count == 1 && found[0].message.hasPrefix("not valid JSON"))
    }

    @Test func aMissingStagesListIsReported() {
        #expect(problems("{}").map(\.path) == ["stages"])
    }

    @Test func theBundledPipelineIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try PipelineConfig.load(contentsOf: root.appendingPathComponent("pipeline.json"), registry: testRegistry)
        #expect(!config.steps.isEmpty)
    }
}
