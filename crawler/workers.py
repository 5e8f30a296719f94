"""One NLP thread and one database-writer thread per crawling process, shared by all spiders.

The reactor thread keeps downloading and extracting while a batch is analysed or stored, so
the stages overlap. A single writer serialises the store's transactions, which SQLite needs and
which lets two spiders that meet the same page in one process agree on who stored it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_executors: dict[str, ThreadPoolExecutor] = {}


def executor(name: str) -> ThreadPoolExecutor:
    if name not in _executors:
        _executors[name] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"kommunevagt-{name}")
    return _executors[name]


async def run_in(name: str, func: Callable[..., T], *args: Any) -> T:
    """Run `func(*args)` on the named worker thread and await its result on the reactor's loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor(name), func, *args)
