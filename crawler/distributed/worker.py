"""`kommunevagt worker`: one Dramatiq worker process with its threads, until SIGTERM or Ctrl-C.

Each queue is prefetched one message at a time (`dramatiq_queue_prefetch=1`): a busy worker
does not hold shards that an idle one could take. Stopping gracefully finishes the tasks in
hand and puts prefetched messages back; a killed worker's messages go back to the queue when
its heartbeat has been silent for KOMMUNEVAGT_WORKER_HEARTBEAT_TIMEOUT seconds.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable

QUEUES = ("crawl", "analyse")


def run_worker(queues: list[str], threads: int, say: Callable[[str], None]) -> None:
    """Serve `queues` with `threads` threads; returns after SIGTERM/SIGINT once the tasks in hand are done."""
    os.environ.setdefault("dramatiq_queue_prefetch", "1")  # read when dramatiq.worker is imported
    import dramatiq

    from crawler.distributed import tasks  # noqa: F401  (declares the actors)
    from crawler.distributed.broker import describe, get_broker
    from crawler.distributed.coordinator import check_redis
    from store.db import describe as describe_url

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    check_redis()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    # Start the crawl processes' fork server and load the model now, not with the first task.
    name = tasks.worker_name()
    warm = threading.Thread(target=_warm_up, args=(queues, lambda: say(f"worker {name}: ready")), daemon=True)
    warm.start()
    worker = dramatiq.Worker(get_broker(), queues=set(queues), worker_threads=threads, worker_timeout=500)
    worker.start()
    say(
        f"worker {name}: queues {', '.join(queues)}, {threads} threads, "
        f"Redis {describe()}, database {describe_url()}"
    )
    stop.wait()
    say("worker stopping: finishing the tasks in hand")
    worker.stop(timeout=600_000)


def _warm_up(queues: list[str], ready: Callable[[], None]) -> None:
    import time

    from crawler.distributed.tasks import _processes

    if "crawl" in queues:
        process = _processes().Process(target=time.sleep, args=(0,))
        process.start()
        process.join()
    if "analyse" in queues:
        from nlp.pipeline import get_nlp

        get_nlp()
    ready()
