"""The ingestion path's identity rule (`crud.document_status`), on SQLite and PostgreSQL.

Rows are written with `upsert_document`, which has no duplicate rule of its own, so a test can
set up states the crawler never makes itself (two URLs with one text) and check which row the
rule names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session

from store import crud
from store.db import get_engine, session_scope
from store.models import Document
from tests.store.factories import sample
from tests.store.test_refused_text import long_url

A, B, C = (f"https://avis.example/{name}.html" for name in "abc")


@pytest.fixture
def session(migrated_database_url: str) -> Iterator[Session]:
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        yield session


def put(session: Session, url: str, version: int) -> Document:
    """Version `version` of the sample text stored under `url` (no duplicate check)."""
    document, _ = sample(version, url=url)
    row, _ = crud.upsert_document(session=session, document=document)
    return row


def status(session: Session, url: str, version: int) -> tuple[str, str | None]:
    digest = sample(version)[0].content_hash
    found = crud.document_status(session=session, canonical_url=url, content_hash=digest)
    return found.outcome, found.reason


def test_new_unchanged_updated_duplicate(session: Session) -> None:
    assert status(session, A, 1) == ("stored", None)
    put(session, A, 1)
    assert status(session, A, 1) == ("unchanged", "same content as stored")
    assert status(session, A, 2) == ("updated", None)
    assert status(session, B, 1) == ("duplicate", f"same content as {A}")
    assert status(session, B, 2) == ("stored", None)


def test_the_rows_it_found(session: Session) -> None:
    row = put(session, A, 1)
    found = crud.document_status(session=session, canonical_url=A, content_hash="0" * 64)
    assert (found.outcome, found.existing, found.twin) == ("updated", row, None)
    found = crud.document_status(session=session, canonical_url=B, content_hash=row.content_hash)
    assert (found.outcome, found.existing, found.twin) == ("duplicate", None, row)


def test_a_known_url_whose_new_text_another_url_has_is_a_duplicate(session: Session) -> None:
    put(session, A, 1)
    put(session, B, 2)
    assert status(session, B, 1) == ("duplicate", f"same content as {A}")


def test_the_oldest_twin_is_named_and_a_known_url_is_unchanged_before_duplicate(session: Session) -> None:
    put(session, B, 1)
    put(session, A, 1)  # the same text under a second URL (as a race between two crawls could leave it)
    assert status(session, C, 1) == ("duplicate", f"same content as {B}")
    assert status(session, A, 1) == ("unchanged", "same content as stored")


def test_a_url_is_matched_whole(session: Session) -> None:
    first, second = long_url("&side=1"), long_url("&side=2")  # share their first 10 kB
    put(session, first, 1)
    assert status(session, second, 2) == ("stored", None)
    assert status(session, first, 2) == ("updated", None)
    assert status(session, first.upper(), 1) == ("duplicate", f"same content as {first}")


def test_store_document_refuses_duplicates_only_when_asked(session: Session) -> None:
    row = put(session, A, 1)
    document, found = sample(1, url=B)
    refused = crud.store_document(
        session=session, document=document, extraction=found, refuse_duplicates=True
    )
    assert (refused.outcome, refused.document, refused.status.reason) == (
        "duplicate",
        row,
        f"same content as {A}",
    )
    assert crud.get_document_by_canonical_url(session=session, canonical_url=B) is None
    document, found = sample(1, url=B)
    assert crud.store_document(session=session, document=document, extraction=found).outcome == "stored"


def test_an_updated_row_gets_every_field(session: Session) -> None:
    """The look-up leaves the stored text unloaded; an update must still write the new one."""
    put(session, A, 1)
    session.commit()
    session.expunge_all()
    row, outcome = crud.upsert_document(session=session, document=sample(2, url=A)[0])
    session.commit()
    session.expunge_all()
    stored = crud.get_document_by_canonical_url(session=session, canonical_url=A)
    new = sample(2)[0]
    assert outcome == "updated" and stored is not None
    assert (stored.id, stored.text, stored.title, stored.content_hash) == (
        row.id,
        new.text,
        new.title,
        new.content_hash,
    )


def test_one_statement_answered_from_the_indexes(session: Session) -> None:
    """One statement with an OR must still be two index look-ups, not a scan of every document
    (PostgreSQL's URL key is md5(canonical_url), revision 0004; SQLite's a unique constraint)."""
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        statements.append((statement, parameters))

    put(session, A, 1)
    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        crud.document_status(session=session, canonical_url=B, content_hash="0" * 64)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(statements) == 1
    statement, parameters = statements[0]
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
        plan = "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters))
        assert "Seq Scan" not in plan and "uq_document_canonical_url_md5" in plan, plan
    else:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        plan = "\n".join(str(row[3]) for row in rows)
        assert "SCAN document" not in plan and "canonical_url=?" in plan, plan
