"""A ruled table that goes on over a page without printing its header again, drawn there as a
table of its own (other column widths, the label columns split otherwise): its amounts are
read onto the header's columns in order, never by the header page's x positions (which put
them a column off, silently)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.pipeline import parse
from budgetlens.render_cells import cell_rows

weasyprint = pytest.importorskip("weasyprint")

CSS = """@page { size: A4 %s; margin: 15mm; } body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 1pt 3pt; } td.a { text-align: right; } .break { break-before: page; }"""
HEADS = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
# (code, name, basic, project); the classes and 款 add up their children
ITEMS = [("2010101", "行政运行", "1,203.45", ""), ("2010102", "一般行政管理事务", "", "356.20"),
         ("2010301", "行政运行", "2,618.07", "41.90"), ("2080501", "行政单位离退休", "987.66", ""),
         ("2080505", "机关事业单位基本养老保险缴费支出", "1,520.31", ""), ("2101101", "行政单位医疗", "310.08", "12.00"),
         ("2101102", "事业单位医疗", "", "640.55"), ("2210201", "住房公积金", "402.17", "")]
NAMES = {"201": "一般公共服务支出", "20101": "人大事务", "20103": "政府办公厅（室）及相关机构事务",
         "208": "社会保障和就业支出", "20805": "行政事业单位养老支出", "210": "卫生健康支出",
         "21011": "行政事业单位医疗", "221": "住房保障支出", "22102": "住房改革支出"}


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text else Decimal(0)


def shown(value: Decimal, whole: bool = False) -> str:
    """An amount as printed: 万元 with two decimals, or (whole) 元 with neither decimals nor
    separators (1,203.45 万元 printed as 12034500)."""
    if whole:
        return f"{value * 10000:.0f}" if value else ""
    return f"{value:,.2f}" if value else ""


def table_rows() -> list[tuple[str, str, Decimal, Decimal]]:
    """合计, then each class, 款 and 项 with its figures (parents the sums of their children)."""
    def total(prefix: str, n: int) -> Decimal:
        return sum((amount(item[n]) for item in ITEMS if item[0].startswith(prefix)), Decimal(0))

    rows = [("", "合计", total("", 2), total("", 3))]
    for code, name, _, _ in ITEMS:
        for parent in (code[:3], code[:5]):
            if not any(r[0] == parent for r in rows):
                rows.append((parent, NAMES[parent], total(parent, 2), total(parent, 3)))
        rows.append((code, name, total(code, 2), total(code, 3)))
    return rows


def html_row(code: str, name: str, basic: Decimal, project: Decimal, columns: list[int], whole: bool = False) -> str:
    figures = [basic + project, basic, project] + [Decimal(0)] * (len(HEADS) - 3)
    amounts = "".join(f"<td class=a>{shown(figures[n], whole)}</td>" for n in columns)
    return f"<tr><td>{code}</td><td>{name}</td>{amounts}</tr>"


def write(path: Path, split: int, widths: list[str], columns: list[int] | None = None, landscape=False,
          whole: bool = False) -> Path:
    """支出决算表 over two pages, the header on the first only; the second page's table is a
    table of its own with `widths` (its first row's cells), printing the amount columns
    `columns` (indexes into HEADS; all by default); whole: in 元, whole numbers."""
    columns = list(range(len(HEADS))) if columns is None else columns
    rows = table_rows()
    heads = "".join(f"<td rowspan=2>{h}</td>" for h in HEADS)
    head = f"<tr><td colspan=2>项目</td>{heads}</tr><tr><td>功能分类科目编码</td><td>科目名称</td></tr>"
    first = "".join(html_row(*r, list(range(len(HEADS))), whole) for r in rows[:split])
    sized = [f'<col style="width:{w}">' for w in widths]
    second = "".join(html_row(*r, columns, whole) for r in rows[split:])
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS % ('landscape' if landscape else '')}</style></head><body>"
        f"<p>某某局2024年度部门决算</p><p>支出决算表</p><p>公开03表</p><p>编制单位：某某局 单位：{'元' if whole else '万元'}</p>"
        f"<table>{head}{first}</table><div class=break></div>"
        f"<table>{''.join(sized)}{second}</table></body></html>")).write_pdf(str(path))
    return path


def truth(columns: list[int] | None = None, split: int = 0, whole: bool = False) -> set[tuple[str, str, str, Decimal]]:
    out = set()
    for n, (code, name, basic, project) in enumerate(table_rows()):
        for k, value in enumerate([basic + project, basic, project]):
            if value and (n < split or columns is None or k in columns):
                out.add((code, name, HEADS[k], value * 10000 if whole else value))
    return out


def read(path: Path):
    disc = parse(path)
    got = [(r["code"], r["name"], r["column"], Decimal(r["amount"])) for r in cell_rows(disc)]
    return disc, got


@pytest.mark.parametrize("widths,landscape", [
    (["12%", "30%"] + ["9.66%"] * 6, False),          # wider label columns than the header page's
    (["20%", "16%"] + ["10.66%"] * 6, True),
    (["8%", "20%", "20%"] + ["8.66%"] * 5, False),     # a wide 合计
])
def test_a_continuation_drawn_with_its_own_widths_is_read_onto_the_header_in_order(tmp_path, widths, landscape):
    """Every cell of the second page as put in. Before: read by the first page's x positions,
    each amount a column off (合计 read as 基本支出, 项目支出 as 上缴上级支出), silently."""
    split = 9
    disc, got = read(write(tmp_path / "t.pdf", split, widths, landscape=landscape))
    assert sorted(got) == sorted(truth())
    said = [i.message for i in disc.issues if i.code == "page-columns-by-order"]
    assert said and "第 2 页续表未印表头" in said[0]


def test_a_continuation_with_fewer_amount_columns_is_decided_by_the_totals_or_left_open(tmp_path):
    """The second page draws only 本年支出合计 | 基本支出 | 项目支出 of the six columns: which three
    of the six they are is read from the row totals (合计 = the others) and from the parents on the
    first page; what stays open is kept as candidates, never a wrong column."""
    split, columns = 9, [0, 1, 2]
    _, got = read(write(tmp_path / "t.pdf", split, ["14%", "26%", "20%", "20%", "20%"], columns))
    want = truth(columns, split)
    decided = [g for g in got if "|" not in g[2]]
    assert set(decided) <= want                                  # no cell in a wrong column
    assert {(c, n, a) for c, n, col, a in got if col == "本年支出合计"} == \
        {(c, n, a) for c, n, col, a in want if col == "本年支出合计"}
    for code, name, column, value in got:
        if "|" in column:                                        # open: the right one among them
            assert any((code, name, c, value) in want for c in column.split("|"))
    assert len(got) == len(want)


# ---- amounts in whole numbers (元) --------------------------------------------------------------

def test_a_continuation_in_whole_numbers_is_read_as_a_grid_onto_the_header_in_order(tmp_path):
    """元 amounts without decimals or separators (12034500): the second page is a ruled table like
    the first, read in order. Before: a ruled page without an amount with decimals or
    separators (and no 表 in its text) was read as text, and its 21 amounts were lost, silently."""
    split = 9
    disc, got = read(write(tmp_path / "t.pdf", split, ["12%", "30%"] + ["9.66%"] * 6, whole=True))
    assert sorted(got) == sorted(truth(whole=True))
    said = [i.message for i in disc.issues if i.code == "page-columns-by-order"]
    assert said and "第 2 页续表未印表头" in said[0]


@pytest.mark.parametrize("columns,widths", [([0, 2], ["14%", "26%", "30%", "30%"]),
                                            ([0, 2, 3], ["14%", "26%", "20%", "20%", "20%"])])
def test_a_continuation_in_whole_numbers_with_fewer_columns_is_decided_by_the_totals(tmp_path, columns, widths):
    """Whole numbers, the second page printing 本年支出合计 | 项目支出 (| 上缴上级支出) only: its
    columns are told as a page of decimals' are, by their count and the row totals; what stays
    open is kept as candidates. Before: no amount column found (whole numbers are no amounts
    by themselves), the table read by order, 项目支出 read as 基本支出 (warned for the table only)."""
    split = 9
    disc, got = read(write(tmp_path / "t.pdf", split, widths, columns, whole=True))
    want = truth(columns, split, whole=True)
    assert {g for g in got if "|" not in g[2]} <= want           # no cell in a wrong column
    for code, name, column, value in got:
        if "|" in column:
            assert any((code, name, c, value) in want for c in column.split("|"))
    assert len(got) == len(want)
    assert any(i.code == "page-columns-by-order" for i in disc.issues)
    assert not any(i.code == "columns-by-order" for i in disc.issues)
