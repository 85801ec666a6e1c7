"""This year's claims about last year against last year's own disclosure.

The claims are the document's narrative, about its own figures (a department's 汇总): they are
compared with last year's own set of tables (PrintedTable.group 0), never with a unit's tables
printed after it; a finding says so where last year's document prints several sets. A claim
about one of its units (Claim.table_set) is compared with the tables last year's document prints
for that unit, by its name, or not at all."""

from __future__ import annotations

from decimal import Decimal

from ...identities import half_unit
from ...model import Claim
from ...model.findings import Location
from ...segment.sets import own_set_assumed, set_names
from ..context import (Context, Fail, NotApplicable, claim_ev, ev, fmt, rule, set_tables, several_sets,
                       unit_set)
from ..ledger import Book, Ledger
from .narrative import BOUNDS, MONEY, claim_value, prior_wan, ratio_range, share_bases, to_wan
from .narrative import _prior_figure as prior_figure_words

BUDGET_BASES = {"上年预算", "上年"}
PERCENT = ("%", "％")
FINAL_BASES = {"上年执行数", "上年决算", "上年决算数", "上年实际"}


def _prior(ctx: Context):
    prior = ctx.prior
    if prior is None:
        raise NotApplicable("未提供上年公开文件（--prior）")
    year = ctx.disc.meta.year
    if year and prior.meta.year and prior.meta.year != year - 1:
        raise NotApplicable(f"所给上年文件为 {prior.meta.year} 年，不是 {year - 1} 年")
    if not same_unit(ctx.disc.meta, prior.meta):
        raise NotApplicable(f"所给上年文件是“{prior.meta.unit_name or prior.meta.unit_code}”的，"
                            f"不是本单位“{ctx.disc.meta.unit_name or ctx.disc.meta.unit_code}”的")
    subunits = other_scope(ctx.disc, prior)
    if subunits:
        raise NotApplicable(f"所给上年文件为{prior.meta.scope}预算，本年为{ctx.disc.meta.scope}预算，"
                            f"{subunits}，两者口径不同")
    return prior


def other_scope(this, last) -> str | None:
    """Why a 部门预算 and a 单位预算 of one unit are not of one scope (None where they are, or
    where the scopes are one or not known): the 部门's figures add its subordinate units' to
    its own, so they are its 单位预算's only where it says it has none."""
    scopes = {this.meta.scope, last.meta.scope}
    if None in scopes or len(scopes) == 1:
        return None
    count = (this if this.meta.scope == "部门" else last).overview.subunits
    if count == 0:
        return None
    return "部门文件未说明有无下属预算单位" if count is None else f"部门有 {count} 个下属预算单位"


def same_unit(this, last) -> bool:
    """Whether last year's document is of the same unit: by the unit code where both print
    one, else by the name (spaces, widths and region names' short forms do not count: 克州 is
    克孜勒苏柯尔克孜自治州); one name inside the other is the same unit (a name printed with or
    without its region). A name the reading did not find does not tell them apart."""
    if this.unit_code and last.unit_code:
        return this.unit_code.replace(" ", "") == last.unit_code.replace(" ", "")
    if not this.unit_name or not last.unit_name:
        return True
    # (loaded only when a prior is given)
    from ...store.units import normalise_name
    a, b = normalise_name(this.unit_name), normalise_name(last.unit_name)
    return a in b or b in a


def _comparable(claim: Claim, prior, phase: str | None = None) -> bool:
    """Compare like with like: a budget basis with a budget, an outturn basis with a final
    account; a bare "上年" is last year's figure of the document's own kind (a 决算 compares
    with last year's 决算)."""
    basis = claim.basis or "上年"
    if not basis.startswith("上年"):     # against this year's own budget (比年初预算): not last year's
        return False
    if basis in FINAL_BASES or (basis == "上年" and phase == "决算"):
        return prior.meta.phase == "决算"
    return prior.meta.phase in (None, "预算")


@rule("Y-PRIOR-FIGURE")
def prior_figures(ctx: Context) -> None:
    prior = _prior(ctx)
    said = ctx.disc.narrative.claims
    claims = [c for c in said if c.kind == "change" and c.direction is not None     # not "变动 2 人": which way unsaid
              and c.unit != "个百分点"          # a share's change: its prior is a share, not last year's figure
              and (c.subject.coords is not None or text_only(c))
              and (c.implied_prior is not None or c.unit in COUNTED)]
    usable = [c for c in claims if _comparable(c, prior, ctx.disc.meta.phase)]
    # a share's change ("占 87.77%，比上年下降 2.10 个百分点"): last year's share, from its tables
    points = [c for c in said if c.kind == "change" and c.unit == "个百分点" and c.implied_prior is not None
              and c.subject.coords is not None and not c.table_set and _comparable(c, prior, ctx.disc.meta.phase)]
    # last year's figures the text states ("上年预算数为 93.40 万元", "占 87.77%，上年为 85.67%")
    # (a share's of its own set's only, as the changes in 个百分点)
    stated = [c for c in said if c.kind == "prior" and c.subject.coords is not None and c.qualifier not in BOUNDS
              and (c.unit in MONEY or c.unit in PERCENT and not c.table_set)]
    stated_usable = [c for c in stated if _stated_comparable(c, prior, ctx.disc.meta.phase)]
    if (claims or stated) and not usable and not points and not stated_usable:
        raise NotApplicable(f"说明的比较基数与所给上年文件（{prior.meta.phase or '未知'}公开）不是同一口径")
    book = Book(prior)
    book.by_kind = set_tables(prior)
    prior_ledger = Ledger(book)
    named = _own_set_name(prior) if several_sets(prior) else ""
    for claim in points:
        ctx.report_if(_prior_share(claim, said, prior_ledger, named))
    for claim in stated_usable:
        if claim.unit in PERCENT:
            ctx.report_if(_prior_share(claim, said, prior_ledger, named, claim.value, "stated_share"))
    units = set_names(ctx.disc.tables)
    # (a stated figure in money goes the way of the priors changes imply, a unit's to its tables)
    for claim in usable + [c for c in stated_usable if c.unit in MONEY]:
        is_stated = claim.kind == "prior"
        if claim.subject.coords is None:
            if not claim.table_set:
                ctx.report_if(_prior_said(claim, said, prior))
            continue
        if not claim.table_set:
            ctx.report_if(_prior_figure(claim, prior_ledger, named, is_stated))
            continue
        # about a unit: last year's tables of that unit (by its name), where printed; else none
        group = unit_set(prior, units.get(claim.table_set))
        if group is None:
            with ctx.reading_set(claim.table_set):
                _say_unchecked(ctx, claim, None, _no_unit_tables(prior))
            continue
        book.by_kind = set_tables(prior, group)
        with ctx.reading_set(claim.table_set):      # the finding names the unit
            if claim.subject.coords.table_kind in book.by_kind:
                ctx.report_if(_prior_figure(claim, prior_ledger, "（所印该单位的表）", is_stated))
            else:
                _say_unchecked(ctx, claim, claim.subject.coords.table_kind)
        book.by_kind = set_tables(prior)


def _say_unchecked(ctx: Context, claim: Claim, kind: str | None, why: str | None = None) -> None:
    """Last year's document prints the unit's tables but none of the kind the claim is of, or
    (kind None) `why` none of the unit's: its prior is not checked (the 汇总's adds every
    unit's); said so, once per unit and kind (once per unit where it prints none)."""
    ctx.report_unchecked(kind, Location(section=claim.section, sentence=claim.sentence),
                         [claim_ev(claim)], whose="上年公开文件所印该单位的表", why=why, subject=claim.subject.text,
                         found=fmt(to_wan(claim)[0] if claim.kind == "prior" else prior_wan(claim)))


def _no_unit_tables(prior) -> str:
    """Why last year's document has no tables of the unit: it prints only its own set (no
    unit's at all), or the units' it prints are not this one's (by the 编制单位 they print)."""
    if not prior.tables:
        return "上年公开文件中没有公开表"
    if all(t.group == 0 for t in prior.tables):
        return "上年公开文件未印所属单位的表（只印有部门汇总的表），其中没有该单位的数字"
    return "上年公开文件所印所属单位的表中未找到该单位的表（按编制单位名称对应）"


def _own_set_name(prior) -> str:
    """Last year's own set, in the words of a finding (said to be assumed where it was)."""
    name = "本单位的表" if prior.meta.scope == "单位" else "部门汇总表"
    return f"（{name}，按印制顺序推定）" if own_set_assumed(prior) else f"（{name}）"


def _prior_figure(claim: Claim, prior_ledger: Ledger, prior_set: str = "", stated: bool = False) -> Fail | None:
    """Last year's figure of the item against last year's tables: the one a change implies (this
    year's less the change: two roundings), or (stated) the one the text states beside it."""
    cell = claim_value(prior_ledger, claim.subject.coords)
    if cell is None:
        return None
    said, places = to_wan(claim)
    prior = said if stated else prior_wan(claim)
    tol = half_unit(places) * (1 if stated else 2) + half_unit(cell.places)
    gap = prior - cell.amount
    if gap == 0:
        return None
    fields = {"subject": claim.subject.text, "prior_set": prior_set, **({"message": "stated"} if stated else {})}
    return Fail(key=claim.subject.coords.model_dump_json(exclude_none=True) + ("|stated" if stated else claim.basis or ""),
                location=Location(section=claim.section, sentence=claim.sentence),
                expected=fmt(cell.amount), found=fmt(prior), difference=gap, tolerance=tol, rounding=abs(gap) <= tol,
                evidence=[claim_ev(claim), ev(cell, f"上年文件{prior_set}")], fields=fields)


def _prior_share(claim: Claim, this_year: list[Claim], prior_ledger: Ledger, prior_set: str,
                 said: Decimal | None = None, message: str = "share") -> Fail | None:
    """The share last year a change in 个百分点 implies (this year's share less the points), or
    the one the text states (`said`: "占 87.77%，上年为 85.67%"), against the share last year's
    tables give: the item over the whole this year's share is of (the one the sentence names,
    else its table's total), within the rounding of the two percentages and of last year's
    amounts."""
    found = claim.implied_prior if said is None else said
    share = _share_before(claim, this_year)
    part = claim_value(prior_ledger, claim.subject.coords)
    if share is None or part is None:
        return None
    whole = share.whole.coords if share.whole is not None and share.whole.coords is not None else None
    bases = ([b] if (b := claim_value(prior_ledger, whole)) is not None else []) if whole is not None \
        else share_bases(prior_ledger, claim.subject.coords)
    tol = half_unit(share.precision or 0) + half_unit(claim.precision or 0)
    best = None
    for base in bases:
        rng = ratio_range(part, base)
        if rng is None:
            continue
        if rng[0] - tol <= found <= rng[1] + tol:
            return None
        best = best or (base, part.amount / base.amount * 100)
    if best is None:
        return None
    base, exact = best
    return Fail(key=claim.subject.coords.model_dump_json(exclude_none=True) + "|" + message + (claim.basis or ""),
                location=Location(section=claim.section, sentence=claim.sentence),
                expected=f"{exact:.2f}", found=f"{found}",
                difference=(found - exact).quantize(Decimal("0.01")),
                tolerance=tol, evidence=[claim_ev(claim), claim_ev(share, "本年占比"), ev(part, f"上年文件{prior_set}"),
                                         ev(base, f"上年文件{prior_set}整体")],
                fields={"subject": claim.subject.text, "prior_set": prior_set, "message": message})


# which of last year's figures a stated prior is (narrative._prior_figure) → the basis a change
# measured from it would name; 执行数 printed in a budget is the year's estimate, which no
# published document of last year prints
STATED_BASES = {None: "上年", "预算": "上年预算", "年初预算": "上年预算", "决算": "上年决算"}


def _stated_comparable(claim: Claim, prior, phase: str | None) -> bool:
    figure = prior_figure_words(claim)
    if figure not in STATED_BASES:
        return False
    return _comparable(claim.model_copy(update={"basis": STATED_BASES[figure]}), prior, phase)



def _share_before(claim: Claim, this_year: list[Claim]) -> Claim | None:
    """This year's share a change in 个百分点 is the change of: the last share before it in its
    sentence, of the same item."""
    at = next((i for i, c in enumerate(this_year) if c is claim), 0)
    return next((c for c in reversed(this_year[:at]) if c.kind == "share" and c.sentence == claim.sentence
                 and c.subject.coords == claim.subject.coords), None)


# figures no table prints, stated in the text alone: 机关运行经费 in most templates, 政府采购 and
# 国有资产占用 (amounts, and counts of cars, equipment, floor space) in all. Last year's is the
# one last year's text states.
TEXT_ONLY = ("admin_operating", "procurement:", "asset:")
COUNTED = ("辆", "台", "台（套）", "台(套)", "套", "平方米", "处", "个")


def text_only(claim: Claim) -> bool:
    return (claim.subject.concept or "").startswith(TEXT_ONLY)


def _prior_said(claim: Claim, this_year: list[Claim], prior) -> Fail | None:
    """The prior a change implies against the figure last year's text states of the same
    item (its own, not a unit's): the one figure it states of the item's concept, else of the
    concept under the same words (车辆价值 beside 一般公务用车价值)."""
    if claim.unit in COUNTED:
        return _prior_count(claim, this_year, prior)
    said = [c for c in prior.narrative.claims
            if c.kind == "amount" and c.subject.concept == claim.subject.concept and not c.table_set
            and c.qualifier not in BOUNDS and c.unit in MONEY]
    last = _one_figure(said, claim, lambda c: to_wan(c)[0])
    if last is None:
        return None
    value, places = to_wan(last)
    tol = half_unit(to_wan(claim)[1]) * 2 + half_unit(places)
    gap = prior_wan(claim) - value
    if gap == 0:
        return None
    fail = _said_fail(claim, last, fmt(value), fmt(prior_wan(claim)), gap, tol)
    fail.rounding = abs(gap) <= tol
    return fail


def _one_figure(said: list[Claim], claim: Claim, value) -> Claim | None:
    if len({value(c) for c in said}) > 1:
        said = [c for c in said if c.subject.text == claim.subject.text]
    return said[0] if said and len({value(c) for c in said}) == 1 else None


def _prior_count(claim: Claim, this_year: list[Claim], prior) -> Fail | None:
    """A count's change (车辆 5 辆，比上年减少 1 辆): last year's count is this year's less the
    change, the count the same sentence states just before it."""
    at = next((i for i, c in enumerate(this_year) if c is claim), None)
    now = next((c for c in reversed(this_year[:at or 0]) if c.kind == "count" and c.sentence == claim.sentence
                and c.subject.text == claim.subject.text and c.unit == claim.unit), None)
    if now is None or claim.direction not in ("increase", "decrease"):
        return None
    implied = now.value - claim.value if claim.direction == "increase" else now.value + claim.value
    said = [c for c in prior.narrative.claims
            if c.kind == "count" and c.subject.concept == claim.subject.concept and not c.table_set
            and c.unit == claim.unit and c.qualifier is None]
    last = _one_figure(said, claim, lambda c: c.value)
    if last is None or last.value == implied:
        return None
    fail = _said_fail(claim, last, str(last.value), str(implied), implied - last.value, None)
    fail.fields.update(message="counted", unit=claim.unit)
    return fail


def _said_fail(claim: Claim, last: Claim, expected: str, found: str, gap, tol) -> Fail:
    key = (claim.subject.concept or "") + (claim.basis or "")
    if key.startswith("asset:"):        # (one concept for the items of a kind: 车辆价值, 一般公务用车价值 …)
        key += f"|{claim.subject.text}|{claim.unit}"
    return Fail(key=key,
                location=Location(section=claim.section, sentence=claim.sentence),
                expected=expected, found=found, difference=gap, tolerance=tol,
                evidence=[claim_ev(claim), claim_ev(last, "上年文件情况说明")],
                fields={"subject": claim.subject.text, "prior_set": "的情况说明"})


STAFF = {"in_service": "在职人员", "retired": "退休人员", "pre_retired": "离休人员"}


@rule("Y-STAFFING")
def staffing(ctx: Context) -> None:
    prior = _prior(ctx)
    now, before = ctx.disc.overview.staffing, prior.overview.staffing
    if now is None or before is None:
        raise NotApplicable("本年或上年文件没有人员情况")
    for field, what in STAFF.items():
        cur, old = getattr(now, field), getattr(before, field)
        if cur is None or old is None or cur.change is None:
            continue
        ctx.checked += 1
        if cur.count - cur.change != old.count:
            ctx.report(Fail(key=field, location=Location(section="概况"), expected=str(old.count),
                            found=str(cur.count - cur.change), difference=None,
                            fields={"what": what, "current": cur.count, "change": f"{cur.change:+d}"}))
