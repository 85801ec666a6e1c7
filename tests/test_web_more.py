"""The portal's background work and the pages added after the first version (budgetlens/web):
uploads ingested as jobs, 生成公开文件 through the render package, a unit's page, the narrative
on a disclosure's page, the store's NotFound. Real ingest of the seeds into temporary stores;
generated documents are read back with the project's own readers."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("httpx")
from fastapi.testclient import TestClient

from budgetlens.pipeline import parse
from budgetlens.store import Ingest, NotFound, StoreError, open_engine
from budgetlens.store.corpus import variant
from budgetlens.store.query import one_unit
from budgetlens.web import create_app

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
OFFICE_SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
OFFICE = "克孜勒苏柯尔克孜自治州人民政府办公室"
CENTRE = "克孜勒苏柯尔克孜自治州电子政务服务中心"
BROKEN_PDF = b"%PDF-1.7\n garbage"


def csrf_token(client) -> str:
    """The portal's CSRF token for this client's session (web/csrf.py): set by any page."""
    client.get("/login")
    return client.cookies.get("budgetlens_csrf")


@pytest.fixture()
def fresh(tmp_path):
    with TestClient(create_app(f"sqlite:///{tmp_path / 'fresh.db'}")) as c:
        yield c


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('web-more') / 'store.db'}"
    Ingest(open_engine(url), workers=0).run(sorted(EXAMPLES.glob("*.txt")))
    with TestClient(create_app(url)) as c:
        yield c


def finished(client, job_id: str, timeout: float = 120) -> dict:
    """The job once it is over (its page polls the same way)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s")


def upload(client, name: str, data: bytes, **params):
    return client.post("/api/upload", params=params, files=[("files", (name, data, "application/octet-stream"))])


# -- uploads in the background ---------------------------------------------------------------------
def test_a_background_upload_returns_a_job_then_links_to_its_document(fresh):
    r = upload(fresh, "办公室2026.txt", OFFICE_SEED.read_bytes(), background="true")
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["status"] in ("queued", "running", "done") and job["page"] == f"/jobs/{job['job_id']}"
    job = finished(fresh, job["job_id"])
    assert job["status"] == "done" and job["done"] == job["total"] == 1
    (result,) = job["results"]
    assert result["status"] == "warnings" and result["url"] == f"/disclosures/{result['document_id']}"
    stored = fresh.get(f"/api/disclosures/{result['document_id']}").json()
    assert stored["meta"]["unit_name"] == OFFICE and stored["sources"] == ["上传/办公室2026.txt"]


def test_a_background_upload_of_an_unreadable_file_says_why_and_keeps_it(fresh):
    job = finished(fresh, upload(fresh, "预算.pdf", BROKEN_PDF, background="true").json()["job_id"])
    (result,) = job["results"]
    assert result["status"] == "unreadable" and any("\u4e00" <= ch <= "\u9fff" for ch in result["error"])
    stored = fresh.get(f"/api/disclosures/{result['document_id']}").json()
    assert stored["status"] == "unreadable" and stored["error"] == result["error"]


def test_a_refused_upload_is_refused_at_once_never_queued(fresh):
    r = upload(fresh, "setup.exe", b"MZ\x90\x00" + bytes(600), background="true")
    assert r.status_code == 415 and "不是 budgetlens 能读取的文件类型" in r.json()["detail"]
    r = fresh.get("/api/jobs/0123456789abcdef")
    assert r.status_code == 404 and "没有编号为 0123456789abcdef 的任务" in r.json()["detail"]


def test_the_portal_upload_goes_to_a_job_page_and_lands_on_the_document(fresh):
    r = fresh.post("/upload", files=[("files", ("办公室.txt", OFFICE_SEED.read_bytes(), "text/plain"))],
                   data={"csrf": csrf_token(fresh)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/")
    job_id = r.headers["location"].rsplit("/", 1)[1]
    page = fresh.get(f"/jobs/{job_id}", follow_redirects=False)
    assert page.status_code in (200, 303)
    if page.status_code == 200:          # still reading: the page polls its progress
        assert "上传入库" in page.text and f'hx-get="/jobs/{job_id}/progress"' in page.text
    result = finished(fresh, job_id)["results"][0]
    landing = f"/disclosures/{result['document_id']}?uploaded=1"
    assert fresh.get(f"/jobs/{job_id}", follow_redirects=False).headers["location"] == landing
    assert fresh.get(f"/jobs/{job_id}/progress").headers["hx-redirect"] == landing


def test_the_portal_job_page_shows_the_readers_reason_in_chinese(fresh):
    r = fresh.post("/upload", files=[("files", ("坏文件.pdf", BROKEN_PDF, "application/pdf")),
                                     ("files", ("办公室.txt", OFFICE_SEED.read_bytes(), "text/plain"))],
                   data={"csrf": csrf_token(fresh)})
    job_id = str(r.url).rsplit("/", 1)[1]
    job = finished(fresh, job_id)
    page = fresh.get(f"/jobs/{job_id}").text
    assert "导入结果" in page and "无法读取" in page and job["results"][0]["error"] in page
    assert f'href="/disclosures/{job["results"][1]["document_id"]}"' in page   # the readable one is linked


# -- 生成公开文件 -----------------------------------------------------------------------------------
def decided(disc) -> Counter:
    return Counter((f.coords.model_dump_json(), f.amount) for f in disc.facts if not f.ambiguous)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Seed 002 through the API's render job: the job's JSON and the seed as parsed."""
    with TestClient(create_app(f"sqlite:///{tmp_path_factory.mktemp('render') / 's.db'}")) as c:
        r = c.post("/api/render", files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
        assert r.status_code == 202, r.text
        yield c, finished(c, r.json()["job_id"]), parse(OFFICE_SEED)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_generated_document_reads_back_with_the_seeds_facts(rendered, fmt, tmp_path):
    client, job, seed = rendered
    assert job["status"] == "done", job["error"]
    r = client.get(job["downloads"][fmt])
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "attachment" in r.headers["content-disposition"] and "filename*=UTF-8''" in r.headers["content-disposition"]
    out = tmp_path / f"公开.{fmt}"
    out.write_bytes(r.content)
    back = parse(out)
    assert (back.meta.unit_name, back.meta.year) == (OFFICE, 2026)
    assert decided(back) == decided(seed)
    # a few figures by hand (seed 002 line 188 支出总表 总计 1,759.05 = 基本 1,599.05 + 项目 160.00; 表10 83.00)
    totals = {(f.coords.nature, format(f.amount, "f")) for f in back.facts
              if f.coords.table_kind == "expenditure" and not f.coords.function_code}
    assert {("total", "1759.05"), ("basic", "1599.05"), ("project", "160.00")} <= totals
    assert any(f.coords.table_kind == "three_public" and format(f.amount, "f") == "83.00" for f in back.facts)


def test_a_generated_document_lists_its_placeholders_on_the_job_page(rendered):
    client, job, seed = rendered
    from budgetlens.render import build_document
    expected = build_document(seed).placeholders
    assert job["placeholders"] == expected and expected       # e.g. the reasons for a change
    page = client.get(job["page"]).text
    assert "留待填写或核实的内容" in page and all(p in page for p in expected[:3])
    assert all(f'href="/jobs/{job["job_id"]}/document.{fmt}"' in page for fmt in ("docx", "pdf", "html", "xlsx"))
    html = client.get(f"/jobs/{job['job_id']}/document.html")
    assert html.status_code == 200 and "人民政府办公室" in html.content.decode("utf-8")


def test_generating_refuses_what_is_no_disclosure_in_chinese(fresh):
    r = fresh.post("/api/render", files=[("files", ("坏文件.pdf", BROKEN_PDF, "application/pdf"))])
    job = finished(fresh, r.json()["job_id"])
    assert job["status"] == "failed" and "坏文件.pdf" in job["error"] and "downloads" not in job
    r = fresh.get(f"/api/jobs/{job['job_id']}/document.docx")
    assert r.status_code == 409 and "尚未生成" in r.json()["detail"]
    note = fresh.post("/api/render", files=[("files", ("说明.txt", "这是一份会议通知，与预算无关。\n".encode(), "text/plain"))])
    job = finished(fresh, note.json()["job_id"])
    assert job["status"] == "failed" and any("\u4e00" <= ch <= "\u9fff" for ch in job["error"])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", OFFICE_SEED.read_bytes())
    r = fresh.post("/api/render", files=[("files", ("全部.zip", archive.getvalue(), "application/zip"))])
    assert r.status_code == 415 and "压缩包" in r.json()["detail"]


def test_the_render_page_is_in_chinese_and_refuses_on_the_form(fresh):
    assert "生成公开文件" in fresh.get("/render").text
    r = fresh.post("/render", files=[("files", ("setup.exe", b"MZ\x90\x00" + bytes(600), "application/x-msdownload"))],
                   data={"csrf": csrf_token(fresh)})
    assert r.status_code == 415 and "不是 budgetlens 能读取的文件类型" in r.text and "<html" in r.text


# -- the store's NotFound ----------------------------------------------------------------------------
def test_not_found_is_a_kind_of_store_error(seeded):
    engine = seeded.app.state.engine
    with pytest.raises(NotFound, match="数据库中没有单位“不存在的局”"):
        one_unit(engine, "不存在的局")
    with pytest.raises(StoreError) as unclear:           # two units match: the request is unclear, not 404
        one_unit(engine, "克州")
    assert not isinstance(unclear.value, NotFound)
    assert seeded.get("/api/compare", params={"unit": "克州", "years": [2026]}).status_code == 422
    assert seeded.get("/api/export/csv", params={"unit": "不存在的局"}).status_code == 404


# -- a unit's page; the dashboard groups a 部门's 单位 -------------------------------------------------
def coded_pair(folder: Path) -> list[Path]:
    """Seed 002 as a 部门 with unit code 301001 in 2026 and (amounts doubled) in 2025, and seed 000
    edited into a 单位预算 coded 301001002: a 单位 of that 部门 by its code, as the XD rules pair them."""
    office = OFFICE_SEED.read_text(encoding="utf-8").replace("2026 年部门预算公开", "2026 年部门预算公开\n\n单位编码：301001", 1)
    centre = re.sub(r"年(\s*)部门预算", r"年\1单位预算", (EXAMPLES / "000_9131eab83374bb33.txt").read_text(encoding="utf-8"))
    centre = centre.replace("## 2026 年单位预算公开", "## 2026 年单位预算公开\n\n单位编码：301001002", 1)
    texts = {"office2026.txt": office, "office2025.txt": variant(office, OFFICE, years=-1, scale=2),
             "centre2026.txt": centre}
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / n for n in texts]


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grouped")
    url = f"sqlite:///{folder / 'store.db'}"
    Ingest(open_engine(url), workers=0).run(coded_pair(folder / "docs"))
    with TestClient(create_app(url)) as c:
        yield c


def unit_id(client, name: str) -> int:
    (found,) = [u for u in client.get("/api/units", params={"q": name}).json()["units"] if u["name"] == name]
    return found["id"]


def test_a_units_page_has_every_year_and_its_trend(grouped):
    office = unit_id(grouped, OFFICE)
    body = grouped.get(f"/api/units/{office}").json()
    assert body["name"] == OFFICE and body["code"] == "301001"
    assert [(d["year"], d["scope"]) for d in body["documents"]] == [(2026, "部门"), (2025, "部门")]
    (trend,) = body["trend"]
    assert trend["years"] == [2025, 2026] and trend["unit"] == "万元"
    # seed 002 line 188: 支出总计 1,759.05 = 基本 1,599.05 + 项目 160.00; 2025 doubled; 三公 83.00 (line 381)
    assert trend["rows"]["支出总计"] == ["3518.10", "1759.05"]
    assert trend["rows"]["基本支出"] == ["3198.10", "1599.05"] and trend["rows"]["项目支出"] == ["320.00", "160.00"]
    assert trend["rows"]["“三公”经费合计"] == ["166.00", "83.00"]
    page = grouped.get(f"/units/{office}").text
    assert 'class="chart trend-chart"' in page and "历年收支（万元）" in page
    assert f"/compare?units={quote(OFFICE)}&years=2025,2026" in page
    assert page.count('href="/disclosures/') == 2
    link = re.search(r'href="(/compare\?[^"]+)"', page).group(1)
    compared = grouped.get(link.replace("&amp;", "&"))
    assert compared.status_code == 200 and "3,518.10" in compared.text and "-1,759.05" in compared.text


def test_a_units_page_names_its_department_and_the_dashboard_nests_it(grouped):
    office, centre = unit_id(grouped, OFFICE), unit_id(grouped, CENTRE)
    assert grouped.get(f"/api/units/{centre}").json()["department"] == {"id": office, "name": OFFICE}
    assert f'所属部门</dt><dd><a href="/units/{office}">' in grouped.get(f"/units/{centre}").text
    board = grouped.get("/api/dashboard", params={"year": 2026}).json()
    assert {u["unit_name"]: (u["department"] or {}).get("name") for u in board["units"]} == {OFFICE: None, CENTRE: OFFICE}
    page = grouped.get("/dashboard", params={"year": 2026}).text
    rows = re.findall(r'<tr class="level-(\d)"><td>(?:<span class="indent">└ </span>)?<a href="/units/(\d+)">', page)
    assert rows == [("0", str(office)), ("1", str(centre))]


def test_an_unknown_unit_is_a_chinese_404(grouped):
    r = grouped.get("/api/units/99999")
    assert r.status_code == 404 and r.json() == {"detail": "没有编号为 99999 的单位"}
    r = grouped.get("/units/99999")
    assert r.status_code == 404 and "没有编号为 99999 的单位" in r.text and "<html" in r.text
    assert grouped.get("/api/units/某局").json()["detail"] == "请求参数有误：unit_id：应为整数"


# -- the narrative on a disclosure's page --------------------------------------------------------------
def narrative_of(page: str) -> str:
    return page[page.index('<section id="narrative">'):page.index('<section id="claims">')]


def test_the_disclosure_page_shows_the_narrative_with_claims_and_findings_marked(seeded):
    (doc,) = seeded.get("/api/disclosures", params={"q": "电子政务", "year": 2022}).json()["items"]
    text = narrative_of(seeded.get(f"/disclosures/{doc['id']}").text)
    assert "五、关于克孜勒苏柯尔克孜自治州电子政务服务中心2022年一般公共预算当年拨款情况说明" in text
    # seed 001 line 305: 增长43.29% where 116.16 / 268.17 = 43.32% (N-CHANGE-RATE, an error): the
    # sentence is a claim's and a finding's
    hit = re.search(r'<mark class="claim hit-error" title="([^"]*)">([^<]*)</mark>', text)
    assert hit and "比上年预算增加116.16万元,增长43.29%" in hit.group(2)
    assert "核对发现涉及此句（错误）" in hit.group(1) and "可核对的陈述" in hit.group(1)
    # a sentence read for a claim and concerned by no finding is marked as a claim only
    assert '<mark class="claim" title="可核对的陈述：' in text and "收支总预算384.33万元。" in text
    # the section headed 九 (政府性基金: an empty table) has no finding
    nine = text[text.index("九、关于"):text.index("十、其他重要事项")]
    assert "hit-" not in nine


def test_narrative_text_is_escaped_and_an_unreadable_file_has_none(fresh):
    from budgetlens.web.views import marked
    html = str(marked("<script>x</script>收入1.00万元。", [], {"收入1.00万元。": "warning"}))
    assert html.startswith("&lt;script&gt;") and '<mark class="hit-warning"' in html and "<script>" not in html
    r = upload(fresh, "预算.pdf", BROKEN_PDF)
    page = fresh.get(r.json()["results"][0]["url"]).text
    assert "未读出情况说明" in narrative_of(page) and "无法读取" in page
