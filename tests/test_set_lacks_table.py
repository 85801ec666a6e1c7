"""A unit's claim where the unit's set prints no table of the kind the rule reads.

The department of test_set_narrative (its 汇总, then 本级 and 机关事务服务中心); here unit 2 prints
every table but one. A claim in a section headed by the unit is the unit's: it cannot be read
against the 汇总's table of that kind (the 汇总 adds every unit's), so the rule says, once per
unit, that it could not be checked and why (info) — before, it passed in silence (N-ITEM-LIST,
N-OPERATING-COST), read the missing table's money as 0 (N-VEHICLE-PURCHASE,
N-THREE-PUBLIC-ACTIVITY: a false error) or dropped the whole rule as not applicable, the
department's own findings with it (N-PROJECT-COUNT). With the table printed, each is checked.
"""

from __future__ import annotations

import pytest
from test_set_narrative import CENTRE, NARRATIVE, section
from test_unit_tables import department, parse_text

from budgetlens.checks import check

WHY = "本单位的公开表中没有{}（未公开或未能识别）"
CASES = {   # rule: (the table unit 2 leaves out, its name, the unit's section title, its text)
    "N-ITEM-LIST": (6, "一般公共预算基本支出表", "基本支出情况说明",
                    "人员经费 4,265.43 万元，主要包括：基本工资、津贴补贴、档案整理补助费。"),
    "N-OPERATING-COST": (6, "一般公共预算基本支出表", "机关运行经费情况说明",
                         "2026年的机关运行经费财政拨款预算600.00万元。"),
    "N-PROJECT-COUNT": (7, "一般公共预算项目支出表", "预算绩效情况说明",
                        "当年预算安排项目共 9 个，其中：财政拨款项目涉及预算金额 360.00 万元。"),
    "N-VEHICLE-PURCHASE": (10, "“三公”经费支出表", "“三公”经费情况说明",
                           "2026年计划购置公务用车 2 辆。"),
    "N-THREE-PUBLIC-ACTIVITY": (10, "“三公”经费支出表", "“三公”经费情况说明",
                                "2026年安排因公出国（境）团组 2 个，累计 10 人次。"),
}


def unit_text(rule: str, drop: bool = True) -> str:
    number, _, title, text = CASES[rule]

    def edit(k: int, n: int, block: list[str]) -> list[str]:
        return [] if drop and k == 2 and n == number else block

    body = department(summary_scale=1, edit=edit)
    at = body.index("第四部分 名词解释", body.rindex(NARRATIVE))
    return body[:at] + section(f"十三、关于{CENTRE}2026年{title}", text) + body[at:]


def unit_findings(tmp_path, rule: str, drop: bool = True) -> tuple:
    disc = parse_text(tmp_path, unit_text(rule, drop))
    number = CASES[rule][0]
    kinds = {t.kind for t in disc.tables if t.group == 0 and t.number == number}
    assert len(kinds) == 1 and ({t.group for t in disc.tables if t.kind in kinds} == {0, 1} if drop else True)
    assert any(c.table_set == 2 for c in (*disc.narrative.claims, *disc.narrative.item_lists))
    if rule == "N-OPERATING-COST":
        disc.meta.unit_type = "行政"        # (the overview says nothing of its units' types)
    report = check(disc)
    outcome = next(o for o in report.outcomes if o.rule == rule)
    return outcome, [f for f in report.findings if f.rule == rule and f.location.unit == CENTRE]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_unit_claim_without_its_table_is_said_unchecked(tmp_path, rule):
    outcome, found = unit_findings(tmp_path, rule)
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    message = found[0].message
    assert message.startswith(f"{CENTRE}：") and "未能与" in message and "核对" in message, message
    assert message.endswith(WHY.format(CASES[rule][1])), message
    assert outcome.status != "not_applicable", outcome


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_unit_claim_with_its_table_is_checked(tmp_path, rule):
    """The same text with the unit's table printed: no finding says it was not checked."""
    _, found = unit_findings(tmp_path, rule, drop=False)
    assert not any("未能与" in f.message for f in found), [f.message for f in found]
