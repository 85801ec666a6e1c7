"""Bulk ingest: a messy folder, process pool and Dask give the same store as one process, and
a SIGKILL mid-run loses nothing committed."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from budgetlens.store import Ingest, open_engine
from budgetlens.store.corpus import variant, write_variants
from budgetlens.store.schema import Blob, Document, DocumentSource, FactRow
from conftest import EXAMPLES, parsed

SEEDS = sorted(EXAMPLES.glob("*.txt"))
OFFICE = EXAMPLES / "002_4e0ed6e09b019fe1.txt"


def minimal_pdf(text: str) -> bytes:
    """A valid one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def facts_by_sha(engine) -> dict[str, list]:
    with Session(engine) as s:
        rows = s.execute(select(Document.sha256, Document.id, Document.status, FactRow.table_kind, FactRow.row_index,
                                FactRow.column_key, FactRow.amount, FactRow.amount_fen)
                         .join(FactRow, FactRow.document_id == Document.id, isouter=True)).all()
    out: dict[str, list] = {}
    for sha, doc_id, status, *fact in rows:
        out.setdefault(sha, [(doc_id, status)]).append(tuple(map(str, fact)))
    return {k: [v[0], *sorted(v[1:])] for k, v in out.items()}


def test_messy_folder_ingests_the_good_and_reports_the_rest(tmp_path):
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(SEEDS[0].read_bytes())
    (folder / "sub" / "b.md").write_bytes(SEEDS[3].read_bytes())
    name = parsed(OFFICE.stem).meta.unit_name
    gbk = variant(OFFICE.read_text(encoding="utf-8"), name, index=5)
    (folder / "gbk.txt").write_bytes(gbk.encode("gbk"))                      # a disclosure in GBK
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catal" + os.urandom(512))
    (folder / "unrelated.pdf").write_bytes(minimal_pdf("Quarterly newsletter of a chess club"))
    (folder / "notes.txt").write_text("会议纪要：下周二讨论食堂菜单。\n参会人员：张三、李四。\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / ".hidden").write_text("skipped", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    out = subprocess.run([sys.executable, "-m", "budgetlens.cli.main", "ingest", str(folder), "--db", db, "-w", "0"],
                         capture_output=True, text=True, encoding="utf-8", timeout=300,
                         env={**os.environ, "COLUMNS": "200"})
    assert out.returncode == 1, out.stderr          # some files could not be ingested
    assert "导入结果" in out.stderr and "无法读取" in out.stderr
    for bad in ("corrupt.pdf", "unrelated.pdf", "notes.txt", "empty.txt"):
        assert bad in out.stderr
    engine = open_engine(db)
    with Session(engine) as s:
        docs = {Path(p).name: d for d, p in s.execute(select(Document, DocumentSource.path)
                                                      .join(DocumentSource, DocumentSource.document_id == Document.id))}
    assert set(docs) == {"a.txt", "b.md", "gbk.txt", "corrupt.pdf", "unrelated.pdf", "notes.txt", "empty.txt"}
    for good in ("a.txt", "b.md", "gbk.txt"):
        assert docs[good].status in ("ok", "warnings", "errors") and docs[good].facts > 0
    assert docs["gbk.txt"].encoding.lower().startswith("gb") and docs["gbk.txt"].unit_name.endswith("办己公室")
    for bad in ("corrupt.pdf", "unrelated.pdf", "notes.txt", "empty.txt"):
        assert docs[bad].status in ("unreadable", "failed") and docs[bad].error and docs[bad].disclosure_id is None
    assert "不是预算公开文件" in docs["notes.txt"].error


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Six distinct generated documents (new unit names, amounts ×1/×2/×3)."""
    return write_variants(tmp_path_factory.mktemp("corpus"), 6, SEEDS, scale=True)


@pytest.fixture(scope="module")
def inline_store(corpus, tmp_path_factory):
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('inline') / 's.db'}")
    summary = Ingest(engine, workers=0).run([corpus[0].parent])
    assert summary.processed == 6 and not summary.problems
    return facts_by_sha(engine)


def test_versions_follow_the_order_of_the_files_with_any_number_of_workers(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = OFFICE.read_text(encoding="utf-8")
    for i, name in enumerate(["a.txt", "b.txt", "c.txt", "d.txt"]):     # four versions of one disclosure
        (folder / name).write_text(text + "\n" * i, encoding="utf-8")
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    Ingest(engine, workers=2).run([folder])
    with Session(engine) as s:
        rows = s.execute(select(DocumentSource.path, Document.version, Document.superseded_by)
                         .join(Document, Document.id == DocumentSource.document_id).order_by(Document.id)).all()
    assert [(Path(p).name, v) for p, v, _ in rows] == [("a.txt", 1), ("b.txt", 2), ("c.txt", 3), ("d.txt", 4)]
    assert [sup is None for *_, sup in rows] == [False, False, False, True]


def test_process_pool_gives_the_same_store(corpus, inline_store, tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    summary = Ingest(engine, workers=2).run([corpus[0].parent])
    assert summary.processed == 6 and len(summary.worker_rss_kb) == 2   # two worker processes did the work
    assert os.getpid() not in summary.worker_rss_kb
    assert facts_by_sha(engine) == inline_store


def test_dask_local_cluster_gives_the_same_store(corpus, inline_store, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
        summary = Ingest(engine, scheduler=cluster.scheduler_address).run([corpus[0].parent])
    assert summary.processed == 6 and not summary.problems
    assert os.getpid() not in summary.worker_rss_kb
    assert facts_by_sha(engine) == inline_store


def test_kill_mid_run_loses_nothing_committed(tmp_path):
    corpus = write_variants(tmp_path / "corpus", 16, SEEDS)
    db_path = tmp_path / "store.db"
    cmd = [sys.executable, "-m", "budgetlens.cli.main", "ingest", str(tmp_path / "corpus"),
           "--db", f"sqlite:///{db_path}", "-w", "2", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for_documents(db_path, 3, proc, timeout=240)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)          # the CLI and its worker process, mid-run
        proc.wait()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] < 16, "finished before the kill"
    engine = open_engine(f"sqlite:///{db_path}")
    before = facts_by_sha(engine)
    assert len(before) >= 3
    by_sha = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in corpus}
    with Session(engine) as s:
        for doc in s.scalars(select(Document)):      # every committed document is whole
            assert hashlib.sha256(s.get(Blob, doc.sha256).content).hexdigest() == doc.sha256
            assert doc.facts == len(before[doc.sha256]) - 1 == len(parsed_path(by_sha[doc.sha256]).facts)
    rerun = Ingest(engine, workers=0).run([tmp_path / "corpus"])     # the next run, same code as the CLI
    assert not rerun.problems and rerun.counts["known"] == len(before)
    after = facts_by_sha(engine)
    assert set(after) == set(by_sha)                  # the rest ingested on the next run
    assert all(after[sha] == facts for sha, facts in before.items())   # the earlier ones untouched


def parsed_path(path: Path):
    from budgetlens.pipeline import parse
    return parse(path)


def wait_for_documents(db_path: Path, n: int, proc, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if db_path.exists():
            try:
                with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
                    count = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                if count >= n:
                    return count
            except sqlite3.OperationalError:     # schema not created yet
                pass
        time.sleep(0.2)
    raise AssertionError("ingest did not commit enough documents in time")


def test_retry_reads_again_what_could_not_be_read(tmp_path, monkeypatch):
    """A file stored as unreadable is skipped by a plain re-run and read again with --retry
    (after a newer reader arrives); here the 'older reader' fails on everything."""
    import budgetlens.pipeline
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")

    def broken(path):
        raise budgetlens.pipeline.ReadError("旧版读取程序无法读取")
    monkeypatch.setattr(budgetlens.pipeline, "parse", broken)
    assert Ingest(engine, workers=0).run([OFFICE]).counts["unreadable"] == 1
    monkeypatch.undo()
    assert Ingest(engine, workers=0).run([OFFICE]).counts["known"] == 1
    summary = Ingest(engine, workers=0, retry=True).run([OFFICE])
    assert summary.processed == 1 and not summary.problems
    with Session(engine) as s:
        (doc,) = s.scalars(select(Document)).all()
        assert doc.status in ("ok", "warnings", "errors") and doc.facts > 0 and doc.error is None
        assert len(s.scalars(select(DocumentSource)).all()) == 1
