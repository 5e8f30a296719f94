"""Tal (fact-check): figure records - what a quoted figure measures, about whom, for when - with
the verdict `stats check` stored for each, and the official series beside them.

A figure record is a `statistic` row with a measure (revision 0005); its verdict is its
`figure_verdict` row (revision 0010), absent until a check has run. Every query here reads
records with a measure only: a figure whose sentence does not say what it counts cannot be
followed or checked. Comparing records across sources is `store.queries.figure_groups`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, literal
from sqlalchemy import func as sa_func
from sqlmodel import Session, col, select

from store.figure_aggregate import SUBJECT_TYPES  # subjects a figure can be compared on
from store.models import Document, FigureVerdict, OfficialFigure, Source, Statistic
from store.queries.common import day_end, day_start, labelled, relative_span, rows, sa_select


@dataclass(frozen=True, slots=True)
class FigureRecord:
    """One quoted figure as a record, with its sentence, document, story and verdict."""

    statistic_id: int
    document_id: int
    story: int  # the document's story, or minus its id when it is in none: copies share it
    outlet: int  # the source, or minus the document id when unknown: one outlet per source
    source_name: str | None
    url: str
    title: str | None
    document_kind: str
    published_at: datetime | None
    text: str
    value: float
    value_max: float | None
    kind: str
    unit: str | None
    approx: bool
    measure: str
    measure_text: str | None
    subject_type: str | None
    subject_code: int | None
    period: str | None
    period_inferred: bool | None
    change_direction: str | None
    change_from: float | None
    change_baseline: str | None
    sentence: str
    figure_start: int  # relative to the sentence (-1 when not found)
    figure_end: int
    verdict: str | None  # None until `stats check` has run
    official: float | None
    official_period: str | None
    official_unit: str | None
    relative_gap: float | None
    table_id: str | None


@dataclass(frozen=True, slots=True)
class OfficialPoint:
    """One official value of a measure for a subject (the Statistikbanken cache)."""

    measure: str
    table_id: str
    period: str
    value: float
    unit: str
    link: str


def record_columns() -> dict[str, Any]:
    """The columns of a `FigureRecord`, by field name (the sentence cut from the document)."""
    sentence_length = col(Statistic.sentence_end) - col(Statistic.sentence_start)
    return {
        "statistic_id": Statistic.id,
        "document_id": Document.id,
        "story": sa_func.coalesce(col(Document.story_id), -col(Document.id)),
        "outlet": sa_func.coalesce(col(Document.source_id), -col(Document.id)),
        "source_name": Source.name,
        "url": Document.url,
        "title": Document.title,
        "document_kind": Document.kind,
        "published_at": Statistic.published_at,
        "text": Statistic.text,
        "value": Statistic.value,
        "value_max": Statistic.value_max,
        "kind": Statistic.kind,
        "unit": Statistic.unit,
        "approx": Statistic.approx,
        "measure": Statistic.measure,
        "measure_text": Statistic.measure_text,
        "subject_type": Statistic.subject_type,
        "subject_code": Statistic.subject_code,
        "period": Statistic.period,
        "period_inferred": Statistic.period_inferred,
        "change_direction": Statistic.change_direction,
        "change_from": Statistic.change_from,
        "change_baseline": Statistic.change_baseline,
        "sentence": sa_func.substr(col(Document.text), col(Statistic.sentence_start) + 1, sentence_length),
        "statistic_start": col(Statistic.start) - col(Statistic.sentence_start),
        "statistic_end": col(Statistic.end) - col(Statistic.sentence_start),
        "verdict": FigureVerdict.verdict,
        "official": FigureVerdict.official,
        "official_period": FigureVerdict.official_period,
        "official_unit": FigureVerdict.unit,
        "relative_gap": FigureVerdict.relative_gap,
        "table_id": FigureVerdict.table_id,
    }


def record_select() -> Any:
    """SELECT of figure records: statistic with its document, source and verdict (no WHERE)."""
    return (
        sa_select(*labelled(record_columns()))
        .select_from(Statistic)
        .join(Document, col(Document.id) == col(Statistic.document_id))
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .outerjoin(FigureVerdict, col(FigureVerdict.statistic_id) == col(Statistic.id))
    )


@lru_cache(maxsize=32)
def _record_fields(columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name for name in FigureRecord.__slots__ if name in columns)


def to_record(row: Any) -> FigureRecord:
    # The fields are matched to the row's columns once per statement: hasattr() per field and
    # row raised and caught for every missing name, which cost more than the query itself on a
    # page of candidate groups (thousands of records).
    columns = row._asdict()
    values = {name: columns[name] for name in _record_fields(tuple(row._fields))}
    sentence = row.sentence or ""
    start, end = relative_span(sentence, row.text, row.statistic_start, row.statistic_end)
    values.update(sentence=sentence, figure_start=start, figure_end=end, approx=bool(row.approx))
    return FigureRecord(**values)


def record_conditions(
    *,
    subject_type: str | None = None,
    subject_code: int | None = None,
    measures: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[ColumnElement[bool]]:
    """Figure records (a measure) of one subject, or of any comparable subject when none is given."""
    conditions: list[ColumnElement[bool]] = [col(Statistic.measure).is_not(None)]
    if subject_type is None:
        conditions.append(col(Statistic.subject_type).in_(SUBJECT_TYPES))
    else:
        conditions.append(col(Statistic.subject_type) == subject_type)
        code = col(Statistic.subject_code)
        conditions.append(code.is_(None) if subject_code is None else code == subject_code)
    chosen = tuple(measures)
    if chosen:
        conditions.append(col(Statistic.measure).in_(chosen))
    if date_from:
        conditions.append(col(Statistic.published_at) >= day_start(date_from))
    if date_to:
        conditions.append(col(Statistic.published_at) < day_end(date_to))
    return conditions


def figure_records(
    session: Session,
    *,
    kommune_code: int,
    measures: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 2000,
) -> list[FigureRecord]:
    """The kommune's figure records (its own figures, not national ones quoted beside them), the
    newest `limit`, returned oldest first for drawing over time."""
    conditions = record_conditions(
        subject_type="kommune", subject_code=kommune_code, measures=measures, date_from=date_from,
        date_to=date_to,
    )  # fmt: skip
    statement = (
        record_select()
        .where(*conditions)
        .order_by(col(Statistic.published_at).desc(), col(Statistic.id).desc())
        .limit(limit)
    )
    return [to_record(r) for r in reversed(rows(session, statement))]


def count_figure_records(
    session: Session,
    *,
    kommune_code: int,
    measures: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
) -> int:
    conditions = record_conditions(
        subject_type="kommune", subject_code=kommune_code, measures=measures, date_from=date_from,
        date_to=date_to,
    )  # fmt: skip
    statement = select(sa_func.count()).select_from(Statistic).where(*conditions)
    return int(session.exec(statement).one())


def record_measures(session: Session, *, kommune_code: int | None = None) -> list[str]:
    """The measures figure records name (about the kommune, when one is given), sorted."""
    conditions = record_conditions(
        subject_type="kommune" if kommune_code is not None else None, subject_code=kommune_code
    )
    statement = select(col(Statistic.measure)).where(*conditions).distinct()
    return sorted(m for m in session.exec(statement).all() if m)


def latest_checked(session: Session, *, limit: int = 20) -> list[FigureRecord]:
    """The newest figure records that `stats check` compared with an official figure, newest first."""
    statement = (
        record_select()
        .where(col(FigureVerdict.verdict) != literal("no_official_figure"))
        .order_by(col(FigureVerdict.published_at).desc(), col(FigureVerdict.statistic_id).desc())
        .limit(limit)
    )
    return [to_record(r) for r in rows(session, statement)]


def official_series(session: Session, *, kommune_code: int, measures: Iterable[str]) -> list[OfficialPoint]:
    """The synced official values of the measures for the kommune, by measure, table and period."""
    chosen = tuple(measures)
    if not chosen:
        return []
    f = OfficialFigure
    statement = (
        sa_select(f.measure, f.table_id, f.period, f.value, f.unit, f.link)
        .where(
            col(f.subject_type) == "kommune",
            col(f.subject_code) == kommune_code,
            col(f.measure).in_(chosen),
        )
        .order_by(col(f.measure), col(f.table_id), col(f.period))
    )
    return [OfficialPoint(*r) for r in rows(session, statement)]
