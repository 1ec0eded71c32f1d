#!/usr/bin/env python3
"""Regenerates the PDF fixtures of Tests/Fixtures/pdf and their truth files (truth/*.json).

    apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils qpdf
    python3 Tests/Fixtures/pdf/generate.py            # all fixtures
    python3 Tests/Fixtures/pdf/generate.py hl2023      # one report
    python3 Tests/Fixtures/pdf/generate.py bad         # only the bad PDFs (bad/)

Each report is written as a flat ODF text (A4, CJK serif, ruled tables with merged and
vertical header cells, page numbers "-N-") and rendered to PDF by LibreOffice headless, the
way governments publish them from WPS/Word. Numbers come from a seeded generator, so a run
reproduces the same content. Table 三 must run over a page break inside a group of rows:
the overview is lengthened sentence by sentence until it does. The bad PDFs (encrypted,
truncated, corrupt, not a PDF, no pages, no text layer, no Unicode maps) go to bad/.
"""

import json
import pathlib
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import badpdfs  # noqa: E402
import narrative  # noqa: E402
import tables  # noqa: E402
from fodt import KAI, MING, SANS, SERIF, Report  # noqa: E402

HERE = pathlib.Path(__file__).parent

# name, agency, year, format, natural-person scale, big agency, 三(六) as one row, label style, broken rule
FIXTURES = [
    ("hl2023", "贺兰县人民政府办公室", 2023, "2021", 12, False, False, "dot", None),
    ("xq2022", "银川市兴庆区人民政府", 2022, "2021", 160, True, False, "comma", None),
    ("lw2024", "灵武市人民政府办公室", 2024, "2021", 30, False, True, "dot", None),
    ("lt2020", "吴忠市利通区人民政府", 2020, "2019", 45, False, True, "dot", None),
    ("dwk2019", "石嘴山市大武口区人民政府", 2019, "2019", 90, True, True, "comma", None),
    ("yc2025", "盐池县人民政府办公室", 2025, "2021", 20, False, False, "comma", "applications.row_total"),
    ("scjg2021", "宁夏回族自治区市场监督管理厅", 2021, "2021", 240, True, False, "dot", None),
    ("yz2023", "固原市原州区人民政府办公室", 2023, "2021", 25, True, True, "dot", None),
    ("qtx2020", "青铜峡市人民政府", 2020, "2019", 15, False, True, "dot", None),
]


class Fixture:
    """One report: its numbers, its narrative and its truth."""

    def __init__(self, name, agency, year, fmt, scale, big, one_row, label_style, broken):
        self.name, self.agency, self.year, self.fmt = name, agency, year, fmt
        self.one_row, self.label_style, self.broken = one_row or fmt == "2019", label_style, broken
        rng = random.Random(name)
        self.active = tables.active_numbers(rng, fmt, big)
        self.rows = tables.application_rows(rng, scale, self.one_row)
        self.review = tables.review_litigation(rng, max(1, scale // 40))
        if broken == "applications.row_total":
            self.rows["granted"][6] += 1  # printed as-is: the report's own arithmetic slip
        self.facts = {"agency": agency, "year": year, "posts": rng.randint(300, 9000), "files": rng.randint(5, 60),
                      "readings": rng.randint(3, 40), "received": self.rows["new_received"][6],
                      "carried": self.rows["carried_over"][6], "visits": rng.randint(50000, 900000),
                      "wechat": rng.randint(100, 2000), "trainings": rng.randint(1, 6), "people": rng.randint(20, 300)}
        self.seed = rng.random()
        self.fonts = (MING, SANS, KAI) if rng.random() < 0.5 else (SERIF, SANS, SERIF)

    def report(self, extra_sentences):
        """The document, with the overview lengthened by `extra_sentences`."""
        rng = random.Random(self.seed)
        title = f"{self.agency}{self.year}年政府信息公开工作年度报告"
        doc = Report(title, self.agency, f"{self.year + 1}-01-{10 + self.year % 17}T09:30:00", self.fonts)
        doc.para(self.agency, "Title")
        doc.para(f"{self.year}年政府信息公开工作年度报告", "Title")
        intro = narrative.INTRO_2021 if self.fmt == "2021" else narrative.INTRO_2019
        doc.para(narrative.fill(intro, self.facts))
        doc.para("一、总体情况", "H1")
        lead, sections = narrative.overview(rng, self.facts, extra_sentences)
        doc.para(lead)
        for heading, text in sections:
            doc.para(heading + text)  # the heading runs into its paragraph, as the reports print it
        self.overview_texts = [lead] + [t for _, t in sections]
        doc.para("二、主动公开政府信息情况", "H1")
        doc.table(tables.active_table_2021(self.active) if self.fmt == "2021" else tables.active_table_2019(self.active))
        doc.para("三、收到和处理政府信息公开申请情况", "H1")
        doc.table(tables.applications_table(self.rows, self.one_row, self.label_style))
        doc.para("四、政府信息公开行政复议、行政诉讼情况", "H1")
        doc.table(tables.review_table(self.review))
        doc.para("五、存在的主要问题及改进情况", "H1")
        self.problem_texts = narrative.PROBLEMS
        for sentence in self.problem_texts:
            doc.para(sentence)
        doc.para("六、其他需要报告的事项", "H1")
        for sentence in narrative.OTHER:
            doc.para(narrative.fill(sentence, self.facts))
        return doc

    def truth(self):
        rng = random.Random(self.name + "/phrases")
        rows = dict(self.rows)
        if self.fmt == "2021" and self.one_row:
            for key, _ in tables.OTHER_2021[1]:
                rows[key] = None
        order = (["new_received", "carried_over"] + tables.outcome_keys(False)
                 + (["other_processing"] if self.one_row else []) + ["total", "carried_forward"])
        if self.fmt == "2019":
            order = [k for k in order if not k.startswith("other_") or k == "other_processing"]
        out = {"source": f"{self.name}.pdf",
               "report": {"agency": self.agency, "year": self.year, "format": self.fmt},
               "phrases": {"overview": narrative.phrases(self.overview_texts, rng, 3),
                           "problems": narrative.phrases(self.problem_texts, rng, 2)},
               "tables": {"active_disclosure": self.active,
                          "applications": {"columns": tables.COLUMNS, "rows": {k: rows[k] for k in order}},
                          "review_litigation": self.review}}
        if self.broken:
            out["notes"] = f"the report breaks {self.broken} (三(一) total is one more than its row); printed as-is"
        return out


def render(doc, workdir, name):
    """Writes the flat ODF and converts it with LibreOffice; returns the PDF path."""
    source = pathlib.Path(workdir) / f"{name}.fodt"
    source.write_text(doc.xml(), encoding="utf-8")
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "pdf:writer_pdf_Export",
                    "--outdir", str(workdir), str(source)], check=True, capture_output=True)
    return pathlib.Path(workdir) / f"{name}.pdf"


def page_texts(pdf):
    """Each page's text without whitespace, by pdftotext."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return ["".join(page.split()) for page in out.split("\f")]


def breaks_inside_group(pdf, fixture):
    """Whether table 三's page break falls between two rows of one multi-row group."""
    pages = page_texts(pdf)
    groups = [tables.DENIED, tables.UNABLE, tables.REJECTED] + ([] if fixture.one_row else [tables.OTHER_2021])
    for _, members in groups:
        found = []
        for _, label in members:
            probe = label[:4] if label != "其他" else None
            if probe:
                found.append(next((i for i, p in enumerate(pages) if probe in p), None))
        known = [p for p in found if p is not None]
        if len(set(known)) > 1:
            return True
    return False


def build(fixture, workdir):
    for extra in range(0, 24):
        pdf = render(fixture.report(extra), workdir, fixture.name)
        if breaks_inside_group(pdf, fixture):
            return pdf, extra
    raise SystemExit(f"{fixture.name}: no overview length puts table 三's page break inside a group")


def main(names):
    (HERE / "truth").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        for spec in FIXTURES:
            if names and spec[0] not in names:
                continue
            fixture = Fixture(*spec)
            pdf, extra = build(fixture, workdir)
            (HERE / f"{fixture.name}.pdf").write_bytes(pdf.read_bytes())
            truth = json.dumps(fixture.truth(), ensure_ascii=False, indent=1)
            (HERE / "truth" / f"{fixture.name}.json").write_text(truth + "\n", encoding="utf-8")
            print(f"{fixture.name}.pdf: {len(page_texts(pdf)) - 1} pages, overview +{extra} sentences")
        if not names or "bad" in names:
            badpdfs.write_all(HERE / "bad", lambda doc, name: render(doc, workdir, name), workdir)
            print("bad/: " + ", ".join(sorted(p.name for p in (HERE / "bad").glob("*.pdf"))))


if __name__ == "__main__":
    main(sys.argv[1:])
