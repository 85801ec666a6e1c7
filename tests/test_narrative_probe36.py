"""Narrative wordings probed in session 36.

- "比2024年预算减少 X 万元" in a 2026 document was read as a change on last year's budget
  (上年预算): the basis follows the year printed ("2024年预算"), so no check takes it for last
  year's figure; "2024年基本支出预算为 X 万元" was read as this year's 基本支出 (a table figure
  to check): it is an amount of that year, with no table coordinates;
- money in financial numerals with 角 and 分 ("…柒元捌角玖分") lost them (1234567 元);
- "基本支出2026年预算数为 X 万元": the item named before the year was dropped and the figure
  given the paragraph's subject (一般公共预算拨款).
"""

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from test_narrative_brackets import claims_of

from budgetlens.pipeline import parse

sys.path.insert(0, str(Path(__file__).parent))
import finals


def changes(claims):
    return [(c.subject.text, c.value, c.basis) for c in claims if c.kind == "change"]


@pytest.mark.parametrize("sentence, basis", [
    ("基本支出 243.90 万元，比2024年预算减少 136.57 万元，下降 35.90%。", "2024年预算"),
    ("基本支出 243.90 万元，较2023年执行数减少 136.57 万元。", "2023年执行数"),
    ("基本支出 243.90 万元，与2024年相比，减少 136.57 万元。", "2024年"),
])
def test_a_change_on_a_year_before_last_keeps_its_year(tmp_path, sentence, basis):
    """The 2026 document compares with 2024: not last year's budget (上年预算)."""
    _, claims = claims_of(tmp_path, sentence)
    assert changes(claims) == [("基本支出", Decimal("136.57"), basis)]


@pytest.mark.parametrize("sentence, basis", [
    ("基本支出 243.90 万元，比2025年预算减少 136.57 万元，下降 35.90%。", "上年预算"),
    ("基本支出 243.90 万元，比上年预算减少 136.57 万元，下降 35.90%。", "上年预算"),
])
def test_a_change_on_last_year_named_by_its_year_is_still_last_years(tmp_path, sentence, basis):
    """Near miss: 2025 in the 2026 document is last year."""
    _, claims = claims_of(tmp_path, sentence)
    assert changes(claims) == [("基本支出", Decimal("136.57"), basis)]


def test_flat_on_a_year_before_last_keeps_its_year(tmp_path):
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，与2024年持平。")
    assert changes(claims) == [("基本支出", Decimal(0), "2024年")]


def final_claims(tmp_path, old: str, new: str, said: str | None = None):
    """The claims of the sentence `said` (else `new`) in the 决算 written with `new` for `old`."""
    path = tmp_path / "final.txt"
    path.write_text(finals.final_accounts({old: new}), encoding="utf-8")
    disc = parse(path)
    said = (said or new).replace(" ", "")
    return [c for c in disc.narrative.claims if said in c.sentence.replace(" ", "")]


@pytest.mark.parametrize("comparison, basis", [("与2022年相比", "2022年"), ("与2023年相比", "上年"), ("与上年相比", "上年")])
def test_a_final_accounts_change_follows_its_year(tmp_path, comparison, basis):
    """The 2024 决算: 2023 is last year, 2022 the year before."""
    claims = final_claims(tmp_path, "与上年相比，收、支总计各增加40.00万元", f"{comparison}，收、支总计各增加40.00万元")
    assert {c.basis for c in claims if c.kind == "change"} == {basis}


def test_a_figure_of_a_year_before_last_is_no_table_figure(tmp_path):
    """"2024年基本支出预算为 X" in the 2026 document: neither this year's 基本支出 nor last year's."""
    _, claims = claims_of(tmp_path, "2024年基本支出预算为 380.47 万元。")
    assert [(c.kind, c.subject.text, c.subject.concept, c.subject.coords, c.value) for c in claims] == [
        ("amount", "2024年基本支出预算", None, None, Decimal("380.47"))]


@pytest.mark.parametrize("sentence, kind, concept", [
    ("2025年基本支出预算为 380.47 万元。", "prior", "nature:basic"),
    ("2026年基本支出预算为 380.47 万元。", "amount", "nature:basic"),
    ("截至2024年底，资产总额 380.47 万元。", "amount", "asset:total"),
    ("截至2024年12月31日，资产总额 380.47 万元。", "amount", "asset:total"),
])
def test_figures_of_this_and_last_year_and_stocks_dated_before(tmp_path, sentence, kind, concept):
    """Near miss: the document's year, last year, and a stock's date (截至2024年底) keep their readings."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.kind, c.subject.concept) for c in claims] == [(kind, concept)]


@pytest.mark.parametrize("sentence, figures", [
    ("合同金额为人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分。", [("合同金额", "1234567.89", "元", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分")]),
    ("邮电费叁元伍角，电费壹佰元零伍分。", [("邮电费", "3.5", "元", "叁元伍角"), ("电费", "100.05", "元", "壹佰元零伍分")]),
])
def test_money_in_financial_numerals_with_jiao_and_fen(tmp_path, sentence, figures):
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.text, c.value, c.unit, c.text) for c in claims] == [
        (name, Decimal(value), unit, printed) for name, value, unit, printed in figures]


@pytest.mark.parametrize("sentence, figures", [
    ("印刷费伍万元整。", [("印刷费", "5", "万元", "伍万元")]),
    ("邮电费叁元分两次支付。", [("邮电费", "3", "元", "叁元")]),
])
def test_money_in_numerals_without_jiao_or_fen(tmp_path, sentence, figures):
    """Near miss: 整 and a 分 that is a word (分两次) are no cents."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.text, c.value, c.unit, c.text) for c in claims] == [
        (name, Decimal(value), unit, printed) for name, value, unit, printed in figures]


def test_the_item_named_before_the_year(tmp_path):
    _, claims = claims_of(tmp_path, "基本支出2026年预算数为 243.90 万元。")
    assert [(c.subject.text, c.subject.concept) for c in claims] == [("基本支出", "nature:basic")]


def test_an_own_unit_before_the_year_names_no_item(tmp_path):
    """Near miss: "本部门2026年预算数为" names the unit, not an item."""
    _, claims = claims_of(tmp_path, "本部门2026年预算数为 243.90 万元。")
    assert [c.subject.text for c in claims] != ["本部门"]


def test_years_in_a_reason_before_name_no_basis(tmp_path):
    """Near miss: "主要原因是2024年与2026年均未安排" joins two years, and a change after it in the
    paragraph still compares with last year."""
    _, claims = claims_of(tmp_path, "公务接待费 3.00 万元，比上年减少 1.00 万元，主要原因是2024年与2026年均未安排；"
                                    "公务用车运行维护费增加 0.00 万元。")
    assert [c.basis for c in claims if c.kind == "change"] == ["上年", "上年"]


@pytest.mark.parametrize("sentence, subject, unit", [
    ("在职人员 12 人，人员经费 243.90 万元，比上年增加 10 人。", "在职人员", "人"),
    ("人员经费 243.90 万元，在职人员 12 人，比上年增加 10.00 万元。", "人员经费", "万元"),
])
def test_a_change_is_of_the_figure_in_its_unit(tmp_path, sentence, subject, unit):
    """A count and an amount in one sentence: "比上年增加 10 人" is the staff's change, not the money's."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.text, c.unit) for c in claims if c.kind == "change"] == [(subject, unit)]


@pytest.mark.parametrize("sentence, subject, prior", [
    ("人员经费 243.90 万元，比上年增加 10.00 万元。", "人员经费", Decimal("233.90")),
    ("公用经费 20.00 万元，人员经费 243.90 万元，比上年增加 10.00 万元。", "人员经费", Decimal("233.90")),
])
def test_a_change_after_figures_of_one_unit_is_the_last_ones(tmp_path, sentence, subject, prior):
    """Near miss: figures in one unit only, the change is the last one's as before."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.text, c.implied_prior) for c in claims if c.kind == "change"] == [(subject, prior)]


def test_percentage_points_are_quoted_whole(tmp_path):
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，比上年下降 2.5 个百分点。")
    assert [(c.kind, c.value, c.unit, c.text) for c in claims][-1] == ("change", Decimal("2.5"), "个百分点", "2.5个百分点")


@pytest.mark.parametrize("sentence, subject, concept", [
    ("本年预算数一般公共预算支出 243.90 万元。", "一般公共预算支出", "source:gpb"),
    ("一般公共预算支出本年预算数为 243.90 万元。", "一般公共预算支出", "source:gpb"),
    ("基本支出预算数 243.90 万元。", "基本支出", "nature:basic"),
    ("“三公”经费预算数为 5.00 万元。", "“三公”经费", "three_public:total"),
])
def test_the_phase_printed_with_an_item_is_no_part_of_its_name(tmp_path, sentence, subject, concept):
    """The phase is the claim's coordinates' (本年预算 in a budget); the subject names the item."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.text, c.subject.concept, c.subject.coords.phase) for c in claims] == [(subject, concept, "本年预算")]


@pytest.mark.parametrize("sentence, subject", [
    ("政府性基金预算 243.90 万元。", "政府性基金预算"),
    ("收入预算 243.90 万元。", "收入预算"),
    ("本年度预算绩效管理的财政拨款项目涉及预算金额 50.00 万元。", "本年度预算绩效管理的财政拨款项目涉及预算金额"),
])
def test_a_names_own_budget_word_stays(tmp_path, sentence, subject):
    """Near miss: 预算 in a name (政府性基金预算, 收入预算 the whole, 预算绩效) is no phase."""
    _, claims = claims_of(tmp_path, sentence)
    assert [c.subject.text for c in claims] == [subject]


def test_a_final_accounts_budget_figure_keeps_its_phase(tmp_path):
    """The 决算's "基本支出年初预算为 A，支出决算为 B": one item, its two phases in the coordinates."""
    sentence = "基本支出年初预算为 600.00 万元，支出决算为 660.88 万元。"
    claims = final_claims(tmp_path, "一、收入支出决算总体情况说明\n", f"一、收入支出决算总体情况说明\n\n{sentence}\n", sentence)
    assert [(c.subject.text, c.subject.coords.phase, c.value) for c in claims if c.kind == "amount"] == [
        ("基本支出", "年初预算", Decimal("600.00")), ("基本支出", "决算", Decimal("660.88"))]


@pytest.mark.parametrize("sentence, subject, kind, concept", [
    ("财政拨款上年结转 4.00 万元。", "财政拨款上年结转", "amount", "source:fiscal_carryover"),
    ("上年财政拨款结转 4.00 万元。", "上年财政拨款结转", "amount", "source:fiscal_carryover"),
])
def test_money_carried_over_from_last_year_is_this_years(tmp_path, sentence, subject, kind, concept):
    """"财政拨款上年结转" was the 财政拨款 total, and "上年财政拨款结转" last year's figure (a
    prior): both are the fiscal carry-over into this year."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.text, c.kind, c.subject.concept) for c in claims][-1] == (subject, kind, concept)


@pytest.mark.parametrize("sentence, subject, kind, concept", [
    ("上年财政拨款 4.00 万元。", "上年财政拨款", "prior", "fiscal:total"),
    ("上年结转结余 4.00 万元。", "上年结转结余", "amount", "carryover"),
])
def test_last_years_money_and_the_carry_over_table_word(tmp_path, sentence, subject, kind, concept):
    """Near miss: last year's 财政拨款 is last year's figure; 上年结转结余 the carry-over as before."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.text, c.kind, c.subject.concept) for c in claims] == [(subject, kind, concept)]


SECTION_4 = "四、财政拨款收入支出决算总体情况说明\n\n"


def carry_findings(tmp_path, sentence: str):
    """The 决算's claims of the sentence (in its 财政拨款收入支出 section) and the findings about 结转."""
    from budgetlens.checks import check
    path = tmp_path / "final.txt"
    path.write_text(finals.final_accounts({SECTION_4: SECTION_4 + sentence + "\n\n"}), encoding="utf-8")
    disc = parse(path)
    claims = [c for c in disc.narrative.claims if sentence.replace(" ", "") in c.sentence.replace(" ", "")]
    return claims, [f for f in check(disc).findings if "结转" in f.message]


def test_the_fiscal_carry_in_and_carry_out_are_table_4s(tmp_path):
    """The unit's books (tests/finals.py): 财政拨款 carried in 8.00 (of 10.00 in all), left 11.72 (of
    13.72): the 财政拨款 figures were compared with 表1's of all the money (two false errors)."""
    claims, findings = carry_findings(tmp_path, "2024年度财政拨款年初结转和结余 8.00 万元，财政拨款年末结转和结余 11.72 万元。")
    assert [(c.subject.coords.table_kind, c.subject.coords.side) for c in claims] == [
        ("fiscal_summary", "income"), ("fiscal_summary", "expenditure")]
    assert [f.message for f in findings if f.severity == "error"] == []


def test_a_wrong_fiscal_carry_out_is_found(tmp_path):
    _, findings = carry_findings(tmp_path, "2024年度财政拨款年末结转和结余 13.72 万元。")
    assert any("财政拨款年末结转和结余" in f.message and f.severity == "error" for f in findings)


def test_the_carry_in_and_out_of_all_the_money_stay_table_1s(tmp_path):
    """Near miss: 年初/年末结转和结余 without 财政拨款 are 表1's (10.00, 13.72); the non-fiscal part
    has no table of its own and is not compared with the whole."""
    claims, findings = carry_findings(tmp_path, "2024年度年初结转和结余 10.00 万元，年末结转和结余 13.72 万元，"
                                                "非财政拨款年初结转和结余 2.00 万元。")
    assert [(c.subject.concept, c.subject.coords and c.subject.coords.table_kind) for c in claims] == [
        ("carryover", "summary"), ("carryover_end", "summary"), ("nonfiscal", None)]
    assert [f.message for f in findings if f.severity == "error"] == []


@pytest.mark.parametrize("sentence, said", [
    ("公务接待费 2.00 万元，较上年无变化。", "无变化"),
    ("公务接待费 2.00 万元，与上年相比没有变化。", "没有变化"),
    ("公务接待费 2.00 万元，与上年保持不变。", "不变"),
])
def test_no_change_said_in_other_words_is_flat(tmp_path, sentence, said):
    """"较上年无变化" states a change of 0, as "与上年持平" does (no claim was made)."""
    _, claims = claims_of(tmp_path, sentence)
    assert [(c.subject.text, c.value, c.direction, c.basis, c.implied_prior, c.text) for c in claims if c.kind == "change"] \
        == [("公务接待费", Decimal(0), "flat", "上年", Decimal("2.00"), said)]


@pytest.mark.parametrize("sentence", ["公务接待费 2.00 万元，较上年变化较大。", "公务接待费 2.00 万元，标准不变。"])
def test_a_change_not_stated_or_not_compared_is_no_flat(tmp_path, sentence):
    """Near miss: a change said without a figure, or 不变 with no comparison, states no 0."""
    _, claims = claims_of(tmp_path, sentence)
    assert [c.kind for c in claims] == ["amount"]
