"""Migrations taken back with data in every table (probe 39): on SQLite a downgrade copies
`documents` to drop its columns, which failed while facts and findings referred to it. Upgrade,
store through the store, downgrade step by step and to base, upgrade again: on SQLite and
PostgreSQL (BUDGETLENS_TEST_PG)."""

from __future__ import annotations

import os
import time

import pytest
from conftest import EXAMPLES
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session
from test_web_access import drop_database, target_store

from budgetlens.store import Ingest, open_engine
from budgetlens.store.db import current_revision, downgrade, head_revision, upgrade
from budgetlens.store.schema import AdminSession, JobRow

SEED = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
KEPT = ("units", "disclosures", "blobs", "documents", "document_sources", "printed_tables", "facts", "claims",
        "findings")
STEPS = ["0007", "0006", "0005", "0004", "0003", "0002", "0001"]


def backends():
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
        not os.environ.get("BUDGETLENS_TEST_PG"), reason="BUDGETLENS_TEST_PG not set (run .ci/postgres.sh)"))]


def filled(url: str):
    """A store at head with a document (its tables, facts, claims, findings), a job and a session."""
    engine = open_engine(url)
    Ingest(engine, workers=0).run([SEED])
    with Session(engine) as s, s.begin():
        s.add(JobRow(id="j1", kind="ingest", status="done", files=[{"name": "a.txt", "sha256": None}], done=1,
                     current="", error="", runner="r", created=time.time(), beat=time.time()))
        s.add(AdminSession(id="s1", admin="张三", created=time.time(), expires=time.time() + 60))
    return engine


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in KEPT}


def total(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT SUM(amount_fen) FROM facts")).scalar()


@pytest.mark.parametrize("backend", backends())
def test_downgrade_with_data_in_every_table_then_upgrade_again(tmp_path, backend):
    url = target_store(backend, tmp_path)
    try:
        engine = filled(url)
        before, fen = counts(engine), total(engine)
        assert all(before.values()), before
        for rev in STEPS:
            downgrade(engine, rev)
            assert current_revision(engine) == rev
            assert counts(engine) == before, rev          # every row kept at every step
        assert total(engine) == fen
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert counts(engine) == before and total(engine) == fen
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM v_totals")).scalar() >= 1
            assert conn.execute(text("SELECT COUNT(*) FROM documents WHERE published = 1")).scalar() == 1
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        Ingest(engine, workers=0).run([SEED])
        assert counts(engine)["facts"] == before["facts"]
        engine.dispose()
    finally:
        if backend == "postgresql":
            drop_database(url)


def test_a_downgrade_on_sqlite_leaves_foreign_keys_enforced(tmp_path):
    """Foreign keys are off only while a migration runs: the connections after it enforce them."""
    engine = filled(f"sqlite:///{tmp_path / 's.db'}")
    downgrade(engine, "0006")
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with pytest.raises(Exception, match="FOREIGN KEY"):
            conn.execute(text("UPDATE documents SET superseded_by = 999999"))


def test_a_migration_that_breaks_a_reference_is_undone(tmp_path, monkeypatch):
    """A row the migration leaves pointing at nothing stops it in Chinese, and the schema stays
    where it was (rows broken before it do not: tests/test_review39.py)."""
    from alembic import command

    from budgetlens.store.errors import StoreError
    engine = filled(f"sqlite:///{tmp_path / 's.db'}")
    real = command.downgrade

    def breaking(cfg, revision):
        real(cfg, revision)
        cfg.attributes["connection"].exec_driver_sql("UPDATE documents SET superseded_by = 999999")
    monkeypatch.setattr(command, "downgrade", breaking)
    with pytest.raises(StoreError, match="引用不存在的记录"):
        downgrade(engine, "0006")
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:        # the views dropped first are back: one transaction
        assert "v_totals" in inspect(conn).get_view_names()
        assert "published" in {c["name"] for c in inspect(conn).get_columns("documents")}
