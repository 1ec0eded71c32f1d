/// The format of a report's tables: the 2021 national template (国办公开办函〔2021〕30号) or
/// the 2019 one (〔2019〕60号). Table 二's columns tell them apart.
enum ReportFormat: String, Sendable {
    case v2021 = "2021"
    case v2019 = "2019"
}

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

/// A row of table 三 in the closed vocabulary of a format: its record key, the label the
/// template prints, and where the template numbers it.
struct RowTerm: Sendable {
    let key: String
    let text: String
    /// Shorter forms the label is also printed in.
    var shortForms: [String] = []
    /// `一` for `一、…` rows.
    var top: String? = nil
    /// `一` for `（一）…` rows.
    var paren: String? = nil
    /// The `（三）` group a numbered sub-row belongs to.
    var group: String? = nil
    /// The sub-row number (`1.`).
    var index: Int? = nil
}

/// The closed vocabulary of table 三 (收到和处理政府信息公开申请情况).
enum ApplicationsVocabulary {
    /// Record keys of the seven applicant columns, in the template's order, with their headers.
    static let columns: [(key: String, header: String)] = [
        ("natural_person", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
        ("social_welfare", "社会公益组织"), ("legal_service", "法律服务机构"), ("other_org", "其他"), ("total", "总计"),
    ]

    static let head: [RowTerm] = [
        RowTerm(key: "new_received", text: "本年新收政府信息公开申请数量", top: "一"),
        RowTerm(key: "carried_over", text: "上年结转政府信息公开申请数量", top: "二"),
        RowTerm(key: "granted", text: "予以公开", paren: "一"),
        RowTerm(key: "partially_granted", text: "部分公开区分处理的只计这一情形不计其他情形", shortForms: ["部分公开"], paren: "二"),
    ] + numbered("三", [
        ("denied_state_secret", "属于国家秘密"), ("denied_prohibited_by_law", "其他法律行政法规禁止公开"),
        ("denied_three_safeties", "危及三安全一稳定"), ("denied_third_party", "保护第三方合法权益"),
        ("denied_internal_affairs", "属于三类内部事务信息"), ("denied_process_info", "属于四类过程性信息"),
        ("denied_enforcement_file", "属于行政执法案卷"), ("denied_admin_query", "属于行政查询事项"),
    ]) + numbered("四", [
        ("unable_not_held", "本机关不掌握相关政府信息"), ("unable_needs_creation", "没有现成信息需要另行制作"),
        ("unable_unclear", "补正后申请内容仍不明确"),
    ]) + numbered("五", [
        ("rejected_petition", "信访举报投诉类申请"), ("rejected_duplicate", "重复申请"),
        ("rejected_publication", "要求提供公开出版物"), ("rejected_excessive", "无正当理由大量反复申请"),
        ("rejected_confirmation", "要求行政机关确认或重新出具已获取信息"),
    ])

    static let otherSplit: [RowTerm] = numbered("六", [
        ("other_no_correction", "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请"),
        ("other_fee_unpaid", "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请"),
        ("other_other", "其他"),
    ])
    static let otherSingle = RowTerm(key: "other_processing", text: "其他处理", paren: "六")

    static let tail: [RowTerm] = [
        RowTerm(key: "total", text: "总计", paren: "七"),
        RowTerm(key: "carried_forward", text: "结转下年度继续办理", top: "四"),
    ]

    /// The rows a record of this format carries, in the template's order.
    static func rows(_ format: ReportFormat) -> [RowTerm] {
        format == .v2021 ? head + otherSplit + tail : head + [otherSingle] + tail
    }

    /// The rows a label may be matched to: a 2021 report may still print 三(六) as one row.
    static func candidates(_ format: ReportFormat) -> [RowTerm] {
        head + otherSplit + [otherSingle] + tail
    }

    /// The outcome rows that `total` sums (三(一) … 三(六)).
    static func outcomeKeys(_ format: ReportFormat, singleOther: Bool) -> [String] {
        let others = format == .v2019 || singleOther ? [otherSingle.key] : otherSplit.map(\.key)
        return head.dropFirst(2).map(\.key) + others
    }

    private static func numbered(_ group: String, _ items: [(String, String)]) -> [RowTerm] {
        items.enumerated().map { RowTerm(key: $0.element.0, text: $0.element.1, group: group, index: $0.offset + 1) }
    }
}

/// The closed vocabulary of table 二 (主动公开政府信息情况): items and their fields.
enum ActiveDisclosureVocabulary {
    /// An item row: its key, label, and the fields it carries in a format.
    struct Item: Sendable {
        let key: String
        let label: String
        let fields: [String]
    }

    /// Field keys and the header words that name them; the format a field belongs to.
    static let fields: [(key: String, header: String, format: ReportFormat)] = [
        ("issued", "本年制发件数", .v2021), ("repealed", "本年废止件数", .v2021), ("in_force", "现行有效件数", .v2021),
        ("amount", "本年收费金额", .v2021), ("decisions", "处理决定数量", .v2021),
        ("new_made", "本年新制作数量", .v2019), ("new_published", "本年新公开数量", .v2019),
        ("total_published", "对外公开总数量", .v2019), ("previous_items", "上一年项目数量", .v2019), ("change", "本年增减", .v2019),
    ]

    static func items(_ format: ReportFormat) -> [Item] {
        switch format {
        case .v2021:
            let documents = ["issued", "repealed", "in_force"]
            return [Item(key: "regulations", label: "规章", fields: documents),
                    Item(key: "normative_documents", label: "行政规范性文件", fields: documents),
                    Item(key: "licensing", label: "行政许可", fields: ["decisions"]),
                    Item(key: "punishment", label: "行政处罚", fields: ["decisions"]),
                    Item(key: "coercion", label: "行政强制", fields: ["decisions"]),
                    Item(key: "fees", label: "行政事业性收费", fields: ["amount"])]
        case .v2019:
            let documents = ["new_made", "new_published", "total_published"]
            let services = ["previous_items", "change", "decisions"]
            return [Item(key: "regulations", label: "规章", fields: documents),
                    Item(key: "normative_documents", label: "规范性文件", fields: documents),
                    Item(key: "licensing", label: "行政许可", fields: services),
                    Item(key: "other_services", label: "其他对外管理服务事项", fields: services),
                    Item(key: "punishment", label: "行政处罚", fields: services),
                    Item(key: "coercion", label: "行政强制", fields: services),
                    Item(key: "fees", label: "行政事业性收费", fields: ["previous_items", "change"])]
        }
    }
}

/// The closed vocabulary of table 四 (行政复议、行政诉讼): groups and their result columns.
enum ReviewLitigationVocabulary {
    /// Group keys in the template's order, with the header words that name each (the most
    /// specific first: `复议后起诉` and `未经复议直接起诉` both contain `复议`).
    static let groups: [(key: String, headers: [String])] = [
        ("review", ["行政复议"]),
        ("litigation_direct", ["未经复议直接起诉", "未经复议"]),
        ("litigation_after_review", ["复议后起诉", "复议后"]),
    ]

    /// Result keys in the template's order, with the characters that identify each even when
    /// the header was set one character a line and lost some (`结果维` is still `upheld`).
    static let results: [(key: String, marks: Set<Character>)] = [
        ("upheld", ["维", "持"]), ("corrected", ["纠", "正"]), ("other", ["其", "他"]),
        ("pending", ["尚", "未", "审"]), ("total", ["总", "计"]),
    ]
}
