"""A ruled page's characters and ruling lines read with pdfium, in the form pdfplumber's table
finder reads them (dicts with x0, top, x1, bottom …).

pdfplumber's own page parsing (pdfminer) costs about 0.2 s a page; pdfium gives the same
characters and path segments in a few milliseconds. The table finding itself stays
pdfplumber's (`TableFinder`, `Table.extract`), so the grids are the ones pdfplumber finds.
A page pdfium cannot describe (no path segments) falls back to pdfplumber in the reader.
"""

from __future__ import annotations

import ctypes
import math
import re

# two cells run together: more decimals than an amount prints (277.90201), or an amount
# straight into a label (收入总计384.33支出总计; not 384.33万元, as sentences say it)
GLUED = re.compile(r"\d\.\d{3,}|\d\.\d\d(?![万元亿%％])[\u4e00-\u9fff]")
TIGHT = 1.5             # points: the gap that parts two cells' text where no rule does
# a gap between two CJK characters this much of their width wider than the line's own
# spacing parts two cells: CJK text is set solid, a cell's padding is not
CELL_GAP = 0.25
# a gap between a CJK character and the digit after it this much of the CJK character's width
# wider than the line's own spacing parts two cells (合计 | 2025年预算数): more than between
# two CJK characters, as a word processor puts a little space between CJK text and digits
# within one cell (Word's and LibreOffice's autospace, up to about a quarter of a character)
DIGIT_GAP = 0.3
LONG_RUN = 4            # characters set solid before a cell of one character that ends a word
# an amount as printed, whole (not a piece of a longer number)
AMOUNT = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{1,2})(?![\d.,])")


def keeps_amounts(loose: str, tight: str) -> bool:
    """The tighter reading parts cells, not numbers: every amount the looser one reads whole is
    whole in it too (letter-spaced text cut at small gaps would read 9 , 8 7 0 . 1 2)."""
    return all(m.group(0) in tight for m in AMOUNT.finditer(loose))


TURN = 0.05          # radians (3°): a character turned further from a right angle is slanted


def slanted(angle: float) -> bool:
    """A turn by other than a right angle: a diagonal watermark, not a table's rotated header."""
    rest = angle % (math.pi / 2)
    return TURN < rest < math.pi / 2 - TURN


def char_slanted(textpage, i: int) -> bool:
    """The character's baseline (its whole matrix: a form's and the page's included) is turned
    by other than a right angle. (FPDFText_GetCharAngle is atan2(c, a): it takes the skew of a
    synthetic italic for a turn.)"""
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    if not raw.FPDFText_GetMatrix(textpage.raw, i, m):
        return False
    return bool(m.b) and slanted(math.atan2(m.b, m.a))


def has_slanted_text(page, textpage) -> bool:
    """Some text on the page is drawn turned by other than a right angle. The page's own text
    objects tell by their matrices; text inside a form (a stamp placed by a turned form) only
    by its characters', asked only when the page holds a form."""
    import pypdfium2.raw as raw

    forms = False
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_FORM], max_depth=1):
        if obj.type == raw.FPDF_PAGEOBJ_FORM:
            forms = True
            continue
        a, b = obj.get_matrix().get()[:2]
        if b and slanted(math.atan2(b, a)):
            return True
    return forms and any(char_slanted(textpage, i) for i in range(textpage.count_chars()))


def text_without_slanted(textpage) -> tuple[str, str]:
    """The page's text without its slanted characters, and those characters."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    kept, dropped = [], []
    for i, ch in enumerate(text[:count]):
        (dropped if char_slanted(textpage, i) else kept).append(ch)
    return "".join(kept), " ".join("".join(dropped).split())


# ---- characters drawn out of their order along a line ---------------------------------------
#
# pdfium orders a line's text objects by where each starts, but not the characters inside
# one. Word and LibreOffice draw a stretch of a line in one object, leaving gaps for the
# characters of a fallback font (the curly quotes of 一般公共预算“三公”经费, set in the
# paragraph's Latin font), and draw those after it: pdfium's text reads
# 一般公共预算 三公 经费 “ ”, and the heading is not found. pdftotext and pdfplumber order a
# line's characters by their places; so does the reader for such lines.

GAP_AROUND_SPACE = re.compile(r"(?<=\S)[^\S\r\n]+(?=\S)")   # spaces inside a line
STEP_BACK = 1.0         # points: a character this far left of the one drawn before it is out of order
WORD_GAP = 0.15         # of a character's height: characters this far apart keep a space between them
BASELINE = 0.2          # of a character's height: baselines this close to the first one are one line's


def in_place_order(textpage, drawn: str, text: str) -> str:
    """text (the page's text as taken from pdfium) with every line whose characters were drawn
    out of their order along it written in that order. drawn is pdfium's text of the page,
    one character per index (get_text_range); text may leave some of it out (a watermark)."""
    out: list[str] = []
    at = 0
    for start, end in lines_drawn_back(textpage, drawn):
        placed = line_in_place_order(textpage, drawn, start, end)
        found = find_line(text, drawn[start:end], at) if placed is not None else -1
        if found >= 0:
            out += [text[at:found], placed]
            at = found + end - start
    return "".join(out) + text[at:] if out else text


def lines_drawn_back(textpage, drawn: str) -> list[tuple[int, int]]:
    """The spans (start, end) of drawn's lines along which the drawing steps back to the left.
    pdfium writes a space where the drawing jumps along a line from one text object to the
    next by more than a character, back or forth (a fallback font's characters drawn after
    their stretch are such a jump), so only the characters either side of a space are asked
    for their places: a few calls a page, not one a character."""
    spans: list[tuple[int, int]] = []
    for m in GAP_AROUND_SPACE.finditer(drawn):
        before, after = m.start() - 1, m.end()
        if spans and before < spans[-1][1]:
            continue                                   # a line already taken
        if textpage.get_charbox(after, loose=True)[0] < textpage.get_charbox(before, loose=True)[0] - STEP_BACK:
            spans.append(line_span(drawn, before))
    return spans


def line_span(text: str, index: int) -> tuple[int, int]:
    """The start and end of the line of text holding index (a line ends at a line break)."""
    start = max(text.rfind("\r", 0, index), text.rfind("\n", 0, index)) + 1
    ends = [k for k in (text.find("\r", index), text.find("\n", index)) if k >= 0]
    return start, min(ends) if ends else len(text)


def line_in_place_order(textpage, drawn: str, start: int, end: int) -> str | None:
    """drawn[start:end] with its characters in the order of their places; None when the line
    is no single row of upright characters on one baseline, which has no such order: turned
    or vertical text, a line drawn upside down, a wrapped cell's first line taken in beside
    another cell's line (a little lower), characters drawn over others. (The cheap tests
    first, each stopping at the first character that fails: pdfium's line on a page it cannot
    part into lines holds hundreds.)"""
    line = drawn[start:end]
    lead = len(line) - len(line.lstrip())
    first, last = start + lead, start + len(line.rstrip())
    inked = [i for i in range(first, last) if not drawn[i].isspace()]
    box = textpage.get_charbox(inked[0], loose=True)
    level, slack = baseline(textpage, inked[0]), BASELINE * (box[3] - box[1])
    if any(abs(baseline(textpage, i) - level) > slack for i in inked) \
            or not all(upright(textpage, i) for i in inked):
        return None
    chars = [(textpage.get_charbox(i, loose=True), drawn[i]) for i in range(first, last)]
    height = max(box[3] - box[1] for box, ch in chars if not ch.isspace())
    placed = joined_by_place(chars, height)
    return None if placed is None else line[:lead] + placed + line[last - start:]


def joined_by_place(chars: list[tuple[tuple, str]], height: float) -> str | None:
    """The characters (loose box, character) ordered by their left edges. A space stays where
    the characters either side stand apart (pdfium's spaces mark gaps in the drawing order,
    which the characters put back may fill) and parts characters a character's width apart
    (a gap drawn across, which pdfium did not see). None when a character lies over half of
    its neighbour: drawn over it, it has no place before or after it."""
    out: list[str] = []
    prev, space = None, ""
    for box, ch in sorted(chars, key=lambda c: c[0][0]):     # stable: ties keep the drawing order
        if ch.isspace():
            space = space or ch
            continue
        if prev is not None:
            gap = box[0] - prev[2]
            if gap < -min(box[2] - box[0], prev[2] - prev[0]) / 2:
                return None
            if gap >= height or (space and gap >= WORD_GAP * height):
                out.append(space or " ")
        out.append(ch)
        prev, space = box, ""
    return "".join(out)


def baseline(textpage, i: int) -> float:
    """The height of the character's origin on the page."""
    import pypdfium2.raw as raw

    x, y = ctypes.c_double(), ctypes.c_double()
    raw.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
    return y.value


def upright(textpage, i: int) -> bool:
    """The character runs left to right, unturned (a synthetic italic's skew allowed)."""
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    if not raw.FPDFText_GetMatrix(textpage.raw, i, m):
        return False
    return m.a > 0 and abs(m.b) <= TURN * m.a and m.d > 0


def find_line(text: str, line: str, at: int) -> int:
    """Where line stands in text as a whole line, from at on; -1 when it does not."""
    k = text.find(line, at)
    while k >= 0:
        end = k + len(line)
        if (k == 0 or text[k - 1] in "\r\n") and (end == len(text) or text[end] in "\r\n"):
            return k
        k = text.find(line, k + 1)
    return -1


# ---- text a clip path hides ------------------------------------------------------------------
# A word processor clips a cell's text to its cell. LibreOffice prints a header row repeated atop
# a page shorter than its cells' text (cells merged down the header rows): the line that does not
# fit is drawn below the header, in the first row's band, and cut away. pdfium gives those
# characters as any others; read, they join the row under the header (预算 beside the rest of a
# name a page break cut, 预70算 in an amount's cell).

CLIP_SLACK = 1.0        # points: a box this far inside its clip box's side still shows in part


def hidden_object(raw, obj, shared: dict[tuple, list]) -> bool:
    """The page object lies wholly outside a clip path of its own: nothing of it shows. (Its
    box and its clip paths are both in the space of what holds it: the page, or a form.)
    shared: the boxes of the clips read so far, by their paths (objects drawn under one clip
    share its paths' points: read once)."""
    clip = raw.FPDFPageObj_GetClipPath(obj)
    paths = raw.FPDFClipPath_CountPaths(clip) if clip else 0
    if paths <= 0:
        return False
    box = [ctypes.c_float() for _ in range(4)]
    if not raw.FPDFPageObj_GetBounds(obj, *map(ctypes.byref, box)):
        return False
    left, bottom, right, top = (v.value for v in box)
    key = tuple(address(raw.FPDFClipPath_GetPathSegment(clip, k, 0)) for k in range(paths))
    if key not in shared:
        shared[key] = clip_boxes(raw, clip, paths)
    for x0, y0, x1, y1 in shared[key]:
        if right < x0 + CLIP_SLACK or x1 - CLIP_SLACK < left or top < y0 + CLIP_SLACK or y1 - CLIP_SLACK < bottom:
            return True
    return False


def address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value


def clip_boxes(raw, clip, paths: int) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, y0, x1, y1) of a clip's paths: what shows lies inside all of them."""
    out = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(paths):
        xs, ys = [], []
        for n in range(raw.FPDFClipPath_CountPathSegments(clip, k)):
            if raw.FPDFPathSegment_GetPoint(raw.FPDFClipPath_GetPathSegment(clip, k, n), ctypes.byref(x), ctypes.byref(y)):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


def paint(raw, obj) -> tuple[str, tuple | None]:
    """What the path puts on the page: "ink-fill" (filled in a colour), "ink" (stroked in one),
    "white-fill" (filled white, not stroked in a colour) or "none", and its fill colour (RGBA,
    None unknown). Word draws a white box behind every run of text in a shaded or framed
    paragraph: taken for rules, their sides cut a table into a column per word."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return "ink", None             # (not known: taken as drawn)
    fill_color = color(raw.FPDFPageObj_GetFillColor, obj) if fill.value else None
    if fill.value and inked(fill_color):
        return "ink-fill", fill_color
    if stroke.value and inked(color(raw.FPDFPageObj_GetStrokeColor, obj)):
        return "ink", fill_color
    return ("white-fill" if fill.value else "none"), fill_color


def color(get_color, obj) -> tuple | None:
    """A path's fill or stroke colour as (r, g, b, a), None when pdfium cannot tell."""
    rgba = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    if not get_color(obj, *map(ctypes.byref, rgba)):
        return None
    return tuple(v.value for v in rgba)


def shown_paths(raw, page, max_depth: int = 3):
    """The page's paths that show: drawn in a colour, or filled white on a dark fill drawn
    before them (white boxes on white paper do not show; nor on a light shading, where Word
    puts them behind the runs of text of a shaded header)."""
    grounds: list[tuple] = []          # the dark fills drawn so far
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=max_depth):
        kind, fill = paint(raw, obj.raw)
        if kind == "none" or (kind == "white-fill" and not lies_on(obj.get_bounds(), grounds)):
            continue
        if kind == "ink-fill" and dark(fill):
            grounds.append(obj.get_bounds())
        yield obj


def lies_on(box: tuple, grounds: list[tuple], slack: float = 1.0) -> bool:
    """The box (x0, y0, x1, y1) lies within one of the grounds drawn before it: white cells on a
    dark table (a grid drawn as white boxes over a black one) are its rules."""
    x0, y0, x1, y1 = box
    return any(g[0] - slack <= x0 and g[1] - slack <= y0 and x1 <= g[2] + slack and y1 <= g[3] + slack
               for g in grounds)


def dark(rgba: tuple | None) -> bool:
    """The colour is darker than middle grey (a table's background its white cells show on)."""
    if rgba is None:
        return False
    r, g, b, a = rgba
    return a > 0 and 0.299 * r + 0.587 * g + 0.114 * b < 128


def inked(rgba: tuple | None) -> bool:
    """The colour is not white and not transparent (unknown counts as ink)."""
    if rgba is None:
        return True
    r, g, b, a = rgba
    return a > 0 and min(r, g, b) < WHITE


WHITE = 250             # a channel at least this bright in all three: white (paper)
MIN_EDGE = 1.0          # points: shorter segments are dots, not rules
SLANT = 0.5             # points: a segment within this of level is horizontal/vertical


MIN_OPEN_RULES = 3      # vertical rules that end together, open, before their ends close a row
ALIGN = 1.0             # points: rule ends this close stand at one height


def closing_rules(edges: list[dict]) -> list[dict]:
    """Horizontal rules where a grid's vertical rules end without one: a row broken across a
    page break is drawn open, its bottom rule missing at the foot of the page and its top rule
    at the head of the next; pdfplumber would leave the open row out of the grid (its text read
    as lines of its own). Each carries "closing": "bottom" or "top", the side of the grid it
    closes. Only where several verticals of one grid (each crossing a horizontal rule) end at
    one height beyond every horizontal rule they cross."""
    rules = [e for e in edges if e["orientation"] == "h"]
    verticals = [e for e in edges if e["orientation"] == "v"]
    out = []
    for side in ("bottom", "top"):
        ends: dict[int, list[dict]] = {}
        for v in verticals:
            ends.setdefault(round(v[side]), []).append(v)
        for group in ends.values():
            y = group[0][side]
            if any(abs(h["top"] - y) <= ALIGN and h["x0"] - ALIGN <= v["x0"] <= h["x1"] + ALIGN
                   for v in group for h in rules):
                continue                   # a rule closes them (the usual case: cheap to see)
            crossed = [v for v in group if any(crosses(v, h) for h in rules) and not goes_on(v, verticals, side)]
            beyond = all(h["top"] < y if side == "bottom" else h["top"] > y
                         for v in crossed for h in rules if crosses(v, h))
            if len({round(v["x0"]) for v in crossed}) >= MIN_OPEN_RULES and beyond:
                out.append(closing_rule(crossed, y, side))
    return out


def goes_on(v: dict, verticals: list[dict], side: str) -> bool:
    """Another vertical rule continues this one past its end (a grid drawing each cell's sides
    row by row, a cell merged over two rows among them): the rule does not end there."""
    y = v[side]
    if side == "bottom":
        return any(abs(u["x0"] - v["x0"]) <= ALIGN and u["top"] <= y + ALIGN < u["bottom"] for u in verticals)
    return any(abs(u["x0"] - v["x0"]) <= ALIGN and u["top"] < y - ALIGN <= u["bottom"] for u in verticals)


def crosses(v: dict, h: dict) -> bool:
    return h["x0"] - ALIGN <= v["x0"] <= h["x1"] + ALIGN and v["top"] - ALIGN <= h["top"] <= v["bottom"] + ALIGN


def closing_rule(verticals: list[dict], y: float, side: str) -> dict:
    left, right = min(v["x0"] for v in verticals), max(v["x0"] for v in verticals)
    first = verticals[0]
    level = first["y0"] if side == "bottom" else first["y1"]      # PDF y (upward) of the end
    return {"x0": left, "x1": right, "top": y, "bottom": y, "doctop": y, "y0": level, "y1": level,
            "width": right - left, "height": 0, "orientation": "h", "object_type": "rect_edge",
            "page_number": first["page_number"], "closing": side}


class PdfiumPage:
    """The parts of a pdfplumber Page that TableFinder and Table.extract use."""

    def __init__(self, page, page_number: int, drop_slanted: bool = False, objects: bool = False):
        """objects: each character keeps its text object ("object"), for drop_hidden; the page
        must stay open while it is asked."""
        import pypdfium2.raw as raw

        self.raw = raw
        self.page_number = page_number
        width, height = page.get_size()
        self.height = height
        self.bbox = (0, 0, width, height)
        textpage = page.get_textpage()
        try:
            self.chars = self.read_chars(textpage, drop_slanted, objects)
        finally:
            textpage.close()
        self.edges = self.read_edges(page)
        self.closing = closing_rules(self.edges)
        self.edges += self.closing

    # ---- characters ------------------------------------------------------------------------

    def read_chars(self, textpage, drop_slanted: bool = False, objects: bool = False) -> list[dict]:
        """The page's characters; with drop_slanted, not those turned by other than a right
        angle (a diagonal watermark drawn over the table); with objects, each with its text
        object."""
        raw, chars = self.raw, []
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        space_at = None                # the stream index of the last space the file draws
        for i, ch in enumerate(text[:count]):
            if ch in "\r\n\x00" or ch.isspace():
                if drawn_space(textpage, i):
                    space_at = i
                continue
            if drop_slanted and char_slanted(textpage, i):
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            if right <= left and top <= bottom:
                continue                           # generated characters have no box
            size = raw.FPDFText_GetFontSize(textpage.raw, i)
            chars.append(self.char(ch, left, right, self.height - top, self.height - bottom, size))
            chars[-1]["stream"], chars[-1]["after_space"] = i, space_at == i - 1
            if objects:
                chars[-1]["object"] = raw.FPDFText_GetTextObject(textpage.raw, i)
        return chars

    def drop_hidden(self, bottom: float) -> bool:
        """Leaves out the characters above `bottom` (points from the top) whose text object a
        clip path hides (hidden_object); whether there were any. Asked of a band of the page
        only: asking every object costs about as much as reading the page."""
        hidden: dict[int, bool] = {}
        shared: dict[tuple, list] = {}
        kept = []
        for c in self.chars:
            obj = c.get("object")
            if obj and c["top"] < bottom:
                key = address(obj)
                if key not in hidden:
                    hidden[key] = hidden_object(self.raw, obj, shared)
                if hidden[key]:
                    continue
            kept.append(c)
        dropped = len(kept) < len(self.chars)
        self.chars = kept
        return dropped

    def char(self, text: str, x0: float, x1: float, top: float, bottom: float, size: float) -> dict:
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                "y0": self.height - bottom, "y1": self.height - top, "width": x1 - x0,
                "height": bottom - top, "size": size, "upright": True, "object_type": "char",
                "page_number": self.page_number, "fontname": "", "matrix": (1, 0, 0, 1, x0, bottom)}

    # ---- ruling lines ----------------------------------------------------------------------

    def read_edges(self, page) -> list[dict]:
        raw, edges = self.raw, []
        for obj in shown_paths(raw, page):
            matrix = obj.get_matrix()
            points = []
            for k in range(raw.FPDFPath_CountSegments(obj.raw)):
                seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
                x, y = ctypes.c_float(), ctypes.c_float()
                raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
                px, py = matrix.on_point(x.value, y.value)
                kind = raw.FPDFPathSegment_GetType(seg)
                if kind == raw.FPDF_SEGMENT_MOVETO:
                    points = [(px, py)]
                    start = (px, py)
                else:
                    points.append((px, py))
                    self.add_segment(edges, points[-2], points[-1])
                    if raw.FPDFPathSegment_GetClose(seg):
                        self.add_segment(edges, (px, py), start)
        return edges

    def add_segment(self, edges: list[dict], a: tuple[float, float], b: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = a, b
        if abs(y0 - y1) <= SLANT and abs(x1 - x0) >= MIN_EDGE:
            orientation = "h"
        elif abs(x0 - x1) <= SLANT and abs(y1 - y0) >= MIN_EDGE:
            orientation = "v"
        else:
            return                                 # a curve or a slanted stroke: no rule
        left, right = sorted((x0, x1))
        low, high = sorted((y0, y1))
        if orientation == "h":
            low = high = (y0 + y1) / 2
        else:
            left = right = (x0 + x1) / 2
        top, bottom = self.height - high, self.height - low
        edges.append({"x0": left, "x1": right, "top": top, "bottom": bottom, "doctop": top,
                      "y0": low, "y1": high, "width": right - left, "height": bottom - top,
                      "orientation": orientation, "object_type": "rect_edge",
                      "page_number": self.page_number})

    # ---- what the reader asks of it ----------------------------------------------------------

    def find_tables(self):
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(None)).tables

    def text_lines(self, split_glued: bool = False) -> list[dict]:
        """The page's lines of text in reading order. split_glued: a line where an amount runs
        into the next cell's number (a table printed without rules: 277.90 and 201 a little
        apart read 277.90201) is read again with words cut at smaller gaps, and each line keeps
        its characters (chars, in the order of its text's)."""
        from pdfplumber.utils.text import chars_to_textmap

        apart = line_tolerance(self.chars)
        lines = chars_to_textmap(self.chars, y_tolerance=apart).extract_text_lines(return_chars=split_glued)
        if not split_glued:
            return lines
        out = []
        for line in lines:
            line = {**line, "text": with_drawn_spaces(line["text"], line["chars"])}
            if GLUED.search(line["text"]):
                again = chars_to_textmap(line["chars"], x_tolerance=TIGHT, y_tolerance=apart).extract_text_lines(
                    return_chars=False)
                if len(again) == 1 and keeps_amounts(line["text"], again[0]["text"]):
                    line = {**line, "text": again[0]["text"]}
            out.append({**line, "text": parted_cells(line["text"], line["chars"])})
        return out


LINE_TOLERANCE = 3.0     # points: pdfplumber's, for characters of 9 points or more
LINE_SHARE = 0.35        # of the characters' height: the tolerance for smaller ones


def line_tolerance(chars: list[dict]) -> float:
    """How far apart two characters' tops may stand on one line: pdfplumber's 3 points, but a
    third of a line of small characters (a sheet scaled to fit its page prints 4-point text;
    its rows 6 points apart, a merged cell centred half a row off them, chained into one line
    by 3 points and were read a character a line)."""
    if not chars:
        return LINE_TOLERANCE
    heights = sorted(c["height"] for c in chars)
    return min(LINE_TOLERANCE, LINE_SHARE * heights[len(heights) // 2])


def cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def parted_cells(text: str, chars: list[dict]) -> str:
    """The line's text with a space where two CJK characters of one word stand apart by more
    than a cell's padding: a spreadsheet printed without borders, its columns tight, runs
    neighbouring cells' words together (一般公共预算政府性基金预, 2.6 points apart at 7 points)
    closer than the gap pdfplumber parts words at. The line's own spacing (letter-spaced
    text) is allowed for; a gap before a digit parts cells only where it is wider than the
    space Word puts between CJK and Latin text (digit_cell); a gap before a letter is not
    asked."""
    letters = [k for k, ch in enumerate(text) if ch != " "]
    if len(letters) != len(chars) or len(chars) < 4:
        return text                    # (pdfplumber changed the characters: left as read)
    gaps, to_digit = {}, []
    for n in range(1, len(chars)):
        c, prev = chars[n], chars[n - 1]
        if letters[n] - letters[n - 1] == 1 and cjk(prev["text"]):
            if cjk(c["text"]):
                gaps[n] = c["x0"] - prev["x1"]
            elif c["text"].isdigit():
                to_digit.append(n)
    if len(gaps) < 2:
        return text
    own = sorted(gaps.values())[len(gaps) // 2]
    wide = {n for n, gap in gaps.items()
            if gap - own > CELL_GAP * min(chars[n]["x1"] - chars[n]["x0"], chars[n - 1]["x1"] - chars[n - 1]["x0"])}
    # a cell opening with digits run into a CJK cell before it (2024年预算数2025年预算数)
    digits = [n for n in to_digit if digit_cell(chars[n - 1], chars[n], own)]
    if not wide and not digits:
        return text
    # a word spread across its cell (分散对齐: 单 位 名 称) has its gaps wide one after another;
    # two cells meet at one wide gap between runs set solid, of two characters or more each
    # (a cell of one CJK character is rare, a word of two spread apart is not: 合 计), or a
    # cell of one character ending the word after a run of several (a unit, 台, after its
    # item's name: a spread word's first character does not touch the cell before it)
    starts = [0] + [n for n in range(1, len(chars)) if letters[n] - letters[n - 1] > 1]
    bounds = sorted({*starts, *wide, len(chars)})
    cuts = [n for n in sorted(wide) if n - 1 not in wide and n + 1 not in wide and solid_around(n, bounds)]
    cuts = sorted({*cuts, *(n for n in digits if n - 1 not in wide)})
    if not cuts:
        return text
    out = list(text)
    for n in reversed(cuts):
        out.insert(letters[n], " ")
    return "".join(out)


def digit_cell(prev: dict, c: dict, own: float) -> bool:
    """The digit c opens a cell after the CJK character prev: they stand farther apart than a
    word processor spaces CJK text and digits within a cell (DIGIT_GAP beyond the line's own
    spacing): a cell opening with a year (2025年预算数) or a figure after a CJK cell, run
    together by tight columns."""
    return c["x0"] - prev["x1"] - own > DIGIT_GAP * (prev["x1"] - prev["x0"])


def solid_around(n: int, bounds: list[int]) -> bool:
    """Two characters or more stand on either side of the gap before character n, up to the
    word's ends or the next wide gaps (bounds: where words and runs start, and the end); or
    one character ends the word after a run of LONG_RUN or more."""
    at = bounds.index(n)
    before, after = n - bounds[at - 1], bounds[at + 1] - n
    return (before >= 2 and after >= 2) or (before >= LONG_RUN and after == 1)


def drawn_space(textpage, i: int) -> bool:
    """The space at index i is drawn by the file (a character with a width), not one pdfium
    generates between text objects (it has no box)."""
    import pypdfium2.raw as raw

    if raw.FPDFText_IsGenerated(textpage.raw, i) == 1:
        return False
    left, _, right, _ = textpage.get_charbox(i, loose=True)
    return right > left


def with_drawn_spaces(text: str, chars: list[dict]) -> str:
    """The line's text with a space wherever the file draws one between two of its characters.
    pdfplumber parts words only at gaps wider than 3 points; a space at a small font size is
    narrower (a code and its name, 208 社会保障和就业支出, read 208社会保障和就业支出, and the
    code was no longer a code: the name joined the other side's label before it). Amounts stay
    whole (a space drawn inside a number does not cut it)."""
    letters = [k for k, ch in enumerate(text) if ch != " "]
    if len(letters) != len(chars) or not any(c.get("after_space") for c in chars[1:]):
        return text                    # (pdfplumber changed the characters: left as read)
    out = list(text)
    for n in range(len(chars) - 1, 0, -1):
        c, prev = chars[n], chars[n - 1]
        k = letters[n]
        if c.get("after_space") and prev.get("stream") == c["stream"] - 2 and text[k - 1] != " ":
            out.insert(k, " ")
    spaced = "".join(out)
    return spaced if keeps_amounts(text, spaced) else text
