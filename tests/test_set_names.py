"""A set of tables (the department's own, then each unit's) is named the same wherever it is
named: by its unit's name in quotes where its tables print one (所属单位“X”), else by its place in
the document (第N套表). Before, a set whose tables print no 编制单位 was "第N套" in the parse's
list of missing tables and where a missing table is printed, but "第N套表" in the findings."""

from __future__ import annotations

from test_set_pairs import without_own
from test_unit_tables import department, parse_text

from budgetlens.checks import check


def unnamed(drops: tuple[tuple[int, int], ...]) -> str:
    """The department's text, its units' tables printing no 编制单位 (their sets told by their
    labels: 表8-3 is the third set's), without the units' tables (unit, number) of `drops`."""
    return department(owners=False, edit=lambda k, n, block: [] if (k, n) in drops else block)


def test_a_unit_set_printing_no_name_is_named_by_its_place_in_the_parse_and_the_findings(tmp_path):
    disc = parse_text(tmp_path, unnamed(((2, 8), (2, 10))))
    assert {t.group for t in disc.tables} == {0, 1, 2} and not any(t.unit_name for t in disc.tables if t.group)
    assert sorted(disc.missing) == ["表10 财政拨款“三公”经费支出情况表（所属单位第3套表的表）",
                                    "表8 政府性基金预算支出情况表（所属单位第3套表的表）"], disc.missing
    found = [f for f in check(disc).findings if f.rule == "C-TABLES"]
    assert [f.location.unit for f in found] == ["第3套表"], [f.message for f in found]
    assert found[0].message.startswith("第3套表："), found[0].message


def test_a_table_only_an_unnamed_unit_prints_is_said_printed_there_by_its_place(tmp_path):
    disc = parse_text(tmp_path, without_own(unnamed(((1, 8),)), 8))
    message = next(f.message for f in check(disc).findings if f.rule == "C-TABLES" and f.location.unit is None)
    assert "只在所属单位第3套表的表中印有" in message, message
    assert next(m for m in disc.missing if m.startswith("表8 ") and "部门汇总" in m).endswith(
        "（部门汇总的表中没有此表，只在所属单位第3套表的表中印有）"), disc.missing
