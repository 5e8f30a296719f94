"""`db upgrade` builds the same schema on SQLite and PostgreSQL, matching the models, idempotently."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlmodel import SQLModel

from core.refdata import load_parties
from store.db import StoreError, get_engine, migration_engine, session_scope
from store.models import Kommune, Party, Region
from store.schema import alembic_config, current_revision, head_revision, include_name, require_head
from store.upgrade import upgrade
from tests.conftest import PostgresServer
from tests.store.schema_snapshot import snapshot


@pytest.mark.postgres
def test_sqlite_and_postgresql_get_the_same_schema(tmp_path, postgres_server: PostgresServer) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    pg_url = postgres_server.create_database("kv_same_schema")
    try:
        upgrade(sqlite_url)
        upgrade(pg_url)
        on_sqlite, on_pg = snapshot(sqlite_url), snapshot(pg_url)
        assert set(on_sqlite) == set(on_pg)
        assert {t.name for t in SQLModel.metadata.sorted_tables} | {"alembic_version"} == set(on_pg)
        for table in on_pg:
            assert on_sqlite[table] == on_pg[table], table
    finally:
        postgres_server.drop_database("kv_same_schema")


def _row_counts(url: str) -> dict[str, int]:
    with session_scope(get_engine(url)) as session:
        counts = {}
        for model in (Region, Kommune, Party):
            counts[str(model.__tablename__)] = session.execute(
                select(func.count()).select_from(model)
            ).scalar_one()
        return counts


def test_upgrade_twice_changes_nothing(database_url: str) -> None:
    assert current_revision(database_url) is None
    upgrade(database_url)
    first = (snapshot(database_url), _row_counts(database_url), current_revision(database_url))
    upgrade(database_url)
    second = (snapshot(database_url), _row_counts(database_url), current_revision(database_url))
    assert first == second
    assert first[1] == {"region": 5, "kommune": 98, "party": len(load_parties())}
    assert first[2] == head_revision()


def test_upgrade_repairs_changed_reference_rows(migrated_database_url: str) -> None:
    with session_scope(get_engine(migrated_database_url)) as session:
        session.execute(text("UPDATE kommune SET name = 'Forkert' WHERE code = 151"))
    upgrade(migrated_database_url)
    with session_scope(get_engine(migrated_database_url)) as session:
        assert session.get(Kommune, 151).name == "Ballerup"  # type: ignore[union-attr]


def test_migrated_schema_matches_the_models(migrated_database_url: str) -> None:
    with migration_engine(migrated_database_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_downgrade_to_base_and_back(migrated_database_url: str) -> None:
    config = alembic_config()
    with migration_engine(migrated_database_url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert current_revision(migrated_database_url) is None
    upgrade(migrated_database_url)
    assert current_revision(migrated_database_url) == head_revision()


@pytest.mark.parametrize(
    ("url", "fts"),
    [
        ("postgresql+psycopg://kv@db.example/kv", "ix_claim_text_fts"),
        ("sqlite:///kv.sqlite", "CREATE VIRTUAL TABLE claim_fts"),
    ],
)
def test_offline_sql_for_a_dba(url: str, fts: str) -> None:
    """`upgrade --sql` writes the migration as SQL without connecting (for DBAs who review DDL)."""
    import io

    config = alembic_config(url)
    config.output_buffer = io.StringIO()
    command.upgrade(config, "head", sql=True)
    sql = config.output_buffer.getvalue()
    assert "CREATE TABLE claim" in sql and fts in sql and "INSERT INTO alembic_version" in sql


def test_require_head(database_url: str) -> None:
    with pytest.raises(StoreError, match="no schema yet.*kommunevagt db upgrade"):
        require_head(database_url)
    upgrade(database_url)
    require_head(database_url)
