"""Table sets: each printed table and fact keeps the set it belongs to (table_set: 0 the
document's own, a department's 汇总; 1, 2 … each unit's printed after it; NULL unknown) and the
unit the set's tables name (set_name). The views that total a disclosure read its own set
only (before, a unit's table could stand for the department's: the largest won); v_set_totals
gives the totals of every set.

Documents stored before: the set is taken from the stored table (its JSON keeps `group` since
the reader tells sets); where the JSON has none, the first table of each kind is the
document's own and a repeated kind's set is unknown.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD_VIEWS = ["v_current_facts", "v_documents", "v_totals", "v_function_structure", "v_basic_project",
             "v_three_public", "v_findings_by_rule"]


def upgrade() -> None:
    for name in reversed(OLD_VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for table in ("printed_tables", "facts"):
        op.add_column(table, sa.Column("table_set", sa.Integer))
        op.add_column(table, sa.Column("set_name", sa.Text))
    fill_sets(op.get_bind())
    for sql in VIEWS:
        op.execute(sql)


def downgrade() -> None:
    for name in reversed(VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for table in ("facts", "printed_tables"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("set_name")
            batch.drop_column("table_set")
    from importlib import import_module
    for sql in import_module("budgetlens.store.migrations.versions.0001_initial").VIEWS:
        op.execute(sql)


def fill_sets(conn) -> None:
    """The set of every stored table, then of its facts."""
    tables = sa.table("printed_tables", sa.column("id"), sa.column("document_id"), sa.column("table_index"),
                      sa.column("kind"), sa.column("content"), sa.column("table_set"), sa.column("set_name"))
    # streamed: the tables' JSON of a corpus need not fit in memory, the small updates do
    rows = conn.execute(sa.select(tables.c.id, tables.c.document_id, tables.c.kind, tables.c.content)
                        .order_by(tables.c.document_id, tables.c.table_index),
                        execution_options={"yield_per": 500})
    updates = [u for doc_rows in by_document(rows) for u in document_sets(doc_rows)]
    if updates:
        conn.execute(tables.update().where(tables.c.id == sa.bindparam("row_id"))
                     .values(table_set=sa.bindparam("s"), set_name=sa.bindparam("n")), updates)
    op.execute("UPDATE facts SET table_set = (SELECT p.table_set FROM printed_tables p "
               "WHERE p.document_id = facts.document_id AND p.table_index = facts.table_index), "
               "set_name = (SELECT p.set_name FROM printed_tables p "
               "WHERE p.document_id = facts.document_id AND p.table_index = facts.table_index)")


def by_document(rows):
    current, doc = [], None
    for r in rows:
        if r.document_id != doc and current:
            yield current
            current = []
        doc = r.document_id
        current.append(r)
    if current:
        yield current


def document_sets(rows) -> list[dict]:
    """One document's tables: (row id, set, set's unit) as the reader stored them."""
    seen, sets, owners = set(), [], []
    for r in rows:
        content = json.loads(r.content) if r.content else {}
        if "group" in content:
            group = content["group"]
        else:                       # stored before sets were told: the first of each kind is its own
            group = None if r.kind in seen else 0
        seen.add(r.kind)
        sets.append(group)
        owners.append(content.get("unit_name"))
    names: dict = {}
    for group, owner in zip(sets, owners):
        if group is not None:
            names.setdefault(group, set()).update([owner] if owner else [])
    unit = {g: next(iter(n)) if len(n) == 1 else None for g, n in names.items()}
    return [{"row_id": r.id, "s": g, "n": unit.get(g)} for r, g in zip(rows, sets)]


# Views read current versions only (superseded_by IS NULL), the budget year's own columns
# (not 上年 comparisons) and amounts whose column is decided. Amounts stay integer 分 so both
# databases give identical results; budgetlens formats them as 万元. The views of a
# disclosure's figures read the document's own tables (OWN): a department's 汇总, not its
# units' tables printed after it, which it sums already.
CURRENT = ("FROM facts f JOIN documents d ON d.id = f.document_id AND d.superseded_by IS NULL "
           "JOIN units u ON u.id = f.unit_id "
           "WHERE f.ambiguous = 0 AND (f.phase IS NULL OR f.phase NOT LIKE '上年%')")
OWN = f"{CURRENT} AND f.table_set = 0"
KEYS = "f.unit_id, u.name, f.scope, f.disclosure_phase, f.year"
SELECT_KEYS = "f.unit_id, u.name AS unit_name, f.scope, f.disclosure_phase AS phase, f.year"
TOTALS = """
  MAX(CASE WHEN f.table_kind = 'income' AND f.source = 'total' THEN f.amount_fen END) AS income_fen,
  MAX(CASE WHEN f.table_kind = 'expenditure' AND f.nature = 'total' THEN f.amount_fen END) AS expenditure_fen,
  MAX(CASE WHEN f.table_kind = 'expenditure' AND f.nature = 'basic' THEN f.amount_fen END) AS basic_fen,
  MAX(CASE WHEN f.table_kind = 'expenditure' AND f.nature = 'project' THEN f.amount_fen END) AS project_fen,
  MAX(CASE WHEN f.table_kind = 'gpb_expenditure' AND f.nature = 'total' THEN f.amount_fen END) AS gpb_fen"""

VIEWS = [
    f"""CREATE VIEW v_current_facts AS
SELECT f.*, u.name AS unit_name {CURRENT}""",
    """CREATE VIEW v_documents AS
SELECT d.id, d.status, d.format, u.name AS unit_name, d.unit_name AS printed_name, dis.year,
       dis.scope, dis.phase, d.version, d.superseded_by, d.facts, d.errors, d.warnings, d.infos,
       d.error, d.ingested_at,
       (SELECT MIN(s.path) FROM document_sources s WHERE s.document_id = d.id) AS path
FROM documents d
LEFT JOIN disclosures dis ON dis.id = d.disclosure_id
LEFT JOIN units u ON u.id = dis.unit_id""",
    f"""CREATE VIEW v_totals AS
SELECT {SELECT_KEYS},{TOTALS}
{OWN} AND f.row_kind = 'total'
GROUP BY {KEYS}""",
    f"""CREATE VIEW v_set_totals AS
SELECT {SELECT_KEYS}, f.table_set, f.set_name,{TOTALS}
{CURRENT} AND f.table_set IS NOT NULL AND f.row_kind = 'total'
GROUP BY {KEYS}, f.table_set, f.set_name""",
    f"""CREATE VIEW v_function_structure AS
SELECT {SELECT_KEYS}, f.function_code AS class_code, MAX(f.name) AS class_name,
       MAX(f.amount_fen) AS amount_fen
{OWN} AND f.table_kind = 'expenditure' AND f.nature = 'total' AND LENGTH(f.function_code) = 3
GROUP BY {KEYS}, f.function_code""",
    """CREATE VIEW v_basic_project AS
SELECT unit_id, unit_name, scope, phase, year, basic_fen, project_fen, expenditure_fen
FROM v_totals""",
    f"""CREATE VIEW v_three_public AS
SELECT {SELECT_KEYS}, f.item,
  COALESCE(MAX(CASE WHEN f.budget_type = 'total' THEN f.amount_fen END),
           MAX(CASE WHEN f.budget_type = 'gpb' THEN f.amount_fen END),
           MAX(f.amount_fen)) AS amount_fen
{OWN} AND f.table_kind = 'three_public' AND f.item IS NOT NULL
GROUP BY {KEYS}, f.item""",
    """CREATE VIEW v_findings_by_rule AS
SELECT fi.rule, fi.severity, fi.category, COUNT(*) AS findings,
       COUNT(DISTINCT fi.document_id) AS documents
FROM findings fi JOIN documents d ON d.id = fi.document_id AND d.superseded_by IS NULL
GROUP BY fi.rule, fi.severity, fi.category""",
]
VIEW_NAMES = ["v_current_facts", "v_documents", "v_totals", "v_set_totals", "v_function_structure",
              "v_basic_project", "v_three_public", "v_findings_by_rule"]
