"""Narrative wordings probed in session 39.

- "人员经费变动数 12.00 万元", "变动 12.00 万元": a change whose way only a sign says, not an
  amount of 人员经费 (before: compared with 表6's 人员经费, a false finding).
- "财政拨款安排的项目支出 X 万元": the 财政拨款收支总表's 项目支出, else the sum of the budget
  types' tables' (表5 + 表8 + 表9), not 表5's alone (a false error where 表8 prints a project).
- A 决算's bare "支出决算 846.28 万元" / "收入决算 850.00 万元" in its 支出决算 / 收入决算 section: the
  year's 本年支出合计 / 本年收入合计 (before: no subject, not checked).
- "占 87.77%，比上年提高 2.10 个百分点", "占比由上年的 85.67% 提高到 87.77%": a change of the share
  (last year's share implied), last year's share a prior, checked against each other (before:
  85.67 was this year's share, a false error; the points had no prior).
- "主要用于 2 辆公务用车": 2 of 公务用车 (before: of "主要用于"); "100 万元以上的设备 1 台": 设备.
- "A X 万元，其中 B Y 万元，总体比上年增加 Z 万元": A's change (before: of "总体"); a change right
  after the part's amount stays the part's, as the seeds print it.
- P-DEPARTMENT-AMOUNT says each figure in its own table's unit (before: a 元 table's in 万元).
"""

import re
import sys
from decimal import Decimal
from pathlib import Path

import finals
import pytest
from test_narrative_brackets import claims_of
from test_narrative_flat import BASIC
from test_robustness import seed_with

from budgetlens.checks import check
from budgetlens.pipeline import parse

sys.path.insert(0, str(Path(__file__).parent))

SEED = "000_9131eab83374bb33"


def read(claims):
    return [(c.kind, c.value, c.subject.concept, c.direction, c.implied_prior) for c in claims]


def errors_about(disc, figure: str):
    return [f for f in check(disc).findings if f.severity == "error" and figure in f.message]


# ---- a change named by its move alone ("变动", "变化") -------------------------------------------

@pytest.mark.parametrize("said", [
    "人员经费变动数 12.00 万元。",
    "人员经费变动额 12.00 万元。",
    "人员经费变化 12.00 万元。",
    "人员经费变动金额为 12.00 万元。",
])
def test_a_change_named_by_its_move_is_no_amount(tmp_path, said):
    """Before: 12.00 was the amount of 人员经费 (checked against 表6's, a false error)."""
    disc, claims = claims_of(tmp_path, said)
    assert read(claims) == [("change", Decimal("12.00"), "basic:personnel", None, None)]
    assert not errors_about(disc, "12.00")


def test_a_bare_move_after_the_amount_is_its_change_which_way_unsaid(tmp_path):
    """Before: "变动 12.00 万元" was an amount of nothing named."""
    _, claims = claims_of(tmp_path, "人员经费 100.00 万元，变动 12.00 万元。")
    assert read(claims) == [("amount", Decimal("100.00"), "basic:personnel", None, None),
                            ("change", Decimal("12.00"), "basic:personnel", None, None)]


@pytest.mark.parametrize("said, direction, prior", [
    ("人员经费 100.00 万元，变动额为 -12.00 万元。", "decrease", "112.00"),
    ("人员经费 100.00 万元，比上年变动 +12.00 万元。", "increase", "88.00"),
])
def test_a_signed_move_says_which_way(tmp_path, said, direction, prior):
    _, claims = claims_of(tmp_path, said)
    assert read(claims)[1] == ("change", Decimal("12.00"), "basic:personnel", direction, Decimal(prior))


@pytest.mark.parametrize("said, direction, prior", [
    ("人员经费 100.00 万元，比上年增减变动 -12.00 万元。", "decrease", "112.00"),
    ("人员经费 100.00 万元，比上年减少 12.00 万元。", "decrease", "112.00"),
])
def test_a_change_with_its_way_is_read_as_before(tmp_path, said, direction, prior):
    """Near miss: 增减变动 with its sign, and a verb of a change, as before."""
    _, claims = claims_of(tmp_path, said)
    assert read(claims)[1] == ("change", Decimal("12.00"), "basic:personnel", direction, Decimal(prior))


# ---- the 财政拨款 project spending: every budget type's ------------------------------------------

# seed 000's 政府性基金预算支出情况表, printed empty, and printed with a project of 10.00
FUND_EMPTY = ("※\t※\t※\t※\t1\t2\t3\t4\n\n克孜勒苏柯尔克孜自治州电子政务服务中心 2026 年没有使用政府性基金预算拨款"
              "安排的支出，政府性基金预算支出情况表为空表。")
FUND_PROJECT = ("※\t※\t※\t※\t1\t2\t3\t4\n\t\t\t<b>总计</b>\t<b>10.00</b>\t\t\t<b>10.00</b>\n"
                "229\t\t\t<b>其他支出</b>\t<b>10.00</b>\t\t\t<b>10.00</b>\n"
                "229\t60\t\t<b>彩票公益金安排的支出</b>\t<b>10.00</b>\t\t\t<b>10.00</b>\n"
                "229\t60\t02\t用于社会福利的彩票公益金支出\t10.00\t\t\t10.00")


def fund_claims(tmp_path, said: str, fund: bool):
    """Seed 000 with `said` in its 基本支出 paragraph, its 表8 holding a project of 10.00 (fund)."""
    path = seed_with(tmp_path, SEED, [(BASIC, said)] + ([(FUND_EMPTY, FUND_PROJECT)] if fund else []))
    disc = parse(path)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if said in text)
    return disc, [c for c in disc.narrative.claims if c.provenance.line == line]


def n_amount(disc):
    return [f.message for f in check(disc).findings if f.rule == "N-AMOUNT" and f.severity == "error"]


@pytest.mark.parametrize("said", ["财政拨款安排的项目支出 44.00 万元。", "财政拨款项目支出 44.00 万元。",
                                  "本年财政拨款项目支出 44.00 万元。"])
def test_the_fiscal_project_spending_is_every_budget_types(tmp_path, said):
    """Before: 表5's 项目支出 (34.00) alone, a false error where 表8 prints a project (10.00)."""
    disc, [claim] = fund_claims(tmp_path, said, fund=True)
    assert claim.subject.coords.model_dump(exclude_none=True) == \
        {"table_kind": "fiscal_summary", "side": "expenditure", "phase": "本年预算", "nature": "project"}
    assert n_amount(disc) == []


def test_a_wrong_fiscal_project_spending_is_told_against_the_sum_of_the_types(tmp_path):
    disc, _ = fund_claims(tmp_path, "财政拨款安排的项目支出 40.00 万元。", fund=True)
    [message] = n_amount(disc)
    assert "表格为 44.00 万元" in message and "政府性基金预算" in message and "之和计" in message


@pytest.mark.parametrize("stated, errors", [("34.00", 0), ("40.00", 1)])
def test_with_its_fund_table_empty_the_fiscal_project_spending_is_table5s(tmp_path, stated, errors):
    """Near miss: 表8 and 表9 printed empty: the 财政拨款 project spending is 表5's 34.00."""
    disc, _ = fund_claims(tmp_path, f"财政拨款安排的项目支出 {stated} 万元。", fund=False)
    assert len(n_amount(disc)) == errors


@pytest.mark.parametrize("said", ["一般公共预算安排的项目支出 34.00 万元。", "项目支出 34.00 万元。"])
def test_the_general_budgets_project_spending_stays_table5s(tmp_path, said):
    """Near miss: 一般公共预算's, or no source named: 表5's, whatever 表8 prints."""
    disc, [claim] = fund_claims(tmp_path, said, fund=True)
    assert claim.subject.coords.table_kind == "gpb_expenditure"
    assert n_amount(disc) == []


def test_people_who_moved_are_a_count_still(tmp_path):
    """Near miss: "人员变动 12 人" counts people, no change of money."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，人员变动12人。")
    assert [(c.kind, c.subject.text) for c in claims] == [("amount", "基本支出"), ("count", "人员变动")]


# ---- a 决算's bare 支出决算 / 收入决算 ------------------------------------------------------------

SPENT = "2024年度本年支出合计846.28万元，其中"      # the 决算's 支出决算情况说明 (tests/finals.py)
EARNED = "2024年度本年收入合计850.00万元，其中"     # its 收入决算情况说明
ITEM = "年初预算为500.00万元，支出决算为520.36万元"   # an item's paragraph of its 表5 section


def final_disc(tmp_path, old: str, new: str):
    path = tmp_path / "final.txt"
    path.write_text(finals.final_accounts({old: new}), encoding="utf-8")
    disc = parse(path)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if new in text)
    return disc, [c for c in disc.narrative.claims if c.provenance.line == line]


def first_subject(claims):
    c = claims[0]
    return c.kind, c.value, c.subject.concept, c.subject.coords and c.subject.coords.model_dump(exclude_none=True)


@pytest.mark.parametrize("said", ["2024年度支出决算846.28万元，其中", "2024年度本部门支出决算846.28万元，其中",
                                  "2024年度支出决算数为846.28万元，其中", "2024年度支出决算总额846.28万元，其中"])
def test_a_finals_bare_spending_is_its_years_spending(tmp_path, said):
    """Before: "支出决算 846.28 万元" named nothing: no table figure compared."""
    disc, claims = final_disc(tmp_path, SPENT, said)
    assert first_subject(claims) == ("amount", Decimal("846.28"), "expenditure:current",
                                     {"table_kind": "summary", "side": "expenditure", "phase": "决算",
                                      "function_code": "current"})
    assert not errors_about(disc, "846.28")


@pytest.mark.parametrize("said", ["2024年度收入决算850.00万元，其中", "2024年度本部门收入决算850.00万元，其中"])
def test_a_finals_bare_income_is_its_years_income(tmp_path, said):
    disc, claims = final_disc(tmp_path, EARNED, said)
    assert first_subject(claims) == ("amount", Decimal("850.00"), "source:current_income",
                                     {"table_kind": "income", "phase": "决算", "source": "current_income"})
    assert not errors_about(disc, "850.00")


def test_a_wrong_bare_spending_is_found(tmp_path):
    disc, _ = final_disc(tmp_path, SPENT, "2024年度支出决算840.00万元，其中")
    assert "N-AMOUNT" in [f.rule for f in check(disc).findings if f.severity == "error" and "840.00" in f.message]


def test_an_items_actual_stays_the_items(tmp_path):
    """Near miss: "年初预算为 A 万元，支出决算为 B 万元" after an item (行政运行) is that item's."""
    _, claims = final_disc(tmp_path, ITEM, ITEM + "。")
    assert [(c.value, c.subject.concept) for c in claims if c.kind == "amount"] == \
        [(Decimal("500.00"), "function:2010301"), (Decimal("520.36"), "function:2010301")]


# ---- a change of a share, in 个百分点 -------------------------------------------------------------

def shares_read(claims):
    return [(c.kind, c.value, c.unit, c.subject.concept, c.direction, c.implied_prior) for c in claims if c.unit != "万元"]


@pytest.mark.parametrize("moved, direction, prior", [
    ("比上年提高 2.10 个百分点", "increase", "85.67"),
    ("较上年下降 2.10 个百分点", "decrease", "89.87"),
    ("提高了 2.10 个百分点", "increase", "85.67"),
])
def test_points_after_a_share_are_its_change(tmp_path, moved, direction, prior):
    """Before: the points had no prior share (and a bare "提高 X 个百分点" was no change at all)."""
    _, claims = claims_of(tmp_path, f"基本支出 243.90 万元，占 87.77%，{moved}。")
    assert shares_read(claims) == [
        ("share", Decimal("87.77"), "%", "nature:basic", None, None),
        ("change", Decimal("2.10"), "个百分点", "nature:basic", direction, Decimal(prior))]


def test_a_share_from_last_years_to_this_years(tmp_path):
    """Before: "占比由上年的 85.67% 提高到 87.77%" made 85.67 this year's share (a false N-SHARE
    error against 表5) and 87.77 a percent of nothing."""
    disc, claims = claims_of(tmp_path, "基本支出占比由上年的 85.67% 提高到 87.77%，提高 2.10 个百分点。")
    assert shares_read(claims) == [
        ("prior", Decimal("85.67"), "%", "nature:basic", None, None),
        ("share", Decimal("87.77"), "%", "nature:basic", None, None),
        ("change", Decimal("2.10"), "个百分点", "nature:basic", "increase", Decimal("85.67"))]
    assert not errors_about(disc, "85.67") and not errors_about(disc, "87.77")


@pytest.mark.parametrize("said", ["基本支出占比由上年的 80.67% 提高到 87.77%，提高 2.10 个百分点。",
                                  "基本支出 243.90 万元，占 87.77%，上年为 80.67%，提高 2.10 个百分点。"])
def test_last_years_share_must_be_this_years_less_the_points(tmp_path, said):
    disc, _ = claims_of(tmp_path, said)
    assert [f.rule for f in check(disc).findings if "80.67" in f.message and f.severity == "error"] == \
        ["N-PRIOR-CONSISTENT"]


def test_a_rate_after_a_share_is_read_as_before(tmp_path):
    """Near miss: "比上年提高 2.10%" is the item's rate, no change of its share."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，占 87.77%，比上年提高 2.10%。")
    assert shares_read(claims)[1][:3] == ("rate", Decimal("2.10"), "%")


def test_money_from_last_years_to_this_years_is_read_as_before(tmp_path):
    """Near miss: "由上年的 X 万元减少到 Y 万元" as before."""
    _, claims = claims_of(tmp_path, "基本支出由上年的 250.00 万元减少到 243.90 万元。")
    assert [(c.kind, c.value, c.subject.concept) for c in claims] == [
        ("prior", Decimal("250.00"), "nature:basic"), ("amount", Decimal("243.90"), "nature:basic")]


# ---- counts after a use, and after a bound -----------------------------------------------------

@pytest.mark.parametrize("said", ["主要用于2辆公务用车的燃料费、维修费等。", "用于保障 2 辆公务用车的运行。"])
def test_cars_a_use_names_are_what_is_counted(tmp_path, said):
    """Before: "主要用于 2 辆公务用车" counted 2 of "主要用于" (no subject)."""
    _, claims = claims_of(tmp_path, "公务用车运行维护费 8.00 万元，" + said)
    assert [(c.kind, c.value, c.unit, c.subject.text, c.subject.concept) for c in claims if c.kind == "count"] == \
        [("count", Decimal(2), "辆", "公务用车", "asset:vehicle")]


def test_a_bound_is_a_threshold_and_the_count_after_it_counts_the_kind(tmp_path):
    """"单位价值 50 万元以上通用设备 0 台", "单价 100 万元以上的设备 1 台": 50 and 100 are bounds
    (thresholds, never compared with a table), 0 and 1 counts of the kind (before: "的设备")."""
    disc, claims = claims_of(tmp_path, "单位价值 50 万元以上通用设备 0 台，单价 100 万元以上的设备 1 台。")
    assert [(c.kind, c.value, c.unit) for c in claims] == [
        ("threshold", Decimal(50), "万元"), ("count", Decimal(0), "台"),
        ("threshold", Decimal(100), "万元"), ("count", Decimal(1), "台")]
    assert [c.subject.text for c in claims if c.kind == "count"] == ["通用设备", "设备"]
    assert [f.message for f in check(disc).findings if f.rule == "N-AMOUNT"] == []


def test_cars_bought_are_still_bought(tmp_path):
    """Near miss: "购置车辆 2 辆" stays the purchase (session 38), a use's words do not take it."""
    _, claims = claims_of(tmp_path, "公务用车购置费 38.00 万元，购置车辆2辆。")
    assert [(c.kind, c.subject.text) for c in claims if c.kind == "count"] == [("count", "购置车辆")]


# ---- P-DEPARTMENT-AMOUNT: each figure in its own table's unit -----------------------------------

S003 = Path(__file__).parent.parent / "budgetlens" / "examples" / "003_051c06d5053f29b3.txt"


def department_finding(tmp_path, summary_in_yuan: bool):
    """003 with its 部门整体绩效目标表 stating 400.00 万元 (the 收支总表: 417.37 万元), that table
    printed in 元 (4,173,700.00) where summary_in_yuan."""
    text = S003.read_text(encoding="utf-8").replace("本级安排 417.37", "本级安排 400.00")
    if summary_in_yuan:
        a = text.index("部门收支总体情况表\n\n编制部门")
        b = text.index("表 2", a)
        table = re.sub(r"\d+\.\d\d", lambda m: f"{Decimal(m.group(0)) * 10000:,.2f}",
                       text[a:b].replace("单位：万元", "单位：元"))
        text = text[:a] + table + text[b:]
    path = tmp_path / "003.txt"
    path.write_text(text, encoding="utf-8")
    [finding] = [f for f in check(parse(path)).findings if f.rule == "P-DEPARTMENT-AMOUNT"]
    return finding


def test_a_summary_in_yuan_is_stated_in_yuan(tmp_path):
    """Before: "收支总表收入总计为 417.37 万元" for a table that prints 4,173,700.00 元 (and a
    figure of 元 not a whole 万元 as 417.371234 万元)."""
    finding = department_finding(tmp_path, summary_in_yuan=True)
    assert "年度预算 400.00 万元" in finding.message
    assert "收支总表收入总计为 4,173,700.00 元" in finding.message
    assert "相差 -17.37 万元（两表金额单位不同，均折合为万元）" in finding.message


def test_tables_of_one_unit_are_stated_in_it(tmp_path):
    """Near miss: both in 万元, as before, the unit said once for each figure."""
    finding = department_finding(tmp_path, summary_in_yuan=False)
    assert "年度预算 400.00 万元" in finding.message and "收支总表收入总计为 417.37 万元，相差 -17.37 万元" in finding.message


# ---- a change after a "其中" part ---------------------------------------------------------------

def changes_read(claims):
    return [(c.kind, c.subject.text, c.implied_prior) for c in claims if c.kind in ("change", "rate")]


@pytest.mark.parametrize("said", [
    "支出预算 277.90 万元，其中基本支出 243.90 万元，总体比上年增加 20.00 万元。",
    "支出预算 277.90 万元，其中：基本支出 243.90 万元，项目支出 34.00 万元，总额比上年增加 20.00 万元。",
    "支出预算 277.90 万元，其中基本支出 243.90 万元，整体较上年增加 20.00 万元。",
])
def test_a_change_the_words_give_to_the_whole_is_the_wholes(tmp_path, said):
    """Before: "总体比上年增加 X" after a 其中 part was a change of "总体" (of nothing)."""
    _, claims = claims_of(tmp_path, said)
    assert changes_read(claims) == [("change", "支出预算", Decimal("257.90"))]


def test_a_change_right_after_a_part_stays_the_parts(tmp_path):
    """Near miss: as the seeds print it ("其中：基本支出 290.93 万元，占 75.70%，比上年预算增加
    116.11 万元"), a change right after the part's amount is the part's."""
    _, claims = claims_of(tmp_path, "支出预算 277.90 万元，其中基本支出 243.90 万元，比上年增加 20.00 万元，增长 8.94%。")
    assert changes_read(claims) == [("change", "基本支出", Decimal("223.90")), ("rate", "基本支出", None)]


def test_a_whole_word_without_parts_before_names_no_first_item(tmp_path):
    """Near miss: no 其中: "总体" is not the first item of a list of peers."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，项目支出 34.00 万元，总体比上年增加 20.00 万元。")
    assert [c.subject.text for c in claims if c.kind == "change"] != ["基本支出"]
