"""Figure records on the statistic table: what a figure measures, about whom, for when, and
the change it states (issue 11; the fields of `core.result.StatisticMention`). All nullable:
rows written before this revision have none.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("measure", sa.String()),
    ("measure_text", sa.String()),
    ("subject_type", sa.String()),
    ("subject_code", sa.Integer()),
    ("period", sa.String()),
    ("period_inferred", sa.Boolean()),
    ("change_direction", sa.String()),
    ("change_from", sa.Float()),
    ("change_baseline", sa.String()),
)


def upgrade() -> None:
    for name, type_ in COLUMNS:
        op.add_column("statistic", sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statistic") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
