"""Office and web forms probed again (session 36): what each form prints is read as printed.
Inputs are written here as offices, budget systems and converters make them, with figures and
names chosen, the truth known by construction."""

from __future__ import annotations

import pytest
from test_robustness import seed_with

from budgetlens.pipeline import parse

S000 = "000_9131eab83374bb33"
OFFICES = "下设 4 个科室，分别是：综合科、运行维护科、技术服务科、安全保障科。"


# ---- the offices named before their count ----------------------------------------------------

@pytest.mark.parametrize("said,names", [
    ("内设机构包括综合科、运行维护科等4个科室。", ["综合科", "运行维护科"]),
    ("内设综合科、运行维护科、技术服务科、安全保障科4个科室。", ["综合科", "运行维护科", "技术服务科", "安全保障科"]),
    ("设综合科、建设科2个科室。", ["综合科", "建设科"]),
])
def test_offices_named_before_their_count(tmp_path, said, names):
    """"A、B 等N个科室" names some of the offices, "A、B N个科室" every one: the names as
    printed (none had been read)."""
    assert parse(seed_with(tmp_path, S000, [(OFFICES, said)])).overview.offices == names


@pytest.mark.parametrize("said", [
    "按规定设置综合科、运行维护科等部门。",
    "内设综合科、运行维护科、技术服务科2个科室。",       # more names than the count: not a list of them
    "支出包括基本支出、项目支出2个部分。",
])
def test_lists_that_are_no_offices_before_a_count(tmp_path, said):
    """Near misses: a list whose names are not as many as the count of every office, a list of
    other things: no offices."""
    assert parse(seed_with(tmp_path, S000, [(OFFICES, said)])).overview.offices == []
