"""A sheet in Excel's accounting format prints a zero cell as a dash ("-"). Printed without
rules (read by the characters' places), a 合计 row standing first under the header, its last
cells such dashes ("合计 4,720.81 4,320.31 400.50 - - -"), was taken into the header: its
amounts were lost, the dash said as header text. A dash after a line's amounts is an empty
cell; a line of dashes alone, and a header whose words hold a dash ("2024-2025"), are header
as before."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from test_pdf_probe37b import (
    SOFFICE,
    expense_rows,
    expense_truth,
    lay_out,
    printed,
    read,
)

openpyxl = pytest.importorskip("openpyxl")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice 未安装，无法打印工作簿")

# Excel's 会计专用 format: a zero prints as a dash
ACCOUNTING = '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ '
WIDTHS = [12, 34, 16, 16, 16, 16, 16, 20]
HEAD = ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]


def book(path: Path, rows: list[list], fit: bool = True, ruled: bool = False, dashes: bool = True) -> Path:
    """The rows (the first three a title, the form's number and the unit) on A4, fitted to
    the page's width or not; dashes: the amount cells in the accounting format, zeros
    printed as dashes."""
    wb = openpyxl.Workbook()
    ws = wb.active
    lay_out(ws, rows, WIDTHS, ruled)
    if dashes:
        for row in ws.iter_rows(min_row=5, min_col=3, max_col=8):
            for cell in row:
                if cell.value is None:
                    cell.value = 0
                if isinstance(cell.value, (int, float)):
                    cell.number_format = ACCOUNTING
    if fit:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    wb.save(path)
    return path


def with_head(head: list[str]) -> list[list]:
    rows = expense_rows()
    rows[3] = head
    return rows


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("dashes")
    dash_row = expense_rows()
    dash_row.insert(4, ["", "", "-", "-", "-", "-", "-", "-"])
    books = {
        "fitted": book(folder / "fitted.xlsx", expense_rows()),
        # not fitted: the columns past 项目支出 print on page 2, read beside page 1's rows
        "wide": book(folder / "wide.xlsx", expense_rows(), fit=False),
        # a header holding a dash of its own, over the same rows
        "year-name": book(folder / "year-name.xlsx", with_head(["科目编码", "科目名称（2024-2025年）", *HEAD[2:]])),
        "year-column": book(folder / "year-column.xlsx", with_head([*HEAD[:2], "2024-2025", *HEAD[3:]])),
        # near misses: ruled; a line of dashes alone under the header (no amounts: header)
        "ruled": book(folder / "ruled.xlsx", expense_rows(), ruled=True),
        "dash-line": book(folder / "dash-line.xlsx", dash_row, dashes=False),
    }
    return dict(zip(books, printed(list(books.values()), folder)))


def unmapped_dash(disc) -> list[str]:
    """The header-unmapped issues listing a lone dash as header text."""
    return [i.message for i in disc.issues if "表头有无法识别的文字" in i.message
            and "-" in i.message.split("：", 1)[1].split("、")]


@pytest.mark.parametrize("name", ["fitted", "wide", "year-name", "year-column"])
def test_a_total_row_ending_in_dashes_is_read_not_taken_for_header(pdfs, name):
    """Before: 合计's 4,720.81, 4,320.31 and 400.50 were header text, lost without a warning."""
    disc, got = read(pdfs[name])
    assert got == expense_truth()
    assert ("", "合计", "合计", Decimal("4720.81")) in got
    if name != "year-column":           # (there the header's own "2024-2025" is said as "-")
        assert not unmapped_dash(disc)


def test_ruled_print_is_read_as_before(pdfs):
    """Near miss: with rules the cells say where each dash stands; nothing changes."""
    disc, got = read(pdfs["ruled"])
    assert got == expense_truth()
    assert not unmapped_dash(disc)


def test_a_line_of_dashes_alone_stays_in_the_header(pdfs):
    """Near miss: a line of dashes with no amount under the header is no row: the rows below
    are read as before and no amount is made up for it; the dash is still said as header text."""
    disc, got = read(pdfs["dash-line"])
    assert got == expense_truth()
    assert unmapped_dash(disc)
