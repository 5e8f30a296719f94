"""Long URLs on PostgreSQL, and the process that owns a crawl run.

- document.canonical_url stays unique, but on PostgreSQL through a unique index on
  md5(canonical_url) instead of a constraint on the URL itself: a btree entry there holds at most
  about 2.7 kB, so a longer canonical URL could not be stored at all ("index row size exceeds
  btree maximum"; PostgreSQL's own hint is an index on an MD5 hash of the value). md5 is the
  hash PostgreSQL has for text that is immutable, as an index expression must be. SQLite has no
  such limit and keeps its unique constraint. `store.crud` looks URLs up through the same
  expression, so the index is used.
- crawlrun.host and crawlrun.pid name the process that runs a crawl, so the next crawl can tell
  a run whose process was killed (marked "interrupted") from one still running next to it.

Revision ID: 0004
Revises: 0007 (chained after the stories revision already on main; written against 0003)
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_URL_INDEX = "uq_document_canonical_url_md5"


def upgrade() -> None:
    with op.batch_alter_table("crawlrun") as batch:
        batch.add_column(sa.Column("host", sa.String(), nullable=True))
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"CREATE UNIQUE INDEX {PG_URL_INDEX} ON document (md5(canonical_url))")
        op.drop_constraint("uq_document_canonical_url", "document", type_="unique")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.create_unique_constraint("uq_document_canonical_url", "document", ["canonical_url"])
        op.execute(f"DROP INDEX {PG_URL_INDEX}")
    with op.batch_alter_table("crawlrun") as batch:
        batch.drop_column("pid")
        batch.drop_column("host")
