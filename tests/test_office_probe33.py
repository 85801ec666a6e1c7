"""Office and web tables as offices of other regions lay them out: what each form prints is read
as printed. Inputs are written here with figures chosen, the truth known by construction."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from budgetlens.pipeline import parse

EXPENDITURE_ROWS = [
    ("", "合计", 180, 130, 50),
    ("201", "一般公共服务支出", 130, 100, 30),
    ("2010301", "行政运行", 100, 100, None),
    ("2010302", "一般行政管理事务", 30, None, 30),
    ("208", "社会保障和就业支出", 30, 30, None),
    ("2080505", "机关事业单位基本养老保险缴费支出", 30, 30, None),
    ("212", "城乡社区支出", 20, None, 20),
    ("2120899", "其他国有土地使用权出让收入安排的支出", 20, None, 20),
]


def expenditure_sheet(path, meta: list[str | None]) -> None:
    """部门支出总表 on a sheet: a merged title, a row of cells naming the unit and the amount
    unit, a two-row header, the rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表3"
    ws.append(["2025年部门支出总表"])
    ws.merge_cells("A1:E1")
    ws.append(meta)
    expenditure_body(ws)
    wb.save(path)


def expenditure_body(ws) -> None:
    """部门支出总表's two-row header, on rows 3 and 4, and its rows under it."""
    ws.append(["功能分类科目", None, "合计", "基本支出", "项目支出"])
    ws.append(["科目编码", "科目名称", None, None, None])
    ws.merge_cells("A3:B3")
    for col in "CDE":
        ws.merge_cells(f"{col}3:{col}4")
    for row in EXPENDITURE_ROWS:
        ws.append(list(row))


def printed(table) -> list[tuple]:
    return [(r.code, r.name, *(str(c.amount) if c.amount is not None else None for c in
                               sorted(r.cells, key=lambda c: ["total", "basic", "project"].index(c.column))))
            for r in table.rows]


def expected_rows() -> list[tuple]:
    rows = []
    for code, name, *amounts in EXPENDITURE_ROWS:
        shown = [str(Decimal(a)) for a in amounts if a is not None]    # General format: 180
        rows.append((code, name, *shown))
    return rows


@pytest.mark.parametrize("names", ["单位名称：某某中心", "部门名称：某某中心", "部门：某某中心",
                                   "填报单位：某某中心", "预算单位：某某中心"])
def test_xlsx_row_naming_the_unit_in_other_words_is_not_header(tmp_path, names):
    """Offices name the unit as 单位名称：, 部门：, 填报单位： … in the cell left of 单位：元, as
    others write 编制单位：; that row is a line of text over the table, not a header row."""
    path = tmp_path / "t.xlsx"
    expenditure_sheet(path, [names, None, None, None, "单位：元"])
    table = parse(path).tables[0]
    assert table.kind == "expenditure"
    assert table.header_unmapped == []
    assert table.unit == "元"
    assert printed(table) == expected_rows()


@pytest.mark.parametrize("names", ["单位名称：某某中心", "部门名称：某某中心", "部门：某某中心",
                                   "填报单位：某某中心", "预算单位：某某中心", "编制单位：某某中心"])
def test_table_names_its_unit_in_other_words(tmp_path, names):
    """The unit a table is printed for (what tells a 部门's sets of tables apart) is read from
    单位名称：, 部门：, 填报单位： … as from 编制单位：."""
    path = tmp_path / "t.xlsx"
    expenditure_sheet(path, [names, None, None, None, "单位：元"])
    assert parse(path).tables[0].unit_name == "某某中心"


@pytest.mark.parametrize("line", ["各部门：请于月底前报送", "本部门：无", "部门预算"])
def test_words_about_departments_name_no_unit(line):
    from budgetlens.extract.rows import UNIT_NAME
    assert UNIT_NAME.search(line) is None


def titled_elsewhere(path, title_at: str, merge: str | None, meta: list | None) -> None:
    """部门支出总表 whose title is typed in a middle cell (to centre it over the table) or merged
    over the middle columns only, above a row naming the unit or a lone 单位：万元."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws[title_at] = "2025年部门支出总表"
    if merge:
        ws.merge_cells(merge)
    if meta:
        for cell, text in meta:
            ws[cell] = text
    expenditure_body(ws)
    wb.save(path)


@pytest.mark.parametrize("title_at, merge, meta", [
    ("C1", None, [("E2", "单位：万元")]),
    ("B1", None, [("A2", "编制单位：某某局"), ("E2", "单位：万元")]),
    ("B1", "B1:D1", [("E2", "单位：万元")]),
    ("C1", None, [("A2", "部门：某某局"), ("E2", "单位：万元")]),
])
def test_xlsx_title_in_a_middle_cell_is_a_title_not_header(tmp_path, title_at, merge, meta):
    """Read as a header row, the title's words stood in the header (部门、总表 unmapped)."""
    path = tmp_path / "t.xlsx"
    titled_elsewhere(path, title_at, merge, meta)
    table = parse(path).tables[0]
    assert (table.kind, table.title, table.unit) == ("expenditure", "部门支出总表", "万元")
    assert table.header_unmapped == []
    assert printed(table) == expected_rows()


def test_xlsx_cell_alone_just_over_the_header_stays_in_the_header(tmp_path):
    """A group header typed in one cell over the columns it heads (not merged) is the header's,
    as it was: only a lone cell a row away from the table at least is a line of text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "2025年一般公共预算基本支出表"
    ws["E2"] = "单位：万元"
    ws["D3"] = "一般公共预算基本支出"
    ws.append(["科目编码", "科目名称", "合计", "人员经费", "公用经费"])
    ws.append(["", "合计", 130, 112, 18])
    ws.append(["301", "工资福利支出", 112, 112, None])
    ws.append(["302", "商品和服务支出", 18, None, 18])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    table = parse(path).tables[0]
    assert table.kind == "basic_expenditure"
    assert [c.key for c in table.columns] == ["total", "personnel", "public"]
    assert any("一般公共预算基本支出" in str(h) for h in table.header)


@pytest.mark.parametrize("style", ["[{code}]{name}", "【{code}】{name}", "{code}-{name}", "  [{code}] {name}"])
def test_code_joined_to_its_name_as_budget_systems_export_it(tmp_path, style):
    """A budget system's export prints the code and the name in one cell: [2010301]行政运行; the
    code was left in the name (no code read) or a dash stayed before the name."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年部门支出总表"])
    ws.append(["单位名称:某某局", None, None, "单位:万元"])
    ws.append(["科目", "合计", "基本支出", "项目支出"])
    for code, name, *amounts in EXPENDITURE_ROWS:
        ws.append([style.format(code=code, name=name) if code else name, *amounts])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    table = parse(path).tables[0]
    assert table.kind == "expenditure"
    assert printed(table) == expected_rows()


@pytest.mark.parametrize("label", ["[2025]12号文件专项", "12315投诉举报热线运维", "300-500亩农田建设"])
def test_figures_of_a_name_are_not_a_code(label):
    from budgetlens.extract.rows import split_code_label
    assert split_code_label(label) == ("", label)


def test_one_sheet_of_tables_titled_in_a_middle_cell(tmp_path):
    """A whole set of tables stacked on one sheet, each titled in a middle cell after an empty
    row: the second title's words stood in the second table's header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    tables = [("2025年部门支出总表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], EXPENDITURE_ROWS),
              ("2025年一般公共预算基本支出表", ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
               [("", "合计", 130, 112, 18), ("301", "工资福利支出", 112, 112, None),
                ("302", "商品和服务支出", 18, None, 18)])]
    r = 1
    for title, head, rows in tables:
        ws.cell(r, 3, title)
        ws.cell(r + 1, 5, "单位：万元")
        for i, row in enumerate([head, *rows]):
            for j, value in enumerate(row):
                ws.cell(r + 2 + i, 1 + j, value)
        r += 2 + len(rows) + 2
    path = tmp_path / "t.xlsx"
    wb.save(path)
    read = parse(path).tables
    assert [(t.kind, t.title, t.header_unmapped) for t in read] == [
        ("expenditure", "部门支出总表", []), ("basic_expenditure", "一般公共预算基本支出表", [])]
    assert [(r.code, r.name) for r in read[1].rows] == [("", "合计"), ("301", "工资福利支出"), ("302", "商品和服务支出")]


def split_docx(path, lead: int, second_rows, between: str = "") -> None:
    """部门支出总表 as two Word tables (a page break between), the second without the header and
    with `lead` more columns before the code's, empty in every row (a converter's spacers)."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.add_paragraph("2025年部门支出总表")
    doc.add_paragraph("编制单位：某某局 单位：万元")

    def add(rows, header, spare):
        table = doc.add_table(rows=0, cols=5 + spare)
        for row in ([["科目编码", "科目名称", "合计", "基本支出", "项目支出"]] if header else []) + rows:
            cells = table.add_row().cells
            for j, value in enumerate([""] * spare + [("" if v is None else str(v)) for v in row]):
                cells[j].text = value
    add([list(r) for r in EXPENDITURE_ROWS[:4]], True, 0)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if between:
        doc.add_paragraph(between)
    add([list(r) for r in second_rows], False, lead)
    doc.save(path)


@pytest.mark.parametrize("lead", [1, 2])
def test_docx_table_part_with_spacer_columns_lines_up_with_the_part_before(tmp_path, lead):
    """Read cell by cell, the second part's codes stood under 科目名称 and its amounts one
    column to the right (社会保障和就业支出's 合计 30.00 read as its 基本支出)."""
    path = tmp_path / "t.docx"
    split_docx(path, lead, EXPENDITURE_ROWS[4:])
    table = parse(path).tables[0]
    assert printed(table) == expected_rows()


def test_docx_table_part_with_as_many_columns_keeps_a_blank_column(tmp_path):
    """A second part whose 基本支出 is blank in every row has as many columns as the first: it
    is read as it is, the blank column kept (dropping it would move 项目支出 under 基本支出)."""
    path = tmp_path / "t.docx"
    split_docx(path, 0, EXPENDITURE_ROWS[6:])
    table = parse(path).tables[0]
    assert printed(table)[4:] == expected_rows()[6:]
    assert [c.column for c in table.rows[-1].cells] == ["total", "project"]


def test_html_table_part_with_a_spacer_column_lines_up_with_the_part_before():
    rows = "".join("<tr><td>&nbsp;</td>" + "".join(f"<td>{'' if v is None else v}</td>" for v in r) + "</tr>"
                   for r in EXPENDITURE_ROWS[4:])
    first = "".join("<tr>" + "".join(f"<td>{'' if v is None else v}</td>" for v in r) + "</tr>"
                    for r in EXPENDITURE_ROWS[:4])
    page = ("<html><body><p>2025年部门支出总表</p><p>编制单位：某某局 单位：万元</p><table><tr><td>科目编码</td>"
            f"<td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>{first}</table><p>&nbsp;</p>"
            f"<table>{rows}</table></body></html>")
    from budgetlens.pipeline import parse_document
    from budgetlens.readers.html import read_html
    table = parse_document(read_html("t.html", page.encode()), "t.html").tables[0]
    assert printed(table) == expected_rows()


@pytest.mark.parametrize("years", [("2025", "2024"), ("2024", "2025")])
def test_three_public_items_beside_last_years_named_by_year(tmp_path, years):
    """项目 | 2025年预算数 | 2024年预算数 over the 三公 items: last year's column was read by order
    as this year's 一般公共预算 (9.00 of 2024 as 2025's), or this year's as it. The header's
    years decide: this year's figures are read, last year's are not, and that is told."""
    figures = {"2025": ["8.00", "0.00", "3.00", "5.00", "0.00", "5.00"],
               "2024": ["9.00", "0.00", "3.50", "5.50", "0.00", "5.50"]}
    items = ["合计", "1.因公出国（境）费", "2.公务接待费", "3.公务用车购置及运行费", "其中：（1）公务用车购置费", "（2）公务用车运行费"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年一般公共预算“三公”经费支出预算表"])
    ws.append(["编制单位：某某局", None, "单位：万元"])
    ws.append(["项目", f"{years[0]}年预算数", f"{years[1]}年预算数"])
    for i, item in enumerate(items):
        ws.append([item, figures[years[0]][i], figures[years[1]][i]])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    d = parse(path)
    read = {(f.coords.item, f.coords.phase or "本年预算"): str(f.amount) for f in d.facts if f.table == 0}
    this_year = {item: figures["2025"][i] for i, item in enumerate(
        ["total", "abroad", "reception", "vehicle", "vehicle_purchase", "vehicle_operation"])}
    assert {k: v for k, v in read.items() if k[1] == "本年预算"} == {(k, "本年预算"): v for k, v in this_year.items()}
    assert not any(k[1] == "本年预算" and v in ("9.00", "3.50", "5.50") for k, v in read.items())


def stacked_docx(path, groups, header=("科目编码", "科目名称", "合计", "基本支出", "项目支出")) -> None:
    """部门支出总表 as one Word table, each Word row holding the printed rows of a group, one
    per line of its cells (a paragraph each, empty where the row prints nothing)."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("2025年部门支出总表")
    doc.add_paragraph("编制单位：某某局 单位：万元")
    table = doc.add_table(rows=0, cols=5)
    for group in [[header], *groups]:
        cells = table.add_row().cells
        for j in range(5):
            lines = [("" if row[j] is None else str(row[j])) for row in group]
            cells[j].paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cells[j].add_paragraph(line)
    doc.save(path)


def test_docx_rows_stacked_in_one_word_row_are_read_each(tmp_path):
    """Read as one row, the three rows' codes and names ran together and their amounts
    ("130.00 100.00 30.00") were not read."""
    rows = [tuple(f"{v:.2f}" if isinstance(v, int) else v for v in r) for r in EXPENDITURE_ROWS]
    path = tmp_path / "t.docx"
    stacked_docx(path, [[rows[0]], rows[1:4], *[[r] for r in rows[4:]]])
    table = parse(path).tables[0]
    assert [(r.code, r.name, *(str(c.amount) for c in r.cells)) for r in table.rows] == [
        (code, name, *(str(Decimal(a).quantize(Decimal("0.01"))) for a in amounts if a is not None))
        for code, name, *amounts in EXPENDITURE_ROWS]


def test_docx_name_wrapped_in_paragraphs_stays_one_row(tmp_path):
    """A name on two lines beside one line of amounts, and a header of two-line cells, are one
    row each: only cells all of one count of lines, figures among them, stack rows."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("2025年部门支出总表")
    doc.add_paragraph("编制单位：某某局 单位：万元")
    table = doc.add_table(rows=2, cols=5)
    for j, text in enumerate(["科目\n编码", "科目\n名称", "合计\n数", "基本\n支出", "项目\n支出"]):
        table.cell(0, j).text = text
    for j, text in enumerate(["2120899", "其他国有土地使用权出让\n收入安排的支出", "20.00", "", "20.00"]):
        table.cell(1, j).text = text
    path = tmp_path / "t.docx"
    doc.save(path)
    table = parse(path).tables[0]
    assert [(r.code, r.name, [str(c.amount) for c in r.cells]) for r in table.rows] == [
        ("2120899", "其他国有土地使用权出让收入安排的支出", ["20.00", "20.00"])]


def stacked_rows_printed() -> list[tuple]:
    return [tuple(f"{v:.2f}" if isinstance(v, int) else ("" if v is None else v) for v in r) for r in EXPENDITURE_ROWS]


def read_rows(table) -> list[tuple]:
    return [(r.code, r.name, *(str(c.amount) for c in r.cells)) for r in table.rows]


def expected_stacked() -> list[tuple]:
    return [(code, name, *(f"{a:.2f}" for a in amounts if a is not None)) for code, name, *amounts in EXPENDITURE_ROWS]


def test_xlsx_rows_stacked_in_one_row_of_cells_are_read_each(tmp_path):
    """A PDF-to-Excel converter puts printed rows in one row's cells, a line each (Alt+Enter)."""
    rows = stacked_rows_printed()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年部门支出总表"])
    ws.append(["编制单位：某某局", None, None, None, "单位：万元"])
    ws.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    ws.append(list(rows[0]))
    ws.append(["\n".join(r[j] for r in rows[1:4]) for j in range(5)])
    for r in rows[4:]:
        ws.append(list(r))
    path = tmp_path / "t.xlsx"
    wb.save(path)
    assert read_rows(parse(path).tables[0]) == expected_stacked()


@pytest.mark.parametrize("joined", ["<br>", "</p><p>"])
def test_html_rows_stacked_in_one_row_of_cells_are_read_each(joined):
    from budgetlens.pipeline import parse_document
    from budgetlens.readers.html import read_html

    rows = stacked_rows_printed()

    def tr(cells):
        return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
    stacked = [(f"<p>{joined.join(r[j] or '&nbsp;' for r in rows[1:4])}</p>" if joined != "<br>"
                else joined.join(r[j] or "&nbsp;" for r in rows[1:4])) for j in range(5)]
    page = ("<html><body><p>2025年部门支出总表</p><p>编制单位：某某局 单位：万元</p><table>"
            + tr(["科目编码", "科目名称", "合计", "基本支出", "项目支出"]) + tr(rows[0]) + tr(stacked)
            + "".join(tr(r) for r in rows[4:]) + "</table></body></html>")
    table = parse_document(read_html("t.html", page.encode()), "t.html").tables[0]
    assert read_rows(table) == expected_stacked()


@pytest.mark.parametrize("label", ["表3", "附表3", "公开03表", "表三"])
def test_xlsx_label_and_title_in_two_cells_are_one_line(tmp_path, label):
    """表3 | 2025年部门支出总表 in a row's first two cells: read as a header row, the title's words
    stood in the header (表、部门、总表 unmapped)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([label, "2025年部门支出总表"])
    ws.append(["编制单位：某某局", None, None, None, "单位：万元"])
    ws.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    for row in EXPENDITURE_ROWS:
        ws.append(list(row))
    path = tmp_path / "t.xlsx"
    wb.save(path)
    table = parse(path).tables[0]
    assert (table.kind, table.number, table.title, table.header_unmapped) == ("expenditure", 3, "部门支出总表", [])
    assert printed(table) == expected_rows()


THREE_PUBLIC_ITEMS = {"total": "8.00", "abroad": "0.00", "reception": "3.00", "vehicle": "5.00",
                      "vehicle_purchase": "1.00", "vehicle_operation": "4.00"}


def test_three_public_group_label_merged_down_beside_its_items(tmp_path):
    """公务用车购置及运行费 merged down over 小计 | 购置费 | 运行费 in the next column: the merged
    label was carried into each row, and 购置费's 1.00 and 运行费's 4.00 were read as the
    公务用车购置及运行费 itself."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年一般公共预算“三公”经费支出预算表"])
    ws.append(["编制单位：某某局", None, "单位：万元"])
    ws.append(["项目", None, "预算数"])
    for label, amount in [("合计", "8.00"), ("因公出国（境）费", "0.00"), ("公务接待费", "3.00")]:
        ws.append([label, None, amount])
        ws.merge_cells(f"A{ws.max_row}:B{ws.max_row}")
    ws.append(["公务用车购置及运行费", "小计", "5.00"])
    ws.append([None, "公务用车购置费", "1.00"])
    ws.append([None, "公务用车运行费", "4.00"])
    ws.merge_cells(f"A{ws.max_row - 2}:A{ws.max_row}")
    ws.merge_cells("A3:B3")
    path = tmp_path / "t.xlsx"
    wb.save(path)
    read = {f.coords.item: str(f.amount) for f in parse(path).facts}
    assert read == THREE_PUBLIC_ITEMS


def test_xlsx_whole_number_total_beside_formatted_amounts(tmp_path):
    """合计 in General format (180) beside 基本支出 and 项目支出 in format 0.00 (130.00): the
    合计 column was taken for a label column and its figures left out, without a word."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年部门支出总表"])
    ws.append(["编制单位：某某局", None, None, None, "单位：万元"])
    ws.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    for row in EXPENDITURE_ROWS:
        ws.append(list(row))
        for col in "DE":
            ws[f"{col}{ws.max_row}"].number_format = "0.00"
    path = tmp_path / "t.xlsx"
    wb.save(path)
    table = parse(path).tables[0]
    assert [(r.code, r.name, {c.column: c.amount for c in r.cells}) for r in table.rows] == [
        (code, name, {k: Decimal(v) for k, v in zip(["total", "basic", "project"], amounts) if v is not None})
        for code, name, *amounts in EXPENDITURE_ROWS]


@pytest.mark.parametrize("between", ["续表", "（续表）", "表3（续）"])
def test_docx_table_part_after_a_continued_line_with_spacer_columns(tmp_path, between):
    path = tmp_path / "t.docx"
    split_docx(path, 1, EXPENDITURE_ROWS[4:], between)
    table = parse(path).tables[0]
    assert printed(table) == expected_rows()


def test_docx_table_after_text_keeps_its_columns(tmp_path):
    """A table after a sentence is another table: its empty first column is not dropped."""
    from budgetlens.readers import read_document

    path = tmp_path / "t.docx"
    split_docx(path, 1, EXPENDITURE_ROWS[4:], "注：以下为明细。")
    second = [ln.cells for ln in read_document(str(path)).lines if ln.cells and "208" in ln.cells]
    assert second == [["", "208", "社会保障和就业支出", "30", "30", ""]]


def test_docx_table_part_with_code_and_name_in_one_cell(tmp_path):
    """The part on the next page prints code and name in one cell (one column fewer): its
    first amount column made the first part's names amounts (合计 read as 基本支出 180.00),
    and then its own amounts stood one column to the left."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.add_paragraph("2025年部门支出总表")
    doc.add_paragraph("编制单位：某某局 单位：万元")

    def add(rows, width):
        table = doc.add_table(rows=0, cols=width)
        for row in rows:
            cells = table.add_row().cells
            for j, value in enumerate(row):
                cells[j].text = "" if value is None else str(value)
    rows = stacked_rows_printed()
    add([["科目编码", "科目名称", "合计", "基本支出", "项目支出"], *[list(r) for r in rows[:4]]], 5)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add([[f"{code} {name}", *amounts] for code, name, *amounts in rows[4:]], 4)
    path = tmp_path / "t.docx"
    doc.save(path)
    assert read_rows(parse(path).tables[0]) == expected_stacked()
