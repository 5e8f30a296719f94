"""What every Kommunevagt spider shares: its sources, document requests, document parsing, errors.

A spider is started with `-a sources=name,name` (default: every source it can serve) and
`-a sources_file=PATH` (default: setting KOMMUNEVAGT_SOURCES_FILE, else crawler/sources.toml).
Document requests carry `meta["document"]`, which the incremental middleware, the resumable
dupefilter and the accounting key on; navigation requests (feeds, sitemaps, listings) do not.
Navigation is fetched again on every run (never remembered in the JOBDIR) but at most once per
run, and at most KOMMUNEVAGT_MAX_NAVIGATION_PAGES times per source and run, so a sitemap index
that lists itself, or one that fans out without end, costs a bounded number of requests; every
URL not requested for such a reason is reported as "skipped" with the reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from crawler.dupefilter import SEEN_THIS_RUN
from crawler.extract import Extracted, ExtractionError, extract_body
from crawler.items import DocumentItem
from crawler.middlewares.conditional import NotModified, parse_when
from crawler.signals import one_line, send_outcome
from crawler.sources import Source, SourceConfigError, load_sources, select
from crawler.workers import run_in

OFFSITE = "outside the source's domains"
# HTTP answers that say "not now" rather than "never" (besides every 5xx).
TEMPORARY_HTTP = frozenset({408, 425, 429})


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
        self.navigated: dict[str, set[str]] = {s.name: set() for s in self.sources}

    # --- requests ------------------------------------------------------------------------------

    def navigation_request(self, url: str, source: Source, callback: Any, **meta: Any) -> Request | None:
        """A feed, sitemap or listing page (never a document itself), or None when it is skipped:
        already requested in this run, or over the source's fan-out cap."""
        seen = self.navigated.setdefault(source.name, set())
        key = canonicalize_url(url)
        if key in seen:
            self.skip(source, url, SEEN_THIS_RUN)
            return None
        cap = self.settings.getint("KOMMUNEVAGT_MAX_NAVIGATION_PAGES", 2000)
        if len(seen) >= cap:
            self.skip(source, url, f"fan-out cap: more than {cap} feed, sitemap or listing pages")
            return None
        seen.add(key)
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

    def skip(self, source: Source, url: str, reason: str) -> None:
        """Report a URL this spider decided not to request."""
        send_outcome(self.crawler, source=source.name, url=url, outcome="skipped", reason=reason)

    def in_scope(self, url: str, source: Source) -> bool:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # e.g. an unclosed IPv6 bracket
            return False
        return any(host == d or host.endswith("." + d) for d in source.domains())

    def admit(self, response: Response, href: str | None, source: Source) -> str | None:
        """The absolute URL of a link found in `response` when this source may fetch it; else None,
        and the reason reported (a malformed URL, not http(s), outside the source's domains)."""
        href = (href or "").strip()
        if not href:
            return None
        try:
            url = response.urljoin(href)
            scheme = urlsplit(url).scheme
        except ValueError as exc:
            self.skip(source, href, f"malformed URL ({exc})")
            return None
        if scheme not in ("http", "https"):
            self.skip(source, url, "not an http(s) URL")
            return None
        if not self.in_scope(url, source):
            self.skip(source, url, OFFSITE)
            return None
        return url

    # --- documents -----------------------------------------------------------------------------

    async def parse_document(self, response: Response) -> AsyncIterator[DocumentItem]:
        """The response's document, extracted on the extraction worker (crawler.workers) so the
        reactor thread keeps downloading meanwhile; a body without a document is reported failed."""
        source = self.by_name[response.meta["source"]]
        fingerprint = self.fingerprint(response.request) if response.request is not None else None
        try:
            extracted, notes = await run_in(
                "extract", extract_body, response.body, header(response, b"Content-Type"), response.url
            )
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
        url = request.meta.get("redirect_urls", [request.url])[0]
        fingerprint = self.fingerprint(request)
        source = request.meta["source"]
        if failure.check(NotModified):
            send_outcome(
                self.crawler,
                source=source,
                url=url,
                outcome="unchanged",
                reason=str(failure.value),
                fingerprint=fingerprint,
            )
            return
        maxsize = request.meta.get("download_maxsize") or self.settings.getint("DOWNLOAD_MAXSIZE")
        reason, cause = describe_failure(failure, maxsize)
        send_outcome(
            self.crawler,
            source=source,
            url=url,
            outcome="failed",
            reason=reason,
            fingerprint=fingerprint,
            cause=cause,
        )


def describe_failure(failure: Failure, maxsize: int = 0) -> tuple[str, str]:
    """One line saying why a request produced no document, and its cause (`signals.CAUSES`):
    "page" when asking again cannot help, "temporary" when the site may answer next time."""
    if failure.check(HttpError):
        status = failure.value.response.status  # type: ignore[union-attr]
        return f"HTTP {status}", "temporary" if status in TEMPORARY_HTTP or status >= 500 else "page"
    if failure.check(DNSLookupError, CannotResolveHostError):
        return "DNS lookup failed", "temporary"
    if failure.check(TimeoutError, TCPTimedOutError, DownloadTimeoutError):
        return "timed out", "temporary"
    if failure.check(DownloadCancelledError, CancelledError):
        # Scrapy cancels a download at DOWNLOAD_MAXSIZE, with or without a Content-Length.
        limit = f"{maxsize / 1024 / 1024:g} MB" if maxsize else "the size limit"
        return f"page larger than {limit} (DOWNLOAD_MAXSIZE)", "page"
    value = failure.value or Exception("unknown error")
    reason = one_line(value)
    if failure.check(IgnoreRequest):  # robots.txt, offsite, a redirect loop: decided about the page
        return reason, "page"
    if type(value).__module__.split(".")[0] in NETWORK_MODULES:
        return reason, "temporary"  # connection refused or lost, TLS: may pass
    return reason, "local"  # raised by our own middlewares (e.g. a database error): our side


# Where the exceptions of a failed download come from (builtins: ConnectionResetError and kin).
NETWORK_MODULES = frozenset({"twisted", "scrapy", "OpenSSL", "h2", "builtins", "ssl", "socket"})


def header(response: Response, name: bytes) -> str:
    """A response header as text ("" when absent)."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else ""


def _naive_utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=None) if value else None
