"""Tables printed without borders (a spreadsheet or a Word table without rules, an HTML export)
are read by the characters' places: small PDFs written with WeasyPrint, their cells exact."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest
from test_readers_office import cli_cells

from budgetlens.checks import check
from budgetlens.extract.rows import _side_rows_plain
from budgetlens.pipeline import parse
from budgetlens.readers import Line

pytest.importorskip("weasyprint")

CSS = """@page { size: A4 portrait; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; }
table { border-collapse: collapse; }
td, th { border: none; padding: 1pt 4pt; font-weight: normal; vertical-align: %s; }
td.n { text-align: right; }"""


def write_pdf(path, title: str, header: str, rows: list[tuple], align: str = "middle", widths=None,
              css: str = "") -> None:
    import weasyprint

    cols = "".join(f'<col style="width:{w}pt">' for w in widths) if widths else ""
    fixed = f' style="table-layout: fixed; width: {sum(widths)}pt"' if widths else ""
    body = "".join("<tr>" + "".join(f'<td class="{"n" if is_amount(c) else ""}">{c}</td>' for c in row) + "</tr>"
                   for row in rows)
    html = (f"<html><head><style>{CSS % align}{css}</style></head><body><h3>{title}</h3>"
            f"<p>编制部门：某某中心　　单位：万元</p><table{fixed}>{cols}{header}{body}</table></body></html>")
    weasyprint.HTML(string=html).write_pdf(str(path))


def is_amount(text: str) -> bool:
    text = re.sub(r"<[^>]+>", "", text)
    return text.replace(",", "").replace(".", "").isdigit() and "." in text


def cells(path) -> set[tuple]:
    return {(c["code"], c["name"], c["project"], c["column"], c["amount"]) for c in cli_cells(path)}


SUMMARY_HEADER = ("<tr><th colspan=2>收入</th><th colspan=2>支出</th></tr>"
                  "<tr><th>项目</th><th>预算数</th><th>功能分类</th><th>预算数</th></tr>")


def test_side_by_side_code_after_an_empty_amount_stays_on_its_side(tmp_path):
    """收支总表 without borders, a left amount empty: the space the file draws between a class
    code and its name (narrower than pdfplumber's 3-point word gap at 9 pt) parts them, so the
    code opens the expenditure side (before: the left label took the right side's code and name,
    2.政府性基金预算拨款208社会保障和就业支出)."""
    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, [
        ("一、本年收入", "300.00", "201 一般公共服务支出", "100.00"),
        ("1.一般公共预算拨款", "300.00", "205 教育支出", ""),
        ("2.政府性基金预算拨款", "", "208 社会保障和就业支出", "120.00"),
        ("3.国有资本经营预算拨款", "", "210 卫生健康支出", "80.00"),
        ("收入总计", "300.00", "支出总计", "300.00")])
    assert cells(path) == {
        ("", "一、本年收入", "", "收入/预算数", "300.00"),
        ("", "1.一般公共预算拨款", "", "收入/预算数", "300.00"),
        ("", "收入总计", "", "收入/预算数", "300.00"),
        ("201", "一般公共服务支出", "", "支出/预算数", "100.00"),
        ("208", "社会保障和就业支出", "", "支出/预算数", "120.00"),
        ("210", "卫生健康支出", "", "支出/预算数", "80.00"),
        ("", "支出总计", "", "支出/预算数", "300.00")}


def test_plain_side_by_side_line_with_a_class_code_run_into_its_name():
    """Plain text: a class code printed against its name after the income side's label opens
    the expenditure side (before: one expenditure row 2.政府性基金预算拨款208社会保障和就业支出)."""
    rows = _side_rows_plain(Line(no=1, text=""), "2.政府性基金预算拨款 208社会保障和就业支出 120.00")
    assert [(r.side, r.code, r.name, [str(v.amount) for v in r.values]) for r in rows] == [
        ("income", "", "2.政府性基金预算拨款", []),
        ("expenditure", "208", "社会保障和就业支出", ["120.00"])]


EXPENDITURE_HEADER = ("<tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>")
EXPENDITURE_ROWS = [
    ("", "合计", "500.00", "300.00", "200.00"),
    ("201", "一般公共服务支出", "500.00", "300.00", "200.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "500.00", "300.00", "200.00"),
    ("2010301", "行政运行", "300.00", "300.00", ""),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", "200.00", "", "200.00")]
EXPENDITURE_CELLS = {
    ("", "合计", "", "合计", "500.00"), ("", "合计", "", "基本支出", "300.00"), ("", "合计", "", "项目支出", "200.00"),
    ("201", "一般公共服务支出", "", "合计", "500.00"), ("201", "一般公共服务支出", "", "基本支出", "300.00"),
    ("201", "一般公共服务支出", "", "项目支出", "200.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "", "合计", "500.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "", "基本支出", "300.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "", "项目支出", "200.00"),
    ("2010301", "行政运行", "", "合计", "300.00"), ("2010301", "行政运行", "", "基本支出", "300.00"),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", "", "合计", "200.00"),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", "", "项目支出", "200.00")}


def test_names_wrapped_in_cells_aligned_to_the_top_join_their_rows(tmp_path):
    """A Word table without borders aligns its cells to the top: a wrapped name's first line
    stands on the line of the code and amounts, the rest below it only. Those lines join the row
    (before: 201 read 一般公共, 20103 政府办公, the rest of each name was dropped)."""
    path = tmp_path / "expenditure.pdf"
    write_pdf(path, "一般公共预算支出情况表", EXPENDITURE_HEADER, EXPENDITURE_ROWS, align="top",
              widths=[50, 40, 60, 60, 60])
    got = {c for c in cells(path) if "|" not in c[3]}
    assert {c[:2] for c in got} == {c[:2] for c in EXPENDITURE_CELLS}
    assert got <= EXPENDITURE_CELLS


def test_names_wrapped_and_centred_still_join_their_rows(tmp_path):
    """The same table with its cells centred on the row (a spreadsheet's export), names over
    up to three lines: the name's lines above and below the row's line join it, as before the
    top-aligned reading was added (its words tell the two apart).
    (A one-line row followed by a centred name is not in it: the name's first line stands as
    near to that row as to its own, a case the centred reading does not settle.)"""
    path = tmp_path / "expenditure.pdf"
    rows = EXPENDITURE_ROWS[:4]
    write_pdf(path, "一般公共预算支出情况表", EXPENDITURE_HEADER, rows, align="middle",
              widths=[50, 60, 60, 60, 60])
    want = {c for c in EXPENDITURE_CELLS if c[0] != "2010399"}
    got = {c for c in cells(path) if "|" not in c[3]}
    assert {c[:2] for c in got} == {c[:2] for c in want}
    assert got <= want


# ---- amounts wrapped inside their cells --------------------------------------------------------

WRAP = " td.n { word-break: break-all; }"          # a number wider than its column wraps
WRAPPED_ROWS = [
    ("", "合计", "2427.03", "1427.03", "1000.00"),
    ("201", "一般公共服务支出", "2427.03", "1427.03", "1000.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "2427.03", "1427.03", "1000.00"),
    ("2010301", "行政运行", "1427.03", "1427.03", ""),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", "1000.00", "", "1000.00")]
BASIC_HEADER = "<tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>人员经费</th><th>公用经费</th></tr>"
BASIC_ROWS = [
    ("", "合计", "1,856.42", "1,520.30", "336.12"),
    ("301", "工资福利支出", "1,520.30", "1,520.30", ""),
    ("30101", "基本工资", "620.15", "620.15", ""),
    ("30108", "机关事业单位基本养老保险缴费", "900.15", "900.15", ""),
    ("302", "商品和服务支出", "336.12", "", "336.12"),
    ("30201", "办公费", "336.12", "", "336.12")]


def printed_cells(rows: list[tuple], columns: list[str]) -> set[tuple]:
    return {(code, name, "", column, amount.replace(",", ""))
            for code, name, *amounts in rows for column, amount in zip(columns, amounts) if amount}


@pytest.mark.parametrize("title,header,rows,columns,align,widths,css", [
    # Word's top alignment: "2427.0" on the row's line, "3" below it
    ("一般公共预算支出情况表", EXPENDITURE_HEADER, WRAPPED_ROWS, ["合计", "基本支出", "项目支出"], "top",
     [45, 150, 34, 34, 34], WRAP),
    # centred on the row, cut at the point ("2427." over "03"), names wrapped too
    ("一般公共预算支出情况表", EXPENDITURE_HEADER, WRAPPED_ROWS, ["合计", "基本支出", "项目支出"], "middle",
     [45, 90, 30, 30, 30], WRAP),
    # flush left, aligned to the top
    ("一般公共预算支出情况表", EXPENDITURE_HEADER, WRAPPED_ROWS, ["合计", "基本支出", "项目支出"], "top",
     [45, 90, 30, 30, 30], WRAP + " td.n { text-align: left; }"),
    # thousands groups, centred in their cells and on the row ("1,856.4" over "2")
    ("一般公共预算基本支出情况表", BASIC_HEADER, BASIC_ROWS, ["合计", "人员经费", "公用经费"], "middle",
     [40, 200, 32, 32, 32], WRAP + " td.n { text-align: center; }"),
], ids=["top", "middle-cut-at-point", "top-flush-left", "thousands-centred"])
def test_amounts_wrapped_inside_their_cells_are_joined(tmp_path, title, header, rows, columns, align, widths, css):
    """A table without borders whose amount columns are narrower than the amounts: each wraps
    inside its cell, its rest on the next line, under it. The pieces, one under the other in
    the column, flush with it, are one number (before: 2427.0 read silently for 2427.03, or
    2427. and 03 lost in the row's name)."""
    path = tmp_path / "wrapped.pdf"
    write_pdf(path, title, header, rows, align=align, widths=widths, css=css)
    assert cells(path) == printed_cells(rows, columns)
    assert not [i for i in parse(path).issues if i.code == "amount-unsure"]


@pytest.mark.parametrize("padding", ["1pt 4pt", "0 4pt"])
def test_amounts_of_two_rows_in_a_narrow_column_stay_apart(tmp_path, padding):
    """12.00 over 3.00 in the next row, the lines as close as a cell's own (Word puts no space
    between rows): two amounts, not one number, and nothing said."""
    rows = [("", "合计", "1,215.00", "1,212.00", "3.00"),
            ("201", "一般公共服务支出", "1,215.00", "1,212.00", "3.00"),
            ("20103", "政府办公厅（室）及相关机构事务", "1,215.00", "1,212.00", "3.00"),
            ("2010301", "行政运行", "12.00", "12.00", ""),
            ("2010302", "一般行政管理事务", "3.00", "", "3.00"),
            ("2010350", "事业运行", "1,200.00", "1,200.00", "")]
    path = tmp_path / "rows.pdf"
    write_pdf(path, "一般公共预算支出情况表", EXPENDITURE_HEADER, rows, align="top", widths=[45, 90, 46, 46, 46],
              css=WRAP + f" td, th {{ padding: {padding}; }}")
    assert cells(path) == printed_cells(rows, ["合计", "基本支出", "项目支出"])
    assert not [i for i in parse(path).issues if i.code == "amount-unsure"]


@pytest.mark.parametrize("cell,said", [
    # the rest of 1427.03 set off from the cell's edge: one number by its form, not by its place
    ('1427.0<br><span style="padding-right: 5pt">3</span>', "1427.0 3"),
    # a figure alone under a whole amount: no rest of it (427.033 prints no amount's decimals)
    ("427.03<br>3", "427.03 3")], ids=["set-off", "figure-under-amount"])
def test_pieces_not_certainly_one_amount_are_reported(tmp_path, cell, said):
    """Pieces one under the other in a cell that are not one amount for certain are not read,
    and said (before: 1427.0 and 427.03 read silently, the 3 taken into the next row's name); the
    row's other amounts keep their columns, and the checks do not judge the row."""
    rows = [("", "合计", "2427.03", "1427.03", "1000.00"),
            ("201", "一般公共服务支出", "2427.03", cell, "1000.00")]
    path = tmp_path / "unsure.pdf"
    write_pdf(path, "一般公共预算支出情况表", EXPENDITURE_HEADER, rows, align="top", widths=[45, 90, 36, 36, 36],
              css=WRAP)
    disc = parse(path)
    unsure = [i for i in disc.issues if i.code == "amount-unsure"]
    assert [i.message for i in unsure] == [
        f"表「一般公共预算支出情况表」第 7 行“金额”列的“{said}”在格内分成几行，无法确定是一个金额还是几个，未读入，请对照原表核实"]
    assert cells(path) == printed_cells(rows[:1], ["合计", "基本支出", "项目支出"]) | {
        ("201", "一般公共服务支出", "", "合计", "2427.03"), ("201", "一般公共服务支出", "", "项目支出", "1000.00")}
    sums = [f for f in check(disc).findings if f.rule == "ARITH-COLUMN-SUM"]
    assert sums and all(f.severity == "info" for f in sums)


# ---- side-by-side tables whose names wrap, amounts centred on their rows ----------------------

SUMMARY_ROWS = [
    ("一、一般公共预算拨款收入", "2,427.03", "一、一般公共服务支出", "1,627.03"),
    ("二、政府性基金预算拨款收入", "", "二、教育支出", "300.00"),
    ("三、国有资本经营预算拨款收入", "", "三、社会保障和就业支出", "250.00"),
    ("四、财政专户管理资金收入", "", "四、卫生健康支出", "150.00"),
    ("五、单位资金收入", "100.00", "五、住房保障支出", "200.00"),
    ("本年收入合计", "2,527.03", "本年支出合计", "2,527.03"),
    ("上年结转结余", "", "结转下年", ""),
    ("收入总计", "2,527.03", "支出总计", "2,527.03")]
FISCAL_HEADER = ("<tr><th colspan=2>收入</th><th colspan=5>支出</th></tr><tr><th>项目</th><th>合计</th><th>项目</th>"
                 "<th>合计</th><th>一般公共预算</th><th>政府性基金预算</th><th>国有资本经营预算</th></tr>")
FISCAL_ROWS = [
    ("一、本年收入", "2,890.00", "一、本年支出", "2,890.00", "2,690.00", "200.00", ""),
    ("（一）一般公共预算拨款", "2,690.00", "（一）一般公共服务支出", "1,450.00", "1,450.00", "", ""),
    ("（二）政府性基金预算拨款", "200.00", "（二）社会保障和就业支出", "640.00", "640.00", "", ""),
    ("（三）国有资本经营预算拨款", "", "（三）卫生健康支出", "400.00", "400.00", "", ""),
    ("二、上年结转", "", "（四）城乡社区支出", "200.00", "", "200.00", ""),
    ("", "", "（五）住房保障支出", "200.00", "200.00", "", ""),
    ("收入总计", "2,890.00", "支出总计", "2,890.00", "2,690.00", "200.00", "")]


def sides_printed(rows: list[tuple], income_columns: int) -> set[tuple]:
    """(name, side, amount) of every amount of a side-by-side table's rows."""
    out = set()
    for row in rows:
        for side, (name, *amounts) in (("收入", row[:1 + income_columns]), ("支出", row[1 + income_columns:])):
            out |= {(name, side, amount.replace(",", "")) for amount in amounts if amount}
    return out


@pytest.mark.parametrize("title,header,rows,income_columns,widths", [
    ("部门收支总体情况表", SUMMARY_HEADER, SUMMARY_ROWS, 1, [50, 50, 50, 50]),       # names over 2–4 lines
    ("部门收支总体情况表", SUMMARY_HEADER, SUMMARY_ROWS, 1, [70, 50, 64, 50]),
    ("财政拨款收支总体情况表", FISCAL_HEADER, FISCAL_ROWS, 1, [60, 45, 60, 45, 45, 45, 45]),   # four amounts a side
], ids=["summary-narrow", "summary", "fiscal-summary"])
def test_side_by_side_names_wrapped_and_centred_keep_their_sides(tmp_path, title, header, rows, income_columns, widths):
    """收支总表 and 财政拨款收支总表 without borders, their names wrapped over lines in narrow
    columns and every cell centred on its row: a row's amounts stand on another line than its
    name's first, and a line prints one side's amount beside the other side's name, or one side
    only. Read in order, such lines gave their words to the first side (before: 300.00 of
    二、教育支出, 400.00 of （三）卫生健康支出 read as incomes, names cut to 公共预算, 保障和就).
    Cut where the second side starts across the page, each side's lines join their rows: the
    table reads as it does printed with a line per row."""
    wrapped, wide = tmp_path / "wrapped.pdf", tmp_path / "wide.pdf"
    write_pdf(wrapped, title, header, rows, widths=widths)
    write_pdf(wide, title, header, rows, widths=[180 if i in (0, 1 + income_columns) else 60 for i in range(len(widths))])
    got = cells(wrapped)
    assert {(name, column.split("/")[0], amount) for _, name, _, column, amount in got} == \
        sides_printed(rows, income_columns)
    assert got == cells(wide)


def write_known_and_stranger(path, rows: list[tuple], widths: list[int], align: str) -> None:
    """The same borderless table twice: under the template's title, then under one no template
    prints (kept as printed, extract/unknown)."""
    import weasyprint

    cols = "".join(f'<col style="width:{w}pt">' for w in widths)
    body = "".join("<tr>" + "".join(f'<td class="{"n" if is_amount(c) else ""}">{c}</td>' for c in row) + "</tr>"
                   for row in rows)
    table = f'<table style="table-layout: fixed; width: {sum(widths)}pt">{cols}{EXPENDITURE_HEADER}{body}</table>'
    html = (f"<html><head><style>{CSS % align}{WRAP}</style></head><body>"
            + "".join(f"<h3>{title}</h3><p>编制部门：某某中心　　单位：万元</p>{table}"
                      for title in ("一般公共预算支出情况表", "一般公共预算支出资金安排明细表")) + "</body></html>")
    weasyprint.HTML(string=html).write_pdf(str(path))


def stranger_figures(disc) -> Counter:
    from budgetlens.model.tables import UNKNOWN_KIND

    (kept,) = [t for t in disc.tables if t.kind == UNKNOWN_KIND]
    return Counter(c.amount for r in kept.rows for c in r.cells if c.amount is not None)


@pytest.mark.parametrize("widths,align", [([45, 150, 34, 34, 34], "top"), ([45, 90, 30, 30, 30], "middle")],
                         ids=["top", "middle-cut-at-point"])
def test_amounts_wrapped_in_a_table_the_template_does_not_know(tmp_path, widths, align):
    """The wrapped amounts under a title no template prints: joined as in the template's
    tables, never read in pieces (2427.0 and 3)."""
    path = tmp_path / "stranger.pdf"
    write_known_and_stranger(path, WRAPPED_ROWS, widths, align)
    printed = Counter(Decimal(a.replace(",", "")) for _, _, *amounts in WRAPPED_ROWS for a in amounts if a)
    assert stranger_figures(parse(path)) == printed


def test_pieces_in_a_table_the_template_does_not_know_are_reported(tmp_path):
    """Pieces not certainly one amount (the rest of 1427.03 set off from the cell's edge) under
    a title no template prints: not read, and said in that table, on their line."""
    rows = [("", "合计", "2427.03", "1427.03", "1000.00"),
            ("201", "一般公共服务支出", "2427.03", '1427.0<br><span style="padding-right: 5pt">3</span>', "1000.00")]
    path = tmp_path / "unsure.pdf"
    write_known_and_stranger(path, rows, [45, 90, 36, 36, 36], "top")
    disc = parse(path)
    assert stranger_figures(disc) == Counter(map(Decimal, ["2427.03", "1427.03", "1000.00", "2427.03", "1000.00"]))
    (said,) = [i for i in disc.issues if i.code == "amount-unsure" and "资金安排明细表" in i.message]
    assert said.message.startswith("表「一般公共预算支出资金安排明细表」第 ") and "“1427.0 3”在格内分成几行" in said.message
    assert said.provenance.table == len(disc.tables) - 1 and said.provenance.line is not None
