"""Probe 39 of the 项目支出绩效目标表 printed as plain text (pdftotext without -layout): a header cut
over lines with columns after the weight (指标赋分规则, 佐证资料), each row's cells on one line
where they fit, a cut cell over lines of its own. Seed 003 prints six such tables; none of their
indicators was read ("rows cannot be told apart without column positions").

What each test expects is transcribed from the text it reads, never from the parser's output."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetlens.checks import check
from budgetlens.extract.perf_text import value_target
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
S003 = EXAMPLES / "003_051c06d5053f29b3.txt"      # 克孜勒苏柯尔克孜自治州数字化发展局 2025, plain text
TEXT = S003.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


def _project(disc, name: str):
    [perf] = [p for p in disc.narrative.performance if p.project == name]
    return perf


def _rows(perf):
    return [(i.level1, i.level2, i.level3, i.value, i.weight) for i in perf.indicators]


def outcome(report, rule: str) -> tuple[str, int]:
    o = next(o for o in report.outcomes if o.rule == rule)
    return o.status, o.checked


# ---- seed 003, transcribed by hand ---------------------------------------------------------------
# 克州电子政务外网专项运维费项目 (lines 1526-1742): "年度预算总额 62.40", "其中：财政拨" / "款" /
# "62.40 其他资金 0.00", then 项目总体目标, then the cut header and the rows. Two rows of 社会效益指标
# print their value in words ("有效" / "提升", "有效" / "保障"): their cells cannot be parted.

NET = "克州电子政务外网专项运维费项目"
NET_ROWS = [
    ("产出指标", "数量指标", "涉及单位数（个）", "＞=80个", Decimal(7)),
    ("产出指标", "数量指标", "全年三级等保测评数（次）", "=1次", Decimal(7)),
    ("产出指标", "数量指标", "全年出测评报告书（份）", "=1份", Decimal(7)),
    ("产出指标", "质量指标", "等保测评通过率（%）", "=100%", Decimal(7)),
    ("产出指标", "质量指标", "专网运行故障率（%）", "=0%", Decimal(6)),
    ("产出指标", "时效指标", "租金缴纳及时率（%）", "=100%", Decimal(6)),
    ("成本指标", "经济成本指标", "三级等保测评费（万元）", "＜=12万元", Decimal(10)),
    ("成本指标", "经济成本指标", "一个单位缴纳标准（元/月）", "＜=525元/月", Decimal(10)),
    ("满意度指标", "满意度指标", "使用部门满意度（%）", "＞=95%", Decimal(10)),
]


def test_seed_project_table_funds_goal_and_indicators_are_read():
    disc = parse(S003)
    perf = _project(disc, NET)
    assert (perf.amount, perf.fiscal_amount) == (Decimal("62.40"), Decimal("62.40"))
    assert [(f.kind, f.amount) for f in perf.funds] == [
        ("total", Decimal("62.40")), ("fiscal", Decimal("62.40")), ("other", Decimal("0.00"))]
    assert [LINES[f.line - 1] for f in perf.funds] == ["年度预算总额 62.40", "62.40 其他资金 0.00", "62.40 其他资金 0.00"]
    assert perf.goal.startswith("该项目总投资62.4万元，其中：财政资金62.4万元，其他资金0万元，主要用电子政务外网运维管理")
    assert perf.goal.endswith("提供网络支撑服务的效果。")
    assert _rows(perf) == NET_ROWS
    # the name "一个单位缴纳标准（元/" / "月）" and the value "＜" / "=525" / "元/月" cut over lines
    assert LINES[perf.indicators[7].line - 1] == "一个单位缴纳标准（元/"
    # 上年完成值 between the basis and the weight (the header: 指标值设置依据 | 上年完成值 | 指标分值
    # 权重): (session 40) "计划标准 80个" parts at the quantity, the basis and the prior kept apart
    assert [(i.basis, i.prior) for i in perf.indicators] == [
        ("计划标准", "80个"), ("计划标准", "1次"), ("行业标准", "1份"), ("行业标准", "100%"), ("行业标准", "100%"),
        ("其他标准", "100%"), ("预算支出标准", "12万元"), ("预算支出标准", "525元/月"), ("计划标准", "100%")]
    # the two rows valued in words are reported, not guessed
    # ("提升电子政务外网系统安" / … / "有效" / "提升" / "计划标准" / "有效" / "提升" / "10 按评判等级赋分
    # 说明材料", twice): each at its weight's line
    assert [LINES[n - 1] for n in perf.unread_rows] == ["10 按评判等级赋分 说明材料"] * 2
    assert perf.unread_weights == [Decimal(10), Decimal(10)]        # read, and summed: 70 + 20 = 90
    issues = [i for i in disc.issues if i.code == "performance-rows-unread" and NET in i.message]
    assert len(issues) == 1 and "2 行指标" in issues[0].message


CAR = "克州数字化发展局公车购置项目"
CAR_ROWS = [
    ("产出指标", "数量指标", "购置公务用车（辆）", "=1辆", Decimal(20)),
    ("产出指标", "质量指标", "购置公务用车质量验收合规率（%）", "=100%", Decimal(10)),
    ("产出指标", "时效指标", "购置公务用车及时率（%）", "=100%", Decimal(10)),
    ("成本指标", "经济成本指标", "车辆购置费用", "＜=18万元", Decimal(9)),
    ("成本指标", "经济成本指标", "车辆上牌及保险费用", "＜=0.80万元", Decimal(5)),
    ("成本指标", "经济成本指标", "车辆贴膜、坐垫等其他费用", "＜=1.20万元", Decimal(6)),
    ("满意度指标", "满意度指标", "车辆使用人员满意度（%）", "＞=95%", Decimal(10)),
]


def test_seed_car_purchase_table_is_read_and_its_words_row_reported():
    perf = _project(parse(S003), CAR)
    assert [(f.kind, f.amount) for f in perf.funds] == [
        ("total", Decimal("20.00")), ("fiscal", Decimal("20.00")), ("other", Decimal("0.00"))]
    assert perf.goal.startswith("该项目总投资20万元，其中：财政资金20万元，其他资金0万元，该项目用于购置公务用车1辆，")
    assert _rows(perf) == CAR_ROWS
    assert not any(i.unsure for i in perf.indicators)
    # "提高工作效率，助力业务" / "扩展" / "有效" / "提升" / "计划标准 新增 20 …": its weight's line
    assert [LINES[n - 1] for n in perf.unread_rows] == ["计划标准 新增 20 按评判等级赋分 工作资料"]
    # the values read as comparisons
    assert [(i.target.op, i.target.number, i.target.unit) for i in perf.indicators[3:6]] == [
        ("≤", Decimal(18), "万元"), ("≤", Decimal("0.80"), "万元"), ("≤", Decimal("1.20"), "万元")]


def test_a_table_with_an_unread_row_has_its_weights_unchecked():
    report = check(parse(S003))
    # the 部门整体 table: 20 + 20 + 15 + 15 + 20 = 90; each project table has a row unread, whose
    # weight (a figure alone where a weight stands) is read since session 40: all seven sum to 90
    assert outcome(report, "P-WEIGHT-SUM") == ("pass", 7)


# ---- the same form, made up: every row valued by a comparison ------------------------------------

def _with_table(tmp_path, lines: list[str]):
    """003 with its first 项目支出绩效目标表 printed as `lines`."""
    start = TEXT.index(" 项目支出绩效目标表")
    end = TEXT.index(" 项目支出绩效目标表", start + 5)
    path = tmp_path / "perf.txt"
    path.write_text(TEXT[:start] + "\n".join(lines) + "\n" + TEXT[end:], encoding="utf-8")
    return parse(str(path))


HEAD = [" 项目支出绩效目标表", "", "（2025 年）", "", "预算单位 某某县数据局", "",
        "项目名称 政务云租赁项目 项目负责人 张三", "", "项目资金(万", "", "元)", "年度预算总额 80.00", "",
        "其中：财政拨", "", "款", "80.00 其他资金 0.00", "", "项目总体目标", "",
        "项目资金 80 万元，主要用于租赁政务云服务，保障全县政务系统平稳运行。", "",
        "一级", "", "指标", "", "二级", "", "指标", "三级指标", "", "指标", "", "值", "", "指标值设置依", "", "据", "",
        "指标", "", "分值", "", "权重", "", "指标赋分规则 佐证资料", ""]
ROWS = ["产出", "", "指标", "", "数量", "", "指标", "", "租用云服务器（台） ≥40台 计划标准 30", "",
        "按比例赋分", "", "工作资料", "", "质量", "", "指标", "", "系统可用率（%）", "", "≥", "", "99.9%", "",
        "计划标准 30", "", "按比例赋分", "", "工作资料", "", "满意", "", "度指", "", "标", "", "满意", "", "度指",
        "", "标", "", "用户满意度（%） ＞90% 计划标准 40", "", "按比例赋分", "", "工作资料", ""]


def test_a_cut_table_whose_rows_all_have_comparisons_is_read_and_checked(tmp_path):
    disc = _with_table(tmp_path, HEAD + ROWS)
    perf = _project(disc, "政务云租赁项目")
    assert perf.goal == "项目资金80万元，主要用于租赁政务云服务，保障全县政务系统平稳运行。"
    assert [(i.level1, i.level2, i.level3, i.value, i.basis, i.weight) for i in perf.indicators] == [
        ("产出指标", "数量指标", "租用云服务器（台）", "≥40台", "计划标准", Decimal(30)),
        ("产出指标", "质量指标", "系统可用率（%）", "≥99.9%", "计划标准", Decimal(30)),
        ("满意度指标", "满意度指标", "用户满意度（%）", "＞90%", "计划标准", Decimal(40))]
    assert perf.unread_rows == [] and not any(i.unsure for i in perf.indicators)
    report = check(disc)
    # the 部门整体 table, this one (30 + 30 + 40) and (session 40: their unread rows' weights read)
    # 003's five other project tables
    assert outcome(report, "P-WEIGHT-SUM")[1] == 7


def test_a_name_cut_over_lines_after_a_row_of_the_same_level_is_reported_unsure(tmp_path):
    # near miss: "年度云服务租赁" / "费用（万元）" follows the row before with no level cell between,
    # and no tail of that row was seen closed by a level: where the name begins is not certain
    rows = ROWS[:14] + ["年度云服务租赁", "", "费用（万元）", "", "＜=80", "", "万元", "", "预算支出标准 30", "",
                        "按比例赋分", "", "原始凭证", ""] + ROWS[30:]
    disc = _with_table(tmp_path, HEAD + rows)
    perf = _project(disc, "政务云租赁项目")
    assert [i.level3 for i in perf.indicators] == ["租用云服务器（台）", "费用（万元）", "用户满意度（%）"]
    assert [i.unsure for i in perf.indicators] == [False, True, False]
    [issue] = [i for i in disc.issues if i.code == "performance-name-unsure" and "政务云租赁项目" in i.message]
    assert "费用（万元）" not in issue.message and "请核对" in issue.message


def test_a_figure_with_a_unit_after_it_is_no_weight(tmp_path):
    # near miss: a 上年完成值 printed as "59.4" / "万元" before the weight is not the weight
    head = HEAD[:-1] + ["上年", "", "完成", "", "值", ""]
    rows = ROWS[:8] + ["租用云服务器费用（万元）", "", "＜=75.6", "", "万元", "", "预算支出标准", "", "59.4", "",
                       "万元", "", "100", "", "按比例赋分", "", "原始凭证", ""]
    perf = _project(_with_table(tmp_path, head + rows), "政务云租赁项目")
    assert [(i.level3, i.value, i.weight, i.basis) for i in perf.indicators] == [
        ("租用云服务器费用（万元）", "＜=75.6万元", Decimal(100), None)]


# ---- indicator values read as comparisons --------------------------------------------------------

def test_indicator_values_with_signs_and_units_are_read_as_comparisons():
    assert value_target("≥95%") == ("≥", Decimal(95), "%")
    assert value_target("≤ 30 天") == ("≤", Decimal(30), "天")
    assert value_target("＞90分") == (">", Decimal(90), "分")
    assert value_target("＞=500项") == ("≥", Decimal(500), "项")
    assert value_target("1 次/年") == ("=", Decimal(1), "次/年")
    assert value_target("=525元/月") == ("=", Decimal(525), "元/月")


def test_values_in_words_or_with_words_around_the_figure_are_no_comparison():
    assert value_target("按时完成") is None
    assert value_target("有效保障") is None
    assert value_target("较上年提高5%") is None
    assert value_target("2025年") is None          # a year, no quantity
    assert value_target("2025年12月31日前") is None


# ---- P-PROJECT-AMOUNT on a text table ------------------------------------------------------------

def test_project_table_amount_read_from_text_is_checked_against_table7(tmp_path):
    # 克州电子政务外网专项运维费项目 is 62.40 in 表7; its table printed with 72.40
    path = tmp_path / "perf.txt"
    path.write_text(TEXT.replace("年度预算总额 62.40", "年度预算总额 72.40").replace(
        "62.40 其他资金 0.00", "72.40 其他资金 0.00"), encoding="utf-8")
    report = check(parse(str(path)))
    fails = [f for f in report.findings if f.rule == "P-PROJECT-AMOUNT" and f.severity == "error"]
    [fail] = [f for f in fails if "绩效目标表金额" in f.message]
    assert (fail.found, fail.expected, fail.difference) == ("72.40", "62.40", Decimal("10.00"))
    assert NET in fail.message and "项目支出表" in fail.message


def test_project_table_amount_matching_table7_passes():
    report = check(parse(S003))
    assert outcome(report, "P-PROJECT-AMOUNT")[0] == "pass"
    assert not [f for f in report.findings if f.rule == "P-PROJECT-AMOUNT" and f.severity == "error"]


# ---- the same table as a grid: DOCX, XLSX, PDF (tests/docgen.py writes 003 with it) --------------
# 003's first 项目支出绩效目标表 replaced by a ruled table as offices print it: 项目资金 with its three
# amounts, a 年度目标 cell, the level cells merged down (left blank), a value in words, a weight.

HOTLINE = "克州12345政务服务便民热线经费项目"
GRID_META = [["项目名称", HOTLINE, "", "", ""],
             ["主管部门", "克孜勒苏柯尔克孜自治州数字化发展局", "实施单位", "克孜勒苏柯尔克孜自治州数字化发展局", ""],
             ["项目资金（万元）", "年度资金总额", "101.34", "", ""],
             ["", "其中：财政拨款", "101.34", "", ""],
             ["", "其他资金", "0.00", "", ""],
             ["年度目标", "保障 12345 热线平稳运行，工单办结率不低于 95%。", "", "", ""]]
GRID_ROWS = [["一级指标", "二级指标", "三级指标", "指标值", "分值"],
             ["产出指标", "数量指标", "维护服务器数（台）", "=3台", "20"],
             ["", "质量指标", "电话接听率（%）", "≥98%", "20"],
             ["", "时效指标", "处理热线问题及时率（%）", "≤ 30 天", "20"],
             ["效益指标", "社会效益指标", "保障热线工作正常开展", "有效保障", "20"],
             ["满意度指标", "服务对象满意度指标", "受益群众满意度（%）", "＞90分", "20"]]


def _grid_document():
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from docgen import Para, Table, seed_document
    doc = seed_document(S003)
    titles = [k for k, b in enumerate(doc.blocks) if isinstance(b, Para) and b.text.strip() == "项目支出绩效目标表"]
    line = doc.blocks[titles[0]].line
    doc.blocks[titles[0]:titles[1]] = [Para("项目支出绩效目标表", 0, line), Para("（2025 年）", 0, line + 1),
                                       Table(rows=GRID_META + GRID_ROWS, header=0, line=line + 2)]
    return doc


def _write(form: str, path: Path) -> None:
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import docgen
    if form == "docx":
        docgen.write_docx(S003, path, _grid_document())
    elif form == "xlsx":
        docgen.write_xlsx(S003, path, document=_grid_document())
    else:
        try:
            docgen.write_pdf(S003, path, _grid_document())
        except ImportError:
            import pytest
            pytest.skip("weasyprint missing")


def _check_grid_form(tmp_path, form: str) -> None:
    path = tmp_path / f"perf.{form}"
    _write(form, path)
    perf = _project(parse(path), HOTLINE)
    assert [(f.kind, f.label, f.amount) for f in perf.funds] == [
        ("total", "年度资金总额", Decimal("101.34")), ("fiscal", "其中：财政拨款", Decimal("101.34")),
        ("other", "其他资金", Decimal("0.00"))]
    assert perf.goal == "保障12345热线平稳运行，工单办结率不低于95%。"
    assert [(i.level1, i.level2, i.level3, i.value, i.weight) for i in perf.indicators] == [
        ("产出指标", "数量指标", "维护服务器数（台）", "=3台", Decimal(20)),
        ("产出指标", "质量指标", "电话接听率（%）", "≥98%", Decimal(20)),
        ("产出指标", "时效指标", "处理热线问题及时率（%）", "≤30天", Decimal(20)),
        ("效益指标", "社会效益指标", "保障热线工作正常开展", "有效保障", Decimal(20)),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度（%）", "＞90分", Decimal(20))]
    assert [i.target and (i.target.op, i.target.number, i.target.unit) for i in perf.indicators] == [
        ("=", Decimal(3), "台"), ("≥", Decimal(98), "%"), ("≤", Decimal(30), "天"), None, (">", Decimal(90), "分")]
    assert perf.unread_rows == []


def test_grid_project_table_in_docx_reads_funds_goal_and_indicators(tmp_path):
    _check_grid_form(tmp_path, "docx")


def test_grid_project_table_in_xlsx_reads_funds_goal_and_indicators(tmp_path):
    _check_grid_form(tmp_path, "xlsx")


def test_grid_project_table_in_pdf_reads_funds_goal_and_indicators(tmp_path):
    _check_grid_form(tmp_path, "pdf")


def test_a_cut_table_without_a_weight_column_is_not_read(tmp_path):
    # near miss: the same table with no 分值/权重 column: nothing ends a row ("30" of the next
    # row's basis would be taken for a weight), so no row is read
    head = [x for x in HEAD if x not in ("分值", "权重")]
    rows = ["产出", "", "指标", "", "数量", "", "指标", "", "租用云服务器（台） ≥40台 计划标准", "",
            "按比例赋分", "", "工作资料", "", "系统可用率（%）", "", "≥", "", "99.9%", "", "年度计划 30", ""]
    perf = _project(_with_table(tmp_path, head + rows), "政务云租赁项目")
    assert perf.indicators == [] and perf.unread_rows == []


def test_a_row_printing_no_weight_does_not_take_the_next_rows(tmp_path):
    # "租用云服务器（台） ≥40台 计划标准" prints no weight: the "30" after the next row's value
    # is that row's; the first row is reported unread, the second read with its own weight
    rows = ROWS[:8] + ["租用云服务器（台） ≥40台 计划标准", "", "按比例赋分", "", "工作资料", ""] + ROWS[14:]
    disc = _with_table(tmp_path, HEAD + rows)
    perf = _project(disc, "政务云租赁项目")
    assert [(i.level3, i.value, i.weight) for i in perf.indicators] == [
        ("系统可用率（%）", "≥99.9%", Decimal(30)), ("用户满意度（%）", "＞90%", Decimal(40))]
    assert len(perf.unread_rows) == 1
    assert [i for i in disc.issues if i.code == "performance-rows-unread" and "政务云租赁项目" in i.message]


def test_department_text_table_with_a_row_in_words_keeps_the_rows_it_can_read(tmp_path):
    # the -layout 部门整体 table of probe 38 with its last row valued "好": before, no row at all
    # was read and nothing said so; now the three rows valued by comparisons are read, the fourth
    # is reported unread; (session 40) its weight, 30 alone at the row's end, is read and summed
    from test_perf_probe38 import LAYOUT, _department, _doc
    rows = LAYOUT[9:12] + ["效益指标   社会效益指标   群众满意度          好         年度工作计划      30", ""]
    disc = _doc(tmp_path, LAYOUT[:9] + rows)
    perf = _department(disc)
    assert [(i.level1, i.level2, i.level3, i.value, i.basis, i.weight) for i in perf.indicators] == [
        ("产出指标", "数量指标", "办理政务服务事项（项）", "≥500项", "年度工作计划", Decimal(30)),
        ("产出指标", "数量指标", "开展业务培训（次）", "=4次", "年度工作计划", Decimal(20)),
        ("产出指标", "质量指标", "事项办结率（%）", "≥95%", "年度工作计划", Decimal(20))]
    assert [_line_of(disc, n) for n in perf.unread_rows] == [rows[3]]
    [issue] = [i for i in disc.issues if i.code == "performance-rows-unread" and i.message.startswith("部门整体")]
    assert issue.provenance.line == perf.unread_rows[0] and "仅读取其权重" in issue.message
    assert perf.unread_weights == [Decimal(30)]


def _line_of(disc, n: int) -> str:
    return Path(disc.sources[0].path).read_text(encoding="utf-8").split("\n")[n - 1]
