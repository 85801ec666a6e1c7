"""Every rule catches its defect and passes the clean case.

Defects are made by editing a seed's text (a real document with one thing changed) or, where
the edit would need a table layout the seeds lack, by editing the parsed Disclosure. The
clean cases are the seeds themselves: `SEED_DEFECTS` lists every error and warning a seed
must produce (each one a genuine defect explained in tests/golden/SEED_FINDINGS.md), and
nothing else may be reported at those severities.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from budgetlens.checks import check, load_catalogue, load_config, missing_implementations
from budgetlens.model import Disclosure
from budgetlens.pipeline import parse

from conftest import EXAMPLES, parsed

S000, S001, S002, S003 = ("000_9131eab83374bb33", "001_bb7d043ad2da133b", "002_4e0ed6e09b019fe1",
                          "003_051c06d5053f29b3")

# (rule, severity) → count of genuine defects in each seed
SEED_DEFECTS = {
    S000: {("N-NEW-ITEM-REASON", "warning"): 1,   # 住房公积金 增长100% yet "基数上涨"
           ("N-ALLOCATION-ECONOMIC", "warning"): 1,  # 4.50 capital in 表7; allocation: 电费 6 + 运维 7
           ("D-YEAR-MENTION", "warning"): 1},     # 三公: "2024年与2026年" in a 2026 budget
    # 表八: vehicle 0.50 ≠ 0 + 0 (合计 0.50 ≠ 0.50 + 0.50 is its note: 合计 is 接待 0.50 alone)
    S001: {("ARITH-COLUMN-SUM", "error"): 1,
           ("N-CHANGE-RATE", "error"): 1,         # 116.16 / 268.17 = 43.32%, printed 43.29%
           # 13.16 has no 表六 line (1.72 vs 30112 14.88 is its note: 13.16 + 1.72 = 14.88)
           ("N-ITEM-LIST", "error"): 1},
    S002: {("T10-T6-LINES", "warning"): 2,        # 接待费 5.00 without 30217; 运行费 78 vs 30231 66
           ("X-PROJECT-UNDER-BASIC-ITEM", "warning"): 1,   # 30.00 project money under 2010301 行政运行
           ("N-ALLOCATION-ECONOMIC", "warning"): 1,  # 业务活动经费: 7.48 capital, allocation names none
           ("N-NEW-ITEM-REASON", "warning"): 4,   # four items 增长100% yet "基数上涨"
           ("D-YEAR-MENTION", "warning"): 1,      # "2024年与2026年"
           ("D-TYPO", "warning"): 1,              # "上半年结转结余"
           ("N-TARGET-CONTRADICTS", "warning"): 2},  # 工作餐 200/160 元/人 in the text, ≤150/≤120 as targets
    S003: {("N-AMOUNT", "error"): 1,              # 购置车辆经费 18.00 vs 表10 购置费 empty
           ("N-VEHICLE-PURCHASE", "warning"): 1,  # a project buys 1 car, 表10 购置费 empty
           ("T10-T6-LINES", "warning"): 1},       # 运行费 2.30 without a 30231 line
}


def serious(report) -> list:
    return [f for f in report.findings if f.severity in ("error", "warning")]


@pytest.fixture(scope="module")
def reports():
    return {stem: check(parsed(stem)) for stem in SEED_DEFECTS}


@pytest.mark.parametrize("stem", list(SEED_DEFECTS))
def test_seed_reports_exactly_its_genuine_defects(reports, stem):
    got = Counter((f.rule, f.severity) for f in serious(reports[stem]))
    assert got == Counter(SEED_DEFECTS[stem])


def test_every_catalogue_rule_has_code_and_chinese_text():
    assert missing_implementations() == []
    for rule in load_catalogue():
        assert rule.title and rule.message and rule.basis
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.message)


def test_every_rule_reports_an_outcome(reports):
    ids = {r.id for r in load_catalogue()}
    for report in reports.values():
        assert {o.rule for o in report.outcomes} == ids
        assert all(o.status in ("pass", "fail", "not_applicable", "insufficient_data") for o in report.outcomes)


# ---- defects made by editing a seed's text ------------------------------------------------------

def mutated_report(tmp_path, stem: str, old: str, new: str, count: int = -1):
    text = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / f"{stem}.txt"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return check(parse(path))


def new_findings(original, mutant) -> list:
    before = {(f.fingerprint, f.severity) for f in serious(original)}
    return [f for f in serious(mutant) if (f.fingerprint, f.severity) not in before]


TEXT_DEFECTS = [
    # rule, seed, old text, new text
    ("ARITH-COLUMN-SUM", S000, "302\t01\t办公费\t3.96\t\t3.96", "302\t01\t办公费\t3.96\t\t4.96"),
    ("ARITH-HIERARCHY", S000, "302\t01\t办公费\t3.96\t\t3.96", "302\t01\t办公费\t4.96\t\t4.96"),
    ("ARITH-ITEM-SUM", S002, "公务接待费\t5.00\t5.00", "公务接待费\t6.00\t6.00"),
    ("N-AMOUNT", S000, "一般公共预算 277.90 万元,占 100.00%", "一般公共预算 278.90 万元,占 100.00%"),
    ("N-SHARE", S000, "211.11万元，占75.96%", "211.11万元，占76.96%"),
    ("N-STRUCTURE-100", S000, "211.11万元，占75.96%", "211.11万元，占76.96%"),
    ("N-CHANGE-RATE", S000, "减少 195.97 万元,下降 41.36%", "减少 195.97 万元,下降 42.36%"),
    ("N-PRIOR-CONSISTENT", S000, "基本支出 243.90 万元，比上年预算减少 136.57 万元，下降 35.90%",
     "基本支出 243.90 万元，比上年预算减少 146.57 万元，下降 37.54%"),
    ("N-PROJECT-T7", S000, "预算安排规模：18.00万元", "预算安排规模：19.00万元"),
    ("N-ALLOCATION-SUM", S000, "（电费）6万元，电子政务内网运行维护费7万元", "（电费）6万元，电子政务内网运行维护费8万元"),
    ("N-PROJECT-COUNT", S000, "当年预算安排项目共3个", "当年预算安排项目共2个"),
    ("N-PROCUREMENT-SUM", S000, "政府采购货物预算 0.44 万元", "政府采购货物预算 0.54 万元"),
    ("N-ITEM-LIST", S000, "主要包括：办公费、差旅费", "主要包括：办公费、印刷费、差旅费"),
    ("C-SECTIONS", S000, "2026年一般公共预算项目支出情况说明", "2026年一般公共预算其他情况说明"),
    ("C-PLACEHOLDER", S000, "一般公共预算 277.90 万元,占 100.00%", "一般公共预算 XX 万元,占 100.00%"),
    ("K-CODE-NAME", S000, "302\t01\t办公费\t3.96", "302\t01\t培训费\t3.96"),
    ("K-CODE-PARENT", S000, "302\t01\t办公费\t3.96", "303\t01\t办公费\t3.96"),
    ("N-CHANGE-DIRECTION", S000, "2026年预算数为34.00万元，比上年预算增加34.00万元",
     "2026年预算数为34.00万元，比上年预算增加44.00万元"),
    ("D-YEAR-MENTION", S003, "比上年预算", "比2023年预算"),
    ("N-TARGET-CONTRADICTS", S000, "州县市门户网站网管费12万元", "州县市门户网站网管费13万元"),
    ("D-TYPO", S000, "年没有上年结转结余", "年没有上半年结转结余"),
    ("D-SIGNATURE", S000, "2026年2月5日", "2024年2月5日"),
    ("T10-T6-LINES", S002, "302\t31\t公务用车运行维护费\t66.00\t\t66.00",
     "302\t31\t公务用车运行维护费\t86.00\t\t86.00"),
    ("N-NEW-ITEM-REASON", S003, "比上年预算", "比上年预算"),  # placeholder replaced below
    # 预算绩效 figures: the 部门整体 target covers the budget, 财政拨款项目 restate 表7
    ("N-AMOUNT", S000, "涉及预算金额277.90万元", "涉及预算金额270.90万元"),
    ("N-AMOUNT", S000, "财政拨款项目涉及预算金额34.00万元", "财政拨款项目涉及预算金额33.00万元"),
    ("N-AMOUNT", S001, "涉及预算金额93.4万元", "涉及预算金额90.4万元"),
    # a carry-over project named in 上年结转结余 restates its 表11 row
    ("N-AMOUNT", S002, "特定目标1210366P 10.00万元", "特定目标1210366P 9.00万元"),
    # the 上年结转结余 section's 财政拨款 part restates 表11's total row
    ("N-AMOUNT", S002, "包括：财政拨款10.00万元", "包括：财政拨款11.00万元"),
    # a project table's own text against its 年度预算总额 / 财政拨款, and its 其中 parts
    ("P-PROJECT-AMOUNT", S000, "该项目总投资 13 万元", "该项目总投资 12 万元"),
    ("P-PROJECT-AMOUNT", S000, "其中：财政资金 18 万元", "其中：财政资金 17 万元"),
    ("P-PROJECT-AMOUNT", S002, "其中：援疆 30 万元", "其中：援疆 31 万元"),
    ("P-PROJECT-AMOUNT", S003, "项目资金 101.34 万元", "项目资金 102.36 万元"),
    ("P-PROJECT-AMOUNT", S003, "该项目资金 10 万元，主要用于", "该项目资金 11 万元，主要用于"),   # restated
    # a change of 0 has a rate of 0, whether or not the table prints the item
    ("N-CHANGE-RATE", S000, "公务接待费增加 0.00 万元，增长 0.00%", "公务接待费增加 0.00 万元，增长 0.30%"),
    ("N-CHANGE-RATE", S001, "公务用车运行费增加 0 万元,增长 0%", "公务用车运行费增加 0 万元,增长 1%"),
    # "其中：A增加 X 万元，增长 Y%": the rate belongs to A, not to the sentence's first subject
    ("N-CHANGE-RATE", S003, "因公出国（境）费增加 0.00 万元，增长 0.00%", "因公出国（境）费增加 0.00 万元，增长 0.10%"),
    # years of the budget itself in more wordings
    ("D-YEAR-MENTION", S000, "2026 年，克孜勒苏柯尔克孜自治州电子政务服务中心政府采购预算",
     "2025 年，克孜勒苏柯尔克孜自治州电子政务服务中心政府采购预算"),
    ("D-YEAR-MENTION", S000, "中心2026年一般公共预算基本支出243.90", "中心2025年一般公共预算基本支出243.90"),
    ("D-YEAR-MENTION", S001, "2022 年度本部门面向中小企业", "2021 年度本部门面向中小企业"),
    ("D-YEAR-MENTION", S000, "=1 个	2026 年工作计划", "=1 个	2025 年工作计划"),      # 绩效指标 basis
    ("D-YEAR-MENTION", S001, "\t(2022年)\t", "\t(2021年)\t"),      # a 绩效目标表 dated in its grid
    ("D-YEAR-MENTION", S003, "发展局 2025年\n\n工作计划", "发展局 2024年\n\n工作计划"),  # cut by pdftotext
    ("D-YEAR-MENTION", S003, "资金执行时间：2025 年 1月 1 日到", "资金执行时间：2024 年 1月 1 日到"),
    ("D-TITLE-YEAR", S003, "第三部分 2025 年部门预算情况说明", "第三部分 2024 年部门预算情况说明"),
    ("D-YEAR-MENTION", S000, "结余预算情况说明\n\n克孜勒苏柯尔克孜自治州电子政务服务中心 2026 年没有上年",
     "结余预算情况说明\n\n克孜勒苏柯尔克孜自治州电子政务服务中心 2025 年没有上年"),
    # "…主要原因是 2022年项目预算未变化" is a reason, not a project's own figure: 项目支出 is checked
    ("N-AMOUNT", S001, "项目支出 93.4万元,占 24.30%", "项目支出 96.3万元,占 24.30%"),
    # a row dropped that was its parent's only child: the sums still hold
    ("X-CODE-PRESENCE", S001, "201\t05\t04\t信息事务\t384. 33\t290. 93\t93. 4\t\t\t\t\n", ""),
    ("X-CODE-PRESENCE", S001, "20 1\t05\t04\t信息事务\t384. 33\t384. 33" + "\t" * 10 + "\n", ""),
    ("K-CODE-PARENT", S000, "201\t\t\t一般公共服务支出\t\t34.00\t\t29.50\t\t\t\t4.50\t\t\t\t\n", ""),
    ("C-TOTAL-ROW", S002, "收入总计\t1,719.05\t支出总计\t1,719.05\t1,719.05\t\t\n", ""),
    ("C-TOTAL-ROW", S002, "\n合计\t83.00\t83.00\t\t\n", "\n"),            # the 三公 table's 合计
    # the non-fiscal project money is what the project tables hold beyond their 财政拨款
    ("P-NONFISCAL-PROJECTS", S002, "非财政拨款项目涉及预算金额 30.00", "非财政拨款项目涉及预算金额 29.10"),
    # a text-form 绩效目标表's 其中：财政拨款 (label cut over two lines, amount on the third)
    ("P-PROJECT-AMOUNT", S003, "款\n101.34 其他资金 0.00", "款\n100.34 其他资金 0.00"),
    ("P-NONFISCAL-PROJECTS", S003, "款\n20.00 其他资金 0.00", "款\n19.00 其他资金 1.00"),
    # a project's uses listed after 用于 add up to its total
    ("P-USES-SUM", S003, "预计 18 万元；", "预计 17 万元；"),
    # the empty 三公 table's note removed: the reasons given for a zero change speak of items,
    # not of the table
    ("C-EMPTY-NOTE", S000, "克孜勒苏柯尔克孜自治州电子政务服务中心 2026 年没有使用财政拨款安排“三公”经费支出，财政拨款“三公”经费支出情况表为空表。\n", ""),
]
TEXT_DEFECTS = [t for t in TEXT_DEFECTS if t[0] != "N-NEW-ITEM-REASON"]


@pytest.mark.parametrize("rule,stem,old,new", TEXT_DEFECTS, ids=[t[0] for t in TEXT_DEFECTS])
def test_rule_catches_a_defect_made_in_the_text(tmp_path, reports, rule, stem, old, new):
    mutant = mutated_report(tmp_path, stem, old, new)
    assert rule in {f.rule for f in new_findings(reports[stem], mutant)}


@pytest.mark.parametrize("scale,fails", [("180000元", False), ("0.0018亿元", False), ("0.0019亿元", True)])
def test_project_scale_in_any_money_unit(tmp_path, reports, scale, fails):
    """预算安排规模 in 元 or 亿元 is compared with 表7 in 万元 (18.00 万元 printed there)."""
    mutant = mutated_report(tmp_path, S000, "预算安排规模：18.00万元", f"预算安排规模：{scale}")
    assert ("N-PROJECT-T7" in {f.rule for f in new_findings(reports[S000], mutant)}) == fails


def test_nonfiscal_projects_need_one_table_per_project_counted(tmp_path):
    """Five projects counted but four tables printed: the tables cannot give the sum."""
    report = mutated_report(tmp_path, S002, "当年预算安排项目共 4 个", "当年预算安排项目共 5 个")
    outcome = next(o for o in report.outcomes if o.rule == "P-NONFISCAL-PROJECTS")
    assert outcome.status == "insufficient_data"
    assert not [f for f in report.findings if f.rule == "P-NONFISCAL-PROJECTS"]


def test_uses_after_main_uses_or_broken_down_are_not_summed(tmp_path, reports):
    """主要用于 names the main uses, and a use broken down (其中：…) would be counted twice."""
    mutant = mutated_report(tmp_path, S003, "该项目用于购置公务用车 1 辆，\n\n预计 18 万元；",
                            "该项目主要用于购置公务用车 1 辆，\n\n预计 17 万元；")
    assert "P-USES-SUM" not in {f.rule for f in new_findings(reports[S003], mutant)}
    mutant = mutated_report(tmp_path, S003, "购买车辆保险预计 0.8万元；", "购买车辆保险预计 0.8万元，其中：保费 0.5万元；")
    assert "P-USES-SUM" not in {f.rule for f in new_findings(reports[S003], mutant)}


def test_empty_table_explained_in_its_own_section_passes(tmp_path, reports):
    """The note under the empty 三公 table removed, but the 三公 section says none is arranged."""
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    text = text.replace("克孜勒苏柯尔克孜自治州电子政务服务中心 2026 年没有使用财政拨款安排“三公”经费支出，财政拨款“三公”经费支出情况表为空表。\n", "")
    text = text.replace("2026 年财政拨款“三公”经费预算比上年预算增加",
                        "本单位未安排财政拨款“三公”经费。2026 年财政拨款“三公”经费预算比上年预算增加")
    path = tmp_path / f"{S000}.txt"
    path.write_text(text, encoding="utf-8")
    assert "C-EMPTY-NOTE" not in rules_of(check(parse(path)))


def test_capital_spending_explained_by_its_allocation_passes(tmp_path):
    mutant = mutated_report(tmp_path, S000, "电子政务内网运行维护费7万元", "电子政务内网设备购置7万元")
    assert "N-ALLOCATION-ECONOMIC" not in {f.rule for f in serious(mutant)}


def test_placeholder_rule_ignores_ordinary_text(reports):
    assert all(f.rule != "C-PLACEHOLDER" for r in reports.values() for f in r.findings)


def test_new_item_reason_passes_a_new_item_explained_as_new(tmp_path, reports):
    mutant = mutated_report(tmp_path, S000, "公积金缴费基数上涨", "新增公积金缴费")
    assert "N-NEW-ITEM-REASON" not in {f.rule for f in serious(mutant)}


def test_typo_fix_clears_the_typo_finding(tmp_path):
    mutant = mutated_report(tmp_path, S002, "上半年结转结余", "上年结转结余", count=5)
    assert "D-TYPO" not in {f.rule for f in serious(mutant)}


def test_year_fix_clears_the_year_finding(tmp_path):
    mutant = mutated_report(tmp_path, S002, "2024年与2026年", "2025年与2026年", count=5)
    assert "D-YEAR-MENTION" not in {f.rule for f in serious(mutant)}


# ---- defects made in the parsed model (layouts the seeds do not have) --------------------------

def copy(stem: str) -> Disclosure:
    return parsed(stem).model_copy(deep=True)


def rules_of(report) -> set[str]:
    return {f.rule for f in serious(report)}


def set_cell(disc: Disclosure, kind: str, row_match, column: str, amount: str) -> None:
    """Change one printed cell (and its fact) in place."""
    table = disc.table(kind)
    row = next(r for r in table.rows if row_match(r))
    cell = next(c for c in row.cells if c.column == column)
    cell.amount = Decimal(amount)
    cell.text = amount
    for f in disc.facts:
        if f.table == table.index and f.row == row.index and f.column == column:
            f.amount = Decimal(amount)


def total_row(r) -> bool:
    return r.name in ("合计", "总计") and not r.code


@pytest.mark.parametrize("rule,kind,column", [
    ("X-T1-T2-TOTAL", "income", "total"),
    ("X-T2-T3-TOTAL", "expenditure", "total"),
    ("X-T5-T6-BASIC", "basic_expenditure", "total"),
    ("X-T5-T7-PROJECT", "project_expenditure", "total"),
    ("X-T4-T5-TOTAL", "gpb_expenditure", "total"),
])
def test_cross_table_totals(rule, kind, column):
    disc = copy(S000)
    table = disc.table(kind)
    row = next(r for r in table.rows if total_row(r))
    value = next(c.amount for c in row.cells if c.column == column)
    set_cell(disc, kind, total_row, column, str(value + 1))
    assert rule in rules_of(check(disc))


@pytest.mark.parametrize("rule,kind,code,column", [
    ("X-T1-T3-CLASS", "expenditure", "208", "total"),
    ("X-T2-T3-CODE", "income", "2080505", "total"),
    ("X-T4-T5-GPB", "gpb_expenditure", "221", "total"),
    ("X-T5-T7-CODE", "gpb_expenditure", "2010399", "project"),
    ("X-T5-T3-BOUND", "gpb_expenditure", "2080505", "total"),
])
def test_cross_table_by_code(rule, kind, code, column):
    disc = copy(S000)
    row = next(r for r in disc.table(kind).rows if r.code == code)
    value = next(c.amount for c in row.cells if c.column == column)
    set_cell(disc, kind, lambda r: r.code == code, column, str(value + 5))
    assert rule in rules_of(check(disc))


def test_summary_income_sources_and_balance():
    disc = copy(S000)
    set_cell(disc, "summary", lambda r: r.coords.get("source") == "gpb", "income:amount", "300.00")
    found = rules_of(check(disc))
    assert {"X-T1-T2-SOURCES", "X-T4-T1-INCOME", "ARITH-ITEM-SUM"} <= found
    disc = copy(S000)
    set_cell(disc, "summary", lambda r: r.coords.get("function_code") == "total", "expenditure:amount", "300.00")
    assert {"ARITH-BALANCE", "ARITH-SIDE-CLASSES"} <= rules_of(check(disc))


def test_fund_tables_against_fiscal_summary():
    disc = copy(S000)
    table = disc.table("fiscal_summary")
    row = next(r for r in table.rows if r.code == "201")
    cell = next(c for c in row.cells if c.column == "expenditure:gpb")
    cell.column = "expenditure:gov_fund"
    for f in disc.facts:
        if f.table == table.index and f.row == row.index and f.column == "expenditure:gpb":
            f.column, f.coords.budget_type = "expenditure:gov_fund", "gov_fund"
    assert {"X-T4-T8-GOV-FUND", "X-T4-T5-GPB", "X-EMPTY-TABLE-CONSISTENT"} <= rules_of(check(disc))


def test_carryover_table_against_summary():
    disc = copy(S002)
    table = disc.table("carryover")
    row = next(r for r in table.rows if total_row(r))
    cell = next(c for c in row.cells if c.column == "total")
    set_cell(disc, "carryover", total_row, "total", str(cell.amount + 1))
    assert "X-T11-T1-CARRYOVER" in rules_of(check(disc))


def test_empty_fund_table_with_fund_money_elsewhere():
    disc = copy(S002)
    table = disc.table("three_public")
    row = next(r for r in table.rows if r.coords.get("item") == "total")
    cell = next(c for c in row.cells if c.column == "gpb")
    cell.column = "gov_fund"
    for f in disc.facts:
        if f.table == table.index and f.row == row.index and f.column == "gpb":
            f.column, f.coords.budget_type = "gov_fund", "gov_fund"
    found = rules_of(check(disc))
    assert "X-EMPTY-TABLE-CONSISTENT" in found


def test_vehicle_purchase_project_missing_from_three_public():
    disc = copy(S003)
    t7 = disc.table("project_expenditure")
    row = next(r for r in t7.rows if r.project and "公车购置" in r.project)
    cell = next(c for c in row.cells if c.amount == Decimal("18.00"))
    cell.column, cell.candidates = "e310", []
    for f in disc.facts:
        if f.table == t7.index and f.row == row.index and f.amount == Decimal("18.00"):
            f.column, f.alternatives = "e310", []
            f.coords.economic_code = "310"
    assert "T10-T7-VEHICLE-PURCHASE" in rules_of(check(disc))


def test_ambiguous_columns_are_errors_only_when_every_reading_fails():
    # 003's 表7 leaves several columns open; no reading-dependent rule may report an error there
    report = check(parsed(S003))
    open_rows = {(f.table, f.row) for f in parsed(S003).facts if f.alternatives}
    assert open_rows
    for f in serious(report):
        assert not (f.location.table_kind == "project_expenditure" and f.rule.startswith("ARITH"))


def test_missing_table_and_glossary_and_empty_note():
    disc = copy(S000)
    disc.tables = [t for t in disc.tables if t.kind != "three_public"]
    assert "C-TABLES" in rules_of(check(disc))
    disc = copy(S000)
    disc.glossary = []
    assert any(f.rule == "C-GLOSSARY" for f in check(disc).findings)
    disc = copy(S000)
    for t in disc.tables:
        t.empty_note = None
    for s in disc.narrative.sections:
        s.text = "\n".join(line for line in s.text.split("\n") if "没有" not in line and "空表" not in line)
    assert "C-EMPTY-NOTE" in rules_of(check(disc))


def test_three_public_section_without_change_or_reason():
    disc = copy(S002)
    section = next(s for s in disc.narrative.sections if "三公" in s.title)
    section.text = "本部门2026年财政拨款“三公”经费数为83.00万元。"
    assert "C-THREE-PUBLIC-EXPLAIN" in rules_of(check(disc))


def test_unknown_code_is_info():
    disc = copy(S000)
    row = next(r for r in disc.table("basic_expenditure").rows if r.code == "30201")
    row.code = "30298"
    found = [f for f in check(disc).findings if f.rule == "K-CODE-KNOWN"]
    assert found and all(f.severity == "info" for f in found)


def test_operating_cost_needs_unit_type():
    disc = copy(S000)
    report = check(disc)
    assert next(o for o in report.outcomes if o.rule == "N-OPERATING-COST").status == "not_applicable"
    disc.meta.unit_type = "行政"
    assert next(o for o in check(disc).outcomes if o.rule == "N-OPERATING-COST").status == "pass"
    set_cell(disc, "basic_expenditure", total_row, "public", "9.52")
    assert "N-OPERATING-COST" in rules_of(check(disc))
    disc.meta.unit_type = "事业"
    assert next(o for o in check(disc).outcomes if o.rule == "N-OPERATING-COST").status == "not_applicable"


def test_signature_date_outside_the_year():
    disc = copy(S000)
    disc.meta.signature_date = date(2027, 3, 1)
    assert "D-SIGNATURE" in rules_of(check(disc))


def test_performance_weights_default_and_configured(tmp_path):
    disc = copy(S000)
    assert "P-WEIGHT-SUM" not in rules_of(check(disc))   # the seed's tables sum to 90
    cfg = tmp_path / "rules.yaml"
    cfg.write_text("params:\n  performance_weight_sums: [100]\n", encoding="utf-8")
    assert "P-WEIGHT-SUM" in rules_of(check(disc, config=load_config(cfg)))
    disc.narrative.performance[0].indicators[0].weight += 3
    assert "P-WEIGHT-SUM" in rules_of(check(disc))


def test_performance_project_amount():
    disc = copy(S000)
    perf = next(p for p in disc.narrative.performance if p.kind == "project")
    perf.amount += 1
    perf.fiscal_amount = perf.amount
    assert "P-PROJECT-AMOUNT" in rules_of(check(disc))


def test_config_switches_off_and_regrades(tmp_path):
    cfg = tmp_path / "rules.yaml"
    cfg.write_text("rules:\n  D-TYPO: {enabled: false}\n  D-YEAR-MENTION: {severity: error}\n",
                   encoding="utf-8")
    report = check(parsed(S002), config=load_config(cfg))
    assert "D-TYPO" not in {o.rule for o in report.outcomes}
    assert {f.severity for f in report.findings if f.rule == "D-YEAR-MENTION"} == {"error"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  NO-SUCH-RULE: {enabled: false}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_config(bad)


# ---- year over year -------------------------------------------------------------------------------

def prior_of(stem: str) -> Disclosure:
    """Last year's disclosure as the claims describe it: every claimed prior figure made true."""
    disc = copy(stem)
    prior = copy(stem)
    prior.meta.year = disc.meta.year - 1
    from budgetlens.checks.ledger import Book, Ledger
    from budgetlens.checks.rules.narrative import claim_cells
    ledger = Ledger(Book(prior))
    for claim in disc.narrative.claims:
        if claim.kind == "change" and claim.implied_prior is not None and claim.subject.coords:
            for cell in claim_cells(ledger, claim.subject.coords):
                row = prior.tables[cell.table].rows[cell.row]
                for c in row.cells:
                    if c.provenance == cell.provenance and c.text == cell.text:
                        c.amount = claim.implied_prior
        elif claim.kind == "change" and claim.implied_prior is not None and claim.subject.concept:
            # a figure the text alone states (机关运行经费): last year's text states the prior
            for said in prior.narrative.claims:
                if said.kind == "amount" and said.subject.concept == claim.subject.concept:
                    said.value = claim.implied_prior
    return prior


def test_prior_year_figures_match_last_years_document():
    prior = prior_of(S000)
    report = check(parsed(S000), prior=prior)
    assert next(o for o in report.outcomes if o.rule == "Y-PRIOR-FIGURE").status == "pass"
    wrong = copy(S000)
    wrong.meta.year = 2025             # last year "printed" this year's figures
    assert "Y-PRIOR-FIGURE" in rules_of(check(parsed(S000), prior=wrong))


def test_prior_year_compares_like_with_like():
    prior = prior_of(S000)
    prior.meta.phase = "决算"          # a final account is no basis for 比上年预算
    outcome = next(o for o in check(parsed(S000), prior=prior).outcomes if o.rule == "Y-PRIOR-FIGURE")
    assert outcome.status == "not_applicable"
    other_year = prior_of(S000)
    other_year.meta.year = 2020
    outcome = next(o for o in check(parsed(S000), prior=other_year).outcomes if o.rule == "Y-PRIOR-FIGURE")
    assert outcome.status == "not_applicable"


def test_staffing_changes_against_last_year():
    prior = prior_of(S000)
    now = parsed(S000).overview.staffing
    prior.overview.staffing.in_service.count = now.in_service.count - now.in_service.change
    prior.overview.staffing.retired.count = now.retired.count - now.retired.change
    prior.overview.staffing.pre_retired.count = now.pre_retired.count - now.pre_retired.change
    assert "Y-STAFFING" not in rules_of(check(parsed(S000), prior=prior))
    prior.overview.staffing.in_service.count += 2
    assert "Y-STAFFING" in rules_of(check(parsed(S000), prior=prior))


# ---- unit type (行政/参公/事业) and 机关运行经费 ------------------------------------------------

UNIT = "克州数字化发展局"


@pytest.mark.parametrize("text,no_subunits,expected", [
    ("克州数字化发展局为正县级行政单位。", True, "行政"),
    ("克州数字化发展局是州人民政府工作部门，为正县级。", True, "行政"),
    ("本单位系参照公务员法管理的事业单位。", True, "参公"),
    ("数字化发展局为参公管理事业单位，内设3个科室。", True, "参公"),
    ("单位性质：全额拨款事业单位", True, "事业"),
    ("数字化发展局为自治州人民政府直属正县级公益一类事业单位，内设4个科室。", True, "事业"),
    # mentions of other units or of duties are no statement about the unit
    ("负责指导全州行政事业单位国有资产管理。", True, None),
    ("为全州事业单位提供数据服务。", True, None),
    ("机关运行经费：指行政单位（含参照公务员法管理的事业单位）的公用经费。", True, None),
    # a 部门's units by type
    ("本部门预算单位共3个，其中：行政单位1个，参照公务员法管理事业单位1个，事业单位1个。", False, None),
    ("本部门中，行政单位1家。", False, "行政"),
    ("纳入本部门预算编制范围的有两个事业单位。", False, "事业"),
    ("1.克州数字化发展局本级（参照公务员法管理事业单位）", False, "参公"),
    ("1.克州数字化发展局本级（行政单位）2.克州信息中心（事业单位）", False, None),
    # the unit's own type is the document's only when there are no sub-units of another type
    ("克州数字化发展局为行政单位，下属事业单位2个。", False, None),
    ("克州数字化发展局为行政单位，下属行政单位2个。", False, "行政"),
    ("克州数字化发展局为行政单位。", False, None),
    ("本级及下属0家行政单位和0家事业单位", False, None),
])
def test_unit_type_as_documents_state_it(text, no_subunits, expected):
    from budgetlens.extract.overview import unit_type
    assert unit_type("".join(text.split()), UNIT, no_subunits) == expected


def test_unit_type_stated_in_the_narrative():
    from budgetlens.extract.overview import unit_type
    said = "克州数字化发展局为参照公务员法管理的事业单位，2025年机关运行经费财政拨款预算6.18万元。"
    assert unit_type("", UNIT, True, lambda: said) == "参公"
    glossary = "机关运行经费：指行政单位（含参照公务员法管理事业单位）的公用经费。"
    assert unit_type("", UNIT, True, lambda: glossary) is None
    assert unit_type("克州数字化发展局无下属预算单位。", UNIT, True, lambda: said + "本单位为行政单位。") is None


def outcome(report, rule: str) -> str:
    return next(o.status for o in report.outcomes if o.rule == rule)


def test_unit_type_from_the_overview_drives_operating_cost(tmp_path, reports):
    # 003 says "克州数字化发展局是自治州人民政府工作部门" and has no sub-units: its 机关运行经费
    # 6.18 is checked against 公用经费 (and agrees); the other seeds do not say
    assert parsed(S003).meta.unit_type == "行政" and outcome(reports[S003], "N-OPERATING-COST") == "pass"
    assert all(parsed(s).meta.unit_type is None for s in (S000, S001, S002))
    old = "克孜勒苏柯尔克孜自治州电子政务服务中心无下属预算单位，"
    stated = "克孜勒苏柯尔克孜自治州电子政务服务中心为参照公务员法管理的事业单位，无下属预算单位，"
    report = mutated_report(tmp_path, S000, old, stated)
    assert outcome(report, "N-OPERATING-COST") == "pass"
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8").replace(old, stated)
    path = tmp_path / "wrong.txt"
    path.write_text(text.replace("机关运行经费财政拨款预算 8.52", "机关运行经费财政拨款预算 9.52"), encoding="utf-8")
    assert "N-OPERATING-COST" in rules_of(check(parse(path)))
    report = mutated_report(tmp_path, S000, old, old.replace("无下属", "为公益一类事业单位，无下属"))
    assert outcome(report, "N-OPERATING-COST") == "not_applicable"


# ---- what the new wordings must leave alone ------------------------------------------------------

def test_department_performance_amount_may_be_this_years_income(tmp_path, reports):
    # 002: 总计 1,759.05 = 本年收入 1,749.05 + 上年结转 10.00; either is the 部门整体 target's scope
    mutant = mutated_report(tmp_path, S002, "涉及预算金额 1,759.05", "涉及预算金额 1,749.05")
    assert "N-AMOUNT" not in {f.rule for f in new_findings(reports[S002], mutant)}


def test_years_that_the_budget_year_does_not_fix():
    from budgetlens.checks.rules.dates import THIS_YEAR, _unit_year_pattern
    for text in ("主要原因是2025年新增8人", "2024年部门决算支出", "比2025年预算增加", "2025年一般公共预算执行数为",
                 "2024年与2026年"):
        assert not THIS_YEAR.search(text), text
    pattern = _unit_year_pattern("克州数字化发展局")
    assert pattern.search("2024年，克州数字化发展局政府采购预算")
    assert not pattern.search("2024年，克州数字化发展局决算支出")
    assert not pattern.search("2024年，克州数字化发展局完成了改革")


def test_code_absent_from_table5_when_its_money_is_not_general_budget(reports):
    # 002's 2010905 holds only carry-over money: printed in 表2 and 表3, rightly absent from 表5
    disc = parsed(S002)
    assert any(r.code == "2010905" for r in disc.table("expenditure").rows)
    assert not any(r.code == "2010905" for r in disc.table("gpb_expenditure").rows)
    assert outcome(reports[S002], "X-CODE-PRESENCE") == "pass"


def test_project_fiscal_figure_against_table7_when_the_table_has_no_split():
    disc = copy(S000)
    perf = next(p for p in disc.narrative.performance if p.project and "内外网" in p.project)
    perf.fiscal_amount = None
    assert "P-PROJECT-AMOUNT" not in rules_of(check(disc))      # 财政资金 13 = 表7 13.00
    fiscal = next(c for c in disc.narrative.claims if c.subject.text == "财政资金" and c.value == 13)
    fiscal.value = Decimal(12)
    assert "P-PROJECT-AMOUNT" in rules_of(check(disc))


def test_dropped_carryover_total_is_located_in_the_carryover_table(tmp_path, reports):
    mutant = mutated_report(tmp_path, S002, "总计\t10.00\t10.00\t\t\t10.00\t\t\t\t\n", "")
    found = [f for f in new_findings(reports[S002], mutant) if f.rule == "X-T11-T1-CARRYOVER"]
    assert found and found[0].location.table_kind == "carryover"
    assert {"上年结转结余表", "收支总表"} <= {e.role.split("（")[0] for e in found[0].evidence}


def test_a_row_whose_code_the_reader_lost_is_no_missing_code():
    # OCR can lose a row's code cells: the row is printed (its name is there), nothing is missing
    disc = copy(S001)
    for kind in ("expenditure", "income"):
        row = next(r for r in disc.table(kind).rows if r.code == "20105")
        row.code = ""
    found = rules_of(check(disc))
    assert "K-CODE-PARENT" not in found and "X-CODE-PRESENCE" not in found


def test_carryover_section_figures_restate_table11(tmp_path, reports):
    # in 上年结转结余 a "项目支出" is last year's project money (表11), not this year's 表5
    old = "非财政拨款0.00万元，其中："
    right = mutated_report(tmp_path, S002, old, "非财政拨款0.00万元，其中：项目支出10.00万元，")
    assert "N-AMOUNT" not in {f.rule for f in new_findings(reports[S002], right)}
    wrong = mutated_report(tmp_path, S002, old, "非财政拨款0.00万元，其中：项目支出11.00万元，")
    assert "N-AMOUNT" in {f.rule for f in new_findings(reports[S002], wrong)}


# ---- wordings and layouts of the real PDFs (tests/test_checks_real.py pins the documents) ----------

from budgetlens.model import Claim, Fact, PrintedCell, PrintedColumn, Provenance, Subject  # noqa: E402
from budgetlens.model import Coords  # noqa: E402


def add_cell(disc: Disclosure, kind: str, row_match, key: str, amount: str, **coords) -> None:
    """Print one more amount in a row, in a column of the given coordinates (added if new)."""
    table = disc.table(kind)
    if table.column(key) is None:
        table.columns.append(PrintedColumn(key=key, label=key, coords={k: v for k, v in coords.items()}))
    row = next(r for r in table.rows if row_match(r))
    prov = Provenance(file="x", line=row.line)
    row.cells.append(PrintedCell(text=amount, amount=Decimal(amount), precision=2, column=key, provenance=prov))
    disc.facts.append(Fact(amount=Decimal(amount), precision=2, coords=Coords(table_kind=kind, **coords),
                           table=table.index, row=row.index, column=key, provenance=prov))


def in_yuan(disc: Disclosure, kind: str) -> None:
    """The table printed in 元 (Shanghai): every amount × 10000, whole 元."""
    table = disc.table(kind)
    table.unit = "元"
    for row in table.rows:
        for cell in row.cells:
            if cell.amount is not None:
                cell.amount, cell.precision = cell.amount * 10000, 0
                cell.text = f"{cell.amount:,.0f}"
    for f in disc.facts:
        if f.table == table.index:
            f.amount *= 10000


def amount_claim(disc: Disclosure, line: int, value: str) -> Claim:
    claim = next(c for c in disc.narrative.claims if c.provenance.line == line and c.kind == "amount")
    claim.value, claim.precision = Decimal(value), max(-Decimal(value).as_tuple().exponent, 0)
    claim.text = f"{value}万元"
    return claim


def findings_on(report, rule: str, line: int) -> list:
    return [f for f in report.findings if f.rule == rule and any(
        e.provenance and e.provenance.line == line for e in f.evidence)]


def test_whole_wan_yuan_figure_against_a_table_in_yuan_is_rounding():
    # 收支总预算 277.90 (line 385) written "278万元": against 2,779,000 元 it is rounded to whole 万元
    disc = copy(S000)
    in_yuan(disc, "summary")
    amount_claim(disc, 385, "278")
    found = findings_on(check(disc), "N-AMOUNT", 385)
    assert found and all(f.severity == "info" and f.note == "rounding" for f in found)
    # against a table printed in 万元 with two places, "278万元" means 278.00: 0.10 too much
    disc = copy(S000)
    amount_claim(disc, 385, "278")
    assert any(f.severity == "error" for f in findings_on(check(disc), "N-AMOUNT", 385))


def test_two_places_rounded_right_from_a_table_in_yuan_is_no_finding():
    disc = copy(S000)
    in_yuan(disc, "summary")
    set_cell(disc, "summary", lambda r: r.coords.get("source") == "total", "income:amount", "2779012")
    assert not findings_on(check(disc), "N-AMOUNT", 385)      # 277.9012 万元 printed 277.90


def share_claim(disc: Disclosure, subject: str, value: str) -> Claim:
    claim = next(c for c in disc.narrative.claims if c.kind == "share" and c.subject.text == subject
                 and c.section == "三")
    claim.value = Decimal(value)
    return claim


def test_structure_shares_count_every_use_the_table_prints():
    # Jiangsu's 支出总表 prints 单位预留机动经费 beside 基本支出 and 项目支出
    disc = copy(S000)
    add_cell(disc, "expenditure", total_row, "reserve", "27.79", nature="reserve")
    share_claim(disc, "项目支出", "2.23")                  # 87.77 + 2.23: the reserve is not named
    assert "N-STRUCTURE-100" not in rules_of(check(disc))
    project = share_claim(disc, "项目支出", "2.23")
    reserve = project.model_copy(update={"value": Decimal("10.00"), "text": "10.00%", "subject": Subject(
        text="单位预留机动经费", concept="nature:reserve", coords=Coords(table_kind="expenditure", nature="reserve"))})
    disc.narrative.claims.append(reserve)
    assert "N-STRUCTURE-100" not in rules_of(check(disc))     # 87.77 + 2.23 + 10.00
    reserve.value = Decimal("9.00")
    assert "N-STRUCTURE-100" in rules_of(check(disc))
    # without a reserve column, 基本 + 项目 is the whole
    disc = copy(S000)
    share_claim(disc, "项目支出", "2.23")
    assert "N-STRUCTURE-100" in rules_of(check(disc))


def rate_case(current: str, change: str, rate: str):
    from budgetlens.checks.rules.narrative import _change_rate
    prov = Provenance(file="x", line=1)

    def make(kind, value, unit, direction=None):
        return Claim(kind=kind, subject=Subject(text="A"), value=Decimal(value), unit=unit,
                     precision=max(-Decimal(value).as_tuple().exponent, 0), direction=direction,
                     text=value + unit, sentence="s", provenance=prov)
    amount, chg = make("amount", current, "万元"), make("change", change, "万元", "increase")
    chg.implied_prior = amount.value - chg.value
    return _change_rate(chg, make("rate", rate, "%", "increase"), amount)


def test_rate_tolerance_counts_both_rounded_figures_of_the_derived_prior_year():
    # 0.05 / (1.05 − 0.05): the prior 1.00 is a difference of two rounded figures (±0.01), so
    # 5.55% is reachable (0.055 / 0.99 = 5.556%); counting ±0.005 only, it was an error
    fail = rate_case("1.05", "0.05", "5.55")
    assert fail is not None and fail.rounding
    fail = rate_case("1.05", "0.05", "5.70")
    assert fail is not None and not fail.rounding
    assert "四舍五入不可能得到 5.70%" in fail.fields["why"]
    fail = rate_case("10883.36", "2915.22", "36.58")          # 36.586%: the last digit cut, not rounded
    assert not fail.rounding and "舍去尾数" in fail.fields["why"]
    assert rate_case("10883.36", "2915.22", "36.59") is None


STATED = "主要原因是本年在职人员减少，相关经费支出减少。"


def test_rate_between_two_stated_years(tmp_path, reports):
    # "2025年执行数为 X，2026年预算安排 Y，比2025年执行数减少 Z%": Z = (X − Y) / X
    right = STATED + "2025年当年预算执行数为45.41万元，2026年预算安排42.60万元，比2025年预算执行数减少6.19%。"
    report = mutated_report(tmp_path, S000, STATED, right, count=1)
    assert "N-CHANGE-RATE" not in {f.rule for f in new_findings(reports[S000], report)}
    wrong = right.replace("减少6.19%", "减少7.19%")
    report = mutated_report(tmp_path, S000, STATED, wrong, count=1)
    assert "N-CHANGE-RATE" in {f.rule for f in new_findings(reports[S000], report)}
    backwards = right.replace("减少6.19%", "增加6.19%")
    report = mutated_report(tmp_path, S000, STATED, backwards, count=1)
    assert "N-CHANGE-RATE" in {f.rule for f in new_findings(reports[S000], report)}


def test_procurement_total_and_the_share_reserved_for_small_firms(tmp_path, reports):
    old = "政府采购货物预算 0.44 万元"
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    sentence = next(s for s in text.split("\n") if old in s)
    extra = sentence + "其中，预留给小型和微型企业的政府采购项目预算为0.30万元。"
    report = mutated_report(tmp_path, S000, sentence, extra, count=1)
    assert "N-PROCUREMENT-SUM" not in {f.rule for f in new_findings(reports[S000], report)}


@pytest.mark.parametrize("note,says", [
    ("本单位无“三公”经费预算，故本表为空表。", True),
    ("本部门2026年无“三公”经费预算，此表无数据。", True),
    ("（空表）", True),
    ("此表为空。", True),
    ("暂无数据", True),
    # what the unit has none of, without saying the table is empty: it may be one of its items
    ("本单位不涉及因公出国（境）费。", False),
    ("本年度无公务用车购置费预算。", False),
    ("表中空白单元格表示无数据。", False),
])
def test_table_noted_empty_but_printing_amounts(note, says):
    disc = copy(S002)
    assert outcome(check(disc), "C-EMPTY-NOTE-CONTRADICTS") in ("pass", "not_applicable")
    table = disc.table("three_public")
    assert not table.is_empty
    table.empty_note = note
    found = [f for f in check(disc).findings if f.rule == "C-EMPTY-NOTE-CONTRADICTS"]
    assert bool(found) is says
    if says:
        assert found[0].severity == "error" and found[0].evidence[0].text == table.empty_note


def test_three_public_larger_than_basic_line_is_info_without_a_project_table():
    # 002: 运行费 78 vs 30231 66 is a warning because 表7 is printed; a template that publishes
    # no project table cannot show where the rest comes from
    disc = copy(S002)
    disc.tables = [t for t in disc.tables if t.kind != "project_expenditure"]
    found = [f for f in check(disc).findings if f.rule == "T10-T6-LINES"]
    assert len(found) == 2 and all(f.severity == "info" for f in found)


def test_change_rate_prints_the_prior_at_the_documents_precision(tmp_path, reports):
    """A change stated in 元 beside a figure in 万元: 277.90 万元, 比上年预算减少 1,959,712.34 元
    (195.971234 万元), 下降 42.36%. The prior year is 473.87 万元 as the document's figures give
    it (before: 473.871234 万元, places the document never prints)."""
    mutant = mutated_report(tmp_path, S000, "减少 195.97 万元,下降 41.36%", "减少 1,959,712.34 元,下降 42.36%")
    found = [f.message for f in new_findings(reports[S000], mutant) if f.rule == "N-CHANGE-RATE"]
    assert len(found) == 1 and "推算上年 473.87 万元" in found[0], found


def test_three_public_larger_than_basic_line_says_by_how_much():
    """002 prints 公务用车运行费 78.00 in its 三公 table, 30231 66.00 in its 表6: the 三公 item is
    12.00 more, which projects must pay (表7 prints 商品和服务支出 10.00 + 60.00 + 42.52 = 112.52);
    without 表7 the projects are 未公开."""
    found = [f.message for f in check(copy(S002)).findings if f.rule == "T10-T6-LINES" and "运行" in f.message]
    assert found == ["“三公”经费表公务用车运行维护费 78.00，基本支出表 30231 为 66.00；"
                     "“三公”经费表比基本支出表多 12.00，差额须由项目支出（同类经济科目 112.52）安排"]
    disc = copy(S002)
    disc.tables = [t for t in disc.tables if t.kind != "project_expenditure"]
    found = [f.message for f in check(disc).findings if f.rule == "T10-T6-LINES" and "运行" in f.message]
    assert found[0].startswith("“三公”经费表公务用车运行维护费 78.00，基本支出表 30231 为 66.00；"
                               "“三公”经费表比基本支出表多 12.00，差额须由项目支出（同类经济科目 未公开）安排")


def test_three_public_in_wan_beside_basic_lines_in_yuan():
    """The 三公 table in 万元, the 基本支出表 in 元 (Shanghai, Ningbo): a line agrees with its item
    to the precision of the coarser figure (said as rounding, info), and a finding prints its
    figures rounded to it."""
    def findings(operating: str, unit: str = "万元") -> list:
        disc = copy(S002)
        disc.table("basic_expenditure").unit = "元"
        disc.table("three_public").unit = unit
        for column in ("total", "public"):
            set_cell(disc, "basic_expenditure", lambda r: r.code == "30231", column, operating)
        return [f for f in check(disc).findings if f.rule == "T10-T6-LINES" and "运行" in f.message]

    def lines(operating: str, unit: str = "万元") -> list[str]:
        return [f.message for f in findings(operating, unit) if f.note != "rounding"]

    for operating in ("779965.43", "780035.00"):     # 77.996543, 78.0035 万元: 78.00 as printed
        assert [(f.severity, f.note) for f in findings(operating)] == [("info", "rounding")]
    # the basic line the larger: said so, by how much (before: "差额 -1.00 须由项目支出（同类经济科目
    # ）安排", as if the 三公 item were the larger and projects had to pay the rest)
    assert lines("790012.34") == ["“三公”经费表公务用车运行维护费 78.00，基本支出表 30231 为 79.00；"
                                  "基本支出表比“三公”经费表多 1.00，“三公”经费表不应少于基本支出表所列"]
    # every table in 元: told in 元, as printed
    assert lines("790012.34", unit="元") == ["“三公”经费表公务用车运行维护费 78.00，基本支出表 30231 为 790,012.34；"
                                             "基本支出表比“三公”经费表多 789,934.34，“三公”经费表不应少于基本支出表所列"]


def test_three_public_items_printed_as_columns():
    from budgetlens.checks.ledger import printed_items
    from budgetlens.model import PrintedTable
    table = PrintedTable(index=0, kind="three_public", title="“三公”经费预算表", line=1, line_end=2,
                         provenance=Provenance(file="x"),
                         columns=[PrintedColumn(key=k, label=k, coords={"item": k})
                                  for k in ("total", "abroad", "reception", "vehicle_operation")])
    assert printed_items(table) == {"total", "abroad", "reception", "vehicle_operation"}
    assert printed_items(parsed(S002).table("three_public")) >= {"total", "reception", "vehicle_operation"}


def test_project_money_under_a_basic_item_is_one_finding_for_all_tables():
    disc = copy(S002)
    add_cell(disc, "gpb_expenditure", lambda r: r.code == "2010301", "project", "30.00", nature="project")
    found = [f for f in check(disc).findings if f.rule == "X-PROJECT-UNDER-BASIC-ITEM"]
    assert len(found) == 1 and found[0].found == "30.00" and "万元" in found[0].message
    assert {e.role for e in found[0].evidence} == {"支出总表项目支出", "一般公共预算支出表项目支出"}


def test_one_line_table_is_its_own_total():
    # Jiangsu's 支出预算总表 is a single row of amounts without a 合计 label
    from budgetlens.checks.ledger import Book, Ledger
    from budgetlens.checks.rules.narrative import claim_cells
    disc = copy(S000)
    table = disc.table("expenditure")
    total = next(r for r in table.rows if total_row(r))
    total.name, total.index = "", 0
    table.rows = [total]
    disc.facts = [f for f in disc.facts if f.table != table.index or f.row == 0]
    cells = claim_cells(Ledger(Book(disc)), Coords(table_kind="expenditure", nature="basic"))
    assert [c.amount for c in cells] == [Decimal("243.90")]


def test_locations_name_unnumbered_tables_in_words():
    from budgetlens.checks.context import describe
    from budgetlens.model.findings import Location
    assert describe(Location(table_kind="expenditure", row="2010301")) == "支出总表 2010301"
    assert describe(Location(table=3, table_kind="expenditure")) == "表3"


def test_quotes_come_from_the_file_each_line_is_in():
    from budgetlens.checks.report import quote
    from budgetlens.model.findings import Evidence, Finding
    first, second = str(EXAMPLES / f"{S000}.txt"), str(EXAMPLES / f"{S001}.txt")
    line = (EXAMPLES / f"{S001}.txt").read_text(encoding="utf-8").split("\n")[4]
    f = Finding(rule="N-AMOUNT", severity="error", category="narrative", message="m", fingerprint="x",
                evidence=[Evidence(role="说明", text="t", provenance=Provenance(file=second, line=5))])
    assert quote(f, first) == [(5, f"（{S001}.txt）{line}")]


def test_quotes_are_read_again_when_the_file_changes(tmp_path):
    import os

    from budgetlens.checks.report import placed_quotes, quote
    from budgetlens.model.findings import Evidence, Finding
    path = tmp_path / "doc.txt"
    lines = (EXAMPLES / f"{S001}.txt").read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines), encoding="utf-8")
    f = Finding(rule="N-AMOUNT", severity="error", category="narrative", message="m", fingerprint="x",
                evidence=[Evidence(role="说明", text="t", provenance=Provenance(file=str(path), line=5))])
    assert quote(f, str(path)) == [(5, lines[4])]
    assert placed_quotes(f, str(path)) == [("第 5 行", lines[4])]     # a text file has no pages
    lines[4] = "第五行已改写"
    path.write_text("\n".join(lines), encoding="utf-8")
    os.utime(path, ns=(1, 10**18))                      # a new version, whatever the clock's grain
    assert quote(f, str(path)) == [(5, "第五行已改写")]


def test_each_table_is_checked_in_its_own_layout():
    """A document printing one kind twice (a unit's tables after its department's), each in its
    own layout: each table gets the template table of the layout it was read with, not the
    first table's."""
    from budgetlens.checks import context
    from budgetlens.checks.context import Context

    disc = copy("002_4e0ed6e09b019fe1")
    first = disc.table("three_public")
    second = first.model_copy(update={"template_table": first.template_table + "/columns", "index": len(disc.tables)})
    disc.tables.append(second)
    ctx = Context(disc, context.Config(params={}))
    assert ctx.spec(first).variant is None and ctx.spec(second).variant == "columns"
    assert ctx.spec("three_public").variant is None


PROJECT_LAST = "克州电子政务内外网运行维护费\t13.00\t\t8.50\t\t\t\t4.50\t\t\t\t\n"


@pytest.mark.parametrize("old,new", [
    (PROJECT_LAST, PROJECT_LAST + "\t\t\t小计\t\t34.00\t\t29.50\t\t\t\t4.50\t\t\t\t\n"),      # 表7: the unit's 小计
    ("302\t99\t其他商品和服务支出\t0.64\t\t0.64\n", "302\t99\t其他商品和服务支出\t0.64\t\t0.64\n\t\t小计\t235.38\t235.38\t\n"),
], ids=["project-unit", "economic-group"])
def test_a_subtotal_row_beside_the_total_is_not_added_to_it(tmp_path, reports, old, new):
    """A table's total is its 总计/合计 row: a 小计 row printed beside it (a unit's projects, a
    group of economic codes) is part of it — added to it, it made false cross-table errors
    (项目支出 34.00 against 68.00)."""
    mutant = mutated_report(tmp_path, S000, old, new)
    assert not new_findings(reports[S000], mutant), [f.message for f in new_findings(reports[S000], mutant)]


BASIC_411 = "基本支出 243.90 万元，占 87.77%，比上年预算减少 136.57 万元"


@pytest.mark.parametrize("new,rule", [
    ("基本支出近244万元，占 87.77%，比上年预算减少 136.57 万元", None),
    ("基本支出244万元左右，占 87.77%，比上年预算减少 136.57 万元", None),
    ("基本支出超过240万元，占 87.77%，比上年预算减少 136.57 万元", None),
    ("基本支出 243.90 万元，占 87.77%，比上年预算减少约 136.57 万元", None),
    ("基本支出超过250万元，占 87.77%，比上年预算减少 136.57 万元", "N-AMOUNT"),     # beyond the bound: 243.90
    ("基本支出不到240万元，占 87.77%，比上年预算减少 136.57 万元", "N-AMOUNT"),
    ("基本支出约253.9万元，占 87.77%，比上年预算减少 136.57 万元", "N-AMOUNT"),     # exact to 0.1: 243.9
])
def test_inexact_figures_are_checked_as_the_words_say(tmp_path, reports, new, rule):
    """约/近/左右 figures within the last digit they print, 超过/不到 on their side of the bound;
    neither is a base for the change after it (a bound made the rate look wrong: 推算上年 376.57)."""
    found = new_findings(reports[S000], mutated_report(tmp_path, S000, BASIC_411, new, 1))
    # (a wrong amount also makes its change's rate look wrong: the prior is computed from it)
    assert (rule in [f.rule for f in found]) if rule else not found, [f.message for f in found]


def test_an_approximate_change_and_rate_are_checked_loosely(tmp_path, reports):
    old = "比上年预算增加4.04万元，增长81.95%"
    mutant = mutated_report(tmp_path, S000, old, "比上年预算增加约4万元，增长约82%")
    assert not new_findings(reports[S000], mutant)
    mutant = mutated_report(tmp_path, S000, old, "比上年预算增加约4万元，增长约30%")
    assert [f.rule for f in new_findings(reports[S000], mutant)] == ["N-CHANGE-RATE"]


PROJECT_433 = "项目支出 34.00 万元，比上年预算减少 59.40 万元"


@pytest.mark.parametrize("old,new", [
    (BASIC_411, "基本支出 243.90 万元（上年：380.47 万元），占 87.77%，比上年预算减少 136.57 万元"),
    (PROJECT_433, "项目支出 34.00 万元（2025年：93.40万元），比上年预算减少 59.40 万元"),
    (PROJECT_433, "项目支出 34.00 万元，比上年预算（93.40 万元）减少 59.40 万元"),
    (PROJECT_433, "项目支出 34.00 万元，2025年预算数为 93.40 万元，比上年预算减少 59.40 万元"),
    (PROJECT_433, "项目支出 34.00 万元(2025年预算数为93.40万元)，比上年预算减少 59.40 万元"),
], ids=["bracket-last-year", "bracket-year", "bracket-after-comparison", "year-sentence", "year-in-bracket"])
def test_last_years_figure_in_brackets_or_named_by_its_year(tmp_path, reports, old, new):
    """Last year's figure in brackets or after its year is last year's (a prior claim): not this
    year's amount, not a misplaced year, and the change after it is still its subject's."""
    mutant = mutated_report(tmp_path, S000, old, new, 1)
    assert not new_findings(reports[S000], mutant), [f.message for f in new_findings(reports[S000], mutant)]
    claims = parse(tmp_path / f"{S000}.txt").narrative.claims     # the mutant mutated_report wrote
    assert [c.subject.concept for c in claims if c.kind == "prior"] == [
        "nature:basic" if old == BASIC_411 else "nature:project"]


def test_a_sum_within_tables_in_yuan_is_told_in_yuan():
    """The ledger holds 万元; a sum whose figures a table prints in 元 is told in 元 (it read
    "合计 426.292036 不等于 … 之和 426.202036，相差 0.09" for 4,262,920.36 元)."""
    from budgetlens.checks import context
    from budgetlens.checks.context import Context
    from budgetlens.checks.ledger import Val
    from budgetlens.model.findings import Location
    from budgetlens.model.provenance import Provenance

    disc = copy(S000)
    disc.tables[1].unit = "元"
    ctx = Context(disc, context.Config(params={}))

    def val(text: str, table: int = 1) -> Val:
        amount = Decimal(text.replace(",", ""))
        return Val(amount.scaleb(-4), 6, "k", {}, table, 0, text, Provenance(file="x"))

    fail = ctx.sum_fail("k", val("4,262,920.36"), [val("4,000,000.00"), val("262,020.36")], Location())
    assert (fail.found, fail.expected, fail.difference) == ("4,262,920.36", "4,262,020.36", Decimal("900.00"))
    mixed = ctx.sum_fail("k", val("4,262,920.36"), [val("400.00", table=2), val("26.202036")], Location())
    assert mixed.found == "426.292036"          # figures of tables in other units: in 万元, as compared


PERF_FUNDS = "<b>项目资金(万元)</b>\t\t年度预算总额\t13.00\t其中：财政拨款\t13.00"


@pytest.mark.parametrize("new,rule", [
    ("<b>项目资金(元)</b>\t\t年度预算总额\t130,000.00\t其中：财政拨款\t130,000.00", None),
    ("<b>项目资金(元)</b>\t\t年度预算总额\t130,000.00\t其中：财政拨款\t140,000.00", "P-PROJECT-AMOUNT"),
])
def test_a_performance_table_in_yuan(tmp_path, reports, new, rule):
    """A 绩效目标表 whose funds are printed in 元 ("项目资金(元)") is compared in 万元 (it was read
    as 130,000.00 万元 against 表7's 13.00)."""
    mutant = mutated_report(tmp_path, S000, PERF_FUNDS, new)
    assert [f.rule for f in new_findings(reports[S000], mutant)][:1] == ([rule] if rule else [])
    perf = next(p for p in parse(tmp_path / f"{S000}.txt").narrative.performance if p.amount == Decimal("130000.00"))
    assert perf.unit == "元"


@pytest.mark.parametrize("signed,date_read,late", [
    ("二〇二六年二月五日", "2026-02-05", False),
    ("二〇二七年二月五日", "2027-02-05", True),
    ("2026年2月", "2026-02-01", False),           # no day: the month's first
    ("2027年2月", "2027-02-01", True),
    ("2026.02.05", "2026-02-05", False),
    ("2027-02-05", "2027-02-05", True),
])
def test_signature_dates_written_other_ways(tmp_path, reports, signed, date_read, late):
    mutant = mutated_report(tmp_path, S000, "\n2026年2月5日", "\n" + signed)
    assert str(parse(tmp_path / f"{S000}.txt").meta.signature_date) == date_read
    assert ("D-SIGNATURE" in rules_of(mutant)) == late


def test_an_execution_period_in_chinese_numerals_is_checked(tmp_path, reports):
    old = "资金执行时间：2026年1月1日-2026年12月31日"
    ok = mutated_report(tmp_path, S000, old, "资金执行时间：二〇二六年一月一日至二〇二六年十二月三十一日", 1)
    assert not new_findings(reports[S000], ok)
    late = mutated_report(tmp_path, S000, old, "资金执行时间：二〇二七年一月一日至二〇二七年十二月三十一日", 1)
    assert [f.rule for f in new_findings(reports[S000], late)] == ["D-YEAR-MENTION"]


@pytest.mark.parametrize("new,wrong", [
    ("项目支出 34.00 万元（上年预算数 93.40 万元），比上年预算减少 59.40 万元", False),
    ("项目支出 34.00 万元，上年预算数为 93.40 万元，比上年预算减少 59.40 万元", False),
    ("项目支出 34.00 万元（上年预算数 83.40 万元），比上年预算减少 59.40 万元", True),
    ("项目支出 34.00 万元，上年预算数为 83.40 万元，比上年预算减少 59.40 万元", True),
    # last year's spending (预算执行数, 预计执行数: 执行数, not the budget) against a change from it
    ("项目支出 34.00 万元，上年预算执行数为 93.40 万元，比上年预算执行数减少 59.40 万元", False),
    ("项目支出 34.00 万元，上年预算执行数为 83.40 万元，比上年预算执行数减少 59.40 万元", True),
    ("项目支出 34.00 万元，上年预计执行数为 83.40 万元，比上年执行数减少 59.40 万元", True),
])
def test_last_years_figure_stated_beside_a_change_is_the_prior_it_implies(tmp_path, reports, new, wrong):
    """34.00 万元, 比上年减少 59.40 万元: last year's figure is 93.40 万元, as stated or not."""
    found = new_findings(reports[S000], mutated_report(tmp_path, S000, PROJECT_433, new, 1))
    assert [f.rule for f in found] == (["N-PRIOR-CONSISTENT"] if wrong else []), [f.message for f in found]


@pytest.mark.parametrize("new,rule", [
    ("预算安排规模：一十八万元", None),
    ("资金分配情况：州县市门户网站网管费十二万元，网站运行维护费六万元", None),
    ("资金分配情况：州县市门户网站网管费十二万元，网站运行维护费五万元", "N-ALLOCATION-SUM"),
])
def test_money_written_in_chinese_numerals_is_read_and_checked(tmp_path, reports, new, rule):
    old = new.split("：")[0] + "：" + ("18.00万元" if new.startswith("预算") else "州县市门户网站网管费12万元，网站运行维护费6万元")
    found = new_findings(reports[S000], mutated_report(tmp_path, S000, old, new))
    assert [f.rule for f in found] == ([rule] if rule else []), [f.message for f in found]


def test_chinese_numerals_that_are_no_money_figure_stay_words():
    from budgetlens.extract.narrative import clean_text
    assert clean_text("一千二百万元，三点五万元，两万元") == "1200万元，3.5万元，2万元"
    for words in ("数百万元", "上千万元", "一元化管理", "二〇二六年预算"):
        assert clean_text(words) == words


def test_income_and_spending_of_a_budget_type_may_have_had_other_priors(tmp_path, reports):
    """"一般公共预算收入预算 X，比上年增加 A" and "一般公共预算财政拨款支出预算 X，比上年增加 B": income
    and spending, equal this year, are two quantities; last year they may differ (carry-over)."""
    gpb = "一般公共预算 277.90 万元,占 100.00%,比上年预算减少 195.97 万元,下降 41.36%"
    extra = "一般公共预算财政拨款支出预算277.90万元，比上年预算减少190.00万元。"
    mutant = mutated_report(tmp_path, S000, gpb, gpb + "。" + extra, 1)
    assert not [f for f in new_findings(reports[S000], mutant) if f.rule == "N-PRIOR-CONSISTENT"]


@pytest.mark.parametrize("new", [
    "项目支出 34.00 万元，上年执行数 80.00 万元，比上年预算减少 59.40 万元",       # another of last year's figures
    "项目支出 34.00 万元（含上年未完工项目 10.00 万元），比上年预算减少 59.40 万元",  # a part, not last year's
])
def test_figures_that_are_not_the_prior_a_change_implies(tmp_path, reports, new):
    found = new_findings(reports[S000], mutated_report(tmp_path, S000, PROJECT_433, new, 1))
    assert not [f for f in found if f.rule == "N-PRIOR-CONSISTENT"], [f.message for f in found]


def test_a_sentence_with_money_in_chinese_numerals_is_marked_in_the_html_report(tmp_path):
    """The claim quotes the printed words ("二百五十三点九万元"), the section's text holds them as
    digits: the finding's sentence is still marked in the narrative."""
    from budgetlens.checks.html import to_html

    mutant = "基本支出二百五十三点九万元，占 87.77%，比上年预算减少 136.57 万元"
    text = (EXAMPLES / f"{S000}.txt").read_text(encoding="utf-8")
    path = tmp_path / f"{S000}.txt"
    path.write_text(text.replace(BASIC_411, mutant, 1), encoding="utf-8")
    disc = parse(path)
    report = check(disc)
    wrong = [f for f in report.findings if f.rule == "N-AMOUNT" and f.severity == "error"]
    assert [e.text[:13] for f in wrong for e in f.evidence if e.role == "说明"] == ["基本支出二百五十三点九万元"]
    assert '<mark class="error">基本支出253.9万元' in to_html(report, disc)


BASIC_LINE = "基本支出 243.90 万元，占 87.77%，比上年预算减少 136.57 万元，下降 35.90%，主要原因是本年在岗人员减少，相关经费支出减少。"


@pytest.mark.parametrize("new,wrong", [
    # the change in the next sentence, alone or after a reason: the change of the amount before
    ("基本支出 243.90 万元（上年：380.47 万元），占 87.77%。比上年预算减少 136.57 万元，下降 35.90%。", False),
    ("基本支出 243.90 万元（上年：390.47 万元），占 87.77%。比上年预算减少 136.57 万元，下降 35.90%。", True),
    ("基本支出 243.90 万元（上年：390.47 万元），占 87.77%。主要是在岗人员减少，比上年预算减少 136.57 万元。", True),
    ("基本支出 243.90 万元，占 87.77%，上年预算数为 390.47 万元。与上年相比减少 136.57 万元，下降 35.90%。", True),
    # named again at the head of the next sentence
    ("基本支出 243.90 万元（上年：380.47 万元），占 87.77%。基本支出比上年预算减少 136.57 万元，下降 35.90%。", False),
    ("基本支出 243.90 万元（上年：390.47 万元），占 87.77%。基本支出比上年预算减少 136.57 万元，下降 35.90%。", True),
    # changes of other items in the next sentence: not of the amount last year's figure is beside
    ("基本支出 243.90 万元（上年：380.47 万元），占 87.77%。其中人员经费 235.38 万元，比上年预算减少 100.00 万元。", False),
    ("基本支出 243.90 万元（上年：380.47 万元），占 87.77%。项目支出 34.00 万元，比上年预算减少 59.40 万元。", False),
    ("基本支出 243.90 万元（上年：380.47 万元），占 87.77%。公用经费比上年预算减少 1.00 万元。", False),
    # another of last year's figures than the change is measured from
    ("基本支出 243.90 万元（上年预算：380.47 万元），占 87.77%。比上年执行数减少 100.00 万元。", False),
], ids=["next-ok", "next-wrong", "after-reason-wrong", "stated-then-compared-wrong", "named-again-ok",
        "named-again-wrong", "part-changed", "other-item-changed", "other-item-no-amount", "other-basis"])
def test_last_years_figure_and_a_change_in_the_next_sentence(tmp_path, reports, new, wrong):
    """"基本支出 X 万元（上年：P 万元）。…比上年减少 Y 万元": P is the prior the change implies when
    the change is of that amount (alone, after a reason, or naming the item again); a change of
    another item in the next sentence is not compared with P."""
    found = new_findings(reports[S000], mutated_report(tmp_path, S000, BASIC_LINE, new, 1))
    assert [f.rule for f in found] == (["N-PRIOR-CONSISTENT"] if wrong else []), [f.message for f in found]
    if wrong:
        assert (found[0].found, found[0].expected) == ("390.47", "380.47")


THREE_PUBLIC_002 = "“三公”经费数为 83.00 万元，其中："


@pytest.mark.parametrize("prior,wrong", [("113.00", False), ("123.00", True)])
def test_last_years_three_public_figure_and_its_change_after_a_reason(tmp_path, reports, prior, wrong):
    """"“三公”经费数为 83.00 万元（上年：P 万元）。主要是…，比上年预算减少 30.00 万元": P must be
    83.00 + 30.00 (another seed, another item)."""
    new = f"“三公”经费数为 83.00 万元（上年：{prior} 万元）。主要是公务活动精简，比上年预算减少 30.00 万元。其中："
    found = new_findings(reports[S002], mutated_report(tmp_path, S002, THREE_PUBLIC_002, new, 1))
    assert [f.rule for f in found] == (["N-PRIOR-CONSISTENT"] if wrong else []), [f.message for f in found]


PROCUREMENT_003 = ("2025 年，克孜勒苏柯尔克孜自治州数字化发展局政府采购预算 184.74 万\n\n元，其中：政府采购货物预算 21.44 万元，"
                   "政府采购工程预算 1.06 万元，政\n\n府采购服务预算 162.24 万元。")


@pytest.mark.parametrize("cut", ["一百六\n\n十二点二四万元。", "一百六十二点\n\n二四万元。", "一百六十二点二四\n\n万元。"])
def test_money_in_chinese_numerals_wrapped_over_two_lines(tmp_path, cut):
    """pdftotext cuts a line where the page ends, inside a figure in words too: "…服务预算一百六" /
    "十二点二四万元" is 162.24 万元 (each line was read alone: 12.24 万元, a wrong figure, and a
    false N-PROCUREMENT-SUM)."""
    new = ("2025年本部门政府采购预算184.74万元，其中：政府采购货物预算21.44万元，政府采购工程预算1.06万元，\n\n"
           "政府采购服务预算" + cut)
    mutant = mutated_report(tmp_path, S003, PROCUREMENT_003, new)
    assert not new_findings(check(parsed(S003)), mutant), [f.message for f in new_findings(check(parsed(S003)), mutant)]
    services = [c for c in parse(tmp_path / f"{S003}.txt").narrative.claims if c.subject.concept == "procurement:services"]
    assert [(c.value, c.text) for c in services] == [(Decimal("162.24"), "一百六十二点二四万元")]
    lines = (tmp_path / f"{S003}.txt").read_text(encoding="utf-8").split("\n")
    prov = services[0].provenance
    assert lines[prov.line - 1][prov.char_start:].startswith("一百六") and prov.line_end == prov.line + 2
