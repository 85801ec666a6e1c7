"""Plain text rows read with less work (session 47): the behaviour pinned where the faster form
could differ from the one before. Each test also passes on the code before the change."""

from __future__ import annotations

import pytest

from budgetlens.extract.rows import is_number_text
from budgetlens.extract.tables import text_rows
from budgetlens.readers import Line
from budgetlens.templates import load_templates

SPEC = next(t for t in load_templates() if t.id == "xj-dept-budget-2025").table("gpb_expenditure")


def plain(texts: list[str]):
    return text_rows([Line(no, text, page=1) for no, text in enumerate(texts, 1)], SPEC)


# ---- a numbering row: a line without the token 1 is none (told before any call) --------------

@pytest.mark.parametrize("text", ["※ ※ 1 2 3", "栏次 1 2 3 4", "  1 2 3", "※\t1\t2", "※\u30001\u30002"])
def test_a_numbering_row_is_read_as_one(text):
    assert is_number_text(text)
    assert "1" in text.split()


@pytest.mark.parametrize("text", ["※ ※ 2 3 4", "10 11 12", "１ ２ ３", "※ 1 3", "201 1.00 1", "※ ※ 01 02"])
def test_near_misses_are_no_numbering_row(text):
    assert not is_number_text(text)


def test_a_numbering_row_makes_the_lines_above_it_header():
    """A line of a code and words above the numbering row is the header's, not a row."""
    out = plain(["一般公共预算支出情况表", "单位：万元", "", "科目编码 科目名称 合计 基本支出 项目支出", "",
                 "201 科目名称", "", "※ ※ 1 2 3", "", "201 一般公共服务支出 100.00 60.00 40.00"])
    assert [(r.code, [v.text for v in r.values]) for r in out.rows] == [("201", ["100.00", "60.00", "40.00"])]
    assert [no for no, _ in out.header] == [4, 6]


def test_without_a_numbering_row_that_line_is_a_row():
    """Near miss: the same lines, the numbering row without its 1: the coded line is a row."""
    out = plain(["一般公共预算支出情况表", "单位：万元", "", "科目编码 科目名称 合计 基本支出 项目支出", "",
                 "201 科目名称", "", "201 一般公共服务支出 100.00 60.00 40.00"])
    assert [r.line for r in out.rows] == [6, 8]


def test_blank_lines_change_nothing():
    """A table's blank lines (half of a pdftotext table's) are no part of its rows or header."""
    body = ["一般公共预算支出情况表", "单位：万元", "科目编码 科目名称 合计 基本支出 项目支出",
            "201 一般公共服务支出 100.00 60.00 40.00", "   ", "\u3000", "205 教育支出 10.00 10.00"]
    dense, spaced = plain(body), plain([t for text in body for t in (text, "")])
    assert [(r.code, r.name, [v.text for v in r.values]) for r in dense.rows] == \
        [(r.code, r.name, [v.text for v in r.values]) for r in spaced.rows]
    assert [words for _, words in dense.header] == [words for _, words in spaced.header]
