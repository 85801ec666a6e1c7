"""The table readers probed again (session 36): columns read by their order where the header
names a column the template does not have, amounts merged over two columns of a side-by-side
table, an unruled table going on to a second page. Inputs are written as offices and
converters make them; every expectation is transcribed from the table written."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")


def codes(doc) -> set[str]:
    return {i.code for i in doc.issues}


def cells(table) -> list[tuple]:
    """Each row's code, name and cells: (amount, column, candidates)."""
    return [(r.code, r.name, [(str(c.amount), c.column, sorted(c.candidates)) for c in r.cells])
            for r in table.rows]


# ---- a ruled table read by column order: header words the template does not know --------------

def ruled_gpb(path, amount_heads: list[str], rows: list[tuple]) -> str:
    """A ruled 一般公共预算支出表 as a PDF (WeasyPrint): 科目编码 | 科目名称 | the amount heads."""
    import weasyprint

    css = ("@page { size: A4; margin: 12mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 9pt; }"
           "table { border-collapse: collapse; width: 100%; table-layout: fixed; }"
           "td { border: 0.5pt solid #000; padding: 1pt 3pt; } td.a { text-align: right; }")
    head = "<tr>" + "".join(f"<td>{h}</td>" for h in ["科目编码", "科目名称", *amount_heads]) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td{' class=a' if n > 1 else ''}>{c}</td>" for n, c in enumerate(row))
                   + "</tr>" for row in rows)
    weasyprint.HTML(string=(
        f"<html><head><style>{css}</style></head><body><p>某某局2025年部门预算</p><p>一般公共预算支出表</p>"
        f"<p>编制单位：某某局 单位：万元</p><table>{head}{body}</table></body></html>")).write_pdf(str(path))
    return str(path)


GPB_ROWS = [("", "合计", "300.00", "200.00", "100.00"),
            ("201", "一般公共服务支出", "300.00", "200.00", "100.00"),
            ("2010301", "行政运行", "200.00", "200.00", ""),
            ("2010350", "事业运行", "100.00", "", "100.00")]


def test_a_header_naming_every_column_is_read_as_before(tmp_path):
    # near miss: 合计 | 基本支出 | 项目支出, every column named: read by its header, nothing open
    doc = parse(ruled_gpb(tmp_path / "a.pdf", ["合计", "基本支出", "项目支出"], GPB_ROWS))
    assert cells(doc.tables[0])[2:] == [
        ("2010301", "行政运行", [("200.00", "total", []), ("200.00", "basic", [])]),
        ("2010350", "事业运行", [("100.00", "total", []), ("100.00", "project", [])])]
    assert not codes(doc) & {"ambiguous-column", "columns-by-order"}


# ---- a side-by-side 财政拨款收支总表 with an amount merged over two columns ----------------------

HEAD = [["收入", ("支出", 5)],
        ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]


def fiscal_rows(merged: bool) -> list[list]:
    """城乡社区支出's 50.00 printed in one cell merged over 一般公共预算 | 政府性基金预算 (merged),
    or in the 政府性基金预算 cell alone."""
    city = [("50.00", 2), ""] if merged else ["", "50.00", ""]
    return [["一、本年收入", "350.00", "一、本年支出", "350.00", "300.00", "50.00", ""],
            ["一般公共预算", "300.00", "一般公共服务支出", "250.00", "250.00", "", ""],
            ["政府性基金预算", "50.00", "城乡社区支出", "50.00", *city],
            ["国有资本经营预算", "", "社会保障和就业支出", "50.00", "50.00", "", ""],
            ["收入总计", "350.00", "支出总计", "350.00", "300.00", "50.00", ""]]


def fiscal_html(path, rows: list[list], head: list[list] = HEAD) -> str:
    def td(c):
        text, span = (c, 1) if isinstance(c, str) else c
        return f'<td colspan="{span}">{text}</td>' if span > 1 else f"<td>{text}</td>"
    body = "".join(f"<tr>{''.join(map(td, r))}</tr>" for r in [*head, *rows])
    path.write_text(f"<html><body><p>某某局2025年部门预算</p><p>财政拨款收支预算总表</p><p>单位：万元</p>"
                    f"<table border=1>{body}</table></body></html>", encoding="utf-8")
    return str(path)


def fiscal_docx(path, rows: list[list], head: list[list] = HEAD) -> str:
    from test_docx_grids_probe35 import cell, row, table, word

    def tc(c):
        return cell(c) if isinstance(c, str) else cell(c[0], c[1])
    word(path, "财政拨款收支预算总表", table([1800, 900, 1800, 900, 900, 900, 900],
                                            *[row(*map(tc, r)) for r in [*head, *rows]]))
    return str(path)


def city_row(doc) -> list[tuple]:
    row = next(r for r in doc.tables[0].rows if r.name == "城乡社区支出")
    return [(str(c.amount), c.column, sorted(c.candidates)) for c in row.cells]


@pytest.mark.parametrize("write", [fiscal_html, fiscal_docx])
@pytest.mark.parametrize("head", [HEAD, HEAD[1:]])
def test_an_amount_merged_over_two_columns_of_a_side_keeps_both(tmp_path, write, head):
    # before: read as 一般公共预算's (the merge's first column), with only the reader's warning
    doc = parse(write(tmp_path / ("a.html" if write is fiscal_html else "a.docx"), fiscal_rows(True), head))
    assert city_row(doc) == [("50.00", "expenditure:total", []),
                             ("50.00", None, ["expenditure:gov_fund", "expenditure:gpb"])]
    assert "ambiguous-column" in codes(doc)


@pytest.mark.parametrize("write", [fiscal_html, fiscal_docx])
@pytest.mark.parametrize("head", [HEAD, HEAD[1:]])
def test_an_amount_in_its_own_cell_of_a_side_stays_in_its_column(tmp_path, write, head):
    # near miss: the same table, 50.00 in the 政府性基金预算 cell alone
    doc = parse(write(tmp_path / ("a.html" if write is fiscal_html else "a.docx"), fiscal_rows(False), head))
    assert city_row(doc) == [("50.00", "expenditure:total", []), ("50.00", "expenditure:gov_fund", [])]
    assert "ambiguous-column" not in codes(doc)
