"""Stories: near-duplicate documents grouped (store/stories.py).

- story: one text printed with small edits by several outlets; its original and its size.
- documentminhash: each document's MinHash signature and shingle count.
- minhashband: the LSH band keys, so that a new document finds its candidates with one indexed
  look-up instead of a scan of the archive.
- document.story_id: the document's story (NULL for documents stored before this revision until
  `kommunevagt db stories` assigns them).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("original_document_id", sa.Integer(), nullable=True),
        sa.Column("first_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("document_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story")),
    )
    op.create_index(op.f("ix_story_first_published_at"), "story", ["first_published_at"])
    op.create_table(
        "documentminhash",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("shingle_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_documentminhash_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_documentminhash")),
    )
    op.create_table(
        "minhashband",
        sa.Column("band_key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_minhashband_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band_key", "document_id", name=op.f("pk_minhashband")),
    )
    op.add_column("document", sa.Column("story_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_document_story_id"), "document", ["story_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_document_story_id"), table_name="document")
    with op.batch_alter_table("document") as batch:
        batch.drop_column("story_id")
    op.drop_table("minhashband")
    op.drop_table("documentminhash")
    op.drop_index(op.f("ix_story_first_published_at"), table_name="story")
    op.drop_table("story")
