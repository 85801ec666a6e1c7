"""Review of session 39's merged changes: inputs the helpers did not try.

- A change in 个百分点 after a share and then another percentage (an execution rate, a growth
  rate) is that percentage's, not the share's: before, "占 12.23%，预算执行率 95.50%，比上年提高
  2.10 个百分点" gave the share an implied prior of 10.13% (a wrong number, silently), and
  "上年为 93.00%" after the rate was read as the share's prior.
"""

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_narrative_brackets import claims_of  # noqa: E402


def read(claims):
    return [(c.kind, c.value, c.subject.text, c.direction, c.implied_prior) for c in claims]


# ---- a change in points belongs to the percentage said last -----------------------------------

def test_points_after_an_execution_rate_are_not_the_shares(tmp_path):
    _, claims = claims_of(tmp_path, "项目支出 34.00 万元，占 12.23%，预算执行率 95.50%，比上年提高 2.10 个百分点。")
    [share] = [c for c in claims if c.kind == "share"]
    [change] = [c for c in claims if c.kind == "change"]
    assert share.value == Decimal("12.23")
    assert change.value == Decimal("2.10") and change.implied_prior != Decimal("10.13")


def test_last_years_rate_after_a_share_is_no_prior_share(tmp_path):
    _, claims = claims_of(tmp_path, "项目支出 34.00 万元，占 12.23%，预算执行率 95.50%，上年为 93.00%。")
    assert not [c for c in claims if c.kind == "prior" and c.subject.text == "项目支出"
                and c.value == Decimal("93.00")]


def test_points_right_after_a_share_stay_the_shares(tmp_path):
    """Near miss: the points follow the share (with last year's share between): its change."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，占 87.77%，上年为 85.67%，比上年提高 2.10 个百分点。")
    assert read(claims)[1:] == [("share", Decimal("87.77"), "基本支出", None, None),
                                ("prior", Decimal("85.67"), "基本支出", None, None),
                                ("change", Decimal("2.10"), "基本支出", "increase", Decimal("85.67"))]
