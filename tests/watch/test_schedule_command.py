"""`kommunevagt schedule` for real: a subprocess on a short schedule crawls the demo site over
127.0.0.1, runs the watch against a real SMTP server, and stops cleanly on SIGTERM."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo import DEMO_SOURCES
from demo.server import DemoServer
from store.db import get_engine, session_scope
from store.queries.filters import ClaimFilter
from store.upgrade import upgrade
from store.watches import WatchSpec, create_watch
from tests.crawler.conftest import REPO, crawl_env
from tests.watch.servers import Inbox

pytestmark = pytest.mark.slow


class Schedule:
    """A running `kommunevagt schedule` whose stdout lines arrive on a queue."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kommunevagt", "schedule", "--sources", str(DEMO_SOURCES), *args],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        assert self.process.stdout is not None
        stdout = self.process.stdout
        threading.Thread(
            target=lambda: [self.lines.put(line.rstrip("\n")) for line in stdout], daemon=True
        ).start()

    def line(self, timeout: float = 240) -> str:
        return self.lines.get(timeout=timeout)

    def rest(self) -> list[str]:
        found = []
        while not self.lines.empty():
            found.append(self.lines.get())
        return found


@pytest.fixture
def env(tmp_path: Path, smtp_port: int) -> Iterator[dict[str, str]]:
    with DemoServer() as server:
        environment = crawl_env(
            f"sqlite:///{tmp_path / 'demo.sqlite'}",
            server.url,
            KOMMUNEVAGT_DATA_DIR=str(tmp_path / "var"),
            KOMMUNEVAGT_SMTP_HOST="127.0.0.1",
            KOMMUNEVAGT_SMTP_PORT=str(smtp_port),
            KOMMUNEVAGT_SMTP_SECURITY="none",
        )
        # The database and the watch in-process (the command's own path is tested in test_cli).
        upgrade(environment["DATABASE_URL"])
        with session_scope(get_engine(environment["DATABASE_URL"]), write=True) as session:
            spec = WatchSpec(name="Favrskov", filters=ClaimFilter(kommuner=(710,)), emails=("p@example.dk",))
            create_watch(session=session, spec=spec)
        yield environment


def test_a_run_crawls_and_sends_then_sigterm_stops(env: dict[str, str], inbox: Inbox) -> None:
    schedule = Schedule(env, "--every", "1h", "--now")
    try:
        assert schedule.line().startswith("schedule: every 1h (Europe/Copenhagen); log ")
        assert schedule.line().endswith("; stop with Ctrl-C or SIGTERM")
        run = schedule.line()
        assert run.endswith(
            " run 1: crawl 1 finished, 25 stored, 2 failed; watches: 1 of 1 due, 3 new, 3 sent"
        ), run
        assert len(inbox.messages) == 1
        schedule.process.send_signal(signal.SIGTERM)
        assert schedule.process.wait(timeout=60) == 0
    finally:
        if schedule.process.poll() is None:
            schedule.process.kill()
    assert schedule.rest() == ["schedule stopped after 1 run"]
    assert schedule.process.stderr is not None and schedule.process.stderr.read() == ""


def test_sigterm_during_the_crawl_stops_it_cleanly(env: dict[str, str], inbox: Inbox, tmp_path: Path) -> None:
    schedule = Schedule(env, "--cron", "0 5 * * *", "--now")
    log = tmp_path / "var" / "logs" / "schedule.log"
    try:
        schedule.line(), schedule.line()
        # The crawl child writes its progress lines once its crawl run exists.
        for _ in range(600):
            if log.exists() and "fetched" in log.read_text():
                break
            threading.Event().wait(0.2)
        schedule.process.send_signal(signal.SIGTERM)
        assert schedule.process.wait(timeout=150) == 0
    finally:
        if schedule.process.poll() is None:
            schedule.process.kill()
    run, stopped = schedule.rest()
    assert " run 1: crawl 1 interrupted, " in run and run.endswith("; stopped, watches not run"), run
    assert stopped == "schedule stopped after 1 run"
    assert inbox.messages == []
