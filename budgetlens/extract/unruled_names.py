"""Names wrapped inside their cells in a table printed without rules whose rows carry no code
(三公 items, 收支总表 labels, project and purchase names), read by the words' places.

A row's name may wrap over lines of its cell while its amounts stand on one line only: the
first (cells aligned to the top, Word's default), the last (aligned to the bottom) or the middle
one (centred; with an even count the amounts stand half a line off the name's lines). Each
line of words alone then belongs to the row of a line with amounts, above or below it.

Geometry decides first: where rows stand further apart than a cell's lines (a cell's padding),
each run of lines set close together is one row. Where they do not (Word puts no space between
rows), the lines are read as each alignment would set them, and the reading that places the
most lines is taken; the alignment the padded rows show, or a row's amounts half a line off its
name's lines (centred), fixes it. Within a reading a line joins a name only where the lines
could be one cell's: each but the last fills the cell (a line wraps only where the next
character does not fit, bar a bracket kept with its word), no gap of half a line between them
beyond the page's leading (a line the other cells took), none but the first numbered (一、 1. （1） open a name), and,
where the template names the rows, no two parts each a name it knows (结转下年 over 支出总计).
The lines no reading takes are rows of their own (a row without amounts); where two readings
place as many lines differently, the lines are kept as printed and said (name-unjoined): a
name glued to the wrong row would give its amounts to another item."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from ..readers import Line
from ..readers.pdf import ITEM_START
from ..templates import matches_any
from .unruled import ALIGN, Body

ROW_NUMBER = re.compile(r"\d{1,3}")
CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")   # a function or economic code (201, 20103, 2010301)
SLACK = 0.1      # of a line's height: two gaps this close are the same spacing (boxes are exact here)
EDGE = 0.5       # points: a cell's edge a centred header word shows is this exact (a glyph's bearing)


class Info:
    """A body line: its name words (word, box) and whether it prints amounts."""

    def __init__(self, ln: Line, tokens: list[str]):
        from .rows import _line_slots

        slots = _line_slots(tokens, ln.no)
        self.amounts = bool(slots)
        n = len(tokens) - len(slots)
        boxes = ln.word_boxes if ln.word_boxes is not None and len(ln.word_boxes) == len(tokens) else None
        self.words = list(zip(tokens[:n], boxes[:n])) if boxes else []
        self.boxed = boxes is not None and ln.bbox is not None
        self.text = "".join(tokens[:n])
        # the words open with a code of the classifications: a row's own line, never the rest
        # or the head of another row's name
        self.coded = len(self.words) > 1 and CODE.fullmatch(self.words[0][0]) is not None
        self.right: float | None = None        # where the name cell's text may end (cell_right)
        self.exact = False                     # right is the cell's edge itself (a centred header word)
        self.lead = 0.0                        # the space between a cell's lines on its page (leading)
        self.unpadded = False                  # the whole table's lines show no padding (page_spacing)

    def numbered(self) -> bool:
        """The words end in a word of its own that is a short whole number: the row's 行次
        ("二、政府性基金预算财政拨款收入 2", a 决算 sheet's row without amounts), which no
        wrapped part of a name ends in — a row of its own."""
        return len(self.words) > 1 and ROW_NUMBER.fullmatch(self.words[-1][0]) is not None


def names_joined(body: Body, items=(), head: list[tuple[str, tuple]] = (),
                 spacing: dict[int, tuple[float, bool, bool]] | None = None) -> tuple[Body, list[tuple]]:
    """The body with each wrapped name joined to its row's line, and the warnings for lines of
    words that no reading places for certain (kept as printed). head: the words (word, box) of
    the header's last line over these cells, which may show the name cell's width. spacing:
    each page's leading, padding and centring measured on the whole table's lines
    (page_spacing), where these are one side's: a side whose names never wrap shows the rows'
    padding as its least gap, and a side's row centred beside a name wrapped on the other side
    stands half a line off its neighbours, which is no padding but shows the cells centred."""
    from .rows import NOT_A_NAME

    infos = [Info(ln, tokens) for ln, _, tokens in body]
    loose = [not x.amounts and x.words and x.boxed and not x.numbered() and not NOT_A_NAME.search(t)
             for x, (_, t, _) in zip(infos, body)]
    if not any(loose) or not all(x.boxed for x in infos):
        return body, []
    right, exact = cell_right(infos, head, [b for (ln, _, tokens), x in zip(body, infos) if x.amounts
                                            for b in ln.word_boxes[len(x.words):]])
    for x in infos:
        x.right, x.exact = right, exact
    groups: dict[int, list[int]] = {}           # a row's line → the lines of words joined to it
    unsure: list[int] = []
    for run in page_runs(body):
        if not any(loose[i] for i in run):
            continue
        lead, unpadded, centred = leading(body, run), False, False
        if spacing and body[run[0]][0].page in spacing:
            whole, apart, centred = spacing[body[run[0]][0].page]
            lead, unpadded = min(lead, whole), not apart
        for i in run:
            infos[i].lead, infos[i].unpadded = lead, unpadded
        found, left = by_spacing(body, infos, loose, run)
        groups.update(found)
        if left:
            known = shape(found) or ("middle" if centred else None)
            joined, said = by_alignment(body, infos, loose, left, known, items)
            groups.update(joined)
            unsure += said
        groups.update(names_alone(body, infos, loose, run, groups, unsure, items))
    out = rebuilt(body, infos, groups)
    notes = alone_said(body, infos, loose, groups, unsure, items)
    if unsure:
        lines = "、".join(f"{body[i][0].no} 行“{infos[i].text}”" for i in unsure[:5])
        notes.append(("name-unjoined", (f"第 {lines}只有文字、没有金额，版式分不清是上一行还是下一行名称的折行，"
                                        "未拼接，按原样保留，请核对")))
    return out, notes


def page_runs(body: Body) -> list[list[int]]:
    runs: list[list[int]] = []
    for i, (ln, _, _) in enumerate(body):
        if runs and body[runs[-1][-1]][0].page == ln.page:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def page_spacing(body: Body) -> dict[int, tuple[float, bool, bool]]:
    """Each page's leading, whether its rows show a padding (padded) and whether a line
    stands part of a line off the one before (a row centred beside a name wrapped over an even
    count of lines: the cells are centred), of the body's whole lines."""
    out = {}
    for run in page_runs(body):
        lead = leading(body, run)
        slack = SLACK * min(height(body, i) for i in run)
        off = any(body[i][0].bbox[1] + slack < body[j][0].bbox[1] < body[i][0].bbox[3] - slack
                  for i, j in pairwise(run))
        out[body[run[0]][0].page] = lead, padded(body, run, lead), off
    return out


def gap(body: Body, i: int, j: int) -> float:
    """The space between two lines' boxes, the lower one's top less the upper one's top and
    the lesser height: a line printing amounts has a taller box (LibreOffice's glyph boxes:
    digits and commas reach lower than CJK characters), which made its gap to the line below
    a point narrower than its neighbours' and the others look like a row's padding."""
    a, b = body[i][0].bbox, body[j][0].bbox
    return max(0.0, abs(b[1] - a[1]) - min(a[3] - a[1], b[3] - b[1]))


def height(body: Body, i: int) -> float:
    box = body[i][0].bbox
    return box[3] - box[1]


def leading(body: Body, run: list[int]) -> float:
    """The space between two lines of one cell on the run's page: the least between two lines
    (a cell's lines stand no further apart than two rows'; lines that overlap are none of one
    cell's: amounts centred half a line off a name's lines), at most a line's height.
    Glyph boxes tight to the characters (LibreOffice's, Noto CJK's line gap) stand farther
    apart than a font's whole boxes (WeasyPrint's): measured by half a line alone, a wrapped
    name's lines of such a file were no one cell's."""
    line = min(height(body, i) for i in run)
    gaps = [max(0.0, g) for i, j in pairwise(run)
            if (g := body[j][0].bbox[1] - body[i][0].bbox[1] - min(height(body, i), height(body, j))) > -SLACK * line]
    return min(min(gaps, default=0.0), line)


def far(body: Body, infos: list[Info], a: int, b: int) -> bool:
    """Lines a and b stand too far apart to be one cell's: more than half a line beyond the
    page's leading (a wider gap: a line the other cells took)."""
    return gap(body, min(a, b), max(a, b)) > infos[b].lead + height(body, b) / 2


# ---- rows set apart: each run of close lines is a row -------------------------------------

def by_spacing(body: Body, infos: list[Info], loose: list, run: list[int]) -> tuple[dict, list[int]]:
    """The rows the spacing shows (a row's line → its lines of words), and the lines it does
    not place: all where the rows stand as close as a cell's lines, else those of a run of close
    lines holding several rows' amounts."""
    gaps = [gap(body, i, j) for i, j in pairwise(run)]
    lead = infos[run[0]].lead
    if not padded(body, run, lead) or infos[run[0]].unpadded:
        return {}, run     # no padding between rows: wider gaps are lines the other cells took
    tight = lead + SLACK * min(height(body, i) for i in run)
    clusters, cur = [], [run[0]]
    for (i, j), g in zip(pairwise(run), gaps):
        if g <= tight:
            cur.append(j)
        else:
            clusters.append(cur)
            cur = [j]
    clusters.append(cur)
    found: dict[int, list[int]] = {}
    left: list[int] = []
    for c in clusters:
        rows = [i for i in c if infos[i].amounts]
        words = [i for i in c if loose[i]]
        if len(rows) == 1 and words and len(words) == len(c) - 1 and fits(infos, rows[0], words):
            found[rows[0]] = words
        elif len(rows) > 1 and words:
            left += c
    return found, left


def padded(body: Body, run: list[int], lead: float) -> bool:
    """Some two lines of the run stand further apart than a cell's lines (lead), short of a
    whole line more (the line's height and its leading: a line the other cells took): the
    rows' padding."""
    line = min(height(body, i) for i in run)
    slack = SLACK * line
    return any(lead + slack < gap(body, i, j) < 2 * lead + line - slack for i, j in pairwise(run))


def shape(found: dict[int, list[int]]) -> str | None:
    """The alignment the rows placed by their spacing show: top, bottom or middle."""
    seen = set()
    for row, words in found.items():
        up, down = any(w < row for w in words), any(w > row for w in words)
        seen.add("middle" if up and down else "top" if down else "bottom")
    return seen.pop() if len(seen) == 1 else None


def fits(infos: list[Info], row: int, words: list[int]) -> bool:
    """Each line of words stands in the row's name cell: it starts at the name's place or
    within its width (a nameless row's line: anywhere)."""
    name = infos[row].words
    if not name:
        return True
    x0, x1 = min(b[0] for _, b in name), max(b[2] for _, b in name)
    for i in words:
        w = infos[i].words
        a0, a1 = min(b[0] for _, b in w), max(b[2] for _, b in w)
        if not (x0 - ALIGN <= a0 <= x1 or abs(a1 - x1) <= ALIGN or abs(a0 + a1 - x0 - x1) <= 2 * ALIGN):
            return False
    return True


# ---- rows set close: the alignment decides ------------------------------------------------

def by_alignment(body: Body, infos: list[Info], loose: list, run: list[int], known: str | None,
                 items) -> tuple[dict, list[int]]:
    """The rows of lines set as close as a cell's, read in the alignment the table's rows show
    (known: by their spacing; middle where a row's amounts stand half a line off its name's
    lines), else in the one that places most lines, then most names the template knows. Where
    two readings rank alike and read differently, no row (and the lines of words to say)."""
    words = [i for i in run if loose[i]]
    if known is None and any(offset(body, infos, run, k) for k in run):
        known = "middle"
    readings = {a: reading(body, infos, loose, run, a, items) for a in ((known,) if known else ("top", "bottom", "middle"))}
    ranked = sorted(((rank(infos, loose, run, g, items), a, g) for a, g in readings.items() if g is not None),
                    key=lambda x: x[0])
    if not ranked:
        return {}, words
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0] and ranked[0][2] != ranked[1][2]:
        return {}, words
    _, align, groups = ranked[0]
    if align in ("top", "bottom") and (known == align or groups):
        hand_breaks(body, infos, loose, run, groups, align, items)
    return groups, []


def hand_breaks(body: Body, infos: list[Info], loose: list, run: list[int], groups: dict, align: str,
                items) -> None:
    """Lines of words a reading left alone that the shown alignment gives to one row all the
    same: a name broken by hand (Enter in its cell) short of its cell's width, which the
    reading's test of a full line refuses. With the cells aligned to the top (bottom), a row's
    name starts (ends) on its amounts' line, so a line of words right under (over) a row's
    last (first) line, within half a line and in its name's cell, is that row's: no other row
    can take it. Not after a name the reading found wrapped by itself (its short line is where
    its text ends: 重点项目 under the last line of a long project name is a group's row), nor
    where the line opens an item (一、 1. 其中) or a code (a row's own), or is a label whole
    alone (合计, 本级), where both the row's name and the line are whole names (the template's
    or the classifications': 科学技术支出 over 结转下年) or the line is and the two together are
    not (一般公共服务支出 over 办公设备: a group's row without amounts), nor where another line of words lies beyond it (a
    row without amounts over two lines, 上年结转 / 结余, may be theirs: two rows)."""
    taken = {i for lines in groups.values() for i in lines}
    order = run if align == "top" else run[::-1]
    for n, i in enumerate(order):
        if not loose[i] or i in taken or starts_item(infos[i]) or infos[i].coded or n == 0:
            continue
        owner = next((k for k in order[n - 1::-1] if infos[k].amounts), None)
        if owner is None or groups.get(owner):
            continue        # (a name wrapped by itself ends where its text does: no Enter after it)
        lines = sorted([owner, *groups.get(owner, [])])
        nearest = lines[-1] if align == "top" else lines[0]
        beyond = order[n + 1] if n + 1 < len(order) else None
        if order[n - 1] != nearest or not fits(infos, owner, [i]) or \
                far(body, infos, nearest, i):
            continue
        if beyond is not None and loose[beyond] and beyond not in taken:
            continue        # more lines of words beyond it: a row without amounts may be theirs and its
        if standalone(infos[i].text) or (whole_name(name_of(infos, owner, groups.get(owner, [])), items)
                                         and whole_name(infos[i].text, items)) or \
                (whole_name(infos[i].text, items) and not whole_name(name_of(infos, owner, [*groups.get(owner, []), i]), items)):
            continue
        groups.setdefault(owner, []).append(i)
        groups[owner].sort()
        taken.add(i)


# a line of these words alone is a row's whole label, never the rest of a name broken by hand
STANDALONE = re.compile(r"(?:合计|小计|总计|本级|部门本级|机关本级)")


def standalone(text: str) -> bool:
    return STANDALONE.fullmatch(text) is not None


def names_alone(body: Body, infos: list[Info], loose: list, run: list[int], groups: dict, unsure: list[int],
                items) -> dict[int, list[int]]:
    """Lines of words no row took, one under another in one cell, that make one name (each line
    but the last full, none but the first opening an item, within half a line of the one above,
    no two parts names the template knows): a row without amounts whose name wraps in a narrow
    cell (二、政府性基金预算拨款收入 over three lines of a 收支总表 printing no amount for it) is
    one row, its first line's, not a row a line."""
    taken = {i for lines in groups.values() for i in lines} | set(groups) | set(unsure)
    full = fullness(infos, run)
    out: dict[int, list[int]] = {}
    chain: list[int] = []
    for i in run:
        free = loose[i] and i not in taken
        if free and chain and one_name(infos, full, [*chain, i], items) and fits(infos, chain[0], [i]) \
                and not far(body, infos, chain[-1], i):
            chain.append(i)
            continue
        if len(chain) > 1:
            out[chain[0]] = chain[1:]
        chain = [i] if free else []
    if len(chain) > 1:
        out[chain[0]] = chain[1:]
    return out


def alone_said(body: Body, infos: list[Info], loose: list, groups: dict, unsure: list[int],
               items=()) -> list[tuple]:
    """A warning for each line of words left a row of its own between two rows' lines (no
    reading took it, none was unsure of it): a name's line broken by hand may be such a line,
    its row's name then short of it. Not for a line that opens an item (一、 1. 其中) or is a
    whole name (whole_name: an empty class of a 收支总表 listing them all; a label whole alone,
    合计 or 本级)."""
    taken = {i for lines in groups.values() for i in lines} | set(unsure)
    notes = []
    for run in page_runs(body):
        rows = [i for i in run if infos[i].amounts]
        for i in run:
            # (a name wrapped over lines of its own, names_alone: said as a whole)
            text = name_of(infos, i, groups.get(i, []))
            if loose[i] and i not in taken and rows and rows[0] < i < rows[-1] and not starts_item(infos[i]) \
                    and not infos[i].coded \
                    and not whole_name(text, items) and not standalone(text):
                notes.append(("name-line-alone", (f"第 {body[i][0].no} 行“{text}”只有文字、没有金额，可能是上一行或"
                                                  "下一行名称在格内换行（手动换行）的部分，版式定不下，按没有金额的单独一行读入，"
                                                  "请核对"), body[i][0].no))
    return notes


def offset(body: Body, infos: list[Info], run: list[int], k: int) -> bool:
    """Line k prints amounts and no name, half a line off the lines of words around it (a name
    of an even count of lines centred on its row)."""
    if not infos[k].amounts or infos[k].words:
        return False
    box = body[k][0].bbox
    near = [i for i in run if i != k and not infos[i].amounts]
    return any(body[i][0].bbox[1] < box[1] < body[i][0].bbox[3] - ALIGN for i in near) and \
        any(body[i][0].bbox[1] + ALIGN < box[3] < body[i][0].bbox[3] for i in near)


def starts_item(info: Info) -> bool:
    """The line opens a name: numbered (一、 1. （1）, 其中). (Not a total: 本年收入 over 合计.)"""
    return bool(ITEM_START.match(info.text))


def reading(body: Body, infos: list[Info], loose: list, run: list[int], align: str, items=()) -> dict | None:
    """The rows read with the cells aligned so (top: a name's lines below its row's; bottom:
    above it; middle: as many above as below), the lines of words between two rows' lines
    shared out so; None where the lines do not fit that (a line of words left over, or out of
    the row's name cell, or further than a line from the next)."""
    rows = [i for i in run if infos[i].amounts]
    if not rows:
        return None
    if align == "middle":
        return centred(body, infos, loose, run, rows, items)
    groups: dict[int, list[int]] = {k: [] for k in rows}
    segments = [[i for i in run if loose[i] and i < rows[0]]]
    segments += [[i for i in run if loose[i] and a < i < b] for a, b in pairwise(rows)]
    segments.append([i for i in run if loose[i] and i > rows[-1]])
    if any(i for i in run if not infos[i].amounts and not loose[i] and rows[0] < i < rows[-1]):
        return None                     # a line of other words among the rows
    full = fullness(infos, run)
    for n, seg in enumerate(segments):
        above, below = (rows[n - 1] if n else None), (rows[n] if n < len(rows) else None)
        if above is None or below is None:
            # before the first row or after the last: a header's or a note's lines may stand there
            seg = edge(infos, seg, above if below is None else below, align, last=below is None)
        if align == "top":
            cut = continued(body, infos, full, above, seg, items) if above is not None else 0
        else:
            cut = len(seg) - headed(body, infos, full, below, seg, items) if below is not None else len(seg)
        # (the lines neither row takes are rows of their own, without amounts)
        if above is not None and align == "top":
            groups[above].extend(seg[:cut])
        if below is not None and align == "bottom":
            groups[below].extend(seg[cut:])
    groups = {k: v for k, v in groups.items() if v}
    for k, lines in groups.items():
        chain = sorted([k, *lines])
        if not fits(infos, k, lines) or any(far(body, infos, a, b) for a, b in pairwise(chain)):
            return None
    return groups


def centred(body: Body, infos: list[Info], loose: list, run: list[int], rows: list[int], items) -> dict:
    """The rows read with their cells centred: each row's line takes the lines of words next
    above and below it in pairs, as long as they make one name with it (a row of an even count
    of lines prints its amounts on a line of their own, between the name's middle lines)."""
    full = fullness(infos, run)
    groups: dict[int, list[int]] = {}
    taken: set[int] = set()
    for k in rows:
        n = run.index(k)
        took: list[int] = []
        for m in range(1, len(run)):
            if n - m < 0 or n + m >= len(run):
                break
            up, down = run[n - m], run[n + m]
            chain = sorted([k, *took, up, down])
            # amounts without a name, half a line off the lines around: the name is those two,
            # whether they fill the cell or not (a name broken by hand)
            halves = m == 1 and not infos[k].words and offset(body, infos, run, k) and not starts_item(infos[down])
            if not (loose[up] and loose[down]) or up in taken or down in taken or infos[up].coded or infos[down].coded or \
                    not fits(infos, k, [up, down]) or not (halves or one_name(infos, full, chain, items)) or \
                    any(far(body, infos, a, b) for a, b in pairwise(chain)):
                break
            took += [up, down]
        if took:
            groups[k] = sorted(took)
            taken.update(took)
    return groups


def fullness(infos: list[Info], run: list[int]) -> dict[int, bool]:
    """Whether each line of the run fills its name cell: no further character would have fit
    (a cell's line wraps only there). A line with several label cells counts as full."""
    named = [i for i in run if infos[i].words]
    if not named:
        return {}
    widest = longest = max(width(infos, i) for i in named)
    char = max((b[2] - b[0]) / len(w) for i in named for w, b in infos[i].words)     # a full (CJK) character's
    right = infos[named[0]].right
    slack = ALIGN
    if right is not None:
        # the header shows the cell wider than its widest line: that line is full only if the
        # next character would not have fit in it either
        widest = max(widest, right - min(infos[i].words[0][1][0] for i in named))
        if infos[named[0]].exact and widest > longest:
            # a centred header word shows the cell's edge to a fraction of a point (a glyph's
            # bearing): a line short of it by less than a character but more than ALIGN is
            # full all the same (6 characters of 9 points in 62 points: 8 left over)
            slack = EDGE
    return {i: len(infos[i].words) > 1 or width(infos, i) + char > widest + slack for i in named}


def cell_right(infos: list[Info], head: list[tuple[str, tuple]], amounts: list[tuple]) -> tuple[float | None, bool]:
    """Where the name cell's text may end, as its header word shows it: the word over the
    names' left edge centred in the cell above the lines set flush left in it, the cell as wide
    on the right of the word's middle as on its left, but short of the next column's amounts
    (their leftmost edge). A word set flush left shows the cell's width by the next column's
    first word (flush_right). None without such a word. And whether it is the cell's edge
    itself (the centred word's, short of the amounts), not a bound of it."""
    lefts = [x.words[0][1][0] for x in infos if x.words]
    if not head or not lefts or not amounts:
        return None, False
    left, stop = min(lefts), min(b[0] for b in amounts)
    word = next((b for _, b in sorted(head, key=lambda w: w[1][0]) if b[2] > left and (b[0] + b[2]) / 2 < stop), None)
    if word is None:
        return None, False
    if word[0] < left + ALIGN:
        return flush_right(infos, head, word, amounts), False
    edge = word[0] + word[2] - left
    return min(edge, stop), edge < stop


PADDINGS = 1.25  # characters: at most the two paddings between a cell's text and the next cell's


def flush_right(infos: list[Info], head: list[tuple[str, tuple]], word: tuple, amounts: list[tuple]) -> float | None:
    """Where the name cell's text may end under a header set flush left: before the next
    column's cell, which starts a padding before its header word where that is set flush left
    too, or, where it is centred, as far before the word's middle as its amounts end after it
    (the nearer of the two: a centred word shows its cell no narrower than it is); its amounts,
    where they come first, bound it too; and two paddings, the cells' own. Without this the
    widest name was taken to fill its cell, and a row without amounts under it (上年结转 under
    财政拨款收入, a group's name) for its wrapped line. None where the line prints no next word
    (a centred header's last character wrapped alone, flush left by filling its cell)."""
    after = sorted(b for _, b in head if b[0] > word[2])
    if not after:
        return None
    first = after[0]
    end = after[1][0] if len(after) > 1 else float("inf")
    under = [b[2] for b in amounts if b[2] >= first[0] and b[0] < end]      # the next column's amounts
    start = min(first[0], min(b[0] for b in amounts))
    if under:
        start = min(start, first[0] + first[2] - max(under))
    char = max((b[2] - b[0]) / len(w) for x in infos for w, b in x.words)
    return start - PADDINGS * char


def one_name(infos: list[Info], full: dict, chain: list[int], items) -> bool:
    """The lines (top to bottom; a nameless row's line left out) can be one name: each but the
    last full, none but the first opening an item or a code, no line without amounts opening a
    code beside a row's line (a code starts a row of its own); and, where the template names the
    rows, no two parts each a name it knows (结转下年 over 支出总计: a row without amounts over a
    row), nor a row's lines without amounts whole apart (whole_apart)."""
    named = [i for i in chain if infos[i].words]
    row = any(infos[i].amounts for i in chain)
    if not all(full[a] or kept_together(infos[b].text) for a, b in pairwise(named)) or \
            any(starts_item(infos[i]) or infos[i].coded for i in named[1:]) or \
            (row and any(infos[i].coded and not infos[i].amounts for i in named)):
        return False
    if len(named) < 2:
        return True
    texts = [infos[i].text for i in named]
    if any(whole_name("".join(texts[:k]), items) and whole_name("".join(texts[k:]), items)
           for k in range(1, len(texts))):
        return False
    return not (row and whole_apart(infos, named, items))


def whole_apart(infos: list[Info], named: list[int], items) -> bool:
    """The lines without amounts on one side of the row's line, or the row's line itself, make
    a whole name by themselves and the lines all together do not: a group's row printing no
    amounts over a row (一般公共服务支出 over 办公设备, the row's name set to the bottom of its
    cell), or a row whose own name is whole under the rest of another's (服务支出 over 教育支出),
    not one name (资本性支出 over （基本建设）: one name, whole)."""
    whole = "".join(infos[i].text for i in named)
    parts: list[list[int]] = [[]]
    for i in named:
        if infos[i].amounts:
            parts += [[i], []]
        else:
            parts[-1].append(i)
    return any(p and whole_name("".join(infos[i].text for i in p), items) for p in parts) and \
        not whole_name(whole, items)


def whole_name(text: str, items=()) -> bool:
    """A name whole on its own: one the template names its rows by, or an official name of
    the classifications (社会保险基金支出 over 卫生健康支出: two classes, not one name)."""
    from .tables import _official_names, class_key

    if items and matches_any(items, text):
        return True
    key = class_key(text)
    return key in _official_names("function") or key in _official_names("economic")


OPENING = "（(“‘《【〔["
CLOSING = "）)”’》】〕]，。、；："


def kept_together(text: str) -> bool:
    """The line starts so that the one above may end short of its cell: with an opening bracket
    (never the last character of a line) or with a character a closing mark follows (never the
    first of one): the break moves before it."""
    return text[:1] in OPENING or text[1:2] in CLOSING


def continued(body: Body, infos: list[Info], full: dict, row: int, seg: list[int], items) -> int:
    """How many of the lines below a row's line go on with its name (cells aligned to the top),
    each within half a line of the one above (a wider gap: a line the other cells took)."""
    n = 0
    while n < len(seg) and one_name(infos, full, [row, *seg[:n + 1]], items) and \
            not far(body, infos, ([row, *seg])[n], seg[n]):
        n += 1
    return n


def headed(body: Body, infos: list[Info], full: dict, row: int, seg: list[int], items) -> int:
    """How many of the lines above a row's line begin its name (cells aligned to the bottom)."""
    n = 0
    while n < len(seg) and one_name(infos, full, [*seg[len(seg) - n - 1:], row], items) and \
            not far(body, infos, ([*seg, row])[len(seg) - n], seg[len(seg) - n - 1]):
        n += 1
    return n


def edge(infos: list[Info], seg: list[int], row: int, align: str, last: bool) -> list[int]:
    """The lines of words before the first row (last: after the last one) that may be its name's:
    those next to it that stand in its name's cell (none before a row aligned to the top, nor
    after one aligned to the bottom)."""
    if (align == "top" and not last) or (align == "bottom" and last):
        return []
    if not last and starts_item(infos[row]):
        return []                       # the row's line opens its name: what stands above is not of it
    near = list(seg) if last else seg[::-1]
    took = []
    for i in near:
        if not fits(infos, row, [i]) or (last and starts_item(infos[i])):
            break
        took.append(i)
    return sorted(took)


def rank(infos: list[Info], loose: list, run: list[int], groups: dict, items) -> tuple:
    """How well a reading fits, the less the better: its lines of words left without a row, then
    minus its names the template knows."""
    unplaced = sum(1 for i in run if loose[i]) - sum(len(v) for v in groups.values())
    known = sum(bool(items) and matches_any(items, name_of(infos, k, lines)) for k, lines in groups.items())
    return unplaced, -known


def width(infos: list[Info], i: int) -> float:
    boxes = [b for _, b in infos[i].words]
    return max(b[2] for b in boxes) - min(b[0] for b in boxes)


def name_of(infos: list[Info], row: int, lines: list[int]) -> str:
    return "".join(infos[i].text for i in sorted([row, *lines]))


def name_cells(infos: list[Info], row: int, lines: list[int]) -> list[tuple[str, tuple]]:
    """The row's name cells (text, box), each with the words of its lines under it, top to
    bottom: a row with several label columns (采购项目 | 采购方式) keeps them apart; a word
    goes to the nearest across."""
    cells = [[w, b] for w, b in infos[row].words]
    if not cells:
        words = [(w, b) for i in sorted(lines) for w, b in infos[i].words]
        return [("".join(w for w, _ in words), span([b for _, b in words]))]
    heads: list[list[str]] = [[] for _ in cells]
    # (a code opening the row's words is its name cell's first word, not a cell of its own: a
    # line wrapped under it, set flush left, goes on with the name)
    places = range(1 if infos[row].coded else 0, len(cells))
    for i, w, b in [(k, w, b) for k in sorted(lines) for w, b in infos[k].words]:
        k = min(places, key=lambda n: distance(b, cells[n][1]))
        if i < row:
            heads[k].append(w)
        else:
            cells[k][0] += w
        cells[k][1] = span([cells[k][1], b])
    return [("".join(h) + w, b) for h, (w, b) in zip(heads, cells)]


def distance(a: tuple, b: tuple) -> float:
    """How far apart two boxes stand across (0 where they overlap)."""
    return max(0.0, max(a[0], b[0]) - min(a[2], b[2]))


def span(boxes: list[tuple]) -> tuple:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def rebuilt(body: Body, infos: list[Info], groups: dict[int, list[int]]) -> Body:
    """The body with each row's name its lines' words, top to bottom, on the row's line."""
    gone = {i for lines in groups.values() for i in lines}
    out: Body = []
    for i, (ln, text, tokens) in enumerate(body):
        if i in gone:
            continue
        if i in groups:
            cells = name_cells(infos, i, groups[i])
            n = len(infos[i].words)
            tokens = [w for w, _ in cells] + tokens[n:]
            text = " ".join(tokens)
            ln = replace(ln, text=text, word_boxes=[b for _, b in cells] + ln.word_boxes[n:])
        out.append((ln, text, tokens))
    return out
