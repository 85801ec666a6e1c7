"""One disclosure published as several files, stored as one document (session 40): Jiangsu's
政协办公厅 2018 budget prints its tables in one PDF and its text (概况, 情况说明) in another.
Ingested from a folder, a ZIP, or one file at a time (CLI runs, web uploads, in either order),
the two are read together (pipeline.parse_bundle) and stored as ONE document naming both files;
a part stored alone before is superseded by the joined document, never deleted. Near misses:
full disclosures of different units stay apart, two versions of one disclosure stay versions,
a part with two candidates is stored alone and says why."""

from __future__ import annotations

import hashlib
import os
import uuid
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, SHARED
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from budgetlens.store import Ingest, open_engine
from budgetlens.store.db import downgrade
from budgetlens.store.records import load_model
from budgetlens.store.schema import Document, DocumentSource, FindingRow
from budgetlens.web.upload import ingest_uploads

REAL = SHARED / "real"
TABLES = REAL / "js-prov-zxbgt-2018-dept-budget.tables.pdf"
TEXT = REAL / "js-prov-zxbgt-2018-dept-budget.text.pdf"
PG = os.environ.get("BUDGETLENS_TEST_PG")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    if not PG:
        pytest.skip("BUDGETLENS_TEST_PG not set (run .ci/postgres.sh)")
    name = f"bl_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def documents(engine) -> list[tuple]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(text(
            "SELECT id, format, facts, superseded_by, version FROM documents ORDER BY id"))]


def parts(engine, doc_id: int) -> list[tuple]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(text(
            "SELECT sha256, path, role FROM document_parts WHERE document_id = :d ORDER BY seq"), {"d": doc_id})]


def assert_joined(engine, doc_id: int) -> None:
    """The document holds the tables' figures and the text's claims, each traced to its own file;
    the rules between the text and the tables ran (the 增减 rate the text prints, 66.69%,
    checked against the tables: N-CHANGE-RATE)."""
    got = parts(engine, doc_id)
    assert [(s, Path(p).name, r) for s, p, r in got] == [
        (sha(TABLES), TABLES.name, "tables"), (sha(TEXT), TEXT.name, "narrative")]
    with Session(engine) as s:
        doc = s.get(Document, doc_id)
        sources = {Path(p).name for p in s.scalars(select(DocumentSource.path).where(DocumentSource.document_id == doc_id))}
        rules = {r.rule: r.found for r in s.scalars(select(FindingRow).where(FindingRow.document_id == doc_id))}
        model = load_model(doc.model)
    assert (doc.unit_name, doc.year, doc.scope, doc.phase) == ("江苏省政协办公厅", 2018, "部门", "预算")
    assert sources == {TABLES.name, TEXT.name}
    assert {Path(f.provenance.file).name for f in model.facts} == {TABLES.name}
    assert {Path(c.provenance.file).name for c in model.narrative.claims} == {TEXT.name}
    assert rules.get("N-CHANGE-RATE") == "66.69%"
    with engine.connect() as c:      # each file's own bytes kept
        for digest, _, _ in got:
            size = c.execute(text("SELECT size FROM blobs WHERE sha256 = :s"), {"s": digest}).scalar()
            assert size in (TABLES.stat().st_size, TEXT.stat().st_size)


def test_a_folder_holding_both_files_is_one_document(url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for f in (TEXT, TABLES):
        (folder / f.name).write_bytes(f.read_bytes())
    engine = open_engine(url)
    summary = Ingest(engine, workers=0).run([folder])
    assert len(documents(engine)) == 1 and documents(engine)[0][1:4] == ("bundle", 170, None)
    assert_joined(engine, 1)
    assert [b.document_id for b in summary.bundles] == [1] and summary.counts["joined"] == 1
    assert "合并为一份文档（文档 1）" in summary.bundles[0].said()
    # the same files again: already stored, as parts of that document
    again = Ingest(engine, workers=0).run([folder])
    assert again.counts["known"] == 2 and set(again.known_documents) == {1} and len(documents(engine)) == 1


def test_a_zip_holding_both_files_is_one_document(tmp_path):
    archive = tmp_path / "政协办公厅2018.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(TABLES, TABLES.name)
        z.write(TEXT, TEXT.name)
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    summary = Ingest(engine, workers=0).run([archive])
    assert summary.archives == 1 and len(summary.bundles) == 1
    assert [d[1] for d in documents(engine)] == ["bundle"]
    assert_joined(engine, 1)
    assert all(p.startswith(str(archive)) for _, p, _ in parts(engine, 1))


@pytest.mark.parametrize("order", [(TABLES, TEXT), (TEXT, TABLES)], ids=["tables-first", "text-first"])
def test_parts_ingested_one_run_each_are_joined(url, order):
    engine = open_engine(url)
    first = Ingest(engine, workers=0).run([order[0]])
    assert not first.bundles
    second = Ingest(engine, workers=0).run([order[1]])
    # the part stored alone is kept, superseded by the joined document, the current version
    first_facts = 170 if order[0] == TABLES else 0
    assert documents(engine) == [(1, "pdf", first_facts, 2, 1), (2, "bundle", 170, None, 2)]
    assert [(b.document_id, b.stored_before) for b in second.bundles] == [(2, 1)]
    assert "先前单独入库的部分（文档 1）由它取代" in second.bundles[0].said()
    assert_joined(engine, 2)
    # either file again is known: the joined document
    again = Ingest(engine, workers=0).run([order[1]])
    assert again.known_documents == [2] and len(documents(engine)) == 2


@pytest.mark.parametrize("order", [(TABLES, TEXT), (TEXT, TABLES)], ids=["tables-first", "text-first"])
def test_parts_uploaded_one_at_a_time_are_joined(tmp_path, order):
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    limit = 50 * 1024 * 1024
    [first] = ingest_uploads(engine, [(order[0].name, order[0].read_bytes())], limit)
    [second] = ingest_uploads(engine, [(order[1].name, order[1].read_bytes())], limit)
    assert first.document_id == 1 and not first.notes
    assert second.document_id == 2 and second.stored
    assert len(second.notes) == 1 and "同一公开文件的两部分" in second.notes[0]
    assert documents(engine)[0][3] == 2
    assert_joined(engine, 2)


def test_parts_uploaded_together_are_joined(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    results = ingest_uploads(engine, [(f.name, f.read_bytes()) for f in (TABLES, TEXT)], 50 * 1024 * 1024)
    assert [r.document_id for r in results] == [1, 2] and "合并" in results[1].notes[0]
    assert_joined(engine, 2)


def test_two_candidates_leave_each_part_alone_and_say_why(tmp_path):
    """Two files of the tables (different bytes, the same disclosure) and one of the text: which
    tables go with the text cannot be told; nothing is joined."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / TABLES.name).write_bytes(TABLES.read_bytes())
    (folder / ("另一份" + TABLES.name)).write_bytes(TABLES.read_bytes() + b"\n% appended\n")
    (folder / TEXT.name).write_bytes(TEXT.read_bytes())
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    summary = Ingest(engine, workers=0).run([folder])
    assert not summary.bundles and len(documents(engine)) == 3
    assert all(d[1] == "pdf" for d in documents(engine))
    said = {Path(p.path).name: p.error for p in summary.alone}
    assert len(said) == 3 and all("未合并，单独保存" in why for why in said.values())
    assert "此文件只有文字说明；" in said[TEXT.name] and "的表格有 2 个候选" in said[TEXT.name]
    assert f"同时导入的 {TABLES.name} 也是同一公开文件的表格" in said["另一份" + TABLES.name]


def test_full_disclosures_are_never_joined(tmp_path):
    """Near misses: full disclosures (tables and text in one file) of different units stay apart;
    a second version of one stays its version."""
    from budgetlens.store.corpus import variant
    seeds = [EXAMPLES / "000_9131eab83374bb33.txt", EXAMPLES / "001_bb7d043ad2da133b.txt"]
    corrected = tmp_path / "更正" / seeds[0].name
    corrected.parent.mkdir()
    corrected.write_text(variant(seeds[0].read_text(encoding="utf-8"), "", scale=2), encoding="utf-8")
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    summary = Ingest(engine, workers=0).run(seeds)
    later = Ingest(engine, workers=0).run([corrected])
    assert not summary.bundles and not later.bundles
    docs = documents(engine)
    assert len(docs) == 3 and "bundle" not in {d[1] for d in docs}
    assert docs[0][3] == 3 and docs[2][3:] == (None, 2)       # the correction is version 2
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM document_parts")).scalar() == 0


def test_a_store_before_revision_0009_keeps_each_file_alone(tmp_path):
    """An older store (no document_parts) ingests as before: two versions, nothing lost."""
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    downgrade(engine, "0008")
    Ingest(engine, workers=0).run([TABLES])
    Ingest(engine, workers=0).run([TEXT])
    assert documents(engine) == [(1, "pdf", 170, None, 1), (2, "pdf", 0, 1, 2)]


def test_the_upload_result_page_says_the_files_were_joined(tmp_path):
    """The web: the text uploaded after the tables; its job's result page (not a redirect to the
    document) says, in Chinese, that the two were stored as one document, and links it."""
    from fastapi.testclient import TestClient
    from test_web_more import csrf_token, finished

    from budgetlens.web import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'store.db'}")) as c:
        jobs = []
        for f in (TABLES, TEXT):
            r = c.post("/upload", files=[("files", (f.name, f.read_bytes(), "application/pdf"))],
                       data={"csrf": csrf_token(c)}, follow_redirects=False)
            jobs.append(r.headers["location"].rsplit("/", 1)[1])
            finished(c, jobs[-1])
        first = c.get(f"/jobs/{jobs[0]}", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/disclosures/1?uploaded=1"
        page = c.get(f"/jobs/{jobs[1]}", follow_redirects=False)
        assert page.status_code == 200
        assert "是同一公开文件的两部分（一个为表格、一个为文字说明），合并为一份文档（文档 2）入库" in page.text
        assert "先前单独入库的部分（文档 1）由它取代" in page.text
        assert 'href="/disclosures/2"' in page.text


def test_draft_parts_are_joined_into_a_draft_and_deleting_it_gives_the_part_back(tmp_path):
    """Uploads behind a token are drafts: the second part joins the first draft; the joined draft
    published becomes current; deleted instead, the first part is a draft again."""
    from budgetlens.store.drafts import delete_draft, publish
    from budgetlens.web.upload import ingest_checked

    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    for f in (TABLES, TEXT):
        [last] = ingest_checked(engine, [(f.name, f.read_bytes())], draft=True)
    assert last.document_id == 2 and "合并" in last.notes[0]
    with engine.connect() as c:
        rows = c.execute(text("SELECT id, format, superseded_by, published FROM documents ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(1, "pdf", 2, 0), (2, "bundle", None, 0)]
    delete_draft(engine, 2)
    assert documents(engine) == [(1, "pdf", 170, None, 1)]
    [again] = ingest_checked(engine, [(TEXT.name, TEXT.read_bytes())], draft=True)
    publish(engine, again.document_id)
    assert documents(engine)[-1][1:4] == ("bundle", 170, None)
    assert_joined(engine, again.document_id)


def test_two_files_of_the_tables_and_the_text_stored_before_are_not_joined(tmp_path):
    """The text stored first; then two different files of its tables at once: which one goes
    with the text cannot be told; each stored alone, saying why."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / TABLES.name).write_bytes(TABLES.read_bytes())
    (folder / ("另一份" + TABLES.name)).write_bytes(TABLES.read_bytes() + b"\n% appended\n")
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    Ingest(engine, workers=0).run([TEXT])
    summary = Ingest(engine, workers=0).run([folder])
    assert not summary.bundles and [d[1] for d in documents(engine)] == ["pdf"] * 3
    assert len(summary.alone) == 2 and all("未合并，单独保存" in p.error for p in summary.alone)


def test_the_ingest_summary_says_which_files_were_joined(tmp_path):
    from typer.testing import CliRunner

    from budgetlens.cli.main import app
    folder = tmp_path / "in"
    folder.mkdir()
    for f in (TABLES, TEXT):
        (folder / f.name).write_bytes(f.read_bytes())
    got = CliRunner().invoke(app, ["ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'store.db'}", "-w", "0"],
                             env={"COLUMNS": "300"})
    said = " ".join(got.output.split())
    assert f"合并 {TABLES.name}、{TEXT.name} 是同一公开文件的两部分" in said, said
    assert "合并为一份文档（文档 1）入库" in said
