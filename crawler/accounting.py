"""Per-source counts of one crawl and its `crawl_run` row.

Counts per source: fetched (HTTP responses, including 304s and redirects), stored, updated,
unchanged, duplicate, failed, skipped; `failures` / `notes` lists of {url, reason} (failures
also carry their `cause`, see `signals.CAUSES`), and `skips`: reason -> {count, example}, since
one reason (a fan-out cap, a long-URL pattern) can cover thousands of URLs. Three Scrapy signals
catch what no sender reports: `request_dropped` (the scheduler's duplicate filter), `item_error`
(an exception in a pipeline) and `spider_error` (an exception in a callback); the last two are
failures with cause "local", so a resumed crawl tries the page again. They live in the
crawler's stats under `kommunevagt/counts` so `kommunevagt crawl` can show progress while the
crawl runs. When the crawl was started by `kommunevagt crawl` (KOMMUNEVAGT_CRAWL_RUN_ID set)
that command owns the crawl_run row; a bare `scrapy crawl` gets its own row, created here.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.signals import document_outcome, one_line, send_outcome

log = logging.getLogger(__name__)

STATS_KEY = "kommunevagt/counts"
COUNTERS = ("fetched", "stored", "updated", "unchanged", "duplicate", "failed", "skipped")


def empty_counts() -> dict[str, Any]:
    return {**{c: 0 for c in COUNTERS}, "failures": [], "notes": [], "skips": {}}


def merge_counts(target: dict[str, dict[str, Any]], other: dict[str, dict[str, Any]]) -> None:
    """Add `other`'s per-source counts into `target` (several spiders may serve one source)."""
    for source, counts in other.items():
        row = target.setdefault(source, empty_counts())
        for c in COUNTERS:
            row[c] += counts.get(c, 0)
        row["failures"].extend(counts.get("failures", []))
        row["notes"].extend(counts.get("notes", []))
        for reason, skip in counts.get("skips", {}).items():
            mine = row["skips"].setdefault(reason, {"count": 0, "example": skip.get("example")})
            mine["count"] += skip.get("count", 0)


def local_failures(counts: dict[str, dict[str, Any]]) -> int:
    """Documents our side failed to process (store, NLP, crawler bugs): the run is incomplete."""
    return sum(1 for row in counts.values() for f in row.get("failures", []) if f.get("cause") == "local")


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
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
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

            with db.session_scope(db.get_engine(), write=True) as session:
                run = crud.start_crawl_run(session=session, sources=list(self.counts))
                self.own_run = run.id

    def response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        source = request.meta.get("source")
        if source:
            self.row(source)["fetched"] += 1

    def request_dropped(self, request: Any, spider: Any) -> None:
        """The scheduler refused a request (its duplicate filter): a skip, with the filter's reason."""
        if "source" in request.meta:
            reason = request.meta.get("skip_reason") or "rejected by the scheduler"
            self.skip(request.meta["source"], request.url, reason)

    def item_error(self, item: Any, response: Any, spider: Any, failure: Any) -> None:
        """A pipeline raised instead of reporting: the document is lost unless we say so."""
        source, url = getattr(item, "source", None), getattr(item, "url", None)
        if source and url:
            reason = f"pipeline error: {one_line(failure.value)}"
            send_outcome(
                self.crawler,
                source=source,
                url=url,
                outcome="failed",
                reason=reason,
                fingerprint=getattr(item, "fingerprint", None),
                cause="local",
            )

    def spider_error(self, failure: Any, response: Any, spider: Any) -> None:
        """A callback raised: report the page it was reading (a document or a feed/listing)."""
        request = getattr(response, "request", None)
        if request is None or "source" not in request.meta:
            return
        fingerprint = spider.fingerprint(request) if hasattr(spider, "fingerprint") else None
        send_outcome(
            self.crawler,
            source=request.meta["source"],
            url=request.meta.get("redirect_urls", [response.url])[0],
            outcome="failed",
            reason=f"crawler error: {one_line(failure.value)}",
            fingerprint=fingerprint,
            cause="local",
        )

    def skip(self, source: str, url: str, reason: str) -> None:
        row = self.row(source)
        row["skipped"] += 1
        entry = row["skips"].setdefault(reason, {"count": 0, "example": url})
        entry["count"] += 1
        log.info("%s: skipped %s: %s", source, url, reason)

    def document_outcome(
        self,
        source: str,
        url: str,
        outcome: str,
        reason: str | None = None,
        fingerprint: str | None = None,
        cause: str | None = None,
    ) -> None:
        row = self.row(source)
        if outcome == "skipped":
            self.skip(source, url, reason or "skipped")
            return
        if outcome == "note":
            row["notes"].append({"url": url, "reason": reason})
            log.warning("%s: %s (%s)", source, reason, url)
            return
        row[outcome] += 1
        if outcome == "failed":
            row["failures"].append({"url": url, "reason": reason, "cause": cause or "page"})
            log.warning("%s: failed %s: %s", source, url, reason)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.own_run is None:
            return
        from sqlmodel import Session

        from store import crud, db
        from store.models import CrawlRun

        status = "finished" if reason == "finished" else "interrupted"
        if status == "finished" and local_failures(self.counts):
            status = "incomplete"
        with db.session_scope(db.get_engine(), write=True) as session:
            assert isinstance(session, Session)
            run = session.get(CrawlRun, self.own_run)
            if run is not None:
                crud.finish_crawl_run(session=session, run=run, counts=self.counts, status=status)
