"""N-TARGET-CONTRADICTS within one set of tables.

A department's 情况说明 may tell of its units (test_set_narrative): a unit's section, or a
绩效目标表 whose 预算单位 is the unit, is that unit's (Claim.table_set). A unit's standard
(工作餐标准厅局级 200 元/人) is not the department's: the rule compares a target only with
the figures its own set's text states, and a finding about a unit names it.

The seed's own text states 工作餐标准厅局级 200 元/人, 县处级 160 元/人 under targets of ≤150 and
≤120 元/人 (two true findings in set 0); FIXED makes the department's text agree with them.
"""

from __future__ import annotations

from test_set_narrative import CENTRE, section, with_narrative
from test_set_projects import PERF, UNIT_SECTION, project
from test_unit_tables import parse_text

from budgetlens.checks import check

SEED_STANDARD = "工作餐标准厅局级 200 元/人，县处级 160 元/人"
FIXED = "工作餐标准厅局级 150 元/人，县处级 120 元/人"
# a cost target row in the unit's 绩效目标表, as the seed prints its own
MEAL_TARGET = "成本指标\t经济成本指标\t工作餐标准厅局级（元/人）\t< =150 元/人\t计划标准\t200 元/天/ 人\t5\t按照正常比例赋分\t原始凭证\n"


def unit_project(meal: str) -> str:
    """The unit's project whose 资金分配情况 states its meal standard."""
    return project("150.00").replace("协同办公平台", f"工作餐标准厅局级 {meal} 元/人；协同办公平台")


def unit_perf() -> str:
    at = PERF.index("满意度指标\t满意度指标")
    return (PERF[:at] + MEAL_TARGET + PERF[at:]).format(scale="150.00", unit=CENTRE)


def contradictions(disc) -> list:
    return [f for f in check(disc).findings if f.rule == "N-TARGET-CONTRADICTS"]


def test_a_units_standard_is_not_held_against_the_departments_target(tmp_path):
    """The unit states 200 元/人 (it has no such target); the department's target ≤150 agrees
    with its own 150: no finding (before: the unit's 200 against the department's ≤150)."""
    text = with_narrative(section(UNIT_SECTION, unit_project("200"))).replace(SEED_STANDARD, FIXED)
    disc = parse_text(tmp_path, text)
    stated = [c for c in disc.narrative.claims if c.kind == "unit_price" and c.value == 200]
    assert [c.table_set for c in stated] == [2]
    found = contradictions(disc)
    assert not found, [f.message for f in found]


def test_the_departments_target_is_held_against_its_own_text(tmp_path):
    """The seed's own contradictions (200 vs ≤150, 160 vs ≤120) stay found, naming no unit,
    with a unit section that states the standard the target admits."""
    disc = parse_text(tmp_path, with_narrative(section(UNIT_SECTION, unit_project("150"))))
    found = contradictions(disc)
    assert sorted((f.found, f.location.unit) for f in found) == [("160元/人", None), ("200元/人", None)], \
        [f.message for f in found]


def test_a_units_target_is_held_against_the_units_text(tmp_path):
    """The unit's 绩效目标表 says ≤150 元/人, its section 200 元/人: one finding, naming the unit;
    the department's own text (150, agreeing with its target) gives none."""
    text = with_narrative(section(UNIT_SECTION, unit_project("200"), unit_perf())).replace(SEED_STANDARD, FIXED)
    disc = parse_text(tmp_path, text)
    found = contradictions(disc)
    assert [(f.found, f.location.unit) for f in found] == [("200元/人", CENTRE)], [f.message for f in found]
    assert found[0].message.startswith(f"{CENTRE}：")


def test_a_unit_agreeing_with_its_own_target_is_not_held_against_the_departments(tmp_path):
    """The unit's target ≤150 and its text 150; the department's text 200 against its own
    ≤150 is still found, once, and the unit's 150 is not compared with the department's text."""
    disc = parse_text(tmp_path, with_narrative(section(UNIT_SECTION, unit_project("150"), unit_perf())))
    found = contradictions(disc)
    assert sorted((f.found, f.location.unit) for f in found) == [("160元/人", None), ("200元/人", None)], \
        [f.message for f in found]
