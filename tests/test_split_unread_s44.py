"""A column printed only as parts the template has not (基本支出 over 人员经费 | 公用经费, no 小计)
is not a printed column, whatever form the table comes in: its parts' amounts are left out
and said, and no sum takes the column as blank (合计 130 = 基本支出 + 项目支出 "30" was four
false errors in pdftotext -layout text and an unruled PDF, while a ruled grid, HTML, DOCX and
XLSX read it so already). Under 小计 | 人员经费 | 公用经费 the 小计 is the column's, checked.
Every expectation is transcribed from the tables written here."""

from __future__ import annotations

import pytest
from ruled_pdf import basic_split_pdf
from test_group_parts_near_misses_s43 import BUDGET_HEAD, budget_layout
from test_tables_probe37 import WRITERS

from budgetlens.checks import check
from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")

TITLE = "部门支出总体情况表"

# code, name, 合计, 基本支出 (小计), 人员经费, 公用经费, 项目支出
ROWS = [("201", "一般公共服务支出", "130.00", "100.00", "80.00", "20.00", "30.00"),
        ("2010301", "行政运行", "100.00", "100.00", "80.00", "20.00", ""),
        ("2010302", "一般行政管理事务", "30.00", "", "", "", "30.00"),
        ("", "合计", "130.00", "100.00", "80.00", "20.00", "30.00")]

TWO_PARTS = ["  科目编码      科目名称                    合计      基本支出                项目支出",
             "                                                      人员经费    公用经费",
             "  201         一般公共服务支出            {}      80.00       20.00       30.00",
             "  2010301     行政运行                    100.00      80.00       20.00",
             "  2010302     一般行政管理事务             30.00                              30.00",
             "              合计                        130.00      80.00       20.00       30.00"]

WITH_SUBTOTAL = ["  科目编码      科目名称                    合计      基本支出                           项目支出",
                 "                                                      小计        人员经费    公用经费",
                 "  201         一般公共服务支出            {}      100.00      80.00       20.00       30.00",
                 "  2010301     行政运行                    100.00      100.00      80.00       20.00",
                 "  2010302     一般行政管理事务             30.00                                          30.00",
                 "              合计                        130.00      100.00      80.00       20.00       30.00"]


def layout(tmp_path, lines: list[str], first_total: str = "130.00"):
    return budget_layout(tmp_path, "表3", TITLE, [ln.format(first_total) for ln in lines])


def unruled_pdf(tmp_path, parts: list[str], keep: list[int]):
    return parse(basic_split_pdf(tmp_path / "a.pdf", TITLE, parts, ROWS, keep, cover=BUDGET_HEAD, ruled=False))


def grid(tmp_path, form: str, parts: list[str], keep: list[int]):
    head = [["科目编码", "科目名称", "合计", "基本支出", *[""] * (len(parts) - 1), "项目支出"], ["", "", "", *parts, ""]]
    return parse(WRITERS[form](tmp_path / f"a.{form}", TITLE, head + [[r[k] for k in keep] for r in ROWS]))


def read(doc) -> list[list[tuple[str, str]]]:
    return [[(c.column, str(c.amount)) for c in r.cells if c.amount is not None] for r in doc.table("expenditure").rows]


def arithmetic(doc) -> list[str]:
    return [f.message for f in check(doc).findings if f.rule.startswith("ARITH") and f.severity == "error"]


def said(doc) -> list[str]:
    return [i.message for i in doc.issues if i.code == "column-not-in-template"]


WITHOUT_BASIC = [[("total", "130.00"), ("project", "30.00")], [("total", "100.00")],
                 [("total", "30.00"), ("project", "30.00")], [("total", "130.00"), ("project", "30.00")]]


@pytest.mark.parametrize("form", ["layout", "unruled", "html", "docx", "xlsx"])
def test_parts_alone_leave_the_column_unprinted_and_unsummed(tmp_path, form):
    parts, keep = ["人员经费", "公用经费"], [0, 1, 2, 4, 5, 6]
    doc = layout(tmp_path, TWO_PARTS) if form == "layout" else unruled_pdf(tmp_path, parts, keep) if form == "unruled" \
        else grid(tmp_path, form, parts, keep)
    assert read(doc) == WITHOUT_BASIC
    assert [c.key for c in doc.table("expenditure").columns] == ["total", "project"]
    assert len(said(doc)) == 2 and "基本支出/人员经费" in said(doc)[0] and "基本支出/公用经费" in said(doc)[1]
    assert arithmetic(doc) == []


def test_a_wrong_total_is_still_caught_beside_the_unread_parts(tmp_path):
    # 201's 合计 misprinted 140.00: its class total (合计 130.00) is not the sum of its classes
    doc = layout(tmp_path, TWO_PARTS, "140.00")
    found = arithmetic(doc)
    assert len(found) == 1 and "140.00" in found[0] and "130.00" in found[0], found


@pytest.mark.parametrize("form", ["layout", "unruled"])
def test_the_subtotal_over_the_parts_is_the_column_and_summed(tmp_path, form):
    # the near miss: 小计 under 基本支出 prints the column's amount; 合计 = 基本支出 + 项目支出 holds
    doc = layout(tmp_path, WITH_SUBTOTAL) if form == "layout" \
        else unruled_pdf(tmp_path, ["小计", "人员经费", "公用经费"], [0, 1, 2, 3, 4, 5, 6])
    assert read(doc) == [[("total", "130.00"), ("basic", "100.00"), ("project", "30.00")],
                         [("total", "100.00"), ("basic", "100.00")], [("total", "30.00"), ("project", "30.00")],
                         [("total", "130.00"), ("basic", "100.00"), ("project", "30.00")]]
    assert [c.key for c in doc.table("expenditure").columns] == ["total", "basic", "project"]
    assert arithmetic(doc) == []


def test_a_column_sum_off_under_the_subtotal_is_caught(tmp_path):
    doc = layout(tmp_path, WITH_SUBTOTAL, "140.00")
    found = arithmetic(doc)
    assert any("140.00" in m and "基本支出+项目支出" in m and "130.00" in m for m in found), found


YEAR_OVER_SPLIT = ["                                                            本年支出",
                   "  科目编码        科目名称                      合计          基本支出                    项目支出",
                   "                                                    人员经费        公用经费",
                   "  201         一般公共服务支出                  {}      80.00       20.00       30.00",
                   "  2010301     行政运行                      100.00      80.00       20.00",
                   "  2010302     一般行政管理事务                  30.00                               30.00",
                   "              合计                        130.00      80.00       20.00       30.00"]


def test_a_group_word_over_the_split_column_does_not_print_it(tmp_path):
    # 本年支出 over the whole header: under its middle stands 基本支出, which its parts say is
    # not printed; the group word does not print it either
    doc = layout(tmp_path, YEAR_OVER_SPLIT)
    assert read(doc) == WITHOUT_BASIC
    assert [c.key for c in doc.table("expenditure").columns] == ["total", "project"]
    assert arithmetic(doc) == []


LINES_CSS = """@page { size: A4 landscape; margin: 1.5cm; } body { font-family: 'Noto Sans CJK SC'; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; } td { border: none; padding: 1pt 3pt; text-align: center; }
td.a { text-align: right; } tr.top td { border-top: 1pt solid #000; } tr.head td { border-bottom: 0.5pt solid #000; }"""


def test_final_groups_over_template_columns_keep_their_sums(tmp_path):
    # a 决算's 年初预算 (合计 | 基本支出 | 项目支出) and 本年支出 (小计 | 基本支出 | 项目支出) as a 三线表:
    # groups over the template's own columns, none left out; 201's two misprinted sums are caught
    import weasyprint

    head = ("<tr class=top><td rowspan=2>科目编码</td><td rowspan=2>科目名称</td><td colspan=3>年初预算</td>"
            "<td colspan=3>本年支出</td></tr><tr class=head>"
            + "".join(f"<td>{w}</td>" for w in ("合计", "基本支出", "项目支出", "小计", "基本支出", "项目支出")) + "</tr>")
    rows = [["201", "一般公共服务支出", "125.00", "100.00", "20.00", "140.00", "100.00", "30.00"],
            ["2010301", "行政运行", "100.00", "100.00", "", "100.00", "100.00", ""],
            ["2010302", "一般行政管理事务", "20.00", "", "20.00", "30.00", "", "30.00"],
            ["", "合计", "120.00", "100.00", "20.00", "130.00", "100.00", "30.00"]]
    body = "".join("<tr>" + "".join(f"<td{' class=a' if k > 1 else ''}>{t}</td>" for k, t in enumerate(r)) + "</tr>"
                   for r in rows)
    path = tmp_path / "final.pdf"
    weasyprint.HTML(string=f"<html><head><style>{LINES_CSS}</style></head><body><p>某某区财政局2024年度部门决算</p>"
                           f"<p>表5</p><p>一般公共预算财政拨款支出决算表</p><p>编制单位：某某区财政局 单位：万元</p>"
                           f"<table>{head}{body}</table></body></html>").write_pdf(str(path))
    doc = parse(path)
    table = doc.table("gpb_expenditure")
    assert [c.key for c in table.columns] == ["budget_total", "budget_basic", "budget_project", "total", "basic", "project"]
    sums = [f.message for f in check(doc).findings if f.rule == "ARITH-COLUMN-SUM" and f.severity == "error"]
    assert len(sums) == 2 and "125.00" in sums[0] and "120.00" in sums[0] and "140.00" in sums[1] and "130.00" in sums[1], sums
