"""Versions of one disclosure: the later one by what the documents tell is the current one,
whatever order the files were ingested in (store/versions.py)."""

from __future__ import annotations

import zlib
from datetime import date

from conftest import EXAMPLES
from sqlalchemy import select
from sqlalchemy.orm import Session

from budgetlens.store import Ingest, open_engine
from budgetlens.store.schema import Document, DocumentSource
from budgetlens.store.versions import Recency, later, recency, stored_signature

OFFICE = EXAMPLES / "002_4e0ed6e09b019fe1.txt"      # signed 2026年2月5日 on its last line
SIGNED = "2026年2月5日"


def signed_copy(folder, name: str, signed: str) -> str:
    text = OFFICE.read_text(encoding="utf-8")
    assert text.rstrip().endswith(SIGNED)
    path = folder / name
    path.write_text(text.rstrip()[:-len(SIGNED)] + signed + "\n", encoding="utf-8")
    return path


def current_names(engine) -> list[str]:
    """The file names of the disclosure's current version(s)."""
    with Session(engine) as s:
        rows = s.execute(select(DocumentSource.path).join(Document, Document.id == DocumentSource.document_id)
                         .where(Document.superseded_by.is_(None))).all()
    return sorted(p.rsplit("/", 1)[-1] for (p,) in rows)


def run(engine, *paths):
    return Ingest(engine, workers=0).run(list(paths))


def test_the_later_signed_version_stays_current_when_the_earlier_comes_after(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    newer = signed_copy(tmp_path, "b.txt", "2026年3月10日")
    older = signed_copy(tmp_path, "c.txt", "2026年2月5日")
    run(engine, newer)
    summary = run(engine, older)
    assert current_names(engine) == ["b.txt"]
    told = [p for p in summary.problems if p.path.endswith("c.txt")]
    assert len(told) == 1 and "2026-03-10" in told[0].error and "2026-02-05" in told[0].error
    with Session(engine) as s:
        docs = s.scalars(select(Document).order_by(Document.id)).all()
    assert [d.version for d in docs] == [1, 2]          # numbered in the order stored
    assert docs[1].superseded_by == docs[0].id and docs[0].superseded_by is None


def test_one_run_orders_by_date_not_by_file_name(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    signed_copy(folder, "a-更新.txt", "2026年3月10日")    # sorts first, signed later
    signed_copy(folder, "b.txt", "2026年2月5日")
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    Ingest(engine, workers=2).run([folder])
    assert current_names(engine) == ["a-更新.txt"]


def test_the_later_ingest_still_wins_when_it_is_the_later_signed(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    run(engine, signed_copy(tmp_path, "b.txt", "2026年2月5日"))
    summary = run(engine, signed_copy(tmp_path, "c.txt", "2026年3月10日"))
    assert current_names(engine) == ["c.txt"] and not summary.problems


def test_a_correction_named_in_the_file_name_decides_between_equal_dates(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    run(engine, signed_copy(tmp_path, "部门预算（更正）.txt", SIGNED))
    summary = run(engine, signed_copy(tmp_path, "部门预算.txt", SIGNED + "\n"))
    assert current_names(engine) == ["部门预算（更正）.txt"]
    assert any("文件名标明更正" in p.error for p in summary.problems)


def test_when_nothing_tells_the_later_ingest_is_current(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    run(engine, signed_copy(tmp_path, "x.txt", SIGNED))
    summary = run(engine, signed_copy(tmp_path, "y.txt", SIGNED + "\n"))
    assert current_names(engine) == ["y.txt"] and not summary.problems


def test_later_compares_dates_first_then_corrections():
    early, late = date(2026, 2, 5), date(2026, 3, 1)
    assert later(Recency(late, False), Recency(early, True)) is True      # the date before the name
    assert later(Recency(early, True), Recency(late, False)) is False
    assert later(Recency(early, True), Recency(early, False)) is True
    assert later(Recency(None, True), Recency(early, False)) is True      # one date only: the name tells
    assert later(Recency(None, False), Recency(early, False)) is None
    assert later(Recency(early, False), Recency(early, False)) is None


def test_recency_reads_the_marks_of_a_correction_in_file_names_only():
    assert recency("2026-02-05", ["/data/更正/a.txt"]).corrected is False     # a folder's name is no mark
    assert recency(None, ["/data/部门预算修订稿.pdf"]).corrected is True
    assert recency("2026-02-05", []).signed == date(2026, 2, 5)


def test_stored_signature_survives_what_is_no_model():
    assert stored_signature(None) is None
    assert stored_signature(b"not zlib") is None
    assert stored_signature(zlib.compress(b'{"meta": {"signature_date": "2026-02-05"}}')) == "2026-02-05"
    assert stored_signature(zlib.compress(b'{"meta": {}}')) is None
