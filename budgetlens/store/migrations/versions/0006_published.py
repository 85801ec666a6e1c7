"""Drafts: documents.published is 0 for a document a finance bureau stored to check before
publication (uploaded on the portal with the admin token, or `budgetlens ingest --draft`), 1 once
published. The views read published current documents only, so a draft's figures appear in no
total, comparison or export until it is published; v_documents lists drafts too, with the flag.

Documents stored before: published (the store had no drafts).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from importlib import import_module

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PRIOR = import_module("budgetlens.store.migrations.versions.0004_final_accounts_actuals")
SHOWN = "d.superseded_by IS NULL"
PUBLISHED = "d.superseded_by IS NULL AND d.published = 1"
LISTED = "d.own_set_assumed,"
VIEWS = [sql.replace(SHOWN, PUBLISHED).replace(LISTED, f"{LISTED} d.published,") for sql in PRIOR.VIEWS]
VIEW_NAMES = PRIOR.VIEW_NAMES


def upgrade() -> None:
    drop_views()
    op.add_column("documents", sa.Column("published", sa.Integer, nullable=False, server_default="1"))
    create_views(VIEWS)


def downgrade() -> None:
    drop_views()            # SQLite copies the table: its views go first
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("published")
    create_views(PRIOR.VIEWS)


def drop_views() -> None:
    for name in reversed(VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")


def create_views(views: list[str]) -> None:
    for sql in views:
        op.execute(sql)
