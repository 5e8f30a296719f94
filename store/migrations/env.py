"""Alembic environment: run by `store.upgrade`, which hands over a live connection.

The target is `SQLModel.metadata` (all tables of store.models). SQLite needs batch mode for any
ALTER beyond adding a column. The FTS objects of revision 0002 are not in the models and are
left out of autogenerate comparisons.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from store.schema import include_name

target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    """`alembic upgrade --sql`: emit SQL for a URL without connecting."""
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        include_name=include_name,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from store.db import migration_engine

        with migration_engine(context.config.get_main_option("sqlalchemy.url")).connect() as conn:
            _run(conn)
    else:
        _run(connection)


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
