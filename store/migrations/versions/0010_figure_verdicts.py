"""Stored verdicts of `kommunevagt stats check`, and an index for grouping figure records.

- figure_verdict: one row per checked statistic (verdict, official value and period, unit,
  relative gap, table, reason), so the Tal page and the exports read verdicts instead of
  recomputing them.
- ix_statistic_figure_record: statistic (subject_type, subject_code, measure, period), which
  serves the figure groups of one kommune and the grouping across sources.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "figure_verdict",
        sa.Column("statistic_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("verdict", sa.String(), nullable=False),
        sa.Column("official", sa.Float(), nullable=True),
        sa.Column("official_period", sa.String(), nullable=True),
        sa.Column("unit", sa.String(), nullable=True),
        sa.Column("relative_gap", sa.Float(), nullable=True),
        sa.Column("table_id", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["statistic_id"],
            ["statistic.id"],
            name=op.f("fk_figure_verdict_statistic_id_statistic"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("statistic_id", name=op.f("pk_figure_verdict")),
    )
    op.create_index("ix_figure_verdict_published", "figure_verdict", ["published_at"])
    op.create_index(
        "ix_statistic_figure_record", "statistic", ["subject_type", "subject_code", "measure", "period"]
    )


def downgrade() -> None:
    op.drop_index("ix_statistic_figure_record", table_name="statistic")
    op.drop_index("ix_figure_verdict_published", table_name="figure_verdict")
    op.drop_table("figure_verdict")
