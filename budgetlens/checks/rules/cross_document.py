"""A 单位's disclosure against the 部门 it belongs to (same year and phase).

A 部门预算 is its own office's (本级) budget plus its subordinate units', so
- XD-UNIT-EXCEEDS: no amount of the 单位 exceeds the 部门's at the same coordinates;
- XD-CODE-MISSING: a function or economic code, or a project, the 单位 spends on is printed by
  the 部门 in the same table;
- XD-SOLE-UNIT-EQUAL: a 部门 that says it has no subordinate units (only 本级) prints nothing
  more than its 本级 单位 (with XD-UNIT-EXCEEDS: the two are equal);
- XD-THREE-PUBLIC, XD-OPERATING-COST: 三公 items and 机关运行经费 likewise (≤, = when only 本级).

Amounts are matched by coordinates — the table kind, the row's identity (function or economic
code, project, item, funding source or label) and the column's (side, phase, budget type,
source, nature) — never by printed position, so a 部门 template and a 单位 template that print
a table differently still compare wherever they print the same thing. A cell whose column the
reader left undecided is never compared, and an empty cell counts as 0 only where its row and
its column are both printed. The 部门 is `ctx.department` (`checks.check(unit, department=dept)`).

Each document is read in one set of its tables (PrintedTable.group): the 单位's own, and of the
部门 the tables it prints for this 单位 (by their 编制单位) where it prints them, else its own
(汇总); never a table of another unit the 部门 prints after its own. Findings say which set of
the 部门's they compared with ({dept_set}).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal

from ...identities import half_unit, wan_shift
from ...model import Disclosure, Fact, PrintedRow, PrintedTable
from ...model.findings import Evidence, Location
from ...segment.sets import own_set_assumed
from ...text import match_key, quoted
from ..context import (Context, Fail, InsufficientData, NotApplicable, claim_ev, fmt, kind_name, rule,
                       set_tables, several_sets, unit_set)
from .narrative import to_wan

SEPARATE = {"three_public", "operating_cost"}   # compared item by item by their own rules
CODE_KEYS = ("function_code", "economic_code")
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|其中[:：]?)")
THIS_YEAR = "本年预算"

RowId = tuple[tuple[str, str], ...]
ColId = tuple[tuple[str, str], ...]
Key = tuple[str, RowId, ColId]


@dataclass
class Amount:
    """The money at one coordinate of one document, summed over the rows that print it (a 部门
    table grouped by unit prints a code once per unit). An empty Amount is a printed empty cell."""

    amount: Decimal = Decimal(0)
    places: list[int] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    @property
    def tolerance(self) -> Decimal:
        return sum((half_unit(p) for p in self.places), Decimal(0))


class Index:
    """A disclosure's decided amounts by coordinates, and the rows and columns it prints, in one
    set of its tables (0: its own). `name`: which set, in the words of a finding."""

    def __init__(self, disc: Disclosure, group: int = 0, name: str = ""):
        self.disc = disc
        self.group, self.name = group, name
        self.tables: dict[str, PrintedTable] = set_tables(disc, group)
        self.amounts: dict[Key, Amount] = {}
        self.rows: dict[tuple[str, RowId], PrintedRow] = {}   # first printed row of each identity
        self.columns: set[tuple[str, ColId]] = set()
        self.unsure: set[tuple[str, RowId]] = set()     # rows with a cell whose column is undecided
        self.repeated: set[tuple[str, RowId]] = set()   # uncoded rows printed twice: meaning unclear
        self.texts: dict[tuple[int, int, str], str] = {}
        row_ids = self._index_rows()
        for f in disc.facts:
            self._add(f, row_ids)

    def _index_rows(self) -> dict[tuple[int, int], RowId]:
        row_ids = {}
        for t in self.tables.values():
            seen: Counter = Counter()
            for r in t.rows:
                rid = row_id(r)
                row_ids[(t.index, r.index)] = rid
                seen[rid] += 1
                self.rows.setdefault((t.kind, rid), r)
                for c in r.cells:
                    if c.amount is not None and c.column:
                        self.texts[(t.index, r.index, c.column)] = c.text
            self.repeated.update((t.kind, rid) for rid, n in seen.items() if n > 1 and not coded(rid))
        return row_ids

    def _add(self, f: Fact, row_ids: dict) -> None:
        if not 0 <= f.table < len(self.disc.tables):
            return
        kind = self.disc.tables[f.table].kind
        rid = row_ids.get((f.table, f.row))
        if self.tables.get(kind) is not self.disc.tables[f.table] or rid is None:
            return
        if f.alternatives:
            self.unsure.add((kind, rid))
            return
        row_keys = {k for k, _ in rid}
        col = tuple(sorted((k, v) for k, v in f.coords.model_dump(exclude_none=True).items()
                           if k not in row_keys and k not in ("table_kind", "label")))
        self.columns.add((kind, col))
        amount, places = in_wan(f)
        entry = self.amounts.setdefault((kind, rid, col), Amount())
        entry.amount += amount
        entry.places.append(places)
        entry.facts.append(f)

    # -- what the document prints ------------------------------------------------------------
    def empty_cell(self, kind: str, rid: RowId, col: ColId) -> bool:
        """The row and the column are printed and the cell between them is empty: 0."""
        return ((kind, rid) in self.rows and (kind, col) in self.columns
                and (kind, rid) not in self.unsure)

    def lacks(self, kind: str, rid: RowId) -> bool:
        """The document prints the table with rows of this dimension and depth, but not this
        code or project (False where that cannot be told)."""
        if kind not in self.tables or (kind, rid) in self.rows:
            return False
        row = dict(rid)
        dim = "project" if "project" in row else next((d for d in CODE_KEYS if d in row), None)
        printed, unsure = self._identities.get((kind, dim), set()), self._unsure_identities.get((kind, dim), set())
        if dim == "project":        # under whatever function code the 部门 prints it
            return bool(printed) and row["project"] not in printed and not unsure
        code = row.get(dim, "") if dim else ""
        codes = {c for c in printed if c.isdigit()}
        if not code.isdigit() or not codes:
            return False
        probe = code[:max(map(len, codes))]     # a 部门 may print classes and 款 only
        return probe not in codes and probe not in unsure

    @cached_property
    def _identities(self) -> dict[tuple[str, str], set[str]]:
        """(table kind, dimension) → the codes or projects printed: codes from rows without a
        project (表7 repeats a code for every project), projects whatever their code."""
        return _by_dimension(k for k in self.rows)

    @cached_property
    def _unsure_identities(self) -> dict[tuple[str, str], set[str]]:
        return _by_dimension(self.unsure)

    # -- evidence and locations ------------------------------------------------------------------
    def evidence(self, amount: Amount, role: str) -> list[Evidence]:
        return [Evidence(role=role, text=self.texts.get((f.table, f.row, f.column or ""), str(f.amount)),
                         provenance=f.provenance) for f in amount.facts]

    def row_evidence(self, kind: str, rid: RowId, role: str) -> Evidence:
        table, row = self.tables[kind], self.rows[(kind, rid)]
        prov = table.provenance.model_copy(update={"line": row.line, "line_end": row.line_end,
                                                   "row": row.index, "bbox": None})
        return Evidence(role=role, text=row.raw_label or row_label(row), provenance=prov)

    def table_evidence(self, kind: str, role: str) -> Evidence:
        table = self.tables[kind]
        return Evidence(role=role, text=table.title, provenance=table.provenance)

    def location(self, kind: str, rid: RowId, amount: Amount | None = None) -> Location:
        table = self.tables.get(kind)
        row = self.rows.get((kind, rid))
        column = None
        if table is not None and amount is not None and amount.facts:
            col = table.column(amount.facts[0].column or "")
            column = col.label if col else None
        return Location(table=table.number if table else None, table_kind=kind,
                        row=row_label(row) if row is not None else None, column=column)


def _by_dimension(rows) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for kind, rid in rows:
        ids = dict(rid)
        if "project" in ids:
            out.setdefault((kind, "project"), set()).add(ids["project"])
            continue
        for dim in CODE_KEYS:
            if dim in ids:
                out.setdefault((kind, dim), set()).add(ids[dim])
    return out


def row_id(row: PrintedRow) -> RowId:
    """What a row is, in words both documents share: its coordinates (code, project, item,
    source) or its label without numbering; 合计 and 总计 are one."""
    coords = dict(row.coords)
    label = coords.pop("label", None)
    if "project" in coords:
        coords["project"] = match_key(coords["project"])
    if not coords:
        key = label_key(label or row.name or row.raw_label)
        if key:
            coords["label"] = key
    if row.side:
        coords["side"] = row.side
    return tuple(sorted(coords.items()))


def label_key(text: str | None) -> str:
    key = match_key(ORDINAL.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))))
    return "合计" if key in ("合计", "总计") else key


def coded(rid: RowId) -> bool:
    return any(k in ("function_code", "economic_code", "project") for k, _ in rid)


def row_label(row: PrintedRow) -> str:
    parts = [row.code, row.project or row.name]
    return " ".join(p for p in parts if p) or row.raw_label


def shown(*amounts: Amount | None):
    """How to print a finding's figures: in 元 when every operand was printed in 元 (Shanghai),
    else in 万元 as the other rules do. Returns a formatter of 万元 amounts."""
    units = {f.unit for a in amounts if a for f in a.facts}
    if units == {"元"}:
        return lambda x: None if x is None else f"{fmt(x.scaleb(4))} 元"
    return fmt


def scaled_fail(fail: Fail, show) -> Fail:
    """difference and tolerance in the unit the message prints (the flags were set in 万元)."""
    if show is not fmt:
        fail.fields["difference"] = show(fail.difference)
        fail.fields["tolerance"] = show(fail.tolerance)
    return fail


def in_wan(f: Fact) -> tuple[Decimal, int]:
    """The fact's amount in 万元 and its printed decimal places there (every rule compares in 万元)."""
    shift = wan_shift(f.unit)
    places = f.precision if f.precision is not None else max(0, -f.amount.as_tuple().exponent)
    return f.amount.scaleb(shift), places - shift


# ---- the pair ----------------------------------------------------------------------------------

def _pair(ctx: Context) -> tuple[Index, Index]:
    dept = getattr(ctx, "department", None)
    if dept is None:
        raise NotApplicable("未提供所属部门的公开文件（--department）")
    unit = ctx.disc
    if unit.meta.scope == "部门":
        raise NotApplicable("所核对的文件是部门预算，不是单位预算")
    if dept.meta.scope == "单位":
        raise NotApplicable("所给部门文件是单位预算，不是部门预算")
    if unit.meta.year and dept.meta.year and unit.meta.year != dept.meta.year:
        raise NotApplicable(f"所给部门文件为 {dept.meta.year} 年，单位文件为 {unit.meta.year} 年")
    if unit.meta.phase and dept.meta.phase and unit.meta.phase != dept.meta.phase:
        raise NotApplicable(f"所给部门文件为{dept.meta.phase}公开，单位文件为{unit.meta.phase}公开")
    cached = getattr(ctx, "_cross_document", None)
    if cached is None or cached[1].disc is not dept:
        group = unit_set(dept, unit.meta.unit_name)
        mine = Index(dept, group, "（部门文件所印本单位的表）") if group is not None else _own(dept)
        cached = (Index(unit), mine)
        ctx._cross_document = cached         # the five rules share one index per document
    return cached


def _own(dept: Disclosure) -> Index:
    """The 部门's own tables (汇总), named so where it prints its units' tables too (and said to
    be assumed where nothing it prints told them)."""
    name = ("（汇总表，按印制顺序推定）" if own_set_assumed(dept) else "（汇总表）") if several_sets(dept) else ""
    return Index(dept, 0, name)


def _own_department(ctx: Context, dept: Index) -> Index:
    """The 部门's own set, whichever set the pair compares (a 部门 of its 本级 only, and its
    narrative, are about its own)."""
    if dept.group == 0:
        return dept
    cached = getattr(ctx, "_own_department", None)
    if cached is None or cached.disc is not dept.disc:
        cached = ctx._own_department = _own(dept.disc)
    return cached


def sole_unit(dept: Disclosure) -> bool:
    """The 部门 says it has no subordinate budget units: its budget is its 本级's."""
    return dept.overview.subunits == 0


def _comparable(unit: Index, dept: Index, kind: str, rid: RowId) -> bool:
    return kind not in SEPARATE and (kind, rid) not in unit.repeated and (kind, rid) not in dept.repeated


def _fingerprint(kind: str, rid: RowId, col: ColId = ()) -> str:
    return "|".join([kind, ",".join(f"{k}={v}" for k, v in rid), ",".join(f"{k}={v}" for k, v in col)])


# ---- tables ------------------------------------------------------------------------------------

@rule("XD-UNIT-EXCEEDS")
def unit_exceeds(ctx: Context) -> None:
    unit, dept = _pair(ctx)
    for (kind, rid, col), mine in unit.amounts.items():
        if not _comparable(unit, dept, kind, rid):
            continue
        theirs = dept.amounts.get((kind, rid, col))
        if theirs is None and not dept.empty_cell(kind, rid, col):
            continue        # the 部门 does not print this cell: nothing to compare with
        ctx.report_if(_exceeds(unit, dept, kind, rid, col, mine, theirs))
    if ctx.checked == 0:
        raise InsufficientData("两份文件没有同一口径的金额可比（表格或列不同）")


def _exceeds(unit: Index, dept: Index, kind, rid, col, mine: Amount, theirs: Amount | None) -> Fail | None:
    fail = _above(unit, dept, ("单位", "部门"), kind, rid, col, mine, theirs, shown(mine, theirs))
    if fail:
        fail.fields["dept_note"] = "" if theirs else "（部门该行此列为空）"
    return fail


@rule("XD-CODE-MISSING")
def code_missing(ctx: Context) -> None:
    unit, dept = _pair(ctx)
    spent = _row_money(unit)
    for (kind, rid), row in unit.rows.items():
        if kind in SEPARATE or not coded(rid) or not spent.get((kind, rid)):
            continue
        ctx.checked += 1
        if dept.lacks(kind, rid):
            ctx.report(_missing(unit, dept, kind, rid, row, spent[(kind, rid)]))


def _row_money(index: Index) -> dict[tuple[str, RowId], Amount]:
    """Each row's largest non-zero printed amount (its total, as a rule)."""
    out: dict[tuple[str, RowId], Amount] = {}
    for (kind, rid, _), a in index.amounts.items():
        if a.amount and ((kind, rid) not in out or a.amount > out[(kind, rid)].amount):
            out[(kind, rid)] = a
    return out


def _missing(unit: Index, dept: Index, kind, rid, row: PrintedRow, money: Amount) -> Fail:
    ids = dict(rid)
    if "project" in ids:
        what = f"项目{quoted(row.project or ids['project'])}"
    else:
        dim = next(d for d in CODE_KEYS if d in ids)
        what = f"{'功能' if dim == 'function_code' else '经济'}分类科目 {ids[dim]} {row.name}".rstrip()
    return Fail(key=_fingerprint(kind, rid), location=unit.location(kind, rid),
                expected=f"部门{kind_name(kind)}列出该{'项目' if 'project' in ids else '科目'}",
                found=shown(money)(money.amount),
                evidence=unit.evidence(money, "单位") + [dept.table_evidence(kind, "部门（未列出）")],
                fields={"what": what, "dept_set": dept.name})


@rule("XD-SOLE-UNIT-EQUAL")
def sole_unit_equal(ctx: Context) -> None:
    unit, dept = _pair(ctx)
    dept = _own_department(ctx, dept)
    if not sole_unit(dept.disc):
        raise NotApplicable("部门没有说明只含本级（无下属预算单位）")
    for (kind, rid, col), theirs in dept.amounts.items():
        if kind not in unit.tables or not _comparable(unit, dept, kind, rid):
            continue
        mine = unit.amounts.get((kind, rid, col))
        if mine is None and not unit.empty_cell(kind, rid, col):
            continue
        ctx.report_if(_short(unit, dept, kind, rid, col, theirs, mine))
    spent = _row_money(dept)
    for (kind, rid), row in dept.rows.items():
        if kind in SEPARATE or not coded(rid) or not spent.get((kind, rid)):
            continue
        ctx.checked += 1
        if unit.lacks(kind, rid):
            money = spent[(kind, rid)]
            show = shown(money)
            ctx.report(scaled_fail(Fail(
                key=_fingerprint(kind, rid), location=dept.location(kind, rid, money),
                expected=f"{show(Decimal(0))}（单位未列出）", found=show(money.amount), difference=money.amount,
                evidence=dept.evidence(money, "部门") + [unit.table_evidence(kind, "单位（未列出）")],
                fields={"dept_set": dept.name}), show))
    if ctx.checked == 0:
        raise InsufficientData("两份文件没有同一口径的金额可比（表格或列不同）")


def _short(unit: Index, dept: Index, kind, rid, col, theirs: Amount, mine: Amount | None) -> Fail | None:
    """The 部门's figure above its only unit's."""
    return _above(dept, unit, ("部门", "单位"), kind, rid, col, theirs, mine, shown(mine, theirs))


def _above(high: Index, low: Index, roles: tuple[str, str], kind, rid, col, over: Amount,
           under: Amount | None, show) -> Fail | None:
    """`over` (printed in `high`) above `under` (the same cell in `low`, absent: 0)."""
    gap = over.amount - (under.amount if under else 0)
    if gap <= 0:
        return None
    tol = over.tolerance + (under.tolerance if under else 0)
    under_ev = low.evidence(under, roles[1]) if under else [low.row_evidence(kind, rid, f"{roles[1]}（该格为空）")]
    dept = high if roles[0] == "部门" else low
    return scaled_fail(Fail(key=_fingerprint(kind, rid, col), location=high.location(kind, rid, over),
                            expected=show(under.amount if under else Decimal(0)), found=show(over.amount),
                            difference=gap, tolerance=tol, rounding=gap <= tol,
                            evidence=high.evidence(over, roles[0]) + under_ev,
                            fields={"dept_set": dept.name}), show)


# ---- 三公 and 机关运行经费 -----------------------------------------------------------------------

ITEM_NAMES = {"total": "合计", "abroad": "因公出国（境）费", "reception": "公务接待费",
              "vehicle": "公务用车购置及运行费", "vehicle_purchase": "公务用车购置费",
              "vehicle_operation": "公务用车运行维护费", "meeting": "会议费", "training": "培训费",
              "total_with_meetings": "合计（含会议费、培训费）"}
ItemKey = tuple[str, str, str]     # item, phase, budget type


def three_public_items(index: Index) -> dict[ItemKey, Amount]:
    """三公 amounts by item, whether a template prints the items as rows or as columns."""
    out: dict[ItemKey, Amount] = {}
    for (kind, rid, col), a in index.amounts.items():
        coords = {**dict(col), **dict(rid)}
        item = coords.get("item")
        if kind != "three_public" or item not in ITEM_NAMES:
            continue
        key = (item, coords.get("phase", THIS_YEAR), coords.get("budget_type") or "total")
        out.setdefault(key, a)
    return out


@rule("XD-THREE-PUBLIC")
def three_public(ctx: Context) -> None:
    unit, dept = _pair(ctx)
    mine, theirs = three_public_items(unit), three_public_items(dept)
    if not mine or not theirs:
        raise NotApplicable("单位或部门文件没有“三公”经费金额")
    sole = sole_unit(dept.disc)
    for (item, phase, btype), amount in mine.items():
        # the 单位's 一般公共预算 money is part of the 部门's 财政拨款 (total) when no like figure is printed
        other = theirs.get((item, phase, btype))
        if other is None and btype == "gpb" and not sole:
            other = theirs.get((item, phase, "total"))
        if other is not None:
            ctx.report_if(_compare(ctx, "three_public", (item, phase, btype), amount, other, unit, dept, sole,
                                   {"item": ITEM_NAMES[item]}))


@rule("XD-OPERATING-COST")
def operating_cost(ctx: Context) -> None:
    unit, dept = _pair(ctx)
    sole = sole_unit(dept.disc)
    if not sole and unit.disc.meta.unit_type == "事业":
        raise NotApplicable("事业单位（非参公）的机关运行经费不计入部门机关运行经费")
    mine, theirs = operating_figure(unit), operating_figure(dept)
    if theirs is None and dept.group != 0:      # the unit's tables do not print it: the 部门's own
        dept = _own_department(ctx, dept)
        theirs = operating_figure(dept)
    if mine is None or theirs is None:
        raise NotApplicable("单位或部门文件没有机关运行经费")
    ctx.report_if(_compare(ctx, "operating_cost", ("operating_cost",), mine[0], theirs[0], unit, dept, sole,
                           {}, mine[1], theirs[1]))


def operating_figure(index: Index) -> tuple[Amount, list[Evidence]] | None:
    """机关运行经费 of this year: the line of the 三公 table (Shanghai), else the total of a
    机关运行经费 table (Jiangsu), else the first amount the narrative states."""
    lines = [(dict(col).get("budget_type") or "total", a) for (kind, rid, col), a in index.amounts.items()
             if kind == "three_public" and {**dict(col), **dict(rid)}.get("item") == "operating_cost"
             and dict(col).get("phase", THIS_YEAR) == THIS_YEAR]
    if not lines:
        lines = [("total", a) for (kind, rid, col), a in index.amounts.items()
                 if kind == "operating_cost" and not coded(rid) and dict(col).get("phase", THIS_YEAR) == THIS_YEAR]
    if lines:
        lines.sort(key=lambda p: (p[0] != "total", -p[1].amount))   # 财政拨款 total, the table's total row
        return lines[0][1], index.evidence(lines[0][1], "")
    if index.group != 0:        # the narrative tells the document's own figure, not a unit's
        return None
    claim = next((c for c in index.disc.narrative.claims
                  if c.kind == "amount" and c.subject.concept == "admin_operating" and c.table_set == 0), None)
    if claim is None:
        return None
    value, places = to_wan(claim)
    return Amount(value, [places]), [claim_ev(claim, "")]


def _compare(ctx: Context, what: str, key: tuple, mine: Amount, theirs: Amount, unit: Index, dept: Index,
             sole: bool, fields: dict, mine_ev: list[Evidence] | None = None,
             theirs_ev: list[Evidence] | None = None) -> Fail | None:
    """单位 ≤ 部门; = when the 部门 is its 本级 alone."""
    gap = mine.amount - theirs.amount
    if gap == 0 or (gap < 0 and not sole):
        return None
    tol = mine.tolerance + theirs.tolerance
    evidence = [e.model_copy(update={"role": "单位"}) for e in (mine_ev or unit.evidence(mine, ""))] + \
               [e.model_copy(update={"role": "部门"}) for e in (theirs_ev or dept.evidence(theirs, ""))]
    table = unit.tables.get(what)
    loc = Location(table=table.number if table else None, table_kind=what if table else None,
                   row=fields.get("item") or "机关运行经费")
    show = shown(mine, theirs)
    return scaled_fail(Fail(key="|".join(map(str, (what, *key))), location=loc, expected=show(theirs.amount),
                            found=show(mine.amount), difference=gap, tolerance=tol, rounding=abs(gap) <= tol,
                            evidence=evidence, fields={**fields, "relation": "应等于" if sole else "不应超过",
                                                       "dept_set": dept.name}),
                       show)
