"""Scanned ruled tables (readers.ocr_grid and the OCR path of readers.ocr and readers.pdf): the
rules drawn in the image make the grid, each line of each cell is read on its own, and a figure
OCR is not sure of is reported, never read as a guess.

Scans are made as in test_ocr.py: HTML written by WeasyPrint, rendered by pypdfium2 and saved
by Pillow as an image-only PDF, at several resolutions and in two typefaces."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest

pdfium = pytest.importorskip("pypdfium2")

from PIL import Image, ImageDraw

from budgetlens.readers import ocr, ocr_grid
from budgetlens.readers.ocr import Piece
from budgetlens.readers.ocr_grid import Rule

SANS, SERIF = "Noto Sans CJK SC", "Noto Serif CJK SC"

# 类 款 项, name, 合计, 基本支出, 项目支出: amounts in some columns only, so that only the
# columns (not the order of the amounts) tell where each stands
ROWS = [
    ("", "", "", "合计", "575.90", "444.60", "131.30"),
    ("210", "", "", "卫生健康支出", "26.14", "26.14", ""),
    ("210", "11", "", "行政事业单位医疗", "26.14", "26.14", ""),
    ("210", "11", "01", "行政单位医疗", "19.36", "19.36", ""),
    ("210", "11", "03", "公务员医疗补助", "6.78", "6.78", ""),
    ("212", "", "", "城乡社区支出", "549.76", "418.46", "131.30"),
    ("212", "01", "", "城乡社区管理事务", "549.76", "418.46", "131.30"),
    ("212", "01", "01", "行政运行", "418.46", "418.46", ""),
    ("212", "01", "02", "一般行政管理事务", "86.00", "", "86.00"),
    ("212", "01", "04", "城管执法", "45.30", "", "45.30"),
]
COLUMNS = ("合计", "基本支出", "项目支出")
HEADER = ("<tr><th colspan=3>功能分类科目编码</th><th rowspan=2>功能分类科目名称</th>"
          "<th rowspan=2>合计</th><th rowspan=2>基本支出</th><th rowspan=2>项目支出</th></tr>"
          "<tr><th>类</th><th>款</th><th>项</th></tr>")


def langs() -> set[str]:
    exe = shutil.which("tesseract")
    if exe is None:
        return set()
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    return {line.strip() for line in (out.stdout + out.stderr).splitlines()[1:]}


def cjk_font(family: str) -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True)
    return bool(out.stdout.strip())


needs_tesseract = pytest.mark.skipif(
    not {"chi_sim", "eng"} <= langs(),
    reason="tesseract with chi_sim is not installed (Debian: tesseract-ocr tesseract-ocr-chi-sim)")


def table_html(rows=ROWS, font: str = SANS, size: str = "10.5pt", padding: str = "3pt 5pt",
               header: str = HEADER, name_width: str = "") -> str:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row[:3])
                   + f"<td{name_width}>{row[3]}</td>"
                   + "".join(f"<td class=n>{a}</td>" for a in row[4:]) + "</tr>" for row in rows)
    return f"""<html><head><meta charset="utf-8"><style>
      @page {{ size: A4 landscape; margin: 18mm }}
      body {{ font-family: '{font}'; font-size: {size} }}
      h1 {{ text-align: center; font-size: 16pt; font-weight: normal }}
      table {{ border-collapse: collapse }}
      td, th {{ border: 1px solid #000; padding: {padding}; font-weight: normal }}
      td.n {{ text-align: right }}
    </style></head><body>
    <h1>一般公共预算支出情况表</h1>
    <p>编制部门：某某局　　　　单位：万元</p>
    <table>{header}{body}</table></body></html>"""


def scan(path, html: str, dpi: int, turn: float = 0.0):
    """The page written from html, rendered at dpi (turned by `turn` degrees, as a sheet
    fed askew) and saved as an image-only PDF."""
    weasyprint = pytest.importorskip("weasyprint")
    original = path.with_suffix(".original.pdf")
    weasyprint.HTML(string=html).write_pdf(original)
    document = pdfium.PdfDocument(original)
    image = document[0].render(scale=dpi / 72, grayscale=True).to_pil()
    document.close()
    if turn:
        image = image.rotate(turn, resample=Image.Resampling.BICUBIC, fillcolor=255)
    image.convert("RGB").save(path, "PDF", resolution=dpi)
    return path


def cells(path) -> set[tuple[str, str, str, str]]:
    from test_readers_office import cli_cells

    return {(c["code"], c["name"], c["column"], c["amount"]) for c in cli_cells(path)}


def expected(rows=ROWS) -> set[tuple[str, str, str, str]]:
    out = set()
    for kind, kuan, xiang, name, *amounts in rows:
        code = kind + kuan + xiang
        for column, amount in zip(COLUMNS, amounts):
            if amount:
                out.add((code, name, column, amount))
    return out


def issues(path) -> list:
    from budgetlens.pipeline import parse

    return parse(path).issues


@pytest.fixture
def fonts():
    if not (cjk_font(SANS) and cjk_font(SERIF)):
        pytest.skip("Noto Sans/Serif CJK SC are not installed (Debian: fonts-noto-cjk, fonts-noto-cjk-extra)")


# ---- a scanned ruled table is a grid ---------------------------------------------------------

@needs_tesseract
@pytest.mark.parametrize("dpi, font", [(150, SANS), (200, SERIF), (300, SANS)])
def test_a_scanned_ruled_table_is_read_as_a_grid(tmp_path, fonts, dpi, font):
    """Every amount in the column its header stands over, every code whole (类 | 款 | 项 in
    cells of their own), at the resolutions scans are made at (before: the words of each line
    read as text, amounts beside an empty cell undecided, 2101103 read 210)."""
    path = scan(tmp_path / "table.pdf", table_html(font=font), dpi)
    assert cells(path) == expected()


@needs_tesseract
def test_a_skewed_scan_is_levelled_before_its_rules_are_found(tmp_path):
    """A sheet fed 0.8° askew: its rules no longer run along rows of pixels until the page is
    levelled (before: no rule found, no grid)."""
    path = scan(tmp_path / "skewed.pdf", table_html(), 200, turn=0.8)
    assert cells(path) == expected()


@needs_tesseract
def test_text_touching_its_rule_stays_in_its_cell(tmp_path):
    """A name that fills its cell, its last character against the rule, beside an amount
    that also nearly touches its rule: each is read in its own cell (before: one word
    '…缴费38.72', the name and the amount together)."""
    rows = [("", "", "", "合计", "38.72", "38.72", ""),
            ("208", "05", "05", "机关事业单位基本养老保险缴费支出", "38.72", "38.72", "")]
    html = table_html(rows, padding="0 1pt", name_width=" style='width: 16em'")
    path = scan(tmp_path / "tight.pdf", html, 200)
    assert cells(path) == expected(rows)


@needs_tesseract
def test_a_table_printed_with_its_header_only_is_a_grid(tmp_path):
    """An empty table prints its two header rows only: the rules between 类, 款 and 项 are
    shorter than the opening that finds long rules, and are found as the rules that span
    the row between two long ones."""
    from budgetlens.readers import read_document

    path = scan(tmp_path / "empty.pdf", table_html(rows=[]), 200)
    grid = [ln.cells for ln in read_document(path).lines if ln.cells]
    assert ["类", "款", "项", "", "", "", ""] in grid
    assert ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"] in grid


# ---- figures OCR is not sure of ---------------------------------------------------------------

def misreading(monkeypatch, wrong, times: int | None = None, langs: str | None = None) -> None:
    """tesseract made to misread: wrong(text) gives (text, confidence) for a word it reads
    otherwise, or None. Only the first `times` runs that read such a word, and only runs with
    the language models `langs`, when given."""
    real = ocr.run_tesseract
    done = []

    def run(exe, png, dpi, timeout, where, page_no, psm="", langs_=""):
        tsv, txt = real(exe, png, dpi, timeout, where, page_no, psm, langs_)
        if (langs is not None and (langs_ or ocr.LANGS) != langs) or (times is not None and len(done) >= times):
            return tsv, txt
        rows, changed = [], False
        for row in tsv.splitlines():
            cols = row.split("\t")
            found = wrong(cols[11].strip()) if len(cols) == 12 and cols[0] == "5" else None
            if found is not None:
                txt = re.sub(rf"(?<!\S){re.escape(cols[11])}(?!\S)", found[0], txt)
                cols[11], cols[10], changed = found[0], f"{found[1]:.6f}", True
            rows.append("\t".join(cols))
        done.extend([1] if changed else [])
        return "\n".join(rows) + "\n", txt

    monkeypatch.setattr(ocr, "run_tesseract", run)


@needs_tesseract
def test_a_figure_ocr_is_not_sure_of_is_reported_not_read(tmp_path, monkeypatch):
    """tesseract reads 26.14 as 28.14 without confidence, at every size: the amount is not
    read, the line is reported, and the checks do not call its row wrong (before: 28.14 read
    silently, a wrong number)."""
    from budgetlens.checks import check
    from budgetlens.pipeline import parse

    path = scan(tmp_path / "table.pdf", table_html(), 200)
    misreading(monkeypatch, lambda text: ("28.14", 60.0) if text == "26.14" else None)
    got = cells(path)
    assert not any(amount in ("26.14", "28.14") for *_, amount in got)
    assert expected() - got == {c for c in expected() if c[3] == "26.14"}
    unsure = [i for i in issues(path) if i.code == "amount-unsure"]
    assert len(unsure) == 4 and all("28.14" in i.message and "OCR" in i.message for i in unsure)
    report = check(parse(path))
    assert not [f for f in report.findings if f.severity == "error" and any("26.14" in e.text or "28.14" in e.text
                                                                           for e in f.evidence)]


@needs_tesseract
def test_a_figure_read_again_larger_is_taken_when_two_readings_agree(tmp_path, monkeypatch):
    """The first reading of 26.14 is 28.14 without confidence; read again enlarged, twice
    26.14 with confidence: 26.14 is read and nothing reported."""
    path = scan(tmp_path / "table.pdf", table_html(), 200)
    misreading(monkeypatch, lambda text: ("28.14", 60.0) if text == "26.14" else None, times=1)
    assert cells(path) == expected()
    assert not [i for i in issues(path) if i.code == "amount-unsure"]


@needs_tesseract
@pytest.mark.parametrize("misread", [("1l", 70.0), ("型", 95.0)])
def test_a_code_part_ocr_misreads_is_given_by_the_row_name(tmp_path, monkeypatch, misread):
    """The 款 11 read as '1l' without confidence, or as a character with it: the rows' codes
    are not read as their 类 (210) but from their names under the 类 read for certain, and
    said (before: 21011 and 2101101 read 210)."""
    path = scan(tmp_path / "table.pdf", table_html(), 200)
    misreading(monkeypatch, lambda text: misread if text == "11" else None)
    assert cells(path) == expected()
    named = sorted(i.message for i in issues(path) if i.code == "code-from-name")
    assert len(named) == 3 and all("OCR" in m and "210" in m for m in named), named
    assert [m.rsplit("定为 ", 1)[1] for m in named] == ["21011", "2101101", "2101103"]


@needs_tesseract
def test_a_code_whose_name_does_not_tell_it_is_not_read_and_not_checked(tmp_path, monkeypatch):
    """The 类 212 read as '2l2' without confidence: 行政运行 and 一般行政管理事务 name a 项
    under many 款, so their rows are read without a code and reported, and the checks do not
    call 21201 wrong for the children they cannot see (before: codes made of '2l2', and
    21201's sum called wrong)."""
    from budgetlens.checks import check
    from budgetlens.pipeline import parse

    path = scan(tmp_path / "table.pdf", table_html(), 200)
    misreading(monkeypatch, lambda text: ("2l2", 60.0) if text == "212" else None)
    uncoded = {"行政运行", "一般行政管理事务"}
    want = {(("" if name in uncoded else code), name, column, amount) for code, name, column, amount in expected()}
    assert cells(path) == want
    unsure = [i.message for i in issues(path) if i.code == "code-unsure"]
    assert len(unsure) == 2 and all("OCR" in m and "2l2" in m for m in unsure), unsure
    assert {m.split("科目名称“", 1)[1].split("”", 1)[0] for m in unsure} == uncoded
    report = check(parse(path))
    assert not [f for f in report.findings if f.severity == "error"
                and any(e.provenance is not None and e.provenance.table is not None for e in f.evidence)]


@needs_tesseract
def test_chinese_the_english_model_reads_as_latin_is_read_again_in_chinese(tmp_path, monkeypatch):
    """With chi_sim+eng tesseract reads 公务员 as Latin ('EE NE'); the Chinese model alone reads
    the line again (before: the name 'EE NE 医疗补助')."""
    path = scan(tmp_path / "table.pdf", table_html(), 200)
    misreading(monkeypatch, lambda text: ("EE", 80.0) if text.startswith("公务") else None, langs=ocr.LANGS)
    assert ("2101103", "公务员医疗补助", "合计", "6.78") in cells(path)


@needs_tesseract
def test_a_decimal_point_read_as_a_colon_or_semicolon_is_read_and_said_never_dropped(tmp_path, monkeypatch):
    """tesseract reads 26.14 as '26:14' and 6.78 as '6；78', sure of both (':' and ';' are no
    odd signs): the amounts are read as 26.14 and 6.78, each said (ocr-unsure, so the checks
    do not judge what cites the line); 19.36 read '19:3' (not the shape of an amount) is
    reported unread. Before: all three taken for label text under the amount columns, the
    amounts gone without a word."""
    from budgetlens.checks import check
    from budgetlens.pipeline import parse

    path = scan(tmp_path / "table.pdf", table_html(), 200)
    wrong = {"26.14": "26:14", "6.78": "6；78", "19.36": "19:3"}
    misreading(monkeypatch, lambda text: (wrong[text], 95.0) if text in wrong else None)
    got = cells(path)
    assert expected() - got == {c for c in expected() if c[3] == "19.36"}
    assert got <= expected()
    disc = parse(path)
    said = [i.message for i in disc.issues if i.code == "ocr-unsure"]
    assert len(said) == 6 and sum("26:14" in m and "按 26.14 读入" in m for m in said) == 4
    unread = [i.message for i in disc.issues if i.code == "amount-unsure"]
    assert len(unread) == 2 and all("19:3" in m and "未读入" in m for m in unread)
    report = check(disc)
    assert not [f for f in report.findings if f.severity == "error"
                and any(e.provenance is not None and e.provenance.table is not None for e in f.evidence)]


def test_an_amount_cell_misread_at_its_point_is_read_said_or_reported():
    """The cell of an amount column that reads as no number: a decimal point read as ':' or
    '；' (digits, one mark, two digits) is the amount, said; another figure is reported
    unread; words are left to the row's labels."""
    from decimal import Decimal

    from budgetlens.extract.geometry import misread_amount
    from budgetlens.readers import Line

    def read(text):
        notes = []
        value, unread = misread_amount(Line(no=3, text=text, ocr=True), text, "合计", notes)   # a scan's cell
        return (value and value.amount), unread, [code for code, *_ in notes]

    assert read("5:34") == (Decimal("5.34"), False, ["ocr-unsure"])
    assert read("1,204；50") == (Decimal("1204.50"), False, ["ocr-unsure"])
    assert read("-12;07") == (Decimal("-12.07"), False, ["ocr-unsure"])
    for text in ("5:3", "5:345", "5:34:12", "5.3.4"):       # not the shape of one amount
        assert read(text) == (None, True, ["amount-unsure"])
    assert read("行政运行") == (None, False, [])


# ---- rules (no tesseract) ---------------------------------------------------------------------

def ruled(width=600, height=300) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("L", (width, height), 255)
    return image, ImageDraw.Draw(image)


def masks(image: Image.Image, length: int = 120):
    _, across, down = ocr.remove_rules(image, length)
    return across, down


def test_rules_are_found_where_the_image_draws_them():
    image, draw = ruled()
    for y in (40, 80, 120, 160):
        draw.line([(50, y), (550, y)], fill=0, width=2)
    for x in (50, 200, 550):
        draw.line([(x, 40), (x, 160)], fill=0, width=2)
    draw.text((60, 50), "1 2 3 | ||| 1", fill=0)          # strokes of text are no rules
    across, down = masks(image)
    horizontal = ocr_grid.rules_of(across, True, 200)
    vertical = ocr_grid.rules_of(down, False, 200)
    assert [round(r.at) for r in horizontal] == [40, 80, 120, 160]
    assert all(r.start <= 51 and r.end >= 549 for r in horizontal)
    assert [round(r.at) for r in vertical] == [50, 200, 550]


def test_a_scans_black_border_is_no_rule():
    image, draw = ruled()
    draw.rectangle((0, 0, 599, 30), fill=0)                  # the scanner's lid
    draw.line([(50, 100), (550, 100)], fill=0, width=2)
    across, _ = masks(image)
    assert [round(r.at) for r in ocr_grid.rules_of(across, True, 200)] == [100]


def test_short_rules_spanning_a_row_between_two_long_ones_are_found():
    """类 | 款 | 项 in a header row 40 pixels high: their dividers are shorter than the opening
    (120) but span the row from rule to rule; a character's stroke in the row does not."""
    image, draw = ruled()
    for y in (40, 80, 200):
        draw.line([(50, y), (550, y)], fill=0, width=2)
    for x in (50, 550):
        draw.line([(x, 40), (x, 200)], fill=0, width=2)
    for x in (150, 250):
        draw.line([(x, 80), (x, 120)], fill=0, width=2)     # a header row's dividers
    draw.line([(400, 84), (400, 116)], fill=0, width=2)     # a stroke, not touching the rules
    draw.line([(50, 120), (550, 120)], fill=0, width=2)
    ink = image.point(lambda v: 255 if v < ocr_grid.INK else 0)
    across, down = masks(image)
    horizontal = ocr_grid.rules_of(across, True, 200)
    vertical = ocr_grid.rules_of(down, False, 200)
    short = ocr_grid.short_rules(ink, horizontal, vertical, 200, horizontal=False)
    assert sorted((round(r.at), r.start, r.end) for r in short) == [(150, 80, 120), (250, 80, 120)]


def test_facing_rules_are_paired_where_nothing_lies_between():
    rules = [Rule(0, 0, 100), Rule(10, 0, 50), Rule(20, 0, 100)]
    assert ocr_grid.facing(rules) == [(Rule(0, 0, 100), Rule(10, 0, 50), 0, 50),
                                      (Rule(0, 0, 100), Rule(20, 0, 100), 50, 100),
                                      (Rule(10, 0, 50), Rule(20, 0, 100), 0, 50)]


@pytest.mark.parametrize("turn", [0.6, -1.3])
def test_the_skew_of_a_page_is_measured(turn):
    image, draw = ruled(1200, 900)
    for y in range(100, 800, 40):
        draw.line([(100, y), (1100, y)], fill=0, width=3)
    turned = image.rotate(turn, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert abs(ocr_grid.skew(turned) + turn) <= 0.1
    assert ocr_grid.skew(image) == 0 or abs(ocr_grid.skew(image)) < ocr_grid.MIN_SKEW


def test_the_strokes_of_one_character_make_one_line_and_wrapped_lines_two():
    image, draw = ruled(200, 200)
    for y in (20, 30, 40):                                   # 三: three strokes, one line
        draw.line([(10, y), (40, y)], fill=0, width=2)
    draw.rectangle((10, 80, 90, 100), fill=0)                # two wrapped lines of text
    draw.rectangle((10, 110, 60, 130), fill=0)
    ink, bands = ocr_grid.ink_bands(image, (0, 0, 200, 200))
    lines = ocr_grid.text_lines(ink, bands, (0, 0), 22)
    assert [(top, bottom) for _, top, _, bottom in lines] == [(20, 42), (80, 101), (110, 131)]


def test_dust_on_a_scan_is_no_line_of_text():
    """Specks of one and two pixels all over a cell around a line of thin (one pixel) strokes:
    the cell has one line, as wide as its strokes (before: every speck a band of ink, the line
    as wide as the dust; on a dusty page each speck a line read by tesseract, 15 times the
    time)."""
    import random

    image, draw = ruled(300, 120)
    for x in range(100, 180, 8):                             # thin strokes: 十 after 十
        draw.line([(x, 50), (x + 6, 50)], fill=0, width=1)
        draw.line([(x + 3, 44), (x + 3, 60)], fill=0, width=1)
    draw.line([(100, 56), (106, 62)], fill=0, width=1)       # a slanting stroke
    rnd = random.Random(5)
    for x in range(0, 300, 9):                               # specks apart, to the cell's edges
        for y in range(0, 120, 7):
            x1, y1 = x + rnd.randrange(4), y + rnd.randrange(3)
            if not (96 <= x1 <= 186 and 40 <= y1 <= 66):
                draw.rectangle((x1, y1, x1 + rnd.randrange(2), y1), fill=0)
    ink, bands = ocr_grid.ink_bands(image, (0, 0, 300, 120))
    lines = ocr_grid.text_lines(ink, bands, (0, 0), 18)
    assert [(left, top) for left, top, _, _ in lines] == [(100, 44)]
    assert lines[0][2:] == (179, 63)


# ---- settling a reading (no tesseract) --------------------------------------------------------

def reading(text: str, conf: float) -> list[Piece]:
    digit = bool(re.search(r"\d", text))
    return [Piece(text, 0, 0, 10, 10, conf, (1, 1, 1, 1), figures=conf if digit else 100.0)]


def test_a_sure_first_reading_is_taken():
    assert ocr.joined(ocr.settled([reading("26.14", 92)])) == "26.14"


def test_an_unsure_figure_waits_for_a_second_reading_that_agrees():
    assert ocr.settled([reading("28.14", 60)]) is None
    assert ocr.settled([reading("28.14", 60), reading("26.14", 92)]) is None
    assert ocr.joined(ocr.settled([reading("28.14", 60), reading("26.14", 92), reading("26.14", 88)])) == "26.14"
    # a dropped thousands comma is the same number
    assert ocr.joined(ocr.settled([reading("1234.56", 70), reading("1,234.56", 90)])) in ("1234.56", "1,234.56")


def test_latin_read_for_chinese_gives_way_to_the_chinese_reading_of_the_same_figures():
    found = [reading("因公出国Gi)费0.00万元", 60), reading("因公出国（境）费0.00万元", 90)]
    assert ocr.joined(ocr.settled(found)) == "因公出国（境）费0.00万元"
    assert ocr.settled([reading("Td", 95)]) is None                     # letters alone in a cell: read again


def test_thousands_commas_are_written_as_the_page_writes_them():
    assert ocr.grouped("1234.56") == "1,234.56"
    assert ocr.grouped("-1234567.8") == "-1,234,567.8"
    assert ocr.grouped("234.56") == "234.56" and ocr.grouped("2026") == "2026"


def test_a_full_width_bracket_read_as_an_angle_bracket_or_dropped_is_put_back():
    assert ocr.normalise_brackets("行政运行〈项)") == "行政运行（项)"
    assert ocr.normalise_brackets("财政拨款〈（补助）小计") == "财政拨款（补助）小计"
    assert ocr.normalise_brackets("医疗（款) 公务员医疗补助项) : 2026") == "医疗（款) 公务员医疗补助（项) : 2026"
    assert ocr.normalise_brackets("〈书名〉") == "〈书名〉"
    assert ocr.normalise_brackets("其他支出（项）") == "其他支出（项）"


def test_a_line_png_is_cropped_to_its_ink_with_a_margin():
    image, draw = ruled(200, 100)
    draw.rectangle((50, 40, 90, 60), fill=0)
    png, (x, y, zoom) = ocr.padded(image, (50, 40, 91, 61), 2.0)
    crop = Image.open(io.BytesIO(png))
    assert zoom == 2.0 and crop.height == 42 + 2 * 42 and (x, y) == (50 - 21, 40 - 21)
