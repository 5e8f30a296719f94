"""Watches remember the ids a run saw while writers were still in flight (store/watch_horizon.py).

- watch.seen_document_id, watch.seen_claim_id, watch.seen_at: the highest ids a run read and the
  database's clock when it read them, kept until every transaction older than that has ended;
  only then do they become the watermarks (last_document_id, last_claim_id). On PostgreSQL ids
  can commit out of order, and a watermark moved past an id still in flight lost its row.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("watch", sa.Column("seen_document_id", sa.Integer(), nullable=True))
    op.add_column("watch", sa.Column("seen_claim_id", sa.Integer(), nullable=True))
    op.add_column("watch", sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("watch") as batch:
        batch.drop_column("seen_at")
        batch.drop_column("seen_claim_id")
        batch.drop_column("seen_document_id")
