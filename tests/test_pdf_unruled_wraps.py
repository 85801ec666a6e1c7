"""Tables printed without rules whose rows carry no code (三公 items, project and purchase names,
基本支出表 by economic name only): a name wrapped over two or more lines of its cell, its amounts
on the first line (cells aligned to the top), the last (bottom) or the middle one (centred),
joins its row whole, with no row of its own for a line of the name. Small PDFs written with
WeasyPrint, every cell compared with the printed table."""

from __future__ import annotations

import pytest
from test_pdf_unruled import CSS, is_amount
from test_readers_office import cli_cells

from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")

THREE = ("财政拨款“三公”经费支出情况表",
         "<tr><th>项目</th><th>合计</th><th>一般公共预算</th><th>政府性基金</th><th>国有资本经营预算</th></tr>",
         [("合计", "120.00", "110.00", "10.00", "0.00"),
          ("1.因公出国（境）费", "20.00", "20.00", "0.00", "0.00"),
          ("2.公务接待费", "30.00", "30.00", "0.00", "0.00"),
          ("3.公务用车购置及运行维护费", "70.00", "60.00", "10.00", "0.00"),
          ("（1）公务用车购置费", "40.00", "30.00", "10.00", "0.00"),
          ("（2）公务用车运行维护费", "30.00", "30.00", "0.00", "0.00")],
         ["合计", "一般公共预算", "政府性基金", "国有资本经营预算"])
PROJECTS = ("一般公共预算项目支出情况表",
            ("<tr><th rowspan=2>项目名称</th><th colspan=3>一般公共预算项目支出</th></tr>"
             "<tr><th>合计</th><th>商品和服务支出</th><th>资本性支出</th></tr>"),
            [("合计", "350.00", "250.00", "100.00"),
             ("某某信息化系统建设运行维护项目", "100.00", "50.00", "50.00"),
             ("办公楼维修", "50.00", "0.00", "50.00"),
             ("某某重点领域专项整治行动及执法检查工作经费", "200.00", "200.00", "0.00")],
            None)      # (columns the template does not place: the amounts compared in their order)
BASIC = ("一般公共预算基本支出情况表",
         "<tr><th>科目名称</th><th>合计</th><th>人员经费</th><th>公用经费</th></tr>",
         [("合计", "300.00", "200.00", "100.00"),
          ("工资福利支出", "180.00", "180.00", "0.00"),
          ("机关事业单位基本养老保险缴费", "20.00", "20.00", "0.00"),
          ("商品和服务支出", "80.00", "0.00", "80.00"),
          ("办公费", "20.00", "0.00", "20.00"),
          ("对个人和家庭的补助", "20.00", "0.00", "20.00")],
         ["合计", "人员经费", "公用经费"])
PURCHASES = ("政府采购预算表",
             "<tr><th>采购项目</th><th>合计</th><th>财政拨款</th><th>其他资金</th></tr>",
             [("合计", "90.00", "80.00", "10.00"),
              ("台式计算机及打印设备采购", "30.00", "30.00", "0.00"),
              ("物业管理", "20.00", "10.00", "10.00"),
              ("办公楼日常维修维护及安全保卫服务", "40.00", "40.00", "0.00")],
             ["合计", "财政拨款", "其他资金"])
TABLES = {"three": THREE, "projects": PROJECTS, "basic": BASIC, "purchases": PURCHASES}


def write(path, title: str, header: str, rows: list[tuple], align: str, name_width: int, padding: str) -> None:
    """A page of the table, its name column name_width points wide, the amounts' 70."""
    import weasyprint

    widths = [name_width] + [70] * (len(rows[0]) - 1)
    cols = "".join(f'<col style="width:{w}pt">' for w in widths)
    body = "".join("<tr>" + "".join(f'<td class="{"n" if is_amount(c) else ""}">{c}</td>' for c in row) + "</tr>"
                   for row in rows)
    html = (f"<html><head><style>{CSS % align} td, th {{ padding: {padding}; }}</style></head><body>"
            f"<p>某某中心2025年部门预算收入支出公开</p><h3>{title}</h3><p>编制部门：某某中心　　单位：万元</p>"
            f'<table style="table-layout: fixed; width: {sum(widths)}pt">{cols}{header}{body}</table></body></html>')
    weasyprint.HTML(string=html).write_pdf(str(path))


def printed(rows: list[tuple], columns: list[str] | None) -> set[tuple]:
    """(name, column, amount) of every printed cell (column: its place in the row where None)."""
    return {(name, columns[n] if columns else n, amount)
            for name, *amounts in rows for n, amount in enumerate(amounts)}


def read(path, columns: list[str] | None) -> set[tuple]:
    cells = cli_cells(path)
    if columns:
        return {(c["name"], c["column"], c["amount"]) for c in cells}
    out, n, last = set(), 0, None
    for c in cells:                      # (a row's cells in the order of its amounts)
        n = n + 1 if c["name"] == last else 0
        last = c["name"]
        out.add((c["name"], n, c["amount"]))
    return out


@pytest.mark.parametrize("align", ["top", "bottom", "middle"])
@pytest.mark.parametrize("table", list(TABLES))
def test_wrapped_names_join_their_rows_rows_set_close(tmp_path, table, align):
    """No space between rows (Word's tables): a cell's lines stand as close as two rows'. The
    names wrap over two to five lines in a column 40 points wide, among one-line rows; each row
    reads its whole name and its amounts, and no line of a name reads as a row (before: the
    name's first line or last line alone, its other lines glued to the next row's name or
    lost: e.g. 三公 read 1.因公 with 20.00 and 出国（境）费2.公务 with 30.00)."""
    title, header, rows, columns = TABLES[table]
    path = tmp_path / "t.pdf"
    write(path, title, header, rows, align, 40, "0 4pt")
    assert read(path, columns) == printed(rows, columns)
    assert not [i for i in parse(path).issues if i.code == "name-unjoined"]


@pytest.mark.parametrize("align", ["top", "bottom", "middle"])
def test_wrapped_names_join_their_rows_rows_set_apart(tmp_path, align):
    """Rows set apart by their cells' padding: each run of close lines is one row, whatever the
    alignment (before: 1.因公出国 with the amounts, （境）费 lost; bottom: 费 with 2.公务接待费's)."""
    title, header, rows, columns = THREE
    path = tmp_path / "t.pdf"
    write(path, title, header, rows, align, 60, "1pt 4pt")
    assert read(path, columns) == printed(rows, columns)


def test_a_line_no_reading_places_is_kept_and_said(tmp_path):
    """Rows set close, every name line full, no numbering, no item names (政府采购): 及打印设备
    may end 台式计算机's name (cells aligned to the top) or open 办公用品费's (to the bottom).
    It is glued to neither: the rows keep their printed lines, and the warning names the line."""
    title, header, _, columns = PURCHASES
    rows = [("合计", "90.00", "80.00", "10.00"),
            ("物业管理费", "20.00", "10.00", "10.00"),
            ("台式计算机及打印设备", "30.00", "30.00", "0.00"),
            ("办公用品费", "40.00", "40.00", "0.00")]
    path = tmp_path / "t.pdf"
    write(path, title, header, rows, "top", 53, "0 4pt")
    cut = [(name if name != "台式计算机及打印设备" else "台式计算机", *amounts) for name, *amounts in rows]
    assert read(path, columns) == printed(cut, columns)
    said = [i.message for i in parse(path).issues if i.code == "name-unjoined"]
    assert len(said) == 1 and "行“及打印设备”只有文字、没有金额" in said[0]


# ---- side-by-side tables: each side's names, the sides' rows without amounts among them -------

@pytest.mark.parametrize("padding", ["0 4pt", "1pt 4pt"])
@pytest.mark.parametrize("align", ["top", "bottom"])
@pytest.mark.parametrize("table", ["summary", "fiscal"])
def test_side_by_side_names_wrapped_to_the_top_or_bottom_keep_their_rows(tmp_path, table, align, padding):
    """收支总表 and 财政拨款收支总表 without rules, names wrapped over two to four lines, cells
    aligned to the top or the bottom (before: names cut, 一、一般 with 2427.03, 服务支出 with
    1627.03, 本年收入合计上年结转 glued). Rows without amounts on a side (二、政府性基金预算拨款收入,
    结转下年) stay rows of their own: not glued to the row above or below."""
    from test_pdf_unruled import (
        FISCAL_HEADER,
        FISCAL_ROWS,
        SUMMARY_HEADER,
        SUMMARY_ROWS,
        sides_printed,
    )

    title, header, rows, width = {"summary": ("部门收支总体情况表", SUMMARY_HEADER, SUMMARY_ROWS, 50),
                                  "fiscal": ("财政拨款收支总体情况表", FISCAL_HEADER, FISCAL_ROWS, 60)}[table]
    path = tmp_path / "t.pdf"
    write(path, title, header, rows, align, width, padding)
    got = {(name, column.split("/")[0], amount) for _, name, _, column, amount in
           ((c["code"], c["name"], c["project"], c["column"], c["amount"]) for c in cli_cells(path))}
    assert got == sides_printed(rows, 1)
