"""A 项目支出表 grouped by unit (项目单位 merged down over its projects), printed down, then
over, its label columns A:B and its header printed on every page. The page of 科目名称 for the
rows of page 2 prints without rules, and there LibreOffice sets a merged unit's text on the
group's last row, where the ruled page 2 sets it on the first: the label columns printed again
were not known as such, the page was not joined, and 19 projects lost their 科目名称 silently.
A merged cell's text, printed again anywhere within the cell's rows, is that cell printed
again; the cells of a page without rules read in base's grid rows are as tall as those rows
(the next page joined finds the rows' edges)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_pdf_probe37b import SOFFICE, printed
from test_pdf_wide_s40 import GROUPS, projects, unit_groups, wide_notes

from budgetlens.pipeline import parse
from budgetlens.readers.base import Line
from budgetlens.readers.pdf_wide import join_wide_pages, repeated

TOTAL = sum(Decimal(a) for _, _, a in GROUPS)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice 未安装，无法打印工作簿")
    folder = tmp_path_factory.mktemp("groups")
    return printed([unit_groups(folder / "unit-groups.xlsx")], folder)[0]


def test_every_project_of_unit_groups_keeps_its_subject_name(pdf):
    """Before: page 4 (科目名称 of rows 41-60) was not joined; 项目4-1 … 项目5-9 had no name."""
    disc = parse(pdf)
    got = {(c, n, p, a) for c, n, p, col, a in projects(disc) if col == "合计"}
    assert got == {("", "合计", "", TOTAL)} | {("2010302", "一般行政管理事务", p, Decimal(a)) for _, p, a in GROUPS}
    said = wide_notes(disc)
    assert any("第 4 页" in s and "第 2 页" in s for s in said)
    assert any("第 6 页" in s and "第 2 页" in s for s in said)


def grid(no: int, page: int, top: float, cells: list[str], height: float = 15.0) -> Line:
    boxes = [(40.0 + k * 80.0, top, 120.0 + k * 80.0, top + (height if k == 0 else 15.0)) for k in range(len(cells))]
    return Line(no=no, text="\t".join(cells), cells=cells, page=page, bbox=(40.0, top, boxes[-1][2], top + height),
                cell_boxes=boxes)


def words(no: int, page: int, top: float, placed: list[tuple[str, float]]) -> Line:
    boxes = [(x + 2.0, top + 2.0, x + 2.0 + 12.0 * len(w), top + 13.0) for w, x in placed]
    return Line(no=no, text=" ".join(w for w, _ in placed), page=page, bbox=(boxes[0][0], top + 2.0, boxes[-1][2], top + 13.0),
                word_boxes=boxes)


def base_page() -> list[Line]:
    """单位 | 项目 | 编码, the unit's cell merged down over three rows (its box as tall)."""
    return [grid(1, 1, 80.0, ["项目单位", "项目名称", "科目编码"]),
            grid(2, 1, 95.0, ["某某单位1", "项目1", "2010302"], height=45.0),
            grid(3, 1, 110.0, ["", "项目2", "2010302"]), grid(4, 1, 125.0, ["", "项目3", "2010302"])]


def test_a_merged_unit_printed_again_on_its_last_row_is_a_column_printed_again():
    page = [words(5, 2, 80.0, [("项目单位", 40.0), ("项目名称", 120.0), ("科目名称", 200.0)]),
            words(6, 2, 95.0, [("项目1", 120.0), ("行政运行", 200.0)]),
            words(7, 2, 110.0, [("项目2", 120.0), ("行政运行", 200.0)]),
            words(8, 2, 125.0, [("某某单位1", 40.0), ("项目3", 120.0), ("行政运行", 200.0)])]
    assert repeated(base_page(), page, {0: 0, 1: 1, 2: 2, 3: 3}) == pytest.approx(202.0)


def test_another_unit_beside_a_merged_cell_is_no_column_printed_again():
    """Near miss: the word at the merged cell's place is not its text: not printed again."""
    page = [words(5, 2, 80.0, [("项目单位", 40.0), ("项目名称", 120.0), ("科目名称", 200.0)]),
            words(6, 2, 95.0, [("项目1", 120.0), ("行政运行", 200.0)]),
            words(7, 2, 110.0, [("项目2", 120.0), ("行政运行", 200.0)]),
            words(8, 2, 125.0, [("某某单位9", 40.0), ("项目3", 120.0), ("行政运行", 200.0)])]
    assert repeated(base_page(), page, {0: 0, 1: 1, 2: 2, 3: 3}) is None


def test_a_merged_units_text_below_its_cell_is_no_column_printed_again():
    """Near miss: the merged cell's text on a row past the cell's rows: not printed again."""
    page = [words(5, 2, 80.0, [("项目单位", 40.0), ("项目名称", 120.0), ("科目名称", 200.0)]),
            words(6, 2, 95.0, [("项目1", 120.0), ("行政运行", 200.0)]),
            words(7, 2, 110.0, [("项目2", 120.0), ("行政运行", 200.0)]),
            words(8, 2, 125.0, [("项目3", 120.0), ("行政运行", 200.0)]),
            words(9, 2, 140.0, [("某某单位1", 40.0), ("项目4", 120.0), ("行政运行", 200.0)])]
    base = [*base_page(), grid(5, 1, 140.0, ["", "项目4", "2010302"])]
    assert repeated(base, page, {0: 0, 1: 1, 2: 2, 3: 3, 4: 4}) is None


def label_page(last: list[tuple[str, float]], more: list[Line] = ()) -> list[Line]:
    return [words(5, 2, 80.0, [("项目单位", 40.0), ("项目名称", 120.0), ("科目名称", 200.0)]),
            words(6, 2, 95.0, [("项目1", 120.0), ("行政运行", 200.0)]),
            words(7, 2, 110.0, [("项目2", 120.0), ("行政运行", 200.0)]),
            words(8, 2, 125.0, last), *more]


def test_a_page_of_names_beside_merged_units_is_joined():
    """The page of 科目名称, the unit printed on its group's last row: joined, nothing warned."""
    lines = join_wide_pages(base_page() + label_page([("某某单位1", 40.0), ("项目3", 120.0), ("行政运行", 200.0)]),
                            {1: 595.0, 2: 595.0}, notes := [], warnings := [])
    assert [ln.cells for ln in lines if ln.page == 1][1:] == [
        ["某某单位1", "项目1", "2010302", "行政运行"], ["", "项目2", "2010302", "行政运行"], ["", "项目3", "2010302", "行政运行"]]
    assert any("第 2 页" in n and "第 1 页" in n for n in notes) and not warnings


def test_a_page_of_names_not_joined_is_said():
    """The unit's text on a row past its merged cell: the label columns printed again are not
    known, the page is not joined; its names would be lost, so it is said, naming the pages."""
    more = [words(9, 2, 140.0, [("某某单位1", 40.0), ("项目4", 120.0), ("行政运行", 200.0)])]
    page = label_page([("项目3", 120.0), ("行政运行", 200.0)], more)
    base = [*base_page(), grid(5, 1, 140.0, ["", "项目4", "2010302"])]
    join_wide_pages(base + page, {1: 595.0, 2: 595.0}, notes := [], warnings := [])
    assert not notes
    assert any("第 2 页" in w and "第 1 页" in w and "名称" in w for w in warnings)


def test_label_columns_printed_again_beside_a_blank_column_are_not_said():
    """Near miss: the page prints the label columns again and a column without any cell filled
    (a kind of funds the unit has none of): nothing is lost, nothing said."""
    page = [words(5, 2, 80.0, [("项目单位", 40.0), ("项目名称", 120.0), ("单位资金", 200.0)]),
            words(6, 2, 95.0, [("项目1", 120.0)]), words(7, 2, 110.0, [("项目2", 120.0)]),
            words(8, 2, 125.0, [("某某单位9", 40.0), ("项目3", 120.0)])]
    join_wide_pages(base_page() + page, {1: 595.0, 2: 595.0}, notes := [], warnings := [])
    assert not warnings, notes
