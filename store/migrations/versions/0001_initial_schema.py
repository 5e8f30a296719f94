"""Initial schema: every table and index of store.models.

Written from autogenerate output and reviewed; later changes get their own revisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "crawlrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawlrun")),
    )
    op.create_table(
        "party",
        sa.Column("letter", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("abbreviation", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("letter", name=op.f("pk_party")),
    )
    op.create_table(
        "region",
        sa.Column("code", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_region")),
        sa.UniqueConstraint("name", name=op.f("uq_region_name")),
    )
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("homepage", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("name", name=op.f("uq_source_name")),
    )
    op.create_index(op.f("ix_source_kind"), "source", ["kind"], unique=False)
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("canonical_url", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("author", sa.String(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("status_reason", sa.String(), nullable=True),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"], name=op.f("fk_document_source_id_source")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("canonical_url", name=op.f("uq_document_canonical_url")),
    )
    op.create_index(op.f("ix_document_content_hash"), "document", ["content_hash"], unique=False)
    op.create_index(op.f("ix_document_kind"), "document", ["kind"], unique=False)
    op.create_index(op.f("ix_document_published_at"), "document", ["published_at"], unique=False)
    op.create_index("ix_document_source_published", "document", ["source_id", "published_at"], unique=False)
    op.create_index(op.f("ix_document_status"), "document", ["status"], unique=False)
    op.create_table(
        "kommune",
        sa.Column("code", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("region_code", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"], name=op.f("fk_kommune_region_code_region")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_kommune")),
        sa.UniqueConstraint("name", name=op.f("uq_kommune_name")),
    )
    op.create_index(op.f("ix_kommune_region_code"), "kommune", ["region_code"], unique=False)
    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_mention_document_id_document"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention")),
    )
    op.create_index("ix_mention_document", "mention", ["document_id"], unique=False)
    op.create_index(
        "ix_mention_target_published", "mention", ["type", "target_id", "published_at"], unique=False
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("party_letter", sa.String(), nullable=True),
        sa.Column("is_politician", sa.Boolean(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("kommune_code", sa.Integer(), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["kommune_code"], ["kommune.code"], name=op.f("fk_person_kommune_code_kommune")
        ),
        sa.ForeignKeyConstraint(
            ["party_letter"], ["party.letter"], name=op.f("fk_person_party_letter_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("name", name=op.f("uq_person_name")),
    )
    op.create_index(op.f("ix_person_is_politician"), "person", ["is_politician"], unique=False)
    op.create_index(op.f("ix_person_party_letter"), "person", ["party_letter"], unique=False)
    op.create_table(
        "sourcekommunelink",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("kommune_code", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kommune_code"], ["kommune.code"], name=op.f("fk_sourcekommunelink_kommune_code_kommune")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_sourcekommunelink_source_id_source")
        ),
        sa.PrimaryKeyConstraint("source_id", "kommune_code", name=op.f("pk_sourcekommunelink")),
    )
    op.create_table(
        "statistic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=True),
        sa.Column("approx", sa.Boolean(), nullable=False),
        sa.Column("of_value", sa.Float(), nullable=True),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_statistic_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistic")),
    )
    op.create_index("ix_statistic_document", "statistic", ["document_id"], unique=False)
    op.create_index("ix_statistic_kind_published", "statistic", ["kind", "published_at"], unique=False)
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("source_org", sa.String(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_claim_document_id_document"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["speaker_id"], ["person.id"], name=op.f("fk_claim_speaker_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
    )
    op.create_index("ix_claim_document", "claim", ["document_id"], unique=False)
    op.create_index("ix_claim_published", "claim", ["published_at"], unique=False)
    op.create_index("ix_claim_speaker_published", "claim", ["speaker_id", "published_at"], unique=False)
    op.create_table(
        "quote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_quote_document_id_document"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["speaker_id"], ["person.id"], name=op.f("fk_quote_speaker_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote")),
    )
    op.create_index("ix_quote_document", "quote", ["document_id"], unique=False)
    op.create_index("ix_quote_speaker_published", "quote", ["speaker_id", "published_at"], unique=False)
    op.create_table(
        "claimkommune",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("kommune_code", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_claimkommune_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["kommune_code"], ["kommune.code"], name=op.f("fk_claimkommune_kommune_code_kommune")
        ),
        sa.PrimaryKeyConstraint("claim_id", "kommune_code", name=op.f("pk_claimkommune")),
    )
    op.create_index(
        "ix_claimkommune_kommune_published", "claimkommune", ["kommune_code", "published_at"], unique=False
    )
    op.create_table(
        "claimstatistic",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("statistic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_claimstatistic_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["statistic_id"],
            ["statistic.id"],
            name=op.f("fk_claimstatistic_statistic_id_statistic"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "statistic_id", name=op.f("pk_claimstatistic")),
    )


def downgrade() -> None:
    op.drop_table("claimstatistic")
    op.drop_index("ix_claimkommune_kommune_published", table_name="claimkommune")
    op.drop_table("claimkommune")
    op.drop_index("ix_quote_speaker_published", table_name="quote")
    op.drop_index("ix_quote_document", table_name="quote")
    op.drop_table("quote")
    op.drop_index("ix_claim_speaker_published", table_name="claim")
    op.drop_index("ix_claim_published", table_name="claim")
    op.drop_index("ix_claim_document", table_name="claim")
    op.drop_table("claim")
    op.drop_index("ix_statistic_kind_published", table_name="statistic")
    op.drop_index("ix_statistic_document", table_name="statistic")
    op.drop_table("statistic")
    op.drop_table("sourcekommunelink")
    op.drop_index(op.f("ix_person_party_letter"), table_name="person")
    op.drop_index(op.f("ix_person_is_politician"), table_name="person")
    op.drop_table("person")
    op.drop_index("ix_mention_target_published", table_name="mention")
    op.drop_index("ix_mention_document", table_name="mention")
    op.drop_table("mention")
    op.drop_index(op.f("ix_kommune_region_code"), table_name="kommune")
    op.drop_table("kommune")
    op.drop_index(op.f("ix_document_status"), table_name="document")
    op.drop_index("ix_document_source_published", table_name="document")
    op.drop_index(op.f("ix_document_published_at"), table_name="document")
    op.drop_index(op.f("ix_document_kind"), table_name="document")
    op.drop_index(op.f("ix_document_content_hash"), table_name="document")
    op.drop_table("document")
    op.drop_index(op.f("ix_source_kind"), table_name="source")
    op.drop_table("source")
    op.drop_table("region")
    op.drop_table("party")
    op.drop_table("crawlrun")
