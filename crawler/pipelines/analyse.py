"""Run the NLP over documents in batches, off the reactor thread.

spaCy is much faster on batches (`nlp.pipe`) than one text at a time, so items wait here until
`KOMMUNEVAGT_NLP_BATCH_SIZE` have arrived or the oldest has waited `KOMMUNEVAGT_NLP_BATCH_WAIT`
seconds. The batch runs on the process's NLP thread while Scrapy keeps downloading and
extracting; each item continues to the store as soon as its batch is done.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from datetime import datetime

from scrapy.crawler import Crawler

from core.politicians import RegistryEntry
from core.result import Extraction
from crawler.items import DocumentItem
from crawler.signals import drop, one_line
from crawler.workers import run_in

log = logging.getLogger(__name__)


def analyse_texts(
    texts: list[str],
    batch_size: int,
    n_process: int = 1,
    published: list[datetime | None] | None = None,
    registry: Sequence[RegistryEntry] | None = None,
) -> list[Extraction]:
    """One Extraction per text, in order (runs on the NLP thread). `published`: each text's
    publication time, which dates the figures' periods ("sidste år") and the registry's seats.
    `registry`: the politician registry to resolve persons against (kommune, registry id, a
    party the text does not give); the pipeline does not pass it yet (None: the text alone)."""
    from nlp.pipeline import extract_many

    days = None if published is None else [moment.date() if moment else None for moment in published]
    return list(
        extract_many(texts, batch_size=batch_size, n_process=n_process, published=days, registry=registry)
    )


REGISTRY_MAX_AGE = 60.0  # seconds: minutes stored meanwhile add seats; re-read it this often


def stored_registry() -> list[RegistryEntry] | None:
    """The politician registry as stored now (imports and the member lists of stored minutes), or
    None when the database has none to give (not migrated yet, unreachable): the NLP then works
    from the text alone, as it always can."""
    from store import db
    from store.politicians import load_registry

    try:
        with db.session_scope(db.get_engine()) as session:
            return load_registry(session) or None
    except Exception as exc:  # the registry is knowledge, never a reason to stop analysing
        log.warning("politician registry not read: %s", one_line(exc))
        return None


def _load_model() -> None:
    from nlp.pipeline import get_nlp

    get_nlp()


class AnalysePipeline:
    def __init__(self, crawler: Crawler, batch_size: int, wait: float) -> None:
        self.crawler = crawler
        self.batch_size = max(1, batch_size)
        self.wait = wait
        self.pending: list[tuple[DocumentItem, asyncio.Future[None]]] = []
        self.timer: asyncio.TimerHandle | None = None
        self.running: set[asyncio.Task[None]] = set()
        self.registry: list[RegistryEntry] | None = None
        self.registry_read_at = float("-inf")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AnalysePipeline:
        return cls(
            crawler,
            crawler.settings.getint("KOMMUNEVAGT_NLP_BATCH_SIZE", 32),
            crawler.settings.getfloat("KOMMUNEVAGT_NLP_BATCH_WAIT", 0.5),
        )

    def open_spider(self) -> None:
        """Start loading the NLP model now, while the first pages download."""
        from crawler.workers import executor

        executor("nlp").submit(_load_model)

    async def process_item(self, item: DocumentItem) -> DocumentItem:
        if not item.text.strip():
            item.extraction = Extraction()
            return item
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self.pending.append((item, done))
        if len(self.pending) >= self.batch_size:
            self.flush()
        elif self.timer is None:
            self.timer = loop.call_later(self.wait, self.flush)
        try:
            await done
        except Exception as exc:
            reason = f"NLP failed: {one_line(exc)}"
            drop(self.crawler, item, "failed", reason, cause="local", log_level=None, message=reason)
        return item

    def flush(self) -> None:
        """Start analysing everything pending."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        batch, self.pending = self.pending, []
        if batch:
            task = asyncio.ensure_future(self._analyse(batch))
            self.running.add(task)
            task.add_done_callback(self.running.discard)

    async def _analyse(self, batch: list[tuple[DocumentItem, asyncio.Future[None]]]) -> None:
        try:
            texts = [item.text for item, _ in batch]
            published = [item.published_at for item, _ in batch]
            registry = await self._registry()
            results = await run_in("nlp", analyse_texts, texts, self.batch_size, 1, published, registry)
        except Exception as exc:  # reported per item by process_item
            log.exception("NLP failed on a batch of %d documents", len(batch))
            for _, done in batch:
                done.set_exception(exc)
            return
        for (item, done), extraction in zip(batch, results, strict=True):
            item.extraction = extraction
            done.set_result(None)

    async def _registry(self) -> list[RegistryEntry] | None:
        """The stored registry, read on the store's worker at most every REGISTRY_MAX_AGE seconds."""
        now = time.monotonic()
        if now - self.registry_read_at >= REGISTRY_MAX_AGE:
            self.registry = await run_in("store", stored_registry)
            self.registry_read_at = now
        return self.registry

    async def close_spider(self) -> None:
        self.flush()
        if self.running:
            await asyncio.gather(*self.running, return_exceptions=True)
