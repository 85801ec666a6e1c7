"""A header of three levels printed without its cell rules (a 三线表, or no rules at all), its
words centred in their cells: a group's word stands between its columns' words (基本支出 over
人员经费 | 公用经费, over neither) or over the middle one only (财政拨款 over 基本支出 | 项目支出
with 基本支出 split in two). Read before as columns of their own, such words made
"财政拨款/基本支出 … 模板没有此列" and left the amounts of columns the template has unread; the
header is read as a tree (unruled.tree_header) as a grid's cells give it. A column the template
really has not still gets its message. Every expectation is transcribed from the tables written
here; widths, alignment and words vary so that no one layout's geometry is what is tested."""

from __future__ import annotations

import html

import pytest

from budgetlens.checks import check
from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")

CSS = """@page { size: A4 landscape; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td { padding: 1pt 3pt; text-align: ALIGN; } td.a { text-align: right; }"""
# a 三线表: a rule over the header, one under it, one under the last row
THREE_LINES = " tr.top td { border-top: 1pt solid #000; } tr.low td { border-bottom: 0.5pt solid #000; }" \
              " tr.end td { border-bottom: 1pt solid #000; }"
GRID = " td { border: 0.5pt solid #000; }"     # the reference: every cell ruled
BUDGET = "某某区财政局2025年部门预算"
FINAL = "某某区财政局2024年度部门决算"


def table_pdf(path, title: str, header, body, label: str, lead: int, style: str = "lines", align: str = "center",
              widths: list[int] | None = None, cover: str = BUDGET):
    """header: rows of (text, colspan, rowspan); body: rows of texts, the first `lead` labels."""
    import weasyprint

    css = CSS.replace("ALIGN", align) + {"lines": THREE_LINES, "none": "", "grid": GRID}[style]
    cols = "".join(f"<col style='width:{w}%'>" for w in widths) if widths else ""
    rows = []
    for n, row in enumerate(header):
        cls = " ".join(c for c in ("top" if n == 0 else "", "low" if n == len(header) - 1 else "") if c)
        rows.append(f"<tr class='{cls}'>" + "".join(
            f"<td colspan={c} rowspan={r}>{html.escape(t)}</td>" for t, c, r in row) + "</tr>")
    for n, row in enumerate(body):
        rows.append(f"<tr class='{'end' if n == len(body) - 1 else ''}'>" + "".join(
            f"<td class='{'a' if k >= lead else ''}'>{html.escape(t)}</td>" for k, t in enumerate(row)) + "</tr>")
    weasyprint.HTML(string=(
        f"<html><head><meta charset='utf-8'><style>{css}</style></head><body><p>{cover}</p><p>{label}</p>"
        f"<p style='text-align:center'>{title}</p><p>编制单位：某某区财政局 单位：万元</p>"
        f"<table>{cols}{''.join(rows)}</table></body></html>")).write_pdf(str(path))
    return path


def read(doc, kind: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each row's name and its (column, amount) cells; an undecided amount's column reads '?'."""
    return [(r.name or r.code, [(c.column or "?", str(c.amount)) for c in r.cells if c.amount is not None])
            for r in doc.table(kind).rows]


def errors(doc) -> list[str]:
    return [f.message for f in check(doc).findings if f.severity == "error" and f.rule.startswith("ARITH")]


def said(doc, code: str = "column-not-in-template") -> list[str]:
    return [i.message for i in doc.issues if i.code == code]


# 表11: 项目 | 合计 | 财政拨款 (基本支出 (人员经费 | 公用经费) | 项目支出) | 非财政拨款 (小计 | 项目支出)
CARRY_HEAD = [[("项目", 1, 3), ("合计", 1, 3), ("财政拨款", 3, 1), ("非财政拨款", 2, 1)],
              [("基本支出", 2, 1), ("项目支出", 1, 2), ("小计", 1, 2), ("项目支出", 1, 2)],
              [("人员经费", 1, 1), ("公用经费", 1, 1)]]
CARRY_ROWS = [["合计", "86.40", "20.10", "7.20", "35.00", "24.10", "24.10"],
              ["办公楼维修项目", "40.00", "", "", "35.00", "5.00", "5.00"],
              ["信息化建设项目", "19.10", "", "", "", "19.10", "19.10"],
              ["基本支出结转", "27.30", "20.10", "7.20", "", "", ""]]
CARRY_READ = [("合计", [("total", "86.40"), ("fiscal_personnel", "20.10"), ("fiscal_public", "7.20"),
                       ("fiscal_project", "35.00"), ("nonfiscal", "24.10"), ("nonfiscal_project", "24.10")]),
              ("办公楼维修项目", [("total", "40.00"), ("fiscal_project", "35.00"), ("nonfiscal", "5.00"),
                            ("nonfiscal_project", "5.00")]),
              ("信息化建设项目", [("total", "19.10"), ("nonfiscal", "19.10"), ("nonfiscal_project", "19.10")]),
              ("基本支出结转", [("total", "27.30"), ("fiscal_personnel", "20.10"), ("fiscal_public", "7.20")])]
CARRY_TITLE = "上年结转结余情况明细表"


@pytest.mark.parametrize("style", ["lines", "none", "grid"])
@pytest.mark.parametrize("align, widths", [("center", None), ("center", [22, 10, 13, 9, 15, 11, 20]),
                                           ("center", [12, 16, 8, 14, 9, 17, 24]), ("left", [18, 12, 11, 13, 12, 14, 20])])
def test_carryover_three_levels_read_as_the_grid_does(tmp_path, style, align, widths):
    doc = parse(table_pdf(tmp_path / "a.pdf", CARRY_TITLE, CARRY_HEAD, CARRY_ROWS, "表11", 1, style, align, widths))
    assert read(doc, "carryover") == CARRY_READ
    assert [c.key for c in doc.table("carryover").columns] == \
        ["total", "fiscal_personnel", "fiscal_public", "fiscal_project", "nonfiscal", "nonfiscal_project"]
    assert said(doc) == [] and said(doc, "ambiguous-column") == [] and errors(doc) == []


def test_carryover_with_its_fiscal_subtotal(tmp_path):
    """财政拨款 over 小计 | 基本支出 (人员经费 | 公用经费) | 项目支出: four columns under it, the
    word over the middle gap, 基本支出 over its two parts' gap."""
    head = [[("项目名称", 1, 3), ("合计", 1, 3), ("财政拨款", 4, 1), ("非财政拨款", 2, 1)],
            [("小计", 1, 2), ("基本支出", 2, 1), ("项目支出", 1, 2), ("小计", 1, 2), ("项目支出", 1, 2)],
            [("人员经费", 1, 1), ("公用经费", 1, 1)]]
    rows = [["合计", "86.40", "62.30", "20.10", "7.20", "35.00", "24.10", "24.10"],
            ["办公楼维修项目", "59.10", "35.00", "", "", "35.00", "24.10", "24.10"],
            ["基本支出结转", "27.30", "27.30", "20.10", "7.20", "", "", ""]]
    doc = parse(table_pdf(tmp_path / "a.pdf", CARRY_TITLE, head, rows, "表11", 1, "lines", "center",
                          [16, 11, 10, 12, 9, 14, 10, 18]))
    assert read(doc, "carryover") == [
        ("合计", [("total", "86.40"), ("fiscal", "62.30"), ("fiscal_personnel", "20.10"), ("fiscal_public", "7.20"),
                 ("fiscal_project", "35.00"), ("nonfiscal", "24.10"), ("nonfiscal_project", "24.10")]),
        ("办公楼维修项目", [("total", "59.10"), ("fiscal", "35.00"), ("fiscal_project", "35.00"),
                      ("nonfiscal", "24.10"), ("nonfiscal_project", "24.10")]),
        ("基本支出结转", [("total", "27.30"), ("fiscal", "27.30"), ("fiscal_personnel", "20.10"),
                    ("fiscal_public", "7.20")])]
    assert said(doc) == [] and errors(doc) == []


@pytest.mark.parametrize("style", ["lines", "none"])
def test_a_part_the_template_has_not_is_still_said(tmp_path, style):
    """Near miss: 非财政拨款 over 小计 | 项目支出 | 经营结余, the last no column of the template:
    its amounts are left out and said, the others read."""
    head = [[("项目", 1, 3), ("合计", 1, 3), ("财政拨款", 3, 1), ("非财政拨款", 3, 1)],
            [("基本支出", 2, 1), ("项目支出", 1, 2), ("小计", 1, 2), ("项目支出", 1, 2), ("经营结余", 1, 2)],
            [("人员经费", 1, 1), ("公用经费", 1, 1)]]
    rows = [["合计", "90.40", "20.10", "7.20", "35.00", "28.10", "24.10", "4.00"],
            ["办公楼维修项目", "63.10", "", "", "35.00", "28.10", "24.10", "4.00"],
            ["基本支出结转", "27.30", "20.10", "7.20", "", "", "", ""]]
    doc = parse(table_pdf(tmp_path / "a.pdf", CARRY_TITLE, head, rows, "表11", 1, style, "center",
                          [18, 10, 12, 10, 14, 10, 13, 13]))
    assert read(doc, "carryover") == [
        ("合计", [("total", "90.40"), ("fiscal_personnel", "20.10"), ("fiscal_public", "7.20"),
                 ("fiscal_project", "35.00"), ("nonfiscal", "28.10"), ("nonfiscal_project", "24.10")]),
        ("办公楼维修项目", [("total", "63.10"), ("fiscal_project", "35.00"), ("nonfiscal", "28.10"),
                      ("nonfiscal_project", "24.10")]),
        ("基本支出结转", [("total", "27.30"), ("fiscal_personnel", "20.10"), ("fiscal_public", "7.20")])]
    assert len(said(doc)) == 1 and "非财政拨款/经营结余" in said(doc)[0] and "模板没有此列" in said(doc)[0]


# 部门支出总体情况表: 合计 | 基本支出 (小计 | 人员经费 | 公用经费) | 项目支出, the template's 基本支出
# unsplit: 小计 is its column, the parts are said (as a grid says them)
EXP_HEAD = [[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 3, 1), ("项目支出", 1, 2)],
            [("小计", 1, 1), ("人员经费", 1, 1), ("公用经费", 1, 1)]]
EXP_ROWS = [["201", "一般公共服务支出", "145.60", "112.40", "90.00", "22.40", "33.20"],
            ["2010301", "行政运行", "112.40", "112.40", "90.00", "22.40", ""],
            ["2010302", "一般行政管理事务", "33.20", "", "", "", "33.20"],
            ["", "合计", "145.60", "112.40", "90.00", "22.40", "33.20"]]


@pytest.mark.parametrize("style", ["lines", "none", "grid"])
@pytest.mark.parametrize("widths", [None, [10, 24, 14, 12, 15, 11, 14]])
def test_centred_group_over_three_parts(tmp_path, style, widths):
    doc = parse(table_pdf(tmp_path / "a.pdf", "部门支出总体情况表", EXP_HEAD, EXP_ROWS, "表3", 2, style, "center", widths))
    assert read(doc, "expenditure") == [
        ("一般公共服务支出", [("total", "145.60"), ("basic", "112.40"), ("project", "33.20")]),
        ("行政运行", [("total", "112.40"), ("basic", "112.40")]),
        ("一般行政管理事务", [("total", "33.20"), ("project", "33.20")]),
        ("合计", [("total", "145.60"), ("basic", "112.40"), ("project", "33.20")])]
    assert [m[:12] for m in said(doc)] == ["“基本支出/人员经费”列", "“基本支出/公用经费”列"]
    assert said(doc, "ambiguous-column") == [] and errors(doc) == []


# 决算 表5 with the year's budget: 年初预算 (基本支出 | 项目支出) | 本年支出 (小计 | 基本支出 | 项目支出);
# 201's 本年支出 小计 misprinted (150.00, its parts 120.00 + 25.00)
FINAL_HEAD = [[("科目编码", 1, 2), ("科目名称", 1, 2), ("年初预算", 2, 1), ("本年支出", 3, 1)],
              [("基本支出", 1, 1), ("项目支出", 1, 1), ("小计", 1, 1), ("基本支出", 1, 1), ("项目支出", 1, 1)]]
FINAL_ROWS = [["201", "一般公共服务支出", "118.00", "26.50", "150.00", "120.00", "25.00"],
              ["2010301", "行政运行", "118.00", "", "120.00", "120.00", ""],
              ["2010302", "一般行政管理事务", "", "26.50", "25.00", "", "25.00"],
              ["", "合计", "118.00", "26.50", "145.00", "120.00", "25.00"]]


@pytest.mark.parametrize("style", ["lines", "none", "grid"])
@pytest.mark.parametrize("widths", [None, [11, 25, 13, 12, 12, 13, 14]])
def test_final_with_budget_groups_centred(tmp_path, style, widths):
    doc = parse(table_pdf(tmp_path / "a.pdf", "一般公共预算财政拨款支出决算表", FINAL_HEAD, FINAL_ROWS, "表5", 2, style,
                          "center", widths, cover=FINAL))
    assert read(doc, "gpb_expenditure") == [
        ("一般公共服务支出", [("budget_basic", "118.00"), ("budget_project", "26.50"), ("total", "150.00"),
                      ("basic", "120.00"), ("project", "25.00")]),
        ("行政运行", [("budget_basic", "118.00"), ("total", "120.00"), ("basic", "120.00")]),
        ("一般行政管理事务", [("budget_project", "26.50"), ("total", "25.00"), ("project", "25.00")]),
        ("合计", [("budget_basic", "118.00"), ("budget_project", "26.50"), ("total", "145.00"),
                ("basic", "120.00"), ("project", "25.00")])]
    assert said(doc) == []
    # the misprint is found where it is (its 小计 against its parts), nothing else
    assert len(errors(doc)) == 2 and "150.00" in errors(doc)[0]


# 表5 一般公共预算支出情况表: 基本支出 over 人员经费 | 公用经费, no 小计 (the basic_split layout):
# 基本支出 centred over the gap between its parts' words was read as a column of its own (three
# false sums: 合计 ≠ its parts)
GPB_HEAD = [[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 2, 1), ("项目支出", 1, 2)],
            [("人员经费", 1, 1), ("公用经费", 1, 1)]]
GPB_ROWS = [["205", "教育支出", "64.80", "41.50", "9.30", "14.00"],
            ["2050101", "行政运行", "50.80", "41.50", "9.30", ""],
            ["2050199", "其他教育管理事务支出", "14.00", "", "", "14.00"],
            ["", "合计", "64.80", "41.50", "9.30", "14.00"]]


@pytest.mark.parametrize("style", ["lines", "none", "grid"])
@pytest.mark.parametrize("widths", [None, [12, 30, 13, 16, 11, 18]])
def test_group_centred_over_two_parts_is_no_column(tmp_path, style, widths):
    doc = parse(table_pdf(tmp_path / "a.pdf", "一般公共预算支出情况表", GPB_HEAD, GPB_ROWS, "表5", 2, style, "center", widths))
    assert read(doc, "gpb_expenditure") == [
        ("教育支出", [("total", "64.80"), ("personnel", "41.50"), ("public", "9.30"), ("project", "14.00")]),
        ("行政运行", [("total", "50.80"), ("personnel", "41.50"), ("public", "9.30")]),
        ("其他教育管理事务支出", [("total", "14.00"), ("project", "14.00")]),
        ("合计", [("total", "64.80"), ("personnel", "41.50"), ("public", "9.30"), ("project", "14.00")])]
    assert [c.key for c in doc.table("gpb_expenditure").columns] == ["total", "personnel", "public", "project"]
    assert said(doc) == [] and errors(doc) == []


# 新疆 收入总表: 单位资金 a header cell over both header lines between 财政拨款（补助） over its parts
# and 上年结转结余 over its own, its word on the middle line over none: set flush left, it was
# taken for a group over its neighbours, its column lost and every amount left undecided
XJ = "新疆维吾尔自治区某某县财政局2025年部门预算"
XJ_INCOME_HEAD = [[("科目编码", 1, 2), ("科目名称", 1, 2), ("总计", 1, 2), ("财政拨款（补助）", 3, 1), ("单位资金", 1, 2),
                   ("上年结转结余", 2, 1)],
                  [("小计", 1, 1), ("一般公共预算", 1, 1), ("政府性基金预算", 1, 1), ("财政拨款结转", 1, 1),
                   ("非财政拨款结转结余", 1, 1)]]
XJ_INCOME_ROWS = [["205", "教育支出", "372.60", "301.20", "288.00", "13.20", "44.70", "19.30", "7.40"],
                  ["2050101", "行政运行", "372.60", "301.20", "288.00", "13.20", "44.70", "19.30", "7.40"],
                  ["", "合计", "372.60", "301.20", "288.00", "13.20", "44.70", "19.30", "7.40"]]
XJ_INCOME_KEYS = ["total", "fiscal", "gpb", "gov_fund", "unit_funds", "fiscal_carryover", "nonfiscal_carryover"]


@pytest.mark.parametrize("style", ["lines", "none"])
@pytest.mark.parametrize("align, widths", [("left", None), ("left", [10, 14, 9, 8, 12, 13, 10, 11, 13]),
                                           ("right", None), ("center", None)])
def test_a_cell_over_both_header_lines_is_a_column(tmp_path, style, align, widths):
    doc = parse(table_pdf(tmp_path / "a.pdf", "部门收入总体情况表", XJ_INCOME_HEAD, XJ_INCOME_ROWS, "表2", 2, style, align,
                          widths, cover=XJ))
    figures = XJ_INCOME_ROWS[0][2:]
    assert read(doc, "income") == [(name, list(zip(XJ_INCOME_KEYS, figures))) for name in ("教育支出", "行政运行", "合计")]
    assert said(doc, "ambiguous-column") == [] and errors(doc) == []


# 决算 年初预算 (基本支出 | 项目支出) | 本年支出 (小计 | 基本支出 | 项目支出), words set flush right (or
# left): 本年支出 is as wide as 项目支出 under it, so flush with it; read as centred over three
# columns, 年初预算 took 本年支出's 小计 silently (three false sums)
FINAL_EDGE_ROWS = [["208", "社会保障和就业支出", "84.00", "16.50", "97.30", "81.80", "15.50"],
                   ["2080101", "行政运行", "84.00", "", "81.80", "81.80", ""],
                   ["2080199", "其他人力资源和社会保障管理事务支出", "", "16.50", "15.50", "", "15.50"],
                   ["", "合计", "84.00", "16.50", "97.30", "81.80", "15.50"]]
FINAL_EDGE_HEAD = [[("科目编码", 1, 2), ("科目名称", 1, 2), ("年初预算", 2, 1), ("本年支出", 3, 1)],
                   [("基本支出", 1, 1), ("项目支出", 1, 1), ("小计", 1, 1), ("基本支出", 1, 1), ("项目支出", 1, 1)]]


@pytest.mark.parametrize("style", ["lines", "none"])
@pytest.mark.parametrize("widths", [None, [12, 28, 12, 11, 13, 12, 12]])
def test_final_with_budget_groups_flush_right(tmp_path, style, widths):
    doc = parse(table_pdf(tmp_path / "a.pdf", "一般公共预算财政拨款支出决算表", FINAL_EDGE_HEAD, FINAL_EDGE_ROWS, "表5", 2,
                          style, "right", widths, cover=FINAL))
    keys = ["budget_basic", "budget_project", "total", "basic", "project"]
    assert read(doc, "gpb_expenditure") == [
        (name, [(k, v) for k, v in zip(keys, row[2:]) if v])
        for name, row in zip(["社会保障和就业支出", "行政运行", "其他人力资源和社会保障管理事务支出", "合计"], FINAL_EDGE_ROWS)]
    assert errors(doc) == []


def test_candidates_not_printed_are_named_by_label():
    from budgetlens.extract.tables import SideLayout, column_label
    from budgetlens.templates import load_templates

    spec = next(t for tpl in load_templates() if tpl.id == "xj-dept-budget-2025" for t in tpl.tables if t.kind == "income")
    layout = SideLayout(side=None, columns=spec.columns)
    assert column_label(layout, "gpb_transfer") == "上级一般公共预算安排的转移支付"


# 表11 of three levels without any 小计: 财政拨款 and 非财政拨款 each over 基本支出 (人员经费 |
# 公用经费) and 项目支出. The readings to try were too many (MAX_TREES): the columns were left out
# with "模板没有此列" of template columns, or left undecided
TREE_HEAD = [[("项目", 1, 3), ("合计", 1, 3), ("财政拨款", 3, 1), ("非财政拨款", 3, 1)],
             [("基本支出", 2, 1), ("项目支出", 1, 2), ("基本支出", 2, 1), ("项目支出", 1, 2)],
             [("人员经费", 1, 1), ("公用经费", 1, 1), ("人员经费", 1, 1), ("公用经费", 1, 1)]]
TREE_ROWS = [["合计", "93.70", "18.20", "6.90", "41.00", "3.60", "8.40", "15.60"],
             ["档案数字化项目", "56.60", "", "", "41.00", "", "", "15.60"],
             ["基本支出结转", "37.10", "18.20", "6.90", "", "3.60", "8.40", ""]]
TREE_KEYS = ["total", "fiscal_personnel", "fiscal_public", "fiscal_project", "nonfiscal_personnel", "nonfiscal_public",
             "nonfiscal_project"]


@pytest.mark.parametrize("style", ["lines", "none"])
@pytest.mark.parametrize("align, widths", [("center", None), ("left", None), ("right", None),
                                           ("center", [16, 11, 12, 10, 13, 12, 14, 12])])
def test_three_levels_without_subtotals(tmp_path, style, align, widths):
    doc = parse(table_pdf(tmp_path / "a.pdf", CARRY_TITLE, TREE_HEAD, TREE_ROWS, "表11", 1, style, align, widths, cover=XJ))
    assert read(doc, "carryover") == [(row[0], [(k, v) for k, v in zip(TREE_KEYS, row[1:]) if v]) for row in TREE_ROWS]
    assert said(doc) == [] and said(doc, "ambiguous-column") == [] and errors(doc) == []


# 表5 of 新疆 with the code printed in 类 | 款 | 项 under 科目编码, 基本支出 over 人员经费 | 公用经费:
# 科目编码, a row label's header, was no group and stood over 款 as one column's words, so the
# tree was not read and a row's amounts without 项目支出 were left undecided
KLX_HEAD = [[("科目编码", 3, 1), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 2, 1), ("项目支出", 1, 2)],
            [("类", 1, 1), ("款", 1, 1), ("项", 1, 1), ("人员经费", 1, 1), ("公用经费", 1, 1)]]
KLX_ROWS = [["208", "", "", "社会保障和就业支出", "71.40", "45.20", "11.70", "14.50"],
            ["208", "01", "01", "行政运行", "56.90", "45.20", "11.70", ""],
            ["208", "01", "99", "其他人力资源和社会保障管理事务支出", "14.50", "", "", "14.50"],
            ["", "", "", "合计", "71.40", "45.20", "11.70", "14.50"]]


@pytest.mark.parametrize("style", ["lines", "none"])
@pytest.mark.parametrize("align", ["center", "left", "right"])
def test_code_parts_under_their_header(tmp_path, style, align):
    doc = parse(table_pdf(tmp_path / "a.pdf", "一般公共预算支出情况表", KLX_HEAD, KLX_ROWS, "表5", 4, style, align, cover=XJ))
    keys = ["total", "personnel", "public", "project"]
    assert [cells for _, cells in read(doc, "gpb_expenditure")] == \
        [[(k, v) for k, v in zip(keys, row[4:]) if v] for row in KLX_ROWS]
    assert said(doc, "ambiguous-column") == [] and errors(doc) == []


# near miss: 年初预算 over 合计 | 基本支出 | 项目支出, centred and as wide as the 基本支出 under it:
# 合计, a word that may head row labels, stands under the group and is its column, no row label
FINAL_TOTAL_HEAD = [[("科目编码", 1, 2), ("科目名称", 1, 2), ("年初预算", 3, 1), ("本年支出", 3, 1)],
                    [("合计", 1, 1), ("基本支出", 1, 1), ("项目支出", 1, 1), ("小计", 1, 1), ("基本支出", 1, 1),
                     ("项目支出", 1, 1)]]
FINAL_TOTAL_ROWS = [["208", "社会保障和就业支出", "100.50", "84.00", "16.50", "97.30", "81.80", "15.50"],
                    ["2080101", "行政运行", "84.00", "84.00", "", "81.80", "81.80", ""],
                    ["2080199", "其他人力资源和社会保障管理事务支出", "16.50", "", "16.50", "15.50", "", "15.50"],
                    ["", "合计", "100.50", "84.00", "16.50", "97.30", "81.80", "15.50"]]


@pytest.mark.parametrize("style", ["lines", "none"])
@pytest.mark.parametrize("align", ["center", "left", "right"])
def test_final_budget_total_under_its_group(tmp_path, style, align):
    doc = parse(table_pdf(tmp_path / "a.pdf", "一般公共预算财政拨款支出决算表", FINAL_TOTAL_HEAD, FINAL_TOTAL_ROWS, "表5", 2,
                          style, align, cover=FINAL))
    keys = ["budget_total", "budget_basic", "budget_project", "total", "basic", "project"]
    assert [cells for _, cells in read(doc, "gpb_expenditure")] == \
        [[(k, v) for k, v in zip(keys, row[2:]) if v] for row in FINAL_TOTAL_ROWS]
    assert said(doc, "ambiguous-column") == [] and errors(doc) == []
