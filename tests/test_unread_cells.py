"""Cells the reader could not read are known to be unreadable all the way through: a workbook
formula saved without its result, a cell holding an error value (#DIV/0!, #REF! …), an amount
printed as ### (column too narrow). The reader marks the cell (Line.unread, or its ### text),
the printed table keeps it with its text, its column, its provenance and why
(PrintedCell.unread), no Fact gets an amount from it, and a check that needs its value says
the instance was not checked, naming the cell and why, instead of an error worked out with
nothing (or 0) in its place. Checks that do not need it work as before.

The documents are the first example disclosure written as a workbook (docgen) or as its text,
with the cells made unreadable here: the truth of every cell is known by construction."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from conftest import EXAMPLES
from docgen import write_xlsx

from budgetlens.checks import check
from budgetlens.pipeline import parse

SEED = EXAMPLES / "000_9131eab83374bb33.txt"
# the rules a total of 表3 (部门支出总体情况表) enters
TOTAL_RULES = ("ARITH-HIERARCHY", "X-T2-T3-TOTAL")


def workbook(tmp_path, change=None, name="d.xlsx"):
    """The example written as a workbook, `change(wb)` made to it with openpyxl (which saves a
    formula without its result, as POI and other programs do)."""
    from openpyxl import load_workbook

    path = tmp_path / name
    write_xlsx(SEED, path)
    if change is not None:
        wb = load_workbook(path)
        change(wb)
        wb.save(path)
    return path


def total_row(ws) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value in ("总计", "合计"))


def summed_total(wb):
    """表3's 总计 row as formulas over its class rows (E, F, G: 合计, 基本支出, 项目支出)."""
    ws = wb["表3"]
    r = total_row(ws)
    for col in "EFG":
        ws[f"{col}{r}"] = f"=SUM({col}{r + 1}:{col}{ws.max_row})/2"


def wrong_class_total(wb):
    """A real error elsewhere in 表3: 208's 合计 printed 41.84 (its 基本支出 and its 款 say 31.84)."""
    ws = wb["表3"]
    r = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "208" and ws.cell(r, 2).value is None)
    ws.cell(r, 5).value = 41.84


def serious(report, rules=TOTAL_RULES):
    return [f for f in report.findings if f.rule in rules and f.severity != "info"]


def unchecked(report, rules=TOTAL_RULES):
    return [f for f in report.findings if f.rule in rules and "未能核对" in f.message]


def test_a_total_saved_as_formulas_without_results_is_not_checked_as_zero(tmp_path):
    """Before: the 总计 of 表3 read as blank, so ARITH-HIERARCHY found "上级科目金额 空 不等于下级
    科目之和 277.91" (and the same for 基本支出, 项目支出) and X-T2-T3-TOTAL "收入总表总计 277.90 与支出
    总表合计 0.00 不一致": errors blaming the document for a figure it prints."""
    disc = parse(workbook(tmp_path, summed_total))
    table = next(t for t in disc.tables if t.kind == "expenditure")
    total = next(r for r in table.rows if r.name == "总计")
    kept = [(c.text, c.amount, c.column, c.provenance.ref, c.unread) for c in total.cells]
    assert [k[2:] for k in kept] == [("total", "表3!E9", "公式无计算结果"), ("basic", "表3!F9", "公式无计算结果"),
                                     ("project", "表3!G9", "公式无计算结果")]
    assert all(k[1] is None for k in kept)
    assert not [f for f in disc.facts if f.table == table.index and f.row == total.index]     # no silent 0
    report = check(disc)
    assert not serious(report), [f.message for f in serious(report)]
    said = unchecked(report)
    assert {f.rule for f in said} == set(TOTAL_RULES) and all(f.severity == "info" for f in said)
    hierarchy = next(f for f in said if f.rule == "ARITH-HIERARCHY" and f.location.column == "合计")
    assert "表3!E9（公式无计算结果）" in hierarchy.message and hierarchy.found is None and hierarchy.expected is None
    assert any(e.role == "无法读取的单元格" and e.provenance.ref == "表3!E9" for e in hierarchy.evidence)
    # a sum the cell does not enter is judged as ever: 20805 over its 项 differs by rounding
    assert [f.note for f in report.findings if f.rule == "ARITH-HIERARCHY" and f.location.table_kind == "expenditure"
            and f.location.row.startswith("20805 ")] == ["rounding", "rounding"]
    outcome = next(o for o in report.outcomes if o.rule == "X-T2-T3-TOTAL")
    assert outcome.status == "insufficient_data" and "无法读取" in outcome.reason


def test_other_rules_still_catch_a_real_error_in_the_same_table(tmp_path):
    """The unread 总计 does not hide 208's wrong 合计: its row's sum (ARITH-COLUMN-SUM) and its
    class's sum over its 款 (ARITH-HIERARCHY) need no unread cell and stay errors; the rows below
    it (20805 over its 项) still pass."""
    def both(wb):
        summed_total(wb)
        wrong_class_total(wb)

    report = check(parse(workbook(tmp_path, both)))
    errors = serious(report, ("ARITH-HIERARCHY", "ARITH-COLUMN-SUM"))
    assert {f.rule for f in errors} == {"ARITH-HIERARCHY", "ARITH-COLUMN-SUM"}
    assert all(f.location.row.startswith("208 ") for f in errors), [f.message for f in errors]
    assert any("41.84" in f.message for f in errors)
    assert unchecked(report)                   # the 总计's own sums are still said not checked


def test_a_clean_workbook_has_no_unread_cells_and_no_finding(tmp_path):
    disc = parse(workbook(tmp_path))
    assert not [c for t in disc.tables for r in t.rows for c in r.cells if c.unread]
    report = check(disc)
    assert not serious(report, ("ARITH-HIERARCHY", "ARITH-COLUMN-SUM", "X-T2-T3-TOTAL"))
    assert not [f for f in report.findings if "无法读取" in f.message]


def with_error_cells(path, cells: dict[str, str]):
    """The workbook with these cells of 表2 holding an error value (the formula kept, as Excel
    saves a formula whose result is an error)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet") and b"<c r=" in parts[n]
                 and "表2" in _sheet_name(parts, n))
    xml = parts[sheet]
    for ref, error in cells.items():
        xml, n = re.subn(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)',
                         b'<c r="' + ref.encode() + b'" t="e"><f>1/0</f><v>' + error.encode() + b"</v></c>", xml)
        assert n == 1
    parts[sheet] = xml
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _sheet_name(parts: dict, part: str) -> str:
    """The name of the sheet a worksheet part holds (workbook.xml and its relationships)."""
    rels = dict(re.findall(rb'Id="(\w+)"[^>]*Target="(?:/xl/)?([^"]+)"', parts["xl/_rels/workbook.xml.rels"]))
    for name, rid in re.findall(rb'<sheet name="([^"]+)"[^>]*r:id="(\w+)"', parts["xl/workbook.xml"]):
        if b"xl/" + rels.get(rid, b"") == part.encode():
            return name.decode("utf-8")
    return ""


def test_an_error_value_in_a_total_is_named_with_its_error(tmp_path):
    """Before: 表2's 总计 holding #REF! read as blank: X-T2-T3-TOTAL found "收入总表总计 0.00 与支出
    总表合计 277.90 不一致" and ARITH-HIERARCHY "上级科目金额 空 不等于…之和 277.91"; now neither is
    checked, and each says so naming the cell and its error."""
    path = workbook(tmp_path)
    from openpyxl import load_workbook

    ws = load_workbook(path)["表2"]
    r = total_row(ws)
    disc = parse(with_error_cells(path, {f"E{r}": "#REF!"}))
    table = next(t for t in disc.tables if t.kind == "income")
    cell = next(c for row in table.rows for c in row.cells if c.unread)
    assert (cell.provenance.ref, cell.unread, cell.amount) == (f"表2!E{r}", "错误值 #REF!", None)
    report = check(disc)
    assert not serious(report)
    said = unchecked(report)
    assert {f.rule for f in said} == set(TOTAL_RULES)
    assert all(f"表2!E{r}（错误值 #REF!）" in f.message for f in said)
    assert any("显示错误值" in w for w in report.reading)


def test_an_error_value_of_an_xls_is_named_with_its_error(tmp_path):
    """The same workbook saved as .xls (BIFF8, by LibreOffice): its error cell is read from the
    FORMULA record (readers.workbook.xls_formats) and not checked as 0 either."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装，无法生成 .xls 文件")
    from openpyxl import load_workbook

    path = workbook(tmp_path)
    r = total_row(load_workbook(path)["表2"])
    with_error_cells(path, {f"E{r}": "#DIV/0!"})
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    disc = parse(tmp_path / "d.xls")
    report = check(disc)
    assert not serious(report)
    said = unchecked(report, ("X-T2-T3-TOTAL",))
    assert len(said) == 1 and f"E{r}（错误值 #DIV/0!）" in said[0].message


def hashed(tmp_path, cells_of_total, name="t.txt", plain=False):
    """The example's text with 表3's 总计 row printed as `cells_of_total` (the label's cells
    first); `plain`: 表3 printed as plain text (its cells apart by spaces, empty ones gone)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    at = next(n for n, ln in enumerate(lines) if ln.startswith("\t\t\t<b>总计</b>\t<b>277.90</b>\t<b>243.90</b>"))
    lines[at] = cells_of_total
    if plain:
        start = max(n for n in range(at) if lines[n].startswith("表 3"))
        end = next(n for n in range(at, len(lines)) if lines[n].startswith("表 4"))
        lines[start:end] = [" ".join(re.sub(r"</?b>", "", c) for c in ln.split("\t") if c) for ln in lines[start:end]]
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, at + 1


def test_an_amount_printed_as_hashes_in_a_text_grid_is_kept_unread_in_its_column(tmp_path):
    """Before: the ### 合计 of 表3's 总计 was reported (C-AMOUNT-HIDDEN), but ARITH-HIERARCHY still
    found "上级科目金额 空 不等于下级科目…之和 277.91" and X-T2-T3-TOTAL "支出总表合计 0.00" against
    277.90: errors computed without the cell (neither cites its line). Now the cell is kept with
    its column and every check needing it says it was not checked, naming the line and why."""
    path, line = hashed(tmp_path, "\t\t\t<b>总计</b>\t###\t<b>243.90</b>\t<b>34.00</b>")
    disc = parse(path)
    table = next(t for t in disc.tables if t.kind == "expenditure")
    total = next(r for r in table.rows if r.name == "总计")
    cell = next(c for c in total.cells if c.unread)
    assert (cell.text, cell.amount, cell.column, cell.unread, cell.provenance.line) == \
        ("###", None, "total", "印成“###”", line)
    report = check(disc)
    assert [f.severity for f in report.findings if f.rule == "C-AMOUNT-HIDDEN"] == ["error"]
    assert not serious(report), [f.message for f in serious(report)]
    said = unchecked(report, (*TOTAL_RULES, "ARITH-COLUMN-SUM"))
    assert {f.rule for f in said} == {*TOTAL_RULES, "ARITH-COLUMN-SUM"}
    assert all(f"第 {line} 行“合计”列（印成“###”）" in f.message for f in said)
    # 基本支出 and 项目支出 of that row were read: their sums are checked as ever (a rounding
    # difference of 0.01 told as such, not as unchecked)
    basic = [f for f in report.findings if f.rule == "ARITH-HIERARCHY" and f.location.table_kind == "expenditure"
             and f.location.row == "总计" and f.location.column == "基本支出"]
    assert [f.note for f in basic] == ["rounding"]


def test_hashes_in_plain_text_are_kept_in_their_row(tmp_path):
    """Text without cells places no ###: it is kept in its row, its column left open (None),
    and the row's checks are not judged (none is an error). Before: the ### was read as part of
    the row's name ("总计###"), the table then had no total row (C-TOTAL-ROW error) and
    X-T2-T3-TOTAL could not find the total it compares."""
    path, line = hashed(tmp_path, "总计 ### 243.90 34.00", "plain.txt", plain=True)
    disc = parse(path)
    table = next(t for t in disc.tables if t.kind == "expenditure")
    kept = [(r.name, c.text, c.column, c.unread, c.provenance.line) for r in table.rows for c in r.cells if c.unread]
    # (no ### in the row's name; the row prints a cell for every column, so the ### has its
    # column: test_hashes_in_a_plain_row_printing_every_column_keep_the_others_in_place)
    assert kept == [("总计", "###", "total", "印成“###”", line)]
    report = check(disc)
    assert not [f for f in serious(report) if f.rule != "C-AMOUNT-HIDDEN"]
    said = unchecked(report)
    assert "X-T2-T3-TOTAL" in {f.rule for f in said} and all(f"第 {line} 行“合计”列（印成“###”）" in f.message for f in said)


@pytest.mark.parametrize("rows, expected", [
    ({"E9": "公式无计算结果"}, 1),
    ({}, 0),
])
def test_side_values_take_no_zero_from_an_unread_row(rows, expected):
    """A row whose only cells are unread gives no value to the identities' anchors (a 0 there
    would steer other tables' columns)."""
    from budgetlens.extract.tables import side_values
    from budgetlens.model import PrintedCell, PrintedRow, PrintedTable, Provenance

    prov = Provenance(file="x", line=1, table=0)
    cells = [PrintedCell(text="", provenance=prov, column="income:amount", unread=why) for why in rows.values()]
    row = PrintedRow(index=0, side="income", name="一般公共预算拨款收入", coords={"source": "gpb"}, cells=cells, line=1)
    table = PrintedTable(index=0, kind="summary", title="收支总表", rows=[row], line=1, line_end=1, provenance=prov)
    assert ("gpb" in side_values(table, "income", "source")) == (expected == 0)


def test_totals_of_a_side_by_side_table_saved_as_formulas_are_not_checked(tmp_path):
    """收支总表 (income and spending side by side): 收入总计 and 支出总计 formulas without results.
    Before: ARITH-ITEM-SUM "收入总计 空 不等于 一、本年收入+二、上年结转结余 之和 277.90",
    ARITH-SIDE-CLASSES "本年支出 空 不等于各类支出之和 277.91" and X-T1-T2-TOTAL "收支总表收入总计 0.00
    与收入总表总计 277.90 不一致": all errors. Now each side keeps its cell, in its column."""
    def totals(wb):
        ws = wb["表1"]
        r = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "收入总计")
        ws.cell(r, 2).value = f"=B{r - 1}"
        ws.cell(r, 4).value = f"=D{r - 1}"

    disc = parse(workbook(tmp_path, totals))
    table = next(t for t in disc.tables if t.kind == "summary")
    kept = [(r.side, r.name, c.column, c.unread) for r in table.rows for c in r.cells if c.unread]
    assert kept == [("income", "收入总计", "income:amount", "公式无计算结果"),
                    ("expenditure", "支出总计", "expenditure:amount", "公式无计算结果")]
    report = check(disc)
    rules = ("ARITH-ITEM-SUM", "ARITH-SIDE-CLASSES", "X-T1-T2-TOTAL", "ARITH-BALANCE")
    assert not serious(report, rules), [f.message for f in serious(report, rules)]
    assert {f.rule for f in unchecked(report, rules)} == {"ARITH-ITEM-SUM", "ARITH-SIDE-CLASSES", "X-T1-T2-TOTAL"}


def percent_total(wb):
    """表3's 总计 合计 (E) formatted 0.00% by mistake: its 277.90 prints 27790.00%."""
    ws = wb["表3"]
    ws[f"E{total_row(ws)}"].number_format = "0.00%"


def test_an_amount_formatted_as_a_percentage_is_kept_unread_not_dropped(tmp_path):
    """Before: the reader told the cell (位于金额列，却设成百分比格式) but the table kept no cell for
    it, so ARITH-HIERARCHY found "上级科目金额 空 不等于下级科目之和" and X-T2-T3-TOTAL a total of 0:
    errors blaming the document for a figure it prints as 27790.00%. Now the cell is kept in its
    column, as printed, unread, and the sums over it are said not checked."""
    disc = parse(workbook(tmp_path, percent_total))
    table = next(t for t in disc.tables if t.kind == "expenditure")
    total = next(r for r in table.rows if r.name == "总计")
    cell = next(c for c in total.cells if c.column == "total")
    assert (cell.text, cell.amount, cell.provenance.ref) == ("27790.00%", None, "表3!E9")
    assert cell.unread and "百分比" in cell.unread
    assert [c.amount for c in total.cells if c.column != "total"] == [Decimal("243.90"), Decimal("34.00")]
    report = check(disc)
    assert not serious(report), [f.message for f in serious(report)]
    said = unchecked(report)
    assert {f.rule for f in said} == set(TOTAL_RULES)
    assert all("表3!E9" in f.message for f in said)


def test_hashes_in_a_plain_row_printing_every_column_keep_the_others_in_place(tmp_path):
    """Plain text "总计 ### 243.90 34.00" under 合计 | 基本支出 | 项目支出: the row prints a cell for
    every column, so each amount stands under its own header, as a dash in an empty cell keeps
    them. Before: the ### was struck out of the line and 243.90 read as the row's 合计 (and 34.00
    left to 基本支出 or 项目支出), a wrong figure in the table's data. Now 243.90 is 基本支出, 34.00
    项目支出, and the ### is kept unread in the 合计 column."""
    path, line = hashed(tmp_path, "总计 ### 243.90 34.00", "plain.txt", plain=True)
    disc = parse(path)
    table = next(t for t in disc.tables if t.kind == "expenditure")
    total = next(r for r in table.rows if r.name == "总计")
    assert [(c.text, c.amount, c.column, c.unread) for c in total.cells] == [
        ("243.90", Decimal("243.90"), "basic", None), ("34.00", Decimal("34.00"), "project", None),
        ("###", None, "total", "印成“###”")]
    report = check(disc)
    assert not [f for f in serious(report) if f.rule != "C-AMOUNT-HIDDEN"], [f.message for f in serious(report)]
    said = unchecked(report)
    assert "X-T2-T3-TOTAL" in {f.rule for f in said}
    assert all(f"第 {line} 行“合计”列（印成“###”）" in f.message for f in said)


def test_hashes_in_a_plain_row_printing_fewer_cells_are_kept_with_their_column_open(tmp_path):
    """"201 03 政府办公厅（室）及相关机构事务 34.00 ###": two cells for three columns (基本支出 left
    empty), so which column the ### stands for is not known: kept in its row, column open, and
    the amount left to the identities as before."""
    path, line = hashed(tmp_path, "总计 277.90 243.90 34.00", "plain.txt", plain=True)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line + 1] = lines[line + 1].replace("34.00 34.00", "34.00 ###")
    assert lines[line + 1] == "201 03 政府办公厅（室）及相关机构事务 34.00 ###"
    path.write_text("\n".join(lines), encoding="utf-8")
    table = next(t for t in parse(path).tables if t.kind == "expenditure")
    row = next(r for r in table.rows if r.line == line + 2)
    assert [(c.text, c.column, c.unread) for c in row.cells if c.unread] == [("###", None, "印成“###”")]
    assert [c.amount for c in row.cells if not c.unread] == [Decimal("34.00")]


@pytest.mark.parametrize("printed", ["27790.00%", "277.9％"])
def test_a_percentage_in_an_amount_column_of_a_grid_is_kept_unread_and_said(tmp_path, printed):
    """A grid's amount cell printing a percentage (a workbook's amount formatted as a percent,
    then saved as text, a PDF or a web page): before, the cell was dropped in silence and every
    sum over it found the total empty. Now it is kept unread in its column, said on its line,
    and the sums needing it are said not checked."""
    path, line = hashed(tmp_path, f"\t\t\t<b>总计</b>\t{printed}\t<b>243.90</b>\t<b>34.00</b>")
    disc = parse(path)
    total = next(r for r in next(t for t in disc.tables if t.kind == "expenditure").rows if r.name == "总计")
    cell = next(c for c in total.cells if c.unread)
    assert (cell.text, cell.amount, cell.column, cell.provenance.line) == (printed, None, "total", line)
    assert [c.amount for c in total.cells if not c.unread] == [Decimal("243.90"), Decimal("34.00")]
    said = [i.message for i in disc.issues if i.code == "amount-unsure" and printed in i.message]
    assert len(said) == 1 and "百分数" in said[0] and f"第 {line} 行" in said[0], said
    report = check(disc)
    assert not serious(report), [f.message for f in serious(report)]
    assert {f.rule for f in unchecked(report)} == set(TOTAL_RULES)


def table3(path) -> tuple:
    """表3 of the document at `path` parsed (its disclosure, its table)."""
    disc = parse(path)
    return disc, next(t for t in disc.tables if t.kind == "expenditure")


def placed(table) -> dict[int, list[tuple]]:
    """Each row's cells by line: (text, column, candidates)."""
    return {r.line: [(c.text, c.column, c.candidates) for c in r.cells] for r in table.rows}


def clean_plain(tmp_path):
    """The example's 表3 printed as plain text, nothing changed (what each cell truly is)."""
    path, _ = hashed(tmp_path, "总计 277.90 243.90 34.00", "clean.txt", plain=True)
    return placed(table3(path)[1])


@pytest.mark.parametrize("printed", ["27790.00%", "277.9％"])
def test_a_percentage_in_a_plain_row_printing_every_column_is_kept_unread_in_its_column(tmp_path, printed):
    """Plain text "总计 27790.00% 243.90 34.00" under 合计 | 基本支出 | 项目支出: the row prints a cell
    for every column, so the percentage stands for 合计. Before: it was read as part of the
    row's name ("总计27790.00%", so the table had no 总计 row), 243.90 and 34.00 left undecided,
    and ARITH-COLUMN-SUM found "合计 243.90 不等于 基本支出+项目支出 之和 34.00": an error made by
    the reader. Now it is kept unread in 合计, said, and the sums over it are not checked; the
    other rows keep the columns the unchanged text gives them (the identities do not take the
    total as 0)."""
    truth = clean_plain(tmp_path)
    path, line = hashed(tmp_path, f"总计 {printed} 243.90 34.00", "plain.txt", plain=True)
    disc, table = table3(path)
    total = next(r for r in table.rows if r.line == line)
    assert total.name == "总计"
    assert [(c.text, c.amount, c.column, c.unread is not None) for c in total.cells] == [
        ("243.90", Decimal("243.90"), "basic", False), ("34.00", Decimal("34.00"), "project", False),
        (printed, None, "total", True)]
    assert {n: cells for n, cells in placed(table).items() if n != line} == \
        {n: cells for n, cells in truth.items() if n != line}
    said = [i.message for i in disc.issues if i.code == "amount-unsure" and printed in i.message]
    assert len(said) == 1 and "百分数" in said[0] and f"第 {line} 行" in said[0] and "总计" in said[0], said
    report = check(disc)
    assert not serious(report, (*TOTAL_RULES, "ARITH-COLUMN-SUM")), [f.message for f in serious(report)]
    assert {f.rule for f in unchecked(report)} == set(TOTAL_RULES)


# 20103 政府办公厅（室）及相关机构事务 prints 34.00 under 合计 and 项目支出, its 基本支出 empty (vanished)
ROW_20103 = "201 03 政府办公厅（室）及相关机构事务 34.00 34.00"


@pytest.mark.parametrize("amounts, candidates, real", [
    # the percentage first: it may be 合计 or 基本支出 (an amount follows it); the 34.00 after it
    # is truly 项目支出
    ("3400.00% 34.00", ["total", "basic"], "project"),
    # the percentage last: 基本支出 or 项目支出; the 34.00 before it is truly 合计
    ("34.00 3400.00%", ["basic", "project"], "total"),
])
def test_a_percentage_in_a_plain_row_of_vanished_cells_keeps_its_candidate_columns(tmp_path, amounts, candidates, real):
    """A row printing two cells for three columns (an empty one vanished) and a percentage
    among them: which column the percentage stands for, the order says only in part. Before:
    it was read as part of the row's name and the amount beside it placed by the identities
    as if the row printed one amount. Now it is kept unread in its row with the columns the
    order leaves it (its candidates), said, and the row's amount is in its true column or
    left open among candidates holding it, never put in a wrong one; no other amount of the
    table moves."""
    truth = clean_plain(tmp_path)
    path, line = hashed(tmp_path, "总计 277.90 243.90 34.00", "plain.txt", plain=True)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[line + 1] == ROW_20103
    lines[line + 1] = ROW_20103.replace("34.00 34.00", amounts)
    path.write_text("\n".join(lines), encoding="utf-8")
    disc, table = table3(path)
    row = next(r for r in table.rows if r.line == line + 2)
    assert (row.code, row.name) == ("20103", "政府办公厅（室）及相关机构事务")
    percent = [c for c in row.cells if c.unread]
    assert [(c.text, c.amount, c.column, c.candidates) for c in percent] == [("3400.00%", None, None, candidates)]
    amount = next(c for c in row.cells if not c.unread)
    assert amount.amount == Decimal("34.00")
    assert amount.column == real or (amount.column is None and real in amount.candidates), amount
    for n, cells in placed(table).items():
        if n == line + 2:
            continue
        for (text, column, options), (_, true_column, _) in zip(cells, truth[n], strict=True):
            assert column == true_column or (column is None and true_column in options), (n, text, column, options)
        if not next(r for r in table.rows if r.line == n).code.startswith("201"):
            assert cells == truth[n]          # (a row the changed one does not sum into)
    said = [i.message for i in disc.issues if i.code == "amount-unsure" and "3400.00%" in i.message]
    assert len(said) == 1 and "百分数" in said[0] and f"第 {line + 2} 行" in said[0] and "政府办公厅" in said[0], said
    report = check(disc)
    assert not serious(report, ("ARITH-HIERARCHY", "ARITH-COLUMN-SUM")), [f.message for f in serious(report)]


def laid_out(*rows: tuple[str, list[tuple[str, int]]]) -> str:
    """Lines as pdftotext -layout prints them: the label, then each text ending at the given
    character column (amounts flush right)."""
    out = []
    for label, texts in rows:
        line = list(label)
        for text, end in texts:
            line += [" "] * (end - len(text) - len(line))
            line += list(text)
        out.append("".join(line))
    return "\n".join(out)


def test_a_percentage_in_layout_text_is_placed_by_its_place_under_the_header(tmp_path):
    """pdftotext -layout: a row of vanished cells printing a percentage flush under 基本支出 is
    kept unread there (its place decides), and the amount beside it stays 合计 (a guard: the
    layout reading placed it so before; the plain reading must not be taken instead)."""
    header = laid_out(("项目", [("合计", 40), ("基本支出", 52), ("项目支出", 64)]))
    body = laid_out(("      合计", [("480.50", 40), ("280.50", 52), ("200.00", 64)]),
                    ("201   一般公共服务支出", [("400.00", 40), ("200.00", 52), ("200.00", 64)]),
                    ("20103 政府办公厅（室）及相关机构事务", [("400.00", 40), ("200.00", 52), ("200.00", 64)]),
                    ("2010301 行政运行", [("150.00", 40), ("15000.00%", 52)]),
                    ("2010302 一般行政管理事务", [("200.00", 40), ("200.00", 64)]),
                    ("2010350 事业运行", [("50.00", 40), ("50.00", 52)]),
                    ("208   社会保障和就业支出", [("80.50", 40), ("80.50", 52)]),
                    ("20805 行政事业单位养老支出", [("80.50", 40), ("80.50", 52)]))
    path = tmp_path / "layout.txt"
    path.write_text(f"某某部门2025年部门预算\n\n部门支出总体情况表\n\n单位：万元\n\n{header}\n{body}\n", encoding="utf-8")
    disc, table = table3(path)
    row = next(r for r in table.rows if r.code == "2010301")
    assert [(c.text, c.amount, c.column, c.unread is not None) for c in row.cells] == [
        ("150.00", Decimal("150.00"), "total", False), ("15000.00%", None, "basic", True)]
    assert all(c.column for r in table.rows for c in r.cells)
    said = [i.message for i in disc.issues if i.code == "amount-unsure" and "15000.00%" in i.message]
    assert len(said) == 1 and "百分数" in said[0]
    report = check(disc)
    assert not serious(report, ("ARITH-HIERARCHY", "ARITH-COLUMN-SUM")), [f.message for f in serious(report)]
    assert {f.rule for f in unchecked(report, ("ARITH-HIERARCHY", "ARITH-COLUMN-SUM"))} == \
        {"ARITH-HIERARCHY", "ARITH-COLUMN-SUM"}


def test_a_formula_first_in_a_merged_range_in_a_hidden_column_stays_unread(tmp_path):
    """表3's 总计 合计 typed as a formula (saved without its result) into a hidden column E and
    merged over the shown 合计 cell F beside it (a budget system's export merging over its
    internal column): the printed sheet shows the formula's value in F. Before: the reader moved
    the range's text to its first shown cell but not its unread mark, so the cell read as empty
    and ARITH-HIERARCHY found "上级科目金额 空 不等于下级科目之和", and no warning named the
    formula (its column is hidden). Now it is kept unread, said, and its sums not checked, as in
    a shown column."""
    from openpyxl import load_workbook

    path = tmp_path / "hidden.xlsx"
    write_xlsx(SEED, path, hidden_column=4)
    wb = load_workbook(path)
    ws = wb["表3"]
    r = total_row(ws)
    assert ws.column_dimensions["E"].hidden and ws[f"F{r}"].value == 277.9
    ws[f"E{r}"] = f"=SUM(F{r + 1}:F{ws.max_row})/2"
    ws.merge_cells(f"E{r}:F{r}")
    wb.save(path)
    disc = parse(path)
    total = next(r for r in next(t for t in disc.tables if t.kind == "expenditure").rows if r.name == "总计")
    assert [(c.column, c.provenance.ref, c.unread, c.amount) for c in total.cells if c.column == "total"] == [
        ("total", f"表3!E{r}", "公式无计算结果", None)]
    said = [i.message for i in disc.issues if "是公式，文件中没有保存计算结果" in i.message]
    assert len(said) == 1 and f"单元格 E{r} " in said[0], said
    report = check(disc)
    assert not serious(report), [f.message for f in serious(report)]
    said = unchecked(report)
    assert {f.rule for f in said} == set(TOTAL_RULES)
    assert any(f"表3!E{r}（公式无计算结果）" in f.message for f in said)


@pytest.mark.parametrize("merge, hide", [("B2:C2", "column"), ("C2:C3", "row"), ("B2:C2", None), ("C2:C3", None)])
def test_a_hidden_first_cell_of_a_merged_range_keeps_its_unread_mark_where_it_shows(tmp_path, merge, hide):
    """The reader's side of the above, for a hidden row as for a hidden column (B, a system's
    internal figures, or row 2): the range's first shown cell is unread, by the hidden first
    cell's reference, and the warning names it, as where nothing is hidden."""
    from openpyxl import Workbook

    from budgetlens.readers import read_document

    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    for row in (["项目", "内部", "金额"], ["合计", 9, None], ["（续）", 9, None], ["甲", 9, 1], ["乙", 9, 2]):
        ws.append(row)
    first = merge.split(":")[0]
    ws[first] = "=SUM(C4:C5)"
    ws.merge_cells(merge)
    if hide == "column":
        ws.column_dimensions["B"].hidden = True
    elif hide == "row":
        ws.row_dimensions[2].hidden = True
    wb.save(tmp_path / "m.xlsx")
    doc = read_document(tmp_path / "m.xlsx")
    marked = [(ln.cell_refs[i], why) for ln in doc.lines for i, why in (ln.unread or {}).items()]
    assert marked == [(f"表1!{first}", "公式无计算结果")]
    said = [w for w in doc.warnings if "没有保存计算结果" in w]
    assert len(said) == 1 and said[0].startswith(f"工作表「表1」单元格 {first} 是公式")
