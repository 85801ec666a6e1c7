"""Negative amounts as accountants print them: -12.50, （12.50）, (12.50), △12.50, ▲12.50 and
12.50- (the sign after the figure). A 决算 whose 年初结转和结余 is negative (money advanced last
year) prints it so; every form a table comes in reads it as the negative it is, the printed text
kept in its cell. A bracketed integer ("（1）", a row number or a note), a bracketed code and a
figure in brackets inside a label are no amounts."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal as D

import pytest

import docgen
import finals
from budgetlens.checks import check
from budgetlens.extract.layout import cells_of
from budgetlens.extract.rows import amount_of
from budgetlens.pipeline import parse
from budgetlens.text import parse_amount
from test_final_accounts import as_plain, assert_sound, cells, expected_cells

PRINTED = {"minus": "-{}", "paren": "（{}）", "half": "({})", "triangle": "△{}", "black": "▲{}",
           "trailing": "{}-"}


@pytest.mark.parametrize("printed", ["（12.50）", "(12.50)", "△12.50", "▲12.50", "12.50-", "-12.50", "－12.50",
                                     "−12.50", "（１２．５０）"])
def test_each_accounting_form_of_a_negative_reads_as_one(printed):
    assert parse_amount(printed) == (D("-12.50"), 2)
    value = amount_of(printed, 1)
    assert value is not None and value.amount == D("-12.50") and value.places == 2
    assert value.text == printed


@pytest.mark.parametrize("printed, amount, places", [("（1,250.00）", "-1250.00", 2), ("(1,250)", "-1250", 0),
                                                     ("△1,250", "-1250", 0), ("12,500.5-", "-12500.5", 1)])
def test_a_negative_with_thousands_groups(printed, amount, places):
    assert parse_amount(printed) == (D(amount), places)


@pytest.mark.parametrize("text", ["（1）", "(12)", "(一)", "（三）", "(201)", "（2010301）", "△", "（）", "△5", "12-",
                                  "（12.50", "12.50）", "年初结转和结余（12.50）", "(12.50%)", "((12.50))",
                                  "-（12.50）"])
def test_a_bracketed_number_or_note_is_no_amount(text):
    """A row number, a list number or a code in brackets, even where the cell's place says an
    amount stands there (integers are amounts there): no amount."""
    assert amount_of(text, 1, integers=True) is None


@pytest.mark.parametrize("printed", ["（10.50）", "(10.50)", "△10.50", "10.50-"])
def test_a_layout_line_parts_a_negative_from_the_label_after_it(printed):
    """pdftotext -layout prints a side-by-side table's left amount a single space before the
    right side's label: the negative is a cell of its own, as a positive amount is."""
    line = f"年初结转和结余              11   {printed} 年末结转和结余             61         13.22"
    assert [(c.text, c.amount) for c in cells_of(line)] == [
        ("年初结转和结余", False), ("11", True), (printed, True), ("年末结转和结余", False), ("61", True),
        ("13.22", True)]


@pytest.fixture
def advanced(monkeypatch):
    """The books with last year's money advanced: 年初财政拨款结转和结余 -12.50, so the 年初 and
    年末 carry-overs of 表1 and 表4 print negative (-10.50, -12.50, -6.78, -8.78)."""
    monkeypatch.setattr(finals, "CARRY_IN", (D("-12.50"), D("2.00")))

    def write(style: str, path):
        printed = PRINTED[style]

        def fmt(x):
            if x is None or x == 0:
                return ""
            return f"{x:,.2f}" if x > 0 else printed.format(f"{-x:,.2f}")

        monkeypatch.setattr(finals, "fmt", fmt)
        f = finals.figures()
        total = f["carry_in"] + f["fiscal_in"] + f["other_in"]
        # the narrative's change on last year, stated against this document's total
        rate = (D("40.00") / (total - D("40.00")) * 100).quantize(D("0.01"))
        path.write_text(finals.final_accounts({"增长4.88%": f"增长{rate}%"}), encoding="utf-8")
        return path
    return write


def negative_cells(path) -> dict[tuple[str, str, str], tuple[str, D]]:
    """(table, name, column) → (printed text, amount) of every negative cell read."""
    out = {}
    for table in parse(path).tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.amount is not None and cell.amount < 0:
                    out[(str(table.number), row.name, cell.column)] = (cell.text, cell.amount)
    return out


def assert_read_right(path, style: str) -> None:
    """Every cell as the books say, the negatives with their printed text; no error."""
    truth = expected_cells()
    assert sum(1 for c in truth if c[4].startswith("-")) == 6
    assert {(c["table"], c["code"], c["name"], c["column"], c["amount"]) for c in cells(path)
            if c["table"] != "7"} == truth
    negatives = negative_cells(path)
    assert len(negatives) == 6
    assert negatives[("1", "年初结转和结余", "income:amount")] == (PRINTED[style].format("10.50"), D("-10.50"))
    assert negatives[("4", "一般公共预算财政拨款", "income:amount")] == (PRINTED[style].format("12.50"), D("-12.50"))
    assert [f for f in check(parse(path)).findings if f.severity == "error"] == []


@pytest.mark.parametrize("style", sorted(PRINTED))
def test_negative_carry_over_in_a_text_table(tmp_path, advanced, style):
    assert_read_right(advanced(style, tmp_path / "final.md"), style)


@pytest.mark.parametrize("style", ["paren", "triangle", "trailing"])
def test_negative_carry_over_in_plain_text(tmp_path, advanced, style):
    """Cells a space apart, empty cells gone: each negative still read, in its column or
    undecided with its column among the candidates."""
    md = advanced(style, tmp_path / "final.md")
    plain = tmp_path / "final.txt"
    plain.write_text(as_plain(md.read_text(encoding="utf-8")), encoding="utf-8")
    assert_sound(plain)
    assert {c["amount"] for c in cells(plain) if c["amount"].startswith("-")} == {"-10.50", "-12.50", "-6.78", "-8.78"}


@pytest.mark.parametrize("form", ["docx", "html"])
@pytest.mark.parametrize("style", ["paren", "triangle"])
def test_negative_carry_over_in_office_and_web_tables(tmp_path, advanced, style, form):
    md = advanced(style, tmp_path / "final.md")
    out = tmp_path / f"final.{form}"
    getattr(docgen, f"write_{form}")(md, out)
    assert_read_right(out, style)


def test_negative_typed_as_text_into_a_workbook(tmp_path, advanced):
    """A sheet whose negatives were typed as text ('（12.50）'), not numbers in a format."""
    md = advanced("paren", tmp_path / "final.md")
    book = tmp_path / "final.xlsx"
    docgen.write_xlsx(md, book)
    assert negatives_typed_as_text(book, "（{:,.2f}）") == 6
    assert_read_right(book, "paren")


def negatives_typed_as_text(book, form: str) -> int:
    """Every negative number of the workbook typed over as text in `form` (its figure without
    the sign filled in); how many were."""
    import openpyxl

    wb = openpyxl.load_workbook(book)
    typed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)) and cell.value < 0:
                    cell.value, typed = form.format(-D(str(cell.value))), typed + 1
    wb.save(book)
    return typed


def pdf_of(md, out, ruled: bool = True):
    weasyprint = pytest.importorskip("weasyprint")
    css = docgen.PDF_CSS if ruled else docgen.PDF_CSS.replace("border: 0.5pt solid #000", "border: none")
    weasyprint.HTML(string=docgen.html_text(docgen.seed_document(md), css=css)).write_pdf(str(out))
    return out


def test_negative_carry_over_in_a_pdf_and_its_layout_text(tmp_path, advanced):
    md = advanced("paren", tmp_path / "final.md")
    pdf = pdf_of(md, tmp_path / "final.pdf")
    assert_read_right(pdf, "paren")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext 未安装（poppler-utils）")
    text = tmp_path / "final.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True, timeout=60)
    assert re.search(r"（10\.50） 年末结转和结余", text.read_text(encoding="utf-8"))     # a single space apart
    assert_sound(text)
    assert {c["amount"] for c in cells(text) if c["amount"].startswith("-")} == {"-10.50", "-12.50", "-6.78", "-8.78"}


def test_negative_carry_over_in_a_pdf_without_rules(tmp_path, advanced):
    md = advanced("triangle", tmp_path / "final.md")
    pdf = pdf_of(md, tmp_path / "final.pdf", ruled=False)
    assert_sound(pdf)
    assert negative_cells(pdf)[("1", "年初结转和结余", "income:amount")] == ("△10.50", D("-10.50"))
