"""Spikes in coverage: a kommune named in unusually many documents on one day.

A day is a spike for a kommune when the documents mentioning it that day number at least
`factor` times the mean of the `window` days before and at least `minimum` (Meltwater compares
a day with the previous 14; Issue Observatory asks for twice the mean and at least 10 items).
Days are UTC calendar days of `published_at`, as on the Dækning page. Counting documents rather
than mention rows keeps one article that names the kommune twenty times from being a spike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.models import Document, Kommune, Mention
from store.queries.common import as_date, day_end, day_start, dialect, period_start


@dataclass(frozen=True)
class Spike:
    """One kommune's spike on one day, with the stories that drove it (most printed first)."""

    kommune_code: int
    kommune_name: str
    day: date
    count: int
    baseline: float  # mean documents per day over the window
    stories: tuple[tuple[int, str, int], ...]  # (document id, title, documents of it that day)


def _daily_counts(
    session: Session, kommuner: list[int], day: date, window: int
) -> dict[int, dict[date, int]]:
    bucket = period_start(Mention.published_at, "day", dialect=dialect(session)).label("day")
    statement = (
        select(Mention.target_id, bucket, func.count(func.distinct(Mention.document_id)))
        .where(
            col(Mention.type) == "kommune",
            col(Mention.target_id).in_(kommuner),
            col(Mention.published_at) >= day_start(day - timedelta(days=window)),
            col(Mention.published_at) < day_end(day),
        )
        .group_by(col(Mention.target_id), bucket)
    )
    counts: dict[int, dict[date, int]] = defaultdict(dict)
    for code, bucket_day, count in session.exec(statement).all():
        found = as_date(bucket_day)
        if found is not None:
            counts[int(code)][found] = int(count)
    return counts


def _stories(session: Session, kommune: int, day: date, limit: int) -> tuple[tuple[int, str, int], ...]:
    """The day's stories about the kommune, most printed first: (a document, its title, prints)."""
    story = func.coalesce(col(Document.story_id), -col(Document.id))
    documents = select(Mention.document_id).where(
        col(Mention.type) == "kommune",
        col(Mention.target_id) == kommune,
        col(Mention.published_at) >= day_start(day),
        col(Mention.published_at) < day_end(day),
    )
    statement = (
        select(func.min(Document.id), func.min(Document.title), func.count())
        .where(col(Document.id).in_(documents))
        .group_by(story)
        .order_by(func.count().desc(), func.min(Document.id))
        .limit(limit)
    )
    return tuple(
        (int(doc_id or 0), title or "(uden titel)", int(n))
        for doc_id, title, n in session.exec(statement).all()
    )


def kommune_spikes(
    session: Session, *, kommuner: list[int], day: date, factor: float, minimum: int, window: int = 14,
    stories: int = 3,
) -> list[Spike]:  # fmt: skip
    """The kommuner among `kommuner` whose coverage on `day` is a spike."""
    if not kommuner:
        return []
    counts = _daily_counts(session, kommuner, day, window)
    names = dict(
        session.exec(select(Kommune.code, Kommune.name).where(col(Kommune.code).in_(kommuner))).all()
    )
    spikes = []
    for code in sorted(counts):
        today = counts[code].get(day, 0)
        baseline = sum(n for d, n in counts[code].items() if d < day) / window
        if today >= minimum and today >= factor * baseline:
            spikes.append(
                Spike(
                    code,
                    names.get(code, str(code)),
                    day,
                    today,
                    baseline,
                    _stories(session, code, day, stories),
                )
            )
    return spikes
