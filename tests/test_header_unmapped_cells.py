"""Header text the template cannot place is named cell by cell, as printed.

A header whose cells are read as one run of text (a cell wraps over lines in some conversions)
had its unmapped text reported as that run: 基本支出 over 小计 | 人员经费 | 公用经费, in a table
whose template prints 基本支出 alone (Xinjiang's 部门支出总体情况表), was reported as
"小计人员经费公用经费", text no cell prints. Each cell's left-over text is now its own fragment; a known header cut over two cells
(基本 | 支出) is still read whole.
"""

from __future__ import annotations

import re
from decimal import Decimal

from conftest import EXAMPLES

from budgetlens.extract.headers import unmapped_cells
from budgetlens.pipeline import parse
from budgetlens.templates import load_templates

SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"     # xj-dept-budget-2025: its 表3 prints 基本支出 alone
AMOUNT = re.compile(r"^\d[\d,]*\.\d\d$")
HEADER = {"科目\t": "科目\t\t\t支出预算\t\t\t\t\t",
          "功能分类科目编码": "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t\t\t项目支出",
          "类\t款\t项": "类\t款\t项\t\t\t小计\t人员经费\t公用经费\t",
          "※": "※\t※\t※\t※\t1\t2\t3\t4\t5"}


def split_basic_t3() -> str:
    """The seed with its 表3's 基本支出 printed over 小计 | 人员经费 | 公用经费 (人员经费 the whole
    of it, 公用经费 0.00): columns the template's 部门支出总体情况表 does not know (its 一般公共预算
    支出情况表 does: the split is read there)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = lines.index("部门支出总体情况表")
    end = next(k for k in range(start, len(lines)) if lines[k].startswith("表 4"))
    for k in range(start, end):
        cells = lines[k].split("\t")
        head = next((new for old, new in HEADER.items() if lines[k].startswith(old)), None)
        if head is not None:
            lines[k] = head
        elif len(cells) >= 7 and AMOUNT.match(cells[4]):
            basic = cells[5]
            lines[k] = "\t".join([*cells[:6], basic, "0.00" if basic else "", *cells[6:]])
    return "\n".join(lines)


def test_unmapped_header_cells_are_named_one_by_one(tmp_path):
    path = tmp_path / "dept.txt"
    path.write_text(split_basic_t3(), encoding="utf-8")
    disc = parse(path)
    table = next(t for t in disc.tables if t.kind == "expenditure")
    assert table.template_table == "expenditure#3"
    assert table.header_unmapped == ["小计", "人员经费", "公用经费"]
    # the parts are said column by column (each with its header path), not again as loose words
    said = [i.message for i in disc.issues if i.provenance and i.provenance.table == table.index
            and i.code in ("header-unmapped", "column-not-in-template")]
    assert len(said) == 2, said
    assert "基本支出/人员经费" in said[0] and "基本支出/公用经费" in said[1], said
    # and 小计, under 基本支出, is 基本支出: the seed's 表3 总计 row prints 1,759.05 | 1,599.05 | 160.00
    basic = [f.amount for f in disc.facts if f.table == table.index and f.coords.nature == "basic"
             and not f.coords.function_code]
    assert basic == [Decimal("1599.05")], basic


def spec():
    template = next(t for t in load_templates() if t.id == "xj-dept-budget-2025")
    return template.table("expenditure")


def test_a_cell_partly_known_leaves_its_own_rest():
    header = [["功能分类科目编码", "功能分类科目名称", "合计", "基本支出小计", "人员经费", "项目支出"]]
    assert unmapped_cells(header, spec()) == ["小计", "人员经费"]


def test_a_known_header_cut_over_two_cells_is_read_whole():
    header = [["功能分类科目编码", "功能分类科目名称", "合计", "基本", "支出", "项目支出"]]
    assert unmapped_cells(header, spec()) == []
