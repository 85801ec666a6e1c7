"""The admins' list of jobs, session 40: paged (page links keeping the filter; limit, offset and
totals in the API), a stale job counted as the interrupted job it is, and how many jobs wait."""

from __future__ import annotations

import re
import time

import pytest
from conftest import without_settings
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from test_web_probe39 import TOKENS, ZHANG, blocked

from budgetlens.store import open_engine
from budgetlens.store.schema import JobRow
from budgetlens.web import create_app
from budgetlens.web.jobs import STALE


@pytest.fixture(autouse=True)
def no_admins_from_the_environment(monkeypatch):
    without_settings(monkeypatch, "BUDGETLENS_SESSION_HOURS", "BUDGETLENS_MAX_UPLOAD_MB")


@pytest.fixture()
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture()
def admins(url):
    with TestClient(create_app(url, admin_tokens=TOKENS)) as c:
        c.url = url
        yield c


# -- 2. the jobs list paged, with how many wait ----------------------------------------------------------------
def stored_jobs(url: str, statuses: list[str]) -> list[str]:
    """Jobs over, the first the oldest, one second apart: their ids, newest first."""
    ids, now = [], time.time() - 3600
    with Session(open_engine(url)) as s, s.begin():
        for i, status in enumerate(statuses):
            ids.append(f"{i:032x}")
            s.add(JobRow(id=ids[-1], kind="ingest", status=status, files=[{"name": f"文件{i}.txt", "sha256": None}],
                         runner="r" * 32, created=now + i, started=now + i, finished=now + i + 0.5, beat=now + i,
                         error="", current="", admin="张三"))
    return ids[::-1]


def test_the_jobs_api_pages_with_limit_offset_and_totals(admins):
    newest = stored_jobs(admins.url, ["done", "failed"] * 4 + ["done"])     # 9 jobs, 4 failed
    r = admins.get("/api/jobs", params={"limit": 3, "offset": 3}, headers=ZHANG).json()
    assert [j["job_id"] for j in r["jobs"]] == newest[3:6]
    assert (r["total"], r["limit"], r["offset"], r["waiting"]) == (9, 3, 3, 0)
    failed = [i for i in newest if int(i, 16) % 2]
    r = admins.get("/api/jobs", params={"status": "failed", "limit": 3, "offset": 3}, headers=ZHANG).json()
    assert [j["job_id"] for j in r["jobs"]] == failed[3:] and r["total"] == 4
    past = admins.get("/api/jobs", params={"offset": 100}, headers=ZHANG).json()
    assert past["jobs"] == [] and past["total"] == 9
    assert admins.get("/api/jobs", params={"offset": -1}, headers=ZHANG).status_code == 422


def test_the_jobs_page_has_page_links_that_keep_the_filter(admins):
    newest = stored_jobs(admins.url, ["done"] * 10 + ["failed"] * 60 + ["done"] * 50)
    failed = newest[50:110]
    page = admins.get("/jobs", headers=ZHANG).text
    assert page.count("<tr class=\"job-") == 50 and "第 1 / 3 页" in page and "共 120 个任务" in page
    assert 'href="/jobs?status=&page=2"' in page
    one = admins.get("/jobs", params={"status": "failed"}, headers=ZHANG).text
    assert re.findall(r'data-job="(\w+)"', one) == failed[:50] and "第 1 / 2 页" in one
    assert 'href="/jobs?status=failed&page=2"' in one
    two = admins.get("/jobs", params={"status": "failed", "page": 2}, headers=ZHANG).text
    assert re.findall(r'data-job="(\w+)"', two) == failed[50:] and 'href="/jobs?status=failed&page=1"' in two
    assert "下一页" not in two
    last = admins.get("/jobs", params={"status": "failed", "page": 99}, headers=ZHANG).text
    assert re.findall(r'data-job="(\w+)"', last) == failed[50:]


def test_a_stale_job_is_filtered_and_counted_as_the_interrupted_job_it_is(admins):
    """Before: a job whose process died was stored as 处理中 until read, so a filter by 中断
    counted it as 处理中 in the store."""
    stored_jobs(admins.url, ["done", "running"])          # its beat an hour old: long stale
    with Session(open_engine(admins.url)) as s:
        assert s.get(JobRow, f"{1:032x}").beat < time.time() - STALE
    r = admins.get("/api/jobs", params={"status": "interrupted"}, headers=ZHANG).json()
    assert r["total"] == 1 and [j["job_id"] for j in r["jobs"]] == [f"{1:032x}"]
    assert admins.get("/api/jobs", params={"status": "running"}, headers=ZHANG).json()["total"] == 0


def test_the_jobs_page_and_api_say_how_many_jobs_wait(admins):
    jobs = admins.app.state.jobs
    gate = blocked(jobs)
    try:
        for i in range(2):
            jobs.submit("ingest", [f"等待{i}.txt"], lambda job: None)
        assert admins.get("/api/jobs", headers=ZHANG).json()["waiting"] == 2
        page = admins.get("/jobs", headers=ZHANG).text
        assert "<strong>2</strong> 个正在排队等候处理" in page
    finally:
        gate.set()
    end = time.monotonic() + 30
    while admins.get("/api/jobs", headers=ZHANG).json()["waiting"] and time.monotonic() < end:
        time.sleep(0.1)
    assert "没有排队等候的任务" in admins.get("/jobs", headers=ZHANG).text


def test_an_admin_pages_through_the_filtered_jobs_in_the_browser(url):
    from browser import chromium, offline_page, served
    stored_jobs(url, ["done"] * 10 + ["failed"] * 60)
    with served(create_app(url, admin_tokens=TOKENS)) as base, chromium() as browser, offline_page(browser) as page:
        page.goto(f"{base}/login?next=/jobs")
        page.fill("input[name=token]", TOKENS["张三"])
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_url("**/jobs")
        page.select_option("select[name=status]", "failed")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**/jobs?status=failed")
        assert page.locator("table.jobs tbody tr").count() == 50 and "第 1 / 2 页" in page.inner_text("nav.pager")
        page.click("nav.pager a[rel=next]")
        page.wait_for_url("**/jobs?status=failed&page=2")
        rows = page.locator("table.jobs tbody tr")
        assert rows.count() == 10 and all("出错" in t for t in rows.all_inner_texts())
        assert page.locator("select[name=status]").input_value() == "failed"
