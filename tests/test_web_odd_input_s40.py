"""Odd requests to the portal, session 40, said in Chinese: a page's address with a word where
its number goes is no such page (404, before: 422 naming the parameter doc_id); a query value
out of range names the parameter in Chinese on the pages (页码); a broken multipart body says
what is wrong (before: 请求出错（400）). The API keeps naming its parameters as sent."""

from __future__ import annotations

import pytest
from conftest import without_settings
from fastapi.testclient import TestClient
from test_web_access import csrf_token

from budgetlens.web import create_app


@pytest.fixture()
def client(tmp_path, monkeypatch):
    without_settings(monkeypatch)
    with TestClient(create_app(f"sqlite:///{tmp_path / 'store.db'}")) as c:
        yield c


@pytest.mark.parametrize("path", ["/disclosures/abc", "/units/某局", "/disclosures/1.5/facts",
                                  "/disclosures/abc/delete"])
def test_a_page_address_with_a_word_for_its_number_is_no_such_page(client, path):
    r = client.get(path, headers={"accept": "text/html"})
    assert r.status_code == 404 and "没有这个页面" in r.text and "doc_id" not in r.text and "unit_id" not in r.text


def test_a_pages_query_out_of_range_is_named_in_chinese(client):
    r = client.get("/", params={"page": 0})
    assert r.status_code == 422 and "请求参数有误：页码：过小" in r.text
    r = client.get("/jobs", params={"page": "第二"})
    assert r.status_code == 422 and "页码：应为整数" in r.text


def test_the_api_names_its_parameters_as_sent(client):
    """The near miss: an API client sends `page`, and is told `page`."""
    assert client.get("/api/units/某局").json()["detail"] == "请求参数有误：unit_id：应为整数"
    assert client.get("/api/disclosures", params={"page": 0}).json()["detail"] == "请求参数有误：page：过小"


@pytest.mark.parametrize("path", ["/upload", "/api/upload"])
def test_a_broken_multipart_body_is_said_in_chinese(client, path):
    token = csrf_token(client)
    r = client.post(path, content=b"garbage", headers={"content-type": "multipart/form-data; boundary=xx",
                                                       "x-csrf-token": token, "accept": "text/html"})
    assert r.status_code == 400 and "请求的格式有误" in r.text, r.text
