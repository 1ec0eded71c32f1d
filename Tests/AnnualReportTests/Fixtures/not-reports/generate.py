#!/usr/bin/env python3
"""Writes the documents that are not annual reports: a one-page notice about a report (a PDF
whose text is in the standard Chinese font STSong-Light, which poppler-data maps to Unicode),
a blank one-page PDF (a scan with nothing on it), and a budget as text. Run it from this folder;
the written files are committed, so the tests need neither this script nor Python."""

def pdf(path, lines):
    """A one-page A4 PDF showing `lines` (a list of str) top-down; no lines: a blank page."""
    content = []
    y = 780
    for size, text in lines:
        hexed = text.encode("utf-16-be").hex().upper()
        content.append(f"BT /F1 {size} Tf 60 {y} Td <{hexed}> Tj ET")
        y -= size * 2
    stream = "\n".join(content).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)

pdf("notice.pdf", [
    (16, "关于发布本区2024年政府信息公开工作年度报告的通知"),
    (11, "各街道办事处，区政府各部门："),
    (11, "根据《中华人民共和国政府信息公开条例》规定，现将本区2024年政府信息公开"),
    (11, "工作年度报告予以发布，请登录区政府门户网站政府信息公开专栏查阅。"),
    (11, "特此通知。"),
    (11, "区人民政府办公室"),
    (11, "2025年1月20日"),
])
pdf("blank.pdf", [])

with open("budget.txt", "w", encoding="utf-8") as f:
    f.write("""区财政局2025年部门预算

第一部分 部门概况
一、主要职能
负责全区财政收支、财务管理和国有资产管理等工作。
二、部门预算单位构成
本部门预算由局机关本级预算和所属事业单位预算组成。

第二部分 2025年部门预算表
收支总表（单位：万元）
项目\t预算数
一般公共预算拨款收入\t1820.50
政府性基金预算拨款收入\t0.00
事业收入\t35.20
收入总计\t1855.70
一般公共服务支出\t1502.30
社会保障和就业支出\t213.40
住房保障支出\t140.00
支出总计\t1855.70

第三部分 2025年部门预算情况说明
一、收支预算总体情况
2025年收入预算1855.70万元，支出预算1855.70万元。
二、“三公”经费预算情况
“三公”经费预算12.30万元，比上年减少0.80万元。
""")
