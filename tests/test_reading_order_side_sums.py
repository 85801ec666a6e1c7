"""A side-by-side table whose expenditure side has several columns (财政拨款收支总表: 合计 |
一般公共预算 | 政府性基金预算 | 国有资本经营预算) written one cell a line, one label line lost
(printed as an image, say): its amounts run on after the amounts of the row read before it,
into the room that row's empty cells left, so no side has more amounts than columns. That
row's own sum (合计 = the parts) no placement of its amounts satisfies: the amounts after its
own are kept out of every row and said (the table, the line), never placed in its empty
columns. A table whose rows all add up, empty cells or not, reads as before, confirmed. Each
table is written from a list of rows, so every cell's truth is known."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_reading_order_sides import (
    FISCAL,
    FISCAL_INCOME,
    FISCAL_SPENDING,
    TOP,
    cells,
    fiscal_truth,
    income_cells,
    read,
    row_by_row,
    side_after_side,
    spending_cells,
)

TITLE = "财政拨款收支预算总体情况表"
COLUMNS = ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]


def without(table: list[str], cell: str) -> tuple[list[str], int]:
    """The table without the body's cell (a label line), and the line of the cell after it (a
    blank line between cells, as read() writes them)."""
    at = table.index(cell, len(FISCAL))          # (一般公共预算 is also a column's header)
    return table[:at] + table[at + 1:], 2 * (len(TOP) + at) + 1


def unplaced_said(doc) -> list:
    return [i for i in doc.issues if i.code == "amount-unplaced"]


def facts_of(doc) -> list[Decimal]:
    table = next(t for t in doc.tables if t.kind == "fiscal_summary")
    return sorted(f.amount for f in doc.facts if f.provenance.table == table.index)


def test_an_income_label_lost_is_no_cell_of_the_expenditure_row_above(tmp_path):
    # 政府性基金预算's 100.00 comes after 208's 50.00 50.00, where 208 has two empty cells
    table, line = without(FISCAL + row_by_row(FISCAL_INCOME, FISCAL_SPENDING), "政府性基金预算")
    doc = read(tmp_path, table)
    truth = {k: a for k, a in fiscal_truth().items() if k != ("income", "政府性基金预算", "合计")}
    assert cells(doc, "fiscal_summary") == truth          # 208 has no 政府性基金预算 of 100.00
    said = unplaced_said(doc)
    assert len(said) == 1 and said[0].provenance.line == line
    assert f"「{TITLE}」" in said[0].message and f"第 {line} 行" in said[0].message
    assert "100.00" in said[0].message and "社会保障和就业支出" in said[0].message
    assert facts_of(doc) == sorted(truth.values())        # no fact is made of it
    assert any(TITLE in i.message for i in doc.issues if i.code == "layout-lost-table")


def test_an_expenditure_row_lost_is_no_cell_of_the_row_above(tmp_path):
    # all the income side's cells first: 208's code and name lost, its 50.00 50.00 come after
    # 201's 450.00 450.00, four amounts for four columns
    table = FISCAL + side_after_side(FISCAL_INCOME, FISCAL_SPENDING)
    table, _ = without(table, "208")
    table, line = without(table, "社会保障和就业支出")
    doc = read(tmp_path, table)
    got = cells(doc, "fiscal_summary")
    assert not [k for k in got if k[1] == "208"]
    # 201 keeps its own two amounts (which part its 450.00 is, the table's sums, 208 gone, may
    # leave open), no 50.00 in any cell
    assert {k: a for k, a in got.items() if k[1] == "201"} == {
        ("expenditure", "201", "合计"): Decimal("450.00"),
        next(k for k in got if k[1] == "201" and k[2] != "合计"): Decimal("450.00")}
    assert next(k for k in got if k[1] == "201" and k[2] != "合计")[2] in (
        "一般公共预算", "一般公共预算|政府性基金预算")
    assert Decimal("50.00") not in got.values() and Decimal("50.00") not in facts_of(doc)
    said = unplaced_said(doc)
    assert len(said) == 1 and said[0].provenance.line == line
    assert f"「{TITLE}」" in said[0].message and "50.00、50.00" in said[0].message
    assert "一般公共服务支出" in said[0].message


@pytest.mark.parametrize("order", [row_by_row, side_after_side])
def test_a_fiscal_summary_read_whole_is_confirmed_as_before(tmp_path, order):
    doc = read(tmp_path, FISCAL + order(FISCAL_INCOME, FISCAL_SPENDING))
    assert cells(doc, "fiscal_summary") == fiscal_truth()
    assert not unplaced_said(doc)
    assert any(TITLE in i.message for i in doc.issues if i.code == "layout-rebuilt")


# every budget type funded, rows with one, two and three of the four cells printed
INCOME = [("一、财政拨款（补助）", ["700.00"]), ("一般公共预算", ["500.00"]), ("政府性基金预算", ["150.00"]),
          ("国有资本经营预算", ["50.00"]), ("收入总计", ["700.00"])]
SPENDING = {("201", "一般公共服务支出"): {"合计": "400.00", "一般公共预算": "400.00"},
            ("208", "社会保障和就业支出"): {"合计": "100.00", "一般公共预算": "100.00"},
            ("212", "城乡社区支出"): {"合计": "200.00", "政府性基金预算": "150.00", "国有资本经营预算": "50.00"},
            ("", "支出总计"): {"合计": "700.00", "一般公共预算": "500.00", "政府性基金预算": "150.00",
                            "国有资本经营预算": "50.00"}}


@pytest.mark.parametrize("order", ["row_by_row", "side_after_side"])
def test_rows_with_empty_cells_that_add_up_say_nothing(tmp_path, order):
    spending = [(code, name, [amounts[c] for c in COLUMNS if c in amounts]) for (code, name), amounts in SPENDING.items()]
    body = (row_by_row(INCOME, spending) if order == "row_by_row"
            else income_cells(INCOME) + spending_cells(spending))
    doc = read(tmp_path, FISCAL + body)
    truth = {("income", label, "合计"): Decimal(a[0]) for label, a in INCOME}
    truth |= {("expenditure", code or name, c): Decimal(a) for (code, name), amounts in SPENDING.items()
              for c, a in amounts.items()}
    assert cells(doc, "fiscal_summary") == truth
    assert not unplaced_said(doc)
    assert any(TITLE in i.message for i in doc.issues if i.code == "layout-rebuilt")


def test_an_income_label_lost_after_an_empty_expenditure_row_is_no_cell_of_it(tmp_path):
    # 221's cells all empty (its code and name alone): 政府性基金预算's 100.00, its label lost,
    # comes right after them, one amount that no column of 221 adds up with
    spending = FISCAL_SPENDING[:1] + [("221", "住房保障支出", [])] + FISCAL_SPENDING[1:]
    table, line = without(FISCAL + row_by_row(FISCAL_INCOME, spending), "政府性基金预算")
    doc = read(tmp_path, table)
    truth = {k: a for k, a in fiscal_truth().items() if k != ("income", "政府性基金预算", "合计")}
    assert cells(doc, "fiscal_summary") == truth          # 221 holds nothing
    said = unplaced_said(doc)
    assert len(said) == 1 and said[0].provenance.line == line
    assert "100.00" in said[0].message and "住房保障支出" in said[0].message
    assert facts_of(doc) == sorted(truth.values())
