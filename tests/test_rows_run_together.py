"""Rows of a coded table run together on one line of plain text (a PDF's text copied from a
viewer, or extracted by pdfium, where the rows' line breaks were lost): cut into their rows
at each code (or total label) that follows an amount; what cannot be cut is warned about,
not silently read as a name."""

from collections import Counter
from pathlib import Path

import pytest
from conftest import SHARED

from budgetlens import pipeline
from budgetlens.extract.rows import RawRow, _opens_row
from budgetlens.extract.tables import amounts_in_labels
from budgetlens.pipeline import parse

SEED = "003_051c06d5053f29b3.txt"


def cells(disc, kind=None):
    return Counter((t.kind, r.code, c.column, c.amount) for t in disc.tables if kind in (None, t.kind)
                   for r in t.rows for c in r.cells if c.amount is not None)


def seed_lines(examples):
    return (examples / SEED).read_text(encoding="utf-8").split("\n")


def run_together(lines, first, others):
    """The lines `others` (1-based) appended to line `first`, left blank where they were
    (every other line keeps its number)."""
    out = list(lines)
    out[first - 1] = " ".join([out[first - 1], *(out[n - 1] for n in others)])
    for n in others:
        out[n - 1] = ""
    return out


@pytest.fixture()
def examples():
    return Path(pipeline.__file__).parent / "examples"


def test_coded_rows_run_together_are_read_as_printed_apart(tmp_path, examples):
    lines = seed_lines(examples)
    assert lines[223].startswith("201 41 01 行政运行") and lines[227].startswith("201 41 99 其他数据事务支出")
    path = tmp_path / "joined.txt"
    path.write_text("\n".join(run_together(lines, 224, [226, 228])), encoding="utf-8")
    apart, joined = parse(examples / SEED), parse(path)
    assert cells(joined) == cells(apart)
    notes = [i for i in joined.issues if i.code == "rows-run-together"]
    assert len(notes) == 1 and notes[0].level == "info" and "第 224 行印有 3 行" in notes[0].message
    row = next(r for t in joined.tables for r in t.rows if r.code == "2014199")
    assert row.name == "其他数据事务支出" and row.line == 224


def test_the_total_row_run_onto_the_last_row_is_a_row_of_its_own(tmp_path, examples):
    lines = seed_lines(examples)
    total = next(n for n, t in enumerate(lines, 1) if t.startswith("总计 417.37"))
    last = next(n for n, t in enumerate(lines, 1) if n > total and t.startswith("210 11 03 公务员医疗补助"))
    # the rows in order, the total last ("… 1.28 1.28 1.28 总计 417.37 …"): as some tables print it
    out = run_together(lines, last, [total])
    path = tmp_path / "total.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    assert cells(parse(path)) == cells(parse(examples / SEED))


@pytest.mark.parametrize("tokens, at, opens", [
    ("201 41 01 行政运行 54.81 54.81 201 41 50 事业运行 87.48", 6, True),
    ("201 41 01 行政运行 54.81 2014150事业运行 87.48", 5, True),          # code against its name
    ("30101 基本工资 1,200 0 30102 津贴补贴 300", 4, True),               # whole amounts, a bare 0
    ("行政运行 54.81 合计 54.81", 2, True),
    # a row ending in a dash, a bracketed negative or a percentage; a name against the last part
    ("201 41 01 行政运行 54.81 - 201 41 50 事业运行 87.48", 6, True),
    ("201 41 01 行政运行 (54.81) 201 41 50 事业运行 87.48", 5, True),
    ("201 41 01 行政运行 12.5% 201 41 50 事业运行 87.48", 5, True),
    ("行政运行 54.81 201 41 50事业运行 3.00", 2, True),
    # not a row: a code without a name after it, or a figure among the amounts
    ("201 41 01 行政运行 54.81 201 87.48", 5, False),
    ("201 一般公共服务支出 1,000 204 796", 3, False),
    # amounts ("154 0") before a row without a code: no code of one digit's part is made of them
    ("行政运行 54.81 154 0 事业运行 87.48", 2, False),
    # a name of the row itself that holds a number ("2020年项目"): no amount before it
    ("2010350 2020年度第一批项目 12.00", 1, False),
    # no name before the amounts: not the end of a row
    ("54.81 201 41 行政运行 54.81", 1, False),
])
def test_a_row_opens_at_a_code_and_name_after_an_amount(tokens, at, opens):
    assert _opens_row(tokens.split(), at) is opens


def test_a_label_still_holding_amounts_is_warned_about(tmp_path, examples):
    lines = seed_lines(examples)
    # a row without a code run onto a row: nothing tells where the second row opens
    lines[223] = "201 41 01 行政运行 54.81 54.81 54.81 事业运行 87.48 87.48 87.48"
    path = tmp_path / "uncut.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    disc = parse(path)
    warned = [i for i in disc.issues if i.code == "amounts-in-label"]
    assert warned and warned[0].level == "warning" and warned[0].provenance.line == 224
    assert "名称中夹有金额" in warned[0].message


@pytest.mark.parametrize("label, warned", [
    ("行政运行 54.81 54.81 事业运行", True),
    ("行政运行 54.81 201 41 50 事业运行", True),          # one amount, then a row's code and name
    ("国道G219线K12.5-K18.3段养护项目", False),            # figures inside a word of the name
    ("2024.1-2024.12 专项工作经费", False),
    ("机关事业单位基本养老保险缴费支出", False),
])
def test_only_amounts_standing_apart_in_a_label_are_warned_about(label, warned):
    found = amounts_in_labels([RawRow(line=7, line_end=7, name=label.replace(" ", ""), raw_label=label)])
    assert bool(found) is warned
    if warned:
        assert found[0][0] == "amounts-in-label" and found[0][2] == 7 and "另一行" in found[0][1]


def pdfium_text(pdf) -> str:
    """The text a PDF viewer built on pdfium copies: its pages one after another."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return "\r\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


@pytest.mark.parametrize("name", ["sh-putuo-wanli-2024-dept-budget.pdf", "sh-putuo-qfb-2025-unit-budget.pdf"])
def test_a_real_pdfs_pdfium_text_reads_every_amount_of_its_tables(tmp_path, name):
    pdf = SHARED / "real" / name
    if not pdf.exists():
        pytest.skip("../shared/real is not beside the repository")
    text = tmp_path / "pdfium.txt"
    text.write_text(pdfium_text(pdf), encoding="utf-8", newline="")
    whole, copied = parse(pdf), parse(text)
    assert facts(copied) == facts(whole)


def facts(disc) -> Counter:
    return Counter((f.coords.table_kind, f.coords.function_code, f.coords.economic_code, f.amount) for f in disc.facts)
