"""The two places where a distributed crawl hands work on: document URLs in shards, and
extracted documents in batches for the NLP (`tasks.crawl_shard`, `tasks.analyse_batch`).

Redis down: both wait (blocking the crawl: it pauses) for KOMMUNEVAGT_REDIS_WAIT seconds, then
close the spider with the reason REDIS_DOWN; the task then fails and is retried by the broker.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import asdict, fields
from datetime import date, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Request, Response

from crawler.distributed.ledger import RedisUnavailable
from crawler.dupefilter import SEEN_THIS_RUN
from crawler.items import DocumentItem
from crawler.middlewares.conditional import parse_when
from crawler.signals import report, send_outcome

log = logging.getLogger(__name__)

REDIS_DOWN = "redis_unavailable"
SHARD_META = ("lastmod", "published", "title")
OLDER = "published before the backfill's start date"
SHARD_FINISHED = "in a shard finished by an earlier backfill"

_DATES = ("fetched_at", "published_at")


def item_to_json(item: DocumentItem) -> dict[str, Any]:
    """The item as a JSON-able dict (without the NLP result, which the analyse task makes)."""
    data = asdict(item)
    data.pop("extraction", None)
    for name in _DATES:
        if data[name] is not None:
            data[name] = data[name].isoformat()
    return data


def item_from_json(data: dict[str, Any]) -> DocumentItem:
    known = {f.name for f in fields(DocumentItem)}
    values = {k: v for k, v in data.items() if k in known}
    for name in _DATES:
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name])
    return DocumentItem(**values)


def _stop(crawler: Crawler, exc: RedisUnavailable) -> None:
    log.error("%s", exc)
    crawler.kommunevagt_redis_error = str(exc)  # type: ignore[attr-defined]
    if crawler.engine is not None and crawler.spider is not None:
        crawler.engine.close_spider(crawler.spider, REDIS_DOWN)


class SendToAnalysis:
    """Item pipeline (in place of analyse + store): batches of KOMMUNEVAGT_NLP_BATCH_SIZE
    documents to the analyse queue, so the NLP runs on whichever worker is free."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.batch_size = max(1, crawler.settings.getint("KOMMUNEVAGT_NLP_BATCH_SIZE", 32))
        self.run_id = crawler.settings.getint("KOMMUNEVAGT_JOB_RUN_ID")
        self.source_id = crawler.settings.getdict("KOMMUNEVAGT_JOB_TEMPLATE").get("source_id")
        self.batch: list[DocumentItem] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SendToAnalysis:
        return cls(crawler)

    def process_item(self, item: DocumentItem) -> DocumentItem:
        self.batch.append(item)
        if len(self.batch) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        from crawler.distributed import ledger, tasks

        batch, self.batch = self.batch, []
        by_source: dict[str, list[dict[str, Any]]] = {}
        for item in batch:
            by_source.setdefault(item.source, []).append(item_to_json(item))
        try:
            for source, docs in by_source.items():
                message = tasks.analyse_batch.message(self.run_id, source, docs, self.source_id)
                ledger.send(self.run_id, message)
        except RedisUnavailable as exc:
            for item in batch:  # never reached the queue: our side failed, the next run tries again
                report(self.crawler, item, "failed", f"not sent for analysis: {exc}", cause="local")
            _stop(self.crawler, exc)
            raise DropItem(str(exc)) from exc

    def close_spider(self) -> None:
        if self.batch:
            with contextlib.suppress(DropItem):  # reported per item in flush
                self.flush()


class Sharding:
    """Spider middleware of a plan job: document requests (those parsed by `parse_document`)
    become shards of KOMMUNEVAGT_SHARD_SIZE URLs, grouped by month of publication when the job
    is a backfill (older than its start date: skipped; a shard an earlier backfill finished:
    skipped, so a backfill resumes where it stopped)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.run_id = settings.getint("KOMMUNEVAGT_JOB_RUN_ID")
        self.size = max(1, int(settings.get("KOMMUNEVAGT_JOB_SHARD_SIZE") or 100))
        since = settings.get("KOMMUNEVAGT_JOB_SINCE")
        self.since = date.fromisoformat(since) if since else None
        self.backfill = bool(settings.get("KOMMUNEVAGT_JOB_BACKFILL"))
        self.buckets: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.planned: set[str] = set()
        self.sent = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Sharding:
        from scrapy import signals

        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for entry in start:
            if not self._divert(entry):
                yield entry

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for entry in result:
            if not self._divert(entry):
                yield entry

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for entry in result:
            if not self._divert(entry):
                yield entry

    def _divert(self, entry: Any) -> bool:
        """True when `entry` is a document request taken into a shard (or skipped)."""
        if not isinstance(entry, Request) or not entry.meta.get("document"):
            return False
        if getattr(entry.callback, "__name__", None) != "parse_document":
            return False  # a document with its own callback (and state): fetched here
        source = entry.meta["source"]
        if entry.url in self.planned:  # as Scrapy's duplicate filter would
            send_outcome(self.crawler, source=source, url=entry.url, outcome="skipped", reason=SEEN_THIS_RUN)
            return True
        self.planned.add(entry.url)
        when = parse_when(entry.meta.get("published")) or parse_when(entry.meta.get("lastmod"))
        if self.since and when and when.date() < self.since:
            send_outcome(self.crawler, source=source, url=entry.url, outcome="skipped", reason=OLDER)
            return True
        month = f"{when:%Y-%m}" if (when and self.backfill) else "all"
        meta = {k: entry.meta[k] for k in SHARD_META if entry.meta.get(k) is not None}
        bucket = self.buckets.setdefault((source, month), [])
        bucket.append({"url": entry.url, "meta": meta})
        if len(bucket) >= self.size:
            self._send(source, month, self.buckets.pop((source, month)))
        return True

    def _send(self, source: str, month: str, entries: list[dict[str, Any]]) -> None:
        from crawler.distributed import ledger, tasks

        digest = hashlib.sha1(json.dumps([e["url"] for e in entries]).encode()).hexdigest()[:16]
        key = f"{month}:{digest}"
        try:
            if self.backfill and ledger.shard_done(source, key):
                for entry in entries:
                    send_outcome(
                        self.crawler,
                        source=source,
                        url=entry["url"],
                        outcome="skipped",
                        reason=SHARD_FINISHED,
                    )
                return
            message = tasks.crawl_shard.message(
                {**self.crawler.settings.getdict("KOMMUNEVAGT_JOB_TEMPLATE"), "requests": entries,
                 "kind": "shard", "shard": key, "label": f"{source} shard {key} ({len(entries)} URLs)"}
            )  # fmt: skip
            ledger.send(self.run_id, message)
            self.sent += 1
        except RedisUnavailable as exc:
            _stop(self.crawler, exc)

    def spider_closed(self, spider: Any, reason: str) -> None:
        for (source, month), entries in sorted(self.buckets.items()):
            self._send(source, month, entries)
        self.buckets.clear()
