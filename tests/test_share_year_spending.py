"""N-SHARE of a share of the year's spending (本年支出总额, 本年支出合计, 本年支出) where the
收支总表 prints no 本年支出合计 row, only 支出总计 (Xinjiang's templates): that total is the year's
spending when its expenditure side holds nothing else with money (no 结转下年), so the share is
checked against it. Before, the whole was not found and a wrong share passed in silence.
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES
from test_set_lacks_claims import budget_text
from test_set_narrative import CENTRE
from test_unit_tables import parse_text

from budgetlens.checks import check
from budgetlens.pipeline import parse

S000 = "000_9131eab83374bb33"
# seed 000 (Xinjiang 单位预算): 收支总表 支出总计 277.90, no 本年支出合计 row; 基本支出 243.90 = 87.77%
BASIC = "基本支出 243.90 万元，占 87.77%"
WORDINGS = ["本年支出总额的", "本年支出合计的", "本年支出的", "本年支出总额"]


def share_findings(tmp_path, share: str) -> list:
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    assert BASIC in text
    path = tmp_path / f"{S000}.txt"
    path.write_text(text.replace(BASIC, f"基本支出 243.90 万元，占{share}"), encoding="utf-8")
    return [f for f in check(parse(path)).findings if f.rule == "N-SHARE" and "基本支出" in f.message]


@pytest.mark.parametrize("words", WORDINGS)
def test_a_wrong_share_of_the_years_spending_is_reported(tmp_path, words):
    found = share_findings(tmp_path, f"{words} 99.73%")
    assert [f.severity for f in found] == ["error"], [f.message for f in found]
    assert "87.77" in found[0].message, found[0].message


@pytest.mark.parametrize("words", WORDINGS)
def test_the_right_share_of_the_years_spending_passes(tmp_path, words):
    assert not share_findings(tmp_path, f"{words} 87.77%")


def test_a_share_of_a_whole_no_table_prints_stays_silent(tmp_path):
    """政府性基金预算支出: the unit prints no such figure, so the share is not compared."""
    assert not share_findings(tmp_path, "政府性基金预算支出的 99.73%")


def test_a_departments_unit_share_of_the_years_spending_is_compared(tmp_path):
    """The 部门预算 of test_set_lacks_claims, unit 2 printing its 收支总表 (本年支出 5,277.15):
    5,157.15 is 97.73% of it; 99.73% is reported, 97.73% passes."""
    for share, severities in (("99.73", ["error"]), ("97.73", [])):
        disc = parse_text(tmp_path, budget_text(None, f"一般公共预算支出 5,157.15 万元，占本年支出总额的 {share}%。"))
        found = [f for f in check(disc).findings if f.rule == "N-SHARE" and f.location.unit == CENTRE]
        assert [f.severity for f in found] == severities, [f.message for f in found]
