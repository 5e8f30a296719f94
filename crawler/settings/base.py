"""Scrapy settings: politeness and robustness defaults, every tunable number read from the environment.

Environment variables are prefixed `KOMMUNEVAGT_` (except DATABASE_URL, read by the store). The
defaults are polite for real Danish sites; tests and the benchmark raise concurrency through the
same variables instead of editing this file.
"""

from __future__ import annotations

import os

from core.settings import get_settings


def _env(name: str, default: str) -> str:
    return os.environ.get(f"KOMMUNEVAGT_{name}", default)


def _env_int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _env_float(name: str, default: float) -> float:
    return float(_env(name, str(default)))


def _env_bool(name: str, default: bool) -> bool:
    return _env(name, "1" if default else "0").strip().lower() in ("1", "true", "yes", "on")


BOT_NAME = "kommunevagt"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = f"Kommunevagt/0.1 (+{get_settings().contact_url})"
ROBOTSTXT_OBEY = _env_bool("ROBOTSTXT_OBEY", True)

# Politeness: few parallel requests per site, AutoThrottle adapts the delay to the server's latency.
CONCURRENT_REQUESTS = _env_int("CONCURRENT_REQUESTS", 16)
CONCURRENT_REQUESTS_PER_DOMAIN = _env_int("CONCURRENT_REQUESTS_PER_DOMAIN", 2)
DOWNLOAD_DELAY = _env_float("DOWNLOAD_DELAY", 0.5)
AUTOTHROTTLE_ENABLED = _env_bool("AUTOTHROTTLE", True)
AUTOTHROTTLE_START_DELAY = _env_float("AUTOTHROTTLE_START_DELAY", 1.0)
AUTOTHROTTLE_MAX_DELAY = _env_float("AUTOTHROTTLE_MAX_DELAY", 30.0)
AUTOTHROTTLE_TARGET_CONCURRENCY = _env_float("AUTOTHROTTLE_TARGET_CONCURRENCY", 1.0)

# Robustness: retries with exponential backoff (middlewares/backoff.py), timeouts, a size cap.
RETRY_ENABLED = True
RETRY_TIMES = _env_int("RETRY_TIMES", 2)
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A site still failing after the retries is the site's failure, counted on the document as
# "HTTP 500"; Scrapy's ERROR line for it would make the run "incomplete" (runner.py) and exit 1.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
DOWNLOAD_TIMEOUT = _env_int("DOWNLOAD_TIMEOUT", 30)
DOWNLOAD_MAXSIZE = _env_int("DOWNLOAD_MAXSIZE", 10 * 1024 * 1024)
DOWNLOAD_WARNSIZE = _env_int("DOWNLOAD_WARNSIZE", 4 * 1024 * 1024)
REDIRECT_MAX_TIMES = _env_int("REDIRECT_MAX_TIMES", 5)
DEPTH_LIMIT = _env_int("DEPTH_LIMIT", 4)

# Development aid: replay responses from disk instead of hitting the sites again (off by default).
HTTPCACHE_ENABLED = _env_bool("HTTPCACHE", False)
HTTPCACHE_DIR = str((get_settings().data_dir / "httpcache").resolve())
HTTPCACHE_EXPIRATION_SECS = _env_int("HTTPCACHE_EXPIRATION_SECS", 0)

# Resumable crawls: KOMMUNEVAGT_JOBDIR (or `-s JOBDIR=...`) keeps the queue and the finished pages.
JOBDIR = _env("JOBDIR", "") or None
DUPEFILTER_CLASS = "crawler.dupefilter.FinishedDocumentsDupeFilter"

# Where the sources come from and how many documents the NLP analyses at once.
KOMMUNEVAGT_SOURCES_FILE = _env("SOURCES_FILE", "")
KOMMUNEVAGT_DEMO_URL = _env("DEMO_URL", "")
KOMMUNEVAGT_NLP_BATCH_SIZE = _env_int("NLP_BATCH_SIZE", 32)
# Seconds a partial batch may wait for more documents before it is analysed anyway.
KOMMUNEVAGT_NLP_BATCH_WAIT = _env_float("NLP_BATCH_WAIT", 0.5)
# Longer texts are refused, by the crawl and by `ingest`: data dumps or concatenated PDFs, not one
# document (a 50 MB file gave 440k claims and a 2.6 GB peak in the NLP).
KOMMUNEVAGT_MAX_TEXT_CHARS = _env_int("MAX_TEXT_CHARS", 2_000_000)
# Agenda APIs list every meeting back to the system's start; older meetings are not fetched (0: all).
KOMMUNEVAGT_AGENDA_MAX_AGE_DAYS = _env_int("AGENDA_MAX_AGE_DAYS", 400)
# Set by `kommunevagt crawl` so all spiders of one invocation report into one crawl_run row.
KOMMUNEVAGT_CRAWL_RUN_ID = _env_int("CRAWL_RUN_ID", 0)

DOWNLOADER_MIDDLEWARES = {
    # A request waits while KOMMUNEVAGT_PAGES_IN_FLIGHT pages are in flight (crawler/middlewares/inflight.py).
    "crawler.middlewares.inflight.PagesInFlightMiddleware": 50,
    # Every request waiting for a host's robots.txt gets its answer (crawler/middlewares/robots.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.SharedAnswerRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.backoff.BackoffRetryMiddleware": 550,
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 580,
}
KOMMUNEVAGT_RETRY_BACKOFF_BASE = _env_float("RETRY_BACKOFF_BASE", 1.0)
KOMMUNEVAGT_RETRY_BACKOFF_MAX = _env_float("RETRY_BACKOFF_MAX", 60.0)
# Every request a spider middleware drops (URL length, depth, ...) is reported with its reason.
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.ledger.CheckRequests": 10,
    "crawler.middlewares.ledger.MarkRequests": 1100,
}
# Feeds, sitemaps and listings fetched per source and run at most (a sitemap index may fan out).
KOMMUNEVAGT_MAX_NAVIGATION_PAGES = _env_int("MAX_NAVIGATION_PAGES", 2000)
ITEM_PIPELINES = {
    "crawler.pipelines.validate.ValidatePipeline": 100,
    "crawler.pipelines.canonicalise.CanonicalisePipeline": 200,
    "crawler.pipelines.dedupe.DedupePipeline": 300,
    "crawler.pipelines.analyse.AnalysePipeline": 400,
    "crawler.pipelines.store.StorePipeline": 500,
}
EXTENSIONS = {
    "crawler.accounting.RunAccounting": 100,
}

DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
LOG_LEVEL = _env("LOG_LEVEL", "INFO")
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"

# No listening ports: a crawler on a shared machine should not open consoles to itself.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# The bounds on pages in flight. A response stays "active" from its download until its item is
# stored (waiting for the extraction worker, an NLP batch, the writer); while the active bodies
# hold more than this many bytes Scrapy downloads nothing new. 16 MB is ~160 pages of 100 KB
# (64 MB measured +110 MB peak RSS of the crawl process for no more speed).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = _env_int("SCRAPER_SLOT_MAX_ACTIVE_SIZE", 16 * 1024 * 1024)
# ... and their number (crawler/middlewares/inflight.py; 0: three NLP batches plus CONCURRENT_REQUESTS).
KOMMUNEVAGT_PAGES_IN_FLIGHT = _env_int("PAGES_IN_FLIGHT", 0)
