"""Grids with cell boxes (PDF): each amount's column decided by the header printed above it.

A cell's header path is the text of every header cell whose horizontal extent covers the
cell's middle, top row first (a merged header cell covers all its sub-columns). The path is
matched against the template's columns (label or alias for the leaf, `path` for the groups
above) and, for tables printing several sides next to each other, against each side's
header. This is what "headers decide first" means for PDF: order is never used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..readers import Line
from ..templates import ColumnSpec, TableSpec
from ..text import (
    DECIMAL_FIGURE,
    HEAD_COLON,
    MARKS,
    match_key,
    memoised,
    norm_label,
    plain_decimal,
    quoted,
    signed,
)
from .rows import (
    CODE,
    HIDDEN_AMOUNT,
    ROW_NUMBER_HEADERS,
    UNREAD_HIDDEN,
    UNREAD_MISREAD,
    UNREAD_OCR,
    UNREAD_PIECES,
    own_label_keys,
)

META = re.compile(rf"^(编制(部门|单位)|部门[:：]|单位{HEAD_COLON}|金额单位)")
# Headers of the columns that label a row (not amounts).
LABEL_KEYS = {match_key(h) for h in [
    "项目", "项目名称", "科目", "科目编码", "科目名称", "科目代码", "类", "款", "项", "※",
    "功能分类科目编码", "功能分类科目名称", "功能科目代码", "功能科目名称", "功能科目编码",
    "功能分类", "经济分类", "功能分类科目", "经济分类科目", "编码",      # the same, wrapped
    "经济分类科目编码", "经济分类科目名称", "部门经济分类科目名称", "部门预算经济分类科目编码",
    "部门预算经济分类科目名称", "政府预算经济分类科目编码", "政府预算经济分类科目名称", "单位名称", "单位编码",
    "“三公”经费支出内容", "采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式"]}
# Headers of a column numbering the rows (决算 sheets: 项目 | 行次 | 金额): its cells are each
# row's number as printed, neither label nor amount.
NUMBERING_KEYS = {match_key(h) for h in ROW_NUMBER_HEADERS}
YEAR = re.compile(r"^20\d\d年度?")


@dataclass
class HeaderCell:
    key: str          # match_key of the text
    text: str
    x0: float
    x1: float
    row: int


@memoised          # (a header's words are asked for each column under them, by several readers)
def heading_key(text: str) -> str:
    """A header's text as the template's header strings are compared: a year in front
    dropped ("2024年机关运行经费预算数"), and a unit in brackets (合计（元）: the table's unit,
    headers.header_unit; before, the cell named no column and the table went to column order)."""
    key = YEAR.sub("", match_key(text))
    if "元)" in key:
        from .headers import UNIT

        key = UNIT.sub("", key)
    return key


def known_headers(spec: TableSpec) -> set[str]:
    """Every header text (match key) a table of this spec may print, row-label headers too."""
    from .headers import header_strings

    return set(header_strings(spec)) | LABEL_KEYS


def header_cells(header: list[Line]) -> list[HeaderCell]:
    cells = []
    for r, ln in enumerate(header):
        for text, box in zip(ln.cells or [], ln.cell_boxes or []):
            if box is None or not text.strip() or META.match(text.strip()):
                continue
            cells.append(HeaderCell(heading_key(text), norm_label(text), box[0], box[2], r))
    return cells


def join_wrapped_headers(cells: list[HeaderCell], spec: TableSpec) -> list[HeaderCell]:
    """A header cell whose text wrapped into the cells below it (因公出国 / （境）费, 公务用车 /
    运行维护 / 费) is one cell, when the joined text is a header the template knows."""
    from .headers import header_strings

    known = set(header_strings(spec))
    out = list(cells)
    for upper in sorted(cells, key=lambda c: c.row):
        if upper not in out:
            continue
        chain = sorted((c for c in out if c.row > upper.row and abs(c.x0 - upper.x0) < 2
                        and abs(c.x1 - upper.x1) < 2), key=lambda c: c.row)
        for k in range(len(chain), 0, -1):
            if upper.key + "".join(c.key for c in chain[:k]) in known:
                joined = HeaderCell(upper.key + "".join(c.key for c in chain[:k]),
                                    upper.text + "".join(c.text for c in chain[:k]), upper.x0, upper.x1, upper.row)
                out[out.index(upper)] = joined
                for c in chain[:k]:
                    out.remove(c)
                break
    return out


def path_at(cells: list[HeaderCell], box) -> list[HeaderCell]:
    """The header cells above a data cell, top row first (one per header row)."""
    mid = (box[0] + box[2]) / 2
    out = []
    for c in sorted(cells, key=lambda c: c.row):
        if c.x0 - 1 <= mid <= c.x1 + 1 and (not out or out[-1].row != c.row):
            out.append(c)
    return out


_COLUMN_KEYS: dict[int, tuple[ColumnSpec, frozenset[str], list[str]]] = {}


def column_keys(col: ColumnSpec) -> tuple[frozenset[str], list[str]]:
    """(the match keys of a template column's label and aliases, those of its groups).

    Made once per column: every header path of every table is scored against every column
    (templates are loaded once; the column is kept with its keys so that its id is never
    reused by another)."""
    known = _COLUMN_KEYS.get(id(col))
    if known is not None and known[0] is col:
        return known[1], known[2]
    names = frozenset([match_key(col.label), *(match_key(a) for a in col.aliases)])
    groups = [match_key(p) for p in col.path]
    _COLUMN_KEYS[id(col)] = (col, names, groups)
    return names, groups


def column_score(col: ColumnSpec, keys: list[str]) -> int:
    """How well a header path (match keys, top first) names a template column; 0: not at all."""
    if not keys:
        return 0
    names, groups = column_keys(col)
    return _leaf_score(names, groups, keys) if keys[-1] in names else 0


def _leaf_score(names: frozenset[str], groups: list[str], keys: list[str]) -> int:
    """column_score of a column whose label or an alias is the path's leaf."""
    above = keys[:-1]
    if any(g not in above for g in groups):
        # the leaf matches but a group the template names is absent: the more of its groups
        # the path prints, the more it says (财政拨款/人员经费, the level 基本支出 not printed,
        # names 财政拨款/基本支出/人员经费, not 非财政拨款/基本支出/人员经费); still under a
        # full match's score
        return 1 + sum(1 for g in groups if g in above)
    # the nearer a named group sits to the leaf, the more it says (小计 under 公务用车… vs under 三公)
    return 10 + sum(above.index(g) + 1 for g in groups)


_BY_NAME: dict[tuple[int, ...], tuple[tuple[ColumnSpec, ...], dict[str, list]]] = {}


def columns_by_name(columns: list[ColumnSpec]) -> dict[str, list[tuple[ColumnSpec, frozenset[str], list[str]]]]:
    """Each name (match key) of these columns → the columns it names, in order, with their
    keys (column_keys). Made once per list of a template's columns (keyed by the columns'
    ids, which the kept columns hold)."""
    ids = tuple(map(id, columns))
    known = _BY_NAME.get(ids)
    if known is not None:
        return known[1]
    index: dict[str, list] = {}
    for col in columns:
        names, groups = column_keys(col)
        for name in names:
            index.setdefault(name, []).append((col, names, groups))
    _BY_NAME[ids] = (tuple(columns), index)
    return index


def best_column(columns: list[ColumnSpec], keys: list[str]) -> ColumnSpec | None:
    """The one column the path names best; None when none or two equally."""
    if not keys:
        return None
    best, found, tied = 0, None, False
    by_name = columns_by_name(columns)
    # (only the columns the leaf names can score: the others score 0)
    for col, names, groups in by_name.get(keys[-1], ()):
        score = _leaf_score(names, groups, keys)
        if score > best:
            best, found, tied = score, col, False
        elif score == best:
            tied = True
    if best < 10 and len(keys) > 1 and keys[-1] in SUBTOTAL_KEYS:
        # 小计 under a group no column of the template stands under, the group itself one
        # column's name (上年结转结余 over 小计 | 财政拨款结转 | 非财政拨款结转结余): that column,
        # the group's whole, not another group's 小计 named without its group
        whole = by_name.get(keys[-2], ())
        if len(whole) == 1 and not any(keys[-2] in groups for _, _, groups in by_name.get(keys[-1], ())):
            return whole[0][0]
    return None if tied else found


THIS_YEARS = re.compile(r"^本年度?(?=.)")


def this_years_column(columns: list[ColumnSpec], keys: list[str]) -> ColumnSpec | None:
    """best_column, or where none, the column the leaf names after 本年 (本年预算数 beside
    上年预算数 on each side of a 收支总表, whose template says 预算数): before, the side's amounts
    were said read by column order (a ruled table) or beyond the header's columns (extra-cell)."""
    column = best_column(columns, keys)
    if column is None and keys and THIS_YEARS.match(keys[-1]):
        column = best_column(columns, [*keys[:-1], THIS_YEARS.sub("", keys[-1])])
    return column


def side_of(spec: TableSpec, keys: list[str]) -> str | None:
    """The side whose header the path prints (the longest header wins: 支出用途 over 支出)."""
    best, best_len = None, 0
    for name in spec.sides:
        for header in side_headers(spec, name):
            h = match_key(header)
            if h and any(k.startswith(h) or k == h for k in keys) and len(h) > best_len:
                best, best_len = name, len(h)
    return best


@dataclass
class Slot:
    """What a data cell's position means: a column of a side, or a row label."""
    side: str | None
    column: ColumnSpec | None
    label: bool                     # under a row-label header (项目, 科目名称, 类 款 项 …)
    path: str                       # the header path as printed, for messages
    numbering: bool = False         # under a 行次 header: the row's number
    part_of: ColumnSpec | None = None   # a column the template has not, printed under this one's header


def slot_of(spec: TableSpec, cells: list[HeaderCell], box) -> Slot:
    path = path_at(cells, box)
    keys = [c.key for c in path if c.key not in LABEL_KEYS or c is path[-1]]
    printed = "/".join(c.text for c in path)
    is_label = bool(path) and (path[-1].key in LABEL_KEYS or path[-1].key in own_label_keys(spec))
    if path and path[-1].key in NUMBERING_KEYS:
        side = side_of(spec, [c.key for c in path]) if spec.layout == "side_by_side" else None
        return Slot(side, None, False, printed, numbering=True)
    if spec.layout == "side_by_side":
        side = side_of(spec, [c.key for c in path])
        if side is None:
            return Slot(None, None, is_label, printed)
        return Slot(side, None if is_label else this_years_column(spec.sides[side].columns, keys), is_label, printed)
    if is_label:
        return Slot(None, None, True, printed)
    column = best_column(spec.columns, keys)
    if column is not None and keys[-1] in SUBTOTAL_KEYS and column_score(column, keys) < 10:
        # a 小计 under another column's header than the template's (项目支出 over 小计 | 商品和
        # 服务支出 …, the template's 小计 is 基本支出's): that column's figure, not the template's 小计
        above = column_above(spec.columns, keys)
        if above is not None:
            return Slot(None, above, False, printed)
    if column is not None or any(column_score(c, keys) for c in spec.columns):
        return Slot(None, column, False, printed)
    above = column_above(spec.columns, keys)
    if above is not None and keys[-1] in SUBTOTAL_KEYS:
        return Slot(None, above, False, printed)
    return Slot(None, None, False, printed, part_of=above)


# a label cell ending in its row's 行次 a space apart ("二、社会保障和就业支出 33"): pdftotext
# -layout leaves one space after a name as long as its column, so the two are one cell
LABEL_AND_NUMBER = re.compile(r"^(.*[^\d\s])\s+(\d{1,3})$")


def numbered_label(text: str, slot: Slot, hcells: list[HeaderCell]) -> tuple[str, str] | None:
    """(label, 行次) of a cell under no amount column (a label, or a label and its 行次 under
    both their headers) that ends in a lone short number, where the header prints a 行次
    column (a label never ends so: rows._row_number says the same of plain text)."""
    if slot.column is not None or not text[-1:].isdigit() or " " not in text:
        return None
    m = LABEL_AND_NUMBER.match(text.strip())
    if m is None or not any(h.key in NUMBERING_KEYS for h in hcells):
        return None
    return m[1], m[2]


# a sub-header that is the figure of the header above it (基本支出 over 小计 | 人员经费 | 公用经费)
SUBTOTAL_KEYS = {match_key(h) for h in ("小计", "合计")}


def column_above(columns: list[ColumnSpec], keys: list[str]) -> ColumnSpec | None:
    """The template column whose header stands lowest above a leaf that names none: a table
    splitting that column into parts the template does not have (基本支出 over 人员经费 |
    公用经费) prints them under it."""
    for end in range(len(keys) - 1, 0, -1):
        column = best_column(columns, keys[:end])
        if column is not None:
            return column
    return None


DEFAULT_SIDE_HEADERS = {"income": ["收入"], "expenditure": ["支出"]}


def sides_filled(cells: list[HeaderCell], spec: TableSpec) -> list[HeaderCell]:
    """The header cells of a side-by-side table with each column's side named above it. Many
    print the side over its label column only (收入 | 空 | 支出 | 空 unmerged; 收入项目 | 预算数 |
    支出项目 | 预算数): a column naming no side is the side's of the columns to its left, as each
    side prints its labels, then their amounts; where no column names a side, the second starts
    at the first label column after an amount column (项目 | 预算数 | 项目 | 预算数). A side
    printing one amount column where its template has one is that column, whatever it is
    called (预算数, 本年预算, 金额)."""
    if len(spec.sides) < 2 or not cells:
        return cells
    leaves = sorted((c for c in cells if not any(d.row > c.row and c.x0 - 1 <= (d.x0 + d.x1) / 2 <= c.x1 + 1
                                                 for d in cells)), key=lambda c: c.x0)
    named = [side_of(spec, [p.key for p in path_at(cells, (c.x0, 0, c.x1, 0))]) for c in leaves]
    sides = leaf_sides(leaves, named, list(spec.sides))
    if sides is None:
        return cells
    out = list(cells)
    for leaf, printed, side in zip(leaves, named, sides):
        if side is not None and printed is None:
            top = side_headers(spec, side)[0]
            out.append(HeaderCell(match_key(top), top, leaf.x0, leaf.x1, min(c.row for c in cells) - 1))
    return only_amount_columns(out, leaves, sides, spec)


def is_label_leaf(cell: HeaderCell) -> bool:
    return cell.key in LABEL_KEYS or any(cell.key.endswith(k) for k in LABEL_KEYS if len(k) > 1)


def leaf_sides(leaves: list[HeaderCell], named: list[str | None], names: list[str]) -> list[str] | None:
    """Each leaf column's side: as printed, else the side of the columns to its left; None
    where the header does not say (a side it names not at all, or columns left of every side
    named: a header misprinted or read apart, left to the columns' order)."""
    if not any(named):
        if not is_label_leaf(leaves[0]):
            return None
        cut = next((i for i in range(1, len(leaves)) if is_label_leaf(leaves[i]) and not is_label_leaf(leaves[i - 1])),
                   None)
        return None if cut is None else [names[0]] * cut + [names[1]] * (len(leaves) - cut)
    if named[0] is None or not set(names[:2]) <= set(named):
        return None
    out, current = [], named[0]
    for side in named:
        current = side or current
        out.append(current)
    return out


def only_amount_columns(cells: list[HeaderCell], leaves: list[HeaderCell], sides: list[str],
                        spec: TableSpec) -> list[HeaderCell]:
    """The cells with the header of a side's one amount column read as its template's one column."""
    for side in set(sides):
        columns = spec.sides[side].columns
        amounts = [leaf for leaf, s in zip(leaves, sides) if s == side and not is_label_leaf(leaf)
                   and leaf.key not in NUMBERING_KEYS]
        if len(columns) != 1 or len(amounts) != 1 or amounts[0].key in column_keys(columns[0])[0]:
            continue
        leaf = amounts[0]
        cells = [replace(c, key=match_key(columns[0].label)) if c is leaf else c for c in cells]
    return cells


def side_headers(spec: TableSpec, name: str) -> list[str]:
    return spec.sides[name].headers or DEFAULT_SIDE_HEADERS.get(name, [])


# ---- rows -----------------------------------------------------------------------------------

def boxed_rows(lines: list[Line], spec: TableSpec, wrap: Wrap | None = None, drawn: bool = False):
    """BlockRows for a grid whose cells have boxes; a message instead when a printed amount
    sits under a header the template does not name (the caller then reads by order and says so).
    wrap: where the rest of a label's text may be printed (side-by-side tables). drawn: the
    boxes are a PDF's ruled grid, each page's own (a page without the header may be drawn with
    columns of its own: page_header); layout text's pages are put on the header's columns
    before (layout.py)."""
    from .rows import (
        BlockRows,
        _grid_data_like,
        codes_from_rows_above,
        header_again,
        header_key,
        is_number_row,
        read_meta,
    )

    out = BlockRows()
    read_meta(lines, out)
    header: list[Line] = []
    header_keys: set[tuple[str, ...]] = set()
    hcells: list[HeaderCell] = []
    header_columns: set[str] = set()                     # printed_columns of hcells
    data_started, page = False, None
    batch: list[tuple[Line, list[HeaderCell]]] = []      # side-by-side tables: read side by side
    spans: dict[int, tuple[str, tuple]] = {}             # label cells merged down over later rows
    grid = [ln for ln in lines if ln.cells is not None]
    ruled: list[Line] = []                               # the lines drawn on the header's grid
    in_force = hcells                                    # the header cells the page's lines are read by
    loose = []                                           # pages drawn with columns of their own
    for ln in grid:
        cells = ln.cells
        if is_number_row(cells):
            continue
        if data_started and (again := header_again(cells, out.header)) is not None and not _grid_data_like(cells, spec):
            ln = replace(ln, cells=again)         # a header row printed again cut short: as first printed
            cells = again
        if not _grid_data_like(cells, spec) and (not data_started or header_key(cells) in header_keys
                                                 or (ln.page != page and looks_like_header(cells, spec))):
            # a page repeating its header, or the table drawn again below on the same page
            # (the new frame's columns stand where its own header puts them)
            if data_started and (ln.page != page or header_key(cells) in header_keys):
                header, data_started = [], False
                out.pages += ln.page != page
            if not data_started:
                header.append(ln)
                if META.match(next((c.strip() for c in cells if c.strip()), "")):
                    continue                              # 部门：… 单位：万元 printed inside the frame
                header_keys.add(header_key(cells))
                if len(out.header) < len(header_keys):
                    out.header.append((ln.no, [c for c in cells]))
                hcells = join_wrapped_headers(header_cells(header), spec)
                if spec.layout == "side_by_side":
                    hcells = sides_filled(hcells, spec)
                header_columns = printed_columns(spec, hcells)
                page, in_force, ruled = ln.page, hcells, list(header)
                continue
            continue
        if spec.layout == "side_by_side" and not data_started and (heads := first_row_heads(header, spec)):
            # the first row's name wrapped around its amounts' line: its head is no header
            header = header[:-len(heads)]
            hcells = sides_filled(join_wrapped_headers(header_cells(header), spec), spec)
            header_columns = printed_columns(spec, hcells)
            in_force, ruled = hcells, list(header)
            out.header = [h for h in out.header if h[0] not in {x.no for x in heads}]
            batch.extend((x, hcells) for x in heads)
        if ln.page != page and page is not None:
            out.pages += data_started
            if drawn:
                in_force = page_header(grid, ln, hcells, ruled, spec, out, loose)
                if isinstance(in_force, str):
                    return in_force
        if in_force is hcells:
            ruled.append(ln)
        data_started, page = True, ln.page
        out.printed_columns |= header_columns
        if spec.layout == "side_by_side":
            batch.append((ln, in_force))
            continue
        ln = carry_merged_labels(ln, spans)
        rows = boxed_line(ln, spec, in_force, out.warnings)
        if isinstance(rows, str):
            return rows
        out.rows.extend(rows)
    if loose:
        from .tables import open_page

        for page_cols in loose:
            if not open_page(out, page_cols, spec):
                return "续表未印表头的页面，其金额与表头的列对不上，按列的先后顺序读取金额，请核对"
    if batch:
        rows = side_rows(batch, spec, wrap or Wrap(), out.warnings)
        if isinstance(rows, str):
            return rows
        out.rows.extend(rows)
    codes_from_rows_above(out)
    return out


def first_row_heads(header: list[Line], spec: TableSpec) -> list[Line]:
    """The last lines read as a side-by-side table's header that are its first row's name, wrapped
    around the row's amounts (pdftotext -layout: "一、一般公共预算   一、一般公共服" over the
    amounts' line): words only, no header the template knows, an item opening on each (一、 …,
    1., 其中). One line or two, never the whole header."""
    known = known_headers(spec)
    heads: list[Line] = []
    for ln in reversed(header[1:][-2:]):
        texts = [t.strip() for t in ln.cells or [] if t.strip()]
        if not texts or not all(ITEM_START.match(t) and not CODE.match(t) and heading_key(t) not in known
                                and not META.match(t) and not any(ch.isdigit() for ch in t) for t in texts):
            break
        heads.insert(0, ln)
    return heads


def page_header(grid: list[Line], ln: Line, hcells: list[HeaderCell], ruled: list[Line], spec: TableSpec,
                out, loose: list) -> list[HeaderCell] | str:
    """The header cells a page that goes on without printing the header is read by: the
    header's own where the page's cells stand on the header's grid, else the header moved
    over the page's own columns in order (continuation.py; its amount columns left open in
    `loose` until the row totals decide), or why it cannot be read by the header (a message)."""
    from . import continuation as cont
    from .rows import is_number_row

    rest = [x for x in grid if x.page == ln.page and x.no >= ln.no and not is_number_row(x.cells)]
    edges = cont.rule_edges(ruled)
    if cont.on_rules(rest, edges):
        return hcells
    if spec.layout == "side_by_side":     # each side's columns onto the header's side in order
        moved = cont.side_page_columns(rest, hcells, edges, spec)
        if not isinstance(moved, str):
            out.warnings.append(cont.side_note(ln.page))
        return moved
    columns = cont.page_columns(rest, hcells, edges, spec)
    if isinstance(columns, str):
        return columns
    loose.append(columns.loose)
    out.warnings.append(cont.shifted_note(ln.page, columns))
    return columns.hcells


def looks_like_header(cells: list[str], spec: TableSpec) -> bool:
    """A row at the top of a new page that prints header words (not a wrapped label's tail)."""
    known = known_headers(spec)
    return any(match_key(c) in known for c in cells if c.strip())


def printed_columns(spec: TableSpec, hcells: list[HeaderCell]) -> set[str]:
    """Keys (side-prefixed) of the template columns the printed header shows, but a column
    printed only as its parts the template has not (split_unread)."""
    slots = [slot_of(spec, hcells, (c.x0, 0, c.x1, 0)) for c in hcells]
    keys = set()
    for c, slot in zip(hcells, slots):
        if slot.column is not None and not split_unread(hcells, slots, c, slot.column):
            keys.add(f"{slot.side}:{slot.column.key}" if slot.side else slot.column.key)
    return keys


def split_unread(hcells: list[HeaderCell], slots: list, head: HeaderCell, column) -> bool:
    """Whether the words under the head's word say its column is not printed by it: each a
    part of the column the template has not (基本支出 over 人员经费 | 公用经费, no 小计), whose
    amounts are left out and said (boxed_line), so no sum takes the column as blank; or one of
    them stands for the same column and says so itself (本年支出 over 合计 | 基本支出 | 项目支出
    takes the column under its middle). Asked of the words under it, not of its middle: a
    ruled grid's word spans the parts and its middle falls on their rule, pdftotext's or an
    unruled page's word stands over one part."""
    under = [s for c, s in zip(hcells, slots) if c.row > head.row and head.x0 - 1 <= (c.x0 + c.x1) / 2 <= head.x1 + 1]
    if not under:
        return False
    if any(s.column is not None and s.column.key == column.key for s in under):
        return True
    return all(s.column is None and s.part_of is not None and s.part_of.key == column.key for s in under)


def carry_merged_labels(ln: Line, spans: dict[int, tuple[str, tuple]]) -> Line:
    """A label cell merged down over several rows (收入预算总表's 一般公共预算资金 over its items)
    labels each of them: the covered cells of later rows get its text."""
    from dataclasses import replace

    own = [b for b in ln.cell_boxes or [] if b]
    if not own:
        return ln
    top, bottom = max(b[1] for b in own), min(b[3] for b in own)     # the row's own band
    mid = (top + bottom) / 2
    cells, boxes = list(ln.cells), list(ln.cell_boxes)
    for i, (text, box) in enumerate(zip(cells, boxes)):
        if box is not None:
            spans.pop(i, None)
            if text.strip() and box[3] > bottom + 1:
                spans[i] = (text, box)
        elif i in spans and spans[i][1][1] <= mid <= spans[i][1][3]:
            cells[i], boxes[i] = spans[i]
    return replace(ln, cells=cells, cell_boxes=boxes) if cells != ln.cells else ln


def role_at(hcells: list[HeaderCell], box) -> str | None:
    """What a label cell's column holds (rows.label_role of the lowest header over it); None
    where the cell reaches under another column's header too (合计 merged over the label
    columns), or under none."""
    from .rows import label_role

    edges = [path_at(hcells, (x, 0, x, 0)) for x in (box[0] + EDGE_INSET, box[2] - EDGE_INSET)]
    if not edges[0] or edges[0] != edges[1]:
        return None
    return label_role(edges[0][-1].text)


EDGE_INSET = 3            # points inside a cell's box: where its column's header must stand over it


# numbers a cell printed on several lines that do not join into one with certainty ("100 200")
# (a negative's marks around them: "(1,234" over "50)")
NUMBER_PIECES = re.compile(rf"[{re.escape(MARKS)}]?[\d,.]*\d[\d,.]*(?:\s+[\d,.]*\d[\d,.]*)+[)）]?")


def unsure_amount(line: int, text: str, path: str) -> tuple:
    """A warning for an amount cell whose lines may be one number or several: not read (a
    guess would be a made-up amount), and the checks do not judge its row."""
    return ("amount-unsure", f"第 {line} 行{quoted(path or '金额')}列的“{text.strip()}”在格内分成几行，"
                             "无法确定是一个金额还是几个，未读入，请对照原表核实", line)


def ocr_unsure(line: int, text: str, path: str) -> tuple:
    """A warning for a cell of a scanned table whose figure OCR read without certainty: not read
    (a guess would be a made-up amount), and the checks do not judge its row."""
    return ("amount-unsure", f"第 {line} 行{quoted(path or '金额')}列的“{text.strip()}”是扫描件 OCR 识别的，"
                             "识别结果没有把握，未读入，请对照原件核实", line)


# a decimal point OCR reads as a colon or semicolon ("5:34", "5；34"): digits, one such mark,
# two digits after it; in an amount column that shape is an amount and nothing else
POINT_MISREAD = re.compile(r"^([-(]?\d[\d,]*)[:;：；](\d{2})(\)?)$")
POINT_MARKS = frozenset(":;：；")
# a percentage where an amount belongs: "27790.00%" (a workbook's amount formatted as a percent)
PERCENT_FIGURE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*[%％]$")
# a cell of digits and marks only (no word): under an amount column, an amount misread
FIGURE_ONLY = re.compile(r"^[\d\s,.:;：；·'`’()（）\-]*\d[\d\s,.:;：；·'`’()（）\-]*$")


def misread_amount(ln: Line, text: str, path: str, notes: list) -> tuple[object, bool]:
    """An amount column's cell that reads as no number: (its amount, whether it is reported
    unread). On a line OCR read, a decimal point read as a colon or semicolon (POINT_MISREAD)
    is read as the amount it is, said (ocr-unsure: the checks do not judge what cites the
    line); other figures are reported unread (amount-unsure); a cell of words (a label
    reaching under the column) is neither. Typed (a PDF's text layer), "5:34" is what the file
    prints: no amount, whatever it was meant to be, so it is reported unread."""
    from .rows import amount_of

    t = text.strip()
    if not ln.ocr and POINT_MISREAD.match(t):
        said = (f"第 {ln.no} 行{quoted(path or '金额')}列印的是“{t}”，数字之间是冒号或分号而不是小数点，"
                "不是金额的写法，未读入，请对照原表核实")
        notes.append(("amount-unsure", said, ln.no))
        return None, True
    if not POINT_MARKS.isdisjoint(t):
        found = POINT_MISREAD.match(t)
        value = amount_of(f"{found[1]}.{found[2]}{found[3]}", ln.no, integers=True) if found else None
        if value is not None:
            value.text = t
            said = (f"第 {ln.no} 行{quoted(path or '金额')}列的“{t}”像是小数点被识别（或印）成了冒号、分号，"
                    f"按 {plain_decimal(value.amount, value.places)} 读入，请对照原件核实")
            notes.append(("ocr-unsure", said, ln.no))
            return value, False
    if PERCENT_FIGURE.match(t):
        said = (f"第 {ln.no} 行{quoted(path or '金额')}列印的是百分数“{t}”，不是金额，未读入"
                "（可能是金额设成了百分比格式，或各列错位），请对照原表核实")
        notes.append(("amount-unsure", said, ln.no))
        return None, True
    if FIGURE_ONLY.match(t):
        said = f"第 {ln.no} 行{quoted(path or '金额')}列的“{t}”不能读作金额（可能是扫描件 OCR 识别有误），未读入，请对照原件核实"
        notes.append(("amount-unsure", said, ln.no))
        return None, True
    return None, False


def doubted_code(row, labels: list[str], levels: list[int | None], doubted: list[int], spec: TableSpec,
                 line: int, notes: list) -> None:
    """A row whose code OCR read without certainty ('210 | 1l' for 210 | 11): its code is the
    one the classification gives its printed name among the codes under the parts read for
    certain (and as long as the parts it prints make it), said in a note; with none or
    several, the row gets no code and the line is reported."""
    from .tables import _official_names, class_key

    coded = [i for i in range(len(labels)) if (levels and levels[i] is not None) or CODE_LIKE.search(labels[i])]
    if not any(i in doubted for i in coded) or spec.rows not in ("function", "economic", "function_project"):
        return
    printed = " ".join(labels[i].strip() for i in coded if labels[i].strip())
    row.name = next((labels[i].strip() for i in range(len(labels)) if i not in coded and labels[i].strip()), "")
    prefix, length = sure_prefix(labels, levels, doubted)
    index = _official_names("economic" if spec.rows == "economic" else "function")
    found = {c for c in index.get(class_key(row.name), ()) if c.startswith(prefix) and len(c) > len(prefix)
             and (length is None or len(c) == length)} if row.name else set()
    if len(found) == 1:
        row.code = found.pop()
        notes.append(("code-from-name", f"第 {line} 行的科目编码“{printed}”是扫描件 OCR 识别的，识别结果没有把握，"
                                        f"按科目名称{quoted(row.name)}定为 {row.code}"))
        return
    row.code = ""
    notes.append(("code-unsure", f"第 {line} 行的科目编码“{printed}”是扫描件 OCR 识别的，识别结果没有把握，"
                                 f"科目名称{quoted(row.name)}也不能确定编码，此行未按科目读入，请对照原件核实", line))


CODE_LIKE = re.compile(r"^(?=[^\u4e00-\u9fff]*\d)[\dA-Za-z\s|\[\]]+$")   # a code, some of it misread ('21O11O3')


def broken_parts(labels: list[str], levels: list[int | None]) -> list[int]:
    """The 类 | 款 | 项 cells of a row that print something other than digits where another
    prints digits ('210 | 型 | 03': OCR read 11 as a character): the code is not read for
    certain."""
    parts = [(i, re.sub(r"\s", "", labels[i])) for i, level in enumerate(levels) if level is not None]
    if not any(text.isdigit() for _, text in parts):
        return []
    return [i for i, text in parts if text and not text.isdigit()]


def doubted_in_order(doubted: list[int], labels: list[str], order: list[int | None] | None) -> list[int]:
    """The doubted labels' places once rows.labels_in_order has put the labels in order."""
    from .rows import code_of

    if not order or not doubted:
        return doubted
    printed = [t for t in labels if t.strip()]
    if len(printed) == 1 and not code_of(printed[0]):
        return []                   # a name alone: no code to doubt
    return [n for n, k in enumerate(order) if k in doubted]


def sure_prefix(labels: list[str], levels: list[int | None], doubted: list[int]) -> tuple[str, int | None]:
    """The code parts read for certain before the first doubted one (类 | 款 | 项 columns),
    and the code's length the parts printed make; ("", None) for a code in one cell."""
    if not levels or all(level is None for level in levels):
        return "", None
    parts = sorted((level, i) for i, level in enumerate(levels) if level is not None and labels[i].strip())
    prefix = ""
    for level, i in parts:
        text = re.sub(r"\s", "", labels[i])
        if i in doubted or not text.isdigit():
            break
        prefix += text if level == 0 else text.zfill(2)
    return prefix, 3 + 2 * (len(parts) - 1) if parts else None


DECIMAL_AMOUNT = re.compile(rf"^{signed(DECIMAL_FIGURE)}$")


def unplaced(line: int, text: str, path: str) -> str:
    """Why a table is read by column order: an amount under a header the template does not name."""
    where = f"所在列的表头{quoted(path)}不能对应到模板的列" if path else "所在列上方没有表头"
    return f"第 {line} 行金额 {text} {where}，本表按列的先后顺序读取金额，请核对"


def boxed_line(ln: Line, spec: TableSpec, hcells: list[HeaderCell], notes: list):
    """The raw rows of one printed line of a grid table (side-by-side tables go to side_rows),
    or why its amounts cannot be placed (a message)."""
    from .rows import (
        LEVEL_HEADERS,
        NOT_A_TEMPLATE_COLUMN,
        _label_row,
        amount_of,
        labels_in_order,
        locate,
        roles_order,
    )

    labels: list[str] = []
    levels: list[int | None] = []       # the code level (类 款 项) each label's column prints
    roles: list[str | None] = []        # what each label's column holds (project tables)
    doubted: list[int] = []             # labels OCR read without certainty
    values = []
    unread = []                         # amount cells reported unread (their text kept)
    number = ""
    for index, (text, box) in enumerate(zip(ln.cells, ln.cell_boxes or [])):
        if not text.strip() or box is None:
            continue
        slot = slot_of(spec, hcells, box)
        if slot.numbering:
            number = text.strip()
            continue
        if split := numbered_label(text, slot, hcells):
            text, number = split
        if ln.unsure and index in ln.unsure:
            if not slot.label:
                notes.append(ocr_unsure(ln.no, text, slot.path))
                keep_unread(unread, ln, index, text, slot, UNREAD_OCR)
                continue
            doubted.append(len(labels))
        value = None if slot.label else amount_of(text, ln.no, integers=True, bracketed=slot.column is not None)
        if value is None and not slot.label and NUMBER_PIECES.fullmatch(text.strip()):
            notes.append(unsure_amount(ln.no, text, slot.path))
            keep_unread(unread, ln, index, text, slot, UNREAD_PIECES)
            continue
        if value is None and slot.column is not None and HIDDEN_AMOUNT.match(text.strip()):
            keep_unread(unread, ln, index, text, slot, UNREAD_HIDDEN)   # (told for its line: hidden_amounts)
            continue
        if value is None and slot.column is not None:
            value, unsure = misread_amount(ln, text, slot.path, notes)
            if unsure:
                keep_unread(unread, ln, index, text, slot, UNREAD_MISREAD)
                continue
        if value is None and slot.column is None and not slot.label and PERCENT_FIGURE.match(text.strip()) \
                and not_template_column(spec, slot, notes):
            continue                            # a share (占比) printed as a percentage: its column's
        if value is None:
            if slot.label and DECIMAL_AMOUNT.match(text.strip()):
                # a figure with decimals is no label: the header's boxes may not be this line's
                notes.append(("amount-under-label", f"第 {ln.no} 行的 {text.strip()} 像金额，却在标签列之下，按标签读入，请核对"))
            labels.append(text)
            levels.append(LEVEL_HEADERS.get(slot.path.rsplit("/", 1)[-1]) if slot.label else None)
            roles.append(role_at(hcells, box))
            continue
        if slot.column is None and slot.part_of is not None and not NOT_A_TEMPLATE_COLUMN.search(slot.path):
            # 人员经费 under 基本支出 where the template has 基本支出 only: no column of its own;
            # a word wrapped under each of two heads (拨款收入) ends a name the template has not
            wrap = wrapped_leaf(hcells, box)
            said = f"{quoted(slot.path)}列是{quoted(slot.part_of.label)}的细分，模板没有此列，其金额未读入" if wrap is None \
                else f"表头{quoted(wrap)}（折行印出）不是模板的列，其金额未读入"
            note = ("column-not-in-template", said)
            if note not in notes:
                notes.append(note)
            continue
        if slot.column is None:
            if value.amount == 0:                       # a 0 in a sliver column of the grid
                notes.append(("zero-outside-columns", f"第 {ln.no} 行的 {text} 不在任何表头之下，未读入"))
                continue
            if not_template_column(spec, slot, notes) or unknown_part(spec, slot, notes):
                continue
            return unplaced(ln.no, text, slot.path)
        if any(v.column == slot.column.key for v in values):
            # two amounts of one line under one header: the header's boxes are not this line's
            return (f"第 {ln.no} 行有两个金额（{text} 等）落在同一表头{quoted(slot.column.label)}之下，"
                    "本表按列的先后顺序读取金额，请核对")
        value.column = slot.column.key
        locate(value, ln, index)
        values.append(value)
    # 科目编码 | 科目名称 | 项目单位 | 项目名称 | 项目类型: the code, its name, the project
    order = roles_order(roles) if spec.rows == "function_project" else None
    doubted = doubted_in_order(doubted, labels, order)
    labels, levels = labels_in_order(labels, levels, order)
    doubted += broken_parts(labels, levels)
    row = _label_row(ln, labels, spec, levels if any(level is not None for level in levels) else None)
    if doubted:
        doubted_code(row, labels, levels, doubted, spec, ln.no, notes)
    if spec.rows == "label" and len(labels) > 1:
        row.name = "/".join(norm_label(t) for t in labels)   # group/item
    row.values, row.row_number, row.unread = values, number, unread
    return [row] if (values or row.name or row.code or row.project) else []


def wrapped_leaf(hcells: list[HeaderCell], box) -> str | None:
    """The name a header wrapped over two lines prints (一般公共预算 over 拨款收入), where the
    cell's lowest header is the one word under its head and the same word is the one word under
    a head beside it (拨款收入 under 政府性基金预算 too): a name each head goes on with, not a
    split of it (基本支出 over 人员经费 | 公用经费: two words under one head). None otherwise."""
    path = path_at(hcells, box)
    if len(path) < 2:
        return None
    head, leaf = path[-2], path[-1]

    def alone_under(h: HeaderCell) -> list[HeaderCell]:
        return [c for c in hcells if c.row == leaf.row and c.x0 < h.x1 and c.x1 > h.x0]

    if alone_under(head) != [leaf]:
        return None
    row = sorted((c for c in hcells if c.row == head.row), key=lambda c: c.x0)
    at = row.index(head)
    beside = [row[k] for k in (at - 1, at + 1) if 0 <= k < len(row)]
    if not any(len(under) == 1 and under[0].key == leaf.key for under in map(alone_under, beside)):
        return None
    return head.text + leaf.text


def not_template_column(spec: TableSpec, slot: Slot, notes: list) -> bool:
    """Whether the cell stands under a column no template has (上年预算数, 增减额, 增减%, 占比):
    its figure is not read, the column said once (a rate the template leaves out, 增减率, in
    silence: derived from the amounts)."""
    from .headers import left_out
    from .rows import NOT_A_TEMPLATE_COLUMN

    if not slot.path or not NOT_A_TEMPLATE_COLUMN.search(slot.path):
        return False
    if not left_out(spec, slot.path.rsplit("/", 1)[-1]):
        note = ("column-not-in-template", f"{quoted(slot.path)}列不是模板的列（如上年数、增减），其金额未读入")
        if note not in notes:
            notes.append(note)
    return True


def unknown_part_of_group(spec: TableSpec, path: str) -> bool:
    """The header path (a/b) ends in a part the template does not know of a group it does
    (基本支出/工资福利支出)."""
    parts = [heading_key(p) for p in path.split("/")]
    known = known_headers(spec)
    # (a fragment of a known header, a wrapped or clipped cell's last line: 费 of 公务用车运行费,
    # is that header cut short, not a part: read by order as before)
    if len(parts) < 2 or parts[-1] in known or any(parts[-1] in k for k in known):
        return False
    groups = {match_key(p) for _, col in spec.all_columns() for p in col.path}
    return bool(groups.intersection(parts[:-1]))


def unknown_part(spec: TableSpec, slot: Slot, notes: list) -> bool:
    """Whether the cell stands under a part the template does not know of a group it does
    (基本支出/工资福利支出, where the template's 基本支出 is 小计 | 人员经费 | 公用经费): its
    figure is not read, the column said once. By order it would be read as the group's known
    parts (工资福利支出 as 人员经费)."""
    if not unknown_part_of_group(spec, slot.path):
        return False
    note = ("column-unmapped", f"“{slot.path}”列对应不到模板的列（表头分层与模板不同，按列序读会错列），其金额未读入，请核对")
    if note not in notes:
        notes.append(note)
    return True


def keep_unread(unread: list, ln: Line, index: int, text: str, slot, why: str) -> None:
    """An amount cell under a template column reported unread: kept (rows.unread_cell)."""
    from .rows import unread_cell

    if slot.column is not None:
        unread.append(unread_cell(ln, text, slot.column.key, index, why))


# ---- side-by-side tables: each side read on its own -----------------------------------------

ITEM_START = re.compile(r"^([一二三四五六七八九十]+、|\d+[.．、]|\d{3}|其中|[（(])")


class Wrap(NamedTuple):
    """Where the rest of a wrapped label may be printed: at most `gap` below it, starting
    less than `indent` to its left or right (PDF points; text lines and columns for text)."""
    gap: float = 3
    indent: float = 3


@dataclass
class Piece:
    """A filled cell of a side-by-side table."""
    text: str
    box: tuple
    page: int | None
    line: Line
    index: int
    side: str | None
    column: ColumnSpec | None
    amount: object = None          # RawValue for amounts


@dataclass
class Label:
    piece: Piece
    text: str
    top: float
    bottom: float
    values: list = field(default_factory=list)


def side_rows(batch: list[tuple[Line, list[HeaderCell]]], spec: TableSpec, wrap: Wrap | None = None,
              notes: list | None = None):
    """Rows of a side-by-side table. Each side has its own row lines in some PDFs (an Excel sheet
    whose income and expenditure labels wrap differently), so the cells of each side are grouped
    on their own: a label's wrapped fragments are joined, and an amount belongs to the label whose
    band holds its middle."""
    from .rows import RawRow, RawValue, amount_of, locate, split_code_label

    labels: list[Label] = []
    amounts: list[Piece] = []
    pieces: list[Piece] = []
    numbers: list[Piece] = []
    for ln, hcells in batch:
        for index, (text, box) in enumerate(zip(ln.cells, ln.cell_boxes or [])):
            if not text.strip() or box is None:
                continue
            slot = slot_of(spec, hcells, box)
            if slot.numbering:
                numbers.append(Piece(text.strip(), box, ln.page, ln, index, slot.side, None))
                continue
            if split := numbered_label(text, slot, hcells):
                text = split[0]      # (the number at the cell's right end: owner() finds its label left of it)
                end = (box[2] - 1, box[1], box[2], box[3])
                numbers.append(Piece(split[1], end, ln.page, ln, index, slot.side, None))
            if ln.unsure and index in ln.unsure and not slot.label:
                if notes is not None:
                    notes.append(ocr_unsure(ln.no, text, slot.path))
                continue
            value = None if slot.label else amount_of(text, ln.no, integers=True, bracketed=slot.column is not None)
            if value is None and not slot.label and NUMBER_PIECES.fullmatch(text.strip()):
                if notes is not None:
                    notes.append(unsure_amount(ln.no, text, slot.path))
                continue
            if value is None and slot.column is not None and HIDDEN_AMOUNT.match(text.strip()):
                # ###: kept unread in the row its place gives it (told for its line: hidden_amounts)
                value = RawValue(text.strip(), None, None, ln.no, unread=UNREAD_HIDDEN)
            if value is None and slot.column is not None:
                value, unread = misread_amount(ln, text, slot.path, [] if notes is None else notes)
                if unread:
                    continue
            piece = Piece(text, box, ln.page, ln, index, slot.side, slot.column, value)
            if value is None:
                pieces.append(piece)
            elif slot.column is None:
                if not_template_column(spec, slot, [] if notes is None else notes):
                    continue                # 上年预算数 beside a side's 本年预算数: said, not read
                return unplaced(ln.no, text, slot.path)
            else:
                amounts.append(piece)
    for piece in pieces:
        add_label(labels, piece, amounts, spec, wrap or Wrap())
    labels = with_codes_joined(labels)
    orphans: list[Piece] = []
    for piece in amounts:
        label = owner(labels, piece, spec)
        locate(piece.amount, piece.line, piece.index)
        piece.amount.column = piece.column.key
        if label is not None:
            label.values.append(piece.amount)
        else:
            orphans.append(piece)
    orphans = [p for p in orphans if not between_rows(labels, p, wrap or Wrap(), notes)]
    numbered = {}
    for piece in numbers:
        label = owner(labels, piece, spec)
        if label is not None and label.piece.side == piece.side:
            numbered[id(label)] = piece.text
    rows = []
    for label in sorted(labels, key=lambda lb: (lb.piece.line.no, lb.piece.box[0])):
        side = label.piece.side
        if side is None:
            continue
        row = RawRow(line=label.piece.line.no, line_end=label.piece.line.no, side=side, raw_label=label.text,
                     values=[v for v in label.values if v.unread is None], row_number=numbered.get(id(label), ""),
                     unread=[v for v in label.values if v.unread is not None])
        if side == "income" and not label.text[:3].isdigit():
            row.name = norm_label(label.text)
        else:
            row.code, row.name = split_code_label(label.text)
        rows.append(row)
    if orphans:
        return f"第 {orphans[0].line.no} 行金额 {orphans[0].amount.text} 找不到所在行的项目名称，本表按列的先后顺序读取金额，请核对"
    return rows


def between_rows(labels: list[Label], piece: Piece, wrap: Wrap, notes: list | None) -> bool:
    """An amount on a line of its own between two rows of its side (each within a wrap's gap,
    the names wrapped so that neither band holds it): the row whose cell in its column is
    still empty takes it (a cell holds one amount); where both are, it is neither's: said,
    with both rows named, and not read (never guessed). False where no row stands so on each
    side of it (the table is then read by order, as before)."""
    mid = (piece.box[1] + piece.box[3]) / 2
    mine = [lb for lb in labels if lb.piece.page == piece.page and lb.piece.side == piece.side
            and lb.piece.box[0] < piece.box[0]]
    above = max((lb for lb in mine if lb.bottom < mid), key=lambda lb: lb.bottom, default=None)
    below = min((lb for lb in mine if lb.top > mid), key=lambda lb: lb.top, default=None)
    if above is None or below is None or mid - above.bottom > wrap.gap or below.top - mid > wrap.gap:
        return False
    free = [lb for lb in (above, below) if not any(v.column == piece.amount.column for v in lb.values)]
    if len(free) == 1:
        free[0].values.append(piece.amount)
        return True
    if len(free) == 2 and notes is not None:
        said = (f"第 {piece.line.no} 行{quoted(piece.column.label)}列的金额 {piece.amount.text} 印在{quoted(above.text)}与"
                f"{quoted(below.text)}两行之间，版式分不清属于哪一行，未读入，请核对")
        notes.append(("amount-unplaced", said, piece.line.no))
        return True
    return False


def with_codes_joined(labels: list[Label]) -> list[Label]:
    """A code printed in a cell of its own before its name (基本支出决算表: 科目编码 | 科目名称
    on each side) joined to the name's label: one row, "30101 基本工资"."""
    out: list[Label] = []
    for label in sorted(labels, key=lambda lb: (lb.piece.page or 0, lb.piece.line.no, lb.piece.box[0])):
        prev = out[-1] if out else None
        if prev is not None and prev.piece.side == label.piece.side and prev.piece.line is label.piece.line \
                and CODE.match(prev.text) and not prev.values and not CODE.match(label.text):
            label.text, label.piece = f"{prev.text} {label.text}", replace(label.piece, box=(
                prev.piece.box[0], *label.piece.box[1:]))
            out[-1] = label
            continue
        out.append(label)
    return out



def add_label(labels: list[Label], piece: Piece, amounts: list[Piece], spec: TableSpec,
              wrap: Wrap) -> None:
    """A new label, or the wrapped tail of the label just above it in the same column: a
    fragment with no amount beside it, under a label that names no item of its side, which
    together name one (1.一般公共预 / 算, 九、医疗卫生与计划生育 / 支出)."""
    text = piece.text.strip()
    prev = next((lb for lb in reversed(labels) if lb.piece.side == piece.side and lb.piece.page == piece.page
                 and abs(lb.piece.box[0] - piece.box[0]) < wrap.indent), None)
    if prev is not None and abs(piece.box[1] - prev.bottom) <= wrap.gap and not ITEM_START.match(text) \
            and not has_amount(piece, amounts) and is_tail(prev, piece, text, amounts, spec):
        prev.text += text
        prev.bottom = piece.box[3]
        return
    labels.append(Label(piece, text, piece.box[1], piece.box[3]))


def is_tail(prev: Label, piece: Piece, text: str, amounts: list[Piece], spec: TableSpec) -> bool:
    """Whether words below a label are its name's tail: together they name an item the label
    alone does not; or the name is wrapped around its amounts' line (wraps_around), the label
    opening an item (一、, （一）) and the words none, whether or not the template knows the
    item's wording (（一）一般公共 / 830.00 / 预算资金)."""
    if names_item(prev.text + text, piece.side, spec) and not names_item(prev.text, piece.side, spec):
        return True
    if not wraps_around(prev, piece, amounts):
        return False
    return names_item(prev.text + text, piece.side, spec) or \
        (ITEM_START.match(prev.text) is not None and not names_item(text, piece.side, spec))


def wraps_around(prev: Label, piece: Piece, amounts: list[Piece]) -> bool:
    """Whether a label's name is wrapped around its amounts' line (pdftotext -layout of a name of
    two lines centred on its row: its head above, the amounts on a line of their own, its tail
    below): no amount of the side beside the head, one between the head and the tail. The
    head may name an item alone (一、一般公共预算 / 830.00 / 财政拨款): the amount between is
    still the whole name's."""
    between = any(a.page == piece.page and a.side == piece.side and prev.bottom < (a.box[1] + a.box[3]) / 2 < piece.box[1]
                  for a in amounts)
    return between and not any(a.page == piece.page and a.side == piece.side
                                and prev.top <= (a.box[1] + a.box[3]) / 2 <= prev.bottom for a in amounts)


def has_amount(piece: Piece, amounts: list[Piece]) -> bool:
    return any(a.page == piece.page and a.side == piece.side
               and piece.box[1] <= (a.box[1] + a.box[3]) / 2 <= piece.box[3] for a in amounts)


def names_item(text: str, side: str | None, spec: TableSpec) -> bool:
    """Whether a label is complete: an item of the side, or a function class (…支出)."""
    if side is None or side not in spec.sides:
        return False
    label = norm_label(text)
    return any(item.matches(label) for item in spec.sides[side].items) or \
        (side != "income" and label.endswith("支出"))


def owner(labels: list[Label], piece: Piece, spec: TableSpec) -> Label | None:
    """The label whose band holds the amount's middle: on the amount's side, else a label of
    another side whose cell reaches across to it (支出合计 printed over both expenditure groups)."""
    mid = (piece.box[1] + piece.box[3]) / 2
    band = [lb for lb in labels if lb.piece.page == piece.page and lb.top - 1 <= mid <= lb.bottom + 1
            and lb.piece.box[0] < piece.box[0]]
    same = [lb for lb in band if lb.piece.side == piece.side]
    if same:
        return max(same, key=lambda lb: lb.piece.box[0])
    if not band:
        return None
    # a label cell merged across groups (支出合计 over both expenditure groups): the amount is
    # where it is printed, so the row takes the amount's side
    label = max(band, key=lambda lb: lb.piece.box[2])
    if label.values:
        return None
    label.piece.side = piece.side
    return label
