"""DOCX, XLSX/XLS and HTML readers: every seed written in each format parses to the same cells
as its text version; merged cells, encodings, hidden sheets and hostile files."""

from __future__ import annotations

import csv
import io
import shutil
import struct
import subprocess
import sys
import time
import zipfile
from collections import Counter

import pytest
from typer.testing import CliRunner

import docgen
from budgetlens.cli.main import app
from budgetlens.pipeline import parse
from budgetlens.readers import ReadError, read_document
from budgetlens.readers.docx import read_docx
from budgetlens.readers.grid import MAX_ENTRIES
from conftest import EXAMPLES, SEEDS, parsed

FORMATS = ["docx", "xlsx", "xlsx-one-sheet", "html"]
MARKDOWN_SEEDS = ["000_9131eab83374bb33", "002_4e0ed6e09b019fe1"]
runner = CliRunner()


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """seed → (format → path, docgen.Document), written once per session."""
    out = {}
    root = tmp_path_factory.mktemp("office")
    for seed in SEEDS:
        path = EXAMPLES / f"{seed}.txt"
        document = docgen.seed_document(path)
        files = {"docx": root / f"{seed}.docx", "xlsx": root / f"{seed}.xlsx",
                 "xlsx-one-sheet": root / f"{seed}.one.xlsx", "html": root / f"{seed}.html"}
        docgen.write_docx(path, files["docx"], document=document)
        docgen.write_xlsx(path, files["xlsx"], document=document)
        docgen.write_xlsx(path, files["xlsx-one-sheet"], one_sheet=True, document=document)
        docgen.write_html(path, files["html"], document=document)
        out[seed] = (files, document)
    return out


def cli_cells(path) -> list[dict]:
    """`budgetlens parse PATH --format cells`, without the line column."""
    result = runner.invoke(app, ["parse", str(path), "--format", "cells"])
    assert result.exit_code == 0, result.output
    return [{k: v for k, v in row.items() if k != "line"} for row in csv.DictReader(io.StringIO(result.stdout))]


def text_cells(seed: str) -> list[dict]:
    return cli_cells(EXAMPLES / f"{seed}.txt")


def without_left_out(cells: list[dict], document) -> list[dict]:
    """The text version's cells less those docgen could not place (undecided columns)."""
    kept = [c for c in cells if "|" not in c["column"]]
    assert len(cells) - len(kept) == len(document.left_out)
    return kept


@pytest.mark.parametrize("fmt", FORMATS)
def test_generated_files_give_the_text_cells(generated, seed, fmt):
    files, document = generated[seed]
    expected = without_left_out(text_cells(seed), document)
    got = cli_cells(files[fmt])
    assert got == expected
    assert len(got) > 50


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed_name", MARKDOWN_SEEDS)
def test_generated_files_give_the_same_findings(generated, seed_name, fmt):
    from budgetlens.checks import check

    def findings(disc):
        return Counter((f.rule, f.severity, f.fingerprint, f.expected, f.found, f.difference)
                       for f in check(disc).findings)

    files, _ = generated[seed_name]
    assert findings(parse(files[fmt])) == findings(parsed(seed_name))


def test_formats_and_provenance_of_lines(generated):
    files, _ = generated["000_9131eab83374bb33"]
    docx_doc = read_document(files["docx"])
    xlsx_doc = read_document(files["xlsx"])
    html_doc = read_document(files["html"])
    assert (docx_doc.format, xlsx_doc.format, html_doc.format) == ("docx", "xlsx", "html")
    row = next(ln for ln in docx_doc.lines if ln.cells and "277.90" in ln.cells)
    assert row.cell_refs[row.cells.index("277.90")] == "表格1 第3行第2列" and row.page == 1
    row = next(ln for ln in xlsx_doc.lines if ln.cells and "277.90" in ln.cells)
    assert row.cell_refs[row.cells.index("277.90")] == "表1!B7" and row.ref == "表1!7:7"
    assert all(len(ln.cell_refs) == len(ln.cells) for d in (docx_doc, xlsx_doc, html_doc)
               for ln in d.lines if ln.cells)
    for fmt, ref in (("docx", "表格2 第4行第5列"), ("xlsx", "表2!E8"), ("html", "表格2 第4行第5列")):
        cell = parse(files[fmt]).tables[1].rows[0].cells[0]          # 表2 总计, 277.90
        assert (cell.text, cell.provenance.ref) == ("277.90", ref)


def test_cli_subprocess_reads_docx(generated):
    files, document = generated["001_bb7d043ad2da133b"]
    result = subprocess.run([sys.executable, "-m", "budgetlens.cli.main", "parse", str(files["docx"]),
                             "--format", "cells"], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    rows = [{k: v for k, v in r.items() if k != "line"} for r in csv.DictReader(io.StringIO(result.stdout))]
    assert rows == without_left_out(text_cells("001_bb7d043ad2da133b"), document)


# ---- merged cells --------------------------------------------------------------------------

def test_header_merges_are_read_once(generated):
    files, _ = generated["000_9131eab83374bb33"]
    with zipfile.ZipFile(files["docx"]) as z:
        xml = z.read("word/document.xml").decode()
    assert '<w:gridSpan w:val="6"/>' in xml and "<w:vMerge/>" in xml
    for fmt in ("docx", "xlsx", "html"):
        doc = read_document(files[fmt])
        header = next(ln for ln in doc.lines if ln.cells and "财政拨款（补助）" in ln.cells)
        i = header.cells.index("财政拨款（补助）")
        assert header.cells[i + 1:i + 6] == [""] * 5            # spans its five sub-columns
        assert len(set(header.cell_refs[i:i + 6])) == 1         # covered cells point at it
        below = doc.lines[doc.lines.index(header) + 1]
        assert below.cells[i:i + 3] == ["财政拨款（补助）小计", "一般公共预算", "上级一般公共预算安排的转移支付"]
        assert below.cells[3] == "" and below.cell_refs[3] == header.cell_refs[3]   # 功能分类科目名称 spans down
        wrapped = next(ln for ln in doc.lines if ln.cells and "项目支出合计" in ln.cells)   # '项目支出 合计' on two lines
        assert {"工资福利支出", "商品和服务支出", "对个人和家庭的补助"} <= set(wrapped.cells)


def word_table(tmp_path):
    import docx
    word = docx.Document()
    word.add_paragraph("表 1")
    word.add_paragraph("部门收支总体情况表")
    table = word.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 3)).text = "单位：万元"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "项目"
    table.cell(1, 1).merge(table.cell(1, 3)).text = "预算数"
    for c, text in enumerate(["合计", "基本\n支出", "项目 支出"], start=1):
        table.cell(2, c).text = text
    for c, text in enumerate(["一般公共服务支出", "12.10", "", "12.10"]):
        table.cell(3, c).text = text
    word.add_paragraph("注：以上为示例。")
    word.add_table(rows=1, cols=2).cell(0, 0).text = "第二个表"
    word.add_paragraph("结束")
    path = tmp_path / "merged.docx"
    word.save(path)
    return path


@pytest.mark.parametrize("vml_only", [False, True], ids=["drawing", "vml"])
def test_docx_laid_out_in_text_boxes_reads_as_the_plain_docx(generated, tmp_path, vml_only):
    """PDF-to-Word converters put the pages in text boxes: their paragraphs and tables are read
    as the body's (they had all run together into one line, and no table was found), and
    Word's fallback copy of each box is not read twice."""
    for seed in MARKDOWN_SEEDS:
        files, _ = generated[seed]
        boxed = tmp_path / f"{seed}.boxed.docx"
        docgen.box_docx(files["docx"], boxed, vml_only=vml_only)
        assert cli_cells(boxed) == cli_cells(files["docx"])
        assert len(parse(boxed).narrative.claims) == len(parse(files["docx"]).narrative.claims)


def test_docx_hidden_text_is_not_read(tmp_path):
    """Text formatted as hidden (w:vanish: a template's instructions, a figure kept for the
    author) is neither shown nor printed: not read, in paragraphs or cells."""
    import docx
    from docx.oxml import OxmlElement

    word = docx.Document()
    para = word.add_paragraph()
    para.add_run("收入预算 417.37 万元")
    para.add_run("（此处填写说明 999.99）")._r.get_or_add_rPr().append(OxmlElement("w:vanish"))
    table = word.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "合计"
    cell = table.cell(0, 1).paragraphs[0]
    cell.add_run("12.00")
    cell.add_run("88.00")._r.get_or_add_rPr().append(OxmlElement("w:vanish"))
    off = OxmlElement("w:vanish")       # turned off: shown
    off.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "0")
    para.add_run("（已核）")._r.get_or_add_rPr().append(off)
    path = tmp_path / "hidden.docx"
    word.save(str(path))
    lines = [(ln.text, ln.cells) for ln in read_document(path).lines if ln.text]
    assert lines == [("收入预算 417.37 万元（已核）", None), ("合计\t12.00", ["合计", "12.00"])]


def test_docx_merged_cells_and_order(tmp_path):
    doc = read_document(word_table(tmp_path))
    texts = [ln.text for ln in doc.lines if ln.text]
    assert texts[:3] == ["表 1", "部门收支总体情况表", "单位：万元"]     # a row spanning the table is text
    grid = [ln for ln in doc.lines if ln.cells]
    assert grid[0].cells == ["项目", "预算数", "", ""]
    assert grid[1].cells == ["", "合计", "基本支出", "项目 支出"]     # wrapped CJK joined, a typed space kept
    assert grid[1].cell_refs[0] == "表格1 第2行第1列"                  # vMerge points at its top cell
    assert grid[2].cells == ["一般公共服务支出", "12.10", "", "12.10"]
    assert texts[-3:] == ["注：以上为示例。", "第二个表\t", "结束"]      # paragraphs stay between tables
    assert grid[-1].page == 2 and grid[-1].ref == "表格2 第1行"


def test_docx_automatic_numbering_is_written_out(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    word = docx.Document()
    word.part.numbering_part.element.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1部分"/>'
        '<w:suff w:val="space"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%2、"/>'
        '<w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%3）"/>'
        '<w:suff w:val="nothing"/></w:lvl></w:abstractNum>'))
    word.part.numbering_part.element.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in [("概况", 0), ("主要职能", 1), ("承担", 2), ("负责", 2), ("机构设置", 1),
                        ("预算公开表", 0), ("收支", 1)] + [("其他", 1)] * 10:
        paragraph = word.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    word.add_paragraph("按样式编号", style="List Number")
    path = tmp_path / "numbered.docx"
    word.save(path)
    texts = [ln.text for ln in read_document(path).lines if ln.text]
    assert texts[:7] == ["第一部分 概况", "一、主要职能", "（一）承担", "（二）负责", "二、机构设置",
                         "第二部分 预算公开表", "一、收支"]
    assert texts[-2:] == ["十一、其他", "1. 按样式编号"]


def test_html_rowspan_colspan_and_layout_tables(tmp_path):
    page = """<html><body><table><tr><td>
      <p>部门收支总体情况表</p>
      <table border=1>
        <tr><th rowspan=2>项目</th><th colspan=2>预算数</th></tr>
        <tr><th>合计</th><th>基本<br>支出</th></tr>
        <tr><td>一般公共
            服务支出</td><td>1,759.05</td><td rowspan=0>3.00</td></tr>
        <tr><td colspan="3">注：本表无数据</td></tr>
      </table><div>说明<br>第二行</div></td></tr></table></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    lines = [ln for ln in doc.lines if ln.text]
    assert [ln.cells for ln in lines if ln.cells] == [["项目", "预算数", ""], ["", "合计", "基本支出"],
                                                     ["一般公共服务支出", "1,759.05", "3.00"]]
    assert [ln.text for ln in lines if not ln.cells] == ["部门收支总体情况表", "注：本表无数据", "说明", "第二行"]
    assert lines[2].cell_refs == ["表格1 第1行第1列", "表格1 第2行第2列", "表格1 第2行第3列"]


def test_html_tables_left_open_are_each_read(tmp_path):
    """Unclosed <table>s nest in the parsed page, each straight inside the one before, not in
    a cell: each is read as a table of its own (they were lost after the first row)."""
    path = tmp_path / "open.html"
    path.write_text("<html><body><p>部门收支总体情况表</p>" + "".join(
        f"<table><tr><td>项目{n}</td><td>{n}.00</td></tr>" for n in range(1, 6)) + "</body></html>", encoding="utf-8")
    assert [ln.cells for ln in read_document(path).lines if ln.cells] == [[f"项目{n}", f"{n}.00"] for n in range(1, 6)]


def test_html_spans_over_millions_of_cells_are_refused(tmp_path):
    path = tmp_path / "spans.html"
    row = '<tr><td colspan="100000" rowspan="100000">1.00</td><td>2.00</td></tr>'
    path.write_text("<html><body><table>" + row * 300 + "</table></body></html>", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ReadError, match="超过"):
        read_document(path)
    # refused from the sheet's stated span, before any cell is read: reading them would take
    # hours, so a generous bound tells the two apart on however loaded a machine
    assert time.perf_counter() - start < 30


# ---- encodings ----------------------------------------------------------------------------

def test_gbk_html_gives_the_same_cells(generated, tmp_path):
    seed = "000_9131eab83374bb33"
    files, document = generated[seed]
    path = tmp_path / "gbk.html"
    docgen.write_html(EXAMPLES / f"{seed}.txt", path, charset="gb2312", document=document)
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert cli_cells(path) == text_cells(seed)


def test_html_with_a_wrong_charset_is_guessed(tmp_path):
    page = ('<html><head><meta charset="utf-8"></head><body><p>镕基 部门收支总体情况表</p>'
            '<table><tr><td>一般公共服务支出</td><td>1.00</td></tr></table></body></html>')
    path = tmp_path / "wrong.html"
    path.write_bytes(page.encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030" and doc.lines[0].text == "镕基 部门收支总体情况表"


# ---- workbooks -----------------------------------------------------------------------------

def test_xls_written_by_libreoffice(generated, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装，无法生成 .xls 文件")
    seed = "000_9131eab83374bb33"
    files, _ = generated[seed]
    wide = wide_workbook(tmp_path / "wide.xlsx", "IV65536")          # the most an .xls holds
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(files["xlsx"]), str(wide)],
                   check=True, capture_output=True, timeout=180)
    with pytest.raises(ReadError, match="跨度超过"):
        read_document(tmp_path / "wide.xls")
    path = tmp_path / files["xlsx"].with_suffix(".xls").name
    doc = read_document(path)
    assert doc.format == "xls"
    row = next(ln for ln in doc.lines if ln.cells and "一、本年收入" in ln.cells)
    assert row.cells[1] == "277.90" and row.cell_refs[1] == "表1!B7"   # the cell's 0.00 format kept
    assert cli_cells(path) == text_cells(seed)


@pytest.mark.parametrize("seed", ["000_9131eab83374bb33", "001_bb7d043ad2da133b"])
def test_pdf_printed_from_a_spreadsheet(tmp_path, seed):
    """Budget tables are often published as PDFs printed from Excel or WPS: LibreOffice Calc
    prints the ruled, fitted workbook, and the PDF reads as the workbook does. (The other two
    seeds print headers whose columns do not line up with their amounts as the text gives
    them, so a PDF of them shows other tables than their text; the PDF tests use WeasyPrint.)"""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装，无法打印工作簿")
    book = tmp_path / f"{seed}.xlsx"
    docgen.write_xlsx(EXAMPLES / f"{seed}.txt", book, printable=True)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(book)], check=True, capture_output=True, timeout=300)
    pdf = book.with_suffix(".pdf")
    assert read_document(pdf).format == "pdf"
    assert cli_cells(pdf) == cli_cells(book)
    assert not [i for i in parse(pdf).issues if i.code in ("ambiguous-column", "amount-hidden")]


def test_pdf_printed_from_a_spreadsheet_without_rules(tmp_path):
    """A workbook printed without borders: no rule tells the cells apart, and pdfium gives the
    text in drawing order (a spreadsheet draws column by column; 表1 was not found). Lines are
    read by the characters' places, cells run together are read again with words cut at
    smaller gaps: every amount is read in its column, or reported undecided, none elsewhere."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装，无法打印工作簿")
    seed = MARKDOWN_SEEDS[0]
    book = tmp_path / f"{seed}.xlsx"
    docgen.write_xlsx(EXAMPLES / f"{seed}.txt", book, printable=True, ruled=False)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(book)], check=True, capture_output=True, timeout=300)

    def key(c):
        return c["kind"], c["code"], c["name"], c["project"], c["amount"]

    printed, truth = cli_cells(book.with_suffix(".pdf")), Counter((*key(c), c["column"]) for c in cli_cells(book))
    assert len(printed) == sum(truth.values())
    for c in printed:
        columns = c["column"].split("|")
        assert any((*key(c), col) in truth for col in columns), c
    assert sum(1 for c in printed if "|" not in c["column"]) >= 0.9 * len(printed)


def wide_workbook(path, corner: str):
    import xlsxwriter
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("宽表")
    sheet.write("A1", "部门收支总体情况表")
    sheet.write(corner, "1.00")
    book.close()
    return path


def test_a_sheet_spanning_millions_of_cells_is_refused(tmp_path):
    start = time.perf_counter()
    with pytest.raises(ReadError, match="宽表.*跨度超过"):
        read_document(wide_workbook(tmp_path / "wide.xlsx", "XFD1048576"))
    # refused from the sheet's stated span, before any cell is read: reading them would take
    # hours, so a generous bound tells the two apart on however loaded a machine
    assert time.perf_counter() - start < 30


def test_sheet_rows_of_text(tmp_path):
    import xlsxwriter
    path = tmp_path / "text.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sheet 1")
    sheet.write("B2", "部门收支总体情况表")                       # unmerged, above the table
    sheet.write("B3", "编制单位：某局")
    sheet.write("E3", "单位：万元")
    sheet.write_row("B4", ["项目", "合计", "基本支出", "项目支出"])
    sheet.write_row("B5", ["其中：", None, None, None])           # a label alone inside the table
    sheet.write_row("B6", ["合计", 1.5, 1, 0.5])
    sheet.merge_range("B7:E7", "注：以上为示例")
    sheet.write("B8", "（续）")                                   # below the table
    book.close()
    lines = [ln for ln in read_document(path).lines if ln.text]
    assert [(ln.text, ln.cells is None) for ln in lines] == [
        ("部门收支总体情况表", True), ("编制单位：某局 单位：万元", True),
        ("项目\t合计\t基本支出\t项目支出", False), ("其中：", False), ("合计\t1.5\t1\t0.5", False),
        ("注：以上为示例", True), ("（续）", True)]
    assert lines[0].ref == "'Sheet 1'!B2" and lines[4].cell_refs[1] == "'Sheet 1'!C6"
    assert lines[4].page == 1 and lines[4].ref == "'Sheet 1'!6:6"


def test_hidden_rows_and_columns_are_left_out(generated, tmp_path):
    """A budget system's export keeps figures in hidden columns and rows; the printed sheet
    does not show them, so they are not read (they were read as amounts, and the columns
    after a hidden one shifted), and a warning names them."""
    for seed in MARKDOWN_SEEDS:
        files, document = generated[seed]
        path = tmp_path / f"{seed}.hidden.xlsx"
        docgen.write_xlsx(EXAMPLES / f"{seed}.txt", path, document=document, hidden_column=2)
        assert cli_cells(path) == cli_cells(files["xlsx"])
        said = [w for w in read_document(path).warnings if "隐藏" in w]
        assert said and all("列 C" in w for w in said)


def test_hidden_rows_and_columns_of_an_xls_are_left_out(generated, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装，无法生成 .xls 文件")
    seed = MARKDOWN_SEEDS[0]
    files, document = generated[seed]
    book = tmp_path / "hidden.xlsx"
    docgen.write_xlsx(EXAMPLES / f"{seed}.txt", book, document=document, hidden_column=2)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(book)], check=True, capture_output=True, timeout=180)
    path = book.with_suffix(".xls")
    assert cli_cells(path) == cli_cells(files["xlsx"])
    assert [w for w in read_document(path).warnings if "隐藏的列 C" in w]


def test_hidden_sheets_are_skipped(tmp_path):
    import xlsxwriter
    path = tmp_path / "hidden.xlsx"
    book = xlsxwriter.Workbook(path)
    shown = book.add_worksheet("表1")
    shown.write_row(0, 0, ["项目", "金额"])
    shown.write_row(1, 0, ["合计", 3.5])
    hidden = book.add_worksheet("底稿")
    hidden.write_row(0, 0, ["秘密", 9.99])
    hidden.hide()
    book.close()
    doc = read_document(path)
    assert [ln.cells for ln in doc.lines] == [["项目", "金额"], ["合计", "3.5"]]
    assert doc.warnings == ["已跳过隐藏的工作表「底稿」"]


def test_numbers_read_as_shown(tmp_path):
    import xlsxwriter
    path = tmp_path / "numbers.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("数")
    fixed = book.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, ["项目", "通用格式", "两位小数", "百分比"])
    sheet.write_number(1, 1, 1759.05)
    sheet.write_number(1, 2, 1759.05, fixed)
    sheet.write_number(1, 3, 0.125, book.add_format({"num_format": "0.0%"}))
    sheet.write_string(1, 0, "甲")
    sheet.write_number(2, 2, 12.1, fixed)
    sheet.write_number(2, 1, 100)
    sheet.write_string(2, 0, "乙")
    book.close()
    # the binary artefact a formula leaves behind, as Excel stores it
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet_xml = "xl/worksheets/sheet1.xml"
    parts[sheet_xml] = parts[sheet_xml].replace(b"<v>1759.05</v>", b"<v>1759.0499999999997</v>")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    rows = [ln.cells for ln in read_document(path).lines]
    assert rows[1] == ["甲", "1759.05", "1759.05", "12.5%"]
    assert rows[2] == ["乙", "100", "12.10"]


# ---- hostile and broken files -------------------------------------------------------------

def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.xlsx"
    zeros = b"\0" * (25 * 1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for n in range(10):                                   # 250 MB declared
            z.writestr(f"xl/worksheets/sheet{n}.xml", zeros)
    assert path.stat().st_size < 2 * 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(ReadError, match="ZIP 炸弹"):
        read_document(path)
    # refused from the sheet's stated span, before any cell is read: reading them would take
    # hours, so a generous bound tells the two apart on however loaded a machine
    assert time.perf_counter() - start < 30


def test_zip_with_lying_sizes_or_too_many_parts(tmp_path):
    path = tmp_path / "lying.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    while central >= 0:                                       # declare 3 GB per part
        struct.pack_into("<I", data, central + 24, 3_000_000_000)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match="lying.docx.*超过上限"):
        read_document(path)
    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w") as z:
        for n in range(MAX_ENTRIES + 1):
            z.writestr(f"xl/p{n}.xml", "")
    with pytest.raises(ReadError, match="部件"):
        read_document(many)


def test_truncated_and_corrupted_docx(generated, tmp_path):
    files, _ = generated["000_9131eab83374bb33"]
    data = files["docx"].read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="cut.docx"):
        read_document(cut)
    with pytest.raises(ReadError, match="cut.docx.*损坏或不完整"):
        read_docx(str(cut), cut.read_bytes())
    with zipfile.ZipFile(files["docx"]) as z:
        info = z.getinfo("word/document.xml")
    broken = bytearray(data)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 100, start + 400):
        broken[i] ^= 0x5A
    bad = tmp_path / "bad.docx"
    bad.write_bytes(bytes(broken))
    with pytest.raises(ReadError, match="bad.docx"):
        read_document(bad)


def compound_file(streams: list[str]) -> bytes:
    """A minimal OLE compound file (MS-CFB v3) whose directory names `streams`."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into("<I", header, 72, 0)
    struct.pack_into("<109I", header, 76, 0, *([0xFFFFFFFF] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    directory = bytearray(512)
    for n, (name, kind) in enumerate([("Root Entry", 5)] + [(s, 2) for s in streams][:3]):
        entry = bytearray(128)
        raw = name.encode("utf-16-le")
        entry[:len(raw)] = raw
        struct.pack_into("<HBB", entry, 64, len(raw) + 2, kind, 1)
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, n + 1 if 0 < n < len(streams) else 0xFFFFFFFF,
                         1 if n == 0 else 0xFFFFFFFF)
        struct.pack_into("<IQ", entry, 116, 0xFFFFFFFE, 0)
        directory[n * 128:(n + 1) * 128] = entry
    return bytes(header) + fat + bytes(directory)


def test_encrypted_and_mislabelled_compound_files(tmp_path):
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(compound_file(["EncryptionInfo", "EncryptedPackage"]))
    start = time.perf_counter()
    with pytest.raises(ReadError, match="locked.xlsx 受密码保护"):
        read_document(locked)
    # refused from the sheet's stated span, before any cell is read: reading them would take
    # hours, so a generous bound tells the two apart on however loaded a machine
    assert time.perf_counter() - start < 30
    word = tmp_path / "old.xls"
    word.write_bytes(compound_file(["WordDocument", "1Table"]))
    with pytest.raises(ReadError, match="旧版 Word"):
        read_document(word)
    result = runner.invoke(app, ["parse", str(locked)])
    assert result.exit_code == 2


def test_docx_without_tables_is_not_a_disclosure(tmp_path):
    import docx
    word = docx.Document()
    word.add_heading("会议纪要", level=1)
    word.add_paragraph("本次会议讨论了办公用房维修事项，与会人员一致同意。")
    path = tmp_path / "minutes.docx"
    word.save(path)
    result = subprocess.run([sys.executable, "-m", "budgetlens.cli.main", "parse", str(path)],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 2
    assert "minutes.docx 不是预算公开文件" in result.stderr


def test_pdf_is_written_with_cjk_text(tmp_path):
    pytest.importorskip("weasyprint", reason="weasyprint 未安装")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils 未安装")
    path = tmp_path / "seed.pdf"
    seed = EXAMPLES / "000_9131eab83374bb33.txt"
    document = docgen.Document([b for b in docgen.seed_document(seed).blocks if b.owner == 0])   # 表1
    docgen.write_pdf(seed, path, document=document)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "部门收支总体情况表" in text and "277.90" in text


def test_rows_and_columns_drawn_zero_wide_count_as_hidden():
    from budgetlens.readers.workbook import hidden_rows_and_columns

    xml = (b'<cols><col min="2" max="3" width="0" customWidth="1"/><col min="5" max="5" width="10.5"/>'
           b'<col min="7" max="7" width="8" hidden="1"/></cols><sheetData><row r="4" ht="0" customHeight="1">'
           b'<c r="A4"/></row><row r="5" ht="15"/><row r="6" hidden="true"/></sheetData>')
    assert hidden_rows_and_columns(xml) == ({3, 5}, {1, 2, 6})


def test_a_text_cell_is_read_line_by_line(tmp_path):
    """A sheet's 情况说明 typed into one cell: each of its lines a line of text (numbered
    headings stay headings), with the cell's ref; a wrapped header cell stays one cell."""
    import xlsxwriter
    path = tmp_path / "text.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("说明")
    sheet.merge_range("A1:D1", "其他相关情况说明")
    sheet.merge_range("A3:D3", "  一、“三公”经费预算情况说明\n    “三公”经费预算数为20.00万元。\n\n  二、机关运行经费预算\n")
    sheet.write_row("A5", ["项目", "事业单位\n经营收入", "合计", "其他"])
    sheet.write_row("A6", ["合计", 1.5, 1, 0.5])
    book.close()
    lines = [ln for ln in read_document(path).lines if ln.text]
    assert [ln.text for ln in lines[:4]] == ["其他相关情况说明", "一、“三公”经费预算情况说明",
                                             "“三公”经费预算数为20.00万元。", "二、机关运行经费预算"]
    assert {ln.ref for ln in lines[1:4]} == {"说明!A3"}
    assert lines[4].cells[1] == "事业单位经营收入"


def test_label_cells_merged_down_over_projects(generated, tmp_path):
    """A budget system's export merges the code and the function's name down over each of its
    projects: every project row keeps them (the rows after the first read '' and would be
    children of 总计, failing every sum)."""
    from openpyxl import load_workbook

    seed = "000_9131eab83374bb33"
    files, _ = generated[seed]
    book = load_workbook(files["xlsx"])
    sheet = book["表7"]
    projects = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "201" and sheet.cell(r, 3).value]
    projects += [r for r in range(projects[-1] + 1, sheet.max_row + 1) if sheet.cell(r, 5).value and not sheet.cell(r, 1).value]
    assert len(projects) == 3
    for column in range(1, 5):
        for r in projects[1:]:
            sheet.cell(r, column).value = None
        sheet.merge_cells(start_row=projects[0], start_column=column, end_row=projects[-1], end_column=column)
    path = tmp_path / "merged.xlsx"
    book.save(path)
    assert cli_cells(path) == text_cells(seed)


# ---- pictures of tables --------------------------------------------------------------------

def png(width: int, height: int):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    out.seek(0)
    return out


def docx_with_pictures(source, path, replace_table: int | None):
    """The DOCX with a logo (2 cm) before its first paragraph and, if replace_table is given,
    that body table replaced by a picture 15 cm wide (a table pasted as an image)."""
    import docx
    from docx.shared import Cm

    document = docx.Document(str(source))
    body = document.element.body
    logo = document.add_paragraph()
    logo.add_run().add_picture(png(40, 40), width=Cm(2))
    body.find(qn_w("p")).addprevious(logo._p)
    if replace_table is not None:
        table = [c for c in body.iterchildren() if c.tag == qn_w("tbl")][replace_table]
        picture = document.add_paragraph()
        picture.add_run().add_picture(png(600, 300), width=Cm(15))
        table.addprevious(picture._p)
        body.remove(table)
    document.save(str(path))
    return path


def qn_w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def test_pictures_where_a_table_is_missing_are_told(generated, tmp_path):
    """A table pasted into Word as a picture: the table is reported missing, and a warning
    says the file shows a picture that is not read (no OCR of embedded images), and where.
    A logo is no picture of a table; a document missing nothing says nothing of pictures."""
    files, _ = generated["000_9131eab83374bb33"]
    whole = parse(docx_with_pictures(files["docx"], tmp_path / "logo.docx", None))
    assert not [i for i in whole.issues if "图片" in i.message]
    assert read_document(tmp_path / "logo.docx").pictures == []
    disc = parse(docx_with_pictures(files["docx"], tmp_path / "pasted.docx", 3))       # 表3's table
    assert not disc.tables[2].rows and not disc.tables[2].header
    told = [i.message for i in disc.issues if "图片" in i.message]
    assert len(told) == 1 and told[0].startswith("文件中有 1 张图片（段落") and "前文“单位：万元”" in told[0]
    assert "未做文字识别，或识别不出文字" in told[0] and "只有标题、没有表格内容的表（部门支出总体情况表）" in told[0]


def test_a_file_of_pictures_only_says_so(tmp_path):
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph("2026年部门预算公开")
    for _ in range(2):
        document.add_paragraph().add_run().add_picture(png(600, 300), width=Cm(15))
    document.save(str(tmp_path / "pictures.docx"))
    with pytest.raises(ReadError, match="文件中有 2 张图片（段落2（前文“2026年部门预算公开”）；段落3（前文"):
        parse(tmp_path / "pictures.docx")


def test_xlsx_and_html_pictures_are_found(tmp_path):
    import xlsxwriter

    from budgetlens.readers.html import read_html

    path = tmp_path / "pictures.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表1")
    ws.write_row(0, 0, ["项目", "金额"])
    ws.insert_image("B3", "table.png", {"image_data": png(600, 300)})
    ws.insert_image("A1", "logo.png", {"image_data": png(40, 40)})
    hidden = wb.add_worksheet("表2")
    hidden.write(0, 0, "x")
    hidden.insert_image("A2", "table.png", {"image_data": png(600, 300)})
    hidden.hide()
    wb.close()
    assert read_document(path).pictures == ["工作表「表1」B3"]
    page = ("<html><body><p>表3</p><img src='/upload/2026/biao3.png'><img alt=' 表4  支出表 ' src='x.png' "
            "width='800' height='600'><img src='icon.gif' width='16' height='16'>"
            "<img style='width:20px;height:20px' src='dot.png'><div style='display:none'><img src='tab.png'></div>"
            "<img src='data:image/png;base64,AAAA'></body></html>")
    assert read_html("x.html", page.encode()).pictures == ["图片“biao3.png”", "图片“表4 支出表”", "图片“嵌入的图片数据”"]


def test_xls_pictures_are_found_and_logos_left_out(tmp_path):
    """The same pictures in an .xls (saved by LibreOffice): the table's picture is told by the
    cell it starts at, the logo (40 px square) is not, as in the .xlsx; a logo alone says nothing."""
    import xlsxwriter

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装，无法生成 .xls 文件")
    for name, table in (("pictures", True), ("logo", False)):
        wb = xlsxwriter.Workbook(str(tmp_path / f"{name}.xlsx"))
        ws = wb.add_worksheet("表1")
        ws.write_row(0, 0, ["项目", "金额"])
        if table:
            ws.insert_image("B3", "table.png", {"image_data": png(600, 300)})
        ws.insert_image("A1", "logo.png", {"image_data": png(40, 40)})
        wb.close()
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls",
                        "--outdir", str(tmp_path), str(tmp_path / f"{name}.xlsx")], check=True, capture_output=True,
                       timeout=180)
    assert read_document(tmp_path / "pictures.xls").pictures == ["工作表「表1」B3"]
    assert read_document(tmp_path / "logo.xls").pictures == []


def test_pictures_are_told_only_where_a_table_is_lacking():
    from budgetlens.model import Disclosure
    from budgetlens.pipeline import picture_warning

    disc = Disclosure(missing=["表3 部门支出总体情况表", "概况部分"])
    picture_warning(disc, ["工作表「表1」B3", "工作表「表1」B3", "工作表「表2」A1"])
    assert [i.message for i in disc.issues] == [
        ("文件中有 3 张图片（工作表「表1」B3；工作表「表2」A1），其中的内容未读取（未做文字识别，或识别不出文字）；"
         "缺少的表如以图片形式粘贴在文件中，请改用含表格文字的原文件（Excel/Word 表格或可复制文字的 PDF）后再读取")]
    disc = Disclosure(missing=["概况部分"])
    picture_warning(disc, ["工作表「表1」B3"])
    assert disc.issues == []
