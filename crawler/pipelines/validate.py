"""Reject items that cannot become a Document, with the reason, before any work is spent on them."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import DocumentItem
from crawler.signals import drop
from crawler.sources import KINDS


class ValidatePipeline:
    def __init__(self, crawler: Crawler, max_chars: int) -> None:
        self.crawler = crawler
        self.max_chars = max_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        # Larger texts are almost always data dumps or concatenated PDFs, not one document.
        return cls(crawler, crawler.settings.getint("KOMMUNEVAGT_MAX_TEXT_CHARS", 2_000_000))

    def process_item(self, item: Any) -> DocumentItem:
        if not isinstance(item, DocumentItem):
            raise DropItem(f"not a DocumentItem: {type(item).__name__}")
        reason = self.problem(item)
        if reason:
            drop(self.crawler, item, "failed", reason, message=f"invalid document {item.url}: {reason}")
        return item

    def problem(self, item: DocumentItem) -> str | None:
        if not item.url.startswith(("http://", "https://", "file://")):
            return f"not a web URL: {item.url!r}"
        if item.kind not in KINDS:
            return f"unknown kind {item.kind!r}"
        if item.status not in ("ok", "no_text"):
            return f"unknown status {item.status!r}"
        if item.status == "ok" and not item.text.strip():
            return "empty text"
        if item.status == "no_text" and not item.raw_hash:
            return "no text and no raw hash to identify it"
        if len(item.text) > self.max_chars:
            return f"text too long ({len(item.text)} > {self.max_chars} characters)"
        return None
