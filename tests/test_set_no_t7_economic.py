"""N-ALLOCATION-ECONOMIC for a unit's project where the unit's set prints no 项目支出表 (表7).

The department of test_set_no_t7: unit 2 (机关事务服务中心) prints no 表7; the 汇总's lists
业务活动经费 at 50.00, 7.48 of it capital (309/310). The unit's project, whose 资金分配情况 names
nothing capital, is read in the 汇总's 表7: where its 预算安排规模 is the whole of the name's total
there (50.00), that capital is the unit's (the rule's warning, naming the 汇总's table); where it
is less, the capital may be another unit's project of the name (info, saying so). A project the
汇总 does not list either is said not checked (info) — before, all three were silent.
"""

from __future__ import annotations

from test_set_narrative import CENTRE
from test_set_no_t7 import unit_text
from test_unit_tables import parse_text

from budgetlens.checks import check

RULE = "N-ALLOCATION-ECONOMIC"


def economic(tmp_path, scale: str, name: str = "业务活动经费", capital_item: bool = False) -> tuple:
    text = unit_text(scale, name)
    if capital_item:      # the unit's allocation names a purchase (the 汇总's section keeps its own)
        head, unit = text.rsplit(f"项目名称：{name}", 1)
        text = head + f"项目名称：{name}" + unit.replace("协同办公平台运行维护费", "办公设备购置费", 1)
    disc = parse_text(tmp_path, text)
    assert [p.name for p in disc.narrative.projects if p.table_set == 2] == [name]
    return disc, [f for f in check(disc).findings if f.rule == RULE and f.location.unit == CENTRE]


def test_capital_the_summary_books_for_the_units_whole_project_is_a_warning(tmp_path):
    disc, found = economic(tmp_path, "50.00")
    assert [(f.severity, f.found) for f in found] == [("warning", "7.48")], [f.message for f in found]
    f = found[0]
    assert f.message.startswith(f"{CENTRE}：部门汇总的项目支出表为项目“业务活动经费”安排资本性支出 7.48 万元"), f.message
    cited = {disc.tables[e.provenance.table].group for e in f.evidence if e.provenance and e.provenance.table is not None}
    assert cited == {0}


def test_capital_of_a_name_the_summary_adds_over_units_is_info(tmp_path):
    """40.00 under the 汇总's 50.00: the capital may be another unit's project of the name."""
    _, found = economic(tmp_path, "40.00")
    assert [(f.severity, f.found) for f in found] == [("info", "7.48")], [f.message for f in found]
    assert "同名项目可能含其他单位的" in found[0].message


def test_an_allocation_naming_a_purchase_has_no_finding(tmp_path):
    _, found = economic(tmp_path, "50.00", capital_item=True)
    assert not found, [f.message for f in found]


def test_a_project_no_table_lists_is_reported_unchecked(tmp_path):
    _, found = economic(tmp_path, "60.00", name="档案数字化经费")
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    assert found[0].message == (f"{CENTRE}：项目“档案数字化经费”的资金分配情况未能与项目支出表的经济分类核对："
                                "本单位的公开表中没有项目支出表（未公开或未能识别），部门汇总的项目支出表也未列此项目")
