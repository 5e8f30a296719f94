"""store.claim_aggregate: the Tidslinje histogram from `claim_day` is the one counted from the
claims, a stale table is never read, and a refresh counts only the new claims' days."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import col

from bench.archive import generate
from bench.plans import recorded
from store import queries as q
from store.aggregates import refresh
from store.claim_aggregate import CLAIM_DAY, is_current
from store.db import get_engine, session_scope
from store.models import AggregateState, Claim, Document

FILTERS = {
    "none": q.ClaimFilter(),
    "minutes": q.ClaimFilter(document_kinds=("minutes",)),
    "two kinds, a year": q.ClaimFilter(
        document_kinds=("news", "debate"), date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)
    ),
    "sources": q.ClaimFilter(sources=(1, 2, 4)),
    "source and kind": q.ClaimFilter(sources=(1, 3), document_kinds=("news",)),
    "a month": q.ClaimFilter(date_from=date(2024, 2, 1), date_to=date(2024, 2, 29)),
}


def _answers(url: str) -> tuple[dict[str, Any], bool]:
    """Every filter's histogram, page one and total, and whether `claim_day` was read."""
    engine = get_engine(url)
    answers: dict[str, Any] = {}
    with session_scope(engine) as session, recorded(engine) as statements:
        for name, filters in FILTERS.items():
            histogram = q.claim_histogram(session=session, filters=filters)
            page = q.claim_page(session=session, filters=filters, histogram=histogram, offset=30)
            answers[name] = (histogram, histogram.total, [card.id for card in page])
    return answers, any("FROM claim_day" in s.sql for s in statements)


def test_histograms_from_claim_day_are_the_counted_claims(migrated_database_url: str) -> None:
    url = migrated_database_url
    generate(url, documents=300)  # refreshes the aggregates, as a crawl does
    aggregated, read = _answers(url)
    assert read and all(total for _, total, _ in aggregated.values())
    with session_scope(get_engine(url), write=True) as session:
        session.exec(delete(AggregateState).where(col(AggregateState.name) == CLAIM_DAY))  # type: ignore[call-overload]
        assert not is_current(session)
    assert _answers(url) == (aggregated, False)

    refresh(url)
    engine = get_engine(url)
    with session_scope(engine, write=True) as session:  # a new claim and an undated one
        newest = q.latest_published(session=session)
        assert newest is not None
        for n, when in enumerate((newest.astimezone(UTC) - timedelta(seconds=1), None)):
            document = Document(
                url=f"https://ny.example/{n}", canonical_url=f"https://ny.example/{n}", text="Tal: 12 pct.",
                content_hash=f"{n}" * 40, kind="minutes", source_id=1, fetched_at=newest, published_at=when,
            )  # fmt: skip
            session.add(document)
            session.flush()
            assert document.id is not None
            session.add(
                Claim(document_id=document.id, start=0, end=12, text="Tal: 12 pct.", published_at=when)
            )
    after, read = _answers(url)
    assert not read and after["minutes"][1] == aggregated["minutes"][1] + 2
    with recorded(engine) as statements:
        refresh(engine)  # counts the new claims' day (and the undated row) again, not every day
    assert any(s.sql.startswith("DELETE FROM claim_day WHERE") for s in statements)
    assert _answers(url) == (after, True)
    refresh(engine, full=True)
    assert _answers(url) == (after, True)
