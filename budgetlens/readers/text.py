"""Text conversions of disclosures: markdown with tab rows, OCR text, pdftotext plain text."""

from __future__ import annotations

import re

from ..text import parse_amount, strip_markup
from .base import Line, ReadError, SourceDocument, sha256_bytes
from .glued import unglue_lines
from .grid import UNPRINTED
from .wrapped import join_decimal_wraps

OCR_NUMBER = re.compile(r"(?<![\d.])\d+\. \d{1,2}(?!\d)")
SPLIT_CODE = re.compile(r"^\d{2} \d$")


REPLACED = "\ufffd"          # what a byte that is not of the text's encoding is read as
# UNPRINTED's characters (grid.py), each looked for alone before UNPRINTED runs: the search for
# one character jumps through the text, the class's search tests each character in turn (a
# sixth of reading seed 000); tests/test_readers.py checks that the two agree
UNPRINTED_CHARS = ("\u00ad", *map(chr, range(0x200b, 0x2010)), *map(chr, range(0x202a, 0x202f)),
                   *map(chr, range(0x2060, 0x2065)), "\ufeff")


def replaced_warning(doc: SourceDocument) -> str | None:
    """The lines of a text read where bytes of another encoding were replaced (decode): their
    words there are lost, and the reader says so; None where no read line has one (they stood
    in markup the reader does not keep, an HTML page's style)."""
    text = "".join([ln.text for ln in doc.lines])
    if REPLACED not in text:
        return None                      # (most texts: one search of them all)
    lines = [ln.no for ln in doc.lines if REPLACED in ln.text]
    count = text.count(REPLACED)
    shown = "、".join(map(str, lines[:5])) + (" 等" if len(lines) > 5 else "")
    return (f"文件中有 {count} 处字节不是 {doc.encoding} 编码的文字，已替换为“{REPLACED}”读取（第 {shown} 行），"
            "这些位置的文字已丢失，请核对原文件")


def decoded_mostly(data: bytes, codec: str) -> str | None:
    """The bytes read in `codec`, the few that are not replaced by U+FFFD; None where they
    are not few. (GBK read as UTF-8 leaves few characters beyond ASCII whole: a file's own
    are ten times those replaced at least.)"""
    text = data.decode(codec, errors="replace")
    bad = text.count(REPLACED)
    return text if bad <= max(8, (sum(1 for c in text if c > "\x7f") - bad) // 10) else None


def utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 written without its byte-order mark (some exports): (the text, the codec), where
    the text's zero bytes stand on one side of its pairs (every ASCII character, line breaks
    among them, has one there) and it decodes with few characters replaced; else None (binary)."""
    head = data[:4096]
    if len(data) % 2 or head.count(b"\x00") < len(head) // 16:
        return None
    odd, even = head[1::2].count(b"\x00"), head[0::2].count(b"\x00")
    # (a CJK character may have a zero byte too, U+4E00: the ASCII ones put far more on one side)
    codec = "utf-16-le" if odd >= 4 * even else "utf-16-be" if even >= 4 * odd else None
    text = decoded_mostly(data, codec) if codec is not None else None
    return (text, codec) if text is not None else None


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK and GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data[:4096]:
        read = utf16_without_bom(data)
        if read is None:
            raise ReadError("文件含二进制内容，不是文本文件")
        return read
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
    # a few bytes that are not of the file's encoding (a converter writing a font's name raw
    # into a UTF-8 page, a file cut or joined from two): the rest read, those replaced by
    # U+FFFD (read_document says where). UTF-8 first: GBK text read as UTF-8 breaks at almost
    # every character, while UTF-8 read as GB18030 would pass as other characters.
    for codec in ("utf-8", "gb18030"):
        text = decoded_mostly(data, codec)
        if text is not None:
            return text, codec
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
            # (OCR_NUMBER needs a ". " and SPLIT_CODE four characters: most cells are
            # ruled out without a regex)
            if " " in c and ((". " in c and OCR_NUMBER.search(c)) or (len(c) == 4 and SPLIT_CODE.match(c))):
                ocr_signs += 1
                if ocr_signs >= 3:
                    return "ocr"
    return "markdown"


def read_text(path: str, data: bytes) -> SourceDocument:
    text, encoding = decode(data)
    if any(c in text for c in UNPRINTED_CHARS):
        # characters that print nothing (a zero-width space a web editor left beside a figure,
        # "211.11\u200b"): kept, the figure would not read as a number and be lost in silence
        text = UNPRINTED.sub("", text)
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    has_table = HAS_TABLE.search(text) is not None
    has_pipes = "|" in text and "-" in text and any(map(is_pipe_delimiter, raw))
    # CSV named otherwise (a comma per line at least, counted first)
    if text.count(",") >= text.count("\n") and "\t" not in text and not has_table and not has_pipes:
        from .delimited import looks_delimited, read_delimited
        if looks_delimited(text):
            return read_delimited(path, data)
    numbers = range(1, len(raw) + 1)
    if "\t" in text and '"' in text and not has_table and not has_pipes:
        raw, numbers = quoted_cells_joined(raw)
    # (a text without a tab has no tab row: one test of the whole text, not one per line)
    cells = [line.split("\t") if "\t" in line else None for line in raw] if "\t" in text else [None] * len(raw)
    warnings: list[str] = []
    if has_table:
        lines, warnings = with_html_tables(raw, cells, has_pipes)
    elif has_pipes:
        lines = with_pipe_tables(raw, cells)
    else:
        lines = list(map(Line, numbers, raw, cells))      # map: a quarter faster than a loop
    form = detect_form(lines)
    notes: list[str] = []
    if form == "ocr":
        for ln in lines:
            ln.ocr = True
    if form == "plain":        # pdftotext may run two columns' amounts together, or wrap one
        warnings += unglue_lines(lines, text)
        notes = join_decimal_wraps(lines, text)
    pages = number_pages(lines) if "\f" in text else None
    return SourceDocument(path=path, format=form, encoding=encoding, sha256=sha256_bytes(data),
                          lines=lines, pages=pages, warnings=warnings, notes=notes)


QUOTED_LINES = 3           # a quoted cell's lines at most (a name broken by hand once or twice)


def quoted_cells_joined(raw: list[str]) -> tuple[list[str], list[int]]:
    """Tab-separated text whose cell holds a line break typed in it (Alt+Enter in a
    spreadsheet saved as tab-delimited text): the cell is written in quotes over its lines
    ("台式计算机 / 采购"\t30.00). Each such row as one line, its cell's lines run together
    (the quotes dropped, a doubled quote one), numbered as its first line; the others' numbers
    kept. Before: the first line of the name was read as a paragraph, the row named 采购"."""
    out, numbers = [], []
    i = 0
    while i < len(raw):
        line = raw[i]
        last = line.rsplit("\t", 1)[-1]
        end = None
        if last.startswith('"') and last.count('"') % 2 == 1:
            end = next((j for j in range(i + 1, min(i + QUOTED_LINES, len(raw)))
                        if raw[j].split("\t", 1)[0].count('"') % 2 == 1), None)
        if end is None or not raw[end].split("\t", 1)[0].endswith('"') or "\t" not in line + raw[end]:
            out.append(line)
            numbers.append(i + 1)
            i += 1
            continue
        first = raw[end].split("\t", 1)[0]
        cell = "".join([last[1:], *raw[i + 1:end], first[:-1]]).replace('""', '"')
        out.append(line[:len(line) - len(last)] + cell + raw[end][len(first):])
        numbers.append(i + 1)
        i = end + 1
    return out, numbers


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
            if is_pipe_delimiter(raw[j]) and all(re.fullmatch(r":?-{3,}:?", c) for c in pipe_cells(raw[j])):
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
    if len(row) < 2 or not first or row.count(first) != len(row) or parse_amount(strip_markup(first)) is not None \
            or strip_markup(first) in ("-", "—", "－", "/", "…"):
        return None
    return first


# ---- tables written as HTML inside the text (MinerU and other PDF-to-markdown tools) -------

TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.I)
HAS_TABLE = re.compile(r"<table\b", re.I)
TABLE_OPENS_LINE = re.compile(r"\s*<table\b", re.I)


# the markup of a table's rows: the lines an unclosed <table> is taken to run over
TABLE_MARKUP = re.compile(r"</?(?:table|tr|td|th|thead|tbody|tfoot|caption)\b", re.I)


def with_html_tables(raw: list[str], cells: list[list[str] | None],
                     has_pipes: bool) -> tuple[list[Line], list[str]]:
    """Lines where each <table>…</table> (on one line or several, several on a line) is read as
    the HTML reader reads tables (merged cells, wrapped text, layout tables as text). A row's
    line is the source line its <tr> starts on; its cells carry the HTML reader's references
    (表格2 第3行第4列). Text around a table stays text, and pipe tables are read too. A table
    never closed (a truncated conversion) is read over the lines of table markup that follow
    its opening, and a warning says so. (has_pipes: some line is a pipe table's delimiter.)"""
    if has_pipes:
        plain = with_pipe_tables(raw, cells)
    else:
        plain = list(map(Line, range(1, len(raw) + 1), raw, cells))
    spans = table_spans(plain)
    out: list[Line] = []
    unclosed: list[int] = []      # lines of tables never closed
    tables = 0                    # tables read so far (they are numbered through the document)
    i, col = 0, 0                 # where the text not yet read begins
    while i < len(plain):
        ln = plain[i]
        start = min((s for s in spans.get(i, {}) if s >= col), default=None)
        if start is None:
            if col == 0:
                out.append(ln)
            elif ln.text[col:].strip():
                out.append(Line(ln.no, ln.text[col:]))
            i, col = i + 1, 0
            continue
        if ln.text[col:start].strip():
            out.append(Line(ln.no, ln.text[col:start]))
        close = spans[i][start]
        if close is None:
            end = markup_end(plain, i)
            close = (end, len(plain[end].text))
            unclosed.append(ln.no)
        end, stop = close
        region = ln.text[start:stop] if end == i else "\n".join(
            [ln.text[start:], *(x.text for x in plain[i + 1:end]), plain[end].text[:stop]])
        read, tables = html_table_lines(region, ln.no, tables)
        out.extend(read)
        i, col = (end, stop) if stop < len(plain[end].text) else (end + 1, 0)
    warnings = []
    if unclosed:
        where = "、".join(map(str, unclosed[:10])) + (f" 行等 {len(unclosed)} 处" if len(unclosed) > 10 else " 行")
        warnings.append(f"第 {where}开始的表格（<table>）没有结束标记 </table>，已读到其后最后一行表格标记为止，"
                        "表格可能不完整，请核对")
    return out, warnings


def table_spans(lines: list[Line]) -> dict[int, dict[int, tuple[int, int] | None]]:
    """Each outermost <table> by its line and offset: the line and offset just past its
    </table>, or None when it never closes (it then runs to its markup_end). One pass pairs
    the tags, nested tables counted; then the tables inside others are left out."""
    pairs: list[tuple[tuple[int, int], tuple[int, int], bool]] = []     # (start, end, closed)
    stack: list[tuple[int, int]] = []
    for k, ln in enumerate(lines):
        if ln.cells is not None or "<" not in ln.text:
            continue
        for m in TABLE_TAG.finditer(ln.text):
            if not m.group(1):
                stack.append((k, m.start()))
            elif stack:
                pairs.append((stack.pop(), (k, m.end()), True))
    for k, at in stack:           # never closed
        last = markup_end(lines, k)
        pairs.append(((k, at), (last, len(lines[last].text)), False))
    spans: dict[int, dict[int, tuple[int, int] | None]] = {}
    reach = (-1, -1)
    for opened, closed, ok in sorted(pairs):
        if opened < reach:
            continue              # inside a table already kept
        spans.setdefault(opened[0], {})[opened[1]] = closed if ok else None
        reach = closed
    return spans


def markup_end(lines: list[Line], i: int) -> int:
    """The last line of an unclosed table opened on line i: the run of lines of table markup
    that follows, up to a line that opens a table of its own."""
    end = i
    while end + 1 < len(lines) and TABLE_MARKUP.search(lines[end + 1].text) \
            and not TABLE_OPENS_LINE.match(lines[end + 1].text):
        end += 1
    return end


def html_table_lines(region: str, first_no: int, tables: int) -> tuple[list[Line], int]:
    """The Lines of the tables in `region` (HTML), numbered by the source lines of their rows,
    and the count of tables read in the document after them (`tables` before)."""
    import lxml.html
    from lxml import etree

    from .html import HtmlReader

    try:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
        root = lxml.html.fragment_fromstring(region, create_parent="div", parser=parser)
    except (etree.ParserError, ValueError):
        return [Line(first_no, region)], tables
    reader = HtmlReader()
    reader.tables = tables
    reader.block(root)
    reader.flush()
    for line, source in zip(reader.lines, reader.sources):
        line.no = first_no + (source - 1 if source else 0)
    return reader.lines, reader.tables


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
