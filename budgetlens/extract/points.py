"""A decimal point OCR read as a colon or semicolon ("5:34", "5；34", "1,234:56") outside a
ruled grid: in an OCR text's tab grid, a scan's line of a table printed without rules, and the
narrative ("增加 5:34 万元"). The ruled grid reads such a cell by its column (geometry.misread_amount);
here the place says it is an amount: a cell of its own, the run of figures a table's line ends
with, or the figure before a unit of money.

Only lines OCR read (Line.ocr): typed, "5:34" is a time or a ratio, not an amount. Where the
shape is an amount's (digits, one such mark, exactly two digits after) it is read as that amount
and said (ocr-unsure: the checks do not judge what cites the line); another figure there (19:3,
5:345) is reported unread (amount-unsure) and a dash stands in its place, as for an empty cell,
so that it is neither read as a number of its own nor taken into a label. A cell shaped like a
time ("10:30") is read so too: in an amount's place a budget table prints no time, most amounts
with two decimals have a time's shape, and the reading is said, so the checks do not judge it."""

from __future__ import annotations

import re

from ..readers import Line, SourceDocument
from ..text import MINUS, MINUS_MARKS, parse_amount, plain_decimal

POINT_MARKS = ":;：；"
POINT = f"[{POINT_MARKS}]"
OPENS = f"[{re.escape(MINUS_MARKS)}(（]"     # a negative's mark before its figure: a minus or a bracket
# a figure with one such mark inside (the cheap test first: most lines have none)
MARKED_FIGURE = re.compile(rf"\d{POINT}\d")
# the amount's shape: digits (thousands groups), one mark, two digits; a negative's marks kept
POINT_MISREAD = re.compile(rf"^({OPENS}?\d[\d,]*){POINT}(\d{{2}})([)）]?)$")
# digits parted by one such mark: a figure, misread some other way (19:3, 5:345)
MARKED_DIGITS = re.compile(rf"^{OPENS}?\d[\d,]*{POINT}\d+[)）]?$")
# a figure with such a mark before a unit of money, in a sentence (the figure's start found in `before_unit`)
BEFORE_UNIT = re.compile(rf"(?<![\d,.{POINT_MARKS}])({MINUS}?\d[\d,]*{POINT}\d+)(\s*(?:万元|亿元|元))")
CODE_START = re.compile(r"^\d{3}(?:\d{2}){0,2}(?!\d)")
TOKEN = re.compile(r"\S+")


def mend_points(doc: SourceDocument) -> list[tuple[str, str, int]]:
    """The OCR lines' figures misread at their decimal point read (the line's text and cells
    mended in place) or replaced by a dash; (code, message, line) for each, to be said."""
    notes: list[tuple[str, str, int]] = []
    for ln in doc.lines:
        if ln.ocr and ln.cells is None and "元" in ln.text and SPLIT_GROUPS.search(ln.text):
            mend_groups(ln, notes)
        if not ln.ocr or ln.cell_boxes is not None or MARKED_FIGURE.search(ln.text) is None:
            continue        # (a ruled grid's cells: read by their column, geometry.misread_amount)
        if ln.cells is not None:
            mend_cells(ln, notes)
        else:
            mend_text(ln, notes)
    return notes


# a sentence's amount whose thousands comma OCR read as a space ("科目1 202.95万元": 1,202.95)
# (OCR may leave a space after the marks it did read: "1 202. 95万元")
SPLIT_GROUPS = re.compile(r"(?<![\d,.])(\d{1,3}) (\d{3}(?:, ?\d{3})*(?:\. ?\d+)?)(?=\s*(?:万元|亿元|元))")


def mend_groups(ln: Line, notes: list) -> None:
    """The amount before a unit of money printed with its thousands comma read as a space: read
    whole (a sentence does not print a number and then an amount), and said (ocr-unsure: the
    checks do not judge what cites the line)."""
    def joined(m: re.Match) -> str:
        read = f"{m.group(1)},{m.group(2)}"
        said = f"第 {ln.no} 行的“{m.group(0)}”是扫描件 OCR 识别的，千位分隔符识别为空格，按 {read} 读取；此行文字未作核对，请对照原件"
        notes.append(("ocr-unsure", said, ln.no))
        return read
    ln.text = SPLIT_GROUPS.sub(joined, ln.text)


def mend_cells(ln: Line, notes: list) -> None:
    """A tab grid's cells: a cell holding only such a figure is an amount's."""
    cells = list(ln.cells)
    for n, cell in enumerate(cells):
        t = cell.strip()
        if MARKED_DIGITS.match(t):
            cells[n] = mended(t, ln.no, notes)
    if cells != ln.cells:
        ln.cells = cells
        ln.text = "\t".join(cells)


def mend_text(ln: Line, notes: list) -> None:
    """A line of text: the run of figures it ends with (a table's line read as text), and a
    figure before a unit of money."""
    text = ln.text
    tokens = list(TOKEN.finditer(text))
    run = trailing_figures(tokens)
    marked = [m for m in run if MARKED_DIGITS.match(m.group())]
    others = [m for m in run if m not in marked and ("." in m.group() or "," in m.group() or not m.group()[-1].isdigit())]
    if marked and (others or CODE_START.match(text.lstrip())):
        for m in reversed(marked):                  # (from the end: the places before hold)
            text = text[:m.start()] + mended(m.group(), ln.no, notes).rjust(len(m.group())) + text[m.end():]
    text = BEFORE_UNIT.sub(lambda m: mended(m.group(1), ln.no, notes) + m.group(2), text)
    ln.text = text


def trailing_figures(tokens: list[re.Match]) -> list[re.Match]:
    """The tokens a line ends with that are figures: amounts, dashes of empty cells, and figures
    with such a mark."""
    run: list[re.Match] = []
    for m in reversed(tokens):
        t = m.group()
        if not (MARKED_DIGITS.match(t) or parse_amount(t) is not None or t in ("-", "—", "－")):
            break
        run.append(m)
    return run[::-1]


def mended(t: str, line: int, notes: list) -> str:
    """The amount the figure is (said), or a dash in its place (reported unread)."""
    found = POINT_MISREAD.match(t)
    read = parse_amount(f"{found[1]}.{found[2]}{found[3]}") if found else None
    if read is not None:
        shown = plain_decimal(*read)
        said = f"第 {line} 行的“{t}”是扫描件 OCR 识别的，像是小数点被识别成了冒号、分号，按 {shown} 读入，请对照原件核实"
        notes.append(("ocr-unsure", said, line))
        return f"{found[1]}.{found[2]}{found[3]}"
    said = f"第 {line} 行的“{t}”是扫描件 OCR 识别的，不能读作金额（可能识别有误），未读入，请对照原件核实"
    notes.append(("amount-unsure", said, line))
    return "-"
