"""Aggregate tables for the UI's heaviest counts, rebuilt after each crawl and ingest.

Dækning counts kommune mentions per week and the most-mentioned politicians over up to a year.
On an archive of 20 million claims that is tens of millions of mention rows per view, too many to
count while a page loads. `mention_day` holds the same counts per day, mentioned kommune or
person, source and document kind: a few hundred thousand rows however large the archive grows,
because its size follows days x kommuner x sources, not documents.

A stale aggregate must never show: `refresh` records the highest mention id it counted, and the
readers use the table only while that is still the highest id (`is_current`, one primary-key
look-up); after any new document they count the mentions themselves until the next refresh.
Documents are re-analysed by deleting their mentions and writing new ones with new ids, so a
change is seen the same way, and its day is counted again. Not seen: mentions deleted without new
ones (nothing here does that), a re-analysis that moves a document to another day (its old day
keeps the old counts until `refresh(full=True)`), and, on SQLite only, new mentions that reuse
the deleted ids of the newest document's mentions (SQLite hands out the highest rowid again).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, and_, delete, insert, or_, select
from sqlalchemy import func as sa_func
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col

from store.db import SQLITE_BEGIN_OPTION, get_engine, translate_errors
from store.figure_aggregate import refresh_figure_groups
from store.models import AggregateState, Document, Mention, MentionDay
from store.types import as_utc

MENTION_DAY = "mention_day"
AGGREGATED_TYPES = ("kommune", "person")
# Beyond this many changed days (a backfill) one rebuild is cheaper than one range per day.
MAX_DAYS = 400


def refresh_connection(connection: Connection, *, full: bool = False) -> None:
    """Bring `mention_day` (and `figure_group`) up to date inside the caller's transaction.

    Only the days that have mentions newer than the last refresh are counted again (a crawl
    touches a few days, so this reads a few days of mentions however large the archive); the
    whole table is rebuilt the first time, with `full`, or when more than `MAX_DAYS` days changed.
    """
    newest = connection.execute(select(sa_func.max(Mention.id))).scalar() or 0
    counted = connection.execute(
        select(col(AggregateState.mention_max_id)).where(col(AggregateState.name) == MENTION_DAY)
    ).scalar()
    days: list[date] | None = None  # None: every day
    if counted is not None and not full:
        days = _days_with_mentions_after(connection, counted)
        if len(days) > MAX_DAYS:
            days = None
    _recount(connection, days)
    connection.execute(delete(AggregateState).where(col(AggregateState.name) == MENTION_DAY))
    connection.execute(
        insert(AggregateState).values(name=MENTION_DAY, mention_max_id=newest, refreshed_at=datetime.now(UTC))
    )
    refresh_figure_groups(connection, full=full)  # Tal's figure groups (store/figure_aggregate.py)


def _days_with_mentions_after(connection: Connection, mention_id: int) -> list[date]:
    """The UTC days of the mentions written after `mention_id` (a range of the primary key)."""
    found = connection.execute(
        select(col(Mention.published_at)).where(
            col(Mention.id) > mention_id,
            col(Mention.type).in_(AGGREGATED_TYPES),
            col(Mention.published_at).is_not(None),
        )
    ).scalars()
    return sorted({as_utc(stamp).date() for stamp in found if stamp is not None})


def _recount(connection: Connection, days: list[date] | None) -> None:
    """Replace the rows of `days` (all rows when None) with counts from the mentions."""
    # Imported here: store.queries.coverage reads this module, and the package imports it.
    from store.queries.common import day_end, day_start, period_start

    day = period_start(Mention.published_at, "day", dialect=connection.dialect.name)
    conditions: list[ColumnElement[bool]] = [
        col(Mention.type).in_(AGGREGATED_TYPES),
        col(Mention.published_at).is_not(None),
    ]
    if days is not None:
        if not days:
            return
        # One published_at range per day, so the (type, published_at, ...) index finds them.
        conditions.append(
            or_(
                *(
                    and_(col(Mention.published_at) >= day_start(d), col(Mention.published_at) < day_end(d))
                    for d in days
                )
            )
        )
    counts = (
        select(
            col(Mention.type),
            day,
            col(Mention.target_id),
            sa_func.coalesce(col(Document.source_id), 0),
            col(Document.kind),
            sa_func.count(),
            sa_func.count(sa_func.distinct(col(Mention.document_id))),
        )
        .join(Document, col(Document.id) == col(Mention.document_id))
        .where(*conditions)
        .group_by(col(Mention.type), day, col(Mention.target_id), col(Document.source_id), col(Document.kind))
    )
    columns = ["type", "day", "target_id", "source_id", "document_kind", "mentions", "documents"]
    stale = delete(MentionDay)
    if days is not None:
        stale = stale.where(col(MentionDay.day).in_(days))
    connection.execute(stale)
    connection.execute(insert(MentionDay).from_select(columns, counts))


def refresh(engine: Engine | str | None = None, *, full: bool = False) -> None:
    """Rebuild the aggregates of the database behind `engine` (an Engine, a URL or the default),
    in one transaction: readers see the old counts or the new ones, never a half-built table."""
    bind = engine if isinstance(engine, Engine) else get_engine(engine)
    if bind.dialect.name == "sqlite":
        bind = bind.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
    with translate_errors(None if isinstance(engine, Engine) else engine), bind.begin() as connection:
        refresh_connection(connection, full=full)


def is_current(session: Session) -> bool:
    """Whether `mention_day` counts every mention there is (no mention written since its refresh)."""
    counted = session.execute(
        select(col(AggregateState.mention_max_id)).where(col(AggregateState.name) == MENTION_DAY)
    ).scalar()
    if counted is None:
        return False
    newest = session.execute(select(sa_func.max(Mention.id))).scalar()
    return bool(counted == (newest or 0))
