"""A decimal point OCR read as a colon or semicolon outside a ruled grid (extract.points): in an
OCR text's tab grid, a scanned page's line of a table printed without rules, the narrative. The
amount's shape (digits, one mark, two digits) is read and said (ocr-unsure); another figure there
is reported unread (amount-unsure), never read as a number of its own nor merged into a label.
Typed text (a digital PDF, a text conversion) is left alone: there 5:34 is a time or a ratio."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import EXAMPLES

from budgetlens.extract.points import mend_points
from budgetlens.pipeline import parse
from budgetlens.readers import Line, SourceDocument
from budgetlens.render_cells import cell_rows

OCR_SEED = EXAMPLES / "001_bb7d043ad2da133b.txt"
ROW = "201\t05\t04\t信息事务\t384. 33\t290. 93\t93. 4"


def mend(*texts: str, ocr: bool = True, cells: bool = False) -> tuple[list[str], list[tuple[str, str]]]:
    lines = [Line(no=n + 1, text=t, cells=t.split("\t") if cells else None, ocr=ocr) for n, t in enumerate(texts)]
    doc = SourceDocument(path="x", format="pdf", encoding=None, sha256="", lines=lines)
    notes = mend_points(doc)
    return [ln.text for ln in doc.lines], [(code, msg) for code, msg, _ in notes]


@pytest.mark.parametrize("printed, read", [("5:34", "5.34"), ("5；34", "5.34"), ("1,234:56", "1,234.56"),
                                           ("(12;07)", "(12.07)"), ("-12:07", "-12.07")])
def test_a_point_misread_in_a_table_line_read_as_text_is_the_amount_said(printed, read):
    texts, notes = mend(f"2120101 行政运行 {printed} 418.46")
    assert texts == [f"2120101 行政运行 {read.rjust(len(printed))} 418.46"]
    assert [code for code, _ in notes] == ["ocr-unsure"] and printed in notes[0][1]


def test_a_point_misread_alone_at_the_end_of_a_coded_line():
    assert mend("2120101 行政运行 418:46")[0] == ["2120101 行政运行 418.46"]


@pytest.mark.parametrize("printed", ["19:3", "5:345", "1;234"])
def test_another_figure_in_an_amounts_place_is_reported_and_a_dash_stands_for_it(printed):
    texts, notes = mend(f"2120101 行政运行 {printed} 418.46")
    assert texts == [f"2120101 行政运行 {'-'.rjust(len(printed))} 418.46"]
    assert [code for code, _ in notes] == ["amount-unsure"] and printed in notes[0][1]


def test_a_tab_grid_cell_of_such_a_figure_is_an_amounts():
    texts, notes = mend("201\t行政运行\t290:93\t19:3\t93.40", cells=True)
    assert texts == ["201\t行政运行\t290.93\t-\t93.40"]
    assert [code for code, _ in notes] == ["ocr-unsure", "amount-unsure"]


@pytest.mark.parametrize("sentence, read, code", [
    ("比上年增加 5:34 万元，", "比上年增加 5.34 万元，", "ocr-unsure"),
    ("奖金6；52万元、津贴1.20万元", "奖金6.52万元、津贴1.20万元", "ocr-unsure"),
    ("支出 1,234:56 亿元", "支出 1,234.56 亿元", "ocr-unsure"),
    ("比上年增加 19:3 万元，", "比上年增加 - 万元，", "amount-unsure"),
])
def test_a_figure_before_a_unit_of_money(sentence, read, code):
    texts, notes = mend(sentence)
    assert texts == [read] and [c for c, _ in notes] == [code]


@pytest.mark.parametrize("text", [
    "会议于 8:30 开始",               # a time, not in an amount's place
    "配套比例 1:1",
    "二、时间安排 2026年3月 10:30",
    "说明：详见附表；34个项目",
])
def test_marks_that_are_no_amounts_place_are_left(text):
    assert mend(text) == ([text], [])


def test_typed_text_is_left_alone():
    """Not read by OCR: 5:34 is as printed, nothing said."""
    assert mend("2120101 行政运行 5:34 418.46", "比上年增加 5:34 万元", ocr=False) == \
        (["2120101 行政运行 5:34 418.46", "比上年增加 5:34 万元"], [])


def misread_seed(tmp_path):
    text = OCR_SEED.read_text(encoding="utf-8")
    assert ROW in text and "比上年预算增加 116. 11 万元" in text and "奖金 6.52 万元" in text
    text = text.replace(ROW, ROW.replace("290. 93", "290:93"), 1)
    text = text.replace("比上年预算增加 116. 11 万元", "比上年预算增加 116:11 万元", 1)
    text = text.replace("奖金 6.52 万元", "奖金 6；52 万元", 1)
    path = tmp_path / "ocr.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_ocr_text_with_points_misread_reads_as_the_one_without(tmp_path):
    """The OCR seed with 290. 93 (a tab grid's cell) read '290:93', 116. 11 万元 read '116:11 万元'
    and 6.52 万元 '6；52 万元': the same cells and claims as the seed, each mended figure said.
    Before: 290.93 gone from the table, the change read as 11 万元, the bonus as 52 万元 (the
    sentence cut at the semicolon), all without a word."""
    want, got = parse(OCR_SEED), parse(misread_seed(tmp_path))
    assert cell_rows(got) == cell_rows(want)
    assert [(c.kind, c.value, c.unit) for c in got.narrative.claims] == \
        [(c.kind, c.value, c.unit) for c in want.narrative.claims]
    said = [i for i in got.issues if i.code == "ocr-unsure"]
    assert len(said) == 3
    assert said[0].provenance.table is not None and "290:93" in said[0].message
    assert {Decimal("116.11"), Decimal("6.52")} <= {c.value for c in got.narrative.claims}


SCANNED = ["某某局2025年部门预算", "第一部分 某某局概况", "一、主要职能", "负责全市某某工作。",
           "第三部分 某某局2025年部门预算情况说明", "一、关于某某局2025年收支预算情况的总体说明",
           "2025年收支总预算 575.90 万元，比上年增加 5:34 万元，增长 0.94%。"]


def scanned_pdf(tmp_path, monkeypatch, lines: list[str]):
    """An image-only page whose OCR (stubbed: no tesseract needed) reads `lines`."""
    from PIL import Image

    from budgetlens.readers import ocr

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (1240, 1754), "white").save(path, "PDF", resolution=150)
    words = ocr.OcrWords(ocr.OcrWord(text, 50.0, 60.0 + 20 * n, 500.0, 72.0 + 20 * n, 95.0) for n, text in enumerate(lines))
    monkeypatch.setattr(ocr, "ocr_available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_page", lambda page, *a, **k: words)
    return path


def test_a_scanned_pages_lines_are_mended_and_said(tmp_path, monkeypatch):
    """A scanned page's sentence read by OCR: '增加 5:34 万元' is the change of 5.34 万元, said
    (before: a change of 34 万元, silently)."""
    from budgetlens.readers import read_document

    path = scanned_pdf(tmp_path, monkeypatch, SCANNED)
    assert all(ln.ocr for ln in read_document(path).lines)
    disc = parse(path)
    changes = [c.value for c in disc.narrative.claims if c.kind == "change"]
    assert changes == [Decimal("5.34")]
    said = [i for i in disc.issues if i.code == "ocr-unsure"]
    assert len(said) == 1 and "5:34" in said[0].message and said[0].provenance.page == 1


def test_a_time_shaped_cell_under_an_amount_header_is_an_amount_said_and_left_unjudged(tmp_path):
    """'10:30' in a tab grid's 基本支出 cell of an OCR text: the shape of a time, and of 10.30
    with its point misread. Under an amount header a budget table prints no time, and OCR reads
    a point as a colon far more often than anything else: it is read as 10.30, said, and the
    sums over it (here 290.93 replaced, so they fail) are not judged, never reported as errors."""
    from budgetlens.checks import check

    text = OCR_SEED.read_text(encoding="utf-8").replace(ROW, ROW.replace("290. 93", "10:30"), 1)
    path = tmp_path / "ocr.txt"
    path.write_text(text, encoding="utf-8")
    disc = parse(path)
    said = [i for i in disc.issues if "10:30" in i.message]
    assert [i.code for i in said] == ["ocr-unsure"] and said[0].provenance.table is not None
    line = str(said[0].provenance.line)
    assert [c["amount"] for c in cell_rows(disc) if c["line"] == line and c["column"] == "基本支出"] == ["10.30"]
    failed = [f for f in check(disc).findings if int(line) in f.lines]
    assert failed and all(f.severity == "info" for f in failed)
