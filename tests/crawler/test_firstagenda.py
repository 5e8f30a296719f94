"""FirstAgenda Publication: the adapter on saved real responses, then `kommunevagt crawl` end to end
against a stand-in portal on 127.0.0.1 that, like the real one, needs the cookie from `GET /`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import Session, select

from crawler.agenda import get_adapter
from crawler.agenda.base import SchemaError, html_text
from crawler.agenda.firstagenda import FirstAgenda
from store.db import get_engine
from store.models import Document
from tests.crawler.agenda_server import FIXTURES, FirstAgendaServer
from tests.crawler.conftest import FIXTURES as CRAWLER_FIXTURES
from tests.crawler.conftest import crawl_env, kommunevagt, last_run_counts

BASE = "https://dagsordener-referater.hvidovre.dk"
MEETING = "0cad2b4d-c4a2-4583-a053-60704b2da0e5"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def hvidovre_items() -> list[Any]:
    adapter = FirstAgenda()
    meeting = next(m for m in adapter.meetings(load("udvalgsliste.json"), BASE) if m.id == MEETING)
    return adapter.items(load(f"dagsorden_{MEETING[:8]}.json"), BASE, meeting)


def test_registered_by_name() -> None:
    assert isinstance(get_adapter("firstagenda"), FirstAgenda)


def test_meetings_of_every_committee_and_period() -> None:
    meetings = FirstAgenda().meetings(load("udvalgsliste.json"), BASE)
    assert [(m.committee, m.id[:8]) for m in meetings] == [
        ("By- og Planudvalget", "fd2d6261"),
        ("Økonomiudvalget", "0cad2b4d"),
        ("Økonomiudvalget", "0cad2b4d"),  # the same meeting under two periods (fetched once)
    ]
    assert meetings[1].url == f"{BASE}/api/agenda/dagsorden/{MEETING}"
    assert meetings[1].date is not None and meetings[1].date.isoformat() == "2026-05-18T17:00:00+02:00"


def test_each_item_has_deep_link_committee_date_and_title() -> None:
    items = hvidovre_items()
    assert [i.number for i in items] == ["1", "2", "3", "4", "34"]
    grenhusene = items[2]
    assert grenhusene.url == f"{BASE}/vis?id={MEETING}&punktid=6c61b811-efa2-4a72-9f9d-12e9231b1a52"
    assert "#" not in grenhusene.url  # a fragment breaks FirstAgenda links
    assert grenhusene.heading() == (
        "Økonomiudvalget 18.05.2026, punkt 3: Beslutning - Skema A godkendelse ved Grenhusene"
    )
    assert "huslejestigning for denenkelte borger på 49,08 %" in grenhusene.text
    assert "230 stemte for og 12 stemte mod forslaget" in grenhusene.text.splitlines()
    assert grenhusene.attachments[0] == "Ansøgningsskrivelse skema A Grenhusene 9.dec inkl. bilag"


def test_vote_lines_stay_lines_and_word_metadata_is_dropped() -> None:
    text = hvidovre_items()[3].text
    lines = text.splitlines()
    assert "For: Gruppe A og B." in lines and "Undlader: Gruppe C og F." in lines
    assert "Beslutning i Klima-, Miljø- og Teknikudvalget den 07-04-2026" in lines
    assert "Dagsordenspunkt" not in text  # the <title> Word puts in every field


def test_item_without_text_points_to_its_pdf_and_closed_item_is_not_public() -> None:
    items = hvidovre_items()
    assert (
        items[0].text == ""
        and items[0].pdf_url == f"{BASE}/Vis/Pdf/bilag/e4cc3c13-2dc0-484a-b2a4-207d0957f643"
    )
    assert not items[4].public and items[4].pdf_url is None


def test_html_text_of_empty_field() -> None:
    assert html_text("<div><div id='sagsfremstillingContainer'>\r\n\r\n</div></div>") == ""
    assert html_text("") == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected a JSON object, got list"),
        ({"Udvalg": None}, "no 'Udvalg' dict"),
    ],
)
def test_json_without_the_systems_fields_is_a_schema_error(data: Any, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        FirstAgenda().meetings(data, BASE)


@pytest.mark.slow
def test_crawl_firstagenda_kommuner_end_to_end(database_url: str) -> None:
    sources = CRAWLER_FIXTURES / "sources_firstagenda.toml"
    with FirstAgendaServer() as server:
        env = crawl_env(
            database_url, server.url, KOMMUNEVAGT_AGENDA_MAX_AGE_DAYS="0", KOMMUNEVAGT_RETRY_TIMES="0"
        )
        result = kommunevagt("crawl", "--sources", str(sources), env=env)
        served = list(server.requests)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    status, counts = last_run_counts(database_url)
    assert status == "finished"

    # The API was only ever called with the cookie from the front page; the listed-twice meeting once.
    api_calls = [(path, cookie) for path, _, cookie in served if "/api/" in path and "/login/" not in path]
    assert api_calls and all(cookie for _, cookie in api_calls)
    assert sum(1 for path, _, _ in served if path.endswith(f"/dagsorden/{MEETING}")) == 1

    failures = {
        k: sorted((f["url"].split("/", 3)[-1], f["reason"]) for f in row.get("failures", []))
        for k, row in counts.items()
    }
    assert failures["fa-hvidovre"] == [
        ("hvidovre/api/agenda/dagsorden/fd2d6261-1220-429e-9ed0-46db433c496c", "HTTP 500")
    ]
    assert failures["fa-login"] == [
        (
            "login/api/agenda/udvalgsliste",
            "API answered 302 to /login/login: a login or the portal's cookie is needed",
        )
    ]
    closed = counts["fa-hvidovre"]["skips"]["closed agenda item (lukket punkt): no public text"]
    assert closed["count"] == 1 and closed["example"].endswith("punktid=7694ddee-2b27-4c87-9c7f-e20a818eec1a")
    assert failures["fa-fejl"] == [("fejl/api/agenda/udvalgsliste", "HTTP 500")]
    assert failures["fa-html"] == [
        (
            "html/api/agenda/udvalgsliste",
            "expected JSON, got text/html ('<!DOCTYPE html><html><body>Siden er under vedligeholdelse</b'); "
            "has the kommune changed agenda system?",
        )
    ]
    assert failures["fa-skiftet"] == [
        (
            "skiftet/api/agenda/udvalgsliste",
            "HTTP 404 from the agenda API; has the kommune changed agenda system?",
        )
    ]
    ((url, reason),) = failures["fa-skrevet"]
    assert (
        url.endswith("punktid=c1a5e2f0-4444-4b1e-9a0e-0d1c2b3a4f52")
        and reason == "agenda item has no text and no PDF"
    )

    with Session(get_engine(database_url)) as session:
        docs = {d.title: d for d in session.exec(select(Document)).all()}
    assert "ad-aaben" not in failures or failures["ad-aaben"] == []
    # The Åben Dagsorden search repeats its meetings in every date window: each is fetched once.
    assert sum(1 for path, _, _ in served if path == "/aaben/fragments/meeting/5123/view") == 1
    assert sum(1 for path, _, _ in served if path == "/aaben/rest/meeting/search") > 100  # 5 years
    aaben = [d for d in docs.values() if "/aaben/meeting/5123?punkt=" in d.url]
    assert sorted(d.title or "" for d in aaben) == [
        "Kommunalbestyrelsen 26.11.2026, punkt 1: Budgetopfølgning pr. 30. september 2026",
        "Kommunalbestyrelsen 26.11.2026, punkt 2: Ny daginstitution i Hersted",
    ]
    assert any("For stemte: A, C og Ø" in d.text.splitlines() for d in aaben)
    assert_kk_and_meetingsplus(server.url, failures, counts, docs, served)
    docs = {title: d for title, d in docs.items() if "/hvidovre/" in d.url or "/skrevet/" in d.url}
    assert len(docs) == 6  # hvidovre items 1-4 (item 34 is closed), skrevet items 1 and 3
    skole = docs["Byrådet 24.11.2026, punkt 1: Ny skolestruktur i Vesterby"]
    assert skole.kind == "minutes" and "For stemte: A, C og Ø" in skole.text.splitlines()
    meeting, item = "2b0c9d6e-1111-4a52-9d57-6c3f0e0a7b01", "c1a5e2f0-3333-4b1e-9a0e-0d1c2b3a4f51"
    assert skole.url == f"{server.url}/skrevet/vis?id={meeting}&punktid={item}"
    assert skole.published_at is not None and skole.published_at.isoformat().startswith("2026-11-24T18:00")
    pdf_only = docs["Økonomiudvalget 18.05.2026, punkt 1: Godkendelse af dagsorden"]
    assert pdf_only.status == "ok" and "25,8 pct." in pdf_only.text and "/hvidovre/vis?id=" in pdf_only.url
    scanned = docs["Økonomiudvalget 18.05.2026, punkt 2: Meddelelser"]
    assert scanned.status == "no_text" and "no text layer" in (scanned.status_reason or "")
    assert "item PDF" in (scanned.status_reason or "")


def assert_kk_and_meetingsplus(
    url: str, failures: dict[str, Any], counts: dict[str, Any], docs: dict[str, Document], served: list[Any]
) -> None:
    """kk.dk's JSON:API and Meetings+, crawled in the same run as the FirstAgenda kommuner."""
    kk = sorted((d.title or "", d.url) for d in docs.values() if "/kk/" in d.url)
    assert kk == [
        (
            "Borgerrepraesentationen 10.09.2026, punkt 12: Ny skolestruktur på Amager",
            f"{url}/kk/referat/borgerrepraesentationen/2026-09-10/ny-skolestruktur-paa-amager",
        ),
        (
            "Oekonomiudvalget 01.09.2026, punkt 4: Budgetopfølgning 2. kvartal 2026",
            f"{url}/kk/referat/oekonomiudvalget/2026-09-01/budgetopfoelgning-2-kvartal-2026",
        ),
        (
            "Teknik og miljoeudvalget 05.10.2026, punkt 7: Takster for affaldshåndtering 2027",
            f"{url}/kk/dagsorden/teknik-og-miljoeudvalget/2026-10-05/takster-for-affaldshaandtering-2027",
        ),
    ]
    # The minutes win over the agenda of the same item: the agenda page is never fetched.
    assert not any(path.startswith("/kk/dagsorden/oekonomiudvalget/") for path, _, _ in served)
    budget = next(d for d in docs.values() if "/kk/referat/oekonomiudvalget/" in (d.url or ""))
    assert "For stemte: A, B, F, Ø og Å." in budget.text and "84 mio. kr." in budget.text
    assert "kk-kbh" not in failures or failures["kk-kbh"] == []
    # Its next page is itself: read once more, then the loop is reported and the crawl goes on.
    assert failures["kk-loop"] == [
        (
            "kkloop/jsonapi/node/agenda_element?page%5Boffset%5D=0",
            "pagination loops back to a listing already read (2 read)",
        )
    ]

    billund = {d.title: d for d in docs.values() if "/dagsordener/" in d.url}
    assert sorted(billund) == [
        "Byrådet 24.11.2026, punkt 1: Godkendelse af dagsorden",
        "Byrådet 24.11.2026, punkt 2: Anlægsbevilling til ny daginstitution i Grindsted",
        "Byrådet 24.11.2026, punkt 3: Høringssvar om kollektiv trafik",
        "Økonomiudvalget 08.12.2026, punkt 1: Budgetopfølgning pr. 31. oktober 2026",
    ]
    first = billund["Byrådet 24.11.2026, punkt 1: Godkendelse af dagsorden"]
    assert "Dagsordenen blev godkendt." in first.text  # from the minutes tab, not the agenda tab
    assert first.url == f"{url}/dagsordener/byraadet-2026-2029/moede/4711?punkt=1"
    pdf_item = billund["Byrådet 24.11.2026, punkt 2: Anlægsbevilling til ny daginstitution i Grindsted"]
    assert pdf_item.status == "ok" and "25,8 pct." in pdf_item.text
    assert billund["Byrådet 24.11.2026, punkt 3: Høringssvar om kollektiv trafik"].status == "no_text"
    ((closed_url, reason),) = failures["mp-billund"]
    assert closed_url.endswith("/4711?punkt=4") and reason == "agenda item has no text and no PDF"
