"""The two actors every worker runs: `crawl_shard` (queue "crawl") and `analyse_batch` (queue
"analyse"). Both record their counts in the run's ledger as their last step; the broker
acknowledges the message only after that, so a worker that dies mid-task leaves the message to
be delivered again (to itself after a restart, or to another worker), and the store's unique
canonical URL turns the repeat into "unchanged".

A crawl task runs Scrapy in a child process (shard.py) that dies with the worker. The NLP runs
in the worker process itself, one batch at a time (a lock: spaCy is not shared across threads),
so a worker with two threads fetches one shard while it analyses another's documents, and the
crawl queue never waits for the NLP.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import threading
from functools import lru_cache
from typing import Any

import dramatiq
from dramatiq.middleware import CurrentMessage

from crawler.accounting import empty_counts
from crawler.distributed import errors, ledger
from crawler.distributed.broker import get_broker
from crawler.signals import one_line

log = logging.getLogger(__name__)
get_broker()

MAX_RETRIES = 8
_nlp_lock = threading.Lock()


class TryAgain(RuntimeError):
    """A task that could not run for a reason that may pass (Redis down): the broker retries it."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _message_id() -> str:
    message = CurrentMessage.get_current_message()
    assert message is not None
    return str(message.message_id)


def _last_attempt() -> bool:
    message = CurrentMessage.get_current_message()
    return message is not None and int(message.options.get("retries", 0)) >= MAX_RETRIES


def _die_with_parent() -> None:
    """In a crawl process: SIGKILL when its parent (the fork server, which exits with the worker)
    dies, so no crawl outlives its task."""
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError):  # not Linux
        ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl(1, signal.SIGKILL)


def _child(job: dict[str, Any], conn: Any) -> None:
    """A crawl process: run the job, send its result (or the Redis failure) to the worker."""
    from crawler.distributed.ledger import RedisUnavailable
    from crawler.distributed.shard import run_job

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    job = {**job, "signals": False}
    try:
        conn.send(run_job(job))
    except RedisUnavailable as exc:
        conn.send({"redis": str(exc)})


@lru_cache(maxsize=1)
def _processes() -> Any:
    """Crawl processes fork from a server that imported Scrapy and the spiders once (about 5 s
    of start-up per task otherwise) and never started a reactor; each task gets a fresh one."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["crawler.distributed.preload"])
    return context


def crawl_in_child(job: dict[str, Any]) -> dict[str, Any]:
    """Run the job's Scrapy crawl in a child process; its result, or TryAgain."""
    receive, send = _processes().Pipe(duplex=False)
    process = _processes().Process(target=_child, args=(job, send), name="kommunevagt-crawl")
    process.start()
    send.close()
    try:
        result = receive.recv()
    except EOFError:  # the process died without a result
        result = None
    process.join()
    if result is None:
        return {"counts": {}, "crash": f"{job['label']}: crawl process died (exit code {process.exitcode})"}
    if "redis" in result:
        raise TryAgain(result["redis"])
    return dict(result)


@dramatiq.actor(queue_name="crawl", max_retries=MAX_RETRIES, min_backoff=1000, max_backoff=30000,
                time_limit=24 * 3600 * 1000)  # fmt: skip
def crawl_shard(job: dict[str, Any]) -> None:
    """Plan or crawl one shard (see shard.py); retried while Redis is away."""
    with errors.counting() as logged:
        try:
            result = crawl_in_child(job)
        except TryAgain as exc:
            if not _last_attempt():
                raise
            result = {"counts": {}, "crash": f"{job['label']}: {exc}"}
    result["errors"] = int(result.get("errors") or 0) + logged.value
    ledger.finish(job["run_id"], _message_id(), {"kind": "crawl", "worker": worker_name(), **result})
    if job.get("backfill") and job["kind"] == "shard" and not result.get("crash"):
        ledger.mark_shard_done(job["source"], job["shard"])


@dramatiq.actor(queue_name="analyse", max_retries=MAX_RETRIES, min_backoff=1000, max_backoff=30000,
                time_limit=3600 * 1000)  # fmt: skip
def analyse_batch(run_id: int, source: str, docs: list[dict[str, Any]], source_id: int | None = None) -> None:
    """Run the NLP over a batch of documents and store each in its own transaction."""
    from crawler.distributed.pipeline import item_from_json

    items = [item_from_json(doc) for doc in docs]
    counts = {source: empty_counts()}
    row = counts[source]
    with errors.counting() as logged:
        try:
            analyse_items(items)
        except Exception as exc:  # the pages are fine; our side failed: counted, retried by the next run
            log.exception("NLP failed on a batch of %d documents", len(items))
            for item in items:
                _failed(row, item.url, f"NLP failed: {one_line(exc)}")
            items = []
        for item in items:
            store(row, item, source_id)
    result = {"kind": "analyse", "worker": worker_name(), "counts": counts, "errors": logged.value}
    ledger.finish(run_id, _message_id(), result)


def analyse_items(items: list[Any]) -> None:
    """Give every item its extraction (texts in one `nlp.pipe` batch)."""
    from core.result import Extraction
    from crawler.pipelines.analyse import analyse_texts, stored_registry

    texts = [item for item in items if item.text.strip()]
    for item in items:
        if not item.text.strip():
            item.extraction = Extraction()
    with _nlp_lock:
        registry = stored_registry() if texts else None
        results = analyse_texts([i.text for i in texts], 32, 1, [i.published_at for i in texts], registry)
    for item, extraction in zip(texts, results, strict=True):
        item.extraction = extraction


def store(row: dict[str, Any], item: Any, source_id: int | None) -> None:
    """Store one item and count its outcome and notes as StorePipeline does in a local crawl."""
    from crawler.pipelines.store import store_item

    try:
        outcome, reason = store_item(item, source_id)
    except Exception as exc:
        _failed(row, item.url, f"store failed: {one_line(exc)}")
        return
    row[outcome] += 1
    if outcome == "duplicate":
        return
    row["notes"].extend({"url": item.url, "reason": note} for note in item.problems(reason))


def _failed(row: dict[str, Any], url: str, reason: str) -> None:
    row["failed"] += 1
    row["failures"].append({"url": url, "reason": reason, "cause": "local"})
