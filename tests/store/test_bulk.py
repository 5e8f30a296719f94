"""store.bulk: the bench archive goes in through COPY on PostgreSQL (executemany on SQLite) and
comes out as a normal database: every row counted, indexes and keys rebuilt, sequences past the
loaded ids, every UI view answering."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from bench import ui_views
from bench.archive import TABLES, generate
from bench.plans import explain
from store.bulk import bulk_load
from store.db import get_engine, migration_engine, session_scope
from store.models import Document, Source


def _indexes(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {table: {ix["name"] or "" for ix in inspector.get_indexes(table)} for table in TABLES}


def _foreign_keys(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {table: {fk["name"] or "" for fk in inspector.get_foreign_keys(table)} for table in TABLES}


def test_generated_archive_is_complete_and_usable(migrated_database_url: str) -> None:
    url = migrated_database_url
    engine = get_engine(url)
    indexes, keys = _indexes(engine), _foreign_keys(engine)

    counts = generate(url, documents=150)

    assert counts.load is not None
    assert counts.load.rows["claim"] == counts.claims == 750
    with engine.connect() as connection:
        for table, model in TABLES.items():
            stored = connection.execute(select(func.count()).select_from(model)).scalar()
            assert stored == counts.load.rows[table], table
    assert counts.load.total_rows == sum(counts.load.rows.values()) > 5 * counts.documents
    # What was dropped for the load (PostgreSQL) is back, under the same names.
    engine.dispose()
    assert _indexes(engine) == indexes
    assert _foreign_keys(engine) == keys
    # The crawler's next document takes the next id instead of colliding with a loaded one.
    with session_scope(engine, write=True) as session:
        source = session.get(Source, 1)
        assert source is not None
        document = Document(
            url="https://ny.example/1",
            canonical_url="https://ny.example/1",
            text="Ny tekst.",
            content_hash="x" * 40,
            kind="news",
            source_id=source.id,
            fetched_at=datetime.now(UTC),
        )
        session.add(document)
        session.flush()
        assert document.id == counts.documents + 1
    # Every view of the UI bench answers on the generated archive (timings are the bench's job).
    results = ui_views.measure(url, repeat=1, warmup=0)
    assert {step.page for step, _ in results} == {"Tidslinje", "Politikere", "Tal", "Dækning"}
    assert all(timing.worst > 0 for _, timing in results)
    # The bench shows how the slowest statement runs: measured plan nodes on PostgreSQL.
    statement = max((s for _, t in results for s in t.statements), key=lambda s: s.seconds)
    plan = explain(engine, statement)
    assert ("actual time=" in plan) if url.startswith("postgresql") else ("SEARCH" in plan or "SCAN" in plan)


@pytest.mark.postgres
def test_a_failed_load_leaves_nothing_and_keeps_the_indexes(migrated_database_url: str) -> None:
    url = migrated_database_url
    if not url.startswith("postgresql"):
        pytest.skip("the indexes are only dropped for the load on PostgreSQL")
    engine = migration_engine(url)
    before = _indexes(engine)
    row = {
        "url": "https://a.example/1",
        "canonical_url": "https://a.example/1",
        "text": "Tekst.",
        "content_hash": "y" * 40,
        "kind": "news",
        "status": "ok",
        "fetched_at": datetime.now(UTC),
        "language": "da",
    }
    # The same canonical URL twice: the unique index, rebuilt after the load, refuses it.
    rows = [{**row, "id": 1}, {**row, "id": 2, "url": "https://a.example/2"}]
    with (
        pytest.raises(IntegrityError),
        engine.begin() as connection,
        bulk_load(connection, ["document"]) as loader,
    ):
        loader.insert(Document, rows)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM document")).scalar() == 0
    engine.dispose()
    assert _indexes(engine) == before
