"""A sheet too wide for its page, more printings: a 收支总表 whose 支出 side (names and amounts)
prints on pages of its own after all the pages of the 收入 side (printed down, then over), and
pages built line by line: a page of amounts only that no page's rows stand level with (said,
not read), a page of amounts whose columns stand elsewhere than the sheet's overflow page
printed them (not joined), and a header printed alone over blank columns."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import test_pdf_probe37b as b37
from test_pdf_probe37b import (
    SOFFICE,
    expense_rows,
    expense_truth,
    number,
    printed,
    read,
    sheet,
    summary_rows,
)

from budgetlens.readers.base import Line
from budgetlens.readers.pdf_wide import join_wide_pages

INCOME = [(f"收入项目{k}", f"{k + 1}.00") for k in range(60)]
SPENDING = [(f"支出项目{k}", f"{k + 101}.00") for k in range(60)]


def summary(path: Path, ruled: bool, titles: str = "") -> Path:
    rows = [["某某局2024年部门收支总表"], ["公开01表"], ["编制单位：某某局", None, None, "单位：万元"],
            ["收入", None, "支出", None], ["项目", "预算数", "项目", "预算数"]]
    rows += [[a, number(x), b, number(y)] for (a, x), (b, y) in zip(INCOME, SPENDING)]
    return sheet(rows, [40, 22, 40, 22], ruled, path, titles=titles)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice 未安装，无法打印工作簿")
    folder = tmp_path_factory.mktemp("wide39")
    books = {f"{kind}{'-titled' if titles else ''}": summary(folder / f"{kind}{titles[:1]}.xlsx", kind == "ruled", titles)
             for kind in ("ruled", "plain") for titles in ("", "4:5")}
    # Excel's way: the grid ruled only as far as the first page goes, the columns printed on the
    # next page without rules
    books["half-expense"] = unruled_from(sheet(expense_rows(), [12, 34, 16, 16, 16, 16, 16, 20], True,
                                               folder / "half-expense.xlsx"), 4)
    books["half-summary"] = unruled_from(sheet(summary_rows(), [40, 22, 40, 22], True, folder / "half-summary.xlsx"), 3)
    return dict(zip(books, printed(list(books.values()), folder)))


def unruled_from(path: Path, column: int) -> Path:
    """The workbook with no border on the cells from column on."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    for row in book.active.iter_rows(min_row=4, min_col=column):
        for cell in row:
            cell.border = openpyxl.styles.Border()
    book.save(path)
    return path


@pytest.mark.parametrize("name", ["ruled", "plain", "ruled-titled", "plain-titled"])
def test_expenditure_side_printed_after_all_income_pages_is_read_as_expenditure(pdfs, name):
    """60 rows printed down, then over: pages 1-2 the 收入 side, pages 3-4 the 支出 side (names
    and amounts) of the same rows (with print titles 4:5, the header printed on every page).
    Before: the 支出 rows were read as 收入 rows, silently."""
    disc, got = read(pdfs[name])
    want = {("", a, "收入/预算数", Decimal(x)) for a, x in INCOME}
    want |= {("", b, "支出/预算数", Decimal(y)) for b, y in SPENDING}
    assert got == want
    said = [i.message for i in disc.issues if "超出页宽" in i.message]
    assert any("第 3 页" in s and "第 1 页" in s for s in said)
    assert any("第 4 页" in s and "第 2 页" in s for s in said)


def grid(no: int, page: int, top: float, cells: list[str], left: float = 40.0, width: float = 80.0) -> Line:
    boxes = [(left + k * width, top, left + (k + 1) * width, top + 15.0) for k in range(len(cells))]
    return Line(no=no, text="\t".join(cells), cells=cells, page=page, bbox=(boxes[0][0], top, boxes[-1][2], top + 15.0),
                cell_boxes=boxes)


def text(no: int, page: int, top: float, words: str) -> Line:
    return Line(no=no, text=words, page=page, bbox=(40.0, top, 40.0 + 14 * len(words), top + 12.0))


def head_page(page: int, no: int) -> list[Line]:
    """A table's title, its 编制单位 line, header and three rows."""
    return [text(no, page, 40.0, "某某局2024年一般公共预算支出表"), text(no + 1, page, 60.0, "编制单位：某某局"),
            grid(no + 2, page, 80.0, ["科目编码", "科目名称", "合计"]),
            grid(no + 3, page, 95.0, ["201", "一般公共服务支出", "300.00"]),
            grid(no + 4, page, 110.0, ["20101", "人大事务", "300.00"]),
            grid(no + 5, page, 125.0, ["2010101", "行政运行", "300.00"])]


def rows_page(page: int, no: int) -> list[Line]:
    """The table's rows going on, from the top of the page, no header."""
    return [grid(no, page, 40.0, ["208", "社会保障和就业支出", "50.00"]),
            grid(no + 1, page, 55.0, ["20805", "行政事业单位养老支出", "50.00"])]


def overflow_page(page: int, no: int) -> list[Line]:
    """Page 1's columns past 合计: the header level with page 1's, amounts level with its rows."""
    return [grid(no, page, 80.0, ["基本支出", "项目支出"]), grid(no + 1, page, 95.0, ["200.00", "100.00"]),
            grid(no + 2, page, 110.0, ["200.00", "100.00"]), grid(no + 3, page, 125.0, ["200.00", "100.00"])]


def test_headless_overflow_page_is_joined_in_the_columns_its_sheet_printed():
    """Down, then over: page 4 prints, without a header, the columns of page 2's rows in the
    columns page 3 (page 1's overflow, with a header) printed: joined beside page 2's rows."""
    pages = head_page(1, 1) + rows_page(2, 7) + overflow_page(3, 9)
    pages += [grid(13, 4, 40.0, ["50.00", ""]), grid(14, 4, 55.0, ["50.00", ""])]
    notes: list[str] = []
    warnings: list[str] = []
    out = join_wide_pages(pages, {n: 595.0 for n in range(1, 5)}, notes, warnings)
    texts = [ln.text for ln in out]
    assert "208\t社会保障和就业支出\t50.00\t50.00\t" in texts
    assert "2010101\t行政运行\t300.00\t200.00\t100.00" in texts
    assert len(notes) == 2 and not warnings


def test_headless_amounts_in_other_columns_are_not_joined_but_said():
    """Near miss: page 4's amounts stand where page 3 printed no column (a page of figures from
    elsewhere): not joined; a page of amounts only after a table is said and not read."""
    pages = head_page(1, 1) + rows_page(2, 7) + overflow_page(3, 9)
    pages += [grid(13, 4, 40.0, ["50.00", "1.00"], left=300.0, width=45.0),
              grid(14, 4, 55.0, ["50.00", "2.00"], left=300.0, width=45.0)]
    notes: list[str] = []
    warnings: list[str] = []
    out = join_wide_pages(pages, {n: 595.0 for n in range(1, 5)}, notes, warnings)
    assert not any(ln.page == 4 for ln in out)
    assert len(notes) == 1 and len(warnings) == 1 and "第 4 页" in warnings[0] and "未读入" in warnings[0]


def test_amounts_only_page_level_with_no_rows_is_said_and_not_read():
    """A page of amounts only after a table, its rows at heights where page 1 has none: said by
    its number, none of its amounts read (before this check: read as the table's rows)."""
    pages = head_page(1, 1) + [grid(7, 2, 300.0, ["5.00", "6.00"]), grid(8, 2, 315.0, ["7.00", "8.00"])]
    warnings: list[str] = []
    out = join_wide_pages(pages, {1: 595.0, 2: 595.0}, [], warnings)
    assert [ln.page for ln in out] == [1] * 6
    assert len(warnings) == 1 and "第 2 页" in warnings[0]


def test_header_over_blank_columns_is_joined_to_the_header():
    """An overflow page printing only the header of columns without a figure (政府性基金 none):
    joined to page 1's header; read on its own it is a header without a table."""
    pages = head_page(1, 1) + [grid(7, 2, 80.0, ["政府性基金", "国有资本经营"])]
    notes: list[str] = []
    out = join_wide_pages(pages, {1: 595.0, 2: 595.0}, notes, [])
    assert [ln.text for ln in out if ln.cells and "科目编码" in ln.cells] == ["科目编码\t科目名称\t合计\t政府性基金\t国有资本经营"]
    assert len(out) == 6 and len(notes) == 1


def test_a_sentence_level_with_the_header_is_not_joined():
    """Near miss: the next page's sentence stands level with page 1's header: its own text."""
    pages = head_page(1, 1) + [grid(7, 2, 80.0, ["本单位无政府性基金预算拨款安排的支出，故本表为空表。"], width=400.0)]
    notes: list[str] = []
    assert join_wide_pages(pages, {1: 595.0, 2: 595.0}, notes, []) == pages
    assert not notes


def test_unruled_overflow_columns_of_a_ruled_table_are_read_in_their_columns(pdfs):
    """Page 1 ruled, page 2 (基本支出 … 经营支出) printed without rules, blank cells among its
    amounts (一般行政管理事务 has 项目支出 only). Before: page 2 said and left out."""
    disc, got = read(pdfs["half-expense"])
    assert got == expense_truth()
    assert any("第 2 页" in i.message and "第 1 页" in i.message for i in disc.issues if "超出页宽" in i.message)


def test_unruled_expenditure_side_of_a_ruled_summary_is_read_as_expenditure(pdfs):
    """收支总表, its 支出 side on page 2 without rules (5 amounts: few for a table of its own).
    Before: page 2 read as plain text, its 支出 rows lost without a word."""
    _, got = read(pdfs["half-summary"])
    want = {("", a, "收入/预算数", Decimal(x)) for a, x in b37.INCOME if x}
    want |= {("", b, "支出/预算数", Decimal(y)) for b, y in b37.SPENDING}
    assert got == want


def words(no: int, page: int, top: float, placed: list[tuple[str, float]]) -> Line:
    """A line of a page without rules: each word at its x, 8 points a character."""
    boxes = [(x, top + 2.0, x + 8.0 * len(w), top + 12.0) for w, x in placed]
    return Line(no=no, text=" ".join(w for w, _ in placed), page=page, bbox=(boxes[0][0], top + 2.0, boxes[-1][2], top + 12.0),
                word_boxes=boxes)


def test_unruled_columns_that_cannot_be_told_are_said_and_not_read():
    """Near miss: page 2, without rules, level with page 1's rows, prints an amount ending left
    of where its header's first word starts: its column cannot be told; said, not read."""
    pages = head_page(1, 1) + [words(7, 2, 80.0, [("基本支出", 300.0)]), words(8, 2, 95.0, [("200.00", 250.0)]),
                               words(9, 2, 110.0, [("200.00", 300.0)]), words(10, 2, 125.0, [("200.00", 300.0)])]
    warnings: list[str] = []
    out = join_wide_pages(pages, {1: 595.0, 2: 595.0}, [], warnings)
    assert [ln.page for ln in out] == [1] * 6
    assert len(warnings) == 1 and "第 2 页" in warnings[0] and "未读入" in warnings[0]


def test_unruled_page_at_other_heights_is_its_own():
    """Near miss: a page without rules after a ruled table, its lines 13.5 points apart (another
    table): each in one of page 1's rows, but ever higher in it; read as it is."""
    pages = head_page(1, 1) + [words(7, 2, 80.0, [("项目", 40.0), ("金额", 200.0)]),
                               words(8, 2, 93.5, [("办公费", 40.0), ("20.00", 200.0)]),
                               words(9, 2, 107.0, [("差旅费", 40.0), ("30.00", 200.0)]),
                               words(10, 2, 120.5, [("会议费", 40.0), ("10.00", 200.0)])]
    notes: list[str] = []
    warnings: list[str] = []
    assert join_wide_pages(pages, {1: 595.0, 2: 595.0}, notes, warnings) == pages
    assert not notes and not warnings


def plain_table(folder: Path, name: str, below: list[list]) -> Path:
    """The 一般公共预算支出表 of tests/test_pdf_probe37b.py (合计, 基本支出, 项目支出), printed
    without rules, fitting its page, with the rows below."""
    rows = [r[:5] for r in expense_rows()]
    rows[2] = ["编制单位：某某局", None, None, None, "单位：万元"]
    return sheet([*rows, *below], [10, 34, 14, 14, 14], False, folder / f"{name}.xlsx")


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice 未安装，无法打印工作簿")
    folder = tmp_path_factory.mktemp("plain39")
    books = {"note": plain_table(folder, "note", [[None], ["注：本表金额单位为万元，数据来源于部门预算批复"]]),
             "item": plain_table(folder, "item", [["2130101", "注册管理事务", None, None, None]]),
             "summary": sheet(summary_rows(), [34, 14, 34, 14], False, folder / "summary.xlsx")}
    return dict(zip(books, printed(list(books.values()), folder)))


def test_a_note_under_an_unruled_table_is_no_row(plain):
    """"注：…" under a table printed without rules. Before: a row without amounts named “注：本表
    金额单位为万元…”."""
    disc, got = read(plain["note"])
    assert got == {r for r in expense_truth() if r[2] in ("合计", "基本支出", "项目支出")}
    names = [row.name for table in disc.tables for row in table.rows]
    assert not any(name.startswith("注") for name in names)
    assert "2080505" in [row.code for table in disc.tables for row in table.rows]


def test_a_last_row_without_amounts_stays_a_row(plain):
    """Near miss: the table's last row, a code and a name opening with 注 (注册管理事务), no
    amounts: still a row."""
    disc, _ = read(plain["item"])
    rows = [(row.code, row.name) for table in disc.tables for row in table.rows]
    assert ("2130101", "注册管理事务") in rows


HEAD = "<tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>"


def coded_table(path: Path, rows: list[tuple], align: str, padding: str) -> Path:
    """A 一般公共预算支出表 printed without rules (WeasyPrint), its name column 60 points wide."""
    weasyprint = pytest.importorskip("weasyprint")
    from test_pdf_unruled import CSS

    widths = [40, 60, 60, 60, 60]
    cols = "".join(f'<col style="width:{w}pt">' for w in widths)
    body = "".join("<tr>" + "".join(f'<td class="{"n" if k > 1 else ""}">{c}</td>' for k, c in enumerate(row)) + "</tr>"
                   for row in rows)
    html = (f"<html><head><style>{CSS % align} td, th {{ padding: {padding}; }}</style></head><body>"
            f"<p>某某中心2025年部门预算公开</p><h3>一般公共预算支出情况表</h3><p>编制部门：某某中心　　单位：万元</p>"
            f'<table style="table-layout: fixed; width: {sum(widths)}pt">{cols}{HEAD}{body}</table></body></html>')
    weasyprint.HTML(string=html).write_pdf(str(path))
    return path


CODED = [("", "合计", "300.00", "200.00", "100.00"),
         ("201", "一般公共服务支出", "", "", ""),          # a class's heading: no amounts, its name wrapped
         ("2010101", "行政运行", "200.00", "200.00", ""),
         ("2010102", "一般行政管理事务", "100.00", "", "100.00")]


def rows_read(path: Path) -> list[tuple[str, str, list[str]]]:
    from budgetlens.pipeline import parse

    return [(row.code, row.name, [str(c.amount) for c in row.cells]) for table in parse(path).tables for row in table.rows]


@pytest.mark.parametrize("padding", ["0 4pt", "1pt 4pt"])
def test_a_centred_class_heading_wrapped_without_amounts_is_one_row(tmp_path, padding):
    """Cells centred: 一般公共服务支出 wraps over two lines, its code alone half a line off
    between them, no amounts. Before: two rows, “一般公共服” and 201 “务支出”."""
    got = rows_read(coded_table(tmp_path / "t.pdf", CODED, "middle", padding))
    assert got == [("", "合计", ["300.00", "200.00", "100.00"]), ("201", "一般公共服务支出", []),
                   ("2010101", "行政运行", ["200.00", "200.00"]), ("2010102", "一般行政管理事务", ["100.00", "100.00"])]


@pytest.mark.parametrize("padding", ["0 4pt", "1pt 4pt"])
def test_a_wrapped_name_under_a_one_line_heading_joins_its_own_row(tmp_path, padding):
    """Near miss: the heading (201 人大事务, no amounts) fits its line; the row under it wraps
    its name centred (一般行政管 / 理事务 around its code and amounts): the name's first line
    joins that row, not the heading."""
    rows = [CODED[0], ("201", "人大事务", "", "", ""), CODED[3]]
    got = rows_read(coded_table(tmp_path / "t.pdf", rows, "middle", padding))
    assert got == [("", "合计", ["300.00", "200.00", "100.00"]), ("201", "人大事务", []),
                   ("2010102", "一般行政管理事务", ["100.00", "100.00"])]


@pytest.mark.parametrize("align", ["middle", "bottom", "top"])
def test_a_numbered_label_under_a_class_heading_is_a_row_of_its_own(tmp_path, align):
    """A class heading without amounts (201 人大事务), then a group's label on its own line,
    opening an item (（一）本级), no code, no amounts. Before: glued to the heading's name
    (人大事务（一）本级)."""
    rows = [CODED[0], ("201", "人大事务", "", "", ""), ("", "（一）本级", "", "", ""), *CODED[2:]]
    got = rows_read(coded_table(tmp_path / "t.pdf", rows, align, "1pt 4pt"))
    assert ("201", "人大事务", []) in got
    assert ("", "（一）本级", []) in got


def test_the_rest_of_a_heading_name_hanging_below_it_is_still_joined(tmp_path):
    """Near miss: cells set to the top, the heading's name wrapped (一般公共服 / 务支出), its
    second line opening no item: joined to the heading as before."""
    got = rows_read(coded_table(tmp_path / "t.pdf", CODED, "top", "1pt 4pt"))
    assert ("201", "一般公共服务支出", []) in got


def test_amounts_only_page_printing_dashes_for_empty_cells_is_said_and_not_read():
    """A page of amounts only after a table, its empty cells printed as dashes (Excel's
    accounting format), level with no row: said, not read (before: read silently, a dash being
    no figure)."""
    pages = head_page(1, 1) + [grid(7, 2, 300.0, ["5.00", "-"]), grid(8, 2, 315.0, ["—", "8.00"])]
    warnings: list[str] = []
    out = join_wide_pages(pages, {1: 595.0, 2: 595.0}, [], warnings)
    assert [ln.page for ln in out] == [1] * 6
    assert len(warnings) == 1 and "第 2 页" in warnings[0]


def test_a_page_of_dashes_and_names_is_read():
    """Near miss: the next page's rows print names beside their dashes and amounts: a table of
    its own, read."""
    pages = head_page(1, 1) + [grid(7, 2, 300.0, ["办公费", "5.00", "-"]), grid(8, 2, 315.0, ["差旅费", "—", "8.00"])]
    warnings: list[str] = []
    assert join_wide_pages(pages, {1: 595.0, 2: 595.0}, [], warnings) == pages
    assert not warnings


def test_the_form_label_over_an_unruled_table_is_no_header(plain):
    """公开01表 printed between the title and the 编制单位 line of a table without rules. Before:
    read as a header row, said as header text no column explains (“公开表”)."""
    disc, got = read(plain["summary"])
    table = disc.tables[0]
    assert [h.cells for h in table.header] == [["收入", "支出"], ["项目", "预算数", "项目", "预算数"]]
    assert not table.header_unmapped
    assert ("", "收入总计", "收入/预算数", Decimal("4820.81")) in got


def test_one_row_of_amounts_alone_after_a_page_ending_in_rows_is_said():
    """A page printing a header and one row of amounts only (a one-row table's columns past
    the width, 三公 say), level with nothing on the page before, which ends in its table's rows:
    said, not read (before: read as a row without a name)."""
    pages = head_page(1, 1) + [grid(7, 2, 300.0, ["公务接待费", "公务用车购置费"]), grid(8, 2, 315.0, ["5.00", "8.00"])]
    warnings: list[str] = []
    out = join_wide_pages(pages, {1: 595.0, 2: 595.0}, [], warnings)
    assert [ln.page for ln in out] == [1] * 6
    assert len(warnings) == 1 and "第 2 页" in warnings[0]


def test_a_header_and_its_one_row_after_a_page_ending_in_a_title_are_read():
    """Near miss: the page before ends in the next table's title; this page prints that table's
    header and its one row of amounts: read as they are."""
    pages = head_page(1, 1) + [text(7, 1, 400.0, "某某局2024年一般公共预算“三公”经费支出表")]
    pages += [grid(8, 2, 40.0, ["合计", "公务接待费"]), grid(9, 2, 55.0, ["5.00", "5.00"])]
    warnings: list[str] = []
    assert join_wide_pages(pages, {1: 595.0, 2: 595.0}, [], warnings) == pages
    assert not warnings


def test_pages_of_prose_read_without_positions_and_their_page_numbers_are_kept():
    """Near miss: a cover, then a page of prose, each read as text without positions and ending
    in its page number ("1", "2"): a page number is no row of amounts, the prose page is read
    (a rendered document lost its 目录 and 概况 pages as amounts-only pages)."""
    pages = [Line(no=1, text="某某局", page=1), Line(no=2, text="2026年部门预算公开", page=1), Line(no=3, text="1", page=1),
             Line(no=4, text="第一部分 2026年部门概况", page=2), Line(no=5, text="一、主要职能", page=2),
             Line(no=6, text="2", page=2)]
    warnings: list[str] = []
    assert join_wide_pages(pages, {1: 595.0, 2: 595.0}, [], warnings) == pages
    assert not warnings


def test_a_page_of_prose_without_positions_after_a_table_page_is_read():
    """Near miss: the page before ends in its table's rows; the next page is prose read without
    positions, ending in its page number: read, not said to be a table's amounts."""
    pages = head_page(1, 1) + [Line(no=7, text="第三部分 2026年部门预算情况说明", page=2),
                               Line(no=8, text="收支总预算1759.05万元。", page=2), Line(no=9, text="13", page=2)]
    warnings: list[str] = []
    assert join_wide_pages(pages, {1: 595.0, 2: 595.0}, [], warnings) == pages
    assert not warnings
