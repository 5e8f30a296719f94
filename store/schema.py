"""Schema revisions: which Alembic revision a database is at and whether this code knows it.

The Alembic configuration is built in code with the script location resolved from this package,
so migrations run from any working directory and from an installed wheel without an alembic.ini.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from store.db import StoreError, describe, migration_engine, translate_errors

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Objects of revision 0002 that are not in the models (plus SQLite's FTS shadow tables).
FTS_OBJECTS = ("claim_fts", "ix_claim_text_fts")
# The unique key on document.canonical_url (revision 0004): a constraint on SQLite, an index on
# md5(canonical_url) on PostgreSQL; not in the models, since a model cannot hold either per database.
URL_KEY_OBJECTS = ("uq_document_canonical_url",)
# PostgreSQL-only indexes (revision 0011 and later): orderings SQLite's plans do not need.
PG_ONLY_OBJECTS = ("ix_pg_",)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic filter keeping the hand-written per-database objects out of model comparisons."""
    return not (name and name.startswith(FTS_OBJECTS + URL_KEY_OBJECTS + PG_ONLY_OBJECTS))


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config for this package's migrations (`url` only matters for offline SQL)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest revision this code ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "store/migrations/versions has no revisions"
    return head


def revisions_of(connection: Connection) -> tuple[str, ...]:
    """The revision(s) recorded in the database; empty for a database never upgraded."""
    return tuple(MigrationContext.configure(connection).get_current_heads())


def ensure_known(connection: Connection, url: str | None = None) -> None:
    """Refuse a database stamped with a revision this code lacks (written by a newer Kommunevagt).

    Upgrading or using such a database could break it, so the user is told to update instead.
    """
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in revisions_of(connection) if rev not in known]
    if unknown:
        raise StoreError(
            f"database {describe(url)} is at schema revision {', '.join(unknown)}, which this version of "
            f"kommunevagt does not know (head is {head_revision()}); it was probably created by a newer "
            "kommunevagt, so update kommunevagt instead"
        )


def current_revision(url: str | None = None) -> str | None:
    """The database's revision, or None if it has never been upgraded."""
    with translate_errors(url), migration_engine(url).connect() as connection:
        ensure_known(connection, url)
        revisions = revisions_of(connection)
    return revisions[0] if revisions else None


def require_head(url: str | None = None) -> None:
    """For commands that read or write data: fail clearly unless the schema is current."""
    revision = current_revision(url)
    if revision != head_revision():
        state = "has no schema yet" if revision is None else f"is at schema revision {revision}"
        raise StoreError(f"database {describe(url)} {state}; run `kommunevagt db upgrade` first")
