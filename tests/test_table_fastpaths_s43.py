"""The printed tables' quicker forms find what the plain forms found, near misses included:
each test runs the quick form beside the plain one (generated inputs, hypothesis), or pins
the result where the two could differ."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlens.extract.rows import SPLIT_FIGURE, joined_figures

SETTINGS = settings(max_examples=500, deadline=None)

# SPLIT_FIGURE as it was first written: a search trying at every character
SPLIT_FIGURE_PLAIN = re.compile(r"\d[,.] \d|\d [,.]\d|,\d{1,2} \d")


@SETTINGS
@given(st.text(alphabet="0123456789,. \n元一-", max_size=40))
def test_split_figure_finds_what_the_plain_pattern_finds(text):
    assert (SPLIT_FIGURE.search(text) is None) == (SPLIT_FIGURE_PLAIN.search(text) is None)


def test_figures_cut_by_a_space_and_near_misses():
    """Each way OCR cuts a figure is found (and joined); a space that cuts none is not: a
    group of three digits after the comma, a space on each side of a point, a line break."""
    for text, joined in [("合计 1,000, 000.00", "合计 1,000,000.00"), ("合计 384. 33", "合计 384.33"),
                         ("合计 384 .33", "合计 384.33"), ("合计 2,452,1 00.50", "合计 2,452,100.50"),
                         ("合计 2,452,10 0.50", "合计 2,452,100.50")]:
        assert SPLIT_FIGURE.search(text) is not None and SPLIT_FIGURE_PLAIN.search(text) is not None
        assert joined_figures(text) == joined
    for text in ("合计 2,452,100 0.50", "合计 384 . 33", "合计 384.\n33", "合计 ,512 3", "1. 项目 二. 名称",
                 "201 03 01 行政运行 1.5", "合计 12 34"):
        assert SPLIT_FIGURE.search(text) is None and SPLIT_FIGURE_PLAIN.search(text) is None, text
        assert joined_figures(text) == text


def test_amounts_in_labels_looks_for_every_mark():
    """A label holding amounts is said whichever mark its figures print, a full-width one too;
    one without a mark, or with a figure inside a word only, is not."""
    from budgetlens.extract.rows import RawRow
    from budgetlens.extract.tables import amounts_in_labels

    def said(label):
        return [code for code, *_ in amounts_in_labels([RawRow(line=7, line_end=7, name=label, raw_label=label)])]

    for label in ("一般行政管理事务 12.50 13.00", "一般行政管理事务 1,250 1,300", "一般行政管理事务 12．50 13．00",
                  "一般行政管理事务 1，250．00 1，300．00"):
        assert said(label) == ["amounts-in-label"], label
    for label in ("一般行政管理事务", "K12.5-K18.3段改造", "项目 2025 2026", "一、一般公共服务支出"):
        assert said(label) == [], label
