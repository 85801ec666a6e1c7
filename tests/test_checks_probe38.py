"""Probe 38 of the rule catalogue: counts above the project table, the department-wide
performance table's amounts, Jiangsu's income table by source rows, the signed balance's
message, 基本支出 printed as its two parts only, and an empty table explained by "为0" alone.

Inputs are the seeds' text with figures or words changed as real documents print them; what
each test expects comes from what the document prints."""

from __future__ import annotations

from pathlib import Path

from test_checks_probe36 import edited, findings, serious

from budgetlens.checks import check
from budgetlens.pipeline import parse

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
