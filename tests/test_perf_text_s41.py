"""Session 41: 绩效目标表 printed as text, the weight read where the header prints it.

1. A 上年完成值 printed as a bare figure ("99") stands where a weight may: before the basis
   (header 指标值 | 上年完成值 | 指标值设定依据 | 权重) or alone on its line before the weight. It
   was read as the row's weight, and the weight as an unread row's: a false P-WEIGHT-SUM.
2. A prior in words ("新增", "良好", "达标") left the row's basis empty.
3. Other ways a weight is printed: with decimals, "10分", on the line after the name, a 合计 row.

The tables are written here in the style of seed 003's (pdftotext with and without -layout); what
each test expects is transcribed from the text it reads, never from the parser's output."""

from __future__ import annotations

from decimal import Decimal

from test_perf_probe38 import LAYOUT, _department, _doc
from test_perf_probe39 import HEAD, _with_table

from budgetlens.checks import check

FUNDS = LAYOUT[:8]          # title, year, unit, goal, 年度预算 387.37 + 30.00


def _rows(perf):
    return [(i.level3, i.value, i.basis, i.prior, i.weight) for i in perf.indicators]


def _weight_fails(disc, what: str) -> list:
    return [f for f in check(disc).findings if f.rule == "P-WEIGHT-SUM" and what in f.message]


def _project(disc, name: str = "政务云租赁项目"):
    [perf] = [p for p in disc.narrative.performance if p.project == name]
    return perf


# ---- 1. a bare figure in the prior's place -------------------------------------------------------

PRIOR_FIRST = "一级指标 二级指标 三级指标 指标值 上年完成值 指标设定依据 分值权重"


def test_raw_department_table_prior_before_the_basis_alone_on_its_line(tmp_path):
    # pdftotext without -layout: "=6 套" / "6" / "年度工作" / "计划" / "30"; the 6 alone on its line
    # is the prior (the header prints it before the basis), 30 the weight
    rows = ["产出指标", "", "数量指标", "维护政务系统数（套）", "=6 套", "6", "年度工作", "计划", "", "30", "",
            "质量指标 系统可用率（%） ≥99% 99 计划标准 20", "",
            "质量指标", "事项办结率（%）", "≥95%", "96", "年度工作计划", "20", "",
            "满意度指标 满意度指标 群众满意度（%） ≥90% 92 年度工作计划 30", ""]
    disc = _doc(tmp_path, FUNDS + [PRIOR_FIRST, ""] + rows)
    perf = _department(disc)
    assert _rows(perf) == [("维护政务系统数（套）", "=6套", "年度工作计划", "6", Decimal(30)),
                           ("系统可用率（%）", "≥99%", "计划标准", "99", Decimal(20)),
                           ("事项办结率（%）", "≥95%", "年度工作计划", "96", Decimal(20)),
                           ("群众满意度（%）", "≥90%", "年度工作计划", "92", Decimal(30))]
    assert perf.unread_rows == [] and not _weight_fails(disc, "部门整体绩效目标表")


def test_layout_row_printing_neither_prior_nor_basis_keeps_its_weight(tmp_path):
    # near miss: "≥99%   20" ends its line, the next row's name and value follow: 20 is the
    # weight (the next row's value shows it), not a prior before the basis "开展业务培训（次）"
    head = "一级指标   二级指标   三级指标                 指标值     上年完成值   指标设定依据   分值权重"
    rows = ["产出指标   数量指标   系统可用率（%）          ≥99%                                    20",
            "                      开展业务培训（次）       =4 次      4            年度工作计划   30",
            "           质量指标   事项办结率（%）          ≥ 95%      96           年度工作计划   20",
            "                      群众满意度（%）          ≥90%                                    30", ""]
    disc = _doc(tmp_path, FUNDS + [head] + rows)
    assert _rows(_department(disc)) == [("系统可用率（%）", "≥99%", None, None, Decimal(20)),
                                        ("开展业务培训（次）", "=4次", "年度工作计划", "4", Decimal(30)),
                                        ("事项办结率（%）", "≥95%", "年度工作计划", "96", Decimal(20)),
                                        ("群众满意度（%）", "≥90%", None, None, Decimal(30))]
    assert not _weight_fails(disc, "部门整体绩效目标表")


CUT_PRIOR_FIRST = HEAD[:35] + ["上年", "", "完成", "", "值", ""] + HEAD[35:]     # 指标值 | 上年完成值 | 依据
CUT_PRIOR_AFTER = HEAD[:39] + ["上年", "", "完成", "", "值", ""] + HEAD[39:]     # 依据 | 上年完成值 | 权重
LEVELS_OUT = ["产出", "", "指标", "", "数量", "", "指标", ""]
LEVELS_QUALITY = ["质量", "", "指标", ""]
LEVELS_SATISFACTION = ["满意", "", "度指", "", "标", "", "满意", "", "度指", "", "标", ""]
AFTER = ["按比例赋分", "", "工作资料", ""]


def test_cut_table_bare_prior_before_the_basis_is_no_weight(tmp_path):
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 36 计划标准 30", ""] + AFTER + LEVELS_QUALITY
            + ["系统可用率（%） ≥99% 99 计划标准 30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 92 行业标准 40", ""] + AFTER)
    disc = _with_table(tmp_path, CUT_PRIOR_FIRST + rows)
    perf = _project(disc)
    assert _rows(perf) == [("租用云服务器（台）", "≥40台", "计划标准", "36", Decimal(30)),
                           ("系统可用率（%）", "≥99%", "计划标准", "99", Decimal(30)),
                           ("用户满意度（%）", "＞90%", "行业标准", "92", Decimal(40))]
    assert perf.unread_rows == [] and not _weight_fails(disc, "政务云租赁项目")


def test_cut_table_a_real_second_weight_after_a_bare_prior_stays_an_unread_rows(tmp_path):
    # near miss: a row valued in words ("有效" / "保障") after one printing its prior bare: its
    # weight 10 is its own, unread, and 30 + 30 + 10 + 30 = 100
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 36 计划标准 30", ""] + AFTER + LEVELS_QUALITY
            + ["系统可用率（%） ≥99% 99 计划标准 30", ""] + AFTER
            + ["效益", "", "指标", "", "社会", "", "效益", "", "指标", "", "保障政务系统平稳运行", "", "有效", "", "保障", "",
               "新增 计划标准 10", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 92 行业标准 30", ""] + AFTER)
    disc = _with_table(tmp_path, CUT_PRIOR_FIRST + rows)
    perf = _project(disc)
    assert [i.weight for i in perf.indicators] == [Decimal(30), Decimal(30), Decimal(30)]
    assert perf.unread_weights == [Decimal(10)] and not _weight_fails(disc, "政务云租赁项目")


def test_cut_table_a_row_without_prior_and_basis_keeps_its_weight(tmp_path):
    # near miss: "≥99% 30" prints the weight right after the value (no prior, no basis), the next
    # row opens with its level cells: 30 is the weight, not a prior
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 36 计划标准 30", ""] + AFTER + LEVELS_QUALITY
            + ["系统可用率（%） ≥99% 30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 92 行业标准 40", ""] + AFTER)
    disc = _with_table(tmp_path, CUT_PRIOR_FIRST + rows)
    assert [i.weight for i in _project(disc).indicators] == [Decimal(30), Decimal(30), Decimal(40)]
    assert not _weight_fails(disc, "政务云租赁项目")


def test_cut_table_bare_prior_after_the_basis_on_its_own_line(tmp_path):
    # "计划标准" / "99" / "30": the prior printed without its unit on the line before the weight
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 计划标准 36", "", "30", ""] + AFTER + LEVELS_QUALITY
            + ["系统可用率（%） ≥99% 计划标准", "", "99", "", "30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 行业标准 92 40", ""] + AFTER)
    disc = _with_table(tmp_path, CUT_PRIOR_AFTER + rows)
    perf = _project(disc)
    assert _rows(perf) == [("租用云服务器（台）", "≥40台", "计划标准", "36", Decimal(30)),
                           ("系统可用率（%）", "≥99%", "计划标准", "99", Decimal(30)),
                           ("用户满意度（%）", "＞90%", "行业标准", "92", Decimal(40))]
    assert perf.unread_rows == [] and not _weight_fails(disc, "政务云租赁项目")


def test_raw_department_table_bare_prior_after_the_basis_on_its_own_line(tmp_path):
    head = "一级指标 二级指标 三级指标 指标值 指标设定依据 上年完成值 分值权重"
    rows = ["产出指标", "", "数量指标", "维护政务系统数（套）", "=6 套", "年度工作计划", "6", "", "30", "",
            "质量指标 系统可用率（%） ≥99% 计划标准 99", "", "20", "",
            "满意度指标 满意度指标 群众满意度（%） ≥90% 年度工作计划 92 50", ""]
    disc = _doc(tmp_path, FUNDS + [head, ""] + rows)
    perf = _department(disc)
    assert _rows(perf) == [("维护政务系统数（套）", "=6套", "年度工作计划", "6", Decimal(30)),
                           ("系统可用率（%）", "≥99%", "计划标准", "99", Decimal(20)),
                           ("群众满意度（%）", "≥90%", "年度工作计划", "92", Decimal(50))]
    assert perf.unread_rows == [] and not _weight_fails(disc, "部门整体绩效目标表")


# ---- 2. a prior in words -------------------------------------------------------------------------

PRIOR_AFTER = "一级指标   二级指标   三级指标                 指标值     指标设定依据   上年完成值   分值权重"


def test_layout_prior_in_words_is_parted_by_the_lines_cells(tmp_path):
    # -layout: "年度工作计划   良好" are two cells (a wide gap between), the header's basis then prior
    rows = ["产出指标   数量指标   办理政务服务事项（项）   ≥500 项    年度工作计划   全部完成     30",
            "           质量指标   事项办结率（%）          ≥ 95%      年度工作计划   达标         20",
            "效益指标   社会效益指标   群众满意度（%）      ≥90%       年度工作计划   良好         50", ""]
    disc = _doc(tmp_path, FUNDS + [PRIOR_AFTER] + rows)
    assert _rows(_department(disc)) == [
        ("办理政务服务事项（项）", "≥500项", "年度工作计划", "全部完成", Decimal(30)),
        ("事项办结率（%）", "≥95%", "年度工作计划", "达标", Decimal(20)),
        ("群众满意度（%）", "≥90%", "年度工作计划", "良好", Decimal(50))]
    assert not [i for i in disc.issues if i.code == "performance-basis-unparted"]


def test_cut_table_prior_in_words_beside_a_standard_basis(tmp_path):
    # "计划标准 达标 30" (basis first) and "良好 行业标准 40" under a header printing the prior first:
    # the basis is the framework's standard, the words beside it the prior
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 计划标准 达标 30", ""] + AFTER + LEVELS_QUALITY
            + ["系统可用率（%） ≥99% 预算支出", "", "标准 全部完成 30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 行业标准 良好 40", ""] + AFTER)
    perf = _project(_with_table(tmp_path, CUT_PRIOR_AFTER + rows))
    assert _rows(perf) == [("租用云服务器（台）", "≥40台", "计划标准", "达标", Decimal(30)),
                           ("系统可用率（%）", "≥99%", "预算支出标准", "全部完成", Decimal(30)),
                           ("用户满意度（%）", "＞90%", "行业标准", "良好", Decimal(40))]
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 达标 计划标准 30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 良好 历史标准 70", ""] + AFTER)
    perf = _project(_with_table(tmp_path, CUT_PRIOR_FIRST + rows))
    assert _rows(perf) == [("租用云服务器（台）", "≥40台", "计划标准", "达标", Decimal(30)),
                           ("用户满意度（%）", "＞90%", "历史标准", "良好", Decimal(70))]


def test_seed_prior_in_words_beside_a_standard_basis():
    # 003, 克州数字化发展局公车购置项目: "购置公务用车（辆） =1辆 计划标准 新增 20" under 指标值设置依据 |
    # 上年完成值: basis 计划标准, prior 新增
    from test_perf_probe39 import S003

    from budgetlens.pipeline import parse
    first = _project(parse(S003), "克州数字化发展局公车购置项目").indicators[0]
    assert (first.level3, first.value, first.basis, first.prior, first.weight) == (
        "购置公务用车（辆）", "=1辆", "计划标准", "新增", Decimal(20))


def test_a_basis_alone_under_a_prior_column_is_the_basis(tmp_path):
    # near miss: "计划标准" alone between the value and the weight (the prior cell empty): the basis
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 计划标准 30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 行业标准 92% 70", ""] + AFTER)
    perf = _project(_with_table(tmp_path, CUT_PRIOR_AFTER + rows))
    assert _rows(perf) == [("租用云服务器（台）", "≥40台", "计划标准", None, Decimal(30)),
                           ("用户满意度（%）", "＞90%", "行业标准", "92%", Decimal(70))]


def test_words_beside_words_are_reported_not_guessed(tmp_path):
    # "年度工作计划 良好" with single spaces (no layout, no standard name, no quantity): which word
    # is the basis cannot be told; neither is read and an info names the row
    rows = ["产出指标 数量指标 办理政务服务事项（项） ≥500 项 年度工作计划 良好 30", "",
            "质量指标 事项办结率（%） ≥ 95% 年度工作计划 96% 70", ""]
    head = "一级指标 二级指标 三级指标 指标值 指标设定依据 上年完成值 分值权重"
    disc = _doc(tmp_path, FUNDS + [head, ""] + rows)
    perf = _department(disc)
    assert _rows(perf) == [("办理政务服务事项（项）", "≥500项", None, None, Decimal(30)),
                           ("事项办结率（%）", "≥95%", "年度工作计划", "96%", Decimal(70))]
    [issue] = [i for i in disc.issues if i.code == "performance-basis-unparted"]
    assert issue.level == "info" and issue.provenance.line == perf.indicators[0].line
    assert "部门整体绩效目标表" in issue.message and not _weight_fails(disc, "部门整体绩效目标表")


# ---- 3. other ways a weight is printed -----------------------------------------------------------

ROWS = ["产出指标   数量指标   办理政务服务事项（项）   ≥500 项    年度工作计划      {}",
        "                      开展业务培训（次）       =4 次      年度工作计划      {}",
        "           质量指标   事项办结率（%）          ≥ 95%      年度工作计划      {}",
        "效益指标   社会效益指标   群众满意度（%）      ≥90%       年度工作计划      {}"]
NAMES = ["办理政务服务事项（项）", "开展业务培训（次）", "事项办结率（%）", "群众满意度（%）"]
LAYOUT_HEAD = LAYOUT[8]


def _layout(tmp_path, weights, tail=(), head=LAYOUT_HEAD):
    return _doc(tmp_path, FUNDS + [head] + [r.format(w) for r, w in zip(ROWS, weights)] + list(tail) + [""])


def test_weights_with_decimals(tmp_path):
    disc = _layout(tmp_path, ["27.5", "22.5", "20", "30"])
    assert [i.weight for i in _department(disc).indicators] == [Decimal("27.5"), Decimal("22.5"), 20, 30]
    assert not _weight_fails(disc, "部门整体绩效目标表")


def test_weights_printed_as_scores(tmp_path):
    # "30分", and "20 分" with its unit apart: the weight 30, 20 (nothing was read before)
    disc = _layout(tmp_path, ["30分", "20 分", "20分", "30分"])
    perf = _department(disc)
    assert [(i.level3, i.basis, i.weight) for i in perf.indicators] == [
        (n, "年度工作计划", Decimal(w)) for n, w in zip(NAMES, (30, 20, 20, 30))]
    assert not _weight_fails(disc, "部门整体绩效目标表")


def test_scores_that_sum_wrong_are_found(tmp_path):
    # near miss: the same with 30分 for the last row's 40分: 110
    [fail] = _weight_fails(_layout(tmp_path, ["30分", "20分", "20分", "40分"]), "部门整体绩效目标表")
    assert fail.found == "110"


def test_a_total_row_is_no_indicator_and_no_weight(tmp_path):
    # "合计 … 100" after the rows (layout), "总分 100" and "合计" / "100" (raw): the weights' total
    for tail in (["合计                                                         100"], ["总分 100"], ["合计", "100"]):
        disc = _layout(tmp_path, [30, 20, 20, 30], tail)
        perf = _department(disc)
        assert [(i.level3, i.basis, i.weight) for i in perf.indicators] == [
            (n, "年度工作计划", Decimal(w)) for n, w in zip(NAMES, (30, 20, 20, 30))], tail
        assert perf.unread_rows == [] and not _weight_fails(disc, "部门整体绩效目标表")


def test_a_total_row_after_a_held_figure_is_no_prior(tmp_path):
    # header 指标值 | 上年完成值 | 依据 | 权重: "≥90% 30" / "合计 100": 30 the weight, not the prior
    head = "一级指标   二级指标   三级指标                 指标值     上年完成值   指标设定依据   分值权重"
    disc = _layout(tmp_path, [30, 20, 20, 30], ["合计   100"], head)
    assert [i.weight for i in _department(disc).indicators] == [30, 20, 20, 30]
    assert not _weight_fails(disc, "部门整体绩效目标表")


def test_cut_table_total_row(tmp_path):
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 计划标准 30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 行业标准 70", ""] + AFTER + ["合计", "", "100", ""])
    disc = _with_table(tmp_path, HEAD + rows)
    perf = _project(disc)
    assert [i.weight for i in perf.indicators] == [30, 70] and perf.unread_rows == []
    assert not _weight_fails(disc, "政务云租赁项目")


def test_a_weight_on_the_line_after_the_name(tmp_path):
    # raw: "产出指标 数量指标 办理政务服务事项（项）" / "≥500 项 年度工作计划 30", and a row whose
    # weight is on a line of its own
    rows = ["产出指标 数量指标 办理政务服务事项（项）", "≥500 项 年度工作计划 30", "",
            "开展业务培训（次）", "=4 次 年度工作计划", "20", "",
            "质量指标 事项办结率（%） ≥ 95% 年度工作计划", "20", "",
            "效益指标 社会效益指标 群众满意度（%） ≥90% 年度工作计划 30", ""]
    disc = _doc(tmp_path, FUNDS + ["一级指标 二级指标 三级指标 指标值 指标设定依据 分值权重", ""] + rows)
    perf = _department(disc)
    assert [(i.level3, i.basis, i.weight) for i in perf.indicators] == [
        (n, "年度工作计划", Decimal(w)) for n, w in zip(NAMES, (30, 20, 20, 30))]
    assert not _weight_fails(disc, "部门整体绩效目标表")


def test_a_weight_that_is_no_figure_leaves_the_rows_unread_and_reported(tmp_path):
    # near miss: "30%" where the weight stands closes no row: reported, the total not checked
    disc = _layout(tmp_path, ["30%", "20%", "20%", "30%"])
    perf = _department(disc)
    assert perf.indicators == [] and perf.unread_weights == [None]
    [issue] = [i for i in disc.issues if i.code == "performance-rows-unread" and "部门整体" in i.message]
    assert "权重合计不核对" in issue.message and not _weight_fails(disc, "部门整体绩效目标表")


def test_unread_rows_are_listed_in_the_order_printed(tmp_path):
    # rows valued in words before and after the last value: their lines in order, each with its weight
    words = ["效益", "", "指标", "", "社会", "", "效益", "", "指标", "", "保障政务系统平稳运行", "", "有效", "", "保障", "",
             "计划标准 {}", ""]
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 计划标准 30", ""] + AFTER + [w.format(10) for w in words] + AFTER
            + LEVELS_SATISFACTION + ["用户满意度（%） ＞90% 行业标准 40", ""] + AFTER + [w.format(20) for w in words] + AFTER)
    disc = _with_table(tmp_path, HEAD + rows)
    perf = _project(disc)
    assert perf.unread_rows == sorted(perf.unread_rows) and perf.unread_weights == [Decimal(10), Decimal(20)]
    assert not _weight_fails(disc, "政务云租赁项目")


def test_a_score_in_the_columns_after_the_weight_is_no_weight(tmp_path):
    # near miss: the 赋分规则 printed after the weight prints a score ("未完成扣" / "2分"): no weight
    rule = ["未完成扣", "", "2分", "", "工作资料", ""]
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 计划标准 30", ""] + rule + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 行业标准 70", ""] + rule)
    disc = _with_table(tmp_path, HEAD + rows)
    perf = _project(disc)
    assert [i.weight for i in perf.indicators] == [30, 70] and perf.unread_rows == []
    assert not _weight_fails(disc, "政务云租赁项目")


def test_a_value_printed_bare_is_no_weight(tmp_path):
    # a row valued by a bare figure ("群众满意度（%）   95   年度工作计划   30"): no comparison, so
    # unread, but the 95 on its line is its value, not another unread row's weight: 30+20+20+30
    rows = [r.format(w) for r, w in zip(ROWS[:3], (30, 20, 20))] + [
        "效益指标   社会效益指标   群众满意度（%）      95         年度工作计划      30", ""]
    disc = _doc(tmp_path, FUNDS + [LAYOUT_HEAD] + rows)
    perf = _department(disc)
    assert [i.weight for i in perf.indicators] == [30, 20, 20]
    assert perf.unread_weights == [Decimal(30)] and not _weight_fails(disc, "部门整体绩效目标表")
    # and in a cut table: "用户满意度（%） 95 行业标准 70"
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 计划标准 30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） 95 行业标准 70", ""] + AFTER)
    disc = _with_table(tmp_path, HEAD + rows)
    assert _project(disc).unread_weights == [Decimal(70)] and not _weight_fails(disc, "政务云租赁项目")


def test_a_bare_figure_before_the_basis_without_a_prior_column_leaves_the_weight_last(tmp_path):
    # near miss: no prior column in the header, "≥99% 5 计划标准 30" on one line: the weight is the
    # last figure of the row's line, 30 (the 5 printed between is no weight)
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 计划标准 30", ""] + AFTER + LEVELS_QUALITY
            + ["系统可用率（%） ≥99% 5 计划标准 30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 行业标准 40", ""] + AFTER)
    disc = _with_table(tmp_path, HEAD + rows)
    perf = _project(disc)
    assert [i.weight for i in perf.indicators] == [30, 30, 40] and perf.unread_rows == []
    assert not _weight_fails(disc, "政务云租赁项目")


def test_a_table_whose_values_print_no_comparison_is_reported(tmp_path):
    # values printed without a sign ("40台", "100%"): no row can be parted, the table's weights
    # are not checked, and an issue says so (nothing was said before)
    rows = (LEVELS_OUT + ["租用云服务器（台） 40台 计划标准 30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） 100% 行业标准 70", ""] + AFTER)
    disc = _with_table(tmp_path, HEAD + rows)
    assert _project(disc).indicators == []
    [issue] = [i for i in disc.issues if i.code == "performance-rows-unread" and "政务云租赁项目" in i.message]
    assert issue.level == "warning" and "权重合计不核对" in issue.message


def test_a_table_without_a_weight_column_is_not_reported(tmp_path):
    # near miss: no 权重/分值 in the header: no weights to check, nothing to say
    head = [t for t in HEAD if t not in ("分值", "权重")]
    rows = LEVELS_OUT + ["租用云服务器（台） 40台 计划标准", ""] + AFTER
    disc = _with_table(tmp_path, head + rows)
    assert not [i for i in disc.issues if i.code == "performance-rows-unread" and "政务云租赁项目" in i.message]


def test_a_total_label_cut_in_two_is_still_a_total(tmp_path):
    # "合 计 100" (layout spacing the label's characters) and, in a cut table, "合" / "计" / "100"
    disc = _layout(tmp_path, [30, 20, 20, 30], ["合   计                                                     100"])
    assert [i.weight for i in _department(disc).indicators] == [30, 20, 20, 30]
    assert not _weight_fails(disc, "部门整体绩效目标表")
    head = "一级指标   二级指标   三级指标                 指标值     上年完成值   指标设定依据   分值权重"
    disc = _layout(tmp_path, [30, 20, 20, 30], ["合   计   100"], head)
    assert [i.weight for i in _department(disc).indicators] == [30, 20, 20, 30]
    rows = (LEVELS_OUT + ["租用云服务器（台） ≥40台 计划标准 30", ""] + AFTER + LEVELS_SATISFACTION
            + ["用户满意度（%） ＞90% 行业标准 70", ""] + AFTER + ["合", "", "计", "", "100", ""])
    disc = _with_table(tmp_path, HEAD + rows)
    assert [i.weight for i in _project(disc).indicators] == [30, 70] and _project(disc).unread_rows == []
    assert not _weight_fails(disc, "政务云租赁项目")
