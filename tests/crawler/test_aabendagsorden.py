"""Åben Dagsorden: date windows of at most 50 meetings, split when full; items from the meeting
fragment (written fixtures in the documented shape, see fixtures/aabendagsorden/README.md)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import Request, TextResponse

from crawler.agenda import get_adapter
from crawler.agenda.aabendagsorden import AabenDagsorden, Overflow
from crawler.agenda.base import SchemaError
from crawler.spiders.minutes import MinutesSpider
from tests.crawler.conftest import Outcomes, make_spider

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "aabendagsorden"
GLOSTRUP = "https://dagsorden.glostrup.dk"
SYDDJURS = "https://aabendagsorden.syddjurs.dk"


def test_registered_by_name() -> None:
    assert isinstance(get_adapter("aabendagsorden"), AabenDagsorden)


def test_listing_is_ten_day_windows_back_to_since() -> None:
    urls = AabenDagsorden().listing_urls(GLOSTRUP, date(2026, 11, 1), date(2026, 12, 2))
    assert urls[0] == f"{GLOSTRUP}/rest/meeting/search?query=&fromDate=2026-12-03&toDate=2026-12-12"
    assert urls[-1].endswith("fromDate=2026-11-01&toDate=2026-11-02")
    assert len(urls) == 5


def test_syddjurs_dates_are_day_month_year() -> None:
    (url, *_) = AabenDagsorden().listing_urls(SYDDJURS, date(2026, 12, 1), date(2026, 12, 2))
    assert url == f"{SYDDJURS}/rest/meeting/search?query=&fromDate=03%2F12%2F2026&toDate=12%2F12%2F2026"


def test_meetings_skip_blocked_ones() -> None:
    data = json.loads((FIXTURES / "search.json").read_text(encoding="utf-8"))
    meetings = AabenDagsorden().meetings(data, GLOSTRUP)
    assert [(m.id, m.committee) for m in meetings] == [("5123", "Kommunalbestyrelsen")] * 2
    assert meetings[0].url == f"{GLOSTRUP}/fragments/meeting/5123/view"
    assert AabenDagsorden().more_listings(data, "unused") == []


def test_full_window_is_split_in_two_and_a_full_day_is_reported() -> None:
    adapter = AabenDagsorden()
    full = {"numberOfResults": 73, "meetings": [{"meetingId": str(n)} for n in range(50)]}
    url = f"{GLOSTRUP}/rest/meeting/search?query=&fromDate=2026-11-01&toDate=2026-11-10"
    assert adapter.more_listings(full, url) == [
        f"{GLOSTRUP}/rest/meeting/search?query=&fromDate=2026-11-01&toDate=2026-11-05",
        f"{GLOSTRUP}/rest/meeting/search?query=&fromDate=2026-11-06&toDate=2026-11-10",
    ]
    one_day = f"{GLOSTRUP}/rest/meeting/search?query=&fromDate=2026-11-01&toDate=2026-11-01"
    with pytest.raises(Overflow, match="73 meetings on 2026-11-01, the search returns 50"):
        adapter.more_listings(full, one_day)


def test_items_from_the_meeting_fragment_keep_vote_lines() -> None:
    adapter = AabenDagsorden()
    data = json.loads((FIXTURES / "search.json").read_text(encoding="utf-8"))
    meeting = adapter.meetings(data, GLOSTRUP)[0]
    items = adapter.items((FIXTURES / "meeting_5123.html").read_text(encoding="utf-8"), GLOSTRUP, meeting)
    assert [(i.number, i.title) for i in items] == [
        ("1", "Budgetopfølgning pr. 30. september 2026"),
        ("2", "Ny daginstitution i Hersted"),
    ]
    first = items[0]
    assert first.url == f"{GLOSTRUP}/meeting/5123?punkt=1"
    assert (
        first.heading() == "Kommunalbestyrelsen 26.11.2026, punkt 1: Budgetopfølgning pr. 30. september 2026"
    )
    assert "For stemte: A, C og Ø" in first.text.splitlines()
    assert "Budgetopfølgning" not in first.text and "daginstitution" not in first.text
    assert items[1].text.splitlines() == [
        "Resumé",
        "Forvaltningen foreslår en ny daginstitution med plads til 120 børn.",
    ]


def test_flat_fragment_items_are_the_siblings_up_to_the_next_title() -> None:
    adapter = AabenDagsorden()
    meeting = adapter.meetings({"meetings": [{"meetingId": "9", "committeeName": "Byrådet"}]}, GLOSTRUP)[0]
    html = (
        "<h3 class='agenda-item-title'>Punkt 4 Vejnavne</h3><p>Navnet Kildevej godkendes.</p>"
        "<h3 class='agenda-item-title'>Punkt 5 Lukket punkt</h3>"
    )
    items = adapter.items(html, GLOSTRUP, meeting)
    assert [(i.number, i.text) for i in items] == [("4", "Navnet Kildevej godkendes."), ("5", "")]


def test_search_without_meetings_is_a_schema_error() -> None:
    with pytest.raises(SchemaError, match="no 'meetings' list"):
        AabenDagsorden().meetings({"error": "login"}, GLOSTRUP)


# --- the minutes spider's listing walk, on a saved response --------------------------------------

SOURCES = """
[[source]]
name = "glostrup"
kind = "minutes"
kommuner = [161]
agenda_system = "aabendagsorden"
start_urls = ["https://dagsorden.glostrup.dk/"]
"""


def full_window_response(url: str, seen: tuple[str, ...]) -> Any:
    body = json.dumps({"numberOfResults": 60, "meetings": [{"meetingId": str(n)} for n in range(50)]})
    meta = {"source": "glostrup", "base": GLOSTRUP, "listing_seen": seen}
    return TextResponse(
        url, body=body.encode(), headers={"Content-Type": "application/json"}, request=Request(url, meta=meta)
    )


def test_listing_that_leads_back_to_a_read_listing_stops_with_a_reason(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    spider = make_spider(MinutesSpider, sources)
    outcomes = Outcomes(spider)
    url = f"{GLOSTRUP}/rest/meeting/search?query=&fromDate=2026-11-01&toDate=2026-11-02"
    halves = AabenDagsorden().more_listings({"numberOfResults": 60, "meetings": []}, url)
    requests = list(spider.api_listing(full_window_response(url, (halves[0], url))))
    listings = [r.url for r in requests if r.callback == spider.api_listing]
    assert listings == [halves[1]]  # the half already read is not asked for again
    assert len([r for r in requests if r.callback == spider.api_meeting]) == 50
    assert [(o["url"], o["reason"]) for o in outcomes.rows] == [
        (halves[0], "pagination loops back to a listing already read (2 read)")
    ]


def test_full_single_day_is_one_failure_and_its_meetings_are_still_fetched(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    spider = make_spider(MinutesSpider, sources)
    outcomes = Outcomes(spider)
    url = f"{GLOSTRUP}/rest/meeting/search?query=&fromDate=2026-11-01&toDate=2026-11-01"
    requests = list(spider.api_listing(full_window_response(url, (url,))))
    assert len(requests) == 50
    ((row),) = outcomes.rows
    assert row["outcome"] == "failed" and row["reason"].startswith("60 meetings on 2026-11-01")
