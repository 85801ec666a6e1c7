"""A sheet too wide for its page, printed by LibreOffice without fitting it to the width (as
Excel and WPS print one by default), cut so that a page holds only label columns: the codes
and names (their rows' amounts all on the next pages), the codes and names of a 项目支出表
(its projects and amounts on the next page), or, the first column printed again on every page
(打印标题列), a 收支总表's 收入 side on page 1 and its 支出 names and amounts on pages of
their own. Each such page is read beside its rows; a page going on with rows is not."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import test_pdf_probe37b as b37
from test_pdf_probe37b import (
    SOFFICE,
    expense_rows,
    expense_truth,
    printed,
    read,
    sheet,
    summary_rows,
)

from budgetlens.pipeline import parse
from budgetlens.readers.base import Line
from budgetlens.readers.pdf_wide import join_wide_pages
from budgetlens.render_cells import cell_rows

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice 未安装，无法打印工作簿")

# (项目名称, 科目编码, 科目名称, amount), transcribed as the sheet prints them
PROJECTS = [("办公楼物业管理及日常运行维护经费", "2010302", "一般行政管理事务", "1237.46"),
            ("信息系统运维服务费", "2120104", "城管执法", "985.18"),
            ("专项业务工作经费", "2013899", "其他市场监督管理事务", "7994.08")]
TOTAL = "10216.72"


UNITS = ["某某局机关", "某某信息中心", "某某信息中心"]
KINDS = ["一次性项目", "经常性项目", "延续性项目"]


def project_rows() -> list[list]:
    """科目编码 | 科目名称 | 项目名称 | 合计 | 财政拨款 | 财政专户管理资金 | 单位资金."""
    rows = [["某某局2025年项目支出预算表"], ["公开07表"], ["编制单位：某某局", None, None, "单位：万元"],
            ["科目编码", "科目名称", "项目名称", "合计", "财政拨款", "财政专户管理资金", "单位资金"],
            [None, "合计", None, float(TOTAL), float(TOTAL), None, None]]
    rows += [[code, name, project, float(amount), float(amount), None, None] for project, code, name, amount in PROJECTS]
    return rows


def unit_project_rows() -> list[list]:
    """项目单位 | 项目名称 | 项目类型 | 科目编码 | 科目名称 | 合计 | 财政拨款 | … : the labels first."""
    rows = [["某某局2025年项目支出预算表"], ["公开07表"], ["编制单位：某某局", None, None, "单位：万元"],
            ["项目单位", "项目名称", "项目类型", "科目编码", "科目名称", "合计", "财政拨款", "财政专户管理资金", "单位资金"],
            ["合计", None, None, None, None, float(TOTAL), float(TOTAL), None, None]]
    rows += [[unit, project, kind, code, name, float(amount), float(amount), None, None]
             for unit, kind, (project, code, name, amount) in zip(UNITS, KINDS, PROJECTS)]
    return rows


LAST = [(f"2010{k:03d}", f"事务{k}", f"{60 + k}.00", "40.00") for k in range(47)]
LONG = [(f"2010{k:03d}", f"事务{k}", f"{60 + k}.00", "40.00") for k in range(70)]
INCOME = [(f"收入项目{k}", f"{k + 1}.00") for k in range(60)]
SPENDING = [(f"支出项目{k}", f"{k + 101}.00") for k in range(60)]


def long_summary() -> list[list]:
    rows = summary_rows()[:5]
    return rows + [[a, float(x), b, float(y)] for (a, x), (b, y) in zip(INCOME, SPENDING)]


GROUPS = [(f"某某单位{u}", f"项目{u}-{k}", f"{100 + 10 * u + k}.00") for u in range(6) for k in range(10)]


def unit_groups(path: Path, again: bool = True) -> Path:
    import openpyxl

    total = sum(float(a) for _, _, a in GROUPS)
    rows = [["某某局2025年项目支出预算表"], ["公开07表"], ["编制单位：某某局", None, None, "单位：万元"],
            ["项目单位", "项目名称", "科目编码", "科目名称", "合计", "财政拨款", "财政专户管理资金", "单位资金"],
            ["合计", None, None, None, total, total, None, None]]
    rows += [[unit if n % 10 == 0 else None, project, "2010302", "一般行政管理事务", float(a), float(a), None, None]
             for n, (unit, project, a) in enumerate(GROUPS)]
    sheet(rows, [16, 30, 12, 24, 14, 14, 18, 14], True, path, titles="4:4" if again else "", columns="A:B" if again else "")
    book = openpyxl.load_workbook(path)
    for u in range(6):
        book.active.merge_cells(start_row=6 + 10 * u, start_column=1, end_row=15 + 10 * u, end_column=1)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("wide40")
    books = {
        # 合计 too wide to stand beside 科目名称: page 1 codes and names only, 合计 on page 2,
        # the other amounts on page 3
        "codes-names": sheet(expense_rows(), [12, 34, 70, 16, 16, 16, 16, 20], True, folder / "codes-names.xlsx"),
        # the project's name too wide for page 1: its codes and names alone there
        "projects": sheet(project_rows(), [12, 30, 44, 16, 16, 18, 14], True, folder / "projects.xlsx"),
        # 打印标题列 A: page 1 收入 (A, B), page 2 A again and 支出's names (C), page 3 A again
        # and 支出's amounts (D); with rules or without, the header rows printed again or not
        "summary-cols": sheet(summary_rows(), [40, 22, 40, 22], True, folder / "summary-cols.xlsx", columns="A:A"),
        "summary-cols-plain": sheet(summary_rows(), [40, 22, 40, 22], False, folder / "summary-cols-plain.xlsx",
                                    columns="A:A"),
        "summary-cols-rows": sheet(summary_rows(), [40, 22, 40, 22], True, folder / "summary-cols-rows.xlsx",
                                   columns="A:A", titles="4:5"),
        # 60 rows over two pages of rows, column A again on every page: printed down, then
        # over (pages 3-4 支出's names, 5-6 its amounts), or over, then down; the header rows
        # printed again or not
        "long-cols": sheet(long_summary(), [40, 22, 40, 22], True, folder / "long-cols.xlsx", columns="A:A"),
        "long-cols-rows": sheet(long_summary(), [40, 22, 40, 22], True, folder / "long-cols-rows.xlsx", columns="A:A",
                                titles="4:5"),
        "long-cols-across": sheet(long_summary(), [40, 22, 40, 22], True, folder / "long-cols-across.xlsx",
                                  columns="A:A", titles="4:5", across=True),
        # 项目单位 and 项目名称 alone on page 1 (no figure at all), the rest on pages 2 and 3
        "unit-projects": sheet(unit_project_rows(), [16, 40, 14, 12, 24, 14, 14, 18, 14], True,
                               folder / "unit-projects.xlsx"),
        # near miss: a ruled list without figures on page 1, a table of its own on page 2
        "list-then-table": sheet([["某某局所属单位名单"], [None], [None], ["单位名称", "单位性质", "经费形式"],
                                  *[[f"某某单位{k}", "事业单位", "财政补助"] for k in range(5)]],
                                 [12, 34, 12, 12, 12], True, folder / "list-then-table.xlsx",
                                 more=[[r[:5] for r in expense_rows()]]),
        # the same printed without rules: page 1, codes and names, no amount, was read as text
        "codes-names-plain": sheet(expense_rows(), [12, 34, 70, 16, 16, 16, 16, 20], False,
                                   folder / "codes-names-plain.xlsx"),
        # near miss: a list of codes and names without amounts (no rules), then another sheet's
        # table with its own title and amounts
        "codes-then-table": sheet([["某某局2024年政府性基金预算支出表"], ["公开05表"], [None],
                                   ["科目编码", "科目名称", "合计"], *[[r[0], r[1], None] for r in expense_rows()[5:]]],
                                  [12, 34, 12, 12, 12], False, folder / "codes-then-table.xlsx",
                                  more=[[r[:5] for r in expense_rows()]]),
        # 70 rows cut after 科目名称, two pages of codes and names: down, then over (the
        # second's without a header), over, then down, or the header printed again
        **{f"long-codes{kind}{'-plain' if not ruled else ''}": sheet(
            expense_rows(LONG), [12, 34, 70, 16, 16, 16, 16, 20], ruled,
            folder / f"long-codes{kind}{ruled}.xlsx", across=kind == "-across", titles="4:4" if kind == "-titled" else "")
           for kind in ("", "-across", "-titled") for ruled in (True, False)},
        # 60 projects in six units (the unit's cell merged down over its ten rows), 项目单位 and
        # 项目名称 printed again on every page, the header too, printed down, then over
        "unit-groups": unit_groups(folder / "unit-groups.xlsx"),
        # the same printing nothing again: page 3 (科目名称 and amounts) beside page 1
        "unit-groups-once": unit_groups(folder / "unit-groups-once.xlsx", again=False),
        # 48 rows: page 2 the table's last three rows and nothing else, their columns on pages
        # of their own (down, then over; columns A:B and the header printed again; over,
        # then down)
        **{f"last-rows{kind}": sheet(expense_rows(LAST), [12, 34, 16, 16, 16, 16, 16, 20], True,
                                     folder / f"last-rows{kind}.xlsx", across=kind == "-across",
                                     titles="4:4" if kind == "-titled" else "", columns="A:B" if kind == "-titled" else "")
           for kind in ("", "-titled", "-across")},
        # 科目名称 too wide to stand beside 科目编码: page 1 the codes alone (合计's cell empty),
        # page 2 the names (and 合计 …), or, a names column wider than the page, the names alone
        "codes-alone": sheet(expense_rows(), [12, 60, 16, 16, 16, 16, 16, 20], True, folder / "codes-alone.xlsx"),
        "codes-alone-wide": sheet(expense_rows(), [12, 95, 16, 16, 16, 16, 16, 20], True,
                                  folder / "codes-alone-wide.xlsx"),
        # near miss: a list of one ruled column, then another sheet's titled table
        "column-then-table": sheet([["某某局所属单位名单"], [None], [None], ["单位名称"],
                                    *[[f"某某单位{k}"] for k in range(5)]],
                                   [12, 34, 12, 12, 12], True, folder / "column-then-table.xlsx",
                                   more=[[r[:5] for r in expense_rows()]]),
        # near miss: 70 rows fitting the width going on over a page, columns A:B and the
        # header printed again on every page
        "rows-going-on": sheet([r[:5] for r in expense_rows(LONG)], [10, 20, 12, 12, 12], True,
                               folder / "rows-going-on.xlsx", columns="A:B", titles="4:4"),
        # near miss: the same table fitting its page
        "projects-fit": fitted(sheet(project_rows(), [12, 30, 44, 16, 16, 18, 14], True, folder / "projects-fit.xlsx")),
    }
    return dict(zip(books, printed(list(books.values()), folder)))


def fitted(path: Path) -> Path:
    """The workbook set to fit its sheet to the page's width (缩放: 将所有列调整为一页)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    ws = book.active
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    book.save(path)
    return path


def wide_notes(disc) -> list[str]:
    return [i.message for i in disc.issues if "超出页宽" in i.message]


@pytest.mark.parametrize("name", ["codes-names", "codes-names-plain"])
def test_a_page_of_codes_and_names_only_is_read_with_its_amounts(pdfs, name):
    """Page 1 prints 科目编码 and 科目名称 only; the 合计 row's code cell is empty, so page 1's
    first figure is a code (201), and page 2's 合计 amount stood beside a line above it. Before:
    pages 2 and 3 said and not read, not one amount of the table read. Without rules page 1,
    no amount on it, was read as text, without the places its rows could be joined by."""
    disc, got = read(pdfs[name])
    assert got == expense_truth()
    said = wide_notes(disc)
    assert any("第 2 页" in s and "第 1 页" in s for s in said) and any("第 3 页" in s and "第 1 页" in s for s in said)
    assert not [s for s in said if "未读入" in s]


def projects(disc) -> set[tuple[str, str, str, str, Decimal]]:
    return {(r["code"], r["name"], r["project"], r["column"], Decimal(r["amount"]))
            for r in cell_rows(disc) if r["kind"] == "project_expenditure"}


def test_a_project_table_cut_after_its_codes_keeps_codes_projects_and_columns(pdfs):
    """项目支出表: page 1 科目编码 and 科目名称, page 2 项目名称 and 合计, page 3 财政拨款 … .
    Before: page 2 was not joined to page 1, each project lost its function code and name, and
    its 财政拨款 amount was read under another column, silently."""
    disc = parse(pdfs["projects"])
    got = projects(disc)
    assert {(c, n, p, a) for c, n, p, _, a in got} == \
        {("", "合计", "", Decimal(TOTAL))} | {(c, n, p, Decimal(a)) for p, c, n, a in PROJECTS}
    assert got == projects(parse(pdfs["projects-fit"]))
    said = wide_notes(disc)
    assert any("第 2 页" in s and "第 1 页" in s for s in said) and any("第 3 页" in s and "第 1 页" in s for s in said)


def test_a_project_table_fitting_its_page_is_read_as_before(pdfs):
    """Near miss: the same table fitting its page: each project with its code, nothing said of
    a page's width."""
    disc = parse(pdfs["projects-fit"])
    assert {(c, p, col, a) for c, _, p, col, a in projects(disc) if col == "合计"} == \
        {("", "", "合计", Decimal(TOTAL))} | {(c, p, "合计", Decimal(a)) for p, c, _, a in PROJECTS}
    assert not wide_notes(disc)


def grid(no: int, page: int, top: float, cells: list[str], left: float = 40.0, width: float = 80.0) -> Line:
    boxes = [(left + k * width, top, left + (k + 1) * width, top + 15.0) for k in range(len(cells))]
    return Line(no=no, text="\t".join(cells), cells=cells, page=page, bbox=(boxes[0][0], top, boxes[-1][2], top + 15.0),
                cell_boxes=boxes)


def codes_page() -> list[Line]:
    """科目编码 | 科目名称, a 合计 row without a code, then coded rows."""
    return [grid(1, 1, 80.0, ["科目编码", "科目名称"]), grid(2, 1, 95.0, ["", "合计"]),
            grid(3, 1, 110.0, ["201", "一般公共服务支出"]), grid(4, 1, 125.0, ["20101", "人大事务"])]


def test_amounts_beside_a_row_without_code_under_their_own_header_are_joined():
    """Page 2's header beside page 1's, its amounts beside 合计 and the coded rows: joined."""
    page = [grid(5, 2, 80.0, ["合计"]), grid(6, 2, 95.0, ["300.00"]), grid(7, 2, 110.0, ["300.00"]),
            grid(8, 2, 125.0, ["300.00"])]
    out = join_wide_pages(codes_page() + page, {1: 595.0, 2: 595.0}, notes := [], [])
    assert [ln.text for ln in out] == ["科目编码\t科目名称\t合计", "\t合计\t300.00", "201\t一般公共服务支出\t300.00",
                                       "20101\t人大事务\t300.00"]
    assert len(notes) == 1


def test_rows_going_on_beside_a_header_are_not_joined():
    """Near miss: page 2 prints rows of amounts from its top, no header of its own, beside page
    1's header and 合计 rows: a page going on (or another table), never page 1's columns."""
    page = [grid(5, 2, 80.0, ["300.00"]), grid(6, 2, 95.0, ["300.00"]), grid(7, 2, 110.0, ["300.00"]),
            grid(8, 2, 125.0, ["300.00"])]
    pages = codes_page() + page
    notes: list[str] = []
    out = join_wide_pages(pages, {1: 595.0, 2: 595.0}, notes, [])
    assert not notes and not any(ln.text.endswith("300.00") and ln.page == 1 for ln in out)


@pytest.mark.parametrize("name", ["summary-cols", "summary-cols-plain", "summary-cols-rows"])
def test_summary_printing_its_first_column_again_reads_expenditure_as_expenditure(pdfs, name):
    """收支总表 printed with its column A (收入's 项目) again on every page: page 2 the 支出
    names beside it, page 3 the 支出 amounts beside it. Before: page 3 was read as a table of
    its own, each 支出 amount under the 收入 name beside it (3,200.50 as 一般公共预算拨款收入),
    silently; page 2, names without figures, was never joined."""
    disc, got = read(pdfs[name])
    want = {("", a, "收入/预算数", Decimal(x)) for a, x in b37.INCOME if x}
    want |= {("", b, "支出/预算数", Decimal(y)) for b, y in b37.SPENDING}
    assert got == want
    said = wide_notes(disc)
    assert any("第 2 页" in s and "第 1 页" in s for s in said) and any("第 3 页" in s and "第 1 页" in s for s in said)


def test_a_label_page_printing_no_column_again_is_not_joined():
    """Near miss: a page of names only beside page 1's rows, printing none of page 1's columns
    again (nothing shows it is page 1's): not joined, read as it is."""
    base = codes_page() + [grid(5, 1, 140.0, ["2010101", "行政运行"])]
    base = [grid(ln.no, 1, ln.bbox[1], [*ln.cells, f"{k}.00" if k else "合计"]) for k, ln in enumerate(base)]
    page = [grid(6, 2, 80.0, ["项目"]), grid(7, 2, 95.0, ["甲"]), grid(8, 2, 110.0, ["乙"]), grid(9, 2, 125.0, ["丙"])]
    notes: list[str] = []
    assert join_wide_pages(base + page, {1: 595.0, 2: 595.0}, notes, []) == base + page
    assert not notes


@pytest.mark.parametrize("name", ["long-cols", "long-cols-rows", "long-cols-across"])
def test_long_summary_printing_its_first_column_again_reads_every_side(pdfs, name):
    """60 rows, column A printed again on every page, six pages: each page of 支出 names or
    amounts beside its page of rows (down, then over: the second page of rows' without a
    header, in the columns the first's printed; its words set inside the cells the ruled pages
    drew). Before: 60 of 120 amounts right, the others under the 收入 names, silently."""
    disc, got = read(pdfs[name])
    want = {("", a, "收入/预算数", Decimal(x)) for a, x in INCOME}
    want |= {("", b, "支出/预算数", Decimal(y)) for b, y in SPENDING}
    assert got == want
    assert len(wide_notes(disc)) == 4 and not [i for i in disc.issues if "未读入" in i.message]


def test_rows_going_on_with_label_columns_and_header_printed_again_stay_rows(pdfs):
    """Near miss: page 2 prints the header and columns A:B again, beside rows of its own (other
    codes and names at page 1's rows' heights): rows going on, never page 1's columns."""
    disc, got = read(pdfs["rows-going-on"])
    assert got == {r for r in expense_truth(LONG) if r[2] in ("合计", "基本支出", "项目支出")}
    assert not wide_notes(disc)


def test_a_page_of_project_units_and_names_only_is_read_with_its_codes_and_amounts(pdfs):
    """Page 1 prints 项目单位 and 项目名称 only, no figure; page 2 项目类型, the codes, names and
    合计; page 3 the rest. Before: page 1 was read apart and every project lost its name."""
    disc = parse(pdfs["unit-projects"])
    got = projects(disc)
    assert {(c, n, p, a) for c, n, p, col, a in got if col == "合计"} == \
        {("", "合计", "", Decimal(TOTAL))} | {(c, n, p, Decimal(a)) for p, c, n, a in PROJECTS}
    assert got == projects(parse(pdfs["projects-fit"]))
    said = wide_notes(disc)
    assert any("第 2 页" in s and "第 1 页" in s for s in said) and any("第 3 页" in s and "第 1 页" in s for s in said)


def test_a_list_without_figures_before_a_table_of_its_own_stays_apart(pdfs):
    """Near miss: page 1 a ruled list of names without figures, page 2 a table with its own
    title (the other sheet), its rows at the list's rows' heights: page 2 is not page 1's."""
    disc, got = read(pdfs["list-then-table"])
    assert got == {r for r in expense_truth() if r[2] in ("合计", "基本支出", "项目支出")}
    # (page 3 prints the table's 基本支出 and 项目支出: page 2's columns)
    assert not [s for s in wide_notes(disc) if "第 1 页" in s or "第 2 页是" in s]


def test_codes_and_names_without_amounts_before_a_table_of_its_own_stay_apart(pdfs):
    """Near miss: page 1 (no rules) a table's codes and names with no amount (an empty 政府性基金
    table), page 2 another table with its title: page 2 is not page 1's; no code read as an
    amount."""
    disc, got = read(pdfs["codes-then-table"])
    assert got == {r for r in expense_truth() if r[2] in ("合计", "基本支出", "项目支出")}
    assert not [s for s in wide_notes(disc) if "第 1 页" in s]


@pytest.mark.parametrize("name", [f"long-codes{kind}{plain}" for kind in ("", "-across", "-titled") for plain in ("", "-plain")])
def test_long_sheet_cut_after_its_names_reads_every_page_beside_its_rows(pdfs, name):
    """70 rows over two pages of codes and names, 合计 and the other amounts on pages of their
    own. The second page of rows, ruled, prints no amount and no title (its text given column
    by column): it was read as text, so its amounts' pages were said and not read. Before
    this session: no amount read, or (without rules, the header printed again) 58 of 87 read
    under the wrong rows, silently; the ruled ones failed until pages of codes were read ruled."""
    disc, got = read(pdfs[name])
    assert got == expense_truth(LONG)
    assert not [i for i in disc.issues if "未读入" in i.message]


def test_projects_grouped_by_unit_with_label_columns_printed_again_keep_codes_and_amounts(pdfs):
    """项目单位 merged down over each unit's projects, A:B and the header printed on every page:
    page 1 the labels and 科目编码, page 3 科目名称, page 5 合计 and 财政拨款 (page 2, 4, 6 the
    same for the projects going on). A code under 科目编码 is no amount, so page 1 is a page of
    labels its amounts' pages stand beside; a group's first row, as tall as its merged cell,
    does not take its rows' lines. Before: each project's code 2010302 read as an amount, every
    project without its code."""
    disc = parse(pdfs["unit-groups"])
    got = {(c, p, a) for c, _, p, col, a in projects(disc) if col == "合计"}
    assert got == {("", "", Decimal("7770.00"))} | {("2010302", p, Decimal(a)) for _, p, a in GROUPS}
    assert not [r for r in cell_rows(disc) if Decimal(r["amount"]) == Decimal(2010302)]


def test_whole_amounts_beside_a_code_column_stay_amounts():
    """Near miss: a table in 元 of whole amounts (4205000) beside 科目编码: only the cell under
    科目编码 is a code; the page's rows start at its first row with amounts, as before."""
    from budgetlens.readers.pdf_wide import table_start

    page = [grid(1, 1, 80.0, ["科目编码", "科目名称", "合计"]), grid(2, 1, 95.0, ["201", "一般公共服务支出", "4205000"]),
            grid(3, 1, 110.0, ["20101", "人大事务", "4205000"])]
    assert table_start(page) == 1
    labels = [grid(1, 1, 80.0, ["科目编码", "科目名称"]), grid(2, 1, 95.0, ["201", "一般公共服务支出"]),
              grid(3, 1, 110.0, ["20101", "人大事务"])]
    assert table_start(labels) is None and table_start(labels, codes=True) == 1


def test_projects_grouped_by_unit_read_beside_their_rows_with_their_names(pdfs):
    """The unit groups printing nothing again: page 1 项目单位, 项目名称, 科目编码; page 3 科目名称
    and the amounts. A group's first row, its unit's cell merged down over the group, has a
    box as tall as the group: page 3's first row of each group stood level with no row of page
    1. Before: not joined, 60 amounts read under 一般行政管理事务 without project or code."""
    disc = parse(pdfs["unit-groups-once"])
    got = {(c, n, p, a) for c, n, p, col, a in projects(disc) if col == "合计"}
    assert got == {("", "合计", "", Decimal("7770.00"))} | \
        {("2010302", "一般行政管理事务", p, Decimal(a)) for _, p, a in GROUPS}


@pytest.mark.parametrize("name", ["last-rows", "last-rows-titled", "last-rows-across"])
def test_a_page_of_the_last_rows_only_is_read_with_its_columns(pdfs, name):
    """Near miss (read so before too): a page holding the table's last rows and nothing else,
    its columns past the page's width on a page of their own: each amount beside its row."""
    disc, got = read(pdfs[name])
    assert got == expense_truth(LAST)
    assert not [i for i in disc.issues if "未读入" in i.message]


@pytest.mark.parametrize("name", ["codes-alone", "codes-alone-wide"])
def test_a_page_of_codes_alone_is_read_with_its_names_and_amounts(pdfs, name):
    """Page 1 prints 科目编码 alone (one ruled column, 合计's code cell empty), page 2 the names,
    the amounts after them or on page 3 (the names column wider than the page, cut at its
    edge). Before: page 1's column read as text, the names page no page's columns, the
    amounts said and not read: not one amount of the table."""
    disc, got = read(pdfs[name])
    assert got == expense_truth()
    assert any("第 2 页" in s and "第 1 页" in s for s in wide_notes(disc))
    assert not [i for i in disc.issues if "未读入" in i.message]


def test_a_list_of_one_column_before_a_table_of_its_own_stays_apart(pdfs):
    """Near miss: page 1 a ruled list of one column (short names), page 2 another sheet's table
    with its title: not joined; the table reads as it is."""
    disc, got = read(pdfs["column-then-table"])
    assert got == {r for r in expense_truth() if r[2] in ("合计", "基本支出", "项目支出")}
    assert not [s for s in wide_notes(disc) if "第 1 页" in s or "第 2 页是" in s]
