"""A unit's project where the unit's set prints no 项目支出表 (表7).

The department of test_set_projects prints its 汇总 (1×) and its units' tables; here unit 2
(机关事务服务中心) prints every table but 表7 (3×). Its project and 绩效目标表 cannot be read
against its own 表7: they are read against the 汇总's, which lists its units' projects (业务活动经费:
50.00), the finding naming that table; a unit's figure below the 汇总's total of the name is a
warning (the 汇总 adds every unit's project of that name), above it an error. A project the 汇总's
表7 does not list either is reported as not checked (info), never passed in silence.
"""

from __future__ import annotations

from test_set_narrative import CENTRE, NARRATIVE, section
from test_set_projects import PERF, UNIT_SECTION, project
from test_unit_tables import department, parse_text, scaled

from budgetlens.checks import check

RULES = ("N-PROJECT-T7", "P-PROJECT-AMOUNT")


def without_t7(k: int, n: int, block: list[str]) -> list[str]:
    """An edit: unit 2 prints its tables at 3× and no 表7."""
    if k != 2:
        return block
    return [] if n == 7 else [scaled(line, 3) for line in block]


def unit_text(scale: str, name: str = "业务活动经费") -> str:
    text = department(summary_scale=1, edit=without_t7)
    at = text.index("第四部分 名词解释", text.rindex(NARRATIVE))
    unit = project(scale).replace("项目名称：业务活动经费", f"项目名称：{name}")
    perf = PERF.format(scale=scale, unit=CENTRE).replace("业务活动经费项目", f"{name}项目")
    return text[:at] + section(UNIT_SECTION, unit, perf) + text[at:]


def unit_findings(tmp_path, scale: str, name: str = "业务活动经费") -> tuple:
    disc = parse_text(tmp_path, unit_text(scale, name))
    assert {t.group for t in disc.tables if t.kind == "project_expenditure"} == {0, 1}
    assert [p.name for p in disc.narrative.projects if p.table_set == 2] == [name]
    found = [f for f in check(disc).findings if f.rule in RULES and f.location.unit == CENTRE]
    return disc, found


def test_a_project_the_summary_lists_agrees_with_it(tmp_path):
    _, found = unit_findings(tmp_path, "50.00")
    assert not found, [f.message for f in found]


def test_a_project_above_the_summarys_figure_is_an_error_naming_the_summary(tmp_path):
    """60.00 where the 汇总's 表7 lists 50.00 (before: not checked at all)."""
    disc, found = unit_findings(tmp_path, "60.00")
    assert sorted((f.rule, f.severity, f.expected) for f in found) == [
        ("N-PROJECT-T7", "error", "50.00"), ("P-PROJECT-AMOUNT", "error", "50.00")], [f.message for f in found]
    for f in found:
        assert "部门汇总的项目支出表为 50.00" in f.message and f.message.startswith(f"{CENTRE}："), f.message
        cited = {disc.tables[e.provenance.table].group for e in f.evidence
                 if e.provenance and e.provenance.table is not None}
        assert cited == {0}, (f.rule, cited)


def test_a_project_below_the_summarys_figure_is_a_warning(tmp_path):
    """40.00 under the 汇总's 50.00: the 汇总 may add another unit's project of the name."""
    _, found = unit_findings(tmp_path, "40.00")
    assert sorted((f.rule, f.severity) for f in found) == [("N-PROJECT-T7", "warning"),
                                                          ("P-PROJECT-AMOUNT", "warning")], [f.message for f in found]
    assert all("同名项目可能含其他单位的" in f.message for f in found), [f.message for f in found]


def test_a_project_no_table_lists_is_reported_unchecked(tmp_path):
    """A project the 汇总's 表7 does not list either: one info per rule saying it was not
    checked and why (before: nothing)."""
    _, found = unit_findings(tmp_path, "60.00", name="档案数字化经费")
    assert sorted((f.rule, f.severity) for f in found) == [("N-PROJECT-T7", "info"), ("P-PROJECT-AMOUNT", "info")], \
        [f.message for f in found]
    for f in found:
        assert "未能与项目支出表核对" in f.message and "部门汇总的项目支出表也未列此项目" in f.message, f.message
        assert f.message.startswith(f"{CENTRE}：")


def test_a_stated_fiscal_figure_no_table_tells_is_reported_unchecked(tmp_path):
    """A 绩效目标表 printing no amounts, its 项目总体目标 stating 财政资金 60 万元, for a project
    no 表7 lists: P-PROJECT-AMOUNT says the figure was not checked (before: nothing at all)."""
    text = unit_text("60.00", name="档案数字化经费").replace(
        "年度预算总额\t60.00\t其中：财政拨款\t60.00\t其他资金\t0.00", "年度预算总额\t\t其中：财政拨款\t\t其他资金\t")
    disc = parse_text(tmp_path, text)
    assert [(p.amount, p.fiscal_amount) for p in disc.narrative.performance if p.table_set == 2] == [(None, None)]
    found = [f for f in check(disc).findings if f.rule == "P-PROJECT-AMOUNT" and f.location.unit == CENTRE]
    assert [(f.severity, f.found) for f in found] == [("info", "60.00")], [f.message for f in found]
    assert "所述财政资金 60.00 万元未能与项目支出表核对" in found[0].message, found[0].message
    assert "部门汇总的项目支出表也未列此项目" in found[0].message, found[0].message


def test_a_stated_fiscal_figure_the_summary_lists_is_checked(tmp_path):
    """The same table without amounts for a project the 汇总's 表7 lists (50.00): the stated
    财政资金 60 万元 is read against it, an error naming the 汇总 (as before), no info."""
    text = unit_text("60.00").replace(
        "年度预算总额\t60.00\t其中：财政拨款\t60.00\t其他资金\t0.00", "年度预算总额\t\t其中：财政拨款\t\t其他资金\t")
    disc = parse_text(tmp_path, text)
    found = [f for f in check(disc).findings if f.rule == "P-PROJECT-AMOUNT" and f.location.unit == CENTRE]
    assert [(f.severity, f.expected) for f in found] == [("error", "50.00")], [f.message for f in found]


def test_the_text_of_a_table_closing_the_narrative_is_read(tmp_path):
    """The unit's 绩效目标表 is the narrative's last lines, its section said to end at its last
    line of prose (above the table's rows). Its 项目总体目标 stating 70 万元 where the table prints
    50.00 is still read: two errors, total and 财政资金 (before: its text was never read)."""
    text = unit_text("50.00").replace("该项目资金 50.00 万元，其中：财政资金 50.00 万元",
                                      "该项目资金 70.00 万元，其中：财政资金 70.00 万元")
    disc = parse_text(tmp_path, text)
    perf = [p for p in disc.narrative.performance if p.table_set == 2]
    section = [s for s in disc.narrative.sections if (s.provenance.line or 0) <= perf[0].provenance.line][-1]
    assert section.provenance.line_end < perf[0].provenance.line + 5        # (the case this is about)
    found = [f for f in check(disc).findings if f.rule == "P-PROJECT-AMOUNT" and f.location.unit == CENTRE]
    assert sorted((f.severity, f.found, f.expected) for f in found) == [
        ("error", "70.00", "50.00"), ("error", "70.00", "50.00")], [f.message for f in found]
