"""绩效目标表 printed as ruled grids (tests/probes_s42/perf.py): a county disclosure whose project
tables, written in Word with the 项目资金 block and the level cells merged down, are printed to
PDF by LibreOffice; one of them runs over a page break, its last rows on the next page without
an amount (words, "≥95%", whole weights); a table listing several projects runs over a page
under its repeated header. Every indicator must be read as built, in its table, and the weights
checked without a false finding.

What each test expects is the generator's figures (perf.PLAN, perf.REGISTRY, perf.MANY)."""

from __future__ import annotations

import pytest
from probes_s41 import gen
from probes_s42 import perf

from budgetlens.checks import check
from budgetlens.pipeline import parse

pytestmark = pytest.mark.skipif(gen.SOFFICE is None, reason="LibreOffice missing")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("perf_s42")


def _rows(table) -> list[tuple]:
    return [(i.level1, i.level2, i.level3, i.value, i.weight) for i in table.indicators]


def _built(t: perf.Table) -> list[tuple]:
    return [(r.level1, r.level2, r.level3, r.value, r.weight) for r in t.rows]


def _weights(report) -> tuple[str, int, list[str]]:
    o = next(o for o in report.outcomes if o.rule == "P-WEIGHT-SUM")
    return o.status, o.checked, [f.message for f in report.findings if f.rule == "P-WEIGHT-SUM"
                                  and f.severity in ("error", "warning")]


def test_pdf_table_going_on_over_a_page_without_amounts_keeps_its_last_rows(folder):
    # 不动产登记信息化运维项目's table breaks after 系统正常运行率: its 时效/效益/满意度 rows stand
    # on the next page, ruled, printing no amount with decimals. That page was read as text (a
    # ruled page needed two amounts, "表" or codes): the rows were lost, the weights summed 50
    disc = parse(perf.build("merged-pdf", folder))
    plan, registry = disc.narrative.performance
    assert (registry.project, registry.amount, registry.fiscal_amount) == (perf.REGISTRY.project, 60, 30)
    assert _rows(plan) == _built(perf.PLAN)
    assert _rows(registry) == _built(perf.REGISTRY)
    assert _weights(check(disc)) == ("pass", 2, [])


def test_docx_of_the_same_tables_reads_alike(folder):
    # near miss: the Word file itself (no pages) was read right before and still is
    disc = parse(perf.build("merged-docx", folder))
    assert [_rows(t) for t in disc.narrative.performance] == [_built(perf.PLAN), _built(perf.REGISTRY)]
    assert _weights(check(disc)) == ("pass", 2, [])


def test_pdf_page_going_on_under_a_repeated_header_is_no_overflow_of_columns(folder):
    # the list of projects runs onto a last page: its header printed again, one row whose first
    # cells (project, amount, goal, levels) are merged from the page before and print nothing.
    # It was taken for the columns past the page's width of the page before (its rows at the
    # same heights, the empty cells for label columns printed again), its row joined to the
    # right of that page's second row
    path = perf.build("list-pdf", folder)
    disc = parse(path)
    rows = [row for t in disc.narrative.performance for row in _rows(t)]
    assert rows == [row for t in perf.MANY for row in _built(t)]
    assert not [i for i in disc.issues if "超出页宽" in i.message]


def _listed(disc) -> list[tuple]:
    return [(t.project, t.amount, t.goal, _rows(t)) for t in disc.narrative.performance]


def _built_listed(tables) -> list[tuple]:
    return [(t.project, t.amount, t.goal, _built(t)) for t in tables]


@pytest.mark.parametrize("name", ["list-docx", "list-repeated-docx"])
def test_a_table_listing_several_projects_is_read_as_a_table_per_project(folder, name):
    # 项目名称 | 项目资金（万元） | 年度目标 | 一级指标 …: one table of them all summed every project's
    # weights (200, "应为 90或100") and named no project. Each project's rows are its own table,
    # with the amount and goal its row prints; a name printed again on each row (list-repeated)
    # opens no table of its own per row
    disc = parse(perf.build(name, folder))
    assert _listed(disc) == _built_listed([perf.PLAN, perf.REGISTRY])
    assert [(f.kind, f.label, f.amount) for f in disc.narrative.performance[1].funds] == [
        ("total", "项目资金（万元）", perf.REGISTRY.amount)]
    assert _weights(check(disc)) == ("pass", 2, [])


def test_a_listing_table_over_two_pages_keeps_each_project_apart(folder):
    disc = parse(perf.build("list-pdf", folder))
    assert [(p, a, rows) for p, a, _, rows in _listed(disc)] == [
        (t.project, t.amount, _built(t)) for t in perf.MANY]
    assert _weights(check(disc)) == ("pass", 3, [])
