"""Crawler test helpers: saved responses for spider unit tests, the demo server, Scrapy subprocesses.

Scrapy's Twisted reactor cannot be restarted inside one process, so every real crawl runs as a
subprocess (`kommunevagt crawl` or `scrapy crawl`) against a DemoServer on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request, Response, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from demo.server import DEMO_SITE, DemoServer

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_URL = "http://127.0.0.1:8765"  # what saved responses pretend to come from


def file_response(
    path: Path | str,
    url: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    meta: dict[str, Any] | None = None,
) -> Response:
    """A Scrapy response built from a saved file (a demo-site path or a fixture), as from `url`."""
    file = Path(path)
    if not file.is_absolute():
        file = DEMO_SITE / file if (DEMO_SITE / file).exists() else FIXTURES / file
    body = file.read_bytes()
    if url is None:
        served = file.relative_to(DEMO_SITE).as_posix() if file.is_relative_to(DEMO_SITE) else file.name
        url = f"{DEMO_URL}/{served}"
    request = Request(url, meta=meta or {})
    cls: type[Response] = Response
    if file.suffix in (".html", ".htm"):
        cls = HtmlResponse
    elif file.suffix == ".xml":
        cls = XmlResponse
    elif file.suffix == ".txt":
        cls = TextResponse
    return cls(url=url, body=body, headers=headers or {}, request=request)


def make_spider(spider_cls: Any, sources_file: Path | str, names: str = "", demo_url: str = DEMO_URL) -> Any:
    """A spider bound to a test crawler (signals work; nothing is downloaded)."""
    crawler = get_crawler(spider_cls, settings_dict={"KOMMUNEVAGT_CRAWL_RUN_ID": 1})
    crawler._apply_settings()
    spider = spider_cls.from_crawler(
        crawler, sources=names, sources_file=str(sources_file), demo_url=demo_url
    )
    crawler.spider = spider
    return spider


def collect(output: AsyncIterable[Any]) -> list[Any]:
    """Everything an async callback (e.g. `parse_document`, which awaits the extraction worker)
    yields, run to the end on a fresh event loop."""

    async def drain() -> list[Any]:
        return [entry async for entry in output]

    return asyncio.run(drain())


class Outcomes:
    """Collects `document_outcome` signals sent during a spider unit test."""

    def __init__(self, spider: Any) -> None:
        from crawler.signals import document_outcome

        self.rows: list[dict[str, Any]] = []
        spider.crawler.signals.connect(self.receive, signal=document_outcome)

    def receive(self, **kwargs: Any) -> None:
        kwargs.pop("signal", None)
        kwargs.pop("sender", None)
        self.rows.append(kwargs)


@pytest.fixture
def demo_server() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


def crawl_env(database_url: str, demo_url: str, **extra: str) -> dict[str, str]:
    """Environment of a crawl subprocess: its database, the demo site, no politeness delays."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        KOMMUNEVAGT_DEMO_URL=demo_url,
        KOMMUNEVAGT_DOWNLOAD_DELAY="0",
        KOMMUNEVAGT_AUTOTHROTTLE="0",
        KOMMUNEVAGT_CONCURRENT_REQUESTS_PER_DOMAIN="8",
        KOMMUNEVAGT_NLP_BATCH_WAIT="0.2",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def kommunevagt(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kommunevagt", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def scrapy_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", *args]


def last_run_counts(database_url: str) -> tuple[str, dict[str, Any]]:
    """Status and counts of the newest crawl_run."""
    from sqlmodel import Session, col, select

    from store.db import get_engine
    from store.models import CrawlRun

    with Session(get_engine(database_url)) as session:
        run = session.exec(select(CrawlRun).order_by(col(CrawlRun.id).desc())).first()
        assert run is not None
        return run.status, json.loads(json.dumps(run.counts))


def totals(counts: dict[str, Any], key: str) -> int:
    return sum(row.get(key, 0) for row in counts.values())
