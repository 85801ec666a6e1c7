"""The accounting identities, in one place.

Extraction uses them to break ties the headers leave open (plain text whose empty cells
vanished); the checks use them to find defects. Everything here works on plain values:
a row is a mapping column key → (amount, printed decimal places).
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from functools import lru_cache
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Collection, Iterable, Sequence

from .text import memoised


Value = tuple[Decimal, int]          # amount, decimal places printed
Reading = dict[str, Value]           # column key → value; a missing key is an empty cell (0)

TOTAL_LABEL = re.compile(r"^(总计|合计|小计|收入总计|支出总计|本年收入合计|本年支出合计)$")


# the power of ten that takes a figure in each money unit to 万元, the unit every rule compares in
WAN_SHIFT = {"元": -4, "千元": -1, "万元": 0, "百万元": 2, "亿元": 4}


def wan_shift(unit: str | None) -> int:
    """The power of ten from a table's or a figure's money unit to 万元 (none printed: 万元)."""
    return WAN_SHIFT.get((unit or "万元").strip(), 0)


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
    tol = half_unit(total[1]) if total else Decimal(0)
    for p in parts:
        if p:
            tol += half_unit(p[1])
    return printed_gap(total[0] if total else None, [p[0] for p in parts if p]), tol


def printed_gap(total: Decimal | None, parts: Iterable[Decimal]) -> Decimal:
    """Printed total − sum of printed parts (an empty total counts as 0)."""
    gap = total if total is not None else Decimal(0)
    for p in parts:
        gap -= p
    return gap


class Minus(str):
    """A sum's part that counts negatively: the key of a column subtracted (年末结转和结余 =
    年初结转和结余 + 本年收入 − 本年支出). Equal to its key, so a reading or a set of printed
    columns finds it as the column itself; only the arithmetic sees the sign."""


def sign(part: str) -> int:
    return -1 if isinstance(part, Minus) else 1


def is_minus(part: str) -> bool:
    return isinstance(part, Minus)


def signed(value: Value | None, part: str) -> Value | None:
    """A part's value as it enters its sum (a Minus part's negated)."""
    if value is None or not isinstance(part, Minus):
        return value
    return -value[0], value[1]


def part_values(reading: Reading, parts: Sequence[str]) -> list[Value | None]:
    return [signed(reading.get(p), p) for p in parts]


def sums_agree(total: Value | None, parts: Sequence[Value | None]) -> bool:
    gap, tol = sum_gap(total, parts)
    return abs(gap) <= tol


# ---- row hierarchy --------------------------------------------------------------------------

@dataclass
class RowKey:
    code: str = ""
    name: str = ""
    project: str = ""
    printed: bool = True        # the row prints an amount (read or not)

    @property
    def is_total(self) -> bool:
        return not self.code and bool(TOTAL_LABEL.match(self.name))


def hierarchy(rows: Sequence[RowKey]) -> list[tuple[int, list[int]]]:
    """(parent, children) groups of a classified table: total → [unit rows →] classes → … .

    A code's parent is the nearest row above it whose code is the code less its last two
    digits; a class (3 digits) hangs under the nearest unit row above, else the total row; so
    does a project printed without a code (单位名称 | 项目名称 | …). A unit row prints amounts: a
    name alone, without code or amount, is none (a header's words or a name's rest a page
    break cut, read as a row: the classes under it are the total's).
    Rows of one code repeated (one per project) are all children of that code's parent.
    """
    children: dict[int, list[int]] = {}
    total = next((i for i, r in enumerate(rows) if r.is_total), None)
    unit: int | None = None
    last_by_code: dict[str, int] = {}
    since_unit: set[str] = set()          # the classes printed under the current unit
    for i, row in enumerate(rows):
        if i == total:
            continue
        if not row.code:
            if row.project:          # a project printed without a code: its unit's, else the total's
                parent = unit if unit is not None else total
                if parent is not None:
                    children.setdefault(parent, []).append(i)
            elif row.name and total is not None and not row.is_total and (
                    row.printed or unit is not None and restarts_classes(rows, i, since_unit)):
                unit = i                  # a unit/department subtotal row
                since_unit = set()
                children.setdefault(total, []).append(i)
            continue
        if len(row.code) <= 3:
            since_unit.add(row.code)
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


def restarts_classes(rows: Sequence[RowKey], at: int, since_unit: set[str]) -> bool:
    """A name alone (no code, no amount) after a unit's classes that the classes below start
    over from (a class the current unit printed already): the next unit's row, its subtotal
    not printed, not a name's rest a page break cut."""
    nxt = next((r for r in rows[at + 1:] if r.code or r.name and not r.project), None)
    return nxt is not None and 0 < len(nxt.code) <= 3 and nxt.code in since_unit


# ---- a definition: which column an economic class's amount is in ----------------------------

# 人员经费 holds 301 工资福利支出 and 303 对个人和家庭的补助, 公用经费 every other class: the
# documents' own glossary ("公用经费：指…除工资福利支出和对个人和家庭的补助外的其他支出"). The
# template declares it per column (ColumnSpec.classes); ANY_CLASS is "every class no other lists".
ANY_CLASS = "*"


def economic_column(code: str, classes: dict[str, Sequence[str]]) -> str | None:
    """The column an economic code's amount belongs to by the columns' declared classes: the
    one listing its class (its first three digits), else the one taking any class; None for a
    row without a code (a total, a name alone)."""
    if len(code) < 3 or not code.isdigit():
        return None
    named = next((k for k, cs in classes.items() if code[:3] in cs), None)
    return named or next((k for k, cs in classes.items() if ANY_CLASS in cs), None)


def by_definition(choices: list[list[str]], column: str | None, parts: set[str]) -> list[list[str]]:
    """A row's per-value candidate columns, where the sums left one value between the columns a
    definition assigns (parts: 人员经费 | 公用经费, its candidates those only) and `column`,
    the row's by definition, is among them: that column. Whether a value is the row's total or
    a part, the definition does not say; two values open between the parts are left open."""
    open_ = [j for j, cs in enumerate(choices) if len(cs) > 1 and column in cs and parts.issuperset(cs)]
    if column is None or len(open_) != 1:
        return choices
    return [[column] if j == open_[0] else cs for j, cs in enumerate(choices)]


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


def one_way_each(sums: Sequence[tuple[str, Sequence[str]]]) -> list[bool]:
    """Per sum (its total and the parts a table prints), whether it is the table's way of
    printing its total: not where another sum of that total holds all its parts and more (or
    the same parts, given first). A template may name two ways (上年结转结余 whole, or in its
    three levels); the other would say the parts only this one holds are 0."""
    return [not any(other == total and (set(parts) < set(more) or set(parts) == set(more) and m < n)
                    for m, (other, more) in enumerate(sums))
            for n, (total, parts) in enumerate(sums)]


def printed_ways(sums: Sequence[tuple[str, Sequence[str]]], printed: set[str]) -> list[tuple[str, Sequence[str]]]:
    """The sums but a way of printing a total the columns `printed` show is not the table's
    (one_way_each of their printed parts), and but a sum none of whose parts is printed (its
    total printed whole: 上年结转 of a table without the carry-over's levels, which would else
    have to be 0) or whose total is not printed (the levels printed without their whole, an
    optional column: it holds no amount, not 0); each kept whole."""
    shown = [(total, [p for p in parts if p in printed]) for total, parts in sums]
    kept = one_way_each(shown)
    return [s for s, k, (total, parts) in zip(sums, kept, shown) if k and parts and total in printed]


Sum = tuple[str, Sequence[str]]      # a column sum: its total and terms (a Minus term subtracted)


def printed_sums(sums: Sequence[Sum], printed: set[str]) -> list[tuple[str, list[str]]]:
    """The sums that hold over the columns `printed`, in the template's order, each with the
    printed columns it adds up: a sum whose columns are all printed holds whole (whole_sums); a
    total none of whose ways is printed whole holds over what the printed columns show
    (open_sums). Extraction places a row's amounts by them (extract.tables.printed_only,
    resolve_unnamed), and the checks add up the same sums (checks.rules.arithmetic._checked_sums)."""
    whole = whole_sums(sums, printed)
    found = sorted([(n, terms) for n, terms in enumerate(whole) if terms is not None]
                   + [(n, parts) for n, parts, _ in open_sums(sums, printed, whole)])
    return [(sums[n][0], parts) for n, parts in found]


def whole_sums(sums: Sequence[Sum], printed: set[str]) -> list[list[str] | None]:
    """Per sum, its terms (unfolded) where all its columns are printed, else None."""
    return [unfolded(sums, n, printed) for n in range(len(sums))]


def open_sums(sums: Sequence[Sum], printed: set[str], whole: Sequence[list[str] | None]
              ) -> list[tuple[int, list[str], list[str]]]:
    """The sums of a printed total no sum holds whole of (whole: whole_sums), over the columns
    that show their parts: (index, shown_parts) of the way the table prints each (one_way_each),
    where it shows any part. A subtracting sum holds whole or not at all.

    A part not printed counts as none: a column the table does not have (a 收入总表 without
    财政专户: 总计 = 小计 + 单位资金 + 上年结转结余; 小计 | 一般公共预算 alone: 小计 = 一般公共
    预算). Not a level of a whole the template prints either whole or in its levels
    (levels_beside_whole) where that whole is printed: the levels printed beside it are "of
    which" items (其中) and the rest is in the whole, not none. So neither 上年结转结余 = 财政拨款
    结转 nor 总计 = … + 财政拨款结转 (非财政拨款结转结余 not printed) is a sum; 总计 = … +
    上年结转结余 is, and with all its levels printed the whole holds whole (whole_sums)."""
    done = {sums[n][0] for n, terms in enumerate(whole) if terms is not None}
    ways = [(n, shown_parts(sums, n, printed)) for n, (total, terms) in enumerate(sums)
            if total in printed and total not in done and not subtracts(terms)
            and not levels_beside_whole(sums, total)]
    ways = [(n, way) for n, way in ways if not _levels_left_out(sums, way[1], printed)]
    kept = one_way_each([(sums[n][0], parts) for n, (parts, _) in ways])
    return [(n, parts, unprinted) for (n, (parts, unprinted)), k in zip(ways, kept) if k and parts]


def levels_beside_whole(sums: Sequence[Sum], total: str) -> bool:
    """Whether the template prints `total` either whole or in its levels: a part of one sum
    (总计 = … + 上年结转结余) that another sum of the same total lists in its parts' stead
    (总计 = … + 财政拨款结转 + 非财政拨款结转结余)."""
    own = {p for t, q in sums if t == total for p in plus_parts(q)}
    return any(total in q and any(t == u and total not in r and own & set(r) for u, r in sums)
               for t, q in sums)


def _levels_left_out(sums: Sequence[Sum], unprinted: Sequence[str], printed: set[str]) -> bool:
    """Whether a part not printed is a level of a whole printed that the template prints either
    whole or in its levels: its amount is in that whole, not none."""
    return any(t in printed and k in plus_parts(q) and levels_beside_whole(sums, t)
               for k in unprinted for t, q in sums)


def unfolded(sums: Sequence[Sum], n: int, printed: set[str]) -> list[str] | None:
    """Sum n's terms where all its columns are printed, a part not printed that is the total of
    another (plain) sum whose parts are all printed replaced by those parts: 合计 = 基本支出 +
    项目支出 where 基本支出 is printed as 人员经费 | 公用经费 only (no 小计) is 合计 = 人员经费 +
    公用经费 + 项目支出. None where a column of it is not printed."""
    total, terms = sums[n]
    out: list[str] = []
    for k in terms:
        sub = None if k in printed or subtracts(terms) else \
            next((parts for m, (t, parts) in enumerate(sums) if t == k and m != n and not subtracts(parts)), None)
        out.extend(sub if sub is not None and all(p in printed for p in sub) else [k])
    return out if total in printed and all(k in printed for k in out) else None


def shown_parts(sums: Sequence[Sum], n: int, printed: set[str]) -> tuple[list[str], list[str]]:
    """The columns printed that make up sum n's parts, and its parts none of them stands for.
    A part not printed that is a subtotal stands as its printed parts (printed_parts: 小计 not
    printed, 一般公共预算 | 政府性基金预算 are); parts not printed that a printed subtotal holds
    all of, none of them printed, stand as that subtotal (the national 收入总表's 事业收入 …
    其他收入 printed as 单位资金 alone)."""
    total, terms = sums[n]
    parts = printed_parts(sums, n, printed)
    for m, (t, q) in enumerate(sums):
        if m != n and not subtracts(q) and t in printed and t not in parts and t != total \
                and all(p in terms for p in q) and not any(p in printed for p in q):
            parts.append(t)
    held = {p for t, q in sums if t in parts for p in plus_parts(q)}
    return parts, _unprinted(sums, plus_parts(terms), printed, held, parts)


def _unprinted(sums: Sequence[Sum], keys: Sequence[str], printed: set[str], held: set[str], parts: list[str],
               seen: frozenset[str] = frozenset()) -> list[str]:
    """The keys, none of them printed, that no printed column stands for; of one standing as its
    printed parts (公务用车购置及运行费 as 运行费), its own parts not printed (购置费)."""
    out: list[str] = []
    for k in keys:
        if k in printed or k in held or k in seen:
            continue
        sub = next((plus_parts(q) for t, q in sums if t == k and any(p in parts for p in plus_parts(q))), None)
        out += [k] if sub is None else _unprinted(sums, sub, printed, held, parts, seen | {k})
    return out


def printed_parts(sums: Sequence[Sum], n: int, printed: set[str]) -> list[str]:
    """The parts of sum n that count where `printed` are the items (or columns) a table prints:
    a part that is itself the total of another sum stands for its own parts (一、财政拨款收入
    and, under it, 其中：一般公共预算财政拨款 — both printed, only the first counts)."""
    present = _present_parts(sums, n, printed, {sums[n][0]})
    nested = {q for m, (t, parts) in enumerate(sums) if m != n and t in present for q in plus_parts(parts)}
    return [p for p in present if p not in nested]


def _present_parts(sums: Sequence[Sum], n: int, printed: set[str], seen: set[str]) -> list[str]:
    """The parts of sum n that are printed; a part not printed that is the total of another sum
    stands for that sum's printed parts (the national 收支总表 prints 事业收入 … 其他收入 without
    their subtotal 单位资金: they are parts of 本年收入合计 all the same)."""
    own = plus_parts(sums[n][1])
    out: list[str] = []
    for p in own:
        if p in printed:
            out.append(p)
            continue
        sub = next((m for m, (t, _) in enumerate(sums) if m != n and t == p), None)
        if sub is not None and p not in seen:
            # (a sum may list both a subtotal and its parts, for either to be printed)
            out.extend(q for q in _present_parts(sums, sub, printed, seen | {p}) if q not in own and q not in out)
    return out


def subtracts(terms: Sequence[str]) -> bool:
    """Whether a sum subtracts a column (年末 = 年初 + 收入 − 支出)."""
    return any(map(is_minus, terms))


def plus_parts(terms: Sequence[str]) -> list[str]:
    """A sum's terms added (its Minus terms left out)."""
    return [p for p in terms if not is_minus(p)]


def reading_ok(reading: Reading, sums: Sequence[tuple[str, Sequence[str]]]) -> bool:
    for total, parts in sums:
        if total not in reading and not any(p in reading for p in parts):
            continue
        if not sums_agree(reading.get(total), part_values(reading, parts)):
            return False
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
    rank = order or {}
    columns = sorted({c for rc in cands for r in rc for c in r}, key=lambda c: (rank.get(c, 0), c))
    index = {c: i for i, c in enumerate(columns)}
    rows = [_Row.of_readings(rc, index) for rc in cands]
    kept, consistent = _Search(rows, columns, groups, sums, anchors, root, limit).run()
    return [[rc[i] for i in ids] for rc, ids in zip(cands, kept)], consistent


def resolve_printed(rows: Sequence[Reading | Sequence[Value]], columns: Sequence[str],
                    groups: list[tuple[int, list[int]]], sums: Sequence[tuple[str, Sequence[str]]],
                    anchors: Sequence[Anchor] = (), root: int | None = None,
                    limit: int = 20000, unknown: dict[int, Iterable[str]] | None = None,
                    ) -> tuple[list[list[list[str]]], bool]:
    """resolve() for the rows of one printed table, answered value by value.

    A row is a Reading when a grid placed its values, else its values in printed order (the
    same as passing placements(values, columns), or [{}] when there are more values than
    columns), or a list of the Readings its order allows (its values in printed order in
    each: a row printing an unread cell at a known place among them). The answer is, per row and value, the columns (in table order) the value sits
    in under some reading resolve() keeps: all a table needs, and it spares building the
    readings (when they stay open, there can be thousands).

    unknown: per row, the columns where it prints a cell that could not be read (a percentage
    where an amount belongs, ###): no sum over rows is checked in those columns with the row
    in it (its amount there is not 0, only unknown), and a total row's unread column is no
    column it leaves empty.
    """
    searched = searched_rows(rows, groups, root, unknown)
    if len(searched) < len(rows):         # (the others print no amount: no value to answer for)
        some, groups, root, unknown = without_rows(searched, rows, groups, root, unknown)
        answer, consistent = resolve_printed(some, columns, groups, sums, anchors, root, limit, unknown)
        out: list[list[list[str]]] = [[] for _ in rows]
        for n, per_value in zip(searched, answer):
            out[n] = per_value
        return out, consistent
    # A document prints the same figures in several tables (财政拨款 and 一般公共预算 spending
    # where all of it is the one fund): the same question is answered once.
    # (a row: whether a grid placed it, and its values)
    key = (tuple((True, tuple(r.items())) if isinstance(r, dict) else
                 (None, tuple(tuple(x.items()) for x in r)) if r and isinstance(r[0], dict) else (False, tuple(r))
                 for r in rows), tuple(columns),
           tuple((p, tuple(kids)) for p, kids in groups),
           tuple((t, tuple((p, sign(p)) for p in parts)) for t, parts in sums),
           tuple((a.row, a.column, a.value) for a in anchors), root, limit,
           tuple(sorted((n, tuple(sorted(cs))) for n, cs in (unknown or {}).items() if cs)))
    out, consistent = _resolved(key)
    return [[list(cs) for cs in per_value] for per_value in out], consistent


def searched_rows(rows: Sequence, groups: list[tuple[int, list[int]]], root: int | None,
                  unknown: dict[int, Iterable[str]] | None) -> list[int]:
    """The rows resolve_printed searches: a row printing no amount has one reading, which adds
    0 to every sum it is a part of, so it decides nothing (most rows of one side of a table
    printed side by side: the other side's lines); unless it is a group's total (its parts
    must then add up to 0), the root, or it prints an unread cell."""
    needed = {p for p, _ in groups}
    needed.add(root)
    needed.update(n for n, cs in (unknown or {}).items() if cs)
    return [n for n, row in enumerate(rows) if row or n in needed]


def without_rows(searched: list[int], rows: Sequence, groups: list[tuple[int, list[int]]], root: int | None,
                 unknown: dict[int, Iterable[str]] | None) -> tuple:
    """(rows, groups, root, unknown) of the searched rows alone, numbered anew."""
    new = {n: k for k, n in enumerate(searched)}
    return ([rows[n] for n in searched], [(new[p], [new[k] for k in kids if k in new]) for p, kids in groups],
            None if root is None else new[root], {new[n]: cs for n, cs in (unknown or {}).items() if cs})


@memoised
def _resolved(key: tuple) -> tuple[list[list[list[str]]], bool]:
    """resolve_printed of its arguments as a key (tuples)."""
    rows, columns, groups, sums, anchors, root, limit, unknown = key
    sums = [(t, [Minus(p) if s < 0 else p for p, s in parts]) for t, parts in sums]
    anchors = [Anchor(*a) for a in anchors]
    index = {c: i for i, c in enumerate(columns)}
    internal = [_Row.of_readings([dict(r)], index) if placed else _Row.of_values(r, len(columns)) if placed is False
                else _Row.of_readings([dict(x) for x in r], index) for placed, r in rows]
    search = _Search(internal, list(columns), groups, sums, anchors, root, limit, by_value=True,
                     unknown={n: frozenset(index[c] for c in cs if c in index) for n, cs in unknown})
    kept, consistent = search.run()
    out = []
    for row, per_value in zip(internal, kept):
        if row.source is not None and len(row.source) == 1:     # a grid placed it: its one reading, in its order
            out.append([[c] for c in row.source[0]])
        else:
            out.append([[columns[c] for c in (sorted(cs) if len(cs) > 1 else cs)] for cs in per_value])
    return out, consistent


# How the search sees a reading: the tuple of column indices its values sit in, ascending
# (values keep their printed order), with the values as integers in units of a tenth of the
# smallest printed digit of the table, so every sum is exact integer arithmetic.

Cols = tuple[int, ...]


# The placements and sum terms below depend on a table's shape only (how many columns, which
# sums their labels enter), which every document of a template shares: they are kept like the
# templates themselves, and clear_caches (which forgets a document's strings) leaves them.
@lru_cache(maxsize=4096)
def _combinations(n: int, k: int) -> list[Cols]:
    return list(itertools.combinations(range(n), k))


@lru_cache(maxsize=4096)
def _combination_ids(n: int, k: int) -> dict[Cols, int]:
    """Each of _combinations(n, k) by its index there."""
    return {c: i for i, c in enumerate(_combinations(n, k))}


@dataclass
class _Row:
    """One printed row's candidate readings; a reading is known by its index in `cols`."""
    cols: list[Cols]
    values: list[tuple[Value, ...]]          # per reading, aligned with its cols
    placed: bool = False                     # every order-preserving placement of one set of values
    source: list[Reading] | None = None      # the caller's readings, when it gave them
    ivals: list[tuple[int, ...]] = field(default_factory=list)
    itols: list[tuple[int, ...]] = field(default_factory=list)

    @classmethod
    def of_readings(cls, readings: list[Reading], index: dict[str, int]) -> "_Row":
        cols, values = [], []
        for r in readings:
            # (column numbers are unique: the sort compares no values; no generator per value)
            order = sorted(zip(map(index.__getitem__, r), r.values()))
            at, vals = zip(*order) if order else ((), ())
            cols.append(at)
            values.append(vals)
        return cls(cols=cols, values=values, source=readings)

    @classmethod
    def of_values(cls, values: Sequence[Value], n: int) -> "_Row":
        k = len(values)
        if k > n:
            return cls(cols=[()], values=[()])            # no placement: one empty reading
        cols = _combinations(n, k)
        return cls(cols=cols, values=[tuple(values)] * len(cols), placed=True)

    def distinct_values(self) -> list[tuple[Value, ...]]:
        """The readings' values; a placed row's readings all share one tuple."""
        return self.values[:1] if self.placed else self.values

    def scale(self, ints: Callable[[tuple[Value, ...]], tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
        """Integer amounts and tolerances, by ints (_Search.ints: shared by the table's rows)."""
        if self.placed:
            iv, it = ints(self.values[0])
            self.ivals, self.itols = [iv] * len(self.cols), [it] * len(self.cols)
        else:
            pairs = [ints(v) for v in self.values]
            self.ivals, self.itols = [p[0] for p in pairs], [p[1] for p in pairs]

    def by_value(self, ids: Collection[int]) -> list[set[int]]:
        """The columns each value sits in under these readings (placed rows: same length)."""
        if len(ids) == 1:           # one reading: each value in its column
            (r,) = ids
            return [{c} for c in self.cols[r]]
        if self.placed:             # every reading places all the values: the columns by value at once
            return [set(at) for at in zip(*map(self.cols.__getitem__, ids))]
        out: list[set[int]] = []
        for r in ids:
            for j, c in enumerate(self.cols[r]):
                if j == len(out):
                    out.append(set())
                out[j].add(c)
        return out


@lru_cache(maxsize=4096)
def _column_labels(columns: tuple[str, ...], sums: tuple) -> tuple:
    """Each column's part in each row sum: (is the total, how many times a part, negative
    where subtracted). sums: (total, the parts' signs, the parts): a Minus part equals its
    column's name as a string, so its sign is part of the key."""
    return tuple(tuple((int(c == total), sum(s for p, s in zip(parts, signs) if p == c)) for total, signs, parts in sums)
                 for c in columns)


@lru_cache(maxsize=4096)
def _placements_by_labels(labels: tuple, k: int) -> list[tuple[list, list[int]]]:
    """Placements of k values (indices into _combinations) grouped by the labels of the
    columns they use: a row sum only sees which values land in its total and its parts.
    Each group comes with its sum terms (_sum_terms of its labels)."""
    # Columns go by a number per distinct label (flat tuples of ints hash fast); their
    # combinations come in the order of the columns', _combinations.
    distinct = list(dict.fromkeys(labels))
    kinds = [distinct.index(lab) for lab in labels]
    out: dict[tuple, list[int]] = {}
    for r, key in enumerate(itertools.combinations(kinds, k)):
        out.setdefault(key, []).append(r)
    return [(_sum_terms(tuple(distinct[c] for c in key)), ids) for key, ids in out.items()]


@lru_cache(maxsize=4096)
def _label_groups(labels: tuple, k: int) -> tuple[int, ...]:
    """Per placement of k values (index into _combinations), the number of its group in
    _placements_by_labels: placements alike in the labels of their columns share it."""
    out = [0] * math.comb(len(labels), k)
    for g, (_, ids) in enumerate(_placements_by_labels(labels, k)):
        for r in ids:
            out[r] = g
    return tuple(out)


@lru_cache(maxsize=4096)
def _sum_terms(labels: tuple) -> list[tuple[tuple[int, ...], tuple[int, ...], int]]:
    """For values whose columns carry these labels: per row sum that touches one of them,
    the factor of each value in (total − parts) and in the tolerance, and the sum of the
    latter (the tolerance's factor where every value has the same tolerance)."""
    terms = []
    for s in range(len(labels[0]) if labels else 0):
        gap = tuple(lab[s][0] - lab[s][1] for lab in labels)
        tol = tuple(lab[s][0] + abs(lab[s][1]) for lab in labels)
        if any(tol):
            terms.append((gap, tol, sum(tol)))
    return terms


def _sums_ok(labels: tuple, ivals: tuple[int, ...], itols: tuple[int, ...]) -> bool:
    """reading_ok in integers; labels[j][s] = (is total, times a part) of sum s for value j."""
    return _terms_ok(_sum_terms(labels), ivals, itols)


def _terms_ok(terms: list, ivals: tuple[int, ...], itols: tuple[int, ...], same: int | None = None) -> bool:
    """same: the tolerance of every value, where they share one (the values printed to the
    same places): a sum's tolerance is then one product, not a sum over the values."""
    for gap, tol, tol_sum in terms:
        limit = sum(map(operator.mul, tol, itols)) if same is None else same * tol_sum
        if abs(sum(map(operator.mul, gap, ivals))) > limit:
            return False
    return True


def anchors_by_value(tests: list) -> list[tuple]:
    """Anchors with their anchor_test, by value: (one of them, whether its column may be left
    empty, the test of a value in it, the columns of the table they name)."""
    out: dict[Decimal, tuple] = {}
    for anchor, (a, empty_ok, value_ok) in tests:
        entry = out.setdefault(anchor.value, (anchor, empty_ok, value_ok, set()))
        if a is not None:
            entry[3].add(a)
    return list(out.values())


_OPEN = object()        # a group check that does not apply (negative amounts): leave the tie open
_UNSHARED = object()    # a trial outcome that cannot be shared (some row has no reading in the support)


class _Search:
    """resolve() on integer readings: filters first, then the group checks (see resolve).

    run() answers per row the ids of the readings kept, or with by_value, the columns each
    value may sit in (see resolve_printed)."""

    def __init__(self, rows: list[_Row], columns: list[str], groups, sums, anchors, root, limit,
                 by_value: bool = False, unknown: dict[int, frozenset[int]] | None = None):
        self.rows, self.groups, self.anchors, self.root, self.limit = rows, groups, anchors, root, limit
        self.by_value = by_value
        self.index = {c: i for i, c in enumerate(columns)}
        # the columns (indices) each row prints unread (resolve_printed's unknown), and per
        # group those its sums are not checked in
        self.unknown = unknown or {}
        self.blind = [frozenset().union(*(self.unknown.get(m, ()) for m in (p, *kids))) for p, kids in groups] \
            if self.unknown else [frozenset()] * len(groups)
        places = max((v[1] for row in rows for vals in row.distinct_values() for v in vals), default=2)
        self.shift, self.scaled, self.any_negative = places + 1, {}, False
        for row in rows:
            row.scale(self.ints)
        self.labels = _column_labels(tuple(columns), tuple((t, tuple(map(sign, parts)), tuple(parts)) for t, parts in sums))
        # Rows whose candidates are all the placements their column labels allow (no anchor
        # removed any): their candidates inside a support follow from the support's labels.
        self.by_labels_only = [row.placed for row in rows]
        self.lookups: dict[int, frozenset[int]] = {}    # support_prune's: a placed row's base candidates
        self.placed_ok: dict[tuple, list[int]] = {}     # by_sums of placed rows, by their values
        self.label_placements: dict[int, list] = {}      # _placements_by_labels by count of values
        self.anchor_flags: dict[tuple[int, Decimal], list[bool]] = {}   # by_anchor's, per row and value
        self.members = [(parent, *kids) for parent, kids in groups]
        self.memo: dict = {}            # group checks by (group, candidates)
        self.sums_memo: dict = {}       # the same check by values in column order
        self.dense_memo: dict = {}      # dense()'s
        # rows with a negative amount in some reading (a group holding none needs no check)
        # (min(iv, default=0) < 0: some amount of iv is negative, without a generator per reading)
        # (none where no value is: most tables print no negative amount)
        self.negative = {i for i, row in enumerate(rows) for iv in (row.ivals[:1] if row.placed else row.ivals)
                         if min(iv, default=0) < 0} if self.any_negative else set()

    def ints(self, vals: tuple[Value, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Integer amounts and tolerances (half a unit of the last printed digit), in units of
        10^-shift. Each tuple of values once: a class and its one item, a row repeated in
        every column it fills print the same."""
        out = self.scaled.get(vals)
        if out is None:
            shift = self.shift
            # (lists made into tuples: a comprehension runs no generator per value)
            out = self.scaled[vals] = (tuple([int(a.scaleb(shift)) for a, _ in vals]),
                                       tuple([5 * 10 ** (shift - 1 - p) for _, p in vals]))
            self.any_negative = self.any_negative or min(out[0], default=0) < 0
        return out

    # -- filters before the search ------------------------------------------------------------
    def by_sums(self, row: _Row) -> list[int]:
        if row.placed:
            # (rows printing the same values have the same placements: a class and its one
            # item, a 财政拨款 row repeated in every column it fills; each tested once)
            key = (row.ivals[0], row.itols[0])
            ok = self.placed_ok.get(key)
            if ok is None:
                ok = self.placed_ok[key] = self.placements_ok(row)
            return list(ok)
        ok = [r for r, cols in enumerate(row.cols)
              if _sums_ok(tuple(self.labels[c] for c in cols), row.ivals[r], row.itols[r])]
        return ok or list(range(len(row.cols)))

    def placements_ok(self, row: _Row) -> list[int]:
        """by_sums of a placed row: its placements by the labels of their columns, tested once per labels."""
        k = len(row.cols[0])
        groups = self.label_placements.get(k)
        if groups is None:      # (looked up once per count of values: the labels are long to hash)
            groups = self.label_placements[k] = _placements_by_labels(self.labels, k)
        iv, it = row.ivals[0], row.itols[0]
        same = it[0] if it and it.count(it[0]) == len(it) else None
        ok = [rs for terms, rs in groups if _terms_ok(terms, iv, it, same)]
        if len(ok) == len(groups):
            return list(range(len(row.cols)))          # every placement
        return list(ok[0] if len(ok) == 1 else sorted(itertools.chain.from_iterable(ok))) or list(range(len(row.cols)))

    def anchor_test(self, anchor: Anchor):
        """(column index, whether the column may be left empty, the test of a value in it)."""
        tol2 = half_unit(2)
        empty_ok = abs(Decimal(0) - anchor.value) <= tol2 + tol2   # the column left empty reads 0

        def value_ok(v: Value) -> bool:
            return abs(v[0] - anchor.value) <= half_unit(v[1]) + tol2

        return self.index.get(anchor.column), empty_ok, value_ok

    def by_anchors(self, cands: list[list[int]]) -> None:
        """Each row's candidates narrowed by the anchors that apply to it (a total's to the root
        only), one after the other, an anchor that no candidate left agrees with passed over;
        no further once one candidate is left.

        Where the candidates every one of them agrees with are some, they are that narrowing:
        each step keeps them and so is never passed over (a placed row's anchors most often
        each say a column is empty: tested together, not one by one)."""
        tests = [(anchor, self.anchor_test(anchor)) for anchor in self.anchors]
        others = [t for t in tests if t[0].row != "total" or self.root is None]
        by_value = {False: anchors_by_value(others), True: anchors_by_value(tests)}     # (by: the root?)
        for i, row in enumerate(self.rows):
            if len(cands[i]) < 2:
                continue
            ok = self.agreeing_with_all(row, cands[i], by_value[i == self.root])
            if not ok:
                ok = cands[i]
                for anchor, test in (tests if i == self.root else others):
                    if len(ok) < 2:
                        break
                    ok = self.by_anchor(row, ok, anchor, test) or ok
            if len(ok) < len(cands[i]):
                self.by_labels_only[i] = False
            cands[i] = ok

    def agreeing_with_all(self, row: _Row, cands: list[int], by_value: list) -> list[int]:
        """The candidates of a placed row that all the anchors (anchors_by_value) agree with,
        where those of each value leave their columns empty in this row (no value of it is
        theirs) or say nothing of it; else [] (not told here)."""
        if not row.placed:
            return []
        empty: set[int] = set()
        for anchor, empty_ok, value_ok, columns in by_value:
            if not columns:
                continue                   # (no column of the table: they agree with every reading)
            if not empty_ok:
                return []
            flags = self.value_flags(row, anchor, value_ok)
            if all(flags):
                continue
            if any(flags):
                return []
            empty |= columns
        # (the readings leaving those columns empty, tested in C: no frame per reading)
        return list(itertools.compress(cands, map(empty.isdisjoint, map(row.cols.__getitem__, cands))))

    def value_flags(self, row: _Row, anchor: Anchor, value_ok) -> list[bool]:
        """Per value of a placed row, whether it may sit in the anchor's column."""
        # the same for every anchor of this value (most say "this column is empty": 0)
        key = (id(row), anchor.value)
        flags = self.anchor_flags.get(key)
        if flags is None:
            flags = self.anchor_flags[key] = [value_ok(v) for v in row.values[0]]
        return flags

    def by_anchor(self, row: _Row, cands: list[int], anchor: Anchor, test=None) -> list[int]:
        """The candidates that agree with the anchor (test: its anchor_test, made once for all rows)."""
        a, empty_ok, value_ok = test or self.anchor_test(anchor)
        if row.placed:
            flags = self.value_flags(row, anchor, value_ok)
            if empty_ok and all(flags):
                return cands
            if empty_ok and not any(flags):
                return [r for r in cands if a not in row.cols[r]]
            # (every reading holds the same values: each tested once above, found by its place)
            cols = row.cols
            return [r for r in cands if (flags[cols[r].index(a)] if a in cols[r] else empty_ok)]
        ok = []
        for r in cands:
            cols = row.cols[r]
            if a in cols:
                if value_ok(row.values[r][cols.index(a)]):
                    ok.append(r)
            elif empty_ok:
                ok.append(r)
        return ok

    # -- the search ---------------------------------------------------------------------------
    def run(self) -> tuple[list, bool]:
        rows, root = self.rows, self.root
        # (a row of one reading keeps it: the filters never leave a row without any)
        # (a row printing unread cells: its sums are not known, so they rule out no reading)
        cands = [self.by_sums(row) if len(row.cols) > 1 and i not in self.unknown else list(range(len(row.cols)))
                 for i, row in enumerate(rows)]
        if self.anchors:
            self.by_anchors(cands)
        base = [tuple(c) for c in cands]
        # (self.negative: the rows with a negative in any reading; none, none among the candidates)
        negative = bool(self.negative) and any(x < 0 for row, rc in zip(rows, base) for r in (rc[:1] if row.placed else rc)
                       for x in row.ivals[r])
        if root is not None and 1 < len(base[root]) <= 1000:
            found = self.each_root(base, negative)
            if found is not None:
                return found, True
            return self.answer(cands), False
        trial = list(base)
        if self.propagate(trial, negative):
            return self.answer(trial), True
        return self.answer(cands), False

    def answer(self, kept: list) -> list:
        if self.by_value:
            return [row.by_value(ids) for row, ids in zip(self.rows, kept)]
        return [list(ids) for ids in kept]

    def each_root(self, base: list[tuple[int, ...]], negative: bool) -> list | None:
        """Fix the total row to each of its readings in turn; keep what any consistent one allows.

        With the root fixed, every row lives in the root's columns (support_prune) and the
        group checks only see values in column order. When no anchor singled out a column,
        the trial is therefore decided by the labels of the root's columns: trials alike in
        those have the same outcome up to relabelling, computed once. (Asked by value, the
        answer then needs no more than which column each root reading puts at each place.)"""
        rows, root = self.rows, self.root
        shared = self.by_value and not negative and rows[root].placed and root not in self.unknown and \
            all(only for i, only in enumerate(self.by_labels_only) if i != root)
        merged: list[dict[int, None]] = [{} for _ in rows]      # ordered sets of reading ids
        if shared:
            found, outcomes = self.shared_trials(base, merged)
        else:
            found, outcomes = False, []
            for r in base[root]:
                trial = list(base)
                trial[root] = (r,)
                ok = self.propagate(trial, negative)
                if ok:
                    for m, ids in zip(merged, trial):
                        m.update(dict.fromkeys(ids))
                found = found or ok
        if not found:
            return None
        answer = self.answer(merged)
        for at_place, columns_at in outcomes:
            for per_value, places in zip(answer, at_place):
                while len(per_value) < len(places):
                    per_value.append(set())
                for cs, qs in zip(per_value, places):
                    for q in qs:
                        cs |= columns_at[q]
        return answer

    def shared_trials(self, base: list[tuple[int, ...]], merged: list[dict]) -> tuple[bool, list]:
        """The trials of each_root, one per set of labels of the root's columns where its outcome
        can be shared (else each on its own, into merged). Returns (some trial is consistent,
        the shared outcomes).

        A shared outcome is (per row and value, the places within the root's columns it
        takes, per place the columns the root readings with these labels put there)."""
        rows, root = self.rows, self.root
        cols = rows[root].cols
        # (the root is placed: its readings are _combinations, whose labels are kept by shape)
        group_of = _label_groups(self.labels, len(cols[0]))
        by_labels: dict[int, list[int]] = {}
        for r in base[root]:
            by_labels.setdefault(group_of[r], []).append(r)
        found, outcomes = False, []
        for readings in by_labels.values():
            for n, r in enumerate(readings):
                trial = list(base)
                trial[root] = (r,)
                complete = self.support_prune(trial)
                ok = self.propagate(trial, False, prune=False)
                found = found or ok
                if n == 0 and complete:         # the outcome of every reading with these labels
                    if ok:
                        rank = {c: p for p, c in enumerate(cols[r])}
                        outcomes.append(([[{rank[c] for c in cs} for cs in row.by_value(ids)]
                                          for row, ids in zip(rows, trial)],
                                         [set(at) for at in zip(*[cols[x] for x in readings])]))
                    break
                if ok:
                    for m, ids in zip(merged, trial):
                        m.update(dict.fromkeys(ids))
        return found, outcomes

    def support_prune(self, cands: list[tuple[int, ...]]) -> bool:
        """A column the root leaves empty is empty in every row (no amount is negative).

        Runs first on a fresh trial (rows still hold their base candidates). Returns False
        when some row has no reading inside the support (it keeps all it had)."""
        rows, root = self.rows, self.root
        support = rows[root].cols[cands[root][0]]
        if root in self.unknown:            # (a column it prints unread is not empty)
            support = tuple(sorted(self.unknown[root].union(support)))
        inside = set(support)
        complete = True
        for i, row in enumerate(rows):
            cur = cands[i]
            k = len(row.cols[cur[0]]) if cur else 0
            if i != root and row.placed and math.comb(len(support), k) * 4 < len(cur):
                # few placements fit inside the support: look them up rather than test every one
                # (a placed row's readings are _combinations: each one's number is kept by shape)
                held = self.lookups.get(i)
                if held is None:
                    held = self.lookups[i] = frozenset(cur)
                number = _combination_ids(len(self.labels), k)
                narrowed = tuple([x for x in map(number.__getitem__, itertools.combinations(support, k)) if x in held])
            else:        # (the readings inside the support, tested in C: no frame per reading)
                narrowed = tuple(itertools.compress(cur, map(inside.issuperset, map(row.cols.__getitem__, cur))))
            if narrowed:
                cands[i] = narrowed
            else:
                complete = False
        return complete

    def propagate(self, cands: list[tuple[int, ...]], negative: bool, prune: bool = True) -> bool:
        root = self.root
        if prune and root is not None and not negative and len(cands[root]) == 1:
            self.support_prune(cands)
        for _ in range(6):
            before = [len(c) for c in cands]
            for g in range(len(self.groups)):
                if not self.prune_group(cands, g):
                    return False
            if [len(c) for c in cands] == before:
                break
        return True

    def prune_group(self, cands: list[tuple[int, ...]], g: int) -> bool:
        """Keep the readings that take part in some consistent choice; False if none exists."""
        members = self.members[g]
        current = tuple([cands[m] for m in members])
        total = math.prod(map(len, current))
        if total == 1:
            # Nothing left to choose, so nothing to check. Every prune keeps the readings taking
            # part in some consistent choice of its group, so the printed reading of a table
            # that adds up is never pruned: one reading per row left is that reading, and the
            # group holds. A group that does not hold then is a defect of the print (the checks
            # report it); failing the search on it would drop what the other groups decided
            # (a misprinted total unsettling a row its own class's sums place).
            return True
        if total > self.limit * 50:
            return True                    # too many combinations: leave the tie open
        key = (g, current)
        kept = self.memo.get(key)
        if kept is None:
            kept = self.memo[key] = self.kept(members, current, self.blind[g])
        if kept is _OPEN:
            return True
        if not kept:
            return False
        for m, c in zip(members, kept):
            cands[m] = c
        return True

    def kept(self, members: list[int], current: tuple[tuple[int, ...], ...], blind: frozenset[int]):
        """prune_group's answer, kept for its (group, candidates): per member the readings left
        (in their order), () when no choice is consistent, or _OPEN."""
        keep = self.consistent(members, current, blind)
        if keep is _OPEN:
            return _OPEN
        if not keep[0]:
            return ()
        return tuple([tuple([c[p] for p in sorted(k)]) for c, k in zip(current, keep)])

    def dense(self, m: int, r: int, used: tuple[int, ...], rank: dict[int, int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Row m's reading r as (values, tolerances) over the columns `used` (0 where empty);
        rank: each used column's place in `used` (made once by the caller for all readings).
        Kept: the same reading recurs in every pass and trial over its groups."""
        key = (m, r, used)
        out = self.dense_memo.get(key)
        if out is None:
            row = self.rows[m]
            if row.cols[r] == used:
                out = (row.ivals[r], row.itols[r])
            else:
                vals, tols = [0] * len(used), [0] * len(used)
                for c, v, t in zip(row.cols[r], row.ivals[r], row.itols[r]):
                    vals[rank[c]], tols[rank[c]] = v, t
                out = (tuple(vals), tuple(tols))
            self.dense_memo[key] = out
        return out

    def consistent(self, members: list[int], current: tuple[tuple[int, ...], ...], blind: frozenset[int] = frozenset()):
        """Per member, the positions of its readings that take part in a consistent choice.
        blind: the columns a member prints unread, whose sums are not checked (0 for all).

        The check sees values in column order only, so groups that differ only in which
        columns the values sit in (the trials of each_root) share one result."""
        rows = self.rows
        if not self.negative.isdisjoint(members) and \
                any(x < 0 for m, rc in zip(members, current) for r in rc for x in rows[m].ivals[r]):
            return _OPEN
        used = tuple(sorted({c for m, rc in zip(members, current) for r in rc for c in rows[m].cols[r]}))
        rank = {c: i for i, c in enumerate(used)}
        dense = tuple(tuple([self.dense(m, r, used, rank) for r in rc]) for m, rc in zip(members, current))
        if blind and not blind.isdisjoint(used):
            dense = unchecked_columns(dense, [rank[c] for c in blind if c in rank])
        keep = self.sums_memo.get(dense)
        if keep is None:
            keep = [set() for _ in members]
            for pi, parent_reading in enumerate(dense[0]):
                for combo in _consistent_choices(parent_reading, dense[1:]):
                    keep[0].add(pi)
                    for slot, c in enumerate(combo, start=1):
                        keep[slot].add(c)
            self.sums_memo[dense] = keep
        return keep


def unchecked_columns(dense: tuple, places: list[int]) -> tuple:
    """The members' readings (values, tolerances) with 0 at these places: a sum there always holds."""
    def cleared(vals: tuple[int, ...]) -> tuple[int, ...]:
        out = list(vals)
        for p in places:
            out[p] = 0
        return tuple(out)

    return tuple(tuple((cleared(v), cleared(t)) for v, t in member) for member in dense)


_TOLERANCES = operator.itemgetter(1)      # of a reading as (values, tolerances)


def _consistent_choices(parent, kids) -> list[tuple[int, ...]]:
    """Indices of one reading per kid whose column sums match the parent (depth-first, pruned).

    Column by column the kids' sums s (tolerance u) match the parent's p (tolerance t) where
    |p − s| ≤ t + u, i.e. s − u ≤ p + t and s + u ≥ p − t. (Vectors by map(): no frame per column.)"""
    pv, pt = parent
    n = len(pv)
    upper = list(map(operator.add, pv, pt))
    lower = list(map(operator.sub, pv, pt))
    # Every amount is ≥ 0 here (checked by the caller), so s − u can only come down by the
    # tolerance still to come: past the parent's p + t plus that, no choice of the kids left
    # matches. bounds[k]: that limit once kid k is chosen, adding up from the last kid each
    # later kid's largest tolerance per column.
    bounds = [upper] * len(kids)
    for k in range(len(kids) - 1, 0, -1):
        bounds[k - 1] = list(map(operator.add, bounds[k], map(max, zip(*map(_TOLERANCES, kids[k])))))
    out: list[tuple[int, ...]] = []
    chosen: list[int] = []

    def walk(k: int, sums: list[int], tols: list[int]) -> None:
        if k == len(kids):
            if all(map(operator.le, map(operator.sub, sums, tols), upper)) and \
                    all(map(operator.ge, map(operator.add, sums, tols), lower)):
                out.append(tuple(chosen))
            return
        bound = bounds[k]
        for idx, (v, t) in enumerate(kids[k]):
            new_sums = list(map(operator.add, sums, v))
            new_tols = list(map(operator.add, tols, t))
            if any(map(operator.gt, map(operator.sub, new_sums, new_tols), bound)):
                continue
            chosen.append(idx)
            walk(k + 1, new_sums, new_tols)
            chosen.pop()

    walk(0, [0] * n, [0] * n)
    del walk                  # the closure refers to itself: a cycle only the collector would free
    return out
