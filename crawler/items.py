"""The item that travels from a spider through the pipelines (a dataclass, as in Scrapy's template)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from core.result import Extraction

if TYPE_CHECKING:
    from store.models import Document


@dataclass
class DocumentItem:
    """One fetched document: what the spider extracted, then what the pipelines add.

    `status` is "ok" or "no_text" (e.g. a scanned PDF: stored so it is never silently lost);
    `raw_hash` identifies the bytes, used as content hash when there is no text to hash.
    """

    url: str
    source: str
    kind: str  # news | debate | minutes
    text: str
    fetched_at: datetime
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    status: str = "ok"
    status_reason: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    raw_hash: str | None = None
    fingerprint: str | None = None  # Scrapy request fingerprint (hex), marks the page finished
    # filled in by the pipelines
    canonical_url: str | None = None
    content_hash: str | None = None
    extraction: Extraction | None = None  # the NLP's result (analyse)
    notes: list[str] = field(default_factory=list)  # repaired problems, e.g. a wrong charset

    def problems(self, store_note: str | None = None) -> list[str]:
        """The notes reported with a stored document: the crawler's repairs, the store's note on
        what it changed to store the text (e.g. NUL characters removed), and why a document
        without text has none."""
        return [
            *self.notes,
            *([store_note] if store_note else []),
            *([self.status_reason] if self.status != "ok" and self.status_reason else []),
        ]


def to_document(item: DocumentItem, source_id: int | None) -> Document:
    """The store row of a canonicalised, hashed item: the one place a crawled (or ingested)
    document becomes a `store.models.Document`, so a new item field reaches the store once."""
    from store.models import Document

    assert item.canonical_url and item.content_hash, "canonicalise and dedupe run before the store"
    return Document(
        url=item.url,
        canonical_url=item.canonical_url,
        title=item.title,
        author=item.author,
        published_at=item.published_at,
        fetched_at=item.fetched_at,
        kind=item.kind,
        text=item.text,
        content_hash=item.content_hash,
        source_id=source_id,
        status=item.status,
        status_reason=item.status_reason,
        etag=item.etag,
        last_modified=item.last_modified,
    )
