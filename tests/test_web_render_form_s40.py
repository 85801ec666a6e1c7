"""The 生成公开文件 page on a portal guarded by admin tokens, session 40: a visitor not logged in
is told to log in and given no form (before: the form was there, and a file chosen and sent was
refused with 401 only once uploaded) — as the 上传 page does."""

from __future__ import annotations

import pytest
from conftest import without_settings
from fastapi.testclient import TestClient
from test_web_probe39 import TOKENS, logged_in

from budgetlens.web import create_app

FORM = '<form method="post" action="/render'


@pytest.fixture()
def guarded(tmp_path, monkeypatch):
    without_settings(monkeypatch)
    with TestClient(create_app(f"sqlite:///{tmp_path / 'store.db'}", admin_tokens=TOKENS)) as c:
        yield c


def test_a_visitor_is_asked_to_log_in_and_given_no_form(guarded):
    page = guarded.get("/render").text
    assert "生成公开文件须先" in page and 'href="/login?next=/render"' in page and FORM not in page


def test_an_admin_has_the_form(guarded):
    """The near miss: logged in, the form as before."""
    logged_in(guarded)
    page = guarded.get("/render").text
    assert FORM in page and "生成公开文件须先" not in page


def test_an_open_portal_has_the_form(tmp_path):
    with TestClient(create_app(f"sqlite:///{tmp_path / 'open.db'}")) as c:
        assert FORM in c.get("/render").text
