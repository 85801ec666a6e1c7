"""One cheap pre-check guards is_amount_cell on the per-token paths (rows.one_cell_per_line,
side_cells.cells_apart): it must never turn away a cell is_amount_cell reads as an amount.
The cells are generated from is_amount_cell's own grammar (text.AMOUNT), then dressed as a
document may print them: full-width digits and signs, spaces inside a negative's marks, and
the markup cell_text strips (tags, markdown headings, bullets and emphasis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlens.extract import rows, side_cells
from budgetlens.extract.rows import is_amount_cell, may_be_amount, one_cell_per_line
from budgetlens.readers import Line
from budgetlens.text import AMOUNT, FULLWIDTH_DIGITS

TO_FULL = {v: k for k, v in FULLWIDTH_DIGITS.items()}      # ASCII → full-width (digits, signs)
DRESS = ["", " ", "\u3000", "\t", "<b>", "<td>", "**", "__", "# ", "## ", "- ", "+ ", "* ", "<", "*", "_", "#"]
TAIL = ["", "</b>", "**", "__", " ", "</td>"]


@st.composite
def amount_cells(draw):
    core = draw(st.from_regex(AMOUNT, fullmatch=True))
    if draw(st.booleans()):
        core = "".join(chr(TO_FULL.get(ord(c), ord(c))) if draw(st.booleans()) else c for c in core)
    if core[:1] in "(（△▲-−－+＋" and draw(st.booleans()):
        core = core[0] + draw(st.sampled_from([" ", "  "])) + core[1:]
    return draw(st.sampled_from(DRESS)) + core + draw(st.sampled_from(TAIL))


@settings(max_examples=600, deadline=None)
@given(amount_cells())
def test_the_precheck_never_turns_away_a_cell_read_as_an_amount(cell):
    assert may_be_amount(cell) or not is_amount_cell(cell)


ANY_CHAR = st.sampled_from("0123456789０１２３٣.,．，-−－+＋△▲()（）<>/b*_# \u3000\t合计元万")


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(max_size=12), st.text(ANY_CHAR, max_size=12)))
def test_nor_any_other_string(text):
    assert may_be_amount(text) or not is_amount_cell(text)


def test_the_forms_both_old_prechecks_missed_are_taken():
    # (rows.AMOUNT_CHARS took none of these, side_cells.AMOUNT_STARTS only the last but one)
    for cell in ("０.５０", "△12.50", "▲3.00", "－3.00", "＋2.00", "+2.00", "**12.50**", "12.50"):
        assert is_amount_cell(cell) and may_be_amount(cell), cell
    assert not may_be_amount("合计") and not may_be_amount("")


def test_one_precheck_for_both_paths():
    assert side_cells.may_be_amount is rows.may_be_amount
    assert not hasattr(rows, "AMOUNT_CHARS") and not hasattr(side_cells, "AMOUNT_STARTS")


def test_a_block_of_marked_negatives_one_a_line_is_told_one_cell_a_line():
    cells = ["合计", "△12.50", "－3.00", "△1.50", "一般公共服务支出", "△2.50", "－4.00", "△0.50"]
    lines = [(Line(no=n + 1, text=t), t) for n, t in enumerate(cells)]
    assert one_cell_per_line(lines)
