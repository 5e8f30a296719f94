"""Give each item its canonical URL (no tracking parameters or fragments), the document's identity."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.items import DocumentItem
from crawler.urls import canonicalise


class CanonicalisePipeline:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalisePipeline:
        return cls()

    def process_item(self, item: DocumentItem) -> DocumentItem:
        item.canonical_url = canonicalise(item.url)
        return item
