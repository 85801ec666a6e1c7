"""Session 44 speed cuts in the text tables' reading: each faster form gives what the slower gave.

1. A text table's lines are kept whole and cut into tokens once the table ends (end_perf), not
   token by token as each line is read: a table TextRows stops reading part way (a row valued in
   words) is read by its values from every line from its header on, those TextRows had read too.
2. value_target is memoised: the same value asked of twice (a row's value, another row's prior)
   gives the same target, the year and the bare figure near misses none."""

from __future__ import annotations

from decimal import Decimal

from test_perf_probe38 import LAYOUT, _department, _doc

from budgetlens.extract.perf_text import value_target

FUNDS = LAYOUT[:8]          # title, year, unit, goal, 年度预算 387.37 + 30.00
HEAD = "一级指标   二级指标   三级指标                 指标值     指标设定依据      分值权重"


def test_a_table_textrows_stops_reading_is_read_from_its_header_on(tmp_path):
    # the third row's value is words ("好"): TextRows drops the table after reading two rows, and
    # the rows read by their values include those two (their lines came before the break)
    rows = ["产出指标   数量指标   办理政务服务事项（项）   ≥500 项    年度工作计划      30",
            "                      开展业务培训（次）       =4 次      年度工作计划      20",
            "           质量指标   服务质量                 好         年度工作计划      20",
            "效益指标   社会效益指标   群众满意度（%）      ≥90%       年度工作计划      30", ""]
    disc = _doc(tmp_path, FUNDS + [HEAD] + rows)
    perf = _department(disc)
    assert [(i.level3, i.value, i.weight) for i in perf.indicators] == [
        ("办理政务服务事项（项）", "≥500项", Decimal(30)), ("开展业务培训（次）", "=4次", Decimal(20)),
        ("群众满意度（%）", "≥90%", Decimal(30))]
    assert perf.unread_weights == [Decimal(20)]


def test_value_target_asked_again_gives_the_same():
    for value in ("=100%", "≥ 500 项", "95%", "12月底前"):
        assert value_target(value) == value_target(value) is not None
    for value in ("2025年", "新增", "好", None, ""):       # a year, words, nothing: no target, asked again too
        assert value_target(value) is None and value_target(value) is None
    assert value_target("＞=95%") == ("≥", Decimal(95), "%")
