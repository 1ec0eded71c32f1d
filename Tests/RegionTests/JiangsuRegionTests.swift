import Foundation
import IngestKit
import RegionJiangsu
import RegionMatching
import Testing

@Suite struct JiangsuRegionTests {
    @Test func aDistrictWithItsCityResolvesAmongDistrictsOfTheSameName() async throws {
        let nanjing = try await run(JiangsuRegion.self, report(agency: "南京市鼓楼区人民政府"))
        let xuzhou = try await run(JiangsuRegion.self, report(agency: "徐州市鼓楼区人民政府办公室"))
        #expect(region(nanjing) == ["province": "江苏省", "city": "南京市", "county": "鼓楼区", "code": "320106"])
        #expect(region(xuzhou)["code"] == "320302")
    }

    @Test func aDistrictNameTwoCitiesShareIsLeftNullWithTheCandidates() async throws {
        let out = try await run(JiangsuRegion.self, report(agency: "鼓楼区人民政府"))
        #expect(region(out) == nil)
        let message = try #require(out.issues.first?.message)
        #expect(message.contains("南京市鼓楼区 (320106)") && message.contains("徐州市鼓楼区 (320302)"))
    }

    @Test func aBareNameAnotherProvinceSharesIsLeftNullByDefault() async throws {
        let out = try await run(JiangsuRegion.self, report(agency: "通州区人民政府"))
        #expect(region(out) == nil)
        #expect(out.issues.first?.message.contains("北京市") == true)
    }

    @Test func aBareSharedNameIsTakenAsThisProvincesWhenAssumed() async throws {
        let out = try await run(JiangsuRegion.self, report(agency: "通州区人民政府"), options: ["assume_in_province": true])
        #expect(region(out) == ["province": "江苏省", "city": "南通市", "county": "通州区", "code": "320612"])
        #expect(out.issues.first?.severity == .info)
    }

    @Test func aSharedNameWithItsCityNeedsNoAssumption() async throws {
        let out = try await run(JiangsuRegion.self, report(agency: "南通市通州区人民政府"))
        #expect(region(out)["code"] == "320612")
        #expect(out.issues.isEmpty)
    }

    @Test func anotherProvincesDistrictOfASharedNamePassesThrough() async throws {
        let document = report(agency: "北京市通州区人民政府")
        #expect(try await run(JiangsuRegion.self, document) == document)
    }

    @Test func aShortNameOfACityAndItsDistrictMeansTheCity() async throws {
        let out = try await run(JiangsuRegion.self, report(agency: "淮安人民政府"))
        #expect(region(out)["code"] == "320800")
    }

    @Test func aFormerDivisionResolvesToItsFormerCodeWithANote() async throws {
        let out = try await run(JiangsuRegion.self, report(agency: "海门市人民政府办公室"))
        #expect(region(out) == ["province": "江苏省", "city": "南通市", "county": "海门市", "code": "320684"])
        #expect(out.issues.first?.message.contains("former") == true)
    }

    @Test func theCurrentDivisionWinsOverAFormerOneOfTheSameShortName() async throws {
        let out = try await run(JiangsuRegion.self, report(agency: "海门区人民政府"))
        #expect(region(out)["code"] == "320614")
    }

    @Test func ningxiaSeedsPassThroughTheJiangsuStageUntouched() async throws {
        for agency in ["中宁县人民政府办公室", "海原县", "永宁县人民政府办公室", "中卫市人民政府办公室"] {
            let document = report(agency: agency)
            #expect(try await run(JiangsuRegion.self, document) == document)
        }
    }
}

@Suite struct JiangsuFunctionalZoneTests {
    @Test func aFunctionalZoneResolvesToItsCityByTheCitysShortName() async throws {
        let out = try await run(JiangsuRegion.self, report(agency: "苏州工业园区管理委员会"))
        #expect(region(out) == ["province": "江苏省", "city": "苏州市", "county": nil, "code": "320500"])
    }
}
