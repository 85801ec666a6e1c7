"""Narrative wordings probed in session 38.

- A change said verb first ("主要原因是减少人员经费 X 万元") had the basis 上年 whatever the
  sentence compared with, the same change said item first ("人员经费减少 X 万元") the comparison
  stated before it (上年预算, 上年执行数, 年初预算): both now take the comparison stated before.
"""

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from test_narrative_brackets import claims_of

sys.path.insert(0, str(Path(__file__).parent))
from test_narrative_probe37 import REASON, final_claims, of_value  # noqa: E402


@pytest.mark.parametrize("compared, basis", [
    ("比上年预算减少 136.57 万元", "上年预算"),
    ("比上年执行数减少 136.57 万元", "上年执行数"),
    ("较2025年预算数减少 136.57 万元", "上年预算"),
    ("同比减少 136.57 万元", "上年"),
])
@pytest.mark.parametrize("reason", ["减少人员经费 20.00 万元", "人员经费减少 20.00 万元"])
def test_a_reasons_change_takes_the_comparison_before_in_either_order(tmp_path, compared, basis, reason):
    """Before: "减少人员经费 X" had 上年 whatever was compared, "人员经费减少 X" the comparison's."""
    _, claims = claims_of(tmp_path, f"基本支出 243.90 万元，{compared}，主要原因是{reason}。")
    [(kind, subject, concept, coords, said)] = of_value(claims, "20.00")
    assert (kind, subject, concept, coords.table_kind, said) == \
        ("change", "人员经费", "basic:personnel", "basic_expenditure", basis)


@pytest.mark.parametrize("reason", ["增加人员经费20.36万元", "人员经费增加20.36万元"])
def test_a_reasons_change_in_a_final_is_still_on_the_budget_compared(tmp_path, reason):
    """Near miss: a 决算's variance from its budget, in either order, as before."""
    claims = final_claims(tmp_path, REASON, f"决算数大于年初预算数的主要原因是{reason}")
    assert of_value(claims, "20.36") == [("change", "人员经费", "basic:personnel", None, "年初预算")]


def test_a_reasons_change_with_no_comparison_is_on_last_year(tmp_path):
    """Near miss: no comparison stated before it: last year, the default, in either order."""
    _, claims = claims_of(tmp_path, "基本支出 243.90 万元，主要是减少人员经费 20.00 万元，公用经费减少 5.00 万元。")
    assert [(c.subject.concept, c.basis) for c in claims if c.kind == "change"] == \
        [("basic:personnel", "上年"), ("basic:public", "上年")]
