"""Negative whole amounts in brackets in text that keeps the printed layout (pdftotext -layout):
"(125)" and "（125）" under an amount's header are -125, as the grid readers read them; a
bracketed number in a name's column is text. Before, the bracketed cell was no amount: the line
it was on was taken for a header line, the table's columns were read by order and left
undecided, and the negative was lost."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from test_layout import BUDGET_HEADER, laid_out

from budgetlens.checks import check
from budgetlens.extract.layout import cells_of
from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows


def negative(form: str, figure: str) -> str:
    return {"half": "({})", "full": "（{}）", "minus": "-{}"}[form].format(figure)


def table(tmp_path, form: str, places: int):
    """部门支出总体情况表 (合计 = 基本支出 + 项目支出, 201 the sum of its items) in 元 or 万元,
    amounts flush right under their headers; 2010302's project spending is negative (a refund)."""
    def fig(value: int) -> str:
        text = f"{abs(value)}" if not places else f"{abs(value)}.{'0' * places}"
        return negative(form, text) if value < 0 else text

    rows = [("      合计", [(fig(25), 40), (fig(150), 52), (fig(-125), 64)]),
            ("201   一般公共服务支出", [(fig(25), 40), (fig(150), 52), (fig(-125), 64)]),
            ("2010301 行政运行", [(fig(150), 40), (fig(150), 52)]),
            ("2010302 一般行政管理事务", [(fig(-125), 40), (fig(-125), 64)])]
    path = tmp_path / "table.txt"
    unit = "元" if not places else "万元"
    path.write_text(f"某某部门2025年部门预算\n\n部门支出总体情况表\n\n单位：{unit}\n\n{BUDGET_HEADER}\n{laid_out(*rows)}\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("form, places", [("half", 0), ("full", 0), ("half", 2), ("full", 2), ("minus", 0)])
def test_a_bracketed_negative_under_an_amount_header_in_layout_text(tmp_path, form, places):
    disc = parse(table(tmp_path, form, places))
    got = [(c["code"] or c["name"], c["column"], D(c["amount"])) for c in cell_rows(disc)]
    assert got == [("合计", "合计", 25), ("合计", "基本支出", 150), ("合计", "项目支出", -125),
                   ("201", "合计", 25), ("201", "基本支出", 150), ("201", "项目支出", -125),
                   ("2010301", "合计", 150), ("2010301", "基本支出", 150),
                   ("2010302", "合计", -125), ("2010302", "项目支出", -125)]
    assert not [i.message for i in disc.issues if i.code in ("columns-by-order", "ambiguous-column")]
    assert not [f.message for f in check(disc).findings if f.severity == "error" and f.rule.startswith("ARITH")]


@pytest.mark.parametrize("line, cells", [
    ("2010302 一般行政管理事务       200      (125)", [("2010302 一般行政管理事务", False), ("200", True), ("(125)", True)]),
    ("2010302 一般行政管理事务     （125）    （125）", [("2010302 一般行政管理事务", False), ("（125）", True), ("（125）", True)]),
    # a list number in a name's column, and a note's number in the name: text
    ("（1）     一般行政管理事务       200", [("（1）", False), ("一般行政管理事务", False), ("200", True)]),
    ("其他支出 (10)         200", [("其他支出 (10)", False), ("200", True)]),
    # a bracketed number before a name: no amount's place
    ("(3)    工资福利支出", [("(3)", False), ("工资福利支出", False)]),
])
def test_a_bracketed_whole_number_takes_an_amounts_place_only_among_the_amounts(line, cells):
    assert [(c.text, c.amount) for c in cells_of(line)] == cells


@pytest.mark.parametrize("plus", ["+", "＋"])
def test_a_plus_a_space_before_its_figure_in_layout_text_is_closed(tmp_path, plus):
    """pdftotext -layout keeps a space between a plus and its figure ("+ 125.00"), as it does for
    a minus: the table reads as printed (a guard: the columns placed the figure without its plus
    before too)."""
    def fig(value: int) -> str:
        return f"{plus} {value}.00" if value == 125 else f"{value}.00"

    rows = [("      合计", [(fig(275), 40), (fig(150), 52), (fig(125), 64)]),
            ("201   一般公共服务支出", [(fig(275), 40), (fig(150), 52), (fig(125), 64)]),
            ("2010301 行政运行", [(fig(150), 40), (fig(150), 52)]),
            ("2010302 一般行政管理事务", [(fig(125), 40), (fig(125), 64)])]
    path = tmp_path / "table.txt"
    path.write_text(f"某某部门2025年部门预算\n\n部门支出总体情况表\n\n单位：万元\n\n{BUDGET_HEADER}\n{laid_out(*rows)}\n",
                    encoding="utf-8")
    disc = parse(path)
    got = [(c["code"] or c["name"], c["column"], D(c["amount"])) for c in cell_rows(disc)]
    assert got == [("合计", "合计", 275), ("合计", "基本支出", 150), ("合计", "项目支出", 125),
                   ("201", "合计", 275), ("201", "基本支出", 150), ("201", "项目支出", 125),
                   ("2010301", "合计", 150), ("2010301", "基本支出", 150),
                   ("2010302", "合计", 125), ("2010302", "项目支出", 125)]
    assert not [i.message for i in disc.issues if i.code in ("columns-by-order", "ambiguous-column")]


@pytest.mark.parametrize("plus", ["+", "＋"])
def test_a_plus_a_space_before_its_figure_is_one_amount_cell(plus):
    """The layout line's cells: "+ 12.50" is one amount, +12.50, as "- 12.50" is -12.50 (before:
    a cell '+' of text, then 12.50)."""
    line = f"2010302 一般行政管理事务       200.00      {plus} 12.50"
    assert [(c.text, c.amount) for c in cells_of(line)] == [
        ("2010302 一般行政管理事务", False), ("200.00", True), (f"{plus}12.50", True)]


def test_a_spaced_plus_closes_only_before_a_figure():
    assert [(c.text, c.amount) for c in cells_of("合计 + 其他          200.00")] == [("合计 + 其他", False), ("200.00", True)]
