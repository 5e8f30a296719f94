"""Drop documents we already have, before the NLP spends time on them.

Identity is the canonical URL; sameness is the content hash (of the whitespace-normalised text,
or of the raw bytes for documents without text). The rule itself (unchanged, duplicate, updated,
new) is `store.crud.document_status`; here it is asked first of this run's memory (free) and then
of the store, so that unchanged pages and syndicated copies cost no NLP. The store asks it again
inside its transaction, where it decides, for the pages that are still in flight here.

The look-ups run on one thread of their own, never on the reactor thread (a slow database must
not stall the downloads), and in the order the items arrived, so this run's memory sees the
items exactly as a synchronous pipeline would.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from concurrent.futures import ThreadPoolExecutor

from scrapy.crawler import Crawler

from crawler.items import DocumentItem
from crawler.signals import drop

_SPACE = re.compile(r"\s+")


def content_hash(item: DocumentItem) -> str:
    if item.text.strip():
        normalised = _SPACE.sub(" ", item.text).strip()
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
    assert item.raw_hash, "validated items without text carry a raw hash"
    return item.raw_hash


def stored_status(canonical_url: str, digest: str) -> tuple[str, str | None]:
    """(outcome, reason) of the document by the store's rule, as the store holds it now."""
    from store import crud, db

    with db.session_scope(db.get_engine()) as session:
        status = crud.document_status(session=session, canonical_url=canonical_url, content_hash=digest)
        return status.outcome, status.reason


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.urls: dict[str, str] = {}  # canonical URL -> content hash, this run
        self.hashes: dict[str, str] = {}  # content hash -> canonical URL, this run
        self.lookups: ThreadPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    async def process_item(self, item: DocumentItem) -> DocumentItem:
        assert item.canonical_url
        item.content_hash = content_hash(item)
        if self.lookups is None:
            self.lookups = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kommunevagt-dedupe")
        loop = asyncio.get_running_loop()
        outcome, reason = await loop.run_in_executor(
            self.lookups, self.check, item.canonical_url, item.content_hash
        )
        if outcome:
            drop(self.crawler, item, outcome, reason, log_level="DEBUG")
        return item

    def check(self, url: str, digest: str) -> tuple[str | None, str | None]:
        """(outcome, reason) for a document to drop, or (None, None) to analyse and store it,
        which this run then remembers. Runs on the look-up thread, one item at a time."""
        if self.urls.get(url) == digest:
            return "unchanged", "already seen in this crawl"
        if self.hashes.get(digest, url) != url:
            return "duplicate", f"same content as {self.hashes[digest]}"
        outcome, reason = stored_status(url, digest)
        if outcome in ("unchanged", "duplicate"):
            return outcome, reason
        self.urls[url] = digest
        self.hashes[digest] = url
        return None, None

    def close_spider(self) -> None:
        if self.lookups is not None:
            self.lookups.shutdown(wait=True)
            self.lookups = None
