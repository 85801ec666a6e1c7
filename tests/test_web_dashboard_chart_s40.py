"""The compliance dashboard's chart in a real browser, session 40: the axis's name 问题数 is
inside the chart (before: at the axis's end, it ran past the chart's right edge and showed 问)."""

from __future__ import annotations

from browser import chromium, offline_page, served
from test_web_access import published_store

from budgetlens.web import create_app


def test_the_axis_name_is_inside_the_chart(tmp_path):
    with served(create_app(published_store(tmp_path))) as base, chromium() as browser, \
            offline_page(browser, viewport={"width": 1300, "height": 900}) as page:
        page.goto(f"{base}/dashboard")
        page.wait_for_selector("#chart svg text")
        chart = page.locator("#chart").bounding_box()
        name = page.locator("#chart svg text", has_text="问题数")
        assert name.count() == 1
        box = name.bounding_box()
        assert chart["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"], (chart, box)
        assert box["y"] + box["height"] <= chart["y"] + chart["height"]
