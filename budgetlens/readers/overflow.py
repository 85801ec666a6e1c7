"""Amounts wider than their cells, printed across the ruling lines of a grid.

A report printer draws an amount too wide for its cell past the cell's side: its last
digits stand in the next cell, glued to that cell's own amount ("210,500.11" and
"207,514.47" read "210,500.1" | "1207,514.4" cell by cell: 210500.1, a wrong number with
nothing to show it). Where a character stands across a cell's side, the cells it joins are
read together: their characters, cut into amounts by the decimals the table's amounts print
(glued._cut_decimals), each amount to the cell that holds most of it, one amount to a cell. Where
that cut is not certain (other text among the digits, no decimals to cut by, two amounts to
one cell), each cell is printed with its pieces apart ("210,500.1 1"): the table reader
reports it unread (geometry.unsure_amount), never a prefix read as the amount.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import pairwise

from ..text import MINUS_MARKS, PLUS_MARKS, SIGN_MARKS, unmarked
from .glued import _cut_decimals

CROSS = 0.5                 # points: slack at a cell's side
NEAR = 12.0                 # points from a rule within which a character's middle is looked at
GAP = 1.5                   # points between characters that part two tokens
OVERLAP = 1.0               # points a character may reach back over the one before (kerning)
# an amount's characters: digits, points and commas, and the marks of its sign (text.signed:
# "-210,500.11", "−210,500.11", "(210,500.11)", "△210,500.11", "+210,500.11")
NUMERIC = set("0123456789,.") | set(SIGN_MARKS) | set(PLUS_MARKS) | set("()（）")
WHOLE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)\.(\d+)$")          # (its marks taken off: unmarked)
# a figure with the marks of its sign: opening bracket or sign, digits, closing bracket
SIGNED_RUN = re.compile(rf"([(（]|[{re.escape(SIGN_MARKS + PLUS_MARKS)}]|)([\d,.]+)([)）]|)")
# the same where the run ends with a minus: each minus after its figure (12.50-)
TRAILING_RUN = re.compile(rf"([(（]|[△▲{re.escape(PLUS_MARKS)}]|)([\d,.]+)([)）]|[{re.escape(MINUS_MARKS)}]|)")
MIN_WITNESSES = 3           # amounts that show the table's decimals


def whole(text: str) -> re.Match | None:
    """WHOLE of the figure inside its sign's marks."""
    return WHOLE.match(unmarked(text.strip()))


def table_places(texts: list[list[str]]) -> int | None:
    """The decimals the table's amounts print: those of nearly all its whole amounts."""
    counts = Counter(len(m.group(1)) for row in texts for t in row if t and (m := whole(t)))
    if not counts:
        return None
    places, n = counts.most_common(1)[0]
    return places if n >= MIN_WITNESSES and n >= 0.8 * sum(counts.values()) else None


class RowChars:
    """The page's characters, found by band (sorted by their vertical middle once)."""

    def __init__(self, chars: list[dict]):
        self.chars = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
        self.mids = [(c["top"] + c["bottom"]) / 2 for c in self.chars]

    def between(self, top: float, bottom: float) -> list[dict]:
        return self.chars[bisect_left(self.mids, top):bisect_right(self.mids, bottom)]


def spilled_cells(boxes: list, texts: list[str | None], chars: list[dict], places: int | None
                  ) -> tuple[dict[int, str], list[str]]:
    """The row's cells to read again (index → text) where characters stand across the rules
    between cells, and what was done (for the reader's warning): cuts made, cells left unread."""
    cells = sorted((n for n, b in enumerate(boxes) if b), key=lambda n: boxes[n][0])
    joins = [(a, b) for a, b in pairwise(cells) if abs(boxes[a][2] - boxes[b][0]) <= CROSS
             and runs_across(chars, boxes[a][2])]
    if not joins:
        return {}, []
    out: dict[int, str] = {}
    said = []
    for group in linked(joins):
        left, right = boxes[group[0]][0], boxes[group[-1]][2]
        inside = sorted((c for c in chars if c["x1"] > left + CROSS and c["x0"] < right - CROSS), key=lambda c: c["x0"])
        placed = placed_amounts(inside, [boxes[n] for n in group], places)
        # the cells the run touches: those with digits, or only a spilled mark (a ")" past the rule)
        digits = [n for n in group if texts[n] and (any(ch.isdigit() for ch in texts[n])
                                                     or NUMERIC.issuperset(texts[n].strip()))]
        shown = "".join(c["text"] for c in inside if c["text"] in NUMERIC)
        if placed is not None:
            out.update({n: text or "" for n, text in zip(group, placed) if text is not None or n in digits})
            said.append(f"“{shown}”拆为 {'、'.join(t for t in placed if t)}")
        else:
            out.update({n: pieces_apart(inside, boxes[n]) for n in digits})
            said.append(f"“{shown}”无法确定如何拆开，未读入")
    return out, said


def runs_across(chars: list[dict], rule: float) -> bool:
    """Digits stand against each other across the rule (no gap between them): one number's
    run, or two numbers run together, printed over the cells' side."""
    return bool(glued_pairs(chars, rule))


def glued_pairs(chars: list[dict], rule: float) -> list[tuple[dict, dict]]:
    """(left, right): digits (and their points and commas) on either side of the rule, on one
    line, with no gap between them."""
    near = [c for c in chars if abs(middle(c) - rule) < NEAR and c["text"] in NUMERIC]
    return [(a, b) for a in near if middle(a) < rule for b in near if middle(b) >= rule
            and b["x0"] - a["x1"] <= GAP and abs(a["top"] - b["top"]) < (a["bottom"] - a["top"]) / 2]


def middle(c: dict) -> float:
    return (c["x0"] + c["x1"]) / 2


def linked(joins: list[tuple[int, int]]) -> list[list[int]]:
    """Runs of cells joined by characters across the rules between them."""
    groups: list[list[int]] = []
    for a, b in joins:
        if groups and groups[-1][-1] == a:
            groups[-1].append(b)
        else:
            groups.append([a, b])
    return groups


def placed_amounts(chars: list[dict], boxes: list, places: int | None) -> list[str | None] | None:
    """Each cell's number (None: a cell that holds none, its text left as read) when the numbers
    among the characters cut with certainty: a number across a rule cut into amounts of
    `places` decimals, each amount mostly inside one cell, no two in one, and no word in a
    cell with a number (a unit, a note's letter: not cut apart from its number; a sign and
    brackets are the number's own, NUMERIC); else None. Words
    elsewhere (a name run into the next cell) are left to the cells they were read in."""
    out: list[str | None] = [None] * len(boxes)
    worded = set()
    for token in tokens(chars):
        text = "".join(c["text"] for c in token)
        if not NUMERIC.issuperset(text):
            worded.add(home(token, boxes))
            continue
        if any(b["x0"] < a["x1"] - OVERLAP for a, b in pairwise(token)):
            return None                     # digits printed over each other: their order is lost
        pieces = cut(text, token, boxes, places)
        if pieces is None:
            return None
        at = 0
        for piece in pieces:
            cell = home(token[at:at + len(piece)], boxes)
            at += len(piece)
            if cell is None or out[cell] is not None:
                return None
            out[cell] = piece
    return None if any(out[n] is not None for n in worded if n is not None) else out


def cut(text: str, token: list[dict], boxes: list, places: int | None) -> list[str] | None:
    """A number's pieces: itself where it stands across no rule or prints `places` decimals,
    else the amounts of `places` decimals it holds (None: no such cut). Where the table's own
    amounts do not show its decimals (most of them run together), the last amount's (the
    token's end stands inside a cell) do."""
    across = len({home([c], boxes) for c in token}) > 1
    figure = text.rstrip(")）")
    if places is None and "." in figure:
        places = len(figure) - figure.rindex(".") - 1
    if not across or (m := whole(text)) and places is not None and len(m.group(1)) == places:
        return [text]
    return signed_cut(text, places) if places else None


def signed_cut(text: str, places: int) -> list[str] | None:
    """The amounts of `places` decimals a run of figures holds, each with the marks of its sign
    ("(210,500.11)207,514.47" → (210,500.11) | 207,514.47; "−210,500.1107,514.47" →
    −210,500.11 | 07,514.47 is no amount: None), cut as the figures alone are; None where the
    marks do not say whose they are (a bracket without its pair; a minus between two figures,
    where the run neither starts nor ends with one: the first's, after it, or the second's)."""
    leading, trailing = text[:1] in MINUS_MARKS, text[-1:] in MINUS_MARKS
    if leading and trailing:
        return None
    pieces: list[str] = []
    at = 0
    for m in (TRAILING_RUN if trailing else SIGNED_RUN).finditer(text):
        opening, digits, closing = m.groups()
        if m.start() != at or (opening in ("(", "（")) != (closing in (")", "）")):     # (a bracket without its pair)
            return None
        if opening and opening in MINUS_MARKS and at and not leading:
            return None
        cut_up = [digits] if (w := WHOLE.match(digits)) and len(w.group(1)) == places else _cut_decimals(digits, places)
        if cut_up is None:
            return None
        cut_up[0] = opening + cut_up[0]
        cut_up[-1] += closing
        pieces += cut_up
        at = m.end()
    return pieces if at == len(text) and len(pieces) > 1 else None


def tokens(chars: list[dict]) -> list[list[dict]]:
    """The characters, line by line, cut where a gap parts them and where digits meet words."""
    lines: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: c["top"]):
        if lines and c["top"] - lines[-1][0]["top"] <= (c["bottom"] - c["top"]) / 2:
            lines[-1].append(c)
        else:
            lines.append([c])
    out: list[list[dict]] = []
    for line in lines:
        prev = None
        for c in sorted(line, key=lambda c: c["x0"]):
            if prev is None or c["x0"] - prev["x1"] > GAP or (c["text"] in NUMERIC) != (prev["text"] in NUMERIC):
                out.append([c])
            else:
                out[-1].append(c)
            prev = c
    return out


def home(chars: list[dict], boxes: list) -> int | None:
    """The cell holding more than half of the characters' width."""
    width = sum(c["x1"] - c["x0"] for c in chars)
    for n, box in enumerate(boxes):
        inside = sum(max(0.0, min(c["x1"], box[2]) - max(c["x0"], box[0])) for c in chars)
        if inside > width / 2:
            return n
    return None


def pieces_apart(chars: list[dict], box) -> str:
    """The cell's characters with the digits run into it from either side, a space between:
    read as pieces of numbers (an unsure amount, reported), never as one number."""
    line = sorted((c for c in chars if c["text"] in NUMERIC), key=lambda c: c["x0"])
    own = [c for c in line if box[0] <= middle(c) < box[2]]
    before = run(line, glued_pairs(line, box[0]), 0, lambda c: middle(c) < box[0])
    after = run(line, glued_pairs(line, box[2]), 1, lambda c: middle(c) >= box[2])
    parts = [before, spaced(own), after]
    return " ".join(p for p in parts if any(ch.isdigit() for ch in p))


def run(line: list[dict], pairs: list[tuple[dict, dict]], side: int, beyond) -> str:
    """The characters glued on from the neighbouring cell: the run of them beyond the rule
    (left of it for side 0, right for side 1), with no gap between them."""
    if not pairs:
        return ""
    start = line.index(pairs[0][side])
    step = -1 if side == 0 else 1
    got = [line[start]]
    k = start + step
    while 0 <= k < len(line) and beyond(line[k]) and abs(line[k]["x0"] - got[-1]["x0"]) > 0 \
            and (got[-1]["x0"] - line[k]["x1"] if side == 0 else line[k]["x0"] - got[-1]["x1"]) <= GAP:
        got.append(line[k])
        k += step
    got.sort(key=lambda c: c["x0"])
    return "".join(c["text"] for c in got)


def spaced(chars: list[dict]) -> str:
    """The characters' text, a space where a gap parts them."""
    out = ""
    for n, c in enumerate(chars):
        out += (" " if n and c["x0"] - chars[n - 1]["x1"] > GAP else "") + c["text"]
    return out


# ---- words run past their cell's side -----------------------------------------------------
# A spreadsheet prints a cell's text wider than its column past the column's side, clipped
# where the next cell holds text of its own (LibreOffice Calc and Excel draw the whole text and
# clip it): its last characters lie under the next cell (“208 社会保障和就业支” | “出 31.84”),
# read there, the next cell's amount lost behind them. The characters run on past the rule from
# the left cell's text with no gap are the left cell's.

def overrun_words(boxes: list, texts: list[str | None], chars: list[dict]) -> dict[int, str]:
    """The row's cells to read again (index → text) where a word runs on past its cell's
    right side into the next cell's: given back to its own cell."""
    cells = sorted((n for n, b in enumerate(boxes) if b), key=lambda n: boxes[n][0])
    out: dict[int, str] = {}
    for a, b in pairwise(cells):
        rule = boxes[a][2]
        if abs(rule - boxes[b][0]) > CROSS or not texts[b]:
            continue
        run_on = overrun(chars, rule)
        right = out.get(b, texts[b])
        # the run's words only where the cell's own amount is drawn over them (支出 under
        # 100.00); else the whole run, digits too (a project's code past its cell's side)
        for tail in ([c["text"] for c in run_on if c["text"] not in NUMERIC], [c["text"] for c in run_on]):
            rest = without(right, tail)
            if run_on and rest is not None and (not rest.strip() or whole(rest)):
                out[a] = (out.get(a, texts[a]) or "") + "".join(tail)
                out[b] = rest.strip()
                break
    return out


def without(text: str, chars: list[str]) -> str | None:
    """The text with the characters taken out in their order, each the first left; None where
    one is missing."""
    for ch in chars:
        at = text.find(ch)
        if at < 0:
            return None
        text = text[:at] + text[at + 1:]
    return text


def overrun(chars: list[dict], rule: float) -> list[dict]:
    """The characters of a word run on past the rule: the first right of it (by its middle)
    stands against a character left of it, no gap between them, and the others against it, on
    its line (a word's characters; the digits of an amount across a rule are spilled_cells')."""
    words = [c for c in chars if c["text"] not in NUMERIC and not c["text"].isspace()]
    # (one of them reaches the rule: a cell's own text keeps a padding from its sides)
    pairs = [(a, b) for a in words if rule - NEAR < middle(a) < rule
             for b in words if rule <= middle(b) < rule + NEAR and (a["x1"] >= rule - CROSS or b["x0"] <= rule + CROSS)
             and -OVERLAP <= b["x0"] - a["x1"] <= GAP and abs(a["top"] - b["top"]) < (a["bottom"] - a["top"]) / 2]
    if len(pairs) != 1:
        return []               # (none, or a wrapped cell's lines each across: not told apart)
    first = pairs[0][1]
    line = sorted((c for c in chars if abs(c["top"] - first["top"]) < (first["bottom"] - first["top"]) / 2
                   and not c["text"].isspace()), key=lambda c: c["x0"])
    got = [first]
    for c in line[line.index(first) + 1:]:
        if c["x0"] - got[-1]["x1"] > GAP:
            break
        got.append(c)
    return got
