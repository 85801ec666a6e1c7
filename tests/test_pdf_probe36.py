"""PDF tables as offices print them, round 36: headers set flush left over rows set close, header
words the template does not know, 决算 tables, units, signs and separators. Small PDFs written
with WeasyPrint; every expectation is transcribed from the table written."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")


def codes(doc) -> set[str]:
    return {i.code for i in doc.issues}


# ---- rows set close under a header set flush left: a row without amounts stays a row ----------

CLOSE = [("财政拨款收入", "1,200.00", "教育支出", "1,200.00"),
         ("上年结转", "", "结转下年", ""),
         ("上年结余", "", "", ""),
         ("本年收入合计", "1,200.00", "本年支出合计", "1,200.00")]


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_rows_without_amounts_under_the_widest_name_stay_rows_header_flush_left(tmp_path, align):
    # label cells 90 points wide, their header words set flush left (nothing there shows the
    # cell's width): 财政拨款收入, the widest name, was taken to fill its cell and 上年结转 /
    # 上年结余 were read as its wrapped lines (财政拨款收入上年结转上年结余); the next column's
    # header word, flush left in its own cell, shows the name cell wider
    from test_pdf_probe35 import printed_sides
    from test_pdf_unruled import SUMMARY_HEADER, write_pdf

    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, CLOSE, align, [90, 50, 90, 50], "th { text-align: left; }")
    doc = parse(path)
    assert [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows] == printed_sides(CLOSE)


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_names_filling_narrow_cells_under_a_header_flush_left_still_join(tmp_path, align):
    # near miss: names wrapped in 50-point cells, header flush left: each one row as before
    from test_pdf_probe35 import SUMMARY, printed_sides
    from test_pdf_unruled import SUMMARY_HEADER, write_pdf

    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, SUMMARY, align, [50, 50, 50, 50], "th { text-align: left; }")
    doc = parse(path)
    assert [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows] == printed_sides(SUMMARY)
    assert "name-line-alone" not in codes(doc)
