"""C-TABLES and the parse's list of what is missing read the department's own set (its 汇总):
a table only a unit's set prints is missing from the department's, and the finding says where it
is printed; a table the 汇总 prints but a unit's set lacks is not missing from the department's.

Documents from the bundled seed 002 (test_unit_tables.department): 汇总, then two units; 表8 is
its 政府性基金预算支出情况表.
"""

from __future__ import annotations

from test_set_pairs import without_own
from test_unit_tables import UNITS, department, parse_text

from budgetlens.checks import check

FUND = "gov_fund_expenditure"


def missing_tables(disc) -> list:
    return [f for f in check(disc).findings if f.rule == "C-TABLES"]


def test_a_table_only_the_units_print_is_missing_from_the_department(tmp_path):
    """The 汇总 prints no 表8, both units do: C-TABLES reports it missing, naming the units
    that print it (before: the units' 表8 counted, nothing reported)."""
    disc = parse_text(tmp_path, without_own(department(summary_scale=1), 8))
    assert FUND not in {t.kind for t in disc.tables if t.group == 0}
    assert FUND in {t.kind for t in disc.tables if t.group == 1}
    found = missing_tables(disc)
    assert [f.location.table_kind for f in found] == [FUND]
    assert found[0].severity == "error"
    message = found[0].message
    assert message.startswith("缺少表8“政府性基金预算支出情况表”（部门汇总的表中没有此表"), message
    assert all(f"“{unit}”" in message for unit in UNITS), message
    assert [m for m in disc.missing if m.startswith("表8 政府性基金预算支出情况表（部门汇总的表中没有此表")]


def test_a_table_one_unit_prints_is_named_with_that_unit_only(tmp_path):
    def edit(k, n, block):
        return [] if (k, n) == (1, 8) else block

    disc = parse_text(tmp_path, without_own(department(summary_scale=1, edit=edit), 8))
    message = missing_tables(disc)[0].message
    assert f"只在所属单位“{UNITS[1]}”的表中印有" in message and UNITS[0] not in message


def test_a_table_the_units_lack_is_not_missing_from_the_department(tmp_path):
    """The 汇总 prints 表8, no unit does: nothing missing for the department; each unit's set
    lacks it, said once per unit (test_unit_set_gaps)."""
    def edit(k, n, block):
        return [] if n == 8 else block

    disc = parse_text(tmp_path, department(summary_scale=1, edit=edit))
    assert [t.group for t in disc.tables if t.kind == FUND] == [0]
    found = missing_tables(disc)
    assert not [f for f in found if f.location.unit is None]
    assert sorted(f.location.unit for f in found) == sorted(UNITS)
    # the parse lists the units' sets lacking it, each naming its unit, and nothing of the 汇总's
    assert sorted(disc.missing) == sorted(f"表8 政府性基金预算支出情况表（所属单位“{u}”的表）" for u in UNITS)


def test_a_table_nobody_prints_is_missing_without_a_place(tmp_path):
    def edit(k, n, block):
        return [] if n == 8 else block

    disc = parse_text(tmp_path, without_own(department(summary_scale=1, edit=edit), 8))
    found = missing_tables(disc)
    assert [f.message for f in found if f.location.unit is None] == ["缺少表8“政府性基金预算支出情况表”"]
    assert sorted(f.location.unit for f in found if f.location.unit) == sorted(UNITS)      # (each unit's own)
