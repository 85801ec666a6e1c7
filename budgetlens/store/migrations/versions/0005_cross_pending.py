"""Whether the rules across documents have run for a document: documents.cross_pending is 1
from its storing until the second phase of an ingest (year-over-year, 部门 vs 单位) has run its
pairs. Before, that phase ran for the documents stored in the same run only, so a run stopped
before it (killed, Ctrl-C, a lost connection) left them unchecked for good: the next run found
them stored and skipped them.

Documents stored before: pending, since nothing tells whether their run got that far; the next
ingest runs their pairs (replacing, never adding to, the findings of any earlier run).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from importlib import import_module

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

VIEWS = import_module("budgetlens.store.migrations.versions.0004_final_accounts_actuals")


def upgrade() -> None:
    op.add_column("documents", sa.Column("cross_pending", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    for name in reversed(VIEWS.VIEW_NAMES):       # SQLite copies the table: its views go first
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("cross_pending")
    for sql in VIEWS.VIEWS:
        op.execute(sql)
