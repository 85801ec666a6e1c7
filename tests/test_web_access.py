"""Access control and drafts (budgetlens/web/auth.py, store/drafts.py, migration 0006): with an
admin token set, uploads are drafts nobody else sees until published; without one, the portal is
open as before. TestClient over temporary stores ingested from the seeds: real ingest, real queries."""

from __future__ import annotations

import csv
import io
import os
import uuid
from pathlib import Path

import pytest

pytest.importorskip("httpx")
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from budgetlens.store import Ingest, open_engine
from budgetlens.store.corpus import variant
from budgetlens.store.schema import Blob, Document, FactRow, FindingRow
from budgetlens.web import create_app
from budgetlens.web.auth import COOKIE, cookie_valid, cookie_value

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
OFFICE_SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
OFFICE = "克孜勒苏柯尔克孜自治州人民政府办公室"        # seed 002, 2026 部门预算
TOKEN = "s3cret-token-9"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
WRONG = {"Authorization": "Bearer not-the-token"}


def csrf_token(client) -> str:
    """The portal's CSRF token for this client's session (web/csrf.py): set by any page."""
    client.get("/login")
    return client.cookies.get("budgetlens_csrf")


def published_store(folder: Path) -> str:
    """Seeds 000, 001 and 003 ingested by the CLI's path (published); the office's (002) is not."""
    url = f"sqlite:///{folder / 'store.db'}"
    Ingest(open_engine(url), workers=0).run([p for p in sorted(EXAMPLES.glob("*.txt")) if p != OFFICE_SEED])
    return url


@pytest.fixture()
def guarded(tmp_path, monkeypatch):
    monkeypatch.delenv("BUDGETLENS_ADMIN_TOKEN", raising=False)
    url = published_store(tmp_path)
    with TestClient(create_app(url, admin_token=TOKEN)) as c:
        c.url = url
        yield c


@pytest.fixture()
def open_portal(tmp_path, monkeypatch):
    monkeypatch.delenv("BUDGETLENS_ADMIN_TOKEN", raising=False)
    url = published_store(tmp_path)
    with TestClient(create_app(url)) as c:
        c.url = url
        yield c


def upload(client, name: str = "办公室2026.txt", data: bytes | None = None, headers: dict | None = None):
    data = OFFICE_SEED.read_bytes() if data is None else data
    return client.post("/api/upload", files=[("files", (name, data, "text/plain"))], headers=headers or {})


def uploaded_id(response) -> int:
    assert response.status_code == 201, response.text
    return response.json()["results"][0]["document_id"]


def listed(client, headers: dict | None = None) -> list[str]:
    return [d["unit_name"] for d in client.get("/api/disclosures", headers=headers or {}).json()["items"]]


def office_unit(client) -> int:
    units = client.get("/api/units", params={"q": "人民政府办公室"}, headers=ADMIN).json()["units"]
    assert len(units) == 1, units
    return units[0]["id"]


def office_income_total(client, headers: dict | None = None):
    """The office's 2026 收入总计 (万元) as `compare` gives it (404 where nothing is published)."""
    r = client.get("/api/compare", params={"unit": OFFICE, "years": [2026]}, headers=headers or {})
    if r.status_code != 200:
        return r.status_code
    rows = {row["label"]: row["values"] for row in r.json()["tables"][0]["rows"]}
    return rows["收入总计"][0]


# -- uploads need the token ------------------------------------------------------------------------
def test_anonymous_and_wrong_token_cannot_upload_and_nothing_is_stored(guarded):
    anonymous = upload(guarded)
    assert anonymous.status_code == 401
    assert "需要管理员令牌" in anonymous.json()["detail"] and anonymous.headers["www-authenticate"] == "Bearer"
    wrong = upload(guarded, headers=WRONG)
    assert wrong.status_code == 401 and wrong.json()["detail"] == "管理员令牌不正确"
    render = guarded.post("/api/render", files=[("files", ("a.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert render.status_code == 401
    assert OFFICE not in listed(guarded, ADMIN) and len(listed(guarded, ADMIN)) == 3
    with Session(open_engine(guarded.url)) as s:
        assert s.scalar(select(Document.id).where(Document.unit_name == OFFICE)) is None


def test_the_portal_refuses_an_anonymous_upload_with_a_chinese_page(guarded):
    page = guarded.get("/upload")
    assert page.status_code == 200 and "上传须先" in page.text and 'action="/upload?csrf=' not in page.text
    r = guarded.post("/upload", files=[("files", ("a.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert r.status_code == 401 and "需要管理员令牌" in r.text and 'href="/login"' in r.text
    assert guarded.post("/render", files=[("files", ("a.txt", b"x", "text/plain"))]).status_code == 401


# -- a draft is hidden from everyone without the token ----------------------------------------------
def test_a_year_only_a_draft_has_is_no_public_filter(guarded):
    prior = variant(OFFICE_SEED.read_text(encoding="utf-8"), "", years=-5).encode("utf-8")
    uploaded_id(upload(guarded, "2021.txt", prior, ADMIN))
    assert 'value="2021"' not in guarded.get("/").text
    assert 'value="2021"' in guarded.get("/", headers=ADMIN).text


def test_an_upload_with_the_token_is_a_draft_hidden_from_every_public_read(guarded):
    doc = uploaded_id(upload(guarded, headers=ADMIN))
    unit = office_unit(guarded)
    for path in (f"/api/disclosures/{doc}", f"/api/disclosures/{doc}/tables", f"/api/disclosures/{doc}/facts",
                 f"/api/disclosures/{doc}/findings", f"/api/disclosures/{doc}/claims", f"/api/units/{unit}",
                 f"/disclosures/{doc}", f"/disclosures/{doc}/facts", f"/units/{unit}"):
        r = guarded.get(path)
        assert r.status_code == 404, path
        assert "没有编号为" in r.text, path
    assert OFFICE not in listed(guarded) and len(listed(guarded)) == 3
    assert OFFICE not in guarded.get("/").text
    assert all(u["name"] != OFFICE for u in guarded.get("/api/units").json()["units"])
    assert all(u["unit_name"] != OFFICE for u in guarded.get("/api/dashboard").json()["units"])
    assert OFFICE not in guarded.get("/dashboard").text
    assert office_income_total(guarded) == 404
    exported = guarded.get("/api/export/csv").content.decode("utf-8-sig")
    assert exported and OFFICE not in exported
    # the same reads with the token: the draft, marked
    mine = guarded.get("/api/disclosures", headers=ADMIN).json()["items"]
    assert {d["unit_name"]: d["published"] for d in mine}[OFFICE] is False
    body = guarded.get(f"/api/disclosures/{doc}", headers=ADMIN).json()
    assert body["published"] is False and body["meta"]["unit_name"] == OFFICE
    assert guarded.get(f"/api/disclosures/{doc}/facts", headers=ADMIN).json()["total"] > 0
    assert any(u["unit_name"] == OFFICE for u in guarded.get("/api/dashboard", headers=ADMIN).json()["units"])
    assert guarded.get(f"/api/units/{unit}", headers=ADMIN).json()["documents"][0]["published"] is False
    assert guarded.get(f"/api/disclosures/{doc}", headers=WRONG).status_code == 404


def test_publishing_makes_a_draft_public(guarded):
    doc = uploaded_id(upload(guarded, headers=ADMIN))
    assert guarded.post(f"/api/disclosures/{doc}/publish").status_code == 401
    assert guarded.post(f"/api/disclosures/{doc}/publish", headers=WRONG).status_code == 401
    assert guarded.get(f"/api/disclosures/{doc}").status_code == 404
    r = guarded.post(f"/api/disclosures/{doc}/publish", headers=ADMIN)
    assert r.status_code == 200 and r.json()["published"] is True
    assert guarded.get(f"/api/disclosures/{doc}").json()["published"] is True
    assert OFFICE in listed(guarded)
    assert office_income_total(guarded) == "1759.05"      # seed 002's 收入总计 (收支总表), 万元
    assert OFFICE in guarded.get("/api/export/csv").content.decode("utf-8-sig")
    again = guarded.post(f"/api/disclosures/{doc}/publish", headers=ADMIN)
    assert again.status_code == 409 and "已经发布" in again.json()["detail"]
    assert guarded.post("/api/disclosures/999999/publish", headers=ADMIN).status_code == 404


def test_a_new_version_uploaded_as_a_draft_replaces_the_published_one_only_when_published(guarded):
    first = uploaded_id(upload(guarded, headers=ADMIN))
    guarded.post(f"/api/disclosures/{first}/publish", headers=ADMIN)
    doubled = variant(OFFICE_SEED.read_text(encoding="utf-8"), "", scale=2).encode("utf-8")
    second = uploaded_id(upload(guarded, "办公室2026（更正）.txt", doubled, ADMIN))
    # the public still reads the published version, whole
    assert office_income_total(guarded) == "1759.05"
    assert guarded.get(f"/api/disclosures/{first}").json()["superseded_by"] is None
    assert [d["id"] for d in guarded.get("/api/disclosures", params={"q": OFFICE}).json()["items"]] == [first]
    guarded.post(f"/api/disclosures/{second}/publish", headers=ADMIN)
    assert guarded.get(f"/api/disclosures/{first}").json()["superseded_by"] == second
    assert office_income_total(guarded) == "3518.10"


def test_deleting_a_draft_removes_it_and_keeps_the_original_file(guarded):
    doc = uploaded_id(upload(guarded, headers=ADMIN))
    engine = open_engine(guarded.url)
    with Session(engine) as s:
        sha = s.get(Document, doc).sha256
        assert s.scalar(select(FactRow.id).where(FactRow.document_id == doc).limit(1)) is not None
    assert guarded.delete(f"/api/disclosures/{doc}").status_code == 401
    assert guarded.delete(f"/api/disclosures/{doc}", headers=WRONG).status_code == 401
    r = guarded.delete(f"/api/disclosures/{doc}", headers=ADMIN)
    assert r.status_code == 200 and r.json()["deleted"] is True
    assert OFFICE not in listed(guarded, ADMIN)
    assert guarded.get(f"/api/disclosures/{doc}", headers=ADMIN).status_code == 404
    with Session(engine) as s:
        assert s.get(Document, doc) is None
        assert s.scalar(select(FactRow.id).where(FactRow.document_id == doc).limit(1)) is None
        assert s.scalar(select(FindingRow.id).where(FindingRow.document_id == doc).limit(1)) is None
        assert s.get(Blob, sha).content == OFFICE_SEED.read_bytes()       # the original is kept
    # the same file uploaded again is read again, a draft
    again = uploaded_id(upload(guarded, headers=ADMIN))
    assert guarded.get(f"/api/disclosures/{again}", headers=ADMIN).json()["published"] is False


def test_a_published_document_is_not_deleted(guarded):
    published = listed_ids(guarded)[0]
    r = guarded.delete(f"/api/disclosures/{published}", headers=ADMIN)
    assert r.status_code == 409 and "已经发布" in r.json()["detail"]
    assert published in listed_ids(guarded)


def listed_ids(client) -> list[int]:
    return [d["id"] for d in client.get("/api/disclosures").json()["items"]]


# -- the portal: login, the draft's page, publish and delete ------------------------------------------
def test_the_portal_logs_in_with_a_signed_httponly_cookie(guarded):
    doc = uploaded_id(upload(guarded, headers=ADMIN))
    wrong = guarded.post("/login", data={"token": "guess", "next": "/", "csrf": csrf_token(guarded)}, follow_redirects=False)
    assert wrong.status_code == 401 and "管理员令牌不正确" in wrong.text and COOKIE not in wrong.cookies
    # a forged cookie opens nothing
    guarded.cookies.set(COOKIE, "9999999999.deadbeef")
    assert guarded.get(f"/disclosures/{doc}").status_code == 404
    guarded.cookies.clear()
    r = guarded.post("/login", data={"token": TOKEN, "next": f"/disclosures/{doc}", "csrf": csrf_token(guarded)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/disclosures/{doc}"
    said = r.headers["set-cookie"].lower()
    assert "httponly" in said and "samesite=strict" in said and TOKEN not in said
    page = guarded.get(f"/disclosures/{doc}")
    assert page.status_code == 200 and "草稿" in page.text and f'action="/disclosures/{doc}/publish"' in page.text
    assert "草稿" in guarded.get("/").text and "退出登录" in guarded.get("/").text
    assert "存为" in guarded.get("/upload").text
    guarded.post("/logout", data={"csrf": csrf_token(guarded)})
    assert guarded.get(f"/disclosures/{doc}").status_code == 404


def test_login_goes_back_only_to_a_page_of_this_site(guarded):
    r = guarded.post("/login", data={"token": TOKEN, "next": "//evil.example/", "csrf": csrf_token(guarded)}, follow_redirects=False)
    assert r.headers["location"] == "/"


def test_the_cookie_is_void_when_expired_or_signed_with_another_token():
    value = cookie_value(TOKEN, now=1_000_000)
    assert cookie_valid(TOKEN, value, now=1_000_001)
    assert not cookie_valid(TOKEN, value, now=1_000_000 + 13 * 3600)
    assert not cookie_valid("another-token", value, now=1_000_001)
    assert not cookie_valid(TOKEN, "", now=1_000_001) and not cookie_valid(TOKEN, "abc.def", now=1_000_001)


def test_the_portal_publishes_and_deletes_after_confirmation(guarded):
    doc = uploaded_id(upload(guarded, headers=ADMIN))
    assert guarded.post(f"/disclosures/{doc}/publish", follow_redirects=False).status_code == 401
    assert guarded.post(f"/disclosures/{doc}/delete", data={"confirm": "yes"}).status_code == 401
    guarded.post("/login", data={"token": TOKEN, "next": "/", "csrf": csrf_token(guarded)})
    confirm = guarded.get(f"/disclosures/{doc}/delete")
    assert confirm.status_code == 200 and "确认删除" in confirm.text and "原文件仍保存" in confirm.text
    # a post without the confirmation goes back to the question
    unconfirmed = guarded.post(f"/disclosures/{doc}/delete", data={"csrf": csrf_token(guarded)},
                                 follow_redirects=False)
    assert unconfirmed.status_code == 303 and unconfirmed.headers["location"] == f"/disclosures/{doc}/delete"
    assert guarded.get(f"/disclosures/{doc}").status_code == 200
    gone = guarded.post(f"/disclosures/{doc}/delete", data={"confirm": "yes", "csrf": csrf_token(guarded)}, follow_redirects=False)
    assert gone.status_code == 303 and guarded.get(f"/disclosures/{doc}").status_code == 404
    second = uploaded_id(upload(guarded, headers=ADMIN))
    done = guarded.post(f"/disclosures/{second}/publish", data={"csrf": csrf_token(guarded)}, follow_redirects=False)
    assert done.status_code == 303
    guarded.post("/logout", data={"csrf": csrf_token(guarded)})
    assert guarded.get(f"/disclosures/{second}").status_code == 200 and OFFICE in guarded.get("/").text


# -- without a token: open, as before ---------------------------------------------------------------
def test_without_a_token_everything_is_open_and_the_upload_page_says_so(open_portal):
    page = open_portal.get("/upload")
    assert "未设定管理员令牌" in page.text and 'action="/upload?csrf=' in page.text
    doc = uploaded_id(upload(open_portal))
    assert open_portal.get(f"/api/disclosures/{doc}").json()["published"] is True
    assert OFFICE in listed(open_portal)
    assert 'href="/login"' not in open_portal.get("/").text


def test_ingest_draft_from_the_cli_hides_it_where_a_token_is_set(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from budgetlens.cli.main import app
    monkeypatch.delenv("BUDGETLENS_ADMIN_TOKEN", raising=False)
    url = published_store(tmp_path)
    out = CliRunner().invoke(app, ["ingest", str(OFFICE_SEED), "--db", url, "--draft", "-q"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    with TestClient(create_app(url, admin_token=TOKEN)) as c:
        assert OFFICE not in listed(c) and OFFICE in listed(c, ADMIN)
    with TestClient(create_app(url)) as c:          # no token: the laptop user sees and publishes it
        (item,) = c.get("/api/disclosures", params={"q": OFFICE}).json()["items"]
        assert item["published"] is False
        assert c.post(f"/api/disclosures/{item['id']}/publish").status_code == 200


def test_a_blank_admin_token_in_the_environment_means_open(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLENS_ADMIN_TOKEN", "   ")
    with TestClient(create_app(f"sqlite:///{tmp_path / 's.db'}")) as c:
        assert c.app.state.admin_token is None
    monkeypatch.setenv("BUDGETLENS_ADMIN_TOKEN", TOKEN)
    with TestClient(create_app(f"sqlite:///{tmp_path / 's.db'}")) as c:
        assert upload(c).status_code == 401


# -- migration 0006 on a store made before it ----------------------------------------------------------
TABLES = ("units", "unit_names", "disclosures", "blobs", "documents", "document_sources", "printed_tables",
          "facts", "claims", "findings")


def copy_rows(source_url: str, target) -> None:
    """Every row of a store at the newest revision into one at an older revision, in the columns
    the older one has (a store as budgetlens wrote it before)."""
    source = create_engine(source_url)
    old, new = MetaData(), MetaData()
    old.reflect(target, only=list(TABLES))
    new.reflect(source, only=list(TABLES))
    with source.connect() as src, target.begin() as dst:
        for name in TABLES:
            table = old.tables[name]
            cols = [new.tables[name].c[c.name] for c in table.columns]
            rows = [dict(r) for r in src.execute(select(*cols)).mappings()]
            if rows:
                dst.execute(table.insert(), rows)
    source.dispose()


def target_store(backend: str, tmp_path) -> str:
    """An empty SQLite file, or a PostgreSQL database of its own (dropped afterwards)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}"
    pg = os.environ["BUDGETLENS_TEST_PG"]
    name = f"bl_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(pg).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    pg = os.environ["BUDGETLENS_TEST_PG"]
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_store_made_before_drafts_upgrades_with_every_document_published(tmp_path, monkeypatch, backend):
    from budgetlens.store import db
    if backend == "postgresql" and not os.environ.get("BUDGETLENS_TEST_PG"):
        pytest.skip("BUDGETLENS_TEST_PG not set (run .ci/postgres.sh)")
    monkeypatch.delenv("BUDGETLENS_ADMIN_TOKEN", raising=False)
    source = tmp_path / "new"
    source.mkdir()
    url = f"sqlite:///{source / 'store.db'}"
    Ingest(open_engine(url), workers=0).run(sorted(EXAMPLES.glob("*.txt")))
    target_url = target_store(backend, tmp_path)
    try:
        engine = db.make_engine(target_url)
        db.upgrade(engine, "0005")
        copy_rows(url, engine)
        with engine.connect() as conn:
            before = conn.execute(text("SELECT unit_name, income_fen FROM v_totals ORDER BY unit_name, year")).all()
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM documents WHERE published = 1")).scalar() == 4
            after = conn.execute(text("SELECT unit_name, income_fen FROM v_totals ORDER BY unit_name, year")).all()
            assert conn.execute(text("SELECT COUNT(*) FROM v_documents WHERE published = 1")).scalar() == 4
        assert after == before and len(after) == 4
        engine.dispose()
        with TestClient(create_app(target_url, admin_token=TOKEN)) as c:
            assert len(listed(c)) == 4 and OFFICE in listed(c)
            rows = list(csv.DictReader(io.StringIO(c.get("/api/export/csv?header=en").content.decode("utf-8-sig"))))
            assert {r["unit_name"] for r in rows} >= {OFFICE}
    finally:
        if backend == "postgresql":
            drop_database(target_url)


def test_drafts_on_postgresql(tmp_path, monkeypatch):
    """Upload a draft, hide it, publish it, delete another: the same on PostgreSQL."""
    if not os.environ.get("BUDGETLENS_TEST_PG"):
        pytest.skip("BUDGETLENS_TEST_PG not set (run .ci/postgres.sh)")
    monkeypatch.delenv("BUDGETLENS_ADMIN_TOKEN", raising=False)
    url = target_store("postgresql", tmp_path)
    try:
        with TestClient(create_app(url, admin_token=TOKEN)) as c:
            doc = uploaded_id(upload(c, headers=ADMIN))
            assert c.get(f"/api/disclosures/{doc}").status_code == 404 and listed(c) == []
            assert c.get("/api/disclosures", headers=ADMIN).json()["items"][0]["published"] is False
            assert c.post(f"/api/disclosures/{doc}/publish", headers=ADMIN).status_code == 200
            assert listed(c) == [OFFICE] and office_income_total(c) == "1759.05"
            doubled = variant(OFFICE_SEED.read_text(encoding="utf-8"), "", scale=2).encode("utf-8")
            second = uploaded_id(upload(c, "更正.txt", doubled, ADMIN))
            assert c.delete(f"/api/disclosures/{second}", headers=ADMIN).status_code == 200
            assert [d["id"] for d in c.get("/api/disclosures", headers=ADMIN).json()["items"]] == [doc]
            c.app.state.engine.dispose()
    finally:
        drop_database(url)
