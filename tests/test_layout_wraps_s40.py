"""Layout text: how a table's names wrap (top-aligned or centred on their row's line) is read
from the rows the names decide. A row with no words above its line printed none there, so a
name wrapped below it is no centred cell: the names' tails go to their own rows (found by the
generated tables of test_layout.py)."""

from __future__ import annotations

from test_layout import render, spec_of

from budgetlens.extract.tables import text_rows
from budgetlens.readers import Line

SPEC = spec_of("xj-dept-budget-2025", "gov_fund_expenditure")
STYLE = {"align": "right", "wrap_label": 8, "pages": [(0, False)], "breaks": []}
OFFICE = "政府办公厅（室）及相关机构事务"
GENERAL = "一般公共服务支出"


def read(rows):
    lines = [Line(i + 1, text, page=1) for i, text in enumerate(render(SPEC, rows, STYLE))]
    out = text_rows(lines, SPEC)
    return [(r.code, r.name) for r in out.rows], out.warnings


def test_rows_without_words_above_them_wrap_to_the_top():
    # two 20103 rows wrapped one after the other: the second's tail is its own, not the next row's head
    empty = [None] * 4
    rows = [(["201"], GENERAL, ["0"] * 4), (["201", "03"], OFFICE, empty), (["201", "03"], OFFICE, empty),
            (["201", "03"], GENERAL, empty), (["201"], GENERAL, empty), (["201", "03"], OFFICE, empty),
            (["201"], GENERAL, empty)]
    got, warnings = read(rows)
    assert got == [("".join(code), name) for code, name, _ in rows]
    assert not [w for w in warnings if w[0] == "name-unjoined"]


def test_one_wrapped_row_among_short_ones_is_joined():
    empty = [None] * 4
    rows = [(["201"], GENERAL, ["1.00"] * 4), (["201", "03"], OFFICE, empty), (["201"], GENERAL, empty)]
    got, warnings = read(rows)
    assert got == [("201", GENERAL), ("20103", OFFICE), ("201", GENERAL)]
    assert not warnings


def test_rows_under_runs_the_names_leave_open_tell_nothing_of_centring():
    # names that are not their codes' (the names cannot decide most runs): every code line prints
    # its name's first line, so the table is read as aligned to the top, and nothing is left unjoined
    empty = [None] * 4
    rows = [(["201"], OFFICE, ["0"] * 4), (["201", "03"], OFFICE, empty), (["201", "03"], OFFICE, empty),
            (["201", "03"], GENERAL, empty), (["201"], OFFICE, empty), (["201", "03"], OFFICE, empty),
            (["201"], GENERAL, empty)]
    got, warnings = read(rows)
    assert got == [("".join(code), name) for code, name, _ in rows]
    assert not [w for w in warnings if w[0] == "name-unjoined"]
