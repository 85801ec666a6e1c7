"""A unit's projects and 项目支出绩效目标表, checked against that unit's 项目支出表.

The department of test_set_narrative prints its 汇总 (the seed's amounts, 1×) and its units'
tables; unit 2 (机关事务服务中心) prints them at 3×: its 表7 lists 业务活动经费 at 150.00 万元
(the 汇总's: 50.00), 7.48 × 3 = 22.44 of it capital (309/310). A project described under the
unit's heading (Project.table_set), or a 绩效目标表 whose 预算单位 is the unit
(PerformanceTable.table_set), is the unit's: N-PROJECT-T7, N-ALLOCATION-*, P-PROJECT-AMOUNT read
the unit's 表7 and their findings name the unit; the department's own projects keep set 0.
"""

from __future__ import annotations

from test_set_narrative import CENTRE, section, with_narrative
from test_unit_tables import OWNER, parse_text

from budgetlens.checks import check
from budgetlens.model import Disclosure

PROJECT = """（一）项目名称：业务活动经费

设立的政策依据：根据关于下达业务活动经费预算的通知

预算安排规模：{scale} 万元

项目承担单位：{unit}

资金分配情况：业务日常活动经费 {a} 万元；协同办公平台运行维护费 12.00 万元，共计 {scale} 万元

资金执行时间：2026 年 1 月 1 日-2026 年 12 月 31 日"""

PERF = """项目支出绩效目标表

(2026 年)

预算单位\t\t{unit}\t\t\t\t\t\t
项目名称\t\t业务活动经费项目\t\t\t项目负责人\t罗友兵\t\t
项目资金(万元)\t\t年度预算总额\t{scale}\t其中：财政拨款\t{scale}\t其他资金\t0.00\t
项目总体目标\t\t该项目资金 {scale} 万元，其中：财政资金 {scale} 万元，其他资金 0 万元，主要用于日常工作。\t\t\t\t\t\t
一级指标\t二级指标\t三级指标\t指标值\t指标值设置依据\t上年完成值\t指标分值权重\t指标赋分规则\t佐证资料
产出指标\t数量指标\t全年采编上报政务信息条数（条）\t>=1100 条\t计划标准\t990 条\t50\t按照正常比例赋分\t工作资料
满意度指标\t满意度指标\t机关工作人员满意度(%)\t>=95%\t计划标准\t95%\t50\t满意度赋分\t工作资料
"""

UNIT_SECTION = f"十三、关于{CENTRE}2026年项目支出情况说明"
PROJECT_RULES = ("N-PROJECT-T7", "N-ALLOCATION-SUM", "N-ALLOCATION-ECONOMIC", "P-PROJECT-AMOUNT")


def project(scale: str, unit: str = CENTRE, a: str | None = None) -> str:
    a = a or f"{float(scale) - 12:.2f}"          # the allocation adds up to the scale
    return PROJECT.format(scale=scale, unit=unit, a=a)


def findings(disc, rules=PROJECT_RULES) -> list:
    return [f for f in check(disc).findings if f.rule in rules and f.severity != "info"]


def errors_on(found: list, project_name: str = "业务活动经费") -> list:
    return [f for f in found if f.severity == "error" and f"“{project_name}" in f.message]


def test_a_units_project_stated_right_agrees_with_its_table(tmp_path):
    """预算安排规模 150.00 and a 绩效目标表 of 150.00 under the unit's heading: the unit's 表7
    says 150.00, no error (before: against the 汇总's 50.00, three errors)."""
    disc = parse_text(tmp_path, with_narrative(section(UNIT_SECTION, project("150.00"),
                                                       PERF.format(scale="150.00", unit=CENTRE))))
    units = [p for p in disc.narrative.projects if p.scale == 150]
    assert [p.table_set for p in units] == [2]
    assert [p.table_set for p in disc.narrative.performance if p.amount == 150] == [2]
    assert {p.table_set for p in disc.narrative.projects if p.scale != 150} == {0}
    errors = errors_on(findings(disc))
    assert not errors, [f.message for f in errors]


def test_a_units_project_stated_wrong_fails_naming_the_unit(tmp_path):
    """160.00 where the unit's 表7 prints 150.00: N-PROJECT-T7 and P-PROJECT-AMOUNT expect
    150.00 (not the 汇总's 50.00), cite the unit's table and name the unit; N-ALLOCATION-SUM (its
    items add up to 150.00) names it too."""
    disc = parse_text(tmp_path, with_narrative(section(UNIT_SECTION, project("160.00", a="138.00"),
                                                       PERF.format(scale="160.00", unit=CENTRE))))
    errors = errors_on(findings(disc))
    assert sorted((f.rule, f.expected) for f in errors) == [
        ("N-ALLOCATION-SUM", "150.00"), ("N-PROJECT-T7", "150.00"), ("P-PROJECT-AMOUNT", "150.00")], \
        [f.message for f in errors]
    for f in errors:
        assert f.location.unit == CENTRE and f.message.startswith(f"{CENTRE}："), f.message
        cited = {disc.tables[e.provenance.table].group for e in f.evidence
                 if e.provenance and e.provenance.table is not None}
        assert cited <= {2}, (f.rule, cited)


def test_a_units_capital_spending_is_read_from_its_table(tmp_path):
    """N-ALLOCATION-ECONOMIC: the unit's 表7 books 22.44 capital for the project (the 汇总's:
    7.48), and the finding names the unit."""
    disc = parse_text(tmp_path, with_narrative(section(UNIT_SECTION, project("150.00"))))
    unit = [f for f in findings(disc, ("N-ALLOCATION-ECONOMIC",)) if f.location.unit == CENTRE]
    assert [f.found for f in unit] == ["22.44"], [f.message for f in unit]


def test_the_departments_own_projects_keep_the_summary(tmp_path):
    """The seed's 业务活动经费 (50.00 in the 汇总) stated 70.00 in the department's section, a
    unit section after it: the error expects the 汇总's 50.00 and names no unit; the seed's
    绩效目标表s (预算单位: the department) stay set 0."""
    text = with_narrative(section(UNIT_SECTION, project("150.00")))
    text = text.replace("预算安排规模：50.00 万元", "预算安排规模：70.00 万元", 1)
    disc = parse_text(tmp_path, text)
    errors = [f for f in errors_on(findings(disc, ("N-PROJECT-T7",))) if f.found == "70.00"]
    assert [(f.expected, f.location.unit) for f in errors] == [("50.00", None)], [f.message for f in errors]
    assert {p.table_set for p in disc.narrative.performance if p.unit_name == OWNER} == {0}


def test_a_performance_table_printed_for_a_unit_is_the_units(tmp_path):
    """A 绩效目标表 among the department's own (its section 十二 (四)) whose 预算单位 is the
    unit: the unit's (its 150.00 agrees with the unit's 表7), as is the text printed in it."""
    at = "(五) 其他需说明的事项"
    disc = parse_text(tmp_path, with_narrative(PERF.format(scale="150.00", unit=CENTRE) + "\n", before=at))
    tables = [t for t in disc.narrative.performance if t.amount == 150]
    assert [t.table_set for t in tables] == [2]
    inside = [c for c in disc.narrative.claims if "150" in c.text and "该项目资金" in c.sentence]
    assert inside and {c.table_set for c in inside} == {2}
    errors = errors_on(findings(disc, ("P-PROJECT-AMOUNT",)))
    assert not errors, [f.message for f in errors]


def test_a_projects_set_survives_the_json_round_trip(tmp_path):
    disc = parse_text(tmp_path, with_narrative(section(UNIT_SECTION, project("160.00", a="138.00"),
                                                       PERF.format(scale="160.00", unit=CENTRE))))
    again = Disclosure.model_validate_json(disc.model_dump_json())
    assert [p.table_set for p in again.narrative.projects] == [p.table_set for p in disc.narrative.projects]
    assert [p.table_set for p in again.narrative.performance] == [p.table_set for p in disc.narrative.performance]
    assert sorted(f.message for f in findings(again)) == sorted(f.message for f in findings(disc))
