"""An indicator whose value is a deadline (12月底前: by the end of December) has no target: it
is no quantity 12 of a unit "月底前". The value is kept as printed; durations (30日内, 3个月内)
and quantities stay targets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import EXAMPLES

from budgetlens.extract.perf_text import indicator_target
from budgetlens.pipeline import parse


@pytest.mark.parametrize("value", ["12月底前", "6月前", "30日前", "15号前", "2025年底前", "11月底", "9月末",
                                   "12月中旬前", "6月之前"])
def test_a_deadline_is_no_target(value):
    assert indicator_target(value) is None


@pytest.mark.parametrize("value, target", [
    ("30日内", ("=", Decimal(30), "日内")), ("3个月内", ("=", Decimal(3), "个月内")), ("12月", ("=", Decimal(12), "月")),
    ("≤5个工作日", ("≤", Decimal(5), "个工作日")), ("≥95%", ("≥", Decimal(95), "%")), ("10天", ("=", Decimal(10), "天"))])
def test_durations_and_quantities_stay_targets(value, target):
    assert indicator_target(value) == target


def test_a_deadline_indicator_keeps_its_value_without_a_target(tmp_path):
    # seed 000's 测评工作完成时限 "9 月底前完成" written "9月底前" (before: target = 9 "月底前");
    # the same table's "<=24时" (发现问题处理时限（小时）) stays a target
    text = (EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8")
    assert text.count("9 月底前完成") == 1
    path = tmp_path / "a.txt"
    path.write_text(text.replace("9 月底前完成", "9月底前"), encoding="utf-8")
    got = {i.level3: (i.value, i.target and (i.target.op, i.target.number, i.target.unit))
           for perf in parse(path).narrative.performance for i in perf.indicators}
    assert got["测评工作完成时限"] == ("9月底前", None)
    assert got["发现问题处理时限（小时）"] == ("<=24时", ("≤", Decimal(24), "时"))
