"""The portal in a real browser: Debian's chromium driven by Playwright, the app served by uvicorn
in a background thread over a temporary store ingested from the seeds."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser import CHROMIUM, NO_CHROMIUM, chromium, offline_page, served

if not CHROMIUM.exists():
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="需要 playwright（pip install -e '.[dev]'）")
pytest.importorskip("uvicorn")

from budgetlens.store import Ingest, open_engine
from budgetlens.web import create_app

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"
OFFICE = "克孜勒苏柯尔克孜自治州人民政府办公室"
BUREAU = "克孜勒苏柯尔克孜自治州数字化发展局"
LIMIT_MB = 1


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web-portal")
    url = f"sqlite:///{folder / 'store.db'}"
    Ingest(open_engine(url), workers=0).run(sorted(EXAMPLES.glob("*.txt")))
    before = os.environ.get("BUDGETLENS_MAX_UPLOAD_MB")
    os.environ["BUDGETLENS_MAX_UPLOAD_MB"] = str(LIMIT_MB)
    try:
        app = create_app(url)
    finally:
        os.environ.pop("BUDGETLENS_MAX_UPLOAD_MB") if before is None else os.environ.update(
            BUDGETLENS_MAX_UPLOAD_MB=before)
    with served(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture()
def page(browser):
    with offline_page(browser) as pg:
        yield pg


def test_home_lists_and_searches_as_the_user_types(page, base_url):
    page.goto(base_url + "/")
    assert page.locator("table.list tbody tr").count() == 4
    page.fill("#q", "数字化")
    page.wait_for_function("document.querySelectorAll('table.list tbody tr').length === 1")
    assert BUREAU in page.inner_text("table.list tbody")
    assert "共 1 份" in page.inner_text("#list")
    page.fill("#q", "没有这个单位")
    page.wait_for_selector("text=没有符合条件的公开文件")


def test_a_disclosure_shows_tables_cells_with_provenance_and_findings(page, base_url):
    page.goto(base_url + "/?q=人民政府办公室")
    page.click(f"text={OFFICE}")
    page.wait_for_selector("h1")
    assert OFFICE in page.inner_text("h1") and "2026" in page.inner_text("h1")
    # seed 002 line 188: 部门支出总体情况表 总计 1,759.05
    cell = page.locator("article.printed td.cell", has_text="1,759.05").first
    assert "第 188 行" in page.locator("article.printed td.cell[title*='第 188 行']").first.get_attribute("title")
    assert cell.is_visible()
    # T10-T6-LINES: 表10 公务接待费 5.00 (line 383) has no 30217 line in 表6 — a warning, highlighted
    hit = page.locator("article.printed td.hit-warning[title*='第 383 行']")
    assert hit.count() >= 1 and "T10-T6-LINES" in hit.first.get_attribute("title")
    warnings = page.locator("li.finding.sev-warning")
    assert warnings.count() >= 2 and "T10-T6-LINES" in page.inner_text("#findings")
    assert "应为" in warnings.first.inner_text() and "实为" in warnings.first.inner_text()
    page.wait_for_selector("#fact-list table.list")       # the facts, loaded by htmx
    assert "1759.05 万元" in page.inner_text("#fact-list")


def test_the_dashboard_renders_its_chart(page, base_url):
    page.goto(base_url + "/dashboard")
    page.wait_for_selector("#chart svg, #chart canvas")
    assert page.locator("#chart svg rect, #chart svg path").count() > 3
    assert "未通过最多的规则" in page.inner_text("main")
    assert "N-CHANGE-RATE" in page.inner_text("main")


def test_compare_two_units(page, base_url):
    page.goto(base_url + "/compare")
    page.fill("input[name=units]", "人民政府办公室，数字化发展局")
    page.fill("input[name=years]", "2026")
    page.click("button[type=submit]")
    page.wait_for_selector("table.compare")
    text = page.inner_text("table.compare")
    assert "1,759.05" in text and "收入总计" in text
    assert "数字化发展局 2026 年" in page.inner_text("main")        # not stored for 2026: said


def test_upload_a_file_lands_on_its_page(page, base_url, tmp_path):
    # seed 000 as its unit would upload a corrected copy: a new version of the disclosure
    copy = tmp_path / "电子政务服务中心2026（更正）.txt"
    copy.write_bytes((EXAMPLES / "000_9131eab83374bb33.txt").read_bytes() + b"\n")
    page.goto(base_url + "/upload")
    page.set_input_files("input[name=files]", str(copy))
    page.click("button[type=submit]")
    page.wait_for_url("**/disclosures/*?uploaded=1")
    assert "文件已上传并入库" in page.inner_text("main")
    assert "电子政务服务中心" in page.inner_text("h1")
    assert "上传/电子政务服务中心2026（更正）.txt" in page.inner_text("#meta")


def test_upload_refuses_oversized_and_wrong_files_in_chinese(page, base_url, tmp_path):
    big = tmp_path / "大文件.txt"
    big.write_bytes(b"0" * (LIMIT_MB * 1024 * 1024 + 200 * 1024))
    page.goto(base_url + "/upload")
    page.set_input_files("input[name=files]", str(big))
    with page.expect_response(lambda r: urlparse(r.url).path == "/upload" and r.request.method == "POST") as got:
        page.click("button[type=submit]")
    assert got.value.status == 413
    assert f"超过大小上限 {LIMIT_MB} MB" in page.inner_text("main")
    wrong = tmp_path / "setup.exe"
    wrong.write_bytes(b"MZ\x90\x00" + bytes(2000))
    page.goto(base_url + "/upload")
    page.set_input_files("input[name=files]", str(wrong))
    with page.expect_response(lambda r: urlparse(r.url).path == "/upload" and r.request.method == "POST") as got:
        page.click("button[type=submit]")
    assert got.value.status == 415
    message = page.inner_text(".error")
    assert "不是 budgetlens 能读取的文件类型" in message and "PDF" in message
