"""The narrative's fast paths (cheap tests before a search) decide as the searches they spare:
each is compared with the plain search on generated text."""

from __future__ import annotations

import itertools

import pytest

from budgetlens.extract.narrative import (
    PERF_TEXT_NEEDS,
    SPECK,
    Para,
    needs_perf_text,
    without_specks,
)

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

