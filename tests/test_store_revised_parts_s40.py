"""A revised part of a disclosure published as two files (session 40): the Jiangsu 政协办公厅 2018
budget's tables PDF and text PDF are stored as ONE joined document; a corrected file of one part
arriving later (other bytes, the same unit, year, scope and phase) is read with the joined
document's other part (its bytes kept in blobs) into a new joined document, which becomes the
current version by the store's version rules (更正 in a file name, else the later ingest); the
old joined document stays, superseded. Near misses: the same file again is already stored; a
revision the version rules call older is kept, not current; a full disclosure (tables and text
in one file) is a version as before, never joined."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from test_store_bundles_s40 import PG, TABLES, TEXT, documents, parts, url  # noqa: F401  (fixture)

from budgetlens.store import Ingest, open_engine
from budgetlens.store.records import load_model
from budgetlens.store.schema import Document
from budgetlens.web.upload import ingest_uploads

LIMIT = 50 * 1024 * 1024


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def revised(folder: Path, original: Path, name: str | None = None) -> Path:
    """Another file of the same part: other bytes (a comment after the PDF's end), same content."""
    path = folder / (name or original.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(original.read_bytes() + b"\n% revised\n")
    return path


def joined_pair(engine) -> None:
    Ingest(engine, workers=0).run([TABLES])
    Ingest(engine, workers=0).run([TEXT])
    assert [d[1:4] for d in documents(engine)] == [("pdf", 170, 2), ("bundle", 170, None)]


def model(engine, doc_id: int):
    from sqlalchemy.orm import Session
    with Session(engine) as s:
        return load_model(s.get(Document, doc_id).model)


def test_a_revised_text_after_a_joined_pair_rebuilds_it(url, tmp_path):  # noqa: F811
    engine = open_engine(url)
    joined_pair(engine)
    text = revised(tmp_path / "更正", TEXT, "更正" + TEXT.name)
    summary = Ingest(engine, workers=0).run([text])
    # the old joined document kept, superseded by the new one, which is current
    assert documents(engine) == [(1, "pdf", 170, 2, 1), (2, "bundle", 170, 3, 2), (3, "bundle", 170, None, 3)]
    assert [(s, Path(p).name, r) for s, p, r in parts(engine, 3)] == [
        (sha(TABLES.read_bytes()), TABLES.name, "tables"), (sha(text.read_bytes()), text.name, "narrative")]
    assert [(s, Path(p).name) for s, p, _ in parts(engine, 2)][1] == (sha(TEXT.read_bytes()), TEXT.name)
    got = model(engine, 3)
    assert {Path(f.provenance.file).name for f in got.facts} == {TABLES.name}
    assert {Path(c.provenance.file).name for c in got.narrative.claims} == {text.name}
    assert not summary.alone and [(b.document_id, b.revised, b.kept_by) for b in summary.bundles] == [(3, 2, None)]
    said = summary.bundles[0].said()
    assert "取代了已合并入库的文档 2 中的同一部分" in said and "重新合并为一份文档（文档 3）入库" in said
    assert "先前合并入库的文档 2 由它取代，仍保留" in said


def test_a_revised_tables_file_after_a_joined_pair_rebuilds_it(url, tmp_path):  # noqa: F811
    engine = open_engine(url)
    joined_pair(engine)
    tables = revised(tmp_path / "new", TABLES)
    summary = Ingest(engine, workers=0).run([tables])
    assert documents(engine)[1:] == [(2, "bundle", 170, 3, 2), (3, "bundle", 170, None, 3)]
    assert [(s, r) for s, _, r in parts(engine, 3)] == [
        (sha(tables.read_bytes()), "tables"), (sha(TEXT.read_bytes()), "narrative")]
    got = model(engine, 3)
    assert {f.provenance.file for f in got.facts} == {str(tables.resolve())}
    assert {Path(c.provenance.file).name for c in got.narrative.claims} == {TEXT.name}
    assert [(b.document_id, b.revised) for b in summary.bundles] == [(3, 2)]


def test_a_revision_the_version_rules_call_older_is_kept_not_current(tmp_path):
    """The pair's text is the correction (更正 in its name); a text file without it ingested later
    is the earlier version: joined all the same, kept superseded by the current joined document."""
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    corrected = revised(tmp_path / "a", TEXT, "更正" + TEXT.name)
    Ingest(engine, workers=0).run([TABLES])
    Ingest(engine, workers=0).run([corrected])
    summary = Ingest(engine, workers=0).run([TEXT])
    assert documents(engine)[1:] == [(2, "bundle", 170, None, 2), (3, "bundle", 170, 2, 3)]
    assert [(b.document_id, b.revised, b.kept_by) for b in summary.bundles] == [(3, 2, 2)]
    assert "文档 2 仍为当前版本，新文档作为较早版本保存" in summary.bundles[0].said()
    assert any("晚于此文件" in p.error for p in summary.problems)


def test_the_same_text_again_is_already_stored(url):  # noqa: F811
    engine = open_engine(url)
    joined_pair(engine)
    again = Ingest(engine, workers=0).run([TEXT])
    assert again.counts["known"] == 1 and again.known_documents == [2] and not again.bundles
    assert len(documents(engine)) == 2


def test_a_full_disclosure_of_the_same_unit_is_a_version_as_before(url, tmp_path):  # noqa: F811
    """Tables and text in one PDF (the two files' pages together): not a part, never joined; it
    is the disclosure's next version, the joined document superseded by it."""
    from pypdf import PdfReader, PdfWriter
    full = tmp_path / "js-prov-zxbgt-2018-dept-budget.pdf"
    writer = PdfWriter()
    for f in (TEXT, TABLES):
        for page in PdfReader(f).pages:
            writer.add_page(page)
    with full.open("wb") as out:
        writer.write(out)
    engine = open_engine(url)
    joined_pair(engine)
    summary = Ingest(engine, workers=0).run([full])
    assert not summary.bundles and not summary.alone
    assert documents(engine)[1:] == [(2, "bundle", 170, 3, 2), (3, "pdf", 170, None, 3)]
    assert parts(engine, 3) == []


@pytest.mark.parametrize("which", [TEXT, TABLES], ids=["text", "tables"])
def test_a_revised_part_uploaded_says_so(tmp_path, which):
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    for f in (TABLES, TEXT):
        ingest_uploads(engine, [(f.name, f.read_bytes())], LIMIT)
    [got] = ingest_uploads(engine, [("更正" + which.name, which.read_bytes() + b"\n% revised\n")], LIMIT)
    assert got.document_id == 3 and got.stored and len(got.notes) == 1
    assert "与另一部分重新合并为一份文档（文档 3）入库；先前合并入库的文档 2 由它取代，仍保留" in got.notes[0]
    assert documents(engine)[1:] == [(2, "bundle", 170, 3, 2), (3, "bundle", 170, None, 3)]


def test_a_revised_text_draft_after_a_joined_draft_and_its_deletion(tmp_path):
    """Drafts: the revised text joins the joined draft's tables into a new draft, which retires
    the old one; deleting the new draft gives the old joined draft back."""
    from sqlalchemy import text

    from budgetlens.store.drafts import delete_draft
    from budgetlens.web.upload import ingest_checked
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    for f in (TABLES, TEXT):
        ingest_checked(engine, [(f.name, f.read_bytes())], draft=True)
    [got] = ingest_checked(engine, [(TEXT.name, TEXT.read_bytes() + b"\n% revised\n")], draft=True)
    assert got.document_id == 3 and "取代了已合并入库的文档 2" in got.notes[0]

    def rows():
        with engine.connect() as c:
            return [tuple(r) for r in c.execute(text("SELECT id, format, superseded_by, published FROM documents"
                                                     " ORDER BY id"))]
    assert rows() == [(1, "pdf", 2, 0), (2, "bundle", 3, 0), (3, "bundle", None, 0)]
    delete_draft(engine, 3)
    assert rows() == [(1, "pdf", 2, 0), (2, "bundle", None, 0)]


def test_the_ingest_summary_says_a_revised_part_was_joined_again(tmp_path):
    from typer.testing import CliRunner

    from budgetlens.cli.main import app
    db = f"sqlite:///{tmp_path / 'store.db'}"
    for f in (TABLES, TEXT, revised(tmp_path / "new", TEXT)):
        got = CliRunner().invoke(app, ["ingest", str(f), "--db", db, "-w", "0"], env={"COLUMNS": "300"})
    said = " ".join(got.output.split())
    assert f"合并 {TABLES.name}、{TEXT.name} 是同一公开文件的两部分；其中一部分取代了已合并入库的文档 2 中的同一部分" in said, said
    assert "重新合并为一份文档（文档 3）入库；先前合并入库的文档 2 由它取代，仍保留" in said


def test_a_correction_named_by_the_tables_file_counts(tmp_path):
    """The pair's tables file is named a correction (更正); then a revised text: the new joined
    document keeps those tables, so it names a correction as well (in its first part's name),
    neither is later by name, and the later ingest is current."""
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    Ingest(engine, workers=0).run([revised(tmp_path / "a", TABLES, "更正" + TABLES.name)])
    Ingest(engine, workers=0).run([TEXT])
    summary = Ingest(engine, workers=0).run([revised(tmp_path / "b", TEXT)])
    assert documents(engine)[1:] == [(2, "bundle", 170, 3, 2), (3, "bundle", 170, None, 3)]
    assert [(b.revised, b.kept_by) for b in summary.bundles] == [(2, None)]
