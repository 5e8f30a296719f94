"""SQL for official figures: the Statistikbanken cache and the claimed figures checked against it.

Kept out of `store/queries/` (the UI's read queries). `claimed_figures` reads the figure records
of `statistic` (measure, subject, period; revision 0005) with their document and sentence;
what `stats check` found is kept by `store.verdicts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from store.models import Claim, ClaimStatistic, Document, OfficialFigure, Statistic
from store.queries.common import sa_select

_KEY = ("table_id", "area_code", "period", "variable_codes")
_BATCH = 1000


@dataclass(frozen=True)
class OfficialValue:
    value: float
    unit: str
    table_id: str
    link: str


@dataclass(frozen=True, slots=True)
class ClaimedFigure:
    """A figure as claimed in a document: what, about whom, for when, and the words used."""

    document_url: str
    sentence: str | None
    text: str
    value: float
    kind: str
    approx: bool
    measure: str | None
    subject_type: str | None
    subject_code: int | None
    period: str | None
    statistic_id: int | None = None  # None for figures read from an extract file
    published_at: datetime | None = None


def upsert_official_figures(*, session: Session, rows: Iterable[dict[str, Any]]) -> int:
    """Insert or update official figures by (table, area, period, variable codes); returns the count."""
    target = OfficialFigure.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    rows = list(rows)
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        statement = insert(target)
        statement = statement.on_conflict_do_update(
            index_elements=[target.c[name] for name in _KEY],
            set_={
                name: statement.excluded[name]
                for name in ("measure", "subject_type", "subject_code", "value", "unit", "fetched_at", "link")
            },
        )
        session.connection().execute(statement, batch)
    return len(rows)


def official_index(*, session: Session) -> dict[tuple[str, str, str, int | None, str], OfficialValue]:
    """Every cached official figure by (measure, table, subject type, subject code, period).

    Read once per `stats check` so that each claim is looked up in memory: a check of many
    claims costs one scan of this (small) table, not one query per claim.
    """
    f = OfficialFigure.__table__  # type: ignore[attr-defined]
    statement = select(
        f.c.measure,
        f.c.table_id,
        f.c.subject_type,
        f.c.subject_code,
        f.c.period,
        f.c.value,
        f.c.unit,
        f.c.link,
    )
    index = {}
    for measure, table_id, s_type, s_code, period, value, unit, link in session.connection().execute(
        statement
    ):
        index[(measure, table_id, s_type, s_code, period)] = OfficialValue(value, unit, table_id, link)
    return index


def count_official_figures(*, session: Session) -> int:
    from sqlalchemy import func

    return int(session.connection().execute(select(func.count()).select_from(OfficialFigure)).scalar_one())


def claimed_figures(session: Session) -> Iterator[ClaimedFigure]:
    """Every statistic with a measure, with its document URL and claim sentence, in id order."""
    # The sentence: the first claim the statistic belongs to (served by ix_claimstatistic_statistic).
    sentence = (
        select(col(Claim.text))
        .join(ClaimStatistic, col(ClaimStatistic.claim_id) == col(Claim.id))
        .where(col(ClaimStatistic.statistic_id) == col(Statistic.id))
        .order_by(col(ClaimStatistic.claim_id))
        .limit(1)
        .scalar_subquery()
    )
    statement = (
        sa_select(
            Document.url,
            sentence,
            Statistic.text,
            Statistic.value,
            Statistic.kind,
            Statistic.approx,
            Statistic.measure,
            Statistic.subject_type,
            Statistic.subject_code,
            Statistic.period,
            Statistic.id,
            Statistic.published_at,
        )  # fmt: skip
        .join(Document, col(Document.id) == col(Statistic.document_id))
        .where(col(Statistic.measure).is_not(None))
        .order_by(col(Statistic.id))
    )
    # On the statement, not the connection: a connection option would stay set (SQLAlchemy 2
    # sets it in place) and make the verdict INSERTs of the same check use a server-side cursor.
    result = session.connection().execute(statement.execution_options(yield_per=_BATCH))
    for row in result:
        yield ClaimedFigure(
            document_url=row[0], sentence=row[1], text=row[2], value=float(row[3]), kind=row[4],
            approx=bool(row[5]), measure=row[6], subject_type=row[7], subject_code=row[8], period=row[9],
            statistic_id=row[10], published_at=row[11],
        )  # fmt: skip
