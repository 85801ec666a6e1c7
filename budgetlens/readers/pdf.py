"""PDF with a text layer (and scanned pages through OCR) → numbered lines and table grids.

pypdfium2 surveys every page (text, ruling lines, scan or not) in a few milliseconds. Pages
that draw ruling lines go to pdfplumber's table finder, fed with pdfium's characters and path
segments (pdfium_page.py), which turns the lines into a cell grid (merged cells come back as
empty cells, a wrapped cell's text is joined). Text outside tables becomes plain lines, in
reading order, each with its page and, on ruled pages, its box.

Bounds: at most MAX_PAGES pages and TIME_BUDGET seconds of table finding (OCR has a time limit
per page of its own); what is left unread is reported in SourceDocument.warnings, never
silently dropped.
"""

from __future__ import annotations

import io
import itertools
import re
import threading
import time
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..text import FOLIO_FURNITURE, MARKS, quoted, starts_of, unmarked
from .base import Line, NoText, ReadError, SourceDocument, sha256_bytes
from .glued import cut_long_decimals, printed_places
from .grid import join_wrapped
from .pdf_repair import Repair, repaired
from .pdf_wide import join_wide_pages
from .pdfium_page import has_slanted_text, in_place_order, text_without_slanted

MAX_PAGES = 400
TIME_BUDGET = 60.0             # seconds of table finding for one document
UNRULED_AMOUNTS = 6            # amounts on a page without rules before its lines are read by place
# fewer suffice on a page printing a table's title (a line ending in 表), or going on with a
# table the page before was read by place: a small table (三公, a fund table of one class) whose
# rows' words and amounts are drawn cell by cell, read in drawing order, lost its amounts' rows
SMALL_TABLE_AMOUNTS = 2
# a table's row printing its classification code and name (201 一般公共服务支出), or the code
# alone (pdfium gives a sheet's text column by column as it is drawn)
CODED_LINE = re.compile(r"^[ \t]*\d{3}(?:\d{2}){0,2}(?:[ \t]+[\u4e00-\u9fff]|[ \t]*\r?$)", re.MULTILINE)
MIN_CODED = 3
TABLE_TITLE = re.compile(r"表[)）]?[ \t\r]*$", re.MULTILINE)
# an amount as a table prints it: no unit after it (a sentence says 417.37万元, 44.72%)
# (whole numbers only: 10,150.48 万元 is no bare 10,150; a date 2025.01.15 is none)
BARE_AMOUNT = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d.,]|\s*[万亿元%％])")
MIN_RULES = 4                  # path objects on a page before it is read as a possible table
AMOUNT_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")
# whole numbers side by side on a line (a table in 元 printed without separators: 98766 98766)
WHOLE_PAIR = re.compile(r"(?<![\d.,])\d+[ \t]+\d+(?![\d.,])")
# an amount printed with its unit in its cell, another amount after it on the line (a table's
# row: "2,000,000.00元  2,000,000.00元"; a sentence puts words between its figures)
UNIT_CELLS = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)\s*[(（]?(?:万元|元|万)[)）]?[ \t]+(?=[-(（△▲]?\d)")


@lru_cache(maxsize=1)
def radicals() -> dict[int, str]:
    """Radical code point → unified ideograph (some PDF fonts map 一 to ⼀, 长 to ⻓)."""
    table = {}
    text = (Path(__file__).with_name("radicals.tsv")).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            src, dst = line.split("\t")
            table[ord(src)] = dst
    for cp in range(0x2F00, 0x2FD6):          # Kangxi radicals: NFKC maps them
        table.setdefault(cp, unicodedata.normalize("NFKC", chr(cp)))
    return table


OCR_PAGES_SAID = "页是扫描图像，已用 OCR 识别，请核对数字"      # after the pages' numbers
OCR_READ_NOTHING = "OCR 未识别出任何文字"
# what a user can do when a scan's pages could not be read
OCR_LOST_ADVICE = ("请提供更清晰的扫描件（300 dpi 以上，字迹清楚，不歪斜），"
                   "或取得原始电子文件（带文字层的 PDF、Word、Excel）后重新读取")


def clean_text(text: str) -> str:
    """Radicals mapped back, control characters and soft hyphens dropped; punctuation kept."""
    text = text.translate(radicals())
    return "".join(ch for ch in text if ch in "\t\n" or (unicodedata.category(ch)[0] != "C"))


def cell_text(text: str | None) -> str:
    """A cell's wrapped lines joined as every grid reader joins them (grid.join_wrapped); an
    amount wrapped inside a narrow cell ("7,330,32" over "1.24") is joined into one number."""
    if not text:
        return ""
    parts = clean_text(text).split("\n")
    number = wrapped_number(parts)
    return number if number is not None else join_wrapped(parts)


# a line of digits, commas and points; a negative's first line may open with its mark, its
# last close its bracket ("(1,234." over "50)")
NUMBER_PIECE = re.compile(rf"[{re.escape(MARKS)}]?[\d,.]*\d[\d,.]*|[\d,.]*\d[\d,.]*[)）]|[,.]\d+[)）]?")
WHOLE_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")   # one number, grouped by threes


def whole_number(text: str) -> re.Match | None:
    """WHOLE_NUMBER of one number, its negative's marks around it or none; a whole number in
    brackets is none ("(1" over "2)": a note's number, not -12)."""
    inner = unmarked(text)
    if text[:1] in "(（" and inner is not text and "." not in inner and "," not in inner:
        return None
    return WHOLE_NUMBER.fullmatch(inner)


def wrapped_number(parts: list[str]) -> str | None:
    """The number a cell's lines print when they are pieces of one number: joined without
    the space, it reads as one number, and the lines cannot be read as numbers of their own
    in its form (each well grouped, with its decimals). "96,000.0" over "0" is 96,000.00;
    "100" over "200" could be two numbers: not joined (the table reader reports the cell)."""
    pieces = [p.strip() for p in parts if p.strip()]
    if len(pieces) < 2 or not all(NUMBER_PIECE.fullmatch(p) for p in pieces):
        return None
    joined = "".join(pieces)
    whole = whole_number(joined)
    if whole is None:
        return None
    places = len(whole.group(1) or "")
    if all(own_number(p, places) for p in pieces):
        return None
    return joined


def own_number(piece: str, places: int) -> bool:
    """The piece reads as a whole number printed with `places` decimals."""
    whole = whole_number(piece)
    return whole is not None and len(whole.group(1) or "") == places


def open_pdf(path: str, data: bytes) -> tuple[object, bytes, Repair | None]:
    """The document pdfium opened, the bytes it opened, and the repair when they are the file's
    complete objects only (a file cut short or whose index is broken: see pdf_repair)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data), data, None
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ReadError(f"{Path(path).name} 是加密的 PDF（需要密码），无法读取；请提供未加密的文件") from exc
        fixed = repaired(data)
        if fixed is not None:
            try:
                return pdfium.PdfDocument(fixed.data), fixed.data, fixed
            except pdfium.PdfiumError:
                pass
        raise ReadError(f"{Path(path).name} 不是有效的 PDF 文件或已损坏（{message}）") from exc


def repair_said(data: bytes) -> str:
    """What was wrong with a file that needed repair (pdf_repair)."""
    if b"%%EOF" not in data[-1024:]:
        return "PDF 文件不完整（在结尾之前被截断，缺少结尾标记 %%EOF）"
    return "PDF 文件已损坏（对象索引无法读取）"


def repair_warning(data: bytes, fixed: Repair) -> str:
    return (f"{repair_said(data)}：按文件中完整的对象恢复出 {fixed.pages} 页，页序按各页在文件中的位置推定；"
            "截断或损坏处之后的页面和内容已丢失，请取得完整的文件后重新读取")


WORDS = re.compile(r"[\u4e00-\u9fff]")
# characters every page of a disclosure prints many of: the commonest of written Chinese and
# of budgets' titles and labels. A page whose fonts lost their maps to Unicode comes out as
# other characters of the same range, which are seldom among them.
COMMON = frozenset("的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也对生能而子那得于着下自之年过"
                   "发后作里用道行所然家种事成方多经去法学如都同现当没动面起定天分还进好小部其些主样理心本前开"
                   "但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重"
                   "并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任"
                   "预算决支收入计总项目万元费单财拨款基金结转余况务保障社会管理运资本建设施共般规划其他")
MIN_COMMON = 3


def has_words(text: str) -> bool:
    """Chinese words in a page's text: a page whose fonts were lost keeps figures only, or
    characters that are not its words. On a page read right a tenth or more of its Chinese
    characters are among the commonest (a third or more is usual), and a page of few, "合计"
    over a continued table's figures, is all of them."""
    chinese = WORDS.findall(text)
    common = sum(1 for c in chinese if c in COMMON)
    return common >= min(MIN_COMMON, len(chinese)) > 0 and common * 10 >= len(chinese)


MIN_UNMAPPED = 12          # glyphs without text on a page before its text layer is not read (a page number's are fewer)
TEXT_CONTROLS = frozenset("\t\n\r\x0b\x0c\x02")   # (pdfium gives \x02 for a hyphen ending a line)


def unmapped_glyphs(text: str) -> int:
    """How many characters of a page's text are glyphs of a font without its map to Unicode
    (ToUnicode): control characters (the glyphs' codes), private-use characters, or, where the
    codes fall among the ideographs, Chinese characters that are no words (has_words)."""
    codes = sum(1 for ch in text if ch not in TEXT_CONTROLS and unicodedata.category(ch) in ("Cc", "Co"))
    chinese = len(WORDS.findall(text))
    return codes + (chinese if chinese >= 20 and not has_words(text) else 0)


def unmapped_said(count: int) -> str:
    return (f"有 {count} 个字符所用的字体缺少到 Unicode 的映射（ToUnicode），文字层提取出的是乱码或控制字符，"
            "不能作为文字和数字读取")


def ocr_lost_said(lost: dict[int, str]) -> str:
    """The scanned pages OCR read nothing of, with why: pages failing alike said together."""
    by_reason: dict[str, list[int]] = {}
    for page, reason in lost.items():
        by_reason.setdefault(reason, []).append(page)
    return "；".join(f"第 {page_list(pages)} 页是扫描图像，{reason}" for reason, pages in by_reason.items())


def pages_without_text(doc: SourceDocument) -> list[int]:
    """The pages (1-based) no line was read from."""
    read = {ln.page for ln in doc.lines if ln.text.strip()}
    return [p for p in range(1, (doc.pages or 0) + 1) if p not in read]


# pdfium is not thread-safe: two threads inside it at once crash the process (a Dask worker
# with several threads, a web server). One document at a time per process.
PDFIUM_LOCK = threading.RLock()


def read_pdf(path: str, data: bytes) -> SourceDocument:
    with PDFIUM_LOCK:
        return _read_pdf(path, data)


def _read_pdf(path: str, data: bytes) -> SourceDocument:
    pdf, readable, repair = open_pdf(path, data)
    doc = SourceDocument(path=path, format="pdf", encoding=None, sha256=sha256_bytes(data))
    if repair is not None:
        doc.warnings.append(repair_warning(data, repair))
    try:
        pages = len(pdf)
        doc.pages = min(pages, MAX_PAGES)
        if pages > MAX_PAGES:
            doc.warnings.append(f"PDF 共 {pages} 页，只读取前 {MAX_PAGES} 页")
        reader = Reader(path, readable, pdf, doc, set(repair.damaged) if repair else set())
        try:
            reader.run()
        except ReadError as exc:
            if repair is None:
                raise
            raise ReadError(f"{Path(path).name} {repair_said(data)}，按其中完整的对象恢复出 {doc.pages} 页，"
                            f"但无法作为预算公开文件读取（{str(exc).removeprefix(Path(path).name + ' ')}）；请取得完整的文件后重新读取") from exc
    finally:
        pdf.close()
    lost = pages_without_text(doc) if repair is not None else []
    if lost and len(lost) < (doc.pages or 0):
        # a page whose content or fonts were cut off reads as blank: not a blank page of the file
        doc.warnings.append(f"第 {page_list(lost)} 页没有读取文字（文件截断或损坏，其内容或字体已丢失）")
    if not any(ln.text.strip() for ln in doc.lines):
        if reader.ocr_lost:
            raise NoText(f"{Path(path).name} 没有可读取的文字：{ocr_lost_said(reader.ocr_lost)}。{OCR_LOST_ADVICE}")
        scanned = sum("扫描" in w for w in doc.warnings)
        unmapped = [w for w in doc.warnings if "ToUnicode" in w]
        raise NoText(f"{Path(path).name} 没有可读取的文字"
                        + ("（全部为扫描图像，" + doc.warnings[-1] + "）" if scanned else "")
                        + ("（" + unmapped[-1] + "）" if unmapped and not scanned else ""))
    return doc



DOUBTS_SHOWN = 5            # figures OCR was not sure of quoted in the reader's warning
OUT_OF_ORDER = 3            # lines out of top-to-bottom order that make a page's drawing order unusable


def drawn_text(textpage) -> str:
    """pdfium's text of the page in drawing order, one character per index ("" when it cannot
    be indexed so: characters outside the basic plane take two)."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count > 0 else ""
    return text if len(text) == count else ""


def in_reading_order(textpage, text: str) -> bool:
    """Whether pdfium's text (the file's drawing order; drawn_text) runs top to bottom. A
    header drawn last or a page number drawn first moves a line or two; a page drawn in
    another order (a spreadsheet's text sheet: its short cells first, then the long ones)
    moves many. The lines' tops in drawing order: those outside their longest top-to-bottom
    run would move."""
    if len(text) < 2:
        return True
    tops, start = [], 0
    for i, ch in enumerate(text + "\n"):
        if ch == "\n":
            first = next((j for j in range(start, i) if not text[j].isspace()), None)
            if first is not None:
                tops.append(round(-textpage.get_charbox(first)[3] / 3))   # PDF y grows upward; 3 pt steps
            start = i + 1
    moved = len(tops) - longest_run(tops)
    return moved < OUT_OF_ORDER or moved < 0.15 * len(tops)


def longest_run(values: list[int]) -> int:
    """The length of the longest subsequence that never goes back (non-decreasing)."""
    from bisect import bisect_right

    ends: list[int] = []          # ends[k]: the smallest end of such a subsequence of length k + 1
    for v in values:
        k = bisect_right(ends, v)
        if k == len(ends):
            ends.append(v)
        else:
            ends[k] = v
    return len(ends)

class Reader:
    """One pass over the pages, appending Lines to doc."""

    def __init__(self, path: str, data: bytes, pdf, doc: SourceDocument, damaged: set[int] | None = None):
        self.path, self.data, self.pdf, self.doc = path, data, pdf, doc
        self.damaged = damaged or set()                 # pages (0-based) a repair found objects lost from
        self.substituted: list[int] = []                # damaged pages read with their words (1-based)
        self.unmapped: dict[int, int] = {}              # pages (0-based) whose glyphs have no text → how many
        self.plumber = None
        self.started = time.monotonic()
        self.watermarks: dict[str, list[int]] = {}      # slanted text left out → its pages
        self.slanted: set[int] = set()                  # pages with slanted text (0-based)
        self.turned: set[int] = set()                   # pages read with their /Rotate undone
        self.shuffled: set[int] = set()                 # pages whose text is drawn out of order
        self.placed: set[int] = set()                   # pages without rules read by place (0-based)
        self.tabled: set[int] = set()                   # pages with a ruled table (0-based)
        self.open_row: OpenRow | None = None             # the last page's last row, if it may go on
        self.widths: dict[int, float] = {}              # page (1-based) → width in points
        self.texts: list[str] = []                      # each page's text (survey)
        self.ocr_seconds = 0.0                          # time spent in OCR (not in the budget)
        self.ocr_pages: list[int] = []                  # pages read by OCR (1-based)
        self.ocr_doubts: dict[int, list[str]] = {}      # page → the figures OCR was not sure of
        self.ocr_lost: dict[int, str] = {}              # scanned page OCR read nothing of → why

    def run(self) -> None:
        survey = self.survey()
        if not any(info[2] for info in survey) and not looks_like_budget("".join(t for t, _, _ in survey)):
            raise ReadError(f"{Path(self.path).name} 不是预算公开文件：全文没有“预算/决算”和“收入/支出”等字样")
        late: list[int] = []         # pages past the time budget, read as plain text
        self.texts = [text for text, _, _ in survey]
        for index, (text, rules, scanned) in enumerate(survey):
            # A scan is always read: OCR has its own time limit per page, and the text of a
            # scan read plainly is nothing. Its time does not count against the budget.
            if not scanned and time.monotonic() - self.started - self.ocr_seconds > TIME_BUDGET:
                late.append(index + 1)
                self.add_text(text, index)
                continue
            try:
                self.read_page(index, text, rules, scanned)
            except ReadError as exc:
                self.doc.warnings.append(f"第 {index + 1} 页：{exc}")
            except Exception as exc:            # a broken page must not lose the others
                self.doc.warnings.append(f"第 {index + 1} 页无法读取（{type(exc).__name__}: {exc}）")
        if self.plumber is not None:
            self.plumber.close()
        self.doc.lines = join_wide_pages(self.doc.lines, self.widths, self.doc.notes, self.doc.warnings,
                                          self.doc.folds)
        frames = [index + 1 for index, (text, rules, scanned) in enumerate(survey)
                  if not scanned and rules > DRAWN_TEXT and not text.strip()]
        if frames:
            # (no scan: rules_only told them from words drawn as outlines, so no OCR either)
            self.doc.notes.append(f"第 {page_list(frames)} 页只有表格框线，没有文字（空白表格），没有可读取的内容")
        if late:
            self.doc.warnings.append(f"读取超时（{TIME_BUDGET:.0f} 秒）：第 {page_list(late)} 页未查找表格"
                                     f"（共 {len(survey)} 页），其文字按普通文本读取")
        if self.ocr_pages:
            self.doc.warnings.append(f"第 {page_list(self.ocr_pages)} {OCR_PAGES_SAID}")
        if self.ocr_lost:
            self.doc.warnings.append(ocr_lost_said(self.ocr_lost) + "，未读取，请对照原件")
        if self.ocr_doubts:
            doubts = [text for texts in self.ocr_doubts.values() for text in texts]
            shown = "".join(f"{quoted(text[:20])}" for text in doubts[:DOUBTS_SHOWN]) + ("等" if len(doubts) > DOUBTS_SHOWN else "")
            self.doc.warnings.append(f"第 {page_list(list(self.ocr_doubts))} 页有 {len(doubts)} 处数字或文字 OCR 识别"
                                     f"没有把握（{shown}），表中的这些数字未读入，其所在的行和文字未作核对，请对照原件")
        for mark, pages in self.watermarks.items():
            self.doc.warnings.append(f"第 {page_list(pages)} 页有斜排的文字“{mark[:30]}”（水印），未作为正文读取")
        few = [index + 1 for index, count in self.unmapped.items() if count < MIN_UNMAPPED]
        if few:
            self.doc.warnings.append(f"第 {page_list(few)} 页有个别字符所用的字体缺少到 Unicode 的映射（ToUnicode），"
                                     "无法识别，未读入，请对照原件")
        if self.substituted:
            self.doc.warnings.append(f"第 {page_list(self.substituted)} 页所用的字体等对象已随文件截断或损坏丢失，"
                                     "文字按其余信息读取，字词和数字的位置可能有误，请核对")

    def survey(self) -> list[tuple[str, int, bool]]:
        """Each page's text, ruling count and whether it is a scan: pdfium, about 3 ms a page."""
        out = []
        for index in range(self.doc.pages or 0):
            try:
                page = self.pdf[index]
                try:
                    # A page turned for display (/Rotate) is read as drawn: pdfium gives the
                    # text of a page turned upside down backwards. A scan is left turned, so
                    # OCR sees it as a reader does.
                    rotation = page.get_rotation()
                    if rotation:
                        page.set_rotation(0)
                        self.turned.add(index)
                    self.widths[index + 1] = page.get_width()
                    textpage = page.get_textpage()
                    text = textpage.get_text_bounded() or ""
                    if has_slanted_text(page, textpage):     # a diagonal watermark: no text
                        text, mark = text_without_slanted(textpage)
                        self.watermarks.setdefault(mark, []).append(index + 1)
                        self.slanted.add(index)
                    drawn = drawn_text(textpage)
                    text = in_place_order(textpage, drawn, text)   # lines drawn out of order along themselves
                    if not in_reading_order(textpage, drawn):  # drawn out of order: read by place
                        self.shuffled.add(index)
                    textpage.close()
                    scanned = is_scan(page, text)
                    if index in self.damaged and not scanned:
                        # fonts lost with the file's end: words come out as nothing or as other
                        # characters, figures may stay; figures without their words are not read
                        if not has_words(text):
                            out.append(("", 0, False))
                            continue
                        self.substituted.append(index + 1)
                    elif not scanned and unmapped_glyphs(text):
                        # a font without its map to Unicode: its glyphs come out as control
                        # characters or other words; the page shows them, OCR reads them (a
                        # few, a page number's, are said only)
                        self.unmapped[index] = unmapped_glyphs(text)
                        scanned = self.unmapped[index] >= MIN_UNMAPPED
                    if rotation and scanned:
                        page.set_rotation(rotation)
                    out.append((text, path_objects(page), scanned))
                finally:
                    page.close()
            except Exception as exc:
                self.doc.warnings.append(f"第 {index + 1} 页无法读取（{type(exc).__name__}: {exc}）")
                out.append(("", 0, False))
        return out

    def add(self, text: str, page: int, cells=None, bbox=None, boxes=None, words=None, unsure=None) -> None:
        self.doc.lines.append(Line(no=len(self.doc.lines) + 1, text=text, cells=cells, page=page,
                                   bbox=bbox, cell_boxes=boxes, word_boxes=words, unsure=unsure))

    def add_text(self, text: str, index: int) -> None:
        for line in clean_text(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            self.add(line.rstrip(), index + 1)

    def read_page(self, index: int, text: str, rules: int, scanned: bool) -> None:
        if scanned:
            page = self.pdf[index]
            try:
                self.read_scanned(index, page)
            finally:
                page.close()
        elif rules >= MIN_RULES and (len(AMOUNT_TOKEN.findall(text)) >= 2 or "表" in text
                                     or len(WHOLE_PAIR.findall(text)) >= 2
                                     or index - 1 in self.tabled and AMOUNT_TOKEN.search(text)
                                     or len(CODED_LINE.findall(text)) >= MIN_CODED):
            # ruled pages with amounts (whole numbers too), or a ruled table page printed empty:
            # pdfplumber puts the text in reading order (pdfium keeps the file's drawing order);
            # after a table's page, one amount too (the column of a one-row table past the
            # page's edge: read as text, it could not be put back beside its row); or rows'
            # codes (and names), their amounts past the page's edge
            self.read_ruled(index, text)
        elif rules >= MIN_RULES and index - 1 in self.tabled and self.read_grids(index):
            # a ruled table going on from the page before, printing no amount (a performance
            # table's rows: words, "≥95%", whole weights): its grid (read_grids added it)
            pass
        elif unruled_table(text, self.goes_on(index, text)) or index in self.shuffled or self.labels_only(index, text):
            # a table printed without rules, or text drawn out of reading order (a spreadsheet's
            # text sheet draws its short cells, then the long ones): read by the characters' places
            self.read_unruled(index)
        else:
            self.add_text(text, index)

    def labels_only(self, index: int, text: str) -> bool:
        """The page prints a table's title and its rows' codes and names, not one amount, and
        the next page amounts only: a sheet printed without rules, cut after its label columns
        (its amounts on the next page). Read by place, the next page's rows are put beside
        its rows; read as text, they could not be."""
        following = self.texts[index + 1] if index + 1 < len(self.texts) else ""
        return (TABLE_TITLE.search(text) is not None and len(CODED_LINE.findall(text)) >= MIN_CODED
                and not AMOUNT_TOKEN.search(text) and unruled_table(following, True))

    def goes_on(self, index: int, text: str) -> bool:
        """The page may go on with the table of the page before: that page was read by place, or
        printed a ruled table and this page no sentence (a sheet's columns past the page's
        width, printed without rules, with a few amounts only)."""
        return index - 1 in self.placed or (index - 1 in self.tabled and "。" not in text)

    def read_unruled(self, index: int) -> None:
        """A table printed without rules (a spreadsheet printed without borders): its lines
        by the characters' places, in reading order; pdfium's text follows the drawing
        order, which a spreadsheet may give column by column."""
        from .pdfium_page import PdfiumPage

        self.placed.add(index)
        page = self.pdf[index]
        try:
            shim = PdfiumPage(page, index + 1, drop_slanted=index in self.slanted)
            lines = self.unglued(index, shim.text_lines(split_glued=True))
            self.add_items(index, [], [with_word_boxes(line) for line in lines])
        finally:
            page.close()

    def unglued(self, index: int, lines: list[dict]) -> list[dict]:
        """The lines with amounts run into the next cell's number cut after the decimals the
        page's amounts print (2,990.40201 → 2,990.40 201), each cut named in a warning."""
        places = printed_places([line["text"] for line in lines])
        if places is None:
            return lines
        out, cuts = [], []
        for line in lines:
            text, cut = cut_long_decimals(line["text"], places)
            out.append({**line, "text": text} if cut else line)
            cuts += cut
        if cuts:
            self.doc.warnings.append(f"第 {index + 1} 页金额与后一格的数字连在一起，按本页金额的小数位（{places} 位）"
                                     f"拆开：{'；'.join(cuts)}")
        return out

    # ---- ruled pages: pdfplumber's table finder -----------------------------------------------

    def read_ruled(self, index: int, text: str) -> None:
        """Grids by pdfplumber's table finder, fed by pdfium (a few ms a page); pdfplumber's own
        page parsing (about 0.2 s a page) only when pdfium's description finds no table. A table
        ruled across only (三线表: rules over and under the header and the table, none between
        the columns) makes no grid: its lines are read by the characters' places, as a table
        printed without rules."""
        # (pdfplumber reads the file's bytes, a turned page turned: its reading is not asked)
        if self.read_grids(index, always=index in self.turned):
            return
        if self.plumber is None:
            import pdfplumber

            self.plumber = pdfplumber.open(io.BytesIO(self.data))
        plumbed = self.plumber.pages[index]
        try:
            tables = plumbed_tables(plumbed)
            if not tables and unruled_table(text, self.goes_on(index, text)):
                self.read_unruled(index)
                return
            self.add_items(index, tables, plumbed.extract_text_lines(return_chars=False), plumbed.chars)
        finally:
            plumbed.close()

    def read_grids(self, index: int, always: bool = False) -> bool:
        """The page's grids by pdfium's description (pdfium_page), added with the page's other
        lines where it finds one (always: with none too); whether it added the page."""
        from .pdfium_page import PdfiumPage

        page = self.pdf[index]
        goes_on = self.open_row is not None and self.open_row.page == index
        try:
            shim = PdfiumPage(page, index + 1, drop_slanted=index in self.slanted, objects=goes_on)
            tables = shim.find_tables()
            if goes_on and tables:
                shim.drop_hidden(under_header(tables, len(self.open_row.header)))
            if tables or always:
                self.add_items(index, tables, shim.text_lines(), shim.chars, shim.closing)
                return True
            return False
        finally:
            page.close()

    def add_items(self, index: int, tables, text_lines: list[dict], chars: list[dict] = (),
                  closing: list[dict] = ()) -> None:
        """Table rows and the text lines outside the tables, in reading order. A row Word broke
        across the page break (its rest on top of this page) is joined to the row it continues.
        closing: the rules added where a grid's vertical rules end open (pdfium_page.closing_rules)."""
        spilled: list[str] = []
        stray: list[str] = []
        if tables:
            self.tabled.add(index)
        items = [item._replace(table=n) for n, table in enumerate(tables) for item in table_items(table, spilled, stray)]
        if spilled:
            self.doc.warnings.append(f"第 {index + 1} 页表格有金额超出格线、与相邻格的数字连在一起，"
                                     f"按格线和金额的小数位拆开：{'；'.join(spilled)}")
        if stray:
            self.doc.warnings.append(f"第 {index + 1} 页表格的框内有文字不在任何单元格内（印在格线之外），"
                                     f"其中的金额未读入：{'；'.join(stray)}，请对照原表核实")
        frames = [t.bbox for t in tables]
        for line in text_lines:
            box = (line["x0"], line["top"], line["x1"], line["bottom"])
            if not any(inside(box, frame) for frame in frames):
                text, words = clean_text(line["text"]), line.get("words")
                if words is not None and len(text.split()) != len(words):
                    words = None           # (a word of control characters only: the boxes are lost)
                items.append(Item(box[1], box[0], text, None, box, None, words=words, unsure=line.get("unsure")))
        items.sort(key=lambda it: (round(it.top, 0), it.x0, it.top))
        if self.open_row is not None and self.open_row.page == index:
            items = self.join_broken_row(index, items, chars, closing)
        for it in items:
            self.add(it.text, index + 1, it.cells, it.bbox, it.boxes, it.words, it.unsure)
        self.open_row = open_row(index + 1, items, self.doc.lines[-len(items):] if items else [], chars, closing)

    def join_broken_row(self, index: int, items: list[Item], chars: list[dict], closing: list[dict]) -> list[Item]:
        """The items without the rest of the previous page's last row, when the first row here
        is that rest (its text joined to that row's, and the join said in a note): the text
        says so, or the rules do (the row drawn open at the foot of the page before, this one
        open at the head of this page)."""
        row = self.open_row
        first = continuation_at(items, row.header)
        if first is None:
            return items
        if row.open_bottom and drawn_open(items[first], closing, "top"):
            joins = open_cells(row, items[first])
        else:
            joins = continued_cells(row, items[first], chars)
        if joins is None:
            return items
        parts = []
        for n, text in joins.items():
            old = row.line.cells[n]
            # a number's pieces run on without a space; words join as a wrapped cell's lines do
            row.line.cells[n] = old + text if NUMBER_PIECE.fullmatch(text) or not old else join_wrapped([old, text])
            parts.append(f"“{old}”+“{text}”→“{row.line.cells[n]}”" if old else f"“{text}”")
        row.line.text = "\t".join(row.line.cells)
        self.doc.notes.append(f"第 {index + 1} 页表格的第一行是第 {index} 页末行（第 {row.line.no} 行）跨页断开的"
                              f"续行，已接回该行：{'；'.join(parts)}")
        return items[:first] + items[first + 1:]

    # ---- scanned pages ----------------------------------------------------------------------

    def read_scanned(self, index: int, page) -> None:
        from . import ocr

        if not ocr.ocr_available() and index in self.unmapped:
            self.doc.warnings.append(f"第 {index + 1} 页{unmapped_said(self.unmapped[index])}；未安装 OCR（Debian 软件包 "
                                     "tesseract-ocr、tesseract-ocr-chi-sim），此页未读取，请对照原件")
            return
        if not ocr.ocr_available():
            self.doc.warnings.append(
                f"第 {index + 1} 页是扫描图像，没有文字层；未安装 OCR（Debian 软件包 tesseract-ocr、"
                "tesseract-ocr-chi-sim），此页未读取")
            return
        started = time.monotonic()
        try:
            words = ocr.ocr_page(page, page_no=index + 1)
        except ocr.OcrFailed as exc:
            # said with the page (and, for a file with nothing else, in the error): the others go on
            self.ocr_lost[index + 1] = str(exc).removeprefix(f"第 {index + 1} 页").strip()
            return
        finally:
            self.ocr_seconds += time.monotonic() - started
        if not any(w.text != ocr.UNREAD for w in words):
            # ink and no text (a blurred or faint scan; tesseract dying on every line): lines of
            # "?" say nothing a reader can check, the page is said unread instead
            self.ocr_lost[index + 1] = OCR_READ_NOTHING
            return
        turned = getattr(words, "turned", 0)
        if turned:
            self.doc.notes.append(f"第 {index + 1} 页扫描图像{ocr.turned_said(turned)}，已转正后用 OCR 识别；"
                                  "此页文字的位置按转正后的页面给出")
        scan = getattr(words, "page", None)
        first = len(self.doc.lines)
        tables = scan.find_tables() if scan is not None else []
        frames = [t.bbox for t in tables]
        lines = [scanned_line(line) for line in
                 group_lines([w for w in words if not any(inside(box_of(w), f) for f in frames)])]
        if tables:
            # ruled tables: the grid the rules in the image make, as a text PDF's ruled page
            self.add_items(index, tables, lines, scan.chars)
        else:
            for line in lines:
                self.add(line["text"], index + 1, bbox=(line["x0"], line["top"], line["x1"], line["bottom"]),
                         unsure=line["unsure"])
        for ln in self.doc.lines[first:]:
            ln.ocr = True
        if index in self.unmapped:
            self.doc.warnings.append(f"第 {index + 1} 页{unmapped_said(self.unmapped[index])}，已按页面图像用 OCR 识别，请核对数字")
        else:
            self.ocr_pages.append(index + 1)
        doubts = [w.text for w in words if w.unsure]
        if doubts:
            self.ocr_doubts[index + 1] = doubts


def scanned_line(words) -> dict:
    """A line of OCR words as the text lines of a page are given (text and box), with the
    indices of the words of its text (split on spaces) OCR was not sure of."""
    unsure, at = [], 0
    for word in words:
        count = len(word.text.split())
        if word.unsure:
            unsure += range(at, at + count)
        at += count
    return {"text": " ".join(w.text for w in words), "x0": min(w.x0 for w in words),
            "top": min(w.top for w in words), "x1": max(w.x1 for w in words),
            "bottom": max(w.bottom for w in words), "unsure": unsure or None}


def box_of(word) -> tuple[float, float, float, float]:
    return (word.x0, word.top, word.x1, word.bottom)


def char_box(char: dict) -> tuple[float, float, float, float]:
    return (char["x0"], char["top"], char["x1"], char["bottom"])


def with_word_boxes(line: dict) -> dict:
    """The text line without its characters, with the box of each word of its text (split on
    spaces) where its characters are the text's, in order (else without: words, None)."""
    chars = line.get("chars") or []
    out = {k: v for k, v in line.items() if k != "chars"}
    boxes, k = [], 0
    for word in line["text"].split():
        part = chars[k:k + len(word)]
        if "".join(c["text"] for c in part) != word:
            return out
        boxes.append((min(c["x0"] for c in part), min(c["top"] for c in part),
                      max(c["x1"] for c in part), max(c["bottom"] for c in part)))
        k += len(word)
    if k == len(chars):
        out["words"] = boxes
    return out


def unruled_table(text: str, goes_on: bool = False) -> bool:
    """A page's text prints a table's amounts (bare, without a unit after them); or, in 元,
    whole numbers side by side (4205000 3000000: a table in 元 printed without separators).
    A few amounts do on a page printing a table's title or going on with a table read by place
    on the page before (goes_on)."""
    bare = len(BARE_AMOUNT.findall(text))
    if bare >= UNRULED_AMOUNTS or ("元" in text and len(WHOLE_PAIR.findall(text)) >= UNRULED_AMOUNTS):
        return True
    if "元" in text or "万" in text:        # (the amounts print their unit in each cell)
        bare += len(UNIT_CELLS.findall(text))
        if bare >= UNRULED_AMOUNTS:
            return True
    return bare >= SMALL_TABLE_AMOUNTS and (goes_on or TABLE_TITLE.search(text) is not None)


def looks_like_budget(text: str) -> bool:
    """Cheap test before the slow table finder: a disclosure speaks of 预算/决算 and 收入/支出."""
    return ("预算" in text or "决算" in text) and ("支出" in text or "收入" in text)


class Item(NamedTuple):
    """One line of a ruled page before numbering: a grid row (cells) or a text line."""
    top: float
    x0: float
    text: str
    cells: list[str] | None
    bbox: tuple
    boxes: list | None
    table: int = -1          # the index of its table on the page (-1: a text line)
    words: list | None = None    # a text line of a page without rules: each word's box
    unsure: list[int] | None = None   # a scan's grid row: the cells OCR was not sure of


def table_items(table, spilled: list[str] | None = None, stray: list[str] | None = None) -> list[Item]:
    """The rows of a pdfplumber table as Items (spilled: what was done with amounts printed
    across the rules between cells, overflow.py; stray: the lines of text with amounts printed
    inside the table's frame but in none of its cells, which no row reads).

    A row holding one cell that spans most of the table (a title, a 单位 line, a note
    printed inside the frame) becomes plain text lines, as it would be outside the frame."""
    items: list[Item] = []
    width = table.bbox[2] - table.bbox[0]
    doubts = [c for c in table.page.chars if c.get("unsure")]     # a scan's figures OCR was not sure of
    header_zone = False            # between the first row of several cells and the first amount
    amounts_seen = False           # a grid row with an amount has been kept
    every = unspilled(table, spilled if spilled is not None else [])
    if stray is not None:
        stray += stray_lines(table, every)
    column = one_column(every)
    for row, texts in zip(table.rows, every):
        cells = [cell_text(t) for t in texts]
        filled = [(t, b) for t, b in zip(texts, row.cells) if t and t.strip()]
        if column and len(row.cells) == 1:
            # (its empty cells too: the row of the next page's 合计, its code cell empty)
            items.append(Item(row.bbox[1], row.bbox[0], cells[0], cells, tuple(row.bbox), [tuple(row.cells[0])]
                              if row.cells[0] else None))
            continue
        if not filled:
            continue
        if any(AMOUNT_TOKEN.search(t) for t, _ in filled):
            header_zone = False
        elif len(filled) > 1 and not amounts_seen:
            header_zone = True
        if len(filled) == 1 and filled[0][1] and filled[0][1][2] - filled[0][1][0] >= 0.6 * width \
                and not header_zone and not AMOUNT_TOKEN.fullmatch(filled[0][0].strip()):
            top = row.bbox[1]
            for n, part in enumerate(clean_text(filled[0][0]).split("\n")):
                if part.strip():
                    items.append(Item(top + n * 0.01, row.bbox[0], part.strip(), None, tuple(row.bbox), None))
            continue
        boxes = [tuple(b) if b else None for b in row.cells]
        unsure = [n for n, box in enumerate(boxes) if box and any(inside(char_box(c), box, 0) for c in doubts)]
        prev = items[-1] if items and items[-1].cells is not None else None
        if prev is not None and nested(row.bbox, prev):
            # a row drawn inside the previous row's band (a bold parent amount in its own box):
            # one printed row, its cells merged
            for n, (text, box) in enumerate(zip(cells, boxes)):
                if text and n < len(prev.cells) and not prev.cells[n]:
                    prev.cells[n], prev.boxes[n] = text, box
                    if n in unsure:
                        prev = prev._replace(unsure=(prev.unsure or []) + [n])
            items[-1] = prev._replace(text="\t".join(prev.cells))
        else:
            items.append(Item(row.bbox[1], row.bbox[0], "\t".join(cells), cells, tuple(row.bbox), boxes,
                              unsure=unsure or None))
        amounts_seen = amounts_seen or bool(AMOUNT_TOKEN.search(items[-1].text))
    return items


def one_column(texts: list[list[str | None]]) -> bool:
    """A grid of one column, four rows at least, each a code or a short label: one column of
    a sheet cut by the page's width (its codes, or its names), not a framed note."""
    cells = [row[0] for row in texts if len(row) == 1 and row[0] and row[0].strip()]
    return (len(cells) >= 4 and all(len(row) == 1 for row in texts)
            and all(len(cell.strip()) <= SHORT_LABEL and "。" not in cell for cell in cells))


SHORT_LABEL = 30


def stray_lines(table, texts: list[list[str | None]]) -> list[str]:
    """The text inside the table's frame that none of its cells holds (a row printed off the
    ruling, part of it beyond the last rule), a line of it each, where it prints an amount
    (a note's words alone may stay unsaid; a whole number alone is one: a table in 元). The
    cells' texts hold as many characters as the frame does on most pages: only then is each
    character looked for in its cells."""
    x0, top, x1, bottom = table.bbox
    framed = [c for c in table.page.chars if not c["text"].isspace() and mid_in(c, x0, top, x1, bottom)]
    held = sum(len("".join(t.split())) for row in texts for t in row if t)
    if len(framed) <= held:
        return []
    loose = [c for c in framed if not any(cell and mid_in(c, *cell) for row in table.rows for cell in row.cells)]
    lines: dict[int, list[dict]] = {}
    for c in loose:
        lines.setdefault(round((c["top"] + c["bottom"]) / 4), []).append(c)   # a line: 2 pt bands
    out = []
    for _, chars in sorted(lines.items()):
        text = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
        if AMOUNT_TOKEN.search(text) or LOOSE_WHOLE.fullmatch(text):
            v = (chars[0]["top"] + chars[0]["bottom"]) / 2
            beside = [" ".join(" ".join(t.split()) for t in row_texts if t and t.strip())
                      for row, row_texts in zip(table.rows, texts) if row.bbox[1] <= v < row.bbox[3]]
            out.append(f"“{text}”" + (f"（在“{beside[0]}”一行）" if beside and beside[0] else ""))
    return out


# loose characters that are one whole number and nothing else (a table in 元 prints its amounts
# so): an amount, where a note's number stands among words
LOOSE_WHOLE = re.compile(rf"[{re.escape(MARKS)}]?\d+[)）]?")


def mid_in(char: dict, x0: float, top: float, x1: float, bottom: float) -> bool:
    """The character's middle lies in the box (as pdfplumber puts a character in its cell)."""
    h, v = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return x0 <= h < x1 and top <= v < bottom


def unspilled(table, said: list[str]) -> list[list[str | None]]:
    """The table's cell texts, each amount printed across a rule into the next cell given back
    to its own cell (or its cells left unread, overflow.py), and each word run on past its
    cell's side into the next cell's text given back to its own (overrun_words)."""
    from .overflow import RowChars, overrun_words, spilled_cells, table_places

    texts = table.extract()
    chars = RowChars(table.page.chars)
    places = table_places(texts)
    for n, row in enumerate(table.rows):
        band = chars.between(row.bbox[1], row.bbox[3])
        fixed, what = spilled_cells(row.cells, texts[n], band, places)
        if fixed:
            texts[n] = [fixed.get(k, t) for k, t in enumerate(texts[n])]
            said += what
        if len([t for t in texts[n] if t]) > 1 and (words := overrun_words(row.cells, texts[n], band)):
            texts[n] = [words.get(k, t) for k, t in enumerate(texts[n])]
    return texts


def nested(bbox, prev: Item) -> bool:
    """A row whose band lies inside every filled cell of the previous row (not merely inside
    the previous row's band, which a cell spanning several header rows stretches)."""
    filled = [b for t, b in zip(prev.cells, prev.boxes) if t and b]
    return bool(filled) and all(b[1] - 1 <= bbox[1] and bbox[3] <= b[3] + 1 for b in filled)


# ---- a row broken across a page break ---------------------------------------------------------
# Word lets a table row break across pages (its default): the row's text goes on at the top of
# the next page in a row of its own, without code or amounts of its own (an amount's last digits
# at most). Such a row is joined back to the row it continues, where the text says for certain
# that it goes on: a number split in two, or a cell whose last line on the page is full (the
# text wrapped there).

ROOM_SLACK = 0.5            # points: a line whose room left is this much less than the next character is full


class OpenRow(NamedTuple):
    """The last row of a page's last table, which the next page's first row may continue."""
    page: int                       # the 0-based index of the next page
    line: Line
    header: set[tuple[str, ...]]    # its table's rows above the first amount (a repeated header)
    rows: list[Item]                # its table's rows on its page
    chars: list[dict]               # its page's characters
    open_bottom: bool = False       # drawn without its bottom rule (pdfium_page.closing_rules)

    def room(self, n: int) -> float:
        """Points left free on the last line of cell n (beyond the padding); asked only when
        the next page's first row may go on from it."""
        box = self.line.cell_boxes[n]
        return cell_room(self.chars, box, column_boxes(self.rows, n, box))


def open_row(next_page: int, items: list[Item], lines: list[Line], chars: list[dict],
             closing: list[dict] = ()) -> OpenRow | None:
    """The page's last item, when it is a body row of a table (below a row with an amount)."""
    last = next((n for n in range(len(items) - 1, -1, -1) if not FOLIO_FURNITURE.match(items[n].text)), None)
    if last is None or items[last].cells is None:
        return None
    rows = [it for it in items if it.table == items[last].table and it.cells is not None]
    first_amount = next((n for n, it in enumerate(rows) if AMOUNT_TOKEN.search(it.text)), None)
    if first_amount is None or rows[first_amount].top > items[last].top:
        return None                  # a table's header at the foot of a page: no body row to go on
    header = {tuple(it.cells) for it in rows[:first_amount]}
    return OpenRow(next_page, lines[last], header, rows, chars, drawn_open(items[last], closing, "bottom"))


def drawn_open(item: Item, closing: list[dict], side: str) -> bool:
    """The row's `side` (top or bottom) is a rule added where the grid's verticals end open."""
    y = item.bbox[1] if side == "top" else item.bbox[3]
    return item.cells is not None and any(
        rule["closing"] == side and abs(rule["top"] - y) <= 1.0 and rule["x0"] <= item.bbox[2]
        and item.bbox[0] <= rule["x1"] for rule in closing)


def open_cells(row: OpenRow, item: Item) -> dict[int, str] | None:
    """The filled cells of `item` (by index) when it is the rest of the open row drawn open: the
    same columns (each filled cell under the row's cell), whatever the text."""
    prev = row.line
    if len(item.cells) != len(prev.cells) or not prev.cell_boxes:
        return None
    joins = {}
    for n, text in enumerate(item.cells):
        if text:
            if item.boxes[n] is None or not same_column(item.boxes[n], prev.cell_boxes[n]):
                return None
            joins[n] = text
    return joins or None


def under_header(tables, rows: int) -> float:
    """The bottom of the row under the first `rows` rows of the page's top table: where a
    header printed again, cut short, puts the words it does not show (LibreOffice draws them
    below it, clipped away: pdfium_page.drop_hidden)."""
    top = min(tables, key=lambda t: t.bbox[1])
    return top.rows[min(rows, len(top.rows) - 1)].bbox[3]


def continuation_at(items: list[Item], header: set[tuple[str, ...]]) -> int | None:
    """Where the page's first table row stands, past a page number and the table's header
    printed again (Word repeats header rows; LibreOffice may cut their words short); None
    when text comes first (a new table)."""
    for n, it in enumerate(items):
        if it.cells is None:
            if not FOLIO_FURNITURE.match(it.text):
                return None
        elif tuple(it.cells) not in header and not any(starts_of(it.cells, row) for row in header):
            return n
    return None


def continued_cells(row: OpenRow, item: Item, chars: list[dict]) -> dict[int, str] | None:
    """The cells of `item` (filled ones, by index) when it is the rest of the open row: the same
    columns, text only in cells the row fills, each going on for certain; else None."""
    prev = row.line
    if len(item.cells) != len(prev.cells) or not any(item.cells):
        return None
    joins = {}
    for n, text in enumerate(item.cells):
        if not text:
            continue
        box, old = item.boxes[n], prev.cells[n]
        if not old or box is None or not prev.cell_boxes or not same_column(box, prev.cell_boxes[n]):
            return None
        if bool(NUMBER_PIECE.fullmatch(text)) != bool(NUMBER_PIECE.fullmatch(old)):
            return None                 # a number beside a word: not one cell's text going on
        full = row.room(n) < first_char_width(chars, box) - ROOM_SLACK     # its text wrapped on
        if NUMBER_PIECE.fullmatch(text):
            # pieces of one number ("180,927." and "36"), or a number going on from a full line
            if wrapped_number([old, text]) is None and not (full and whole_number(old + text)):
                return None
        elif not full or ITEM_START.match(text):
            return None
        joins[n] = text
    return joins


# the start of an item of its own ("十、…", "（一）…", "3.…", "其中：", a code "209…"): no
# wrapped text's rest
ITEM_START = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|其中"
                        r"|\d{3,}(?![\d,.]))")


def same_column(box, other) -> bool:
    return other is not None and abs(box[0] - other[0]) < 2 and abs(box[2] - other[2]) < 2


def column_boxes(rows: list[Item], n: int, box) -> list[tuple]:
    """The boxes of the table's cells in column n as wide as `box` (not merged wider)."""
    return [it.boxes[n] for it in rows if it.boxes and n < len(it.boxes) and it.boxes[n] is not None
            and same_column(it.boxes[n], box)]


def text_lines_in(chars: list[dict], box) -> list[tuple[float, float, float]]:
    """(top, x0, x1) of each line of text inside a cell box, top to bottom."""
    lines: list[list[float]] = []
    for c in sorted((c for c in chars if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
                     and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]), key=lambda c: (c["top"], c["x0"])):
        if lines and c["top"] - lines[-1][0] < (c["bottom"] - c["top"]) / 2:
            lines[-1][1], lines[-1][2] = min(lines[-1][1], c["x0"]), max(lines[-1][2], c["x1"])
        else:
            lines.append([c["top"], c["x0"], c["x1"]])
    return [tuple(line) for line in lines]


def cell_room(chars: list[dict], box, column: list[tuple]) -> float:
    """The width left free on the last line of text in a cell, beyond the cell's padding (the
    smallest gap between any line and its cell side in the column: left- or right-aligned
    text touches the padding on one side). Infinite when the cell shows no text."""
    chars = [c for c in chars if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]]     # the column's (read once)
    lines = text_lines_in(chars, box)
    if not lines:
        return float("inf")
    gaps = [min(x0 - b[0], b[2] - x1) for b in column for _, x0, x1 in text_lines_in(chars, b)]
    pad = max(min(gaps, default=0.0), 0.0)
    _, x0, x1 = lines[-1]
    return (x0 - box[0]) + (box[2] - x1) - 2 * pad


def first_char_width(chars: list[dict], box) -> float:
    """The width of the first character printed in a cell (0 when none)."""
    inside = [c for c in chars if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
              and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]]
    first = min(inside, key=lambda c: (round(c["top"]), c["x0"]), default=None)
    return first["x1"] - first["x0"] if first else 0.0


def inside(box, outer, slack: float = 2.0) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    return outer[0] - slack <= cx <= outer[2] + slack and outer[1] - slack <= cy <= outer[3] + slack


def group_lines(words) -> list[list]:
    """OCR words → lines: a word joins the line whose vertical middle it overlaps."""
    lines: list[list] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        mid = (word.top + word.bottom) / 2
        for line in lines:
            if line[0].top <= mid <= line[0].bottom:
                line.append(word)
                break
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def page_list(pages: list[int]) -> str:
    """1、2、3、5 → 1–3、5."""
    runs: list[list[int]] = []
    for n in pages:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else "、".join(map(str, r)) for r in runs)


def path_objects(page) -> int:
    """The paths that show (white boxes behind text are not rules or outlines; white cells on a
    dark table are), counted as far as the thresholds that ask (MIN_RULES, DRAWN_TEXT) need."""
    import pypdfium2.raw as raw

    from .pdfium_page import shown_paths

    return sum(1 for _ in itertools.islice(shown_paths(raw, page, max_depth=2), DRAWN_TEXT + 1))


DRAWINGS = ("rect", "line", "curve")      # pdfplumber's objects that may be rules


def plumbed_tables(plumbed) -> list:
    """pdfplumber's tables on its own parsing of a page, found by the drawings that leave ink
    (and white boxes drawn on a dark fill, as pdfium_page's shown_paths reads them)."""
    from .pdfium_page import lies_on

    grounds: list[tuple] = []
    unseen: set[int] = set()
    for obj in [*plumbed.rects, *plumbed.curves]:
        box = (obj["x0"], obj["top"], obj["x1"], obj["bottom"])
        if obj.get("fill") and is_dark(obj.get("non_stroking_color")):
            grounds.append(box)
        elif not leaves_ink(obj) and not (obj.get("fill") and lies_on(box, grounds)):
            unseen.add(id(obj))
    return plumbed.filter(lambda obj: obj.get("object_type") not in DRAWINGS or id(obj) not in unseen).find_tables()


def leaves_ink(obj: dict) -> bool:
    """pdfplumber's drawing is stroked or filled in a colour other than white (paint for
    pdfium's paths)."""
    return bool(obj.get("stroke")) and not is_white(obj.get("stroking_color")) \
        or bool(obj.get("fill")) and not is_white(obj.get("non_stroking_color"))


def channels(color) -> tuple | None:
    """A pdfplumber colour as a tuple of numbers (gray, RGB or CMYK); None for other forms
    (patterns, named colours)."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not all(isinstance(c, (int, float)) for c in color):
        return None
    return tuple(color)


def is_dark(color) -> bool:
    """A pdfplumber colour darker than middle grey (gray, RGB or CMYK; others are not)."""
    color = channels(color)
    if color is None:
        return False
    if len(color) == 1:
        return color[0] < 0.5
    if len(color) == 3:
        return 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2] < 0.5
    return len(color) == 4 and (1 - color[3]) * (1 - max(color[:3])) < 0.5


def is_white(color) -> bool:
    """A pdfplumber colour that is paper white: gray 1, RGB 1 1 1 or CMYK 0 0 0 0. Unknown
    forms (patterns, named colours) are taken as ink."""
    color = channels(color)
    if color is None:
        return False
    if len(color) in (1, 3):
        return all(c >= 0.98 for c in color)
    return len(color) == 4 and all(c <= 0.02 for c in color)


DRAWN_TEXT = 20      # path objects on a page without text: its words drawn as outlines (转曲)


def is_scan(page, text: str) -> bool:
    """A page without a real text layer (a page number on a scan does not count as one) that
    an image covers, or whose words are drawn as outlines (many paths): OCR reads it. A page
    with neither is blank (a separator page, the empty overflow page a spreadsheet prints),
    and neither OCR nor a warning is due."""
    if len(text.strip()) >= 20:
        return False
    from .ocr import has_large_image, page_has_text

    if page_has_text(page):
        return False
    return has_large_image(page) or (path_objects(page) > DRAWN_TEXT and not rules_only(page))


RULE_WIDTH = 2.0     # points: a path this thin across is a rule (a stroke, a thin filled box)
CELL_SIZE = 12.0     # points: a box this large both ways is a cell's or a frame's, not a glyph's


def rules_only(page) -> bool:
    """Every path that shows is a rule or a cell's box drawn of level and upright strokes: a
    table's frame (a blank form, a table printed without its text), not words drawn as
    outlines, whose glyphs curve and slant or stand a character's size."""
    import ctypes

    from pypdfium2 import raw

    from .pdfium_page import SLANT, shown_paths

    for obj in shown_paths(raw, page, max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        if RULE_WIDTH < min(x1 - x0, y1 - y0) and min(x1 - x0, y1 - y0) < CELL_SIZE:
            return False
        matrix, last = obj.get_matrix(), None
        for k in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
            if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_BEZIERTO:
                return False
            x, y = ctypes.c_float(), ctypes.c_float()
            raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            point = matrix.on_point(x.value, y.value)
            if last is not None and raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_LINETO and \
                    abs(point[0] - last[0]) > SLANT and abs(point[1] - last[1]) > SLANT:
                return False
            last = point
    return True
