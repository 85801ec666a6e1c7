"""The Document as one HTML page (Jinja2), and as PDF printed from that page (WeasyPrint)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from .document import Document, Heading, Paragraph, TableBlock
from .tables import covered_cells

SCREEN_CSS = """
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 11pt; max-width: 60em; margin: 2em auto; }
table { border-collapse: collapse; margin: 4pt 0 10pt; }
td, th { border: 0.5pt solid #000; padding: 1pt 4pt; }
td.n { text-align: right; }
p.title { text-align: center; font-weight: bold; }
p.toc a { color: inherit; text-decoration: none; }
"""

PDF_CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; }
th, h1, h2, h3, h4, h5, h6, p.title { font-weight: normal; }   /* one font face embedded, not two */
table { border-collapse: collapse; margin: 4pt 0 10pt; }
td, th { border: 0.5pt solid #000; padding: 1pt 3pt; }
td.n { text-align: right; }
tr { break-inside: avoid; }
h1 { page-break-before: always; }
h1:first-child { page-break-before: avoid; }
/* 目录: each entry with dot leaders and the page its part or table starts on */
p.toc a { color: inherit; text-decoration: none; }
p.toc a::after { content: leader(".") target-counter(attr(href), page); }
@page { @bottom-center { content: counter(page); } }
"""

ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                         autoescape=True, trim_blocks=True, lstrip_blocks=True)


@dataclass
class HeaderCell:
    text: str
    rows: int = 1
    cols: int = 1


def header_cells(block: TableBlock) -> list[list[HeaderCell]]:
    """The header rows with each merge as one cell spanning its rows and columns."""
    covered = covered_cells(block.merges)
    spans = {(r, c): (h, w) for r, c, h, w in block.merges}
    out = []
    for r, row in enumerate(block.header):
        out.append([HeaderCell(text, *spans.get((r, c), (1, 1))) for c, text in enumerate(row) if (r, c) not in covered])
    return out


class _View:
    """A block as the template reads it (its kind, and a table's header as spanning cells)."""

    def __init__(self, block):
        self._block = block
        self.kind_ = ("heading" if isinstance(block, Heading) else
                      "paragraph" if isinstance(block, Paragraph) else "table")
        if isinstance(block, TableBlock):
            self.header_cells = header_cells(block)

    def __getattr__(self, name):
        return getattr(self._block, name)


def html_text(doc: Document, css: str = SCREEN_CSS) -> str:
    view = type("DocView", (), {"title": doc.title, "blocks": [_View(b) for b in doc.blocks]})
    return ENV.get_template("document.html.j2").render(doc=view, css=css)


def write_html(doc: Document, out: Path) -> None:
    Path(out).write_text(html_text(doc), encoding="utf-8")


def write_pdf(doc: Document, out: Path) -> None:
    import weasyprint

    weasyprint.HTML(string=html_text(doc, PDF_CSS)).write_pdf(str(out))
