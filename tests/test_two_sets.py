"""Two sets of tables (a department's 汇总 and one unit's) with nothing printed to tell which is
the 汇总: the totals cannot tell either (the "sum of the other sets" of one set is the other set
itself), so the first printed is taken for it. The warning says why, and what shows the
department's figures (the parse summary, the check report) shows it too, never the assumption as
a fact.

Documents from the bundled seed 002 (test_unit_tables.department), one unit only.
"""

from __future__ import annotations

import io

from rich.console import Console
from test_own_set import assumed, summaries
from test_store_sets import unit_scaled
from test_unit_tables import UNITS, department, parse_text

from budgetlens.checks import check
from budgetlens.checks.report import to_text
from budgetlens.cli.summary import print_summary
from budgetlens.model import ParseIssue

ONE_UNIT = UNITS[1:]


def two_sets(tmp_path, **kw):
    return parse_text(tmp_path, department(units=ONE_UNIT, owners=False, summary_scale=1, **kw))


def summary_text(disc) -> str:
    out = io.StringIO()
    print_summary(disc, Console(file=out, width=400))
    return out.getvalue()


def test_two_sets_nothing_tells_the_warning_says_why(tmp_path):
    """No 编制单位, the same titles, no 汇总: the order stands, and the warning names the two
    sets and each sign it looked for (before: "从表题、编制单位和合计数均无法判断", no reason why
    the totals could not)."""
    disc = two_sets(tmp_path)
    assert summaries(disc) == [0, 1]
    found = assumed(disc)
    assert len(found) == 1 and found[0].level == "warning"
    message = found[0].message
    for words in ("文件印有 2 套表", "只有两套表，合计数无从区分", "“汇总”字样", "封面所列的单位名称",
                  "“编制部门”与“编制单位”", "按印制顺序以第一套为部门汇总", "请核实"):
        assert words in message, (words, message)


def test_three_sets_the_warning_says_the_totals_told_nothing(tmp_path):
    disc = parse_text(tmp_path, department(owners=False, summary_scale=1))
    message = assumed(disc)[0].message
    assert "文件印有 3 套表" in message and "没有哪一套恰为其余各套之和" in message
    assert "只有两套表" not in message


def test_two_sets_told_by_their_owners_say_nothing(tmp_path):
    """编制部门 (the 汇总, last) against 编制单位: told, no warning."""
    disc = parse_text(tmp_path, department(units=ONE_UNIT, summary_last=True, summary_scale=1))
    assert summaries(disc) == [1, 0] and not assumed(disc)


def test_the_check_report_shows_the_assumption_first(tmp_path):
    """The report's reading notes carry the warning, before other reading warnings (the text
    report shows only the first few; before: not shown at all)."""
    disc = two_sets(tmp_path)
    disc.issues[:0] = [ParseIssue(level="warning", code="reader", message=f"第 {n} 页无法读取") for n in range(12)]
    report = check(disc)
    assert report.reading[0] == assumed(disc)[0].message
    assert assumed(disc)[0].message in to_text(report)


def test_the_parse_summary_shows_the_sets_and_the_assumption(tmp_path):
    """The summary names the sets, marks the 汇总 as assumed and prints the warning even below
    twenty other issues (before: no sets, the warning cut off)."""
    disc = two_sets(tmp_path)
    disc.issues[:0] = [ParseIssue(level="warning", code="reader", message=f"第 {n} 页无法读取") for n in range(25)]
    text = summary_text(disc)
    assert "表共 2 套" in text and "汇总（推定）" in text
    assert "只有两套表" in text


def test_the_parse_summary_of_told_sets_says_nothing_assumed(tmp_path):
    disc = parse_text(tmp_path, department(units=ONE_UNIT, summary_last=True, summary_scale=1))
    text = summary_text(disc)
    assert "表共 2 套" in text and "推定" not in text


def test_the_parse_summary_gives_the_summarys_total(tmp_path):
    """The 汇总 printed after its units, unit 1 at 3×: the summary's 收入总计 is the 汇总's
    1759.05, not the first printed table's 5277.15 (before)."""
    disc = parse_text(tmp_path, department(summary_last=True, summary_scale=1, edit=unit_scaled(1, 3)))
    text = summary_text(disc)
    assert "收入总计：1,759.05 万元" in text, text[-2000:]


def test_one_set_prints_no_sets(tmp_path):
    from conftest import parsed
    text = summary_text(parsed("002_4e0ed6e09b019fe1"))
    assert "套" not in text.split("情况说明")[0].replace("三公", "")
