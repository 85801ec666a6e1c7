"""Narrative wordings probed in session 39 (second round).

- "支出预算 X 万元", "支出总计 X 万元", "部门预算支出总额 X 万元": the 收支总表's 支出总计 (before: its
  收入总计, the other side: the same figure only while the table balances).
"""

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from test_narrative_brackets import claims_of
from test_narrative_flat import BASIC
from test_robustness import seed_with

from budgetlens.checks import check
from budgetlens.pipeline import parse

sys.path.insert(0, str(Path(__file__).parent))

SEED = "000_9131eab83374bb33"


def coords_of(claim):
    return claim.subject.coords.model_dump(exclude_none=True, exclude={"phase"})


# ---- the spending side's total -----------------------------------------------------------------

SPENDING_TOTAL = {"table_kind": "summary", "side": "expenditure", "function_code": "total"}
INCOME_TOTAL = {"table_kind": "summary", "side": "income", "source": "total"}


@pytest.mark.parametrize("said", ["支出预算 277.90 万元。", "本部门预算支出总额 277.90 万元。", "支出总计 277.90 万元。",
                                  "2026 年支出总额 277.90 万元。"])
def test_the_spending_total_is_the_spending_sides(tmp_path, said):
    """Before: the 收支总表's 收入总计 (the income side)."""
    _, [claim] = claims_of(tmp_path, said)
    assert coords_of(claim) == SPENDING_TOTAL


@pytest.mark.parametrize("said", ["收入预算 277.90 万元。", "收支总预算 277.90 万元。", "收入总计 277.90 万元。"])
def test_the_income_or_both_totals_stay_the_income_sides(tmp_path, said):
    """Near miss: 收入 (or 收支) named: the 收入总计, as before."""
    _, [claim] = claims_of(tmp_path, said)
    assert coords_of(claim) == INCOME_TOTAL


def misprinted_income_total(tmp_path, said: str):
    """Seed 000 whose 收支总表 prints 收入总计 280.00 (its 支出总计 277.90), `said` in its text."""
    text = (Path(__file__).parent.parent / "budgetlens" / "examples" / f"{SEED}.txt").read_text(encoding="utf-8")
    row = "<b>收入总计</b>\t<b>277.90</b>\t<b>支出总计</b>\t<b>277.90</b>\n"
    text = text.replace(row, row.replace("277.90", "280.00", 1), 1).replace(BASIC, said)
    path = tmp_path / f"{SEED}.txt"
    path.write_text(text, encoding="utf-8")
    return check(parse(path)).findings


@pytest.mark.parametrize("named, wrong", [("支出预算", False), ("收入预算", True)])
def test_the_spending_total_is_checked_against_the_spending_side(tmp_path, named, wrong):
    """The table's sides disagree (280.00 | 277.90): the spending is checked against 支出总计 (before:
    against 收入总计, a false error); the income, as before, against 收入总计."""
    findings = misprinted_income_total(tmp_path, f"{named} 277.90 万元。")
    assert any(f.rule == "N-AMOUNT" and f.severity == "error" and f"“{named}”277.90万元" in f.message
               for f in findings) == wrong


# ---- a change after parts joined by 、 -----------------------------------------------------------

JOINED = "支出预算 277.90 万元，其中基本支出 243.90 万元、项目支出 34.00 万元，比上年增加 20.00 万元"


def change_read(claims):
    return [(c.kind, c.subject.text, c.subject.concept, c.implied_prior) for c in claims if c.kind in ("change", "rate")]


def test_a_change_after_joined_parts_no_rate_deciding_is_no_items(tmp_path):
    """Before: 项目支出's (last year 14.00), though the whole's may be meant: now no item's, said."""
    disc, claims = claims_of(tmp_path, JOINED + "。")
    assert change_read(claims) == [("change", "", None, None)]
    [issue] = [i for i in disc.issues if i.code == "narrative-change-unattached"]
    assert issue.level == "info" and "“项目支出”或“支出预算”" in issue.message
    assert issue.provenance.line == claims[0].provenance.line


@pytest.mark.parametrize("rate, subject, prior", [("7.76", "支出预算", "257.90"), ("142.86", "项目支出", "14.00")])
def test_the_rate_after_it_decides_whose_change(tmp_path, rate, subject, prior):
    """20.00 / 257.90 = 7.76%: the whole's; 20.00 / 14.00 = 142.86%: the last part's."""
    disc, claims = claims_of(tmp_path, f"{JOINED}，增长 {rate}%。")
    assert change_read(claims) == [("change", subject, claims[0 if subject == "支出预算" else 2].subject.concept,
                                    Decimal(prior)), ("rate", subject, claims[-1].subject.concept, None)]
    assert not [i for i in disc.issues if i.code == "narrative-change-unattached"]


def test_a_rate_fitting_neither_leaves_it_unattached(tmp_path):
    _, claims = claims_of(tmp_path, f"{JOINED}，增长 50.00%。")
    assert [c.subject.concept for c in claims if c.kind in ("change", "rate")] == [None, None]


@pytest.mark.parametrize("said", [
    "支出预算 277.90 万元，其中基本支出 243.90 万元，项目支出 34.00 万元，比上年增加 20.00 万元。",
    "支出预算 277.90 万元，其中基本支出 243.90 万元、项目支出 34.00 万元，占 12.23%，比上年增加 20.00 万元。",
])
def test_a_change_right_after_a_part_of_its_own_stays_the_parts(tmp_path, said):
    """Near miss: parts set apart by commas (as the seeds print them), or the last part's share
    between: the last part's change, as before."""
    disc, claims = claims_of(tmp_path, said)
    assert change_read(claims) == [("change", "项目支出", "nature:project", Decimal("14.00"))]
    assert not [i for i in disc.issues if i.code == "narrative-change-unattached"]


def test_joined_parts_each_with_its_change_are_read_as_before(tmp_path):
    """Near miss: "分别比上年增加 X、Y": each part's."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元、项目支出 34.00 万元，分别比上年增加 20.00 万元、10.00 万元。")
    assert [(c.subject.text, c.implied_prior) for c in claims if c.kind == "change"] == \
        [("基本支出", Decimal("223.90")), ("项目支出", Decimal("24.00"))]


# ---- 人员经费, 公用经费 and 项目支出 as shares of the whole ------------------------------------------

def uses_said(personnel_share: str) -> str:
    """Seed 000's uses as shares of its spending: 235.38 + 8.52 + 34.00 = 277.90 (84.70 + 3.07 + 12.23)."""
    return (f"2026年支出预算 277.90 万元，其中：人员经费 235.38 万元，占 {personnel_share}%；"
            "公用经费 8.52 万元，占 3.07%；项目支出 34.00 万元，占 12.23%。")


def share_errors(disc):
    return sorted(f.rule for f in check(disc).findings if f.rule in ("N-SHARE", "N-STRUCTURE-100")
                  and f.severity == "error" and "一般公共服务支出" not in f.message)


def test_the_uses_shares_are_of_the_whole_named_before(tmp_path):
    """Before: 人员经费's and 公用经费's shares were 表6's (of 基本支出), 项目支出's 表5's: no sum saw
    them together, no base was the 277.90 they are of."""
    disc, claims = claims_of(tmp_path, uses_said("84.70"))
    assert [(c.subject.text, c.whole and c.whole.text) for c in claims if c.kind == "share"] == \
        [("人员经费", "支出预算"), ("公用经费", "支出预算"), ("项目支出", "支出预算")]
    assert share_errors(disc) == []


def test_a_wrong_share_of_the_whole_is_found_by_its_base_and_by_the_sum(tmp_path):
    """80.70 + 3.07 + 12.23 = 96.00; 235.38 / 277.90 = 84.70% (before: nothing said)."""
    disc, _ = claims_of(tmp_path, uses_said("80.70"))
    assert share_errors(disc) == ["N-SHARE", "N-STRUCTURE-100"]


@pytest.mark.parametrize("said", [
    "基本支出 243.90 万元，其中：人员经费 235.38 万元，占 96.51%；公用经费 8.52 万元，占 3.49%。",
    ("支出预算 277.90 万元，其中：基本支出 243.90 万元，占 87.77%，其中人员经费 235.38 万元，占 96.51%；"
     "公用经费 8.52 万元，占 3.49%；项目支出 34.00 万元，占 12.23%。"),
    "支出预算 277.90 万元，其中：基本支出 243.90 万元，占 87.77%；项目支出 34.00 万元，占 12.23%。",
])
def test_shares_of_basic_spending_or_of_no_parts_of_it_are_read_as_before(tmp_path, said):
    """Near miss: 人员经费 and 公用经费 after 基本支出 are its parts; 基本支出 and 项目支出 alone keep
    their tables' totals as bases: no whole given."""
    _, claims = claims_of(tmp_path, said)
    assert [c.whole for c in claims if c.kind == "share"] == [None] * sum(c.kind == "share" for c in claims)


# ---- a share's change in 个百分点 against last year's document ---------------------------------

def prior_share_findings(tmp_path, said: str):
    """Seed 000 with `said`, checked with last year's document: seed 000 itself a year back,
    whose 基本支出 is 243.90 of 277.90 (87.77%)."""
    disc, _ = claims_of(tmp_path, said)
    prior = parse(Path(__file__).parent.parent / "budgetlens" / "examples" / f"{SEED}.txt")
    prior.meta.year -= 1
    return [f for f in check(disc, prior=prior).findings if f.rule == "Y-PRIOR-FIGURE" and "占比" in f.message]


def test_last_years_share_is_checked_against_last_years_tables(tmp_path):
    """87.77 + 2.10 = 89.87% last year, its tables say 87.77% (before: not checked: the points
    were compared with a last-year share printed in the text only)."""
    [f] = prior_share_findings(tmp_path, "基本支出 243.90 万元，占 87.77%，比上年下降 2.10 个百分点。")
    assert (f.severity, f.found, f.expected) == ("error", "89.87", "87.77")
    assert "“基本支出”占比按本年说明推算上年为 89.87%，按上年公开文件计算为 87.77%" in f.message


@pytest.mark.parametrize("said", ["基本支出 243.90 万元，占 89.87%，比上年提高 2.10 个百分点。",
                                  "基本支出 243.90 万元，占 87.77%，比上年提高 0.01 个百分点。"])
def test_last_years_share_as_its_tables_give_it_is_silent(tmp_path, said):
    """Near miss: 89.87 − 2.10 = 87.77%; 87.77 − 0.01 = 87.76%, 243.90 / 277.90 = 87.765…%: within
    the rounding of the two percentages."""
    assert prior_share_findings(tmp_path, said) == []


# ---- what a count and a bound name -------------------------------------------------------------

@pytest.mark.parametrize("said", ["主要用于公务用车 2 辆的运行维护。", "用于保障 2 辆公务用车运行。",
                                  "用于保障公务用车 2 辆运行。"])
def test_cars_a_use_names_are_counted_without_the_use(tmp_path, said):
    """Before: "主要用于公务用车", "公务用车运行" (the use or the work named with the cars)."""
    _, claims = claims_of(tmp_path, said)
    assert [(c.kind, c.value, c.subject.text, c.subject.concept) for c in claims] == \
        [("count", Decimal(2), "公务用车", "asset:vehicle")]


@pytest.mark.parametrize("said, kind", [("单位价值 50 万元以上通用设备 0 台。", "通用设备"),
                                        ("单价 100 万元以上的设备 1 台。", "设备"),
                                        ("价值 50 万元以上的专用设备 2 台。", "专用设备")])
def test_a_bounds_subject_is_the_kind_bounded(tmp_path, said, kind):
    """Before: "价值通用设备", "单价的设备" (the measure bounded run into the kind)."""
    _, claims = claims_of(tmp_path, said)
    assert [(c.kind, c.subject.text) for c in claims] == [("threshold", kind), ("count", kind)]


@pytest.mark.parametrize("said, counted", [("购置车辆2辆。", "购置车辆"), ("机要通信用车 2 辆。", "机要通信用车"),
                                           ("共有3个项目实行绩效目标管理。", "项目")])
def test_counts_named_otherwise_are_read_as_before(tmp_path, said, counted):
    """Near miss: no use before the count: its words as before."""
    _, claims = claims_of(tmp_path, said)
    assert [c.subject.text for c in claims if c.kind == "count"] == [counted]


# ---- a project's own sources -------------------------------------------------------------------

GOAL = "该项目总投资 13 万元，其中：财政资金 13 万元，其他资金 0 万元"     # seed 000's 项目总体目标


def line_claims(tmp_path, old: str, new: str):
    path = seed_with(tmp_path, SEED, [(old, new)])
    disc = parse(path)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if new in text)
    return [c for c in disc.narrative.claims if c.provenance.line == line]


def test_a_projects_other_funds_are_no_units_income(tmp_path):
    """Before: "其他资金 5 万元" after the project's 总投资 was the 收支总表's 单位资金 (a total of
    the unit's, not the project's part)."""
    claims = line_claims(tmp_path, GOAL, "该项目总投资 13 万元，其中：财政资金 8 万元，其他资金 5 万元")
    assert [(c.subject.text, c.subject.coords) for c in claims if c.subject.text == "其他资金"] == [("其他资金", None)]


def test_the_units_sources_after_its_income_stay_the_summarys(tmp_path):
    """Near miss: a source after the unit's income ("收入预算 X 万元，其中：…一般公共预算 Y 万元"): 表1's."""
    old = "一般公共预算 277.90 万元,占 100.00%"
    claims = line_claims(tmp_path, old, "单位资金 0.00 万元，" + old)
    assert [c.subject.coords.model_dump(exclude_none=True, exclude={"phase"}) for c in claims
            if c.kind == "amount"] == [{"table_kind": "summary", "side": "income", "source": "unit_funds"},
                                       {"table_kind": "summary", "side": "income", "source": "gpb"}]


# ---- a 三公 item in the list of 公用经费 ------------------------------------------------------------

def amount_errors_about(disc, subject: str):
    return [f.message for f in check(disc).findings if f.rule == "N-AMOUNT" and f"“{subject}”" in f.message]


def test_a_reception_cost_in_the_public_costs_list_is_table6s_line(tmp_path):
    """Before: "公用经费…主要包括：…公务接待费 1.00 万元" was the 三公 table's 公务接待费 (which adds
    what projects spend on receptions): checked there by N-AMOUNT, beside N-ITEM-LIST's check
    against 表6's line. Now the list's line only."""
    disc, claims = claims_of(tmp_path, "公用经费 8.52 万元，主要包括：办公费 5.00 万元、公务接待费 1.00 万元。")
    assert [(c.subject.text, c.subject.coords) for c in claims if c.subject.text == "公务接待费"] == [("公务接待费", None)]
    assert amount_errors_about(disc, "公务接待费") == []


def test_a_reception_cost_on_its_own_is_the_three_public_tables(tmp_path):
    """Near miss: named on its own, the 三公 table's, checked there as before."""
    disc, [claim] = claims_of(tmp_path, "公务接待费 1.00 万元。")
    assert claim.subject.coords.table_kind == "three_public"
    assert len(amount_errors_about(disc, "公务接待费")) == 1


# ---- a project's allocation -------------------------------------------------------------------

ALLOCATION = "资金分配情况：州县市门户网站网管费12万元"     # seed 000's first project


def test_a_projects_allocation_names_no_tables_total(tmp_path):
    """Before: a project's "公务用车运行维护费 12 万元" (a part of its 资金分配情况) was the 三公
    table's 公务用车运行费: a part of one project read as the unit's total."""
    claims = line_claims(tmp_path, ALLOCATION, "资金分配情况：公务用车运行维护费12万元")
    assert [(c.subject.concept, c.subject.coords) for c in claims if c.value == 12] == \
        [("three_public:vehicle_operation", None)]


def test_the_same_words_outside_a_project_name_the_three_public_table(tmp_path):
    """Near miss: the 三公 section's own wording keeps the table's coordinates."""
    _, [claim] = claims_of(tmp_path, "公务用车运行维护费 12.00 万元。")
    assert claim.subject.coords.table_kind == "three_public"


# ---- the spending total of a 收支总表 split by use ----------------------------------------------

CZJ = Path(__file__).resolve().parent.parent.parent / "shared" / "real" / "sh-city-czj-2025-unit-budget.pdf"


@pytest.mark.skipif(not CZJ.is_file(), reason="../shared/real is absent")
def test_a_spending_total_split_by_use_is_its_total_columns():
    """Shanghai's 收支总表 prints its spending side as 合计 | 人员经费 | 公用经费 | 项目支出: "支出预算
    17,192 万元" is checked against the 合计 (171,915,169 元), not left unchecked among four cells."""
    [finding] = [f for f in check(parse(CZJ)).findings
                 if f.rule == "N-AMOUNT" and "“支出预算”17,192万元" in f.message]
    assert "表格为 17191.5169 万元" in finding.message and finding.severity == "info"


def test_a_projects_funds_named_by_the_project_are_its_own(tmp_path):
    """Seed 002's 项目总体目标 "江西援疆项目资金30万元，其中：援疆30万元，其他资金0万元": before, its
    其他资金 was the 收支总表's 单位资金 (the unit's 30.00)."""
    path = seed_with(tmp_path, "002_4e0ed6e09b019fe1", [("其中：援疆 30 万元，其他资金 0 万元", "其中：援疆 25 万元，其他资金 5 万元")])
    disc = parse(path)
    assert [(c.value, c.subject.coords) for c in disc.narrative.claims if c.subject.text == "其他资金"
            and c.value == 5] == [(Decimal(5), None)]


def test_a_source_after_a_whole_naming_no_project_keeps_its_table(tmp_path):
    """Near miss: a source after a whole that names no project (in the 收入 section): 表1's, as before."""
    old = "一般公共预算 277.90 万元,占 100.00%"
    claims = line_claims(tmp_path, old, "本部门资金 277.90 万元，其中：" + old)
    assert [c.subject.coords.model_dump(exclude_none=True, exclude={"phase"}) for c in claims
            if c.kind == "amount" and c.subject.concept == "source:gpb"] == \
        [{"table_kind": "summary", "side": "income", "source": "gpb"}]


# ---- a change of a figure stated in a paragraph before -----------------------------------------

def test_a_change_of_a_figure_stated_before_in_its_section_implies_last_year():
    """Seed 002's 三公 section: "…“三公”经费数为83.00万元，其中：…公务接待费5.00万元。" then, in a
    paragraph of its own, "“三公”经费预算比上年预算减少30.00万元…公务接待费减少30.00万元": last
    year 113.00 and 35.00 (before: no last-year figure, so none compared with last year's)."""
    disc = parse(Path(__file__).parent.parent / "budgetlens" / "examples" / "002_4e0ed6e09b019fe1.txt")
    changes = {c.subject.concept: c.implied_prior for c in disc.narrative.claims
               if c.kind == "change" and (c.subject.concept or "").startswith("three_public:") and c.value}
    assert changes == {"three_public:total": Decimal("113.00"), "three_public:reception": Decimal("35.00")}


def test_figures_of_a_sentence_before_in_the_paragraph_imply_last_year(tmp_path):
    _, claims = claims_of(tmp_path, "公务接待费 1.00 万元；因公出国（境）费 0.00 万元；公务接待费比上年减少 0.50 万元。")
    assert [c.implied_prior for c in claims if c.kind == "change"] == [Decimal("1.50")]


def test_two_figures_stated_before_leave_last_year_unsaid(tmp_path):
    """Near miss: two amounts of the item before (1.00 and 2.00): which one changed is unsaid."""
    _, claims = claims_of(tmp_path, "公务接待费 1.00 万元；公务接待费 2.00 万元；因公出国（境）费 0.00 万元；"
                                    "公务接待费比上年减少 0.50 万元。")
    assert [c.implied_prior for c in claims if c.kind == "change"] == [None]
