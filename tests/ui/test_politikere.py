"""The Politikere page: the list of persons and a page per person."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.helpers import metrics, shown_text, url_param

PAGE = "app_pages/politikere.py"


def open_page(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_lists_politicians_first_with_counts(app: AppTest) -> None:
    at = open_page(app)
    assert metrics(at)["Personer"] == "3"
    frame = at.dataframe[0].value
    assert list(frame["Navn"]) == ["Lise Madsen", "Anders Kristensen", "Bent Olsen"]
    lise = frame.iloc[0]
    assert (lise["Parti"], lise["Påstande"], lise["Citater"], lise["Omtaler"]) == ("V", 2, 0, 2)
    assert list(frame["Politiker"]) == [True, True, False]
    assert list(frame["Kommune"]) == ["Aarhus", "Aarhus", ""]


def test_filter_by_kommune_and_party(app: AppTest) -> None:
    app.query_params["kommune"] = "751"
    app.query_params["parti"] = "V"
    at = open_page(app)
    assert metrics(at)["Personer"] == "1"
    assert list(at.dataframe[0].value["Navn"]) == ["Lise Madsen"]
    assert url_param(at, "kommune") == ["751"] and url_param(at, "parti") == ["V"]


def test_grouped_by_kommune_and_party(app: AppTest) -> None:
    app.query_params["vis"] = "grupper"
    at = open_page(app)
    groups = at.dataframe[0].value
    rows = list(zip(groups["Kommune"], groups["Parti"], groups["Personer"], groups["Liste"], strict=True))
    assert rows == [
        ("Aarhus", "A", 1, "?kommune=751&parti=A"),
        ("Aarhus", "V", 1, "?kommune=751&parti=V"),
        ("Uden kommune", "Uden parti", 1, "?"),
    ]


def test_name_filter(app: AppTest) -> None:
    at = open_page(app)
    at.sidebar.text_input[0].input("kristen").run()
    assert metrics(at)["Personer"] == "1"
    assert list(at.dataframe[0].value["Navn"]) == ["Anders Kristensen"]
    assert url_param(at, "navn") == ["kristen"]


def test_person_page(app: AppTest) -> None:
    app.query_params["person"] = "1"
    at = open_page(app)
    assert at.title[0].value == "Anders Kristensen"
    text = shown_text(at)
    assert "Parti: Socialdemokratiet (A)" in text
    assert "Roller: borgmester" in text
    assert metrics(at) == {"Påstande": "1", "Citater": "1", "Omtaler": "1"}
    # Statements over time (quotes and claims), newest first, with their source.
    assert "Det er en god nyhed for byen." in text
    assert "Ledigheden i Aarhus Kommune er faldet til 4,1 procent" in text
    assert "Citat · Østjysk Lokalavis" in text
    kommuner = at.dataframe[0].value
    assert list(kommuner["Kommune"]) == ["Aarhus"]
    # The registry's seat, the party history and the figure he quoted (no official figure synced).
    history, seats, figures = (at.dataframe[i].value for i in (1, 2, 3))
    assert list(history["Parti"]) == ["Socialdemokratiet (A)"]
    assert list(history["Fra"]) == ["4. mar. 2025"]
    assert seats.iloc[0].to_dict() == {
        "Rolle": "borgmester",
        "Parti": "A",
        "Kommune": "Aarhus",
        "Fra": "1. jan. 2022",
        "Til": "31. dec. 2025",
        "Kilde": "DST KV21PERS",
    }
    assert list(figures["Tal"]) == ["4,1 procent"]
    assert list(figures["Vurdering"]) == ["Intet officielt tal"]


def test_party_history_shows_a_change_with_its_date(app: AppTest) -> None:
    app.query_params["person"] = "2"  # Lise Madsen: (C) in February, (V) in March
    at = open_page(app)
    history = at.dataframe[1].value
    assert list(zip(history["Parti"], history["Fra"], history["Kilde"], strict=True)) == [
        ("Det Konservative Folkeparti (C)", "10. feb. 2025", "teksten"),
        ("Venstre (V)", "20. mar. 2025", "teksten"),
    ]
    assert "Personen er ikke i politikerregistret." in shown_text(at)


def test_kommuner_mentioned_with_a_person(app: AppTest) -> None:
    app.query_params["person"] = "2"  # Lise Madsen: named in an Aarhus and a Vejle document
    at = open_page(app)
    kommuner = at.dataframe[0].value
    assert dict(zip(kommuner["Kommune"], kommuner["Dokumenter"], strict=True)) == {"Aarhus": 2, "Vejle": 1}


def test_unknown_person(app: AppTest) -> None:
    app.query_params["person"] = "999"
    at = open_page(app)
    assert any("findes ikke" in w.value for w in at.warning)
