"""Sentences real 情况说明 print that the narrative reader misread: each test states the reading
the words give (written as other provinces and years word them, not as the seeds do)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import EXAMPLES

S002 = "002_4e0ed6e09b019fe1"
ANCHOR = "2026年财政拨款“三公”经费预算比上年预算减少30.00万元"


def claims_of(tmp_path, *sentences):
    """The claims of the sentences, each a paragraph of its own put into seed 002's narrative."""
    from budgetlens.pipeline import parse

    text = (EXAMPLES / f"{S002}.txt").read_text(encoding="utf-8")
    assert ANCHOR in text
    text = text.replace(ANCHOR, "".join(s + "\n\n" for s in sentences) + ANCHOR, 1)
    path = tmp_path / "reworded.txt"
    path.write_text(text, encoding="utf-8")
    disc = parse(path)
    return [c for c in disc.narrative.claims if c.sentence.strip() and any(
        c.sentence.strip() in s or c.sentence.strip().replace(",", "，") in s for s in sentences)]


@pytest.mark.parametrize("sentence", [
    "一般公共服务支出（类）100.00万元，占一般公共预算财政拨款支出的50.00%。",
    "卫生健康支出（类）20.00万元，占本部门2026年一般公共预算财政拨款支出总额的比重为10.00%。",
])
def test_a_share_whose_whole_is_named_at_length(tmp_path, sentence):
    """"占一般公共预算财政拨款支出的 X%": a share of the class before it (it was a bare percent,
    its subject the words after 占), its whole the one named."""
    share = next(c for c in claims_of(tmp_path, sentence) if c.unit == "%")
    assert share.kind == "share"
    assert share.subject.concept.startswith("function:")
    assert share.whole is not None and share.whole.concept == "source:gpb"


@pytest.mark.parametrize("wording", ["比上年预算执行数增加50.00万元", "较2025年预计执行数增加50.00万元",
                                     "与上年预算执行数相比，增加50.00万元"])
def test_last_years_spending_named_after_its_budget_is_the_basis(tmp_path, wording):
    """"比上年预算执行数增加": measured from what was spent last year (上年执行数), not from last
    year's budget (the reader stopped at 预算)."""
    sentence = f"基本支出1,000.00万元，{wording}，增长5.26%。"
    change = next(c for c in claims_of(tmp_path, sentence) if c.kind == "change")
    assert (change.basis, change.direction, change.subject.concept) == ("上年执行数", "increase", "nature:basic")
    assert change.implied_prior == Decimal("950.00")


def test_last_years_figure_in_a_reason_is_not_the_items(tmp_path):
    """"…比上年预算减少 10.00 万元，主要原因是上年预算包含一次性设备购置经费 8.00 万元": 8.00 is
    last year's figure of a part named in the reason, not last year's 机关运行经费 (which the
    change puts at 60.00: the reader reported the two as inconsistent)."""
    from budgetlens.checks import check

    sentence = "机关运行经费50.00万元，比上年预算减少10.00万元，主要原因是上年预算包含一次性设备购置经费8.00万元。"
    claims = claims_of(tmp_path, sentence)
    part = next(c for c in claims if c.value == Decimal("8.00"))
    assert part.subject.concept != "admin_operating"
    disc = parse_with(tmp_path, sentence)
    assert not [f for f in check(disc).findings if f.rule == "N-PRIOR-CONSISTENT" and "机关运行经费" in f.message]


def parse_with(tmp_path, *sentences):
    from budgetlens.pipeline import parse

    text = (EXAMPLES / f"{S002}.txt").read_text(encoding="utf-8")
    path = tmp_path / "reworded.txt"
    path.write_text(text.replace(ANCHOR, "".join(s + "\n\n" for s in sentences) + ANCHOR, 1), encoding="utf-8")
    return parse(path)


@pytest.mark.parametrize("reason,direction,item", [
    ("主要原因是新增人员2人，增加人员经费30.00万元", "increase", "basic:personnel"),
    ("主要是压减公务接待费30.00万元", "decrease", "three_public:reception"),
    ("主要原因是：减少了公用经费30.00万元", "decrease", "basic:public"),
])
def test_a_verb_before_its_item_is_a_change_of_the_item(tmp_path, reason, direction, item):
    """"增加人员经费 30.00 万元": the verb first, then the item — a change of the item, not its
    amount (read as one, 人员经费 was 30.00 against the table's figure)."""
    sentence = f"基本支出1,000.00万元，比上年增加30.00万元，{reason}。"
    claim = [c for c in claims_of(tmp_path, sentence) if c.value == Decimal("30.00")][-1]
    assert (claim.kind, claim.direction, claim.subject.concept) == ("change", direction, item)
    assert claim.subject.text.startswith(("人员经费", "公务接待费", "公用经费"))


@pytest.mark.parametrize("printed,value,unit", [("1，234.56万元", "1234.56", "万元"),
                                               ("12，345，678元", "12345678", "元")])
def test_ascii_digits_grouped_by_a_full_width_comma(tmp_path, printed, value, unit):
    """"本年收入合计1，234.56万元" (a Chinese input method's comma between digits): one amount,
    not "1" and 234.56."""
    sentence = f"本年收入合计{printed}，比上年增加34.56{unit}。"
    claims = claims_of(tmp_path, sentence)
    amount = next(c for c in claims if c.kind == "amount")
    assert (amount.value, amount.unit, amount.subject.concept) == (Decimal(value), unit, "source:current_income")
    assert next(c for c in claims if c.kind == "change").implied_prior == Decimal(value) - Decimal("34.56")


@pytest.mark.parametrize("sentence", ["第2项，公务接待费3.00万元。", "经第3次党组会议审定，公务接待费3.00万元。"])
def test_an_ordinal_counts_nothing(tmp_path, sentence):
    """"第2项", "第3次": an item's or a meeting's number, not a count of 2 项 or 3 次."""
    claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.value) for c in claims] == [("amount", Decimal("3.00"))]


def test_a_change_verb_without_a_comparison_is_still_a_change(tmp_path):
    """"人员经费增加 20.00 万元，增长 8%；公用经费减少 5.00 万元，下降 10%" with no 比上年 in the
    paragraph: changes against last year, not the amounts of 人员经费 and 公用经费."""
    sentence = "人员经费增加20.00万元，增长8%；公用经费减少5.00万元，下降10%。"
    claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.direction, c.basis, c.subject.concept) for c in claims if c.unit == "万元"] == [
        ("change", "increase", "上年", "basic:personnel"), ("change", "decrease", "上年", "basic:public")]


def test_the_reasons_words_are_no_part_of_the_item(tmp_path):
    """"…，主要是办公费增加 1.00 万元": the change is of 办公费, not of "主要是办公费"."""
    sentence = "机关运行经费预算安排20.00万元，比上年预算数增长5.26%，主要是办公费增加1.00万元，差旅费减少0.50万元。"
    changes = [c for c in claims_of(tmp_path, sentence) if c.kind == "change"]
    assert [(c.subject.text, c.direction) for c in changes] == [("办公费", "increase"), ("差旅费", "decrease")]


def test_a_rate_in_times(tmp_path):
    """"增长1.5倍" is a rate of 150% (it was no claim at all: 倍 was no unit), checked as one;
    "是上年的2倍" is a multiple, no rate."""
    from budgetlens.checks import check

    right = "项目支出250.00万元，比上年增加150.00万元，增长1.5倍。"
    wrong = "基本支出300.00万元，比上年增加200.00万元，增长3倍。"
    rates = [c for c in claims_of(tmp_path, right, wrong) if c.text.endswith("倍")]
    assert [(c.kind, c.value, c.unit, c.direction) for c in rates] == [
        ("rate", Decimal(150), "%", "increase"), ("rate", Decimal(300), "%", "increase")]
    found = [f for f in check(parse_with(tmp_path, right, wrong)).findings if f.rule == "N-CHANGE-RATE"]
    assert found and all("3倍" in f.message for f in found)
    assert [c.kind for c in claims_of(tmp_path, "2026年项目支出是上年的2倍。")] == ["percent"]


@pytest.mark.parametrize("sentence,direction", [
    ("一般公共服务支出100.00万元，比上年增加（减少）-20.00万元，增长（下降）-16.67%。", "decrease"),
    ("一般公共服务支出100.00万元，比上年增加(减少)20.00万元，增长(下降)25.00%。", "increase"),
    ("一般公共服务支出100.00万元，比上年增（减）-20.00万元，增（减）-16.67%。", "decrease"),
])
def test_a_templates_either_way_words_are_a_change_its_sign_the_direction(tmp_path, sentence, direction):
    """A template's "增加（减少）", "增长（下降）" left as printed (the writer did not strike the
    word that does not hold): a change and a rate, which way the figure's sign says — not an
    amount of −20.00 万元 of the item."""
    found = [(c.kind, c.value, c.direction) for c in claims_of(tmp_path, sentence) if c.kind != "amount"]
    value, rate = (Decimal("20.00"), Decimal("16.67")) if direction == "decrease" else (Decimal("20.00"), Decimal("25.00"))
    assert found == [("change", value, direction), ("rate", rate, direction)]


@pytest.mark.parametrize("sentence,subject", [
    ("2026年“三公”经费预算与2025年持平，均为5.00万元。", "“三公”经费"),       # (its phase: the coordinates')
    ("2026年“三公”经费预算与上年预算相比持平，为5.00万元。", "“三公”经费"),
    ("公务接待费和因公出国（境）费均为0万元。", "公务接待费和因公出国（境）费"),
    ("人均为5.00万元。", "人均"),               # (人均 is a word: its 均 stays)
])
def test_an_unchanged_comparison_and_an_adverb_of_all_are_no_subject(tmp_path, sentence, subject):
    """"…与上年持平，均为 X 万元": the subject is the item before the comparison (it was "均", or
    the comparison's words), and "均" after a list of items is no part of their names. (The
    持平 is a change of 0 of that amount: test_narrative_probe38.)"""
    (claim,) = [c for c in claims_of(tmp_path, sentence) if c.kind != "change"]
    assert (claim.kind, claim.subject.text) == ("amount", subject)


@pytest.mark.parametrize("sentence,want", [
    # either-way words with no comparison named: a change all the same, its sign the direction
    ("基本支出增加（减少）-20.00万元，增长（下降）-5.00%。",
     [("change", Decimal("20.00"), "decrease"), ("rate", Decimal("5.00"), "decrease")]),
    ("基本支出增加（减少）50.00万元。", [("change", Decimal("50.00"), "increase")]),
    # a change of a share is no share
    ("一般公共服务支出（类）1,307.83万元，占一般公共预算支出的比重较上年提高1.50%。",
     [("amount", Decimal("1307.83"), None), ("percent", Decimal("1.50"), None)]),
    ("项目资金不存在挤占挪用专项资金问题的项目比例达到100%。", [("percent", Decimal(100), None)]),
    # a verb that states what there is after the change: an amount, not a change
    ("增加后的基本支出为1,000.00万元。", [("amount", Decimal("1000.00"), None)]),
    ("压减一般性支出至100.00万元。", [("amount", Decimal("100.00"), None)]),
])
def test_what_the_new_readings_must_not_take(tmp_path, sentence, want):
    assert [(c.kind, c.value, c.direction) for c in claims_of(tmp_path, sentence)] == want


@pytest.mark.parametrize("sentence,subject", [
    ("主要系统运行维护费20.00万元。", "主要系统运行维护费"),      # 主要系统 is no 主要系 (a reason)
    ("公务用车运行维护费平均为2.00万元。", "公务用车运行维护费平均"),   # 平均 is a word: its 均 stays
])
def test_words_that_only_look_like_a_reason_or_an_adverb(tmp_path, sentence, subject):
    (claim,) = claims_of(tmp_path, sentence)
    assert claim.subject.text == subject
