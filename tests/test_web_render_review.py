"""Review of the portal (budgetlens/web) and the standard document (budgetlens/render): text from
documents is escaped on every page and in the charts' JSON, numbers past what the database holds
and faults of the program answer in Chinese without a traceback, upload names of any length are
stored, download names are quoted, a request's work is bounded (units compared, jobs waiting),
amounts round half up, and a department's units' tables are rendered, not dropped."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("httpx")
from fastapi.testclient import TestClient
from test_unit_tables import department, parse_text
from test_web_more import finished

from budgetlens.pipeline import parse
from budgetlens.render import build_document, write
from budgetlens.render.figures import money
from budgetlens.store import Ingest, open_engine
from budgetlens.web import create_app
from budgetlens.web import queries as web_queries
from budgetlens.web.generate import attachment
from budgetlens.web.upload import MAX_NAME_BYTES, MAX_WAITING

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
OFFICE_SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
EVIL = '</script><script>alert(1)</script>"\'<b>'


def csrf_token(client) -> str:
    """The portal's CSRF token for this client's session (web/csrf.py): set by any page."""
    client.get("/login")
    return client.cookies.get("budgetlens_csrf")


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    """A store whose unit is named with markup, as a hostile or broken document could name it."""
    db = tmp_path_factory.mktemp("web-review") / "store.db"
    Ingest(open_engine(f"sqlite:///{db}"), workers=0).run([OFFICE_SEED])
    with sqlite3.connect(db) as con:
        unit_id = con.execute("select min(id) from units").fetchone()[0]
        con.execute("update units set name = ? where id = ?", (EVIL, unit_id))
    with TestClient(create_app(f"sqlite:///{db}"), raise_server_exceptions=False) as c:
        yield c, unit_id


@pytest.fixture()
def fresh(tmp_path):
    with TestClient(create_app(f"sqlite:///{tmp_path / 'fresh.db'}"), raise_server_exceptions=False) as c:
        yield c


# -- escaping -------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", ["/", "/dashboard", "/units/{id}", "/data"])
def test_a_unit_name_with_markup_is_shown_as_text_never_as_html(evil, page):
    """Before: the templates end in .j2, which Starlette's default select_autoescape does not
    escape: the name went into <title>, <h1> and the lists as markup."""
    client, unit_id = evil
    html = client.get(page.format(id=unit_id)).text
    assert "<script>alert(1)" not in html and "<b>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html


@pytest.mark.parametrize("page,blob", [("/dashboard", "chart-data"), ("/units/{id}", "trend-data")])
def test_the_charts_json_cannot_end_its_script_element(evil, page, blob):
    """Before: json.dumps(...)|safe put "</script>" of a unit name inside <script>, ending it."""
    client, unit_id = evil
    html = client.get(page.format(id=unit_id)).text
    body = re.search(rf'<script type="application/json" id="{blob}">(.*?)</script>', html, re.DOTALL).group(1)
    assert "<" not in body and ">" not in body
    data = json.loads(body)            # the browser's JSON.parse reads the name back whole
    if blob == "chart-data":
        assert EVIL in data["units"]


# -- errors in Chinese, nothing leaked -------------------------------------------------------------
@pytest.mark.parametrize("url", ["/disclosures/99999999999999999999999", "/units/99999999999999999999999",
                                 "/?page=100000000000000000000", "/api/disclosures?page=100000000000000000000",
                                 "/api/disclosures/99999999999999999999999/facts"])
def test_a_number_past_what_the_database_holds_is_not_found_never_500(evil, url):
    client, _ = evil
    r = client.get(url)
    assert r.status_code == 404, r.text[:200]
    assert "没有这个页面" in r.text


def test_a_fault_of_the_program_is_a_chinese_500_without_traceback(fresh, monkeypatch):
    def broken(engine):
        raise RuntimeError("/srv/secret/budgetlens.db is locked")
    monkeypatch.setattr(web_queries, "choices", broken)
    for accept, url in (("text/html", "/"), ("application/json", "/compare")):
        r = fresh.get(url, headers={"accept": accept})
        assert r.status_code == 500
        assert "服务器内部错误" in r.text
        assert "/srv/secret" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text


# -- uploads and downloads -------------------------------------------------------------------------
def test_an_upload_with_a_very_long_chinese_name_is_stored(fresh):
    """Before: 120 Chinese characters are 360 bytes, over the file system's 255: the job failed
    with OSError, naming the server's temporary folder."""
    name = "克州人民政府办公室" * 14 + "部门预算公开.txt"
    r = fresh.post("/api/upload", params={"background": "true"},
                   files=[("files", (name, OFFICE_SEED.read_bytes(), "text/plain"))])
    assert r.status_code == 202
    job = finished(fresh, r.json()["job_id"])
    assert job["status"] == "done", job["error"]
    (stored,) = job["results"]
    assert stored["document_id"] and stored["file"].endswith(".txt")
    assert len(stored["file"].encode("utf-8")) <= MAX_NAME_BYTES
    assert fresh.get(stored["url"]).status_code == 200


def test_a_download_name_is_quoted_whole():
    """Before: quote() kept "/" in filename*; no character of a title may break the header."""
    header = attachment("克州/办公室\r\nX-Evil: 1", "pdf")["Content-Disposition"]
    star = header.split("filename*=UTF-8''", 1)[1]
    assert "/" not in star and "\r" not in header and "\n" not in header
    assert star.startswith("%E5%85%8B%E5%B7%9E%2F")


# -- bounded work ---------------------------------------------------------------------------------
def test_a_compare_of_too_many_units_is_refused_in_chinese(evil):
    client, _ = evil
    r = client.get("/api/compare", params={"unit": [f"单位{i}" for i in range(31)], "year": 2026})
    assert r.status_code == 422 and "一次最多比较" in r.json()["detail"]
    page = client.get("/compare", params={"units": "，".join(f"单位{i}" for i in range(31)), "years": "2026"})
    assert page.status_code == 422 and "一次最多比较" in page.text


def test_a_compare_within_the_limit_still_works(evil):
    client, _ = evil
    r = client.get("/api/compare", params={"unit": ["克孜勒苏柯尔克孜自治州人民政府办公室"], "years": [2025, 2026]})
    assert r.status_code == 200, r.text


def test_uploads_past_the_waiting_jobs_are_refused_and_nothing_is_stored(fresh):
    """Before: every upload was queued, each holding its files in memory, without end."""
    jobs, gate = fresh.app.state.jobs, threading.Event()
    jobs.submit("ingest", ["running"], lambda job: gate.wait(30))
    try:
        for i in range(MAX_WAITING):
            jobs.submit("ingest", [f"waiting {i}"], lambda job: None)
        r = fresh.post("/api/upload", params={"background": "true"},
                       files=[("files", ("预算.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
        assert r.status_code == 503 and "服务器正忙" in r.json()["detail"]
        page = fresh.post("/upload", files=[("files", ("预算.txt", OFFICE_SEED.read_bytes(), "text/plain"))],
                          data={"csrf": csrf_token(fresh)})
        assert page.status_code == 503 and "服务器正忙" in page.text
    finally:
        gate.set()
    assert fresh.get("/api/disclosures").json()["total"] == 0


# -- amounts ----------------------------------------------------------------------------------------
def test_pages_round_amounts_half_up_as_budgets_print_them():
    """Before: "{:,.2f}" on a Decimal rounds half to even: 1.225 万元 (12,250 元) read 1.22."""
    assert money(Decimal("1.225")) == "1.23"
    assert money(Decimal("-1234.565"), "+") == "-1,234.57"
    assert money(Decimal("12.5"), "+") == "+12.50"
    assert money(None) == "—"


def test_the_compare_page_prints_the_stored_figures(evil):
    client, unit_id = evil
    unit = client.get(f"/api/units/{unit_id}").json()
    figures = [row for t in unit["trend"] for row in t["rows"].items() if any(v is not None for v in row[1])]
    html = client.get(f"/units/{unit_id}").text
    _label, values = figures[0]
    shown = money(Decimal(next(v for v in values if v is not None)))
    assert shown in html


# -- render: a department's units' tables ---------------------------------------------------------
@pytest.fixture(scope="module")
def department_sets(tmp_path_factory):
    return parse_text(tmp_path_factory.mktemp("sets"), department(labels=False))


def test_a_department_printing_its_units_tables_renders_every_set(department_sets, tmp_path):
    """Before: build_document took the 汇总 (set 0) alone and dropped the units' 22 tables."""
    disc = department_sets
    doc = build_document(disc)
    printed = Counter(t.group for t in disc.tables if t.rows)
    assert len(printed) == 3
    assert len(doc.tables()) == 3 * 11          # the 汇总 and two units, 11 tables each
    write(doc, tmp_path / "out.html")
    back = parse(tmp_path / "out.html")
    assert Counter(t.group for t in back.tables if t.rows) == printed
    facts = lambda d: Counter((f.coords.model_dump_json(), f.amount) for f in d.facts if not f.ambiguous)
    assert facts(back) == facts(disc)


def test_a_units_set_is_headed_by_its_units_name(department_sets):
    doc = build_document(department_sets)
    headings = [b.text for b in doc.blocks if type(b).__name__ == "Heading"]
    assert any("机关事务服务中心" in h and h.endswith("公开表") for h in headings)


def test_the_workbook_gives_each_sets_table_its_own_sheet(department_sets, tmp_path):
    """Before: the units' 表1 部门收支总体情况表 had the 汇总's sheet name: DuplicateWorksheetName."""
    openpyxl = pytest.importorskip("openpyxl")
    doc = build_document(department_sets)
    write(doc, tmp_path / "out.xlsx")
    names = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True).sheetnames
    assert len(names) == len(doc.tables()) + 1
    assert len({n.lower() for n in names}) == len(names) and all(len(n) <= 31 for n in names)
