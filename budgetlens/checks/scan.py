"""Regex searches that try only the positions where a match can begin.

Python's re engine tries every position of a text when a pattern opens with a lookbehind or an
optional word, as the date and placeholder patterns do; but their matches begin at a year
("2026年"), a word (时间) or a few characters, and a narrative holds few of those. Each
function here gives exactly `pattern.finditer(text)` for patterns whose matches are never
empty and always begin at one of the positions it is given.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator


def finditer_at(pattern: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """pattern.finditer(text), trying only `starts` (ascending). A lookbehind still sees the
    text before the start, and ^ with re.M still means a line start."""
    end = 0
    for p in starts:
        if p < end:
            continue
        m = pattern.match(text, p)
        if m is not None:
            yield m
            end = m.end()


def year_starts(text: str, digits: int = 4) -> list[int]:
    """Where `digits` decimal digits (\\d), then whitespace (\\s*), then 年 begin: the only
    starts of a pattern that opens with (\\d{4})\\s*年."""
    out = []
    i = text.find("年")
    while i >= 0:
        j = i
        while j > 0 and text[j - 1].isspace():
            j -= 1
        p = j - digits
        if p >= 0 and text[p:j].isdecimal():
            out.append(p)
        i = text.find("年", i + 1)
    return out


def word_starts(text: str, word: str, before: Iterable[int] = (0,)) -> list[int]:
    """Positions `before` characters ahead of each occurrence of `word` (a pattern that opens
    with optional words, e.g. (?:资金)?(?:执行)?时间, begins 0, 2 or 4 characters ahead)."""
    found = set()
    i = text.find(word)
    while i >= 0:
        found.update(i - b for b in before if i - b >= 0)
        i = text.find(word, i + 1)
    return sorted(found)


def line_openers(text: str, chars: str) -> list[int]:
    """Line starts (re's ^ with re.M: the text's start or after \\n) whose character is one of `chars`."""
    out = [0] if text[:1] and text[0] in chars else []
    for ch in chars:
        i = text.find("\n" + ch)
        while i >= 0:
            out.append(i + 1)
            i = text.find("\n" + ch, i + 1)
    return sorted(out)


def merged(*starts: Iterable[int]) -> list[int]:
    return sorted(set().union(*starts))
