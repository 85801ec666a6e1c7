"""绩效目标表: weights and amounts."""

from __future__ import annotations

from decimal import Decimal

from ...identities import half_unit
from ...model.findings import Evidence, Location
from ..context import Context, Fail, NotApplicable, ev, fmt, rule
from ..ledger import Ledger
from .narrative import _places, project_total


def _tables(ctx: Context):
    tables = ctx.disc.narrative.performance
    if not tables:
        raise NotApplicable("文件中没有绩效目标表")
    return tables


def _what(table) -> str:
    return f"项目“{table.project}”绩效目标表" if table.project else "部门整体绩效目标表"


@rule("P-WEIGHT-SUM")
def weight_sums(ctx: Context) -> None:
    allowed = [Decimal(str(x)) for x in ctx.param("performance_weight_sums", [90, 100])]
    for table in _tables(ctx):
        weights = [i.weight for i in table.indicators if i.weight is not None]
        if not weights:
            continue
        ctx.checked += 1
        total = sum(weights, Decimal(0))
        if total in allowed:
            continue
        nearest = min(allowed, key=lambda a: abs(a - total))
        ctx.report(Fail(key=f"{table.kind}|{table.project or ''}",
                        location=Location(section="绩效目标表", row=table.project),
                        expected="或".join(fmt(a).rstrip("0").rstrip(".") for a in allowed),
                        found=fmt(total).rstrip("0").rstrip("."), difference=total - nearest,
                        evidence=[Evidence(role="绩效目标表", text=_what(table), provenance=table.provenance)],
                        fields={"what": _what(table)}))


@rule("P-PROJECT-AMOUNT")
def project_amounts(ctx: Context) -> None:
    tables = [t for t in _tables(ctx) if t.kind == "project" and t.project and t.amount is not None]
    if not tables:
        raise NotApplicable("没有带金额的项目绩效目标表")
    ctx.need_table("project_expenditure")
    for t in tables:
        ctx.check(_amount, ctx, t)


def _amount(ledger: Ledger, ctx: Context, perf) -> Fail | None:
    found = project_total(ledger, perf.project)
    if found is None:
        return None
    total, vals = found
    amounts = [a for a in (perf.amount, perf.fiscal_amount) if a is not None]
    tol = half_unit(_places(perf.amount)) + half_unit(vals[0].places)
    if any(abs(a - total) <= tol for a in amounts):
        return None
    if perf.fiscal_amount is None and perf.amount > total:
        return None        # the table's total may include money outside the general budget
    return Fail(key=perf.project, location=Location(section="绩效目标表", row=perf.project),
                expected=fmt(total), found=fmt(perf.amount), difference=perf.amount - total,
                evidence=[Evidence(role="绩效目标表", text=perf.project, provenance=perf.provenance)]
                + [ev(v, "项目支出表") for v in vals], fields={"project": perf.project})
