"""Office and HTML inputs read as printed: what a page, a document or a sheet does not show is
not read (and, inside a table, is told), what it shows is read whole. Inputs are written here,
the truth known by construction."""

from __future__ import annotations

import pytest

from budgetlens.readers.html import read_html


def table_rows(doc) -> list[list[str]]:
    return [ln.cells for ln in doc.lines if ln.cells is not None]


def html(rows: str) -> bytes:
    return f"<html><body><p>表1</p><table>{rows}</table></body></html>".encode()


HEAD = "<tr><td>项目</td><td>金额</td></tr>"


@pytest.mark.parametrize("row, hidden", [
    ("<tr style='display:none'><td>隐藏</td><td>99.00</td></tr>", "隐藏 99.00"),
    ("<tr hidden><td>隐藏</td><td>99.00</td></tr>", "隐藏 99.00"),
    ("<tr style='color:red; DISPLAY : none'><td>隐藏</td><td>99.00</td></tr>", "隐藏 99.00"),
])
def test_html_rows_the_page_does_not_show_are_not_read(row, hidden):
    doc = read_html("x.html", html(HEAD + row + "<tr><td>合计</td><td>10.00</td></tr>"))
    assert table_rows(doc) == [["项目", "金额"], ["合计", "10.00"]]
    assert doc.warnings == [f"表格1中有网页不显示的内容（{hidden}），未读取"]


@pytest.mark.parametrize("cell", [
    "<td><span style='display: none'>8</span>10.00</td>",
    "<td><span style='visibility:hidden'>8</span>10.00</td>",
    "<td style='display:none'>8</td><td>10.00</td>",
])
def test_html_pieces_of_cells_the_page_does_not_show_are_not_read(cell):
    """Read, the hidden 8 made 810.00 of the 10.00 the page shows."""
    doc = read_html("x.html", html(HEAD + f"<tr><td>合计</td>{cell}</tr>"))
    assert table_rows(doc) == [["项目", "金额"], ["合计", "10.00"]]
    assert doc.warnings == ["表格1中有网页不显示的内容（8），未读取"]


def test_html_text_the_page_does_not_show_is_not_read():
    doc = read_html("x.html", "<html><body><p style='display:none'>隐藏的段落 100万元</p><p>正文</p></body></html>"
                    .encode())
    assert [ln.text for ln in doc.lines if ln.text] == ["正文"]


def test_html_cells_shown_are_read_whole():
    """<br>, &nbsp;, a figure in <span> pieces, paragraphs in a cell."""
    doc = read_html("x.html", html(HEAD + "<tr><td>一般公共<br>服务支出</td><td><span>1,2</span><span>34</span>.<span>56</span></td></tr>"
                                   "<tr><td>&nbsp;&nbsp;行政运行</td><td><p>1,234</p><p>.00</p>&nbsp;</td></tr>"))
    assert table_rows(doc) == [["项目", "金额"], ["一般公共服务支出", "1,234.56"], ["行政运行", "1,234.00"]]
    assert doc.warnings == []
