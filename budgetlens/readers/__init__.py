"""Readers: a file in any supported form → SourceDocument (numbered lines and table grids).

Each format has its own module (text, pdf, docx, workbook, html, mhtml, delimited for CSV; converted:
.doc, .odt, .rtf and .ods through LibreOffice); the format is decided by the file's first bytes, not its name, so a mislabelled file
is read as what it is."""

from __future__ import annotations

import re
from pathlib import Path

from .base import Line, ReadError, SourceDocument
from .text import read_text

MAX_BYTES = 200 * 1024 * 1024

__all__ = ["Line", "ReadError", "SourceDocument", "package_kind", "read_document", "sniff", "zip_member_name"]


def sniff(data: bytes, name: str = "") -> str:
    """The file's format from its first bytes: pdf, docx, xlsx, xlsb, xls, doc, odt, ods, rtf, html,
    mhtml, zip, image or text."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-" or data[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return open_document_kind(head) or zip_kind(data)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ole_kind(data, name)
    from .image import image_kind

    if image_kind(head) is not None:
        return "image"
    from .mhtml import is_mhtml

    if is_mhtml(head):
        return "mhtml"
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "html"
    # a page of HTML opens with a tag; markdown with its tables as HTML (MinerU and other
    # PDF-to-markdown tools) opens with text, and the text reader reads its tables
    if probe.startswith(b"<") and b"<table" in data[:65536].lower() \
            and (not probe.startswith(b"<table") or re.search(rb"<(html|head|body|meta|title)\b", data[:65536], re.I)):
        return "html"
    if name.lower().endswith((".html", ".htm", ".shtml", ".xhtml")) and re.search(rb"<(html|body|p|div|table)\b", data[:65536], re.I):
        return "html"
    return "text"


# the names of the streams an OLE file's directory holds (UTF-16LE): a Word document's text is
# in "WordDocument", a workbook's cells in "Workbook" (Excel 97 on) or "Book" (Excel 5)
WORD_STREAM = "WordDocument".encode("utf-16-le")
BOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book\0".encode("utf-16-le"))


# an OpenDocument file opens with its entry "mimetype", stored as is, naming its kind
OPEN_DOCUMENT = {b"application/vnd.oasis.opendocument.text": "odt",
                 b"application/vnd.oasis.opendocument.spreadsheet": "ods"}


def open_document_kind(head: bytes) -> str | None:
    if head[30:38] != b"mimetype":
        return None
    return next((kind for mime, kind in OPEN_DOCUMENT.items() if head[38:].startswith(mime)), None)


def ole_kind(data: bytes, name: str) -> str:
    """doc or xls, an OLE (Office 97–2003) file by the streams it holds; by its name where it
    holds both (an object of the other kind embedded in it) or neither."""
    word = WORD_STREAM in data
    book = any(stream in data for stream in BOOK_STREAMS)
    if word != book:
        return "doc" if word else "xls"
    return "doc" if name.lower().endswith((".doc", ".wps", ".dot")) else "xls"


def zip_contents(data: bytes) -> str:
    """What an archive holds, for a message: its first few files."""
    import io
    import zipfile

    try:
        infos = [i for i in zipfile.ZipFile(io.BytesIO(data)).infolist() if not i.is_dir()]
    except zipfile.BadZipFile:
        return "已损坏"
    from .base import first_few

    return f"内含 {len(infos)} 个文件：{first_few([zip_member_name(i) for i in infos])}" if infos else "空的"


def zip_member_name(info) -> str:
    """The member's name as its writer meant it: without the UTF-8 flag, zipfile decodes the
    bytes as CP437; they are GBK where they decode so (Chinese Windows)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437", "replace")
        for encoding in ("utf-8", "gb18030"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return name.replace("\\", "/")          # (some Windows tools write \ between folders)


def zip_kind(data: bytes) -> str:
    import io
    import zipfile

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        # a truncated DOCX/XLSX: its first entries still name the parts (the reader then says
        # the file is damaged, not that it is an archive to unpack)
        head = data[:65536]
        return "docx" if b"word/" in head else "xlsx" if b"xl/" in head else "zip"
    return package_kind(names)


def package_kind(names: list[str]) -> str:
    """docx, xlsx, xlsb or (an archive of files) zip, a ZIP file by the names of its parts."""
    if any(n.startswith("word/") for n in names):
        return "docx"
    if "xl/workbook.bin" in names:        # Excel's binary workbook: the same parts, as records
        return "xlsb"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


def read_document(path: str | Path) -> SourceDocument:
    doc = _read_document(Path(path))
    if doc.encoding is not None:       # a text form: bytes its encoding did not cover, said
        from .text import replaced_warning

        warning = replaced_warning(doc)
        if warning is not None:
            doc.warnings.append(warning)
    return doc


def _read_document(path: Path) -> SourceDocument:
    if not path.exists():
        raise ReadError(f"文件不存在：{path}")
    if path.is_dir():
        raise ReadError(f"这是一个文件夹，不是文件：{path}")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(f"文件为空：{path}")
    if size > MAX_BYTES:
        raise ReadError(f"文件过大（{size // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）：{path}")
    data = path.read_bytes()
    kind = sniff(data, path.name)
    if kind == "pdf":
        from .pdf import read_pdf
        return read_pdf(str(path), data)
    if kind == "image":
        from .image import read_image
        return read_image(str(path), data)
    if kind == "docx":
        from .docx import read_docx
        return read_docx(str(path), data)
    if kind in ("xlsx", "xls", "xlsb"):
        from .workbook import read_workbook
        return read_workbook(str(path), data, kind)
    if kind == "html":
        from .html import read_html
        return read_html(str(path), data)
    if kind == "mhtml":
        from .mhtml import read_mhtml
        return read_mhtml(str(path), data)
    if kind in ("doc", "odt", "rtf", "ods"):
        from .converted import read_converted
        return read_converted(str(path), data, kind)
    if kind == "zip":
        raise ReadError(f"{path.name} 是 ZIP 压缩包（{zip_contents(data)}），不是一份公开文件；"
                        "请解压后逐个读取其中的文件，或用 budgetlens ingest 导入整个压缩包")
    if path.suffix.lower() == ".csv":
        from .delimited import read_delimited
        return read_delimited(str(path), data)
    return read_text(str(path), data)
