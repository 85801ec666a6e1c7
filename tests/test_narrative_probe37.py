"""Narrative wordings probed in session 37.

- "决算数大于预算数的主要原因是追加人员经费 X 万元": X was read as the item's 年初预算 (the
  words before the reason, "决算数", named the paragraph's item); now the reason's words are the
  subject, and money added during the year ("追加") is no table figure. A reason's change of a
  part ("…的主要原因是人员经费增加 X 万元") is measured from the year's budget the sentence
  compares with, not from last year, and names no table cell (it is a part of the item explained).
"""

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from test_narrative_brackets import claims_of

from budgetlens.pipeline import parse

sys.path.insert(0, str(Path(__file__).parent))
import finals

REASON = "决算数大于年初预算数的主要原因是人员变动"


def final_claims(tmp_path, old: str, new: str):
    """The claims on the line of `new`, in the 决算 written with `new` for `old`."""
    path = tmp_path / "final.txt"
    path.write_text(finals.final_accounts({old: new}), encoding="utf-8")
    disc = parse(path)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if new in text)
    return [c for c in disc.narrative.claims if c.provenance.line == line]


def of_value(claims, value: str):
    return [(c.kind, c.subject.text, c.subject.concept, c.subject.coords, c.basis)
            for c in claims if c.value == Decimal(value)]


@pytest.mark.parametrize("said, subject", [
    ("决算数大于预算数的主要原因是追加人员经费20.36万元", "追加人员经费"),
    ("决算数大于年初预算数的主要原因是年中追加人员经费20.36万元", "年中追加人员经费"),
    ("主要原因是年中追加人员经费20.36万元", "年中追加人员经费"),
])
def test_money_added_in_a_reason_is_no_table_figure(tmp_path, said, subject):
    """Before: 20.36 was the item's (2010301) 年初预算, or the table's whole 人员经费."""
    claims = final_claims(tmp_path, REASON, said)
    assert of_value(claims, "20.36") == [("amount", subject, None, None, None)]


@pytest.mark.parametrize("said", [
    "决算数大于年初预算数的主要原因是人员经费增加20.36万元",
    "决算数大于年初预算数的主要原因是增加人员经费20.36万元",
    "决算数大于年初预算数，主要原因是人员经费增加20.36万元",
])
def test_a_reasons_change_is_measured_from_the_budget_compared(tmp_path, said):
    """The part of the item's variance: against 年初预算, and no cell of the 基本支出 table."""
    claims = final_claims(tmp_path, REASON, said)
    assert of_value(claims, "20.36") == [("change", "人员经费", "basic:personnel", None, "年初预算")]


def test_a_variance_stated_of_the_item_is_still_the_items(tmp_path):
    """Near miss: "决算数大于年初预算数 X 万元，主要原因是…" is the item's own variance."""
    claims = final_claims(tmp_path, REASON, "决算数大于年初预算数20.36万元，主要原因是人员变动")
    [(kind, _, concept, coords, basis)] = of_value(claims, "20.36")
    assert (kind, concept, coords.function_code, basis) == ("change", "function:2010301", "2010301", "年初预算")


@pytest.mark.parametrize("sentence, basis", [
    ("基本支出 243.90 万元，比上年预算减少 136.57 万元，主要原因是减少人员经费 20.00 万元。", "上年预算"),
    ("基本支出 243.90 万元，比上年预算减少 136.57 万元，主要原因是人员经费减少 20.00 万元。", "上年预算"),
])
def test_a_reasons_change_in_a_budget_is_still_on_last_year(tmp_path, sentence, basis):
    """Near miss: a budget's reason explains a change on last year: 表6's 人员经费, as before."""
    _, claims = claims_of(tmp_path, sentence)
    [(kind, subject, concept, coords, said)] = of_value(claims, "20.00")
    assert (kind, subject, concept, coords.table_kind, said) == \
        ("change", "人员经费", "basic:personnel", "basic_expenditure", basis)


def amounts(claims):
    return [(c.subject.text, c.subject.concept, c.subject.coords, c.value) for c in claims if c.kind == "amount"]


@pytest.mark.parametrize("sentence, subject, concept", [
    ("上年结转资金安排的项目支出 35.00 万元。", "上年结转资金安排的项目支出", "carryover:project"),
    ("上年结转资金中用于项目支出 35.00 万元。", "上年结转资金中用于项目支出", "carryover:project"),
    ("财政拨款结转资金安排的项目支出 35.00 万元。", "财政拨款结转资金安排的项目支出", "carryover:project"),
    ("使用上年结转资金安排基本支出 35.00 万元。", "使用上年结转资金安排基本支出", "carryover:basic"),
])
def test_spending_paid_by_the_carry_over_is_not_the_years_whole(tmp_path, sentence, subject, concept):
    """Before: "项目支出", 表5's whole 项目支出 (a check compared 35.00 with it). Now the part the
    carry-over pays for: no cell outside the carry-over table's section."""
    _, claims = claims_of(tmp_path, sentence)
    assert amounts(claims) == [(subject, concept, None, Decimal("35.00"))]


@pytest.mark.parametrize("sentence, subject", [
    ("一般公共预算支出中的项目支出 35.00 万元。", "一般公共预算项目支出"),
    ("其中：项目支出 35.00 万元。", "项目支出"),
])
def test_a_part_of_a_whole_of_this_years_money_is_still_its_tables(tmp_path, sentence, subject):
    """Near miss: a part named after a whole that is no carry-over: 表5's 项目支出, as before."""
    _, claims = claims_of(tmp_path, sentence)
    [(text, concept, coords, _)] = amounts(claims)
    assert (text, concept, coords.table_kind, coords.nature) == (subject, "nature:project", "gpb_expenditure", "project")


@pytest.mark.parametrize("sentence, kind, subject", [
    ("截至2024年12月31日本部门资产总额 1234.56 万元。", "amount", "资产总额"),
    ("截至2024年12月31日止本部门资产总额 1234.56 万元。", "amount", "资产总额"),
    ("截至2024年底本部门资产总额 1234.56 万元。", "amount", "资产总额"),
    ("截至2024年12月底本单位车辆 5 辆。", "count", "车辆"),
])
def test_a_date_is_no_part_of_the_subject(tmp_path, sentence, kind, subject):
    """Before: "12月31日本部门资产总额" (the date's month and day, the unit's name kept)."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.subject.text) for c in claims] == [(kind, subject)]


@pytest.mark.parametrize("sentence, subject", [
    ("截至2024年12月31日，本部门资产总额 1234.56 万元。", "资产总额"),
    ("2024年基本支出预算为 380.47 万元。", "2024年基本支出预算"),      # a year before last: kept whole
])
def test_a_year_alone_is_read_as_before(tmp_path, sentence, subject):
    _, claims = claims_of(tmp_path, sentence)
    assert [c.subject.text for c in claims] == [subject]


@pytest.mark.parametrize("sentence, subject, concept", [
    ("一般公共预算机关运行经费预算支出 50.00 万元。", "一般公共预算机关运行经费支出", "admin_operating"),
    ("“三公”经费年初预算支出 20.00 万元。", "“三公”经费支出", "three_public:total"),
])
def test_the_phase_inside_the_words_is_no_part_of_the_subject(tmp_path, sentence, subject, concept):
    """Before: the subject kept 预算 between the money and its 支出."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.text, c.subject.concept) for c in claims] == [(subject, concept)]


@pytest.mark.parametrize("sentence, subject", [
    ("一般公共预算支出 277.90 万元。", "一般公共预算支出"),      # the name's own 预算
    ("会议费预算支出 3.00 万元。", "会议费预算支出"),            # no concept to keep: the words as printed
])
def test_a_names_own_budget_stays(tmp_path, sentence, subject):
    _, claims = claims_of(tmp_path, sentence)
    assert [c.subject.text for c in claims] == [subject]


CHANGED = "基本支出 243.90 万元，比上年预算减少 136.57 万元。"


@pytest.mark.parametrize("said, kind", [
    ("这一因素影响基本支出 100.00 万元。", "amount"),
    ("其中：人员调出因素影响人员经费 100.00 万元。", "amount"),
    ("这一因素使人员经费减少 100.00 万元。", "change"),
    ("上述因素共计减少支出 100.00 万元。", "amount"),
])
def test_what_a_cause_made_is_no_table_figure(tmp_path, said, kind):
    """Before: "这一因素影响基本支出 100.00 万元" was 基本支出's amount (表5's 243.90, a false
    error), "…使人员经费减少" the whole 人员经费's change. Now the cause's share: no concept."""
    _, claims = claims_of(tmp_path, CHANGED + said)
    assert [(c.kind, c.subject.concept, c.subject.coords) for c in claims if c.value == Decimal("100.00")] == \
        [(kind, None, None)]


@pytest.mark.parametrize("said", ["剔除一次性因素后基本支出比上年预算减少 100.00 万元。",
                                  "扣除人员调出因素，基本支出比上年预算减少 100.00 万元。"])
def test_a_cause_left_out_of_a_comparison_keeps_the_item(tmp_path, said):
    """Near miss: the item compared on a like basis is still the item."""
    _, claims = claims_of(tmp_path, said)
    assert [(c.kind, c.subject.concept) for c in claims if c.value == Decimal("100.00")] == [("change", "nature:basic")]


@pytest.mark.parametrize("sentence", [
    "车辆购置及运行费 30.00 万元，其中：车辆购置费 20.00 万元，车辆运行维护费 10.00 万元。",
    "公车购置及运行维护费 30.00 万元，其中：公车购置费 20.00 万元，公车运行维护费 10.00 万元。",
])
def test_the_three_public_vehicle_items_named_otherwise(tmp_path, sentence):
    """Before: "车辆购置及运行费" and its parts were read as the value of the unit's vehicles
    (assets, unchecked), "公车…" as nothing: the 三公 table's vehicle items."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.concept, c.subject.coords.item, c.value) for c in claims] == [
        ("three_public:vehicle", "vehicle", Decimal("30.00")),
        ("three_public:vehicle_purchase", "vehicle_purchase", Decimal("20.00")),
        ("three_public:vehicle_operation", "vehicle_operation", Decimal("10.00"))]


def test_the_value_of_the_vehicles_is_still_an_asset(tmp_path):
    """Near miss: the vehicles held and their value."""
    _, claims = claims_of(tmp_path, "截至2024年12月31日，本部门共有车辆 5 辆，车辆原值 120.00 万元。")
    assert [(c.kind, c.subject.concept, c.subject.coords) for c in claims] == [
        ("count", "asset:vehicle", None), ("amount", "asset:vehicle", None)]


def test_a_reasons_change_of_an_item_of_its_own_keeps_its_table(tmp_path):
    """Near miss: "决算数小于预算数的主要原因是压减公务接待费 X 万元": the 三公 table's item,
    measured from its budget."""
    old = "2024年度“三公”经费财政拨款支出决算为25.00万元，完成预算的71.43%"
    claims = final_claims(tmp_path, old, old + "。决算数小于预算数的主要原因是压减公务接待费3.00万元")
    [(kind, subject, concept, coords, basis)] = of_value(claims, "3.00")
    assert (kind, subject, concept, coords.item, basis) == ("change", "公务接待费", "three_public:reception", "reception", "预算")


@pytest.mark.parametrize("sentence", ["上年结转资金预算数为 37.90 万元。", "上年结转预算数 37.90 万元。"])
def test_the_carry_over_with_its_phase_is_the_carry_over(tmp_path, sentence):
    """Before: "上年结转资金预算数为 X 万元" (Jiangsu) named nothing, and X was not checked."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.concept, c.subject.coords.source) for c in claims] == [("carryover", "carryover")]


def test_the_carry_over_of_a_kind_of_spending_is_still_a_part(tmp_path):
    """Near miss: what the carry-over pays for, with the phase, is still the part."""
    _, claims = claims_of(tmp_path, "上年结转资金安排的项目支出预算数为 35.00 万元。")
    assert [(c.subject.concept, c.subject.coords) for c in claims] == [("carryover:project", None)]


HOUSING = ("7、住房保障支出（类）住房改革支出（款）住房公积金（项）：2026年预算数为18.53万元，比上年预算增加18.53万元，"
           "增长100.00%，主要原因是人员工资基数调增，公积金缴费基数上涨，相应支出增加。")
PHASES = "2025年当年预算执行数为12.00万元，2026年预算安排18.53万元，比2025年预算执行数增加54.42%。"


def housing_claims(tmp_path, text: str):
    from test_robustness import seed_with
    path = seed_with(tmp_path, "000_9131eab83374bb33", [(HOUSING, text)])
    disc = parse(path)
    return [(c.kind, c.subject.concept, c.value) for c in disc.narrative.claims if c.sentence == PHASES]


def test_the_phases_in_the_paragraph_after_a_numbered_item_are_the_items(tmp_path):
    """Shanghai (real, 2024): the item's line ends with its 。 and the phases' sentence starts
    the next line, a paragraph of its own. Before: "当年预算执行数", "预算安排", naming nothing."""
    item = "7. “住房保障支出（类）住房改革支出（款）住房公积金（项）”18.53万元，主要用于缴纳住房公积金。"
    assert housing_claims(tmp_path, item + "\n\n" + PHASES) == [
        ("prior", "function:2210201", Decimal("12.00")), ("amount", "function:2210201", Decimal("18.53")),
        ("rate", "function:2210201", Decimal("54.42"))]


def test_the_phases_after_a_paragraph_of_prose_stay_unnamed(tmp_path):
    """Near miss: the paragraph before is no numbered item: nothing to read them of."""
    prose = "住房保障支出（类）住房改革支出（款）住房公积金（项）18.53万元，主要用于缴纳住房公积金。"
    assert {concept for _, concept, _ in housing_claims(tmp_path, prose + "\n\n" + PHASES)} == {None}


def test_the_phases_after_an_item_with_its_own_phases_stay_unnamed(tmp_path):
    """Near miss: the numbered item before states its own phase ("2026年预算数为…"): the
    paragraph after is not its."""
    item = "7、住房保障支出（类）住房改革支出（款）住房公积金（项）：2026年预算数为18.53万元。"
    assert {concept for _, concept, _ in housing_claims(tmp_path, item + "\n\n" + PHASES)} == {None}


@pytest.mark.parametrize("sentence, concept", [
    ("行政事业单位养老支出（款）行政单位离退休费（项）支出 9.00 万元。", "function:2080501"),
    ("社会保障和就业支出（类）行政事业单位养老（款）行政单位离退休（项）9.00 万元。", "function:2080501"),
    # near misses: other words than a 的, 费 or 支出; no level marked
    ("行政事业单位养老支出（款）行政单位离退休人员（项）9.00 万元。", None),
    ("行政单位离退休费 9.00 万元。", None),
])
def test_a_marked_item_named_with_or_without_its_fee(tmp_path, sentence, concept):
    """Jiangsu (real, 2018): "未归口管理行政单位离退休费（项）支出 X 万元" for the table's
    未归口管理的行政单位离退休: the item named with the level marked, but for a 的, 费 or 支出.
    Before: no function, X unchecked."""
    _, claims = claims_of(tmp_path, sentence)
    assert [c.subject.concept for c in claims] == [concept]
