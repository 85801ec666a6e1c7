"""PDFs of kinds the real samples do not show, written as Word and WPS print them (WeasyPrint
with the Debian CJK fonts): every cell compared with what the PDF prints."""

from __future__ import annotations

import pytest
from test_readers_office import cli_cells

from budgetlens.checks import check
from budgetlens.pipeline import parse
from budgetlens.text import norm_label

pytest.importorskip("weasyprint")

CSS = """@page { size: A4; margin: 15mm;
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font: 8pt "Noto Sans CJK SC"; } }
body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td { border: none; padding: 1pt 3pt; } td.a { text-align: right; } tr.head td { text-align: center; }"""
# a table without rules (Word's 无框线) and a three-line table (三线表: rules over and under
# the header and under the table, none between the columns or the rows)
RULES = {"none": "", "three": "table { border-top: 1.5pt solid #000; border-bottom: 1.5pt solid #000; } "
                              "tr.head td { border-bottom: 0.75pt solid #000; }"}
EXPENDITURE = ("一般公共预算支出情况表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"])


def write_pdf(path, table: tuple[str, list[str]], rows: list[tuple], css: str = "", before: str = "",
              repeated: bool = False) -> None:
    """The table on a page of its own, after the page `before` (HTML) where given; its header
    printed again on each page it goes on to where `repeated` (as Word repeats a heading row)."""
    import weasyprint

    before = f'{before}<p style="break-after: page"></p>' if before else ""

    title, header = table
    head = '<tr class="head">' + "".join(f"<td>{h}</td>" for h in header) + "</tr>"
    head = f"<thead>{head}</thead>" if repeated else head
    body = "".join("<tr>" + "".join(f'<td{" class=a" if n > 1 else ""}>{c}</td>' for n, c in enumerate(row))
                   + "</tr>" for row in rows)
    weasyprint.HTML(string=(
        f"<html><head><style>{CSS}{css}</style></head><body>{before}<p>某某县教育局2025年部门预算</p>"
        f'<p style="text-align: center">{title}</p><p>编制单位：某某县教育局　　单位：万元</p>'
        f"<table>{head}{body}</table></body></html>")).write_pdf(str(path))


def printed_cells(rows: list[tuple], columns: list[str]) -> set[tuple]:
    return {(code, name, column, amount.replace(",", ""))
            for code, name, *amounts in rows for column, amount in zip(columns, amounts) if amount}


def cells(path) -> set[tuple]:
    return {(c["code"], c["name"], c["column"], c["amount"]) for c in cli_cells(path)}


# two rows each printing one of 基本支出 and 项目支出, the figures the wrong way round for the
# sums of their parent (an error of the table): read the other way round, the sums hold
SWAPPED = [("", "合计", "1,234.56", "1,000.00", "234.56"),
           ("205", "教育支出", "1,234.56", "1,000.00", "234.56"),
           ("20501", "教育管理事务", "1,234.56", "1,000.00", "234.56"),
           ("2050101", "行政运行", "234.56", "234.56", ""),
           ("2050199", "其他教育管理事务支出", "1,000.00", "", "1,000.00")]


@pytest.mark.parametrize("rules", ["none", "three"])
def test_an_amount_of_a_table_without_rules_is_read_in_the_column_it_stands_in(tmp_path, rules):
    """A row printing fewer amounts than the table has columns is read by where its amounts
    stand, under the columns the other rows' amounts stand in (before: by their order and the
    sums, which an error of the table turned round: 行政运行's 234.56, printed under 基本支出,
    was read as its 项目支出, and the checks said 行政运行 had project spending, not that
    20501's parts do not add up). A three-line table is read so too (before: its rules made it
    a ruled page, which no grid was found on, and its lines were read without their words'
    places, by order and the sums)."""
    path = tmp_path / "expenditure.pdf"
    write_pdf(path, EXPENDITURE, SWAPPED, RULES[rules])
    assert cells(path) == printed_cells(SWAPPED, EXPENDITURE[1][2:])
    rules_found = {f.rule for f in check(parse(path)).findings if f.severity == "error"}
    assert "ARITH-HIERARCHY" in rules_found


# ---- a font without its map to Unicode ----------------------------------------------------------

def without_unicode_map(path, font: str) -> None:
    """The PDF with the ToUnicode map of the fonts whose name holds `font` taken out, as some
    report systems write them: the glyphs print, their text comes out as control characters."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(path))
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            entry = ref.get_object()
            if font in str(entry.get("/BaseFont")) and "/ToUnicode" in entry:
                del entry[NameObject("/ToUnicode")]
    writer.write(path)


PRINTED = [("", "合计", "1,234.56", "1,000.00", "234.56"),
           ("205", "教育支出", "1,234.56", "1,000.00", "234.56"),
           ("20501", "教育管理事务", "1,234.56", "1,000.00", "234.56"),
           ("2050101", "行政运行", "1,000.00", "1,000.00", ""),
           ("2050199", "其他教育管理事务支出", "234.56", "", "234.56")]


@pytest.fixture
def figures_unmapped(tmp_path):
    """A ruled table whose figures are set in a font written without its Unicode map."""
    path = tmp_path / "unmapped.pdf"
    write_pdf(path, EXPENDITURE, PRINTED, "td { border: 0.5pt solid #000; } td.a { font-family: 'DejaVu Sans'; }",
              before="<p>第二部分 预算公开表</p><p>一般公共预算支出情况表列示本部门一般公共预算拨款安排的支出。</p>")
    without_unicode_map(path, "DejaVu")
    return path


def test_figures_in_a_font_without_its_unicode_map_are_said_not_dropped(figures_unmapped, monkeypatch):
    """Without OCR the page is not read, and said (before: the glyphs' codes, control
    characters, were dropped as such, and the table was read with every amount cell empty,
    without a word)."""
    from budgetlens.readers import ocr, read_document

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    doc = read_document(figures_unmapped)
    assert any("缺少到 Unicode 的映射（ToUnicode）" in w and "此页未读取" in w for w in doc.warnings)
    assert not [ln for ln in doc.lines if ln.page == 2 and ln.text.strip()]


def test_figures_in_a_font_without_its_unicode_map_are_read_by_ocr(figures_unmapped):
    """The page shows the glyphs: OCR reads them, and the warning says why it was used."""
    from budgetlens.readers import ocr, read_document

    if not ocr.ocr_available():
        pytest.skip("tesseract not installed")
    assert any("ToUnicode" in w and "OCR" in w for w in read_document(figures_unmapped).warnings)
    assert cells(figures_unmapped) == printed_cells(PRINTED, EXPENDITURE[1][2:])


def test_a_page_number_in_a_font_without_its_unicode_map_is_said_and_its_page_read(tmp_path, monkeypatch):
    """A few glyphs without text (the page number's) do not make the page unread; they are said."""
    from budgetlens.readers import ocr, read_document

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    path = tmp_path / "number.pdf"
    write_pdf(path, EXPENDITURE, PRINTED, "td { border: 0.5pt solid #000; } "
              "@page { @bottom-center { font-family: 'DejaVu Sans'; } }")
    without_unicode_map(path, "DejaVu")
    assert any("个别字符" in w and "ToUnicode" in w for w in read_document(path).warnings)
    assert cells(path) == printed_cells(PRINTED, EXPENDITURE[1][2:])


@pytest.mark.parametrize("align", ["top", "middle"])
def test_an_amount_beside_a_wrapped_name_is_read_in_the_column_it_stands_in(tmp_path, align):
    """A row whose name wraps in its cell (the rest below it, or around it where the cells are
    centred) is placed by where its amounts stand too (before: the name joined to its line, its
    amounts lost their places and were read by order and the sums, turned round as above)."""
    rows = [("", "合计", "1,234.56", "1,000.00", "234.56"),
            ("201", "一般公共服务支出", "1,234.56", "1,000.00", "234.56"),
            ("20103", "政府办公厅（室）及相关机构事务", "1,234.56", "1,000.00", "234.56"),
            ("2010302", "一般行政管理事务", "234.56", "234.56", ""),
            ("2010399", "其他政府办公厅（室）及相关机构事务支出", "1,000.00", "", "1,000.00")]
    path = tmp_path / "wrapped.pdf"
    write_pdf(path, EXPENDITURE, rows, f"td {{ vertical-align: {align}; }} td:nth-child(2) {{ width: 65pt; }}")
    assert cells(path) == printed_cells(rows, EXPENDITURE[1][2:])


# ---- a table going on over pages, with the page's head and number over and under it -----------

def long_table() -> list[tuple]:
    """A 项 row for each of the first fifty 项 of the classification, amounts as printed."""
    from budgetlens.extract.tables import _official_names

    items = sorted({(code, name) for name, codes in _official_names("function").items() for code in codes
                    if len(code) == 7})[:50]
    amounts = [f"{n + 1000:,}.{n:02d}" for n in range(len(items))]
    return [(code, name, amount, amount if n % 3 else "", "" if n % 3 else amount)
            for n, ((code, name), amount) in enumerate(zip(items, amounts))]


def test_a_pages_head_number_and_repeated_header_are_no_rows(tmp_path):
    """A table without rules over two pages, Word's header row repeated on the second, the
    page's running head over it and its number (第 1 页 共 2 页) under each page: neither makes a
    row (before: 第1页共2页 read as a row, the running head and the repeated header run together
    as another, 某某县教育局2025年部门预算科目编码科目名称合计基本支出项目支出)."""
    rows = long_table()
    path = tmp_path / "pages.pdf"
    write_pdf(path, EXPENDITURE, rows, "@page { @top-left { content: '某某县教育局2025年部门预算'; "
              "font: 8pt 'Noto Sans CJK SC'; } }", repeated=True)
    table = next(t for t in parse(path).tables if t.kind == "gpb_expenditure")
    assert [(r.code, r.name) for r in table.rows] == [(code, norm_label(name)) for code, name, *_ in rows]
    assert cells(path) == printed_cells([(c, norm_label(n), *a) for c, n, *a in rows], EXPENDITURE[1][2:])


PROJECTS = ("一般公共预算项目支出情况表", ["项目名称", "科目编码", "科目名称", "合计", "商品和服务支出", "对个人和家庭的补助",
                                  "资本性支出"])
PROJECT_ROWS = [("合计", "", "", "1,350.00", "1,000.00", "", "350.00"),
                ("某某县义务教育阶段学校校舍安全保障长效机制及薄弱环节改善与能力提升专项资金配套项目", "2010302",
                 "一般行政管理事务", "1,000.00", "800.00", "", "200.00"),
                ("教育信息化建设运行维护及网络安全等级保护测评服务采购项目", "2010301", "行政运行",
                 "350.00", "200.00", "", "150.00")]


def test_amounts_under_a_header_with_a_column_empty_throughout_are_read_under_their_words(tmp_path):
    """A project table without rules, landscape, its header centred over wide columns and its
    amounts right-aligned (past their header words), one column (对个人和家庭的补助) empty on
    every row: each column of amounts is read under the header word it stands under or just
    past, the only reading that keeps the header's order (before: every amount but 合计's was
    left undecided among all the economic classes)."""
    path = tmp_path / "projects.pdf"
    write_pdf(path, PROJECTS, PROJECT_ROWS, "@page { size: A4 landscape; } td:first-child { width: 90pt; } "
              "td.a:nth-child(2), td.a:nth-child(3) { text-align: left; }")
    table = next(t for t in parse(path).tables if t.kind == "project_expenditure")
    got = {(r.project or r.name, c.column, str(c.amount)) for r in table.rows for c in r.cells}
    keys = {"合计": "total", "商品和服务支出": "e302", "资本性支出": "e310"}
    assert got == {(row[0], keys[head], amount.replace(",", "")) for row in PROJECT_ROWS
                   for head, amount in zip(PROJECTS[1][3:], row[3:]) if amount}


def test_a_code_printed_after_the_projects_name_is_the_rows_code(tmp_path):
    """项目名称 | 科目编码 | 科目名称 printed without rules: the code in the second column is the
    row's code, as a ruled grid reads it (before: dropped, the row read without code)."""
    path = tmp_path / "projects.pdf"
    write_pdf(path, PROJECTS, PROJECT_ROWS, "@page { size: A4 landscape; } td:first-child { width: 90pt; } "
              "td.a:nth-child(2), td.a:nth-child(3) { text-align: left; }")
    table = next(t for t in parse(path).tables if t.kind == "project_expenditure")
    assert [(r.code, r.name, r.project) for r in table.rows] == [
        ("", "合计", ""), *((code, name, project) for project, code, name, *_ in PROJECT_ROWS[1:])]
