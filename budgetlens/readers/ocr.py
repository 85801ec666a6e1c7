"""OCR for PDF pages without a text layer (scans): pypdfium2 renders, the tesseract CLI reads.

The PDF reader asks `page_has_text` first and calls `ocr_page` only for scanned pages. Words
come back in PDF points with the origin at the top-left of the rendered page (crop box, page
rotation applied), like pdfplumber's words, so the reader can build lines and grids from them
the same way. Tesseract cuts Chinese into single characters or short runs; we glue runs on one
text line back together when the gap between them is character-sized, so a table cell's text is
one word, and never across a column-sized gap or a ruling line.

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
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .base import ReadError

LANGS = "chi_sim+eng"
# psm 11 (sparse text): finds text anywhere without assuming a layout, so each table cell
# becomes its own block; of 3, 4, 6 and 11 it read amounts best on our generated tables.
PSM = "11"
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


class OcrUnavailable(ReadError):
    """tesseract or one of its language packs is not installed."""


class OcrFailed(ReadError):
    """OCR of one page failed (timeout, crash, unreadable render); other pages can go on."""

    def __init__(self, message: str, page: int | None = None):
        super().__init__(message)
        self.page = page


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
             page_no: int | None = None) -> list[OcrWord]:
    """Render the page, OCR it and return its words in reading order (rows top to bottom,
    left to right). page_no (1-based) only labels errors."""
    exe = tesseract_path()
    where = f"第 {page_no} 页" if page_no else "扫描页"
    width_pt, height_pt = pdfium_page.get_size()
    dpi = safe_dpi(width_pt, height_pt, scan_dpi(pdfium_page, dpi))
    try:
        image = pdfium_page.render(scale=dpi / 72, grayscale=True).to_pil()
    except Exception as exc:       # pdfium raises its own errors on broken content streams
        raise OcrFailed(f"{where}无法渲染为图像，跳过 OCR：{exc}", page_no) from exc
    clean, columns = remove_rules(image, int(dpi * RULE_INCHES))
    png = io.BytesIO()
    clean.save(png, "PNG", compress_level=1)     # fast; tesseract reads it from stdin
    tsv, txt = run_tesseract(exe, png.getvalue(), dpi, timeout, where, page_no)
    pieces = parse_tsv(tsv)
    mark_spaces(pieces, txt)
    scale_x = width_pt / image.width
    scale_y = height_pt / image.height
    return [to_points(w, scale_x, scale_y) for w in merge_runs(pieces, columns)]


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


def remove_rules(gray, length: int):
    """The page with its table rules whitened, and a mask of the vertical rules.

    Where a cell's text nearly touches its rules tesseract reads the rule as part of the text
    ('8,545.22)', '9,294.34|'): a wrong amount. A rule is a straight ink run of at least
    `length` pixels, found by a morphological opening along x and along y (this also whitens
    the black borders of scans). The vertical rules stay as a mask: words never join across
    one."""
    from PIL import ImageChops

    ink = gray.point(lambda v: 255 if v < 160 else 0)
    across = opening(ink, length, horizontal=True)
    down = opening(ink, length, horizontal=False)
    rules = grow(ImageChops.lighter(across, down))      # take the anti-aliased fringe too
    return ImageChops.lighter(gray, rules), grow(down)


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


def run_tesseract(exe: str, png: bytes, dpi: int, timeout: float, where: str,
                  page_no: int | None) -> tuple[str, str]:
    """Words with boxes (tsv) and the plain text (txt) of one run: the text tells where
    tesseract saw a space, which the tsv does not."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-ocr-") as tmp:
        base = os.path.join(tmp, "page")
        cmd = [exe, "stdin", base, "-l", LANGS, "--psm", PSM, "--dpi", str(dpi),
               "-c", "tessedit_create_tsv=1", "-c", "tessedit_create_txt=1"]
        env = dict(os.environ)
        env.setdefault("OMP_THREAD_LIMIT", "1")   # pages in parallel scale better than threads
        try:
            done = subprocess.run(cmd, input=png, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired as exc:
            raise OcrFailed(f"{where} OCR 超时（超过 {timeout:g} 秒），已跳过", page_no) from exc
        except OSError as exc:
            raise OcrFailed(f"{where} OCR 程序无法运行：{exc}", page_no) from exc
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise OcrFailed(
                f"{where} OCR 失败（tesseract 退出码 {done.returncode}）：{detail[0]}", page_no)
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
    line: tuple[int, int, int]      # tesseract block, paragraph, line
    space: bool | None = None       # tesseract printed a space before it (None: unknown)

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
        line = (int(cols[2]), int(cols[3]), int(cols[4]))
        pieces.append(Piece(text, left, top, left + width, top + height, float(cols[10]), line))
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


def group_lines(pieces: list[Piece]) -> dict[tuple[int, int, int], list[Piece]]:
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
                                piece.conf, piece.line)
                runs.append(current)
            else:
                join(current, piece, glue)
    for run in runs:
        run.text = normalise_amount(run.text)
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


QUOTES = "\"'“”‘’`"
GROUPED = re.compile(r"[-+(]?\d{1,3}([,;]\d{3})+(\.\d+)?%?\)?")
LOST_COMMA = re.compile(r"([-+(]?)(\d{4,})((?:,\d{3})+)(\.\d+)?(%?\)?)")   # '1804,160.65'


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
                   run.right * scale_x, run.bottom * scale_y, run.conf)
