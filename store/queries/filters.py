"""The claim filter of the Tidslinje sidebar and the WHERE conditions it becomes.

Filters on claims are expressed as `IN (subquery)` conditions on indexed columns (document_id,
speaker_id, claim id) so SQLite can start from whichever index is most selective.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from store.models import Claim, ClaimKommune, ClaimStatistic, Document, Kommune, Person, Statistic
from store.queries.common import day_end, day_start, search_condition


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What the Tidslinje sidebar can narrow claims by; empty fields do not filter."""

    kommuner: tuple[int, ...] = ()
    regions: tuple[int, ...] = ()
    parties: tuple[str, ...] = ()
    persons: tuple[int, ...] = ()
    statistic_kinds: tuple[str, ...] = ()
    document_kinds: tuple[str, ...] = ()
    sources: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    text: str = ""


def _statistic_kind_condition(filters: ClaimFilter) -> ColumnElement[bool]:
    """Claims with a figure of the chosen kinds.

    Alone, the matching claim ids are collected once (an IN list). With any other filter the
    check runs per remaining claim instead (EXISTS on the claim_id prefix of the link's primary
    key), since collecting every claim of a common kind costs more than checking a few thousand.
    """
    others = (
        filters.kommuner, filters.regions, filters.persons, filters.parties, filters.document_kinds,
        filters.sources, filters.date_from, filters.date_to, filters.text.strip(),
    )  # fmt: skip
    if any(others):
        # The kind is looked up by primary key per link row, which pins the order (links of this
        # claim first) whether or not the planner has statistics about the tables.
        kind = select(Statistic.kind).where(col(Statistic.id) == col(ClaimStatistic.statistic_id))
        return (
            select(ClaimStatistic.claim_id)
            .where(
                col(ClaimStatistic.claim_id) == col(Claim.id),
                kind.scalar_subquery().in_(filters.statistic_kinds),
            )
            .exists()
        )
    linked = (
        select(ClaimStatistic.claim_id)
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .where(col(Statistic.kind).in_(filters.statistic_kinds))
    )
    return col(Claim.id).in_(linked)


SHORT_RANGE_DAYS = 31


def _short_range(filters: ClaimFilter) -> bool:
    """Whether the filter's dates span at most a month, so that its claims are few enough to be
    read by date and checked one by one."""
    if filters.date_from is None or filters.date_to is None:
        return False
    return (filters.date_to - filters.date_from).days <= SHORT_RANGE_DAYS


def _kommune_conditions(filters: ClaimFilter) -> list[ColumnElement[bool]]:
    """Claims linked to the chosen kommuner or to any kommune of the chosen regions."""
    conditions: list[ColumnElement[bool]] = []
    # The link rows carry published_at, so the date range narrows the index range scan as well.
    link_dates = []
    if filters.date_from:
        link_dates.append(col(ClaimKommune.published_at) >= day_start(filters.date_from))
    if filters.date_to:
        link_dates.append(col(ClaimKommune.published_at) < day_end(filters.date_to))
    if filters.kommuner:
        conditions.append(
            col(Claim.id).in_(
                select(ClaimKommune.claim_id).where(
                    col(ClaimKommune.kommune_code).in_(filters.kommuner), *link_dates
                )
            )
        )
    if filters.regions:
        kommuner_in_regions = select(Kommune.code).where(col(Kommune.region_code).in_(filters.regions))
        conditions.append(
            col(Claim.id).in_(
                select(ClaimKommune.claim_id).where(
                    col(ClaimKommune.kommune_code).in_(kommuner_in_regions), *link_dates
                )
            )
        )
    return conditions


def _document_condition(filters: ClaimFilter) -> ColumnElement[bool]:
    """Claims in documents of the chosen kinds and sources."""
    # An alias: the card query joins Document itself, which would capture the subquery.
    document = aliased(Document)
    documents = select(document.id)
    if filters.document_kinds:
        documents = documents.where(col(document.kind).in_(filters.document_kinds))
    if filters.sources:
        documents = documents.where(col(document.source_id).in_(filters.sources))
    if _short_range(filters):
        # A few days of claims (a page window) are checked one by one: collecting every
        # document of a kind first would cost more than the claims of those days.
        return documents.where(col(document.id) == col(Claim.document_id)).exists()
    return col(Claim.document_id).in_(documents)


def claim_conditions(session: Session, *, filters: ClaimFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions on Claim for a filter; each one can be served by an index."""
    conditions = _kommune_conditions(filters)
    if filters.persons:
        conditions.append(col(Claim.speaker_id).in_(filters.persons))
    if filters.parties:
        conditions.append(
            col(Claim.speaker_id).in_(select(Person.id).where(col(Person.party_letter).in_(filters.parties)))
        )
    if filters.statistic_kinds:
        conditions.append(_statistic_kind_condition(filters))
    if filters.document_kinds or filters.sources:
        conditions.append(_document_condition(filters))
    if filters.date_from:
        conditions.append(col(Claim.published_at) >= day_start(filters.date_from))
    if filters.date_to:
        conditions.append(col(Claim.published_at) < day_end(filters.date_to))
    if filters.text.strip():
        conditions.append(search_condition(session, filters.text.strip()))
    return conditions
