"""Table lines of a PDF page printed without rules, read with the box of each word
(Line.word_boxes): an amount wrapped inside its cell over lines ("2427.0" over "3") is joined
into one number, where the geometry puts its pieces in one cell and their form makes them
one number; where they may be one number or several, it is reported, not read.

A body line is (Line, text, tokens), its word boxes one per token (plain_rows's body)."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, replace

from ..readers import Line
from ..readers.pdf import NUMBER_PIECE, whole_number, wrapped_number
from ..text import MINUS_MARKS, SIGNED_EXACT, unmarked
from .geometry import unsure_amount

Body = list[tuple[Line, str, list[str]]]
ALIGN = 1.5             # points: a cell's lines start, end or centre this close together
# an amount that shows its form (decimals or thousands groups; a bare integer may be a code)
AMOUNT = re.compile(SIGNED_EXACT)
CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
PLACEHOLDER_MINUS = frozenset(MINUS_MARKS)     # a minus, or a dash printed for an empty cell
# the words that may be a figure's marks printed apart ("(10.50" and ")" too)
MARK_WORDS = frozenset("(（)）△▲+＋") | PLACEHOLDER_MINUS
# a unit printed a space after each amount, a word of its own ("2,000,000.00 元"): the amount's
# (rows.cell_unit reads it), joined to it as its marks are
UNIT_WORDS = frozenset(["万元", "元", "万", "千元", "（万元）", "(万元)", "（元）", "(元)"])
# the start of an item of its own: "一、", "1.", "（一）", "其中", a total
ITEM_START = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、](?!\d)|[（(]|其中|[合总小]\s*计)")


@dataclass
class Word:
    text: str
    box: tuple[float, float, float, float]     # x0, top, x1, bottom

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


def wrapped_amounts_joined(body: Body) -> tuple[Body, list[tuple]]:
    """The body with each amount wrapped inside its cell joined into one number, on the line of
    its row, and the warnings for pieces that may be one number or several (not read: on the
    row's line a dash stands in their place, as for an empty cell, so the row's other amounts
    keep their order).

    Pieces of one cell lie each under the one above, within its width, on the next line of
    text, nothing else of theirs in that column, and together read as one amount (decimals or
    thousands groups: integers are codes here). They are joined where each stands flush with
    the one above (left, right or centred), no further than half a line down, and where every
    amount of the table prints the same decimals, the joined number too, while the pieces
    cannot each be an amount of that form (2427.0 over 3); two rows' amounts (12.00 over 3.00)
    never read as one number. Pieces are reported where they would make such a number but do
    not stand so, and where they may be one number or several while no row of its own printed
    them (lone)."""
    lines = [words_of(ln, tokens) for ln, _, tokens in body]
    chains = [c for c in wrapped_chains(body, lines) if reads_as_amount("".join(w.text for _, w in c))]
    if not chains:
        return body, []
    pieces = {id(w) for chain in chains for _, w in chain}
    form = printed_places(lines, chains, pieces)
    moved: dict[int, list[Word]] = {}                  # line index → words moved onto it
    between: dict[int, tuple[int, list[Word]]] = {}   # line index → a new line above it (number, words)
    gone: set[int] = set()
    notes = []
    for chain in chains:
        texts = [w.text for _, w in chain]
        number = wrapped_number(texts)
        fits = number is not None and form is not None and places(number) == form
        where = row_line(body, lines, chain, pieces)
        box = (min(w.box[0] for _, w in chain), chain[0][1].box[1],
               max(w.box[2] for _, w in chain), chain[-1][1].box[3])
        if fits and all(one_cell(w, v) for (_, w), (_, v) in zip(chain, chain[1:])):
            word = Word(number, box)
        elif fits or lone(lines, chain, where, pieces):
            notes.append(unsure_amount(body[where if where >= 0 else chain[0][0]][0].no, " ".join(texts), ""))
            word = Word("-", box)
        else:
            continue
        gone.update(id(w) for _, w in chain)
        if where >= 0:
            moved.setdefault(where, []).append(word)
        elif word.text != "-":                         # its own line, between the chain's first two
            between.setdefault(chain[1][0], (chain[0][0], []))[1].append(word)
    out: Body = []
    for i, (ln, text, tokens) in enumerate(body):
        if i in between:
            first, words = between[i]
            out.append(line_of(body[first][0], words))
        words = [w for w in lines[i] if id(w) not in gone] + moved.get(i, [])
        if len(words) == len(lines[i]) and i not in moved:        # (a line without boxes too)
            out.append((ln, text, tokens))
        elif words:
            out.append(line_of(ln, words))
    return out, notes


# ---- a rate column's percentages beside the amounts ------------------------------------------

# a header word of a column of percentages no template has (占比, 比重, 构成): a percentage
# under it is its, said with the column (columns_left_out), not a line at a time
PERCENT_HEAD = re.compile(r"占比|比重|构成|比例")


def rates_apart(body: Body, spec, notes: list) -> Body:
    """The body with each line's percentages among the amounts it ends with (a rate column,
    增减率) struck out, boxes and all: left in, they end the line in words, so the line read as
    no row's (the first row's a header line, the others' amounts kept in their names). Where the
    header prints a column the template leaves out (spec.left_out), they are its, not read and
    not said, as in a ruled table (so also where it prints a share, 占比: said as a column);
    else each is said (amount-unsure). A row of rates (增减率 its
    name) is left as it is: its row is read as one the template leaves out."""
    if not any("%" in t or "％" in t for _, t, _ in body):
        return body
    from .headers import left_out
    from .rows import _percent_figure, amount_run, percent_said

    rated = None
    out: Body = []
    for ln, text, tokens in body:
        words = words_of(ln, tokens) if "%" in text or "％" in text else []
        start = 1 + amount_run(tokens[1:], ln.no) if len(words) > 1 else len(tokens)
        rates = {k for k in range(start, len(tokens)) if _percent_figure(tokens[k])}
        if not rates or left_out(spec, tokens[0]):
            out.append((ln, text, tokens))
            continue
        if rated is None:
            rated = any(left_out(spec, w) or PERCENT_HEAD.search(w) for _, t, toks in body if "%" not in t for w in toks)
        if not rated:
            notes += [("amount-unsure", percent_said(ln.no, " ".join(tokens[:start]), tokens[k], "印的"), ln.no)
                      for k in sorted(rates)]
        out.append(line_of(ln, [w for k, w in enumerate(words) if k not in rates]))
    return out


def rate_heads(named: tuple[int, list], header: list[tuple[int, list[str]]], spec) -> tuple[int, list[str]] | None:
    """A header of one line, a word a column (rows.header_word_keys' `named`), whose words
    naming no template column all name a figure the template leaves out (增减率) or a column
    no template has (占比, 上年预算数 beside a template without it): the header as
    rows.header_word_keys gives it, each such word's key rows.RATE, followed by the word where it
    is to be said (the figures under it not read: columns_left_out); None where another word
    names no column. Before, a 占比 beside the amounts left every amount of the table undecided."""
    from .headers import left_out
    from .rows import NOT_A_TEMPLATE_COLUMN, RATE, column_words_line

    labels, keys = named
    words = header[column_words_line(header, spec)][1][labels:]
    if not all(k is not None or left_out(spec, w) or NOT_A_TEMPLATE_COLUMN.search(w) for k, w in zip(keys, words)):
        return None
    return labels, [k if k is not None else RATE if left_out(spec, w) else RATE + w for k, w in zip(keys, words)]


def columns_left_out(out, keys: list[str]) -> None:
    """The amounts placed under a header word rate_heads keyed rows.RATE dropped: a rate the
    template leaves out in silence, as a ruled table's; a column no template has (RATE and its
    word) said once, as a ruled table's (geometry: column-not-in-template)."""
    from .rows import RATE

    if not any(k.startswith(RATE) for k in keys):
        return
    for row in out.rows:
        row.values = [v for v in row.values if not (v.column and v.column.startswith(RATE))]
    for k in keys:
        if k.startswith(RATE) and k != RATE:
            out.warnings.append(("column-not-in-template", f"“{k[len(RATE):]}”列不是模板的列（如上年数、增减），其金额未读入"))


# ---- a figure's sign or brackets printed as words of their own -------------------------------

OPENING = frozenset("(（△▲+＋") | PLACEHOLDER_MINUS      # marks before a figure, each a word of its own
CLOSING = frozenset(")）")
FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")      # a figure without marks
BASELINE = 0.25          # of a word's height: two words' feet this close stand on one baseline
MINUS_GAP = 0.5          # of a word's height: a minus at most this far from its figure (a space)
TOUCHING = 0.25          # of a word's height: a minus this close to its figure is the figure's
MARK_GAP = 1.0           # brackets, △ and + (never a cell of their own): at most a line's height


def marks_joined(body: Body, notes: list | None = None) -> Body:
    """The body with each figure's sign or brackets, printed as words of their own ("(" "10.50"
    ")", "△" "10.50", "-" "10.50": a space or a gap between them), joined to the figure as one
    word: the negative it prints, read as such (before: 10.50, positive, the marks left in the
    row's name). Joined only on one baseline and within a space or so of the figure; brackets
    only in pairs around a figure (a label's bracket holds words, "（一）", "(含…)"). A minus may
    also be a dash printed for an empty cell before the figure's: it is the figure's only where
    nothing in another line's cells stands over it but over the figure too (its own column).
    Where nothing at all stands over it, only the gap tells: a minus further than TOUCHING from
    its figure is read as its sign and said (notes), not read so silently."""
    marked = [not (MARK_WORDS.isdisjoint(tokens) and UNIT_WORDS.isdisjoint(tokens)) for _, _, tokens in body]
    if not any(marked):
        return body
    lines = [words_of(ln, tokens) for ln, _, tokens in body]
    pages: dict[int | None, list[list[Word]]] = {}          # each page's lines' words
    for (ln, _, _), words in zip(body, lines):
        pages.setdefault(ln.page, []).append(words)
    out: Body = []
    for i, (ln, text, tokens) in enumerate(body):
        joined = signed_words(lines[i], pages[ln.page], ln.no, notes) if marked[i] and lines[i] else None
        out.append(line_of(ln, joined) if joined is not None else (ln, text, tokens))
    return out


def signed_words(words: list[Word], page: list[list[Word]], line: int = 0, notes: list | None = None) -> list[Word] | None:
    """The line's words with each figure's marks joined to it (page: the words of its page's
    lines, its own among them); None where none is. A minus only its gap joins is said in
    notes (line: the line's number)."""
    others = [line for line in page if line is not words]
    out: list[Word] = []
    k, changed = 0, False
    while k < len(words):
        w = words[k]
        if w.text in OPENING and k + 1 < len(words):
            end = closed_figure(words, k)
            if end is not None and (w.text not in PLACEHOLDER_MINUS or own_column(w, words[k + 1], others)):
                out.append(Word("".join(v.text for v in words[k:end]), span(words[k:end])))
                if w.text in PLACEHOLDER_MINUS and notes is not None and by_gap_alone(w, words[k + 1], others):
                    said = (f"第 {line} 行金额 {words[k + 1].text} 前的“{w.text}”与数字隔开印出，表中没有别的行"
                            f"可对照它是负号还是前一空格的占位短横，按负数 {out[-1].text} 读入，请对照原表核实")
                    notes.append(("sign-by-gap", said, line))
                k, changed = end, True
                continue
        elif k + 1 < len(words) and closes(w, words[k + 1]):
            out.append(Word(w.text + words[k + 1].text, span(words[k:k + 2])))
            k, changed = k + 2, True
            continue
        out.append(w)
        k += 1
    return out if changed else None


def closes(w: Word, nxt: Word) -> bool:
    """nxt, beside w, ends w's figure: its closing bracket ("(10.50" ")") or its unit
    ("10.50" "元")."""
    if nxt.text in CLOSING:
        return w.text[:1] in "(（" and FIGURE.fullmatch(w.text[1:]) is not None and beside(w, nxt, MARK_GAP)
    return nxt.text in UNIT_WORDS and AMOUNT.fullmatch(w.text) is not None and beside(w, nxt, MARK_GAP)


def closed_figure(words: list[Word], k: int) -> int | None:
    """Where the words of the figure words[k] opens end: its mark, its figure (an amount's form,
    bar a bracket's whole number: a header says whether it is an amount's) and, after an opening
    bracket, its closing one, each beside the one before; None where they are no such figure."""
    mark, fig = words[k], words[k + 1]
    bracket = mark.text in "(（"
    gap = MINUS_GAP if mark.text in PLACEHOLDER_MINUS else MARK_GAP
    if bracket and fig.text[-1:] in CLOSING and FIGURE.fullmatch(fig.text[:-1]) and beside(mark, fig, gap):
        return k + 2                                                   # "(" "10.50)"
    if not (FIGURE.fullmatch(fig.text) and beside(mark, fig, gap)):
        return None
    if not bracket:
        return k + 2 if AMOUNT.fullmatch(fig.text) else None
    if k + 2 < len(words) and words[k + 2].text in CLOSING and beside(fig, words[k + 2], gap):
        return k + 3
    return None


def beside(a: Word, b: Word, gap: float) -> bool:
    """b follows a on its baseline, at most `gap` of a line's height after it."""
    height = max(a.height, b.height)
    return abs(a.box[3] - b.box[3]) <= BASELINE * height and -ALIGN <= b.box[0] - a.box[2] <= gap * height


def own_column(mark: Word, fig: Word, others: list[list[Word]]) -> bool:
    """No amount of another line stands over the mark but not over its figure, nor a dash
    alone (no figure beside it: an empty cell's): the mark is in the figure's column, not in a
    column of its own."""
    for words in others:
        for n, v in enumerate(words):
            if not overlaps(v, mark) or overlaps(v, fig):
                continue
            if AMOUNT.fullmatch(v.text) or (v.text in PLACEHOLDER_MINUS and not (
                    n + 1 < len(words) and FIGURE.fullmatch(words[n + 1].text) and beside(v, words[n + 1], MINUS_GAP))):
                return False
    return True


def by_gap_alone(mark: Word, fig: Word, others: list[list[Word]]) -> bool:
    """Only the gap says the minus is the figure's: no word of another line stands over it (no
    column to compare it with), and it does not touch the figure."""
    if fig.box[0] - mark.box[2] <= TOUCHING * max(mark.height, fig.height):
        return False
    return not any(overlaps(v, mark) and (FIGURE.fullmatch(unmarked(v.text)) or v.text in PLACEHOLDER_MINUS)
                   for words in others for v in words)


def overlaps(v: Word, w: Word) -> bool:
    return v.box[0] < w.box[2] and v.box[2] > w.box[0]


def span(words: list[Word]) -> tuple[float, float, float, float]:
    return (words[0].box[0], min(w.box[1] for w in words), words[-1].box[2], max(w.box[3] for w in words))


def words_of(ln: Line, tokens: list[str]) -> list[Word]:
    """The line's words with their boxes (none for a line without a box for each)."""
    if ln.word_boxes is None or len(ln.word_boxes) != len(tokens):
        return []
    return [Word(tok, box) for tok, box in zip(tokens, ln.word_boxes)]


def line_of(ln: Line, words: list[Word]) -> tuple[Line, str, list[str]]:
    """A body line of the words (in their order across), on ln's number and page."""
    words = sorted(words, key=lambda w: w.box[0])
    tokens = [w.text for w in words]
    bbox = (min(w.box[0] for w in words), min(w.box[1] for w in words),
            max(w.box[2] for w in words), max(w.box[3] for w in words))
    text = " ".join(tokens)
    return replace(ln, text=text, bbox=bbox, word_boxes=[w.box for w in words]), text, tokens


def wrapped_chains(body: Body, lines: list[list[Word]]) -> list[list[tuple[int, Word]]]:
    """Runs of number pieces, each under the one above in the same cell: (line index, word)."""
    below: dict[int, tuple[int, Word]] = {}
    for i, words in enumerate(lines):
        for w in words:
            if NUMBER_PIECE.fullmatch(w.text):
                nxt = piece_below(body, lines, i, w)
                if nxt is not None:
                    below[id(w)] = nxt
    tails = {id(w) for _, w in below.values()}
    chains = []
    for i, words in enumerate(lines):
        for w in words:
            if id(w) in below and id(w) not in tails:
                chain = [(i, w)]
                while id(chain[-1][1]) in below:
                    chain.append(below[id(chain[-1][1])])
                chains.append(chain)
    return chains


def piece_below(body: Body, lines: list[list[Word]], i: int, w: Word) -> tuple[int, Word] | None:
    """The number piece printed under w as the next line of its cell: the first word below it
    that reaches into its width, on the same page, the only word of its line there, lying
    within that width (a cell wraps a full line), less than a line further down."""
    page = body[i][0].page
    for j in range(i + 1, len(lines)):
        if body[j][0].page != page:
            return None
        over = [v for v in lines[j] if v.box[0] < w.box[2] and v.box[2] > w.box[0]]
        if not over:
            continue
        v = over[0]
        if len(over) > 1 or not NUMBER_PIECE.fullmatch(v.text):
            return None
        if v.box[1] - w.box[3] > w.height or v.box[1] < w.box[1] + w.height / 2 or not within(v, w):
            return None
        return j, v
    return None


def one_cell(w: Word, v: Word) -> bool:
    """v (within w's width) stands as the next line of w's cell: flush with it, no further
    down than half a line."""
    return flush(v, w) and v.box[1] - w.box[3] <= w.height / 2


def flush(v: Word, w: Word) -> bool:
    """The two start, end or centre at one place (a cell's lines, left, right or centred)."""
    return abs(v.box[0] - w.box[0]) <= ALIGN or abs(v.box[2] - w.box[2]) <= ALIGN or \
        abs(v.box[0] + v.box[2] - w.box[0] - w.box[2]) <= 2 * ALIGN


def within(v: Word, w: Word) -> bool:
    return v.box[0] >= w.box[0] - ALIGN and v.box[2] <= w.box[2] + ALIGN


def places(number: str) -> int:
    return len(number.partition(".")[2].rstrip(")）-"))        # (a negative's marks are no decimals)


def reads_as_amount(text: str) -> bool:
    return whole_number(text) is not None and ("." in text or "," in text)


def printed_places(lines: list[list[Word]], chains, pieces: set[int]) -> int | None:
    """The decimals every amount of the table prints, those not wrapped; None where they differ
    (a sheet's General format drops trailing zeros: 12.5 and 3 may be two rows' amounts).
    Where every amount wrapped, the decimals most of them print joined."""
    found = {places(w.text) for words in lines for w in words if id(w) not in pieces and AMOUNT.fullmatch(w.text)}
    if found:
        return found.pop() if len(found) == 1 else None
    counts = Counter(places(n) for chain in chains if (n := wrapped_number([w.text for _, w in chain])) is not None)
    top = counts.most_common(1)
    return top[0][0] if top and 2 * top[0][1] > sum(counts.values()) else None


def row_line(body: Body, lines: list[list[Word]], chain, pieces: set[int]) -> int:
    """The line of the row whose cell printed the chain: a line between its pieces (the cell
    centred on the row's line), else the one of the chain's lines that holds the row's other
    cells (a cell aligned to the top or the bottom): the only one with other words, or the one
    whose words start furthest left (the code's column); -1 where that does not tell (a line of
    its own then stands between the chain's lines)."""
    first, last = chain[0][0], chain[-1][0]
    top, bottom = mid(chain[0][1].box), mid(chain[-1][1].box)
    own = {i for i, _ in chain}
    middle = [k for k in range(first + 1, last) if k not in own and lines[k]
              and top < mid((0, min(w.box[1] for w in lines[k]), 0, max(w.box[3] for w in lines[k]))) < bottom]
    if middle:
        centre = (top + bottom) / 2
        return min(middle, key=lambda k: abs(mid(body[k][0].bbox) - centre))
    rest = {i: [w for w in lines[i] if id(w) not in pieces] for i in own}
    held = [i for i in sorted(own) if rest[i]]
    if len(held) == 1:
        return held[0]
    if not held:
        return -1
    starts = sorted((min(w.box[0] for w in rest[i]), i) for i in held)
    return starts[0][1] if starts[1][0] - starts[0][0] > ALIGN else -1


def mid(box) -> float:
    return (box[1] + box[3]) / 2


def lone(lines: list[list[Word]], chain, where: int, pieces: set[int]) -> bool:
    """No row of its own printed the chain's pieces: the row's line stands between them, or a
    line of the chain other than the row's holds nothing but number pieces and lines of cells
    printed on the chain's next line too (a wrapped name's head or tail, flush with it, within
    the width of the longer; not a code, nor the start of an item)."""
    own = sorted({i for i, _ in chain})
    if where >= 0 and where not in own:
        return True
    for n, i in enumerate(own):
        if i == where:
            continue
        near = [w for k in own[max(n - 1, 0):n + 2] if k != i for w in lines[k]]
        if all(id(w) in pieces or goes_on(w, near) for w in lines[i]):
            return True
    return False


def goes_on(v: Word, near: list[Word]) -> bool:
    """v is a line of a cell that near prints another line of."""
    if CODE.match(v.text) or ITEM_START.match(v.text):
        return False
    return any(flush(v, w) and (within(v, w) or within(w, v)) for w in near)


# ---- side-by-side tables: each side by its place across the page ----------------------------

def sides_by_place(body: Body, first: str, second: str, items: dict | None = None,
                   notes: list | None = None, head: list[tuple[str, tuple]] = ()) -> list[tuple[Line, str, str]] | None:
    """The lines of a side-by-side table cut at the second side's start across the page, each
    side's lines with the wrapped names of its cells joined to their rows: (line, text, side), in
    the order of the lines. None where no line says where the second side starts.

    Where a side's cell wraps its name, the row's amount stands on another line than the name's
    first one; a line may then print one side only, or one side's amount beside the other
    side's name: read in order, such words went to the first side (an expenditure's amount
    taken for an income). The words' places tell the sides apart. A side whose rows carry no
    code joins its names as a table without codes does (unruled_names, with the side's items;
    what it cannot place is said in notes; head: the header's last line's words, each side's
    over its names showing their cells' width)."""
    from .rows import (
        _leading_codes,
        aligned_to_top,
        centred_wraps_joined,
        code_cells_joined,
        hanging_wraps_joined,
    )
    from .unruled_names import names_joined, page_spacing

    starts = {page: second_side_start([b for b in body if b[0].page == page]) for page in {ln.page for ln, _, _ in body}}
    found = [x for x in starts.values() if x is not None]
    if not found:
        return None
    out = []
    spacing = None
    for side in (first, second):
        lines = []
        other = other_columns(head, min(found), side == second)
        dropped: set[str] = set()
        for ln, _, tokens in body:
            start = starts[ln.page] if starts[ln.page] is not None else min(found)
            words = [w for w in words_of(ln, tokens) if (w.box[0] >= start - ALIGN) == (side == second)]
            if other:
                words = without_other_columns(words, other, dropped)
            if words:
                lines.append(line_of(ln, words))
        if notes is not None:
            notes.extend(("column-not-in-template", f"表头“{word}”下的金额不是模板的列（如上年数、增减），未读入")
                         for word in sorted(dropped))
        if not any(_leading_codes(tokens) for _, _, tokens in lines):
            start = min(found)
            own = [(w, b) for w, b in head if (b[0] >= start - ALIGN) == (side == second)]
            if spacing is None:
                # (of both sides' lines: one side may wrap no name)
                spacing = page_spacing(body) if all(ln.bbox is not None for ln, _, _ in body) else {}
            joined, said = names_joined(lines, (items or {}).get(side, ()), own, spacing)
            if notes is not None:
                notes.extend(said)
        else:
            lines = code_cells_joined(lines) if all(ln.bbox is not None for ln, _, _ in lines) else lines
            joined = hanging_wraps_joined(lines) if aligned_to_top(lines) else centred_wraps_joined(lines)
        out += [(ln, text, side) for ln, text, _ in joined]
    return sorted(out, key=lambda x: (x[0].no, x[2] != first))     # (stable: a side's lines keep their order)


def other_columns(head: list[tuple[str, tuple]], start: float, second: bool) -> list[tuple[str, tuple]]:
    """A side's header words (word, box) of all its words, where one of them names a column no
    template has (上年预算数 beside 本年预算数): the side's words, each kept with its box; else
    none (the side's amounts are read as before)."""
    from .rows import NOT_A_TEMPLATE_COLUMN

    own = [(w, b) for w, b in head if (b[0] >= start - ALIGN) == second]
    return own if any(NOT_A_TEMPLATE_COLUMN.search(w) for w, _ in own) else []


def without_other_columns(words: list[Word], heads: list[tuple[str, tuple]], dropped: set[str]) -> list[Word]:
    """A side's words but the amounts standing under a header word that names a column no
    template has (the header word nearest across): each such word is added to `dropped`."""
    from .rows import NOT_A_TEMPLATE_COLUMN, is_amount_cell

    out = []
    for w in words:
        if is_amount_cell(w.text):
            word = min(heads, key=lambda h: abs(h[1][0] + h[1][2] - w.box[0] - w.box[2]))[0]
            if NOT_A_TEMPLATE_COLUMN.search(word):
                dropped.add(word)
                continue
        out.append(w)
    return out


def second_side_start(body: Body) -> float | None:
    """Where the second side begins across the page: the left edge of the leftmost word that
    follows an amount on its line (the first side's amounts end before the second side's
    names begin; a note's sentence is no table line); None where no line prints both."""
    from .rows import NOT_A_NAME, is_amount_cell

    starts = []
    for ln, text, tokens in body:
        if NOT_A_NAME.search(text):
            continue
        seen = False
        for w in words_of(ln, tokens):
            if is_amount_cell(w.text):
                seen = True
            elif seen:
                starts.append(w.box[0])
                break
    return min(starts) if starts else None


# ---- amounts placed in their columns by where they stand ------------------------------------
# On a page without rules the amounts of one column stand one under another (right-aligned,
# centred or left-aligned, their boxes overlap across), and apart from the next column's. A
# row printing fewer amounts than the table has columns (its other cells empty) is placed by
# those columns, not by its order and the identities: a figure printed under 基本支出 is the
# row's 基本支出, whatever the sums say (an error in them is the table's, for the checks).

def slots_boxed(slots: list, ln: Line, tokens: list[str]) -> None:
    """Each amount among a line's cells (the words it ends with) given its word's box and page,
    where the line printed them so (a name wrapped around it and joined to it changes only the
    words before them)."""
    words = ln.text.split()
    if ln.word_boxes is None or len(ln.word_boxes) != len(words) or not slots or len(slots) > len(words) \
            or words[-len(slots):] != tokens[-len(slots):]:
        return
    for value, box in zip(slots, ln.word_boxes[-len(slots):]):
        if value is not None:
            value.box, value.page = box, ln.page


def placed_by_columns(rows: list, keys: list[str], header: dict | None = None) -> None:
    """The amounts of each page, boxed by slots_boxed, placed in the columns they stand in,
    where the page's amounts stand in as many columns as the table prints (`keys`, in the order
    printed); an amount placed already keeps its column. A page of fewer columns (rows leaving
    a column empty throughout) takes the columns of another page of the table drawn alike, each
    of its columns within one of those, or on a page printing the header (`header`: per page,
    each key's word's span across) the columns its header words leave it (under_header); else its
    amounts are left to the order and the sums."""
    pages: dict[int | None, list] = {}
    for row in rows:
        for value in row.values:
            if value.box is not None:
                pages.setdefault(value.page, []).append(value)
    columns = {page: column_bands([v.box for v in values]) for page, values in pages.items()}
    full = [bands for bands in columns.values() if len(bands) == len(keys)]
    for page, values in pages.items():
        own = columns[page]
        ref = own if len(own) == len(keys) else next(
            (bands for bands in full if all(len(within_bands(b, bands)) == 1 for b in own)), None)
        at = [within_bands(b, ref)[0] for b in own] if ref is not None else \
            under_header(own, header[page]) if header is not None and page in header else None
        if at is None:
            continue
        for value in values:
            band = within_bands((value.box[0], value.box[2]), own)[0]
            if value.column is None:
                value.column = keys[at[band]]


def under_header(bands: list[tuple[float, float]], heads: list[tuple[float, float]]) -> list[int] | None:
    """The header word each column of amounts stands under, where only one reading is left: a
    column under a word is that word's; one between two words is either's (a right-aligned
    figure under a centred header stands past its word), never one with a word between it and
    the column; columns keep the header's order, one to a word. None where several readings
    are left (the order and the sums decide them)."""
    choices, past = [], []
    for a, b in bands:
        over = [n for n, (x0, x1) in enumerate(heads) if a < x1 and b > x0]
        left = [n for n, (_, x1) in enumerate(heads) if x1 <= a][-1:]
        right = [n for n, (x0, _) in enumerate(heads) if x0 >= b][:1]
        choices.append(over if over else left + right)
        past.append(over if over else left or right)
    readings = [r for r in itertools.product(*choices) if all(x < y for x, y in itertools.pairwise(r))]
    if len(readings) > 1:
        # a figure set flush right stands past its word, not before the next: where reading
        # each column between two words as the left one's leaves one reading, it is that
        # (a sheet's words set flush left, its figures flush right, 合计 | 上年结转)
        readings = [r for r in itertools.product(*past) if all(x < y for x, y in itertools.pairwise(r))]
    return list(readings[0]) if len(readings) == 1 else None


def column_bands(boxes: list[tuple]) -> list[tuple[float, float]]:
    """The columns the boxes stand in, left to right: the spans of boxes overlapping across."""
    bands: list[list[float]] = []
    for x0, _, x1, _ in sorted(boxes):
        if bands and x0 < bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands]


def within_bands(span: tuple[float, float], bands: list[tuple[float, float]]) -> list[int]:
    """The bands the span overlaps."""
    return [n for n, (a, b) in enumerate(bands) if span[0] < b and span[1] > a]


def wrapped_header_words(lines: list[Line], header: list[tuple[int, list[str]]], keep: int) -> tuple | None:
    """A side-by-side table's header whose words wrap in narrow columns (一般公共 / 预算,
    政府性基 / 金预算 beside 项目 | 合计, set on lines of their own or beside the others): its
    lines after the first `keep` (the sides' headings) read as one line, a word a stack of
    words standing over one another, top to bottom. (the header so, and that line's words'
    spans across on its page, {page: spans}); None where a stack holds two words of one line
    (a word over two columns) or the lines are not on one page."""
    by_no = {ln.no: ln for ln in lines}
    rest = header[keep:]
    if len(rest) < 2:
        return None
    words, line_of = [], {}
    for no, tokens in rest:
        ln = by_no.get(no)
        if ln is None or ln.word_boxes is None or len(ln.word_boxes) != len(tokens) or ln.page != by_no[rest[0][0]].page:
            return None
        for t, b in zip(tokens, ln.word_boxes):
            words.append(Word(t, b))
            line_of[id(words[-1])] = no
    stacks = header_stacks(words)
    if any(len({line_of[id(w)] for w in stack}) < len(stack) or not one_cells(stack) for stack in stacks):
        return None
    merged = [Word("".join(w.text for w in stack), span(stack)) for stack in stacks]
    spans = {by_no[rest[0][0]].page: [(w.box[0], w.box[2]) for w in merged]}
    return [*header[:keep], (rest[0][0], [w.text for w in merged])], spans


def one_cells(stack: list[Word]) -> bool:
    """The words over one another are one cell's lines: set flush left, flush right or centred
    alike (a group's word centred over several columns stands over one of their words, not
    aligned with it)."""
    return any(all(abs(edge(w) - edge(stack[0])) <= ALIGN for w in stack[1:])
               for edge in (lambda w: w.box[0], lambda w: w.box[2], middle_of))


def stacked_header(lines: list[Line], header: list[tuple[int, list[str]]], spec, rows: list = ()) -> tuple | None:
    """A header of several lines on a PDF page without rules, its words wrapped in narrow
    columns (上年结 / 转; 一般公共预 / 算 under 本年财政拨款收入): the words standing over one
    another are one column's header, read top to bottom; a word over two columns or more
    (本年财政拨款收入) heads a group. (the header rows, the template column each amount column's
    header names and their spans across on the page printing it, {page: spans}, as
    header_spans gives them) for placed_by_columns; None unless the
    columns after the row labels' each name a template column, once. A header of groups over
    groups, their words centred over their columns' (over none of them), is read as a tree
    (tree_header), one printing no fewer columns than the page's amounts (`rows`) stand in."""
    from .rows import column_of_word

    if len(header) < 2:
        return None
    by_no = {ln.no: ln for ln in lines}
    words = []
    for no, tokens in header:
        ln = by_no.get(no)
        if ln is None or ln.word_boxes is None or len(ln.word_boxes) != len(tokens):
            return None
        words += [(no, Word(t, b)) for t, b in zip(tokens, ln.word_boxes)]
    groups = [(no, w) for no, w in words
              if spans_columns(w, words) or heads_by_edge(no, w, words, spec) or declared_group(no, w, words, spec)]
    tails = groups_wrapped(groups, words, spec)
    stacks = header_stacks([w for no, w in words if (no, w) not in groups and (no, w) not in tails.values()])
    texts = ["".join(w.text for w in stack) for stack in stacks]
    labels = leading_labels(texts, spec)
    keys = [column_of_word(t, spec) for t in texts[labels:]]
    parts: dict[int, str] = {}
    if labels and None in keys:
        # a column's header over sub-columns the template has not (人员经费 over 小计 |
        # 工资福利支出 | 对个人和家庭的补助): its 小计 is the column, the others are not read
        split = sub_header_stacks(words, groups, spec)
        if split is not None:
            groups, stacks, keys, parts = split
            texts = ["".join(w.text for w in stack) for stack in stacks]
            labels = leading_labels(texts, spec)
            keys = keys[labels:]
    named = [k for k in keys if k is not None]
    fits = labels and keys and len(named) + len(parts) == len(keys) and len(set(named)) == len(named)
    # groups over groups (财政拨款 over 基本支出 over 人员经费 | 公用经费) centred between their
    # columns' words, over none of them: read as a tree where the reading above fails, leaves
    # parts out, or takes a word standing over columns for a column of its own
    tree = tree_header(words, spec, amount_columns(rows, by_no[header[0][0]].page))
    if tree is not None and (not fits or len(named) < sum(1 for k in tree[3] if k is not None)
                             or over_columns(tree[0], stacks[labels:])):
        groups, stacks, labels, keys, parts = tree
        texts = ["".join(w.text for w in stack) for stack in stacks]
        named = [k for k in keys if k is not None]
    elif not fits:
        return None
    spans = [(min(w.box[0] for w in s), max(w.box[2] for w in s)) for s in stacks[labels:]]
    rows = [(groups[0][0], [w.text + (tails[id(w)][1].text if id(w) in tails else "")
                            for _, w in sorted(groups, key=lambda g: g[1].box[0])])] if groups else []
    rows.append((header[0][0] if not groups else header[-1][0], texts))
    keys = [k if k is not None else LEFT_OUT + parts[labels + n] for n, k in enumerate(keys)]
    return rows, keys, {by_no[header[0][0]].page: spans}


def amount_columns(rows: list, page: int | None) -> int:
    """How many columns the rows' amounts on the page stand in (column_bands)."""
    return len(column_bands([v.box for row in rows for v in row.values if v.box is not None and v.page == page]))


def over_columns(groups: list[tuple[int, Word]], stacks: list[list[Word]]) -> bool:
    """A group's word is among the columns' words of another reading."""
    heads = {id(w) for _, w in groups}
    return any(id(w) in heads for stack in stacks for w in stack)


MAX_TREES = 4096          # header readings a tree header tries at most


def tree_header(words: list[tuple[int, Word]], spec, columns: int = 0) -> tuple | None:
    """The header read as a tree of several levels where no rules show its cells (a 三线表, a
    page without rules): a word over two columns or more heads a group (财政拨款 over 基本支出 |
    项目支出, 基本支出 over 人员经费 | 公用经费), every word of those columns on lines below its
    own, the word centred over them (between their words, over none of them where they are even)
    or set flush with the first's left or the last's right; the words standing over one another
    are one column's. A reading prints no fewer columns than the amounts stand in (`columns`):
    a header cell spanning the header's lines (单位资金 beside 财政拨款 over its parts), its word
    on a middle line over none, is a column. A centred word does not say how far its group
    reaches (centred over B | C, it is centred over A | B | C | D too): of the readings the
    geometry leaves, those whose cells are set alike (set_alike), the ones whose columns' paths name the
    most template columns (slot_of, as a grid's cells) are read; none where these place the
    amounts differently (the reading left to the caller), of one placement the one of most
    groups. (groups, stacks, how many of them head row labels, each amount stack's key or None,
    {stack index: the path of a sub-column the template has not}); None unless one reading
    names a template column, or a part of one, under each amount column's header."""
    from .rows import column_of_word, label_header

    last = max(no for no, _ in words)
    # (the row labels' headers come first, under no group but one of their own: 科目编码 over
    # 类 | 款 | 项; a group over the first column leaves no row label)
    labels = [w for _, w in words if label_header(w.text, spec)]
    own = [w for w in labels if column_of_word(w.text, spec) is None]
    first = min(w.box[0] for _, w in words)
    cands = [(no, w, reach) for no, w in words if no < last and (w in own or w not in labels)
             for reach in [[x for x in group_reaches(no, w, words) if heads_labels(no, w, x, words, labels) == (w in own)
                            and (w in own or x[0] > first + ALIGN)]] if reach]
    # (the group words are set alike, set_alike: each way of setting them, its reaches only)
    alike = [[(no, w, [x for x in reach if way in edge_ways(w, *x)]) for no, w, reach in cands]
             for way in ("centre", "left", "right")]
    if not cands or any(readings_count(c) > MAX_TREES for c in alike):
        return None
    readings: dict[int, dict[tuple, tuple]] = {}
    picks = itertools.chain.from_iterable(itertools.product(*([None, *reach] for *_, reach in c)) for c in alike)
    for pick in picks:
        groups = [(no, w, x) for (no, w, _), x in zip(cands, pick) if x is not None]
        reading = tree_reading(words, groups, spec)
        if reading is not None and len(reading[3]) >= columns and set_alike(groups, reading[1]):
            # (a word standing so over columns heads them: not a column of its own, between
            # them, that no amount stands under)
            rank = sum(1 for k in reading[3] if k is not None)
            kept = readings.setdefault(rank, {}).get(tuple(reading[3]))
            if kept is None or len(kept[0]) < len(groups):
                readings[rank][tuple(reading[3])] = reading
    if not readings:
        return None
    best = readings[max(readings)]
    return next(iter(best.values())) if len(best) == 1 else None


def heads_labels(no: int, word: Word, reach: tuple[float, float], words: list[tuple[int, Word]], labels: list[Word]) -> bool:
    """The words below the word within the reach all head row labels (类 | 款 | 项 under 科目编码)."""
    below = [w for n, w in words if n > no and reach[0] - ALIGN <= w.box[0] and w.box[2] <= reach[1] + ALIGN]
    return all(w in labels for w in below)


def set_alike(groups: list[tuple[int, Word, tuple[float, float]]], stacks: list[list[Word]]) -> bool:
    """The header's cells are set alike: its group words all centred over their spans, all
    flush with their left or all flush with their right (a word as wide as its span is either),
    as the lines of a column's words of unequal widths are (非财政拨款结转结 / 余 flush left)."""
    def stacked_ways(stack: list[Word]) -> set[str]:
        x0, x1 = min(w.box[0] for w in stack), max(w.box[2] for w in stack)
        return set.intersection(*(edge_ways(w, x0, x1) | ({"centre"} if abs(middle_of(w) - (x0 + x1) / 2) <= ALIGN else set())
                                  for w in stack))
    alike = [edge_ways(w, x0, x1) for _, w, (x0, x1) in groups] + [stacked_ways(s) for s in stacks if len(s) > 1]
    return not alike or bool(set.intersection(*alike))


def edge_ways(w: Word, x0: float, x1: float) -> set[str]:
    """How the word is set over the span: flush left, flush right (both where as wide), else centred."""
    flush = {side for side, d in (("left", w.box[0] - x0), ("right", w.box[2] - x1)) if abs(d) <= ALIGN}
    return flush or {"centre"}


def readings_count(cands: list[tuple]) -> int:
    """How many readings the group words' reaches make (each word a group or not)."""
    count = 1
    for *_, reach in cands:
        count *= len(reach) + 1
    return count


def group_reaches(no: int, word: Word, words: list[tuple[int, Word]]) -> list[tuple[float, float]]:
    """The spans across of each run of two stacks or more of the words below the word's line
    that it may head: it stands within the run, centred over it or flush with its first's left
    or its last's right. Centred: its middle is the run's cells', which start between the
    stack before the run and the run's first, and end between the run's last and the stack
    after it (each cell holds its words; unequal cells put the middle off that of the first and
    last stacks' middles)."""
    stacks = header_stacks([w for n, w in words if n > no])
    lefts = [min(w.box[0] for w in s) for s in stacks]
    rights = [max(w.box[2] for w in s) for s in stacks]
    out = []
    for a, b in itertools.combinations(range(len(stacks)), 2):
        x0, x1 = min(lefts[a:b + 1]), max(rights[a:b + 1])
        if word.box[0] < x0 - ALIGN or word.box[2] > x1 + ALIGN:
            continue
        low = (rights[a - 1] + rights[b]) / 2 if a else -math.inf
        high = (lefts[a] + lefts[b + 1]) / 2 if b + 1 < len(stacks) else math.inf
        # (flush left and right alike: a word as wide as the stack it is flush with may head
        # the run that stack starts as well as the one it ends; set_alike tells them apart)
        flush = abs(word.box[0] - lefts[a]) <= ALIGN or abs(word.box[2] - rights[b]) <= ALIGN
        if low - ALIGN <= middle_of(word) <= high + ALIGN or flush:
            out.append((x0, x1))
    return out


def tree_reading(words: list[tuple[int, Word]], groups: list[tuple[int, Word, tuple[float, float]]], spec) -> tuple | None:
    """The header read with these group words over these spans (tree_header); None where the
    geometry or the template's columns do not allow it: a column's words not one cell's, a group
    over fewer than two columns, over a column whose words are not all below it, cutting one, or
    crossing another group, or an amount column naming no template column nor a part of one."""
    from ..text import norm_label
    from .geometry import HeaderCell, heading_key, slot_of, unknown_part_of_group
    from .rows import label_header

    line_of = {id(w): no for no, w in words}
    heads = {id(w) for _, w, _ in groups}
    stacks = header_stacks([w for _, w in words if id(w) not in heads])
    if any(len({line_of[id(w)] for w in s}) < len(s) or not one_cells(s) for s in stacks):
        return None
    spans = [(min(w.box[0] for w in s), max(w.box[2] for w in s)) for s in stacks]
    tops = [min(line_of[id(w)] for w in s) for s in stacks]
    under = []
    for no, _, (x0, x1) in groups:
        inside = frozenset(k for k, (a, b) in enumerate(spans) if a >= x0 - ALIGN and b <= x1 + ALIGN)
        cut = any(a < x1 and b > x0 for k, (a, b) in enumerate(spans) if k not in inside)
        if cut or len(inside) < 2 or any(tops[k] <= no for k in inside):
            return None
        under.append(inside)
    for ((n1, *_), s1), ((n2, *_), s2) in itertools.combinations(zip(groups, under), 2):
        # (groups nest, the outer one on a line above: 财政拨款 over 基本支出)
        if s1 & s2 and not (s1 < s2 and n2 < n1 or s2 < s1 and n1 < n2):
            return None
    last = max(line_of.values()) + 1
    cells = [HeaderCell(heading_key(w.text), norm_label(w.text), min(spans[k][0] for k in s), max(spans[k][1] for k in s), no)
             for (no, w, _), s in zip(groups, under)]
    texts = ["".join(w.text for w in s) for s in stacks]
    # (the row labels' headers come first, under no group: a 合计 under 年初预算 is no label)
    amounts = [s for (_, w, _), s in zip(groups, under) if not label_header(w.text, spec)]
    labels = leading_labels(texts[:min((min(s) for s in amounts), default=len(texts))], spec)
    keys, parts = [], {}
    for k, (text, (a, b)) in enumerate(zip(texts, spans)):
        if k < labels:
            continue
        slot = slot_of(spec, [*cells, HeaderCell(heading_key(text), norm_label(text), a, b, last)], (a, 0, b, 0))
        if slot.label or slot.column is None and slot.part_of is None and not unknown_part_of_group(spec, slot.path):
            return None
        keys.append(slot.column.key if slot.column is not None else None)
        if slot.column is None:
            parts[k] = "/".join(slot.path.split("/")[-2:])
    named = [k for k in keys if k is not None]
    if len(set(named)) < len(named) or not keys or not labels:
        return None
    return [(no, w) for no, w, _ in groups], stacks, labels, keys, parts


def declared_group(no: int, word: Word, words: list[tuple[int, Word]], spec) -> bool:
    """The word is a group the template declares over its columns (header_groups: 本年财政拨款收入
    over 一般公共预算拨款收入 | 政府性基金 …), with words under it, and names no column itself but
    the one its subtotal under it names (财政拨款 over 小计), or one other than the column the
    words under it name: centred over narrow columns whose headers wrap, or set flush left, it
    may stand over one column's words only (spans_columns misses it)."""
    from ..text import match_key
    from .rows import column_of_word

    key = match_key(word.text)
    if not any(match_key(g) == key for g in spec.header_groups):
        return False
    under = [w for n, w in words if n > no and overlaps(word, w)]
    if not under:
        return False
    own = column_of_word(word.text, spec)
    # (or the words under it, read top to bottom, name another column: 财政拨款 centred over
    # 一般公共 / 预算, its 小计 standing left of it)
    below = "".join(w.text for w in sorted(under, key=lambda w: (w.box[1], w.box[0])))
    return own is None or any(column_of_word(w.text, spec) == own for w in under) \
        or column_of_word(below, spec) not in (None, own)


def groups_wrapped(groups: list[tuple[int, Word]], words: list[tuple[int, Word]], spec) -> dict[int, tuple[int, Word]]:
    """The words of groups wrapped onto a line below (功能分类科目 / 编码 over 类 | 款 | 项): the
    one word of the nearest line under a group that stands within its width and goes on with
    the group's words into a header the template knows (a label header or a group) is the
    group's rest, not the first column's. {id of the group's word: its rest (line, word)}"""
    from ..text import match_key
    from .rows import label_header

    keys = {match_key(g) for g in spec.header_groups}
    out = {}
    for no, g in groups:
        below = [(n, w) for n, w in words if n > no and overlaps(g, w)]
        under = [(n, w) for n, w in below if n == min(m for m, _ in below)]
        if len(under) == 1 and (label_header(g.text + under[0][1].text, spec) or match_key(g.text + under[0][1].text) in keys):
            out[id(g)] = under[0]
    return out


MAX_SUBS = 16          # sub-columns under the heads of one header at most (their splits are tried)

# the key placed_by_columns gives the amounts of a sub-column the template has not, before
# its header's path (人员经费/工资福利支出): they are left out, and said (rows.plain_rows)
LEFT_OUT = "\x00"


def leading_labels(texts: list[str], spec) -> int:
    """How many of the header's first columns head row labels."""
    from .rows import column_of_word, label_header

    labels = 0
    while labels < len(texts) and column_of_word(texts[labels], spec) is None and label_header(texts[labels], spec):
        labels += 1
    return labels


def sub_header_stacks(words: list[tuple[int, Word]], groups: list[tuple[int, Word]], spec) -> tuple | None:
    """The header read with a template column's word over sub-columns the template has not:
    the word (人员经费) stands on a line above two stacks or more of words that name no
    template column, as block_starts reads them. Its sub-column 小计 (合计) is the column;
    the others name no template column unless their own words do. (groups with the heads, stacks, each stack's key or None, the stacks
    left out → their header's path); None unless each head has one such run of stacks."""
    from ..text import match_key
    from .geometry import SUBTOTAL_KEYS
    from .rows import column_of_word, label_header

    last = max(no for no, _ in words)
    cands = [(no, w) for no, w in words if (no, w) not in groups and no < last and column_of_word(w.text, spec)]
    rest = [(no, w) for no, w in words if (no, w) not in groups and (no, w) not in cands]
    line_of = {id(w): no for no, w in words}
    stacks = header_stacks([w for _, w in rest])
    tops = [min(line_of[id(w)] for w in stack) for stack in stacks]
    texts = ["".join(w.text for w in stack) for stack in stacks]
    free = [column_of_word(t, spec) is None and not label_header(t, spec) for t in texts]
    found = sub_runs(cands, stacks, tops, free)
    heads = [(no, head) for no, head, _ in found]
    runs = [(head, run) for _, head, run in found]
    if not heads:
        return None
    loose = [w for no, w in cands if (no, w) not in heads]
    if any(overlaps(w, v) for w in loose for stack in stacks for v in stack):
        return None                   # a word that heads no run stands over a column: not read so
    keys, parts = [], {}
    under = {n: head for head, run in runs for n in run}
    for n, text in enumerate(texts):
        own = column_of_word(text, spec)
        head = under.get(n)
        if head is not None and match_key(text) in SUBTOTAL_KEYS:
            own = column_of_word(head.text, spec)
        keys.append(own)
        if own is None and head is not None:
            parts[n] = f"{head.text}/{text}"
    extra = [[w] for w in loose]
    order = sorted(range(len(stacks) + len(extra)), key=lambda n: min(w.box[0] for w in (stacks + extra)[n]))
    keys += [column_of_word(w.text, spec) for w in loose]
    new_at = {old: new for new, old in enumerate(order)}
    return (groups + heads, [(stacks + extra)[n] for n in order], [keys[n] for n in order],
            {new_at[n]: said for n, said in parts.items()})


def sub_runs(cands: list[tuple[int, Word]], stacks: list[list[Word]], tops: list[int], free: list[bool]) -> list[tuple]:
    """[(line, head, the indices of the stacks it heads)]: each run of stacks side by side that
    head no template column nor row labels (`free`) split among the heads standing above it
    (block_starts); a block the heads do not split one way only is left unsplit."""
    out = []
    n = 0
    while n < len(stacks):
        if not free[n]:
            n += 1
            continue
        m = n
        while m + 1 < len(stacks) and free[m + 1]:
            m += 1
        x0, x1 = min(w.box[0] for w in stacks[n]), max(w.box[2] for w in stacks[m])
        if m > n:
            # a head set left (right) over sub-headers centred starts (ends) where its first
            # (last) cell does, before (past) that cell's words: half a cell out
            mids = [sum(w.box[0] + w.box[2] for w in stacks[k]) / (2 * len(stacks[k])) for k in (n, n + 1, m - 1, m)]
            x0, x1 = min(x0, mids[0] - (mids[1] - mids[0]) / 2), max(x1, mids[3] + (mids[3] - mids[2]) / 2)
        over = sorted(((no, h) for no, h in cands if x0 - ALIGN <= h.box[0] <= x1 or x0 <= middle_of(h) <= x1),
                      key=lambda nh: nh[1].box[0])
        starts = block_starts([h for _, h in over], stacks, n, m) if over else None
        if starts is not None:
            ends = [*starts[1:], m + 1]
            runs = [list(range(a, b)) for a, b in zip(starts, ends)]
            if all(tops[k] > no for (no, _), run in zip(over, runs) for k in run):
                out += [(no, head, run) for (no, head), run in zip(over, runs)]
        n = m + 1
    return out


def block_starts(heads: list[Word], stacks: list[list[Word]], n: int, m: int) -> list[int] | None:
    """Where each head's sub-columns start among stacks n..m, two or more to a head: each head
    set flush left with one of them heads from there (a sheet's text set left); else each head
    is centred over its run. None where neither reads the block, or more than one way."""
    lefts = [min(w.box[0] for w in stack) for stack in stacks]
    rights = [max(w.box[2] for w in stack) for stack in stacks]
    mids = [(a + b) / 2 for a, b in zip(lefts, rights)]

    def runs_ok(starts: list[int]) -> bool:
        ends = [*starts[1:], m + 1]
        return starts[0] == n and all(b - a >= 2 for a, b in zip(starts, ends))

    flush = [next((k for k in range(n, m + 1) if abs(lefts[k] - h.box[0]) <= ALIGN), None) for h in heads]
    if None not in flush:
        return flush if runs_ok(flush) else None
    if m - n + 1 > MAX_SUBS:
        return None
    # a centred sub-header's middle is its cell's: a head centred over a run stands midway
    # between the middles of its first and last (unequal cells put it off by a little)
    slack = max(ALIGN, min((mids[k + 1] - mids[k] for k in range(n, m)), default=0) / 4)
    cuts = [[n, *cut] for cut in itertools.combinations(range(n + 1, m + 1), len(heads) - 1)]
    cuts = [starts for starts in cuts if runs_ok(starts)]
    readings = [starts for starts in cuts
                if all(abs(middle_of(h) - (mids[a] + mids[b - 1]) / 2) <= slack
                       for h, a, b in zip(heads, starts, [*starts[1:], m + 1]))]
    if not readings:
        # the heads set otherwise than their sub-headers (人员经费 set left over sub-headers
        # centred: a sheet's merged cell left as typed): each head against its run's cells,
        # their edges as the sub-headers' alignment puts them, one way for the whole header
        readings = [starts for starts in cuts if any(
            all(head_aligned(h, edges, a - n, b - n, how, slack) for h, a, b in zip(heads, starts, [*starts[1:], m + 1]))
            for edges in cell_edges(lefts[n:m + 1], rights[n:m + 1], mids[n:m + 1])
            for how in ("left", "center", "right"))]
    return readings[0] if len(readings) == 1 else None


def cell_edges(lefts: list[float], rights: list[float], mids: list[float]) -> list[list[float]]:
    """The cell edges across of a run of header stacks (k and k + 1: the run's stack k's), as
    each alignment of the stacks' words puts them: set left, a cell starts where its words do (the last ends a cell
    further); set right, it ends where they do; centred, two cells meet midway between their
    words' middles (the outer edges half a cell out)."""
    count = len(mids)
    if count < 2:
        return []
    step = [b - a for a, b in itertools.pairwise(mids)]
    left = [*lefts, lefts[-1] + step[-1]]
    right = [rights[0] - step[0], *rights]
    centred = [mids[0] - step[0] / 2, *((a + b) / 2 for a, b in itertools.pairwise(mids)), mids[-1] + step[-1] / 2]
    return [left, right, centred]


def head_aligned(head: Word, edges: list[float], a: int, b: int, how: str, slack: float) -> bool:
    """The head stands over the cells of stacks a..b-1 set `how` (left, center, right)."""
    x0, x1 = edges[a], edges[b]
    if how == "left":
        return abs(head.box[0] - x0) <= slack and head.box[2] <= x1
    if how == "right":
        return abs(head.box[2] - x1) <= slack and head.box[0] >= x0
    return abs(middle_of(head) - (x0 + x1) / 2) <= slack


def middle_of(w: Word) -> float:
    return (w.box[0] + w.box[2]) / 2


def heads_by_edge(no: int, word: Word, words: list[tuple[int, Word]], spec) -> bool:
    """The word heads a group of the template's columns (基本支出 of 人员经费 | 公用经费) set flush
    left (right) in its merged cell: it stands over its first (last) column's word only, edge to
    edge with it, not over the others (spans_columns misses it), and is no wrapped column header's
    first line: that word names a column of its group, and so does the word beside it on its
    line, on the group's side."""
    from ..text import match_key
    from .rows import column_of_word

    key = match_key(word.text)
    members = [c for c in spec.columns if any(match_key(p) == key for p in c.path)]
    if not members or column_of_word(word.text, spec) is not None:
        return False
    under = [(n, w) for n, w in words if n > no and overlaps(word, w)]
    if len(under) != 1:
        return False
    n, first = under[0]
    names = {c.key for c in members}
    if column_of_word(first.text, spec) not in names:
        return False
    line = sorted((w for m, w in words if m == n), key=lambda w: w.box[0])
    at = next(k for k, w in enumerate(line) if w is first)
    beside = []
    if abs(word.box[0] - first.box[0]) <= ALIGN and at + 1 < len(line):
        beside.append(line[at + 1])           # set left: its group goes on to the right
    if abs(word.box[2] - first.box[2]) <= ALIGN and at:
        beside.append(line[at - 1])           # set right: to the left
    return any(column_of_word(w.text, spec) in names for w in beside)


def spans_columns(word: Word, words: list[tuple[int, Word]]) -> bool:
    """The word stands over two words or more that stand apart, of one line or of lines below it (a
    group's header)."""
    lines: dict[int, list[Word]] = {}
    for no, w in words:
        if w is not word and overlaps(word, w):
            lines.setdefault(no, []).append(w)
    if any(len(under) > 1 and not any(overlaps(a, b) for a, b in itertools.combinations(under, 2))
           for under in lines.values()):
        return True
    # a group's word centred over narrow columns whose headers wrap onto lines of their own
    # (财政拨款 over 小计 | 一般公共 / 预算: it stands over 一般公共 on one line and 小计 on the
    # next): two words of lines below it that stand apart are two columns under it
    at = next(no for no, w in words if w is word)
    below = [w for no, ws in lines.items() if no > at for w in ws]
    return any(not overlaps(a, b) for a, b in itertools.combinations(below, 2))


def header_stacks(words: list[Word]) -> list[list[Word]]:
    """The words standing over one another (overlapping across), each stack top to bottom,
    stacks left to right."""
    stacks: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.box[0]):
        joined = [s for s in stacks if any(overlaps(w, v) for v in s)]
        for s in joined[1:]:
            joined[0].extend(s)
            stacks.remove(s)
        if joined:
            joined[0].append(w)
        else:
            stacks.append([w])
    return sorted((sorted(s, key=lambda w: (w.box[1], w.box[0])) for s in stacks), key=lambda s: min(w.box[0] for w in s))
