"""Flat ODF (.fodt) text documents laid out like government reports from WPS/Word.

A4, official margins, CJK serif body (仿宋 stand-in: Noto Serif CJK SC), sans headings
(黑体 stand-in: Noto Sans CJK SC), page numbers "-N-" in the footer, ruled tables with merged
cells and cells written vertically (writing mode tb-rl). Fonts: Noto Serif/Sans CJK SC
(OpenType CFF, exported as Type 1 subsets) or AR PL UMing/UKai (TrueType, exported as TrueType
subsets), so the fixtures vary in how their fonts are embedded. LibreOffice renders the result to PDF.
"""

from xml.sax.saxutils import escape

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
MING = "AR PL UMing CN"
KAI = "AR PL UKai CN"
FONTS = [(SERIF, "roman"), (SANS, "swiss"), (MING, "roman"), (KAI, "script")]

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
"""


def text_props(font, size, bold=False):
    """Text properties for Western and Asian runs alike (numbers share the CJK font)."""
    weight = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""
    return (f'<style:text-properties style:font-name="{font}" style:font-name-asian="{font}" '
            f'fo:font-size="{size}pt" style:font-size-asian="{size}pt" fo:language="zh" fo:country="CN" '
            f'style:language-asian="zh" style:country-asian="CN"{weight}/>')


def paragraph_style(name, font, size, align="justify", indent=0, line=None, bold=False, before=0, after=0):
    """An automatic paragraph style."""
    height = f' fo:line-height="{line}pt"' if line else ""
    return (f'<style:style style:name="{name}" style:family="paragraph"><style:paragraph-properties '
            f'fo:text-align="{align}" fo:text-indent="{indent}pt" fo:margin-top="{before}pt" '
            f'fo:margin-bottom="{after}pt"{height}/>{text_props(font, size, bold)}</style:style>')


def styles(body, heading, sub):
    """Paragraph, cell and page styles: `body` for text and tables (仿宋/宋体 stand-in), `heading`
    for 一、 headings (黑体), `sub` for （一） headings (楷体)."""
    return "".join([
        paragraph_style("Title", body, 22, align="center", line=34, bold=True),
        paragraph_style("Body", body, 16, indent=32, line=28),
        paragraph_style("H1", heading, 16, indent=32, line=28),
        paragraph_style("H2", sub, 16, indent=32, line=28, bold=sub == body),
        paragraph_style("Cell", body, 10.5, align="center", line=14),
        paragraph_style("CellLeft", body, 10.5, align="left", line=14),
        paragraph_style("Footer", body, 14, align="center"),
        '<style:style style:name="Ruled" style:family="table-cell"><style:table-cell-properties '
        'fo:border="0.5pt solid #000000" fo:padding="0.05cm" style:vertical-align="middle"/></style:style>',
        '<style:style style:name="RuledVertical" style:family="table-cell"><style:table-cell-properties '
        'fo:border="0.5pt solid #000000" fo:padding="0.05cm" style:vertical-align="middle" '
        'style:writing-mode="tb-rl"/></style:style>',
        '<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" '
        'fo:page-height="29.7cm" fo:margin-top="3.7cm" fo:margin-bottom="2.4cm" fo:margin-left="2.8cm" '
        'fo:margin-right="2.6cm"/><style:footer-style><style:header-footer-properties fo:min-height="0.8cm" '
        'fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>',
    ])


MASTER = ('<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4">'
          '<style:footer><text:p text:style-name="Footer">-<text:page-number text:select-page="current">1'
          '</text:page-number>-</text:p></style:footer></style:master-page></office:master-styles>')


class Cell:
    """A table cell: text (lines separated by \\n), spans, alignment, vertical writing."""

    def __init__(self, text, cols=1, rows=1, left=False, vertical=False):
        self.text, self.cols, self.rows, self.left, self.vertical = str(text), cols, rows, left, vertical


class Table:
    """A ruled table: column widths in cm and rows of `Cell`s (covered positions omitted)."""

    def __init__(self, name, widths):
        self.name, self.widths, self.rows = name, widths, []

    def add(self, *cells):
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])

    def styles(self):
        total = sum(self.widths)
        out = [f'<style:style style:name="{self.name}" style:family="table"><style:table-properties '
               f'style:width="{total:.2f}cm" table:align="center"/></style:style>']
        for i, w in enumerate(self.widths):
            out.append(f'<style:style style:name="{self.name}.{i}" style:family="table-column">'
                       f'<style:table-column-properties style:column-width="{w:.2f}cm"/></style:style>')
        return "".join(out)

    def xml(self):
        ncols = len(self.widths)
        covered = set()
        body = []
        for r, row in enumerate(self.rows):
            cells, c, queue = [], 0, list(row)
            while c < ncols:
                if (r, c) in covered:
                    cells.append("<table:covered-table-cell/>")
                    c += 1
                    continue
                if not queue:
                    raise ValueError(f"table {self.name} row {r} has too few cells")
                cell = queue.pop(0)
                for dr in range(cell.rows):
                    for dc in range(cell.cols):
                        if dr or dc:
                            covered.add((r + dr, c + dc))
                cells.append(cell_xml(cell))
                c += 1
            if queue:
                raise ValueError(f"table {self.name} row {r} has too many cells")
            body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        columns = "".join(f'<table:table-column table:style-name="{self.name}.{i}"/>' for i in range(ncols))
        return f'<table:table table:name="{self.name}" table:style-name="{self.name}">{columns}{"".join(body)}</table:table>'


def cell_xml(cell):
    style = "RuledVertical" if cell.vertical else "Ruled"
    spans = ""
    if cell.cols > 1:
        spans += f' table:number-columns-spanned="{cell.cols}"'
    if cell.rows > 1:
        spans += f' table:number-rows-spanned="{cell.rows}"'
    para = "CellLeft" if cell.left else "Cell"
    lines = "".join(f'<text:p text:style-name="{para}">{escape(t)}</text:p>' for t in cell.text.split("\n"))
    return f'<table:table-cell table:style-name="{style}" office:value-type="string"{spans}>{lines}</table:table-cell>'


class Report:
    """A document being written: paragraphs and tables in order, with metadata."""

    def __init__(self, title, author, created, fonts=(SERIF, SANS, SERIF)):
        self.title, self.author, self.created, self.fonts = title, author, created, fonts
        self.parts, self.tables = [], []

    def para(self, text, style="Body"):
        self.parts.append(f'<text:p text:style-name="{style}">{escape(text)}</text:p>')

    def table(self, table):
        self.tables.append(table)
        self.parts.append(table.xml())

    def xml(self):
        meta = (f"<office:meta><dc:title>{escape(self.title)}</dc:title>"
                f"<meta:initial-creator>{escape(self.author)}</meta:initial-creator>"
                f"<dc:creator>{escape(self.author)}</dc:creator>"
                f"<meta:creation-date>{self.created}</meta:creation-date></office:meta>")
        fonts = "<office:font-face-decls>" + "".join(
            f'<style:font-face style:name="{n}" svg:font-family="\'{n}\'" style:font-family-generic="{g}"/>'
            for n, g in FONTS) + "</office:font-face-decls>"
        auto = ("<office:automatic-styles>" + styles(*self.fonts) + "".join(t.styles() for t in self.tables)
                + "</office:automatic-styles>")
        body = "<office:body><office:text>" + "".join(self.parts) + "</office:text></office:body>"
        return HEAD + meta + fonts + auto + MASTER + body + "</office:document>\n"
