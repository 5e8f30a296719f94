"""What every read query shares: the small row types, the SQL helpers and the period arithmetic.

A leaf of `store.queries`: the subject modules (claims, persons, figures, coverage, options) import
from here and never from each other, except where one view reuses another's statement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import ColumnElement, Date, Integer, Label, Select, cast, false
from sqlalchemy import func as sa_func
from sqlalchemy import select as _sa_select
from sqlmodel import Session, col

from core.result import StatisticKind
from store.models import Claim

# Wide selects mix model attributes (typed as plain Python values by SQLModel) with SQL expressions,
# which no `select` overload describes; they are typed as Any and run through `rows`.
sa_select: Callable[..., Any] = _sa_select

Period = Literal["day", "week", "month", "quarter"]
STATISTIC_KINDS: tuple[str, ...] = get_args(StatisticKind)


@dataclass(frozen=True, slots=True)
class Option:
    """One choice in a filter widget."""

    value: Any
    label: str


@dataclass(frozen=True, slots=True)
class PeriodCount:
    period: date
    count: int
    series: str = ""


@dataclass(frozen=True, slots=True)
class KommuneCount:
    code: int
    name: str
    count: int


def labelled(columns: Mapping[str, Any]) -> list[Any]:
    """The columns of a wide select, each labelled with its key, so that result rows are read by
    name (`row.source_name`) instead of unpacked by position. A column already labelled with its
    key is kept as it is, so GROUP BY and ORDER BY can still refer to it by that label."""
    return [
        column if isinstance(column, Label) and column.name == name else column.label(name)
        for name, column in columns.items()
    ]


def rows(session: Session, statement: Any) -> list[Any]:
    """Run a multi-column select; SQLModel's typed `select` overloads stop at four columns, so wide
    rows are built with SQLAlchemy's own `select` and come back as plain rows."""
    return list(session.exec(statement).all())


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def day_end(day: date) -> datetime:
    """Exclusive upper bound for an inclusive end date."""
    return datetime.combine(day + timedelta(days=1), time.min)


def as_date(value: Any) -> date | None:
    """Period keys come back as text on SQLite and as timestamps on PostgreSQL."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime | None:
    """Columns read through a UNION lose their type on SQLite and come back as text."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def period_start(column: Any, period: Period, *, dialect: str) -> ColumnElement[Any]:
    """SQL expression for the first day of the day/week/month/quarter containing `column`."""
    if dialect == "postgresql":
        return cast(sa_func.date_trunc(period, column), Date)
    if period == "day":  # stored as "YYYY-MM-DD HH:MM:SS.ffffff": cutting is cheaper than parsing
        return sa_func.substr(column, 1, 10)
    if period == "week":  # Monday: forward to Sunday (or stay), then back six days
        return sa_func.date(column, "weekday 0", "-6 days")
    if period == "month":
        return sa_func.strftime("%Y-%m-01", column)
    month = cast(sa_func.strftime("%m", column), Integer)
    # Back to the first month of the quarter: "start of month" then "-N months".
    return sa_func.date(column, "start of month", sa_func.printf("-%d months", (month - 1) % 3))


def period_of(day: date, period: Period) -> date:
    """First day of the week (Monday), month or quarter containing `day`."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day


def search_condition(session: Session, text: str) -> ColumnElement[bool]:
    """Claims whose sentence matches the free-text query, using the database's full-text index."""
    from store.search import claim_ids_matching  # the store package owns the FTS tables

    matching: Any = claim_ids_matching(session=session, query=text)
    if isinstance(matching, Select):
        return col(Claim.id).in_(matching)
    ids = list(matching)
    return col(Claim.id).in_(ids) if ids else false()


def relative_span(sentence: str, figure: str, start: int, end: int) -> tuple[int, int]:
    """The figure's span in the sentence; falls back to a text search if offsets drifted."""
    if 0 <= start < end <= len(sentence) and sentence[start:end] == figure:
        return start, end
    found = sentence.find(figure) if figure else -1
    return (found, found + len(figure)) if found >= 0 else (-1, -1)
