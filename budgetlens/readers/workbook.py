"""Excel (.xlsx, .xlsb and .xls) → lines, sheet by sheet in workbook order (python-calamine).

A workbook may hold one table per sheet or every table in one sheet; either way each row
is a Line (see grid.py for which rows are lines of text). Merged ranges keep their text
once, in the top-left cell. Numbers are read as a person sees them: an .xlsx cell's number
format gives its decimal places (1759.05 with format 0.00 reads '1759.05', 12.1 reads
'12.10'); without one (General, or any .xls, whose formats calamine does not report) the
value is written with at most 15 significant digits, as Excel shows it, so a binary
artefact such as 1759.0499999999997 reads '1759.05'. An .xlsb's formats are read from its
styles.bin and its cells' style indices, as an .xlsx's from its XML.
Hidden sheets and chart sheets are skipped, hidden ones with a warning.

Line.page is the sheet's 1-based position in the workbook; Line.ref is 'Sheet名!5:5' (the row)
and Line.cell_refs are 'Sheet名!C5'. A sheet's first used column is its first cell.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import html
import io
import math
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from .base import Line, ReadError, SourceDocument, sha256_bytes, shortened
from .grid import (
    META_CELL,
    Slot,
    cell_paragraphs,
    cell_text,
    grid_lines,
    joined_wraps,
    merged_away,
    meta_row,
    open_zip,
    separate,
    span_of,
    text_row,
    trimmed,
    unstacked,
    verify_parts,
)
from .pictures import PictureReader, PicturesPlaced

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# built-in number formats with fixed decimals: id → (min places, max places, percent, shift)
# (see format_places; their whole part shows one digit at least, as any number's)
# (and the accounting formats 41–44 show a zero as "-": zero_shown)
BUILTIN_FORMATS = {1: (0, 0, False, 0), 2: (2, 2, False, 0), 3: (0, 0, False, 0), 4: (2, 2, False, 0),
                   9: (0, 0, True, 0), 10: (2, 2, True, 0), 37: (0, 0, False, 0), 38: (0, 0, False, 0),
                   39: (2, 2, False, 0), 40: (2, 2, False, 0), 41: (0, 0, False, 0, 1, "-"),
                   42: (0, 0, False, 0, 1, "-"), 43: (2, 2, False, 0, 1, "-"), 44: (2, 2, False, 0, 1, "-")}
MAX_CELLS = 1_000_000            # cells in the rectangle a sheet spans (calamine lays all of them out;
                                 # budget sheets have thousands)
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def read_workbook(path: str, data: bytes, kind: str) -> SourceDocument:
    name = Path(path).name
    formats: dict[str, dict[tuple[int, int], tuple[int, int, bool]]] = {}
    hidden: dict[str, tuple[set[int], set[int]]] = {}
    unread: dict[str, Formulas] = {}
    page_heads: dict[str, list[str]] = {}
    printed: dict[str, list[Area]] = {}
    base1904 = False
    merges: dict[str, list] = {}
    if kind == "xls":
        formats, hidden, unread, printed, page_heads = check_ole(name, data)
    elif kind == "xlsb":
        package = open_zip(path, data, "Excel（XLSB）")
        verify_parts(path, package, "Excel（XLSB）")
        hidden, areas, formats, merges = xlsb_scan(package)
        too_big = next((sheet for sheet, area in areas.items() if area > MAX_CELLS), None)
        if too_big is not None:
            raise ReadError(f"{name} 的工作表「{too_big}」跨度超过 {MAX_CELLS} 个单元格，不是预算表，已拒绝读取")
    else:
        package = open_zip(path, data, "Excel（XLSX）")
        verify_parts(path, package, "Excel（XLSX）")
        formats, areas, hidden, unread, page_heads, printed = xlsx_scan(package)
        base1904 = re.search(rb'date1904="(?:1|true)"', package.read("xl/workbook.xml")[:65536]) is not None \
            if "xl/workbook.xml" in package.namelist() else False
        too_big = next((sheet for sheet, area in areas.items() if area > MAX_CELLS), None)
        if too_big is not None:
            raise ReadError(f"{name} 的工作表「{too_big}」跨度超过 {MAX_CELLS} 个单元格，不是预算表，已拒绝读取")
    import python_calamine as calamine
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = book.sheets_metadata
    except calamine.PasswordError:
        raise ReadError(f"{name} 受密码保护（已加密），无法读取；请去除密码后再读取") from None
    except BaseException as exc:   # calamine's errors (and Rust panics, BaseException) mean an unreadable workbook
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise ReadError(kind == "xls" and cut_short(name, data, "Excel")
                        or f"{name} 无法作为 Excel 文件读取（文件已损坏或格式不符：{exc}）") from None
    out = SourceDocument(path=path, format=kind, encoding=None, sha256=sha256_bytes(data))
    placed = PicturesPlaced(PictureReader(name), out.warnings, out.pictures)
    for index, meta in enumerate(sheets, start=1):
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue                 # chart and macro sheets hold no cells
        if meta.visible != calamine.SheetVisibleEnum.Visible:
            out.warnings.append(f"已跳过隐藏的工作表「{meta.name}」")
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
            values = sheet.to_python(skip_empty_area=False)
            # (calamine gives no merged ranges of an .xlsb: xlsb_scan reads them)
            merged = sheet.merged_cell_ranges or merges.get(meta.name, [])
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise ReadError(f"{name} 的工作表「{meta.name}」无法读取：{exc}") from None
        rows, cols = hidden.get(meta.name, (set(), set()))
        said = hidden_said(values, rows, cols)
        if said:
            out.warnings.append(f"工作表「{meta.name}」有隐藏的{said}，打印时不显示，未读取")
        off = PrintArea(printed[meta.name], values, merged) if printed.get(meta.name) else None
        if off is not None:
            rows, cols = rows | off.rows, cols | off.cols
        fixed = formats.get(meta.name, {})
        said, shares = misformatted_figures(meta.name, values, merged, fixed, base1904, rows, cols)
        out.warnings.extend(said)
        grid = sheet_grid(meta.name, values, merged, fixed, rows, cols,
                          {**shares, **(unread[meta.name].unread() if meta.name in unread else {})})
        if meta.name in unread:
            out.warnings.extend(unread[meta.name].warnings(meta.name, rows, cols, merged))
        lines = sheet_lines(meta.name, grid, len(out.lines) + 1, index)
        if off is not None:
            lines += off.read(meta.name, lines, fixed, len(out.lines) + len(lines) + 1, index, out.warnings)
        if untitled(lines):
            # a sheet whose table has no title of its own above it is titled by what its
            # printed pages show above it (the page header's text), else by its name when that
            # says what the table is: without a title the table is not found at all
            heads = page_heads.get(meta.name, [])
            if all(META_CELL.match(t) for t in heads) and names_a_table(meta.name):
                heads = [cell_text(meta.name), *heads]
            lines[:0] = [Line(0, text, page=index, ref=quote(meta.name)) for text in heads]
        elif meta.name in page_heads:
            head_meta(lines, page_heads[meta.name], index, meta.name)
        out.lines.extend(lines)
        if meta.name in unread:
            sheet_pictures(meta.name, unread[meta.name], placed, out)
    placed.pages_after(len(sheets))
    out.lines = separate(out.lines)
    out.formulas = formulas_of(out.lines, {f"{quote(sheet)}!{column_letters(c)}{r + 1}": text
                                           for sheet, found in unread.items() for (r, c), text in found.texts.items()})
    return out


def formulas_of(lines: list[Line], texts: dict[str, str]) -> dict[tuple[int, int], str]:
    """(line number, cell index) → the formula of each unread cell that holds one, by its
    reference ('表1'!D5 → '=8台')."""
    if not texts:
        return {}
    return {(ln.no, i): texts[ln.cell_refs[i]] for ln in lines if ln.unread and ln.cell_refs
            for i in ln.unread if i < len(ln.cell_refs) and ln.cell_refs[i] in texts}


def head_meta(lines: list[Line], heads: list[str], index: int, sheet: str) -> None:
    """A titled sheet whose page header prints what its cells do not, the unit (单位：元) or
    编制单位：…, on every page: those parts put over the table's first row, where a line of the
    sheet's would print them (without, the table's amounts were taken in the template's unit)."""
    said = [t for t in heads if META_CELL.match(t)]
    first = next((i for i, ln in enumerate(lines) if ln.cells is not None), None)
    if said and first is not None and not any(META_CELL.match(ln.text.strip()) for ln in lines[:first]):
        lines[first:first] = [Line(0, text, page=index, ref=quote(sheet)) for text in said]


def sheet_lines(sheet: str, grid: list[list[Slot]], first_no: int, index: int) -> list[Line]:
    """The lines of a sheet's grid, each row named by its number (Sheet名!5:5)."""
    return grid_lines(grid, first_no, page=index, row_ref=lambda r: f"{quote(sheet)}!{r + 1}:{r + 1}",
                      text_rule=sheet_text_rule(grid))


def sheet_pictures(sheet: str, drawn: Formulas, placed: PicturesPlaced, out: SourceDocument) -> None:
    """The pictures drawn over a sheet (a table pasted as a picture), each read by OCR after the
    sheet's cells (readers/pictures.py) where the file holds its bytes (.xlsx), else told."""
    blobs = drawn.blobs or [None] * len(drawn.pictures)
    for cell, blob in zip(drawn.pictures, blobs):
        where = f"工作表「{sheet}」{cell}"
        if blob is None:           # (an .xls picture: its bytes are not looked for)
            out.pictures.append(where)
        else:
            placed.place(blob, where, where, out.lines)


# ---- a sheet's name as its title -----------------------------------------------------------

# the names a program gives a new sheet (Sheet1, 工作表1, Sheet 2): they title nothing
DEFAULT_SHEET_NAME = re.compile(r"(?i)(sheet|工作表|表)\s*\d*")
LABEL_CHARS = frozenset("表续附第")


def names_a_table(name: str) -> bool:
    """A sheet name that says what its table is (收支总表, 1-部门收入总体情况表), not a program's
    default name or a bare label (Sheet1, 表5, 表5(续)): two CJK characters at least besides
    those of a label."""
    name = name.strip()
    if DEFAULT_SHEET_NAME.fullmatch(name):
        return False
    return sum(1 for ch in name if "\u4e00" <= ch <= "\u9fff" and ch not in LABEL_CHARS) >= 2


def untitled(lines: list[Line]) -> bool:
    """The sheet's first table row comes before any text of its own: nothing above the table
    but 编制单位/单位 lines (grid.meta_row), or nothing at all."""
    for line in lines:
        if line.cells is not None:
            return True
        if line.text.strip() and not META_CELL.match(line.text.strip()):
            return False
    return False


# ---- cells ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def column_letters(c: int) -> str:
    out = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        out = chr(65 + rem) + out
    return out


def quote(sheet: str) -> str:
    """A sheet name as Excel writes it in a reference (quoted when it has spaces or marks)."""
    return sheet if re.fullmatch(r"\w+", sheet) else "'" + sheet.replace("'", "''") + "'"


EPOCH_1900, EPOCH_1904 = dt.datetime(1899, 12, 30), dt.datetime(1904, 1, 1)
LEAP_BUG_END = dt.datetime(1900, 3, 1)       # Excel counts a 29 February 1900 before this day
PLAUSIBLE_YEARS = range(1990, 2101)          # the dates a budget disclosure prints


def figures_shown_as_dates(values: list[list], base1904: bool, rows: set[int], cols: set[int]) -> list[str]:
    """A number typed into a cell formatted as a date (an amount of 800 shows 1902年3月10日):
    a date no budget document prints (outside PLAUSIBLE_YEARS) is a figure in the wrong
    format, and its number is put back in `values`. Returns the cells so read ('C7 (1902年3月10日)')."""
    out = []
    for r, row in enumerate(values):
        for c, v in enumerate(row):
            if isinstance(v, dt.date) and v.year not in PLAUSIBLE_YEARS and r not in rows and c not in cols:
                shown_as = shown(v, None)
                row[c] = excel_serial(v, base1904)
                out.append(f"{column_letters(c)}{r + 1}（{shown_as}）")
    return out


def misformatted_figures(sheet: str, values: list[list], merged, fixed, base1904: bool,
                         rows: set[int], cols: set[int]) -> tuple[list[str], dict[tuple[int, int], str]]:
    """Warnings for figures a cell's number format misprints: an impossible date (read as its
    number, figures_shown_as_dates), a plausible date or a percentage in a column of amounts
    (see AmountColumns): the date read as its number, the percentage kept as printed but
    unread (no amount prints as a percentage: its cells are returned, (row, column) → why, for
    sheet_grid; before, the table dropped the cell and its sums failed by its whole amount)."""
    out = []
    dated = figures_shown_as_dates(values, base1904, rows, cols)
    if dated:
        out.append(f"工作表「{sheet}」{cells_said(dated)}是数值，却设成日期格式，显示为不可能的日期，"
                   "已按数值读取；请核对该单元格的格式")
    amounts = AmountColumns(values, merged)
    dated = amounts_shown_as_dates(values, amounts, base1904, rows, cols)
    if dated:
        out.append(f"工作表「{sheet}」{cells_said(dated)}位于金额列，是数值，却设成日期格式，"
                   "已按数值读取；请核对该单元格的格式")
    shares = {(r, c): (f"{column_letters(c)}{r + 1}", number_text(values[r][c], f)) for (r, c), f in sorted(fixed.items())
              if f[2] and r not in rows and c not in cols and percent_among_amounts(values, amounts, fixed, r, c)}
    if shares:
        out.append(f"工作表「{sheet}」{cells_said([f'{c}（{t}）' for c, t in shares.values()])}位于金额列，"
                   "却设成百分比格式，显示的百分数不是金额，未读取其数值（不按 0 计，涉及的核对不予进行）；"
                   "请核对该单元格的格式")
    unshown = [f"{column_letters(c)}{r + 1}" for (r, c), f in sorted(fixed.items())
               if len(f) > 6 and f[6] and r not in rows and c not in cols and unshown_number(values, r, c, f[6])]
    if unshown:
        out.append(f"工作表「{sheet}」{cells_said(unshown)}有数值，但其数字格式使之不显示（如 ;;;），"
                   "打印时为空白，未读取；请核对")
    return out, {at: UNREAD_PERCENT for at in shares}


def unshown_number(values: list[list], r: int, c: int, blank: str) -> bool:
    """A number the cell's format shows as nothing (not a zero: that prints blank on purpose)."""
    value = values[r][c] if r < len(values) and c < len(values[r]) else None
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value != 0 \
        and ("-" if value < 0 else "+") in blank


# A column's header that names amounts (金额, 预算数, 合计, 基本支出, 万元 …), one that names
# dates, shares or rates, and a row label that names a date (编制日期)
AMOUNT_HEADER = re.compile(r"金额|预算|决算|执行数|合计|总计|小计|万元|千元|[(（]元[)）]|支出|收入|经费|拨款|资金|结转|结余|费")
NOT_AMOUNT_HEADER = re.compile(r"日期|时间|年月|期限|占比|比例|比重|%|％|率|幅度")
DATE_LABEL = re.compile(r"日期|时间|年月|[日时]$")
NOT_A_HEADER = re.compile(r"[\d\s.,，%％+\-−—–/／()（）]*").fullmatch


def merged_texts(values: list[list], merged) -> dict[tuple[int, int], str]:
    """The text a merged range shows, for each cell it covers (calamine leaves them empty)."""
    out = {}
    for (r0, c0), (r1, c1) in merged:
        text = values[r0][c0] if r0 < len(values) and c0 < len(values[r0]) else ""
        if isinstance(text, str) and text.strip():
            for r in range(r0, min(r1, r0 + 20) + 1):
                for c in range(c0, min(c1, c0 + 50) + 1):
                    out[(r, c)] = text.strip()
    return out


def _figure(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass
class Run:
    """A column's cells of figures (and dates) under one header: the header's texts (up to
    three, the nearest: a header printed over several rows) and the rows holding figures."""
    head: str
    figures: list[int] = field(default_factory=list)
    plain: int | None = None      # its figures not formatted as percentages (percent_among_amounts)


class AmountColumns:
    """Which cells of a sheet sit in a column of amounts: under a header that names amounts
    (金额, 预算数, 合计, 基本支出, 万元 …, not dates, shares or rates), in a row that is no
    date's (编制日期), with another figure under the same header. Each column is read once,
    top to bottom, into its runs of figures under a header (a sheet may stack tables)."""

    def __init__(self, values: list[list], merged):
        self.values = values
        self.covered = merged_texts(values, merged)
        self.runs: dict[int, dict[int, Run]] = {}        # column → row → its run

    def run(self, r: int, c: int) -> Run | None:
        if c not in self.runs:
            self.runs[c] = self._runs(c)
        return self.runs[c].get(r)

    def _runs(self, c: int) -> dict[int, Run]:
        out: dict[int, Run] = {}
        texts: list[str] = []
        run = None
        for r, row in enumerate(self.values):
            v = row[c] if c < len(row) else ""
            text = v.strip() if isinstance(v, str) and v.strip() else self.covered.get((r, c), "")
            if text and NOT_A_HEADER(text):
                continue                      # a dash for zero, a figure typed as text: no header
            if text:
                if run is not None:           # a header after figures: the next table's
                    run, texts = None, []
                texts.append(text)
            elif _figure(v) or isinstance(v, dt.date):
                if run is None:
                    run = Run("".join(texts[-3:]))
                out[r] = run
                if _figure(v):
                    run.figures.append(r)
        return out

    def __call__(self, r: int, c: int) -> Run | None:
        """The run of amounts cell (r, c) is in, or None."""
        run = self.run(r, c)
        if run is None or not AMOUNT_HEADER.search(run.head) or NOT_AMOUNT_HEADER.search(run.head):
            return None
        if any(isinstance(v, str) and DATE_LABEL.search(v.strip()) for v in self.values[r]):
            return None
        return run if any(k != r for k in run.figures) else None


def amounts_shown_as_dates(values: list[list], amounts: AmountColumns, base1904: bool,
                           rows: set[int], cols: set[int]) -> list[str]:
    """A plausible date (45000 formatted yyyy-mm-dd shows 2023-03-15) in a column of amounts
    (AmountColumns): a budget table prints no date among its amounts, so it is an amount in
    the wrong format, and its number is put back in `values`. Returns the cells so read."""
    found = [(r, c) for r, row in enumerate(values) for c, v in enumerate(row)
             if isinstance(v, dt.date) and r not in rows and c not in cols and amounts(r, c)]
    out = []
    for r, c in found:
        out.append(f"{column_letters(c)}{r + 1}（{shown(values[r][c], None)}）")
        values[r][c] = excel_serial(values[r][c], base1904)
    return out


def percent_among_amounts(values: list[list], amounts: AmountColumns, fixed, r: int, c: int) -> bool:
    """A percentage in a column of amounts with another figure that is no percentage (a run's
    figures counted once: every cell of a long column is asked)."""
    run = amounts(r, c) if r < len(values) and c < len(values[r]) and _figure(values[r][c]) else None
    if run is None:
        return False
    if run.plain is None:
        run.plain = sum(1 for k in run.figures if not fixed.get((k, c), (0, 0, False))[2])
    return run.plain - (not fixed.get((r, c), (0, 0, False))[2]) > 0


def excel_serial(value: dt.date, base1904: bool) -> int | float:
    """The number Excel stores for a date (days since its epoch, the time a fraction of a day)."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    epoch = EPOCH_1904 if base1904 else EPOCH_1900
    delta = moment - epoch
    days = delta.days - (1 if not base1904 and moment < LEAP_BUG_END else 0)
    seconds = delta.seconds + delta.microseconds / 1e6
    if not seconds:
        return days
    return float(Decimal(days) + (Decimal(repr(seconds)) / 86400).quantize(Decimal("1e-9")))


def hidden_said(values: list[list], rows: set[int], cols: set[int]) -> str:
    """The hidden rows and columns that hold something, as a user names them (列 D、E；行 7)."""
    rows = sorted(r for r in rows if r < len(values) and any(v != "" for v in values[r]))
    cols = sorted(c for c in cols if any(c < len(row) and row[c] != "" for row in values))
    parts = ([f"列 {'、'.join(runs(cols, column_letters))}"] if cols else []) + \
            ([f"行 {'、'.join(runs(rows, lambda r: str(r + 1)))}"] if rows else [])
    return "；".join(parts)


def runs(indices: list[int], name) -> list[str]:
    """Sorted indices named, three or more in a run as one range (10–16; D、E stay two)."""
    out: list[list[int]] = []
    for i in indices:
        if out and out[-1][-1] == i - 1:
            out[-1].append(i)
        else:
            out.append([i])
    return [f"{name(run[0])}–{name(run[-1])}" if len(run) > 2 else "、".join(map(name, run)) for run in out]


def sheet_grid(sheet: str, values: list[list], merged, formats,
               hidden_rows: set[int] = frozenset(), hidden_cols: set[int] = frozenset(),
               unread: dict[tuple[int, int], str] | None = None) -> list[list[Slot]]:
    """Rows from the sheet's first used column; covered cells of a merged range read ''.
    Hidden rows and columns are left out (a printed sheet does not show them), a merged
    range's text kept in its first shown cell. `unread`: (row, column) → why, the cells whose
    value the file does not hold (Formulas.unread): they read '' marked unread (Slot.unread);
    a figure it holds but shows as no amount (misformatted_figures) keeps its shown text."""
    prefix = quote(sheet) + "!"
    grid = [[Slot(shown(v, formats.get((r, c))), f"{prefix}{column_letters(c)}{r + 1}",
                  paragraphs=cell_paragraphs(v) if isinstance(v, str) else None,
                  lines=tuple(map(cell_text, v.split("\n"))) if isinstance(v, str) and "\n" in v else None)
             for c, v in enumerate(row)] for r, row in enumerate(values)]
    for (r, c), why in (unread or {}).items():
        while len(grid) <= r:          # (calamine's rectangle may stop short of a formula left empty)
            grid.append([])
        row = grid[r]
        while len(row) <= c:
            row.append(Slot("", f"{prefix}{column_letters(len(row))}{r + 1}"))
        if not (r < len(values) and c < len(values[r]) and _figure(values[r][c])):
            row[c].text = ""
        row[c].unread = why
    width = max((len(row) for row in grid), default=0)
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(grid) or c0 >= width:
            continue                  # nothing shown there
        r1, c1 = min(r1, len(grid) - 1), min(c1, width - 1)   # cells past the data are empty anyway
        for r in range(r0, r1 + 1):
            while len(grid) <= r:
                grid.append([])
            row = grid[r]
            while len(row) <= c1:
                row.append(Slot("", f"{prefix}{column_letters(len(row))}{r + 1}"))
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    row[c] = Slot("", f"{prefix}{column_letters(c0)}{r0 + 1}", (r0, c0))
    if hidden_rows or hidden_cols:
        grid = without_hidden(grid, hidden_rows, hidden_cols)
    if merged:
        grid = merged_away(grid)
    # (rows a PDF-to-Excel converter stacked in one row's cells, or a name it split over rows)
    return unstacked(trimmed(joined_wraps(grid)))


def without_hidden(grid: list[list[Slot]], rows: set[int], cols: set[int]) -> list[list[Slot]]:
    """The grid less its hidden rows and columns; merged ranges point at their new origins,
    and a range whose first cell is hidden shows its text in its first shown cell, unread
    there if its first cell is (the value shown is the hidden cell's)."""
    keep_rows = [r for r in range(len(grid)) if r not in rows]
    width = max((len(row) for row in grid), default=0)
    keep_cols = [c for c in range(width) if c not in cols]
    new_row = {r: i for i, r in enumerate(keep_rows)}
    new_col = {c: i for i, c in enumerate(keep_cols)}
    out: list[list[Slot]] = []
    moved: dict[tuple[int, int], tuple[int, int]] = {}     # a hidden origin → its first shown cell
    for r in keep_rows:
        row = []
        for c in keep_cols:
            s = grid[r][c] if c < len(grid[r]) else Slot("")
            origin = s.origin
            if origin is not None and (origin[0] not in new_row or origin[1] not in new_col):
                if origin not in moved:      # the range's first shown cell takes its text
                    moved[origin] = (new_row[r], new_col[c])
                    o = grid[origin[0]][origin[1]]
                    row.append(Slot(o.text, s.ref, paragraphs=o.paragraphs, unread=o.unread))
                    continue
                origin = None if moved[origin] == (new_row[r], new_col[c]) else moved[origin]
                row.append(Slot("", s.ref, origin))
                continue
            row.append(Slot(s.text, s.ref, (new_row[origin[0]], new_col[origin[1]]) if origin else None, s.paragraphs,
                            s.unread, s.lines))
        out.append(row)
    return out


def sheet_text_rule(grid: list[list[Slot]]):
    """grid.text_row, and also an unmerged cell alone in the first column above the sheet's
    first row of several cells or below its last (a title, a note, narrative text); and a
    cell alone in any column (a title typed in a middle cell to centre it, or merged over
    the middle columns only; a note) above that row by a row at least or below the last, or
    between tables after an empty row and a row at least above the next table: a cell alone
    just over a table's first row may be a group header over its columns."""
    labelled = {r: slot for r, row in enumerate(grid) if (slot := labelled_title(row)) is not None}
    multi = [r for r, row in enumerate(grid) if sum(1 for s in row if s.text and s.origin is None) > 1
             and meta_row(row) is None and r not in labelled]
    lo, hi = (multi[0], multi[-1]) if multi else (len(grid), -1)

    def rule(row: list[Slot], r: int) -> Slot | None:
        found = text_row(row, r) or labelled.get(r)
        if found is not None:
            return found
        if (r < lo or r > hi) and row and row[0].text and row[0].origin is None \
                and not any(s.text for s in row[1:]) and span_of(row, r, 0) == 1:
            return row[0]
        if r < lo - 1 or r > hi or (r > 0 and blank(grid[r - 1]) and not at_or_after(multi, r, 2)):
            return lone_cell(grid, r)
        return None
    return rule


def blank(row: list[Slot]) -> bool:
    return not any(s.text or s.unread or s.origin is not None for s in row)


def at_or_after(rows: list[int], r: int, n: int) -> bool:
    """One of the (sorted) rows is r .. r + n - 1: a table starts there."""
    i = bisect.bisect_left(rows, r)
    return i < len(rows) and rows[i] < r + n


# a table's label alone in a cell: 表3, 附表3, 表三, 公开03表, 附件3 (segment.LABEL's forms)
TABLE_LABEL_CELL = re.compile(r"(?:附表|表|附件|(?:部门|单位|预算)*公开表)\s*[0-9一二三四五六七八九十]{1,3}(?:[-－–]\d+)?"
                              r"|公开\s*\d{1,3}\s*表")


def labelled_title(row: list[Slot]) -> Slot | None:
    """A table's label and its title in two cells of a row ("表3 | 2025年部门支出总表"): one
    line of text, as the page prints it."""
    texts = [s for s in row if s.text and s.origin is None]
    if len(texts) != 2 or not TABLE_LABEL_CELL.fullmatch(texts[0].text.strip()) or "表" not in texts[1].text:
        return None
    return Slot(f"{texts[0].text.strip()} {texts[1].text.strip()}", texts[0].ref)


def lone_cell(grid: list[list[Slot]], r: int) -> Slot | None:
    """Row r's one cell with text, if it has one only and it covers this row only."""
    filled = [c for c, s in enumerate(grid[r]) if s.origin is None and (s.text or s.unread)]
    if len(filled) != 1 or not grid[r][filled[0]].text:
        return None
    c = filled[0]
    below = grid[r + 1] if r + 1 < len(grid) else []
    if c < len(below) and below[c].origin == (r, c):
        return None                     # merged down: a header cell
    return grid[r][c]


def shown(value, fixed: tuple | None) -> str:
    """A cell value as the text a person sees in Excel."""
    if isinstance(value, str):
        return cell_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value, fixed)
    if isinstance(value, dt.datetime):
        day = f"{value.year}年{value.month}月{value.day}日"
        return day if value.time() == dt.time() else f"{day} {value:%H:%M:%S}"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return cell_text(str(value)) if value is not None else ""


def number_text(value: float, fixed: tuple | None) -> str:
    """A number as its format shows it, the whole part padded with zeros to the digits the
    format always shows (a 款 or 项 code typed as 3 in a cell formatted 00 shows 03)."""
    if value == 0 and fixed and len(fixed) > 5 and fixed[5] is not None:
        return fixed[5]                    # the format's zero section: blank, or "-"
    if fixed and len(fixed) > 6 and fixed[6] and ("-" if value < 0 else "+") in fixed[6]:
        return ""                          # its section empty: the cell shows nothing
    text = _number_text(value, fixed)
    digits = fixed[4] if fixed and len(fixed) > 4 else 1     # (a built-in format: one)
    text = zero_padded(text, digits) if digits > 1 and text else text
    # the unit the format prints after the figure (0.00"万元"): shown, as printed, for the
    # table readers to check against the table's unit (rows.cell_unit)
    return text + fixed[7] if text and fixed and len(fixed) > 7 and fixed[7] else text


def zero_padded(text: str, digits: int) -> str:
    sign = "-" if text.startswith("-") else ""
    whole, point, rest = text[len(sign):].partition(".")
    return sign + whole.zfill(digits) + point + rest


def _number_text(value: float, fixed: tuple | None) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    short = str(value) if isinstance(value, int) else f"{value:.15g}"
    if "e" not in short and not (fixed and (fixed[2] or fixed[3])):
        whole, _, places = short.partition(".")
        low, high = fixed[:2] if fixed else (0, len(places))
        if len(places) <= high:                # shown as stored: no rounding to do
            places += "0" * (low - len(places))
            text = whole + ("." + places if places else "")
            return text[1:] if text.startswith("-") and not text.strip("-0.") else text
    try:
        d = Decimal(value) if isinstance(value, int) else Decimal(f"{value:.15g}")
    except InvalidOperation:
        return str(value)
    if fixed is None:
        d = d.normalize() if d != d.to_integral_value() else d.to_integral_value()
        return format(abs(d) if d == 0 else d, "f")
    low, high, percent, shift = fixed[:4]
    if percent:
        d *= 100
    if shift:
        d = d.scaleb(-shift)
    d = d.quantize(Decimal(1).scaleb(-high), rounding=ROUND_HALF_UP)
    text = format(abs(d) if d == 0 else d, "f")
    if high > low and "." in text:             # '#' places show only when not zero
        keep = len(text) - (high - low)
        text = text[:keep] + text[keep:].rstrip("0")
        text = text.rstrip(".")
    return text + ("%" if percent else "")


# ---- .xlsx number formats ------------------------------------------------------------------

def format_places(code: str) -> tuple[int, int, bool, int, int, str | None, str, str] | None:
    """(min places, max places, percent, shift, min whole digits, what a zero shows, the signs
    it shows nothing for: blank_signs, the unit it prints after the figure: format_unit) of a
    number format with fixed decimals; None
    for General, text, dates, times, fractions and scientific formats. shift: the powers of
    ten the format divides a value by before showing it, as a finance office shows 元 in 万元
    or 千元: 3 for each comma after the last digit (0.0, shows 1234.5 as 1.2), and the digits
    after a point printed as a literal between digits (0!.0000 shows 12345678 as 1234.5678).
    What a zero shows: zero_shown."""
    sections = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', code)
    blank = blank_signs(sections)
    section = sections[0]
    tokens = FORMAT_TOKEN.findall(section)
    plain = "".join(t for t in tokens if len(t) == 1)          # the format's own characters
    if not plain and blank:
        return 0, 0, False, 0, 1, zero_shown(sections), blank  # ;;; — nothing shown
    if not plain or plain.lower() == "general" or "@" in plain or "/" in plain \
            or re.search(r"[eE][+-]|[yYmMdDhHsS]", plain):
        return None
    digits = [i for i, t in enumerate(tokens) if t in DIGIT_PLACES]
    if not digits:
        return None
    point = tokens.index(".") if "." in tokens else None
    literal = next((i for i in range(digits[0], digits[-1]) if tokens[i] in LITERAL_POINTS), None)
    if point is not None and literal is not None:
        return None                    # two points: shown as no budget figure is
    commas = 0
    while digits[-1] + 1 + commas < len(tokens) and tokens[digits[-1] + 1 + commas] == ",":
        commas += 1
    after = [tokens[i] for i in digits if i > (point if point is not None else literal if literal is not None else len(tokens))]
    low, high = (len(after), len(after)) if literal is not None else (after.count("0"), len(after))
    end = point if point is not None else literal if literal is not None else len(tokens)
    whole = sum(1 for i in digits if i < end and tokens[i] == "0")     # 00 shows 3 as 03
    return low, high, "%" in plain, 3 * commas + (len(after) if literal is not None else 0), whole, \
        zero_shown(sections), blank, format_unit(tokens[digits[-1] + 1 + commas:])


# a unit a number format prints after its figure: 0.00"万元", #,##0.00 "元", 0.00"（万元）"
FORMAT_UNIT = re.compile(r"^\s*([(（]?(?:万元|千元|亿元|元|万)[)）]?)\s*$")


def format_unit(tokens: list[str]) -> str:
    """The unit the tokens after a format's last digit print ('' where they print none)."""
    m = FORMAT_UNIT.match("".join(shown_token(t) for t in tokens)) if tokens else None
    return m.group(1) if m else ""


def blank_signs(sections: list[str]) -> str:
    """The signs whose numbers a format shows as nothing: "+" where its first section (for
    positive numbers, and zeros without a section of their own) is empty, "-" where its second
    (negatives) is. An office hides a working figure so (;;; shows no number at all)."""
    if any(CONDITION.search(s) for s in sections):
        return ""
    empty = [not s.strip() for s in sections]
    return ("+" if empty[0] else "") + ("-" if len(empty) > 1 and empty[1] else "")


CONDITION = re.compile(r"\[[<>=]")


def zero_shown(sections: list[str]) -> str | None:
    """The text a format's third section shows for a zero where it shows no digits: '' (a zero
    printed blank: #,##0.00;-#,##0.00; or 0.00;-0.00;""), '-' (the accounting format's
    _ * "-"??_ ). None where a zero shows as a number: no third section, one with digits, or
    sections chosen by conditions ([>=100]) rather than by sign. Read as printed, a blank zero
    is an empty cell, which the identities count as 0, as they count a PDF's blank cell."""
    if len(sections) < 3 or any(CONDITION.search(s) for s in sections):
        return None
    tokens = FORMAT_TOKEN.findall(sections[2])
    if any(t in ("0", "#") for t in tokens) or "".join(tokens).strip().lower() == "general":
        return None
    return "".join(shown_token(t) for t in tokens).strip()


def shown_token(token: str) -> str:
    """What one format token prints on its own: a quoted text, an escaped character; a space
    (_x, ?), a fill (*x) and a colour print nothing here."""
    if token.startswith('"'):
        return token[1:-1]
    if token[0] in "\\!" and len(token) == 2:
        return token[1]
    return "" if token[0] in "_*[?" else token


# a number format's pieces: a quoted text, an escaped character (\x, !x), a [colour] or
# [condition], a space as wide as a character (_x) or a fill (*x), one character
FORMAT_TOKEN = re.compile(r'"[^"]*"|[\\!].|\[[^\]]*\]|[_*].|.', re.DOTALL)
DIGIT_PLACES = frozenset("0#?")
LITERAL_POINTS = frozenset(['\\.', "!.", '"."'])


def xlsx_scan(package) -> tuple[dict[str, dict[tuple[int, int], tuple[int, int, bool]]], dict[str, int],
                               dict[str, tuple[set[int], set[int]]], dict[str, Formulas], dict[str, list[str]],
                               dict[str, list[Area]]]:
    """(sheet name → (row, column) → fixed decimals for numeric cells whose format has them,
    sheet name → cells in the rectangle its cells span, sheet name → its hidden rows and
    columns, 0-based, sheet name → its formula cells whose result the file does not give,
    sheet name → its page header's texts, sheet name → its print area, print_areas).
    calamine lays a sheet out as that whole rectangle, so two cells at A1 and XFD1048576 must
    be refused before it reads them."""
    try:
        styles = _xml(package, "xl/styles.xml") if "xl/styles.xml" in package.namelist() else None
        book = _xml(package, "xl/workbook.xml")
        rels = _xml(package, "xl/_rels/workbook.xml.rels")
    except (KeyError, ValueError):
        return {}, {}, {}, {}, {}, {}
    calc = book.find(S + "calcPr")
    # the writer asks for every formula to be calculated on opening (xlsxwriter, openpyxl and
    # other programs that cannot calculate): the results it stored are not Excel's
    stale = calc is not None and calc.get("fullCalcOnLoad") in ("1", "true")
    fixed_by_xf = []
    if styles is not None:
        codes = {_number(f.get("numFmtId"), -1): f.get("formatCode", "") for f in styles.iter(S + "numFmt")}
        xfs = styles.find(S + "cellXfs")
        for xf in (xfs if xfs is not None else []):
            fid = _number(xf.get("numFmtId"), 0)
            fixed_by_xf.append(format_places(codes[fid]) if fid in codes else BUILTIN_FORMATS.get(fid))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    formats, areas, hidden, unread, heads = {}, {}, {}, {}, {}
    printed = print_areas(book)
    for sheet in book.iter(S + "sheet"):
        target = targets.get(sheet.get(R_ID), "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        name = sheet.get("name")
        formats[name], areas[name], hidden[name], formulas, heads[name] = _scan_sheet(package, part, fixed_by_xf,
                                                                                     stale, name)
        boxes, pictures = drawn_over(package, part)
        if boxes or pictures:
            formulas = formulas or Formulas()
            formulas.boxes = boxes
            formulas.pictures, formulas.blobs = [cell for cell, _ in pictures], [blob for _, blob in pictures]
        if formulas:
            unread[name] = formulas
    return formats, areas, hidden, unread, heads, printed


# ---- XLSB: Excel's binary workbook --------------------------------------------------------
# The parts of an .xlsx, each a run of BIFF12 records: a record's type and then its size, each
# a little-endian number of 7-bit groups (the high bit says another follows). calamine reads the
# cells; what it does not give, which rows and columns are hidden and which cells are merged
# (python-calamine 0.9 reports no merged ranges of an .xlsb), is read here (MS-XLSB).

BRT_ROW_HDR, BRT_COL_INFO, BRT_WS_DIM, BRT_BUNDLE_SH = 0x00, 0x3C, 0x94, 0x9C
BRT_FMT, BRT_XF, BRT_BEGIN_CELL_XFS, BRT_END_CELL_XFS = 0x2C, 0x2F, 0x269, 0x26A
BRT_MERGE_CELL = 0xB0                      # a merged range: RfX, its first and last row and column
NUMBER_CELLS = {0x02, 0x05, 0x09}          # BrtCellRk, BrtCellReal, BrtFmlaNum


def biff12_records(data: bytes):
    """(type, body start, body end) of each record."""
    at, end = 0, len(data)
    while at < end:
        kind = data[at] & 0x7F
        if data[at] & 0x80:
            kind |= (data[at + 1] & 0x7F) << 7
            at += 1
        at += 1
        size, shift = 0, 0
        for _ in range(4):
            byte = data[at]
            at += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        yield kind, at, at + size
        at += size


def xlsb_scan(package) -> tuple[dict[str, tuple[set[int], set[int]]], dict[str, int], dict[str, dict], dict[str, list]]:
    """sheet name → its hidden rows and columns (0-based), sheet name → cells in the rectangle
    its cells span (BrtWsDim), sheet name → (row, column) → the fixed decimals of its numeric
    cells' number formats (as xlsx_scan's: a figure shown in 万元 from 元, one not shown at all),
    sheet name → its merged ranges as calamine gives an .xlsx's ([((first row, first column),
    (last row, last column))], BrtMergeCell); empty where the parts cannot be read (calamine
    then says why)."""
    try:
        book = package.read("xl/workbook.bin")
        rels = _xml(package, "xl/_rels/workbook.bin.rels")
    except (KeyError, ValueError):
        return {}, {}, {}, {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    hidden, areas, formats, merges = {}, {}, {}, {}
    try:
        fixed_by_xf = xlsb_cell_formats(package)
        for kind, start, end in biff12_records(book):
            if kind != BRT_BUNDLE_SH:
                continue
            rel, at = _wide_string(book, start + 8)       # (after hsState and iTabID)
            name, _ = _wide_string(book, at)
            target = targets.get(rel, "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if part in package.namelist():
                hidden[name], areas[name], formats[name], merges[name] = _scan_xlsb_sheet(package.read(part), fixed_by_xf)
    except (IndexError, struct.error, UnicodeDecodeError):
        return {}, {}, {}, {}
    return hidden, areas, formats, merges


def xlsb_cell_formats(package) -> list:
    """Each cell format's (BrtXF of the cellXfs, by index) fixed decimals, format_places of its
    number format (BrtFmt, else a built-in one), from xl/styles.bin; [] without one."""
    if "xl/styles.bin" not in package.namelist():
        return []
    data = package.read("xl/styles.bin")
    codes, out, within = {}, [], False
    for kind, start, end in biff12_records(data):
        if kind == BRT_FMT:
            codes[struct.unpack_from("<H", data, start)[0]] = _wide_string(data, start + 2)[0]
        elif kind in (BRT_BEGIN_CELL_XFS, BRT_END_CELL_XFS):
            within = kind == BRT_BEGIN_CELL_XFS
        elif kind == BRT_XF and within:
            fid = struct.unpack_from("<H", data, start + 2)[0]          # (after ixfeParent)
            out.append(format_places(codes[fid]) if fid in codes else BUILTIN_FORMATS.get(fid))
    return out


def _wide_string(data: bytes, at: int) -> tuple[str, int]:
    count, = struct.unpack_from("<I", data, at)
    end = at + 4 + 2 * count
    return data[at + 4:end].decode("utf-16-le"), end


def _scan_xlsb_sheet(data: bytes, fixed_by_xf: list) -> tuple[tuple[set[int], set[int]], int, dict, list]:
    rows: set[int] = set()
    cols: set[int] = set()
    fixed: dict[tuple[int, int], tuple] = {}
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
    area, row = 0, 0
    for kind, start, end in biff12_records(data):
        if kind == BRT_ROW_HDR and end - start >= 12:
            row = struct.unpack_from("<I", data, start)[0]
            if data[start + 11] & 0x10:                                     # fDyZero
                rows.add(row)
        elif kind in NUMBER_CELLS and fixed_by_xf and end - start >= 8:
            col, style = struct.unpack_from("<II", data, start)
            style &= 0xFFFFFF                                               # (iStyleRef: 24 bits)
            if style < len(fixed_by_xf) and fixed_by_xf[style]:
                fixed[(row, col)] = fixed_by_xf[style]
        elif kind == BRT_COL_INFO and end - start >= 18 and data[start + 16] & 0x01:  # fHidden
            first, last = struct.unpack_from("<II", data, start)
            cols.update(range(first, min(last, 16383) + 1))
        elif kind == BRT_WS_DIM and end - start >= 16:
            top, bottom, left, right = struct.unpack_from("<IIII", data, start)
            area = (bottom - top + 1) * (right - left + 1)
        elif kind == BRT_MERGE_CELL and end - start >= 16:
            top, bottom, left, right = struct.unpack_from("<IIII", data, start)
            merged.append(((top, left), (bottom, right)))
    return (rows, cols), area, fixed, merged


# ---- the print area ------------------------------------------------------------------------

Area = tuple[int, int, int, int]     # (first row, first column, last row, last column), 0-based, inclusive
WHOLE_LINE = 1 << 20                 # where a whole row or column ends ($A:$E, $1:$10)
XLS_LAST_ROW, XLS_LAST_COLUMN = 65535, 255      # (an .xls writes a whole row or column to its last)
# one rectangle of a print area: 'Sheet 1'!$A$1:$E$20, Sheet1!$A:$E, Sheet1!$1:$20 (several: commas)
AREA_REF = re.compile(r"(?:'(?:[^']|'')*'|[^'!,]+)!\$?([A-Z]{1,3})?\$?(\d+)?(?::\$?([A-Z]{1,3})?\$?(\d+)?)?")


def print_areas(book) -> dict[str, list[Area]]:
    """Sheet name → the rectangles its print area prints (the defined name _xlnm.Print_Area,
    local to the sheet); a sheet without one prints all its cells and is not listed."""
    defined = book.find(S + "definedNames")
    if defined is None:
        return {}
    names = [sheet.get("name") for sheet in book.iter(S + "sheet")]
    found: dict[str, dict[str, list[Area]]] = {"_xlnm.print_area": {}, "_xlnm.print_titles": {}}
    for name in defined:
        local = _number(name.get("localSheetId"), -1)
        kind = found.get((name.get("name") or "").casefold())
        if kind is None or not 0 <= local < len(names):
            continue
        areas = [area for m in AREA_REF.finditer(name.text or "") if (area := area_of(*m.groups()))]
        if areas:
            kind[names[local]] = areas
    titles = found["_xlnm.print_titles"]
    return {sheet: with_titles(areas, titles.get(sheet, [])) for sheet, areas in found["_xlnm.print_area"].items()}


def with_titles(areas: list[Area], titles: list[Area]) -> list[Area]:
    """The print area with its print titles (_xlnm.Print_Titles: rows, or columns, printed on
    every page, a table's title and header often outside the print area itself): each title's
    rows over the area's columns, each title's columns over the area's rows."""
    if not titles:
        return areas
    rows = (min(a[0] for a in areas), max(a[2] for a in areas))
    cols = (min(a[1] for a in areas), max(a[3] for a in areas))
    out = list(areas)
    for r0, c0, r1, c1 in titles:
        if c0 == 0 and c1 >= XLS_LAST_COLUMN:              # whole rows ($1:$3)
            out.append((r0, cols[0], r1, cols[1]))
        elif r0 == 0 and r1 >= XLS_LAST_ROW:               # whole columns ($A:$B)
            out.append((rows[0], c0, rows[1], c1))
    return out


def area_of(col0: str | None, row0: str | None, col1: str | None, row1: str | None) -> Area | None:
    """A rectangle from its reference's parts: A1:E20, A:E (whole columns), 1:20 (whole rows), A1."""
    if col1 is None and row1 is None:
        col1, row1 = col0, row0
    if (col0 is None) != (col1 is None) or (row0 is None) != (row1 is None) or (col0 is None and row0 is None):
        return None
    cols = (column_index(col0.encode()), column_index(col1.encode())) if col0 else (0, WHOLE_LINE)
    rows = (int(row0) - 1, int(row1) - 1) if row0 else (0, WHOLE_LINE)
    return min(rows), min(cols), max(rows), max(cols)


def rows_going_on(areas: list[Area], values: list[list], off_cols: set[int]) -> tuple[int, int] | None:
    """(first, last) of the rows right below the print area that go on with its table: each
    prints a figure in the area's columns, as the area's last row does, with no row between
    (rows added to a table after its print area was set). None where there are none."""
    def figured(r: int) -> bool:
        return r < len(values) and any(_figure(v) for c, v in enumerate(values[r]) if c not in off_cols)
    last = max(a[2] for a in areas)
    if last >= len(values) - 1 or not figured(last) or not figured(last + 1):
        return None
    end = last + 1
    while figured(end + 1):
        end += 1
    return last + 1, end


class PrintArea:
    """What a sheet's print area leaves out of the printed pages: its rows and columns outside
    every rectangle (read as hidden ones are: not at all), and the cells outside (with several
    rectangles, some in rows and columns another prints: blanked in `values`). What lies
    outside is kept: rows going on with the area's table right below it are read with it
    (rows_going_on), a table of its own elsewhere after the printed ones (read)."""

    def __init__(self, areas: list[Area], values: list[list], merged):
        width = max(map(len, values), default=0)
        self.cols = {c for c in range(width) if not any(a[1] <= c <= a[3] for a in areas)}
        self.rows_below = rows_going_on(areas, values, self.cols)
        self.named = areas                       # (as the workbook sets them, for the warnings)
        if self.rows_below:
            areas = [*areas, (self.rows_below[0], min(a[1] for a in areas), self.rows_below[1],
                              max(a[3] for a in areas))]
        self.areas, self.merged = areas, merged
        self.rows = {r for r in range(len(values)) if not any(a[0] <= r <= a[2] for a in areas)}
        self.outside = {(r, c): v for r, row in enumerate(values) for c, v in enumerate(row)
                        if v != "" and v is not None and not self.prints(r, c)}
        self.said = hidden_said(values, self.rows, self.cols) or \
            cells_said([f"{column_letters(c)}{r + 1}" for r, c in sorted(self.outside)]).strip()
        self.height, self.width = len(values), width
        for r, c in self.outside:
            if r not in self.rows and c not in self.cols:
                values[r][c] = ""

    def prints(self, r: int, c: int) -> bool:
        return any(a[0] <= r <= a[2] and a[1] <= c <= a[3] for a in self.areas)

    def read(self, sheet: str, printed: list[Line], fixed, first_no: int, index: int, warnings: list[str]) -> list[Line]:
        """The lines of what lies outside, where it is a table of its own (a title the printed
        cells do not print, over rows of cells; or the print area prints no table at all: a
        title only); else none. Either way a warning says what lies outside."""
        if self.rows_below:
            warnings.append(f"工作表「{sheet}」打印区域以下紧接的第 {self.rows_below[0] + 1}–{self.rows_below[1] + 1} 行"
                            "接续其中的表格（打印区域未随表格扩大），打印时不显示，已一并读取；请核对打印区域")
        if not self.outside:
            return []
        area = "、".join(f"{column_letters(a[1])}{a[0] + 1}:{column_letters(min(a[3], self.width - 1))}"
                        f"{min(a[2], self.height - 1) + 1}" for a in self.named)
        values = [[self.outside.get((r, c), "") for c in range(self.width)] for r in range(self.height)]
        merged = [m for m in self.merged if (m[0][0], m[0][1]) in self.outside]
        lines = sheet_lines(sheet, sheet_grid(sheet, values, merged, fixed), first_no, index)
        texts = {ln.text.strip() for ln in printed if ln.cells is None}
        titled = any(ln.cells is None and "表" in ln.text and ln.text.strip() not in texts for ln in lines)
        table = any(ln.cells is not None for ln in lines)
        if table and (titled or not any(ln.cells is not None for ln in printed)):
            warnings.append(f"工作表「{sheet}」打印区域（{area}）以外的{self.said}另有表格，打印时不显示，"
                            "已一并读取；请核对打印区域")
            return lines
        sample = "；".join(shortened(shown(v, None)) for v in list(self.outside.values())[:3])
        warnings.append(f"工作表「{sheet}」打印区域（{area}）以外的{self.said}有内容（{sample}），打印时不显示，未读取")
        return []


def _number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _xml(package, name: str):
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with package.open(name) as part:
        return etree.parse(part, parser).getroot()


# A cell's start tag as Excel, WPS, LibreOffice and xlsxwriter write it: r, then s, then t.
CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]+)")?(?: t="([a-z]+)")?')
ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(c|row)\b([^>]*)>")
ATTRS = {name: re.compile(rb"\b" + name + rb'="([^"]*)"') for name in (b"r", b"s", b"t")}


def _scan_sheet(package, part: str, fixed_by_xf: list, stale: bool = False, sheet: str = "") \
        -> tuple[dict[tuple[int, int], tuple[int, int, bool]], int, tuple[set[int], set[int]], Formulas | None,
                 list[str]]:
    """A sheet's numeric cells with a fixed format, the cells its rectangle holds, its hidden
    rows and columns, its formulas without a result (see formula_cells), and the text its page
    header prints (page_header; `sheet`: the sheet's name, which &A prints). Start tags are
    found by regex over the part (a tag's '<' never occurs in XML text): an XML parser took
    ten times longer on a 20 000-row sheet."""
    try:
        with package.open(part) as stream:
            xml = stream.read()
    except KeyError:
        return {}, 0, (set(), set()), None, []
    hidden = hidden_rows_and_columns(xml)
    formulas = formula_cells(xml, stale)
    cells = [(int(m.group(2)) - 1, column_index(m.group(1)), m.group(3), m.group(4)) for m in CELL.finditer(xml)]
    if len(cells) != len(ANY_CELL.findall(xml)):
        cells = _cells_any_order(xml)          # attributes in another order, or cells without r
    found = {}
    for row, col, style, kind in cells:
        if style and kind in (None, b"n"):
            xf = int(style)
            if xf < len(fixed_by_xf) and fixed_by_xf[xf]:
                found[(row, col)] = fixed_by_xf[xf]
    heads = page_header(xml, sheet)
    if not cells:
        return found, 0, hidden, formulas, heads
    rows = [c[0] for c in cells]
    cols = [c[1] for c in cells]
    return found, (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1), hidden, formulas, heads



# ---- the page header printed above a sheet ------------------------------------------------

# The header of the sheet's pages (the first page's where it has its own), in Excel's codes:
# &L &C &R open the left, centre and right parts; &"宋体,加粗" a font, &16 a size, &K… a colour,
# &B &I &U &S &X &Y &E styles, &D &T &Z &F &G a date, a path, a picture (nothing of the
# sheet's); &P and &N a page's number and the count (a part holding them numbers pages);
# &A the sheet's name; && an ampersand
PAGE_HEADER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(firstHeader|oddHeader)\b[^>]*>([^<]*)<")
HEADER_TOKEN = re.compile(r'&&|&"[^"]*"|&K(?:[0-9A-Fa-f]{6}|\d\d[+-]\d{3})|&\d+|&[A-Za-z]|[^&]+|&')


def page_header(xml: bytes, sheet: str) -> list[str]:
    """The texts of the parts of a sheet's printed page header (a title centred, 单位：万元 on
    the right), left to right, page numbers left out; the first page's header where the sheet
    has one of its own."""
    from html import unescape

    found = {m.group(1): m.group(2) for m in PAGE_HEADER.finditer(xml) if m.group(2).strip()}
    first = re.search(rb'differentFirst="(?:1|true)"', xml) is not None
    code = unescape((found.get(b"firstHeader" if first else b"oddHeader") or b"").decode("utf-8", "replace"))
    return header_parts(code, sheet)


def header_parts(code: str, sheet: str) -> list[str]:
    """The texts of a page header's parts, from its codes (page_header), as the page prints them."""
    parts, numbered = {"L": "", "C": "", "R": ""}, set()
    where = "C"                                  # text before any &L/&C/&R is centred
    for token in HEADER_TOKEN.findall(code):
        if token in ("&L", "&C", "&R"):
            where = token[1]
        elif token in ("&P", "&N"):
            numbered.add(where)
        elif token == "&A":
            parts[where] += sheet
        elif token == "&&" or not token.startswith("&"):
            parts[where] += token[-1] if token == "&&" else token
    return [t for k, t in parts.items() if k not in numbered for t in [cell_text(t)] if t]

# ---- formulas whose result the file does not give -----------------------------------------

P = rb"(?:[A-Za-z_][\w.-]*:)?"          # a namespace prefix
# a formula cell: its start tag's attributes, then <f …/> or <f …>…</f>, then its <v> if any
FORMULA_CELL = re.compile(rb"<" + P + rb"c\b([^>]*)>\s*<" + P + rb"f\b[^>]*?(?:/>|>(?P<f>[^<]*)</" + P + rb"f>)\s*"
                          rb"(?P<v><" + P + rb"v\s*/>|<" + P + rb"v\b[^>]*>(?P<value>[^<]*)</" + P + rb"v>)?")
# a cell whose value is an error (#DIV/0!, #REF!, #N/A …): its attributes, its formula if any, then its <v>
ERROR_CELL = re.compile(rb"<" + P + rb"c\b([^>]*\bt=\"e\"[^>]*)>(?:\s*<" + P + rb"f\b[^>]*?(?:/>|>(?P<f>[^<]*)</"
                        + P + rb"f>))?\s*<" + P + rb"v\b[^>]*>(?P<value>[^<]*)</" + P + rb"v>")
SAID_CELLS = 5                        # cells a warning names before it counts the rest
UNREAD_FORMULA = "公式无计算结果"        # why a cell is unread (Line.unread), as findings name it
UNREAD_ERROR = "错误值"
UNREAD_PERCENT = "金额设成百分比格式"   # a figure in a column of amounts shown as a percentage


@dataclass
class Formulas:
    """A sheet's cells whose printed value the file does not hold: formulas saved without a
    result (never calculated), formulas whose stored result the writer itself says is not
    calculated (fullCalcOnLoad), and cells holding an error value. Each as (row, column,
    its reference, the error shown)."""
    empty: list[tuple[int, int, str]] = field(default_factory=list)
    stale: list[tuple[int, int, str]] = field(default_factory=list)
    errors: list[tuple[int, int, str, str]] = field(default_factory=list)
    boxes: list[str] = field(default_factory=list)       # the text of text boxes drawn over the sheet
    pictures: list[str] = field(default_factory=list)    # the cells pictures drawn over it start at
    blobs: list[bytes | str] = field(default_factory=list)  # .xlsx: each picture's bytes, or why not held
    # (row, column) → the formula an empty or error cell holds, as typed ("=8台"): what was lost
    texts: dict[tuple[int, int], str] = field(default_factory=dict)

    def keep_text(self, place: tuple[int, int, str], formula: bytes | None) -> None:
        """The formula of a cell whose value is not held, as its XML holds it (escaped); a shared
        formula's cells other than its first hold none."""
        text = html.unescape(formula.decode("utf-8", "replace")).strip() if formula else ""
        if text:
            self.texts[place[:2]] = "=" + text

    def __bool__(self) -> bool:
        return bool(self.empty or self.stale or self.errors or self.boxes or self.pictures)

    def unread(self) -> dict[tuple[int, int], str]:
        """(row, column) → why, for the cells whose printed value the file does not hold: a
        formula without a result, an error value (a stale result is read as stored, and told)."""
        out = {(r, c): UNREAD_FORMULA for r, c, _ in self.empty}
        out.update({(r, c): f"{UNREAD_ERROR} {error}" for r, c, _, error in self.errors})
        return out

    def warnings(self, sheet: str, rows: set[int], cols: set[int], merged=()) -> list[str]:
        """The warnings for the cells a printed sheet shows (hidden rows and columns are not read;
        a merged range's hidden first cell is shown in the range's first shown cell)."""
        moved = shown_origins(merged, rows, cols)

        def seen(cells):
            return [c for c in cells if (c[0] not in rows and c[1] not in cols) or (c[0], c[1]) in moved]
        out = []
        empty, stale, errors = seen(self.empty), seen(self.stale), seen(self.errors)
        if empty:
            out.append(f"工作表「{sheet}」{cells_said([c[2] for c in empty])}是公式，文件中没有保存计算结果"
                       "（未在 Excel/WPS 中重新计算并保存），未读取其数值（不按 0 计，涉及的核对不予进行）；"
                       "请打开文件重新计算并保存后再读取")
        if stale:
            out.append(f"工作表「{sheet}」{cells_said([c[2] for c in stale])}是公式，文件标明其结果须在打开时重新计算"
                       "（由程序生成、未在 Excel/WPS 中计算），按文件所存结果读取，可能与实际结果不符；"
                       "请打开文件重新计算并保存后再读取")
        if errors:
            out.append(f"工作表「{sheet}」{cells_said([f'{c[2]}（{c[3]}）' for c in errors])}显示错误值，不是数字，"
                       "未读取其数值（不按 0 计，涉及的核对不予进行）；请在 Excel/WPS 中改正公式后再读取")
        if self.boxes:
            shown = "；".join(map(shortened, self.boxes[:3]))
            out.append(f"工作表「{sheet}」有 {len(self.boxes)} 个文本框，其中的文字（{shown}）未读取；"
                       "请将其写入单元格后再读取")
        return out


def shown_origins(merged, rows: set[int], cols: set[int]) -> set[tuple[int, int]]:
    """The first cells of merged ranges hidden themselves (a hidden row or column) whose range
    still shows a cell: the printed sheet shows their value there (see without_hidden)."""
    if not rows and not cols:
        return set()
    return {(r0, c0) for (r0, c0), (r1, c1) in merged
            if (r0 in rows or c0 in cols) and any(r not in rows for r in range(r0, r1 + 1))
            and any(c not in cols for c in range(c0, c1 + 1))}


def cells_said(refs: list[str]) -> str:
    """'单元格 B6、B7 ', or 'B6、B7、B8、B9、B10 等 12 个单元格'."""
    named = "、".join(refs[:SAID_CELLS])
    return f"单元格 {named} " if len(refs) <= SAID_CELLS else f"{named} 等 {len(refs)} 个单元格"


def formula_cells(xml: bytes, stale: bool) -> Formulas | None:
    """A sheet part's formula cells without a result (no <v>, or an empty one; a text
    result, t="str", may be empty), with a result the writer asks to recalculate (stale), and
    its cells holding an error value. Only parts that hold a formula or an error are searched."""
    has_formula, has_error = b"f>" in xml or b"<f " in xml or b":f " in xml, b't="e"' in xml
    if not has_formula and not has_error:
        return None
    out = Formulas()
    if has_formula:
        for m in FORMULA_CELL.finditer(xml):
            attrs = m.group(1)
            if attrs.endswith(b"/"):
                continue                      # <c …/> with no content: the <f> is another cell's
            kind = _attr(attrs, b"t")
            place = _place(attrs)
            if place is None or kind == b"e":
                continue                      # errors are told below
            value = m.group("value")
            if m.group("v") is None or (not (value or b"").strip() and kind != b"str"):
                out.empty.append(place)
                out.keep_text(place, m.group("f"))
            elif stale and kind in (None, b"n"):
                out.stale.append(place)
    if has_error:
        for m in ERROR_CELL.finditer(xml):
            place = _place(m.group(1))
            if place is not None:
                out.errors.append((*place, m.group("value").decode("utf-8", "replace").strip() or "错误"))
                out.keep_text(place, m.group("f"))
    return out or None


DRAWING_REL = re.compile(rb'<Relationship\b[^>]*?Type="[^"]*/drawing"[^>]*>')
TARGET = re.compile(rb'\bTarget="([^"]*)"')
SHAPE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sp\b.*?</(?:[A-Za-z_][\w.-]*:)?sp>", re.DOTALL)
RUN_TEXT = re.compile(rb"<a:t>([^<]*)</a:t>")
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
A_EXT = "{http://schemas.openxmlformats.org/drawingml/2006/main}ext"
MIN_PICTURE = (1_800_000, 720_000)    # EMU (5 cm × 2 cm): a smaller picture is a logo, never a table


def drawn_over(package, part: str) -> tuple[list[str], list[tuple[str, bytes | str]]]:
    """What is drawn over a sheet and in no cell: the text of each text box (a shape with text;
    a note typed into a box is printed with the sheet), and each picture at least MIN_PICTURE
    large: the cell it starts at, and its bytes (or why the file does not hold them)."""
    import posixpath
    from html import unescape

    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    try:
        with package.open(rels) as stream:
            xml = stream.read()
    except KeyError:
        return [], []
    boxes, pictures = [], []
    for rel in DRAWING_REL.finditer(xml):
        path, drawing = related_part(package, folder, rel.group(0))
        if drawing is None:
            continue
        for shape in SHAPE.finditer(drawing):
            text = "".join(unescape(t.decode("utf-8", "replace")) for t in RUN_TEXT.findall(shape.group(0)))
            text = " ".join(text.split())
            if text:
                boxes.append(text)
        if b"pic>" in drawing:
            pictures += drawn_pictures(drawing, lambda rid, at=path: part_related(package, at, rid))
    return boxes, pictures


def part_related(package, part: str, rid: str) -> bytes | str:
    """The bytes of the part `part` relates to by `rid` (a drawing's picture), or why not held."""
    import posixpath

    folder, name = posixpath.split(part)
    try:
        with package.open(posixpath.join(folder, "_rels", name + ".rels")) as stream:
            rels = stream.read()
    except KeyError:
        return "图片数据不在文件中"
    for rel in re.finditer(rb"<Relationship\b[^>]*>", rels):
        if re.search(rb'\bId="' + re.escape(rid.encode()) + rb'"', rel.group(0)) is None:
            continue
        if b'TargetMode="External"' in rel.group(0):
            return "图片数据不在文件中（链接的外部图片）"
        return related_part(package, folder, rel.group(0))[1] or "图片数据不在文件中或已损坏"
    return "图片数据不在文件中"


def related_part(package, folder: str, rel: bytes) -> tuple[str, bytes | None]:
    """(path, bytes) of the part a relationship (of a part in `folder`) names; None where the
    package does not hold it."""
    import posixpath

    target = TARGET.search(rel)
    if target is None:
        return "", None
    name = target.group(1).decode("utf-8", "replace")
    path = name.lstrip("/") if name.startswith("/") else posixpath.normpath(posixpath.join(folder, name))
    try:
        with package.open(path) as stream:
            return path, stream.read()
    except KeyError:
        return path, None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        # a damaged part (a picture's bytes are never checked before: grid.verify_parts reads
        # the XML parts only): as if not held, the sheet's cells still read
        return path, None


BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def drawn_pictures(drawing: bytes, blob_of=None) -> list[tuple[str, bytes | str]]:
    """The cell each picture of a drawing part starts at (its anchor's xdr:from), pictures
    smaller than MIN_PICTURE (by their a:ext) left out; an absolute anchor names no cell. With
    each, its bytes by its a:blip's r:embed (blob_of), or why they are not read."""
    from lxml import etree

    try:
        root = etree.fromstring(drawing, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return []
    out = []
    for anchor in root:
        start = anchor.find(XDR + "from")
        for pic in anchor.iter(XDR + "pic"):
            ext = pic.find(".//" + A_EXT)
            size = (_number(ext.get("cx"), 0), _number(ext.get("cy"), 0)) if ext is not None else MIN_PICTURE
            if size[0] < MIN_PICTURE[0] or size[1] < MIN_PICTURE[1]:
                continue
            col, row = (_number(start.findtext(XDR + k), -1) for k in ("col", "row")) if start is not None else (-1, -1)
            blip = pic.find(".//" + BLIP)
            rid = blip.get(R_EMBED) if blip is not None else None
            blob = blob_of(rid) if rid and blob_of else "图片数据不在文件中（链接的外部图片）"
            out.append((f"{column_letters(col)}{row + 1}" if col >= 0 and row >= 0 else "（图片）", blob))
    return out


def _attr(attrs: bytes, name: bytes) -> bytes | None:
    found = ATTRS[name].search(attrs) if name + b'="' in attrs else None
    return found.group(1) if found else None


def _place(attrs: bytes) -> tuple[int, int, str] | None:
    """(row, column, reference) of a cell by its r attribute."""
    ref = _attr(attrs, b"r")
    try:
        row, col = cell_position(ref.decode("ascii")) if ref else (None, None)
    except (ValueError, UnicodeDecodeError):
        return None
    return None if row is None else (row, col, f"{column_letters(col)}{row + 1}")


ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
COL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?col\b([^>]*)>")
# hidden, or drawn zero wide or high (Excel shows and prints neither)
HIDDEN_ATTR = re.compile(rb'\bhidden="(?:1|true)"|\b(?:width|ht)="0(?:\.0*)?"')
NUMBER_ATTR = {name: re.compile(rb"\b" + name + rb'="([0-9]+)"') for name in (b"r", b"min", b"max")}


def hidden_rows_and_columns(xml: bytes) -> tuple[set[int], set[int]]:
    """The rows (<row hidden="1">) and columns (<col min max hidden="1">) hidden in a sheet's XML, 0-based."""
    if b"hidden=" not in xml and b'="0' not in xml:
        return set(), set()
    rows = set()
    for m in ROW_TAG.finditer(xml):
        r = NUMBER_ATTR[b"r"].search(m.group(1))
        if r and HIDDEN_ATTR.search(m.group(1)):
            rows.add(int(r.group(1)) - 1)
    cols = set()
    for m in COL_TAG.finditer(xml):
        lo, hi = NUMBER_ATTR[b"min"].search(m.group(1)), NUMBER_ATTR[b"max"].search(m.group(1))
        if lo and hi and HIDDEN_ATTR.search(m.group(1)):
            cols.update(range(int(lo.group(1)) - 1, min(int(hi.group(1)), 16384)))
    return rows, cols


def _cells_any_order(xml: bytes) -> list[tuple[int, int, bytes | None, bytes | None]]:
    out = []
    row, col = -1, -1
    for m in CELL_TAG.finditer(xml):
        attrs = m.group(2)
        found = {name: (p.search(attrs) if name + b'="' in attrs else None) for name, p in ATTRS.items()}
        ref, style, kind = (found[n].group(1) if found[n] else None for n in (b"r", b"s", b"t"))
        if m.group(1) == b"row":
            row, col = (_number(ref.decode("ascii", "replace"), row + 2) - 1 if ref else row + 1), -1
            continue
        try:
            row, col = cell_position(ref.decode("ascii")) if ref else (row, col + 1)
        except (ValueError, UnicodeDecodeError):
            continue
        out.append((row, col, style if style and style.isdigit() else None, kind))
    return out


@functools.lru_cache(maxsize=4096)
def column_index(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col - 1


def cell_position(ref: str) -> tuple[int, int]:
    m = re.match(r"\$?([A-Z]+)\$?(\d+)", ref)
    if m is None:
        raise ValueError(f"bad cell reference {ref!r}")
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# ---- .xls and other OLE compound files -----------------------------------------------------

def check_ole(name: str, data: bytes) -> tuple[dict[str, dict[tuple[int, int], tuple[int, int, bool, int]]],
                                               dict[str, tuple[set[int], set[int]]], dict[str, Formulas],
                                               dict[str, list[Area]], dict[str, list[str]]]:
    """An OLE compound file is an .xls only with a Workbook (or Book) stream: an encrypted
    .xlsx/.docx keeps an EncryptedPackage there, an old Word file a WordDocument. Returns the
    number formats, the hidden rows and columns, the error cells, the print areas and the page
    headers of an .xls (see xls_formats, xls_print_setup)."""
    try:
        cfb = CompoundFile(data)
    except (ValueError, struct.error, IndexError):
        return {}, {}, {}, {}, {}     # unreadable directory: calamine gives the error
    streams = set(cfb.entries)
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise ReadError(f"{name} 受密码保护（已加密），无法读取；请去除密码后再读取")
    if "WordDocument" in streams:
        raise ReadError(f"{name} 是旧版 Word（.doc）文件，暂不支持；请另存为 .docx 或 PDF 后再读取")
    if not streams & {"Workbook", "Book"}:
        raise ReadError(f"{name} 是 OLE 复合文档，但不是 Excel 工作簿")
    try:
        book = cfb.stream("Workbook") or b""
        formats, encrypted, areas, hidden, unread = xls_formats(book)
        printed, heads = ({}, {}) if encrypted else xls_print_setup(book)
    except (ValueError, struct.error, IndexError):
        return {}, {}, {}, {}, {}
    if encrypted:
        raise ReadError(f"{name} 受密码保护（已加密），无法读取；请去除密码后再读取")
    too_big = next((sheet for sheet, area in areas.items() if area > MAX_CELLS), None)
    if too_big is not None:
        raise ReadError(f"{name} 的工作表「{too_big}」跨度超过 {MAX_CELLS} 个单元格，不是预算表，已拒绝读取")
    return formats, hidden, unread, printed, heads


FREE = 0xFFFFFFFA                    # sector numbers from here up mark chain ends and free sectors


class CompoundFile:
    """Just enough of MS-CFB to list the directory and read a stream; ValueError when broken."""

    def __init__(self, data: bytes):
        if len(data) < 512 or not data.startswith(CFB_MAGIC):
            raise ValueError("not a compound file")
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12):
            raise ValueError("bad sector size")
        self.data, self.size, self.mini_size = data, 1 << shift, 1 << mini_shift
        _, first_dir, _, self.cutoff, first_mini, _, first_difat, n_difat = struct.unpack_from("<8I", data, 44)
        difat = list(struct.unpack_from("<109I", data, 76))
        sector = first_difat
        for _ in range(min(n_difat, 10_000)):
            if sector >= FREE:
                break
            ints = self._ints(sector)
            difat.extend(ints[:-1])
            sector = ints[-1]
        self.fat: list[int] = []
        for sector in difat:
            if sector < FREE:
                self.fat.extend(self._ints(sector))
        self.entries: dict[str, tuple[int, int, int]] = {}     # name → (type, first sector, size)
        directory = self._chain(first_dir)
        for off in range(0, len(directory) - 127, 128):
            length, kind = struct.unpack_from("<HB", directory, off + 64)
            if kind in (1, 2, 5) and 2 <= length <= 64:
                name = directory[off:off + length - 2].decode("utf-16-le", errors="replace")
                start, size = struct.unpack_from("<IQ", directory, off + 116)
                self.entries.setdefault(name, (kind, start, size & 0xFFFFFFFF if shift == 9 else size))
        root = next((e for e in self.entries.values() if e[0] == 5), None)
        self.first_mini, self.root = first_mini, root

    def _ints(self, sector: int) -> list[int]:
        return list(struct.unpack(f"<{self.size // 4}I", self._sector(sector)))

    def _sector(self, sector: int) -> bytes:
        start = (sector + 1) * self.size
        if start + self.size > len(self.data):
            raise ValueError("sector past the end of the file")
        return self.data[start:start + self.size]

    def _chain(self, sector: int, table: list[int] | None = None, read=None) -> bytes:
        table, read = table if table is not None else self.fat, read or self._sector
        parts, seen = [], set()
        while sector < FREE:
            if sector in seen or sector >= len(table):
                raise ValueError("broken sector chain")
            seen.add(sector)
            parts.append(read(sector))
            sector = table[sector]
        return b"".join(parts)

    def stream(self, name: str) -> bytes | None:
        entry = self.entries.get(name)
        if entry is None or entry[0] != 2:
            return None
        _, start, size = entry
        if size >= self.cutoff or self.root is None:
            return self._chain(start)[:size]
        raw = self._chain(self.first_mini)
        mini_fat = list(struct.unpack(f"<{len(raw) // 4}I", raw))
        container = self._chain(self.root[1])

        def mini(sector: int) -> bytes:
            return container[sector * self.mini_size:(sector + 1) * self.mini_size]
        return self._chain(start, mini_fat, mini)[:size]


def cut_short(name: str, data: bytes, called: str) -> str | None:
    """Why an OLE (Office 97–2003) file that cannot be read is cut short, where it is: the
    sectors its header and allocation table use reach past its end (a download stopped, a
    copy cut off). Its streams are found by the directory and tables at its end, so what is
    there cannot be read apart from them either. None for a file that is whole."""
    if len(data) < 512 or not data.startswith(CFB_MAGIC):
        return None
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        return None
    size = 1 << shift
    first_dir, = struct.unpack_from("<I", data, 48)
    fat = [s for s in struct.unpack_from("<109I", data, 76) if s < FREE]
    used = [s for s in (first_dir, *fat) if s < FREE]
    for sector in fat:                   # the highest sector the allocation table gives out
        start = (sector + 1) * size
        if start + size <= len(data):
            entries = struct.unpack_from(f"<{size // 4}I", data, start)
            last = next((i for i in range(len(entries) - 1, -1, -1) if entries[i] != 0xFFFFFFFF), None)
            if last is not None:
                used.append(fat.index(sector) * (size // 4) + last)
    needed = (max(used, default=-1) + 2) * size
    if needed <= len(data):
        return None
    lost = "文件的目录" if (first_dir + 2) * size > len(data) else "文件的分配表" \
        if any((s + 2) * size > len(data) for s in fat) else "文件末尾的内容"
    return (f"{name} 不完整（文件被截断）：按其文件头的记录应至少有 {needed} 字节，实际只有 {len(data)} 字节，"
            f"{lost}已缺失，其中已有的部分也无法单独读取；请重新下载或向发布单位索取完整的{called}文件")


def xls_formats(book: bytes) -> tuple[dict[str, dict[tuple[int, int], tuple[int, int, bool, int]]], bool,
                                      dict[str, int], dict[str, tuple[set[int], set[int]]], dict[str, Formulas]]:
    """(sheet name → (row, column) → fixed decimals, encrypted, sheet name → cells in the
    rectangle its cells span, sheet name → hidden rows and columns, sheet name → its cells
    holding an error value) from a BIFF8 Workbook stream: FORMAT and XF records give each cell
    style's number format, NUMBER/RK/MULRK/FORMULA records the style of each numeric cell, ROW
    and COLINFO records what is hidden, FORMULA and BOOLERR records the errors. Older BIFF
    versions give nothing."""
    records = _records(book, 0)
    first = next(records, None)
    if first is None or first[0] != 0x0809 or struct.unpack_from("<H", first[1])[0] != 0x0600:
        return {}, False, {}, {}, {}
    codes: dict[int, str] = {}
    xf_formats: list[int] = []
    sheets: list[tuple[str, int]] = []
    for kind, body in records:
        if kind == 0x002F:                                   # FILEPASS: the workbook is encrypted
            return {}, True, {}, {}, {}
        if kind == 0x041E:                                   # FORMAT
            codes[struct.unpack_from("<H", body)[0]] = _unicode_string(body, 2, wide_count=True)
        elif kind == 0x00E0:                                 # XF
            xf_formats.append(struct.unpack_from("<H", body, 2)[0])
        elif kind == 0x0085:                                 # BOUNDSHEET
            sheets.append((_unicode_string(body, 6, wide_count=False), struct.unpack_from("<I", body)[0]))
        elif kind == 0x000A:                                 # EOF of the globals
            break
    fixed_by_xf = [format_places(codes[f]) if f in codes else BUILTIN_FORMATS.get(f) for f in xf_formats]
    out, areas, hidden, unread = {}, {}, {}, {}
    for name, offset in sheets:
        found, errors = {}, Formulas()
        rows, cols = [1 << 30, -1], [1 << 30, -1]
        hidden_rows, hidden_cols = set(), set()
        boxes = XlsBoxes()
        for kind, body in _records(book, offset):
            boxes.record(kind, body)
            cells = []
            if kind == 0x0208 and len(body) >= 16 and struct.unpack_from("<H", body, 12)[0] & 0x20:
                hidden_rows.add(struct.unpack_from("<H", body)[0])       # ROW, fDyZero
            elif kind == 0x007D and len(body) >= 10 and struct.unpack_from("<H", body, 8)[0] & 1:
                lo, hi = struct.unpack_from("<HH", body)                 # COLINFO, fHidden
                hidden_cols.update(range(lo, min(hi, 255) + 1))
            if kind in (0x0203, 0x027E) or (kind == 0x0006 and body[12:14] != b"\xff\xff"):
                cells = [struct.unpack_from("<HHH", body)]   # NUMBER, RK, numeric FORMULA
            elif kind == 0x00BD:                             # MULRK: one style per column
                row, start = struct.unpack_from("<HH", body)
                cells = [(row, start + i, struct.unpack_from("<H", body, 4 + 6 * i)[0])
                         for i in range((len(body) - 6) // 6)]
            elif kind == 0x00BE and len(body) >= 6:            # MULBLANK: first and last column
                row, start = struct.unpack_from("<HH", body)
                cells = [(row, start, 0xFFFF), (row, struct.unpack_from("<H", body, len(body) - 2)[0], 0xFFFF)]
            elif kind in CELL_RECORDS and len(body) >= 4:
                row, col = struct.unpack_from("<HH", body)
                cells = [(row, col, 0xFFFF)]
            elif kind == 0x000A:
                break
            error = xls_error(kind, body)
            if error is not None:
                row, col = struct.unpack_from("<HH", body)
                errors.errors.append((row, col, f"{column_letters(col)}{row + 1}", error))
            for row, col, xf in cells:
                rows[0], rows[1], cols[0], cols[1] = min(rows[0], row), max(rows[1], row), min(cols[0], col), max(cols[1], col)
                if xf < len(fixed_by_xf) and fixed_by_xf[xf] is not None:
                    found[(row, col)] = fixed_by_xf[xf]
        out[name] = found
        areas[name] = (rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1) if rows[1] >= 0 else 0
        hidden[name] = (hidden_rows, hidden_cols)
        errors.boxes, errors.pictures = boxes.texts, boxes.pictures()
        if errors:
            unread[name] = errors
    return out, False, areas, hidden, unread


PRINT_AREA_NAMES = ("\x06", "_xlnm.Print_Area")      # the built-in name's code, and its name written out
PRINT_TITLES_NAMES = ("\x07", "_xlnm.Print_Titles")
AREA_3D = (0x3B, 0x5B, 0x7B)                         # ptgArea3d (reference, value, array class)


def xls_print_setup(book: bytes) -> tuple[dict[str, list[Area]], dict[str, list[str]]]:
    """(sheet name → its print area, sheet name → its page header's texts) of a BIFF8 workbook:
    the NAME records among its globals, each sheet's HEADER record (among the page settings
    before its cells, DIMENSIONS)."""
    sheets, found, titles = [], {}, {}
    for kind, body in _records(book, 0):
        if kind == 0x0085:                                   # BOUNDSHEET
            sheets.append((_unicode_string(body, 6, wide_count=False), struct.unpack_from("<I", body)[0]))
        elif kind == 0x0018 and (area := xls_print_area(body)):     # NAME
            (titles if area[2] else found).setdefault(area[0], area[1])
        elif kind == 0x000A:                                 # EOF of the globals
            break
    heads = {}
    for name, offset in sheets:
        for kind, body in _records(book, offset):
            if kind == 0x0014 and len(body) >= 3:            # HEADER
                heads[name] = header_parts(_unicode_string(body, 0, wide_count=True), name)
            if kind in (0x0014, 0x0200, 0x000A):             # (DIMENSIONS: the cells begin)
                break
    return {sheets[n - 1][0]: with_titles(area, titles.get(n, [])) for n, area in found.items()
            if 0 < n <= len(sheets)}, heads


def xls_print_area(body: bytes) -> tuple[int, list[Area], bool] | None:
    """(the sheet's 1-based index, its rectangles, whether they are print titles) of a NAME
    record naming a sheet's print area or titles ([MS-XLS] 2.4.150: its formula a ptgArea3d,
    or several joined by ptgMemFunc … ptgUnion)."""
    if len(body) < 15:
        return None
    count, size, sheet = body[3], struct.unpack_from("<H", body, 4)[0], struct.unpack_from("<H", body, 8)[0]
    wide = body[14] & 1
    end = 15 + count * (2 if wide else 1)
    name = body[15:end].decode("utf-16-le" if wide else "latin-1", errors="replace")
    if sheet == 0 or name not in PRINT_AREA_NAMES + PRINT_TITLES_NAMES:
        return None
    areas, pos, formula_end = [], end, min(end + size, len(body))
    while pos < formula_end:
        token = body[pos]
        if token in AREA_3D and pos + 11 <= formula_end:
            r0, r1, c0, c1 = struct.unpack_from("<HHHH", body, pos + 3)
            areas.append((r0, c0 & 0x3FFF, r1, c1 & 0x3FFF))
            pos += 11
        elif token in (0x29, 0x49, 0x69):            # ptgMemFunc: the size of what follows
            pos += 3
        elif token == 0x10:                          # ptgUnion
            pos += 1
        else:
            return None                              # another formula: not a plain print area
    return (sheet, areas, name in PRINT_TITLES_NAMES) if areas else None


class XlsBoxes:
    """The text of the text boxes drawn over an .xls sheet, from its records as [MS-XLS] lays
    them out (xlrd reads cell notes so): an OBJ record's ftCmo gives the object's type, a TXO
    record (cchText at offset 10) the length of its text, which the CONTINUE records after it
    hold, each opening with a flag byte (1: UTF-16LE, 0: one byte a character). A cell note
    (OBJ type 0x19) is not printed and not told, as the .xlsx reader does not tell comments.
    Picture objects (OBJ type 0x08) are kept with the anchor the drawing record before gave
    them (client_anchor): pictures() leaves out those smaller than MIN_PICTURE, as for .xlsx."""

    NOTE, PICTURE = 0x19, 0x08

    def __init__(self):
        self.texts: list[str] = []
        self.placed: list[tuple[int, ...] | None] = []   # one per picture object: its anchor, if given
        self.anchor: tuple[int, ...] | None = None        # the last drawing record's anchor
        self.sizes = XlsSizes()
        self.kind: int | None = None         # the type of the object the last OBJ record drew
        self.left = 0                       # characters of a TXO's text still to come
        self.parts: list[str] = []

    def pictures(self) -> list[str]:
        """The cell each picture at least MIN_PICTURE large starts at ('（图片）' where its
        drawing gives no anchor: counted, as a picture of unknown size is for .xlsx)."""
        out = []
        for anchor in self.placed:
            if anchor is None:
                out.append("（图片）")
            elif self.sizes.large(anchor):
                out.append(f"{column_letters(anchor[0])}{anchor[2] + 1}")
        return out

    def record(self, kind: int, body: bytes) -> None:
        self.sizes.record(kind, body)
        if kind == 0x00EC:                                                   # MSODRAWING
            self.anchor = client_anchor(body)
        elif kind == 0x005D and body[:2] == b"\x15\x00" and len(body) >= 6:    # OBJ, its ftCmo first
            self.kind = struct.unpack_from("<H", body, 4)[0]
            if self.kind == self.PICTURE:
                self.placed.append(self.anchor)
            self.anchor = None
        elif kind == 0x01B6 and len(body) >= 12:                             # TXO
            self.left, self.parts = struct.unpack_from("<H", body, 10)[0], []
            if self.kind == self.NOTE:
                self.left = -self.left       # a note's text: its CONTINUE records are passed over
        elif kind == 0x003C and self.left and body:                          # CONTINUE
            wide = body[0] & 1
            text = body[1:].decode("utf-16-le" if wide else "latin-1", errors="replace")
            count = len(text)
            if self.left > 0:
                self.parts.append(text[:self.left])
                self.left = max(0, self.left - count)
                if not self.left:
                    self.done()
            else:
                self.left = min(0, self.left + count)
        elif kind != 0x003C and self.left:
            self.left = 0                   # the text cut short: what came is kept
            self.done()

    def done(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            self.texts.append(text)
        self.parts = []


def client_anchor(drawing: bytes) -> tuple[int, ...] | None:
    """The last OfficeArtClientAnchorSheet ([MS-XLS] 2.5.193) of an MSODRAWING record's
    OfficeArt records ([MS-ODRAW]; a container's records follow its header): (first column, its
    offset in 1/1024 of the column's width, first row, its offset in 1/256 of the row's height,
    last column, offset, last row, offset), or None."""
    pos, found = 0, None
    while pos + 8 <= len(drawing):
        version, kind, length = struct.unpack_from("<HHI", drawing, pos)
        if version & 0xF == 0xF:
            pos += 8                          # a container: its records are read in turn
            continue
        if kind == 0xF010 and length >= 18 and pos + 26 <= len(drawing):
            anchor = struct.unpack_from("<8H", drawing, pos + 10)
            if anchor[0] <= anchor[4] <= 255 and anchor[2] <= anchor[6]:
                found = anchor
        pos += 8 + length
    return found


CHAR_PX, PADDING_PX = 7, 5       # a character of the default font (Arial 10, Calibri 11, 宋体 11) and a
                                 # column's padding, in pixels at 96 dpi: a column DEFCOLWIDTH 8 wide is 61
EMU_PER_PX, EMU_PER_TWIP = 9525, 635


class XlsSizes:
    """The widths of an .xls sheet's columns (DEFCOLWIDTH, COLINFO) and the heights of its rows
    (DEFAULTROWHEIGHT, ROW), to size a picture by its anchor as Excel draws it."""

    def __init__(self):
        self.width: dict[int, float] = {}         # column → pixels
        self.height: dict[int, int] = {}          # row → twips
        self.default_width, self.default_height = 8 * CHAR_PX + PADDING_PX, 255

    def record(self, kind: int, body: bytes) -> None:
        if kind == 0x0055 and len(body) >= 2:                                # DEFCOLWIDTH, in characters
            self.default_width = struct.unpack_from("<H", body)[0] * CHAR_PX + PADDING_PX
        elif kind == 0x007D and len(body) >= 10:                             # COLINFO, 1/256 characters
            lo, hi, width, _, flags = struct.unpack_from("<HHHHH", body)
            for c in range(lo, min(hi, 255) + 1):
                self.width[c] = 0 if flags & 1 else width / 256 * CHAR_PX
        elif kind == 0x0225 and len(body) >= 4:                              # DEFAULTROWHEIGHT, twips
            flags, height = struct.unpack_from("<HH", body)
            self.default_height = 0 if flags & 2 else height
        elif kind == 0x0208 and len(body) >= 16:                             # ROW
            row, height = struct.unpack_from("<H", body)[0], struct.unpack_from("<H", body, 6)[0] & 0x7FFF
            self.height[row] = 0 if struct.unpack_from("<H", body, 12)[0] & 0x20 else height

    def large(self, anchor: tuple[int, ...]) -> bool:
        """A picture so anchored is at least MIN_PICTURE large."""
        c0, dx0, r0, dy0, c1, dx1, r1, dy1 = anchor

        def col(c: int) -> float:
            return self.width.get(c, self.default_width) * EMU_PER_PX

        def row(r: int) -> float:
            return self.height.get(r, self.default_height) * EMU_PER_TWIP
        return (_extent(col, c0, min(dx0, 1024) / 1024, c1, min(dx1, 1024) / 1024, MIN_PICTURE[0])
                and _extent(row, r0, min(dy0, 256) / 256, r1, min(dy1, 256) / 256, MIN_PICTURE[1]))


def _extent(size, first: int, into_first: float, last: int, into_last: float, enough: float) -> bool:
    """From `into_first` of cell `first` to `into_last` of cell `last` is at least `enough`
    (cells counted until it is: an anchor may span 65 536 rows)."""
    total = -size(first) * into_first
    for i in range(first, last):
        total += size(i)
        if total >= enough:
            return True
    return total + size(last) * into_last >= enough


XLS_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
              0x2A: "#N/A"}


def xls_error(kind: int, body: bytes) -> str | None:
    """The error a FORMULA record's stored result or a BOOLERR record holds, if any."""
    if kind == 0x0006 and len(body) >= 14 and body[12:14] == b"\xff\xff" and body[6] == 2:
        return XLS_ERRORS.get(body[8], "错误")
    if kind == 0x0205 and len(body) >= 8 and body[7] == 1:
        return XLS_ERRORS.get(body[6], "错误")
    return None


CELL_RECORDS = {0x00FD, 0x0204, 0x0205, 0x0201, 0x00D6, 0x0006}   # LABELSST LABEL BOOLERR BLANK RSTRING FORMULA


def _records(book: bytes, pos: int):
    while pos + 4 <= len(book):
        kind, length = struct.unpack_from("<HH", book, pos)
        yield kind, book[pos + 4:pos + 4 + length]
        pos += 4 + length


def _unicode_string(body: bytes, pos: int, wide_count: bool) -> str:
    """An XLUnicodeString (16-bit count) or ShortXLUnicodeString (8-bit count) at pos."""
    if wide_count:
        count, flags = struct.unpack_from("<HB", body, pos)
        pos += 3
    else:
        count, flags = struct.unpack_from("<BB", body, pos)
        pos += 2
    pos += (2 if flags & 0x08 else 0) + (4 if flags & 0x04 else 0)     # rich-text runs, extended data
    if flags & 0x01:
        return body[pos:pos + 2 * count].decode("utf-16-le", errors="replace")
    return body[pos:pos + count].decode("latin-1")
