"""A row of an item table (三公) whose cells are all empty prints nothing but its name, so that,
written one cell a line, its name runs straight into the next row's ("因公出国（境）费" then
"公务接待费"). Where the two names part into two of the template's items at that place and
nowhere else, the rows are told apart: the first has no amount (its cells vanished, said so,
no zeros made up), the amounts below are the second's, and the identities judge the table as
any other. Where they part in two places, the join stays as it is and the table unconfirmed.
Each table is written from a list of rows, so the truth is known by construction."""

from __future__ import annotations

from test_reading_order_tables import (
    THREE_PUBLIC,
    THREE_PUBLIC_COLUMNS,
    lines_of,
    read,
    three_public_cells,
    truth,
)

from budgetlens.extract.rebuilt import parted_items
from budgetlens.templates import ItemSpec

# 因公出国（境）费 and 公务用车购置费 print no amount at all (their cells vanish)
TWO_JOINS = [("", "合计", ("20.00", "20.00", "0.00", "0.00")), ("", "因公出国（境）费", ()),
             ("", "公务接待费", ("5.00", "5.00", "0.00", "0.00")),
             ("", "公务用车购置及运行费（小计）", ("15.00", "15.00", "0.00", "0.00")), ("", "其中：公务用车购置费", ()),
             ("", "公务用车运行费", ("15.00", "15.00", "0.00", "0.00"))]


def three_public(doc):
    return next(t for t in doc.tables if "三公" in t.title)


def issues(doc, code):
    return [i.message for i in doc.issues if i.code == code]


def test_two_names_joined_are_parted_and_the_amounts_stay_below(tmp_path):
    doc = read(tmp_path, THREE_PUBLIC + lines_of(TWO_JOINS))
    names = [r.name for r in three_public(doc).rows]
    assert names == ["合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行费（小计）", "其中：公务用车购置费",
                     "公务用车运行费"]
    assert three_public_cells(doc) == {(n, c): a for (_, n, c), a in truth(TWO_JOINS, THREE_PUBLIC_COLUMNS).items()}
    # the parted rows print no amount: no cell, no fact (no zero made up)
    empty = {r.name for r in three_public(doc).rows if not r.cells}
    assert empty == {"因公出国（境）费", "其中：公务用车购置费"}
    assert not [f for f in doc.facts if f.provenance.row in
                {r.index for r in three_public(doc).rows if not r.cells}]


def test_the_parted_rows_are_said_and_the_identities_confirm_the_table(tmp_path):
    doc = read(tmp_path, THREE_PUBLIC + lines_of(TWO_JOINS))
    said = issues(doc, "row-cells-vanished")
    assert len(said) == 2 and "因公出国（境）费" in said[0] and "未按 0 读入" in said[0]
    assert all(i.level == "info" for i in doc.issues if i.code == "row-cells-vanished")
    assert any("三公" in m for m in issues(doc, "layout-rebuilt"))
    assert not issues(doc, "layout-lost-table") and not issues(doc, "layout-lost")


# 公务接待费, wrapped in its cell, prints no amount either: the three names run together, and
# "因公出国（境）费公务接待费公务用车购置及运行费" parts into two items in two places
AMBIGUOUS = [("", "合计", ("15.00", "15.00", "0.00", "0.00")), ("", "因公出国（境）费", ()), ("", "公务接待费", ()),
             ("", "公务用车购置及运行费（小计）", ("15.00", "15.00", "0.00", "0.00")),
             ("", "其中：公务用车购置费", ("0.00", "0.00", "0.00", "0.00")),
             ("", "公务用车运行费", ("15.00", "15.00", "0.00", "0.00"))]


def test_names_that_part_in_two_places_stay_joined_and_unconfirmed(tmp_path):
    doc = read(tmp_path, THREE_PUBLIC + lines_of(AMBIGUOUS, {"公务接待费": 3}))
    joined = [r for r in three_public(doc).rows if r.name.startswith("因公出国（境）费")]
    assert [r.name for r in joined] == ["因公出国（境）费公务接待费公务用车购置及运行费（小计）"]
    assert not issues(doc, "row-cells-vanished")
    why = issues(doc, "layout-lost-table")
    assert why and "两项名称相连" in why[0]


ITEMS = [ItemSpec(match="一般公共预算拨款收入$", coords={"source": "gpb_grant"}),
         ItemSpec(match="一般公共预算$", coords={"source": "gpb"}),
         ItemSpec(match="^拨款收入", coords={"source": "grant"})]


def test_a_wrapped_item_whose_halves_are_items_stays_whole():
    # "一般公共预算" + "拨款收入" parts into two items in one place only, but is one item itself
    assert not parted_items("一般公共预算", "拨款收入", ITEMS)
    assert parted_items("一般公共预算", "拨款收入", ITEMS[1:])


def test_two_names_joined_with_the_second_wrapped_are_parted_where_the_items_part(tmp_path):
    # 公务接待费 wrapped in its cell ("公务", "接待费"): the names run together as
    # "因公出国（境）费" + "公务" + "接待费", the place the items part them in is no line's end
    # of the second's; it is the one place, so the rows are parted there all the same
    doc = read(tmp_path, THREE_PUBLIC + lines_of(TWO_JOINS, {"公务接待费": 2}))
    rows = three_public(doc).rows
    assert [r.name for r in rows] == ["合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行费（小计）",
                                      "其中：公务用车购置费", "公务用车运行费"]
    assert three_public_cells(doc) == {(n, c): a for (_, n, c), a in truth(TWO_JOINS, THREE_PUBLIC_COLUMNS).items()}
    assert {r.name for r in rows if not r.cells} == {"因公出国（境）费", "其中：公务用车购置费"}
    said = issues(doc, "row-cells-vanished")
    assert len(said) == 2 and "“因公出国（境）费”与下一行“公务接待费”" in said[0]
    assert any("三公" in m for m in issues(doc, "layout-rebuilt"))
    assert not issues(doc, "layout-lost-table")


def test_names_cut_mid_line_that_part_in_two_places_stay_joined():
    # as in test_names_that_part_in_two_places_stay_joined_and_unconfirmed, read row by row
    from budgetlens.extract.rebuilt import parted_mid_line
    from budgetlens.extract.rows import RawRow
    from budgetlens.templates import load_templates

    items = next(t for t in load_templates() if t.id == "cn-dept-budget-2018").table("three_public").items
    row = RawRow(line=1, line_end=5, name="因公出国（境）费公务接待费公务用车购置及运行费（小计）",
                 texts=["因公出国（境）费", "公务接", "待费公务用车购置及运行费（小计）"])
    assert parted_mid_line(row, [1, 3, 5], items) == [row]
    two = RawRow(line=1, line_end=5, name="因公出国（境）费公务接待费", texts=["因公出国（境）费公", "务接待费"])
    first, second = parted_mid_line(two, [1, 3], items)
    assert (first.name, first.line, first.line_end, first.values) == ("因公出国（境）费", 1, 1, [])
    assert (second.name, second.line, second.line_end) == ("公务接待费", 1, 5)
