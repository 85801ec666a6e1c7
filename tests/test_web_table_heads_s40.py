"""A side-by-side table's column heads on the disclosure page, session 40: 收入/预算数 and
支出/合计 as their header's path reads (before: the side was put before a label that already
began with it — 收入/收入/预算数, 支出/支出/合计), a head without its side still under it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from test_web_access import published_store

from budgetlens.web import create_app


def test_a_side_is_named_once_in_a_column_head(tmp_path):
    with TestClient(create_app(published_store(tmp_path))) as c:
        heads = []
        for item in c.get("/api/disclosures").json()["items"]:
            page = c.get(f"/disclosures/{item['id']}").text
            section = page[page.index('<section id="tables">'):page.index('<section id="facts">')]
            heads += re.findall(r"<th>((?:收入|支出)/[^<]*)</th>", section)
    assert heads and not [h for h in heads if re.match(r"(收入|支出)/\1", h)], heads
    # seed 003, 表1 部门收支总体情况表 (lines 77–79): 收入 over 项目 预算数, 支出 over 功能分类 预算数
    assert "收入/预算数" in heads and "支出/预算数" in heads


def test_a_label_that_only_begins_with_the_sides_word_keeps_its_side():
    """The near miss: 支出用途/金额 (the Jiangsu 收支预算总表's 支出 side) is not 支出/…: 支出/支出用途/金额."""
    from budgetlens.web.views import sided
    assert sided("支出用途/金额", "支出") == "支出/支出用途/金额"
    assert sided("支出/合计", "支出") == "支出/合计" and sided("合计", "支出") == "支出/合计"
