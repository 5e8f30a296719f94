"""Run several spiders in one process for `kommunevagt crawl`, with one crawl_run row for all.

Each source is served by the spiders that fit it (feed, sitemap, article, minutes); they run
side by side in one reactor and share the process's NLP and writer threads. The command owns
the crawl_run row: it creates it, hands its id to every spider and writes the merged per-source
counts at the end: "failed" when a spider could not start or crashed (its error in one line;
the traceback in the log file), "interrupted" when any spider stopped early (e.g. on Ctrl-C),
"incomplete" when our side failed on some documents (store, NLP, crawler errors) or anything
was logged at ERROR level, else "finished". Failures of the sites themselves (404, robots.txt) are counted
per document and do not make a run incomplete.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler import workers
from crawler.accounting import STATS_KEY, local_failures, merge_counts
from crawler.signals import one_line
from crawler.sources import DEFAULT_SOURCES, Source, load_sources, select

log = logging.getLogger(__name__)

SPIDER_ORDER = ("feed", "sitemap", "article", "minutes")

# For the local demo site: no politeness delay is needed against our own 127.0.0.1 server.
LOCAL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


@dataclass
class CrawlResult:
    run_id: int
    counts: dict[str, dict[str, Any]]
    status: str
    log_file: str | None
    seconds: float = 0.0  # from the first spider opening to the last closing
    errors: int = 0  # records logged at ERROR level (or worse), see the log file
    crashes: list[str] = field(default_factory=list)  # spiders that could not start or crashed
    workers: dict[str, int] = field(default_factory=dict)  # distributed: documents written per worker


def plan(sources: list[Source]) -> list[tuple[str, list[Source]]]:
    """(spider name, its sources) for every spider that has something to crawl."""
    return [
        (name, [s for s in sources if name in s.spiders()])
        for name in SPIDER_ORDER
        if any(name in s.spiders() for s in sources)
    ]


def _crawl_settings(run_id: int, file: Path, demo_url: str | None, overrides: dict[str, Any] | None) -> Any:
    """The project's Scrapy settings for one run: overrides, the run's id, and its log file in
    `<data dir>/logs` unless LOG_FILE is set."""
    from scrapy.utils.project import get_project_settings

    from core.settings import get_settings

    settings = get_project_settings()
    settings.setdict(overrides or {}, priority="cmdline")
    settings.set("KOMMUNEVAGT_CRAWL_RUN_ID", run_id, priority="cmdline")
    settings.set("KOMMUNEVAGT_SOURCES_FILE", str(file), priority="cmdline")
    if demo_url:
        settings.set("KOMMUNEVAGT_DEMO_URL", demo_url, priority="cmdline")
    log_dir = get_settings().data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    if not settings.get("LOG_FILE"):
        settings.set("LOG_FILE", str((log_dir / f"crawl-{run_id}.log").resolve()), priority="cmdline")
    return settings


def run_crawl(
    names: list[str],
    *,
    sources_file: Path | None = None,
    demo_url: str | None = None,
    overrides: dict[str, Any] | None = None,
    progress: Callable[[dict[str, dict[str, Any]]], None] | None = None,
    progress_interval: float = 0.5,
) -> CrawlResult:
    """Crawl the named sources (all when empty) and return the merged counts."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.crawler import Crawler, CrawlerProcess

    from store import crud, db
    from store.upgrade import upgrade

    file = sources_file or DEFAULT_SOURCES
    demo_url = demo_url or os.environ.get("KOMMUNEVAGT_DEMO_URL") or None
    sources = select(load_sources(file, demo_url=demo_url), names)
    upgrade()
    with db.session_scope(db.get_engine(), write=True) as session:
        run_id = crud.start_crawl_run(session=session, sources=[s.name for s in sources]).id
    assert run_id is not None

    settings = _crawl_settings(run_id, file, demo_url, overrides)
    jobdir = settings.get("JOBDIR")
    workers.log_to(settings.get("LOG_FILE"))  # tracebacks of the worker processes: the log, not stderr

    # One job directory per spider: their queues and done-lists must not mix. CrawlerProcess
    # merges its own settings into each crawler at equal priority, so it must not hold JOBDIR.
    process_settings = settings.copy()
    process_settings.delete("JOBDIR", priority="cmdline")
    process = CrawlerProcess(process_settings)
    crawlers: list[Any] = []
    crashes: list[str] = []
    for spider_name, spider_sources in plan(sources):
        spider_settings = settings.copy()
        if jobdir:
            spider_settings.set("JOBDIR", str(Path(jobdir) / spider_name), priority="cmdline")
        # The first crawler installs the reactor (what CrawlerProcess.create_crawler would do).
        crawler = Crawler(process.spider_loader.load(spider_name), spider_settings, init_reactor=not crawlers)
        crawlers.append(crawler)
        crawl = process.crawl(crawler, sources=",".join(s.name for s in spider_sources))
        crawl.addErrback(_crashed, spider_name, crashes)  # handled: no "Unhandled error" on stderr

    def snapshot() -> dict[str, dict[str, Any]]:
        merged: dict[str, dict[str, Any]] = {}
        for crawler in crawlers:
            if crawler.stats is not None:
                merge_counts(merged, crawler.stats.get_value(STATS_KEY) or {})
        return merged

    if progress is not None:
        from twisted.internet import reactor, task

        ticker = task.LoopingCall(lambda: progress(snapshot()))
        reactor.callWhenRunning(ticker.start, progress_interval, True)  # type: ignore[attr-defined]
    process.start()
    workers.shutdown()

    counts = snapshot()
    for source in sources:
        merge_counts(counts, {source.name: {}})
    status, errors, seconds = judge(crawlers, counts, crashes)
    try:
        record(run_id, counts, status)
    except Exception as exc:  # the documents are stored; say so, and why the summary row is not
        log.exception("could not record crawl run %s", run_id)
        crashes.append(f"could not record crawl run {run_id}: {one_line(exc)}")
        status = "failed"
    return CrawlResult(
        run_id=run_id,
        counts=counts,
        status=status,
        log_file=settings.get("LOG_FILE"),
        seconds=seconds,
        errors=errors,
        crashes=crashes,
    )


def record(run_id: int, counts: dict[str, dict[str, Any]], status: str) -> None:
    """Write the run's counts and status, then refresh the UI's aggregates (store/aggregates.py)
    and the planner statistics."""
    from store import crud, db
    from store.aggregates import refresh as refresh_aggregates
    from store.analyze import analyze
    from store.models import CrawlRun

    with db.session_scope(db.get_engine(), write=True) as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None
        crud.finish_crawl_run(session=session, run=run, counts=counts, status=status)
    refresh_aggregates(db.get_engine())
    analyze(db.get_engine())


def _crashed(failure: Any, spider_name: str, crashes: list[str]) -> None:
    """A spider's crawl failed (e.g. its pipelines could not open the database): one line for
    the summary, the traceback for the log file."""
    log.error("spider %s stopped", spider_name, exc_info=failure.value)
    crashes.append(f"spider {spider_name} stopped: {one_line(failure.value)}")


def judge(
    crawlers: list[Any], counts: dict[str, dict[str, Any]], crashes: list[str]
) -> tuple[str, int, float]:
    """The run's status, its number of ERROR log records and its duration in seconds."""
    stats = [c.stats for c in crawlers if c.stats is not None]
    reasons = {s.get_value("finish_reason") for s in stats}
    starts = [s.get_value("start_time") for s in stats]
    ends = [s.get_value("finish_time") for s in stats]
    seconds = (
        (max(ends) - min(starts)).total_seconds() if starts and ends and None not in starts + ends else 0.0
    )
    errors = sum(int(s.get_value(f"log_count/{lvl}") or 0) for s in stats for lvl in ("ERROR", "CRITICAL"))
    if crashes:
        status = "failed"
    elif not reasons <= {"finished"}:
        status = "interrupted"
    elif errors or local_failures(counts):
        status = "incomplete"
    else:
        status = "finished"
    return status, errors, seconds
