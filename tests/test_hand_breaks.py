"""A name broken by hand inside its cell (Enter in Word, Alt+Enter in Excel): the cell shows
it on two lines though the first does not fill the cell, which the reading of wrapped names
(a line wraps only where the next character does not fit) refuses. Where the layout makes the
owner certain the line joins its row's name; else the line is kept as a row without amounts
and said, naming it. PDFs without and with rules (WeasyPrint, a <br> in the cell), plain text
and tab-separated text."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse

HEADER = "<tr><th>采购项目</th><th>合计</th><th>财政拨款</th><th>其他资金</th></tr>"
LONG = "办公楼日常维修维护及安全保卫服务"          # wraps by itself in a narrow name column
ROWS = [("合计", "90.00", "80.00", "10.00"), ("台式计算机<br>采购", "30.00", "30.00", "0.00"),
        ("物业管理", "20.00", "10.00", "10.00"), (LONG, "40.00", "40.00", "0.00")]
READ = [("合计", ["90.00", "80.00", "10.00"]), ("台式计算机采购", ["30.00", "30.00", "0.00"]),
        ("物业管理", ["20.00", "10.00", "10.00"]), (LONG, ["40.00", "40.00", "0.00"])]
SAID = ("表「政府采购预算表」第 {no} 行“{text}”只有文字、没有金额，可能是上一行或下一行名称在格内换行（手动换行）的部分，"
        "{why}，按没有金额的单独一行读入，请核对")


def rows_of(disc) -> list[tuple]:
    return [(r.name, [str(c.amount) for c in r.cells]) for r in disc.table("procurement").rows]


def alone(disc) -> list[str]:
    return [i.message for i in disc.issues if i.code == "name-line-alone"]


def unruled(tmp_path, rows, align: str, width: int):
    pytest.importorskip("weasyprint")
    from test_pdf_unruled_wraps import write

    path = tmp_path / f"{align}.pdf"
    write(path, "政府采购预算表", HEADER, rows, align, width, "0 4pt")      # Word: no space between rows
    return parse(path)


@pytest.mark.parametrize("align", ["top", "bottom", "middle"])
def test_a_name_broken_by_hand_joins_its_row_where_the_alignment_is_shown(tmp_path, align):
    """Rows set close (no padding), another name wrapping by itself in the column: that wrap
    shows the alignment, which gives the short line to one row only. Before: top — 采购 a row
    without amounts; bottom — 台式计算机 one, its amounts under 采购; middle — the amounts a
    row without a name between 台式计算机 and 采购, both rows of their own."""
    disc = unruled(tmp_path, ROWS, align, 70)
    assert rows_of(disc) == READ
    assert not alone(disc)


@pytest.mark.parametrize("align,no,text", [("top", 7, "采购"), ("bottom", 6, "台式计算机")])
def test_a_name_broken_by_hand_without_a_shown_alignment_is_said(tmp_path, align, no, text):
    """No name wraps by itself (a wide column) and the rows stand close: the short line may be
    the row's above (cells aligned to the top) or below (to the bottom). It is kept a row
    without amounts, as before, and now said, naming the line."""
    rows = [r if r[0] != LONG else ("办公楼日常维修维护及安全保卫", *r[1:]) for r in ROWS]     # one line, the widest
    disc = unruled(tmp_path, rows, align, 160)
    assert ("台式计算机采购", ["30.00", "30.00", "0.00"]) not in rows_of(disc)
    assert (text, []) in rows_of(disc)
    assert alone(disc) == [SAID.format(no=no, text=text, why="版式定不下")]


def test_a_table_without_breaks_says_nothing(tmp_path):
    """The same table without a break, rows close: nothing said, every row as printed."""
    rows = [(r[0].replace("<br>", ""), *r[1:]) for r in ROWS]
    for align in ("top", "middle"):
        disc = unruled(tmp_path, rows, align, 70)
        assert rows_of(disc) == READ
        assert not alone(disc)


def test_a_ruled_cell_of_two_lines_is_one_name(tmp_path):
    """With rules the cell's box holds both lines: one name (verified, as it already was)."""
    weasyprint = pytest.importorskip("weasyprint")
    css = ("@page { size: A4; margin: 12mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 9pt; } "
           "table { border-collapse: collapse; } td { border: 0.5pt solid #000; padding: 1pt 3pt; vertical-align: top; }")
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in ROWS)
    path = tmp_path / "ruled.pdf"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body><p>某某中心2025年部门预算收入支出公开</p>"
                           f"<h3>政府采购预算表</h3><p>编制部门：某某中心　单位：万元</p><table>"
                           f"{HEADER.replace('th>', 'td>')}{body}</table></body></html>").write_pdf(str(path))
    disc = parse(path)
    assert rows_of(disc) == READ
    assert not alone(disc)


TEXT_HEAD = "某某中心2025年部门预算\n\n政府采购预算表\n\n编制部门：某某中心　单位：万元\n\n"


@pytest.mark.parametrize("body,no,text", [
    (("采购项目 合计 财政拨款 其他资金\n合计 90.00 80.00 10.00\n台式计算机 30.00 30.00 0.00\n采购\n"
      "物业管理 20.00 10.00 10.00\n办公楼维修 40.00 40.00 0.00\n"), 10, "采购"),
    (("采购项目\t合计\t财政拨款\t其他资金\n合计\t90.00\t80.00\t10.00\n台式计算机\t\t\t\n采购\t30.00\t30.00\t0.00\n"
      "物业管理\t20.00\t10.00\t10.00\n办公楼维修\t40.00\t40.00\t0.00\n"), 9, "台式计算机"),
], ids=["plain", "tab"])
def test_a_text_line_of_a_name_alone_is_said(tmp_path, body, no, text):
    """Text carries no geometry: a line holding a name and nothing else between rows may be a
    row without amounts or a name's line broken by hand. Kept a row, as before, and now said."""
    path = tmp_path / "t.txt"
    path.write_text(TEXT_HEAD + body, encoding="utf-8")
    disc = parse(path)
    assert (text, []) in rows_of(disc)
    assert alone(disc) == [SAID.format(no=no, text=text, why="无法确定")]


def test_a_quoted_tab_cell_over_two_lines_is_one_name(tmp_path):
    """A spreadsheet saved as tab-delimited text quotes a cell holding a typed line break and
    writes it over two lines: one row, its name the cell's lines (before: 台式计算机 read as a
    paragraph, the row named 采购")."""
    path = tmp_path / "t.txt"
    path.write_text(TEXT_HEAD + "采购项目\t合计\t财政拨款\t其他资金\n合计\t90.00\t80.00\t10.00\n\"台式计算机\n采购\"\t30.00\t"
                    "30.00\t0.00\n物业管理\t20.00\t10.00\t10.00\n" + LONG + "\t40.00\t40.00\t0.00\n", encoding="utf-8")
    disc = parse(path)
    assert rows_of(disc) == READ
    assert not alone(disc)


def test_a_name_printing_quotes_is_said_with_its_quotes_nested(tmp_path):
    """A row's name may print quotes of its own (“三公”经费): inside the message's “…” they turn
    ‘…’, so the message's own quotes still say where the name begins and ends."""
    path = tmp_path / "t.txt"
    path.write_text(TEXT_HEAD + "采购项目 合计 财政拨款 其他资金\n合计 90.00 80.00 10.00\n台式计算机 30.00 30.00 0.00\n"
                    "“三公”经费\n物业管理 20.00 10.00 10.00\n办公楼维修 40.00 40.00 0.00\n", encoding="utf-8")
    disc = parse(path)
    assert alone(disc) == [SAID.format(no=10, text="‘三公’经费", why="无法确定")]


PURCHASE_ROWS = [["采购项目", "合计", "财政拨款", "其他资金"], ["合计", "90.00", "80.00", "10.00"],
                 ["台式计算机采购", "30.00", "30.00", "0.00"], ["笔记本电脑（本年不采购）", "", "", ""],
                 ["物业管理", "60.00", "50.00", "10.00"]]


def purchases_xlsx(path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表1")
    for r, row in enumerate([["某某中心2025年部门预算"], ["政府采购预算表"], ["编制部门：某某中心", "", "单位：万元"],
                             *PURCHASE_ROWS]):
        for c, v in enumerate(row):
            if v:
                ws.write(r, c, float(v) if v[0].isdigit() else v)
    wb.close()
    return path


def purchases_docx(path):
    import docx

    doc = docx.Document()
    for text in ("某某中心2025年部门预算", "政府采购预算表", "编制部门：某某中心　单位：万元"):
        doc.add_paragraph(text)
    table = doc.add_table(rows=0, cols=4)
    for row in PURCHASE_ROWS:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    doc.save(str(path))
    return path


@pytest.mark.parametrize("write", [purchases_xlsx, purchases_docx], ids=["xlsx", "docx"])
def test_a_row_of_a_name_alone_in_a_real_grid_is_not_said(tmp_path, write):
    """A workbook's or a Word table's row is its own cells: a name broken by hand stays in its
    cell, so a row printing a name and no amount is a row without amounts, nothing to doubt.
    Before, it was said to be perhaps a name's line broken by hand, as for text."""
    disc = parse(write(tmp_path / f"t.{write.__name__[-4:]}"))
    assert ("笔记本电脑（本年不采购）", []) in rows_of(disc)
    assert not alone(disc)
