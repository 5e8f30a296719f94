"""The one demo crawl: serve the bundled site on 127.0.0.1 and crawl its sources.

`kommunevagt crawl --demo` and `kommunevagt demo` both call `crawl_demo`, so the demo the README
promises is the crawl the tests run; `kommunevagt demo` only adds the UI afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from demo import DEMO_SOURCES
from demo.server import DemoServer

if TYPE_CHECKING:
    from crawler.runner import CrawlResult


def crawl_demo(
    names: list[str],
    *,
    sources_file: Path | None = None,
    overrides: dict[str, Any] | None = None,
    progress: Callable[[dict[str, dict[str, Any]]], None] | None = None,
    on_serving: Callable[[str], None] | None = None,
) -> CrawlResult:
    """Crawl the demo sources (or `names` of them) while the demo server runs; `on_serving` hears its URL.

    The local settings (no download delay, no autothrottle) win over `overrides`: the server is
    ours and on this machine."""
    from crawler.runner import LOCAL_SETTINGS, run_crawl

    with DemoServer() as server:
        if on_serving is not None:
            on_serving(server.url)
        return run_crawl(
            names,
            sources_file=sources_file or DEMO_SOURCES,
            demo_url=server.url,
            overrides={**(overrides or {}), **LOCAL_SETTINGS},
            progress=progress,
        )
