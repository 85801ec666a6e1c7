"""Probe disclosures in forms and wordings of regions budgetlens has no template of its own
for, written from figures.py so the facts they print are known by construction.

A document is a list of blocks (a paragraph, or a grid with its header rows and merged cells);
writers put it out as DOCX (python-docx), XLSX (openpyxl, one sheet per table), HTML (GBK, as a
portal page) and, through LibreOffice, PDF. `expected(...)` gives the (kind, code, column key,
amount) facts each table prints."""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import figures as F

D = Decimal
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
AMOUNT_TEXT = re.compile(r"^[\d,]+\.\d\d$")


@dataclass
class Para:
    text: str
    heading: bool = False


@dataclass
class Grid:
    title: str
    unit_line: str
    rows: list[list[str | None]]
    header: int                                  # leading header rows
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)   # row, col, rows, cols
    label: str = ""                              # 公开01表 / 表一 …
    note: str = ""                               # a line printed under the table


@dataclass
class Style:
    """How a region prints its tables."""
    year: int
    unit: str = "万元"                # 万元 / 元
    codes: str = "one"               # one code column, or "three" (类 | 款 | 项)
    titles: dict[str, str] = field(default_factory=dict)
    scope: str = "部门"
    name: str = "某县自然资源局"


def fmt(amount: Decimal, style: Style, blank_zero: bool = True) -> str | None:
    if amount == 0 and blank_zero:
        return None
    if style.unit == "元":
        return f"{amount * 10000:,.2f}"
    return f"{amount:,.2f}"


def code_cells(code: str, style: Style) -> list[str | None]:
    """one: the whole code in one cell; three: 类 | 款 | 项 with the parents' parts repeated;
    sparse: each row prints its own part only (208 | | , | 05 | , | | 05), as sheets whose
    parents' cells were merged down print them."""
    if style.codes == "one":
        return [code]
    if style.codes == "sparse":
        return [code[:3] if len(code) == 3 else None, code[3:5] if len(code) == 5 else None, code[5:7] or None]
    return [code[:3], code[3:5] or None, code[5:7] or None]


def code_head(style: Style, rows: int = 2) -> tuple[list[list[str | None]], list[tuple[int, int, int, int]]]:
    """The label columns' header: 功能分类科目编码 over 类|款|项, or 科目编码 merged down."""
    if style.codes == "one":
        return [["科目编码", "科目名称"]] + [[None, None]] * (rows - 1), [(0, 0, rows, 1), (0, 1, rows, 1)]
    head = [["功能分类科目编码", None, None, "科目名称"], ["类", "款", "项", None]]
    return head, [(0, 0, 1, 3), (0, 3, 2, 1)]


def function_grid(style: Style, kind: str, heads: list[str], values, label: str = "") -> Grid:
    """Rows by function code: heads are the amount columns, values(items) their amounts."""
    head, merges = code_head(style)
    width = len(head[0])
    head[0] = head[0] + heads
    head[1] = head[1] + [None] * len(heads)
    merges += [(0, width + i, 2, 1) for i in range(len(heads))]
    rows = head + [[None] * (width - 1) + ["合计"] + [fmt(v, style) for v in values(F.ITEMS)]]
    for code, name, items in F.function_rows():
        rows.append(code_cells(code, style) + [name] + [fmt(v, style) for v in values(items)])
    return Grid(style.titles[kind], f"单位：{style.unit}", rows, 2, merges, label)


def summary_grid(style: Style) -> Grid:
    """收支总表 side by side: 收入 (项目 | 预算数) beside 支出 (项目 | 预算数)."""
    income = [("一、一般公共预算拨款收入", F.GPB), ("二、政府性基金预算拨款收入", D(0)),
              ("三、国有资本经营预算拨款收入", D(0)), ("四、事业收入", F.BUSINESS),
              ("五、事业单位经营收入", D(0)), ("六、其他收入", D(0))]
    spend = [(f"{n}、{name}", F.total(items, "basic") + F.total(items, "project"))
             for n, (code, name, items) in zip("一二三四五六七八", F.classes())]
    rows = [["收入", None, "支出", None], ["项目", "预算数", "项目", "预算数"]]
    for i in range(max(len(income), len(spend))):
        left = income[i] if i < len(income) else ("", None)
        right = spend[i] if i < len(spend) else ("", None)
        rows.append([left[0] or None, fmt(left[1], style) if left[1] is not None else None,
                     right[0] or None, fmt(right[1], style) if right[1] is not None else None])
    rows.append(["本年收入合计", fmt(F.ALL, style), "本年支出合计", fmt(F.ALL, style)])
    rows.append(["上年结转", None, "结转下年", None])
    rows.append(["收入总计", fmt(F.ALL, style), "支出总计", fmt(F.ALL, style)])
    return Grid(style.titles["summary"], f"单位：{style.unit}", rows, 2, [(0, 0, 1, 2), (0, 2, 1, 2)], "表1")


def fiscal_summary_grid(style: Style) -> Grid:
    """财政拨款收支总表: 收入 (项目 | 预算数) beside 支出 (项目 | 合计 | 一般公共预算 | 政府性基金预算)."""
    rows = [["收入", None, "支出", None, None, None],
            ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"]]
    income = [("一、本年收入", F.GPB), ("（一）一般公共预算拨款", F.GPB), ("（二）政府性基金预算拨款", D(0)),
              ("二、上年结转", D(0))]
    spend = [(f"{n}、{name}", sum((F.gpb(i) for i in items), D(0)))
             for n, (code, name, items) in zip("一二三四五六七八", F.classes())]
    for i in range(max(len(income), len(spend))):
        left = income[i] if i < len(income) else (None, None)
        right = spend[i] if i < len(spend) else (None, None)
        lv = fmt(left[1], style) if left[1] is not None else None
        rv = fmt(right[1], style) if right[1] is not None else None
        rows.append([left[0], lv, right[0], rv, rv, None])
    rows.append(["收入总计", fmt(F.GPB, style), "支出总计", fmt(F.GPB, style), fmt(F.GPB, style), None])
    return Grid(style.titles["fiscal_summary"], f"单位：{style.unit}", rows, 2, [(0, 0, 1, 2), (0, 2, 1, 4)], "表4")


def basic_grid(style: Style) -> Grid:
    head = [["部门预算支出经济分类科目", None, "一般公共预算基本支出", None, None],
            ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]
    rows = head + [[None, "合计", fmt(F.GPB_BASIC, style), fmt(F.PERSONNEL, style), fmt(F.PUBLIC, style)]]
    for code, name, pers, pub in F.economic_rows():
        rows.append([code, name, fmt(pers + pub, style), fmt(pers, style), fmt(pub, style)])
    return Grid(style.titles["basic_expenditure"], f"单位：{style.unit}", rows, 2, [(0, 0, 1, 2), (0, 2, 1, 3)], "表6")


def three_public_grid(style: Style) -> Grid:
    t = F.THREE_PUBLIC
    vehicle = t["vehicle_purchase"] + t["vehicle_operation"]
    all_ = t["abroad"] + vehicle + t["reception"]
    rows = [["合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"],
            [None, None, "小计", "公务用车购置费", "公务用车运行费", None],
            [fmt(v, style, blank_zero=False) for v in (all_, t["abroad"], vehicle, t["vehicle_purchase"],
                                                        t["vehicle_operation"], t["reception"])]]
    merges = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 3), (0, 5, 2, 1)]
    return Grid(style.titles["three_public"], f"单位：{style.unit}", rows, 2, merges, "表7")


def empty_fund_grid(style: Style, sentence: str) -> Grid:
    head, merges = code_head(style)
    width = len(head[0])
    heads = ["合计", "基本支出", "项目支出"]
    head[0] = head[0] + heads
    head[1] = head[1] + [None] * 3
    merges += [(0, width + i, 2, 1) for i in range(3)]
    rows = head + [[None] * (width - 1) + ["合计", None, None, None]]
    return Grid(style.titles["gov_fund_expenditure"], f"单位：{style.unit}", rows, 2, merges, "表8", note=sentence)


def budget_tables(style: Style, empty_sentence: str) -> list[Grid]:
    income_heads = ["合计", "上年结转", "一般公共预算拨款收入", "政府性基金预算拨款收入", "事业收入",
                    "事业单位经营收入", "其他收入"]
    z = D(0)
    return [
        summary_grid(style),
        function_grid(style, "income", income_heads,
                      lambda items: [F.total(items, "basic") + F.total(items, "project"), z,
                                     sum((F.gpb(i) for i in items), z), z, F.total(items, "business"), z, z], "表2"),
        function_grid(style, "expenditure", ["合计", "基本支出", "项目支出"],
                      lambda items: [F.total(items, "basic") + F.total(items, "project"),
                                     F.total(items, "basic"), F.total(items, "project")], "表3"),
        fiscal_summary_grid(style),
        function_grid(style, "gpb_expenditure", ["合计", "基本支出", "项目支出"],
                      lambda items: [sum((F.gpb(i) for i in items), z),
                                     F.total(items, "basic") - F.total(items, "business"),
                                     F.total(items, "project")], "表5"),
        basic_grid(style),
        three_public_grid(style),
        empty_fund_grid(style, empty_sentence),
    ]


def narrative(style: Style, basis: str = "比上年预算") -> list[Para]:
    y, u = style.year, "万元"
    up = F.ALL - F.PRIOR_TOTAL
    rate = (up / F.PRIOR_TOTAL * 100).quantize(D("0.01"))
    s = style.scope
    return [
        Para(f"{style.name}{y}年{s}预算公开", heading=True),
        Para("第一部分 部门概况", heading=True),
        Para("一、主要职能"),
        Para("负责自然资源调查监测评价、统一确权登记、国土空间规划及用途管制等工作。"),
        Para("第二部分 部门预算情况说明", heading=True),
        Para("一、收支预算总体情况说明"),
        Para(f"{style.name}{y}年收入预算总计{F.ALL}{u}，支出预算总计{F.ALL}{u}。与上年相比，收、支预算总计各增加"
             f"{up}{u}，增长{rate}%。" if basis == "比上年预算" else
             f"{style.name}{y}年收入预算总计{F.ALL}{u}，支出预算总计{F.ALL}{u}，{basis}增加{up}{u}，增长{rate}%。"),
        Para("二、收入预算情况说明"),
        Para(f"本年收入预算合计{F.ALL}{u}，其中：一般公共预算拨款收入{F.GPB}{u}，占"
             f"{(F.GPB / F.ALL * 100).quantize(D('0.01'))}%；事业收入{F.BUSINESS}{u}，占"
             f"{(F.BUSINESS / F.ALL * 100).quantize(D('0.01'))}%。"),
        Para("三、支出预算情况说明"),
        Para(f"本年支出预算合计{F.ALL}{u}，其中：基本支出{F.total(F.ITEMS, 'basic')}{u}，占"
             f"{(F.total(F.ITEMS, 'basic') / F.ALL * 100).quantize(D('0.01'))}%；项目支出"
             f"{F.total(F.ITEMS, 'project')}{u}，占{(F.total(F.ITEMS, 'project') / F.ALL * 100).quantize(D('0.01'))}%。"),
        Para("四、一般公共预算基本支出情况说明"),
        Para(f"{y}年一般公共预算基本支出{F.GPB_BASIC}{u}，其中：人员经费{F.PERSONNEL}{u}，主要包括：基本工资、"
             f"津贴补贴、奖金、机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、住房公积金、生活补助；"
             f"公用经费{F.PUBLIC}{u}，主要包括：办公费、差旅费、公务接待费、工会经费、公务用车运行维护费、其他商品和服务支出。"),
        Para("五、“三公”经费预算情况说明"),
        Para(f"{y}年“三公”经费预算数为15.00万元，其中：因公出国（境）费0万元；公务用车购置及运行费12.00万元"
             f"（其中公务用车购置费0万元，公务用车运行费12.00万元）；公务接待费3.00万元。"),
    ]


GLOSSARY = [Para("第三部分 名词解释", heading=True),
            Para("一、财政拨款收入：指本级财政当年拨付的资金。"),
            Para("二、事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。"),
            Para("三、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。")]


def document(style: Style, empty_sentence: str, basis: str = "比上年预算", glossary: bool = False) -> list:
    """概况, 说明, then the tables; glossary: 名词解释 before the tables, as the third part."""
    blocks = narrative(style, basis)
    if glossary:
        blocks += GLOSSARY + [Para("第四部分 部门预算公开表", heading=True)]
    else:
        blocks.append(Para("第三部分 部门预算表", heading=True))
    return blocks + budget_tables(style, empty_sentence)


# ---- expected facts -----------------------------------------------------------------------

def expected_coded(style: Style, grid: Grid) -> set[tuple[str, int, Decimal]]:
    """(code, column index, amount) of each amount the grid prints on a coded row."""
    width = 3 if grid.rows[1][:3] == ["类", "款", "项"] else 1
    out, parents = set(), ["", "", ""]
    for row in grid.rows[grid.header:]:
        if width == 3 and style.codes == "sparse":
            level = next((n for n in range(3) if row[n]), None)
            if level is not None:
                parents[level:] = [row[level]] + [""] * (2 - level)
            code = "".join(parents) if level is not None else ""
        else:
            code = "".join(c or "" for c in row[:width])
        if not code.isdigit():
            continue
        for col, cell in enumerate(row[width + 1:], width + 1):
            if cell and not AMOUNT_TEXT.match(cell):
                break                   # a second side begins (its code and name): its own rows
            if cell:
                out.add((code, col, D(cell.replace(",", ""))))
    return out


# ---- writers ------------------------------------------------------------------------------

def write_docx(blocks: list, path: Path, repeat_header: bool = False, filler: int = 0, landscape: bool = False) -> Path:
    """filler: paragraphs put before each table so tables run over page breaks; landscape: A4
    turned, the tables' label columns wide and the amount columns as wide as their figures (as
    offices lay them out for print)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm
    doc = docx.Document()
    if landscape:
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(1.5)
    for block in blocks:
        if isinstance(block, Para):
            doc.add_paragraph(block.text, style="Heading 2" if block.heading else None)
            continue
        for _ in range(filler):
            doc.add_paragraph("（本页留空）")
        if block.label:
            doc.add_paragraph(block.label)
        doc.add_paragraph(block.title)
        doc.add_paragraph(f"编制单位：某县自然资源局　　　　　　{block.unit_line}")
        width = len(block.rows[0])
        table = doc.add_table(rows=len(block.rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(block.rows):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        if landscape:
            widths = [Cm(6.0) if any(len(row[c] or "") > 8 and not AMOUNT_TEXT.match(row[c] or "")
                                     for row in block.rows[block.header:]) else Cm(2.6) for c in range(width)]
            table.autofit = False
            for row in table.rows:
                for cell, w in zip(row.cells, widths):
                    cell.width = w
        for r, c, nr, nc in block.merges:
            table.cell(r, c).merge(table.cell(r + nr - 1, c + nc - 1))
        if repeat_header:
            for r in range(block.header):
                tr_pr = table.rows[r]._tr.get_or_add_trPr()
                mark = OxmlElement("w:tblHeader")
                mark.set(qn("w:val"), "true")
                tr_pr.append(mark)
        if block.note:
            doc.add_paragraph(block.note)
    doc.save(path)
    return path


def write_xlsx(blocks: list, path: Path, sheet_names: bool = True) -> Path:
    """Each table on a sheet of its own (title merged over its width, 单位 line, header merged);
    the narrative on a first sheet, a paragraph a row."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    for block in blocks:
        if isinstance(block, Para):
            ws.append([block.text])
    n = 0
    for block in blocks:
        if not isinstance(block, Grid):
            continue
        n += 1
        ws = wb.create_sheet(f"表{n}" if sheet_names else f"Sheet{n + 1}")
        width = len(block.rows[0])
        ws.append([block.label])
        ws.append([block.title])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws.append(["编制单位：某市规划设计研究院"] + [None] * (width - 2) + [block.unit_line])
        top = 4
        for row in block.rows:
            ws.append([to_number(v) for v in row])
        for r, c, nr, nc in block.merges:
            ws.merge_cells(start_row=top + r, start_column=c + 1, end_row=top + r + nr - 1, end_column=c + nc)
        for cells in ws.iter_rows(min_row=top + block.header):
            for cell in cells:
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
        if block.note:
            ws.append([block.note])
    wb.save(path)
    return path


def to_number(text: str | None):
    if text and text.replace(",", "").replace(".", "").isdigit() and "." in text:
        return float(text.replace(",", ""))
    return text


def grid_html_inline(grid: Grid) -> str:
    """A table as Excel's 另存为网页 writes a sheet: its label, title and 单位 line are rows of
    the table, spanning its width."""
    width = len(grid.rows[0])
    lead = (f'<tr><td colspan="{width}">{grid.label}</td></tr>'
            f'<tr><td colspan="{width}" align="center"><b>{htmllib.escape(grid.title)}</b></td></tr>'
            f'<tr><td colspan="{width - 1}">编制单位：某市民政局</td><td align="right">{grid.unit_line}</td></tr>')
    inner = grid_html(grid)
    return inner.replace("<tr>", lead + "<tr>", 1)


def grid_html(grid: Grid) -> str:
    covered = {}
    for r, c, nr, nc in grid.merges:
        for i in range(r, r + nr):
            for j in range(c, c + nc):
                covered[(i, j)] = (r, c, nr, nc)
    out = []
    for r, row in enumerate(grid.rows):
        tds = []
        for c, text in enumerate(row):
            m = covered.get((r, c))
            if m and (m[0], m[1]) != (r, c):
                continue
            span = ""
            if m:
                span = (f' rowspan="{m[2]}"' if m[2] > 1 else "") + (f' colspan="{m[3]}"' if m[3] > 1 else "")
            tds.append(f"<td{span}>{htmllib.escape(text or '')}&nbsp;</td>" if not text else
                       f"<td{span}>{htmllib.escape(text)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    return '<table border="1" cellspacing="0" cellpadding="2" width="100%">' + "".join(out) + "</table>"


def write_html(blocks: list, path: Path, inline: bool = False) -> Path:
    """A portal article page in GBK: navigation, breadcrumbs and a footer around the article.
    inline: each table's label, title and 单位 line are rows of it, and the article is laid
    out inside a page table (older portals' layout)."""
    body = ['<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/czyjs">财政预决算</a></div>',
            '<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 财政预决算 &gt; 部门预算</div>',
            '<div class="info">发布时间：2025-02-18　来源：本站　浏览次数：<span>128</span></div>',
            '<div class="article">']
    for block in blocks:
        if isinstance(block, Para):
            body.append(f"<p>{htmllib.escape(block.text)}</p>")
        elif inline:
            body.append(grid_html_inline(block))
            if block.note:
                body.append(f"<p>{htmllib.escape(block.note)}</p>")
        else:
            if block.label:
                body.append(f'<p align="right">{block.label}</p>')
            body.append(f'<p align="center"><strong>{htmllib.escape(block.title)}</strong></p>')
            body.append(f'<p align="right">{block.unit_line}</p>')
            body.append(grid_html(block))
            if block.note:
                body.append(f"<p>{htmllib.escape(block.note)}</p>")
    body.append('</div><div class="footer">主办单位：某市人民政府办公室　网站标识码：4400000000　ICP备案号：粤ICP备00000000号</div>')
    article = "\n".join(body)
    if inline:
        article = ('<table width="980" align="center"><tr><td width="200"><a href="/">栏目导航</a></td>'
                   f'<td>{article}</td></tr></table>')
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            '<title>部门预算公开</title></head><body>' + article + "</body></html>")
    path.write_bytes(page.encode("gbk"))
    return path


def to_pdf(source: Path, folder: Path) -> Path:
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=120)
    return folder / (source.stem + ".pdf")
