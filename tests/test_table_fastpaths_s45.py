"""Quicker forms of the printed tables' tests find what the plain forms found, near misses
included: the cheap test before a regex never rules out what the regex would find."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlens.extract.rows import SPLIT_FIGURE, joined_figures

SETTINGS = settings(max_examples=500, deadline=None)


@SETTINGS
@given(st.text(alphabet="0123456789,. \n元一-", max_size=40))
def test_split_figure_test_agrees_with_the_regex(text):
    from budgetlens.extract.rows import has_split_figure

    assert has_split_figure(text) == (SPLIT_FIGURE.search(text) is not None)


def test_split_figures_found_by_each_mark_and_near_misses():
    """A cut after a point (". "), before it (" ."), or by a comma is found and joined; a text
    holding ". " without a cut figure, or no comma and no spaced point, is left as it is."""
    for text, joined in [("合计 384. 33", "合计 384.33"), ("合计 384 .33", "合计 384.33"),
                         ("合计 2,452,1 00.50", "合计 2,452,100.50"), ("合计 1,000, 000.00", "合计 1,000,000.00")]:
        assert joined_figures(text) == joined
    for text in ("1. 项目 二. 名称 3.50", "合计 384.33 12.00", "合计 384 . 33", "合计 2,452,100 0.50"):
        assert joined_figures(text) == text


# is_number_row as it was written before: the regex before the split
NUMBER_CHARS_PLAIN = re.compile(r"(?:栏次|[※\d\s])*").fullmatch


def number_row_plain(cells: list[str]) -> bool:
    text = " ".join(cells)
    first = text.lstrip()[:1]
    if not (first in frozenset("※栏") or first.isdecimal()) or NUMBER_CHARS_PLAIN(text) is None \
            or "1" not in text.split():
        return False
    numbers = [t for t in text.split() if t.isdigit()]
    return numbers == [str(n) for n in range(1, len(numbers) + 1)]


@SETTINGS
@given(st.lists(st.text(alphabet="0123 ※栏次\u3000a.", max_size=6), max_size=6))
def test_number_row_agrees_with_the_plain_form(cells):
    from budgetlens.extract.rows import is_number_row, is_number_text

    assert is_number_row(cells) == number_row_plain(cells) == is_number_text("  ".join(cells))


def test_number_rows_and_near_misses():
    """A numbering row with a 1 among its tokens; not one whose 1 is inside a token, nor a row
    of codes with a 1, nor integers with a 1 not counting from it."""
    from budgetlens.extract.rows import is_number_row

    for cells in (["※", "※", "1", "2", "3"], ["栏次", "1", "2"], [" 1", "2 "], ["1\u30002"]):
        assert is_number_row(cells) and number_row_plain(cells), cells
    for cells in (["12", "3"], ["201", "1", "行政运行"], ["20", "0", "1", "19"], ["※1", "2"], ["栏", "1"],
                  ["1", "2.50"]):
        assert not is_number_row(cells) and not number_row_plain(cells), cells


def test_full_width_figures_still_read_and_ascii_ones_alike():
    """Only a text with a character beyond ASCII is translated: full-width digits, point, comma
    and minus are read as before; an ASCII figure reads the same."""
    from decimal import Decimal

    from budgetlens.extract.rows import is_amount_text, is_integer, number_cell
    from budgetlens.text import parse_amount

    assert parse_amount("１，２３４．５０") == parse_amount("1,234.50") == (Decimal("1234.50"), 2)
    assert parse_amount("－１２．５０") == parse_amount("-12.50") == (Decimal("-12.50"), 2)
    assert parse_amount("−12.50") == (Decimal("-12.50"), 2)          # (U+2212, not translated)
    assert is_amount_text("１２．５０") and is_amount_text("12.50") and not is_amount_text("１２")
    assert is_integer("－１２５") and is_integer("-125") and not is_integer("12.5")
    assert number_cell("３，０００．００")[1:] == number_cell("3,000.00")[1:] == (Decimal("3000.00"), 2, True)
