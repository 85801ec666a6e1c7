"""The narrative against the tables and against itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from ...extract.claim_sets import ClaimSets, before_figure
from ...extract.narrative import BUDGET_BASES, LAST_YEAR, as_read
from ...identities import WAN_SHIFT, half_unit, tolerance
from ...model import Claim, Coords, ItemList
from ...model.findings import Evidence, Location
from ...model.provenance import Provenance
from ...segment.sets import own_set_assumed
from ...text import figure_at, norm_label
from ..context import (Cited, Context, Fail, InsufficientData, NotApplicable, claim_ev, ev, fmt, kind_name, rule,
                       set_tables, table_location)
from ..ledger import Ledger, Val, printed_items

CLASSIFIED_KINDS = {"income", "expenditure", "gpb_expenditure", "basic_expenditure",
                    "project_expenditure", "gov_fund_expenditure", "state_capital_expenditure",
                    "carryover"}
HUNDRED = Decimal(100)
THIS_YEAR = Coords.model_fields["phase"].default      # what a budget document's figures are


def claim_cells(ledger: Ledger, coords: Coords) -> list[Val]:
    """The printed cells a claim's subject coordinates name (row total unless a code is given)."""
    want = {k: v for k, v in coords.model_dump(exclude_none=True).items()
            if k not in ("table_kind", "label", "phase")}
    if coords.phase != THIS_YEAR:    # 决算 documents: the year's actual, or its budget where the words say
        want["phase"] = coords.phase
    if coords.label:                 # a row named by its label (a carry-over project)
        return _labelled_cells(ledger, coords.table_kind, coords.label, want)
    code = want.pop("function_code", None) or want.pop("economic_code", None)
    if code == "total":              # the column total (表7 项目支出合计) of the total row
        want["economic_code" if coords.economic_code else "function_code"] = code
    row = code if code and code != "total" else ("total" if coords.table_kind in CLASSIFIED_KINDS else None)
    if coords.table_kind == "summary" and code:
        row, want["function_code"] = None, code
    if coords.table_kind == "fiscal_summary" and code:
        row, want["function_code"] = None, code
    cells = ledger.find(coords.table_kind, row, **want)
    if not cells and row == "total" and _single_row(ledger.table(coords.table_kind)):
        cells = ledger.find(coords.table_kind, None, **want)    # a one-line table is its own total
    if not cells and row == "total" and coords.table_kind == "basic_expenditure" and "economic_code" not in want:
        # a 决算's 基本支出决算表 in two halves: 人员经费合计 and 公用经费合计, no 合计 row
        cells = ledger.find(coords.table_kind, None, **want, economic_code="total")
    if not cells and want.get("source") in SOURCE_ALIASES:
        want["source"] = SOURCE_ALIASES[want["source"]]
        cells = ledger.find(coords.table_kind, row, **want)
    if not cells and want.get("function_code") == "current":
        # 本年支出合计: a row of the expenditure side in most templates, a column in Jiangsu's
        want.pop("function_code")
        cells = ledger.find(coords.table_kind, None, **want, nature="current") \
            or _year_spending(ledger, coords.table_kind, want)
    if coords.table_kind == "fiscal_summary":
        cells = [c for c in cells if c.coords.get("budget_type") in (None, "total")]
    if coords.table_kind == "summary" and coords.nature is None and len(cells) > 1:
        # a 收支总表 whose spending side is split by use (Shanghai's 合计 | 人员经费 | 公用经费 |
        # 项目支出): a figure that names no use is its 合计
        cells = [c for c in cells if c.coords.get("nature") in (None, "total")] or cells
    phases = [c.coords.get("phase") or THIS_YEAR for c in cells]
    if len(set(phases)) > 1:
        # a row per budget (上年预算数 | 本年预算数): the figure is of the claim's own
        cells = [c for c, phase in zip(cells, phases) if phase == (coords.phase or THIS_YEAR)]
    return cells


# "其他资金" is 单位资金 in some templates, 其他收入 in others (Jiangsu)
SOURCE_ALIASES = {"unit_funds": "other_income", "other_income": "unit_funds"}


def _year_spending(ledger: Ledger, kind: str, want: dict) -> list[Val]:
    """本年支出合计 (本年支出总额) of a table that prints no such row (Xinjiang's 收支总表):
    its 支出总计, where that holds the year's spending only — the expenditure side prints no
    row with money beside the function classes and the totals (结转下年, 年末结转和结余 …)."""
    table = ledger.table(kind)
    if table is None:
        return []
    for r in table.rows:
        if r.side == "expenditure" and len(r.code) != 3 and r.coords.get("function_code") not in ("total", "current") \
                and any(v.amount for v in ledger.values(table, r).values()):
            return []
    return ledger.find(kind, None, **want, function_code="total")


def _single_row(table) -> bool:
    """A table of one unlabelled amount row (Jiangsu's 支出预算总表): that row is the total."""
    return table is not None and len(table.rows) == 1 and not table.rows[0].code and not table.rows[0].name


def _labelled_cells(ledger: Ledger, kind: str, label: str, want: dict) -> list[Val]:
    table = ledger.table(kind)
    rows = _rows_named(ledger, table, "name").get(norm_label(label), []) if table else []
    return ledger.pick(table, rows, tuple(want.items()))


def _rows_named(ledger: Ledger, table, field: str) -> dict[str, list]:
    """The table's rows by their normalised name ("name") or project ("project"), built once per
    check (rules look rows up by the names the narrative gives)."""
    key = ("rows named", table.index, field)
    found = ledger.book.memo.get(key)
    if found is None:
        found = ledger.book.memo[key] = {}
        for r in table.rows:
            if field == "name":
                found.setdefault(norm_label(r.name), []).append(r)
            elif r.project:
                found.setdefault(_norm_project(r.project), []).append(r)
    return found


def claim_value(ledger: Ledger, coords: Coords) -> Val | None:
    cells = claim_cells(ledger, coords)
    if not cells or len({c.amount for c in cells}) > 1:
        return None
    return cells[0]


def exact_places(places: int | None) -> int:
    """Tables round to 0.01 万元; a narrative figure written without decimals ("6万元") is the
    writer's exact figure, not one rounded to whole 万元, so it is read as 6.00."""
    return places if places else 2


MONEY = tuple(WAN_SHIFT)         # the money units (WAN_SHIFT: the power of ten that takes each to 万元)


def to_wan(claim: Claim, literal: bool = False) -> tuple[Decimal, int]:
    """A claim's amount and printed places in 万元. `literal`: a whole-万元 figure is taken as
    rounded to whole 万元 (see exact_places)."""
    if claim.qualifier == "approx":     # "约 240 万元": exact to the tens only, whatever the unit
        return in_wan(claim.value, claim.unit), (claim.precision or 0) - WAN_SHIFT.get(claim.unit, 0)
    places = exact_places(claim.precision) if claim.unit == "万元" and not literal else (claim.precision or 0)
    shift = WAN_SHIFT.get(claim.unit, 0)
    return in_wan(claim.value, claim.unit), max(places - shift, 0) if shift else places


def in_wan(value: Decimal, unit: str) -> Decimal:
    """A figure stated in `unit` in 万元 (a unit not money is left as it is)."""
    shift = WAN_SHIFT.get(unit, 0)
    return value.scaleb(shift) if shift else value


def prior_wan(change: Claim) -> Decimal | None:
    """The prior figure a change implies, in 万元 (it is stated in the change's own unit)."""
    return None if change.implied_prior is None else in_wan(change.implied_prior, change.unit)


def _claims(ctx: Context, *kinds: str) -> list[Claim]:
    if not ctx.disc.narrative.claims:
        raise NotApplicable("文件中没有情况说明")
    found = ctx.book.memo.get(("claims", kinds))
    if found is None:     # several rules ask for the same kinds
        # a bound ("超过 240 万元") is no figure to compute with: only N-AMOUNT reads it (_bounds)
        found = ctx.book.memo[("claims", kinds)] = [c for c in ctx.disc.narrative.claims
                                                    if c.kind in kinds and c.qualifier not in BOUNDS]
    return list(found)


def _changes(ctx: Context) -> tuple[list[Claim], list[tuple[Claim, Claim | None, Claim | None]]]:
    """The change, rate and amount claims and their change_pairs (once per check: five rules ask)."""
    claims = _claims(ctx, "change", "rate", "amount", "prior")
    pairs = ctx.book.memo.get("change pairs")
    if pairs is None:
        pairs = ctx.book.memo["change pairs"] = change_pairs(claims)
    return claims, pairs


def _loc(claim: Claim | ItemList) -> Location:
    return Location(section=claim.section, sentence=claim.sentence)


def unit_lacks(ctx: Context, claim: Claim, *kinds: str | None, cited: Claim | None = None, **fields) -> bool:
    """The claim is a unit's whose set prints no table of one of `kinds` (those it is read
    against): said not checked, once per rule, unit and kind (Context.unit_lacks), instead of
    passing in silence. `cited`: the claim the finding quotes, where not the one the tables
    are looked up for (a rate, beside its change); `fields`: more for the message (or another
    `found`, the figure as the message says it)."""
    shown = cited or claim
    return ctx.unit_lacks(claim.table_set, kinds, _loc(shown), [claim_ev(shown)],
                          **{"subject": claim.subject.text, "found": shown.text, **fields})


# ---- amounts and shares ------------------------------------------------------------------------

PROJECT_SCOPE = re.compile(r"(该|本)项目|项目(总投资|资金|预算)|其中：?财政资金")


def project_scoped(ctx: Context, claim: Claim) -> bool:
    """A figure inside a project's description or targets speaks of that project, not the tables."""
    line = claim.provenance.line or 0
    for p in ctx.disc.narrative.projects:
        if p.provenance.line and p.provenance.line <= line <= (p.provenance.line_end or p.provenance.line):
            return True
    # the words before the figure: "该项目总投资 13 万元"; a later "…项目预算未变化" is a reason
    return PROJECT_SCOPE.search(before_figure(claim)) is not None


BOUNDS = ("over", "under")


@rule("N-AMOUNT")
def amounts(ctx: Context) -> None:
    for claim in _claims(ctx, "amount"):
        if claim.subject.coords and claim.unit in MONEY and not project_scoped(ctx, claim) \
                and not unit_lacks(ctx, claim, claim.subject.coords.table_kind):
            ctx.check(_amount, ctx, claim)
    for claim in ctx.disc.narrative.claims:
        if claim.kind == "amount" and claim.qualifier in BOUNDS and claim.subject.coords and claim.unit in MONEY \
                and not project_scoped(ctx, claim) and not unit_lacks(ctx, claim, claim.subject.coords.table_kind):
            ctx.check(_bound, ctx, claim)


def _bound(ledger: Ledger, ctx: Context, claim: Claim) -> Fail | None:
    """"超过 240 万元" (不到 …): the table's figure must lie beyond the bound, on its side."""
    cells = claim_cells(ledger, claim.subject.coords)
    if not cells or len({c.amount for c in cells}) > 1:
        return None
    value, cell = in_wan(claim.value, claim.unit), cells[0]
    gap = cell.amount - value
    if (gap > 0) if claim.qualifier == "over" else (gap < 0):
        return None
    word = "超过" if claim.qualifier == "over" else "不到"
    return Fail(key=_claim_key(claim), location=_loc(claim), expected=fmt(cell.amount), found=word + claim.text,
                difference=value - cell.amount, tolerance=Decimal(0), evidence=[claim_ev(claim), ev(cell, "表格")],
                fields={"subject": claim.subject.text})


# said where a 基本支出 is compared with the sum of its printed parts (basic_parts): a finding's
# note, which the message adds in brackets
BASIC_SUMMED = "表格未列基本支出合计，按人员经费与公用经费之和计"


def basic_parts(ledger: Ledger, coords: Coords) -> list[Val] | None:
    """A 基本支出 the table prints as 人员经费 | 公用经费 only (no 小计 of the two): its two cells,
    each of one amount (None where the table prints the 基本支出 itself, or not both parts)."""
    if coords.nature != "basic":
        return None
    parts = [claim_cells(ledger, coords.model_copy(update={"nature": n})) for n in ("personnel", "public")]
    if not all(parts) or any(len({c.amount for c in cells}) > 1 for cells in parts):
        return None
    return [cells[0] for cells in parts]


# said where the 财政拨款 spending of a nature is the sum of the budget types' tables (fiscal_parts)
FISCAL_SUMMED = "财政拨款收支总表未列{nature}，按一般公共预算、政府性基金预算、国有资本经营预算支出表的{nature}之和计"
NATURE_NAMES = {"basic": "基本支出", "project": "项目支出"}
# the budget types' spending tables, 一般公共预算's first (it must be printed)
TYPE_TABLES = (("gpb_expenditure", "gpb"), ("gov_fund_expenditure", "gov_fund"),
               ("state_capital_expenditure", "state_capital"))


def fiscal_parts(ledger: Ledger, coords: Coords) -> list[Val] | None:
    """The 财政拨款 基本支出 or 项目支出 where the 财政拨款收支总表 prints no such row (Xinjiang's
    prints the budget types only): 表5's, with 表8's and 表9's where they print one. A type's
    table left out of the set counts only where the 财政拨款收支总表 shows that type spends
    nothing; a table printed empty holds 0. None where a part cannot be told."""
    if coords.table_kind != "fiscal_summary" or coords.nature not in NATURE_NAMES:
        return None
    parts = []
    for kind, budget_type in TYPE_TABLES:
        cells = claim_cells(ledger, Coords(table_kind=kind, nature=coords.nature, phase=coords.phase))
        if len({c.amount for c in cells}) > 1:
            return None
        if cells:
            parts.append(cells[0])
        elif kind == "gpb_expenditure" or not _spends_nothing(ledger, kind, budget_type):
            return None
    return parts


def _spends_nothing(ledger: Ledger, kind: str, budget_type: str) -> bool:
    """A budget type's table printed with no amount, or left out where the 财政拨款收支总表's
    column of that type is printed as 0 (or not printed: no money of that type at all)."""
    table = ledger.table(kind)
    if table is not None:
        return not any(v.amount for r in table.rows for v in ledger.values(table, r).values())
    spent = ledger.find("fiscal_summary", None, side="expenditure", budget_type=budget_type)
    return not any(v.amount for v in spent)


def summed_parts(ledger: Ledger, coords: Coords) -> tuple[list[Val], str] | None:
    """A figure the tables print only as parts: (the parts, what the finding notes), or None."""
    parts = basic_parts(ledger, coords)
    if parts is not None:
        return parts, BASIC_SUMMED
    parts = fiscal_parts(ledger, coords)
    if parts is not None:
        return parts, FISCAL_SUMMED.format(nature=NATURE_NAMES[coords.nature])
    return None


@dataclass(slots=True)
class Summed(Val):
    """A figure the tables print as its parts only (a 基本支出 as 人员经费 | 公用经费, the 财政拨款
    项目支出 as each budget type's): their sum, for the arithmetic (a share, a rate); each part is
    cited (cited), the sum is no printed figure; note: how it was summed."""
    parts: list[Val] = field(default_factory=list)
    note: str = BASIC_SUMMED


def value_or_parts(ledger: Ledger, coords: Coords) -> Val | None:
    """claim_value; where it finds none, a figure printed as its parts only (Summed)."""
    cell = claim_value(ledger, coords)
    if cell is not None:
        return cell
    summed = summed_parts(ledger, coords)
    if summed is None:
        return None
    parts, note = summed
    total = sum((c.amount for c in parts), Decimal(0))
    # (read at the parts' places: a share or rate of two decimals moves by far less than the
    # sum's second half cent could move it)
    return Summed(amount=total, places=max(c.places for c in parts), key="", coords={}, table=parts[0].table,
                  row=parts[0].row, text=fmt(total), provenance=parts[0].provenance, parts=parts, note=note)


def cited(cell: Val, role: str) -> list[Evidence]:
    """The evidence of a cell: each part of a Summed one."""
    return [ev(c, role) for c in cell.parts] if isinstance(cell, Summed) else [ev(cell, role)]


def _amount(ledger: Ledger, ctx: Context, claim: Claim) -> Fail | None:
    cells = claim_cells(ledger, claim.subject.coords)
    if not cells and (summed := summed_parts(ledger, claim.subject.coords)) is not None:
        return _summed_amount(claim, *summed)
    if not cells and claim.subject.coords.table_kind != "three_public":
        return None             # the sentence names nothing the tables print
    value, places = to_wan(claim)
    if not cells:
        table = ledger.table("three_public")
        if table is None or claim.subject.coords.item not in printed_items(table):
            return None
        if value == 0:
            return None
        # (the table prints the item's column but no figure for it: it stands as evidence)
        table_amount, tol = Decimal(0), half_unit(places)
        evidence = [claim_ev(claim), Cited("表格", f"{table.title}：该项未列金额（按 0 计）", table.provenance)]
    else:
        if len({c.amount for c in cells}) > 1:
            return None
        cell = cells[0]
        if cell.places > 2:     # a table in 元: the writer rounded it to the places printed
            value, places = to_wan(claim, literal=True)
            if places >= 2 and value == cell.amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
                return None     # 243,120 元 written 24.31 万元: the usual two places, rounded right
        table_amount, tol = cell.amount, tolerance((places, cell.places))
        evidence = [claim_ev(claim), ev(cell, "表格")]
    gap = value - table_amount
    if gap == 0 or _restates_another(ledger, claim, value, places):
        return None
    return Fail(key=_claim_key(claim), location=_loc(claim), expected=fmt(table_amount), found=claim.text,
                difference=gap, tolerance=tol, evidence=evidence, rounding=abs(gap) <= tol,
                fields={"subject": claim.subject.text})


def _summed_amount(claim: Claim, parts: list[Val], note: str) -> Fail | None:
    """The claim against the sum of its printed parts, each cited."""
    value, places = to_wan(claim)
    total = sum((c.amount for c in parts), Decimal(0))
    gap = value - total
    if gap == 0:
        return None
    tol = half_unit(places) + sum((half_unit(c.places) for c in parts), Decimal(0))
    return Fail(key=_claim_key(claim), location=_loc(claim), expected=fmt(total), found=claim.text,
                difference=gap, tolerance=tol, evidence=[claim_ev(claim)] + [ev(c, "表格") for c in parts],
                rounding=abs(gap) <= tol, fields={"subject": claim.subject.text, "note": note})


# figures whose scope documents draw differently: the 部门整体 performance target covers the whole
# budget in most templates, this year's income or the fiscal money alone in some
ALSO_MEANS = {
    "performance:department": [Coords(table_kind="summary", side="income", source="current_income"),
                               Coords(table_kind="fiscal_summary", side="income", source="total"),
                               Coords(table_kind="fiscal_summary", side="income", source="fiscal")],
}


def _restates_another(ledger: Ledger, claim: Claim, value: Decimal, places: int) -> bool:
    for coords in ALSO_MEANS.get(claim.subject.concept or "", ()):
        cell = claim_value(ledger, coords)
        if cell is not None and abs(value - cell.amount) <= half_unit(places) + half_unit(cell.places):
            return True
    return False


def _claim_key(claim: Claim) -> str:
    c = claim.subject.coords
    coords = c.model_dump_json(exclude_none=True) if c else claim.subject.concept or claim.subject.text
    return f"{claim.section}|{claim.kind}|{coords}|{claim.value}"


@rule("N-SHARE")
def shares(ctx: Context) -> None:
    for claim in _claims(ctx, "share"):
        if claim.subject.coords and not unit_lacks(ctx, claim, claim.subject.coords.table_kind, _whole_kind(claim)):
            ctx.check(_share_or_restated, ctx, claim, _said_before(ctx, claim, claim.sentence))
        elif claim.subject.coords is None and claim.whole is not None and claim.whole.coords is not None \
                and (part := _stated_part(ctx.disc.narrative.claims, claim)) is not None \
                and not unit_lacks(ctx, claim, claim.whole.coords.table_kind):
            # "涉及资金 185.40 万元，占一般公共预算项目支出总额的 100%": a part the tables do not
            # print, of a whole they do
            ctx.check(_share_of_stated, claim, part)


def _stated_part(claims: list[Claim], share: Claim) -> Claim | None:
    """The amount in money a share is of: the last one before it in its sentence, of the same
    words (the share took its subject from it)."""
    at = next((i for i, c in enumerate(claims) if c is share), None)
    for c in reversed(claims[:at or 0]):
        if c.sentence != share.sentence:
            return None
        if c.kind == "amount":
            return c if c.subject.text == share.subject.text and c.unit in MONEY else None
    return None


def _share_of_stated(ledger: Ledger, share: Claim, part: Claim) -> Fail | None:
    whole = claim_value(ledger, share.whole.coords)
    return _share_of(share, to_wan(part), whole, [claim_ev(share), claim_ev(part, "部分"), ev(whole, "整体")],
                     {"part": part.text, "whole_name": share.whole.text, "message": "stated"}) \
        if whole is not None else None


def _share_of(share: Claim, part: tuple[Decimal, int], whole: Val | tuple[Decimal, int], evidence: list,
              fields: dict) -> Fail | None:
    """The share's finding where no rounding of the part and the whole (in 万元) gives it."""
    rng = ratio_range(part, whole)
    if rng is None:
        return None
    lo, hi = rng
    half = half_unit(share.precision or 0)
    if lo - half <= share.value <= hi + half:
        return None
    exact = part[0] / (whole.amount if isinstance(whole, Val) else whole[0]) * HUNDRED
    return Fail(key=_claim_key(share), location=_loc(share), expected=f"{exact:.2f}", found=share.text,
                difference=(share.value - exact).quantize(Decimal("0.01")), tolerance=half, evidence=evidence,
                fields={"subject": share.subject.text, **fields, "why": unreachable(share, lo, hi, "占比")})


def _share_or_restated(ledger: Ledger, ctx: Context, claim: Claim, stated: Claim | None) -> Fail | None:
    """The share against the table; where the sentence's own amount of the part differs from the
    table (N-AMOUNT's error) and the share is of that amount, the share is no error of its own."""
    fail = _share(ledger, ctx, claim)
    if fail is None or fail.rounding or stated is None:
        return fail
    table = _misstated(ledger, ctx, stated)
    if table is None:
        return fail
    half = half_unit(claim.precision or 0)
    for base in _bases_for(ledger, claim):
        rng = ratio_range(to_wan(stated), base)
        if rng is not None and rng[0] - half <= claim.value <= rng[1] + half:
            return _derived(fail, stated, table, "restated")
    return fail


# ---- a percentage worked out from the text's own amount where the table prints another -----------

def _said_before(ctx: Context, claim: Claim, sentence: str | None) -> Claim | None:
    """The amount the text states of the claim's item before it: in its sentence (`sentence`),
    else anywhere in its section before it (None); the last such one."""
    said = ctx.book.memo.get("amounts said")
    if said is None:     # (one pass over the claims per check, not one per share or rate)
        said = ctx.book.memo["amounts said"] = {}
        for i, c in enumerate(ctx.disc.narrative.claims):
            if c.kind == "amount" and c.subject.coords is not None and c.unit in MONEY and c.qualifier not in BOUNDS:
                said.setdefault((c.section, c.subject.coords.model_dump_json(exclude_none=True)), []).append((i, c))
    if claim.subject.coords is None:
        return None
    here = ctx.book.memo.setdefault("claim index", {c_id: i for i, c_id in
                                                     enumerate(map(id, ctx.disc.narrative.claims))}).get(id(claim))
    found = [c for i, c in said.get((claim.section, claim.subject.coords.model_dump_json(exclude_none=True)), ())
             if here is not None and i < here and (sentence is None or c.sentence == sentence)]
    return found[-1] if found else None


def _misstated(ledger: Ledger, ctx: Context, claim: Claim) -> Val | None:
    """The table's cell where N-AMOUNT reports the claim's amount as an error (not a rounding)."""
    if project_scoped(ctx, claim):
        return None
    fail = _amount(ledger, ctx, claim)
    if fail is None or fail.rounding:
        return None
    cells = claim_cells(ledger, claim.subject.coords)
    return cells[0] if cells else None


def _derived(fail: Fail, stated: Claim, table: Val, message: str) -> Fail:
    """The percentage's finding made a note: it agrees with one of the two amounts N-AMOUNT finds
    at odds (which one: `message`), so the difference is the amount's, not the percentage's."""
    fail.severity = "info"
    fail.fields.update({"message": message, "stated": fmt(to_wan(stated)[0]), "table": fmt(table.amount)})
    fail.evidence.append(claim_ev(stated, "说明所写金额"))
    return fail


def _whole_kind(claim: Claim) -> str | None:
    """The table of the whole the share names; None where it names none (its bases are in its
    part's table)."""
    whole = claim.whole.coords if claim.whole is not None else None
    return whole.table_kind if whole is not None else None


def share_bases(ledger: Ledger, coords: Coords) -> list[Val]:
    """Candidate wholes a share is taken of: the column total, then the parent code."""
    base = coords.model_copy()
    out: list[Val] = []
    if coords.function_code or coords.economic_code:
        code = coords.function_code or coords.economic_code
        if coords.table_kind in ("summary", "fiscal_summary"):
            total = claim_value(ledger, base.model_copy(update={"function_code": "total"}))
        else:
            total = claim_value(ledger, base.model_copy(update={"function_code": None, "economic_code": None}))
        out += [total] if total else []
        if len(code) > 3:
            field = "function_code" if coords.function_code else "economic_code"
            parent = claim_value(ledger, base.model_copy(update={field: code[:-2]}))
            out += [parent] if parent else []
    elif coords.source:
        total = claim_value(ledger, base.model_copy(update={"source": "total"}))
        current = claim_value(ledger, base.model_copy(update={"source": "current_income"}))
        out += [v for v in (total, current) if v]
    elif coords.nature:
        total = claim_value(ledger, base.model_copy(update={"nature": "total"}))
        out += [total] if total else []
    elif coords.item:
        total = claim_value(ledger, base.model_copy(update={"item": "total"}))
        out += [total] if total else []
    return out


def ratio_range(num: Val | tuple[Decimal, int], den: Val | tuple[Decimal, int]) -> tuple[Decimal, Decimal] | None:
    """The interval num/den × 100 can take given each operand's rounding."""
    n, np_ = (num.amount, num.places) if isinstance(num, Val) else num
    d, dp = (den.amount, den.places) if isinstance(den, Val) else den
    return ratio_interval(n, half_unit(np_), d, half_unit(dp))


def ratio_interval(n: Decimal, hn: Decimal, d: Decimal, hd: Decimal) -> tuple[Decimal, Decimal] | None:
    """The interval (n ± hn) / (d ± hd) × 100."""
    if d - hd <= 0:
        return None
    lo = max(n - hn, Decimal(0)) / (d + hd) * HUNDRED
    hi = (n + hn) / (d - hd) * HUNDRED
    return lo, hi


def _share(ledger: Ledger, ctx: Context, claim: Claim) -> Fail | None:
    part = value_or_parts(ledger, claim.subject.coords)
    if part is None:
        return None
    bases = _bases_for(ledger, claim)
    if not bases:
        return None
    half = half_unit(claim.precision or 0)
    best = None
    for base in bases:
        rng = ratio_range(part, base)
        if rng is None:
            continue
        lo, hi = rng
        exact = part.amount / base.amount * HUNDRED if base.amount else None
        if lo - half <= claim.value <= hi + half:
            if exact is not None and abs(exact - claim.value) <= half:
                return None
            best = best or (base, exact, True, rng)
        else:
            best = best if best and best[2] else (best or (base, exact, False, rng))
    if best is None:
        return None
    base, exact, rounding, (lo, hi) = best
    expected = f"{exact:.2f}" if exact is not None else "—"
    difference, tolerance = (claim.value - exact).quantize(Decimal("0.01")) if exact is not None else None, half
    if rounding and exact is not None:      # (the ratio to the places the difference is told in)
        expected, (difference, tolerance) = f"{exact:.4f}", rate_slack(claim.value, exact, lo, hi, half)
    summed = part if isinstance(part, Summed) else base if isinstance(base, Summed) else None
    return Fail(key=_claim_key(claim), location=_loc(claim), expected=expected, found=claim.text,
                difference=difference, evidence=[claim_ev(claim), *cited(part, "部分"), *cited(base, "整体")],
                rounding=rounding, tolerance=tolerance,
                fields={"subject": claim.subject.text, "why": "" if rounding else unreachable(claim, lo, hi, "占比"),
                        **({"note": summed.note} if summed else {})})


def _bases_for(ledger: Ledger, claim: Claim) -> list[Val]:
    if claim.whole is not None and claim.whole.coords is not None:
        # the sentence names its whole: that one, or none (another base would check another share)
        named = value_or_parts(ledger, claim.whole.coords)
        return [named] if named is not None else []
    return share_bases(ledger, claim.subject.coords)


def rate_slack(printed: Decimal, exact: Decimal, lo: Decimal, hi: Decimal,
               half: Decimal) -> tuple[Decimal, Decimal]:
    """(difference, tolerance) of a printed percentage that rounding explains, as a finding says
    them ("差额 … 在舍入误差 ±… 之内"): the rounding of the amounts moves the ratio anywhere in
    [lo, hi], the percentage's own printing adds ±half. Half the last digit alone (±0.005) would
    not hold the difference (75.96% against 75.9661% is 0.0061 off), so the finding would say
    a false sum. To 4 places: the difference rounded, the tolerance rounded up."""
    place = Decimal("0.0001")
    slack = max(exact - lo, hi - exact, Decimal(0)) + half
    return (printed - exact).quantize(place, ROUND_HALF_UP), slack.quantize(place, ROUND_UP)


# ---- completion rates (决算) ------------------------------------------------------------------

@rule("N-COMPLETION")
def completions(ctx: Context) -> None:
    claims = ctx.disc.narrative.claims
    for i, claim in enumerate(claims):
        if claim.kind == "completion" and claim.subject.coords is not None:
            before = claims[max(0, i - 8):i]
            if not _unit_lacks_figures(ctx, claim, before, "决算"):
                ctx.check(_completion, ctx, claim, before)


def _completion(ledger: Ledger, ctx: Context, claim: Claim, before: list[Claim]) -> Fail | None:
    """"年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 C%": C = B / A × 100, with the
    figures the sentence states, else the table's (三公: 预算数 and 决算数 columns)."""
    actual = _phase_figure(ledger, claim, before, "决算")
    budget = _budget_figure(ledger, claim, before)
    if actual is None or budget is None:
        return None
    evidence = [claim_ev(claim)] + [claim_ev(x) if isinstance(x, Claim) else ev(x, role)
                                    for x, role in ((actual, "决算数"), (budget, "预算数"))
                                    if not (isinstance(x, Claim) and x.sentence == claim.sentence)]
    a, b = (_figure(actual), _figure(budget))
    if b[0] == 0 and a[0] == 0 and claim.value == 0:
        return None        # nothing budgeted, nothing spent: "完成预算的 0.00%" says so, if loosely
    if b[0] == 0:
        return Fail(key=_claim_key(claim), location=_loc(claim), expected="无（预算数为 0）", found=claim.text,
                    evidence=evidence, fields={"subject": claim.subject.text, "why": "：预算数为 0，完成率无从计算"})
    lo, hi = ratio_range(a, b)
    half = half_unit(claim.precision or 0)
    if lo - half <= claim.value <= hi + half:
        return None
    exact = a[0] / b[0] * HUNDRED
    fail = Fail(key=_claim_key(claim), location=_loc(claim), expected=f"{exact:.2f}", found=claim.text,
                difference=(claim.value - exact).quantize(Decimal("0.01")), evidence=evidence, tolerance=half,
                fields={"subject": claim.subject.text, "why": unreachable(claim, lo, hi, "完成率")})
    return _completion_of_table(ledger, ctx, claim, fail, actual, budget)


def _completion_of_table(ledger: Ledger, ctx: Context, claim: Claim, fail: Fail,
                         actual: Claim | Val, budget: Claim | Val) -> Fail:
    """Where a figure the text states is at odds with the table (N-AMOUNT's error) and the rate
    is of the table's, the rate is no error of its own."""
    half = half_unit(claim.precision or 0)
    for stated, other in ((actual, budget), (budget, actual)):
        table = _misstated(ledger, ctx, stated) if isinstance(stated, Claim) else None
        if table is None:
            continue
        num, den = ((table.amount, table.places), _figure(other)) if stated is actual \
            else (_figure(other), (table.amount, table.places))
        rng = ratio_range(num, den)
        if rng is not None and rng[0] - half <= claim.value <= rng[1] + half:
            return _derived(fail, stated, table, "fits_table")
    return fail


def _phase_figure(ledger: Ledger, claim: Claim, before: list[Claim], phase: str) -> Claim | Val | None:
    """The figure of the claim's subject in one phase: stated before it in its section (after
    the previous completion rate: that one closed another item), else printed in the tables."""
    stated = _stated_figure(claim, before, phase)
    if stated is not None:
        return stated
    return claim_value(ledger, claim.subject.coords.model_copy(update={"phase": phase}))


def _stated_figure(claim: Claim, before: list[Claim], phase: str) -> Claim | None:
    for prior in reversed(before):
        if prior.section != claim.section or (prior.kind == "completion" and prior.sentence != claim.sentence):
            break
        c = prior.subject.coords
        if prior.kind == "amount" and c is not None and c.phase == phase \
                and prior.subject.concept == claim.subject.concept and prior.unit in ("万元", "元", "亿元"):
            return prior
    return None


def _unit_lacks_figures(ctx: Context, claim: Claim, before: list[Claim], phase: str, **fields) -> bool:
    """A unit's rate or variance whose figures (the actual of `phase`, a budget) are read from a
    table its set does not print, the text before it not stating both: said not checked
    (unit_lacks; `fields`: more for the message)."""
    return bool(claim.table_set) and not _states_both(claim, before, phase) \
        and unit_lacks(ctx, claim, claim.subject.coords.table_kind, **fields)


def _states_both(claim: Claim, before: list[Claim], phase: str) -> bool:
    """The text before the claim states both figures it is worked out from (the actual of
    `phase` and a budget): no table is read for it."""
    return _stated_figure(claim, before, phase) is not None and any(
        _stated_figure(claim, before, p) is not None for p in BUDGET_PHASES.get(claim.basis or "预算", ("年初预算",)))


def _figure(x: Claim | Val) -> tuple[Decimal, int]:
    return to_wan(x) if isinstance(x, Claim) else (x.amount, x.places)


# a change within the year (actual − budget), and the phases its basis may name: 全年预算 is
# the budget as adjusted; a budget unnamed is the initial one, else the adjusted
BUDGET_PHASES = {"年初预算": ("年初预算",), "调整预算": ("调整预算",), "全年预算": ("调整预算", "年初预算"),
                 "预算": ("年初预算", "调整预算")}
assert set(BUDGET_PHASES) == set(BUDGET_BASES), "a within-year basis the narrative gives has no phases here"


def _budget_figure(ledger: Ledger, claim: Claim, before: list[Claim]) -> Claim | Val | None:
    for phase in BUDGET_PHASES.get(claim.basis or "预算", ("年初预算",)):
        found = _phase_figure(ledger, claim, before, phase)
        if found is not None:
            return found
    return None


@rule("N-BUDGET-VARIANCE")
def budget_variances(ctx: Context) -> None:
    claims = ctx.disc.narrative.claims
    for i, claim in enumerate(claims):
        if claim.kind == "change" and claim.basis in BUDGET_BASES and claim.subject.coords is not None \
                and claim.unit in MONEY and claim.direction is not None:      # not "增加 4.07 个百分点", "变动 X"
            before = claims[max(0, i - 8):i]
            # the message says which way and from what, as the rule's own does
            if not _unit_lacks_figures(ctx, claim, before, claim.subject.coords.phase or "决算",
                                       basis=_prior_name(claim), stated=_stated_change(claim, printed=True)):
                ctx.check(_budget_variance, claim, before)


def _budget_variance(ledger: Ledger, claim: Claim, before: list[Claim]) -> Fail | None:
    """"支出决算为 B 万元，比年初预算增加 X 万元": X = B − A, A the budget the text states for
    the item, else the table's (三公: 预算数); B the actual stated, else the table's."""
    # the change's own figure: the actual, or the adjusted budget it follows
    actual = _phase_figure(ledger, claim, before, claim.subject.coords.phase or "决算")
    budget = _budget_figure(ledger, claim, before)
    if actual is None or budget is None:
        return None
    (a, ap), (b, bp), (x, xp) = _figure(actual), _figure(budget), to_wan(claim)
    signed = x if claim.direction == "increase" else -x if claim.direction == "decrease" else Decimal(0)
    tol = half_unit(ap) + half_unit(bp) + half_unit(xp)
    gap = signed - (a - b)
    if abs(gap) <= tol:
        return None
    evidence = [claim_ev(claim)] + [claim_ev(f) if isinstance(f, Claim) else ev(f, role)
                                    for f, role in ((actual, "决算数"), (budget, "预算数"))
                                    if not (isinstance(f, Claim) and f.sentence == claim.sentence)]
    return Fail(key=_claim_key(claim), location=_loc(claim), expected=fmt(abs(a - b)), found=fmt(x),
                difference=gap, tolerance=tol, evidence=evidence,
                fields={"subject": claim.subject.text, "basis": _prior_name(claim), "actual": fmt(a), "budget": fmt(b),
                        "stated": _stated_change(claim),
                        "expected_direction": "增加" if a > b else "减少" if a < b else "持平"})


# "决算数大于年初预算数的主要原因是…": the way the actual went from the budget, as the text says it
# after a completion rate (national 决算 format; 高于/低于/超过 in other provinces' wording)
VARIANCE_SAID = re.compile(r"决算数?\s*(大于|高于|超过|超出|多于|小于|低于|少于)\s*((?:年初|全年|调整后?的?)?预算数?)")
ABOVE_WORDS = ("大于", "高于", "超过", "超出", "多于")
# where another item's figures begin: the words after a rate stop speaking of its item there
NEXT_ITEM = re.compile(r"完成|决算数?为|预算数?为")


@rule("N-VARIANCE-DIRECTION")
def variance_directions(ctx: Context) -> None:
    claims = ctx.disc.narrative.claims
    said = [(i, c, m) for i, c in enumerate(claims) if c.kind == "completion" and c.subject.coords is not None
            and (m := _variance_said(ctx, c)) is not None]
    if not said:
        raise NotApplicable("情况说明没有“决算数大于/小于预算数”的说法")
    for i, claim, match in said:
        before = claims[max(0, i - 8):i]
        if not _unit_lacks_figures(ctx, claim, before, "决算"):
            ctx.check(_variance_direction, claim, before, match)


def _variance_said(ctx: Context, claim: Claim) -> re.Match | None:
    """The words on the rate's own item after it: the rest of its sentence and the next one, up
    to where another item's figures begin."""
    text = _section_text(ctx, claim)
    at = text.find(claim.sentence) if text else -1
    after = claim.sentence[claim.sentence.find(claim.text) + len(claim.text):] if claim.text in claim.sentence else ""
    if at >= 0:
        rest = text[at + len(claim.sentence):]
        after += rest[:rest.find("。") + 1] if "。" in rest else rest
    stop = NEXT_ITEM.search(after)
    return VARIANCE_SAID.search(after[:stop.start()] if stop else after)


def _section_text(ctx: Context, claim: Claim) -> str | None:
    line = claim.provenance.line
    for s in ctx.disc.narrative.sections:
        p = s.provenance
        if p is not None and p.line is not None and line is not None and p.line <= line <= (p.line_end or p.line):
            return s.text
    return None


def _variance_direction(ledger: Ledger, claim: Claim, before: list[Claim], match: re.Match) -> Fail | None:
    actual = _phase_figure(ledger, claim, before, "决算")
    budget = _budget_figure(ledger, claim, before)
    if actual is None or budget is None:
        return None
    (a, _), (b, _) = _figure(actual), _figure(budget)
    above = match.group(1) in ABOVE_WORDS
    if a == b or (a > b) == above:
        return None          # equal as printed: which way the unrounded figures went is unknown
    relation = "大于" if a > b else "小于"
    evidence = [claim_ev(claim)] + [claim_ev(x) if isinstance(x, Claim) else ev(x, role)
                                    for x, role in ((actual, "决算数"), (budget, "预算数"))
                                    if not (isinstance(x, Claim) and x.sentence == claim.sentence)]
    return Fail(key=_claim_key(claim), location=_loc(claim), expected=f"决算数{relation}{match.group(2)}",
                found=match.group(0), difference=a - b, evidence=evidence,
                fields={"subject": claim.subject.text, "actual": fmt(a), "budget": fmt(b), "relation": relation,
                        "basis": match.group(2), "rate": claim.text})


DIRECTION_WORDS = {"increase": "增加", "decrease": "减少"}


def _direction_word(change: Claim) -> str:
    return DIRECTION_WORDS.get(change.direction, "持平")


def _stated_change(change: Claim, printed: bool = False) -> str:
    """What the text says of a change, for a message: "比年初预算增加 20.36 万元" (printed: its
    figure quoted as printed, "20.36万元"), "与年初预算持平"."""
    if change.direction == "flat":
        return f"与{_prior_name(change)}持平"
    figure = change.text if printed else f"{fmt(to_wan(change)[0])} 万元"
    return f"比{_prior_name(change)}{_direction_word(change)} {figure}"


def _prior_name(change: Claim) -> str:
    """What a change is measured from, as a message names it: 上年, 年初预算, 预算数 …"""
    if change.basis not in BUDGET_BASES:
        return "上年"
    return "预算数" if change.basis == "预算" else change.basis


# ---- year-over-year changes inside the narrative ---------------------------------------------------

def change_pairs(claims: list[Claim]) -> list[tuple[Claim, Claim | None, Claim | None]]:
    """(change, rate, current amount) triples: the rate and amount of the same subject in its sentence."""
    by_subject: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(claims):
        by_subject.setdefault((c.sentence, c.subject.text), []).append(i)
    out = []
    for i, c in enumerate(claims):
        if c.kind != "change" or c.unit == "个百分点" or c.direction is None:
            continue        # a change of a share (no rate to it), or one whose way is unsaid ("变动 12 万元")
        same = by_subject[(c.sentence, c.subject.text)]
        rate = next((claims[j] for j in same if j > i and claims[j].kind == "rate"), None)
        amounts = [claims[j] for j in reversed(same) if j < i and claims[j].kind == "amount"]
        # "年初预算为 A，支出决算为 B，比年初预算增加 X": the change is of the amount of its phase
        amount = next((a for a in amounts if _phase(a) == _phase(c)), amounts[0] if amounts else None)
        out.append((c, rate, amount))
    return out


def _phase(claim: Claim) -> str | None:
    return claim.subject.coords.phase if claim.subject.coords is not None else None


@rule("N-CHANGE-RATE")
def change_rates(ctx: Context) -> None:
    claims, pairs = _changes(ctx)
    priors = _money_priors(claims)
    paired = {id(rate) for _, rate, _ in pairs if rate is not None}
    for rate, prior, current in stated_priors(claims, ctx.disc.meta.year):
        if id(rate) not in paired:
            ctx.check(_stated_rate_of, ctx, rate, prior, current)
    for change, rate, amount in pairs:
        if rate is None:
            continue
        stated = _stated_base(change, priors) if amount is None and change.implied_prior is None else None
        if stated is not None:
            ctx.report_if(_rate_over_stated(change, rate, stated))
        elif amount is None and change.subject.coords is not None and not project_scoped(ctx, change):
            # the current figure is in the table (needed unless the change is none or states the prior)
            if to_wan(change)[0] == 0 or change.implied_prior is not None \
                    or not unit_lacks(ctx, change, change.subject.coords.table_kind, cited=rate):
                ctx.check(_rate_from_table_or_text, ctx, change, rate, _said_before(ctx, change, None))
        elif amount is not None and amount.subject.coords is not None:
            ctx.check(_rate_of_amount, ctx, change, rate, amount)
        elif change.implied_prior is not None or amount is not None:
            ctx.report_if(_change_rate(change, rate, amount))
        elif to_wan(change)[0] == 0:                      # no change: the rate is 0 whatever the figures
            ctx.report_if(_change_rate(change, rate, _as_current(change, Decimal(0), 2, change.text)))


def _money_priors(claims: list[Claim]) -> dict[tuple[str, str], list[Claim]]:
    """Last year's figures in money by sentence and subject, in text order: what _stated_base
    looks a change's up in (one pass over the claims, not one per change)."""
    out: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        if c.kind == "prior" and c.unit in MONEY:
            out.setdefault((c.sentence, c.subject.text), []).append(c)
    return out


def _stated_base(change: Claim, priors: dict[tuple[str, str], list[Claim]]) -> Claim | None:
    """Last year's figure the change's comparison itself names, of the same subject
    ("比上年预算5,000.00万元增加 500 万元"): the base the writer's rate is of. Not a prior
    year's figure stated in a clause of its own ("2025年预算数为 X 万元，比上年增加 Y 万元"):
    the change there is of X (a year misprinted in the text is D-YEAR-MENTION's to report)."""
    sentence = change.sentence
    at = figure_at(sentence, change.text)
    found = [c for c in priors.get((sentence, change.subject.text), ())
             if _in_comparison(sentence, figure_at(sentence, c.text), c.text, at)]
    return found[0] if len(found) == 1 else None


COMPARISON_CUT = re.compile(r"[，,；;。：:]")


def _in_comparison(sentence: str, start: int, text: str, change_at: int) -> bool:
    """The figure at `start` stands between a comparison's word (比/较/与) and the change at
    `change_at`, in the same clause: "比上年预算 X 万元减少 Y"."""
    if not 0 <= start < change_at or COMPARISON_CUT.search(sentence, start + len(text), change_at):
        return False
    clause = COMPARISON_CUT.split(sentence[:start])[-1]
    return any(word in clause for word in "比较与")


def _rate_over_stated(change: Claim, rate: Claim, prior: Claim) -> Fail | None:
    """The rate against the stated prior: this year's figure is the prior plus the change."""
    (p, pp), (value, places) = to_wan(prior), to_wan(change)
    based = change.model_copy(update={"implied_prior": p, "value": value, "unit": "万元", "precision": places})
    fail = _change_rate(based, rate, None, (half_unit(places), half_unit(pp)))
    if fail is not None:
        fail.evidence = [claim_ev(prior), claim_ev(change)]
        fail.fields["message"] = "stated"      # the prior is the one the text states, not worked out
    return fail


def stated_priors(claims: list[Claim], year: int | None):
    """(rate, last year's amount, this year's amount) where a sentence states both years'
    figures and the rate between them without an amount of change: "2023年当年预算执行数为
    45.41万元，2024年预算安排42.60万元，比2023年预算执行数减少6.19%"."""
    prior_words = re.compile(r"上年|上一年" + (f"|{year - 1}\\s*年" if year else ""))
    current_words = re.compile(r"本年|今年|预算安排" + (f"|{year}\\s*年" if year else ""))
    by_sentence: dict[str, list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault(c.sentence, []).append(c)
    for sentence, group in by_sentence.items():
        if any(c.kind == "change" for c in group):
            continue
        seen, at = [], 0
        for c in group:
            pos = figure_at(sentence, c.text, at)
            if pos < 0:
                break
            clause = re.split(r"[，,；;]", sentence[at:pos])[-1]
            at = pos + len(c.text)
            if c.kind in ("amount", "prior") and c.unit in MONEY:
                seen.append((c, clause))
            elif c.kind == "rate":
                prior = [a for a, cl in seen if prior_words.search(cl) and not current_words.search(cl)]
                current = [a for a, cl in seen if current_words.search(cl) and not prior_words.search(cl)]
                if len(prior) == 1 and len(current) == 1:
                    yield c, prior[0], current[0]
                seen = []


def _stated_rate(rate: Claim, prior: Claim, current: Claim) -> Fail | None:
    (p, pp), (c, cp) = to_wan(prior), to_wan(current)
    halves = (half_unit(pp) + half_unit(cp), half_unit(pp))
    change = Claim(kind="change", subject=rate.subject, value=abs(c - p), unit="万元", precision=max(pp, cp),
                   direction="increase" if c >= p else "decrease", implied_prior=p,
                   text=f"{fmt(abs(c - p))}万元", sentence=rate.sentence, provenance=current.provenance)
    if p == 0:
        return None if rate.value == HUNDRED else _change_rate(change, rate, current, halves)
    if (c > p) != (rate.direction == "increase") and c != p:
        # "比上年减少 6.19%" while this year's figure is larger: the direction itself is wrong
        expected = abs(c - p) / p * HUNDRED
        return Fail(key=_claim_key(rate), location=_loc(rate), expected=f"{expected:.2f}", found=rate.text,
                    evidence=[claim_ev(rate)], difference=None,
                    fields={"subject": _pair_subject(prior, current), "change": change.text, "prior": fmt(p),
                            "prior_name": "上年", "why": "（增减方向与两年金额相反）"})
    fail = _change_rate(change, rate, current, halves)
    if fail is not None:
        fail.fields["subject"] = _pair_subject(prior, current)
        fail.evidence = [claim_ev(rate)]
    return fail


def _pair_subject(prior: Claim, current: Claim) -> str:
    if prior.subject.text == current.subject.text:      # one item's two years: named once
        return f"{current.subject.text}：{prior.text} → {current.text}"
    return f"{prior.subject.text} {prior.text} → {current.subject.text} {current.text}"


def _rate_from_table(ledger: Ledger, change: Claim, rate: Claim) -> Fail | None:
    cell = value_or_parts(ledger, change.subject.coords)
    if cell is not None:
        amount, places, text = cell.amount, cell.places, cell.text
    elif to_wan(change)[0] == 0 or _printed_empty(ledger, change.subject.coords):
        amount, places, text = Decimal(0), 2, "0.00"   # a 三公 line printed empty holds 0
    elif change.implied_prior is not None:             # the table does not print it: the text's figure
        return _change_rate(change, rate, None)
    else:
        return None
    fail = _rate_against(change, rate, amount, places, text)
    if fail is not None and isinstance(cell, Summed):
        fail.evidence += cited(cell, "表格")
        fail.fields["note"] = cell.note
    return fail


def _rate_from_table_or_text(ledger: Ledger, ctx: Context, change: Claim, rate: Claim,
                             stated: Claim | None) -> Fail | None:
    """The rate against the table's figure; where the text states the item's amount before (in
    its section) at odds with the table (N-AMOUNT's error) and the rate is of that amount, the
    rate is no error of its own."""
    fail = _rate_from_table(ledger, change, rate)
    # (a prior measured from an amount the text states, of_amount, is that amount's: the rate may be of it)
    if fail is None or fail.rounding or stated is None or change.implied_prior is not None and change.of_amount is None:
        return fail
    table = _misstated(ledger, ctx, stated)
    if table is None or _fails(_rate_against(change, rate, *to_wan(stated), stated.text)):
        return fail
    return _derived(fail, stated, table, "restated")


def _rate_of_amount(ledger: Ledger, ctx: Context, change: Claim, rate: Claim, amount: Claim) -> Fail | None:
    """The rate against the amount its sentence states; where that amount is at odds with the
    table (N-AMOUNT's error) and the rate is of the table's, the rate is no error of its own."""
    fail = _change_rate(change, rate, amount)
    if fail is None or fail.rounding:
        return fail
    table = _misstated(ledger, ctx, amount)
    if table is None or _fails(_rate_against(change, rate, table.amount, table.places, table.text)):
        return fail
    return _derived(fail, amount, table, "fits_table")


def _stated_rate_of(ledger: Ledger, ctx: Context, rate: Claim, prior: Claim, current: Claim) -> Fail | None:
    """_stated_rate; where this year's stated amount is at odds with the table (N-AMOUNT's
    error) and the rate is of the table's, the rate is no error of its own."""
    fail = _stated_rate(rate, prior, current)
    if fail is None or fail.rounding or current.subject.coords is None:
        return fail
    table = _misstated(ledger, ctx, current)
    if table is None:
        return fail
    printed = current.model_copy(update={"value": table.amount, "unit": "万元", "precision": table.places,
                                         "text": table.text})
    if _fails(_stated_rate(rate, prior, printed)):
        return fail
    return _derived(fail, current, table, "fits_table")


def _fails(fail: Fail | None) -> bool:
    return fail is not None and not fail.rounding


def _rate_against(change: Claim, rate: Claim, amount: Decimal, places: int, text: str) -> Fail | None:
    """The rate of the change with this year's figure `amount` (last year's = it less the change)."""
    value, value_places = to_wan(change)
    sign = -1 if change.direction == "increase" else 1
    fake = change.model_copy(update={"implied_prior": amount + sign * value, "value": value, "unit": "万元",
                                     "precision": value_places})
    return _change_rate(fake, rate, _as_current(change, amount, places, text))


def _as_current(change: Claim, amount: Decimal, places: int, text: str) -> Claim:
    return Claim(kind="amount", subject=change.subject, value=amount, unit="万元", precision=places,
                 text=text, sentence=change.sentence, provenance=change.provenance)


def _printed_empty(ledger: Ledger, coords: Coords) -> bool:
    """The 三公 table prints the item's line with no amount in it."""
    if coords.table_kind != "three_public" or not coords.item:
        return False
    table = ledger.table("three_public")
    if table is None or coords.item not in printed_items(table):
        return False
    return not any(v.amount for v in ledger.cells("three_public") if v.coords.get("item") == coords.item)


def _current(change: Claim, amount: Claim | None) -> tuple[Decimal, int] | None:
    if amount is not None:
        return to_wan(amount)
    if change.implied_prior is None:
        return None
    value, places = to_wan(change)
    sign = 1 if change.direction == "increase" else -1
    return prior_wan(change) + sign * value, places


def _change_rate(change: Claim, rate: Claim, amount: Claim | None,
                 halves: tuple[Decimal, Decimal] | None = None) -> Fail | None:
    """halves: the rounding half-widths of the change and of the prior year when both years'
    figures are stated (the change is their difference); else the change and the current figure
    are printed and the prior is derived."""
    cur = _current(change, amount)
    if cur is None:
        return None
    value, places = to_wan(change)
    prior = prior_wan(change)
    if prior is None:
        prior = cur[0] - value if change.direction == "increase" else cur[0] + value
    # the prior year is the current figure less the change: both are rounded
    change_half, prior_half = halves or (half_unit(places), half_unit(places) + half_unit(cur[1]))
    half = half_unit(rate.precision or 0)
    if value == 0:     # no change: the rate is 0
        if rate.value == 0:
            return None
        expected, rng = Decimal(0), (Decimal(0), Decimal(0))
    elif prior <= 0:   # a new item: written as 增长 100%
        if rate.value == HUNDRED or prior < 0:
            return None
        expected, rng = HUNDRED, (HUNDRED, HUNDRED)
    else:
        rng = ratio_interval(value, change_half, prior, prior_half)
        if rng is None:
            return None
        expected = value / prior * HUNDRED
    lo, hi = rng
    if lo - half <= rate.value <= hi + half:
        if abs(expected - rate.value) <= half:
            return None
        rounding = True
    else:
        rounding = False
    shown, difference, tolerance = f"{expected:.2f}", (rate.value - expected).quantize(Decimal("0.01")), half
    if rounding:          # (the rate to the places the difference is told in)
        shown, (difference, tolerance) = f"{expected:.4f}", rate_slack(rate.value, expected, lo, hi, half)
    return Fail(key=_claim_key(rate), location=_loc(rate), expected=shown, found=rate.text,
                difference=difference, evidence=[claim_ev(change)],
                rounding=rounding, tolerance=tolerance,
                fields={"subject": change.subject.text, "change": change.text,
                        "prior": fmt(_rounded(prior, places, cur[1])), "prior_name": _prior_name(change),
                        "why": "" if rounding else unreachable(rate, lo, hi, "增减率") +
                        _over_current(change, rate, value, change_half, cur)})


def _over_current(change: Claim, rate: Claim, value: Decimal, change_half: Decimal,
                  cur: tuple[Decimal, int]) -> str:
    """A wrong rate that is the change over this year's figure (the usual slip of basis): said
    so, as the reader of the finding would otherwise have to work it out."""
    amount, places = cur
    rng = ratio_interval(value, change_half, amount, half_unit(places)) if value and amount > 0 else None
    half = half_unit(rate.precision or 0)
    if rng is None or not rng[0] - half <= rate.value <= rng[1] + half:
        return ""
    base = _prior_name(change)
    this = "决算数" if change.basis in BUDGET_BASES else "本年数"      # (a 决算's change on its budget)
    return (f"（与以{this} {fmt(_rounded(amount, places))} 万元为基数算得的 {value / amount * HUNDRED:.2f}% 相符："
            f"增减率应以{base}{'' if base.endswith('数') else '数'}为基数）")


def _rounded(value: Decimal, *places: int) -> Decimal:
    """A figure worked out from printed ones, to the coarsest places they print in (a change
    in 元 beside an amount in 万元 gives no prior finer than 0.01 万元)."""
    return value.quantize(Decimal(1).scaleb(-max(0, min(places))), ROUND_HALF_UP)


def unreachable(rate: Claim, lo: Decimal, hi: Decimal, what: str) -> str:
    """Why a printed percentage is an error: the printed amounts, each anywhere within its
    rounding, give values between lo and hi, and none of them rounds to the printed one."""
    places = rate.precision or 0
    step = Decimal(1).scaleb(-places)
    shown = max(places + 2, 4)
    low, high = f"{lo:.{shown}f}", f"{hi:.{shown}f}"
    span = f"在 {low}%–{high}% 之间" if low != high else f"为 {low}%"
    note = f"（按所列金额的舍入范围，{what}{span}，四舍五入不可能得到 {rate.value}%"
    if (hi - lo) < step:
        if rate.value in (lo.quantize(step, rounding=ROUND_DOWN), hi.quantize(step, rounding=ROUND_DOWN)):
            note += "；与舍去尾数的结果相同"
        elif rate.value in (lo.quantize(step, rounding=ROUND_UP), hi.quantize(step, rounding=ROUND_UP)):
            note += "；与尾数进位的结果相同"
    return note + "）"


@rule("N-CHANGE-DIRECTION")
def change_directions(ctx: Context) -> None:
    for change, _, amount in _changes(ctx)[1]:
        if change.direction == "increase" and amount is not None:
            ctx.report_if(_direction(change, amount))


def _direction(change: Claim, amount: Claim) -> Fail | None:
    cur, places = to_wan(amount)
    value, _ = to_wan(change)
    prior = cur - value
    if prior >= -half_unit(places) * 2 or cur < 0:
        return None         # (an item negative this year, a carry-over advanced, may have been so last year)
    return Fail(key=_claim_key(change), location=_loc(change), found=fmt(prior), expected="≥ 0",
                difference=prior, evidence=[claim_ev(change)],
                fields={"subject": change.subject.text, "current": amount.text, "change": change.text,
                        "prior_name": _prior_name(change)})


@rule("N-PRIOR-CONSISTENT")
def prior_consistent(ctx: Context) -> None:
    """Statements about one quantity imply one prior-year value. The same quantity is the same
    subject coordinates, or the same concept with the same current amount restated in another
    section's table (表3 and 表5 基本支出 when all money is general-budget) — the latter only a
    warning, since two tables may legitimately differ last year."""
    groups: dict[str, list[tuple[Claim, bool]]] = {}
    for change, _, amount in _changes(ctx)[1]:
        if change.implied_prior is None or change.subject.coords is None:
            continue
        # (a unit's statements, after its department's, are of its own set: another quantity)
        exact = f"{change.table_set}|" + change.subject.coords.model_dump_json(exclude_none=True) + (change.basis or "")
        groups.setdefault(exact, []).append((change, True))
        if amount is not None and change.subject.concept:
            # (income and spending of one budget type are two quantities, however equal this year)
            flow = "income" if change.subject.coords.side == "income" or change.subject.coords.table_kind == "income" else "out"
            loose = f"{change.table_set}|{change.subject.concept}|{flow}|{change.basis}|{to_wan(amount)[0]}"
            groups.setdefault(loose, []).append((change, False))
    reported: set[int] = set()
    for claims in groups.values():
        ctx.checked += 1
        first = claims[0][0]
        for other, exact in claims[1:]:
            gap = prior_wan(other) - prior_wan(first)
            tol = half_unit(to_wan(first)[1]) * 2 + half_unit(to_wan(other)[1]) * 2
            if abs(gap) > tol and id(other) not in reported:
                reported.add(id(other))
                ctx.report(Fail(key=_claim_key(other), location=_loc(other), expected=fmt(prior_wan(first)),
                                found=fmt(prior_wan(other)), difference=gap, tolerance=tol,
                                evidence=[claim_ev(first), claim_ev(other)], severity=None if exact else "warning",
                                fields={"subject": other.subject.text}))
                break
    _prior_beside_change(ctx)
    _prior_in_tables(ctx)
    _share_priors(ctx)


def _share_priors(ctx: Context) -> None:
    """"占比由 85.67% 提高到 87.77%，提高 2.10 个百分点", "占 87.77%，上年为 85.67%，提高 2.10 个
    百分点": last year's share stated is this year's less the change in points (this year's share
    itself is N-SHARE's, against the tables)."""
    claims = ctx.disc.narrative.claims
    for i, change in enumerate(claims):
        if change.kind != "change" or change.unit != "个百分点" or change.implied_prior is None:
            continue
        prior = next((c for c in reversed(claims[max(0, i - 4):i]) if c.kind == "prior" and c.unit == "%"
                      and c.sentence == change.sentence and c.subject.text == change.subject.text), None)
        share = next((c for c in reversed(claims[max(0, i - 4):i]) if c.kind == "share"
                      and c.sentence == change.sentence and c.subject.text == change.subject.text), None)
        if prior is not None and share is not None:
            ctx.checked += 1
            ctx.report_if(_share_prior(prior, share, change))


def _share_prior(prior: Claim, share: Claim, change: Claim) -> Fail | None:
    implied = change.implied_prior
    tol = sum((half_unit(c.precision or 0) for c in (prior, share, change)), Decimal(0))
    if abs(prior.value - implied) <= tol:
        return None
    return Fail(key=_claim_key(prior), location=_loc(prior), expected=f"{implied}%", found=prior.text,
                difference=prior.value - implied, tolerance=tol,
                evidence=[claim_ev(prior), claim_ev(share), claim_ev(change)],
                fields={"subject": prior.subject.text if "占" in prior.subject.text else prior.subject.text + "占比"})


# the phase of last year's figure a change is measured from, by the basis it names
PRIOR_PHASES = {"上年预算": "上年预算", "上年预算数": "上年预算", "上年执行数": "上年执行数",
                "上年决算": "上年决算", "上年决算数": "上年决算"}


def _prior_in_tables(ctx: Context) -> None:
    """A change the text states against last year's figure the document's own tables print
    beside this year's (a 三公 table's 上年预算数 row, a 上年预算数 column): this year's less last
    year's. A table copied with this year's figures in last year's place, or a text copied from
    another year, disagree."""
    kinds = _prior_kinds(ctx.disc)
    if not kinds:
        return
    final = ctx.disc.meta.phase == "决算"
    for change in ctx.disc.narrative.claims:
        coords = change.subject.coords
        if change.kind != "change" or coords is None or coords.table_kind not in kinds \
                or change.unit not in MONEY or change.direction not in SIGNS:
            continue
        basis = change.basis or "上年"
        phase = PRIOR_PHASES.get(basis) or (("上年决算" if final else "上年预算") if basis == "上年" else None)
        if phase is not None and phase in kinds[coords.table_kind]:
            ctx.check(_prior_cell, ctx, change, coords, coords.model_copy(update={"phase": phase}))


SIGNS = {"increase": 1, "decrease": -1, "flat": 0}


def _prior_kinds(disc) -> dict[str, set[str]]:
    """Table kinds with figures of last year's phases, and those phases."""
    kinds: dict[str, set[str]] = {}
    for f in disc.facts:
        phase = f.coords.phase
        if phase and phase.startswith("上年"):
            kinds.setdefault(f.coords.table_kind, set()).add(phase)
    return kinds


def _prior_cell(ledger: Ledger, ctx: Context, change: Claim, now: Coords, before: Coords) -> Fail | None:
    current, prior = claim_value(ledger, now), claim_value(ledger, before)
    if current is None or prior is None:
        return None
    value, places = to_wan(change)
    stated = SIGNS[change.direction] * (value or Decimal(0))
    printed = current.amount - prior.amount
    gap = stated - printed
    if gap == 0:
        return None
    tol = half_unit(places) + half_unit(current.places) + half_unit(prior.places)
    return Fail(key=_claim_key(change) + "|table", location=_loc(change), expected=fmt(printed),
                found=fmt(stated), difference=gap, tolerance=tol, rounding=abs(gap) <= tol,
                evidence=[claim_ev(change), ev(current, "表格（本年）"), ev(prior, f"表格（{before.phase}数）")],
                fields={"subject": change.subject.text, "message": "table", "phase": before.phase + "数",
                        "table": kind_name(before.table_kind), "prior": fmt(prior.amount),
                        "current": fmt(current.amount)})


def _prior_beside_change(ctx: Context) -> None:
    """Last year's figure stated beside a change ("上年预算数为 83.40 万元，比上年预算减少 59.40 万元")
    is the prior the change implies from this year's amount; so is last year's figure stated beside
    an amount ("基本支出 X 万元（上年：P 万元）。…比上年减少 Y 万元") that a change of a later
    sentence is measured from."""
    claims, pairs = _changes(ctx)
    every = ctx.disc.narrative.claims
    for prior in (c for c in claims if c.kind == "prior" and c.subject.concept and c.unit in MONEY):
        figure = _prior_figure(prior)
        for change, _, amount in pairs:
            if change.implied_prior is None:
                continue
            if change.sentence == prior.sentence:
                if amount is None or change.subject.concept != prior.subject.concept:
                    continue
            elif prior.of_amount is None or change.of_amount != prior.of_amount:
                continue           # in another sentence: only a change of the amount the prior is beside
            else:
                amount = every[prior.of_amount]
            if figure and change.basis and change.basis != "上年" and change.basis != "上年" + figure:
                break          # "上年执行数 80.00 万元，比上年预算减少 …": another of last year's figures
            ctx.report_if(_stated_prior(prior, change, amount))
            break


def _stated_prior(prior: Claim, change: Claim, amount: Claim) -> Fail | None:
    stated, implied = to_wan(prior)[0], prior_wan(change)
    tol = half_unit(to_wan(prior)[1]) + half_unit(to_wan(change)[1]) + half_unit(to_wan(amount)[1])
    if abs(stated - implied) <= tol:
        return None
    return Fail(key=_claim_key(prior), location=_loc(prior), expected=fmt(implied), found=fmt(stated),
                difference=stated - implied, tolerance=tol,
                evidence=[claim_ev(prior), claim_ev(amount), claim_ev(change)],
                fields={"subject": prior.subject.text})


# "上年预算执行数", "上年预计执行数" are what was spent (执行数), as the extraction reads them
PRIOR_FIGURE = re.compile(rf"{LAST_YEAR}(预算执行|预计执行|预算|执行|决算|年初预算)")


def _prior_figure(prior: Claim) -> str | None:
    """Which of last year's figures a stated prior is (预算, 执行数, 决算), as the words before it
    say; None where they do not ("（上年：X 万元）")."""
    at = figure_at(prior.sentence, prior.text)
    m = None
    for m in PRIOR_FIGURE.finditer(prior.sentence, max(0, at - 16), at if at >= 0 else len(prior.sentence)):
        pass
    if m is None:
        return None
    return "执行数" if m.group(1).endswith("执行") else m.group(1)


NEW_ITEM_REASON = re.compile(r"(基数(上涨|增加|提高)|较上年(增加|提高|上涨)|标准(提高|上调))")


@rule("N-NEW-ITEM-REASON")
def new_item_reason(ctx: Context) -> None:
    for change, rate, amount in _changes(ctx)[1]:
        if rate is None or rate.value != HUNDRED or change.implied_prior is None:
            continue
        ctx.checked += 1
        if change.implied_prior != 0:
            continue
        m = NEW_ITEM_REASON.search(_reason_text(change))
        if m:
            ctx.report(Fail(key=_claim_key(change), location=_loc(change), found=m.group(0),
                            evidence=[claim_ev(change)],
                            fields={"subject": change.subject.text, "reason": m.group(0)}))


def _reason_text(change: Claim) -> str:
    s = change.sentence
    i = s.find("原因")
    return s[i:] if i >= 0 else ""


# ---- structure shares ----------------------------------------------------------------------------

@rule("N-STRUCTURE-100")
def structure(ctx: Context) -> None:
    groups: dict[tuple, list[Claim]] = {}
    for c in _claims(ctx, "share"):
        if c.subject.coords is None:
            continue
        family = _family(c.subject.coords)
        if family:
            # (shares of the whole the sentence names are summed with that whole's: "支出预算 X，其中：
            # 人员经费…占 a%；公用经费…占 b%；项目支出…占 c%", though 人员经费 is 表6's)
            whole = c.whole.coords if c.whole is not None and c.whole.coords is not None else c.subject.coords
            groups.setdefault((c.section, c.table_set, whole.table_kind, family), []).append(c)
    for (section, _, kind, family), claims in groups.items():
        if len(claims) < 2 or family == "nature" and all(c.subject.coords.nature in NATURE_WHOLES for c in claims):
            continue            # (人员经费 and 公用经费 alone: of 基本支出, or of all? the text may not say)
        shares = _without_parts(_distinct(claims))
        total, tol = _share_total(shares)
        if family in LISTED and total < HUNDRED - tol and _unit_lacks_listing(ctx, claims, kind, total):
            continue
        ctx.check(_structure, ctx, section, kind, family, shares, total, tol)


# the families whose members only the table lists: shares of some of them may fall short of 100%
# (a unit's 基本支出 and 项目支出 beside its 经营支出 or 上缴上级支出 the text does not name)
LISTED = ("function_class", "nature")


def _unit_lacks_listing(ctx: Context, claims: list[Claim], kind: str, total: Decimal) -> bool:
    """Shares of a unit's classes (or uses) adding to less than 100% (`total`): whether they name
    every member with money only its table tells (_covers_family); where its set prints none,
    said not checked (the 汇总's members are every unit's)."""
    return ctx.unit_lacks(claims[0].table_set, (kind,), _loc(claims[0]), [claim_ev(c) for c in claims],
                          found=f"{total:.2f}")


def _distinct(claims: list[Claim]) -> list[Claim]:
    """One share per subject: the same class may be restated."""
    seen = {}
    for c in claims:
        seen.setdefault(c.subject.coords.model_dump_json(), c)
    return list(seen.values())


# a source of income and the listed source it is a part of: 上年结转 holds 财政拨款结转 and
# 非财政拨款结转 ("上年结转 10.00 万元，占 0.57%，其中财政拨款结转 8.00 万元，占 0.45%")
SOURCE_WHOLES = {"fiscal_carryover": "carryover", "nonfiscal_carryover": "carryover"}
# a use and the listed use it is a part of: 基本支出 is 人员经费 + 公用经费, which a text (and its
# table) may list in its place ("人员经费 …，占 65.43%；公用经费 …，占 14.36%；项目支出 …")
NATURE_WHOLES = {"personnel": "basic", "public": "basic"}


def _without_parts(shares: list[Claim]) -> list[Claim]:
    """The shares without those of a part whose whole is listed too: its money is in the
    whole's share already."""
    listed = {c.subject.coords.source for c in shares} | {c.subject.coords.nature for c in shares}
    return [c for c in shares if SOURCE_WHOLES.get(c.subject.coords.source or "", "") not in listed
            and NATURE_WHOLES.get(c.subject.coords.nature or "", "") not in listed]


def _share_total(shares: list[Claim]) -> tuple[Decimal, Decimal]:
    """The sum of distinct shares (_distinct) and its rounding tolerance."""
    return sum((c.value for c in shares), Decimal(0)), sum((half_unit(c.precision or 0) for c in shares), Decimal(0))


NATURE_PARTS = ("basic", "project", "reserve", "carry_forward", "operating", "to_superior", "to_subsidiary")


def _family(coords: Coords) -> str | None:
    if coords.function_code and len(coords.function_code) == 3:
        return "function_class"
    if coords.nature in NATURE_PARTS or coords.nature in NATURE_WHOLES:
        return "nature"
    if coords.source and coords.source not in ("total", "current_income"):
        return "source"
    return None


def _structure(ledger: Ledger, ctx: Context, section, kind, family, claims: list[Claim],
               total: Decimal, tol: Decimal) -> Fail | None:
    """`claims`: distinct shares (_distinct), adding to `total` within `tol`."""
    gap = total - HUNDRED
    complete = _covers_family(ledger, claims, family)
    if abs(gap) <= tol or (gap < 0 and not complete):
        return None
    return Fail(key=f"{section}|{kind}|{family}", location=Location(section=section),
                expected="100.00", found=f"{total:.2f}", difference=gap, tolerance=tol,
                evidence=[claim_ev(c) for c in claims])


def _covers_family(ledger: Ledger, claims: list[Claim], family: str) -> bool:
    """Do the shares name every non-zero member of their family in the table?"""
    coords = claims[0].subject.coords
    if family == "nature":
        return _covers_natures(ledger, claims)
    if family != "function_class":
        return False
    table = ledger.table(coords.table_kind)
    if table is None:
        return False
    named = {c.subject.coords.function_code for c in claims}
    printed = {r.code for r in table.rows if len(r.code) == 3 and any(
        v.amount for v in ledger.values(table, r).values())}
    return printed <= named


def _covers_natures(ledger: Ledger, claims: list[Claim]) -> bool:
    """基本支出 + 项目支出 are the whole only where the table prints no other use with money in it
    (Jiangsu's 单位预留机动经费). 基本支出 named covers its 人员经费 and 公用经费, both named cover it
    (a table printing 基本支出 only as its two parts, a text listing them in its place)."""
    kind = claims[0].subject.coords.table_kind
    cells = ledger.find(kind, "total") or (ledger.find(kind) if _single_row(ledger.table(kind)) else [])
    printed = {n for c in cells if c.amount and ((n := c.coords.get("nature")) in NATURE_PARTS or n in NATURE_WHOLES)}
    named = {c.subject.coords.nature for c in claims}
    if "basic" in named:
        named |= NATURE_WHOLES.keys()
    elif NATURE_WHOLES.keys() <= named:
        named.add("basic")
    return printed <= named if printed else len(claims) >= 2


# ---- item lists, projects, counts ---------------------------------------------------------------------

@rule("N-ITEM-LIST")
def item_lists(ctx: Context) -> None:
    lists = [l for l in ctx.disc.narrative.item_lists
             if l.subject.concept in ("basic:personnel", "basic:public")]
    if not lists:
        raise NotApplicable("情况说明没有人员经费、公用经费的项目列举")
    ctx.need_table("basic_expenditure")
    for lst in lists:        # a unit's list: never against the 汇总's table, which adds every unit's
        if ctx.unit_lacks(lst.table_set, ("basic_expenditure",), _loc(lst), [claim_ev(lst)], list=_list_name(lst)):
            continue
        for item in lst.items:
            ctx.check(_list_item, ctx, lst, item)


def _list_name(lst) -> str:
    return "人员经费" if lst.subject.concept == "basic:personnel" else "公用经费"


def _list_item(ledger: Ledger, ctx: Context, lst, item) -> Fail | None:
    table = ledger.table("basic_expenditure")
    want = norm_label(item.name)
    rows = [r for r in _rows_named(ledger, table, "name").get(want, []) if r.classified_code]
    which = _list_name(lst)
    loc = table_location(table, section=lst.section, sentence=lst.sentence, row=item.name)
    base = dict(key=f"{lst.subject.concept}|{want}", location=loc,
                evidence=[claim_ev(lst)], fields={"list": which, "item": item.name})
    if not rows:
        if item.amount is None and not _looks_like_item(want):
            return None
        fail = Fail(expected="未列示", found=fmt(item.amount) if item.amount is not None else "列于说明",
                    severity=None if item.amount else "warning", **base)
        split = _split_of(ledger, table, lst, item) if item.amount else None
        if split is not None:       # the table prints it inside another item's row
            other, cell = split
            fail.fields["note"] = (f"与说明所列“{other.name}”{fmt(other.amount)} 之和 {fmt(item.amount + other.amount)} "
                                   f"即基本支出表“{other.name}”的金额：说明将该科目拆为两项列示")
            fail.evidence.append(ev(cell, "基本支出表"))
        return fail
    if item.amount is None:
        return None
    cell = _basic_cell(ledger, table, rows)
    if cell is None:
        return None
    places = _places(item.amount)
    gap = item.amount - cell.amount
    if gap == 0:
        return None
    tol = tolerance((places, cell.places))
    base["evidence"].append(ev(cell, "基本支出表"))
    fail = Fail(expected=fmt(cell.amount), found=fmt(item.amount), difference=gap, tolerance=tol,
                rounding=abs(gap) <= tol, **base)
    part = next((o for o in lst.items if o is not item and o.amount is not None and o.amount == -gap
                 and not _rows_named(ledger, table, "name").get(norm_label(o.name))), None)
    if part is not None and not fail.rounding:
        fail.fields["traced"] = (f"差额 {fmt(-gap)} 即说明另列、基本支出表未列示的“{part.name}”："
                                 "说明将该科目拆为两项列示，见该项的发现")
    return fail


def _basic_cell(ledger: Ledger, table, rows) -> Val | None:
    vals = [v for r in rows for v in ledger.values(table, r).values() if v.coords.get("nature") == "basic"]
    return vals[0] if vals else None


def _split_of(ledger: Ledger, table, lst, item):
    """(the other item of the list, its table cell) where the table prints this unprinted item's
    amount inside that item's row: the two stated amounts add up to its printed one."""
    named = _rows_named(ledger, table, "name")
    for other in lst.items:
        if other is item or other.amount is None:
            continue
        cell = _basic_cell(ledger, table, [r for r in named.get(norm_label(other.name), []) if r.classified_code])
        if cell is not None and other.amount != cell.amount and item.amount + other.amount == cell.amount:
            return other, cell
    return None


def _looks_like_item(name: str) -> bool:
    """Names that are budget lines (not fragments of a sentence the list parser caught)."""
    return 2 <= len(name) <= 20 and re.search(r"[费金资贴补助险缴]$|支出$|购置$", name) is not None


def _places(d: Decimal) -> int:
    """Places of a narrative 万元 figure (whole numbers read as exact, see exact_places)."""
    return exact_places(max(-d.as_tuple().exponent, 0))


def project_ev(project) -> Evidence:
    return Evidence(role="项目说明", text=project.name, provenance=project.provenance)


PROJECT_WORD = re.compile(r"(项目)?$")


def _norm_project(name: str) -> str:
    return PROJECT_WORD.sub("", norm_label(name))


def _project_rows(ledger: Ledger, name: str, table=None):
    table = table or ledger.table("project_expenditure")
    rows = _rows_named(ledger, table, "project").get(_norm_project(name), []) if table else []
    return table, rows


def project_total(ledger: Ledger, name: str, table=None) -> tuple[Decimal, list[Val]] | None:
    """表7's 项目支出合计 of the named project (in `table`, else the set's 表7); None when 表7 does
    not list it."""
    table, rows = _project_rows(ledger, name, table)
    vals = ledger.pick(table, rows, (("economic_code", "total"),))
    if not vals:
        return None
    return sum((v.amount for v in vals), Decimal(0)), vals


# ---- a unit's project where the unit's set prints no 表7 ------------------------------------------

T7 = "项目支出表"
SUMMARY_T7 = "部门汇总的项目支出表"
SHARED_NAME = "部门汇总表按项目名称合计，同名项目可能含其他单位的，请核实"
NO_T7 = "本单位的公开表中没有项目支出表（未公开或未能识别），部门汇总的项目支出表也未列此项目"


def lacks_own_t7(ctx: Context) -> bool:
    """The set read is a unit's and prints no 表7 (or none was found)."""
    return ctx.set_lacks("project_expenditure")


def summary_t7(ctx: Context):
    """The 汇总's 表7, read for a unit's project when the unit's own set prints none: a
    department's 汇总 lists its units' projects. None when the set read has its own."""
    return set_tables(ctx.disc, 0).get("project_expenditure") if lacks_own_t7(ctx) else None


def t7_to_read(ctx: Context):
    """The 表7 a project of the set read is checked against: its own, else summary_t7; None
    where there is neither."""
    own = ctx.table("project_expenditure")
    return own if own is not None else summary_t7(ctx)


def t7_name(ctx: Context, table) -> str:
    """The 表7 a finding compares with: the set's own, or the 汇总's (said so where it was only
    assumed to be the 汇总: own-set-assumed)."""
    if table is None:
        return T7
    return SUMMARY_T7 + ("（按印制顺序推定）" if own_set_assumed(ctx.disc) else "")


def t7_total(ledger: Ledger, ctx: Context, name: str) -> tuple[Decimal, list[Val], str] | None:
    """The named project's 表7 total, its cells and the table's name (t7_name); None where the
    table read does not list it."""
    summary = summary_t7(ctx)
    found = project_total(ledger, name, summary)
    return None if found is None else (*found, t7_name(ctx, summary))


def t7_unchecked(ctx: Context, name: str) -> bool:
    """A unit's project no 表7 tells: its set prints none and the 汇总's does not list it."""
    if not lacks_own_t7(ctx):
        return False
    summary = summary_t7(ctx)
    want = _norm_project(name)
    return summary is None or not any(r.project and _norm_project(r.project) == want for r in summary.rows)


def against_summary(fail: Fail, stated: Decimal, total: Decimal, against: str) -> Fail:
    """A unit's figure below the 汇总's total of the name may be right: the 汇总 adds every unit's
    project of that name (a warning saying so); above it, it cannot be."""
    if against != T7 and stated < total:
        fail.severity = "warning"
        fail.fields["note"] = SHARED_NAME
    return fail


@rule("N-PROJECT-T7")
def projects_vs_table(ctx: Context) -> None:
    projects = [p for p in ctx.disc.narrative.projects if p.scale is not None]
    if not projects:
        raise NotApplicable("情况说明没有项目说明")
    _check_projects(ctx, projects, _project_vs_table)


def _check_projects(ctx: Context, projects: list, fn) -> None:
    """Check each project against 表7 (fn), or say a unit's project no 表7 tells not checked."""
    ctx.need_table("project_expenditure")
    for p in projects:
        with ctx.reading_set(p.table_set):
            if t7_unchecked(ctx, p.name):
                ctx.report(_unchecked_project(p))
                continue
        ctx.check(fn, ctx, p)


def _unchecked_project(project) -> Fail:
    """A unit's project no 表7 tells (t7_unchecked): info, saying why."""
    found = fmt(in_wan(project.scale, project.scale_unit or "万元")) if project.scale is not None else None
    return Fail(key=_norm_project(project.name), location=Location(section=None, row=project.name),
                found=found, severity="info", evidence=[project_ev(project)],
                fields={"project": project.name, "message": "unchecked", "why": NO_T7})


def _project_vs_table(ledger: Ledger, ctx: Context, project) -> Fail | None:
    found = t7_total(ledger, ctx, project.name)
    if found is None:
        return None       # not a general-budget project (e.g. 单位资金, carry-over)
    total, vals, against = found
    scale = in_wan(project.scale, project.scale_unit or "万元")
    tol = tolerance([_places(scale), *(v.places for v in vals)])
    gap = scale - total
    rounding = abs(gap) <= tol          # said as info, as every rule says a rounding gap
    if gap == 0 or (not rounding and scale > total and _has_other_funds(ctx, project.name)):
        return None
    fail = Fail(key=_norm_project(project.name), location=Location(section=None, row=project.name),
                expected=fmt(total), found=fmt(scale), difference=gap, tolerance=tol, rounding=rounding,
                evidence=[project_ev(project)] + [ev(v, against) for v in vals],
                fields={"project": project.name, "against": against})
    return fail if rounding else against_summary(fail, scale, total, against)


def _has_other_funds(ctx: Context, name: str) -> bool:
    """A project also financed outside the general budget (单位资金, carry-over) is larger than 表7."""
    want = _norm_project(name)
    for t in (ctx.table("carryover"), ctx.table("expenditure")):     # the set the project's read against
        if t is not None:
            for r in t.rows:
                if r.project and _norm_project(r.project) == want:
                    return True
    return False


@rule("N-ALLOCATION-SUM")
def allocations(ctx: Context) -> None:
    projects = [p for p in ctx.disc.narrative.projects if p.scale is not None and p.allocation]
    if not projects:
        raise NotApplicable("情况说明没有带资金分配情况的项目")
    for p in projects:
        amounts = allocation_amounts(p.allocation, p.scale_unit)
        if not amounts or any(a is None for a in amounts):
            continue
        ctx.checked += 1
        total = sum(amounts, Decimal(0))
        tol = sum((half_unit(_places(a)) for a in amounts), half_unit(_places(p.scale)))
        gap = p.scale - total
        if gap != 0:
            with ctx.reading_set(p.table_set):         # a unit's project: the finding names it
                ctx.report(Fail(key=_norm_project(p.name), location=Location(row=p.name), expected=fmt(total),
                                found=fmt(p.scale), difference=gap, tolerance=tol, rounding=abs(gap) <= tol,
                                evidence=[project_ev(p)],
                                fields={"project": p.name, "unit": p.scale_unit or "万元"}))


TOTAL_WORDS = re.compile(r"^(共计|合计|总计|共|小计)")


def in_unit(amount: Decimal | None, unit: str | None, target: str | None) -> Decimal | None:
    """The amount in the target unit (元, 万元, 亿元); as it is when either unit is unknown."""
    if amount is None or unit == target or unit not in WAN_SHIFT or target not in WAN_SHIFT:
        return amount
    return amount.scaleb(WAN_SHIFT[unit] - WAN_SHIFT[target])


def allocation_amounts(items, unit: str | None = None) -> list:
    """Item amounts without a closing 共计/合计 item (one named so, or restating the sum), in
    `unit` (the scale's: items in 元 under a scale in 万元 are converted, their places kept)."""
    amounts = [in_unit(i.amount, i.unit, unit) for i in items]
    if len(amounts) > 1 and amounts[-1] is not None and all(a is not None for a in amounts[:-1]):
        if TOTAL_WORDS.match(items[-1].name or "") or amounts[-1] == sum(amounts[:-1]):
            amounts = amounts[:-1]
    return amounts


@rule("N-PROJECT-COUNT")
def project_count(ctx: Context) -> None:
    claims = [c for c in _claims(ctx, "count") if c.unit == "个" and "预算安排项目" in c.subject.text]
    if not claims:
        raise NotApplicable("情况说明没有项目个数")
    for group, of_set in by_set(claims):
        with ctx.reading_set(group):
            _project_count(ctx, of_set)


def _project_count(ctx: Context, claims: list[Claim]) -> None:
    c = claims[0]     # (a unit's: the 汇总's 表7 counts every unit's projects)
    if unit_lacks(ctx, c, "project_expenditure", found=f"{c.value.normalize():f}"):
        return
    t7 = ctx.need_table("project_expenditure")
    names = {_norm_project(r.project) for r in t7.rows if r.project}
    if not names:
        raise InsufficientData("项目支出表未列出项目名称")
    complete = None       # worked out once, for a count above the table's only
    for c in claims:
        ctx.checked += 1
        count = f"{c.value.normalize():f}"       # (the message says 个: not the text's "4个")
        if c.value < len(names):
            ctx.report(Fail(key=_claim_key(c), location=_loc(c), expected=str(len(names)), found=count,
                            difference=c.value - len(names), evidence=[claim_ev(c)]))
        elif c.value > len(names):
            # more projects than 表7 lists is a defect only where 表7 lists them all: a 表7 of
            # general-budget projects leaves out those of other money (单位资金, 政府性基金)
            complete = complete or _lists_every_project(ctx)
            if complete[0]:
                ctx.report(Fail(key=_claim_key(c), location=_loc(c), expected=str(len(names)), found=count,
                                difference=c.value - len(names), evidence=[claim_ev(c), *complete[1]],
                                fields={"message": "above", **complete[2]}))


def _lists_every_project(ctx: Context) -> tuple[bool, list, dict]:
    """(whether 表7 lists every project of the department, the totals that say so, their
    figures): its total is the 支出总表's 项目支出 total, within rounding. Not known (False)
    where the 支出总表 prints none."""
    ledger = Ledger(ctx.book)
    t7 = ledger.one("project_expenditure", "total", economic_code="total")
    t3 = ledger.one("expenditure", "total", nature="project")
    if t7 is None or t3 is None:
        return False, [], {}
    whole = abs(t7.amount - t3.amount) <= tolerance([t7.places, t3.places])
    return whole, [ev(t7, "项目支出表合计"), ev(t3, "支出总表项目支出")], {"t7": t7.text, "t3": t3.text}


def by_set(claims: list[Claim]) -> list[tuple[int, list[Claim]]]:
    """The claims by the set of tables they speak of, the document's own (0) first."""
    groups: dict[int, list[Claim]] = {}
    for c in claims:
        groups.setdefault(c.table_set, []).append(c)
    return sorted(groups.items())


@rule("N-PROCUREMENT-SUM")
def procurement(ctx: Context) -> None:
    claims = [c for c in _claims(ctx, "amount") if (c.subject.concept or "").startswith("procurement:")]
    totals = [c for c in claims if c.subject.concept == "procurement:total"]
    if not totals:
        raise NotApplicable("情况说明没有政府采购金额")
    for total in totals:
        parts = [c for c in claims if c.section == total.section and c.subject.concept in
                 ("procurement:goods", "procurement:works", "procurement:services")]
        # "采购预算 X 万元，其中：货物 A、工程 B、服务 C": the parts of the sentence that states X
        parts = [c for c in parts if c.sentence == total.sentence] or parts
        if not parts:
            continue
        ctx.checked += 1
        s = sum((to_wan(c)[0] for c in parts), Decimal(0))
        tol = sum((half_unit(to_wan(c)[1]) for c in parts), half_unit(to_wan(total)[1]))
        gap = to_wan(total)[0] - s
        if gap:
            ctx.report(Fail(key=_claim_key(total), location=_loc(total), expected=fmt(s), found=total.text,
                            difference=gap, tolerance=tol, rounding=abs(gap) <= tol,
                            evidence=[claim_ev(total)] + [claim_ev(c) for c in parts]))


@rule("N-PROCUREMENT-TABLE")
def procurement_table(ctx: Context) -> None:
    """The 政府采购 total the text states against the 政府采购预算表's 合计 (a template that prints
    one): the text and the table are two places the same figure is copied to."""
    totals = [c for c in _claims(ctx, "amount") if c.subject.concept == "procurement:total"
              and c.unit in MONEY and c.qualifier not in BOUNDS and not c.table_set]
    if not totals:
        raise NotApplicable("情况说明没有政府采购预算总额")
    if ctx.table("procurement") is None:      # (a table most templates do not print)
        raise NotApplicable("文件未印政府采购预算表")
    for total in totals:
        ctx.check(_procurement_vs_table, ctx, total)


def _procurement_vs_table(ledger: Ledger, ctx: Context, claim: Claim) -> Fail | None:
    """The table's 合计 row: its 合计 column, else the sum of its columns by source."""
    cells = ledger.find("procurement", "total", item="procurement")
    whole = [c for c in cells if not c.coords.get("source")] or cells
    if not whole:
        return None
    amount = sum((c.amount for c in whole), Decimal(0))
    value, places = to_wan(claim)
    gap = value - amount
    if gap == 0:
        return None
    tol = half_unit(places) + sum((half_unit(c.places) for c in whole), Decimal(0))
    return Fail(key=_claim_key(claim), location=_loc(claim), expected=fmt(amount), found=claim.text,
                difference=gap, tolerance=tol, rounding=abs(gap) <= tol,
                evidence=[claim_ev(claim)] + [ev(c, "政府采购预算表") for c in whole],
                fields={"table": kind_name("procurement")})


# the amount a procurement share is of, by the words after 占: the 中小企业 amount ("小微企业…占授予
# 中小企业合同金额的 W%"), else the procurement total ("占政府采购支出总额的", "占政府采购预算的")
SHARE_WHOLES = (("中小企业", "procurement:sme"), ("采购", "procurement:total"))
# a kind's awarded amount, of that kind's purchases ("货物采购授予中小企业合同金额…占货物采购支出金额的")
KIND_WHOLES = {"procurement:sme_goods": ("货物", "procurement:goods"),
               "procurement:sme_works": ("工程", "procurement:works"),
               "procurement:sme_services": ("服务", "procurement:services")}
AWARDED = ("procurement:sme", "procurement:small_micro", *KIND_WHOLES)      # the amounts a share is stated of


@rule("N-PROCUREMENT-SHARE")
def procurement_shares(ctx: Context) -> None:
    """"授予中小企业合同金额 X 万元，占政府采购支出总额的 Y%": Y = X ÷ the total the text states."""
    claims = ctx.disc.narrative.claims
    shares = [(i, c) for i, c in enumerate(claims) if c.kind == "share"
              and c.subject.concept in AWARDED]
    if not shares:
        raise NotApplicable("情况说明没有中小企业、小微企业的政府采购占比")
    for i, share in shares:
        part = _stated_before(claims, i, share.subject.concept, share.sentence)
        whole_concept = _share_whole(share)
        whole = _stated_before(claims, i, whole_concept, None, share.section) if whole_concept else None
        if part is not None and whole is not None and whole is not part:
            ctx.checked += 1
            ctx.report_if(_procurement_share(share, part, whole))


def _share_whole(share: Claim) -> str | None:
    words = before_figure(share)
    words = words[words.rfind("占") + 1:] if "占" in words else ""
    kind = KIND_WHOLES.get(share.subject.concept)
    if kind is not None and kind[0] in words:
        return kind[1]
    return next((concept for word, concept in SHARE_WHOLES if word in words), None)


def _stated_before(claims: list[Claim], i: int, concept: str, sentence: str | None,
                   section: str | None = None) -> Claim | None:
    """The amount of `concept` stated last before claims[i]: in its sentence, or its section."""
    for c in reversed(claims[:i]):
        if (sentence is not None and c.sentence != sentence) or c.section != claims[i].section:
            return None
        if c.kind == "amount" and c.subject.concept == concept and c.unit in MONEY:
            return c
    return None


def _procurement_share(share: Claim, part: Claim, whole: Claim) -> Fail | None:
    return _share_of(share, to_wan(part), to_wan(whole),
                     [claim_ev(share), claim_ev(part, "分子"), claim_ev(whole, "分母")],
                     {"part": part.text, "whole": whole.text, "whole_name": whole.subject.text})


# "安排购置车辆 1 辆", "公务用车购置 2 辆"; "未安排购置车辆经费": no purchase this year
# not 公务用车购置及运行费 "主要用于 5 辆公务用车的…": the cars kept, not bought
VEHICLE_PURCHASE = re.compile(r"购置(?:（[^）]{0,6}）)?[^，,。；;\d]{0,8}?(?:公务用车|车辆|公车)(?!运行)"
                              r"|(?:公务用车|车辆|公车)购置(?!及运行|和运行|及运维)")
NO_VEHICLE_PURCHASE = re.compile(r"(?:未|不|无)(?:安排)?(?:购置(?:公务用车|车辆|公车)|(?:公务用车|车辆|公车)购置)")
# a count of other years' cars, or of a plan not carried out: "上年购置 1 辆", "原计划购置 1 辆未实施"
NOT_THIS_YEARS = re.compile(r"上年|上一年|去年|以前年度|往年|原计划|原拟|未实施|未执行|未能|取消|暂缓|推迟"
                            r"|未成行|未出访|未出国|未出行")
YEAR_IN = re.compile(r"(20\d\d)\s*年")


@rule("N-VEHICLE-PURCHASE")
def vehicle_purchase(ctx: Context) -> None:
    """Cars to buy (or bought) as the text counts them, and the 三公 table's 公务用车购置费:
    cars and no money, or money and no cars, is a contradiction to explain."""
    table = ctx.need_table("three_public")
    if "vehicle_purchase" not in printed_items(table):
        raise NotApplicable("“三公”经费表未单列公务用车购置费")
    counts = [c for c in _claims(ctx, "count") if c.unit == "辆" and VEHICLE_PURCHASE.search(c.subject.text)
              and "设备" not in c.subject.text and _this_years(c, ctx.disc.meta.year)]
    for claim in counts:
        if not unit_lacks(ctx, claim, "three_public", said=f"购置车辆 {claim.value.normalize():f} 辆"):
            with ctx.reading_set(claim.table_set):
                ctx.check(_vehicle_count, ctx, claim.value, claim_ev(claim), _claim_key(claim), _loc(claim))
    sets = claim_sets(ctx)
    for section in ctx.disc.narrative.sections:
        for sentence in SENTENCE_END.split(section.text) if "购置" in section.text else ():
            no = NO_VEHICLE_PURCHASE.search(sentence)
            if no and not _counted(sentence, counts) and not NOT_THIS_YEARS.search(sentence) \
                    and _of_year(sentence[:no.start()], ctx.disc.meta.year):
                line = section.line_at(section.text.find(sentence))
                cited = Evidence(role="说明", text=sentence.strip(),
                                 provenance=Provenance(file=section.provenance.file, line=line))
                where = Location(section=section.number, sentence=sentence.strip())
                group = sets.set_of(sentence[:no.start()], line or 0)
                # a unit without a 三公 table: its money is not 0 but unknown (the 汇总's adds every unit's)
                if not ctx.unit_lacks(group, ("three_public",), where, [cited], said="不购置车辆"):
                    with ctx.reading_set(group):
                        ctx.check(_vehicle_count, ctx, Decimal(0), cited, f"{section.number}|{sentence}", where)


SENTENCE_END = re.compile(r"[。\n]")


def claim_sets(ctx: Context) -> ClaimSets:
    """The sets the narrative's words name (once per check)."""
    found = ctx.book.memo.get("claim sets")
    if found is None:
        found = ctx.book.memo["claim sets"] = ClaimSets(ctx.disc)
    return found


def _this_years(claim: Claim, year: int | None) -> bool:
    """The count is of the document's own year: its clause names no other year and its
    sentence no plan given up."""
    if NOT_THIS_YEARS.search(claim.sentence):
        return False
    return _of_year(before_figure(claim), year)


def _of_year(before: str, year: int | None) -> bool:
    """The year named last before the figure, if any, is the document's ("2025年不安排…";
    "2023年度因公出国（境）团组2个，累计10人次": the 10 are 2023's too)."""
    years = YEAR_IN.findall(before)
    return not years or year is None or int(years[-1]) == year


def _counted(sentence: str, counts: list[Claim]) -> bool:
    # (a claim quotes the printed words; the section's text holds money in Chinese numerals as digits)
    return any(as_read(c.sentence) in sentence or sentence in as_read(c.sentence) for c in counts)


def _three_public_fee(ledger: Ledger, item: str, final: bool) -> Val | None:
    """The year's amount of one 三公 item (决算: the actual); None where it is printed empty (0)."""
    vals = [v for v in ledger.find("three_public", item=item)
            if v.coords.get("budget_type") in ("total", "gpb", None)
            and v.coords.get("phase") == ("决算" if final else THIS_YEAR)]
    return vals[0] if vals else None


def _vehicle_count(ledger: Ledger, ctx: Context, cars: Decimal, cited: Evidence, key: str,
                   loc: Location) -> Fail | None:
    fee = _three_public_fee(ledger, "vehicle_purchase", ctx.disc.meta.phase == "决算")
    amount = fee.amount if fee is not None else Decimal(0)
    if (cars > 0) == (amount > 0):
        return None
    return Fail(key=key, location=loc, expected="大于 0" if cars > 0 else "0", found=fmt(amount),
                evidence=[cited] + ([ev(fee, "“三公”经费表")] if fee is not None else []),
                fields={"said": f"购置车辆 {cars.normalize():f} 辆" if cars else "不购置车辆", "fee": fmt(amount),
                        "why": "购置车辆须列购置费" if cars else "列有购置费却说明不购置车辆"})


# What the 三公 money pays for, as the text counts it: "因公出国（境）团组 2 个，累计 10 人次",
# "国内公务接待 40 批次，320 人次". item → (the words that name the activity, the activity's
# name and its fee's) (团组 alone is no trip abroad: "接待来访团组 3 个")
ACTIVITIES = {
    "abroad": (re.compile(r"出国|出境|出访"), "因公出国（境）", "因公出国（境）费"),
    "reception": (re.compile(r"接待"), "公务接待", "公务接待费"),
}
ACTIVITY_UNITS = frozenset(("个", "批次", "次", "人次", "人", "名"))
# a count that is a change or its starting point, not the year's: "减少出国团组 1 个", "由 2 个减少为 0 个"
ACTIVITY_CHANGE = re.compile(r"减少|增加|压减|压缩|下降|增长|上升|降低|较|比|由")
CLAUSE_MARK = re.compile(r"[，,；;、：:]")


@rule("N-THREE-PUBLIC-ACTIVITY")
def three_public_activity(ctx: Context) -> None:
    """Trips abroad and receptions as the 三公 section counts them, and the table's money for
    them: activity without money, or money and no activity, is a contradiction to explain."""
    table = ctx.need_table("three_public")
    printed = printed_items(table)
    by_item: dict[tuple[int, str], list[Claim]] = {}
    for claim in _claims(ctx, "count"):
        if claim.unit in ACTIVITY_UNITS and _in_three_public_section(ctx, claim) \
                and _this_years(claim, ctx.disc.meta.year) and not ACTIVITY_CHANGE.search(_clause_of(claim)):
            item = _activity_of(claim)
            if item in printed:
                by_item.setdefault((claim.table_set, item), []).append(claim)
    if not by_item:
        raise NotApplicable("“三公”经费说明未列因公出国（境）团组、公务接待批次等数量")
    for (_, item), counts in by_item.items():
        first = counts[0]
        if not unit_lacks(ctx, first, "three_public", said=ACTIVITIES[item][1] + first.text,
                          fee_name=ACTIVITIES[item][2]):
            ctx.check(_activity_money, ctx, item, counts)


def _in_three_public_section(ctx: Context, claim: Claim) -> bool:
    """The claim is printed in a section about the 三公 money (by its lines: numbers repeat)."""
    spans = ctx.book.memo.get("three_public_sections")
    if spans is None:
        spans = ctx.book.memo["three_public_sections"] = [
            (s.provenance.line, s.provenance.line_end or s.provenance.line) for s in ctx.disc.narrative.sections
            if "三公" in s.title and s.provenance is not None and s.provenance.line is not None]
    line = claim.provenance.line
    return line is not None and any(lo <= line <= hi for lo, hi in spans)


def _clause_of(claim: Claim) -> str:
    """The words between the mark before the figure and the figure."""
    return CLAUSE_MARK.split(before_figure(claim))[-1]


def _activity_of(claim: Claim) -> str | None:
    """The activity named last before the count in its sentence ("团组 0 个；公务接待 40 批次")."""
    before = before_figure(claim)
    last = {item: max((m.end() for m in words.finditer(before)), default=-1)
            for item, (words, _, _) in ACTIVITIES.items()}
    item = max(last, key=last.get)
    return item if last[item] >= 0 else None


def _activity_money(ledger: Ledger, ctx: Context, item: str, counts: list[Claim]) -> Fail | None:
    fee = _three_public_fee(ledger, item, ctx.disc.meta.phase == "决算")
    amount = fee.amount if fee is not None else Decimal(0)
    active = any(c.value > 0 for c in counts)
    if active == (amount > 0):
        return None
    first = counts[0]
    said = "、".join(c.text for c in counts)
    return Fail(key=f"{item}|{first.sentence}", location=_loc(first), expected="大于 0" if active else "0",
                found=fmt(amount),
                evidence=[claim_ev(c) for c in counts] + ([ev(fee, "“三公”经费表")] if fee is not None else []),
                fields={"said": ACTIVITIES[item][1] + said, "fee_name": ACTIVITIES[item][2], "fee": fmt(amount),
                        "why": "有此项活动却未列经费" if active else "列有经费却说明没有此项活动"})


@rule("N-OPERATING-COST")
def operating_cost(ctx: Context) -> None:
    if ctx.disc.meta.unit_type is None:
        raise NotApplicable("单位类型（行政/参公/事业）未知")
    if ctx.disc.meta.unit_type == "事业":
        raise NotApplicable("事业单位的机关运行经费与公用经费口径不同")
    claims = [c for c in _claims(ctx, "amount") if c.subject.concept == "admin_operating"]
    if not claims:
        raise NotApplicable("情况说明没有机关运行经费")
    ctx.need_table("basic_expenditure")
    for c in claims:        # a unit's figure: never against the 汇总's, which adds every unit's
        if not unit_lacks(ctx, c, "basic_expenditure", found=fmt(to_wan(c)[0])):
            ctx.check(_operating_cost, ctx, c)


def _operating_cost(ledger: Ledger, ctx: Context, claim: Claim) -> Fail | None:
    public = ledger.one("basic_expenditure", "total", nature="public")
    if public is None:
        return None
    value, places = to_wan(claim)
    gap = value - public.amount
    tol = tolerance((places, public.places))
    if gap == 0:
        return None
    return Fail(key=_claim_key(claim), location=_loc(claim), expected=fmt(public.amount), found=fmt(value),
                difference=gap, tolerance=tol, rounding=abs(gap) <= tol,
                evidence=[claim_ev(claim), ev(public, "公用经费")])


# ---- performance targets against the text -----------------------------------------------------------

COMPARATOR = re.compile(r"^\s*([<>＜＞]?\s*=?|≤|≥)")
UNIT_PARENS = re.compile(r"[（(][^（）()]*[）)]$")


@rule("N-TARGET-CONTRADICTS")
def targets_vs_text(ctx: Context) -> None:
    """A performance target (≤150 元/人) must admit the figure the text states (200 元/人), both
    of one set (Claim.table_set): a unit's standard is not the department's, nor another unit's."""
    claims = ctx.disc.narrative.claims
    targets = [c for c in claims if c.kind == "target" and c.unit not in ("%", "％")]
    target_lines = {t.provenance.line for t in targets}
    stated: dict[tuple[int, str | None], list[tuple[Claim, str]]] = {}     # by set and unit, in text order
    for c in claims:
        if c.kind in ("unit_price", "amount") and c.provenance.line not in target_lines \
                and not UNIT_PARENS.search(c.subject.text):
            subject = norm_label(c.subject.text)
            if len(subject) >= 3:
                stated.setdefault((c.table_set, c.unit), []).append((c, subject))
    if not targets:
        raise NotApplicable("没有以金额或单价表示的绩效指标")
    for target in targets:
        name = UNIT_PARENS.sub("", norm_label(target.subject.text))
        with ctx.reading_set(target.table_set):          # a unit's target: the finding names it
            for c, subject in stated.get((target.table_set, target.unit), ()):
                if name.endswith(subject):
                    ctx.report_if(_contradiction(target, c))


def _contradiction(target: Claim, stated: Claim) -> Fail | None:
    op = re.sub(r"\s", "", COMPARATOR.match(target.text).group(1)).replace("＜", "<").replace("＞", ">")
    value, limit = stated.value, target.value
    ok = {"<=": value <= limit, "≤": value <= limit, "<": value < limit, ">=": value >= limit,
          "≥": value >= limit, ">": value > limit}.get(op, value == limit)
    if ok:
        return None
    return Fail(key=_claim_key(target), location=_loc(target), expected=f"{op}{limit}", found=stated.text,
                evidence=[claim_ev(stated), claim_ev(target, "绩效目标")],
                fields={"subject": stated.subject.text, "target": target.text})


# ---- a project's money described two ways ---------------------------------------------------------------

CAPITAL_WORDS = re.compile(r"购置|购买|采购|设备|建设|工程|改造|装修|软件|硬件|系统开发|平台建设|车辆|房屋|基建|资产")


@rule("N-ALLOCATION-ECONOMIC")
def allocation_vs_economic(ctx: Context) -> None:
    """表7 books capital spending (309/310) for a project whose description names nothing capital.
    A unit's project whose set prints no 表7 is read in the 汇总's (t7_to_read), else said not
    checked (info)."""
    projects = [p for p in ctx.disc.narrative.projects if p.allocation]
    if not projects:
        raise NotApplicable("情况说明没有带资金分配情况的项目")
    _check_projects(ctx, projects, _capital_without_purpose)


def _capital_without_purpose(ledger: Ledger, ctx: Context, project) -> Fail | None:
    summary = summary_t7(ctx)
    table, rows = _project_rows(ledger, project.name, summary)
    capital = [v for r in rows for v in ledger.values(table, r).values()
               if v.coords.get("economic_code") in ("309", "310") and v.amount]
    if not capital:
        return None
    words = project.name + " ".join(i.name for i in project.allocation) + (project.policy_basis or "")
    if CAPITAL_WORDS.search(words):
        return None
    amount = sum((v.amount for v in capital), Decimal(0))
    against = t7_name(ctx, summary)
    # (the 汇总's cell is not where the unit's finding is: the unit's project is)
    where = ctx.loc(capital[0]) if summary is None else Location(section=None, row=project.name)
    fail = Fail(key=_norm_project(project.name), location=where, found=fmt(amount),
                expected="说明资本性支出的用途",
                evidence=[ev(v, against + "资本性支出") for v in capital]
                + [project_ev(project)],
                fields={"project": project.name, "items": "、".join(i.name for i in project.allocation),
                        "against": against})
    return fail if summary is None else _capital_of_the_unit(ledger, fail, project, summary)


def _capital_of_the_unit(ledger: Ledger, fail: Fail, project, summary) -> Fail:
    """Capital the 汇总's 表7 books under the name is the unit's only where the unit's project is
    the whole of the name's total there (the 汇总 adds every unit's project of a name); else it
    may be another unit's: info, saying so."""
    total = project_total(ledger, project.name, summary)
    if project.scale is not None and total is not None:
        scale = in_wan(project.scale, project.scale_unit or "万元")
        if abs(scale - total[0]) <= half_unit(_places(scale)) + half_unit(total[1][0].places):
            return fail
    fail.severity = "info"
    fail.fields["note"] = SHARED_NAME
    return fail
