"""A table the template does not know (a title no template prints, or a kind of table this
template lacks) ends the table before it: its rows are not read as that table's rows. It is
said (table-unknown, with its title and lines) and not read; the table the template expected
there is said missing. Every other table reads as it does without the stranger.

Also: a title wrapped over two lines without a label ("财政拨款“三公”经费" / "支出情况表") is
read whole, and the rest of a wrapped title is no table of its own."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens import pipeline
from budgetlens.extract.unknown import (
    OCR_UNSURE,
    SIGN_APART,
    SPACED_FIGURES,
    line_cells,
    printed_row,
    split_row,
)
from budgetlens.model.tables import UNKNOWN_KIND
from budgetlens.pipeline import parse
from budgetlens.readers import Line, SourceDocument, read_document
from budgetlens.render_cells import cells_csv
from budgetlens.segment.unknown import looks_like_title
from budgetlens.text import match_key

EXAMPLES = Path(pipeline.__file__).parent / "examples"
MARKDOWN, OCR, PLAIN = "000_9131eab83374bb33.txt", "001_bb7d043ad2da133b.txt", "003_051c06d5053f29b3.txt"


def facts(disc, but: str | None = None) -> Counter:
    """Every fact, with its coordinates, amount and line, but those of the table kind `but`."""
    return Counter((tuple(sorted(f.coords.model_dump(exclude_none=True).items())), f.amount, f.provenance.line)
                   for f in disc.facts if f.coords.table_kind != but)


def facts_anywhere(disc) -> Counter:
    """facts without their lines (a line put in moves those after it)."""
    return Counter((f.coords.model_dump_json(), f.amount) for f in disc.facts)


def rows(disc, kind: str) -> int:
    return sum(len(t.rows) for t in disc.tables if t.kind == kind)


def unknown(disc) -> list:
    return [i for i in disc.issues if i.code == pipeline.TABLE_UNKNOWN]


def renamed(tmp_path, seed: str, old: str, new: str) -> Path:
    text = (EXAMPLES / seed).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / seed
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# (seed, the title line as printed, the stranger put in its place, the kind it was)
STRANGERS = [
    (MARKDOWN, "## 部门收入总体情况表\n", "## 部门收入来源分项明细表\n", "income"),
    (PLAIN, "\n一般公共预算项目支出情况表\n", "\n一般公共预算专项资金安排明细表\n", "project_expenditure"),
    (PLAIN, "\n上年结转结余情况明细表\n", "\n上年结转结余资金分项目明细表\n", "carryover"),
    # a title another template knows (Jiangsu's 政府采购预算表), of a kind this template lacks
    (PLAIN, "\n一般公共预算项目支出情况表\n", "\n政府采购预算表\n", "project_expenditure"),
    # OCR two characters off a title: no misreading taken (that is one character), a stranger
    (OCR, "### 一般公共预算基本支出情况表\n", "### 一般公共预算某本文出情况表\n", "basic_expenditure"),
    # the title's line going on with the table's 编制单位 and 单位 (OCR: "単位・万元")
    (OCR, "\n**单位收入总体情况表** 编制单位", "\n**单位收入来源分项明细表** 编制单位", "income"),
    (OCR, "\n政府性基金预算支出情况表编制单位", "\n政府性基金预算资金安排明细表编制单位", "gov_fund_expenditure"),
    # the first table: nothing before it to protect, still said (its label tells a table)
    (PLAIN, "\n部门收支总体情况表\n", "\n部门收支资金总体安排表\n", "summary"),
    (MARKDOWN, "### 部门收支总体情况表\n", "### 部门收支资金总体安排表\n", "summary"),
    # a stranger's title wrapped over two lines, with and without a label (as many lines as
    # before: the other facts keep their line numbers)
    (PLAIN, "\n\n一般公共预算项目支出情况表\n\n", "\n一般公共预算专项资金\n\n安排明细表\n", "project_expenditure"),
    (PLAIN, "\n 表 7\n\n一般公共预算项目支出情况表\n\n", "\n 表 7 一般公共预算专项资金\n\n安排明细表\n\n",
     "project_expenditure"),
]


@pytest.mark.parametrize("seed,old,new,kind", STRANGERS)
def test_a_stranger_ends_the_table_before_it_and_is_said(tmp_path, seed, old, new, kind):
    before = parse(EXAMPLES / seed)
    after = parse(renamed(tmp_path, seed, old, new))
    if kind != "summary":      # (the 收支总表's totals break ties of the 收入总表 read after it)
        assert facts(after) == facts(before, but=kind)       # nothing of it read into another table
    assert all(rows(after, t.kind) == rows(before, t.kind) for t in before.tables if t.kind != kind)
    assert rows(after, kind) == 0
    said = unknown(after)
    assert len(said) == 1 and said[0].level == "warning"
    title = re.search(r"[^\s#\d]+表", match_key(new)).group()          # past markup and label
    assert f"“{title}”不是模板" in said[0].message
    assert said[0].provenance.line <= said[0].provenance.line_end
    assert any(i.code == "missing" for i in after.issues)
    missing = [m for m in after.missing if m.startswith("表")]          # the stranger named in its place
    assert len(missing) == 1 and f"该位置印有模板之外的表“{title}”" in missing[0]


def test_without_the_boundary_the_rows_went_into_the_table_before(tmp_path):
    # what the boundary prevents, shown on the base behaviour's symptom: the table before the
    # stranger keeps exactly its own rows (21 economic rows of 表6 in the plain seed)
    after = parse(renamed(tmp_path, PLAIN, "\n一般公共预算项目支出情况表\n", "\n一般公共预算专项资金安排明细表\n"))
    assert rows(after, "basic_expenditure") == rows(parse(EXAMPLES / PLAIN), "basic_expenditure")
    assert not [i for i in after.issues if i.code in ("ambiguous-column", "extra-cell")
                and "表6" in i.message]


def test_a_running_head_atop_every_page_is_no_table(tmp_path):
    """"XX局2025年部门预算表" printed atop every page, inside tables too, reads as a title no
    template knows; printed again with the template's tables between, it is a page's head."""
    text = (EXAMPLES / PLAIN).read_text(encoding="utf-8")
    head = "\n克州数字化发展局2025年部门预算表\n"
    lines = re.sub(r"\n( 表 \d+\n)", head + r"\1", text).split("\n")
    middle = lines.index("201 41 50 事业运行 87.48 87.48 87.48")       # inside the 收入总表's rows
    lines.insert(middle, head.strip())
    path = tmp_path / PLAIN
    path.write_text("\n".join(lines), encoding="utf-8")
    after, before = parse(path), parse(EXAMPLES / PLAIN)
    assert sum(head.strip() == ln for ln in lines) == 11
    assert facts_anywhere(after) == facts_anywhere(before) and unknown(after) == []


PLAIN_ROW = "210 11 03 公务员医疗补助 1.28 1.28 1.28"      # a row of the plain seed's 收入总表 (a page break)
OCR_ROW = "302\t01\t办公费"                               # the start of a row of the OCR seed's 基本支出表


@pytest.mark.parametrize("seed,row,line", [
    (PLAIN, PLAIN_ROW, "克孜勒苏柯尔克孜自治州数字化发展局2025年部门预算表"),     # a set's name atop a page
    (PLAIN, PLAIN_ROW, "克孜勒苏柯尔克孜自治州数字化发展局2025年度部门决算报表"),
    (PLAIN, PLAIN_ROW, "2025年部门预算批复表"),
    (PLAIN, PLAIN_ROW, "部门收入总体情况表 续表"),         # the table going on, worded as its template does not
    (PLAIN, PLAIN_ROW, "部门收入总体情况表续表"),
    (OCR, OCR_ROW, "一般公共预算基本支出情况表 续表"),
    (OCR, OCR_ROW, "### 一般公共预算基木支山情况表"),       # its own title again, two characters misread
    (MARKDOWN, "210\t11\t01\t行政单位医疗\t12.15\t12.15\t12.15\t", "克孜勒苏柯尔克孜自治州电子政务服务中心2026年部门预算表"),
])
def test_lines_inside_a_table_that_begin_no_other(tmp_path, seed, row, line):
    text = (EXAMPLES / seed).read_text(encoding="utf-8")
    lines = text.split("\n")
    at = [n for n, ln in enumerate(lines) if ln.startswith(row)]
    assert len(at) == 1
    lines.insert(at[0] + 1, line)
    path = tmp_path / seed
    path.write_text("\n".join(lines), encoding="utf-8")
    after, before = parse(path), parse(EXAMPLES / seed)
    assert facts_anywhere(after) == facts_anywhere(before) and unknown(after) == []


def test_a_title_in_a_row_with_its_unit_cell(tmp_path):
    """A spreadsheet's title row: the title in one cell, 单位：万元 in another."""
    after = parse(renamed(tmp_path, MARKDOWN, "## 部门收入总体情况表\n", "部门收入来源分项明细表\t\t\t\t单位：万元\n"))
    assert rows(after, "income") == 0 and rows(after, "summary") == rows(parse(EXAMPLES / MARKDOWN), "summary")
    said = unknown(after)
    assert len(said) == 1 and "“部门收入来源分项明细表”" in said[0].message


def test_the_lines_said_begin_at_the_label(tmp_path):
    after = parse(renamed(tmp_path, PLAIN, "\n\n一般公共预算项目支出情况表\n\n", "\n一般公共预算专项资金安排明细表\n\n\n"))
    label = next(ln.no for ln in read_document(EXAMPLES / PLAIN).lines if ln.text.strip() == "表 7")
    (said,) = unknown(after)
    assert said.provenance.line == label and f"第 {label}–" in said.message and "的表7“" in said.message


@pytest.mark.parametrize("seed", [MARKDOWN, OCR, "002_4e0ed6e09b019fe1.txt", PLAIN])
def test_the_seeds_print_no_stranger(seed):
    assert unknown(parse(EXAMPLES / seed)) == []


TITLE_10 = "\n 表 10\n\n财政拨款“三公”经费支出情况表\n\n"


@pytest.mark.parametrize("wrapped", [                 # (as many lines as before)
    "\n 表 10\n财政拨款“三公”经费\n\n支出情况表\n",        # no label on it, a blank line between
    "\n 表 10\n\n财政拨款“三公”经费支出\n情况表\n",
    "\n 表 10 财政拨款“三公”经费\n\n支出情况表\n\n",       # a label: the rest is no table of its own
])
def test_a_title_wrapped_over_two_lines_is_read_whole(tmp_path, wrapped):
    before = parse(EXAMPLES / PLAIN)
    after = parse(renamed(tmp_path, PLAIN, TITLE_10, wrapped))
    assert facts(after) == facts(before)
    assert [t.kind for t in after.tables] == [t.kind for t in before.tables]
    assert unknown(after) == [] and not any(i.code == "missing" for i in after.issues)


@pytest.mark.parametrize("line", ["部门收入来源分项明细表", "2025年政府采购预算表", "部门项目支出预算表（按经济分类）",
                                  "部门国有资产占用情况表", "上年结转结余资金分项目明细表"])
def test_titles(line):
    assert looks_like_title(line, match_key(line), match_key(line).removeprefix("2025年"))


@pytest.mark.parametrize("line", [
    "注：本表为空表",
    "克州数字化发展局2025年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。",
    "详见附表一般公共预算支出情况表",
    "第二部分2025年部门预算公开表",
    "上海市某区某所2025年单位预算公开表",          # a set of tables' heading
    "人员名册表",                                   # no budget word
    "收支表",                                       # too short to tell
])
def test_not_titles(line):
    assert not looks_like_title(line, match_key(line), match_key(line))


@pytest.fixture(scope="module")
def office_forms(tmp_path_factory):
    """Seed 000 with its 表2 titled as no template titles it, written as PDF, DOCX, XLSX, HTML."""
    sys.path.insert(0, str(Path(__file__).parent))
    import docgen

    out = tmp_path_factory.mktemp("unknown")
    document = docgen.seed_document(EXAMPLES / MARKDOWN)
    titles = [b for b in document.blocks if isinstance(b, docgen.Para) and b.owner is not None
              and b.text.strip().endswith("部门收入总体情况表")]
    assert len(titles) == 1
    titles[0].text = titles[0].text.replace("部门收入总体情况表", "部门收入来源分项明细表")
    written = {}
    for suffix, write in [("docx", docgen.write_docx), ("xlsx", docgen.write_xlsx), ("html", docgen.write_html),
                          ("pdf", docgen.write_pdf)]:
        path = out / f"stranger.{suffix}"
        try:
            write(EXAMPLES / MARKDOWN, path, document=document)
        except ImportError:                 # (weasyprint missing: the PDF is not written)
            continue
        written[suffix] = path
    return written


@pytest.mark.parametrize("suffix", ["pdf", "docx", "xlsx", "html"])
def test_a_stranger_in_office_forms_and_pdf(office_forms, suffix):
    if suffix not in office_forms:
        pytest.skip(f"{suffix} not written here")
    disc = parse(office_forms[suffix])
    assert rows(disc, "income") == 0
    assert rows(disc, "summary") == rows(parse(EXAMPLES / MARKDOWN), "summary")     # none of its rows
    said = unknown(disc)
    assert len(said) == 1 and "部门收入来源分项明细表" in said[0].message
    if suffix == "pdf":
        assert "页（第" in said[0].message       # a PDF's pages named
    # kept as printed: 表2's 17 rows of 3 figures each (its page's header again is no row), each
    # cell where the file has it (a PDF's box, a sheet's or a Word table's cell)
    kept = stranger(disc)
    assert figures(kept) == figures(next(t for t in parse(EXAMPLES / MARKDOWN).tables if t.kind == "income"))
    assert [len(r.cells) for r in kept.rows] == [3] * 17 and kept.columns[0].label == "总计"
    cell = kept.rows[0].cells[0]
    assert (cell.provenance.bbox is not None) if suffix == "pdf" else bool(cell.provenance.ref)


# ---- a stranger kept as printed (extract/unknown.py) -------------------------------------------

def stranger(disc):
    (table,) = [t for t in disc.tables if t.kind == UNKNOWN_KIND]
    return table


def figures(table) -> Counter:
    return Counter(c.amount for r in table.rows for c in r.cells if c.amount is not None)


@pytest.mark.parametrize("seed,old,new,kind", STRANGERS)
def test_a_stranger_keeps_every_figure_the_template_reading_read(tmp_path, seed, old, new, kind):
    """Under its own title the template read the table; under a title it does not know the
    same figures are kept, as printed, and make no Fact: no column is known to mean anything."""
    before = parse(EXAMPLES / seed)
    after = parse(renamed(tmp_path, seed, old, new))
    (known,) = [t for t in before.tables if t.kind == kind]
    kept = stranger(after)
    assert figures(kept) == figures(known) and kept.empty_note == known.empty_note
    assert sum(figures(kept).values()) > 0 or (not kept.rows and kept.empty_note)
    assert kept.index == len(after.tables) - 1 and not [f for f in after.facts if f.table == kept.index]
    (said,) = unknown(after)
    assert said.provenance.table == kept.index
    assert f"已按原样保留（{len(kept.rows)} 行，{sum(figures(kept).values())} 个数字）" in said.message


# A table no template prints, put after the seeds' last table (transcribed: the figures below
# are the test's own)
PURCHASES = ["表12", "政府采购预算明细表", "单位：万元",
             ["采购项目", "采购品目", "预算金额", "其中：财政拨款"],
             ["办公设备采购", "台式计算机", "12.50", "12.50"],
             ["印刷服务", "印刷", "3.00", ""],
             ["合计", "", "15.50", "12.50"]]


def with_purchases(tmp_path, seed: str, before: str, row) -> Path:
    return with_table(tmp_path, seed, before, PURCHASES, row)


def test_a_grid_stranger_read_cell_by_cell(tmp_path):
    path = with_purchases(tmp_path, MARKDOWN, "### 第三部分", lambda cells: "\t".join(cells))
    disc = parse(path)
    kept = stranger(disc)
    assert (kept.number, kept.label, kept.title, kept.unit) == (12, "表12", "政府采购预算明细表", "万元")
    assert [h.cells for h in kept.header] == [["采购项目", "采购品目", "预算金额", "其中：财政拨款"]]
    assert [(c.key, c.label) for c in kept.columns] == [("c3", "预算金额"), ("c4", "其中：财政拨款")]
    assert [(r.raw_label, [(c.text, c.amount, c.column) for c in r.cells]) for r in kept.rows] == [
        ("办公设备采购 | 台式计算机", [("12.50", Decimal("12.50"), "c3"), ("12.50", Decimal("12.50"), "c4")]),
        ("印刷服务 | 印刷", [("3.00", Decimal("3.00"), "c3")]),
        ("合计", [("15.50", Decimal("15.50"), "c3"), ("12.50", Decimal("12.50"), "c4")])]
    assert facts_anywhere(disc) == facts_anywhere(parse(EXAMPLES / MARKDOWN))     # no fact made
    listed = [row for row in csv.DictReader(io.StringIO(cells_csv(disc))) if row["kind"] == UNKNOWN_KIND]
    assert [(r["table"], r["name"], r["column"], r["amount"]) for r in listed] == [
        ("12", "办公设备采购台式计算机", "预算金额", "12.50"), ("12", "办公设备采购台式计算机", "其中：财政拨款", "12.50"),
        ("12", "印刷服务印刷", "预算金额", "3.00"), ("12", "合计", "预算金额", "15.50"),
        ("12", "合计", "其中：财政拨款", "12.50")]


def test_a_text_stranger_read_in_order(tmp_path):
    """pdftotext's text: the empty cell vanished, so the figures keep their order, no column."""
    path = with_purchases(tmp_path, PLAIN, " 第三部分", lambda cells: " ".join(c for c in cells if c))
    kept = stranger(parse(path))
    assert kept.columns == [] and kept.unit == "万元"
    assert [(r.name, [(c.amount, c.column) for c in r.cells]) for r in kept.rows] == [
        ("办公设备采购台式计算机", [(Decimal("12.50"), None), (Decimal("12.50"), None)]),
        ("印刷服务印刷", [(Decimal("3.00"), None)]),
        ("合计", [(Decimal("15.50"), None), (Decimal("12.50"), None)])]


def test_a_stranger_changes_no_finding(tmp_path):
    from budgetlens.checks import check

    disc = parse(with_purchases(tmp_path, PLAIN, " 第三部分", lambda cells: " ".join(c for c in cells if c)))
    without = disc.model_copy(update={"tables": [t for t in disc.tables if t.kind != UNKNOWN_KIND]})
    assert [f.fingerprint for f in check(disc).findings] == [f.fingerprint for f in check(without).findings]


def test_a_header_printed_again_atop_the_next_page_is_no_row(tmp_path):
    """Seed 003's 收入总表 under a title no template knows: its second page's header, printed a
    few characters a line, is the header again; the wrapped name's lines stay rows as printed."""
    kept = stranger(parse(renamed(tmp_path, PLAIN, "\n部门收入总体情况表\n", "\n部门收入总体情况专项明细表\n")))
    assert kept.pages == 2
    assert [r.raw_label for r in kept.rows if not r.cells] == ["208 | 05 | 05", "机关事业单位基本养老保险缴", "费支出"]
    assert sum(1 for r in kept.rows if r.cells) == 17


@pytest.mark.parametrize("text,ocr,whole,want", [
    # a whole number among words is a name's; after figures and before words, a code's
    ("克州 12345 政务服务便民热线经费 101.34", False, False, [("101.34", Decimal("101.34"), None)]),
    ("一、本年收入 417.37 201 一般公共服务支出 373.03", False, False,
     [("417.37", Decimal("417.37"), None), ("201", None, None), ("一般公共服务支出", None, None),
      ("373.03", Decimal("373.03"), None)]),
    # among amounts with decimals a whole number is a row's number (行次) or a quantity: text
    # (kept as a text cell of the row, not in its name)
    ("一、财政拨款收入 1 417.37", False, False, [("1", None, None), ("417.37", Decimal("417.37"), None)]),
    ("台式计算机 10 12.50", False, False, [("10", None, None), ("12.50", Decimal("12.50"), None)]),
    ("合计 12.50 3", False, False, [("12.50", Decimal("12.50"), None), ("3", None, None)]),
    # a table of whole 万元 only: its whole numbers are its figures
    ("合计 20 0 1 19", False, True, [(t, Decimal(t), None) for t in ("20", "0", "1", "19")]),
    ("合计 20 0 1 19", True, True, []),                           # (not where OCR read them)
    # a sign printed apart: a negative, or a dash for an empty cell before the figure
    ("事业运行 - 12.50 3.00", False, False, [("- 12.50", None, SIGN_APART), ("3.00", Decimal("3.00"), None)]),
    # OCR may print a space inside a number: one amount or two is not known, left unread
    ("事业运行 1 759.05  87.48", True, False, [("1 759.05", None, SPACED_FIGURES), ("87.48", Decimal("87.48"), None)]),
    ("事业运行 1, 759.05  87.48", True, False, [("1, 759.05", None, SPACED_FIGURES), ("87.48", Decimal("87.48"), None)]),
    ("事业运行 87.48 87.48", True, False, [("87.48", Decimal("87.48"), None)] * 2),
    # text converted from a PDF prints no space inside a number: the 1 is a row's number
    ("事业运行 1 759.05  87.48", False, False,
     [("1", None, None), ("759.05", Decimal("759.05"), None), ("87.48", Decimal("87.48"), None)]),
])
def test_a_text_line_cut_into_label_and_cells(text, ocr, whole, want):
    line = Line(no=7, text=text, ocr=ocr)
    label, values = split_row(line_cells(line), line, whole)
    doc = SourceDocument(path="x.txt", format="plain", encoding="utf-8", sha256="")
    row = printed_row(doc, line, label, values, 3, 0, whole)
    assert [(c.text, c.amount, c.unread) for c in row.cells] == want
    if want:          # (a row where nothing could be read keeps all its words in its label)
        assert not any(ch.isdigit() for ch in row.name.replace("12345", ""))     # (a name's own number stays)
    assert all(c.provenance.line == 7 and c.provenance.table == 3 for c in row.cells)


def test_cells_a_reader_could_not_read_are_kept_unread():
    """A scanned table's figure OCR was not sure of, a sheet's formula without its result."""
    line = Line(no=4, text="办公费\t13.50\t\t2.00", cells=["办公费", "13.50", "", "2.00"], ocr=True,
                unsure=[1], unread={2: "公式无计算结果"})
    label, values = split_row(line_cells(line), line)
    row = printed_row(SourceDocument(path="x.txt", format="ocr", encoding="utf-8", sha256=""), line, label, values, 0, 0)
    assert [(c.text, c.amount, c.unread, c.column) for c in row.cells] == [
        ("13.50", None, OCR_UNSURE, "c2"), ("", None, "公式无计算结果", "c3"), ("2.00", Decimal("2.00"), None, "c4")]


# ---- what the header says is no figure: a row's number, a code, a date -------------------------

# (transcribed: the figures are the test's own; titles no template prints)
NUMBERED = ["表13", "国有资产占用分项明细表", "单位：元",
            ["项目", "行次", "年初数", "年末数"],
            ["房屋", "1", "1200", "1350"],
            ["车辆", "2", "300", "0"],
            ["合计", "3", "1500", "1350"]]
DATED = ["表13", "重点项目实施进度安排表", "单位：万元",
         ["项目名称", "预算金额", "开始时间", "完成时间"],
         ["信息化建设", "120.50", "2025.01", "2025.12"],
         ["设备购置", "30.00", "2025.3", "2025.06"]]


def with_table(tmp_path, seed: str, before: str, table: list, row) -> Path:
    """The seed with the table (its lines, each row's cells joined by `row`) put before `before`."""
    lines = [ln if isinstance(ln, str) else row(ln) for ln in table]
    text = (EXAMPLES / seed).read_text(encoding="utf-8")
    assert text.count(before) == 1
    path = tmp_path / seed
    path.write_text(text.replace(before, "\n" + "\n\n".join(lines) + "\n\n" + before), encoding="utf-8")
    return path


@pytest.mark.parametrize("seed,before,row", [
    (MARKDOWN, "### 第三部分", "\t".join),
    (PLAIN, " 第三部分", " ".join),
])
def test_a_row_number_under_the_headers_row_number_is_no_figure(tmp_path, seed, before, row):
    """A table of whole numbers (元) with a 行次 column: each row's 行次 is its number, not a
    figure, in a grid (by its column) and in a text (the short number after the label)."""
    kept = stranger(parse(with_table(tmp_path, seed, before, NUMBERED, row)))
    assert [(r.name, r.row_number, [c.amount for c in r.cells]) for r in kept.rows] == [
        ("房屋", "1", [Decimal(1200), Decimal(1350)]),
        ("车辆", "2", [Decimal(300), Decimal(0)]),
        ("合计", "3", [Decimal(1500), Decimal(1350)])]
    if seed == MARKDOWN:
        assert [(c.key, c.label) for c in kept.columns] == [("c3", "年初数"), ("c4", "年末数")]


def test_a_date_under_a_time_header_is_no_figure_in_a_grid(tmp_path):
    kept = stranger(parse(with_table(tmp_path, MARKDOWN, "### 第三部分", DATED, "\t".join)))
    assert [(r.name, [(c.text, c.amount, c.column) for c in r.cells]) for r in kept.rows] == [
        ("信息化建设", [("120.50", Decimal("120.50"), "c2"), ("2025.01", None, "c3"), ("2025.12", None, "c4")]),
        ("设备购置", [("30.00", Decimal("30.00"), "c2"), ("2025.3", None, "c3"), ("2025.06", None, "c4")])]
    assert all(c.unread is None for r in kept.rows for c in r.cells)


def test_a_text_cell_that_may_be_a_date_is_left_unread_and_said(tmp_path):
    """A text's cells have no column: "2025.01" under a header naming a time may be the date or
    an amount of 2025.01: kept, unread, with the reason, and said."""
    from budgetlens.extract.unknown import MAYBE_DATE

    disc = parse(with_table(tmp_path, PLAIN, " 第三部分", DATED, " ".join))
    kept = stranger(disc)
    assert [(r.name, [(c.text, c.amount, c.unread) for c in r.cells]) for r in kept.rows] == [
        ("信息化建设", [("120.50", Decimal("120.50"), None), ("2025.01", None, MAYBE_DATE),
                   ("2025.12", None, MAYBE_DATE)]),
        ("设备购置", [("30.00", Decimal("30.00"), None), ("2025.3", None, MAYBE_DATE),
                  ("2025.06", None, MAYBE_DATE)])]
    (said,) = unknown(disc)
    assert "已按原样保留（2 行，2 个数字，另有 4 处可能是数字而未读取（原因见各单元格））" in said.message


def test_without_a_time_header_a_year_shaped_amount_is_read(tmp_path):
    table = [ln if isinstance(ln, str) else [c.replace("开始时间", "上年数").replace("完成时间", "本年数") for c in ln]
             for ln in DATED]
    kept = stranger(parse(with_table(tmp_path, PLAIN, " 第三部分", table, " ".join)))
    assert [c.amount for c in kept.rows[0].cells] == [Decimal("120.50"), Decimal("2025.01"), Decimal("2025.12")]


SERIAL = ["表13", "政府采购预算明细分项表", "单位：万元",
          ["序号", "采购项目", "数量", "预算金额"],
          ["1", "台式计算机", "10", "12.50"],
          ["2", "复印纸", "200", "3.00"]]


@pytest.mark.parametrize("seed,before,row", [
    (MARKDOWN, "### 第三部分", "\t".join),
    (PLAIN, " 第三部分", " ".join),
])
def test_a_serial_number_opening_the_row_is_its_number_not_its_name(tmp_path, seed, before, row):
    kept = stranger(parse(with_table(tmp_path, seed, before, SERIAL, row)))
    assert [(r.row_number, r.name, [c.amount for c in r.cells if c.amount is not None]) for r in kept.rows] == [
        ("1", "台式计算机", [Decimal("12.50")]), ("2", "复印纸", [Decimal("3.00")])]


def test_a_stranger_rows_code_apart_from_its_name(tmp_path):
    """Seed 003's 收入总表 under a title no template knows: a row's classification code is its
    code, its name the words after it (a code alone: its name wrapped onto the next line)."""
    kept = stranger(parse(renamed(tmp_path, PLAIN, "\n部门收入总体情况表\n", "\n部门收入总体情况专项明细表\n")))
    coded = [(r.code, r.name) for r in kept.rows if r.code]
    # (transcribed from seed 003's table: its rows with a code, in order)
    assert coded == [("201", "一般公共服务支出"), ("20141", "数据事务"), ("2014101", "行政运行"),
                     ("2014150", "事业运行"), ("2014199", "其他数据事务支出"), ("208", "社会保障和就业支出"),
                     ("20805", "行政事业单位养老支出"), ("2080505", ""), ("210", "卫生健康支出"),
                     ("21011", "行政事业单位医疗"), ("2101101", "行政单位医疗"), ("2101102", "事业单位医疗"),
                     ("2101103", "公务员医疗补助"), ("221", "住房保障支出"), ("22102", "住房改革支出"),
                     ("2210201", "住房公积金")]


@pytest.mark.parametrize("seed,before,row", [
    (MARKDOWN, "### 第三部分", "\t".join),
    (PLAIN, " 第三部分", " ".join),
])
def test_a_serial_number_is_no_figure_of_a_total_nor_a_code(tmp_path, seed, before, row):
    """Under a 序号 header: the 合计 row, unnumbered, keeps its first figure (in a text it was
    taken for the row's number), and a class code opening a row is its code."""
    table = ["表13", "资产配置分项明细表", "单位：元",
             ["序号", "项目", "年初数", "年末数"],
             ["1", "房屋", "120", "135"],
             ["2", "车辆", "30", "0"],
             ["", "合计", "150", "135"]]
    kept = stranger(parse(with_table(tmp_path, seed, before, table, row)))
    assert [(r.row_number, r.name, [c.amount for c in r.cells if c.amount is not None]) for r in kept.rows] == [
        ("1", "房屋", [Decimal(120), Decimal(135)]), ("2", "车辆", [Decimal(30), Decimal(0)]),
        ("", "合计", [Decimal(150), Decimal(135)])]
    coded = ["表13", "专项资金科目分项表", "单位：万元",
             ["序号", "科目编码", "科目名称", "金额"],
             ["", "201", "一般公共服务支出", "100.00"]]
    kept = stranger(parse(with_table(tmp_path, seed, before, coded, row)))
    assert [(r.row_number, r.code, r.name) for r in kept.rows] == [("", "201", "一般公共服务支出")]
    # under a 行次 header, a total the table left unnumbered keeps its first figure
    numbered = [ln if isinstance(ln, str) or ln[0] != "合计" else ["合计", "", "1500", "1350"] for ln in NUMBERED]
    kept = stranger(parse(with_table(tmp_path, seed, before, numbered, row)))
    assert [(r.row_number, [c.amount for c in r.cells if c.amount is not None]) for r in kept.rows][-1] == \
        ("", [Decimal(1500), Decimal(1350)])
