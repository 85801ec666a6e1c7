"""The portal for a finance bureau, session 40: an upload form carries a token in its address,
derived from the session's, checked before the body is read (raw HTTP over a socket, and the
forms in a real browser with and without JavaScript); a page served before still works (the
body's field decides)."""

from __future__ import annotations

import re
import socket
import time

import pytest
from conftest import without_settings
from fastapi.testclient import TestClient
from test_web_access import OFFICE_SEED, csrf_token
from test_web_more import finished
from test_web_probe39 import TOKENS, logged_in

from budgetlens.web import create_app
from budgetlens.web.csrf import REFUSED

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def no_admins_from_the_environment(monkeypatch):
    without_settings(monkeypatch, "BUDGETLENS_SESSION_HOURS", "BUDGETLENS_MAX_UPLOAD_MB")


@pytest.fixture()
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture()
def admins(url):
    with TestClient(create_app(url, admin_tokens=TOKENS)) as c:
        c.url = url
        yield c


# -- 1. the upload forms' token in their address, checked before the body ----------------------------------------
def answered_before_body(base: str, path: str, cookie: str, extra: str = "", declared: int = 20 * MB) -> str:
    """Raw HTTP: a POST's headers declaring a body of `declared` bytes, then nothing: the
    server's answer if it gives one without the body (else AssertionError after 5 s)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall((f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
                   "Content-Type: multipart/form-data; boundary=b0undary\r\n"
                   f"Content-Length: {declared}\r\nSec-Fetch-Site: same-origin\r\nAccept: text/html\r\n{extra}\r\n")
                  .encode("latin-1"))
        got = b""
        try:
            while b"\r\n\r\n" not in got or len(got) < 200:
                more = s.recv(65536)
                if not more:
                    break
                got += more
        except TimeoutError as exc:
            raise AssertionError(f"no answer before the body was sent: {got[:200]!r}") from exc
    return got.decode("utf-8", "replace")


def browser_cookie(client) -> str:
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


@pytest.mark.parametrize("path", ["/upload", "/render"])
def test_a_form_upload_with_a_stale_address_token_is_refused_before_its_body(url, path):
    """Before: a form whose session's token had changed (logged in again in another tab) was
    sent in full — 20 MB here — and refused once read; now its address says so first."""
    from browser import served

    from budgetlens.web.csrf import url_token
    with TestClient(create_app(url, admin_tokens=TOKENS)) as c, served(c.app) as base:
        stale = url_token(csrf_token(c))
        cookie = logged_in(c)                     # login rotates the session's token
        answer = answered_before_body(base, f"{path}?csrf={stale}", cookie)
        assert answer.startswith("HTTP/1.1 403") and REFUSED in answer, answer[:300]
        forged = answered_before_body(base, path, cookie, "X-CSRF-Token: " + "x" * 43 + "\r\n")
        assert forged.startswith("HTTP/1.1 403") and REFUSED in forged


def test_the_forms_own_address_token_lets_the_upload_through(admins):
    """The near miss: the address the page gave (the token derived from the session's, never
    the session's own) and the body's field: stored."""
    from budgetlens.web.csrf import url_token
    logged_in(admins)
    form = admins.get("/upload").text
    action = re.search(r'action="(/upload\?csrf=[^"]+)"', form).group(1)
    token = admins.cookies.get("budgetlens_csrf")
    assert action == f"/upload?csrf={url_token(token)}" and token not in action
    r = admins.post(action, data={"csrf": token}, follow_redirects=False,
                    files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/"), r.text
    assert finished(admins, r.headers["location"].removeprefix("/jobs/"))["status"] == "done"
    # the address's token is not the body's: a form carrying it in its field is refused
    wrong = admins.post(action, data={"csrf": url_token(token)},
                        files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert wrong.status_code == 403 and REFUSED in wrong.text


def test_a_page_served_before_the_address_token_is_still_taken(admins):
    """The fallback: a form without the address token (a page served before) is read and its
    body's field decides, as before."""
    logged_in(admins)
    token = admins.cookies.get("budgetlens_csrf")
    r = admins.post("/upload", data={"csrf": token}, follow_redirects=False,
                    files=[("files", ("办公室2026.txt", OFFICE_SEED.read_bytes(), "text/plain"))])
    assert r.status_code == 303


@pytest.mark.parametrize("script", [True, False])
def test_the_upload_form_works_in_a_browser_with_and_without_javascript(url, script):
    from browser import chromium, offline_page, served
    with served(create_app(url, admin_tokens=TOKENS)) as base, chromium() as browser, \
            offline_page(browser, java_script_enabled=script) as page:
        page.goto(f"{base}/login?next=/upload")
        page.fill("input[name=token]", TOKENS["张三"])
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_url("**/upload")
        page.set_input_files("form.upload input[type=file]", str(OFFICE_SEED))
        page.click("form.upload button[type=submit]")
        if script:
            page.wait_for_url("**/disclosures/*?uploaded=1", timeout=120_000)
        else:                                  # no polling without script: the job's page, reloaded
            page.wait_for_url("**/jobs/*")
            end = time.monotonic() + 120
            while "/disclosures/" not in page.url and time.monotonic() < end:
                time.sleep(0.5)
                page.reload()
            assert "/disclosures/" in page.url
        assert "表单已失效" not in page.content()
        # a second tab logs out and in again: the first tab's form is refused, said in Chinese
        page.goto(f"{base}/upload")
        other = page.context.new_page()
        other.goto(f"{base}/")
        other.click("form[action='/logout'] button")
        other.goto(f"{base}/login?next=/")
        other.fill("input[name=token]", TOKENS["张三"])
        other.click("form[action='/login'] button[type=submit]")
        other.wait_for_url(f"{base}/")
        page.set_input_files("form.upload input[type=file]", str(OFFICE_SEED))
        page.click("form.upload button[type=submit]")
        page.wait_for_load_state()
        assert "表单已失效" in page.content()
