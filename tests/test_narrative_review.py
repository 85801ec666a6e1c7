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
    return [c for c in disc.narrative.claims if any(c.sentence.strip() and c.sentence.strip() in s for s in sentences)]


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
