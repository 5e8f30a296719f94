"""Dækning (coverage): kommune mentions per week, source and kind, the most-mentioned politicians,
and what arrived since a day.

Everything here counts mention rows, and each query is shaped so that the covering
(type, published_at, target_id, document_id) index serves it without reading the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, desc
from sqlalchemy import func as sa_func
from sqlmodel import Session, col, select

from store.aggregates import is_current
from store.models import Claim, Document, Kommune, Mention, MentionDay, Person, Quote, Source
from store.queries.common import (
    KommuneCount,
    as_date,
    day_end,
    day_start,
    dialect,
    labelled,
    period_start,
    rows,
    sa_select,
)
from store.queries.persons import PersonSummary, person_statement, person_summary


@dataclass(frozen=True, slots=True)
class KommuneWeek:
    week: date
    kommune_code: int
    kommune_name: str
    mentions: int


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    source_name: str | None
    document_kind: str
    mentions: int
    documents: int
    stories: int  # the documents' distinct stories: ten prints of one wire story count once


@dataclass(frozen=True, slots=True)
class CoverageRow:
    week: date
    kommune_code: int
    kommune_name: str
    source_name: str | None
    document_kind: str
    mentions: int
    documents: int
    stories: int


@dataclass(frozen=True, slots=True)
class PoliticianCount:
    id: int
    name: str
    party_letter: str | None
    roles: tuple[str, ...]
    mentions: int
    documents: int


@dataclass(frozen=True, slots=True)
class NewSince:
    documents: int
    stories: int
    claims: int
    quotes: int
    persons: tuple[PersonSummary, ...]
    per_source: tuple[KommuneCount, ...]  # code = source id, name = source name


def _story_of() -> ColumnElement[int]:
    """A document's story, or the document itself (negated id) when it has none yet: counted
    distinct, ten prints of one wire story are one story (store/stories.py)."""
    return sa_func.coalesce(col(Document.story_id), -col(Document.id))


def _mention_conditions(
    date_from: date,
    date_to: date,
    kommuner: Sequence[int],
    sources: Sequence[int],
    document_kinds: Sequence[str],
) -> list[ColumnElement[bool]]:
    """Kommune mentions in a date range; source and kind narrow through the document ids."""
    conditions = [
        col(Mention.type) == "kommune",
        col(Mention.published_at) >= day_start(date_from),
        col(Mention.published_at) < day_end(date_to),
    ]
    # Without a kommune list the (type, published_at, target_id, document_id) index serves the
    # whole date range from the index alone; with one, (type, target_id, published_at) is
    # range-scanned once per chosen kommune.
    if kommuner:
        conditions.append(col(Mention.target_id).in_(kommuner))
    if sources or document_kinds:
        documents = select(Document.id)
        if sources:
            documents = documents.where(col(Document.source_id).in_(sources))
        if document_kinds:
            documents = documents.where(col(Document.kind).in_(document_kinds))
        conditions.append(col(Mention.document_id).in_(documents))
    return conditions


def kommune_weeks(
    session: Session,
    *,
    date_from: date,
    date_to: date,
    kommuner: Sequence[int] = (),
    sources: Sequence[int] = (),
    document_kinds: Sequence[str] = (),
) -> list[KommuneWeek]:
    """Mentions per kommune per week (Monday): from `mention_day` while it is current
    (store/aggregates.py), else from the mention index alone; the same numbers either way.

    The weeks are formed in SQL, so at most 98 rows per week come back: summing days in Python
    meant ~36,000 rows for a year, which cost more than the query itself.
    """
    if is_current(session):
        statement = _kommune_weeks_aggregated(session, date_from, date_to, kommuner, sources, document_kinds)
    else:
        week = period_start(Mention.published_at, "week", dialect=dialect(session)).label("week")
        statement = (
            sa_select(week, col(Mention.target_id).label("kommune_code"), sa_func.count().label("mentions"))
            .where(*_mention_conditions(date_from, date_to, kommuner, sources, document_kinds))
            .group_by(week, col(Mention.target_id))
        )
    names = dict(rows(session, sa_select(Kommune.code, Kommune.name)))
    found = [
        KommuneWeek(
            week=w, kommune_code=r.kommune_code, kommune_name=names[r.kommune_code], mentions=int(r.mentions)
        )
        for r in rows(session, statement)
        if (w := as_date(r.week)) is not None and r.kommune_code in names
    ]
    return sorted(found, key=lambda row: (row.week, row.kommune_name))


def _kommune_weeks_aggregated(
    session: Session,
    date_from: date,
    date_to: date,
    kommuner: Sequence[int],
    sources: Sequence[int],
    document_kinds: Sequence[str],
) -> Any:
    """`kommune_weeks`' statement over `mention_day`: the same filters on its day, kommune,
    source and kind columns (a document without a source is source 0 there, which no filter names)."""
    week = period_start(MentionDay.day, "week", dialect=dialect(session)).label("week")
    conditions = [
        col(MentionDay.type) == "kommune",
        col(MentionDay.day) >= date_from,
        col(MentionDay.day) <= date_to,
    ]
    if kommuner:
        conditions.append(col(MentionDay.target_id).in_(kommuner))
    if sources:
        conditions.append(col(MentionDay.source_id).in_(sources))
    if document_kinds:
        conditions.append(col(MentionDay.document_kind).in_(document_kinds))
    return (
        sa_select(
            week,
            col(MentionDay.target_id).label("kommune_code"),
            sa_func.sum(MentionDay.mentions).label("mentions"),
        )
        .where(*conditions)
        .group_by(week, col(MentionDay.target_id))
    )


def kommune_totals(
    session: Session,
    *,
    date_from: date,
    date_to: date,
    sources: Sequence[int] = (),
    document_kinds: Sequence[str] = (),
) -> list[KommuneCount]:
    """Mentions per kommune over the whole period, for the map: every kommune named at least
    once, whatever the page's kommune filter (the map is where a kommune is picked).

    At most 98 rows, summed from `mention_day` while it is current, else counted from the
    mention index alone like `kommune_weeks`.
    """
    if is_current(session):
        weeks = _kommune_weeks_aggregated(session, date_from, date_to, (), sources, document_kinds).subquery()
        statement = sa_select(
            weeks.c.kommune_code.label("code"), sa_func.sum(weeks.c.mentions).label("mentions")
        ).group_by(weeks.c.kommune_code)
    else:
        statement = (
            sa_select(col(Mention.target_id).label("code"), sa_func.count().label("mentions"))
            .where(*_mention_conditions(date_from, date_to, (), sources, document_kinds))
            .group_by(col(Mention.target_id))
        )
    names = dict(rows(session, sa_select(Kommune.code, Kommune.name)))
    found = [
        KommuneCount(r.code, names[r.code], int(r.mentions))
        for r in rows(session, statement)
        if r.code in names
    ]
    return sorted(found, key=lambda row: (-row.count, row.name))


def coverage_by_source(
    session: Session,
    *,
    date_from: date,
    date_to: date,
    kommuner: Sequence[int] = (),
    sources: Sequence[int] = (),
    document_kinds: Sequence[str] = (),
) -> list[SourceCoverage]:
    """Kommune mentions and the documents holding them, per source and document kind.

    Mentions are first counted per document from the mention index alone, so each document row
    (large: it holds the text) is read once rather than once per mention.
    """
    per_document = (
        sa_select(col(Mention.document_id).label("document_id"), sa_func.count().label("n"))
        .where(*_mention_conditions(date_from, date_to, kommuner, sources, document_kinds))
        .group_by(col(Mention.document_id))
        .subquery()
    )
    mentions = sa_func.sum(per_document.c.n)
    columns = {
        "source_name": Source.name,
        "document_kind": Document.kind,
        "mentions": mentions,
        "documents": sa_func.count(),
        "stories": sa_func.count(sa_func.distinct(_story_of())),
    }
    statement = (
        sa_select(*labelled(columns))
        .select_from(per_document)
        .join(Document, col(Document.id) == per_document.c.document_id)
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .group_by(col(Source.name), col(Document.kind))
        .order_by(desc(mentions), col(Source.name))
    )
    return [
        SourceCoverage(r.source_name, r.document_kind, int(r.mentions), int(r.documents), int(r.stories))
        for r in rows(session, statement)
    ]


def kommune_coverage(
    session: Session,
    *,
    date_from: date,
    date_to: date,
    kommuner: Sequence[int] = (),
    sources: Sequence[int] = (),
    document_kinds: Sequence[str] = (),
    limit: int = 50_000,
) -> list[CoverageRow]:
    """Kommune mentions per week, split by source and document kind: the full breakdown, for
    the CSV download (the page draws `kommune_weeks` and `coverage_by_source`, which are cheaper)."""
    week = period_start(Mention.published_at, "week", dialect=dialect(session)).label("week")
    conditions = _mention_conditions(date_from, date_to, kommuner, sources, document_kinds)
    columns = {
        "kommune_code": Kommune.code,
        "kommune_name": Kommune.name,
        "source_name": Source.name,
        "document_kind": Document.kind,
        "mentions": sa_func.count(),
        "documents": sa_func.count(sa_func.distinct(Mention.document_id)),
        "stories": sa_func.count(sa_func.distinct(_story_of())),
    }
    statement = (
        sa_select(week, *labelled(columns))
        .select_from(Mention)
        .join(Document, col(Document.id) == col(Mention.document_id))
        .join(Kommune, col(Kommune.code) == col(Mention.target_id))
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .where(*conditions)
        .group_by(week, col(Kommune.code), col(Kommune.name), col(Source.name), col(Document.kind))
        .order_by(week, col(Kommune.name), col(Source.name))
        .limit(limit)
    )
    return [
        CoverageRow(
            week=d,
            kommune_code=r.kommune_code,
            kommune_name=r.kommune_name,
            source_name=r.source_name,
            document_kind=r.document_kind,
            mentions=int(r.mentions),
            documents=int(r.documents),
            stories=int(r.stories),
        )
        for r in rows(session, statement)
        if (d := as_date(r.week)) is not None
    ]


def top_politicians(
    session: Session, *, date_from: date | None = None, date_to: date | None = None, limit: int = 20
) -> list[PoliticianCount]:
    """Most-mentioned politicians in a date range.

    Mentions are counted per person first (from `mention_day` while it is current, else over
    one date range of the covering (type, published_at, target_id, document_id) index), and only
    the counts are joined to the persons; joining first would look up every mention row through
    one range per politician.
    """
    if date_from and date_to and is_current(session):
        counts = _person_counts_aggregated(date_from, date_to)
    else:
        counts = _person_counts(date_from, date_to)
    statement = (
        sa_select(
            Person.id, Person.name, Person.party_letter, Person.roles, counts.c.mentions, counts.c.documents
        )
        .select_from(counts)
        .join(Person, col(Person.id) == counts.c.person_id)
        .where(col(Person.is_politician))
        .order_by(desc(counts.c.mentions), col(Person.name))
        .limit(limit)
    )
    return [
        PoliticianCount(
            id=r.id,
            name=r.name,
            party_letter=r.party_letter,
            roles=tuple(r.roles or ()),
            mentions=int(r.mentions),
            documents=int(r.documents),
        )
        for r in rows(session, statement)
    ]


def _person_counts(date_from: date | None, date_to: date | None) -> Any:
    """Mentions and distinct documents per person, from the covering mention index."""
    conditions = [col(Mention.type) == "person"]
    if date_from:
        conditions.append(col(Mention.published_at) >= day_start(date_from))
    if date_to:
        conditions.append(col(Mention.published_at) < day_end(date_to))
    return (
        sa_select(
            col(Mention.target_id).label("person_id"),
            sa_func.count().label("mentions"),
            sa_func.count(sa_func.distinct(Mention.document_id)).label("documents"),
        )
        .where(*conditions)
        .group_by(col(Mention.target_id))
        .subquery()
    )


def _person_counts_aggregated(date_from: date, date_to: date) -> Any:
    """The same from `mention_day`: a document is in one (day, source, kind) row per person, so
    its distinct-document counts add up to the distinct documents of the range."""
    return (
        sa_select(
            col(MentionDay.target_id).label("person_id"),
            sa_func.sum(MentionDay.mentions).label("mentions"),
            sa_func.sum(MentionDay.documents).label("documents"),
        )
        .where(
            col(MentionDay.type) == "person",
            col(MentionDay.day) >= date_from,
            col(MentionDay.day) <= date_to,
        )
        .group_by(col(MentionDay.target_id))
        .subquery()
    )


def new_since(session: Session, *, since: date, limit: int = 20) -> NewSince:
    """What arrived since a date: counts, new persons, and new documents per source."""
    start = day_start(since)
    documents, stories = session.execute(
        sa_select(sa_func.count(), sa_func.count(sa_func.distinct(_story_of()))).where(
            col(Document.published_at) >= start
        )
    ).one()
    claims = int(session.exec(select(sa_func.count()).where(col(Claim.published_at) >= start)).one())
    quotes = int(session.exec(select(sa_func.count()).where(col(Quote.published_at) >= start)).one())
    person_ids = select(Person.id).where(col(Person.first_seen) >= start)
    persons = [
        person_summary(row)
        for row in rows(session, person_statement().where(col(Person.id).in_(person_ids)).limit(limit))
    ]
    n = sa_func.count()
    per_source = rows(
        session,
        sa_select(Source.id, Source.name, n.label("documents"))
        .join(Document, col(Document.source_id) == col(Source.id))
        .where(col(Document.published_at) >= start)
        .group_by(col(Source.id), col(Source.name))
        .order_by(desc(n), col(Source.name))
        .limit(limit),
    )
    return NewSince(
        documents=int(documents),
        stories=int(stories),
        claims=claims,
        quotes=quotes,
        persons=tuple(persons),
        per_source=tuple(KommuneCount(int(r.id), r.name, int(r.documents)) for r in per_source),
    )
