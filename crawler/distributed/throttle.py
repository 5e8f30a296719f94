"""One per-domain request rate for all workers: a shared schedule of slots in Redis.

Scrapy's DOWNLOAD_DELAY spaces the requests of one process; with N workers a site would get N
times the rate. Here every request first takes the next free slot of its host from Redis: a Lua
script (atomic, on Redis's own clock) returns max(now, the host's next slot) and moves the host's
next slot one delay later. The request waits until its slot, asynchronously, so other hosts'
requests go on. The delay is the crawl's DOWNLOAD_DELAY (`KOMMUNEVAGT_DOWNLOAD_DELAY`), so
politeness means the same with one worker or fifty; each process's own Scrapy delay is then 0.
robots.txt is still read and obeyed by every Scrapy process (ROBOTSTXT_OBEY).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.http import Request

from crawler.distributed.broker import NAMESPACE, redis_client
from crawler.distributed.ledger import patiently

# KEYS[1]: the host's next-slot key; ARGV[1]: delay in ms. Returns the granted slot (ms, Redis clock)
# and Redis's now (ms).
TAKE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local delay = tonumber(ARGV[1])
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], slot + delay, 'PX', slot + delay - now + 60000)
return {slot, now}
"""


def slot_key(host: str) -> str:
    return f"{NAMESPACE}:throttle:{host}"


class SharedRateLimit:
    """Take a slot for every request's host; `delay` seconds between two slots of one host."""

    def __init__(self, client: Any, delay: float) -> None:
        self.delay_ms = int(round(delay * 1000))
        self.script = client.register_script(TAKE_SLOT)

    def take(self, host: str) -> tuple[int, int]:
        """(slot, now) in milliseconds on Redis's clock; wait slot - now before requesting."""
        slot, now = patiently(lambda: self.script(keys=[slot_key(host)], args=[self.delay_ms]))
        return int(slot), int(now)


class SharedThrottleMiddleware:
    """Downloader middleware: waits for the host's shared slot (off when the delay is 0)."""

    def __init__(self, delay: float) -> None:
        self.limit = SharedRateLimit(redis_client(), delay) if delay > 0 else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedThrottleMiddleware:
        return cls(crawler.settings.getfloat("KOMMUNEVAGT_SHARED_DOWNLOAD_DELAY", 0.0))

    async def process_request(self, request: Request) -> None:
        if self.limit is None:
            return
        host = urlsplit(request.url).hostname or ""
        loop = asyncio.get_running_loop()
        slot, now = await loop.run_in_executor(None, self.limit.take, host)
        if slot > now:
            await asyncio.sleep((slot - now) / 1000)
