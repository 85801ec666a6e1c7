"""Amounts wrapped at the decimal point in pdftotext output: a cell too narrow for its figure
prints "44,709." on one line and "66" on the next ("1,234." / "56"). Read apart, the halves are
a figure without its decimals and a stray integer, and the row's amounts shift. They are joined
again, before any table reader sees the lines:
- layout text (-layout): the head ends a line's cell, the tail (two digits) ends at the same
  character column one or two lines below (the row's line between them when the cell is
  centred); the joined amount goes on the row's line (the middle one; else the one of the two
  with other cells), flush right where both halves end;
- text in reading order (no -layout): a line holding just the head, the next just the tail.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .base import Line

# (a quick scan of the whole text: most documents have no such head) A digit, a point and
# nothing but spaces to the line's end; scanned for from the point, a literal the search jumps
# to (fifty times faster than trying a digit at every character), the digit checked before
# it (\d is str.isdecimal). A match holds one point: no point is passed over.
POINT_AT_END = re.compile(r"\.[ \t\f]*$", re.MULTILINE)


def suspect(text: str) -> bool:
    r"""Some line ends in a digit and a point, spaces after them allowed (\d\.[ \t\f]*$, multiline)."""
    return any(m.start() and text[m.start() - 1].isdecimal() for m in POINT_AT_END.finditer(text))


# a negative's marks go with their halves: "-44,709." or "(44,709." over "66" or "66)" (a bracket
# opened on the head's line is closed on the tail's, or neither)
HEAD = re.compile(r"(?<!\S)[-(（]?(?:\d{1,3}(?:,\d{3})+|\d+)\.(?=\s|$)")
TAIL = re.compile(r"(?<!\S)\d\d[)）]?(?=  |[ \t\f]*$)")
HEAD_ALONE = re.compile(r"^\s*[-(（]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\s*$")
TAIL_ALONE = re.compile(r"^\s*\d\d[)）]?\s*$")


def paired(head: str, tail: str) -> bool:
    """The head opens a bracket where the tail closes one, and only there."""
    return (head[:1] in "(（") == (tail[-1:] in ")）")


def join_decimal_wraps(lines: list[Line], text: str) -> list[str]:
    """Join amounts wrapped at the decimal point (in place); a note per line joined."""
    if not suspect(text):
        return []
    notes: list[str] = []
    for i, ln in enumerate(lines):
        if ln.cells is not None or "." not in ln.text:
            continue
        if HEAD_ALONE.match(ln.text):
            if not join_alone(lines, i, notes):
                join_layout(lines, i, notes)
        elif "   " in ln.text:
            join_layout(lines, i, notes)
    return notes


def join_alone(lines: list[Line], i: int, notes: list[str]) -> bool:
    """Reading order: the head alone on its line, the tail alone on the next."""
    if i + 1 >= len(lines) or lines[i + 1].cells is not None or not TAIL_ALONE.match(lines[i + 1].text) \
            or len(lines[i].text.strip()) < 3:
        return False
    head, tail = lines[i].text.strip(), lines[i + 1].text.strip()
    if not paired(head, tail):
        return False
    lines[i] = replace(lines[i], text=lines[i].text.replace(head, head + tail))
    lines[i + 1] = replace(lines[i + 1], text="")
    notes.append(f"第 {lines[i].no} 行金额“{head}”折行，与第 {lines[i].no + 1} 行的“{tail}”合为 {head + tail}")
    return True


def join_layout(lines: list[Line], i: int, notes: list[str]) -> None:
    """Layout text: each head on line i with its tail below, at the same right edge."""
    for m in list(HEAD.finditer(lines[i].text.replace("\f", " "))):
        end = m.end()
        for j in (i + 1, i + 2):
            if j >= len(lines) or lines[j].cells is not None or lines[j].page != lines[i].page:
                break
            tail = next((t for t in TAIL.finditer(lines[j].text.replace("\f", " "))
                         if abs(t.end() - end) <= 1 and paired(m.group(), t.group())), None)
            if tail is not None:
                place(lines, i, j, m, tail, notes)
                break


def place(lines: list[Line], i: int, j: int, head: re.Match, tail: re.Match, notes: list[str]) -> None:
    """The joined amount onto the row's line, flush right at the tail's end; without its
    thousands separators where the line has no room for them (amounts a space apart: the
    head's own place then holds it); nothing where it has no room even so."""
    amount = head.group() + tail.group()
    own = [k for k in (i, j) if len(lines[k].text.split()) > 1]
    row = i + 1 if j == i + 2 else (own[0] if own else i)
    texts = {k: lines[k].text for k in (i, j, row)}
    texts[i] = blank(texts[i], head.start(), head.end())
    texts[j] = blank(texts[j], tail.start(), tail.end()) if j != i else texts[j]
    end = tail.end()
    target = texts[row].ljust(end)
    if target[end - len(amount):end].strip():
        amount = amount.replace(",", "")
        if target[end - len(amount):end].strip():
            return                          # no room: left as printed
    texts[row] = target[:end - len(amount)] + amount + target[end:]
    for k, text in texts.items():
        lines[k] = replace(lines[k], text=text.rstrip() if text.strip() else "")
    notes.append(f"第 {lines[i].no} 行金额“{head.group()}”折行，与第 {lines[j].no} 行的“{tail.group()}”合为 {amount}")


def blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]
