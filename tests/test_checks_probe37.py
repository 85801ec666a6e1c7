"""Probe 37 of the rule catalogue: rounding told by the project and last-year rules as by every
other, and defects a finance bureau expects caught.

Inputs are the seeds' text with figures or words changed as real documents print them; what
each test expects comes from what the document prints."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from test_checks_probe36 import edited, findings, serious

from budgetlens.checks import check
from budgetlens.checks.ledger import Book, Ledger
from budgetlens.checks.rules.narrative import claim_cells
from budgetlens.pipeline import parse

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
S000 = EXAMPLES / "000_9131eab83374bb33.txt"      # 克孜勒苏柯尔克孜自治州电子政务服务中心 2026


# ---- rounding: the project rules and last year's figures say it as every rule does ------------
# 表7 prints 克州人民政府网站等级保护测评费 3.00 (30,049 元 rounded); the text, typed from 元 rounded
# up, says 3.01. Before, N-PROJECT-T7 and P-PROJECT-AMOUNT said nothing at all within 0.01.

SCALE = "预算安排规模：3.00万元"
PERF_FUNDS = "年度预算总额\t3.00\t其中：财政拨款\t3.00"


def test_project_scale_a_cent_from_table7_is_said_as_rounding(tmp_path):
    report = check(edited(tmp_path, S000, (SCALE, "预算安排规模：3.01万元")))
    assert not serious(report, "N-PROJECT-T7")
    [f] = findings(report, "N-PROJECT-T7")
    assert (f.found, f.expected, f.difference) == ("3.01", "3.00", Decimal("0.01"))
    assert f.severity == "info" and f.note == "rounding"
    assert "在舍入误差 ±0.01 之内" in f.message


def test_project_scale_two_cents_from_table7_is_an_error_and_exact_is_silent(tmp_path):
    report = check(edited(tmp_path, S000, (SCALE, "预算安排规模：3.02万元")))
    [f] = serious(report, "N-PROJECT-T7")
    assert (f.severity, f.found, f.expected) == ("error", "3.02", "3.00")
    assert not findings(check(parse(S000)), "N-PROJECT-T7")


def test_performance_table_amount_a_cent_from_table7_is_said_as_rounding(tmp_path):
    report = check(edited(tmp_path, S000, (PERF_FUNDS, "年度预算总额\t3.01\t其中：财政拨款\t3.01")))
    assert not serious(report, "P-PROJECT-AMOUNT")
    rounded = [f for f in findings(report, "P-PROJECT-AMOUNT") if f.expected == "3.00"]
    assert [(f.found, f.difference, f.note) for f in rounded] == [("3.01", Decimal("0.01"), "rounding")]
    assert "在舍入误差 ±0.01 之内" in rounded[0].message


def test_performance_table_amount_two_cents_from_table7_is_an_error(tmp_path):
    report = check(edited(tmp_path, S000, (PERF_FUNDS, "年度预算总额\t3.02\t其中：财政拨款\t3.02")))
    # (the project's own text, 总投资 3 万元 and 财政资金 3 万元, is told against the table's 3.02 apart)
    assert [(f.found, f.expected) for f in serious(report, "P-PROJECT-AMOUNT") if "绩效目标表金额" in f.message] \
        == [("3.02", "3.00")]


def last_year(stem: Path, shift: Decimal):
    """Last year's disclosure as this year's text describes it, with the figure a change
    implies for 一般公共预算 (277.90, 比上年预算减少 195.97: 473.87) printed `shift` off."""
    this = parse(stem)
    prior = parse(stem)
    prior.meta.year = this.meta.year - 1
    ledger = Ledger(Book(prior))
    for claim in this.narrative.claims:
        if claim.kind == "change" and claim.implied_prior is not None and claim.subject.coords:
            for cell in claim_cells(ledger, claim.subject.coords):
                row = prior.tables[cell.table].rows[cell.row]
                for c in row.cells:
                    if c.provenance == cell.provenance and c.text == cell.text:
                        c.amount = claim.implied_prior + (shift if claim.implied_prior == Decimal("473.87") else 0)
        elif claim.kind == "change" and claim.implied_prior is not None and claim.subject.concept:
            # a figure the text alone states (机关运行经费): last year's text states it
            for said in prior.narrative.claims:
                if said.kind == "amount" and said.subject.concept == claim.subject.concept:
                    said.value = claim.implied_prior
    return this, prior


def test_prior_figure_a_cent_from_last_years_table_is_said_as_rounding():
    this, prior = last_year(S000, Decimal("0.01"))
    report = check(this, prior=prior)
    assert not serious(report, "Y-PRIOR-FIGURE")
    rounded = findings(report, "Y-PRIOR-FIGURE")
    assert rounded and {(f.found, f.expected, f.note) for f in rounded} == {("473.87", "473.88", "rounding")}
    assert all("之内" in f.message for f in rounded)


def test_prior_figure_far_from_last_years_table_is_an_error_and_equal_is_silent():
    this, prior = last_year(S000, Decimal("0.10"))
    wrong = serious(check(this, prior=prior), "Y-PRIOR-FIGURE")
    assert wrong and {(f.found, f.expected) for f in wrong} == {("473.87", "473.97")}
    this, prior = last_year(S000, Decimal(0))
    assert not findings(check(this, prior=prior), "Y-PRIOR-FIGURE")


# ---- a 决算's 收支总表 by budget type against a 收入决算表 printing 财政拨款收入 alone -------------
# 表1 prints 一、一般公共预算财政拨款收入 830.00 (二、三 blank); 表2 prints one column 财政拨款收入,
# 830.00 in its 合计 row. Before, no pair was compared: 表2 has no 一般公共预算 column, and 表1
# no 财政拨款收入 row, so 表1 could say 820.00 and 上级补助收入 10.00 in silence.

def final_accounts(tmp_path: Path, *edits: tuple[str, str]):
    import finals
    text = finals.final_accounts()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    out = tmp_path / "final.md"
    out.write_text(text, encoding="utf-8")
    return check(parse(out))


T1_GPB = "一、一般公共预算财政拨款收入\t1\t830.00"
T1_GOV_FUND = "二、政府性基金预算财政拨款收入\t2\t"
T1_SUBSIDY = "四、上级补助收入\t4\t"


def test_final_summary_budget_types_are_compared_with_the_fiscal_income_column(tmp_path):
    report = final_accounts(tmp_path, (T1_GPB, T1_GPB.replace("830.00", "820.00")),
                            (T1_SUBSIDY, T1_SUBSIDY + "10.00"))
    # (上级补助收入 10.00 against the 收入决算表's blank column is an error of its own)
    [f] = [f for f in serious(report, "X-T1-T2-SOURCES") if "财政拨款收入" in f.message]
    assert (f.severity, f.found, f.expected, f.difference) == ("error", "820.00", "830.00", Decimal("-10.00"))
    assert "财政拨款收入" in f.message and "按一般公共预算计" in f.message
    assert {e.role for e in f.evidence} == {"收支总表", "收入总表"}


def test_final_summary_split_into_two_types_is_said_not_checked_by_type(tmp_path):
    # 800.00 + 30.00 = 830.00: the whole agrees; the split no 收入决算表 column can tell
    report = final_accounts(tmp_path, (T1_GPB, T1_GPB.replace("830.00", "800.00")),
                            (T1_GOV_FUND, T1_GOV_FUND + "30.00"))
    assert not serious(report, "X-T1-T2-SOURCES")
    [f] = findings(report, "X-T1-T2-SOURCES")
    assert f.severity == "info" and "未按一般公共预算、政府性基金预算分列" in f.message
    assert not findings(final_accounts(tmp_path), "X-T1-T2-SOURCES")


# ---- a project of 表7 without its 项目支出绩效目标表 -----------------------------------------------
# The seed prints a 绩效目标表 for each of its three projects (13.00, 18.00, 3.00). A department
# that drops one (门户网站运行维护费, 18.00) went unnoticed: no rule asked for it.

def without_table(tmp_path: Path, project: str):
    """The seed without the 项目支出绩效目标表 of `project` (its title up to the next table's)."""
    text = S000.read_text(encoding="utf-8")
    title = "## 项目支出绩效目标表"
    starts = [i for i in range(len(text)) if text.startswith(title, i)]
    for a, b in zip(starts, starts[1:] + [len(text)]):
        if f"<b>项目名称</b>\t\t{project}" in text[a:b]:
            end = b if b < len(text) else text.index("\n\n", text.index(f"{project}", a) + 1)
            text = text[:a] + text[end:]
            break
    else:
        raise AssertionError(project)
    out = tmp_path / "doc.md"
    out.write_text(text, encoding="utf-8")
    return parse(out)


def test_project_without_its_performance_table_is_found(tmp_path):
    report = check(without_table(tmp_path, "克州人民政府门户网站运行维护费项目"))
    [f] = findings(report, "C-PROJECT-PERFORMANCE")
    assert (f.severity, f.found, f.location.table) == ("warning", "18.00", 7)
    assert "克州人民政府门户网站运行维护费" in f.message and "3.00 万元及以上" in f.message
    assert [e.text for e in f.evidence] == ["18.00"]


def test_smaller_project_without_a_table_follows_the_documents_practice_or_the_threshold(tmp_path):
    disc = without_table(tmp_path, "克州人民政府网站等级保护测评费项目")     # 3.00, the smallest
    assert not findings(check(disc), "C-PROJECT-PERFORMANCE")
    from budgetlens.checks.catalogue import Config
    strict = Config(params={"performance_project_threshold": 1})
    [f] = findings(check(disc, config=strict), "C-PROJECT-PERFORMANCE")
    assert f.found == "3.00" and "按规定 1.00 万元以上的项目应编制绩效目标" in f.message


def test_every_project_with_its_table_passes():
    report = check(parse(S000))
    assert not findings(report, "C-PROJECT-PERFORMANCE")
    assert next(o for o in report.outcomes if o.rule == "C-PROJECT-PERFORMANCE").status == "pass"


# ---- a 三公 table whose 上年预算数 row is this year's -------------------------------------------------
# The 三公 table printed in the national form, items as columns, a row for last year's budget
# and one for this year's. The text says 三公 83.00, 比上年预算减少 30.00 (公务接待费 5.00, 减少
# 30.00): last year's row must print 113.00 and 35.00. A table copied with this year's figures
# in last year's row went unnoticed.

S002 = EXAMPLES / "002_4e0ed6e09b019fe1.txt"     # 克孜勒苏柯尔克孜自治州人民政府办公室 2026
THIS_YEAR_ROW = "本年预算数\t83.00\t0.00\t78.00\t0.00\t78.00\t5.00"


def three_public_by_year(tmp_path: Path, last_year_row: str):
    text = S002.read_text(encoding="utf-8")
    start = text.index("“三公”经费支出内容\t合计\t资金来源")
    end = text.index("公务用车运行费\t78.00\t78.00", start) + len("公务用车运行费\t78.00\t78.00")
    table = ("项目\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n"
             "\t\t\t小计\t公务用车购置费\t公务用车运行费\t\n"
             f"上年预算数\t{last_year_row}\n{THIS_YEAR_ROW}")
    out = tmp_path / "doc.txt"
    out.write_text(text[:start] + table + text[end:], encoding="utf-8")
    return check(parse(out))


def test_last_years_row_holding_this_years_figures_is_found(tmp_path):
    report = three_public_by_year(tmp_path, "83.00\t0.00\t78.00\t0.00\t78.00\t5.00")
    found = sorted((f.found, f.expected) for f in serious(report, "N-PRIOR-CONSISTENT"))
    assert found == [("-30.00", "0.00"), ("-30.00", "0.00")]       # 三公 in all, 公务接待费
    assert all("上年预算数 " in f.message and f.severity == "error" for f in serious(report, "N-PRIOR-CONSISTENT"))


def test_last_years_row_the_text_describes_passes(tmp_path):
    report = three_public_by_year(tmp_path, "113.00\t0.00\t78.00\t0.00\t78.00\t35.00")
    assert not findings(report, "N-PRIOR-CONSISTENT")


# ---- 政府采购: the text's total against the 政府采购预算表 ---------------------------------------------
# Seed 000 titled as the national format, with the 政府采购预算表 many regions print after the
# standard tables. The text says 政府采购预算 0.51 万元; a purchase added to the table (办公用品
# 0.44 → 0.54, 合计 0.61) without the text's being updated went unnoticed.

def with_procurement_table(tmp_path: Path, goods: str, total: str):
    from test_templates import NATIONAL_TITLES
    text = S000.read_text(encoding="utf-8")
    for old, new in NATIONAL_TITLES.items():
        text = text.replace(old, new)
    anchor = "上年结转结余预算表为空表。\n\n### 第三部分"
    assert anchor in text
    table = ("上年结转结余预算表为空表。\n\n表 12\n\n### 政府采购预算表\n\n编制部门：浙江省湖州市电子政务服务中心\n\n"
             "单位：万元\n\n采购项目\t采购品目\t合计\t财政拨款\t其他资金\n"
             f"合计\t\t{total}\t{total}\t\n办公用品\t办公用品\t{goods}\t{goods}\t\n"
             "复印机维护\t维修和保养服务\t0.07\t0.07\t\n\n### 第三部分")
    out = tmp_path / "doc.txt"
    out.write_text(text.replace(anchor, table), encoding="utf-8")
    return check(parse(out))


def test_procurement_total_of_the_text_against_the_procurement_table(tmp_path):
    report = with_procurement_table(tmp_path, "0.54", "0.61")
    [f] = findings(report, "N-PROCUREMENT-TABLE")
    assert (f.severity, f.found, f.expected, f.difference) == ("error", "0.51万元", "0.61", Decimal("-0.10"))
    assert "政府采购预算表合计为 0.61 万元" in f.message


def test_procurement_table_that_agrees_passes_and_none_printed_is_not_applicable(tmp_path):
    report = with_procurement_table(tmp_path, "0.44", "0.51")
    assert next(o for o in report.outcomes if o.rule == "N-PROCUREMENT-TABLE").status == "pass"
    outcome = next(o for o in check(parse(S000)).outcomes if o.rule == "N-PROCUREMENT-TABLE")
    assert outcome.status == "not_applicable" and outcome.reason == "文件未印政府采购预算表"


# ---- a source moved from one row to another in the 收支总表 --------------------------------------------
# 表1 prints 四、上级补助收入 20.00 and 八、其他收入 blank; 表2's 合计 row prints 其他收入 20.00 and
# 上级补助收入 blank. Each source found one side blank and was skipped as if not printed: the
# move passed. A row or column printed blank holds 0.

T1_OTHER = "八、其他收入\t8\t20.00"


def test_income_moved_between_sources_is_found(tmp_path):
    report = final_accounts(tmp_path, (T1_SUBSIDY, T1_SUBSIDY + "20.00"), (T1_OTHER, T1_OTHER[:-5]))
    found = sorted((f.found, f.expected) for f in serious(report, "X-T1-T2-SOURCES"))
    assert found == [("0.00", "20.00"), ("20.00", "0.00")]
    assert {f.severity for f in serious(report, "X-T1-T2-SOURCES")} == {"error"}


def test_sources_both_tables_print_blank_or_alike_pass(tmp_path):
    # (the seed's 表1 prints 二、上年结转结余 blank over its 财政拨款结转 / 非财政拨款结转结余 rows)
    assert not findings(final_accounts(tmp_path), "X-T1-T2-SOURCES")
    assert not findings(check(parse(S000)), "X-T1-T2-SOURCES")


# 表4 (财政拨款收入支出决算总表) moves 30.00 from 一般公共预算 to 政府性基金预算 (its total kept); the
# 收支总表 prints 政府性基金 blank. Before, only the 一般公共预算 side was said.
T4_GPB = "一、一般公共预算财政拨款\t1\t830.00\t一、一般公共服务支出"
T4_GOV_FUND = "二、政府性基金预算财政拨款\t2\t\t二、社会保障和就业支出"


def test_fiscal_income_moved_between_budget_types_in_table4_is_said_on_both_sides(tmp_path):
    report = final_accounts(tmp_path, (T4_GPB, T4_GPB.replace("830.00", "800.00")),
                            (T4_GOV_FUND, T4_GOV_FUND.replace("\t\t", "\t30.00\t")))
    found = sorted((f.found, f.expected) for f in serious(report, "X-T4-T1-INCOME"))
    assert found == [("30.00", "0.00"), ("800.00", "830.00")]
    assert not findings(final_accounts(tmp_path), "X-T4-T1-INCOME")
