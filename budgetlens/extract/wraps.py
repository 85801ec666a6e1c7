"""Layout text of a project table with several label columns side by side (科目编码 | 科目名称 |
项目单位 | 项目名称 | 项目类型): each label word goes to the column whose header it stands
under, and a name wrapped inside its cell joins its own row.

pdftotext prints each line of a wrapped cell on a line of its own. Word, WPS and the HTML
printers centre a cell's lines on its row (vertically centred cells): the line with the row's
code and amounts (its anchor) holds the middle line of a cell of an odd number of lines, and
as many lines of the cell stand above the anchor as below it. So, between two anchors, each
column's lines are first the tail of the row above (as many as it printed above its anchor),
then the head of the row below; the rows of a table aligned to the top print a cell's first
line on the anchor and the rest below it. The table's lines tell which: a reading that does
not fit every row is not taken, and where both fit and read differently, the classification's
names decide or nothing is joined. Words a single space apart that stand under two headers
(pdftotext closes up a cell its text fills) are cut apart. pdftotext sets each line on its
own, so a header line closed up may stand left of its columns' words: where a page's lines
print a run of words in every label column, the page's own columns place its words.

The label columns the model has no place for (项目单位, 项目类型: rows.OTHER_LABELS) are left
out, and a row's cells are given as the model reads them: code, name, project.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ..readers import Line
from ..templates import TableSpec
from ..text import no_space
from .geometry import LABEL_KEYS, known_headers
from .geometry import heading_key as key
from .rows import OTHER_LABELS

TOKEN = re.compile(r"\S+")
# the label headers of a project table (rows.label_role), for joining them where they wrap
LABEL_HEADERS = ["科目编码", "功能分类科目编码", "科目名称", "功能分类科目名称", "项目名称", *OTHER_LABELS]
HEADER_SLACK = 1          # a label word starts at least this far left of the next column's header end


@dataclass
class LabelColumn:
    x0: float
    x1: float
    role: str                  # code, name, project or other (rows.label_role)


@dataclass
class LabelHeader:
    code: LabelColumn | None           # the code's column (类 款 项 together)
    texts: list[LabelColumn]           # the columns of words, left to right
    end: int                           # the header's last row
    from_rows: bool = False            # the columns where the rows print them (rows_label_columns)


@dataclass
class Labelled:
    """A table line as label columns read it."""
    row: int                   # index into the table's rows
    page: int
    kind: str                  # anchor (a row's code or amounts), piece (label words alone), other
    code: str = ""
    lead: str = ""             # words in the code column that are no code (合计 over both columns)
    texts: dict[int, str] = field(default_factory=dict)   # text column → its words on this line


def joined_label_columns(rows: list, spec: TableSpec, wide: bool) -> tuple[list, list[int]] | None:
    """The table's (line, cells) with each row's label cells read by the columns the header
    names and wrapped names joined to their rows (module doc), and the lines of words alone
    left unjoined (no reading fits the table); None where the table is not a project table
    with two label columns of words or more."""
    if spec.rows != "function_project":
        return None
    header = label_columns(rows, spec, wide)
    if header is None:
        return None
    code, texts = header.code, header.texts
    limits = label_limits(rows)
    lines = labelled(rows, header, limits, spec, wide)
    joins = wraps_read(lines, texts)
    out = list(rows)
    for ln in lines:
        if ln.kind == "piece" and ln.row in joins.consumed:
            out[ln.row] = (rows[ln.row][0], [])
        elif ln.kind == "anchor":
            above, below = joins.above.get(ln.row, {}), joins.below.get(ln.row, {})
            words = ["".join([*above.get(j, []), ln.texts.get(j, ""), *below.get(j, [])]) for j in range(len(texts))]
            limit = limits.get(ln.page, float("inf"))
            kept = [c for c in rows[ln.row][1] if c.x0 >= limit]
            out[ln.row] = (rows[ln.row][0], row_labels(ln, words, code, texts) + kept)
    return out, [rows[ln.row][0].no for ln in lines if ln.kind == "piece" and ln.row not in joins.consumed]


def row_labels(ln: Labelled, words: list[str], code: LabelColumn | None, texts: list[LabelColumn]) -> list:
    """A row's label cells as the model reads them (code and name, project), each boxed under
    its header; the columns it has no place for left out."""
    from .layout import Cell

    name = next((j for j, c in enumerate(texts) if c.role == "name"), None)
    cells = []
    head = " ".join(w for w in (ln.code, ln.lead, words[name] if name is not None else "") if w)
    if name is not None and head:
        cells.append(Cell(head, texts[name].x0, texts[name].x1))   # (rows._label_row cuts the code off)
    elif head:
        box = code or texts[0]
        cells.append(Cell(head, box.x0, box.x1))
    return cells + [Cell(words[j], c.x0, c.x1) for j, c in enumerate(texts) if c.role == "project" and words[j]]


def label_columns(rows: list, spec: TableSpec, wide: bool = False) -> LabelHeader | None:
    """The code column and the label columns of words (left to right) the header names above
    the first amount; None unless two of words or more and one of them the project's (one
    column of words is split_lines'), or where a header over the labels names no column."""
    from .layout import wrapped_headers
    from .rows import label_role

    first = first_amount(rows)
    limit = label_limits(rows).get(rows[first][0].page, float("inf")) if first < len(rows) else float("inf")
    known = known_headers(spec)
    amount_headers = known - LABEL_KEYS
    # each header word on its own (pdftotext closes up headers of narrow columns to a space:
    # "款 项 称", the 称 of 功能分类科目名 / 称), and a header wrapped over two lines (项目类 / 型) one
    head = [(ln, [x for c in cells for x in header_words(c)]) for ln, cells in rows[:first]]
    wrapped = wrapped_headers(head, 0, first, known | {key(h) for h in LABEL_HEADERS})
    parts = {id(part) for *_, whole_parts in wrapped for part in whole_parts}
    cells = [(r, c) for r in range(first) for c in head[r][1] if id(c) not in parts] + \
        [(r, whole) for r, _, whole, _ in wrapped]
    found = [(r, c, label_role(no_space(c.text))) for r, c in cells if c.x1 <= limit]
    heading = {r for r, _, role in found if role}          # the lines naming label columns
    # (an amount column's header may stand left of its amounts)
    found = [(r, c, role) for r, c, role in found if r in heading and (role or key(c.text) not in amount_headers)]
    # a header over others (科目 over 科目编码 and 科目名称) is a group, not a column
    found = [(r, c, role) for r, c, role in found
             if not any(s > r and d.x0 < c.x1 and c.x0 < d.x1 for s, d, _ in found)]
    if not found or any(role is None for *_, role in found):
        return None                  # a label column this reading does not know (单位名称 …)
    codes = [c for _, c, role in found if role == "code"]
    texts = sorted((LabelColumn(c.x0, c.x1, role) for _, c, role in found if role != "code"), key=lambda c: c.x0)
    by_rows = rows_label_columns(rows, first, limit, wide) if len(found) == 1 and texts[0].role == "project" else None
    texts = by_rows or texts
    if len(texts) < 2 or not any(c.role == "project" for c in texts):
        return None
    code = LabelColumn(min(c.x0 for c in codes), max(c.x1 for c in codes), "code") if codes else None
    # the header ends on its last line printing a header's words (or a part of one) or words
    # over the amounts: a name's head below it is the first row's
    end = max(r for r in range(first) if any(c.x1 > limit or id(c) in parts or key(c.text) in known
                                             or label_role(no_space(c.text)) for c in head[r][1]))
    return LabelHeader(code, texts, end, by_rows is not None)


def rows_label_columns(rows: list, first: int, limit: float, wide: bool) -> list[LabelColumn] | None:
    """The name and project columns where one header (项目) stands over every label column:
    the rows' own lines print them, a run of words in each, set apart by two spaces or more
    at the same place (pdftotext sets a cell's lines flush left in its column). None unless
    two lines at least print two runs of words, the second starting at one place."""
    seconds: list[float] = []
    for ln, cells in rows[first:]:
        words = label_words(ln, wide, label_limits([(ln, cells)]).get(ln.page, limit), None)[2]
        runs = run_starts(words, wide)
        if len(runs) == 2 and all(not w[:1].isdigit() for _, w in words):
            seconds.append(runs[1])
    if len(seconds) < 2 or max(seconds) - min(seconds) > 1:
        return None
    start = statistics.median(seconds)
    return [LabelColumn(0, start, "name"), LabelColumn(start, limit, "project")]


def header_words(c) -> list:
    """A header cell, or its words a space apart, each at its own columns ("类 款 项"; "款 项
    称", where 称 ends a header wrapped above it), unless the words together head one label
    column ("科目 名称")."""
    from .layout import Cell
    from .rows import label_role

    words = c.text.split(" ")
    if len(words) < 2 or label_role(no_space(c.text)):
        return [c]
    scale = (c.x1 - c.x0) / len(c.text)          # (a CJK character two columns in a GBK export)
    out, at = [], 0
    for word in words:
        out.append(Cell(word, c.x0 + at * scale, c.x0 + (at + len(word)) * scale))
        at += len(word) + 1
    return out


def label_limits(rows: list) -> dict[int, float]:
    """Where the amounts of each page start (label words stand left of it)."""
    out: dict[int, float] = {}
    for ln, cells in rows:
        for c in amounts_of(cells):
            out[ln.page] = min(out.get(ln.page, c.x0), c.x0)
    return out


def amounts_of(cells: list) -> list:
    """A line's amounts: figures with decimals or thousands separators, or two figures or
    more (not a code standing alone, a page's number, a row's number)."""
    from .layout import priced

    found = [c for c in cells if priced(c)]
    return [c for c in found if len(found) > 1 or "." in c.text or "," in c.text]


def labelled(rows: list, header: LabelHeader, limits: dict[int, float], spec: TableSpec,
             wide: bool) -> list[Labelled]:
    """Each line of the table below its header, as label columns read it."""
    from .rows import NOT_A_NAME, is_number_row, label_role

    known = known_headers(spec)
    out: list[Labelled] = []
    begun: set[int] = set()              # the pages whose rows have begun
    for r, (ln, cells) in enumerate(rows):
        if r <= header.end or not cells:
            continue
        item = line_labels(r, ln, wide, limits.get(ln.page, float("inf")), header.code, header.texts)
        amounts = amounts_of(cells)
        # a page's lines above its first row may repeat the header (a name's words below it
        # may be 项目 or 合计 too)
        top = ln.page not in begun
        if is_number_row([c.text for c in cells]) or NOT_A_NAME.search(ln.text.strip()):
            item.kind = "other"          # the columns' numbering, a note under the table
        elif item.code or amounts:
            item.kind = "anchor"
        elif any(c.amount for c in cells) or item.lead or \
                (top and any(key(c.text) in known or label_role(no_space(c.text)) for c in cells)):
            item.kind = "other"          # a page's number, words left of the columns, a header
        elif item.texts:
            item.kind = "piece"
        if item.kind == "anchor":
            begun.add(ln.page)
        out.append(item)
    # (columns the rows print start where their words do: no header's place to correct)
    by_page = page_columns(rows, out, header, limits, wide) if not header.from_rows else {}
    for item in out:
        if item.page in by_page:
            ln = rows[item.row][0]
            item.texts = line_labels(item.row, ln, wide, limits.get(ln.page, float("inf")), header.code,
                                     header.texts, by_page[item.page]).texts
    return out


def line_labels(r: int, ln: Line, wide: bool, limit: float, code: LabelColumn | None,
                texts: list[LabelColumn], bounds: list[float] | None = None) -> Labelled:
    """A line's code (its leading code parts) and label words, each word in its column
    (column_at)."""
    parts, lead, words = label_words(ln, wide, limit, code)
    item = Labelled(r, ln.page, "other")
    item.code = " ".join([parts[0]] + [p.zfill(2) for p in parts[1:]]) if parts else ""
    item.lead = " ".join(lead)
    for x, word in words:
        j = column_at(x, texts, bounds)
        item.texts[j] = f"{item.texts[j]} {word}" if j in item.texts else word
    return item


def label_words(ln: Line, wide: bool, limit: float, code: LabelColumn | None) -> tuple[list, list, list]:
    """A line's leading code parts, the words in the code column that are no code (合计 over
    both columns), and the label words after them, each with the column it starts at."""
    from .layout import is_code_part

    words = line_words(ln, wide, limit)
    parts: list[str] = []
    end = None                        # where the part before ends
    while words and is_code_part(words[0][1], parts, end is not None and words[0][0] - end <= 1):
        x, part = words.pop(0)
        parts.append(part)
        end = x + len(part)
    lead = [w for x, w in words if code is not None and not parts and x < code.x1 - HEADER_SLACK]
    return parts, lead, words[len(lead):]


def column_at(x: float, texts: list[LabelColumn], bounds: list[float] | None) -> int:
    """The label column of words a word starting at x is in: between the bounds of its page's
    own columns where its lines show them (page_columns), else the first column whose
    header's end it starts left of (the last column's when right of every header)."""
    if bounds is not None:
        return sum(x >= b for b in bounds)
    return next((j for j, c in enumerate(texts) if x < c.x1 - HEADER_SLACK), len(texts) - 1)


def page_columns(rows: list, lines: list[Labelled], header: LabelHeader, limits: dict[int, float],
                 wide: bool) -> dict[int, list[float]]:
    """Where each page's label columns of words part (the bounds between them), as the page's
    rows print them: pdftotext sets each line on its own, and a header line closed up (科目编码
    科目名称 a space apart) may stand columns left of its column's words, so that a name's
    words start right of its header's end. Lines printing a run of words (a run of spaces
    between runs) in every column show where each column starts: the bounds lie midway
    between the columns' starts (their medians over the page). None for a page no such line
    shows, or whose starts do not run left to right."""
    starts: dict[int, list[list[float]]] = {}
    for item in lines:
        if item.kind not in ("anchor", "piece"):
            continue
        ln = rows[item.row][0]
        runs = run_starts(label_words(ln, wide, limits.get(ln.page, float("inf")), header.code)[2], wide)
        if len(runs) == len(header.texts):
            starts.setdefault(item.page, []).append(runs)
    out = {}
    for page, found in starts.items():
        middle = [statistics.median(xs) for xs in zip(*found)]
        if all(b - a >= 2 for a, b in zip(middle, middle[1:])):
            out[page] = [(a + b) / 2 for a, b in zip(middle, middle[1:])]
    return out


def run_starts(words: list[tuple[float, str]], wide: bool) -> list[float]:
    """Where the runs of words start (words a space apart are one run; two spaces part runs)."""
    from .layout import columns

    out: list[float] = []
    end = None
    for x, word in words:
        if end is None or x - end >= 2:
            out.append(x)
        end = x + (columns(word)[-1] if wide else len(word))
    return out


def first_amount(rows: list) -> int:
    return next((r for r, (_, cells) in enumerate(rows) if any(c.amount for c in cells)), len(rows))


def line_words(ln: Line, wide: bool, limit: float) -> list[tuple[float, str]]:
    """The words of a line left of its page's amounts, with the column each starts at."""
    from .layout import columns

    text = ln.text.replace("\f", "")
    at = columns(text) if wide else None
    out = []
    for m in TOKEN.finditer(text):
        x = at[m.start()] if at else m.start()
        if x >= limit:
            break
        out.append((x, m.group()))
    return out


@dataclass
class Joins:
    above: dict[int, dict[int, list[str]]] = field(default_factory=dict)   # anchor row → column → lines
    below: dict[int, dict[int, list[str]]] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)                         # piece rows joined


def wraps_read(lines: list[Labelled], texts: list[LabelColumn]) -> Joins:
    """The joins the lines fit: centred, or aligned to the top; where both fit and differ, the
    one whose names the classification gives more often; else none."""
    runs = split_runs(lines)
    centred = [read_centred(run) for run in runs]
    top = [read_top(run) for run in runs]
    for n in carried_tails(runs, centred, top):
        for read, got in ((read_centred, centred), (read_top, top)):
            before, rest = read(runs[n - 1] + runs[n][:carried(runs[n])]), read(runs[n][carried(runs[n]):])
            if got[n - 1] is not None and before is not None and rest is not None:
                got[n - 1], got[n] = before, rest
    fits_centred, fits_top = None not in centred, None not in top
    if fits_centred and fits_top and centred != top:
        better = official_names(lines, texts, centred) - official_names(lines, texts, top)
        fits_centred, fits_top = better > 0, better < 0
    chosen = centred if fits_centred else top if fits_top else []
    out = Joins()
    for run_joins in chosen:
        for anchor, (above, below) in run_joins.items():
            out.above[anchor] = {c: [t for _, t in pieces] for c, pieces in above.items()}
            out.below[anchor] = {c: [t for _, t in pieces] for c, pieces in below.items()}
            out.consumed |= {r for side in (above, below) for pieces in side.values() for r, _ in pieces}
    return out


def carried_tails(runs: list[list[Labelled]], centred: list, top: list) -> list[int]:
    """The runs opening a page with words above its first row that neither way of reading takes
    (no cell of the page's first row has them): they are the tail of the page before's last
    row, which the page broke (a project's name, which no classification confirms), read with
    that row where its cells take them so."""
    return [n for n, run in enumerate(runs) if n and centred[n] is None and top[n] is None
            and carried(run) and run[0].page == runs[n - 1][-1].page + 1]


def carried(run: list[Labelled]) -> int:
    """How many lines of words open the run, above its first row."""
    return next((k for k, ln in enumerate(run) if ln.kind != "piece"), 0)


def split_runs(lines: list[Labelled]) -> list[list[Labelled]]:
    """The lines between other lines (headers repeated, notes, numbering) and page breaks."""
    out: list[list[Labelled]] = [[]]
    for ln in lines:
        if ln.kind == "other" or (out[-1] and ln.page != out[-1][-1].page):
            out.append([])
        if ln.kind != "other":
            out[-1].append(ln)
    return [run for run in out if any(ln.kind == "anchor" for ln in run)]


Pieces = dict[int, list[tuple[int, str]]]          # column → (row, text) top to bottom


def pieces_of(lines: list[Labelled]) -> Pieces:
    out: Pieces = {}
    for ln in lines:
        for c, text in sorted(ln.texts.items()):
            out.setdefault(c, []).append((ln.row, text))
    return out


def read_centred(run: list[Labelled]) -> dict[int, tuple[Pieces, Pieces]] | None:
    """Each anchor's lines above and below, read as centred cells (None: the run does not fit:
    a column prints fewer lines below a row than above it, or the rows' lines interleave)."""
    anchors = [k for k, ln in enumerate(run) if ln.kind == "anchor"]
    out = {run[k].row: (pieces_of(run[:k]) if n == 0 else {}, {}) for n, k in enumerate(anchors)}
    for n, k in enumerate(anchors):
        last = n + 1 == len(anchors)
        gap = pieces_of(run[k + 1:anchors[n + 1]] if not last else run[k + 1:])
        above = out[run[k].row][0]
        tails, heads = {}, {}
        for c in set(gap) | set(above):
            t, got = len(above.get(c, [])), gap.get(c, [])
            if len(got) < t or (last and len(got) != t):
                return None
            tails[c], heads[c] = got[:t], got[t:]
        tail_rows = [r for ps in tails.values() for r, _ in ps]
        head_rows = [r for ps in heads.values() for r, _ in ps]
        if tail_rows and head_rows and max(tail_rows) >= min(head_rows):
            return None
        out[run[k].row] = (above, {c: ps for c, ps in tails.items() if ps})
        if not last:
            out[run[anchors[n + 1]].row] = ({c: ps for c, ps in heads.items() if ps}, {})
    return out


def read_top(run: list[Labelled]) -> dict[int, tuple[Pieces, Pieces]] | None:
    """Each anchor's lines below it, read as cells aligned to the top (None: lines above the
    first row, or below a row in a column where the row's own line prints nothing)."""
    anchors = [k for k, ln in enumerate(run) if ln.kind == "anchor"]
    if anchors[0] > 0:
        return None
    out = {}
    for n, k in enumerate(anchors):
        gap = pieces_of(run[k + 1:anchors[n + 1]] if n + 1 < len(anchors) else run[k + 1:])
        if any(c not in run[k].texts for c in gap):
            return None
        out[run[k].row] = ({}, gap)
    return out


def official_names(lines: list[Labelled], texts: list[LabelColumn], runs: list) -> int:
    """How many rows the joins give their code's name as the classification does."""
    from .rows import is_official_name

    name = next((j for j, c in enumerate(texts) if c.role == "name"), None)
    if name is None:
        return 0
    by_row = {ln.row: ln for ln in lines}
    count = 0
    for joins in runs:
        for row, (above, below) in joins.items():
            ln = by_row[row]
            words = "".join([*(t for _, t in above.get(name, [])), ln.texts.get(name, ""),
                             *(t for _, t in below.get(name, []))])
            count += bool(ln.code) and is_official_name(no_space(ln.code), words, ("function",))
    return count


def joined_label_table(rows: list, spec: TableSpec, wide: bool) -> tuple[list, list[int]] | None:
    """A table of rows named by several label columns of words (政府采购: 采购品目大类 | 专项名称 |
    经济科目 | 采购物品名称 | 采购组织形式) whose cells wrap: the rows' (line, cells) with each
    row's words joined column by column, read as centred or top-aligned cells (module doc),
    and the lines of words left alone. The columns are where a page's runs of words start
    (pdftotext sets a cell's lines flush left at its column's place; each page on its own).
    None where the table is no such table, has no line of words alone, or no reading fits."""
    from .layout import ITEM_START, Cell
    from .rows import NOT_A_NAME

    if spec.rows != "label" or spec.layout == "side_by_side":
        return None
    first = first_amount(rows)
    limits = label_limits(rows)
    found: list[tuple[Labelled, list[tuple[float, str]]]] = []
    for r, (ln, cells) in enumerate(rows[first:], first):
        runs = word_runs(line_words(ln, wide, limits.get(ln.page, float("inf"))), wide) if cells else []
        item = Labelled(r, ln.page, "other")
        if amounts_of(cells):
            item.kind = "anchor"
        elif runs and not any(c.amount for c in cells) and not NOT_A_NAME.search(ln.text.strip()) \
                and not any(ITEM_START.match(text) for _, text in runs):
            item.kind = "piece"          # (一、货物 or 其中： alone is an item of its own, no cell's line)
        found.append((item, runs))
    if not any(item.kind == "piece" for item, _ in found):
        return None
    starts = page_starts([(item.page, runs) for item, runs in found if item.kind != "other"])
    for item, runs in found:
        if item.kind != "other":
            item.texts = {starts[item.page].index(run_at(x, starts[item.page])): text for x, text in runs}
    lines = [item for item, _ in found]
    joins = runs_read(lines)
    if not joins.consumed:
        return None
    out = list(rows)
    for item in lines:
        if item.kind == "piece" and item.row in joins.consumed:
            out[item.row] = (rows[item.row][0], [])
        elif item.kind == "anchor":
            above, below = joins.above.get(item.row, {}), joins.below.get(item.row, {})
            columns = sorted(set(item.texts) | set(above) | set(below))
            limit = limits.get(item.page, float("inf"))
            at = starts[item.page]
            labels = [Cell("".join([*above.get(j, []), item.texts.get(j, ""), *below.get(j, [])]), at[j], at[j] + 1)
                      for j in columns]
            out[item.row] = (rows[item.row][0], labels + [c for c in rows[item.row][1] if c.x0 >= limit])
    return out, [rows[item.row][0].no for item in lines if item.kind == "piece" and item.row not in joins.consumed]


def runs_read(lines: list[Labelled]) -> Joins:
    """The joins of a table no classification names: the way of reading (centred or aligned to
    the top) that more of its runs fit, taken in each run it fits and the other does not read
    otherwise; the lines of a run that fits neither are left alone (pdftotext may set one
    line of a cell with the next row's)."""
    runs = split_runs(lines)
    centred = [read_centred(run) for run in runs]
    top = [read_top(run) for run in runs]
    fits = sum(r is not None for r in centred) >= sum(r is not None for r in top)
    chosen, other = (centred, top) if fits else (top, centred)
    out = Joins()
    for run_joins, alternative in zip(chosen, other):
        if run_joins is None or (alternative is not None and alternative != run_joins):
            continue
        for anchor, (above, below) in run_joins.items():
            out.above[anchor] = {c: [t for _, t in pieces] for c, pieces in above.items()}
            out.below[anchor] = {c: [t for _, t in pieces] for c, pieces in below.items()}
            out.consumed |= {r for side in (above, below) for pieces in side.values() for r, _ in pieces}
    return out


def word_runs(words: list[tuple[float, str]], wide: bool) -> list[tuple[float, str]]:
    """A line's runs of words (words a space apart are one run; two spaces part runs), each
    with where it starts."""
    from .layout import columns

    out: list[tuple[float, str]] = []
    end = None
    for x, word in words:
        if end is None or x - end >= 2:
            out.append((x, word))
        else:
            out[-1] = (out[-1][0], f"{out[-1][1]} {word}")
        end = x + (columns(word)[-1] if wide else len(word))
    return out


def page_starts(lines: list[tuple[int, list[tuple[float, str]]]]) -> dict[int, list[float]]:
    """Each page's label columns: the places its runs of words start at, those a column apart
    or less taken as one."""
    xs: dict[int, set[float]] = {}
    for page, runs in lines:
        xs.setdefault(page, set()).update(x for x, _ in runs)
    out: dict[int, list[float]] = {}
    for page, found in xs.items():
        merged: list[float] = []
        for x in sorted(found):
            if not merged or x - merged[-1] > 1:
                merged.append(x)
        out[page] = merged
    return out


def run_at(x: float, starts: list[float]) -> float:
    """The column start a run starting at x belongs to (the last start at or left of it)."""
    return max(s for s in starts if s <= x + 1) if any(s <= x + 1 for s in starts) else starts[0]
