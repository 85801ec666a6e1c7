"""Identities between tables.

The plain ones are data: a rule in rules.yaml with an `identity` block names two lists of
addresses (table kind, row, coordinates) whose sums must agree, optionally per function code.
Rules that need judgment (三公 lines, row placement, empty tables) are written out below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ...identities import tolerance
from ...model import PrintedTable
from ...model.tables import PrintedRow
from ...model.findings import Evidence
from ...segment.sets import UNIT_SUMMED, set_unit
from ...text import match_key, norm_label
from ..context import (
    REGISTRY,
    Context,
    Fail,
    NotApplicable,
    TablesMissing,
    ev,
    fmt,
    kind_name,
    rule,
    shown,
    table_location,
)
from ..ledger import Book, Ledger, Val, Want, want_of
from .narrative import THIS_YEAR


# ---- identities as data -------------------------------------------------------------------

def identity_rule(ctx: Context) -> None:
    spec = ctx.rule.identity
    addrs = spec["left"] + spec["right"]
    kinds = dict.fromkeys(k for a in addrs for k in _kinds(a))   # in the order named: a stable message
    missing = [k for k in kinds if ctx.table(k) is None]
    if missing:
        raise TablesMissing(missing, kinds)
    ctx.book.memo[COMPARED] = False
    _run_identity(ctx, spec, addrs)
    if ctx.checked and not ctx.book.memo[COMPARED]:
        # every instance lacked one side (a row or column the template has and this table does
        # not print as read): nothing was compared, which is no pass
        raise NotApplicable(f"{spec.get('left_role', '')}与{spec.get('right_role', '')}"
                            f"没有可相互核对的金额（一方未列出所需的行或列）")


COMPARED = "identity compared"      # (book memo) an instance of the rule found both its sides


def _run_identity(ctx: Context, spec: dict, addrs: list) -> None:
    if spec.get("per_source"):
        compared = set()
        for source in spec["per_source"]:
            sourced = _with_source(spec, source)
            if _check_compared(ctx, sourced):
                compared.add(source)
        for whole, parts in spec.get("wholes", {}).items():
            if not compared & set(parts):
                _check_whole(ctx, spec, whole, parts)
        return
    per = spec.get("per")
    sides = _sides(spec)
    if not per:
        ctx.check(_compare, ctx, spec, sides, None)
        return
    if spec.get("totals_agree"):
        _totals_agree(ctx, spec)
    for code in _codes(ctx, addrs, per):
        ctx.check(_compare, ctx, spec, sides, code)


def _totals_agree(ctx: Context, spec: dict) -> None:
    """A per-code identity that holds only between tables of one scope: their total rows agree
    (beyond rounding), else it is not applicable, saying both totals."""
    totals = {**spec, "left": [{**a, "row": "total"} for a in spec["left"]],
              "right": [{**a, "row": "total"} for a in spec["right"]]}
    ledger, sides = Ledger(ctx.book), _sides(totals)
    for addrs, role in zip(sides, ("left_role", "right_role")):
        if not any(resolve(ledger, a, None) for a in addrs):
            raise NotApplicable(f"{spec.get(role, '')}的总计行未列该口径的金额，不按科目核对")
    fail = _compare(ledger, ctx, totals, sides, None)
    if fail is not None and not fail.rounding:
        raise NotApplicable(f"两表总计不同（{spec.get('left_role', '左')} {fail.found}，"
                            f"{spec.get('right_role', '右')} {fail.expected}），口径不同，不按科目核对")


@dataclass
class Address:
    """An address of an identity, read once per rule: table kind, row (total, $code or any),
    the wanted coordinates; or `first`: the first of several that names printed cells."""
    table: str
    row: str | None
    want: Want
    optional: bool
    first: tuple["Address", ...]
    prints: bool | None = None      # whether a printed column of the table can hold such amounts


# The document's own figures: this year's budget, or a 决算's actuals (a column without a phase
# of its own has the table's). An identity names the figures of another phase (the 年初预算 a
# 决算 table prints beside its actuals, last year's beside this year's) only by asking for it.
OWN_PHASES = (THIS_YEAR, "决算", None)


def _address(raw: dict) -> Address:
    if "first" in raw:
        return Address("", None, (), False, tuple(_address(a) for a in raw["first"]))
    coords = raw.get("coords", {})
    if "phase" not in coords:
        coords = {**coords, "phase": list(OWN_PHASES)}
    return Address(raw["table"], raw.get("row"), want_of(coords), bool(raw.get("optional")), ())


def _sides(spec: dict) -> tuple[tuple[Address, ...], tuple[Address, ...]]:
    return tuple(_address(a) for a in spec["left"]), tuple(_address(a) for a in spec["right"])


# a 表1 income row and the 表2 columns that make it up
SOURCE_PARTS = {
    "gpb": ["gpb", "gpb_own", "gpb_transfer"],
    "gov_fund": ["gov_fund", "gov_fund_own", "gov_fund_transfer"],
    "state_capital": ["state_capital", "state_capital_own", "state_capital_transfer"],
}
SOURCE_NAMES = {
    "gpb": "一般公共预算", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
    "special_account": "财政专户", "unit_funds": "单位资金", "fiscal_carryover": "财政拨款结转",
    "nonfiscal_carryover": "非财政拨款结转结余", "carried_over": "上年结转", "nonfiscal_carried_over": "非财政拨款结转",
    "prior_balance": "上年结余", "business_income": "事业收入",
    "superior_subsidy": "上级补助收入", "operating_income": "经营收入", "other_income": "其他收入",
    "carryover": "上年结转结余", "current_income": "本年收入合计", "fiscal": "财政拨款收入",
}


def _with_source(spec: dict, source: str) -> dict:
    def sub(value):
        if value == "$source":
            return source
        if value == "$sources":
            return SOURCE_PARTS.get(source, [source])
        if isinstance(value, dict):
            return {k: sub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [sub(v) for v in value]
        return value
    out = sub(spec)
    out["source_name"] = SOURCE_NAMES.get(source, source)
    out["source"] = source
    return out


def _check_compared(ctx: Context, spec: dict) -> bool:
    """Check one instance; whether it found both its sides (COMPARED)."""
    before, ctx.book.memo[COMPARED] = ctx.book.memo[COMPARED], False
    ctx.check(_compare, ctx, spec, _sides(spec), None)
    found = ctx.book.memo[COMPARED]
    ctx.book.memo[COMPARED] = before or found
    return found


def _check_whole(ctx: Context, spec: dict, whole: str, parts: list[str]) -> None:
    """Sources no table pair compares one by one (a 决算's 收入决算表, Shanghai's 收入总表 print
    财政拨款收入 alone, not by budget type): compared as their whole, each side's figure of
    the whole where printed, else the sum of its parts; where one side splits the whole into
    two or more figures the other cannot tell apart, said (info) that the split was not checked."""
    by_parts = [q for p in parts for q in SOURCE_PARTS.get(p, [p])]
    whole_spec = {**_with_source(spec, whole), "whole": whole}
    for side in ("left", "right"):
        whole_spec[side] = [{"first": [a, _sourced(a, by_parts)]} for a in whole_spec[side]]
    if not _check_compared(ctx, whole_spec):
        return
    ledger, sides = Ledger(ctx.book), _sides(whole_spec)
    split = {side: _split(ledger, addrs, parts) for side, addrs in zip(("left", "right"), sides)}
    for side, other in (("left", "right"), ("right", "left")):
        if len(split[side]) >= 2 and not split[other]:
            _say_split_unchecked(ctx, spec, whole, split[side], other)
            return


def _sourced(addr: dict, sources: list[str]) -> dict:
    """The address with its source coordinate replaced by these sources (each alternative's)."""
    if "first" in addr:
        return {"first": [_sourced(a, sources) for a in addr["first"]]}
    return {**addr, "coords": {**addr.get("coords", {}), "source": sources}}


def _split(ledger: Ledger, addrs, parts: list[str]) -> list[Val]:
    """The non-zero figures of the whole's parts a side prints as its own figures (none where
    it prints the whole alone)."""
    out = []
    for addr in addrs:
        sub = addr.first[1] if addr.first else addr
        for v in resolve(ledger, sub, None) or []:
            if v.amount and v.coords.get("source") in {q for p in parts for q in SOURCE_PARTS.get(p, [p])}:
                out.append(v)
    return out


def _say_split_unchecked(ctx: Context, spec: dict, whole: str, split: list[Val], other: str) -> None:
    role = spec.get(f"{'left' if other == 'right' else 'right'}_role", "")
    other_role = spec.get(f"{other}_role", "")
    names = "、".join(dict.fromkeys(SOURCE_NAMES.get(v.coords.get("source"), "") for v in split))
    why = (f"{other_role}只列{SOURCE_NAMES.get(whole, whole)}，未按{names}分列；"
           f"{role}所列{names}只按其合计与之核对")
    ctx.report(Fail(key=f"unchecked|{whole}|split", location=ctx.loc(split[0]), severity="info",
                    evidence=[ev(v, role) for v in split], fields={"message": "unchecked", "why": why}))


def _kinds(addr: dict) -> list[str]:
    if "first" in addr:
        return [k for a in addr["first"] for k in _kinds(a)]
    return [addr["table"]]


def _codes(ctx: Context, addrs: list[dict], per: str) -> list[str]:
    """Codes printed in the per-code addresses' tables, at the wanted level."""
    codes: list[str] = []
    for a in addrs:
        for sub in a.get("first", [a]):
            if sub.get("row") != "$code":
                continue
            table = ctx.table(sub["table"])
            for r in table.rows if table else []:
                side = sub.get("coords", {}).get("side")
                if r.code and (not side or r.side == side) and r.code not in codes:
                    if per == "function_class" and len(r.code) != 3:
                        continue
                    codes.append(r.code)
    return codes


def resolve(ledger: Ledger, addr: Address, code: str | None) -> list[Val] | None:
    """Cells an address names; None when it names nothing printed (an optional row)."""
    if addr.first:
        # (an address that is not optional names a printed total left empty: [], taken as 0)
        for sub in addr.first:
            found = resolve(ledger, sub, code)
            if found is not None:
                return found
        return None
    table = ledger.table(addr.table)
    if table is None:
        return None
    if addr.row == "$code":
        rows = ledger.book.code_rows(table, code)
        if not rows:       # the table prints this level but not this code: it holds 0 here
            return [] if _prints_level(ledger.book, table, code) else None
    elif addr.row == "total":
        rows = ledger.book.total_rows(table)
    elif addr.row == "items":
        rows = _item_rows(ledger.book, table, addr.want)
    else:
        rows = table.rows
    if addr.prints is None:
        addr.prints = ledger.book.memo.get(("prints column", table.index, addr.want))
        if addr.prints is None:
            addr.prints = ledger.book.memo[("prints column", table.index, addr.want)] = \
                prints_column(table, dict(addr.want), ledger.book.index(table).column_coords())
    if not addr.prints:
        return None        # no printed column holds such amounts (a template without that column)
    out = ledger.select(table, addr.want) if rows is table.rows else ledger.pick(table, rows, addr.want)
    if not out and (addr.optional or not rows):
        return None
    return out


def _item_rows(book: Book, table: PrintedTable, want: Want) -> list[PrintedRow]:
    """The rows that are items of the wanted coordinates themselves (Jiangsu's 收入预算总表 prints a
    row per source: 一般公共预算资金/小计 has source gpb), not rows of codes whose columns carry
    them: a table by function code has none."""
    keys = {k for k, _ in want if k != "phase"}
    memo = ("item rows", table.index, frozenset(keys))
    rows = book.memo.get(memo)
    if rows is None:
        rows = book.memo[memo] = [r for r in table.rows if keys & r.coords.keys()]
    return rows


def prints_column(table: PrintedTable, want: dict, col_keys: set[str] | None = None) -> bool:
    """Whether some printed column can hold amounts with the wanted column coordinates
    (col_keys: the coordinates the table's columns name, when known)."""
    col_keys = {k for c in table.columns for k in c.coords} if col_keys is None else col_keys
    wanted = {k: w for k, w in want.items() if k in col_keys}
    return not wanted or any(all(_match(c.coords.get(k), w) for k, w in wanted.items()) for c in table.columns)


def _prints_level(book: Book, table: PrintedTable, code: str | None) -> bool:
    if not code:
        return False
    lengths = book.memo.get(("code lengths", table.index))
    if lengths is None:
        lengths = book.memo[("code lengths", table.index)] = {len(r.code) for r in table.rows}
    return len(code) in lengths


def _match(have: str | None, want) -> bool:
    return have in want if isinstance(want, (list, tuple)) else have == want


def _compare(ledger: Ledger, ctx: Context, spec: dict, sides: tuple, code: str | None) -> Fail | None:
    left = [resolve(ledger, a, code) for a in sides[0]]
    right = [resolve(ledger, a, code) for a in sides[1]]
    if spec.get("blank_is_zero") and None in left + right:
        # (a whole's figure, or else its parts: either not printed leaves the whole unchecked)
        alternatives = not spec.get("whole")
        left = [_zero_if_blank(ctx, ledger, a, x, alternatives) for a, x in zip(sides[0], left)]
        right = [_zero_if_blank(ctx, ledger, a, x, alternatives) for a, x in zip(sides[1], right)]
    if any(x is None for x in left + right) and spec.get("skip_missing", True):
        if all(x is None for x in left) or all(x is None for x in right):
            return None
    ledger.book.memo[COMPARED] = True
    lvals = [v for x in left if x for v in x]
    rvals = [v for x in right if x for v in x]
    if not lvals and not rvals:
        return None
    lsum = sum((v.amount for v in lvals), Decimal(0))
    rsum = sum((v.amount for v in rvals), Decimal(0))
    op = spec.get("op", "eq")
    gap = lsum - rsum
    if op == "eq" and gap == 0:
        return None
    tol = tolerance(v.places for v in lvals + rvals)
    if op == "le" and lsum <= rsum + tol:
        return None
    first = (lvals or rvals)[0]
    loc = ctx.loc(first)
    evidence = [ev(v, spec.get("left_role", "左")) for v in lvals] + \
               [ev(v, spec.get("right_role", "右")) for v in rvals]
    # a side that prints nothing (its total row is gone): the finding is about that table
    for side, vals, role in (("left", lvals, "left_role"), ("right", rvals, "right_role")):
        table = None if vals else _address_table(ctx, spec[side])
        if table is not None:
            loc = table_location(table)
            evidence.append(Evidence(role=f"{spec.get(role, side)}（未列示）", text=table.title,
                                     provenance=table.provenance))
    if code:
        loc.row = code
    show = shown(ctx.disc, lvals + rvals)
    fail = Fail(key=f"{code or ''}|{spec.get('source', '')}", location=loc, expected=show(rsum),
                found=show(lsum), difference=gap, tolerance=tol, evidence=evidence,
                rounding=op == "eq" and abs(gap) <= tol,
                fields={"code": code or "", "source": spec.get("source_name", ""),
                        "difference": show(gap, exact=abs(gap) <= tol), "tolerance": show(tol, exact=True)})
    note = _ten_thousandfold(spec, lsum, rsum, tol) if op == "eq" and not fail.rounding else None
    if note is None and spec.get("whole"):
        note = _summed_note(spec, lvals, rvals)
    if note is None:
        note = _basic_parts_note(spec, lvals, rvals)
    if note:
        fail.fields["note"] = note
    return fail


def _zero_if_blank(ctx: Context, ledger: Ledger, addr: Address, found: list[Val] | None,
                   alternatives: bool = True) -> list[Val] | None:
    """A source's row (收支总表) or column (收入总表's total row) the table prints with no amount
    in it holds 0: [] instead of None (not printed). A row that totals other rows its template
    names (上年结转结余 over 财政拨款结转 …) may be printed blank as a heading: left None."""
    if found is not None:
        return found
    if addr.first:      # the first alternative that prints the source blank
        if not alternatives:
            return None
        return next((z for a in addr.first if (z := _zero_if_blank(ctx, ledger, a, None)) is not None), None)
    table = ledger.table(addr.table)
    want = dict(addr.want)
    sources, side = want.get("source"), want.get("side")
    if table is None or sources is None:
        return None
    sources = sources if isinstance(sources, tuple) else (sources,)
    if addr.row == "total":
        printed = ledger.book.total_rows(table) and any(c.coords.get("source") in sources for c in table.columns)
        return [] if printed else None
    rows = [r for r in table.rows if r.coords.get("source") in sources and (side is None or r.side == side)]
    spec = ctx.spec(table)
    sums = spec.sides[side].item_sums if spec is not None and side in spec.sides else spec.item_sums if spec else []
    if not rows or any(s.total in sources for s in sums):
        return None
    return []


def _summed_note(spec: dict, lvals: list[Val], rvals: list[Val]) -> str | None:
    """Which side's figure of a whole (_check_whole) is the sum of the parts it prints."""
    said = []
    for vals, role in ((lvals, "left_role"), (rvals, "right_role")):
        names = dict.fromkeys(SOURCE_NAMES.get(v.coords.get("source"), "") for v in vals
                              if v.coords.get("source") != spec["whole"])
        if names:
            summed = "、".join(names) + ("之和" if len(names) > 1 else "")
            said.append(f"{spec.get(role, '')}未列{SOURCE_NAMES[spec['whole']]}，按{summed}计")
    return "；".join(said) or None


BASIC_PARTS = {"personnel", "public"}


def _basic_parts_note(spec: dict, lvals: list[Val], rvals: list[Val]) -> str | None:
    """Which side's 基本支出 is the sum of its 人员经费 and 公用经费 (a table printing no 小计 of
    the two: the rule's addresses add them)."""
    said = [f"{spec.get(role, '')}未列基本支出合计，按人员经费与公用经费之和计"
            for vals, role in ((lvals, "left_role"), (rvals, "right_role"))
            if vals and {v.coords.get("nature") for v in vals} == BASIC_PARTS]
    return "；".join(said) or None


WAN = Decimal(10000)


def _ten_thousandfold(spec: dict, lsum: Decimal, rsum: Decimal, tol: Decimal) -> str | None:
    """Two tables whose figures differ 10000-fold: one of them printed in 元 under 万元 (or the
    other way), which a reader of the finding should be told rather than left to divide."""
    for big, small, bname, sname in ((lsum, rsum, "left_role", "right_role"), (rsum, lsum, "right_role", "left_role")):
        if small and abs(big - small * WAN) <= tol * WAN + tol:
            return (f"{spec.get(bname, '')}的金额恰为{spec.get(sname, '')}的一万倍："
                    f"疑为其中一张表的金额单位（元、万元）标错")
    return None


def _address_table(ctx: Context, addrs: list[dict]) -> PrintedTable | None:
    kinds = [k for a in addrs for k in _kinds(a)]
    return next((ctx.table(k) for k in kinds if ctx.table(k) is not None), None)


def register_identities(catalogue) -> None:
    for spec in catalogue:
        if spec.identity and spec.id not in REGISTRY:
            REGISTRY[spec.id] = identity_rule


# ---- rules that need judgment ---------------------------------------------------------------

def _sum_rows(ledger: Ledger, kind: str, code: str, **coords) -> tuple[Decimal, list[Val]]:
    table = ledger.table(kind)
    vals = ledger.pick(table, ledger.book.rows_with_code(table, code), tuple(coords.items())) if table else []
    return sum((v.amount for v in vals), Decimal(0)), vals


THREE_PUBLIC_LINES = {  # 三公 item → economic code of 表6 that books its basic part
    "reception": "30217",
    "vehicle_operation": "30231",
    "vehicle_purchase": "31013",
    "abroad": "30212",
}


@rule("T10-T6-LINES")
def three_public_lines(ctx: Context) -> None:
    """表6's 30217/30231/31013/30212 lines cannot exceed 表10's item; a larger 表10 item must be
    covered by project spending of the matching economic class in 表7."""
    ctx.need_tables("three_public", "basic_expenditure")
    for item, code in THREE_PUBLIC_LINES.items():
        ctx.check(_three_public_line, ctx, item, code)


def _three_public_line(ledger: Ledger, ctx: Context, item: str, code: str) -> Fail | None:
    line = _line_amounts(ledger, ctx, item, code)
    if line is None:
        return None
    t10, amount, basic, basic_vals = line
    evidence = ([ev(t10, "表10")] if t10 else []) + [ev(v, f"基本支出 {code}") for v in basic_vals]
    loc = table_location(ctx.table("three_public"), row=item)
    tol = tolerance(v.places for v in _printed(t10, basic_vals))
    if abs(amount - basic) <= tol:
        return _line_rounding(ctx, item, code, line, tol, loc, evidence)
    if basic > amount:
        show = shown(ctx.disc, _printed(t10, basic_vals))
        return Fail(key=item, location=loc, expected=f"≥ {show(basic)}", found=show(amount),
                    difference=amount - basic, evidence=evidence,
                    fields={"item": ITEM_NAMES[item], "code": code, "basic": show(basic),
                            "difference": show(amount - basic),
                            "gap": f"基本支出表比“三公”经费表多 {show(basic - amount)}，"
                                   f"“三公”经费表不应少于基本支出表所列"})
    # 表10 larger: the rest must be project money of the matching class
    econ_class = code[:3]
    project, pvals = _sum_project_class(ledger, econ_class)
    rest = amount - basic
    cells = _printed(t10, basic_vals + pvals)
    show = shown(ctx.disc, cells)
    fail = Fail(key=item, location=loc, expected=show(basic), found=show(amount), difference=rest,
                evidence=evidence + [ev(v, f"项目支出 {econ_class}") for v in pvals],
                fields={"item": ITEM_NAMES[item], "code": code, "basic": show(basic),
                        "difference": show(rest), "gap": _covered_by_projects(show(rest), show(project))})
    if ledger.table("project_expenditure") is None:
        # no project table is published (Shanghai, Jiangsu): project money cannot be seen
        fail.severity = "info"
        fail.fields["gap"] = _covered_by_projects(show(rest), "未公开")
        fail.fields["note"] = "文件未公开项目支出表，差额可能由项目支出安排"
        return fail
    if project + tolerance(v.places for v in cells) < rest:
        return fail
    fail.severity = "warning"       # possible through projects, but the tables do not show it
    return fail


def _line_rounding(ctx: Context, item: str, code: str, line: tuple, tol: Decimal, loc, evidence) -> Fail:
    """表10's item and 表6's line differing by no more than their rounding: an info finding."""
    t10, amount, basic, basic_vals = line
    show = shown(ctx.disc, _printed(t10, basic_vals))
    return Fail(key=item, location=loc, expected=show(basic), found=show(amount), difference=amount - basic,
                tolerance=tol, evidence=evidence, rounding=True,
                fields={"item": ITEM_NAMES[item], "code": code, "basic": show(basic),
                        "difference": show(amount - basic, exact=True), "tolerance": show(tol, exact=True),
                        "gap": "差额来自舍入"})


def _covered_by_projects(rest: str, project: str) -> str:
    return f"“三公”经费表比基本支出表多 {rest}，差额须由项目支出（同类经济科目 {project}）安排"


def _printed(t10: Val | None, vals: list[Val]) -> list[Val]:
    return ([t10] if t10 else []) + vals


def _line_amounts(ledger: Ledger, ctx: Context, item: str, code: str) -> tuple | None:
    """(表10 cell, its amount, Σ 表6 basic lines, their cells); None when they agree (to the
    precision of the coarser, where the tables print different units) or the template prints no
    such line (as a row or as a column)."""
    if item not in ledger.printed_items(ctx.table("three_public")):
        return None
    t10 = _t10_value(ledger, item)
    basic, basic_vals = _sum_rows(ledger, "basic_expenditure", code, nature="basic")
    if not basic_vals:      # 决算's 基本支出表 prints 人员经费 and 公用经费 side by side, no 合计 column
        basic, basic_vals = _sum_rows(ledger, "basic_expenditure", code, nature=("personnel", "public"))
    amount = t10.amount if t10 else Decimal(0)
    if amount == basic:
        return None
    return t10, amount, basic, basic_vals


def _line_serious(ledger: Ledger, ctx: Context, item: str, code: str) -> bool:
    """Whether _three_public_line fails with more than info, all Context.check asks under the
    other readings of undecided columns (up to MAX_READINGS of them): neither the project sums
    nor the finding are needed for that. Only a larger 表10 item without a published project
    table is info; a Fail of this rule is never a rounding one."""
    line = _line_amounts(ledger, ctx, item, code)
    if line is None:
        return False
    t10, amount, basic, basic_vals = line
    if abs(amount - basic) <= tolerance(v.places for v in _printed(t10, basic_vals)):
        return False
    return basic > amount or ledger.table("project_expenditure") is not None


_three_public_line.serious = _line_serious


def _t10_value(ledger: Ledger, item: str) -> Val | None:
    vals = [v for v in ledger.find("three_public", item=item) if v.coords.get("budget_type") in
            ("total", "gpb")]
    # 决算: the table prints the year's budget and its actual; the basic lines are actuals. A
    # budget printed beside last year's (上年预算数 | 本年预算数): this year's
    actual = [v for v in vals if v.coords.get("phase") == "决算"]
    this_year = [v for v in vals if (v.coords.get("phase") or THIS_YEAR) == THIS_YEAR]
    return (actual or this_year or vals)[0] if vals else None


def _sum_project_class(ledger: Ledger, econ_class: str) -> tuple[Decimal, list[Val]]:
    table = ledger.table("project_expenditure")
    vals = ledger.select(table, (("economic_code", econ_class),), lambda: [r for r in table.rows if r.project],
                         "projects") if table else []
    return sum((v.amount for v in vals), Decimal(0)), vals


ITEM_NAMES = {"reception": "公务接待费", "vehicle_operation": "公务用车运行维护费",
              "vehicle_purchase": "公务用车购置费", "abroad": "因公出国（境）费"}
VEHICLE_PROJECT = re.compile(r"(公务用车|公车|车辆)购置|购置(公务用车|公车|车辆)")


@rule("T10-T7-VEHICLE-PURCHASE")
def vehicle_purchase_projects(ctx: Context) -> None:
    """A project that buys official cars must appear in 表10's 公务用车购置费 (a 表10 missing
    matters only where 表7 prints such a project)."""
    t7 = ctx.need_table("project_expenditure")
    rows = [row for row in t7.rows if row.project and VEHICLE_PROJECT.search(row.project)]
    if rows:
        ctx.need_tables("three_public", "project_expenditure")
    for row in rows:
        ctx.check(_vehicle_project, ctx, t7, row)


def _vehicle_project(ledger: Ledger, ctx: Context, t7: PrintedTable, row) -> Fail | None:
    vals = ledger.values(t7, row)
    capital = [v for v in vals.values() if v.coords.get("economic_code") in ("310", "309")]
    spent = sum((v.amount for v in capital), Decimal(0))
    t10 = _t10_value(ledger, "vehicle_purchase")
    booked = t10.amount if t10 else Decimal(0)
    cells = _printed(t10, capital)
    if spent == 0 or booked + tolerance(v.places for v in cells) >= spent:
        return None
    loc = table_location(ctx.table("three_public"),
                   row="公务用车购置费")
    show = shown(ctx.disc, cells)
    return Fail(key=row.project, location=loc, expected=f"≥ {show(spent)}", found=show(booked),
                difference=booked - spent,
                evidence=[ev(v, "表7 项目资本性支出") for v in capital] + ([ev(t10, "表10")] if t10 else []),
                fields={"project": row.project})


BASIC_ONLY = re.compile(r"^(行政运行|机关服务|事业运行)$")


@rule("X-PROJECT-UNDER-BASIC-ITEM")
def project_under_basic_item(ctx: Context) -> None:
    """Project money booked under a 项 that by definition holds basic spending (行政运行 …).
    One finding per code and project, however many tables print the row."""
    tables = [t for t in (ctx.table(k) for k in ("expenditure", "gpb_expenditure", "project_expenditure")) if t]
    if not tables:
        raise NotApplicable("文件中没有支出总表、一般公共预算支出表或项目支出表")
    rows: dict[tuple[str, str], list] = {}
    for table in tables:
        for row in table.rows:
            if len(row.code) == 7 and BASIC_ONLY.match(_basic_name(ctx, row)):
                rows.setdefault((row.code, row.project or ""), []).append((table, row))
    for (code, project), where in rows.items():
        ctx.check(_project_money, ctx, code, project, where)


def _basic_name(ctx: Context, row) -> str:
    if row.name and not row.project:
        return row.name
    for t in ctx.book.by_kind.values():     # project tables print the project, not the 项 name (this set's tables)
        for r in t.rows:
            if r.code == row.code and r.name and not r.project:
                return r.name
    return ""


def _project_money(ledger: Ledger, ctx: Context, code: str, project: str, where: list) -> Fail | None:
    money: list[Val] = []
    for table, row in where:
        vals = ledger.values(table, row).values()
        found = [v for v in vals if v.coords.get("nature") == "project" and
                 (table.kind != "project_expenditure" or v.coords.get("economic_code") == "total")]
        if sum((v.amount for v in found), Decimal(0)):
            money += found
    if not money:
        return None
    # the same money printed in several tables: the largest (支出总表 holds all funds)
    amount = max(sum((v.amount for v in money if v.table == t), Decimal(0)) for t in {v.table for v in money})
    return Fail(key=f"{code}|{project}", location=ctx.loc(money[0]), expected="0.00",
                found=fmt(amount), difference=amount,
                evidence=[ev(v, f"{kind_name(ctx.disc.tables[v.table].kind)}项目支出") for v in money],
                fields={"code": code, "name": _basic_name(ctx, where[0][1]),
                        "project": f"（项目：{project}）" if project else ""})


@rule("X-EMPTY-TABLE-CONSISTENT")
def empty_tables(ctx: Context) -> None:
    """An empty 政府性基金/国有资本经营 table ↔ no such money in 表1, 表4 and 表10."""
    pairs = {"gov_fund_expenditure": "gov_fund", "state_capital_expenditure": "state_capital"}
    found = False
    for kind, btype in pairs.items():
        table = ctx.table(kind)
        if table is None:
            continue
        found = True
        ctx.check(_empty_consistent, ctx, table, btype)
    # a unit's set without a table of these another set prints: its money is not checked
    if not ctx.say_set_lacks(pairs, EMPTY_AGAINST) and not found:
        raise NotApplicable("文件中没有政府性基金或国有资本经营预算支出表")


EMPTY_AGAINST = ("summary", "fiscal_summary", "three_public")   # the tables that print such money too


def _empty_consistent(ledger: Ledger, ctx: Context, table: PrintedTable, btype: str) -> Fail | None:
    if not table.is_empty:
        return None
    elsewhere = [v for v in ledger.cells("summary") if v.coords.get("source") in (btype, f"{btype}_own")]
    elsewhere += [v for v in ledger.cells("fiscal_summary")
                  if v.coords.get("source") == btype or v.coords.get("budget_type") == btype]
    elsewhere += [v for v in ledger.cells("three_public") if v.coords.get("budget_type") == btype]
    nonzero = [v for v in elsewhere if v.amount != 0]
    if not nonzero:
        return None
    return Fail(key=table.kind, location=table_location(table),
                expected="0.00", found=fmt(nonzero[0].amount), difference=nonzero[0].amount,
                evidence=[ev(v, kind_name(ctx.disc.tables[v.table].kind)) for v in nonzero],
                fields={"table": kind_name(table.kind)})


# ---- a code printed in one table and missing from another --------------------------------------

# (table that prints the code, table that must print it too, condition on the code's money)
PRESENCE = [
    ("income", "expenditure", None),                 # 表2 and 表3 classify the same money
    ("expenditure", "income", None),
    ("gpb_expenditure", "expenditure", None),        # 表5 is part of 表3
    ("gpb_expenditure", "income", None),
    ("income", "gpb_expenditure", "gpb"),            # 一般公共预算 money in 表2 is spent in 表5
    ("project_expenditure", "gpb_expenditure", None),
    ("gpb_expenditure", "project_expenditure", "project"),   # 表5 项目支出 is listed in 表7
]
GPB_SOURCES = ("gpb", "gpb_own", "gpb_transfer")
TOTAL_COORDS = {"income": ("source", "total"), "expenditure": ("nature", "total"),
                "gpb_expenditure": ("nature", "total"), "project_expenditure": ("economic_code", "total")}
LEVELLED = ("function", "function_project")


@rule("X-CODE-PRESENCE")
def code_presence(ctx: Context) -> None:
    """A function code printed with money in one table and left out of another whose rows must
    contain it. Only the case the sums cannot see is reported: the missing code was the only
    child of its parent there (a parent with siblings would no longer add up)."""
    pairs = [(a, b, cond) for a, b, cond in PRESENCE if ctx.table(a) is not None and ctx.table(b) is not None
             and _levelled(ctx, a) and _levelled(ctx, b)]
    # a unit's set without a table another set prints: the pairs with it are not checked
    kinds = dict.fromkeys(k for a, b, _ in PRESENCE for k in (a, b))
    if not ctx.say_set_lacks(kinds, kinds) and not pairs:
        raise NotApplicable("文件中没有可相互对照的按功能科目分行的表格")
    for a, b, cond in pairs:
        have, want = _codes_of(ctx.table(a)), _codes_of(ctx.table(b))
        for code in have:
            parent = code[:-2]
            ctx.checked += 1
            # (a missing parent whose children are printed is K-CODE-PARENT's finding)
            if len(code) > 3 and code not in want and parent in want and \
                    not any(len(c) >= len(code) and c.startswith(parent) for c in want):
                ctx.check(_missing_code, ctx, a, b, code, cond)


def _levelled(ctx: Context, kind: str) -> bool:
    spec = ctx.spec(kind)
    return spec is not None and spec.rows in LEVELLED


def _codes_of(table: PrintedTable) -> list[str]:
    out: list[str] = []
    for r in table.rows:
        if r.code and r.code.isdigit() and r.code not in out:
            out.append(r.code)
    return out


def _missing_code(ledger: Ledger, ctx: Context, a: str, b: str, code: str, cond: str | None) -> Fail | None:
    field, value = TOTAL_COORDS[a]
    cells = [v for v in _code_cells(ledger, a, code) if v.coords.get(field) == value]
    if cond == "gpb":
        cells = [v for v in _code_cells(ledger, a, code) if v.coords.get("source") in GPB_SOURCES]
    elif cond == "project":
        cells = [v for v in _code_cells(ledger, a, code) if v.coords.get("nature") == "project"]
    money = sum((v.amount for v in cells), Decimal(0))
    table_b = ctx.table(b)
    if money == 0 or _named_without_code(ctx.table(a), table_b, code):
        return None
    parent = next(r for r in table_b.rows if r.code == code[:-2])
    where = {"gpb": "一般公共预算资金", "project": "项目支出"}.get(cond, "金额")
    return Fail(key=f"{a}>{b}|{code}", location=table_location(table_b, row=code),
                expected=code, found="无", difference=money,
                evidence=[ev(v, kind_name(a)) for v in cells]
                + [Evidence(role=f"{kind_name(b)}上级科目", text=f"{parent.code} {parent.name}".strip(),
                            provenance=table_b.provenance.model_copy(update={"line": parent.line,
                                                                             "line_end": parent.line_end or parent.line}))],
                fields={"code": code, "have": kind_name(a), "table": kind_name(b), "parent": parent.code,
                        "money": where, "amount": fmt(money)})


def _named_without_code(table_a: PrintedTable, table_b: PrintedTable, code: str) -> bool:
    """Table b prints the code's row but the reader could not read its code."""
    names = {norm_label(r.name) for r in table_a.rows if r.code == code and r.name and not r.project}
    return any(not r.code and r.name and norm_label(r.name) in names for r in table_b.rows)


def _code_cells(ledger: Ledger, kind: str, code: str) -> list[Val]:
    table = ledger.table(kind)
    out = []
    for r in table.rows if table else []:
        if r.code == code:
            out += list(ledger.values(table, r).values())
    return out


# ---- a department's 汇总 against its units ---------------------------------------------------------

@rule("X-UNITS-SUM")
def units_sum(ctx: Context) -> None:
    """A department printing the tables of every unit its overview names: each fiscal table's
    totals in its 汇总 equal the sum of the units'. Not where it prints some units only, or
    where the overview does not name them all (which units are printed cannot be known)."""
    if len(ctx.sets) < 2:
        raise NotApplicable("文件未印所属单位的表格")
    listed = ctx.disc.overview.units
    if not listed:
        raise NotApplicable("概况未逐一列出所属预算单位，无法确认各单位的表格均已印出")
    names = [set_unit(tables.values()) for tables in ctx.sets[1:]]
    if None in names or sorted(map(match_key, listed)) != sorted(map(match_key, names)):
        raise NotApplicable("所印单位表格与概况所列单位不一致，不核对部门汇总与各单位之和")
    summary = ctx.sets[0]
    for tables in ctx.sets[1:]:      # a unit without a table the 汇总 prints: that sum is not checked
        with ctx.on_set(tables):
            ctx.say_set_lacks([k for k in UNIT_SUMMED if k in summary], UNIT_SUMMED)
    for kind in UNIT_SUMMED:
        units = [tables.get(kind) for tables in ctx.sets[1:]]
        if kind not in summary or None in units:
            continue
        for key in _common_columns([summary[kind], *units]):
            ctx.check(_units_sum, ctx, summary[kind], units, key)


units_sum.per_set = False       # one check across the sets, not one per set


def _common_columns(tables: list[PrintedTable]) -> list[str]:
    """The columns every one of the tables prints, in the first's order."""
    keys = [c.key for c in tables[0].columns]
    for t in tables[1:]:
        printed = {c.key for c in t.columns}
        keys = [k for k in keys if k in printed]
    return list(dict.fromkeys(keys))


def _total_value(ledger: Ledger, table: PrintedTable, key: str) -> Val | None | bool:
    """The table's total in one column: its value, None where printed empty, False where the
    table has no total row for it (or more than one)."""
    rows = [r for r in ledger.book.total_rows(table) if r.side is None or key.startswith(f"{r.side}:")]
    if len(rows) != 1:
        return False
    return ledger.values(table, rows[0]).get(key)


def _units_sum(ledger: Ledger, ctx: Context, summary: PrintedTable, units: list[PrintedTable],
               key: str) -> Fail | None:
    total = _total_value(ledger, summary, key)
    parts = [_total_value(ledger, t, key) for t in units]
    if total is False or False in parts:
        return None
    parts = [p for p in parts if p is not None]
    if total is None and not parts:
        return None
    column = ledger.book.column(summary, key)
    row = summary.rows[total.row].name if total is not None else None
    loc = table_location(summary, row=row, column=column.label if column else key)
    fail = ctx.sum_fail(f"{summary.kind}|{key}", total, parts, loc, total_role="部门汇总", part_role="所属单位")
    if fail:
        fail.fields["units"] = "、".join(t.unit_name or "" for t in units)
    return fail
