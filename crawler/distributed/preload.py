"""Imported by the crawl processes' fork server (tasks._processes): Scrapy, the project's
middlewares, pipelines and spiders, the broker and the store, loaded once instead of in every
task (about 10 s per task on a busy 2-core machine, 3 s with this)."""

from crawler.distributed import tasks  # noqa: F401
from crawler.distributed.shard import preload
from store import crud, db  # noqa: F401

preload()
