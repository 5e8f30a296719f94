"""A distributed run's bookkeeping in Redis: which tasks are pending, and what each one counted.

Every message is added to the run's *pending* set before it is sent and removed, together with
its counts, when its work is done (one MULTI transaction). The run is over when the set is
empty. Counts are kept per message id, so a message delivered twice (at-least-once) overwrites
its own entry instead of adding to the totals. Redis calls wait out a Redis restart for up to
KOMMUNEVAGT_REDIS_WAIT seconds, then fail with one line (`RedisUnavailable`).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

from crawler.accounting import merge_counts
from crawler.distributed.broker import NAMESPACE, describe, redis_client

log = logging.getLogger(__name__)
T = TypeVar("T")


class RedisUnavailable(RuntimeError):
    """Redis did not answer within KOMMUNEVAGT_REDIS_WAIT seconds."""


def redis_wait() -> float:
    return float(os.environ.get("KOMMUNEVAGT_REDIS_WAIT", "120"))


def patiently(call: Callable[[], T], on_wait: Callable[[str], None] | None = None) -> T:
    """`call()`, repeated while Redis is unreachable, for up to KOMMUNEVAGT_REDIS_WAIT seconds."""
    import redis

    deadline = time.monotonic() + redis_wait()
    told = False
    while True:
        try:
            return call()
        except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError) as exc:
            if time.monotonic() >= deadline:
                raise RedisUnavailable(
                    f"Redis at {describe()} did not answer for {redis_wait():g} s: {exc}"
                ) from exc
            if not told:
                line = f"Redis at {describe()} is unreachable; waiting up to {redis_wait():g} s"
                log.warning("%s (%s)", line, exc)
                if on_wait is not None:
                    on_wait(line)
                told = True
            time.sleep(0.5)


def _key(run_id: int, part: str) -> str:
    return f"{NAMESPACE}:run:{run_id}:{part}"


def send(run_id: int, message: Any) -> None:
    """Mark `message` pending for the run, then enqueue it (both retried with the same id, so a
    retry after a lost connection cannot leave a pending id that no message carries)."""
    from crawler.distributed.broker import get_broker

    patiently(lambda: redis_client().sadd(_key(run_id, "pending"), message.message_id))
    patiently(lambda: get_broker().enqueue(message))


def finish(run_id: int, message_id: str, result: dict[str, Any]) -> None:
    """Record a task's result (`counts`, `worker`, optional `crash`) and take it off the pending set."""

    def write() -> None:
        pipe = redis_client().pipeline(transaction=True)
        pipe.hset(_key(run_id, "results"), message_id, json.dumps(result))
        pipe.srem(_key(run_id, "pending"), message_id)
        pipe.execute()

    patiently(write)


def pending(run_id: int, on_wait: Callable[[str], None] | None = None) -> int:
    return int(patiently(lambda: redis_client().scard(_key(run_id, "pending")), on_wait))


def results(run_id: int, on_wait: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    raw = patiently(lambda: redis_client().hgetall(_key(run_id, "results")), on_wait)
    return [json.loads(value) for value in raw.values()]


def summarise(entries: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[str], dict[str, int]]:
    """Merged per-source counts, crash lines, and documents written per worker."""
    counts: dict[str, dict[str, Any]] = {}
    crashes: list[str] = []
    workers: dict[str, int] = {}
    for entry in entries:
        merge_counts(counts, entry.get("counts", {}))
        if entry.get("crash"):
            crashes.append(entry["crash"])
        written = sum(
            row.get(k, 0) for row in entry.get("counts", {}).values() for k in ("stored", "updated")
        )
        if entry.get("kind") == "analyse":
            workers[entry["worker"]] = workers.get(entry["worker"], 0) + written
    return counts, crashes, workers


def logged_errors(entries: list[dict[str, Any]]) -> int:
    """Records the run's tasks logged at ERROR level, on every worker (errors.py)."""
    return sum(int(entry.get("errors") or 0) for entry in entries)


def forget(run_id: int) -> None:
    """Drop a finished run's keys (its counts are in the crawl_run row by then)."""
    patiently(lambda: redis_client().delete(_key(run_id, "pending"), _key(run_id, "results")))


# --- backfill resume: shards finished in earlier runs ----------------------------------------
#
# A backfill is resumed by running it again: the shards it finished are kept in a set per source
# and skipped. The set expires KOMMUNEVAGT_BACKFILL_KEEP_DAYS days (default 30) after the
# source's last finished shard, so the state of a backfill nobody resumes leaves Redis; a
# backfill run after that walks the whole archive again (stored pages come back "unchanged").


def backfill_key(source: str) -> str:
    return f"{NAMESPACE}:backfill:{source}:done"


def backfill_keep_seconds() -> int:
    return max(1, int(float(os.environ.get("KOMMUNEVAGT_BACKFILL_KEEP_DAYS", "30")) * 86400))


def shard_done(source: str, shard: str) -> bool:
    return bool(patiently(lambda: redis_client().sismember(backfill_key(source), shard)))


def mark_shard_done(source: str, shard: str) -> None:
    """Record a finished shard and push the source's resume state's expiry out again."""

    def write() -> None:
        pipe = redis_client().pipeline(transaction=True)
        pipe.sadd(backfill_key(source), shard)
        pipe.expire(backfill_key(source), backfill_keep_seconds())
        pipe.execute()

    patiently(write)
