"""A ZIP archive whose files were partly or all stored before, session 40: the upload's result
links to every document its files are (before: 已入库 and nothing to click — the documents
stored before were not named), and the documents it did store are recorded as this admin's
upload although the archive as a whole is 已入库."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from conftest import without_settings
from fastapi.testclient import TestClient
from test_web_access import EXAMPLES
from test_web_probe39 import TOKENS, ZHANG

from budgetlens.web import create_app

FIRST, SECOND = EXAMPLES / "000_9131eab83374bb33.txt", EXAMPLES / "003_051c06d5053f29b3.txt"


@pytest.fixture()
def admins(tmp_path, monkeypatch):
    without_settings(monkeypatch)
    with TestClient(create_app(f"sqlite:///{tmp_path / 'store.db'}", admin_tokens=TOKENS)) as c:
        yield c


def zipped(*paths) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for p in paths:
            z.write(p, p.name)
    return buf.getvalue()


def upload(client, name: str, data: bytes, headers=ZHANG) -> dict:
    r = client.post("/api/upload", headers=headers, files=[("files", (name, data, "application/octet-stream"))])
    assert r.status_code == 201, r.text
    return r.json()["results"][0]


def test_an_archive_names_the_documents_its_files_were_already(admins):
    first = upload(admins, FIRST.name, FIRST.read_bytes(), {"Authorization": f"Bearer {TOKENS['李四']}"})
    got = upload(admins, "两份.zip", zipped(FIRST, SECOND))
    second = got["documents"]
    assert got["known_documents"] == [first["document_id"]] and len(second) == 1 and second != [first["document_id"]]
    # stored by this upload: 张三's, though the archive is 已入库 (one of its files was)
    assert admins.get(f"/api/disclosures/{second[0]}", headers=ZHANG).json()["uploaded_by"] == "张三"
    assert admins.get(f"/api/disclosures/{first['document_id']}", headers=ZHANG).json()["uploaded_by"] == "李四"
    again = admins.post("/api/upload", params={"background": "true"}, headers=ZHANG,
                        files=[("files", ("两份.zip", zipped(FIRST, SECOND), "application/zip"))]).json()
    from test_web_more import finished
    done = finished(admins, again["job_id"])
    assert done["results"][0]["known_documents"] == [first["document_id"], second[0]]
    page = admins.get(f"/jobs/{again['job_id']}", headers=ZHANG).text
    links = re.findall(r'href="/disclosures/(\d+)"', page[page.index("导入结果"):])
    assert links == [str(first["document_id"]), str(second[0])]
    listed = admins.get("/jobs", headers=ZHANG).text
    assert f'href="/disclosures/{first["document_id"]}"' in listed


def test_a_new_archive_links_its_documents_as_before(admins):
    """The near miss: every file new — its documents, nothing called stored before."""
    got = upload(admins, "两份.zip", zipped(FIRST, SECOND))
    assert len(got["documents"]) == 2 and got["known_documents"] == []
