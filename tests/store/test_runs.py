"""A crawl killed with SIGKILL leaves its run "running"; the next run marks it "interrupted".

The crawls here are real processes (`tests.store.racer crawl-run`): one is killed with SIGKILL,
another keeps running next to the new run and must keep its "running".
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
import pytest

from store import crud
from store.db import get_engine, session_scope
from store.models import CrawlRun

REPO = Path(__file__).resolve().parents[2]


def start_crawl_process(url: str, tmp_path: Path, name: str) -> tuple[subprocess.Popen[str], int]:
    """A process that starts a crawl run and then runs until killed; (process, run id)."""
    go = tmp_path / f"go-{name}"
    go.touch()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.store.racer", url, "crawl-run", str(go)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line.startswith("running "), (line, process.stderr.read() if process.stderr else "")
    return process, int(line.split()[1])


def status_of(url: str, run_id: int) -> str:
    with session_scope(get_engine(url)) as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None
        return run.status


def add_run(url: str, **fields: object) -> int:
    with session_scope(get_engine(url), write=True) as session:
        run = CrawlRun(counts={}, sources=["gammel"], status="running", **fields)  # type: ignore[arg-type]
        session.add(run)
        session.flush()
        assert run.id is not None
        return run.id


@pytest.mark.slow
def test_next_run_marks_a_killed_run_interrupted_and_leaves_a_live_one(
    migrated_database_url: str, tmp_path: Path
) -> None:
    url = migrated_database_url
    killed, killed_id = start_crawl_process(url, tmp_path, "killed")
    live, live_id = start_crawl_process(url, tmp_path, "live")
    try:
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait(timeout=60)
        assert status_of(url, killed_id) == "running"  # nothing marks it by itself

        with session_scope(get_engine(url), write=True) as session:
            new = crud.start_crawl_run(session=session, sources=["ny"])
            assert (new.host, new.pid) == (socket.gethostname(), os.getpid())
        assert status_of(url, killed_id) == "interrupted"
        assert status_of(url, live_id) == "running"
        assert status_of(url, new.id or 0) == "running"
    finally:
        for process in (killed, live):
            if process.poll() is None:
                process.kill()
                process.wait(timeout=60)
    with session_scope(get_engine(url), write=True) as session:  # the live one is gone now too
        assert crud.mark_abandoned_runs(session=session) == [live_id]


def test_reused_process_ids_old_boots_and_other_hosts(migrated_database_url: str) -> None:
    url = migrated_database_url
    host = socket.gethostname()
    me = psutil.Process(os.getpid())
    born = datetime.fromtimestamp(me.create_time(), UTC)
    # This process's id, but the run began before this process did: the id was reused.
    reused = add_run(url, host=host, pid=os.getpid(), started_at=born - timedelta(minutes=5))
    # This process, started after it: alive.
    mine = add_run(url, host=host, pid=os.getpid(), started_at=born + timedelta(seconds=5))
    before_boot = add_run(url, host=host, pid=1, started_at=datetime(2000, 1, 1, tzinfo=UTC))
    elsewhere = add_run(url, host=f"ikke-{host}", pid=1, started_at=born - timedelta(days=3))
    legacy = add_run(url, host=None, pid=None, started_at=born - timedelta(days=3))  # before revision 0004
    with session_scope(get_engine(url), write=True) as session:
        marked = crud.mark_abandoned_runs(session=session)
    assert sorted(marked) == sorted([reused, before_boot, legacy])
    assert status_of(url, mine) == status_of(url, elsewhere) == "running"
