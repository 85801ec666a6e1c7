"""Cells the readers could not read (PrintedCell.unread): which failures needed them.

A formula saved without its result, an error value, an amount printed as ###: the cell has no
amount and no Fact, so a rule reading it sees nothing there, and a sum or a comparison that
needs it comes out wrong by the whole amount. Such a failure is no finding against the
document: the runner reports the instance as not checked, naming the cells and why
(Context._emit). What a failure needed is told by what it cites (its evidence and its
location): the cell's row itself, its table as a whole (a value the rule found missing), or a
sum over rows that takes the cell's row in.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..extract.rows import HIDDEN_AMOUNT, UNNAMED_KEY
from ..identities import RowKey, hierarchy
from ..model import Disclosure, PrintedCell, PrintedRow, PrintedTable
from ..model.findings import Location
from ..model.provenance import Provenance
from ..text import quoted


@dataclass(frozen=True)
class Unread:
    """One unread cell: where (table index, row index, column key or None where the reader
    could not place it) and the cell."""
    table: int
    row: int
    column: str | None
    cell: PrintedCell


def unread_cells(disc: Disclosure) -> dict[tuple[str, int], list[Unread]]:
    """The unread cells of each printed table, by (file, table index)."""
    out: dict[tuple[str, int], list[Unread]] = {}
    for t in disc.tables:
        for r in t.rows:
            for c in r.cells:
                if c.unread is not None:
                    out.setdefault((c.provenance.file, t.index), []).append(Unread(t.index, r.index, c.column, c))
    return out


def placed_hidden(cells: dict[tuple[str, int], list[Unread]]) -> set[tuple[str, int, int]]:
    """The lines (file, table, line) whose ### the table keeps as unread cells, each in its
    column (extract.tables.keep_hidden keeps those the reader could not place, column None)."""
    hidden: dict[tuple[str, int, int], bool] = {}
    for (file, index), found in cells.items():
        for u in found:
            if HIDDEN_AMOUNT.match(u.cell.text):
                at = (file, index, u.cell.provenance.line)
                hidden[at] = hidden.get(at, True) and u.column is not None
    return {at for at, placed in hidden.items() if placed}


def cell_said(u: Unread, table: PrintedTable) -> str:
    """'表3!E9（公式无计算结果）', or where no reference is known '第 12 行“合计”列（印成“###”）'."""
    cell = u.cell
    if cell.provenance.ref:
        return f"{cell.provenance.ref}（{cell.unread}）"
    column = next((c.label for c in table.columns if c.key == u.column), None) if u.column else None
    return f"第 {cell.provenance.line} 行" + (f"{quoted(column)}列" if column else "") + f"（{cell.unread}）"


class Needs:
    """Which unread cells a failure needed (needed). Built once per check; a table's row
    hierarchy worked out when first asked for."""

    def __init__(self, disc: Disclosure, cells: dict[tuple[str, int], list[Unread]]):
        self.disc, self.cells = disc, cells
        self._parents: dict[int, dict[int, int]] = {}

    def needed(self, evidence: list, location: Location, whole: bool = True) -> list[Unread]:
        """The unread cells the failure needed; `whole`: a table it cites as a whole is one it
        found a value missing in (a rule comparing figures; not one of completeness, whose
        failures cite a table for what it lacks in words or rows)."""
        cited = [e.provenance for e in evidence if e.provenance is not None and e.provenance.table is not None]
        out = []
        for (file, index), cells in self.cells.items():
            mine = [p for p in cited if p.file == file and p.table == index]
            table = self.disc.tables[index]
            out += [u for u in cells if self._needs(u, table, mine, len(cited), location, whole)]
        return out

    def _needs(self, u: Unread, table: PrintedTable, cited: list[Provenance], count: int,
               location: Location, whole: bool) -> bool:
        """cited: the failure's evidence in the cell's table; count: all its evidence."""
        if named_at(u, table, location):
            return True                # the failure is about the cell itself (a total found empty)
        if whole and any(p.row is None for p in cited):
            return True                # the table cited as a whole: a value the rule found missing there
        same = [p for p in cited if p.column is None or in_column(u, p.column)]
        if any(p.row == u.row for p in same):
            return True                # its own cell's row and column
        # the row's own sum (合计 = 基本支出 + 项目支出): two of its cells cited, or nothing else
        on_row = sum(1 for p in cited if p.row == u.row)
        if on_row and (on_row >= 2 or on_row == count):
            return True
        # (a table cited without a row, by a rule of completeness: no sum of rows)
        return self._in_sum(u, table, {p.row for p in same if p.row is not None}, len(cited) == count)

    def _in_sum(self, u: Unread, table: PrintedTable, rows: set[int], only_here: bool) -> bool:
        """The cited rows are a sum its row is a part of: its parent in the classification and
        its siblings, nothing else (a parent's check over its children; the parent alone where
        the failure cites nothing outside the table: its only child is the cell's), or, for a
        row without a code (items such as 因公出国（境）费), two rows of its side or more, none of
        them coded."""
        row = table.rows[u.row]
        side = [r for r in rows if r != u.row and table.rows[r].side == row.side]
        if not row.code:             # (a coded sum, the classification's, takes no uncoded row in)
            return len(side) >= 2 and not any(table.rows[r].code for r in side)
        parents = self._parents_of(table)
        parent = parents.get(u.row)
        if parent not in side:
            return False
        siblings = [r for r in side if r != parent]
        return all(parents.get(r) == parent for r in siblings) and (bool(siblings) or only_here)

    def _parents_of(self, table: PrintedTable) -> dict[int, int]:
        found = self._parents.get(table.index)
        if found is None:
            keys = [RowKey(r.code, r.name, r.project, bool(r.cells)) for r in table.rows]
            found = self._parents[table.index] = {c: p for p, kids in hierarchy(keys) for c in kids}
        return found


def in_column(u: Unread, column: str) -> bool:
    """The unread cell may stand in this column: its own, or one of its candidates where the
    reader left it open (any column where it named none)."""
    if u.column is not None:
        return column == u.column
    return not u.cell.candidates or column in u.cell.candidates


def row_names(row: PrintedRow) -> set[str]:
    """What a finding's location calls a row: its code, its name or project, both, as printed."""
    both = " ".join(x for x in (row.code, row.project or row.name) if x)
    return {row.code, row.project, row.name, row.raw_label, both} - {""}


def named_at(u: Unread, table: PrintedTable, location: Location) -> bool:
    """The failure's location is the cell: its table, its row and (where both say) its column."""
    if location.table_kind != table.kind or location.table != table.number or location.row is None:
        return False
    if not set(location.row.split("/")) & row_names(table.rows[u.row]):
        return False
    if location.column is None:
        return True
    if u.column is None and u.cell.candidates:
        # (its column left open among some: the failure is about it if about one of them; an
        # amount under a column the template lacks (rows.UNNAMED_KEY + its word) is none of
        # the template's)
        labels = {c.label for c in table.columns if c.key in u.cell.candidates}
        return location.column in labels | {k.removeprefix(UNNAMED_KEY) for k in u.cell.candidates}
    label = next((c.label for c in table.columns if c.key == u.column), None) if u.column else None
    return label is None or location.column == label
