"""Negative amounts in the forms tests/test_negative_amounts.py does not print: the marks a space
or two from the figure ("( 12.50 )", "（ 12.50）", "△ 12.50", "- 12.50"), a minus before a whole
number ("-125", "－125", "−125") where integers are amounts, a whole number in brackets ("(125)")
under a header that names an amount's column, and a bracketed negative wrapped in a narrow PDF
cell ("(1,234." over "50)"). A bracketed note, code, year or label is still no amount."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal as D

import pytest

import docgen
import test_negative_amounts as neg
from budgetlens.extract.layout import cells_of
from budgetlens.extract.rows import amount_of
from budgetlens.text import parse_amount
from budgetlens.readers.pdf import wrapped_number
from test_final_accounts import assert_sound, cells

SPACED = {"spaced": "( {} )", "spaced_full": "（ {} ）", "spaced_triangle": "△ {}"}


@pytest.mark.parametrize("printed", ["( 12.50 )", "（ 12.50）", "（ 12.50 ）", "(12.50 )", "△ 12.50", "▲ 12.50"])
def test_a_spaced_negative_reads_as_one(printed):
    value = amount_of(printed, 1)
    assert value is not None and (value.amount, value.places, value.text) == (D("-12.50"), 2, printed)


@pytest.mark.parametrize("printed", ["-125", "－125", "−125", "－１２５"])
def test_a_negative_whole_number_where_integers_are_amounts(printed):
    value = amount_of(printed, 1, integers=True)
    assert value is not None and (value.amount, value.places) == (D("-125"), 0)
    assert amount_of(printed, 1) is None          # (where integers are codes, no amount)


@pytest.mark.parametrize("printed", ["(125)", "（125）", "（ 125 ）", "（１２５）"])
def test_a_bracketed_whole_number_under_an_amount_header(printed):
    value = amount_of(printed, 1, integers=True, bracketed=True)
    assert value is not None and (value.amount, value.places) == (D("-125"), 0)
    assert amount_of(printed, 1, integers=True) is None     # position alone: a row's number or a note


@pytest.mark.parametrize("text", ["（一）", "(一)", "（表1）", "其他支出（10）", "其他支出(1)", "(2024年)", "（）", "(12)(3)"])
def test_a_bracketed_note_or_label_is_no_amount_even_under_an_amount_header(text):
    assert amount_of(text, 1, integers=True, bracketed=True) is None


@pytest.mark.parametrize("printed, cell", [("( 54.81 )", "(54.81)"), ("（ 54.81）", "（54.81）"), ("△ 54.81", "△54.81"),
                                           ("- 54.81", "-54.81"), ("－54.81", "－54.81")])
def test_a_layout_line_keeps_a_spaced_negative_in_one_cell(printed, cell):
    """pdftotext set the mark a space from its figure: the minus was a cell of its own (the
    amount then read positive), the brackets three cells."""
    line = f"年初结转和结余     11     {printed}     年末结转和结余     61     13.22"
    assert [(c.text, c.amount) for c in cells_of(line)] == [
        ("年初结转和结余", False), ("11", True), (cell, True), ("年末结转和结余", False), ("61", True), ("13.22", True)]


def test_a_dash_standing_for_an_empty_cell_is_no_sign():
    assert [c.text for c in cells_of("年初结转和结余     11     -       54.81")] == ["年初结转和结余", "11", "54.81"]


@pytest.mark.parametrize("pieces, number", [(["(1,234.", "50)"], "(1,234.50)"), (["（1,234.", "50）"], "（1,234.50）"),
                                            (["(1,", "234.50)"], "(1,234.50)"), (["-1,234.", "50"], "-1,234.50"),
                                            (["(100", "200)"], None), (["(1)", "(2)"], None)])
def test_a_bracketed_negative_wrapped_in_a_narrow_cell(pieces, number):
    """"(1,234." over "50)" is one negative; "(100" over "200)" may be two numbers or a note:
    not joined (the reader reports the cell)."""
    assert wrapped_number(pieces) == number
    if number is not None:
        assert amount_of(number, 1).amount == D("-1234.50")


@pytest.fixture
def spaced(monkeypatch):
    for style, printed in SPACED.items():
        monkeypatch.setitem(neg.PRINTED, style, printed)


@pytest.mark.parametrize("style", sorted(SPACED))
def test_spaced_negatives_in_a_text_table(tmp_path, neg_advanced, spaced, style):
    neg.assert_read_right(neg_advanced(style, tmp_path / "final.md"), style)


@pytest.mark.parametrize("form", ["docx", "html", "xlsx"])
def test_spaced_negatives_in_office_and_web_tables(tmp_path, neg_advanced, spaced, form):
    md = neg_advanced("spaced_full", tmp_path / "final.md")
    out = tmp_path / f"final.{form}"
    getattr(docgen, f"write_{form}")(md, out)
    if form == "xlsx":        # the figures typed as text, spaces and all
        assert neg.negatives_typed_as_text(out, "（ {:,.2f} ）") == 6
    neg.assert_read_right(out, "spaced_full")


def test_spaced_negatives_in_a_pdf_and_its_layout_text(tmp_path, neg_advanced, spaced):
    md = neg_advanced("spaced", tmp_path / "final.md")
    pdf = neg.pdf_of(md, tmp_path / "final.pdf")
    assert neg.negative_cells(pdf)[("1", "年初结转和结余", "income:amount")][1] == D("-10.50")
    assert_sound(pdf)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext 未安装（poppler-utils）")
    text = tmp_path / "final.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True, timeout=60)
    assert_sound(text)
    assert {c["amount"] for c in cells(text) if c["amount"].startswith("-")} == {"-10.50", "-12.50", "-6.78", "-8.78"}


@pytest.fixture
def neg_advanced(monkeypatch):
    return neg.advanced.__wrapped__(monkeypatch)


@pytest.mark.parametrize("printed", ["- 12.50", "-  12.50", "- 1,250.00", "+ 12.50"])
def test_a_sign_a_space_from_its_figure_in_a_cell_is_no_list_bullet(printed):
    """A grid cell "- 12.50" (a Word or ruled PDF cell): the markup stripping took the minus
    for a markdown bullet and read 12.50; a cell holds no bullet."""
    value = amount_of(printed, 1)
    figure = D(printed.lstrip("-+ ").replace(",", ""))
    assert value is not None and value.text == printed
    assert value.amount == (-figure if printed[0] == "-" else figure)


def test_a_whole_number_a_space_from_its_minus_where_integers_are_amounts():
    assert amount_of("- 125", 1, integers=True).amount == D(-125)


@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_a_spaced_minus_in_grid_cells(tmp_path, neg_advanced, monkeypatch, form):
    monkeypatch.setitem(neg.PRINTED, "spaced_minus", "- {}")
    md = neg_advanced("spaced_minus", tmp_path / "final.md")
    if form == "docx":
        out = tmp_path / "final.docx"
        docgen.write_docx(md, out)
        neg.assert_read_right(out, "spaced_minus")
        return
    pdf = neg.pdf_of(md, tmp_path / "final.pdf")
    assert neg.negative_cells(pdf)[("1", "年初结转和结余", "income:amount")][1] == D("-10.50")
    assert_sound(pdf)


# ---- a plus sign before a figure: positive, said so ------------------------------------------

@pytest.mark.parametrize("printed, amount", [("+12.50", "12.50"), ("＋12.50", "12.50"), ("+1,250.00", "1250.00"),
                                             ("＋１２．５０", "12.50"), ("+ 12.50", "12.50")])
def test_a_plus_before_a_figure_reads_as_the_positive_amount(printed, amount):
    """Before: no amount (a change column's "+12.50" ended the line's amounts: the row lost them all)."""
    value = amount_of(printed, 1)
    assert value is not None and (value.amount, value.text) == (D(amount), printed)
    assert str(parse_amount(printed)[0]) == amount


def test_a_plus_in_layout_and_plain_text_tables(tmp_path):
    assert [(c.text, c.amount) for c in cells_of("一般公共服务支出     +12.50     ＋3.00")] == [
        ("一般公共服务支出", False), ("+12.50", True), ("＋3.00", True)]
    text = ("部门支出总体情况表\n\n单位：万元\n\n科目编码 科目名称 合计 基本支出 项目支出\n"
            "合计 275.00 150.00 +125.00\n201 一般公共服务支出 275.00 150.00 ＋125.00\n")
    path = tmp_path / "table.txt"
    path.write_text(text, encoding="utf-8")
    assert [(c["code"] or c["name"], c["column"], c["amount"]) for c in cells(path)] == [
        ("合计", "合计", "275.00"), ("合计", "基本支出", "150.00"), ("合计", "项目支出", "125.00"),
        ("201", "合计", "275.00"), ("201", "基本支出", "150.00"), ("201", "项目支出", "125.00")]
