"""The printed amounts of a disclosure under one reading of its undecided columns.

Rules read amounts through a `Ledger`. Where the reader left a cell's column open, a row has
several possible assignments; the ledger shows one of them (the first by default) and records
which undecided rows a rule looked at, so the runner can re-check under every other reading.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Hashable, Iterable, Iterator

from ..identities import RowKey, Value, wan_shift
from ..model import Coords, Disclosure, PrintedColumn, PrintedRow, PrintedTable
from ..model.provenance import Provenance

RowId = tuple[int, int]              # (table index, row index)
MAX_ROW_READINGS = 64


@dataclass(slots=True)
class Val:
    amount: Decimal
    places: int
    key: str                          # column key
    coords: dict[str, str]
    table: int
    row: int
    text: str
    provenance: Provenance

    @property
    def value(self) -> Value:
        return (self.amount, self.places)


@dataclass(slots=True)
class _Cell:
    amount: Decimal
    places: int
    text: str
    provenance: Provenance
    keys: list[str]                   # decided: one key; undecided: the candidates
    facts: list[Coords]               # the fact's coords per key
    dicts: list | None = None         # coords_of, made as readings ask for them

    def coords_of(self, i: int) -> dict[str, str]:
        """The coords of the i-th key as a plain dict."""
        if not self.facts:
            return {}
        if self.dicts is None:
            self.dicts = [None] * len(self.facts)
        coords = self.dicts[i]
        if coords is None:
            coords = self.dicts[i] = _coords_dict(self.facts[i])
        return coords


@dataclass(slots=True)
class _Row:
    cells: list[_Cell]
    readings: list[tuple[str, ...]] = field(default_factory=list)  # undecided rows only


_COORD_FIELDS = tuple(name for name in Coords.model_fields if name != "label")


def _coords_dict(c: Coords) -> dict[str, str]:
    """c.model_dump(exclude_none=True) less the label, read straight from the fields."""
    fields = c.__dict__
    out = {}
    for name in _COORD_FIELDS:
        value = fields.get(name)
        if value is not None:
            out[name] = value
    return out


class Book:
    """Reading-independent index of the disclosure's printed cells (built once per check).

    What rules look up again and again and does not depend on the reading (row selections,
    column maps) is kept per table (TableIndex) or in `memo`: under up to MAX_READINGS readings
    a rule re-runs, and only the undecided rows are worth reading again."""

    def __init__(self, disc: Disclosure):
        self.disc = disc
        self.rows: dict[RowId, _Row] = {}
        self.fixed: dict[RowId, dict[str, Val]] = {}                # decided rows: their one reading
        self.cache: dict[tuple[RowId, int], dict[str, Val]] = {}   # undecided rows, per reading
        self.picks: dict = {}          # an undecided row's values in a selection, per reading
        self.memo: dict = {}           # what rules work out once per check
        self.tables: dict[int, TableIndex] = {}
        # the tables rules read by kind: the document's own set (PrintedTable.group 0, a
        # department's 汇总), never a unit's table printed before it or where the 汇总 lacks
        # the kind (context.run_rule gives a rule between tables each unit's set in turn)
        self.by_kind: dict[str, PrintedTable] = {}
        for t in disc.tables:
            if t.group == 0:
                self.by_kind.setdefault(t.kind, t)
        facts: dict[RowId, list] = {}
        for f in disc.facts:
            facts.setdefault((f.table, f.row), []).append(f)
        for t in disc.tables:
            order = None
            shift = -wan_shift(t.unit)     # every rule compares in 万元
            for r in t.rows:
                rid = (t.index, r.index)
                vals = _decided_values(t, r, facts.get(rid, ()), shift)
                if vals is not None:       # the common case: every column decided
                    self.fixed[rid], self.rows[rid] = vals, _DECIDED
                    continue
                cells, undecided = _cells(r, facts.get(rid, ()), shift)
                entry = _Row(cells)
                if undecided:
                    order = order or {c.key: i for i, c in enumerate(t.columns)}
                    entry.readings = _row_readings(cells, order)
                self.rows[rid] = entry

    def decided(self, table: PrintedTable, row: PrintedRow) -> dict[str, Val] | None:
        """A decided row's values (computed once); None for an undecided row."""
        rid = (table.index, row.index)
        vals = self.fixed.get(rid)
        if vals is None:
            entry = self.rows.get(rid)
            if entry is None:
                return {}
            if entry.readings:
                return None
            vals = self.fixed[rid] = _row_values(table, row, entry, 0)
        return vals

    def open_columns(self, table: PrintedTable, row: PrintedRow) -> set[str]:
        """The columns an amount of the row may stand in where it is undecided (its candidates);
        empty for a decided row."""
        entry = self.rows.get((table.index, row.index))
        if entry is None or not entry.readings:
            return set()
        return {k for c in entry.cells if len(c.keys) > 1 for k in c.keys}

    def index(self, table: PrintedTable) -> TableIndex:
        found = self.tables.get(table.index)
        if found is None:
            found = self.tables[table.index] = TableIndex(self, table)
        return found

    def column(self, table: PrintedTable, key: str) -> PrintedColumn | None:
        """table.column(key), from a map built once per table."""
        return self.index(table).column(key)

    def printed_items(self, table: PrintedTable) -> set[str]:
        return self.index(table).printed_items()

    def rows_with_code(self, table: PrintedTable, code: str) -> list[PrintedRow]:
        return self.index(table).rows_with_code(code)

    def code_rows(self, table: PrintedTable, code: str | None) -> list[PrintedRow]:
        return self.index(table).code_rows(code)

    def total_rows(self, table: PrintedTable) -> list[PrintedRow]:
        return self.index(table).total_rows()


_DECIDED = _Row([])     # the entry of a row whose values the book holds from the start


def _decided_values(table: PrintedTable, row: PrintedRow, facts, shift: int) -> dict[str, Val] | None:
    """The values of a row whose every amount has its column (as _row_values would give
    them from _cells); None when some amount's column is not decided."""
    out = {}
    for cell, fact in _with_facts(row, facts):
        key = cell.column
        if not key:
            return None
        out[key] = Val(cell.amount.scaleb(-shift), (cell.precision or 0) + shift, key, _coords_dict(fact.coords),
                       table.index, row.index, cell.text, cell.provenance)
    return out


def _with_facts(row: PrintedRow, facts):
    """The row's printed amounts, each with its fact (facts follow the amounts in order)."""
    facts = iter(facts)
    for cell in row.cells:
        if cell.amount is None:
            continue
        fact = next(facts, None)
        if fact is None:
            return
        yield cell, fact


def _cells(row: PrintedRow, facts, shift: int) -> tuple[list[_Cell], bool]:
    """The row's printed amounts with their fact (in order), and whether a column is open."""
    out = []
    undecided = False
    for cell, fact in _with_facts(row, facts):
        if cell.column:
            keys, coords = [cell.column], [fact.coords]
        else:
            keys, coords = cell.candidates, fact.alternatives
            undecided = undecided or len(keys) > 1
        out.append(_Cell(cell.amount.scaleb(-shift), (cell.precision or 0) + shift, cell.text,
                         cell.provenance, keys, coords))
    return out, undecided


class TableIndex:
    """One printed table's rows and values looked up by what rules ask for (each map made
    when first asked for, once per check)."""

    def __init__(self, book: Book, table: PrintedTable):
        self.book, self.table = book, table
        self._columns: dict[str, PrintedColumn] | None = None
        self._items: set[str] | None = None
        self._column_coords: set[str] | None = None
        self._by_code: dict[str, list[PrintedRow]] | None = None
        self._code_rows: dict[str | None, list[PrintedRow]] = {}
        self._totals: list[PrintedRow] | None = None
        self._flat: list[Val] | None | bool = False       # False: not yet; None: undecided rows
        self._by_coord: dict[str, dict] = {}

    def column(self, key: str) -> PrintedColumn | None:
        if self._columns is None:
            self._columns = {}
            for c in self.table.columns:
                self._columns.setdefault(c.key, c)
        return self._columns.get(key)

    def column_coords(self) -> set[str]:
        """The coordinates the table's columns name (source, nature, economic_code …)."""
        if self._column_coords is None:
            self._column_coords = {k for c in self.table.columns for k in c.coords}
        return self._column_coords

    def printed_items(self) -> set[str]:
        if self._items is None:
            self._items = printed_items(self.table)
        return self._items

    def rows_with_code(self, code: str | None) -> list[PrintedRow]:
        """The rows printing this code, in order."""
        if self._by_code is None:
            self._by_code = {}
            for r in self.table.rows:
                self._by_code.setdefault(r.code, []).append(r)
        return self._by_code.get(code, [])

    def code_rows(self, code: str | None) -> list[PrintedRow]:
        """The rows of a code: those without a project if any, else all (a project table)."""
        rows = self._code_rows.get(code)
        if rows is None:
            same = self.rows_with_code(code)
            rows = self._code_rows[code] = [r for r in same if not r.project] or same
        return rows

    def total_rows(self) -> list[PrintedRow]:
        """The table's grand total: its 总计 rows, else its 合计 rows, else the 小计 rows (a
        project table's 小计 under each unit beside the 合计 is part of it, not more of it)."""
        if self._totals is None:
            totals = [r for r in self.table.rows if is_total_row(r)]
            top = min(map(_total_rank, totals), default=0)
            self._totals = [r for r in totals if _total_rank(r) == top]
        return self._totals

    def lookup(self, want: Want) -> list[Val] | None:
        """The table's values matching `want`, in row order, from a map by one wanted
        coordinate; None when the table has undecided rows (their values depend on the reading)."""
        if self._flat is False:
            flat = []
            for r in self.table.rows:
                vals = self.book.decided(self.table, r)
                if vals is None:
                    flat = None
                    break
                flat += vals.values()
            self._flat = flat
        if self._flat is None:
            return None
        name, value = next(((k, w) for k, w in want if w.__class__ is not tuple), (None, None))
        if name is None:
            return matching(self._flat, want)
        by_value = self._by_coord.get(name)
        if by_value is None:
            by_value = self._by_coord[name] = {}
            for v in self._flat:
                by_value.setdefault(v.coords.get(name), []).append(v)
        return matching(by_value.get(value, ()), want)


def _row_readings(cells: list[_Cell], order: dict[str, int]) -> list[tuple[str, ...]]:
    """Assignments of the row's cells to columns: distinct keys, in printed column order.

    The same list as filtering itertools.product(*keys) for rising column order, in the same
    order, but a prefix already out of order is not extended."""
    out: list[tuple[str, ...]] = []
    chosen: list[str] = []

    def extend(i: int, last: int | None) -> bool:          # False: enough readings
        if i == len(cells):
            out.append(tuple(chosen))
            return len(out) < MAX_ROW_READINGS
        for key in cells[i].keys:
            idx = order.get(key, -1)
            if last is not None and not last < idx:
                continue
            chosen.append(key)
            more = extend(i + 1, idx)
            chosen.pop()
            if not more:
                return False
        return True

    extend(0, None)
    return out or [tuple(c.keys[0] for c in cells)]


def _row_values(table: PrintedTable, row: PrintedRow, entry: _Row, reading: int) -> dict[str, Val]:
    out = {}
    if not entry.readings:            # every cell decided: its one key
        for cell in entry.cells:
            key = cell.keys[0]
            out[key] = Val(cell.amount, cell.places, key, cell.coords_of(0), table.index, row.index,
                           cell.text, cell.provenance)
        return out
    for cell, key in zip(entry.cells, entry.readings[reading]):
        out[key] = Val(cell.amount, cell.places, key, cell.coords_of(cell.keys.index(key)), table.index,
                       row.index, cell.text, cell.provenance)
    return out


Segment = tuple[list[Val], PrintedRow | None]   # values of decided rows, then an undecided row


class Ledger:
    """Amounts under one reading: `choice` maps an undecided row to one of its readings."""

    def __init__(self, book: Book, choice: dict[RowId, int] | None = None):
        self.book = book
        self.choice = choice or {}
        self.touched: set[RowId] = set()

    def table(self, kind: str) -> PrintedTable | None:
        return self.book.by_kind.get(kind)

    def values(self, table: PrintedTable, row: PrintedRow) -> dict[str, Val]:
        fixed = self.book.decided(table, row)
        if fixed is not None:
            return fixed
        rid = (table.index, row.index)
        entry = self.book.rows[rid]
        self.touched.add(rid)
        reading = self.choice.get(rid, 0)
        cached = self.book.cache.get((rid, reading))
        if cached is None:
            cached = self.book.cache[(rid, reading)] = _row_values(table, row, entry, reading)
        return cached

    def select(self, table: PrintedTable, want: Want, rows: Callable[[], Iterable[PrintedRow]] | None = None,
               key: Hashable = None) -> list[Val]:
        """The values of `rows()` (default: every row) whose coords match `want`, in row order:
        the same as reading every row, but what the decided rows give is worked out once per
        check. `key` names the row selection (it defaults to the whole table); undecided rows
        are read under this ledger's reading."""
        if rows is None:
            key = None
        memo_key = ("select", table.index, key, want)
        segments = self.book.memo.get(memo_key)
        if segments is None:
            found = self.book.index(table).lookup(want) if rows is None else None
            if found is not None:
                segments = [(found, None)]
            else:
                segments = self._segments(table, table.rows if rows is None else rows(), want)
            self.book.memo[memo_key] = segments
        if len(segments) == 1:
            return list(segments[0][0])
        out: list[Val] = []
        for vals, row in segments:
            out += vals
            if row is not None:
                out += self._picked(memo_key, table, row, want)
        return out

    def pick(self, table: PrintedTable, rows: Iterable[PrintedRow], want: Want) -> list[Val]:
        """The values of these rows whose coords match `want`, in row order (select without
        the memo, for a few rows looked at once)."""
        out: list[Val] = []
        for r in rows:
            out += matching(self.values(table, r).values(), want)
        return out

    def _picked(self, memo_key: Hashable, table: PrintedTable, row: PrintedRow, want: Want) -> list[Val]:
        """An undecided row's values that match, under this reading."""
        rid = (table.index, row.index)
        self.touched.add(rid)
        pick = (memo_key, rid, self.choice.get(rid, 0))
        vals = self.book.picks.get(pick)
        if vals is None:
            vals = self.book.picks[pick] = matching(self.values(table, row).values(), want)
        return vals

    def _segments(self, table: PrintedTable, rows: Iterable[PrintedRow], want: Want) -> list[Segment]:
        segments: list[Segment] = []
        run: list[Val] = []
        for r in rows:
            vals = self.book.decided(table, r)
            if vals is None:
                segments.append((run, r))
                run = []
                continue
            run += matching(vals.values(), want)
        segments.append((run, None))
        return segments

    def cells(self, kind: str) -> list[Val]:
        table = self.table(kind)
        if table is None:
            return []
        return self.select(table, ())

    def find(self, kind: str, row: str | None = None, **coords: str | None) -> list[Val]:
        """Cells of table `kind` whose coords match; row 'total', a code, or None for any row."""
        table = self.table(kind)
        if table is None:
            return []
        if row is None:
            return self.select(table, tuple(coords.items()))
        return self.pick(table, _rows_of(self.book, table, row), tuple(coords.items()))

    def one(self, kind: str, row: str | None = None, **coords: str | None) -> Val | None:
        found = self.find(kind, row, **coords)
        return found[0] if found else None

    def printed_items(self, table: PrintedTable) -> set[str]:
        return self.book.printed_items(table)


# What a selection wants of a value's coords: (name, value) pairs, all of which must hold; a
# tuple value means any of its members.
Want = tuple[tuple[str, "str | None | tuple[str | None, ...]"], ...]


def want_of(coords: dict) -> Want:
    """A Want from coords as the rule catalogue writes them (a list: any of its members)."""
    return tuple((k, tuple(w) if isinstance(w, list) else w) for k, w in coords.items())


def matching(vals: Iterable[Val], want: Want) -> list[Val]:
    if not want:
        return list(vals)
    out = []
    for v in vals:
        coords = v.coords
        for k, w in want:
            have = coords.get(k)
            if have != w and not (w.__class__ is tuple and have in w):
                break
        else:
            out.append(v)
    return out


def _rows_of(book: Book, table: PrintedTable, row: str | None) -> list[PrintedRow]:
    if row == "total":
        return book.total_rows(table)
    if row is not None:
        return book.rows_with_code(table, row)
    return table.rows


def printed_items(table: PrintedTable) -> set[str]:
    """The items (三公 因公出国（境）费 …) a table prints: as rows (Xinjiang) or as columns
    (Shanghai, Jiangsu)."""
    items = {r.coords.get("item") for r in table.rows} | {c.coords.get("item") for c in table.columns}
    return {i for i in items if i}


def is_total_row(row: PrintedRow) -> bool:
    return RowKey(row.code, row.name, row.project).is_total


def _total_rank(row: PrintedRow) -> int:
    """0 for a 总计 (收入总计, 支出总计), 1 for a 合计, 2 for a 小计."""
    return 0 if "总计" in row.name else 2 if row.name == "小计" else 1


class Verdicts:
    """What runs of one check instance decided, by the undecided rows each read and their
    readings there. A check is a deterministic function of the values it reads, so a run under
    another choice that gives those rows the same readings reads the same values, takes the
    same path (reading no other undecided row) and decides the same: it need not be run. (A
    check's `serious` verdict and its full run decide alike, so their runs share verdicts.)"""

    def __init__(self):
        self.by_rows: list[tuple[tuple[RowId, ...], dict[tuple[int, ...], bool]]] = []   # fewest rows first

    def add(self, ledger: Ledger, verdict: bool) -> None:
        rows = tuple(sorted(ledger.touched))
        seen = next((s for r, s in self.by_rows if r == rows), None)
        if seen is None:
            seen = {}
            self.by_rows.append((rows, seen))
            self.by_rows.sort(key=lambda entry: len(entry[0]))
        seen[tuple(ledger.choice.get(r, 0) for r in rows)] = verdict

    def get(self, choice: dict[RowId, int]) -> bool | None:
        for rows, seen in self.by_rows:
            verdict = seen.get(tuple(choice.get(r, 0) for r in rows))
            if verdict is not None:
                return verdict
        return None


def readings_of(book: Book, rows: set[RowId]) -> Iterator[dict[RowId, int]]:
    """Other readings of the given undecided rows: first each row changed alone (most failures
    hinge on one row), then every combination."""
    rows = sorted(r for r in rows if book.rows[r].readings)
    counts = [len(book.rows[r].readings) for r in rows]
    for i, row in enumerate(rows):
        for k in range(1, counts[i]):
            yield {row: k}
    if len(rows) > 1:
        for combo in itertools.product(*(range(n) for n in counts)):
            if sum(1 for k in combo if k) > 1:
                yield dict(zip(rows, combo))
