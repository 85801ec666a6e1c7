"""Tables printed without borders (a spreadsheet or a Word table without rules, an HTML export)
are read by the characters' places: small PDFs written with WeasyPrint, their cells exact."""

from __future__ import annotations

import pytest

from budgetlens.extract.rows import _side_rows_plain
from budgetlens.readers import Line
from test_readers_office import cli_cells

pytest.importorskip("weasyprint")

CSS = """@page { size: A4 portrait; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; }
table { border-collapse: collapse; }
td, th { border: none; padding: 1pt 4pt; font-weight: normal; vertical-align: %s; }
td.n { text-align: right; }"""


def write_pdf(path, title: str, header: str, rows: list[tuple], align: str = "middle", widths=None) -> None:
    import weasyprint

    cols = "".join(f'<col style="width:{w}pt">' for w in widths) if widths else ""
    body = "".join("<tr>" + "".join(f'<td class="{"n" if is_amount(c) else ""}">{c}</td>' for c in row) + "</tr>"
                   for row in rows)
    html = (f"<html><head><style>{CSS % align}</style></head><body><h3>{title}</h3>"
            f"<p>编制部门：某某中心　　单位：万元</p><table>{cols}{header}{body}</table></body></html>")
    weasyprint.HTML(string=html).write_pdf(str(path))


def is_amount(text: str) -> bool:
    return text.replace(",", "").replace(".", "").isdigit() and "." in text


def cells(path) -> set[tuple]:
    return {(c["code"], c["name"], c["project"], c["column"], c["amount"]) for c in cli_cells(path)}


SUMMARY_HEADER = ("<tr><th colspan=2>收入</th><th colspan=2>支出</th></tr>"
                  "<tr><th>项目</th><th>预算数</th><th>功能分类</th><th>预算数</th></tr>")


def test_side_by_side_code_after_an_empty_amount_stays_on_its_side(tmp_path):
    """收支总表 without borders, a left amount empty: the space the file draws between a class
    code and its name (narrower than pdfplumber's 3-point word gap at 9 pt) parts them, so the
    code opens the expenditure side (before: the left label took the right side's code and name,
    2.政府性基金预算拨款208社会保障和就业支出)."""
    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, [
        ("一、本年收入", "300.00", "201 一般公共服务支出", "100.00"),
        ("1.一般公共预算拨款", "300.00", "205 教育支出", ""),
        ("2.政府性基金预算拨款", "", "208 社会保障和就业支出", "120.00"),
        ("3.国有资本经营预算拨款", "", "210 卫生健康支出", "80.00"),
        ("收入总计", "300.00", "支出总计", "300.00")])
    assert cells(path) == {
        ("", "一、本年收入", "", "收入/预算数", "300.00"),
        ("", "1.一般公共预算拨款", "", "收入/预算数", "300.00"),
        ("", "收入总计", "", "收入/预算数", "300.00"),
        ("201", "一般公共服务支出", "", "支出/预算数", "100.00"),
        ("208", "社会保障和就业支出", "", "支出/预算数", "120.00"),
        ("210", "卫生健康支出", "", "支出/预算数", "80.00"),
        ("", "支出总计", "", "支出/预算数", "300.00")}


def test_plain_side_by_side_line_with_a_class_code_run_into_its_name():
    """Plain text: a class code printed against its name after the income side's label opens
    the expenditure side (before: one expenditure row 2.政府性基金预算拨款208社会保障和就业支出)."""
    rows = _side_rows_plain(Line(no=1, text=""), "2.政府性基金预算拨款 208社会保障和就业支出 120.00")
    assert [(r.side, r.code, r.name, [str(v.amount) for v in r.values]) for r in rows] == [
        ("income", "", "2.政府性基金预算拨款", []),
        ("expenditure", "208", "社会保障和就业支出", ["120.00"])]
