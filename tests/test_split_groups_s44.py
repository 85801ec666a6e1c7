"""A 支出总表 printed as a 三线表 (no cell rules) under three header rows: 本年支出 over 合计 |
基本支出 (小计 | 人员经费 | 公用经费) | 项目支出. 本年支出, centred over the amounts, stands over
基本支出 and 人员经费 only, and was read as one column's header with them: every amount of the
table was left undecided and the sums failed on every row. 本年支出 is a group word of the
支出总表 (the template's header_groups): 小计 is 基本支出's amount, the parts are left out and
said. Expected amounts are the ones each probe table prints (tests/probes_s42)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from probes_s42 import budgets as B

from budgetlens.checks import check
from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")

# the printed amount columns: 合计, 小计 (基本支出's), 人员经费, 公用经费, 项目支出
READ = {0: "total", 1: "basic", 4: "project"}


def printed(style) -> list[dict[str, Decimal]]:
    grid = B.expenditure(style)
    rows = []
    for row in grid.rows[grid.header:]:
        amounts = row[-5:]
        rows.append({key: Decimal(amounts[k].replace(",", "")) for k, key in READ.items() if amounts[k]})
    return rows


@pytest.mark.parametrize("name", ["lines-sources", "lines-wide"])
def test_split_basic_under_a_group_word_reads_its_subtotal(tmp_path, name):
    style = dataclasses.replace(B.STYLES[name], split_basic=True)
    doc = parse(B.write_pdf(style, tmp_path / f"{name}.pdf"))
    table = doc.table("expenditure")
    read = [{c.column: c.amount for c in r.cells if c.amount is not None} for r in table.rows]
    assert read == printed(style)
    assert not [c for r in table.rows for c in r.cells if c.candidates]
    said = [i.message for i in doc.issues if i.code == "column-not-in-template"]
    assert any("人员经费" in m for m in said) and any("公用经费" in m for m in said)
    assert [f.message for f in check(doc).findings if f.severity == "error" and f.rule.startswith("ARITH")] == []
