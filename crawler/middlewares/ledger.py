"""Report every request that a spider middleware drops, with its reason (issue 17, "silent skips").

Scrapy's spider middlewares may remove requests from a spider's output with only a log line:
UrlLengthMiddleware (URLLENGTH_LIMIT), DepthMiddleware (DEPTH_LIMIT), and any added later. Two
middlewares bracket them all: `MarkRequests` sits on the spider side and numbers each request
the spider yields; `CheckRequests` sits on the engine side and sees which numbers arrive. The
output is a chain of generators, so when a later request (or the end of the output) reaches
the engine side, every earlier-numbered request that did not was dropped on the way. Each is
reported as "skipped", with the reason the known limits explain, else a generic one.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy.http import Request, Response

from crawler.signals import send_outcome

SEQ = "_kommunevagt_seq"
_START = 0  # the key of start() output; responses are keyed by id()


class _Ledger:
    """Requests yielded by the spider and not yet seen on the engine side, per output stream."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.numbers = itertools.count(1)
        self.pending: dict[int, deque[Request]] = {}

    def mark(self, key: int, request: Request) -> None:
        request.meta[SEQ] = next(self.numbers)
        self.pending.setdefault(key, deque()).append(request)

    def arrived(self, key: int, request: Request, response: Response | None) -> None:
        seq = request.meta.get(SEQ)
        queue = self.pending.get(key)
        if seq is None or not queue:
            return
        # Numbers grow in the order the spider yielded: everything before this one was dropped.
        while queue and queue[0].meta[SEQ] < seq:
            self.dropped(queue.popleft(), response)
        if queue and queue[0].meta[SEQ] == seq:
            queue.popleft()

    def finished(self, key: int, response: Response | None, completed: bool) -> None:
        for request in self.pending.pop(key, ()):
            if completed:  # after a callback error the rest was never yielded: nothing to report
                self.dropped(request, response)

    def dropped(self, request: Request, response: Response | None) -> None:
        source = request.meta.get("source")
        if source:
            reason = drop_reason(request, self.crawler.settings)
            send_outcome(self.crawler, source=source, url=request.url, outcome="skipped", reason=reason)


def drop_reason(request: Request, settings: Any) -> str:
    """Why a spider middleware removed `request`, from the limits Scrapy applies."""
    url_limit = settings.getint("URLLENGTH_LIMIT")
    if url_limit and len(request.url) > url_limit:
        return f"URL longer than {url_limit} characters (URLLENGTH_LIMIT)"
    depth_limit = settings.getint("DEPTH_LIMIT")
    depth = request.meta.get("depth")
    if depth_limit and depth is not None and depth > depth_limit:
        return f"deeper than {depth_limit} links from the start (DEPTH_LIMIT)"
    return "dropped by a spider middleware"


_ledgers: WeakKeyDictionary[Crawler, _Ledger] = WeakKeyDictionary()


def _ledger(crawler: Crawler) -> _Ledger:
    if crawler not in _ledgers:
        _ledgers[crawler] = _Ledger(crawler)
    return _ledgers[crawler]


def _key(response: Response | None) -> int:
    return _START if response is None else id(response)


class MarkRequests:
    """Spider side: number each request the spider yields."""

    def __init__(self, crawler: Crawler) -> None:
        self.ledger = _ledger(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MarkRequests:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for o in start:
            self._mark(_START, o)
            yield o

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for o in result:
            self._mark(_key(response), o)
            yield o

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for o in result:
            self._mark(_key(response), o)
            yield o

    def _mark(self, key: int, o: Any) -> None:
        if isinstance(o, Request):
            self.ledger.mark(key, o)


class CheckRequests:
    """Engine side: whatever was numbered and did not arrive was dropped on the way."""

    def __init__(self, crawler: Crawler) -> None:
        self.ledger = _ledger(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CheckRequests:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        completed = False
        try:
            async for o in start:
                self._arrived(_START, o, None)
                yield o
            completed = True
        finally:
            self.ledger.finished(_START, None, completed)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        completed = False
        try:
            for o in result:
                self._arrived(_key(response), o, response)
                yield o
            completed = True
        finally:
            self.ledger.finished(_key(response), response, completed)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        completed = False
        try:
            async for o in result:
                self._arrived(_key(response), o, response)
                yield o
            completed = True
        finally:
            self.ledger.finished(_key(response), response, completed)

    def _arrived(self, key: int, o: Any, response: Response | None) -> None:
        if isinstance(o, Request):
            self.ledger.arrived(key, o, response)
