"""OCR of scanned PDF pages (budgetlens.readers.ocr).

The scanned fixture is made here: an HTML budget table rendered to PDF by WeasyPrint, then
rasterised by pypdfium2 at 200 dpi and saved by Pillow as an image-only PDF. The text-layer
PDF gives the true words and positions to compare the OCR against."""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pdfium = pytest.importorskip("pypdfium2")

from budgetlens.readers import ReadError  # noqa: E402
from budgetlens.readers import ocr  # noqa: E402
from budgetlens.readers.ocr import OcrFailed, OcrUnavailable, OcrWord, Piece  # noqa: E402

ROWS = [   # code, name, 合计, 基本支出, 项目支出
    ("2010101", "行政运行", "1,234.56", "1,234.56", ""),
    ("2010102", "一般行政管理事务", "87,650.00", "", "87,650.00"),
    ("2050201", "学前教育", "1,097,073.43", "1,000,000.00", "97,073.43"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "352.10", "352.10", ""),
    ("2210201", "住房公积金", "45.00", "45.00", ""),
]
NARRATIVE = "2024年一般公共预算支出主要用于保障机构正常运转和完成年度工作任务。"
AMOUNT = re.compile(r"\d{1,3}(,\d{3})*\.\d{2}")
SCAN_DPI = 200


def langs() -> set[str]:
    exe = shutil.which("tesseract")
    if exe is None:
        return set()
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    return {line.strip() for line in (out.stdout + out.stderr).splitlines()[1:]}


def cjk_fonts() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return bool(out.stdout.strip())


needs_tesseract = pytest.mark.skipif(
    not {"chi_sim", "eng"} <= langs(),
    reason="tesseract with chi_sim is not installed (Debian: tesseract-ocr tesseract-ocr-chi-sim)")


def table_html() -> str:
    body = "".join(
        f"<tr><td>{code}</td><td>{name}</td>" + "".join(f"<td class=n>{a}</td>" for a in amounts)
        + "</tr>" for code, name, *amounts in ROWS)
    return f"""<html><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 20mm }}
      body {{ font-family: 'Noto Sans CJK SC', sans-serif; font-size: 11pt }}
      h1 {{ text-align: center; font-size: 16pt }}
      table {{ border-collapse: collapse; width: 100% }}
      td, th {{ border: 1px solid #000; padding: 3pt 5pt }}
      td.n {{ text-align: right }}
    </style></head><body>
    <h1>一般公共预算支出情况表</h1>
    <p style="text-align: right">单位：万元</p>
    <table><tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>
    {body}</table>
    <p>{NARRATIVE}</p></body></html>"""


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> tuple[Path, Path]:
    """(text-layer PDF, image-only PDF of the same page)."""
    weasyprint = pytest.importorskip("weasyprint")
    if not cjk_fonts():
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk)")
    folder = tmp_path_factory.mktemp("ocr")
    original = folder / "original.pdf"
    weasyprint.HTML(string=table_html()).write_pdf(original)
    document = pdfium.PdfDocument(original)
    image = document[0].render(scale=SCAN_DPI / 72).to_pil().convert("RGB")
    document.close()
    scanned = folder / "scanned.pdf"
    image.save(scanned, "PDF", resolution=SCAN_DPI)
    return original, scanned


@pytest.fixture(scope="module")
def words(pdfs) -> list[OcrWord]:
    if not {"chi_sim", "eng"} <= langs():
        pytest.skip("tesseract with chi_sim is not installed (Debian: tesseract-ocr tesseract-ocr-chi-sim)")
    document = pdfium.PdfDocument(pdfs[1])
    try:
        return ocr.ocr_page(document[0])
    finally:
        document.close()


def first_page(path: Path):
    return pdfium.PdfDocument(path)[0]


# ---- text layer -------------------------------------------------------------------------------

def test_page_has_text_tells_scans_from_text(pdfs):
    original, scanned = pdfs
    assert ocr.page_has_text(first_page(original)) is True
    assert ocr.page_has_text(first_page(scanned)) is False


def test_a_page_number_on_a_scan_is_not_a_text_layer(pdfs, tmp_path):
    weasyprint = pytest.importorskip("weasyprint")
    picture = tmp_path / "scan.png"
    first_page(pdfs[1]).render(scale=1).to_pil().save(picture)
    stamped = tmp_path / "stamped.pdf"
    weasyprint.HTML(string=f"""<html><body style="margin:0">
        <img src="{picture.as_uri()}" style="width:100%"><p>第3页</p></body></html>""").write_pdf(stamped)
    short = tmp_path / "short.pdf"
    weasyprint.HTML(string="<html><body><p>本表无数据</p></body></html>").write_pdf(short)
    assert ocr.page_has_text(first_page(stamped)) is False
    assert ocr.page_has_text(first_page(short)) is True      # a short page of real text


# ---- recognition -------------------------------------------------------------------------------

@needs_tesseract
def test_every_amount_and_code_is_recovered(words):
    texts = collections.Counter(w.text for w in words)
    wanted = collections.Counter(a for _, _, *amounts in ROWS for a in amounts if a)
    assert not wanted - texts, f"missing amounts: {wanted - texts}; got {list(texts)}"
    for code, *_ in ROWS:
        assert any(w.text == code or w.text.startswith(code + " ") for w in words), code
    for word in words:      # two amounts never share a word: they are two cells
        assert len(AMOUNT.findall(word.text)) <= 1, word.text


@needs_tesseract
def test_words_come_in_reading_order(words):
    previous_top = -1.0
    for code, name, *amounts in ROWS:
        row = [next(i for i, w in enumerate(words) if w.text.startswith(code))]
        row += [next(i for i, w in enumerate(words) if w.text == a and i > row[0]) for a in amounts if a]
        assert row == sorted(row), f"{code}: words out of order"
        xs = [words[i].x0 for i in row]
        assert xs == sorted(xs), f"{code}: not left to right"
        assert words[row[0]].top > previous_top, f"{code}: rows not top to bottom"
        previous_top = words[row[0]].top


@needs_tesseract
def test_boxes_are_in_page_points_where_the_text_is_printed(words, pdfs):
    import pdfplumber

    with pdfplumber.open(pdfs[0]) as pdf:
        page = pdf.pages[0]
        width, height = page.width, page.height
        truth: dict[str, dict] = {}
        for true in page.extract_words():
            truth.setdefault(true["text"], true)
    for word in words:
        assert 0 <= word.x0 < word.x1 <= width + 1 and 0 <= word.top < word.bottom <= height + 1
        assert 0 <= word.conf <= 100
    for text in ("1,097,073.43", "2050201", "97,073.43", "352.10"):   # first in the page
        ocr_word = next(w for w in words if w.text == text)
        true = truth[text]
        assert abs((ocr_word.x0 + ocr_word.x1) / 2 - (true["x0"] + true["x1"]) / 2) < 3, text
        assert abs((ocr_word.top + ocr_word.bottom) / 2 - (true["top"] + true["bottom"]) / 2) < 3, text


@needs_tesseract
def test_chinese_names_are_mostly_recovered_as_one_word_per_cell(words):
    wanted = collections.Counter("".join(name for _, name, *_ in ROWS))
    got = collections.Counter("".join(w.text for w in words))
    share = sum((wanted & got).values()) / sum(wanted.values())
    assert share >= 0.8, f"only {share:.0%} of the name characters recovered"
    whole = sum(1 for _, name, *_ in ROWS if any(w.text == name for w in words))
    assert whole >= 3, [w.text for w in words]              # CJK pieces glued back into cells
    narrative = max(words, key=lambda w: len(w.text)).text
    assert len(narrative) >= 0.8 * len(NARRATIVE)


@needs_tesseract
def test_a_ruled_table_rendered_at_300_dpi_is_read(pdfs):
    """At 300 dpi tesseract took the ruled table for a picture until the rules were removed."""
    page_words = ocr.ocr_page(first_page(pdfs[0]), dpi=300)
    texts = collections.Counter(w.text for w in page_words)
    wanted = collections.Counter(a for _, _, *amounts in ROWS for a in amounts if a)
    assert not wanted - texts, f"missing amounts: {wanted - texts}"


# ---- failures ----------------------------------------------------------------------------------

def blank_page():
    document = pdfium.PdfDocument.new()
    return document, document.new_page(200, 100)


def fake_tesseract(folder: Path, langs: str, body: str) -> None:
    """A stand-in binary for the failure paths a real install does not show."""
    script = folder / "tesseract"
    script.write_text(f"""#!/bin/sh
if [ "$1" = "--list-langs" ]; then printf 'List of available languages (2):\\n{langs}'; exit 0; fi
{body}
""")
    script.chmod(0o755)


def test_missing_tesseract_names_the_packages(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert ocr.ocr_available() is False
    _, page = blank_page()
    with pytest.raises(OcrUnavailable) as caught:
        ocr.ocr_page(page)
    assert isinstance(caught.value, ReadError)
    assert "tesseract-ocr" in str(caught.value) and "tesseract-ocr-chi-sim" in str(caught.value)


def test_missing_chinese_language_names_its_package(tmp_path, monkeypatch):
    fake_tesseract(tmp_path, "eng\\nosd\\n", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert ocr.ocr_available() is False
    _, page = blank_page()
    with pytest.raises(OcrUnavailable, match="tesseract-ocr-chi-sim"):
        ocr.ocr_page(page)


@needs_tesseract
def test_timeout_becomes_ocr_failed_with_the_page():
    _, page = blank_page()
    with pytest.raises(OcrFailed, match="超时") as caught:
        ocr.ocr_page(page, timeout=0.001, page_no=7)
    assert caught.value.page == 7 and "第 7 页" in str(caught.value)


def test_crash_becomes_ocr_failed(tmp_path, monkeypatch):
    fake_tesseract(tmp_path, "chi_sim\\neng\\n", "echo 'Error in pixReadMem' >&2; exit 1")
    monkeypatch.setenv("PATH", str(tmp_path) + ":/usr/bin:/bin")
    if shutil.which("tesseract") != str(tmp_path / "tesseract"):
        pytest.skip("cannot put the stand-in first on PATH")
    _, page = blank_page()
    with pytest.raises(OcrFailed, match="退出码 1"):
        ocr.ocr_page(page, page_no=2)


# ---- merging rules (no tesseract needed) -------------------------------------------------------

def piece(text: str, left: int, right: int, top: int = 100, bottom: int = 130,
          space: bool | None = None) -> Piece:
    return Piece(text, left, top, right, bottom, 90.0, (1, 1, 1), space)


def merged(*pieces: Piece, columns=None) -> list[str]:
    return [run.text for run in ocr.merge_runs(list(pieces), columns)]


def test_cjk_pieces_with_character_gaps_become_one_word():
    assert merged(piece("行政", 0, 60), piece("运", 75, 105), piece("行", 115, 145)) == ["行政运行"]


def test_a_column_wide_gap_is_never_crossed():
    assert merged(piece("行政运行", 0, 120), piece("事业运行", 200, 320)) == ["行政运行", "事业运行"]


def test_a_rule_read_as_a_bar_splits_cells():
    assert merged(piece("行政", 0, 60), piece("|", 65, 68), piece("运行", 72, 132)) == ["行政", "运行"]


def test_a_vertical_rule_in_the_image_splits_cells():
    from PIL import Image, ImageDraw

    columns = Image.new("L", (300, 200), 0)
    ImageDraw.Draw(columns).line([(66, 0), (66, 200)], fill=255, width=2)
    assert merged(piece("行政", 0, 60), piece("运行", 72, 132), columns=columns) == ["行政", "运行"]


def test_two_amounts_stay_two_words_however_close():
    assert merged(piece("1,234.56", 0, 100, 100, 122), piece("352.10", 104, 160, 100, 122)) \
        == ["1,234.56", "352.10"]


def test_a_number_broken_at_its_comma_is_glued():
    assert merged(piece("1,097,", 0, 60, 100, 122), piece("073.43", 62, 120, 100, 122)) \
        == ["1,097,073.43"]


def cell_line(*words: tuple[str, int, int], commas: bool = True) -> str:
    return ocr.cell_line_text([piece(text, left, right, 100, 128) for text, left, right in words], commas)


def test_a_thousands_comma_tesseract_missed_in_a_cell_is_put_back():
    # 1,097,073.43 as tesseract splits it at its marks, the first comma missed: the gap is the
    # width the other marks leave (~0.4 of the figures' height)
    assert cell_line(("1", 0, 12), ("097,", 23, 70), ("073.", 83, 130), ("43", 143, 170)) == "1,097, 073. 43"
    assert cell_line(("1", 0, 12), ("633,", 23, 70), ("000", 83, 130)) == "1,633, 000"
    assert cell_line(("(1", 0, 20), ("633.", 31, 80), ("50)", 93, 130)) == "(1,633. 50)"


@pytest.mark.parametrize("words", [
    [("100", 0, 40), ("200", 80, 120)],                # farther apart than marks leave: two words
    [("1,097,", 0, 70), ("073.43", 83, 150)],           # the comma read: nothing to put back
    [("1234", 0, 50), ("567,", 60, 100)],              # four digits open no grouped figure
    [("1", 0, 12), ("09,", 23, 50)],                    # nor does a group of two follow one
    [("1", 0, 12), ("行政运行", 23, 120)],
])
def test_words_of_a_cell_line_are_otherwise_kept_apart(words):
    assert cell_line(*words) == " ".join(text for text, _, _ in words)


def test_no_comma_is_put_back_where_the_page_prints_none_or_the_words_make_no_figure():
    # a page of figures without thousands commas: "7" and "123.45" may be two figures
    assert cell_line(("7", 0, 12), ("123.45", 25, 90), commas=False) == "7 123.45"
    assert cell_line(("1", 0, 12), ("234", 23, 60), ("5", 72, 84)) == "1 234 5"


def test_digits_and_ideographs_keep_tesseracts_space():
    assert merged(piece("2024", 0, 60, space=None), piece("年", 66, 94, space=False)) == ["2024年"]
    assert merged(piece("2010101", 0, 100), piece("行政运行", 115, 235, space=True)) \
        == ["2010101 行政运行"]


def test_full_width_is_folded_in_amounts_only():
    assert ocr.normalise_amount("１，２３４．５６") == "1,234.56"
    assert ocr.normalise_amount("－１２．５") == "-12.5"
    assert ocr.normalise_amount("1,363;912.55") == "1,363,912.55"       # common misreads
    assert ocr.normalise_amount("1804,160.65") == "1,804,160.65"
    assert ocr.normalise_amount("”1,498,276.85") == "1,498,276.85"
    assert ocr.normalise_amount("20240101") == "20240101"
    assert ocr.normalise_amount("增长３．５％，") == "增长３．５％，"    # narrative keeps its text


def test_space_marks_come_from_tesseracts_text():
    pieces = [piece("2084724", 0, 100), piece("城乡", 120, 180), piece("社区", 182, 240),
              piece("2024", 0, 60, 200, 230), piece("年", 66, 94, 200, 230)]
    pieces[3].line = pieces[4].line = (2, 1, 1)
    ocr.mark_spaces(pieces, "2084724 城乡社区\n\n2024年\n")
    assert [p.space for p in pieces] == [False, True, False, False, False]


# ---- through the PDF reader ----------------------------------------------------------------

def test_the_pdf_reader_ocrs_a_scanned_page(pdfs):
    if not {"chi_sim", "eng"} <= langs():
        pytest.skip("tesseract with chi_sim is not installed (Debian: tesseract-ocr tesseract-ocr-chi-sim)")
    from budgetlens.readers import read_document

    doc = read_document(pdfs[1])
    text = "\n".join(ln.text for ln in doc.lines)
    assert "1,097,073.43" in text and "2050201" in text
    assert all(ln.page == 1 and ln.bbox for ln in doc.lines)
    assert any("OCR" in w for w in doc.warnings)


def test_without_tesseract_a_scan_is_reported_by_page_and_named(pdfs, monkeypatch):
    from budgetlens.readers import read_document

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    with pytest.raises(ReadError, match="tesseract-ocr"):
        read_document(pdfs[1])


def test_a_failed_page_is_reported_and_the_others_read(pdfs, tmp_path, monkeypatch):
    """Two pages, the scan fails OCR: the text page is read, the scan is named in a warning."""
    from budgetlens.readers import read_document

    both = pdfium.PdfDocument.new()
    for path in pdfs:
        src = pdfium.PdfDocument(path)
        both.import_pages(src)
    out = tmp_path / "mixed.pdf"
    both.save(out)

    def fail(page, *args, page_no=None, **kwargs):
        raise OcrFailed("识别超时", page=page_no)

    monkeypatch.setattr(ocr, "ocr_available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_page", fail)
    doc = read_document(out)
    assert any("2050201" in ln.text for ln in doc.lines if ln.page == 1)
    assert any(w.startswith("第 2 页") for w in doc.warnings)


def test_scans_are_read_past_the_time_budget_and_named_once(pdfs, tmp_path, monkeypatch):
    """The time budget bounds table finding on text pages; a scan read as plain text would be
    nothing, so scans are OCR'd whatever the time (OCR has its own limit per page). Each bound
    is reported once, naming its pages."""
    if not {"chi_sim", "eng"} <= langs():
        pytest.skip("tesseract with chi_sim is not installed (Debian: tesseract-ocr tesseract-ocr-chi-sim)")
    from budgetlens.readers import pdf, read_document

    three = pdfium.PdfDocument.new()
    for path in (pdfs[1], pdfs[0], pdfs[1]):
        three.import_pages(pdfium.PdfDocument(path))
    out = tmp_path / "scan-text-scan.pdf"
    three.save(out)
    monkeypatch.setattr(pdf, "TIME_BUDGET", -1.0)       # over budget from the first page
    doc = read_document(out)
    for page in (1, 3):
        text = "\n".join(ln.text for ln in doc.lines if ln.page == page)
        assert "1,097,073.43" in text and "2050201" in text
    late = [w for w in doc.warnings if "读取超时" in w]
    assert len(late) == 1 and "第 2 页" in late[0]
    scans = [w for w in doc.warnings if "OCR" in w]
    assert scans == ["第 1、3 页是扫描图像，已用 OCR 识别，请核对数字"]
