"""Saved searches ("overvågninger", watch/) and their sent log.

- watch: a saved search (filters as JSON), its channels, schedule and id watermarks.
- watch_item: what a watch found, one row per story, document or kommune spike (unique per watch).
- watch_delivery: an item on one channel, pending until sent_at is set.

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0008"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("emails", sa.JSON(), nullable=False),
        sa.Column("webhook_url", sa.String(), nullable=True),
        sa.Column("webhook_secret", sa.String(), nullable=True),
        sa.Column("frequency", sa.String(), nullable=False),
        sa.Column("at_time", sa.String(), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_document_id", sa.Integer(), nullable=False),
        sa.Column("last_claim_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch")),
        sa.UniqueConstraint("name", name=op.f("uq_watch_name")),
    )
    op.create_table(
        "watch_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["watch_id"], ["watch.id"], name=op.f("fk_watch_item_watch_id_watch"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_item")),
        sa.UniqueConstraint("watch_id", "item_key", name="uq_watch_item_key"),
    )
    op.create_table(
        "watch_delivery",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recipients", sa.String(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["watch_item.id"],
            name=op.f("fk_watch_delivery_item_id_watch_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "channel", name=op.f("pk_watch_delivery")),
    )
    op.create_index("ix_watch_delivery_pending", "watch_delivery", ["channel", "sent_at"])


def downgrade() -> None:
    op.drop_index("ix_watch_delivery_pending", table_name="watch_delivery")
    op.drop_table("watch_delivery")
    op.drop_table("watch_item")
    op.drop_table("watch")
