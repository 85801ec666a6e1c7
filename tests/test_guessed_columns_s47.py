"""A Xinjiang 收入总表 printing 总计 | 财政拨款 | 单位资金 | 上年结转结余: 财政拨款 alone is no
column of the template (its column is 财政拨款（补助）小计), so the amounts under it stay undecided
among every column the header leaves over, 财政拨款结转 and 非财政拨款结转结余 included. Before,
ARITH-COLUMN-SUM counted those columns as printed in every reading: 上年结转结余 = 财政拨款结转 +
非财政拨款结转结余 and 总计's sums failed under each reading, errors on a table that adds up (3 in
an unruled PDF, 6 in layout text). A column only guessed is printed only in the reading that puts
an amount in it. Near misses: the same table with a misprinted 总计 is still an error; a column
whose words the header prints is printed in every reading, as before.
Every expectation is transcribed from the tables written here."""

from __future__ import annotations

import pytest
from ruled_pdf import CSS

from budgetlens.checks import check
from budgetlens.checks.rules.arithmetic import _guessed_columns
from budgetlens.model import (
    PrintedCell,
    PrintedColumn,
    PrintedRow,
    PrintedTable,
    Provenance,
)
from budgetlens.pipeline import parse
from budgetlens.templates import load_templates

COVER = "新疆维吾尔自治区某某厅2025年部门预算"
TITLE = "部门收入总体情况表"
HEAD = ["科目编码", "科目名称", "总计", "财政拨款", "单位资金", "上年结转结余"]
# (201 = 2010301 + 2010302 column by column; 总计 = 财政拨款 + 单位资金 + 上年结转结余)
ROWS = [["201", "一般公共服务支出", "236.40", "180.15", "25.25", "31.00"],
        ["2010301", "行政运行", "150.40", "120.15", "10.25", "20.00"],
        ["2010302", "一般行政管理事务", "86.00", "60.00", "15.00", "11.00"],
        ["", "合计", "236.40", "180.15", "25.25", "31.00"]]


def rows_with(total_2010302: str) -> list[list[str]]:
    return [[*r[:2], total_2010302, *r[3:]] if r[0] == "2010302" else r for r in ROWS]


def width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def layout(path, rows: list[list[str]]) -> str:
    """The table as pdftotext -layout prints it: code and name flush left, amounts right-aligned."""
    def line(cells: list[str]) -> str:
        out = f"  {cells[0]:<10}{cells[1]}"
        out += " " * max(2, 44 - width(out))
        return out + "".join(f"{c:>18}" for c in cells[2:])
    head = "  科目编码      科目名称" + " " * 24 + "".join(" " * (18 - width(h)) + h for h in HEAD[2:])
    text = [COVER, "", "表2", "", "               " + TITLE, "", "编制部门：某某厅                单位：万元", "",
            head, *(line(r) for r in rows)]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return str(path)


def unruled_pdf(path, rows: list[list[str]]) -> str:
    weasyprint = pytest.importorskip("weasyprint")
    css = CSS.replace("border: 0.5pt solid #000;", "border: none;")
    head = "<tr>" + "".join(f"<td>{h}</td>" for h in HEAD) + "</tr>"
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body><p>{COVER}</p><p>{TITLE}</p>"
                           f"<p>编制单位：某某厅 单位：万元</p><table>{head}{cells}</table></body></html>"
                    ).write_pdf(str(path))
    return str(path)


WRITERS = {"layout": layout, "unruled": unruled_pdf}


def column_sums(path: str):
    return [f for f in check(parse(path)).findings if f.rule == "ARITH-COLUMN-SUM"]


@pytest.mark.parametrize("form", WRITERS)
def test_table_that_adds_up_has_no_column_sum_error(tmp_path, form):
    path = WRITERS[form](tmp_path / f"t.{'txt' if form == 'layout' else 'pdf'}", ROWS)
    table = parse(path).tables[0]
    # (the premise: 财政拨款's amounts are undecided, 财政拨款（补助）小计 among the candidates)
    cell = next(c for c in table.rows[0].cells if c.text == "180.15")
    assert cell.column is None and "fiscal" in cell.candidates
    assert [f.message for f in column_sums(path) if f.severity != "info"] == []


@pytest.mark.parametrize("form", WRITERS)
def test_misprinted_total_is_still_an_error(tmp_path, form):
    path = WRITERS[form](tmp_path / f"t.{'txt' if form == 'layout' else 'pdf'}", rows_with("96.00"))
    serious = [f for f in column_sums(path) if f.severity == "error"]
    assert {f.location.row for f in serious} == {"2010302 一般行政管理事务"}
    assert "总计" in {f.location.column for f in serious}
    if form == "layout":    # (unruled, every amount of a row is undecided: the first reading is cited)
        assert [e.text for e in serious[0].evidence] == ["96.00", "60.00", "15.00", "11.00"]


AT = Provenance(file="t.txt", line=2)


def _table(header: list[str], candidates: list[str]) -> PrintedTable:
    cells = [PrintedCell(text="150.00", amount="150.00", column="total", provenance=AT),
             PrintedCell(text="120.00", amount="120.00", candidates=candidates, provenance=AT),
             PrintedCell(text="30.00", amount="30.00", column="carryover", provenance=AT)]
    columns = [PrintedColumn(key=k, label=k) for k in ("total", *candidates, "carryover")]
    return PrintedTable(index=0, kind="income", title=TITLE, columns=columns, line=1, line_end=2,
                        provenance=AT, header=[{"line": 1, "cells": header}],
                        rows=[PrintedRow(index=0, line=2, cells=cells)])


class _Ctx:
    """What _guessed_columns asks of a check's context: the table's template table."""

    def __init__(self):
        spec = next(t for t in load_templates() if t.id == "xj-dept-budget-2025")
        self.table_spec = next(t for t in spec.tables if t.number == 2)

    def spec(self, table):
        return self.table_spec


def test_a_column_the_header_names_is_not_guessed():
    table = _table(["总计", "财政拨款结转", "上年结转结余"], ["fiscal_carryover", "nonfiscal_carryover"])
    assert _guessed_columns(_Ctx(), table) == {"nonfiscal_carryover"}


def test_a_column_decided_elsewhere_is_not_guessed():
    table = _table(["总计", "某某", "上年结转结余"], ["fiscal", "unit_funds"])
    table.rows.append(PrintedRow(index=1, line=3, cells=[PrintedCell(text="5.00", amount="5.00", column="unit_funds",
                                                                     provenance=AT)]))
    assert _guessed_columns(_Ctx(), table) == {"fiscal"}


def test_a_decided_table_has_no_guessed_column():
    table = _table(["总计", "财政拨款", "上年结转结余"], ["fiscal"])
    table.rows[0].cells[1].column = "fiscal"
    table.rows[0].cells[1].candidates = []
    assert _guessed_columns(_Ctx(), table) == frozenset()



A5 = """新疆维吾尔自治区某某厅2025年部门预算

表2

        部门收入总体情况表

编制部门：某某厅        单位：万元

  科目编码  科目名称                                        总计        财政拨款        单位资金    上年结转结余
  201  一般公共服务支出                                     246.40          170.15           45.25           31.00
  2010301  行政运行                                         150.40          120.15           10.25           20.00
  2010302  一般行政管理事务                                  86.00           50.00           25.00           11.00
  2010399  其他政府办公厅（室）及相关机构事务支出             12.00                           10.00
    合计                                                    246.40          170.15           45.25           31.00
"""


def test_a_row_printing_nothing_under_the_unknown_word_is_checked_as_printed(tmp_path):
    """(review of session 47) 2010399 prints 总计 12.00 and 单位资金 10.00 only: no amount of it may
    stand in a guessed column, and its 总计 is checked over the columns printed, as before."""
    path = tmp_path / "a5.txt"
    path.write_text(A5, encoding="utf-8")
    serious = [f for f in column_sums(str(path)) if f.severity == "error"]
    assert {f.location.row for f in serious} == {"2010399 其他政府办公厅（室）及相关机构事务支出"}
    assert {(f.expected, f.found) for f in serious} == {("10.00", "12.00")}
