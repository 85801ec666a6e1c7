"""readers.base.lines_holding against the test of each line it replaces."""

import random

from budgetlens.readers.base import Line, lines_holding

WORDS = ("第", "目", "表", "编制", "第第")


def each_line(lines, words):
    return {word: [i for i, line in enumerate(lines) if word in line.text] for word in words}


def test_as_each_line_tested():
    rng = random.Random(0)
    pieces = ["第", "目", "表", "编", "制", "a", " ", "\f", ""]
    for _ in range(3000):
        lines = [Line(n, "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))))
                 for n in range(rng.randint(0, 9))]
        assert lines_holding(lines, WORDS) == each_line(lines, WORDS)


def test_text_holding_a_line_break():
    # (a reader that keeps a cell's break in its line's text: still one line each)
    lines = [Line(1, "第一\n表"), Line(2, "目录"), Line(3, "x\n\n"), Line(4, "附表")]
    assert lines_holding(lines, WORDS) == each_line(lines, WORDS)


def test_no_lines():
    assert lines_holding([], WORDS) == {word: [] for word in WORDS}
