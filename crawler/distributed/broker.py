"""The one Dramatiq broker of a process: Redis at KOMMUNEVAGT_REDIS_URL.

Dramatiq's Redis broker acknowledges a message only after its actor returned, keeps messages in
flight in a per-worker set, and requeues the set of a worker whose heartbeat stopped for
KOMMUNEVAGT_WORKER_HEARTBEAT_TIMEOUT seconds (a SIGKILLed worker, a lost machine). Unlike a
visibility timeout, a long crawl shard is never handed to a second worker while its first one
is alive. Redis should keep its data over a restart (`appendonly yes`), else queued tasks are
lost with it (documents already stored are not).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
NAMESPACE = "kommunevagt"


def redis_url() -> str:
    return os.environ.get("KOMMUNEVAGT_REDIS_URL") or DEFAULT_REDIS_URL


def heartbeat_timeout_ms() -> int:
    """How long a silent worker counts as alive (its messages wait that long to be requeued)."""
    return int(float(os.environ.get("KOMMUNEVAGT_WORKER_HEARTBEAT_TIMEOUT", "60")) * 1000)


@lru_cache(maxsize=1)
def redis_client() -> Any:
    """A Redis client for the run's bookkeeping and the rate limit (not the broker's own)."""
    import redis

    return redis.Redis.from_url(redis_url(), socket_timeout=10, socket_connect_timeout=5)


@lru_cache(maxsize=1)
def get_broker() -> Any:
    """Create and install the broker (idempotent; actors are declared against it in tasks.py).

    The maintenance that requeues dead workers' messages runs on a random share of broker
    commands; a higher share makes it prompt when few workers send few commands."""
    import dramatiq
    from dramatiq.brokers.redis import RedisBroker
    from dramatiq.middleware import CurrentMessage

    broker = RedisBroker(
        url=redis_url(),
        namespace=NAMESPACE,
        heartbeat_timeout=heartbeat_timeout_ms(),
        maintenance_chance=int(os.environ.get("KOMMUNEVAGT_WORKER_MAINTENANCE_CHANCE", "10000")),
        socket_timeout=10,
        socket_connect_timeout=5,
    )
    broker.add_middleware(CurrentMessage())
    dramatiq.set_broker(broker)
    return broker


def describe() -> str:
    """The Redis URL without a password, for messages."""
    from urllib.parse import urlsplit

    parts = urlsplit(redis_url())
    host = parts.hostname or "?"
    return f"{parts.scheme}://{host}:{parts.port or 6379}{parts.path}"
