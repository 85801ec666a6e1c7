"""Segmentation and template choice, probe 36: the template a lone table's printed header
names, the unit line above a title, a table's end before the next section's heading, an HTML
page's <title>, an unruled 收支总表 printing 本年 | 上年 on each side."""

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.pipeline import parse

CSS = """@page { size: A4 landscape; margin: 12mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 1pt 3pt; } td.a { text-align: right; }"""


def ruled_pdf(path, above: str, head: str, rows) -> None:
    """One ruled table (WeasyPrint) under the paragraphs `above` (HTML)."""
    weasyprint = pytest.importorskip("weasyprint")
    body = "".join("<tr>" + "".join(f"<td{' class=a' if n > 1 else ''}>{c}</td>" for n, c in enumerate(r))
                   + "</tr>" for r in rows)
    weasyprint.HTML(string=f"<html><head><style>{CSS}</style></head><body>{above}"
                           f"<table>{head}{body}</table></body></html>").write_pdf(str(path))


def amounts(disc, kind: str, coord: str) -> dict[tuple[str, str], Decimal]:
    """(row code, the column's coordinate) → amount, of the table of this kind."""
    table = disc.table(kind)
    return {(f.coords.function_code or "", getattr(f.coords, coord)): f.amount for f in disc.facts
            if f.table == table.index}


# ---- 1. a lone 部门收入总体情况表: the national header chooses the national template ------------

INCOME_ROWS = [("201", "一般公共服务支出", "120.00", "10.00", "100.00", "0.00", "6.00", "4.00"),
               ("20103", "政府办公厅（室）及相关机构事务", "120.00", "10.00", "100.00", "0.00", "6.00", "4.00"),
               ("2010301", "行政运行", "120.00", "10.00", "100.00", "0.00", "6.00", "4.00"),
               ("", "合计", "120.00", "10.00", "100.00", "0.00", "6.00", "4.00")]
TITLE_ABOVE = ("<p>某区文化旅游局2024年部门预算</p><p style='text-align:center'>部门收入总体情况表</p>"
               "<p>编制部门：某区文化旅游局 单位：万元</p>")


def test_lone_income_table_with_the_national_header_reads_by_the_national_template(tmp_path):
    """部门收入总体情况表 is Xinjiang's title and a national alias: the header it prints (合计 |
    上年结转 | 本年财政拨款收入 over 一般公共预算 | 政府性基金预算 | 事业收入 | 其他收入) is the
    national one, so each amount is read under its own column (before: Xinjiang's template, the
    amounts read by column order, 6.00 as 政府性基金预算)."""
    head = ("<tr><td rowspan=2>科目编码</td><td rowspan=2>科目名称</td><td rowspan=2>合计</td><td rowspan=2>上年结转</td>"
            "<td colspan=2>本年财政拨款收入</td><td rowspan=2>事业收入</td><td rowspan=2>其他收入</td></tr>"
            "<tr><td>一般公共预算</td><td>政府性基金预算</td></tr>")
    ruled_pdf(tmp_path / "income.pdf", TITLE_ABOVE, head, INCOME_ROWS)
    disc = parse(tmp_path / "income.pdf")
    assert disc.meta.template == "cn-dept-budget-2018"
    got = amounts(disc, "income", "source")
    assert got["201", "total"] == Decimal("120.00")
    assert got["201", "carryover"] == Decimal("10.00")
    assert got["201", "gpb"] == Decimal("100.00")
    assert got["201", "business_income"] == Decimal("6.00")
    assert got["201", "other_income"] == Decimal("4.00")
    assert not disc.table("income").header_unmapped


def test_lone_income_table_with_the_xinjiang_header_keeps_the_xinjiang_template(tmp_path):
    """Near miss: the same title over Xinjiang's header (总计 | 财政拨款（补助）over 小计 |
    一般公共预算 | 政府性基金预算 | 单位资金 | 财政拨款结转) stays Xinjiang's."""
    head = ("<tr><td rowspan=2>科目编码</td><td rowspan=2>科目名称</td><td rowspan=2>总计</td>"
            "<td colspan=3>财政拨款（补助）</td><td rowspan=2>单位资金</td><td rowspan=2>财政拨款结转</td></tr>"
            "<tr><td>小计</td><td>一般公共预算</td><td>政府性基金预算</td></tr>")
    rows = [(c, n, "120.00", "100.00", "100.00", "0.00", "15.00", "5.00") for c, n, *_ in INCOME_ROWS]
    ruled_pdf(tmp_path / "income.pdf", TITLE_ABOVE, head, rows)
    disc = parse(tmp_path / "income.pdf")
    assert disc.meta.template == "xj-dept-budget-2025"
    got = amounts(disc, "income", "source")
    assert got["201", "total"] == Decimal("120.00")
    assert got["201", "fiscal"] == Decimal("100.00")
    assert got["201", "unit_funds"] == Decimal("15.00")
    assert got["201", "fiscal_carryover"] == Decimal("5.00")


# ---- 2. the unit line printed above a table's title ------------------------------------------

TWO_TABLES = """某区文化旅游局2024年部门预算公开表

{unit1}
                             部门支出总体情况表
{below1}
 科目编码         科目名称                        合计             基本支出          项目支出
 201        一般公共服务支出               1,200,000.00      1,000,000.00        200,000.00
 2010301    行政运行                       1,200,000.00      1,000,000.00        200,000.00
            合计                           1,200,000.00      1,000,000.00        200,000.00
{unit2}
                         一般公共预算支出情况表
{below2}
 科目编码         科目名称                        合计             基本支出          项目支出
 201        一般公共服务支出                     100.00            80.00             20.00
 2010301    行政运行                             100.00            80.00             20.00
            合计                                 100.00            80.00             20.00
"""
RIGHT = " " * 76


def two_tables(tmp_path, **lines):
    text = TWO_TABLES.format(**{k: lines.get(k, "") for k in ("unit1", "below1", "unit2", "below2")})
    path = tmp_path / "tables.txt"
    path.write_text(text, encoding="utf-8")
    disc = parse(path)
    return disc, {t.kind: t.unit for t in disc.tables}, {i.code for i in disc.issues}


def test_unit_line_above_each_title_is_that_tables(tmp_path):
    """单位 printed first, then the title, then the header: the first table is in 元, the second
    in 万元 (before: the first read the second's 单位：万元 at its end, 10000× too small, and the
    second was read in the template's unit with unit-assumed)."""
    disc, units, codes = two_tables(tmp_path, unit1=RIGHT + "单位：元", unit2=RIGHT + "单位：万元")
    assert units == {"expenditure": "元", "gpb_expenditure": "万元"}
    assert "unit-assumed" not in codes
    total = next(f for f in disc.facts if f.table == disc.table("expenditure").index
                 and f.coords.function_code == "201" and f.coords.nature == "total")
    assert (total.amount, total.unit) == (Decimal("1200000.00"), "元")


def test_unit_line_under_a_table_whose_title_states_none_stays_its_end(tmp_path):
    """Near miss: a table printing its unit under its last row (its title states none) keeps
    it; the next title prints its own unit under it and keeps that one."""
    _, units, _ = two_tables(tmp_path, unit2=RIGHT + "单位：元", below2=RIGHT + "单位：万元")
    assert units == {"expenditure": "元", "gpb_expenditure": "万元"}


def test_unit_under_each_title_is_read_as_before(tmp_path):
    """Near miss: units printed under the titles, as most do."""
    _, units, codes = two_tables(tmp_path, below1=RIGHT + "单位：元", below2=RIGHT + "单位：万元")
    assert units == {"expenditure": "元", "gpb_expenditure": "万元"}
    assert "unit-stated" not in codes


# ---- 3. a section heading between an unruled table and the next title ------------------------

PAGE_CSS = """@page { size: A4; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; } td { padding: 2pt 4pt; } td.a { text-align: right; }
h3 { font-size: 11pt; } .brk { page-break-before: always; }"""
EXPENDITURE_ROWS = [("201", "一般公共服务支出", "120.00", "100.00", "20.00"),
                    ("20103", "政府办公厅（室）及相关机构事务", "120.00", "100.00", "20.00"),
                    ("2010301", "行政运行", "100.00", "100.00", "0.00"),
                    ("2010302", "一般行政管理事务", "20.00", "0.00", "20.00")]


def unruled_pair(path, between: str, last_row=("", "合计", "120.00", "100.00", "20.00")) -> None:
    """Two unruled tables (no borders), the second on a page of its own under `between`."""
    weasyprint = pytest.importorskip("weasyprint")

    def table(rows):
        head = "<tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>"
        return "<table>" + head + "".join("<tr>" + "".join(f"<td{' class=a' if n > 1 else ''}>{c}</td>"
                                                           for n, c in enumerate(r)) + "</tr>" for r in rows) + "</table>"
    meta = "<p>编制部门：某区文化旅游局 单位：万元</p>"
    weasyprint.HTML(string=(
        f"<html><head><style>{PAGE_CSS}</style></head><body><p>某区文化旅游局2024年部门预算</p>"
        f"<h3>二、部门支出总体情况</h3><p style='text-align:center'>部门支出总体情况表</p>{meta}"
        f"{table([*EXPENDITURE_ROWS, last_row])}<div class=brk></div>{between}"
        f"<p style='text-align:center'>一般公共预算支出情况表</p>{meta}"
        f"{table([*EXPENDITURE_ROWS, ('', '合计', '120.00', '100.00', '20.00')])}</body></html>")).write_pdf(str(path))


def test_section_heading_above_the_next_title_ends_the_table(tmp_path):
    """三、一般公共预算支出情况 heads the next page above the next table's title: the table
    before ends with its 合计 (before: the heading was its last row, without amounts)."""
    unruled_pair(tmp_path / "two.pdf", "<h3>三、一般公共预算支出情况</h3>")
    disc = parse(tmp_path / "two.pdf")
    names = [r.name for r in disc.table("expenditure").rows]
    assert names == ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行", "一般行政管理事务", "合计"]
    assert [r.name for r in disc.table("gpb_expenditure").rows][-1] == "合计"


def test_numbered_row_with_amounts_above_the_next_title_stays_a_row(tmp_path):
    """Near miss: a numbered row printing amounts (（三）其他支出) ends the table before: a row."""
    unruled_pair(tmp_path / "two.pdf", "", last_row=("", "（三）其他支出", "120.00", "100.00", "20.00"))
    disc = parse(tmp_path / "two.pdf")
    assert [r.name for r in disc.table("expenditure").rows][-1] == "（三）其他支出"


# ---- 4. a web page's <title> where its body says no year, scope or phase ---------------------

def web_page(tmp_path, title: str, cover: str = "") -> Path:
    def table(name):
        return (f"<p>{name}</p><p>单位：万元</p><table border=1><tr><td>科目编码</td><td>科目名称</td>"
                "<td>合计</td><td>基本支出</td><td>项目支出</td></tr><tr><td>201</td><td>一般公共服务支出</td>"
                "<td>120.00</td><td>100.00</td><td>20.00</td></tr><tr><td></td><td>合计</td><td>120.00</td>"
                "<td>100.00</td><td>20.00</td></tr></table>")
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{cover}"
                    f"{table('支出预算总表')}{table('一般公共预算支出表')}</body></html>", encoding="utf-8")
    return path


def test_page_title_tells_the_scope_the_body_does_not(tmp_path):
    """The <title> says 2024年单位预算; the body only prints tables whose titles the national
    部门 and 单位 templates share: the 单位 template (before: the 部门 one, scope 部门)."""
    disc = parse(web_page(tmp_path, "某区文化旅游局2024年单位预算公开_某区人民政府"))
    assert (disc.meta.template, disc.meta.scope, disc.meta.year) == ("cn-unit-budget-2018", "单位", 2024)


def test_body_words_win_over_the_page_title(tmp_path):
    """Near miss: the body says 2024年部门预算: the title's 单位 does not override it."""
    disc = parse(web_page(tmp_path, "某区文化旅游局2024年单位预算公开_某区人民政府",
                          "<p>某区文化旅游局2024年部门预算</p>"))
    assert (disc.meta.template, disc.meta.scope) == ("cn-dept-budget-2018", "部门")


# ---- 5. an unruled 收支总表 printing 本年预算数 | 上年预算数 on each side -----------------------

SIDES_HEAD = ("<tr><td colspan=3>收入</td><td colspan=3>支出</td></tr>"
              "<tr><td>项目</td><td>本年预算数</td><td>{prior}</td><td>项目</td><td>本年预算数</td><td>{prior}</td></tr>")
SIDES = [("一、一般公共预算拨款收入", "1,200.00", "1,100.00", "一、一般公共服务支出", "800.00", "700.00"),
         ("二、政府性基金预算拨款收入", "", "", "二、教育支出", "400.00", "400.00"),
         ("本年收入合计", "1,200.00", "1,100.00", "本年支出合计", "1,200.00", "1,100.00"),
         ("收入总计", "1,200.00", "1,100.00", "支出总计", "1,200.00", "1,100.00")]


def unruled_summary(path, prior: str, rows) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    css = ("@page { size: A4; margin: 15mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 9pt; }"
           "table { border-collapse: collapse; width: 100%; } td { border: none; padding: 1pt 4pt; }")
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    head = SIDES_HEAD.format(prior=prior) if prior else SIDES_HEAD.replace("<td>{prior}</td>", "")
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body><h2>某某局2025年部门预算</h2>"
                           f"<h3>部门收支总体情况表</h3><p>单位：万元</p><table>{head}{body}</table></body></html>"
                    ).write_pdf(str(path))


def test_unruled_summary_with_last_years_budget_on_each_side(tmp_path):
    """Each side's 本年预算数 read, its 上年预算数 said once, not read (before: seven extra-cell
    warnings, one a row of each side, and 上年 said as header text not understood)."""
    unruled_summary(tmp_path / "t.pdf", "上年预算数", SIDES)
    disc = parse(tmp_path / "t.pdf")
    read = [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in disc.tables[0].rows]
    assert read == [(side, row[at], [row[at + 1].replace(",", "")] if row[at + 1] else [])
                    for side, at in (("income", 0), ("expenditure", 3)) for row in SIDES]
    codes = [i.code for i in disc.issues]
    assert "extra-cell" not in codes and "header-unmapped" not in codes
    said = [i.message for i in disc.issues if i.code == "column-not-in-template"]
    assert len(said) == 2 and all("上年预算数" in m for m in said)


def test_unruled_summary_with_this_years_budget_alone_reads_as_before(tmp_path):
    """Near miss: 本年预算数 alone on each side: each amount read, nothing said."""
    rows = [(a, b, d, e) for a, b, _, d, e, _ in SIDES]
    unruled_summary(tmp_path / "t.pdf", "", rows)
    disc = parse(tmp_path / "t.pdf")
    read = [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in disc.tables[0].rows]
    assert read == [(side, row[at], [row[at + 1].replace(",", "")] if row[at + 1] else [])
                    for side, at in (("income", 0), ("expenditure", 2)) for row in rows]
    assert not {i.code for i in disc.issues} & {"column-not-in-template", "extra-cell", "header-unmapped"}
