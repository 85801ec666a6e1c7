"""CSV (comma-separated values: open-data portals, budget systems' exports, Excel's 另存为 CSV)
→ lines: each record a table row as a sheet's row is, its cells referenced as Excel shows them
(C5). A record holding one cell in the first column above or below the table (a title, a
单位：万元 line, a note) is a line of text, as in a sheet (workbook.sheet_text_rule).

The text is decoded as the text readers decode it (UTF-8 with or without BOM, GBK/GB18030);
quoted fields may hold commas ("1,234.56") and line breaks.
"""

from __future__ import annotations

import csv
import io
import re

from .base import ReadError, SourceDocument, sha256_bytes
from .grid import Slot, cell_text, grid_lines, separate, trimmed
from .text import decode
from .workbook import column_letters, sheet_text_rule

MAX_FIELDS = 16384                 # Excel's widest sheet; a wider record is not a table
DECIMAL_COMMA = re.compile(r"^-?\d+,\d{1,2}$")


# A comma that was a thousands separator: a field ending in a word and 1–3 digits, the next
# starting with 3 digits ('合计 1' | '234.56 2' | '345.67' from 合计 1,234.56 2,345.67)
CUT_BEFORE = re.compile(r"(?:^|[^\w.,])[-−]?\d{1,3}$")
CUT_AFTER = re.compile(r"^\d{3}(?!\d)")


def looks_delimited(text: str) -> bool:
    """Comma-separated records throughout: most non-blank lines (and at least five) split into
    the same number (three or more) of fields. Text with commas in its sentences splits
    unevenly; a pdftotext table's amounts (合计 1,234.56 2,345.67) may split evenly, but
    through its numbers (CUT_BEFORE, CUT_AFTER)."""
    lines = [ln for ln in text.split("\n", 2000)[:2000] if ln.strip()]
    if len(lines) < 5 or sum(1 for ln in lines if "," in ln) < 0.8 * len(lines):
        return False
    try:
        records = list(csv.reader(lines))
    except csv.Error:
        return False
    widths = [len(r) for r in records]
    common = max(set(widths), key=widths.count)
    if common < 3 or widths.count(common) < 0.8 * len(widths):
        return False
    cuts = sum(1 for r in records for a, b in zip(r, r[1:]) if CUT_BEFORE.search(a) and CUT_AFTER.match(b))
    return cuts < 0.1 * sum(len(r) - 1 for r in records)


def delimiter_of(text: str) -> str:
    """',' unless ';' or a tab splits the first lines more evenly (Excel's CSV in a locale with
    a decimal comma; 'Unicode text' saved under a .csv name)."""
    sample = [ln for ln in text.split("\n", 200)[:200] if ln.strip()]

    def score(d: str) -> int:
        try:
            widths = [len(r) for r in csv.reader(sample, delimiter=d)]
        except csv.Error:
            return 0
        multi = [w for w in widths if w > 1]
        return max(map(multi.count, set(multi)), default=0)
    return max((",", ";", "\t"), key=score)      # ties keep the comma


def csv_text_rule(grid: list[list[Slot]]):
    """Which records are lines of text: a sheet's (workbook.sheet_text_rule), and a record of
    one field in the first column next to another such record, blank records aside: a CSV of a
    whole disclosure has its tables' titles, 单位 lines and notes between tables, in runs,
    where a label-only row of a table stands between rows of several fields."""
    filled = [r for r, row in enumerate(grid) if any(s.text for s in row)]
    single = {r for r in filled if grid[r][0].text and not any(s.text for s in grid[r][1:])}
    text = set()
    for k, r in enumerate(filled):
        if r in single and ((k > 0 and filled[k - 1] in single) or (k + 1 < len(filled) and filled[k + 1] in single)):
            text.add(r)
    sheet = sheet_text_rule(grid)

    def rule(row: list[Slot], r: int) -> Slot | None:
        return row[0] if r in text else sheet(row, r)
    return rule


def read_delimited(path: str, data: bytes) -> SourceDocument:
    text, encoding = decode(data)
    csv.field_size_limit(max(csv.field_size_limit(), 10 * 1024 * 1024))   # a long note in one field
    try:
        delimiter = delimiter_of(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        records, starts, last = [], [], 0
        for rec in reader:                 # each record's first physical line in the file
            records.append(rec)
            starts.append(last + 1)
            last = reader.line_num
    except csv.Error as exc:
        raise ReadError(f"无法作为 CSV 读取：{exc}") from None
    if any(len(r) > MAX_FIELDS for r in records):
        raise ReadError(f"CSV 的一行超过 {MAX_FIELDS} 个字段，不是预算表，已拒绝读取")
    # from the table's first column (a sheet saved with margins), without the empty fields
    # Excel writes to make every record as wide as the widest
    grid = trimmed([[Slot(cell_text(v), f"{column_letters(c)}{r + 1}") for c, v in enumerate(rec)]
                    for r, rec in enumerate(records)])
    emitted: list[int] = []
    lines = separate(grid_lines(grid, 1, row_ref=lambda r: f"第{r + 1}行", text_rule=csv_text_rule(grid),
                                rows=emitted))
    rows = iter(emitted)
    for line in lines:                     # numbered by their records' first lines in the file
        if line.text or line.cells is not None:
            line.no = starts[next(rows)]
    for k in range(len(lines) - 2, -1, -1):
        if not lines[k].text and lines[k].cells is None:
            lines[k].no = lines[k + 1].no  # a separating blank: its next line's number (that line wins)
    doc = SourceDocument(path=path, format="csv", encoding=encoding, sha256=sha256_bytes(data), lines=lines)
    if delimiter == ";" and any(DECIMAL_COMMA.match(s.text) for row in grid for s in row):
        doc.warnings.append("CSV 以分号分隔，金额的小数点写作逗号（如 1234,56），这样的金额无法按数字读取；"
                            "请另存为以逗号分隔、小数点为“.”的 CSV")
    return doc
