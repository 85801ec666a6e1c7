"""The REST API (budgetlens/web) on a temporary SQLite store ingested from the four seeds: real
ingest, real queries. Figures are checked against the seed text (transcribed by hand)."""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("httpx")
from fastapi.testclient import TestClient

from budgetlens.store import Ingest, open_engine
from budgetlens.web import create_app

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
OFFICE = "克孜勒苏柯尔克孜自治州人民政府办公室"        # seed 002, 2026 部门预算
CENTRE = "克孜勒苏柯尔克孜自治州电子政务服务中心"      # seeds 000 (2026 部门) and 001 (2022 单位)


def csrf_token(client) -> str:
    """The portal's CSRF token for this client's session (web/csrf.py): set by any page."""
    client.get("/login")
    return client.cookies.get("budgetlens_csrf")


def seeded_store(folder: Path) -> str:
    url = f"sqlite:///{folder / 'store.db'}"
    Ingest(open_engine(url), workers=0).run(sorted(EXAMPLES.glob("*.txt")))
    return url


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = seeded_store(tmp_path_factory.mktemp("web-api"))
    with TestClient(create_app(url)) as c:
        yield c


@pytest.fixture()
def fresh(tmp_path, monkeypatch):
    """An app over an empty store, with a 1 MB upload limit."""
    monkeypatch.setenv("BUDGETLENS_MAX_UPLOAD_MB", "1")
    with TestClient(create_app(f"sqlite:///{tmp_path / 'fresh.db'}")) as c:
        yield c


def doc_id(client, unit: str, year: int) -> int:
    items = client.get("/api/disclosures", params={"q": unit, "year": year}).json()["items"]
    assert len(items) == 1, items
    return items[0]["id"]


# -- listing, one disclosure ---------------------------------------------------------------------
def test_list_searches_filters_and_pages(client):
    everything = client.get("/api/disclosures").json()
    assert everything["total"] == 4
    office = client.get("/api/disclosures", params={"q": "人民政府办公室"}).json()
    assert [(d["unit_name"], d["year"], d["scope"], d["phase"]) for d in office["items"]] == [(OFFICE, 2026, "部门", "预算")]
    units = client.get("/api/disclosures", params={"scope": "单位"}).json()["items"]
    assert [(d["unit_name"], d["year"]) for d in units] == [(CENTRE, 2022)]
    assert client.get("/api/disclosures", params={"year": 2026}).json()["total"] == 2
    first = client.get("/api/disclosures", params={"per_page": 3}).json()
    second = client.get("/api/disclosures", params={"per_page": 3, "page": 2}).json()
    assert first["pages"] == 2 and len(first["items"]) == 3 and len(second["items"]) == 1
    assert {d["id"] for d in first["items"]}.isdisjoint(d["id"] for d in second["items"])
    # search text is a value, not SQL: wildcards and quotes match literally
    assert client.get("/api/disclosures", params={"q": "%' OR 1=1 --"}).json()["total"] == 0


def test_one_disclosure_has_its_meta_and_counts(client):
    body = client.get(f"/api/disclosures/{doc_id(client, OFFICE, 2026)}").json()
    assert body["meta"]["unit_name"] == OFFICE and body["meta"]["year"] == 2026
    assert body["meta"]["scope"] == "部门" and body["meta"]["phase"] == "预算"
    assert body["sources"][0].endswith("002_4e0ed6e09b019fe1.txt")
    assert body["warnings"] >= 2 and body["errors"] == 0        # T10-T6-LINES ×2 (SEED_FINDINGS.md)


def test_facts_are_exact_decimal_strings_with_unit_and_provenance(client):
    # seed 002 line 188, 部门支出总体情况表: 总计 1,759.05 | 基本支出 1,599.05 | 项目支出 160.00
    i = doc_id(client, OFFICE, 2026)
    body = client.get(f"/api/disclosures/{i}/facts",
                      params={"table_kind": "expenditure", "row_kind": "total", "phase": "本年预算"}).json()
    got = {f["nature"]: f for f in body["items"] if f["table_set"] == 0}
    assert {k: got[k]["amount"] for k in ("total", "basic", "project")} == \
        {"total": "1759.05", "basic": "1599.05", "project": "160.00"}
    assert all(isinstance(f["amount"], str) and f["unit"] == "万元" for f in body["items"])
    assert got["total"]["provenance"]["line"] == 188 and got["total"]["amount_fen"] == 1_759_050_000   # in 分
    # 表10 “三公”: 公务接待费 5.00, 公务用车购置及运行费 78.00 (lines 383–384)
    three = client.get(f"/api/disclosures/{i}/facts", params={"table_kind": "three_public"}).json()["items"]
    by_line = {(f["provenance"]["line"], f["amount"]) for f in three}
    assert (383, "5.00") in by_line and (384, "78.00") in by_line


def test_facts_filter_by_code_and_page(client):
    i = doc_id(client, OFFICE, 2026)
    # line 191: 2010301 行政运行 1,115.07 | 1,085.07 | 30.00
    rows = client.get(f"/api/disclosures/{i}/facts",
                      params={"table_kind": "expenditure", "function_code": "2010301"}).json()["items"]
    assert sorted(f["amount"] for f in rows) == ["1085.07", "1115.07", "30.00"]
    paged = client.get(f"/api/disclosures/{i}/facts", params={"per_page": 10, "page": 2}).json()
    assert len(paged["items"]) == 10 and paged["total"] > 100


def test_tables_are_as_printed(client):
    tables = client.get(f"/api/disclosures/{doc_id(client, OFFICE, 2026)}/tables").json()["tables"]
    three = next(t for t in tables if t["kind"] == "three_public")
    assert three["title"] == "财政拨款“三公”经费支出情况表" and three["unit"] == "万元"
    total = next(r for r in three["rows"] if r["name"] == "合计")
    assert [c["text"] for c in total["cells"]][:2] == ["83.00", "83.00"]
    assert total["cells"][0]["amount"] == "83.00" and total["cells"][0]["provenance"]["line"] == 381


def test_findings_carry_expected_found_and_evidence(client):
    i = doc_id(client, "电子政务服务中心", 2022)
    errors = client.get(f"/api/disclosures/{i}/findings", params={"severity": "error"}).json()["findings"]
    assert errors and {f["severity"] for f in errors} == {"error"}
    # seed 001 line 305: 比上年预算增加116.16万元,增长43.29% — 116.16 / (384.33 − 116.16) = 43.32%
    rate = next(f for f in errors if f["rule"] == "N-CHANGE-RATE")
    assert rate["expected"] == "43.32" and "43.29" in rate["found"] and rate["difference"] == "-0.03"
    assert any(e.get("provenance", {}).get("line") == 305 for e in rate["evidence"])
    assert rate["title"] and rate["where"]
    assert client.get(f"/api/disclosures/{i}/findings", params={"severity": "fatal"}).status_code == 422


def test_claims_units_and_dashboard(client):
    claims = client.get(f"/api/disclosures/{doc_id(client, OFFICE, 2026)}/claims").json()["claims"]
    assert any(c["value"] == "83.00" and c["line"] == 547 for c in claims)      # “三公”经费数为 83.00 万元
    units = client.get("/api/units", params={"q": "电子政务"}).json()["units"]
    assert [(u["name"], u["disclosures"]) for u in units] == [(CENTRE, 2)]
    board = client.get("/api/dashboard").json()
    centre = next(u for u in board["units"] if u["unit_name"] == CENTRE)
    assert centre["documents"] == 2 and centre["errors"] >= 3       # 001: ARITH-COLUMN-SUM ×2, N-CHANGE-RATE …
    assert board["rules"] and all(r["severity"] in ("error", "warning") for r in board["rules"])


def test_compare_gives_decimal_strings_and_says_what_is_missing(client):
    body = client.get("/api/compare", params={"unit": "克州人民政府办公室", "years": [2025, 2026]}).json()
    (table,) = body["tables"]
    values = {r["label"]: r["values"] for r in table["rows"]}
    assert values["收入总计"] == ["1759.05"] and values["“三公”经费合计"] == ["83.00"]
    assert table["unit"] == "万元" and body["missing"] == [f"数据库中没有{OFFICE} 2025 年的公开文件"]
    both = client.get("/api/compare", params={"unit": ["人民政府办公室", "数字化发展局"], "year": 2026}).json()
    assert [c["unit_name"] for c in both["tables"][0]["columns"]] == [OFFICE]
    assert "数字化发展局" in both["missing"][0]


def test_compare_refuses_unknown_or_unclear_units(client):
    r = client.get("/api/compare", params={"unit": "不存在的局", "years": [2026]})
    assert r.status_code == 404 and r.json()["detail"] == "数据库中没有单位“不存在的局”"
    r = client.get("/api/compare", params={"unit": ["办公室", "电子政务"], "years": [2026]})
    assert r.status_code == 422 and "只给一个单位" in r.json()["detail"]


def test_exports_download_the_stored_figures(client):
    csv_text = client.get("/api/export/csv", params={"unit": OFFICE, "header": "en"}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert rows and {r["unit_name"] for r in rows} == {OFFICE}
    assert any(r["amount"] == "1759.05" and r["line"] == "188" for r in rows)
    data = json.loads(client.get("/api/export/json", params={"year": "2022"}).content)
    assert data["facts"] and {f["year"] for f in data["facts"]} == {2022}
    r = client.get("/api/export/xlsx")
    assert r.content[:2] == b"PK" and "spreadsheetml" in r.headers["content-type"]
    fdp = zipfile.ZipFile(io.BytesIO(client.get("/api/export/fdp").content))
    assert {"datapackage.json", "data/budget.csv"} <= set(fdp.namelist())


def test_errors_are_json_with_chinese_detail(client):
    r = client.get("/api/disclosures/99999")
    assert r.status_code == 404 and r.json() == {"detail": "没有编号为 99999 的文件"}
    assert client.get("/api/disclosures/99999/facts").status_code == 404
    r = client.get("/api/export/pdf")
    assert r.status_code == 404 and "未知的导出格式" in r.json()["detail"]
    r = client.get("/api/disclosures", params={"year": "明年"})
    assert r.status_code == 422 and r.json()["detail"] == "请求参数有误：year：应为整数"
    assert client.get("/api/openapi.json").json()["paths"]["/api/disclosures"]
    assert client.get("/api/docs").status_code == 200


# -- uploads -------------------------------------------------------------------------------------
def test_upload_ingests_and_returns_its_document(fresh, tmp_path):
    seed = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
    r = fresh.post("/api/upload", files=[("files", ("办公室2026.txt", seed.read_bytes(), "text/plain"))])
    assert r.status_code == 201, r.text
    (result,) = r.json()["results"]
    assert result["status"] == "warnings" and result["url"] == f"/disclosures/{result['document_id']}"
    body = fresh.get(f"/api/disclosures/{result['document_id']}").json()
    assert body["meta"]["unit_name"] == OFFICE and body["sources"] == ["上传/办公室2026.txt"]
    again = fresh.post("/api/upload", files=[("files", ("copy.txt", seed.read_bytes(), "text/plain"))]).json()
    assert again["results"][0]["status"] == "known" and again["results"][0]["document_id"] == result["document_id"]


def test_upload_of_several_files_and_an_archive(fresh, tmp_path):
    archive = tmp_path / "seeds.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("000_9131eab83374bb33.txt", "001_bb7d043ad2da133b.txt"):
            z.write(EXAMPLES / name, f"中心/{name}")
    r = fresh.post("/api/upload", files=[("files", ("seeds.zip", archive.read_bytes(), "application/zip"))])
    assert r.status_code == 201, r.text
    assert len(r.json()["results"][0]["documents"]) == 2
    assert fresh.get("/api/disclosures", params={"q": "电子政务"}).json()["total"] == 2


def test_upload_refuses_oversized_files_with_413(fresh):
    big = b"x" * (1024 * 1024 + 10)
    r = fresh.post("/api/upload", files=[("files", ("big.txt", big, "text/plain"))])
    assert r.status_code == 413 and "超过大小上限 1 MB" in r.json()["detail"]
    assert fresh.get("/api/disclosures").json()["total"] == 0


def test_upload_refuses_a_file_of_no_known_type_with_415(fresh):
    r = fresh.post("/api/upload", files=[("files", ("setup.exe", b"MZ\x90\x00\x03" + bytes(600), "application/x-msdownload"))])
    assert r.status_code == 415
    assert "不是 budgetlens 能读取的文件类型" in r.json()["detail"] and "PDF" in r.json()["detail"]
    r = fresh.post("/api/upload", content=b"not a form", headers={"content-type": "text/plain"})
    assert r.status_code == 415 and "multipart/form-data" in r.json()["detail"]


def test_an_unreadable_upload_is_kept_and_reported_as_the_cli_does(fresh):
    r = fresh.post("/api/upload", files=[("files", ("预算.pdf", b"%PDF-1.7\n garbage", "application/pdf"))])
    assert r.status_code == 422
    (result,) = r.json()["results"]
    assert result["status"] == "unreadable" and result["error"]        # the reader's own Chinese reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result["error"])
    stored = fresh.get(f"/api/disclosures/{result['document_id']}").json()     # the original is kept
    assert stored["status"] == "unreadable" and stored["error"] == result["error"]


def test_serve_command_is_registered():
    from typer.testing import CliRunner

    from budgetlens.cli.main import app
    out = CliRunner().invoke(app, ["serve", "--help"])
    assert out.exit_code == 0 and "--port" in out.output and "BUDGETLENS_MAX_UPLOAD_MB" in out.output


def test_static_vendor_files_are_served_offline(client):
    for name in ("htmx-2.0.11.min.js", "echarts-5.6.0.common.min.js", "htmx.LICENSE", "echarts.LICENSE"):
        r = client.get(f"/static/vendor/{name}")
        assert r.status_code == 200 and len(r.content) > 500


# -- PostgreSQL ------------------------------------------------------------------------------------
PG = os.environ.get("BUDGETLENS_TEST_PG")


@pytest.mark.skipif(not PG, reason="BUDGETLENS_TEST_PG not set (run .ci/postgres.sh)")
def test_the_api_answers_alike_on_postgresql(client):
    """The same seeds in a PostgreSQL database of its own: the same list, figures and dashboard."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    name = f"bl_web_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(PG).set(database=name).render_as_string(hide_password=False)
        engine = open_engine(url)
        Ingest(engine, workers=0).run(sorted(EXAMPLES.glob("*.txt")))
        engine.dispose()
        app = create_app(url)
        with TestClient(app) as pg:
            def same(path, params=None):
                assert pg.get(path, params=params).json() == client.get(path, params=params).json(), path
            strip = ("id", "unit_id", "ingested_at")
            listed = [{k: v for k, v in d.items() if k not in strip} for d in pg.get("/api/disclosures").json()["items"]]
            assert listed == [{k: v for k, v in d.items() if k not in strip}
                              for d in client.get("/api/disclosures").json()["items"]]
            same("/api/compare", {"unit": "克州人民政府办公室", "years": [2026]})
            board = pg.get("/api/dashboard").json()
            assert [(u["unit_name"], u["errors"], u["warnings"]) for u in board["units"]] == \
                [(u["unit_name"], u["errors"], u["warnings"]) for u in client.get("/api/dashboard").json()["units"]]
            i = doc_id(pg, OFFICE, 2026)
            facts = pg.get(f"/api/disclosures/{i}/facts", params={"function_code": "2010301",
                                                                   "table_kind": "expenditure"}).json()["items"]
            assert sorted(f["amount"] for f in facts) == ["1085.07", "1115.07", "30.00"]
            assert pg.get("/api/disclosures", params={"q": "%' OR 1=1 --"}).json()["total"] == 0
        app.state.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_portal_errors_are_pages_in_chinese(client):
    r = client.get("/disclosures/99999")
    assert r.status_code == 404 and "没有编号为 99999 的文件" in r.text and "<html" in r.text
    r = client.get("/compare", params={"units": "不存在的局", "years": "2026"})
    assert r.status_code == 404 and "数据库中没有单位“不存在的局”" in r.text
    r = client.get("/compare", params={"units": "办公室，电子政务", "years": "2025,2026"})
    assert r.status_code == 422 and "比较多个单位时请只填一个年度" in r.text
    assert client.get("/no-such-page").status_code == 404


def test_portal_upload_form_refuses_large_bodies_before_reading_them(fresh):
    csrf_token(fresh)       # the portal's own form (its session cookie): a form without one is refused first, 403
    r = fresh.post("/upload", files=[("files", ("big.pdf", b"%PDF-1.7" + b"0" * (2 * 1024 * 1024), "application/pdf"))])
    assert r.status_code == 413 and "超过大小上限 1 MB" in r.text and "<html" in r.text
    r = fresh.post("/upload", files=[("files", ("空.pdf", b"", "application/pdf"))], data={"csrf": csrf_token(fresh)})
    assert r.status_code == 422 and "空.pdf 是空文件" in r.text
