"""Link-following spider on the demo debate blog, and document parsing of a post."""

from __future__ import annotations

from datetime import datetime

from crawler.items import DocumentItem
from crawler.spiders.article import ArticleSpider
from tests.crawler.conftest import DEMO_URL, FIXTURES, collect, file_response, make_spider

SOURCES = FIXTURES / "sources_unit.toml"
META = {"source": "debat", "root": f"{DEMO_URL}/debat/"}


def test_listing_yields_posts_and_the_next_listing() -> None:
    spider = make_spider(ArticleSpider, SOURCES, "debat")
    requests = list(spider.parse(file_response("debat/index.html", f"{DEMO_URL}/debat/", meta=META)))
    documents = [r.url for r in requests if r.meta.get("document")]
    listings = [r.url for r in requests if not r.meta.get("document")]
    assert documents == [
        f"{DEMO_URL}/debat/indlaeg/skatten-er-for-hoej.html",
        f"{DEMO_URL}/debat/indlaeg/giv-landsbyerne-en-chance.html",
        f"{DEMO_URL}/debat/indlaeg/letbanen-skal-koere-om-aftenen.html",
    ]
    assert listings == [f"{DEMO_URL}/debat/side-2.html"]


def test_second_listing_page() -> None:
    spider = make_spider(ArticleSpider, SOURCES, "debat")
    requests = list(spider.parse(file_response("debat/side-2.html", meta=META)))
    assert len([r for r in requests if r.meta.get("document")]) == 2


def test_post_text_without_comments_or_form() -> None:
    spider = make_spider(ArticleSpider, SOURCES, "debat")
    response = file_response(
        "debat/indlaeg/skatten-er-for-hoej.html",
        meta={**META, "document": True},
        headers={"ETag": '"abc"', "Content-Type": "text/html; charset=utf-8"},
    )
    (item,) = collect(spider.parse_document(response))
    assert isinstance(item, DocumentItem)
    assert item.kind == "debate" and item.source == "debat"
    assert item.title == "Skatten i Silkeborg er allerede for høj"
    assert item.published_at is not None and item.published_at.date() == datetime(2026, 3, 3).date()
    assert "Helle Brandt Kjær (A)" in item.text
    assert "Helt enig" not in item.text and "Send kommentar" not in item.text
    assert item.etag == '"abc"'
    assert item.fingerprint  # document requests are marked finished by their fingerprint
