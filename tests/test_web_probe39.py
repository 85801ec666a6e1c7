"""The portal for a finance bureau, probe 39: a forged upload refused before its body is read,
the queue limit held across worker processes (counted in the store), the admins' list of jobs
(page, API, browser), a render job that knows which of its files is last year's by its stored
role, not by the name 上年：…. TestClient over real stores, raw ASGI calls where what matters is
whether the body was read."""

from __future__ import annotations

import asyncio
import os
import threading
import time

import pytest
from conftest import without_settings

pytest.importorskip("httpx")
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from test_web_access import OFFICE_SEED, csrf_token, drop_database, target_store
from test_web_more import finished

from budgetlens.store import open_engine
from budgetlens.store.schema import Blob, JobRow
from budgetlens.web import create_app
from budgetlens.web.csrf import REFUSED
from budgetlens.web.jobs import STALE, Job, files_of
from budgetlens.web.upload import MAX_WAITING

TOKENS = {"张三": "token-zhang-3", "李四": "token-li-4"}
ZHANG = {"Authorization": f"Bearer {TOKENS['张三']}"}
MB = 1024 * 1024


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


def logged_in(client, name: str = "张三") -> str:
    """The Cookie header of a browser logged in on the portal."""
    client.post("/login", data={"token": TOKENS[name], "next": "/", "csrf": csrf_token(client)})
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def blocked(jobs) -> threading.Event:
    """A job holding the app's one worker until the event is set: what is submitted next waits."""
    gate, started = threading.Event(), threading.Event()

    def hold(job) -> None:
        started.set()
        gate.wait(60)

    jobs.submit("ingest", ["慢.txt"], hold)
    # the job is saved as running before it runs: once it has started, it no longer counts as
    # waiting (on a loaded machine the worker may not have taken it when the test counts)
    assert started.wait(30)
    return gate


# -- 1. a forged upload is refused before its body is read ------------------------------------------------
def sent(app, path: str, headers: dict[str, str], chunks: int, chunk: int = MB, pause: float = 0.0) -> dict:
    """A POST sent straight to the ASGI app, its multipart body in chunks (each taking `pause`
    seconds to arrive): the status, the answer and how many chunks the app read."""
    read = []

    async def receive():
        if len(read) < chunks:
            await asyncio.sleep(pause)
            read.append(chunk)
            return {"type": "http.request", "body": b"x" * chunk, "more_body": len(read) < chunks}
        return {"type": "http.request", "body": b"", "more_body": False}
    out = {"body": b""}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")
    headers = {"content-type": "multipart/form-data; boundary=b0undary", "content-length": str(chunks * chunk),
               "host": "testserver", **headers}
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(k.lower().encode(), v.encode("latin-1")) for k, v in headers.items()],
             "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    start = time.monotonic()
    asyncio.run(app(scope, receive, send))
    return {**out, "chunks_read": len(read), "seconds": time.monotonic() - start}


@pytest.mark.parametrize("path", ["/api/upload", "/api/render"])
def test_a_login_cookie_upload_without_the_csrf_header_is_refused_before_its_body(admins, path):
    """Before: the API's CSRF check ran in the route, once the body was read; a body over the
    limit was refused by its size (413), one under it received in full, then refused (403)."""
    cookie = logged_in(admins)
    over = sent(admins.app, path, {"cookie": cookie}, chunks=200)            # 200 MB declared: over 50
    assert over["status"] == 403 and REFUSED in over["body"].decode(), over
    under = sent(admins.app, path, {"cookie": cookie}, chunks=40, pause=0.05)   # 2 s to send
    assert under["status"] == 403 and REFUSED in under["body"].decode()
    assert under["chunks_read"] == 0 and under["seconds"] < 1.5, under


def test_a_cross_site_upload_to_an_open_portal_and_a_form_without_its_cookie_are_refused_first(url):
    with TestClient(create_app(url)) as open_portal:
        cross = sent(open_portal.app, "/api/upload", {"sec-fetch-site": "cross-site"}, chunks=200)
        assert cross["status"] == 403 and REFUSED in cross["body"].decode()
        form = sent(open_portal.app, "/upload", {"accept": "text/html"}, chunks=40, pause=0.05)
        assert form["status"] == 403 and REFUSED in form["body"].decode() and form["chunks_read"] == 0
        # the near miss: the same portal's own form (its cookie) is read, and refused by its size
        token = csrf_token(open_portal)
        own = sent(open_portal.app, "/upload", {"cookie": f"budgetlens_csrf={token}", "sec-fetch-site": "same-origin"},
                   chunks=200)
        assert own["status"] == 413, own


def test_an_upload_with_its_csrf_header_or_a_bearer_token_is_taken(admins):
    cookie_ok = admins.post("/api/upload", headers={"X-CSRF-Token": admins.cookies.get("budgetlens_csrf") or
                                                    csrf_token(admins)},
                            files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert cookie_ok.status_code == 401           # not logged in: who first
    logged_in(admins)
    token = admins.cookies.get("budgetlens_csrf")
    r = admins.post("/api/upload", params={"background": "true"}, headers={"X-CSRF-Token": token},
                    files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert r.status_code == 202, r.text
    assert finished(admins, r.json()["job_id"])["status"] == "done"
    big = sent(admins.app, "/api/upload", {"authorization": ZHANG["Authorization"]}, chunks=200)
    assert big["status"] == 413                   # a Bearer call needs no CSRF token: its size decides


# -- 3. the queue limit across worker processes -------------------------------------------------------------
def backends():
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
        not os.environ.get("BUDGETLENS_TEST_PG"), reason="BUDGETLENS_TEST_PG not set (run .ci/postgres.sh)"))]


def counted(url: str) -> tuple[int, int]:
    with Session(open_engine(url)) as s:
        return s.scalar(select(func.count()).select_from(JobRow)), s.scalar(select(func.count()).select_from(Blob))


@pytest.mark.parametrize("backend", backends())
def test_the_queue_limit_holds_across_two_app_instances_on_one_store(tmp_path, backend):
    """Before: each worker process counted its own queue, so two processes queued 2 × 10."""
    url = target_store(backend, tmp_path)
    gates = []
    try:
        with TestClient(create_app(url, admin_tokens=TOKENS)) as one, \
                TestClient(create_app(url, admin_tokens=TOKENS)) as two:
            for app in (one.app, two.app):
                gates.append(blocked(app.state.jobs))
            for i in range(MAX_WAITING):          # half queued behind each process's running job
                (one if i % 2 else two).app.state.jobs.submit("ingest", [f"等待{i}.txt"], lambda job: None)
            assert one.app.state.jobs.waiting() == MAX_WAITING
            before = counted(url)
            r = two.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                         files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
            assert r.status_code == 503 and "服务器正忙" in r.json()["detail"], r.text
            render = one.post("/api/render", headers=ZHANG,
                              files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
            assert render.status_code == 503
            assert counted(url) == before         # nothing stored: no job, no file
            for gate in gates:
                gate.set()
            end = time.monotonic() + 60
            while one.app.state.jobs.waiting() and time.monotonic() < end:
                time.sleep(0.1)
            r = two.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                         files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
            assert r.status_code == 202, r.text
            assert finished(two, r.json()["job_id"])["status"] == "done"
            for app in (one.app, two.app):
                app.state.engine.dispose()
    finally:
        for gate in gates:
            gate.set()
        if backend == "postgresql":
            drop_database(url)


def test_jobs_queued_by_a_process_that_stopped_hold_no_place_in_the_queue(admins):
    """The near miss: a process killed with jobs queued said nothing for STALE seconds; they
    will never run, and do not make the server busy for ever."""
    old = time.time() - STALE - 10
    with Session(admins.app.state.engine) as s, s.begin():
        for i in range(MAX_WAITING + 2):
            s.add(JobRow(id=f"{i:032d}", kind="ingest", status="queued", files=[{"name": f"{i}.txt", "sha256": None}],
                         runner="dead", created=old, beat=old, error="", current=""))
    r = admins.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                    files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert r.status_code == 202, r.text


# -- 4. the admins' list of jobs ------------------------------------------------------------------------------
def interrupted_job(url: str, job_id: str = "a" * 32, name: str = "办公室2026.txt") -> None:
    """A job whose process died long ago, its file stored."""
    data = OFFICE_SEED.read_bytes()
    import hashlib
    sha = hashlib.sha256(data).hexdigest()
    with Session(open_engine(url)) as s, s.begin():
        if s.get(Blob, sha) is None:
            s.add(Blob(sha256=sha, size=len(data), content=data))
        s.add(JobRow(id=job_id, kind="ingest", status="running", files=[{"name": name, "sha256": sha, "role": "file"}],
                     runner="b" * 32, created=time.time() - 3600, started=time.time() - 3590,
                     beat=time.time() - 3600, error="", current=name, admin="李四"))


def test_the_jobs_list_gives_every_job_with_who_when_and_its_result(admins):
    interrupted_job(admins.url)
    r = admins.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                    files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    done = finished(admins, r.json()["job_id"])
    jobs = admins.get("/api/jobs", headers=ZHANG).json()["jobs"]
    assert [j["job_id"] for j in jobs] == [done["job_id"], "a" * 32]          # newest first
    new, old = jobs
    assert new["admin"] == "张三" and new["status"] == "done" and new["started"] and new["finished"]
    assert new["created"] <= new["started"] <= new["finished"]
    assert new["results"][0]["url"].startswith("/disclosures/") and new["retry"] is None
    assert old["status"] == "interrupted" and old["status_name"] == "中断" and old["admin"] == "李四"
    assert old["retry"] == f"/api/jobs/{'a' * 32}/retry" and old["files_kept"]
    only = admins.get("/api/jobs", params={"status": "interrupted"}, headers=ZHANG).json()["jobs"]
    assert [j["job_id"] for j in only] == ["a" * 32]
    page = admins.get("/jobs", headers=ZHANG)
    assert page.status_code == 200 and "后台任务" in page.text
    for heading in ("状态", "提交人", "文件", "开始时间", "结束时间", "结果"):
        assert f"<th>{heading}</th>" in page.text
    assert "中断" in page.text and "李四" in page.text and f"/jobs/{'a' * 32}/retry" in page.text


def test_the_jobs_list_is_for_admins_only(admins):
    interrupted_job(admins.url)
    api = admins.get("/api/jobs")
    assert api.status_code == 401 and "管理员" in api.json()["detail"]
    page = admins.get("/jobs")
    assert page.status_code == 401 and "管理员" in page.text and "办公室2026.txt" not in page.text
    assert admins.get("/api/jobs", params={"status": "whatever"}, headers=ZHANG).status_code == 422
    assert "任务</a>" not in admins.get("/").text                            # no link for the public


def test_an_admin_lists_the_jobs_and_runs_an_interrupted_one_again_in_the_browser(url):
    from browser import CHROMIUM, NO_CHROMIUM, chromium, offline_page, served
    pytest.importorskip("playwright")
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    interrupted_job(url)
    from budgetlens.web import create_app as make
    with served(make(url, admin_tokens=TOKENS)) as base, chromium() as browser, offline_page(browser) as page:
        page.goto(f"{base}/login?next=/jobs")
        page.fill("input[name=token]", TOKENS["张三"])
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_url("**/jobs")
        assert page.title().startswith("后台任务")
        row = page.locator(f"tr[data-job='{'a' * 32}']")
        assert "中断" in row.inner_text() and "李四" in row.inner_text() and "办公室2026.txt" in row.inner_text()
        assert page.locator("header nav a[href='/jobs']").count() == 1
        row.locator("form[action$='/retry'] button").click()
        page.wait_for_url("**/disclosures/*?uploaded=1", timeout=120_000)
        page.goto(f"{base}/jobs")
        rows = page.locator("table.jobs tbody tr")
        assert rows.count() == 2
        assert "已重新处理" in page.locator(f"tr[data-job='{'a' * 32}']").inner_text()
        newest = rows.first.inner_text()
        assert "已完成" in newest and "张三" in newest
        assert page.locator("table.jobs tbody tr").first.locator("a[href^='/disclosures/']").count() == 1


# -- 5. which of a render job's files is last year's: stored, not told by the name -----------------------------
def test_a_render_job_run_again_keeps_a_file_named_like_last_years_as_its_own(admins):
    """Before: a job's last file named 上年：… was taken for last year's disclosure when the job
    was run again (and built again): the disclosure itself went missing and the job failed."""
    gate = blocked(admins.app.state.jobs)
    r = admins.post("/api/render", headers=ZHANG,
                    files=[("files", ("上年：办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert r.status_code == 202, r.text
    job_id = r.json()["job_id"]
    assert r.json()["files"] == ["上年：办公室2026.txt"]
    admins.app.state.jobs.shutdown()
    gate.set()
    with TestClient(create_app(admins.url, admin_tokens=TOKENS)) as again:
        assert again.get(f"/api/jobs/{job_id}").json()["status"] == "interrupted"
        new = again.post(f"/api/jobs/{job_id}/retry", headers=ZHANG)
        assert new.status_code == 202, new.text
        done = finished(again, new.json()["job_id"], timeout=300)
        assert done["status"] == "done", done["error"]
        assert done["files"] == ["上年：办公室2026.txt"] and "downloads" in done
        with Session(again.app.state.engine) as s:
            assert s.get(JobRow, done["job_id"]).files[0]["role"] == "file"


def test_last_years_file_is_stored_as_such_and_named_so_on_the_page(admins):
    gate = blocked(admins.app.state.jobs)
    try:
        r = admins.post("/api/render", headers=ZHANG,
                        files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain")),
                               ("prior", ("办公室2025.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
        assert r.status_code == 202 and r.json()["files"] == ["办公室2026.txt", "上年：办公室2025.txt"]
        with Session(admins.app.state.engine) as s:
            files = s.get(JobRow, r.json()["job_id"]).files
        assert [(f["name"], f["role"]) for f in files] == [("办公室2026.txt", "file"), ("办公室2025.txt", "prior")]
    finally:
        gate.set()


def test_a_render_job_stored_before_roles_is_read_as_it_was_written():
    """Jobs stored before migration 0008 marked last year's file by its name alone, last."""
    row = JobRow(id="c" * 32, kind="render", files=[{"name": "a.txt", "sha256": "1"},
                                                    {"name": "上年：b.txt", "sha256": "2"}])
    assert files_of(row) == (["a.txt", "b.txt"], ["file", "prior"])
    marked = JobRow(id="d" * 32, kind="render", files=[{"name": "a.txt", "sha256": "1", "role": "file"},
                                                       {"name": "上年：b.txt", "sha256": "2", "role": "file"}])
    assert files_of(marked) == (["a.txt", "上年：b.txt"], ["file", "file"])
    job = Job("e" * 32, "render", ["a.txt", "b.txt"], roles=["file", "prior"])
    assert job.shown_files == ["a.txt", "上年：b.txt"]
