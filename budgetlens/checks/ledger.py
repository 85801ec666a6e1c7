"""The printed amounts of a disclosure under one reading of its undecided columns.

Rules read amounts through a `Ledger`. Where the reader left a cell's column open, a row has
several possible assignments; the ledger shows one of them (the first by default) and records
which undecided rows a rule looked at, so the runner can re-check under every other reading.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from ..identities import RowKey, Value
from ..model import Disclosure, PrintedRow, PrintedTable
from ..model.provenance import Provenance

RowId = tuple[int, int]              # (table index, row index)
MAX_ROW_READINGS = 64


@dataclass
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


@dataclass
class _Cell:
    amount: Decimal
    places: int
    text: str
    provenance: Provenance
    keys: list[str]                   # decided: one key; undecided: the candidates
    coords: list[dict[str, str]]      # coords per key


@dataclass
class _Row:
    cells: list[_Cell]
    readings: list[tuple[str, ...]] = field(default_factory=list)  # undecided rows only


def _coords_dict(c) -> dict[str, str]:
    return {k: v for k, v in c.model_dump(exclude_none=True).items() if k != "label"}


class Book:
    """Reading-independent index of the disclosure's printed cells (built once per check)."""

    def __init__(self, disc: Disclosure):
        self.disc = disc
        self.rows: dict[RowId, _Row] = {}
        self.cache: dict[tuple[RowId, int], dict[str, Val]] = {}   # row values per reading
        self.by_kind: dict[str, PrintedTable] = {}
        for t in disc.tables:
            self.by_kind.setdefault(t.kind, t)
        facts: dict[RowId, list] = {}
        for f in disc.facts:
            facts.setdefault((f.table, f.row), []).append(f)
        for t in disc.tables:
            order = {c.key: i for i, c in enumerate(t.columns)}
            shift = 4 if t.unit == "元" else 0     # every rule compares in 万元
            for r in t.rows:
                cells = self._cells(r, facts.get((t.index, r.index), []), shift)
                entry = _Row(cells)
                if any(len(c.keys) > 1 for c in cells):
                    entry.readings = _row_readings(cells, order)
                self.rows[(t.index, r.index)] = entry

    @staticmethod
    def _cells(row: PrintedRow, facts: list, shift: int) -> list[_Cell]:
        out = []
        printed = [c for c in row.cells if c.amount is not None]
        for cell, fact in zip(printed, facts):
            if cell.column:
                keys, coords = [cell.column], [_coords_dict(fact.coords)]
            else:
                keys, coords = list(cell.candidates), [_coords_dict(a) for a in fact.alternatives]
            out.append(_Cell(cell.amount.scaleb(-shift), (cell.precision or 0) + shift, cell.text,
                             cell.provenance, keys, coords))
        return out


def _row_readings(cells: list[_Cell], order: dict[str, int]) -> list[tuple[str, ...]]:
    """Assignments of the row's cells to columns: distinct keys, in printed column order."""
    out = []
    for combo in itertools.product(*(c.keys for c in cells)):
        idx = [order.get(k, -1) for k in combo]
        if all(a < b for a, b in zip(idx, idx[1:])):
            out.append(combo)
        if len(out) >= MAX_ROW_READINGS:
            break
    return out or [tuple(c.keys[0] for c in cells)]


def _row_values(table: PrintedTable, row: PrintedRow, entry: _Row, reading: int) -> dict[str, Val]:
    keys = entry.readings[reading] if entry.readings else tuple(c.keys[0] for c in entry.cells)
    out = {}
    for cell, key in zip(entry.cells, keys):
        coords = cell.coords[cell.keys.index(key)] if cell.coords else {}
        out[key] = Val(cell.amount, cell.places, key, coords, table.index, row.index, cell.text,
                       cell.provenance)
    return out


class Ledger:
    """Amounts under one reading: `choice` maps an undecided row to one of its readings."""

    def __init__(self, book: Book, choice: dict[RowId, int] | None = None):
        self.book = book
        self.choice = choice or {}
        self.touched: set[RowId] = set()

    def table(self, kind: str) -> PrintedTable | None:
        return self.book.by_kind.get(kind)

    def values(self, table: PrintedTable, row: PrintedRow) -> dict[str, Val]:
        rid = (table.index, row.index)
        entry = self.book.rows.get(rid)
        if entry is None:
            return {}
        reading = 0
        if entry.readings:
            self.touched.add(rid)
            reading = self.choice.get(rid, 0)
        cached = self.book.cache.get((rid, reading))
        if cached is None:
            cached = self.book.cache[(rid, reading)] = _row_values(table, row, entry, reading)
        return cached

    def cells(self, kind: str) -> Iterator[Val]:
        table = self.table(kind)
        if table is None:
            return
        for row in table.rows:
            yield from self.values(table, row).values()

    def find(self, kind: str, row: str | None = None, **coords: str | None) -> list[Val]:
        """Cells of table `kind` whose coords match; row 'total', a code, or None for any row."""
        table = self.table(kind)
        if table is None:
            return []
        out = []
        for r in table.rows:
            if row == "total" and not is_total_row(r):
                continue
            if row not in (None, "total") and r.code != row:
                continue
            for v in self.values(table, r).values():
                if all(v.coords.get(k) == want for k, want in coords.items()):
                    out.append(v)
        return out

    def one(self, kind: str, row: str | None = None, **coords: str | None) -> Val | None:
        found = self.find(kind, row, **coords)
        return found[0] if found else None


def printed_items(table: PrintedTable) -> set[str]:
    """The items (三公 因公出国（境）费 …) a table prints: as rows (Xinjiang) or as columns
    (Shanghai, Jiangsu)."""
    items = {r.coords.get("item") for r in table.rows} | {c.coords.get("item") for c in table.columns}
    return {i for i in items if i}


def is_total_row(row: PrintedRow) -> bool:
    return RowKey(row.code, row.name, row.project).is_total


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
