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
change is seen the same way. Deleting documents without writing any is not (nothing here does).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy import func as sa_func
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col

from store.db import SQLITE_BEGIN_OPTION, get_engine, translate_errors
from store.models import AggregateState, Document, Mention, MentionDay

MENTION_DAY = "mention_day"
AGGREGATED_TYPES = ("kommune", "person")


def refresh_connection(connection: Connection) -> None:
    """Rebuild `mention_day` from the mentions inside the caller's transaction."""
    # Imported here: store.queries.coverage reads this module, and the package imports it.
    from store.queries.common import period_start

    newest = connection.execute(select(sa_func.max(Mention.id))).scalar() or 0
    day = period_start(Mention.published_at, "day", dialect=connection.dialect.name)
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
        .where(col(Mention.type).in_(AGGREGATED_TYPES), col(Mention.published_at).is_not(None))
        .group_by(col(Mention.type), day, col(Mention.target_id), col(Document.source_id), col(Document.kind))
    )
    columns = ["type", "day", "target_id", "source_id", "document_kind", "mentions", "documents"]
    connection.execute(delete(MentionDay))
    connection.execute(insert(MentionDay).from_select(columns, counts))
    connection.execute(delete(AggregateState).where(col(AggregateState.name) == MENTION_DAY))
    connection.execute(
        insert(AggregateState).values(name=MENTION_DAY, mention_max_id=newest, refreshed_at=datetime.now(UTC))
    )


def refresh(engine: Engine | str | None = None) -> None:
    """Rebuild the aggregates of the database behind `engine` (an Engine, a URL or the default),
    in one transaction: readers see the old counts or the new ones, never a half-built table."""
    bind = engine if isinstance(engine, Engine) else get_engine(engine)
    if bind.dialect.name == "sqlite":
        bind = bind.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
    with translate_errors(None if isinstance(engine, Engine) else engine), bind.begin() as connection:
        refresh_connection(connection)


def is_current(session: Session) -> bool:
    """Whether `mention_day` counts every mention there is (no mention written since its refresh)."""
    counted = session.execute(
        select(col(AggregateState.mention_max_id)).where(col(AggregateState.name) == MENTION_DAY)
    ).scalar()
    if counted is None:
        return False
    newest = session.execute(select(sa_func.max(Mention.id))).scalar()
    return bool(counted == (newest or 0))
