"""Office and HTML inputs read as printed: what a page, a document or a sheet does not show is
not read (and, inside a table, is told), what it shows is read whole. Inputs are written here,
the truth known by construction."""

from __future__ import annotations

from decimal import Decimal

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
    assert doc.warnings == [("网页中有不显示的内容（“隐藏的段落 100万元”），浏览器不显示也不打印，未读取；"
                             "如是分页标签中的内容，请在浏览器中展开后另存再读取")]


def test_html_hidden_tables_outside_tables_are_told_and_hidden_menus_are_not():
    """A table in a tab the page keeps hidden (display:none until clicked) is not read, as the
    page does not print it, but told: it may be one of the disclosure's tables. A hidden menu
    without a figure says nothing."""
    page = ("<html><head><style>.tab{display:none}</style></head><body><p>正文</p>"
            "<div style='display:none'><a>首页</a><a>政务公开</a></div>"
            "<div class='tab'><table>" + HEAD + "<tr><td>合计</td><td>5.00</td></tr></table></div>"
            "<div hidden><table>" + HEAD + "</table><table>" + HEAD + "</table></div></body></html>")
    doc = read_html("x.html", page.encode())
    assert [ln.text for ln in doc.lines if ln.text] == ["正文"]
    assert doc.warnings == [("网页中有不显示的内容（1 张表格；2 张表格），浏览器不显示也不打印，未读取；"
                             "如是分页标签中的内容，请在浏览器中展开后另存再读取")]


def test_html_cells_shown_are_read_whole():
    """<br>, &nbsp;, a figure in <span> pieces, paragraphs in a cell."""
    doc = read_html("x.html", html(HEAD + "<tr><td>一般公共<br>服务支出</td><td><span>1,2</span><span>34</span>.<span>56</span></td></tr>"
                                   "<tr><td>&nbsp;&nbsp;行政运行</td><td><p>1,234</p><p>.00</p>&nbsp;</td></tr>"))
    assert table_rows(doc) == [["项目", "金额"], ["一般公共服务支出", "1,234.56"], ["行政运行", "1,234.00"]]
    assert doc.warnings == []


# ---- DOCX ----------------------------------------------------------------------------------

def docx_table():
    import docx

    document = docx.Document()
    document.add_paragraph("表1 收支总表")
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate([["项目", "金额"], ["一般公共预算", "100.00"], ["合计", "100.00"]]):
        for c, v in enumerate(row):
            table.cell(r, c).text = v
    return document, table


def read_back(document):
    import io

    from budgetlens.readers.docx import read_docx

    out = io.BytesIO()
    document.save(out)
    return read_docx("x.docx", out.getvalue())


def wrapped(el, tag: str, **attrs):
    """el moved into a new <tag> where it stood."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    wrapper = OxmlElement(tag)
    for k, v in attrs.items():
        wrapper.set(qn(k), v)
    el.addprevious(wrapper)
    wrapper.append(el)
    return wrapper


def test_docx_text_hidden_by_its_style_is_not_read():
    """A run whose character style (based on a hidden one) hides it, before the 100.00 the
    page prints: read, it made 8100.00; a paragraph whose style hides it."""
    from docx.enum.style import WD_STYLE_TYPE

    document, table = docx_table()
    base = document.styles.add_style("隐藏", WD_STYLE_TYPE.CHARACTER)
    base.font.hidden = True
    style = document.styles.add_style("隐藏批注", WD_STYLE_TYPE.CHARACTER)
    style.base_style = base
    p = table.cell(2, 1).paragraphs[0]
    run = p.add_run("8", style=style)
    p.runs[0]._r.addprevious(run._r)
    shown = p.add_run("", style=base)          # vanish turned off on the run itself: shown
    shown.font.hidden = False
    shown.text = "0"
    hidden_p = document.styles.add_style("隐藏段落", WD_STYLE_TYPE.PARAGRAPH)
    hidden_p.font.hidden = True
    document.add_paragraph("本段不打印：合计 999.00 万元", style=hidden_p)
    document.add_paragraph("正文")
    doc = read_back(document)
    assert table_rows(doc) == [["项目", "金额"], ["一般公共预算", "100.00"], ["合计", "100.000"]]
    assert [ln.text for ln in doc.lines if ln.cells is None and ln.text] == ["表1 收支总表", "正文"]


def test_docx_revisions_controls_and_fields_read_as_printed():
    """Inserted text read and deleted text not (Word prints changes as final), content
    controls around a cell and a row, smart tags, a field's stored result."""
    import copy

    from docx.oxml.ns import qn

    document, table = docx_table()
    run = table.cell(2, 1).paragraphs[0].runs[0]._r
    old = copy.deepcopy(run)
    run.addprevious(old)
    for t in old.iter(qn("w:t")):
        t.tag, t.text = qn("w:delText"), "90.00"
    wrapped(old, "w:del", **{"w:id": "1", "w:author": "a"})
    wrapped(run, "w:ins", **{"w:id": "2", "w:author": "a"})
    wrapped(table.cell(1, 0).paragraphs[0].runs[0]._r, "w:smartTag", **{"w:element": "x"})
    wrapped(table.cell(1, 1).paragraphs[0].runs[0]._r, "w:fldSimple", **{"w:instr": " =SUM(ABOVE) "})
    cell, row = table.cell(1, 1)._tc, table.rows[0]._tr
    wrapped(wrapped(cell, "w:sdtContent"), "w:sdt")
    wrapped(wrapped(row, "w:sdtContent"), "w:sdt")
    doc = read_back(document)
    assert table_rows(doc) == [["项目", "金额"], ["一般公共预算", "100.00"], ["合计", "100.00"]]


# ---- XLSX ----------------------------------------------------------------------------------

def test_xlsx_figures_shown_scaled_read_as_printed(tmp_path):
    """A finance office keeps 元 in the cells and shows 万元 or 千元 by the number format:
    commas after the last digit divide by 1000, a point printed as a literal between digits
    (0!.0000, 0"."0000) divides by ten for each digit after it. The sheet prints, and its
    单位 line speaks of, the shown figure."""
    import xlsxwriter

    from budgetlens.readers import read_document

    path = tmp_path / "scaled.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表1")
    ws.write_row(0, 0, ["项目", "甲", "乙", "丙", "丁"])
    cells = [(12345678, "0!.0000"), (12345678, '0"."0000'), (12345678, '0!.0,"万"'), (1234567, "#,##0.00,")]
    ws.write(1, 0, "合计")
    for c, (value, code) in enumerate(cells, start=1):
        ws.write_number(1, c, value, wb.add_format({"num_format": code}))
    ws.write(2, 0, "其他")
    ws.write_number(2, 1, 1234.5, wb.add_format({"num_format": "#,##0.00"}))       # not scaled
    ws.write_number(2, 2, 123456789, wb.add_format({"num_format": "0.00,,"}))
    wb.close()
    doc = read_document(path)
    # (the unit the format prints after the figure is shown too, as printed: the table readers
    # check it against the table's unit line; session 38)
    assert table_rows(doc) == [["项目", "甲", "乙", "丙", "丁"], ["合计", "1234.5678", "1234.5678", "1234.6万", "1234.57"],
                               ["其他", "1234.50", "123.46"]]


def test_xlsx_figure_formatted_as_a_date_reads_as_its_number(tmp_path):
    """An amount in a cell formatted as a date by mistake shows a date no budget prints
    (800.5 → 1902年3月10日): its number is read and the cell named; a real date stays a date."""
    import datetime as dt

    import xlsxwriter

    from budgetlens.readers import read_document

    path = tmp_path / "dated.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表1")
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["项目", "本年", "上年"])
    ws.write(1, 0, "合计")
    ws.write_number(1, 1, 800.5, wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
    ws.write_number(1, 2, 1234.56, day)
    ws.write(2, 0, "编制日期")
    ws.write_datetime(2, 1, dt.datetime(2026, 1, 15), day)
    wb.close()
    doc = read_document(path)
    assert table_rows(doc)[1:] == [["合计", "800.5", "1234.56"], ["编制日期", "2026年1月15日"]]
    assert doc.warnings == [("工作表「表1」单元格 B2（1902年3月10日 12:00:00）、C2（1903年5月18日 13:26:24） 是数值，"
                             "却设成日期格式，显示为不可能的日期，已按数值读取；请核对该单元格的格式")]


def test_docx_embedded_excel_table_is_told():
    """An Excel table pasted into Word as an object prints as a picture of its cells: not
    read, and said so (before, nothing was said)."""
    from lxml import etree

    document, _ = docx_table()
    p = document.add_paragraph()
    p._p.append(etree.fromstring(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
        '<w:object><v:shape id="_x0000_i1025" style="width:400pt;height:200pt"/>'
        '<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content"/>'
        '</w:object></w:r>'))
    doc = read_back(document)
    assert table_rows(doc) == [["项目", "金额"], ["一般公共预算", "100.00"], ["合计", "100.00"]]
    assert doc.warnings == [("文档中嵌入了 1 个 Excel 工作表（显示为图片），其中的表格和数字未读取；"
                             "请在 Word 中将其转换为表格，或另附原文件后再读取")]


def test_xlsx_text_box_over_a_sheet_is_told(tmp_path):
    """A note typed into a text box prints with the sheet but is in no cell: said, not lost
    in silence; a chart (no text of its own in the drawing) says nothing."""
    import xlsxwriter

    from budgetlens.readers import read_document

    path = tmp_path / "box.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表1")
    ws.write_row(0, 0, ["项目", "金额"])
    ws.write_row(1, 0, ["合计", 5])
    ws.insert_textbox("D2", "注：合计含上年结转 3.00 万元。")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=表1!$B$2:$B$2"})
    wb.add_worksheet("表2").insert_chart("B2", chart)
    wb.close()
    doc = read_document(path)
    assert table_rows(doc) == [["项目", "金额"], ["合计", "5"]]
    assert doc.warnings == ["工作表「表1」有 1 个文本框，其中的文字（注：合计含上年结转 3.00 万元。）未读取；请将其写入单元格后再读取"]


def test_a_small_table_in_a_cell_keeps_its_table_a_table():
    """A table of figures with a small table in one cell (a note's breakdown): read as a grid,
    the small table after it as a table of its own. Before, the whole table was taken for a
    page's frame and its cells read one a line, its rows lost. A frame holding a table is
    still a frame."""
    data = ("<tr><td>项目</td><td>金额</td><td>说明</td></tr><tr><td>一般公共预算</td><td>90.00</td><td></td></tr>"
            "<tr><td>合计</td><td>100.00</td><td><table><tr><td>含</td><td>结转</td></tr></table></td></tr>")
    doc = read_html("x.html", html(data))
    assert table_rows(doc) == [["项目", "金额", "说明"], ["一般公共预算", "90.00", ""], ["合计", "100.00", ""], ["含", "结转"]]
    assert [ln.page for ln in doc.lines if ln.cells] == [1, 1, 1, 2]
    hidden = data.replace("<td><table>", "<td style='display:none'><table>")
    assert table_rows(read_html("x.html", html(hidden)))[-1] == ["合计", "100.00", ""]
    frame = f"<tr><td>2026年部门预算</td><td>单位：万元</td></tr><tr><td colspan=2><table>{data}</table></td></tr>"
    rows = table_rows(read_html("x.html", html(frame)))
    assert rows[0] == ["项目", "金额", "说明"] and ["合计", "100.00", ""] in rows


def test_docx_small_table_in_a_cell_keeps_its_table_a_table():
    document, table = docx_table()
    inner = table.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "含", "结转"
    doc = read_back(document)
    assert table_rows(doc) == [["项目", "金额"], ["一般公共预算", "100.00"], ["合计", "100.00"], ["含", "结转"]]


def test_html_rows_hidden_by_the_pages_stylesheet_are_not_read():
    """.hide{display:none} in the page's <style>, used on a row and on a piece of a cell; a
    rule for print hides what the printout does not show (the 其他 row: not read, told)."""
    page = ("<html><head><style>/* x */ .menu a {display:none} tr.hide, #gone { color: red; display : none }"
            "@media print { .noprint { display: none } }</style></head><body><p>表1</p><table>"
            + HEAD + "<tr class='row hide'><td>隐藏</td><td>99.00</td></tr>"
            "<tr><td>合计</td><td><span id='gone'>8</span>10.00</td></tr>"
            "<tr class='noprint'><td>其他</td><td>1.00</td></tr></table></body></html>")
    doc = read_html("x.html", page.encode())
    assert table_rows(doc) == [["项目", "金额"], ["合计", "10.00"]]
    assert doc.warnings == ["表格1中有网页不显示的内容（隐藏 99.00；8；其他 1.00），未读取"]


def styled(css: str, body: str) -> bytes:
    return f"<html><head><style>{css}</style></head><body>{body}</body></html>".encode()


@pytest.mark.parametrize("css", [
    ".x td.b {display:none}", "div.hidden tr.r td.b {display: none}", "#a .b { visibility : hidden }",
    "table tr > td + td.b {display:none}", "@media print { .x .b { display:none } }",
    "@media only print, screen and (max-width: 600px) { .b { display:none } }",
    "@supports (display: grid) { .x .b {display:none} }", ".b {display:none !important} #a td.b {display:table-cell}",
])
def test_html_cells_hidden_by_any_selector_or_for_print_are_not_read(css):
    """What a browser would not print is not read, however the stylesheet selects it: a
    descendant or child selector, an id over a class, a rule for print. Read, the hidden 8
    made 810.00 of the 10.00 printed."""
    body = ("<div class='x hidden' id='a'><table>" + HEAD
            + "<tr class='r'><td>合计</td><td class='b'>8</td><td>10.00</td></tr></table></div>")
    doc = read_html("x.html", styled(css, body))
    assert table_rows(doc) == [["项目", "金额"], ["合计", "10.00"]]
    assert doc.warnings == ["表格1中有网页不显示的内容（8），未读取"]


@pytest.mark.parametrize("css", [
    "", ".x td.c {display:none}", "@media screen { .x .b { display:none } }",
    "@media (max-width: 600px) { .b { display:none } }", ".x .b {display:none} #a td.b {display:table-cell}",
    ".x .b {display:none} .x td.b {display:block}", ".x .b::before {display:none}",
])
def test_html_cells_the_printout_shows_are_read(css):
    """A rule for the screen only (a phone's width), a rule a more specific or later one
    overrides, a rule for another element or a pseudo-element: the cell is printed and read."""
    body = ("<div class='x hidden' id='a'><table>" + HEAD
            + "<tr class='r'><td>合计</td><td class='b'>10.00</td></tr></table></div>")
    doc = read_html("x.html", styled(css, body))
    assert table_rows(doc) == [["项目", "金额"], ["合计", "10.00"]]
    assert doc.warnings == []


def test_html_inline_style_wins_over_the_stylesheet_and_hidden_text_is_told():
    css = ".x p {display:none} .y {display:none}"
    body = ("<div class='x'><p>隐藏的说明 5.00 万元</p><p style='display:block'>正文</p></div>"
            "<p class='y' style='display:block !important'>可见</p>")
    doc = read_html("x.html", styled(css, body))
    assert [ln.text for ln in doc.lines if ln.text] == ["正文", "可见"]
    assert doc.warnings == [("网页中有不显示的内容（“隐藏的说明 5.00 万元”），浏览器不显示也不打印，未读取；"
                             "如是分页标签中的内容，请在浏览器中展开后另存再读取")]


# ---- XLSX: figures a number format misprints -----------------------------------------------

def percent_book(path, amount_format: str):
    """表2 with its 合计 amount in `amount_format` and a share column in 0.00%."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表1")
    pct, two = wb.add_format({"num_format": "0.00%"}), wb.add_format({"num_format": "0.00"})
    ws.write(0, 0, "2026年部门收入总体情况表")
    ws.write(1, 0, "单位：万元")
    ws.write_row(2, 0, ["项目", "金额", "占比"])
    for r, (name, amount, share) in enumerate([("合计", 200, 1), ("一般公共预算拨款收入", 175, 0.875),
                                               ("事业收入", 25, 0.125)], start=3):
        ws.write(r, 0, name)
        ws.write_number(r, 1, amount, wb.add_format({"num_format": amount_format}) if r == 3 else two)
        ws.write_number(r, 2, share, pct)
    wb.close()
    return path


def test_a_percent_cell_keeps_its_row_a_data_row(tmp_path):
    """A row whose figures all print with a percent sign (an amount formatted 0.00% by
    mistake, beside a share column) is a row of the table, read as printed: before, it was
    taken for a header row and its row lost. The amount shown as a percentage is told; the
    share column, percentages under its 占比 header, is not."""
    from budgetlens.pipeline import parse
    from budgetlens.readers import read_document

    for fmt, printed, warned in (("0.00%", "20000.00%", True), ("0.00", "200.00", False)):
        path = percent_book(tmp_path / f"p{len(printed)}.xlsx", fmt)
        doc = read_document(path)
        assert table_rows(doc)[1] == ["合计", printed, "100.00%"]
        said = (f"工作表「表1」单元格 B4（{printed}） 位于金额列，却设成百分比格式，显示的百分数不是金额，"
                "未读取其数值（不按 0 计，涉及的核对不予进行）；请核对该单元格的格式")
        assert doc.warnings == ([said] if warned else [])
        table = parse(path).tables[0]
        assert [h.cells for h in table.header] == [["项目", "金额", "占比"]]
        assert [r.name for r in table.rows] == ["合计", "一般公共预算拨款收入", "事业收入"]
        # the amount shown as a percentage is kept in its row unread, never dropped
        assert [(c.text, c.amount, c.unread is not None) for c in table.rows[0].cells if c.column == "total"] == \
            [(printed, None, True) if warned else (printed, Decimal(printed), False)]


@pytest.mark.parametrize("cells, data", [
    (["合计", "12.50%"], True), (["合计", "-3%", "１２．５０％"], True), (["项目", "占比（%）"], False),
    (["项目", "%"], False), (["项目", "金额"], False),
])
def test_only_header_text_makes_a_header_row(cells, data):
    from budgetlens.extract.rows import _grid_data_like
    from budgetlens.templates import load_templates

    spec = next(t for t in load_templates() if t.id == "xj-dept-budget-2025").table("income")
    assert _grid_data_like(cells, spec) is data


def test_xlsx_amount_formatted_as_a_plausible_date_reads_as_its_number(tmp_path):
    """45000 formatted yyyy-mm-dd shows 2023-03-15, a date a budget could print; in a column
    of amounts (its header 本年预算数 / 基本支出, figures under it) it is an amount in the
    wrong format: read as its number, the cells named. A date in a 编制日期 row, or in a
    column whose header names dates, stays a date."""
    import datetime as dt

    import xlsxwriter

    from budgetlens.readers import read_document

    path = tmp_path / "dated.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表1")
    day, two = wb.add_format({"num_format": "yyyy-mm-dd"}), wb.add_format({"num_format": "0.00"})
    ws.merge_range(0, 1, 0, 2, "本年预算数（万元）")
    ws.write_row(1, 0, ["项目", "基本支出", "项目支出"])
    ws.write(2, 0, "合计")
    ws.write_number(2, 1, 45000, day)
    ws.write_number(2, 2, 1200.5, two)
    ws.write(3, 0, "工资福利支出")
    ws.write_number(3, 1, 45000, two)
    ws.write_number(3, 2, 45123.25, day)
    ws.write(4, 0, "编制日期")
    ws.write_datetime(4, 1, dt.datetime(2026, 1, 15), day)
    ws.write_row(6, 0, ["项目名称", "执行日期"])
    ws.write(7, 0, "甲项目")
    ws.write_datetime(7, 1, dt.datetime(2026, 3, 1), day)
    ws.write(8, 0, "乙项目")
    ws.write_number(8, 1, 12, two)
    wb.close()
    doc = read_document(path)
    assert table_rows(doc)[2:4] == [["合计", "45000", "1200.50"], ["工资福利支出", "45000.00", "45123.25"]]
    assert [ln.cells or [ln.text] for ln in doc.lines if ln.text][4:] == [
        ["编制日期", "2026年1月15日"], ["项目名称", "执行日期"], ["甲项目", "2026年3月1日"], ["乙项目", "12.00"]]
    assert doc.warnings == [("工作表「表1」单元格 B3（2023年3月15日）、C4（2023年7月16日 06:00:00） 位于金额列，是数值，"
                             "却设成日期格式，已按数值读取；请核对该单元格的格式")]


# ---- DOCX symbols --------------------------------------------------------------------------

def with_symbols(symbols: list[tuple[str, str]]):
    """The DOCX table with one w:sym per (font, char) appended to its 合计 amount cell's run."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document, table = docx_table()
    p = table.cell(2, 0).paragraphs[0]
    for font, char in symbols:
        run = p.add_run()
        sym = OxmlElement("w:sym")
        sym.set(qn("w:font"), font)
        sym.set(qn("w:char"), char)
        run._r.append(sym)
    return document


@pytest.mark.parametrize("font, char, printed", [
    ("Wingdings", "F0FC", "✓"), ("Wingdings", "F0FE", "☑"), ("Wingdings", "F0A8", "◻"), ("Wingdings", "00FB", "✗"),
    ("Symbol", "F0B4", "×"), ("Symbol", "F025", "%"), ("宋体", "FF05", "％"), ("Arial", "2713", "✓"),
])
def test_docx_symbols_are_read(font, char, printed):
    """A symbol inserted from a font (Insert → Symbol writes w:sym, no w:t): a tick or a
    percent sign was dropped from the text; now read as the character it prints."""
    doc = read_back(with_symbols([(font, char)]))
    assert table_rows(doc)[2] == ["合计" + printed, "100.00"]
    assert doc.warnings == []


def test_docx_symbols_without_a_known_character_are_kept_and_told():
    doc = read_back(with_symbols([("Wingdings", "F021"), ("Webdings", "F061"), ("Wingdings", "F021"),
                                  ("宋体", "E001")]))
    assert table_rows(doc)[2] == ["合计\ufffd\ufffd\ufffd\ufffd", "100.00"]
    assert doc.warnings == [("文档中有 4 个以符号字体插入的字符（Wingdings F021；Webdings F061；宋体 E001）无法识别，"
                             "按“\ufffd”读取；请核对原文中这些符号")]


def test_percent_cells_of_a_long_amount_column_are_weighed_in_linear_time():
    """A column of amounts (金额) every cell of which is formatted 0.00%: each cell asked whether
    the run's other figures are percentages. Before, each asked about every other cell (16
    million look-ups for 4,000 rows, a minute on a large sheet); now a run is weighed once."""
    from budgetlens.readers.workbook import misformatted_figures

    class Counted(dict):
        gets = 0

        def get(self, *args):
            Counted.gets += 1
            return super().get(*args)

    n = 2000
    values = [["项目", "金额", "支出"]] + [[f"项目{r}", r * 1.5, float(r)] for r in range(1, n)]
    fixed = Counted({(r, 1): (2, 2, True, 0) for r in range(1, n)})
    fixed[(n - 1, 1)] = (2, 2, False, 0)           # one figure in the column printed as a number
    _, cells = misformatted_figures("表1", values, [], fixed, False, set(), set())
    assert len(cells) == n - 2 and (n - 1, 1) not in cells
    assert Counted.gets <= 4 * n


UNSHOWN_8 = ("网页中有不显示的内容（“隐藏 8”），浏览器不显示也不打印，未读取；"
             "如是分页标签中的内容，请在浏览器中展开后另存再读取")


@pytest.mark.parametrize("css, body", [
    ("", "<div style='visibility:hidden'>隐藏 8<p style='visibility: VISIBLE'>合计 10.00</p></div>"),
    (".tab {visibility:hidden} .tab .shown {visibility:visible}",
     "<div class='tab'>隐藏 8<div><p class='shown'>合计 10.00</p></div></div>"),
    (".tab {visibility:hidden}", "<div class='tab'>隐藏 8<p style='visibility:visible'>合计 10.00</p></div>"),
    (".shown {visibility:visible}", "<div style='visibility:hidden'>隐藏 8<p class='shown'>合计 10.00</p></div>"),
])
def test_html_a_visible_child_of_an_invisible_parent_is_read(css, body):
    """visibility is inherited and a child may set it back (visibility:visible): the browser
    shows and prints the child, not the parent's own text. Before: the whole parent was left out."""
    doc = read_html("x.html", styled(css, body))
    assert [ln.text for ln in doc.lines if ln.text] == ["合计 10.00"]
    assert doc.warnings == [UNSHOWN_8]


def test_html_a_visible_piece_of_an_invisible_cell_is_read():
    doc = read_html("x.html", html(HEAD + "<tr><td>合计</td><td style='visibility:hidden'>8"
                                   "<span style='visibility:visible'>10.00</span></td></tr>"))
    assert table_rows(doc) == [["项目", "金额"], ["合计", "10.00"]]
    assert doc.warnings == ["表格1中有网页不显示的内容（8），未读取"]


@pytest.mark.parametrize("css, body", [
    ("", "<div style='display:none'>隐藏 8<p style='visibility:visible'>合计 10.00</p></div>"),
    (".tab {display:none} .shown {visibility:visible}",
     "<div class='tab'>隐藏 8<p class='shown'>合计 10.00</p></div>"),
    (".shown {visibility:visible}", "<div hidden>隐藏 8<p class='shown'>合计 10.00</p></div>"),
    ("", ("<div style='visibility:hidden'><div style='display:none'>隐藏 8<p style='visibility:visible'>合计 10.00</p>"
          "</div></div>")),
])
def test_html_a_visible_child_of_a_parent_not_displayed_stays_hidden(css, body):
    """display:none takes the element and all it holds off the page: no child shows itself again."""
    doc = read_html("x.html", styled(css, "<p>正文</p>" + body))
    assert [ln.text for ln in doc.lines if ln.text] == ["正文"]
    assert doc.warnings == [UNSHOWN_8.replace("隐藏 8", "隐藏 8 合计 10.00")]
