"""The parse lists what each unit's set of tables lacks, as it lists the department's own
(Disclosure.missing, a warning each, the CLI's "文件不完整"): before, a unit's set lacking a
table was said by C-TABLES only, and the parse said the document complete."""

from __future__ import annotations

from test_set_narrative import CENTRE
from test_unit_set_gaps import dropped
from test_unit_tables import UNITS, department, parse_text


def test_a_unit_set_lacking_tables_is_listed_missing_naming_the_unit(tmp_path):
    disc = parse_text(tmp_path, dropped((2, 8), (2, 10)))
    lacking = [m for m in disc.missing if CENTRE in m]
    assert len(lacking) == 2 and lacking[0].startswith("表8 ") and lacking[1].startswith("表10 "), disc.missing
    assert all(f"所属单位“{CENTRE}”的表" in m for m in lacking)
    assert not [m for m in disc.missing if UNITS[0] in m or "部门汇总" in m], disc.missing
    warned = [i.message for i in disc.issues if i.code == "missing"]
    assert sum(CENTRE in w for w in warned) == 2, warned


def test_each_unit_is_listed_with_its_own_tables(tmp_path):
    disc = parse_text(tmp_path, dropped((1, 8), (2, 10)))
    assert [m.split()[0] for m in disc.missing if UNITS[0] in m] == ["表8"], disc.missing
    assert [m.split()[0] for m in disc.missing if CENTRE in m] == ["表10"], disc.missing


def test_unit_sets_printing_every_table_are_not_listed(tmp_path):
    assert parse_text(tmp_path, department()).missing == []
