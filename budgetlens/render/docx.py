"""The Document as Word (python-docx): headings, paragraphs, real tables with merged header cells.

Pages are A4. A table too wide for a portrait page is put in a landscape section of its own
(with its label, title and 单位 line), its columns given widths that hold its longest amount on
one line; where even landscape is too narrow, its font is made smaller until they do (Word
would otherwise squeeze a column to one character per line, or cut it at the margin)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import measure
from .document import Document, Heading, Paragraph, TableBlock
from .tables import covered_cells

PAGE_MM = (210, 297)            # A4
MARGIN_MM = 20
WIDE_MARGIN_MM = 12             # a landscape page of a wide table: the PDF's margins
FONT_PT = 10.5                  # 五号, the body size of the standard documents
SMALLEST_PT = 5.0               # below this a printed table is no longer legible
CELL_PAD_PT = 2.0               # left and right inner margin of a cell in a wide table
SLACK_PT = 1.0                  # a word processor's rounding of widths and kerning


def write_docx(doc: Document, out: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    word = docx.Document()
    style = word.styles["Normal"]
    style.font.name = "宋体"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    page_setup(word.sections[0], landscape=False)
    toc = [i for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and b.style == "toc"]
    for i, block in enumerate(doc.blocks):
        layout = table_layout(block) if isinstance(block, TableBlock) else None
        turn(word, bool(layout and layout.landscape))
        if isinstance(block, Heading):
            word.add_heading(block.text, level=min(block.level, 4))
        elif isinstance(block, Paragraph):
            para = word.add_paragraph()
            if toc and i == toc[0]:
                field_char(para, "begin")
                instruction(para, r'TOC \o "1-2" \h \z \u')
                field_char(para, "separate")
            para.add_run(block.text)
            if toc and i == toc[-1]:
                field_char(para, "end")
        else:
            word.add_paragraph(block.label)
            title = word.add_paragraph(block.title)
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            outline_level(title, 1)
            word.add_paragraph("　　".join(t for t in (block.unit_name, block.unit_line) if t))
            table(word, block, layout)
            if block.note:
                word.add_paragraph(block.note)
    if toc:
        update_fields_on_open(word)
    word.save(str(out))


# 目录 as Word's TOC field: the entries the document lists are its result until Word updates the
# field (on opening, settings' updateFields), which puts each heading's page number beside it.

def field_char(para, kind: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = para.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def instruction(para, text: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = para.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = text
    run._r.append(instr)


def update_fields_on_open(word) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    word.settings.element.append(update)


def outline_level(para, level: int) -> None:
    """The paragraph's outline level (0 = 级别 1): Word's TOC field (switch \\u) lists it under
    the headings, so the 目录 names each table with its page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lvl = OxmlElement("w:outlineLvl")
    lvl.set(qn("w:val"), str(level))
    para._p.get_or_add_pPr().append(lvl)


# ---- page orientation and the widths of a wide table ------------------------------------------

@dataclass
class TableLayout:
    landscape: bool
    font_pt: float | None = None          # None: the body size
    widths_pt: list[float] | None = None


def text_width_pt(landscape: bool) -> float:
    mm = PAGE_MM[1] - 2 * WIDE_MARGIN_MM if landscape else PAGE_MM[0] - 2 * MARGIN_MM
    return mm * 72 / 25.4


def needed_widths(block: TableBlock, font_pt: float) -> list[float]:
    """Each column's width for its longest amount on one line and three characters of its header
    or label per line (a header wraps, an amount must not), measured with the fonts' widths."""
    widths = [3 * font_pt] * block.width
    for row in block.body:
        for c, cell in enumerate(row):
            if cell.text:
                widths[c] = max(widths[c], cell_em(cell) * font_pt)
    return [w + 2 * CELL_PAD_PT + SLACK_PT for w in widths]


def cell_em(cell) -> float:
    """An amount or a code stays on one line; a name may wrap over four lines at most, running
    text (Cell.prose) over as many as it needs, never inside a code or number it holds
    (特定目标1210366P)."""
    if cell.amount is not None or cell.text.isdigit():
        return measure.em(cell.text)
    if cell.prose:
        return measure.em(measure.longest_token(cell.text))
    return max(-(-len(cell.text) // 4), measure.em(measure.longest_token(cell.text)))


def table_layout(block: TableBlock) -> TableLayout:
    """Portrait as Word lays it out where the table fits the portrait page; else landscape with
    set widths, the font made smaller (half a point at a time) until the widths fit."""
    widths = needed_widths(block, FONT_PT)
    if sum(widths) <= text_width_pt(False):
        # (set widths here too: a word processor's own fitting, LibreOffice's, may make a
        # column narrower than its longest amount or code)
        return TableLayout(landscape=False, widths_pt=spread(widths, text_width_pt(False)))
    room, size = text_width_pt(True), FONT_PT
    while size > SMALLEST_PT and sum(needed_widths(block, size)) > room:
        size -= 0.5
    widths = needed_widths(block, size)
    if sum(widths) > room:
        from .build import RenderError

        raise RenderError(f"{block.label} {block.title}共{block.width}列，缩小到{SMALLEST_PT:g}磅字号仍超出 A4 横向页面"
                          "的宽度，Word 文件无法完整排下；请改用 .xlsx 输出")
    return TableLayout(landscape=True, font_pt=size, widths_pt=spread(widths, room))


def spread(widths: list[float], room: float) -> list[float]:
    """The room left over goes to every column alike (a wrapped header reads better)."""
    spare = max(room - sum(widths), 0) / len(widths)
    return [w + spare for w in widths]


def page_setup(section, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    short, long = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(WIDE_MARGIN_MM if landscape else MARGIN_MM))


def turn(word, landscape: bool) -> None:
    """A new section (on a new page) where the orientation changes; consecutive wide tables
    share one landscape section."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    if (word.sections[-1].orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return
    page_setup(word.add_section(WD_SECTION.NEW_PAGE), landscape)


def fixed_widths(grid, layout: TableLayout) -> None:
    """Word keeps set widths only in a fixed layout; every cell carries its column's width."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    grid.autofit = False
    for column, width in zip(grid.columns, layout.widths_pt):
        column.width = Pt(width)
        for cell in column.cells:
            cell.width = Pt(width)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        mar = OxmlElement(f"w:{side}")
        mar.set(qn("w:w"), str(int(CELL_PAD_PT * 20)))      # (twentieths of a point)
        mar.set(qn("w:type"), "dxa")
        margins.append(mar)
    # (the schema's order: the cell margins before tblLook, where Word's template has one)
    look = grid._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        grid._tbl.tblPr.append(margins)


def table(word, block: TableBlock, layout: TableLayout | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    width = block.width
    rows = [r + [""] * (width - len(r)) for r in block.header]
    grid = word.add_table(rows=len(rows) + len(block.body), cols=width)
    grid.style = "Table Grid"
    cells = grid._cells          # (looked up once: table.cell lays the grid out on every call)
    for r, c, h, w in block.merges:
        cells[r * width + c].merge(cells[(r + h - 1) * width + c + w - 1])
    cells = grid._cells
    if layout is not None and layout.widths_pt:
        fixed_widths(grid, layout)
    size = Pt(layout.font_pt) if layout is not None and layout.font_pt else None
    covered = covered_cells(block.merges)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text and (r, c) not in covered:
                run = cells[r * width + c].paragraphs[0].add_run(text)
                run.bold, run.font.size = True, size
    for i, row in enumerate(block.body):
        r = len(rows) + i
        for c, cell in enumerate(row):
            if cell.text:
                para = cells[r * width + c].paragraphs[0]
                para.add_run(cell.text).font.size = size
                if cell.amount is not None:
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
