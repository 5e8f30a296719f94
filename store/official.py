"""SQL for official figures: the Statistikbanken cache and the claimed figures checked against it.

Kept out of `store/queries/` (the UI's read queries). The claimed figures are the figure
records of `statistic` (measure, subject, period; revision 0005): `store.verdicts` reads them,
one per distinct claim, and keeps what `stats check` found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from store.models import OfficialFigure

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
