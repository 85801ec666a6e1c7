"""A column sum over the columns a table prints: a part the table prints no column for holds
nothing, as an item sum counts the items printed. A 收入总表 printing 总计 | 财政拨款（补助）
(小计 | 一般公共预算 | 政府性基金预算) | 单位资金 without 财政专户, the transfers, 国有资本经营 and the
carry-over's columns still has 总计 = 小计 + 单位资金 and 小计 = 一般公共预算 + 政府性基金预算:
before, the sums were skipped as not printed, and a misprinted 总计 or 小计 raised no
ARITH-COLUMN-SUM in any form. Not where the header prints a part's own words whose amounts are
left out (基本支出 over parts the template lacks: tests/test_split_unread_s44.py).
Every expectation is transcribed from the tables written here."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_group_parts_near_misses_s43 import budget_layout
from test_tables_probe37 import WRITERS

from budgetlens.checks import check
from budgetlens.pipeline import parse

TITLE = "部门收入总体情况表"

HEAD = [["科目编码", "科目名称", "总计", "财政拨款（补助）", "", "", "单位资金"],
        ["", "", "", "小计", "一般公共预算", "政府性基金预算", ""]]


def rows(total: str = "150.00", fiscal: str = "120.00") -> list[list[str]]:
    """201's 总计 and 小计 as given (right: 150.00 = 120.00 + 30.00, 120.00 = 100.00 + 20.00)."""
    return [["201", "一般公共服务支出", total, fiscal, "100.00", "20.00", "30.00"],
            ["2010301", "行政运行", "150.00", "120.00", "100.00", "20.00", "30.00"],
            ["", "合计", "150.00", "120.00", "100.00", "20.00", "30.00"]]


LAYOUT = ["  科目编码      科目名称              总计      财政拨款（补助）                        单位资金",
          "                                                小计        一般公共预算    政府性基金预算",
          "  201         一般公共服务支出      {}      {}      100.00          20.00          30.00",
          "  2010301     行政运行              150.00      120.00      100.00          20.00          30.00",
          "              合计                  150.00      120.00      100.00          20.00          30.00"]


def read(tmp_path, form: str, total: str = "150.00", fiscal: str = "120.00"):
    if form == "layout":
        return budget_layout(tmp_path, "表2", TITLE, [ln.format(total, fiscal) if "{}" in ln else ln for ln in LAYOUT])
    return parse(WRITERS[form](tmp_path / f"a.{form}", TITLE, HEAD + rows(total, fiscal)))


def column_sums(doc) -> list[str]:
    return [f.message for f in check(doc).findings if f.rule == "ARITH-COLUMN-SUM" and f.severity == "error"]


FORMS = ["layout", "html", "docx", "xlsx"]


@pytest.mark.parametrize("form", FORMS)
def test_the_columns_are_read_as_printed(tmp_path, form):
    doc = read(tmp_path, form)
    assert [c.key for c in doc.table("income").columns] == ["total", "fiscal", "gpb", "gov_fund", "unit_funds"]


@pytest.mark.parametrize("form", FORMS)
def test_a_table_that_adds_up_over_its_printed_columns_passes(tmp_path, form):
    assert column_sums(read(tmp_path, form)) == []


@pytest.mark.parametrize("form", FORMS)
def test_a_misprinted_total_is_caught_over_the_printed_parts(tmp_path, form):
    found = column_sums(read(tmp_path, form, total="155.00"))
    assert len(found) == 1
    assert "201 一般公共服务支出 总计" in found[0] and "合计 155.00 不等于" in found[0]
    assert "财政拨款（补助）小计+单位资金 之和 150.00，相差 5.00" in found[0]
    # the columns it reads as none are named
    assert "表中未印财政专户（教育收费）、财政拨款结转、非财政拨款结转结余列" in found[0]


@pytest.mark.parametrize("form", FORMS)
def test_a_misprinted_subtotal_is_caught_and_the_total_traced_to_it(tmp_path, form):
    doc = read(tmp_path, form, fiscal="125.00")
    found = column_sums(doc)
    assert len(found) == 1
    assert "201 一般公共服务支出 财政拨款（补助）小计：合计 125.00 不等于 一般公共预算+政府性基金预算 之和 120.00" in found[0]
    # 总计 150.00 = 120.00 + 30.00 is right: its finding is a note pointing at the 小计
    traced = [f.message for f in check(doc).findings if f.rule == "ARITH-COLUMN-SUM" and f.severity != "error"]
    assert len(traced) == 1 and "差额出在“财政拨款（补助）小计”本身" in traced[0]


def test_a_subtotal_not_printed_stands_for_its_printed_parts(tmp_path):
    """Without the 小计 column, 总计 = 一般公共预算 + 政府性基金预算 + 单位资金 (not 总计 = 单位资金)."""
    head = [["科目编码", "科目名称", "总计", "一般公共预算", "政府性基金预算", "单位资金"]]
    body = [["201", "一般公共服务支出", "150.00", "100.00", "20.00", "30.00"],
            ["2010301", "行政运行", "150.00", "100.00", "20.00", "30.00"],
            ["", "合计", "150.00", "100.00", "20.00", "30.00"]]
    doc = parse(WRITERS["html"](tmp_path / "a.html", TITLE, head + body))
    assert [c.key for c in doc.table("income").columns] == ["total", "gpb", "gov_fund", "unit_funds"]
    assert column_sums(doc) == []
    body[0][2] = "160.00"
    found = column_sums(parse(WRITERS["html"](tmp_path / "b.html", TITLE, head + body)))
    assert len(found) == 1 and "一般公共预算+政府性基金预算+单位资金 之和 150.00，相差 10.00" in found[0]


def test_a_table_printing_every_column_is_checked_as_before(tmp_path):
    """All columns printed: the whole sum, no note of columns not printed."""
    head = [["科目编码", "科目名称", "总计", "财政拨款（补助）", "", "", "", "", "", "", "财政专户（教育收费）",
             "单位资金", "财政拨款结转", "非财政拨款结转结余"],
            ["", "", "", "小计", "一般公共预算", "上级一般公共预算安排的转移支付", "政府性基金预算",
             "上级政府性基金安排的转移支付", "国有资本经营预算", "上级国有资本经营预算安排的转移支付", "", "", "", ""]]
    body = [["201", "一般公共服务支出", "160.00", "120.00", "100.00", "", "20.00", "", "", "", "", "30.00", "", ""],
            ["2010301", "行政运行", "150.00", "120.00", "100.00", "", "20.00", "", "", "", "", "30.00", "", ""],
            ["", "合计", "150.00", "120.00", "100.00", "", "20.00", "", "", "", "", "30.00", "", ""]]
    found = column_sums(parse(WRITERS["html"](tmp_path / "a.html", TITLE, head + body)))
    assert len(found) == 1 and "合计 160.00 不等于" in found[0] and "之和 150.00，相差 10.00" in found[0]
    assert "未印" not in found[0]


NATIONAL = [["科目编码", "科目名称", "总计", "一般公共预算拨款收入", "政府性基金预算拨款收入", "单位资金", "财政拨款结转"]]


def national(tmp_path, total: str):
    body = [["201", "一般公共服务支出", total, "130.00", "", "10.00", "10.00"],
            ["2010301", "行政运行", "150.00", "130.00", "", "10.00", "10.00"],
            ["", "合计", "150.00", "130.00", "", "10.00", "10.00"]]
    return parse(WRITERS["html"](tmp_path / f"{total}.html", TITLE, NATIONAL + body))


def test_a_printed_subtotal_stands_for_its_parts_not_printed(tmp_path):
    """The national 收入总表's sum lists 事业收入 … 其他收入; a table printing 单位资金 alone
    (their subtotal) has 总计 = 一般公共预算 + 政府性基金 + 单位资金 + 财政拨款结转 (150 = 130 + 10
    + 10), not a sum without 单位资金 (a false 10.00 short, before the subtotal was counted)."""
    doc = national(tmp_path, "150.00")
    assert {c.key for c in doc.table("income").columns} == {"total", "gpb", "gov_fund", "unit_funds",
                                                            "fiscal_carried_over"}
    assert column_sums(doc) == []
    found = column_sums(national(tmp_path, "160.00"))
    assert len(found) == 1 and "合计 160.00 不等于" in found[0] and "之和 150.00，相差 10.00" in found[0]
    assert "单位资金" in found[0].split("不等于")[1].split("之和")[0]
    assert "事业收入" not in found[0]


FUND = "政府性基金预算支出表"
FUND_HEAD = [["科目编码", "科目名称", "本年政府性基金预算支出", "", ""], ["", "", "合计", "基本支出", "项目支出"]]


def fund(tmp_path, total: str):
    """The table in the national template's form (a province's cover: cn-dept-budget-2018)."""
    body = [["212", "城乡社区支出", total, "20.00", "30.00"],
            ["2120801", "征地和拆迁补偿支出", "50.00", "20.00", "30.00"],
            ["", "合计", "50.00", "20.00", "30.00"]]
    path = Path(WRITERS["html"](tmp_path / f"{total}.html", FUND, FUND_HEAD + body))
    path.write_text(path.read_text(encoding="utf-8").replace("某某局2025年部门预算", "湖南省某某厅2025年部门预算"),
                    encoding="utf-8")
    return parse(path)


def test_a_printed_basic_stands_for_its_personnel_and_public_parts(tmp_path):
    """合计 = 人员经费 + 公用经费 + 项目支出 in the template; 基本支出 printed whole is their
    sum: 50 = 20 + 30 adds up (before the fold: a false 合计 ≠ 项目支出 on every row)."""
    doc = fund(tmp_path, "50.00")
    assert doc.meta.template == "cn-dept-budget-2018"
    assert {c.key for c in doc.table("gov_fund_expenditure").columns} == {"total", "basic", "project"}
    assert column_sums(doc) == []
    found = column_sums(fund(tmp_path, "51.00"))
    assert len(found) == 1 and "212 城乡社区支出" in found[0] and "之和 50.00，相差 1.00" in found[0]


def test_a_column_the_header_prints_but_the_table_has_not_read_stops_the_printed_sum(tmp_path):
    """上年结转结余 printed as one column is not read into any column (a reading gap of its own):
    with its words in the header, the sum over the printed columns would say 150 ≠ 120 + 10 (its
    20.00 left out); no sum is made over the printed columns then."""
    head = [["科目编码", "科目名称", "总计", "财政拨款（补助）", "", "", "单位资金", "上年结转结余"],
            ["", "", "", "小计", "一般公共预算", "政府性基金预算", "", ""]]
    body = [["201", "一般公共服务支出", "150.00", "120.00", "100.00", "20.00", "10.00", "20.00"],
            ["2010301", "行政运行", "150.00", "120.00", "100.00", "20.00", "10.00", "20.00"],
            ["", "合计", "150.00", "120.00", "100.00", "20.00", "10.00", "20.00"]]
    doc = parse(WRITERS["html"](tmp_path / "a.html", TITLE, head + body))
    assert column_sums(doc) == []


THREE_PUBLIC = "财政拨款“三公”经费支出情况表"


def test_a_note_names_the_parts_not_printed_under_a_subtotal_not_printed(tmp_path):
    """公务用车购置及运行费 not printed, its 运行费 printed: the sum is 因公出国（境）费 + 公务用车运行费
    + 公务接待费, and the note names 公务用车购置费 (the subtotal's own part not printed)."""
    head = [["合计", "因公出国（境）费", "公务用车运行费", "公务接待费"]]
    doc = parse(WRITERS["html"](tmp_path / "a.html", THREE_PUBLIC, head + [["11.00", "2.00", "5.00", "3.00"]]))
    found = column_sums(doc)
    assert len(found) == 1 and "合计 11.00 不等于" in found[0] and "之和 10.00，相差 1.00" in found[0]
    assert found[0].endswith("（表中未印公务用车购置费列，按无此项计）")
