"""Initial schema: units, disclosures, documents and their bytes, facts, printed tables,
claims, findings; views for totals, function-class structure, basic vs project, 三公 and
findings by rule.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Amount = sa.String(48)          # an exact Decimal as text (schema.DecimalText)


def pk():
    return sa.Column("id", BigId, primary_key=True)


def upgrade() -> None:
    op.create_table(
        "units", pk(),
        sa.Column("code", sa.Text, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("norm_name", sa.Text, nullable=False, index=True),
        sa.Column("region", sa.Text, nullable=False))
    op.create_table(
        "unit_names", pk(),
        sa.Column("unit_id", BigId, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("first_year", sa.Integer),
        sa.Column("last_year", sa.Integer),
        sa.UniqueConstraint("unit_id", "name"))
    op.create_table(
        "disclosures", pk(),
        sa.Column("unit_id", BigId, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("phase", sa.Text, nullable=False),
        sa.UniqueConstraint("unit_id", "year", "scope", "phase"))
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False))
    op.create_table(
        "documents", pk(),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False, unique=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("error", sa.Text),
        sa.Column("format", sa.Text),
        sa.Column("encoding", sa.Text),
        sa.Column("disclosure_id", BigId, sa.ForeignKey("disclosures.id"), index=True),
        sa.Column("version", sa.Integer),
        sa.Column("superseded_by", BigId, sa.ForeignKey("documents.id")),
        sa.Column("unit_name", sa.Text),
        sa.Column("unit_code", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("scope", sa.Text),
        sa.Column("phase", sa.Text),
        sa.Column("template", sa.Text),
        sa.Column("facts", sa.Integer, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("infos", sa.Integer, nullable=False),
        sa.Column("reader_version", sa.Text),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("model", sa.LargeBinary))
    op.create_table(
        "document_sources", pk(),
        sa.Column("document_id", BigId, sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("fetched_at", sa.DateTime(timezone=True)),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("document_id", "path"))
    op.create_table(
        "printed_tables", pk(),
        sa.Column("document_id", BigId, sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("table_index", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("number", sa.Integer),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("unit", sa.Text),
        sa.Column("content", sa.Text, nullable=False))
    op.create_table(
        "facts", pk(),
        sa.Column("document_id", BigId, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("unit_id", BigId, sa.ForeignKey("units.id")),
        sa.Column("year", sa.Integer),
        sa.Column("scope", sa.Text),
        sa.Column("disclosure_phase", sa.Text),
        sa.Column("table_index", sa.Integer, nullable=False),
        sa.Column("table_kind", sa.Text, nullable=False),
        sa.Column("side", sa.Text),
        sa.Column("phase", sa.Text),
        sa.Column("budget_type", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("function_code", sa.Text),
        sa.Column("economic_code", sa.Text),
        sa.Column("project", sa.Text),
        sa.Column("nature", sa.Text),
        sa.Column("item", sa.Text),
        sa.Column("label", sa.Text),
        sa.Column("name", sa.Text),
        sa.Column("row_kind", sa.Text, nullable=False),
        sa.Column("amount", Amount, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("precision", sa.Integer),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("ambiguous", sa.Integer, nullable=False),
        sa.Column("alternatives", sa.Text),
        sa.Column("row_index", sa.Integer, nullable=False),
        sa.Column("column_key", sa.Text),
        sa.Column("line", sa.Integer),
        sa.Column("page", sa.Integer),
        sa.Column("provenance", sa.Text, nullable=False))
    op.create_index("ix_facts_document", "facts", ["document_id"])
    op.create_index("ix_facts_unit_year", "facts", ["unit_id", "year", "table_kind"])
    op.create_table(
        "claims", pk(),
        sa.Column("document_id", BigId, sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("section", sa.Text),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("concept", sa.Text),
        sa.Column("coords", sa.Text),
        sa.Column("value", Amount, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("precision", sa.Integer),
        sa.Column("direction", sa.Text),
        sa.Column("basis", sa.Text),
        sa.Column("implied_prior", Amount),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("line", sa.Integer))
    op.create_table(
        "findings", pk(),
        sa.Column("document_id", BigId, sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("prior_document_id", BigId, sa.ForeignKey("documents.id")),
        sa.Column("rule", sa.Text, nullable=False, index=True),
        sa.Column("severity", sa.Text, nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("expected", sa.Text),
        sa.Column("found", sa.Text),
        sa.Column("difference", Amount),
        sa.Column("tolerance", Amount),
        sa.Column("fingerprint", sa.Text, nullable=False, index=True),
        sa.Column("note", sa.Text),
        sa.Column("evidence", sa.Text, nullable=False))
    for sql in VIEWS:
        op.execute(sql)


def downgrade() -> None:
    for name in reversed(VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for table in ("findings", "claims", "facts", "printed_tables", "document_sources", "documents",
                  "blobs", "disclosures", "unit_names", "units"):
        op.drop_table(table)


# Views read current versions only (superseded_by IS NULL), the budget year's own columns
# (not 上年 comparisons) and amounts whose column is decided. Amounts stay integer 分 so both
# databases give identical results; budgetlens formats them as 万元.
CURRENT = ("FROM facts f JOIN documents d ON d.id = f.document_id AND d.superseded_by IS NULL "
           "JOIN units u ON u.id = f.unit_id "
           "WHERE f.ambiguous = 0 AND (f.phase IS NULL OR f.phase NOT LIKE '上年%')")
KEYS = "f.unit_id, u.name, f.scope, f.disclosure_phase, f.year"
SELECT_KEYS = "f.unit_id, u.name AS unit_name, f.scope, f.disclosure_phase AS phase, f.year"

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
SELECT {SELECT_KEYS},
  MAX(CASE WHEN f.table_kind = 'income' AND f.source = 'total' THEN f.amount_fen END) AS income_fen,
  MAX(CASE WHEN f.table_kind = 'expenditure' AND f.nature = 'total' THEN f.amount_fen END) AS expenditure_fen,
  MAX(CASE WHEN f.table_kind = 'expenditure' AND f.nature = 'basic' THEN f.amount_fen END) AS basic_fen,
  MAX(CASE WHEN f.table_kind = 'expenditure' AND f.nature = 'project' THEN f.amount_fen END) AS project_fen,
  MAX(CASE WHEN f.table_kind = 'gpb_expenditure' AND f.nature = 'total' THEN f.amount_fen END) AS gpb_fen
{CURRENT} AND f.row_kind = 'total'
GROUP BY {KEYS}""",
    f"""CREATE VIEW v_function_structure AS
SELECT {SELECT_KEYS}, f.function_code AS class_code, MAX(f.name) AS class_name,
       MAX(f.amount_fen) AS amount_fen
{CURRENT} AND f.table_kind = 'expenditure' AND f.nature = 'total' AND LENGTH(f.function_code) = 3
GROUP BY {KEYS}, f.function_code""",
    """CREATE VIEW v_basic_project AS
SELECT unit_id, unit_name, scope, phase, year, basic_fen, project_fen, expenditure_fen
FROM v_totals""",
    f"""CREATE VIEW v_three_public AS
SELECT {SELECT_KEYS}, f.item,
  COALESCE(MAX(CASE WHEN f.budget_type = 'total' THEN f.amount_fen END),
           MAX(CASE WHEN f.budget_type = 'gpb' THEN f.amount_fen END),
           MAX(f.amount_fen)) AS amount_fen
{CURRENT} AND f.table_kind = 'three_public' AND f.item IS NOT NULL
GROUP BY {KEYS}, f.item""",
    """CREATE VIEW v_findings_by_rule AS
SELECT fi.rule, fi.severity, fi.category, COUNT(*) AS findings,
       COUNT(DISTINCT fi.document_id) AS documents
FROM findings fi JOIN documents d ON d.id = fi.document_id AND d.superseded_by IS NULL
GROUP BY fi.rule, fi.severity, fi.category""",
]
VIEW_NAMES = ["v_current_facts", "v_documents", "v_totals", "v_function_structure", "v_basic_project",
              "v_three_public", "v_findings_by_rule"]
