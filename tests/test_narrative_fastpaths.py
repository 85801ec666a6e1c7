"""The narrative's fast paths (cheap tests before a search) decide as the searches they spare:
each is compared with the plain search on generated text."""

from __future__ import annotations

import itertools

import pytest

from budgetlens.extract.narrative import (
    CUT_ENDS,
    CUT_LAST,
    JOINED,
    NUMBER,
    PERF_TEXT_NEEDS,
    PERF_YEAR,
    SPECK,
    UNIT_FIGURE,
    Para,
    needs_perf_text,
    sentences,
    without_specks,
)
from budgetlens.extract.subjects import first_chars

PIECES = ["指标", "工作资料", "年", "项", "总", "预算", "12", "１２", "٣", "（", "）", " ", "%", "元", "·", ""]


@pytest.mark.parametrize("text", ["".join(p) for p in itertools.product(PIECES, repeat=2)])
def test_needs_perf_text_is_the_search(text):
    # words alone, with a year, 项 or 总, ASCII, full-width and Arabic-Indic digits, marks, nothing
    assert needs_perf_text(text) == (PERF_TEXT_NEEDS.search(text) is not None)


def read_plainly(para: Para) -> Para:
    """Para.read as it was before its fast path: the SPECK search on every text paragraph."""
    if not para.grid and SPECK.search(para.text) is not None:
        para.text = without_specks(para.text)
    return para.read_money()


UNITS = ["万元", "元", "%", "％", "亿元", "分", ""]
FIGURES = ["12.50", "十二点五", "一百六十二点二四", "3", ""]
MARKS = ["·", "'", "．", " ", ""]


@pytest.mark.parametrize("grid", [False, True])
def test_para_read_is_the_plain_read(grid):
    for figure, mark, unit in itertools.product(FIGURES, MARKS, UNITS):
        text = f"项目支出{figure}{mark}{unit}，完成"
        fast = Para(text, [(0, 1)], grid=grid).read()
        plain = read_plainly(Para(text, [(0, 1)], grid=grid))
        assert (fast.text, fast.subs, fast.printed_text, fast.starts) == \
            (plain.text, plain.subs, plain.printed_text, plain.starts), text



# figures, units (each NUMBER knows, and near misses), brackets, runs and sentence marks
FIGURE_PIECES = ["12", "1,", "3.5", "٣", "（10.50）", "(", "）", " ", "、", "和", "万元", "亿元", "元", "%", "％",
                 "个", "人次", "人", "辆", "台", "套", "平方米", "家", "项", "批次", "次", "万", "万人", "年", "份",
                 "天", "=", "＞=", "△", "。", "；", "指标", ""]


@pytest.mark.parametrize("first", FIGURE_PIECES)
def test_unit_figure_is_needed_by_every_number(first):
    # a text UNIT_FIGURE finds nothing in has no NUMBER in any of its sentences: perf_text may
    # skip the sentence walk there (it would find no claim and change nothing)
    for rest in itertools.product(FIGURE_PIECES, repeat=2):
        text = first + "".join(rest)
        if UNIT_FIGURE.search(text) is None:
            assert not any(NUMBER.search(s) for s, _ in sentences(text)), text
            assert NUMBER.search(text) is None, text


def test_cut_last_is_the_endswith():
    for text in ["12万元", "12元。", "50%", "下降，", "a,", "说明；", "x元a", "表", "万元 "]:
        assert (text[-1] in CUT_LAST) == text.endswith(CUT_ENDS), text


@pytest.mark.parametrize("text", ["".join(p) for p in itertools.product(
    ["（", "(", " ", "发展局", "2026", "年", "度", "）", ")", "(2026年)", ""], repeat=3)])
def test_perf_year_needs_a_bracket_first(text):
    # perf_text asks perf_year of a line only where it opens with a bracket: PERF_YEAR needs one
    if PERF_YEAR.match(text) is not None:
        assert text[0] in "（("


@pytest.mark.parametrize("words", ["涉及预算金额", "涉及一般公共预算拨款", "涉及资金", "项目涉及资金", "涉及", "及资金", ""])
def test_joined_needs_its_first_words(words):
    # Context.sentence asks JOINED only of words that start with 涉及: every match does
    assert first_chars(JOINED.pattern) == {"涉"}
    assert (words.startswith("涉及") and JOINED.match(words) is not None) == (JOINED.match(words) is not None)
