"""Session 43 speed cuts in the cut tables' reading (perf_text.cut_rows): each faster form gives
what the form it replaced gives, where the two could differ."""

import pytest

from budgetlens.extract.perf_text import TOTAL_LABELS, _total_label


def _spans_total_label(tokens, at, way):
    """The form _total_label replaced: each span of one or two tokens joined."""
    spans = ((at, at + 1), (at, at + 2)) if way > 0 else ((at - 1, at), (at - 2, at))
    return any(0 <= a and b <= len(tokens) and "".join(t for t, _ in tokens[a:b]) in TOTAL_LABELS for a, b in spans)


@pytest.mark.parametrize("words", [
    ["合", "计", "100"], ["合计", "100"], ["100", "合计"], ["30", "合", "计"], ["分值", "合计", "100"],
    ["合计", "分值"], ["计", "合"], ["工作计划", "20"], ["总", "分", "100", "总分"], ["合"], [],
])
def test_total_label_looks_where_the_spans_looked(words):
    # near misses: a label's pieces at the list's ends, reversed, or only one of them there
    tokens = [(w, 1) for w in words]
    for way in (1, -1):
        for at in range(-1, len(tokens) + 2):
            assert _total_label(tokens, at, way) == _spans_total_label(tokens, at, way), (words, at, way)
