"""Persons for export (`kommunevagt export persons`): identity, party, roles, counts and dates,
streamed in id order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.models import Claim, Kommune, Mention, Person, Quote
from store.queries.common import as_datetime

EXPORT_BATCH = 1000


@dataclass(frozen=True, slots=True)
class PersonExport:
    id: int
    name: str
    kommune_code: int | None
    kommune: str | None
    party: str | None  # list letter, the latest the texts showed
    roles: str  # "borgmester; formand for økonomiudvalget"
    politician: bool
    registry_id: int | None  # the politician in the registry, when linked
    claims: int
    quotes: int
    mentions: int
    first_seen: datetime | None
    last_seen: datetime | None


def export_persons(session: Session) -> Iterator[PersonExport]:
    """Every person, oldest id first, in keyset pages; each page's counts in three grouped
    queries over the page's ids, so the export costs the same per person however large the archive."""
    after = 0
    while True:
        statement = (
            select(Person, Kommune.name)
            .outerjoin(Kommune, col(Kommune.code) == col(Person.kommune_code))
            .where(col(Person.id) > after)
            .order_by(col(Person.id))
            .limit(EXPORT_BATCH)
        )
        found = session.exec(statement).all()
        ids = [int(p.id or 0) for p, _ in found]
        claims = _counts(session, col(Claim.speaker_id), ids)
        quotes = _counts(session, col(Quote.speaker_id), ids)
        mentions = _counts(session, col(Mention.target_id), ids, col(Mention.type) == "person")
        for person, kommune in found:
            pid = int(person.id or 0)
            yield PersonExport(
                id=pid, name=person.name, kommune_code=person.kommune_code, kommune=kommune,
                party=person.party_letter, roles="; ".join(person.roles or ()),
                politician=person.is_politician, registry_id=person.politician_id,
                claims=claims.get(pid, 0), quotes=quotes.get(pid, 0),
                mentions=mentions.get(pid, 0), first_seen=as_datetime(person.first_seen),
                last_seen=as_datetime(person.last_seen),
            )  # fmt: skip
        if len(found) < EXPORT_BATCH:
            return
        after = ids[-1]


def _counts(session: Session, column: Any, ids: list[int], *where: Any) -> dict[int, int]:
    if not ids:
        return {}
    statement = select(column, func.count()).where(column.in_(ids), *where).group_by(column)
    return {int(pid): int(n) for pid, n in session.exec(statement)}
