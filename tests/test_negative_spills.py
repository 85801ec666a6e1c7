"""Negative amounts too wide for their ruled cells, printed across the rule into the next cell
("−210,500.11" then "207,514.47" read "−210,500.1" | "1207,514.4" cell by cell): given back to
their cells with their signs, as positive ones are (readers/overflow.py). The reader's amount
characters were digits, points, commas and "-" only: a bracket or "−" beside the digits made
every such cell unread, and a leading "-" could not be cut."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_pdf_ruled_spills import project_rows, read, truth
from test_pdf_ruled_spills import write as write_table

from budgetlens.readers.overflow import signed_cut

weasyprint = pytest.importorskip("weasyprint")

FORMS = {"minus": "-{}", "u2212": "−{}", "half": "({})", "full": "（{}）", "triangle": "△{}"}
# each form's amount columns (% of a landscape page) where its negatives run a character or so
# past the rule, its positives inside their cells
WIDTHS = {"minus": 6.5, "u2212": 6.7, "half": 6.7, "full": 8.3, "triangle": 7.1}


def write(path, rows, widths: list[str], form: str):
    """项目支出预算表 (landscape) with a 合计 row on top, negatives printed in `form`."""
    def shown(v: Decimal) -> str:
        return f"{v:,.2f}" if v > 0 else FORMS[form].format(f"{-v:,.2f}")
    return write_table(path, rows, widths, landscape=True, shown=shown)


def refunds(rows):
    """Rows 1 and 3 refund their 一般公共预算 (negative), and their 小计 and 合计 with it."""
    for i in (1, 3):
        amounts = rows[i][4]
        gpb = -amounts[2]
        amounts[:] = [gpb + amounts[3] + amounts[6], gpb + amounts[3], gpb, *amounts[3:]]
    return rows


@pytest.mark.parametrize("form", sorted(FORMS))
def test_negative_amounts_printed_across_the_rules_are_cut_with_their_signs(tmp_path, form):
    rows = refunds(project_rows(6, 7, big=True))
    widths = [f"{(100 - 7 * WIDTHS[form]) / 4}%"] * 4 + [f"{WIDTHS[form]}%"] * 7
    disc, got = read(write(tmp_path / "t.pdf", rows, widths, form))
    assert got == truth(rows)
    assert sum(1 for *_, v in got if v < 0) == 6
    said = [w.message for w in disc.issues if "超出格线" in w.message]
    assert said and "拆为" in said[0]
    assert not [i for i in disc.issues if i.code == "amount-unsure"]


@pytest.mark.parametrize("text, pieces", [
    ("(210,500.11)207,514.47", ["(210,500.11)", "207,514.47"]),
    ("−210,500.11207,514.47", ["−210,500.11", "207,514.47"]),
    ("-210,500.11207,514.47", ["-210,500.11", "207,514.47"]),
    ("210,500.11（207,514.47）", ["210,500.11", "（207,514.47）"]),
    ("△210,500.11+207,514.47", ["△210,500.11", "+207,514.47"]),
    ("210,500.11-207,514.47", None),          # the first's trailing minus, or the second's?
    ("(210,500.1107,514.47)", None),          # one bracket around two figures
    ("(210,500.11207,514.47", None),          # a bracket without its pair
])
def test_a_run_of_signed_figures_is_cut_only_where_its_marks_say_whose_they_are(text, pieces):
    assert signed_cut(text, 2) == pieces
