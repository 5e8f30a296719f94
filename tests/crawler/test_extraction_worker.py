"""Extraction runs off the reactor thread, and the number of pages in flight stays bounded: real
crawls of the generated bench site (bench/crawl_site.py) on 127.0.0.1, watched by
tests/crawler/crawl_probe.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.crawl_site import route
from demo.server import DemoServer
from tests.crawler.conftest import REPO, crawl_env

PAGES = 24


@pytest.fixture(scope="module")
def bench_site() -> Any:
    with DemoServer(routes={"/bench/": route(PAGES)}) as server:
        yield server


def probe(site: DemoServer, tmp_path: Path, **env: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "tests.crawler.crawl_probe", site.url, str(tmp_path)],
        cwd=REPO,
        env=crawl_env(f"sqlite:///{tmp_path / 'crawl.sqlite'}", site.url, **env),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_extraction_runs_in_its_worker_process(bench_site: DemoServer, tmp_path: Path) -> None:
    report = probe(bench_site, tmp_path)
    assert (report["status"], report["stored"]) == ("finished", PAGES)
    # trafilatura is imported where extraction runs: never in the crawling process.
    assert report["extracted_on"] == [] and not report["trafilatura_in_crawl_process"]
    assert report["worker_processes"] == ["extract", "nlp", "store"]


def test_threads_extract_on_the_extraction_thread(bench_site: DemoServer, tmp_path: Path) -> None:
    report = probe(bench_site, tmp_path, KOMMUNEVAGT_WORKERS="thread")
    assert (report["status"], report["stored"]) == ("finished", PAGES)
    assert len(report["extracted_on"]) == PAGES
    assert set(report["extracted_on"]) == {"kommunevagt-extract_0"}


def test_pages_in_flight_are_bounded(bench_site: DemoServer, tmp_path: Path) -> None:
    """With KOMMUNEVAGT_PAGES_IN_FLIGHT=3 the scraper holds at most 3 pages, plus the requests that
    were let through at once just before (one per concurrent request); all pages still arrive.
    Unbounded, all 24 would be held while the NLP model loads."""
    limit, concurrency = 3, 4
    report = probe(
        bench_site,
        tmp_path,
        KOMMUNEVAGT_WORKERS="thread",
        KOMMUNEVAGT_PAGES_IN_FLIGHT=str(limit),
        KOMMUNEVAGT_CONCURRENT_REQUESTS=str(concurrency),
        KOMMUNEVAGT_CONCURRENT_REQUESTS_PER_DOMAIN=str(concurrency),
    )
    assert (report["status"], report["stored"]) == ("finished", PAGES)
    assert 1 <= report["active_responses"] <= limit - 1 + concurrency


def test_worker_modules_do_not_load_scrapy() -> None:
    """A worker process imports the module of each function it runs: the NLP's (crawler.analysis)
    and the extraction's (crawler.extract) must not drag in Scrapy and Twisted (~50 MB each)."""
    code = (
        "import sys, crawler.analysis, crawler.extract; "
        "print(sorted(m for m in ('scrapy', 'twisted', 'trafilatura') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
