import Foundation
import IngestKit
import RegionJiangsu
import RegionMatching
import RegionNingxia
import Testing

/// A document whose record carries the given agency and title, as the schema stage writes them.
func report(agency: String?, title: String? = nil) -> Document {
    var document = Document(id: "0123abcd", source: "report.txt")
    if let agency { document.record.setValue(.string(agency), at: "report.agency") }
    if let title { document.record.setValue(.string(title), at: "report.title") }
    return document
}

/// Runs a stage made from `options` over `document`.
func run<S: Stage>(_ stage: S.Type, _ document: Document, options: [String: JSONValue] = [:]) async throws -> Document {
    let (validated, problems) = StageOptions.validate(.object(options), specs: S.options, path: "options")
    #expect(problems.isEmpty)
    let context = StageContext(outputDirectory: URL(fileURLWithPath: "/tmp"), workDirectory: URL(fileURLWithPath: "/tmp"),
                               position: 0, stageName: S.name)
    return try await S(options: validated!).process(document, in: context)
}

func region(_ document: Document) -> JSONValue { document.record.value(at: "report.region") }

@Suite struct NingxiaRegionTests {
    @Test func aCountyGovernmentOfficeResolvesToItsCountyCityAndProvince() async throws {
        let out = try await run(NingxiaRegion.self, report(agency: "中宁县人民政府办公室"))
        #expect(region(out) == ["province": "宁夏回族自治区", "city": "中卫市", "county": "中宁县", "code": "640521"])
        #expect(out.issues.isEmpty)
    }

    @Test func aBareCountyNameResolvesToTheCounty() async throws {
        let out = try await run(NingxiaRegion.self, report(agency: "海原县"))
        #expect(region(out)["code"] == "640522")
        #expect(region(out)["city"] == "中卫市")
    }

    @Test func aCountyUnderTheCapitalResolvesToYinchuan() async throws {
        let out = try await run(NingxiaRegion.self, report(agency: "永宁县人民政府办公室"))
        #expect(region(out) == ["province": "宁夏回族自治区", "city": "银川市", "county": "永宁县", "code": "640121"])
    }

    @Test func aCityLevelBodyStopsAtTheCityWithACityCode() async throws {
        for agency in ["中卫市人民政府办公室", "中卫市卫生健康委员会"] {
            let out = try await run(NingxiaRegion.self, report(agency: agency))
            #expect(region(out) == ["province": "宁夏回族自治区", "city": "中卫市", "county": nil, "code": "640500"])
        }
    }

    @Test func aProvincialBodyResolvesToTheProvince() async throws {
        let out = try await run(NingxiaRegion.self, report(agency: "宁夏回族自治区人民政府办公厅"))
        #expect(region(out) == ["province": "宁夏回族自治区", "city": nil, "county": nil, "code": "640000"])
    }

    @Test func shortNamesFollowTheHierarchy() async throws {
        let out = try await run(NingxiaRegion.self, report(agency: "宁夏中卫中宁县发展和改革局"))
        #expect(region(out)["code"] == "640521")
    }

    @Test func theTitleIsReadWhenTheAgencyIsMissing() async throws {
        let out = try await run(NingxiaRegion.self, report(agency: nil, title: "海原县 2025 年政府信息公开工作年度报告"))
        #expect(region(out)["code"] == "640522")
    }

    @Test func anUnknownAgencyLeavesRegionNullWithAWarning() async throws {
        let out = try await run(NingxiaRegion.self, report(agency: "某某管理委员会"))
        #expect(out.record["report"].objectValue?.keys.contains("region") == true)
        #expect(region(out) == nil)
        #expect(out.issues.count == 1)
        #expect(out.issues.first?.severity == .warning)
        #expect(out.issues.first?.message.contains("某某管理委员会") == true)
    }

    @Test func aRecordWithoutAgencyOrTitleLeavesRegionNullWithAWarning() async throws {
        let out = try await run(NingxiaRegion.self, report(agency: nil))
        #expect(region(out) == nil)
        #expect(out.issues.first?.message.contains("report.agency") == true)
    }

    @Test func anotherProvincesReportPassesThroughUntouched() async throws {
        for agency in ["南京市鼓楼区人民政府", "江苏省人民政府办公厅", "宁县人民政府办公室"] {
            let document = report(agency: agency)
            #expect(try await run(NingxiaRegion.self, document) == document)
        }
    }

    @Test func aRegionAnEarlierStageResolvedIsKept() async throws {
        var document = report(agency: "中宁县人民政府办公室")
        document.record.setValue(["code": "999999"], at: "report.region")
        #expect(try await run(NingxiaRegion.self, document) == document)
    }

    @Test func theFieldsOptionChoosesWhereTheBodyIsRead() async throws {
        var document = report(agency: "某某委员会")
        document.record.setValue("海原县", at: "report.publisher")
        let out = try await run(NingxiaRegion.self, document, options: ["fields": ["report.publisher"]])
        #expect(region(out)["code"] == "640522")
    }

    @Test func anEmptyFieldsListIsRejectedBeforeAnyDocument() {
        let options = StageOptions(values: ["fields": []], specs: NingxiaRegion.options)
        #expect(throws: StageError.self) { try NingxiaRegion(options: options) }
    }
}
