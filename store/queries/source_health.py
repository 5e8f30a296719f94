"""Feed health: per source, when it last yielded a document and how its latest crawl went.

A source that still answers but has stopped yielding documents is as dead to the users as one
that answers 404: both are found here, from the archive and the crawl runs' per-source counts,
so that `sources check`, the crawl summary and Dækning tell the same story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func as sa_func
from sqlmodel import Session, col, select

from store.models import CrawlRun, Document, Source

Health = Literal["ok", "dead", "silent", "never"]
DEFAULT_SILENT_DAYS = 30  # no new document for this long: the source has gone quiet
RECENT_RUNS = 50  # crawl runs read for each source's latest outcome


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """One source: its documents, its newest document and its latest crawl's outcome.

    `health` is `never` (never crawled), `dead` (its latest crawl stored nothing and failed),
    `silent` (no document for `silent_days`) or `ok`.
    """

    name: str
    documents: int
    last_document_at: datetime | None
    last_run_at: datetime | None
    last_run_fetched: int
    last_run_stored: int
    last_run_failed: int
    health: Health


def _last_outcomes(session: Session) -> dict[str, tuple[datetime, dict[str, Any]]]:
    """The newest run's counts for every source named in the last RECENT_RUNS runs."""
    runs = session.exec(select(CrawlRun).order_by(col(CrawlRun.started_at).desc()).limit(RECENT_RUNS)).all()
    latest: dict[str, tuple[datetime, dict[str, Any]]] = {}
    for run in runs:
        for name, counts in (run.counts or {}).items():
            if name not in latest and isinstance(counts, dict):
                latest[name] = (run.started_at, counts)
    return latest


def dead_run(outcome: dict[str, Any]) -> bool:
    """One crawl's counts for one source: it kept nothing (stored, unchanged or duplicate) and failed."""
    kept = sum(int(outcome.get(k, 0)) for k in ("stored", "unchanged", "duplicate"))
    return kept == 0 and bool(outcome.get("failures") or int(outcome.get("failed", 0)))


def _health(
    documents: int, last_doc: datetime | None, outcome: dict[str, Any] | None, now: datetime, silent_days: int
) -> Health:
    if outcome is None and not documents:
        return "never"
    if outcome is not None and dead_run(outcome):
        return "dead"
    if last_doc is None or last_doc < now - timedelta(days=silent_days):
        return "silent"
    return "ok"


def source_health(
    session: Session,
    names: Sequence[str] | None = None,
    *,
    silent_days: int = DEFAULT_SILENT_DAYS,
    now: datetime | None = None,
) -> list[SourceHealth]:
    """Health of the named sources (every stored or crawled source when None), by name."""
    now = now or datetime.now(UTC)
    stmt = (
        select(Source.name, sa_func.count(col(Document.id)), sa_func.max(Document.fetched_at))
        .join(Document, col(Document.source_id) == col(Source.id), isouter=True)
        .group_by(col(Source.name))
    )
    stored = {name: (count, last) for name, count, last in session.exec(stmt).all()}
    outcomes = _last_outcomes(session)
    wanted = list(names) if names is not None else sorted(set(stored) | set(outcomes))
    result = []
    for name in wanted:
        count, last_doc = stored.get(name, (0, None))
        if last_doc is not None and last_doc.tzinfo is None:
            last_doc = last_doc.replace(tzinfo=UTC)
        run_at, outcome = outcomes.get(name, (None, None))
        result.append(
            SourceHealth(
                name=name,
                documents=int(count or 0),
                last_document_at=last_doc,
                last_run_at=run_at,
                last_run_fetched=int((outcome or {}).get("fetched", 0)),
                last_run_stored=int((outcome or {}).get("stored", 0)),
                last_run_failed=int((outcome or {}).get("failed", 0)),
                health=_health(int(count or 0), last_doc, outcome, now, silent_days),
            )
        )
    return result
