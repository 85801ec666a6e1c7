"""Whether a document's own set of tables (its 汇总) was only assumed: documents.own_set_assumed
is 1 where the parse warned own-set-assumed (several sets, nothing printed or summed told which
is the department's own, the first printed was taken for it). The views giving a disclosure's
figures carry it (own_set_assumed, the MAX over the documents they read), so a total read from
an assumed 汇总 is not shown as certain.

Documents stored before: the flag is read from the stored model (its parse issues).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import json
import zlib
from importlib import import_module

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SETS = import_module("budgetlens.store.migrations.versions.0002_table_sets")
ASSUMED = "own-set-assumed"


def upgrade() -> None:
    for name in reversed(SETS.VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.add_column("documents", sa.Column("own_set_assumed", sa.Integer, nullable=False, server_default="0"))
    fill_flags(op.get_bind())
    for sql in VIEWS:
        op.execute(sql)


def downgrade() -> None:
    for name in reversed(VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("own_set_assumed")
    for sql in SETS.VIEWS:
        op.execute(sql)


def fill_flags(conn) -> None:
    docs = sa.table("documents", sa.column("id"), sa.column("model"), sa.column("own_set_assumed"))
    rows = conn.execute(sa.select(docs.c.id, docs.c.model).where(docs.c.model.isnot(None)),
                        execution_options={"yield_per": 200})     # streamed: models are large
    flagged = [r.id for r in rows if assumed(r.model)]
    for at in range(0, len(flagged), 500):
        conn.execute(docs.update().where(docs.c.id.in_(flagged[at:at + 500])).values(own_set_assumed=1))


def assumed(model: bytes) -> bool:
    """The stored Disclosure's parse issues hold the warning (the text is looked at first: a
    model without the words needs no parse)."""
    data = zlib.decompress(model)
    if ASSUMED.encode() not in data:
        return False
    return any(i.get("code") == ASSUMED for i in json.loads(data).get("issues", []))


CURRENT, OWN, KEYS = SETS.CURRENT, SETS.OWN, SETS.KEYS
SELECT_KEYS, TOTALS = SETS.SELECT_KEYS, SETS.TOTALS
FLAG = "MAX(d.own_set_assumed) AS own_set_assumed"

VIEWS = [
    f"""CREATE VIEW v_current_facts AS
SELECT f.*, u.name AS unit_name, d.own_set_assumed {CURRENT}""",
    """CREATE VIEW v_documents AS
SELECT d.id, d.status, d.format, u.name AS unit_name, d.unit_name AS printed_name, dis.year,
       dis.scope, dis.phase, d.version, d.superseded_by, d.facts, d.errors, d.warnings, d.infos,
       d.error, d.ingested_at, d.own_set_assumed,
       (SELECT MIN(s.path) FROM document_sources s WHERE s.document_id = d.id) AS path
FROM documents d
LEFT JOIN disclosures dis ON dis.id = d.disclosure_id
LEFT JOIN units u ON u.id = dis.unit_id""",
    f"""CREATE VIEW v_totals AS
SELECT {SELECT_KEYS},{TOTALS},
  {FLAG}
{OWN} AND f.row_kind = 'total'
GROUP BY {KEYS}""",
    f"""CREATE VIEW v_set_totals AS
SELECT {SELECT_KEYS}, f.table_set, f.set_name,{TOTALS},
  {FLAG}
{CURRENT} AND f.table_set IS NOT NULL AND f.row_kind = 'total'
GROUP BY {KEYS}, f.table_set, f.set_name""",
    f"""CREATE VIEW v_function_structure AS
SELECT {SELECT_KEYS}, f.function_code AS class_code, MAX(f.name) AS class_name,
       MAX(f.amount_fen) AS amount_fen, {FLAG}
{OWN} AND f.table_kind = 'expenditure' AND f.nature = 'total' AND LENGTH(f.function_code) = 3
GROUP BY {KEYS}, f.function_code""",
    """CREATE VIEW v_basic_project AS
SELECT unit_id, unit_name, scope, phase, year, basic_fen, project_fen, expenditure_fen, own_set_assumed
FROM v_totals""",
    f"""CREATE VIEW v_three_public AS
SELECT {SELECT_KEYS}, f.item,
  COALESCE(MAX(CASE WHEN f.budget_type = 'total' THEN f.amount_fen END),
           MAX(CASE WHEN f.budget_type = 'gpb' THEN f.amount_fen END),
           MAX(f.amount_fen)) AS amount_fen, {FLAG}
{OWN} AND f.table_kind = 'three_public' AND f.item IS NOT NULL
GROUP BY {KEYS}, f.item""",
    """CREATE VIEW v_findings_by_rule AS
SELECT fi.rule, fi.severity, fi.category, COUNT(*) AS findings,
       COUNT(DISTINCT fi.document_id) AS documents
FROM findings fi JOIN documents d ON d.id = fi.document_id AND d.superseded_by IS NULL
GROUP BY fi.rule, fi.severity, fi.category""",
]
VIEW_NAMES = SETS.VIEW_NAMES
