"""How often the ingestion path looks a document up, and where.

A look-up is a SELECT on `document` by canonical URL or content hash. The store's transaction
asks once (it decides the outcome); the dedupe step asks once before the NLP, on its own
thread, so unchanged pages and copies cost no NLP. Nothing asks on the reactor's thread.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from sqlalchemy import event

from core.result import Extraction
from crawler.items import DocumentItem
from crawler.pipelines.canonicalise import CanonicalisePipeline
from crawler.pipelines.dedupe import DedupePipeline, content_hash
from crawler.pipelines.store import prepare_database, store_item
from crawler.sources import Source
from tests.crawler.test_pipelines import TEXT, FakeCrawler

_LOOKUP = re.compile(
    r"^\s*SELECT\b.*\bFROM document\b.*\bWHERE\b.*document\.(canonical_url|content_hash)\b", re.S
)


class Lookups:
    """The look-ups the store's engine runs, with the thread that ran each."""

    def __init__(self) -> None:
        self.threads: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        if _LOOKUP.match(statement):
            self.threads.append(threading.current_thread().name)

    def take(self) -> list[str]:
        taken, self.threads = self.threads, []
        return taken


@pytest.fixture
def lookups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Lookups]:
    from core.settings import get_settings
    from store import db

    url = f"sqlite:///{tmp_path / 'kv.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    prepare_database([Source(name="avis", kind="news")])
    counter = Lookups()
    event.listen(db.get_engine(), "before_cursor_execute", counter)
    yield counter
    event.remove(db.get_engine(), "before_cursor_execute", counter)


def item(url: str, text: str = TEXT) -> DocumentItem:
    it = DocumentItem(url=url, source="avis", kind="news", text=text, fetched_at=datetime.now(UTC))
    return CanonicalisePipeline().process_item(it)


def test_the_store_looks_each_document_up_once(lookups: Lookups) -> None:
    for url, text, outcome in [
        ("https://avis.dk/a.html", TEXT, "stored"),
        ("https://avis.dk/a.html", TEXT, "unchanged"),
        ("https://avis.dk/a.html", TEXT + " Rettet.", "updated"),
        ("https://avis.dk/b.html", TEXT + " Rettet.", "duplicate"),
    ]:
        it = item(url, text)
        it.content_hash, it.extraction = content_hash(it), Extraction()
        assert store_item(it, None)[0] == outcome
        assert len(lookups.take()) == 1, outcome


def test_a_crawled_document_is_looked_up_once_before_the_nlp_and_once_to_store(lookups: Lookups) -> None:
    crawler = FakeCrawler()
    dedupe = DedupePipeline(crawler)  # type: ignore[arg-type]

    async def crawl() -> None:
        new = await dedupe.process_item(item("https://avis.dk/a.html"))
        before_nlp = lookups.take()
        new.extraction = Extraction()
        assert store_item(new, None)[0] == "stored"
        assert before_nlp == ["kommunevagt-dedupe_0"]  # its own thread, not the reactor's
        assert len(lookups.take()) == 1
        with pytest.raises(DropItem):  # seen in this run: no look-up at all
            await dedupe.process_item(item("https://avis.dk/a.html?utm_source=x"))
        assert lookups.take() == []

    asyncio.run(crawl())
    dedupe.close_spider()
    again = DedupePipeline(crawler)  # type: ignore[arg-type]
    with pytest.raises(DropItem):  # stored by an earlier run: one look-up, and no NLP or store
        asyncio.run(again.process_item(item("https://avis.dk/a.html")))
    again.close_spider()
    assert len(lookups.take()) == 1
    assert [(s["outcome"], s["reason"]) for s in crawler.sent] == [
        ("unchanged", "already seen in this crawl"),
        ("unchanged", "same content as stored"),
    ]
