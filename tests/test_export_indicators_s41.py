"""Exports headed in Chinese (ids on request) and the indicators of the 绩效目标表s as open data:
`budgetlens export --table indicators`, /api/export/{fmt}?table=indicators, from a store
ingested from the four seeds."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.store import Ingest, open_engine
from budgetlens.store.export import (
    COLUMNS,
    FACT_NAMES,
    INDICATOR_NAMES,
    export,
    indicator_rows,
    load,
)
from budgetlens.store.records import load_model
from budgetlens.store.schema import Document

INDICATOR_COLUMNS = list(INDICATOR_NAMES)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('export-s41') / 's.db'}"
    Ingest(open_engine(url), workers=0).run([EXAMPLES])
    return url


@pytest.fixture(scope="module")
def store(db):
    return open_engine(db)


def header_of(path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def xlsx_header(path, sheet: str) -> list[str]:
    import openpyxl
    return [c.value for c in next(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows())]


# -- Chinese headers by default, ids on request ----------------------------------------------------------
@pytest.mark.parametrize("table,names", [("facts", FACT_NAMES), ("indicators", INDICATOR_NAMES)])
def test_csv_and_xlsx_are_headed_in_chinese_unless_ids_are_asked_for(store, tmp_path, table, names):
    chinese = list(names.values())
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in chinese) and len(set(chinese)) == len(chinese)
    export(store, "csv", tmp_path / "zh.csv", table=table)
    export(store, "csv", tmp_path / "en.csv", table=table, header="en")
    assert header_of(tmp_path / "zh.csv") == chinese
    assert header_of(tmp_path / "en.csv") == list(names)
    export(store, "xlsx", tmp_path / "zh.xlsx", table=table)
    export(store, "xlsx", tmp_path / "en.xlsx", table=table, header="en")
    assert xlsx_header(tmp_path / "zh.xlsx", table) == chinese
    assert xlsx_header(tmp_path / "en.xlsx", table) == list(names)
    # either header loads back to the same rows
    for fmt in ("csv", "xlsx"):
        assert load(tmp_path / f"zh.{fmt}", fmt, table) == load(tmp_path / f"en.{fmt}", fmt, table)


def test_json_keeps_the_ids_and_names_each_column(store, tmp_path):
    export(store, "json", tmp_path / "facts.json")
    doc = json.loads((tmp_path / "facts.json").read_text(encoding="utf-8"))
    assert list(doc["facts"][0]) == COLUMNS and doc["columns"] == FACT_NAMES


def test_an_unknown_header_or_table_is_refused_in_chinese(store, tmp_path):
    from budgetlens.store.errors import StoreError
    with pytest.raises(StoreError, match="未知的表头"):
        export(store, "csv", tmp_path / "x.csv", header="fr")
    with pytest.raises(StoreError, match="未知的导出内容"):
        export(store, "csv", tmp_path / "x.csv", table="claims")


# -- the indicators --------------------------------------------------------------------------------------
def model_indicators(store) -> tuple[list[tuple], list[tuple]]:
    """(indicators, unread rows) of every stored document, read from its model here."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session
    read, unread = [], []
    with Session(store) as s:
        for doc_id, model in s.execute(select(Document.id, Document.model).order_by(Document.id)):
            for n, t in enumerate(load_model(model).narrative.performance, start=1):
                read += [(doc_id, n, t.kind, t.project, t.amount, t.unit, i.level1, i.level2, i.level3, i.value,
                          i.target and i.target.op, i.target and i.target.number, i.target and i.target.unit,
                          i.basis, i.weight, i.prior, int(i.unsure), i.line) for i in t.indicators]
                unread += [(doc_id, n, t.project, line, weight)
                           for line, weight in zip(t.unread_rows, t.unread_weights)]
    return read, unread


def exported_indicators(rows: list[dict]) -> tuple[list[tuple], list[tuple]]:
    read = [(r["document_id"], r["table_number"], r["table_kind"], r["project"], r["table_amount"], r["amount_unit"],
             r["level1"], r["level2"], r["level3"], r["value"], r["target_op"], r["target_number"], r["target_unit"],
             r["basis"], r["weight"], r["prior"], r["unsure"], r["line"]) for r in rows if not r["unread"]]
    unread = [(r["document_id"], r["table_number"], r["project"], r["line"], r["weight"]) for r in rows if r["unread"]]
    return read, unread


@pytest.mark.parametrize("fmt", ["csv", "json", "fdp"])
def test_the_indicator_rows_are_the_models(store, tmp_path, fmt):
    path = tmp_path / ("package" if fmt == "fdp" else f"indicators.{fmt}")
    n = export(store, fmt, path, table="indicators")
    read, unread = model_indicators(store)
    assert len(read) == 229 and len(unread) == 7 and n == len(read) + len(unread)
    got = load(path, fmt, "indicators")
    assert exported_indicators(got) == (read, unread)
    # every row names its unit, year and document
    units = {(r["unit_name"], r["year"], r["scope"]) for r in got}
    assert ("克孜勒苏柯尔克孜自治州数字化发展局", 2025, "部门") in units and len(units) == 4
    assert all(r["document_id"] and r["unit_id"] and r["version"] == 1 for r in got)


def test_the_indicators_in_a_workbook_are_the_models_with_figures_as_numbers(store, tmp_path):
    export(store, "xlsx", tmp_path / "i.xlsx", table="indicators")
    read, unread = model_indicators(store)
    got_read, got_unread = exported_indicators(load(tmp_path / "i.xlsx", "xlsx", "indicators"))
    assert got_unread == unread            # (equal as numbers: Decimal 10 == Decimal 10.0)
    assert got_read == read


def test_the_indicator_package_validates(store, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    export(store, "fdp", tmp_path / "package", table="indicators")
    report = frictionless.validate(str(tmp_path / "package" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]
    desc = json.loads((tmp_path / "package" / "datapackage.json").read_text(encoding="utf-8"))
    fields = desc["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == INDICATOR_COLUMNS and fields[INDICATOR_COLUMNS.index("level1")]["title"] == "一级指标"


def test_the_indicators_of_one_unit_and_year(store, tmp_path):
    from budgetlens.store.query import one_unit
    unit_id = one_unit(store, "数字化发展局")[0]
    rows = list(indicator_rows(store, unit_ids=[unit_id], years=[2025]))
    assert {r["unit_id"] for r in rows} == {unit_id} and len(rows) == 75 + 7
    assert list(indicator_rows(store, unit_ids=[unit_id], years=[2026])) == []


# -- the command line and the API ------------------------------------------------------------------------
def test_the_command_writes_indicators_and_ids_on_request(db, tmp_path):
    runner = CliRunner()
    out = runner.invoke(app, ["export", "-f", "csv", "-o", str(tmp_path / "i.csv"), "--table", "indicators",
                              "--db", db], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert "已导出 236 个绩效指标" in out.output
    assert header_of(tmp_path / "i.csv")[:3] == ["文件编号", "版本", "单位编号"]
    out = runner.invoke(app, ["export", "-f", "csv", "-o", str(tmp_path / "f.csv"), "--header", "en", "--db", db],
                        env={"COLUMNS": "200"})
    assert out.exit_code == 0 and "个金额" in out.output
    assert header_of(tmp_path / "f.csv") == COLUMNS


def test_the_api_downloads_indicators_headed_in_chinese_or_by_ids(db):
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from budgetlens.web import create_app
    with TestClient(create_app(db)) as c:
        r = c.get("/api/export/csv", params={"table": "indicators", "unit": "数字化发展局"})
        assert r.status_code == 200 and "budgetlens-indicators.csv" in r.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
        assert len(rows) == 82 and rows[0]["三级指标"] and rows[0]["单位名称"] == "克孜勒苏柯尔克孜自治州数字化发展局"
        facts = c.get("/api/export/csv", params={"header": "en"}).content.decode("utf-8-sig")
        assert facts.splitlines()[0].split(",") == COLUMNS
        assert c.get("/api/export/csv").content.decode("utf-8-sig").splitlines()[0].startswith("文件编号,版本")
        package = zipfile.ZipFile(io.BytesIO(c.get("/api/export/fdp", params={"table": "indicators"}).content))
        assert set(package.namelist()) == {"datapackage.json", "data/indicators.csv"}
        assert c.get("/api/export/csv", params={"table": "claims"}).status_code == 422
        assert c.get("/api/export/csv", params={"header": "fr"}).status_code == 422
        page = c.get("/data").text
        assert 'name="table"' in page and 'value="indicators"' in page and 'name="header"' in page


def test_weights_stay_exact_decimals(store):
    weights = [r["weight"] for r in indicator_rows(store) if r["weight"] is not None]
    assert weights and all(isinstance(w, Decimal) for w in weights)
