"""Council minutes from agenda systems: HTML meeting pages and minutes PDFs.

The source's `agenda_system` picks the adapter (crawler/agenda); the spider itself only walks
listing -> meeting -> files. A meeting page that holds the minutes becomes a document; each
minutes PDF becomes a document (a scan without text layer is stored with status "no_text").
Meeting pages are navigation too (they lead to the PDFs), so they are re-read on every crawl;
unchanged ones end as "unchanged" in the dedupe step. Systems with a JSON API (FirstAgenda) are
walked by `ApiMinutesMixin` (minutes_api.py) instead: one document per agenda item.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from crawler.agenda import get_adapter
from crawler.agenda.base import AgendaAdapter, ApiAgendaAdapter
from crawler.sources import Source
from crawler.spiders.minutes_api import ApiMinutesMixin


class MinutesSpider(ApiMinutesMixin):
    name = "minutes"

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources:
            adapter = self.adapter_for(source)
            if isinstance(adapter, ApiAgendaAdapter):
                for api_request in self.api_start(source, adapter):
                    yield api_request
                continue
            for url in source.start_urls:
                if request := self.navigation_request(url, source, self.parse):
                    yield request

    def adapter_for(self, source: Source) -> AgendaAdapter | ApiAgendaAdapter:
        return get_adapter(source.agenda_system or "")

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        source = self.by_name[response.meta["source"]]
        adapter = get_adapter(source.agenda_system or "")
        assert isinstance(adapter, AgendaAdapter)
        for href in adapter.meeting_links(response):
            if url := self.admit(response, href, source):
                yield from self._listing_request(url, source, self.parse_meeting)
        for href in adapter.next_pages(response):
            if url := self.admit(response, href, source):
                yield from self._listing_request(url, source, self.parse)

    async def parse_meeting(self, response: Response) -> AsyncIterator[Any]:
        source = self.by_name[response.meta["source"]]
        adapter = get_adapter(source.agenda_system or "")
        assert isinstance(adapter, AgendaAdapter)
        if adapter.page_holds_minutes(response):
            async for item in self.parse_document(response):
                yield item
        for href in adapter.minutes_files(response):
            if url := self.admit(response, href, source):
                yield self.document_request(url, source)

    def _listing_request(self, url: str, source: Any, callback: Any) -> Iterator[Any]:
        """Listings and meetings link to each other; `navigation_request` fetches each once per run."""
        if request := self.navigation_request(url, source, callback):
            yield request
