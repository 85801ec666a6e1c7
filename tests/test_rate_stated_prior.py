"""N-CHANGE-RATE of a change whose sentence states last year's figure before it and no current
one ("比上年预算 500.00 万元减少 195.97 万元，下降 41.36%"): the rate is of that stated prior.
Before, only the table's current figure was used (277.90 + 195.97 = 473.87, of which 41.36% is
right), and a rate wrong against the prior the sentence states passed in silence."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import EXAMPLES

from budgetlens.checks import check
from budgetlens.pipeline import parse

S000 = "000_9131eab83374bb33"
OLD = "一般公共预算 277.90 万元,占 100.00%,比上年预算减少 195.97 万元,下降 41.36%"
NEW = "一般公共预算比上年预算 {} 万元减少 195.97 万元,下降 {}%"


def rate_findings(tmp_path, prior: str, rate: str) -> list:
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    assert OLD in text
    path = tmp_path / f"{S000}.txt"
    path.write_text(text.replace(OLD, NEW.format(prior, rate)), encoding="utf-8")
    return [f for f in check(parse(path)).findings if f.rule == "N-CHANGE-RATE" and "195.97" in f.message]


def test_a_rate_wrong_against_the_stated_prior_is_reported(tmp_path):
    found = rate_findings(tmp_path, "500.00", "41.36")      # 195.97 / 500.00 = 39.19%
    assert [f.severity for f in found] == ["error"], [f.message for f in found]
    assert "39.19" in found[0].message and "500.00" in found[0].message, found[0].message


@pytest.mark.parametrize("prior,rate", [("500.00", "39.19"), ("473.87", "41.36")])
def test_a_rate_right_against_the_stated_prior_passes(tmp_path, prior, rate):
    assert not rate_findings(tmp_path, prior, rate)


def test_a_prior_years_figure_in_a_clause_of_its_own_is_no_base(tmp_path):
    """"2025年预算数为 X 万元，比上年预算减少 Y 万元，下降 Z%" in a 2026 document (a misprinted
    year, D-YEAR-MENTION's to report): the change is of X, not from X, so the rate is not
    checked against X as last year's figure (it would read 253.63 / 177.11 = 143.20%)."""
    line = "信息事务（项）：2026年预算数为177.11万元，比上年预算减少253.63万元，下降58.88%"
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    assert line in text
    path = tmp_path / f"{S000}.txt"
    path.write_text(text.replace(line, line.replace("2026年预算数", "2025年预算数")), encoding="utf-8")
    findings = check(parse(path)).findings
    assert not [f for f in findings if f.rule == "N-CHANGE-RATE" and "253.63" in f.message], \
        [f.message for f in findings if f.rule == "N-CHANGE-RATE"]
    assert any(f.rule == "D-YEAR-MENTION" and "2025" in f.message for f in findings)


def test_the_message_says_the_prior_is_the_texts_own(tmp_path):
    """The stated prior is the writer's, not worked out: the message says so (说明所列上年),
    where a prior worked out from the current figure keeps 推算上年."""
    found = rate_findings(tmp_path, "500.00", "41.36")
    assert "说明所列上年 500.00 万元" in found[0].message and "推算" not in found[0].message, found[0].message
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    path = tmp_path / "inferred" / f"{S000}.txt"
    path.parent.mkdir()
    path.write_text(text.replace(OLD, OLD.replace("41.36%", "43.36%")), encoding="utf-8")
    inferred = [f for f in check(parse(path)).findings if f.rule == "N-CHANGE-RATE" and "195.97" in f.message]
    assert len(inferred) == 1 and "推算上年 473.87 万元" in inferred[0].message, [f.message for f in inferred]


ITEMS = ["办公费", "印刷费", "水电费", "邮电费", "物业管理费", "差旅费", "维修（护）费", "会议费", "培训费", "专用材料费"]


@pytest.mark.parametrize("joiner", ["。", "；"])
def test_many_stated_priors_each_the_base_of_its_own_change(tmp_path, joiner):
    """A paragraph of 30 comparisons, each stating its own prior (as sentences, or clauses of
    one sentence): each rate is read against the prior its comparison names, none against a
    neighbour's; the four wrong by one point are the findings, each with its own prior."""
    parts, wrong = [], set()
    for i, name in enumerate(ITEMS * 3):
        prior, change = 100 + 7 * i, 10 + i
        rate = (Decimal(change * 100) / prior).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if i % 7 == 3:
            wrong.add((name, f"{prior:.2f}", f"{rate:.2f}"))
            rate += 1
        parts.append(f"{name}比上年预算 {prior:.2f} 万元减少 {change:.2f} 万元,下降 {rate:.2f}%")
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    path = tmp_path / f"{S000}.txt"
    path.write_text(text.replace(OLD, joiner.join(parts)), encoding="utf-8")
    found = [f for f in check(parse(path)).findings if f.rule == "N-CHANGE-RATE" and "说明所列" in f.message]
    said = {(re.search(r"“(.+?)”", f.message).group(1), re.search(r"说明所列上年 ([\d.]+)", f.message).group(1),
             f.expected) for f in found}
    assert said == wrong and len(found) == len(wrong), [f.message for f in found]
