"""The accounting identities, in one place.

Extraction uses them to break ties the headers leave open (plain text whose empty cells
vanished); the checks use them to find defects. Everything here works on plain values:
a row is a mapping column key → (amount, printed decimal places).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

Value = tuple[Decimal, int]          # amount, decimal places printed
Reading = dict[str, Value]           # column key → value; a missing key is an empty cell (0)

TOTAL_LABEL = re.compile(r"^(总计|合计|小计|收入总计|支出总计|本年收入合计|本年支出合计)$")


@lru_cache(maxsize=None)
def half_unit(places: int) -> Decimal:
    return Decimal(5).scaleb(-(places + 1))


def tolerance(places: Iterable[int]) -> Decimal:
    """Largest gap rounding alone can explain: half a unit of the last printed digit, per operand."""
    tol = Decimal(0)
    for p in places:
        tol += half_unit(p)
    return tol


def sum_gap(total: Value | None, parts: Sequence[Value | None]) -> tuple[Decimal, Decimal]:
    """(printed total − sum of printed parts, rounding tolerance). Empty cells count as 0."""
    gap = total[0] if total else Decimal(0)
    tol = half_unit(total[1]) if total else Decimal(0)
    for p in parts:
        if p:
            gap -= p[0]
            tol += half_unit(p[1])
    return gap, tol


def sums_agree(total: Value | None, parts: Sequence[Value | None]) -> bool:
    gap, tol = sum_gap(total, parts)
    return abs(gap) <= tol


# ---- row hierarchy --------------------------------------------------------------------------

@dataclass
class RowKey:
    code: str = ""
    name: str = ""
    project: str = ""

    @property
    def is_total(self) -> bool:
        return not self.code and bool(TOTAL_LABEL.match(self.name))


def hierarchy(rows: Sequence[RowKey]) -> list[tuple[int, list[int]]]:
    """(parent, children) groups of a classified table: total → [unit rows →] classes → … .

    A code's parent is the nearest row above it whose code is the code less its last two
    digits; a class (3 digits) hangs under the nearest unit row above, else the total row.
    Rows of one code repeated (one per project) are all children of that code's parent.
    """
    children: dict[int, list[int]] = {}
    total = next((i for i, r in enumerate(rows) if r.is_total), None)
    unit: int | None = None
    last_by_code: dict[str, int] = {}
    for i, row in enumerate(rows):
        if i == total:
            continue
        if not row.code:
            if row.name and total is not None and not row.is_total:
                unit = i                  # a unit/department subtotal row
                children.setdefault(total, []).append(i)
            continue
        if len(row.code) <= 3:
            parent = unit if unit is not None else total
        else:
            parent = last_by_code.get(row.code[:-2])
        if parent is not None:
            children.setdefault(parent, []).append(i)
        if not row.project:
            last_by_code[row.code] = i
        else:
            last_by_code.setdefault(row.code, i)
    return sorted(children.items())


# ---- tie-breaking: choose among candidate readings ----------------------------------------

@dataclass
class Anchor:
    """A value another table (or the other side) fixes: row 'total' or every row ('*')."""
    row: str
    column: str
    value: Decimal


def placements(values: Sequence[Value], columns: Sequence[str]) -> list[Reading]:
    """Every order-preserving way to put k printed values into n columns (empty cells vanished)."""
    k, n = len(values), len(columns)
    if k > n:
        return []
    return [dict(zip((columns[i] for i in idx), values)) for idx in itertools.combinations(range(n), k)]


def reading_ok(reading: Reading, sums: Sequence[tuple[str, Sequence[str]]]) -> bool:
    for total, parts in sums:
        if total not in reading and not any(p in reading for p in parts):
            continue
        if not sums_agree(reading.get(total), [reading.get(p) for p in parts]):
            return False
    return True


def _scaled(reading: Reading, cols: list[str], places: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A reading as integer values and rounding tolerances in units of 10^-(places+1)."""
    values, tols = [], []
    for c in cols:
        v = reading.get(c)
        if v is None:
            values.append(0)
            tols.append(0)
        else:
            values.append(int(v[0].scaleb(places + 1)))
            tols.append(5 * 10 ** (places - v[1]))     # half a unit of the last printed digit
    return tuple(values), tuple(tols)


def _consistent_choices(parent, kids) -> Iterable[tuple[int, ...]]:
    """Indices of one reading per kid whose column sums match the parent (depth-first, pruned)."""
    pv, pt = parent
    n = len(pv)
    # Every amount is ≥ 0 here (checked by the caller), so a partial sum already above the
    # parent's value plus all tolerance still to come can never come back down.
    slack = [sum(max(t[i] for _, t in kid) for kid in kids) for i in range(n)]

    def walk(k: int, sums: list[int], tols: list[int], rest: list[int], chosen: list[int]):
        if k == len(kids):
            if all(abs(pv[i] - sums[i]) <= pt[i] + tols[i] for i in range(n)):
                yield tuple(chosen)
            return
        for idx, (v, t) in enumerate(kids[k]):
            new_sums = [sums[i] + v[i] for i in range(n)]
            new_tols = [tols[i] + t[i] for i in range(n)]
            new_rest = [rest[i] - max(tt[i] for _, tt in kids[k]) for i in range(n)]
            if any(new_sums[i] - new_tols[i] > pv[i] + pt[i] + new_rest[i] for i in range(n)):
                continue
            chosen.append(idx)
            yield from walk(k + 1, new_sums, new_tols, new_rest, chosen)
            chosen.pop()

    yield from walk(0, [0] * n, [0] * n, slack, [])


def _prune_group(cands: list[list[Reading]], parent: int, kids: list[int], limit: int,
                 memo: dict | None = None, order: dict[str, int] | None = None) -> bool:
    """Keep the readings that take part in some consistent choice; False if none exists.

    The check only sees values in column order, so groups that differ only in which columns
    the values sit in (the root readings of a table whose cells vanished) share one result."""
    members = [parent, *kids]
    sizes = [len(cands[m]) for m in members]
    if all(s == 1 for s in sizes):
        return True
    total = 1
    for s in sizes:
        total *= s
    if total > limit * 50:
        return True                    # too many combinations: leave the tie open
    cols = sorted({c for m in members for r in cands[m] for c in r}, key=lambda c: ((order or {}).get(c, 0), c))
    places = max((v[1] for m in members for r in cands[m] for v in r.values()), default=2)
    negative = any(v[0] < 0 for m in members for r in cands[m] for v in r.values())
    if negative:
        return True
    scaled = [[_scaled(r, cols, places) for r in cands[m]] for m in members]
    key = tuple(tuple(x) for x in scaled)
    keep = memo.get(key) if memo is not None else None
    if keep is None:
        keep = [set() for _ in members]
        for pi, parent_reading in enumerate(scaled[0]):
            for combo in _consistent_choices(parent_reading, scaled[1:]):
                keep[0].add(pi)
                for slot, c in enumerate(combo, start=1):
                    keep[slot].add(c)
        if memo is not None:
            memo[key] = keep
    if not keep[0]:
        return False
    for slot, m in enumerate(members):
        cands[m] = [cands[m][c] for c in sorted(keep[slot])]
    return True


def _support_prune(cands: list[list[Reading]], groups, root: int) -> None:
    """A column the root leaves empty is empty in every row (the caller checked no amount is negative)."""
    if len(cands[root]) != 1:
        return
    support = set(cands[root][0])
    for i, rc in enumerate(cands):
        narrowed = [rd for rd in rc if set(rd) <= support]
        if narrowed:
            cands[i] = narrowed


def _propagate(cands: list[list[Reading]], groups, root: int | None, limit: int,
               negative: bool = False, memo: dict | None = None, order: dict[str, int] | None = None) -> bool:
    if root is not None and not negative:
        _support_prune(cands, groups, root)
    for _ in range(6):
        before = [len(c) for c in cands]
        for parent, kids in groups:
            if not _prune_group(cands, parent, kids, limit, memo, order):
                return False
        if [len(c) for c in cands] == before:
            break
    return True


def resolve(cands: list[list[Reading]], groups: list[tuple[int, list[int]]],
            sums: Sequence[tuple[str, Sequence[str]]], anchors: Sequence[Anchor] = (),
            root: int | None = None, limit: int = 20000,
            order: dict[str, int] | None = None) -> tuple[list[list[Reading]], bool]:
    """Narrow each row's candidate readings with the identities; returns (readings, consistent).

    Row sums first, then values fixed elsewhere, then parent = Σ children column by column.
    A constraint that no reading satisfies is dropped (the document has an arithmetic
    defect; the checks report it) rather than allowed to force a wrong reading.
    """
    cands = [list(c) for c in cands]
    for i, rc in enumerate(cands):
        ok = [r for r in rc if reading_ok(r, sums)]
        if ok:
            cands[i] = ok
    for anchor in anchors:
        targets = [root] if anchor.row == "total" and root is not None else range(len(cands))
        for i in targets:
            ok = [r for r in cands[i]
                  if abs(r.get(anchor.column, (Decimal(0), 2))[0] - anchor.value)
                  <= tolerance([r.get(anchor.column, (0, 2))[1], 2])]
            if ok:
                cands[i] = ok
    negative = any(v[0] < 0 for r in cands for rd in r for v in rd.values())
    memo: dict = {}
    if root is not None and 1 < len(cands[root]) <= 1000:
        merged: list[list[Reading]] = [[] for _ in cands]
        found = False
        for reading in cands[root]:
            trial = [list(c) for c in cands]
            trial[root] = [reading]
            if _propagate(trial, groups, root, limit, negative, memo, order):
                found = True
                for i, rc in enumerate(trial):
                    merged[i].extend(r for r in rc if r not in merged[i])
        if found:
            return merged, True
        return cands, False
    trial = [list(c) for c in cands]
    if _propagate(trial, groups, root, limit, negative, memo, order):
        return trial, True
    return cands, False
