"""A disclosure published as several files stored as one document (document_parts: each file,
its bytes in blobs, its role). Documents stored before: each one file, no rows.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "document_parts",
        sa.Column("id", BigId, primary_key=True),
        sa.Column("document_id", BigId, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("role", sa.Text),
        sa.UniqueConstraint("document_id", "seq"),
    )
    op.create_index("ix_document_parts_document_id", "document_parts", ["document_id"])
    op.create_index("ix_document_parts_sha256", "document_parts", ["sha256"])


def downgrade() -> None:
    op.drop_table("document_parts")
