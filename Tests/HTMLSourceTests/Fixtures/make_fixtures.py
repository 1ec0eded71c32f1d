#!/usr/bin/env python3
"""Writes the HTML fixtures and their truth JSON (run from this folder; the outputs are committed).

Three reports, each consistent with the report's identities (balance per column, outcome sum,
row totals, table 四 group totals):
  pages/word-2021.html   Word "save as web page": mso styles, <o:p>, unclosed <p>, conditional
                         comments, rowspan/colspan merged cells, &nbsp; blank cells.
  pages/cms-gbk.html     a site CMS page in GBK (meta charset=gbk): breadcrumbs, nav, footer,
                         电脑版/手机版, 打印本页/关闭窗口, 附件下载, a hidden element, a layout table.
  pages/js-fragment      no extension: the page as JavaScript strings (var html = '…' + '…';
                         document.write("…") with escaped quotes).
"""
import json, os

COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
OUTCOMES = [
    ("granted", "（一）予以公开", None), ("partially_granted", "（二）部分公开", None),
    ("denied_state_secret", "1.属于国家秘密", "（三）不予公开"), ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", "（三）不予公开"),
    ("denied_three_safeties", "3.危及“三安全一稳定”", "（三）不予公开"), ("denied_third_party", "4.保护第三方合法权益", "（三）不予公开"),
    ("denied_internal_affairs", "5.属于三类内部事务信息", "（三）不予公开"), ("denied_process_info", "6.属于四类过程性信息", "（三）不予公开"),
    ("denied_enforcement_file", "7.属于行政执法案卷", "（三）不予公开"), ("denied_admin_query", "8.属于行政查询事项", "（三）不予公开"),
    ("unable_not_held", "1.本机关不掌握相关政府信息", "（四）无法提供"), ("unable_needs_creation", "2.没有现成信息需要另行制作", "（四）无法提供"),
    ("unable_unclear", "3.补正后申请内容仍不明确", "（四）无法提供"),
    ("rejected_petition", "1.信访举报投诉类申请", "（五）不予处理"), ("rejected_duplicate", "2.重复申请", "（五）不予处理"),
    ("rejected_publication", "3.要求提供公开出版物", "（五）不予处理"), ("rejected_excessive", "4.无正当理由大量反复申请", "（五）不予处理"),
    ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other_fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other_other", "3.其他", "（六）其他处理"),
]
GROUP_ROWS = {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5, "（六）其他处理": 3}


def report(seed):
    """Numbers for one report from a few per-row counts (six applicant columns each)."""
    rows = {k: [0] * 6 for k, _, _ in OUTCOMES}
    for k, v in seed["outcomes"].items():
        rows[k] = v
    total = [sum(rows[k][c] for k, _, _ in OUTCOMES) for c in range(6)]
    carried_over = seed["carried_over"]
    carried_forward = seed["carried_forward"]
    new = [total[c] + carried_forward[c] - carried_over[c] for c in range(6)]
    assert all(x >= 0 for x in new)
    out = {"new_received": new, "carried_over": carried_over}
    out.update(rows)
    out["total"] = total
    out["carried_forward"] = carried_forward
    return {k: v + [sum(v)] for k, v in out.items()}


def truth(source, agency, year, seed, apps):
    d = seed["disclosure"]
    return {
        "source": source,
        "report": {"agency": agency, "year": year, "format": "2021"},
        "tables": {
            "active_disclosure": {
                "regulations": dict(zip(["issued", "repealed", "in_force"], d["regulations"])),
                "normative_documents": dict(zip(["issued", "repealed", "in_force"], d["normative_documents"])),
                "licensing": {"decisions": d["licensing"]}, "punishment": {"decisions": d["punishment"]},
                "coercion": {"decisions": d["coercion"]}, "fees": {"amount": d["fees"]},
            },
            "applications": {"columns": COLS, "rows": apps},
            "review_litigation": {g: dict(zip(["upheld", "corrected", "other", "pending", "total"], v + [sum(v)]))
                                  for g, v in seed["review"].items()},
        },
        "phrases": {},
        "notes": seed["notes"],
    }


def cell(text, attrs="", word=False):
    text = "&nbsp;" if text == "" else text
    if word:
        return (f"<td {attrs} style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>"
                f"<p class=MsoNormal align=center style='text-align:center'><span style='font-size:10.0pt;font-family:仿宋_GB2312;"
                f"mso-hansi-font-family:\"Times New Roman\"'>{text}<o:p></o:p></span></p></td>")
    return f"<td {attrs}>{text}</td>"


def tables_html(seed, apps, word=False, q="'"):
    d = seed["disclosure"]
    c = lambda t, a="": cell(t, a, word)
    t2 = [
        "<table border=1 cellspacing=0 cellpadding=0>",
        f"<tr>{c('第二十条第（一）项', 'colspan=4')}</tr>",
        f"<tr>{c('信息内容')}{c('本年制发件数')}{c('本年废止件数')}{c('现行有效件数')}</tr>",
        f"<tr>{c('规章')}" + "".join(c(str(x)) for x in d["regulations"]) + "</tr>",
        f"<tr>{c('行政规范性文件')}" + "".join(c(str(x)) for x in d["normative_documents"]) + "</tr>",
        f"<tr>{c('第二十条第（五）项', 'colspan=4')}</tr>",
        f"<tr>{c('信息内容')}{c('本年处理决定数量', 'colspan=3')}</tr>",
        f"<tr>{c('行政许可')}{c(str(d['licensing']), 'colspan=3')}</tr>",
        f"<tr>{c('第二十条第（六）项', 'colspan=4')}</tr>",
        f"<tr>{c('信息内容')}{c('本年处理决定数量', 'colspan=3')}</tr>",
        f"<tr>{c('行政处罚')}{c(str(d['punishment']), 'colspan=3')}</tr>",
        f"<tr>{c('行政强制')}{c(str(d['coercion']), 'colspan=3')}</tr>",
        f"<tr>{c('第二十条第（八）项', 'colspan=4')}</tr>",
        f"<tr>{c('信息内容')}{c('本年收费金额（单位：万元）', 'colspan=3')}</tr>",
        f"<tr>{c('行政事业性收费')}{c(str(d['fees']), 'colspan=3')}</tr>",
        "</table>",
    ]
    nums = lambda k: "".join(c(str(x)) for x in apps[k])
    t3 = [
        "<table border=1 cellspacing=0 cellpadding=0>",
        f"<tr>{c('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 'colspan=3 rowspan=3')}{c('申请人情况', 'colspan=7')}</tr>",
        f"<tr>{c('自然人', 'rowspan=2')}{c('法人或其他组织', 'colspan=5')}{c('总计', 'rowspan=2')}</tr>",
        f"<tr>{c('商业企业')}{c('科研机构')}{c('社会公益组织')}{c('法律服务机构')}{c('其他')}</tr>",
        f"<tr>{c('一、本年新收政府信息公开申请数量', 'colspan=3')}{nums('new_received')}</tr>",
        f"<tr>{c('二、上年结转政府信息公开申请数量', 'colspan=3')}{nums('carried_over')}</tr>",
    ]
    seen_group = set()
    for i, (key, label, group) in enumerate(OUTCOMES):
        row = "<tr>"
        if i == 0:
            row += c("三、本年度办理结果", "rowspan=22")
        if group is None:
            row += c(label, "colspan=2")
        else:
            if group not in seen_group:
                seen_group.add(group)
                row += c(group, f"rowspan={GROUP_ROWS[group]}")
            row += c(label)
        t3.append(row + nums(key) + "</tr>")
    t3.append(f"<tr>{c('（七）总计', 'colspan=2')}{nums('total')}</tr>")
    t3.append(f"<tr>{c('四、结转下年度继续办理', 'colspan=3')}{nums('carried_forward')}</tr>")
    t3.append("</table>")
    r = seed["review"]
    g = lambda v: "".join(c(str(x)) for x in v + [sum(v)])
    t4 = [
        "<table border=1 cellspacing=0 cellpadding=0>",
        f"<tr>{c('行政复议', 'colspan=5')}{c('行政诉讼', 'colspan=10')}</tr>",
        "<tr>" + "".join(c(x, "rowspan=2") for x in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
        + c("未经复议直接起诉", "colspan=5") + c("复议后起诉", "colspan=5") + "</tr>",
        "<tr>" + "".join(c(x) for x in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + "</tr>",
        "<tr>" + g(r["review"]) + g(r["litigation_direct"]) + g(r["litigation_after_review"]) + "</tr>",
        "</table>",
    ]
    return t2, t3, t4


def para(text, word):
    if word:
        # Word: an unclosed-looking paragraph with spans split mid-phrase over source lines.
        half = len(text) // 2
        return (f"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt'>"
                f"<span style='font-family:仿宋_GB2312;mso-bidi-font-family:宋体'>{text[:half]}</span><span\n"
                f"style='font-family:仿宋_GB2312'>{text[half:]}<o:p></o:p></span></p>")
    return f"<p>{text}</p>"


def body_parts(title, agency, year, seed, apps, word):
    t2, t3, t4 = tables_html(seed, apps, word)
    p = lambda t: para(t, word)
    new, total, fwd = apps["new_received"][6], apps["total"][6], apps["carried_forward"][6]
    return [
        p(f"本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求编制，统计期限为{year}年1月1日至12月31日。"),
        "<h2>一、总体情况</h2>",
        p(f"{year}年，{agency}认真贯彻落实政务公开工作部署，全年共收到政府信息公开申请{new}件，办结{total}件，结转下年度继续办理{fwd}件。"),
        p("（一）主动公开。围绕重点领域信息公开，及时发布政策文件和解读材料。"),
        "<h2>二、主动公开政府信息情况</h2>", *t2,
        "<h2>三、收到和处理政府信息公开申请情况</h2>", *t3,
        "<h2>四、政府信息公开行政复议、行政诉讼情况</h2>", *t4,
        "<h2>五、存在的主要问题及改进情况</h2>",
        p("主要问题是政策解读形式较为单一。下一步将丰富解读形式，提升公开质量。"),
        "<h2>六、其他需要报告的事项</h2>",
        p("本机关未收取信息处理费。"),
    ]


SEEDS = {
    "word-2021": dict(
        agency="临川县人民政府办公室", year=2022,
        disclosure=dict(regulations=[0, 0, 3], normative_documents=[5, 1, 27], licensing=1234, punishment=56, coercion=7, fees=12.5),
        outcomes=dict(granted=[20, 3, 0, 1, 0, 1], partially_granted=[5, 1, 0, 0, 0, 0], denied_state_secret=[1, 0, 0, 0, 0, 0],
                      denied_third_party=[2, 0, 0, 0, 0, 0], denied_internal_affairs=[1, 0, 0, 0, 0, 0], denied_process_info=[2, 0, 0, 0, 0, 0],
                      denied_admin_query=[1, 0, 0, 0, 0, 0], unable_not_held=[9, 1, 1, 0, 0, 1], unable_needs_creation=[2, 0, 0, 0, 0, 0],
                      unable_unclear=[1, 0, 0, 0, 0, 0], rejected_petition=[3, 0, 0, 0, 0, 0], rejected_duplicate=[2, 0, 0, 0, 0, 0],
                      rejected_excessive=[1, 0, 0, 0, 0, 0], other_no_correction=[1, 0, 0, 1, 0, 0], other_other=[1, 0, 0, 0, 0, 0]),
        carried_over=[3, 1, 0, 0, 0, 0], carried_forward=[2, 0, 0, 1, 0, 0],
        review=dict(review=[2, 1, 0, 1], litigation_direct=[1, 0, 0, 1], litigation_after_review=[0, 0, 1, 0]),
        notes="Written for the tests: a 2021-format report as Word-exported HTML (mso styles, <o:p>, spans split over source lines, "
              "conditional comments), table 三 with rowspan for 三、本年度办理结果 (22 rows) and the （三）（四）（五）（六） group cells, "
              "colspan for 法人或其他组织 and the header; table 二 values in colspan=3 cells; &nbsp; blank cells. All identities hold."),
    "cms-gbk": dict(
        agency="青溪市自然资源局", year=2023,
        disclosure=dict(regulations=[0, 0, 0], normative_documents=[2, 0, 11], licensing=865, punishment=43, coercion=0, fees=0),
        outcomes=dict(granted=[31, 2, 0, 0, 1, 0], partially_granted=[4, 0, 0, 0, 0, 0], denied_third_party=[1, 0, 0, 0, 0, 0],
                      denied_process_info=[3, 1, 0, 0, 0, 0], unable_not_held=[14, 2, 0, 0, 0, 1], unable_needs_creation=[1, 0, 0, 0, 0, 0],
                      rejected_petition=[2, 0, 0, 0, 0, 0], rejected_duplicate=[1, 0, 0, 0, 0, 0], other_no_correction=[2, 0, 0, 0, 0, 0],
                      other_other=[1, 0, 0, 0, 0, 0]),
        carried_over=[2, 0, 0, 0, 0, 0], carried_forward=[3, 1, 0, 0, 0, 0],
        review=dict(review=[3, 0, 0, 0], litigation_direct=[1, 1, 0, 0], litigation_after_review=[1, 0, 0, 0]),
        notes="Written for the tests: a site CMS page encoded in GBK (meta charset=gbk) inside a layout table, with breadcrumbs "
              "(当前位置), a nav element, 打印本页/关闭窗口, 附件下载, 电脑版/手机版 footer, and a hidden element holding a wrong "
              "table 四 row that must not be read. All identities hold."),
    "js-fragment": dict(
        agency="南岭县发展和改革局", year=2021,
        disclosure=dict(regulations=[0, 0, 0], normative_documents=[1, 0, 4], licensing=312, punishment=9, coercion=2, fees=3.6),
        outcomes=dict(granted=[6, 1, 0, 0, 0, 0], partially_granted=[1, 0, 0, 0, 0, 0], unable_not_held=[3, 0, 0, 0, 0, 0],
                      rejected_petition=[1, 0, 0, 0, 0, 0]),
        carried_over=[0, 0, 0, 0, 0, 0], carried_forward=[1, 0, 0, 0, 0, 0],
        review=dict(review=[1, 0, 0, 0], litigation_direct=[0, 0, 0, 0], litigation_after_review=[0, 0, 0, 0]),
        notes="Written for the tests: a file with no extension holding the page as JavaScript strings: the narrative in "
              "var html = '…' + '…' (single quotes, \\' and \\n escapes), the tables in document.write(\"…\") with escaped "
              "double quotes and \\/ in closing tags. All identities hold."),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, seed in SEEDS.items():
        apps = report(seed)
        agency, year = seed["agency"], seed["year"]
        title = f"{agency}{year}年政府信息公开工作年度报告"
        if name == "word-2021":
            parts = body_parts(title, agency, year, seed, apps, word=True)
            page = ("<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\"\n"
                    "xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\">\n<head>\n"
                    "<meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">\n<meta name=ProgId content=Word.Document>\n"
                    "<meta name=Generator content=\"Microsoft Word 15\">\n"
                    f"<title>{title}</title>\n<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>admin</o:Author>\n"
                    " </o:DocumentProperties>\n</xml><![endif]-->\n<style>\n<!--\n p.MsoNormal\n\t{mso-style-parent:\"\";\n\tmargin:0cm;"
                    "\n\tfont-family:等线;}\n-->\n</style>\n</head>\n<body lang=ZH-CN style='tab-interval:21.0pt'>\n"
                    "<div class=WordSection1 style='layout-grid:15.6pt'>\n"
                    f"<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;font-family:方正小标宋简体'>{title}<o:p></o:p></span></b></p>\n"
                    "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n"
                    + "\n".join(parts) + "\n<p class=MsoNormal><![if !supportEmptyParas]>&nbsp;<![endif]><o:p></o:p>\n"
                    f"<p class=MsoNormal align=right style='text-align:right'><span>{agency}<o:p></o:p></span>\n"
                    "</div>\n</body>\n</html>\n")
            open(os.path.join(here, "pages", name + ".html"), "w", encoding="utf-8").write(page)
        elif name == "cms-gbk":
            parts = body_parts(title, agency, year, seed, apps, word=False)
            hidden = ("<div style=\"display: none\"><table><tr><td>9</td><td>9</td><td>9</td><td>9</td><td>36</td></tr></table>"
                      "<p>全年共收到政府信息公开申请999件</p></div>")
            page = ("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\">\n<html>\n<head>\n"
                    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\" />\n"
                    f"<title>{title}_青溪市人民政府</title>\n<script type=\"text/javascript\">var _hmt = _hmt || []; "
                    "function printit(){window.print();}</script>\n<style>.nav{color:red}</style>\n</head>\n<body>\n"
                    "<div class=\"header\"><div class=\"logo\">青溪市人民政府</div><nav><a href=\"/\">首页</a> <a href=\"/zwgk\">政务公开</a></nav></div>\n"
                    "<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"#\">政务公开</a> &gt; 年度报告</div>\n"
                    "<table width=\"1000\" align=\"center\"><tr><td>\n"
                    f"<h1 class=\"title\">{title}</h1>\n<div class=\"info\">发布时间：2024-01-20 来源：市自然资源局 【字体：大 中 小】</div>\n"
                    "<div id=\"zoom\">\n" + "\n".join(parts) + "\n" + hidden + "\n"
                    f"<p style=\"text-align:right\">{agency}</p>\n<p style=\"text-align:right\">2024年1月20日</p>\n"
                    "<p>附件下载：</p>\n<p><a href=\"/a.pdf\">" + f"{title}.pdf</a></p>\n</div>\n"
                    "<div class=\"tools\"><a href=\"javascript:printit()\">打印本页</a> <a href=\"javascript:window.close()\">关闭窗口</a></div>\n"
                    "</td></tr></table>\n<div class=\"footer\"><p>主办单位：青溪市人民政府办公室</p></div>\n"
                    "<div class=\"bottom\"><p>电脑版 | 手机版</p></div>\n</body>\n</html>\n")
            open(os.path.join(here, "pages", name + ".html"), "wb").write(page.encode("gbk"))
        else:
            parts = body_parts(title, agency, year, seed, apps, word=False)
            # Narrative into var html = '…' (single quotes); the tables into document.write("…").
            split = parts.index("<h2>二、主动公开政府信息情况</h2>")
            narrative = [f"<h1>{title}</h1>"] + parts[:split]
            rest = parts[split:]
            def js_single(s): return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"
            def js_double(s): return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("</", "<\\/") + "\\n\""
            lines = ["// content generated by the site's CMS", "var html = " + "\n  + ".join(js_single(x) for x in narrative) + ";",
                     "document.getElementById(\"content\").innerHTML = html;"]
            lines += ["document.write(" + js_double(x.replace("<table ", "<table class=\"zwgk\" ")) + ");" for x in rest]
            open(os.path.join(here, "pages", name), "w", encoding="utf-8").write("\n".join(lines) + "\n")
        source = name + (".html" if name != "js-fragment" else "")
        json.dump(truth(source, agency, year, seed, apps), open(os.path.join(here, "truth", name + ".json"), "w", encoding="utf-8"),
                  ensure_ascii=False, indent=1)


main()
