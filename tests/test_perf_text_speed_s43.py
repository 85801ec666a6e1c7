"""Session 43 speed cuts in the cut tables' reading (perf_text.cut_rows): each faster form gives
what the form it replaced gives, where the two could differ."""

from decimal import Decimal

import pytest

from budgetlens.extract.perf_text import TOTAL_LABELS, _total_label, cut_rows


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


def _tokens(lines):
    return [(t, n) for n, line in enumerate(lines, 1) for t in line.split()]


def test_cut_rows_looks_again_for_a_value_when_the_weight_follows_the_one_found():
    # near miss: the value found after a row's ("≥2台", its 上年完成值) lies before the row's
    # weight, so the next row's is searched again from after that weight
    lines = ["一级 指标 二级 指标 三级指标 指标值 上年完成值 指标分值权重 指标赋分规则 佐证资料",
             "产出指标 数量指标 服务器数（台） =3台 ≥2台 5", "按照正常比例赋", "分",
             "接听率（%） ＞=98% ≥95% 4", "工作资料"]
    read = cut_rows(_tokens(lines))
    assert [(r.name, r.value, r.prior, r.weight) for r in read.rows] == [
        (["服务器数（台）"], ["=3台"], ["≥2台"], Decimal(5)), (["接听率（%）"], ["＞=98%"], ["≥95%"], Decimal(4))]
    assert read.unread == []


def test_cut_rows_reads_on_from_a_row_without_a_weight():
    # the value after a row printing no weight is the next row's own
    lines = ["一级 指标 二级 指标 三级指标 指标值 指标分值权重 指标赋分规则 佐证资料",
             "产出指标 数量指标 服务器数（台） =3台", "系统数（套） =1套 计划标准 5", "按照正常比例赋", "分",
             "接听率（%） ＞=98% 计划标准 4", "工作资料"]
    read = cut_rows(_tokens(lines))
    assert [(r.name, r.value, r.basis, r.weight, r.line) for r in read.rows] == [
        (["系统数（套）"], ["=1套"], ["计划标准"], Decimal(5), 3), (["接听率（%）"], ["＞=98%"], ["计划标准"], Decimal(4), 6)]
    assert (read.unread, read.unread_weights) == ([2], [None])
