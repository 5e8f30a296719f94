"""A real crawl of the generated bench site, watched from inside the crawling process.

Run as `python -m tests.crawler.crawl_probe URL WORKDIR` (a subprocess: one Twisted reactor per
process) with the database and settings in the environment; prints one JSON line: what the
crawl stored, where extraction ran, and the most the scraper held in flight. `Probe` is a
Scrapy extension added next to the crawl's own (`RunAccounting`).
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

import crawler.extract

# Where extract_html ran in this process: thread names (empty when a worker process ran it).
EXTRACTED_ON: list[str] = []
PEAK = {"active_bytes": 0, "active_responses": 0}


def _spy_on_extraction() -> None:
    original = crawler.extract.extract_html

    def spy(html: str, url: str | None = None) -> crawler.extract.Extracted:
        EXTRACTED_ON.append(threading.current_thread().name)
        return original(html, url)

    crawler.extract.extract_html = spy  # type: ignore[assignment]


class Probe:
    """Notes, at every response and item, how many pages the scraper holds (downloaded and not
    yet through the pipelines) and their bytes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        for signal in (signals.response_received, signals.item_scraped, signals.item_dropped):
            crawler.signals.connect(self.sample, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Probe:
        return cls(crawler)

    def sample(self, **_: Any) -> None:
        assert self.crawler.engine is not None
        slot = self.crawler.engine.scraper.slot
        if slot is not None:
            PEAK["active_bytes"] = max(PEAK["active_bytes"], slot.active_size)
            PEAK["active_responses"] = max(PEAK["active_responses"], len(slot.active) + len(slot.queue))


def main(url: str, workdir: Path) -> None:
    from crawler import workers
    from crawler.runner import run_crawl

    _spy_on_extraction()
    sources = workdir / "sources.toml"
    sources.write_text('[[source]]\nname = "bench"\nkind = "news"\nsitemaps = ["{demo}/bench/sitemap.xml"]\n')
    result = run_crawl(
        ["bench"],
        sources_file=sources,
        demo_url=url,
        overrides={
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "EXTENSIONS": {"crawler.accounting.RunAccounting": 100, f"{__name__}.Probe": 200},
        },
    )
    report = {
        "status": result.status,
        "stored": result.counts["bench"].get("stored", 0),
        "extracted_on": EXTRACTED_ON,
        "trafilatura_in_crawl_process": "trafilatura" in sys.modules,
        "worker_processes": sorted(workers.peak_memory_kb),
        "peak_kb": {"crawl": workers.vm_hwm_kb(), **workers.peak_memory_kb},
        **PEAK,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
