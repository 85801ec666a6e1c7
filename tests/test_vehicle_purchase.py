"""N-VEHICLE-PURCHASE: cars the narrative says are bought against the 三公 table's
公务用车购置费 — cars without money, or money with "no cars", is a warning."""

from __future__ import annotations

import pytest

import finals
from budgetlens.checks import check
from budgetlens.pipeline import parse
from conftest import EXAMPLES, SHARED

# the 决算 books: 公务用车购置费 budget 10.00, actual 0 (tests/finals.py THREE_PUBLIC)
ANCHOR = "公务接待费支出决算为5.00万元，完成预算的100.00%。"


def outcome(path):
    rep = check(parse(path))
    found = [f for f in rep.findings if f.rule == "N-VEHICLE-PURCHASE"]
    return next(o for o in rep.outcomes if o.rule == "N-VEHICLE-PURCHASE"), found


def final_doc(tmp_path, sentence: str):
    text = finals.final_accounts({ANCHOR: ANCHOR + sentence})
    path = tmp_path / "final.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("sentence,fails", [
    ("本年度未购置公务用车。", False),
    ("本年度购置公务用车0辆。", False),
    ("本年度购置公务用车2辆。", True),        # the actual purchase money is 0
])
def test_cars_against_the_purchase_money(tmp_path, sentence, fails):
    result, found = outcome(final_doc(tmp_path, sentence))
    assert result.status == ("fail" if fails else "pass")
    assert bool(found) == fails
    if fails:
        assert found[0].severity == "warning" and "购置车辆 2 辆" in found[0].message
        assert found[0].evidence[0].text.startswith("本年度购置公务用车2辆")


def test_a_project_buying_a_car_with_no_purchase_money_is_found():
    """Seed 003: a project buys one official car (财政资金 20 万元) while the 三公 table's
    公务用车购置费 line is printed empty."""
    _, found = outcome(next(EXAMPLES.glob("003_*.txt")))
    assert len(found) == 1 and "该项目用于购置公务用车1辆" in found[0].evidence[0].text


@pytest.mark.skipif(not (SHARED / "real").exists(), reason="../shared/real not present")
def test_a_car_with_its_purchase_money_passes():
    """Shanghai Wanli 2024: "安排购置车辆1辆" and 公务用车购置费 25 万元."""
    result, found = outcome(SHARED / "real" / "sh-putuo-wanli-2024-dept-budget.pdf")
    assert result.status == "pass" and result.checked >= 1 and not found


@pytest.mark.parametrize("sentence,fails", [
    # other years' cars and plans given up are not this year's purchase
    ("上年购置公务用车1辆，本年未购置。", False),
    ("决算数小于预算数的主要原因是原计划购置公务用车1辆未实施。", False),
    ("2025年计划购置公务用车2辆。", False),
    # wordings with words between 购置 and the car
    ("本年度购置（更新）公务用车1辆。", True),
    ("本年度新购置执法执勤车辆1辆。", True),
    ("年末公务用车保有量5辆。", False),
    # 购置及运行费 "主要用于 5 辆公务用车": the cars kept, not bought
    ("2024年度公务用车购置及运行维护费主要用于5辆公务用车的燃油、维修、保险等支出。", False),
    ("公务用车购置及运行费主要用于保障3辆公务用车运行。", False),
])
def test_whose_cars_the_count_is(tmp_path, sentence, fails):
    _, found = outcome(final_doc(tmp_path, sentence))
    assert bool(found) == fails, [f.message for f in found]
