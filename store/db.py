"""Engines and sessions: the only place that knows how to connect.

SQLite is the embedded default (a file under var/), PostgreSQL the team option. Both are reached
through `get_engine()`, which caches one engine per URL so every caller in a process shares one
connection pool. Connection problems are turned into `StoreError` with one readable line, which
the CLI prints instead of a traceback.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import NullPool, StaticPool
from sqlmodel import Session

from core.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 10

# Execution option read when a SQLite transaction begins: "IMMEDIATE" takes the write lock at
# BEGIN (waiting up to the busy timeout), so a writer never fails half-way because another
# process wrote after its first read.
SQLITE_BEGIN_OPTION = "kommunevagt_sqlite_begin"

_engines: dict[tuple[str, bool], Engine] = {}


class StoreError(RuntimeError):
    """A problem with the database the user can act on; `str()` is one line without a traceback."""


def parse_url(url: str | None = None) -> URL:
    """The SQLAlchemy URL to use; DATABASE_URL (or the SQLite default) when `url` is None.

    `postgresql://` and `postgres://` are read as psycopg 3, the only PostgreSQL driver installed.
    """
    raw = url if url is not None else get_settings().resolved_database_url()
    try:
        parsed = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        masked = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", raw)
        raise StoreError(f"DATABASE_URL is not a valid database URL ({_one_line(exc)}): {masked!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "postgres" or parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend not in ("sqlite", "postgresql"):
        raise StoreError(
            f"DATABASE_URL names an unsupported database {backend!r}; use sqlite:///PATH or "
            f"postgresql+psycopg://USER@HOST/DB: {_safe(parsed)}"
        )
    return parsed


def describe(url: str | None = None) -> str:
    """The URL with any password masked, for messages."""
    return _safe(parse_url(url))


def get_engine(url: str | None = None) -> Engine:
    """The shared engine for `url` (default: DATABASE_URL or the SQLite file)."""
    return _cached_engine(parse_url(url), foreign_keys=True)


def migration_engine(url: str | None = None) -> Engine:
    """An engine for Alembic: on SQLite foreign keys are off, as batch migrations copy tables."""
    return _cached_engine(parse_url(url), foreign_keys=False)


def dispose_engines(url: str | None = None) -> None:
    """Close pooled connections, of one URL or of all (tests dropping databases, forked workers)."""
    wanted = None if url is None else parse_url(url).render_as_string(hide_password=False)
    for key in [key for key in _engines if wanted is None or key[0] == wanted]:
        _engines.pop(key).dispose()


@contextmanager
def session_scope(engine: Engine | None = None, *, write: bool = False) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises.

    `write=True` is for blocks that write: on SQLite the transaction then takes the write lock
    when it begins, so two writing processes queue instead of one failing with "database is
    locked". Readers leave it off and never wait for writers (WAL). Objects stay readable after
    the commit (`expire_on_commit=False`) so callers can return them.
    """
    bind = engine or get_engine()
    if write and bind.dialect.name == "sqlite":
        bind = bind.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
    session = Session(bind, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def translate_errors(url: str | None = None) -> Iterator[None]:
    """Turn driver-level connection failures inside the block into a one-line `StoreError`."""
    try:
        yield
    except DBAPIError as exc:
        raise StoreError(f"cannot use database {_describe_quietly(url)}: {_one_line(exc.orig)}") from exc
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"cannot use database {_describe_quietly(url)}: {_one_line(exc)}") from exc


def error_line(exc: BaseException) -> str | None:
    """One line for a database problem found in `exc` or its causes; None if there is none.

    For the command boundary (`kommunevagt.cli.main`): an unreachable server, a corrupt or
    read-only file, an unparseable DATABASE_URL or a schema newer than the code is something the
    user fixes, so it deserves a sentence, not a traceback. Errors not raised through
    `translate_errors` (a write that fails half-way) are described with the configured URL.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StoreError):
            return str(current)
        if isinstance(current, DBAPIError):
            return f"cannot use database {_describe_quietly(None)}: {_one_line(current.orig)}"
        if isinstance(current, sqlite3.Error):
            return f"cannot use database {_describe_quietly(None)}: {_one_line(current)}"
        current = current.__cause__ or current.__context__
    return None


# --- internals ------------------------------------------------------------------------------


def _cached_engine(url: URL, *, foreign_keys: bool) -> Engine:
    key = (url.render_as_string(hide_password=False), foreign_keys)
    engine = _engines.get(key)
    if engine is None:
        engine = _create(url, foreign_keys=foreign_keys)
        _engines[key] = engine
    return engine


def _create(url: URL, *, foreign_keys: bool) -> Engine:
    try:
        if url.get_backend_name() == "sqlite":
            return _create_sqlite(url, foreign_keys=foreign_keys)
        return create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S, "options": "-c timezone=UTC"},
            poolclass=None if foreign_keys else NullPool,
        )
    except (ArgumentError, NoSuchModuleError, ValueError, TypeError) as exc:
        raise StoreError(f"DATABASE_URL cannot be used ({_one_line(exc)}): {_safe(url)}") from exc


def _create_sqlite(url: URL, *, foreign_keys: bool) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    if in_memory:
        # One shared connection, or every checkout would see its own empty database.
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"]["check_same_thread"] = False
    else:
        try:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for SQLite file {database}: {exc.strerror}") from exc
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Python's sqlite3 (before 3.12) opens transactions late and on its own terms, which
        # turns a first SAVEPOINT into a commit point. Switch that off and let `_on_begin` emit
        # BEGIN, so a SQLAlchemy transaction is exactly one SQLite transaction (DDL included).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                # WAL lets the UI read while the crawler writes.
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _safe(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _describe_quietly(url: str | None) -> str:
    try:
        return describe(url)
    except StoreError:
        return "(unparseable URL)"


def _one_line(exc: BaseException | None) -> str:
    """The first non-empty line of an exception message (drivers add hints on further lines)."""
    text = str(exc) if exc is not None else ""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__
