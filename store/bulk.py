"""Bulk loading: many rows with explicit ids into the tables of an archive, as fast as each database allows.

This is the store's write path for tooling that fills a database in one go (the bench archive,
`bench/archive.py`), beside `crud.py`'s one-document-per-transaction path for the crawler.

PostgreSQL follows its manual's advice for populating a database ("Populating a Database"):
the secondary indexes and foreign keys of the loaded tables are dropped when loading begins,
rows go in with `COPY ... FROM STDIN` (psycopg's `cursor.copy`), and afterwards the indexes
and keys are built once over all rows, the id sequences are moved past the loaded ids and the
planner statistics are refreshed. Building an index once is several times cheaper than keeping
it up to date row by row, and a foreign key added afterwards is checked in one join.
SQLite has no COPY: the statement SQLAlchemy compiles goes to the driver's `executemany`, with
values converted by the columns' own bind processors (a third of the cost of `execute(insert())`).

Everything runs in the caller's transaction: a failed load leaves nothing behind on PostgreSQL
(transactional DDL), and the indexes are back before anyone else can read the tables.
"""

from __future__ import annotations

import json
import operator
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, insert, text
from sqlalchemy.engine import Connection

from store.analyze import analyze_connection

# Memory PostgreSQL may use per index build; its default (64 MB) spills large sorts to disk.
INDEX_BUILD_MEMORY = "512MB"


@dataclass
class LoadReport:
    """Rows loaded per table and where the time went (the bench prints it as rows/s)."""

    rows: dict[str, int] = field(default_factory=dict)
    load_seconds: float = 0.0  # COPY / executemany only
    index_seconds: float = 0.0  # rebuilding indexes and keys, sequences, ANALYZE

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def rows_per_second(self) -> float:
        """Rows per second over the whole load, index building included."""
        seconds = self.load_seconds + self.index_seconds
        return self.total_rows / seconds if seconds > 0 else 0.0


class BulkLoader:
    """Appends rows (dicts keyed by column name, every dict of one call with the same keys)."""

    def __init__(self, connection: Connection, report: LoadReport) -> None:
        self.connection = connection
        self.report = report

    def insert(self, model: Any, rows: Sequence[dict[str, Any]]) -> None:
        """Load `rows` into the table of `model` (a SQLModel table class or a SQLAlchemy Table)."""
        if not rows:
            return
        table = getattr(model, "__table__", model)
        started = time.perf_counter()
        if self.connection.dialect.name == "postgresql":
            _copy(self.connection, table, rows)
        else:
            _executemany(self.connection, table, rows)
        self.report.load_seconds += time.perf_counter() - started
        self.report.rows[table.name] = self.report.rows.get(table.name, 0) + len(rows)


@contextmanager
def bulk_load(connection: Connection, tables: Sequence[str]) -> Iterator[BulkLoader]:
    """A loader for `tables`; on PostgreSQL their secondary indexes and foreign keys are rebuilt
    when the block ends (meant for empty or small tables: a rebuild reads every row).

    The report (`loader.report`) is complete when the block has ended."""
    report = LoadReport()
    if connection.dialect.name != "postgresql":
        yield BulkLoader(connection, report)
        started = time.perf_counter()
        analyze_connection(connection)
        report.index_seconds = time.perf_counter() - started
        return
    keys = _foreign_keys(connection, tables)
    indexes = _secondary_indexes(connection, tables)
    for table, name, _ in keys:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield BulkLoader(connection, report)
    started = time.perf_counter()
    connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
    for _, definition in indexes:
        connection.exec_driver_sql(definition)
    for table, name, definition in keys:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for table in tables:
        _advance_sequence(connection, table)
    analyze_connection(connection)
    report.index_seconds = time.perf_counter() - started


def _copy(connection: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """COPY the rows in text format; psycopg adapts each value as it would a query parameter."""
    keys = list(rows[0])
    columns = [table.c[key] for key in keys]
    # JSON is written as its text (the text COPY format takes the column's input syntax); every
    # other value goes through the column's own bind processor (UTCDateTime makes it UTC).
    processors = [
        _json_text if isinstance(column.type, JSON) else column.type.bind_processor(connection.dialect)
        for column in columns
    ]
    names = ", ".join(f'"{key}"' for key in keys)
    # Only the few columns with a processor are converted; the rest go to psycopg as they are.
    convert = [(i, proc) for i, proc in enumerate(processors) if proc is not None]
    values_of = operator.itemgetter(*keys)
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            values = list(values_of(row)) if len(keys) > 1 else [row[keys[0]]]
            for i, proc in convert:
                if values[i] is not None:
                    values[i] = proc(values[i])
            copy.write_row(values)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _executemany(connection: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """The SQL `insert(table)` compiles, through the driver's executemany (no per-row ORM work)."""
    keys = list(rows[0])
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=keys)
    order = list(compiled.positiontup or keys)
    processors = [table.c[key].type.bind_processor(connection.dialect) for key in order]
    values = [
        tuple(
            value if proc is None or value is None else proc(value)
            for value, proc in zip((row[k] for k in order), processors, strict=True)
        )
        for row in rows
    ]
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(str(compiled), values)
    finally:
        cursor.close()


def _secondary_indexes(connection: Connection, tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the indexes that back no constraint. Primary keys and
    unique constraints stay and check each row as it arrives; a unique index (PostgreSQL's key on
    md5(canonical_url)) is rebuilt like the others and checks every row when it is built."""
    statement = text(
        """
        SELECT ic.relname, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE t.relname = ANY(:tables) AND t.relnamespace = current_schema()::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY ic.relname
        """
    )
    return [(r[0], r[1]) for r in connection.execute(statement, {"tables": list(tables)})]


def _foreign_keys(connection: Connection, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the foreign keys on `tables`."""
    statement = text(
        """
        SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.contype = 'f' AND t.relname = ANY(:tables)
          AND t.relnamespace = current_schema()::regnamespace
        ORDER BY t.relname, c.conname
        """
    )
    return [(r[0], r[1], r[2]) for r in connection.execute(statement, {"tables": list(tables)})]


def _advance_sequence(connection: Connection, table: str) -> None:
    """Move the table's id sequence past the loaded ids, so the crawler's next insert does not
    collide with them (COPY with explicit ids does not touch the sequence)."""
    sequence = connection.execute(
        text(
            "SELECT pg_get_serial_sequence(:quoted, 'id') FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = :table AND column_name = 'id'"
        ),
        {"quoted": f'"{table}"', "table": table},
    ).scalar()
    if sequence is None:
        return
    connection.execute(
        text(f'SELECT setval(:sequence, GREATEST(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table}"'),
        {"sequence": sequence},
    )
