"""Office forms probed again (session 38): rendered disclosures varied as offices vary them, and
workbook forms read as what they are. Inputs are written here, the truth known by construction."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from budgetlens.pipeline import parse
from budgetlens.readers import read_document

# ---- XLSB (Excel's binary workbook) ---------------------------------------------------------
# A minimal BIFF12 writer: the records Excel writes for a sheet of strings and numbers, with
# hidden rows (BrtRowHdr fDyZero) and hidden columns (BrtColInfo fHidden) as Excel marks them.


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _record(kind: int, body: bytes = b"") -> bytes:
    head = bytes([kind & 0x7F | 0x80, kind >> 7]) if kind >= 0x80 else bytes([kind])
    return head + _varint(len(body)) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _sheet_bin(rows: list[list], hidden_rows, hidden_cols) -> bytes:
    width = max(len(r) for r in rows)
    out = _record(0x81) + _record(0x94, struct.pack("<IIII", 0, len(rows) - 1, 0, width - 1))   # BrtWsDim
    if hidden_cols:
        out += _record(0x186)
        for c in hidden_cols:                                           # BrtColInfo, flags: fHidden
            out += _record(0x3C, struct.pack("<IIIIH", c, c, 2304, 0, 1))
        out += _record(0x187)
    out += _record(0x91)
    for r, row in enumerate(rows):                                      # BrtRowHdr, fDyZero: hidden
        out += _record(0x00, struct.pack("<IIHBBBI", r, 0, 300, 0, 0x10 if r in hidden_rows else 0, 0, 0))
        for c, value in enumerate(row):
            if isinstance(value, str) and value:
                out += _record(0x06, struct.pack("<II", c, 0) + _wide(value))          # BrtCellSt
            elif isinstance(value, (int, float)):
                out += _record(0x05, struct.pack("<IId", c, 0, float(value)))       # BrtCellReal
    return out + _record(0x92) + _record(0x82)


def xlsb_bytes(sheets: list[tuple[str, list[list]]], hidden_rows=(), hidden_cols=()) -> bytes:
    book = _record(0x83) + _record(0x8F)
    for i, (name, _) in enumerate(sheets, 1):                            # BrtBundleSh
        book += _record(0x9C, struct.pack("<II", 0, i) + _wide(f"rId{i}") + _wide(name))
    book += _record(0x90) + _record(0x84)
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheets_rels = "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.bin"/>'
                          for i in range(1, len(sheets) + 1))
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
                        for i in range(1, len(sheets) + 1))
    main = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/content-types"><Default Extension="bin" ContentType="{main}"/><Default '
                   'Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   f'<Override PartName="/xl/workbook.bin" ContentType="{main}"/>{overrides}</Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{ns}"><Relationship Id="rId1" '
                   f'Type="{rel}/officeDocument" Target="xl/workbook.bin"/></Relationships>')
        z.writestr("xl/workbook.bin", book)
        z.writestr("xl/_rels/workbook.bin.rels", f'<?xml version="1.0"?><Relationships xmlns="{ns}">{sheets_rels}</Relationships>')
        for i, (_, rows) in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.bin", _sheet_bin(rows, hidden_rows, hidden_cols))
    return buf.getvalue()


EXPENDITURE = [["2025年部门支出总体情况表"], ["编制单位：某某局", "", "", "", "单位：万元"],
               ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
               ["", "合计", 130, 100, 30], ["201", "一般公共服务支出", 130, 100, 30],
               ["20103", "政府办公厅（室）及相关机构事务", 130, 100, 30],
               ["2010301", "行政运行", 100, 100, None], ["2010302", "一般行政管理事务", 30, None, 30]]


def figures(path) -> dict[tuple[str, str], str]:
    """(row code or name, column) → the amount as read, of the parse's tables."""
    return {(r.code or r.name, c.column): c.text for t in parse(path).tables for r in t.rows for c in r.cells}


def test_an_xlsb_is_read_as_what_it_is(tmp_path):
    """An Excel binary workbook (.xlsb): its cells are read, and the document says it is an
    XLSB (it was called an XLSX)."""
    path = tmp_path / "支出.xlsb"
    path.write_bytes(xlsb_bytes([("支出总表", EXPENDITURE)]))
    doc = read_document(path)
    assert doc.format == "xlsb"
    got = figures(path)
    assert got[("2010301", "basic")] == "100" and got[("2010302", "project")] == "30"


def test_the_hidden_rows_and_columns_of_an_xlsb_are_not_read(tmp_path):
    """Hidden in the XLSB: a row of stray figures under 行政运行 and a column of internal
    figures after 科目名称. Neither is printed; both had been read as the table's (the stray
    row a class of its own, the column's figures taken for 合计)."""
    rows = [r[:2] + [9999 if i > 2 else "内部"] + r[2:] for i, r in enumerate(EXPENDITURE)]
    rows.insert(7, ["2010399", "隐藏的行", 0, 55, 55, None])
    path = tmp_path / "支出.xlsb"
    path.write_bytes(xlsb_bytes([("支出总表", rows)], hidden_rows=[7], hidden_cols=[2]))
    doc = read_document(path)
    assert not any("9999" in c or "55" in c for ln in doc.lines for c in ln.cells or ())
    assert any("隐藏的列 C" in w and "行 8" in w for w in doc.warnings)
    got = figures(path)
    assert got[("2010301", "total")] == "100" and got[("201", "total")] == "130"


def test_an_xlsb_without_hidden_rows_is_read_whole(tmp_path):
    """Near miss: rows and columns marked visible (flags clear) are all read; nothing said."""
    path = tmp_path / "支出.xlsb"
    path.write_bytes(xlsb_bytes([("支出总表", EXPENDITURE)], hidden_rows=[], hidden_cols=[]))
    doc = read_document(path)
    assert not any("隐藏" in w for w in doc.warnings)
    assert sum(1 for ln in doc.lines if ln.cells) == len(EXPENDITURE) - 2


def test_an_xlsx_is_still_an_xlsx(tmp_path):
    """Near miss: an .xlsx (its parts XML) is read as before, its format xlsx."""
    import openpyxl
    book = openpyxl.Workbook()
    for row in EXPENDITURE:
        book.active.append(row)
    path = tmp_path / "支出.xlsx"
    book.save(path)
    assert read_document(path).format == "xlsx"
    assert figures(path)[("2010301", "basic")] == "100"


# ---- a 三公 table in whole 元 ----------------------------------------------------------------

THREE_HEADER = [["项目", "合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
                ["", "", "", "小计", "公务用车购置费", "公务用车运行费", ""]]
THREE_MERGES = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 2, 1), (0, 3, 1, 3), (0, 6, 2, 1)]   # row, col, rows, cols
THREE_KEYS = ["total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]


def three_public(path, label: str, figures_row: list, places: int) -> None:
    """一般公共预算“三公”经费支出情况表 in 元, one row of figures under two header rows, as a
    workbook (figures as numbers in format #,##0 or 0.00) or a Word table (as printed)."""
    rows = [*THREE_HEADER, [label, *figures_row]]
    title, unit = "2025年一般公共预算“三公”经费支出情况表", "单位：元"
    if path.suffix == ".xlsx":
        import openpyxl
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append([title])
        sheet.append(["编制单位：某某局", None, None, None, None, None, unit])
        for r, row in enumerate(rows):
            sheet.append([v if v != "" else None for v in row])
            if r == 2:
                for cell in sheet[sheet.max_row][1:]:
                    cell.number_format = "#,##0" if places == 0 else "0.00"
        for r, c, h, w in THREE_MERGES:
            sheet.merge_cells(start_row=r + 3, start_column=c + 1, end_row=r + 2 + h, end_column=c + w)
        book.save(path)
        return
    import docx
    document = docx.Document()
    document.add_paragraph(title)
    document.add_paragraph(f"编制单位：某某局　　{unit}")
    table = document.add_table(rows=len(rows), cols=7)
    cells = table._cells
    for r, c, h, w in THREE_MERGES:
        cells[r * 7 + c].merge(cells[(r + h - 1) * 7 + c + w - 1])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text = value if isinstance(value, str) else f"{value:.{places}f}"
            if text:
                table.rows[r].cells[c].text = text
    document.save(path)


def read_three(path) -> dict[str, str]:
    tables = [t for t in parse(path).tables if t.kind == "three_public"]
    assert len(tables) == 1
    return {c.column: c.text for r in tables[0].rows for c in r.cells}


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
@pytest.mark.parametrize("label", ["", "合计", "2025年预算数"])
def test_three_public_in_whole_yuan(tmp_path, suffix, label):
    """The 三公 table's figures in whole 元 (80000, not 80000.00), its row labelled or not: each
    under its column. Labelled, the row had been taken for a third header row and its figures
    lost; unlabelled, each had been read one column to the right (80000 as 因公出国（境）费) and
    公务接待费's lost."""
    path = tmp_path / f"三公{suffix}"
    three_public(path, label, [80000, 10000, 50000, 20000, 30000, 20000], 0)
    assert read_three(path) == dict(zip(THREE_KEYS, ["80000", "10000", "50000", "20000", "30000", "20000"]))


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_three_public_with_decimals_and_a_numbering_row_read_as_before(tmp_path, suffix):
    """Near misses: the figures with decimals are read as they were; a row numbering the
    columns under the header (项目 | 1 | 2 | … | 6) is no data row."""
    path = tmp_path / f"三公{suffix}"
    three_public(path, "合计", [8.5, 1, 5, 2, 3, 2.5], 2)
    assert read_three(path) == dict(zip(THREE_KEYS, ["8.50", "1.00", "5.00", "2.00", "3.00", "2.50"]))
    three_public(path, "栏次", [1, 2, 3, 4, 5, 6], 0)
    assert read_three(path) == {}


# ---- a .doc cut short -----------------------------------------------------------------------

def test_a_doc_cut_short_gives_the_text_that_is_there(tmp_path):
    """A .doc whose download stopped halfway: LibreOffice cannot open it (its directory, at the
    end, is lost), but its text is there. The paragraphs are read, each as written, and a
    warning says the file is cut short, that its tables were not read and the rest is missing
    (it was an error: nothing read). Cut before its text, it is the error it was."""
    from test_office_probe36 import disclosure_docx, old_format

    from budgetlens.readers import ReadError
    source = tmp_path / "src.docx"
    disclosure_docx(source)
    whole = old_format(tmp_path, source, "doc")
    path = tmp_path / "cut.doc"
    path.write_bytes(whole[:len(whole) // 2])
    doc = read_document(path)
    texts = [ln.text for ln in doc.lines]
    assert "克孜勒苏柯尔克孜自治州电子政务服务中心编制数 15，实有人数 18 人，其中：在职 13 人，减少 6 人；退休 5 人，增加 2 人；离休 0 人，增加 0 人。" in texts
    assert all(ln.cells is None for ln in doc.lines)
    assert "277.90" not in texts and not any("\x07" in t or "一般公共服务支出211.11" in t for t in texts)   # (table cells)
    assert any("cut.doc 不完整（文件被截断）" in w and "表格未能读出" in w for w in doc.warnings)
    path.write_bytes(whole[:len(whole) // 10])
    with pytest.raises(ReadError) as said:
        read_document(path)
    assert "不完整（文件被截断）" in str(said.value)


# ---- a page's printed number: one set of patterns -------------------------------------------

@pytest.mark.parametrize("text,known", [
    ("3", {"FOLIO_LINE", "FOLIO_CELL", "FOLIO_FURNITURE", "FOLIO_COMPACT"}),
    ("- 3 -", {"FOLIO_LINE", "FOLIO_CELL", "FOLIO_MARK", "FOLIO_FURNITURE"}),
    ("－12－", {"FOLIO_LINE", "FOLIO_CELL", "FOLIO_MARK"}),
    ("第 3 页", {"FOLIO_LINE", "FOLIO_CELL", "FOLIO_MARK", "FOLIO_FURNITURE"}),
    ("第 3 页 共 20 页", {"FOLIO_LINE", "FOLIO_MARK", "FOLIO_FURNITURE"}),     # (a PDF footer too: test_review38)
    ("3/20", {"FOLIO_MARK", "FOLIO_FURNITURE"}),
    ("2025", {"FOLIO_LINE", "FOLIO_CELL", "FOLIO_FURNITURE"}),
    ("2025年", set()), ("12.50", set()), ("表3", set()),
])
def test_the_page_number_forms_each_place_knows(text, known):
    """The forms of a page's number each reader and extractor drops, from one module (they were
    five copies): each knows the forms it knew."""
    from budgetlens import text as shared
    names = {"FOLIO_LINE", "FOLIO_CELL", "FOLIO_MARK", "FOLIO_FURNITURE", "FOLIO_COMPACT"}
    assert {n for n in names if getattr(shared, n).match(text)} == known


# ---- figures a number format does not show ----------------------------------------------------

def formatted_sheet(path, formats: dict[str, str]) -> None:
    """部门支出总表 in 万元; the cells of the rows named in `formats` in that number format."""
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年部门支出总体情况表"])
    sheet.append(["编制单位：某某局", None, None, None, "单位：万元"])
    for row in EXPENDITURE[2:]:
        sheet.append(row)
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = formats.get(row[0], "0.00")
    book.save(path)


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_figures_a_format_shows_as_nothing_are_not_read(tmp_path, kind):
    """The 一般行政管理事务 row's figures formatted ;;; (Excel prints nothing: an office hides a
    working figure so): printed blank, they are not read, and a warning names the cells (they
    were read as 30 in 合计 and 项目支出, where the printed page has nothing). The .xls as
    LibreOffice saves it."""
    path = tmp_path / "支出.xlsx"
    formatted_sheet(path, {"2010302": ";;;"})
    if kind == "xls":
        from test_office_probe36 import old_format
        path = tmp_path / "支出.xls"
        path.write_bytes(old_format(tmp_path, tmp_path / "支出.xlsx", "xls"))
    doc = read_document(path)
    row = next(ln.cells for ln in doc.lines if ln.cells and ln.cells[0] == "2010302")
    assert not any(row[2:])
    assert any("C8、E8 有数值" in w and "不显示" in w for w in doc.warnings)
    assert not any(code == "2010302" for code, _ in figures(path))


@pytest.mark.parametrize("fmt,shown", [
    ("0.00;-0.00;", ["30.00", "", "30.00"]),         # a zero shown blank: no warning (as before)
    ("0.00;;", ["30.00", "", "30.00"]),              # negatives hidden; these are positive
    ("#,##0.00", ["30.00", "", "30.00"]),
])
def test_figures_a_format_shows_are_read_as_before(tmp_path, fmt, shown):
    """Near misses: formats whose section for these figures has digits show them, read as
    printed; nothing said."""
    path = tmp_path / "支出.xlsx"
    formatted_sheet(path, {"2010302": fmt})
    doc = read_document(path)
    row = next(ln.cells for ln in doc.lines if ln.cells and ln.cells[0] == "2010302")
    assert row[2:5] == shown
    assert not any("不显示" in w for w in doc.warnings)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
@pytest.mark.parametrize("label", ["", "合计"])
def test_three_public_in_whole_amounts_with_dashes_for_nothing(tmp_path, suffix, label):
    """Whole amounts with a dash where there is nothing (因公出国（境）费 -, 购置费 -), as the
    Shanghai template's 三公 table is filled: each figure under its column, the dashes no
    amount. The row had been taken for a header row: every figure lost."""
    path = tmp_path / f"三公{suffix}"
    three_public(path, label, [80000, "-", 50000, "-", 50000, 30000], 0)
    got = read_three(path)
    assert {k: v for k, v in got.items() if v != "-"} == {"total": "80000", "vehicle": "50000",
                                                         "vehicle_operation": "50000", "reception": "30000"}


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_three_public_without_a_label_column_with_dashes(tmp_path, suffix):
    """A 三公 table with no 项目 column (the Shanghai template's: 合计 first), whole amounts,
    a dash for nothing: 合计 is read (it and the first dash had been taken for the row's label,
    the 合计 lost without a word)."""
    rows = [[h[1:] for h in THREE_HEADER], [20, "-", 15, "-", 15, 5]]
    path = tmp_path / f"三公{suffix}"
    title, unit = "2025年一般公共预算“三公”经费支出情况表", "单位：万元"
    if suffix == ".xlsx":
        import openpyxl
        book = openpyxl.Workbook()
        sheet = book.active
        for row in [[title], ["编制单位：某某局", None, None, None, None, unit], *rows[0], rows[1]]:
            sheet.append([v if v != "" else None for v in row])
        book.save(path)
    else:
        import docx
        document = docx.Document()
        document.add_paragraph(title)
        document.add_paragraph(f"编制单位：某某局　　{unit}")
        table = document.add_table(rows=3, cols=6)
        for r, row in enumerate([*rows[0], rows[1]]):
            for c, value in enumerate(row):
                table.rows[r].cells[c].text = str(value)
        document.save(path)
    got = read_three(path)
    assert {k: v for k, v in got.items() if v != "-"} == {"total": "20", "vehicle": "15", "vehicle_operation": "15",
                                                         "reception": "5"}


# ---- figures with the yuan sign --------------------------------------------------------------

def yen_table(path, figures_of: dict[str, list[str]]) -> None:
    """部门支出总表 in 元, its figures as a sheet in a currency format prints them, copied to
    Word or saved as a web page."""
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            *[[code, name, *figures_of[code]] for code, name in
              [("", "合计"), ("201", "一般公共服务支出"), ("2010301", "行政运行"), ("2010302", "一般行政管理事务")]]]
    head = "<p>2025年部门支出总体情况表</p><p>编制单位：某某局　　单位：元</p>"
    if path.suffix == ".html":
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
        path.write_text(f"<html><body>{head}<table border=1>{body}</table></body></html>", encoding="utf-8")
        return
    import docx
    document = docx.Document()
    document.add_paragraph("2025年部门支出总体情况表")
    document.add_paragraph("编制单位：某某局　　单位：元")
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    document.save(path)


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_figures_with_the_yuan_sign_are_read(tmp_path, suffix):
    """¥1,300,000.00 (and ￥, and -¥ before a negative): the figure, under its column. Every
    row had been taken for a header row: the table's figures all lost."""
    path = tmp_path / f"支出{suffix}"
    yen_table(path, {"": ["¥1,300,000.00", "¥1,000,000.00", "¥300,000.00"],
                     "201": ["￥1,300,000.00", "￥1,000,000.00", "￥300,000.00"],
                     "2010301": ["¥1,050,000.00", "¥1,050,000.00", "¥0.00"],
                     "2010302": ["¥250,000.00", "-¥50,000.00", "¥300,000.00"]})
    got = figures(path)
    assert got[("201", "total")] == "1,300,000.00" and got[("2010301", "basic")] == "1,050,000.00"
    assert got[("2010302", "basic")] == "-50,000.00" and got[("2010302", "project")] == "300,000.00"


def test_a_yuan_sign_alone_or_inside_words_is_no_figure(tmp_path):
    """Near misses: a cell holding the sign alone, a name with the sign inside: no amount."""
    from budgetlens.extract.rows import is_amount_cell
    assert not is_amount_cell("¥") and not is_amount_cell("人民币¥") and not is_amount_cell("¥元")
    assert is_amount_cell("¥12.50") and is_amount_cell("¥-12.50") and is_amount_cell("12.50")
