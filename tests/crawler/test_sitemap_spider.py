"""Sitemap spider on saved sitemaps: urlset, sitemap index, news sitemap, gzip."""

from __future__ import annotations

import gzip

from crawler.spiders.sitemap import SitemapSpider
from tests.crawler.conftest import DEMO_URL, FIXTURES, file_response, make_spider

SOURCES = FIXTURES / "sources_unit.toml"


def test_demo_sitemap_lists_every_page_with_lastmod() -> None:
    spider = make_spider(SitemapSpider, SOURCES, "avis")
    requests = list(spider.parse(file_response("avis/sitemap.xml", meta={"source": "avis"})))
    assert len(requests) == 19  # 16 articles, a print version, a broken page, a robots-excluded page
    assert requests[0].url == f"{DEMO_URL}/avis/artikler/soehoejlandet-busruter.html"
    assert requests[0].meta["lastmod"] == "2026-03-24T12:00:00+01:00"
    assert all(r.meta["document"] for r in requests)


def test_sitemap_index_follows_only_sitemaps_of_the_source() -> None:
    spider = make_spider(SitemapSpider, SOURCES, "atom-avis")
    response = file_response(
        "sitemap-index.xml", "https://www.example.dk/sitemap-index.xml", meta={"source": "atom-avis"}
    )
    requests = list(spider.parse(response))
    assert [r.url for r in requests] == ["https://www.example.dk/sitemap-news.xml"]
    assert not requests[0].meta.get("document")
    assert requests[0].callback == spider.parse


def test_news_sitemap_publication_date_and_title() -> None:
    spider = make_spider(SitemapSpider, SOURCES, "atom-avis")
    response = file_response(
        "sitemap-news.xml", "https://www.example.dk/sitemap-news.xml", meta={"source": "atom-avis"}
    )
    first, second = list(spider.parse(response))
    assert first.meta["published"] == "2026-03-20T08:00:00+01:00"
    assert first.meta["lastmod"] == "2026-03-20T08:00:00+01:00"
    assert first.meta["title"] == "Byrådet i Randers vedtog budgettet"
    assert second.meta["lastmod"] == "2026-03-18T12:00:00+01:00"


def test_gzipped_sitemap() -> None:
    spider = make_spider(SitemapSpider, SOURCES, "atom-avis")
    plain = (FIXTURES / "sitemap-news.xml").read_bytes()
    response = file_response(
        "sitemap-news.xml", "https://www.example.dk/sitemap-news.xml.gz", meta={"source": "atom-avis"}
    ).replace(body=gzip.compress(plain))
    assert len(list(spider.parse(response))) == 2
