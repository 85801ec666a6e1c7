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


class PdfiumPage:
    """The parts of a pdfplumber Page that TableFinder and Table.extract use."""

    def __init__(self, page, page_number: int, drop_slanted: bool = False):
        import pypdfium2.raw as raw

        self.raw = raw
        self.page_number = page_number
        width, height = page.get_size()
        self.height = height
        self.bbox = (0, 0, width, height)
        textpage = page.get_textpage()
        try:
            self.chars = self.read_chars(textpage, drop_slanted)
        finally:
            textpage.close()
        self.edges = self.read_edges(page)

    # ---- characters ------------------------------------------------------------------------

    def read_chars(self, textpage, drop_slanted: bool = False) -> list[dict]:
        """The page's characters; with drop_slanted, not those turned by other than a right
        angle (a diagonal watermark drawn over the table)."""
        raw, chars = self.raw, []
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        for i, ch in enumerate(text[:count]):
            if ch in "\r\n\x00" or ch.isspace():
                continue
            if drop_slanted and char_slanted(textpage, i):
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            if right <= left and top <= bottom:
                continue                           # generated characters have no box
            size = raw.FPDFText_GetFontSize(textpage.raw, i)
            chars.append(self.char(ch, left, right, self.height - top, self.height - bottom, size))
        return chars

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
        apart read 277.90201) is read again with words cut at smaller gaps."""
        from pdfplumber.utils.text import chars_to_textmap

        lines = chars_to_textmap(self.chars).extract_text_lines(return_chars=split_glued)
        if not split_glued:
            return lines
        out = []
        for line in lines:
            if GLUED.search(line["text"]):
                again = chars_to_textmap(line["chars"], x_tolerance=TIGHT).extract_text_lines(return_chars=False)
                if len(again) == 1 and keeps_amounts(line["text"], again[0]["text"]):
                    line = {**line, "text": again[0]["text"]}
            out.append({k: v for k, v in line.items() if k != "chars"})
        return out
