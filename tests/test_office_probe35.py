"""Office and web forms probed again (session 35): what each form prints is read as printed.
Inputs are written here as offices and converters make them, with figures chosen, the truth
known by construction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import parse

# 部门支出总表 in 万元 with whole-number amounts (code, name, 合计, 基本支出, 项目支出)
EXPENDITURE_ROWS = [
    ("", "合计", 180, 130, 50),
    ("201", "一般公共服务支出", 130, 100, 30),
    ("2010301", "行政运行", 100, 100, None),
    ("2010302", "一般行政管理事务", 30, None, 30),
    ("208", "社会保障和就业支出", 30, 30, None),
    ("2080505", "机关事业单位基本养老保险缴费支出", 30, 30, None),
]
HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
KEYS = ["total", "basic", "project"]


def read_rows(table) -> list[tuple]:
    return [(r.code, r.name, {c.column: c.amount for c in r.cells}) for r in table.rows]


def expected(rows) -> list[tuple]:
    return [(code, name, {k: Decimal(v) for k, v in zip(KEYS, amounts) if v is not None})
            for code, name, *amounts in rows]


def two_part_docx(path, second: list[list]) -> None:
    """部门支出总表 as two Word tables, a page break between: the first with the header and the
    first four rows, the second as given (without the header)."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.add_paragraph("2025年部门支出总表")
    doc.add_paragraph("编制单位：某某局 单位：万元")

    def add(rows):
        table = doc.add_table(rows=0, cols=max(map(len, rows)))
        for row in rows:
            cells = table.add_row().cells
            for j, value in enumerate(row):
                cells[j].text = "" if value is None else str(value)
    add([HEADER, *[list(r) for r in EXPENDITURE_ROWS[:4]]])
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add(second)
    doc.save(path)


def test_docx_narrower_part_with_whole_numbers_lines_up_with_the_part_before(tmp_path):
    """The next page's part prints code and name in one cell (one column fewer) and its amounts
    as whole numbers: its 30 after the name made the first part's names amounts (一般公共服务支出
    130 | 100 | 30 read as 基本支出 130, 项目支出 100 and a column beyond)."""
    path = tmp_path / "t.docx"
    two_part_docx(path, [[f"{code} {name}", *amounts] for code, name, *amounts in EXPENDITURE_ROWS[4:]])
    assert read_rows(parse(path).tables[0]) == expected(EXPENDITURE_ROWS)


def test_docx_part_without_its_empty_last_column_keeps_its_columns(tmp_path):
    """Near miss: the next page's part prints code and name apart, its 项目支出 column (empty on
    that page) left out: its amounts stand where they did."""
    path = tmp_path / "t.docx"
    two_part_docx(path, [list(r)[:4] for r in EXPENDITURE_ROWS[4:]])
    assert read_rows(parse(path).tables[0]) == expected(EXPENDITURE_ROWS)


# ---- the print area of a sheet ---------------------------------------------------------------

def expenditure_on(ws, top: int, title: str = "2025年部门支出总表") -> int:
    """部门支出总表 (its first four rows) written from row `top`: a merged title, the unit line,
    the header, the rows. Returns its last row."""
    ws.cell(top, 1, title)
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=5)
    ws.cell(top + 1, 1, "编制单位：某某局")
    ws.cell(top + 1, 5, "单位：万元")
    for j, text in enumerate(HEADER):
        ws.cell(top + 2, 1 + j, text)
    for i, row in enumerate(EXPENDITURE_ROWS[:4]):
        for j, value in enumerate(row):
            ws.cell(top + 3 + i, 1 + j, value)
    return top + 6


def print_area_sheet(path, extra=None, area: str | list[str] = "A1:E7"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表3"
    expenditure_on(ws, 1)
    if extra:
        extra(ws)
    if area:
        ws.print_area = area
    wb.save(path)


def scratch_columns(ws) -> None:
    """A check column and a scratch figure beside the table, outside the print area."""
    ws["G3"] = "核对"
    for r in range(4, 8):
        ws.cell(r, 7, 0)
        ws.cell(r, 8, 999)


def print_area_warnings(doc) -> list[str]:
    return [i.message for i in doc.issues if "打印区域" in i.message]


def test_xlsx_cells_outside_the_print_area_are_not_read_as_the_table(tmp_path):
    """A scratch column beside the printed table (核对 0, and 999 in the next column) was read
    as two more columns of the table: 999 as 对下级单位补助 on every row."""
    path = tmp_path / "t.xlsx"
    print_area_sheet(path, scratch_columns)
    doc = parse(path)
    assert read_rows(doc.tables[0]) == expected(EXPENDITURE_ROWS[:4])
    assert doc.tables[0].header_unmapped == []
    said = print_area_warnings(doc)
    assert len(said) == 1 and "A1:E7" in said[0] and "列 G、H" in said[0] and "未读取" in said[0]


def test_xlsx_copy_of_the_table_outside_the_print_area_is_not_read_twice(tmp_path):
    path = tmp_path / "t.xlsx"
    print_area_sheet(path, lambda ws: expenditure_on(ws, 10))
    doc = parse(path)
    assert [t.kind for t in doc.tables] == ["expenditure"]
    assert read_rows(doc.tables[0]) == expected(EXPENDITURE_ROWS[:4])
    said = print_area_warnings(doc)
    assert len(said) == 1 and "行 10–16" in said[0] and "未读取" in said[0]


def test_xlsx_table_of_its_own_outside_the_print_area_is_read_and_told(tmp_path):
    """Another table wholly outside the print area is not lost: read, and said."""
    path = tmp_path / "t.xlsx"
    print_area_sheet(path, lambda ws: expenditure_on(ws, 10, "2025年一般公共预算支出表"))
    doc = parse(path)
    assert [t.kind for t in doc.tables] == ["expenditure", "gpb_expenditure"]
    assert read_rows(doc.tables[1]) == expected(EXPENDITURE_ROWS[:4])
    said = print_area_warnings(doc)
    assert len(said) == 1 and "另有表格" in said[0] and "已一并读取" in said[0]


def test_xlsx_print_area_over_the_title_only_loses_no_table(tmp_path):
    path = tmp_path / "t.xlsx"
    print_area_sheet(path, area="A1:E2")
    doc = parse(path)
    assert read_rows(doc.tables[0]) == expected(EXPENDITURE_ROWS[:4])
    assert "另有表格" in print_area_warnings(doc)[0]


@pytest.mark.parametrize("area", ["A1:E7", "A1:H7", ["A1:E7", "A10:E16"], None])
def test_xlsx_print_area_over_all_that_is_written_changes_nothing(tmp_path, area):
    """Near miss: a print area over the whole table (or two areas over two tables, or none)
    reads as the sheet does, without a word."""
    path = tmp_path / "t.xlsx"
    two = isinstance(area, list)
    print_area_sheet(path, (lambda ws: expenditure_on(ws, 10, "2025年一般公共预算支出表")) if two else None, area)
    doc = parse(path)
    assert [read_rows(t) for t in doc.tables] == [expected(EXPENDITURE_ROWS[:4])] * (2 if two else 1)
    assert print_area_warnings(doc) == []


def test_xlsx_print_area_of_whole_columns(tmp_path):
    """xlsxwriter (as Excel) writes a print area over whole columns as $A:$E."""
    import xlsxwriter

    path = tmp_path / "t.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("表3")
    ws.merge_range(0, 0, 0, 4, "2025年部门支出总表")
    ws.write_row(1, 0, ["编制单位：某某局", None, None, None, "单位：万元"])
    ws.write_row(2, 0, HEADER)
    for i, row in enumerate(EXPENDITURE_ROWS[:4]):
        ws.write_row(3 + i, 0, row)
        ws.write_row(3 + i, 6, [0, 999])
    ws.print_area(0, 0, 1048575, 4)
    book.close()
    doc = parse(path)
    assert read_rows(doc.tables[0]) == expected(EXPENDITURE_ROWS[:4])
    assert "列 G、H" in print_area_warnings(doc)[0]


def test_xls_cells_outside_the_print_area_are_not_read_as_the_table(tmp_path):
    """The .xls form keeps the print area in a NAME record."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装，无法生成 .xls 文件")
    path = tmp_path / "t.xlsx"
    print_area_sheet(path, scratch_columns)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    doc = parse(tmp_path / "t.xls")
    assert read_rows(doc.tables[0]) == expected(EXPENDITURE_ROWS[:4])
    assert "列 G、H" in print_area_warnings(doc)[0]


# ---- a number format's zero section ----------------------------------------------------------

# 行政运行's 项目支出 and 一般行政管理事务's 基本支出 are zeros typed as 0
ZERO_ROWS = [
    ("", "合计", 180, 130, 50),
    ("201", "一般公共服务支出", 130, 100, 30),
    ("2010301", "行政运行", 100, 100, 0),
    ("2010302", "一般行政管理事务", 30, 0, 30),
    ("208", "社会保障和就业支出", 50, 30, 20),
    ("2080505", "机关事业单位基本养老保险缴费支出", 50, 30, 20),
]


def zeros_sheet(path, number_format: str) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年部门支出总表"])
    ws.merge_cells("A1:E1")
    ws.append(["编制单位：某某局", None, None, None, "单位：万元"])
    ws.append(HEADER)
    for row in ZERO_ROWS:
        ws.append(list(row))
        for col in "CDE":
            ws[f"{col}{ws.max_row}"].number_format = number_format
    wb.save(path)


def cells_of(path, code: str) -> list[str]:
    from budgetlens.readers import read_document
    cells = next(ln.cells for ln in read_document(str(path)).lines if ln.cells and ln.cells[0] == code)
    return cells + [""] * (len(HEADER) - len(cells))       # (a row's empty cells at its end are not kept)


@pytest.mark.parametrize("number_format, zero", [
    ("#,##0.00;-#,##0.00;", ""),
    ('0.00;-0.00;""', ""),
    ('_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-"),           # 会计专用, as WPS writes it
    ('_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)', "-"),        # the built-in 43
])
def test_xlsx_zero_shown_blank_by_its_format_reads_as_printed(tmp_path, number_format, zero):
    """A zero in a format whose third section prints no digits was read as 0.00, which the
    printed page (and a PDF of it) does not show: it reads as printed, a blank cell (or a dash),
    which the identities count as 0; the sums hold."""
    from budgetlens.checks import check

    path = tmp_path / "t.xlsx"
    zeros_sheet(path, number_format)
    assert cells_of(path, "2010301")[2:] == ["100.00", "100.00", zero]
    assert cells_of(path, "2010302")[2:] == ["30.00", zero, "30.00"]
    disc = parse(path)
    expect = [(code, name, tuple(a for a in amounts if a)) for code, name, *amounts in ZERO_ROWS]
    assert [(r.code, r.name, tuple(int(c.amount) for c in r.cells)) for r in disc.tables[0].rows] == expect
    assert not [f for f in check(disc).findings if f.level in ("error", "warning") and "支出总表" in f.message]


@pytest.mark.parametrize("number_format", ["0.00", "0.00;-0.00", "0.00;-0.00;0.00", '[>=100]0.00;0.00;'])
def test_xlsx_zero_shown_by_its_format_as_a_number_stays_a_number(tmp_path, number_format):
    """Near miss: a format without a third section, with digits in it, or whose sections are
    chosen by conditions, prints a zero as 0.00."""
    path = tmp_path / "t.xlsx"
    zeros_sheet(path, number_format)
    assert cells_of(path, "2010301")[2:] == ["100.00", "100.00", "0.00"]


# ---- the unit's code printed with its name -------------------------------------------------

def named_sheet(path, line: str) -> None:
    """部门支出总表 on a sheet whose row over the header names the unit as `line`."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年部门支出总表"])
    ws.merge_cells("A1:E1")
    ws.append([line, None, None, None, "单位：万元"])
    ws.append(HEADER)
    for row in EXPENDITURE_ROWS[:4]:
        ws.append(list(row))
    wb.save(path)


@pytest.mark.parametrize("line", [
    "填报单位：某某局（单位代码：123001）", "填报单位：某某局(123001)", "填报单位：123001 某某局",
    "填报单位：[123001]某某局", "填报单位：123001-某某局", "预算单位：123001某某局", "部门：123001 某某局",
    "编制单位：123001 某某局",
])
def test_unit_code_printed_with_the_name_after_any_label(tmp_path, line):
    """The code was read only after 编制单位/编制部门 (or a label of its own, 单位代码：): after
    填报单位 it was lost, and printed after the name or joined to it, it stood in the name
    (某某局（单位代码：123001）, 123001某某局)."""
    path = tmp_path / "t.xlsx"
    named_sheet(path, line)
    disc = parse(path)
    assert (disc.meta.unit_name, disc.meta.unit_code) == ("某某局", "123001")
    assert disc.tables[0].unit_name == "某某局"


@pytest.mark.parametrize("line, name", [
    ("填报单位：某某局（本级）", "某某局（本级）"), ("填报单位：某某局", "某某局"),
    ("填报单位：2025年某某局", "2025年某某局"), ("填报单位：某某局（2025）", "某某局（2025）"),
])
def test_unit_name_with_no_code_keeps_its_words(tmp_path, line, name):
    """Near miss: brackets that hold no code, a year before the name (no code: 2025年), and a
    bracketed figure too short for a code stay in the name."""
    path = tmp_path / "t.xlsx"
    named_sheet(path, line)
    disc = parse(path)
    assert (disc.meta.unit_name, disc.meta.unit_code) == (name, None)


# ---- codes typed with full-width digits ----------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def one_table_docx(path, rows: list[list[str]]) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("2025年部门支出总表")
    doc.add_paragraph("编制单位：某某局 单位：万元")
    table = doc.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        cells = table.add_row().cells
        for j, value in enumerate(row):
            cells[j].text = value
    doc.save(path)


def printed_rows(rows) -> list[list[str]]:
    return [[code, name, *("" if a is None else f"{a:.2f}" for a in amounts)] for code, name, *amounts in rows]


@pytest.mark.parametrize("joined", [False, True])
def test_docx_code_typed_full_width_reads_as_its_digits(tmp_path, joined):
    """２０１０３０１ typed with a Chinese input method's full-width digits was kept so as the
    row's code: no class, no parent, no other table's code is ever equal to it."""
    rows = [[code.translate(FULL_WIDTH), name, *rest] for code, name, *rest in printed_rows(EXPENDITURE_ROWS)]
    if joined:
        rows = [[f"{code} {name}".strip(), *rest] for code, name, *rest in rows]
        header = ["科目", *HEADER[2:]]
    else:
        header = HEADER
    path = tmp_path / "t.docx"
    one_table_docx(path, [header, *rows])
    table = parse(path).tables[0]
    assert [(r.code, r.name) for r in table.rows] == [(code, name) for code, name, *_ in EXPENDITURE_ROWS]


def test_docx_name_opening_with_full_width_figures_keeps_them(tmp_path):
    """Near miss: a project's name opening with full-width figures (３００亩…) is no code."""
    rows = printed_rows(EXPENDITURE_ROWS)
    rows[3][0:2] = ["", "３００亩高标准农田建设"]
    path = tmp_path / "t.docx"
    one_table_docx(path, [HEADER, *rows])
    table = parse(path).tables[0]
    assert (table.rows[3].code, table.rows[3].name) == ("", "３００亩高标准农田建设")


# ---- the overview's staffing printed as a table ------------------------------------------------

def overview_docx(path, staffing_rows: list[list[str]] | None, sentence: str = "") -> None:
    """A short disclosure: its overview (functions, offices, then the staffing as a sentence or
    a Word table), then one table."""
    from docx import Document

    doc = Document()
    for text in ["某某局2025年部门预算公开", "第一部分 某某局概况", "一、主要职能", "1.负责全市某某工作。",
                 "二、机构设置及人员情况", "某某局无下属预算单位。", sentence]:
        if text:
            doc.add_paragraph(text)
    if staffing_rows:
        table = doc.add_table(rows=0, cols=len(staffing_rows[0]))
        for row in staffing_rows:
            cells = table.add_row().cells
            for j, value in enumerate(row):
                cells[j].text = value
    doc.add_paragraph("第二部分 2025年部门预算公开表")
    doc.add_paragraph("2025年部门支出总表")
    doc.add_paragraph("编制单位：某某局 单位：万元")
    table = doc.add_table(rows=0, cols=5)
    for row in [HEADER, *printed_rows(EXPENDITURE_ROWS)]:
        cells = table.add_row().cells
        for j, value in enumerate(row):
            cells[j].text = value
    doc.save(path)


def staff_of(st) -> tuple:
    return (st.authorized, st.actual, st.in_service and st.in_service.count, st.retired and st.retired.count,
            st.pre_retired and st.pre_retired.count) if st else None


@pytest.mark.parametrize("header", [["编制数", "实有人数", "在职", "退休", "离休"],
                                    ["编制人数", "实有人员", "在职人员", "退休人员", "离休人员"]])
def test_docx_staffing_printed_as_a_table_is_read(tmp_path, header):
    """编制数 | 实有人数 | 在职 | 退休 | 离休 over 18 | 17 | 12 | 5 | 0: the counts were lost (the
    overview's text, read as sentences, ran the headers together before the figures)."""
    path = tmp_path / "t.docx"
    overview_docx(path, [header, ["18", "17", "12", "5", "0"]])
    assert staff_of(parse(path).overview.staffing) == (18, 17, 12, 5, 0)


def test_staffing_sentence_is_read_as_before_and_other_tables_give_none(tmp_path):
    """Near miss: the sentence still gives the counts; a table of offices and their posts is no
    staffing table."""
    path = tmp_path / "t.docx"
    overview_docx(path, [["内设机构", "职数"], ["办公室", "3"]], "编制数18人，实有人数17人，其中在职12人，退休5人。")
    assert staff_of(parse(path).overview.staffing) == (18, 17, 12, 5, None)
    overview_docx(path, [["内设机构", "职数"], ["办公室", "3"]])
    assert parse(path).overview.staffing is None


# ---- the unit printed in a sheet's page header -------------------------------------------------

def page_headed_sheet(path, header: str, unit_line: bool = False) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年部门支出总表"])
    ws.merge_cells("A1:E1")
    if unit_line:
        ws.append(["编制单位：某某局", None, None, None, "单位：万元"])
    ws.append(HEADER)
    for row in EXPENDITURE_ROWS[:4]:
        ws.append(list(row))
    ws.oddHeader.right.text = header
    wb.save(path)


@pytest.mark.parametrize("header", ["单位：元", "编制单位：某某局 单位：元"])
def test_xlsx_unit_in_the_page_header_of_a_titled_sheet_is_the_tables(tmp_path, header):
    """A sheet titled in its cells whose page header prints 单位：元 on every page: the unit was
    not read, and the amounts were taken in the template's 万元 (said only as assumed)."""
    path = tmp_path / "t.xlsx"
    page_headed_sheet(path, header)
    disc = parse(path)
    assert disc.tables[0].unit == "元"
    assert not [i for i in disc.issues if i.code == "unit-assumed"]
    assert read_rows(disc.tables[0]) == expected(EXPENDITURE_ROWS[:4])


@pytest.mark.parametrize("header", ["第&P页", "单位：元"])
def test_xlsx_page_header_without_a_unit_or_under_the_sheets_own_changes_nothing(tmp_path, header):
    """Near miss: a page header printing only the page's number adds nothing; the unit the
    sheet's cells print stays the table's."""
    path = tmp_path / "t.xlsx"
    page_headed_sheet(path, header, unit_line=True)
    assert parse(path).tables[0].unit == "万元"


# ---- a narrower part repeating the header without its empty columns ----------------------------

def two_part_page(second_header: bool) -> bytes:
    """部门支出总表 on a web page as two tables, the second (its next page) without 项目支出,
    empty there, which the converter left out, with or without the header repeated."""
    def tr(cells):
        return "<tr>" + "".join(f"<td>{'' if v is None else v}</td>" for v in cells) + "</tr>"
    second = [HEADER[:4]] if second_header else []
    second += [row[:4] for row in EXPENDITURE_ROWS[4:]]
    return ("<html><body><p>2025年部门支出总表</p><p>编制单位：某某局&nbsp;&nbsp;单位：万元</p><table>"
            + tr(HEADER) + "".join(map(tr, EXPENDITURE_ROWS[:4])) + "</table><p style='page-break-before:always'>"
            "&nbsp;</p><table>" + "".join(map(tr, second)) + "</table></body></html>").encode()


@pytest.mark.parametrize("second_header", [True, False])
def test_html_narrower_part_repeating_its_header_reads_no_header_row(second_header):
    """The repeated header without 项目支出 was read as a row of the table (科目编码, no code, no
    amount) between 2010302 and 208; without a header the part reads as before."""
    from budgetlens.pipeline import parse_document
    from budgetlens.readers.html import read_html

    table = parse_document(read_html("t.html", two_part_page(second_header)), "t.html").tables[0]
    assert read_rows(table) == expected(EXPENDITURE_ROWS)


# ---- a workbook of tables alone names no unit ----------------------------------------------

@pytest.mark.parametrize("cover", [None, "某某局"])
def test_workbook_of_tables_alone_names_no_unit_by_its_header(tmp_path, cover):
    """A sheet of a table alone, no 编制单位, no cover: its header row (科目编码科目名称合计…) or
    its 单位：万元 line was taken for the unit's name; a cover's name is still read (near miss)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    if cover:
        ws.append([cover])
    ws.append(["2025年部门支出总表"])
    ws.append([None, None, None, None, "单位：万元"])
    ws.append(HEADER)
    for row in EXPENDITURE_ROWS[:4]:
        ws.append(list(row))
    path = tmp_path / "t.xlsx"
    wb.save(path)
    assert parse(path).meta.unit_name == cover


def test_xls_unit_in_the_page_header_is_read_as_in_xlsx(tmp_path):
    """The .xls form keeps the page header in a HEADER record: it was not read at all."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装，无法生成 .xls 文件")
    path = tmp_path / "t.xlsx"
    page_headed_sheet(path, "单位：元")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    disc = parse(tmp_path / "t.xls")
    assert disc.tables[0].unit == "元"
    assert read_rows(disc.tables[0]) == expected(EXPENDITURE_ROWS[:4])


def titled_print_area(path) -> None:
    """The print area over the table's rows only (A4:E7), its title, unit line and header
    printed on every page as print titles (rows 1–3); a note in G2 outside both."""
    def extra(ws):
        ws["G2"] = "草稿"
        ws.print_title_rows = "1:3"
    print_area_sheet(path, extra, "A4:E7")


@pytest.mark.parametrize("form", ["xlsx", "xls"])
def test_print_titles_outside_the_print_area_are_printed(tmp_path, form):
    """Rows printed as print titles (_xlnm.Print_Titles) print with the area: left out with
    what lies outside, the table lost its title and header, and with them its rows."""
    import shutil
    import subprocess

    path = tmp_path / "t.xlsx"
    titled_print_area(path)
    if form == "xls":
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            pytest.skip("LibreOffice 未安装，无法生成 .xls 文件")
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls",
                        "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
        path = tmp_path / "t.xls"
    doc = parse(path)
    assert [(t.kind, t.unit) for t in doc.tables] == [("expenditure", "万元")]
    assert read_rows(doc.tables[0]) == expected(EXPENDITURE_ROWS[:4])
    said = print_area_warnings(doc)
    assert len(said) == 1 and "列 G" in said[0] and "未读取" in said[0]


def test_xlsx_rows_added_below_a_print_area_are_read_with_their_table(tmp_path):
    """A print area set before the table grew (A1:E5 over rows 1–7): the rows right below it
    that go on with its table are read with it, and said; a note a row further is not."""
    def note(ws):
        ws["A9"] = "注：本表为示例。"
    path = tmp_path / "t.xlsx"
    print_area_sheet(path, note, "A1:E5")
    doc = parse(path)
    assert read_rows(doc.tables[0]) == expected(EXPENDITURE_ROWS[:4])
    said = print_area_warnings(doc)
    assert len(said) == 2 and "第 6–7 行接续" in said[0] and "行 9" in said[1] and "未读取" in said[1]


# ---- a name split over the rows its row's merged cells span -----------------------------------

WRAPPED = [("", "合计", 180, 130, 50), ("208", "社会保障和就业支出", 180, 130, 50),
           ("2080505", "机关事业单位基本养老保险缴费支出", 150, 130, 20), ("2080599", "其他行政事业单位养老支出", 30, None, 30)]


def wrapped_name_html() -> bytes:
    """The row of 2080505 as a PDF-to-HTML converter writes it: code and amounts rowspan=2,
    the name's two lines in a cell each."""
    def td(v, span=""):
        return f"<td{span}>{'' if v is None else f'{v:.2f}' if isinstance(v, int) else v}</td>"
    rows = ["<tr>" + "".join(td(v) for v in HEADER) + "</tr>"]
    for code, name, *amounts in WRAPPED:
        if code == "2080505":
            rows.append("<tr>" + td(code, " rowspan=2") + td("机关事业单位基本养老保险")
                        + "".join(td(a, " rowspan=2") for a in amounts) + "</tr><tr>" + td("缴费支出") + "</tr>")
        else:
            rows.append("<tr>" + "".join(td(v) for v in (code, name, *amounts)) + "</tr>")
    return ("<html><body><p>2025年部门支出总表</p><p>编制单位：某某局 单位：万元</p><table>" + "".join(rows)
            + "</table></body></html>").encode()


def wrapped_name_xlsx(path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年部门支出总表"])
    ws.append(["编制单位：某某局", None, None, None, "单位：万元"])
    ws.append(HEADER)
    for code, name, *amounts in WRAPPED:
        if code == "2080505":
            ws.append([code, "机关事业单位基本养老保险", *amounts])
            ws.append([None, "缴费支出"])
            for col in "ACDE":
                ws.merge_cells(f"{col}{ws.max_row - 1}:{col}{ws.max_row}")
        else:
            ws.append([code, name, *amounts])
    wb.save(path)


def wrapped_name_docx(path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("2025年部门支出总表")
    doc.add_paragraph("编制单位：某某局 单位：万元")
    table = doc.add_table(rows=0, cols=5)
    for code, name, *amounts in [tuple(HEADER), *WRAPPED]:
        texts = [code, name, *("" if a is None else f"{a:.2f}" if isinstance(a, int) else a for a in amounts)]
        if code == "2080505":
            first, second = table.add_row().cells, table.add_row().cells
            for j, text in enumerate(texts):
                if j == 1:
                    first[j].text, second[j].text = "机关事业单位基本养老保险", "缴费支出"
                else:
                    first[j].merge(second[j]).text = text
        else:
            for cell, text in zip(table.add_row().cells, texts):
                cell.text = text
    doc.save(path)


@pytest.mark.parametrize("form", ["xlsx", "docx", "html"])
def test_name_split_over_the_rows_of_its_merged_cells_is_one_name(tmp_path, form):
    """机关事业单位基本养老保险缴费支出 wrapped in its cell, written by a converter as two rows
    whose code and amounts are merged over both: read as 机关事业单位基本养老保险 and a row
    缴费支出 without code or amounts."""
    if form == "html":
        from budgetlens.pipeline import parse_document
        from budgetlens.readers.html import read_html
        table = parse_document(read_html("t.html", wrapped_name_html()), "t.html").tables[0]
    else:
        path = tmp_path / f"t.{form}"
        (wrapped_name_xlsx if form == "xlsx" else wrapped_name_docx)(path)
        table = parse(path).tables[0]
    assert read_rows(table) == expected(WRAPPED)


def test_label_merged_down_over_rows_with_their_own_amounts_labels_each():
    """Near miss: a project's code merged down over its rows, each with amounts of its own
    (an export merging the label over them), is no wrapped name."""
    from budgetlens.readers.grid import Slot, joined_wraps

    grid = [[Slot("2010301"), Slot("办公费"), Slot("10.00")],
            [Slot("", origin=(0, 0)), Slot("差旅费"), Slot("5.00")],
            [Slot("", origin=(0, 0)), Slot("印刷费"), Slot("")]]
    assert [[s.text for s in row] for row in joined_wraps(grid)] == [["2010301", "办公费", "10.00"],
                                                                     ["", "差旅费", "5.00"], ["", "印刷费", ""]]
