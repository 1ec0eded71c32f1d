"""Bad and degraded PDFs for the error-path tests, written into bad/ by generate.py.

- notice.pdf: a one-page report excerpt, the base of the others (a valid PDF);
- encrypted.pdf: notice.pdf encrypted with AES-256, user password "gk2023" (qpdf);
- truncated.pdf: the first 60% of notice.pdf's bytes (an interrupted download);
- corrupt.pdf: a PDF header and trailer around bytes that are no PDF objects;
- not-a-pdf.pdf: an HTML error page saved under a .pdf name;
- zero-pages.pdf: a well-formed PDF whose page tree is empty;
- scanned.pdf: one page holding only an image (no text layer);
- unmapped.pdf: notice.pdf with its fonts' ToUnicode maps removed (a garbage text layer).
"""

import pathlib
import re
import subprocess
import zlib

from fodt import Report

PASSWORD = "gk2023"

NOTICE = ("根据《中华人民共和国政府信息公开条例》要求，现发布本机关年度报告。全年共收到政府信息公开申请十二件，"
          "均已按期办结。本报告电子版可在政府门户网站下载，如有疑问请与政务公开办公室联系。")

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>404 Not Found</title></head>
<body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p></body></html>
"""


def pdf_file(objects):
    """A PDF made of `objects` (bodies of objects 1..n, object 1 the catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def zero_pages():
    return pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def scanned():
    """One A4 page painted with a grey-striped image, as a scanner would leave it: no text."""
    width, height = 120, 170
    rows = bytes(b for y in range(height) for b in [0] + [255 if (y // 6) % 3 else 40] * width)
    image = zlib.compress(rows)
    content = b"q 595.3 0 0 841.9 0 0 cm /Im0 Do Q"
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.3 841.9] /Resources << /XObject << /Im0 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
        f"/BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns {width} >> "
        f"/Length {len(image)} >>\nstream\n".encode() + image + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
    ])


def corrupt():
    filler = bytes((i * 7919) % 251 for i in range(4000))
    return b"%PDF-1.7\n" + filler + b"\nstartxref\n123456\n%%EOF\n"


def without_unicode_maps(source, workdir):
    """The PDF with every /ToUnicode entry renamed, so no font maps its glyphs to Unicode."""
    qdf = pathlib.Path(workdir) / "notice-qdf.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(source), str(qdf)], check=True)
    data = re.sub(rb"/ToUnicode", b"/NoUnicode", qdf.read_bytes())
    fixed = pathlib.Path(workdir) / "unmapped.pdf"
    raw = pathlib.Path(workdir) / "unmapped-raw.pdf"
    raw.write_bytes(data)
    subprocess.run(["qpdf", str(raw), str(fixed)], check=True)
    return fixed.read_bytes()


def write_all(folder, render, workdir):
    """Writes every bad PDF into `folder`; `render(report, name)` turns a Report into a PDF path."""
    folder.mkdir(exist_ok=True)
    doc = Report("政务公开工作通知", "政务公开办公室", "2024-01-05T10:00:00")
    doc.para("关于发布政府信息公开工作年度报告的说明", "Title")
    for _ in range(3):
        doc.para(NOTICE)
    notice = render(doc, "notice")
    data = notice.read_bytes()
    (folder / "notice.pdf").write_bytes(data)
    subprocess.run(["qpdf", "--encrypt", PASSWORD, "owner-" + PASSWORD, "256", "--", str(notice),
                    str(folder / "encrypted.pdf")], check=True)
    (folder / "truncated.pdf").write_bytes(data[: len(data) * 6 // 10])
    (folder / "corrupt.pdf").write_bytes(corrupt())
    (folder / "not-a-pdf.pdf").write_text(HTML, encoding="utf-8")
    (folder / "zero-pages.pdf").write_bytes(zero_pages())
    (folder / "scanned.pdf").write_bytes(scanned())
    (folder / "unmapped.pdf").write_bytes(without_unicode_maps(notice, workdir))
