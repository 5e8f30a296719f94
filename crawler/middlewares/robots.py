"""Scrapy's RobotsTxtMiddleware, with every request that waits for robots.txt given its answer.

Since scrapy/scrapy#6802 (Scrapy 2.14) requests that arrive while a host's robots.txt is still
downloading all `await` the same Deferred; turning a Deferred into a future consumes its result,
so only the first of them sees the parser and the others get None, which means "allowed". A
crawl that starts with many document requests for a new host (a distributed crawl's shard does)
then fetches pages robots.txt forbids. Here each waiter gets a Deferred of its own, fed from the
shared one without consuming it (as before #6802).
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class SharedAnswerRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> Any:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)  # parsed already, or this request fetches it
        mine: Deferred[Any] = Deferred()

        def relay(result: Any) -> Any:
            mine.callback(result)
            return result  # left for the next waiter

        pending.addCallback(relay)
        return await maybe_deferred_to_future(mine)
