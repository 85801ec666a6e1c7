"""Amounts run together by a text conversion: "20.002.00" is 20.00 and 2.00 where two columns
stood too close for pdftotext to put a space between them.

A run is cut only where the cut is forced: every amount of a table prints the same number of
decimals, so the digits after a decimal point are the last one's count and the next amount
starts right after them ("1,234.5678.90" → 1,234.56 | 78.90); a thousands group holds three
digits, so a longer one is the next amount's start ("16,603,24816,353,248" → 16,603,248 |
16,353,248). Every piece must read as an amount on its own; otherwise the token is left as
printed (and, having no amount in it, reported by the table reader as a label). Each cut is
named in a warning: the reading is the reader's, not the printer's.
"""

from __future__ import annotations

import re

from .base import Line

# a token with two decimal points, or a thousands group of more than three digits
GLUED = re.compile(r"(?<![\dA-Za-z.,])(?:\d[\d,]*\.\d+[\d,]*\.\d+|\d{1,3}(?:,\d{3})*,\d{4,}[\d,]*(?:\.\d+)?)"
                   r"(?![\dA-Za-z.,])")
AMOUNT = re.compile(r"^(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d+)?$")
# a thousands group of other than three digits: "24816,353" (248 and 16,353, or 24 and 816,353?)
BAD_GROUP = re.compile(r"(?<![\dA-Za-z.,])\d{4,},\d[\d,]*(?:\.\d+)?(?![\dA-Za-z.,年])")
DATE_LIKE = re.compile(r"^(?:19|20)\d{2}\.\d{1,2}\.\d{1,2}$|^\d{1,2}(?:\.\d{1,2}){2,}$")   # dates, 1.2.3 numbering
AMOUNT_IN_LINE = re.compile(r"(?<![\d.,])\d[\d,]*\.\d+(?![\d.,])")      # a line of a table with amounts
LEADING_INTEGER = re.compile(r"0|[1-9]\d{0,2}(?:,\d{3})+(?!\d)|[1-9]\d*")
COMMA_AMOUNT = re.compile(r"^(?:0|[1-9]\d{0,2}(?:,\d{3})*)(?:\.\d+)?$")
FULL_GROUPS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")      # greedy: every whole group


def unglue(token: str) -> list[str] | None:
    """The amounts a run-together token holds, or None where no cut is forced."""
    if "." in token:
        places = len(token) - token.rindex(".") - 1
        return _cut_decimals(token, places)
    return _cut_groups(token)


def _cut_decimals(token: str, places: int) -> list[str] | None:
    pieces, rest = [], token
    while rest:
        m = LEADING_INTEGER.match(rest)
        if m is None or rest[m.end():m.end() + 1] != ".":
            return None
        end = m.end() + 1 + places
        piece = rest[:end]
        if len(piece) - m.end() - 1 != places or not piece[m.end() + 1:].isdigit():
            return None
        pieces.append(piece)
        rest = rest[end:]
    return pieces if len(pieces) > 1 and all(AMOUNT.match(p) for p in pieces) else None


def _cut_groups(token: str) -> list[str] | None:
    pieces, rest = [], token
    while not COMMA_AMOUNT.match(rest):
        m = FULL_GROUPS.match(rest)
        if m is None or not rest[m.end():m.end() + 1].isdigit():
            return None
        pieces.append(m.group(0))
        rest = rest[m.end():]
    pieces.append(rest)
    return pieces if len(pieces) > 1 else None


# what any GLUED or BAD_GROUP match holds, found faster: the scans start at a "." or "," only
# (two searches, not one of "A|B": each then jumps from one of its literal first characters to the
# next, twenty times faster over a document; "\d+[\d,]*" is written "\d[\d,]*", the same strings
# without trying every split of a run of digits between the two)
SUSPECT_POINTS = re.compile(r"\.\d[\d,]*\.\d")
SUSPECT_GROUPS = re.compile(r",\d{4}")
COMMA_DIGIT = re.compile(r",\d")


def _suspect(text: str) -> bool:
    if SUSPECT_POINTS.search(text) or SUSPECT_GROUPS.search(text):
        return True
    return any(text[max(m.start() - 4, 0):m.start()].isdigit() for m in COMMA_DIGIT.finditer(text))


def unglue_lines(lines: list[Line], text: str) -> list[str]:
    """Cut run-together amounts in the lines (in place); a warning for each line cut, and for a
    run that cannot be cut with certainty (its amounts are not read: the reader says so)."""
    if not _suspect(text):          # most documents have no run: a cheap scan of the whole text
        return []
    warnings = []
    for i, ln in enumerate(lines):
        if ln.cells is not None:
            continue
        cuts, uncut = [], []

        def cut(m: re.Match) -> str:
            if DATE_LIKE.match(m.group(0)):      # 2024.10.1, 1.12.1: a date or a numbering
                return m.group(0)
            pieces = unglue(m.group(0))
            if pieces is None:
                if AMOUNT_IN_LINE.search(ln.text):
                    uncut.append(f"“{m.group(0)}”")
                return m.group(0)
            cuts.append(f"“{m.group(0)}”拆为 {'、'.join(pieces)}")
            return " ".join(pieces)

        fixed = GLUED.sub(cut, ln.text)
        if AMOUNT_IN_LINE.search(fixed):          # "2023,2024年度", "2080505,2080506" in prose: not amounts
            uncut += [f"“{m.group(0)}”" for m in BAD_GROUP.finditer(fixed) if unglue(m.group(0)) is None
                      and f"“{m.group(0)}”" not in uncut]
        if cuts:
            lines[i] = Line(ln.no, fixed, ln.cells, ln.page)
            warnings.append(f"第 {ln.no} 行金额连写，按小数位和千分位拆开：{'；'.join(cuts)}")
        if uncut:
            warnings.append(f"第 {ln.no} 行{'、'.join(uncut)}疑为几个金额连写，无法确定如何拆开，未作金额读取")
    return warnings


# ---- an amount run into the next cell's code (one decimal point) ------------------------------
# A spreadsheet printed without borders puts a right-aligned amount almost against the code
# beginning the next cell: "2,990.40" and "201" read "2,990.40201". Every amount of a table
# prints the same number of decimals, so digits beyond them are the next cell's: cut where the
# page's other amounts all print one number of decimals and the digits left over are a code
# (3 to 7 digits: 类, 款 or 项). Any other mix of decimals (an amount wrapped in its cell,
# "3227.4" over "0") cuts nothing.

POINTED = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)\.(\d+)(?![\d.,%％万亿元])")
MIN_WITNESSES = 3        # amounts that show the page's decimals before a longer one is cut
CODE_DIGITS = range(3, 8)


def printed_places(texts: list[str]) -> int | None:
    """The decimals the amounts of the texts print: the fewest, when at least MIN_WITNESSES
    amounts print that many and every longer one is that many plus a code (None otherwise)."""
    counts: dict[int, int] = {}
    for text in texts:
        for m in POINTED.finditer(text):
            counts[len(m.group(2))] = counts.get(len(m.group(2)), 0) + 1
    if not counts:
        return None
    fewest = min(counts)
    if fewest == 0 or counts[fewest] < MIN_WITNESSES:
        return None
    return fewest if all(n - fewest in CODE_DIGITS for n in counts if n != fewest) else None


def cut_long_decimals(text: str, places: int) -> tuple[str, list[str]]:
    """The text with each amount that has a code's digits beyond `places` decimals cut after
    them, and the cuts made ("“2,990.40201”拆为 2,990.40、201")."""
    cuts = []

    def cut(m: re.Match) -> str:
        if len(m.group(2)) - places not in CODE_DIGITS or DATE_LIKE.match(m.group(0)):
            return m.group(0)
        end = len(m.group(1)) + 1 + places
        amount, rest = m.group(0)[:end], m.group(0)[end:]
        cuts.append(f"“{m.group(0)}”拆为 {amount}、{rest}")
        return f"{amount} {rest}"

    return POINTED.sub(cut, text), cuts
