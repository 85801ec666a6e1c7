"""What every reader returns: a document as numbered lines, some of them table rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


class ReadError(Exception):
    """A file that cannot be read as a disclosure; the message is for users (Chinese)."""


class NoText(ReadError):
    """A file that opens but holds no text to read (blank pages, scans OCR found nothing in)."""


@dataclass(slots=True)                     # thousands per document: slots build and read faster
class Line:
    no: int                       # 1-based line number in the source
    text: str                     # raw text, tabs kept
    cells: list[str] | None = None  # cells when the source gives a real grid (tabs, PDF ruling)
    page: int | None = None         # 1-based page (PDF), sheet or table number (XLSX, DOCX, HTML)
    bbox: tuple[float, float, float, float] | None = None   # PDF points: x0, top, x1, bottom
    cell_boxes: list[tuple[float, float, float, float] | None] | None = None  # one per cell (PDF)
    cell_refs: list[str | None] | None = None   # one per cell: 'Sheet1!C5', '表格2 第3行第4列'
    ref: str | None = None          # where the line sits when not a page: sheet name, table number
    # a PDF page printed without rules, read by the characters' places: the box of each word of
    # text (text.split()), in PDF points as bbox
    word_boxes: list[tuple[float, float, float, float]] | None = None
    # a scanned page read by OCR: the indices of the cells whose text no reading was sure of
    # (a figure the table readers report rather than read)
    unsure: list[int] | None = None
    # read by OCR (a scanned page, an OCR text): a figure's odd marks may be misreadings
    ocr: bool = False
    # the cells whose printed value the file does not hold, by index: why (Chinese, e.g.
    # 公式无计算结果, 错误值 #REF!). Such a cell reads '' but is no empty cell: the table readers
    # keep it as unread, never as an absent amount or a 0
    unread: dict[int, str] | None = None
    # (grids) the cells whose figure is merged over several columns, by index: how many. Which
    # of them it is in (or whether it is theirs together) the grid does not say: the table
    # readers keep the columns as its candidates (a tie the geometry cannot decide)
    spans: dict[int, int] | None = None


@dataclass
class SourceDocument:
    path: str
    format: str                   # markdown / ocr / plain / …
    encoding: str | None
    sha256: str
    lines: list[Line] = field(default_factory=list)
    pages: int | None = None      # pages read (PDF)
    warnings: list[str] = field(default_factory=list)   # what the reader could not read (Chinese)
    notes: list[str] = field(default_factory=list)      # what the reader mended, for information (Chinese)
    parts: list[str] = field(default_factory=list)      # files merged into this document, in order
    file_starts: list[int] = field(default_factory=list)   # the line index where each merged file begins
    # where the file shows a picture (a table pasted as an image is not read: no OCR of embedded
    # images): told where a table is missing (pipeline.report_missing), in Chinese
    pictures: list[str] = field(default_factory=list)      # one per picture
    # the title the file gives itself outside its text (a web page's <title>): no line of the
    # document, but the unit, year and phase where the text names none (extract/meta.py)
    title: str | None = None
    # a PDF sheet's columns printed on the next page and joined to its lines (readers/pdf_wide.py):
    # each joined line's number → (shift, page) of each page joined, the points its boxes were
    # moved right by: a figure's provenance names the page and place it is printed at
    folds: dict[int, tuple[tuple[float, int], ...]] = field(default_factory=dict)
    # a workbook's cells whose value it does not hold (Line.unread) that hold a formula:
    # (line number, cell index) → the formula as typed ("=8台", a value typed with a leading =)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    def line_numbered(self, no: int) -> Line | None:
        """The line numbered `no` (None: none): in a plain file line n stands at n - 1; a
        document whose numbers do not follow their places (merged files, quoted cells joined)
        is searched."""
        lines = self.lines
        if 0 < no <= len(lines) and lines[no - 1].no == no:
            return lines[no - 1]
        return next((x for x in lines if x.no == no), None)


def lines_holding(lines: list[Line], words: tuple[str, ...]) -> dict[str, list[int]]:
    """Each word (no line break in it) → the indices of the lines whose text holds it, in order.

    One search of the lines' texts joined by line breaks per word, which jumps from one
    occurrence to the next, instead of a test per line and word (most lines hold none): an
    occurrence is on the line after as many breaks as come before it, and the search goes on
    at the next line. A word holds no break, so no occurrence runs over two lines. Where a
    text holds a break of its own (no reader of plain text makes one), each line is tested."""
    texts = [line.text for line in lines]
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return {word: [i for i, text in enumerate(texts) if word in text] for word in words}
    find, count = joined.find, joined.count
    out: dict[str, list[int]] = {}
    for word in words:
        found = out[word] = []
        line, start = 0, 0                  # the line that begins at `start`
        at = find(word)
        while at != -1:
            line += count("\n", start, at)
            found.append(line)
            start = find("\n", at) + 1     # (0: no line after it)
            if not start:
                break
            line += 1
            at = find(word, start)
    return out


def pictures_said(pictures: list[str]) -> str:
    """The pictures of a file as a warning tells them: how many, and the first few places."""
    return f"{len(pictures)} 张图片（{first_few(list(dict.fromkeys(pictures)))}）"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shortened(text: str, limit: int = 20) -> str:
    """A text quoted in a warning: its first `limit` characters, an ellipsis where cut."""
    return text if len(text) <= limit else text[:limit] + "……"


def first_few(texts: list[str], shown: int = 3) -> str:
    """The first texts a warning names, joined, and how many there are where not all are named
    ('a；b；c 等 5 处')."""
    more = f" 等 {len(texts)} 处" if len(texts) > shown else ""
    return "；".join(texts[:shown]) + more
