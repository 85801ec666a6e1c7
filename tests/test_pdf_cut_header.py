"""A ruled table running over a page break under its repeated header, where LibreOffice prints
the header again shorter than its words (cells merged down the header rows: 一般公共 for
一般公共预算拨款收入) and draws the line that does not fit below it, in the first row's band,
clipped away (预算 | 金预 | 经营 unseen). That row is a row the page break cut (its name's rest,
支出) or a whole row (its amounts).

Before: the header printed again was read as a data row (功能分类科目编码, no code, no amount),
the hidden words joined the row under it (支出 | 预算 | 金预 | 经营, or 预8.4算6 in an amount's
cell), the name's rest stayed a row of its own, the table was read by column order (30.00 of
事业收入 taken for 政府性基金) and the nameless rows became parents of the classes below:
three false ARITH-HIERARCHY errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from probes_s41 import gen
from probes_s42 import perf

from budgetlens.readers import read_document

weasyprint = pytest.importorskip("weasyprint")
libreoffice = pytest.mark.skipif(gen.SOFFICE is None, reason="LibreOffice missing")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("cut_header")


def income_lines(path: Path) -> list[tuple[int, list[str]]]:
    """(page, cells) of the 部门收入总表's grid lines."""
    lines = read_document(path).lines
    start = next(n for n, ln in enumerate(lines) if ln.text.strip() == "部门收入总表")
    end = next(n for n, ln in enumerate(lines) if ln.text.strip() == "部门支出总表")
    return [(ln.page, ln.cells) for ln in lines[start:end] if ln.cells is not None]


@libreoffice
def test_the_words_a_header_printed_again_does_not_show_are_not_read(folder):
    # perf.build("list-pdf"): 表2 runs from page 2 to page 3, its header printed again there
    # in two lines; 预算 | 金预 | 经营, their third lines, are drawn below them, clipped away
    lines = income_lines(perf.build("list-pdf", folder))
    assert len({page for page, _ in lines}) == 2              # (the layout this test is about)
    assert ["功能分类科目编码", "", "", "科目名称", "合计", "上年结转", "一般公共", "政府性基", "事业收入", "事业单位",
            "其他收入"] in [c for _, c in lines]
    assert not [c for _, c in lines if {"预算", "金预", "经营"} & set(c)]
