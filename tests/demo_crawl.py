"""One real crawl of the demo site per test session, shared by the tests that start from it.

A crawl of the demo site (Scrapy, the NLP worker, the store, in a `kommunevagt crawl`
subprocess) is the most expensive step of the suite. The crawler's end-to-end test and the
Overvågning end-to-end test both start from the same finished crawl, so it runs once: into a
SQLite file, from a DemoServer over a copy of the site that stays up for the session. Each test
takes its own copy of the database (`database_copy`), so what one test writes no other sees,
and a re-crawl against the same server gets the 304s and `lastmod` skips of a real re-crawl.
A test that changes the site copy restores it (`changed_site`).

Under pytest-xdist every worker process has its own session, hence its own crawl and server.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from demo import DEMO_SOURCES
from demo.server import DEMO_SITE, DemoServer
from tests.crawler.conftest import crawl_env, kommunevagt


@dataclass
class DemoCrawl:
    site: Path  # the served copy of demo/site
    server: DemoServer
    database: Path  # the crawled SQLite file; tests read copies of it
    first: subprocess.CompletedProcess[str]  # the crawl's own output
    requests_after_crawl: int  # requests the server had answered when the crawl ended

    def database_copy(self, folder: Path) -> str:
        """URL of a private copy of the crawled database (the WAL is checkpointed at close)."""
        copy = folder / "demo.sqlite"
        shutil.copyfile(self.database, copy)
        return f"sqlite:///{copy}"

    def env(self, database_url: str, **extra: str) -> dict[str, str]:
        """Environment of a `kommunevagt` subprocess that uses `database_url` and this server."""
        return crawl_env(database_url, self.server.url, **extra)

    def recrawl(self, database_url: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return kommunevagt("crawl", "--sources", str(DEMO_SOURCES), env=self.env(database_url, **extra))

    @contextmanager
    def changed_site(self) -> Iterator[Path]:
        """The served site folder, restored to the demo site when the block ends."""
        try:
            yield self.site
        finally:
            shutil.rmtree(self.site)
            shutil.copytree(DEMO_SITE, self.site)


@contextmanager
def demo_crawl_once(folder: Path, environment: dict[str, str]) -> Iterator[DemoCrawl]:
    """Serve a copy of the demo site, crawl it into `folder/demo.sqlite` once, keep serving."""
    from store.db import dispose_engines

    site = folder / "site"
    shutil.copytree(DEMO_SITE, site)
    database = folder / "demo.sqlite"
    with DemoServer(site) as server:
        env = crawl_env(f"sqlite:///{database}", server.url, **environment)
        first = kommunevagt("crawl", "--sources", str(DEMO_SOURCES), env=env)
        dispose_engines()
        yield DemoCrawl(site, server, database, first, len(server.requests))
