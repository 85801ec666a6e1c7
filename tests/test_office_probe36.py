"""Office and web forms probed again (session 36): what each form prints is read as printed.
Inputs are written here as offices, budget systems and converters make them, with figures and
names chosen, the truth known by construction."""

from __future__ import annotations

import pytest
from test_robustness import seed_with

from budgetlens.pipeline import parse

S000 = "000_9131eab83374bb33"
OFFICES = "下设 4 个科室，分别是：综合科、运行维护科、技术服务科、安全保障科。"


# ---- the offices named before their count ----------------------------------------------------

@pytest.mark.parametrize("said,names", [
    ("内设机构包括综合科、运行维护科等4个科室。", ["综合科", "运行维护科"]),
    ("内设综合科、运行维护科、技术服务科、安全保障科4个科室。", ["综合科", "运行维护科", "技术服务科", "安全保障科"]),
    ("设综合科、建设科2个科室。", ["综合科", "建设科"]),
])
def test_offices_named_before_their_count(tmp_path, said, names):
    """"A、B 等N个科室" names some of the offices, "A、B N个科室" every one: the names as
    printed (none had been read)."""
    assert parse(seed_with(tmp_path, S000, [(OFFICES, said)])).overview.offices == names


@pytest.mark.parametrize("said,names", [
    ("内设机构：综合科、运行维护科、技术服务科。", ["综合科", "运行维护科", "技术服务科"]),
    ("内设机构包括综合科、运行维护科等。", ["综合科", "运行维护科"]),
    ("内设2个职能科室：综合科、运行维护科。", ["综合科", "运行维护科"]),
    ("机关内设科室2个，即综合科、运行维护科（挂技术服务科牌子）。", ["综合科", "运行维护科（挂技术服务科牌子）"]),
])
def test_offices_listed_after_a_colon_or_without_a_count(tmp_path, said, names):
    """A list after 内设机构： or 包括 with no count, after a count and a colon, after 即: the
    names as printed (none had been read)."""
    assert parse(seed_with(tmp_path, S000, [(OFFICES, said)])).overview.offices == names


@pytest.mark.parametrize("said", [
    "内设机构为人员、经费、资产。",                       # no office's names
    "按规定设置综合科、运行维护科等部门。",
    "内设综合科、运行维护科、技术服务科2个科室。",       # more names than the count: not a list of them
    "支出包括基本支出、项目支出2个部分。",
])
def test_lists_that_are_no_offices_before_a_count(tmp_path, said):
    """Near misses: a list whose names are not as many as the count of every office, a list of
    other things: no offices."""
    assert parse(seed_with(tmp_path, S000, [(OFFICES, said)])).overview.offices == []


# ---- the year printed only in the sheets' names ----------------------------------------------

def budget_system_export(path, names: list[str], title_year: str = "") -> None:
    """A budget system's export: one sheet a table, each named by the system, the cells
    printing the table's title without a year (or with `title_year` before it)."""
    import openpyxl
    wb = openpyxl.Workbook()
    tables = [("部门收入总体情况表", ["项目", "合计", "一般公共预算"], [["合计", 180, 180]]),
              ("部门支出总体情况表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
               [["", "合计", 180, 130, 50], ["201", "一般公共服务支出", 180, 130, 50]])]
    for n, (name, (title, header, rows)) in enumerate(zip(names, tables)):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = name
        ws.append([title_year + title])
        ws.append(["编制单位：某某局", "", "", "单位：万元"])
        ws.append(header)
        for r in rows:
            ws.append(r)
    wb.save(path)


def test_the_year_only_the_sheet_names_print(tmp_path):
    """Sheets named 2025年部门收入总表, 2025年部门支出总表, their cells printing no year: the
    year is 2025 (it was left empty)."""
    path = tmp_path / "export.xlsx"
    budget_system_export(path, ["2025年部门收入总表", "2025年部门支出总表"])
    assert parse(path).meta.year == 2025


@pytest.mark.parametrize("names,year", [
    (["Sheet1", "Sheet2"], None),                            # names that say nothing
    (["2024年收入总表", "2025年支出总表"], None),              # two years as often: not guessed
    (["2024-2025收入对比", "2024-2025支出对比"], None),        # a span names no one year
])
def test_sheet_names_that_give_no_year_or_another(tmp_path, names, year):
    path = tmp_path / "export.xlsx"
    budget_system_export(path, names)
    assert parse(path).meta.year == year


def test_the_cells_year_before_the_sheet_names(tmp_path):
    """Near miss: the cells print 2026年 in the titles; sheets named for another year do not
    change it."""
    path = tmp_path / "export.xlsx"
    budget_system_export(path, ["2025年部门收入总表", "2025年部门支出总表"], title_year="2026年")
    assert parse(path).meta.year == 2026


# ---- an Office 97–2003 file cut short -------------------------------------------------------

def old_format(tmp_path, source, kind: str) -> bytes:
    """`source` saved by LibreOffice as .doc or .xls, as offices save the older forms."""
    import shutil
    import subprocess
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", kind,
                    "--outdir", str(tmp_path / "out"), str(source)], capture_output=True, timeout=180, check=True)
    return (tmp_path / "out" / f"{source.stem}.{kind}").read_bytes()


def disclosure_docx(path) -> None:
    """Seed 000 written as Word would hold it (docgen)."""
    import docgen
    from conftest import EXAMPLES
    docgen.write_docx(EXAMPLES / f"{S000}.txt", path)


@pytest.mark.parametrize("kind,cut", [("doc", 0.1), ("xls", 0.8)])
def test_an_old_office_file_cut_short_is_said_to_be(tmp_path, kind, cut):
    """A .doc or .xls whose download stopped: the error says the file is cut short, how long
    it should be and is, and that what is there cannot be read either (it said only that the
    file may be damaged or encrypted, or passed on the reader's own message). (A .doc cut after
    the start of its text gives the text that is there: test_office_probe38.)"""
    from budgetlens.readers import ReadError, read_document
    source = tmp_path / "src.docx"
    if kind == "doc":
        disclosure_docx(source)
    else:
        source = tmp_path / "src.xlsx"
        budget_system_export(source, ["收入总表", "支出总表"])
    whole = old_format(tmp_path, source, kind)
    path = tmp_path / f"cut.{kind}"
    path.write_bytes(whole[:int(len(whole) * cut)])
    with pytest.raises(ReadError) as said:
        read_document(path)
    assert "不完整（文件被截断）" in str(said.value)
    # (cut this short, the allocation table's later sectors are lost too: "at least" counts
    # the sectors the part left names)
    import re
    at_least = re.search(r"应至少有 (\d+) 字节，实际只有 (\d+) 字节", str(said.value))
    assert int(at_least.group(2)) == int(len(whole) * cut) < int(at_least.group(1)) <= len(whole)


def test_a_whole_old_office_file_and_a_damaged_one_are_not_said_cut_short(tmp_path):
    """Near misses: the whole .doc is read; one damaged inside (its directory overwritten) but
    as long as it should be gets the error it got."""
    from budgetlens.readers import ReadError, read_document
    source = tmp_path / "src.docx"
    disclosure_docx(source)
    whole = old_format(tmp_path, source, "doc")
    path = tmp_path / "whole.doc"
    path.write_bytes(whole)
    assert sum(1 for ln in read_document(path).lines if ln.cells) > 100
    import struct
    first_dir = struct.unpack_from("<I", whole, 48)[0]
    at = (first_dir + 1) * 512
    path.write_bytes(whole[:at] + b"\xff" * 512 + whole[at + 512:])
    with pytest.raises(ReadError) as said:
        read_document(path)
    assert "截断" not in str(said.value)


# ---- a figure merged over two columns the header names apart ------------------------------

HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]


def merged_docx(path, rows: list[list], header: list[list] = (HEADER,)) -> None:
    """部门支出总表 in Word; a cell given as (text, n) is merged over n columns (as an office
    merges the two cells of a line that has one of them only)."""
    import docx
    document = docx.Document()
    document.add_paragraph("2025年部门支出总体情况表")
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=0, cols=sum(1 if isinstance(c, str) else c[1] for c in header[0]))
    for row in [*header, *rows]:
        cells, at = table.add_row().cells, 0
        for item in row:
            text, n = (item, 1) if isinstance(item, str) else item
            if n > 1:
                cells[at].merge(cells[at + n - 1])
            cells[at].text = text
            at += n
    document.save(path)


def cells_of(path) -> dict[str, list[tuple]]:
    """Row code or name → its cells (text, column, candidates) in the parse's one table."""
    table = parse(path).tables[0]
    return {r.code or r.name: [(c.text, c.column, sorted(c.candidates)) for c in r.cells] for r in table.rows}


def test_figures_merged_over_two_columns_are_placed_by_the_identities(tmp_path):
    """行政运行 100.00 and 一般行政管理事务 30.00 each merged over 基本支出 and 项目支出: which
    column each is in the grid does not say; 政府办公厅（室）及相关机构事务 (100.00 basic, 30.00
    project) does. Both had been read in 基本支出 (30.00 there in silence but for a warning)."""
    path = tmp_path / "支出.docx"
    merged_docx(path, [["", "合计", "130.00", "100.00", "30.00"],
                       ["201", "一般公共服务支出", "130.00", "100.00", "30.00"],
                       ["20103", "政府办公厅（室）及相关机构事务", "130.00", "100.00", "30.00"],
                       ["2010301", "行政运行", "100.00", ("100.00", 2)],
                       ["2010302", "一般行政管理事务", "30.00", ("30.00", 2)]])
    got = cells_of(path)
    assert got["2010301"] == [("100.00", "total", []), ("100.00", "basic", [])]
    assert got["2010302"] == [("30.00", "total", []), ("30.00", "project", [])]


def test_a_merged_figure_nothing_decides_stays_open_and_is_said(tmp_path):
    """合计 and its one class both print 50.00 merged over the two columns: either reading adds
    up, so each keeps both columns as candidates and the parse says so."""
    path = tmp_path / "支出.docx"
    merged_docx(path, [["", "合计", "50.00", ("50.00", 2)], ["201", "一般公共服务支出", "50.00", ("50.00", 2)]])
    got = cells_of(path)
    assert got["201"] == [("50.00", "total", []), ("50.00", None, ["basic", "project"])]
    assert any("50.00" in str(issue) and "基本支出、项目支出" in str(issue) for issue in parse(path).issues)


def test_merged_labels_groups_and_a_figure_over_one_amount_column_are_read_as_before(tmp_path):
    """Near misses: 合计 merged over the code and name columns, 本年预算 over the amount
    columns, a figure merged over 项目支出 and the 备注 column (no amount column of the
    template's): each read where it stands, nothing left open."""
    path = tmp_path / "支出.docx"
    header = [["科目编码", "科目名称", ("本年预算", 3), "备注"], ["", "", "合计", "基本支出", "项目支出", ""]]
    merged_docx(path, [[("合计", 2), "130.00", "100.00", ("30.00", 2)],
                       ["201", "一般公共服务支出", "130.00", "100.00", ("30.00", 2)]], header=header)
    got = cells_of(path)
    assert got["201"] == [("130.00", "total", []), ("100.00", "basic", []), ("30.00", "project", [])]
    assert got["合计"] == [("130.00", "total", []), ("100.00", "basic", []), ("30.00", "project", [])]


# ---- a column every row merges with the one before it ----------------------------------------

# 部门支出总表 whose 基本支出 cells are each merged over two grid columns, header and body alike
# (as Word splits a cell's width, a web editor or a budget system's export merges)
WIDE_BASIC = [["科目编码", "科目名称", "合计", ("基本支出", 2), "项目支出"],
              ["", "合计", "130.00", ("100.00", 2), "30.00"],
              ["201", "一般公共服务支出", "130.00", ("100.00", 2), "30.00"]]
READ_AS_PRINTED = [("130.00", "total", []), ("100.00", "basic", []), ("30.00", "project", [])]


def html_page(path, rows: list[list], title: str = "2025年部门支出总体情况表") -> None:
    def td(item):
        text, n = (item, 1) if isinstance(item, str) else item
        return f'<td colspan="{n}">{text}</td>' if n > 1 else f"<td>{text}</td>"
    body = "".join(f"<tr>{''.join(map(td, r))}</tr>" for r in rows)
    path.write_text(f"<html><body><p>{title}</p><p>单位：万元</p><table border=1>{body}</table>"
                    "</body></html>", encoding="utf-8")


def merged_sheet(path, rows: list[list]) -> None:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年部门支出总体情况表"])
    ws.merge_cells("A1:F1")
    ws.append(["单位：万元"])
    for row in rows:
        values, merges = [], []
        for item in row:
            text, n = (item, 1) if isinstance(item, str) else item
            values.append(text)
            if n > 1:
                merges.append(len(values))
                values.extend([None] * (n - 1))
        ws.append(values)
        for c in merges:
            ws.merge_cells(start_row=ws.max_row, start_column=c, end_row=ws.max_row, end_column=c + 1)
    wb.save(path)


@pytest.mark.parametrize("form", ["docx", "html", "xlsx"])
def test_a_column_every_row_merges_away_is_no_column(tmp_path, form):
    """基本支出 over two grid columns in every row: 100.00 is 基本支出's and 30.00 项目支出's (30.00
    had been lost beyond the header, 100.00 read as 基本支出 by order only)."""
    path = tmp_path / f"支出.{form}"
    if form == "docx":
        merged_docx(path, WIDE_BASIC[1:], header=WIDE_BASIC[:1])
    elif form == "html":
        html_page(path, WIDE_BASIC)
    else:
        merged_sheet(path, WIDE_BASIC)
    got = cells_of(path)
    assert got["201"] == got["合计"] == READ_AS_PRINTED
    assert not any("超出表头" in str(issue) for issue in parse(path).issues)


@pytest.mark.parametrize("form", ["docx", "html", "xlsx"])
def test_a_column_a_row_prints_a_cell_of_its_own_in_stays(tmp_path, form):
    """Near miss: the header prints 基本支出 and 项目支出 apart, the body merges the two in its
    rows: the columns stay, each merged figure keeps both as candidates (either reading adds
    up here) and the parse says so."""
    rows = [HEADER, ["", "合计", "30.00", ("30.00", 2)], ["201", "一般公共服务支出", "30.00", ("30.00", 2)]]
    path = tmp_path / f"支出.{form}"
    if form == "docx":
        merged_docx(path, rows[1:])
    elif form == "html":
        html_page(path, rows)
    else:
        merged_sheet(path, rows)
    got = cells_of(path)
    assert got["201"][1][1:] == (None, ["basic", "project"])


# ---- a page that begins with a table's title ---------------------------------------------------

@pytest.mark.parametrize("first,unit", [
    ("", None),                       # the table's title first: it names no unit (it was taken for one)
    ("某某市统计局", "某某市统计局"),    # near miss: a line naming the unit before it still does
])
def test_a_table_title_is_no_unit_name(tmp_path, first, unit):
    path = tmp_path / "支出.html"
    html_page(path, WIDE_BASIC, title="部门支出总体情况表")
    if first:
        path.write_text(path.read_text(encoding="utf-8").replace("<body>", f"<body><p>{first}</p>"), encoding="utf-8")
    assert parse(path).meta.unit_name == unit
