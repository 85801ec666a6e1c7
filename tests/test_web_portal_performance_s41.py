"""The 绩效目标 section in a real browser (Debian's chromium through Playwright): it renders, its
index and its findings' links go where they say."""

from __future__ import annotations

import pytest
from browser import CHROMIUM, NO_CHROMIUM, chromium, offline_page, served

if not CHROMIUM.exists():
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="需要 playwright（pip install -e '.[dev]'）")
pytest.importorskip("uvicorn")

from conftest import EXAMPLES
from test_web_performance_s41 import changed_seed_000

from budgetlens.store import Ingest, open_engine
from budgetlens.web import create_app


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("perf-browser")
    url = f"sqlite:///{folder / 'store.db'}"
    Ingest(open_engine(url), workers=0).run([changed_seed_000(folder), EXAMPLES / "003_051c06d5053f29b3.txt"])
    with served(create_app(url)) as served_url:
        yield served_url


def in_view(page, selector: str) -> bool:
    return page.evaluate(f"""() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();
                                      return r.top >= 0 && r.top < window.innerHeight; }}""")


def test_the_section_renders_and_its_links_lead_to_the_table_and_the_finding(base_url):
    with chromium() as browser, offline_page(browser) as page:
        page.goto(base_url + "/?q=电子政务服务中心")
        page.click("table.list a")
        page.wait_for_selector("#performance")
        tables = page.locator("#performance article.performance")
        assert tables.count() == 4 and tables.nth(1).is_visible()
        assert "克州电子政务内外网运行维护费项目" in tables.nth(1).locator("h3").inner_text()
        # the index's link to the fourth table scrolls it into view
        page.click("#performance nav.perf-index a[href='#perf-4']")
        page.wait_for_function("location.hash === '#perf-4'")
        assert in_view(page, "#perf-4")
        # a finding beside the first project table leads to it under 核对发现, and back
        link = page.locator("#perf-2 ul.perf-findings a").first
        target = link.get_attribute("href")
        assert "[P-PROJECT-AMOUNT]" in link.inner_text()
        link.click()
        page.wait_for_function(f"location.hash === {target!r}")
        finding = page.locator(target)
        assert finding.is_visible() and in_view(page, target) and "P-PROJECT-AMOUNT" in finding.inner_text()
        finding.locator("a.to-table").click()
        page.wait_for_function("location.hash === '#perf-2'")
        assert in_view(page, "#perf-2")
        # each indicator says where it was printed (seed 000 line 581: 托管设备数量)
        assert "000_changed.txt 第 581 行" in page.locator("#perf-2 table.indicators tbody tr").first.inner_text()
