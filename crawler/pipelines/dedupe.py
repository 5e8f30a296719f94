"""Drop documents we already have, before the NLP spends time on them.

Identity is the canonical URL; sameness is the content hash (of the whitespace-normalised text,
or of the raw bytes for documents without text). A known URL with the same hash is "unchanged";
the same hash under another URL is a "duplicate" (syndicated or print versions); a known URL with
a new hash goes on and is re-analysed. The store checks again inside its transaction, for the
pages that are still in flight here.
"""

from __future__ import annotations

import hashlib
import re

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import DocumentItem
from crawler.signals import send_outcome

_SPACE = re.compile(r"\s+")


def content_hash(item: DocumentItem) -> str:
    if item.text.strip():
        normalised = _SPACE.sub(" ", item.text).strip()
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
    assert item.raw_hash, "validated items without text carry a raw hash"
    return item.raw_hash


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.urls: dict[str, str] = {}  # canonical URL -> content hash, this run
        self.hashes: dict[str, str] = {}  # content hash -> canonical URL, this run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: DocumentItem) -> DocumentItem:
        assert item.canonical_url
        item.content_hash = content_hash(item)
        outcome, reason = self.check(item.canonical_url, item.content_hash)
        if outcome:
            send_outcome(
                self.crawler,
                source=item.source,
                url=item.url,
                outcome=outcome,
                reason=reason,
                fingerprint=item.fingerprint,
            )
            raise DropItem(f"{outcome}: {item.url} ({reason})", log_level="DEBUG")
        self.urls[item.canonical_url] = item.content_hash
        self.hashes[item.content_hash] = item.canonical_url
        return item

    def check(self, url: str, digest: str) -> tuple[str | None, str | None]:
        if self.urls.get(url) == digest:
            return "unchanged", "already seen in this crawl"
        if self.hashes.get(digest, url) != url:
            return "duplicate", f"same content as {self.hashes[digest]}"
        from store import crud, db

        with db.session_scope(db.get_engine()) as session:
            known = crud.get_document_by_canonical_url(session=session, canonical_url=url)
            if known is not None and known.content_hash == digest:
                return "unchanged", "same content as stored"
            twin = crud.get_document_by_content_hash(session=session, content_hash=digest)
            if twin is not None and twin.canonical_url != url:
                return "duplicate", f"same content as {twin.canonical_url}"
        return None, None
