import Foundation
import IngestKit
import Testing
@testable import AnnualReport

/// What makes a document an annual report for `schema.annual-report`, and what sets it aside.
@Suite struct ReportRecognitionTests {
    @Test func aReportWhoseTablesAreAllUnreadableIsStillAReportByItsTitle() async throws {
        let doc = try await Pipeline.run(["中宁县人民政府办公室2024年政府信息公开工作年度报告", "",
                                          "三、收到和处理政府信息公开申请情况", "（表格图片，无法识别）"])
        #expect(doc.record["kind"].isNull)
        #expect(doc.record["report"]["year"] == 2024)
    }

    @Test func aReportWhoseTitleWasLostIsStillAReportByItsTables() async throws {
        let doc = try await Pipeline.run(["正文开始。"] + Pipeline.applicationsRows(["new_received": [1, 0, 0, 0, 0, 0, 1]]))
        #expect(doc.record["kind"].isNull)
    }

    @Test func aNoticeAboutAReportIsSetAsideWithItsTitleAndTheReason() async throws {
        let doc = try await Pipeline.run(["关于发布2024年政府信息公开工作年度报告的通知", "", "各乡镇人民政府：",
                                          "现将本县2024年政府信息公开工作年度报告予以发布。", "特此通知。"])
        #expect(doc.record["kind"] == "not_annual_report")
        let reason = try #require(doc.record["kind_reason"].stringValue)
        #expect(reason.contains("does not name an annual report") && reason.contains("tables"))
        #expect(doc.record["tables"].isNull && doc.record["checks"].isNull && doc.record["sections"].isNull)
        #expect(doc.issues.contains { $0.severity == .info && $0.message.hasPrefix("not an annual report") })
        #expect(!doc.issues.contains { $0.message.contains("section headings not found") }, "no report warnings for a non-report")
    }

    @Test func anEmptyDocumentIsSetAsideForHavingNoText() async throws {
        let doc = try await Pipeline.run([""])
        #expect(doc.record["kind"] == "not_annual_report")
        #expect(doc.record["kind_reason"].stringValue?.hasPrefix("no readable text") == true)
    }

    @Test func titlesNameAReportByTheirEndNotByMentioningOne() {
        for title in ["永宁县人民政府办公室2024年政府信息公开工作年度报告", "《某市2023年政府信息公开工作年度报告》",
                      "某区2022年度政府信息公开工作报告", "某局2021年政府信息公开年报", "某县2020年政府信息公开工作年度报告（全文）"] {
            #expect(ReportRecognition.isReportTitle(title), "\(title)")
        }
        for title in ["关于发布2024年政府信息公开工作年度报告的通知", "某局2025年部门预算", "2024年度工作总结报告会议纪要"] {
            #expect(!ReportRecognition.isReportTitle(title), "\(title)")
        }
    }
}
