"""Planner statistics: written by the upgrade and refreshed by `store.analyze.analyze`."""

from __future__ import annotations

from sqlalchemy import text

from store.analyze import analyze
from store.db import get_engine, session_scope
from store.models import Person
from store.upgrade import upgrade


def _rows_known_to_planner(url: str, table: str) -> int | None:
    """The row count the planner believes `table` has; None when it has no statistics."""
    with get_engine(url).connect() as connection:
        if connection.dialect.name == "sqlite":
            stat = connection.execute(
                text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t ORDER BY idx LIMIT 1"), {"t": table}
            ).scalar()
            return None if stat is None else int(str(stat).split()[0])
        tuples = connection.execute(
            text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table}
        ).scalar()
        return None if tuples is None or tuples < 0 else int(tuples)


def test_upgrade_leaves_statistics_of_the_reference_tables(database_url: str) -> None:
    upgrade(database_url)
    assert _rows_known_to_planner(database_url, "kommune") == 98


def test_analyze_sees_rows_written_after_the_upgrade(database_url: str) -> None:
    upgrade(database_url)
    assert not _rows_known_to_planner(database_url, "person")
    with session_scope(get_engine(database_url), write=True) as session:
        session.add_all(Person(name=f"Person {i}", is_politician=i % 2 == 0) for i in range(7))
    analyze(database_url)
    assert _rows_known_to_planner(database_url, "person") == 7
