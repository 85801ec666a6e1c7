"""Session 40: 绩效目标表 rows valued in words keep their weights, and a 上年完成值 (历史值)
column between the value and the weight keeps the basis apart.

1. A row whose value is words ("有效" / "提升", "好") cannot be parted into cells, but its weight
   stands where weights stand (a figure alone at the row's end): it is read, and the weight
   total is checked with it. Where no weight can be read the total stays unchecked.
2. A header with a 上年完成值 column between the value and the weight: the row's cells there
   part at the quantity ("计划标准 80个": basis 计划标准, prior 80个); a prior in words ("新增")
   cannot be parted and nothing is guessed. Grids map the column by its header, and take the
   basis from 评（扣）分标准 where no 依据 column is printed.

What each test expects is transcribed from the text it reads, never from the parser's output."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from test_perf_probe38 import LAYOUT, _department, _doc
from test_perf_probe39 import HEAD, ROWS, _with_table
from test_set_narrative import with_narrative
from test_set_projects import CENTRE, PERF
from test_unit_tables import parse_text

from budgetlens.checks import check
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
S003 = EXAMPLES / "003_051c06d5053f29b3.txt"      # 克孜勒苏柯尔克孜自治州数字化发展局 2025, plain text


def _project(disc, name: str):
    [perf] = [p for p in disc.narrative.performance if p.project == name]
    return perf


def _weight_sum(report):
    o = next(o for o in report.outcomes if o.rule == "P-WEIGHT-SUM")
    return o.status, o.checked


def _weight_fails(report) -> list:
    return [f for f in report.findings if f.rule == "P-WEIGHT-SUM"]


# ---- 1. weights of rows valued in words ----------------------------------------------------------

def test_seed_rows_in_words_keep_their_weights_and_every_table_is_checked():
    # 克州电子政务外网专项运维费项目: rows 7 7 7 7 6 6 10 10 10 read (70), two rows "有效" / "提升" and
    # "有效" / "保障" end at "10 按评判等级赋分 说明材料": 70 + 10 + 10 = 90
    disc = parse(S003)
    perf = _project(disc, "克州电子政务外网专项运维费项目")
    assert perf.unread_weights == [Decimal(10), Decimal(10)]
    assert sum(i.weight for i in perf.indicators) + sum(perf.unread_weights) == 90
    # 克州数字化发展局公车购置项目: one row in words, weight 20
    assert _project(disc, "克州数字化发展局公车购置项目").unread_weights == [Decimal(20)]
    report = check(disc)
    # the 部门整体 table and the six project tables, each summing to 90
    assert _weight_sum(report) == ("pass", 7) and not _weight_fails(report)
    issues = [i for i in disc.issues if i.code == "performance-rows-unread"]
    assert len(issues) == 6 and all("仅读取其权重" in i.message for i in issues)


def test_a_weight_read_from_a_row_in_words_can_make_the_total_fail(tmp_path):
    # 30 + 20 + 20 read, "群众满意度 好 年度工作计划 40": 110, neither 90 nor 100
    rows = LAYOUT[9:12] + ["效益指标   社会效益指标   群众满意度          好         年度工作计划      40", ""]
    disc = _doc(tmp_path, LAYOUT[:9] + rows)
    perf = _department(disc)
    assert [i.weight for i in perf.indicators] == [Decimal(30), Decimal(20), Decimal(20)]
    assert perf.unread_weights == [Decimal(40)]
    [fail] = [f for f in _weight_fails(check(disc)) if "部门整体绩效目标表" in f.message]
    assert fail.found == "110"


def test_of_two_figures_alone_at_a_row_in_words_end_the_last_is_its_weight(tmp_path):
    # near miss: "…群众满意 年度工作计划 95 30" (a figure printed before the weight): one row
    # unread, its weight 30, not two rows weighing 95 and 30
    rows = LAYOUT[9:12] + ["效益指标   社会效益指标   群众满意度     群众满意    年度工作计划   95   30", ""]
    disc = _doc(tmp_path, LAYOUT[:9] + rows)
    perf = _department(disc)
    assert perf.unread_weights == [Decimal(30)] and len(perf.unread_rows) == 1
    assert not [f for f in _weight_fails(check(disc)) if "部门整体绩效目标表" in f.message]


def test_a_prior_figure_on_the_line_before_the_weight_of_a_row_in_words_is_no_weight(tmp_path):
    # a 上年完成值 column after the basis, a row valued in words printing its prior "95" and its
    # weight "40" on lines of their own: one row unread weighing 40 (30 + 30 + 40 = 100), not two
    head = HEAD[:39] + ["上年", "", "完成", "", "值", ""] + HEAD[39:]
    rows = ROWS[:30] + ["保障系统平稳运行", "", "有效", "", "保障", "", "计划标准", "", "95", "", "40", "",
                        "按比例赋分", "", "工作资料", ""]
    disc = _with_table(tmp_path, head + rows)
    perf = _project(disc, "政务云租赁项目")
    assert [i.weight for i in perf.indicators] == [Decimal(30), Decimal(30)]
    assert perf.unread_weights == [Decimal(40)] and len(perf.unread_rows) == 1
    assert not [f for f in _weight_fails(check(disc)) if "政务云租赁项目" in f.message]


def test_a_row_printing_no_weight_leaves_the_total_unchecked(tmp_path):
    # near miss: "租用云服务器（台） ≥40台 计划标准" prints no weight: nothing to read, the total
    # (30 + 40 read) is not checked, and the issue says so
    rows = ROWS[:8] + ["租用云服务器（台） ≥40台 计划标准", "", "按比例赋分", "", "工作资料", ""] + ROWS[14:]
    disc = _with_table(tmp_path, HEAD + rows)
    perf = _project(disc, "政务云租赁项目")
    assert [i.weight for i in perf.indicators] == [Decimal(30), Decimal(40)] and len(perf.unread_rows) == 1
    assert not [f for f in _weight_fails(check(disc)) if "政务云租赁项目" in f.message]
    [issue] = [i for i in disc.issues if i.code == "performance-rows-unread" and "政务云租赁项目" in i.message]
    assert "权重合计不核对" in issue.message


# ---- 2. a 上年完成值 column between the value and the weight -------------------------------------

def test_a_prior_in_words_is_parted_from_a_standard_basis():
    # "购置公务用车（辆） =1辆 计划标准 新增 20": 新增 is no quantity; the cells between the value and
    # the weight are told apart by the framework's standard basis (计划标准: 财预〔2020〕10号).
    # (Until session 41 this test pinned the defect: no basis, no prior.)
    perf = _project(parse(S003), "克州数字化发展局公车购置项目")
    first = perf.indicators[0]
    assert (first.level3, first.value, first.basis, first.weight) == ("购置公务用车（辆）", "=1辆", "计划标准", Decimal(20))
    assert first.prior == "新增"


LAYOUT_PRIOR_HEAD = "一级指标   二级指标   三级指标                 指标值     指标设定依据   上年完成值   分值权重"


def test_layout_table_with_a_prior_column_keeps_basis_and_prior_apart(tmp_path):
    rows = ["产出指标   数量指标   办理政务服务事项（项）   ≥500 项    年度工作计划   480 项     30",
            "                      开展业务培训（次）       =4 次      年度工作计划   4次        20",
            "           质量指标   事项办结率（%）          ≥ 95%      年度工作计划   96%        20",
            "效益指标   社会效益指标   群众满意度（%）      ≥90%       年度工作计划   92         30", ""]
    perf = _department(_doc(tmp_path, LAYOUT[:8] + [LAYOUT_PRIOR_HEAD] + rows))
    assert [(i.level3, i.value, i.basis, i.prior, i.weight) for i in perf.indicators] == [
        ("办理政务服务事项（项）", "≥500项", "年度工作计划", "480项", Decimal(30)),
        ("开展业务培训（次）", "=4次", "年度工作计划", "4次", Decimal(20)),
        ("事项办结率（%）", "≥95%", "年度工作计划", "96%", Decimal(20)),
        ("群众满意度（%）", "≥90%", "年度工作计划", "92", Decimal(30))]


def test_cut_table_with_the_prior_before_the_basis(tmp_path):
    # a header 指标值 | 上年完成值 | 指标值设置依据 | 权重: the quantity comes first
    head = HEAD[:35] + ["上年", "", "完成", "", "值", ""] + HEAD[35:]
    rows = ["产出", "", "指标", "", "数量", "", "指标", "", "租用云服务器（台） ≥40台 36台 计划标准 30", "",
            "按比例赋分", "", "工作资料", "", "满意", "", "度指", "", "标", "", "满意", "", "度指", "", "标", "",
            "用户满意度（%） ＞90% 92% 行业标准 70", "", "按比例赋分", "", "工作资料", ""]
    perf = _project(_with_table(tmp_path, head + rows), "政务云租赁项目")
    assert [(i.level3, i.value, i.basis, i.prior, i.weight) for i in perf.indicators] == [
        ("租用云服务器（台）", "≥40台", "计划标准", "36台", Decimal(30)),
        ("用户满意度（%）", "＞90%", "行业标准", "92%", Decimal(70))]


def _grid(tmp_path, header: str, *rows: str):
    text = PERF.format(scale="150.00", unit=CENTRE)
    lines = text.split("\n")
    at = next(k for k, line in enumerate(lines) if line.startswith("一级指标"))
    lines[at:at + 3] = [header, *rows]
    disc = parse_text(tmp_path, with_narrative("\n".join(lines)))
    [perf] = [p for p in disc.narrative.performance if p.amount == 150]
    return [(i.level3, i.value, i.basis, i.model_dump().get("prior"), i.weight) for i in perf.indicators]


def test_grid_prior_column_and_a_scoring_standard_as_basis(tmp_path):
    got = _grid(tmp_path, "一级指标\t二级指标\t三级指标\t指标值\t上年完成值\t评（扣）分标准\t分值",
                "产出指标\t数量指标\t采编信息条数（条）\t>=1100 条\t990 条\t未完成按比例扣分\t50",
                "满意度指标\t满意度指标\t满意度(%)\t>=95%\t95%\t低于95%不得分\t50")
    assert got == [("采编信息条数（条）", ">=1100条", "未完成按比例扣分", "990条", Decimal(50)),
                   ("满意度(%)", ">=95%", "低于95%不得分", "95%", Decimal(50))]


def test_grid_prior_value_before_the_value_is_not_read_as_the_value(tmp_path):
    # "上年指标值" holds 指标值: the column named 指标值 is the row's value
    got = _grid(tmp_path, "一级指标\t二级指标\t三级指标\t上年指标值\t指标值\t指标值设定依据\t权重",
                "产出指标\t数量指标\t采编信息条数（条）\t990 条\t>=1100 条\t计划标准\t50",
                "满意度指标\t满意度指标\t满意度(%)\t95%\t>=95%\t计划标准\t50")
    assert got == [("采编信息条数（条）", ">=1100条", "计划标准", "990条", Decimal(50)),
                   ("满意度(%)", ">=95%", "计划标准", "95%", Decimal(50))]


def test_grid_without_a_prior_column_is_read_as_before(tmp_path):
    # near miss: 指标值 | 指标值设置依据 | 权重, no prior column
    got = _grid(tmp_path, "一级指标\t二级指标\t三级指标\t指标值\t指标值设置依据\t指标分值权重",
                "产出指标\t数量指标\t采编信息条数（条）\t>=1100 条\t计划标准\t50",
                "满意度指标\t满意度指标\t满意度(%)\t>=95%\t计划标准\t50")
    assert [row[:3] + row[4:] for row in got] == [("采编信息条数（条）", ">=1100条", "计划标准", Decimal(50)),
                                                 ("满意度(%)", ">=95%", "计划标准", Decimal(50))]
