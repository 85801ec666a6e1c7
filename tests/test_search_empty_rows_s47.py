"""Rows printing no amount decide nothing in the identities' column search (resolve_printed
leaves them out of it): the answers with them are the answers without them, [] for each of
them; but an empty group total (its parts must then add up to 0), the root and a row printing
an unread cell stay in the search."""
from decimal import Decimal

import search_reference as ref
from hypothesis import given, settings
from hypothesis import strategies as st
from test_search_equivalence import tables

from budgetlens import identities as ids

D = Decimal
COLUMNS = ["total", "basic", "project"]
SUMS = [("total", ["basic", "project"])]


def v(x: str) -> tuple[Decimal, int]:
    return (D(x), 2)


@st.composite
def with_empty_rows(draw):
    """A random table (test_search_equivalence.tables) with rows printing no amount put in: as
    a grid's empty reading or an empty list of values, each a part of some group or of none."""
    rows, columns, groups, sums, anchors, root, limit, unknown = draw(tables())
    rows, groups = list(rows), [(p, list(kids)) for p, kids in groups]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(rows)))
        renumber = {n: n + 1 if n >= at else n for n in range(len(rows))}
        rows.insert(at, draw(st.sampled_from([{}, []])))
        groups = [(renumber[p], [renumber[k] for k in kids]) for p, kids in groups]
        root = None if root is None else renumber[root]
        unknown = {renumber[n]: cs for n, cs in unknown.items()}
        if groups and draw(st.booleans()):
            g = draw(st.integers(0, len(groups) - 1))
            groups[g][1].insert(draw(st.integers(0, len(groups[g][1]))), at)
    return rows, columns, groups, sums, anchors, root, limit, unknown


@settings(max_examples=1000, deadline=None)
@given(with_empty_rows())
def test_empty_rows_as_before(table):
    assert ids.resolve_printed(*table) == ref.resolve_printed(*table)


def test_empty_rows_answer_nothing_and_change_nothing():
    # a total over two classes, printed in order (2 amounts of 3 columns), the other side's lines
    # between them empty
    rows = [[v("30.00"), v("30.00")], {}, [v("10.00"), v("10.00")], [], {}, [v("20.00"), v("20.00")]]
    groups = [(0, [1, 2, 3, 4, 5])]
    out, consistent = ids.resolve_printed(rows, COLUMNS, groups, SUMS, root=0)
    alone, alone_consistent = ids.resolve_printed([rows[0], rows[2], rows[5]], COLUMNS, [(0, [1, 2])], SUMS, root=0)
    assert consistent == alone_consistent
    assert [out[0], out[2], out[5]] == alone
    assert out[1] == out[3] == out[4] == []
    assert (out, consistent) == ref.resolve_printed(rows, COLUMNS, groups, SUMS, root=0)


def test_an_empty_total_still_holds_its_parts():
    # near miss: a group's total printing nothing says its parts add up to 0; these do not, so
    # the table does not add up (its amounts printed, the group holds)
    parts = [[v("10.00"), v("10.00")], [v("20.00"), v("20.00")]]
    groups = [(0, [1, 2])]
    answer = ids.resolve_printed([{}, *parts], COLUMNS, groups, SUMS)
    assert answer == ref.resolve_printed([{}, *parts], COLUMNS, groups, SUMS)
    assert answer[1] is False
    assert ids.resolve_printed([[v("30.00"), v("30.00")], *parts], COLUMNS, groups, SUMS)[1] is True


def test_an_empty_row_printing_an_unread_cell_stays():
    # near miss: a part printing no amount but unread cells (###) in 基本支出 and 项目支出: the
    # group's sums are not checked there, so its parts' 20.00 and 10.00 may be either; read,
    # its cells empty, the group's sums place them
    rows = [[v("30.00"), v("20.00"), v("10.00")], [v("20.00"), v("20.00")], [v("10.00"), v("10.00")], {}]
    groups = [(0, [1, 2, 3])]
    unknown = {3: ["basic", "project"]}
    answer = ids.resolve_printed(rows, COLUMNS, groups, SUMS, root=0, unknown=unknown)
    assert answer == ref.resolve_printed(rows, COLUMNS, groups, SUMS, root=0, unknown=unknown)
    assert answer[0][1:3] == [[["total"], ["basic", "project"]]] * 2
    assert ids.resolve_printed(rows, COLUMNS, groups, SUMS, root=0)[0][1:] == \
        [[["total"], ["basic"]], [["total"], ["project"]], []]
