"""A grid page that goes on with a table without printing its header again, drawn with
columns of its own (a new table per page, column widths of its own: the header's boxes do
not stand over its cells).

Where the page's cells stand between the rules the header's pages draw, geometry reads it
by the header above as it is. Otherwise its columns are matched to the header's leaf
columns in order: its label columns (left of its first amount column) onto the header's
label columns, its amount columns onto the header's amount columns. With as many amount
columns as the header, that order is the one reading; with fewer, each order-preserving
choice of the header's columns is a reading (layout.LoosePage), and the row totals, then
the identities, decide (tables.open_page, resolve_side); what stays open is kept as
candidates. The page is never read by the header's x positions: those are another grid's.
A side-by-side table's page (收入 | 支出) is read so side by side (side_page_columns), each
side's columns onto the header's side, as many amount columns as the header's side prints.
A page of whole numbers (元 tables: 125000) has its amount columns past its columns of words.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from math import comb

from ..readers import Line
from ..templates import TableSpec
from .geometry import HeaderCell, path_at, slot_of
from .layout import LoosePage
from .rows import PLACEHOLDERS, amount_of

EDGE_SLACK = 2.0           # points: a cell side this close to a rule stands on it
MIN_COLUMN = 3.0           # points: narrower gaps between rules are no column (a double rule)


def rule_edges(lines: list[Line]) -> list[float]:
    """The x of the vertical rules the lines' cell boxes stand between, left to right."""
    xs = sorted(x for ln in lines for box in ln.cell_boxes or [] if box for x in (box[0], box[2]))
    edges: list[float] = []
    for x in xs:
        if not edges or x - edges[-1] > EDGE_SLACK:
            edges.append(x)
    return edges


def columns_between(edges: list[float]) -> list[tuple[float, float]]:
    return [(a, b) for a, b in pairwise(edges) if b - a >= MIN_COLUMN]


def on_rules(lines: list[Line], edges: list[float]) -> bool:
    """Every filled cell of the lines stands between rules of `edges` (the header's grid)."""
    def on(x: float) -> bool:
        return any(abs(x - e) <= EDGE_SLACK for e in edges)

    return all(on(box[0]) and on(box[2]) for ln in lines
               for text, box in zip(ln.cells, ln.cell_boxes or []) if box and text.strip())


@dataclass
class PageColumns:
    """How a headerless page drawn with columns of its own is read: the header cells moved
    over its columns (geometry reads its cells by them) and its amount columns left open."""
    hcells: list               # geometry.HeaderCell over the page's own columns
    loose: LoosePage
    readings: int              # how many orders the page's amount columns may take


def filled_columns(lines: list[Line], own: list[tuple[float, float]]) -> list[list[str]]:
    """The filled cells' texts of each of the page's own columns (a cell standing inside it)."""
    return [[text for ln in lines for text, box in zip(ln.cells, ln.cell_boxes or [])
             if box and text.strip() and col[0] - EDGE_SLACK <= (box[0] + box[2]) / 2 <= col[1] + EDGE_SLACK
             and box[0] >= col[0] - EDGE_SLACK and box[2] <= col[1] + EDGE_SLACK] for col in own]


def column_kinds(filled: list[list[str]], decimals: bool | None = None) -> list[str]:
    """What each of the page's columns prints: "label" (words), "amount", "number" (whole
    numbers only on a page whose amounts have decimals: codes, or amounts of 0) or "" (empty,
    or dashes). A page with no amount with decimals (元 tables: 125000) has its whole numbers
    as amounts. `decimals`: whether the page prints an amount with decimals, when the caller
    knows already."""
    filled = [[t for t in texts if t.strip() not in PLACEHOLDERS] for texts in filled]
    if decimals is None:
        decimals = any(amount_of(t, 0) for texts in filled for t in texts)

    def kind(texts: list[str]) -> str:
        if not texts:
            return ""
        if not all(amount_of(t, 0, integers=True) for t in texts):
            return "label"
        return "amount" if not decimals or any(amount_of(t, 0) for t in texts) else "number"

    return [kind(texts) for texts in filled]


def amount_start(filled: list[list[str]], whole: bool) -> int | None:
    """The page's first amount column: its first column with an amount with decimals; on a page
    of whole numbers (`whole`), the first past its last column of words (codes before the
    names are no amounts), when numbers follow."""
    if not whole:
        return next((n for n, texts in enumerate(filled) if any(amount_of(t, 0) for t in texts)), None)
    kinds = column_kinds(filled, decimals=False)
    last_label = max((n for n, k in enumerate(kinds) if k == "label"), default=None)
    if last_label is None or "amount" not in kinds[last_label + 1:]:
        return None
    return last_label + 1


def whole_numbers(filled: list[list[str]]) -> bool:
    """The page prints no amount with decimals (a table in 元: 125000)."""
    return not any(amount_of(t, 0) for texts in filled for t in texts)


def page_columns(lines: list[Line], hcells: list, header_edges: list[float], spec: TableSpec) -> PageColumns | str:
    """The page read onto the header's columns in order (PageColumns), or why it cannot be
    (a message): more amount columns than the header, an amount column under a header the
    template does not name, or no amount column found."""
    page = lines[0].page
    leaves = [(c, slot_of(spec, hcells, (c[0], 0, c[1], 0))) for c in columns_between(header_edges)]
    first_amount = next((n for n, (_, slot) in enumerate(leaves) if not slot.label and not slot.numbering
                         and slot.column is not None), None)
    own = columns_between(rule_edges(lines))
    filled = filled_columns(lines, own)
    whole = whole_numbers(filled)
    start = amount_start(filled, whole)
    why = f"第 {page} 页续表未印表头，其表格各列的位置与表头不同，"
    if not first_amount or not start:
        return why + "找不到金额列或标签列，按列的先后顺序读取金额，请核对"
    labels, amounts = leaves[:first_amount], leaves[first_amount:]
    if any(slot.column is None for _, slot in amounts):
        return why + "且表头有模板以外的列，无法对应，按列的先后顺序读取金额，请核对"
    if whole and len(own) == len(leaves) and start != first_amount:
        # whole numbers only, as many columns as the header: its amount columns stand where the
        # header's do, or a column of codes is taken for amounts
        return why + "其金额均为整数，无法与编码区分，按列的先后顺序读取金额，请核对"
    mine = list(range(start, len(own)))
    if len(mine) > len(amounts):        # columns the page leaves empty (a trailing blank column)
        mine = [n for n in mine if filled[n]]
    if len(mine) > len(amounts):
        return why + f"其金额列（{len(mine)} 列）多于表头的金额列（{len(amounts)} 列），按列的先后顺序读取金额，请核对"
    moved = []
    for n in range(start):              # label columns: in order, or spread over the header's
        moved += moved_header(hcells, labels[n * len(labels) // start][0], own[n])
    for j, n in enumerate(mine):        # amount columns: boxed under the first ones until decided
        moved += moved_header(hcells, amounts[j][0], own[n])
    keys = tuple(slot.column.key for _, slot in amounts)
    loose = LoosePage(frozenset(ln.no for ln in lines), keys, len(mine))
    return PageColumns(moved, loose, comb(len(keys), len(mine)))


def side_page_columns(lines: list[Line], hcells: list, header_edges: list[float], spec: TableSpec) -> list | str:
    """A side-by-side table's headerless page drawn with columns of its own (收入 | 支出 side
    by side), read onto the header in order, side by side: the header cells moved over its
    columns; or why it cannot be (a message). Each side's label columns onto the side's label
    columns, its amount columns onto the side's amount columns, as many as the header's: a
    side printing fewer columns than its header is not read this way (which of them, no
    total of a side-by-side table tells)."""
    why = f"第 {lines[0].page} 页续表未印表头，其表格各列的位置与表头不同，"
    leaves = [(c, slot_of(spec, hcells, (c[0], 0, c[1], 0))) for c in columns_between(header_edges)]
    sides = header_sides(leaves)
    if sides is None:
        return why + "表头各栏的列无法分清（标签列、金额列或收支两栏），按列的先后顺序读取金额，请核对"
    own = columns_between(rule_edges(lines))
    kinds = column_kinds(filled_columns(lines, own))
    if len(own) == len(leaves):
        parts = [(list(range(lo, lo + len(ls))), list(range(lo + len(ls), lo + len(ls) + len(am))))
                 for lo, (ls, am) in zip(side_starts(sides), sides)]
    else:
        parts = page_sides(kinds, sides)
    if isinstance(parts, str):
        return why + parts
    moved = []
    for (labels, amounts), (mine, theirs) in zip(sides, parts):
        if any(kinds[n] == "amount" for n in mine) or any(kinds[n] == "label" for n in theirs):
            return why + "其标签列、金额列与表头的对不上，按列的先后顺序读取金额，请核对"
        for j, n in enumerate(mine):
            moved += moved_header(hcells, labels[j * len(labels) // len(mine)][0], own[n])
        for j, n in enumerate(theirs):
            moved += moved_header(hcells, amounts[j][0], own[n])
    return moved


def header_sides(leaves: list) -> list[tuple[list, list]] | None:
    """The header's leaf columns (column, Slot) side by side: each side's label columns (a
    行次 column with them), then its amount columns. None where a leaf names no side or no
    column, a side's columns are not together, or its labels do not come first."""
    sides: list[tuple[list, list]] = []
    names: list[str] = []
    for leaf in leaves:
        slot = leaf[1]
        if slot.side is None or (not slot.label and not slot.numbering and slot.column is None):
            return None
        if not names or names[-1] != slot.side:
            if slot.side in names:
                return None
            names.append(slot.side)
            sides.append(([], []))
        labels, amounts = sides[-1]
        if not (slot.label or slot.numbering):
            amounts.append(leaf)
        elif amounts:
            return None
        else:
            labels.append(leaf)
    return sides if sides and all(ls and am for ls, am in sides) else None


def side_starts(sides: list[tuple[list, list]]) -> list[int]:
    starts, at = [], 0
    for labels, amounts in sides:
        starts.append(at)
        at += len(labels) + len(amounts)
    return starts


def page_sides(kinds: list[str], sides: list[tuple[list, list]]) -> list[tuple[list[int], list[int]]] | str:
    """The page's columns cut into the sides (each its label columns, then its amount
    columns): a side starts at a column of words after a column of amounts. Empty columns at
    a side's end beyond its header's amount columns are the next side's (empty) labels."""
    starts = [0] + [n for n in range(1, len(kinds)) if kinds[n] in ("label", "number")
                    and next((k for k in reversed(kinds[:n]) if k), "") == "amount"]
    if len(starts) != len(sides):
        return f"找不到收支两栏的分界（找到 {len(starts)} 栏，表头有 {len(sides)} 栏），按列的先后顺序读取金额，请核对"
    parts = []
    for i, lo in enumerate(starts):
        hi = starts[i + 1] if i + 1 < len(starts) else len(kinds)
        first = next((n for n in range(lo, hi) if kinds[n] == "amount"), None)
        if first is None:
            return "某一栏找不到金额列，按列的先后顺序读取金额，请核对"
        parts.append([list(range(lo, first)), list(range(first, hi))])
    for i in range(len(parts) - 1):     # trailing empty columns: the next side's empty labels
        amounts, labels = parts[i][1], parts[i + 1][0]
        while len(amounts) > len(sides[i][1]) and not kinds[amounts[-1]]:
            labels.insert(0, amounts.pop())
    for (labels, amounts), (ls, am) in zip(parts, sides):
        if len(amounts) != len(am):
            return (f"其一栏的金额列（{len(amounts)} 列）与表头该栏的金额列（{len(am)} 列）数目不同，"
                    "无法按先后顺序对应，按列的先后顺序读取金额，请核对")
    return [tuple(p) for p in parts]


def moved_header(hcells: list, leaf: tuple[float, float], column: tuple[float, float]) -> list:
    """The header cells over a leaf column of the header, moved over a column of the page."""
    return [HeaderCell(c.key, c.text, column[0], column[1], c.row) for c in path_at(hcells, (leaf[0], 0, leaf[1], 0))]


def shifted_note(page: int, columns: PageColumns) -> tuple[str, str]:
    """What the user is told about a page read this way."""
    how = "按先后顺序对应表头的金额列" if columns.readings == 1 else \
        "少于表头的金额列，按先后顺序和各行的合计关系对应表头的列（仍不确定的金额列出可能的列）"
    return ("page-columns-by-order",
            f"第 {page} 页续表未印表头，其表格各列的位置与表头所在页不同，本页的金额列{how}，请核对")


def side_note(page: int) -> tuple[str, str]:
    """What the user is told about a side-by-side page read onto the header side by side."""
    message = f"第 {page} 页续表未印表头，其表格各列的位置与表头所在页不同，本页收支两栏的列按先后顺序分别对应表头各栏的列，请核对"
    return ("page-columns-by-order", message)
