"""Probe 35 of the rule catalogue: what a finance bureau, an auditor or a journalist is told.

Inputs are the seeds' text with one figure or word changed (or their years moved back, as last
year's document of the same unit would print them); what each test expects comes from what the
document prints."""

from __future__ import annotations

import re
from pathlib import Path

import finals
import pytest
from conftest import SHARED

from budgetlens.checks import check
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
S000 = EXAMPLES / "000_9131eab83374bb33.txt"      # 克孜勒苏柯尔克孜自治州电子政务服务中心 2026
S002 = EXAMPLES / "002_4e0ed6e09b019fe1.txt"      # 克孜勒苏柯尔克孜自治州人民政府办公室 2026


def seed(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def year_before(text: str) -> str:
    """The document's text one year earlier: every year 2022–2026 it names moved back by one."""
    return re.sub(r"20(2[2-6])", lambda m: f"20{int(m.group(1)) - 1}", text)


def outcome(report, rule: str):
    return next(o for o in report.outcomes if o.rule == rule)


# ---- year over year: last year's document must be of the same unit ----------------------------

def test_prior_of_another_unit_is_not_compared(tmp_path):
    # the 2025 document of 人民政府办公室 given as last year's of 电子政务服务中心: its figures
    # (一般公共预算 1,719.05) say nothing of this unit's 上年 (473.87)
    prior = parse(write(tmp_path, "other_2025.md", year_before(seed(S002))))
    report = check(parse(S000), prior=prior)
    assert not [f for f in report.findings if f.rule.startswith("Y-")]
    for rule in ("Y-PRIOR-FIGURE", "Y-STAFFING"):
        o = outcome(report, rule)
        assert o.status == "not_applicable"
        assert "人民政府办公室" in o.reason and "电子政务服务中心" in o.reason


def test_prior_of_the_same_unit_under_its_short_name_is_compared(tmp_path):
    # the same unit's 2025 document printing its name as 克州电子政务服务中心: compared. Its
    # 一般公共预算 is printed 277.90 while this year's text implies 277.90 + 195.97 = 473.87
    text = year_before(seed(S000)).replace("克孜勒苏柯尔克孜自治州", "克州")
    prior = parse(write(tmp_path, "short_2025.md", text))
    assert prior.meta.unit_name.startswith("克州")
    report = check(parse(S000), prior=prior)
    found = [f for f in report.findings if f.rule == "Y-PRIOR-FIGURE" and f.location.section == "二"]
    assert [(f.found, f.expected) for f in found] == [("473.87", "277.90")]



def _as_unit_budget(text: str) -> str:
    return text.replace("部门预算公开", "单位预算公开").replace("部门概况", "单位概况")


def test_prior_unit_budget_of_a_department_with_units_is_not_compared(tmp_path):
    # this year's 部门预算 adds 2 subordinate units' figures; last year's document is the 单位预算
    # of its own office alone
    this = seed(S000).replace("服务中心无下属预算单位，", "服务中心下属预算单位 2 个，")
    report = check(parse(write(tmp_path, "this.md", this)),
                   prior=parse(write(tmp_path, "last.md", _as_unit_budget(year_before(seed(S000))))))
    assert not [f for f in report.findings if f.rule.startswith("Y-")]
    o = outcome(report, "Y-PRIOR-FIGURE")
    assert o.status == "not_applicable" and "2 个下属预算单位" in o.reason


def test_prior_unit_budget_of_a_department_without_units_is_compared(tmp_path):
    # "无下属预算单位": the 部门预算 is its office's 单位预算; 一般公共预算 473.87 implied, 277.90 printed
    prior = parse(write(tmp_path, "last.md", _as_unit_budget(year_before(seed(S000)))))
    assert prior.meta.scope == "单位"
    found = [f for f in check(parse(S000), prior=prior).findings
             if f.rule == "Y-PRIOR-FIGURE" and f.location.section == "二"]
    assert [(f.found, f.expected) for f in found] == [("473.87", "277.90")]

# ---- year over year: a figure only the text states (机关运行经费) against last year's text ---------------

OPERATING = "克孜勒苏柯尔克孜自治州电子政务服务中心 2025 年的机关运行经费财政拨款预算 8.52 万元"


def _last_year(tmp_path: Path, operating: str):
    # the same unit's 2025 document; this year's text says 8.52 万元, 比上年预算减少 4.56 万元: 13.08
    text = year_before(seed(S000))
    assert text.count(OPERATING) == 1
    return parse(write(tmp_path, "last.md", text.replace(OPERATING, OPERATING.replace("8.52", operating))))


def test_operating_cost_prior_contradicting_last_years_text_is_flagged(tmp_path):
    report = check(parse(S000), prior=_last_year(tmp_path, "8.52"))
    found = [f for f in report.findings if f.rule == "Y-PRIOR-FIGURE" and "机关运行经费" in f.message]
    assert [(f.severity, f.found, f.expected) for f in found] == [("error", "13.08", "8.52")]
    assert "情况说明" in found[0].message


def test_operating_cost_prior_agreeing_with_last_years_text_passes(tmp_path):
    report = check(parse(S000), prior=_last_year(tmp_path, "13.08"))
    assert not [f for f in report.findings if f.rule == "Y-PRIOR-FIGURE" and "机关运行经费" in f.message]

# ---- a percentage of the text's own amount where the table prints another: one error, the amount's ----

def findings(tmp_path: Path, text: str, rule: str, name: str = "doc.md") -> list:
    return [f for f in check(parse(write(tmp_path, name, text))).findings if f.rule == rule]


SHARE = "项目支出 160.00 万元，占 9.10%"       # 表3 总计 项目支出 160.00 of 1,759.05


def test_share_of_the_texts_own_amount_is_a_note_beside_the_amount_error(tmp_path):
    # the text says 170.00 (the table 160.00) and its share 9.66% is 170.00 / 1,759.05
    text = seed(S002).replace(SHARE, "项目支出 170.00 万元，占 9.66%")
    assert [f.found for f in findings(tmp_path, text, "N-AMOUNT") if f.severity == "error"] == ["170.00万元"]
    found = findings(tmp_path, text, "N-SHARE", "b.md")
    assert [(f.severity, f.found, f.expected) for f in found] == [("info", "9.66%", "9.10")]
    assert "170.00" in found[0].message and "160.00" in found[0].message and "N-AMOUNT" in found[0].message


def test_share_of_neither_amount_is_still_an_error(tmp_path):
    # 9.50% is neither 170.00 nor 160.00 of 1,759.05
    text = seed(S002).replace(SHARE, "项目支出 170.00 万元，占 9.50%")
    found = findings(tmp_path, text, "N-SHARE")
    assert [(f.severity, f.found, f.expected) for f in found] == [("error", "9.50%", "9.10")]


THREE = ("“三公”经费数为 83.00 万元", "比上年预算减少30.00万元，下降26.55%")     # 表10 合计 83.00


def test_rate_of_the_texts_own_three_public_total_is_a_note(tmp_path):
    # the text's total 93.00 (the table 83.00), down 20.00 from 113.00: 17.70%
    text = seed(S002).replace(THREE[0], "“三公”经费数为 93.00 万元").replace(THREE[1], "比上年预算减少20.00万元，下降17.70%")
    assert [f.found for f in findings(tmp_path, text, "N-AMOUNT") if f.severity == "error"] == ["93.00万元"]
    found = findings(tmp_path, text, "N-CHANGE-RATE", "b.md")
    assert [(f.severity, f.found) for f in found] == [("info", "17.70%")]
    assert "93.00" in found[0].message and "83.00" in found[0].message


def test_rate_of_neither_three_public_total_is_still_an_error(tmp_path):
    # 18.50% is 20.00 of neither 113.00 nor 103.00
    text = seed(S002).replace(THREE[0], "“三公”经费数为 93.00 万元").replace(THREE[1], "比上年预算减少20.00万元，下降18.50%")
    found = findings(tmp_path, text, "N-CHANGE-RATE")
    assert [(f.severity, f.found) for f in found] == [("error", "18.50%")]


FUND = "10、住房保障支出（类）住房改革支出（款）住房公积金（项）：2026年预算数为106.98万元，比上年预算增加106.98万元，增长100.00%"


def _both_years(current: str, rate: str) -> str:
    # the wording of Shanghai's item sentences: both years' figures and the rate between them
    return seed(S002).replace(FUND, "10、“住房保障支出（类）住房改革支出（款）住房公积金（项）”106.98万元，主要用于住房公积金。"
                              f"2025年当年预算执行数为100.00万元，2026年预算安排{current}万元，比2025年预算执行数增加{rate}%")


def test_rate_between_stated_years_of_the_tables_amount_is_a_note(tmp_path):
    # 表5 2210201 106.98; the text's 108.98 is a slip: 6.98% is 106.98 over 100.00
    text = _both_years("108.98", "6.98")
    assert "108.98万元" in [f.found for f in findings(tmp_path, text, "N-AMOUNT") if f.severity == "error"]
    found = findings(tmp_path, text, "N-CHANGE-RATE", "b.md")
    assert [(f.severity, f.found) for f in found] == [("info", "6.98%")]
    assert "106.98" in found[0].message and "108.98" in found[0].message


def test_rate_between_stated_years_of_neither_is_still_an_error(tmp_path):
    found = findings(tmp_path, _both_years("108.98", "7.50"), "N-CHANGE-RATE")
    assert [(f.severity, f.found) for f in found] == [("error", "7.50%")]


def test_completion_rate_of_the_tables_actual_is_a_note_beside_the_amount_error(tmp_path):
    # 决算: 行政单位医疗 年初预算 32.50, 支出决算 30.12 in the table (92.68%); the text's 31.12 is a slip
    said = "支出决算为30.12万元，完成年初预算的92.68%"
    text = finals.final_accounts({said: "支出决算为31.12万元，完成年初预算的92.68%"})
    assert [f.found for f in findings(tmp_path, text, "N-AMOUNT") if f.severity == "error"] == ["31.12万元"]
    found = findings(tmp_path, text, "N-COMPLETION", "b.md")
    assert [(f.severity, f.found) for f in found] == [("info", "92.68%")]
    assert "30.12" in found[0].message and "31.12" in found[0].message


def test_completion_rate_of_neither_actual_is_still_an_error(tmp_path):
    # 93.68% is neither 30.12 nor 31.12 of 32.50
    said = "支出决算为30.12万元，完成年初预算的92.68%"
    text = finals.final_accounts({said: "支出决算为31.12万元，完成年初预算的93.68%"})
    found = findings(tmp_path, text, "N-COMPLETION")
    assert [(f.severity, f.found) for f in found] == [("error", "93.68%")]


# ---- 表5 by function code against 表2's 一般公共预算 columns ------------------------------------------

T5_ROWS = "201\t03\t01\t行政运行\t1,085.07\t1,085.07\t\n201\t03\t50\t事业运行\t102.76\t102.76\t\n"


def test_gpb_table_splitting_a_class_otherwise_than_the_income_table_is_flagged(tmp_path):
    # 表5 moves 0.69 from 2010350 事业运行 to 2010301 行政运行: its own sums still hold, and 表5
    # stays below 表3 on each code; 表2 prints 1,085.07 and 102.76 of 一般公共预算 for them
    text = seed(S002)
    assert text.count(T5_ROWS) == 1
    text = text.replace(T5_ROWS, T5_ROWS.replace("1,085.07", "1,085.76").replace("102.76", "102.07"))
    found = findings(tmp_path, text, "X-T2-T5-CODE")
    assert sorted((f.severity, f.location.row, f.found, f.expected) for f in found) == [
        ("error", "2010301", "1,085.07", "1,085.76"), ("error", "2010350", "102.76", "102.07")]


def test_gpb_table_of_another_scope_than_the_income_tables_is_not_compared_by_code(tmp_path):
    # 表5 printing the 一般公共预算 carry-over too (10.00 under 2010905 缉私办案, as some templates
    # do): its total 1,729.05 is not 表2's 1,719.05, so its codes are not 表2's 一般公共预算 columns
    text = seed(S002)
    rows = {"\t\t\t总计\t1,719.05\t1,599.05\t120.00\n": "\t\t\t总计\t1,729.05\t1,599.05\t130.00\n",
            "201\t\t\t一般公共服务支出\t1,307.83\t1,187.83\t120.00\n201\t03": "201\t\t\t一般公共服务支出\t1,317.83\t1,187.83\t130.00\n201\t03",
            "及相关机构事务支出\t120.00\t\t120.00\n208": "及相关机构事务支出\t120.00\t\t120.00\n201\t09\t\t海关事务\t10.00\t\t10.00\n"
                                                "201\t09\t05\t缉私办案\t10.00\t\t10.00\n208"}
    for old, new in rows.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    report = check(parse(write(tmp_path, "scope.md", text)))
    assert not [f for f in report.findings if f.rule == "X-T2-T5-CODE"]
    o = outcome(report, "X-T2-T5-CODE")
    assert o.status == "not_applicable" and "1,729.05" in o.reason and "1,719.05" in o.reason


def test_gpb_table_agreeing_with_the_income_table_passes():
    o = outcome(check(parse(S002)), "X-T2-T5-CODE")
    assert o.status == "pass" and o.checked > 10


# ---- a budget signed before it could be approved ---------------------------------------------------

@pytest.mark.parametrize("signed,early", [
    ("2025年10月15日", True),       # October of the year before: no people's congress has sat yet
    ("2025年11月30日", True),
    ("2025年12月28日", False),      # a county's session in late December, published at once
    ("2026年1月20日", False),
])
def test_budget_signed_before_its_approval_is_flagged(tmp_path, signed, early):
    text = seed(S000)
    assert text.count("\n2026年2月5日") == 1
    found = findings(tmp_path, text.replace("\n2026年2月5日", "\n" + signed), "D-SIGNATURE")
    assert bool(found) == early
    assert all(f.severity == "warning" and f.expected.startswith("2025-12-01") for f in found)


# ---- a misprinted 款 row: the error is its own, the 类 above it is right ----------------------------

KUAN = "201\t03\t\t政府办公厅（室）及相关机构事务\t1,337.83\t1,187.83\t150.00"     # 表3


def test_misprinted_subtotal_row_is_the_error_and_its_parent_a_note(tmp_path):
    # 20103 printed 1,373.83 | 1,223.83 (its 项 add to 1,337.83 | 1,187.83); 201 (1,347.83) is right
    text = seed(S002)
    assert text.count(KUAN) == 1
    text = text.replace(KUAN, KUAN.replace("1,337.83", "1,373.83").replace("1,187.83", "1,223.83"))
    found = [f for f in findings(tmp_path, text, "ARITH-HIERARCHY") if f.location.table == 3]
    errors = sorted((f.location.row, f.location.column) for f in found if f.severity == "error")
    notes = sorted((f.location.row, f.location.column) for f in found if f.severity == "info" and "本身" in f.message)
    assert errors == [("20103 政府办公厅（室）及相关机构事务", "合计"), ("20103 政府办公厅（室）及相关机构事务", "基本支出")]
    assert notes == [("201 一般公共服务支出", "合计"), ("201 一般公共服务支出", "基本支出")]
    assert all("20103" in f.message for f in found if f.severity == "info" and "本身" in f.message)


def test_misprinted_class_row_stays_an_error(tmp_path):
    # 201 printed 1,374.83 | 1,214.83: it is off its 款 (the 款 and 项 agree), so it is the error
    text = seed(S002)
    row = "201\t\t\t一般公共服务支出\t1,347.83\t1,187.83\t160.00"
    assert text.count(row) == 1
    text = text.replace(row, row.replace("1,347.83", "1,374.83").replace("1,187.83", "1,214.83"))
    found = [f for f in findings(tmp_path, text, "ARITH-HIERARCHY") if f.location.table == 3]
    assert ("201 一般公共服务支出", "合计", "error") in {(f.location.row, f.location.column, f.severity) for f in found}


# ---- a code printed with another code's name in several tables: every place is cited -------------------

RUN = "201\t03\t01\t行政运行\t1,115.07"      # 表2 and 表3 print 2010301 行政运行 1,115.07


def test_wrong_name_copied_into_two_tables_cites_both(tmp_path):
    text = seed(S002)
    assert text.count(RUN) == 2
    found = findings(tmp_path, text.replace(RUN, "201\t03\t01\t一般行政管理事务\t1,115.07"), "K-CODE-NAME")
    assert [(f.location.table, f.found, f.expected) for f in found] == [(2, "一般行政管理事务", "行政运行")]
    assert len(found[0].evidence) == 2 and found[0].evidence[0].provenance.line < found[0].evidence[1].provenance.line
    assert "表3同样印为该名称" in found[0].message


def test_wrong_name_in_one_table_cites_that_one(tmp_path):
    text = seed(S002).replace(RUN, "201\t03\t01\t一般行政管理事务\t1,115.07", 1)
    found = findings(tmp_path, text, "K-CODE-NAME")
    assert [(f.location.table, len(f.evidence)) for f in found] == [(2, 1)]
    assert "同样" not in found[0].message


# ---- one 基本支出表 item the text lists as two ------------------------------------------------------

S001 = EXAMPLES / "001_bb7d043ad2da133b.txt"      # 电子政务服务中心 2022 单位预算 (an OCR conversion)
# its 人员经费 list: "职工基本医疗保险缴费 13.16 万元、其他社会保障缴费 1.72 万元"; 表6 prints no 30110 and
# "301 12 其他社会保障缴费 14. 88" (13.16 + 1.72)
LISTED = "职工基本医疗保险缴费 13.16 万元、其他社会保障缴费 1.72 万元"


def test_item_split_in_two_by_the_text_is_one_error_and_a_note(tmp_path):
    found = findings(tmp_path, seed(S001), "N-ITEM-LIST")
    assert sorted((f.severity, f.found, f.expected) for f in found) == [
        ("error", "13.16", "未列示"), ("info", "1.72", "14.88")]
    error = next(f for f in found if f.severity == "error")
    assert "14.88" in error.message and "拆为两项" in error.message


def test_items_that_do_not_add_up_to_the_row_stay_two_errors(tmp_path):
    text = seed(S001)
    assert text.count(LISTED) == 1
    found = findings(tmp_path, text.replace(LISTED, LISTED.replace("1.72", "1.82")), "N-ITEM-LIST")
    assert sorted((f.severity, f.found, f.expected) for f in found) == [
        ("error", "1.82", "14.88"), ("error", "13.16", "未列示")]
    assert not any("拆为两项" in f.message for f in found)


# ---- a misprinted subtotal cell (三公 公务用车购置及运行费): its own error, the 合计 a note ---------------------

THREE_ROW = "0. 50\t\t0. 50\t\t\t0.50"     # 001 表八: 合计 | 出国 | 用车 合计 | 购置 | 运行 | 接待


def test_misprinted_vehicle_subtotal_is_the_error_and_the_total_a_note(tmp_path):
    # 用车 合计 0.50 over 购置 and 运行 printing nothing; 合计 0.50 is 接待 0.50 alone: it is right
    assert seed(S001).count(THREE_ROW) == 1
    found = [f for f in findings(tmp_path, seed(S001), "ARITH-COLUMN-SUM") if f.location.table == 8]
    assert sorted((f.location.column, f.severity) for f in found) == [
        ("公务用车购置及运行费/合计", "error"), ("合计", "info")]
    note = next(f for f in found if f.severity == "info")
    assert "公务用车购置及运行费/合计" in note.message and "本身" in note.message


def test_total_off_otherwise_than_its_subtotal_stays_an_error(tmp_path):
    # 合计 printed 0.60: off 1.00 by 0.40, not by the subtotal's 0.50: both are errors
    text = seed(S001).replace(THREE_ROW, "0. 60\t\t0. 50\t\t\t0.50")
    found = [f for f in findings(tmp_path, text, "ARITH-COLUMN-SUM") if f.location.table == 8]
    assert sorted((f.location.column, f.severity) for f in found) == [
        ("公务用车购置及运行费/合计", "error"), ("合计", "error")]


VEHICLES = "公务用车购置及运行费（小计）\t78.00\t78.00"     # 002 表10, rows: 购置费 (none) + 运行费 78.00


def test_misprinted_vehicle_subtotal_row_is_the_error_and_the_total_row_a_note(tmp_path):
    text = seed(S002)
    assert text.count(VEHICLES) == 1
    found = findings(tmp_path, text.replace(VEHICLES, VEHICLES.replace("78.00", "87.00")), "ARITH-ITEM-SUM")
    assert sorted((f.location.row, f.severity) for f in found) == [
        ("公务用车购置及运行费（小计）", "error"), ("公务用车购置及运行费（小计）", "error"), ("合计", "info"), ("合计", "info")]


def test_total_row_off_otherwise_stays_an_error(tmp_path):
    # 合计 83.00 printed 88.00: the 小计 adds up, so the 合计 is the error
    text = seed(S002).replace("合计\t83.00\t83.00", "合计\t88.00\t88.00")
    found = findings(tmp_path, text, "ARITH-ITEM-SUM")
    assert sorted((f.location.row, f.severity) for f in found) == [("合计", "error"), ("合计", "error")]


# ---- a table printing no figure has nothing to total --------------------------------------------


def test_blank_forms_tables_are_not_said_to_lack_a_total_row():
    # the Shanghai district's blank 单位预算 workbook: its 收入总表 prints sample rows (205 教育支出 …)
    # and a 合计 line, no figure anywhere
    workbook = SHARED / "templates" / "sh-putuo-2026-unit-budget-template.xlsx"
    if not workbook.exists():
        pytest.skip("../shared/templates 不在本机")
    report = check(parse(workbook))
    assert not [f for f in report.findings if f.rule == "C-TOTAL-ROW"]


def test_table_with_figures_and_no_total_row_is_still_flagged(tmp_path):
    # 表5 without its 总计 row (1,719.05 | 1,599.05 | 120.00)
    total = "\t\t\t总计\t1,719.05\t1,599.05\t120.00\n"
    text = seed(S002)
    assert text.count(total) == 1
    found = findings(tmp_path, text.replace(total, ""), "C-TOTAL-ROW")
    assert [(f.severity, f.location.table_kind) for f in found] == [("error", "gpb_expenditure")]
