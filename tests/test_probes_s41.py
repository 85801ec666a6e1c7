"""Disclosures in forms and wordings of regions budgetlens has no template of its own for,
written by tests/probes_s41 from one department's consistent figures: a county's Word file
(类|款|项 in three columns under merged headers, or each row printing its own part only), the
same printed to PDF by LibreOffice (tables running over pages under repeated header rows), a
city portal's GBK page (rowspan/colspan, navigation around), an older portal's page saved from
Excel inside a layout table, a 2016 file in 元 comparing with last year's 执行数, a city
department's workbook in 元, a Word file printing 名词解释 before the tables (the national order),
and a city unit's 决算 workbook and its PDF (公开01–09表, 行次/栏次).
Each must read as built: every table of the right kind, every amount at its code and column,
the unit, the narrative, the empty table's sentence, and no error from the checks."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from probes_s41 import finals, gen, probes
from test_pdf_wide_s40 import codes_page
from test_pdf_wide_s40 import grid as grid_line

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.readers import read_document
from budgetlens.readers.base import Line
from budgetlens.readers.pdf_wide import join_wide_pages
from budgetlens.segment import choose_template, guess_year_scope_phase, title_at
from budgetlens.templates import load_templates

BUDGET_KINDS = ["summary", "income", "expenditure", "fiscal_summary", "gpb_expenditure", "basic_expenditure",
                "three_public", "gov_fund_expenditure"]
FINAL_KINDS = BUDGET_KINDS + ["state_capital_expenditure"]
# the column each printed head is read into, in the tables read by function code
HEAD_KEYS = {"合计": "total", "本年收入合计": "total", "本年支出合计": "total", "小计": "total",
             "上年结转": "carryover", "一般公共预算拨款收入": "gpb", "财政拨款收入": "fiscal",
             "事业收入": "business_income", "基本支出": "basic", "项目支出": "project",
             "人员经费": "personnel", "公用经费": "public"}
AMOUNT = re.compile(r"^[\d,]+\.\d\d$")
NEEDS_PDF = {"county-pdf", "final-pdf", "final-pdf-landscape"}


def build(name: str, folder: Path) -> tuple[Path, list, gen.Style]:
    if name == "final-xlsx":
        return gen.write_xlsx(finals.blocks(), folder / "final.xlsx"), finals.blocks(), finals.STYLE
    if name.startswith("final-pdf"):
        landscape = name.endswith("landscape")      # (公开09表's title left at page 7's foot)
        docx = gen.write_docx(finals.blocks(), folder / f"{name}.docx", repeat_header=landscape, landscape=landscape)
        return gen.to_pdf(docx, folder), finals.blocks(), finals.STYLE
    return probes.build(name, folder), probes.blocks(name), probes.STYLES[name]


NAMES = [*probes.STYLES, "final-xlsx", "final-pdf", "final-pdf-landscape"]


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probes_s41")
    done = {}

    def get(name):
        if name in NEEDS_PDF and gen.SOFFICE is None:
            pytest.skip("LibreOffice 未安装，无法打印 PDF")
        if name not in done:
            path, blocks, style = build(name, folder)
            done[name] = (parse(path), [b for b in blocks if isinstance(b, gen.Grid)], style)
        return done[name]
    return get


def printed_head(grid: gen.Grid, col: int) -> str | None:
    """The lowest header text over a column (栏次 rows aside)."""
    heads = [row[col] for row in grid.rows[:grid.header] if row[col] and row[0] != "栏次"]
    return heads[-1] if heads else None


def coded_facts(style: gen.Style, grid: gen.Grid) -> set[tuple[str, str, Decimal]]:
    """(code, column key, amount) of the amounts a table read by function code prints."""
    return {(code, HEAD_KEYS[printed_head(grid, col)], amount) for code, col, amount in gen.expected_coded(style, grid)
            if printed_head(grid, col) in HEAD_KEYS}


@pytest.mark.parametrize("name", NAMES)
def test_each_probe_reads_as_built(read, name):
    disc, grids, style = read(name)
    final = name.startswith("final")
    assert disc.meta.template == ("cn-unit-final-2018" if final else "cn-dept-budget-2018")
    assert disc.meta.year == style.year
    assert [t.kind for t in disc.tables] == (FINAL_KINDS if final else BUDGET_KINDS)
    if name == "glossary-docx":
        assert not disc.missing and len(disc.glossary) == 3
        assert [p.key for p in disc.parts] == ["overview", "narrative", "glossary", "tables"]
    else:
        assert disc.missing == ["名词解释部分"]           # (none is printed)
        assert [p.key for p in disc.parts] == ["overview", "narrative", "tables"]
    for table, grid in zip(disc.tables, grids):
        assert table.title == grid.title and table.unit == style.unit
        printed = Counter(Decimal(c.replace(",", "")) for row in grid.rows[grid.header:] for c in row
                          if c and AMOUNT.match(c))
        got = [c for r in table.rows for c in r.cells if c.amount is not None]
        assert Counter(c.amount for c in got) == printed, table.title
        assert all(c.column for c in got), table.title
    for table in disc.tables:
        if table.is_empty:
            assert table.empty_note, table.title


@pytest.mark.parametrize("name", NAMES)
def test_each_probe_puts_every_amount_at_its_code_and_column(read, name):
    disc, grids, style = read(name)
    for table, grid in zip(disc.tables, grids):
        want = coded_facts(style, grid)
        if not want:
            continue
        got = {(r.classified_code, c.column, c.amount) for r in table.rows for c in r.cells if c.amount}
        assert want <= got, (table.title, sorted(want - got)[:5])


@pytest.mark.parametrize("name", NAMES)
def test_no_probe_gets_an_error_from_the_checks(read, name):
    disc, _, _ = read(name)
    errors = [(f.rule, f.message) for f in check(disc).findings if f.severity == "error"]
    assert errors == []


def test_the_2016_narrative_compares_with_last_years_execution(read):
    disc, _, _ = read("y2016-docx")
    change = next(c for c in disc.narrative.claims if c.kind == "change")
    assert (change.basis, change.value, change.implied_prior) == ("上年执行数", Decimal("56.41"), Decimal("600.00"))


# ---- the parts: 说明 before the tables --------------------------------------------------------

def test_the_narrative_printed_before_the_tables_is_read(read):
    """The national format prints 概况, 说明 (名词解释) and then the tables; the template's order
    (the tables second) dropped the 说明 as if it were a contents entry: no section was read and
    the narrative was said missing."""
    disc, _, _ = read("county-docx")
    assert [s.title for s in disc.narrative.sections][:2] == ["一、收支预算总体情况说明", "二、收入预算情况说明"]
    assert "情况说明部分" not in disc.missing
    assert any(c.kind == "share" and c.value == Decimal("95.43") for c in disc.narrative.claims)


def test_a_contents_entry_of_a_document_cut_short_is_still_no_part(tmp_path):
    """The near miss: the contents (no 目录 heading over them) list 第三部分 情况说明 and 第四部分
    名词解释, the body stops after the tables. The entries have no text of their own: no
    narrative is read from them."""
    seed = (Path(__file__).parent.parent / "budgetlens/examples/002_4e0ed6e09b019fe1.txt").read_text(encoding="utf-8")
    body = seed.rindex("第三部分 2026 年部门预算情况说明")
    path = tmp_path / "cut.txt"
    path.write_text(seed[:body].replace("目 录", ""), encoding="utf-8")
    disc = parse(path)
    assert "narrative" not in [p.key for p in disc.parts]
    assert not disc.narrative.sections
    assert len(disc.tables) == 11


# ---- the template: titles both the national and the Xinjiang sets print ----------------------

def template_of(path: Path) -> str:
    doc = read_document(path)
    year, scope, phase = guess_year_scope_phase(doc)
    return choose_template(doc, year, scope, phase=phase).id


def test_the_national_numbering_tells_the_national_set(read, tmp_path):
    """部门收支总体情况表 … 政府性基金预算支出情况表 are the national 8-table set's titles and
    Xinjiang's 11-table set's: labelled 表1 … 表8 with 三公 as 表7, they are the national set
    (before: the Xinjiang template, its 项目支出, 国有资本 and 上年结转 tables said missing as
    errors, the income table's 上年结转/事业收入 columns not its own)."""
    disc, _, _ = read("portal-html")
    assert disc.meta.template == "cn-dept-budget-2018"
    assert not [f for f in check(disc).findings if f.rule == "C-TABLES"]
    assert not [i for i in disc.issues if i.code == "header-unmapped"]


@pytest.mark.parametrize("labels, template", [
    ({"three_public": "表10"}, "xj-dept-budget-2025"),          # Xinjiang's numbers: its set
    ({kind: "" for kind in BUDGET_KINDS}, "cn-dept-budget-2018"),   # no labels, no region named: national
    ({}, "cn-dept-budget-2018"),
], ids=["xinjiang-numbers", "unlabelled", "national-numbers"])
def test_the_numbering_decides_only_where_it_tells(tmp_path, labels, template):
    blocks = probes.blocks("portal-html")
    for block in blocks:
        if isinstance(block, gen.Grid):
            kind = BUDGET_KINDS[int(block.label[1:]) - 1]
            block.label = labels.get(kind, block.label)
    assert template_of(gen.write_html(blocks, tmp_path / "page.html")) == template


@pytest.mark.parametrize("title, kind", [
    ("一般公共预算财政拨款“三公”经费支出表", "three_public"),
    ("一般公共预算财政拨款“三公”经费支出预算表", "three_public"),
    ("一般公共预算“三公”经费支出情况表", "three_public"),
    ("2025年一般公共预算财政拨款\"三公\"经费支出表", "three_public"),
    ("一般公共预算财政拨款基本支出表", "basic_expenditure"),        # near misses
    ("一般公共预算财政拨款支出表", "gpb_expenditure"),
])
def test_national_three_public_titles(title, kind):
    spec = next(t for t in load_templates() if t.id == "cn-dept-budget-2018")
    assert title_at(title, spec.tables)[0].kind == kind


# ---- plain text: a header wrapped over lines names the columns printed ------------------------

WRAPPED_HEADER = ["科目编码 科目名称 合计 上年结转 一般公共预算", "拨款收入", "政府性基金预", "算拨款收入",
                  "事业收入 事业单位经营", "收入", "其他收入"]
WRAPPED_ROWS = ["合计 130.00 100.00 30.00", "201 一般公共服务支出 130.00 100.00 30.00",
                "201 03 政府办公厅（室）及相关机构事务 100.00 100.00", "201 03 01 行政运行 100.00 100.00",
                "201 05 统计信息事务 30.00 30.00", "201 05 04 信息事务 30.00 30.00"]
NAMED = {"total", "carryover", "gpb", "gov_fund", "business_income", "operating_income", "other_income"}


def wrapped_income(tmp_path, rows: list[str]):
    path = tmp_path / "income.txt"
    path.write_text("\n".join(["示例单位2025年部门预算", "表2", "部门收入总表", "单位：万元", *WRAPPED_HEADER, *rows, ""]),
                    encoding="utf-8")
    return parse(path).table("income")


def test_a_header_wrapped_over_lines_names_the_columns_rows_printing_fewer_amounts_go_to(tmp_path):
    """pdftotext -raw of a 收入总表 whose header cells wrap: its words name 7 columns (every word
    a known header string), its rows print 2 or 3 amounts (empty cells vanish). The amounts are
    placed among those 7, not among the template's 12: before, 30.00 was offered 财政专户 and never
    事业收入, and where the other tables' figures narrowed it, it was put under 财政专户 unsaid (the
    unprinted 单位资金 = 事业收入 + … taken as a printed 0)."""
    table = wrapped_income(tmp_path, WRAPPED_ROWS)
    assert {c.key for c in table.columns} == NAMED
    for row in table.rows:
        for cell in row.cells[1:]:
            assert set(cell.candidates or [cell.column]) <= NAMED
    thirty = [c for r in table.rows for c in r.cells if c.amount == Decimal("30.00") and c.column != "total"]
    assert len(thirty) == 4 and all("business_income" in c.candidates for c in thirty)


def test_a_row_printing_more_amounts_than_the_wrapped_header_names_keeps_the_template_columns(tmp_path):
    """The near miss: a row printing 8 amounts where the header names 7 columns: the header does
    not say them all, the rows are placed among all of the template's columns as before."""
    rows = [*WRAPPED_ROWS[:1], "201 一般公共服务支出 130.00 0.00 100.00 0.00 0.00 0.00 30.00 0.00"]
    table = wrapped_income(tmp_path, rows)
    assert len(table.columns) > len(NAMED)


def test_the_raw_text_of_the_county_pdf_reads_the_income_table_right(read, tmp_path):
    """The whole case: pdftotext -raw of the county's PDF; 事业收入 30.00 at 2200150 and its parents
    (the 收支总表's 事业收入 tells it among the named columns)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None or gen.SOFFICE is None:
        pytest.skip("pdftotext 或 LibreOffice 未安装")
    pdf = probes.build("county-pdf", tmp_path)
    text = tmp_path / "county.raw.txt"
    subprocess.run([pdftotext, "-raw", str(pdf), str(text)], check=True, timeout=60)
    income = parse(text).table("income")
    got = {(r.classified_code, c.column) for r in income.rows for c in r.cells if c.amount == Decimal("30.00")}
    assert got == {(code, "business_income") for code in ("", "220", "22001", "2200150")}


# ---- PDF: a table whose title Word left at the foot of the page before ------------------------

def titled_foot(lines: list[Line], page: int, top: float, no: int) -> list[Line]:
    """公开09表, its title and 编制单位 line at the foot of a page, the table on the next."""
    texts = ["公开09表", "国有资本经营预算财政拨款支出决算表", "编制单位：某某局　　金额单位：元"]
    return lines + [Line(no=no + k, text=t, page=page, bbox=(40.0, top + 15.0 * k, 300.0, top + 15.0 * k + 12.0))
                    for k, t in enumerate(texts)]


def test_a_page_after_a_title_at_the_foot_of_the_page_before_is_no_overflow():
    """Page 1: a table's rows, then the next table's label, title and 编制单位 line at its foot;
    page 2: that (empty) table's header, 合计 row and note, standing by chance level with page
    1's rows. Page 2
    is that table, not page 1's columns past the page's edge (before: joined to page 1's rows,
    the 决算 probe's empty 国有资本经营 table read as the 基本支出 table's right-hand columns and its
    note as that table's, an error from C-EMPTY-NOTE-CONTRADICTS)."""
    page = [grid_line(8, 2, 80.0, ["项目", "合计"]), grid_line(9, 2, 95.0, ["栏次", "1"]), grid_line(10, 2, 110.0, ["合计", ""]),
            grid_line(11, 2, 125.0, ["注：本单位无国有资本经营预算财政拨款支出，故本表无数据。", ""])]
    lines = titled_foot(codes_page(), 1, 160.0, 5) + page
    notes: list[str] = []
    out = join_wide_pages(lines, {1: 595.0, 2: 595.0}, notes, [])
    assert not notes and [ln.text for ln in out] == [ln.text for ln in lines]


def test_amounts_beside_rows_with_no_title_after_them_are_still_joined():
    """The near miss: page 1 ends in its rows (no title at its foot): page 2 is its columns."""
    page = [grid_line(5, 2, 80.0, ["合计"]), grid_line(6, 2, 95.0, ["300.00"]), grid_line(7, 2, 110.0, ["300.00"]),
            grid_line(8, 2, 125.0, ["300.00"])]
    notes: list[str] = []
    join_wide_pages(codes_page() + page, {1: 595.0, 2: 595.0}, notes, [])
    assert len(notes) == 1


def test_the_final_accounts_printed_landscape_join_no_page_as_overflow(read):
    """The whole case: the 决算 probe printed landscape by LibreOffice, 公开09表's title left at the
    foot of page 7, its table on page 8 (read as built and without error: the tests above)."""
    disc, _, _ = read("final-pdf-landscape")
    assert not [i for i in disc.issues if "超出页宽" in i.message]


# ---- C-SECTIONS names the section that is missing ----------------------------------------------

def test_the_section_missing_is_the_one_named(read):
    """The county's 说明 has 四、一般公共预算基本支出情况说明 and no section on the general budget's
    spending as a whole: 一般公共预算情况 is missing (its words stand in that title only in
    order), not 基本支出情况 (they stand there together), as was said."""
    disc, _, _ = read("county-docx")
    missing = {f.expected for f in check(disc).findings if f.rule == "C-SECTIONS"}
    assert missing == {"财政拨款收支情况", "一般公共预算情况", "政府性基金情况"}


def test_parts_headed_as_items_in_the_national_order_are_read(tmp_path):
    """一、部门概况 / 二、…情况说明 / 三、名词解释 / 四、…公开表: the 说明 and the 名词解释, printed
    before the tables the template prints second, are parts as their numbers 二、 and 三、 between
    一、 and 四、 tell (before: both said missing)."""
    blocks = probes.item_parts(probes.blocks("glossary-docx"))
    disc = parse(gen.write_docx(blocks, tmp_path / "items.docx"))
    assert [p.key for p in disc.parts] == ["overview", "narrative", "glossary", "tables"]
    assert not disc.missing and len(disc.glossary) == 3
    assert len(disc.narrative.sections) == 5
    assert not [f.rule for f in check(disc).findings if f.severity == "error"]


def test_an_item_numbered_otherwise_inside_the_overview_is_no_part(tmp_path):
    """The near miss: 1.部门预算编制说明 (digits) inside 一、部门概况, the tables part 四、: not the
    说明 (its numbering is not its neighbours'), which is said missing as before."""
    blocks = [b for b in probes.item_parts(probes.blocks("glossary-docx")) if isinstance(b, gen.Grid)
              or not b.text.startswith(("二、", "三、", "（"))]
    blocks[2:2] = [gen.Para("1.部门预算编制说明"), gen.Para("本部门按规定编制了2024年部门预算，报县人大审议。")]
    disc = parse(gen.write_docx(blocks, tmp_path / "items.docx"))
    assert "narrative" not in [p.key for p in disc.parts]
    assert "情况说明部分" in disc.missing


def paren(blocks: list) -> list:
    """The 说明's sections numbered (一) … (五) instead of 一、 … 五、."""
    return [gen.Para(f"（{b.text[0]}）{b.text[2:]}", b.heading)
            if isinstance(b, gen.Para) and b.text[:2] in ("一、", "二、", "三、", "四、", "五、") else b for b in blocks]


def test_sections_numbered_in_brackets_are_the_narratives_sections(tmp_path):
    """第二部分 …情况说明 whose sections are (一) … (五) (no 一、 heading in it): each is a section,
    and its claims are read in it — before, the narrative was one section and 本年支出 … 其中：
    基本支出 506.41 was taken for the general budget's 基本支出 (476.41), three errors."""
    disc = parse(gen.write_docx(paren(probes.blocks("county-docx")), tmp_path / "paren.docx"))
    assert [s.number for s in disc.narrative.sections] == ["一", "二", "三", "四", "五"]
    assert not [f.rule for f in check(disc).findings if f.severity == "error"]


def test_bracketed_items_inside_numbered_sections_stay_items(read, tmp_path):
    """The near miss: sections numbered 一、 … with a (一)…情况说明 item inside the first: no
    section of its own."""
    blocks = probes.blocks("county-docx")
    at = next(i for i, b in enumerate(blocks) if isinstance(b, gen.Para) and b.text.startswith("二、"))
    blocks[at:at] = [gen.Para("（一）收入预算情况说明"), gen.Para("收入预算详见表2。")]
    disc = parse(gen.write_docx(blocks, tmp_path / "items.docx"))
    assert [s.number for s in disc.narrative.sections] == ["一", "二", "三", "四", "五"]
