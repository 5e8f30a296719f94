"""`kommunevagt schedule`: crawl -> NLP -> watches on a cron-like schedule, in the foreground.

APScheduler 3 (BlockingScheduler) keeps the clock; each run starts `kommunevagt crawl
--no-watches` as a child process, because Scrapy's Twisted reactor cannot be started twice in
one process (the NLP runs inside the crawl's item pipeline), then runs the due watches here and
prints one line. Runs never overlap: a run still going when the next is due makes that one
wait (coalesced into one). SIGTERM or SIGINT stops the schedule: a crawl in progress gets
SIGTERM, stops as it does on Ctrl-C (status "interrupted", resumable with a job directory), its
watches are skipped, and the command exits 0. For machines that prefer systemd or cron, the
README gives a unit and a cron line that run `kommunevagt crawl` instead.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

import typer

TZ = ZoneInfo("Europe/Copenhagen")  # as the watches' "daily 07:00": Danish wall-clock time
STOP_GRACE = 120.0  # seconds a crawl gets to stop cleanly after SIGTERM before it is killed
_EVERY = re.compile(r"^\s*(\d+)\s*([smh])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours"}


def parse_every(value: str) -> timedelta:
    """ "90s", "15m", "2h" -> a timedelta; ValueError with one line otherwise."""
    match = _EVERY.match(value.lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"not an interval {value!r}: use e.g. 30m, 2h or 90s")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def make_trigger(cron: str | None, every: str | None) -> Any:
    """The APScheduler trigger for `--cron` (crontab, five fields, Danish time) or `--every`."""
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    if every:
        return IntervalTrigger(seconds=parse_every(every).total_seconds(), timezone=TZ)
    return CronTrigger.from_crontab(cron or "0 * * * *", timezone=TZ)


@dataclass
class Runs:
    """The runs of one `kommunevagt schedule`: the crawl child, the watches, the stop."""

    crawl_args: list[str]
    log_path: Path
    count: int = 0
    stopping: bool = False
    child: subprocess.Popen[bytes] | None = None
    idle: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.idle.set()

    def run(self) -> None:
        """One scheduled run; never raises (the schedule outlives a bad run), prints one line."""
        if self.stopping:
            return
        self.idle.clear()
        self.count += 1
        started = datetime.now(TZ)
        try:
            line = self._crawl_and_watch()
        except Exception as exc:  # one line, and the next run tries again
            from store.db import error_line

            line = f"error: {error_line(exc) or f'{type(exc).__name__}: {exc}'}"
        try:
            typer.echo(f"{started:%Y-%m-%d %H:%M:%S} run {self.count}: {line}")
        finally:
            self.idle.set()

    def _crawl_and_watch(self) -> str:
        crawl = self._crawl()
        if self.stopping:
            return f"{crawl}; stopped, watches not run"
        return f"{crawl}; {watch_line()}"

    def _crawl(self) -> str:
        """Run the crawl child, its output appended to the log file; its result in a few words."""
        from store import crud, db

        with db.session_scope(db.get_engine()) as session:
            before = crud.newest_crawl_run(session=session)
            before_id = before.id if before else 0
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log, self.lock:
            if self.stopping:
                return "crawl not started"
            self.child = subprocess.Popen(self.crawl_args, stdout=log, stderr=subprocess.STDOUT)
        code = self.child.wait()
        with self.lock:
            self.child = None
        with db.session_scope(db.get_engine()) as session:
            run = crud.newest_crawl_run(session=session)
            if run is None or run.id == before_id:
                return f"crawl exited with code {code} before it started (see {self.log_path})"
            total = {
                key: sum(int(c.get(key, 0)) for c in run.counts.values()) for key in ("stored", "failed")
            }
            return f"crawl {run.id} {run.status}, {total['stored']} stored, {total['failed']} failed"

    def stop(self, signum: int, _frame: FrameType | None = None) -> None:
        """Signal handler: no new runs; a running crawl gets SIGTERM and stops cleanly."""
        self.stopping = True
        with self.lock:
            if self.child is not None and self.child.poll() is None:
                self.child.send_signal(signal.SIGTERM)

    def wait_idle(self) -> None:
        """After a stop: let the running run end; kill a crawl that ignores SIGTERM too long."""
        if self.idle.wait(STOP_GRACE):
            return
        with self.lock:
            if self.child is not None:
                self.child.kill()
        self.idle.wait(30)


def watch_line() -> str:
    """Run the due watches in this process; their outcome in a few words."""
    from core.settings import get_settings
    from store import db
    from watch.run import run_watches

    reports = run_watches(db.get_engine(), get_settings())
    due = [report for report in reports if report.due]
    new = sum(report.new_items for report in due)
    sent = sum(result.sent for report in due for result in report.channels)
    failed = [
        f"{report.name} {result.channel}: {result.error}"
        for report in due
        for result in report.channels
        if result.error
    ]
    parts = f"watches: {len(due)} of {len(reports)} due, {new} new, {sent} sent"
    pending = sum(result.pending for report in due for result in report.channels)
    return parts + (f", {pending} pending ({'; '.join(failed)})" if failed else "")


def crawl_command(sources: list[str], sources_file: Path | None, demo: bool) -> list[str]:
    """The child process of each run: the crawl, without its own watch run (done here)."""
    command = [sys.executable, "-m", "kommunevagt", "crawl", "--no-watches", *sources]
    if sources_file is not None:
        command += ["--sources", str(sources_file)]
    if demo:
        command.append("--demo")
    return command


def register(app: typer.Typer) -> None:
    """Attach the `schedule` command."""

    @app.command("schedule")
    def schedule(
        sources: list[str] = typer.Argument(None, help="source names (default: all in the sources file)"),
        cron: str = typer.Option(
            "0 * * * *", "--cron", help="crontab schedule, five fields, Danish time (default: every hour)"
        ),
        every: str | None = typer.Option(None, "--every", help="instead of --cron: an interval, e.g. 30m"),
        now: bool = typer.Option(False, "--now", help="also run once right away"),
        sources_file: Path = typer.Option(None, "--sources", help="TOML sources file"),
        demo: bool = typer.Option(False, "--demo", help="crawl the bundled demo site"),
    ) -> None:
        """Crawl, analyse and run the due watches on a schedule, until SIGTERM or Ctrl-C.

        One line per run; the crawls' own output goes to <data dir>/logs/schedule.log.
        """
        import logging

        from apscheduler.schedulers.blocking import BlockingScheduler

        from core.settings import get_settings
        from store.upgrade import upgrade

        try:
            trigger = make_trigger(cron, every)
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(code=2) from None
        upgrade()
        log_path = get_settings().data_dir / "logs" / "schedule.log"
        runs = Runs(crawl_command(list(sources or []), sources_file, demo), log_path)
        # A run that is due while the previous one still runs is skipped (max_instances=1); that
        # is the point, so APScheduler's warning about it is not shown.
        logging.getLogger("apscheduler").setLevel(logging.ERROR)
        scheduler = BlockingScheduler(timezone=TZ)
        first = datetime.now(TZ) if now else trigger.get_next_fire_time(None, datetime.now(TZ))
        scheduler.add_job(
            runs.run, trigger, max_instances=1, coalesce=True, misfire_grace_time=None,
            **({"next_run_time": first} if now else {}),
        )  # fmt: skip

        def stop(signum: int, frame: FrameType | None) -> None:
            runs.stop(signum, frame)
            scheduler.shutdown(wait=False)  # start() below returns

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        typer.echo(f"schedule: {f'every {every}' if every else cron} (Europe/Copenhagen); log {log_path}")
        typer.echo(f"first run {first:%Y-%m-%d %H:%M:%S}; stop with Ctrl-C or SIGTERM")
        scheduler.start()  # blocks until a signal shuts it down
        runs.wait_idle()
        typer.echo(f"schedule stopped after {runs.count} run{'s' if runs.count != 1 else ''}")
