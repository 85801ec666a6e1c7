"""The store where a document's 汇总 was only assumed (own-set-assumed).

Two departments' documents (test_unit_tables.department, the 汇总 at 1× the seed and unit 1 at
3×): 2026 prints its tables' 编制部门/编制单位 (the 汇总 is told), 2025 prints none (nothing
tells it: the first set printed is taken for it and the parse warns). The views giving a
disclosure's figures, the exports and the comparison say which figures come from an assumed
汇总 (before: both shown alike, as certain).
"""

from __future__ import annotations

import pytest
from test_store_sets import EXPENDITURE, fen, store_of, unit_scaled
from test_unit_tables import OWNER, department

from budgetlens.store.corpus import variant
from budgetlens.store.export import export, load
from budgetlens.store.query import run_query

VIEWS = ("v_totals", "v_set_totals", "v_function_structure", "v_three_public", "v_basic_project",
         "v_current_facts")


def assumed_text() -> str:
    """2025: no 编制单位, nothing else telling the 汇总 (its totals are no sum of the others)."""
    return variant(department(summary_scale=1, owners=False, edit=unit_scaled(1, 3)), OWNER, years=-1)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return store_of(tmp_path_factory.mktemp("assumed"), assumed_text(),
                    department(summary_scale=1, edit=unit_scaled(1, 3)))


def test_the_parse_warns_for_the_assumed_document_only(tmp_path):
    from test_unit_tables import parse_text
    codes = [i.code for i in parse_text(tmp_path, assumed_text()).issues]
    assert "own-set-assumed" in codes


@pytest.mark.parametrize("view", VIEWS)
def test_views_flag_figures_of_an_assumed_summary(store, view):
    _, rows = run_query(store, f"SELECT year, MIN(own_set_assumed), MAX(own_set_assumed) FROM {view} "
                               "GROUP BY year ORDER BY year")
    assert rows == [(2025, 1, 1), (2026, 0, 0)]


def test_documents_say_which_summary_was_assumed(store):
    _, rows = run_query(store, "SELECT year, own_set_assumed FROM v_documents ORDER BY year")
    assert rows == [(2025, 1), (2026, 0)]
    _, rows = run_query(store, "SELECT year, expenditure_fen FROM v_totals ORDER BY year")
    assert rows == [(2025, fen(EXPENDITURE)), (2026, fen(EXPENDITURE))]      # the figures themselves


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_exports_flag_amounts_of_an_assumed_summary(store, tmp_path, fmt):
    export(store, fmt, tmp_path / f"facts.{fmt}")
    flags = {(r["year"], r["own_set_assumed"]) for r in load(tmp_path / f"facts.{fmt}", fmt)
             if r["year"] in (2025, 2026)}
    assert flags == {(2025, 1), (2026, 0)}


def test_the_fiscal_data_package_flags_and_describes_it(store, tmp_path):
    import json
    export(store, "fdp", tmp_path / "fdp")
    flags = {(r["year"], r["own_set_assumed"]) for r in load(tmp_path / "fdp", "fdp") if r["year"] in ("2025", "2026")}
    assert flags == {("2025", "1"), ("2026", "0")}
    desc = json.loads((tmp_path / "fdp" / "datapackage.json").read_text(encoding="utf-8"))
    field = next(f for f in desc["resources"][0]["schema"]["fields"] if f["name"] == "own_set_assumed")
    assert "推定" in field["description"] and "推定" in desc["description"]
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(tmp_path / "fdp" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_comparison_marks_an_assumed_summary_and_says_why(store):
    from test_store import cli
    out = cli("compare", OWNER, "--years", "2025", "2026", "--db", str(store.url))
    assert out.exit_code == 0, out.stderr
    head = next(x for x in out.stdout.splitlines() if "2026" in x and "项目" in x)
    headings = [cell.strip() for cell in head.split("┃")]
    assert f"{OWNER}（部门）2026 部门汇总" in headings, head
    assert any(h.startswith(f"{OWNER}（部门）2025 部门汇总（推定）") for h in headings), head
    assert "未能判断哪一套是部门汇总" in out.stdout.replace("\n", "").replace(" ", "").replace("│", "")


def test_a_columns_heading_says_its_summary_was_assumed():
    from budgetlens.store.query import Column
    column = Column(1, "某局", "部门", "预算", 2026, several_sets=True, own_set_name="某局机关", own_set_assumed=True)
    assert column.heading == "某局（部门）2026 部门汇总（推定）（某局机关）"


# ---- a store made before the flag ------------------------------------------------------------------

def test_a_store_made_before_the_flag_reads_it_from_the_stored_model(tmp_path):
    """Revision 0002 with both documents stored: the upgrade reads the flag from each document's
    stored model (its parse issues)."""
    from budgetlens.store import db
    from budgetlens.store.records import process_document
    from budgetlens.store.writer import Writer
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    db.upgrade(engine, "0002")
    for name, body in (("2025.txt", assumed_text()), ("2026.txt", department(summary_scale=1))):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        out = process_document(str(path))
        out.own_set_assumed = False          # as the writer before the flag: nothing written
        Writer(engine).save(out, path.read_bytes(), str(path))
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    _, rows = run_query(engine, "SELECT year, own_set_assumed FROM v_totals ORDER BY year")
    assert rows == [(2025, 1), (2026, 0)]
    engine.dispose()
