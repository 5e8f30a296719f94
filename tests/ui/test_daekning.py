"""The Dækning page: kommune mentions per week, most-mentioned politicians, news since a date."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.helpers import metrics, shown_text

PAGE = "app_pages/daekning.py"


def open_page(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_coverage_by_source_and_kind(app: AppTest) -> None:
    at = open_page(app)
    by_source = at.dataframe[0].value
    rows = zip(by_source["Kilde"], by_source["Dokumenttype"], by_source["Omtaler"], strict=True)
    counts = {(source, kind): mentions for source, kind, mentions in rows}
    assert counts == {
        ("Aarhus Byråd – referater", "Referat"): 2,
        ("Debatten Vejle", "Debatindlæg"): 3,
        ("Østjysk Lokalavis", "Nyhed"): 1,
        ("Fynske Nyheder", "Nyhed"): 1,
    }


def test_kommune_filter(app: AppTest) -> None:
    app.query_params["kommune"] = "630"
    at = open_page(app)
    by_source = at.dataframe[0].value
    assert list(by_source["Kilde"]) == ["Debatten Vejle"]
    assert list(by_source["Omtaler"]) == [2]


def test_most_mentioned_politicians(app: AppTest) -> None:
    at = open_page(app)
    politicians = at.dataframe[1].value
    assert list(politicians["Navn"]) == ["Lise Madsen", "Anders Kristensen"]  # Bent Olsen is no politician
    assert list(politicians["Omtaler"]) == [2, 1]


def test_new_since_a_date(app: AppTest) -> None:
    app.query_params["siden"] = "2025-03-01"
    at = open_page(app)
    assert metrics(at) == {
        "Nye dokumenter": "2",
        "Nye historier": "2",
        "Nye påstande": "3",
        "Nye citater": "1",
    }
    text = shown_text(at)
    assert "Nye personer: Anders Kristensen" in text
    assert "Ledigheden i Aarhus Kommune er faldet til 4,1 procent" in text
    assert "Vejle Kommune ligger nummer 12" not in text


def test_stories_and_documents_are_counted_apart(tmp_path) -> None:
    """One story printed by two outlets (store/stories.py): two documents, one story."""
    from dataclasses import replace
    from datetime import date

    from store.db import get_engine, session_scope
    from store.queries import coverage_by_source, new_since
    from tests.ui.seed import DOCS, seed

    reprint = replace(DOCS[0], url="https://lokalavis.example/ledighed-igen", title="Ledigheden falder")
    url = f"sqlite:///{tmp_path / 'copies.sqlite'}"
    seed(url, [*DOCS, reprint])
    with session_scope(get_engine(url)) as session:
        news = new_since(session, since=date(2025, 1, 1))
        rows = coverage_by_source(session, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    assert (news.documents, news.stories) == (len(DOCS) + 1, len(DOCS))
    lokalavis = next(r for r in rows if r.source_name == "Østjysk Lokalavis")
    assert (lokalavis.documents, lokalavis.stories) == (2, 1)


def test_sources_without_new_documents_are_listed(app: AppTest) -> None:
    at = open_page(app)
    health = next(df.value for df in at.dataframe if "Status" in df.value.columns)
    # The seeded archive's newest document is from 2025: every source has gone quiet since.
    assert set(health["Kilde"]) == {
        "Aarhus Byråd – referater",
        "Debatten Vejle",
        "Østjysk Lokalavis",
        "Fynske Nyheder",
    }
    assert set(health["Status"]) == {"tavs (intet nyt i 30 dage)"}
    assert set(health["Seneste kørsel"]) == {"aldrig"}


def map_values(at: AppTest) -> list[dict[str, object]]:
    """The features the map draws (its Vega-Lite spec's inline data)."""
    import json

    [chart] = [
        e for e in at.main if getattr(e, "type", None) == "vega_lite_chart" and "geoshape" in e.proto.spec
    ]
    return list(json.loads(chart.proto.spec)["data"]["values"])


def test_map_colours_every_kommune_by_its_mentions(app: AppTest) -> None:
    at = open_page(app)
    values = map_values(at)
    assert len(values) == 98 and len({v["kode"] for v in values}) == 98
    # The same mentions the per-source table counts (7), placed on their kommuner.
    assert {v["navn"]: v["omtaler"] for v in values if v["omtaler"]} == {"Aarhus": 4, "Vejle": 2, "Odense": 1}
    assert not any(v["valgt"] for v in values)
    assert "Kommunegrænser: DAGI, Geodatastyrelsen & Danske Kommuner" in shown_text(at)


def test_map_follows_the_kind_and_shows_the_chosen_kommune(app: AppTest) -> None:
    app.query_params["type"] = "news"
    app.query_params["kommune"] = "630"
    values = map_values(open_page(app))
    # Only news counts; the map still shows every kommune, with the filtered one outlined.
    assert {v["navn"]: v["omtaler"] for v in values if v["omtaler"]} == {"Aarhus": 1, "Odense": 1}
    assert [v["navn"] for v in values if v["valgt"]] == ["Vejle"]


def test_a_map_click_becomes_the_kommune_filter() -> None:
    """What the chart reports on a click (st.altair_chart's selection state) picks the kommune;
    the click itself is tested in Chromium (test_browser_daekning)."""
    from ui.geo import picked

    assert picked({"selection": {"kommune": [{"kode": 751}]}}) == 751
    assert picked({"selection": {"kommune": []}}) is None
    assert picked({"selection": {}}) is None
    assert picked(None) is None
    assert picked({"selection": {"kommune": [{"kode": "751; DROP"}]}}) is None
