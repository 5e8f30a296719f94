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


def test_kommuner_mentioned_with_a_person(app: AppTest) -> None:
    app.query_params["person"] = "2"  # Lise Madsen: named in an Aarhus and a Vejle document
    at = open_page(app)
    kommuner = at.dataframe[0].value
    assert dict(zip(kommuner["Kommune"], kommuner["Dokumenter"], strict=True)) == {"Aarhus": 2, "Vejle": 1}


def test_unknown_person(app: AppTest) -> None:
    app.query_params["person"] = "999"
    at = open_page(app)
    assert any("findes ikke" in w.value for w in at.warning)
