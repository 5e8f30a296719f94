"""The item that travels from a spider through the pipelines (a dataclass, as in Scrapy's template)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


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
    extraction: Any = None  # core.result.Extraction
    notes: list[str] = field(default_factory=list)  # repaired problems, e.g. a wrong charset
