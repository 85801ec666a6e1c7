"""Review of session 33's changes: defects other regions' documents would trigger.

- an item's name holding a verb (节约型机关建设经费, 提高…能力建设经费, 降低…成本补助资金) was read as
  a change of the item, its amount lost: the verbs of a change after a comparison (提高, 节约 …)
  were taken at a clause's start too, and a verb inside a clause was taken as a reason's change
  where no reason or comparison was stated.
"""

import pytest
from test_narrative_brackets import claims_of


@pytest.mark.parametrize("sentence, item", [
    ("项目支出 243.90 万元，其中节约型机关建设经费 20.00 万元。", "节约型机关建设经费"),
    ("项目支出 243.90 万元，其中提高基层治理能力建设经费 20.00 万元。", "提高基层治理能力建设经费"),
    ("项目支出 243.90 万元，主要用于降低企业用能成本补助资金 20.00 万元。", "降低企业用能成本补助资金"),
    ("项目支出 243.90 万元，安排增加就业岗位补贴资金 20.00 万元。", "增加就业岗位补贴资金"),
])
def test_a_verb_in_an_items_name_is_no_change(tmp_path, sentence, item):
    _, claims = claims_of(tmp_path, sentence)
    assert [c.kind for c in claims] == ["amount", "amount"]
    assert item in claims[1].subject.text
