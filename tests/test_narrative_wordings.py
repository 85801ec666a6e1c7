"""Wordings of other offices that put last year's figure or a list's next item before a figure.

- "A 由（上年的）X 万元减少到 Y 万元", "A 从 X 万元下降至 Y 万元": X is last year's figure of A and
  Y this year's (X was read as A's amount, a false N-AMOUNT error; Y's subject was "减少到");
- "包括人员经费 X 万元和公用经费 Y 万元": the items are 人员经费 and 公用经费 (they were
  "包括人员经费" and "和公用经费", which name nothing the tables print).
"""

from decimal import Decimal

import pytest
from test_narrative_brackets import claims_of

from budgetlens.checks import check


@pytest.mark.parametrize("sentence", [
    "基本支出由上年的 380.47 万元减少到 243.90 万元，减少 136.57 万元。",
    "基本支出从 380.47 万元下降至 243.90 万元，减少 136.57 万元。",
    "基本支出由 2025 年预算数 380.47 万元减少至 243.90 万元，减少 136.57 万元。",
])
def test_from_last_years_figure_to_this_years(tmp_path, sentence):
    disc, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.subject.text, c.value) for c in claims] == [
        ("prior", "基本支出", Decimal("380.47")), ("amount", "基本支出", Decimal("243.90")),
        ("change", "基本支出", Decimal("136.57"))]
    assert claims[2].implied_prior == Decimal("380.47")
    assert claims[1].subject.coords is not None
    wrong = [f.message for f in check(disc).findings if f.severity == "error" and "380.47" in f.message]
    assert wrong == []


def test_a_figure_after_to_without_from_is_no_prior(tmp_path):
    """"压减一般性支出至 X 万元" (no 由/从): what is left, this year's amount, as before."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，压减一般性支出至 8.52 万元。")
    assert [c.kind for c in claims] == ["amount", "amount"]


def test_items_joined_after_a_figure(tmp_path):
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，主要用于保障机构正常运转，"
                                    "包括人员经费 235.38 万元和公用经费 8.52 万元。")
    assert [(c.subject.text, c.value) for c in claims] == [
        ("基本支出", Decimal("243.90")), ("人员经费", Decimal("235.38")), ("公用经费", Decimal("8.52"))]
    assert all(c.subject.coords is not None for c in claims)


def test_a_name_that_starts_with_he_is_kept(tmp_path):
    """和田地区 (a prefecture) opens a clause after a mark: its 和 is its own."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，和田地区调研经费 8.52 万元。")
    assert claims[1].subject.text == "和田地区调研经费"


def test_a_change_named_by_its_amount_word(tmp_path):
    """"同比减少 35.9%，减少额为 136.57 万元": the change of the item (its subject was "额")."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，同比减少 35.90%，减少额为 136.57 万元。")
    change = claims[-1]
    assert (change.kind, change.subject.text, change.implied_prior) == ("change", "基本支出", Decimal("380.47"))


def test_an_adverb_before_the_change_verb(tmp_path):
    """"人员经费相应减少 X 万元": the item is 人员经费."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，比上年减少 136.57 万元，主要原因为：在岗人员减少，"
                                    "人员经费相应减少 136.57 万元。")
    assert claims[-1].kind == "change" and claims[-1].subject.text == "人员经费"


@pytest.mark.parametrize("sentence, kind, values", [
    ("2026年一般公共预算支出预算 277.90 万元，其中基本支出 243.90 万元、项目支出 34.00 万元，分别占 87.77%、12.23%。",
     "share", ["87.77", "12.23"]),
    ("基本支出 243.90 万元，项目支出 34.00 万元，分别占 87.77%和12.23%。", "share", ["87.77", "12.23"]),
    (("2026年一般公共预算支出预算 277.90 万元，其中基本支出 243.90 万元、项目支出 34.00 万元，"
      "分别比上年减少 136.57 万元、59.40 万元。"), "change", ["136.57", "59.40"]),
])
def test_respectively_after_the_listed_amounts(tmp_path, sentence, kind, values):
    """"A X 万元、B Y 万元，分别占 a%、b%": a is A's and b is B's (both were B's)."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.text, c.value) for c in claims if c.kind == kind] == \
        [("基本支出", Decimal(values[0])), ("项目支出", Decimal(values[1]))]


@pytest.mark.parametrize("sentence, unit, text", [
    ("工作餐标准厅局级 200 元/人，县处级 160 元/人。", "元/人", "200元/人"),
    ("专网租赁费 0.15 万元/月，全年 1.80 万元。", "万元/月", "0.15万元/月"),
    ("住宿费标准 350 元/人·天。", "元/人·天", "350元/人·天"),
    ("伙食补助 100 元/天/ 人。", "元/天/人", "100元/天/人"),
    ("培训费 400 元/人次标准执行。", "元/人次", "400元/人次"),
])
def test_a_price_names_what_it_is_per(tmp_path, sentence, unit, text):
    """"200 元/人": a price per person, not per day (a target of 元/天 is another measure); the
    claim and its messages say so (they said "200元/")."""
    _, claims = claims_of(tmp_path, sentence)
    price = next(c for c in claims if c.kind == "unit_price")
    assert (price.unit, price.text) == (unit, text)


@pytest.mark.parametrize("sentence", [
    "一般公共预算中的工资福利支出 200.00 万元，商品和服务支出 43.90 万元。",
    "一般公共预算安排的对个人和家庭的补助 12.50 万元。",
    "财政拨款中资本性支出 8.00 万元。",
])
def test_an_economic_class_of_fiscal_money_is_no_total_of_it(tmp_path, sentence):
    """"一般公共预算中的工资福利支出 X": a class of the spending, not 表5's (or 表1's) 一般公共预算
    total — checked against it, X was a false N-AMOUNT error."""
    disc, claims = claims_of(tmp_path, sentence)
    assert claims and all(c.subject.concept == "economic:class" and c.subject.coords is None for c in claims)
    assert not [f for f in check(disc).findings if f.rule == "N-AMOUNT" and f.severity == "error"
                and any(c.text in f.message for c in claims)]
