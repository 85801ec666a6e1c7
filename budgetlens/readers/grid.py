"""What the DOCX, XLSX/XLS and HTML readers share: table grids with merged cells → Lines,
text wrapped inside a cell joined, and the guards every ZIP-based file passes first.

A grid is a list of rows of Slots, one per column. A merged cell keeps its text in its
top-left slot; the slots it covers point at that slot (`origin`) and read as ''. A row is
turned into one Line whose `cells` are the slot texts, except a row holding a single
non-empty cell that starts in the first column and is merged across the row (a title, a
单位：万元 line, a note such as 注：本表无数据), or a row of 编制单位：… and 单位：… cells only:
that is a plain text Line (cells=None), so that segmentation finds it as it finds the text
readers' lines. Paragraphs and text rows are separated by an empty line, as in the markdown
form (`separate`).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .base import Line, ReadError, first_few

MAX_UNZIPPED = 200 * 1024 * 1024     # bytes a DOCX/XLSX may unpack to (a ZIP bomb declares more)
MAX_ENTRIES = 10_000                 # parts in a DOCX/XLSX (real ones have tens)
MAX_SLOTS = 4_000_000                # cells one table may lay out, merged cells counted in full
# a cell naming the unit or the amount unit above a table: 编制单位：… as most print it, 单位名称：,
# 部门：, 填报单位： … as others do (these with their colon: 单位名称 alone heads a column)
META_CELL = re.compile(r"^(编制(部门|单位)|((单位|部门)名称|部门|(填报|预算)(单位|部门)|(金额)?单位)\s*[:：])")


@dataclass(slots=True)
class Slot:
    text: str
    ref: str | None = None
    origin: tuple[int, int] | None = None    # (row, column) of the merged cell covering this slot
    # (a covered slot carries the merged cell's ref)
    paragraphs: tuple[str, ...] | None = None   # a text cell's lines (text: them joined), if several
    unread: str | None = None                   # a value the file does not hold: why (Line.unread)
    lines: tuple[str, ...] | None = None        # a cell's lines, empty ones kept, if several (unstacked)


# ---- text inside one cell ------------------------------------------------------------------

def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# Characters that print nothing: zero-width space and joiners, word joiner, the BOM as a
# zero-width no-break space, soft hyphen, direction marks. Web editors and WPS leave them in
# cells ("211.11\u200b"); kept, the figure no longer reads as a number and is lost in silence
UNPRINTED = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def join_wrapped(parts: list[str]) -> str:
    """Lines wrapped inside one cell or paragraph, joined as the text readers squeeze them:
    no space between CJK characters, one space between two ASCII letters or digits; the
    characters that print nothing (UNPRINTED) left out, as the printed page shows it."""
    out: list[str] = []
    for part in parts:
        part = " ".join(UNPRINTED.sub("", part).split())
        if not part:
            continue
        if out and _ascii_word(out[-1][-1]) and _ascii_word(part[0]):
            out.append(" ")
        out.append(part)
    return "".join(out)


def cell_text(text: str) -> str:
    """A cell's text on one line (newlines joined as wrapped text, tabs as spaces)."""
    return join_wrapped(text.replace("\t", " ").splitlines())


def cell_paragraphs(text: str) -> tuple[str, ...] | None:
    """The non-empty lines of a cell's text, each as cell_text reads it; None for one line.
    A cell that is a line of text of its own (a sheet's 情况说明 typed into one cell, its
    paragraphs and numbered headings one per line) is read line by line: joined, its
    headings would be lost inside one paragraph."""
    if "\n" not in text:
        return None
    lines = tuple(t for t in map(cell_text, text.splitlines()) if t)
    # a title typed over two lines ("2026年部门收入\n预算总表") is one line: only text of
    # sentences is split (a line ends one, or the cell is longer than any title)
    if len(lines) < 2 or not (any(t.endswith(SENTENCE_ENDS) for t in lines) or sum(map(len, lines)) > 80):
        return None
    return lines


SENTENCE_ENDS = ("。", "；", ";", "：", ":", "！", "？")


# ---- grid → lines --------------------------------------------------------------------------

def pad(grid: list[list[Slot]], ref_of=None) -> int:
    """Rows padded to the widest with empty slots; the width."""
    width = max((len(r) for r in grid), default=0)
    for r, row in enumerate(grid):
        for c in range(len(row), width):
            row.append(Slot("", ref_of(r, c) if ref_of else None))
    return width


# a line between a table's parts saying the next continues it: 续表, （续表）, 表3（续）, 续表3
CONTINUED = re.compile(r"^[（(]?续表?\s*[0-9一二三四五六七八九十]*[)）]?$|^(?:附)?表\s*[0-9一二三四五六七八九十]{1,3}\s*[（(]续[)）]$")


def continues(lines: list[Line]) -> bool:
    """Only lines saying the table continues (or none) stand between a table and the next."""
    return all(CONTINUED.match(ln.text.strip()) for ln in lines)


def spacer_columns(grid: list[list[Slot]], width_before: int) -> set[int]:
    """The columns of a table continuing the one before it (nothing between them) that are
    spacers a converter added: empty in every row, nothing merged from or over them, and
    exactly as many as the table has columns more than the one before. Another count says
    nothing (a column of amounts may be blank on a whole page), so nothing is dropped."""
    width = len(grid[0]) if grid else 0
    if width <= width_before:
        return set()
    merged = {s.origin[1] for row in grid for s in row if s.origin is not None}
    empty = {c for c in range(width) if c not in merged
             and all(c < len(row) and not row[c].text and not row[c].unread and row[c].origin is None for row in grid)}
    return empty if width - len(empty) == width_before else set()


def continued_part(grid: list[list[Slot]], lines: list[Line], end: tuple[int, int] | None) -> list[list[Slot]]:
    """A table read right after another (end: the lines read and the columns at that one's end;
    only lines saying the table continues stand between, continues) is its part on the next
    page: the grid less the spacer columns a converter may add to it (spacer_columns)."""
    if end is None or not continues(lines[end[0]:]):
        return grid
    spacers = spacer_columns(grid, end[1])
    return without_columns(grid, spacers) if spacers else grid


def table_end(lines: list[Line], grid: list[list[Slot]]) -> tuple[int, int]:
    """What continued_part needs of the table just read: the lines read so far, its columns."""
    return len(lines), len(grid[0]) if grid else 0


def without_columns(grid: list[list[Slot]], drop: set[int]) -> list[list[Slot]]:
    """The grid less the columns `drop` (none holds or covers a merged cell), origins moved."""
    def moved(c: int) -> int:
        return c - sum(1 for d in drop if d < c)
    return [[Slot(s.text, s.ref, (s.origin[0], moved(s.origin[1])) if s.origin else None, s.paragraphs, s.unread,
                  s.lines) for c, s in enumerate(row) if c not in drop] for row in grid]


def merged_away(grid: list[list[Slot]]) -> list[list[Slot]]:
    """The grid less the columns every row of cells merges into the column before them (a
    sheet whose 项目支出 cells are each merged over two columns, header and body alike): such
    a column is no column of its own, and kept, its neighbours' figures stood one column off
    the header's (column_edges tells the same of Word and web tables by their cells' edges)."""
    # (the table's rows: a title or 单位 line in one cell of its own merges nothing of it, nor
    # does 编制单位：… | 单位：万元 in two cells; before, such a row kept every merged column)
    rows = [row for row in grid if sum(1 for s in row if s.origin is None and (s.text or s.unread)) > 1
            and meta_row(row) is None]
    if not rows:
        return grid
    covered = {c for c, s in enumerate(rows[0]) if c and s.origin is not None and s.origin[1] < c}
    for row in rows[1:]:
        if not covered:
            return grid
        covered = {c for c in covered if c < len(row) and row[c].origin is not None and row[c].origin[1] < c}
    return without_columns(grid, covered) if covered else grid


# ---- a name wrapped over the rows its row's merged cells span --------------------------------

def joined_wraps(grid: list[list[Slot]]) -> list[list[Slot]]:
    """The grid with each wrapped name's rest joined to it: a row whose only text is one cell
    of words, under a row all of whose other filled cells (figures among them) are merged down
    over it, is that row's name going on (a converter splitting a name wrapped in its cell over
    the rows its row's merged code and amounts span). Its text joins the cell above it in its
    column, in the merged cells' row, and the row is left blank (read as no line). A label
    merged down over rows with amounts of their own (merged_labels_down) is no such row."""
    for r in range(1, len(grid)):
        row = grid[r]
        own = [c for c, s in enumerate(row) if s.origin is None and (s.text or s.unread)]
        if len(own) != 1 or not row[own[0]].text or FIGURE_LINE.match(row[own[0]].text):
            continue
        c = own[0]
        tops = {s.origin[0] for s in row if s.origin is not None}
        if len(tops) != 1 or (top := tops.pop()) >= r:
            continue
        above, first = grid[top][c], grid[top]
        if above.origin is not None or not above.text or FIGURE_LINE.match(above.text):
            continue
        filled = [j for j, s in enumerate(first) if j != c and s.origin is None and (s.text or s.unread)]
        if not any(FIGURE_LINE.match(first[j].text) for j in filled) \
                or any(row[j].origin != (top, j) for j in filled):
            continue
        above.text = join_wrapped([above.text, row[c].text])
        above.lines = above.paragraphs = None
        row[c] = Slot("", row[c].ref)
    return grid


# ---- rows of a table stacked in one row ----------------------------------------------------

# a figure alone on a cell's line (a stacked row's amount)
FIGURE_LINE = re.compile(r"^[-−]?\d[\d,]*(?:\.\d+)?$")


def stacked_rows(grid: list[list[Slot]], r: int) -> int:
    """How many printed rows row r stacks (a converter, or a hand, putting a row of the printed
    table on each line of one row's cells: Slot.lines): every cell with text has that many
    lines, one at least of them a column of two figures or more, nothing merged into or from
    the row. 1 when it is one row (a wrapped name has more lines than its amounts)."""
    row = grid[r]
    below = grid[r + 1] if r + 1 < len(grid) else []
    if any(s.origin is not None for s in row) or any(s.origin is not None and s.origin[0] == r for s in below):
        return 1
    filled = [s for s in row if s.text]
    counts = {len(s.lines or ()) for s in filled}
    if len(filled) < 2 or len(counts) != 1 or counts == {0}:
        return 1
    figures = any(all(FIGURE_LINE.match(t) or not t for t in s.lines) and sum(1 for t in s.lines if t) >= 2
                  for s in filled)
    return counts.pop() if figures else 1


def unstacked(grid: list[list[Slot]]) -> list[list[Slot]]:
    """The grid with each row that stacks printed rows (stacked_rows) as those rows."""
    return unstacked_from(grid)[0]


def unstacked_from(grid: list[list[Slot]]) -> tuple[list[list[Slot]], list[int]]:
    """unstacked, and the row of the given grid each row comes from."""
    counts = [stacked_rows(grid, r) for r in range(len(grid))] if any(s.lines for row in grid for s in row) else []
    if all(k == 1 for k in counts):
        return grid, list(range(len(grid)))
    start = [sum(counts[:r]) for r in range(len(grid))]
    out: list[list[Slot]] = []
    source: list[int] = []
    for r, row in enumerate(grid):
        source.extend([r] * counts[r])
        if counts[r] == 1:
            out.append([Slot(s.text, s.ref, (start[s.origin[0]], s.origin[1]) if s.origin else None, s.paragraphs,
                             s.unread) for s in row])
            continue
        out.extend([Slot(s.lines[i] if s.text else "", s.ref) for s in row] for i in range(counts[r]))
    return out, source


def merged_figures(grid: list[list[Slot]], number: int) -> list[str]:
    """A warning naming the figures in cells merged across columns that other rows print figures
    of their own in, two at least (one row's 120.50 over both 基本支出 and 项目支出): which
    column's it is, or whether it is theirs together, the table does not say. It is read in
    its first column, as before."""
    own: dict[int, int] = {}                  # column → rows with a figure of their own in it
    merged = []
    for r, row in enumerate(grid):
        for c, slot in enumerate(row):
            if slot.origin is not None or not slot.text or not _amount_like(slot.text):
                continue
            own[c] = own.get(c, 0) + 1
            if c + 1 < len(row) and row[c + 1].origin == (r, c):
                merged.append((r, c, span_of(row, r, c)))
    said = [f"第{r + 1}行的“{grid[r][c].text}”合并在第 {c + 1}–{c + span} 列之上" for r, c, span in merged
            if sum(1 for j in range(c, c + span) if own.get(j, 0) > (j == c)) >= 2]
    if not said:
        return []
    return [f"表格{number}中{first_few(said)}，无法确定属于哪一列（或为这几列之和），所跨各列都作为其可能的列，请核对"]


def merged_amounts(row: list[Slot], r: int) -> dict[int, int] | None:
    """The cells of row r whose figure is merged over columns to its right (Line.spans): the
    first column of each, and how many it covers."""
    out = {c: span_of(row, r, c) for c, s in enumerate(row)
           if s.origin is None and s.text and c + 1 < len(row) and row[c + 1].origin == (r, c) and _amount_like(s.text)}
    return out or None


def _amount_like(text: str) -> bool:
    """A figure that is an amount, not a column's number (1 2 3 … under the header)."""
    return FIGURE_LINE.match(text) is not None and ("." in text or len(text) > 2)


def span_of(row: list[Slot], r: int, c: int) -> int:
    """Columns the cell starting at (r, c) covers in row r."""
    n = 1
    while c + n < len(row) and row[c + n].origin == (r, c):
        n += 1
    return n


def text_row(row: list[Slot], r: int) -> Slot | None:
    """The row's one cell when the row is a line of text: a single non-empty cell, starting
    in the table's first column and merged across two or more columns."""
    filled = [c for c, s in enumerate(row) if s.origin is None and (s.text or s.unread)]
    if filled != [0] or span_of(row, r, 0) < 2:
        return None
    return row[0]


def meta_row(row: list[Slot]) -> str | None:
    """编制单位：… and 单位：万元 printed in separate cells of one row: a line of text."""
    texts = [s.text for s in row if s.origin is None and s.text]
    if texts and all(META_CELL.match(t) for t in texts):
        return " ".join(texts)
    return None


def grid_lines(grid: list[list[Slot]], first_no: int, page: int | None = None,
               row_ref=None, text_rule=text_row, rows: list[int] | None = None) -> list[Line]:
    """One Line per non-empty row, numbered from first_no. `row_ref(r)` names row r (Line.ref);
    covered slots read '' and carry the merged cell's ref; `text_rule(row, r)` picks the rows
    that are lines of text (text_row). `rows`, when given, gets each line's grid row (a
    reader that numbers lines by their source rows)."""
    lines: list[Line] = []
    for r, row in enumerate(grid):
        if not any(s.text or s.unread for s in row if s.origin is None):
            continue
        if rows is not None:
            rows.append(r)
        no = first_no + len(lines)
        ref = row_ref(r) if row_ref else None
        single = text_rule(row, r)
        if single is not None:
            for text in single.paragraphs or (single.text,):
                if rows is not None and len(lines) > no - first_no:
                    rows.append(r)
                lines.append(Line(first_no + len(lines), text, page=page, ref=single.ref or ref))
            continue
        meta = meta_row(row)
        if meta is not None:
            lines.append(Line(no, meta, page=page, ref=ref))
            continue
        cells = [("" if s.origin is not None else s.text) for s in row]
        unread = {c: s.unread for c, s in enumerate(row) if s.unread and s.origin is None} or None
        spans = merged_amounts(row, r) if any(s.origin is not None and s.origin[0] == r for s in row) else None
        lines.append(Line(no, "\t".join(cells), cells=cells, page=page, cell_refs=[s.ref for s in row], ref=ref,
                          unread=unread, spans=spans))
    return lines


def trimmed(grid: list[list[Slot]]) -> list[list[Slot]]:
    """Rows from the grid's first used column (merged ranges' origins moved with it), without
    trailing empty cells (a sheet or CSV as wide as a wider table elsewhere in it); a cell whose
    value the file does not hold (Slot.unread) is kept: it is not empty."""
    first = min((next(c for c, s in enumerate(row) if s.text) for row in grid if any(s.text for s in row)),
                default=0)
    out = []
    for row in grid:
        row = [Slot(s.text, s.ref, (s.origin[0], s.origin[1] - first) if s.origin and s.origin[1] >= first else None,
                    s.paragraphs, s.unread, s.lines) for s in row[first:]]
        while row and not row[-1].text and row[-1].origin is None and not row[-1].unread:
            row.pop()
        out.append(row)
    return out


def separate(lines: list[Line]) -> list[Line]:
    """Lines renumbered from 1, with an empty line between two lines of text: in these formats
    a paragraph (or a text row) is never a wrapped part of the next, and an empty line is how
    the text forms say so (a label 表1 and the title below it stay two lines)."""
    out: list[Line] = []
    for line in lines:
        # (the lines OCR read in a picture are printed lines, as a scanned page's: kept together)
        if line.cells is None and out and out[-1].cells is None and out[-1].text and not (line.ocr and out[-1].ocr):
            out.append(Line(0, ""))
        out.append(line)
    for no, line in enumerate(out, start=1):
        line.no = no
    return out


# ---- rows whose cells do not meet at the same edges ----------------------------------------

def column_edges(cells: list[tuple[int, int, object]], filled, widths=None) -> tuple[dict[int, int] | None, object]:
    """The table's columns where its rows' cells do not meet at the same edges (a row edited
    apart from the others, a table converted from RTF: each row's cells span their own runs of
    a finer grid, a spacer grid column only making edges meet). `cells`: (first grid column,
    column after it, the cell) of every cell of every row; `filled(cell)`: it holds text;
    `widths()`: the grid columns' widths where the file gives them (asked only of a table
    whose rows do not meet).

    A run of grid columns between two edges that no cell covers exactly is no column: the
    cells covering it belong to the columns beside it, so its two edges are one. Where two
    such runs side by side would make one cell with text vanish, the narrower run is the
    spacer; runs about as wide leave it undecided: both stay columns.

    Returns the column each grid edge becomes (None: every run is some cell's, the table is
    read by its grid as it is), and for a table undecided somewhere the first cell with text
    that stands over two columns (the runs it stands over are then left as the grid has them)."""
    cuts = sorted({b for s, e, _ in cells for b in (s, e)})
    exact = {(s, e) for s, e, _ in cells}
    loose = [i for i in range(len(cuts) - 1) if (cuts[i], cuts[i + 1]) not in exact]
    if not loose:                     # (every table whose rows are aligned)
        if cuts[-1] - cuts[0] == len(cuts) - 1:
            return None, None
        # a grid column no cell begins or ends at (a column every row merges with the one
        # before it, a cell's width split by Word or a web editor): no column of its own
        return {b: cuts[0] + i for i, b in enumerate(cuts)}, None
    x = _edge_positions(cuts[-1], widths() if widths else None)
    at = {b: i for i, b in enumerate(cuts)}
    texts: dict[tuple[int, int], object] = {}           # (the first cell with text of each run)
    for s, e, cell in cells:
        if (at[s], at[e]) not in texts and filled(cell):
            texts[at[s], at[e]] = cell
    order = sorted(loose, key=lambda i: (x[cuts[i + 1]] - x[cuts[i]], i))
    parent, undecided = _joined_edges(order, cuts, x, texts, set())
    if undecided:
        # the runs about as wide that one cell cannot lose both of stay columns, as the grid
        # has them (which is the spacer is not known); the others are decided all the same
        parent, _ = _joined_edges(order, cuts, x, texts, undecided[1])
    out, column = {}, cuts[0]
    for i, b in enumerate(cuts):
        if i and _root(parent, i) != _root(parent, i - 1):
            column += 1
        out[b] = column
    return out, undecided[0] if undecided else None


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        i = parent[i]
    return i


def _joined_edges(order: list[int], cuts: list[int], x: list[float], texts: dict, kept: set[int]
                  ) -> tuple[list[int], tuple[object, set[int]] | None]:
    """column_edges' runs made one edge, narrowest first (`kept`: runs left columns): the
    edges' groups (union-find parents), and where two runs about as wide would each do, the
    first cell standing over them with every such run."""
    parent = list(range(len(cuts)))
    merged: list[tuple[int, float]] = []          # (run, width) of the runs made one edge
    undecided = None
    for i in order:
        if i in kept:
            continue
        a, b = _root(parent, i), _root(parent, i + 1)
        width = x[cuts[i + 1]] - x[cuts[i]]
        blocker = next(((s, e) for s, e in texts if {_root(parent, s), _root(parent, e)} == {a, b}), None)
        if blocker is None:
            parent[b] = a
            merged.append((i, width))
            continue
        # the cell would vanish: a run of it already made an edge is the spacer if clearly
        # narrower than this one; about as wide, which is the column is not known, where a
        # text begins at an edge inside the cell (else every text stands where it stood
        # either way: a row ending inside the cell, gridAfter)
        alike = {j for j, w in merged if blocker[0] <= j < blocker[1] and w * 1.5 >= width}
        if alike and any(blocker[0] < s < blocker[1] for s, _ in texts):
            cell = undecided[0] if undecided else texts[blocker]
            undecided = (cell, (undecided[1] if undecided else set()) | alike | {i})
    return parent, undecided


def _edge_positions(last: int, widths: list[float] | None) -> list[float]:
    """Where each grid edge 0..last lies: by the columns' widths, where the file gives all of
    them, else one unit a column."""
    if not widths or len(widths) < last or any(w is None or w < 0 for w in widths[:last]):
        widths = [1.0] * last
    x = [0.0]
    for w in widths[:last]:
        x.append(x[-1] + w)
    return x


def edge_of(edges: dict[int, int], b: int) -> int:
    """The column grid edge b becomes (column_edges); an edge no cell has (a row of gridBefore
    only) as the nearest one before it, edges before the first as they are."""
    if b in edges:
        return edges[b]
    before = [k for k in edges if k <= b]
    return edges[max(before)] if before else b


def span_grid(rows: list[list[tuple[str, int, int]]], ref_of, notes: list[tuple[int, str]] | None = None,
              widths=None) -> list[list[Slot]]:
    """HTML-style rows of (text, colspan, rowspan[, lines]) → a grid, each cell placed in the first
    column its row leaves free (cells spanning down from rows above take theirs);
    ref_of(row, column) names a cell. Rows are padded to the widest. Rows whose cells span their
    own runs of columns are read by the columns their cells make (column_edges, the cells'
    widths where the page prints them telling a spacer: `widths()`, each row's cells'); where
    that stays undecided, `notes` gets (row, text) of the cell standing over two columns."""
    spans = sum(colspan * max(1, min(rowspan, len(rows) - r)) for r, cells in enumerate(rows)
                for _, colspan, rowspan, *_ in cells)
    if spans > MAX_SLOTS:
        raise ReadError(f"表格合并单元格后超过 {MAX_SLOTS} 个单元格，不是预算表，已拒绝读取")
    placed = _placed(rows)
    edges, undecided = column_edges([(c, c + colspan, (r, text)) for r, c, colspan, _, text, _ in placed],
                                    lambda cell: bool(cell[1].strip()),
                                    lambda: column_widths(placed, widths()) if widths else None)
    if undecided is not None and notes is not None:
        notes.append(undecided)
    grid: list[list[Slot | None]] = [[] for _ in rows]
    for r, c, colspan, rowspan, text, lines in placed:
        ref = ref_of(r, c)
        if edges is not None:
            c, colspan = edge_of(edges, c), edge_of(edges, c + colspan) - edge_of(edges, c)
            if colspan <= 0:
                continue                  # a spacer's own cell (empty: column_edges)
        for dr in range(rowspan):
            line = grid[r + dr]
            if len(line) < c + colspan:
                line.extend([None] * (c + colspan - len(line)))
            for dc in range(colspan):
                if line[c + dc] is None:
                    line[c + dc] = Slot(text, ref, lines=lines[0] if lines and rowspan == colspan == 1 else None) \
                        if (dr, dc) == (0, 0) else Slot("", ref, (r, c))
    out = [[s if s is not None else Slot("", ref_of(r, c)) for c, s in enumerate(row)] for r, row in enumerate(grid)]
    pad(out, ref_of)
    return out


def column_widths(placed: list[tuple], widths: list[list[float | None]]) -> list[float] | None:
    """measured_widths of HTML-style cells. `placed`: _placed's cells; `widths`: each row's
    cells' widths (td width)."""
    counts = [0] * len(widths)
    cells = []
    for r, c, colspan, *_ in placed:           # (placed in row order, each row's cells in order)
        k = counts[r]
        counts[r] += 1
        cells.append((c, c + colspan, widths[r][k] if k < len(widths[r]) else None))
    return measured_widths(cells)


def measured_widths(cells: list[tuple[int, int, float | None]]) -> list[float] | None:
    """The grid columns' widths as the cells' own widths tell them (HTML td width, Word's
    tcW): a run of columns between cell edges is as wide as the cells right over it, or as
    what a wider cell's width leaves of the other runs it covers (a spacer: about nothing),
    the smallest reading of each; None where a run stays unknown. `cells`: (first column,
    column after it, width or None)."""
    measured = [(s, e, w) for s, e, w in cells if w is not None]
    cuts = sorted({b for s, e, _ in cells for b in (s, e)})
    at = {b: i for i, b in enumerate(cuts)}
    runs: list[float | None] = [None] * (len(cuts) - 1)
    cells = [(at[s], at[e], w) for s, e, w in measured]
    for _ in range(len(runs)):                # (each pass learns a run at least, or stops)
        learned: dict[int, list[float]] = {}
        for a, b, w in cells:
            unknown = [i for i in range(a, b) if runs[i] is None]
            if len(unknown) == 1:
                learned.setdefault(unknown[0], []).append(max(0.0, w - sum(runs[i] or 0.0 for i in range(a, b))))
        if not learned:
            break
        for i, found in learned.items():
            runs[i] = min(found)     # (a wider cell's width counts the padding of the cells it spans too)
    if any(w is None for w in runs):
        return None
    # each run once more by every cell over it (a run learned from one wide cell first, its
    # padding counted in, and a spacer by a cell learned the pass after)
    runs = [min([w] + [max(0.0, cw - sum(runs[j] for j in range(a, b) if j != i)) for a, b, cw in cells if a <= i < b])
            for i, w in enumerate(runs)]
    out = [0.0] * cuts[0]
    for i, w in enumerate(runs):
        out.extend([w / (cuts[i + 1] - cuts[i])] * (cuts[i + 1] - cuts[i]))
    return out


def _placed(rows: list[list[tuple[str, int, int]]]) -> list[tuple[int, int, int, int, str, list]]:
    """Each cell of HTML-style rows with its place: (row, column, colspan, rowspan, text, lines),
    in the first column its row leaves free."""
    taken: list[list[bool]] = [[] for _ in rows]
    out = []
    for r, cells in enumerate(rows):
        c = 0
        for text, colspan, rowspan, *lines in cells:
            while c < len(taken[r]) and taken[r][c]:
                c += 1
            rowspan = max(1, min(rowspan, len(rows) - r))
            for dr in range(rowspan):
                line = taken[r + dr]
                if len(line) < c + colspan:
                    line.extend([False] * (c + colspan - len(line)))
                line[c:c + colspan] = [True] * colspan
            out.append((r, c, colspan, rowspan, text, lines))
            c += colspan
    return out


def misaligned_note(number: int, r: int, text: str, how: str) -> str:
    """The warning for a table whose cells' edges leave a cell's column undecided (column_edges)."""
    return (f"表格{number}各行单元格的边界不对齐：第{r + 1}行的“{text[:20]}”跨在表头的两列之下，无法确定属于哪一列，"
            f"{how}读取，请核对该表各列的金额")


# ---- ZIP-based files (DOCX, XLSX) ----------------------------------------------------------

def open_zip(path: str, data: bytes, kind: str) -> zipfile.ZipFile:
    """The package, refused before anything is unpacked when it declares more than
    MAX_UNZIPPED bytes or MAX_ENTRIES parts (a ZIP bomb), or when it is cut short."""
    name = Path(path).name
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(f"{name} 不是完整的 {kind} 文件（文件已损坏或不完整：{exc}）") from None
    if len(infos) > MAX_ENTRIES:
        raise ReadError(f"{name} 含 {len(infos)} 个部件，超过上限 {MAX_ENTRIES}，疑为恶意压缩文件，已拒绝读取")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED:
        raise ReadError(f"{name} 解压后达 {total // 1024 // 1024} MB，超过上限 {MAX_UNZIPPED // 1024 // 1024} MB，"
                        "疑为恶意压缩文件（ZIP 炸弹），已拒绝读取")
    return package


def verify_parts(path: str, package: zipfile.ZipFile, kind: str) -> None:
    """Unpack the XML parts once (bounded by their declared sizes, CRC checked): a corrupt
    or lying part fails here with a clear message, not inside a parser."""
    name = Path(path).name
    for info in package.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue                      # images and other media are never parsed
        try:
            with package.open(info) as part:
                while part.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            reason = "已加密" if isinstance(exc, RuntimeError) else f"部件 {info.filename} 已损坏：{exc}"
            raise ReadError(f"{name} 无法读取（{reason}）") from None
