"""Quicker forms of the printed tables' tests find what the plain forms found, near misses
included: the cheap test before a regex never rules out what the regex would find."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlens.extract.rows import SPLIT_FIGURE, joined_figures

SETTINGS = settings(max_examples=500, deadline=None)


@SETTINGS
@given(st.text(alphabet="0123456789,. \n元一-", max_size=40))
def test_split_figure_test_agrees_with_the_regex(text):
    from budgetlens.extract.rows import has_split_figure

    assert has_split_figure(text) == (SPLIT_FIGURE.search(text) is not None)


def test_split_figures_found_by_each_mark_and_near_misses():
    """A cut after a point (". "), before it (" ."), or by a comma is found and joined; a text
    holding ". " without a cut figure, or no comma and no spaced point, is left as it is."""
    for text, joined in [("合计 384. 33", "合计 384.33"), ("合计 384 .33", "合计 384.33"),
                         ("合计 2,452,1 00.50", "合计 2,452,100.50"), ("合计 1,000, 000.00", "合计 1,000,000.00")]:
        assert joined_figures(text) == joined
    for text in ("1. 项目 二. 名称 3.50", "合计 384.33 12.00", "合计 384 . 33", "合计 2,452,100 0.50"):
        assert joined_figures(text) == text
