"""When a job started running (jobs.started): the admins' list of jobs (/jobs) shows when each
was submitted, started and finished. Which of a render job's files is last year's disclosure is
in its files (role "prior"), a JSON column: no change of schema.

Jobs stored before: not known (NULL).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("started", sa.Float))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("started")
