"""A sheet too wide for its page, printed by LibreOffice without fitting it to the page's width:
the columns that do not fit come out on the next page, for the same rows at the same heights
(without the title, mostly without the label columns). Such a page is read to the right of its
page when its rows and header stand level with that page's; a page of amounts only that cannot
be placed so is reported and its amounts are not read. A table going on over a page with more
rows (its header printed again or not) is read as before."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows

openpyxl = pytest.importorskip("openpyxl")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice 未安装，无法打印工作簿")

HEADS = ["合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
# (code, name, basic, project); 合计 = basic + project; parents add up their children
ITEMS = [("201", "一般公共服务支出", "2800.00", "400.50"), ("20101", "人大事务", "2800.00", "400.50"),
         ("2010101", "行政运行", "2800.00", ""), ("2010102", "一般行政管理事务", "", "400.50"),
         ("208", "社会保障和就业支出", "1520.31", ""), ("20805", "行政事业单位养老支出", "1520.31", ""),
         ("2080505", "机关事业单位基本养老保险缴费支出", "1520.31", "")]
INCOME = [("一、一般公共预算拨款收入", "4720.81"), ("二、政府性基金预算拨款收入", ""), ("三、事业收入", "100.00"),
          ("本年收入合计", "4820.81"), ("收入总计", "4820.81")]
SPENDING = [("一、一般公共服务支出", "3200.50"), ("二、社会保障和就业支出", "1520.31"), ("三、卫生健康支出", "100.00"),
            ("本年支出合计", "4820.81"), ("支出总计", "4820.81")]
THIN = openpyxl.styles.Side(style="thin")
BOX = openpyxl.styles.Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def number(text: str) -> float | None:
    return float(text) if text else None


def sheet(rows: list[list], widths: list[int], ruled: bool, path: Path, across: bool = False, titles: str = "",
          columns: str = "", more: list[list[list]] = ()) -> Path:
    """A workbook of rows (the first three a title, the form's number and the unit), A4 portrait,
    not fitted to the page: the columns past the page's width print on the next page. across:
    pages in the order over, then down; titles: rows printed again on every page ('4:4');
    columns: columns printed again on every page ('A:B'); more: the rows of further sheets,
    laid out alike."""
    book = openpyxl.Workbook()
    for extra in more:
        lay_out(book.create_sheet(), extra, widths, ruled)
    lay_out(book.active, rows, widths, ruled, across, titles, columns)
    book.save(path)
    return path


def lay_out(ws, rows: list[list], widths: list[int], ruled: bool, across: bool = False, titles: str = "",
            columns: str = "") -> None:
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            cell = ws.cell(r, c, value)
            if isinstance(value, float):
                cell.number_format = "#,##0.00"
            if ruled and r > 3:
                cell.border = BOX
    for n, width in enumerate(widths, 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(n)].width = width
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    if across:
        ws.page_setup.pageOrder = "overThenDown"
    if titles:
        ws.print_title_rows = titles
    if columns:
        ws.print_title_cols = columns


def printed(books: list[Path], folder: Path) -> list[Path]:
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, books)], check=True, capture_output=True, timeout=300)
    return [book.with_suffix(".pdf") for book in books]


def expense_rows(items=ITEMS) -> list[list]:
    tops = [item for item in items if not any(item[0] != c and item[0].startswith(c) for c, *_ in items)]
    basic = sum(Decimal(b or 0) for _, _, b, _ in tops)
    project = sum(Decimal(p or 0) for _, _, _, p in tops)
    rows = [["某某局2024年一般公共预算支出表"], ["公开03表"], ["编制单位：某某局", None, None, None, None, None, None, "单位：万元"],
            ["科目编码", "科目名称"] + HEADS, ["", "合计", float(basic + project), float(basic), float(project)]]
    for code, name, b, p in items:
        rows.append([code, name, float(Decimal(b or 0) + Decimal(p or 0)), number(b), number(p)])
    return rows


def expense_truth(items=ITEMS) -> set[tuple[str, str, str, Decimal]]:
    rows = expense_rows(items)[4:]
    out = set()
    for code, name, *figures in rows:
        for head, value in zip(HEADS, figures):
            if value:
                out.add((code, name, head, Decimal(f"{value:.2f}")))
    return out


def summary_rows() -> list[list]:
    rows = [["某某局2024年部门收支总表"], ["公开01表"], ["编制单位：某某局", None, None, "单位：万元"],
            ["收入", None, "支出", None], ["项目", "预算数", "项目", "预算数"]]
    for (a, x), (b, y) in zip(INCOME, SPENDING):
        rows.append([a, number(x), b, number(y)])
    return rows


def read(path: Path):
    disc = parse(path)
    return disc, {(r["code"], r["name"], r["column"], Decimal(r["amount"])) for r in cell_rows(disc)}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("wide")
    long_items = [(f"2010{k:03d}", f"事务{k}", f"{60 + k}.00", "40.00") for k in range(70)]
    books = {
        "expense-ruled": sheet(expense_rows(), [12, 34, 16, 16, 16, 16, 16, 20], True, folder / "expense-ruled.xlsx"),
        "expense-plain": sheet(expense_rows(), [12, 34, 16, 16, 16, 16, 16, 20], False, folder / "expense-plain.xlsx"),
        "summary-ruled": sheet(summary_rows(), [40, 22, 40, 22], True, folder / "summary-ruled.xlsx"),
        "summary-plain": sheet(summary_rows(), [40, 22, 40, 22], False, folder / "summary-plain.xlsx"),
        # 70 rows over two pages, the columns past 合计 on other pages: printed down, then over
        # (the overflow pages come after the page going on), or over, then down
        "long-down": sheet(expense_rows(long_items), [12, 34, 16, 16, 16, 16, 16, 20], True, folder / "long-down.xlsx"),
        "long-across": sheet(expense_rows(long_items), [12, 34, 16, 16, 16, 16, 16, 20], True, folder / "long-across.xlsx",
                             across=True),
        # near misses: the same 70 rows fitting the width, going on over a page, the header
        # printed again or not, with and without rules
        "rows-ruled": sheet([r[:5] for r in expense_rows(long_items)], [10, 20, 12, 12, 12], True, folder / "rows-ruled.xlsx"),
        "rows-titled": sheet([r[:5] for r in expense_rows(long_items)], [10, 20, 12, 12, 12], True,
                             folder / "rows-titled.xlsx", titles="4:4"),
        "rows-plain": sheet([r[:5] for r in expense_rows(long_items)], [10, 20, 12, 12, 12], False, folder / "rows-plain.xlsx"),
    }
    made = printed(list(books.values()), folder)
    return {"long-items": long_items, **dict(zip(books, made))}


@pytest.mark.parametrize("name", ["expense-ruled", "expense-plain"])
def test_the_columns_printed_on_the_next_page_are_read_beside_their_rows(pdfs, name):
    """Page 2 prints 基本支出 … 经营支出 for the rows of page 1. Before: ruled, its amounts were
    rows without a code or name; without rules, every amount was left undecided."""
    disc, got = read(pdfs[name])
    assert got == expense_truth()
    said = [n for n in disc.notes if "超出页宽" in n] if hasattr(disc, "notes") else []
    said += [i.message for i in disc.issues if "超出页宽" in i.message]
    assert any("第 2 页" in s and "第 1 页" in s for s in said)


@pytest.mark.parametrize("name", ["summary-ruled", "summary-plain"])
def test_the_expenditure_side_printed_on_the_next_page_is_read_as_expenditure(pdfs, name):
    """收支总表 side by side, its 支出 side on page 2. Before (ruled): read as 收入 rows, silently."""
    _, got = read(pdfs[name])
    want = {("", a, "收入/预算数", Decimal(x)) for a, x in INCOME if x}
    want |= {("", b, "支出/预算数", Decimal(y)) for b, y in SPENDING}
    assert got == want


def test_overflow_pages_printed_down_then_over_are_read_beside_their_rows(pdfs):
    """Printed down, then over: pages 3 and 4 print the columns past 合计 of pages 1 and 2, after
    page 2. Session 38 said them and left them out; now page 3 is read beside page 1 (its header
    level with page 1's) and page 4 beside page 2 (no header: in the columns page 3 printed)."""
    disc, got = read(pdfs["long-down"])
    assert got == expense_truth(pdfs["long-items"])
    said = [i.message for i in disc.issues if "超出页宽" in i.message]
    assert any("第 3 页" in s and "第 1 页" in s for s in said)
    assert any("第 4 页" in s and "第 2 页" in s for s in said)


def test_over_then_down_joins_every_overflow_page(pdfs):
    """Printed over, then down: page 2 beside page 1 (its header level with page 1's); page 3,
    the header of the last column alone (no amounts), read as nothing; page 5, rows of page 4
    without a header, beside page 4, in the columns page 2 printed (session 38: said, not read)."""
    disc, got = read(pdfs["long-across"])
    assert got == expense_truth(pdfs["long-items"])
    assert not [i for i in disc.issues if i.level != "info" and "页" in i.message]


@pytest.mark.parametrize("name", ["rows-ruled", "rows-titled", "rows-plain"])
def test_a_table_going_on_with_more_rows_is_read_as_before(pdfs, name):
    """Near miss: the rows go on over the page at the same heights (the header printed again
    or not): each page's rows keep their codes and names; nothing is said of a page's width."""
    disc, got = read(pdfs[name])
    want = {r for r in expense_truth(pdfs["long-items"]) if r[2] in HEADS[:3]}
    assert got == want
    assert not [i for i in disc.issues if "超出页宽" in i.message]
