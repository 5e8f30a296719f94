"""The SQL a view sends, and the plan of its slowest statement (for `kommunevagt bench ui`).

`recorded(engine)` collects every statement executed through the engine while it is open, with
its parameters and time; `explain` shows how the database runs one of them: on PostgreSQL
`EXPLAIN (ANALYZE, BUFFERS)`, which runs it again and reports real row counts and times per plan
node, on SQLite `EXPLAIN QUERY PLAN` (SQLite has no ANALYZE option for a plan).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: Any
    seconds: float


@contextmanager
def recorded(engine: Engine) -> Iterator[list[Statement]]:
    """Statements sent through `engine` inside the block, in order."""
    statements: list[Statement] = []
    started: list[float] = []

    def before(conn: Any, cursor: Any, sql: str, parameters: Any, context: Any, many: bool) -> None:
        started.append(time.perf_counter())

    def after(conn: Any, cursor: Any, sql: str, parameters: Any, context: Any, many: bool) -> None:
        statements.append(Statement(sql, parameters, time.perf_counter() - started.pop()))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def explain(engine: Engine, statement: Statement) -> str:
    """The plan of `statement` as the database prints it, one line per plan line."""
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + statement.sql, statement.parameters).all()
    if engine.dialect.name == "postgresql":
        return "\n".join(str(row[0]) for row in rows)
    return "\n".join(" ".join(str(part) for part in row) for row in rows)
