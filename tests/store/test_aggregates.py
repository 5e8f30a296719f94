"""store.aggregates: Dækning's counts from `mention_day` are the counts from the mentions, and a
stale aggregate is never read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete
from sqlmodel import Session

from bench.archive import generate
from bench.plans import recorded
from store import queries as q
from store.aggregates import is_current, refresh
from store.db import get_engine, session_scope
from store.models import AggregateState, Document, Mention

YEAR = (date(2024, 1, 1), date(2024, 12, 31))
# Each view gets the session and the archive's newest day (the one-day window must hold mentions).
VIEWS: dict[str, Callable[[Session, date], Any]] = {
    "weeks": lambda s, day: q.kommune_weeks(session=s, date_from=YEAR[0], date_to=YEAR[1]),
    "weeks, two kommuner": lambda s, day: q.kommune_weeks(
        session=s, date_from=date(2023, 3, 1), date_to=date(2025, 6, 30), kommuner=(101, 751)
    ),
    "weeks, source and kind": lambda s, day: q.kommune_weeks(
        session=s, date_from=YEAR[0], date_to=YEAR[1], sources=(1, 2, 4), document_kinds=("news", "debate")
    ),
    "weeks, one day": lambda s, day: q.kommune_weeks(session=s, date_from=day, date_to=day),
    "map": lambda s, day: q.kommune_totals(session=s, date_from=YEAR[0], date_to=YEAR[1]),
    "map, source and kind": lambda s, day: q.kommune_totals(
        session=s, date_from=YEAR[0], date_to=YEAR[1], sources=(1, 2, 4), document_kinds=("news", "debate")
    ),
    "map, one day": lambda s, day: q.kommune_totals(session=s, date_from=day, date_to=day),
    "politicians": lambda s, day: q.top_politicians(session=s, date_from=YEAR[0], date_to=YEAR[1], limit=500),
    "politicians, a month": lambda s, day: q.top_politicians(
        session=s, date_from=date(2024, 2, 1), date_to=date(2024, 2, 29)
    ),
}


def _answers(url: str) -> tuple[dict[str, Any], bool, set[str]]:
    """Every view's answer, whether the aggregate was current, and the tables the SQL named.
    The one-day views look at the archive's newest day, which has mentions."""
    engine = get_engine(url)
    with session_scope(engine) as session, recorded(engine) as statements:
        current = is_current(session)
        newest = q.latest_published(session=session)
        assert newest is not None
        answers = {name: view(session, newest.date()) for name, view in VIEWS.items()}
    tables = {t for t in ("mention_day", "mention ") if any(t in s.sql for s in statements)}
    return answers, current, tables


def test_aggregated_counts_equal_counted_mentions_and_stale_ones_are_not_read(
    migrated_database_url: str,
) -> None:
    url = migrated_database_url
    generate(url, documents=300)  # refreshes the aggregate, as a crawl does

    aggregated, current, tables = _answers(url)
    assert current and "mention_day" in tables
    assert all(aggregated.values()), "every view finds something in the generated archive"
    with session_scope(get_engine(url), write=True) as session:
        session.exec(delete(AggregateState))  # type: ignore[call-overload]
    counted, current, tables = _answers(url)
    assert not current and "mention_day" not in tables
    assert counted == aggregated

    refresh(url)
    # A new document after the refresh: the views count the mentions again, and see it.
    with session_scope(get_engine(url), write=True) as session:
        newest = q.latest_published(session=session)
        assert newest is not None
        when = newest.astimezone(UTC) - timedelta(seconds=1)  # the same day, so the same view
        document = Document(
            url="https://ny.example/1",
            canonical_url="https://ny.example/1",
            text="Aarhus Kommune.",
            content_hash="z" * 40,
            kind="news",
            source_id=1,
            fetched_at=when,
            published_at=when,
        )
        session.add(document)
        session.flush()
        assert document.id is not None
        session.add(
            Mention(
                document_id=document.id,
                start=0,
                end=6,
                text="Aarhus",
                type="kommune",
                target_id=751,
                published_at=when,
            )
        )
    after, current, tables = _answers(url)
    assert not current and "mention_day" not in tables
    one_day = {(w.kommune_code, w.mentions) for w in after["weeks, one day"]}
    before = {(w.kommune_code, w.mentions) for w in aggregated["weeks, one day"]}
    assert one_day - before and sum(m for _, m in one_day) == sum(m for _, m in before) + 1

    engine = get_engine(url)
    with recorded(engine) as statements:
        refresh(engine)  # counts the new document's day again, not the whole archive
    assert any("DELETE FROM mention_day WHERE" in s.sql for s in statements)
    refreshed, current, _ = _answers(url)
    assert current and refreshed == after
    refresh(engine, full=True)
    assert _answers(url)[0] == after


@pytest.mark.parametrize("view", ["weeks", "politicians"])
def test_empty_archive_answers_from_either_path(migrated_database_url: str, view: str) -> None:
    refresh(migrated_database_url)
    with session_scope(get_engine(migrated_database_url)) as session:
        assert is_current(session)
        assert VIEWS[view](session, date(2025, 1, 1)) == []
