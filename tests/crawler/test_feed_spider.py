"""Feed spider on saved RSS/Atom responses, including a truncated ("bozo") feed."""

from __future__ import annotations

from crawler.spiders.feed import FeedSpider
from demo.server import DEMO_SITE, fault_route
from tests.crawler.conftest import DEMO_URL, FIXTURES, Outcomes, file_response, make_spider

SOURCES = FIXTURES / "sources_unit.toml"


def test_rss_entries_become_document_requests() -> None:
    spider = make_spider(FeedSpider, SOURCES, "avis")
    response = file_response("avis/rss.xml", meta={"source": "avis"})
    requests = list(spider.parse(response))
    assert len(requests) == 10
    assert all(r.meta["document"] and r.meta["source"] == "avis" for r in requests)
    assert (
        requests[0].url
        == f"{DEMO_URL}/avis/artikler/soehoejlandet-busruter.html?utm_source=rss&utm_medium=feed"
    )
    assert requests[0].meta["published"] == "2026-03-24T11:00:00+00:00"
    assert requests[0].meta["title"].startswith("Søhøjlandets busruter")


def test_atom_keeps_links_inside_the_source_and_resolves_relative_ones() -> None:
    spider = make_spider(FeedSpider, SOURCES, "atom-avis")
    response = file_response("atom.xml", "https://www.example.dk/atom.xml", meta={"source": "atom-avis"})
    requests = list(spider.parse(response))
    assert [r.url for r in requests] == [
        "https://www.example.dk/nyheder/randers-budget?utm_source=atom#top",
        "https://www.example.dk/nyheder/odder-skole",
    ]
    assert requests[0].meta["lastmod"] == "2026-03-20T09:30:00+00:00"
    assert requests[1].meta["lastmod"] == "2026-03-18T11:00:00+00:00"


def test_truncated_feed_still_yields_recovered_entries_and_a_note() -> None:
    spider = make_spider(FeedSpider, SOURCES, "avis")
    outcomes = Outcomes(spider)
    reply = fault_route(DEMO_SITE)("/fejl/afkortet-feed.xml")
    assert reply is not None
    response = file_response("avis/rss.xml", f"{DEMO_URL}/fejl/afkortet-feed.xml", meta={"source": "avis"})
    response = response.replace(body=reply[2])
    requests = list(spider.parse(response))
    assert 1 <= len(requests) < 10
    assert [o["outcome"] for o in outcomes.rows] == ["note"]
    assert "malformed feed" in outcomes.rows[0]["reason"]
    assert f"{len(requests)} entries recovered" in outcomes.rows[0]["reason"]


def test_feed_without_entries_is_a_failure() -> None:
    spider = make_spider(FeedSpider, SOURCES, "avis")
    outcomes = Outcomes(spider)
    response = file_response("avis/rss.xml", meta={"source": "avis"}).replace(body=b"<rss><channel><item><ti")
    assert list(spider.parse(response)) == []
    assert [o["outcome"] for o in outcomes.rows] == ["failed"]
