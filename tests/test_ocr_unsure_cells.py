"""A scanned table's cell OCR was not sure of (Line.unsure) is reported and left unread by every
table reader, also where the page's header could not place the columns by their boxes and the
tab grid is read by order (extract.rows.grid_rows): "19.36-" (a speck read as a minus) must not
become −19.36 in silence."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.pipeline import parse_document
from budgetlens.readers import Line, SourceDocument

HEADER = ["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"]
ROWS = [["", "", "", "合计", "575.90", "444.60", "131.30"],
        ["210", "11", "01", "行政单位医疗", "19.36-", "19.36", ""],
        ["212", "01", "01", "行政运行", "556.54", "425.24", "131.30"]]


def scanned(unsure_row: int | None) -> SourceDocument:
    lines = [Line(no=1, text="某某局2025年部门预算", ocr=True),
             Line(no=2, text="一般公共预算支出情况表", ocr=True),
             Line(no=3, text="编制单位：某某局 单位：万元", ocr=True),
             Line(no=4, text="\t".join(HEADER), cells=HEADER, ocr=True)]
    for n, cells in enumerate(ROWS):
        lines.append(Line(no=5 + n, text="\t".join(cells), cells=list(cells), ocr=True,
                          unsure=[4] if n == unsure_row else None))
    return SourceDocument(path="scan.pdf", format="pdf", encoding=None, sha256="", lines=lines)


def amounts(disc) -> dict[tuple[str | None, str], Decimal]:
    return {(f.coords.function_code, f.coords.nature): f.amount for f in disc.facts
            if f.coords.table_kind == "gpb_expenditure"}


def test_an_unsure_cell_of_a_tab_grid_is_reported_not_read():
    disc = parse_document(scanned(unsure_row=1), "scan.pdf")
    got = amounts(disc)
    assert ("2101101", "total") not in got                      # "19.36-": not −19.36, not 19.36
    assert got[("2101101", "basic")] == Decimal("19.36")
    assert got[("2120101", "total")] == Decimal("556.54")
    said = [i.message for i in disc.issues if i.code in ("amount-unsure", "ocr-unsure")]
    assert any("19.36-" in m for m in said), said


def test_a_sure_cell_of_the_same_grid_is_read():
    disc = parse_document(scanned(unsure_row=None), "scan.pdf")
    got = amounts(disc)
    assert got[("2120101", "total")] == Decimal("556.54") and got[("2101101", "basic")] == Decimal("19.36")
