"""Workbook cells whose printed value the file does not hold: a formula saved without its
result (openpyxl, POI and other programs write the formula and leave the calculation to
Excel), a result the writer marks as not calculated (fullCalcOnLoad), an error value (#REF!,
#DIV/0!, #N/A). The cell reads empty, never as a guessed figure, and a warning names the
sheet and the cells; that warning reaches the parse issues and the check report's reading
notes. The workbooks are written here, the cells' truth known by construction."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zipfile

import pytest
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.readers import read_document
from budgetlens.readers.workbook import formula_cells


def rows_of(doc) -> list[list[str]]:
    return [ln.cells if ln.cells is not None else [ln.text] for ln in doc.lines if ln.text]


def openpyxl_book(path, rows, hidden_rows=()):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    for row in rows:
        ws.append(row)
    for r in hidden_rows:
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    return path


def without_full_calc(path):
    """The workbook as Excel saves it after calculating: no fullCalcOnLoad in its calcPr."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/workbook.xml"] = re.sub(rb'\sfullCalcOnLoad="1"', b"", parts["xl/workbook.xml"])
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


ROWS = [["项目", "金额", "上年"], ["一般公共预算拨款收入", 100.5, 90], ["政府性基金预算拨款收入", 20, 10]]


def test_a_formula_saved_without_its_result_reads_empty_and_is_named(tmp_path):
    path = openpyxl_book(tmp_path / "f.xlsx", ROWS + [["合计", "=SUM(B2:B3)", "=SUM(C2:C3)"], ["差额", "=B4-C4", 5]])
    doc = read_document(path)
    # nothing made up: the cells read '', kept (not trimmed as empty) and marked unread
    assert rows_of(doc)[-2:] == [["合计", "", ""], ["差额", "", "5"]]
    assert [ln.unread for ln in doc.lines if ln.text][-2:] == [{1: "公式无计算结果", 2: "公式无计算结果"},
                                                               {1: "公式无计算结果"}]
    assert doc.warnings == [("工作表「表1」单元格 B4、C4、B5 是公式，文件中没有保存计算结果（未在 Excel/WPS 中重新计算"
                             "并保存），未读取其数值（不按 0 计，涉及的核对不予进行）；请打开文件重新计算并保存后再读取")]


def test_many_formulas_are_counted_after_the_first_few(tmp_path):
    rows = [["项目", "金额"]] + [[f"项{i}", f"=1+{i}"] for i in range(12)]
    doc = read_document(openpyxl_book(tmp_path / "f.xlsx", rows))
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("工作表「表1」B2、B3、B4、B5、B6 等 12 个单元格是公式，文件中没有保存计算结果")


def test_formulas_in_hidden_rows_are_not_told(tmp_path):
    """A hidden row is not printed and not read: its formula has nothing to tell."""
    path = openpyxl_book(tmp_path / "f.xlsx", ROWS + [["合计", 120.5, 100], ["备查", "=B4*2", 1]], hidden_rows=[5])
    doc = read_document(path)
    assert not any("公式" in w for w in doc.warnings), doc.warnings


def test_error_values_are_reported_not_read(tmp_path):
    path = error_book(tmp_path / "e.xlsx")
    doc = read_document(without_full_calc(path))
    assert rows_of(doc)[-2:] == [["合计", "", ""], ["差额", "", "5"]]
    assert [ln.unread for ln in doc.lines if ln.text][-2:] == [{1: "错误值 #DIV/0!", 2: "错误值 #REF!"},
                                                               {1: "错误值 #N/A"}]
    assert doc.warnings == [("工作表「表1」单元格 B4（#DIV/0!）、C4（#REF!）、B5（#N/A） 显示错误值，不是数字，"
                             "未读取其数值（不按 0 计，涉及的核对不予进行）；请在 Excel/WPS 中改正公式后再读取")]


def error_book(path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表1")
    for r, row in enumerate(ROWS):
        ws.write_row(r, 0, row)
    ws.write(3, 0, "合计")
    ws.write_formula(3, 1, "=B2/0", None, "#DIV/0!")
    ws.write_formula(3, 2, "=#REF!", None, "#REF!")
    ws.write(4, 0, "差额")
    ws.write_formula(4, 1, "=NA()", None, "#N/A")
    ws.write(4, 2, 5)
    wb.close()
    return path


def test_error_values_of_an_xls_are_reported_not_read(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装，无法生成 .xls 文件")
    source = without_full_calc(error_book(tmp_path / "e.xlsx"))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    doc = read_document(tmp_path / "e.xls")
    assert doc.format == "xls"
    assert rows_of(doc)[-2:] == [["合计", "", ""], ["差额", "", "5"]]
    assert [ln.unread for ln in doc.lines if ln.text][-2:] == [{1: "错误值 #DIV/0!", 2: "错误值 #REF!"},
                                                               {1: "错误值 #N/A"}]
    assert doc.warnings == [("工作表「表1」单元格 B4（#DIV/0!）、C4（#REF!）、B5（#N/A） 显示错误值，不是数字，"
                             "未读取其数值（不按 0 计，涉及的核对不予进行）；请在 Excel/WPS 中改正公式后再读取")]


def test_results_the_writer_did_not_calculate_are_told(tmp_path):
    """xlsxwriter stores 0 for a formula unless told its result, and asks Excel to calculate
    on opening (fullCalcOnLoad): the 0 printed in a 合计 is not what Excel prints."""
    import xlsxwriter

    path = tmp_path / "s.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表1")
    for r, row in enumerate(ROWS):
        ws.write_row(r, 0, row)
    ws.write(3, 0, "合计")
    ws.write_formula(3, 1, "=SUM(B2:B3)")
    ws.write_formula(3, 2, "=SUM(C2:C3)", None, 100)
    ws.write_formula(4, 0, '="备"&"注"', None, "备注")             # a text result: not an amount
    wb.close()
    doc = read_document(path)
    assert rows_of(doc)[-2] == ["合计", "0", "100"]
    assert doc.warnings == [("工作表「表1」单元格 B4、C4 是公式，文件标明其结果须在打开时重新计算（由程序生成、未在 "
                             "Excel/WPS 中计算），按文件所存结果读取，可能与实际结果不符；请打开文件重新计算并保存后再读取")]
    # the same file as Excel saves it after calculating: its stored results are Excel's
    assert read_document(without_full_calc(path)).warnings == []


@pytest.mark.parametrize("xml, empty, errors", [
    # Excel: a calculated formula, an empty text result, a shared formula's cells with results
    ((b'<c r="B2"><f>1+1</f><v>2</v></c><c r="C2" t="str"><f>""</f><v></v></c>'
      b'<c r="D2"><f t="shared" ref="D2:D3" si="0">B2</f><v>2</v></c><c r="D3"><f t="shared" si="0"/><v>0</v></c>'),
     [], []),
    # POI and others: no <v> at all, an empty <v/>, a shared formula's cell without one
    (b'<c r="B2" s="3"><f>SUM(B1:B1)</f></c><c r="C2"><f>1</f><v/></c><c r="D3"><f t="shared" si="0"/></c>',
     ["B2", "C2", "D3"], []),
    # a prefixed namespace, a text formula never calculated, an error typed in (no formula)
    (b'<x:c r="AA10" t="str"><x:f>A1&amp;"x"</x:f></x:c><x:c r="B11" t="e"><x:v>#VALUE!</x:v></x:c>',
     ["AA10"], [("B11", "#VALUE!")]),
    # a self-closing empty cell before a formula cell is not taken for it
    (b'<c r="A1" s="2"/><c r="B1"><f>A1</f><v>0</v></c>', [], []),
])
def test_formula_cells_in_the_sheet_xml(xml, empty, errors):
    found = formula_cells(b"<sheetData><row>" + xml + b"</row></sheetData>", stale=False)
    assert [c[2] for c in (found.empty if found else [])] == empty
    assert [(c[2], c[3]) for c in (found.errors if found else [])] == errors


def test_the_warning_reaches_parse_and_the_check_report(tmp_path):
    """A filled template whose 合计 is a formula openpyxl saved without its result."""
    from test_filled_workbook import TEMPLATE, fill, row_of

    if not TEMPLATE.exists():
        pytest.skip("../shared/templates 不在本机")
    from budgetlens.checks import check
    from budgetlens.pipeline import parse

    def summed(wb):
        ws = wb["部门支出总表"]
        first, last = row_of(ws, "类") + 1, row_of(ws, "合计")
        ws.cell(last, 5).value = f"=SUM(E{first}:E{last - 1})"

    path = fill(tmp_path / "预算.xlsx", summed)
    disc = parse(path)
    said = [i.message for i in disc.issues if i.code == "reader" and i.level == "warning"]
    assert len(said) == 1 and said[0].startswith("工作表「部门支出总表」单元格 E") and "没有保存计算结果" in said[0]
    assert said[0] in check(disc).reading
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 0 and "没有保存计算结果" in result.stdout


def biff(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def xls_stream(sheet_records: bytes) -> bytes:
    """A BIFF8 Workbook stream of one sheet 表1 holding the records given ([MS-XLS]: BOF,
    BOUNDSHEET with the sheet's offset, EOF; then the sheet's BOF … EOF)."""
    name = "表1".encode("utf-16-le")
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)
    globals_len = len(biff(0x0809, bof)) + len(biff(0x0085, b"\0" * 8 + name)) + len(biff(0x000A, b""))
    sheet = biff(0x0085, struct.pack("<IBBBB", globals_len, 0, 0, 2, 1) + name)
    return (biff(0x0809, bof) + sheet + biff(0x000A, b"") + biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
            + sheet_records + biff(0x000A, b""))


def drawn(kind: int, parts: list[bytes], chars: int) -> bytes:
    """An OBJ of type `kind` (ftCmo), its drawing, a TXO of `chars` characters and the
    CONTINUE records holding them, then the formatting runs' CONTINUE."""
    obj = biff(0x005D, struct.pack("<HHHHH", 0x15, 0x12, kind, 1, 0) + b"\0" * 12 + b"\0" * 4)
    txo = biff(0x01B6, struct.pack("<HH6sHHH4s", 0x0212, 0, b"\0" * 6, chars, 16, 0, b"\0" * 4))
    return (obj + biff(0x00EC, b"\0" * 8) + txo + b"".join(biff(0x003C, p) for p in parts)
            + biff(0x003C, b"\0" * 16))


def test_text_boxes_of_an_xls_are_told():
    """An .xls keeps a text box's text in the CONTINUE records after its TXO: wide (UTF-16) or
    one byte a character, split over records. Told as the .xlsx reader tells them; a cell note
    (OBJ type 0x19) is not, nor a box without text."""
    from budgetlens.readers.workbook import xls_formats

    note = "批注 9.00".encode("utf-16-le")
    text = "注：合计含上年结转 3.00 万元。".encode("utf-16-le")
    records = (drawn(0x06, [b"\x01" + text[:10], b"\x01" + text[10:]], len(text) // 2)
               + drawn(0x19, [b"\x01" + note], len(note) // 2)
               + drawn(0x06, [b"\x00Total 5"], 7) + drawn(0x06, [], 0))
    _, _, _, _, unread = xls_formats(xls_stream(records))
    assert unread["表1"].boxes == ["注：合计含上年结转 3.00 万元。", "Total 5"]
    assert unread["表1"].warnings("表1", set(), set()) == [
        "工作表「表1」有 2 个文本框，其中的文字（注：合计含上年结转 3.00 万元。；Total 5）未读取；请将其写入单元格后再读取"]
    assert unread["表1"].pictures == []
    _, _, _, _, unread = xls_formats(xls_stream(drawn(0x19, [b"\x01" + note], len(note) // 2)))
    assert unread == {}
    _, _, _, _, unread = xls_formats(xls_stream(drawn(0x08, [], 0) + drawn(0x08, [], 0)))
    assert unread["表1"].pictures == ["（图片）", "（图片）"] and unread["表1"].warnings("表1", set(), set()) == []


def placed(col_l: int, dx_l: int, row_t: int, dy_t: int, col_r: int, dx_r: int, row_b: int, dy_b: int) -> bytes:
    """The MSODRAWING before a shape's OBJ ([MS-ODRAW]): its OfficeArtSpContainer holding an
    OfficeArtFSP, its OfficeArtClientAnchorSheet (from a cell and an offset, in 1/1024 of the
    column's width and 1/256 of the row's height, to a cell and an offset) and its client data."""
    fsp = struct.pack("<HHI", 0x04B2, 0xF00A, 8) + struct.pack("<II", 1025, 0x0A00)
    anchor = struct.pack("<HHI", 0, 0xF010, 18) + struct.pack("<9H", 0, col_l, dx_l, row_t, dy_t, col_r, dx_r, row_b, dy_b)
    data = struct.pack("<HHI", 0, 0xF011, 0)
    content = fsp + anchor + data
    return biff(0x00EC, struct.pack("<HHI", 0x000F, 0xF004, len(content)) + content)


def test_small_pictures_of_an_xls_are_logos_and_not_counted():
    """A picture of an .xls is placed by its anchor: from a cell to a cell, over columns of
    DEFCOLWIDTH or COLINFO width and rows of DEFAULTROWHEIGHT or ROW height. As for an .xlsx, one
    smaller than 5 cm × 2 cm (a unit's emblem over the title) is a logo, not a table pasted as a
    picture, and is not counted; a larger one is told by the cell it starts at, one without an
    anchor (its place not known) is counted as before."""
    from budgetlens.readers.workbook import xls_formats

    sizes = (biff(0x0225, struct.pack("<HH", 0, 300)) + biff(0x0055, struct.pack("<H", 8))   # 15 pt rows, 8 chars
             + biff(0x007D, struct.pack("<HHHHHH", 5, 5, 30 * 256, 15, 0, 0))               # F: 30 chars wide
             + biff(0x0208, struct.pack("<HHHHHHI", 40, 0, 2, 1600, 0, 0, 0x100)))          # row 41: 80 pt high
    logo = placed(0, 0, 0, 0, 1, 512, 2, 0)               # A1 to half of B, 2 rows: about 3 × 1 cm
    table = placed(1, 0, 2, 0, 6, 0, 12, 0)               # B3:F12, about 8 × 5 cm
    tall_narrow = placed(7, 0, 2, 0, 7, 900, 30, 0)       # most of one column, 28 rows: 1.4 × 15 cm
    short = placed(1, 0, 14, 0, 5, 0, 17, 0)              # B:E over 3 rows: 6.5 × 1.6 cm
    wide_column = placed(5, 0, 13, 0, 6, 0, 18, 0)        # F (30 chars) over 5 rows: 5.6 × 2.6 cm
    tall_row = placed(1, 0, 40, 0, 5, 0, 40, 250)         # B:E over most of row 41 (80 pt): 6.5 × 2.8 cm
    picture = drawn(0x08, [], 0)
    _, _, _, _, unread = xls_formats(xls_stream(sizes + logo + picture))
    assert unread == {}
    _, _, _, _, unread = xls_formats(xls_stream(sizes + logo + picture + table + picture + tall_narrow + picture
                                                + short + picture + wide_column + picture + tall_row + picture
                                                + picture))
    assert unread["表1"].pictures == ["B3", "F14", "B41", "（图片）"]
