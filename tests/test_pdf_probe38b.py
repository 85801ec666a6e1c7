"""PDF tables as offices print them, round 38b: a group's row without amounts over a row whose
name is set to the bottom of its cell, a group header set flush left over its columns, a page
of only a table's frame. Small PDFs written with WeasyPrint; every expectation is transcribed
from the table written."""

from __future__ import annotations

import re

import pytest

from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")

CSS = """@page { size: A4 portrait; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; }
table { border-collapse: collapse; }
td, th { border: none; padding: %s 4pt; font-weight: normal; vertical-align: %s; }
td.n { text-align: right; }"""


def is_amount(text: str) -> bool:
    return re.fullmatch(r"[\d,]+\.\d\d", text) is not None


def write_pdf(path, title: str, header: str, rows: list[tuple], align: str, widths: list[int],
              padding: str = "0", note: str = "") -> None:
    """A table without rules, its columns `widths` points wide, cells aligned `align`."""
    import weasyprint

    cols = "".join(f'<col style="width:{w}pt">' for w in widths)
    body = "".join("<tr>" + "".join(f'<td class="{"n" if is_amount(c) else ""}">{c}</td>' for c in row) + "</tr>"
                   for row in rows)
    html = (f"<html><head><style>{CSS % (padding, align)}</style></head><body><h3>{title}</h3>"
            f"<p>编制部门：某某中心　　单位：万元</p><table style=\"table-layout: fixed; width: {sum(widths)}pt\">"
            f"{cols}{header}{body}</table><p>{note}</p></body></html>")
    weasyprint.HTML(string=html).write_pdf(str(path))


def codes(doc) -> set[str]:
    return {i.code for i in doc.issues}


# ---- a group's row without amounts over a row set to the bottom of its cell ---------------

PROCUREMENT_HEADER = "<tr><th>采购项目</th><th>合计</th><th>财政拨款</th><th>其他资金</th></tr>"
PROCUREMENT_NOTE = "注：本表反映部门政府采购支出预算。"


@pytest.mark.parametrize("group", ["201 一般公共服务支出", "一般公共服务支出"])
@pytest.mark.parametrize("align", ["bottom", "middle", "top"])
def test_a_group_row_without_amounts_stays_apart_from_the_row_under_it(tmp_path, align, group):
    # a class heading printed without amounts over a one-line item: read as the item's name's
    # first line (201一般公共服务支出办公设备 with 办公设备's amounts), whatever the alignment
    rows = [(group, "", "", ""),
            ("办公设备", "100.00", "100.00", ""),
            ("信息系统运维服务", "200.00", "200.00", ""),
            ("合计", "300.00", "300.00", "")]
    path = tmp_path / "procurement.pdf"
    write_pdf(path, "政府采购预算表", PROCUREMENT_HEADER, rows, align, [110, 60, 60, 60], note=PROCUREMENT_NOTE)
    read = [(r.name, [str(c.amount) for c in r.cells]) for r in parse(path).tables[0].rows]
    assert ("办公设备", ["100.00", "100.00"]) in read
    assert ("信息系统运维服务", ["200.00", "200.00"]) in read
    heading = [(name, amounts) for name, amounts in read if "一般公共服务支出" in name]
    assert heading == [(group.replace(" ", ""), [])]


@pytest.mark.parametrize("align", ["bottom", "middle"])
def test_a_name_wrapped_to_the_bottom_under_a_group_row_still_joins(tmp_path, align):
    # near miss: 信息系统运维服务 wraps in its narrow cell (its first line over its amounts'):
    # one row, as before; the class heading over it stays a row of its own
    rows = [("教育支出", "", "", ""),
            ("信息系统运维服务", "200.00", "200.00", ""),
            ("合计", "200.00", "200.00", "")]
    path = tmp_path / "procurement.pdf"
    write_pdf(path, "政府采购预算表", PROCUREMENT_HEADER, rows, align, [60, 60, 60, 60], note=PROCUREMENT_NOTE)
    read = [(r.name, [str(c.amount) for c in r.cells]) for r in parse(path).tables[0].rows]
    assert read[:3] == [("教育支出", []), ("信息系统运维服务", ["200.00", "200.00"]),
                        ("合计", ["200.00", "200.00"])]



@pytest.mark.parametrize("align", ["bottom", "middle", "top"])
def test_a_coded_label_wrapped_in_its_cell_reads_in_order(tmp_path, align):
    # 201 一般公共服务支出 wraps in a 90-point cell (出 alone on the second line, set flush left
    # under the code): 出 went to the code's word, the nearest across (201出一般公共服务支)
    rows = [("201 一般公共服务支出", "", "", ""),
            ("办公设备", "100.00", "100.00", ""),
            ("合计", "100.00", "100.00", "")]
    path = tmp_path / "procurement.pdf"
    write_pdf(path, "政府采购预算表", PROCUREMENT_HEADER, rows, align, [90, 60, 60, 60], note=PROCUREMENT_NOTE)
    read = [(r.name, [str(c.amount) for c in r.cells]) for r in parse(path).tables[0].rows]
    assert read[:3] == [("201一般公共服务支出", []), ("办公设备", ["100.00", "100.00"]), ("合计", ["100.00", "100.00"])]


SUMMARY_HEADER = ("<tr><th colspan=2>收入</th><th colspan=2>支出</th></tr>"
                  "<tr><th>项目</th><th>预算数</th><th>功能分类</th><th>预算数</th></tr>")


@pytest.mark.parametrize("align", ["bottom", "middle", "top"])
def test_classes_in_a_narrow_cell_set_close_keep_their_rows(tmp_path, align):
    # 收支总表 set close (no padding), its classes wrapped in a 45-point cell: 一般公共 / 服务支出
    # (no amount) over 教育支出 was read as one name with 社会保障 / 和就业支 (一般公共服务支出教育支出
    # 社会保障和就业支 1,000.00) and 出 took 400.00
    rows = [("一、一般公共预算拨款", "1,400.00", "一般公共服务支出", ""),
            ("二、政府性基金预算拨款", "", "教育支出", "1,000.00"),
            ("三、事业收入", "", "社会保障和就业支出", "400.00"),
            ("收入总计", "1,400.00", "支出总计", "1,400.00")]
    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, rows, align, [120, 60, 45, 60])
    read = [(r.name, [str(c.amount) for c in r.cells]) for r in parse(path).tables[0].rows if r.side == "expenditure"]
    assert read == [("一般公共服务支出", []), ("教育支出", ["1000.00"]), ("社会保障和就业支出", ["400.00"]),
                    ("支出总计", ["1400.00"])]


# ---- a group header set flush left (right) over its columns --------------------------------

def fund_header(align: str) -> str:
    return (f'<tr><th rowspan=2>科目编码</th><th rowspan=2>科目名称</th><th rowspan=2>合计</th>'
            f'<th colspan=2 style="text-align:{align}">基本支出</th><th rowspan=2>项目支出</th></tr>'
            '<tr><th>人员经费</th><th>公用经费</th></tr>')


FUND_ROWS = [("", "合计", "500.00", "", "300.00", "200.00"),
             ("212", "城乡社区支出", "500.00", "", "300.00", "200.00"),
             ("21208", "国有土地使用权出让收入安排的支出", "500.00", "", "300.00", "200.00")]


@pytest.mark.parametrize("project_width", [34, 60])
@pytest.mark.parametrize("align", ["left", "right", "center"])
def test_a_group_header_set_flush_left_heads_its_columns(tmp_path, align, project_width):
    # 基本支出 set left (right) in its merged cell stands over 人员经费 (公用经费) only, edge to
    # edge: read as one column's header (基本支出人员经费), the header no template's, the amounts
    # placed by order (公用经费's 300.00 under 人员经费, 项目支出's 200.00 under 公用经费) or not at all
    path = tmp_path / "fund.pdf"
    write_pdf(path, "政府性基金预算支出情况表", fund_header(align), FUND_ROWS, "middle",
              [50, 150, 60, 44, 44, project_width], padding="2pt")
    rows = parse(path).tables[0].rows
    assert [(r.code, [(c.column, str(c.amount)) for c in r.cells]) for r in rows] == [
        (code, [("total", "500.00"), ("public", "300.00"), ("project", "200.00")]) for code, *_ in FUND_ROWS]


# ---- a page of only a table's frame -------------------------------------------------------

def framed_pdf(path, frame_rows: int) -> None:
    import weasyprint

    empty = "".join("<tr>" + "<td>&nbsp;</td>" * 5 + "</tr>" for _ in range(frame_rows))
    css = ("@page { size: A4; margin: 15mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 9pt; }"
           " table { border-collapse: collapse; width: 100%; } td, th { border: 0.5pt solid black; height: 14pt; }")
    html = (f"<html><head><style>{css}</style></head><body><h3>政府性基金预算支出情况表</h3><p>单位：万元</p>"
            "<table><tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>人员经费</th><th>项目支出</th></tr>"
            "<tr><td></td><td>合计</td><td>100.00</td><td>100.00</td><td></td></tr></table>"
            "<p>本部门政府性基金预算支出情况如上表。</p>"
            f"<div style='page-break-before: always'></div><table>{empty}</table></body></html>")
    weasyprint.HTML(string=html).write_pdf(str(path))


def test_a_page_of_only_a_tables_frame_is_no_scan(tmp_path):
    # page 2 draws an empty table's borders and no character, no image: said to be a scan OCR
    # read nothing in (第 2 页是扫描图像，OCR 未识别出任何文字), after seconds of OCR
    path = tmp_path / "frame.pdf"
    framed_pdf(path, 20)
    doc = parse(path)
    messages = [i.message for i in doc.issues]
    assert not any("扫描" in m or "OCR" in m for m in messages)
    assert "第 2 页只有表格框线，没有文字（空白表格），没有可读取的内容" in messages


def test_a_page_of_curved_paths_is_still_a_scan():
    # near miss: words drawn as outlines (转曲: curves, a character's size) still go to OCR
    import pypdfium2 as pdfium
    from test_pdf_defensive import minimal_pdf

    from budgetlens.readers.pdf import is_scan, rules_only

    glyphs = b"\n".join(b"%d 700 m %d 706 %d 706 %d 700 c %d 695 l h f" % (x, x + 1, x + 5, x + 6, x + 3)
                        for x in range(20, 400, 10))
    page = pdfium.PdfDocument(minimal_pdf(glyphs))[0]
    assert not rules_only(page) and is_scan(page, "")
    # a character's size drawn of straight strokes (口 as a box of 6 points) is no rule either
    boxes = b"\n".join(b"%d 700 6 6 re f" % x for x in range(20, 400, 10))
    page = pdfium.PdfDocument(minimal_pdf(boxes))[0]
    assert not rules_only(page) and is_scan(page, "")


# ---- a coded table's name ending on its code's line ---------------------------------------

EXPENDITURE_HEADER = "<tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>"
EXPENDITURE_ROWS = [("", "合计", "500.00", "300.00", "200.00"),
                    ("201", "一般公共服务支出", "", "", ""),
                    ("20103", "政府办公厅（室）及相关机构事务", "500.00", "300.00", "200.00"),
                    ("2010301", "行政运行", "300.00", "300.00", ""),
                    ("2010350", "事业运行", "200.00", "", "200.00")]


def coded_rows(path) -> list[tuple]:
    return [(r.code, r.name, [str(c.amount) for c in r.cells]) for r in parse(path).tables[0].rows]


def printed_coded(rows: list[tuple]) -> list[tuple]:
    return [(code, name, [a for a in amounts if a]) for code, name, *amounts in rows]


CLASS_PRINTED = [("201", "一般公共服务支出", "500.00", "300.00", "200.00")]


@pytest.mark.parametrize("class_amounts", [False, True])
@pytest.mark.parametrize("padding", ["0", "2pt"])
@pytest.mark.parametrize("align", ["bottom", "middle", "top"])
def test_a_class_name_wrapped_over_two_lines_keeps_its_first_line(tmp_path, align, padding, class_amounts):
    # 政府办公厅（室） / 及相关机构事务 in an 80-point cell, cells aligned to the bottom (or centred,
    # the code and amounts half a line off): the first line was a row of its own (or the rest of
    # 201's name, 一般公共服务支出政府办公厅（室）, where 201 prints no amounts; or, centred and set
    # close, 201's lines touching it as near as 20103's) and 20103 was named 及相关机构事务
    rows = [*EXPENDITURE_ROWS[:1], *(CLASS_PRINTED if class_amounts else EXPENDITURE_ROWS[1:2]), *EXPENDITURE_ROWS[2:]]
    path = tmp_path / "expenditure.pdf"
    write_pdf(path, "一般公共预算支出情况表", EXPENDITURE_HEADER, rows, align, [50, 80, 60, 60, 60], padding=padding)
    assert coded_rows(path) == printed_coded(rows)


def test_a_project_name_over_a_coded_line_aligned_to_the_top_stays_a_row(tmp_path):
    # near miss: names aligned to the top (行政运行 / 保障 hangs under its code's line): the line
    # of words under a row is its name's rest, never the head of the next row's
    rows = [("", "合计", "500.00", "300.00", "200.00"),
            ("20103", "政府办公厅（室）及相关机构事务", "500.00", "300.00", "200.00"),
            ("2010301", "行政运行", "300.00", "300.00", ""),
            ("2010350", "事业运行", "200.00", "", "200.00")]
    path = tmp_path / "expenditure.pdf"
    write_pdf(path, "一般公共预算支出情况表", EXPENDITURE_HEADER, rows, "top", [50, 80, 60, 60, 60])
    assert coded_rows(path) == printed_coded(rows)


# ---- words run past their cell's side under the next cell's amount -------------------------

def ruled_pdf(path, title: str, header: str, rows: list[tuple], widths: list[int], padding: str = "1pt 2pt") -> None:
    """A ruled table whose cells print their text on one line, clipped at the cell's sides (a
    spreadsheet's: the text wider than its column runs on under the next cell, hidden)."""
    import weasyprint

    css = ("@page { size: A4; margin: 15mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 9pt; }"
           " table { border-collapse: collapse; table-layout: fixed; }"
           f" td, th {{ border: 0.5pt solid black; padding: {padding}; white-space: nowrap; overflow: hidden;"
           " font-weight: normal; } td.n { text-align: right; }")
    cols = "".join(f'<col style="width:{w}pt">' for w in widths)
    body = "".join("<tr>" + "".join(f'<td class="{"n" if is_amount(c) else ""}">{c}</td>' for c in row) + "</tr>"
                   for row in rows)
    html = (f"<html><head><style>{css}</style></head><body><h3>{title}</h3><p>单位：万元</p>"
            f'<table style="width:{sum(widths)}pt">{cols}{header}{body}</table><p>{PROCUREMENT_NOTE}</p></body></html>')
    weasyprint.HTML(string=html).write_pdf(str(path))


CLIPPED_SUMMARY = [("一、本年收入", "300.00", "201 一般公共服务支出", "100.00"),
                   ("1.一般公共预算拨款", "300.00", "208 社会保障和就业支出", "120.00"),
                   ("2.政府性基金预算拨款", "", "210 卫生健康支出", "80.00"),
                   ("收入总计", "300.00", "支出总计", "300.00")]


def test_names_clipped_under_the_next_cells_amount_keep_the_amount(tmp_path):
    # 1.一般公共预算拨款 and 201 一般公共服务支出 are wider than their 70-point columns: their
    # last characters lie under the next cell, hidden, and were read there (款300.00, 支出100.00,
    # 业支1出20.00): three amounts lost without a word
    path = tmp_path / "clipped.pdf"
    ruled_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, CLIPPED_SUMMARY, [70, 50, 70, 50])
    rows = parse(path).tables[0].rows
    read = [(r.side, r.code, r.name, [str(c.amount) for c in r.cells]) for r in rows]
    expected = []
    for side, at in (("income", 0), ("expenditure", 2)):
        for row in CLIPPED_SUMMARY:
            code, _, name = row[at].rpartition(" ")
            expected.append((side, code, name, [row[at + 1]] if row[at + 1] else []))
    assert read == expected


def test_cells_whose_text_keeps_its_padding_stay_apart(tmp_path):
    # near miss: 办公设备购置 fills its column to its padding and 公开招标 starts a padding after
    # the rule: two cells' words, not one word run on
    from budgetlens.readers import read_document

    path = tmp_path / "procurement.pdf"
    ruled_pdf(path, "政府采购预算表", "<tr><th>采购项目</th><th>采购方式</th><th>合计</th></tr>",
              [("办公设备购置", "公开招标", "100.00"), ("合计", "", "100.00")], [56, 60, 50], padding="1pt 1pt")
    cells = [ln.cells for ln in read_document(path).lines if ln.cells]
    assert ["办公设备购置", "公开招标", "100.00"] in cells


# ---- a code printed in its name's cell, the name wrapped there -----------------------------

CODED_SUMMARY = [("一、一般公共预算拨款", "1,400.00", "201 一般公共服务支出", ""),
                 ("二、政府性基金预算拨款", "", "205 教育支出", "1,000.00"),
                 ("三、事业收入", "", "206 科学技术支出", "400.00"),
                 ("", "", "229 其他支出", ""),
                 ("收入总计", "1,400.00", "支出总计", "1,400.00")]


@pytest.mark.parametrize("padding", ["0", "2pt"])
@pytest.mark.parametrize("align", ["top", "bottom", "middle"])
def test_a_class_code_and_name_wrapped_in_one_cell_stay_one_row(tmp_path, align, padding):
    # 205 教育支 / 出 in a 60-point cell: the code's line and the name's rest were two rows, and
    # cells aligned to the bottom (or centred) gave the amounts to the rest (出 1,000.00, no
    # code); 支出总计 under 229 其他支出, flush left with it, makes no class name: its own row
    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, CODED_SUMMARY, align, [60, 60, 60, 60], padding=padding)
    rows = parse(path).tables[0].rows
    read = [(r.code, r.name, [str(c.amount) for c in r.cells]) for r in rows if r.side == "expenditure"]
    expected = []
    for row in CODED_SUMMARY:
        code, _, name = row[2].rpartition(" ")
        expected.append((code, name, [row[3].replace(",", "")] if row[3] else []))
    assert read == expected
