#!/usr/bin/env python3
"""Makes scanned versions of report PDFs, the way agencies publish 图片版 reports.

    python3 Tests/Fixtures/scans/make_scans.py OUT PDF... [--dpi 200] [--pages N] [--seed S]

Each page is rasterised with `pdftoppm -gray` at --dpi, turned by a small seeded angle
(under 1.5 degrees, as a sheet lies on a scanner), and given scanner noise (grain and
specks). Two PDFs are written per input, under the input's own file name so that records
match their truth by name:

    OUT/image/NAME.pdf   pages that are only images (no text layer)
    OUT/layer/NAME.pdf   the same images under tesseract's invisible text layer
                         (`tesseract -l chi_sim … pdf`), as OCR programs publish them

Needs poppler-utils, python3-numpy and tesseract-ocr with tesseract-ocr-chi-sim
(scripts/setup-system installs them). The angle and the noise depend only on --seed, the
file name and the page number, so a run reproduces the same scans.
"""

import argparse
import hashlib
import pathlib
import subprocess
import sys
import tempfile
import zlib

import numpy as np


def read_pgm(path):
    data = pathlib.Path(path).read_bytes()
    parts, pos = [], 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    pos += 1
    assert parts[0] == b"P5", "expected a binary PGM from pdftoppm -gray"
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(data, dtype=np.uint8, count=w * h, offset=pos).reshape(h, w)


def write_pgm(path, image):
    h, w = image.shape
    pathlib.Path(path).write_bytes(b"P5\n%d %d\n255\n" % (w, h) + image.tobytes())


def skew(image, degrees):
    """Turns the image about its centre (bilinear, white brought in)."""
    h, w = image.shape
    a = np.deg2rad(degrees)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = (w - 1) / 2, (h - 1) / 2
    sx = np.cos(a) * (xs - cx) + np.sin(a) * (ys - cy) + cx
    sy = -np.sin(a) * (xs - cx) + np.cos(a) * (ys - cy) + cy
    x0, y0 = np.floor(sx).astype(np.int64), np.floor(sy).astype(np.int64)
    fx, fy = sx - x0, sy - y0
    src = np.pad(image.astype(np.float32), 1, constant_values=255)

    def at(yy, xx):
        return src[np.clip(yy + 1, 0, h + 1), np.clip(xx + 1, 0, w + 1)]

    out = (at(y0, x0) * (1 - fx) * (1 - fy) + at(y0, x0 + 1) * fx * (1 - fy)
           + at(y0 + 1, x0) * (1 - fx) * fy + at(y0 + 1, x0 + 1) * fx * fy)
    return out


def noisy(image, rng):
    """Scanner grain, a slightly grey paper, and dark and light specks."""
    out = image * 0.94 + 8 + rng.normal(0, 7, image.shape)
    specks = rng.random(image.shape)
    out[specks < 0.0004] = 40
    out[specks > 0.9996] = 250
    return np.clip(out, 0, 255).astype(np.uint8)


def image_pdf(pages, dpi, path):
    """A PDF of grey images only, one page each, sized as printed at `dpi`."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    for image in pages:
        h, w = image.shape
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        stream = zlib.compress(image.tobytes(), 6)
        image_id = len(objects) + 1
        objects.append((f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                        f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(stream)} >>", stream))
        content = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        content_id = len(objects) + 1
        objects.append((f"<< /Length {len(content)} >>", content))
        kids.append(len(objects) + 1)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
                       f"/Resources << /XObject << /Im0 {image_id} 0 R >> >> /Contents {content_id} 0 R >>")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        if isinstance(obj, tuple):
            out += f"{i} 0 obj\n{obj[0]}\nstream\n".encode() + obj[1] + b"\nendstream\nendobj\n"
        else:
            out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    pathlib.Path(path).write_bytes(bytes(out))


def page_count(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))


def scan(pdf, out, dpi, max_pages, seed, layer):
    name = pdf.stem
    count = page_count(pdf) if not max_pages else min(max_pages, page_count(pdf))
    pages = []
    with tempfile.TemporaryDirectory() as tmp:
        listing = []
        for n in range(1, count + 1):
            stem = pathlib.Path(tmp) / f"p{n}"
            subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(n), "-l", str(n), "-singlefile",
                            str(pdf), str(stem)], check=True)
            key = hashlib.sha256(f"{seed}/{name}/{n}".encode()).digest()
            rng = np.random.default_rng(int.from_bytes(key[:8], "little"))
            angle = rng.uniform(0.3, 1.4) * rng.choice([-1, 1])
            image = noisy(skew(read_pgm(f"{stem}.pgm"), angle), rng)
            pages.append(image)
            write_pgm(f"{stem}-scan.pgm", image)
            listing.append(f"{stem}-scan.pgm")
        (out / "image").mkdir(parents=True, exist_ok=True)
        image_pdf(pages, dpi, out / "image" / f"{name}.pdf")
        if layer:
            (out / "layer").mkdir(parents=True, exist_ok=True)
            lst = pathlib.Path(tmp) / "pages.txt"
            lst.write_text("\n".join(listing) + "\n")
            subprocess.run(["tesseract", str(lst), str(out / "layer" / name), "-l", "chi_sim", "--dpi", str(dpi), "pdf"],
                           check=True, capture_output=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
    print(f"{name}: {count} pages", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("pdfs", nargs="+")
    p.add_argument("--dpi", type=int, default=200)
    p.add_argument("--pages", type=int, default=0, help="scan at most this many pages of each PDF (0: all)")
    p.add_argument("--seed", default="scans")
    p.add_argument("--no-layer", action="store_true", help="write only the image-only PDFs")
    a = p.parse_args()
    out = pathlib.Path(a.out)
    for pdf in a.pdfs:
        scan(pathlib.Path(pdf), out, a.dpi, a.pages, a.seed, not a.no_layer)


main()
