"""A side-by-side table (收入 | 支出 printed side by side: 收支总表, 财政拨款收支总表) that goes on
over a page without printing its header again, drawn there as a table of its own (other column
widths, a code printed in a cell of its own): each side's columns are read onto the header's
side in order, never by the header page's x positions (which put amounts a column off, or on
the other side, silently)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract.rows import split_code_label
from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows

weasyprint = pytest.importorskip("weasyprint")

CSS = """@page { size: A4 %s; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 1pt 3pt; } td.a { text-align: right; } .break { break-before: page; }"""
SOURCES = ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
FISCAL_HEADER = ("<tr><td colspan=2>收入</td><td colspan=5>支出</td></tr><tr><td>项目</td><td>合计</td><td>项目</td>"
                 + "".join(f"<td>{h}</td>" for h in SOURCES) + "</tr>")
FISCAL = ("财政拨款收支总表", FISCAL_HEADER, SOURCES)
SUMMARY_HEADER = ("<tr><td colspan=2>收入</td><td colspan=2>支出</td></tr>"
                  "<tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>")
SUMMARY = ("收支总表", SUMMARY_HEADER, ["预算数"])
CLASSES = [("201", "一般公共服务支出"), ("204", "公共安全支出"), ("205", "教育支出"), ("206", "科学技术支出"),
           ("207", "文化旅游体育与传媒支出"), ("208", "社会保障和就业支出"), ("210", "卫生健康支出"),
           ("211", "节能环保支出"), ("212", "城乡社区支出"), ("213", "农林水支出"), ("214", "交通运输支出"),
           ("221", "住房保障支出")]


def table_rows(sources: int) -> list[tuple[str, Decimal, str, list[Decimal]]]:
    """(income label, its amount, expenditure label, its amounts by source): every total the
    sum of its parts."""
    spent = []
    for i, (code, name) in enumerate(CLASSES):
        gpb = Decimal(10000 + 3700 * i + i * 13) / 100
        fund = Decimal(20 + 11 * i) if i % 3 == 1 and sources > 1 else Decimal(0)
        capital = Decimal(5 + i) if i % 4 == 2 and sources > 1 else Decimal(0)
        spent.append((f"{code}{name}", [gpb + fund + capital, gpb, fund, capital][:sources]))
    total = [sum((s[1][k] for s in spent), Decimal(0)) for k in range(sources)]
    income = [("一、本年收入", total[0])] + ([("（一）一般公共预算拨款", total[1]), ("（二）政府性基金预算拨款", total[2]),
                                        ("（三）国有资本经营预算拨款", total[3])] if sources > 1 else []) + [("二、上年结转", Decimal(0))]
    rows = [(income[0][0], income[0][1], "一、本年支出", total)]
    for n, (label, amounts) in enumerate(spent):
        name, amount = income[n + 1] if n + 1 < len(income) else ("", Decimal(0))
        rows.append((name, amount, label, amounts))
    return rows + [("收入总计", total[0], "支出总计", total)]


def shown(value: Decimal, whole: bool) -> str:
    return "" if not value else f"{value * 10000:,.0f}" if whole else f"{value:,.2f}"


def html_row(row, whole: bool, apart: bool = False, keep: int | None = None) -> str:
    """apart: the expenditure's class code in a cell of its own; keep: the first amount columns only."""
    income, amount, label, amounts = row
    cells = f"<td>{label}</td>"
    if apart:
        code = label[:3] if label[:3].isdigit() else ""
        cells = f"<td>{code}</td><td>{label[len(code):]}</td>"
    cells += "".join(f"<td class=a>{shown(v, whole)}</td>" for v in amounts[:keep])
    return f"<tr><td>{income}</td><td class=a>{shown(amount, whole)}</td>{cells}</tr>"


def write(path: Path, form, split: int, widths: list[str], whole=False, apart=False, keep=None, landscape=False):
    """The table over two pages, the header on the first only; the second page's table a table
    of its own with `widths`. Returns the truth: (code, name, column, amount) of every amount."""
    title, header, columns = form
    rows = table_rows(len(columns))
    first = "".join(html_row(r, whole) for r in rows[:split])
    second = "".join(html_row(r, whole, apart, keep) for r in rows[split:])
    sized = "".join(f'<col style="width:{w}">' for w in widths)
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS % ('landscape' if landscape else '')}</style></head><body>"
        f"<p>某某局2025年部门预算</p><p>{title}</p><p>编制单位：某某局 单位：{'元' if whole else '万元'}</p>"
        f"<table>{header}{first}</table><div class=break></div>"
        f"<table>{sized}{second}</table></body></html>")).write_pdf(str(path))
    scale = 10000 if whole else 1
    out = set()
    for n, (income, amount, label, amounts) in enumerate(rows):
        if amount:
            out.add(("", income, f"收入/{columns[0]}", amount * scale))
        code, name = split_code_label(label)
        for k, value in enumerate(amounts):
            if value and (n < split or keep is None or k < keep):
                out.add((code, name, f"支出/{columns[k]}", value * scale))
    return out


def read(path: Path):
    disc = parse(path)
    return disc, [(r["code"], r["name"], r["column"], Decimal(r["amount"])) for r in cell_rows(disc)]


@pytest.mark.parametrize("form,split,widths,kw", [
    (FISCAL, 8, ["20%", "10%", "22%", "12%", "12%", "12%", "12%"], {}),
    (FISCAL, 8, ["20%", "10%", "22%", "12%", "12%", "12%", "12%"], {"whole": True}),
    (FISCAL, 8, ["28%", "8%", "28%", "9%", "9%", "9%", "9%"], {}),
    (FISCAL, 3, ["10%", "20%", "30%", "10%", "10%", "10%", "10%"], {}),     # income rows on the page too
    (FISCAL, 8, ["20%", "10%", "6%", "16%", "12%", "12%", "12%", "12%"], {"apart": True}),
    (SUMMARY, 8, ["20%", "30%", "30%", "20%"], {}),
], ids=["fiscal", "fiscal-whole", "fiscal-wide-labels", "fiscal-early-break", "fiscal-code-apart", "summary"])
def test_a_side_by_side_continuation_drawn_with_its_own_widths_is_read_side_by_side_in_order(tmp_path, form, split,
                                                                                          widths, kw):
    """Every cell of the second page as put in. Before: read by the first page's x positions,
    合计 read as 一般公共预算, 国有资本经营预算 as a column of no header, silently."""
    want = write(tmp_path / "t.pdf", form, split, widths, **kw)
    disc, got = read(tmp_path / "t.pdf")
    assert sorted(got) == sorted(want)
    said = [i.message for i in disc.issues if i.code == "page-columns-by-order"]
    assert said and "第 2 页续表未印表头" in said[0] and "收支两栏" in said[0]


def test_a_side_by_side_continuation_with_fewer_columns_on_a_side_is_said_not_guessed(tmp_path):
    """The second page leaves out the expenditure's 国有资本经营预算 column: which of the side's
    columns it prints, nothing tells; the table is read by order and the user told why (the
    columns' counts), no amount in a wrong column by the header page's x positions."""
    want = write(tmp_path / "t.pdf", FISCAL, 8, ["22%", "12%", "30%", "12%", "12%", "12%"], keep=3)
    disc, got = read(tmp_path / "t.pdf")
    assert set(got) <= want
    said = [i.message for i in disc.issues if i.code == "columns-by-order"]
    assert said and "第 2 页续表未印表头" in said[0] and "数目不同" in said[0]
