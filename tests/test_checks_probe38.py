"""Probe 38 of the rule catalogue: counts above the project table, the department-wide
performance table's amounts, Jiangsu's income table by source rows, the signed balance's
message, 基本支出 printed as its two parts only, and an empty table explained by "为0" alone.

Inputs are the seeds' text with figures or words changed as real documents print them; what
each test expects comes from what the document prints."""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SHARED
from test_checks_probe36 import edited, findings, serious

from budgetlens.checks import check
from budgetlens.pipeline import parse


def outcome(report, rule: str) -> tuple[str, int]:
    o = next(o for o in report.outcomes if o.rule == rule)
    return o.status, o.checked

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
S000 = EXAMPLES / "000_9131eab83374bb33.txt"      # 克孜勒苏柯尔克孜自治州电子政务服务中心 2026
S002 = EXAMPLES / "002_4e0ed6e09b019fe1.txt"      # 克州合作交流中心 2026: 单位资金 projects too


# ---- N-PROJECT-COUNT: a count above 表7's projects, where 表7 lists them all --------------------
# 000's 表7 lists 3 projects, 34.00 in all, which is the 支出总表's whole 项目支出 (34.00): the
# text's "共4个" names a project no table shows. 002's 表7 lists 3 projects of 120.00 while its
# 支出总表 spends 160.00 on projects: the 4th (非财政拨款 30.00) is of money 表7 does not print.

def test_project_count_above_a_complete_table7_is_a_warning(tmp_path):
    report = check(edited(tmp_path, S000, ("当年预算安排项目共3个", "当年预算安排项目共4个")))
    [f] = serious(report, "N-PROJECT-COUNT")
    assert (f.severity, f.found, f.expected) == ("warning", "4", "3")
    assert "已列出全部项目" in f.message and "34.00" in f.message
    assert {e.role for e in f.evidence} >= {"项目支出表合计", "支出总表项目支出"}


def test_project_count_above_a_table7_of_general_budget_projects_only_is_not_flagged(tmp_path):
    assert not findings(check(parse(S002)), "N-PROJECT-COUNT")
    report = check(edited(tmp_path, S002, ("当年预算安排项目共 4 个", "当年预算安排项目共 5 个")))
    assert not findings(report, "N-PROJECT-COUNT")


def test_project_count_below_and_equal_are_read_as_before(tmp_path):
    assert not findings(check(parse(S000)), "N-PROJECT-COUNT")
    [f] = serious(check(edited(tmp_path, S000, ("当年预算安排项目共3个", "当年预算安排项目共2个"))), "N-PROJECT-COUNT")
    assert f.message == "情况说明称项目 2 个，项目支出表列有 3 个项目"


# ---- ARITH-COLUMN-SUM: the signed balance names what it computes ------------------------------
# A 决算's 政府性基金预算财政拨款收入支出决算表 prints 年初结转和结余 1.00, 本年收入 5.00, 本年支出
# 4.00 and 年末结转和结余 3.00 where 1.00 + 5.00 − 4.00 = 2.00. The message said "合计 3.00 不等于
# 年初结转和结余+本年收入−小计 之和": no 合计 is computed there, and a difference is no sum.

GOV_FUND_EMPTY = "本单位2024年度无政府性基金预算财政拨款收入、支出，故本表为空表。"


def _gov_fund_rows(end: str) -> str:
    return "\n".join(["合计\t\t1.00\t5.00\t4.00\t\t4.00\t" + end,
                      "229\t其他支出\t1.00\t5.00\t4.00\t\t4.00\t" + end,
                      "22960\t彩票公益金安排的支出\t1.00\t5.00\t4.00\t\t4.00\t" + end,
                      "2296002\t用于社会福利的彩票公益金支出\t1.00\t5.00\t4.00\t\t4.00\t" + end])


def _final_doc(tmp_path, replace: dict[str, str]):
    import finals
    path = tmp_path / "final.md"
    path.write_text(finals.final_accounts(replace), encoding="utf-8")
    return parse(path)


def test_balance_column_sum_names_the_carry_over_it_computes(tmp_path):
    report = check(_final_doc(tmp_path, {GOV_FUND_EMPTY: _gov_fund_rows("3.00")}))
    found = [f for f in serious(report, "ARITH-COLUMN-SUM") if f.location.table == 8]
    assert found and all((f.found, f.expected) == ("3.00", "2.00") for f in found)
    f = found[0]
    assert "年末结转和结余 3.00 不等于 年初结转和结余+本年收入−" in f.message
    assert "合计 3.00" not in f.message and "之和" not in f.message


def test_balance_that_holds_is_silent_and_plain_sums_keep_their_message(tmp_path):
    report = check(_final_doc(tmp_path, {GOV_FUND_EMPTY: _gov_fund_rows("2.00"),
                                         "合计\t\t826.28\t660.88\t165.40": "合计\t\t826.28\t660.88\t165.50"}))
    assert not [f for f in findings(report, "ARITH-COLUMN-SUM") if f.location.table == 8]
    [f] = [f for f in serious(report, "ARITH-COLUMN-SUM") if f.location.table == 5]
    assert f.message.startswith("表5") and "合计 826.28 不等于 基本支出+项目支出 之和 826.38" in f.message


# ---- C-EMPTY-NOTE: an empty table "explained" by its amount being 0 -------------------------------
# Shanghai's 预算编制说明 writes "政府性基金拨款支出预算为0" and no word under the empty table. The
# warning stands (the note states what the table shows, not why it is empty), but its message
# said no text spoke of it at all; it now quotes the clause and says what it lacks.

T8_NOTE = "克孜勒苏柯尔克孜自治州电子政务服务中心 2026 年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"
T8_TEXT = "克孜勒苏柯尔克孜自治州电子政务服务中心2026年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"


def test_empty_table_said_only_to_be_zero_is_warned_saying_why(tmp_path):
    report = check(edited(tmp_path, S000, (T8_NOTE, ""), (T8_TEXT, "本单位2026年政府性基金拨款支出预算为0；国有资本经营预算拨款支出预算为0。")))
    [f] = [f for f in serious(report, "C-EMPTY-NOTE") if "政府性基金" in f.message]
    assert f.severity == "warning"
    assert "只写“本单位2026年政府性基金拨款支出预算为0”" in f.message and "未说明为何为空表" in f.message
    said = [e for e in f.evidence if e.role == "说明"]
    assert [e.text for e in said] == ["本单位2026年政府性基金拨款支出预算为0"] and said[0].provenance.line


def test_empty_table_without_any_word_keeps_its_message_and_a_reason_passes(tmp_path):
    report = check(edited(tmp_path, S000, (T8_NOTE, ""), (T8_TEXT, "本单位2026年政府性基金拨款支出预算为0.50万元。")))
    [f] = [f for f in serious(report, "C-EMPTY-NOTE") if "政府性基金" in f.message]
    assert f.message.endswith("为空表，但表下和情况说明均未说明原因")
    report = check(edited(tmp_path, S000, (T8_NOTE, ""), (T8_TEXT, "本单位2026年政府性基金拨款支出预算为0，没有使用政府性基金预算拨款安排的支出。")))
    assert not [f for f in findings(report, "C-EMPTY-NOTE") if "政府性基金" in f.message]



# ---- 基本支出 printed as 人员经费 | 公用经费 only: the rules add the two ------------------------------
# The national format's 一般公共预算支出表 prints 基本支出 as a header over its parts; many print no
# 小计 under it. The parts were read and 基本支出 was not there: X-T5-T6-BASIC was not applicable
# and ARITH-COLUMN-SUM left 合计 = 基本支出 + 项目支出 unchecked. Both now add the printed parts
# (no derived figure is stored: the finding cites each cell). The text is laid out as pdftotext
# -layout prints such a table.

def _layout(code: str, name: str, *amounts: str) -> str:
    line = code.ljust(10) + name.ljust(16)
    for a in amounts:
        line += a.rjust(14)
    return line.rstrip()


TOP = ["                    某某市某某局2025年部门预算", "", "第二部分 2025年部门预算公开表",
       "\f                        一般公共预算支出情况表", "", "编制部门：某某市某某局             单位：万元", ""]
T5_HEAD = [" " * 10 + "项目".ljust(16) + " " * 18 + "一般公共预算支出",
           " " * 50 + "基本支出",
           _layout("科目编码", "科目名称", "合计", "", "", "项目支出"),
           _layout("", "", "", "人员经费", "公用经费", "")]
T5_ROWS = [("", "合计", "36,748.76", "15,639.75", "457.71", "20,651.30"),
           ("201", "一般公共服务支出", "21,476.43", "13,012.70", "86.79", "8,376.94"),
           ("20106", "财政事务", "5,903.85", "3,688.27", "0.00", "2,215.58"),
           ("2010602", "一般行政管理事务", "3,688.27", "3,688.27", "0.00", "0.00"),
           ("2010607", "信息化建设", "2,215.58", "0.00", "0.00", "2,215.58"),
           ("20113", "商贸事务", "1,334.66", "1,247.87", "86.79", ""),
           ("2011302", "一般行政管理事务", "1,334.66", "1,247.87", "86.79", "0.00"),
           ("20199", "其他一般公共服务支出", "14,237.92", "8,076.56", "0.00", "6,161.36"),
           ("2019999", "其他一般公共服务支出", "14,237.92", "8,076.56", "0.00", "6,161.36"),
           ("208", "社会保障和就业支出", "15,272.33", "2,627.05", "370.92", "12,274.36"),
           ("20801", "人力资源和社会保障管理事务", "15,272.33", "2,627.05", "370.92", "12,274.36"),
           ("2080109", "社会保险经办机构", "15,272.33", "2,627.05", "370.92", "12,274.36")]
T6 = ["\f                        一般公共预算基本支出情况表", "", "编制部门：某某市某某局             单位：万元", "",
      " " * 10 + "经济分类科目".ljust(16) + " " * 14 + "一般公共预算基本支出",
      _layout("科目编码", "科目名称", "合计", "人员经费", "公用经费"),
      _layout("", "合计", "16,097.46", "15,639.75", "457.71"),
      _layout("301", "工资福利支出", "15,139.75", "15,139.75", ""),
      _layout("30101", "基本工资", "15,139.75", "15,139.75", ""),
      _layout("302", "商品和服务支出", "457.71", "", "457.71"),
      _layout("30201", "办公费", "457.71", "", "457.71"),
      _layout("303", "对个人和家庭的补助", "500.00", "500.00", ""),
      _layout("30302", "退休费", "500.00", "500.00", "")]


def _split_doc(tmp_path, rows=T5_ROWS, head=T5_HEAD):
    path = tmp_path / "split.txt"
    path.write_text("\n".join(TOP + head + [_layout(*r) for r in rows] + T6) + "\n", encoding="utf-8")
    return parse(str(path))


def test_basic_spending_printed_as_its_two_parts_is_compared_with_table6(tmp_path):
    disc = _split_doc(tmp_path)
    t5 = next(t for t in disc.tables if t.kind == "gpb_expenditure")
    assert [c.label for c in t5.columns] == ["合计", "人员经费", "公用经费", "项目支出"]
    report = check(disc)
    assert outcome(report, "X-T5-T6-BASIC") == ("pass", 1)
    assert not serious(report, "ARITH-COLUMN-SUM")


def test_basic_parts_off_table6_and_off_the_total_are_errors_citing_each_cell(tmp_path):
    rows = [("", "合计", "36,748.76", "15,639.75", "467.71", "20,651.30"), *T5_ROWS[1:]]
    report = check(_split_doc(tmp_path, rows))
    [f] = serious(report, "X-T5-T6-BASIC")
    assert (f.found, f.expected, f.difference) == ("16,107.46", "16,097.46", Decimal("10.00"))
    assert sorted(e.text for e in f.evidence if e.role == "一般公共预算支出表") == ["15,639.75", "467.71"]
    assert "一般公共预算支出表未列基本支出合计，按人员经费与公用经费之和计" in f.message
    [total] = [f for f in serious(report, "ARITH-COLUMN-SUM") if f.location.row == "合计"]
    assert "合计 36,748.76 不等于 人员经费+公用经费+项目支出 之和 36,758.76" in total.message


def test_a_printed_basic_subtotal_is_compared_as_printed(tmp_path):
    # 小计 printed under 基本支出: it is the figure compared (16,097.46 = 表6), its parts are summed
    # into it by their own sum, not again into 合计
    head = [T5_HEAD[0], T5_HEAD[1], _layout("科目编码", "科目名称", "合计", "", "", "", "项目支出"),
            _layout("", "", "", "小计", "人员经费", "公用经费", "")]
    rows = [(c, n, t, _plus(p, q), p, q, j) for c, n, t, p, q, j in T5_ROWS]
    rows[0] = ("", "合计", "36,748.76", "16,097.46", "15,639.75", "467.71", "20,651.30")
    report = check(_split_doc(tmp_path, rows, head))
    assert outcome(report, "X-T5-T6-BASIC") == ("pass", 1)
    assert [f.found for f in serious(report, "ARITH-COLUMN-SUM")] == ["16,097.46"]


def _plus(a: str, b: str) -> str:
    total = Decimal(a.replace(",", "") or 0) + Decimal(b.replace(",", "") or 0)
    return f"{total:,.2f}"


# ---- X-T1-T2-SOURCES: Jiangsu's 收入预算总表 prints a row per source -------------------------------
# 江苏省人民检察院 2018 (a real PDF): 收支预算总表 "三、其他资金 14.39" and 收入预算总表 "其他资金 /
# 小计 14.39", "一般公共预算资金 / 小计 21,940.96". The rule read each source from the 收入总表's
# total row, where Jiangsu prints none: it compared nothing (not applicable). It now reads the
# source's own row.

JCY = SHARED / "real" / "js-prov-jcy-2018-dept-budget.pdf"
needs_real = pytest.mark.skipif(not JCY.is_file(), reason="../shared/real is absent")


@functools.cache
def _jcy():
    return parse(str(JCY))


def _with_income_row(label: str, text: str):
    """The document with the 收入预算总表 row of this label printing `text` instead."""
    disc = _jcy().model_copy(deep=True)
    table = next(t for t in disc.tables if t.kind == "income")
    row = next(r for r in table.rows if r.name == label)
    cell = next(c for c in row.cells if c.amount is not None)
    cell.text, cell.amount = text, Decimal(text.replace(",", ""))
    for f in disc.facts:
        if f.table == table.index and f.row == row.index:
            f.amount = cell.amount
    return disc


@needs_real
def test_jiangsu_income_rows_by_source_are_compared_with_the_summary():
    report = check(_jcy())
    status, checked = outcome(report, "X-T1-T2-SOURCES")
    assert status == "pass" and checked > 0
    assert not findings(report, "X-T1-T2-SOURCES")


@needs_real
def test_jiangsu_income_source_row_off_the_summary_is_an_error():
    [f] = serious(check(_with_income_row("其他资金/小计", "24.39")), "X-T1-T2-SOURCES")
    assert (f.found, f.expected, f.difference) == ("14.39", "24.39", Decimal("-10.00"))
    assert "其他收入" in f.message and {e.text for e in f.evidence} == {"14.39", "24.39"}


def test_income_by_function_code_still_reads_each_source_from_its_total_row(tmp_path):
    # the seeds' 收入总表 print sources as columns: the total row's figure, not a sum of rows
    report = check(parse(S000))
    assert outcome(report, "X-T1-T2-SOURCES")[0] == "pass"
    wrong = check(edited(tmp_path, S000, ("<b>总计</b>\t<b>277.90</b>\t<b>277.90</b>\t<b>277.90</b>\t",
                                          "<b>总计</b>\t<b>277.90</b>\t<b>277.90</b>\t<b>287.90</b>\t")))
    assert [(f.found, f.expected) for f in serious(wrong, "X-T1-T2-SOURCES")] == [("277.90", "287.90")]


# ---- P-DEPARTMENT-AMOUNT: the 部门整体绩效目标表's 年度预算 against the 收支总表 --------------------
# 000's table prints 财政资金 上级安排 0.00 | 本级安排 277.90 and 其他资金 其他 0.00 (no 资金总额
# figure): 277.90, the 收支总表's 收入总计. 002's prints 10.00 | 1,719.05 | 30.00: 1,759.05, its
# 收入总计 (the 10.00 is last year's fiscal carry-over). Before, the amounts were not read.

PERF_T000 = "\t\t\t本级安排\t277.90\t"


def test_department_performance_funds_are_read_with_their_lines():
    [perf] = [p for p in parse(S002).narrative.performance if p.kind == "department"]
    assert [(f.kind, f.label, f.amount) for f in perf.funds] == [
        ("fiscal", "上级安排", Decimal("10.00")), ("fiscal", "本级安排", Decimal("1719.05")),
        ("other", "其他", Decimal("30.00"))]
    text = S002.read_text(encoding="utf-8").split("\n")
    assert all(f"{f.amount:,}" in text[f.line - 1] for f in perf.funds)


def test_department_performance_amount_off_the_summary_is_an_error(tmp_path):
    report = check(edited(tmp_path, S000, (PERF_T000, "\t\t\t本级安排\t287.90\t")))
    [f] = serious(report, "P-DEPARTMENT-AMOUNT")
    assert (f.severity, f.found, f.expected, f.difference) == ("error", "287.90", "277.90", Decimal("10.00"))
    assert "（上级安排 0.00、本级安排 287.90、其他 0.00）" in f.message and "收支总表收入总计" in f.message
    assert [e.text for e in f.evidence if e.role == "部门整体绩效目标表"] == ["上级安排 0.00", "本级安排 287.90", "其他 0.00"]


def test_department_performance_amount_of_the_whole_budget_or_this_years_income_passes(tmp_path):
    for doc in (S000, S002):
        report = check(parse(doc))
        assert outcome(report, "P-DEPARTMENT-AMOUNT") == ("pass", 1) and not findings(report, "P-DEPARTMENT-AMOUNT")
    # without the carry-over (上级安排 0.00): 1,749.05, 002's 本年收入合计
    report = check(edited(tmp_path, S002, ("上级安排\t10.00", "上级安排\t0.00")))
    assert not findings(report, "P-DEPARTMENT-AMOUNT")
