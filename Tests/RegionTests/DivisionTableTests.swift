import RegionJiangsu
import RegionMatching
import RegionNingxia
import Testing

@Suite struct DivisionTableTests {
    @Test func levelsAndContainmentFollowTheCode() {
        let county = Division(code: "640521", name: "中宁县")
        #expect(county.level == .county)
        #expect(county.isWithin(Division(code: "640500", name: "中卫市")))
        #expect(county.isWithin(Division(code: "640000", name: "宁夏回族自治区")))
        #expect(!county.isWithin(Division(code: "640100", name: "银川市")))
    }

    @Test func aTableParsesItsRowsAndFindsACountysCity() {
        let table = DivisionTable(tsv: "640000\t宁夏回族自治区\t宁夏\n640500\t中卫市\t中卫\n640521\t中宁县\t中宁\n640684\t某市\t\tformer\n")
        #expect(table.province.name == "宁夏回族自治区")
        #expect(table.city(of: table.divisions[2])?.code == "640500")
        #expect(table.divisions.last?.isFormer == true)
        #expect(table.divisions.last?.shortName == nil)
    }

    @Test func theNationalIndexKnowsWhichProvincesShareAName() {
        #expect(NationalNames.index["通州区"]?.provinces == ["11", "32"])
        #expect(NationalNames.index["宁夏"]?.isShort == true)
        #expect(NationalNames.provinces["64"] == "宁夏回族自治区")
    }
}

@Suite struct GeneratedTablesTests {
    /// Counts of a table's current divisions by level.
    func census(_ table: DivisionTable) -> [Division.Level: Int] {
        Dictionary(grouping: table.divisions.filter { !$0.isFormer }, by: \.level).mapValues(\.count)
    }

    @Test func ningxiaHasFiveCitiesAndTwentyTwoCountyLevelDivisions() {
        #expect(census(NingxiaRegion.divisions) == [.province: 1, .city: 5, .county: 22])
        #expect(NingxiaRegion.divisions.province.code == "640000")
    }

    @Test func jiangsuHasThirteenCitiesAndNinetyFiveCountyLevelDivisions() {
        #expect(census(JiangsuRegion.divisions) == [.province: 1, .city: 13, .county: 95])
    }

    @Test func statisticalFunctionalZonesAreNotDivisions() {
        #expect(!JiangsuRegion.divisions.divisions.contains { $0.name == "苏州工业园区" })
    }
}
