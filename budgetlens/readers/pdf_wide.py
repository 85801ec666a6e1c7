"""A sheet too wide for its page: Excel and LibreOffice, printing a sheet without fitting it
to the page's width, print the columns that do not fit on the next page, for the same rows
(the rows at the same heights, without the title; the label columns left behind, or, the
sheet set to print its label columns on every page, printed again).

Such a page is put back to the right of the page it belongs to when that is certain: every
line of it sits at the height of a line of that page (a title or a table going on would stand
apart, or beside the other's rows), its amounts beside that page's table rows (never beside
its title or header, as a page going on with more rows would stand), its own header, which is
not that page's header printed again, beside that page's header, and it prints no title, no
table label and no classification code of its own (those of its page printed again aside).
The label columns printed again are dropped. A page that prints only amounts without any label
or title but cannot be placed so is said in a warning, and its amounts are not read (read on
their own, they would be rows without names, or fall into the columns of the page before);
so is a page of labels only standing beside a page's rows that cannot be joined (labels_apart).

The page a sheet's columns are cut from may print labels only (its codes, its codes and names,
a 项目支出表's 项目单位 and 项目名称: label_start; a code under a header naming codes is no
amount), and so may a page of its columns: past the label columns it prints again (a 收支总表's
支出 names beside its 收入 names printed again), or beside a page of codes alone (their names).
A row all of whose figures are past the page's edge (合计, its code cell empty) is a row, not
the header, when the page's own header stands beside base's above it (first_row)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from ..text import FOLIO_FURNITURE
from .base import Line

# a page number printed apart above or below the page's text: 6, - 6 -, 第 6 页 共 9 页
FOLIO = FOLIO_FURNITURE

DIGIT = re.compile(r"\d")
FIGURE = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")
DASHES = frozenset({"-", "--", "—", "——", "–", "－", "－－"})     # an empty cell printed as a dash
SLACK = 0.35                 # share of a line's height two lines' middles may differ by
TEXT = 2.0                   # points at most two lines' middles may differ by
EDGE = 1.0                   # points two printings of one row's or one column's cell may differ by
# a table's label or title: a page printing one (not its page's printed again) starts a table
# of its own there; it is no overflow (pages of a document set in one line spacing stand level)
TITLE = re.compile(r"^附?表\s*[0-9一二三四五六七八九十]+(?:\s*[-－—]\s*\d+)?$|^公开\s*\d+\s*表$"
                   r"|^\S{2,60}表\s*(?:[（(]续[)）])?$|^(?:编制|填报)(?:部门|单位)")
CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")      # a 类/款/项 code (functional or economic)


def words_of(line: Line) -> list[str]:
    if line.cells is not None:
        return [c.strip() for c in line.cells if c and c.strip()]
    return line.text.split()


def has_figure(line: Line) -> bool:
    return DIGIT.search(line.text) is not None and any(FIGURE.fullmatch(w) for w in words_of(line))


def figures_only(line: Line) -> bool:
    """The line prints figures only, a dash for an empty cell among them (Excel's accounting
    format prints 0 so)."""
    words = words_of(line)
    return bool(words) and all(w in DASHES or FIGURE.fullmatch(w) for w in words) and any(w not in DASHES for w in words)


def middle(line: Line) -> float:
    return (line.bbox[1] + line.bbox[3]) / 2


def same_edges(line: Line, other: Line) -> bool:
    (top, bottom), (other_top, other_bottom) = band(line), band(other)
    return abs(top - other_top) <= EDGE and abs(bottom - other_bottom) <= EDGE


def band(line: Line) -> tuple[float, float]:
    """The top and bottom of the line's row: a grid row's lowest cell (a label cell merged down
    over the rows of its group makes the row's box as tall as the group)."""
    boxes = [b for b in line.cell_boxes or [] if b] if line.cells is not None else []
    low = min(boxes, key=lambda b: b[3] - b[1]) if boxes else line.bbox
    if line.bbox[3] - line.bbox[1] > MERGED * (low[3] - low[1]):
        return low[1], low[3]
    return line.bbox[1], line.bbox[3]


MERGED = 1.5    # a row this many times as tall as its lowest cell holds a cell merged down


def level_with(line: Line, other: Line, mixed: bool = False) -> bool:
    """Two lines printed for one row of the sheet: with the same top and bottom (a grid's rows:
    the sheet's row heights), or, two lines of text (no grid's cells), with their middles as
    close as the boxes of the characters allow (a figure's box is lower than a Chinese
    character's); mixed: line, of a page without rules, in other's grid row; or a header's
    text inside a grid's header row (within_row)."""
    if same_edges(line, other):
        return True
    if line.cells is not None or other.cells is not None:
        # (mixed: a page without rules beside a ruled page: its text in the ruled page's rows)
        return (mixed and line.cells is None and in_row(line, other)) or within_row(line, other)
    height = min(line.bbox[3] - line.bbox[1], other.bbox[3] - other.bbox[1])
    return abs(middle(line) - middle(other)) <= min(TEXT, max(1.0, SLACK * height))


def in_row(text: Line, row: Line) -> bool:
    """A line of text printed in a grid's row (a sheet's columns past the page's width printed
    without rules, beside its ruled rows): its middle inside the row, its height within it."""
    top, bottom = band(row)
    return top < middle(text) < bottom and text.bbox[3] - text.bbox[1] <= bottom - top + EDGE


def steady(base: list[Line], page: list[Line], match: dict[int, int]) -> bool:
    """page's lines of amounts stand at the same height in base's grid rows each (a sheet's
    rows printed alike: the same row heights, the cells' text set alike); a page of other rows
    drifts against them. (Its header may be set otherwise in its cells.)"""
    offsets = [middle(page[n]) - middle(base[i]) for n, i in match.items()
               if page[n].cells is None and base[i].cells is not None and has_figure(page[n])]
    return not offsets or max(offsets) - min(offsets) <= EDGE


def within_row(line: Line, other: Line) -> bool:
    """line, without figures, in other, a grid's row of a header (in_row): the text of a header
    cell merged across the columns of both pages, which the page it is printed on rules without
    its left edge (the cell begins on the page before), or a header row of its own where other's
    header cells, merged down, make its rows one; or line, a header cell merged down, reaching
    over other's top and bottom (机关运行经费 beside the “三公” header's rows)."""
    if other.cells is None or has_figure(line):
        return False
    if line.cells is None and line.bbox[1] <= other.bbox[1] + EDGE and other.bbox[3] <= line.bbox[3] + EDGE:
        return True         # a header cell merged down over the rows of other's header
    return in_row(line, other)


def placed(lines: list[Line]) -> bool:
    """Every line has its box and, as a table page was read, its cells' boxes (a ruled page's
    lines outside the grid have none) or, a page without rules, its words' boxes."""
    if not lines or any(ln.bbox is None for ln in lines):
        return False
    if ruled(lines):
        return all(ln.cells is None or ln.cell_boxes is not None for ln in lines)
    return all(ln.word_boxes is not None for ln in lines)


def ruled(lines: list[Line]) -> bool:
    return any(ln.cells is not None for ln in lines)


def folios(page: list[Line]) -> set[int]:
    """The page's first or last line when it is a page number standing apart (a line's height
    at least) above or below all the page's other lines."""
    out: set[int] = set()
    if any(ln.bbox is None for ln in page):
        return out
    for n in {0, len(page) - 1}:
        line = page[n]
        text = line.text.strip()
        if line.cells is not None or len(text) > 16 or not DIGIT.search(text) or not FOLIO.match(text):
            continue
        gap = line.bbox[3] - line.bbox[1]
        others = [ln.bbox for k, ln in enumerate(page) if k != n]
        if all(line.bbox[1] >= b[3] + gap for b in others) or all(line.bbox[3] + gap <= b[1] for b in others):
            out.add(n)
    return out


def squeezed(text: str) -> str:
    return "".join(text.split())


def again(line: Line, other: Line) -> bool:
    """line prints other's text again, or part of it (other printing the cells of its own
    columns too), or other is part of it."""
    mine, theirs = squeezed(line.text), squeezed(other.text)
    return bool(mine and theirs) and (mine in theirs or theirs in mine)


def titled(line: Line) -> bool:
    """The line is a table's title, its label (表3, 公开03表) or its 编制单位 line."""
    text = line.text.strip()
    return ("表" in text or "编" in text or "填" in text) and TITLE.search(text) is not None


def own_code(line: Line, other: Line) -> bool:
    """line starts with a classification code and a name, other (the line at its height on the
    page before) with another code: a row of a table of its own."""
    mine, theirs = words_of(line), words_of(other)
    return (len(mine) > 1 and bool(theirs) and CODE.fullmatch(mine[0]) is not None and not FIGURE.fullmatch(mine[1])
            and CODE.fullmatch(theirs[0]) is not None and mine[0] != theirs[0])


def pairs(base: list[Line], first: int, page: list[Line], skip: set[int], mixed: bool = False) -> dict[int, int] | None:
    """For each line of page (its page number, skip, aside), the index of the line of base at its
    height (first: base's first line with figures), or None when a line has no such line (a
    title or a table standing apart), two lines share one, a line with figures stands beside
    base's title or header, or a table's title further down base (a page going on with rows),
    or a line prints a title or a code of its own."""
    out: dict[int, int] = {}
    for n, line in enumerate(page):
        if n in skip:
            continue
        at = [i for i, b in enumerate(base) if level_with(line, b, mixed)]
        if len(at) > 1 and len(edged := [i for i in at if same_edges(line, base[i])]) == 1:
            # a row of a group whose label cell, merged down, makes the group's first row as
            # tall as the group: the row with its own top and bottom
            at = edged
        if len(at) > 1 and not has_figure(line):
            # a cell merged across the page's edge: base prints its text too (clipped)
            at = [i for i in at if base[i].cells is None and again(line, base[i])] or at
        if len(at) > 1 and line.cells is None and not has_figure(line) and all(i < first for i in at):
            # merged down over several of base's header rows: beside the lowest, which names
            # the columns
            at = at[-1:]
        if len(at) != 1 or (at[0] in out.values() and not (at[0] < first and within_row(line, base[at[0]]))):
            return None     # (lines of a header inside one of base's header rows share it)
        i = at[0]
        if has_figure(line) and (titled(base[i]) or (i < first and not first_row(line, base[i], i, page, out))):
            return None     # amounts beside a title or header: a page going on, or another table
        if titled(line) and not again(line, base[i]):
            return None
        if own_code(line, base[i]):
            return None
        out[n] = i
    return out


def first_row(line: Line, other: Line, at: int, page: list[Line], out: dict[int, int]) -> bool:
    """line, amounts only, beside other, a line of base above its first line with figures: a
    row of base's table all of whose figures are past the page's edge (合计 beside its codes'
    empty cell), not its header, when a line of page's own header stands beside one of base's
    above it (a page going on prints rows, its labels among them, beside base's header)."""
    return (figures_only(line) and not has_figure(other)
            and any(j < at and not has_figure(page[m]) for m, j in out.items()))


def table_start(page: list[Line], codes: bool = False) -> int | None:
    """The index of the page's first line with figures, when it has two such lines (its page
    number aside), or one that is a grid's row (a ruled table of one row: the “三公” table), and
    its lines their boxes; else None (no table another page could go on beside). A code under
    a header naming codes is no figure, unless codes: the first line with a figure, a code too
    (a page of codes and names only, read without rules)."""
    if not placed(page):
        return None
    skip = folios(page)
    columns = [] if codes else code_columns(page)
    body = (n for n, line in enumerate(page) if n not in skip and has_amount(line, columns))
    first, second = next(body, None), next(body, None)
    return first if second is not None or (first is not None and page[first].cells is not None) else None


def label_start(page: list[Line]) -> int | None:
    """The index of the line after the header of a ruled page of label columns only (a sheet
    cut after its 项目单位 and 项目名称, or its codes: its amounts on the next page), three rows
    at least; no amount (a code under 科目编码 is none), no sentence, every line from its header
    to its grid's last row a grid's row (text below the grid aside). None for any other page."""
    if not placed(page) or not ruled(page):
        return None
    skip = folios(page)
    body = [n for n, line in enumerate(page) if n not in skip and not titled(line)]
    grid = [n for n in body if page[n].cells is not None]
    # (below the grid, text outside it: a note, the text of a cell merged past the page's end)
    if len(grid) < 4 or grid[0] != body[0] or any(page[n].cells is None for n in body if n < grid[-1]):
        return None
    codes = code_columns(page)
    if any(has_amount(line, codes) or "。" in line.text or len(squeezed(line.text)) > LABEL for line in page):
        return None
    return body[1]


CODE_HEAD = re.compile(r"编码|代码")


def code_columns(page: list[Line]) -> list[tuple[float, float]]:
    """Where the page's columns of classification codes stand: under a header's cell (or word)
    naming codes (科目编码, 功能分类科目代码), its left and right edge."""
    return [(box[0], box[2]) for line in page if not has_figure(line)
            for text, box in parts(line) if box and CODE_HEAD.search(text)]


def has_amount(line: Line, codes: list[tuple[float, float]]) -> bool:
    """The line prints a figure that is no code in a column of codes (a 项目支出表's rows
    print their function's code beside their labels: no amount)."""
    if not codes or not has_figure(line):
        return has_figure(line)
    return any(FIGURE.fullmatch(text.strip()) and not (CODE.fullmatch(text.strip()) and under(box, codes))
               for text, box in parts(line) if text.strip())


def under(box: tuple | None, codes: list[tuple[float, float]]) -> bool:
    return box is not None and any(x0 - EDGE <= (box[0] + box[2]) / 2 <= x1 + EDGE for x0, x1 in codes)


def overflow(base: list[Line], first: int, page: list[Line]) -> tuple[dict[int, int], float | None] | None:
    """The lines of page paired with base's (first: base's first line with figures) when page
    is base's columns that did not fit, with the x where the label columns page prints again
    end (None: none printed again)."""
    if (ruled(page) and not ruled(base)) or not placed(page):
        return None         # (a ruled sheet's columns past the page's width may print unruled)
    skip = folios(page)
    mixed = ruled(base) and not ruled(page)
    if not beside(base, page, first, skip, mixed):
        return None
    match = pairs(base, first, page, skip, mixed)
    if not match or (mixed and not steady(base, page, match)):
        return None
    heads = {n: i for n, i in match.items() if i < first}
    rows = {n: i for n, i in match.items() if i >= first}
    if not heads:
        return None         # no header of its own beside base's: its columns are not known
    cut = repeated(base, page, match)
    if not any(has_figure(page[n]) for n in rows) and not blank(page, rows, skip) \
            and not labels(page, rows, cut, codes_only(base, first)):
        return None
    mine = {w for n in heads for w in words_of(dropped(page[n], cut))}
    theirs = {w for n, i in heads.items() for w in words_of(base[i])}
    if mine <= theirs and (cut is None or not rows):
        # base's header printed again; unless page prints base's rows' labels again (cut):
        # the same rows, their columns past it named as others of base (收支总表's 预算数)
        return None
    return match, cut


def labels(page: list[Line], rows: dict[int, int], cut: float | None, bare: bool = False) -> bool:
    """page, printing base's label columns again (cut: where they end), or beside a page of
    codes alone (bare), prints past them a column of labels beside base's rows, no figure (a
    收支总表's 支出 names, a sheet's names cut from their codes, their amounts on the next
    page): short names, two rows at least, none a sentence."""
    if cut is None and not bare:
        return False
    named = [squeezed(dropped(page[n], cut).text) for n in rows]
    return (sum(1 for text in named if text) >= 2
            and not any(has_figure(page[n]) or "。" in text or len(text) > LABEL for n, text in zip(rows, named)))


def codes_only(base: list[Line], first: int) -> bool:
    """base's rows (from first) print a classification code alone each, or nothing (合计's code
    cell): the codes column of a sheet cut by the page's width, which no table is by itself."""
    rows = [words_of(line) for line in base[first:]]
    return len(rows) >= 3 and all(len(words) <= 1 and all(CODE.fullmatch(w) for w in words) for words in rows) \
        and sum(1 for words in rows if words) >= 3


def blank(page: list[Line], rows: dict[int, int], skip: set[int]) -> bool:
    """page prints a header only, beside base's header, for columns without a figure (a budget
    kind the unit has none of): no line beside base's rows, none with a figure or a sentence."""
    return not rows and not any(n not in skip and (has_figure(line) or "。" in line.text or len(squeezed(line.text)) > LABEL)
                                for n, line in enumerate(page))


LABEL = 30      # characters at most of a header's line (a sentence is longer)


def beside(base: list[Line], page: list[Line], first: int, skip: set[int], mixed: bool = False) -> bool:
    """Cheap test before pairing every line: page's first line with figures stands level with
    one of base's table rows (base's first: its first line with figures), not with its title or
    header, as the first rows of a page going on do; a page without figures (blank columns):
    its first line level with a line of base's header."""
    row = next((ln for n, ln in enumerate(page) if n not in skip and has_figure(ln)), None)
    if row is None:
        # (or labels beside its rows: the label columns printed again, labels past them)
        head = next((ln for n, ln in enumerate(page) if n not in skip), None)
        return head is not None and any(level_with(head, b, mixed) for b in base)
    if figures_only(row):       # (a row all of whose figures are past base's edge: first_row)
        return any(level_with(row, b, mixed) and not titled(b) for b in base)
    return any(level_with(row, b, mixed) for b in base[first:])


def parts(line: Line) -> list[tuple[str, tuple[float, float, float, float] | None]]:
    """The line's cells (a ruled line) or words, each with its box."""
    if line.cells is not None:
        return list(zip(line.cells, line.cell_boxes or [None] * len(line.cells)))
    words = line.text.split()
    return list(zip(words, line.word_boxes or [None] * len(words)))


def repeated(base: list[Line], page: list[Line], match: dict[int, int]) -> float | None:
    """The x where the label columns page prints again (print titles: columns repeated on every
    page) end: on every line, page's cells left of it are base's line's cells, the same text at
    the same place; None when page prints none of base's columns again."""
    cut: float | None = None
    # a line printing some of base's cells again before its own: without one, the page's rows
    # print nothing left of the cut (a page going on under its repeated header, its rows' first
    # cells empty: a group's merged cells over the page's break), no columns printed again
    shown = False
    for n, i in match.items():
        theirs = [(text.strip(), box) for text, box in parts(base[i]) if text.strip() and box]
        if unplaced(base[i]) and base[i].bbox:
            # a row of base read as one text (a row with one cell filled): its line's box
            theirs = [(base[i].text.strip(), base[i].bbox)]
        # (the same text starting at the same x: such a line's box, or the cell its text is
        # joined into, spans the grid's width)
        inset = page[n].cells is None       # (words: set inside their cell, its padding left)
        for k, (text, box) in enumerate(sorted((p for p in parts(page[n]) if p[0].strip() and p[1]),
                                               key=lambda p: p[1][0])):
            if not any(t == text.strip() and same_start(b, box, inset) for t, b in theirs) \
                    and not merged_down(base, text.strip(), box, inset):
                cut = box[0] if cut is None else min(cut, box[0])
                shown = shown or k > 0
                break
    left = min((b[0] for ln in page for _, b in parts(ln) if b), default=None)
    return None if cut is None or not shown or left is None or cut <= left + EDGE else cut


def merged_down(base: list[Line], text: str, box: tuple, inset: bool) -> bool:
    """text is base's cell merged down over several rows, printed again beside another of those
    rows: a ruled page sets a merged cell's text in the group's first row, a page printing it
    without rules wherever the cell's text stands (LibreOffice: on the group's last row)."""
    y = (box[1] + box[3]) / 2
    return any(t.strip() == text and b[1] <= y <= b[3] and same_start(b, box, inset)
               for line in base if line.cells is not None for t, b in parts(line) if b)


PAD = 4.0       # points at most a cell's text starts right of the cell's edge


def same_start(cell: tuple, box: tuple, inset: bool) -> bool:
    """box starts where cell does, or, inset (a word of a page read without rules, cell a
    grid's cell), inside it, no further right than a cell's padding."""
    if abs(cell[0] - box[0]) <= EDGE:
        return True
    return inset and cell[0] - EDGE <= box[0] <= cell[0] + PAD and box[2] <= cell[2] + EDGE


def unplaced(line: Line) -> bool:
    """A line without the boxes of its cells or words: a ruled page's line outside the grid
    (with the label columns printed again, the title printed again too)."""
    return line.cell_boxes is None and line.word_boxes is None


def reprinted(line: Line, other: Line, cut: float | None) -> bool:
    """line, of the overflow page, prints other's text again: outside the grid where the label
    columns are printed again (cut), or, a title merged across the sheet's columns, the part of
    it past the page's edge (the PDF holds the whole text on each page the cell spans, each
    clipped to its page: joined, the title would read twice and no longer be known)."""
    if cut is not None and unplaced(line) and again(line, other):
        return True
    return (unplaced(line) or titled(other)) and other.cells is None and not has_figure(line) and again(line, other)


def dropped(line: Line, cut: float | None) -> Line:
    """line without its cells (or words) left of cut: the label columns printed again."""
    if cut is None:
        return line
    keep: list[int] = []
    for k, (text, box) in enumerate(parts(line)):
        # (a cell without a box, merged into another, goes with the cells before it; one
        # leading the line, empty, is one of the columns printed again)
        if (box[2] > cut + EDGE) if box is not None else (bool(keep) or bool(text.strip())):
            keep.append(k)
    if line.cells is not None:
        cells = [line.cells[k] for k in keep]
        boxes = [line.cell_boxes[k] for k in keep] if line.cell_boxes else None
        return replace(line, cells=cells, cell_boxes=boxes, text="\t".join(cells))
    words = line.text.split()
    return replace(line, text=" ".join(words[k] for k in keep),
                   word_boxes=[line.word_boxes[k] for k in keep] if line.word_boxes else None)


def joined(left: Line, right: Line, shift: float) -> Line:
    """right's cells (or words) after left's, their boxes moved right by shift."""
    def moved(box):
        return None if box is None else (box[0] + shift, box[1], box[2] + shift, box[3])

    bbox = (left.bbox[0], min(left.bbox[1], right.bbox[1]), right.bbox[2] + shift, max(left.bbox[3], right.bbox[3]))
    if right.cells is not None or left.cells is not None:
        cells = left.cells if left.cells is not None else [left.text]
        boxes = left.cell_boxes if left.cells is not None else [left.bbox]
        more = right.cells if right.cells is not None else right.text.split()
        more_boxes = right.cell_boxes if right.cells is not None else right.word_boxes
        if right.cells is None and (not more_boxes or len(more_boxes) != len(more)):
            more, more_boxes = [right.text], [right.bbox]
        cells = list(cells) + list(more)
        return replace(left, text="\t".join(cells), cells=cells, bbox=bbox,
                       cell_boxes=list(boxes) + [moved(b) for b in more_boxes])
    words = (left.word_boxes or []) + [moved(b) for b in (right.word_boxes or [])]
    if len(words) != len((left.text + " " + right.text).split()):
        words = None
    return replace(left, text=f"{left.text} {right.text}", bbox=bbox, word_boxes=words)


@dataclass
class Base:
    """A page of table rows other pages may be the overflow of: its lines (joined lines
    replacing its own), where they start in the lines read, its first line with figures, the
    pages joined to it so far (their lines as printed) and the shift of the next one."""
    number: int
    lines: list[Line]
    start: int
    first: int
    shift: float = 0.0
    last: int = 0                 # the last page joined to it, or its own number
    joined: list[list[Line]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.last = self.last or self.number

    def reach(self) -> float:
        """Where the last page joined (or its own) ends: its width, or past it, a column wider
        than the page printed cut at its edge (its cells' boxes reach past it)."""
        page = self.joined[-1] if self.joined else self.lines
        return max((b[2] for line in page for _, b in parts(line) if b), default=0.0)


def on_grid(page: list[Line], match: dict[int, int], base: list[Line], first: int,
            model: list[Line] | None = None) -> list[Line] | None:
    """page's lines beside base's grid rows as rows of cells, when page printed no rules (a
    ruled sheet's columns past the page's width left unruled): a column for each of its
    header's words (those over each other one), starting where the leftmost starts; a word
    belongs to the last column starting left of its end (text set left, centred or right,
    amounts set right, each inside its column), blank cells where a line prints nothing, so
    that an amount keeps its column; page without a header (its sheet's rows going on): the
    columns of model, the page of its sheet's columns it goes on with. None when a word ends
    left of every column, or page has no header and no model ruled."""
    rows = [n for n, i in match.items() if (i >= first or base[i].cells is not None)
            and page[n].cells is None and page[n].word_boxes]
    if not any(base[i].cells is not None for i in match.values()):
        return page
    if not rows:
        return page
    spans: list[list[float]] = []
    for x0, x1 in sorted((b[0], b[2]) for n in rows if match[n] < first for b in page[n].word_boxes):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    spans = spans or columns_of(model or [])
    if not spans:
        return None
    starts = [x0 for x0, _ in spans]
    ends = [*starts[1:], max(spans[-1][1], *(page[n].bbox[2] for n in rows))]
    out = list(page)
    for n in rows:
        line = page[n]
        cells = ["" for _ in starts]
        for word, box in zip(line.text.split(), line.word_boxes):
            k = sum(1 for x in starts if x < box[2] - EDGE) - 1
            if k < 0:
                return None
            cells[k] += word
        # (in base's grid row: the cells as tall as its row, so that a page joined after this
        # one finds the row's edges, not its text's)
        top, bottom = band(base[match[n]]) if base[match[n]].cells is not None else (line.bbox[1], line.bbox[3])
        boxes = [(x0, top, x1, bottom) for x0, x1 in zip(starts, ends)]
        out[n] = replace(line, text="\t".join(cells), cells=cells, cell_boxes=boxes, word_boxes=None)
    return out


def columns_of(page: list[Line]) -> list[list[float]]:
    """The columns of a page read in a grid (cells, or lines placed on one): each cell's left
    and right edge, those starting at one x once."""
    spans: list[list[float]] = []
    for x0, x1 in sorted((b[0], b[2]) for ln in page if ln.cells is not None for b in ln.cell_boxes or [] if b):
        if not spans or x0 > spans[-1][0] + EDGE:
            spans.append([x0, x1])
    return spans


def join_wide_pages(lines: list[Line], widths: dict[int, float], notes: list[str], warnings: list[str],
                    folds: dict[int, tuple[tuple[float, int], ...]] | None = None) -> list[Line]:
    """The lines with each page of a sheet's overflowing columns joined to its page's lines
    (their boxes moved right by the widths of the pages before, the label columns it prints
    again dropped), or, a page of amounts only that cannot be placed, left out and said in a
    warning. widths: 1-based page → width in points. folds (filled): each joined line's number →
    (shift, page) of each page joined to it, so that a figure is said where it is printed
    (SourceDocument.folds, printed_at).

    The page an overflow page belongs to is the page before it, or, a sheet printed down, then
    over (its pages of rows first, then the pages of their columns that did not fit), an
    earlier page of the same sheet's rows."""
    pages: dict[int, list[Line]] = {}
    for line in lines:
        pages.setdefault(line.page or 0, []).append(line)
    if len(pages) < 2:
        return lines
    out: list[Line] = []
    run: list[Base] = []          # the pages of the sheet's rows read so far
    last, changed = 0, False
    moved: dict[int, list[tuple[float, int]]] = {}     # out's index → (shift, page) joined to it
    for number, page in pages.items():
        if last and number == last + 1:
            # (a page after one ending in a table's title is that table's, whatever its heights)
            found = None if ends_in_title(pages[last]) else placement(run, page)
            if found is not None:
                base, match, cut = found
                gridded = on_grid(page, match, base.lines, base.first, model_of(run, base))
                if gridded is None:
                    warnings.append(f"第 {number} 页像是第 {base.number} 页表格超出页宽、打印到下一页的列（各行与第 {base.number} "
                                    f"页的行高度相同），但未印表格线，其金额所在的列无法确定：该页未读入，请对照原件")
                    last, changed = number, True
                    continue
                page = gridded
                base.shift += max(widths.get(base.last, 0.0), base.reach())
                lowest = {i: n for n, i in match.items()}
                for n, i in match.items():
                    if lowest[i] != n:
                        # base's header row, its cells merged down, stands for several of the
                        # page's: the lowest names the columns, those above group them
                        continue
                    right = dropped(page[n], cut)
                    if squeezed(right.text) and not reprinted(right, base.lines[i], cut):
                        base.lines[i] = out[base.start + i] = joined(base.lines[i], right, base.shift)
                        moved.setdefault(base.start + i, []).append((base.shift, number))
                base.joined.append(page)
                base.last = number
                # (its rows whose figures all lay past the page's edge have figures now)
                base.first = min([base.first, *(i for n, i in match.items() if has_figure(page[n]))])
                out += [ln for n, ln in enumerate(page) if n not in match]
                notes.append(f"第 {number} 页是第 {base.number} 页表格超出页宽、打印到下一页的列（各行与第 {base.number} 页"
                             f"的行高度相同），已按行接在第 {base.number} 页各行的右侧读取")
                last, changed = number, True
                continue
            if looks_overflowing(page, 1 if ends_in_rows(pages[last]) else 2):
                # its header too: read on its own, it would name the columns of the rows before
                amounts = sum(1 for ln in page if figures_only(ln))
                warnings.append(f"第 {number} 页只有金额、没有科目名称，像是前面的表格超出页宽、打印到下一页的列，"
                                f"但无法与第 {number - 1} 页的行对齐：该页（{amounts} 行金额及其表头）未读入，请对照原件")
                last, changed = number, True
                continue
            kept = labels_apart(run, page)
            if kept is not None:
                # (read on as before: its lines are no rows of their own, its labels are lost)
                warnings.append(f"第 {number} 页像是第 {kept} 页表格超出页宽、打印到下一页的列（只有文字，各行与第 {kept} 页的行"
                                f"高度相同，表头不同），但无法确定它与第 {kept} 页各行的对应：该页的文字未接到第 {kept} 页各行，"
                                "相应各行可能缺少名称，请对照原件")
        first = table_start(page)
        if first is None:
            first = label_start(page)
        if first is None:
            first = table_start(page, codes=True)
        if first is None:
            # a page without figures nor title (a header over blank columns, read without its
            # place) does not end the sheet; any other page does
            run = run if not any(has_figure(ln) or titled(ln) for ln in page) else []
        else:
            run = [*run[-RUN + 1:], Base(number, list(page), len(out), first)] if same_sheet(run, page) else \
                [Base(number, list(page), len(out), first)]
        out += page
        last = number
    if not changed:
        return lines
    if folds is not None:
        folds.update((index + 1, tuple(joins)) for index, joins in moved.items())
    return [replace(ln, no=n) for n, ln in enumerate(out, 1)]


RUN = 12        # pages of one sheet's rows an overflow page is looked for beside (its page: 1 to 12 before)


def same_sheet(run: list[Base], page: list[Line]) -> bool:
    """page may be run's sheet's rows going on: it prints no title but the run's first page's
    printed again (a table starting there ends the run)."""
    if not run:
        return False
    head = run[0].lines[:run[0].first]
    return all(any(again(line, other) for other in head) for line in page if titled(line))


def placement(run: list[Base], page: list[Line]) -> tuple[Base, dict[int, int], float | None] | None:
    """The page of run page is the overflow of, its lines paired with that page's and the x where
    the label columns it prints again end: the page just before first, then the sheet's pages
    before it (a sheet printed down, then over)."""
    for base in reversed(run):
        found = overflow(base.lines, base.first, page)
        if found is None and base.first == headless(base.lines):
            found = going_on(run, base, page)
        if found is not None:
            return base, *found
    return None


def labels_apart(run: list[Base], page: list[Line]) -> int | None:
    """The number of the page of run that page, not joined, stands beside as a page of its
    columns of labels would (no figure, no title, no sentence; every line level with one of
    that page's, three beside its rows, a header of its own beside its header and text under
    it: not only the label columns printed again beside blank columns); else None."""
    skip = folios(page)
    lines = [ln for n, ln in enumerate(page) if n not in skip]
    if not placed(page) or any(has_figure(ln) or titled(ln) or "。" in ln.text or len(squeezed(ln.text)) > LABEL
                               for ln in lines):
        return None
    for base in reversed(run):
        match = pairs(base.lines, base.first, page, skip, ruled(base.lines) and not ruled(page))
        if not match or len(match) < len(lines) or any(titled(base.lines[i]) for i in match.values()):
            continue        # (beside its title: its rows going on, or a page of its own)
        heads = {n for n, i in match.items() if i < base.first}
        theirs = {w for i in range(base.first) for w in words_of(base.lines[i])}
        # (its rows print text under its own header's columns, not only under base's printed again)
        own = [b[0] for n in heads for t, b in parts(page[n]) if b and t.strip() and t.strip() not in theirs]
        past = own and any(b and t.strip() and (b[0] + b[2]) / 2 > min(own)
                           for n in match if n not in heads for t, b in parts(page[n]))
        if len(match) - len(heads) >= 3 and past:
            return base.number
    return None


def headless(page: list[Line]) -> int:
    """The index of page's first line that is not its page number: its rows start there when
    page prints no header (a sheet's rows going on)."""
    skip = folios(page)
    return next((n for n in range(len(page)) if n not in skip), 0)


def going_on(run: list[Base], base: Base, page: list[Line]) -> tuple[dict[int, int], float | None] | None:
    """page paired with base's lines when base is its sheet's rows going on without a header,
    and page those rows' columns that did not fit, without a header too: an earlier page of
    the sheet has had as many pages joined as base has, and one more, which printed those
    columns' header; page's cells stand where that page's did (the same columns)."""
    model = model_of(run, base)
    if model is None or (ruled(page) and not ruled(base.lines)) or not placed(page):
        return None
    skip = folios(page)
    mixed = ruled(base.lines) and not ruled(page)
    if not beside(base.lines, page, base.first, skip, mixed):
        return None
    match = pairs(base.lines, base.first, page, skip, mixed)
    if not match or (mixed and not steady(base.lines, page, match)) or not aligned(page, model, skip):
        return None
    cut = repeated(base.lines, page, match)
    if not any(has_figure(page[n]) for n in match) and not labels(page, match, cut):
        return None
    return match, cut


def model_of(run: list[Base], base: Base) -> list[Line] | None:
    """The page of base's sheet's columns, as joined to an earlier page of its rows, that the
    next page joined to base goes on with (going_on)."""
    k = len(base.joined)
    return next((b.joined[k] for b in reversed(run) if b is not base and len(b.joined) > k), None)


def aligned(page: list[Line], model: list[Line], skip: set[int]) -> bool:
    """Every cell (or word) of page starts or ends where one of model's does: page prints the
    columns model printed (names set left, amounts right)."""
    boxes = [b for ln in model for _, b in parts(ln) if b]
    rights = [b[2] for b in boxes]
    for n, line in enumerate(page):
        if n in skip:
            continue
        inset = line.cells is None and ruled(model)     # (words of a page without rules in model's cells)
        for text, box in parts(line):
            if not text.strip() or box is None:
                continue
            if not any(same_start(b, box, inset) for b in boxes) and not any(abs(box[2] - x) <= EDGE for x in rights):
                return False
    return True


def printed_at(folds: tuple[tuple[float, int], ...], page: int | None, box: tuple) -> tuple[int | None, tuple]:
    """The page a joined line's cell is printed on and its box there: the last page joined
    whose shift its box lies past (the line's own page's cells lie left of the first)."""
    for shift, number in reversed(folds):
        if box[0] >= shift:
            return number, (box[0] - shift, box[1], box[2] - shift, box[3])
    return page, box


def numbering(line: Line) -> bool:
    """The line numbers the columns (栏次): whole numbers, each one more than the one before."""
    words = words_of(line)
    if len(words) < 2 or not all(w.isdigit() for w in words):
        return False
    return all(int(b) == int(a) + 1 for a, b in pairwise(words))


def ends_in_rows(page: list[Line]) -> bool:
    """The page's last line (its page number aside) prints figures: a table's row (a table's
    title ending the page starts a table the next page goes on with). A page of text read
    without positions (a cover, a 目录, prose) holds no table rows: its page number, which
    folios cannot tell apart without them, is no row of amounts."""
    if any(ln.bbox is None for ln in page):
        return False
    line = last_line(page)
    return line is not None and has_figure(line)


def ends_in_title(page: list[Line]) -> bool:
    """The page's last line (its page number aside) is a table's title, label or 编制单位 line:
    the table begins on the next page (Word leaves a title at a page's foot), whose header and
    first rows may stand level with the lines of the page before by chance."""
    line = last_line(page)
    return line is not None and titled(line)


def last_line(page: list[Line]) -> Line | None:
    """The page's last line, its page number aside."""
    skip = folios(page)
    return next((ln for n, ln in reversed(list(enumerate(page))) if n not in skip), None)


def looks_overflowing(page: list[Line], least: int = 2) -> bool:
    """A page without a title whose lines with figures (least rows of amounts at least: two, or
    one after a page ending in a table's rows; its page number and a row numbering the columns
    aside) print figures only, none a label. (A page of a header and its one row of amounts
    after a page ending in their table's title is that table.)"""
    if any(ln.bbox is None for ln in page):
        least = max(least, 2)       # (its page number cannot be told from a row without positions)
    rows = 0
    skip = folios(page)
    for n, line in enumerate(page):
        if n in skip:
            continue
        if titled(line):
            return False
        if has_figure(line):
            if not figures_only(line):
                return False
            rows += not numbering(line)
    return rows >= least
