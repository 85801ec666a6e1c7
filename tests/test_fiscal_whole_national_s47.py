"""A 收入总表 in the national form printing the appropriations as one column: 总计 | 财政拨款收入 |
单位资金 | 上年结转 (a Hunan department's, the national template's). Before, 财政拨款收入 — a word
some side-by-side tables print over their labels — made the reader take the header for one it
could not use, and the amounts were read by the template's order without a word: 财政拨款收入's
as 上年结转, 单位资金's as 一般公共预算, 上年结转's as 政府性基金预算. The header now places each
amount, and 财政拨款收入 printed alone is the appropriations' whole (source fiscal). Near miss:
财政拨款收入 over 一般公共预算 | 政府性基金预算 is their group, read as before.
Every expectation is transcribed from the tables written here."""

from __future__ import annotations

import pytest
from covered_tables import writers

from budgetlens.checks import check
from budgetlens.pipeline import parse

COVER = "湖南省某某厅2025年部门预算"
TITLE = "部门收入总体情况表"
HEAD = [["科目编码", "科目名称", "总计", "财政拨款收入", "单位资金", "上年结转"]]
# (201 = 2010301 + 2010302 column by column; 总计 = 财政拨款收入 + 单位资金 + 上年结转)
ROWS = [["201", "一般公共服务支出", "185.50", "140.25", "15.25", "30.00"],
        ["2010301", "行政运行", "120.50", "100.25", "5.25", "15.00"],
        ["2010302", "一般行政管理事务", "65.00", "40.00", "10.00", "15.00"],
        ["", "合计", "185.50", "140.25", "15.25", "30.00"]]
GROUP_HEAD = [["科目编码", "科目名称", "总计", "财政拨款收入", "", "单位资金", "上年结转"],
              ["", "", "", "一般公共预算", "政府性基金预算", "", ""]]
GROUP_ROWS = [["201", "一般公共服务支出", "185.50", "120.25", "20.00", "15.25", "30.00"],
              ["2010301", "行政运行", "120.50", "80.25", "20.00", "5.25", "15.00"],
              ["2010302", "一般行政管理事务", "65.00", "40.00", "", "10.00", "15.00"],
              ["", "合计", "185.50", "120.25", "20.00", "15.25", "30.00"]]


WRITERS = writers(COVER, TITLE)


def read(tmp_path, form: str, rows: list[list[str]]):
    return parse(WRITERS[form](tmp_path / f"a.{form}", rows))


def placed(doc) -> list[list[tuple[str, str | None]]]:
    """Each row's amounts with the column each is read into."""
    return [[(c.text, c.column) for c in r.cells if c.amount is not None] for r in doc.tables[0].rows]


def column_sums(doc) -> list:
    return [f for f in check(doc).findings if f.rule == "ARITH-COLUMN-SUM" and f.severity != "info"]


@pytest.mark.parametrize("form", WRITERS)
def test_each_amount_is_read_under_its_header(tmp_path, form):
    doc = read(tmp_path, form, HEAD + ROWS)
    assert doc.meta.template == "cn-dept-budget-2018"
    assert placed(doc) == [[(a, "total"), (b, "fiscal"), (c, "unit_funds"), (d, "carryover")]
                           for _, _, a, b, c, d in ROWS]
    assert not [i for i in doc.issues if i.code in ("columns-by-order", "column-unmapped")]


@pytest.mark.parametrize("form", WRITERS)
def test_the_appropriations_column_is_their_whole(tmp_path, form):
    doc = read(tmp_path, form, HEAD + ROWS)
    fiscal = [f for f in doc.facts if f.provenance.column == "fiscal"]
    assert [str(f.amount) for f in fiscal] == ["140.25", "100.25", "40.00", "140.25"]
    assert {f.coords.source for f in fiscal} == {"fiscal"}


@pytest.mark.parametrize("form", WRITERS)
def test_a_table_that_adds_up_is_silent(tmp_path, form):
    assert column_sums(read(tmp_path, form, HEAD + ROWS)) == []


@pytest.mark.parametrize("form", WRITERS)
def test_a_misprinted_total_is_caught(tmp_path, form):
    rows = [[*r[:2], "75.00", *r[3:]] if r[0] == "2010302" else r for r in ROWS]
    found = column_sums(read(tmp_path, form, HEAD + rows))
    assert [(f.location.row, f.location.column, f.expected, f.found) for f in found] == [
        ("2010302 一般行政管理事务", "合计", "65.00", "75.00")]


@pytest.mark.parametrize("form", WRITERS)
def test_the_group_over_budget_types_is_read_as_before(tmp_path, form):
    doc = read(tmp_path, form, GROUP_HEAD + GROUP_ROWS)
    assert placed(doc) == [
        [("185.50", "total"), ("120.25", "gpb"), ("20.00", "gov_fund"), ("15.25", "unit_funds"), ("30.00", "carryover")],
        [("120.50", "total"), ("80.25", "gpb"), ("20.00", "gov_fund"), ("5.25", "unit_funds"), ("15.00", "carryover")],
        [("65.00", "total"), ("40.00", "gpb"), ("10.00", "unit_funds"), ("15.00", "carryover")],
        [("185.50", "total"), ("120.25", "gpb"), ("20.00", "gov_fund"), ("15.25", "unit_funds"), ("30.00", "carryover")]]
    assert "fiscal" not in {c.key for c in doc.tables[0].columns}
    assert column_sums(doc) == []


SHANGHAI = ["上海市普陀区某某街道办事处2024年部门预算", "", "表 2", "", "2024年部门收入预算总表", "",
            "编制部门：上海市普陀区某某街道办事处", "", "单位：元", "",
            "功能分类科目编码 功能分类科目名称 合计 财政拨款收入 事业收入 其他收入",
            "201 一般公共服务支出 300.00 200.00 60.00 40.00",
            "2010301 行政运行 300.00 200.00 60.00 40.00",
            "合计 300.00 200.00 60.00 40.00"]


@pytest.mark.parametrize("cover, template", [
    ("上海市普陀区某某街道办事处2024年部门预算", "sh-district-dept-budget-2024"),
    # (a cover naming no region: the national template, which now reads the header whole too)
    ("某某街道办事处2024年部门预算", "cn-dept-budget-2018")])
def test_a_lone_table_keeps_the_template_of_the_region_named(tmp_path, cover, template):
    path = tmp_path / "a.txt"
    lines = [cover, *SHANGHAI[1:]] if "上海" in cover else [cover, *(ln.replace("上海市普陀区", "") for ln in SHANGHAI[1:])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = parse(str(path))
    assert doc.meta.template == template
    assert placed(doc)[0] == [("300.00", "total"), ("200.00", "fiscal"), ("60.00", "business_income"),
                              ("40.00", "other_income")]


@pytest.mark.parametrize("form", WRITERS)
def test_a_misprint_under_the_group_is_caught(tmp_path, form):
    """(review of session 47) 财政拨款收入 over its budget types, the optional whole not read:
    its words are their group, not a column left unread, and 合计's sum is checked."""
    rows = [[*r[:2], "75.00", *r[3:]] if r[0] == "2010302" else r for r in GROUP_ROWS]
    found = column_sums(read(tmp_path, form, GROUP_HEAD + rows))
    assert [(f.location.row, f.location.column, f.found) for f in found] == [("2010302 一般行政管理事务", "合计", "75.00")]
