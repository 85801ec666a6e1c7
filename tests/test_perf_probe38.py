"""Probe 38 of the narrative's performance tables and the checks on a split 基本支出: the
部门整体绩效目标表 printed as plain text (pdftotext: a row per line, columns apart by spaces, or
each cell on lines of its own), narrative claims about 基本支出 where 表5 prints only 人员经费 |
公用经费, and the Xinjiang template's split columns.

What each test expects is transcribed from the text it reads, never from the parser's output."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetlens.checks import check
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
S003 = EXAMPLES / "003_051c06d5053f29b3.txt"      # 克孜勒苏柯尔克孜自治州数字化发展局 2025, plain text


def outcome(report, rule: str) -> tuple[str, int]:
    o = next(o for o in report.outcomes if o.rule == rule)
    return o.status, o.checked


# ---- the 部门整体绩效目标表 as plain text ---------------------------------------------------------
# 003 prints it as pdftotext does without -layout: "上级安排 0.00", "本级安排 417.37",
# "其他资金（万元） 其他 0.00", then the header "一级指标 二级指标 三级指标 指标值 指标设定依据
# 分值权重" and each indicator over several lines (履职效能 / 数量指标 / 参加自治区“数据要素 X” /
# 大赛（次） / =1 次 / 自治州数字化 / 发展局 2025年 / 工作计划 / 20). Nothing of it was read: no
# amount (P-DEPARTMENT-AMOUNT not applicable), no indicator (P-WEIGHT-SUM not applicable).

def _department(disc):
    [perf] = [p for p in disc.narrative.performance if p.kind == "department"]
    return perf


def test_plain_text_department_table_funds_are_read_with_their_lines():
    perf = _department(parse(S003))
    assert [(f.kind, f.label, f.amount) for f in perf.funds] == [
        ("fiscal", "上级安排", Decimal("0.00")), ("fiscal", "本级安排", Decimal("417.37")),
        ("other", "其他", Decimal("0.00"))]
    lines = S003.read_text(encoding="utf-8").split("\n")
    assert [lines[f.line - 1] for f in perf.funds] == ["上级安排 0.00", "本级安排 417.37", "其他资金（万元） 其他 0.00"]


BASIS = "自治州数字化发展局2025年工作计划"


def test_plain_text_department_table_indicators_are_read_as_a_tree():
    perf = _department(parse(S003))
    got = [(i.level1, i.level2, i.level3, i.value, i.basis, i.weight) for i in perf.indicators]
    assert got == [
        ("履职效能", "数量指标", "参加自治区“数据要素X”大赛（次）", "=1次", BASIS, Decimal(20)),
        ("履职效能", "数量指标", "举办自治州数字生态大会（次）", "=1次", BASIS, Decimal(20)),
        ("履职效能", "数量指标", "新服办、新企办APP新增办理事项（项）", "＞=500项", BASIS, Decimal(15)),
        ("履职效能", "数量指标", "推广自治区创新事项（项）", "＞=12项", BASIS, Decimal(15)),
        ("履职效能", "质量指标", "12345政务服务热线工单办结（%）", "＞=95%", BASIS, Decimal(20))]
    lines = S003.read_text(encoding="utf-8").split("\n")
    assert [lines[i.line - 1] for i in perf.indicators] == [
        "履职效能", "数量指标", "数量指标", "数量指标 推广自治区创新事项（项） ＞=12 项", "质量指标"]


def test_plain_text_department_table_is_checked():
    report = check(parse(S003))
    # 上级安排 0.00 + 本级安排 417.37 + 其他 0.00 = 417.37, the 收支总表's 收入总计 417.37
    assert outcome(report, "P-DEPARTMENT-AMOUNT") == ("pass", 1)
    # weights 20 + 20 + 15 + 15 + 20 = 90, one of the sums allowed; (session 40) the six project
    # tables too, each with the weights of its rows valued in words (read where they stand)
    assert outcome(report, "P-WEIGHT-SUM") == ("pass", 7)


# the same table as pdftotext -layout prints it: one row a line, a group's repeated cells blank
LAYOUT = [" 部门整体绩效目标表",
          "                                 （2025 年）",
          "部门名称（盖章）   某某市某某局",
          "年度绩效目标       保障机关正常运转，本级安排 20 万元用于信息化运维。",
          "年度预算(万元)     资金来源              资金总额（万元）",
          "                   财政资金（万元）  上级安排           0.00",
          "                                     本级安排         387.37",
          "                   其他资金（万元）  其他              30.00",
          "一级指标   二级指标   三级指标                 指标值     指标设定依据      分值权重",
          "产出指标   数量指标   办理政务服务事项（项）   ≥500 项    年度工作计划      30",
          "                      开展业务培训（次）       =4 次      年度工作计划      20",
          "           质量指标   事项办结率（%）          ≥ 95%      年度工作计划      20",
          "效益指标   社会效益指标   群众满意度（%）      ≥90%       年度工作计划      30",
          ""]


def _doc(tmp_path, lines: list[str]):
    """003 with its 部门整体绩效目标表 printed as `lines` (up to the first 项目支出绩效目标表)."""
    text = S003.read_text(encoding="utf-8")
    start = text.index(" 部门整体绩效目标表")
    end = text.index(" 项目支出绩效目标表", start)
    path = tmp_path / "perf.txt"
    path.write_text(text[:start] + "\n".join(lines) + "\n" + text[end:], encoding="utf-8")
    return parse(str(path))


def test_layout_department_table_is_read_row_by_row(tmp_path):
    perf = _department(_doc(tmp_path, LAYOUT))
    assert [(f.kind, f.label, f.amount) for f in perf.funds] == [
        ("fiscal", "上级安排", Decimal("0.00")), ("fiscal", "本级安排", Decimal("387.37")),
        ("other", "其他", Decimal("30.00"))]
    assert [(i.level1, i.level2, i.level3, i.value, i.basis, i.weight) for i in perf.indicators] == [
        ("产出指标", "数量指标", "办理政务服务事项（项）", "≥500项", "年度工作计划", Decimal(30)),
        ("产出指标", "数量指标", "开展业务培训（次）", "=4次", "年度工作计划", Decimal(20)),
        ("产出指标", "质量指标", "事项办结率（%）", "≥95%", "年度工作计划", Decimal(20)),
        ("效益指标", "社会效益指标", "群众满意度（%）", "≥90%", "年度工作计划", Decimal(30))]


def test_an_amount_in_the_target_text_is_no_fund_and_a_table_with_columns_past_the_weight_is_read_by_values(tmp_path):
    # "本级安排 20 万元用于…" in the 年度绩效目标 is a sentence's figure, not the table's 年度预算;
    # a header with columns after the weight (指标赋分规则, 佐证资料): the weight closes no row, but
    # (probe 39) each row is found by its value, a comparison, and ends at its weight, the cells
    # after it left to the row (perf_text.cut_rows)
    head = "一级指标   二级指标   三级指标   指标值   指标设定依据   分值权重   指标赋分规则   佐证资料"
    rows = ["产出指标   数量指标   办理政务服务事项（项）   ≥500 项   年度工作计划   30   按比例赋分   工作资料"]
    cut = ["年度绩效目标       保障机关正常运转，其中本级安排 20", "                   万元用于信息化运维。"]
    perf = _department(_doc(tmp_path, LAYOUT[:3] + cut + LAYOUT[4:8] + [head] + rows + [""]))
    assert [f.amount for f in perf.funds] == [Decimal("0.00"), Decimal("387.37"), Decimal("30.00")]
    assert [(i.level1, i.level2, i.level3, i.value, i.basis, i.weight) for i in perf.indicators] == [
        ("产出指标", "数量指标", "办理政务服务事项（项）", "≥500项", "年度工作计划", Decimal(30))]


# ---- N-AMOUNT, N-SHARE: 基本支出 where 表5 prints only 人员经费 | 公用经费 ------------------------
# The split 一般公共预算支出表 of test_checks_probe38 (合计 36,748.76 = 人员经费 15,639.75 + 公用经费
# 457.71 + 项目支出 20,651.30, no 基本支出 小计) with a sentence on it: "基本支出 16,097.46 万元，占
# 43.80%" found no cell and was skipped. It is now compared with 15,639.75 + 457.71 = 16,097.46,
# 16,097.46 / 36,748.76 = 43.80 %.

def _with_text(tmp_path, sentence: str, head=None, rows=None):
    from test_checks_probe38 import T5_HEAD, T5_ROWS, T6, TOP, _layout
    narrative = ["", "第三部分 2025年部门预算情况说明", "",
                 "五、关于某某市某某局2025年一般公共预算当年拨款情况说明", "", sentence, ""]
    lines = TOP + (head or T5_HEAD) + [_layout(*r) for r in rows or T5_ROWS] + T6 + narrative
    path = tmp_path / "split.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return check(parse(str(path)))


SAID = "2025年一般公共预算支出36,748.76万元，其中：基本支出{basic}万元，占{share}%；项目支出20,651.30万元，占56.20%。"


def _basic(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule and f.severity in ("error", "warning")
            and "基本支出" in f.message]


def test_basic_amount_said_is_compared_with_the_sum_of_its_printed_parts(tmp_path):
    right = _with_text(tmp_path, SAID.format(basic="16,097.46", share="43.80"))
    assert outcome(right, "N-AMOUNT")[0] == "pass" and outcome(right, "N-SHARE")[0] == "pass"
    wrong = _with_text(tmp_path, SAID.format(basic="16,197.46", share="43.80"))
    [f] = _basic(wrong, "N-AMOUNT")
    assert (f.expected, f.difference) == ("16,097.46", Decimal("100.00"))
    assert sorted(e.text for e in f.evidence if e.role == "表格") == ["15,639.75", "457.71"]
    assert "表格未列基本支出合计，按人员经费与公用经费之和计" in f.message


def test_basic_share_said_is_worked_out_from_the_sum_of_its_printed_parts(tmp_path):
    [f] = _basic(_with_text(tmp_path, SAID.format(basic="16,097.46", share="45.80")), "N-SHARE")
    assert f.expected == "43.80"
    assert sorted(e.text for e in f.evidence if e.role == "部分") == ["15,639.75", "457.71"]
    assert "表格未列基本支出合计，按人员经费与公用经费之和计" in f.message


def test_a_printed_basic_subtotal_is_still_the_cell_compared(tmp_path):
    from test_checks_probe38 import T5_HEAD, T5_ROWS, _layout, _plus
    head = [T5_HEAD[0], T5_HEAD[1], _layout("科目编码", "科目名称", "合计", "", "", "", "项目支出"),
            _layout("", "", "", "小计", "人员经费", "公用经费", "")]
    rows = [(c, n, t, _plus(p, q), p, q, j) for c, n, t, p, q, j in T5_ROWS]
    report = _with_text(tmp_path, SAID.format(basic="16,197.46", share="43.80"), head, rows)
    [f] = _basic(report, "N-AMOUNT")
    assert [e.text for e in f.evidence if e.role == "表格"] == ["16,097.46"]
    assert "未列基本支出合计" not in f.message


# ---- Xinjiang's 部门预算 template knows 基本支出 over 人员经费 | 公用经费 -------------------------------
# Its 一般公共预算支出情况表 knew 合计 | 基本支出 | 项目支出 only; Xinjiang's 部门预算 of other years
# print 基本支出 over 人员经费 | 公用经费, with or without its 小计. Read under a Xinjiang cover, the
# parts were columns the template did not know (said, their amounts left out of every check).

XJ_DEPT_TOP = ["           新疆维吾尔自治区某某州某某局2025年部门预算", "", "第二部分 2025年部门预算公开表",
               "\f                        一般公共预算支出情况表", "", "编制部门：某某州某某局             单位：万元", ""]


def _xj_split(tmp_path, subtotal: bool):
    from test_checks_probe38 import T5_HEAD, T5_ROWS, _layout, _plus
    if subtotal:
        head = [T5_HEAD[0], T5_HEAD[1], _layout("科目编码", "科目名称", "合计", "", "", "", "项目支出"),
                _layout("", "", "", "小计", "人员经费", "公用经费", "")]
        rows = [(c, n, t, _plus(p, q), p, q, j) for c, n, t, p, q, j in T5_ROWS]
    else:
        head, rows = T5_HEAD, T5_ROWS
    path = tmp_path / "xj.txt"
    path.write_text("\n".join(XJ_DEPT_TOP + head + [_layout(*r) for r in rows]) + "\n", encoding="utf-8")
    return parse(str(path))


def test_xinjiang_department_budget_reads_basic_spending_split_in_two(tmp_path):
    for subtotal, labels in ((False, ["合计", "人员经费", "公用经费", "项目支出"]),
                             (True, ["合计", "小计", "人员经费", "公用经费", "项目支出"])):
        disc = _xj_split(tmp_path, subtotal)
        t5 = next(t for t in disc.tables if t.kind == "gpb_expenditure")
        assert (disc.meta.template, t5.template_table) == ("xj-dept-budget-2025", "gpb_expenditure#5/basic_split")
        assert [c.label for c in t5.columns] == labels
        # the 合计 row: 人员经费 15,639.75, 公用经费 457.71
        personnel = [f.amount for f in disc.facts if f.table == t5.index and f.coords.nature == "personnel"
                     and not f.coords.function_code]
        assert personnel == [Decimal("15639.75")]
        assert not [i for i in disc.issues if i.code in ("column-not-in-template", "header-unmapped", "columns-by-order")]


def test_xinjiang_table5_printing_basic_spending_alone_is_read_as_before():
    disc = parse(EXAMPLES / "002_4e0ed6e09b019fe1.txt")
    t5 = next(t for t in disc.tables if t.kind == "gpb_expenditure")
    assert t5.template_table == "gpb_expenditure#5"
    assert [c.label for c in t5.columns] == ["合计", "基本支出", "项目支出"]


# ---- the same 基本支出 as a share's whole and as the figure a rate is of ---------------------------
# "人员经费 15,639.75 万元，占基本支出的 97.16%" (15,639.75 / 16,097.46) and "基本支出比上年增加
# 97.46 万元，增长 0.61%" (97.46 / (16,097.46 − 97.46)) found no 基本支出 either: skipped.

def _serious(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule and f.severity in ("error", "warning")]


PARTS = "其中：人员经费15,639.75万元，占基本支出的{share}%；公用经费457.71万元，占基本支出的2.84%。"
RATE = "基本支出比上年增加97.46万元，增长{rate}%。"


def test_a_share_of_basic_spending_is_worked_out_from_its_printed_parts(tmp_path):
    assert not _serious(_with_text(tmp_path, PARTS.format(share="97.16")), "N-SHARE")
    [f] = _serious(_with_text(tmp_path, PARTS.format(share="99.16")), "N-SHARE")
    assert f.expected == "97.16" and "人员经费" in f.message
    assert sorted(e.text for e in f.evidence if e.role == "整体") == ["15,639.75", "457.71"]
    assert "表格未列基本支出合计，按人员经费与公用经费之和计" in f.message


def test_a_rate_of_basic_spending_is_worked_out_from_its_printed_parts(tmp_path):
    assert not _serious(_with_text(tmp_path, RATE.format(rate="0.61")), "N-CHANGE-RATE")
    [f] = _serious(_with_text(tmp_path, RATE.format(rate="0.81")), "N-CHANGE-RATE")
    assert f.expected == "0.61"
    assert sorted(e.text for e in f.evidence if e.role == "表格") == ["15,639.75", "457.71"]
    assert "表格未列基本支出合计，按人员经费与公用经费之和计" in f.message


def test_share_and_rate_of_a_printed_basic_subtotal_cite_it_alone(tmp_path):
    from test_checks_probe38 import T5_HEAD, T5_ROWS, _layout, _plus
    head = [T5_HEAD[0], T5_HEAD[1], _layout("科目编码", "科目名称", "合计", "", "", "", "项目支出"),
            _layout("", "", "", "小计", "人员经费", "公用经费", "")]
    rows = [(c, n, t, _plus(p, q), p, q, j) for c, n, t, p, q, j in T5_ROWS]
    report = _with_text(tmp_path, PARTS.format(share="99.16") + RATE.format(rate="0.81"), head, rows)
    [share] = _serious(report, "N-SHARE")
    assert [e.text for e in share.evidence if e.role == "整体"] == ["16,097.46"]
    [rate] = _serious(report, "N-CHANGE-RATE")
    assert "未列基本支出合计" not in share.message + rate.message


def test_a_row_whose_value_is_words_is_left_unread_and_reported(tmp_path):
    # "好" is no comparison: the row's name, value and basis cannot be told apart, and the other
    # rows alone would sum their weights short (70 of 100). Probe 39: the rows whose values are
    # comparisons are read (perf_text.cut_rows), the other is reported and the weights unchecked
    read = [("办理政务服务事项（项）", "≥500项", Decimal(30)), ("开展业务培训（次）", "=4次", Decimal(20)),
            ("事项办结率（%）", "≥95%", Decimal(20))]
    rows = LAYOUT[9:12] + ["效益指标   社会效益指标   群众满意度          好         年度工作计划      30", ""]
    disc = _doc(tmp_path, LAYOUT[:9] + rows)
    perf = _department(disc)
    assert [(i.level3, i.value, i.weight) for i in perf.indicators] == read and len(perf.funds) == 3
    assert len(perf.unread_rows) == 1 and any(i.code == "performance-rows-unread" for i in disc.issues)
    # (session 40) the unread row's weight, 30 alone at its end, is read: 30 + 20 + 20 + 30 = 100,
    # checked with the six project tables of 003 (their rows in words: weights read the same way)
    assert outcome(check(disc), "P-WEIGHT-SUM") == ("pass", 7) and perf.unread_weights == [Decimal(30)]
    rows = LAYOUT[9:12] + ["效益指标   社会效益指标   群众满意度", "好", "年度工作计划", "30", ""]
    perf = _department(_doc(tmp_path, LAYOUT[:9] + rows))
    assert [(i.level3, i.value, i.weight) for i in perf.indicators] == read and len(perf.unread_rows) == 1
