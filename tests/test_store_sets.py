"""The store and a department printing its units' tables after its own (表1-1 汇总, 表1-2 …).

The documents are made from the bundled seed 002 (test_unit_tables.department): the
department's 汇总 prints the seed's amounts times `summary_scale`, each unit the seed's (times
a factor of its own where a test says). The golden figures are the seed's printed figures
(支出总计 1,759.05, 基本支出 1,599.05, 项目支出 160.00, “三公”经费 83.00, 201 一般公共服务支出
1,347.83 万元) times those factors. Views, comparisons and exports give the department's own
figures once, and show each set apart where they show every amount.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.store import Ingest, open_engine
from budgetlens.store.corpus import variant
from budgetlens.store.export import export, load
from budgetlens.store.query import run_query
from test_unit_tables import OWNER, UNITS, department, scaled

WAN = 1_000_000          # 分 per 万元
EXPENDITURE, BASIC, PROJECT = Decimal("1759.05"), Decimal("1599.05"), Decimal("160.00")
THREE_PUBLIC, CLASS_201 = Decimal("83.00"), Decimal("1347.83")


def fen(wan: Decimal) -> int:
    return int(wan * WAN)


def unit_scaled(unit: int, factor: int):
    """An edit: unit `unit` prints every amount times factor."""
    def edit(k: int, n: int, block: list[str]) -> list[str]:
        return [scaled(line, factor) for line in block] if k == unit else block
    return edit


def store_of(tmp_path, *texts: str):
    engine = open_engine(f"sqlite:///{tmp_path / 's.db'}")
    paths = []
    for i, body in enumerate(texts):
        path = tmp_path / f"doc{i}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    Ingest(engine, workers=0).run(paths)
    return engine


@pytest.fixture(scope="module")
def sets_store(tmp_path_factory):
    """One 2026 部门 document: 汇总 at 1× the seed, unit 1 at 3× (larger than the 汇总: a
    table picked by size is the wrong one), unit 2 at 1×."""
    return store_of(tmp_path_factory.mktemp("sets"), department(summary_scale=1, edit=unit_scaled(1, 3)))


def test_views_give_the_departments_own_figures(sets_store):
    _, rows = run_query(sets_store, "SELECT expenditure_fen, basic_fen, project_fen FROM v_totals")
    assert rows == [(fen(EXPENDITURE), fen(BASIC), fen(PROJECT))]
    _, rows = run_query(sets_store, "SELECT amount_fen FROM v_three_public WHERE item = 'total'")
    assert rows == [(fen(THREE_PUBLIC),)]
    _, rows = run_query(sets_store, "SELECT amount_fen FROM v_function_structure WHERE class_code = '201'")
    assert rows == [(fen(CLASS_201),)]
    _, rows = run_query(sets_store, "SELECT SUM(amount_fen) FROM v_function_structure")
    assert rows == [(fen(EXPENDITURE),)]


def test_every_set_is_stored_with_its_unit(sets_store):
    _, rows = run_query(sets_store, "SELECT table_set, set_name, expenditure_fen FROM v_set_totals "
                                    "ORDER BY table_set")
    assert rows == [(0, OWNER, fen(EXPENDITURE)), (1, UNITS[0], fen(3 * EXPENDITURE)),
                    (2, UNITS[1], fen(EXPENDITURE))]
    _, rows = run_query(sets_store, "SELECT table_set, COUNT(*) FROM printed_tables GROUP BY table_set "
                                    "ORDER BY table_set")
    assert rows == [(0, 11), (1, 11), (2, 11)]


EXPENDITURE_TOTAL = ("table_kind = 'expenditure' AND row_kind = 'total' AND nature = 'total' "
                     "AND phase NOT LIKE '上年%'")


def test_summing_facts_of_the_own_set_counts_the_department_once(sets_store):
    _, rows = run_query(sets_store, f"SELECT SUM(amount_fen) FROM v_current_facts WHERE {EXPENDITURE_TOTAL}")
    assert rows == [(fen(5 * EXPENDITURE),)]          # the 汇总 and both units' tables: each printed
    _, rows = run_query(sets_store, f"SELECT SUM(amount_fen) FROM v_current_facts WHERE {EXPENDITURE_TOTAL} "
                                    "AND table_set = 0")
    assert rows == [(fen(EXPENDITURE),)]


def expenditure_totals(records, set_key="table_set") -> dict:
    out: dict = {}
    for r in records:
        if r["table_kind"] == "expenditure" and r["row_kind"] == "total" and r["nature"] == "total" \
                and not (r.get("phase") or r.get("column_phase") or "").startswith("上年"):
            key = (int(r[set_key]), r["set_name"])
            out[key] = out.get(key, Decimal(0)) + Decimal(r.get("amount_fen") or r["amount_wan"] * WAN)
    return out


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_exports_name_the_set_of_each_amount(sets_store, tmp_path, fmt):
    export(sets_store, fmt, tmp_path / f"facts.{fmt}")
    totals = expenditure_totals(load(tmp_path / f"facts.{fmt}", fmt))
    assert totals == {(0, OWNER): fen(EXPENDITURE), (1, UNITS[0]): fen(3 * EXPENDITURE),
                      (2, UNITS[1]): fen(EXPENDITURE)}


def test_fiscal_data_package_names_the_set(sets_store, tmp_path):
    export(sets_store, "fdp", tmp_path / "fdp")
    totals = expenditure_totals(load(tmp_path / "fdp", "fdp"))
    assert totals == {(0, OWNER): fen(EXPENDITURE), (1, UNITS[0]): fen(3 * EXPENDITURE),
                      (2, UNITS[1]): fen(EXPENDITURE)}


def test_fiscal_data_package_keys_each_sets_cells_apart(sets_store, tmp_path):
    """The package's table dimension keys a cell by its document, set and table (before: by
    kind, row and column alone, so the 汇总's 表3 总计 and each unit's were one member, summed
    together); a dimension of the sets names each; the package validates."""
    import json
    export(sets_store, "fdp", tmp_path / "fdp")
    desc = json.loads((tmp_path / "fdp" / "datapackage.json").read_text(encoding="utf-8"))
    dims = desc["model"]["dimensions"]
    records = [r for r in load(tmp_path / "fdp", "fdp") if r["column_key"]]

    def members(dim: str) -> list[tuple]:
        sources = [dims[dim]["attributes"][a]["source"] for a in dims[dim]["primaryKey"]]
        return [tuple(r[s] for s in sources) for r in records]

    keys = members("table")
    assert len(set(keys)) == len(keys) == len(records)
    sets = dict(zip(members("table_set"), (r["set_name"] for r in records)))
    document = records[0]["document_id"]
    assert sets == {(document, "0"): OWNER, (document, "1"): UNITS[0], (document, "2"): UNITS[1]}
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(tmp_path / "fdp" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_year_over_year_comparison_takes_the_own_set_in_both_years(tmp_path):
    """2025: 汇总 1×, unit 1 at 3×; 2026: 汇总 2× (the sum of its units at 1×). The comparison
    shows each year's 汇总: 1,759.05 → 3,518.10, never a unit's 5,277.15."""
    from test_store import cli
    last_year = variant(department(summary_scale=1, edit=unit_scaled(1, 3)), OWNER, years=-1)
    engine = store_of(tmp_path, last_year, department(summary_scale=2))
    out = cli("compare", OWNER, "--years", "2025", "2026", "--db", str(engine.url))
    assert out.exit_code == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if "支出总计" in x)
    assert "1,759.05" in line and "3,518.10" in line and "5,277.15" not in line, line
    assert "100.00%" in line, line


def test_comparison_headings_say_the_figures_are_the_summarys(tmp_path):
    """2026 prints its units' tables beside its 汇总, 2025 (the seed) only its own: the 2026
    column says it shows the 部门汇总 (the table's caption why), the 2025 column says nothing
    of sets (before: both headed alike, the reader left to guess whose figures)."""
    from test_store import cli
    from test_unit_tables import SEED
    last_year = variant(SEED.read_text(encoding="utf-8"), OWNER, years=-1)
    engine = store_of(tmp_path, last_year, department(summary_scale=1))
    out = cli("compare", OWNER, "--years", "2025", "2026", "--db", str(engine.url))
    assert out.exit_code == 0, out.stderr
    head = next(x for x in out.stdout.splitlines() if "2026" in x and "项目" in x)
    headings = [cell.strip() for cell in head.split("┃")]
    assert f"{OWNER}（部门）2025" in headings and f"{OWNER}（部门）2026 部门汇总" in headings, head
    assert "所列为其本部门（汇总）表的数字" in out.stdout
    line = next(x for x in out.stdout.splitlines() if "支出总计" in x)
    assert line.count("1,759.05") == 2, line


@pytest.mark.parametrize("scope,several,name,heading", [
    ("部门", False, OWNER, "某局（部门）2026"),
    ("部门", True, "某局", "某局（部门）2026 部门汇总"),
    ("部门", True, "部门汇总", "某局（部门）2026 部门汇总"),
    ("部门", True, "某局机关", "某局（部门）2026 部门汇总（某局机关）"),
    ("单位", True, None, "某局（单位）2026 本单位汇总"),
])
def test_a_columns_heading_names_the_set_it_shows(scope, several, name, heading):
    from budgetlens.store.query import Column
    column = Column(1, "某局", scope, "预算", 2026, several_sets=several, own_set_name=name)
    assert column.heading == heading


# ---- a store made before sets were stored --------------------------------------------------------

def old_outcome(path, keep_groups: bool = True):
    """The document's rows as the store before revision 0002 wrote them: no set columns, and
    (keep_groups False) tables stored before the reader told sets, their JSON without one."""
    import json

    from budgetlens.store.records import process_document
    out = process_document(str(path))
    for r in out.tables + out.facts:
        r.pop("table_set"), r.pop("set_name")
    if not keep_groups:
        for r in out.tables:
            content = json.loads(r["content"])
            content.pop("group")
            r["content"] = json.dumps(content, ensure_ascii=False)
    return out


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    import os
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    pg = os.environ.get("BUDGETLENS_TEST_PG")
    if not pg:
        pytest.skip("BUDGETLENS_TEST_PG not set (run .ci/postgres.sh)")
    name = f"bl_sets_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(pg).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_store_made_before_sets_upgrades_to_them(empty_url, tmp_path):
    """Revision 0001 with a department's document stored (汇总 1×, unit 1 at 3×), and the same
    document as stored before the reader told sets: after the upgrade each table and fact has
    its set and the views give the 汇总's figures."""
    from budgetlens.store.db import current_revision, head_revision, make_engine, upgrade
    from budgetlens.store.writer import Writer
    engine = make_engine(empty_url)
    upgrade(engine, "0001")
    text = department(summary_scale=1, edit=unit_scaled(1, 3))
    older = variant(text, OWNER, years=-1)
    for name, body, keep in (("2026.txt", text, True), ("2025.txt", older, False)):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        Writer(engine).save(old_outcome(path, keep), path.read_bytes(), str(path))
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    _, rows = run_query(engine, "SELECT year, expenditure_fen FROM v_totals ORDER BY year")
    assert rows == [(2025, fen(EXPENDITURE)), (2026, fen(EXPENDITURE))]
    _, rows = run_query(engine, "SELECT year, table_set, set_name, expenditure_fen FROM v_set_totals "
                                "ORDER BY year, table_set")
    assert rows == [(2025, 0, OWNER, fen(EXPENDITURE)),       # the others' sets: not known
                    (2026, 0, OWNER, fen(EXPENDITURE)), (2026, 1, UNITS[0], fen(3 * EXPENDITURE)),
                    (2026, 2, UNITS[1], fen(EXPENDITURE))]
    _, rows = run_query(engine, "SELECT f.year, f.table_set, COUNT(*) FROM facts f JOIN printed_tables p "
                                "ON p.document_id = f.document_id AND p.table_index = f.table_index "
                                "AND p.table_set IS NOT DISTINCT FROM f.table_set "
                                "GROUP BY f.year, f.table_set ORDER BY f.year, f.table_set")
    _, facts = run_query(engine, "SELECT year, table_set, COUNT(*) FROM facts GROUP BY year, table_set "
                                 "ORDER BY year, table_set")
    assert rows == facts and len(facts) == 5      # every fact in its table's set
    engine.dispose()
