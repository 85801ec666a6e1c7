"""Plain text (empty cells vanish, no geometry): a row's amounts are printed in the order of the
header's columns, not the template's. The national 收入总表 has the carry-over before 一般公共预算
and the 支出总表 基本支出 before 项目支出; a table printing them in another order (财政拨款结转
last, 项目支出 before 基本支出) had its short rows placed in the template's order: candidates
the header rules out, none it allows, and false ARITH-HIERARCHY errors. Where a header line was
read, its order places the amounts (tables.keys_as_printed); the template's order stands where
none was. Every expectation is transcribed from the tables written here."""

from __future__ import annotations

import pytest

from budgetlens.checks import check
from budgetlens.extract.tables import keys_as_printed
from budgetlens.pipeline import parse


def read(tmp_path, title: str, lines: list[str]):
    head = ["湖南省某某厅2025年部门预算", "", "表 2", "", title, "", "编制部门：湖南省某某厅", "", "单位：万元", ""]
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([*head, *lines, ""]), encoding="utf-8")
    return parse(path)


def cells(doc, kind: str) -> dict[str, list[tuple[str | None, list[str], str]]]:
    return {r.code or r.name: [(c.column, c.candidates, str(c.amount)) for c in r.cells] for r in doc.table(kind).rows}


def errors(doc) -> list[str]:
    return [f"{f.rule} {f.message}" for f in check(doc).findings if f.severity == "error" and f.rule != "C-TABLES"]


def ambiguous(doc) -> list[str]:
    return [i.message for i in doc.issues if i.code == "ambiguous-column"]


# ---- the order ------------------------------------------------------------------------------

def test_printed_columns_take_their_places_in_the_headers_order():
    keys = ["total", "carry", "gpb", "gov", "special"]
    assert keys_as_printed(keys, ["total", "gpb", "gov", "carry"]) == ["total", "gpb", "gov", "carry", "special"]


def test_without_a_header_the_templates_order_stands():
    keys = ["total", "carry", "gpb"]
    assert keys_as_printed(keys, None) == keys
    assert keys_as_printed(keys, []) == keys


def test_a_header_in_the_templates_order_changes_nothing():
    keys = ["total", "carry", "gpb", "gov"]
    assert keys_as_printed(keys, ["total", "gpb", "gov"]) == keys


# ---- 收入总表: 财政拨款结转 printed last ----------------------------------------------------------

INCOME = "部门收入总体情况表"


def income_rows(header: list[str], order: list[int]) -> list[str]:
    """The one table, its columns printed in `order` (indices into 总计 | 一般公共预算 |
    政府性基金预算 | 财政拨款结转); a row's empty cells vanish."""
    rows = [("合计", ["200.00", "150.00", "20.00", "30.00"]),
            ("201 一般公共服务支出", ["200.00", "150.00", "20.00", "30.00"]),
            ("201 03 政府办公厅（室）及相关机构事务", ["130.00", "100.00", "", "30.00"]),
            ("201 03 01 行政运行", ["130.00", "100.00", "", "30.00"]),
            ("201 05 统计信息事务", ["50.00", "50.00", "", ""]),
            ("201 05 04 信息事务", ["50.00", "50.00", "", ""]),
            ("201 06 财政事务", ["20.00", "", "20.00", ""]),
            ("201 06 01 行政运行", ["20.00", "", "20.00", ""])]
    words = ["功能分类科目编码", "功能分类科目名称", *(header[j] for j in order)]
    return [" ".join(words), *(" ".join([label, *(a for j in order if (a := amounts[j]))]) for label, amounts in rows)]


HEADS = ["总计", "一般公共预算拨款收入", "政府性基金预算拨款收入", "财政拨款结转"]
INCOME_READ = {
    "20103": [("total", [], "130.00"), ("gpb", [], "100.00"), ("fiscal_carried_over", [], "30.00")],
    "20105": [("total", [], "50.00"), ("gpb", [], "50.00")],
    "20106": [("total", [], "20.00"), ("gov_fund", [], "20.00")],
}


def test_income_table_printing_the_carryover_last_reads_right(tmp_path):
    """Before: 20103's 100.00 | 30.00 left open between 财政拨款结转 and 一般公共预算 and between
    一般公共预算 and 政府性基金预算 (the template's order, where 100.00 may be the carry-over), the
    short rows' amounts all open, and the hierarchy check reading 201's columns wrong."""
    doc = read(tmp_path, INCOME, income_rows(HEADS, [0, 1, 2, 3]))
    assert doc.meta.template == "cn-dept-budget-2018"
    got = cells(doc, "income")
    for code, want in INCOME_READ.items():
        assert got[code] == want
        assert got[code + "01" if code != "20105" else "2010504"] == want
    assert not ambiguous(doc)
    assert errors(doc) == []


def test_income_table_printed_in_the_templates_order_reads_as_before(tmp_path):
    """Near miss: 总计 | 财政拨款结转 | 一般公共预算 | 政府性基金预算, the template's order."""
    doc = read(tmp_path, INCOME, income_rows(HEADS, [0, 3, 1, 2]))
    got = cells(doc, "income")
    assert got["20103"] == [("total", [], "130.00"), ("fiscal_carried_over", [], "30.00"), ("gpb", [], "100.00")]
    assert got["20105"] == INCOME_READ["20105"]
    assert got["20106"] == INCOME_READ["20106"]
    assert not ambiguous(doc)
    assert errors(doc) == []


def test_a_true_tie_keeps_its_candidates_in_the_printed_order(tmp_path):
    """A row (and its one child) printing 总计 and one more amount, under 总计 | 一般公共预算 |
    财政拨款结转, with nothing to tell which: both columns stay its candidates, and said."""
    doc = read(tmp_path, INCOME, [
        "功能分类科目编码 功能分类科目名称 总计 一般公共预算拨款收入 财政拨款结转",
        "合计 100.00 100.00",
        "201 一般公共服务支出 100.00 100.00",
        "201 03 政府办公厅（室）及相关机构事务 100.00 100.00"])
    got = cells(doc, "income")
    assert got["201"] == [("total", [], "100.00"), (None, ["gpb", "fiscal_carried_over"], "100.00")]
    assert ambiguous(doc)


# ---- 支出总表: 项目支出 printed before 基本支出 -----------------------------------------------------

def test_expenditure_table_printing_projects_first_reads_right(tmp_path):
    """合计 | 项目支出 | 基本支出 | 事业单位经营支出. Before: read in the template's order (基本支出
    first), 20103's 160.00 could not be 基本支出 and no reading added up: every short row's
    amounts left open."""
    doc = read(tmp_path, "部门支出总体情况表", [
        "功能分类科目编码 功能分类科目名称 合计 项目支出 基本支出 事业单位经营支出",
        "合计 300.00 120.00 160.00 20.00",
        "201 一般公共服务支出 300.00 120.00 160.00 20.00",
        "201 03 政府办公厅（室）及相关机构事务 180.00 20.00 160.00",
        "201 05 统计信息事务 120.00 100.00 20.00"])
    got = cells(doc, "expenditure")
    assert got["20103"] == [("total", [], "180.00"), ("project", [], "20.00"), ("basic", [], "160.00")]
    assert got["20105"] == [("total", [], "120.00"), ("project", [], "100.00"), ("operating", [], "20.00")]
    assert not ambiguous(doc)
    assert errors(doc) == []


def test_dashes_place_amounts_under_the_headers_columns(tmp_path):
    """A row printing a dash in each empty cell, as many cells as the template's columns, under
    合计 | 项目支出 | 基本支出 | 上缴上级支出 | 事业单位经营支出 | 对附属单位补助支出. Before: each amount
    was placed by the template's order (基本支出 before 项目支出), 项目支出's 120.00 read as
    基本支出's without a word, the whole table swapped alike so no sum told."""
    doc = read(tmp_path, "部门支出总体情况表", [
        "功能分类科目编码 功能分类科目名称 合计 项目支出 基本支出 上缴上级支出 事业单位经营支出 对附属单位补助支出",
        "合计 300.00 120.00 180.00 - - -",
        "201 一般公共服务支出 300.00 120.00 180.00 - - -",
        "201 03 政府办公厅（室）及相关机构事务 200.00 20.00 180.00 - - -",
        "201 05 统计信息事务 100.00 100.00 - - - -"])
    got = cells(doc, "expenditure")
    assert got["201"] == [("total", [], "300.00"), ("project", [], "120.00"), ("basic", [], "180.00")]
    assert got["20103"] == [("total", [], "200.00"), ("project", [], "20.00"), ("basic", [], "180.00")]
    assert got["20105"] == [("total", [], "100.00"), ("project", [], "100.00")]
    assert errors(doc) == []


def test_dashes_under_the_templates_order_read_as_before(tmp_path):
    """Near miss: the same table printed 合计 | 基本支出 | 项目支出 | …, the template's order."""
    doc = read(tmp_path, "部门支出总体情况表", [
        "功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出 上缴上级支出 事业单位经营支出 对附属单位补助支出",
        "合计 300.00 180.00 120.00 - - -",
        "201 一般公共服务支出 300.00 180.00 120.00 - - -",
        "201 05 统计信息事务 300.00 180.00 120.00 - - -"])
    got = cells(doc, "expenditure")
    assert got["20105"] == [("total", [], "300.00"), ("basic", [], "180.00"), ("project", [], "120.00")]


# ---- 财政拨款收支总表: the expenditure side's budget types in another order ----------------------

def test_fiscal_summary_side_candidates_follow_the_printed_order(tmp_path):
    """支出 合计 | 政府性基金预算 | 一般公共预算 | 国有资本经营预算; 一般公共服务支出 prints 120.00 |
    20.00 | 100.00. Its 20.00 may be 政府性基金预算 or 一般公共预算, its 100.00 一般公共预算 or 国有
    资本经营预算 (before, by the template's order: 一般公共预算 | 政府性基金预算 and 政府性基金预算 |
    国有资本经营预算 — the true 一般公共预算 of 100.00 not among them). The class rows' sums are
    not asked here: the tie stays open, said."""
    doc = read(tmp_path, "财政拨款收支总体情况表", [
        "收入 支出",
        "项目 预算数 项目 合计 政府性基金预算 一般公共预算 国有资本经营预算",
        "一、本年收入 170.00 一、本年支出 170.00 20.00 140.00 10.00",
        "一般公共预算 140.00 一般公共服务支出 120.00 20.00 100.00",
        "政府性基金预算 20.00 教育支出 40.00 40.00",
        "国有资本经营预算 10.00 科学技术支出 10.00 10.00",
        "二、上年结转 0.00 二、结转下年",
        "收入总计 170.00 支出总计 170.00 20.00 140.00 10.00"])
    table = doc.table("fiscal_summary")
    row = next(r for r in table.rows if r.name == "一般公共服务支出")
    assert [(c.column, c.candidates, str(c.amount)) for c in row.cells] == [
        ("expenditure:total", [], "120.00"),
        (None, ["expenditure:gov_fund", "expenditure:gpb"], "20.00"),
        (None, ["expenditure:gpb", "expenditure:state_capital"], "100.00")]
    total = next(r for r in table.rows if r.name == "支出总计")
    assert [(c.column, str(c.amount)) for c in total.cells] == [
        ("expenditure:total", "170.00"), ("expenditure:gov_fund", "20.00"), ("expenditure:gpb", "140.00"),
        ("expenditure:state_capital", "10.00")]


# ---- the checks read an undecided row in the printed order ----------------------------------

def side_class_findings(doc) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in check(doc).findings if f.rule == "ARITH-SIDE-CLASSES"]


FISCAL_GOV_FIRST = [
    "收入 支出",
    "项目 预算数 项目 合计 政府性基金预算 一般公共预算 国有资本经营预算",
    "一、本年收入 250.00 一、本年支出 250.00 70.00 150.00 30.00",
    "一般公共预算 150.00 一般公共服务支出 160.00 70.00 90.00",
    "政府性基金预算 70.00 教育支出 60.00 60.00",
    "国有资本经营预算 30.00 科学技术支出 30.00 30.00",
    "二、上年结转 0.00 二、结转下年",
    "收入总计 250.00 支出总计 250.00 70.00 150.00 30.00"]


def test_fiscal_summary_columns_are_recorded_in_the_printed_order(tmp_path):
    doc = read(tmp_path, "财政拨款收支总体情况表", FISCAL_GOV_FIRST)
    assert [c.key for c in doc.table("fiscal_summary").columns] == [
        "income:amount", "expenditure:total", "expenditure:gov_fund", "expenditure:gpb", "expenditure:state_capital"]


def test_reordered_fiscal_summary_that_adds_up_has_no_false_error(tmp_path):
    """The class rows' amounts stay open (教育支出's 60.00 may be any budget type), and some
    reading adds up: the checks say so as info (列归属未定), no error. Before: the checks tried
    only readings rising in the template's order (一般公共预算 before 政府性基金预算), never the true
    one, and reported 国有资本经营预算's 30.00 as an error."""
    doc = read(tmp_path, "财政拨款收支总体情况表", FISCAL_GOV_FIRST)
    assert errors(doc) == []
    found = side_class_findings(doc)
    assert found and all(sev == "info" and "列归属未定" in msg for sev, msg in found)


def test_reordered_fiscal_summary_misprint_is_still_an_error(tmp_path):
    """Near miss: 一般公共服务支出 misprinted 165.00 | 70.00 | 95.00 (the other rows and the totals
    as before): no reading of the open cells makes 本年支出 250.00 the classes' sum."""
    lines = list(FISCAL_GOV_FIRST)
    lines[3] = "一般公共预算 150.00 一般公共服务支出 165.00 70.00 95.00"
    doc = read(tmp_path, "财政拨款收支总体情况表", lines)
    assert any(f.startswith("ARITH-") for f in errors(doc))


def test_summary_printing_projects_first_that_adds_up_has_no_false_error(tmp_path):
    """收支总表 (Shanghai) 支出 合计 | 项目支出 | 人员经费 | 公用经费. Before: two false
    ARITH-SIDE-CLASSES errors (项目支出, 公用经费)."""
    path = tmp_path / "budget.txt"
    path.write_text("\n".join([
        "上海市某某区某某街道办事处2024年部门预算", "", "表 1", "", "2024年部门财务收支预算总表", "",
        "编制部门：上海市某某区某某街道办事处", "", "单位：万元", "",
        "收入 支出",
        "项目 预算数 项目 合计 项目支出 人员经费 公用经费",
        "一、财政拨款收入 240.00 一、一般公共服务支出 140.00 40.00 80.00 20.00",
        "1. 一般公共预算 240.00 二、教育支出 70.00 35.00 35.00",
        "二、事业收入 三、卫生健康支出 30.00 30.00",
        "收入总计 240.00 支出总计 240.00 75.00 145.00 20.00", ""]), encoding="utf-8")
    doc = parse(path)
    assert [c.key for c in doc.table("summary").columns][1:] == [
        "expenditure:amount", "expenditure:project", "expenditure:personnel", "expenditure:public"]
    assert errors(doc) == []


# ---- a heading line above the columns' words ------------------------------------------------

def gpb_lines(order: list[str], dash: bool) -> list[str]:
    """一般公共预算支出表 under 项目 一般公共预算支出, its columns' words in `order` (a word each of
    合计 基本支出 项目支出), an empty cell a dash or nothing."""
    rows = [("合计", {"合计": "400.00", "基本支出": "250.00", "项目支出": "150.00"}),
            ("201 一般公共服务支出", {"合计": "400.00", "基本支出": "250.00", "项目支出": "150.00"}),
            ("201 03 政府办公厅（室）及相关机构事务", {"合计": "290.00", "基本支出": "250.00", "项目支出": "40.00"}),
            ("201 03 01 行政运行", {"合计": "250.00", "基本支出": "250.00"}),
            ("201 03 02 一般行政管理事务", {"合计": "40.00", "项目支出": "40.00"}),
            ("201 06 财政事务", {"合计": "110.00", "项目支出": "110.00"}),
            ("201 06 02 一般行政管理事务", {"合计": "110.00", "项目支出": "110.00"})]
    out = ["项目 一般公共预算支出", "功能分类科目编码 功能分类科目名称 " + " ".join(order)]
    for label, amounts in rows:
        cells = [amounts.get(w, "-" if dash else "") for w in order]
        out.append(" ".join([label, *(c for c in cells if c)]))
    return out


GPB_READ = {
    "2010301": [("total", [], "250.00"), ("basic", [], "250.00")],
    "2010302": [("total", [], "40.00"), ("project", [], "40.00")],
    "20106": [("total", [], "110.00"), ("project", [], "110.00")],
}


def test_heading_line_above_the_columns_words_leaves_their_order_read(tmp_path):
    """Before: 项目 一般公共预算支出 above 合计 | 项目支出 | 基本支出 made two lines naming columns,
    no header order read, and every row read in the template's order: 基本支出 and 项目支出
    swapped throughout, the table adding up all the same (silent)."""
    for dash in (False, True):
        doc = read(tmp_path, "一般公共预算支出情况表", gpb_lines(["合计", "项目支出", "基本支出"], dash))
        got = {code: sorted(cells, key=lambda c: c[0]) for code, cells in cells(doc, "gpb_expenditure").items()}
        assert got["201"] == [("basic", [], "250.00"), ("project", [], "150.00"), ("total", [], "400.00")]
        for code, want in GPB_READ.items():
            assert got[code] == sorted(want, key=lambda c: c[0]), (dash, code)
        assert errors(doc) == []


def test_heading_line_above_the_templates_order_reads_as_before(tmp_path):
    """Near miss: the same heading over 合计 | 基本支出 | 项目支出, the template's order."""
    doc = read(tmp_path, "一般公共预算支出情况表", gpb_lines(["合计", "基本支出", "项目支出"], True))
    got = cells(doc, "gpb_expenditure")
    assert got["201"] == [("total", [], "400.00"), ("basic", [], "250.00"), ("project", [], "150.00")]
    assert got["2010302"] == GPB_READ["2010302"]


def test_two_lines_naming_columns_still_give_no_order():
    """Near miss: a line naming columns (合计 over the budget types) above another is no heading:
    no one line's order is read; nor is a line of two words the template does not know."""
    from budgetlens.extract.rows import column_words_line
    from budgetlens.templates import load_templates

    spec = next(t for t in load_templates() if t.id == "xj-dept-budget-2025").table("gpb_expenditure")
    words = ["功能分类科目编码", "功能分类科目名称", "合计", "项目支出", "基本支出"]
    assert column_words_line([(1, ["项目", "一般公共预算支出"]), (2, words)], spec) == 1
    assert column_words_line([(1, ["项目", "合计", "一般公共预算支出"]), (2, words)], spec) is None
    assert column_words_line([(1, ["项目", "甲类资金", "乙类资金"]), (2, words)], spec) is None
    # (words of columns wrapped over three lines, 基本 | 项目 over 合计 over 支出 | 支出: no heading)
    wrapped = [(1, ["基本", "项目"]), (2, ["科目编码", "科目名称", "合计"]), (3, ["支出", "支出"])]
    assert column_words_line(wrapped, spec) is None


# ---- a PDF page without rules: dashes under a reordered header -------------------------------

def expenditure_pdf(path, order: list[str], style: str):
    """部门支出总体情况表 printed without rules (or with three lines), its columns' words in
    `order` (合计 基本支出 项目支出), an empty cell a dash."""
    pytest.importorskip("weasyprint")
    from test_carry_threeline_s46 import table_pdf

    rows = [("合计", "", {"合计": "500.00", "基本支出": "260.00", "项目支出": "240.00"}),
            ("201", "一般公共服务支出", {"合计": "500.00", "基本支出": "260.00", "项目支出": "240.00"}),
            ("20103", "政府办公厅（室）及相关机构事务", {"合计": "300.00", "基本支出": "260.00", "项目支出": "40.00"}),
            ("2010301", "行政运行", {"合计": "260.00", "基本支出": "260.00"}),
            ("2010302", "一般行政管理事务", {"合计": "40.00", "项目支出": "40.00"}),
            ("20106", "财政事务", {"合计": "200.00", "项目支出": "200.00"}),
            ("2010602", "一般行政管理事务", {"合计": "200.00", "项目支出": "200.00"})]
    header = [[("科目编码", 1, 1), ("科目名称", 1, 1), *((w, 1, 1) for w in order)]]
    body = [[code, name, *(amounts.get(w, "-") for w in order)] for code, name, amounts in rows]
    return table_pdf(path, "部门支出总体情况表", header, body, "表3", 2, style=style,
                     cover="新疆维吾尔自治区某某厅2025年部门预算")


@pytest.mark.parametrize("style", ["none", "lines"])
def test_unruled_pdf_dashes_take_the_headers_columns(tmp_path, style):
    """Before: on a page without rules a dash row's amounts were placed by the template's
    order (基本支出 before 项目支出) and kept there: 行政运行's 260.00 read as 项目支出, silently."""
    doc = parse(expenditure_pdf(tmp_path / "t.pdf", ["合计", "项目支出", "基本支出"], style))
    got = {code: sorted(c, key=lambda x: x[0]) for code, c in cells(doc, "expenditure").items()}
    assert got["2010301"] == [("basic", [], "260.00"), ("total", [], "260.00")]
    assert got["2010302"] == [("project", [], "40.00"), ("total", [], "40.00")]
    assert got["20106"] == [("project", [], "200.00"), ("total", [], "200.00")]
    assert errors(doc) == []


def test_unruled_pdf_dashes_in_the_templates_order_read_as_before(tmp_path):
    doc = parse(expenditure_pdf(tmp_path / "t.pdf", ["合计", "基本支出", "项目支出"], "none"))
    got = cells(doc, "expenditure")
    assert got["2010301"] == [("total", [], "260.00"), ("basic", [], "260.00")]
    assert got["20106"] == [("total", [], "200.00"), ("project", [], "200.00")]


# ---- text one cell a line (pdftotext without -layout) ----------------------------------------

def one_cell_text(tmp_path, head: list[str], rows) -> object:
    """部门支出总体情况表 written a cell a line: `head` the header's cells as written, then each
    row's code, name and cells (a dash for an empty one)."""
    cells = ["湖南省某某厅2025年部门预算", "表3", "部门支出总体情况表", "编制单位：某某厅 单位：万元", *head]
    for code, name, amounts in rows:
        cells += [*([code] if code else []), name, *amounts]
    path = tmp_path / "cells.txt"
    path.write_text("\n\n".join(cells) + "\n", encoding="utf-8")
    return parse(path)


# 合计 | 项目支出 | 基本支出 (the template: 基本支出 first)
CELL_ROWS = [("", "合计", ["700.00", "300.00", "400.00"]),
             ("201", "一般公共服务支出", ["700.00", "300.00", "400.00"]),
             ("20103", "政府办公厅（室）及相关机构事务", ["450.00", "50.00", "400.00"]),
             ("2010301", "行政运行", ["400.00", "-", "400.00"]),
             ("2010302", "一般行政管理事务", ["50.00", "50.00", "-"]),
             ("20106", "财政事务", ["250.00", "250.00", "-"]),
             ("2010602", "一般行政管理事务", ["250.00", "250.00", "-"])]


def test_one_cell_a_line_header_order_places_the_amounts(tmp_path):
    """Before: the header's words were not read in text a cell a line: every row in the
    template's order (项目支出's 300.00 as 基本支出), and the rebuild said confirmed (已印证)."""
    doc = one_cell_text(tmp_path, ["科目编码", "科目名称", "合计", "项目支出", "基本支出"], CELL_ROWS)
    got = {code: sorted(c, key=lambda x: x[0]) for code, c in cells(doc, "expenditure").items()}
    assert got["201"] == [("basic", [], "400.00"), ("project", [], "300.00"), ("total", [], "700.00")]
    assert got["2010301"] == [("basic", [], "400.00"), ("total", [], "400.00")]
    assert got["20106"] == [("project", [], "250.00"), ("total", [], "250.00")]
    assert errors(doc) == []


def test_one_cell_a_line_header_in_the_templates_order_reads_as_before(tmp_path):
    swapped = [(c, n, [a[0], a[2], a[1]]) for c, n, a in CELL_ROWS]
    doc = one_cell_text(tmp_path, ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], swapped)
    got = cells(doc, "expenditure")
    assert got["2010301"] == [("total", [], "400.00"), ("basic", [], "400.00")]
    assert got["20106"] == [("total", [], "250.00"), ("project", [], "250.00")]
    assert "layout-rebuilt" in {i.code for i in doc.issues}


def test_one_cell_a_line_header_word_read_as_a_row_is_said_not_confirmed(tmp_path):
    """pdftotext writes the first row's label among the header's words (合计 | 合计 | 项目支出 |
    基本支出): the last word is read as that row's name, the header's order is not known and the
    amounts fall in the template's order. Before: said '已按本表的勾稽关系印证' (and a false
    C-TOTAL-ROW error). Now the rebuild is not confirmed, and said."""
    doc = one_cell_text(tmp_path, ["科目编码", "科目名称", "合计", "合计", "项目支出", "基本支出", *CELL_ROWS[0][2]],
                        CELL_ROWS[1:])
    codes = {i.code for i in doc.issues}
    assert "layout-rebuilt" not in codes and "layout-lost" in codes
    lost = [i.message for i in doc.issues if i.code == "layout-lost-table"]
    assert lost and "“基本支出”是表头的列名" in lost[0]
    assert not [f for f in check(doc).findings if f.severity == "error" and f.rule != "C-TABLES"
                and "逐格输出" in f.message and "已印证" in f.message]
