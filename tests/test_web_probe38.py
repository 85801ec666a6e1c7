"""The portal hardened for a finance bureau (probe 38): background jobs kept in the store (a
second worker process sees them, a restart interrupts them with their files kept), source paths
shown by file name, sessions rotated, expired and ended at logout, several named admins recorded
on what they upload and publish, drafts signed earlier than the published version not shown in
its place, `compare --drafts`. TestClient over real stores ingested from the seeds."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import pytest
from conftest import without_settings

pytest.importorskip("httpx")
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from test_web_access import (
    EXAMPLES,
    OFFICE,
    OFFICE_SEED,
    csrf_token,
    drop_database,
    office_income_total,
    published_store,
    target_store,
    upload,
    uploaded_id,
)
from test_web_more import finished

from budgetlens.store import Ingest, open_engine
from budgetlens.store.corpus import variant
from budgetlens.store.schema import AdminSession, Blob, Document, JobRow
from budgetlens.web import create_app
from budgetlens.web.auth import COOKIE, AdminConfigError, configured_admins
from budgetlens.web.jobs import KEEP_DAYS, STALE
from budgetlens.web.queries import shown_source

TOKENS = {"张三": "token-zhang-3", "李四": "token-li-4"}
ZHANG = {"Authorization": f"Bearer {TOKENS['张三']}"}
LI = {"Authorization": f"Bearer {TOKENS['李四']}"}
SIGNED = "2026年2月5日"          # seed 002's 落款日期


@pytest.fixture()
def store(tmp_path, monkeypatch):
    without_settings(monkeypatch, "BUDGETLENS_SESSION_HOURS")
    return published_store(tmp_path)


@pytest.fixture()
def admins(store):
    with TestClient(create_app(store, admin_tokens=TOKENS)) as c:
        c.url = store
        yield c


def office_text(signed: str = SIGNED, scale: int = 1) -> bytes:
    text = variant(OFFICE_SEED.read_text(encoding="utf-8"), "", scale=scale)
    assert SIGNED in text
    return text.replace(SIGNED, signed).encode("utf-8")


def blocked(jobs) -> threading.Event:
    """A job holding the app's one worker until the event is set: what is submitted next waits."""
    gate = threading.Event()
    jobs.submit("ingest", ["慢.pdf"], lambda job: gate.wait(60))
    return gate


# -- 1. jobs in the store ------------------------------------------------------------------------------
def test_a_second_worker_process_sees_a_job_and_its_results(admins):
    r = admins.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                    files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert r.status_code == 202, r.text
    job_id = r.json()["job_id"]
    job = finished(admins, job_id)
    with TestClient(create_app(admins.url, admin_tokens=TOKENS)) as other:      # another worker
        seen = other.get(f"/api/jobs/{job_id}").json()
        assert seen["status"] == "done" and seen["done"] == seen["total"] == 1 and seen["files"] == ["办公室2026.txt"]
        assert seen["results"] == job["results"] and seen["results"][0]["document_id"]
        landing = f"/disclosures/{seen['results'][0]['document_id']}?uploaded=1"
        assert other.get(f"/jobs/{job_id}", follow_redirects=False).headers["location"] == landing
    with Session(open_engine(admins.url)) as s:
        assert s.get(JobRow, job_id).admin == "张三"


def test_a_running_job_of_another_worker_shows_its_progress_until_its_runner_stops(admins):
    gate = blocked(admins.app.state.jobs)
    try:
        r = admins.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                        files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
        job_id = r.json()["job_id"]
        with TestClient(create_app(admins.url, admin_tokens=TOKENS)) as other:
            assert other.get(f"/api/jobs/{job_id}").json()["status"] == "queued"
            # the first worker stops saying it is alive (killed): the job is interrupted
            engine = open_engine(admins.url)
            with Session(engine) as s, s.begin():
                s.execute(update(JobRow).where(JobRow.id == job_id).values(beat=time.time() - STALE - 5))
            seen = other.get(f"/api/jobs/{job_id}").json()
            assert seen["status"] == "interrupted" and seen["status_name"] == "中断" and seen["files_kept"]
            assert "已保存" in seen["error"]
    finally:
        gate.set()


def test_a_job_a_restart_interrupts_is_shown_interrupted_its_file_kept_and_run_again(admins):
    data = OFFICE_SEED.read_bytes()
    gate = blocked(admins.app.state.jobs)
    r = admins.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                    files=[("files", ("办公室2026.txt", data, "text/plain"))])
    job_id = r.json()["job_id"]
    admins.app.state.jobs.shutdown()            # the server stops before the job ran
    gate.set()
    with TestClient(create_app(admins.url, admin_tokens=TOKENS)) as again:
        seen = again.get(f"/api/jobs/{job_id}").json()
        assert seen["status"] == "interrupted" and seen["status_name"] == "中断" and seen["files_kept"]
        page = again.get(f"/jobs/{job_id}").text
        button = f'action="/jobs/{job_id}/retry"'
        assert "中断" in page and "上传的文件已保存" in page and button not in page     # anonymous: no button
        again.post("/login", data={"token": TOKENS["李四"], "next": "/", "csrf": csrf_token(again)})
        assert button in again.get(f"/jobs/{job_id}").text
        again.post("/logout", data={"csrf": again.cookies.get("budgetlens_csrf")})
        with Session(open_engine(admins.url)) as s:
            (entry,) = s.get(JobRow, job_id).files
            assert s.get(Blob, entry["sha256"]).content == data
        assert again.post(f"/api/jobs/{job_id}/retry").status_code == 401
        r = again.post(f"/api/jobs/{job_id}/retry", headers=LI)
        assert r.status_code == 202, r.text
        done = finished(again, r.json()["job_id"])
        (result,) = done["results"]
        assert result["status"] == "warnings" and result["document_id"]
        body = again.get(f"/api/disclosures/{result['document_id']}", headers=LI).json()
        assert body["meta"]["unit_name"] == OFFICE and body["uploaded_by"] == "李四"


def test_jobs_over_for_a_month_are_forgotten_at_the_next_start_and_their_files_kept(admins):
    r = admins.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                    files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    job_id = r.json()["job_id"]
    finished(admins, job_id)
    engine = open_engine(admins.url)
    with Session(engine) as s, s.begin():
        s.execute(update(JobRow).where(JobRow.id == job_id).values(finished=time.time() - KEEP_DAYS * 86400 - 60))
    with TestClient(create_app(admins.url, admin_tokens=TOKENS)) as other:
        r = other.get(f"/api/jobs/{job_id}")
        assert r.status_code == 404 and f"没有编号为 {job_id} 的任务" in r.json()["detail"]
    with Session(engine) as s:
        assert s.get(Blob, hashlib.sha256(OFFICE_SEED.read_bytes()).hexdigest()) is not None


def test_only_an_interrupted_job_is_run_again(admins):
    r = admins.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                    files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    job_id = r.json()["job_id"]
    finished(admins, job_id)
    again = admins.post(f"/api/jobs/{job_id}/retry", headers=ZHANG)
    assert again.status_code == 409 and "只有中断的任务可以重新处理" in again.json()["detail"]
    assert admins.post("/api/jobs/0123456789abcdef/retry", headers=ZHANG).status_code == 404
    with Session(open_engine(admins.url)) as s:
        assert len(s.scalars(select(JobRow.id)).all()) == 1


def test_a_render_job_built_by_another_worker_is_built_again_from_its_stored_files(admins):
    r = admins.post("/api/render", headers=ZHANG, files=[("files", ("办公室.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert r.status_code == 202, r.text
    job = finished(admins, r.json()["job_id"])
    assert job["status"] == "done" and job["title"]
    with TestClient(create_app(admins.url, admin_tokens=TOKENS)) as other:
        seen = other.get(f"/api/jobs/{job['job_id']}").json()
        assert seen["title"] == job["title"] and seen["placeholders"] == job["placeholders"]
        html = other.get(f"/api/jobs/{job['job_id']}/document.html")
        assert html.status_code == 200 and OFFICE in html.content.decode("utf-8")


# -- 2. no server path ---------------------------------------------------------------------------------
def test_a_cli_ingested_document_names_its_file_not_the_servers_folder(admins):
    doc = admins.get("/api/disclosures").json()["items"][0]["id"]
    body = admins.get(f"/api/disclosures/{doc}").json()
    (source,) = body["sources"]
    assert "/" not in source and source.endswith(".txt") and source in {p.name for p in EXAMPLES.glob("*.txt")}
    assert "source_paths" not in body and "uploaded_by" not in body
    assert str(EXAMPLES) not in admins.get(f"/disclosures/{doc}").text
    for part in ("", "/tables", "/facts", "/findings", "/claims"):        # provenance names the file alone
        text = admins.get(f"/api/disclosures/{doc}{part}").text
        assert str(EXAMPLES) not in text and "/budgetlens/examples" not in text, part
    facts = admins.get(f"/api/disclosures/{doc}/facts", params={"per_page": 5}).json()["items"]
    assert {f["provenance"]["file"] for f in facts} == {source}
    mine = admins.get(f"/api/disclosures/{doc}", headers=ZHANG).json()      # the server's admins see where
    assert mine["source_paths"] == [str(EXAMPLES / source)]


def test_shown_sources_keep_an_uploads_and_an_archives_own_names():
    assert shown_source("/srv/data/2026/预算.pdf") == "预算.pdf"
    assert shown_source(r"D:\公开\预算.xlsx") == "预算.xlsx"
    assert shown_source("/srv/in/各单位.zip!/单位/说明.pdf") == "各单位.zip!/单位/说明.pdf"
    assert shown_source("上传/办公室.txt") == "上传/办公室.txt"


# -- 3. sessions -----------------------------------------------------------------------------------------
def test_login_rotates_the_csrf_token_and_logout_ends_the_session_for_good(admins):
    doc = uploaded_id(upload(admins, headers=ZHANG))
    before = csrf_token(admins)
    r = admins.post("/login", data={"token": TOKENS["李四"], "next": "/", "csrf": before}, follow_redirects=False)
    assert r.status_code == 303
    after = admins.cookies.get("budgetlens_csrf")
    assert after and after != before
    refused = admins.post(f"/disclosures/{doc}/publish", data={"csrf": before}, follow_redirects=False)
    assert refused.status_code == 403             # the token from before the login is void
    assert admins.get(f"/disclosures/{doc}").status_code == 200 and "李四" in admins.get("/").text
    copied = admins.cookies.get(COOKIE)
    admins.post("/logout", data={"csrf": after})
    assert admins.cookies.get("budgetlens_csrf") not in (None, after)
    with Session(open_engine(admins.url)) as s:
        assert s.scalars(select(AdminSession.id)).all() == []
    admins.cookies.set(COOKIE, copied)            # the cookie kept from before the logout opens nothing
    assert admins.get(f"/disclosures/{doc}").status_code == 404


def test_a_session_expires_after_the_hours_configured(store):
    with TestClient(create_app(store, admin_tokens=TOKENS, session_hours=2)) as c:
        doc = uploaded_id(upload(c, headers=ZHANG))
        r = c.post("/login", data={"token": TOKENS["张三"], "next": "/", "csrf": csrf_token(c)}, follow_redirects=False)
        assert "max-age=7200" in r.headers["set-cookie"].lower()
        assert c.get(f"/disclosures/{doc}").status_code == 200
        with Session(open_engine(store)) as s, s.begin():       # two hours later
            s.execute(update(AdminSession).values(expires=time.time() - 1))
        assert c.get(f"/disclosures/{doc}").status_code == 404


def test_session_hours_set_wrongly_are_refused_in_chinese(store, monkeypatch):
    monkeypatch.setenv("BUDGETLENS_SESSION_HOURS", "十二")
    with pytest.raises(AdminConfigError, match="BUDGETLENS_SESSION_HOURS 应为大于 0 的小时数"):
        create_app(store, admin_tokens=TOKENS)
    monkeypatch.setenv("BUDGETLENS_SESSION_HOURS", "1.5")
    with TestClient(create_app(store, admin_tokens=TOKENS)) as c:
        assert c.app.state.session_seconds == 5400


# -- 4. several admins -----------------------------------------------------------------------------------
def test_who_uploaded_and_who_published_a_draft_is_recorded_and_shown_to_admins(admins):
    doc = uploaded_id(upload(admins, headers=ZHANG))
    assert admins.post(f"/api/disclosures/{doc}/publish", headers=LI).status_code == 200
    body = admins.get(f"/api/disclosures/{doc}", headers=ZHANG).json()
    assert (body["uploaded_by"], body["published_by"]) == ("张三", "李四")
    public = admins.get(f"/api/disclosures/{doc}").json()
    assert "uploaded_by" not in public and "published_by" not in public
    assert "上传：张三" not in admins.get(f"/disclosures/{doc}").text
    admins.post("/login", data={"token": TOKENS["张三"], "next": "/", "csrf": csrf_token(admins)})
    assert "上传：张三；发布：李四" in admins.get(f"/disclosures/{doc}").text
    with Session(open_engine(admins.url)) as s:
        row = s.get(Document, doc)
        assert (row.uploaded_by, row.published_by) == ("张三", "李四")
    # a file stored before (by the command line) uploaded again is not recorded as the uploader's
    seed = min(p for p in EXAMPLES.glob("*.txt") if p != OFFICE_SEED)
    again = upload(admins, seed.name, seed.read_bytes(), LI).json()["results"][0]
    assert again["status"] == "known"
    assert admins.get(f"/api/disclosures/{again['document_id']}", headers=LI).json()["uploaded_by"] is None


def test_admins_from_the_environment_or_a_file_and_the_single_token_still_works(store, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLENS_ADMIN_TOKENS", " 张三:token-zhang-3 , 李四:token-li-4 ")
    assert configured_admins() == TOKENS
    listed = tmp_path / "admins.txt"
    listed.write_text("# 财政局管理员\n王五:token-wang-5\n", encoding="utf-8")
    monkeypatch.setenv("BUDGETLENS_ADMIN_TOKENS_FILE", str(listed))
    assert configured_admins() == {"王五": "token-wang-5"}
    monkeypatch.delenv("BUDGETLENS_ADMIN_TOKENS_FILE")
    monkeypatch.delenv("BUDGETLENS_ADMIN_TOKENS")
    with TestClient(create_app(store, admin_token="only-one")) as c:
        doc = uploaded_id(upload(c, headers={"Authorization": "Bearer only-one"}))
        assert upload(c, headers=ZHANG).status_code == 401
        body = c.get(f"/api/disclosures/{doc}", headers={"Authorization": "Bearer only-one"}).json()
        assert body["uploaded_by"] == "管理员" and body["published"] is False


@pytest.mark.parametrize(("spec", "said"), [
    ("张三token", "缺少冒号"), ("张三:,李四:x", "名称或令牌为空"), ("张三:a,张三:b", "出现了两次"),
    ("张三:same,李四:same", "与另一管理员相同")])
def test_admin_tokens_set_wrongly_are_refused_in_chinese(store, spec, said):
    with pytest.raises(AdminConfigError, match=said):
        create_app(store, admin_tokens=spec)


def test_a_missing_admin_token_file_is_refused_in_chinese(monkeypatch, tmp_path):
    monkeypatch.delenv("BUDGETLENS_ADMIN_TOKENS", raising=False)
    monkeypatch.setenv("BUDGETLENS_ADMIN_TOKENS_FILE", str(tmp_path / "nowhere.txt"))
    with pytest.raises(AdminConfigError, match="无法读取管理员令牌文件"):
        configured_admins()


# -- 5. a draft signed earlier than the published version -------------------------------------------------
def published_office(client) -> int:
    doc = uploaded_id(upload(client, "办公室2026.txt", office_text(), ZHANG))
    assert client.post(f"/api/disclosures/{doc}/publish", headers=ZHANG).status_code == 200
    return doc


def test_a_draft_signed_earlier_than_the_published_version_does_not_show_in_its_place(admins):
    published_office(admins)
    older = uploaded_id(upload(admins, "办公室2026旧稿.txt", office_text("2026年1月5日", scale=2), ZHANG))
    assert office_income_total(admins, ZHANG) == "1759.05"       # the published figures, not the draft's doubled
    said = admins.get(f"/api/disclosures/{older}", headers=ZHANG).json()["in_place"]
    assert "早于已发布版本" in said and "2026-01-05" in said and "2026-02-05" in said
    with Session(open_engine(admins.url)) as s:
        assert s.get(Document, older).signed.isoformat() == "2026-01-05"


def test_a_draft_signed_later_shows_in_place_of_the_published_version_and_says_so(admins):
    first = published_office(admins)
    newer = uploaded_id(upload(admins, "办公室2026新稿.txt", office_text("2026年3月5日", scale=2), ZHANG))
    assert office_income_total(admins, ZHANG) == "3518.10"
    assert office_income_total(admins) == "1759.05"               # the public's reads are unchanged
    said = admins.get(f"/api/disclosures/{newer}", headers=ZHANG).json()["in_place"]
    assert said.startswith("比较、趋势与看板（含草稿时）显示此草稿") and f"文档 {first}" in said
    assert f"草稿（文档 {newer}）" in admins.get(f"/api/disclosures/{first}", headers=ZHANG).json()["in_place"]


def test_of_two_drafts_the_one_signed_later_shows_whichever_was_uploaded_last(admins):
    published_office(admins)
    march = uploaded_id(upload(admins, "三月稿.txt", office_text("2026年3月5日", scale=2), ZHANG))
    february = uploaded_id(upload(admins, "二月稿.txt", office_text("2026年2月20日", scale=3), ZHANG))
    assert february > march
    assert office_income_total(admins, ZHANG) == "3518.10"       # March's figures (×2), not February's (×3)
    said = admins.get(f"/api/disclosures/{february}", headers=ZHANG).json()["in_place"]
    assert f"更新的草稿（文档 {march}）" in said


# -- 6. compare --drafts on the command line ----------------------------------------------------------------
def test_the_cli_compares_with_drafts_in_place_only_when_asked(store):
    from typer.testing import CliRunner

    from budgetlens.cli.main import app
    folder = Path(store.removeprefix("sqlite:///")).parent
    published, draft = folder / "办公室.txt", folder / "办公室更正.txt"
    published.write_bytes(office_text())
    draft.write_bytes(office_text("2026年3月5日", scale=2))
    Ingest(open_engine(store), workers=0).run([published])
    Ingest(open_engine(store), workers=0, draft=True).run([draft])
    runner, env = CliRunner(), {"COLUMNS": "200"}
    plain = runner.invoke(app, ["compare", OFFICE, "--years", "2026", "--db", store], env=env)
    assert plain.exit_code == 0, plain.output
    assert "1,759.05" in plain.output and "3,518.10" not in plain.output and "草稿" not in plain.output
    drafted = runner.invoke(app, ["compare", OFFICE, "--years", "2026", "--db", store, "--drafts"], env=env)
    assert drafted.exit_code == 0, drafted.output
    assert "3,518.10" in drafted.output and "（草稿）" in drafted.output and "1,759.05" not in drafted.output


# -- PostgreSQL ------------------------------------------------------------------------------------------
def test_jobs_sessions_and_admins_on_postgresql(tmp_path, monkeypatch):
    if not os.environ.get("BUDGETLENS_TEST_PG"):
        pytest.skip("BUDGETLENS_TEST_PG not set (run .ci/postgres.sh)")
    monkeypatch.delenv("BUDGETLENS_ADMIN_TOKEN", raising=False)
    url = target_store("postgresql", tmp_path)
    try:
        with TestClient(create_app(url, admin_tokens=TOKENS)) as c:
            r = c.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                       files=[("files", ("办公室2026.txt", office_text(), "text/plain"))])
            job = finished(c, r.json()["job_id"])
            doc = job["results"][0]["document_id"]
            assert c.post(f"/api/disclosures/{doc}/publish", headers=LI).status_code == 200
            later = uploaded_id(upload(c, "更正.txt", office_text("2026年1月5日", scale=2), ZHANG))
            assert office_income_total(c, ZHANG) == "1759.05"
            assert "早于已发布版本" in c.get(f"/api/disclosures/{later}", headers=ZHANG).json()["in_place"]
            c.post("/login", data={"token": TOKENS["李四"], "next": "/", "csrf": csrf_token(c)})
            assert "上传：张三；发布：李四" in c.get(f"/disclosures/{doc}").text
            c.post("/logout", data={"csrf": c.cookies.get("budgetlens_csrf")})
            c.app.state.engine.dispose()
        with TestClient(create_app(url, admin_tokens=TOKENS)) as other:
            assert other.get(f"/api/jobs/{job['job_id']}").json()["status"] == "done"
            with Session(other.app.state.engine) as s:
                assert s.scalars(select(AdminSession.id)).all() == []
            other.app.state.engine.dispose()
    finally:
        drop_database(url)


# -- in the browser: an interrupted job run again -------------------------------------------------------
def test_an_admin_runs_an_interrupted_job_again_in_the_browser(store):
    """A job whose worker died (its last sign of life long ago): the page says 中断; the logged-in
    admin's 重新处理 reads the stored file and lands on the document."""
    from browser import CHROMIUM, NO_CHROMIUM, chromium, offline_page, served
    pytest.importorskip("playwright")
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    data = office_text()
    sha = hashlib.sha256(data).hexdigest()
    with Session(open_engine(store)) as s, s.begin():
        s.add(Blob(sha256=sha, size=len(data), content=data))
        s.add(JobRow(id="a" * 32, kind="ingest", status="running", files=[{"name": "办公室2026.txt", "sha256": sha}],
                     runner="b" * 32, created=time.time() - 3600, beat=time.time() - 3600, error="", current="办公室2026.txt"))
    with served(create_app(store, admin_tokens=TOKENS)) as base, chromium() as browser, offline_page(browser) as page:
        page.goto(f"{base}/jobs/{'a' * 32}")
        assert "中断" in page.inner_text("#job") and page.locator("form[action$='/retry']").count() == 0
        page.goto(f"{base}/login?next=/jobs/{'a' * 32}")
        page.fill("input[name=token]", TOKENS["张三"])
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_url(f"**/jobs/{'a' * 32}")
        assert "张三" in page.inner_text("header")
        page.click("form[action$='/retry'] button")
        page.wait_for_url("**/disclosures/*?uploaded=1", timeout=120_000)
        assert OFFICE in page.inner_text("h1") and "上传：张三" in page.inner_text("#meta")
