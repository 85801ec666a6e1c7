"""OCR for PDF pages without a text layer (scans): pypdfium2 renders, the tesseract CLI reads.

The PDF reader asks `page_has_text` first and calls `ocr_page` only for scanned pages. The
page is levelled, its rules found (ocr_grid) and whitened; the cells of its ruled tables are
read one line of a cell at a time, the text outside them one band of text at a time, each line
cropped to its ink and read as a single line in one tesseract run for the page. A line whose
figures tesseract is not sure of is read again in other ways (`Look`) until two readings
agree; a figure none agree on is marked unsure, and the readers report it rather than read it.
A page whose lines read poorly is looked at turned (fed upside down, a landscape table scanned
on its side) and read turned when it reads clearly better so.

Words come back in PDF points with the origin at the top-left of the rendered page (crop box,
page rotation applied), like pdfplumber's words; a page with ruled tables also gives the page
as pdfplumber's table finder reads it (`OcrWords.page`), so the reader builds the same grids as
for a text PDF's ruled page. Tesseract cuts Chinese into single characters or short runs; we
glue runs on one line back together when the gap between them is character-sized.

Always pass --dpi: without it tesseract estimates the resolution and, on a ruled table at
300 dpi, read the whole table as noise.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from .base import ReadError

LANGS = "chi_sim+eng"
# psm 7 (one line of text): each line is cut from the page (a table cell's, or a band of text
# across the page) and read on its own. Read as one sparse page (psm 11), tesseract glued a
# cell's text to the next cell's, read '11' alone as 'fl' and many Chinese words as Latin.
PSM = "7"
MAX_PIXELS = 60_000_000     # an A2 page at 300 dpi is 35 MP; beyond this lower the dpi
MIN_TEXT_CHARS = 20         # letters/digits/ideographs that make a page a text page
PACKAGES = "tesseract-ocr、tesseract-ocr-chi-sim"


@dataclass(slots=True)
class OcrWord:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float       # PDF points (1/72 inch), origin top-left of the page
    conf: float         # tesseract confidence 0–100 (the lowest of the merged pieces)
    unsure: bool = False    # a figure (or odd signs: ODD) no reading was sure of


class OcrUnavailable(ReadError):
    """tesseract or one of its language packs is not installed."""


class OcrFailed(ReadError):
    """OCR of one page failed (timeout, crash, unreadable render); other pages can go on."""

    def __init__(self, message: str, page: int | None = None, image: int | None = None):
        super().__init__(message)
        self.page = page
        self.image = image      # tesseract crashed on this image of the run (1-based), when it says


# ---------------------------------------------------------------- availability

def ocr_available() -> bool:
    try:
        tesseract_path()
    except OcrUnavailable:
        return False
    return True


def tesseract_path() -> str:
    """The tesseract binary, checked to have the languages we need; OcrUnavailable otherwise."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable(
            f"未找到 OCR 程序 tesseract，无法识别扫描页（无文字层的 PDF 页面）。"
            f"请安装 Debian 软件包 {PACKAGES}（apt-get install tesseract-ocr tesseract-ocr-chi-sim）")
    missing = [lang for lang in LANGS.split("+") if lang not in installed_langs(exe, tessdata_key())]
    if "chi_sim" in missing:
        raise OcrUnavailable(
            "tesseract 缺少简体中文语言包 chi_sim，无法识别扫描页。"
            "请安装 Debian 软件包 tesseract-ocr-chi-sim（apt-get install tesseract-ocr-chi-sim）")
    if missing:
        raise OcrUnavailable(
            f"tesseract 缺少语言包 {'、'.join(missing)}，无法识别扫描页。"
            f"请安装 Debian 软件包 {PACKAGES} 及 tesseract-ocr-eng")
    return exe


def tessdata_key() -> str:
    # part of the cache key: a changed TESSDATA_PREFIX may change the languages found
    return os.environ.get("TESSDATA_PREFIX", "")


@lru_cache(maxsize=8)
def installed_langs(exe: str, _tessdata: str) -> frozenset[str]:
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # tesseract 4 printed the list on stderr, 5 on stdout; the first line is a heading
    out = (done.stdout + b"\n" + done.stderr).decode("utf-8", "replace")
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


# ---------------------------------------------------------------- text layer test

def page_has_text(pdfium_page) -> bool:
    """True when the page's text layer holds real characters, not only a stray page number
    or a stamp on top of a scanned image."""
    textpage = pdfium_page.get_textpage()
    try:
        text = textpage.get_text_bounded()
    finally:
        textpage.close()
    real = sum(1 for ch in text if is_real_char(ch))
    if real >= MIN_TEXT_CHARS:
        return True
    if real == 0:
        return False
    # a few characters: a short page of real text (a cover, "本表无数据"), unless they sit on
    # a scan, i.e. an image covering much of the page
    return not has_large_image(pdfium_page)


def is_real_char(ch: str) -> bool:
    # letters, digits, ideographs; not private-use or unmapped glyphs (fonts without ToUnicode)
    return unicodedata.category(ch)[0] in "LN" and ch != "\ufffd"


def has_large_image(pdfium_page, share: float = 0.3) -> bool:
    page_area = area(0, 0, *pdfium_page.get_size())
    covered = sum(area(*image_bounds(obj)) for obj in page_images(pdfium_page))
    return covered >= share * page_area


def page_images(pdfium_page):
    import pypdfium2.raw as pdfium_c

    return pdfium_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])


def image_bounds(obj) -> tuple[float, float, float, float]:
    # pypdfium2 5 renamed get_pos to get_bounds
    bounds = obj.get_bounds if hasattr(obj, "get_bounds") else obj.get_pos
    return tuple(bounds())


def area(left: float, bottom: float, right: float, top: float) -> float:
    return max(right - left, 0.0) * max(top - bottom, 0.0)


# ---------------------------------------------------------------- OCR

def ocr_page(pdfium_page, dpi: int = 300, timeout: float = 60, *,
             page_no: int | None = None) -> OcrWords:
    """Render the page, OCR it and return its words in reading order (rows top to bottom,
    left to right). A skewed scan is levelled first; the cells of its ruled tables are read
    one line of a cell at a time, the rest of the page one line at a time. page_no (1-based)
    only labels errors."""
    from PIL import ImageOps

    exe = tesseract_path()
    where = f"第 {page_no} 页" if page_no else "扫描页"
    deadline = time.monotonic() + timeout
    width_pt, height_pt = pdfium_page.get_size()
    dpi = safe_dpi(width_pt, height_pt, scan_dpi(pdfium_page, dpi))
    try:
        image = pdfium_page.render(scale=dpi / 72, grayscale=True).to_pil()
    except Exception as exc:       # pdfium raises its own errors on broken content streams
        raise OcrFailed(f"{where}无法渲染为图像，跳过 OCR：{exc}", page_no) from exc
    time_left(deadline, where, page_no)
    image = ImageOps.autocontrast(image, cutoff=0.5)        # a faint scan's ink made dark
    return read_image(exe, image, (width_pt, height_pt), dpi, deadline, where, page_no)


class OcrWords(list):
    """A scanned page's words (OcrWord), in reading order, and where the image draws ruled
    tables, `page`: the page as pdfplumber's table finder reads it (ocr_grid.ScanPage: the
    rules as edges, each line of each cell as one char with its text and confidence).
    `turned`: the degrees (counter-clockwise) the scan was turned by to stand upright; the
    words' boxes are on the page so turned."""

    page = None
    turned = 0


def read_image(exe: str, image, size: tuple[float, float], dpi: int, deadline: float, where: str,
               page_no: int | None, turn: int | None = None) -> OcrWords:
    """The words of the page's image (size: the page in points), levelled first. With turn
    None, a page whose lines read poorly (poor()) is looked at turned (upside_turn()) and, when
    it reads better so, read turned."""
    from . import ocr_grid

    upright = ocr_grid.level(image.rotate(turn, expand=True) if turn else image)
    width_pt, height_pt = size[::-1] if turn in (90, 270) else size
    scale = (width_pt / upright.width, height_pt / upright.height)
    clean, across, down, level = ruled(upright, dpi)
    grid = ocr_grid.ScanPage(width_pt, height_pt, page_no or 1, ocr_grid.edges_of(
        *page_rules(upright, across, down, dpi, level), scale, page_no or 1, height_pt))
    tables = grid.find_tables()
    cells = cell_cuts(clean, tables, scale)
    text = text_cuts(blank_frames(clean, tables, scale) if tables else clean, dpi)
    if cells or text:       # one tesseract run a look for the page: the models load once
        first = read_look(exe, cells + text, FIRST, dpi, deadline, where, page_no)
        if turn is None and poor(first):
            better = upside_turn(exe, image, dpi, deadline, where, page_no)
            if better:
                return read_image(exe, image, size, dpi, deadline, where, page_no, better)
        read = list(read_settled(exe, cells + text, dpi, deadline, where, page_no, first))
        runs = cell_runs(read[:len(cells)]) + text_runs(read[len(cells):])
    else:
        runs = read_sparse(exe, clean, dpi, time_left(deadline, where, page_no), where, page_no)
    words = OcrWords(to_points(w, *scale) for w in sorted(runs, key=reading_order(runs)))
    words.turned = turn or 0
    if tables:
        grid.chars = [grid.char(w.text, w.x0, w.top, w.x1, w.bottom, w.conf, w.unsure) for w in words
                      if any(inside_frame(w, t.bbox) for t in tables)]
        words.page = grid
    return words


def turned_said(turn: int) -> str:
    """How the page lay in the scanner, for the reader's note."""
    return "上下颠倒" if turn == 180 else "横置（旋转了 90°）"


POOR_CONF = 75          # a page whose lines' median confidence is lower may be upside down or on its side
                        # (upright: 85–95; upside down: 35–55; on its side: ~60)
TURN_GAIN = 20          # a turned page must read this much surer (median confidence) to be read so
SAMPLE_LINES = 12       # lines read to judge a way up


def poor(first: list[list[Piece]]) -> bool:
    """The first readings of a page's lines say it reads poorly: the median of the lines'
    confidences is below POOR_CONF."""
    confs = [confidence(runs) if runs else 0.0 for runs in first]
    return bool(confs) and statistics.median(confs) < POOR_CONF


def upside_turn(exe: str, image, dpi: int, deadline: float, where: str, page_no: int | None) -> int:
    """The turn (90, 180, 270 degrees counter-clockwise) that makes a poorly read page read
    clearly surer (TURN_GAIN) than as it is, 0 when none does: each way up, a sample of its
    lines (rules whitened) read once, and the median of their confidences compared."""
    scores = {}
    for turn in (0, 180, 90, 270):
        turned = image.rotate(turn, expand=True) if turn else image
        clean, _, _ = remove_rules(turned, int(dpi * RULE_INCHES))
        lines = [cut for cut in text_cuts(clean, dpi) if not cut.block]
        sample = lines[::max(len(lines) // SAMPLE_LINES, 1)][:SAMPLE_LINES]
        found = read_lines(exe, sample, FIRST, dpi, time_left(deadline, where, page_no), where, page_no)
        confs = [confidence(runs) if runs else 0.0 for runs in found]
        scores[turn] = statistics.median(confs) if confs else 0.0
    best = max(scores, key=lambda turn: scores[turn])
    return best if best and scores[best] >= scores[0] + TURN_GAIN else 0


class Cut(NamedTuple):
    """A line of text to read: the page it is cut from (rules whitened, and tables too for the
    text outside them), its box in that page's pixels, and whether it is a band of several
    lines run together (a skewed scan, a table printed without rules), read as a block."""
    image: object
    box: tuple[int, int, int, int]
    block: bool = False


TALL = 1.8              # a band of text this many lines high is read as a block (psm 6)
SHORTEST_PT = 4.0       # no line of text is lower (a 6 pt figure's ink): a lower band is dust, a rule's fringe
LINE_INCHES = 0.45      # no line of text is taller (a 28 pt title is 0.4 inch): a taller band is a
                        # stamp, a signature, a logo or lines run together


def text_cuts(clean, dpi: int = 300) -> list[Cut]:
    """The page's lines of text (outside its tables: whitened): bands of ink across it."""
    from . import ocr_grid

    ink, bands = ocr_grid.ink_bands(clean, (0, 0, clean.width, clean.height))
    height = text_height([b - t for t, b in bands], LINE_INCHES * dpi, SHORTEST_PT / 72 * dpi)
    if not height:
        return []
    return [Cut(clean, line, line[3] - line[1] > TALL * height)
            for line in ocr_grid.text_lines(ink, bands, (0, 0), height)]


def text_height(heights: list[int], tallest: float, shortest: float = 0.0) -> int:
    """The height of a line of the page's text: the upper quartile of its bands (the strokes of
    一 or 二 make bands of their own), of those no taller and no lower than a line can be. On a
    page with few lines a stamp's band was the quartile, and the title and the line under it,
    cut as one line, were read as one (the title lost); on a dusty scan, the specks' bands
    were, and each speck was a line to read (the page timed out)."""
    lines = sorted(h for h in heights if shortest <= h <= tallest) or sorted(heights)
    return lines[(3 * len(lines)) // 4] if lines else 0


def text_runs(read: list) -> list[Piece]:
    """The runs of each line read (read_settled) as the page's words."""
    out = []
    for n, (cut, runs, unsure) in enumerate(read):
        for run in runs:
            run.line = (0, n + 1, 0, 0)
            run.unsure = unsure and bool(DIGIT.search(run.text) or ODD.search(run.text))
            out.append(run)
    return out


def read_sparse(exe: str, clean, dpi: int, timeout: float, where: str, page_no: int | None) -> list[Piece]:
    """A page without a line of dark ink read whole as sparse text (psm 11): tesseract's own
    thresholding may find what ours did not."""
    png = io.BytesIO()
    clean.save(png, "PNG", compress_level=1)
    tsv, txt = run_tesseract(exe, png.getvalue(), dpi, timeout, where, page_no, "11")
    pieces = parse_tsv(tsv)
    mark_spaces(pieces, txt)
    runs = [run for run in merge_runs(pieces) if any(is_cjk(c) or c.isalnum() for c in run.text)]
    for run in runs:
        run.unsure = run.figures < CONF_SURE
    return runs


def page_rules(gray, across, down, dpi: int, level: int = 160):
    """The page's horizontal and vertical rules (pixels): the long ones the openings found,
    and the short ones that span a row or a column between them (grey levels below `level`:
    the rules' ink)."""
    from . import ocr_grid

    horizontal = ocr_grid.rules_of(across, True, dpi)
    vertical = ocr_grid.rules_of(down, False, dpi)
    ink = gray.point(lambda v: 255 if v < level else 0)
    vertical += ocr_grid.short_rules(ink, horizontal, vertical, dpi, horizontal=False)
    horizontal += ocr_grid.short_rules(ink, vertical, horizontal, dpi, horizontal=True)
    return horizontal, vertical


def time_left(deadline: float, where: str, page_no: int | None) -> float:
    """The seconds left of the page's time limit (OcrFailed when none)."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise OcrFailed(f"{where} OCR 超时，已跳过", page_no)
    return remaining


def inside_frame(word: OcrWord, frame) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return frame[0] <= cx <= frame[2] and frame[1] <= cy <= frame[3]


CONF_SURE = 85          # tesseract's confidence from which a reading of a figure is taken as read


class Look(NamedTuple):
    """One way of reading a line: the language models, the enlargement and the white margin
    around it (in line heights). Tesseract reads the same pixels differently at other sizes
    and margins: '11' as 'fl' or '11', '26.14' as '26.1457'."""
    langs: str
    zoom: float
    margin: float


CHINESE = "chi_sim"
FIRST = Look(LANGS, 1.0, 1.0)
IN_CHINESE = Look(CHINESE, 1.0, 1.0)   # for a line read with odd signs (ODD)
AGAIN = (Look(LANGS, 1.5, 1.0), Look(LANGS, 1.0, 0.5), Look(LANGS, 2.0, 1.0))   # while not settled
# Latin letters and signs a Chinese disclosure hardly prints: the English model's guesses at
# Chinese it cannot place ('公务员' as 'EE', '（二）' as '(=)')
ODD = re.compile(r"[A-Za-z=|\[\]{}<>~^\\@#$&*_]")
DIGIT = re.compile(r"\d")
FIGURE = re.compile(r"\d[\d,.]*")


def cell_cuts(clean, tables: list, scale: tuple[float, float]) -> list[Cut]:
    """Each line of text of each table cell (a cell's bands of ink)."""
    from . import ocr_grid

    boxes = [cell_pixels(cell, scale) for cell in ocr_grid.cell_boxes(tables)]
    inked = [ocr_grid.ink_bands(clean, box) for box in boxes]
    height = ocr_grid.line_height([bands for _, bands in inked])
    return [Cut(clean, line, line[3] - line[1] > TALL * height) for box, (ink, bands) in zip(boxes, inked)
            for line in ocr_grid.text_lines(ink, bands, box[:2], height)]


def cell_runs(read: list) -> list[Piece]:
    """Each cell line read (read_settled) as one run: a cell's words are its text. A figure
    (or odd signs, ODD, which tesseract makes of Chinese or of '11') no two readings agree on
    stays unsure: the table reader reports it rather than take a guess."""
    read = list(read)
    commas = any("," in r.text for _, runs, _ in read for r in runs)    # the page's figures are grouped
    out = []
    for n, (cut, runs, unsure) in enumerate(read):
        text = cell_line_text(runs, commas)
        unsure = unsure or (text[:1] in MINUS and not dash_at(cut, 0)) or (text[-1:] in MINUS and not dash_at(cut, -1))
        out.append(Piece(text, *cut.box, min(r.conf for r in runs), (0, n + 1, 0, 0), unsure=unsure))
    if any(GROUPED.fullmatch(p.text) and "," in p.text for p in out):
        for piece in out:           # the tables print thousands commas: one tesseract dropped
            piece.text = grouped(piece.text)
    return out


MINUS = "-−－"
DASH_SHAPE = 1.5        # a minus sign is at least this many times as wide as it is high


def dash_at(cut: Cut, end: int) -> bool:
    """The ink a cell line opens (end 0) or closes (end -1) with is shaped as a minus sign:
    wider than high. A speck of dust before or after a figure was read as '-', the amount read
    negative, sure and wrong."""
    from . import ocr_grid

    ink = cut.image.crop(cut.box).point(lambda v: 255 if v < ocr_grid.INK else 0)
    columns = ocr_grid.runs(ocr_grid.profile(ink, along=True))
    if not columns:
        return False
    first = ink.crop((columns[end][0], 0, columns[end][1], ink.height)).getbbox()
    return first is not None and first[2] - first[0] >= DASH_SHAPE * (first[3] - first[1])


def cell_line_text(runs: list[Piece], commas: bool = True) -> str:
    """A cell line's words as tesseract split them, a space between each; but where it missed
    the thousands comma after a figure's first digits ("1" "097," "073." "43", read from
    1,097,073.43), the comma: on a page whose figures print commas (`commas`), when the next
    word opens with a group of three, stands no farther off than the groups tesseract split at
    their commas do, and the words make one figure grouped by threes (a cell line prints one)."""
    text = runs[0].text
    for left, right in pairwise(runs):
        text += ("," if commas and lost_comma(left, right) else " ") + right.text
    if "," in text and not GROUPED.fullmatch(SPACE_AFTER_MARK.sub("", text)):
        return " ".join(r.text for r in runs)       # not one grouped figure: the words as read
    return text


SPACE_AFTER_MARK = re.compile(r"(?<=[,.])\s+")


LEADING_DIGITS = re.compile(r"[-(（]?\d{1,3}")       # a figure's digits before its first comma
NEXT_GROUP = re.compile(r"\d{3}(?:[,.，．;]|$)")       # a group of three, then a mark or the end
LOST_COMMA_GAP = 0.5    # × the figures' height: tesseract leaves ~0.4–0.55 where it cut at a comma (0.39–0.43 where it lost one)


def lost_comma(left: Piece, right: Piece) -> bool:
    gap = right.left - left.right
    return LEADING_DIGITS.fullmatch(left.text) is not None and NEXT_GROUP.match(right.text) is not None \
        and gap <= LOST_COMMA_GAP * max(left.height, right.height)


UNGROUPED = re.compile(r"([-+(]?)(\d{4,})(\.\d+)(%?\)?)")


def grouped(text: str) -> str:
    """An amount of four digits or more before its decimals, written with thousands commas
    ('1234.56' → '1,234.56': the same number, as the page prints its amounts)."""
    found = UNGROUPED.fullmatch(text)
    if found is None:
        return text
    sign, head, decimals, end = found.groups()
    return f"{sign}{int(head):,}{decimals}{end}"


def read_settled(exe: str, lines: list[Cut], dpi: int, deadline: float, where: str, page_no: int | None,
                 first: list[list[Piece]] | None = None):
    """Each line read as one line of text (its runs in page pixels) and whether it is unsure;
    a line of ink tesseract finds no text in at all is said (UNREAD), unsure. A line read
    with odd signs (ODD) is read again with the Chinese model alone (the English one takes
    Chinese it cannot place for letters: '（境）' as 'Gi)', '公务员' as 'EE'); a line not
    settled (settled()) is read again in other looks (AGAIN), one tesseract run each.
    Unsettled, the reading with the fewest odd signs is kept, and marked unsure when it
    holds a figure or an odd sign. `first`: the lines' readings in the first look, when done."""
    readings: list[list[list[Piece]]] = [[runs] if runs else [] for runs in first] if first else [[] for _ in lines]
    todo = list(range(len(lines)))
    for look in (FIRST, IN_CHINESE, *AGAIN):
        if look is FIRST and first is not None:
            todo = [n for n in todo if not readings[n] or settled(readings[n]) is None]
            continue
        if look is IN_CHINESE:
            pending = [n for n in todo if readings[n] and ODD.search(joined(readings[n][0]))]
        else:
            pending = [n for n in todo if not readings[n] or settled(readings[n]) is None]
        if not pending:
            continue
        found = read_look(exe, [lines[n] for n in pending], look, dpi, deadline, where, page_no)
        for n, runs in zip(pending, found):
            if runs:
                readings[n].append(runs)
        todo = [n for n in todo if not readings[n] or settled(readings[n]) is None]
    for line, found in zip(lines, readings):
        if not found:
            yield line, [unread(line.box)], True
            continue
        taken = settled(found)
        best = taken or min(found, key=lambda runs: (odd(runs), -confidence(runs)))
        text = joined(best)
        yield line, best, taken is None and bool(DIGIT.search(text) or ODD.search(text))


def read_look(exe: str, lines: list[Cut], look: Look, dpi: int, deadline: float, where: str,
              page_no: int | None) -> list[list[Piece]]:
    """Each line read once in one look (lines as one line of text, blocks as blocks)."""
    out: list[list[Piece]] = [[] for _ in lines]
    for block, psm in ((False, PSM), (True, "6")):
        group = [n for n, line in enumerate(lines) if line.block is block]
        found = read_lines(exe, [lines[n] for n in group], look, dpi, time_left(deadline, where, page_no),
                           where, page_no, psm)
        for n, runs in zip(group, found):
            out[n] = runs
    return out


UNREAD = "?"            # the text of a line of ink no reading found text in


def unread(line: tuple[int, int, int, int]) -> Piece:
    """A line of ink tesseract read nothing in at any size: said, never left out silently
    (an amount cell would look empty)."""
    return Piece(UNREAD, *line, 0.0, (0, 0, 0, 0))


def confidence(runs: list[Piece]) -> float:
    return min(r.conf for r in runs)


def figure_confidence(runs: list[Piece]) -> float:
    return min(r.figures for r in runs)


def settled(found: list[list[Piece]]) -> list[Piece] | None:
    """The reading to take, None while there is none. What must be sure is a line's figures:
    the first reading when tesseract is sure of its figures and it has no odd signs, else
    one another reading agrees with (agree: their words may differ, '（境）' and 'Gi)'); of such,
    the one with the fewest odd signs."""
    first = found[0]
    if figure_confidence(first) >= CONF_SURE and not ODD.search(joined(first)):
        return first
    agreed = [one for n, one in enumerate(found) for other in found[:n] + found[n + 1:] if agree(one, other)]
    return min(agreed, key=lambda runs: (odd(runs), -confidence(runs))) if agreed else None


def agree(one: list[Piece], other: list[Piece]) -> bool:
    """Two readings give the same figures, one of them sure of them; without figures, the same
    text, one of them sure of it (two models that both read no digit in '11' are no proof).
    Two readings with odd signs are no proof either: the English model reads the same
    Chinese as the same letters each time, and the figures the letters swallowed with it."""
    if odd(one) and odd(other):
        return False
    if figures(one):
        return figures(one) == figures(other) and max(figure_confidence(one), figure_confidence(other)) >= CONF_SURE
    return joined(one) == joined(other) and max(confidence(one), confidence(other)) >= CONF_SURE


def figures(runs: list[Piece]) -> list[str]:
    """The figures of a reading by value: a thousands comma read or not is the same number."""
    return [f.replace(",", "") for f in FIGURE.findall(joined(runs))]


def odd(runs: list[Piece]) -> int:
    return len(ODD.findall(joined(runs)))


def joined(runs: list[Piece]) -> str:
    return "".join(r.text for r in runs).replace(" ", "")


def read_lines(exe: str, lines: list[Cut], look: Look, dpi: int, timeout: float, where: str,
               page_no: int | None, psm: str = PSM) -> list[list[Piece]]:
    """Each line read as one line of text (psm 7; a block, psm 6), in one tesseract run: its
    runs (merge_runs) in page pixels; none for a line tesseract finds no text in."""
    if not lines:
        return []
    crops = [padded(line.image, line.box, look.zoom, look.margin) for line in lines]
    found = read_pngs(exe, [png for png, _ in crops], dpi, timeout, where, page_no, psm, look.langs)
    out = []
    for pieces, (_, (dx, dy, scale)) in zip(found, crops):
        runs = merge_runs(pieces)
        for run in runs:          # back to page pixels
            run.left, run.right = int(run.left / scale + dx), int(run.right / scale + dx)
            run.top, run.bottom = int(run.top / scale + dy), int(run.bottom / scale + dy)
        out.append(runs)
    return out


def read_pngs(exe: str, pngs: list[bytes], dpi: int, timeout: float, where: str, page_no: int | None,
              psm: str, langs: str) -> list[list[Piece]]:
    """The words of each image, read in one tesseract run. Where tesseract crashes on one image
    (5.3 dies of a floating-point exception on some lines of dust on a grey ground), the others
    are read again without it and it reads as no text (said unread): one line no longer loses
    the page."""
    try:
        tsv, txt = run_tesseract(exe, pngs, dpi, timeout, where, page_no, psm, langs)
    except OcrFailed as exc:
        bad = exc.image
        if bad is None or not 1 <= bad <= len(pngs):
            raise
        rest = pngs[:bad - 1] + pngs[bad:]
        found = read_pngs(exe, rest, dpi, timeout, where, page_no, psm, langs) if rest else []
        return found[:bad - 1] + [[]] + found[bad - 1:]
    pieces = parse_tsv(tsv)
    mark_spaces(pieces, txt)
    by_image: dict[int, list[Piece]] = {}
    for piece in pieces:
        by_image.setdefault(piece.line[0], []).append(piece)
    return [by_image.get(n, []) for n in range(1, len(pngs) + 1)]


CRASHED_ON = re.compile(r"Page \d+ : .*?(\d+)\.png$")     # tesseract's last word before it died: the image it read


CELL_INSET = 2          # pixels inside a cell's rules: what is left of a rule's fringe


def cell_pixels(cell, scale: tuple[float, float]) -> tuple[int, int, int, int]:
    x0, top, x1, bottom = cell
    sx, sy = scale
    return (int(x0 / sx) + CELL_INSET, int(top / sy) + CELL_INSET,
            max(int(x1 / sx) - CELL_INSET, int(x0 / sx) + CELL_INSET + 1),
            max(int(bottom / sy) - CELL_INSET, int(top / sy) + CELL_INSET + 1))


LINE_PX = 40            # a taller line is read scaled down to this height: at 300 dpi tesseract
                        # read 支出 in a title as 文出, 阿克苏 as 阿克办


def padded(clean, box: tuple[int, int, int, int], zoom: float = 1.0,
           margin: float = 1.0) -> tuple[bytes, tuple[float, float, float]]:
    """A line of text cropped to its ink, enlarged by zoom (from at most LINE_PX high), on a
    white margin of `margin` of its height (at 0.5 tesseract read '11' as 'ped' and '合计' as
    'eit', but a lone '务' only at 0.5), as PNG; and (x, y, scale): a page pixel is an image
    pixel divided by scale, plus (x, y)."""
    from PIL import Image

    crop = clean.crop(box)
    if crop.height > LINE_PX:
        zoom = zoom * LINE_PX / crop.height         # a title, a page scanned at 300 dpi
    if zoom != 1.0:
        crop = crop.resize((round(crop.width * zoom), round(crop.height * zoom)), Image.Resampling.LANCZOS)
    pad = max(int(margin * crop.height), 8)
    canvas = Image.new("L", (crop.width + 2 * pad, crop.height + 2 * pad), 255)
    canvas.paste(crop, (pad, pad))
    png = io.BytesIO()
    canvas.save(png, "PNG", compress_level=1)
    return png.getvalue(), (box[0] - pad / zoom, box[1] - pad / zoom, zoom)


def blank_frames(clean, tables: list, scale: tuple[float, float]):
    """The page with its tables whitened: their cells are read on their own."""
    from PIL import ImageDraw

    out = clean.copy()
    draw = ImageDraw.Draw(out)
    sx, sy = scale
    for t in tables:
        x0, top, x1, bottom = t.bbox
        draw.rectangle((int(x0 / sx) - 2, int(top / sy) - 2, int(x1 / sx) + 2, int(bottom / sy) + 2), fill=255)
    return out


def scan_dpi(pdfium_page, dpi: int, floor: int = 200) -> int:
    """A page that is one scanned image is rendered at the scan's own resolution when that is
    lower than `dpi` (but not below `floor`): upsampling adds no detail, only time, and in our
    trials read no better."""
    page_area = area(0, 0, *pdfium_page.get_size())
    for obj in page_images(pdfium_page):
        left, bottom, right, top = image_bounds(obj)
        if area(left, bottom, right, top) >= 0.5 * page_area:
            pixels = max(obj.get_px_size())
            native = pixels / (max(right - left, top - bottom) / 72)
            return min(dpi, max(int(round(native)), floor))
    return dpi


def safe_dpi(width_pt: float, height_pt: float, dpi: int) -> int:
    # a poster-sized page at 300 dpi would need gigabytes; lower the resolution instead
    pixels = width_pt * height_pt * (dpi / 72) ** 2
    if pixels <= MAX_PIXELS:
        return dpi
    return max(int(dpi * (MAX_PIXELS / pixels) ** 0.5), 72)


# ---------------------------------------------------------------- ruling lines

RULE_INCHES = 0.6     # ink runs longer than this are rules; a 22 pt "一" is about 0.3 inch


FAINT = 225             # grey levels below this are the ink of a faint rule (thin or grey, scanned light)


def ruled(gray, dpi: int):
    """The page with its rules whitened, the masks of its rules along x and y (remove_rules)
    and the grey level below which they are ink. A page with no rule as dark as its text is
    looked at again for faint rules (a table ruled in thin grey lines, a light scan): found as
    dark ones, they were missed, and the table read as text, its amounts in no column. Only
    thin bands count then: a shaded background would make wide ones."""
    from . import ocr_grid

    length = int(dpi * RULE_INCHES)
    clean, across, down = remove_rules(gray, length)
    if across.getbbox() is None:
        faint = remove_rules(gray, length, FAINT, dpi)
        if faint[1].getbbox() is not None:
            return (*faint, FAINT)
    return clean, across, down, ocr_grid.INK


def thin_rules(mask, horizontal: bool, dpi: int):
    """A mask of rule pixels redrawn from the rules rules_of finds in it (bands no thicker
    than a rule), one point wide."""
    from PIL import Image, ImageDraw

    from . import ocr_grid

    out = Image.new("L", mask.size, 0)
    draw = ImageDraw.Draw(out)
    width = max(round(dpi / 72), 2)
    for rule in ocr_grid.rules_of(mask, horizontal, dpi):
        at = round(rule.at)
        draw.line((rule.start, at, rule.end - 1, at) if horizontal else (at, rule.start, at, rule.end - 1),
                  fill=255, width=width)
    return out


def remove_rules(gray, length: int, level: int = 160, thin: int = 0):
    """The page with its table rules whitened.

    Where a cell's text nearly touches its rules tesseract reads the rule as part of the text
    ('8,545.22)', '9,294.34|'): a wrong amount. A rule is a straight ink run of at least
    `length` pixels, found by a morphological opening along x and along y (this also whitens
    the black borders of scans). Ink: grey levels below `level`. Returns the clean page and the
    masks of rule pixels the openings found, along x and along y (the grid is made of them)."""
    from PIL import ImageChops

    ink = gray.point(lambda v: 255 if v < level else 0)
    across = opening(ink, length, horizontal=True)
    down = opening(ink, length, horizontal=False)
    if thin:            # the dpi: only bands as thin as a rule (faint rules, ruled())
        across, down = thin_rules(across, True, thin), thin_rules(down, False, thin)
    rules = grow(ImageChops.lighter(across, down))      # take the anti-aliased fringe too
    return ImageChops.lighter(gray, rules), across, down


def opening(ink, length: int, horizontal: bool):
    from PIL import ImageChops

    eroded = slide(ink, length, horizontal, ImageChops.darker, 1)
    return slide(eroded, length, horizontal, ImageChops.lighter, -1)


def slide(mask, length: int, horizontal: bool, combine, direction: int):
    """min (darker) or max (lighter) over a run of `length` pixels, in log2(length) passes of
    shift-and-combine; the erosion looks back, the dilation forward, so the two cancel."""
    from PIL import ImageChops

    done = 1
    while done < length:
        step = min(done, length - done) * direction
        shifted = ImageChops.offset(mask, step, 0) if horizontal else ImageChops.offset(mask, 0, step)
        mask = combine(mask, shifted)
        done += abs(step)
    return mask


def grow(mask):
    """Dilate by one pixel each way (ImageFilter.MaxFilter is ten times slower)."""
    from PIL import ImageChops

    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        mask = ImageChops.lighter(mask, ImageChops.offset(mask, dx, dy))
    return mask


def run_tesseract(exe: str, png: bytes | list[bytes], dpi: int, timeout: float, where: str,
                  page_no: int | None, psm: str = "", langs: str = "") -> tuple[str, str]:
    """Words with boxes (tsv) and the plain text (txt) of one run: the text tells where
    tesseract saw a space, which the tsv does not. A list of images is read in one run (the
    language models load once), each image a page of its own in the tsv (page_num, from 1)."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-ocr-") as tmp:
        base = os.path.join(tmp, "page")
        source, stdin = "stdin", png
        if isinstance(png, list):
            source, stdin = os.path.join(tmp, "images.txt"), None
            names = []
            for n, image in enumerate(png):
                names.append(os.path.join(tmp, f"{n}.png"))
                with open(names[-1], "wb") as fh:
                    fh.write(image)
            with open(source, "w", encoding="utf-8") as fh:
                fh.write("\n".join(names) + "\n")
        cmd = [exe, source, base, "-l", langs or LANGS, "--psm", psm or PSM, "--dpi", str(dpi),
               "-c", "tessedit_create_tsv=1", "-c", "tessedit_create_txt=1"]
        env = dict(os.environ)
        env.setdefault("OMP_THREAD_LIMIT", "1")   # pages in parallel scale better than threads
        try:
            done = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired as exc:
            raise OcrFailed(f"{where} OCR 超时（超过 {timeout:g} 秒），已跳过", page_no) from exc
        except OSError as exc:
            raise OcrFailed(f"{where} OCR 程序无法运行：{exc}", page_no) from exc
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            crashed = CRASHED_ON.search(detail[0]) if done.returncode < 0 and isinstance(png, list) else None
            raise OcrFailed(f"{where} OCR 失败（tesseract 退出码 {done.returncode}）：{detail[0]}", page_no,
                            int(crashed.group(1)) + 1 if crashed else None)     # files are named from 0
        try:
            with open(base + ".tsv", encoding="utf-8", errors="replace") as fh:
                tsv = fh.read()
            with open(base + ".txt", encoding="utf-8", errors="replace") as fh:
                txt = fh.read()
        except OSError as exc:
            raise OcrFailed(f"{where} OCR 没有输出结果：{exc}", page_no) from exc
    return tsv, txt


# ---------------------------------------------------------------- tesseract words → runs

@dataclass(slots=True)
class Piece:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float
    line: tuple[int, ...]           # tesseract page, block, paragraph, line
    space: bool | None = None       # tesseract printed a space before it (None: unknown)
    unsure: bool = False            # a figure no reading was sure of (read_settled)
    figures: float = 100.0          # the lowest confidence of its pieces that hold a digit

    @property
    def height(self) -> int:
        return self.bottom - self.top


def parse_tsv(tsv: str) -> list[Piece]:
    pieces = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t", 11)
        if len(cols) < 12 or cols[0] != "5":       # level 5 = word
            continue
        text = cols[11].strip()
        if not text:
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        line = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))   # page (image), block, par, line
        conf = float(cols[10])
        pieces.append(Piece(text, left, top, left + width, top + height, conf, line,
                            figures=conf if DIGIT.search(text) else 100.0))
    return pieces


def mark_spaces(pieces: list[Piece], txt: str) -> None:
    """Set Piece.space from tesseract's text output, whose lines hold the same words in the
    same order, with a space only where tesseract judged one ('2084724 城乡' but '2024年').
    A line that does not align keeps None and falls back to measuring gaps."""
    text_lines = [line for line in txt.splitlines() if line.strip()]
    at = 0
    for words in group_lines(pieces).values():
        joined = "".join(w.text for w in words)
        for ahead in range(at, min(at + 3, len(text_lines))):
            if text_lines[ahead].replace(" ", "") == joined:
                read_spaces(words, text_lines[ahead])
                at = ahead + 1
                break


def read_spaces(words: list[Piece], line: str) -> None:
    pos = 0
    for word in words:
        start = pos
        while pos < len(line) and line[pos] == " ":
            pos += 1
        if not line.startswith(word.text, pos):
            return
        word.space = pos > start
        pos += len(word.text)


def group_lines(pieces: list[Piece]) -> dict[tuple[int, ...], list[Piece]]:
    lines: dict[tuple[int, int, int], list[Piece]] = {}
    for piece in pieces:
        lines.setdefault(piece.line, []).append(piece)
    return lines


RULE_CHARS = set("|｜丨¦")          # vertical ruling lines read as characters
AMOUNT = re.compile(r"[-+(]?\d[\d,]*(\.\d+)?%?\)?")   # commas loosely: OCR drops some
FULL_AMOUNT = re.compile(r"[-+(]?\d[\d,]*\.\d+%?\)?")   # an amount printed with decimals
MAX_GAP_EM = 1.0        # tesseract's boxes leave up to ~0.6 em between CJK characters
SPACE_EM = 0.3          # a wider gap between a digit and an ideograph is a space


def merge_runs(pieces: list[Piece], columns=None) -> list[Piece]:
    """Glue the pieces of each tesseract line into one run per cell or phrase: CJK pieces
    whose gap is character-sized, never across a vertical rule (`columns`, a mask of them), a
    rule tesseract read as '|', or a gap wider than a character."""
    runs: list[Piece] = []
    for line in group_lines(pieces).values():
        line.sort(key=lambda p: p.left)
        em = line_em(line)
        current: Piece | None = None
        for piece in line:
            if set(piece.text) <= RULE_CHARS:
                current = None                      # a column boundary: close the run
                continue
            glue = None if current is None else joiner(current, piece, em, columns)
            if glue is None:
                current = Piece(piece.text, piece.left, piece.top, piece.right, piece.bottom,
                                piece.conf, piece.line, figures=piece.figures)
                runs.append(current)
            else:
                join(current, piece, glue)
    for run in runs:
        run.text = normalise_amount(normalise_brackets(run.text))
    return sorted(runs, key=reading_order(runs))


def line_em(line: list[Piece]) -> float:
    """The font size in pixels. An ideograph's ink is about one em tall, though tesseract
    gives flat ones ('一', '，') flat boxes and some boxes too tall: take the upper quartile."""
    cjk = sorted(p.height for p in line if any(is_cjk(c) for c in p.text))
    if cjk:
        return float(cjk[(3 * len(cjk)) // 4])
    return statistics.median(p.height for p in line) / 0.72   # digits are ~0.72 em tall


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x20000 <= code <= 0x3FFFF)


def joiner(left: Piece, right: Piece, em: float, columns) -> str | None:
    """What goes between two neighbouring pieces of a line when they belong to one run
    ('' or ' '), or None when they are separate words."""
    gap = right.left - left.right
    if gap > MAX_GAP_EM * em or not overlaps_vertically(left, right):
        return None
    if FULL_AMOUNT.fullmatch(left.text) and FULL_AMOUNT.fullmatch(right.text):
        return None                                 # two amounts are always two cells
    if rule_between(left, right, columns):
        return None
    a, b = left.text[-1], right.text[0]
    if is_cjk(a) and is_cjk(b):
        return ""                                   # CJK has no spaces
    if is_cjk(a) or is_cjk(b):
        spaced = right.space if right.space is not None else gap > SPACE_EM * em
        return " " if spaced else ""                # '2084724 城乡社区', but '2024年'
    # Latin and digits: tesseract splits words at spaces; re-glue only a number it broke
    if gap <= 0.2 * em and (a in ",." or b in ",."):
        return ""
    return None


def overlaps_vertically(a: Piece, b: Piece) -> bool:
    # "一" or "，" has a flat box inside its neighbours' height: measure against the smaller box
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.5 * max(min(a.height, b.height), 1)


def rule_between(left: Piece, right: Piece, columns) -> bool:
    if columns is None or right.left <= left.right:
        return False
    top = max(left.top, right.top)
    bottom = max(min(left.bottom, right.bottom), top + 1)
    return columns.crop((left.right, top, right.left, bottom)).getbbox() is not None


def join(run: Piece, piece: Piece, glue: str) -> None:
    run.text += glue + piece.text
    run.right = max(run.right, piece.right)
    run.top = min(run.top, piece.top)
    run.bottom = max(run.bottom, piece.bottom)
    run.conf = min(run.conf, piece.conf)
    run.figures = min(run.figures, piece.figures)


QUOTES = "\"'“”‘’`"
GROUPED = re.compile(r"[-+(]?\d{1,3}([,;]\d{3})+(\.\d+)?%?\)?")
LOST_COMMA = re.compile(r"([-+(]?)(\d{4,})((?:,\d{3})+)(\.\d+)?(%?\)?)")   # '1804,160.65'


OPENED = re.compile(r"〈(?![^〈〉]*〉)")         # no '〉' closes it (a wrapped cell's may close below)
DOUBLED = re.compile(r"〈(?=[(（])")            # '〈（': the one bracket read twice
LEVEL_MARK = re.compile(r"(?<=[\u4e00-\u9fff])(?=[类款项][)）])")


def normalise_brackets(text: str) -> str:
    """The full-width '（' tesseract reads as an angle bracket '〈' (one no '〉' closes: a
    disclosure prints 〈〉 only inside 《》) or drops before the level of a classification
    ('行政运行〈项)', '行政运行项)'): the narrative reader looks for （项）."""
    text = OPENED.sub("（", DOUBLED.sub("", text))
    out, at = [], 0
    for mark in LEVEL_MARK.finditer(text):
        before = text[at:mark.start()]
        opened = max(before.rfind("("), before.rfind("（")) > max(before.rfind(")"), before.rfind("）"))
        out.append(before if opened else before + "（")
        at = mark.start()
    return "".join(out) + text[at:]


def normalise_amount(text: str) -> str:
    """Full-width digits and punctuation become ASCII, but only in amounts: narrative keeps
    its '，（' as printed. Common misreads are undone where the value is unambiguous: a stray
    quote mark glued to an amount, ';' read for a thousands comma, a dropped first comma."""
    folded = unicodedata.normalize("NFKC", text).strip(QUOTES)
    if not any(c.isdigit() for c in folded):
        return text
    if ";" in folded and GROUPED.fullmatch(folded):
        folded = folded.replace(";", ",")
    lost = LOST_COMMA.fullmatch(folded)
    if lost:      # tesseract often drops the first thousands comma; the value is unchanged
        sign, head, tail, decimals, end = lost.groups()
        folded = f"{sign}{int(head):,}{tail}{decimals or ''}{end}"
    return folded if AMOUNT.fullmatch(folded) else text


def reading_order(runs: list[Piece]):
    """Sort key: rows top to bottom (runs whose vertical centres are within half a line
    share a row), left to right within a row."""
    if not runs:
        return lambda run: 0
    tolerance = statistics.median(r.height for r in runs) / 2
    row_of: dict[int, int] = {}
    row, row_centre = 0, None
    for run in sorted(runs, key=centre):
        if row_centre is None or centre(run) - row_centre > tolerance:
            row += 1
            row_centre = centre(run)
        row_of[id(run)] = row
    return lambda run: (row_of[id(run)], run.left)


def centre(run: Piece) -> float:
    return (run.top + run.bottom) / 2


def to_points(run: Piece, scale_x: float, scale_y: float) -> OcrWord:
    return OcrWord(run.text, run.left * scale_x, run.top * scale_y,
                   run.right * scale_x, run.bottom * scale_y, run.conf, run.unsure)
