"""Where the slow stages run, shared by all spiders of a crawling process.

Extraction (trafilatura), the NLP and the database writes each run in one worker *process*
("extract", "nlp", "store"): all three are CPU-bound Python (lxml tree walks; spaCy;
SQLAlchemy's unit of work for a document's ~40 analysis rows) and would only take turns under
the GIL with the reactor thread, which downloads. Separate processes use the other cores, and
the stages overlap: the reactor keeps downloading while a page is extracted, the previous batch
analysed and the one before stored. Only bytes go to the extraction worker and only the small
result comes back (a thread measured slower: the reactor and trafilatura share one GIL). Each
worker loads its model or engine once and ignores Ctrl-C, so a graceful shutdown can still
finish the work in flight. The single writer serialises the transactions, which SQLite needs
and which lets two spiders that meet the same page agree on who stored it.
KOMMUNEVAGT_WORKERS=thread keeps all three in the crawling process (threads named
`kommunevagt-<name>`).
A worker process logs into the crawl's log file (`log_to`), never to the terminal: without a
handler, Python would print its warnings and tracebacks (SQLAlchemy's pool logs one per broken
connection) on stderr, in the user's face.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1  # linux/prctl.h

_executors: dict[str, Executor] = {}
_log_file: str | None = None
LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s (worker %(process)d)"


def log_to(path: str | None) -> None:
    """Worker processes started from now on append their log records to `path`."""
    global _log_file
    _log_file = path


def _init_worker(log_file: str | None = None) -> None:
    """Ignore Ctrl-C (the parent shuts us down gracefully) but die with the parent: after a
    hard kill of the crawl, nothing would otherwise ever stop a worker waiting for work."""
    if log_file:
        logging.basicConfig(filename=log_file, level=logging.INFO, format=LOG_FORMAT, force=True)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the watcher below still notices
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def executor(name: str) -> Executor:
    if name not in _executors:
        if os.environ.get("KOMMUNEVAGT_WORKERS", "process") == "process":
            _executors[name] = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(_log_file,),
            )
        else:
            _executors[name] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"kommunevagt-{name}")
    return _executors[name]


async def run_in(name: str, func: Callable[..., T], *args: Any) -> T:
    """Run `func(*args)` on the named worker and await its result on the reactor's loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor(name), func, *args)


# Peak resident memory (kB) of each worker process, recorded when it is shut down.
peak_memory_kb: dict[str, int] = {}
# CPU seconds (user + system) each worker process used, recorded when it is shut down.
cpu_seconds: dict[str, float] = {}


def shutdown() -> None:
    """Finish and stop every worker (end of a crawl), noting each worker process's peak memory
    and CPU time (the crawl benchmark reports them)."""
    for name, pool in _executors.items():
        for pid in list(getattr(pool, "_processes", None) or {}):
            peak_memory_kb[name] = max(peak_memory_kb.get(name, 0), vm_hwm_kb(pid))
            cpu_seconds[name] = cpu_seconds.get(name, 0.0) + process_cpu_seconds(pid)
        pool.shutdown(wait=True)
    _executors.clear()


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (Linux /proc; 0.0 where unavailable)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # After the command name: state is field 3 of stat(5), utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vm_hwm_kb(pid: int | str = "self") -> int:
    """Peak resident set size of a process in kB (Linux /proc; 0 where unavailable).

    Unlike getrusage's ru_maxrss it is not inherited from the parent across fork/exec.
    """
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
