"""A Xinjiang 收入总表 printing the carry-over as a group with its own 小计: 总计 | 财政拨款（补助） |
单位资金 | 上年结转结余 (小计 | 财政拨款结转 | 非财政拨款结转结余). 小计 under 上年结转结余 was taken
for 财政拨款（补助）小计 (its alias 小计), so the header named that column twice and the table was
read by the template's order without a word: 单位资金's amounts as 一般公共预算, the carry-over's
as transfers. A 小计 under a group no template column stands under, the group itself a column's
name, is that column: the carry-over's whole. Near miss: 小计 under 财政拨款（补助） stays its 小计.
Every expectation is transcribed from the tables written here."""

from __future__ import annotations

import pytest
from covered_tables import writers

from budgetlens.checks import check
from budgetlens.pipeline import parse

COVER = "新疆维吾尔自治区某某县财政局2025年部门预算"
TITLE = "部门收入总体情况表"
HEAD = [["科目编码", "科目名称", "总计", "财政拨款（补助）", "单位资金", "上年结转结余", "", ""],
        ["", "", "", "", "", "小计", "财政拨款结转", "非财政拨款结转结余"]]
# (总计 = 财政拨款 + 单位资金 + 上年结转结余; 上年结转结余 = 财政拨款结转 + 非财政拨款结转结余)
ROWS = [["201", "一般公共服务支出", "155.00", "110.00", "20.00", "25.00", "15.00", "10.00"],
        ["2010301", "行政运行", "155.00", "110.00", "20.00", "25.00", "15.00", "10.00"],
        ["", "合计", "155.00", "110.00", "20.00", "25.00", "15.00", "10.00"]]
KEYS = ["total", "fiscal", "unit_funds", "carryover", "fiscal_carryover", "nonfiscal_carryover"]
FISCAL_HEAD = [["科目编码", "科目名称", "总计", "财政拨款（补助）", "", "", "单位资金"],
               ["", "", "", "小计", "一般公共预算", "政府性基金预算", ""]]
FISCAL_ROWS = [["201", "一般公共服务支出", "140.00", "110.00", "100.00", "10.00", "30.00"],
               ["", "合计", "140.00", "110.00", "100.00", "10.00", "30.00"]]


WRITERS = writers(COVER, TITLE)


def read(tmp_path, form: str, rows: list[list[str]]):
    return parse(WRITERS[form](tmp_path / f"a.{form}", rows))


@pytest.mark.parametrize("form", WRITERS)
def test_the_groups_subtotal_is_the_carryovers_whole(tmp_path, form):
    doc = read(tmp_path, form, HEAD + ROWS)
    placed = [[(c.text, c.column) for c in r.cells if c.amount is not None] for r in doc.tables[0].rows]
    assert placed == [list(zip(r[2:], KEYS)) for r in ROWS]
    assert not [i for i in doc.issues if i.code in ("columns-by-order", "column-unmapped")]


@pytest.mark.parametrize("form", WRITERS)
def test_the_sums_are_checked_and_hold(tmp_path, form):
    doc = read(tmp_path, form, HEAD + ROWS)
    assert [f.message for f in check(doc).findings if f.rule == "ARITH-COLUMN-SUM"] == []
    rows = [[*r[:5], "26.00", *r[6:]] if r[0] == "2010301" else r for r in ROWS]
    found = [f for f in check(read(tmp_path, form, HEAD + rows)).findings
             if f.rule == "ARITH-COLUMN-SUM" and f.severity == "error"]
    # (总计 is checked over the carry-over's levels, which hold: the whole's misprint is its own sum's)
    assert [(f.location.row, f.location.column, f.expected, f.found) for f in found] == [
        ("2010301 行政运行", "上年结转结余", "25.00", "26.00")]


@pytest.mark.parametrize("form", WRITERS)
def test_the_subtotal_under_the_appropriations_stays_theirs(tmp_path, form):
    doc = read(tmp_path, form, FISCAL_HEAD + FISCAL_ROWS)
    placed = [[(c.text, c.column) for c in r.cells if c.amount is not None] for r in doc.tables[0].rows]
    assert placed == [list(zip(r[2:], ["total", "fiscal", "gpb", "gov_fund", "unit_funds"])) for r in FISCAL_ROWS]
