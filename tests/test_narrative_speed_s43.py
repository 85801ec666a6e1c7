"""Session 43 speed cuts in the narrative's walk: each fast path gives what the general path gives."""
import pytest

from budgetlens.extract.narrative import _squeeze, _strip_markup, clean_printed, narrow_digits
from budgetlens.text import clear_caches, squeeze, squeezed

# near misses of clean_printed's whitespace-only path, which calls squeezed without squeeze's
# own test for whitespace: whitespace at the ends alone, a space kept between ASCII letters or
# digits, runs of whitespace, a full-width space
LINES = [
    "计划标准 ",
    "  12次\t",
    "系统 A 版本 2 台",
    "克州 12345 热线",
    "数量指标 \u3000 推广事项",
    "总额  101.34  万元",
    "x  y",
]


@pytest.mark.parametrize("line", LINES)
def test_squeezed_matches_squeeze(line):
    clear_caches()
    assert squeezed(line.strip()) == squeeze.__wrapped__(line)


@pytest.mark.parametrize("line", LINES)
def test_clean_printed_whitespace_path_matches_the_helpers(line):
    clear_caches()
    assert clean_printed.__wrapped__(line) == narrow_digits(_squeeze(_strip_markup(line)))


def test_squeezed_of_a_text_without_whitespace_is_the_text():
    assert squeezed("按照正常比例赋") == "按照正常比例赋"
    assert squeezed("A1") == "A1"
