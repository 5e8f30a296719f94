"""The verdicts of `kommunevagt stats check`, kept in `figure_verdict` (revision 0010), set-based.

A verdict depends only on what a figure claims: its measure, kind, subject, period, words and
value (and the official figures). An archive quotes the same claim many times ("3,4 procent"
about one kommune and month), so a check judges each distinct claim once (`claim_keys`), and
the verdicts reach every statistic in one INSERT ... SELECT joining a temporary table of the
judged claims (`store_verdicts`). Python work grows with the distinct claims, not the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlmodel import Session, col

from store.models import Document, FigureVerdict, Statistic
from store.official import ClaimedFigure
from store.queries.common import sa_select

# What a verdict depends on: the statistic's columns that make two figures the same claim.
KEY = ("measure", "kind", "subject_type", "subject_code", "period", "text", "value", "approx")
RESULT = ("verdict", "official", "official_period", "unit", "relative_gap", "table_id", "reason")
_BATCH = 5000


@dataclass(frozen=True, slots=True)
class StoredVerdict:
    verdict: str
    official: float | None
    official_period: str | None
    unit: str | None
    relative_gap: float | None
    table_id: str | None
    reason: str | None


def claim_keys(session: Session) -> Iterator[ClaimedFigure]:
    """Each distinct claim of the statistics with a measure (no document: many may share it)."""
    columns = [getattr(Statistic, name) for name in KEY]
    statement = select(*columns).where(col(Statistic.measure).is_not(None)).distinct()
    for row in session.connection().execute(statement):
        yield ClaimedFigure(
            document_url="", sentence=None, text=row.text, value=float(row.value), kind=row.kind,
            approx=bool(row.approx), measure=row.measure, subject_type=row.subject_type,
            subject_code=row.subject_code, period=row.period,
        )  # fmt: skip


def _judged_table() -> Table:
    """A temporary table of judged claims: the key columns, then the verdict's."""
    return Table(
        "judged_claim",
        MetaData(),
        Column("measure", String), Column("kind", String), Column("subject_type", String),
        Column("subject_code", Integer), Column("period", String), Column("text", String),
        Column("value", Float), Column("approx", Boolean),
        Column("verdict", String), Column("official", Float), Column("official_period", String),
        Column("unit", String), Column("relative_gap", Float), Column("table_id", String),
        Column("reason", String),
        prefixes=["TEMPORARY"],
    )  # fmt: skip


def store_verdicts(
    *, session: Session, judged: Iterable[tuple[ClaimedFigure, StoredVerdict]], checked_at: datetime
) -> int:
    """Every stored verdict replaced: each statistic gets the verdict of its claim; the count.

    The old verdicts go first, in the same transaction, so a figure whose record lost its
    measure keeps no stale verdict and a reader sees either the old set or the new one.
    """
    connection = session.connection()
    table = _judged_table()
    table.create(connection)
    try:
        batch: list[dict[str, Any]] = []
        for figure, verdict in judged:
            batch.append({**{name: getattr(figure, name) for name in KEY}, **_result(verdict)})
            if len(batch) == _BATCH:
                connection.execute(insert(table), batch)
                batch = []
        if batch:
            connection.execute(insert(table), batch)
        connection.execute(delete(FigureVerdict))
        return _insert_joined(connection, table, checked_at)
    finally:
        table.drop(connection)


def _result(verdict: StoredVerdict) -> dict[str, Any]:
    return {name: getattr(verdict, name) for name in RESULT}


def _insert_joined(connection: Any, table: Table, checked_at: datetime) -> int:
    """INSERT INTO figure_verdict SELECT each statistic with its judged claim (NULL-safe keys)."""
    match = and_(*(getattr(Statistic, name).is_not_distinct_from(table.c[name]) for name in KEY))
    checked = literal(checked_at, type_=FigureVerdict.__table__.c.checked_at.type)  # type: ignore[attr-defined]
    source = (
        sa_select(Statistic.id, *(table.c[name] for name in RESULT), Statistic.published_at, checked)
        .select_from(Statistic)
        .join(table, match)
        .where(col(Statistic.measure).is_not(None))
    )
    target = ["statistic_id", *RESULT, "published_at", "checked_at"]
    connection.execute(insert(FigureVerdict).from_select(target, source))
    counted = select(func.count()).select_from(FigureVerdict)
    return int(connection.execute(counted).scalar_one())


def checked_figures(session: Session) -> Iterator[tuple[ClaimedFigure, StoredVerdict]]:
    """Every stored verdict with its figure, document URL and sentence, in statistic id order."""
    sentence = func.substr(
        col(Document.text),
        col(Statistic.sentence_start) + 1,
        col(Statistic.sentence_end) - col(Statistic.sentence_start),
    )
    statement = (
        sa_select(
            Document.url,
            sentence.label("sentence"),
            *(getattr(Statistic, n) for n in KEY),
            Statistic.id,
            Statistic.published_at,
            *(getattr(FigureVerdict, n) for n in RESULT),
        )  # fmt: skip
        .select_from(FigureVerdict)
        .join(Statistic, col(Statistic.id) == col(FigureVerdict.statistic_id))
        .join(Document, col(Document.id) == col(Statistic.document_id))
        .order_by(col(FigureVerdict.statistic_id))
        .execution_options(yield_per=_BATCH)
    )
    for r in session.connection().execute(statement):
        figure = ClaimedFigure(
            document_url=r.url, sentence=r.sentence, text=r.text, value=float(r.value), kind=r.kind,
            approx=bool(r.approx), measure=r.measure, subject_type=r.subject_type,
            subject_code=r.subject_code, period=r.period, statistic_id=r.id, published_at=r.published_at,
        )  # fmt: skip
        yield figure, StoredVerdict(*(getattr(r, n) for n in RESULT))


def stored_counts(session: Session) -> dict[str, int]:
    """How many figures have each stored verdict."""
    statement = sa_select(FigureVerdict.verdict, func.count()).group_by(col(FigureVerdict.verdict))
    return {verdict: int(n) for verdict, n in session.connection().execute(statement)}
