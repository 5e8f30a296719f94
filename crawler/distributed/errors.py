"""Records logged at ERROR level (or worse) while a worker runs one task, for the run's status.

A local crawl is `incomplete` when anything was logged at ERROR level (Scrapy's `log_count/ERROR`,
see runner.judge). A distributed crawl logs on many machines, so each task counts its own
records and sends the number with its result (ledger.finish); the command adds them up. A crawl
task's Scrapy process reports its stats' count; the NLP and store work runs in a worker thread,
where `counting()` counts the records of that thread only (a worker runs several tasks at once,
and Dramatiq's own lines about a task failing are not the task's work).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _ThreadCounter(logging.Handler):
    """Counts ERROR records per thread while that thread is inside `counting()`."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.counts: dict[int, int] = {}
        self.guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self.guard:
            if record.thread in self.counts:
                self.counts[record.thread] += 1


_handler = _ThreadCounter()


class Count:
    """How many ERROR records the block logged (read after it ended)."""

    value: int = 0


@contextmanager
def counting() -> Iterator[Count]:
    """Count the ERROR records logged by this thread inside the block, whichever logger sent them."""
    root = logging.getLogger()
    if _handler not in root.handlers:
        root.addHandler(_handler)
    me = threading.get_ident()
    found = Count()
    with _handler.guard:
        _handler.counts[me] = 0
    try:
        yield found
    finally:
        with _handler.guard:
            found.value = _handler.counts.pop(me, 0)


def scrapy_errors(stats: object) -> int:
    """ERROR and CRITICAL records of one Scrapy crawl, from its stats collector."""
    get = getattr(stats, "get_value", None)
    if get is None:
        return 0
    return sum(int(get(f"log_count/{level}") or 0) for level in ("ERROR", "CRITICAL"))
