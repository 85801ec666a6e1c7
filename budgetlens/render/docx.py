"""The Document as Word (python-docx): headings, paragraphs, real tables with merged header cells."""

from __future__ import annotations

from pathlib import Path

from .document import Document, Heading, Paragraph, TableBlock
from .tables import covered_cells


def write_docx(doc: Document, out: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    word = docx.Document()
    style = word.styles["Normal"]
    style.font.name = "宋体"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    toc = [i for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and b.style == "toc"]
    for i, block in enumerate(doc.blocks):
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
            word.add_paragraph(block.title).alignment = WD_ALIGN_PARAGRAPH.CENTER
            word.add_paragraph(f"{block.unit_name}　　{block.unit_line}")
            table(word, block)
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


def table(word, block: TableBlock) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    width = block.width
    rows = [r + [""] * (width - len(r)) for r in block.header]
    grid = word.add_table(rows=len(rows) + len(block.body), cols=width)
    grid.style = "Table Grid"
    cells = grid._cells          # (looked up once: table.cell lays the grid out on every call)
    for r, c, h, w in block.merges:
        cells[r * width + c].merge(cells[(r + h - 1) * width + c + w - 1])
    cells = grid._cells
    covered = covered_cells(block.merges)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text and (r, c) not in covered:
                cells[r * width + c].paragraphs[0].add_run(text).bold = True
    for i, row in enumerate(block.body):
        r = len(rows) + i
        for c, cell in enumerate(row):
            if cell.text:
                para = cells[r * width + c].paragraphs[0]
                para.add_run(cell.text)
                if cell.amount is not None:
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
