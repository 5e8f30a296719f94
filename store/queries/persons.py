"""Politikere: everybody quoted or named, with counts, filtered and grouped by kommune and party,
and one person's statements over time (their party history, seats and figures:
`store.queries.person_history`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, desc, literal, union_all
from sqlalchemy import func as sa_func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from store.models import Claim, Document, Kommune, Mention, Party, Person, Quote, Source
from store.queries.common import (
    KommuneCount,
    Period,
    PeriodCount,
    as_date,
    as_datetime,
    dialect,
    labelled,
    period_start,
    rows,
    sa_select,
)


@dataclass(frozen=True, slots=True)
class PersonSummary:
    id: int
    name: str
    party_letter: str | None
    is_politician: bool
    roles: tuple[str, ...]
    kommune_name: str | None
    claims: int
    quotes: int
    mentions: int
    kommune_code: int | None = None


@dataclass(frozen=True, slots=True)
class PersonGroup:
    """How many persons of the list are in one kommune with one party (either may be None)."""

    kommune_code: int | None
    kommune_name: str | None
    party_letter: str | None
    persons: int


@dataclass(frozen=True, slots=True)
class PersonDetail:
    summary: PersonSummary
    party_name: str | None
    first_seen: datetime | None
    last_seen: datetime | None


@dataclass(frozen=True, slots=True)
class Statement:
    kind: str  # "Citat" | "Påstand"
    id: int
    text: str
    published_at: datetime | None
    url: str
    title: str | None
    source_name: str | None


def _person_counts() -> tuple[Any, Any, Any]:
    """Claims, quotes and mentions per person, as three subqueries of (pid, n)."""
    claims = (
        select(col(Claim.speaker_id).label("pid"), sa_func.count().label("n"))
        .where(col(Claim.speaker_id).is_not(None))
        .group_by(col(Claim.speaker_id))
        .subquery()
    )
    quotes = (
        select(col(Quote.speaker_id).label("pid"), sa_func.count().label("n"))
        .where(col(Quote.speaker_id).is_not(None))
        .group_by(col(Quote.speaker_id))
        .subquery()
    )
    mentions = (
        select(col(Mention.target_id).label("pid"), sa_func.count().label("n"))
        .where(col(Mention.type) == "person")
        .group_by(col(Mention.target_id))
        .subquery()
    )
    return claims, quotes, mentions


def _conditions(
    name_filter: str, politicians_only: bool, kommune: int | None, party: str | None
) -> list[ColumnElement[bool]]:
    """The list's filters: a name part, politicians only, one kommune, one party letter."""
    found: list[ColumnElement[bool]] = []
    if name_filter.strip():
        found.append(col(Person.name).ilike(f"%{name_filter.strip()}%"))
    if politicians_only:
        found.append(col(Person.is_politician).is_(True))
    if kommune is not None:
        found.append(col(Person.kommune_code) == kommune)
    if party is not None:
        found.append(col(Person.party_letter) == party)
    return found


def person_statement(
    name_filter: str = "",
    politicians_only: bool = False,
    kommune: int | None = None,
    party: str | None = None,
) -> Select[Any]:
    """Persons with their counts, read by `person_summary`: politicians first, then by how much
    they appear (claims + quotes + mentions)."""
    claims, quotes, mentions = _person_counts()
    n_claims = sa_func.coalesce(claims.c.n, 0)
    n_quotes = sa_func.coalesce(quotes.c.n, 0)
    n_mentions = sa_func.coalesce(mentions.c.n, 0)
    columns = {
        "id": Person.id,
        "name": Person.name,
        "party_letter": Person.party_letter,
        "is_politician": Person.is_politician,
        "roles": Person.roles,
        "kommune_name": Kommune.name,
        "kommune_code": Person.kommune_code,
        "claims": n_claims,
        "quotes": n_quotes,
        "mentions": n_mentions,
    }
    statement = (
        sa_select(*labelled(columns))
        .outerjoin(Kommune, col(Kommune.code) == col(Person.kommune_code))
        .outerjoin(claims, claims.c.pid == col(Person.id))
        .outerjoin(quotes, quotes.c.pid == col(Person.id))
        .outerjoin(mentions, mentions.c.pid == col(Person.id))
        .where(*_conditions(name_filter, politicians_only, kommune, party))
    )
    return statement.order_by(
        desc(col(Person.is_politician)), desc(n_claims + n_quotes + n_mentions), col(Person.name)
    )


def person_summary(row: Any) -> PersonSummary:
    """A row of `person_statement`."""
    return PersonSummary(
        id=row.id,
        name=row.name,
        party_letter=row.party_letter,
        is_politician=bool(row.is_politician),
        roles=tuple(row.roles or ()),
        kommune_name=row.kommune_name,
        claims=int(row.claims),
        quotes=int(row.quotes),
        mentions=int(row.mentions),
        kommune_code=row.kommune_code,
    )


def count_persons(
    session: Session,
    *,
    name_filter: str = "",
    politicians_only: bool = False,
    kommune: int | None = None,
    party: str | None = None,
) -> int:
    statement = select(sa_func.count()).select_from(Person)
    statement = statement.where(*_conditions(name_filter, politicians_only, kommune, party))
    return int(session.exec(statement).one())


def person_list(
    session: Session,
    *,
    name_filter: str = "",
    politicians_only: bool = False,
    kommune: int | None = None,
    party: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[PersonSummary]:
    """Persons, politicians first, then by how much they appear (claims + quotes + mentions)."""
    statement = person_statement(name_filter, politicians_only, kommune, party).limit(limit).offset(offset)
    return [person_summary(row) for row in rows(session, statement)]


def person_groups(
    session: Session,
    *,
    name_filter: str = "",
    politicians_only: bool = False,
    kommune: int | None = None,
    party: str | None = None,
) -> list[PersonGroup]:
    """The filtered persons counted per kommune and party, by kommune name then party letter
    (persons without a kommune or party last)."""
    n = sa_func.count(col(Person.id))
    statement = (
        sa_select(col(Person.kommune_code), col(Kommune.name), col(Person.party_letter), n.label("n"))
        .select_from(Person)
        .outerjoin(Kommune, col(Kommune.code) == col(Person.kommune_code))
        .where(*_conditions(name_filter, politicians_only, kommune, party))
        .group_by(col(Person.kommune_code), col(Kommune.name), col(Person.party_letter))
        .order_by(col(Kommune.name).is_(None), col(Kommune.name), col(Person.party_letter).is_(None),
                  col(Person.party_letter))
    )  # fmt: skip
    return [
        PersonGroup(code, name, letter, int(count))
        for code, name, letter, count in session.execute(statement)
    ]


def person_detail(session: Session, *, person_id: int) -> PersonDetail | None:
    person = session.get(Person, person_id)
    if person is None:
        return None

    def count(statement: Any) -> int:
        return int(session.exec(statement).one())

    summary = PersonSummary(
        id=person_id,
        name=person.name,
        party_letter=person.party_letter,
        is_politician=person.is_politician,
        roles=tuple(person.roles or ()),
        kommune_name=(
            k.name if person.kommune_code and (k := session.get(Kommune, person.kommune_code)) else None
        ),
        claims=count(select(sa_func.count()).where(col(Claim.speaker_id) == person_id)),
        quotes=count(select(sa_func.count()).where(col(Quote.speaker_id) == person_id)),
        mentions=count(
            select(sa_func.count()).where(col(Mention.type) == "person", col(Mention.target_id) == person_id)
        ),
        kommune_code=person.kommune_code,
    )
    party = session.get(Party, person.party_letter) if person.party_letter else None
    return PersonDetail(
        summary=summary,
        party_name=party.name if party else None,
        first_seen=person.first_seen,
        last_seen=person.last_seen,
    )


def person_statements_over_time(
    session: Session, *, person_id: int, period: Period = "month"
) -> list[PeriodCount]:
    """Quotes and claims by the person per period; `series` says which."""
    sql_dialect = dialect(session)
    found: list[PeriodCount] = []
    for label, model in (("Citater", Quote), ("Påstande", Claim)):
        published = getattr(model, "published_at")  # noqa: B009 - same column on both models
        bucket = period_start(published, period, dialect=sql_dialect).label("bucket")
        counts = session.exec(
            select(bucket, sa_func.count())
            .where(col(model.speaker_id) == person_id, col(published).is_not(None))
            .group_by(bucket)
            .order_by(bucket)
        ).all()
        found.extend(PeriodCount(d, int(n), label) for b, n in counts if (d := as_date(b)) is not None)
    return found


def person_statements(
    session: Session, *, person_id: int, limit: int = 20, offset: int = 0
) -> list[Statement]:
    """Quotes and claims by one person in one list, newest first, paged in SQL."""
    quotes = sa_select(
        literal("Citat").label("kind"),
        col(Quote.id).label("id"),
        col(Quote.text).label("text"),
        col(Quote.published_at).label("published_at"),
        col(Quote.document_id).label("document_id"),
    ).where(col(Quote.speaker_id) == person_id)
    claims = sa_select(
        literal("Påstand").label("kind"),
        col(Claim.id).label("id"),
        col(Claim.text).label("text"),
        col(Claim.published_at).label("published_at"),
        col(Claim.document_id).label("document_id"),
    ).where(col(Claim.speaker_id) == person_id)
    both = union_all(quotes, claims).subquery()
    columns = {
        "kind": both.c.kind,
        "id": both.c.id,
        "text": both.c.text,
        "published_at": both.c.published_at,
        "url": Document.url,
        "title": Document.title,
        "source_name": Source.name,
    }
    statement = (
        sa_select(*labelled(columns))
        .join(Document, col(Document.id) == both.c.document_id)
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .order_by(desc(both.c.published_at).nulls_last(), desc(both.c.id), both.c.kind)
        .limit(limit)
        .offset(offset)
    )
    return [
        Statement(
            kind=r.kind,
            id=r.id,
            text=r.text,
            published_at=as_datetime(r.published_at),
            url=r.url,
            title=r.title,
            source_name=r.source_name,
        )
        for r in rows(session, statement)
    ]


def kommuner_with_person(session: Session, *, person_id: int, limit: int = 20) -> list[KommuneCount]:
    """Kommuner mentioned in the documents that mention the person, by number of such documents."""
    person = aliased(Mention)
    kommune = aliased(Mention)
    n_docs = sa_func.count(sa_func.distinct(kommune.document_id))
    statement = (
        sa_select(Kommune.code, Kommune.name, n_docs.label("documents"))
        .select_from(person)
        .join(kommune, kommune.document_id == person.document_id)
        .join(Kommune, col(Kommune.code) == kommune.target_id)
        # `type || ''` keeps the planner off the (type, target_id) index for the kommune side,
        # which would read every kommune mention; it must come in through document_id.
        .where(
            person.type == "person", person.target_id == person_id, col(kommune.type).concat("") == "kommune"
        )
        .group_by(col(Kommune.code), col(Kommune.name))
        .order_by(desc(n_docs), col(Kommune.name))
        .limit(limit)
    )
    return [KommuneCount(r.code, r.name, int(r.documents)) for r in rows(session, statement)]
