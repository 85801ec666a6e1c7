"""Ruled tables whose text does not keep to its cells: a row broken across a page break drawn
open (no bottom rule at the foot of the page, no top rule at the head of the next), and
amounts too wide for their cells printed across the rules into the next cell."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows

weasyprint = pytest.importorskip("weasyprint")

CSS = """@page { size: A4 %s; margin: 12mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 1pt 3pt; vertical-align: middle; } td.a { text-align: right; }"""
HEADS = ["合计", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]
HEADER = ("<tr><td rowspan=2>科目编码</td><td rowspan=2>科目名称</td><td rowspan=2>项目名称</td><td rowspan=2>项目类型</td>"
          "<td rowspan=2>合计</td><td colspan=4>财政拨款</td><td rowspan=2>财政专户管理资金</td><td rowspan=2>单位资金</td></tr>"
          "<tr><td>小计</td><td>一般公共预算</td><td>政府性基金预算</td><td>国有资本经营预算</td></tr>")
CODES = [("2010301", "行政运行"), ("2010350", "事业运行"), ("2080505", "机关事业单位基本养老保险缴费支出"),
         ("2120104", "城管执法")]
PROJECTS = ["办公楼物业管理及日常运行维护经费", "信息系统运维服务费", "档案数字化加工服务项目经费", "应急保障经费"]
TYPES = ["一次性项目", "经常性项目", "延续性项目"]


def project_rows(n: int, seed: int, big: bool = False):
    """(code, name, project, type, [amounts under HEADS]); big: 一般公共预算 of six digits before
    the point (100,000.00 to 160,000.00: six rows add up to six digits too)."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        code, name = CODES[i % len(CODES)]
        gpb = Decimal(rnd.randint(10_000_000, 16_000_000) if big else rnd.randint(100, 200_000)) / 100
        gf = Decimal(rnd.randint(100, 90_000)) / 100 if i % 3 == 0 else Decimal(0)
        uf = Decimal(rnd.randint(100, 90_000)) / 100 if i % 4 == 1 else Decimal(0)
        rows.append((code, name, PROJECTS[i % len(PROJECTS)], TYPES[i % 3],
                     [gpb + gf + uf, gpb + gf, gpb, gf, Decimal(0), Decimal(0), uf]))
    return rows


def write(path: Path, rows, widths: list[str], landscape: bool = False, places: int = 2, shown=None) -> Path:
    """项目支出预算表 with a 合计 row on top, its amounts printed with `places` decimals (or as
    `shown` prints them)."""
    shown = shown or (lambda v: f"{v:,.{places}f}")

    def cells(amounts) -> str:
        return "".join(f"<td class=a>{shown(v)}</td>" if v else "<td></td>" for v in amounts)

    total = [sum((r[4][k] for r in rows), Decimal(0)) for k in range(len(HEADS))]
    body = f"<tr><td colspan=4>合计</td>{cells(total)}</tr>"
    for code, name, project, kind, amounts in rows:
        labels = "".join(f"<td>{t}</td>" for t in (code, name, project, kind))
        body += f"<tr>{labels}{cells(amounts)}</tr>"
    cols = "".join(f"<col style='width:{w}'>" for w in widths)
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS % ('landscape' if landscape else '')}</style></head><body>"
        "<p>某某局2025年部门预算</p><p>项目支出预算表</p><p>编制单位：某某局 单位：万元</p>"
        f"<table>{cols}{HEADER}{body}</table></body></html>")).write_pdf(str(path))
    return path


def truth(rows) -> list[tuple[str, str, str, str, Decimal]]:
    total = [sum((r[4][k] for r in rows), Decimal(0)) for k in range(len(HEADS))]
    out = [("", "合计", "", h, v) for h, v in zip(HEADS, total) if v]
    for code, name, project, _, amounts in rows:
        out += [(code, name, project, h, v) for h, v in zip(HEADS, amounts) if v]
    return sorted(out)


def read(path: Path):
    disc = parse(path)
    got = [(r["code"], r["name"], r["project"], r["column"], Decimal(r["amount"])) for r in cell_rows(disc)
           if r["kind"] == "project_expenditure"]
    return disc, sorted(got)


NARROW = ["8%", "10%", "12%", "6%"] + ["9.14%"] * 7     # the label columns wrap, the amounts fit


@pytest.mark.parametrize("seed,landscape", [(1, False), (2, False), (3, True)])
def test_a_row_broken_open_across_a_page_break_is_one_row(tmp_path, seed, landscape):
    """The row's code, name and amounts at the foot of one page, its wrapped project name and
    type at the head of the next, the row drawn open between them: one row, every cell as put
    in. Before: the open rows were left out of the grids, their text read as lines of their own,
    and the row's amounts lost."""
    rows = project_rows(40, seed)
    disc, got = read(write(tmp_path / "t.pdf", rows, NARROW, landscape))
    notes = [i.message for i in disc.issues if "跨页断开的续行" in i.message]
    assert notes                                   # (the document does break a row)
    assert got == truth(rows)


def test_amounts_printed_across_the_rules_are_cut_at_their_decimals(tmp_path):
    """Amounts too wide for their cells run past the rule into the next cell ("210,500.11" then
    "207,514.47": the cells read "210,500.1" and "1207,514.4"): each amount given back to its
    cell. Before: 210500.1 read silently, the next cells read as labels."""
    rows = project_rows(6, 7, big=True)
    disc, got = read(write(tmp_path / "t.pdf", rows, ["8%", "12%", "12.3%", "6%"] + ["8.82%"] * 7))
    assert got == truth(rows)
    said = [w for w in disc.issues if "超出格线" in w.message]
    assert said and "拆为" in said[0].message


def test_amounts_across_the_rules_that_cannot_be_cut_are_reported_not_read(tmp_path):
    """Whole-number amounts (no decimals to cut by) printed across the rules: the cells they
    touch are reported unread, never read as the digits left of the rule."""
    rows = project_rows(6, 7, big=True)
    for row in rows:
        row[4][:] = [v.to_integral_value() * 10 for v in row[4]]
    path = write(tmp_path / "t.pdf", rows, ["8%", "12%", "14%", "12%"] + ["7.71%"] * 7, places=0)
    disc, got = read(path)
    want = {(c, n, p, h, v) for c, n, p, h, v in truth(rows)}
    assert set(got) <= want                        # nothing read wrong
    assert len(got) < len(want)                    # (the document does print amounts across the rules)
    assert any(i.code == "amount-unsure" for i in disc.issues)
