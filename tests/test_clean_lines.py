"""clean_lines cleans many lines at once exactly as clean_printed cleans each one."""

from __future__ import annotations

import random
from pathlib import Path

from budgetlens.extract.narrative import clean_lines, clean_printed
from budgetlens.readers import read_document

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"


def test_tricky_lines_clean_alike():
    texts = ["  # 标题", "- 一般公共预算", "-", "- ", "* **粗** 体", "a  b", "中 b", "A\tB 万元",
             "１，２３４．５６ 万元", "<b>x</b> 12 万元", "<b>x", "x>", "  ", "\x0c 12 34 \x0c", "__init__",
             "#######  x", "# ", "#", "+  c d", "1 ２", "ab  ", "  ab", "a\x0bb", "１２．５％", "增长 3.2 ％"]
    assert clean_lines(texts) == [clean_printed(t) for t in texts]


def test_random_lines_clean_alike():
    alphabet = [*" \t\x0c\u3000<>/#-*+_a1Z９０，．％中元", "<b>", "</i>", "**", "__"]
    rng = random.Random(7)
    for _ in range(2000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 6))]
        assert clean_lines(texts) == [clean_printed(t) for t in texts], texts


def test_seed_lines_clean_alike():
    for path in sorted(EXAMPLES.glob("*.txt")):
        texts = [ln.text for ln in read_document(path).lines]
        assert clean_lines(texts) == [clean_printed(t) for t in texts]


def test_a_line_holding_a_newline_is_cleaned_alone():
    texts = ["a\nb 1", " 中 文 "]
    assert clean_lines(texts) == [clean_printed(t) for t in texts]
