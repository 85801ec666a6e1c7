"""Y-PRIOR-FIGURE: last year's figures the text states ("上年预算数 93.40 万元", "占 87.77%，上年为
80.29%") against last year's own document, as the priors its changes imply are.

Seed 000: 项目支出 34.00 万元 (last year 93.40: 34.00 + 59.40), 基本支出 243.90 万元 (last year
380.47: 243.90 + 136.57) of a total of 277.90 万元, its 支出总表's 合计. Last year's document
(prior_of: every change the text states made true) is given a total of 473.87 万元 (277.90 +
195.97, as the text's 一般公共预算 changed), so last year's share of 基本支出 was 380.47 / 473.87
= 80.29 %."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import EXAMPLES
from test_checks import (
    BASIC_411,
    PROJECT_433,
    S000,
    prior_of,
    serious,
    set_cell,
    total_row,
)

from budgetlens.checks import check
from budgetlens.pipeline import parse


def y_findings(tmp_path, old: str, new: str, prior):
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / f"{S000}.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    report = check(parse(path), prior=prior)
    return [f for f in serious(report) if f.rule == "Y-PRIOR-FIGURE"], report


@pytest.mark.parametrize("new,wrong", [
    ("项目支出 34.00 万元（上年预算数 93.40 万元）", False),
    ("项目支出 34.00 万元，上年预算数为 93.40 万元", False),
    ("项目支出 34.00 万元（上年：93.40 万元）", False),
    ("项目支出 34.00 万元（上年预算数 83.40 万元）", True),
    ("项目支出 34.00 万元，上年预算数为 83.40 万元", True),
    ("项目支出 34.00 万元，上年预算数为 834,000.00 元", True),
    ("项目支出 34.00 万元，上年预算数为 934,000.00 元", False),
    # last year's spending (执行数) printed in a budget is an estimate: no document of last year prints it
    ("项目支出 34.00 万元，上年预计执行数为 83.40 万元", False),
])
def test_last_years_amount_the_text_states(tmp_path, new, wrong):
    found, _ = y_findings(tmp_path, PROJECT_433, new, prior_of(S000))
    assert bool(found) == wrong, [f.message for f in found]
    if wrong:
        assert "说明所述上年数为 83.40 万元" in found[0].message and "93.40" in found[0].message


def test_a_stated_prior_is_compared_like_with_like(tmp_path):
    """A budget's 上年预算数 is not last year's final account's figure."""
    prior = prior_of(S000)
    prior.meta.phase = "决算"
    found, report = y_findings(tmp_path, PROJECT_433, "项目支出 34.00 万元（上年预算数 83.40 万元）", prior)
    assert not found
    outcome = next(o for o in report.outcomes if o.rule == "Y-PRIOR-FIGURE")
    assert outcome.status == "not_applicable"


@pytest.mark.parametrize("share,wrong", [("80.29", False), ("80.3", False), ("85.67", True)])
def test_last_years_share_the_text_states(tmp_path, share, wrong):
    new = BASIC_411.replace("占 87.77%", f"占 87.77%，上年为 {share}%")
    assert new != BASIC_411
    prior = prior_of(S000)
    set_cell(prior, "expenditure", total_row, "total", "473.87")
    found, _ = y_findings(tmp_path, BASIC_411, new, prior)
    assert bool(found) == wrong, [f.message for f in found]
    if wrong:
        assert "占比本年说明所述上年为 85.67%" in found[0].message and "80.29%" in found[0].message


def test_without_last_years_document_nothing_is_said(tmp_path):
    found, _ = y_findings(tmp_path, PROJECT_433, "项目支出 34.00 万元（上年预算数 83.40 万元）", None)
    assert not found


def test_a_units_stated_prior_goes_to_that_units_tables_or_is_said_unchecked(tmp_path):
    """A figure stated of one unit's tables (Claim.table_set) is compared with last year's
    tables of that unit, where last year's document prints them; else said unchecked, never
    passed over in silence (as the priors its changes imply)."""
    disc = parse(EXAMPLES / f"{S000}.txt")
    text = disc.narrative.claims
    change = next(c for c in text if c.kind == "change" and c.subject.coords is not None and c.unit == "万元")
    stated = change.model_copy(update={"kind": "prior", "value": Decimal("1.00"), "implied_prior": None,
                                       "direction": None, "table_set": 1})
    disc.narrative.claims = [stated]
    report = check(disc, prior=prior_of(S000))
    said = [f for f in report.findings if f.rule == "Y-PRIOR-FIGURE"]
    assert said and all("1.00 万元未能核对" in f.message for f in said), [f.message for f in report.findings]
