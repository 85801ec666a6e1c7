"""Plain text that keeps the printed layout (`pdftotext -layout`, a fixed-width export): the
columns of a table line up, so each table line is cut into cells at its runs of spaces and
every cell gets a box in character columns. The headers printed above then decide each
amount's column, as they do in a PDF (geometry.py): order and the identities are not needed.
Text whose cells are separated by single spaces (the layout lost) is not touched.

A header's text is narrower than its column and sits centred over it, so the boxes are
widened before geometry reads them:
- an amount column is the amounts whose right edges meet (or, centred, that overlap); an
  amount's box is its column's, and the header over it takes that extent; where the amounts
  are not under their header's text (a narrow 0 column flush right, centred numbers) and
  there are as many headers as columns, the n-th header heads the n-th column;
- a group header (基本支出 over 人员经费 / 公用经费) takes the headers below it over which its
  text is centred; a header wrapped over two lines is one;
- a side's header (收入, 支出) takes the whole side, which begins at that side's label column.
pdftotext scales each page on its own: a page that prints its header is read by it, a page
that does not is moved onto the columns of the page before (its amount columns in order) where
that page fills every column its header names; else the page's own columns (amounts whose
right edges meet, on every row of the page) may be any of the header's columns, in order
(LoosePage): the row totals, then the identities, decide which (tables.resolve_side).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from ..readers import Line
from ..readers.grid import CONTINUED
from ..templates import TableSpec, per_spec
from ..text import FOLIO_CELL, SIGNED_EXACT, close_spaced, match_key, no_space
from .geometry import LABEL_KEYS, META, best_column, known_headers, side_headers
from .geometry import heading_key as key
from .rows import (
    BRACKETED_INTEGER,
    NOT_A_NAME,
    RawRow,
    _label_row,
    amount_of,
    completes_official,
    is_number_row,
    is_official_name,
    is_official_prefix,
)
from .wraps import joined_label_columns, joined_label_table

ALIGNED = re.compile(r"\S {3,}\S")           # cells kept apart by a run of spaces
RUN = re.compile(r"\S+(?: \S+)*")            # a cell: words with single spaces between them
TOKEN = re.compile(r"\S+")
# an amount written with a decimal point or thousands separators: beside a word it is a cell
# of its own even when a single space separates them ("91,016,775.35 一、一般公共服务支出")
DECIMAL = re.compile(rf"^{SIGNED_EXACT}$")     # a negative too: -12.50, （12.50）, △12.50
CLASS_CODE = re.compile(r"^\d{3}$")         # 201: a classification code's first part
WHOLE_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")  # 201 / 20103 / 2010301 printed in one cell
CODE_PART = re.compile(r"^\d{1,2}$")        # 03 / 01 (or 3, 1: a spreadsheet dropped the 0)
ITEM_START = re.compile(r"^([一二三四五六七八九十]+、|\d+[.．、]|[（(]|其中|[合总小]\s*计)")
# a unit a space after its figure, in the figure's cell ("277.90 万元": rows.cell_unit reads it)
UNIT_WORD = re.compile(r"^(?:[(（](?:万元|千元|亿元|元|万)[)）]|万元|千元|亿元|元|万)$")
UNIT_FIRST = "元万千亿(（"
LINE_HEIGHT = 10.0                           # a line's box: its index × this, 8 high (a gap of 2)
LABEL_GAP = 6                                # label columns of two sides start this far apart at least


@dataclass
class Cell:
    text: str
    x0: float
    x1: float
    amount: bool = False

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


def is_layout(lines: list[Line]) -> bool:
    """Whether a table's lines keep their columns apart by runs of spaces (two lines at least)."""
    aligned = 0
    for ln in lines:
        if ln.cells is None and "   " in ln.text and ALIGNED.search(ln.text):
            aligned += 1
            if aligned >= 2:
                return True
    return False


def line_cells(ln: Line, wide: bool = False) -> list[Cell]:
    """The cells of a text line (none for a grid row or a blank line; a form feed is no text)."""
    return cells_of(ln.text.replace("\f", ""), wide) if ln.cells is None and ln.text.strip() else []


def cells_of(text: str, wide: bool = False) -> list[Cell]:
    """The cells of a line, in character columns (wide: a CJK character two columns, as a
    GBK export lays them out); a leading code or code parts join the label after them
    ("201   03   01   行政运行" → one label cell "201 03 01 行政运行"): a code is no amount,
    and its place says nothing of the amounts' columns."""
    text = GLUED.sub(r"\1 \2", text) if "." in text else text
    if "-" in text or "—" in text or "–" in text or "－" in text:
        text = DASH_CELL.sub(blank_dash, text)
    text = close_spaced(text, layout=True)
    at = columns(text) if wide else None
    # (figures whose thousands are set apart by spaces: their places, where the line has any)
    grouped = [m.span() for m in SPACE_GROUPED.finditer(text)] if "." in text and SPACE_GROUPED.search(text) else ()
    # (a whole figure whose thousands a space sets apart, a space after a name: left whole where
    # the table does not say how its run parts, whole_thousands_spaced, but no part of the name)
    spaced = SPACED_GROUP(text) is not None
    out: list[Cell] = []
    for run in RUN.finditer(text):
        tokens = list(TOKEN.finditer(run.group()))
        start = 0
        for k in range(1, len(tokens)):
            if spaced and groups_after_words(tokens, k):
                out.append(_cell(run, tokens[start], tokens[k - 1], at))
                start = k
                continue
            if grouped and within(run.start() + tokens[k].start(), grouped):
                continue                        # the next group of the same figure
            if tokens[k].group()[:1] in UNIT_FIRST and UNIT_WORD.match(tokens[k].group()) \
                    and DECIMAL.match(tokens[k - 1].group()):
                continue                        # the unit printed after its figure: the figure's cell
            if DECIMAL.match(tokens[k].group()) or DECIMAL.match(tokens[k - 1].group()) \
                    or (grouped and any(run.start() + tokens[k].start() == a for a, _ in grouped)):
                out.append(_cell(run, tokens[start], tokens[k - 1], at))
                start = k
        out.append(_cell(run, tokens[start], tokens[-1], at))
    if grouped:
        for c in out:
            if " " in c.text and SPACE_GROUPED.fullmatch(c.text):
                c.text = c.text.replace(" ", "")
    out = join_code(out)
    if len(out) > 3:
        out = inner_codes_joined(out)
    for c in out:
        c.amount = amount_of(c.text, 0, integers=True) is not None
    if "(" in text or "（" in text:
        bracketed_amounts(out)
    return join_spaced(out)


def groups_after_words(tokens: list[re.Match], k: int) -> bool:
    """Whether the run's tokens from k on are thousands groups (a head of 1-3 digits, a group of
    three after it; figures of such groups after that), right after a word that ends in no
    digit (a name, not a code)."""
    if not tokens[k].group().isdigit() or tokens[k - 1].group()[-1:].isdigit() or len(tokens) - k < 2:
        return False
    return len(tokens[k + 1].group()) == 3 and all(len(t.group()) <= 3 and t.group().isdigit() for t in tokens[k:])


# a figure whose thousands are set apart by spaces ("3 452 100.50", "1 000 000.00": some PDF
# exports): two groups of three at least, the last with its decimals (a 行次 or a whole amount
# a space before an amount, "1 830.00", "25 521.56", is not taken for one)
SPACE_GROUPED = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?: \d{3})+ \d{3}\.\d{1,2}(?![\d.,])")


# A figure a layout line may print with its thousands a space apart, one group at least
# ("401 424.00", "1 601.00"): the head (1-3 digits) and its groups of exactly three; whether
# the spaces part groups or columns, the table decides (thousands_spaced)
# (a negative's marks around it: -1 077.90, (1 077.90), △1 077.90, 1 077.90-)
SPACE_GROUP_RUN = re.compile(r"(?<!\S)[-−－△▲(（]?([1-9]\d{0,2})((?: \d{3})+)(\.\d+)?[)）-]?(?!\S)")
COMMA_GROUPED = re.compile(r"\d,\d{3}")
SPACED_GROUP = re.compile(r"\d \d\d\d").search      # what every SPACE_GROUP_RUN holds (cheap test first)
ROW_NUMBER_WORDS = ("行次", "行号")


def thousands_spaced(lines: list[Line], wide: bool = False) -> list[Line]:
    """The table's lines, the spaces inside figures whose thousands a space sets apart made
    commas ("401 424.00" → "401,424.00", same length: places hold). Where a space parts two
    columns instead ("1" then "601.00") the table says so: only where every amount of the table
    prints the same decimals and the figure's head prints none (it cannot be an amount of its
    own), no figure of the table groups its thousands with commas, no 行次 column numbers the
    rows, and the head does not end where a column's amounts end (its right edge, on other
    lines). A figure left apart is read as before (its cells by their columns)."""
    texts = [ln.text for ln in lines]
    found = [(i, list(SPACE_GROUP_RUN.finditer(t))) for i, t in enumerate(texts) if "." in t and SPACED_GROUP(t)]
    found = [(i, ms) for i, ms in found if ms]
    if not found or any(w in t for t in texts for w in ROW_NUMBER_WORDS) \
            or any(COMMA_GROUPED.search(t) for t in texts if "," in t):
        return lines
    spans = dict(found)
    places, edges = set(), set()          # the decimals figures print; where figures end
    for i, t in enumerate(texts):
        at = columns(t) if wide else None
        for m in FIGURE.finditer(t) if any(ch.isdigit() for ch in t) else ():
            if any(g.start(1) <= m.start() and m.end() < g.end(g.lastindex) for g in spans.get(i, ())):
                continue                  # a figure's head or inner group: not yet known a cell
            if m.group(2):
                places.add(len(m.group(2)))
            edges.add(at[m.end()] if at else m.end())
    if len(places) != 1:
        return lines
    out = list(lines)
    for i, ms in found:
        t = texts[i]
        at = columns(t) if wide else None
        joins = [m for m in ms if m.group(3) and len(m.group(3)) - 1 in places and after_words(t, m.start())
                 and (at[m.end(1)] if at else m.end(1)) not in edges]
        if joins:
            chars = list(t)
            for m in joins:
                for k in range(m.start(2), m.end(2)):
                    if chars[k] == " ":
                        chars[k] = ","
            out[i] = replace(lines[i], text="".join(chars))
    return out


# a run of whole numbers a single space apart after a row's words ("7 234 567 5 203 600"): the
# figures of a table printing whole 元 with its thousands a space apart, one column or several
WHOLE_RUN = re.compile(r"(?<!\S)\d+(?: \d+)+(?!\S)")
DECIMAL_FIGURE = re.compile(r"\d\.\d")


def whole_thousands_spaced(lines: list[Line], spec: TableSpec, wide: bool = False) -> list[Line]:
    """A table printing whole amounts (no figure with decimals, none grouped by commas, no 行次
    column), its lines' figures whose thousands a space sets apart made commas ("7 234 567" →
    "7,234,567"). pdftotext sets neighbouring columns a single space apart too, so a run of
    numbers after a row's words is cut into figures only where one cut alone fits: a figure is
    a bare integer or 1-3 digits then groups of three, and the line holds no more figures than
    the table has amount columns; where several cuts fit, the one whose figures each end at
    another column's right edge (where a line filling every column, cut without a choice,
    ends its figures), each at its own. No figure's parts may lie under two headers' texts.
    Where a run is still open the whole table is left as printed (its grouped figures unread
    and reported, as before): a line whose figures stay apart is no amount line, so the lines
    above it would be read as the header and the figures cut below it read by order."""
    texts = [ln.text for ln in lines]
    if not any(SPACED_GROUP(t) for t in texts) or any(DECIMAL_FIGURE.search(t) for t in texts if "." in t) \
            or any(w in t for t in texts for w in ROW_NUMBER_WORDS) \
            or any(COMMA_GROUPED.search(t) for t in texts if "," in t):
        return lines
    width = len(spec.columns) or sum(len(side.columns) for side in spec.sides.values())
    found, edges, spread = whole_cuts(texts, width, wide)
    if not wide and any(ord(ch) > 0x2E80 for t in texts for ch in t):
        # (the document's measure, taken from its amounts, cannot see these: a GBK export lays a
        # CJK character over two columns, and its figures then end at fewer places)
        found_wide, edges_wide, spread_wide = whole_cuts(texts, width, True)
        if spread_wide < spread:
            found, edges, wide = found_wide, edges_wide, True
    heads = header_spans(lines, spec, wide)
    out = list(lines)
    for i, runs in found.items():
        t = texts[i]
        at = columns(t) if wide else None
        chars = list(t)
        for m, cuts in runs:
            if len(cuts) > 1:
                cuts = [c for c in cuts if at_edges(figure_places(m, c, at), edges)]
            if len(cuts) != 1 or any(under_two(a, b, at, heads) for a, b in figure_spans(m, cuts[0])):
                return lines           # a run left open: the table read as printed (below)
            for a, b in figure_spans(m, cuts[0]):
                for k in range(a, b):
                    if chars[k] == " ":
                        chars[k] = ","
        if chars != list(t):
            out[i] = replace(lines[i], text="".join(chars))
    return out


def whole_cuts(texts: list[str], width: int, wide: bool) -> tuple[dict[int, list[tuple[re.Match, list]]], set[int], int]:
    """Each line's runs of numbers with the cuts that fit them (whole_thousands_spaced); the
    right edges of the lines filling every column; how many places the figures cut without a
    choice end at (the fewer, the better the measure)."""
    found: dict[int, list[tuple[re.Match, list]]] = {}   # line → its runs, each with its cuts
    edges: set[int] = set()              # where the figures of a line filling every column end
    places: set[int] = set()
    for i, t in enumerate(texts):
        if not any(ch.isdigit() for ch in t):
            continue
        at = columns(t) if wide else None
        runs = [m for m in WHOLE_RUN.finditer(t) if after_words(t, m.start())] if SPACED_GROUP(t) else []
        alone = [f for f in FIGURE.finditer(t) if after_words(t, f.start())
                 and not any(m.start() <= f.start() < m.end() for m in runs)]
        ends, settled = [at[f.end()] if at else f.end() for f in alone], True
        for m in runs:
            room = width - len(alone) - sum(len(fewest_figures(r.group().split())) for r in runs if r is not m)
            cuts = figure_cuts(m.group().split(), room)
            found.setdefault(i, []).append((m, cuts))
            if len(cuts) == 1:
                ends += [b for _, b in figure_places(m, cuts[0], at)]
            settled = settled and len(cuts) == 1
        places.update(ends)
        if settled and len(ends) == width:     # a line filling every column: the columns' right edges
            edges.update(ends)
    return found, edges, len(places)


def figure_spans(m: re.Match, cut: list[list[str]]) -> list[tuple[int, int]]:
    """Where each figure of a run's cut stands in the line (characters)."""
    x, out = m.start(), []
    for figure in cut:
        out.append((x, x + len(" ".join(figure))))
        x = out[-1][1] + 1
    return out


def figure_places(m: re.Match, cut: list[list[str]], at: list[int] | None) -> list[tuple[int, int]]:
    """Where each figure of a run's cut stands (display columns)."""
    return [(at[a], at[b]) if at else (a, b) for a, b in figure_spans(m, cut)]


def at_edges(places: list[tuple[int, int]], edges: set[int], slack: int = 3) -> bool:
    """Whether each figure ends at a column's right edge, each at another (pdftotext moves a
    line's figures a few columns)."""
    taken = []
    for _, b in places:
        near = min(edges, key=lambda e: abs(e - b), default=None)
        if near is None or abs(near - b) > slack or near in taken:
            return False
        taken.append(near)
    return True


def figure_cuts(tokens: list[str], room: int, limit: int = 12) -> list[list[list[str]]]:
    """The ways to cut a run of numbers into at most `room` figures (up to `limit` of them:
    more are no answer, [] — a run that long is left as printed)."""
    found: list[list[list[str]]] = []

    def walk(at: int, done: list[list[str]]) -> None:
        if len(found) >= limit or len(done) > room:
            return
        if at == len(tokens):
            found.append(list(done))
            return
        for end in range(at + 1, len(tokens) + 1):
            if not is_figure(tokens[at:end]):
                if end > at + 1:
                    break
                continue
            walk(end, done + [tokens[at:end]])
    walk(0, [])
    return found if len(found) < limit else []


def fewest_figures(tokens: list[str]) -> list[list[str]]:
    """The cut of a run into the fewest figures (for the room the other runs of a line leave)."""
    best: list[list[list[str]] | None] = [[]] + [None] * len(tokens)
    for end in range(1, len(tokens) + 1):
        for start in range(end):
            if best[start] is not None and is_figure(tokens[start:end]) and \
                    (best[end] is None or len(best[start]) + 1 < len(best[end])):
                best[end] = best[start] + [tokens[start:end]]
    return best[-1] or [[t] for t in tokens]


def is_figure(tokens: list[str]) -> bool:
    """A whole number as printed: one bare integer ("0", "5105200"), or its first 1-3 digits
    then groups of three ("7 234 567")."""
    head = tokens[0]
    if head[0] == "0" and (head != "0" or len(tokens) > 1):
        return False
    return len(tokens) == 1 or (len(head) <= 3 and all(len(g) == 3 for g in tokens[1:]))


def header_spans(lines: list[Line], spec: TableSpec, wide: bool) -> list[tuple[float, float]]:
    """The places of the amount headers' texts on the lines above the first figure."""
    known, out = known_headers(spec), []
    for ln in lines:
        if FIGURE.search(ln.text):
            break
        out += [(w.x0, w.x1) for c in line_cells(ln, wide) for w in cell_words(c, wide)
                if key(w.text) in known and key(w.text) not in LABEL_KEYS]
    return out


def under_two(a: int, b: int, at: list[int] | None, heads: list[tuple[float, float]]) -> bool:
    """Whether the figure printed at text[a:b] has parts under two headers' texts."""
    x0, x1 = (at[a], at[b]) if at else (a, b)
    return sum(1 for h0, h1 in heads if x0 < h1 and h0 < x1) > 1


# thousands set apart by a thin or no-break space (U+2009, U+202F, U+00A0): never a text's
# column gap (converters pad columns with spaces), a separator wherever the groups are exact
THIN = "\u00a0\u2009\u202f"
THIN_GROUPED = re.compile(rf"(?<![\d.,])[1-9]\d{{0,2}}(?:[{THIN}]\d{{3}})+(?:\.\d+)?(?![\d.,])")
THIN_SPACE = re.compile(rf"[{THIN}]")


def thin_grouped(lines: list[Line]) -> list[Line]:
    """The lines, the thin or no-break spaces inside exactly grouped figures made commas
    ("1\u2009601.00" → "1,601.00", same length)."""
    out = lines
    for i, ln in enumerate(lines):
        t = ln.text
        if ("\u00a0" in t or "\u2009" in t or "\u202f" in t) and THIN_GROUPED.search(t):
            if out is lines:
                out = list(lines)
            out[i] = replace(ln, text=THIN_GROUPED.sub(lambda m: THIN_SPACE.sub(",", m.group()), t))
    return out


def after_words(text: str, start: int) -> bool:
    """A figure's head at `start` follows the row's words, not a number a single space before it
    (a code or its part: "2010301 1 601.00", "201 03 1 601.00") nor the line's start (a code
    opening the line, "201 500.00", its name on the line above)."""
    before = text[:start].rstrip(" ")
    if not before.strip():
        return False
    last = before.split()[-1]
    return not (last.isdigit() and start - len(before) == 1)


# every figure of a line with its decimals, as a cell prints it (group 2: the decimals)
FIGURE = re.compile(r"(?<![\d.,])\d[\d,]*(\.(\d+))?(?![\d.,])")


def within(x: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a character's place lies inside one of the spans, after its start."""
    return any(a < x < b for a, b in spans)


def bracketed_amounts(cells: list[Cell]) -> None:
    """A whole number in brackets among the amounts a line ends with ("(125)", a negative in a
    table of whole amounts) stands in an amount's place: marked an amount, so its column is
    found as the others' are; the header over it then says whether it is one (geometry reads
    it so only under an amount's header). A bracket in the label, or before it, stays text."""
    for k in range(len(cells) - 1, 0, -1):
        c = cells[k]
        if not c.amount:
            if not BRACKETED_INTEGER.match(c.text):
                return
            c.amount = any(not x.amount for x in cells[:k])     # a label before it


DASH_CELL = re.compile(r"(?<!\S)(?:--?|——?|–|－－?)(?!\S)")


def blank_dash(m: re.Match) -> str:
    """A dash printed for an empty cell (accounting formats print zero so), as the blanks it
    stands in: one alone in its column, two spaces or a line's end on a side (a dash between
    words, "项目 - 收入", is text)."""
    text, start, end = m.string, m.start(), m.end()
    if SIGN_BEFORE_NUMBER.match(text, end):
        return m.group()                 # "-   54.81": a minus sign set apart at the cell's left
    alone = start == 0 or text[max(0, start - 2):start] == "  " or text[end:end + 2] == "  " or not text[end:].strip()
    return " " * (end - start) if alone else m.group()


SIGN_BEFORE_NUMBER = re.compile(r" ?\d[\d,]*\.\d")


def join_spaced(cells: list[Cell]) -> list[Cell]:
    """A row's label printed with its characters spaced out ("合    计    2,722.57"): one cell.
    Only on a row with amounts (a header row prints 类  款  项 as three cells)."""
    n = 0
    while n < len(cells) and not cells[n].amount and len(cells[n].text) == 1 and ord(cells[n].text) > 0x2E80:
        n += 1
    if n < 2 or not any(c.amount for c in cells[n:]):
        return cells
    return [Cell("".join(c.text for c in cells[:n]), cells[0].x0, cells[n - 1].x1)] + cells[n:]


# an amount run into the code of the label after it, no space between ("417.37201 一般公共服务支出"
# from pdftotext at a fixed pitch): amounts print two decimals, codes three, five or seven digits
GLUED = re.compile(r"(?<![\d.])(\d[\d,]*\.\d\d)(\d{3}(?:\d\d){0,2})(?= [^\d\s])")


def columns(text: str) -> list[int]:
    """The display column where each character of a line starts (and, last, where it ends)."""
    out, x = [], 0
    for ch in text:
        out.append(x)
        x += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    out.append(x)
    return out


def join_code(cells: list[Cell]) -> list[Cell]:
    """A leading code, or its parts (cells of their own, or words a space apart: "201 03" then
    "01 行政运行"), joined with the label after it into one label cell, the parts two digits
    each as the code reads them ("301 2" is 30102)."""
    parts: list[str] = []
    k, label = 0, None
    while k < len(cells) and label is None:
        words = cells[k].text.split(" ")
        lead = 0
        while lead < len(words) and is_code_part(words[lead], parts, lead > 0):
            parts.append(words[lead])
            lead += 1
        if lead == 0:
            break
        if lead < len(words):                       # the rest of the cell is the label
            label = " ".join(words[lead:])
        k += 1
    if not parts:
        return cells
    code = " ".join([parts[0]] + [p.zfill(2) for p in parts[1:]])
    if label is None:                               # the label is the next cell
        if k >= len(cells) or amount_of(cells[k].text, 0, integers=True) is not None:
            # no label on the line (a name wrapped above and below it): the parts are still
            # one code, never an amount ("201   03   2427.03")
            return cells if len(parts) == 1 else [Cell(code, cells[0].x0, cells[k - 1].x1)] + cells[k:]
        label, k = cells[k].text, k + 1
    return [Cell(f"{code} {label}", cells[0].x0, cells[k - 1].x1)] + cells[k:]


# a classification code opening a row printed beside another on one line (决算 基本支出表:
# 人员经费 | 公用经费 halves side by side, "510.52 302        商品和服务支出"): a function (2xx)
# or economic (3xx, 5xx) code of 3, 5 or 7 digits
INNER_CODE = re.compile(r"^[235]\d{2}(?:\d{2}){0,2}$")


def inner_codes_joined(cells: list[Cell]) -> list[Cell]:
    """A code standing between an amount printed with its decimals and a label ("510.52 | 302
    | 商品和服务支出"): the next row's code, joined with its label into one label cell, never an
    amount (a table printing decimals prints no bare integer amount before a name)."""
    out = cells[:1]
    k = 1
    while k < len(cells):
        c = cells[k]
        if k + 1 < len(cells) and INNER_CODE.match(c.text) and "." in out[-1].text \
                and DECIMAL.match(out[-1].text) and inner_label(cells[k + 1].text):
            out.append(Cell(f"{c.text} {cells[k + 1].text}", c.x0, cells[k + 1].x1))
            k += 2
            continue
        out.append(c)
        k += 1
    return out


# the header of a code column (科目编码, 经济分类科目编码 …)
CODE_HEADS = frozenset(k for k in LABEL_KEYS if "编码" in k or "代码" in k)
BARE_INTEGER = re.compile(r"^\d+$")


def codes_by_header(cut: list[tuple[Line, list[Cell]]], known: set[str], wide: bool) -> None:
    """A side-by-side table's second half opens each line with its code, under its own code
    header right of the first half's amount header ("科目编码 科目名称 决算数 科目编码 …"). In
    whole 元 the first half's amount and that code are both bare integers, cells of their own
    or a space apart ("1800000 30201", "养老保险缴费 648000  30231"): between the first half's
    name and the second half's, the header prints an amount, then a code; two integers there
    are that amount and that code (joined with the name after it into one label cell). One
    integer alone there is the code only where it stands under the code header; else it is
    read as before (inner_codes_joined decides by the decimals where the table prints them)."""
    inner = inner_code_columns(cut, known, wide)
    if inner is None:
        return
    for k, (ln, cells) in enumerate(cut):
        if len(cells) < 2 or not any(c.text[-1:].isdigit() for c in cells[1:]):
            continue
        words = integer_words(cells, wide)
        out, i = [], 0
        while i < len(words):
            w = words[i]
            label = words[i + 1] if i + 1 < len(words) else None
            if i and label is not None and INNER_CODE.match(w.text) and inner_label(label.text) \
                    and (amount_before(out) or any(w.x0 < x1 and w.x1 > x0 for x0, x1 in inner)):
                out.append(Cell(f"{w.text} {label.text}", w.x0, label.x1))
                i += 2
                continue
            out.append(w)
            i += 1
        if len(out) != len(cells) or len(words) != len(cells):
            for c in out:
                c.amount = amount_of(c.text, 0, integers=True) is not None
            cut[k] = (ln, out)


def amount_before(out: list[Cell]) -> bool:
    """Whether the cells read so far end with a bare integer after a name: the first half's
    amount, the header's next column a code."""
    return len(out) > 1 and BARE_INTEGER.match(out[-1].text) is not None and inner_label(out[-2].text)


def integer_words(cells: list[Cell], wide: bool) -> list[Cell]:
    """The line's cells, the bare integers a space apart in a cell made cells of their own
    ("1800000 30201", "养老保险缴费 648000"; in the first cell, its code's label, only the last
    word): pdftotext sets neighbouring columns of a side-by-side table a space apart."""
    out: list[Cell] = []
    for n, c in enumerate(cells):
        words = cell_words(c, wide) if " " in c.text else [c]
        if n == 0 and len(words) > 2 and BARE_INTEGER.match(words[-1].text) and inner_label(words[-2].text[-1]):
            # (the label, its code first, and the first half's amount a space after it)
            out += [Cell(c.text[:c.text.rindex(" ")], c.x0, words[-2].x1), words[-1]]
            continue
        if n == 0 or len(words) == 1 or not any(BARE_INTEGER.match(w.text) for w in words):
            out.append(c)
            continue
        run: list[Cell] = []
        for w in words:
            if BARE_INTEGER.match(w.text):
                if run:
                    out.append(Cell(" ".join(x.text for x in run), run[0].x0, run[-1].x1))
                    run = []
                out.append(w)
            else:
                run.append(w)
        if run:
            out.append(Cell(" ".join(x.text for x in run), run[0].x0, run[-1].x1))
    return out


def inner_code_columns(cut: list[tuple[Line, list[Cell]]], known: set[str],
                       wide: bool) -> list[tuple[float, float]] | None:
    """The places of the code headers printed right of an amount header on a header line
    (lines without amounts, above the first that has one); None where there is none."""
    out: list[tuple[float, float]] | None = None
    for _, cells in cut:
        if any(c.amount for c in cells):
            if out:
                break
            continue
        words = [w for c in cells for w in cell_words(c, wide)]
        amount_ends = [w.x1 for w in words if key(w.text) in known and key(w.text) not in LABEL_KEYS]
        if amount_ends:
            inner = [(w.x0, w.x1) for w in words if key(w.text) in CODE_HEADS and w.x0 > min(amount_ends)]
            if inner:
                out = (out or []) + inner
    return out


def inner_label(text: str) -> bool:
    """A label's cell: it opens with a word (a CJK character), no figure."""
    return ord(text[0]) > 0x2E80 and amount_of(text, 0, integers=True) is None


def is_code_part(word: str, parts: list[str], beside: bool = False) -> bool:
    """201 / 20103 / 2010301 first; after a 3-digit class, up to two parts of 1–2 digits; after
    a 5-digit 款, its 项 printed beside it, a space apart (pdftotext closes up narrow 类 and 款
    columns, "21201 02"; a figure in a cell of its own is no part of it)."""
    if not parts:
        return WHOLE_CODE.match(word) is not None
    room = 3 if CLASS_CODE.match(parts[0]) else 2 if beside and len(parts[0]) == 5 else 0
    return len(parts) < room and CODE_PART.match(word) is not None


def _cell(run: re.Match, first: re.Match, last: re.Match, at: list[int] | None) -> Cell:
    x0, x1 = run.start() + first.start(), run.start() + last.end()
    return Cell(run.group()[first.start():last.end()], at[x0] if at else x0, at[x1] if at else x1)


@dataclass
class LoosePage:
    """A page printed without its header whose amount columns the page before does not place:
    its amounts stand in `bands` columns (left to right), which may be any of the header's
    columns `keys` (template keys, left to right) in order. The page's amounts are boxed
    under the first `bands` of them until the row totals and the identities decide."""
    lines: frozenset[int]          # the page's line numbers
    keys: tuple[str, ...]
    bands: int


@dataclass
class Boxed:
    lines: list[Line]              # with cells and boxes
    loose: list[LoosePage]         # the pages whose columns are left open
    unjoined: list[int]            # lines of a name's words not joined to a row (split_lines)
    # the headers wrapped over lines, each (its whole text, its printed parts)
    joined: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


def with_boxes(lines: list[Line], spec: TableSpec, wide: bool = False) -> list[Line] | None:
    """The table's lines with cells and boxes (layout_boxes), or None."""
    boxed = layout_boxes(lines, spec, wide)
    return boxed.lines if boxed is not None else None


def layout_boxes(lines: list[Line], spec: TableSpec, wide: bool = False) -> Boxed | None:
    """The table's lines with cells and boxes (character columns across, line index down), the
    pages whose columns are left open (LoosePage) and the lines of a name's words left alone;
    or None when the text does not say where the columns are: a headerless page that cannot
    be matched to the header above (more amount columns than it names, or a side-by-side
    table), headers printed several to a cell (split instead in a side-by-side table), two
    leaves of one header line over one column, or two amounts of one line in one column."""
    unjoined: list[int] = []
    rows = split_lines(lines, spec, wide, unjoined)
    known = known_headers(spec)
    header: list[tuple[int, int, Cell]] = []       # (first row, last row, cell)
    bands: list[list[float]] | None = None
    every = True                                   # every column headed there has amounts
    leaves: list[Cell] = []                        # the amount columns' headers in force
    loose: list[LoosePage] = []
    groups: list[tuple[list, list[tuple[int, int]]]] = []    # a page's header, the pages it heads
    numbered: dict[str, list[Cell]] = {}           # headers a cell split by their 栏次 numbers
    joined: list[tuple[str, tuple[str, ...]]] = []
    for lo, hi in pages(rows):
        drop_page_number(rows, lo, hi)
        page_bands = amount_bands([c for _, cells in rows[lo:hi] for c in cells if c.amount])
        first = next((r for r in range(lo, hi) if any(c.amount for c in rows[r][1])), hi)
        # (by_numbers: the columns' headers stand at their 栏次 numbers' places)
        by_numbers = numbered_header(rows, lo, first, spec, wide)
        if any(joined_headers(c.text, known) for r in range(lo, first) for c in rows[r][1]
               if key(c.text) not in known) and not (by_numbers := spec.layout != "side_by_side"
                                                     and split_by_numbers(rows, lo, first, known, numbered)):
            if spec.layout != "side_by_side":
                return None            # headers of several columns in one cell: their places are lost
            # a side-by-side table read by order would lose its sides: each header of the cell
            # on its own tells the side; the columns under them are left to the identities
            # (text_rows, loose_columns)
            for r in range(lo, first):
                rows[r] = (rows[r][0], [x for c in rows[r][1] for x in split_joined(c, known, wide)])
        wrapped = wrapped_headers(rows, lo, first, known, column_keys(spec))
        if spec.layout != "side_by_side" and any(" " in c.text for r in range(lo, first) for c in rows[r][1]):
            # (a side-by-side table's header cells name its sides: split_joined reads them)
            wrapped = spaced_wraps(rows, lo, first, known, spec, wide, page_bands) or wrapped
        parts = {id(p) for *_, parts in wrapped for p in parts}
        own = [(r, r, c) for r in range(lo, first) for c in rows[r][1] if key(c.text) in known and id(c) not in parts]
        own += [(r, s, whole) for r, s, whole, _ in wrapped]
        split = sub_heads(rows, lo, first, own, wrapped, spec)
        subs = [sub for _, run in split for sub in run]
        own += [(r, s, whole) for r, s, whole, _ in subs]
        if own or bands is None:
            # (words the template does not know, printed among a group's parts: parts of it)
            strangers = group_strangers(rows, lo, first, known, parts) if own else []
            every, clash, leaves = widen_headers(own, page_bands, spec, by_numbers, strangers)
            own += [h for h in strangers if any(h[2] is c for c in leaves)]
            if clash:
                return None
            for column, run in split:               # over the sub-headers it splits into
                column.x0, column.x1 = min(c.x0 for _, _, c, _ in run), max(c.x1 for _, _, c, _ in run)
            for *_, whole, parts in wrapped + subs:  # one box for all: geometry joins them again
                for part in parts:
                    part.x0, part.x1 = whole.x0, whole.x1
                joined.append((whole.text, tuple(p.text for p in parts)))
            header += own
            groups.append((own, [(lo, hi)]))
            bands = page_bands
            for _, cells in rows[lo:hi]:          # an amount's box: its column's
                for c in cells:
                    if c.amount:
                        c.x0, c.x1 = band_of(c, bands)
        elif not page_bands or ((every or spec.layout == "side_by_side") and remap(rows[lo:hi], page_bands, bands, every)):
            groups[-1][1].append((lo, hi))
        else:
            # not as many columns as a page before that fills every column it heads: which of
            # the header's columns this page fills, its places do not say (pdftotext closes up
            # the columns a page leaves empty)
            page = loose_page(rows[lo:hi], page_bands, leaves, groups[-1][0], spec)
            if page is None:
                return None
            loose.append(page)
            groups[-1][1].append((lo, hi))
    for _, cells in rows:
        boxes = [(c.x0, c.x1) for c in cells if c.amount]
        if len(set(boxes)) < len(boxes):
            # two amounts of one line in one band: the band joined two columns (pdftotext
            # printed them a space apart), so the text does not say which is which
            return None
    if spec.layout == "side_by_side":       # each header over the pages read by it
        for own, spans in groups:
            widen_sides(own, side_territories([row for lo, hi in spans for row in rows[lo:hi]]), spec)
    out = []
    for i, (ln, cells) in enumerate(rows):
        if not cells:
            out.append(ln)
            continue
        top = i * LINE_HEIGHT
        boxes = [(float(c.x0), top, float(c.x1), top + LINE_HEIGHT - 2) for c in cells]
        out.append(replace(ln, cells=[c.text for c in cells], cell_boxes=boxes))
    return Boxed(out, loose, unjoined, joined)


def loose_page(rows: list[tuple[Line, list[Cell]]], bands: list[list[float]], leaves: list[Cell],
               own: list[tuple[int, int, Cell]], spec: TableSpec) -> LoosePage | None:
    """A headerless page whose amount columns may be any of the header's, in order: its
    amounts boxed under the first of them (None: more columns than the header names, a
    side-by-side table, or a header leaf that names no template column)."""
    if spec.layout == "side_by_side" or len(bands) > len(leaves):
        return None
    keys = leaf_keys(leaves, own, spec)
    if keys is None:
        return None
    remap(rows, bands, [[c.x0, c.x1] for c in leaves[:len(bands)]])
    return LoosePage(frozenset(ln.no for ln, _ in rows), keys, len(bands))


def leaf_keys(leaves: list[Cell], own: list[tuple[int, int, Cell]], spec: TableSpec) -> tuple[str, ...] | None:
    """The template column each leaf header heads, as geometry reads the header (None when
    one heads none)."""
    from .geometry import HeaderCell, slot_of

    cells = [HeaderCell(key(c.text), c.text, c.x0, c.x1, r) for r, _, c in own]
    keys = []
    for leaf in leaves:
        slot = slot_of(spec, cells, (leaf.x0, 0, leaf.x1, 0))
        if slot.column is None:
            return None
        keys.append(slot.column.key)
    return tuple(keys) if len(set(keys)) == len(keys) else None


def joined_headers(text: str, known: set[str]) -> list[str] | None:
    """The headers of several columns printed as one cell, a space apart or none ("项目 合计",
    "一般公共预算政府性基金预算"): their texts, or None (a cell of one header, or of words
    no header sequence makes). The columns' places are lost with them."""
    words = text.split(" ")
    if len(words) > 1:
        return words if all(key(w) in known for w in words) and not labels_only(words) else None
    if key(text) in known or len(text) > 40:
        return None
    parts = known_parts(text, known)
    return parts if parts and len(parts) > 1 and not labels_only(parts) else None


def split_by_numbers(rows: list[tuple[Line, list[Cell]]], lo: int, first: int, known: set[str],
                     seen: dict[str, list[Cell]]) -> bool:
    """Headers printed several to a cell a space apart (pdftotext -layout closes up a header
    line of words as long as their columns) over a 栏次 row ("栏次 1 2 3 …") that numbers as
    many columns: each header split off at its number's place, in order (True). A page that
    repeats the header without the 栏次 row takes the places the same header had above it
    (`seen`: the header's text → its numbers). False, and nothing changed, where there is no
    such row or its numbers do not match the headers."""
    joined = [(r, k, parts) for r in range(lo, first) for k, c in enumerate(rows[r][1])
              if key(c.text) not in known and (parts := joined_headers(c.text, known))]
    if not joined:
        return False
    text = rows[joined[0][0]][1][joined[0][1]].text
    if first < len(rows) and rows[first][1] and key(rows[first][1][0].text) in NUMBER_ROW_HEADS:
        numbers = rows[first][1][1:]
    elif len(joined) == 1 and text in seen:
        numbers = seen[text]
    else:
        return False
    if [c.text for c in numbers] != [str(n) for n in range(1, len(numbers) + 1)]:
        return False
    leaves = [(r, k, p) for r, k, parts in joined for p in parts if key(p) not in LABEL_KEYS]
    if len({r for r, _, _ in joined}) != 1 or len(leaves) != len(numbers) \
            or any(len(parts) != sum(1 for x in leaves if x[1] == k) for _, k, parts in joined):
        return False
    r = joined[0][0]
    places = iter(numbers)
    cells = []
    for k, c in enumerate(rows[r][1]):
        parts = next((p for _, j, p in joined if j == k), None)
        cells += [c] if parts is None else [Cell(p, n.x0, n.x1) for p, n in zip(parts, places)]
    rows[r] = (rows[r][0], cells)
    if len(joined) == 1:
        seen[text] = numbers
    return True


NUMBER_ROW_HEADS = {"栏次", "栏号"}


def numbered_header(rows: list[tuple[Line, list[Cell]]], lo: int, first: int, spec: TableSpec, wide: bool) -> bool:
    """A header too narrow for its words, wrapped a few characters a line and interleaved with
    its neighbours' (政府 / 性基 / 金预 / 算财 / 政拨 / 款 beside 上 / 级 / 补 / 助 …), over a
    栏次 row numbering its columns 1 … n: each column's header is a stack of words over the
    same character columns, read top to bottom. Where, left to right, the stacks right of the
    label headers name one template column each (the longest name found; each column once)
    and are as many as the numbers, the header is rewritten as those columns' labels at their
    numbers' places (the amounts stand under the numbers; pdftotext sets a wrapped header's
    words by its cell's left edge), the label headers left of them kept (True). Else nothing
    changes (False). Before, such a header was read as fragments naming no column, and its
    rows by order, left open among columns the header told apart."""
    if first >= len(rows) or first - lo < 2 or not rows[first][1] or not numbers_row(rows[first][1]):
        return False
    if spec.layout == "side_by_side":
        return False
    groups = {key(g) for g in spec.header_groups}
    words = [(r, w) for r in range(lo, first) for c in rows[r][1] if key(c.text) not in groups
             and not META.match(c.text) for w in cell_words(c, wide)]
    numbers = number_places(rows[first][0].text.replace("\f", ""), wide)
    if len(numbers) < 2 or [t for t, _ in numbers] != [str(n) for n in range(1, len(numbers) + 1)]:
        return False
    known = known_headers(spec)
    if all(key(w.text) in known for _, w in words if w.x1 > numbers[0][1][0]):
        return False            # (the columns' headers known words, one a cell or a space apart: read as they are)
    stacks = stacked(words)
    named = [column_in(match_key(whole.text), spec) for _, _, whole, _ in stacks]
    start = next((n for n, name in enumerate(named) if name is not None), None)
    if start is None or any(whole.x1 > numbers[0][1][0] for _, _, whole, _ in stacks[:start]):
        return False            # (a stack naming no column among the amounts' columns)
    columns_named = named[start:]
    if None in columns_named or len(columns_named) != len(numbers) or len(set(columns_named)) < len(columns_named):
        return False
    for r in range(lo, first):            # (a 编制单位 / 单位 line's cells kept: no header's)
        line, cells = rows[r]
        rows[r] = (line, [c for c in cells if c.x1 <= stacks[start][2].x0 or META.match(c.text)])
    line, cells = rows[first - 1]
    rows[first - 1] = (line, [*cells, *(Cell(label, x0, x1) for label, (_, (x0, x1)) in zip(columns_named, numbers))])
    return True


def numbers_row(cells: list[Cell]) -> bool:
    """A 栏次 row: its head 栏次, or ※ under the label columns before the numbers 1 2 3 …."""
    head = key(cells[0].text)
    return head in NUMBER_ROW_HEADS or (head == "※" and is_number_row([c.text for c in cells]))


def cell_words(c: Cell, wide: bool) -> list[Cell]:
    """A header cell's words a space apart, each a cell at its own place (pdftotext sets the
    words of neighbouring narrow columns a space apart: "事 经 单")."""
    if " " not in c.text:
        return [c]
    at = columns(c.text) if wide else range(len(c.text) + 1)
    return [Cell(m.group(), c.x0 + at[m.start()], c.x0 + at[m.end()]) for m in TOKEN.finditer(c.text)]


def number_places(text: str, wide: bool) -> list[tuple[str, tuple[float, float]]]:
    """The numbers of a 栏次 row after its first word and its ※ marks, each with its place
    (display columns): by token, as numbers a space apart ("7 8 9") are one cell."""
    at = columns(text) if wide else None
    tokens = [m for m in list(TOKEN.finditer(text))[1:] if m.group() != "※"]
    return [(m.group(), (at[m.start()], at[m.end()]) if at else (m.start(), m.end())) for m in tokens]


def column_in(text: str, spec: TableSpec) -> str | None:
    """The label of the template column whose name (label or alias) is the longest found in
    the text; None where none is, or two columns' names of that length are."""
    best: list[tuple[int, str]] = []
    for col in spec.columns:
        found = max((len(k) for k in map(match_key, (col.label, *col.aliases)) if k and k in text), default=0)
        if found:
            best.append((found, col.label))
    best.sort(reverse=True)
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None
    labels = [col.label for col in spec.columns]
    return best[0][1] if labels.count(best[0][1]) == 1 else None


def labels_only(parts: list[str]) -> bool:
    """Parts that all head row labels ("功能分类科目" of a wrapped 功能分类科目编码 read as 功能分类 +
    科目): no amount column's place is lost with them."""
    return all(key(p) in LABEL_KEYS for p in parts)


def known_parts(text: str, known: set[str]) -> list[str] | None:
    """The text cut into header texts the template knows, the fewest pieces (None: it cannot be)."""
    best: list[list[str] | None] = [[]] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(end):
            if best[start] is not None and key(text[start:end]) in known and \
                    (best[end] is None or len(best[start]) + 1 < len(best[end])):
                best[end] = best[start] + [text[start:end]]
    return best[-1]


def split_joined(c: Cell, known: set[str], wide: bool) -> list[Cell]:
    """A cell of several headers, one cell per header, each at its words' columns."""
    parts = joined_headers(c.text, known) if key(c.text) not in known else None
    if parts is None:
        return [c]
    gap = 1 if " " in c.text else 0
    out, x = [], c.x0
    for word in parts:
        width = columns(word)[-1] if wide else len(word)
        out.append(Cell(word, x, x + width))
        x += width + gap
    return out


def loose_columns(lines: list[Line], spec: TableSpec) -> set[str]:
    """The header texts (match keys) printed several to a cell in a table's header (a page's
    lines above its first amount, as with_boxes reads them; a row's label such as 收入合计 or
    一般公共预算收入 is no header): the columns under them are not told apart by their place."""
    known = known_headers(spec)
    out: set[str] = set()
    body: set[int] = set()                  # the pages whose amounts have begun
    for ln in lines:
        cells = line_cells(ln)
        if any(c.amount for c in cells):
            body.add(ln.page)
        if ln.page in body:
            continue
        for c in cells:
            parts = joined_headers(c.text, known) if key(c.text) not in known else None
            out.update(key(p) for p in parts or [])
    return out


def wrapped_headers(rows: list[tuple[Line, list[Cell]]], lo: int, end: int,
                    known: set[str], columns: frozenset[str] = frozenset()) -> list[tuple[int, int, Cell, list[Cell]]]:
    """Header text wrapped over lines (事业单位 / 经营收入, 公务用车运 / 行维护费): (first and
    last row it is printed on, a cell standing for the whole header, its printed parts). The
    parts start or centre at one column (or the shorter lies under the longer) and are known
    only together; or a part is a header of its own (基本 / 支出, 项目 / 支出) and together
    they name a column (`columns`: the template columns' header keys)."""
    out = []
    cells = [(r, c) for r in range(lo, end) for c in rows[r][1]]
    used: set[int] = set()
    for r, head in cells:
        if id(head) in used or (key(head.text) in known and not columns):
            continue
        for s, tail in cells:
            if s <= r or s > r + 2 or id(tail) in used:
                continue
            if (key(head.text) in known or key(tail.text) in known) and key(head.text + tail.text) not in columns:
                continue
            aligned = abs(head.x0 - tail.x0) <= 1 or abs(head.mid - tail.mid) <= 1 or \
                under(tail, head) or under(head, tail)
            if aligned and key(head.text + tail.text) in known:
                whole = Cell(head.text + tail.text, min(head.x0, tail.x0), max(head.x1, tail.x1))
                out.append((r, s, whole, [head, tail]))
                used |= {id(head), id(tail)}
                break
        else:
            three = three_lines(r, head, cells, used, known)
            if three is not None:
                out.append(three)
                used |= {id(c) for c in three[3]}
    return out


def header_key(lines: list[Line], spec: TableSpec, wide: bool = False) -> str:
    """A header's lines as one match key, each header wrapped over lines that the template
    knows whole (wrapped_headers: 一般公共预算 over 拨款收入 beside 政府性基金预算 over 拨款收入)
    read whole, in its first line's place; plain text (no places to stack words by) as printed."""
    if not is_layout(lines):
        return "".join(match_key(ln.text) for ln in lines)
    rows = [(ln, line_cells(ln, wide)) for ln in lines]
    wrapped = wrapped_headers(rows, 0, len(rows), known_headers(spec), column_keys(spec))
    whole = {id(parts[0]): w.text for *_, w, parts in wrapped}
    rest = {id(p) for *_, parts in wrapped for p in parts[1:]}
    return "".join("".join(match_key(whole.get(id(c), c.text)) for c in cells if id(c) not in rest)
                   if any(id(c) in whole or id(c) in rest for c in cells) else match_key(ln.text)
                   for ln, cells in rows)


def spaced_wraps(rows: list[tuple[Line, list[Cell]]], lo: int, end: int, known: set[str],
                 spec: TableSpec, wide: bool, bands: list[list[float]]) -> list[tuple[int, int, Cell, list[Cell]]] | None:
    """Wrapped headers of narrow neighbouring columns that pdftotext set a space apart on each
    of their lines ("公务用车 公务用车运 待费" over "购置费 行维护费": three columns, each
    header in two parts): such a cell is cut into its words at their places where every word
    is a header, or a part of a wrapped one (wrapped_headers), so each stands over its own
    column, and where every amount column under the cell starts within one of its words
    (words_over_amounts). The wrapped headers read after the cut (rows changed in place), or
    None where no cell is cut (a header printed with a space inside it stays whole)."""
    cut: dict[tuple[int, int], list[Cell]] = {}
    for r in range(lo, end):
        for k, c in enumerate(rows[r][1]):
            if " " in c.text and not c.amount and key(c.text) not in known and not META.match(c.text):
                words = cell_words(c, wide)
                if words_over_amounts(c, words, bands):
                    cut[(r, k)] = words
    if not cut:
        return None
    trial = {r: [w for k, c in enumerate(rows[r][1]) for w in cut.get((r, k), [c])] for r in range(lo, end)}
    view = [(ln, trial[r]) if lo <= r < end else (ln, cells) for r, (ln, cells) in enumerate(rows)]
    wrapped = wrapped_headers(view, lo, end, known, column_keys(spec))
    parts = {id(p) for *_, ps in wrapped for p in ps}
    kept = {rk: words for rk, words in cut.items()
            if any(id(w) in parts for w in words) and all(id(w) in parts or key(w.text) in known for w in words)}
    if len(kept) < len(cut):
        if not kept:
            return None
        # (a cell left whole: the wraps are read again without its words)
        view = [(ln, [w for k, c in enumerate(cells) for w in kept.get((r, k), [c])]) if lo <= r < end else (ln, cells)
                for r, (ln, cells) in enumerate(rows)]
        wrapped = wrapped_headers(view, lo, end, known, column_keys(spec))
    for r in range(lo, end):
        rows[r] = view[r]
    return wrapped


def words_over_amounts(c: Cell, words: list[Cell], bands: list[list[float]]) -> bool:
    """Whether the amount columns under a header cell say which of its words each stands under:
    amounts there, none starting in the space between two words. pdftotext sets a CJK word in
    fewer columns than it prints over, so a word's place may be off by a column or more: an
    amount column starting in that space ("项目支出 工资福" over 34.00, printed under the
    first) may belong to either word, and the cell is left whole."""
    under = [b for b in bands if b[0] < c.x1 and b[1] > c.x0]
    gaps = [(a.x1, b.x0) for a, b in zip(words, words[1:])]
    return bool(under) and not any(x1 <= b[0] < x0 for b in under for x1, x0 in gaps)


def three_lines(r: int, head: Cell, cells: list[tuple[int, Cell]], used: set[int],
                known: set[str]) -> tuple[int, int, Cell, list[Cell]] | None:
    """A header wrapped over three lines in a narrow column (一般公共 / 预算财政 / 拨款), known
    only whole, each line under the one above it (centred: a short last line stands inside
    the longer above, two columns in where a CJK character is two). None where there is none
    such, or the parts are headers of their own."""
    if key(head.text) in known:
        return None
    for s, middle_part in cells:
        if not r < s <= r + 2 or id(middle_part) in used or key(middle_part.text) in known \
                or not (abs(head.x0 - middle_part.x0) <= 1 or under(middle_part, head) or under(head, middle_part)):
            continue
        for t, tail in cells:
            if s < t <= s + 2 and id(tail) not in used and (under(tail, middle_part) or abs(tail.x0 - middle_part.x0) <= 1) \
                    and key(head.text + middle_part.text + tail.text) in known:
                whole = Cell(head.text + middle_part.text + tail.text, min(head.x0, middle_part.x0, tail.x0),
                             max(head.x1, middle_part.x1, tail.x1))
                return r, t, whole, [head, middle_part, tail]
    return None


def sub_heads(rows: list[tuple[Line, list[Cell]]], lo: int, end: int, own: list[tuple[int, int, Cell]],
              wrapped: list[tuple[int, int, Cell, list[Cell]]], spec: TableSpec):
    """Header words the template does not know, printed under the header of one of its columns
    as two sub-columns or more (基本支出 over 小计 | 人员经费 | 公用经费 where the template has
    基本支出 only): [(the column's header cell, [(first row, last row, a cell for the
    sub-header, its printed parts)])]. The sub-headers lie below the column's header and
    between the headers beside it (of columns or labels), the column's header centred over
    them or flush left with them; a sub-header wrapped over lines is one. Their amounts are the
    column's under its 小计 and no template column's under the others (geometry.slot_of)."""
    if spec.layout == "side_by_side":
        return []
    known = known_headers(spec)
    taken = {id(c) for *_, c in own} | {id(p) for *_, parts in wrapped for p in parts}
    named = [(r, s, c) for r, s, c in own if key(c.text) in LABEL_KEYS or best_column(spec.columns, [key(c.text)])]
    out = []
    for r, s, head in named:
        if key(head.text) in LABEL_KEYS:
            continue
        left = max((c.x1 for _, _, c in named if c is not head and c.mid < head.mid), default=float("-inf"))
        right = min((c.x0 for _, _, c in named if c is not head and c.mid > head.mid), default=float("inf"))
        words = [(t, c) for t in range(s + 1, end) for c in rows[t][1] if id(c) not in taken
                 and not c.amount and key(c.text) not in known and left <= c.x0 and c.x1 <= right
                 and not any(ch.isdigit() for ch in c.text)]
        run = stacked(words)
        # the column's header centred over them, or printed at the left as the first of them is
        if len(run) >= 2 and (abs(middle([c for _, _, c, _ in run]) - head.mid) <= 3 or abs(run[0][2].x0 - head.x0) <= 1):
            out.append((head, run))
            taken |= {id(c) for _, c in words}
    return out


def stacked(words: list[tuple[int, Cell]]) -> list[tuple[int, int, Cell, list[Cell]]]:
    """Header words side by side, each with the words printed above or below it over the same
    character columns (a sub-header wrapped: 人员 / 经费): left to right, (first row, last
    row, a cell for the whole, its parts)."""
    out: list[tuple[int, int, Cell, list[Cell]]] = []
    for t, c in sorted(words, key=lambda tc: (tc[1].x0, tc[0])):
        last = out[-1] if out else None
        if last is not None and c.x0 < last[2].x1 and last[2].x0 < c.x1 and t > last[1]:
            whole = Cell(last[2].text + c.text, min(last[2].x0, c.x0), max(last[2].x1, c.x1))
            out[-1] = (last[0], t, whole, last[3] + [c])
        else:
            out.append((t, t, Cell(c.text, c.x0, c.x1), [c]))
    return out


def column_keys(spec: TableSpec) -> frozenset[str]:
    """The header keys of the template's columns (none for a side-by-side table, whose sides'
    headers 收入 / 支出 stand over its labels)."""
    if spec.layout == "side_by_side":
        return frozenset()
    return frozenset(key(t) for c in spec.columns for t in (c.label, *c.aliases))


def under(short: Cell, long: Cell) -> bool:
    """Whether the shorter part's middle lies within the longer's text (pdftotext, at a fixed
    pitch, sets a wrapped header's tail neither flush left nor centred under its head), or
    half a column past its end (a pitch narrower than a CJK character: 会议 / 费, the 费
    printed just after 议)."""
    return short.x1 - short.x0 <= long.x1 - long.x0 and long.x0 <= short.mid <= long.x1 + 0.5


def drop_page_number(rows: list[tuple[Line, list[Cell]]], lo: int, hi: int) -> None:
    """A page's printed number ("13", "- 13 -"), its first or last line alone, is no amount."""
    filled = [r for r in range(lo, hi) if rows[r][1]]
    for n, r in enumerate(filled[:1] + filled[-1:]):
        ln, cells = rows[r]
        if len(cells) == 1 and FOLIO_CELL.match(cells[0].text) and not (n == 0 and in_columns(rows, r)):
            rows[r] = (ln, [])


def in_columns(rows: list[tuple[Line, list[Cell]]], r: int) -> bool:
    """Whether a line is amounts alone, each ending where amounts of its page's other rows end
    (whole figures too, which read as codes or a page's number where they stand alone: a lone
    figure atop a page so placed is the amount of a row the page broke, flush right in its
    column, not the page's number, which pdftotext sets apart from the table's columns)."""
    page = rows[r][0].page
    ends = {o.x1 for k, (ln, cells) in enumerate(rows) if k != r and ln.page == page and len(cells) > 1
            for o in cells if o.amount}
    return bool(rows[r][1]) and all(c.amount and any(abs(e - c.x1) <= 1 for e in ends) for c in rows[r][1])


def pages(rows: list[tuple[Line, list[Cell]]]) -> list[tuple[int, int]]:
    """(first, end) row of each printed page (pdftotext scales each page on its own)."""
    starts = [0] + [r for r in range(1, len(rows)) if rows[r][0].page != rows[r - 1][0].page]
    return list(zip(starts, starts[1:] + [len(rows)]))


def remap(rows: list[tuple[Line, list[Cell]]], bands: list[list[float]], ref: list[list[float]],
          every: bool = True) -> bool:
    """Move a page's cells into the coordinates of the page whose header is in force: its
    amount columns onto the reference's, in order; other cells linearly in between. In order
    without more only when the reference page fills every column it heads: else a page with
    as many columns may fill others (合计 and 项目支出 where the reference has 合计 and 基本支出),
    and it is taken only where its columns lie as the reference's, moved across as a whole
    (the same spacing; one column: the same place). (A table of one side only asks that of a
    side-by-side table: pdftotext closes up the columns a page leaves empty, so the same
    spacing says little; layout_boxes leaves such a page to the row totals and identities.)"""
    if len(bands) != len(ref):
        return False
    shift = bands[0][1] - ref[0][1]
    if not every and (any(abs(b[1] - r[1] - shift) > 1 for b, r in zip(bands, ref))
                      or (len(ref) == 1 and abs(shift) > 1)):
        return False
    anchors = [(0.0, 0.0)] + [(b[1], r[1]) for b, r in zip(bands, ref)]

    def move(x: float) -> float:
        for (a0, b0), (a1, b1) in zip(anchors, anchors[1:]):
            if x <= a1:
                return b0 + (x - a0) * (b1 - b0) / (a1 - a0) if a1 > a0 else b1
        return x + anchors[-1][1] - anchors[-1][0]

    for _, cells in rows:
        for c in cells:
            k = next((k for k, (x0, x1) in enumerate(bands) if x0 <= c.x0 and c.x1 <= x1), None) \
                if c.amount else None
            c.x0, c.x1 = (ref[k][0], ref[k][1]) if k is not None else (move(c.x0), move(c.x1))
    return True


def wide_columns(lines: list[Line]) -> bool:
    """Whether the text lays a CJK character over two columns (GBK exports do; pdftotext's
    UTF-8 output does not): the measure under which the amounts, flush right, end at fewer
    places. Asked of all the tables of a document at once: a table of one row cannot tell."""
    if not any(ord(ch) > 0x2E80 for ln in lines for ch in ln.text):
        return False

    def spread(wide: bool) -> int:          # the right edges the amounts end at, page by page
        ends = {(ln.page, c.x1) for ln in lines for c in line_cells(ln, wide) if c.amount}
        return len(ends)
    return spread(True) < spread(False)


def split_lines(lines: list[Line], spec: TableSpec, wide: bool = False,
                unjoined: list[int] | None = None) -> list[tuple[Line, list[Cell]]]:
    """Each line with its cells. A coded row's label wrapped over lines joins into one: its
    tail on the next line ("其他政府办公厅（室）及相关机构事" / "务支出"), and, where the
    row's code and amounts are printed on the middle line of its label, its head on the line
    above (the code line then prints no words). A project table of several label columns is
    read by its columns (wraps.py); the lines of words it leaves alone (no reading of the
    wraps fits) go to `unjoined` and stay lines of their own."""
    cut = [(ln, line_cells(ln, wide)) for ln in lines]
    if lines and lines[0].page != lines[-1].page:
        folios_blanked(cut)
    labels_blanked(cut)
    if spec.layout == "side_by_side":
        codes_by_header(cut, known_headers(spec), wide)
    by_columns = joined_label_columns(cut, spec, wide) or joined_label_table(cut, spec, wide)
    if by_columns is not None:
        cut, alone = by_columns
        if unjoined is not None:
            unjoined += alone
    coded = by_columns is None and spec.rows in ("function", "function_class", "function_project", "economic")
    known = known_headers(spec)
    rows: list[tuple[Line, list[Cell]]] = []
    last_coded: list[Cell] | None = None
    last_page = None                             # the page of the row read last
    last_at: int | None = None                   # where that row is in `rows`
    head: Cell | None = None                     # a label's head, waiting for its code line
    data = False                                 # a row with amounts has been read
    plan = name_plan(cut) if coded else {}       # lines of words placed by the names (name_plan)
    header = first_header(cut)
    for k, (ln, cells) in enumerate(cut):
        if not cells:
            rows.append((ln, cells))
            continue
        if last_page is not None and ln.page != last_page and (
                len(cells) > 1 and all(key(c.text) in known for c in cells) or line_text(cells) in header):
            rows.append((ln, cells))  # the header printed again atop a new page: a row the page
            continue                  # broke goes on below it
        if last_coded is not None and ln.page != last_page and len(cells) == 1 and key(cells[0].text) in known \
                and not completes_name(last_coded[0].text, cells[0].text):
            last_coded = None        # the header printed again atop a new page: no label's tail
        if ln.page != last_page and last_at is not None and named_alone(rows[last_at][1]) \
                and (amounts_alone(cells, None) or in_columns(cut, k)):
            # a row the page broke: its code and name on the page before, its amounts atop this
            # one (the amounts keep their own line; the name joins them there)
            cells = rows[last_at][1] + cells
            rows[last_at] = (rows[last_at][0], [])
        if k in plan and plan[k] == "alone":
            if unjoined is not None:          # (the wrappings the table shows do not decide it)
                unjoined.append(ln.no)
            rows.append((ln, cells))
            continue
        if k in plan and last_coded is not None:
            if plan[k] == "tail":
                label = last_coded[0]     # (a code alone on its line, its name below it: no amount)
                if CODE_ONLY.match(label.text):
                    label.text, label.amount = label.text + " ", False
                label.text += cells[0].text
            elif head is None:
                head = Cell(cells[0].text, cells[0].x0, cells[0].x1)
            else:
                head = Cell(head.text + cells[0].text, min(head.x0, cells[0].x0), max(head.x1, cells[0].x1))
            continue
        if coded and is_fragment(cells):
            nxt_ln, nxt = next(((l, c) for l, c in cut[k + 1:] if c), (None, []))
            if nxt and head is None and (CODE_ONLY.match(nxt[0].text) or heads_next(cells[0], nxt[0], last_coded)
                                         or (data and amounts_alone(nxt, cells[0]) and nxt_ln.page == ln.page)):
                head = cells[0]             # (above a line of amounts alone: the unit's name, say)
                continue
            if last_coded is not None and last_coded[0].x0 - 1 <= cells[0].x0 <= last_coded[0].x1 \
                    and (ln.page == last_page or completes_name(last_coded[0].text, cells[0].text)):
                last_coded[0].text += cells[0].text      # (across a page: only a name's known tail)
                continue
        named = False
        if head is not None and priced(cells[0]):
            cells.insert(0, Cell(head.text, head.x0, head.x1))
            named = True
        elif head is not None and CODE_START.match(cells[0].text):
            code, words = CODE_START.match(cells[0].text).groups()
            cells[0] = Cell(f"{code} {head.text}{words or ''}", cells[0].x0, max(cells[0].x1, head.x1))
        head = None
        last_coded = cells if cells[0].text[:1].isdigit() or named else None
        last_page = ln.page
        data = data or amounts_alone(cells[1:], cells[0]) or amounts_alone(cells, None)
        last_at = len(rows)
        rows.append((ln, cells))
    return rows


def first_header(cut: list[tuple[Line, list[Cell]]]) -> set[str]:
    """The text of each line above the table's first figure (an amount, or a code: a row's): its
    header as first printed, which a later page prints again over its rows (its words wrapped in
    cells, "本年支出合" / "计", are no header words the template knows, yet no row's either)."""
    out: set[str] = set()
    for _, cells in cut:
        if any(c.amount for c in cells):
            break
        if cells:
            out.add(line_text(cells))
    return out


def line_text(cells: list[Cell]) -> str:
    """A line's words without the spaces between them (pdftotext sets each page's apart)."""
    return "".join(no_space(c.text) for c in cells)


def completes_name(label: str, words: str) -> bool:
    """Whether the words are the tail of a coded label's name: with them it reads its code's
    name as the classification gives it, without them it does not."""
    m = CODE_START.match(label)
    if m is None or not m.group(2):
        return False
    return completes_official(m.group(1).replace(" ", ""), m.group(2), words)


def named_alone(cells: list[Cell]) -> bool:
    """Whether a row is a code and its name with no amount."""
    m = CODE_START.match(cells[0].text) if len(cells) == 1 and not cells[0].amount else None
    return m is not None and m.group(2) is not None


def folios_blanked(cut: list[tuple[Line, list[Cell]]]) -> None:
    """A page's printed number, its first or last line alone, made a blank line before the
    rows are read: a row broken by the page goes on across it (its name's tail, or its
    amounts, first on the next page) as it would across a blank line (drop_page_number).
    So is a continuation mark alone atop a page (续表, （续表）, 续表3): no row."""
    for lo, hi in pages(cut):
        filled = [r for r in range(lo, hi) if cut[r][1]]
        for n, r in enumerate(filled[:1] + filled[-1:]):
            ln, cells = cut[r]
            if len(cells) == 1 and ((FOLIO_CELL.match(cells[0].text) and not (n == 0 and in_columns(cut, r)))
                                    or (n == 0 and continued_mark(cells[0].text))):
                cut[r] = (ln, [])


def labels_blanked(cut: list[tuple[Line, list[Cell]]]) -> None:
    """A table's label alone on a line below the rows (公开10表: the next table's, which
    pdftotext may set before that table's title) made a blank line: no row."""
    from ..segment import LABEL

    first = next((k for k, (_, cells) in enumerate(cut) if any(c.amount for c in cells)), len(cut))
    for k in range(first + 1, len(cut)):
        ln, cells = cut[k]
        if len(cells) == 1 and not cells[0].amount and "表" in cells[0].text and LABEL.fullmatch(no_space(cells[0].text)):
            cut[k] = (ln, [])


def continued_mark(text: str) -> bool:
    """Whether a line's one cell is a continuation mark (续表, （续）, 表3（续）); a bare 续 may
    be a name's tail."""
    return "续" in text and ("表" in text or text[0] in "(（") and CONTINUED.match(text) is not None


def name_plan(cut: list[tuple[Line, list[Cell]]]) -> dict[int, str]:
    """Lines of words alone between two coded lines (names wrapped over several lines: the
    tail of the row above, then the head of the row below, in some split), each line's part,
    "tail" or "head". A split is taken where it is the only one that gives the row above its
    code's whole name and the row below the start of its code's name as the classification
    gives them (a code it does not know says nothing); where the names do not decide, the
    split every decided run shows (two at least) when that is the same throughout, all head
    (names aligned to the bottom of their rows) or all tail (aligned to the top); where the
    decided runs wrap in different ways, the split those ways agree on for the run, and where
    they do not, "alone": the run's lines are joined to no row (and reported); else none
    (split_lines' own reading)."""
    runs = name_runs(cut)
    heads: dict[int, str] = {}                   # a coded line → the head its run above gave it
    ends: dict[int, str] = {}                    # a coded line → the tail placed (a run the page cut)
    decided: dict[int, int] = {}                 # a run → the lines of it that are the tail
    cut_tail: dict[int, int] = {}                # a coded line → its tail's lines before a page break
    for r, (a, run, b) in enumerate(runs):
        # (the page's last row takes the words below it there, where its name allows)
        fits = splits(cut, a, run, b, heads.get(a), ends.get(a, ""), strict=b is not None)
        if len(fits) == 1:
            decided[r] = fits[0]
            texts = [cut[i][1][0].text for i in run]
            ends[a] = ends.get(a, "") + "".join(texts[:fits[0]])
            if b is not None:
                heads[b] = "".join(texts[fits[0]:])
            else:
                cut_tail[a] = cut_tail.get(a, 0) + fits[0]
    modes = wrap_modes(cut, runs, decided)
    plan: dict[int, str] = {}
    below = {b for _, _, b in runs}              # the coded lines with words above them
    above: dict[int, int] = {}                   # a coded line → the lines of its head
    for r, (a, run, b) in enumerate(runs):
        k = decided.get(r)
        if k is None and b is not None and modes:
            allowed = splits(cut, a, run, b, heads.get(a), ends.get(a, ""), strict=False)
            ks = {by_mode(m, run, above.get(a, None if a in below else 0), cut_tail.get(a, 0)) for m in modes}
            ks = {k for k in ks if k is None or k in allowed}     # (None: a way that cannot tell)
            k = ks.pop() if len(ks) == 1 else None
            if k is None and len(modes) > 1:     # the ways the table wraps split it apart: said
                plan.update({i: "alone" for i in run})
        if k is not None:
            plan.update({i: "tail" if p < k else "head" for p, i in enumerate(run)})
            if b is not None:
                above[b] = len(run) - k
    return plan


def by_mode(mode: str, run: list[int], head_above: int | None, cut_tail: int) -> int | None:
    """The lines of a run that are the tail of the row above, as the run would wrap in a mode
    (centred: as many lines below the row's line as its head had above it)."""
    if mode != "centred":
        return {"top": len(run), "bottom": 0}[mode]
    return head_above - cut_tail if head_above is not None else None


def wrap_modes(cut: list[tuple[Line, list[Cell]]], runs: list[tuple[int, list[int], int | None]],
               decided: dict[int, int]) -> list[str]:
    """How the runs the names decided (two at least) split: "top" (all tail: names aligned to
    the top of their rows), "bottom" (all head) or "centred" (as many lines below a row's line
    as above it). The one way every such run splits, where there is one; else (a run wraps
    differently) each way some run splits: a run the names leave open is then decided only
    where those ways agree on it. A row with no words above its line printed none there: centred,
    it prints none below either (only the first row of a page may have its head on the page
    before). A run tells whether it is centred only where its row's head is known: a row below
    a run the names left open, or the first of its page, tells nothing of it (a table whose runs
    all tell nothing is not read as centred)."""
    below = {b for _, _, b in runs}
    above: dict[int, int] = {}
    fits = {"top": 0, "bottom": 0, "centred": 0}
    told = {"top": 0, "bottom": 0, "centred": 0}       # the runs that tell whether a way fits
    for r, (a, run, b) in enumerate(runs):
        if r not in decided or b is None:
            above.pop(b, None)
            continue
        k = decided[r]
        told["top"] += 1
        told["bottom"] += 1
        fits["top"] += k == len(run)
        fits["bottom"] += k == 0
        head = above.get(a, None if a in below or first_row_of_page(cut, a) else 0)
        if head is not None:
            told["centred"] += 1
            fits["centred"] += k == head
        above[b] = len(run) - k
    if told["top"] < 2:
        return []
    every = [m for m, n in fits.items() if told[m] and n == told[m]]
    return every if len(every) == 1 else [m for m, n in fits.items() if n]


def first_row_of_page(cut: list[tuple[Line, list[Cell]]], k: int) -> bool:
    """Whether line k is the first coded row of its page."""
    page = cut[k][0].page
    return not any(cells and cells[0].text[:1].isdigit() for ln, cells in cut[:k] if ln.page == page)


def name_runs(cut: list[tuple[Line, list[Cell]]]) -> list[tuple[int, list[int], int | None]]:
    """(coded line above, the lines of words alone, coded line below): the words on one page,
    the line below on theirs (None where the page or the table ends after them), the line
    above on theirs or the page before (a row cut by the page break)."""
    out: list[tuple[int, list[int], int | None]] = []
    above, run = None, []
    for k, (ln, cells) in enumerate(cut):
        if not cells:
            continue
        if above is not None and name_piece(cells):
            if run and ln.page != cut[run[0]][0].page:     # the page ends the run, a new one begins
                out.append((above, run, None))
                run = []
            run.append(k)
            continue
        coded = not priced(cells[0]) and CODE_START.match(cells[0].text) is not None
        if run:
            out.append((above, run, k if coded and ln.page == cut[run[0]][0].page else None))
        above, run = (k if coded else None), []
    if run:
        out.append((above, run, None))
    return out


def splits(cut: list[tuple[Line, list[Cell]]], a: int, run: list[int], b: int | None, head: str | None,
           done: str, strict: bool) -> list[int]:
    """The splits of a run (lines of the tail) its rows' names allow (strict: and at least one
    of them confirms). head: the head of the row above, None when no run decided it (its name
    then need only end as the code's does); done: its tail placed before a page break."""
    above = CODE_START.match(cut[a][1][0].text)
    below = CODE_START.match(cut[b][1][0].text) if b is not None else None
    texts = [cut[i][1][0].text for i in run]
    return [n for n in range(len(run) + 1)
            if (below is not None or n == len(run))
            and split_fits(no_space(above.group(1)), (head or "") + (above.group(2) or "") + done + "".join(texts[:n]),
                           no_space(below.group(1)) if below else "", "".join(texts[n:]) + (below.group(2) or "")
                           if below else "", strict, head is None)]


BRACKETED_WORDS = re.compile(r"^[（(][^一二三四五六七八九十\d]")     # （室）及相关…, not （一）


def name_piece(cells: list[Cell]) -> bool:
    """A line of words alone that may be part of a wrapped name (is_fragment, or words that
    open with a bracket: "（室）及相关机构事务"; run_plan asks the names before joining it)."""
    return is_fragment(cells) or (len(cells) == 1 and not cells[0].amount and BRACKETED_WORDS.match(cells[0].text)
                                  is not None and not any(ch.isdigit() for ch in cells[0].text))


def split_fits(code_a: str, name_a: str, code_b: str, start_b: str, strict: bool = True,
               headless: bool = False) -> bool:
    """Whether the row above reads its code's whole name (headless: its name's end, its head
    unknown) and the row below the start of its code's name (a code the classification does
    not know, or no words yet, is no objection); strict: one of them at least as the
    classification gives it."""
    from ..codes import load_registry

    registry = load_registry(None)
    known_a = registry.find(code_a)
    known_b = registry.find(code_b) if start_b else []
    ok_a = (is_official_name(code_a, name_a) or (headless and ends_official(known_a, name_a))) if known_a else None
    ok_b = (is_official_prefix(code_b, start_b) or is_official_name(code_b, start_b)) if known_b else None
    return ok_a is not False and ok_b is not False and (bool(ok_a or ok_b) or not strict)


def ends_official(entries: list, words: str) -> bool:
    """The words end a name the classification gives the code (its head may stand above)."""
    return len(words) >= 2 and any(n.endswith(words) for e in entries for n in e.names)


CODE_ONLY = re.compile(r"^\d{3}(?: ?\d{1,2}){0,2}$")     # a code cell with no words
CODE_START = re.compile(r"^(\d{3}(?: ?\d{1,2}){0,2})\s*(\D.*)?$")    # a code cell, words after it or none


def amounts_alone(cells: list[Cell], left_of: Cell | None) -> bool:
    """Two amounts with decimals or more and nothing else (not a column numbering 1 2 3, not a
    page number), right of the cell given."""
    return len(cells) >= 2 and all(priced(c) and "." in c.text for c in cells) \
        and (left_of is None or cells[0].x0 > left_of.x1)


def priced(c: Cell) -> bool:
    """An amount cell, not a code standing alone (201 reads as a number too)."""
    return c.amount and CODE_ONLY.match(c.text) is None


def heads_next(fragment: Cell, nxt: Cell, last_coded: list[Cell] | None) -> bool:
    """A line of words between two coded rows is the head of the next row's name (centred on
    its row: "其他政府办公厅" / "201 03 99 （室）及相关机构事" / "务支出") where that makes the
    next code's name as the classification gives it and the tail of the row before would not."""
    m = CODE_START.match(nxt.text) if not priced(nxt) else None
    if m is None or not m.group(2):
        return False
    code, words = no_space(m.group(1)), m.group(2)
    if not is_official_name(code, fragment.text + words) and not is_official_prefix(code, fragment.text + words):
        return False
    if last_coded is None:
        return True
    before = CODE_START.match(last_coded[0].text)
    return before is None or not is_official_name(no_space(before.group(1)), (before.group(2) or "") + fragment.text)


def is_fragment(cells: list[Cell]) -> bool:
    """One word cell, no digit, not a new item, not a note under the table (注：本表反映…):
    part of a label wrapped over lines."""
    if len(cells) != 1:
        return False
    c = cells[0]
    return not c.amount and not ITEM_START.match(c.text) and not any(ch.isdigit() for ch in c.text) \
        and not NOT_A_NAME.search(c.text)


def amount_bands(amounts: list[Cell]) -> list[list[float]]:
    """The amount columns of a page. Amounts are mostly printed flush right: a column is the
    amounts whose right edges meet (±1), its band from the leftmost start to that edge; bands
    that overlap are one column whose amounts are centred."""
    groups: list[list[float]] = []
    for end in sorted(c.x1 for c in amounts):
        if groups and end - groups[-1][1] <= 1:
            groups[-1][1] = end
        else:
            groups.append([end, end])
    bands: list[list[float]] = []
    for lo, hi in groups:
        start = min(c.x0 for c in amounts if lo <= c.x1 <= hi)
        if bands and start < bands[-1][1]:
            bands[-1][1] = hi
            bands[-1][0] = min(bands[-1][0], start)
        else:
            bands.append([start, hi])
    return bands


def band_of(c: Cell, bands: list[list[float]]) -> tuple[float, float]:
    """The band an amount lies in."""
    for x0, x1 in bands:
        if x0 <= c.x0 and c.x1 <= x1:
            return x0, x1
    return c.x0, c.x1


def group_strangers(rows: list[tuple[Line, list[Cell]]], lo: int, first: int, known: set[str],
                    parts: set[int]) -> list[tuple[int, int, Cell]]:
    """The header lines' words the template does not know (工资福利支出 beside 小计 under
    基本支出, where the template has 人员经费 | 公用经费): words only, no figure, no meta line.
    A group may head them beside its known parts (heads); any other is left alone."""
    return [(r, r, c) for r in range(lo, first) for c in rows[r][1]
            if not c.amount and id(c) not in parts and key(c.text) not in known
            and not any(ch.isdigit() for ch in c.text) and not META.match(c.text)]


def widen_headers(header: list[tuple[int, int, Cell]], bands: list[list[float]],
                  spec: TableSpec, numbered: bool = False,
                  strangers: list[tuple[int, int, Cell]] | None = None) -> tuple[bool, bool, list[Cell]]:
    """Header cells widened over the amount columns they head; groups over the headers below
    (wholly below: headers centred in a header row of several lines put a one-line header on
    the middle line, between the parts of a wrapped neighbour, and neither heads the other).
    numbered: the leaves stand at their columns' 栏次 numbers (number_territories).
    (Whether every leaf heads amounts, whether two leaves reach one amount column, the leaves
    left to right. strangers: header words the template does not know; those a group heads
    beside its known parts are leaves of it, their columns no known column's.)"""
    sides = side_keys(spec)
    cells = [(r, s, c) for r, s, c in header if key(c.text) not in LABEL_KEYS | sides]
    groups = header_groups(cells + (strangers or []), spec, {id(c) for *_, c in strangers or ()})
    headed = {id(x) for run in groups.values() for x in run}
    cells += [h for h in strangers or () if id(h[2]) in headed]
    leaves = sorted((c for *_, c in cells if id(c) not in groups), key=lambda c: c.x0)
    spans = [(c.x0, c.x1) for c in leaves]      # (before widening: the numbers' places, where numbered)
    if not one_to_one(leaves, bands) and len(leaves) == len(bands) and in_template_order(leaves, spec):
        # amounts not under their header's text (centred numbers, a narrow 0 column flush
        # right): as many headers as columns, so the n-th heads the n-th
        for c, (x0, x1) in zip(leaves, bands):
            c.x0, c.x1 = min(c.x0, x0), max(c.x1, x1)
    for c in leaves:                      # over the amount columns its text overlaps
        for x0, x1 in over(c, bands):     # (not those the widened box would reach next)
            if not grazed((c.x0, c.x1), (x0, x1), spans):
                c.x0, c.x1 = min(c.x0, x0), max(c.x1, x1)
    for c, (x0, x1) in between_headed(leaves, bands, spans):
        c.x0, c.x1 = min(c.x0, x0), max(c.x1, x1)
    if numbered:
        for c, (x0, x1) in number_territories(leaves, spans, bands):
            c.x0, c.x1 = min(c.x0, x0), max(c.x1, x1)
    for _, _, c in sorted(cells, key=lambda rc: -rc[0]):   # groups, the lowest first
        if id(c) in groups:
            run = groups[id(c)]
            c.x0, c.x1 = min(c.x0, *(x.x0 for x in run)), max(c.x1, *(x.x1 for x in run))
    every = all(over(c, bands) for c in leaves)   # every leaf heads amounts on this page
    # a column two leaves of one header line reach (the text does not line the amounts up
    # under their headers; leaves of different lines are told apart by geometry, the lower
    # heading)
    row_of = {id(c): r for r, _, c in cells}
    clash = any(max(Counter(row_of[id(c)] for c in leaves if c.x0 <= (x0 + x1) / 2 <= c.x1).values(),
                    default=0) > 1 for x0, x1 in bands)
    return every, clash, leaves


def grazed(span: tuple[float, float], band: list[float] | tuple[float, float],
           spans: list[tuple[float, float]]) -> bool:
    """Whether a header only grazes an amount column that another header stands over: its
    first character over the column's last (pdftotext sets a narrow column's header, 公务接 /
    待费, one column into the right-aligned amounts of its left neighbour's)."""
    def shared(a: tuple[float, float]) -> float:
        return min(a[1], band[1]) - max(a[0], band[0])
    return shared(span) <= 1 and any(shared(s) > 1 for s in spans if s != span)


def between_headed(leaves: list[Cell], bands: list[list[float]],
                   spans: list[tuple[float, float]] = ()) -> list[tuple[Cell, list[float]]]:
    """Amount columns under no header's text (a header centred over a wide column whose amounts
    stand flush right, or printed at the left of its cell), each with the header it is under:
    the one header whose middle lies between the right edge of the amount column before and
    its own (a cell's header stands within the cell, its amounts end at the cell's right), if
    that header heads no other column. Two headers there (a column left empty on the page, which
    pdftotext closes up) or none: the column stays unheaded, unless the table's own columns
    tell which (by_offset)."""
    headed = [[b for b in over(c, bands) if not grazed((c.x0, c.x1), b, spans)] for c in leaves]
    out, several = [], []
    for k, band in enumerate(bands):
        if any(band in h for h in headed):
            continue
        left = bands[k - 1][1] if k else float("-inf")
        inside = [n for n, c in enumerate(leaves) if left < c.mid <= band[1]]
        if len(inside) == 1 and not headed[inside[0]]:
            out.append((leaves[inside[0]], band))
        elif len(inside) > 1 and not headed[inside[-1]]:
            several.append(([leaves[n] for n in inside], band))
    if several:
        offsets = [h[0][1] - c.mid for c, h in zip(leaves, headed) if len(h) == 1] + [b[1] - c.mid for c, b in out]
        out.extend(by_offset(several, offsets, {id(c) for c, _ in out}))
    return out


def by_offset(several: list[tuple[list[Cell], list[float]]], offsets: list[float],
              taken: set[int], slack: float = 2) -> list[tuple[Cell, list[float]]]:
    """Amount columns with several headers before them (小计 | 购置费 | 运行费 over "32.20   32.20",
    购置费 left empty). An amount stands in the cell of the last of them (a cell holds its
    header's text; an amount flush right or centred in a cell to its left would end before
    that text), where the table's headed columns confirm it: they show how far an amount ends
    from its header's middle, and the last header must be that far, no other. Fewer than two
    headed columns to learn from, or the distances not saying so: the column stays unheaded
    (a column pdftotext closed up moves the text out of its cell)."""
    if len(offsets) < 2:
        return []
    lo, hi = min(offsets) - slack, max(offsets) + slack
    out = []
    for candidates, band in several:
        fits = [c for c in candidates if lo <= band[1] - c.mid <= hi]
        if fits == candidates[-1:] and id(fits[0]) not in taken:
            out.append((fits[0], band))
            taken.add(id(fits[0]))
    return out


def number_territories(leaves: list[Cell], spans: list[tuple[float, float]],
                       bands: list[list[float]]) -> list[tuple[Cell, list[float]]]:
    """Amount columns still under no header where the headers stand at their 栏次 numbers
    (spans: the numbers' places; pdftotext prints a number centred in its cell, and each
    column, empty or not, has one): each with the header whose number's middle is the last
    before the column's right edge, its left edge past the number before (amounts flush right
    or centred end between their number and the next one's), where that header heads no other
    amounts. Before, a column whose amounts stood between several numbers (the columns between
    them empty on the page) was left unheaded, the table read by order."""
    mids = [(x0 + x1) / 2 for x0, x1 in spans]

    def own_number(b: list[float], k: int) -> bool:       # (the 栏次 row's number: no amount column)
        return spans[k][0] <= b[0] and b[1] <= spans[k][1]

    headed = {id(b) for k, c in enumerate(leaves) for b in over(c, bands) if not own_number(b, k)}
    out = []
    for band in bands:
        if id(band) in headed or any(own_number(band, k) for k in range(len(spans))):
            continue
        k = sum(1 for m in mids if m < band[1]) - 1
        if k >= 0 and (k == 0 or band[0] > mids[k - 1]) and all(own_number(b, k) for b in over(leaves[k], bands)):
            out.append((leaves[k], band))
    return out


def in_template_order(leaves: list[Cell], spec: TableSpec) -> bool:
    """Whether the leaf headers, left to right, are template columns one after another with
    none between them left out (a header the text garbled would shift every column after it
    by one); a label two columns share cannot tell, so no. A side-by-side table repeats its
    labels on each side: there every column's header must be there."""
    if spec.layout == "side_by_side":     # sides repeat labels (金额): every column's header, then
        names = [{key(c.label), *(key(a) for a in c.aliases)} for _, c in spec.all_columns()]
        return len(leaves) == len(names) and all(any(key(x.text) in n for n in names) for x in leaves)
    names = [{key(c.label), *(key(a) for a in c.aliases)} for c in spec.columns]
    at = []
    for leaf in leaves:
        found = [n for n, keys in enumerate(names) if key(leaf.text) in keys]
        if len(found) != 1:
            return False
        at.append(found[0])
    return at == list(range(at[0], at[0] + len(at))) if at else False


def header_groups(cells: list[tuple[int, int, Cell]], spec: TableSpec,
                  strangers: set[int] = frozenset()) -> dict[int, list[Cell]]:
    """Each group header's run of headers below it (heads), the lowest groups first: a group
    over a group of its own (财政拨款 over 小计 | 基本支出 | 项目支出, 基本支出 over 人员经费 |
    公用经费, a header of three lines) sees the lower group as one header of as many columns.
    strangers: cells of words the template does not know (never a group themselves)."""
    groups: dict[int, list[Cell]] = {}
    top: dict[int, tuple[int, Cell]] = {}      # a header's highest group so far, with its row
    for _, s, c in sorted(cells, key=lambda rc: -rc[0]):
        if id(c) in strangers:
            continue
        below, seen = [], set()
        for t, _, x in cells:
            t, x = top.get(id(x), (t, x))
            if t > s and id(x) not in seen:
                seen.add(id(x))
                below.append((t, x))
        run = heads(c, below, spec, {id(x): leaf_count(x, groups) for _, x in below}, strangers)
        if run:
            groups[id(c)] = run
            for x in run:
                for y in (x, *leaves_of(x, groups)):
                    top[id(y)] = (s, c)
    return groups


def leaves_of(c: Cell, groups: dict[int, list[Cell]]) -> list[Cell]:
    """The headers under a group, at every level below it."""
    return [y for x in groups.get(id(c), ()) for y in (x, *leaves_of(x, groups))]


def leaf_count(c: Cell, groups: dict[int, list[Cell]]) -> int:
    """How many columns a header heads: one, or its group's leaves."""
    return sum(leaf_count(x, groups) for x in groups[id(c)]) if id(c) in groups else 1


def heads(group: Cell, below: list[tuple[int, Cell]], spec: TableSpec,
          weight: dict[int, int] | None = None, strangers: set[int] = frozenset()) -> list[Cell] | None:
    """The headers a header heads. Where the template names it as a group over n columns, a
    run of headers below that its text lies over, n columns together (a group below counts
    its columns), each a header the template puts under it and none twice, the nearest
    centred (a header is not always centred: pdftotext -fixed sets it at the run's left);
    else centred_run."""
    name = key(group.text)
    n = group_size(spec, name)
    if n is None:
        # (not a header the template puts under groups of its own, 人员经费 under 基本支出
        # beside 项目支出: a header centred over such neighbours heads neither; nor, under a
        # template column's header, another template column: 基本支出 over 合计)
        placed, columns = group_paths(spec), column_labels(spec)
        own = name in columns
        return centred_run(group, [(t, x) for t, x in below if id(x) not in strangers
                                   and name in placed.get(key(x.text), {name})
                                   and not (own and key(x.text) in columns)])
    weight = weight or {}
    inside = names_under(spec, name)
    if strangers and any(name in map(match_key, col.path) for _, col in spec.all_columns()):
        # (the parts a document prints under a group of the template, 工资福利支出 | 商品和服务支出
        # for 人员经费 | 公用经费: on the line of a known part, the run they make with it)
        run = stranger_run(group, below, names_in_paths(spec, name), strangers, known_headers(spec))
        if run:
            return run
    below = [(t, x) for t, x in below if key(x.text) in inside]
    for pool in by_line(below), [[x for _, x in below]]:
        runs = []
        for line in (sorted(ln, key=lambda x: x.x0) for ln in pool):
            for a in range(len(line)):
                total, b = 0, a
                while b < len(line) and total < n:
                    total += weight.get(id(line[b]), 1)
                    b += 1
                run = line[a:b]
                if total == n and len({key(x.text) for x in run}) == len(run):
                    runs.append(run)
        runs = [run for run in runs if run[0].x0 <= group.x1 and group.x0 <= max(x.x1 for x in run)]
        if runs:
            return min(runs, key=lambda run: abs(middle(run) - group.mid))
    return None


def stranger_run(group: Cell, below: list[tuple[int, Cell]], inside: set[str],
                 strangers: set[int], known: set[str]) -> list[Cell] | None:
    """A group's parts where the document prints words the template does not know among
    them: below the group, the known parts and unknown words side by side from the one under
    the group's text, as long as they go on (a known header the group does not head ends them);
    an unknown word wrapped in its cell is one part, its lines stacked under its first. Unknown
    words among them, and one part the template puts under the group at least. None: no such
    run."""
    line = sorted(below, key=lambda tx: (tx[1].x0, tx[0]))
    start = next((n for n, (_, x) in enumerate(line) if x.x0 <= group.x1 and group.x0 <= x.x1), None)
    if start is None:
        return None
    run: list[Cell] = []
    for t, x in line[start:]:
        if id(x) not in strangers and key(x.text) not in inside:
            break
        if id(x) in strangers and (any(id(y) in strangers and overlaps(x, y) for y in run)
                                   or any(r > t and id(y) not in strangers and overlaps(x, y) for r, y in line)):
            continue                       # (the next line of a wrapped word; a group over known parts)
        if id(x) in strangers:
            whole = key(stack_text(t, x, line, strangers))
            if whole in known and whole not in inside:
                break                      # (会议 / 费: a column the group does not head, wrapped)
            if whole in known or any(cut_known(w, known) for w in (whole, *x.text.split(" "))):
                return None                # (a known header wrapped or cut: no unknown part)
        run.append(x)
    if any(id(x) in strangers for x in run) and any(id(x) not in strangers for x in run):
        return run
    return None


def cut_known(text: str, known: set[str]) -> bool:
    """Whether a word is a piece of a known header (财政拨款（补 of 财政拨款（补助）小计)."""
    word = key(text)
    return bool(word) and any(word in k for k in known)


def stack_text(t: int, x: Cell, cells: list[tuple[int, Cell]], strangers: set[int]) -> str:
    """An unknown word with the unknown words stacked under it on the lines below (a header
    wrapped in its cell: 会议 / 费), read top to bottom."""
    under = sorted(((r, y) for r, y in cells if id(y) in strangers and r > t and overlaps(x, y)),
                   key=lambda ry: ry[0])
    return x.text + "".join(y.text for _, y in under)


def overlaps(a: Cell, b: Cell) -> bool:
    """Whether two cells share a character column (the lines of a word wrapped in its cell,
    each centred)."""
    return a.x0 < b.x1 and b.x0 < a.x1


def names_in_paths(spec: TableSpec, name: str) -> set[str]:
    """The header texts (keys) the template's columns print under a group in their paths."""
    out = set()
    for _, col in spec.all_columns():
        path = [match_key(p) for p in col.path]
        if name in path:
            out.update(key(x) for x in (*col.path[path.index(name) + 1:], col.label, *col.aliases))
    return out


def group_paths(spec: TableSpec) -> dict[str, set[str]]:
    """The groups (keys) the template prints each column header under, for the headers it
    prints under a group every time (a header also printed on its own is left out)."""
    def make() -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        alone: set[str] = set()
        for _, col in spec.all_columns():
            for text in (col.label, *col.aliases):
                if col.path:
                    out.setdefault(key(text), set()).update(match_key(p) for p in col.path)
                else:
                    alone.add(key(text))
        return {k: v for k, v in out.items() if k not in alone}
    return per_spec(_GROUP_PATHS, id(spec), spec, make)


_GROUP_PATHS: dict = {}
_COLUMN_LABELS: dict = {}


def column_labels(spec: TableSpec) -> frozenset[str]:
    """The keys of the template's column headers (labels and aliases)."""
    return per_spec(_COLUMN_LABELS, id(spec), spec, lambda: frozenset(
        key(x) for _, col in spec.all_columns() for x in (col.label, *col.aliases)))


def names_under(spec: TableSpec, name: str) -> set[str]:
    """The header texts (keys) the template prints under a group: its columns' labels and
    aliases, and the groups between; every header for a spanning header the paths do not name."""
    out = names_in_paths(spec, name)
    if len(out) < 2 and name in {match_key(g) for g in spec.header_groups}:
        return known_headers(spec)
    return out


def by_line(cells: list[tuple[int, Cell]]) -> list[list[Cell]]:
    """Header cells grouped by the line they are printed on, top first."""
    return [[x for r, x in cells if r == row] for row in sorted({r for r, _ in cells})]


def middle(run: list[Cell]) -> float:
    """The middle of a run of header cells, left to right."""
    return (run[0].x0 + max(x.x1 for x in run)) / 2


def group_size(spec: TableSpec, name: str) -> int | None:
    """How many columns the template puts under a group header (two at least), or None: those
    whose paths name it, else, for a spanning header the paths do not name (本年预算), all."""
    # a group printed more than once (基本支出 under 财政拨款 and under 非财政拨款): the
    # columns of one of them
    prefixes = Counter(tuple(col.path[:col.path.index(p) + 1]) for _, col in spec.all_columns()
                       for p in col.path if match_key(p) == name)
    n = sum(prefixes.values()) // len(prefixes) if prefixes else 0
    if n < 2 and name in {match_key(g) for g in spec.header_groups}:
        n = len(spec.columns)
    return n if n >= 2 else None


def centred_run(group: Cell, below: list[tuple[int, Cell]], slack: float = 3) -> list[Cell] | None:
    """The cells below a header that it is centred over (two at least, side by side): it
    heads them. The run whose middle is nearest the header's, the shorter on a tie; None when
    no run of two or more is centred under it (the header is a column's own). A run from one
    header line first (headers of several lines, each centred on its own, make runs no group
    heads), else across lines (a group over sub-headers printed on different lines)."""
    return nearest_run(group, by_line(below), slack) or nearest_run(group, [[x for _, x in below]], slack)


def nearest_run(group: Cell, lines: list[list[Cell]], slack: float) -> list[Cell] | None:
    best: tuple[float, int, list[Cell]] | None = None
    for line in lines:
        line = sorted(line, key=lambda x: x.x0)
        for a in range(len(line)):
            for b in range(a + 1, len(line)):
                miss = abs(middle(line[a:b + 1]) - group.mid)
                if miss <= slack and (best is None or (miss, b - a) < best[:2]):
                    best = (miss, b - a, line[a:b + 1])
    return best[2] if best else None


def over(c: Cell, bands: list[list[float]]) -> list[list[float]]:
    """The amount columns a header is over: those it shares a character column with (ends are
    exclusive), else those it touches (a header ending where its right-aligned amounts start)."""
    return [b for b in bands if b[0] < c.x1 and c.x0 < b[1]] or \
        [b for b in bands if b[0] <= c.x1 and c.x0 <= b[1]]


def one_to_one(leaves: list[Cell], bands: list[list[float]]) -> bool:
    """Whether every amount column lies under exactly one leaf header and no leaf over two."""
    heads = [over(c, bands) for c in leaves]
    return all(sum(b in h for h in heads) == 1 for b in bands) and all(len(h) <= 1 for h in heads)


def side_keys(spec: TableSpec) -> set[str]:
    return {match_key(h) for name in spec.sides for h in side_headers(spec, name)} if spec.sides else set()


def widen_sides(header: list[tuple[int, int, Cell]], territories: list[tuple[float, float]], spec: TableSpec) -> None:
    """A side's header over its whole side."""
    sides = side_keys(spec)
    for *_, c in header:
        if key(c.text) in sides:
            for x0, x1 in territories:
                if x0 <= c.mid < x1:
                    c.x0, c.x1 = x0, x1 - 1


def side_territories(rows: list[tuple[Line, list[Cell]]]) -> list[tuple[float, float]]:
    """Where each side of a side-by-side table lies: from its label column to the next one's
    (label columns: where the rows' words start, apart by more than LABEL_GAP)."""
    starts = sorted({c.x0 for _, cells in rows if any(x.amount for x in cells) for c in cells if not c.amount})
    columns: list[float] = []
    for x in starts:
        if not columns or x - last > LABEL_GAP:
            columns.append(x)
        last = x
    edges = [0.0] + columns[1:] + [float("inf")]
    return list(zip(edges, edges[1:]))


def amounts_printed(lines: list[Line]) -> int:
    """The amounts a table's rows print: on lines with a label and an amount, or two amounts
    (a page's number alone on its line is none)."""
    n = 0
    for ln in lines:
        cells = line_cells(ln)
        k = sum(c.amount for c in cells)
        if k >= 2 or (k == 1 and len(cells) > 1):
            n += k
    return n


AMOUNTS_ONLY = re.compile(rf"^\s*(\d{{2}}|{SIGNED_EXACT}(?:\s+(?:{SIGNED_EXACT}|0))*)\s*$")


def cells_one_per_line(lines: list[Line]) -> bool:
    """Whether the tables' text was written cell by cell (pdftotext without -layout writes a
    table's cells one after another, most of them on a line of their own): lines holding only
    amounts or a lone code part are a sixth of the tables' lines or more (a table printed
    row by row has a few at most: a row without a label)."""
    text = [ln.text for ln in lines if ln.cells is None and ln.text.strip()]
    alone = len(list(filter(None, map(AMOUNTS_ONLY.match, text))))       # (counted in C)
    return alone >= 10 and alone >= len(text) / 6


def amount_places(lines: list[Line], spec: TableSpec, wide: bool, width: int) -> dict[int, list[int]] | None:
    """Each line's amounts by the amount column they stand in (0 the leftmost), where the
    table's amounts stand in `width` columns (amount_bands over the whole table); else None."""
    rows = split_lines(lines, spec, wide)
    bands = amount_bands([c for _, cells in rows for c in cells if c.amount])
    if len(bands) != width:
        return None
    out = {}
    for ln, cells in rows:
        at = [next((k for k, (x0, x1) in enumerate(bands) if x0 <= c.x0 and c.x1 <= x1), None)
              for c in cells if c.amount]
        if None in at:
            return None
        out[ln.no] = at
    return out


def rows_in_order(lines: list[Line], spec: TableSpec, wide: bool = False) -> list[RawRow] | None:
    """A table's rows as the layout prints them (codes and labels joined, wrapped labels
    whole), each row's amounts in order and no column decided: where the headers do not say
    which column an amount is in, the rows still do. Rows with amounts or a code only (a note
    under the table is no row); None for a side-by-side table (its sides need plain_rows)."""
    if spec.layout == "side_by_side":
        return None
    rows = split_lines(lines, spec, wide)
    first = next((r for r, (_, cells) in enumerate(rows) if any(c.amount for c in cells)), len(rows))
    known = known_headers(spec)
    heads = {tuple(c.text for c in cells) for _, cells in rows[:first] if cells}
    out = []
    for ln, cells in rows[first:]:
        texts = tuple(c.text for c in cells)
        if not cells or texts in heads or all(key(t) in known for t in texts):
            continue                                   # a header repeated on a new page
        if len(cells) == 1 and cells[0].amount and FOLIO_CELL.match(cells[0].text):
            continue
        if is_number_row(list(texts)):
            continue                                   # 栏次 1 2 3 …: the columns' numbers
        row = _label_row(ln, [c.text for c in cells if not c.amount], spec)
        row.values = [v for c in cells if c.amount and (v := amount_of(c.text, ln.no, integers=True, bracketed=True))]
        if row.values or row.code:
            out.append(row)
    return out
