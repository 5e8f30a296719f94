"""RSS and Atom feeds (feedparser): every entry link inside the source's domains is a document.

A "bozo" feed (malformed XML, e.g. cut off mid-way) still yields the entries feedparser
recovered; the problem is recorded as a note, and as a failure only when nothing was recovered.
"""

from __future__ import annotations

import calendar
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser
from scrapy.http import Request, Response

from crawler.signals import send_outcome
from crawler.spiders.base import SourceSpider, header


class FeedSpider(SourceSpider):
    name = "feed"

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources:
            for url in source.feeds:
                if request := self.navigation_request(url, source, self.parse):
                    yield request

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request]:
        source = self.by_name[response.meta["source"]]
        content_type = header(response, b"Content-Type")
        feed = feedparser.parse(response.body, response_headers={"content-type": content_type})
        entries = [(link, entry) for entry in feed.get("entries", []) if (link := _entry_link(entry))]
        if feed.get("bozo"):
            problem = f"malformed feed ({type(feed.bozo_exception).__name__}: {feed.bozo_exception})"
            outcome = "note" if entries else "failed"
            reason = f"{problem}; {len(entries)} entries recovered" if entries else problem
            send_outcome(self.crawler, source=source.name, url=response.url, outcome=outcome, reason=reason)
        for href, entry in entries:
            if link := self.admit(response, href, source):
                yield self.document_request(
                    link,
                    source,
                    # dict.get: FeedParserDict would silently map a missing "updated" to "published"
                    lastmod=_when(dict.get(entry, "updated_parsed")),
                    published=_when(dict.get(entry, "published_parsed")),
                    title=entry.get("title"),
                )


def _entry_link(entry: Any) -> str | None:
    link = entry.get("link")
    if link:
        return str(link)
    for candidate in entry.get("links", []):
        if candidate.get("href"):
            return str(candidate["href"])
    return None


def _when(parsed: Any) -> str | None:
    """feedparser's UTC struct_time as ISO 8601."""
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
