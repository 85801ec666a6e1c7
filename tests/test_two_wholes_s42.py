"""Two wholes in one sentence, the parts of the second listed after 其中, then the change of "the
whole" ("收入预算 X 万元，支出预算 Y 万元，其中：基本支出…，总体比上年增加 Z 万元"): the change is of
the whole the parts are of, stated last before their 其中 (before: the sentence's first amount,
收入预算, and a false N-CHANGE-RATE error on its rate)."""

from decimal import Decimal

import pytest
from test_narrative_brackets import claims_of

from budgetlens.checks import check


def changes(claims) -> list[tuple[str, str, Decimal | None]]:
    return [(c.kind, c.subject.text, c.implied_prior) for c in claims if c.kind in ("change", "rate")]


@pytest.mark.parametrize("sentence, whole, prior", [
    ("2026年收入预算1759.05万元，支出预算1700.00万元，其中：基本支出1500.00万元，项目支出200.00万元，"
     "总体比上年增加120.00万元，增长7.59%。", "支出预算", "1580.00"),
    ("收入预算合计1759.05万元，其中一般公共预算拨款1700.00万元，支出预算合计1700.00万元，其中基本支出1500.00万元，"
     "总体比上年增加120.00万元，增长7.59%。", "支出预算", "1580.00"),
    # the reverse: the income named second, its sources after it
    ("2026年支出预算1700.00万元，收入预算1759.05万元，其中一般公共预算拨款1700.00万元，占96.64%，"
     "整体较上年增加120.00万元，增长7.32%。", "收入预算", "1639.05"),
    ("人员经费235.38万元，公用经费8.52万元，其中：办公费2.00万元，差旅费1.00万元，总体比上年减少1.00万元，下降10.50%。",
     "公用经费", "9.52"),
    # the first whole's parts, then the second whole without parts (before: the change of no item)
    ("2026年收入预算1759.05万元，其中：一般公共预算拨款1700.00万元；支出预算1700.00万元，总体比上年增加120.00万元，"
     "增长7.59%。", "支出预算", "1580.00"),
    # a part with its own 其中, in brackets or not: the whole of the run's first 其中, not that part
    ("支出预算1700.00万元，其中：基本支出1500.00万元（其中：人员经费1400.00万元，公用经费100.00万元），"
     "项目支出200.00万元，总体比上年增加120.00万元，增长7.59%。", "支出预算", "1580.00"),
    ("支出预算1700.00万元，其中：基本支出1500.00万元，项目支出200.00万元，其中：专项业务费150.00万元，"
     "总体比上年增加120.00万元，增长7.59%。", "支出预算", "1580.00"),
    ("2026年收入预算1759.05万元，支出预算1700.00万元，其中：基本支出1500.00万元（其中：人员经费1400.00万元，"
     "公用经费100.00万元），项目支出200.00万元，总体比上年增加120.00万元，增长7.59%。", "支出预算", "1580.00"),
    ("收入预算1759.05万元，其中一般公共预算拨款1700.00万元，支出预算1700.00万元，其中：基本支出1500.00万元，"
     "项目支出200.00万元，其中：专项业务费150.00万元，总体比上年增加120.00万元，增长7.59%。", "支出预算", "1580.00"),
    # a second whole of another family than the first's parts (本年支出 after 本年收入's sources;
    # 机关运行经费 after the 三公 items): a whole of its own, not one more part
    ("2026年本年收入1759.05万元，其中：一般公共预算拨款1700.00万元，本年支出1700.00万元，其中：基本支出1500.00万元，"
     "项目支出200.00万元，总体比上年增加120.00万元，增长7.59%。", "本年支出", "1580.00"),
    ("“三公”经费预算8.00万元，其中：公务接待费8.00万元，机关运行经费80.00万元，其中：办公费10.00万元，"
     "总体比上年减少20.00万元，下降20.00%。", "机关运行经费", "100.00"),
    # the parts only in brackets after the second whole
    ("2026年收入预算1759.05万元，支出预算1700.00万元（其中：基本支出1500.00万元，项目支出200.00万元），"
     "总体比上年增加120.00万元，增长7.59%。", "支出预算", "1580.00"),
])
def test_the_whole_change_is_of_the_whole_the_parts_are_of(tmp_path, sentence, whole, prior):
    disc, claims = claims_of(tmp_path, sentence)
    assert changes(claims) == [("change", whole, Decimal(prior)), ("rate", whole, None)]
    assert not [f.message for f in check(disc).findings if f.rule == "N-CHANGE-RATE" and f.severity == "error"]


@pytest.mark.parametrize("sentence, whole", [
    # one whole and its parts: the whole's, as before
    ("支出预算1700.00万元，其中基本支出1500.00万元，总体比上年增加120.00万元。", "支出预算"),
    # the wholes listed after 其中 are the parts of the whole before it
    ("2026年收支总预算1759.05万元，其中：收入预算1759.05万元，支出预算1759.05万元，总体较上年增加120.00万元。", "收支总预算"),
    # amounts listed without 其中: which one 总体 is is not told, unnamed as before
    ("支出预算1700.00万元，基本支出1500.00万元，项目支出200.00万元，总体比上年增加120.00万元。", "总体"),
    # no 总体: the change of the amount just stated, as before
    ("支出预算1700.00万元，其中：基本支出1500.00万元，项目支出200.00万元，其中：专项业务费150.00万元，"
     "比上年增加20.00万元。", "专项业务费"),
    ("本部门2026年收入预算合计1759.05万元，支出预算合计1759.05万元，比上年增加120.00万元。", "支出预算"),
])
def test_near_miss_other_sentences_keep_their_reading(tmp_path, sentence, whole):
    _, claims = claims_of(tmp_path, sentence)
    assert [s for _, s, _ in changes(claims)] == [whole]


def test_each_whole_with_its_own_change(tmp_path):
    _, claims = claims_of(tmp_path, "2026年收支总预算1759.05万元，其中：收入预算1759.05万元，比上年增加120.00万元；"
                                    "支出预算1700.00万元，比上年增加100.00万元。")
    assert changes(claims) == [("change", "收入预算", Decimal("1639.05")), ("change", "支出预算", Decimal("1600.00"))]
