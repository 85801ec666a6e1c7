"""Map every printed header text of a table to the template: column, group or row-label header.

Conversions cut header cells apart (plain text wraps a cell over lines, markdown shifts
spanned cells), so the header is read as one run of text from which every known header
string is removed, longest first; what is left is unmapped (or OCR noise) and reported.
"""

from __future__ import annotations

import itertools
import re

from ..model import PrintedTable
from ..templates import TableSpec, per_spec
from ..text import match_key, memoised
from .rows import EMPTY_SAYS

YEAR = re.compile(r"20\d\d年度?")          # '2024年“三公”经费预算数': the year is not header text
# '本年预算数' beside '上年预算数': this year named so before a known header is no header text either
THIS_YEAR_WORDS = frozenset({"本年", "本年度"})
# a unit in brackets in a header cell, as 合计（元）or 金额（单位：万元）, or as match_key writes
# them (合计(元), 金额(单位万元)): the table's unit (header_unit), no header text of a column
UNIT = re.compile(r"[（(]\s*(?:单位\s*[:：]?\s*)?(?:人民币)?(万元|千元|元)\s*[)）]")

# Headers of the row-label columns, common to the templates.
LABEL_HEADERS = ["功能分类科目编码", "功能分类科目名称", "经济分类科目编码", "经济分类科目名称", "科目编码", "科目名称",
                 "项目名称", "功能分类", "科目", "项目", "类", "款", "项", "※", "收入", "支出", "预算数",
                 "“三公”经费支出内容", "资金来源", "财政拨款收入", "财政拨款支出", "支出预算",
                 "部门经济分类科目名称", "部门预算经济分类科目编码", "功能科目代码", "功能科目名称",
                 "行次", "行号", "栏次", "合计", "总计"]


_HEADER_STRINGS: dict[int, tuple[TableSpec, list[str]]] = {}


def header_strings(spec: TableSpec) -> list[str]:
    """Every header string a table of this spec may print, as match keys, longest first.

    Computed once per spec (per_spec)."""
    return per_spec(_HEADER_STRINGS, id(spec), spec, lambda: _header_strings(spec))


def _header_strings(spec: TableSpec) -> list[str]:
    strings = set(LABEL_HEADERS)
    for _, col in spec.all_columns():
        strings.update([col.label, *col.aliases, *col.path])
    for side in spec.sides.values():
        strings.update(side.headers)
    strings.update(spec.header_groups)
    strings.update(spec.label_headers)
    strings.update(spec.left_out)
    return sorted({match_key(s) for s in strings}, key=lambda k: (-len(k), k))   # ties in a fixed order: same output under every hash seed


def left_out(spec: TableSpec, text: str) -> bool:
    """A header or row label naming a figure the template leaves out (增减率, 增减率(%)): derived
    from the table's amounts, it is not read and not said unread."""
    if not spec.left_out:
        return False
    key = match_key(text)
    return any(key.startswith(match_key(s)) for s in spec.left_out)


def unmapped_header(table: PrintedTable, spec: TableSpec) -> list[str]:
    """The header text no template string accounts for, as fragments (empty: all mapped)."""
    return unmapped_cells([row.cells for row in table.header], spec)


def unmapped_cells(header: list[list[str]], spec: TableSpec) -> list[str]:
    """unmapped_header of the header rows' cells: what is left of each cell (a cell's text, or
    the part of it no string accounts for), never text run together from cells side by side
    (小计 | 人员经费 | 公用经费 left over are three, not one "小计人员经费公用经费")."""
    # (asked of one header up to three times: choosing the layout, reading the grid's columns
    # by it, and for the table's own list; each removes every known string from it)
    return list(_unmapped(tuple(map(tuple, header)), _Same(spec)))


class _Same:
    """A spec as a memo key: the same object (the key keeps it, so its id is not reused)."""

    __slots__ = ("spec",)

    def __init__(self, spec: TableSpec):
        self.spec = spec

    def __hash__(self) -> int:
        return id(self.spec)

    def __eq__(self, other) -> bool:
        return self.spec is other.spec


@memoised
def _unmapped(header: tuple[tuple[str, ...], ...], same: _Same) -> tuple[str, ...]:
    return tuple(_unmapped_of(header, same.spec))


def _unmapped_of(header, spec: TableSpec) -> list[str]:
    """unmapped_cells, computed."""
    text = "".join(["".join(map(match_key, cells)) for cells in header])
    empty_note = "空" in text or "无" in text or "没" in text
    if empty_note:
        # an empty table's note ("注：本部门无…支出，此表为空。") read as its header: the whole cell
        text = "".join(["".join(match_key(c) for c in cells if not EMPTY_SAYS.search(c)) for cells in header])
    whole = _bare(text)
    left = whole
    # (only strings the whole text holds: blanking leaves no new place for one, so the others
    # are told in one pass, without a replace each)
    for s in [s for s in header_strings(spec) if s and s in whole]:
        left = left.replace(s, "\x00" * len(s))     # (as long as s: each place stays its cell's)
    fragments = [frag for frag in left.split("\x00") if frag and frag not in THIS_YEAR_WORDS]
    if not fragments:          # (most headers: nothing to cut by cell)
        return fragments
    return _by_cell(header, whole, left, empty_note) or fragments


# a known header string this short is a word's ending or beginning (支出 of 工资福利支出, 收入,
# 项目): taken out of a cell, it leaves the rest of an unknown word, which is named whole
WORD_PART = 2


def as_printed(header: list[list[str]], fragments: list[str], spec: TableSpec) -> list[str]:
    """The unmapped fragments as the header prints them, each once: a fragment is what is left
    of a cell once known strings are taken out of it, 工资福利 of 工资福利支出 (支出 is a known
    header string); where only such short strings (WORD_PART) were taken out of its cell, the
    cell is named as printed. A fragment beside a longer known string (一、 of 一、财政拨款收入: the
    column is known) or run over cells is named as it is."""
    strings = header_strings(spec)
    cells = []
    for row in header:
        for cell in filter(str.strip, row):
            key = left = _bare(match_key(cell))
            taken = [s for s in strings if s and s in key]
            for s in taken:
                left = left.replace(s, "\x00")
            if taken and all(len(s) <= WORD_PART for s in taken):
                cells.append((left.split("\x00"), cell.strip()))
    out: list[str] = []
    for frag in fragments:
        printed = next((text for left, text in cells if frag in left), frag)
        if printed not in out:
            out.append(printed)
    return out


def holds_unmapped(path: str, fragments: list[str]) -> bool:
    """A header path ("本年预算/一般性支出") holds text unmapped_cells left unexplained."""
    return any(f in key for key in map(_bare, map(match_key, path.split("/"))) for f in fragments)


def header_unit(header: list[tuple[int, list[str]]]) -> str | None:
    """The unit the header's cells print (合计（元）, 预算数(万元)) where the table prints no
    单位 line: one unit named, never two. Before, such a table was read in the template's unit
    (万元), its 元 amounts ten thousand times too large."""
    # (UNIT names a unit ending in 元: a cell without one is not searched)
    units = {m.group(1) for _, cells in header for cell in cells if "元" in cell for m in UNIT.finditer(cell)}
    return units.pop() if len(units) == 1 else None


def _bare(text: str) -> str:
    """Header text without years, units in brackets (合计(元): the table's unit, read by
    header_unit) and column numbers 1 2 3 … (char by char, in C)."""
    if "元)" in text:
        text = UNIT.sub("", text)
    return "".join(itertools.filterfalse(str.isdigit, YEAR.sub("", text)))


def _by_cell(header: list[list[str]], whole: str, left: str, empty_note: bool) -> list[str]:
    """What is left of the header text (`left`: `whole` with the strings' places blanked),
    cut where one cell's text ends and the next's begins; empty where the cells' texts, each
    taken alone, do not make up the whole (a year printed over two cells): the caller keeps
    its runs as they are."""
    keys = [_bare(match_key(c)) for cells in header for c in cells if not (empty_note and EMPTY_SAYS.search(c))]
    if "".join(keys) != whole:
        return []
    out, at = [], 0
    for key in keys:
        out.extend(frag for frag in left[at:at + len(key)].split("\x00") if frag and frag not in THIS_YEAR_WORDS)
        at += len(key)
    return out


_SIDED: dict[tuple, tuple[TableSpec, TableSpec]] = {}


def with_printed_sides(spec: TableSpec, lines: list) -> TableSpec:
    """A side-by-side table whose sides' headers are printed after the same words, the money
    the table counts (财政拨款收入 | 财政拨款支出, 本年收入 | 本年支出), where its template names
    them without (收入 | 支出): the spec with those headers too, so that each is read as its
    side's and not as a group over columns of both sides. The spec itself when the header
    prints no such pair (a word before one side's header only, 基本支出, is a column's)."""
    if spec.layout != "side_by_side" or len(spec.sides) < 2:
        return spec                     # (most tables: before the imports, asked per table)
    from .geometry import side_headers
    from .rows import is_amount_cell

    printed: dict[str, str] = {}                    # match key → the header as printed
    for ln in lines[1:]:
        cells = ln.cells if ln.cells is not None else ln.text.split()
        if any(is_amount_cell(c) for c in cells):
            break                                   # the header ends above the first amount
        printed.update((match_key(c), c.strip()) for c in cells if c.strip())
    heads = {name: [match_key(h) for h in side_headers(spec, name)] for name in spec.sides}
    extra: dict[str, set[str]] = {}
    for a, b in itertools.permutations(spec.sides, 2):
        # (the other side's headers are tried only after a word with words before side a's)
        for word, ha in itertools.product(printed, heads[a]):
            lead = word[:-len(ha)] if ha and word.endswith(ha) else ""
            if not lead:
                continue
            for hb in heads[b]:
                if lead + hb in printed:
                    extra.setdefault(a, set()).add(printed[word])
                    extra.setdefault(b, set()).add(printed[lead + hb])
    if not extra:
        return spec
    memo = (id(spec), tuple(sorted((k, tuple(sorted(v))) for k, v in extra.items())))
    found = _SIDED.get(memo)
    if found is not None and found[0] is spec:
        return found[1]
    sides = {name: side.model_copy(update={"headers": [*side_headers(spec, name), *sorted(extra.get(name, ()))]})
             for name, side in spec.sides.items()}
    sided = spec.model_copy(update={"sides": sides})
    _SIDED[memo] = (spec, sided)           # (the spec kept: its id is never another's)
    return sided
