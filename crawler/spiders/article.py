"""Link-following inside a source: listing pages lead to article pages.

Links matching the source's `article_pattern` are documents; links matching `follow_pattern`
are more listing pages (pagination, sections), followed up to DEPTH_LIMIT. Everything stays
inside the source's domains and the start URL's path, so one host can hold several sources.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor

from crawler.spiders.base import OFFSITE, SourceSpider

# Scrapy drops links to files by extension; PDFs are documents here (minutes, reports), so
# `article_pattern = "\.pdf$"` must see them. Other binary files stay ignored.
DENY_EXTENSIONS = [ext for ext in IGNORED_EXTENSIONS if ext != "pdf"]


class ArticleSpider(SourceSpider):
    name = "article"

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources:
            for url in source.start_urls:
                if request := self.navigation_request(url, source, self.parse, root=url):
                    yield request

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request]:
        source = self.by_name[response.meta["source"]]
        root = response.meta["root"]
        if not isinstance(response, TextResponse):
            return
        for link in LinkExtractor(unique=True, deny_extensions=DENY_EXTENSIONS).extract_links(response):
            url = link.url
            is_article = bool(source.article_pattern and re.search(source.article_pattern, url))
            if not is_article and not (source.follow_pattern and re.search(source.follow_pattern, url)):
                continue  # not a candidate: menus, footers, other sections
            if not self.in_scope(url, source):
                self.skip(source, url, OFFSITE)
            elif not url.startswith(_prefix(root)):
                self.skip(source, url, "outside the start URL's path")
            elif is_article:
                yield self.document_request(url, source, title=link.text.strip() or None)
            elif request := self.navigation_request(url, source, self.parse, root=root):
                yield request


def _prefix(root: str) -> str:
    """The start URL's directory: links outside it belong to other sources on the same host."""
    return root if root.endswith("/") else root.rsplit("/", 1)[0] + "/"
