"""A disclosure's versions, session 40: a later version that did not take over (the store keeps
the earlier version current) is not called 较早版本 — the Jiangsu 政协办公厅 2018 disclosure,
printed as two PDFs (its tables, then its text, the text file named a correction: 更正), ingested
one after the other (stored as one document read from both: store/ingest.py), then a text file
of it once more (other bytes, no 更正 in its name): it is joined with the stored tables into a
new document, which by the version rules (the correction is the later) takes nothing over."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from budgetlens.store import Ingest, open_engine
from budgetlens.web import create_app

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
TABLES = REAL / "js-prov-zxbgt-2018-dept-budget.tables.pdf"
TEXT = REAL / "js-prov-zxbgt-2018-dept-budget.text.pdf"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('versions') / 'store.db'}"
    corrected = tmp_path_factory.mktemp("corrected") / ("更正" + TEXT.name)
    corrected.write_bytes(TEXT.read_bytes())
    revised = tmp_path_factory.mktemp("revised") / TEXT.name
    revised.write_bytes(TEXT.read_bytes() + b"\n% revised\n")
    for path in (TABLES, corrected, revised):
        Ingest(open_engine(url), workers=0).run([path])
    with TestClient(create_app(url)) as c:
        yield c


def notice(html: str) -> str:
    found = re.search(r'<p class="notice superseded">(.*?)</p>', html, re.DOTALL)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


def test_a_later_version_that_did_not_take_over_says_so(portal):
    first, second = (portal.get(f"/api/disclosures/{i}").json() for i in (2, 3))
    assert (first["version"], second["version"]) == (2, 3) and second["superseded_by"] == 2
    said = notice(portal.get("/disclosures/3").text)
    assert said == "此版本（第 3 版）未取代已入库的文件 2（第 2 版），数字仍以该版本为准。", said
    assert "较早版本" not in said


def test_the_current_version_has_no_notice(portal):
    """The near miss: the version in force says nothing of the kind."""
    assert notice(portal.get("/disclosures/2").text) == ""


def test_an_earlier_version_replaced_is_called_so(tmp_path):
    """The near miss: a corrected version (its figures changed) takes over; the first says it was
    replaced, by which version."""
    from test_web_access import EXAMPLES

    from budgetlens.store.corpus import variant
    seed = EXAMPLES / "000_9131eab83374bb33.txt"
    corrected = tmp_path / "更正" / seed.name
    corrected.parent.mkdir()
    corrected.write_text(variant(seed.read_text(encoding="utf-8"), "", scale=2), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    for path in (seed, corrected):
        Ingest(open_engine(url), workers=0).run([path])
    with TestClient(create_app(url)) as c:
        assert c.get("/api/disclosures/1").json()["superseded_by"] == 2
        first, second = (re.sub(r"<[^>]+>", "", c.get(f"/disclosures/{i}").text) for i in (1, 2))
        assert "此为较早版本，已被文件 2" in first and "未取代" not in first
        assert "较早版本" not in second and "未取代" not in second
