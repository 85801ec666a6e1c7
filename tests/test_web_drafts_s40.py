"""A finance bureau's admins with a 单位's draft, session 40: the dashboard and the unit's page
show it (before: HTTP 500 — the draft was looked up among published documents to find its 部门)."""

from __future__ import annotations

import pytest
from conftest import without_settings
from fastapi.testclient import TestClient
from test_web_access import EXAMPLES
from test_web_probe39 import TOKENS, ZHANG

from budgetlens.web import create_app

UNIT_SEED = EXAMPLES / "001_bb7d043ad2da133b.txt"        # 克孜勒苏柯尔克孜自治州电子政务服务中心 2022 单位预算
DEPT_SEED = EXAMPLES / "000_9131eab83374bb33.txt"        # the same 中心's 2026 部门预算


@pytest.fixture(autouse=True)
def no_admins_from_the_environment(monkeypatch):
    without_settings(monkeypatch)


@pytest.fixture()
def admins(tmp_path):
    with TestClient(create_app(f"sqlite:///{tmp_path / 'store.db'}", admin_tokens=TOKENS)) as c:
        yield c


def uploaded(client, path) -> int:
    r = client.post("/api/upload", headers=ZHANG, files=[("files", (path.name, path.read_bytes(), "text/plain"))])
    assert r.status_code == 201, r.text
    return r.json()["results"][0]["document_id"]


def test_a_units_draft_is_on_the_admins_dashboard_and_unit_page(admins):
    doc = uploaded(admins, UNIT_SEED)
    unit_id = admins.get(f"/api/disclosures/{doc}", headers=ZHANG).json()["unit_id"]
    board = admins.get("/dashboard", headers=ZHANG)
    assert board.status_code == 200 and "克孜勒苏柯尔克孜自治州电子政务服务中心" in board.text
    api = admins.get("/api/dashboard", headers=ZHANG)
    assert api.status_code == 200 and [u["unit_id"] for u in api.json()["units"]] == [unit_id]
    page = admins.get(f"/units/{unit_id}", headers=ZHANG)
    assert page.status_code == 200 and "2022" in page.text
    assert admins.get(f"/api/units/{unit_id}", headers=ZHANG).status_code == 200


def test_the_public_sees_neither_draft_and_the_pages_stay_up(admins):
    """The near miss: without a login the drafts are hidden, as before."""
    uploaded(admins, UNIT_SEED)
    uploaded(admins, DEPT_SEED)
    assert admins.get("/dashboard").status_code == 200
    assert admins.get("/api/dashboard").json()["units"] == []
