"""How far a `watch run` may move its id watermarks without losing a row that commits late.

A watermark says "every row up to this id has been matched". On SQLite that is simply the highest
id a run read: one writer at a time holds the database from BEGIN IMMEDIATE to COMMIT, so ids
commit in the order they are given out. On PostgreSQL they need not: a transaction that took
id 100 can commit after one that took 101. A run in between reads 101, and a watermark of 101
would skip 100 for good.

The rule here: the highest ids a run read (`max_document`, `max_claim`, read by one statement at
`read_at` on the database clock) are settled once no transaction that began before `read_at` is
still running, because any id below them that the run could not see was given out before the
higher one committed, so by a transaction that began earlier. Which transactions run is asked of
`pg_stat_activity` (other client backends of this database that have written, i.e. hold a
transaction id, or are executing a statement: a sequence hands out values without assigning a
transaction id, so the first INSERT of a transaction is "active" before it has one). Snapshot
xids alone (`pg_current_snapshot()`) would miss exactly that case. A session idle in a read-only
transaction holds no ids and is not waited for.

A run whose ids are not settled yet keeps its watermarks, notes what it read (`Watch.seen_*`),
and the next run reads the window again; the unique (watch, story) item key keeps a re-read row
from alerting twice. Its notes settle on a later run once the writers then in flight have ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session

from store.models import Watch
from store.queries.common import dialect

_PG_READ = text(
    "SELECT (SELECT coalesce(max(id), 0) FROM document), (SELECT coalesce(max(id), 0) FROM claim),"
    " clock_timestamp()"
)
_PG_OLDEST_WRITER = text(
    "SELECT min(xact_start) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    " AND backend_type = 'client backend' AND xact_start IS NOT NULL"
    " AND (backend_xid IS NOT NULL OR state = 'active')"
)
_SQLITE_READ = text(
    "SELECT (SELECT coalesce(max(id), 0) FROM document), (SELECT coalesce(max(id), 0) FROM claim)"
)


@dataclass(frozen=True)
class Horizon:
    """The highest ids a run reads, and whether rows below them may still commit."""

    max_document: int
    max_claim: int
    read_at: datetime | None = None  # database clock after reading them (PostgreSQL)
    oldest_writer: datetime | None = None  # start of the oldest other writing transaction

    def settles(self, moment: datetime | None) -> bool:
        """Whether every id read at `moment` or before is now committed or rolled back."""
        if self.oldest_writer is None:
            return True
        return moment is not None and self.oldest_writer > moment

    @property
    def settled(self) -> bool:
        """Whether this run's own ids are settled already (always, on SQLite)."""
        return self.settles(self.read_at)


def read_horizon(session: Session) -> Horizon:
    """The highest ids now and, on PostgreSQL, the oldest transaction that may still hold a lower
    one. Call it before reading the new rows: what ended before the check is visible to them."""
    if dialect(session) != "postgresql":
        document, claim = session.execute(_SQLITE_READ).one()
        return Horizon(int(document), int(claim))
    document, claim, read_at = session.execute(_PG_READ).one()
    # pg_stat_activity is read once per transaction and then cached; start from a fresh copy.
    session.execute(text("SELECT pg_stat_clear_snapshot()"))
    oldest = session.execute(_PG_OLDEST_WRITER).scalar()
    return Horizon(int(document), int(claim), read_at, oldest)


def next_marks(watch: Watch, horizon: Horizon) -> dict[str, object]:
    """The watch's watermark columns after a run that matched everything up to the horizon.

    Settled: the watermarks move to the horizon. Otherwise they move only as far as an earlier
    run's notes that have settled since (the rows below those were visible to this run, which
    read the whole window), and this run's ids become the notes for the next one.
    """
    if horizon.settled:
        return {
            "last_document_id": max(watch.last_document_id, horizon.max_document),
            "last_claim_id": max(watch.last_claim_id, horizon.max_claim),
            "seen_document_id": None, "seen_claim_id": None, "seen_at": None,
        }  # fmt: skip
    document, claim = watch.last_document_id, watch.last_claim_id
    if watch.seen_at is not None and horizon.settles(watch.seen_at):
        document = max(document, watch.seen_document_id or 0)
        claim = max(claim, watch.seen_claim_id or 0)
    return {
        "last_document_id": document, "last_claim_id": claim,
        "seen_document_id": horizon.max_document, "seen_claim_id": horizon.max_claim,
        "seen_at": horizon.read_at,
    }  # fmt: skip
