"""Times, session 40: one module (web/times.py) for the pages and the API; a document's ingest
time printed in the server's zone as the jobs' times are, and given with its offset."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import without_settings
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from test_web_access import EXAMPLES

from budgetlens.store import Ingest, open_engine
from budgetlens.store.schema import Document
from budgetlens.web import create_app


@pytest.fixture(autouse=True)
def no_admins_from_the_environment(monkeypatch):
    without_settings(monkeypatch, "BUDGETLENS_SESSION_HOURS", "BUDGETLENS_MAX_UPLOAD_MB")


@pytest.fixture()
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.db'}"


# -- 3. times in the server's zone ------------------------------------------------------------------------------
@pytest.fixture()
def in_beijing(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_documents_ingest_time_is_printed_in_the_servers_zone(url, in_beijing):
    """Before: the unit page printed the store's UTC as it was (8 hours early in Beijing) while
    the jobs page printed local time; the API gave it without its zone."""
    Ingest(open_engine(url), workers=0).run([EXAMPLES / "000_9131eab83374bb33.txt"])
    with Session(open_engine(url)) as s:
        stored = s.scalar(select(Document.ingested_at))
    utc = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
    beijing = (utc + timedelta(hours=8)).replace(tzinfo=None)
    with TestClient(create_app(url)) as c:
        unit_id = c.get("/api/units").json()["units"][0]["id"]
        page = c.get(f"/units/{unit_id}").text
        assert beijing.strftime("%Y-%m-%d %H:%M:%S") in page, page
        api = c.get(f"/api/units/{unit_id}").json()["documents"][0]["ingested_at"]
        assert api.endswith("+08:00") and datetime.fromisoformat(api) == utc.replace(microsecond=0)


def test_a_jobs_times_are_printed_and_given_as_before(url, in_beijing):
    """The near miss: a job's moments (seconds since the epoch) as before: the page prints the
    server's zone to the second, the API gives ISO 8601 with the offset. Midnight UTC of
    yesterday is 08:00 in Beijing (a job over for 30 days is forgotten: a recent day)."""
    from test_web_probe39 import TOKENS, ZHANG

    from budgetlens.store.schema import JobRow
    midnight = int(time.time()) // 86400 * 86400 - 86400
    day = datetime.fromtimestamp(midnight, UTC).date().isoformat()
    with Session(open_engine(url)) as s, s.begin():
        s.add(JobRow(id="c" * 32, kind="ingest", status="done", files=[{"name": "a.txt", "sha256": None}],
                     runner="r" * 32, created=midnight, started=midnight + 1, finished=midnight + 2,
                     beat=midnight + 2, error="", current="", admin="张三"))
    with TestClient(create_app(url, admin_tokens=TOKENS)) as c:
        listed = c.get("/api/jobs", headers=ZHANG).json()["jobs"][0]
        assert (listed["created"], listed["finished"]) == (f"{day}T08:00:00+08:00", f"{day}T08:00:02+08:00")
        page = c.get("/jobs", headers=ZHANG).text
        assert f"<td>{day} 08:00:00</td><td>{day} 08:00:01</td><td>{day} 08:00:02</td>" in page
