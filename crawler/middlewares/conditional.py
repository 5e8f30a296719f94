"""Incremental crawling: don't fetch what is stored and unchanged.

For a document request whose canonical URL is already stored, either skip it outright when the
sitemap/feed `lastmod` is not newer than what we stored, or make the request conditional
(If-None-Match with the stored ETag, If-Modified-Since with the stored Last-Modified). A 304
answer and a lastmod skip both end as `NotModified`, which the spiders count as "unchanged".
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from crawler.urls import canonicalise


class NotModified(IgnoreRequest):
    """The stored copy is current; not an error."""


class ConditionalRequestMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("document") or request.meta.get("conditional_checked"):
            return
        request.meta["conditional_checked"] = True
        stored = _stored_validators(canonicalise(request.url))
        if stored is None:
            return
        etag, last_modified = stored
        lastmod = parse_when(request.meta.get("lastmod"))
        stored_when = parse_when(last_modified)
        if lastmod and stored_when and lastmod <= stored_when:
            raise NotModified(f"unchanged since {last_modified} (lastmod)")
        if etag:
            request.headers.setdefault(b"If-None-Match", etag.encode("latin-1"))
        if stored_when:
            request.headers.setdefault(
                b"If-Modified-Since", format_datetime(stored_when, usegmt=True).encode()
            )

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and request.meta.get("document"):
            raise NotModified("unchanged (HTTP 304 Not Modified)")
        return response


def _stored_validators(canonical_url: str) -> tuple[str | None, str | None] | None:
    """ETag and Last-Modified of the stored document, or None when it is not stored."""
    from store import crud, db

    with db.session_scope(db.get_engine()) as session:
        doc = crud.get_document_by_canonical_url(session=session, canonical_url=canonical_url)
        if doc is None:
            return None
        return doc.etag, doc.last_modified


def parse_when(value: Any) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 (sitemap/feed) or HTTP date; None if unparseable."""
    if not value:
        return None
    if isinstance(value, datetime):
        when = value
    else:
        text = str(value).strip()
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                when = parsedate_to_datetime(text)
            except (TypeError, ValueError):
                return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)
