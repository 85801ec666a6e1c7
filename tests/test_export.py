"""Exports round-trip (export → load → the same figures) and the Fiscal Data Package validates."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.store import Ingest, open_engine
from budgetlens.store.export import COLUMNS, FORMATS, MEASURES, export, load, rows
from budgetlens.store.query import run_query
from conftest import EXAMPLES

KEY = ("document_id", "table_index", "row_index", "column_key", "table_kind")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('export') / 's.db'}")
    Ingest(engine, workers=0).run([EXAMPLES])
    return engine


def keyed(records, value) -> dict:
    out = {}
    for r in records:
        key = tuple(None if r[k] in (None, "") else int(r[k]) if k.endswith(("_id", "_index")) else r[k]
                    for k in KEY)
        out.setdefault(key, []).append(value(r))
    return {k: sorted(v) for k, v in out.items()}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_round_trips(store, tmp_path, fmt):
    stored = list(rows(store))
    path = tmp_path / f"facts.{fmt}"
    assert export(store, fmt, path) == len(stored) > 500
    loaded = load(path, fmt)
    assert len(loaded) == len(stored)
    for a, b in zip(stored, loaded):
        assert {c: a[c] for c in COLUMNS} == b                  # every column, amounts exact
        assert str(a["amount"]) == str(b["amount"])             # printed places kept


def test_fiscal_data_package_round_trips(store, tmp_path):
    export(store, "fdp", tmp_path / "fdp")
    loaded = load(tmp_path / "fdp", "fdp")
    stored = list(rows(store))
    assert keyed(loaded, lambda r: r["amount_wan"] * r["factor"]) == \
        keyed(stored, lambda r: Decimal(r["amount_fen"]) / 100)      # CNY, exact
    # budget totals as a consumer would compute them: 表3 totals, proposed expenditure
    total = {(int(r["year"]), r["unit_title"]): r["amount_wan"] for r in loaded
             if r["table_kind"] == "expenditure" and r["row_kind"] == "total" and r["nature"] == "total"}
    _, view = run_query(store, "SELECT year, unit_name, expenditure_fen FROM v_totals")
    assert total == {(y, u): Decimal(f) / 1_000_000 for y, u, f in view}
    assert {r["measure"] for r in loaded} == {"budget_expenditure", "budget_revenue"}


def test_fiscal_data_package_is_valid(store, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    export(store, "fdp", tmp_path / "fdp")
    report = frictionless.validate(str(tmp_path / "fdp" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    desc = json.loads((tmp_path / "fdp" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"] for f in desc["resources"][0]["schema"]["fields"]}
    model = desc["model"]
    for name, m in model["measures"].items():
        assert m["source"] in fields and m["currency"] == "CNY" and m["factor"] == 10000
        assert (m["direction"], m["phase"]) == MEASURES[name]
    assert {"unit", "year", "function", "economic"} <= set(model["dimensions"])
    for dim in model["dimensions"].values():
        attrs = dim["attributes"]
        assert all(a["source"] in fields for a in attrs.values())
        keys = dim["primaryKey"] if isinstance(dim["primaryKey"], list) else [dim["primaryKey"]]
        assert set(keys) <= set(attrs)
        for a in attrs.values():            # hierarchies and labels point inside their dimension
            assert a.get("parent", next(iter(attrs))) in attrs and a.get("labelfor", next(iter(attrs))) in attrs
    assert model["dimensions"]["function"]["attributes"]["code"]["parent"] == "group"
    assert model["dimensions"]["function"]["classificationType"] == "functional"
    assert model["dimensions"]["economic"]["classificationType"] == "economic"


def test_export_command(store, tmp_path):
    runner = CliRunner()
    for fmt in FORMATS:
        out = runner.invoke(app, ["export", "--format", fmt, "-o", str(tmp_path / f"x.{fmt}"),
                                  "--db", str(store.url), "--unit", "克州人民政府办公室", "--year", "2026"])
        assert out.exit_code == 0, out.output
        assert "已导出" in out.stderr
    only = load(tmp_path / "x.csv", "csv")
    assert only and {r["unit_name"] for r in only} == {"克孜勒苏柯尔克孜自治州人民政府办公室"}
    out = runner.invoke(app, ["export", "--format", "csv", "-o", str(tmp_path / "y.csv"), "--db", str(store.url),
                              "--unit", "没有这个单位"])
    assert out.exit_code == 2 and "没有单位" in out.stderr
