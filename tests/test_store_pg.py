"""The store on PostgreSQL (BUDGETLENS_TEST_PG, set by .ci/postgres.sh; skipped without it):
the same schema, the same query results as SQLite, read-only queries."""

from __future__ import annotations

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from budgetlens.store import Ingest, StoreError, open_engine
from budgetlens.store.query import readonly_engine, run_query
from budgetlens.store.schema import Base
from conftest import EXAMPLES, SHARED

PG = os.environ.get("BUDGETLENS_TEST_PG")
pytestmark = pytest.mark.skipif(not PG, reason="BUDGETLENS_TEST_PG not set (run .ci/postgres.sh)")

# every view and the documents, without ingest times
QUERIES = {
    "v_totals": "SELECT * FROM v_totals",
    "v_set_totals": "SELECT * FROM v_set_totals",
    "v_function_structure": "SELECT * FROM v_function_structure",
    "v_basic_project": "SELECT * FROM v_basic_project",
    "v_three_public": "SELECT * FROM v_three_public",
    "v_findings_by_rule": "SELECT * FROM v_findings_by_rule",
    "v_documents": "SELECT id, status, format, unit_name, printed_name, year, scope, phase, version, "
                   "superseded_by, facts, errors, warnings, infos, error, path FROM v_documents",
    "facts": "SELECT document_id, unit_id, year, table_kind, table_set, set_name, function_code, economic_code, amount, amount_fen "
             "FROM facts",
    "cross": "SELECT document_id, prior_document_id, rule, fingerprint FROM findings WHERE stage = 'cross'",
}


@pytest.fixture(scope="module")
def pg_url():
    """A database of its own for this module, dropped afterwards."""
    name = f"bl_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list:
    """The bundled examples, last year's budget of one of them (so year-over-year rules run)
    and, when present, the real PDFs (whatever the PDF reader makes of them today: the two
    stores must agree either way)."""
    from budgetlens.store.corpus import variant
    seed = EXAMPLES / "002_4e0ed6e09b019fe1.txt"
    prior = tmp_path_factory.mktemp("prior") / "prior.txt"
    prior.write_text(variant(seed.read_text(encoding="utf-8"), "", years=-1), encoding="utf-8")
    real = sorted((SHARED / "real").glob("*.pdf")) if (SHARED / "real").is_dir() else []
    return sorted(EXAMPLES.glob("*.txt")) + [prior] + real


class ReadOnce(ThreadPoolExecutor):
    """Each file is read and checked once; both stores get the same outcome (the PDFs are slow)."""

    def __init__(self):
        super().__init__(max_workers=2)
        self.cache: dict = {}

    def submit(self, fn, *args):
        key = (fn.__name__, *args)
        if key not in self.cache:
            self.cache[key] = super().submit(fn, *args)
        return self.cache[key]


@pytest.fixture(scope="module")
def stores(pg_url, corpus, tmp_path_factory):
    sqlite = open_engine(f"sqlite:///{tmp_path_factory.mktemp('pg') / 's.db'}")
    pg = open_engine(pg_url)
    with ReadOnce() as executor:
        for engine in (sqlite, pg):
            Ingest(engine, executor=executor).run(corpus)
    yield sqlite, pg
    pg.dispose()


def test_migrations_create_exactly_the_schema_on_postgresql(stores):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    _, pg = stores
    with pg.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        views = set(conn.execute(text("SELECT viewname FROM pg_views WHERE schemaname = 'public'")).scalars())
    assert {"v_totals", "v_function_structure", "v_basic_project", "v_three_public", "v_findings_by_rule"} <= views


@pytest.mark.parametrize("name", QUERIES)
def test_sqlite_and_postgresql_give_the_same_results(stores, name):
    sqlite, pg = stores
    cols_a, rows_a = run_query(sqlite, QUERIES[name])
    cols_b, rows_b = run_query(pg, QUERIES[name])
    assert cols_a == cols_b
    assert rows_a and sorted(map(repr, rows_a)) == sorted(map(repr, rows_b))


def test_seed_figures_on_postgresql(stores):
    _, pg = stores
    _, rows = run_query(pg, "SELECT expenditure_fen FROM v_totals WHERE unit_name = "
                            "'克孜勒苏柯尔克孜自治州人民政府办公室' AND year = 2026")
    assert rows == [(1_759_050_000,)]


def test_reingest_on_postgresql_changes_nothing(stores, corpus):
    _, pg = stores
    before = {n: sorted(map(repr, run_query(pg, q)[1])) for n, q in QUERIES.items()}
    summary = Ingest(pg, workers=0).run(corpus)
    assert summary.processed == 0 and summary.counts["known"] == len(corpus)
    assert {n: sorted(map(repr, run_query(pg, q)[1])) for n, q in QUERIES.items()} == before


def test_queries_on_postgresql_are_read_only(stores, pg_url):
    ro = readonly_engine(pg_url)
    for sql in ("DELETE FROM facts", "CREATE TABLE x (a integer)", "DROP VIEW v_totals"):
        with pytest.raises(StoreError):
            run_query(ro, sql)
    assert run_query(ro, "SELECT COUNT(*) > 0 FROM facts")[1] == [(True,)]
    ro.dispose()
