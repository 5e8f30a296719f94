"""`kommunevagt crawl --distributed` and `kommunevagt backfill`: send the plan tasks, wait for
the workers, and record one crawl_run with everything they counted.

The command prepares the database (migrations, the sources' rows) once, creates the crawl_run,
sends one plan task per source and spider (runner.plan) and then only watches the run's pending
set in Redis (ledger.py); the crawling happens in the workers. While Redis is away it says so in
one line and waits (KOMMUNEVAGT_REDIS_WAIT); past that the run is recorded "failed" with that
line. Documents already stored stay stored in every case.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from crawler.accounting import local_failures, merge_counts
from crawler.distributed import ledger
from crawler.distributed.broker import describe, redis_client
from crawler.runner import CrawlResult, plan, record
from crawler.sources import DEFAULT_SOURCES, load_sources, select

DEFAULT_SHARD_SIZE = 100


class RedisNotReachable(RuntimeError):
    """Redis does not answer when the run starts: nothing was sent."""


def check_redis() -> None:
    import redis

    try:
        redis_client().ping()
    except redis.RedisError as exc:
        raise RedisNotReachable(f"cannot reach Redis at {describe()}: {exc}") from None


def run_distributed(
    names: list[str],
    *,
    sources_file: Path | None = None,
    demo_url: str | None = None,
    overrides: dict[str, Any] | None = None,
    progress: Callable[[dict[str, dict[str, Any]]], None] | None = None,
    since: date | None = None,
    shard_size: int | None = None,
) -> CrawlResult:
    """Crawl the named sources (all when empty) on the workers; `since`: a backfill from that date."""
    import os

    from crawler.distributed import tasks
    from crawler.pipelines.store import prepare_database
    from store import crud, db

    shard_size = shard_size or int(os.environ.get("KOMMUNEVAGT_SHARD_SIZE") or DEFAULT_SHARD_SIZE)
    file = sources_file or DEFAULT_SOURCES
    demo_url = demo_url or os.environ.get("KOMMUNEVAGT_DEMO_URL") or None
    sources = select(load_sources(file, demo_url=demo_url), names)
    check_redis()
    source_ids = prepare_database(sources)
    with db.session_scope(db.get_engine(), write=True) as session:
        run_id = crud.start_crawl_run(session=session, sources=[s.name for s in sources]).id
    assert run_id is not None
    template = {
        "run_id": run_id,
        "sources_toml": Path(file).read_text(encoding="utf-8"),
        "demo_url": demo_url,
        "overrides": overrides or {},
        "since": since.isoformat() if since else None,
        "backfill": since is not None,
        "shard_size": shard_size,
    }
    crashes: list[str] = []
    try:
        for spider, spider_sources in plan(sources):
            for source in spider_sources:
                job = {**template, "kind": "plan", "spider": spider, "source": source.name}
                job.update(source_id=source_ids[source.name], label=f"{source.name} ({spider})")
                ledger.send(run_id, tasks.crawl_shard.message(job))
        counts, crashes, workers, status, errors = wait(run_id, progress)
    except ledger.RedisUnavailable as exc:
        counts, workers, status, errors = {}, {}, "failed", 0
        crashes.append(str(exc))
    except KeyboardInterrupt:
        counts, crashes, workers = _summary(run_id)
        status, errors = "interrupted", 0
        crashes.append("stopped waiting; the workers go on with the tasks already queued")
    for source in sources:
        merge_counts(counts, {source.name: {}})
    record(run_id, counts, status)
    return CrawlResult(
        run_id=run_id, counts=counts, status=status, log_file=None, crashes=crashes, workers=workers,
        errors=errors,
    )  # fmt: skip


def _summary(run_id: int) -> tuple[dict[str, dict[str, Any]], list[str], dict[str, int]]:
    try:
        return ledger.summarise(ledger.results(run_id))
    except ledger.RedisUnavailable:
        return {}, [], {}


def wait(
    run_id: int, progress: Callable[[dict[str, dict[str, Any]]], None] | None, interval: float = 0.5
) -> tuple[dict[str, dict[str, Any]], list[str], dict[str, int], str, int]:
    """Until no task of the run is pending: merged counts, crash lines, per-worker totals, status
    and the records the workers logged at ERROR level. As in a local crawl (runner.judge), a run
    with local failures or ERROR records is "incomplete"."""

    def told(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    while ledger.pending(run_id, told):
        if progress is not None:
            progress(ledger.summarise(ledger.results(run_id, told))[0])
        time.sleep(interval)
    entries = ledger.results(run_id, told)
    counts, crashes, workers = ledger.summarise(entries)
    errors = ledger.logged_errors(entries)
    ledger.forget(run_id)
    if crashes:
        status = "failed"
    elif errors or local_failures(counts):
        status = "incomplete"
    else:
        status = "finished"
    return counts, crashes, workers, status, errors
