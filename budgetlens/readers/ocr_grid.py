"""A scanned page's ruled tables: the rules drawn in the image make the grid, and every cell is
read on its own.

Read as one sparse page, tesseract glues a cell's text to its neighbour's where the text nearly
touches a rule ('缴费38.72'), reads a short figure alone in a narrow cell poorly ('11' as 'fl')
and takes a few Chinese characters for Latin ones ('公务员' as 'EE NE'). A cell's text line
cropped to its ink and read as one line (psm 7) is read right. The rules also place each cell
in its row and column: they are handed to pdfplumber's table finder as the edges of a text
PDF's ruled table are, so a scanned table becomes the same grid, with cell boxes.

Everything here is in pixels of the rendered page until `ScanPage`, which speaks PDF points.
"""

from __future__ import annotations

from typing import NamedTuple

from PIL import Image

INK = 160               # grey levels below this are ink
MAX_RULE_PT = 3.0       # a band of rule pixels thicker than this is no rule (a scan's black border)
MIN_GRID_CELLS = 2      # a frame with fewer cells is a box around text, not a table
MIN_LINE = 0.3          # ink lower than this share of a line's height is no text (a speck, a dash)


class Rule(NamedTuple):
    """A ruling line in pixels: at `at` (y of a horizontal rule, x of a vertical one), from
    `start` to `end` along it."""
    at: float
    start: int
    end: int


# ---------------------------------------------------------------- rules → segments

def rules_of(mask: Image.Image, horizontal: bool, dpi: int) -> list[Rule]:
    """The ruling lines in a mask of rule pixels (an opening along the rule's direction): each
    band of rows (columns) holding rule pixels, cut where its pixels stop. Bands thicker than
    MAX_RULE_PT are the black borders of a scan, not rules."""
    if not horizontal:
        mask = mask.transpose(Image.Transpose.TRANSPOSE)
    width = mask.width
    thickest = max(int(MAX_RULE_PT / 72 * dpi), 2)
    rules = []
    for top, bottom in runs(profile(mask, along=False)):
        if bottom - top > thickest:
            continue
        band = mask.crop((0, top, width, bottom))
        for start, end in runs(profile(band, along=True)):
            rules.append(Rule((top + bottom - 1) / 2, start, end))
    return rules


def profile(mask: Image.Image, along: bool) -> list[int]:
    """1 for each column (along) or row of the mask that holds a set pixel, else 0."""
    xs, ys = mask.getprojection()
    return list(xs if along else ys)


def runs(flags: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each run of set flags, end exclusive."""
    out, start = [], None
    for i, flag in enumerate(flags):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(flags)))
    return out


# ---------------------------------------------------------------- the grid

class ScanPage:
    """The parts of a pdfplumber Page that TableFinder and Table.extract use, for a scanned
    page: its rules as edges and, once read, each cell line's text as one 'char' (PDF points,
    origin top-left, as pdfium_page.PdfiumPage gives a text page's)."""

    def __init__(self, width: float, height: float, page_number: int, edges: list[dict]):
        self.width, self.height, self.page_number = width, height, page_number
        self.bbox = (0, 0, width, height)
        self.edges = edges
        self.chars: list[dict] = []

    def find_tables(self) -> list:
        from pdfplumber.table import TableFinder, TableSettings

        tables = TableFinder(self, TableSettings.resolve(None)).tables
        return [t for t in tables if len(t.cells) >= MIN_GRID_CELLS]

    def char(self, text: str, x0: float, top: float, x1: float, bottom: float, conf: float,
             unsure: bool = False) -> dict:
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                "y0": self.height - bottom, "y1": self.height - top, "width": x1 - x0,
                "height": bottom - top, "size": bottom - top, "upright": True,
                "object_type": "char", "page_number": self.page_number, "fontname": "",
                "matrix": (1, 0, 0, 1, x0, bottom), "conf": conf, "unsure": unsure}


def edges_of(horizontal: list[Rule], vertical: list[Rule], scale: tuple[float, float],
             page_number: int, height: float) -> list[dict]:
    """The rules as pdfplumber edges in PDF points (scale: points per pixel across, down)."""
    sx, sy = scale
    edges = []
    for rule in horizontal:
        y, x0, x1 = rule.at * sy, rule.start * sx, rule.end * sx
        edges.append(edge(x0, x1, y, y, "h", page_number, height))
    for rule in vertical:
        x, top, bottom = rule.at * sx, rule.start * sy, rule.end * sy
        edges.append(edge(x, x, top, bottom, "v", page_number, height))
    return edges


def edge(x0: float, x1: float, top: float, bottom: float, orientation: str, page_number: int,
         height: float) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "y0": height - bottom, "y1": height - top, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation, "object_type": "rect_edge", "page_number": page_number}


def cell_boxes(tables: list) -> list[tuple[float, float, float, float]]:
    """Every cell of the tables once (PDF points), top to bottom, left to right."""
    seen = {tuple(round(v, 1) for v in cell): tuple(cell) for t in tables for cell in t.cells}
    return sorted(seen.values(), key=lambda b: (b[1], b[0]))


# ---------------------------------------------------------------- a cell's lines of text

def ink_bands(clean: Image.Image, box: tuple[int, int, int, int]) -> tuple[Image.Image, list[tuple[int, int]]]:
    """The cell's ink (a mask) and its bands of rows holding ink, top to bottom."""
    ink = despeckled(clean, box)
    return ink, runs(profile(ink, along=False))


def despeckled(clean: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """The ink mask of the box without its specks (a pixel or two of ink, none with two inked
    neighbours): a scan's dust would otherwise make every row of pixels a row of ink, and each
    speck a line of text to read, while a pixel inside a stroke, however thin, has two (and the
    pixel ending the stroke is kept beside it)."""
    from PIL import ImageChops, ImageFilter, ImageOps

    left, top, right, bottom = box
    wide = (max(left - 1, 0), max(top - 1, 0), min(right + 1, clean.width), min(bottom + 1, clean.height))
    # the pixels around the box count as neighbours; beyond the page, none (the filter would repeat the edge)
    ink = ImageOps.expand(clean.crop(wide).point(lambda v: 255 if v < INK else 0), border=1, fill=0)
    inked = ink.filter(ImageFilter.Kernel((3, 3), [1] * 9, scale=9))   # 255 * inked pixels of the 3x3 / 9
    kept = ImageChops.multiply(ink, inked.point(lambda v: 255 if v > 255 * 2.5 / 9 else 0))
    ink = ImageChops.multiply(ink, kept.filter(ImageFilter.MaxFilter(3)))   # and the ends of strokes
    x, y = left - wide[0] + 1, top - wide[1] + 1
    return ink.crop((x, y, x + right - left, y + bottom - top))


def line_height(bands_per_cell: list[list[tuple[int, int]]]) -> int:
    """The height of a line of text on the page: the median of each cell's tallest band (most
    cells hold one line; a band of a wrapped cell is a line too)."""
    tallest = sorted(max(b - t for t, b in bands) for bands in bands_per_cell if bands)
    return tallest[len(tallest) // 2] if tallest else 0


def text_lines(ink: Image.Image, bands: list[tuple[int, int]], origin: tuple[int, int],
               height: int) -> list[tuple[int, int, int, int]]:
    """The boxes (page pixels) of the lines of text in a cell: its bands of ink joined while
    they fit in one line's height (the strokes of 三 or 二 are bands of their own)."""
    lines: list[list[int]] = []
    for top, bottom in bands:
        if lines and bottom - lines[-1][0] <= 1.25 * height:
            lines[-1][1] = bottom
        else:
            lines.append([top, bottom])
    out = []
    for top, bottom in lines:
        if bottom - top < MIN_LINE * height:
            continue                # a speck, a dash printed for an empty cell
        xs = inked_runs(ink.crop((0, top, ink.width, bottom)), height)
        if xs:
            out.append((origin[0] + xs[0][0], origin[1] + top, origin[0] + xs[-1][1], origin[1] + bottom))
    return out


SPECK_GAP = 0.5         # × the line height: dust this far from the text beside it is no part of it
SPECK_INK = 0.25        # × the line height: a column of text holds this much ink (三 in 2 px strokes: 0.27)


def inked_runs(strip: Image.Image, height: int) -> list[tuple[int, int]]:
    """The runs of columns of a line that hold ink, less the dust: none when no column of the
    line holds ink SPECK_INK of a line high (scattered specks made bands of a line's height, each
    read as a line), and without the low runs at either end standing SPECK_GAP apart from the
    rest (a speck beside a cell's text was read as '.' before its name). A '-' before a figure
    stands close to it and stays; a lone 一 is no band of a line's height in the first place."""
    xs = runs(profile(strip, along=True))
    if not xs:
        return xs
    tall = strip.resize((strip.width, 1), Image.Resampling.BOX).tobytes()     # mean ink of each column
    least = SPECK_INK * height * 255 / max(strip.height, 1)

    def low(run: tuple[int, int]) -> bool:
        return max(tall[run[0]:run[1]]) < least

    if all(low(run) for run in xs):
        return []
    gap = SPECK_GAP * height
    while len(xs) > 1 and low(xs[0]) and xs[1][0] - xs[0][1] > gap:
        xs = xs[1:]
    while len(xs) > 1 and low(xs[-1]) and xs[-1][0] - xs[-2][1] > gap:
        xs = xs[:-1]
    return xs


# ---------------------------------------------------------------- short rules

FULL = 0.9              # share of the height from rule to rule a line of ink must fill to be a rule


def short_rules(ink: Image.Image, across: list[Rule], along: list[Rule], dpi: int,
                horizontal: bool) -> list[Rule]:
    """Rules too short for the opening that finds `along` (vertical ones when not horizontal):
    a line of ink filling the whole gap between two facing rules of `across` (the dividers of
    a header row, of a table with one row). Text never fills a cell from rule to rule, so a
    character's stroke is no rule."""
    if horizontal:
        ink = ink.transpose(Image.Transpose.TRANSPOSE)
    thickest = max(int(MAX_RULE_PT / 72 * dpi), 2)
    found = []
    for upper, lower, start, end in facing(across):
        top, bottom = int(upper.at), round(lower.at) + 1    # from rule to rule: text never touches both
        if end - start < 2 or bottom - top < 2:
            continue
        strip = ink.crop((start, top, end, bottom)).resize((end - start, 1), Image.Resampling.BOX)
        for left, right in runs([1 if v >= FULL * 255 else 0 for v in strip.tobytes()]):
            at = start + (left + right - 1) / 2
            if right - left <= thickest and not covered(along, at, upper.at, lower.at):
                found.append(Rule(at, int(upper.at), round(lower.at)))
    return found


def facing(rules: list[Rule]) -> list[tuple[Rule, Rule, int, int]]:
    """Pairs of parallel rules with nothing between them over a stretch (start, end) along
    them: the two sides of a row of cells (of a column, for vertical rules)."""
    out = []
    ordered = sorted(rules)
    for n, rule in enumerate(ordered):
        open_spans = [(rule.start, rule.end)]
        for other in ordered[n + 1:]:
            if other.at <= rule.at + 1:
                continue
            for start, end in open_spans:
                if other.start < end and start < other.end:
                    out.append((rule, other, max(start, other.start), min(end, other.end)))
            open_spans = minus(open_spans, other.start, other.end)
            if not open_spans:
                break
    return out


def minus(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans with [start, end) taken out."""
    out = []
    for a, b in spans:
        if end <= a or b <= start:
            out.append((a, b))
            continue
        if a < start:
            out.append((a, start))
        if end < b:
            out.append((end, b))
    return out


def covered(rules: list[Rule], at: float, start: float, end: float, slack: float = 3) -> bool:
    """A rule of `rules` already runs at `at` from `start` to `end`."""
    return any(abs(r.at - at) <= slack and r.start <= start + slack and r.end >= end - slack for r in rules)


# ---------------------------------------------------------------- skew

MAX_SKEW = 2.0          # degrees a scan is looked at turned by, either way
MIN_SKEW = 0.1          # degrees below which a page is read as it is
SKEW_WIDTH = 800        # pixels across the reduced page the angle is measured on


def skew(gray: Image.Image) -> float:
    """The angle (degrees, counter-clockwise) that levels the page's lines of text and rules:
    the one whose rows of ink are most unequal (lines and the gaps between them), measured on
    a reduced copy, coarse then fine. 0 for a page with too little ink to tell."""
    factor = max(gray.width // SKEW_WIDTH, 1)
    ink = gray.reduce(factor).point(lambda v: 255 if v < INK else 0)
    if ink.getbbox() is None:
        return 0.0
    best = max((a / 4 for a in range(int(-MAX_SKEW * 4), int(MAX_SKEW * 4) + 1)), key=lambda a: spread(ink, a))
    return max((best + a / 40 for a in range(-10, 11)), key=lambda a: spread(ink, a))


def spread(ink: Image.Image, angle: float) -> float:
    """How unequal the rows of the ink turned by angle are: the sum of their squared sums."""
    turned = ink.rotate(angle, resample=Image.Resampling.NEAREST) if angle else ink
    rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
    return float(sum(v * v for v in rows))


def level(gray: Image.Image) -> Image.Image:
    """The page turned level when a scan is skewed (MIN_SKEW or more): the rules an opening
    finds and the bands of text a line is cut from must run straight across."""
    angle = skew(gray)
    if abs(angle) < MIN_SKEW:
        return gray
    return gray.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
