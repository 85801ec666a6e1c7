"""Table text a PDF prints broken: a row Word broke across a page break (its rest at the top
of the next page), an amount wrapped inside a narrow cell ("7,330,32" over "1.24"), and an
amount run into the next cell's code on a page printed without borders ("2,990.40201")."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.readers import read_document
from budgetlens.readers.glued import cut_long_decimals, printed_places
from budgetlens.readers.pdf import wrapped_number
from budgetlens.render_cells import cell_rows

weasyprint = pytest.importorskip("weasyprint")

RULED = """@page { size: A4; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 10pt; }
table { border-collapse: collapse; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top; }
.code { width: 40pt; } .name { width: 50pt; } .amt { width: 60pt; } .break { break-before: page; }"""
# 科目名称 holds five characters of 10 pt on a line: "机关事业单" fills it, "养老金" does not
HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
CLASSES = ["code", "name", "amt", "amt", "amt"]


def table_html(rows: list[list[str]]) -> str:
    body = "".join("<tr>%s</tr>" % "".join(f"<td class={k}>{t}</td>" for k, t in zip(CLASSES, row))
                   for row in [HEADER, *rows])
    return f"<table>{body}</table>"


def write(path: Path, pages: list[list[list[str]]], unit: str = "元") -> Path:
    """表5 printed over pages, the header repeated on each (as Word repeats header rows)."""
    tables = '<div class="break"></div>'.join(table_html(rows) for rows in pages)
    weasyprint.HTML(string=f"<html><head><style>{RULED}</style></head><body>"
                           f"<p>表5 一般公共预算支出情况表</p><p>单位：{unit}</p>{tables}</body></html>").write_pdf(str(path))
    return path


def grid(path: Path) -> list[list[str]]:
    return [ln.cells for ln in read_document(path).lines if ln.cells is not None]


def cells(path: Path) -> list[tuple[str, str, str, str]]:
    """(code, name, column, amount) of every amount cell, as `budgetlens parse -f cells` writes them."""
    return [(r["code"], r["name"], r["column"], r["amount"]) for r in cell_rows(parse(path))]


# ---- a row broken across a page break -----------------------------------------------------

PAGE_ONE = [["", "合计", "843,700.88", "843,700.88", ""],
            ["208", "社会保障", "633,245.76", "633,245.76", ""],
            ["20805", "养老支出", "633,245.76", "633,245.76", ""],
            ["2080505", "基本养老", "452,318.40", "452,318.40", ""]]
PAGE_TWO = [["210", "卫生健康支出", "210,455.12", "210,455.12", ""],
            ["2101102", "事业单位医疗", "210,455.12", "210,455.12", ""]]


def test_a_row_broken_across_pages_is_joined_to_the_row_it_continues(tmp_path):
    """Word's "allow row to break across pages": the name's last characters and the amounts'
    last digits went on at the top of page 2, under the repeated header, in a row of their own.
    That row had been read as a row of its own: a made-up row with amounts 36, and 2080506
    named 机关事业单 without its amounts."""
    path = write(tmp_path / "broken.pdf", [
        PAGE_ONE + [["2080506", "机关事业单", "180,927.", "180,927.", ""]],
        [["", "位职业年金缴费支出", "36", "36", ""]] + PAGE_TWO])
    assert grid(path)[5:7] == [["2080506", "机关事业单位职业年金缴费支出", "180,927.36", "180,927.36", ""],
                               HEADER]
    got = cells(path)
    assert ("2080506", "机关事业单位职业年金缴费支出", "合计", "180927.36") in got
    assert ("2080506", "机关事业单位职业年金缴费支出", "基本支出", "180927.36") in got
    assert all(code for code, name, _, _ in got if name != "合计")          # no row without its code
    assert len(got) == 2 * 7
    disc = parse(path)
    notes = [i.message for i in disc.issues if i.level == "info" and i.code == "reader"]
    assert notes == ["第 2 页表格的第一行是第 1 页末行（第 8 行）跨页断开的续行，已接回该行："
                     "“机关事业单”+“位职业年金缴费支出”→“机关事业单位职业年金缴费支出”；"
                     "“180,927.”+“36”→“180,927.36”；“180,927.”+“36”→“180,927.36”"]


def test_a_name_that_does_not_fill_its_cell_is_not_continued_on_the_next_page(tmp_path):
    """The last line of 养老金 leaves room for more: its text ended there, and the row at the top
    of the next page (no code, no amount) is a row of its own, not the rest of that name."""
    path = write(tmp_path / "whole.pdf", [
        PAGE_ONE + [["2080506", "养老金", "180,927.36", "180,927.36", ""]],
        [["", "其他", "", "", ""]] + PAGE_TWO])
    rows = grid(path)
    assert rows[5] == ["2080506", "养老金", "180,927.36", "180,927.36", ""]
    assert ["", "其他", "", "", ""] in rows
    assert not [i for i in parse(path).issues if i.level == "info" and i.code == "reader"]


def test_a_code_at_the_top_of_the_next_page_starts_a_row_of_its_own(tmp_path):
    """A full name cell at the foot of page 1 and, at the top of page 2, a name that starts
    with its code (209…): a new row, not the name's rest."""
    path = write(tmp_path / "coded.pdf", [
        PAGE_ONE + [["", "机关事业单", "180,927.36", "180,927.36", ""]],
        [["", "209社保基金", "", "", ""]] + PAGE_TWO])
    rows = grid(path)
    assert rows[5][1] == "机关事业单"
    assert ["", "209社保基金", "", "", ""] in rows


# ---- an amount wrapped inside its cell -----------------------------------------------------

def test_an_amount_wrapped_inside_its_cell_is_read_as_one_number(tmp_path):
    """A narrow cell wraps an amount over two lines: joined with a space (7,330,32 1.24) it was
    no amount and was lost in the row's label."""
    path = write(tmp_path / "wrapped.pdf", [[
        ["", "合计", "7,330,32<br>1.24", "7,330,32<br>1.24", ""],
        ["207", "文化旅游", "1648.<br>68", "1648.<br>68", ""],
        ["20708", "广播电视", "96,000.0<br>0", "96,000.0<br>0", ""],
        ["2070808", "广播事务", "7,234,67<br>2.56", "7,234,67<br>2.56", ""]]])
    assert grid(path)[1:] == [["", "合计", "7,330,321.24", "7,330,321.24", ""],
                              ["207", "文化旅游", "1648.68", "1648.68", ""],
                              ["20708", "广播电视", "96,000.00", "96,000.00", ""],
                              ["2070808", "广播事务", "7,234,672.56", "7,234,672.56", ""]]
    assert cells(path) == [(code, name, column, amount) for code, name, amount in [
        ("", "合计", "7330321.24"), ("207", "文化旅游", "1648.68"), ("20708", "广播电视", "96000.00"),
        ("2070808", "广播事务", "7234672.56")] for column in ("合计", "基本支出")]


def test_numbers_a_cell_prints_on_two_lines_that_may_be_two_are_reported(tmp_path):
    """100 over 200 may be 100200 or two numbers: not read, and said (table, line, text); the
    row keeps its name (the text had been taken into it)."""
    path = write(tmp_path / "unsure.pdf", [[
        ["", "合计", "1,300.00", "1,300.00", ""],
        ["207", "文化旅游", "1,300.00", "100<br>200", ""]]])
    assert cells(path) == [("", "合计", "合计", "1300.00"), ("", "合计", "基本支出", "1300.00"),
                           ("207", "文化旅游", "合计", "1300.00")]
    disc = parse(path)
    unsure = [i for i in disc.issues if i.code == "amount-unsure"]
    assert [i.message for i in unsure] == [
        "表「一般公共预算支出情况表」第 5 行“基本支出”列的“100 200”在格内分成几行，"
        "无法确定是一个金额还是几个，未读入，请对照原表核实"]
    assert unsure[0].level == "warning" and unsure[0].provenance.line == 5
    # the checks do not judge the row on the amounts read: 基本支出 + 项目支出 may be its 合计
    sums = [f for f in check(disc).findings if f.rule == "ARITH-COLUMN-SUM"]
    assert sums and all(f.severity == "info" and "无法读取" in f.message for f in sums)


@pytest.mark.parametrize("lines,number", [
    (["7,330,32", "1.24"], "7,330,321.24"), (["1648.", "68"], "1648.68"), (["96,000.0", "0"], "96,000.00"),
    (["1,810,00", "0.00"], "1,810,000.00"), (["7,330,321", ".24"], "7,330,321.24"),
    (["100", "200"], None), (["1,234.56", "78.90"], None), (["2010", "301"], None), (["机关", "事业"], None)])
def test_wrapped_number(lines, number):
    assert wrapped_number(lines) == number


# ---- an amount run into the next cell's code -------------------------------------------------

UNRULED = """@page { size: A4; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 8pt; }
table { border-collapse: collapse; table-layout: fixed; } td { padding: 1pt 0; }
.item { width: 110pt; } .amt { width: 50pt; text-align: right; } .code { width: 20pt; padding-left: 1pt; }
.name { width: 110pt; }"""


def test_an_amount_run_into_the_next_cells_code_is_cut_after_its_decimals(tmp_path):
    """A sheet printed without borders: 2,990.40 right-aligned a point from the code 201 of the
    expenditure side read 2,990.40201 (an amount of 2990.40201, and 201 lost to its row). The
    page's amounts print two decimals: the rest is the next cell's code."""
    layout = ["item", "amt", "code", "name", "amt", "amt"]
    rows = [["项目", "合计", "", "功能分类", "合计", "一般公共预算"],
            ["一、财政拨款（补助）", "2,990.40", "201", "一般公共服务支出", "2,190.03", "2,190.03"],
            ["一般公共预算", "2,990.40", "208", "社会保障和就业支出", "450.63", "450.63"],
            ["", "", "210", "卫生健康支出", "164.47", "164.47"],
            ["", "", "221", "住房保障支出", "185.27", "185.27"],
            ["收入总计", "2,990.40", "", "支出总计", "2,990.40", "2,990.40"]]
    body = "".join("<tr>%s</tr>" % "".join(f"<td class={k}>{t}</td>" for k, t in zip(layout, row)) for row in rows)
    path = tmp_path / "glued.pdf"
    weasyprint.HTML(string=f"<html><head><style>{UNRULED}</style></head><body><p>表4 财政拨款收支预算总体情况表</p>"
                           f"<p>单位：万元</p><table>{body}</table></body></html>").write_pdf(str(path))
    doc = read_document(path)
    assert doc.lines[3].text == "一、财政拨款（补助） 2,990.40 201 一般公共服务支出 2,190.03 2,190.03"
    assert "第 1 页金额与后一格的数字连在一起，按本页金额的小数位（2 位）拆开：“2,990.40201”拆为 2,990.40、201；" \
           "“2,990.40208”拆为 2,990.40、208" in doc.warnings
    got = cells(path)
    assert ("", "一、财政拨款（补助）", "收入/合计", "2990.40") in got
    assert ("", "一般公共预算", "收入/合计", "2990.40") in got
    assert ("201", "一般公共服务支出", "支出/合计", "2190.03") in got
    assert ("208", "社会保障和就业支出", "支出/合计", "450.63") in got
    assert not [c for c in got if len(c[3].partition(".")[2]) > 2]


@pytest.mark.parametrize("texts,places", [
    (["2,990.40201 2,190.03", "450.63 164.47"], 2),
    (["3227.4 2190.03", "450.63 164.47 1523.68"], None),      # a wrapped amount's piece: no rule
    (["2,990.4020 2,190.03", "450.63 164.47"], None),         # two digits over: no code
    (["2,990.40201"], None)])                                 # no amounts that show the decimals
def test_printed_places(texts, places):
    assert printed_places(texts) == places


def test_cut_long_decimals_leaves_dates_and_amounts_alone():
    assert cut_long_decimals("2,990.40201 一般 2,190.03 2024.10.15 12.5%", 2) == (
        "2,990.40 201 一般 2,190.03 2024.10.15 12.5%", ["“2,990.40201”拆为 2,990.40、201"])
