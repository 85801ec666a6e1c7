"""Narrative wordings probed in session 35.

- a change printed in another money unit than its amount ("243.90万元，比上年预算减少1,365,700元"):
  the implied prior is worked out in the change's own unit (it was left out: the units differ);
- 名 counts people as 人 does ("编制25名", "在职20名": no claims);
- "车辆 3 辆，账面原值 80.00 万元": the book value is the vehicles' (it named nothing);
- "该项支出比上年减少 X 万元": the one item stated before, where only one was;
- "…具体情况如下：" names no item for the phase-only figures after it;
- a reason's sentence without a figure between an amount and its comparison;
- 资金分配情况: a name with a 、 inside keeps its start; list marks open no name.
"""

from decimal import Decimal

import pytest
from test_narrative_brackets import claims_of
from test_narrative_probe33 import errors_on
from test_robustness import seed_with

from budgetlens.checks.rules.narrative import prior_wan
from budgetlens.pipeline import parse


def test_a_change_in_yuan_of_an_amount_in_wan(tmp_path):
    disc, claims = claims_of(tmp_path, "基本支出243.90万元，比上年预算减少1,365,700元，下降35.90%。")
    amount, change, _rate = claims
    assert (change.kind, change.value, change.unit, change.text) == ("change", Decimal(1365700), "元", "1,365,700元")
    assert change.implied_prior == Decimal(3804700) and prior_wan(change) == Decimal("380.47")
    assert change.subject.concept == amount.subject.concept == "nature:basic"
    assert errors_on(disc, "1,365,700") == [] and errors_on(disc, "35.90") == []


def test_a_change_in_wan_of_an_amount_in_yuan(tmp_path):
    _, claims = claims_of(tmp_path, "基本支出2,439,000元，比上年预算减少136.57万元。")
    change = claims[1]
    assert (change.value, change.unit) == (Decimal("136.57"), "万元") and change.implied_prior == Decimal("380.47")


def test_a_change_in_people_of_an_amount_in_money_implies_nothing(tmp_path):
    """Near miss: a change whose unit is no money's is not measured against the amount."""
    _, claims = claims_of(tmp_path, "基本支出243.90万元，比上年减少2个百分点。")
    assert all(c.implied_prior is None for c in claims)


def test_people_counted_in_ming(tmp_path):
    """"编制25名", "在职20名": 名 counts people as 人 does (the figures were no claims)."""
    _, claims = claims_of(tmp_path, "本部门编制25名，实有人数30人，其中：在职20名，退休9人，离休1名。")
    assert [(c.kind, c.subject.text, c.value, c.unit) for c in claims] == [
        ("count", "编制", 25, "名"), ("count", "实有人数", 30, "人"), ("count", "在职", 20, "名"),
        ("count", "退休", 9, "人"), ("count", "离休", 1, "名")]


def test_a_figure_before_a_list_of_names_counts_nothing(tmp_path):
    """Near miss: "附表3名单" is the table's number, no count (名单, 名称 are no unit)."""
    _, claims = claims_of(tmp_path, "基本支出243.90万元，人员详见附表3名单，项目详见附表4名称栏。")
    assert [(c.kind, c.value) for c in claims] == [("amount", Decimal("243.90"))]


@pytest.mark.parametrize("sentence, subjects", [
    ("截至2024年底，本部门共有房屋账面原值 1200.50 万元，车辆 3 辆，账面原值 80.00 万元。",
     [("amount", "asset:building"), ("count", "asset:vehicle"), ("amount", "asset:vehicle")]),
    ("截至2024年底，本单位资产总额 560.00 万元，其中：房屋 800 平方米，账面原值 320.00 万元。",
     [("amount", "asset:total"), ("count", "asset:building"), ("amount", "asset:building")]),
    ("截至2024年底，本单位国有资产账面原值 560.00 万元，办公家具账面价值 12.30 万元。",
     [("amount", "asset:total"), ("amount", "asset:furniture")]),
])
def test_the_book_value_of_assets(tmp_path, sentence, subjects):
    """"车辆 3 辆，账面原值 80.00 万元": the value of the vehicles counted before (账面原值 was read
    as a subject of its own, of no concept)."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.subject.concept) for c in claims] == subjects


def test_money_spent_on_assets_is_no_book_value(tmp_path):
    """Near miss: money spent on equipment after a count stays the spending's own."""
    _, claims = claims_of(tmp_path, "截至2024年底，本单位共有车辆 3 辆；2026年安排固定资产购置 20.00 万元。")
    assert [(c.kind, c.subject.concept) for c in claims] == [("count", "asset:vehicle"), ("amount", None)]


@pytest.mark.parametrize("text, concept, prior", [
    ("项目支出 34.00 万元。该项支出比上年预算减少 59.40 万元，下降 63.60%。", "nature:project", "93.40"),
    ("基本支出 243.90 万元。这部分支出比上年预算减少 136.57 万元。", "nature:basic", "380.47"),
    ("其中：公用经费 8.52 万元，此项经费较上年增加 2.00 万元。", "basic:public", "6.52"),
])
def test_this_item_is_the_one_stated_before(tmp_path, text, concept, prior):
    """"该项支出比上年减少 X 万元": the change of the one item stated before (its subject was the
    words 该项支出, of no concept: the change was not checked)."""
    _, claims = claims_of(tmp_path, text)
    changes = [c for c in claims if c.kind in ("change", "rate")]
    assert {c.subject.concept for c in changes} == {concept}
    assert changes[0].implied_prior == Decimal(prior)


@pytest.mark.parametrize("text", [
    # two items before: which one is meant the words do not say for certain
    "基本支出 243.90 万元，项目支出 34.00 万元。该项支出比上年预算减少 59.40 万元。",
    "基本支出 243.90 万元，项目支出 34.00 万元，该项支出比上年预算减少 59.40 万元。",
    # a cause's part of the change is no change of the item
    "基本支出 243.90 万元，比上年预算减少 136.57 万元，主要是人员调出。这一因素较上年减少 20.00 万元。",
])
def test_this_item_when_it_is_not_certain_stays_unnamed(tmp_path, text):
    _, claims = claims_of(tmp_path, text)
    last = claims[-1]
    assert (last.kind, last.subject.concept, last.implied_prior) == ("change", None, None)


ITEM_HEAD = " 7、卫生健康支出（类）行政事业单位医疗（款）公务员医疗补助（项）："


def seed3_figures(tmp_path, old: str, new: str):
    path = seed_with(tmp_path, "003_051c06d5053f29b3", [(old, new)])
    disc = parse(path)
    return disc, [c for c in disc.narrative.claims if c.text.startswith("1.28") and "预算数为" in c.sentence]


@pytest.mark.parametrize("old, new", [
    (ITEM_HEAD, "一般公共预算当年拨款主要情况如下："),
    (ITEM_HEAD, "一般公共预算当年拨款具体情况详见下表："),
    (ITEM_HEAD + "\n\n2025 年预算数为", "一般公共预算当年拨款具体情况如下：2025 年预算数为"),
])
def test_a_line_that_announces_details_names_no_item(tmp_path, old, new):
    """"…具体情况如下：" before "2025 年预算数为 1.28 万元": the figures are of a part the words do
    not name, not of the whole the line names (they were read as 一般公共预算's: a false N-AMOUNT)."""
    disc, claims = seed3_figures(tmp_path, old, new)
    assert [(c.kind, c.subject.concept) for c in claims] == [("amount", None), ("change", None)]
    assert errors_on(disc, "1.28") == []


def test_an_items_heading_line_still_names_it(tmp_path):
    """Near miss: the item's own heading with its colon still names the figures after it."""
    _, claims = seed3_figures(tmp_path, ITEM_HEAD, " 7、卫生健康支出（类）行政事业单位医疗（款）公务员医疗补助（项）支出情况：")
    assert [(c.kind, c.subject.concept) for c in claims] == [("amount", "function:2101103"), ("change", "function:2101103")]


def test_details_announced_in_final_accounts(tmp_path):
    """The 决算 form: "…支出决算具体情况如下：" and then "年初预算为 A 万元，支出决算为 B 万元"."""
    from finals import final_accounts
    path = tmp_path / "final.txt"
    path.write_text(final_accounts({
        "（三）具体情况。\n\n1.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。年初预算为":
        "（三）一般公共预算财政拨款支出决算具体情况如下：\n\n年初预算为"}), encoding="utf-8")
    disc = parse(path)
    claims = [c for c in disc.narrative.claims if c.sentence.startswith("年初预算为500.00")]
    assert [c.subject.concept for c in claims] == [None, None, None]
    assert errors_on(disc, "520.36") == []


@pytest.mark.parametrize("text, concept, prior", [
    ("基本支出 243.90 万元。主要原因是本年在岗人员减少。与上年相比减少 136.57 万元，下降 35.90%。",
     "nature:basic", "380.47"),
    ("项目支出 34.00 万元。由于电子政务外网专项运行维护费减少。比上年预算减少 59.40 万元。", "nature:project", "93.40"),
])
def test_a_comparison_after_a_reason_of_its_own(tmp_path, text, concept, prior):
    """"…决算为 X 万元。决算数小于预算数的主要原因是…。与上年相比减少 Y 万元": the reason's
    sentence, without a figure, stands between the amount and its change (the change's subject
    was the last 20 characters of the text, of no concept)."""
    _, claims = claims_of(tmp_path, text)
    change = next(c for c in claims if c.kind == "change")
    assert (change.subject.concept, change.implied_prior) == (concept, Decimal(prior))


def test_a_comparison_after_another_items_words_stays_unnamed(tmp_path):
    """Near miss: a sentence between that is no reason may speak of something else."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元。项目支出用于网站运行维护。与上年相比减少 136.57 万元。")
    change = next(c for c in claims if c.kind == "change")
    assert change.subject.concept != "nature:basic" and change.implied_prior is None


ALLOCATION_3 = "资金分配情况：克州电子政务内、外网电信IDC机房托管费（电费）6万元，电子政务内网运行维护费7万元"


def allocation_of(tmp_path, new: str) -> list[tuple[str, Decimal]]:
    disc = parse(seed_with(tmp_path, "000_9131eab83374bb33", [(ALLOCATION_3, new)]))
    project = next(p for p in disc.narrative.projects if p.name == "克州电子政务内外网运行维护费")
    return [(i.name, i.amount) for i in project.allocation]


@pytest.mark.parametrize("new", [
    ALLOCATION_3,
    "资金分配情况：1.克州电子政务内、外网电信IDC机房托管费（电费）6万元；2.电子政务内网运行维护费7万元。",
    "资金分配情况：（1）克州电子政务内、外网电信IDC机房托管费（电费）6万元；（2）电子政务内网运行维护费7万元。",
])
def test_an_allocation_items_name_with_a_dun_and_a_list_mark(tmp_path, new):
    """"内、外网…托管费6万元": the name cut at its 、 lost its start; "2.电子政务…" kept its mark."""
    assert allocation_of(tmp_path, new) == [
        ("克州电子政务内、外网电信IDC机房托管费（电费）", Decimal(6)), ("电子政务内网运行维护费", Decimal(7))]


@pytest.mark.parametrize("new, items", [
    # items split by 、, each with its amount, stay two
    ("资金分配情况：机房托管费6万元、内网运行维护费7万元", [("机房托管费", 6), ("内网运行维护费", 7)]),
    # words before a comma name no item
    ("资金分配情况：主要用于以下方面，机房托管费6万元，内网运行维护费7万元",
     [("机房托管费", 6), ("内网运行维护费", 7)]),
    # a figure with a point is no list mark
    ("资金分配情况：机房托管费1.5万元，内网运行维护费11.5万元", [("机房托管费", Decimal("1.5")), ("内网运行维护费", Decimal("11.5"))]),
])
def test_allocation_items_as_before(tmp_path, new, items):
    assert allocation_of(tmp_path, new) == [(name, Decimal(value)) for name, value in items]
