"""The portal's state in the store, shared by every worker process and kept over a restart:
- jobs: uploads read and documents written in the background (web/jobs.py), with their
  progress, results and the file names; the uploaded bytes are in blobs, so a job a restart
  interrupted (中断) loses no file;
- admin_sessions: a portal login (web/auth.py), removed at logout and void at its expiry;
- documents.signed: the signature date (落款日期) printed in the document, so that which
  version is current can be decided in SQL (store/current.py) as publishing decides it;
- documents.uploaded_by, documents.published_by: which admin (named token) uploaded and
  published a draft.

Documents stored before: their signature date is read from their stored model; who uploaded
them is not known (NULL).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BATCH = 200
PRIOR = "budgetlens.store.migrations.versions.0006_published"


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("done", sa.Integer, nullable=False, server_default="0"),
        sa.Column("current", sa.Text, nullable=False, server_default=""),
        sa.Column("results", sa.Text),
        sa.Column("output", sa.Text),
        sa.Column("error", sa.Text, nullable=False, server_default=""),
        sa.Column("admin", sa.Text),
        sa.Column("runner", sa.String(32), nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("beat", sa.Float, nullable=False),
        sa.Column("finished", sa.Float),
    )
    op.create_index("ix_jobs_status", "jobs", ["status"])
    op.create_table(
        "admin_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("admin", sa.Text, nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("expires", sa.Float, nullable=False),
    )
    op.add_column("documents", sa.Column("signed", sa.Date))
    op.add_column("documents", sa.Column("uploaded_by", sa.Text))
    op.add_column("documents", sa.Column("published_by", sa.Text))
    backfill_signed()


def backfill_signed() -> None:
    """Each stored document's signature date, from its model (zlib-compressed JSON)."""
    from budgetlens.store.versions import stored_signature
    conn = op.get_bind()
    docs = sa.table("documents", sa.column("id", sa.Integer), sa.column("model", sa.LargeBinary),
                    sa.column("signed", sa.Date))
    last = 0
    while True:
        rows = conn.execute(sa.select(docs.c.id, docs.c.model).where(docs.c.id > last, docs.c.model.is_not(None))
                            .order_by(docs.c.id).limit(BATCH)).all()
        if not rows:
            return
        for doc_id, model in rows:
            signed = stored_signature(model)
            if signed:
                try:
                    conn.execute(docs.update().where(docs.c.id == doc_id).values(signed=date.fromisoformat(signed)))
                except ValueError:
                    pass        # a date the model holds in another form: left unknown
        last = rows[-1][0]


def downgrade() -> None:
    from importlib import import_module
    prior = import_module(PRIOR)
    prior.drop_views()          # SQLite copies the table: its views go first
    with op.batch_alter_table("documents") as batch:
        for column in ("published_by", "uploaded_by", "signed"):
            batch.drop_column(column)
    prior.create_views(prior.VIEWS)
    op.drop_table("admin_sessions")
    op.drop_index("ix_jobs_status", "jobs")
    op.drop_table("jobs")
