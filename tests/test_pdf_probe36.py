"""PDF tables as offices print them, round 36: headers set flush left over rows set close, header
words the template does not know, 决算 tables, units, signs and separators. Small PDFs written
with WeasyPrint; every expectation is transcribed from the table written."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")


def codes(doc) -> set[str]:
    return {i.code for i in doc.issues}


# ---- rows set close under a header set flush left: a row without amounts stays a row ----------

CLOSE = [("财政拨款收入", "1,200.00", "教育支出", "1,200.00"),
         ("上年结转", "", "结转下年", ""),
         ("上年结余", "", "", ""),
         ("本年收入合计", "1,200.00", "本年支出合计", "1,200.00")]


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_rows_without_amounts_under_the_widest_name_stay_rows_header_flush_left(tmp_path, align):
    # label cells 90 points wide, their header words set flush left (nothing there shows the
    # cell's width): 财政拨款收入, the widest name, was taken to fill its cell and 上年结转 /
    # 上年结余 were read as its wrapped lines (财政拨款收入上年结转上年结余); the next column's
    # header word, flush left in its own cell, shows the name cell wider
    from test_pdf_probe35 import printed_sides
    from test_pdf_unruled import SUMMARY_HEADER, write_pdf

    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, CLOSE, align, [90, 50, 90, 50], "th { text-align: left; }")
    doc = parse(path)
    assert [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows] == printed_sides(CLOSE)


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_names_filling_narrow_cells_under_a_header_flush_left_still_join(tmp_path, align):
    # near miss: names wrapped in 50-point cells, header flush left: each one row as before
    from test_pdf_probe35 import SUMMARY, printed_sides
    from test_pdf_unruled import SUMMARY_HEADER, write_pdf

    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, SUMMARY, align, [50, 50, 50, 50], "th { text-align: left; }")
    doc = parse(path)
    assert [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows] == printed_sides(SUMMARY)
    assert "name-line-alone" not in codes(doc)



@pytest.mark.parametrize("amount_width", [50, 90])
@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_names_wrapped_under_a_label_header_flush_left_beside_centred_ones_still_join(tmp_path, align, amount_width):
    # near miss: only the label's header flush left, the amounts' centred over short figures:
    # the centred word stands past its cell's start, which the figures' right edge shows; the
    # names filling their 50-point cells are still one row each
    from test_pdf_probe35 import SUMMARY, printed_sides
    from test_pdf_unruled import write_pdf

    head = ("<tr><th colspan=2>收入</th><th colspan=2>支出</th></tr>"
            "<tr><th class=l>项目</th><th>预算数</th><th class=l>功能分类</th><th>预算数</th></tr>")
    small = {"1,200.00": "12.00", "800.00": "8.00", "150.00": "1.50", "250.00": "2.50"}
    rows = [tuple(small.get(c, c) for c in row) for row in SUMMARY]
    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", head, rows, align, [50, amount_width, 50, amount_width],
              "th { text-align: center; } th.l { text-align: left; }")
    doc = parse(path)
    assert [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows] == printed_sides(rows)
    assert "name-line-alone" not in codes(doc)

# ---- a column of shares (占比, 比重, 构成) the template does not have ---------------------------

THREE_PUBLIC = [("合计", "30.00", "25.00", "100.00%"),
                ("1.因公出国（境）费", "5.00", "0.00", "0.00%"),
                ("2.公务接待费", "8.00", "8.00", "32.00%"),
                ("3.公务用车购置及运行费", "17.00", "17.00", "68.00%"),
                ("其中：（1）公务用车购置费", "0.00", "0.00", "0.00%"),
                ("（2）公务用车运行费", "17.00", "17.00", "68.00%")]
ITEM_KEYS = ["total", "abroad", "reception", "vehicle", "vehicle_purchase", "vehicle_operation"]


def three_public(doc) -> set[tuple]:
    return {(f.coords.item, f.coords.phase, str(f.amount)) for f in doc.facts
            if f.coords.table_kind == "three_public" and not f.alternatives}


def share_rows(percent: bool) -> list[tuple]:
    """The 三公 rows, the share printed with its percent sign or as a bare figure (68.00)."""
    return THREE_PUBLIC if percent else [(*row[:3], row[3].rstrip("%")) for row in THREE_PUBLIC]


@pytest.mark.parametrize("word", ["占比", "比重", "构成"])
@pytest.mark.parametrize("percent", [True, False])
@pytest.mark.parametrize("ruled", [True, False])
def test_a_share_column_is_said_and_the_amounts_read_by_their_headers(tmp_path, word, percent, ruled):
    # without rules, every amount was left open between 上年预算数, 本年预算数 and 上年执行数
    # (the unknown word placed no column, so the header placed none); with rules, the table was
    # read by column order, the shares printed as bare figures read as 上年执行数 (68.00)
    from test_pdf_probe35b import table_pdf

    doc = parse(table_pdf(tmp_path / "t.pdf", ["项目", "2024年预算数", "2025年预算数", word], share_rows(percent), ruled))
    assert three_public(doc) == {(key, phase, amount) for key, row in zip(ITEM_KEYS, THREE_PUBLIC)
                                 for phase, amount in (("上年预算", row[1]), ("本年预算", row[2]))}
    said = [i.message for i in doc.issues if i.code == "column-not-in-template"]
    assert len(said) == 1 and word in said[0]
    assert not codes(doc) & {"ambiguous-column", "columns-by-order", "amount-unsure", "header-unmapped"}


@pytest.mark.parametrize("ruled", [True, False])
def test_a_share_column_beside_the_change_leaves_the_change_read(tmp_path, ruled):
    # near miss: a column the template has (增减额) beside the share is read under its header
    from test_pdf_probe35b import table_pdf

    rows = [(name, prior, this, f"{float(this) - float(prior):.2f}", share) for name, prior, this, share in THREE_PUBLIC]
    doc = parse(table_pdf(tmp_path / "t.pdf", ["项目", "上年预算数", "本年预算数", "增减额", "占比"], rows, ruled))
    assert three_public(doc) == {(key, phase, amount) for key, row in zip(ITEM_KEYS, rows)
                                 for phase, amount in (("上年预算", row[1]), ("本年预算", row[2]), ("增减", row[3]))}
    assert not codes(doc) & {"ambiguous-column", "columns-by-order", "amount-unsure"}


EXPENDITURE_HEAD = "<tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th><th>占比</th></tr>"
EXPENDITURE = [("", "合计", "1,000.00", "600.00", "400.00", "100.00"),
               ("201", "一般公共服务支出", "700.00", "500.00", "200.00", "70.00"),
               ("20103", "政府办公厅（室）及相关机构事务", "700.00", "500.00", "200.00", "70.00"),
               ("2010301", "行政运行", "500.00", "500.00", "", "50.00"),
               ("2010350", "事业运行", "200.00", "", "200.00", "20.00"),
               ("208", "社会保障和就业支出", "300.00", "100.00", "200.00", "30.00"),
               ("20805", "行政事业单位养老支出", "300.00", "100.00", "200.00", "30.00"),
               ("2080505", "机关事业单位基本养老保险缴费支出", "300.00", "100.00", "200.00", "30.00")]


def test_a_coded_table_without_rules_beside_its_shares(tmp_path):
    # the shares as bare figures beside 合计 | 基本支出 | 项目支出: not read, said once; each
    # amount under its header (rows printing no 项目支出 or no 基本支出 too)
    from test_pdf_unruled import write_pdf

    path = tmp_path / "t.pdf"
    write_pdf(path, "某某局2025年部门预算</h3><h3>部门支出总体情况表", EXPENDITURE_HEAD, EXPENDITURE)
    doc = parse(path)
    read = [(r.code, [(c.column, str(c.amount)) for c in r.cells]) for r in doc.tables[0].rows]
    assert read == [(code, [(key, a.replace(",", "")) for key, a in zip(["total", "basic", "project"], amounts) if a])
                    for code, _, *amounts, _ in EXPENDITURE]
    assert [i.code for i in doc.issues if i.code in ("column-not-in-template", "ambiguous-column")] == ["column-not-in-template"]


# ---- a unit printed in the header's cells (合计（元）) ------------------------------------------

def ruled_expenditure(path, header: list[str], rows: list[tuple], unit_line: str) -> str:
    import weasyprint

    css = ("@page { size: A4; margin: 15mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 9pt; }"
           "table { border-collapse: collapse; width: 100%; } td, th { border: 0.5pt solid black; padding: 1pt 4pt; }")
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body><h2>某某局2025年部门预算</h2>"
                    f"<h3>部门支出总体情况表</h3>{unit_line}<table>{head}{body}</table></body></html>").write_pdf(path)
    return str(path)


PROJECTS_ONLY = [("", "合计", "2,345,678.90", "2,345,678.90"),
                 ("201", "一般公共服务支出", "2,345,678.90", "2,345,678.90"),
                 ("2010350", "事业运行", "2,345,678.90", "2,345,678.90")]


@pytest.mark.parametrize("unit_line", ["<p>单位：元</p>", ""])
def test_a_unit_in_the_header_cells_leaves_the_columns_read_by_header(tmp_path, unit_line):
    # a table printing 合计（元）| 项目支出（元）, no 基本支出 column: the cells named no column
    # (the unit in brackets), the table went to column order and 项目支出's amounts were read
    # as 基本支出's
    doc = parse(ruled_expenditure(tmp_path / "t.pdf", ["科目编码", "科目名称", "合计（元）", "项目支出（元）"],
                                  PROJECTS_ONLY, unit_line))
    table = doc.tables[0]
    assert table.unit == "元"
    assert [(r.code or r.name, [(c.column, str(c.amount)) for c in r.cells]) for r in table.rows] == \
        [(code or name, [("total", a.replace(",", "")), ("project", b.replace(",", ""))]) for code, name, a, b in PROJECTS_ONLY]
    assert "columns-by-order" not in codes(doc)


def test_a_header_cell_naming_another_figure_in_brackets_is_still_not_a_column(tmp_path):
    # near miss: brackets that hold no unit (项目支出（上年）) are header text as before: not a column
    doc = parse(ruled_expenditure(tmp_path / "t.pdf", ["科目编码", "科目名称", "合计", "项目支出（上年）"],
                                  PROJECTS_ONLY, "<p>单位：元</p>"))
    assert [(c.column, str(c.amount)) for c in doc.tables[0].rows[0].cells] == [("total", "2345678.90")]
    assert "column-not-in-template" in codes(doc)


SHARES = [("", "合计", "1,000.00", "600.00", "400.00", "100.00%"),
          ("201", "一般公共服务支出", "1,000.00", "600.00", "400.00", "100.00%"),
          ("2010301", "行政运行", "600.00", "600.00", "", "60.00%"),
          ("2010302", "一般行政管理事务", "400.00", "", "400.00", "40.00%")]


def test_percentages_of_a_ruled_share_column_are_its_not_the_rows_labels(tmp_path):
    # a ruled table: the percentages under 占比 were taken for label cells (raw_label
    # "合计 | 100.00%") and the column said as header text not understood (header-unmapped)
    doc = parse(ruled_expenditure(tmp_path / "t.pdf", ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "占比"],
                                  SHARES, "<p>单位：万元</p>"))
    rows = doc.tables[0].rows
    assert [r.raw_label for r in rows] == [" | ".join(x for x in row[:2] if x) for row in SHARES]
    assert [[(c.column, str(c.amount)) for c in r.cells] for r in rows] == \
        [[(k, a.replace(",", "")) for k, a in zip(["total", "basic", "project"], row[2:5]) if a] for row in SHARES]
    said = [i.message for i in doc.issues if i.code in ("column-not-in-template", "header-unmapped", "amount-unsure")]
    assert len(said) == 1 and "占比" in said[0]


def test_a_percentage_under_a_template_column_is_still_said(tmp_path):
    # near miss: a percentage printed under 项目支出 (a template column) is no share: said unread
    rows = [(*row[:4], "40.00%" if row[1] == "一般行政管理事务" else row[4]) for row in SHARES]
    doc = parse(ruled_expenditure(tmp_path / "t.pdf", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                                  [row[:5] for row in rows], "<p>单位：万元</p>"))
    said = [i.message for i in doc.issues if i.code == "amount-unsure"]
    assert len(said) == 1 and "40.00%" in said[0]


# ---- wide line spacing (Word's 1.5 or double spacing, LibreOffice's Noto CJK line gap) ---------

def spaced_table(path, table: str, align: str, padding: str, line_height: float = 2.4) -> tuple:
    """A table of test_pdf_unruled_wraps in a 40-point name column, its lines spaced wide: the
    gap between a cell's lines is more than half a line."""
    import weasyprint
    from test_pdf_unruled import CSS, is_amount
    from test_pdf_unruled_wraps import TABLES

    title, header, rows, columns = TABLES[table]
    widths = [40] + [70] * (len(rows[0]) - 1)
    cols = "".join(f'<col style="width:{w}pt">' for w in widths)
    body = "".join("<tr>" + "".join(f'<td class="{"n" if is_amount(c) else ""}">{c}</td>' for c in row) + "</tr>"
                   for row in rows)
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS % align} td, th {{ padding: {padding}; line-height: {line_height}; }}</style></head>"
        f"<body><p>某某中心2025年部门预算收入支出公开</p><h3>{title}</h3><p>编制部门：某某中心　　单位：万元</p>"
        f'<table style="table-layout: fixed; width: {sum(widths)}pt">{cols}{header}{body}</table></body></html>'
    )).write_pdf(str(path))
    return rows, columns


@pytest.mark.parametrize("padding", ["0 4pt", "4pt 4pt"])
@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
@pytest.mark.parametrize("table", ["three", "purchases"])
def test_names_wrapped_under_wide_line_spacing_join_their_rows(tmp_path, table, align, padding):
    # a cell's lines 2.4 lines apart: the gap between them (over half a line) was taken for a
    # line the other cells took, so no name joined (1.因公 with 20.00, 出国（境）费 a row of its
    # own, or glued to the next row's name); the page's leading is now the measure
    from test_pdf_unruled_wraps import printed, read

    rows, columns = spaced_table(tmp_path / "t.pdf", table, align, padding)
    assert read(tmp_path / "t.pdf", columns) == printed(rows, columns)


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_rows_without_amounts_under_wide_line_spacing_stay_rows(tmp_path, align):
    # near miss: one-line rows without amounts, spaced as wide, are still rows of their own
    from test_pdf_probe35 import printed_sides
    from test_pdf_unruled import SUMMARY_HEADER, write_pdf

    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, CLOSE, align, [90, 50, 90, 50],
              "th { text-align: center; } td, th { line-height: 2.4; }")
    doc = parse(path)
    assert [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows] == printed_sides(CLOSE)


# ---- a Word table without borders, converted by LibreOffice ------------------------------------

PROJECT_ROWS = [("合计", "350.00", "250.00", "100.00"),
                ("某某信息化系统建设运行维护项目", "100.00", "50.00", "50.00"),
                ("办公楼维修", "50.00", "0.00", "50.00"),
                ("某某重点领域专项整治行动及执法检查工作经费", "200.00", "200.00", "0.00")]


def word_table_pdf(tmp_path, align: str) -> str:
    """A project table as Word lays it out (python-docx, no borders, names wrapped in their
    cells, aligned so), printed to PDF by LibreOffice: its glyph boxes are tight to the
    characters, a cell's lines more than half a line apart."""
    import shutil
    import subprocess

    import docx
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT as V
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Noto Sans CJK SC", Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    for text in ("某某局2025年部门预算", "一般公共预算项目支出情况表", "编制单位：某某局                单位：万元"):
        d.add_paragraph(text)
    table = d.add_table(rows=1 + len(PROJECT_ROWS), cols=4)
    for r, row in enumerate([("项目名称", "合计", "商品和服务支出", "资本性支出"), *PROJECT_ROWS]):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            cell.vertical_alignment = {"top": V.TOP, "middle": V.CENTER, "bottom": V.BOTTOM}[align]
            if r and c:
                cell.paragraphs[0].alignment = 2          # amounts flush right
    src = tmp_path / "t.docx"
    d.save(str(src))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   capture_output=True, timeout=180, check=True)
    return str(tmp_path / "t.pdf")


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_a_word_table_printed_by_libreoffice_joins_its_wrapped_names(tmp_path, align):
    # before (top, Word's default): 某某信息化系统建设运 took 100.00, 行维护项目办公楼维修 50.00,
    # and 行动及执法检查工作经费 was a row without amounts; centred, 费 a row of its own
    doc = parse(word_table_pdf(tmp_path, align))
    assert [(r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows] == \
        [(name, list(amounts)) for name, *amounts in PROJECT_ROWS]
    assert not codes(doc) & {"name-line-alone", "name-unjoined"}


# ---- a project table printed without codes: a group's name on a line of its own ---------------

GROUPED = [("合计", "350.00", "250.00", "100.00"),
           ("本级办公楼维修改造项目", "100.00", "0.00", "100.00"),
           ("机关食堂设备购置项目", "50.00", "50.00", "0.00"),
           ("下属单位", "", "", ""),
           ("业务培训经费", "200.00", "200.00", "0.00")]


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_a_group_name_without_amounts_stays_a_row_of_a_project_table(tmp_path, align):
    # the group line 下属单位 no reading of the names placed (said: name-line-alone, "read as a
    # row without amounts") was put before the next row's name all the same: 下属单位业务培训经费
    from test_pdf_unruled import write_pdf

    path = tmp_path / "t.pdf"
    write_pdf(path, "一般公共预算项目支出情况表", "<tr><th>项目名称</th><th>合计</th><th>商品和服务支出</th><th>资本性支出</th></tr>",
              GROUPED, align, [140, 60, 80, 60])
    doc = parse(path)
    assert [(r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows] == \
        [(name, [a for a in amounts if a]) for name, *amounts in GROUPED]


# ---- a ruled 收支总表 printing this year's and last year's budget on each side ------------------

YEARS_HEAD = ("<tr><th colspan=3>收入</th><th colspan=3>支出</th></tr>"
              "<tr><th>项目</th><th>本年预算数</th><th>上年预算数</th><th>项目</th><th>本年预算数</th><th>上年预算数</th></tr>")
YEARS = [("一、一般公共预算拨款收入", "1,200.00", "1,100.00", "一、一般公共服务支出", "800.00", "700.00"),
         ("二、政府性基金预算拨款收入", "", "", "二、教育支出", "400.00", "400.00"),
         ("本年收入合计", "1,200.00", "1,100.00", "本年支出合计", "1,200.00", "1,100.00"),
         ("收入总计", "1,200.00", "1,100.00", "支出总计", "1,200.00", "1,100.00")]


def test_a_ruled_summary_with_last_years_budget_on_each_side(tmp_path):
    # 本年预算数 named no column of a side (its template says 预算数): the table was said read by
    # column order, 本年 said as header text not understood; each side's 上年预算数 now said once
    import weasyprint

    css = ("@page { size: A4; margin: 15mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 9pt; }"
           "table { border-collapse: collapse; width: 100%; } td, th { border: 0.5pt solid black; padding: 1pt 4pt; }")
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in YEARS)
    path = tmp_path / "t.pdf"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body><h2>某某局2025年部门预算</h2>"
                    f"<h3>部门收支总体情况表</h3><p>单位：万元</p><table>{YEARS_HEAD}{body}</table></body></html>"
                    ).write_pdf(str(path))
    doc = parse(path)
    read = [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows]
    assert read == [(side, row[at], [row[at + 1].replace(",", "")] if row[at + 1] else [])
                    for side, at in (("income", 0), ("expenditure", 3)) for row in YEARS]
    said = sorted(i.message for i in doc.issues if i.code in ("column-not-in-template", "columns-by-order", "header-unmapped"))
    assert len(said) == 2 and all("上年预算数" in m for m in said)
