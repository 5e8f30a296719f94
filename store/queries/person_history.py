"""One person over time, for the Politikere page: party history, seats in the registry and the
figures they quoted (as `store.official.ClaimedFigure`s, which `statbank.check` gives verdicts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import desc
from sqlmodel import Session, col

from store.models import (
    Claim,
    ClaimStatistic,
    Document,
    Kommune,
    Party,
    Person,
    PersonParty,
    Politician,
    PoliticianSeat,
    Statistic,
)
from store.official import ClaimedFigure
from store.queries.common import as_datetime, labelled, rows, sa_select


@dataclass(frozen=True, slots=True)
class PartyPeriod:
    """A party the person had from `since` (until the next period), as a text or the registry showed it."""

    party_letter: str
    party_name: str | None
    since: datetime | None
    source: str  # text | registry
    document_url: str | None


@dataclass(frozen=True, slots=True)
class Seat:
    """A seat of the person in the registry of elected politicians."""

    role: str
    party_letter: str | None
    kommune_name: str
    valid_from: date | None
    valid_to: date | None
    source: str


@dataclass(frozen=True, slots=True)
class PersonFigure:
    """A figure in a claim the person made, with when and where."""

    published_at: datetime | None
    title: str | None
    figure: ClaimedFigure


def party_history(session: Session, *, person_id: int) -> list[PartyPeriod]:
    """The person's parties, oldest first."""
    columns = {
        "party_letter": PersonParty.party_letter,
        "party_name": Party.name,
        "since": PersonParty.since,
        "source": PersonParty.source,
        "document_url": Document.url,
    }
    statement = (
        sa_select(*labelled(columns))
        .select_from(PersonParty)
        .outerjoin(Party, col(Party.letter) == col(PersonParty.party_letter))
        .outerjoin(Document, col(Document.id) == col(PersonParty.document_id))
        .where(col(PersonParty.person_id) == person_id)
        .order_by(col(PersonParty.since), col(PersonParty.id))
    )
    return [
        PartyPeriod(r.party_letter, r.party_name, as_datetime(r.since), r.source, r.document_url)
        for r in rows(session, statement)
    ]


def person_seats(session: Session, *, person_id: int) -> list[Seat]:
    """The registry's seats of the politician the person is linked to, newest first."""
    columns = {
        "role": PoliticianSeat.role,
        "party_letter": PoliticianSeat.party_letter,
        "kommune_name": Kommune.name,
        "valid_from": PoliticianSeat.valid_from,
        "valid_to": PoliticianSeat.valid_to,
        "source": PoliticianSeat.source,
    }
    statement = (
        sa_select(*labelled(columns))
        .select_from(Person)
        .join(Politician, col(Politician.id) == col(Person.politician_id))
        .join(PoliticianSeat, col(PoliticianSeat.politician_id) == col(Politician.id))
        .join(Kommune, col(Kommune.code) == col(Politician.kommune_code))
        .where(col(Person.id) == person_id)
        .order_by(desc(col(PoliticianSeat.valid_from)).nulls_last(), col(PoliticianSeat.role))
    )
    return [
        Seat(r.role, r.party_letter, r.kommune_name, r.valid_from, r.valid_to, r.source)
        for r in rows(session, statement)
    ]


def person_figures(session: Session, *, person_id: int, limit: int = 50) -> list[PersonFigure]:
    """Figures in the person's claims, newest first (one row per figure and claim)."""
    statement = (
        sa_select(
            Claim.published_at,
            Document.title,
            Document.url,
            Claim.text,
            Statistic.text,
            Statistic.value,
            Statistic.kind,
            Statistic.approx,
            Statistic.measure,
            Statistic.subject_type,
            Statistic.subject_code,
            Statistic.period,
        )  # fmt: skip
        .select_from(Claim)
        .join(ClaimStatistic, col(ClaimStatistic.claim_id) == col(Claim.id))
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .join(Document, col(Document.id) == col(Claim.document_id))
        .where(col(Claim.speaker_id) == person_id)
        .order_by(desc(col(Claim.published_at)).nulls_last(), desc(col(Statistic.id)))
        .limit(limit)
    )
    found = []
    for r in session.execute(statement).all():
        figure = ClaimedFigure(
            document_url=r[2], sentence=r[3], text=r[4], value=float(r[5]), kind=r[6], approx=bool(r[7]),
            measure=r[8], subject_type=r[9], subject_code=r[10], period=r[11],
        )  # fmt: skip
        found.append(PersonFigure(as_datetime(r[0]), r[1], figure))
    return found
