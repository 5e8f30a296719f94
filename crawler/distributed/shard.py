"""One task's Scrapy crawl, in a subprocess of the worker: `python -m crawler.distributed.shard`.

A Twisted reactor cannot be restarted within a process, so each task crawls in a fresh child
process (which dies with its worker, see `workers._init_worker`'s PDEATHSIG). It reads its job
(JSON) on stdin and prints its result (JSON) as the last line on stdout. Two kinds of job:

plan   a source's own spider (feed, sitemap, article, minutes) reads the navigation; every
       document request it makes goes into shards instead of the scheduler (`Sharding`), sent
       as `crawl_shard` tasks of KOMMUNEVAGT_SHARD_SIZE URLs. Documents a spider makes without
       a request of their own (agenda API items) go on from here like a shard's.
shard  the listed document URLs (`ShardSpider`), with their sitemap/feed metadata.

In both, extracted documents pass validate -> canonicalise -> dedupe as in a local crawl and are
then sent to the analyse queue in batches (`pipeline.SendToAnalysis`). Exit code 75 means Redis
stayed unreachable (the task is retried); the result's `crash` line says why a crawl stopped.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
import tempfile
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

from crawler.sources import load_sources, select
from crawler.spiders.base import SourceSpider

EXIT_REDIS = 75  # EX_TEMPFAIL


class ShardSpider(SourceSpider):
    """Fetches the document URLs of one shard (`-a shard=<json file>`) of one source."""

    name = "shard"
    shard: str  # the JSON file of {url, meta} entries, a spider argument

    def configure(self, *, names: list[str], sources_file: str | None, demo_url: str | None) -> None:
        self.sources = select(load_sources(sources_file, demo_url=demo_url), names)
        self.by_name = {s.name: s for s in self.sources}
        self.allowed_domains = sorted({d for s in self.sources for d in s.domains()})
        self.navigated = {s.name: set() for s in self.sources}

    async def start(self) -> AsyncIterator[Any]:
        source = self.sources[0]
        entries = json.loads(Path(self.shard).read_text(encoding="utf-8"))
        for entry in entries:
            yield self.document_request(entry["url"], source, **entry.get("meta", {}))


def job_settings(job: dict[str, Any], sources_file: Path) -> Any:
    """The project's settings for this job: the run's overrides, the shared rate limit in place
    of the process's own delay, and documents sent to the analyse queue instead of analysed here."""
    from scrapy.utils.project import get_project_settings

    from core.settings import get_settings

    settings = get_project_settings()
    settings.setdict(job.get("overrides") or {}, priority="cmdline")
    delay = settings.getfloat("DOWNLOAD_DELAY")
    settings.setdict(
        {
            "KOMMUNEVAGT_CRAWL_RUN_ID": job["run_id"],
            "KOMMUNEVAGT_SOURCES_FILE": str(sources_file),
            "KOMMUNEVAGT_DEMO_URL": job.get("demo_url") or "",
            "KOMMUNEVAGT_SHARED_DOWNLOAD_DELAY": delay,
            "DOWNLOAD_DELAY": 0,
            "JOBDIR": None,
        },
        priority="cmdline",
    )
    if job.get("since"):
        days = (date.today() - date.fromisoformat(job["since"])).days + 1
        settings.set("KOMMUNEVAGT_AGENDA_MAX_AGE_DAYS", max(days, 1), priority="cmdline")
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    pipelines.pop("crawler.pipelines.analyse.AnalysePipeline", None)
    pipelines.pop("crawler.pipelines.store.StorePipeline", None)
    pipelines["crawler.distributed.pipeline.SendToAnalysis"] = 400
    settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
    downloader = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    downloader["crawler.distributed.throttle.SharedThrottleMiddleware"] = 590
    settings.set("DOWNLOADER_MIDDLEWARES", downloader, priority="cmdline")
    if job["kind"] == "plan":
        spider_mw = dict(settings.getdict("SPIDER_MIDDLEWARES"))
        spider_mw["crawler.distributed.pipeline.Sharding"] = 5  # engine side of the request ledger
        settings.set("SPIDER_MIDDLEWARES", spider_mw, priority="cmdline")
    for key in ("run_id", "since", "shard_size", "backfill"):
        settings.set(f"KOMMUNEVAGT_JOB_{key.upper()}", job.get(key), priority="cmdline")
    template = {k: v for k, v in job.items() if k not in ("requests", "kind", "label", "shard", "spider")}
    settings.set("KOMMUNEVAGT_JOB_TEMPLATE", template, priority="cmdline")
    log_dir = get_settings().data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    settings.set("LOG_FILE", str((log_dir / f"crawl-{job['run_id']}.log").resolve()), priority="cmdline")
    return settings


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Crawl one job; its per-source counts, a crash line if the spider could not run, and the
    number of records it logged at ERROR level (errors.py)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.crawler import Crawler, CrawlerProcess

    from crawler import workers
    from crawler.accounting import STATS_KEY
    from crawler.distributed.errors import scrapy_errors
    from crawler.distributed.ledger import RedisUnavailable

    with tempfile.TemporaryDirectory(prefix="kommunevagt-shard-") as tmp:
        sources_file = Path(tmp, "sources.toml")
        sources_file.write_text(job["sources_toml"], encoding="utf-8")
        settings = job_settings(job, sources_file)
        workers.log_to(settings.get("LOG_FILE"))
        process = CrawlerProcess(settings)
        kwargs: dict[str, Any] = {"sources": job["source"]}
        if job["kind"] == "shard":
            shard_file = Path(tmp, "shard.json")
            shard_file.write_text(json.dumps(job["requests"]), encoding="utf-8")
            spider_cls: Any = ShardSpider
            kwargs["shard"] = str(shard_file)
        else:
            spider_cls = process.spider_loader.load(job["spider"])
        crawler = Crawler(spider_cls, settings, init_reactor=True)
        crashes: list[str] = []
        deferred = process.crawl(crawler, **kwargs)
        deferred.addErrback(_crashed, str(job["label"]), crashes)
        # A worker's Ctrl-C reaches its whole process group: the crawl in hand goes on (the worker
        # waits for it); SIGTERM and SIGKILL end it.
        process.start(install_signal_handlers=job.get("signals", True))
        workers.shutdown()
    redis_error = getattr(crawler, "kommunevagt_redis_error", None)
    if redis_error:
        raise RedisUnavailable(redis_error)
    stats = crawler.stats
    counts = (stats.get_value(STATS_KEY) if stats is not None else None) or {}
    reason = stats.get_value("finish_reason") if stats is not None else None
    if not crashes and reason not in (None, "finished"):
        crashes.append(f"{job['label']}: stopped ({reason})")
    return {"counts": counts, "crash": "; ".join(crashes) or None, "errors": scrapy_errors(stats)}


def _crashed(failure: Any, label: str, crashes: list[str]) -> None:
    from crawler.signals import one_line

    crashes.append(f"{label}: {one_line(failure.value)}")


def main() -> None:
    from crawler.distributed.ledger import RedisUnavailable

    job = json.loads(sys.stdin.read())
    try:
        result = run_job(job)
    except RedisUnavailable as exc:
        print(json.dumps({"redis": str(exc)}))
        sys.exit(EXIT_REDIS)
    print(json.dumps(result))


if __name__ == "__main__":
    main()


def preload() -> None:
    """Import every class the project's settings name (Scrapy imports them lazily when a crawler
    starts: seconds per task). Called in the fork server, which never starts a reactor."""
    from scrapy.utils.misc import load_object
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    for _name, value in get_project_settings().items():
        paths = value.keys() if hasattr(value, "keys") else [value]
        for path in paths:
            if isinstance(path, str) and path.startswith(("scrapy.", "crawler.")) and "." in path:
                with contextlib.suppress(Exception):  # a setting that merely looks like a path
                    load_object(path)
    for module in ("scrapy.core.engine", "scrapy.core.scraper", "scrapy.core.downloader.handlers.http11"):
        importlib.import_module(module)
