"""N-STRUCTURE-100 of a unit's 基本支出 / 项目支出 shares (收支性质) where the unit's set lacks
the table they restate. 基本支出 + 项目支出 are the whole only where that table prints no other use
with money; without it nothing tells the list is complete, so shares adding to less than 100% are
said not checked for the unit (info), as for function classes — before, a false error. Shares
adding to more than 100% are wrong whatever else the unit spends on: still an error. With the
table printed (basic and project only), a shortfall is still an error.

The 部门预算 of test_set_lacks_claims: unit 2 (机关事务服务中心) at 3×; its section's 基本支出 /
项目支出 restate 表5 (一般公共预算支出表: 4,797.15 basic, 480.00 project).
"""

from __future__ import annotations

import pytest
from test_set_lacks_claims import budget_text
from test_set_narrative import CENTRE
from test_unit_tables import parse_text

from budgetlens.checks import check

SHARES = "基本支出 4,797.15 万元，占 {}%；项目支出 480.00 万元，占 {}%。"
GPB_EXPENDITURE = 5


def unit_findings(tmp_path, drop: int | None, basic: str, project: str) -> list:
    disc = parse_text(tmp_path, budget_text(drop, SHARES.format(basic, project)))
    natures = {c.subject.coords.nature for c in disc.narrative.claims
               if c.table_set == 2 and c.kind == "share" and c.subject.coords}
    assert natures == {"basic", "project"}, natures
    return [f for f in check(disc).findings if f.rule == "N-STRUCTURE-100" and f.location.unit == CENTRE]


def test_a_units_short_uses_without_its_table_are_said_unchecked(tmp_path):
    found = unit_findings(tmp_path, GPB_EXPENDITURE, "60.00", "30.00")
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    assert "未能" in found[0].message and "90.00%" in found[0].message, found[0].message


def test_a_units_uses_over_100_without_its_table_still_fail(tmp_path):
    found = unit_findings(tmp_path, GPB_EXPENDITURE, "70.00", "40.00")
    assert [f.severity for f in found] == ["error"], [f.message for f in found]


@pytest.mark.parametrize("basic,project,severities", [("60.00", "30.00", ["error"]), ("90.90", "9.10", [])])
def test_with_its_table_the_units_uses_are_the_whole(tmp_path, basic, project, severities):
    """The unit's 表5 prints basic and project only: they are the whole, a shortfall is an error
    and shares adding to 100% pass."""
    found = unit_findings(tmp_path, None, basic, project)
    assert [f.severity for f in found] == severities, [f.message for f in found]
