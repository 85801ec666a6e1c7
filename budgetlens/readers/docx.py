"""Word (.docx) → lines: body paragraphs and tables in document order.

The body XML is walked directly (python-docx opens the package and finds the main part), so
a paragraph between two tables stays between them. Merged cells (gridSpan across, vMerge
down, the old hMerge) keep their text once, in the top-left cell. Headers, footers,
footnotes, comments and deleted revisions are not read.

Automatic list numbers (一、 （二） 第三部分 1.) are part of the text a reader sees, so they are
written out from numbering.xml: the paragraph's own w:numPr or its style's.

Line.page is the table's number (1-based, counted over the document) for table rows and
None for paragraphs; Line.ref is '段落7' for the 7th body paragraph or '表格2 第3行' for a
table row; Line.cell_refs are '表格2 第3行第4列' (grid column, as Word lays the table out).

Pictures (a table pasted as a picture) are read by OCR where tesseract is installed
(readers/image.py), their lines placed after their paragraph's text or their table: Line.page
is then the picture's number counted after the tables (the 2nd picture of a document with 9
tables: 11), Line.ref '段落7的图片2', Line.cell_refs '段落7的图片2 第3行第2格' (the line and
cell in what OCR read of the picture).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..text import quoted
from .base import (
    Line,
    ReadError,
    SourceDocument,
    first_few,
    sha256_bytes,
    shortened,
)
from .grid import (
    MAX_SLOTS,
    Slot,
    cell_text,
    column_edges,
    continued_part,
    edge_of,
    grid_lines,
    join_wrapped,
    joined_wraps,
    measured_widths,
    merged_figures,
    misaligned_note,
    open_zip,
    pad,
    separate,
    table_end,
    unstacked,
    verify_parts,
)
from .pictures import PictureReader, PicturesPlaced

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
P, TBL, TR, TC, T, SDT, SDT_CONTENT, CUSTOM_XML = (W + n for n in (
    "p", "tbl", "tr", "tc", "t", "sdt", "sdtContent", "customXml"))
TXBX = W + "txbxContent"          # a text box's body (a drawing's, or an old VML shape's)
RUN, RUN_PROPS, VANISH = W + "r", W + "rPr", W + "vanish"
BREAKS = {W + "br", W + "cr"}
SPACES = {W + "tab", W + "ptab"}
SKIP = {W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "rPr", W + "pPr",
        W + "tcPr", W + "trPr", W + "tblPr", W + "tblGrid", MC_FALLBACK}
WRAPPERS = {SDT, SDT_CONTENT, CUSTOM_XML, W + "smartTag", W + "ins", W + "moveTo"}


def read_docx(path: str, data: bytes) -> SourceDocument:
    package = open_zip(path, data, "Word（DOCX）")
    verify_parts(path, package, "Word（DOCX）")
    name = Path(path).name
    try:
        import docx
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:      # any failure to open the package means the file is unreadable
        raise ReadError(f"{name} 无法作为 Word（DOCX）文件读取：{exc}") from None
    body = BodyReader(Numbering(document), hidden_styles(document),
                      PictureReader(name, lambda picture: picture_blob(document.part, picture)))
    body.walk(document.element.body)
    body.placed.pages_after(body.tables)
    body.warnings.extend(embedded_objects(document.element.body))
    body.warnings.extend(unknown_symbols(document.element.body))
    return SourceDocument(path=path, format="docx", encoding=None, sha256=sha256_bytes(data),
                          lines=separate(body.lines), warnings=body.warnings, pictures=body.pictures)


class BodyReader:
    def __init__(self, numbering: Numbering | None = None, hidden: frozenset[str] = frozenset(),
                 pictures: PictureReader | None = None):
        self.numbering = numbering
        self.hidden = hidden              # the styles that make their text hidden
        self.lines: list[Line] = []
        self.warnings: list[str] = []
        self.paragraphs = 0
        self.tables = 0
        self.pictures: list[str] = []     # where pictures not read are (see SourceDocument.pictures)
        self.table_end: tuple[int, int] | None = None     # (lines read, columns) at the last table's end
        self.placed = PicturesPlaced(pictures, self.warnings, self.pictures)

    def walk(self, parent) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag in WRAPPERS:
                self.walk(child)
            elif tag == W + "altChunk":
                self.warnings.append("文档中有以其他格式嵌入的内容（altChunk），未读取")

    def paragraph(self, p) -> None:
        self.paragraphs += 1
        boxes = text_boxes(p)
        text = join_wrapped(paragraph_text(p, boxes=not boxes, hidden=self.hidden).split("\n"))
        label = self.numbering.label(p) if self.numbering and text else ""
        text = label + text
        pictures = self.pictures_in(p, f"段落{self.paragraphs}")
        if text:
            self.lines.append(Line(len(self.lines) + 1, text, ref=f"段落{self.paragraphs}"))
        self.read_pictures(pictures)
        for box in boxes:
            # A text box anchored in the paragraph: its paragraphs and tables are read as the
            # body's (PDF-to-Word converters lay whole pages out in text boxes), after the
            # paragraph's own text
            self.walk(box)

    def pictures_in(self, el, where: str) -> list[tuple[object, str, str]]:
        """Pictures shown in a paragraph or a table, each with where it is ("段落7") and that
        with the text before it (what a warning names it by)."""
        found = large_pictures(el)
        if not found:
            return []
        before = next((ln.text for ln in reversed(self.lines) if ln.cells is None and ln.text), "")
        place = f"{where}（前文{quoted(shortened(before))}）" if before else where
        return [(picture, where, place) for picture in found]

    def read_pictures(self, pictures: list[tuple[object, str, str]]) -> None:
        """Each picture's text after what is read so far (a table pasted as a picture, read by
        OCR: readers/pictures.py)."""
        for picture, where, place in pictures:
            self.placed.place(picture, where, place, self.lines)

    def table(self, tbl) -> None:
        notes: list[str] = []
        grid = table_grid(tbl, self.tables + 1, self.hidden, notes)
        if max((len(row) for row in grid), default=0) <= 1 or (tbl.find(".//" + TBL) is not None and layout(tbl)):
            # a layout table (holding tables, or one column of boxes): its cells are
            # containers, read as the body is
            for tc in cells_of(rows_of(tbl)):
                self.walk(tc)
            return
        self.tables += 1
        self.warnings.extend(notes)
        number = self.tables
        pictures = self.pictures_in(tbl, f"表格{number}中")
        pad(grid, lambda r, c: f"表格{number} 第{r + 1}行第{c + 1}列")
        # a table right after another (nothing but empty paragraphs, a page break, 续表 between):
        # its part on the next page, to which a converter may add spacer columns
        grid = continued_part(grid, self.lines, self.table_end)
        if not notes:                 # (undecided, every cell spans runs of the grid: said once above)
            self.warnings.extend(merged_figures(grid, number))
        self.lines.extend(grid_lines(grid, len(self.lines) + 1, page=number,
                                     row_ref=lambda r: f"表格{number} 第{r + 1}行"))
        self.table_end = table_end(self.lines, grid)
        self.read_pictures(pictures)
        for inner in tbl.iterfind(".//" + TBL):     # a small table in a cell: after its table
            up = inner.getparent()
            while up.tag != TBL:
                up = up.getparent()
            if up is tbl:
                self.table(inner)


def picture_blob(part, picture) -> bytes | str:
    """A picture's bytes (a:blip r:embed, v:imagedata r:id), or why the file does not hold them."""
    rid = next((el.get(R_EMBED) or el.get(R_ID) for el in picture.iter(BLIP, VML_IMAGE)
                if el.get(R_EMBED) or el.get(R_ID)), None)
    related = part.related_parts.get(rid) if rid else None
    blob = getattr(related, "blob", None)
    return "图片数据不在文件中（链接的外部图片）" if blob is None else blob


OLE_OBJECT = "{urn:schemas-microsoft-com:office:office}OLEObject"
OLE_KINDS = {"Excel": "Excel 工作表", "Word": "Word 文档", "Equation": "公式", "PowerPoint": "演示文稿"}


def embedded_objects(body) -> list[str]:
    """A warning for the objects embedded in the body (an Excel table pasted as an object, which
    Word shows as a picture of its cells): what they print is not read."""
    kinds: dict[str, int] = {}
    for obj in body.iter(OLE_OBJECT):
        prog = obj.get("ProgID") or ""
        kind = next((name for key, name in OLE_KINDS.items() if prog.startswith(key)), prog or "其他程序的对象")
        kinds[kind] = kinds.get(kind, 0) + 1
    if not kinds:
        return []
    said = "、".join(f"{n} 个{' ' if kind[0].isascii() else ''}{kind}" for kind, n in kinds.items())
    return [f"文档中嵌入了 {said}（显示为图片），其中的表格和数字未读取；请在 Word 中将其转换为表格，或另附原文件后再读取"]


PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
EXTENT, ANCHORS = WP + "extent", (WP + "inline", WP + "anchor")
VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
R_EMBED, R_ID = RELS + "embed", RELS + "id"          # a picture's part: a:blip r:embed, v:imagedata r:id
EMU_PER_CM, EMU_PER_PT = 360000, 12700
MIN_PICTURE = (5 * EMU_PER_CM, 2 * EMU_PER_CM)     # smaller pictures are logos and marks, never a table


def large_pictures(el) -> list:
    """Pictures at least MIN_PICTURE large in an element: DrawingML pictures (pic:pic; charts
    and shapes are not pictures) and the older VML images (v:imagedata), less the preview
    pictures of embedded objects (embedded_objects tells those), the fallback copies, and those
    in a text box or a table inside el (found where the body reads them)."""
    if el.find(".//" + PIC) is None and el.find(".//" + VML_IMAGE) is None:
        return []
    found = []
    for pic in el.iter(PIC):
        if own(pic, el):
            anchor = next((up for up in pic.iterancestors() if up.tag in ANCHORS), None)
            extent = anchor.find(EXTENT) if anchor is not None else None
            if extent is None or large(_int_attr(extent, "cx"), _int_attr(extent, "cy")):
                found.append(pic)
    for image in el.iter(VML_IMAGE):
        if own(image, el):
            style = image.getparent().get("style") or ""
            size = [re.search(rf"(?:^|;)\s*{k}\s*:\s*([\d.]+)pt", style) for k in ("width", "height")]
            if not all(size) or large(*(float(m.group(1)) * EMU_PER_PT for m in size)):
                found.append(image)
    return found


def own(item, el) -> bool:
    """item belongs to el itself: not in a text box, a table, an embedded object's preview or
    a fallback copy inside el."""
    for up in item.iterancestors():
        if up is el:
            return True
        if up.tag in (TXBX, TBL, W + "object", MC_FALLBACK):
            return False
    return True


def large(cx: float | None, cy: float | None) -> bool:
    return cx is None or cy is None or (cx >= MIN_PICTURE[0] and cy >= MIN_PICTURE[1])


def _int_attr(el, name: str) -> int | None:
    try:
        return int(el.get(name))
    except (TypeError, ValueError):
        return None


def cell_own_text(tc, hidden: frozenset[str]) -> str:
    """A cell's text, less that of a table inside it (read after the cell's table)."""
    if tc.find(".//" + TBL) is None:
        return paragraph_text(tc, hidden=hidden)
    return "\n".join(paragraph_text(child, hidden=hidden) for child in tc.iterchildren() if child.tag != TBL)


def layout(tbl) -> bool:
    """A table holding tables is laid out to hold them (a page's frame) unless its own cells
    with text outnumber its tables' cells: then it is a table of figures with a small table
    in a cell (a note, a breakdown), read as a grid, the small table after it as a table of
    its own."""
    rows = rows_of(tbl)
    own = sum(1 for tc in cells_of(rows) if tc.find(".//" + TBL) is None and paragraph_text(tc).strip())
    inner = sum(1 for t in tbl.iterfind(".//" + TBL) for _ in t.iterfind(".//" + TC))
    return own <= inner


def text_boxes(p) -> list:
    """The text boxes anchored in a paragraph, outermost only, without the fallback copies
    that Word writes for older readers."""
    if p.find(".//" + TXBX) is None:           # most paragraphs: one search in C
        return []
    boxes = []
    for box in p.iter(TXBX):
        up = box.getparent()
        while up is not None and up is not p and up.tag != MC_FALLBACK and up.tag != TXBX:
            up = up.getparent()
        if up is p:
            boxes.append(box)
    return boxes


def paragraph_text(el, boxes: bool = True, hidden: frozenset[str] = frozenset()) -> str:
    """Visible text of a paragraph (or any element): runs, tabs as spaces, breaks as '\\n';
    deleted revisions, field codes and the fallback copies of drawings left out; the text of
    text boxes too unless `boxes` is False (the body reads them as paragraphs of their own).
    `hidden`: the styles whose text is hidden."""
    out: list[str] = []
    _collect(el, out, boxes, hidden)
    return "".join(out)


def _collect(el, out: list[str], boxes: bool = True, hidden: frozenset[str] = frozenset()) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if tag in SKIP or not isinstance(tag, str) or (tag == TXBX and not boxes):
            continue
        if tag == T:
            out.append(child.text or "")
        elif tag in SPACES:
            out.append(" ")
        elif tag in BREAKS:
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == SYM:
            out.append(symbol_text(child))
        elif tag == RUN and is_hidden(child, hidden):
            continue                  # hidden text (w:vanish): Word neither shows nor prints it
        else:
            _collect(child, out, boxes, hidden)
            if tag in (P, TR):
                out.append("\n")      # a paragraph or row inside a text box or nested table


# ---- symbols inserted from a font (w:sym) ---------------------------------------------------

SYM = W + "sym"
UNKNOWN_SYMBOL = "\ufffd"          # what an unmapped symbol reads as (U+FFFD, the replacement character)
# A symbol font's characters that have a Unicode equal, by the font's code (w:char F0xx or
# 00xx): Symbol as the Adobe Symbol encoding maps it (only its digits, signs and marks: its
# letters are Greek), Wingdings as Unicode's Wingdings mapping (ticks, crosses, boxes, bullets,
# circled numbers: the marks a table prints for 是/否 and items)
SYMBOL_CHARS = {**{c: chr(c) for c in b" !#%&()+,./0123456789:;<=>?[]_{|}"},
                0x2D: "\u2212", 0xA3: "≤", 0xB0: "°", 0xB1: "±", 0xB3: "≥", 0xB4: "×", 0xB7: "•",
                0xB8: "÷", 0xB9: "≠", 0xBA: "≡", 0xBB: "≈", 0xD6: "√", 0xD7: "⋅", 0xAE: "→", 0xAC: "←"}
WINGDINGS_CHARS = {0x6C: "●", 0x6E: "■", 0x6F: "□", 0x71: "❑", 0x75: "◆", 0x9F: "•", 0xA1: "○",
                   0xA7: "▪", 0xA8: "◻", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑",
                   **{0x80 + i: chr(0x24EA if i == 0 else 0x245F + i) for i in range(11)}}
SYMBOL_FONTS = {"symbol": SYMBOL_CHARS, "wingdings": WINGDINGS_CHARS}


def symbol_text(sym) -> str:
    """The character a w:sym prints: a symbol font's code (F000–F0FF, or below 0x100 in a
    symbol font) by its font's table, any other code as the character it is; a symbol with no
    known equal as UNKNOWN_SYMBOL (unknown_symbols warns)."""
    try:
        code = int(sym.get(W + "char") or "", 16)
    except ValueError:
        return UNKNOWN_SYMBOL
    font = (sym.get(W + "font") or "").strip().lower()
    if 0xF000 <= code <= 0xF0FF or (code < 0x100 and (font in SYMBOL_FONTS or "dings" in font)):
        return SYMBOL_FONTS.get(font, {}).get(code & 0xFF, UNKNOWN_SYMBOL)
    if 0xE000 <= code <= 0xF8FF or code < 0x20 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return UNKNOWN_SYMBOL         # another private-use code, a control code, no character
    return chr(code)


def unknown_symbols(body) -> list[str]:
    """One warning for the symbols read as UNKNOWN_SYMBOL, naming the first few by font and code."""
    unknown = [f"{s.get(W + 'font') or '未知字体'} {s.get(W + 'char') or ''}".strip()
               for s in body.iter(SYM) if symbol_text(s) == UNKNOWN_SYMBOL]
    if not unknown:
        return []
    return [(f"文档中有 {len(unknown)} 个以符号字体插入的字符（{first_few(list(dict.fromkeys(unknown)))}）无法识别，"
             f"按“{UNKNOWN_SYMBOL}”读取；请核对原文中这些符号")]


def is_hidden(run, hidden: frozenset[str] = frozenset()) -> bool:
    """A run formatted as hidden text: <w:rPr><w:vanish/> (w:val off turns it off), else its
    character style or its paragraph's style hides it (`hidden`: those styles' ids)."""
    props = run.find(RUN_PROPS)
    vanish = props.find(VANISH) if props is not None else None
    if vanish is not None:
        return _on(vanish)
    if not hidden:
        return False
    if _val(run, f"{W}rPr/{W}rStyle") in hidden:
        return True
    p = run.getparent()
    while p is not None and p.tag != P:
        p = p.getparent()
    return p is not None and _val(p, f"{W}pPr/{W}pStyle") in hidden


def _on(toggle) -> bool:
    return toggle.get(W + "val", "true") not in ("0", "false", "off")


def hidden_styles(document) -> frozenset[str]:
    """The ids of the styles whose text Word neither shows nor prints: w:vanish in the style's
    run properties, or in those of the style it is based on."""
    try:
        styles = document.part.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        return frozenset()
    own: dict[str, bool | None] = {}
    based: dict[str, str | None] = {}
    for style in styles.iterchildren(W + "style"):
        sid = style.get(W + "styleId")
        vanish = style.find(f"{W}rPr/{VANISH}")
        own[sid] = _on(vanish) if vanish is not None else None
        based[sid] = _val(style, W + "basedOn")
    out = set()
    for sid in own:
        at, seen = sid, set()
        while own.get(at, False) is None and at not in seen:      # inherited from the base
            seen.add(at)
            at = based.get(at)
        if own.get(at):
            out.add(sid)
    return frozenset(out)


def rows_of(tbl) -> list:
    return list(_children(tbl, TR))


def cells_of(rows) -> list:
    return [tc for tr in rows for tc in _children(tr, TC)]


def _children(el, tag):
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    for child in el.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


def _val(el, path: str, default: str | None = None) -> str | None:
    found = el.find(path)
    if found is None:
        return None
    return found.get(W + "val", default)


def _int(text: str | None, default: int) -> int:
    try:
        return max(0, min(int(text), 1000)) if text is not None else default
    except ValueError:
        return default


def table_grid(tbl, number: int, hidden: frozenset[str] = frozenset(),
               notes: list[str] | None = None) -> list[list[Slot]]:
    """The table as a grid of slots: gridSpan covers columns to the right, vMerge='continue'
    (and hMerge) cover a cell with the merged cell above (or to the left). Rows whose cells
    span their own runs of a finer grid are read by the columns their cells make
    (grid.column_edges): a run no cell covers exactly is no column. Where that stays
    undecided, the grid is read as Word lays it out and `notes` gets a warning."""
    rows = [(tr, _int(_val(tr, f"{W}trPr/{W}gridBefore"), 0), list(_children(tr, TC))) for tr in rows_of(tbl)]
    spans = [[cell_span(tc.find(TC_PROPS)) for tc in tcs] for _, _, tcs in rows]
    cells = []
    for r, ((_, before, tcs), widths) in enumerate(zip(rows, spans)):
        at = before
        for tc, span in zip(tcs, widths):
            cells.append((at, at + span, (r, tc)))
            at += span
    edges, undecided = column_edges(cells, lambda cell: _has_text(cell[1]), lambda: table_widths(tbl, cells))
    if undecided is not None and notes is not None:
        r, tc = undecided
        notes.append(misaligned_note(number, r, cell_text(cell_own_text(tc, hidden)), "按 Word 的网格列"))
    grid: list[list[Slot]] = []
    slots = 0
    for r, ((tr, before, tcs), widths) in enumerate(zip(rows, spans)):
        if slots > MAX_SLOTS:
            raise ReadError(f"表格{number}超过 {MAX_SLOTS} 个单元格，不是预算表，已拒绝读取")
        row: list[Slot] = []
        for _ in range(before if edges is None else edge_of(edges, before)):
            row.append(Slot("", f"表格{number} 第{r + 1}行第{len(row) + 1}列"))
        first = before                            # the cell's first grid column
        for tc, span in zip(tcs, widths):
            grid_column, first = first, first + span
            if edges is not None:
                span = edge_of(edges, first) - edge_of(edges, grid_column)
                if span <= 0:
                    continue                      # a spacer's own cell (empty: column_edges)
            add_cell(grid, row, r, tc, span, f"表格{number} 第{r + 1}行第{grid_column + 1}列", hidden)
        grid.append(row)
        slots += len(row)
    return unstacked(joined_wraps(grid))


def add_cell(grid: list[list[Slot]], row: list[Slot], r: int, tc, span: int, ref: str,
             hidden: frozenset[str]) -> None:
    """A cell's slots appended to its row: its text in the first, the rest covered by it;
    covered by the cell above (vMerge) or to the left (hMerge) where it continues one."""
    c = len(row)
    props = tc.find(TC_PROPS)
    vmerge = _val(props, VMERGE, "continue") if props is not None else None
    hmerge = _val(props, HMERGE, "continue") if props is not None else None
    above = grid[r - 1][c:c + span] if r else []
    if vmerge == "continue" and above:
        row.extend(Slot("", a.ref, a.origin or (r - 1, c + i)) for i, a in enumerate(above))
        row.extend(Slot("", above[-1].ref, (r, c)) for _ in range(span - len(above)))
        return
    if hmerge == "continue" and row:
        left = row[-1]
        origin = left.origin or (r, c - 1)
        row.extend(Slot("", left.ref, origin) for _ in range(span))
        return
    raw = cell_own_text(tc, hidden)
    row.append(Slot(cell_text(raw), ref, lines=cell_lines(raw) if "\n" in raw.rstrip("\n") else None))
    row.extend(Slot("", ref, (r, c)) for _ in range(span - 1))


TC_PROPS, GRID_SPAN, VMERGE, HMERGE = W + "tcPr", W + "gridSpan", W + "vMerge", W + "hMerge"


def cell_span(props) -> int:
    """The grid columns a cell spans (its w:tcPr's gridSpan)."""
    return 1 if props is None else max(1, _int(_val(props, GRID_SPAN), 1))


def _has_text(tc) -> bool:
    """The cell prints something (a text run with characters)."""
    return any((t.text or "").strip() for t in tc.iter(T))


def table_widths(tbl, cells: list[tuple[int, int, tuple]]) -> list[float] | None:
    """The grid columns' widths: the table grid's (w:gridCol), else as its cells' widths
    (w:tcW) tell them (a file some program wrote without the grid's)."""
    widths = grid_widths(tbl)
    if widths and len(widths) >= max(e for _, e, _ in cells):
        return widths
    return measured_widths([(s, e, cell_width(tc)) for s, e, (_, tc) in cells])


def cell_width(tc) -> float | None:
    """The width a cell's properties give it in twips (w:tcW of type dxa), None for none or a share."""
    width = tc.find(f"{TC_PROPS}/{W}tcW")
    if width is None or width.get(W + "type", "dxa") != "dxa":
        return None
    try:
        return float(width.get(W + "w")) or None      # (0: Word's "automatic")
    except (TypeError, ValueError):
        return None


def grid_widths(tbl) -> list[float] | None:
    """The widths of the table's grid columns (w:tblGrid/w:gridCol w:w, twips); None where
    the file leaves one out."""
    grid = tbl.find(W + "tblGrid")
    if grid is None:
        return None
    widths = []
    for col in grid.iterchildren(W + "gridCol"):
        try:
            widths.append(float(col.get(W + "w")))
        except (TypeError, ValueError):
            return None
    return widths or None


# ---- rows of a table stacked in one Word row -----------------------------------------------

def cell_lines(raw: str) -> tuple[str, ...]:
    """A cell's lines (paragraphs, line breaks), empty ones kept: each is a row's when the
    cell stacks rows (grid.unstacked)."""
    parts = raw.split("\n")
    if parts[-1] == "":
        parts.pop()                   # (the break after the last paragraph)
    return tuple(cell_text(p) for p in parts)


# ---- automatic numbering -------------------------------------------------------------------

CN_DIGITS = "零一二三四五六七八九"
CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
EARTHLY = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int, digits: str = CN_DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (up to 99; larger numbers in digits)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = (digits[tens] if tens > 1 else "") + ten if tens else ""
    return head + (digits[ones] if ones else "")


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def letters(n: int) -> str:
    return chr(64 + (n - 1) % 26 + 1) * ((n - 1) // 26 + 1)


def formatted(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, CN_LEGAL, "拾")
    if fmt == "ideographTraditional":
        return HEAVENLY[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return EARTHLY[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt == "upperLetter":
        return letters(n)
    if fmt == "lowerLetter":
        return letters(n).lower()
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class Numbering:
    """The list numbers Word would print before each numbered paragraph, counted in body order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}      # abstractNumId → level → definition
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}   # numId → (abstractNumId, start overrides)
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}  # id → numId, ilvl, basedOn
        self.counters: dict[str, list[int | None]] = {}     # None: the level has not started
        self.started: set[str] = set()
        try:
            numbering = document.part.numbering_part.element
            styles = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in numbering.iterchildren(W + "abstractNum"):
            levels = {}
            for lvl in abstract.iterchildren(W + "lvl"):
                levels[_int(lvl.get(W + "ilvl"), 0)] = {
                    "start": _int(_val(lvl, W + "start"), 1), "fmt": _val(lvl, W + "numFmt") or "decimal",
                    "text": _val(lvl, W + "lvlText") or "", "suff": _val(lvl, W + "suff") or "tab",
                    "legal": lvl.find(W + "isLgl") is not None}
            self.levels[abstract.get(W + "abstractNumId")] = levels
        for num in numbering.iterchildren(W + "num"):
            overrides = {_int(o.get(W + "ilvl"), 0): _int(_val(o, W + "startOverride"), 1)
                         for o in num.iterchildren(W + "lvlOverride") if o.find(W + "startOverride") is not None}
            self.nums[num.get(W + "numId")] = (_val(num, W + "abstractNumId"), overrides)
        for style in styles.iterchildren(W + "style"):
            self.styles[style.get(W + "styleId")] = (_val(style, f"{W}pPr/{W}numPr/{W}numId"),
                                                     _val(style, f"{W}pPr/{W}numPr/{W}ilvl"),
                                                     _val(style, W + "basedOn"))

    def label(self, p) -> str:
        num_id, ilvl = _val(p, f"{W}pPr/{W}numPr/{W}numId"), _val(p, f"{W}pPr/{W}numPr/{W}ilvl")
        style = _val(p, f"{W}pPr/{W}pStyle")
        for _ in range(10):                                # a style (or what it is based on) may number
            if num_id is not None or style not in self.styles:
                break
            num_id, style_lvl, style = self.styles[style]
            ilvl = ilvl or style_lvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract)
        level = _int(ilvl, 0)
        if not levels or level not in levels:
            return ""
        counts = self.counters.setdefault(abstract, [None] * 10)
        if num_id not in self.started:                     # a list instance restarting its numbers
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if lvl < 10:
                    counts[lvl] = start - 1
        if level >= 10:
            return ""
        counts[level] = levels[level]["start"] if counts[level] is None else counts[level] + 1
        for deeper in range(level + 1, 10):
            counts[deeper] = None
        definition = levels[level]
        if definition["fmt"] == "bullet":
            return ""

        def number(m) -> str:
            n = int(m.group(1)) - 1
            if n > level or n not in levels:
                return ""
            fmt = "decimal" if definition["legal"] else levels[n]["fmt"]
            return formatted(levels[n]["start"] if counts[n] is None else counts[n], fmt)
        text = re.sub(r"%([1-9])", number, definition["text"])
        return text + {"tab": " ", "space": " "}.get(definition["suff"], "") if text else ""
