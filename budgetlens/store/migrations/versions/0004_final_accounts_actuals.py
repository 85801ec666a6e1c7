"""A final account's figures are its actuals: in a 决算 document the views read the 决算 columns
only, not the budget it prints beside them (the “三公” table's 年初预算 columns). Before, the
views took the larger of the two (MAX), so a 决算's 三公 total could be its budget.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from importlib import import_module

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

PRIOR = import_module("budgetlens.store.migrations.versions.0003_own_set_assumed")
# a column without a phase is the document's own
ACTUALS = " AND (COALESCE(f.disclosure_phase, '') <> '决算' OR COALESCE(f.phase, '决算') = '决算')"
CURRENT = PRIOR.CURRENT + ACTUALS
VIEWS = [sql.replace(PRIOR.CURRENT, CURRENT) for sql in PRIOR.VIEWS]
VIEW_NAMES = PRIOR.VIEW_NAMES


def upgrade() -> None:
    recreate(VIEWS)


def downgrade() -> None:
    recreate(PRIOR.VIEWS)


def recreate(views: list[str]) -> None:
    for name in reversed(VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for sql in views:
        op.execute(sql)
