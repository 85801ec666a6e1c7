"""The portal's later pages in a real browser (Debian's chromium through Playwright, offline, as
tests/test_web_portal.py drives it): an upload read in the background, 生成公开文件 with its
downloads read back, a unit's trend chart, the dashboard's 部门/单位 grouping, the narrative."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import CHROMIUM, NO_CHROMIUM, chromium, offline_page, served

if not CHROMIUM.exists():
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="需要 playwright（pip install -e '.[dev]'）")
pytest.importorskip("uvicorn")

from test_web_more import CENTRE, OFFICE, coded_pair

from budgetlens.pipeline import parse
from budgetlens.store import Ingest, open_engine
from budgetlens.web import create_app

EXAMPLES = Path(__file__).resolve().parent.parent / "budgetlens" / "examples"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web-portal-more")
    url = f"sqlite:///{folder / 'store.db'}"
    Ingest(open_engine(url), workers=0).run([*coded_pair(folder / "docs"), EXAMPLES / "001_bb7d043ad2da133b.txt"])
    with served(create_app(url)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture()
def page(browser):
    with offline_page(browser, accept_downloads=True) as pg:
        yield pg


def test_an_upload_of_two_files_shows_its_job_then_each_result(page, base_url, tmp_path):
    broken = tmp_path / "损坏.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    seed = tmp_path / "办公室2026（再次上传）.txt"
    seed.write_bytes((EXAMPLES / "002_4e0ed6e09b019fe1.txt").read_bytes())
    page.goto(base_url + "/upload")
    page.set_input_files("input[name=files]", [str(broken), str(seed)])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/jobs/[0-9a-f]{32}$"))
    page.wait_for_selector("text=导入结果", timeout=120_000)       # polled by htmx until the job is over
    rows = page.locator("#job table.list tbody tr")
    assert rows.count() == 2
    assert "无法读取" in rows.nth(0).inner_text() and "不是有效的 PDF" in rows.nth(0).inner_text()
    rows.nth(1).locator("a").click()
    page.wait_for_selector("h1")
    assert OFFICE in page.inner_text("h1")


def test_generating_a_document_lists_placeholders_and_downloads_a_docx_that_reads_back(page, base_url, tmp_path):
    page.goto(base_url + "/render")
    page.set_input_files("input[name=files]", str(EXAMPLES / "002_4e0ed6e09b019fe1.txt"))
    page.click("button[type=submit]")
    page.wait_for_selector("ul.placeholders li", timeout=120_000)
    assert "留待填写或核实的内容" in page.inner_text("#job")
    with page.expect_download() as got:
        page.click("a.download[href$='.docx']")
    out = tmp_path / "公开.docx"
    got.value.save_as(out)
    back = parse(out)
    assert (back.meta.unit_name, back.meta.year) == (OFFICE, 2026)
    assert {"1759.05", "1599.05", "160.00"} <= {format(f.amount, "f") for f in back.facts
                                                  if f.coords.table_kind == "expenditure" and not f.coords.function_code}


def test_a_units_page_draws_its_trend(page, base_url):
    page.goto(base_url + "/dashboard?year=2026")
    # the 单位 is listed under its 部门, indented
    rows = page.locator("table.list").first.locator("tbody tr")
    assert [rows.nth(i).get_attribute("class") for i in range(rows.count())][:2] == ["level-0", "level-1"]
    assert OFFICE in rows.nth(0).inner_text() and CENTRE in rows.nth(1).inner_text()
    rows.nth(0).locator("a").first.click()
    page.wait_for_selector(".trend-chart svg")
    assert page.locator(".trend-chart svg path").count() >= 5          # a line per series
    assert "2025 年" in page.inner_text(".trend-chart") and "支出总计" in page.inner_text(".trend-chart")
    assert "3,518.10" in page.inner_text("#trend table")
    page.click("text=比较各年（增减与增减率）")
    page.wait_for_selector("table.compare")
    assert "-1,759.05" in page.inner_text("table.compare")


def test_the_narrative_marks_the_sentence_a_finding_concerns(page, base_url):
    page.goto(base_url + "/?q=电子政务&year=2022")
    page.click(f"text={CENTRE}")
    page.wait_for_selector("#narrative")
    hit = page.locator("#narrative mark.hit-error", has_text="增长43.29%").first
    assert hit.is_visible() and "核对发现涉及此句（错误）" in hit.get_attribute("title")
    assert page.locator("#narrative mark.claim").count() > 10
