"""Choices for the sidebars and the archive's date range: small reference tables and one
aggregate each, shared by every page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import desc
from sqlalchemy import func as sa_func
from sqlmodel import Session, col, select

from store.models import Document, Kommune, Party, Person, Region, Source
from store.queries.common import STATISTIC_KINDS, Option


@dataclass(frozen=True, slots=True)
class FilterOptions:
    kommuner: tuple[Option, ...]
    regions: tuple[Option, ...]
    parties: tuple[Option, ...]
    sources: tuple[Option, ...]
    document_kinds: tuple[str, ...]
    statistic_kinds: tuple[str, ...]
    kommune_region: dict[int, int] = field(default_factory=dict)


class DateBounds(NamedTuple):
    """First and last publication day in the archive (None while it is empty)."""

    first: date | None
    last: date | None


def filter_options(session: Session) -> FilterOptions:
    """Choices for the sidebar: reference tables are small, document kinds come from sources."""
    kommuner = session.exec(select(Kommune).order_by(Kommune.name)).all()
    regions = session.exec(select(Region).order_by(Region.name)).all()
    parties = session.exec(select(Party).order_by(Party.letter)).all()
    sources = session.exec(select(Source).order_by(Source.name)).all()
    kinds = session.exec(select(Source.kind).distinct().order_by(Source.kind)).all()
    return FilterOptions(
        kommuner=tuple(Option(k.code, k.name) for k in kommuner),
        regions=tuple(Option(r.code, r.name) for r in regions),
        parties=tuple(Option(p.letter, f"{p.letter} – {p.name}") for p in parties),
        sources=tuple(Option(s.id, s.name) for s in sources),
        document_kinds=tuple(kinds),
        statistic_kinds=STATISTIC_KINDS,
        kommune_region={k.code: k.region_code for k in kommuner},
    )


def person_options(session: Session, *, politicians_only: bool = False) -> list[Option]:
    """Persons for a select box, politicians first; the label carries the party letter and the
    kommune, so two namesakes in two kommuner can be told apart."""
    statement = (
        select(Person.id, Person.name, Person.party_letter, Kommune.name)
        .outerjoin(Kommune, col(Kommune.code) == col(Person.kommune_code))
        .order_by(desc(col(Person.is_politician)), col(Person.name), col(Person.id))
    )
    if politicians_only:
        statement = statement.where(col(Person.is_politician))
    options = []
    for pid, name, letter, kommune in session.exec(statement).all():
        details = ", ".join(part for part in (letter, kommune) if part)
        options.append(Option(pid, f"{name} ({details})" if details else name))
    return options


def latest_published(session: Session) -> datetime | None:
    """Newest publication time in the archive, so date defaults follow the data, not the clock."""
    return session.exec(select(sa_func.max(Document.published_at))).one()


def earliest_published(session: Session) -> datetime | None:
    return session.exec(select(sa_func.min(Document.published_at))).one()


def date_bounds(session: Session) -> DateBounds:
    """The archive's first and last publication day, for the date pickers' limits and defaults."""
    first, last = session.exec(
        select(sa_func.min(Document.published_at), sa_func.max(Document.published_at))
    ).one()
    return DateBounds(first.date() if first else None, last.date() if last else None)


def count_documents(session: Session) -> int:
    return int(session.exec(select(sa_func.count()).select_from(Document)).one())
