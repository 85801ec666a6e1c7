"""The store on SQLite: schema and migrations, exact amounts, idempotent ingest, versions,
units across spellings and years, 部门/单位 kept apart, the cross-document phase, views,
read-only queries and the compare command."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from budgetlens.store import Ingest, StoreError, open_engine
from budgetlens.store.corpus import rename, variant
from budgetlens.store.db import default_url, head_revision, current_revision
from budgetlens.store.query import readonly_engine, run_query
from budgetlens.store.schema import (Base, Blob, DisclosureRow, Document, DocumentSource, FactRow,
                                     FindingRow, UnitName)
from budgetlens.store.units import normalise_name
from conftest import EXAMPLES, parsed

SEEDS = sorted(EXAMPLES.glob("*.txt"))
OFFICE = EXAMPLES / "002_4e0ed6e09b019fe1.txt"      # 部门 2026, 人民政府办公室
CENTRE_DEPT = EXAMPLES / "000_9131eab83374bb33.txt"  # 部门 2026, 电子政务服务中心
CENTRE_UNIT = EXAMPLES / "001_bb7d043ad2da133b.txt"  # 单位 2022, 电子政务服务中心


def new_store(tmp_path: Path, name: str = "t.db"):
    return open_engine(f"sqlite:///{tmp_path / name}")


def ingest(engine, *paths, workers: int = 0):
    return Ingest(engine, workers=workers).run(list(paths))


def write_variant(folder: Path, seed: Path, **kw) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    name = parsed(seed.stem).meta.unit_name
    out = folder / f"{seed.stem}-{'-'.join(f'{k}{v}' for k, v in kw.items())}.txt"
    out.write_text(variant(seed.read_text(encoding="utf-8"), name, **kw), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    engine = new_store(tmp_path_factory.mktemp("seeded"))
    summary = ingest(engine, EXAMPLES)
    return engine, summary


def dump(engine) -> dict:
    """Every row of every table, for before/after comparisons."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            cols = [c for c in table.columns if c.name not in ("seen_at",)]
            out[table.name] = sorted(map(repr, conn.execute(select(*cols)).all()))
    return out


# -- schema ---------------------------------------------------------------------------------------
def test_migrations_create_exactly_the_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    engine = new_store(tmp_path)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        views = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'view'"))}
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert diff == []
    assert {"v_totals", "v_set_totals", "v_function_structure", "v_basic_project", "v_three_public",
            "v_findings_by_rule"} <= views


def test_default_store_lives_in_budgetlens_home(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLENS_HOME", str(tmp_path / "home"))
    assert default_url() == f"sqlite:///{tmp_path / 'home' / 'budgetlens.db'}"
    out = subprocess.run([sys.executable, "-m", "budgetlens.cli.main", "db", "upgrade"],
                         capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "home" / "budgetlens.db").exists() and "最新结构" in out.stderr


# -- what is stored -------------------------------------------------------------------------------
def test_seeds_are_stored_exactly(seeded):
    engine, summary = seeded
    assert summary.processed == 4 and not summary.problems
    with Session(engine) as s:
        for path in SEEDS:
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            doc = s.scalar(select(Document).where(Document.sha256 == sha))
            assert s.get(Blob, sha).content == data            # the file exactly as published
            disc = parsed(path.stem)
            facts = s.scalars(select(FactRow).where(FactRow.document_id == doc.id).order_by(FactRow.id)).all()
            assert doc.facts == len(facts) == len(disc.facts)
            for row, fact in zip(facts, disc.facts):
                assert row.amount == fact.amount and str(row.amount) == str(fact.amount)   # printed places kept
                assert Decimal(row.amount_fen) == fact.amount * 1_000_000                  # 万元 → 分, exact
                assert (row.function_code, row.economic_code, row.table_kind) == \
                    (fact.coords.function_code, fact.coords.economic_code, fact.coords.table_kind)
            assert doc.status in ("ok", "warnings", "errors") and doc.version == 1
            assert s.scalar(select(DocumentSource.path).where(DocumentSource.document_id == doc.id)) == \
                str(path.resolve())


def test_views_give_the_printed_totals(seeded):
    engine, _ = seeded
    _, rows = run_query(engine, "SELECT year, scope, expenditure_fen, basic_fen, project_fen FROM v_totals "
                                "WHERE unit_name = '克孜勒苏柯尔克孜自治州人民政府办公室'")
    assert rows == [(2026, "部门", 1_759_050_000, 1_599_050_000, 160_000_000)]
    _, rows = run_query(engine, "SELECT item, amount_fen FROM v_three_public WHERE year = 2026 ORDER BY item")
    assert ("total", 83_000_000) in rows and ("reception", 5_000_000) in rows
    _, rows = run_query(engine, "SELECT SUM(amount_fen) FROM v_function_structure WHERE year = 2026 "
                                "AND unit_name = '克孜勒苏柯尔克孜自治州人民政府办公室'")
    assert rows == [(1_759_050_000,)]      # the function classes add up to the total
    _, rows = run_query(engine, "SELECT SUM(findings) FROM v_findings_by_rule")
    with Session(engine) as s:
        assert rows[0][0] == s.scalar(select(text("COUNT(*)")).select_from(FindingRow))


def test_reingesting_changes_nothing(tmp_path):
    engine = new_store(tmp_path)
    ingest(engine, EXAMPLES)
    before = dump(engine)
    again = ingest(engine, EXAMPLES, *SEEDS)
    assert again.counts["known"] == 4 and again.processed == 0
    assert dump(engine) == before


def test_same_bytes_elsewhere_add_a_source_only(tmp_path):
    engine = new_store(tmp_path)
    copy = tmp_path / "copy" / "renamed.txt"
    copy.parent.mkdir()
    shutil.copy(OFFICE, copy)
    summary = ingest(engine, OFFICE, copy)
    assert summary.processed == 1 and summary.counts["known"] == 1
    with Session(engine) as s:
        assert s.scalar(select(text("COUNT(*)")).select_from(Document)) == 1
        paths = set(s.scalars(select(DocumentSource.path)))
    assert paths == {str(OFFICE.resolve()), str(copy.resolve())}


def test_new_version_supersedes_without_deleting(tmp_path):
    engine = new_store(tmp_path)
    ingest(engine, OFFICE)
    revised = tmp_path / "revised.txt"
    revised.write_text(OFFICE.read_text(encoding="utf-8") + "\n（更正版）\n", encoding="utf-8")
    ingest(engine, revised)
    with Session(engine) as s:
        old, new = s.scalars(select(Document).order_by(Document.id)).all()
        assert (old.version, new.version) == (1, 2)
        assert old.superseded_by == new.id and new.superseded_by is None
        assert old.disclosure_id == new.disclosure_id
        assert s.scalar(select(text("COUNT(*)")).select_from(FactRow).where(FactRow.document_id == old.id)) > 0
    _, rows = run_query(engine, "SELECT COUNT(*) FROM v_totals")
    assert rows == [(1,)]       # views read the current version only


# -- units, scopes, years ---------------------------------------------------------------------------
def test_region_abbreviations_name_one_unit():
    assert normalise_name("克孜勒苏柯尔克孜自治州电子政务服务中心") == normalise_name("克州 电子政务服务中心")
    assert normalise_name("新疆维吾尔自治区财政厅") == normalise_name("新疆财政厅")
    assert normalise_name("克州电子政务服务中心") != normalise_name("克州数字化发展局")


def test_units_across_years_and_spellings(tmp_path):
    engine = new_store(tmp_path)
    name = parsed(CENTRE_DEPT.stem).meta.unit_name
    short = tmp_path / "short-2025.txt"      # the same 部门 a year earlier, under its short name
    short.write_text(variant(rename(CENTRE_DEPT.read_text(encoding="utf-8"), name, normalise_name(name)),
                             normalise_name(name), years=-1), encoding="utf-8")
    ingest(engine, CENTRE_DEPT, short, CENTRE_UNIT)
    with Session(engine) as s:
        units = {d.unit_id for d in s.scalars(select(DisclosureRow))}
        names = set(s.scalars(select(UnitName.name)))
        keys = sorted((d.year, d.scope) for d in s.scalars(select(DisclosureRow)))
    assert len(units) == 1
    assert {"克孜勒苏柯尔克孜自治州电子政务服务中心", "克州电子政务服务中心"} <= names
    assert keys == [(2022, "单位"), (2025, "部门"), (2026, "部门")]


def test_year_over_year_rules_run_when_a_neighbour_arrives(tmp_path):
    engine = new_store(tmp_path)
    ingest(engine, CENTRE_DEPT, CENTRE_UNIT)          # 部门 2026, 单位 2022: no neighbours
    with Session(engine) as s:
        assert s.scalar(select(text("COUNT(*)")).select_from(FindingRow).where(FindingRow.stage == "cross")) == 0
    # last year's 部门 budget, as printed with this year's figures (so its implied priors disagree),
    # and a 单位 budget of 2025: the 单位 is a different entity and is never paired with the 部门
    prior = write_variant(tmp_path / "v", CENTRE_DEPT, years=-1)
    unit_2025 = write_variant(tmp_path / "v", CENTRE_UNIT, years=3)
    summary = ingest(engine, prior, unit_2025)
    assert summary.cross_pairs == 1
    with Session(engine) as s:
        dept_2026 = s.scalar(select(Document.id).where(Document.year == 2026, Document.scope == "部门"))
        dept_2025 = s.scalar(select(Document.id).where(Document.year == 2025, Document.scope == "部门"))
        cross = s.scalars(select(FindingRow).where(FindingRow.stage == "cross")).all()
    assert cross and {(f.document_id, f.prior_document_id) for f in cross} == {(dept_2026, dept_2025)}
    assert all(f.category == "year_over_year" for f in cross)
    # a corrected version of last year replaces the findings against the old one
    corrected = tmp_path / "v" / "corrected.txt"
    corrected.write_text(prior.read_text(encoding="utf-8") + "\n（更正）\n", encoding="utf-8")
    assert ingest(engine, corrected).cross_pairs == 1
    with Session(engine) as s:
        priors = set(s.scalars(select(FindingRow.prior_document_id).where(FindingRow.stage == "cross")))
        new_prior = s.scalar(select(Document.id).where(Document.year == 2025, Document.scope == "部门",
                                                       Document.superseded_by.is_(None)))
    assert priors == {new_prior} and new_prior != dept_2025


# -- reading --------------------------------------------------------------------------------------
def test_query_is_read_only(seeded, tmp_path):
    engine, _ = seeded
    ro = readonly_engine(str(engine.url))
    for sql in ("DELETE FROM facts", "DROP VIEW v_totals", "CREATE TABLE x (a INTEGER)",
                "UPDATE documents SET status = 'ok'"):
        with pytest.raises(StoreError):
            run_query(ro, sql)
    _, rows = run_query(ro, "SELECT COUNT(*) FROM documents")
    assert rows == [(4,)]
    with pytest.raises(StoreError, match="数据库不存在"):
        readonly_engine(f"sqlite:///{tmp_path / 'missing.db'}")


def cli(*args):
    """The command in this process (CliRunner): the same code path, without a Python start-up."""
    from typer.testing import CliRunner

    from budgetlens.cli.main import app
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_query_and_compare_commands(seeded):
    engine, _ = seeded
    db = str(engine.url)
    out = cli("query", "SELECT unit_name, year, expenditure_fen FROM v_totals ORDER BY year", "--db", db,
              "--wan", "-f", "csv")
    assert out.exit_code == 0, out.stderr
    assert "克孜勒苏柯尔克孜自治州人民政府办公室,2026,1759.05" in out.stdout
    assert cli("query", "DELETE FROM facts", "--db", db).exit_code == 2
    out = cli("compare", "--year", "2026", "克州人民政府办公室", "克孜勒苏柯尔克孜自治州电子政务服务中心", "--db", db)
    assert out.exit_code == 0, out.stderr
    assert "收入总计" in out.stdout and "1,759.05" in out.stdout and "277.90" in out.stdout
    assert "201 一般公共服务支出" in out.stdout and "“三公”经费合计" in out.stdout
    # 部门 2026 and 单位 2022 of the same office: two tables, never one comparison
    out = cli("compare", "电子政务服务中心", "--years", "2022", "2026", "--db", db)
    assert out.exit_code == 0, out.stderr
    assert out.stdout.count("年度比较") == 2 and "增减" not in out.stdout
    assert "口径不同（2022 年：单位预算；2026 年：部门预算）" in out.stderr      # and why: said
    out = cli("compare", "不存在的单位", "--years", "2025", "--db", db)
    assert out.exit_code == 2 and "没有单位" in out.stderr


def test_compare_two_years_shows_the_change(tmp_path):
    engine = new_store(tmp_path)
    ingest(engine, OFFICE, write_variant(tmp_path / "v", OFFICE, years=-1, scale=2))
    out = cli("compare", "克州人民政府办公室", "--years", "2025", "2026", "--db", str(engine.url))
    assert out.exit_code == 0, out.stderr
    assert "增减率" in out.stdout and "-1,759.05" in out.stdout and "-50.00%" in out.stdout
    assert "口径不同" not in out.stderr
