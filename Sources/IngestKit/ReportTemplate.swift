/// The national template of the information-disclosure annual report (政府信息公开工作年度报告),
/// described once, as data: its tables, their rows in the printed order with the labels and
/// the numbering they are printed with, their columns, and the identities (勾稽关系) that tie
/// the cells together.
///
/// Everything that knows the report's shape derives from here: the schema stage's alignment of
/// what a page shows to the template, its reconciliation checks, the record's keys, and the
/// sinks' row keys and order. A variant of the format is a change of data here, not of code.
///
/// ```swift
/// let rows = ReportTemplate.applicationRows(.v2021, singleOther: false)   // 25 rows
/// let rules = ReportTemplate.identities(.v2019, singleOther: true)        // every identity instance
/// ```
public enum ReportTemplate {
    /// The two national formats: 国办公开办函〔2021〕30号 and 〔2019〕60号. Table 二's columns
    /// tell them apart.
    public enum Format: String, Sendable, CaseIterable {
        case v2021 = "2021"
        case v2019 = "2019"
    }

    /// A row of a table as the template prints it.
    public struct Row: Sendable, Equatable {
        /// The record key.
        public let key: String
        /// The printed label, numbering and punctuation left out.
        public let label: String
        /// Shorter forms the label is also printed in.
        public var shortForms: [String] = []
        /// `一` of a `一、…` row.
        public var top: String? = nil
        /// `一` of a `（一）…` row.
        public var paren: String? = nil
        /// The `（三）` group a numbered sub-row belongs to.
        public var group: String? = nil
        /// The number of a sub-row (`1.`).
        public var index: Int? = nil
    }

    /// A labelled heading of table 三 that carries no numbers of its own (a merged cell over
    /// the rows of its group).
    public struct GroupLabel: Sendable, Equatable {
        public let label: String
        public var top: String? = nil
        public var paren: String? = nil
    }

    // MARK: - Table 三 (收到和处理政府信息公开申请情况)

    /// The seven applicant columns in the printed order: record key and header.
    public static let applicationColumns: [(key: String, header: String)] = [
        ("natural_person", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
        ("social_welfare", "社会公益组织"), ("legal_service", "法律服务机构"), ("other_org", "其他"), ("total", "总计"),
    ]

    /// The column that sums the six applicant columns.
    public static let applicationTotalColumn = "total"

    static let applicationHead: [Row] = [
        Row(key: "new_received", label: "本年新收政府信息公开申请数量", top: "一"),
        Row(key: "carried_over", label: "上年结转政府信息公开申请数量", top: "二"),
        Row(key: "granted", label: "予以公开", paren: "一"),
        Row(key: "partially_granted", label: "部分公开区分处理的只计这一情形不计其他情形", shortForms: ["部分公开"], paren: "二"),
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

    /// 三(六) in three rows (the 2021 format).
    public static let otherSplit: [Row] = numbered("六", [
        ("other_no_correction", "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请"),
        ("other_fee_unpaid", "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请"),
        ("other_other", "其他"),
    ])

    /// 三(六) as one row (the 2019 format, and 2021 reports that kept it).
    public static let otherSingle = Row(key: "other_processing", label: "其他处理", paren: "六")

    static let applicationTail: [Row] = [
        Row(key: "total", label: "总计", paren: "七"),
        Row(key: "carried_forward", label: "结转下年度继续办理", top: "四"),
    ]

    /// The group headings of table 三, which print no numbers.
    public static let applicationGroups: [GroupLabel] = [
        GroupLabel(label: "本年度办理结果", top: "三"),
        GroupLabel(label: "不予公开", paren: "三"),
        GroupLabel(label: "无法提供", paren: "四"),
        GroupLabel(label: "不予处理", paren: "五"),
        GroupLabel(label: "其他处理", paren: "六"),
    ]

    /// Table 三's rows in the printed order: 25 with 三(六) in three rows, 23 with it as one.
    public static func applicationRows(_ format: Format, singleOther: Bool) -> [Row] {
        applicationHead + (format == .v2019 || singleOther ? [otherSingle] : otherSplit) + applicationTail
    }

    /// Every row table 三 may carry, in the printed order (the three 三(六) rows, then the
    /// single one).
    public static let everyApplicationRow: [Row] = applicationHead + otherSplit + [otherSingle] + applicationTail

    /// Every row key table 三 may carry: the order sinks write rows in.
    public static let applicationRowKeys: [String] = everyApplicationRow.map(\.key)

    /// The outcome rows that 三(七) 总计 sums.
    public static func outcomeRows(_ format: Format, singleOther: Bool) -> [String] {
        applicationRows(format, singleOther: singleOther).map(\.key).filter { key in
            !["new_received", "carried_over", "total", "carried_forward"].contains(key)
        }
    }

    private static func numbered(_ group: String, _ items: [(String, String)]) -> [Row] {
        items.enumerated().map { Row(key: $0.element.0, label: $0.element.1, group: group, index: $0.offset + 1) }
    }

    // MARK: - Table 二 (主动公开政府信息情况)

    /// A field (column) of table 二: record key, the header that names it, its format.
    public struct Field: Sendable, Equatable {
        public let key: String
        public let header: String
        /// The format whose table prints this header; nil for a header both print.
        public let format: Format?
    }

    /// An item (row) of table 二 and the fields it carries.
    public struct Item: Sendable, Equatable {
        public let key: String
        public let label: String
        public let fields: [String]
    }

    /// Every field header of table 二.
    public static let disclosureFields: [Field] = [
        Field(key: "issued", header: "本年制发件数", format: .v2021),
        Field(key: "repealed", header: "本年废止件数", format: .v2021),
        Field(key: "in_force", header: "现行有效件数", format: .v2021),
        Field(key: "amount", header: "本年收费金额", format: .v2021),
        Field(key: "decisions", header: "处理决定数量", format: nil),
        Field(key: "new_made", header: "本年新制作数量", format: .v2019),
        Field(key: "new_published", header: "本年新公开数量", format: .v2019),
        Field(key: "total_published", header: "对外公开总数量", format: .v2019),
        Field(key: "previous_items", header: "上一年项目数量", format: .v2019),
        Field(key: "change", header: "本年增减", format: .v2019),
    ]

    /// Table 二's items of a format, in the printed order.
    public static func disclosureItems(_ format: Format) -> [Item] {
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

    /// Fields that hold a signed change or an amount of money rather than a count.
    public static let nonCountFields: Set<String> = ["change", "amount"]

    // MARK: - Table 四 (行政复议、行政诉讼)

    /// The three groups in the printed order, with the header words that name each (the most
    /// specific first: `复议后起诉` and `未经复议直接起诉` both contain `复议`).
    public static let reviewGroups: [(key: String, headers: [String])] = [
        ("review", ["行政复议"]),
        ("litigation_direct", ["未经复议直接起诉", "未经复议"]),
        ("litigation_after_review", ["复议后起诉", "复议后"]),
    ]

    /// The five results of each group in the printed order, with the characters that tell
    /// each apart even when its header was set one character a line and lost some.
    public static let reviewResults: [(key: String, header: String, marks: ScalarSet)] = [
        ("upheld", "结果维持", ["维", "持"]), ("corrected", "结果纠正", ["纠", "正"]), ("other", "其他结果", ["其", "他"]),
        ("pending", "尚未审结", ["尚", "未", "审"]), ("total", "总计", ["总", "计"]),
    ]

    // MARK: - Identities

    /// A cell of the record's tables: table key, row (item or group) key, column (field or
    /// result) key.
    public struct CellRef: Hashable, Sendable, CustomStringConvertible {
        public let table: String
        public let row: String
        public let column: String

        public init(_ table: String, _ row: String, _ column: String) {
            self.table = table
            self.row = row
            self.column = column
        }

        public var description: String { "\(row).\(column)" }
    }

    /// One instance of a reconciliation rule: the sum of `left` equals the sum of `right`.
    public struct Identity: Sendable, Equatable {
        /// The rule it belongs to (`applications.balance`, …), as `checks` names it.
        public let rule: String
        /// What this instance ranges over: a column, row or group key.
        public let scope: String
        public let left: [CellRef]
        public let right: [CellRef]

        /// Every cell it reads.
        public var cells: [CellRef] { left + right }

        /// Whether the values satisfy it: true or false when every cell is known, nil otherwise.
        public func holds(_ value: (CellRef) -> Double?) -> Bool? {
            var l = 0.0, r = 0.0
            for cell in left { guard let v = value(cell) else { return nil }; l += v }
            for cell in right { guard let v = value(cell) else { return nil }; r += v }
            return abs(l - r) < 1e-6
        }
    }

    /// The rules in the order `checks` reports them, each with its statement.
    public static let rules: [(name: String, statement: String)] = [
        ("applications.balance", "new_received + carried_over = total + carried_forward, per column"),
        ("applications.outcome_sum", "total = the sum of the outcome rows, per column"),
        ("applications.row_total", "the total column = the sum of the six applicant columns, per row"),
        ("review_litigation.group_total", "total = upheld + corrected + other + pending, per group"),
    ]

    /// Every identity instance of a format's tables.
    public static func identities(_ format: Format, singleOther: Bool) -> [Identity] {
        let columns = applicationColumns.map(\.key)
        let rows = applicationRows(format, singleOther: singleOther).map(\.key)
        let outcomes = outcomeRows(format, singleOther: singleOther)
        func a(_ row: String, _ column: String) -> CellRef { CellRef("applications", row, column) }
        var out: [Identity] = []
        for column in columns {
            out.append(Identity(rule: "applications.balance", scope: column,
                                left: [a("new_received", column), a("carried_over", column)],
                                right: [a("total", column), a("carried_forward", column)]))
        }
        for column in columns {
            out.append(Identity(rule: "applications.outcome_sum", scope: column,
                                left: [a("total", column)], right: outcomes.map { a($0, column) }))
        }
        for row in rows {
            out.append(Identity(rule: "applications.row_total", scope: row,
                                left: [a(row, applicationTotalColumn)],
                                right: columns.filter { $0 != applicationTotalColumn }.map { a(row, $0) }))
        }
        let results = reviewResults.map(\.key)
        for (group, _) in reviewGroups {
            out.append(Identity(rule: "review_litigation.group_total", scope: group,
                                left: [CellRef("review_litigation", group, "total")],
                                right: results.dropLast().map { CellRef("review_litigation", group, $0) }))
        }
        return out
    }
}
