"""XML sitemaps, sitemap indexes and news sitemaps: every <loc> in the source's domains is a document.

`<lastmod>` (or `<news:publication_date>`) travels with the request, so the incremental
middleware skips pages not modified since they were stored, without fetching them.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

from lxml import etree
from scrapy.http import Request, Response

from crawler.signals import send_outcome
from crawler.spiders.base import SourceSpider

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file


class SitemapTooLarge(ValueError):
    """A compressed sitemap inflates beyond MAX_SITEMAP_BYTES (a gzip bomb, or not a sitemap)."""


class SitemapSpider(SourceSpider):
    name = "sitemap"

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources:
            for url in source.sitemaps:
                if request := self.navigation_request(url, source, self.parse):
                    yield request

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request]:
        source = self.by_name[response.meta["source"]]
        try:
            root = parse_sitemap(response.body)
        except (etree.XMLSyntaxError, OSError, ValueError, zlib.error) as exc:  # incl. SitemapTooLarge
            send_outcome(
                self.crawler,
                source=source.name,
                url=response.url,
                outcome="failed",
                reason=f"unreadable sitemap: {exc}",
            )
            return
        kind = etree.QName(root).localname
        for entry in root:
            if not isinstance(entry.tag, str):
                continue
            loc = self.admit(response, _child_text(entry, "loc"), source)
            if not loc:
                continue
            if kind == "sitemapindex":
                if request := self.navigation_request(loc, source, self.parse):
                    yield request
            else:
                published = _child_text(entry, "publication_date")
                yield self.document_request(
                    loc,
                    source,
                    lastmod=_child_text(entry, "lastmod") or published,
                    published=published,
                    title=_child_text(entry, "title"),
                )


def parse_sitemap(body: bytes, limit: int = MAX_SITEMAP_BYTES) -> Any:
    """The root element of a (possibly gzipped) sitemap; entities and network access disabled."""
    if body[:2] == b"\x1f\x8b":
        body = inflate(body, limit)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    root = etree.fromstring(body, parser=parser)
    if root is None:
        raise ValueError("empty sitemap")
    return root


def inflate(body: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Gunzip `body` without ever holding more than `limit` + 1 inflated bytes.

    Raises SitemapTooLarge past the limit: a cut-off sitemap would silently lose its tail."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip header and trailer
    data = inflater.decompress(body, limit + 1)
    if len(data) > limit:
        raise SitemapTooLarge(f"gzipped sitemap inflates to more than {limit / 1024 / 1024:g} MB; not read")
    return data


def _child_text(element: Any, localname: str) -> str | None:
    for child in element.iter():
        if isinstance(child.tag, str) and etree.QName(child).localname == localname and child.text:
            return str(child.text).strip()
    return None
