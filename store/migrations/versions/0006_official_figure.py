"""Official figures from Statistikbanken (`kommunevagt stats sync`), for checking claimed figures.

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "official_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(), nullable=False),
        sa.Column("table_id", sa.String(), nullable=False),
        sa.Column("variable_codes", sa.String(), nullable=False),
        sa.Column("area_code", sa.String(), nullable=False),
        sa.Column("subject_type", sa.String(), nullable=False),
        sa.Column("subject_code", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("link", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_figure")),
        sa.UniqueConstraint(
            "table_id", "area_code", "period", "variable_codes", name="uq_official_figure_cell"
        ),
    )
    op.create_index(
        "ix_official_figure_lookup", "official_figure", ["measure", "subject_type", "subject_code", "period"]
    )


def downgrade() -> None:
    op.drop_index("ix_official_figure_lookup", table_name="official_figure")
    op.drop_table("official_figure")
