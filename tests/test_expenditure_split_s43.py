"""The 支出总表 printing 基本支出 over 人员经费 | 公用经费 (its 小计 printed or not), in grids
and in text laid out by pdftotext -layout, in the template's form and the national one with
上缴上级支出 …: the parts are read as 人员经费 and 公用经费 and checked; a 支出总表 splitting
another column (项目支出 over 小计 | 经常性项目 | 一次性项目) is not read as that split. Every
expectation is transcribed from the table written here."""

from __future__ import annotations

import pytest
from test_tables_probe37 import WRITERS, cells

from budgetlens.checks import check
from budgetlens.pipeline import parse

HEAD = ("某某区财政局2025年部门预算\n\n表3\n\n{title:^60}\n\n编制部门：某某区财政局{unit:>40}\n\n")


def layout_text(tmp_path, lines: list[str], title: str = "部门支出总体情况表") -> str:
    """A table as pdftotext -layout prints one without rules: words placed by spaces."""
    path = tmp_path / "a.txt"
    path.write_text(HEAD.format(title=title, unit="单位：万元") + "\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


SPLIT_LINES = [
    "  科目编码      科目名称                    合计        基本支出                    项目支出",
    "                                                    小计     人员经费  公用经费",
    "  201         一般公共服务支出            130.00      100.00    80.00     20.00      30.00",
    "  20103       政府办公厅及相关机构事务    130.00      100.00    80.00     20.00      30.00",
    "  2010301     行政运行                    100.00      100.00    80.00     20.00",
    "  2010302     一般行政管理事务             30.00                                    30.00",
    "              合计                        130.00      100.00    80.00     20.00      30.00",
]


def by_code(doc) -> dict[str | None, list[tuple[str, str]]]:
    return {r.code or r.name: [(str(c.amount), c.column) for c in r.cells] for r in doc.tables[0].rows}


def errors(doc) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in check(doc).findings if f.severity == "error" and f.rule != "C-TABLES"]


def test_a_split_without_rules_is_read_by_its_header(tmp_path):
    # before: read as 合计 | 基本支出 | 项目支出 by order (80.00 人员经费 as 项目支出): four false
    # ARITH-COLUMN-SUM and a false ARITH-HIERARCHY
    doc = parse(layout_text(tmp_path, SPLIT_LINES))
    got = by_code(doc)
    assert got["201"] == [("130.00", "total"), ("100.00", "basic"), ("80.00", "personnel"), ("20.00", "public"),
                          ("30.00", "project")]
    assert got["2010301"] == [("100.00", "total"), ("100.00", "basic"), ("80.00", "personnel"), ("20.00", "public")]
    assert got["2010302"] == [("30.00", "total"), ("30.00", "project")]
    assert errors(doc) == []


def test_a_split_whose_parts_do_not_make_up_its_subtotal_is_caught(tmp_path):
    lines = [line.replace("20.00      30.00", "10.00      30.00") if line.startswith("  201 ") else line
             for line in SPLIT_LINES]
    doc = parse(layout_text(tmp_path, lines))
    assert by_code(doc)["201"][3] == ("10.00", "public")
    found = errors(doc)
    assert any(rule == "ARITH-COLUMN-SUM" and "201" in message for rule, message in found), found


NO_SUBTOTAL = [["科目编码", "科目名称", "合计", "基本支出", "", "项目支出"],
               ["", "", "", "人员经费", "公用经费", ""],
               ["201", "一般公共服务支出", "130.00", "80.00", "20.00", "30.00"],
               ["2010301", "行政运行", "100.00", "80.00", "20.00", ""],
               ["2010302", "一般行政管理事务", "30.00", "", "", "30.00"],
               ["", "合计", "130.00", "80.00", "20.00", "30.00"]]


@pytest.mark.parametrize("form", ["html", "xlsx"])
def test_a_split_without_its_subtotal_reads_the_parts(tmp_path, form):
    doc = parse(WRITERS[form](tmp_path / f"a.{form}", "部门支出总体情况表", NO_SUBTOTAL))
    assert [row[2] for row in cells(doc.tables[0])][:3] == [
        [("130.00", "total", []), ("80.00", "personnel", []), ("20.00", "public", []), ("30.00", "project", [])],
        [("100.00", "total", []), ("80.00", "personnel", []), ("20.00", "public", [])],
        [("30.00", "total", []), ("30.00", "project", [])]]
    assert not [i for i in doc.issues if i.code == "column-not-in-template"]
    assert errors(doc) == []


NATIONAL = [["科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出", "上缴上级支出", "事业单位经营支出",
             "对附属单位补助支出"],
            ["", "", "", "小计", "人员经费", "公用经费", "", "", "", ""],
            ["201", "一般公共服务支出", "140.00", "100.00", "80.00", "20.00", "30.00", "", "10.00", ""],
            ["2010301", "行政运行", "110.00", "100.00", "80.00", "20.00", "", "", "10.00", ""],
            ["2010302", "一般行政管理事务", "30.00", "", "", "", "30.00", "", "", ""],
            ["", "合计", "140.00", "100.00", "80.00", "20.00", "30.00", "", "10.00", ""]]


@pytest.mark.parametrize("form", ["html", "xlsx"])
def test_the_national_form_split_reads_every_column(tmp_path, form):
    doc = parse(WRITERS[form](tmp_path / f"a.{form}", "部门支出总表", NATIONAL))
    assert cells(doc.tables[0])[0][2] == [("140.00", "total", []), ("100.00", "basic", []), ("80.00", "personnel", []),
                                          ("20.00", "public", []), ("30.00", "project", []),
                                          ("10.00", "operating", [])]
    assert errors(doc) == []


def test_another_column_split_without_rules_is_not_read_as_basic_split(tmp_path):
    # near miss: 项目支出 over 小计 | 经常性项目 | 一次性项目 has as many columns as 基本支出 split,
    # but names neither 人员经费 nor 公用经费: no amount is read as either
    lines = [
        "  科目编码      科目名称                    合计      基本支出      项目支出",
        "                                                              小计     经常性项目  一次性项目",
        "  201         一般公共服务支出            130.00      100.00      30.00     20.00       10.00",
        "  2010302     一般行政管理事务             30.00                  30.00     20.00       10.00",
    ]
    doc = parse(layout_text(tmp_path, lines))
    columns = {c for r in doc.tables[0].rows for c in [c.column for c in r.cells]}
    assert not columns & {"personnel", "public"}, columns
