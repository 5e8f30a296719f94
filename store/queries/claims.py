"""Tidslinje: claims with figures, counted per day and read a page of cards at a time.

Everything that can grow with the database is paged (LIMIT/OFFSET) or aggregated in SQL, so the
page never pulls the claim table into Python; the histogram of a filter also tells `claim_page`
which few days a page falls on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, desc
from sqlalchemy import func as sa_func
from sqlmodel import Session, col, select

from store import claim_aggregate
from store.models import (
    Claim,
    ClaimDay,
    ClaimKommune,
    ClaimStatistic,
    Document,
    Kommune,
    Person,
    Source,
    Statistic,
)
from store.queries.common import (
    Period,
    PeriodCount,
    as_date,
    day_end,
    day_start,
    dialect,
    labelled,
    period_of,
    period_start,
    relative_span,
    rows,
    sa_select,
)
from store.queries.filters import ClaimFilter, claim_conditions


@dataclass(frozen=True, slots=True)
class Figure:
    """A quoted figure inside a sentence; offsets are relative to the sentence."""

    start: int
    end: int
    text: str
    kind: str
    value: float
    unit: str | None


@dataclass(frozen=True, slots=True)
class Copy:
    """Another print of the card's story (store/stories.py): the same text in another outlet."""

    url: str
    title: str | None
    source_name: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class ClaimCard:
    id: int
    text: str
    published_at: datetime | None
    url: str
    title: str | None
    document_kind: str
    source_name: str | None
    source_org: str | None
    speaker_id: int | None
    speaker_name: str | None
    party_letter: str | None
    roles: tuple[str, ...]
    kommuner: tuple[str, ...]
    figures: tuple[Figure, ...]
    copies: tuple[Copy, ...] = ()  # the story's other documents, earliest first


class PageWindow(NamedTuple):
    """The days [first, last] a page of newest-first claims falls on, and how many newer claims
    precede the page's first day."""

    first: date
    last: date
    newer: int


def count_claims(session: Session, *, filters: ClaimFilter) -> int:
    statement = select(sa_func.count()).select_from(Claim).where(*claim_conditions(session, filters=filters))
    return int(session.exec(statement).one())


@dataclass(frozen=True, slots=True)
class ClaimHistogram:
    """Claims per publication day for a filter: the timeline, the total and the page windows."""

    days: tuple[PeriodCount, ...]  # ascending
    undated: int = 0

    @property
    def total(self) -> int:
        return sum(d.count for d in self.days) + self.undated

    def by(self, period: Period) -> list[PeriodCount]:
        """Roll the days up into weeks, months or quarters."""
        totals: dict[date, int] = {}
        for day in self.days:
            key = period_of(day.period, period)
            totals[key] = totals.get(key, 0) + day.count
        return [PeriodCount(k, n) for k, n in sorted(totals.items())]

    def window(self, offset: int, limit: int) -> PageWindow | None:
        """The days holding claims offset..offset+limit-1 in newest-first order; None when the
        page reaches the undated claims."""
        newer = 0
        last: date | None = None
        for day in reversed(self.days):
            if last is None:
                if newer + day.count > offset:
                    last, skipped = day.period, newer
                else:
                    newer += day.count
                    continue
            newer += day.count
            if newer >= offset + limit:
                return PageWindow(day.period, last, skipped)
        return (
            PageWindow(self.days[0].period, last, skipped) if last is not None and self.undated == 0 else None
        )


def claim_histogram(session: Session, *, filters: ClaimFilter) -> ClaimHistogram:
    """Claims per day for the filter, aggregated in SQL (at most a few thousand rows).

    One pass serves the chart (rolled up in Python to any period), the total, and the windows
    that let `claim_page` read only the days a page falls on. Two common filters are counted
    from an index alone instead of through the claim rows; see `_histogram_statement`.
    """
    days, undated = [], 0
    statement = _histogram_statement(session, filters)
    for b, n in session.exec(statement).all():
        day = as_date(b)
        if day is None:
            undated += int(n)
        else:
            days.append(PeriodCount(period=day, count=int(n)))
    return ClaimHistogram(days=tuple(days), undated=undated)


def _histogram_statement(session: Session, filters: ClaimFilter) -> Any:
    """(day, claims) rows for `claim_histogram`, ascending, the undated claims under NULL.

    - Only document kinds, sources and dates, while `claim_day` counts every claim: a sum over
      it (store/claim_aggregate.py), whatever the number of matching claims.
    - Only dates: claims are first counted per timestamp, which the published_at index delivers
      in order, so only the far fewer distinct timestamps are cut to days and grouped again.
    - Only figure kinds (and dates): the days come from the statistic rows (the same
      published_at, copied from the document) via the (kind, published_at) and
      (statistic_id, claim_id) indexes, counting each claim once, instead of looking up every
      matching claim row.
    - Anything else: the filter's conditions on the claim table.
    """
    sql_dialect = dialect(session)
    others = (
        filters.kommuner, filters.regions, filters.persons, filters.parties, filters.document_kinds,
        filters.sources, filters.text.strip(),
    )  # fmt: skip
    by_documents = not any(others[:4]) and not filters.text.strip() and not filters.statistic_kinds
    if by_documents and claim_aggregate.is_current(session):  # kinds, sources, dates: claim_day
        return _aggregated_histogram(filters)
    if not any(others) and not filters.statistic_kinds:
        per_time = (
            select(col(Claim.published_at).label("published_at"), sa_func.count().label("n"))
            .where(*claim_conditions(session, filters=filters))
            .group_by(col(Claim.published_at))
            .subquery()
        )
        bucket = period_start(per_time.c.published_at, "day", dialect=sql_dialect).label("bucket")
        return select(bucket, sa_func.sum(per_time.c.n)).group_by(bucket).order_by(bucket)
    if not any(others):
        bucket = period_start(Statistic.published_at, "day", dialect=sql_dialect).label("bucket")
        conditions: list[ColumnElement[bool]] = [col(Statistic.kind).in_(filters.statistic_kinds)]
        if filters.date_from:
            conditions.append(col(Statistic.published_at) >= day_start(filters.date_from))
        if filters.date_to:
            conditions.append(col(Statistic.published_at) < day_end(filters.date_to))
        return (
            select(bucket, sa_func.count(sa_func.distinct(ClaimStatistic.claim_id)))
            .select_from(Statistic)
            .join(ClaimStatistic, col(ClaimStatistic.statistic_id) == col(Statistic.id))
            .where(*conditions)
            .group_by(bucket)
            .order_by(bucket)
        )
    bucket = period_start(Claim.published_at, "day", dialect=sql_dialect).label("bucket")
    return (
        select(bucket, sa_func.count())
        .where(*claim_conditions(session, filters=filters))
        .group_by(bucket)
        .order_by(bucket)
    )


def _aggregated_histogram(filters: ClaimFilter) -> Any:
    """`_histogram_statement` for document kinds, sources and dates alone: a sum over
    `claim_day` (store/claim_aggregate.py), whose days are the same UTC days."""
    conditions: list[ColumnElement[bool]] = []
    if filters.document_kinds:
        conditions.append(col(ClaimDay.document_kind).in_(filters.document_kinds))
    if filters.sources:
        conditions.append(col(ClaimDay.source_id).in_(filters.sources))
    if filters.date_from:
        conditions.append(col(ClaimDay.day) >= filters.date_from)
    if filters.date_to:
        conditions.append(col(ClaimDay.day) <= filters.date_to)
    day: Any = col(ClaimDay.day).label("bucket")
    return select(day, sa_func.sum(ClaimDay.claims)).where(*conditions).group_by(day).order_by(day)


def claims_over_time(
    session: Session, *, filters: ClaimFilter, period: Period = "month"
) -> list[PeriodCount]:
    """Number of claims per period, for the timeline chart."""
    return claim_histogram(session, filters=filters).by(period)


def _kommuner_by_claim(session: Session, claim_ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not claim_ids:
        return found
    links = session.exec(
        select(ClaimKommune.claim_id, Kommune.name)
        .join(Kommune, col(Kommune.code) == col(ClaimKommune.kommune_code))
        .where(col(ClaimKommune.claim_id).in_(claim_ids))
        .order_by(col(Kommune.name))
    ).all()
    for claim_id, name in links:
        found.setdefault(claim_id, []).append(name)
    return found


def _figures_by_claim(session: Session, claims: dict[int, tuple[int, str]]) -> dict[int, list[Figure]]:
    """Statistics linked to each claim, with offsets moved from the document to the sentence."""
    found: dict[int, list[Figure]] = {}
    if not claims:
        return found
    links = session.exec(
        select(ClaimStatistic.claim_id, Statistic)
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .where(col(ClaimStatistic.claim_id).in_(list(claims)))
        .order_by(col(Statistic.start))
    ).all()
    for claim_id, stat in links:
        claim_start, text = claims[claim_id]
        start, end = relative_span(text, stat.text, stat.start - claim_start, stat.end - claim_start)
        if start < 0:
            continue
        found.setdefault(claim_id, []).append(Figure(start, end, stat.text, stat.kind, stat.value, stat.unit))
    return found


# The card's columns, by the names its rows are read with.
CARD_COLUMNS = {
    "id": Claim.id,
    "text": Claim.text,
    "start": Claim.start,
    "published_at": Claim.published_at,
    "source_org": Claim.source_org,
    "speaker_id": Claim.speaker_id,
    "url": Document.url,
    "title": Document.title,
    "document_kind": Document.kind,
    "source_name": Source.name,
    "speaker_name": Person.name,
    "party_letter": Person.party_letter,
    "roles": Person.roles,
    "document_id": Document.id,
    "story_id": Document.story_id,
}


def _card_statement(session: Session, filters: ClaimFilter) -> Select[Any]:
    return (
        sa_select(*labelled(CARD_COLUMNS))
        .join(Document, col(Document.id) == col(Claim.document_id))
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .outerjoin(Person, col(Person.id) == col(Claim.speaker_id))
        .where(*claim_conditions(session, filters=filters))
    )


def claim_page(
    session: Session,
    *,
    filters: ClaimFilter,
    limit: int = 25,
    offset: int = 0,
    histogram: ClaimHistogram | None = None,
) -> list[ClaimCard]:
    """One page of claim cards, newest first, with their kommuner and highlighted figures.

    With the filter's histogram the query is limited to the days the page falls on, so it reads
    a few dozen rows whatever the filter, instead of sorting every match to skip `offset` of them.
    """
    window = histogram.window(offset, limit) if histogram is not None else None
    if window is not None:
        # The window lies inside the filter's dates (the histogram was counted with them), so it
        # replaces them: every condition, link-table ranges and the choice between IN lists and
        # per-claim checks included, then sees the few days of the page instead of the range.
        filters = replace(filters, date_from=window.first, date_to=window.last)
        offset -= window.newer
    statement = _card_statement(session, filters)
    statement = (
        statement.order_by(desc(col(Claim.published_at)).nulls_last(), desc(col(Claim.id)))
        .limit(limit)
        .offset(offset)
    )
    found = rows(session, statement)
    kommuner = _kommuner_by_claim(session, [r.id for r in found])
    copies = _copies_by_document(
        session, {r.document_id: r.story_id for r in found if r.story_id is not None}
    )
    figures = _figures_by_claim(session, {r.id: (r.start, r.text) for r in found})
    return [
        ClaimCard(
            id=r.id,
            text=r.text,
            published_at=r.published_at,
            url=r.url,
            title=r.title,
            document_kind=r.document_kind,
            source_name=r.source_name,
            source_org=r.source_org,
            speaker_id=r.speaker_id,
            speaker_name=r.speaker_name,
            party_letter=r.party_letter,
            roles=tuple(r.roles or ()),
            kommuner=tuple(kommuner.get(r.id, ())),
            figures=tuple(figures.get(r.id, ())),
            copies=tuple(copies.get(r.document_id, ())),
        )
        for r in found
    ]


def _copies_by_document(session: Session, stories: dict[int, int]) -> dict[int, list[Copy]]:
    """For each document (id -> story id), the other documents of its story, earliest first.

    One query for the page; stories are small (the copies of one text), so it reads few rows.
    """
    found: dict[int, list[Copy]] = {}
    if not stories:
        return found
    members = session.execute(
        sa_select(
            Document.id, Document.story_id, Document.url, Document.title, Source.name, Document.published_at
        )
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .where(col(Document.story_id).in_(set(stories.values())))
        .order_by(col(Document.published_at), col(Document.id))
    ).all()
    by_story: dict[int, list[tuple[int, Copy]]] = {}
    for doc_id, story_id, url, title, source_name, published_at in members:
        by_story.setdefault(story_id, []).append((doc_id, Copy(url, title, source_name, published_at)))
    for doc_id, story_id in stories.items():
        found[doc_id] = [copy for other, copy in by_story.get(story_id, []) if other != doc_id]
    return found
