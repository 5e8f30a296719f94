"""`kommunevagt db upgrade`: bring any database to the newest schema and load the reference lists.

Schema and reference data are written through one connection in one transaction, so on
PostgreSQL (transactional DDL) an interrupted upgrade leaves the database as it was. Concurrent
upgrades (two crawls starting on a brand-new file) wait for each other: on PostgreSQL on an
advisory lock, on SQLite on the write lock, which the transaction takes when it begins (BEGIN
IMMEDIATE). Either way the second one reads the schema only after the first has committed, so it
finds the finished schema instead of creating the same tables again. The planner's statistics
are refreshed last, so new indexes are used from the first query on.
"""

from __future__ import annotations

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from core.refdata import load_kommuner, load_parties, load_regions
from store.analyze import analyze_connection
from store.db import SQLITE_BEGIN_OPTION, migration_engine, translate_errors
from store.models import Kommune, Party, Region
from store.schema import alembic_config, ensure_known

_UPGRADE_LOCK_ID = 0x6B76_0001  # arbitrary, constant: "kv" + 1


def upgrade(url: str | None = None) -> None:
    """Migrate the database at `url` (default DATABASE_URL / SQLite file) to head; idempotent."""
    engine = migration_engine(url)
    if engine.dialect.name == "sqlite":
        engine = engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
    with translate_errors(url), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _UPGRADE_LOCK_ID})
        ensure_known(connection, url)
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        load_reference_data(connection)
        analyze_connection(connection)


def load_reference_data(connection: Connection) -> None:
    """Insert or correct the regions, kommuner and parties; rows already right are not touched."""
    with Session(bind=connection) as session:
        for region in load_regions():
            session.merge(Region(code=region.code, name=region.name))
        session.flush()
        for kommune in load_kommuner():
            session.merge(Kommune(code=kommune.code, name=kommune.name, region_code=kommune.region_code))
        for party in load_parties():
            session.merge(Party(letter=party.letter, name=party.name, abbreviation=party.abbreviation))
        session.commit()
