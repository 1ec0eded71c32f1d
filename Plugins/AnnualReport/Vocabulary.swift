import IngestKit

/// The format of a report's tables (`ReportTemplate.Format`).
typealias ReportFormat = ReportTemplate.Format

/// A section of the report, numbered as printed (一 … 六).
enum Section: Int, CaseIterable, Sendable, Comparable {
    case overview = 1, activeDisclosure, applications, reviewLitigation, problems, otherMatters

    static func < (a: Section, b: Section) -> Bool { a.rawValue < b.rawValue }

    /// The numeral a heading of this section opens with.
    var numeral: String { ["一", "二", "三", "四", "五", "六"][rawValue - 1] }

    /// How the heading reads in the templates (variants included).
    var headings: [String] {
        switch self {
        case .overview: ["总体情况"]
        case .activeDisclosure: ["主动公开政府信息情况"]
        case .applications: ["收到和处理政府信息公开申请情况"]
        case .reviewLitigation: ["政府信息公开行政复议行政诉讼情况", "因政府信息公开工作被申请行政复议提起行政诉讼情况"]
        case .problems: ["存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"]
        case .otherMatters: ["其他需要报告的事项"]
        }
    }
}

/// A row of table 三 in the template (`ReportTemplate.Row`).
typealias RowTerm = ReportTemplate.Row

/// The closed vocabulary of table 三 (收到和处理政府信息公开申请情况), as the template gives it.
enum ApplicationsVocabulary {
    /// Record keys of the seven applicant columns, in the template's order, with their headers.
    static let columns = ReportTemplate.applicationColumns
    static let otherSplit = ReportTemplate.otherSplit
    static let otherSingle = ReportTemplate.otherSingle

    /// The rows a record of this format carries, in the template's order.
    static func rows(_ format: ReportFormat) -> [RowTerm] {
        ReportTemplate.applicationRows(format, singleOther: false)
    }

    /// The rows a label may be matched to: a 2021 report may still print 三(六) as one row.
    static let candidates: [RowTerm] = {
        let split = ReportTemplate.applicationRows(.v2021, singleOther: false)
        return split.dropLast(2) + [ReportTemplate.otherSingle] + split.suffix(2)
    }()

    /// The outcome rows that `total` sums (三(一) … 三(六)).
    static func outcomeKeys(_ format: ReportFormat, singleOther: Bool) -> [String] {
        ReportTemplate.outcomeRows(format, singleOther: singleOther)
    }
}

/// The closed vocabulary of table 二 (主动公开政府信息情况): items and their fields.
enum ActiveDisclosureVocabulary {
    typealias Item = ReportTemplate.Item
    /// Field keys and the header words that name them; the format a field belongs to.
    static let fields = ReportTemplate.disclosureFields.map { (key: $0.key, header: $0.header, format: $0.format ?? .v2021) }

    static func items(_ format: ReportFormat) -> [Item] { ReportTemplate.disclosureItems(format) }
}

/// The closed vocabulary of table 四 (行政复议、行政诉讼): groups and their result columns.
enum ReviewLitigationVocabulary {
    static let groups = ReportTemplate.reviewGroups
    static let results = ReportTemplate.reviewResults.map { (key: $0.key, marks: $0.marks) }
}
