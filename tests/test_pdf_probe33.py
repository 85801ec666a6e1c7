"""Budget tables laid out as other regions print them, written as ruled PDFs (WeasyPrint) with
figures known here, read back: every amount where the document prints it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")

CSS = """@page { size: A4; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; } td { border: 0.5pt solid #000; padding: 2pt 4pt; }"""


def cell(text) -> str:
    if isinstance(text, tuple):               # (text, colspan)
        return f"<td colspan={text[1]}>{text[0]}</td>"
    return f"<td>{text}</td>"


def table_pdf(path, label: str, title: str, rows: list[list]) -> str:
    import weasyprint

    body = "".join("<tr>" + "".join(map(cell, row)) + "</tr>" for row in rows)
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS}</style></head><body><p>某某区文化和旅游局2025年部门预算</p>"
        f"<p>{label}</p><p>{title}</p><p>编制单位：某某区文化和旅游局　　单位：万元</p>"
        f"<table>{body}</table></body></html>")).write_pdf(str(path))
    return str(path)


# 收支总表: the income side prints fewer items than the expenditure side
SUMMARY_BODY = [
    ["一、一般公共预算拨款收入", "518.00", "一、一般公共服务支出", ""],
    ["二、政府性基金预算拨款收入", "", "二、文化旅游体育与传媒支出", "420.50"],
    ["三、单位资金收入", "", "三、社会保障和就业支出", "45.20"],
    ["", "", "四、卫生健康支出", "22.30"],
    ["", "", "五、住房保障支出", "30.00"],
    ["收入总计", "518.00", "支出总计", "518.00"],
]
SUMMARY_HEADERS = {
    # the side named over the label column only, not merged over the amounts
    "unmerged": [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]],
    # one header row naming each side in its label column
    "one_row": [["收入项目", "预算数", "支出项目", "预算数"]],
    # no side named: the second side starts at the label column after the first amounts
    "unnamed": [["项目", "预算数", "项目", "预算数"]],
}


def amounts(doc) -> list[tuple]:
    return [(f.coords.side, f.coords.source or f.coords.function_code or f.coords.item, f.amount)
            for f in doc.facts]


def by_order(doc) -> list[str]:
    return [i.message for i in doc.issues if i.code == "columns-by-order"]


@pytest.mark.parametrize("form", list(SUMMARY_HEADERS))
def test_summary_sides_are_read_by_place_whatever_the_header_names(tmp_path, form):
    """Read by order, the sides' amounts were right here only by luck, and the table was
    reported as read by column order."""
    pdf = table_pdf(tmp_path / "t.pdf", "表1", "2025年部门收支总表", SUMMARY_HEADERS[form] + SUMMARY_BODY)
    doc = parse(pdf)
    assert by_order(doc) == []
    table = doc.tables[0]
    assert table.kind == "summary"
    assert all(c.decided_by == "position" for r in table.rows for c in r.cells)
    got = amounts(doc)
    assert ("expenditure", "207", Decimal("420.50")) in got
    assert ("expenditure", "221", Decimal("30.00")) in got
    assert sorted((item, a) for s, item, a in got if s == "income") == [
        ("gpb", Decimal("518.00")), ("total", Decimal("518.00"))]
    assert len(got) == 7          # 2 income, 4 classes and the total spent


def test_fiscal_summary_income_amount_under_another_word(tmp_path):
    """财政拨款收支总表 whose income side prints its one amount column as 预算数 (the template
    says 合计): that column is the side's only one."""
    rows = [[("收入", 2), ("支出", 4)],
            ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"],
            ["一、本年收入", "518.00", "文化旅游体育与传媒支出", "420.50", "420.50", ""],
            ["一般公共预算拨款", "518.00", "社会保障和就业支出", "45.20", "45.20", ""],
            ["政府性基金预算拨款", "", "卫生健康支出", "22.30", "22.30", ""],
            ["二、上年结转", "", "住房保障支出", "30.00", "30.00", ""],
            ["收入总计", "518.00", "支出总计", "518.00", "518.00", ""]]
    doc = parse(table_pdf(tmp_path / "t.pdf", "表4", "2025年财政拨款收支总表", rows))
    assert by_order(doc) == []
    assert doc.tables[0].kind == "fiscal_summary"
    income = sorted((f.coords.source, f.amount) for f in doc.facts if f.coords.side == "income")
    assert income == [("fiscal", Decimal("518.00")), ("gpb", Decimal("518.00")), ("total", Decimal("518.00"))]
    spent = {(f.coords.function_code, f.column): f.amount for f in doc.facts if f.coords.side == "expenditure"}
    assert spent[("207", "expenditure:total")] == spent[("207", "expenditure:gpb")] == Decimal("420.50")
