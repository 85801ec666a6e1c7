"""Amounts as offices print them (session 38): a unit in each amount's cell, thousands set apart
by spaces, the vehicle columns of a 三公 table under 小计, accountants' negatives. Each input is
written here in the forms a disclosure comes in (DOCX, XLSX, HTML, tab text, a layout text,
PDF), the truth known by construction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from docgen import Document, Para, Table, write_docx, write_html, write_pdf, write_xlsx

from budgetlens.extract.rows import amount_of, cell_text, cell_unit
from budgetlens.pipeline import parse

HEAD = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]


def expenditure(cell: str, unit: str | None = "万元") -> Document:
    """A 一般公共预算支出情况表 whose amount cells print `cell` after each figure."""
    rows = [["201", "一般公共服务支出", "277.90", "200.00", "77.90"],
            ["2010301", "行政运行", "200.00", "200.00", ""],
            ["2010350", "事业运行", "77.90", "", "77.90"],
            ["", "合计", "277.90", "200.00", "77.90"]]
    return table_document(HEAD, [r[:2] + [a + cell if a else "" for a in r[2:]] for r in rows], unit)


def table_document(head: list[str], rows: list[list[str]], unit: str | None,
                   title: str = "2025年一般公共预算支出情况表", label: str = "表5") -> Document:
    blocks = [Para("第二部分 2025年部门预算公开表", 1), Para(label), Para(title)]
    if unit:
        blocks.append(Para(f"编制单位：某某局　　　　　单位：{unit}"))
    blocks += [Table([head, *rows], header=1), Para("第三部分 2025年部门预算情况说明", 1),
               Para("一、关于一般公共预算支出情况说明")]
    return Document(blocks)


def tab_text(document: Document) -> str:
    out = []
    for b in document.blocks:
        if isinstance(b, Para):
            out.append(("#" * b.level + " " if b.level else "") + b.text)
        else:
            out += ["\t".join(r) for r in b.rows]
    return "\n".join(out) + "\n"


def layout_text(document: Document) -> str:
    """As pdftotext -layout prints it: labels left-aligned, amounts right-aligned in columns
    a run of spaces apart (a CJK character counted two wide)."""
    out = []
    for b in document.blocks:
        if isinstance(b, Para):
            out.append(b.text)
            continue
        widths = [max(len(r[c]) * 2 for r in b.rows) + 4 for c in range(len(b.rows[0]))]
        out += ["".join(r[c].ljust(w) if c < 2 else r[c].rjust(w) for c, w in enumerate(widths)) for r in b.rows]
    return "\n".join(out) + "\n"


FORMS = ["docx", "xlsx", "html", "md", "txt", "pdf"]


def written(document: Document, form: str, tmp_path) -> str:
    path = tmp_path / f"doc.{form}"
    if form == "docx":
        write_docx(None, path, document)
    elif form == "xlsx":
        write_xlsx(None, path, document=document)
    elif form == "html":
        write_html(None, path, document=document)
    elif form == "pdf":
        pytest.importorskip("weasyprint")
        write_pdf(None, path, document)
    elif form == "unruled.pdf":                    # a PDF table printed without rules
        weasyprint = pytest.importorskip("weasyprint")
        from docgen import PDF_CSS, html_text
        page = html_text(document, css=PDF_CSS + " td, th { border: none !important; }").replace(' border="1"', "")
        weasyprint.HTML(string=page).write_pdf(str(path))
    else:
        path.write_text(tab_text(document) if form == "md" else layout_text(document), encoding="utf-8")
    return str(path)


def read(path: str):
    disc = parse(path)
    table = next(t for t in disc.tables if "一般公共预算支出" in t.title or "三公" in t.title)
    cells = {(r.code or r.name, c.column): c for r in table.rows for c in r.cells}
    return disc, table, cells


def amounts(cells) -> dict:
    return {k: c.amount for k, c in cells.items()}


EXPECTED = {("201", "total"): Decimal("277.90"), ("201", "basic"): Decimal("200.00"),
            ("201", "project"): Decimal("77.90"), ("2010301", "total"): Decimal("200.00"),
            ("2010301", "basic"): Decimal("200.00"), ("2010350", "total"): Decimal("77.90"),
            ("2010350", "project"): Decimal("77.90"), ("合计", "total"): Decimal("277.90"),
            ("合计", "basic"): Decimal("200.00"), ("合计", "project"): Decimal("77.90")}


# ---- 1. a unit inside each amount's cell ------------------------------------------------------

@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("cell", ["万元", " 万", "（万元）"])
def test_a_unit_in_each_amount_cell_is_read(tmp_path, form, cell):
    disc, table, cells = read(written(expenditure(cell), form, tmp_path))
    assert amounts(cells) == EXPECTED
    assert table.unit == "万元"
    assert not [i for i in disc.issues if i.code in ("unit-in-cell", "unit-assumed")]


@pytest.mark.parametrize("form", ["docx", "md", "txt", "unruled.pdf"])
def test_the_cells_unit_is_the_tables_where_it_prints_none(tmp_path, form):
    disc, table, cells = read(written(expenditure("元", unit=None), form, tmp_path))
    assert table.unit == "元"
    assert amounts(cells) == EXPECTED
    assert not [i for i in disc.issues if i.code == "unit-assumed"]
    assert all(f.unit == "元" for f in disc.facts if f.table == table.index)


@pytest.mark.parametrize("form", ["docx", "xlsx", "md", "txt", "pdf", "unruled.pdf"])
def test_a_cell_in_yuan_in_a_table_in_wan_is_said_and_not_scaled(tmp_path, form):
    disc, table, cells = read(written(expenditure(" 元"), form, tmp_path))
    assert table.unit == "万元"
    assert all(c.amount is None and c.unread for c in cells.values())
    assert not [f for f in disc.facts if f.table == table.index]
    said = [i for i in disc.issues if i.code == "unit-in-cell"]
    assert len(said) == 1 and "“万元”" in said[0].message and "10 个金额" in said[0].message


def test_a_unit_a_space_after_each_figure_on_a_page_without_rules(tmp_path):
    """A PDF table without rules printing "2,000,000.00 元": the unit a word of its own, the
    figure's (before: each row's figures were taken into its name, amounts-in-label)."""
    disc, table, cells = read(written(expenditure(" 元", unit=None), "unruled.pdf", tmp_path))
    assert table.unit == "元" and amounts(cells) == EXPECTED
    assert not [i for i in disc.issues if i.code in ("amounts-in-label", "unit-assumed")]


def test_one_cell_in_another_unit_is_the_only_one_left_unread(tmp_path):
    doc = expenditure("万元")
    doc.blocks[4].rows[2][3] = "2,000,000.00元"              # 行政运行's 基本支出 keyed in 元
    disc, _, cells = read(written(doc, "docx", tmp_path))
    assert cells["2010301", "basic"].amount is None and cells["2010301", "basic"].text == "2,000,000.00"
    assert {k: v for k, v in amounts(cells).items() if k != ("2010301", "basic")} == \
        {k: v for k, v in EXPECTED.items() if k != ("2010301", "basic")}
    assert [i.code for i in disc.issues].count("unit-in-cell") == 1


@pytest.mark.parametrize("text, figure, unit", [
    ("277.90万元", "277.90", "万元"), ("277.90 万", "277.90", "万元"), ("1,300,000.00元", "1,300,000.00", "元"),
    ("277.90（万元）", "277.90", "万元"), ("(12.50)万元", "(12.50)", "万元"), ("5千元", "5", "千元")])
def test_the_unit_after_a_figure(text, figure, unit):
    assert cell_text(text) == figure and cell_unit(text) == unit


def test_a_negative_with_its_unit_after_it():
    """An accountants' negative in a cell that prints the unit: the negative, in that unit (it
    was no amount before, "（12.50）万元" being taken for a note)."""
    value = amount_of("（12.50）万元", 1)
    assert value.amount == Decimal("-12.50") and value.unit == "万元"


@pytest.mark.parametrize("text", ["金额（万元）", "合计(万元)", "2025年", "100万元以上", "万元", "（元）",
                                  "一般公共服务支出", "277.90", "政府办公厅（室）"])
def test_no_unit_taken_where_no_figure_is_before_it(text):
    assert cell_unit(text) is None and cell_text(text) == text


@pytest.mark.parametrize("form", ["docx", "md", "txt"])
def test_a_header_naming_the_unit_is_still_a_header(tmp_path, form):
    doc = expenditure("")
    doc.blocks[4].rows[0] = ["科目编码", "科目名称", "合计（万元）", "基本支出（万元）", "项目支出（万元）"]
    del doc.blocks[3]                                      # no unit line: the header says it
    _, table, cells = read(written(doc, form, tmp_path))
    assert table.unit == "万元" and amounts(cells) == EXPECTED


# ---- 2. thousands set apart by spaces -------------------------------------------------------

def yuan_expenditure(sep: str) -> Document:
    """The table in 元, its thousands set apart by `sep` (a space, a thin or no-break space)."""
    rows = [["201", "一般公共服务支出", "1,601,424.00", "1,200,000.00", "401,424.00"],
            ["2010301", "行政运行", "1,200,000.00", "1,200,000.00", ""],
            ["2010350", "事业运行", "401,424.00", "", "401,424.00"],
            ["", "合计", "1,601,424.00", "1,200,000.00", "401,424.00"]]
    return table_document(HEAD, [r[:2] + [a.replace(",", sep) for a in r[2:]] for r in rows], "元")


YUAN = {("201", "total"): Decimal("1601424.00"), ("201", "basic"): Decimal("1200000.00"),
        ("201", "project"): Decimal("401424.00"), ("2010301", "total"): Decimal("1200000.00"),
        ("2010301", "basic"): Decimal("1200000.00"), ("2010350", "total"): Decimal("401424.00"),
        ("2010350", "project"): Decimal("401424.00"), ("合计", "total"): Decimal("1601424.00"),
        ("合计", "basic"): Decimal("1200000.00"), ("合计", "project"): Decimal("401424.00")}


# (a PDF prints a thin or no-break space as a space: only the plain space is a PDF's case)
@pytest.mark.parametrize("form, sep", [(form, sep) for sep in (" ", "\u2009", "\u00a0", "\u202f")
                                       for form in FORMS if form != "pdf" or sep == " "])
def test_thousands_set_apart_by_spaces_are_read(tmp_path, form, sep):
    disc, _, cells = read(written(yuan_expenditure(sep), form, tmp_path))
    assert amounts(cells) == YUAN
    assert not [i for i in disc.issues if i.code in ("amount-unsure", "extra-cell", "ambiguous-column")]


@pytest.mark.parametrize("form", ["docx", "md", "txt"])
def test_full_width_figures_grouped_by_full_width_commas(tmp_path, form):
    doc = yuan_expenditure(",")
    full = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
    table = doc.blocks[4]
    table.rows[1:] = [r[:2] + [a.translate(full) for a in r[2:]] for r in table.rows[1:]]
    _, _, cells = read(written(doc, form, tmp_path))
    assert amounts(cells) == YUAN


@pytest.mark.parametrize("text, amount", [("1 601 424.00", "1601424.00"), ("1\u2009601.00", "1601.00"),
                                          ("1\u00a0601", "1601"), ("(1 234.00)", "-1234.00"), ("1 234.00-", "-1234.00")])
def test_a_cells_space_grouped_figure(text, amount):
    assert amount_of(text, 1).amount == Decimal(amount)


@pytest.mark.parametrize("text", ["2010101 1 601.00", "2025 年", "1 2345.00", "1234 567.00", "12 34.00"])
def test_a_space_that_parts_no_thousands_joins_nothing(text):
    """A code before a figure, a year, groups not of three: no figure of them."""
    assert amount_of(text, 1, integers=True) is None


def layout_lines(rows: list[str]):
    from budgetlens.readers import Line
    return [Line(no=n, text=t) for n, t in enumerate(rows, 1)]


def test_a_layout_figure_one_space_apart_is_joined_where_the_table_says_so():
    from budgetlens.extract.layout import thousands_spaced
    lines = layout_lines(["科目编码  科目名称          合计        基本支出",
                          "201       一般公共服务支出  1 601.00    1 200.00",
                          "2010301   行政运行          1 200.00    1 200.00",
                          "2010350   事业运行            401.00"])
    assert [ln.text for ln in thousands_spaced(lines)][1:3] == [
        "201       一般公共服务支出  1,601.00    1,200.00", "2010301   行政运行          1,200.00    1,200.00"]


@pytest.mark.parametrize("rows", [
    # a 行次 column a space before the amounts
    ["项目                  行次     金额", "一般公共预算财政拨款收入  1 830.00", "上年结转                  2 120.00"],
    # the table groups its thousands with commas: a space parts columns
    ["项目        合计        其他", "甲         1,830.00     5 830.00", "乙         2,120.00       120.00"],
    # amounts printed with two decimals and with one: the head's decimals say nothing
    ["项目        合计        其他", "甲           5 830.00", "乙             120.5"],
    # the head ends where a column of whole numbers ends on other lines
    ["项目     人数     金额", "甲          5 830.00", "乙         12    20.00", "丙          7    40.00"],
])
def test_a_layout_space_that_may_part_columns_is_left(rows):
    from budgetlens.extract.layout import thousands_spaced
    lines = layout_lines(rows)
    assert [ln.text for ln in thousands_spaced(lines)] == rows


@pytest.mark.parametrize("rows", [
    # a code a space before the figure, or opening the line (its name on the line above)
    ["科目编码  科目名称          合计        基本支出", "2010301 1 601.00    1 200.00", "201 500.00            300.00"],
])
def test_a_code_before_a_figure_is_no_thousands_head(rows):
    from budgetlens.extract.layout import thousands_spaced
    lines = layout_lines(rows)
    assert [ln.text for ln in thousands_spaced(lines)][1:] == [rows[1].replace("1 200.00", "1,200.00"), rows[2]]


# ---- 3. the vehicle columns of a 三公 table, each template's wordings --------------------------

def three_public_read(template_id: str, rows: list[list[str]]) -> dict[str, str]:
    """The 三公 table of a template read from grid rows as the DOCX reader gives them: column
    key → amount text, with the warnings' codes."""
    from budgetlens.extract.rows import grid_rows
    from budgetlens.extract.tables import best_layout
    from budgetlens.readers import Line
    from budgetlens.templates import load_templates

    spec = next(t for t in load_templates() if t.id == template_id).table("three_public")
    lines = [Line(no=n, text="\t".join(r), cells=list(r), page=1) for n, r in enumerate(rows, 1)]
    chosen, raw = best_layout(spec, grid_rows(lines, spec), lambda s: grid_rows(lines, s))
    assert chosen.rows == spec.rows and chosen.coords == spec.coords and len(chosen.sums) == len(spec.sums)
    return {v.column: v.text for r in raw.rows for v in r.values}, [w[0] for w in raw.warnings]


JS_HEAD = ["项目", "合计", "“三公”经费", "因公出国（境）费", "{group}", "公务用车购置费", "{operation}", "公务接待费", "会议费", "培训费"]
JS_ROWS = [["", "", "小计", "", "小计", "", "", "", "", ""],
           ["", "1,384.74", "484.30", "100.00", "267.80", "", "267.80", "116.50", "200.44", "700.00"]]
JS_READ = {"grand_total": "1,384.74", "total": "484.30", "abroad": "100.00", "vehicle": "267.80",
           "vehicle_operation": "267.80", "reception": "116.50", "meeting": "200.44", "training": "700.00"}


@pytest.mark.parametrize("group, operation", [("公务用车购置及运行费", "公务用车运行费"),
                                              ("公务用车购置及运行费", "公务用车运行维护费"),
                                              ("公务用车购置及运行维护费", "公务用车运行维护费")])   # (the last: as before)
def test_jiangsu_vehicle_group_in_either_wording(group, operation):
    head = [c.format(group=group, operation=operation) for c in JS_HEAD]
    read, warned = three_public_read("js-prov-dept-budget-2018", [head, *JS_ROWS])
    assert read == JS_READ and "column-unmapped" not in warned


SH_ROWS = [["项目", "“三公”经费预算数", "因公出国（境）费", "公务接待费", "{group}", "", "", "机关运行经费预算数"],
           ["", "合计", "", "", "小计", "{purchase}", "{operation}", ""],
           ["", "346.30", "288.70", "25.40", "32.20", "10.00", "22.20", "2,517.78"]]


@pytest.mark.parametrize("group, purchase, operation", [
    ("公务用车购置及运行费", "购置费", "运行费"),                          # as before
    ("公务用车购置及运行费", "公务用车购置费", "公务用车运行费"),
    ("公务用车购置及运行维护费", "购置费", "运行维护费"),
    ("公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费")])
def test_shanghai_vehicle_parts_named_in_full(group, purchase, operation):
    rows = [[c.format(group=group, purchase=purchase, operation=operation) for c in r] for r in SH_ROWS]
    read, warned = three_public_read("sh-district-unit-budget-2025", rows)
    assert read == {"total": "346.30", "abroad": "288.70", "reception": "25.40", "vehicle": "32.20",
                    "vehicle_purchase": "10.00", "vehicle_operation": "22.20", "operating_cost": "2,517.78"}
    assert not warned


# (a variant for the group printed 公务用车购置及运行维护费 was taken back: it won over the
# template's own layout where a pdftotext header printed 公务用车购置及运行费, its column named
# as the variant words it, not as printed)
@pytest.mark.parametrize("group, purchase, operation", [("公务用车购置及运行费", "公务用车购置费", "公务用车运行费"),  # as before
                                                         ("公务用车购置及运行费", "购置费", "公务用车运行维护费")])
def test_xinjiang_unit_set_vehicle_parts_in_other_words(group, purchase, operation):
    rows = [["项目", "合计", "因公出国（境）费", group, "", "", "公务接待费"],
            ["", "", "", "合计", purchase, operation, ""],
            ["2022年预算数", "28.00", "5.00", "18.00", "10.00", "8.00", "5.00"]]
    read, warned = three_public_read("xj-unit-budget-2022", rows)
    assert read == {"total": "28.00", "abroad": "5.00", "vehicle": "18.00", "vehicle_purchase": "10.00",
                    "vehicle_operation": "8.00", "reception": "5.00"}
    assert "column-unmapped" not in warned


# ---- 4. accountants' negatives -----------------------------------------------------------------

def negative_expenditure(negative: str, grouped: str = ",") -> Document:
    """行政运行 1,200.00 in 基本支出, 事业运行 a negative -1,077.90 in 项目支出 (a refund
    booked against the year), printed as `negative` prints it."""
    rows = [["201", "一般公共服务支出", "122.10", "1,200.00", negative],
            ["2010301", "行政运行", "1,200.00", "1,200.00", ""],
            ["2010350", "事业运行", negative, "", negative],
            ["", "合计", "122.10", "1,200.00", negative]]
    return table_document(HEAD, [r[:2] + [a.replace(",", grouped) for a in r[2:]] for r in rows], "万元")


NEGATIVE = {("201", "total"): Decimal("122.10"), ("201", "basic"): Decimal("1200.00"),
            ("201", "project"): Decimal("-1077.90"), ("2010301", "total"): Decimal("1200.00"),
            ("2010301", "basic"): Decimal("1200.00"), ("2010350", "total"): Decimal("-1077.90"),
            ("2010350", "project"): Decimal("-1077.90"), ("合计", "total"): Decimal("122.10"),
            ("合计", "basic"): Decimal("1200.00"), ("合计", "project"): Decimal("-1077.90")}


@pytest.mark.parametrize("form", ["docx", "md", "txt", "pdf"])
@pytest.mark.parametrize("negative", ["(1,077.90)", "（1,077.90）", "1,077.90-", "△1,077.90", "-1,077.90"])
def test_accountants_negatives_read_as_negatives(tmp_path, form, negative):
    """Read so before too (session 38 checked every form): kept as a guard."""
    _, _, cells = read(written(negative_expenditure(negative), form, tmp_path))
    assert amounts(cells) == NEGATIVE


@pytest.mark.parametrize("form", ["docx", "md", "txt"])
@pytest.mark.parametrize("negative", ["(1 077.90)", "1 077.90-", "△1 077.90", "-1 077.90"])
def test_negatives_with_thousands_set_apart_by_spaces(tmp_path, form, negative):
    """A negative's marks around a figure whose thousands a space sets apart: in layout text
    the marks had kept the groups apart, and the whole table was read by order."""
    doc = negative_expenditure(negative.replace(" ", ","), grouped=" ")
    disc, _, cells = read(written(doc, form, tmp_path))
    assert amounts(cells) == NEGATIVE
    assert not [i for i in disc.issues if i.code in ("extra-cell", "ambiguous-column", "columns-by-order")]


def test_a_table_whose_cells_are_left_unread_is_checked_not_called_empty(tmp_path):
    """Every cell of a table in another unit than its unit line: the checks run (a rule citing
    the table without a row had made the unread cells' lookup fail) and do not call the table
    empty (C-EMPTY-NOTE: its figures are printed, only not read)."""
    from budgetlens.checks import check

    disc, table, _ = read(written(expenditure("元"), "docx", tmp_path))
    assert not table.is_empty
    report = check(disc)
    assert not [f for f in report.findings if f.rule == "C-EMPTY-NOTE"]


# ---- a workbook's number format printing the unit ----------------------------------------------

def formatted_workbook(path, number_format: str, unit_line: str | None) -> str:
    """The table as an office's workbook: figures stored as numbers, shown by `number_format`."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年一般公共预算支出情况表"])
    sheet.append(["编制单位：某某局", None, None, None, unit_line])
    sheet.append(HEAD)
    for code, name, *figures in [["201", "一般公共服务支出", 277.9, 200, 77.9], ["2010301", "行政运行", 200, 200, None],
                                 ["2010350", "事业运行", 77.9, None, 77.9], ["", "合计", 277.9, 200, 77.9]]:
        sheet.append([code, name, *figures])
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = number_format
    book.save(path)
    return str(path)


@pytest.mark.parametrize("number_format, unit_line, unit", [('#,##0.00"万元"', "单位：万元", "万元"),
                                                            ('0.00"万元"', None, "万元"),
                                                            ('#,##0.00 "元"', None, "元"),
                                                            ('0.00"万"', None, "万元")])
def test_a_unit_the_number_format_prints_is_the_cells(tmp_path, number_format, unit_line, unit):
    disc, table, cells = read(formatted_workbook(tmp_path / "t.xlsx", number_format, unit_line))
    assert table.unit == unit and amounts(cells) == EXPECTED
    assert not [i for i in disc.issues if i.code in ("unit-assumed", "unit-in-cell")]


def test_a_format_printing_yuan_in_a_table_in_wan_is_said(tmp_path):
    disc, table, cells = read(formatted_workbook(tmp_path / "t.xlsx", '#,##0.00"元"', "单位：万元"))
    assert table.unit == "万元" and all(c.amount is None for c in cells.values())
    assert [i.code for i in disc.issues].count("unit-in-cell") == 1


@pytest.mark.parametrize("number_format", ["#,##0.00", "0.00", "[$¥-804]#,##0.00", '#,##0.00;[Red]"-"#,##0.00'])
def test_formats_printing_no_unit_read_as_before(tmp_path, number_format):
    disc, table, cells = read(formatted_workbook(tmp_path / "t.xlsx", number_format, "单位：万元"))
    assert table.unit == "万元" and amounts(cells) == EXPECTED
    assert not [i for i in disc.issues if i.code == "unit-in-cell"]


@pytest.mark.parametrize("negative", ["(1 077.90)", "1 077.90-", "△1 077.90", "-1 077.90"])
def test_plain_text_negatives_with_thousands_set_apart_by_spaces(tmp_path, negative):
    """Plain text (cells a single space apart, empty ones vanished): a negative's marks around a
    space-grouped figure; before, "△1" and "077.90" were read apart (a positive 77.90)."""
    doc = negative_expenditure(negative.replace(" ", ","), grouped=" ")
    lines = []
    for b in doc.blocks:
        lines += [b.text] if isinstance(b, Para) else [" ".join(c for c in r if c) for r in b.rows]
    path = tmp_path / "plain.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, _, cells = read(str(path))
    read_amounts = sorted(c.amount for c in cells.values())
    assert read_amounts == sorted(NEGATIVE.values())
