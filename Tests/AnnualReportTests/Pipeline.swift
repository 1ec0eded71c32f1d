import Foundation
import IngestKit
import Cleanup
import Tables
import AnnualReport

/// Runs cleanup, tables and schema.annual-report, with their default options, over text.
enum Pipeline {
    static let context = StageContext(outputDirectory: URL(fileURLWithPath: NSTemporaryDirectory()),
                                      workDirectory: URL(fileURLWithPath: NSTemporaryDirectory()), position: 0, stageName: "test")

    static func stages() throws -> [any Stage] {
        [try TextCleanup(options: StageOptions(values: [:], specs: TextCleanup.options)),
         try TableRecovery(options: StageOptions(values: [:], specs: TableRecovery.options)),
         try AnnualReportSchema(options: StageOptions(values: [:], specs: AnnualReportSchema.options))]
    }

    /// The document after the three stages, from lines of one page.
    static func run(_ lines: [String]) async throws -> Document {
        var document = Document(id: "test", source: "test.txt")
        document.kind = .text
        document.pages = [Page(number: 1, text: lines.joined(separator: "\n"), lines: lines.map { TextLine(text: $0) })]
        return try await run(document)
    }

    static func run(_ document: Document) async throws -> Document {
        var out = document
        for stage in try stages() { out = try await stage.process(out, in: context) }
        return out
    }

    /// A minimal 2021 table 三 as tab rows: every row of the template, all zero, but for the
    /// rows given, each with its seven numbers.
    static func applicationsRows(_ values: [String: [Int]] = [:], omit: Set<String> = []) -> [String] {
        let labels: [(String, String)] = [
            ("new_received", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量"),
            ("granted", "三、本年度办理结果\t（一）予以公开"), ("partially_granted", "\t（二）部分公开"),
            ("denied_state_secret", "\t（三）不予公开\t1.属于国家秘密"), ("denied_prohibited_by_law", "\t\t2.其他法律行政法规禁止公开"),
            ("denied_three_safeties", "\t\t3.危及“三安全一稳定”"), ("denied_third_party", "\t\t4.保护第三方合法权益"),
            ("denied_internal_affairs", "\t\t5.属于三类内部事务信息"), ("denied_process_info", "\t\t6.属于四类过程性信息"),
            ("denied_enforcement_file", "\t\t7.属于行政执法案卷"), ("denied_admin_query", "\t\t8.属于行政查询事项"),
            ("unable_not_held", "\t（四）无法提供\t1.本机关不掌握相关政府信息"), ("unable_needs_creation", "\t\t2.没有现成信息需要另行制作"),
            ("unable_unclear", "\t\t3.补正后申请内容仍不明确"), ("rejected_petition", "\t（五）不予处理\t1.信访举报投诉类申请"),
            ("rejected_duplicate", "\t\t2.重复申请"), ("rejected_publication", "\t\t3.要求提供公开出版物"),
            ("rejected_excessive", "\t\t4.无正当理由大量反复申请"), ("rejected_confirmation", "\t\t5.要求行政机关确认或重新出具已获取信息"),
            ("other_no_correction", "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other_fee_unpaid", "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other_other", "\t\t3.其他"), ("total", "（七）总计"), ("carried_forward", "四、结转下年度继续办理"),
        ]
        return ["三、收到和处理政府信息公开申请情况"] + labels.filter { !omit.contains($0.0) }.map { key, label in
            label + "\t" + (values[key] ?? Array(repeating: 0, count: 7)).map(String.init).joined(separator: "\t")
        }
    }
}

extension JSONValue {
    /// The numbers of an array, nil for nulls.
    var numbers: [Double?] { arrayValue?.map(\.doubleValue) ?? [] }
}
