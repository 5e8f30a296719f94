"""Whether the process that started a crawl run is still running.

A crawl killed with SIGKILL (or by a power cut) never writes its end, so its `crawl_run` row
would say "running" forever. The row records the host name and process id of the crawl; the
next crawl on the same host asks the operating system about that process. Process ids are
reused, so a process that exists but was started after the run began is another program, and
a run that began before the machine booted cannot be running either. A run on another host is
never judged from here (its process ids mean nothing on this machine): a concurrent crawl on a
colleague's machine sharing one PostgreSQL database is left alone.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime

import psutil

# psutil derives a process's start time from the boot time, which the kernel reports in whole
# seconds, so the two clocks can disagree by up to a second; the run row is written well after
# its process started (imports alone take longer), so a margin of two seconds misjudges nothing.
_CLOCK_MARGIN_S = 2.0


def this_process() -> tuple[str, int]:
    """(host name, process id) of the calling process, as recorded on a crawl run."""
    return socket.gethostname(), os.getpid()


def is_gone(*, host: str | None, pid: int | None, started_at: datetime) -> bool:
    """True if the run's process certainly no longer runs; False if alive or not knowable here.

    Rows written before revision 0004 have no host: their process is taken as gone, since they
    predate this version of the code (a crawl that is in fact still running writes its final
    status when it ends, which overrides the mark).
    """
    if host is None or pid is None:
        return True
    if host != socket.gethostname():
        return False
    started = started_at.timestamp()
    if started < psutil.boot_time() - _CLOCK_MARGIN_S:
        return True  # started before this machine booted
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return True  # dead, only not yet reaped by its parent
        return process.create_time() > started + _CLOCK_MARGIN_S  # the id now belongs to a newer process
    except psutil.NoSuchProcess:
        return True
    except psutil.AccessDenied:
        return False  # it exists, under another user
