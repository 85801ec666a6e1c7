"""A department's unit whose set of tables lacks a table, by the three rules that must say so.

The department of test_unit_tables (its 汇总 at 2×, then 本级 and 机关事务服务中心 printing the
seed 002's 11 tables): here a unit leaves out tables.
- C-TABLES: each unit's set holds every table the template requires, as the 汇总 does; one
  error per unit naming it and every table its set lacks (before: only the 汇总 was checked).
- The rules between tables (X-*, T10-*): a comparison a unit's set cannot make, as it lacks one
  of the tables another set prints, is said not checked, once per rule and unit (info; before:
  the unit's run was "not applicable", nothing said); the sets that print both are compared as
  before.
- Y-PRIOR-FIGURE: a unit's claim about last year where last year's document prints no tables
  of the unit (none of any unit, or not this one's) is said not checked (before: nothing).
"""

from __future__ import annotations

from collections import Counter

import pytest
from test_set_lacks_claims import budget_text
from test_set_narrative import CENTRE
from test_set_pairs import without_own
from test_unit_tables import OWNER, SEED, UNITS, department, parse_text

from budgetlens.checks import check
from budgetlens.checks.catalogue import load_catalogue
from budgetlens.store.corpus import variant

WHY = "本单位的公开表中没有{}（未公开或未能识别）"
FUND, THREE = "表8“政府性基金预算支出情况表”", "表10“财政拨款‘三公’经费支出情况表”"


def dropped(*drops: tuple[int, int], edit=None) -> str:
    """The department's text without the units' tables (unit, number) of `drops`; edit(unit,
    number, lines) changes the others."""
    def change(k: int, n: int, block: list[str]) -> list[str]:
        if (k, n) in drops:
            return []
        return edit(k, n, block) if edit else block
    return department(edit=change)


def report_of(tmp_path, text: str):
    return check(parse_text(tmp_path, text))


def of(report, rule: str, unit: str | None = CENTRE) -> list:
    return [f for f in report.findings if f.rule == rule and f.location.unit == unit]


# ---- C-TABLES: each unit's set ----------------------------------------------------------------

def test_a_unit_set_lacking_tables_is_reported_once_naming_them(tmp_path):
    """Unit 2 prints no 表8 and no 表10: one error naming the unit and both tables; nothing for
    the 汇总 or unit 1, which print every table."""
    report = report_of(tmp_path, dropped((2, 8), (2, 10)))
    found = [f for f in report.findings if f.rule == "C-TABLES"]
    assert [(f.severity, f.location.unit) for f in found] == [("error", CENTRE)], [f.message for f in found]
    assert found[0].message == f"{CENTRE}：所印该单位的表中缺少{FUND}、{THREE}", found[0].message
    assert found[0].evidence and found[0].evidence[0].provenance.table is not None
    assert next(o for o in report.outcomes if o.rule == "C-TABLES").status == "fail"


def test_each_unit_lacking_a_table_gets_its_own_finding(tmp_path):
    report = report_of(tmp_path, dropped((1, 8), (2, 10)))
    found = {f.location.unit: f.message for f in report.findings if f.rule == "C-TABLES"}
    assert found == {UNITS[0]: f"{UNITS[0]}：所印该单位的表中缺少{FUND}",
                     CENTRE: f"{CENTRE}：所印该单位的表中缺少{THREE}"}, found


def test_unit_sets_printing_every_table_give_nothing(tmp_path):
    report = report_of(tmp_path, department())
    assert not [f.message for f in report.findings if f.rule == "C-TABLES"]
    assert next(o for o in report.outcomes if o.rule == "C-TABLES").status == "pass"


# ---- rules between tables ---------------------------------------------------------------------

CASES = {   # rule: (the table unit 2 leaves out, its name)
    "X-T1-T2-TOTAL": (2, "收入总表"),
    "X-T4-T5-TOTAL": (5, "一般公共预算支出表"),
    "X-T4-T8-GOV-FUND": (8, "政府性基金预算支出表"),
    "X-T5-T6-BASIC": (6, "一般公共预算基本支出表"),
    "X-T5-T7-PROJECT": (7, "一般公共预算项目支出表"),
    "X-T11-T1-CARRYOVER": (11, "上年结转结余表"),
    "X-CODE-PRESENCE": (3, "支出总表"),
    "X-EMPTY-TABLE-CONSISTENT": (8, "政府性基金预算支出表"),
    "X-UNITS-SUM": (10, "“三公”经费支出表"),
    "T10-T6-LINES": (10, "“三公”经费支出表"),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_comparison_a_unit_set_cannot_make_is_said_unchecked(tmp_path, rule):
    number, name = CASES[rule]
    report = report_of(tmp_path, dropped((2, number)))
    found = of(report, rule)
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    message = found[0].message
    assert message.startswith(f"{CENTRE}：") and "未能" in message and message.endswith(WHY.format(name)), message
    assert found[0].evidence, message          # the unit's tables it could have been compared with
    others = [f.message for f in report.findings if f.rule == rule and "未能" in f.message and f not in found]
    assert not others, others                  # the 汇总 and unit 1 print both tables
    assert next(o for o in report.outcomes if o.rule == rule).status != "not_applicable"


@pytest.mark.parametrize("rule", sorted(CASES))
def test_unit_sets_printing_both_tables_say_nothing_unchecked(tmp_path, rule):
    report = report_of(tmp_path, department())
    assert not [f.message for f in report.findings if f.rule == rule and "未能" in f.message]


def test_a_unit_set_lacking_a_table_many_rules_read_is_said_once_per_rule(tmp_path):
    """Unit 2 without 表5: every rule comparing it says so once for the unit, however many codes
    or table pairs it would have compared."""
    report = report_of(tmp_path, dropped((2, 5)))
    said = Counter(f.rule for f in report.findings if f.location.unit == CENTRE and f.severity == "info"
                   and f.message.endswith(WHY.format("一般公共预算支出表")))
    assert {"X-T4-T5-GPB", "X-T4-T5-TOTAL", "X-T5-T6-BASIC", "X-T5-T7-CODE", "X-T5-T3-BOUND",
            "X-CODE-PRESENCE", "X-UNITS-SUM"} <= set(said), said
    assert set(said.values()) == {1}, said


def test_a_table_no_set_prints_is_no_unit_unchecked(tmp_path):
    """Nobody prints 表8: the rules reading it are not applicable to any set, as before (the
    missing table is C-TABLES' to report), and no unit is said unchecked."""
    report = report_of(tmp_path, without_own(dropped((1, 8), (2, 8)), 8))
    assert not [f.message for f in report.findings if f.rule.startswith("X-") and "未能" in f.message]
    assert next(o for o in report.outcomes if o.rule == "X-T4-T8-GOV-FUND").status == "not_applicable"


def test_sets_printing_both_tables_are_compared_beside_a_unit_lacking_one(tmp_path):
    """Unit 2 without 表6, unit 1's 表6 total misprinted: unit 1's X-T5-T6-BASIC error as before,
    unit 2 said unchecked, nothing for the 汇总."""
    def edit(k: int, n: int, block: list[str]) -> list[str]:
        wrong = "\t\t总计\t1,699.05\t1,421.81\t177.24"
        return [wrong if line == "\t\t总计\t1,599.05\t1,421.81\t177.24" else line for line in block] \
            if (k, n) == (1, 6) else block

    report = report_of(tmp_path, dropped((2, 6), edit=edit))
    assert [(f.severity, f.found, f.expected) for f in of(report, "X-T5-T6-BASIC", UNITS[0])] == \
        [("error", "1,599.05", "1,699.05")]
    assert [f.severity for f in of(report, "X-T5-T6-BASIC")] == ["info"]
    assert not of(report, "X-T5-T6-BASIC", None)


def test_every_rule_between_tables_can_say_a_comparison_unchecked():
    """Each cross-table rule that compares tables carries the words for a comparison a unit's
    set cannot make (else the finding would read the failure's template with blanks)."""
    rules = [r for r in load_catalogue() if r.category == "cross_table" and r.id != "X-PROJECT-UNDER-BASIC-ITEM"]
    assert rules and all("{why}" in r.messages.get("unchecked", "") for r in rules), \
        [r.id for r in rules if "{why}" not in r.messages.get("unchecked", "")]


# ---- Y-PRIOR-FIGURE: last year's document without the unit's tables -----------------------------

CHANGES = "项目支出 360.00 万元，比上年预算减少 120.00 万元。基本支出 4,797.15 万元，比上年预算增加 97.15 万元。"


def prior_findings(tmp_path, prior_text: str) -> list:
    """Y-PRIOR-FIGURE's findings on unit 2, whose section states CHANGES (this year: the 汇总 at
    1×, unit 2 at 3×), against last year's document `prior_text`."""
    this_year = parse_text(tmp_path, budget_text(None, CHANGES), "2026.txt")
    assert len([c for c in this_year.narrative.claims if c.table_set == 2 and c.kind == "change"]) == 2
    prior = parse_text(tmp_path, variant(prior_text, OWNER, years=-1), "2025.txt")
    assert prior.meta.year == 2025
    found = [f for f in check(this_year, prior=prior).findings if f.rule == "Y-PRIOR-FIGURE"]
    assert all(f.location.unit == CENTRE for f in found if "未能核对" in f.message), [f.message for f in found]
    return [f for f in found if f.location.unit == CENTRE]


def test_last_year_printing_no_unit_tables_is_said_unchecked_once(tmp_path):
    """Last year's document prints only its own tables (the seed): the unit's two claims are
    said not checked, once, naming why (before: nothing)."""
    found = prior_findings(tmp_path, SEED.read_text(encoding="utf-8"))
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    message = found[0].message
    assert message.startswith(f"{CENTRE}：") and message.endswith("未能核对：上年公开文件未印所属单位的表（只印有部门汇总的表），"
                                                               "其中没有该单位的数字"), message


def test_last_year_printing_other_units_only_is_said_unchecked(tmp_path):
    found = prior_findings(tmp_path, department(summary_scale=1, units=UNITS[:1]))
    assert [f.severity for f in found] == ["info"], [f.message for f in found]
    assert found[0].message.endswith("上年公开文件所印所属单位的表中未找到该单位的表（按编制单位名称对应）"), found[0].message


def test_last_year_printing_the_units_tables_is_compared(tmp_path):
    """Last year's unit 2 at 4× (项目支出 480.00, 基本支出 6,396.20): the first claim is right,
    the second wrong, compared with them as before; nothing said unchecked."""
    from test_store_sets import unit_scaled
    found = prior_findings(tmp_path, department(summary_scale=1, edit=unit_scaled(2, 4)))
    assert [(f.severity, f.expected) for f in found] == [("error", "6,396.20")], [f.message for f in found]
