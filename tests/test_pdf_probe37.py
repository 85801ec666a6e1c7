"""PDF tables as offices print them, round 37: tables without rules set close (no padding
between rows), labels whole alone under short names, a 收支总表 whose one side wraps no name.
Small PDFs written with WeasyPrint; every expectation is transcribed from the table written."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import parse

pytest.importorskip("weasyprint")


def codes(doc) -> set[str]:
    return {i.code for i in doc.issues}


def read_rows(doc) -> list[tuple]:
    return [(r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows]


def printed(rows: list[tuple]) -> list[tuple]:
    return [(r[0], [a.replace(",", "") for a in r[1:] if a]) for r in rows]


# ---- a label whole alone (本级, 合计) under a short name, cells aligned to the top, set close ----

PROJECT_HEADER = "<tr><th>项目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>"
CLOSE = "td { padding: 0 4pt; }"


def test_a_level_label_under_a_wrapped_name_ending_short_stays_a_row(tmp_path):
    # 信息系统运维 wraps in its 60-point cell (信息系统 / 运维), the cells set close and aligned to
    # the top (another name wrapping shows it): 本级, a row without amounts right under 运维,
    # was taken for the rest of a name broken by hand (信息系统运维本级)
    from test_pdf_unruled import write_pdf

    rows = [("机关运行保障经费", "300.00", "300.00", ""),
            ("信息系统运维", "200.00", "", "200.00"),
            ("本级", "", "", ""),
            ("办公楼维修改造项目", "100.00", "", "100.00"),
            ("合计", "600.00", "300.00", "300.00")]
    path = tmp_path / "projects.pdf"
    write_pdf(path, "一般公共预算支出情况表", PROJECT_HEADER, rows, "top", [60, 60, 60, 60], CLOSE)
    doc = parse(path)
    assert read_rows(doc) == printed(rows)
    assert "name-line-alone" not in codes(doc)


def test_a_name_broken_by_hand_under_a_short_name_still_joins(tmp_path):
    # near miss: the line under the short last line is no label whole alone (（二期）): the
    # rest of its name, as before
    from test_pdf_unruled import write_pdf

    rows = [("机关运行保障经费", "300.00", "300.00", ""),
            ("信息系统运维<br>（二期）", "200.00", "", "200.00"),
            ("办公楼维修改造项目", "100.00", "", "100.00"),
            ("合计", "600.00", "300.00", "300.00")]
    path = tmp_path / "projects.pdf"
    write_pdf(path, "一般公共预算支出情况表", PROJECT_HEADER, rows, "top", [60, 60, 60, 60], CLOSE)
    doc = parse(path)
    assert read_rows(doc) == printed([(r[0].replace("<br>", ""), *r[1:]) for r in rows])


def test_a_class_over_a_carry_forward_line_stays_two_rows(tmp_path):
    # 收支总表 set close, aligned to the top: 科学技术支出 wraps (科学技术 / 支出), 结转下年 (no
    # amount) under it was read as the rest of the class's name (科学技术支出结转下年)
    from test_pdf_probe35 import printed_sides
    from test_pdf_unruled import SUMMARY_HEADER, write_pdf

    rows = [("财政拨款", "1,200.00", "教育支出", "1,000.00"),
            ("事业收入", "200.00", "科学技术支出", "400.00"),
            ("上年结转", "", "结转下年", ""),
            ("收入总计", "1,400.00", "支出总计", "1,400.00")]
    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, rows, "top", [50, 60, 50, 60], CLOSE)
    doc = parse(path)
    assert [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows] == printed_sides(rows)


# ---- a 收支总表 whose one side wraps no name: the whole table's lines show the spacing -------

def sides(doc) -> list[tuple]:
    return [(r.side, r.name, [str(c.amount) for c in r.cells]) for r in doc.tables[0].rows]


LEVEL_ROW = [("财政拨款", "1,200.00", "教育支出", "1,000.00"),
             ("事业收入", "200.00", "科学技术支出", "400.00"),
             ("本级", "", "", ""),
             ("合计", "1,400.00", "合计", "1,400.00")]


@pytest.mark.parametrize(("align", "padding"), [("top", "1pt"), ("top", "2pt"), ("middle", "0"),
                                                ("middle", "1pt"), ("middle", "2pt")])
def test_a_row_without_amounts_on_a_side_that_wraps_no_name_stays_a_row(tmp_path, align, padding):
    # only the expenditure side wraps a name (科学技术 / 支出): the income side's least gap was
    # the rows' padding, taken for its cells' leading, and the line 科学技术 took from it (or
    # 事业收入 centred half a line off it) for a row's padding: 本级 joined 合计 (本级合计 1,400.00)
    from test_pdf_probe35 import printed_sides
    from test_pdf_unruled import SUMMARY_HEADER, write_pdf

    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, LEVEL_ROW, align, [50, 60, 50, 60],
              f"td {{ padding: {padding} 4pt; }}")
    doc = parse(path)
    assert sides(doc) == printed_sides(LEVEL_ROW)
    assert "name-unjoined" not in codes(doc)


@pytest.mark.parametrize("padding", ["0", "1pt", "2pt"])
@pytest.mark.parametrize("align", ["top", "middle"])
def test_names_wrapped_on_both_sides_still_join(tmp_path, align, padding):
    # near miss: the income side wraps a name too (事业单位 / 经营收入): each one row, as before
    from test_pdf_probe35 import printed_sides
    from test_pdf_unruled import SUMMARY_HEADER, write_pdf

    rows = [("财政拨款", "1,000.00", "教育支出", "1,000.00"),
            ("事业单位经营收入", "200.00", "科学技术支出", "400.00"),
            ("其他收入", "200.00", "", ""),
            ("收入总计", "1,400.00", "支出总计", "1,400.00")]
    path = tmp_path / "summary.pdf"
    write_pdf(path, "部门收支总体情况表", SUMMARY_HEADER, rows, align, [50, 60, 50, 60],
              f"td {{ padding: {padding} 4pt; }}")
    assert sides(parse(path)) == printed_sides(rows)


# ---- a line short of its cell's edge by less than a character, under a centred header --------

CENTRED = " th { text-align: center; }"

WRAPPING = [("合计", "1,460.00", "300.00", "1,160.00"),
            ("党建", "10.00", "", "10.00"),
            ("机关运行保障经费", "300.00", "300.00", ""),
            ("某某区智慧城市综合管理平台建设及运行维护服务项目", "800.00", "", "800.00"),
            ("会议", "50.00", "", "50.00"),
            ("信息化建设", "300.00", "", "300.00")]


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_lines_short_of_a_centred_headers_cell_edge_by_less_than_a_character_are_full(tmp_path, align):
    # a name cell of 70 points (62 inside its paddings) holds six characters of 9 points, 8
    # points left over: the centred 项目名称 shows the cell's edge, but a line was full only 1.5
    # points short of it, so 机关运行保障 / 经费 were two rows (and the long name four)
    from test_pdf_unruled import write_pdf

    path = tmp_path / "projects.pdf"
    write_pdf(path, "一般公共预算支出情况表", PROJECT_HEADER, WRAPPING, align, [70, 60, 60, 60], CLOSE + CENTRED)
    doc = parse(path)
    assert read_rows(doc) == printed(WRAPPING)
    assert "name-line-alone" not in codes(doc)


@pytest.mark.parametrize("align", ["top", "bottom"])
def test_a_line_with_room_for_a_character_is_not_full(tmp_path, align):
    # near miss: 党建工作费 (45 points) leaves room for another character in its 62: the rows
    # without amounts next to it stay rows of their own
    from test_pdf_unruled import write_pdf

    rows = [("合计", "1,110.00", "300.00", "810.00"),
            ("党建工作费", "10.00", "", "10.00"),
            ("专项业务", "", "", ""),
            ("其他", "", "", ""),
            ("某某区智慧城市综合管理平台建设及运行维护服务项目", "800.00", "", "800.00")]
    path = tmp_path / "projects.pdf"
    write_pdf(path, "一般公共预算支出情况表", PROJECT_HEADER, rows, align, [70, 60, 60, 60], CLOSE + CENTRED)
    assert read_rows(parse(path)) == printed(rows)


@pytest.mark.parametrize("width", [100, 140])
def test_a_group_row_under_a_long_name_ending_short_stays_a_row(tmp_path, width):
    # cells aligned to the top and set close: 重点项目 (a group's row, no amounts) right under the
    # short last line of a project name wrapped by itself was read as the rest of that name
    # broken by hand (…运行维护服务项目重点项目); a name wrapped by itself ends where its text does
    from test_pdf_unruled import write_pdf

    rows = [*WRAPPING[:4], ("重点项目", "", "", ""), *WRAPPING[4:]]
    path = tmp_path / "projects.pdf"
    write_pdf(path, "一般公共预算支出情况表", PROJECT_HEADER, rows, "top", [width, 60, 60, 60], CLOSE)
    assert read_rows(parse(path)) == printed(rows)


# ---- a table without rules continued on the next page under its repeated header --------------

LONG_CSS = """@page { size: A4 portrait; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; }
table { border-collapse: collapse; } td, th { border: none; padding: 1pt 4pt; font-weight: normal; }
td.n { text-align: right; }"""


def long_table(path, items: int) -> list[tuple]:
    """一般公共预算支出情况表 of `items` coded rows and a 合计 last, without rules, its header
    repeated at the top of each page (a <thead>, as Word's 标题行重复 does): the rows written."""
    import weasyprint

    rows = [(f"2010{i:03d}", f"项目支出明细第{i}项", f"{i}.00", f"{i}.00", "") for i in range(1, items + 1)]
    rows.append(("", "合计", f"{items * (items + 1) // 2}.00", f"{items * (items + 1) // 2}.00", ""))
    head = "<thead><tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr></thead>"
    body = "".join("<tr>" + "".join(f'<td class="{"n" if "." in c else ""}">{c}</td>' for c in r) + "</tr>"
                   for r in rows)
    weasyprint.HTML(string=(f"<html><head><style>{LONG_CSS}</style></head><body><h3>一般公共预算支出情况表</h3>"
                            f"<p>编制部门：某某中心　　单位：万元</p><table>{head}<tbody>{body}</tbody></table>"
                            "</body></html>")).write_pdf(str(path))
    return rows


@pytest.mark.parametrize("items", [69, 45])
def test_a_table_continued_under_its_repeated_header_spans_two_pages(tmp_path, items):
    # the second page repeats the header and nothing else over the rows (no 单位 line): the
    # table was said to stand on one page; 45 items leave the 合计 alone on the second page
    import pypdfium2

    path = tmp_path / "long.pdf"
    rows = long_table(path, items)
    assert len(pypdfium2.PdfDocument(str(path))) == 2
    table = parse(path).tables[0]
    assert table.pages == 2
    assert [(r.code, r.name, [str(c.amount) for c in r.cells]) for r in table.rows] == \
        [(r[0], r[1], [a for a in r[2:] if a]) for r in rows]


def test_a_table_on_one_page_stays_on_one(tmp_path):
    # near miss: 30 items fit the first page
    path = tmp_path / "short.pdf"
    long_table(path, 30)
    assert parse(path).tables[0].pages == 1


# ---- a 小计 under another column's header than the template's ---------------------------------

RULED_CSS = """@page { size: A4 landscape; margin: 12mm; } body { font-family: "Noto Sans CJK SC"; font-size: 8pt; }
table { border-collapse: collapse; width: 100%; } td { border: 0.5pt solid #000; padding: 1pt 3pt; }
td.a { text-align: right; }"""


def split_header_pdf(path, basic: list[str], project: list[str], rows: list[tuple]) -> None:
    """一般公共预算支出情况表 with rules: 科目编码 | 科目名称 | 合计 | 基本支出 over `basic` |
    项目支出 over `project`; rows: (code, name, amounts…) in the printed order."""
    import weasyprint

    head = ("<tr><td rowspan=2>科目编码</td><td rowspan=2>科目名称</td><td rowspan=2>合计</td>"
            f"<td colspan={len(basic)}>基本支出</td><td colspan={len(project)}>项目支出</td></tr>"
            "<tr>" + "".join(f"<td>{h}</td>" for h in basic + project) + "</tr>")
    body = "".join("<tr>" + "".join(f"<td{' class=a' if n > 1 else ''}>{c}</td>" for n, c in enumerate(r)) + "</tr>"
                   for r in rows)
    weasyprint.HTML(string=(f"<html><head><style>{RULED_CSS}</style></head><body><p>某某局2025年部门预算</p>"
                            "<p>一般公共预算支出情况表</p><p>编制单位：某某局 单位：元</p>"
                            f"<table>{head}{body}</table></body></html>")).write_pdf(str(path))


def by_column(doc) -> dict[tuple, dict]:
    return {(r.code, r.name): {c.column: str(c.amount) for c in r.cells} for r in doc.tables[0].rows}


def test_a_subtotal_under_the_project_header_is_the_project_figure(tmp_path):
    # 基本支出 over 人员经费 | 公用经费 (no 小计), 项目支出 over 小计 | 商品和服务支出 | 资本性支出
    # (an Excel sheet splitting projects by economic class): the template's 小计 is 基本支出's,
    # and 项目支出's 小计 was read as 基本支出 (534,567.39, the projects' figure)
    path = tmp_path / "split.pdf"
    split_header_pdf(path, ["人员经费", "公用经费"], ["小计", "商品和服务支出", "资本性支出"], [
        ("", "合计", "1,234,567.89", "600,000.00", "100,000.50", "534,567.39", "334,567.39", "200,000.00"),
        ("2010301", "行政运行", "700,000.50", "600,000.00", "100,000.50", "", "", ""),
        ("2010399", "其他政府办公厅（室）及相关机构事务支出", "534,567.39", "", "", "534,567.39", "334,567.39",
         "200,000.00")])
    got = by_column(parse(path))
    assert got[("", "合计")] == {"total": "1234567.89", "personnel": "600000.00", "public": "100000.50",
                                 "project": "534567.39"}
    assert got[("2010301", "行政运行")] == {"total": "700000.50", "personnel": "600000.00", "public": "100000.50"}
    assert got[("2010399", "其他政府办公厅（室）及相关机构事务支出")] == {"total": "534567.39", "project": "534567.39"}


def test_a_subtotal_under_the_basic_header_is_still_the_basic_figure(tmp_path):
    # near miss: 基本支出 over 小计 | 人员经费 | 公用经费, 项目支出 alone: 小计 is 基本支出's
    path = tmp_path / "split.pdf"
    split_header_pdf(path, ["小计", "人员经费", "公用经费"], ["项目支出"], [
        ("", "合计", "1,234,567.89", "700,000.50", "600,000.00", "100,000.50", "534,567.39"),
        ("2010301", "行政运行", "700,000.50", "700,000.50", "600,000.00", "100,000.50", "")])
    got = by_column(parse(path))
    assert got[("", "合计")] == {"total": "1234567.89", "basic": "700000.50", "personnel": "600000.00",
                                 "public": "100000.50", "project": "534567.39"}


# ---- a sheet scaled to fit its page: text of a few points -------------------------------------

def small_pdf(path, size: float) -> None:
    """一般公共预算支出情况表 without rules at `size` points: 科目编码 | 科目名称 | 合计 and 项目支出
    over two header lines (centred on them), 基本支出 centred over 人员经费 | 公用经费."""
    import weasyprint

    css = (f"@page {{ size: A4; margin: 15mm; }} body {{ font-family: 'Noto Sans CJK SC'; font-size: {size}pt; }}"
           "table { border-collapse: collapse; } td { border: none; padding: 0.5pt 2pt; vertical-align: middle; }"
           "td.a { text-align: right; }")
    head = ("<tr><td rowspan=2>科目编码</td><td rowspan=2>科目名称</td><td rowspan=2>合计</td>"
            "<td colspan=2 style='text-align: center'>基本支出</td><td rowspan=2>项目支出</td></tr>"
            "<tr><td>人员经费</td><td>公用经费</td></tr>")
    body = "".join("<tr>" + "".join(f"<td{' class=a' if n > 1 else ''}>{c}</td>" for n, c in enumerate(r)) + "</tr>"
                   for r in SMALL)
    weasyprint.HTML(string=(f"<html><head><style>{css}</style></head><body><p>某某局2025年部门预算</p>"
                            f"<p>一般公共预算支出情况表</p><p>单位：元</p><table>{head}{body}</table></body></html>")
                    ).write_pdf(str(path))


SMALL = [("", "合计", "1,234,567.89", "600,000.00", "100,000.50", "534,567.39"),
         ("2010301", "行政运行", "700,000.50", "600,000.00", "100,000.50", ""),
         ("2010399", "其他政府办公厅（室）及相关机构事务支出", "534,567.39", "", "", "534,567.39")]
SMALL_READ = {("", "合计"): {"total": "1234567.89", "personnel": "600000.00", "public": "100000.50",
                             "project": "534567.39"},
              ("2010301", "行政运行"): {"total": "700000.50", "personnel": "600000.00", "public": "100000.50"},
              ("2010399", "其他政府办公厅（室）及相关机构事务支出"): {"total": "534567.39", "project": "534567.39"}}


def test_header_lines_of_three_point_text_stay_apart(tmp_path):
    # lines of 3-point text stand about 4 points apart, a header word centred on two lines half
    # that off them: pdfplumber's 3-point tolerance chained them into one line, read a few
    # characters a line (基本支 / 公 / 出 / 用经费), and the amounts were left undecided
    path = tmp_path / "small.pdf"
    small_pdf(path, 3)
    doc = parse(path)
    assert by_column(doc) == SMALL_READ
    assert "header-unmapped" not in codes(doc)


def test_header_lines_of_nine_point_text_read_as_before(tmp_path):
    # near miss: at 9 points the tolerance stays pdfplumber's
    path = tmp_path / "small.pdf"
    small_pdf(path, 9)
    assert by_column(parse(path)) == SMALL_READ


# ---- a Word table without borders printed by LibreOffice: boxes of amounts reach lower ---------

SIDES = [("一、一般公共预算拨款收入", "1,200.50", "一、一般公共服务支出", "800.25"),
         ("二、政府性基金预算拨款收入", "", "二、教育支出", "150.00"),
         ("三、单位资金收入", "100.00", "三、社会保障和就业支出", "130.25"),
         ("", "", "四、卫生健康支出", "120.00"),
         ("", "", "五、农林水支出", "100.00"),
         ("本年收入合计", "1,300.50", "本年支出合计", "1,300.50"),
         ("上年结转结余", "", "结转下年", ""),
         ("收入总计", "1,300.50", "支出总计", "1,300.50")]


def word_summary_pdf(tmp_path, align: str) -> str:
    """部门收支总体情况表 as a Word table without borders (9-point Noto CJK, no space between
    rows, label cells 1.4 inches wide: the longer names wrap), printed by LibreOffice."""
    import shutil
    import subprocess

    import docx
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT as V
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Noto Sans CJK SC", Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    for text in ("某某局2025年部门预算", "部门收支总体情况表", "编制单位：某某局                单位：万元"):
        d.add_paragraph(text)
    rows = [("项目", "预算数", "项目", "预算数"), *SIDES]
    table = d.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            cell.width = Inches([1.4, 0.9, 1.4, 0.9][c])
            cell.vertical_alignment = {"top": V.TOP, "middle": V.CENTER, "bottom": V.BOTTOM}[align]
            if r and c % 2:
                cell.paragraphs[0].alignment = 2          # amounts flush right
    src = tmp_path / "t.docx"
    d.save(str(src))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   capture_output=True, timeout=180, check=True)
    return str(tmp_path / "t.pdf")


@pytest.mark.parametrize("align", ["top", "middle", "bottom"])
def test_a_word_summary_table_printed_by_libreoffice_keeps_its_rows(tmp_path, align):
    # the lines printing amounts have boxes reaching a point lower (digits and commas under
    # the CJK characters' feet): their gap to the next line looked a point narrower than the
    # others', and those were taken for rows' padding: 收入二、政府性基金预算拨 took 1,200.50,
    # 二、教育支出三、社会保障和就业支 150.00
    from test_pdf_probe35 import printed_sides

    doc = parse(word_summary_pdf(tmp_path, align))
    assert sides(doc) == printed_sides(SIDES)
    assert not codes(doc) & {"name-line-alone", "name-unjoined"}
