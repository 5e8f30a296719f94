"""The minutes spider's walk through a JSON agenda API: home (cookie) -> listing -> meeting -> items.

Each agenda item becomes one document at its deep link, titled with committee, meeting date and
item title; its text keeps the decision's vote lines. An item without text is fetched as its PDF
(a scan without text layer is stored with status "no_text"); a closed item is not a document.
Every response that is not the expected JSON (302 to a login page, 404 where the API used to be,
an HTML page, a JSON body without the system's fields) fails with one line naming the URL and the
reason, and the rest of the crawl goes on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy.http import Request, Response, TextResponse

from crawler.agenda.base import AgendaItem, ApiAgendaAdapter, Meeting, SchemaError
from crawler.extract import ExtractionError, extract_pdf
from crawler.items import DocumentItem
from crawler.signals import send_outcome
from crawler.sources import Source
from crawler.spiders.base import SourceSpider, header
from crawler.workers import run_in

REDIRECTS = [301, 302, 303, 307, 308]
GONE = [404, 410]


class ApiMinutesMixin(SourceSpider):
    """Callbacks for `ApiAgendaAdapter` systems; `adapter_for(source)` is the spider's."""

    name = ""  # not a spider of its own: Scrapy's spider loader skips classes without a name

    def adapter_for(self, source: Source) -> Any:
        raise NotImplementedError

    def api_start(self, source: Source, adapter: ApiAgendaAdapter) -> Iterator[Request]:
        for start in source.start_urls:
            base = start.rstrip("/")
            home = adapter.home_url(base)
            if home:
                if request := self.navigation_request(home, source, self.api_home, base=base):
                    yield request
            else:
                yield from self._listings(source, adapter, base)

    def api_home(self, response: Response) -> Iterator[Request]:
        """The portal's front page only sets the cookie (CookiesMiddleware keeps it)."""
        source = self.by_name[response.meta["source"]]
        yield from self._listings(source, self.adapter_for(source), response.meta["base"])

    def _listings(self, source: Source, adapter: ApiAgendaAdapter, base: str) -> Iterator[Request]:
        oldest = self._oldest()
        today = datetime.now(UTC).date()
        for url in adapter.listing_urls(base, oldest.date() if oldest else None, today):
            if request := self._api_request(url, source, self.api_listing, base=base, listing_seen=(url,)):
                yield request

    def api_listing(self, response: Response) -> Iterator[Request]:
        source = self.by_name[response.meta["source"]]
        adapter, base = self.adapter_for(source), response.meta["base"]
        data = self._json(response, source, listing=True, html=adapter.listing_format == "html")
        if data is None:
            return
        try:
            meetings = adapter.meetings(data, base)
        except SchemaError as exc:
            self._fail(source, response.url, f"{exc}; has the kommune changed agenda system?")
            return
        oldest = self._oldest()
        for meeting in meetings:
            if oldest and meeting.date and meeting.date < oldest:
                continue
            # A meeting listed twice (two periods, two windows) is fetched once: navigation_request
            # skips a URL already requested in this run.
            if request := self._api_request(meeting.url, source, self.api_meeting, base=base):
                request.cb_kwargs["meeting"] = meeting
                yield request
        try:
            more = adapter.more_listings(data, response.url)
        except SchemaError as exc:
            self._fail(source, response.url, str(exc))
            more = []
        seen = response.meta["listing_seen"]
        for url in more:
            if url in seen:
                self._fail(source, url, f"pagination loops back to a listing already read ({len(seen)} read)")
                continue
            if request := self._api_request(
                url, source, self.api_listing, base=base, listing_seen=(*seen, url)
            ):
                yield request

    def api_meeting(self, response: Response, meeting: Meeting) -> Iterator[Any]:
        source = self.by_name[response.meta["source"]]
        adapter = self.adapter_for(source)
        data = self._json(response, source, listing=False, html=adapter.meeting_format == "html")
        if data is None:
            return
        try:
            items = adapter.items(data, response.meta["base"], meeting)
        except SchemaError as exc:
            self._fail(source, response.url, str(exc))
            return
        for item in items:
            if not item.public:
                self.skip(source, item.url, "closed agenda item (lukket punkt): no public text")
            elif item.text:
                yield self._document(source, item, item.text, status="ok", reason=None)
            elif item.pdf_url:
                yield Request(
                    item.pdf_url,
                    callback=self.api_item_pdf,
                    errback=self.on_error,
                    cb_kwargs={"item": item},
                    meta={"source": source.name, "document": True},
                )
            else:
                self._fail(source, item.url, "agenda item has no text and no PDF")

    async def api_item_pdf(self, response: Response, item: AgendaItem) -> AsyncIterator[DocumentItem]:
        """An item published only as a PDF: its text (read on the extraction worker), or status
        no_text for a scan."""
        source = self.by_name[response.meta["source"]]
        fingerprint = self.fingerprint(response.request) if response.request is not None else None
        try:
            extracted = await run_in("extract", extract_pdf, response.body)
        except ExtractionError as exc:
            self._fail(source, item.url, f"item PDF {response.url}: {exc}", fingerprint)
            return
        reason = f"{extracted.status_reason} (item PDF {response.url})" if extracted.status_reason else None
        yield self._document(source, item, extracted.text, extracted.status, reason, fingerprint)

    # --- helpers -------------------------------------------------------------------------------

    def _api_request(self, url: str, source: Source, callback: Any, **meta: Any) -> Request | None:
        """An API call: redirects and 404 reach the callback, which says what they mean. None when
        `navigation_request` skips it (already requested in this run, or over the fan-out cap)."""
        request = self.navigation_request(
            url, source, callback, dont_redirect=True, handle_httpstatus_list=REDIRECTS + GONE, **meta
        )
        if request is not None:
            request.headers.setdefault(b"Accept", b"application/json")
        return request

    def _json(self, response: Response, source: Source, *, listing: bool, html: bool = False) -> Any:
        """The parsed JSON body (`html`: the HTML text), or None after one failure line saying
        what came instead."""
        hint = "; has the kommune changed agenda system?" if listing else ""
        status = response.status
        if status in REDIRECTS:
            where = header(response, b"Location") or "nowhere"
            self._fail(
                source,
                response.url,
                f"API answered {status} to {where}: a login or the portal's cookie is needed",
            )
            return None
        if status in GONE:
            self._fail(source, response.url, f"HTTP {status} from the agenda API{hint}")
            return None
        content_type = header(response, b"Content-Type").lower()
        if html:
            if "html" in content_type and isinstance(response, TextResponse):
                return response.text
            self._fail(
                source, response.url, f"expected an HTML fragment, got {content_type or 'no content type'}"
            )
            return None
        try:
            return json.loads(response.body)
        except ValueError:
            start = " ".join(response.body[:60].decode("utf-8", "replace").split())
            got = content_type.split(";")[0] or "no content type"
            self._fail(source, response.url, f"expected JSON, got {got} ({start!r}){hint}")
            return None

    def _document(
        self,
        source: Source,
        item: AgendaItem,
        text: str,
        status: str,
        reason: str | None,
        fingerprint: str | None = None,
    ) -> DocumentItem:
        lines = [item.heading(), text]
        if item.attachments:
            lines.append("Bilag: " + "; ".join(a for a in item.attachments if a))
        full = "\n\n".join(line for line in lines if line) if text else ""
        when = item.meeting_date.astimezone(UTC).replace(tzinfo=None) if item.meeting_date else None
        return DocumentItem(
            url=item.url,
            source=source.name,
            kind=source.kind,
            text=full,
            fetched_at=datetime.now(UTC),
            title=item.heading(),
            published_at=when,
            status=status,
            status_reason=reason,
            raw_hash=hashlib.sha256(f"{item.url}\n{text}".encode()).hexdigest(),
            fingerprint=fingerprint,
        )

    def _fail(self, source: Source, url: str, reason: str, fingerprint: str | None = None) -> None:
        send_outcome(
            self.crawler,
            source=source.name,
            url=url,
            outcome="failed",
            reason=reason,
            fingerprint=fingerprint,
        )

    def _oldest(self) -> datetime | None:
        days = self.crawler.settings.getint("KOMMUNEVAGT_AGENDA_MAX_AGE_DAYS", 0)
        return datetime.now(UTC) - timedelta(days=days) if days > 0 else None
