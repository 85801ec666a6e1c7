"""绩效目标表: weights and amounts."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from ...identities import half_unit, wan_shift
from ...model import Claim
from ...model.findings import Evidence, Location
from ...text import figure_at, quoted
from ..context import Context, Fail, InsufficientData, NotApplicable, claim_ev, ev, fmt, rule, table_location
from ..ledger import Ledger
from .narrative import (NO_T7, _norm_project, _places, _rows_named, against_summary, by_set, in_wan, project_total,
                        t7_to_read, t7_total, t7_unchecked, to_wan)


def _tables(ctx: Context):
    """The performance tables, their amounts in 万元 (a table may print them in 元)."""
    tables = ctx.disc.narrative.performance
    if not tables:
        raise NotApplicable("文件中没有绩效目标表")
    return [t if t.unit == "万元" else t.model_copy(update={
        "amount": None if t.amount is None else in_wan(t.amount, t.unit),
        "fiscal_amount": None if t.fiscal_amount is None else in_wan(t.fiscal_amount, t.unit), "unit": "万元"})
        for t in tables]


def _what(table) -> str:
    return f"项目{quoted(table.project)}绩效目标表" if table.project else "部门整体绩效目标表"


@rule("P-WEIGHT-SUM")
def weight_sums(ctx: Context) -> None:
    allowed = [Decimal(str(x)) for x in ctx.param("performance_weight_sums", [90, 100])]
    for table in _tables(ctx):
        weights = [i.weight for i in table.indicators if i.weight is not None]
        # rows the text prints unread count with their weights, where each was read
        if not weights or len(table.unread_weights) != len(table.unread_rows) or None in table.unread_weights:
            continue
        weights += table.unread_weights
        ctx.checked += 1
        total = sum(weights, Decimal(0))
        if total in allowed:
            continue
        nearest = min(allowed, key=lambda a: abs(a - total))
        with ctx.reading_set(table.table_set):      # a unit's table: the finding names it
            ctx.report(Fail(key=f"{table.kind}|{table.project or ''}",
                            location=Location(section="绩效目标表", row=table.project),
                            expected="或".join(fmt(a).rstrip("0").rstrip(".") for a in allowed),
                            found=fmt(total).rstrip("0").rstrip("."), difference=total - nearest,
                            evidence=[Evidence(role="绩效目标表", text=_what(table), provenance=table.provenance)],
                            fields={"what": _what(table)}))


@rule("P-PROJECT-AMOUNT")
def project_amounts(ctx: Context) -> None:
    """A project's 绩效目标表 amount equals its 表7 total, and the figures its own text states
    ("该项目总投资 X 万元，其中：财政资金 Y 万元，其他资金 Z 万元") equal the table's."""
    tables = [t for t in _tables(ctx) if t.kind == "project" and t.project]
    if not tables:
        raise NotApplicable("没有项目绩效目标表")
    for t, claims in zip(tables, _claims_by_table(ctx, tables)):
        with ctx.reading_set(t.table_set):          # a unit's table: against the unit's 表7
            if t.amount is not None and t7_unchecked(ctx, t.project):   # no 表7 lists the unit's project
                ctx.report(_unchecked(t, t.amount, "绩效目标表金额"))
            elif t.amount is not None and t7_to_read(ctx) is not None:
                ctx.check(_amount, ctx, t)
            _text_figures(ctx, t, claims)
    if ctx.checked == 0 and not ctx.unchecked:      # (ctx.unchecked: the findings said not checked)
        raise NotApplicable("项目绩效目标表没有可核对的金额")


def _unchecked(perf, amount: Decimal, what: str) -> Fail:
    return Fail(key=f"{perf.project}|{what}", location=Location(section="绩效目标表", row=perf.project),
                found=fmt(amount), severity="info",
                evidence=[Evidence(role="绩效目标表", text=perf.project, provenance=perf.provenance)],
                fields={"project": perf.project, "what": what, "message": "unchecked", "why": NO_T7})


def _amount(ledger: Ledger, ctx: Context, perf) -> Fail | None:
    found = t7_total(ledger, ctx, perf.project)
    if found is None:
        return None
    total, vals, against = found
    amounts = [a for a in (perf.amount, perf.fiscal_amount) if a is not None]
    tol = half_unit(_places(perf.amount)) + half_unit(vals[0].places)
    if total in amounts:
        return None
    # the figure nearest 表7's: a gap rounding explains is said as info, as every rule says it
    nearest = min(amounts, key=lambda a: abs(a - total))
    rounding = abs(nearest - total) <= tol
    if not rounding and perf.fiscal_amount is None and perf.amount > total:
        return None        # the table's total may include money outside the general budget
    found = nearest if rounding else perf.amount
    what = "绩效目标表财政拨款" if rounding and found != perf.amount else "绩效目标表金额"
    fail = Fail(key=perf.project, location=Location(section="绩效目标表", row=perf.project),
                expected=fmt(total), found=fmt(found), difference=found - total, tolerance=tol, rounding=rounding,
                evidence=[Evidence(role="绩效目标表", text=perf.project, provenance=perf.provenance)]
                + [ev(v, against) for v in vals],
                fields={"project": perf.project, "what": what, "against": against})
    return fail if rounding else against_summary(fail, perf.amount, total, against)


# ---- a project of 表7 without its 绩效目标表 ------------------------------------------------------

@rule("C-PROJECT-PERFORMANCE")
def project_targets(ctx: Context) -> None:
    """Where the document prints project 绩效目标表s, every project of 表7 at or above the
    threshold has one: the deployment's (performance_project_threshold, 万元), else the document's
    own practice, the smallest project it prints a table for (a document that prints tables for
    its key projects alone flags none of its smaller ones). A table is the project's by its name
    (either inside the other, 项目 aside), else, of the tables no name matches, by its amount."""
    perf = [t for t in _tables(ctx) if t.kind == "project" and t.project]
    if not perf:
        raise NotApplicable("文件未印项目支出绩效目标表")
    t7 = ctx.need_table("project_expenditure")
    ledger = Ledger(ctx.book)
    projects = {name: found for name in _rows_named(ledger, t7, "project")
                if (found := project_total(ledger, name, t7)) is not None}
    if not projects:
        raise NotApplicable("项目支出表未列项目")
    covered = _covered(projects, perf)
    if not covered:
        raise InsufficientData("项目绩效目标表的项目名称、金额与项目支出表所列项目都对应不上")
    threshold = ctx.param("performance_project_threshold")
    scale = -wan_shift(t7.unit)     # (the ledger's amounts: 万元, or the unit printed)
    bar = Decimal(str(threshold)) if threshold is not None else min(projects[n][0] for n in covered)
    for name, (total, vals) in projects.items():
        ctx.checked += 1
        if name in covered or total < bar:
            continue
        show = fmt(total.scaleb(scale)), fmt(bar.scaleb(scale))
        why = (f"按规定 {show[1]} 万元以上的项目应编制绩效目标" if threshold is not None else
               f"文件为 {show[1]} {'元' if scale else '万元'}及以上的其他项目印有绩效目标表")
        row = t7.rows[vals[0].row]
        ctx.report(Fail(key=name, location=table_location(t7, row=row.project), expected="项目支出绩效目标表",
                        found=show[0], evidence=[ev(v, "项目支出表") for v in vals],
                        fields={"project": row.project, "unit": "元" if scale else "万元", "why": why}))


def _covered(projects: dict, perf: list) -> set[str]:
    """The 表7 projects (normalised names) a 绩效目标表 is printed for."""
    covered, left = set(), []
    for t in perf:
        want = _norm_project(t.project)
        hit = next((n for n in projects if n and (n in want or want in n)), None)
        if hit is None:
            left.append(t)
        else:
            covered.add(hit)
    # names printed otherwise: as many tables of an amount as projects of it no name matched
    tables_of = Counter(t.amount for t in left if t.amount is not None)
    unmatched = [n for n in projects if n not in covered]
    for amount, count in tables_of.items():
        same = [n for n in unmatched if projects[n][0] == amount]
        if len(same) <= count:
            covered.update(same)
    return covered


# ---- the figures a project's own text states ----------------------------------------------------

FISCAL = re.compile(r"财政(资金|拨款)")
TOTAL_WORDS = re.compile(r"资金|投资|总额|预算|经费|总体目标")   # "该项目总投资", "项目资金", "年度预算总额"
PROJECT_TOTAL = re.compile(r"项目总?(资金|投资|预算|总额)")
OTHER = re.compile(r"^(其他|自筹|单位)资金")
AMOUNT_UNITS = ("万元", "元", "亿元")


def _claims_by_table(ctx: Context, tables) -> list[list[Claim]]:
    """The amount claims printed inside each project table: up to the next table or section,
    else to the end of the part it stands in. (Not its section's end: a section is said to end
    with its last line of prose, and a table closing it runs past that.)"""
    narrative = ctx.disc.narrative
    starts = sorted({p.provenance.line or 0 for p in narrative.performance}
                    | {s.provenance.line or 0 for s in narrative.sections})
    ends = {}
    for t in tables:
        line = t.provenance.line or 0
        later = [s for s in starts if s > line]
        last = max((s.provenance.line_end or 0 for s in narrative.sections
                    if (s.provenance.line or 0) <= line), default=line)
        part_end = [p.line_end for p in ctx.disc.parts if p.line <= line <= p.line_end]
        ends[id(t)] = (later[0] - 1) if later else max([last, *part_end])
    amounts = [(c, c.provenance.line or 0) for c in ctx.disc.narrative.claims
               if c.kind == "amount" and c.unit in AMOUNT_UNITS and c.subject.concept != "indicator"]
    out = []
    for t in tables:
        lo, hi = t.provenance.line or 0, ends[id(t)]
        out.append([c for c, line in amounts if lo <= line <= hi])
    return out


def _sentences(claims: list[Claim]) -> list[list[tuple[int, Claim]]]:
    """The claims grouped by sentence, each with its offset in the sentence."""
    groups: dict[tuple, list[tuple[int, Claim]]] = {}
    for c in claims:
        key = (c.provenance.line, c.sentence)
        group = groups.setdefault(key, [])
        start = group[-1][0] + 1 if group else 0
        at = figure_at(c.sentence, c.text, start)
        group.append((at if at >= 0 else start, c))
    return list(groups.values())


def _text_figures(ctx: Context, perf, claims: list[Claim]) -> None:
    """Total (the figure before 其中) against 年度预算总额; 财政资金 against the table's 财政拨款 (or
    表7); the 其中 parts, when they end with 其他资金 (so they exhaust the total), against the total.
    A 财政资金 figure no 表7 can tell is said not checked (info) where the table prints no
    amount (else the table's amount was said so)."""
    total_seen = False
    failed: Claim | None = None            # a total already reported is not reported again by its parts
    for group in _sentences(claims):
        sentence = group[0][1].sentence
        first_of = sentence.find("其中")
        if first_of < 0:
            continue
        heads = [c for at, c in group if at < first_of]
        # the first total named, and any later one that names the project's money again
        named = [c for c in heads if (TOTAL_WORDS if not total_seen else PROJECT_TOTAL).search(c.subject.text)]
        if named and perf.amount is not None:
            total_seen = True
            fail = _against(perf, named[-1], perf.amount, "绩效目标表年度预算总额", "项目总额")
            failed = named[-1] if fail is not None and not fail.rounding else None
            ctx.report_if(fail)
        for at, c in group:
            if at > first_of and FISCAL.search(_words(c)):
                if perf.fiscal_amount is not None:
                    ctx.report_if(_against(perf, c, perf.fiscal_amount, "绩效目标表财政拨款", "财政资金"))
                elif t7_unchecked(ctx, perf.project):
                    if perf.amount is None:      # (else the table's amount was said unchecked)
                        ctx.report(_unchecked(perf, to_wan(c)[0], "所述财政资金"))
                elif t7_to_read(ctx) is not None:
                    ctx.check(_fiscal_vs_t7, ctx, perf, c)
        if heads and heads[-1] is not failed:
            ctx.report_if(_parts_sum(perf, sentence, group, heads[-1]))


# ---- money outside the fiscal appropriation, project by project ---------------------------------------

@rule("P-NONFISCAL-PROJECTS")
def nonfiscal_projects(ctx: Context) -> None:
    """"当年预算安排项目共 4 个，其中：…非财政拨款项目涉及预算金额 30.00 万元" against the project
    绩效目标表s: when there is one table per project counted, the non-fiscal money is what
    their totals hold beyond their 财政拨款 (the fiscal part is checked against 表7 by N-AMOUNT)."""
    claims = [c for c in ctx.disc.narrative.claims
              if c.kind == "amount" and c.subject.concept == "projects:nonfiscal"]
    if not claims:
        raise NotApplicable("情况说明没有非财政拨款项目金额")
    tables = [t for t in (_tables(ctx) if ctx.disc.narrative.performance else []) if t.kind == "project"]
    counts: dict[int, set[int]] = {}
    for c in ctx.disc.narrative.claims:
        if c.kind == "count" and c.unit == "个" and "预算安排项目" in c.subject.text:
            counts.setdefault(c.table_set, set()).add(int(c.value))
    reasons = []
    for group, of_set in by_set(claims):        # a unit's figures against the unit's tables
        with ctx.reading_set(group):
            reasons.append(_nonfiscal(ctx, of_set, [t for t in tables if t.table_set == group],
                                      counts.get(group, set())))
    if ctx.checked == 0 and any(reasons):
        raise InsufficientData(next(r for r in reasons if r))


def _nonfiscal(ctx: Context, claims: list[Claim], tables: list, counts: set[int]) -> str | None:
    """Check one set's claims; the reason they cannot be checked, if so."""
    if not tables or counts != {len(tables)}:
        return "项目绩效目标表的个数与说明的项目个数不一致，或说明未给出项目个数"
    if any(t.amount is None or t.fiscal_amount is None for t in tables):
        return "有项目绩效目标表未读出资金总额或财政拨款"
    outside = sum((t.amount - t.fiscal_amount for t in tables), Decimal(0))
    places = max(_places(t.amount) for t in tables)
    for c in claims:
        value, got_places = to_wan(c)
        tol = half_unit(got_places) + half_unit(places)
        gap = value - outside
        ctx.report_if(None if abs(gap) <= tol else Fail(
            key="projects:nonfiscal", location=Location(section=c.section, sentence=c.sentence),
            expected=fmt(outside), found=fmt(value), difference=gap, tolerance=tol,
            evidence=[claim_ev(c)] + [Evidence(role="绩效目标表", text=f"{t.project}：{fmt(t.amount)}（财政拨款 {fmt(t.fiscal_amount)}）",
                                               provenance=t.provenance) for t in tables if t.amount != t.fiscal_amount],
            fields={"tables": len(tables)}))
    return None


# ---- the uses a project's text lists -----------------------------------------------------------

USES = re.compile(r"(主要)?用于")


@rule("P-USES-SUM")
def project_uses(ctx: Context) -> None:
    """"该项目总投资 20 万元，…，该项目用于购置公务用车 1 辆，预计 18 万元；购买车辆保险 0.8 万元；
    其他用品 1.2 万元。": the uses, one amount per clause up to the sentence's end, add up to the
    total named before 用于. A list after 主要用于 may leave uses out, and one that breaks a use
    down (其中：差旅费 …) counts it twice: neither is checked."""
    tables = [t for t in _tables(ctx) if t.kind == "project"]
    if not tables:
        raise NotApplicable("没有项目绩效目标表")
    for t, claims in zip(tables, _claims_by_table(ctx, tables)):
        for total, parts in _use_lists(claims):
            ctx.checked += 1
            with ctx.reading_set(t.table_set):
                ctx.report_if(_uses_fail(t, total, parts))
    if ctx.checked == 0:
        raise NotApplicable("项目绩效目标表的说明没有逐项列出用途金额")


def _use_lists(claims: list[Claim]):
    """(total, uses) for each complete 用于 list whose every clause states one amount."""
    groups = _sentences(claims)
    for k, group in enumerate(groups):
        sentence = group[0][1].sentence
        m = USES.search(sentence)
        if m is None or m.group(1):
            continue
        parts_from = sentence.find("其中", 0, m.start())     # the total comes before its 其中 parts
        head_end = parts_from if parts_from >= 0 else m.start()
        total = next((c for at, c in group if at < head_end and TOTAL_WORDS.search(c.subject.text)), None)
        if total is None:
            continue
        parts = [c for at, c in group if at > m.start()]
        ended = _ends(sentence)
        for later in groups[k + 1:]:
            if ended:
                break
            if len(later) != 1:          # a clause with two amounts is no plain list of uses
                break
            parts.append(later[0][1])
            ended = _ends(later[0][1].sentence)
        if ended and len(parts) >= 2 and not any("其中" in c.sentence for c in parts[1:]):
            yield total, parts


def _ends(sentence: str) -> bool:
    return sentence.rstrip().endswith(("。", "."))


def _uses_fail(perf, total: Claim, parts: list[Claim]) -> Fail | None:
    value, places = to_wan(total)
    used = sum((to_wan(c)[0] for c in parts), Decimal(0))
    tol = half_unit(places) + sum((half_unit(to_wan(c)[1]) for c in parts), Decimal(0))
    gap = used - value
    if abs(gap) <= tol:
        return None
    project = perf.project or "（未识别名称）"
    return Fail(key=f"{project}|uses|{total.value}", location=_text_loc(perf, total),
                expected=fmt(value), found=fmt(used), difference=gap, tolerance=tol,
                evidence=[claim_ev(total, "项目总额")] + [claim_ev(c, "用途") for c in parts],
                fields={"project": project, "uses": "＋".join(fmt(to_wan(c)[0]) for c in parts)})


def _fiscal_vs_t7(ledger: Ledger, ctx: Context, perf, claim: Claim) -> Fail | None:
    found = t7_total(ledger, ctx, perf.project)
    if found is None:
        return None
    total, vals, against = found
    fail = _against(perf, claim, total, against, "财政资金")
    if fail is not None:
        fail.evidence += [ev(v, against) for v in vals]
        if not fail.rounding:
            against_summary(fail, to_wan(claim)[0], total, against)
    return fail


def _words(claim: Claim) -> str:
    return re.sub(r"^(其中|包括)[:：]?", "", claim.subject.text)


def _against(perf, claim: Claim, amount: Decimal, against: str, role: str) -> Fail | None:
    value, places = to_wan(claim)
    tol = half_unit(places) + half_unit(_places(amount))
    gap = value - amount
    if gap == 0:
        return None
    return Fail(key=f"{perf.project}|{role}|{claim.value}", location=_text_loc(perf, claim),
                expected=fmt(amount), found=fmt(value), difference=gap, tolerance=tol, rounding=abs(gap) <= tol,
                evidence=[claim_ev(claim, "项目总体目标"),
                          Evidence(role="绩效目标表", text=perf.project, provenance=perf.provenance)],
                fields={"project": perf.project, "what": f"说明中的{role}", "against": against})


def _parts_sum(perf, sentence: str, group, total: Claim) -> Fail | None:
    other = next((i for i, (_, c) in enumerate(group) if OTHER.match(_words(c))), None)
    if other is None:
        return None
    cut = sentence.rfind("其中", 0, group[other][0])
    parts = [c for at, c in group[:other + 1] if at > cut]
    if len(parts) < 2:
        return None
    value, places = to_wan(total)
    s = sum((to_wan(c)[0] for c in parts), Decimal(0))
    tol = half_unit(places) + sum((half_unit(to_wan(c)[1]) for c in parts), Decimal(0))
    if value == s:
        return None
    return Fail(key=f"{perf.project}|parts|{total.value}", location=_text_loc(perf, total),
                expected=fmt(s), found=fmt(value), difference=value - s, tolerance=tol, rounding=abs(value - s) <= tol,
                evidence=[claim_ev(total, "项目总体目标")],
                fields={"project": perf.project, "what": "说明中的项目总额",
                        "against": "其中各项（" + "、".join(_words(c) for c in parts) + "）之和"})


def _text_loc(perf, claim: Claim) -> Location:
    return Location(section="绩效目标表", row=perf.project, sentence=claim.sentence)


# what a 部门整体绩效目标表's 年度预算 covers: the whole year's money in most templates (收支总表
# 收入总计), this year's income alone or the fiscal money alone in some (as N-AMOUNT's
# ALSO_MEANS for the text's "整体预算绩效目标…涉及预算金额"); first the usual one
DEPARTMENT_SCOPES = (("收支总表收入总计", "summary", {"side": "income", "source": "total"}),
                     ("收支总表本年收入合计", "summary", {"side": "income", "source": "current_income"}),
                     ("财政拨款收支总表收入合计", "fiscal_summary", {"side": "income", "source": "total"}))


@rule("P-DEPARTMENT-AMOUNT")
def department_amount(ctx: Context) -> None:
    """The 部门整体绩效目标表's 年度预算 (its 资金总额, else 上级安排 + 本级安排 + 其他, each cell as
    printed) against the 收支总表's totals: a figure none of the scopes it may cover gives."""
    tables = [t for t in ctx.disc.narrative.performance if t.kind == "department" and t.funds]
    if not tables:
        raise NotApplicable("文件中没有列出金额的部门整体绩效目标表")
    for group, of_set in by_set(tables):
        with ctx.reading_set(group):
            ctx.need_table("summary")
            for table in of_set:
                ctx.check(_department_amount, ctx, table)


def _department_amount(ledger: Ledger, ctx: Context, table) -> Fail | None:
    funds = [f for f in table.funds if f.kind == "total"][:1] or [f for f in table.funds if f.kind != "total"]
    amount = in_wan(sum((f.amount for f in funds), Decimal(0)), table.unit)
    tol = half_unit(2) * len(funds)
    scopes = [(name, v) for name, kind, want in DEPARTMENT_SCOPES if (v := ledger.one(kind, None, **want))]
    if not scopes:
        return None
    if any(abs(amount - v.amount) <= tol + half_unit(v.places) for _, v in scopes):
        return None
    name, whole = scopes[0]
    cited = [Evidence(role="部门整体绩效目标表", text=f"{f.label} {fmt(f.amount)}",
                      provenance=table.provenance.model_copy(update={"line": f.line, "line_end": f.line}))
             for f in funds]
    parts = "、".join(f"{f.label} {fmt(f.amount)}" for f in funds)
    # each figure in its own table's unit (a 收支总表 in 元 is not restated in 万元); the
    # difference in their unit, or in 万元 where the two tables' units differ (said so)
    unit, whole_unit = table.unit or "万元", _unit_of(ctx, whole)
    same = unit == whole_unit
    stated = sum((f.amount for f in funds), Decimal(0))
    difference = stated - _in_unit(whole.amount, unit) if same else amount - whole.amount
    return Fail(key="department", location=Location(section=_what(table)),
                expected=_printed(whole, whole_unit), found=fmt(stated),
                difference=difference, tolerance=_in_unit(tol + half_unit(whole.places), unit if same else "万元"),
                evidence=[*cited, *(ev(v, n) for n, v in scopes)],
                fields={"parts": f"（{parts}）" if len(funds) > 1 else "", "against": name,
                        "found_unit": unit, "expected_unit": whole_unit,
                        "unit": unit if same else "万元（两表金额单位不同，均折合为万元）",
                        "others": "".join(f"；也不等于{n} {_printed(v, _unit_of(ctx, v))} {_unit_of(ctx, v)}"
                                          for n, v in scopes[1:] if v.amount != whole.amount)})


def _unit_of(ctx: Context, v) -> str:
    """The unit of the table a ledger cell is printed in."""
    table = next((t for t in ctx.disc.tables if t.index == v.table), None)
    return (table.unit if table is not None else None) or "万元"


def _in_unit(amount: Decimal, unit: str) -> Decimal:
    """An amount in 万元 (as the ledger holds it) in `unit`."""
    shift = -wan_shift(unit)
    return amount.scaleb(shift) if shift else amount


def _printed(v, unit: str) -> str:
    """A cell's figure as its table prints it, in that table's unit."""
    return fmt(_in_unit(v.amount, unit))
