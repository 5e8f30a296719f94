"""SQL for official figures: the Statistikbanken cache and the claimed figures checked against it.

Kept out of `store/queries.py` (the UI's read queries). `claimed_figures` reads the figure-record
columns of `statistic` (measure, subject_type, subject_code, period) by name through a
lightweight table clause, so this module does not depend on the model attributes: on a schema
without those columns it raises `NoFigureRecords` instead of failing in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Float, Integer, String, column, inspect, select, table
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from store.models import OfficialFigure

FIGURE_COLUMNS = ("measure", "subject_type", "subject_code", "period")
_KEY = ("table_id", "area_code", "period", "variable_codes")
_BATCH = 1000


class NoFigureRecords(LookupError):
    """The statistic table has no figure-record columns yet, so there is nothing to check."""


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


def has_figure_records(session: Session) -> bool:
    """Whether the statistic table has the figure-record columns (added by the figure-records work)."""
    names = {c["name"] for c in inspect(session.connection()).get_columns("statistic")}
    return set(FIGURE_COLUMNS) <= names


def claimed_figures(session: Session) -> Iterator[ClaimedFigure]:
    """Every statistic with a measure, with its document URL and claim sentence, in id order.

    Raises `NoFigureRecords` on a schema whose statistic table has no measure/subject/period.
    """
    if not has_figure_records(session):
        raise NoFigureRecords(
            "no figure records in the database: the statistic table has no measure, subject or period "
            "columns yet (the figure-records migration is not applied)"
        )
    statistic = table(
        "statistic",
        column("id", Integer), column("document_id", Integer), column("text", String),
        column("value", Float), column("kind", String), column("approx", Boolean),
        column("measure", String), column("subject_type", String), column("subject_code", Integer),
        column("period", String),
    )  # fmt: skip
    document = table("document", column("id", Integer), column("url", String))
    link = table("claimstatistic", column("claim_id", Integer), column("statistic_id", Integer))
    claim = table("claim", column("id", Integer), column("text", String))
    # The sentence: the first claim the statistic belongs to (served by ix_claimstatistic_statistic).
    sentence = (
        select(claim.c.text)
        .join(link, link.c.claim_id == claim.c.id)
        .where(link.c.statistic_id == statistic.c.id)
        .order_by(link.c.claim_id)
        .limit(1)
        .scalar_subquery()
    )
    statement = (
        select(
            document.c.url,
            sentence,
            statistic.c.text,
            statistic.c.value,
            statistic.c.kind,
            statistic.c.approx,
            statistic.c.measure,
            statistic.c.subject_type,
            statistic.c.subject_code,
            statistic.c.period,
        )  # fmt: skip
        .join(document, document.c.id == statistic.c.document_id)
        .where(statistic.c.measure.is_not(None))
        .order_by(statistic.c.id)
    )
    result = session.connection().execution_options(yield_per=_BATCH).execute(statement)
    for row in result:
        yield ClaimedFigure(
            document_url=row[0], sentence=row[1], text=row[2], value=float(row[3]), kind=row[4],
            approx=bool(row[5]), measure=row[6], subject_type=row[7], subject_code=row[8], period=row[9],
        )  # fmt: skip
