"""绩效目标表 printed as ruled grids (tests/probes_s42/perf.py): a county disclosure whose project
tables, written in Word with the 项目资金 block and the level cells merged down, are printed to
PDF by LibreOffice; one of them runs over a page break, its last rows on the next page without
an amount (words, "≥95%", whole weights); a table listing several projects runs over a page
under its repeated header. Every indicator must be read as built, in its table, and the weights
checked without a false finding.

What each test expects is the generator's figures (perf.PLAN, perf.REGISTRY, perf.MANY)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from probes_s41 import gen, probes
from probes_s42 import perf

from budgetlens.checks import check
from budgetlens.extract.perf_text import joined_value, value_target
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


@pytest.mark.parametrize("name", ["split-docx", "split-pdf"])
def test_a_value_printed_as_sign_figure_and_unit_is_read_whole(folder, name):
    # 指标性质 | 指标值 | 度量单位 ("≥ | 12 | 个"): the value was the figure alone ("12"), read as the
    # comparison (=, 12, no unit): the sign printed lost and "=" put in its place
    disc = parse(perf.build(name, folder))
    [table] = disc.narrative.performance
    assert _rows(table) == _built(perf.PLAN)
    assert [i.target and (i.target.op, i.target.number, i.target.unit) for i in table.indicators] == [
        ("≥", 12, "个"), ("=", 100, "%"), ("≤", 12, "月"), ("≤", Decimal("7.5"), "万元"), None, ("≥", 90, "%")]


def test_joined_value_takes_a_sign_and_a_unit_only_where_they_are_ones():
    assert joined_value("≥", "95", "%") == "≥95%"
    assert joined_value("＞=", "500", "项") == "＞=500项"
    # near misses: 指标性质 printing the indicator's kind, a value with its own sign or unit, words
    assert joined_value("正向", "95", "%") == "95%"
    assert joined_value("定性", "优", None) == "优"
    assert joined_value("≥", "≥95", "%") == "≥95%"
    assert joined_value(None, "95%", "%") == "95%"
    assert joined_value("≥", "较上年提高5", "%") == "较上年提高5"
    assert joined_value("≥", None, "%") is None


def test_grid_with_a_kind_column_keeps_words_out_of_the_value(tmp_path):
    # near miss: 指标性质 printing 正向/定性 (some provinces), the unit apart
    from test_perf_weights_s40 import _grid
    got = _grid(tmp_path, "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t指标值设定依据\t权重",
                "产出指标\t数量指标\t采编信息条数\t正向\t1100\t条\t计划标准\t50",
                "满意度指标\t满意度指标\t满意度\t定性\t优\t\t计划标准\t50")
    assert got == [("采编信息条数", "1100条", "计划标准", None, Decimal(50)),
                   ("满意度", "优", "计划标准", None, Decimal(50))]


@pytest.mark.parametrize("name", ["merged-docx", "merged-pdf"])
def test_performance_tables_in_a_part_of_their_own_are_read(folder, name):
    # 第四部分 绩效目标表 after the budget tables: a part of no known name ("other"), neither the
    # tables' nor the narrative's, so its tables were not read at all (no table, the P-* rules
    # not applicable)
    disc = parse(perf.build(name, folder, part=True))
    assert [(t.project, t.amount, _rows(t)) for t in disc.narrative.performance] == [
        (t.project, t.amount, _built(t)) for t in (perf.PLAN, perf.REGISTRY)]
    assert _weights(check(disc)) == ("pass", 2, [])


def test_department_table_in_a_part_of_its_own_is_checked_against_the_totals(folder):
    disc = parse(perf.build("department-pdf", folder, part=True))
    [table] = disc.narrative.performance
    assert (table.kind, table.amount, _rows(table)) == ("department", perf.DEPARTMENT.amount, _built(perf.DEPARTMENT))
    report = check(disc)
    assert _weights(report) == ("pass", 1, [])
    o = next(o for o in report.outcomes if o.rule == "P-DEPARTMENT-AMOUNT")
    assert (o.status, o.checked) == ("pass", 1)


def test_a_part_of_its_own_without_performance_tables_makes_none(folder):
    # near miss: a part of no known name after the tables that only speaks of 绩效目标
    blocks = probes.blocks("county-docx") + [
        gen.Para("第四部分 其他事项", heading=True),
        gen.Para("本部门2024年项目均已按要求编制绩效目标表。"),
        gen.Para("绩效目标管理情况：纳入绩效目标管理的项目2个，涉及资金150.00万元。")]
    disc = parse(gen.write_docx(blocks, folder / "other-part.docx"))
    assert disc.narrative.performance == []


def test_workbook_sheets_of_project_tables_are_read(folder):
    # each project table on a sheet of its own, merged cells as Excel keeps them
    disc = parse(perf.build("sheet-xlsx", folder))
    assert [(t.project, t.amount, t.fiscal_amount, t.goal, _rows(t)) for t in disc.narrative.performance] == [
        (t.project, t.amount, t.fiscal, t.goal, _built(t)) for t in (perf.PLAN, perf.REGISTRY)]
    assert _weights(check(disc)) == ("pass", 2, [])


def test_values_without_a_comparison_sign_are_read_as_printed(folder):
    # "12个", "100%", "优": the value as printed; a figure without a sign is the value to reach
    disc = parse(perf.build("bare-pdf", folder))
    [table] = disc.narrative.performance
    assert _rows(table) == _built(perf.PLAN_BARE) and table.unread_rows == []
    targets = [i.target and (i.target.op, i.target.number, i.target.unit) for i in table.indicators]
    assert [targets[k] for k in (0, 1, 3, 4, 5)] == [
        ("=", 12, "个"), ("=", 100, "%"), ("=", Decimal("7.5"), "万元"), None, ("=", 95, "%")]
    assert _weights(check(disc)) == ("pass", 1, [])


def test_department_table_with_its_own_levels_is_read_and_checked(folder):
    # 履职效能 / 管理效率 / 满意度 levels; 资金总额 656.41 = the 收支总表's 收入总计
    disc = parse(perf.build("department-pdf", folder))
    [table] = disc.narrative.performance
    assert (table.kind, table.amount, table.fiscal_amount, table.goal) == (
        "department", perf.DEPARTMENT.amount, perf.DEPARTMENT.fiscal, perf.DEPARTMENT.goal)
    assert _rows(table) == _built(perf.DEPARTMENT)
    report = check(disc)
    assert _weights(report) == ("pass", 1, [])
    o = next(o for o in report.outcomes if o.rule == "P-DEPARTMENT-AMOUNT")
    assert (o.status, o.checked) == ("pass", 1)


def test_a_signed_value_with_a_unit_of_four_characters_is_a_comparison(folder):
    # "≤5个工作日" (a 时效指标), "≥2个百分点": the unit was one to three characters, so the
    # comparison the table prints was not read (target None)
    assert value_target("≤5个工作日") == ("≤", 5, "个工作日")
    assert value_target("≥2个百分点") == ("≥", 2, "个百分点")
    disc = parse(perf.build("merged-docx", folder))
    limit = disc.narrative.performance[1].indicators[4]
    assert (limit.level3, limit.target.op, limit.target.number, limit.target.unit) == ("登记办理时限压缩", "≤", 5, "个工作日")


def test_an_unsigned_figure_before_four_characters_stays_no_comparison():
    # near misses: without a sign the words after the figure may name a bound, not a unit
    assert value_target("100万元以上") is None
    assert value_target("5个工作日") is None
    assert value_target("≤30天") == ("≤", 30, "天")
    assert value_target("1 次/年") == ("=", 1, "次/年")


@pytest.mark.parametrize("name", ["across-docx", "across-pdf"])
def test_fund_labels_side_by_side_take_the_amounts_under_them(folder, name):
    # 项目资金（万元） | 年度资金总额 | 其中：财政拨款 | 其他资金, the amounts in the row under
    # them: none was read (each label's next cell is a label), the amount left unchecked
    disc = parse(perf.build(name, folder))
    assert [[(f.kind, f.label, f.amount) for f in t.funds] for t in disc.narrative.performance] == [
        [("total", "年度资金总额", t.amount), ("fiscal", "其中：财政拨款", t.fiscal), ("other", "其他资金", t.other)]
        for t in (perf.PLAN, perf.REGISTRY)]
    assert [(t.amount, t.fiscal_amount, _rows(t)) for t in disc.narrative.performance] == [
        (t.amount, t.fiscal, _built(t)) for t in (perf.PLAN, perf.REGISTRY)]


def test_fund_labels_side_by_side_over_words_take_no_amount(folder):
    # near miss: the row under the labels prints words (how the money is drawn), no amount
    grid = perf.project_grid(perf.PLAN, across=True)
    grid.rows[3] = [None, "据实结算", "按进度拨付", None, "单位自筹"] + [None] * (len(grid.rows[3]) - 5)
    disc = parse(gen.write_docx(probes.blocks("county-docx") + [grid], folder / "across-words.docx"))
    [table] = disc.narrative.performance
    assert (table.funds, table.amount, table.fiscal_amount) == ([], None, None)
    assert _rows(table) == _built(perf.PLAN)


def test_a_listing_tables_goal_cut_by_the_page_break_is_joined(folder):
    # 国土空间规划编制项目's 年度目标, a cell merged down its rows, runs over the page break: its
    # last words ("格局。") stand in the next page's first row, which prints no project amount
    disc = parse(perf.build("list-pdf", folder))
    assert [t.goal for t in disc.narrative.performance] == [t.goal for t in perf.MANY]
    assert [i.code for i in disc.issues if i.code == "performance-cell-continued"] == ["performance-cell-continued"]


LISTED = ["项目支出绩效目标表",
          "项目名称\t项目资金（万元）\t年度目标\t一级指标\t二级指标\t三级指标\t指标值\t权重",
          "耕地保护监督\t40.00\t完成全县卫片执法\t产出指标\t数量指标\t图斑核查数量\t≥100个\t50",
          "检查项目\t\t检查。\t满意度指标\t满意度指标\t群众满意度\t≥90%\t50",
          "不动产登记运维项目\t60.00\t保障平台运行。\t产出指标\t数量指标\t服务器数量\t=8台\t100", ""]


NAMES = {"耕地保护监督检查项目", "耕地保护监督", "检查项目", "不动产登记运维项目"}


def _listed_text(tmp_path, lines: list[str]) -> list:
    """The tables of LISTED (the document around them prints its own)."""
    from test_set_narrative import with_narrative
    from test_unit_tables import parse_text
    disc = parse_text(tmp_path, with_narrative("\n".join(lines)))
    return [t for t in disc.narrative.performance if t.project in NAMES]


def test_a_listing_tables_name_cut_over_rows_is_one_project(tmp_path):
    # the rest of a merged name cell on a row printing no amount: no project of its own
    tables = _listed_text(tmp_path, LISTED)
    assert [(t.project, t.amount, t.goal, [i.level3 for i in t.indicators]) for t in tables] == [
        ("耕地保护监督检查项目", 40, "完成全县卫片执法检查。", ["图斑核查数量", "群众满意度"]),
        ("不动产登记运维项目", 60, "保障平台运行。", ["服务器数量"])]


def test_a_listing_table_without_amounts_opens_a_project_at_each_name(tmp_path):
    # near miss: no 项目资金 column, nothing tells a name's rest from a project: each name opens one
    lines = [line.split("\t") for line in LISTED[1:-1]]
    tables = _listed_text(tmp_path, [LISTED[0]] + ["\t".join(c[:1] + c[2:]) for c in lines] + [""])
    assert [t.project for t in tables] == ["耕地保护监督", "检查项目", "不动产登记运维项目"]
