"""The per-domain rate limit that all workers share (crawler/distributed/throttle.py), on a real Redis."""

from __future__ import annotations

from itertools import pairwise

import redis

from crawler.distributed.throttle import SharedRateLimit, slot_key
from tests.conftest import RedisServer


def test_two_workers_share_one_schedule_per_host(redis_server: RedisServer) -> None:
    redis_server.flush()
    first = SharedRateLimit(redis.Redis.from_url(redis_server.url), delay=0.5)
    second = SharedRateLimit(redis.Redis.from_url(redis_server.url), delay=0.5)
    slots = [limit.take("kommune.example.dk")[0] for limit in (first, second, first, second, first)]
    # Whoever asks, each request of the host gets the next slot, exactly one delay after the last.
    assert [later - earlier for earlier, later in pairwise(slots)] == [500, 500, 500, 500]
    # Another host has a schedule of its own: its first slot is now, not after the queue above.
    other, now = second.take("avis.example.dk")
    assert other == now < slots[-1]


def test_a_host_slot_expires_once_it_is_past(redis_server: RedisServer) -> None:
    redis_server.flush()
    client = redis.Redis.from_url(redis_server.url)
    SharedRateLimit(client, delay=0.5).take("kommune.example.dk")
    ttl = client.pttl(slot_key("kommune.example.dk"))
    assert 0 < ttl <= 60_500  # no key per host ever visited is kept for good
