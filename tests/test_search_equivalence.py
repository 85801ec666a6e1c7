"""The identities' column search gives the answers it gave before it was made cheaper: every
chosen column, every kept tie and its candidates, and whether the table added up. The search
as it was is kept in search_reference.py; both run on random small tables (sums, hierarchy,
anchors, unread cells, rows placed by a grid or printed in order with their empty cells gone:
the ties the search keeps open)."""
from decimal import Decimal

import search_reference as ref
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlens import identities as ids


def shown(x: int, places: int, fewer: int) -> int:
    """The places an amount of x units of 10^-places is printed to: fewer where it ends in zeros."""
    return fewer if x % 10 ** (places - fewer) == 0 else places


@st.composite
def tables(draw, in_order=False):
    """in_order: every row printed in order, the first the table's total (each_root's trials
    shared by the labels of the total's columns)."""
    n = draw(st.integers(2, 6))
    columns = [f"c{i}" for i in range(n)]
    sums = []
    for _ in range(draw(st.integers(0, 2))):
        total = draw(st.integers(0, n - 1))
        others = [i for i in range(n) if i != total]
        parts = draw(st.lists(st.sampled_from(others), min_size=1, max_size=len(others), unique=True))
        names = [columns[p] for p in sorted(parts)]
        if len(names) > 1 and draw(st.booleans()):
            names[-1] = ids.Minus(names[-1])
        sums.append((columns[total], names))
    m = draw(st.integers(1, 7))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, m)]
    places = draw(st.integers(0, 2))
    low = -3 if draw(st.integers(0, 5)) == 0 else 0
    cell = st.one_of(st.just(0), st.just(0), st.integers(low, 12))
    grid = [[draw(cell) for _ in columns] for _ in range(m)]
    for i in reversed(range(1, m)):          # a parent the sum of its kids, mostly
        if draw(st.integers(0, 3)):
            kids = [k for k in range(m) if parents[k] == i]
            if kids:
                grid[i] = [sum(grid[k][c] for k in kids) for c in range(n)]
    kids0 = [k for k in range(m) if parents[k] == 0]
    if kids0 and draw(st.integers(0, 3)):
        grid[0] = [sum(grid[k][c] for k in kids0) for c in range(n)]
    for row in grid:                         # the row's first sum holds, mostly
        if sums and draw(st.integers(0, 2)):
            total, parts = sums[0]
            row[columns.index(total)] = sum(ids.sign(p) * row[columns.index(p)] for p in parts)
    # a value printed to fewer places where its amount allows (the tolerance is then wider)
    mixed = draw(st.booleans())
    value = [[(Decimal(x).scaleb(-places), shown(x, places, draw(st.integers(0, places)) if mixed else places))
              for x in row] for row in grid]
    rows = []
    for r in value:
        kind = 5 if in_order else draw(st.integers(0, 5))
        zeros = draw(st.integers(0, 3)) == 0  # a row printing its zeros (0.00), not leaving them empty
        printed = [v for v in r if zeros or v[0] != 0]
        if kind == 0:                        # a grid placed it
            rows.append({c: v for c, v in zip(columns, r) if zeros or v[0] != 0})
        elif kind == 1 and len(printed) < n:  # a few of its readings
            readings = ids.placements(printed, columns)
            rows.append(draw(st.lists(st.sampled_from(readings), min_size=1, max_size=4, unique_by=id)))
        elif kind == 2:                      # more values than columns, or one too few
            rows.append(printed + [(Decimal(1), 0)] * draw(st.integers(1, 2)))
        else:
            rows.append(printed)
    groups = [(p, [k for k in range(m) if parents[k] == p]) for p in range(m) if p in parents]
    root = 0 if in_order else draw(st.sampled_from([0, 0, None]))
    anchors = []
    for _ in range(draw(st.integers(0, 3))):
        c = draw(st.integers(0, n))
        amount = draw(st.sampled_from([Decimal(0), value[0][c % n][0], Decimal(1)]))
        anchors.append(ids.Anchor(draw(st.sampled_from(["total", "*"])), columns[c] if c < n else "zz", amount))
    unknown = {}
    if not in_order and draw(st.integers(0, 4)) == 0:
        unknown[draw(st.integers(0, m - 1))] = [draw(st.sampled_from(columns))]
    limit = draw(st.sampled_from([20000, 20000, 2]))
    return rows, columns, groups, sums, anchors, root, limit, unknown


@settings(max_examples=1500, deadline=None)
@given(tables())
def test_resolve_printed_as_before(table):
    rows, columns, groups, sums, anchors, root, limit, unknown = table
    args = (rows, columns, groups, sums, anchors, root, limit, unknown)
    assert ids.resolve_printed(*args) == ref.resolve_printed(*args)


@settings(max_examples=800, deadline=None)
@given(tables(in_order=True))
def test_resolve_printed_as_before_rows_in_order(table):
    assert ids.resolve_printed(*table) == ref.resolve_printed(*table)


@settings(max_examples=500, deadline=None)
@given(tables())
def test_resolve_as_before(table):
    rows, columns, groups, sums, anchors, root, limit, _ = table
    cands = [[r] if isinstance(r, dict) else r if r and isinstance(r[0], dict) else ids.placements(r, columns) or [{}]
             for r in rows]
    order = {c: i for i, c in enumerate(columns)}
    assert ids.resolve(cands, groups, sums, anchors, root, limit, order) == \
        ref.resolve(cands, groups, sums, anchors, root, limit, order)
