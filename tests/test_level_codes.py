"""Codes printed level by level in 类 | 款 | 项 columns, each row only its own part ("201 | | ",
" | 03 | ", " | | 01"; or the 类 and 款 cells merged down over their children): a row takes
the parts it leaves blank from the nearest row above that prints them, in every format."""

from __future__ import annotations

import copy

import pytest

import docgen
from budgetlens.extract.rows import BlockRows, RawRow, codes_from_rows_above
from budgetlens.pipeline import parse
from conftest import EXAMPLES
from test_readers_office import cli_cells, text_cells

SEED = "000_9131eab83374bb33"
LEVELS = ("类", "款", "项")


def own_level_only(document: docgen.Document) -> docgen.Document:
    """The seed's tables with each code printed at its own level only: the parts above blank."""
    out = copy.deepcopy(document)
    for table in out.blocks:
        if not isinstance(table, docgen.Table):
            continue
        named = next((row for row in table.rows[:table.header] if "类" in row and "款" in row), None)
        if named is None:
            continue
        columns = [named.index(level) for level in LEVELS if level in named]
        for row in table.rows[table.header:]:
            parts = [row[j] for j in columns]
            if not parts[0].isdigit():
                continue                            # a total or a project without code
            deepest = max(k for k, p in enumerate(parts) if p)
            for j in columns[:deepest]:
                row[j] = ""
    return out


@pytest.fixture(scope="module")
def sparse_document():
    document = own_level_only(docgen.seed_document(EXAMPLES / f"{SEED}.txt"))
    blanked = sum(1 for t in document.blocks if isinstance(t, docgen.Table)
                  for row in t.rows[t.header:] if row[:1] == [""] and row[1:2] != [""] and row[1].isdigit())
    assert blanked > 20                             # the 款 and 项 rows of several tables
    return document


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "html"])
def test_codes_printed_at_their_own_level_read_whole(sparse_document, tmp_path, fmt):
    path = tmp_path / f"sparse.{fmt}"
    getattr(docgen, f"write_{fmt}")(EXAMPLES / f"{SEED}.txt", path, document=sparse_document)
    assert cli_cells(path) == text_cells(SEED)
    # the row keeps its label as printed: the 款 alone
    table = next(t for t in parse(path).tables if t.kind == "income")
    row = next(r for r in table.rows if r.code == "20103")
    assert row.raw_label.startswith(" | 03 | ")


def test_codes_printed_at_their_own_level_in_a_pdf(sparse_document, tmp_path):
    pytest.importorskip("weasyprint")
    path = tmp_path / "sparse.pdf"
    docgen.write_pdf(EXAMPLES / f"{SEED}.txt", path, document=sparse_document)
    whole = tmp_path / "whole.pdf"
    docgen.write_pdf(EXAMPLES / f"{SEED}.txt", whole)
    assert cli_cells(path) == cli_cells(whole)


def raw(line: int, levels: list[str], code: str | None = None) -> RawRow:
    """A row as _label_row reads it: the code its cells print, in order."""
    return RawRow(line=line, line_end=line, code="".join(levels) if code is None else code, name="x",
                  levels=levels, raw_label=" | ".join(levels + ["x"]))


def test_rows_without_code_take_none_and_give_none():
    block = BlockRows(rows=[
        RawRow(line=1, line_end=1, name="合计"),
        raw(2, ["301", ""]),
        raw(3, ["", "01"]),
        RawRow(line=4, line_end=4, name="某项目"),          # a project printed without code
        raw(5, ["", "02"]),
        raw(6, ["302", "01"]),                            # printed whole: stays as printed
        raw(7, ["", "11"]),
    ])
    codes_from_rows_above(block)
    assert [r.code for r in block.rows] == ["", "301", "30101", "", "30102", "30201", "30211"]
    assert not block.warnings


def test_merged_cells_and_whole_codes_in_the_first_column():
    """A 类 merged down (blank on the rows below, its 款 printed), a whole code printed in the 类
    column, a 款 written without its leading zero by a spreadsheet."""
    block = BlockRows(rows=[raw(1, ["2010301", "", ""]), raw(2, ["", "", "02"]),
                            raw(3, ["208", "", ""]), raw(4, ["208", "5", ""], "20805"), raw(5, ["", "", "01"])])
    codes_from_rows_above(block)
    assert [r.code for r in block.rows] == ["2010301", "2010302", "208", "20805", "2080501"]


def test_a_class_merged_down_over_printed_parts():
    """The 类 merged down, the 款 and 项 printed on each row: a new 款 under the same 类."""
    block = BlockRows(rows=[raw(1, ["201", "", ""]), raw(2, ["", "01", "02"]), raw(3, ["", "03", "01"]),
                            raw(4, ["", "", "02"])])
    codes_from_rows_above(block)
    assert [r.code for r in block.rows] == ["201", "2010102", "2010301", "2010302"]


def test_a_part_under_another_class_is_not_taken():
    """"208 | | 01" under 20103: the 款 above is 201's, not 208's."""
    block = BlockRows(rows=[raw(1, ["201", "03", ""]), raw(2, ["208", "", "01"], "20801")])
    codes_from_rows_above(block)
    assert [r.code for r in block.rows] == ["20103", "20801"]
    assert [w[0] for w in block.warnings] == ["code-part-alone"]


def test_a_part_with_nothing_above_is_kept_and_said():
    block = BlockRows(rows=[raw(1, ["", "03", ""]), raw(2, ["201", "", ""]), raw(3, ["", "", "01"])])
    codes_from_rows_above(block)
    assert [r.code for r in block.rows] == ["03", "201", "01"]
    assert [w[0] for w in block.warnings] == ["code-part-alone", "code-part-alone"]
    assert "第 1 行" in block.warnings[0][1] and "第 3 行" in block.warnings[1][1]


def boxed(no: int, page: int, cells: list[str], top: float, height: float = 10, spans: dict | None = None):
    """A PDF grid line: 类 | 款 | 名称 | 合计 boxes; spans: a cell's box reaching further down."""
    from budgetlens.readers import Line
    xs = [(0, 40), (40, 80), (80, 200), (200, 300)]
    boxes = [(x0, top, x1, top + (spans or {}).get(j, height)) for j, (x0, x1) in enumerate(xs)]
    return Line(no=no, text="\t".join(cells), cells=cells, page=page, bbox=(0, top, 300, top + height),
                cell_boxes=boxes)


def test_a_merged_class_cell_continued_on_the_next_page():
    """Word prints a 类 cell merged down over its 款 rows; where the merge crosses a page break
    the next page draws an empty cell over the rest (d_vmerge 表6: 30101 … 30113 read 01 … 13)."""
    from budgetlens.extract.geometry import boxed_rows
    from budgetlens.templates import TableSpec
    spec = TableSpec.model_validate({"number": 6, "kind": "basic_expenditure", "titles": ["基本支出表"],
                                     "rows": "economic", "columns": [{"key": "total", "label": "合计"}]})
    header = [["经济分类科目编码", "", "经济分类科目名称", "合计"], ["类", "款", "", ""]]
    lines = [boxed(1, 1, header[0], 0), boxed(2, 1, header[1], 10),
             boxed(3, 1, ["301", "", "工资福利支出", "30.00"], 20),
             boxed(4, 2, header[0], 0), boxed(5, 2, header[1], 10),
             boxed(6, 2, ["", "01", "基本工资", "10.00"], 20, spans={0: 20}),
             boxed(7, 2, ["", "02", "津贴补贴", "20.00"], 30),
             boxed(8, 2, ["302", "", "商品和服务支出", "5.00"], 40),
             boxed(9, 2, ["", "01", "办公费", "5.00"], 50)]
    lines[6].cells[0], lines[6].cell_boxes[0] = "", None            # covered by the merged cell above
    out = boxed_rows(lines, spec)
    assert [(r.code, r.name) for r in out.rows] == [
        ("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "津贴补贴"), ("302", "商品和服务支出"),
        ("30201", "办公费")]
    assert [r.raw_label for r in out.rows][1] == "01 | 基本工资"
