"""Which of a department's sets of tables is its own (汇总), wherever it is printed, and what
reads that set: the narrative's rules, the document's name, the store's department figures.

The documents are made from the bundled seed 002 (test_unit_tables.department): the 汇总
prints the seed's amounts times `summary_scale`, each unit the seed's (unit 1 at 3× where a
test says: larger than the 汇总, so a figure taken from it is caught). The seed's narrative
tells the seed's own figures (支出总计 1,759.05, 基本支出 1,599.05, 项目支出 160.00 万元), so
with `summary_scale` 1 it agrees with the 汇总 and with no unit at 3×.
"""

from __future__ import annotations

import pytest

from budgetlens.checks import check
from budgetlens.segment.sets import set_names
from budgetlens.store.query import run_query
from test_set_pairs import without_own
from test_store_sets import EXPENDITURE, fen, store_of, unit_scaled
from test_unit_tables import OWNER, UNITS, department, parse_text

ASSUMED = "own-set-assumed"


def summaries(disc) -> list:
    """The set of each printed 收支总表, in the order printed."""
    return [t.group for t in disc.tables if t.kind == "summary"]


def assumed(disc) -> list:
    return [i for i in disc.issues if i.code == ASSUMED]


# ---- the 汇总 printed after its units ------------------------------------------------------------

@pytest.mark.parametrize("order", ["unit", "table"])
def test_the_summary_printed_last_is_the_documents_own_set(tmp_path, order):
    """Units first, the 汇总 (编制部门: the department the cover names) last: the 汇总 is set 0,
    the units 1 and 2 in the order printed, and the document is the department's (before: the
    first unit printed was set 0 and named the document)."""
    disc = parse_text(tmp_path, department(order=order, summary_last=True, summary_scale=1, edit=unit_scaled(1, 3)))
    assert summaries(disc) == [1, 2, 0]
    assert set_names(disc.tables) == {0: OWNER, 1: UNITS[0], 2: UNITS[1]}
    assert disc.meta.unit_name == OWNER and not assumed(disc)
    assert disc.table("expenditure").unit_name == OWNER          # the document's own table of a kind


def test_a_summary_named_so_is_the_documents_own_set(tmp_path):
    """Every table printing 编制单位, the 汇总's "部门汇总": that set is set 0, and the document
    keeps the cover's name, not the word."""
    disc = parse_text(tmp_path, department(summary_last=True, summary_owner="编制单位：部门汇总"))
    assert summaries(disc) == [1, 2, 0]
    assert disc.meta.unit_name == OWNER and not assumed(disc)


def unit_titles(k: int, n: int, block: list[str]) -> list[str]:
    """An edit: the unit's tables titled 单位…表 (the 汇总's stay 部门…表)."""
    return [f"单位{line[2:]}" if line.startswith("部门") and line.endswith("表") else line for line in block]


@pytest.mark.parametrize("kw", [
    dict(summary_owner="编制部门：克孜勒苏柯尔克孜自治州某管理委员会"),   # not the cover's name
    dict(owners=False, edit=unit_titles),
], ids=["编制部门-against-编制单位", "部门-titles-against-单位-titles"])
def test_the_summary_is_told_by_the_words_over_its_tables(tmp_path, kw):
    """The 汇总 last at 1× (its totals tell nothing): its tables' 编制部门 against the units'
    编制单位, or its 部门…表 titles against the units' 单位…表, tell it."""
    disc = parse_text(tmp_path, department(summary_last=True, summary_scale=1, **kw))
    assert summaries(disc) == [1, 2, 0]
    assert not assumed(disc)


def test_the_summary_is_told_by_its_totals_where_nothing_printed_tells(tmp_path):
    """No 编制单位, labels only (表1-1 … unit by unit), the 汇总 last at 2× (the sum of its two
    units): its totals tell it."""
    disc = parse_text(tmp_path, department(summary_last=True, owners=False))
    assert summaries(disc) == [1, 2, 0]
    assert not assumed(disc)


@pytest.mark.parametrize("summary_last", [False, True], ids=["summary-first", "summary-last"])
def test_where_nothing_tells_the_summary_the_order_stands_and_the_parse_says_so(tmp_path, summary_last):
    """No 编制单位 and the 汇总 at 1× (the sum of no other set): the first set printed stays set
    0, and a warning says that it was taken for the 汇总 by its place only."""
    disc = parse_text(tmp_path, department(summary_last=summary_last, owners=False, summary_scale=1))
    assert summaries(disc) == [0, 1, 2]
    found = assumed(disc)
    assert len(found) == 1 and found[0].level == "warning" and "按印制顺序以第一套为部门汇总" in found[0].message


def test_sets_nobody_can_tell_apart_are_said_to_be_taken_by_order(tmp_path):
    """Neither labels nor 编制单位, the second unit without its 表1: the sets cannot be told
    (test_unit_tables), the first of each kind is taken for the 汇总, and the parse says so."""
    def edit(k, n, block):
        return [] if (k, n) == (2, 1) else block

    disc = parse_text(tmp_path, department(labels=False, owners=False, summary_scale=1, edit=edit))
    assert None in {t.group for t in disc.tables}
    assert [i.level for i in assumed(disc)] == ["warning"]


def test_one_set_says_nothing(tmp_path):
    from conftest import parsed
    assert not assumed(parsed("002_4e0ed6e09b019fe1"))


# ---- the narrative read against the 汇总 ---------------------------------------------------------

def narrative_errors(disc) -> list:
    return [f for f in check(disc).findings if f.category == "narrative" and f.severity == "error"]


def cited_sets(disc, findings) -> set:
    return {disc.tables[e.provenance.table].group for f in findings for e in f.evidence
            if e.provenance is not None and e.provenance.table is not None}


@pytest.mark.parametrize("order", ["unit", "table"])
def test_the_narrative_is_checked_against_the_summary_printed_after_the_units(tmp_path, order):
    """The narrative tells the 汇总's figures (1×); unit 1, printed first, prints 3×: no
    narrative error (before: 基本支出 1,599.05 against unit 1's 4,797.15 …)."""
    disc = parse_text(tmp_path, department(order=order, summary_last=True, summary_scale=1, edit=unit_scaled(1, 3)))
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]
    checked = [f for f in check(disc).findings if f.rule == "N-SHARE"] + narrative_errors(disc)
    assert cited_sets(disc, checked) <= {0}


def test_a_kind_the_summary_does_not_print_is_not_read_from_a_unit(tmp_path):
    """The 汇总 prints no 表3; unit 1 prints one at 3×: the narrative's 基本支出 and 项目支出 are
    not compared with the unit's table (before: "表格为 4,797.15 万元"), and no finding of a
    narrative rule cites a unit's table."""
    disc = parse_text(tmp_path, without_own(department(summary_scale=1, edit=unit_scaled(1, 3)), 3))
    assert "expenditure" not in {t.kind for t in disc.tables if t.group == 0}
    errors = narrative_errors(disc)
    assert not errors, [f.message for f in errors]
    narrative = [f for f in check(disc).findings if f.category == "narrative"]
    assert cited_sets(disc, narrative) <= {0}


# ---- the store's department figures ------------------------------------------------------------

def test_the_store_gives_the_summary_printed_last(tmp_path):
    """v_totals (the department's own figures) reads the 汇总 printed after its units: 1,759.05,
    not unit 1's 5,277.15 printed first; the document is filed under the department."""
    engine = store_of(tmp_path, department(summary_last=True, summary_scale=1, edit=unit_scaled(1, 3)))
    _, rows = run_query(engine, "SELECT unit_name, expenditure_fen FROM v_totals")
    assert rows == [(OWNER, fen(EXPENDITURE))]
    _, rows = run_query(engine, "SELECT table_set, set_name FROM v_set_totals ORDER BY table_set")
    assert rows == [(0, OWNER), (1, UNITS[0]), (2, UNITS[1])]
