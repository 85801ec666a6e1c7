"""Import the official 政府收支分类科目 list a finance bureau holds as an Excel workbook.

Layouts seen in such workbooks:
- one code column (科目编码) and one name column (科目名称);
- separate 类 / 款 / 项 columns under a merged 科目编码 header, where a child row
  prints only its own two digits (款 `01`) and inherits the class from the rows above;
- title rows above the header, merged cells, codes stored as numbers (2010301.0).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..text import squeeze
from .registry import (
    CLASSIFICATION_LABELS, ECONOMIC, FUNCTION, OFFICIAL_COLUMNS, CodeEntry, classify_code, clear_cache, level_of,
    normalize_classification, normalize_code, user_dir, write_rows,
)

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# The first bytes of a zip (xlsx, ods) or OLE2 (xls) file: a renamed text file must not
# pass, but an .xlsx saved under an .xls name (common on bureau sites) may.
MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
TITLE_SCAN = 30            # rows above the header that may name the list
HEADER_ROWS = 4            # a header is at most this many rows deep
SPLIT_HEADERS = ("类", "款", "项")
CODE_IN_NAME = re.compile(r"^\s*[\[【(（]?\s*(\d{3}(?:\s?\d{2}){0,2})(?!\d)\s*[\]】)）]?\s*(\S.*)$")


class CodeImportError(ValueError):
    """The file cannot be read as an official code list (message in Chinese)."""


def import_official(path: str | Path, year: int, classification: str | None = None,
                    target: Path | None = None) -> list[CodeEntry]:
    """Read the workbook, write one data file per classification for `year`, return the entries."""
    path = Path(path)
    wanted = normalize_classification(classification) if classification else None
    found: dict[tuple[str, str], list[str]] = {}
    for title, grid in read_workbook(path):
        for kind, code, name in sheet_codes(title, grid):
            if wanted in (None, kind):
                names = found.setdefault((kind, code), [])
                if name not in names:
                    names.append(name)
    if not found:
        what = CLASSIFICATION_LABELS[wanted] if wanted else "支出功能分类或部门预算支出经济分类"
        raise CodeImportError(f"{path.name} 中未找到{what}科目编码（应有“科目编码”“科目名称”列，或“类/款/项”列）")
    entries = [CodeEntry(code=code, classification=kind, level=level_of(code) or "",
                         name=names[0], names=tuple(names), years=(year,))
               for (kind, code), names in sorted(found.items())]
    write_entries(entries, year, target or user_dir())
    return entries


def output_path(directory: Path, year: int, classification: str) -> Path:
    return directory / f"{year}-official-{classification}.csv"


def write_entries(entries: list[CodeEntry], year: int, directory: Path) -> None:
    for kind in (FUNCTION, ECONOMIC):
        rows = [{"code": e.code, "classification": kind, "level": e.level, "name": e.name,
                 "years": str(year), "aliases": ";".join(e.names[1:]), "complete": "1"}
                for e in entries if e.classification == kind]
        if rows:
            target = output_path(directory, year, kind)
            try:
                write_rows(target, rows, OFFICIAL_COLUMNS)
            except OSError as exc:
                raise CodeImportError(f"无法写入 {target}：{exc.strerror or exc}（可用环境变量 BUDGETLENS_HOME 指定其他目录）") from exc
    clear_cache()   # the next load_registry() must see the new file


# -- reading the workbook ------------------------------------------------------------

def read_workbook(path: Path) -> list[tuple[str, list[list[object]]]]:
    """Every sheet as (title, grid) with merged cells filled in."""
    check_file(path)
    from python_calamine import CalamineWorkbook
    try:
        with path.open("rb") as fh:   # from_filelike goes by the content, not the suffix
            book = CalamineWorkbook.from_filelike(fh)
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            grid = [list(row) for row in sheet.to_python(skip_empty_area=False)]
            fill_merged(grid, sheet.merged_cell_ranges or [])
            sheets.append((name, grid))
        return sheets
    except Exception as exc:  # calamine raises its own error types for every broken file
        raise CodeImportError(f"无法读取 {path.name}：文件已损坏或不是有效的 Excel 工作簿（{exc}）") from exc


def check_file(path: Path) -> None:
    if not path.exists():
        raise CodeImportError(f"文件不存在：{path}")
    if not path.is_file():
        raise CodeImportError(f"{path} 不是文件")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CodeImportError(f"{path.name} 不是 Excel 工作簿：只能导入 .xlsx、.xls、.xlsm 或 .ods 文件")
    try:
        head = path.read_bytes()[:4]
    except OSError as exc:
        raise CodeImportError(f"无法读取 {path.name}：{exc.strerror or exc}") from exc
    if head not in MAGIC:
        raise CodeImportError(f"{path.name} 的内容不是 Excel 工作簿（可能是改了扩展名的文本、HTML 或 PDF 文件）")


def fill_merged(grid: list[list[object]], ranges) -> None:
    """Copy a merged cell's value into every cell it covers (a merged 类 spans its rows)."""
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                grid[r][c] = value


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return squeeze(str(value))


def digits(value: object) -> str:
    """The digits of a code cell, or "" when the cell is not a code."""
    code = normalize_code(cell_text(value))
    return code if code.isdigit() and len(code) <= 7 else ""


# -- finding the columns ---------------------------------------------------------------

def sheet_codes(title: str, grid: list[list[object]]):
    """(classification, code, name) for every code row of one sheet."""
    start = first_code_row(grid)
    if start is None:
        return
    hint = classification_hint(title, grid[max(0, start - TITLE_SCAN):start])
    columns = find_columns(header_rows(grid, start), grid[start:])
    context: dict[int, str] = {}
    for row in grid[start:]:
        code, name = row_code(row, columns, context)
        kind = classify_code(code) if code else None
        if kind and name and hint in (None, kind):
            remember(context, code)
            yield kind, code, name


def remember(context: dict[int, str], code: str) -> None:
    """The latest code of each length; a new class forgets the old class's 款."""
    context[len(code)] = code
    for longer in [k for k in context if k > len(code)]:
        del context[longer]


def first_code_row(grid: list[list[object]]) -> int | None:
    for index, row in enumerate(grid):
        if any(classify_code(digits(v)) for v in row if digits(v)):
            return index
        if any(CODE_IN_NAME.match(cell_text(v)) and classify_code(CODE_IN_NAME.match(cell_text(v))[1])
               for v in row):
            return index
    return None


def header_rows(grid: list[list[object]], start: int) -> list[list[object]]:
    """The rows right above the first code row, without title rows.

    A title (or a unit line) holds one text, merged across the width or not; a
    title such as "科目名称表" must not turn its column into the name column.
    """
    rows = []
    for row in reversed(grid[max(0, start - HEADER_ROWS):start]):
        texts = [cell_text(v) for v in row if cell_text(v)]
        if not texts:
            break
        if len(set(texts)) > 1:   # a header row names at least two things
            rows.insert(0, row)
    return rows


def classification_hint(title: str, header: list[list[object]]) -> str | None:
    """The sheet name or its title rows may say which list this is."""
    text = title + "".join(cell_text(v) for row in header for v in row)
    economic, function = "经济分类" in text, "功能分类" in text
    if economic != function:
        return ECONOMIC if economic else FUNCTION
    return None


def find_columns(header: list[list[object]], body: list[list[object]]) -> dict:
    """Column roles: `name`, and either `code` or the `split` 类/款/项 columns."""
    width = max((len(r) for r in header + body), default=0)
    labels = [[cell_text(r[c]) if c < len(r) else "" for r in header] for c in range(width)]
    split = {}
    for c, cells in enumerate(labels):
        for level in SPLIT_HEADERS:
            if level in cells and level not in split:
                split[level] = c
    name = next((c for c, cells in enumerate(labels) if any("名称" in t for t in cells)), None)
    if name is None:
        name = most_text_column(body, width)
    if len(split) >= 2:
        return {"split": split, "name": name}
    code = next((c for c, cells in enumerate(labels)
                 if c != name and any(k in t for t in cells for k in ("编码", "代码", "编号"))), None)
    if code is None:
        code = most_code_column(body, width)
    return {"code": code, "name": name}


def most_code_column(body, width) -> int | None:
    counts = [sum(1 for r in body if c < len(r) and classify_code(digits(r[c]))) for c in range(width)]
    return counts.index(max(counts)) if counts and max(counts) else None


def most_text_column(body, width) -> int | None:
    counts = [sum(1 for r in body if c < len(r) and cell_text(r[c]) and not digits(r[c]))
              for c in range(width)]
    return counts.index(max(counts)) if counts and max(counts) else None


# -- reading one row -----------------------------------------------------------------

def row_code(row: list[object], columns: dict, context: dict[int, str]) -> tuple[str, str]:
    cell = lambda c: row[c] if c is not None and c < len(row) else None  # noqa: E731
    name = clean_name(cell_text(cell(columns["name"])))
    if "split" in columns:
        code = split_code([digits(cell(columns["split"].get(k))) for k in SPLIT_HEADERS], context)
    else:
        code = digits(cell(columns["code"]))
    if not code:
        # Some lists print "201 一般公共服务支出" or "[201]一般公共服务支出" in one cell.
        match = CODE_IN_NAME.match(name)
        if match:
            code, name = normalize_code(match[1]), clean_name(match[2])
    return code, name


def split_code(parts: list[str], context: dict[int, str]) -> str:
    """Join 类/款/项 cells; a lone 2-digit part takes its parent from this row or the rows above."""
    # A numeric 款 cell 1.0 means "01".
    cls, kuan, xiang = parts[0], parts[1].zfill(2) if parts[1] else "", parts[2].zfill(2) if parts[2] else ""
    if len(cls) not in (0, 3, 5, 7):
        cls = ""
    for part, parent_len in ((xiang, 5), (kuan, 3)):
        if not part:
            continue
        if len(part) in (3, 5, 7):          # the full code written in this column
            return part
        if len(part) == 2:
            parent = row_parent(cls, kuan, parent_len) or context.get(parent_len, "")
            return parent + part if parent else ""
        return ""
    return cls


def row_parent(cls: str, kuan: str, parent_len: int) -> str:
    """The parent code as printed in the same row, if it is."""
    if parent_len == 3:
        return cls if len(cls) == 3 else ""
    if len(kuan) == 5:
        return kuan
    if len(kuan) == 2 and len(cls) == 3:
        return cls + kuan
    return ""


def clean_name(name: str) -> str:
    name = name.strip().removeprefix("其中：").removeprefix("其中:")
    return name.strip()
