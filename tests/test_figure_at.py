"""A claim's figure is found in its sentence as a whole figure: "14.00万元" is not the tail of
"114.00万元" printed before it. Before, a plain str.find took the tail, and the words before the
figure, the comparison a change stands in and the order of a sentence's figures were read at
the wrong place."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.checks.rules.narrative import _prior_figure
from budgetlens.extract.claim_sets import before_figure
from budgetlens.model import Claim, Provenance, Subject
from budgetlens.text import figure_at


@pytest.mark.parametrize("sentence,figure,start,expected", [
    ("支出114.00万元，其中14.00万元", "14.00万元", 0, 13),
    ("支出1,214.00万元，其中214.00万元", "214.00万元", 0, 15),
    ("支出0.14万元，其中14万元", "14万元", 0, 11),
    ("14.00万元", "14.00万元", 0, 0),
    ("减少-14.00万元", "14.00万元", 0, 3),         # a sign is not a digit of the figure
    ("为14.00万元，又为14.00万元", "14.00万元", 2, 11),
    ("支出114.00万元", "14.00万元", 0, -1),          # only inside a longer figure: not there
    ("下降２.5%，为12.5%", "2.5%", 0, -1),
])
def test_figure_at(sentence, figure, start, expected):
    assert figure_at(sentence, figure, start) == expected


def claim(sentence: str, text: str) -> Claim:
    return Claim(kind="amount", subject=Subject(text="x"), value=Decimal(text.rstrip("万元")), unit="万元",
                 text=text, sentence=sentence, provenance=Provenance(file="f", line=1))


def test_the_words_before_a_figure_end_at_the_whole_figure():
    sentence = "部门支出114.00万元，其中第一中学14.00万元"
    assert before_figure(claim(sentence, "14.00万元")) == "部门支出114.00万元，其中第一中学"


def test_last_years_figure_is_named_by_the_words_before_it_not_before_a_longer_figure():
    """"基本支出183.40万元（上年执行数83.40万元）": the prior is last year's 执行数; read at
    183.40's tail, the words before it named no figure of last year, and the prior was compared
    with a change against last year's budget."""
    sentence = "基本支出183.40万元（上年执行数83.40万元），比上年预算减少10.00万元"
    assert _prior_figure(claim(sentence, "83.40万元")) == "执行数"
