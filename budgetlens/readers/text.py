"""Text conversions of disclosures: markdown with tab rows, OCR text, pdftotext plain text."""

from __future__ import annotations

import re

from ..text import parse_amount
from .base import Line, ReadError, SourceDocument, sha256_bytes

OCR_NUMBER = re.compile(r"(?<![\d.])\d+\. \d{1,2}(?!\d)")
SPLIT_CODE = re.compile(r"^\d{2} \d$")


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK and GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ReadError("文件含二进制内容，不是文本文件")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("无法识别文件的字符编码（已尝试 UTF-8、GB18030）")
    return str(best), best.encoding


def detect_form(lines: list[Line]) -> str:
    """markdown (a grid from tab or pipe rows), ocr (such a grid with OCR's split numbers and
    codes) or plain (no grid: pdftotext text)."""
    rows = [ln for ln in lines if ln.cells is not None]
    if len(rows) < 5:
        return "plain"
    ocr_signs = 0
    for ln in rows:
        if " " not in ln.text:          # both signs have a space inside: '384. 33', '20 1'
            continue
        for c in ln.cells:
            c = c.strip()
            if " " in c and (OCR_NUMBER.search(c) or SPLIT_CODE.match(c)):
                ocr_signs += 1
                if ocr_signs >= 3:
                    return "ocr"
    return "markdown"


def read_text(path: str, data: bytes) -> SourceDocument:
    text, encoding = decode(data)
    # CSV named otherwise (a comma per line at least, checked first: one count, no split)
    if text.count(",") >= text.count("\n") and "\t" not in text:
        from .delimited import looks_delimited, read_delimited
        if looks_delimited(text):
            return read_delimited(path, data)
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cells = [line.split("\t") if "\t" in line else None for line in raw]
    if "<table" in text or "<TABLE" in text:
        lines = with_html_tables(raw, cells)
    elif "|" in text and "-" in text and any(map(is_pipe_delimiter, raw)):
        lines = with_pipe_tables(raw, cells)
    else:
        lines = list(map(Line, range(1, len(raw) + 1), raw, cells))      # map: a quarter faster than a loop
    form = detect_form(lines)
    pages = number_pages(lines) if "\f" in text else None
    return SourceDocument(path=path, format=form, encoding=encoding, sha256=sha256_bytes(data),
                          lines=lines, pages=pages)


# ---- tables written as markdown pipe tables (docling, marker, pandoc) ----------------------------

# The row under a pipe table's header: | --- | :---: | (GitHub-flavoured markdown; a pipe needed)
PIPE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def is_pipe_delimiter(line: str) -> bool:
    return "|" in line and "-" in line and PIPE_DELIMITER.match(line) is not None


def pipe_cells(line: str) -> list[str]:
    """A pipe table row's cells: the outer pipes dropped, split at unescaped pipes (\\| is a
    pipe inside a cell)."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [c.strip().replace("\\|", "|") for c in UNESCAPED_PIPE.split(text)]


def with_pipe_tables(raw: list[str], cells: list[list[str] | None]) -> list[Line]:
    """Lines where each pipe table (a header row, its delimiter row, the rows down to a blank
    line or a line without a pipe) is a grid like the tab-separated form: a row's cells are
    its pipe-separated cells, the delimiter row is left out, and a row with no text is blank."""
    skip: set[int] = set()
    i = 1
    while i < len(raw):
        if not (is_pipe_delimiter(raw[i]) and "|" in raw[i - 1] and raw[i - 1].strip()):
            i += 1
            continue
        skip.add(i)
        cells[i - 1] = pipe_cells(raw[i - 1])
        j = i + 1
        while j < len(raw) and "|" in raw[j] and raw[j].strip():
            if is_pipe_delimiter(raw[j]):
                skip.add(j)          # a converter's repeated header rule
            else:
                cells[j] = pipe_cells(raw[j])
            j += 1
        i = j
    lines = []
    for n, (text, row) in enumerate(zip(raw, cells), start=1):
        if n - 1 in skip:
            continue
        if row is not None and "\t" not in text:       # a pipe row: a grid row, or blank when empty
            merged = spanned_text(row)
            if merged is not None:      # a title or 单位 line inside the table
                lines.append(Line(n, merged))
            else:
                lines.append(Line(n, "\t".join(row), cells=row) if any(row) else Line(n, ""))
        else:
            lines.append(Line(n, text, cells=row))
    return lines


def spanned_text(row: list[str]) -> str | None:
    """The text of a row that is one cell spanning the table: converters that write a merged
    cell into every column it covers (docling) repeat it in all (a title, 单位：万元). A row
    of one amount repeated is data."""
    first = row[0]
    if len(row) < 2 or not first or row.count(first) != len(row) or parse_amount(first) is not None:
        return None
    return first


# ---- tables written as HTML inside the text (MinerU and other PDF-to-markdown tools) -------

TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.I)


def with_html_tables(raw: list[str], cells: list[list[str] | None]) -> list[Line]:
    """Lines where each <table>…</table> (on one line or several) is read as the HTML reader
    reads tables (merged cells, wrapped text, layout tables as text). A row's line is the
    source line its <tr> starts on; its cells carry the HTML reader's references (表格2
    第3行第4列). Text around a table on its lines stays text, and pipe tables are read too."""
    if any(map(is_pipe_delimiter, raw)):
        plain = with_pipe_tables(raw, cells)
    else:
        plain = list(map(Line, range(1, len(raw) + 1), raw, cells))
    out: list[Line] = []
    tables = [0]                  # tables read so far (they are numbered through the document)
    i = 0
    while i < len(plain):
        ln = plain[i]
        m = TABLE_TAG.search(ln.text) if ln.cells is None else None
        if m is None or m.group(1):
            out.append(ln)
            i += 1
            continue
        end, close = table_end(plain, i, m.start())
        if end is None:           # never closed: left as text
            out.append(ln)
            i += 1
            continue
        before, after = ln.text[:m.start()], plain[end].text[close:]
        if before.strip():
            out.append(Line(ln.no, before))
        if end == i:
            region = ln.text[m.start():close]
        else:
            region = "\n".join([ln.text[m.start():], *(x.text for x in plain[i + 1:end]), plain[end].text[:close]])
        out.extend(html_table_lines(region, ln.no, tables))
        if after.strip():
            out.append(Line(plain[end].no, after))
        i = end + 1
    return out


def table_end(lines: list[Line], i: int, start: int) -> tuple[int | None, int]:
    """The index of the line where the table opening at lines[i].text[start:] closes (nested
    tables counted) and the offset just past its </table>; (None, 0) when it never closes."""
    depth = 0
    for k in range(i, min(len(lines), i + 20000)):
        text = lines[k].text
        for m in TABLE_TAG.finditer(text, start if k == i else 0):
            depth += -1 if m.group(1) else 1
            if depth == 0:
                return k, m.end()
    return None, 0


def html_table_lines(region: str, first_no: int, tables: list[int]) -> list[Line]:
    """The Lines of the tables in `region` (HTML), numbered by the source lines of their rows."""
    import lxml.html
    from lxml import etree

    from .html import HtmlReader

    try:
        root = lxml.html.fragment_fromstring(region, create_parent="div")
    except (etree.ParserError, ValueError):
        return [Line(first_no, region)]
    reader = HtmlReader()
    reader.tables = tables[0]
    reader.block(root)
    reader.flush()
    tables[0] = reader.tables
    for line, source in zip(reader.lines, reader.sources):
        line.no = first_no + (source - 1 if source else 0)
    return reader.lines


def number_pages(lines: list[Line]) -> int:
    """Text converted from a PDF (pdftotext) marks each new page with a form feed: every line
    gets its page, and a line's provenance then names it. The number of pages."""
    page, last = 1, 1
    for ln in lines:
        page += ln.text.count("\f")
        ln.page = page
        if ln.text.strip(" \f"):
            last = page               # pdftotext ends every page with one: the last opens none
    return last
