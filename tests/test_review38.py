"""Review of probe 38's merged work: defects found and fixed, each with the near miss that must
still be read (or answered) as before."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("httpx")
from fastapi.testclient import TestClient
from test_web_access import OFFICE_SEED, csrf_token, upload, uploaded_id
from test_web_more import finished
from test_web_probe38 import LI, TOKENS, ZHANG, admins, blocked, store  # noqa: F401 — fixtures

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


# -- a page's number printed 第 1 页 共 2 页 (Word's Chinese page number) --------------------------------
@pytest.mark.parametrize("footer", ['"第 " counter(page) " 页 共 " counter(pages) " 页"',
                                    '"第 " counter(page) " 页，共 " counter(pages) " 页"',
                                    '"第 " counter(page) " 页"'])          # (the near miss: read so before)
def test_a_row_broken_across_pages_under_a_footer_of_page_and_pages_is_joined(tmp_path, monkeypatch, footer):
    """The row Word broke across the page break (test_pdf_breaks), each page's foot printing
    its number as Word's Chinese format does, 第 1 页 共 2 页. Before: that footer, no page
    number to the reader, stood as the page's last line, so the row at the foot of the page was
    not seen as open, and the rest at the top of page 2 was read as a row of its own (amounts 36,
    no code)."""
    breaks = pytest.importorskip("test_pdf_breaks")
    monkeypatch.setattr(breaks, "RULED", breaks.RULED.replace(
        "margin: 15mm; }", "margin: 15mm; @bottom-center { content: " + footer + "; font-size: 9pt; } }"))
    path = breaks.write(tmp_path / "broken.pdf", [
        breaks.PAGE_ONE + [["2080506", "机关事业单", "180,927.", "180,927.", ""]],
        [["", "位职业年金缴费支出", "36", "36", ""]] + breaks.PAGE_TWO])
    texts = [ln.text for ln in breaks.read_document(path).lines]
    assert any("".join(t.split()).startswith("第1页") for t in texts)      # the footer is printed and read
    got = breaks.cells(path)
    assert ("2080506", "机关事业单位职业年金缴费支出", "合计", "180927.36") in got
    assert all(code for code, name, _, _ in got if name != "合计") and len(got) == 2 * 7


def test_the_page_number_forms_of_a_pdf_page_and_what_is_none():
    from budgetlens.text import FOLIO_FURNITURE

    for said in ("第 1 页 共 2 页", "第1页，共2页", "第 3 页/共 20 页", "3/20", "- 3 -", "第 3 页", "3", "1 / 2 页", "3／20"):
        assert FOLIO_FURNITURE.match(said), said
    for other in ("共 2 项", "第 1 章", "2,300.00", "2024年", "1 共 2 项", "第 1 页 共 2 项", "共计 3 页"):
        assert not FOLIO_FURNITURE.match(other), other


def test_a_running_server_forgets_the_jobs_over_for_a_month_without_a_restart(tmp_path, monkeypatch):
    """Before: jobs were forgotten only when the app started; a server running for months kept
    every job's row. Now also every FORGET_EVERY seconds (a day); a job over for less than
    KEEP_DAYS, and one not over, are kept (the near misses)."""
    import time

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from budgetlens.store import open_engine
    from budgetlens.store.schema import JobRow
    from budgetlens.web import jobs as jobs_module

    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.setattr(jobs_module, "BEAT", 0.05)
    monkeypatch.setattr(jobs_module, "FORGET_EVERY", 0.2)
    jobs = jobs_module.Jobs(engine)
    month = jobs_module.KEEP_DAYS * 86400
    now = time.time()
    with Session(engine) as s, s.begin():
        for id_, status, finished in (("old", "done", now - month - 60), ("recent", "failed", now - month + 3600),
                                      ("running", "running", None)):
            s.add(JobRow(id=id_, kind="ingest", status=status, runner="x", created=now - month - 120, beat=now,
                         admin=None, error="", current="", done=0, files=[], finished=finished))
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with Session(engine) as s:
                left = set(s.scalars(select(JobRow.id)))
            if "old" not in left:
                break
            time.sleep(0.05)
    finally:
        jobs.shutdown()
    assert left == {"recent", "running"}


# -- the check report's quoted lines ------------------------------------------------------------------------
def test_a_report_builds_a_files_lines_and_pages_once_not_per_quoted_finding(tmp_path):
    """Before: every quoted line rebuilt the dict of all the file's lines and of their pages
    (placed_quotes: source_lines and source_pages per quote), thousands of lines per finding."""
    from budgetlens.checks.report import source_lines, source_pages

    path = tmp_path / "说明.txt"
    path.write_text("一、部门职责\n第二行", encoding="utf-8")
    assert source_lines(str(path)) == {1: "一、部门职责", 2: "第二行"}
    assert source_lines(str(path)) is source_lines(str(path))
    assert source_pages(str(path)) == {} and source_pages(str(path)) is source_pages(str(path))
    path.write_text("一、部门职责（改）", encoding="utf-8")          # the file changed: read again
    assert source_lines(str(path)) == {1: "一、部门职责（改）"}


# -- an interrupted job run again: once ------------------------------------------------------------------
def test_an_interrupted_job_is_run_again_once_whoever_asks_twice(admins):  # noqa: F811
    """Before: the interrupted job stayed 中断 with its 重新处理 button after being run again, so a
    second click (another admin, a form sent twice, another worker process) ran it again: two
    new jobs over the same files. Now it is 已重新处理 (naming the new job) and a second request is
    refused (409); run_again claims it atomically, so of two racing requests one starts a job."""
    gate = blocked(admins.app.state.jobs)
    r = admins.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                    files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    job_id = r.json()["job_id"]
    admins.app.state.jobs.shutdown()            # the server stops before the job ran
    gate.set()
    with TestClient(create_app(admins.url, admin_tokens=TOKENS)) as one, \
            TestClient(create_app(admins.url, admin_tokens=TOKENS)) as other:
        assert one.get(f"/api/jobs/{job_id}").json()["status"] == "interrupted"
        first = one.post(f"/api/jobs/{job_id}/retry", headers=LI)
        assert first.status_code == 202
        new_id = first.json()["job_id"]
        second = other.post(f"/api/jobs/{job_id}/retry", headers=ZHANG)
        assert second.status_code == 409
        seen = other.get(f"/api/jobs/{job_id}").json()
        assert seen["status"] == "retried" and seen["status_name"] == "已重新处理" and new_id in seen["error"]
        other.post("/login", data={"token": TOKENS["张三"], "next": "/", "csrf": csrf_token(other)})
        page = other.get(f"/jobs/{job_id}").text
        assert f'action="/jobs/{job_id}/retry"' not in page and new_id in page
        assert finished(one, new_id)["status"] == "done"
        # two requests that both saw it interrupted: the second claim finds it taken
        assert other.app.state.jobs.run_again(job_id, lambda: pytest.fail("started twice")) is None


def test_a_retry_refused_as_busy_leaves_the_job_interrupted(admins, monkeypatch):  # noqa: F811
    """The near miss: a start refused (503, too many jobs waiting) does not use up the job."""
    from budgetlens.web import upload as upload_module

    gate = blocked(admins.app.state.jobs)
    r = admins.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                    files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    job_id = r.json()["job_id"]
    admins.app.state.jobs.shutdown()
    gate.set()
    with TestClient(create_app(admins.url, admin_tokens=TOKENS)) as again:
        monkeypatch.setattr(upload_module, "MAX_WAITING", 0)
        assert again.post(f"/api/jobs/{job_id}/retry", headers=LI).status_code == 503
        assert again.get(f"/api/jobs/{job_id}").json()["status"] == "interrupted"


# -- a login cookie that is no number ---------------------------------------------------------------------
@pytest.mark.parametrize("value", [b"\xb2\xb3.abc.def", b"\xb9.abc", b"12.abc.def"])
def test_a_cookie_whose_expiry_is_no_ascii_number_opens_nothing_and_breaks_no_page(admins, value):  # noqa: F811
    """A cookie is read as Latin-1: ²³ (superscripts) are digits to str.isdigit but no number to
    int(). Before: every page of that browser failed with 500 (admin_name raised ValueError);
    a sibling subdomain could set such a cookie. Now it is no login, as a malformed one is (the
    near miss: 12.abc.def, a number, expired)."""
    from starlette.requests import Request

    from budgetlens.web.auth import admin_name, cookie_valid

    request = Request({"type": "http", "method": "GET", "path": "/", "query_string": b"", "app": admins.app,
                       "headers": [(b"cookie", b"budgetlens_admin=" + value)]})
    assert admin_name(request) is None
    assert cookie_valid(TOKENS["张三"], value.decode("latin-1")) is False


def test_a_year_written_in_superscripts_is_refused_or_ignored_not_a_server_error(store):  # noqa: F811
    """?year=² (a digit to str.isdigit, none to int): before, a 500 from the export and from the
    pages' filters. Now the export says the year must be a number (422) and a page shows every
    year, as for any year that is no number (the near miss: year=2026 still filters)."""
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        refused = c.get("/api/export/csv", params={"year": "²"})
        assert refused.status_code == 422 and "年度应为数字" in refused.json()["detail"]
        assert c.get("/", params={"year": "²"}).status_code == 200
        assert c.get("/dashboard", params={"year": "²"}).status_code == 200
        assert c.get("/api/export/csv", params={"year": "2026"}).status_code == 200


# -- logging in again ------------------------------------------------------------------------------------
def test_logging_in_again_ends_the_browsers_session_before(admins):  # noqa: F811
    """An admin logs in where another was logged in (a shared computer). Before: the first
    session stayed in the store until its expiry, so its cookie, copied before, still opened the
    drafts; logging out ends a session for good, logging in over it did not. Now it ends it. The
    near miss: the second admin's new session opens them."""
    doc = uploaded_id(upload(admins, headers=ZHANG))
    admins.post("/login", data={"token": TOKENS["张三"], "next": "/", "csrf": csrf_token(admins)})
    first = admins.cookies.get("budgetlens_admin")
    assert admins.get(f"/disclosures/{doc}").status_code == 200
    admins.post("/login", data={"token": TOKENS["李四"], "next": "/", "csrf": admins.cookies.get("budgetlens_csrf")})
    assert admins.get(f"/disclosures/{doc}").status_code == 200 and "李四" in admins.get("/").text
    second = admins.cookies.get("budgetlens_admin")
    admins.cookies.clear()
    admins.cookies.set("budgetlens_admin", first)
    assert admins.get(f"/disclosures/{doc}").status_code == 404
    admins.cookies.clear()
    admins.cookies.set("budgetlens_admin", second)
    assert admins.get(f"/disclosures/{doc}").status_code == 200


def test_the_files_given_to_render_go_with_their_job_when_it_is_forgotten(tmp_path):
    """生成公开文件 stores no document; the files it was given were kept in blobs for the job
    alone (run again, built again in another worker). Before: kept for ever after the job was
    forgotten, a workbook for every draft rendered. Now they go with it; the near misses stay:
    an upload's file (its document's, or a ZIP's), a render file also stored as a document, one a
    job kept still names."""
    import time

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from budgetlens.store import Ingest, open_engine
    from budgetlens.store.schema import Blob, Document, JobRow
    from budgetlens.web.jobs import KEEP_DAYS, Jobs

    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = open_engine(url)
    Ingest(engine, workers=0).run([OFFICE_SEED])
    with Session(engine) as s:
        document = s.scalar(select(Document.sha256))
    month = KEEP_DAYS * 86400 + 60
    now = time.time()
    jobs = [("render-old", "render", ["a" * 64], now - month), ("render-doc", "render", [document], now - month),
            ("render-shared", "render", ["b" * 64], now - month), ("render-new", "render", ["b" * 64], now - 60),
            ("ingest-zip", "ingest", ["c" * 64], now - month)]
    with Session(engine) as s, s.begin():
        for sha in ("a" * 64, "b" * 64, "c" * 64):
            s.add(Blob(sha256=sha, size=1, content=b"x"))
        for id_, kind, shas, finished in jobs:
            s.add(JobRow(id=id_, kind=kind, status="done", runner="x", created=finished - 5, beat=finished,
                         admin=None, error="", current="", done=1, files=[{"name": "表.xlsx", "sha256": h} for h in shas],
                         finished=finished))
    Jobs(engine).shutdown()                  # an app starting: forgets the jobs over for a month
    with Session(engine) as s:
        assert set(s.scalars(select(JobRow.id))) == {"render-new"}
        assert set(s.scalars(select(Blob.sha256))) == {document, "b" * 64, "c" * 64}


# -- an XLSB's number formats ---------------------------------------------------------------------------
def styled_xlsb(path, formats: dict[str, str]) -> None:
    """部门支出总表 in 万元 as an XLSB (test_office_probe38's writer), its figures in format 0.00,
    those of the rows named in `formats` in that format (xl/styles.bin: BrtFmt, the cellXfs)."""
    import io
    import struct
    import zipfile

    from test_office_probe38 import EXPENDITURE, _record, _wide, xlsb_bytes

    codes = ["0.00", *dict.fromkeys(formats.values())]
    styles = _record(0x267, struct.pack("<I", len(codes)))                          # BrtBeginFmts
    for n, code in enumerate(codes):
        styles += _record(0x2C, struct.pack("<H", 164 + n) + _wide(code))           # BrtFmt
    styles += _record(0x268) + _record(0x269, struct.pack("<I", len(codes) + 1)) + _record(0x2F, struct.pack("<HHHHHBBHBB", 0xFFFF, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    for n in range(len(codes)):                                                       # BrtXF n + 1: format 164 + n
        styles += _record(0x2F, struct.pack("<HHHHHBBHBB", 0, 164 + n, 0, 0, 0, 0, 0, 0, 0, 0))
    styles += _record(0x26A)
    rows = [["2025年部门支出总体情况表"], ["编制单位：某某局", "", "", "", "单位：万元"], *EXPENDITURE[2:]]
    sheet = _record(0x81) + _record(0x94, struct.pack("<IIII", 0, len(rows) - 1, 0, 4)) + _record(0x91)
    for r, row in enumerate(rows):
        sheet += _record(0x00, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 0))          # BrtRowHdr
        xf = 1 + codes.index(formats.get(row[0], "0.00"))
        for c, value in enumerate(row):
            if isinstance(value, str) and value:
                sheet += _record(0x06, struct.pack("<II", c, 0) + _wide(value))       # BrtCellSt
            elif isinstance(value, (int, float)):
                sheet += _record(0x05, struct.pack("<IId", c, xf, float(value)))      # BrtCellReal, iStyleRef xf
    sheet += _record(0x92) + _record(0x82)
    plain = zipfile.ZipFile(io.BytesIO(xlsb_bytes([("支出总表", rows)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in plain.namelist():
            data = plain.read(item)
            if item == "xl/worksheets/sheet1.bin":
                data = sheet
            elif item == "xl/_rels/workbook.bin.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/styles" Target="styles.bin"/></Relationships>')
            z.writestr(item, data)
        z.writestr("xl/styles.bin", styles)
    path.write_bytes(out.getvalue())


def test_an_xlsb_figure_its_format_shows_as_nothing_is_not_read(tmp_path):
    """As an XLSX's (test_office_probe38): the 一般行政管理事务 row's figures formatted ;;; print
    nothing, so they are not read, and a warning names the cells. Before: an XLSB's formats were
    not read, and the hidden 30s were read as the row's 合计 and 项目支出, in silence."""
    from test_office_probe38 import figures

    from budgetlens.readers import read_document

    path = tmp_path / "支出.xlsb"
    styled_xlsb(path, {"2010302": ";;;"})
    doc = read_document(path)
    assert doc.format == "xlsb"
    row = next(ln.cells for ln in doc.lines if ln.cells and ln.cells[0] == "2010302")
    assert not any(row[2:])
    assert any("C8、E8 有数值" in w and "不显示" in w for w in doc.warnings)
    assert not any(code == "2010302" for code, _ in figures(path))


def test_an_xlsb_figure_in_a_format_with_decimals_reads_as_printed(tmp_path):
    """The near miss: 0.00 shows 130 as 130.00, read so (before: 130); nothing said."""
    from budgetlens.readers import read_document

    path = tmp_path / "支出.xlsb"
    styled_xlsb(path, {})
    doc = read_document(path)
    row = next(ln.cells for ln in doc.lines if ln.cells and ln.cells[0] == "2010302")
    assert row[2:5] == ["30.00", "", "30.00"]
    assert not any("不显示" in w for w in doc.warnings)
