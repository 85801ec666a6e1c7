"""Review of the DOCX, XLSX and HTML readers: forms in which finance offices publish their
tables that were read wrong or lost. Each input is written here, the truth known by
construction: a small 一般公共预算支出情况表 whose figures the parse must give as printed."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from conftest import EXAMPLES

from budgetlens.pipeline import parse
from budgetlens.readers import read_document
from budgetlens.render_cells import cell_rows

TITLE = "2026年一般公共预算支出情况表"
HEAD = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
ROWS = [["201", "一般公共服务支出", "211.11", "177.11", "34.00"],
        ["20103", "政府办公厅（室）及相关机构事务", "211.11", "177.11", "34.00"],
        ["2010301", "行政运行", "177.11", "177.11", ""],
        ["2010399", "其他政府办公厅（室）及相关机构事务支出", "34.00", "", "34.00"]]


def facts(path) -> dict[tuple[str, str, str], Decimal]:
    """(code, name, column) → amount of the cells the parse gives."""
    return {(c["code"], c["name"], c["column"]): Decimal(c["amount"]) for c in cell_rows(parse(path))}


def expected() -> dict[tuple[str, str, str], Decimal]:
    out = {}
    for code, name, *amounts in ROWS:
        for column, amount in zip(HEAD[2:], amounts):
            if amount:
                out[(code, name, column)] = Decimal(amount)
    return out


def html_page(rows: list[list[str]]) -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in [HEAD, *rows])
    return (f"<html><head><meta charset='utf-8'></head><body><p>{TITLE}</p><p>单位：万元</p>"
            f"<table border=1>{cells}</table></body></html>").encode()


# ---- characters that print nothing ---------------------------------------------------------

def test_zero_width_characters_in_cells_do_not_lose_figures(tmp_path):
    """A web editor's zero-width space after a figure, a BOM (zero-width no-break space) before
    one, a soft hyphen in a name: the page shows 211.11 and 行政运行, and so must the reading."""
    import docx
    import xlsxwriter

    rows = [list(r) for r in ROWS]
    rows[0][2] = "211.11\u200b"
    rows[1][3] = "\ufeff177.11"
    rows[2][0] = "2010301\u2060"
    rows[2][1] = "行政\u00ad运行"
    page = tmp_path / "zw.html"
    page.write_bytes(html_page(rows))
    book_path = tmp_path / "zw.xlsx"
    book = xlsxwriter.Workbook(book_path)
    sheet = book.add_worksheet("表5")
    sheet.write(0, 0, TITLE)
    sheet.write(1, 0, "单位：万元")
    for r, row in enumerate([HEAD, *rows], start=2):
        sheet.write_row(r, 0, row)
    book.close()
    word_path = tmp_path / "zw.docx"
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("单位：\u200b万元")
    table = document.add_table(rows=0, cols=len(HEAD))
    for row in [HEAD, *rows]:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.save(word_path)
    for path in (page, book_path, word_path):
        assert facts(path) == expected(), path.name
        assert not any("\u200b" in (ln.text or "") for ln in read_document(path).lines)


# ---- a workbook's sheet names as the tables' titles ---------------------------------------

BASIC = [["301", "工资福利支出", "150.00", "150.00", ""], ["30101", "基本工资", "150.00", "150.00", ""]]


def test_sheets_titled_only_by_their_names_are_read(tmp_path):
    """A finance system's export: one table a sheet, the sheet named after the table and no
    title row above the header. Before, no table was found and the workbook was refused as no
    disclosure; a sheet named Sheet2 or 表3(续) still titles nothing."""
    import xlsxwriter

    path = tmp_path / "named.xlsx"
    book = xlsxwriter.Workbook(path)
    for name, rows, head in (("一般公共预算支出情况表", ROWS, HEAD),
                             ("一般公共预算基本支出情况表", BASIC, ["科目编码", "科目名称", "合计", "人员经费", "公用经费"])):
        sheet = book.add_worksheet(name)
        sheet.write(0, 4, "单位：万元")
        sheet.write_row(1, 0, head)
        for r, row in enumerate(rows, start=2):
            sheet.write_row(r, 0, row[:2])
            for c, amount in enumerate(row[2:], start=2):
                if amount:
                    sheet.write_number(r, c, float(amount), book.add_format({"num_format": "0.00"}))
    book.add_worksheet("Sheet3").write_row(0, 0, ["备注", "无"])
    book.close()
    found = facts(path)
    assert {k: v for k, v in found.items() if k[0].startswith("201")} == expected()
    assert found[("30101", "基本工资", "人员经费")] == Decimal("150.00")
    texts = [ln.text for ln in read_document(path).lines if ln.cells is None and ln.text]
    assert texts == ["一般公共预算支出情况表", "单位：万元", "一般公共预算基本支出情况表", "单位：万元"]


# ---- codes typed as numbers in a format that pads them -------------------------------------

def test_kuan_and_xiang_typed_as_numbers_in_format_00_keep_their_zero(tmp_path):
    """类/款/项 in three columns, each code on its own level's row, 款 and 项 typed as numbers
    in cells formatted 00 (Excel shows 03 and 01). Before, they read 3 and 1 and the rows lost
    their names (行政运行 read as the name '1')."""
    import xlsxwriter

    path = tmp_path / "codes.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("表5")
    two = book.add_format({"num_format": "00"})
    sheet.write(0, 0, TITLE)
    sheet.write(1, 6, "单位：万元")
    sheet.write_row(2, 0, ["类", "款", "项", *HEAD[1:]])
    for r, (code, name, *amounts) in enumerate(ROWS, start=3):
        parts = [code[:3], code[3:5], code[5:7]]
        level = max(i for i, part in enumerate(parts) if part)
        if level == 0:
            sheet.write_number(r, 0, int(parts[0]))
        else:
            sheet.write_number(r, level, int(parts[level]), two)
        sheet.write(r, 3, name)
        for c, amount in enumerate(amounts, start=4):
            if amount:
                sheet.write_number(r, c, float(amount))
    book.close()
    rows = [ln.cells for ln in read_document(path).lines if ln.cells is not None]
    assert [row[:3] for row in rows[1:]] == [["201", "", ""], ["", "03", ""], ["", "", "01"], ["", "", "99"]]
    assert facts(path) == expected()


# ---- the unit printed in the header's cells -----------------------------------------------

def test_unit_printed_in_the_header_cells_is_the_tables_unit(tmp_path):
    """No 单位 line; the header says 合计（元）, 基本支出（元）, 项目支出（元）. Before, the table was
    read in the template's 万元 (every amount ten thousand times too large) and （元） was told
    as header text no column accounts for."""
    yuan = [[code, name, *(f"{Decimal(a) * 10000:,.2f}" if a else "" for a in amounts)]
            for code, name, *amounts in ROWS]
    head = [*HEAD[:2], *(f"{h}（元）" for h in HEAD[2:])]
    cells = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in [head, *yuan])
    path = tmp_path / "yuan.html"
    path.write_bytes((f"<html><head><meta charset='utf-8'></head><body><p>{TITLE}</p>"
                      f"<table border=1>{cells}</table></body></html>").encode())
    disclosure = parse(path)
    table = next(t for t in disclosure.tables if t.kind == "gpb_expenditure")
    assert table.unit == "元"
    assert facts(path) == {k: v * 10000 for k, v in expected().items()}
    said = [i.message for i in disclosure.issues if "表头" in i.message or "未印金额单位" in i.message]
    assert said == []


def test_a_title_printed_in_the_page_header_titles_the_sheet(tmp_path):
    """The title and 单位：万元 set as the sheet's page header (页眉), printed above the table on
    every page, and no title row; the sheet named 表5. Before, the table was not found."""
    import xlsxwriter

    path = tmp_path / "header.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("表5")
    sheet.set_header('&L第&P页&C&"宋体,加粗"&16 ' + TITLE + "&R单位：万元")
    sheet.write_row(0, 0, HEAD)
    for r, (code, name, *amounts) in enumerate(ROWS, start=1):
        sheet.write_row(r, 0, [code, name])
        for c, amount in enumerate(amounts, start=2):
            if amount:
                sheet.write_number(r, c, float(amount), book.add_format({"num_format": "0.00"}))
    book.close()
    texts = [ln.text for ln in read_document(path).lines if ln.cells is None and ln.text]
    assert texts == [TITLE, "单位：万元"]
    assert facts(path) == expected()


@pytest.mark.parametrize("seed", ["000_9131eab83374bb33.txt", "003_051c06d5053f29b3.txt"])
def test_characters_that_print_nothing_in_a_text_lose_no_figure(tmp_path, seed):
    """A markdown or plain text converted from a web page, a zero-width space or a word joiner
    beside each figure (and in words): every fact and claim read as without them."""
    from collections import Counter

    source = EXAMPLES / seed
    text = source.read_text(encoding="utf-8")
    marked = re.sub(r"(\d+\.\d\d)", "\\1\u200b", text).replace("万元", "万\u2060元").replace("支出", "支\u00ad出")
    assert marked.count("\u200b") > 50
    path = tmp_path / seed
    path.write_text(marked, encoding="utf-8")
    before, after = parse(source), parse(path)
    assert Counter((f.coords.model_dump_json(), f.amount) for f in after.facts) == \
        Counter((f.coords.model_dump_json(), f.amount) for f in before.facts)
    assert [(c.kind, c.value, c.subject.text) for c in after.narrative.claims] == \
        [(c.kind, c.value, c.subject.text) for c in before.narrative.claims]
