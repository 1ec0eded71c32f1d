import Foundation
import IngestKit

/// Whether a document is an annual report at all, and if not, why.
///
/// In bulk, much of a folder is not a report: a notice about the report (`关于印发…年度报告的通知`),
/// a budget, a blank scan. Such a document is a report when any one of these holds:
///
/// - a **report title**: the title ends with 报告 or 年报 (after closing quotes, brackets or a
///   parenthesis such as `（全文）`) and names 信息公开 or 年度报告; a notice, announcement or letter
///   about a report ends otherwise (`…的通知`);
/// - a **template table**: table 二, 三 or 四 was read with at least one number;
/// - at least `minHeadings` of the six **section headings** (一、总体情况 … 六、其他需要报告的事项).
///
/// So a report whose tables are all unreadable is still a report when its title says so, and
/// a report whose title was lost still is one by its tables or headings.
struct ReportRecognition {
    /// Fewest section headings that make a document a report by themselves.
    static let minHeadings = 3

    /// Why the document is not an annual report, or nil when it is one.
    static func notReportReason(outline: ReportOutline, record: JSONValue, document: Document) -> String? {
        let hasText = outline.lines.contains { !$0.trimmedSlice(.whitespacesAndNewlines).isEmpty }
        guard hasText else {
            let scanned = document.pages.filter(\.needsOCR).count
            let pages = document.pages.count
            if pages > 0, scanned > 0 {
                return "no readable text: \(scanned) of \(pages) page\(pages == 1 ? "" : "s") without a text layer (a blank page, or a scan that needs OCR)"
            }
            return "no readable text (an empty document)"
        }
        if let title = outline.title, isReportTitle(title) { return nil }
        if containsNumber(record["tables"]) { return nil }
        if outline.headings.count >= minHeadings { return nil }
        let titleText = outline.title ?? firstLine(outline)
        let titlePart = titleText.map { "no report title ('\($0)' does not name an annual report)" } ?? "no report title"
        return "\(titlePart), none of the report's tables (二, 三, 四) found, "
            + "\(outline.headings.count) of the 6 section headings"
    }

    /// Parentheses, full- and half-width, around a title's closing remark.
    private static let opening: ScalarSet = "（("
    private static let closing: ScalarSet = "）)"

    /// Whether a title names an annual report rather than something about one.
    static func isReportTitle(_ title: String) -> Bool {
        var core = title.trimming(.whitespacesAndNewlines)
        if let open = core.lastIndex(where: Self.opening.contains), core.last.map(Self.closing.contains) == true,
           core.distance(from: open, to: core.endIndex) <= 8 {
            core = String(core[..<open])
        }
        core = core.trimming(CharacterSet(charactersIn: " 　》」』\"”'’。.:：").union(.whitespaces))
        guard core.hasSuffix("报告") || core.hasSuffix("年报") else { return false }
        return core.contains("信息公开") || core.contains("年度报告") || core.contains("年报")
    }

    /// Whether any number is in `value` (a table cell that was read).
    static func containsNumber(_ value: JSONValue) -> Bool {
        switch value {
        case .int, .double: true
        case .array(let items): items.contains(where: containsNumber)
        case .object(let members): members.values.contains(where: containsNumber)
        default: false
        }
    }

    /// The first line with text, when short enough to be a heading.
    static func firstLine(_ outline: ReportOutline) -> String? {
        let line = outline.lines.lazy.map { $0.trimmedSlice(.whitespaces) }.first { !$0.isEmpty }
        return line.flatMap { $0.isLonger(than: 60) ? nil : String($0) }
    }

    /// The document as a record that is not a report: `kind`, `kind_reason`, and the title
    /// it shows, if any; no tables, sections or checks, and one issue saying why.
    static func setAside(_ document: Document, reason: String, outline: ReportOutline, stage: String) -> Document {
        var out = document
        var record: JSONValue = [
            "schema": .string(Document.recordSchema),
            "kind": .string(RecordKind.notAnnualReport),
            "kind_reason": .string(reason),
        ]
        if let title = outline.title ?? firstLine(outline) { record.setValue(.string(title), at: "report.title") }
        out.record = record
        out.addIssue(.info, "not an annual report: \(reason)", stage: stage)
        return out
    }
}

extension AnnualReportSchema {
    /// 2: documents that are not annual reports are recorded as such (`record.kind`), so
    /// checkpoints of the schema stage stored before that are stale.
    public static var version: Int { 2 }
}
