"""Session 48 cuts in the narrative's walk over its lines: each gives what the slower form gave."""
from __future__ import annotations

import random

import pytest

from budgetlens.extract.narrative import (CUT_LAST, LINE_ENDS, MID_SENTENCE, PERF_TITLE, SECTION_END, Para,
                                          clean_printed, clean_text, is_cut_amount, is_enum, is_page_number,
                                          is_section, iter_paragraphs)
from budgetlens.readers import SourceDocument
from budgetlens.readers.base import Line
from budgetlens.text import FOLIO_LINE


def reference_paragraphs(doc: SourceDocument, lo: int, hi: int):
    """iter_paragraphs as it was before table_paragraphs and the letters-only line: one loop
    for every line, each line cleaned by clean_printed."""
    last = cur = None
    wraps = doc.format in ("plain", "pdf", "bundle")
    lines = doc.lines[lo:hi]
    plain = doc.format == "plain"
    for i, ln in enumerate(lines):
        raw, cells = ln.text, ln.cells
        blank = not raw or raw.isspace()
        if blank and cells is None:
            if not wraps:
                cur = None
            continue
        if wraps and not blank and FOLIO_LINE.match(raw) and is_page_number(lines, i):
            continue
        text = clean_printed(raw) if (wraps or cells is None) and not blank else ""
        if wraps and PERF_TITLE in text and text.endswith(PERF_TITLE):
            wraps = False
        if cells is not None:
            cur = None
            if last is not None:
                yield last.read()
            last = Para(text=clean_printed(" ".join(cells)), starts=[(0, ln.no)], grid=True,
                        cells=[clean_text(c) if c else "" for c in cells])
            continue
        if not text:
            if not wraps:
                cur = None
            continue
        if last is not None and text[-1] in CUT_LAST and not last.grid and is_cut_amount(text):
            last.join(text, ln.no)
            cur = last
            continue
        joinable = wraps and cur is not None and not cur.grid and not cur.text.endswith(LINE_ENDS) \
            and not is_enum(text) and not (is_section(cur.text) and SECTION_END.search(cur.text))
        joinable = joinable or (not plain and cur is not None and not cur.grid and cur.text.endswith(MID_SENTENCE)
                                and not is_enum(text) and not is_section(text))
        if joinable:
            cur.join(text, ln.no)
            continue
        if last is not None:
            yield last.read()
        last = cur = Para(text, [(0, ln.no)], raw)
    if last is not None:
        yield last.read()


# lines a narrative and its performance tables print: titles (one with cells), words alone,
# sentences cut mid-way, amounts cut onto their own line, headings, page numbers, markup,
# full-width digits, spaces, blank lines, grid rows
LINES = ["项目支出绩效目标表", "部门整体支出绩效目标表", "数量指标", "工作资料", "质量指标", "Ｘ指标", "ABC",
         "一、关于2025年收支预算情况说明", "（一）项目名称：热线经费", "1.培训费", "- 8 -", "8", "第 3 页",
         "收支总预算 417.37", "万元。", "元", "20", "=1 次", "  数量指标   培训人次   >=100 人次   20  ",
         "资金总额 417.37 万元", "其中：财政拨", "款 101.34 其他资金 0.00", "**加粗**", "# 标题", "- 项目",
         "１２３．５万元", "比上年增加 1，234.00万元", "合计 100", "主要用于：", "保障运行，", "", "   ", "\t",
         "一百六", "十二点二四万元。", "（2025年）", "年度绩效目标 保障热线运行。", "<b>说明</b>"]
GRIDS = [["项目支出绩效目标表", ""], ["数量指标", "培训人次", ">=100", "20"], ["", ""]]


def document(fmt: str, rows: list) -> SourceDocument:
    lines = [Line(no=n, text=" ".join(r) if isinstance(r, list) else r, cells=r if isinstance(r, list) else None,
                  page=1 + n // 7) for n, r in enumerate(rows, 1)]
    return SourceDocument(path="a.txt", format=fmt, encoding="utf-8", sha256="0", lines=lines)


def fields(paras: list[Para]) -> list[tuple]:
    return [(p.text, p.starts, p.raw, p.grid, p.cells, p.subs, p.printed_text, p.printed_starts) for p in paras]


@pytest.mark.parametrize("fmt", ["plain", "markdown", "pdf"])
def test_paragraphs_are_the_single_loops(fmt):
    """Past a performance table's title a plain text's lines are read by table_paragraphs, and a
    line of letters alone is not cleaned: the paragraphs are the ones the single loop made, in
    every format, with grid rows, cut amounts, page numbers and blank lines among them."""
    rng = random.Random(48)
    for _ in range(600):
        rows = [rng.choice(GRIDS) if rng.random() < 0.08 else rng.choice(LINES) for _ in range(rng.randint(1, 24))]
        doc = document(fmt, rows)
        for lo, hi in ((0, len(rows)), (1, len(rows) - 1)):
            assert fields(list(iter_paragraphs(doc, lo, hi))) == fields(list(reference_paragraphs(doc, lo, hi))), rows


def test_a_line_of_letters_cleans_to_itself():
    """What a letters-only line skips: clean_printed changes no alphabetic character (every one
    Unicode has, in one text: its whitespace, markup and full-width digits are none of them)."""
    letters = "".join(c for c in map(chr, range(0x110000)) if c.isalpha())
    assert clean_printed.__wrapped__(letters) == letters
    assert all(clean_printed.__wrapped__(t) == t for t in ("数量指标", "工作资料", "ABC", "ｘｙ", "々"))
