"""Figures in brackets and figures named after a comparison: whose they are.

- "A 8 万元（其中：B 0 万元，C 8 万元），比上年减少 2 万元": the change is A's (it was C's);
- "同比下降 5%（减少 12 万元）": the change is the rate's item (its subject was "（");
- "较上年的 380.47 万元减少 136.57 万元": 380.47 is last year's figure, not this year's amount
  (it was read as the item's amount, and the change's base as 517.04).
"""

from decimal import Decimal

from test_narrative_flat import BASIC, flat
from test_robustness import seed_with

from budgetlens.checks import check
from budgetlens.pipeline import parse


def claims_of(tmp_path, sentence: str):
    path = seed_with(tmp_path, "000_9131eab83374bb33", [(BASIC, sentence)])
    disc = parse(path)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if sentence in text)
    return disc, [c for c in disc.narrative.claims if c.provenance.line == line]


def test_a_change_after_a_bracket_of_parts_is_the_items(tmp_path):
    _, claims = claims_of(tmp_path, "公务用车购置及运行维护费 8.00 万元（其中：公务用车购置费 0.00 万元，"
                                    "公务用车运行维护费 8.00 万元），比上年减少 2.00 万元。")
    [change] = [c for c in claims if c.kind == "change"]
    assert change.subject.text == "公务用车购置及运行维护费" and change.implied_prior == Decimal("10.00")
    assert [c.subject.text for c in claims if c.kind == "amount"] == \
        ["公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费"]


def test_a_change_inside_its_bracket_stays_the_parts(tmp_path):
    _, claims = claims_of(tmp_path, "公务用车购置及运行维护费 8.00 万元（其中：公务用车运行维护费 8.00 万元，"
                                    "比上年减少 2.00 万元）。")
    [change] = [c for c in claims if c.kind == "change"]
    assert change.subject.text == "公务用车运行维护费"


def test_flat_after_a_bracket_of_parts_is_the_items(tmp_path):
    disc, _ = claims_of(tmp_path, "公务用车购置及运行维护费 8.00 万元（其中：公务用车购置费 0.00 万元，"
                                  "公务用车运行维护费 8.00 万元），与上年持平。")
    [claim] = flat(disc)
    assert claim.subject.text == "公务用车购置及运行维护费"


def test_a_change_in_brackets_after_a_rate(tmp_path):
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，同比下降 35.90%（减少 136.57 万元）。")
    [change] = [c for c in claims if c.kind == "change"]
    assert change.subject.text == "基本支出" and change.implied_prior == Decimal("380.47")


def test_last_years_figure_after_a_comparison_with_de(tmp_path):
    disc, claims = claims_of(tmp_path, "基本支出 243.90 万元，较上年的 380.47 万元减少 136.57 万元。")
    assert [(c.kind, c.value) for c in claims] == \
        [("amount", Decimal("243.90")), ("prior", Decimal("380.47")), ("change", Decimal("136.57"))]
    assert claims[2].implied_prior == Decimal("380.47")
    wrong = [f for f in check(disc).findings if f.severity == "error" and "380.47" in f.message]
    assert wrong == []
