"""Negatives in PDF tables printed without rules, whose marks stand apart from the figure: the
brackets, △ or minus a space or a gap away ("(" "10.50" ")", "△" "10.50", "-" "10.50") are
words of their own to the reader. Joined to their figure where they belong to it (one
baseline, beside it, a minus in the figure's column), the figure reads as the negative it is;
a label's brackets and a dash printed for an empty cell stay what they are. Small PDFs written
with WeasyPrint, every cell compared with the figure put in."""

from __future__ import annotations

import re

import pytest
from test_pdf_unruled import EXPENDITURE_HEADER, SUMMARY_HEADER, cells

from budgetlens.checks import check
from budgetlens.extract.unruled import marks_joined
from budgetlens.pipeline import parse
from budgetlens.readers import Line

weasyprint = pytest.importorskip("weasyprint")

CSS = """@page { size: A4 portrait; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; }
table { border-collapse: collapse; table-layout: fixed; }
td, th { border: none; padding: 1pt 4pt; font-weight: normal; vertical-align: middle; }
td.n { text-align: right; padding: 1pt %spt; }"""
GAP = '<span style="margin-left:{}pt">{}</span>'


def printed(form: str, figure: str) -> str:
    """A negative figure as the form prints it; "gap" forms draw the marks a few points away,
    no space between (pdfplumber parts words at a gap of 3 points)."""
    forms = {
        "spaced": "( {} )", "spaced_full": "（ {} ）", "spaced_triangle": "△ {}", "spaced_black": "▲ {}",
        "spaced_minus": "- {}", "spaced_u2212": "− {}", "spaced_full_minus": "－ {}",
        "gap": "(" + GAP.format(4, "{}") + GAP.format(4, ")"), "gap_full": "（" + GAP.format(4, "{}") + GAP.format(4, "）"),
        "gap_open": "(" + GAP.format(4, "{})"), "gap_close": "({}" + GAP.format(4, ")"),
        "gap_minus": "-" + GAP.format(4, "{}"), "gap_triangle": "△" + GAP.format(4, "{}"),
        "tight": "({})",
    }
    return forms[form].format(figure)


def write_pdf(path, title: str, header: str, rows: list[tuple], widths: list[int], padding: float = 4) -> None:
    """The table without rules, amounts (anything but words) flush right, `padding` points
    inside their cells' sides."""
    def td(text: str) -> str:
        words = re.search(r"[\u4e00-\u9fff]", re.sub(r"<[^>]+>", "", text))
        return f'<td class="{"" if words else "n"}">{text}</td>'

    cols = "".join(f'<col style="width:{w}pt">' for w in widths)
    body = "".join("<tr>" + "".join(td(c) for c in row) + "</tr>" for row in rows)
    html = (f"<html><head><style>{CSS % padding}</style></head><body><h3>{title}</h3>"
            f'<p>编制部门：某某中心　　单位：万元</p><table style="width:{sum(widths)}pt">{cols}{header}{body}</table>'
            "</body></html>")
    weasyprint.HTML(string=html).write_pdf(str(path))


# 一般公共预算支出情况表: 合计 = 基本支出 + 项目支出, each parent the sum of its children; the
# project spending of 2010301 is negative (a refund), and so are the sums above it
EXPENDITURE = [
    ("", "合计", "489.50", "500.00", "-10.50"),
    ("201", "一般公共服务支出", "489.50", "500.00", "-10.50"),
    ("20103", "政府办公厅（室）及相关机构事务", "489.50", "500.00", "-10.50"),
    ("2010301", "行政运行", "-1,200.00", "300.00", "-1,500.00"),
    ("2010302", "一般行政管理事务", "1,689.50", "200.00", "1,489.50")]
COLUMNS = ["合计", "基本支出", "项目支出"]


def as_printed(rows: list[tuple], form: str) -> list[tuple]:
    return [tuple(printed(form, c[1:]) if c.startswith("-") else c for c in row) for row in rows]


def put_in(rows: list[tuple], columns: list[str]) -> set[tuple]:
    """(code, name, project, column, amount) of every figure put in, as `parse --format cells` lists it."""
    return {(code, name, "", column, amount.replace(",", ""))
            for code, name, *amounts in rows for column, amount in zip(columns, amounts) if amount}


FORMS = ["spaced", "spaced_full", "spaced_triangle", "spaced_black", "spaced_minus", "spaced_u2212",
         "spaced_full_minus", "gap", "gap_full", "gap_open", "gap_close", "gap_minus", "gap_triangle", "tight"]


@pytest.mark.parametrize("form", FORMS)
def test_a_negative_whose_marks_stand_apart_reads_as_the_negative(tmp_path, form):
    """Before: "(" "10.50" ")" left the row without amounts (its figures in its name), "-"
    "1,200.00" read 1,200.00 of "行政运行-", "△" "10.50" left the table undecided."""
    path = tmp_path / "expenditure.pdf"
    write_pdf(path, "一般公共预算支出情况表", EXPENDITURE_HEADER, as_printed(EXPENDITURE, form), [50, 150, 70, 70, 70])
    assert cells(path) == put_in(EXPENDITURE, COLUMNS)
    # the sums agree with the negatives read (the other tables of a 预算 are not there)
    assert [f.message for f in check(parse(path)).findings if f.severity == "error" and f.category != "completeness"] == []


@pytest.mark.parametrize("form", ["spaced_minus", "gap_minus", "gap", "spaced_triangle"])
def test_a_side_by_side_negative_whose_marks_stand_apart(tmp_path, form):
    """收支总表 without rules: a dash there is taken for an empty cell and dropped; a minus
    beside its figure is no such dash (before: 上年结转 read 10.50)."""
    rows = [("一、本年收入", "300.00", "201 一般公共服务支出", "289.50"),
            ("1.一般公共预算拨款", "300.00", "205 教育支出", ""),
            ("二、上年结转", "-10.50", "208 社会保障和就业支出", ""),
            ("收入总计", "289.50", "支出总计", "289.50")]
    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, as_printed(rows, form), [150, 70, 150, 70])
    got = {(name, column, amount) for _, name, _, column, amount in cells(path)}
    assert got == {("一、本年收入", "收入/预算数", "300.00"), ("1.一般公共预算拨款", "收入/预算数", "300.00"),
                   ("二、上年结转", "收入/预算数", "-10.50"), ("收入总计", "收入/预算数", "289.50"),
                   ("一般公共服务支出", "支出/预算数", "289.50"), ("支出总计", "支出/预算数", "289.50")}


def test_a_dash_for_an_empty_cell_beside_the_next_figure_stays_an_empty_cell(tmp_path):
    """Amount cells a point and a half apart: the 基本支出 dash of 2010302 stands a space from its
    项目支出 figure, but under that column's amounts: an empty cell, no minus."""
    rows = [("", "合计", "3,189.50", "1,700.00", "1,489.50"),
            ("201", "一般公共服务支出", "3,189.50", "1,700.00", "1,489.50"),
            ("20103", "政府办公厅（室）及相关机构事务", "3,189.50", "1,700.00", "1,489.50"),
            ("2010301", "行政运行", "1,700.00", "1,700.00", "-"),
            ("2010302", "一般行政管理事务", "1,489.50", "-", "1,489.50")]
    path = tmp_path / "expenditure.pdf"
    write_pdf(path, "一般公共预算支出情况表", EXPENDITURE_HEADER, rows, [50, 150, 40, 40, 40], padding=0.8)
    assert cells(path) == put_in([tuple("" if c == "-" else c for c in row) for row in rows], COLUMNS)


# ---- the words' places, one line at a time ---------------------------------------------------

def body_of(*lines: list[tuple[str, float, float]], height: float = 13.0, feet: list[float] | None = None):
    """Body lines of words (text, x0, x1), each line 20 points below the one before."""
    out = []
    for n, words in enumerate(lines):
        top = 100.0 + 20 * n
        boxes = [(x0, top + (feet[k] if feet else 0), x1, top + height + (feet[k] if feet else 0))
                 for k, (_, x0, x1) in enumerate(words)]
        text = " ".join(w for w, _, _ in words)
        out.append((Line(no=n + 1, text=text, page=1, word_boxes=boxes), text, text.split()))
    return out


def joined(body) -> list[str]:
    return [text for _, text, _ in marks_joined(body)]


@pytest.mark.parametrize("words, text", [
    ([("行政运行", 10, 46), ("(", 100, 103), ("10.50", 105, 127), (")", 129, 132)], "行政运行 (10.50)"),
    ([("行政运行", 10, 46), ("（", 100, 109), ("1,210.50", 111, 146), ("）", 148, 157)], "行政运行 （1,210.50）"),
    ([("行政运行", 10, 46), ("(", 100, 103), ("125", 105, 120), (")", 122, 125)], "行政运行 (125)"),
    ([("行政运行", 10, 46), ("△", 100, 109), ("10.50", 111, 133)], "行政运行 △10.50"),
    ([("行政运行", 10, 46), ("-", 100, 103), ("10.50", 106, 128)], "行政运行 -10.50"),
    ([("行政运行", 10, 46), ("＋", 100, 109), ("10.50", 111, 133)], "行政运行 ＋10.50"),
])
def test_marks_beside_their_figure_join_it(words, text):
    assert joined(body_of(words)) == [text]


@pytest.mark.parametrize("words", [
    [("（", 10, 19), ("一", 21, 30), ("）", 32, 41), ("一般公共预算", 43, 97), ("10.50", 150, 172)],   # a label's number
    [("其他支出", 10, 46), ("(含", 48, 61), ("10.50", 63, 85), ("万元)", 87, 110)],                 # a note in a name
    [("行政运行", 10, 46), ("(", 100, 103), ("10.50", 105, 127)],                                    # no closing bracket
    [("行政运行", 10, 46), ("(", 60, 63), ("10.50", 105, 127), (")", 129, 132)],                      # a line's height away
    [("行政运行", 10, 46), ("-", 100, 103), ("10.50", 112, 134)],                                    # further than a space
    [("行政运行", 10, 46), ("-", 100, 103), ("125", 106, 121)],                                      # a whole number: a code
])
def test_marks_that_are_no_figures_stay_apart(words):
    assert joined(body_of(words)) == [" ".join(w for w, _, _ in words)]


def test_a_mark_off_the_figures_baseline_stays_apart():
    """A bracket set higher (a note's superscript) is not the figure's."""
    body = body_of([("行政运行", 10, 46), ("(", 100, 103), ("10.50", 105, 127), (")", 129, 132)], feet=[0, -6, 0, 0])
    assert joined(body) == ["行政运行 ( 10.50 )"]


def test_a_dash_under_another_columns_amounts_is_an_empty_cell():
    """The dash stands where the line above prints an amount that does not reach the figure:
    the dash is that column's empty cell; a dash under the minus of another negative does not
    say so."""
    above = [("一般行政管理事务", 10, 82), ("300.00", 75, 103), ("1,489.50", 106, 141)]
    line = [("行政运行", 10, 46), ("-", 100, 103), ("1,489.50", 106, 141)]
    assert joined(body_of(above, line))[1] == "行政运行 - 1,489.50"
    other_negative = [("事业运行", 10, 46), ("-", 100, 103), ("1,489.50", 106, 141)]
    assert joined(body_of(other_negative, line)) == ["事业运行 -1,489.50", "行政运行 -1,489.50"]
    empty_cell = [("事业运行", 10, 46), ("-", 100, 103), ("12.00", 122, 141)]
    assert joined(body_of(empty_cell, line))[1] == "行政运行 - 1,489.50"


def signs_said(body) -> tuple[list[str], list[str]]:
    notes: list = []
    texts = [text for _, text, _ in marks_joined(body, notes)]
    return texts, [message for code, message, _ in notes if code == "sign-by-gap"]


def test_a_minus_only_its_gap_joins_is_read_and_said():
    """A table's only figure with a minus a space before it, nothing above or below to tell its
    column by: read as the negative, as the gap says, and said (before: silently)."""
    texts, said = signs_said(body_of([("行政运行", 10, 46), ("-", 100, 103), ("10.50", 108, 130)]))
    assert texts == ["行政运行 -10.50"]
    assert len(said) == 1 and "-10.50" in said[0] and "第 1 行" in said[0]


def test_a_minus_touching_its_figure_is_read_without_a_word():
    texts, said = signs_said(body_of([("行政运行", 10, 46), ("-", 100, 103), ("10.50", 104, 126)]))
    assert texts == ["行政运行 -10.50"] and said == []


def test_a_minus_in_the_column_other_rows_print_is_read_without_a_word():
    """Another row's amount stands over the minus and its figure: the column says it."""
    above = [("一般行政管理事务", 10, 82), ("1,300.00", 98, 130)]
    texts, said = signs_said(body_of(above, [("行政运行", 10, 46), ("-", 100, 103), ("10.50", 108, 130)]))
    assert texts[1] == "行政运行 -10.50" and said == []


@pytest.mark.parametrize("form, told", [("gap_minus", True), ("spaced_minus", False)])
def test_a_minus_said_by_its_gap_reaches_the_tables_warnings(tmp_path, form, told):
    """Through the reader: the one figure of its column prints its minus apart, nothing over it
    in another row: read as the negative either way; a gap wider than a space is said, a
    space (the minus as good as touching) is not."""
    rows = [("", "合计", "989.50", "1,000.00", printed(form, "10.50")), ("2010301", "行政运行", "700.00", "700.00", ""),
            ("2010302", "一般行政管理事务", "300.00", "300.00", "")]
    path = tmp_path / "one.pdf"
    write_pdf(path, "一般公共预算支出情况表", EXPENDITURE_HEADER, rows, [50, 150, 40, 40, 40])
    disc = parse(path)
    assert ("", "合计", "", "项目支出", "-10.50") in cells(path)
    issues = [i for i in disc.issues if i.code == "sign-by-gap"]
    assert len(issues) == told
    assert all(i.provenance.table is not None and "-10.50" in i.message for i in issues)
