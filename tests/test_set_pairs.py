"""Rules between two documents where one prints several sets of tables (a department's 汇总,
then each unit's: test_unit_tables.department): each compares like with like — the
department's own set with the other document's own, a unit's with the set the department
prints for that unit (by its 编制单位) — and says which set it compared.

Figures are the bundled seed 002's as printed (表3 基本支出 1,599.05; 表6 30201 办公费 13.57;
its narrative: 基本支出 比上年预算减少 5.22 万元, so last year's 1,604.27), times the factors
the documents are made with.
"""

from __future__ import annotations

import re

from budgetlens.checks import check
from budgetlens.store.corpus import rename, variant
from test_cross_document import as_unit, edit
from test_store_sets import unit_scaled
from test_unit_tables import OWNER, SEED, UNITS, department, parse_text

OFFICE_LINE = "302\t01\t办公费\t13.57\t\t13.57"


def without_own(text: str, number: int) -> str:
    """The department's text without its own (汇总) 表N: only its units print that table."""
    lines = text.split("\n")
    start = lines.index(f"表 {number}-1")
    end = lines.index(f"表 {number + 1}-1")
    return "\n".join(lines[:start] + lines[end:])


def prior_findings(tmp_path, prior_text: str) -> list:
    this_year = parse_text(tmp_path, SEED.read_text(encoding="utf-8"), "2026.txt")
    prior = parse_text(tmp_path, variant(prior_text, OWNER, years=-1), "2025.txt")
    assert prior.meta.year == 2025 and {t.group for t in prior.tables} == {0, 1, 2}
    # (of last year's tables: a figure the text alone states is compared with last year's text)
    return [f for f in check(this_year, prior=prior).findings if f.rule == "Y-PRIOR-FIGURE"
            and "的情况说明" not in f.message]


def test_last_years_figures_come_from_its_own_tables(tmp_path):
    """Last year's 汇总 prints no 表3; unit 1 prints one at 3× (基本支出 4,797.15). This year's
    基本支出 claim (last year 1,604.27) is not compared with the unit's table (before: "上年公开
    文件为 4,797.15 万元"); its 一般公共预算 基本支出 claim is compared with the 汇总's 表5
    (1,599.05), and the finding says so."""
    found = prior_findings(tmp_path, without_own(department(summary_scale=1, edit=unit_scaled(1, 3)), 3))
    messages = [f.message for f in found]
    assert found and not any("4,797.15" in m for m in messages), messages
    assert all(f.location.table_kind != "expenditure" for f in found)
    basic = [m for m in messages if "上年公开文件（部门汇总表）为 1,599.05 万元" in m]
    assert basic and all("（部门汇总表）" in m for m in messages), messages


def unit_document(name: str, office: str = OFFICE_LINE) -> str:
    """Seed 002 published as the 单位预算 of `name`, its 办公费 as given."""
    return edit(as_unit(rename(SEED.read_text(encoding="utf-8"), OWNER, name)), OFFICE_LINE, office)


def xd_errors(tmp_path, unit_text: str, dept_text: str) -> list:
    unit = parse_text(tmp_path, unit_text, "unit.txt")
    dept = parse_text(tmp_path, dept_text, "dept.txt")
    assert unit.meta.scope == "单位" and dept.meta.scope == "部门"
    report = check(unit, department=dept)
    return [f for f in report.findings if f.category == "cross_document" and f.severity == "error"]


def test_a_unit_is_compared_with_the_tables_its_department_prints_for_it(tmp_path):
    """The department (汇总 2×) prints 机关事务服务中心's tables (1×: 办公费 13.57); that unit's own
    document prints 办公费 20.57: above what its department publishes for it, though below the
    汇总's 27.14 (before: compared with the 汇总 only, no error)."""
    errors = xd_errors(tmp_path, unit_document(UNITS[1], "302\t01\t办公费\t20.57\t\t20.57"),
                       department(summary_scale=2))
    office = [f for f in errors if f.rule == "XD-UNIT-EXCEEDS" and f.location.row == "30201 办公费"]
    assert office and {(f.found, f.expected) for f in office} == {("20.57", "13.57")}, [f.message for f in errors]
    assert all("超过所属部门（部门文件所印本单位的表） 13.57" in f.message for f in office)
    lines = {e.provenance.line for f in office for e in f.evidence if e.role == "部门"}
    dept_text = department(summary_scale=2).split("\n")
    assert {dept_text[n - 1] for n in lines} == {OFFICE_LINE}       # the unit's line, not the 汇总's


def test_a_unit_the_department_does_not_print_is_compared_with_its_summary(tmp_path):
    """A unit whose tables the department does not print: its 办公费 28.14 above the 汇总's 27.14,
    the finding naming the 汇总."""
    errors = xd_errors(tmp_path, unit_document("克孜勒苏柯尔克孜自治州信访局", "302\t01\t办公费\t28.14\t\t28.14"),
                       department(summary_scale=2))
    office = [f for f in errors if f.rule == "XD-UNIT-EXCEEDS" and f.location.row == "30201 办公费"]
    assert office and {(f.found, f.expected) for f in office} == {("28.14", "27.14")}, [f.message for f in errors]
    assert all(re.search(r"超过所属部门（汇总表） 27\.14", f.message) for f in office)
