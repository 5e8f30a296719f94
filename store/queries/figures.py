"""Tal (fact-check): every figure quoted about a kommune, and the periods in which they disagree.

A figure's record is its kind, unit and period (`FigureKey`): two figures with the same key claim
the same thing, so their values should agree up to rounding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Label, and_
from sqlalchemy import func as sa_func
from sqlmodel import Session, col, select

from store.models import Claim, ClaimKommune, ClaimStatistic, Document, Person, Source, Statistic
from store.queries.common import (
    Period,
    as_date,
    day_end,
    day_start,
    dialect,
    labelled,
    period_start,
    relative_span,
    rows,
    sa_select,
    search_condition,
)


class FigureKey(NamedTuple):
    """What a figure is about: figures with the same key should have the same value."""

    kind: str
    unit: str | None
    period: date | None


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One quoted figure about a kommune, with the sentence and document it came from."""

    statistic_id: int
    claim_id: int
    published_at: datetime | None
    period: date | None
    kind: str
    unit: str | None
    value: float
    value_max: float | None
    of_value: float | None
    figure_text: str
    sentence: str
    figure_start: int  # relative to the sentence
    figure_end: int
    url: str
    title: str | None
    document_kind: str
    source_name: str | None
    speaker_name: str | None
    source_org: str | None

    @property
    def key(self) -> FigureKey:
        return FigureKey(self.kind, self.unit, self.period)


@dataclass(frozen=True, slots=True)
class FigureConflict:
    """A (kind, unit, period) for which the quoted values disagree beyond rounding."""

    kind: str
    unit: str | None
    period: date
    figures: int
    distinct_values: int
    low: float
    high: float

    @property
    def key(self) -> FigureKey:
        return FigureKey(self.kind, self.unit, self.period)


def _figure_conditions(
    session: Session,
    kommune_code: int,
    statistic_kinds: Iterable[str],
    text: str,
    date_from: date | None,
    date_to: date | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        col(Claim.id).in_(select(ClaimKommune.claim_id).where(col(ClaimKommune.kommune_code) == kommune_code))
    ]
    kinds = tuple(statistic_kinds)
    if kinds:
        # `kind || ''` keeps the planner off the kind index: starting from every figure of a kind
        # and seeking each of the kommune's claims in (statistic_id, claim_id) is what SQLite
        # picks without statistics, and it takes minutes. The kommune's claims come first.
        conditions.append(col(Statistic.kind).concat("").in_(kinds))
    if text.strip():
        conditions.append(search_condition(session, text.strip()))
    if date_from:
        conditions.append(col(Claim.published_at) >= day_start(date_from))
    if date_to:
        conditions.append(col(Claim.published_at) < day_end(date_to))
    return conditions


def _figure_columns(bucket: Label[Any]) -> dict[str, Any]:
    """A figure row's columns, by the names its rows are read with; the statistic's offsets are in
    the document and become the sentence's by subtracting the claim's start."""
    return {
        "statistic_id": Statistic.id,
        "claim_id": Claim.id,
        "published_at": Claim.published_at,
        "bucket": bucket,
        "kind": Statistic.kind,
        "unit": Statistic.unit,
        "value": Statistic.value,
        "value_max": Statistic.value_max,
        "of_value": Statistic.of_value,
        "figure_text": Statistic.text,
        "sentence": Claim.text,
        "statistic_start": Statistic.start,
        "statistic_end": Statistic.end,
        "claim_start": Claim.start,
        "url": Document.url,
        "title": Document.title,
        "document_kind": Document.kind,
        "source_name": Source.name,
        "speaker_name": Person.name,
        "source_org": Claim.source_org,
    }


def figure_rows(
    session: Session,
    *,
    kommune_code: int,
    statistic_kinds: Iterable[str] = (),
    text: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    period: Period = "month",
    limit: int = 500,
    offset: int = 0,
) -> list[FigureRow]:
    """Every figure quoted in a sentence about the kommune, oldest first, with its source."""
    bucket = period_start(Claim.published_at, period, dialect=dialect(session)).label("bucket")
    statement = (
        sa_select(*labelled(_figure_columns(bucket)))
        .select_from(Claim)
        .join(ClaimStatistic, col(ClaimStatistic.claim_id) == col(Claim.id))
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .join(Document, col(Document.id) == col(Claim.document_id))
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .outerjoin(Person, col(Person.id) == col(Claim.speaker_id))
        .where(*_figure_conditions(session, kommune_code, statistic_kinds, text, date_from, date_to))
        .order_by(col(Claim.published_at), col(Statistic.id))
        .limit(limit)
        .offset(offset)
    )
    found = []
    for r in rows(session, statement):
        start, end = relative_span(
            r.sentence, r.figure_text, r.statistic_start - r.claim_start, r.statistic_end - r.claim_start
        )
        found.append(
            FigureRow(
                statistic_id=r.statistic_id,
                claim_id=r.claim_id,
                published_at=r.published_at,
                period=as_date(r.bucket),
                kind=r.kind,
                unit=r.unit,
                value=r.value,
                value_max=r.value_max,
                of_value=r.of_value,
                figure_text=r.figure_text,
                sentence=r.sentence,
                figure_start=start,
                figure_end=end,
                url=r.url,
                title=r.title,
                document_kind=r.document_kind,
                source_name=r.source_name,
                speaker_name=r.speaker_name,
                source_org=r.source_org,
            )
        )
    return found


def count_figures(
    session: Session,
    *,
    kommune_code: int,
    statistic_kinds: Iterable[str] = (),
    text: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> int:
    statement = (
        select(sa_func.count())
        .select_from(Claim)
        .join(ClaimStatistic, col(ClaimStatistic.claim_id) == col(Claim.id))
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .where(*_figure_conditions(session, kommune_code, statistic_kinds, text, date_from, date_to))
    )
    return int(session.exec(statement).one())


def figure_conflicts(
    session: Session,
    *,
    kommune_code: int,
    statistic_kinds: Iterable[str] = (),
    text: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    period: Period = "month",
    tolerance: float = 0.01,
) -> list[FigureConflict]:
    """Groups of figures of the same kind and unit, about the same kommune, published in the same
    period, whose values differ by more than `tolerance` (relative) - i.e. more than rounding.

    The NLP does not extract which period a figure refers to, so the publication period stands in
    for it: two sources reporting the kommune's unemployment in the same month should agree.
    """
    bucket = period_start(Claim.published_at, period, dialect=dialect(session)).label("bucket")
    low = sa_func.min(Statistic.value)
    high = sa_func.max(Statistic.value)
    spread = sa_func.max(sa_func.abs(Statistic.value))
    distinct_values = sa_func.count(sa_func.distinct(Statistic.value))
    columns = {
        "kind": Statistic.kind,
        "unit": Statistic.unit,
        "bucket": bucket,
        "figures": sa_func.count(),
        "distinct_values": distinct_values,
        "low": low,
        "high": high,
    }
    statement = (
        sa_select(*labelled(columns))
        .select_from(Claim)
        .join(ClaimStatistic, col(ClaimStatistic.claim_id) == col(Claim.id))
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .where(
            col(Claim.published_at).is_not(None),
            *_figure_conditions(session, kommune_code, statistic_kinds, text, date_from, date_to),
        )
        .group_by(col(Statistic.kind), col(Statistic.unit), bucket)
        .having(and_(distinct_values > 1, high - low > spread * tolerance))
        .order_by(bucket, col(Statistic.kind))
    )
    return [
        FigureConflict(
            kind=r.kind,
            unit=r.unit,
            period=d,
            figures=int(r.figures),
            distinct_values=int(r.distinct_values),
            low=r.low,
            high=r.high,
        )
        for r in rows(session, statement)
        if (d := as_date(r.bucket)) is not None
    ]
