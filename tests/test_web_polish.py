"""The portal's finish (budgetlens/web, store/current.py): a logged-in user's compare, unit page,
dashboard and export read a draft in place of the published version it would supersede, never
added to it; CSRF tokens on the portal's forms; a failed job says no server path; an anonymous
upload is refused before its body is read; a GBK file name is repaired. TestClient over
temporary stores ingested from the seeds: real ingest, real queries."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import re
import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("httpx")
from fastapi.testclient import TestClient

from budgetlens.readers.base import ReadError
from budgetlens.store import Ingest, open_engine
from budgetlens.store.corpus import variant
from budgetlens.web import create_app
from budgetlens.web.upload import repaired_name, safe_name

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
OFFICE_SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
OFFICE = "克孜勒苏柯尔克孜自治州人民政府办公室"        # seed 002, 2026 部门预算
TOKEN = "polish-token-7"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def guarded(tmp_path, monkeypatch):
    """Seeds 000–003 published (the CLI's path); the portal guarded by a token."""
    monkeypatch.delenv("BUDGETLENS_ADMIN_TOKEN", raising=False)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    Ingest(open_engine(url), workers=0).run(sorted(EXAMPLES.glob("*.txt")))
    with TestClient(create_app(url, admin_token=TOKEN)) as c:
        c.url = url
        yield c


def upload_draft(client, name: str, data: bytes) -> int:
    r = client.post("/api/upload", files=[("files", (name, data, "text/plain"))], headers=ADMIN)
    assert r.status_code == 201, r.text
    return r.json()["results"][0]["document_id"]


def doubled_draft(client) -> int:
    """A corrected 2026 version of the office's disclosure, every amount doubled, as a draft."""
    doubled = variant(OFFICE_SEED.read_text(encoding="utf-8"), "", scale=2).encode("utf-8")
    return upload_draft(client, "办公室2026（更正）.txt", doubled)


def income_totals(client, headers: dict | None = None) -> list[str]:
    r = client.get("/api/compare", params={"unit": OFFICE, "years": [2026]}, headers=headers or {})
    assert r.status_code == 200, r.text
    table = r.json()["tables"]
    assert len(table) == 1 and len(table[0]["columns"]) == 1      # one column: never the two side by side
    return [row["values"][0] for row in table[0]["rows"] if row["label"] == "收入总计"] + \
        [c["heading"] for c in table[0]["columns"]]


def office_unit(client) -> int:
    units = client.get("/api/units", params={"q": "人民政府办公室"}).json()["units"]
    assert len(units) == 1, units
    return units[0]["id"]


def office_dashboard(client, headers: dict | None = None) -> dict:
    units = client.get("/api/dashboard", headers=headers or {}).json()["units"]
    return next(u for u in units if u["unit_name"] == OFFICE)


def exported_incomes(client, params: dict, headers: dict | None = None) -> list[str]:
    r = client.get("/api/export/csv", params={**params, "header": "en"}, headers=headers or {})
    assert r.status_code == 200, r.text
    rows = csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")))
    return sorted({(row["document_id"], row["amount"]) for row in rows
                   if row["unit_name"] == OFFICE and row["table_kind"] == "income" and row["source"] == "total"
                   and row["row_kind"] == "total" and row["table_set"] == "0"})


# -- drafts in place of their published versions -------------------------------------------------------
def test_a_logged_in_compare_reads_the_draft_in_place_of_the_published_version(guarded):
    assert income_totals(guarded, ADMIN)[0] == "1759.05"
    doubled_draft(guarded)
    value, heading = income_totals(guarded, ADMIN)
    assert value == "3518.10" and heading.endswith("（草稿）")
    # the public still reads the published version alone
    value, heading = income_totals(guarded)
    assert value == "1759.05" and "草稿" not in heading


def test_the_dashboard_counts_a_draft_in_place_of_its_published_version(guarded):
    public = office_dashboard(guarded)
    assert public["documents"] == 1
    doubled_draft(guarded)
    assert office_dashboard(guarded) == public
    assert office_dashboard(guarded, ADMIN)["documents"] == 1      # not 2: the draft replaces, not adds


def test_the_unit_page_charts_the_draft_year_marked(guarded):
    unit = office_unit(guarded)
    doubled_draft(guarded)
    trend = guarded.get(f"/api/units/{unit}", headers=ADMIN).json()["trend"]
    assert trend[0]["drafts"] == [2026] and trend[0]["rows"]["收入总计"] == ["3518.10"]
    assert guarded.get(f"/api/units/{unit}").json()["trend"][0]["rows"]["收入总计"] == ["1759.05"]
    guarded.post("/login", data={"token": TOKEN, "next": "/", "csrf": csrf_of(guarded, "/login")})
    page = guarded.get(f"/units/{unit}")
    assert "2026 年为草稿" in page.text and "3518.1" in page.text


def test_an_export_with_drafts_swaps_the_draft_in_and_needs_the_token(guarded):
    before = exported_incomes(guarded, {})
    draft = doubled_draft(guarded)
    assert exported_incomes(guarded, {}) == before
    swapped = exported_incomes(guarded, {"drafts": "true"}, ADMIN)
    assert swapped == [(str(draft), "3518.10")]
    every = exported_incomes(guarded, {"drafts": "true", "all_versions": "true"}, ADMIN)
    assert len(every) == 2 and (str(draft), "3518.10") in every
    refused = guarded.get("/api/export/csv", params={"drafts": "true"})
    assert refused.status_code == 401 and "需要管理员令牌" in refused.json()["detail"]


def test_a_draft_without_table_amounts_does_not_hide_the_published_figures(guarded):
    narrative_only = "\n".join(line for line in OFFICE_SEED.read_text(encoding="utf-8").splitlines()
                               if not re.search(r"\d+\.\d\d", line))
    draft = upload_draft(guarded, "办公室2026说明.txt", narrative_only.encode("utf-8"))
    body = guarded.get(f"/api/disclosures/{draft}", headers=ADMIN).json()
    assert body["published"] is False and body["facts"] == 0 and body["year"] == 2026
    value, heading = income_totals(guarded, ADMIN)
    assert value == "1759.05" and "草稿" not in heading


def csrf_of(client, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    return found.group(1) if found else ""


# -- CSRF tokens on the portal's forms ----------------------------------------------------------------
def test_every_form_that_changes_something_carries_the_session_token(guarded):
    doc = doubled_draft(guarded)
    token = csrf_of(guarded, "/login")
    assert token and guarded.cookies.get("budgetlens_csrf") == token
    cookie = guarded.get("/login").headers.get("set-cookie", "")
    assert "budgetlens_csrf" not in cookie            # one token per session, not one per page
    assert guarded.post("/login", data={"token": TOKEN, "next": "/", "csrf": token},
                        follow_redirects=False).status_code == 303
    # logging in starts a session with a new token (test_web_probe38: rotated at login)
    token = guarded.cookies.get("budgetlens_csrf")
    for path in ("/upload", "/render", f"/disclosures/{doc}", f"/disclosures/{doc}/delete", "/"):
        forms = re.findall(r'<form method="post".*?</form>', guarded.get(path).text, re.DOTALL)
        assert forms, path
        assert all(f'name="csrf" value="{token}"' in f for f in forms), path
    published = guarded.post(f"/disclosures/{doc}/publish", data={"csrf": token}, follow_redirects=False)
    assert published.status_code == 303


def test_a_post_without_the_token_or_with_another_is_refused_and_changes_nothing(guarded):
    doc = doubled_draft(guarded)
    token = csrf_of(guarded, "/login")
    # a login without the token: no cookie given
    r = guarded.post("/login", data={"token": TOKEN, "next": "/"}, follow_redirects=False)
    assert r.status_code == 403 and "防伪令牌" in r.text and "budgetlens_admin" not in r.headers.get("set-cookie", "")
    guarded.post("/login", data={"token": TOKEN, "next": "/", "csrf": token})
    for forged in ("", "x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B")):
        assert guarded.post(f"/disclosures/{doc}/publish", data={"csrf": forged}).status_code == 403
        assert guarded.post(f"/disclosures/{doc}/delete", data={"confirm": "yes", "csrf": forged}).status_code == 403
        up = guarded.post("/upload", data={"csrf": forged},
                          files=[("files", ("a.txt", OFFICE_SEED.read_bytes(), "text/plain"))], follow_redirects=False)
        assert up.status_code == 403 and "请刷新页面后重新提交" in up.text
        assert guarded.post("/logout", data={"csrf": forged}).status_code == 403
    # nothing changed: the draft is still a draft, still there, the user still logged in
    assert guarded.get(f"/api/disclosures/{doc}", headers=ADMIN).json()["published"] is False
    assert "退出登录" in guarded.get("/").text


def test_a_bearer_request_to_the_portal_needs_no_csrf_token(guarded):
    doc = doubled_draft(guarded)
    r = guarded.post(f"/disclosures/{doc}/publish", headers=ADMIN, follow_redirects=False)
    assert r.status_code == 303
    assert guarded.get(f"/api/disclosures/{doc}").json()["published"] is True


# -- a failed job says no server path --------------------------------------------------------------------
def failed_job(client, exc: Exception) -> dict:
    def work(job):
        raise exc
    job = client.app.state.jobs.submit("ingest", ["预算.pdf"], work)
    for _ in range(200):
        body = client.get(f"/api/jobs/{job.id}", headers=ADMIN).json()
        if body["status"] == "failed":
            return {**body, "id": job.id}
        time.sleep(0.05)
    raise AssertionError(body)


def test_a_failed_job_shows_the_readers_chinese_error_without_the_servers_folder(guarded):
    folder = Path(tempfile.gettempdir()) / "budgetlens-upload-x1y2" / "000"
    said = failed_job(guarded, ReadError(f"预算.pdf 无法作为 PDF 读取：cannot open '{folder / '预算.pdf'}'"))["error"]
    assert said == "预算.pdf 无法作为 PDF 读取：cannot open '预算.pdf'"


def test_a_program_fault_in_a_job_says_only_its_type_and_logs_the_rest(guarded, caplog):
    secret = Path(tempfile.gettempdir()) / "budgetlens-upload-q9" / "000" / "预算.pdf"
    with caplog.at_level(logging.ERROR, logger="budgetlens.web.jobs"):
        job = failed_job(guarded, FileNotFoundError(2, "No such file or directory", str(secret)))
    said = job["error"]
    assert "FileNotFoundError" in said and "程序错误" in said
    assert str(secret.parent) not in said and "budgetlens-upload" not in said
    assert any(str(secret) in (r.exc_text or "") or r.exc_info for r in caplog.records)
    page = guarded.get(f"/jobs/{job['id']}", headers=ADMIN).text
    assert "budgetlens-upload" not in page and "FileNotFoundError" in page


# -- an anonymous upload is refused before its body is read ------------------------------------------------
def asgi_post(app, path: str, headers: list[tuple[bytes, bytes]]) -> tuple[int, bool]:
    """POST to the app at the ASGI level; returns the status and whether the body was asked for."""
    asked, sent = [], []

    async def receive():
        asked.append(True)
        return {"type": "http.request", "body": b"x" * 1024, "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", b"multipart/form-data; boundary=b"),
                         (b"content-length", b"1024"), *headers], "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, bool(asked)


@pytest.mark.parametrize("path", ["/upload", "/api/upload", "/render", "/api/render"])
def test_an_anonymous_upload_is_refused_before_its_body_is_read(guarded, path):
    assert asgi_post(guarded.app, path, []) == (401, False)
    assert asgi_post(guarded.app, path, [(b"authorization", b"Bearer wrong")]) == (401, False)
    r = guarded.post(path, files=[("files", ("a.txt", b"x", "text/plain"))])
    assert r.status_code == 401 and "需要管理员令牌" in r.text and r.headers["www-authenticate"] == "Bearer"


def test_an_upload_with_the_token_is_read(guarded):
    status, asked = asgi_post(guarded.app, "/api/upload", [(b"authorization", f"Bearer {TOKEN}".encode())])
    assert asked and status != 401


# -- GBK file names from old browsers ----------------------------------------------------------------------
def multipart(name: bytes, data: bytes, csrf: str = "") -> tuple[bytes, dict]:
    """A multipart body as an old browser writes it: the file name's bytes as they are (GBK)."""
    parts = [b'--b\r\nContent-Disposition: form-data; name="files"; filename="' + name + b'"\r\n'
             b"Content-Type: text/plain\r\n\r\n" + data + b"\r\n"]
    if csrf:
        parts.append(b'--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n' + csrf.encode() + b"\r\n")
    return b"".join(parts) + b"--b--\r\n", {"content-type": "multipart/form-data; boundary=b"}


def test_a_gbk_file_name_is_stored_as_it_was_meant(guarded):
    tripled = variant(OFFICE_SEED.read_text(encoding="utf-8"), "", scale=3).encode("utf-8")   # not yet stored
    body, headers = multipart("办公室2026年部门预算.txt".encode("gbk"), tripled)
    r = guarded.post("/api/upload", content=body, headers={**headers, **ADMIN})
    assert r.status_code == 201, r.text
    result = r.json()["results"][0]
    assert result["file"] == "办公室2026年部门预算.txt"
    sources = guarded.get(f"/api/disclosures/{result['document_id']}", headers=ADMIN).json()["sources"]
    assert sources == ["上传/办公室2026年部门预算.txt"]
    # the portal's form: the same repair (an empty file, refused by its name)
    guarded.post("/login", data={"token": TOKEN, "next": "/", "csrf": csrf_of(guarded, "/login")})
    body, headers = multipart("部门预算（更正）.txt".encode("gbk"), b"", csrf_of(guarded, "/upload"))
    refused = guarded.post("/upload", content=body, headers=headers)
    assert refused.status_code == 422 and "部门预算（更正）.txt 是空文件" in refused.text


@pytest.mark.parametrize("name", ["Müller-Haushalt.txt", "ÄÖ.txt", "report.txt", "预算.txt"])
def test_a_name_that_is_not_certainly_gbk_stays_as_received(name):
    assert repaired_name(name) == name
    assert safe_name(name) == name
