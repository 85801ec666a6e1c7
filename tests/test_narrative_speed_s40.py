"""Session 40 speed cuts in the narrative stage: each fast path gives what the general path gives."""
from decimal import Decimal

import pytest

from budgetlens.extract.narrative import _squeeze, _strip_markup, clean_printed, narrow_digits
from budgetlens.extract.perf_text import _value_at, cut_rows, value_target
from budgetlens.text import clear_caches

LINES = [
    "维护服务器数（台） =3台 计划标准 3台 5",       # a text table's line: whitespace only to change
    "101.34 其他资金 0.00",
    "  计划标准 12次 4  ",
    "\t",
    "按照正常比例赋",                                # nothing to change
    "- 项目名称 热线",                               # a markdown bullet: strip_markup removes it
    "  # 三、部门预算情况说明",
    "+ 其他 12 万元",
    "**人员经费** 12 万元",                          # emphasis
    "a_b 12",
    "<b>人员经费</b> 12 万元",                       # a tag
    "人员经费 １２．５ 万元",                        # full-width digits
    "占比 ８０％ 以上",
    "1，234.56 万元 合计",                           # a full-width comma grouping digits
]


@pytest.mark.parametrize("line", LINES)
def test_clean_printed_fast_path_matches_the_helpers(line):
    clear_caches()
    text = narrow_digits(_squeeze(_strip_markup(line)))
    expected = clean_printed.__wrapped__(line)
    # the general path, then the comma step every path shares
    assert expected.replace(",", "，") == text.replace(",", "，")
    if "，" not in line:
        assert expected == text


def test_value_at_with_marks_finds_what_a_scan_finds():
    tokens = [(t, n) for n, line in enumerate(["三级指标 指标值 权重", "维护服务器数（台） =3台 计划标准 5",
                                                 "电话接听率（%）", "＞", "=98%", "计划标准 98% 4",
                                                 "成本 ＜=20 万元 3"], 1) for t in line.split()]
    marks = [i for i, (t, _) in enumerate(tokens) if t[0] in "=＝≥≤<>＞＜"]
    for at in range(len(tokens) + 1):
        assert _value_at(tokens, at, marks) == _value_at(tokens, at)


def test_cut_rows_reads_values_and_weights():
    lines = ["一级 指标 二级 指标 三级指标 指标值 指标分值权重 指标赋分规则 佐证资料",
             "产出指标 数量指标 维护服务器数（台） =3台 计划标准 3台 5", "按照正常比例赋", "分", "工作资料",
             "电话接听率（%）", "＞", "=98%", "计划标准 98% 4"]
    tokens = [(t, n) for n, line in enumerate(lines, 1) for t in line.split()]
    read = cut_rows(tokens)
    assert [(r.name, r.value, r.weight) for r in read.rows] == [
        (["维护服务器数（台）"], ["=3台"], Decimal(5)), (["电话接听率（%）"], ["＞", "=98%"], Decimal(4))]


@pytest.mark.parametrize("value,expected", [
    ("=3台", ("=", Decimal(3), "台")), ("＞=95%", ("≥", Decimal(95), "%")), ("有效保障", None),
    ("²", None), ("", None), (None, None)])
def test_value_target(value, expected):
    assert value_target(value) == expected
