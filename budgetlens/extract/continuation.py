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
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from math import comb

from ..readers import Line
from ..templates import TableSpec
from .geometry import HeaderCell, path_at, slot_of
from .layout import LoosePage
from .rows import amount_of

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


def page_columns(lines: list[Line], hcells: list, header_edges: list[float], spec: TableSpec) -> PageColumns | str:
    """The page read onto the header's columns in order (PageColumns), or why it cannot be
    (a message): more amount columns than the header, an amount column under a header the
    template does not name, or no amount column found."""
    page = lines[0].page
    leaves = [(c, slot_of(spec, hcells, (c[0], 0, c[1], 0))) for c in columns_between(header_edges)]
    first_amount = next((n for n, (_, slot) in enumerate(leaves) if not slot.label and not slot.numbering
                         and slot.column is not None), None)
    own = columns_between(rule_edges(lines))
    filled = [[text for ln in lines for text, box in zip(ln.cells, ln.cell_boxes or [])
               if box and text.strip() and col[0] - EDGE_SLACK <= (box[0] + box[2]) / 2 <= col[1] + EDGE_SLACK
               and box[0] >= col[0] - EDGE_SLACK and box[2] <= col[1] + EDGE_SLACK] for col in own]
    start = next((n for n, texts in enumerate(filled) if any(amount_of(t, 0) for t in texts)), None)
    why = f"第 {page} 页续表未印表头，其表格各列的位置与表头不同，"
    if first_amount is None or not first_amount or not start:
        return why + "找不到金额列或标签列，按列的先后顺序读取金额，请核对"
    labels, amounts = leaves[:first_amount], leaves[first_amount:]
    if any(slot.column is None for _, slot in amounts):
        return why + "且表头有模板以外的列，无法对应，按列的先后顺序读取金额，请核对"
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


def moved_header(hcells: list, leaf: tuple[float, float], column: tuple[float, float]) -> list:
    """The header cells over a leaf column of the header, moved over a column of the page."""
    return [HeaderCell(c.key, c.text, column[0], column[1], c.row) for c in path_at(hcells, (leaf[0], 0, leaf[1], 0))]


def shifted_note(page: int, columns: PageColumns) -> tuple[str, str]:
    """What the user is told about a page read this way."""
    how = "按先后顺序对应表头的金额列" if columns.readings == 1 else \
        "少于表头的金额列，按先后顺序和各行的合计关系对应表头的列（仍不确定的金额列出可能的列）"
    return ("page-columns-by-order",
            f"第 {page} 页续表未印表头，其表格各列的位置与表头所在页不同，本页的金额列{how}，请核对")
