"""Review of probe 38's merged work: defects found and fixed, each with the near miss that must
still be read (or answered) as before."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("httpx")
from fastapi.testclient import TestClient
from test_web_access import csrf_token, upload, uploaded_id
from test_web_probe38 import TOKENS, ZHANG, admins, store  # noqa: F401 — fixtures

from budgetlens.web import create_app


# -- the API's calls that change the store, made with the portal's login cookie ---------------------------
def test_an_api_call_made_with_the_login_cookie_needs_the_csrf_token(admins):  # noqa: F811
    doc = uploaded_id(upload(admins, headers=ZHANG))
    admins.post("/login", data={"token": TOKENS["张三"], "next": "/", "csrf": csrf_token(admins)})
    refused = admins.post(f"/api/disclosures/{doc}/publish")
    assert refused.status_code == 403 and "防伪令牌" in refused.json()["detail"]
    assert admins.get(f"/api/disclosures/{doc}").json()["published"] is False


def test_an_api_call_with_the_cookie_and_its_csrf_header_or_with_a_bearer_token_is_taken(admins):  # noqa: F811
    doc = uploaded_id(upload(admins, headers=ZHANG))
    admins.post("/login", data={"token": TOKENS["张三"], "next": "/", "csrf": csrf_token(admins)})
    token = admins.cookies.get("budgetlens_csrf")
    assert admins.post(f"/api/disclosures/{doc}/publish", headers={"X-CSRF-Token": token}).status_code == 200
    admins.cookies.clear()
    assert admins.post(f"/api/disclosures/{doc}/publish").status_code == 401      # no cookie: the token is asked for


def test_an_open_portal_refuses_an_api_upload_another_site_made_a_browser_send(store):  # noqa: F811
    with TestClient(create_app(store)) as open_portal:
        refused = upload(open_portal, headers={"Sec-Fetch-Site": "cross-site"})
        assert refused.status_code == 403 and "防伪令牌" in refused.json()["detail"]
        assert upload(open_portal, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 201


# -- jobs: two worker processes ---------------------------------------------------------------------------
def test_two_workers_accepting_the_same_file_at_once_both_take_it(tmp_path):
    import threading

    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from budgetlens.store import open_engine
    from budgetlens.store.schema import Blob, JobRow
    from budgetlens.web.jobs import Jobs

    url = f"sqlite:///{tmp_path / 'store.db'}"
    workers = [Jobs(open_engine(url)), Jobs(open_engine(url))]
    failed = []
    for round_ in range(3):
        data = bytes([round_]) * 4_000_000          # a scanned PDF's size: the inserts overlap
        both = threading.Barrier(2)

        def accept(jobs, data=data, both=both):
            both.wait()
            try:
                jobs.submit("ingest", ["预算.pdf"], lambda job: None, [data])
            except Exception as exc:       # noqa: BLE001 — what the request would have answered 500 for
                failed.append(exc)

        threads = [threading.Thread(target=accept, args=(j,)) for j in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    for jobs in workers:
        jobs.shutdown()
    assert failed == []
    with Session(open_engine(url)) as s:
        assert s.scalar(select(func.count()).select_from(Blob)) == 3
        assert s.scalar(select(func.count()).select_from(JobRow)) == 6


# -- a sheet's columns printed on the next page: where each figure is printed ----------------------------
@pytest.fixture(scope="module")
def wide_pdfs(tmp_path_factory):
    probe = pytest.importorskip("test_pdf_probe37b")
    if probe.SOFFICE is None:
        pytest.skip("LibreOffice 未安装，无法打印工作簿")
    folder = tmp_path_factory.mktemp("wide")
    widths = [12, 34, 16, 16, 16, 16, 16, 20]
    books = [probe.sheet(probe.expense_rows(), widths, ruled, folder / f"expense-{ruled}.xlsx") for ruled in (True, False)]
    return probe.printed(books, folder)


def test_a_figure_of_the_columns_printed_on_the_next_page_names_that_page_and_its_place_there(wide_pdfs):
    """基本支出 … 经营支出 of the rows of page 1 are printed on page 2 (A4 portrait, 595 points
    wide). Before: each such figure's provenance named page 1, its box past page 1's right edge
    (x from 649), where nothing is printed."""
    import pdfplumber

    from budgetlens.pipeline import parse

    for pdf in wide_pdfs:
        disc = parse(pdf)
        with pdfplumber.open(pdf) as opened:
            pages = opened.pages
            basic = [f for f in disc.facts if f.coords.function_code == "2010101" and f.coords.nature == "basic"]
            assert len(basic) == 1 and basic[0].amount == Decimal("2800.00")
            where = basic[0].provenance
            assert where.page == 2 and 0 <= where.bbox[0] < where.bbox[2] <= pages[1].width
            printed = pages[1].crop(where.bbox).extract_text()
            assert "2,800.00" in printed
            # the near miss: the 合计 beside the row's name is printed on page 1, where it is said
            total = [f for f in disc.facts if f.coords.function_code == "2010101" and f.provenance.page == 1]
            assert total and all(f.provenance.bbox[2] <= pages[0].width for f in total)
            assert "2,800.00" in pages[0].crop(total[0].provenance.bbox).extract_text()
