"""Covering indexes for the UI's read queries, found with EXPLAIN QUERY PLAN on the generated
100,000-document archive (`kommunevagt bench ui`).

- mention(type, published_at, target_id, document_id): coverage per week, per source and the
  most-mentioned politicians read one date range of one mention type from the index alone,
  instead of one range per kommune/person plus a table row per mention.
- claimstatistic(statistic_id, claim_id): the "type of figure" filter goes from statistic to
  claim; the primary key (claim_id, statistic_id) only serves the other direction. It also
  serves the ON DELETE CASCADE from statistic, which otherwise scans the whole link table.
- claim(document_id, published_at) replaces claim(document_id): the document-kind and source
  filters get the day of each claim without reading the claim row (the sentence text).
- claimkommune(kommune_code, published_at, claim_id) replaces (kommune_code, published_at): the
  kommune and region filters collect claim ids from the index alone.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_mention_type_published", "mention", ["type", "published_at", "target_id", "document_id"]
    )
    op.create_index("ix_claimstatistic_statistic", "claimstatistic", ["statistic_id", "claim_id"])
    op.create_index("ix_claim_document_published", "claim", ["document_id", "published_at"])
    op.drop_index("ix_claim_document", table_name="claim")
    op.create_index(
        "ix_claimkommune_kommune_published_claim",
        "claimkommune",
        ["kommune_code", "published_at", "claim_id"],
    )
    op.drop_index("ix_claimkommune_kommune_published", table_name="claimkommune")


def downgrade() -> None:
    op.create_index("ix_claimkommune_kommune_published", "claimkommune", ["kommune_code", "published_at"])
    op.drop_index("ix_claimkommune_kommune_published_claim", table_name="claimkommune")
    op.create_index("ix_claim_document", "claim", ["document_id"])
    op.drop_index("ix_claim_document_published", table_name="claim")
    op.drop_index("ix_claimstatistic_statistic", table_name="claimstatistic")
    op.drop_index("ix_mention_type_published", table_name="mention")
