"""A side-by-side table of one column a side (收支总表) written one cell a line, one row's label
line lost (printed as an image, say): its amount comes right after the amount of the row read
before it, two amounts after one label where the side has one column. The amount is kept out
of every row and said (the table, the line), never added to the row above; the rest of the
table is rebuilt as without the loss. Each table is written from a list of rows, so every
cell's truth is known."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_reading_order_sides import (
    INCOME,
    SPENDING,
    SUMMARY,
    TOP,
    cells,
    read,
    row_by_row,
    side_after_side,
    summary_truth,
)


def without(table: list[str], label: str) -> tuple[list[str], int]:
    """The table without a label line, and the line its amount is then on (a blank line
    between cells, as read() writes them)."""
    at = table.index(label)
    return table[:at] + table[at + 1:], 2 * (len(TOP) + at) + 1


@pytest.mark.parametrize("order", [row_by_row, side_after_side])
@pytest.mark.parametrize("side, lost", [("income", "其中：一般财力"), ("expenditure", "社会保障和就业支出")])
def test_an_amount_after_a_lost_label_is_no_rows(tmp_path, order, side, lost):
    table = SUMMARY + order(INCOME, SPENDING)
    if side == "expenditure":
        table.remove("208")                  # (its code is lost with its name)
    table, line = without(table, lost)
    doc = read(tmp_path, table)
    key = (side, "208" if side == "expenditure" else lost, "预算数")
    truth = {k: a for k, a in summary_truth().items() if k != key}
    assert cells(doc, "summary") == truth             # nothing added to the row above
    said = [i for i in doc.issues if i.code == "amount-unplaced"]
    assert len(said) == 1 and said[0].provenance.line == line
    assert "「部门收支总体情况表」" in said[0].message and f"第 {line} 行" in said[0].message
    amount = dict(summary_truth())[key]
    assert f"{amount:.2f}" in said[0].message
    # no fact is made of it, and the table is not confirmed
    summary = next(t for t in doc.tables if t.kind == "summary")
    facts = [f.amount for f in doc.facts if f.provenance.table == summary.index]
    assert sorted(facts) == sorted(truth.values())
    assert any("部门收支总体情况表" in i.message for i in doc.issues if i.code == "layout-lost-table")


def test_a_table_read_whole_says_nothing_unplaced(tmp_path):
    doc = read(tmp_path, SUMMARY + row_by_row(INCOME, SPENDING))
    assert not [i for i in doc.issues if i.code == "amount-unplaced"]
    assert cells(doc, "summary") == summary_truth()
    assert Decimal("600.00") in cells(doc, "summary").values()
