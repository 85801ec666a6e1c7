"""The standard document polished: wide tables on landscape pages (DOCX) and within the page
(PDF), last year's figure of each 项 on the form's 上年数 sheet, a filled 决算 form in every
format, the tables' titles in Word's 目录, and a short section per unit of a department. Every
expected figure is written here by hand, never taken from the parser."""

from __future__ import annotations

import zipfile
from collections import Counter
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from budgetlens.pipeline import parse

# ---- a table of 24 columns --------------------------------------------------------------------
# A template of the test's own: Xinjiang's 11 tables, its 项目支出表 printing the 项目支出合计 and
# 20 economic 款 as columns (3 label columns + 21 amounts = 24), under a title of its own.

ECONOMIC_KUAN = [("30101", "基本工资"), ("30102", "津贴补贴"), ("30103", "奖金"), ("30107", "绩效工资"),
                 ("30108", "机关事业单位基本养老保险缴费"), ("30110", "职工基本医疗保险缴费"), ("30113", "住房公积金"),
                 ("30199", "其他工资福利支出"), ("30201", "办公费"), ("30202", "印刷费"), ("30205", "水费"),
                 ("30206", "电费"), ("30207", "邮电费"), ("30211", "差旅费"), ("30213", "维修（护）费"),
                 ("30216", "培训费"), ("30217", "公务接待费"), ("30226", "劳务费"), ("30228", "工会经费"),
                 ("30231", "公务用车运行维护费")]
WIDE_ID, WIDE_TITLE = "test-wide-2025", "一般公共预算项目支出经济分类明细表"
# two projects under 2010302; each 款 column k (1…20) holds k × 1,111.11 for the first project
# and k × 2,222.22 for the second: amounts as wide as 44,444.40, too wide for 24 columns at 9 pt
PROJECTS = [("2010302", "一般行政管理事务", "政务数据平台运行维护", D("1111.11")),
            ("2010302", "一般行政管理事务", "电子政务外网租赁", D("2222.22"))]


def wide_template() -> dict:
    columns = [{"key": "total", "label": "项目支出合计", "aliases": ["合计"], "coords": {"economic_code": "total"}}]
    columns += [{"key": f"e{code}", "label": name, "coords": {"economic_code": code}} for code, name in ECONOMIC_KUAN]
    table = {"number": 7, "kind": "project_expenditure", "header_groups": ["一般公共预算项目支出"], "titles": [WIDE_TITLE],
             "rows": "function_project", "coords": {"budget_type": "gpb", "nature": "project"}, "columns": columns,
             "sums": [{"total": "total", "parts": [f"e{code}" for code, _ in ECONOMIC_KUAN]}]}
    return {"id": WIDE_ID, "extends": "xj-dept-budget-2025", "name": "测试 宽表模板", "region": "测试省",
            "tables": [table]}


@pytest.fixture
def wide(monkeypatch, tmp_path):
    """The shipped templates and the wide one, wherever the pipeline and the writer look them up."""
    from budgetlens import segment
    from budgetlens.checks import context
    from budgetlens.render import build, form
    from budgetlens.templates import DATA, load_templates

    folder = tmp_path / "templates"
    folder.mkdir()
    for path in DATA.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / f"{WIDE_ID}.yaml").write_text(yaml.safe_dump(wide_template(), allow_unicode=True), encoding="utf-8")
    every = load_templates(str(folder))
    for module in (context, build, form, segment):
        monkeypatch.setattr(module, "load_templates", lambda folder=None: every)
    return every


def project_amounts(k: int, unit: D) -> D:
    return unit * k


def filled_wide_form(tmp_path: Path) -> Path:
    from openpyxl import load_workbook

    from budgetlens.render.form import write_form

    blank, filled = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx"
    write_form(WIDE_ID, blank, unit="示例县数据管理局", year=2026)
    wb = load_workbook(blank)
    ws = next(s for s in wb.worksheets if WIDE_TITLE in s.title or s.title.startswith("表7"))
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    heads = {ws.cell(r, c).value: c for r in (4, 5) for c in range(1, ws.max_column + 1) if ws.cell(r, c).value}
    rows = {"合计": first}
    for n, (code, name, project, unit) in enumerate(PROJECTS, 1):
        r = first + n
        ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value = code, name, project
        for k, (_, label) in enumerate(ECONOMIC_KUAN, 1):
            ws.cell(r, heads[label]).value = float(project_amounts(k, unit))
        ws.cell(r, heads["项目支出合计"]).value = float(sum(project_amounts(k, unit) for k in range(1, 21)))
    every = sum((u for *_, u in PROJECTS), D(0))
    for k, (_, label) in enumerate(ECONOMIC_KUAN, 1):
        ws.cell(rows["合计"], heads[label]).value = float(every * k)
    ws.cell(rows["合计"], heads["项目支出合计"]).value = float(every * 210)
    wb.save(filled)
    return filled


def expected_wide() -> set[tuple[str, str, str, D]]:
    """(project, function code, economic code, amount) of every amount written above, by hand:
    the 合计 column is 1 + 2 + … + 20 = 210 times the project's unit (233,333.10 and 466,666.20;
    the 合计 row's 3,333.33 × 210 = 699,999.30)."""
    out = set()
    for code, _, project, unit in PROJECTS:
        out |= {(project, code, econ, unit * k) for k, (econ, _) in enumerate(ECONOMIC_KUAN, 1)}
        out.add((project, code, "total", unit * 210))
    every = D("3333.33")
    out |= {("", "", econ, every * k) for k, (econ, _) in enumerate(ECONOMIC_KUAN, 1)}
    out.add(("", "", "total", every * 210))
    return out


def wide_facts(disc) -> set[tuple[str, str, str, D]]:
    table = disc.table("project_expenditure")
    return {(f.coords.project or "", f.coords.function_code or "", f.coords.economic_code, f.amount)
            for f in disc.facts if f.table == table.index and not f.ambiguous}


def test_the_wide_form_reads_as_filled(wide, tmp_path):
    disc = parse(filled_wide_form(tmp_path))
    assert disc.meta.template == WIDE_ID
    table = disc.table("project_expenditure")
    assert len(table.columns) == 21
    assert wide_facts(disc) == expected_wide()


def docx_sections(path: Path) -> list[tuple[str, str]]:
    """(orientation, the text of its tables' first cells) of each section of a Word file."""
    import docx

    word = docx.Document(str(path))
    return [(str(s.orientation), f"{s.page_width.mm:.0f}x{s.page_height.mm:.0f}") for s in word.sections]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_table_of_24_columns_reads_back_at_its_coordinates(wide, fmt, tmp_path):
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    from budgetlens.render import render

    disc = parse(filled_wide_form(tmp_path))
    out = tmp_path / f"公开.{fmt}"
    doc = render(disc, out)
    assert next(t for t in doc.tables() if t.kind == "project_expenditure").width == 24
    back = parse(out)
    assert back.meta.template == WIDE_ID
    assert wide_facts(back) == expected_wide()
    assert Counter((f.coords.model_dump_json(), f.amount) for f in back.facts if not f.ambiguous) == \
        Counter((f.coords.model_dump_json(), f.amount) for f in disc.facts if not f.ambiguous)
    if fmt == "docx":
        # portrait A4, the wide table's landscape section, portrait again after it
        sections = docx_sections(out)
        assert sections[0] == ("PORTRAIT (0)", "210x297") and ("LANDSCAPE (1)", "297x210") in sections
        assert sections[-1][0] == "PORTRAIT (0)"


def test_the_pdf_prints_the_wide_table_smaller_and_within_the_page(wide, tmp_path):
    pytest.importorskip("weasyprint")
    import pdfplumber
    import weasyprint

    from budgetlens.render import build_document, write
    from budgetlens.render.html import PDF_CSS, html_text, overflowing

    doc = build_document(parse(filled_wide_form(tmp_path)))
    n = next(i for i, t in enumerate(doc.tables()) if t.kind == "project_expenditure")
    # at the body size the table reaches past the page: the writer must print it smaller
    assert overflowing(weasyprint.HTML(string=html_text(doc, PDF_CSS)).render()) == {n}
    out = tmp_path / "公开.pdf"
    write(doc, out)
    with pdfplumber.open(out) as pdf:
        # (the table's page: the narrative states the figure without separators)
        page = next(p for p in pdf.pages if "699,999.30" in (p.extract_text() or "").replace(" ", ""))
        right = max(c["x1"] for c in page.chars)
        sizes = {w["size"] for w in page.extract_words(extra_attrs=["size"]) if "," in w["text"]}
        # A4 landscape, 12 mm margins: nothing printed past 297 − 12 mm
        assert right <= page.width - 12 * 72 / 25.4 + 1
        assert max(sizes) < 9


def too_wide_document():
    from budgetlens.render.document import Cell, Document, Heading, TableBlock

    doc = Document("宽表")
    doc.blocks.append(Heading("第二部分", 1))
    amounts = [Cell("1,234,567.89", D("1234567.89")) for _ in range(78)]
    doc.blocks.append(TableBlock("表7", "项目支出表", "单位：元", "编制部门：示例单位",
                                 [["科目编码", "科目名称", *(f"栏目{i}" for i in range(78))]],
                                 body=[[Cell("2010301"), Cell("行政运行"), *amounts]]))
    return doc


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_table_too_wide_even_in_small_print_is_refused_by_name(fmt, tmp_path):
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    from budgetlens.render import RenderError, write

    out = tmp_path / f"公开.{fmt}"
    with pytest.raises(RenderError, match=r"表7 项目支出表共80列.*请改用 \.xlsx 输出"):
        write(too_wide_document(), out)
    assert not out.exists()
    # the workbook holds it: one sheet, every amount a number
    from openpyxl import load_workbook

    write(too_wide_document(), tmp_path / "公开.xlsx")
    ws = load_workbook(tmp_path / "公开.xlsx").worksheets[1]
    assert [ws.cell(5, c).value for c in (3, 80)] == [1234567.89, 1234567.89]


# ---- last year's figure of each 项, on the form's 上年数 sheet ------------------------------------
# The form of tests/test_render_more.py (项 2010301 行政运行 80.00, 2010302 一般行政管理事务 20.00,
# 2210201 住房公积金 10.00), its 上年数 giving each 项 last year's 一般公共预算支出. By hand:
#   2010301: 80.00 − 100.00 = −20.00; 20.00 / 100.00 = 20.00 % (下降)
#   2010302: 20.00 − 16.00 = 4.00; 4.00 / 16.00 = 25.00 % (增长)
#   2210201: 10.00 − 10.00 = 0 (持平)
BY_CODE = {"2010301": D("100.00"), "2010302": D("16.00"), "2210201": D("10.00")}
ITEM_SENTENCES = [
    "行政运行（项）：2026年预算数为80.00万元，比上年预算减少20.00万元，下降20.00%",
    "一般行政管理事务（项）：2026年预算数为20.00万元，比上年预算增加4.00万元，增长25.00%",
    "住房公积金（项）：2026年预算数为10.00万元，与上年预算持平",
]


def by_code_rows(wb):
    """(上年数 row, the 表5 code it shows) of each per-code row: what the officer sees in Excel."""
    import re

    prior = wb["上年数"]
    out = []
    for r in range(1, prior.max_row + 1):
        found = re.match(r"^=IF\('(.+)'!A(\d+)=", str(prior.cell(r, 1).value or ""))
        if found:
            out.append((r, wb[found.group(1)].cell(int(found.group(2)), 1).value))
    return out


def prior_by_code(values: dict[str, object]):
    def edit(wb):
        for r, code in by_code_rows(wb):
            if code in values:
                wb["上年数"].cell(r, 3).value = values[code]
    return edit


@pytest.fixture(scope="module")
def blank_form(tmp_path_factory):
    from test_render_more import TEMPLATE, UNIT, YEAR

    from budgetlens.render.form import write_form

    blank = tmp_path_factory.mktemp("polish-form") / "blank.xlsx"
    write_form(TEMPLATE, blank, UNIT, YEAR)
    return blank


def test_the_prior_sheet_lists_a_row_per_row_of_the_gpb_table(blank_form):
    from openpyxl import load_workbook

    wb = load_workbook(blank_form)
    gpb = next(ws for ws in wb.worksheets if ws.title.startswith("表5"))
    rows = by_code_rows(wb)
    body = [r for r in range(1, gpb.max_row + 1) if gpb.cell(r, 1).value == "合计"]
    # one row per body row under 表5's 合计 (20 rows the officer fills with codes)
    assert len(rows) == 20 and body and all(code is None for _, code in rows)


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_each_items_change_is_computed_from_the_prior_sheet(blank_form, fmt, tmp_path):
    from test_render_more import fill
    from typer.testing import CliRunner

    from budgetlens.cli.main import app
    from budgetlens.render.form import read_form

    filled = tmp_path / "filled.xlsx"
    fill(blank_form, filled, edit=prior_by_code({k: float(v) for k, v in BY_CODE.items()}))
    form = read_form(filled)
    assert {k: v for k, v in form.prior.items() if k.count(":") == 2} == \
        {f"gpb_expenditure:total:{code}": amount for code, amount in BY_CODE.items()}
    assert not form.problems
    out = tmp_path / f"公开.{fmt}"
    result = CliRunner().invoke(app, ["render", str(filled), "-o", str(out)])
    assert result.exit_code == 0, result.output
    from test_render_more import document_text

    text = "".join(document_text(out).split())
    for sentence in ITEM_SENTENCES:
        assert sentence in text, sentence
    # the filled form still reads as its tables: the per-code rows are no table's
    back = parse(filled)
    assert {t.kind for t in back.tables if t.rows} >= {"gpb_expenditure", "expenditure"}
    assert not any("上年数" in (t.title or "") for t in back.tables)


def test_a_prior_figure_without_its_code_or_no_number_is_named_not_taken(blank_form, tmp_path):
    from openpyxl import load_workbook
    from test_render_more import fill

    from budgetlens.render.form import read_form

    filled = tmp_path / "filled.xlsx"
    fill(blank_form, filled, edit=prior_by_code({"2010301": "约一百万"}))
    wb = load_workbook(filled)
    empty = next(r for r, code in by_code_rows(wb) if code is None)
    wb["上年数"].cell(empty, 3).value = 55.0          # a figure on a row whose 表5 row has no code
    wb.save(filled)
    form = read_form(filled)
    assert not any(k.startswith("gpb_expenditure:total:") for k in form.prior)
    said = "".join(form.problems)
    assert "约一百万" in said and "不是金额" in said
    assert f"第{empty}行填写了上年数“55”" in said and "没有科目编码" in said
    # the change of that 项 stays for the officer to write, never a figure
    from budgetlens.render import build_document

    doc = build_document(parse(filled), form=form)
    item = next(b.text for b in doc.blocks if "行政运行（项）" in getattr(b, "text", ""))
    assert item.endswith("2026年预算数为80.00万元，【待填写：比上年预算增减情况（未提供上年数据）】。")


# ---- a filled 决算 form in PDF and XLSX -----------------------------------------------------------
# tests/test_render_more.py fills the national 决算 form (one 项, 2010301 行政运行, spent 100.00 of a
# 年初预算 of 120.00 → 83.33 %) and renders it to HTML and DOCX; the same to PDF and XLSX.

FINAL_SENTENCES = ["年初预算为120.00万元，支出决算为100.00万元，完成年初预算的83.33%。决算数小于年初预算数的主要原因是",
                   "人员经费80.00万元，主要包括：基本工资。", "公用经费20.00万元，主要包括：办公费。",
                   "“三公”经费财政拨款支出决算为3.00万元，完成预算的75.00%", "机关运行经费支出20.00万元"]


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_filled_final_accounts_form_renders_to_pdf_and_xlsx(fmt, tmp_path):
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    from test_render_more import UNIT, decided, document_text, fill_final
    from typer.testing import CliRunner

    from budgetlens.checks import check
    from budgetlens.cli.main import app

    blank, filled = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx"
    result = CliRunner().invoke(app, ["form", "cn-dept-final-2018", "-o", str(blank), "--unit", UNIT, "--year", "2024"])
    assert result.exit_code == 0, result.output
    fill_final(blank, filled)
    disc = parse(filled)
    out = tmp_path / f"决算.{fmt}"
    result = CliRunner().invoke(app, ["render", str(filled), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "输入数据不一致" not in result.output, result.output
    text = "".join(document_text(out).split())
    for sentence in FINAL_SENTENCES:
        assert sentence in text, sentence
    assert "比上年预算" not in text
    back = parse(out)
    assert (back.meta.template, back.meta.phase, back.meta.year) == ("cn-dept-final-2018", "决算", 2024)
    assert decided(back) == decided(disc)
    bad = [f for f in check(back).findings if f.severity == "error" and f.rule != "C-PLACEHOLDER"]
    assert not bad, [f.message for f in bad]


# ---- the units of a department -------------------------------------------------------------------
# tests/test_unit_tables.py's department: the 汇总 at 2× seed 002, unit 1 (本级) at 3×, unit 2 (机关
# 事务服务中心) at 1×. Seed 002's 收支总计 1,759.05, 基本支出 1,599.05, 项目支出 160.00. By hand:
#   unit 1: 5,277.15; 4,797.15 + 480.00; 4,797.15 / 5,277.15 = 90.904…% → 90.90 %, 480 / 5,277.15 → 9.10 %
#   unit 2: 1,759.05; 1,599.05 + 160.00; 1,599.05 / 1,759.05 = 90.904…% → 90.90 %, 160 / 1,759.05 → 9.10 %
# (no last year's figures: each change is left to write, tests/test_render_probe38.py states them)
NO_PRIOR = "，【待填写：比上年预算增减情况（未提供上年数据）】"
UNIT_SENTENCES = [
    "关于克孜勒苏柯尔克孜自治州人民政府办公室（本级）2026年收支预算情况的总体说明",
    f"克孜勒苏柯尔克孜自治州人民政府办公室（本级）2026年收支总预算5277.15万元{NO_PRIOR}。",
    (f"克孜勒苏柯尔克孜自治州人民政府办公室（本级）2026年支出预算5277.15万元，其中：基本支出4797.15万元，占90.90%{NO_PRIOR}；"
     f"项目支出480.00万元，占9.10%{NO_PRIOR}。"),
    f"克孜勒苏柯尔克孜自治州机关事务服务中心2026年收支总预算1759.05万元{NO_PRIOR}。",
    (f"克孜勒苏柯尔克孜自治州机关事务服务中心2026年支出预算1759.05万元，其中：基本支出1599.05万元，占90.90%{NO_PRIOR}；"
     f"项目支出160.00万元，占9.10%{NO_PRIOR}。"),
]


@pytest.fixture(scope="module")
def department_disc(tmp_path_factory):
    from test_store_sets import unit_scaled
    from test_unit_tables import department, parse_text

    disc = parse_text(tmp_path_factory.mktemp("dept"), department(summary_scale=2, edit=unit_scaled(1, 3)))
    assert sorted({t.group for t in disc.tables}) == [0, 1, 2]
    return disc


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_each_unit_of_a_department_gets_its_totals_checked_against_its_set(department_disc, fmt, tmp_path):
    from test_render_more import document_text

    from budgetlens.checks import check
    from budgetlens.render import render

    out = tmp_path / f"部门.{fmt}"
    render(department_disc, out)
    text = "".join(document_text(out).split())
    for sentence in UNIT_SENTENCES:
        assert sentence in text, sentence
    back = parse(out)
    by_set = {(c.table_set, c.subject.concept, c.kind): c.value for c in back.narrative.claims if c.table_set}
    assert by_set[(1, "nature:project", "amount")] == D("480.00") and by_set[(2, "total", "amount")] == D("1759.05")
    assert by_set[(1, "nature:basic", "share")] == D("90.90")
    wrong = [f.message for f in check(back).findings if f.rule in ("N-AMOUNT", "N-SHARE") and f.severity == "error"]
    assert not wrong, wrong


def test_a_unit_lacking_its_tables_or_of_no_known_set_is_listed_not_left_out(department_disc):
    from budgetlens.render import build_document

    disc = department_disc.model_copy(deep=True)
    disc.tables = [t for t in disc.tables if not (t.group == 2 and t.kind in ("expenditure", "summary", "income"))]
    for t in disc.tables:
        if t.group == 1:
            t.group = None
    doc = build_document(disc)
    assert "未能判断所属单位的公开表的收支情况说明" in doc.placeholders
    centre = "克孜勒苏柯尔克孜自治州机关事务服务中心"
    assert f"{centre}收支总计（输入中没有该单位的收支总表）" in doc.placeholders
    assert f"{centre}基本支出、项目支出（输入中没有该单位的支出总表）" in doc.placeholders
    assert not any("5277.15" in getattr(b, "text", "") for b in doc.blocks)


# ---- the tables' titles in Word's 目录 --------------------------------------------------------------

def test_the_docx_toc_lists_each_tables_title_and_reads_back_the_same(tmp_path):
    import docx
    from conftest import parsed
    from docx.oxml.ns import qn
    from test_render_more import decided

    from budgetlens.render import render

    disc = parsed("000_9131eab83374bb33")
    out = tmp_path / "公开.docx"
    doc = render(disc, out)
    word = docx.Document(str(out))

    def level(p):
        found = p._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        return None if found is None else found.get(qn("w:val"))

    titled = {p.text: level(p) for p in word.paragraphs if level(p) is not None}
    # every table's title at outline level 2 (w:val 1), which the TOC field's \u lists with its page
    assert {t.title for t in doc.tables()} <= {text for text, lvl in titled.items() if lvl == "1"}
    # no other paragraph joins the 目录 (a sentence, a 单位 line, a note)
    assert set(titled) == {t.title for t in doc.tables()}
    with zipfile.ZipFile(out) as z:
        assert 'TOC \\o "1-2" \\h \\z \\u' in z.read("word/document.xml").decode()
    back = parse(out)
    assert decided(back) == decided(disc)
    assert [t.title for t in back.tables] == [t.title for t in disc.tables]
