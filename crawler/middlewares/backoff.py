"""Retries with exponential backoff: Scrapy's RetryMiddleware retries at once; a struggling
site (503, 429, timeouts) should instead get base * 2^(n-1) seconds of rest before retry n,
or the time its Retry-After header asks for, capped."""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response


class BackoffRetryMiddleware(RetryMiddleware):
    base: float
    cap: float

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.base = crawler.settings.getfloat("KOMMUNEVAGT_RETRY_BACKOFF_BASE", 1.0)
        middleware.cap = crawler.settings.getfloat("KOMMUNEVAGT_RETRY_BACKOFF_MAX", 60.0)
        return middleware

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await asyncio.sleep(self.delay(result, response))
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(self.delay(result, None))
        return result

    def delay(self, retry: Request, response: Response | None) -> float:
        """Seconds to wait before sending `retry` (its meta counts the retries so far)."""
        attempt = max(1, int(retry.meta.get("retry_times", 1)))
        wait = self.base * 2 ** (attempt - 1)
        if response is not None:
            header = response.headers.get(b"Retry-After")
            if header and header.strip().isdigit():
                wait = max(wait, float(header.strip()))
        return min(wait, self.cap)
