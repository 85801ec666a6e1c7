"""Anchors (values other tables fix) narrow a row's readings one after the other, an anchor no
reading left agrees with passed over; the search tests a placed row's "this column is empty"
anchors together where some reading agrees with all of them, which must come to the same.
Near misses: anchors that together leave no reading, an anchor a printed 0.00 agrees with, an
anchor naming a column the table lacks, a total's anchor (the root's only)."""
from decimal import Decimal

import search_reference as ref
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlens import identities as ids

D = Decimal
COLUMNS = ["total", "basic", "project"]


def v(x: str) -> tuple[Decimal, int]:
    return (D(x), 2)


def empty(column: str) -> ids.Anchor:
    return ids.Anchor("*", column, D(0))


def answers(rows, anchors, sums=(), groups=(), root=None):
    args = (rows, COLUMNS, list(groups), list(sums), anchors, root)
    out = ids.resolve_printed(*args)
    assert out == ref.resolve_printed(*args)
    return out[0]


def test_anchors_leaving_no_reading_together_apply_in_turn():
    # 基本支出 empty, then 项目支出 empty: two amounts cannot both sit in 合计, so the second is
    # passed over and the first decides
    assert answers([[v("10.00"), v("5.00")]], [empty("basic"), empty("project")]) == [[["total"], ["project"]]]
    assert answers([[v("10.00"), v("5.00")]], [empty("project"), empty("basic")]) == [[["total"], ["basic"]]]


def test_anchors_agreeing_together():
    assert answers([[v("10.00"), v("5.00")], [v("3.00")]], [empty("project")]) == \
        [[["total"], ["basic"]], [["total", "basic"]]]


def test_a_printed_zero_may_stand_in_an_empty_column():
    assert answers([[v("10.00"), v("0.00")]], [empty("project")]) == [[["total", "basic"], ["basic", "project"]]]


def test_an_anchor_on_a_column_the_table_lacks_says_nothing():
    assert answers([[v("10.00"), v("5.00")]], [empty("carryover"), empty("project")]) == [[["total"], ["basic"]]]


def test_a_total_anchor_is_the_roots_only():
    rows = [[v("10.00"), v("10.00")], [v("10.00"), v("10.00")]]
    fixed = [ids.Anchor("total", "project", D("10.00")), empty("basic")]
    assert answers(rows, fixed, root=0) == [[["total"], ["project"]], [["total"], ["project"]]]
    assert answers(rows, fixed, root=None) == [[["total"], ["project"]]] * 2


values = st.sampled_from(["0.00", "5.00", "10.00", "15.00"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(values, min_size=1, max_size=3), min_size=1, max_size=4),
       st.lists(st.tuples(st.sampled_from(["*", "*", "total"]), st.sampled_from([*COLUMNS, "zz"]),
                          st.sampled_from(["0", "0.00", "5.00", "10.00"])), max_size=4),
       st.sampled_from([None, 0]), st.booleans())
def test_anchors_as_before(rows, anchors, root, with_sum):
    rows = [[v(x) for x in row] for row in rows]
    anchors = [ids.Anchor(row, column, D(value)) for row, column, value in anchors]
    answers(rows, anchors, sums=[("total", ["basic", "project"])] if with_sum else (), root=root)
