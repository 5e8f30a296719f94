"""The Tal page: figures about a kommune side by side, disagreements flagged."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.helpers import metrics, shown_text, url_param

PAGE = "app_pages/tal.py"


def open_page(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_asks_for_a_kommune(app: AppTest) -> None:
    at = open_page(app)
    assert any("Vælg en kommune" in i.value for i in at.info)


def test_disagreeing_figures_are_flagged(app: AppTest) -> None:
    app.query_params["kommune"] = "751"
    at = open_page(app)
    assert metrics(at) == {"Citerede tal": "3", "Kilder": "2", "Uenige perioder": "1"}
    warning = at.warning[0].value
    assert "Procent (%)" in warning and "4,1" in warning and "4,6" in warning
    text = shown_text(at)
    # Both sides of the disagreement with their sentences and sources, flagged first.
    assert text.count("⚠ uenige tal i perioden") == 2
    assert "Ifølge Beskæftigelsesministeriet er ledigheden i Aarhus Kommune 4,6 procent." in text
    assert text.index("4,6 procent") < text.index("12.500 ledige pladser")
    side_by_side = at.dataframe[0].value
    assert {"Østjysk Lokalavis", "Aarhus Byråd – referater"} <= set(side_by_side.columns)
    row = side_by_side[side_by_side["Emne"] == "Procent (%)"].iloc[0]
    assert (row["Østjysk Lokalavis"], row["Aarhus Byråd – referater"], row["Uenig"]) == (
        "4,1 procent",
        "4,6 procent",
        "⚠",
    )


def test_topic_narrows_the_figures(app: AppTest) -> None:
    app.query_params["kommune"] = "751"
    app.query_params["tal"] = "count"
    at = open_page(app)
    assert metrics(at) == {"Citerede tal": "1", "Kilder": "1", "Uenige perioder": "0"}
    assert not at.warning
    assert "12.500" in shown_text(at)


def test_keyword_search(app: AppTest) -> None:
    app.query_params["kommune"] = "751"
    app.query_params["q"] = "daginstitutionerne"
    at = open_page(app)
    assert metrics(at)["Citerede tal"] == "1"


def test_quarter_period(app: AppTest) -> None:
    app.query_params["kommune"] = "751"
    at = open_page(app)
    at.sidebar.radio[0].set_value("quarter").run()
    assert url_param(at, "periode") == ["quarter"]
    assert metrics(at)["Uenige perioder"] == "1"
