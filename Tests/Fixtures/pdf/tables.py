"""The three statistical tables of an annual report (2021 and 2019 formats), as numbers that
satisfy the reconciliation rules and as ruled `fodt.Table`s laid out as governments print them."""

from fodt import Cell, Table

COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]

# Table 三: groups of outcome rows, (group label, [(key, sub-label or None)]).
DENIED = ("（三）不予公开", [
    ("denied_state_secret", "属于国家秘密"), ("denied_prohibited_by_law", "其他法律行政法规禁止公开"),
    ("denied_three_safeties", "危及“三安全一稳定”"), ("denied_third_party", "保护第三方合法权益"),
    ("denied_internal_affairs", "属于三类内部事务信息"), ("denied_process_info", "属于四类过程性信息"),
    ("denied_enforcement_file", "属于行政执法案卷"), ("denied_admin_query", "属于行政查询事项")])
UNABLE = ("（四）无法提供", [
    ("unable_not_held", "本机关不掌握相关政府信息"), ("unable_needs_creation", "没有现成信息需要另行制作"),
    ("unable_unclear", "补正后申请内容仍不明确")])
REJECTED = ("（五）不予处理", [
    ("rejected_petition", "信访举报投诉类申请"), ("rejected_duplicate", "重复申请"),
    ("rejected_publication", "要求提供公开出版物"), ("rejected_excessive", "无正当理由大量反复申请"),
    ("rejected_confirmation", "要求行政机关确认或重新出具已获取信息")])
OTHER_2021 = ("（六）其他处理", [
    ("other_no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "其他")])
OTHER_ONE_ROW = ("（六）其他处理", [("other_processing", None)])


def outcome_groups(six_as_one_row):
    """The outcome groups of table 三 in print order."""
    return [("（一）予以公开", [("granted", None)]),
            ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [("partially_granted", None)]),
            DENIED, UNABLE, REJECTED, OTHER_ONE_ROW if six_as_one_row else OTHER_2021]


def outcome_keys(six_as_one_row):
    return [key for _, rows in outcome_groups(six_as_one_row) for key, _ in rows]


def application_rows(rng, scale, six_as_one_row):
    """Rows of table 三 keyed as in the record, satisfying the balance, outcome-sum and row-total rules.

    `scale` is the typical number of applications from natural persons."""
    keys = outcome_keys(six_as_one_row)
    weights = {"granted": 8, "partially_granted": 3, "unable_not_held": 4, "rejected_petition": 2,
               "rejected_duplicate": 1, "denied_process_info": 1, "denied_third_party": 1,
               "unable_needs_creation": 1, "unable_unclear": 1, "other_processing": 1, "other_other": 1}
    column_scale = [scale, scale // 8, scale // 40, scale // 40, scale // 20, scale // 30]
    rows = {key: [0] * 7 for key in ["new_received", "carried_over"] + keys + ["total", "carried_forward"]}
    for col, size in enumerate(column_scale):
        if size == 0 and rng.random() < 0.6:
            continue
        for key in keys:
            w = weights.get(key, 0)
            if w and rng.random() < 0.85:
                rows[key][col] = rng.randint(0, max(1, size * w // 12))
        rows["total"][col] = sum(rows[key][col] for key in keys)
        rows["carried_forward"][col] = rng.randint(0, max(1, size // 15)) if size else 0
        rows["carried_over"][col] = rng.randint(0, rows["total"][col] // 10 + 1) if rows["total"][col] else 0
        rows["new_received"][col] = rows["total"][col] + rows["carried_forward"][col] - rows["carried_over"][col]
    for row in rows.values():
        row[6] = sum(row[:6])
    return rows


def review_litigation(rng, scale):
    """Table 四: three groups whose totals add up."""
    out = {}
    for group, size in [("review", scale), ("litigation_direct", scale // 2), ("litigation_after_review", scale // 3)]:
        g = {k: rng.randint(0, max(0, size)) for k in ["upheld", "corrected", "other", "pending"]}
        g["total"] = sum(g.values())
        out[group] = g
    return out


def numbered(index, label, style):
    return f"{index}{'、' if style == 'comma' else '.'}{label}"


def applications_table(rows, six_as_one_row, label_style):
    """Table 三 as printed: three header rows, the vertical 三、本年度办理结果, wrapped labels."""
    t = Table("Applications", [1.0, 1.9, 3.3] + [1.34] * 7)
    t.add(Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", cols=3, rows=3),
          Cell("申请人情况", cols=7))
    t.add(Cell("自然人", rows=2), Cell("法人或其他组织", cols=5), Cell("总计", rows=2))
    t.add("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    t.add(Cell("一、本年新收政府信息公开申请数量", cols=3, left=True), *rows["new_received"])
    t.add(Cell("二、上年结转政府信息公开申请数量", cols=3, left=True), *rows["carried_over"])
    groups = outcome_groups(six_as_one_row) + [("（七）总计", [("total", None)])]
    span = sum(len(r) for _, r in groups)
    first = True
    for label, members in groups:
        for i, (key, sub) in enumerate(members):
            cells = []
            if first:
                cells.append(Cell("三、本年度办理结果", rows=span, vertical=True))
                first = False
            if sub is None:
                cells.append(Cell(label, cols=2, left=True))
            else:
                if i == 0:
                    cells.append(Cell(label, rows=len(members)))
                cells.append(Cell(numbered(i + 1, sub, label_style), left=True))
            t.add(*cells, *rows[key])
    t.add(Cell("四、结转下年度继续办理", cols=3, left=True), *rows["carried_forward"])
    return t


def review_table(groups):
    """Table 四: 行政复议 and the two kinds of 行政诉讼, headers wrapping in narrow columns."""
    t = Table("Review", [1.04] * 15)
    t.add(Cell("行政复议", cols=5), Cell("行政诉讼", cols=10))
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t.add(*[Cell(h, rows=2) for h in heads], Cell("未经复议直接起诉", cols=5), Cell("复议后起诉", cols=5))
    t.add(*heads, *heads)
    keys = ["upheld", "corrected", "other", "pending", "total"]
    t.add(*[groups[g][k] for g in ["review", "litigation_direct", "litigation_after_review"] for k in keys])
    return t


def fmt_amount(value):
    """A fee amount as printed: integers without decimals, others with what they have."""
    return str(int(value)) if float(value).is_integer() else f"{value}"


def documents_section(data, widths, normative_label, columns):
    """Table 二 up to its first section: 第二十条第（一）项, its header, 规章 and the normative documents."""
    t = Table("Active", widths)
    t.add(Cell("第二十条第（一）项", cols=4))
    t.add("信息内容", *[head for head, _ in columns])
    for key, label in [("regulations", "规章"), ("normative_documents", normative_label)]:
        t.add(label, *[data[key][field] for _, field in columns])
    return t


def active_table_2021(data):
    """Table 二 in the 2021 format."""
    t = documents_section(data, [4.4, 3.7, 3.7, 3.8], "行政规范性文件",
                          [("本年制发件数", "issued"), ("本年废止件数", "repealed"), ("现行有效件数", "in_force")])
    sections = [("第二十条第（五）项", "本年处理决定数量", [("licensing", "行政许可")]),
                ("第二十条第（六）项", "本年处理决定数量", [("punishment", "行政处罚"), ("coercion", "行政强制")]),
                ("第二十条第（八）项", "本年收费金额（单位：万元）", [("fees", "行政事业性收费")])]
    for head, column, members in sections:
        t.add(Cell(head, cols=4))
        t.add("信息内容", Cell(column, cols=3))
        for key, label in members:
            value = data[key].get("decisions", data[key].get("amount"))
            t.add(label, Cell(fmt_amount(value), cols=3))
    return t


def signed(n):
    return f"+{n}" if n > 0 else str(n)


def active_table_2019(data):
    """Table 二 in the 2019 format."""
    t = documents_section(data, [4.6, 3.6, 3.6, 3.8], "规范性文件",
                          [("本年新制作数量", "new_made"), ("本年新公开数量", "new_published"), ("对外公开总数量", "total_published")])
    sections = [("第二十条第（五）项", [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
                ("第二十条第（六）项", [("punishment", "行政处罚"), ("coercion", "行政强制")])]
    for head, members in sections:
        t.add(Cell(head, cols=4))
        t.add("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")
        for key, label in members:
            d = data[key]
            t.add(label, d["previous_items"], signed(d["change"]), d["decisions"])
    t.add(Cell("第二十条第（八）项", cols=4))
    t.add("信息内容", "上一年项目数量", Cell("本年增/减", cols=2))
    t.add("行政事业性收费", data["fees"]["previous_items"], Cell(signed(data["fees"]["change"]), cols=2))
    return t


def plain(value):
    """A whole amount as an integer (printed and recorded without decimals), others unchanged."""
    return int(value) if float(value).is_integer() else value


def active_numbers(rng, fmt, big):
    """Table 二's numbers; `big` gives a large agency (millions of licensing decisions, decimal fees)."""
    if fmt == "2021":
        def docs(lo, hi):
            issued = rng.randint(lo, hi)
            return {"issued": issued, "repealed": rng.randint(0, issued), "in_force": issued + rng.randint(5, 60)}
        return {"regulations": docs(0, 3 if big else 0), "normative_documents": docs(1, 12),
                "licensing": {"decisions": rng.randint(1_000_000, 4_000_000) if big else rng.randint(0, 900)},
                "punishment": {"decisions": rng.randint(1000, 20000) if big else rng.randint(0, 300)},
                "coercion": {"decisions": rng.randint(10, 500) if big else rng.randint(0, 20)},
                "fees": {"amount": plain(round(rng.uniform(10000, 99999), 1) if big else rng.choice([0, 0, round(rng.uniform(1, 99), 2)]))}}

    def made(hi):
        n = rng.randint(0, hi)
        return {"new_made": n, "new_published": n, "total_published": n + rng.randint(0, 30)}

    def items(prev_hi, dec_hi):
        previous = rng.randint(1, prev_hi)
        return {"previous_items": previous, "change": rng.randint(-min(previous, 60), 80), "decisions": rng.randint(0, dec_hi)}
    return {"regulations": made(2 if big else 0), "normative_documents": made(10),
            "licensing": items(900, 3_985_758 if big else 20000), "other_services": items(1500, 150000),
            "punishment": items(3000, 12000 if big else 600), "coercion": items(300, 120),
            "fees": {"previous_items": (fees := rng.randint(0, 12)), "change": rng.randint(-min(fees, 3), 9)}}
