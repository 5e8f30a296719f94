"""store.figure_aggregate: Tal's conflicts and drifts read from `figure_group` are the ones found
by grouping the records, a stale table is never read, and a refresh counts only the new groups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from bench.archive import generate
from bench.plans import recorded
from store import queries as q
from store.aggregates import refresh
from store.db import get_engine, session_scope
from store.figure_aggregate import FIGURE_GROUP, is_current
from store.models import AggregateState, Document, Statistic
from store.queries import figure_groups

AARHUS = 751
VIEWS: dict[str, Callable[[Session], Any]] = {
    "conflicts": lambda s: q.figure_conflicts(session=s, limit=40),
    "conflicts, few": lambda s: q.figure_conflicts(session=s, limit=3),
    "conflicts, kommune": lambda s: q.figure_conflicts(session=s, kommune_code=AARHUS, limit=50),
    "conflicts, measure": lambda s: q.figure_conflicts(session=s, measures=("ledighedsprocent",)),
    "drifts": lambda s: q.figure_drifts(session=s, limit=40),
    "drifts, few": lambda s: q.figure_drifts(session=s, limit=2),
    "drifts, kommune": lambda s: q.figure_drifts(session=s, kommune_code=AARHUS, limit=50),
}


def _answers(url: str) -> tuple[dict[str, Any], bool]:
    """Every view's answer, and whether it was read from `figure_group`."""
    engine = get_engine(url)
    with session_scope(engine) as session, recorded(engine) as statements:
        answers = {name: view(session) for name, view in VIEWS.items()}
    return answers, any("FROM figure_group" in s.sql for s in statements)


def _forget(url: str) -> None:
    with session_scope(get_engine(url), write=True) as session:
        session.exec(delete(AggregateState).where(col(AggregateState.name) == FIGURE_GROUP))  # type: ignore[call-overload]


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of three candidate groups, so a few hundred documents fill several."""
    monkeypatch.setattr(figure_groups, "CANDIDATE_PAGE", 3)


def test_groups_from_the_aggregate_are_the_grouped_records(
    migrated_database_url: str, small_pages: None
) -> None:
    url = migrated_database_url
    generate(url, documents=300)  # refreshes the aggregates, as a crawl does

    aggregated, read = _answers(url)
    assert read and all(aggregated.values()), "every view finds something in the generated archive"
    _forget(url)
    with session_scope(get_engine(url)) as session:
        assert not is_current(session)
    counted, read = _answers(url)
    assert not read and counted == aggregated

    # A new conflicting figure after the refresh: counted live until the next refresh, which
    # counts its group again (and not the whole table).
    refresh(url)
    engine = get_engine(url)
    with session_scope(engine, write=True) as session:
        copy_statistic(session, value_factor=3.0)
    after, read = _answers(url)
    assert not read and after != aggregated
    with recorded(engine) as statements:
        refresh(engine)
    assert any(s.sql.startswith("DELETE FROM figure_group WHERE") for s in statements)
    assert _answers(url) == (after, True)
    refresh(engine, full=True)
    assert _answers(url) == (after, True)


def test_a_group_that_lost_its_records_is_judged_on_what_is_left(
    migrated_database_url: str, small_pages: None
) -> None:
    """Records deleted without new ones leave `figure_group` current but stale: its candidates
    are judged again on their records, so the answers stay those of the records."""
    url = migrated_database_url
    generate(url, documents=300)
    before, _ = _answers(url)
    conflict = before["conflicts"][0]
    with session_scope(get_engine(url), write=True) as session:
        gone = conflict.high.statistic_id
        session.exec(delete(Statistic).where(col(Statistic.id) == gone))  # type: ignore[call-overload]
        assert is_current(session), "not the newest statistic: the table still counts as current"
    stale, read = _answers(url)
    assert read
    _forget(url)
    assert _answers(url)[0] == stale
    assert all(gone not in (c.low.statistic_id, c.high.statistic_id) for c in stale["conflicts"])


def copy_statistic(session: Session, *, value_factor: float) -> None:
    """A new document in a new outlet and story quoting the newest grouped figure with another value."""
    source = session.exec(
        select(Statistic)  # type: ignore[call-overload]
        .where(col(Statistic.measure).is_not(None), col(Statistic.period).is_not(None))
        .where(col(Statistic.subject_type) == "kommune")
        .order_by(col(Statistic.id).desc())
        .limit(1)
    ).one()[0]
    original = session.get(Document, source.document_id)
    assert original is not None and original.published_at is not None
    when = original.published_at.astimezone(UTC) + timedelta(minutes=1)
    document = Document(
        url="https://ny.example/tal",
        canonical_url="https://ny.example/tal",
        text=original.text,
        content_hash="t" * 40,
        kind="news",
        source_id=None,
        fetched_at=when,
        published_at=when,
    )
    session.add(document)
    session.flush()
    values = {c: getattr(source, c) for c in Statistic.model_fields if c not in ("id", "document_id")}
    values.update(value=source.value * value_factor, published_at=when, text=source.text)
    session.add(Statistic(document_id=document.id, **values))
    session.flush()
    session.exec(update(Document).where(col(Document.id) == document.id).values(story_id=None))  # type: ignore[call-overload]
