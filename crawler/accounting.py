"""Per-source counts of one crawl and its `crawl_run` row.

Counts per source: fetched (HTTP responses, including 304s and redirects), stored, updated,
unchanged, duplicate, failed, and `failures` / `notes` lists of {url, reason}. They live in the
crawler's stats under `kommunevagt/counts` so `kommunevagt crawl` can show progress while the
crawl runs. When the crawl was started by `kommunevagt crawl` (KOMMUNEVAGT_CRAWL_RUN_ID set)
that command owns the crawl_run row; a bare `scrapy crawl` gets its own row, created here.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.signals import document_outcome

log = logging.getLogger(__name__)

STATS_KEY = "kommunevagt/counts"
COUNTERS = ("fetched", "stored", "updated", "unchanged", "duplicate", "failed")


def empty_counts() -> dict[str, Any]:
    return {**{c: 0 for c in COUNTERS}, "failures": [], "notes": []}


def merge_counts(target: dict[str, dict[str, Any]], other: dict[str, dict[str, Any]]) -> None:
    """Add `other`'s per-source counts into `target` (several spiders may serve one source)."""
    for source, counts in other.items():
        row = target.setdefault(source, empty_counts())
        for c in COUNTERS:
            row[c] += counts.get(c, 0)
        row["failures"].extend(counts.get("failures", []))
        row["notes"].extend(counts.get("notes", []))


class RunAccounting:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.counts: dict[str, dict[str, Any]] = {}
        self.run_id = crawler.settings.getint("KOMMUNEVAGT_CRAWL_RUN_ID")
        self.own_run: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunAccounting:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(ext.document_outcome, signal=document_outcome)
        return ext

    def row(self, source: str) -> dict[str, Any]:
        return self.counts.setdefault(source, empty_counts())

    def spider_opened(self, spider: Any) -> None:
        for source in getattr(spider, "sources", []):
            self.row(source.name)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(STATS_KEY, self.counts)
        if not self.run_id:
            from store import crud, db

            with db.session_scope(db.get_engine()) as session:
                run = crud.start_crawl_run(session=session, sources=list(self.counts))
                self.own_run = run.id

    def response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        source = request.meta.get("source")
        if source:
            self.row(source)["fetched"] += 1

    def document_outcome(
        self, source: str, url: str, outcome: str, reason: str | None = None, fingerprint: str | None = None
    ) -> None:
        row = self.row(source)
        if outcome == "note":
            row["notes"].append({"url": url, "reason": reason})
            log.warning("%s: %s (%s)", source, reason, url)
            return
        row[outcome] += 1
        if outcome == "failed":
            row["failures"].append({"url": url, "reason": reason})
            log.warning("%s: failed %s: %s", source, url, reason)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.own_run is None:
            return
        from sqlmodel import Session

        from store import crud, db
        from store.models import CrawlRun

        status = "finished" if reason == "finished" else "interrupted"
        with db.session_scope(db.get_engine()) as session:
            assert isinstance(session, Session)
            run = session.get(CrawlRun, self.own_run)
            if run is not None:
                crud.finish_crawl_run(session=session, run=run, counts=self.counts, status=status)
