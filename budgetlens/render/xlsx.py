"""The Document as a workbook (xlsxwriter): a sheet per table, amounts as numbers in #,##0.00,
and a sheet 说明 with the text (cover, 概况, 情况说明, 名词解释) in document order."""

from __future__ import annotations

import math
from pathlib import Path

from . import measure
from .document import Cell, Document, Heading, Paragraph, TableBlock
from .tables import covered_cells

# Excel's column width counts the default font's digit widths; a CJK character is about two
MIN_WIDTH, MAX_WIDTH, PAD = 6.0, 48.0, 2.0
LINE_PT = 15.0                  # a row's height per line of 11-point text


def write_xlsx(doc: Document, out: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(out))
    head = book.add_format({"bold": True, "text_wrap": True, "border": 1, "align": "center", "valign": "vcenter"})
    text = book.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"})
    number = book.add_format({"border": 1, "num_format": "#,##0.00"})
    title = book.add_format({"bold": True, "align": "center"})
    notes = book.add_worksheet("说明")
    notes.set_column(0, 0, 120)
    used = {"说明"}
    for r, block in enumerate(doc.blocks):
        if isinstance(block, TableBlock):
            name = unique(sheet_name(block), used)
            table_sheet(book, block, head, text, number, title, name)
            named = " ".join(t for t in (block.label, block.title) if t)     # (a 绩效目标表 has no label)
            notes.write_string(r, 0, f"（{named}：见工作表“{name}”）")
        elif isinstance(block, (Heading, Paragraph)):
            notes.write_string(r, 0, block.text)
    book.close()


def sheet_name(block: TableBlock) -> str:
    # (Excel: at most 31 characters, none of []:*?/\)
    name = f"{block.label}{block.title}"
    for ch in "[]:*?/\\":
        name = name.replace(ch, "")
    return name[:31]


def unique(name: str, used: set[str]) -> str:
    """A sheet name no other sheet has (Excel ignores case): a department's units' tables
    may carry the same label and title as its own."""
    n, candidate = 1, name
    while candidate.lower() in used:
        n += 1
        candidate = name[:31 - len(f"({n})")] + f"({n})"
    used.add(candidate.lower())
    return candidate


def table_sheet(book, block: TableBlock, head, text, number, title, name: str | None = None) -> None:
    sheet = book.add_worksheet(name or sheet_name(block))
    width = block.width
    sheet.write_string(0, 0, block.label)
    sheet.merge_range(1, 0, 1, max(width - 1, 1), block.title, title)
    sheet.write_string(2, 0, block.unit_name)
    sheet.write_string(2, max(width - 1, 1), block.unit_line)
    top = 3
    widths = column_widths(block)
    for c, w in enumerate(widths):
        sheet.set_column(c, c, w)
    # (a spreadsheet fits no row to a merged cell's text, Calc none to a wrapped one on import:
    # unset, a wrapped header ran over the first rows, a clipped name was printed cut short)
    for r, lines in enumerate(header_lines(block, widths)):
        sheet.set_row(top + r, LINE_PT * lines)
    covered = covered_cells(block.merges)
    starts = {(r, c) for r, c, _, _ in block.merges}
    for r, c, h, w in block.merges:
        sheet.merge_range(top + r, c, top + r + h - 1, c + w - 1, block.header[r][c], head)
    for r, row in enumerate(block.header):
        for c, value in enumerate(row):
            if (r, c) not in covered and (r, c) not in starts:
                sheet.write_string(top + r, c, value, head)
    first = top + len(block.header)
    for i, row in enumerate(block.body):
        for c, cell in enumerate(row):
            if c == 0:
                sheet.set_row(first + i, LINE_PT * body_lines(row, widths))
            if cell.amount is not None:
                # (xlsxwriter writes numbers as doubles; two places print back exactly)
                sheet.write_number(first + i, c, float(cell.amount), number)
            elif cell.slot:
                sheet.write_blank(first + i, c, None, number)
            elif cell.text:
                sheet.write_string(first + i, c, cell.text, text)
            else:
                sheet.write_blank(first + i, c, None, text)
    if block.note:
        sheet.write_string(first + len(block.body), 0, block.note)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def units(text: str) -> float:
    """A text's width in Excel's column units (the default font's digit: 0.55 em or so)."""
    return measure.em(text) / 0.55


def cell_text(cell: Cell) -> str:
    return f"{cell.amount:,.2f}" if cell.amount is not None else (cell.text or "")


def column_widths(block: TableBlock) -> list[float]:
    """Each column as wide as its widest body text (an amount never wraps, a name up to
    MAX_WIDTH, then wraps) and its header's longest word (a header wraps between words)."""
    widths = [MIN_WIDTH] * block.width
    for row in block.body:
        for c, cell in enumerate(row):
            widths[c] = max(widths[c], min(units(cell_text(cell)) + PAD, MAX_WIDTH))
    spans = {(r, c): w for r, c, _, w in block.merges}
    for r, row in enumerate(block.header):
        for c, value in enumerate(row):
            if spans.get((r, c), 1) == 1 and value:
                shortest = min(units(value) / 3, MAX_WIDTH)          # (a header wraps to 3 lines)
                widths[c] = max(widths[c], shortest + PAD, units(measure.longest_token(value)) + PAD)
    return widths


def header_lines(block: TableBlock, widths: list[float]) -> list[int]:
    """Lines each header row needs: its cells' text over the columns they span (a cell merged
    over several rows shares its lines among them)."""
    covered = covered_cells(block.merges)
    shape = {(r, c): (h, w) for r, c, h, w in block.merges}
    need = [1] * len(block.header)
    for r, row in enumerate(block.header):
        for c, value in enumerate(row):
            if (r, c) in covered or not value:
                continue
            h, w = shape.get((r, c), (1, 1))
            room = sum(widths[c:c + w]) - PAD
            need[r] = max(need[r], math.ceil(math.ceil(units(value) / max(room, 1.0)) / h))
    return need


def body_lines(row: list[Cell], widths: list[float]) -> int:
    return max([1] + [math.ceil(units(cell.text) / max(widths[c] - PAD, 1.0))
                      for c, cell in enumerate(row) if cell.amount is None and cell.text])
