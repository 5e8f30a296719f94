"""Full-text search on claims.

SQLite: an FTS5 external-content table `claim_fts(text)` over `claim`, kept in step by triggers,
so the text is stored once. The tokenizer keeps æ/ø/å distinct (remove_diacritics 0): in Danish
they are letters, and folding å to a would make "år" match "ar".
PostgreSQL: a GIN index on `to_tsvector('danish', text)`; `store.search` writes the same expression
so the planner can use it.

Note for later revisions: a SQLite batch migration that recreates `claim` drops these triggers;
such a revision must create them again (copy SQLITE_UP below).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE claim_fts USING fts5(
        text, content='claim', content_rowid='id', tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER claim_fts_ai AFTER INSERT ON claim BEGIN
        INSERT INTO claim_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER claim_fts_ad AFTER DELETE ON claim BEGIN
        INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER claim_fts_au AFTER UPDATE OF text ON claim BEGIN
        INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO claim_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    # Index the claims written before this revision.
    "INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS claim_fts_au",
    "DROP TRIGGER IF EXISTS claim_fts_ad",
    "DROP TRIGGER IF EXISTS claim_fts_ai",
    "DROP TABLE IF EXISTS claim_fts",
]

PG_UP = ["CREATE INDEX ix_claim_text_fts ON claim USING gin (to_tsvector('danish'::regconfig, text))"]
PG_DOWN = ["DROP INDEX IF EXISTS ix_claim_text_fts"]


def _statements(sqlite: list[str], postgresql: list[str]) -> list[str]:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        return sqlite
    if dialect == "postgresql":
        return postgresql
    raise NotImplementedError(f"no full-text search for {dialect}")


def upgrade() -> None:
    for statement in _statements(SQLITE_UP, PG_UP):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(SQLITE_DOWN, PG_DOWN):
        op.execute(statement)
