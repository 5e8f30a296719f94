"""Refresh the query planner's statistics (SQLite `ANALYZE`, PostgreSQL `ANALYZE`).

Without statistics SQLite guesses every index equally selective, which for the UI's filters can
mean reading a whole table where a narrow range would do. Statistics go stale as the archive
grows, so they are refreshed after `store.upgrade.upgrade` (new indexes, first tables), after a
crawl run and after generating the bench archive. On SQLite `analysis_limit` bounds the work:
each index is sampled instead of read in full, so a refresh stays around a second on a large
archive while the estimates remain good enough for choosing between indexes.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection, Engine

from store.db import SQLITE_BEGIN_OPTION, get_engine, translate_errors

# Rows examined per index on SQLite; the SQLite documentation suggests 100-1000.
SQLITE_ANALYSIS_LIMIT = 1000


def analyze_connection(connection: Connection) -> None:
    """Refresh the statistics inside the caller's transaction (used by the upgrade)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
    connection.exec_driver_sql("ANALYZE")


def analyze(engine: Engine | str | None = None) -> None:
    """Refresh the statistics of the database behind `engine` (an Engine, a URL or the default).

    On SQLite the transaction takes the write lock when it begins, since ANALYZE writes
    sqlite_stat1; a concurrent writer (the crawler) is waited for, not failed.
    """
    bind = engine if isinstance(engine, Engine) else get_engine(engine)
    if bind.dialect.name == "sqlite":
        bind = bind.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
    with translate_errors(None if isinstance(engine, Engine) else engine), bind.begin() as connection:
        analyze_connection(connection)
