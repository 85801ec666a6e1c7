"""Narrative wordings of other regions probed in session 33.

- change verbs beyond 增加/减少: "比上年提高 X 万元", "比上年调减 X 万元", "比上年预算下调",
  "减支", "上涨": the figure is a change (it was read as the item's amount, a false N-AMOUNT error);
"""

from decimal import Decimal

import pytest
from test_narrative_brackets import claims_of

from budgetlens.checks import check


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

