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

from budgetlens.checks import check
from budgetlens.identities import RowKey, hierarchy
from budgetlens.pipeline import parse
from budgetlens.readers import read_document
from budgetlens.text import starts_of

weasyprint = pytest.importorskip("weasyprint")
libreoffice = pytest.mark.skipif(gen.SOFFICE is None, reason="LibreOffice missing")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("cut_header")


def income_rows(path: Path) -> list[tuple]:
    table = next(t for t in parse(path).tables if t.title == "部门收入总表")
    return [(r.code, r.name, [(c.text, c.column) for c in r.cells]) for r in table.rows]


def hierarchy_errors(path: Path) -> list[str]:
    return [f.message for f in check(parse(path)).findings if f.rule == "ARITH-HIERARCHY" and f.severity == "error"]


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


@libreoffice
def test_a_row_broken_under_a_header_printed_again_cut_short_is_joined(folder):
    # 2080506's name is cut after 缴费 by the page break: its rest 支出 stands under the header
    path = perf.build("list-pdf", folder)
    lines = income_lines(path)
    assert ["208", "05", "06", "机关事业单位职业年金缴费支出", "8.46", "", "8.46", "", "", "", ""] in [c for _, c in lines]
    assert not [c for _, c in lines if "支出" in c and not c[0]]    # the rest is no row of its own
    # the table reads as the Word file it was printed from, and checks without a false error
    assert income_rows(path) == income_rows(path.with_suffix(".docx"))
    assert ("2080506", "机关事业单位职业年金缴费支出", [("8.46", "total"), ("8.46", "gpb")]) in income_rows(path)
    assert hierarchy_errors(path) == []
    notes = [i.message for i in parse(path).issues if i.level == "info" and i.code == "reader"]
    assert any("“机关事业单位职业年金缴费”+“支出”" in n for n in notes)


@libreoffice
def test_a_whole_row_under_a_header_printed_again_cut_short_keeps_its_amounts(folder):
    # near miss: the same tables with rows that may not break (Word's "allow row to break across
    # pages" off): 2080506 moves whole to page 3, under the header cut short; the header's hidden
    # words stand in its band (read, its 一般公共预算 cell was 预8.4算6). Nothing is joined.
    blocks = perf.blocks("list-pdf")
    path = gen.write_docx(blocks, folder / "whole-rows.docx", repeat_header=True)
    unsplit(path)
    path = gen.to_pdf(path, folder)
    lines = income_lines(path)
    assert len({page for page, _ in lines}) == 2
    assert income_rows(path) == income_rows(path.with_suffix(".docx"))
    assert hierarchy_errors(path) == []
    notes = [i.message for i in parse(path).issues if i.level == "info" and i.code == "reader"]
    assert not [n for n in notes if "部门收入总表" in n or "职业年金" in n]


def unsplit(path: Path) -> None:
    """Every table row of the Word file kept on one page (w:cantSplit)."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document(path)
    for table in document.tables:
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    document.save(path)


# ---- a header printed again whole (Word): read as before -----------------------------------

RULED = """@page { size: A4; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 10pt; }
table { border-collapse: collapse; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top; }
.break { break-before: page; }"""
HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
PAGE_ONE = [["", "合计", "843,700.88", "843,700.88", ""],
            ["208", "社会保障和就业支出", "633,245.76", "633,245.76", ""],
            ["20805", "行政事业单位养老支出", "633,245.76", "633,245.76", ""],
            ["2080505", "机关事业单位基本养老保险缴费支出", "452,318.40", "452,318.40", ""],
            ["2080506", "机关事业单位职业年金缴费支出", "180,927.36", "180,927.36", ""]]
PAGE_TWO = [["210", "卫生健康支出", "210,455.12", "210,455.12", ""],
            ["2101102", "事业单位医疗", "210,455.12", "210,455.12", ""]]


def write(path: Path, pages: list[list[list[str]]]) -> Path:
    """表5 printed over pages, the header printed whole on each."""
    def table(rows):
        cells = ("".join(f"<td>{t}</td>" for t in row) for row in [HEADER, *rows])
        return "<table>" + "".join(f"<tr>{c}</tr>" for c in cells) + "</table>"
    body = '<div class="break"></div>'.join(table(rows) for rows in pages)
    weasyprint.HTML(string=f"<html><head><style>{RULED}</style></head><body><p>表5 一般公共预算支出情况表</p>"
                           f"<p>单位：元</p>{body}</body></html>").write_pdf(str(path))
    return path


def test_a_table_over_two_pages_whose_rows_do_not_break_reads_as_before(tmp_path):
    path = write(tmp_path / "two-pages.pdf", [PAGE_ONE, PAGE_TWO])
    grid = [ln.cells for ln in read_document(path).lines if ln.cells is not None]
    assert grid == [HEADER, *PAGE_ONE, HEADER, *PAGE_TWO]
    disc = parse(path)
    [table] = disc.tables
    assert [(r.code, r.name) for r in table.rows] == [(r[0], r[1]) for r in PAGE_ONE + PAGE_TWO]
    assert not [i for i in disc.issues if i.level == "info" and i.code == "reader"]
    assert hierarchy_errors(path) == []


def test_a_name_alone_at_the_top_of_a_page_is_no_parent_of_the_classes_below(tmp_path):
    # a row the reader cannot join (养老金 leaves room on its line: its name ended there) stays a
    # row of its own, 其他, printing no code and no amount: it was taken for a unit's row, the
    # parent of 210, "上级科目金额 空 不等于下级科目（210 卫生健康支出）之和"
    path = write(tmp_path / "name-alone.pdf", [
        PAGE_ONE[:4] + [["2080506", "养老金", "180,927.36", "180,927.36", ""]],
        [["", "其他", "", "", ""]] + PAGE_TWO])
    assert ["", "其他", "", "", ""] in [ln.cells for ln in read_document(path).lines if ln.cells is not None]
    assert hierarchy_errors(path) == []


# ---- the rules themselves ------------------------------------------------------------------

HEAD = ["功能分类科目编码", "", "", "科目名称", "合计", "一般公共预算拨款收入", "事业收入"]


@pytest.mark.parametrize("cells, again", [
    (["功能分类科目编码", "", "", "科目名称", "合计", "一般公共", "事业收入"], True),      # cut short
    (HEAD, True),                                                                        # whole
    (["功能分类科目编码", "", "", "科目名称", "合计", "", ""], True),                   # cut before a line
    # near misses: a row of the table, a name's rest alone, another row's words, other widths
    (["", "", "", "支出", "", "", ""], False),
    (["208", "", "", "社会保障和就业支出", "50.76", "50.76", ""], False),
    (["功能分类科目编码", "", "", "科目名称", "合计", "一般公共预算", "事业单位"], False),
    (["功能分类科目编码", "", "", "科目名称", "合计", "一般公共"], False),
])
def test_starts_of(cells, again):
    assert starts_of(cells, HEAD) is again


def test_a_name_printing_neither_code_nor_amount_is_no_unit_row():
    rows = [RowKey(name="合计"), RowKey(name="支出", printed=False), RowKey("210", "卫生健康支出"),
            RowKey("21011", "行政事业单位医疗")]
    assert hierarchy(rows) == [(0, [2]), (2, [3])]
    # near miss: a unit's row printing its amounts is the parent of its classes
    rows[1] = RowKey(name="某某单位")
    assert hierarchy(rows) == [(0, [1]), (1, [2]), (2, [3])]


def test_a_unit_row_printing_no_amount_still_heads_the_classes_that_start_over():
    # 甲单位 600 (208, 20805), then 乙单位 printed without its subtotal and its own 208, 20805:
    # 乙单位 is a unit row (the classes start over), not a name's rest; before, its classes went
    # under 甲单位 and a false ARITH-HIERARCHY blamed 甲单位's correct subtotal
    rows = [RowKey(name="合计"), RowKey(name="甲单位"), RowKey("208", "社会保障和就业支出"),
            RowKey("20805", "行政事业单位养老支出"), RowKey(name="乙单位", printed=False),
            RowKey("208", "社会保障和就业支出"), RowKey("20805", "行政事业单位养老支出")]
    assert hierarchy(rows) == [(0, [1, 4]), (1, [2]), (2, [3]), (4, [5]), (5, [6])]
