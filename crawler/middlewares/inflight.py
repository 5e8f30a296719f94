"""Hold requests back while enough pages are in flight (downloaded, not yet through the pipelines).

With extraction, NLP and store off the reactor thread, nothing slows the downloads down: while
the NLP model loads, or when the NLP is the slowest stage, a crawl would download far ahead of
what it stores. Every such page is held in memory, and an interrupted crawl (Ctrl-C) finishes
them all before it stops. Scrapy bounds the pages in flight by their bytes only
(SCRAPER_SLOT_MAX_ACTIVE_SIZE); this bounds their number: a request waits here while the scraper
holds KOMMUNEVAGT_PAGES_IN_FLIGHT responses (default: three NLP batches plus the concurrent
requests, which keeps every stage busy; bench/crawl.py).
"""

from __future__ import annotations

import asyncio

from scrapy.crawler import Crawler
from scrapy.http import Request

POLL_SECONDS = 0.05  # the scraper signals no "page finished"; a short poll is cheap


class PagesInFlightMiddleware:
    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = max(1, limit)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PagesInFlightMiddleware:
        settings = crawler.settings
        limit = settings.getint("KOMMUNEVAGT_PAGES_IN_FLIGHT") or (
            3 * settings.getint("KOMMUNEVAGT_NLP_BATCH_SIZE", 32) + settings.getint("CONCURRENT_REQUESTS")
        )
        return cls(crawler, limit)

    def in_flight(self) -> int:
        engine = self.crawler.engine
        slot = engine.scraper.slot if engine is not None else None
        return len(slot.active) + len(slot.queue) if slot is not None else 0

    async def process_request(self, request: Request) -> None:
        while self.in_flight() >= self.limit:
            await asyncio.sleep(POLL_SECONDS)
