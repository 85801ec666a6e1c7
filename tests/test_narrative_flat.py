""""比上年持平": a change of 0 of the amount just stated, so the rules compare last year's
figure with it as with any change (before, 持平 made no claim and a false one passed)."""

from decimal import Decimal

import pytest
from test_robustness import seed_with

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.text import squeeze, strip_markup

BASIC = "基本支出 243.90 万元，比上年预算减少 136.57 万元，下降 35.90%，主要原因是本年在岗人员减少，相关经费支出减少。"


def flat(disc):
    return [c for c in disc.narrative.claims if c.kind == "change" and c.direction == "flat"]


def test_flat_after_an_amount_is_a_change_of_zero(tmp_path):
    path = seed_with(tmp_path, "000_9131eab83374bb33",
                     [(BASIC, "基本支出 243.90 万元，比上年预算持平，主要原因是人员未变。")])
    disc = parse(path)
    [claim] = flat(disc)
    assert claim.subject.text == "基本支出"
    assert (claim.value, claim.unit, claim.precision, claim.basis) == (Decimal(0), "万元", 2, "上年预算")
    assert claim.implied_prior == Decimal("243.90")
    assert claim.text == "持平"
    line = squeeze(strip_markup(path.read_text(encoding="utf-8").splitlines()[claim.provenance.line - 1]))
    assert line[claim.provenance.char_start:claim.provenance.char_end] == "持平"


def test_a_false_flat_is_found(tmp_path):
    """The same item's change elsewhere in the text says last year's figure was 380.47: a
    持平 here cannot hold (N-PRIOR-CONSISTENT); with the true change nothing is said."""
    path = seed_with(tmp_path, "000_9131eab83374bb33",
                     [(BASIC, "基本支出 243.90 万元，比上年预算持平，主要原因是人员未变。")])
    findings = [f for f in check(parse(path)).findings if f.severity in ("error", "warning")]
    assert any("243.90" in f.message and "380.47" in f.message for f in findings), \
        [f.message for f in findings]
    plain = [f for f in check(parse(seed_with(tmp_path, "000_9131eab83374bb33", []))).findings
             if f.severity in ("error", "warning") and "380.47" in f.message]
    assert plain == []


@pytest.mark.parametrize("words", ["与上年预算持平", "较2025年预算持平", "与上年相比持平", "同比持平"])
def test_the_ways_a_comparison_is_worded(tmp_path, words):
    path = seed_with(tmp_path, "000_9131eab83374bb33",
                     [(BASIC, f"基本支出 243.90 万元，{words}。")])
    [claim] = flat(parse(path))
    assert claim.subject.text == "基本支出" and claim.implied_prior == Decimal("243.90")


def test_the_sentence_before_states_the_amount(tmp_path):
    """"公务接待费 1.35 万元。比上年预算持平，…": the amount the sentence before ended on."""
    path = seed_with(tmp_path, "000_9131eab83374bb33",
                     [(BASIC, "基本支出 243.90 万元。比上年预算持平，主要原因是人员未变。")])
    [claim] = flat(parse(path))
    assert claim.subject.text == "基本支出" and claim.implied_prior == Decimal("243.90")


@pytest.mark.parametrize("words", [
    "基本支出 243.90 万元，与上年预算基本持平。",            # about the same: no figure stated
    "基本支出 243.90 万元，项目数量与上年持平。",            # another item's
    "基本支出 243.90 万元，比上年预算减少 136.57 万元，人员与上年持平。",
    "在职人员 12 人，与上年持平。",                          # a count, not money
])
def test_no_flat_claim_where_the_figure_is_not_the_amount(tmp_path, words):
    path = seed_with(tmp_path, "000_9131eab83374bb33", [(BASIC, words)])
    assert flat(parse(path)) == []


FINAL_ITEM = "年初预算为45.60万元，支出决算为45.60万元，完成年初预算的100.00%。"


def final_with(tmp_path, sentence: str):
    from finals import final_accounts

    path = tmp_path / "final.txt"
    path.write_text(final_accounts({FINAL_ITEM: sentence}), encoding="utf-8")
    return parse(path)


def test_final_accounts_flat_against_the_budget(tmp_path):
    """A 决算's "与年初预算持平": the actual equals the year's budget (basis 年初预算)."""
    disc = final_with(tmp_path, "年初预算为45.60万元，支出决算为45.60万元，与年初预算持平。")
    [claim] = flat(disc)
    assert (claim.basis, claim.implied_prior, claim.subject.coords.phase) == ("年初预算", Decimal("45.60"), "决算")
    assert not [f for f in check(disc).findings if f.rule == "N-BUDGET-VARIANCE" and f.severity == "error"]


def test_a_false_flat_against_the_budget_is_found(tmp_path):
    disc = final_with(tmp_path, "年初预算为45.60万元，支出决算为45.00万元，与年初预算持平。")
    [finding] = [f for f in check(disc).findings if f.rule == "N-BUDGET-VARIANCE" and f.severity == "error"]
    assert "与年初预算持平" in finding.message and "减少 0.60 万元" in finding.message


def test_a_budget_compared_with_the_budget_makes_no_claim(tmp_path):
    """In a budget (预算) document "与预算持平" names no figure of last year's."""
    assert flat(parse(seed_with(tmp_path, "000_9131eab83374bb33",
                                [(BASIC, "基本支出 243.90 万元，与年初预算持平。")]))) == []
