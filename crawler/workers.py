"""Where the slow stages run, shared by all spiders of a crawling process.

The NLP runs in one worker *process* (spaCy is pure CPU and holds the GIL, so a thread would
only take turns with extraction; a process runs it on the second core while the reactor thread
downloads and extracts). The worker loads the model once and ignores Ctrl-C, so a graceful
shutdown can still finish the batches in flight. Database writes run on one thread: a single
writer serialises the transactions, which SQLite needs and which lets two spiders that meet the
same page agree on who stored it. KOMMUNEVAGT_NLP_WORKER=thread keeps the NLP in-process.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_executors: dict[str, Executor] = {}


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def executor(name: str) -> Executor:
    if name not in _executors:
        if name == "nlp" and os.environ.get("KOMMUNEVAGT_NLP_WORKER", "process") == "process":
            _executors[name] = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_sigint
            )
        else:
            _executors[name] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"kommunevagt-{name}")
    return _executors[name]


async def run_in(name: str, func: Callable[..., T], *args: Any) -> T:
    """Run `func(*args)` on the named worker and await its result on the reactor's loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor(name), func, *args)
