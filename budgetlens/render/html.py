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
table.small td, table.small th { padding: 0.5pt 1pt; }   /* a wide table printed smaller */
td:not(.n) { min-width: 4em; }     /* a name wraps, but never to one character a line */
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


def html_text(doc: Document, css: str = SCREEN_CSS, sizes: dict[int, float] | None = None) -> str:
    """sizes: a smaller font (pt) for the tables, by their index in doc.tables(), that overflow
    the PDF page at the body size."""
    views = [_View(b) for b in doc.blocks]
    for n, table in enumerate(v for v in views if v.kind_ == "table"):
        table.n, table.font_pt = n, (sizes or {}).get(n)
    view = type("DocView", (), {"title": doc.title, "blocks": views})
    return ENV.get_template("document.html.j2").render(doc=view, css=css)


def write_html(doc: Document, out: Path) -> None:
    Path(out).write_text(html_text(doc), encoding="utf-8")


PDF_FONT_PT = 9.0
PDF_SMALLEST_PT = 5.0
PDF_STEP_PT = 0.5


def write_pdf(doc: Document, out: Path) -> None:
    """Printed from the page at 9 pt; a table wider than the page (the amounts do not wrap) is
    printed again at a smaller font until it fits. One still too wide at 5 pt is refused, with
    its name: a table cut at the page's edge would lose its right-hand columns."""
    import weasyprint

    sizes: dict[int, float] = {}
    while True:
        printed = weasyprint.HTML(string=html_text(doc, PDF_CSS, sizes)).render()
        over = overflowing(printed)
        if not over:
            break
        for n in over:
            size = sizes.get(n, PDF_FONT_PT) - PDF_STEP_PT
            if size < PDF_SMALLEST_PT:
                from .build import RenderError

                block = doc.tables()[n]
                raise RenderError(f"{block.label} {block.title}共{block.width}列，缩小到{PDF_SMALLEST_PT:g}磅字号仍超出"
                                  "PDF 页面宽度，无法完整打印；请改用 .xlsx 输出")
            sizes[n] = size
    printed.write_pdf(str(out))


def overflowing(printed) -> set[int]:
    """The tables (by index, their data-n) whose box reaches past the right edge of the page's
    content area on any page they are laid out on."""
    over = set()
    for page in printed.pages:
        box = page._page_box        # (WeasyPrint exposes the laid-out boxes only here)
        right = box.content_box_x() + box.width
        for child in boxes(box):
            n = child.element.get("data-n") if child.element_tag == "table" and child.element is not None else None
            if n is not None and child.position_x + child.margin_width() > right + 0.5:
                over.add(int(n))
    return over


def boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from boxes(child)
