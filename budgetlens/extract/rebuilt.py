"""Tables rebuilt from text written one cell a line (pdftotext without -layout): whether each
one's reading is confirmed, so that the checks may judge its figures as printed.

A rebuilt table is confirmed when nothing in it was left open (every amount in a decided
column of a labelled row, no reader warning on it) and its own identities vouch for the
reading: each row with amounts takes part in an identity that holds, twice as many hold as
fail, and those that fail, if any, all read one row — one misprinted row explains them (a
parent not the sum of its children: its own sum and its parent's fail, by the same gap). A
row whose amounts do not add up across its columns is no such row: the rebuild leaves its
columns open (rows.cells_checked), so the table is not confirmed. A reading that moved
amounts between rows breaks identities that read no common row (two parents, each missing or
gaining a child); one whose rows no identity ties (no sums, no hierarchy) is not confirmed
at all. Unconfirmed tables are checked as before: their findings are told, not asserted.
What the figures cannot tell apart is left: a row's code misread one level up (under its
class instead of its 款) fails just as that 款 misprinted would."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from ..identities import RowKey, hierarchy, sign, sum_gap
from ..model import ParseIssue, PrintedRow, PrintedTable
from ..templates import SumSpec, TableSpec, first_item, item_attr, printed_parts
from ..text import norm_label, quoted

LAYOUT_LOST = "layout-lost"                # the document's warning: some table's reading not confirmed
LAYOUT_REBUILT = "layout-rebuilt"          # a table read one cell a line whose identities confirm it
LAYOUT_LOST_TABLE = "layout-lost-table"    # one they do not: the checks do not judge its figures
# reader warnings on a table that say nothing of where its amounts stand
BESIDE_PLACING = ("unit-assumed",)
# a note, not a doubt: a row parted from the next by the template's items, its cells all empty
CELLS_VANISHED = "row-cells-vanished"
CLASSIFIED = ("function", "economic", "function_project")

Cell = tuple[int, str]          # (row index, column key)


@dataclass
class Identity:
    cells: frozenset[Cell]
    holds: bool


def unconfirmed(table: PrintedTable, spec: TableSpec | None, issues: list[ParseIssue]) -> str | None:
    """Why the rebuilt table's reading is not confirmed (Chinese, for users), or None when it is."""
    if spec is None:
        return "未能对应到模板"
    if any(i.level != "info" and i.code not in BESIDE_PLACING and i.provenance is not None
           and i.provenance.table == table.index for i in issues):
        return "读取时有存疑之处（见本表的读取警告）"
    rows = [r for r in table.rows if r.cells]
    if not rows:
        return "没有读出金额"
    if any(c.column is None or c.candidates for r in rows for c in r.cells):
        return "有金额所在的列未定"
    if not all(labelled(r) for r in rows):
        return "有金额不在有名称的行中"
    if (head := header_word_row(rows, spec)) is not None:
        return f"有行的名称{quoted(head.name)}是表头的列名：表头与首行未能分开，列的先后未能从表头读出"
    if any(joined_items(r.name, items) for side, _, _, items, _ in sides(spec) for r in table.rows
           if items and (side is None or r.side == side)):
        return "有行的名称是模板中两项名称相连（上一行的金额全空、未印出）"
    found = identities(table, spec)
    held = {cell for i in found if i.holds for cell in i.cells}
    if any(not any((r.index, c.column) in held for c in r.cells) for r in rows):
        return "有的行没有成立的勾稽关系印证其读法"
    failed = [frozenset(row for row, _ in i.cells) for i in found if not i.holds]
    if failed and (not frozenset.intersection(*failed) or 2 * len(failed) > len(found) - len(failed)):
        return "多处勾稽关系不合，读法未得印证"
    return None


def header_word_row(rows: list[PrintedRow], spec: TableSpec) -> PrintedRow | None:
    """A row of a classified table (its rows codes) labelled, without a code, by a word naming
    one of its columns, not a total (基本支出): a header word the text wrote after the first
    row's label (pdftotext puts a row's label among the header's words), read as that row's
    name; the header as read lacks it, so its columns' order is not known, nor is that row's
    own label (合计)."""
    from .rows import column_of_word

    if spec.rows not in CLASSIFIED:
        return None
    return next((r for r in rows if not r.code and r.name and not RowKey(r.code, r.name, r.project).is_total
                 and column_of_word(r.name, spec) is not None), None)


def labelled(row: PrintedRow) -> bool:
    """Whether the row has a label of its own: a code, a name or a project. A name that is a
    number alone is the row's 行次 standing where its label was lost (pdftotext -raw writes a
    label wrapped in its cell before the line of its 行次 and amounts: "一、一般公共预算财政" /
    "拨款收入" / "1 906.05 …"): no label."""
    return bool(row.code or row.project or row.name and not row.name.isdigit())


def identities(table: PrintedTable, spec: TableSpec) -> list[Identity]:
    """Every identity of the table as read: row sums across columns, parent = Σ children by
    code, and the template's item sums; each with the cells it reads."""
    values = {(r.index, c.column): (c.amount, c.precision or 0) for r in table.rows for c in r.cells
              if c.amount is not None and c.column}
    keys = {c.key for c in table.columns}
    out: list[Identity] = []
    for side, sums, item_sums, items, rows_kind in sides(spec):
        rows = [r for r in table.rows if side is None or r.side == side]
        columns = [k for k in (c.key for c in table.columns) if side is None or k.startswith(f"{side}:")]
        for s in sums:
            total, *parts = (f"{side}:{k}" if side else k for k in (s.total, *s.terms))
            signs = [sign(p) for p in s.terms]
            if total in keys and all(p in keys for p in parts):
                out += [identity(values, (r.index, total), [(r.index, p) for p in parts], signs) for r in rows]
        groups: list[tuple[int, list[int]]] = []
        if rows_kind in CLASSIFIED:
            found = hierarchy([RowKey(code=r.code, name=r.name, project=r.project) for r in rows])
            groups = [(rows[p].index, [rows[k].index for k in kids]) for p, kids in found]
        elif rows_kind == "function_class":     # (收支总表's expenditure: 支出总计 = Σ classes)
            root = next((r.index for r in rows if r.coords.get("function_code") == "total"), None)
            kids = [r.index for r in rows if len(r.code) == 3]
            groups = [(root, kids)] if root is not None and kids else []
        attr = item_attr(items)
        if attr:
            by_item = {r.coords[attr]: r.index for r in rows if attr in r.coords}
            groups += [(by_item[s.total], [by_item[p] for p in printed_parts(item_sums, s, set(by_item))])
                       for s in item_sums if s.total in by_item]
        for parent, kids in groups:
            out += [identity(values, (parent, k), [(kid, k) for kid in kids]) for k in columns]
    return [i for i in out if i is not None]


def identity(values: dict[Cell, tuple], total: Cell, parts: list[Cell], signs: list[int] = ()) -> Identity | None:
    """total = Σ parts (an empty cell counts 0; signs: −1 for a part subtracted); None where
    none of its cells is printed."""
    cells = frozenset([total, *parts])
    if not any(c in values for c in cells):
        return None
    amounts = [values.get(p) for p in parts]
    if -1 in signs:
        amounts = [(-v[0], v[1]) if v and sg < 0 else v for v, sg in zip(amounts, signs)]
    gap, tol = sum_gap(values.get(total), amounts)
    return Identity(cells=cells, holds=abs(gap) <= tol)


def sides(spec: TableSpec) -> list[tuple[str | None, list[SumSpec], list[SumSpec], list, str | None]]:
    if spec.layout == "side_by_side":
        return [(s, side.sums, side.item_sums, side.items, side.rows) for s, side in spec.sides.items()]
    return [(None, spec.sums, spec.item_sums, spec.items, spec.rows)]


def joined_items(name: str, items) -> bool:
    """The name reads as two of the template's items one after the other (因公出国（境）费公务接待费):
    two rows' names joined, the first row's amounts all empty (vanished), so that the rows below
    may hold the amounts of others that the identities cannot tell."""
    return bool(item_splits(name, items))


def item_splits(name: str, items) -> list[int]:
    """Every place the name parts into two different items of the template."""
    out = []
    for k in range(2, len(name) - 1):
        first = first_item(items, name[:k])
        if first is not None:
            second = first_item(items, name[k:])
            if second is not None and second.coords != first.coords:
                out.append(k)
    return out


def parted_items(first: str, second: str, items) -> bool:
    """Two name lines (text one cell a line) that are two rows of the template, the first with
    its cells all empty (vanished, so nothing stood between the names): where their joined name
    parts into two items there and only there, and no item's name runs across that place (a
    wrapped item whose halves are items too, by search, stays whole)."""
    whole, k = first + second, len(first)
    if item_splits(whole, items) != [k]:
        return False              # (two places: which rows the names are, the figures must not guess)
    return not any(m.start() < k < m.end() for it in items for m in re.finditer(it.match, whole))


def parted_mid_line(row, lines: list[int], items) -> list:
    """A row whose name, joined from several lines (row.texts, on `lines`), is two items' names
    run together with the cut not at a line's end (the second name wrapped in its cell:
    "因公出国（境）费", "公务", "接待费"): parted where parted_items parts it, the first row
    without amounts (its cells vanished), the second with the row's. As it was otherwise."""
    pieces = [norm_label(t) for t in row.texts]
    if sum(map(len, pieces)) != len(row.name) or len(lines) != len(pieces):
        return [row]              # (the name is not its lines' words laid end to end)
    splits = item_splits(row.name, items)
    if len(splits) != 1 or not parted_items(row.name[:splits[0]], row.name[splits[0]:], items):
        return [row]
    k, at, n = splits[0], 0, 0
    while at + len(pieces[n]) <= k:          # the line the second name starts on
        at += len(pieces[n])
        n += 1
    first, second = row.name[:k], row.name[k:]
    head = pieces[:n] + ([pieces[n][:k - at]] if k > at else [])
    tail = [pieces[n][k - at:]] + pieces[n + 1:]
    return [replace(row, line_end=lines[n - (k == at)], name=first, raw_label=" / ".join(head), values=[], texts=[]),
            replace(row, line=lines[n], name=second, raw_label=" / ".join(tail), texts=[])]


def parted_notes(rows: list, items) -> list[tuple[str, str]]:
    """Say, of each row parted from the next by parted_items, that it printed no amount (its
    cells vanished: not read as zeros)."""
    return [(CELLS_VANISHED, (f"第 {row.line} 行{quoted(row.name)}与下一行{quoted(below.name)}在逐格输出的文字中相连，"
                              f"已按模板拆为两行；{quoted(row.name)}一行未印出金额（各格为空，未按 0 读入）"))
            for row, below in pairwise(rows) if not row.values and parted_items(row.name, below.name, items)]
