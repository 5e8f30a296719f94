"""kk.dk's JSON:API and Formpipe Meetings+ adapters on their fixtures (written in the documented
shape, see fixtures/kk/README.md and fixtures/meetingsplus/README.md). The crawl of both through
`kommunevagt crawl` runs in test_firstagenda.py, in the same run as the FirstAgenda kommuner."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.agenda import get_adapter
from crawler.agenda.base import Meeting, SchemaError
from crawler.agenda.kk_jsonapi import KkJsonApi
from crawler.agenda.meetingsplus import MeetingsPlus

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KK_BASE = "https://www.kk.dk"
MP_BASE = "https://billund.meetingsplus.dk"


def kk_page(name: str) -> object:
    return json.loads((FIXTURES / "kk" / name).read_text(encoding="utf-8").replace("{base}/kk", KK_BASE))


def test_registered_by_name() -> None:
    assert isinstance(get_adapter("kk_jsonapi"), KkJsonApi)
    assert isinstance(get_adapter("meetingsplus"), MeetingsPlus)


def test_kk_listing_filters_by_meeting_date_fifty_a_page() -> None:
    (url,) = KkJsonApi().listing_urls(KK_BASE, date(2026, 1, 1), date(2026, 12, 2))
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{KK_BASE}/jsonapi/node/agenda_element?")
    assert query["filter[fra][condition][value]"] == ["2026-01-01"]
    assert query["filter[fra][condition][operator]"] == [">="]
    assert query["filter[til][condition][value]"] == ["2027-01-31"]
    assert query["page[limit]"] == ["50"] and query["sort"] == ["agenda_meeting_date"]


def test_kk_elements_prefer_minutes_and_skip_rows_without_a_path() -> None:
    adapter = KkJsonApi()
    data = kk_page("elements_1.json")
    meetings = {m.url: m for m in adapter.meetings(data, KK_BASE)}
    assert sorted(meetings) == [
        f"{KK_BASE}/referat/borgerrepraesentationen/2026-09-10/ny-skolestruktur-paa-amager",
        f"{KK_BASE}/referat/oekonomiudvalget/2026-09-01/budgetopfoelgning-2-kvartal-2026",
    ]
    budget = meetings[f"{KK_BASE}/referat/oekonomiudvalget/2026-09-01/budgetopfoelgning-2-kvartal-2026"]
    assert (budget.title, budget.number, budget.committee) == (
        "Budgetopfølgning 2. kvartal 2026",
        "4",
        "Oekonomiudvalget",
    )
    assert budget.date is not None and budget.date.isoformat() == "2026-09-01T15:00:00+02:00"
    assert adapter.more_listings(data, "x") == [
        f"{KK_BASE}/jsonapi/node/agenda_element?page%5Boffset%5D=50&page%5Blimit%5D=50"
    ]
    assert adapter.more_listings(kk_page("elements_2.json"), "x") == []


def test_kk_item_text_comes_from_its_page_with_vote_lines() -> None:
    adapter = KkJsonApi()
    meeting = adapter.meetings(kk_page("elements_1.json"), KK_BASE)[0]
    html = (FIXTURES / "kk" / "referat_budget.html").read_text(encoding="utf-8")
    (item,) = adapter.items(html, KK_BASE, meeting)
    assert item.heading() == "Oekonomiudvalget 01.09.2026, punkt 4: Budgetopfølgning 2. kvartal 2026"
    assert "mindreforbruget på 84 mio. kr." in item.text
    assert "For stemte: A, B, F, Ø og Å." in item.text.splitlines()
    assert "Rådhuspladsen" not in item.text  # the page's footer is no part of the item


@pytest.mark.parametrize("body", [{"errors": [{"title": "Forbidden"}]}, [], {"data": "x"}])
def test_kk_response_without_data_list_is_a_schema_error(body: object) -> None:
    with pytest.raises(SchemaError, match="no 'data' list"):
        KkJsonApi().meetings(body, KK_BASE)


def test_meetingsplus_overview_lists_meetings_with_committee_and_danish_date() -> None:
    html = (FIXTURES / "meetingsplus" / "overview.html").read_text(encoding="utf-8")
    meetings = MeetingsPlus().meetings(html, MP_BASE)
    assert [(m.id, m.committee, m.url) for m in meetings] == [
        ("4711", "Byrådet", f"{MP_BASE}/dagsordener/byraadet-2026-2029/moede/4711"),
        ("4712", "Økonomiudvalget", f"{MP_BASE}/dagsordener/oekonomiudvalget/moede/4712"),
    ]
    assert [m.date.date().isoformat() if m.date else None for m in meetings] == ["2026-11-24", "2026-12-08"]


def test_meetingsplus_items_from_the_minutes_tab_with_pdf_links() -> None:
    html = (FIXTURES / "meetingsplus" / "meeting_4711.html").read_text(encoding="utf-8")
    meeting = Meeting("4711", f"{MP_BASE}/dagsordener/byraadet-2026-2029/moede/4711", "Byrådet", None)
    items = MeetingsPlus().items(html, MP_BASE, meeting)
    assert [(i.number, i.title) for i in items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Anlægsbevilling til ny daginstitution i Grindsted"),
        ("3", "Høringssvar om kollektiv trafik"),
        ("4", "Lukket punkt: Ejendomssag"),
    ]
    assert items[0].text == "Beslutning\nDagsordenen blev godkendt."
    assert items[0].url == f"{meeting.url}?punkt=1"
    assert items[1].text == "" and items[1].pdf_url == f"{MP_BASE}/documents/4711/punkt-2.pdf"
    assert items[3].text == "" and items[3].pdf_url is None


def test_meetingsplus_page_that_is_not_an_overview_is_a_schema_error() -> None:
    with pytest.raises(SchemaError, match="no meeting-list-item"):
        MeetingsPlus().meetings("<html><body><form>Log ind</form></body></html>", MP_BASE)
