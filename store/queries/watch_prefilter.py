"""What a `watch run` can find at all, read once per run: the kommuner, regions, persons and parties
of the documents and claims stored above the lowest watermark of the run's watches.

Most saved searches name one kommune or person, and on a given run most of them have nothing
new; asking SQL for each of a thousand searches cost ~50 ms apiece (two queries, most of it
SQLAlchemy's per-statement work). These sets let a search whose filter cannot meet the new rows
skip its queries. The check is only ever a "no": what passes is matched in SQL as before
(`watch_match`), so the result is the same with or without it. The highest ids are read here too,
once, and bound every watch's queries, so rows stored while the run goes wait for the next run.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.models import Claim, ClaimKommune, Document, Kommune, Mention, Person
from store.queries.filters import ClaimFilter


@dataclass(frozen=True)
class NewRows:
    """The new rows of a run in sets (regions include the regions of the kommuner named)."""

    max_document: int
    max_claim: int
    documents: bool = True
    claims: bool = True
    document_kommuner: frozenset[int] = frozenset()
    document_regions: frozenset[int] = frozenset()
    document_persons: frozenset[int] = frozenset()
    document_parties: frozenset[str] = frozenset()
    claim_kommuner: frozenset[int] = frozenset()
    claim_regions: frozenset[int] = frozenset()
    claim_speakers: frozenset[int] = frozenset()
    claim_parties: frozenset[str] = frozenset()

    def may_match_documents(self, filters: ClaimFilter) -> bool:
        """False when no new document can meet the filter's mention conditions (all must hold)."""
        sets = (self.document_kommuner, self.document_regions, self.document_persons, self.document_parties)
        return self.documents and _meets(filters, *sets)

    def may_match_claims(self, filters: ClaimFilter) -> bool:
        """False when no new claim can meet the filter's kommune, region, speaker or party."""
        return self.claims and _meets(
            filters, self.claim_kommuner, self.claim_regions, self.claim_speakers, self.claim_parties
        )


def _meets(
    filters: ClaimFilter, kommuner: frozenset[int], regions: frozenset[int], persons: frozenset[int],
    parties: frozenset[str],
) -> bool:  # fmt: skip
    return not (
        (filters.kommuner and kommuner.isdisjoint(filters.kommuner))
        or (filters.regions and regions.isdisjoint(filters.regions))
        or (filters.persons and persons.isdisjoint(filters.persons))
        or (filters.parties and parties.isdisjoint(filters.parties))
    )


def _ints(session: Session, statement: object) -> frozenset[int]:
    return frozenset(int(value) for value in session.exec(statement).all() if value is not None)  # type: ignore[call-overload]


def new_rows(session: Session, *, after_document: int, after_claim: int) -> NewRows:
    """The sets for rows with ids above the watermarks and up to the highest ids now."""
    max_document = int(session.exec(select(func.coalesce(func.max(Document.id), 0))).one() or 0)
    max_claim = int(session.exec(select(func.coalesce(func.max(Claim.id), 0))).one() or 0)
    mentions = select(Mention.target_id).where(col(Mention.document_id) > after_document)
    document_kommuner = _ints(session, mentions.where(col(Mention.type) == "kommune").distinct())
    persons = _ints(session, mentions.where(col(Mention.type) == "person").distinct())
    regions = _ints(session, mentions.where(col(Mention.type) == "region").distinct())
    claim_links = select(ClaimKommune.kommune_code).where(col(ClaimKommune.claim_id) > after_claim)
    claim_kommuner = _ints(session, claim_links.distinct())
    speakers = _ints(session, select(Claim.speaker_id).where(col(Claim.id) > after_claim).distinct())
    region_of = dict(session.exec(select(Kommune.code, Kommune.region_code)).all())
    party_of = dict(
        session.exec(
            select(Person.id, Person.party_letter).where(
                col(Person.id).in_(list(persons | speakers)), col(Person.party_letter).is_not(None)
            )
        ).all()
    )
    return NewRows(
        max_document=max_document,
        max_claim=max_claim,
        documents=max_document > after_document,
        claims=max_claim > after_claim,
        document_kommuner=document_kommuner,
        document_regions=regions | {region_of[k] for k in document_kommuner if region_of.get(k)},
        document_persons=persons,
        document_parties=frozenset(str(party_of[p]) for p in persons if p in party_of),
        claim_kommuner=claim_kommuner,
        claim_regions=frozenset(region_of[k] for k in claim_kommuner if region_of.get(k)),
        claim_speakers=speakers,
        claim_parties=frozenset(str(party_of[p]) for p in speakers if p in party_of),
    )
