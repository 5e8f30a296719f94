"""`kommunevagt bench crawl`: documents per second end-to-end vs. each stage alone, same pages.

A generated site (bench/crawl_site.py; KOMMUNEVAGT_BENCH_PAGES pages, default 2,000, 50-150 KB
each) is served on 127.0.0.1. Measured in one run:
  fetch-only   Scrapy downloads every page, same concurrency, no extraction, no pipelines
  extraction   trafilatura over the same page bytes, one process
  NLP          nlp.pipeline.extract_many over the extracted texts (model loaded beforehand)
  end-to-end   `kommunevagt crawl` of the site into a fresh SQLite file: fetch, extract, batched
               NLP, store (the NLP model load is inside this figure)
  store        also printed: writing documents with their analysis (sampled), which bounds the
               end-to-end figure when it is the slowest step
Target: end-to-end >= 0.5 x the slowest single stage. Crawls run in subprocesses (one Twisted
reactor per process); peak memory is each process's VmHWM (crawl, NLP worker, store worker).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.crawl_site import page, route
from crawler.workers import vm_hwm_kb

PAGES = int(os.environ.get("KOMMUNEVAGT_BENCH_PAGES", "2000"))
STORE_SAMPLE = 200
BENCH_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "WARNING",
    "ROBOTSTXT_OBEY": True,
}


def run() -> None:
    """Print the four throughputs, the ratio to the target and peak memory."""

    total = PAGES
    workdir = Path(tempfile.mkdtemp(prefix="kommunevagt-bench-"))
    started = time.perf_counter()
    bodies = [page(i, total) for i in range(total)]  # generated once, served from memory
    size = sum(len(b) for b in bodies)
    print(
        f"site: {total} pages, {size / total / 1024:.0f} KB on average "
        f"({time.perf_counter() - started:.0f} s to generate)"
    )
    try:
        _measure(total, workdir, bodies)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _measure(total: int, workdir: Path, bodies: list[bytes]) -> None:
    from demo.server import DemoServer

    with DemoServer(routes={"/bench/": route(total)}) as server:
        fetch = _child("fetch", server.url, workdir)
        print(
            f"fetch-only   {fetch['docs'] / fetch['seconds']:7.1f} docs/s  ({fetch['docs']} pages)",
            flush=True,
        )
        extraction_rate, texts = _extraction(bodies)
        print(f"extraction   {extraction_rate:7.1f} docs/s", flush=True)
        nlp_rate, extractions = _nlp(texts)
        print(f"NLP          {nlp_rate:7.1f} docs/s", flush=True)
        store_rate = _store(texts[:STORE_SAMPLE], extractions[:STORE_SAMPLE], workdir)
        print(
            f"store        {store_rate:7.1f} docs/s  (first {min(STORE_SAMPLE, total)} documents, "
            "one transaction each)",
            flush=True,
        )
        e2e = _child("e2e", server.url, workdir)
    e2e_rate = e2e["docs"] / e2e["seconds"]
    slowest = min(fetch["docs"] / fetch["seconds"], extraction_rate, nlp_rate)
    print(f"end-to-end   {e2e_rate:7.1f} docs/s  ({e2e['docs']} documents stored)")
    verdict = "meets" if e2e_rate >= 0.5 * slowest else "misses"
    print(f"end-to-end / slowest stage = {e2e_rate / slowest:.2f} ({verdict} the target >= 0.50)")
    own = vm_hwm_kb() / 1024
    e2e_peaks = ", ".join(f"{name} {kb / 1024:.0f} MB" for name, kb in e2e["peak_kb"].items())
    fetch_mb = fetch["peak_kb"]["crawl"] / 1024
    print(f"peak memory (VmHWM): end-to-end {e2e_peaks}; fetch-only crawl {fetch_mb:.0f} MB;")
    print(f"  this process (server with the site in memory, extraction, NLP, store) {own:.0f} MB")


def _extraction(bodies: list[bytes]) -> tuple[float, list[str]]:
    from crawler.charset import decode_html
    from crawler.extract import extract_html

    started = time.perf_counter()
    texts = [extract_html(decode_html(b, "text/html; charset=utf-8").text).text for b in bodies]
    return len(bodies) / (time.perf_counter() - started), texts


def _nlp(texts: list[str]) -> tuple[float, list[Any]]:
    from nlp.pipeline import extract_many, get_nlp

    get_nlp()
    started = time.perf_counter()
    extractions = list(extract_many(texts, batch_size=32))
    return len(extractions) / (time.perf_counter() - started), extractions


def _store(texts: list[str], extractions: list[Any], workdir: Path) -> float:
    """Store-only: documents with their analysis into a fresh SQLite file (not one of the three
    stages of the target, printed because it bounds the end-to-end figure)."""
    from datetime import UTC, datetime

    from core.settings import get_settings
    from crawler.items import DocumentItem
    from crawler.pipelines.dedupe import content_hash
    from crawler.pipelines.store import prepare_database, store_item
    from crawler.sources import Source

    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'store-only.sqlite'}"
    get_settings.cache_clear()
    source_id = prepare_database([Source(name="bench", kind="news")])["bench"]
    items = []
    for number, (text, extraction) in enumerate(zip(texts, extractions, strict=True)):
        url = f"http://bench.invalid/{number}"
        item = DocumentItem(
            url=url,
            source="bench",
            kind="news",
            text=text,
            fetched_at=datetime.now(UTC),
            canonical_url=url,
            extraction=extraction,
        )
        item.content_hash = content_hash(item)
        items.append(item)
    started = time.perf_counter()
    for item in items:
        store_item(item, source_id)
    return len(items) / (time.perf_counter() - started)


def _child(stage: str, url: str, workdir: Path) -> dict[str, Any]:
    env = dict(
        os.environ,
        KOMMUNEVAGT_DATA_DIR=str(workdir / stage),
        DATABASE_URL=f"sqlite:///{workdir / stage}.sqlite",
    )
    out = subprocess.run(
        [sys.executable, "-m", "bench.crawl", stage, url, str(workdir)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench {stage} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _fetch_only(url: str) -> tuple[int, float]:
    """Download every page of the site with the crawler's settings; nothing else."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from crawler.spiders.sitemap import parse_sitemap

    class FetchOnly(scrapy.Spider):
        name = "bench_fetch"
        pages = 0

        async def start(self):  # type: ignore[no-untyped-def]
            yield scrapy.Request(f"{url}/bench/sitemap.xml", callback=self.parse)

        def parse(self, response, **kwargs):  # type: ignore[no-untyped-def]
            for entry in parse_sitemap(response.body):
                loc = next(child.text for child in entry if str(child.tag).endswith("loc"))
                yield scrapy.Request(response.urljoin(loc), callback=self.count)

        def count(self, response):  # type: ignore[no-untyped-def]
            FetchOnly.pages += 1

    settings = get_project_settings()
    settings.setdict({**BENCH_SETTINGS, "ITEM_PIPELINES": {}, "EXTENSIONS": {}}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(FetchOnly)
    process.crawl(crawler)
    process.start()
    assert crawler.stats is not None
    seconds = (crawler.stats.get_value("finish_time") - crawler.stats.get_value("start_time")).total_seconds()
    return FetchOnly.pages, seconds


def _end_to_end(url: str, workdir: Path) -> tuple[int, float]:
    from crawler.runner import run_crawl

    sources = workdir / "bench_sources.toml"
    sources.write_text('[[source]]\nname = "bench"\nkind = "news"\nsitemaps = ["{demo}/bench/sitemap.xml"]\n')
    result = run_crawl(["bench"], sources_file=sources, demo_url=url, overrides=BENCH_SETTINGS)
    return int(result.counts["bench"]["stored"]), result.seconds


def main(argv: list[str]) -> None:
    stage, url, workdir = argv[0], argv[1], Path(argv[2])
    # Seconds from the spider opening to its closing: process start-up and, end-to-end, the
    # database migration are outside; the NLP model load is inside (it overlaps the first fetches).
    docs, seconds = _fetch_only(url) if stage == "fetch" else _end_to_end(url, workdir)
    from crawler.workers import peak_memory_kb, vm_hwm_kb

    peaks = {"crawl": vm_hwm_kb(), **peak_memory_kb}
    print(json.dumps({"docs": docs, "seconds": seconds, "peak_kb": peaks}))


if __name__ == "__main__":
    main(sys.argv[1:])
