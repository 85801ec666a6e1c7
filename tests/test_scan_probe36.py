"""Scans as departments' scanners make them (readers.ocr, readers.ocr_grid): a stamp over the
table, a page fed upside down or turned a quarter, dust. Each page is the table of
test_ocr_grid written by WeasyPrint and rendered by pypdfium2, then marked as a scanner or a
clerk marks it, and saved by Pillow as an image-only PDF; every amount read is compared with
the one written."""

from __future__ import annotations

import random
import time

import pytest

pdfium = pytest.importorskip("pypdfium2")

from PIL import Image, ImageDraw, ImageFont
from test_ocr_grid import cells, expected, fonts, needs_tesseract, table_html  # noqa: F401

from budgetlens.readers import ocr

CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def rendered(html: str, dpi: int, folder) -> Image.Image:
    weasyprint = pytest.importorskip("weasyprint")
    original = folder / "original.pdf"
    weasyprint.HTML(string=html).write_pdf(original)
    document = pdfium.PdfDocument(original)
    try:
        return document[0].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()


def saved(image: Image.Image, path, dpi: int):
    image.convert("RGB").save(path, "PDF", resolution=dpi)
    return path


def stamped(image: Image.Image, dpi: int, where: tuple[float, float]) -> Image.Image:
    """A round seal pressed in grey (a scanner in greyscale mode): a ring 1.6 inch across,
    a star and the unit's name inside, centred at `where` (shares of the page)."""
    out = image.copy()
    draw = ImageDraw.Draw(out)
    radius, cx, cy = int(0.8 * dpi), int(where[0] * out.width), int(where[1] * out.height)
    for k in range(max(dpi // 50, 2)):
        draw.ellipse((cx - radius + k, cy - radius + k, cx + radius - k, cy + radius - k), outline=90)
    draw.regular_polygon((cx, cy - radius // 2, int(0.15 * dpi)), 5, fill=90)
    font = ImageFont.truetype(CJK_FONT, int(0.18 * dpi))
    draw.text((cx - int(0.55 * dpi), cy - int(0.1 * dpi)), "某某局财务专用章", fill=90, font=font)
    return out


# ---- a stamp beside the title ----------------------------------------------------------------

@needs_tesseract
@pytest.mark.usefixtures("fonts")
def test_a_stamp_beside_a_short_page_of_text_leaves_its_title_a_line_of_its_own(tmp_path):
    """A seal pressed over the table's right half and the margin beside it: outside the table
    the page holds two lines (title, unit) and the seal. The seal's band was the page's
    typical line height, so the title and the line under it were cut as one line and read
    as one: the title was lost, and with it the table (the document read as no disclosure).
    Now every amount is read as printed."""
    dpi = 200
    image = stamped(rendered(table_html(), dpi, tmp_path), dpi, (0.62, 0.45))
    assert cells(saved(image, tmp_path / "stamped.pdf", dpi)) == expected()


def test_a_band_taller_than_a_line_is_not_the_pages_line_height():
    """The height of a line of text: the upper quartile of the page's bands of ink, of those no
    taller than a line can be; when all are taller, of all."""
    assert ocr.text_height([44, 28, 321], 90) == 44          # title, unit line, a seal
    assert ocr.text_height([44, 28, 30, 29], 90) == 44       # near miss: lines only, as before
    assert ocr.text_height([120, 130], 90) == 130            # a cover's huge title
    assert ocr.text_height([], 90) == 0


# ---- a page fed upside down or on its side ---------------------------------------------------

def notes(path) -> list[str]:
    from budgetlens.readers import read_document

    return read_document(path).notes


@needs_tesseract
@pytest.mark.usefixtures("fonts")
@pytest.mark.parametrize("turn, said", [(180, "上下颠倒"), (90, "横置")])
def test_a_page_scanned_upside_down_or_on_its_side_is_read_upright(tmp_path, turn, said):
    """A sheet fed upside down, or a landscape table scanned on its side: read as it lay,
    every line was garbage ('08 9t' for 26.14) and the page was lost (the document read as no
    disclosure). Now the page is turned upright, every amount read as printed, and the turn
    said."""
    dpi = 200
    image = rendered(table_html(), dpi, tmp_path).rotate(turn, expand=True)
    path = saved(image, tmp_path / "turned.pdf", dpi)
    assert cells(path) == expected()
    assert [n for n in notes(path) if said in n and "转正" in n]


@needs_tesseract
@pytest.mark.usefixtures("fonts")
def test_an_upright_page_is_not_turned(tmp_path):
    """Near miss: an upright page, however its first reading went, reads best as it is."""
    dpi = 200
    image = rendered(table_html(), dpi, tmp_path)
    deadline = time.monotonic() + 300
    assert ocr.upside_turn(ocr.tesseract_path(), image, dpi, deadline, "扫描页", 1) == 0
    assert ocr.upside_turn(ocr.tesseract_path(), image.rotate(180), dpi, deadline, "扫描页", 1) == 180


def test_a_page_whose_lines_read_surely_is_not_looked_at_turned():
    """Only a page whose first readings are poor (median confidence) is looked at turned."""
    def reading(conf):
        return [ocr.Piece("26.14", 0, 0, 10, 10, conf, (1, 1, 1, 1))]

    assert not ocr.poor([reading(92), reading(40), reading(90)])
    assert ocr.poor([reading(35), reading(55), reading(90), []])
    assert not ocr.poor([])


# ---- a table ruled in faint lines ------------------------------------------------------------

@needs_tesseract
@pytest.mark.usefixtures("fonts")
def test_a_table_ruled_in_thin_grey_lines_is_read_as_a_grid(tmp_path):
    """Rules printed thin and light grey scan lighter than the text: no rule was found, the
    table was read as text and its amounts stood in no column ('基本支出|项目支出') or were lost,
    '418.46' read as '41846'. Now the faint rules make the grid and every amount is read as
    printed."""
    dpi = 200
    html = table_html().replace("border: 1px solid #000", "border: 0.5px solid #bbb")
    path = saved(rendered(html, dpi, tmp_path), tmp_path / "faint.pdf", dpi)
    assert cells(path) == expected()


def page_with(draw_on) -> Image.Image:
    image = Image.new("L", (1200, 800), 255)
    draw_on(ImageDraw.Draw(image))
    return image


def test_faint_rules_are_found_where_no_dark_ones_are_and_shading_is_no_rule():
    """Rules in grey 200 make a grid of faint rules; a band of grey shading (a header row
    printed on a grey ground) makes none, nor does a page whose rules are dark look for faint
    ones (its light grey lines are no rules)."""
    from budgetlens.readers import ocr_grid

    def grid(draw, fill):
        for y in (100, 160, 220, 280):
            draw.line((100, y, 1100, y), fill=fill, width=1)
        for x in (100, 500, 1100):
            draw.line((x, 100, x, 280), fill=fill, width=1)

    clean, across, _, level = ocr.ruled(page_with(lambda d: grid(d, 200)), 200)
    assert level == ocr.FAINT and len(ocr_grid.rules_of(across, True, 200)) == 4
    assert clean.getextrema() == (255, 255)                     # the faint rules whitened
    _, across, _, level = ocr.ruled(page_with(lambda d: d.rectangle((100, 100, 1100, 160), fill=205)), 200)
    assert across.getbbox() is None                            # shading: no rule

    def dark_and_light(draw):
        grid(draw, 0)
        draw.line((100, 400, 1100, 400), fill=200, width=1)

    _, across, _, level = ocr.ruled(page_with(dark_and_light), 200)
    assert level == ocr_grid.INK and len(ocr_grid.rules_of(across, True, 200)) == 4


# ---- dust -------------------------------------------------------------------------------------

def dusty_page(dpi: int, specks: int) -> Image.Image:
    """Two lines of text (a 16 pt title, a 10.5 pt line) and a 7 pt note on a page of dust:
    specks of 2 × 2 pixels, which the despeckling keeps (it takes a pixel or two)."""
    image = Image.new("L", (int(8 * dpi), int(5 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    for text, size, y in (("一般公共预算支出情况表", 16, 0.5), ("编制部门：某某局　单位：万元", 10.5, 1.2),
                          ("注：本表金额保留两位小数", 7, 4.0)):
        draw.text((int(0.8 * dpi), int(y * dpi)), text, fill=0, font=ImageFont.truetype(CJK_FONT, int(size / 72 * dpi)))
    rnd = random.Random(7)
    for _ in range(specks):
        x, y = rnd.randrange(image.width - 2), rnd.randrange(image.height - 2)
        draw.rectangle((x, y, x + 1, y + 1), fill=60)
    return image


@pytest.mark.parametrize("dpi", [150, 300])
def test_dust_does_not_make_the_lines_of_a_page(dpi):
    """On a dusty scan the specks' bands outnumbered the lines, the page's line height was a
    speck's, and each band of specks was a line to read: a page of garbage lines said unsure,
    and tesseract ran past the page's time limit (the page lost). Now the three lines are the
    page's lines; the 7 pt note is still one (near miss)."""
    cuts = ocr.text_cuts(dusty_page(dpi, 400), dpi)
    tops = [cut.box[1] / dpi for cut in cuts]
    assert all(any(abs(top - y) <= 0.15 for top in tops) for y in (0.5, 1.2, 4.0)), [c.box for c in cuts]
    assert len(cuts) <= 5                   # a cluster of specks may still pass for a line (before: 18–38)


def test_a_clean_page_keeps_its_lines():
    """Near miss: without dust the same three lines, as before."""
    assert len(ocr.text_cuts(dusty_page(200, 0), 200)) == 3


# ---- a speck read as a minus sign -------------------------------------------------------------

def cell_line(minus) -> ocr.Cut:
    """A cell line '19.36' (digits as blocks of ink) with what stands before it: `minus`
    draws it."""
    image = Image.new("L", (200, 40), 255)
    draw = ImageDraw.Draw(image)
    for n in range(5):
        draw.rectangle((60 + 22 * n, 10, 75 + 22 * n, 30), fill=0)
    minus(draw)
    return ocr.Cut(image, (20, 8, 180, 32))


def test_a_speck_read_as_a_minus_sign_leaves_the_amount_unsure():
    """Dust before (or after) a figure read as '-': the amount was read negative, sure and wrong. Now a
    '-' whose ink is no dash (wider than high) leaves the cell unsure, and the table reader
    reports it; a real minus sign is read as before (near miss)."""
    def reading(cut):
        return ocr.cell_runs([(cut, [ocr.Piece("-19.36", *cut.box, 95.0, (1, 1, 1, 1))], False)])[0]

    speck = cell_line(lambda draw: draw.rectangle((40, 18, 42, 20), fill=0))
    assert reading(speck).unsure
    dash = cell_line(lambda draw: draw.rectangle((40, 19, 52, 21), fill=0))
    assert not reading(dash).unsure
    unsigned = ocr.cell_runs([(speck, [ocr.Piece("19.36", *speck.box, 95.0, (1, 1, 1, 1))], False)])[0]
    assert not unsigned.unsure
    after = cell_line(lambda draw: draw.rectangle((170, 18, 172, 20), fill=0))       # '19.36-'
    assert ocr.cell_runs([(after, [ocr.Piece("19.36-", *after.box, 95.0, (1, 1, 1, 1))], False)])[0].unsure


# ---- tesseract dying on one line --------------------------------------------------------------

def line_png(text: str) -> bytes:
    import io

    image = Image.new("L", (400, 60), 255)
    ImageDraw.Draw(image).text((20, 10), text, fill=0, font=ImageFont.truetype(CJK_FONT, 32))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@needs_tesseract
def test_a_line_tesseract_dies_on_reads_as_no_text_and_the_others_are_read(monkeypatch):
    """tesseract 5.3 dies of a floating-point exception on some lines of dust on a grey
    ground: the run for the whole page failed and the page was lost. Now the line it died on
    reads as no text (said unread) and the others are read."""
    real = ocr.run_tesseract
    bad = line_png("")

    def run(exe, pngs, *args):
        if bad in pngs:
            raise ocr.OcrFailed("died", 1, pngs.index(bad) + 1)
        return real(exe, pngs, *args)

    monkeypatch.setattr(ocr, "run_tesseract", run)
    found = ocr.read_pngs(ocr.tesseract_path(), [line_png("26.14"), bad, line_png("418.46")], 200, 60,
                          "第 1 页", 1, "7", "")
    assert ["".join(p.text for p in pieces) for pieces in found] == ["26.14", "", "418.46"]


def test_the_image_tesseract_died_on_is_taken_from_its_last_words(tmp_path, monkeypatch):
    """tesseract names the image it is reading ('Page 2 : …/1.png', files named from 0) before
    it dies of a signal: that image is the one it died on. Another failure (an exit code, no
    signal) names none, and fails the page as before (near miss)."""
    from test_ocr import fake_tesseract

    for body, image in (("echo 'Page 2 : /tmp/x/1.png' >&2; kill -FPE $$", 2), ("echo 'Page 2 : /tmp/x/1.png' >&2; exit 1", None)):
        fake_tesseract(tmp_path, "chi_sim\\neng", body)
        with pytest.raises(ocr.OcrFailed) as failed:
            ocr.run_tesseract(str(tmp_path / "tesseract"), [b"a", b"b"], 200, 30, "第 1 页", 1)
        assert failed.value.image == image
