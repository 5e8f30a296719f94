"""Minutes spider: one agenda-system adapter for two kommuner, HTML minutes and PDFs."""

from __future__ import annotations

from crawler.items import DocumentItem
from crawler.spiders.minutes import MinutesSpider
from demo.server import DEMO_SITE
from tests.crawler.conftest import DEMO_URL, FIXTURES, collect, file_response, make_spider

SOURCES = FIXTURES / "sources_unit.toml"
PORTAL = "dagsordenportal"


def test_both_kommuner_use_the_same_adapter() -> None:
    spider = make_spider(MinutesSpider, SOURCES)
    assert {s.name for s in spider.sources} == {"silkeborg", "skanderborg"}
    silkeborg = list(
        spider.parse(file_response(f"{PORTAL}/silkeborg/index.html", meta={"source": "silkeborg"}))
    )
    assert [r.url for r in silkeborg] == [
        f"{DEMO_URL}/{PORTAL}/silkeborg/moede/2026-03-10-oekonomiudvalget.html",
        f"{DEMO_URL}/{PORTAL}/silkeborg/moede/2026-03-24-byraadet.html",
    ]
    skanderborg = list(
        spider.parse(file_response(f"{PORTAL}/skanderborg/index.html", meta={"source": "skanderborg"}))
    )
    assert [r.url for r in skanderborg] == [
        f"{DEMO_URL}/{PORTAL}/skanderborg/moede/2026-02-18-teknik-og-miljoeudvalget.html",
        f"{DEMO_URL}/{PORTAL}/skanderborg/side-2.html",
    ]
    assert skanderborg[1].callback == spider.parse


def test_meeting_page_with_agenda_items_is_a_document() -> None:
    spider = make_spider(MinutesSpider, SOURCES)
    response = file_response(
        f"{PORTAL}/silkeborg/moede/2026-03-10-oekonomiudvalget.html", meta={"source": "silkeborg"}
    )
    (item,) = collect(spider.parse_meeting(response))
    assert isinstance(item, DocumentItem) and item.kind == "minutes"
    assert "14,6 mio. kr." in item.text and "Jens Ole Mikkelsen (V)" in item.text


def test_meeting_page_with_only_a_pdf_leads_to_the_pdf() -> None:
    spider = make_spider(MinutesSpider, SOURCES)
    response = file_response(
        f"{PORTAL}/silkeborg/moede/2026-03-24-byraadet.html", meta={"source": "silkeborg"}
    )
    (request,) = collect(spider.parse_meeting(response))
    assert request.url == f"{DEMO_URL}/{PORTAL}/silkeborg/filer/2026-03-24-byraadet-referat.pdf"
    assert request.meta["document"]


def test_pdf_minutes_text() -> None:
    spider = make_spider(MinutesSpider, SOURCES)
    response = file_response(
        f"{PORTAL}/silkeborg/filer/2026-03-24-byraadet-referat.pdf",
        meta={"source": "silkeborg", "document": True},
        headers={"Content-Type": "application/pdf"},
    )
    (item,) = collect(spider.parse_document(response))
    assert item.status == "ok"
    assert "25,8 pct." in item.text and "Helle Brandt Kjær (A)" in item.text
    assert item.title == "Referat Byrådet 2026-03-24"


def test_scanned_pdf_is_kept_with_status_no_text() -> None:
    spider = make_spider(MinutesSpider, SOURCES)
    path = DEMO_SITE / PORTAL / "skanderborg/filer/2026-01-28-byraadet-referat-scan.pdf"
    response = file_response(
        path, meta={"source": "skanderborg", "document": True}, headers={"Content-Type": "application/pdf"}
    )
    (item,) = collect(spider.parse_document(response))
    assert item.status == "no_text" and item.text == ""
    assert "no text layer" in (item.status_reason or "")
    assert item.raw_hash
