"""Titles that name the whole budget before the table, as some provinces print them
("部门综合预算收支总表", "单位综合预算收入总表"): the table is the template's (收支总表,
收入总表, …), read as with its usual title. Before, each was kept as a table the template does
not know, and the template's table was said missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens import pipeline
from budgetlens.pipeline import parse

SEED = Path(pipeline.__file__).parent / "examples" / "002_4e0ed6e09b019fe1.txt"
RENAMED = {"部门收支总体情况表": "收支总表", "部门收入总体情况表": "收入总表",
           "部门支出总体情况表": "支出总表", "财政拨款收支预算总体情况表": "财政拨款收支总表"}


def _cells(table) -> list[tuple]:
    return [(r.code, r.name, tuple((c.column, c.text) for c in r.cells)) for r in table.rows]


@pytest.mark.parametrize("owner", ["部门综合预算", "单位综合预算", "综合预算"])
def test_combined_budget_titles_read_as_the_templates(owner, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    for old, new in RENAMED.items():
        text = text.replace(old, owner + new)
    path = tmp_path / SEED.name
    path.write_text(text, encoding="utf-8")
    disc, plain = parse(path), parse(SEED)
    assert not [i for i in disc.issues if i.code in ("table-unknown", "missing")]
    assert [t.kind for t in disc.tables] == [t.kind for t in plain.tables]
    for got, want in zip(disc.tables, plain.tables):
        assert _cells(got) == _cells(want)
    assert len(disc.facts) == len(plain.facts)
