"""Property tests: generated 支出总体情况表 in the text forms parse back to what was generated.

Wrapped names, thousands separators, full-width digits and (plain text) vanished empty
cells; in plain text a cell the identities cannot place must keep its true column among
its candidates, and a decided cell must be decided right.
"""

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlens.pipeline import parse

NAMES = ["行政运行", "一般行政管理事务", "事业运行", "其他政府办公厅（室）及相关机构事务支出", "信息事务",
         "机关事业单位基本养老保险缴费支出", "行政单位医疗", "住房公积金", "专项普查活动", "数据事务"]
FULL = str.maketrans("0123456789.,", "０１２３４５６７８９．，")

amount = st.integers(min_value=0, max_value=300000).map(lambda n: Decimal(n).scaleb(-2))
leaf = st.tuples(st.sampled_from(NAMES), amount, amount).filter(lambda t: t[1] + t[2] > 0)
kuan = st.lists(leaf, min_size=1, max_size=3)
klass = st.lists(kuan, min_size=1, max_size=2)
tree = st.lists(klass, min_size=1, max_size=3)


def rows_of(classes):
    """[(code, name, basic, project)] with parents summed exactly, total first."""
    rows, total = [], [Decimal(0), Decimal(0)]
    for ci, kuans in enumerate(classes):
        crow = [f"{201 + ci * 7}", f"类{ci}支出", Decimal(0), Decimal(0)]
        rows.append(crow)
        for ki, leaves in enumerate(kuans):
            krow = [f"{crow[0]}{ki + 1:02d}", f"款{ci}{ki}事务", Decimal(0), Decimal(0)]
            rows.append(krow)
            for li, (name, basic, project) in enumerate(leaves):
                rows.append([f"{krow[0]}{li + 1:02d}", name, basic, project])
                for r in (krow, crow):
                    r[2] += basic
                    r[3] += project
        total[0] += crow[2]
        total[1] += crow[3]
    return [["", "总计", total[0], total[1]], *rows]


def fmt(value: Decimal, style: int) -> str:
    text = f"{value:,.2f}" if style == 1 else f"{value:.2f}"
    return text.translate(FULL) if style == 2 else text


HEAD = ["# 测试单位", "", "## 2026 年部门预算公开", "", "## 第二部分 2026 年部门预算公开表", "", "表 3", "",
        "部门支出总体情况表", "", "编制部门：测试单位", "", "单位：万元", ""]


def markdown(rows, styles):
    lines = HEAD + ["科目\t\t\t\t支出预算\t\t", "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出",
                    "类\t款\t项\t\t\t\t", "※\t※\t※\t※\t1\t2\t3"]
    for (code, name, basic, project), style in zip(rows, styles):
        parts = [code[:3], code[3:5], code[5:7]] if code else ["", "", ""]
        name = name if len(name) < 8 else name[:6] + " " + name[6:]          # a wrapped cell
        cells = [fmt(basic + project, style), fmt(basic, style) if basic else "", fmt(project, style) if project else ""]
        lines.append("\t".join([*parts, name, *cells]))
    return "\n".join(lines) + "\n"


def plain(rows, styles):
    lines = HEAD + ["科目 支出预算", "功能分类科目编码", "功能分类科目名称 合计 基本支出 项目支出", "类 款 项", "※ ※ ※ ※ 1 2 3"]
    for (code, name, basic, project), style in zip(rows, styles):
        codes = " ".join(p for p in (code[:3], code[3:5], code[5:7]) if p)
        values = " ".join(fmt(v, style) for v in (basic + project, basic, project) if v)
        if len(name) >= 8:                       # wrapped: name split over two lines, amounts below
            lines += [f"{codes} {name[:5]}".strip(), name[5:], values]
        else:
            lines.append(f"{codes} {name} {values}".strip())
    return "\n".join(lines) + "\n"


def parse_text(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        path.write_text(text, encoding="utf-8")
        return parse(path)


def truth(rows):
    out = []
    for code, name, basic, project in rows:
        cells = [("total", basic + project)] + [(k, v) for k, v in (("basic", basic), ("project", project)) if v]
        out.append((code, name, cells))
    return out


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def generated(classes, data, render):
    """The generated rows and the 支出总体情况表 parsed back from their rendering."""
    rows = rows_of(classes)
    styles = data.draw(st.lists(st.integers(0, 2), min_size=len(rows), max_size=len(rows)))
    table = parse_text(render(rows, styles)).table("expenditure")
    assert table is not None
    return rows, table


@SETTINGS
@given(tree, st.data())
def test_markdown_tables_round_trip(classes, data):
    rows, table = generated(classes, data, markdown)
    got = [(r.code, r.name, [(c.column, c.amount) for c in r.cells]) for r in table.rows]
    assert got == truth(rows)


@SETTINGS
@given(tree, st.data())
def test_plain_tables_keep_the_true_column(classes, data):
    rows, table = generated(classes, data, plain)
    assert len(table.rows) == len(rows)
    for row, (code, name, cells) in zip(table.rows, truth(rows)):
        assert (row.code, row.name) == (code, name)
        assert [c.amount for c in row.cells] == [v for _, v in cells]
        for cell, (key, _) in zip(row.cells, cells):
            assert cell.column == key or key in cell.candidates, (row.name, cell)
