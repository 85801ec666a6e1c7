"""The portal's finish (budgetlens/web, store/current.py): a logged-in user's compare, unit page,
dashboard and export read a draft in place of the published version it would supersede, never
added to it; CSRF tokens on the portal's forms; a failed job says no server path; an anonymous
upload is refused before its body is read; a GBK file name is repaired. TestClient over
temporary stores ingested from the seeds: real ingest, real queries."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

pytest.importorskip("httpx")
from fastapi.testclient import TestClient

from budgetlens.store import Ingest, open_engine
from budgetlens.store.corpus import variant
from budgetlens.web import create_app

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
    r = client.get("/api/export/csv", params=params, headers=headers or {})
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
    upload_draft(guarded, "办公室2026说明.txt", narrative_only.encode("utf-8"))
    assert income_totals(guarded, ADMIN)[0] == "1759.05"


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
