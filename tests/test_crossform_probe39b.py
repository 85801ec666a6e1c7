"""The same workbook read as XLSX and as the PDF LibreOffice prints of it must give the same
facts. A sheet laid out as district templates lay theirs out — the title merged across the
table's columns, a header cell merged across the columns it heads, header cells merged down —
printed without fitting it to the page's width: its columns past the page's edge come out on
the next page, and with them the parts of the merged cells that lie there (the title's tail,
the group header's text). Before, the title read twice and the table was not known, or the
group header stood level with no row of the page before and the page was not joined (its
amounts read as rows of their own)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from test_pdf_probe37b import BOX, SOFFICE, openpyxl, printed, read

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice 未安装，无法打印工作簿")

TITLE = "某某局2024年一般公共预算支出表"
# code, name, 合计, 基本支出, 项目支出
ROWS = [["", "合计", 5000.0, 3800.0, 1200.0],
        ["201", "一般公共服务支出", 3700.0, 2700.0, 1000.0],
        ["20101", "人大事务", 3700.0, 2700.0, 1000.0],
        ["2010101", "行政运行", 2700.0, 2700.0, None],
        ["2010102", "一般行政管理事务", 1000.0, None, 1000.0],
        ["212", "城乡社区支出", 1300.0, 1100.0, 200.0],
        ["21201", "城乡社区管理事务", 1300.0, 1100.0, 200.0],
        ["2120101", "行政运行", 1300.0, 1100.0, 200.0]]
HEADS = ["合计", "基本支出", "项目支出"]
TRUTH = {(code, name, head, Decimal(f"{value:.2f}"))
         for code, name, *values in ROWS for head, value in zip(HEADS, values) if value is not None}
# 基本支出 by economic class: another table laid out alike (the near miss)
BASIC_TITLE = "某某局2024年一般公共预算基本支出表"
BASIC_HEADS = ["合计", "人员经费", "公用经费"]
BASIC = [["", "合计", 3800.0, 3000.0, 800.0],
         ["301", "工资福利支出", 3000.0, 3000.0, None],
         ["30101", "基本工资", 1800.0, 1800.0, None],
         ["30102", "津贴补贴", 1200.0, 1200.0, None],
         ["302", "商品和服务支出", 800.0, None, 800.0],
         ["30201", "办公费", 500.0, None, 500.0],
         ["30211", "差旅费", 300.0, None, 300.0]]
BASIC_TRUTH = {(code, name, head, Decimal(f"{value:.2f}"))
               for code, name, *values in BASIC for head, value in zip(BASIC_HEADS, values) if value is not None}
CENTER = openpyxl.styles.Alignment(horizontal="center", vertical="center", wrap_text=True)


def lay_out(ws, title: str, label: str, group: str, heads: list[str], rows: list[list], widths: list[int],
            grouped: bool, fit: bool) -> None:
    """title merged across A:E over 公开NN表 and the unit; the header: 科目编码 and 科目名称
    merged down two rows, and either the group (一般公共预算支出) merged across C:E over the
    three amount heads (grouped) or 合计 merged down two rows and the group over the other two."""
    ws.append([title])
    ws.merge_cells("A1:E1")
    ws.append([label])
    ws.append(["编制单位：某某局", None, None, None, "单位：万元"])
    if grouped:
        ws.append(["科目编码", "科目名称", group])
        ws.append([None, None, *heads])
        ws.merge_cells("C4:E4")
    else:
        ws.append(["科目编码", "科目名称", heads[0], group])
        ws.append([None, None, None, *heads[1:]])
        ws.merge_cells("C4:C5")
        ws.merge_cells("D4:E4")
    ws.merge_cells("A4:A5")
    ws.merge_cells("B4:B5")
    for row in rows:
        ws.append(row)
    for cells in (ws[1], ws[4], ws[5]):
        for cell in cells:
            cell.alignment = CENTER
    for cells in ws.iter_rows(min_row=4, max_row=ws.max_row, max_col=5):
        for cell in cells:
            cell.border = BOX
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    for n, width in enumerate(widths, 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(n)].width = width
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = fit
    if fit:
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def book(path: Path, grouped: bool, widths: list[int], fit: bool = False, both: bool = False) -> Path:
    wb = openpyxl.Workbook()
    lay_out(wb.active, TITLE, "公开03表", "一般公共预算支出", HEADS, ROWS, widths, grouped, fit)
    if both:
        lay_out(wb.create_sheet(), BASIC_TITLE, "公开04表", "一般公共预算基本支出", BASIC_HEADS, BASIC, widths,
                grouped, fit)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crossform39b")
    wide = [10, 24, 20, 30, 30]            # 基本支出 and 项目支出 past the page's edge
    books = {
        "grouped": book(folder / "grouped.xlsx", True, wide),
        "merged-down": book(folder / "merged-down.xlsx", False, wide),
        # near misses: the same tables fitted to the page's width, two sheets laid out alike
        "fitted": book(folder / "fitted.xlsx", True, wide, fit=True, both=True),
        "narrow": book(folder / "narrow.xlsx", False, [10, 20, 12, 12, 12], both=True),
    }
    made = printed(list(books.values()), folder)
    return {**{f"{k}.xlsx": v for k, v in books.items()}, **{f"{k}.pdf": v for k, v in zip(books, made)}}


def joined(disc) -> list[str]:
    return [i.message for i in disc.issues if "超出页宽" in i.message]


@pytest.mark.parametrize("name", ["grouped", "merged-down"])
def test_the_workbook_printed_too_wide_reads_as_the_workbook(forms, name):
    """Page 2 prints the title's tail and the group header's part past page 1's edge, then
    基本支出 and 项目支出 of page 1's rows."""
    _, from_xlsx = read(forms[f"{name}.xlsx"])
    disc, from_pdf = read(forms[f"{name}.pdf"])
    assert from_xlsx == TRUTH
    assert from_pdf == TRUTH
    assert [t.title for t in disc.tables] == [TITLE.removeprefix("某某局2024年")]
    assert any("第 2 页" in s and "第 1 页" in s for s in joined(disc))


@pytest.mark.parametrize("name", ["fitted", "narrow"])
def test_two_tables_laid_out_alike_each_on_its_page_are_not_joined(forms, name):
    """Near miss: each sheet fits its page; the second's merged title and header stand level
    with the first's, but it prints its own title and codes: two tables, nothing joined."""
    for form in ("xlsx", "pdf"):
        disc, got = read(forms[f"{name}.{form}"])
        assert got == TRUTH | BASIC_TRUTH, form
        assert len(disc.tables) == 2 and not joined(disc), form


# ---- a workbook saved as a web page by LibreOffice Calc ----------------------------------------

def saved_as_html(xlsx: Path) -> Path:
    import subprocess

    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{xlsx.parent}/lo", "--convert-to", "html",
                    "--outdir", str(xlsx.parent), str(xlsx)], check=True, capture_output=True, timeout=300)
    return xlsx.with_suffix(".html")


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("calc-html39b")
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["某某局2024年部门预算公开，各表见后。"])
    # as the seeds' sheets: the table's number (表3) above its title, the sheet named by both
    for n, (title, group, heads, rows) in enumerate(((TITLE, "一般公共预算支出", HEADS, ROWS),
                                                     (BASIC_TITLE, "一般公共预算基本支出", BASIC_HEADS, BASIC)), 3):
        name = title.removeprefix("某某局2024年")
        lay_out(wb.create_sheet(f"表{n}{name}"), f"表{n}", name, group, heads, rows, [10, 20, 12, 12, 12], True, True)
    xlsx = folder / "book.xlsx"
    wb.save(xlsx)
    return {"xlsx": xlsx, "html": saved_as_html(xlsx)}


def test_calc_sheet_headings_are_no_tables_of_their_own(web):
    """Calc heads each sheet with "Sheet 2: <em>表3一般公共预算支出表</em>" and opens the
    page with links to the sheets. Before: each heading read as a table's title (a table of no
    rows, not known, said in a warning) or as the first words of the sheet's own title."""
    assert "Sheet 2: <em>" in web["html"].read_text(encoding="utf-8")
    xlsx, from_xlsx = read(web["xlsx"])
    html, from_html = read(web["html"])
    assert from_xlsx == from_html == TRUTH | BASIC_TRUTH
    assert [t.title for t in html.tables] == [t.title for t in xlsx.tables] == ["一般公共预算支出表", "一般公共预算基本支出表"]
    assert not [i for i in html.issues if i.code == "table-unknown"]


def test_a_heading_in_a_named_anchor_that_is_the_tables_title_is_read(tmp_path):
    """Near miss: a web page whose table's title is an <h1> in an anchor named table1, the
    number apart from the name (no sheet's label: no colon)."""
    body = "".join(f"<tr><td>{code}</td><td>{name}</td>" + "".join(f"<td>{v:,.2f}</td>" if v else "<td></td>" for v in values)
                   + "</tr>" for code, name, *values in ROWS)
    page = tmp_path / "page.html"
    page.write_text(f"""<html><body><a name="table1"><h1>表3 <em>某某局2024年一般公共预算支出表</em></h1></a>
<p>单位：万元</p><table border="1"><tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td>
<td>项目支出</td></tr>{body}</table></body></html>""", encoding="utf-8")
    disc, got = read(page)
    assert got == TRUTH
    assert [t.kind for t in disc.tables] == ["gpb_expenditure"]


# ---- a one-row table (“三公”) printed too wide ---------------------------------------------------

# 合计, 因公出国（境）费, 公务接待费, 公务用车购置及运行费: 小计, 购置费, 运行费; 机关运行经费
THREE = [12.6, 2.0, 4.6, 6.0, 0.0, 6.0, 38.25]


def three_public_sheet(ws, fit: bool) -> None:
    """As the Shanghai district templates print it: “三公”经费预算数 over its six columns,
    公务用车购置及运行费 over 小计, 购置费 and 运行费, 机关运行经费预算数 merged down the
    header's three rows; one row of amounts."""
    ws.append(["某某局2024年一般公共预算“三公”经费支出预算表"])
    ws.append(["编制单位：某某局", None, None, None, None, None, "单位：万元"])
    ws.append(["“三公”经费预算数", None, None, None, None, None, "机关运行经费预算数"])
    ws.append(["合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行费"])
    ws.append([None, None, None, "小计", "购置费", "运行费"])
    ws.append(THREE)
    ws.append([])
    ws.append(["注：“三公”经费均为一般公共预算财政拨款支出。"])
    for merged in ("A1:G1", "A3:F3", "G3:G5", "A4:A5", "B4:B5", "C4:C5", "D4:F4"):
        ws.merge_cells(merged)
    for cells in ws.iter_rows(min_row=3, max_row=6, max_col=7):
        for cell in cells:
            cell.border = BOX
            cell.alignment = CENTER
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    ws["A1"].alignment = openpyxl.styles.Alignment(horizontal="left")    # (centred, it would stand on page 2)
    for n, width in enumerate([20, 20, 20, 20, 20, 20, 30], 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(n)].width = width
    ws.row_dimensions[6].height = 40
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = fit
    if fit:
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("three39b")
    books = {}
    for name, fit in (("wide", False), ("fitted", True)):
        wb = openpyxl.Workbook()
        three_public_sheet(wb.active, fit)
        if fit:     # near miss: a table of many rows on the next page, its rows level with it
            lay_out(wb.create_sheet(), TITLE, "公开03表", "一般公共预算支出", HEADS, ROWS, [10, 24, 20, 12, 12], True, True)
        books[name] = folder / f"{name}.xlsx"
        wb.save(books[name])
    made = printed(list(books.values()), folder)
    return {**{f"{k}.xlsx": v for k, v in books.items()}, **{f"{k}.pdf": v for k, v in zip(books, made)}}


def test_a_one_row_table_printed_over_three_pages_reads_as_the_workbook(three):
    """Page 1 prints 合计, 因公出国（境）费 and 公务接待费 and the one row's amounts, page 2 the
    公务用车 columns under their group, page 3 机关运行经费预算数 merged down the header's rows
    and its one amount. Before: a page of one row was no table another page could go on
    beside, and the last page, one amount, was read as text: 机关运行经费 lost, the 公务用车
    columns read as a table of their own."""
    _, from_xlsx = read(three["wide.xlsx"])
    disc, from_pdf = read(three["wide.pdf"])
    # (the generic template has no 机关运行经费 column: neither form reads it as a fact)
    assert sorted(a for *_, a in from_xlsx) == sorted(Decimal(f"{v:.2f}") for v in THREE[:6])
    assert from_pdf == from_xlsx
    assert len(disc.tables) == 1
    assert any("第 3 页" in s for s in joined(disc)) and any("第 2 页" in s for s in joined(disc))
    # 机关运行经费 stands in the row, under its header (the template has no such column: said)
    assert [c.text for c in disc.tables[0].rows[0].cells][:6] == [f"{v:.2f}" for v in THREE[:6]]
    assert any("机关运行经费预算数" in i.message for i in disc.issues if i.code == "column-unmapped")


def test_a_one_row_table_fitting_its_page_is_not_joined_to_the_next_tables_page(three):
    """Near miss: the one-row table fits its page; the next page is a table of its own."""
    _, from_xlsx = read(three["fitted.xlsx"])
    disc, from_pdf = read(three["fitted.pdf"])
    assert from_pdf == from_xlsx
    assert TRUTH <= from_pdf
    assert len(disc.tables) == 2 and not joined(disc)
