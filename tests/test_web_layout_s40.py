"""The admins' jobs list in a real browser, session 40: a failed job's message is a box inside
its cell (before: an inline span whose padding overlapped the lines around it) and a job's
status and who started it stay on one line (before: 已完成 and 管理员 wrapped a character a
line in their narrow columns)."""

from __future__ import annotations

import time

from sqlalchemy.orm import Session
from test_web_probe39 import TOKENS

from budgetlens.store import open_engine
from budgetlens.store.schema import JobRow
from budgetlens.web import create_app

FAILED = ("SOURCES.csv 不是预算公开文件：未找到“第一部分 概况 / 第二部分 预算公开表”等部分，"
          "也未找到任何标准表（如“部门收支总体情况表”“一般公共预算支出情况表”）")


def stored(url: str) -> None:
    now = time.time() - 60
    with Session(open_engine(url)) as s, s.begin():
        for i, (status, error) in enumerate([("failed", FAILED), ("done", "")]):
            s.add(JobRow(id=f"{i:032x}", kind="render", status=status, runner="r" * 32, admin="管理员",
                         files=[{"name": "sh-putuo-2026-dept-budget-template.xlsx", "sha256": None}],
                         created=now + i, started=now + i, finished=now + i + 1, beat=now + i, error=error,
                         current=""))


LINES = """(td) => { const r = document.createRange(); r.selectNodeContents(td);
  return new Set(Array.from(r.getClientRects()).map((b) => Math.round(b.top))).size; }"""


def test_the_jobs_list_keeps_its_cells_apart_and_short_ones_on_one_line(tmp_path):
    from browser import chromium, offline_page, served
    url = f"sqlite:///{tmp_path / 'store.db'}"
    stored(url)
    with served(create_app(url, admin_tokens=TOKENS)) as base, chromium() as browser, \
            offline_page(browser, viewport={"width": 1300, "height": 900}) as page:
        page.goto(f"{base}/login?next=/jobs")
        page.fill("input[name=token]", TOKENS["张三"])
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_url("**/jobs")
        failed = page.locator(f"tr[data-job='{0:032x}']")
        message = failed.locator(".error")
        assert message.evaluate("(e) => getComputedStyle(e).display") == "block"
        cell, box = failed.locator("td").nth(7).bounding_box(), message.bounding_box()
        assert cell["y"] <= box["y"] and box["y"] + box["height"] <= cell["y"] + cell["height"] + 0.5
        for row in (failed, page.locator(f"tr[data-job='{1:032x}']")):
            for i in (1, 2, 4):               # 状态, 提交人, 提交时间
                assert row.locator("td").nth(i).evaluate(LINES) == 1, row.locator("td").nth(i).inner_text()
