"""Narrative wordings probed in session 38.

- A change said verb first ("主要原因是减少人员经费 X 万元") had the basis 上年 whatever the
  sentence compared with, the same change said item first ("人员经费减少 X 万元") the comparison
  stated before it (上年预算, 上年执行数, 年初预算): both now take the comparison stated before.
"""

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from test_narrative_brackets import claims_of
from test_robustness import seed_with

from budgetlens.checks import check
from budgetlens.pipeline import parse

sys.path.insert(0, str(Path(__file__).parent))
import finals
from test_narrative_probe37 import REASON, final_claims, of_value


@pytest.mark.parametrize("compared, basis", [
    ("比上年预算减少 136.57 万元", "上年预算"),
    ("比上年执行数减少 136.57 万元", "上年执行数"),
    ("较2025年预算数减少 136.57 万元", "上年预算"),
    ("同比减少 136.57 万元", "上年"),
])
@pytest.mark.parametrize("reason", ["减少人员经费 20.00 万元", "人员经费减少 20.00 万元"])
def test_a_reasons_change_takes_the_comparison_before_in_either_order(tmp_path, compared, basis, reason):
    """Before: "减少人员经费 X" had 上年 whatever was compared, "人员经费减少 X" the comparison's."""
    _, claims = claims_of(tmp_path, f"基本支出 243.90 万元，{compared}，主要原因是{reason}。")
    [(kind, subject, concept, coords, said)] = of_value(claims, "20.00")
    assert (kind, subject, concept, coords.table_kind, said) == \
        ("change", "人员经费", "basic:personnel", "basic_expenditure", basis)


@pytest.mark.parametrize("reason", ["增加人员经费20.36万元", "人员经费增加20.36万元"])
def test_a_reasons_change_in_a_final_is_still_on_the_budget_compared(tmp_path, reason):
    """Near miss: a 决算's variance from its budget, in either order, as before."""
    claims = final_claims(tmp_path, REASON, f"决算数大于年初预算数的主要原因是{reason}")
    assert of_value(claims, "20.36") == [("change", "人员经费", "basic:personnel", None, "年初预算")]


def test_a_reasons_change_with_no_comparison_is_on_last_year(tmp_path):
    """Near miss: no comparison stated before it: last year, the default, in either order."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，主要是减少人员经费 20.00 万元，公用经费减少 5.00 万元。")
    assert [(c.subject.concept, c.basis) for c in claims if c.kind == "change"] == \
        [("basic:personnel", "上年"), ("basic:public", "上年")]


def amounts_of(claims):
    return [(c.subject.text, c.subject.concept, c.subject.coords and c.subject.coords.model_dump(exclude_none=True))
            for c in claims if c.kind == "amount"]


@pytest.mark.parametrize("said, subject, concept, coords", [
    ("单位资金安排的项目支出 12.00 万元。", "单位资金项目支出", "nature:project/unit_funds",
     {"table_kind": "project_expenditure", "source": "unit_funds", "phase": "本年预算"}),
    ("其他资金安排的项目支出 12.00 万元。", "其他资金项目支出", "nature:project/unit_funds",
     {"table_kind": "project_expenditure", "source": "unit_funds", "phase": "本年预算"}),
    ("财政专户管理资金安排的项目支出 12.00 万元。", "财政专户项目支出", "nature:project/special_account",
     {"table_kind": "project_expenditure", "source": "special_account", "phase": "本年预算"}),
    ("政府性基金预算安排的项目支出 12.00 万元。", "政府性基金项目支出", "nature:project",
     {"table_kind": "gov_fund_expenditure", "nature": "project", "phase": "本年预算"}),
    ("事业收入安排的基本支出 12.00 万元。", "事业收入安排的基本支出", "nature:basic/business_income", None),
    ("单位资金安排的人员经费 12.00 万元。", "单位资金人员经费", "basic:personnel/unit_funds", None),
])
def test_spending_of_one_source_is_that_sources(tmp_path, said, subject, concept, coords):
    """Before: "单位资金安排的项目支出" was 表5's whole 项目支出 (the source dropped with the words
    before 安排的). Now the source's column of the national 项目支出表, its budget type's own
    table, or no cell where no table prints that split."""
    _, claims = claims_of(tmp_path, said)
    assert amounts_of(claims) == [(subject, concept, coords)]


@pytest.mark.parametrize("said, subject", [
    ("项目支出 34.00 万元。", "项目支出"),
    ("一般公共预算安排的项目支出 34.00 万元。", "一般公共预算项目支出"),
])
def test_the_years_project_spending_and_the_fiscal_ones_are_read_as_before(tmp_path, said, subject):
    """Near miss: no source, or the 一般公共预算 money: 表5's 项目支出 as before (the 财政拨款's,
    of every budget type: test_narrative_probe39)."""
    _, claims = claims_of(tmp_path, said)
    assert amounts_of(claims) == [(subject, "nature:project",
                                   {"table_kind": "gpb_expenditure", "nature": "project", "phase": "本年预算"})]


SEED = "000_9131eab83374bb33"
THREE_PUBLIC = "财政拨款“三公”经费数为 0.00 万元，"
PROCUREMENT = "2026 年，克孜勒苏柯尔克孜自治州电子政务服务中心政府采购预算 0.51 万元，"
ASSETS = "4. 其他资产价值60.33万元。"


def line_claims(tmp_path, old: str, new: str, said: str):
    """The claims on the line of `said`, in seed 000 with `new` printed for `old`."""
    path = seed_with(tmp_path, SEED, [(old, new)])
    disc = parse(path)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if said in text)
    return disc, [c for c in disc.narrative.claims if c.provenance.line == line]


def subjects_of(claims, *values: str):
    return [(c.kind, c.subject.text, c.subject.concept, c.subject.coords and c.subject.coords.item)
            for c in claims if c.value in {Decimal(v) for v in values}]


@pytest.mark.parametrize("bought", ["购置车辆", "购置公务用车", "车辆购置"])
def test_cars_bought_in_the_three_public_section_are_its_purchase(tmp_path, bought):
    """Before: "购置车辆 2 辆 38.00 万元" was the vehicles the unit holds (asset:vehicle), so the
    三公 table's 公务用车购置费 (0.00 here) was never compared with 38.00."""
    said = f"其中{bought}2辆38.00万元，"
    disc, claims = line_claims(tmp_path, THREE_PUBLIC, THREE_PUBLIC + said, said)
    assert subjects_of(claims, "2", "38.00") == [
        ("count", bought, "three_public:vehicle_purchase", "vehicle_purchase"),
        ("amount", bought, "three_public:vehicle_purchase", "vehicle_purchase")]
    errors = [f for f in check(disc).findings if f.severity == "error" and "38.00" in f.message]
    assert errors, "38.00 万元 of cars bought against a 公务用车购置费 of 0.00"


def test_cars_bought_outside_the_three_public_section_are_a_purchase(tmp_path):
    """Before: asset:vehicle. In 政府采购 (and among the assets, a plan) a purchase no table prints."""
    said = "2026年购置车辆2辆38.00万元。"
    _, claims = line_claims(tmp_path, PROCUREMENT, said + PROCUREMENT, said)
    assert subjects_of(claims, "2", "38.00") == [("count", "购置车辆", "purchase:vehicle", None),
                                                 ("amount", "购置车辆", "purchase:vehicle", None)]
    _, claims = line_claims(tmp_path, ASSETS, "4. 购置车辆2辆38.00万元。", "购置车辆2辆")
    assert subjects_of(claims, "2", "38.00") == [("count", "购置车辆", "purchase:vehicle", None),
                                                 ("amount", "购置车辆", "purchase:vehicle", None)]


def test_the_cars_held_and_the_three_public_fees_are_read_as_before(tmp_path):
    """Near miss: the vehicles held are assets; 公务用车购置费 and 购置及运行费 are 三公 items."""
    _, claims = line_claims(tmp_path, ASSETS, "4. 车辆2辆，价值38.00万元。", "4. 车辆2辆")
    assert subjects_of(claims, "2", "38.00") == [("count", "车辆", "asset:vehicle", None),
                                                 ("amount", "车辆价值", "asset:vehicle", None)]
    said = "公务用车购置费 38.00 万元，车辆购置及运行费 40.00 万元，"
    _, claims = line_claims(tmp_path, PROCUREMENT, said + PROCUREMENT, said)
    assert subjects_of(claims, "38.00", "40.00") == [
        ("amount", "公务用车购置费", "three_public:vehicle_purchase", "vehicle_purchase"),
        ("amount", "车辆购置及运行费", "three_public:vehicle", "vehicle")]


def errors_quoting(disc, figure: str):
    return [f for f in check(disc).findings if f.severity == "error" and figure in f.message]


@pytest.mark.parametrize("side, figure, concept, coords", [
    ("收入合计", "850.00", "source:current_income", {"table_kind": "income", "source": "current_income"}),
    ("支出合计", "846.28", "expenditure:current",
     {"table_kind": "summary", "side": "expenditure", "function_code": "current"}),
])
def test_a_finals_bare_side_total_is_its_years_total(tmp_path, side, figure, concept, coords):
    """Before: "收入合计 850.00 万元" had the subject "收入" (its 合计 cut as a verb), no cell.
    Now the 本年收入合计 (本年支出合计) of the 决算's tables, the actual's phase."""
    path = tmp_path / "final.txt"
    path.write_text(finals.final_accounts({f"年度本年{side}": f"年度{side}"}), encoding="utf-8")
    disc = parse(path)
    [claim] = [c for c in disc.narrative.claims if c.kind == "amount" and c.value == Decimal(figure)
               and c.sentence.startswith(f"{finals.YEAR}年度{side}")]
    assert (claim.subject.text, claim.subject.concept) == (side, concept)
    assert claim.subject.coords.model_dump(exclude_none=True) == {**coords, "phase": "决算"}
    assert errors_quoting(disc, figure) == []


def test_a_finals_bare_side_total_printed_wrong_is_an_error(tmp_path):
    """Before: only its parts (其中 …) told 860.00 was wrong; now the table does too."""
    path = tmp_path / "final.txt"
    path.write_text(finals.final_accounts({"年度本年收入合计850.00万元": "年度收入合计860.00万元"}), encoding="utf-8")
    assert [f.rule for f in check(parse(path)).findings if f.rule == "N-AMOUNT" and "860.00" in f.message] == ["N-AMOUNT"]


def test_a_budgets_bare_side_total_names_no_cell(tmp_path):
    """Near miss: a budget's 收入合计 may be 表1's 本年收入合计 or 收入总表's 合计 (with the
    money carried over): no cell, as before; 收入总计 and 本年收入合计 are read as before."""
    said = "收入合计 277.90 万元，本年收入合计 277.90 万元，收入总计 277.90 万元。"
    _, claims = line_claims(tmp_path, "收支总预算 277.90 万元。", "收支总预算 277.90 万元。" + said, said)
    assert [(c.subject.text, c.subject.concept) for c in claims][-3:] == \
        [("收入合计", None), ("本年收入", "source:current_income"), ("收入总计", "total")]


@pytest.mark.parametrize("said, side, figure, concept", [
    ("年度收入决算合计", "收入决算合计", "850.00", "source:current_income"),
    ("年度支出决算合计", "支出决算合计", "846.28", "expenditure:current"),
])
def test_a_finals_side_total_with_its_phase_is_its_years_total(tmp_path, said, side, figure, concept):
    """Before: "收入决算合计 850.00 万元" had the subject 收入决算 (no cell), "支出决算合计" was
    taken for a phase word of an item never found."""
    old = f"年度本年{side[:2]}合计"
    path = tmp_path / "final.txt"
    path.write_text(finals.final_accounts({old: said}), encoding="utf-8")
    disc = parse(path)
    [claim] = [c for c in disc.narrative.claims if c.kind == "amount" and c.value == Decimal(figure)
               and said in c.sentence]
    assert (claim.subject.text, claim.subject.concept, claim.subject.coords.phase) == (side, concept, "决算")
    assert errors_quoting(disc, figure) == []


def test_an_items_phases_are_still_read_as_its(tmp_path):
    """Near miss: "…（项）。年初预算为 A 万元，支出决算为 B 万元" are still the item's figures."""
    path = tmp_path / "final.txt"
    path.write_text(finals.final_accounts(), encoding="utf-8")
    disc = parse(path)
    # (行政运行: 520.36 万元 spent, finals.FUNCTIONS)
    [claim] = [c for c in disc.narrative.claims if c.kind == "amount" and c.value == Decimal("520.36")
               and "支出决算为" in c.sentence]
    assert (claim.subject.concept, claim.subject.coords.phase) == ("function:2010301", "决算")


@pytest.mark.parametrize("reason, subject, concept", [
    ("三是项目支出减少 59.40 万元", "项目支出", "nature:project"),
    ("二是人员经费减少 20.00 万元", "人员经费", "basic:personnel"),
    ("一是：公用经费减少 6.57 万元", "公用经费", "basic:public"),
])
def test_a_reason_numbered_yi_shi_er_shi_names_its_item(tmp_path, reason, subject, concept):
    """Before: the list's mark stayed in the subject ("三是项目支出")."""
    _, claims = claims_of(tmp_path, f"基本支出 243.90 万元，比上年预算减少 136.57 万元，主要原因：一是人员减少；{reason}。")
    assert [(c.subject.text, c.subject.concept) for c in claims if c.kind == "change"][-1] == (subject, concept)


def test_a_name_that_starts_with_a_numeral_keeps_it(tmp_path):
    """Near miss: a numeral that is no list mark ("一般公共预算") stays."""
    _, claims = claims_of(tmp_path, "一般公共预算拨款 277.90 万元。")
    assert [c.subject.text for c in claims] == ["一般公共预算拨款"]


@pytest.mark.parametrize("rate", ["减幅达41.36%", "降幅达到41.36%", "下降幅度为41.36%"])
def test_a_rate_said_with_da_is_the_items_rate(tmp_path, rate):
    """Before: "减幅达 41.36%" was a bare percent of the subject 减幅 (its rate unchecked)."""
    _, claims = claims_of(tmp_path, f"基本支出 243.90 万元，比上年预算减少 136.57 万元，{rate}。")
    assert [(c.kind, c.direction, c.subject.text) for c in claims if c.unit == "%"] == \
        [("rate", "decrease", "基本支出")]


def test_a_rate_said_with_da_printed_wrong_is_found(tmp_path):
    disc, _ = claims_of(tmp_path, "基本支出 243.90 万元，比上年预算减少 136.57 万元，减幅达45.00%。")
    assert [f.rule for f in check(disc).findings if f.severity == "error" and "45.00%" in f.message]


def test_a_level_reached_is_no_rate(tmp_path):
    """Near miss: "下降到 X%" says where a share fell to, not by how much."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，比上年预算减少 136.57 万元，占比下降到87.77%。")
    assert [c.kind for c in claims if c.unit == "%"] != ["rate"]


@pytest.mark.parametrize("said, subject", [
    ("本部门2026年部门预算支出277.90万元，与上年相比减少195.97万元。", "部门预算支出"),
    ("2026年单位预算总额277.90万元，与上年相比减少195.97万元。", "单位预算总额"),
    ("本年部门预算277.90万元，与上年相比减少195.97万元。", "本年部门预算"),
])
def test_the_units_budget_as_a_whole_is_the_total(tmp_path, said, subject):
    """Before: "部门预算支出" lost its 部门 as the unit's own word and was 预算支出 (no cell)."""
    _, claims = claims_of(tmp_path, said)
    assert [(c.kind, c.subject.text, c.subject.concept) for c in claims] == \
        [("amount", subject, "total"), ("change", subject, "total")]
    # (the spending's words name the 收支总表's 支出总计, the others its 收入总计: session 39)
    side = {"side": "expenditure", "function_code": "total"} if "支出" in subject else {"side": "income", "source": "total"}
    assert claims[0].subject.coords.model_dump(exclude_none=True) == \
        {"table_kind": "summary", **side, "phase": "本年预算"}


def test_spending_named_by_its_phase_alone_is_no_total(tmp_path):
    """Near miss: "预算支出" without the unit's word names no whole; "部门收入预算" as before."""
    _, claims = claims_of(tmp_path, "2026年预算支出277.90万元，部门收入预算277.90万元。")
    assert [(c.subject.text, c.subject.concept) for c in claims] == [("预算支出", None), ("收入预算", "total")]


INCOME_LINE = "上级一般公共预算安排的转移支付资金未安排。"


@pytest.mark.parametrize("said, subject, basis", [
    ("本部门2026年收入预算与上年持平，均为277.90万元。", "收入预算", "上年"),
    ("一般公共预算拨款与上年预算持平，仍为277.90万元。", "一般公共预算拨款", "上年预算"),
    ("一般公共预算拨款比2025年持平，为277.90万元。", "一般公共预算拨款", "上年"),
])
def test_flat_before_the_figure_it_speaks_of(tmp_path, said, subject, basis):
    """Before: "…与上年持平，均为 X 万元" stated no change (the 持平 came before its figure), and
    "仍为 X" had the subject 仍."""
    _, claims = line_claims(tmp_path, INCOME_LINE, INCOME_LINE + said, said)
    assert [(c.kind, c.subject.text, c.value, c.basis, c.implied_prior) for c in claims] == [
        ("amount", subject, Decimal("277.90"), None, None),
        ("change", subject, Decimal(0), basis, Decimal("277.90"))]


def test_flat_with_another_figure_after_its_reason_states_nothing_of_it(tmp_path):
    """Near miss: a figure after the reason is no figure of the 持平."""
    said = "一般公共预算拨款与上年持平，主要原因是人员未变，项目支出34.00万元。"
    _, claims = line_claims(tmp_path, INCOME_LINE, INCOME_LINE + said, said)
    assert [c.kind for c in claims] == ["amount"]


@pytest.mark.parametrize("reasons", [
    "主要原因是：一是新增编制2人，增加人员经费15.00万元；二是调整工资标准，增加人员经费5.00万元。",
    "主要原因是新增编制2人增加人员经费15.00万元，调整工资标准增加人员经费5.00万元。",
    "。主要原因是：一是新增编制2人，人员经费增加15.00万元；二是调整工资标准，人员经费增加5.00万元。",
])
def test_the_parts_of_an_items_change_after_its_reason_are_no_change_of_the_whole(tmp_path, reasons):
    """Before: each part (15.00, 5.00) was read as the whole change of 人员经费, measured from
    its amount: last year's 人员经费 implied 320.50 and 330.50 beside the 315.50 the change
    20.00 implies, and N-PRIOR-CONSISTENT cried wolf twice."""
    said = "人员经费 335.50 万元，较上年预算增加 20.00 万元" + ("" if reasons.startswith("。") else "，") + reasons
    disc, claims = claims_of(tmp_path, said)
    changes = [(c.value, c.subject.concept, c.subject.coords is not None, c.implied_prior)
               for c in claims if c.kind == "change"]
    assert changes == [(Decimal("20.00"), "basic:personnel", True, Decimal("315.50")),
                       (Decimal("15.00"), "basic:personnel", False, None),
                       (Decimal("5.00"), "basic:personnel", False, None)]
    assert [f for f in check(disc).findings if f.rule == "N-PRIOR-CONSISTENT" and "人员经费" in f.message] == []


def test_the_changes_of_other_items_in_a_reason_are_still_theirs(tmp_path):
    """Near miss: "基本支出…增加 20.00 万元，主要原因是人员经费增加 15.00 万元": 人员经费's own
    change (another item), with its table's coordinates as before."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，较上年预算增加 20.00 万元，主要原因是人员经费增加 15.00 万元，"
                                    "公用经费增加 5.00 万元。")
    assert [(c.subject.concept, c.subject.coords.table_kind) for c in claims if c.kind == "change"] == \
        [("nature:basic", "gpb_expenditure"), ("basic:personnel", "basic_expenditure"),
         ("basic:public", "basic_expenditure")]


def test_the_same_items_change_without_a_reason_between_is_read_as_before(tmp_path):
    """Near miss: "…（上年：P 万元）。人员经费比上年减少 Y 万元": named again, the same change."""
    _, claims = claims_of(tmp_path, "人员经费 235.38 万元（上年：365.38 万元）。人员经费比上年减少 130.00 万元。")
    [change] = [c for c in claims if c.kind == "change"]
    assert (change.subject.coords is not None, change.implied_prior) == (True, Decimal("365.38"))


def test_a_change_restated_in_money_after_ji_is_the_items(tmp_path):
    """Before: "比上年预算下降 35.90%，即减少 136.57 万元" gave the change the subject 即 (no
    cell, no implied prior)."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，比上年预算下降 35.90%，即减少 136.57 万元。")
    [change] = [c for c in claims if c.kind == "change"]
    assert (change.subject.text, change.basis, change.implied_prior) == ("基本支出", "上年预算", Decimal("380.47"))


def test_an_item_named_after_ji_is_still_named(tmp_path):
    """"即" before an item's name leaves the name (it was "即人员经费")."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，比上年预算减少 136.57 万元，即人员经费减少 130.00 万元。")
    assert [c.subject.text for c in claims if c.kind == "change"] == ["基本支出", "人员经费"]


def test_a_causes_change_of_the_budget_names_no_total(tmp_path):
    """Near miss (a real Jiangsu text): "…，增加部门预算 1,464.3 万元" is what one cause added,
    a part of the change: no cell, as before."""
    _, claims = claims_of(tmp_path, "同时，省财政自2026年起将职业年金单位缴费下达给部门，增加部门预算1,464.3万元。")
    assert [(c.kind, c.subject.text, c.subject.coords) for c in claims] == [("change", "部门预算", None)]


def test_the_vehicle_purchase_tax_is_no_purchase_fee(tmp_path):
    """Near miss: "车辆购置税 2 万元" in the 三公 section is a tax, not 公务用车购置费."""
    said = "其中购买保险、车辆购置税2.00万元，"
    _, claims = line_claims(tmp_path, THREE_PUBLIC, THREE_PUBLIC + said, said)
    assert [c.subject.concept for c in claims if c.value == Decimal("2.00")] != ["three_public:vehicle_purchase"]


SPENT = "三、支出决算情况说明"


def final_with(tmp_path, after: str, said: str):
    """The 决算 with `said` as a paragraph of its own after the line `after`."""
    path = tmp_path / "final.txt"
    path.write_text(finals.final_accounts({after: f"{after}\n\n{said}"}), encoding="utf-8")
    return parse(path)


def test_a_function_class_in_the_spending_section_is_the_spending_tables(tmp_path):
    """Before: a class's figure in the 支出决算 section was read against 表5 (一般公共预算 only):
    "一般公共服务支出 705.76 万元" (表3, with the 20.00 of 其他收入) was an error of 20.00 and
    its share of the year's spending one too."""
    said = "本年度支出主要用于一般公共服务支出705.76万元，占83.40%；住房保障支出45.60万元，占5.39%。"
    disc = final_with(tmp_path, SPENT, said)
    claims = [c for c in disc.narrative.claims if c.sentence in said]
    assert {(c.subject.concept, c.subject.coords.table_kind) for c in claims} == \
        {("function:201", "expenditure"), ("function:221", "expenditure")}
    assert errors_quoting(disc, "705.76") == [] and errors_quoting(disc, "83.40%") == []


def test_a_function_class_in_a_fiscal_section_is_still_the_fiscal_tables(tmp_path):
    """Near miss: the 一般公共预算财政拨款支出决算 section's classes are 表5's, as before."""
    path = tmp_path / "final.txt"
    path.write_text(finals.final_accounts(), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "（二）结构情况" in text)
    claims = [c for c in parse(path).narrative.claims if c.provenance.line == line and c.kind == "amount"]
    assert claims and {c.subject.coords.table_kind for c in claims} == {"gpb_expenditure"}


BUDGET_SPENT = "#### 三、关于克孜勒苏柯尔克孜自治州电子政务服务中心 2026 年支出预算情况说明"


@pytest.mark.parametrize("title, table", [
    (BUDGET_SPENT, "expenditure"),
    (BUDGET_SPENT.replace("支出预算", "财政拨款支出预算"), "gpb_expenditure"),
])
def test_a_function_class_in_a_budgets_spending_section(tmp_path, title, table):
    """The 支出总表's section: its row (all the money); a section of the fiscal money's spending
    (Jiangsu: 财政拨款支出预算情况说明): 表5's, as before."""
    said = "一般公共服务支出211.11万元。"
    _, claims = line_claims(tmp_path, BUDGET_SPENT, f"{title}\n\n{said}", said)
    assert [(c.subject.concept, c.subject.coords.table_kind) for c in claims] == [("function:201", table)]


S002_INCOME = "克孜勒苏柯尔克孜自治州人民政府办公室部门收入预算 1,759.05 万元，其中："


@pytest.mark.parametrize("fiscal, other", [("财政拨款结转结余", "非财政拨款结转结余"),
                                           ("财政拨款结转和结余", "非财政拨款结转和结余")])
def test_the_fiscal_and_other_carry_over_are_parts_of_it(tmp_path, fiscal, other):
    """Before: "财政拨款结转结余 X 万元" and "非财政拨款结转结余 Y 万元" were both the whole
    上年结转结余 (表1's 10.00 in seed 002): a right 0.00 of the other money was an error."""
    said = f"上年结转结余10.00万元，其中：{fiscal}10.00万元，{other}0.00万元。"
    path = seed_with(tmp_path, "002_4e0ed6e09b019fe1", [(S002_INCOME, said + S002_INCOME)])
    disc = parse(path)
    claims = [c for c in disc.narrative.claims if c.sentence == said]
    assert [(c.subject.concept, c.subject.coords.source) for c in claims] == [
        ("carryover", "carryover"), ("source:fiscal_carryover", "fiscal_carryover"),
        ("source:nonfiscal_carryover", "nonfiscal_carryover")]
    assert [f for f in check(disc).findings if f.severity == "error" and said[:20] in (f.location.sentence or "")] == []


def test_the_carry_over_named_alone_is_still_the_whole(tmp_path):
    """Near miss: 上年结转结余, 结转结余 and 财政拨款结转 are read as before."""
    _, claims = claims_of(tmp_path, "上年结转结余10.00万元，财政拨款结转8.00万元。")
    assert [c.subject.concept for c in claims] == ["carryover", "source:fiscal_carryover"]


def test_the_kinds_of_the_cars_bought_are_bought_too(tmp_path):
    """Before: "安排购置车辆 1 辆，其中：一般公务用车 1 辆" read the part as a car held (Shanghai's
    "…其中：部级领导干部用车 0 辆、…其他用车 1 辆" likewise)."""
    said = "2026年部门预算安排购置车辆1辆，其中：一般公务用车1辆、其他用车0辆。"
    _, claims = line_claims(tmp_path, ASSETS, "4. " + said, said)
    assert [(c.subject.text, c.subject.concept) for c in claims] == [
        ("预算安排购置车辆", "purchase:vehicle"), ("一般公务用车", "purchase:vehicle"), ("其他用车", "purchase:vehicle")]


def test_the_kinds_of_the_cars_held_are_held(tmp_path):
    """Near miss: the kinds after the cars held, and cars bought after them, as before."""
    said = "车辆2辆，其中：一般公务用车1辆、执法执勤用车1辆；2026年安排购置车辆0辆。"
    _, claims = line_claims(tmp_path, ASSETS, "4. " + said, said)
    assert [c.subject.concept for c in claims] == ["asset:vehicle"] * 3 + ["purchase:vehicle"]


@pytest.mark.parametrize("said", ["增减变动-136.57万元，增减幅度-35.90%", "比上年增减变化-136.57万元，增减幅度-35.90%"])
def test_a_signed_change_worded_zeng_jian_bian_dong(tmp_path, said):
    """Before: "增减变动 -136.57 万元" was an amount of -136.57 of the subject 增减变动 (and the
    rate after it that subject's): a change lost, read as a negative amount."""
    _, claims = claims_of(tmp_path, f"基本支出 243.90 万元，{said}。")
    assert [(c.kind, c.value, c.direction, c.subject.text, c.implied_prior) for c in claims[1:]] == [
        ("change", Decimal("136.57"), "decrease", "基本支出", Decimal("380.47")),
        ("rate", Decimal("35.90"), "decrease", "基本支出", None)]


def test_staff_changes_are_no_money_change(tmp_path):
    """Near miss: "人员变动 12 人" is a count, as before."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，人员变动12人。")
    assert [(c.kind, c.subject.text) for c in claims] == [("amount", "基本支出"), ("count", "人员变动")]
