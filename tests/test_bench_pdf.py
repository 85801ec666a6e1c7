"""How bench/pdf.py judges a tool's cell against a golden cell (the bench itself is not run here)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import load_bench

B = load_bench("pdf")


def gold(column="收入/金额", name="一、财政拨款", code="", amount="10070.48", page=1, sided=False):
    return B.Cell(page, B.norm_code(code), B.label_parts(name), B.norm_text(column), Decimal(amount), sided)


def out(column="收入/金额", names=("一、财政拨款",), code="", amount="10,070.48", page=1):
    return B.Cell(page, B.norm_code(code), B.label_parts(*names), B.norm_text(column), B.to_amount(amount))


@pytest.mark.parametrize("g, o", [
    (gold(), out()),
    # amounts compare as numbers: separators and trailing zeros do not matter
    (gold(amount="80"), out(amount="80.00")),
    # code decides when the golden prints one, whatever the name
    (gold(code="201 03 01", name="行政运行", column="合计"),
     out(code="2010301", names=("2010301行政运行",), column="合计")),
    # the leaf decides: raw grids print every header row, budgetlens its canonical groups
    (gold(column="本年支出/预算数/基本支出/人员经费"), out(column="支出/人员经费")),
    (gold(column="支出/人员经费"), out(column="项目/本年支出/预算数/基本支出/人员经费")),
    # the row matches when any of the tool's labels is the name (project tables: name, project)
    (gold(name="信息化运维项目", column="项目支出合计"), out(names=("行政运行", "信息化运维项目"), column="项目支出合计")),
    # a golden name joining several label cells: the tool may print all of them or fewer
    (gold(name="一般公共预算资金/小计", column="金额"), out(names=("一般公共预算资金",), column="金额")),
    (gold(name="一般公共预算资金/小计", column="金额"), out(names=("一般公共预算资金", "小计"), column="金额")),
    (gold(name="台式计算机（20万以下） | 分散自行组织", column="总计"), out(names=("台式计算机（20万以下）",), column="总计")),
    # a one-row table without a row label
    (gold(name="", column="合计"), out(names=(), column="合计")),
    # text normalisation: wrap spaces, ASCII parentheses, radicals
    (gold(name="公共财政拨款（补助）资金", column="财政拨款收入"), out(names=("公共财政拨款 (补助)\n资金",), column="财政拨款\n收入")),
    (gold(name="一般公共预算", column="合计"), out(names=("⼀般公共预算",), column="合计")),
    # a side-by-side table printing 金额 under both sides: the side must agree, loosely named
    (gold(column="收入/金额", sided=True), out(column="收入/金额")),
    (gold(column="收入/金额", sided=True), out(column="本年收入/金额")),
    (gold(column="支出/支出用途/金额", name="一、基本支出", sided=True), out(column="支出用途/金额", names=("一、基本支出",))),
])
def test_matches(g, o):
    assert B.matches(g, o)


@pytest.mark.parametrize("g, o", [
    (gold(), out(amount="10070.49")),                                  # another amount
    (gold(), out(page=2)),                                             # another page
    (gold(), out(names=("1.一般公共预算",))),                            # another row
    (gold(name="一般公共预算资金/小计"), out(names=("其他资金", "小计"))),     # another group's 小计
    (gold(name="", column="合计"), out(names=("合计",), column="合计")),      # a label the row lacks
    (gold(name="合计", column="合计"), out(names=(), column="合计")),         # no label read
    (gold(code="2010301", name="行政运行", column="合计"), out(code="2010302", names=("行政运行",), column="合计")),
    (gold(code="2010301", name="行政运行", column="合计"), out(code="", names=("行政运行",), column="合计")),
    (gold(column="合计"), out(column="基本支出")),                        # wrong column
    (gold(column="基本支出/人员经费"), out(column="人员经费/基本支出")),     # leaf differs
    (gold(column="合计"), out(column="")),                               # no header read
    (gold(column="合计"), out(column="合计|基本支出")),                    # undecided candidates
    (gold(column="收入/金额", sided=True), out(column="支出/金额")),        # wrong side
    (gold(column="收入/金额", sided=True), out(column="金额")),            # side not printed
])
def test_does_not_match(g, o):
    assert not B.matches(g, o)


def test_score_counts_each_tool_cell_once_and_only_on_golden_pages():
    golden = [gold(), gold(name="1.一般公共预算")]
    output = [out(), out(),                                          # the same cell twice
              out(names=("1.一般公共预算",), column="收入/合计"),       # right amount, wrong column
              out(page=9)]                                           # a page the golden skips
    s = B.score(golden, output)
    assert (s.golden, s.found, s.output, s.invented) == (2, 1, 3, 2)
    assert s.recall == 0.5 and s.precision == pytest.approx(1 / 3)
    assert [c.names for c in s.missed] == [("1.一般公共预算",)]


def test_golden_marks_a_leaf_printed_under_two_sides(tmp_path):
    path = tmp_path / "x.cells.csv"
    path.write_text("page,table,title,code,name,column,amount\n"
                    "1,1,收支总表,,一、财政拨款,收入/金额,\"10,070.48\"\n"
                    "1,1,收支总表,,一、一般公共服务支出,支出/金额,7827.46\n"
                    "2,2,收入总表,,一般公共预算资金/小计,金额,10070.48\n", encoding="utf-8")
    cells = B.load_golden(path)
    assert [c.sided for c in cells] == [True, True, False]
    assert cells[0].amount == Decimal("10070.48")
    assert cells[2].names == ("一般公共预算资金", "小计")


def test_raw_grid_reads_merged_headers_and_labels():
    """A side-by-side grid as pdfplumber returns it: merged cells repeat their text (region)."""
    text = [["本年收入", "本年收入", "本年支出", "本年支出", "本年支出"],
            ["项目", "预算数", "项目", "预算数", "预算数"],
            ["项目", "预算数", "项目", "合计", "人员经费"],
            ["一、财政拨款收入", "91,016,775.35", "一、一般公共服务支出", "82,096,797.42", "13,819,399.88"],
            ["", "", "二、社会保障和就业支出", "4,213,779.28", ""]]
    region = [[(0, 0), (0, 0), (0, 2), (0, 2), (0, 2)],
              [(1, 0), (1, 1), (1, 2), (1, 3), (1, 3)],
              [(1, 0), (1, 1), (1, 2), (2, 3), (2, 4)],
              [(3, c) for c in range(5)],
              [(4, c) for c in range(5)]]
    cells = B.grid_cells(B.Grid(8, text, region))
    got = {(c.names, c.column, str(c.amount)) for c in cells}
    assert got == {(("一、财政拨款收入",), "本年收入/预算数", "91016775.35"),
                   (("一、一般公共服务支出",), "本年支出/预算数/合计", "82096797.42"),
                   (("一、一般公共服务支出",), "本年支出/预算数/人员经费", "13819399.88"),
                   (("二、社会保障和就业支出",), "本年支出/预算数/合计", "4213779.28")}


def test_raw_grid_codes_from_digit_cells():
    text = [["类", "款", "名称", "合计"],
            ["201", "03", "政府办公厅（室）及相关机构事务", "82,096,797.42"],
            ["2010301 行政运行", "2010301 行政运行", "2010301 行政运行", "12,029,501.84"]]
    region = [[(0, c) for c in range(4)], [(1, c) for c in range(4)], [(2, 0), (2, 0), (2, 0), (2, 3)]]
    cells = B.grid_cells(B.Grid(9, text, region))
    assert [(c.code, c.names) for c in cells] == [("20103", ("政府办公厅（室）及相关机构事务",)),
                                                  ("2010301", ("行政运行",))]
