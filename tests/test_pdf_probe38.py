"""A sheet too wide for its page, printed by LibreOffice without fitting it to the width, more
shapes than tests/test_pdf_probe37b.py: the label columns printed again on every page (print
titles), columns overflowing twice (three pages for the same rows), and the near misses —
pages of other tables whose rows stand level with the page before (each its own table, never
joined), and a table's header and its one row of amounts on a page of their own (read, not
taken for an overflow page)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from test_pdf_probe37b import BOX, SOFFICE, openpyxl, printed, read, sheet

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice 未安装，无法打印工作簿")

TITLE = ["某某局2024年一般公共预算支出表"], ["公开03表"], ["编制单位：某某局", None, "单位：万元"]
HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
# code, name, 合计, 基本支出, 项目支出 (合计 = 基本 + 项目; 类 = its 款 = the sum of its 项)
ROWS = [["", "合计", 5000.0, 3800.0, 1200.0],
        ["201", "一般公共服务支出", 3700.0, 2700.0, 1000.0],
        ["20101", "人大事务", 3700.0, 2700.0, 1000.0],
        ["2010101", "行政运行", 2700.0, 2700.0, None],
        ["2010102", "一般行政管理事务", 1000.0, None, 1000.0],
        ["212", "城乡社区支出", 1300.0, 1100.0, 200.0],
        ["21201", "城乡社区管理事务", 1300.0, 1100.0, 200.0],
        ["2120101", "行政运行", 1300.0, 1100.0, 200.0]]
TRUTH = {(code, name, head, Decimal(f"{value:.2f}"))
         for code, name, *values in ROWS for head, value in zip(HEADER[2:], values) if value is not None}
# another table printed alike on the next page: 基本支出 by economic class
BASIC_HEADER = ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]
BASIC = [["", "合计", 3800.0, 3000.0, 800.0],
         ["301", "工资福利支出", 3000.0, 3000.0, None],
         ["30101", "基本工资", 1800.0, 1800.0, None],
         ["30102", "津贴补贴", 1200.0, 1200.0, None],
         ["302", "商品和服务支出", 800.0, None, 800.0],
         ["30201", "办公费", 500.0, None, 500.0],
         ["30211", "差旅费", 300.0, None, 300.0]]
BASIC_TITLE = ["某某局2024年一般公共预算基本支出表"], ["公开04表"], ["编制单位：某某局", None, "单位：万元"]

LONG = [[f"2010{k:03d}", f"事务{k}", float(100 + k), float(60 + k), 40.0] for k in range(60)]


def notes(disc) -> list[str]:
    return [i.message for i in disc.issues if "超出页宽" in i.message]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("wide38")
    table = [*TITLE, HEADER, *ROWS]
    books = {}
    for ruled, kind in ((True, "ruled"), (False, "plain")):
        # A and B printed again on every page; 合计, 基本支出 and 项目支出 one a page
        books[f"repeated-{kind}"] = sheet(table, [10, 28, 30, 30, 30], ruled, folder / f"repeated-{kind}.xlsx",
                                          columns="A:B")
        # 基本支出 and 项目支出 too wide each for the page of 合计, each on a page of its own
        books[f"twice-{kind}"] = sheet(table, [12, 34, 20, 60, 60], ruled, folder / f"twice-{kind}.xlsx")
        # two sheets laid out alike, each a table fitting its page: their rows stand level
        books[f"two-tables-{kind}"] = sheet(table, [10, 20, 12, 12, 12], ruled, folder / f"two-tables-{kind}.xlsx",
                                            more=[[*BASIC_TITLE, BASIC_HEADER, *BASIC]])
        # the second table without its title: its rows' own codes stand beside the first's
        books[f"untitled-{kind}"] = sheet(table, [10, 20, 12, 12, 12], ruled, folder / f"untitled-{kind}.xlsx",
                                          more=[[[None], [None], [None], BASIC_HEADER, *BASIC]])
    books["three-public"] = three_public(folder / "three-public.xlsx")
    # 60 rows over two pages, printed down, then over: the pages of 基本支出 and 项目支出 come
    # after the second page of rows, no page of their rows before them
    books["down-plain"] = sheet([*TITLE, HEADER, *LONG], [12, 34, 20, 30, 30], False, folder / "down-plain.xlsx")
    made = printed(list(books.values()), folder)
    return dict(zip(books, made))


def three_public(path: Path) -> Path:
    """The 一般公共预算支出表 and, after it, the “三公” table's title; the “三公” table's header,
    its row numbering the columns and its one row of amounts on the next page (a page break)."""
    from openpyxl.worksheet.pagebreak import Break

    rows = [*TITLE, HEADER, *ROWS, [None], ["某某局2024年一般公共预算“三公”经费支出表"], ["公开07表"],
            ["编制单位：某某局", None, "单位：万元"],
            ["合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"],
            [None, None, "小计", "公务用车购置费", "公务用车运行费", None],
            [1, 2, 3, 4, 5, 6],
            [35.0, 0.0, 30.0, 10.0, 20.0, 5.0]]
    sheet(rows, [9, 23, 9, 9, 9, 9], False, path)
    book = openpyxl.load_workbook(path)
    ws = book.active
    end = len(TITLE) + 1 + len(ROWS)            # the last row of the 支出表
    ws.row_breaks.append(Break(id=end + 4))
    for cells in [*ws.iter_rows(min_row=len(TITLE) + 1, max_row=end, max_col=5), *ws.iter_rows(min_row=end + 5)]:
        for cell in cells:
            cell.border = BOX
            if cell.row > end:
                cell.alignment = openpyxl.styles.Alignment(wrap_text=True)
    for row in (end + 5, end + 6):
        ws.row_dimensions[row].height = 45
    book.save(path)
    return path


@pytest.mark.parametrize("kind", ["ruled", "plain"])
def test_label_columns_printed_again_are_read_once_beside_their_rows(pdfs, kind):
    """Print titles A:B: pages 2 and 3 print 科目编码 and 科目名称 again, then 基本支出, then
    项目支出, for the rows of page 1. Before: read as three tables of their own, the same title
    each (ruled), or the pages left unjoined."""
    disc, got = read(pdfs[f"repeated-{kind}"])
    assert got == TRUTH
    said = notes(disc)
    assert any("第 2 页" in s and "第 1 页" in s for s in said) and any("第 3 页" in s for s in said)


@pytest.mark.parametrize("kind", ["ruled", "plain"])
def test_columns_overflowing_twice_are_read_beside_their_rows(pdfs, kind):
    """Pages 2 and 3 print 基本支出 and 项目支出 of page 1's rows."""
    disc, got = read(pdfs[f"twice-{kind}"])
    assert got == TRUTH
    assert any("第 3 页" in s and "第 1 页" in s for s in notes(disc))


@pytest.mark.parametrize("kind", ["ruled", "plain"])
def test_a_table_on_the_next_page_standing_level_is_its_own(pdfs, kind):
    """Near miss: page 2 prints another table laid out alike (its title, header and rows at the
    heights of page 1's): it is no overflow page, each table keeps its rows."""
    disc, got = read(pdfs[f"two-tables-{kind}"])
    assert not notes(disc)
    assert {r for r in got if r[0][:1] == "2" or r[1] == "合计" and r[2] == "项目支出"} <= TRUTH
    assert ("301", "工资福利支出", "人员经费", Decimal("3000.00")) in got
    assert ("30211", "差旅费", "公用经费", Decimal("300.00")) in got


@pytest.mark.parametrize("kind", ["ruled", "plain"])
def test_rows_with_codes_of_their_own_are_no_overflow(pdfs, kind):
    """Near miss: page 2 prints a table without a title, its header at the height of page 1's
    header, its rows (codes and names of their own) at the heights of page 1's rows: not joined,
    no amount of it falls into page 1's columns."""
    disc, got = read(pdfs[f"untitled-{kind}"])
    assert not notes(disc)
    assert {r for r in got if r[0][:1] == "2"} == {r for r in TRUTH if r[0][:1] == "2"}


def test_a_table_header_and_its_one_row_of_amounts_on_a_page_of_their_own_are_read(pdfs):
    """Near miss: page 2 prints the “三公” table's header, its row of column numbers and its
    one row of amounts (no label), its title at the foot of page 1. Before: taken for an
    overflow page that cannot be placed, its amounts dropped with a warning."""
    disc, got = read(pdfs["three-public"])
    assert not notes(disc)
    assert TRUTH <= got
    assert {r[3] for r in got if r not in TRUTH} >= {Decimal("35.00"), Decimal("30.00"), Decimal("5.00")}


def test_overflow_pages_printed_down_then_over_are_read_beside_their_rows(pdfs):
    """Printed down, then over, without rules: page 3 prints 基本支出 and 项目支出 of page 1's
    rows, after page 2 (page 1's rows going on), page 4 those of page 2's. Session 38: page 3
    was said and left out, page 4 too; now each is read beside the page of its rows (header
    level with page 1's; page 4, without a header, in the columns page 3 printed)."""
    disc, got = read(pdfs["down-plain"])
    assert got == {(code, name, head, Decimal(f"{value:.2f}"))
                   for code, name, *values in LONG for head, value in zip(HEADER[2:], values)}
    said = notes(disc)
    assert any("第 3 页" in s and "第 1 页" in s for s in said)
    assert any("第 4 页" in s and "第 2 页" in s for s in said)


def grid_line(no: int, page: int, top: float, cells: list[str], left: float = 40.0, width: float = 60.0):
    from budgetlens.readers.base import Line

    boxes = [(left + k * width, top, left + (k + 1) * width, top + 15.5) for k in range(len(cells))]
    return Line(no=no, text="\t".join(cells), cells=cells, page=page, bbox=(boxes[0][0], top, boxes[-1][2], top + 15.5),
                cell_boxes=boxes)


def text_line(no: int, page: int, top: float, text: str, left: float = 40.0):
    from budgetlens.readers.base import Line

    return Line(no=no, text=text, page=page, bbox=(left, top, left + 14.0 * len(text), top + 13.0))


def test_a_page_whose_only_figure_is_its_page_number_is_not_joined():
    """Near miss, a document laid out in one line spacing (as the 决算 document is printed by
    the project's renderer): page 8 starts an empty table — its title, 编制部门 line, header and
    a sentence — at the heights of page 7's title, 编制部门 line, header and first row; its only
    figure is its page number, level with page 7's. Before: joined as page 7's overflow."""
    from budgetlens.readers.pdf_wide import join_wide_pages

    seven = [text_line(1, 7, 34.0, "一般公共预算财政拨款基本支出决算表"), text_line(2, 7, 56.0, "编制部门：示例市生态环境局 单位：万元"),
             grid_line(3, 7, 78.3, ["科目编码", "科目名称", "决算数"]),
             grid_line(4, 7, 93.8, ["301", "工资福利支出", "510.52"]), grid_line(5, 7, 109.3, ["30101", "基本工资", "180.00"]),
             text_line(6, 7, 569.6, "7", left=417.0)]
    eight = [text_line(7, 8, 34.0, "国有资本经营预算财政拨款支出决算表"), text_line(8, 8, 56.0, "编制部门：示例市生态环境局 单位：万元"),
             grid_line(9, 8, 78.3, ["项目", "本年收入", "本年支出"]), text_line(10, 8, 95.1, "本单位无国有资本经营预算财政拨款支出，故本表为空表。"),
             text_line(11, 8, 569.6, "8", left=417.0)]
    notes: list[str] = []
    warnings: list[str] = []
    lines = seven + eight
    assert join_wide_pages(lines, {7: 842.0, 8: 842.0}, notes, warnings) == lines
    assert not notes and not warnings


def test_amounts_beside_a_title_of_the_page_before_are_no_overflow():
    """Near miss, without rules: page 2 goes on with another table's rows (its header printed
    again), level with page 1's rows, and its last row beside the title of the table starting at
    the foot of page 1. A sheet's overflow columns never stand beside a title: not joined."""
    from budgetlens.readers.base import Line
    from budgetlens.readers.pdf_wide import join_wide_pages

    def line(no: int, page: int, top: float, text: str) -> Line:
        words = text.split()
        boxes = [(40.0 + 120 * k, top, 40.0 + 120 * k + 14 * len(w), top + 12.0) for k, w in enumerate(words)]
        return Line(no=no, text=text, page=page, bbox=(40.0, top, boxes[-1][2], top + 12.0), word_boxes=boxes)

    one = [line(1, 1, 60.0, "项目 预算数"), line(2, 1, 75.0, "一、一般公共预算拨款收入 4720.81"),
           line(3, 1, 90.0, "二、事业收入 100.00"), line(4, 1, 105.0, "收入总计 4820.81"),
           line(5, 1, 120.0, "表5"), line(6, 1, 135.0, "一般公共预算支出情况表")]
    two = [line(7, 2, 60.0, "项目 合计 基本支出"), line(8, 2, 75.0, "社会保障和就业支出 1520.31 1520.31"),
           line(9, 2, 90.0, "卫生健康支出 100.00 100.00"), line(10, 2, 105.0, "住房保障支出 80.00 80.00"),
           line(11, 2, 135.0, "合计 4900.81 4400.31")]
    notes: list[str] = []
    lines = one + two
    assert join_wide_pages(lines, {1: 595.0, 2: 595.0}, notes, []) == lines
    assert not notes
