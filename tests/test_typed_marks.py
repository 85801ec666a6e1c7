"""A typed grid (a PDF's ruled grid, an HTML or XLSX table) with "5:34" in an amount column: the file prints no amount there
(a colon or semicolon between digits is no decimal point in a text layer), so the cell is
reported unread (amount-unsure, naming the cell and its text), kept with its text and no
amount in the printed table, and the checks leave the sums over its row unjudged. A scan's
cell of that shape stays what OCR most likely misread: the amount, said (ocr-unsure). Before,
the PDF cell was read as 5.34 (said only as an OCR doubt, though no OCR read it) and the HTML
and XLSX cells vanished without a word."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.readers import Line
from budgetlens.render_cells import cell_rows

weasyprint = pytest.importorskip("weasyprint")

CSS = """@page { size: A4; margin: 12mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 1pt 3pt; } td.a { text-align: right; }"""
HEADER = "<tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>"


def row(code: str, name: str, *amounts: str) -> str:
    return f"<tr><td>{code}</td><td>{name}</td>" + "".join(f"<td class=a>{a}</td>" for a in amounts) + "</tr>"


def write(path, cell: str):
    """合计 = 212 = 21201 = 2120101 + 2120102 (86.00 project money, printed as `cell`)."""
    body = (row("", "合计", "504.46", "418.46", "86.00") + row("212", "城乡社区支出", "504.46", "418.46", "86.00")
            + row("21201", "城乡社区管理事务", "504.46", "418.46", "86.00")
            + row("2120101", "行政运行", "418.46", "418.46", "")
            + row("2120102", "一般行政管理事务", cell, "", cell))
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS}</style></head><body><p>某某局2025年部门预算</p><p>一般公共预算支出情况表</p>"
        f"<p>编制单位：某某局 单位：万元</p><table>{HEADER}{body}</table></body></html>")).write_pdf(str(path))
    return path


@pytest.mark.parametrize("printed", ["5:34", "86；00"])
def test_a_colon_in_a_typed_amount_cell_is_reported_unread_and_kept(tmp_path, printed):
    """Before: read as 5.34 (or 86.00), a number the file does not print, said only as an OCR
    doubt though no OCR read it."""
    disc = parse(write(tmp_path / "typed.pdf", printed))
    assert "2120102" not in {c["code"] for c in cell_rows(disc)}        # no number made of it
    unread = [i for i in disc.issues if i.code == "amount-unsure"]
    assert len(unread) == 2 and all(printed in i.message and "未读入" in i.message for i in unread)
    assert {"合计", "项目支出"} == {col for i in unread for col in ("合计", "项目支出") if f"“{col}”列" in i.message}
    assert all(i.provenance.table is not None and i.provenance.line for i in unread)
    assert not [i for i in disc.issues if i.code == "ocr-unsure"]
    table = next(t for t in disc.tables if t.kind == "gpb_expenditure")
    kept = next(r for r in table.rows if r.code == "2120102").cells
    assert [(c.text, c.amount, c.column) for c in kept] == [(printed, None, "total"), (printed, None, "project")]
    assert kept[0].provenance.bbox is not None and kept[0].provenance.line == unread[0].provenance.line
    # (its row's amounts are not known: 21201's sum over it is not judged)
    judged = [f for f in check(disc).findings if any(
        e.provenance is not None and e.provenance.table == table.index for e in f.evidence)]
    assert judged and all(f.severity == "info" and "不是金额的写法" in f.message for f in judged)


def test_the_same_table_printed_with_its_point_reads_and_checks_clean(tmp_path):
    disc = parse(write(tmp_path / "point.pdf", "86.00"))
    assert {(c["column"], c["amount"]) for c in cell_rows(disc) if c["code"] == "2120102"} == \
        {("合计", "86.00"), ("项目支出", "86.00")}
    assert not [i for i in disc.issues if i.code in ("amount-unsure", "ocr-unsure")]


def test_a_typed_cell_of_the_amounts_shape_is_unread_a_scanned_one_read():
    from budgetlens.extract.geometry import misread_amount

    def read(text, ocr):
        notes = []
        value, unread = misread_amount(Line(no=3, text=text, ocr=ocr), text, "合计", notes)
        return (value and value.amount), unread, [code for code, *_ in notes]

    assert read("5:34", ocr=False) == (None, True, ["amount-unsure"])
    assert read("1,204；50", ocr=False) == (None, True, ["amount-unsure"])
    assert read("5:34", ocr=True) == (Decimal("5.34"), False, ["ocr-unsure"])
    assert read("行政运行", ocr=False) == (None, False, [])


GRID = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["", "合计", "504.46", "418.46", "86.00"],
        ["2120101", "行政运行", "418.46", "418.46", ""], ["2120102", "一般行政管理事务", "5:34", "", "5:34"]]
TITLES = ["某某局2025年部门预算", "一般公共预算支出情况表", "编制单位：某某局 单位：万元"]


def write_html(path):
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in GRID)
    path.write_text("<html><body>" + "".join(f"<p>{t}</p>" for t in TITLES) + f"<table>{rows}</table></body></html>",
                    encoding="utf-8")
    return path


def write_xlsx(path):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("表5")
    for r, text in enumerate(TITLES):
        sheet.write(r, 0, text)
    for r, cells in enumerate(GRID, start=len(TITLES)):
        for c, text in enumerate(cells):
            if text:
                number = r > len(TITLES) and c > 1 and ":" not in text
                sheet.write_number(r, c, float(text)) if number else sheet.write_string(r, c, text)
    book.close()
    return path


@pytest.mark.parametrize("write_grid", [write_html, write_xlsx], ids=["html", "xlsx"])
def test_a_colon_in_another_grids_amount_cell_is_reported_unread_and_kept(tmp_path, write_grid):
    disc = parse(write_grid(tmp_path / f"typed.{write_grid.__name__[6:]}"))
    assert "2120102" not in {c["code"] for c in cell_rows(disc)}
    assert {c["code"] for c in cell_rows(disc)} == {"", "2120101"}
    unread = [i for i in disc.issues if i.code == "amount-unsure"]
    assert len(unread) == 2 and all("“5:34”" in i.message and "未读入" in i.message for i in unread)
    assert all(i.provenance.table is not None for i in unread)
    table = next(t for t in disc.tables if t.kind == "gpb_expenditure")
    kept = next(r for r in table.rows if r.code == "2120102").cells
    assert [(c.text, c.amount, c.column) for c in kept] == [("5:34", None, "total"), ("5:34", None, "project")]
