"""The nav's 接口文档 offline, session 40: a finance bureau's intranet has no internet, and the
Swagger UI loads its script and style from a CDN — /api/docs was a blank page there. It is now a
page of the portal, in Chinese, built from the API's own OpenAPI description; the Swagger UI
stays at /api/swagger for those online."""

from __future__ import annotations

import re

from browser import chromium, offline_page, served

from budgetlens.web import create_app


def test_the_api_reference_is_read_offline_in_chinese(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'store.db'}")
    spec = app.openapi()
    with served(app) as base, chromium() as browser, offline_page(browser) as page:
        page.goto(f"{base}/")
        page.click("header nav a:text('接口文档')")
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "数据接口文档"
        text = page.inner_text("main")
        for path, methods in spec["paths"].items():
            for method, op in methods.items():
                assert f"{method.upper()} {path}" in text and op["summary"] in text, path
        upload = page.locator("section.api-call", has=page.locator("h2", has_text="POST /api/upload"))
        row = upload.locator("tr", has=page.locator("code", has_text="background")).inner_text()
        assert "查询参数" in row and "否" in row and "false" in row and "立即返回任务编号" in row
        assert "files" in upload.inner_text() and "公开文件" in upload.inner_text()
        page.click("a[href='/api/openapi.json']")
        page.wait_for_load_state()
        assert '"openapi"' in page.content()


def test_the_swagger_ui_stays_for_those_online(tmp_path):
    """The near miss: the interactive page is still served (its script from the CDN)."""
    from fastapi.testclient import TestClient
    with TestClient(create_app(f"sqlite:///{tmp_path / 'store.db'}")) as c:
        r = c.get("/api/swagger")
        assert r.status_code == 200 and "swagger-ui" in r.text and "/api/openapi.json" in r.text


def test_a_common_parameter_without_its_own_description_is_explained(tmp_path):
    """q, page, per_page of /api/disclosures had no words in the OpenAPI description: the page
    says what they are; one with its own description keeps it."""
    from fastapi.testclient import TestClient
    with TestClient(create_app(f"sqlite:///{tmp_path / 'store.db'}")) as c:
        page = c.get("/api/docs").text
    listing = page[page.index("<h2><code>GET /api/disclosures</code></h2>"):]
    listing = listing[:listing.index("</table>")]
    rows = [re.sub(r"<[^>]+>", "", r).split("\t") for r in
            re.findall(r"<tr>(.*?)</tr>", re.sub(r"</td>\s*<td>", "\t", listing), re.DOTALL)]
    named = {r[0].strip(): [c.strip() for c in r[1:]] for r in rows if len(r) == 6}
    assert named["q"] == ["查询参数", "否", "文本", "", "单位名称或代码（可只填一部分）"]
    assert named["page"] == ["查询参数", "否", "整数", "1", "页码，从 1 起"]
    assert "立即返回任务编号" in page          # /api/upload's background: its own description
