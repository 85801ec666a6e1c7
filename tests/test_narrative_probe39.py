"""Narrative wordings probed in session 39.

- "人员经费变动数 12.00 万元", "变动 12.00 万元": a change whose way only a sign says, not an
  amount of 人员经费 (before: compared with 表6's 人员经费, a false finding).
"""

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from test_narrative_brackets import claims_of

from budgetlens.checks import check

sys.path.insert(0, str(Path(__file__).parent))


def read(claims):
    return [(c.kind, c.value, c.subject.concept, c.direction, c.implied_prior) for c in claims]


def errors_about(disc, figure: str):
    return [f for f in check(disc).findings if f.severity == "error" and figure in f.message]


# ---- a change named by its move alone ("变动", "变化") -------------------------------------------

@pytest.mark.parametrize("said", [
    "人员经费变动数 12.00 万元。",
    "人员经费变动额 12.00 万元。",
    "人员经费变化 12.00 万元。",
    "人员经费变动金额为 12.00 万元。",
])
def test_a_change_named_by_its_move_is_no_amount(tmp_path, said):
    """Before: 12.00 was the amount of 人员经费 (checked against 表6's, a false error)."""
    disc, claims = claims_of(tmp_path, said)
    assert read(claims) == [("change", Decimal("12.00"), "basic:personnel", None, None)]
    assert not errors_about(disc, "12.00")


def test_a_bare_move_after_the_amount_is_its_change_which_way_unsaid(tmp_path):
    """Before: "变动 12.00 万元" was an amount of nothing named."""
    _, claims = claims_of(tmp_path, "人员经费 100.00 万元，变动 12.00 万元。")
    assert read(claims) == [("amount", Decimal("100.00"), "basic:personnel", None, None),
                            ("change", Decimal("12.00"), "basic:personnel", None, None)]


@pytest.mark.parametrize("said, direction, prior", [
    ("人员经费 100.00 万元，变动额为 -12.00 万元。", "decrease", "112.00"),
    ("人员经费 100.00 万元，比上年变动 +12.00 万元。", "increase", "88.00"),
])
def test_a_signed_move_says_which_way(tmp_path, said, direction, prior):
    _, claims = claims_of(tmp_path, said)
    assert read(claims)[1] == ("change", Decimal("12.00"), "basic:personnel", direction, Decimal(prior))


@pytest.mark.parametrize("said, direction, prior", [
    ("人员经费 100.00 万元，比上年增减变动 -12.00 万元。", "decrease", "112.00"),
    ("人员经费 100.00 万元，比上年减少 12.00 万元。", "decrease", "112.00"),
])
def test_a_change_with_its_way_is_read_as_before(tmp_path, said, direction, prior):
    """Near miss: 增减变动 with its sign, and a verb of a change, as before."""
    _, claims = claims_of(tmp_path, said)
    assert read(claims)[1] == ("change", Decimal("12.00"), "basic:personnel", direction, Decimal(prior))
