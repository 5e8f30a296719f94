"""The Tidslinje page: claim cards, counts and every sidebar filter, read from and written to the URL."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.helpers import markdown_sources, metrics, shown_text, url_param

ANDERS_CLAIM = "Ledigheden i Aarhus Kommune er faldet til 4,1 procent, siger borgmester Anders Kristensen."
MINISTRY_CLAIM = "Ifølge Beskæftigelsesministeriet er ledigheden i Aarhus Kommune 4,6 procent."
VEJLE_CLAIM = (
    "Vejle Kommune ligger nummer 12 ud af 98 i ministeriets måling af skolerne, skriver Lise Madsen."
)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def test_shows_every_claim_as_a_card(app: AppTest) -> None:
    at = run(app)
    assert metrics(at)["Påstande"] == "6"
    text = shown_text(at)
    for claim in (ANDERS_CLAIM, MINISTRY_CLAIM, VEJLE_CLAIM):
        assert claim in text
    # Card details: date, kind, source with link, speaker with party letter and role, kommuner.
    assert "**4. mar. 2025** · Nyhed · Østjysk Lokalavis · [Ledigheden falder i Aarhus]" in "\n".join(
        markdown_sources(at)
    )
    assert "(https://lokalavis.example/ledighed-falder)" in "\n".join(markdown_sources(at))
    assert "Udtalt af Anders Kristensen (A), borgmester" in text
    assert "Kommuner: Aarhus, Vejle" in text
    assert "Referat" in text and "Debatindlæg" in text


def test_figures_are_highlighted(app: AppTest) -> None:
    at = run(app)
    bodies = "\n".join(markdown_sources(at))
    assert r":orange-background[**4\,1 procent**]" in bodies
    assert r":orange-background[**nummer 12 ud af 98**]" in bodies


def test_newest_claim_first(app: AppTest) -> None:
    text = shown_text(run(app))
    assert text.index(MINISTRY_CLAIM) < text.index(ANDERS_CLAIM) < text.index(VEJLE_CLAIM)


@pytest.mark.parametrize(
    ("param", "values", "expected", "shown", "hidden"),
    [
        ("kommune", ["630"], "2", VEJLE_CLAIM, ANDERS_CLAIM),
        ("region", ["1082"], "4", ANDERS_CLAIM, VEJLE_CLAIM),  # Midtjylland: the Aarhus claims
        ("parti", ["A"], "1", ANDERS_CLAIM, VEJLE_CLAIM),
        ("person", ["2"], "2", VEJLE_CLAIM, ANDERS_CLAIM),
        ("tal", ["rank"], "1", VEJLE_CLAIM, ANDERS_CLAIM),
        ("type", ["minutes"], "2", MINISTRY_CLAIM, ANDERS_CLAIM),
        ("fra", ["2025-03-01"], "3", ANDERS_CLAIM, VEJLE_CLAIM),
        ("til", ["2025-02-28"], "3", VEJLE_CLAIM, ANDERS_CLAIM),
        ("q", ["ledigheden"], "2", MINISTRY_CLAIM, VEJLE_CLAIM),
    ],
)
def test_filters_from_the_link(
    app: AppTest, param: str, values: list[str], expected: str, shown: str, hidden: str
) -> None:
    """A shared link with a filter opens the filtered view."""
    app.query_params[param] = values if len(values) > 1 else values[0]
    at = run(app)
    assert metrics(at)["Påstande"] == expected
    text = shown_text(at)
    assert shown in text
    assert hidden not in text
    assert url_param(at, param) == values


def test_changing_a_filter_updates_cards_and_url(app: AppTest) -> None:
    at = run(app)
    kommune = next(w for w in at.sidebar.multiselect if w.label == "Kommune")
    kommune.select(630).run()
    assert metrics(at)["Påstande"] == "2"
    assert ANDERS_CLAIM not in shown_text(at)
    assert url_param(at, "kommune") == ["630"]
    search = next(w for w in at.sidebar.text_input if w.label == "Søg i påstande")
    search.input("ministeriets").run()
    assert metrics(at)["Påstande"] == "1"
    assert VEJLE_CLAIM in shown_text(at)
    assert url_param(at, "q") == ["ministeriets"]


def test_unknown_values_in_the_link_are_ignored(app: AppTest) -> None:
    app.query_params["kommune"] = ["999", "abc"]
    at = run(app)
    assert metrics(at)["Påstande"] == "6"


def test_no_match_says_so(app: AppTest) -> None:
    app.query_params["q"] = "fodboldstadion"
    at = run(app)
    assert metrics(at)["Påstande"] == "0"
    assert any("Ingen påstande" in i.value for i in at.info)


def test_a_story_printed_by_two_outlets_says_so_and_folds_out_the_copy(tmp_path, monkeypatch) -> None:
    """A wire story in two outlets (store/stories.py): each card names the other print."""
    from dataclasses import replace

    from tests.ui.conftest import APP
    from tests.ui.seed import DOCS, seed

    original = DOCS[0]
    copy = replace(
        original,
        url="https://fynske.example/ledighed-aarhus",
        title="Færre ledige i Aarhus",
        source="Fynske Nyheder",
        sentences=[*original.sentences, replace(original.sentences[1], text="Tallene kommer fra jobcenteret.",
                                                 quote=None, speaker=None)],
    )  # fmt: skip
    url = f"sqlite:///{tmp_path / 'copies.sqlite'}"
    seed(url, [*DOCS, copy])
    monkeypatch.setenv("DATABASE_URL", url)
    at = run(AppTest.from_file(APP, default_timeout=30))
    labels = [e.label for e in at.expander]
    assert labels.count("Også bragt af 1 medie") == 2, labels  # the original's card and the copy's
    inside = "\n".join(markdown_sources(at))
    assert "Fynske Nyheder · [Færre ledige i Aarhus](https://fynske.example/ledighed-aarhus)" in inside
    assert (
        "Østjysk Lokalavis · [Ledigheden falder i Aarhus](https://lokalavis.example/ledighed-falder)"
        in inside
    )
