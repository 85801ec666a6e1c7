"""Pictures a document shows (a table pasted or scanned as a picture), read by OCR where
tesseract is installed (readers/image.py), their lines placed where the picture stands.

Word's pictures (readers/docx.py) and a web page's (readers/html.py) are read so. Each
reader says where its pictures' bytes are (`blob_of`); the reading, its time budget and what
it tells are the same for all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from .base import Line, NoText, ReadError
from .ocr import ocr_available

# the forms whose pictures are read so (their lines may be OCR's: Line.ocr)
PICTURED_FORMATS = ("docx", "html", "mhtml", "xlsx", "doc", "odt", "rtf", "ods")     # (the last, converted: readers/converted.py)
PICTURES_BUDGET = 300.0      # seconds of OCR for a document's pictures (a report of photos must not take hours)


class PictureReader:
    """The text of a document's pictures. blob_of(picture) gives the picture's bytes, or why
    the file does not hold them (a linked picture); without it, each picture is given as its
    bytes or that reason already."""

    def __init__(self, name: str, blob_of: Callable[[object], bytes | str] | None = None):
        self.name, self.blob_of = name, blob_of or (lambda blob: blob)
        self.count = 0                   # pictures read so far: each one's lines are its own page
        self.budget, self.deadline = PICTURES_BUDGET, None     # seconds for all the pictures of the file

    def read(self, picture, where: str) -> tuple[list[Line], str | None, list[str]]:
        """The picture's lines (none when it holds no text), why it is not read (None when it
        is), and what the reading warns of besides its being OCR's (the caller says that)."""
        from .image import read_image
        from .pdf import OCR_PAGES_SAID

        blob = self.blob_of(picture)
        if isinstance(blob, str):
            return [], blob, []
        self.deadline = self.deadline or time.monotonic() + self.budget
        if time.monotonic() > self.deadline:
            return [], f"全文图片的识别时间（{self.budget:.0f} 秒）已用完", []
        self.count += 1
        try:
            doc = read_image(f"{self.name} 图片{self.count}", blob)     # (a name its messages give)
        except NoText:
            return [], None, []             # a photo, a blank: no text, nothing failed
        except ReadError as exc:
            return [], str(exc), []
        ref = f"{where}的图片{self.count}"
        return ([picture_line(ln, ref, self.count) for ln in doc.lines], None,
                [w for w in doc.warnings if OCR_PAGES_SAID not in w])


def picture_line(ln: Line, ref: str, number: int) -> Line:
    """A line OCR read in a picture, placed in the document: its page is the picture's number,
    its cells named by the picture and their place in the picture's text."""
    refs = None if ln.cells is None else [f"{ref} 第{ln.no}行第{k + 1}格" for k in range(len(ln.cells))]
    return replace(ln, page=number, ref=ref, cell_refs=refs)


class PicturesPlaced:
    """What a reader does with the pictures it meets: each one's lines after what it read so
    far (numbered on), told in the reader's `warnings`; a picture not read is listed where it
    is (the reader's `unread`: SourceDocument.pictures), and why where OCR ran."""

    def __init__(self, reader: PictureReader | None, warnings: list[str], unread: list[str]):
        self.reader = reader
        self.ocr: bool | None = None      # whether pictures can be read (asked at the first picture)
        self.lines: list[Line] = []       # the lines read in pictures
        self.warnings, self.unread = warnings, unread

    def place(self, picture, where: str, place: str, lines: list[Line], told: str | None = None) -> list[Line]:
        """The picture's lines, appended to `lines` (none where it was not read). where: what
        its lines' references start with ("段落7"); place: where it is, as listed when not
        read; told: how warnings name it (place + "的图片" unless given)."""
        told = told or f"{place}的图片"
        if self.ocr is None:
            self.ocr = self.reader is not None and ocr_available()
        if not self.ocr:
            self.unread.append(place)
            return []
        read, failed, warned = self.reader.read(picture, where)
        if not any(ln.text.strip() for ln in read):
            self.unread.append(place)         # (a warning tells it where a table lacks)
            if failed:
                self.warnings.append(f"{told}未能识别：{failed}")
            return []
        first = len(lines) + 1
        placed = [replace(ln, no=first + k) for k, ln in enumerate(read)]
        lines.extend(placed)
        self.lines.extend(placed)
        self.warnings.append(f"{told}已用 OCR 识别出 {sum(1 for ln in read if ln.text.strip())} 行文字，"
                             "请对照原图核对其中的数字")
        self.warnings.extend(f"{told}：{w}" for w in warned)
        return placed

    def pages_after(self, tables: int) -> None:
        """A picture's page counted after the document's tables (Line.page of a table's rows)."""
        for ln in self.lines:
            ln.page += tables
