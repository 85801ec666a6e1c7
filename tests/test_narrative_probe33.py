"""Narrative wordings of other regions probed in session 33.

- change verbs beyond 增加/减少: "比上年提高 X 万元", "比上年调减 X 万元", "比上年预算下调",
  "减支", "上涨": the figure is a change (it was read as the item's amount, a false N-AMOUNT error);
- a comparison on a stated basis ("同口径比上年减少", "与上年同口径相比", "剔除一次性因素后比上年",
  "可比口径下"): the change is still the item's (its subject was "同口径", or 项目支出 of
  "扣除一次性项目支出后"), with the implied prior of the item's amount.
"""

from decimal import Decimal

import pytest
from test_narrative_brackets import claims_of
from test_robustness import seed_with

from budgetlens.checks import check
from budgetlens.pipeline import parse


def errors_on(disc, figure: str) -> list[str]:
    return [f.message for f in check(disc).findings if f.severity == "error" and figure in f.message]


@pytest.mark.parametrize("sentence, direction, change, prior", [
    ("基本支出 243.90 万元，比上年提高 10.00 万元，提高 4.27%。", "increase", "10.00", "233.90"),
    ("基本支出 243.90 万元，比上年上涨 10.00 万元。", "increase", "10.00", "233.90"),
    ("基本支出 243.90 万元，比上年调增 10.00 万元。", "increase", "10.00", "233.90"),
    ("基本支出 243.90 万元，比上年预算调减 136.57 万元。", "decrease", "136.57", "380.47"),
    ("基本支出 243.90 万元，较上年预算下调 136.57 万元，下调 35.90%。", "decrease", "136.57", "380.47"),
    ("基本支出 243.90 万元，比上年减支 136.57 万元。", "decrease", "136.57", "380.47"),
])
def test_other_change_verbs(tmp_path, sentence, direction, change, prior):
    disc, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.subject.text, c.value) for c in claims][:2] == [
        ("amount", "基本支出", Decimal("243.90")), ("change", "基本支出", Decimal(change))]
    assert (claims[1].direction, claims[1].implied_prior) == (direction, Decimal(prior))
    assert all(c.direction == direction for c in claims[2:]) and [c.kind for c in claims[2:]] in ([], ["rate"])
    assert errors_on(disc, change) == []


def test_points_after_a_raise_are_a_change_of_the_share(tmp_path):
    """"比上年提高 2.50 个百分点" as "比上年下降 2.50 个百分点": a change of the share."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，占 87.77%，比上年提高 2.50 个百分点。")
    assert (claims[-1].kind, claims[-1].unit, claims[-1].direction) == ("change", "个百分点", "increase")



@pytest.mark.parametrize("sentence", [
    "基本支出 243.90 万元，同口径比上年预算减少 136.57 万元，下降 35.90%。",
    "基本支出 243.90 万元，与上年同口径相比减少 136.57 万元，下降 35.90%。",
    "基本支出 243.90 万元，可比口径下比上年减少 136.57 万元，下降 35.90%。",
    "基本支出 243.90 万元，按可比口径计算较上年减少 136.57 万元，下降 35.90%。",
    "基本支出 243.90 万元，剔除一次性因素后比上年预算减少 136.57 万元，下降 35.90%。",
    "基本支出 243.90 万元，扣除一次性项目支出后较上年减少 136.57 万元，下降 35.90%。",
])
def test_a_comparison_on_a_stated_basis_is_the_items(tmp_path, sentence):
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.subject.text) for c in claims] == [
        ("amount", "基本支出"), ("change", "基本支出"), ("rate", "基本支出")]
    assert claims[1].implied_prior == Decimal("380.47") and claims[1].subject.coords is not None


@pytest.mark.parametrize("sentence, threshold, count", [
    # Shanghai's template: "单价100万元（含）以上设备（不含车辆）N台（套）"
    ("部门预算安排购置单价 100 万元（含）以上设备（不含车辆）0 台（套）。", "100", "0"),
    ("单位价值 50 万元（含 50 万元）以上的设备 0 台。", "50", "0"),
    ("单位价值 100 万元以上（含 100 万元）设备 2 台（套）。", "100", "2"),
    ("单位价值 50 万元（含本数）以上的大型设备 1 台。", "50", "1"),
])
def test_a_threshold_that_includes_its_bound(tmp_path, sentence, threshold, count):
    """"100万元（含）以上": a bound of which equipment is counted, no amount of money (the bracket
    kept 100 from 以上, and "（含100万元）" was read as a second amount)."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.value) for c in claims] == [("threshold", Decimal(threshold)), ("count", Decimal(count))]
    assert not claims[1].subject.text.startswith(("（", "以上")) and "以上" not in claims[1].subject.text


@pytest.mark.parametrize("sentence", [
    "基本支出 243.90 万元，比上年预算减少 136.57 万元，主要原因是：1.人员调出；2.压减公用经费 6.57 万元。",
    "基本支出 243.90 万元，比上年预算减少 136.57 万元，主要原因是：（1）人员调出；（2）减少公用经费 6.57 万元。",
    "基本支出 243.90 万元，比上年预算减少 136.57 万元，主要原因是：一是人员调出；二是压减公用经费 6.57 万元。",
])
def test_a_numbered_reason_that_opens_with_its_verb(tmp_path, sentence):
    """A reason listed with its number ("2.压减公用经费 X 万元") is a change of the item, as without
    the number (it was read as 公用经费's amount, a false N-AMOUNT error)."""
    disc, claims = claims_of(tmp_path, sentence)
    last = claims[-1]
    assert (last.kind, last.subject.concept, last.direction, last.value) == \
        ("change", "basic:public", "decrease", Decimal("6.57"))
    assert errors_on(disc, "6.57") == []


@pytest.mark.parametrize("sentence, kind, unit", [
    ("基本支出 243.90 万元，占比较上年下降 1.50%。", "percent", "%"),
    ("基本支出 243.90 万元，占支出总额的比重较上年下降 1.50%。", "percent", "%"),
    ("基本支出 243.90 万元，占支出总额的比重同比提高 1.50%。", "percent", "%"),
    ("基本支出 243.90 万元，占支出总额的比重比上年下降 2.50 个百分点。", "change", "个百分点"),
])
def test_a_shares_change_in_its_own_clause(tmp_path, sentence, kind, unit):
    """"占比较上年下降 1.50%" is the share's change: no share of 1.50% (a false N-SHARE), no rate of
    the whole the words name ("占支出总额的比重" was the subject, 支出总额 its concept)."""
    disc, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.subject.concept, c.unit) for c in claims] == [
        ("amount", "nature:basic", "万元"), (kind, "nature:basic", unit)]
    assert errors_on(disc, "1.50") == []


def test_a_share_and_then_a_rate_stay_so(tmp_path):
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，占支出总额的 87.77%，比上年下降 35.90%。")
    assert [(c.kind, c.subject.concept) for c in claims] == [
        ("amount", "nature:basic"), ("share", "nature:basic"), ("rate", "nature:basic")]


PERF = ("2026年,本部门预算绩效管理整体预算绩效目标1个,涉及预算金额277.90万元;当年预算安排项目共3个,其中:"
        "财政拨款项目涉及预算金额34.00万元;非财政拨款项目涉及预算金额0.00万元。")


@pytest.mark.parametrize("text", [
    "2026年共有3个项目实行绩效目标管理，涉及一般公共预算拨款34.00万元。",
    "2026年本部门共3个项目纳入绩效目标管理，涉及一般公共预算拨款34.00万元。",
])
def test_what_is_counted_after_its_figure(tmp_path, text):
    """"共有3个项目实行绩效目标管理，涉及一般公共预算拨款 X": the projects' money (the count's
    subject was "共有", the amount's 一般公共预算: a false N-AMOUNT error against 表1's total)."""
    path = seed_with(tmp_path, "000_9131eab83374bb33", [(PERF, text)])
    disc = parse(path)
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in t)
    claims = [c for c in disc.narrative.claims if c.provenance.line == line]
    assert [(c.kind, c.subject.text, c.subject.concept) for c in claims] == [
        ("count", "项目", None), ("amount", "项目涉及一般公共预算拨款", "projects:counted")]
    assert errors_on(disc, "34.00") == []


HOUSING = ("7、住房保障支出（类）住房改革支出（款）住房公积金（项）：2026年预算数为18.53万元，比上年预算增加18.53万元，"
           "增长100.00%，主要原因是人员工资基数调增，公积金缴费基数上涨，相应支出增加。")


def test_phase_words_after_the_item_in_the_paragraph(tmp_path):
    """Shanghai's districts (2024): "1. “A（类）B（款）C（项）”X万元，主要用于…。2023年当年预算执行数为P万元，
    2024年预算安排X万元，比2023年预算执行数减少R%。": P is last year's figure of the item, X its
    amount and R its rate (their subjects were "当年预算执行数" and "预算安排", which name nothing)."""
    text = ("7. “住房保障支出（类）住房改革支出（款）住房公积金（项）”18.53万元，主要用于缴纳住房公积金。"
            "2025年当年预算执行数为12.00万元，2026年预算安排18.53万元，比2025年预算执行数增加54.42%。")
    path = seed_with(tmp_path, "000_9131eab83374bb33", [(HOUSING, text)])
    disc = parse(path)
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in t)
    claims = [c for c in disc.narrative.claims if c.provenance.line == line]
    assert [(c.kind, c.subject.concept, c.value) for c in claims] == [
        ("amount", "function:2210201", Decimal("18.53")), ("prior", "function:2210201", Decimal("12.00")),
        ("amount", "function:2210201", Decimal("18.53")), ("rate", "function:2210201", Decimal("54.42"))]


def test_phase_words_in_a_paragraph_of_their_own_stay_unnamed(tmp_path):
    """Without the item in the paragraph, the words name nothing (no item of another paragraph)."""
    text = "2026年预算安排18.53万元。"
    path = seed_with(tmp_path, "000_9131eab83374bb33", [(HOUSING, text)])
    disc = parse(path)
    [claim] = [c for c in disc.narrative.claims if c.text.startswith("18.53") and "预算安排" in c.sentence]
    assert claim.subject.concept is None


@pytest.mark.parametrize("sentence, concept", [
    ("基本支出 243.90 万元，支出包括一般公共服务支出 211.11 万元。", "function:201"),
    ("基本支出 243.90 万元，支出预算主要包括一般公共服务支出 211.11 万元。", "function:201"),
    ("基本支出 243.90 万元，本年支出包括人员经费 235.38 万元。", "basic:personnel"),
])
def test_what_a_total_includes_without_a_colon(tmp_path, sentence, concept):
    """"支出包括一般公共服务支出 X 万元": the item named after 包括 (the subject was the whole
    phrase, which names no function class)."""
    _, claims = claims_of(tmp_path, sentence)
    assert claims[-1].subject.concept == concept


@pytest.mark.parametrize("sentence, basis", [
    ("基本支出 243.90 万元，比去年减少 136.57 万元，下降 35.90%。", "上年"),
    ("基本支出 243.90 万元，较去年预算减少 136.57 万元。", "上年预算"),
    ("基本支出 243.90 万元，与去年相比减少 136.57 万元。", "上年"),
    ("基本支出 243.90 万元，较上年预计执行减少 136.57 万元。", "上年执行数"),
    ("基本支出 243.90 万元，比上年预算执行减少 136.57 万元。", "上年执行数"),
])
def test_last_year_in_other_words(tmp_path, sentence, basis):
    """去年 is 上年 (the change's subject was "比去年"); 上年预计执行 is what was spent, without its 数."""
    _, claims = claims_of(tmp_path, sentence)
    change = claims[1]
    assert (change.kind, change.subject.concept, change.basis, change.implied_prior) == \
        ("change", "nature:basic", basis, Decimal("380.47"))


def test_a_wholes_figure_in_brackets_after_share_words(tmp_path):
    """"占部门预算支出总额（277.90万元）的87.77%": 277.90 is the whole's, not the item's (a false
    N-AMOUNT error when the share's words were cut from every subject)."""
    disc, claims = claims_of(tmp_path, "基本支出 243.90 万元，占部门预算支出总额（277.90 万元）的 87.77%。")
    assert claims[1].subject.concept == "total"
    assert errors_on(disc, "277.90") == []


@pytest.mark.parametrize("sentence, figures", [
    # what is carried over from last year is no part of this year's 基本/项目支出
    ("上年结转结余 0.00 万元，其中：基本支出结转 0.00 万元，项目支出结转 0.00 万元。", ("0.00",)),
    ("上年结转结余 0.00 万元，其中：基本支出结余 0.00 万元，项目支出结转和结余 0.00 万元。", ("0.00",)),
    # a staff group's 人员经费 is a part of the 人员经费 of 表6
    ("基本支出 243.90 万元，其中：在职人员经费 200.00 万元，离退休人员经费 35.38 万元。", ("200.00", "35.38")),
    ("基本支出 243.90 万元，其中：编外人员经费 10.00 万元。", ("10.00",)),
])
def test_parts_that_are_not_the_table_rows_they_name(tmp_path, sentence, figures):
    disc, claims = claims_of(tmp_path, sentence)
    assert all(c.subject.coords is None for c in claims[1:])
    assert [e for figure in figures for e in errors_on(disc, figure)] == []


def test_the_personnel_costs_of_the_basic_spending_stay_so(tmp_path):
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，其中：人员经费 235.38 万元，公用经费 8.52 万元。")
    assert [c.subject.concept for c in claims] == ["nature:basic", "basic:personnel", "basic:public"]


@pytest.mark.parametrize("sentence, concept", [
    ("基本支出 243.90 万元，公用经费中办公费 5.40 万元。", None),
    ("基本支出 243.90 万元，其中基本支出中的办公费 5.40 万元。", None),
    ("基本支出 243.90 万元，人员经费主要用于基本工资 78.27 万元。", None),
    ("基本支出 243.90 万元，基本支出用于办公费 5.40 万元。", None),
    ("基本支出 243.90 万元，项目支出中信息化项目 30.00 万元。", None),
    ("基本支出 243.90 万元，财政拨款中安排会议费 2.00 万元。", None),
    ("基本支出 243.90 万元，“三公”经费中公务接待费 0.00 万元。", "three_public:reception"),
    ("基本支出 243.90 万元，基本支出中人员经费 235.38 万元。", "basic:personnel"),
])
def test_a_part_named_after_its_whole(tmp_path, sentence, concept):
    """"公用经费中办公费 X 万元", "人员经费主要用于基本工资 X 万元": X is the part's, named after 中/用于,
    not the whole's (a false N-AMOUNT error against 公用经费, 人员经费, …)."""
    disc, claims = claims_of(tmp_path, sentence)
    assert claims[-1].subject.concept == concept
    assert errors_on(disc, claims[-1].text.replace("万元", "").strip()) == []


@pytest.mark.parametrize("sentence, concept", [
    ("基本支出 243.90 万元，面向中小企业预留 0.51 万元。", "procurement:sme"),
    ("基本支出 243.90 万元，一般公共预算中央转移支付 0.00 万元。", "source:gpb"),
])
def test_words_with_zhong_that_name_no_part(tmp_path, sentence, concept):
    _, claims = claims_of(tmp_path, sentence)
    assert claims[-1].subject.concept == concept


@pytest.mark.parametrize("sentence", [
    "基本支出 243.90 万元、项目支出 34.00 万元，比上年分别减少 136.57 万元、59.40 万元，分别下降 35.90%、63.60%。",
    "基本支出 243.90 万元、项目支出 34.00 万元，同比分别减少 136.57 万元、59.40 万元，分别下降 35.90%、63.60%。",
])
def test_respectively_after_the_comparison(tmp_path, sentence):
    """"比上年分别减少 X、Y": the items listed before, in order (Y was read as 项目支出's amount and X
    as its change: a false N-AMOUNT and a false N-CHANGE-RATE)."""
    disc, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.subject.concept, c.value) for c in claims] == [
        ("amount", "nature:basic", Decimal("243.90")), ("amount", "nature:project", Decimal("34.00")),
        ("change", "nature:basic", Decimal("136.57")), ("change", "nature:project", Decimal("59.40")),
        ("rate", "nature:basic", Decimal("35.90")), ("rate", "nature:project", Decimal("63.60"))]
    assert claims[3].implied_prior == Decimal("93.40")
    assert [f for f in check(disc).findings if f.severity == "error" and f.rule.startswith("N-")] == []


@pytest.mark.parametrize("sentence, basis", [
    ("基本支出 243.90 万元，与上年数一致。", "上年"),            # Jiangsu's provincial departments
    ("基本支出 243.90 万元，与上年预算相同。", "上年预算"),
    ("基本支出 243.90 万元，与上年一致。", "上年"),
])
def test_the_same_as_last_year_in_other_words(tmp_path, sentence, basis):
    """"与上年数一致" says 持平: last year's figure was this year's."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.direction, c.basis, c.implied_prior) for c in claims[1:]] == [
        ("change", "flat", basis, Decimal("243.90"))]


def test_a_basis_the_same_as_last_year_is_no_change(tmp_path):
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，统计口径与上年一致。")
    assert [c.kind for c in claims] == ["amount"]


@pytest.mark.parametrize("sentence, direction", [
    ("基本支出 243.90 万元，比上年节约 136.57 万元。", "decrease"),
    ("基本支出 243.90 万元，较上年预算节支 136.57 万元。", "decrease"),
    ("基本支出 243.90 万元，比上年超支 136.57 万元。", "increase"),
])
def test_saved_and_overspent_after_a_comparison(tmp_path, sentence, direction):
    """"比上年节约 X 万元", "超支": a change (it was read as the item's amount: a false N-AMOUNT)."""
    disc, claims = claims_of(tmp_path, sentence)
    assert (claims[1].kind, claims[1].subject.concept, claims[1].direction) == ("change", "nature:basic", direction)
    assert errors_on(disc, "136.57") == []


@pytest.mark.parametrize("sentence, concept", [
    ("基本支出 243.90 万元，基本支出安排的办公设备购置费 3.00 万元。", None),
    ("基本支出 243.90 万元，人员经费安排的奖金 6.52 万元。", None),
    ("基本支出 243.90 万元，单位资金安排的差旅费 1.00 万元。", None),
    ("基本支出 243.90 万元，“三公”经费预算安排的公务用车运行维护费 0.00 万元。", "three_public:vehicle_operation"),
])
def test_a_part_funded_by_its_whole(tmp_path, sentence, concept):
    """"人员经费安排的奖金 X 万元": the part's (a false N-AMOUNT error against 人员经费)."""
    disc, claims = claims_of(tmp_path, sentence)
    assert claims[-1].subject.concept == concept
    assert errors_on(disc, claims[-1].text.replace("万元", "").strip()) == []


EXPENDITURE = "基本支出 243.90 万元，占 87.77%，比上年预算减少 136.57 万元，下降 35.90%，主要原因是本年在岗人员减少，相关经费支出减少。"


@pytest.mark.parametrize("text", [
    "一般公共预算支出中基本支出 243.90 万元。",
    "财政拨款支出中的基本支出 243.90 万元。",
])
def test_a_part_of_fiscal_money_keeps_its_source(tmp_path, text):
    """"一般公共预算支出中基本支出" in the 支出预算 section: 表5's 基本支出, not the 支出总表's of every
    source (the words of the whole name the money the part is of)."""
    path = seed_with(tmp_path, "000_9131eab83374bb33", [(EXPENDITURE, text)])
    disc = parse(path)
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in t)
    [claim] = [c for c in disc.narrative.claims if c.provenance.line == line]
    assert (claim.subject.concept, claim.subject.coords.table_kind) == ("nature:basic", "gpb_expenditure")


@pytest.mark.parametrize("reason, concept, direction", [
    ("一是人员调出减少人员经费 130.00 万元", "basic:personnel", "decrease"),
    ("因新增人员增加人员经费 30.00 万元", "basic:personnel", "increase"),
    ("厉行节约压减公用经费 6.57 万元", "basic:public", "decrease"),
])
def test_a_reason_that_names_its_cause_then_the_change(tmp_path, reason, concept, direction):
    """"人员调出减少人员经费 X 万元": the cause, then a change of the item (it was read as 人员经费's
    amount: a false N-AMOUNT error)."""
    sentence = f"基本支出 243.90 万元，比上年预算减少 136.57 万元，主要原因是：{reason}。"
    disc, claims = claims_of(tmp_path, sentence)
    last = claims[-1]
    assert (last.kind, last.subject.concept, last.direction) == ("change", concept, direction)
    assert errors_on(disc, last.text.replace("万元", "").strip()) == []


@pytest.mark.parametrize("sentence", [
    "基本支出 243.90 万元，其中工业增加值统计经费 5.00 万元。",
    "基本支出 243.90 万元，用于减少碳排放的设备购置 5.00 万元。",
])
def test_a_verb_inside_a_name_is_no_change(tmp_path, sentence):
    _, claims = claims_of(tmp_path, sentence)
    assert [c.kind for c in claims] == ["amount", "amount"]


def test_an_items_spending_of_fiscal_money_names_no_source_total(tmp_path):
    """Jiangsu: "一般公共预算拨款安排的会议费预算支出 X 万元": the meetings' spending, no total of
    一般公共预算 (its words are the item's, without the source's)."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，一般公共预算拨款安排的会议费预算支出 2.00 万元。")
    assert (claims[-1].subject.text, claims[-1].subject.concept) == ("会议费预算支出", None)


@pytest.mark.parametrize("text", [
    "基本支出243.90万元，其中：一般公共预算拨款243.90万元。",
    "项目支出34.00万元，资金来源为一般公共预算拨款34.00万元。",
    "项目支出34.00万元，其中：财政拨款34.00万元，单位资金0.00万元。",
])
def test_the_sources_of_a_spending_are_its_own(tmp_path, text):
    """"基本支出 X 万元，其中：一般公共预算拨款 X 万元": the money 基本支出 is paid from, not the
    whole 一般公共预算 income of 表1 (a false N-AMOUNT error)."""
    disc, claims = claims_of(tmp_path, text)
    assert claims[0].subject.coords is not None
    assert all(c.subject.coords is None and c.subject.concept for c in claims[1:])
    assert [f.message for f in check(disc).findings if f.severity == "error" and f.rule == "N-AMOUNT"] == []


def test_an_items_figures_after_its_heading_line(tmp_path):
    """Seed 003: "7、…公务员医疗补助（项）：" ends its line, "2025 年预算数为 1.28 万元，比上年预算增加
    1.28 万元…" follows as a paragraph of its own: the figures are the item's (their subject was
    "预算数", which names nothing)."""
    from conftest import EXAMPLES
    disc = parse(EXAMPLES / "003_051c06d5053f29b3.txt")
    claims = [c for c in disc.narrative.claims if c.text.startswith("1.28") and "预算数为" in c.sentence]
    assert [(c.kind, c.subject.concept) for c in claims] == [
        ("amount", "function:2101103"), ("change", "function:2101103")]


@pytest.mark.parametrize("sentence, threshold, count", [
    ("基本支出 243.90 万元，单位价值 50 万元及以上的设备 0 台。", "50", "0"),
    ("基本支出 243.90 万元，单价在 50 万元（不含）以下的设备 3 台。", "50", "3"),
])
def test_a_bound_with_ji_or_excluded(tmp_path, sentence, threshold, count):
    """"50万元及以上", "50万元（不含）以下": a bound, no amount (50 was read as 基本支出's value: a
    false N-AMOUNT error)."""
    disc, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.value) for c in claims[1:]] == [("threshold", Decimal(threshold)), ("count", Decimal(count))]
    assert errors_on(disc, threshold) == []
