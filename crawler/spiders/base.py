"""What every Kommunevagt spider shares: its sources, document requests, document parsing, errors.

A spider is started with `-a sources=name,name` (default: every source it can serve) and
`-a sources_file=PATH` (default: setting KOMMUNEVAGT_SOURCES_FILE, else crawler/sources.toml).
Document requests carry `meta["document"]`, which the incremental middleware, the resumable
dupefilter and the accounting key on; navigation requests (feeds, sitemaps, listings) do not.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler.charset import decode_html
from crawler.extract import Extracted, ExtractionError, extract_html, extract_pdf
from crawler.items import DocumentItem
from crawler.middlewares.conditional import NotModified, parse_when
from crawler.signals import send_outcome
from crawler.sources import Source, SourceConfigError, load_sources, select


class SourceSpider(scrapy.Spider):
    name = "base"
    sources: list[Source]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(
            names=[n for n in str(kwargs.get("sources", "")).split(",") if n],
            sources_file=kwargs.get("sources_file")
            or crawler.settings.get("KOMMUNEVAGT_SOURCES_FILE")
            or None,
            demo_url=kwargs.get("demo_url") or crawler.settings.get("KOMMUNEVAGT_DEMO_URL") or None,
        )
        return spider

    def configure(self, *, names: list[str], sources_file: str | None, demo_url: str | None) -> None:
        """Pick the sources this spider serves (all named ones must be servable by it)."""
        chosen = select(load_sources(sources_file, demo_url=demo_url), names)
        if names:
            wrong = [s.name for s in chosen if self.name not in s.spiders()]
            if wrong:
                raise SourceConfigError(f"spider {self.name} cannot crawl {', '.join(wrong)}")
        self.sources = [s for s in chosen if self.name in s.spiders()]
        self.by_name = {s.name: s for s in self.sources}
        self.allowed_domains = sorted({d for s in self.sources for d in s.domains()})

    # --- requests ------------------------------------------------------------------------------

    def navigation_request(self, url: str, source: Source, callback: Any, **meta: Any) -> Request:
        """A feed, sitemap or listing page: always fetched again, never a document itself."""
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            dont_filter=True,
            meta={"source": source.name, **meta},
        )

    def document_request(self, url: str, source: Source, **meta: Any) -> Request:
        """A page or PDF that becomes one Document."""
        return Request(
            url,
            callback=self.parse_document,
            errback=self.on_error,
            meta={"source": source.name, "document": True, **meta},
        )

    def in_scope(self, url: str, source: Source) -> bool:
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in source.domains())

    # --- documents -----------------------------------------------------------------------------

    def parse_document(self, response: Response) -> Any:
        source = self.by_name[response.meta["source"]]
        fingerprint = self.fingerprint(response.request) if response.request is not None else None
        content_type = header(response, b"Content-Type").lower()
        notes: list[str] = []
        try:
            if (
                "pdf" in content_type
                or response.body[:5] == b"%PDF-"
                or response.url.lower().endswith(".pdf")
            ):
                extracted = extract_pdf(response.body)
            elif not content_type or "html" in content_type or "xml" in content_type:
                decoded = decode_html(response.body, content_type or None)
                if decoded.note:
                    notes.append(decoded.note)
                extracted = extract_html(decoded.text, response.url)
            else:
                raise ExtractionError(f"unsupported content type {content_type!r}")
        except ExtractionError as exc:
            send_outcome(
                self.crawler,
                source=source.name,
                url=response.url,
                outcome="failed",
                reason=str(exc),
                fingerprint=fingerprint,
            )
            return
        yield self.build_item(response, source, extracted, fingerprint, notes)

    def build_item(
        self,
        response: Response,
        source: Source,
        extracted: Extracted,
        fingerprint: str | None,
        notes: list[str],
    ) -> DocumentItem:
        headers = response.headers
        etag = headers.get(b"ETag")
        lastmod = response.meta.get("lastmod")
        http_last_modified = headers.get(b"Last-Modified")
        published = extracted.published_at or _naive_utc(parse_when(response.meta.get("published")))
        return DocumentItem(
            url=response.url,
            source=source.name,
            # A news feed also carries debate posts; the page says which it is.
            kind="debate" if source.kind == "news" and extracted.debate else source.kind,
            text=extracted.text,
            fetched_at=datetime.now(UTC),
            title=extracted.title or response.meta.get("title"),
            author=extracted.author,
            published_at=published,
            status=extracted.status,
            status_reason=extracted.status_reason,
            etag=etag.decode("latin-1") if etag else None,
            last_modified=str(lastmod)
            if lastmod
            else (http_last_modified.decode("latin-1") if http_last_modified else None),
            raw_hash=hashlib.sha256(response.body).hexdigest(),
            fingerprint=fingerprint,
            notes=notes,
        )

    def fingerprint(self, request: Request) -> str | None:
        """The fingerprint the dupefilter saw: of the first request, before any redirect."""
        if not request.meta.get("document") or self.crawler.request_fingerprinter is None:
            return None
        first = request.meta.get("redirect_urls", [request.url])[0]
        return self.crawler.request_fingerprinter.fingerprint(request.replace(url=first)).hex()

    # --- errors --------------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        if request is None or "source" not in request.meta:
            self.logger.error("request failed: %r", failure.value)
            return
        outcome, reason = (
            ("unchanged", str(failure.value))
            if failure.check(NotModified)
            else ("failed", describe_failure(failure))
        )
        send_outcome(
            self.crawler,
            source=request.meta["source"],
            url=request.meta.get("redirect_urls", [request.url])[0],
            outcome=outcome,
            reason=reason,
            fingerprint=self.fingerprint(request),
        )


def describe_failure(failure: Failure) -> str:
    """One line saying why a request produced no document."""
    if failure.check(HttpError):
        response = failure.value.response  # type: ignore[union-attr]
        return f"HTTP {response.status}"
    if failure.check(DNSLookupError):
        return "DNS lookup failed"
    if failure.check(TimeoutError, TCPTimedOutError):
        return "timed out"
    value = failure.value
    name = type(value).__name__
    message = str(value).strip()
    if name == "CancelledError" or "maxsize" in message.lower() or "max size" in message.lower():
        return "download cancelled: larger than DOWNLOAD_MAXSIZE" + (f" ({message})" if message else "")
    return f"{name}: {message}" if message else name


def header(response: Response, name: bytes) -> str:
    """A response header as text ("" when absent)."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else ""


def _naive_utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=None) if value else None
