"""The Tal page over figure records: conflicts between independent sources (not copies of one
story, not figures that agree within their precision), verdicts on each figure, official series."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import APP
from tests.ui.helpers import markdown_sources, metrics, shown_text, url_param
from tests.ui.seed_figures import REPRINT_URL
from ui import export
from ui.format import escape_markdown, link

PAGE = "app_pages/tal.py"
AARHUS_NEWS = "https://lokalavis.example/ledighed-falder"
AARHUS_MINUTES = "https://byraad.example/referat-marts"
# The credit as a Markdown link to the table (its label escaped like all text on the page).
CREDIT_AUP01 = link("Kilde: Danmarks Statistik, StatBank.dk/AUP01", "https://www.statbank.dk/AUP01")


@pytest.fixture
def tal(figures_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("DATABASE_URL", figures_url)
    yield AppTest.from_file(APP, default_timeout=30)


def open_page(at: AppTest, **query: str | list[str]) -> AppTest:
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def chart_rows(at: AppTest) -> list[dict[str, object]]:
    """The rows of every Altair chart drawn (Vega-Lite datasets, sent as Arrow)."""
    import pyarrow as pa

    found: list[dict[str, object]] = []
    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            found += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    return found


def conflict_cards(at: AppTest) -> list[str]:
    return [m for m in markdown_sources(at) if "Uenige kilder" in m]


def test_overview_shows_the_latest_conflict_and_checked_figures(tal: AppTest) -> None:
    at = open_page(tal)
    assert any("Vælg en kommune" in i.value for i in at.info)
    assert [s.value for s in at.subheader] == ["Seneste uenigheder", "Senest tjekkede tal"]
    # One conflict: Aarhus' rate in February. Vejle's figures agree within their precision.
    cards = conflict_cards(at)
    assert len(cards) == 1 and "Ledighedsprocent · Aarhus · februar 2025" in shown_text(at)
    sides = "\n".join(markdown_sources(at))
    # Both sources named, both documents linked.
    for source, url in (("Østjysk Lokalavis", AARHUS_NEWS), ("Aarhus Byråd – referater", AARHUS_MINUTES)):
        assert f"i {escape_markdown(source)} (" in sides and f"({url})" in sides
    # Three documents in three outlets, but the reprint is the same story: two independent stories.
    assert "2 uafhængige historier fra 3 medier" in shown_text(at)
    text = shown_text(at)
    assert "Afviger (−10,9 %)" in text and "Stemmer inden for tallets præcision" in text
    assert CREDIT_AUP01 in sides and "Kilde: Danmarks Statistik, StatBank.dk/AUP01" in text
    assert "officielt 4,6 pct. (2025M02)" in text


def test_a_kommune_with_a_conflict(tal: AppTest) -> None:
    at = open_page(tal, kommune="751")
    assert metrics(at) == {"Tal": "3", "Kilder": "3", "Uenigheder": "1", "Tjekket": "3"}
    assert len(conflict_cards(at)) == 1
    assert [s.value for s in at.subheader] == ["Ledighedsprocent"]
    assert len(at.get("vega_lite_chart")) == 1
    # Each source's figures on the period axis, the official series beside them.
    points = sorted((r["Kilde"], r["Tal"], str(r["Periode"])[:7]) for r in chart_rows(at))
    assert points == [
        ("Aarhus Byråd – referater", "4,6 procent", "2025-02"),
        ("Danmarks Statistik", "4,4 pct.", "2025-01"),
        ("Danmarks Statistik", "4,6 pct.", "2025-02"),
        ("Jyllands Nyheder", "4,1 procent", "2025-02"),
        ("Østjysk Lokalavis", "4,1 procent", "2025-02"),
    ]
    text = shown_text(at)
    assert text.count("Afviger (−10,9 %)") == 2 and text.count("Stemmer") >= 1
    assert "Ledighedsprocent · Aarhus · februar 2025 · Procent · ned" in text
    assert CREDIT_AUP01 in "\n".join(markdown_sources(at))
    assert REPRINT_URL in "\n".join(markdown_sources(at))
    assert any("Ændret senere (1)" in e.label for e in at.expander)


def test_figures_that_agree_within_their_precision_are_no_conflict(tal: AppTest) -> None:
    at = open_page(tal, kommune="630")
    assert metrics(at)["Uenigheder"] == "0" and not conflict_cards(at)
    assert [s.value for s in at.subheader] == ["Ledige", "Ledighedsprocent"]
    text = shown_text(at)
    for figure in ("3,5 pct.", "3,46 procent", "ca. 1.500", "1.461"):
        assert figure in text
    assert "2,9 pct." not in text  # quoted in a Vejle article, but about the whole country
    assert metrics(at)["Tal"] == "4"


def test_measure_filter_is_kept_in_the_link(tal: AppTest) -> None:
    at = open_page(tal, kommune="630", noegletal="ledige")
    assert url_param(at, "noegletal") == ["ledige"]
    assert [s.value for s in at.subheader] == ["Ledige"] and metrics(at)["Tal"] == "2"


def test_crawled_text_is_escaped_on_figure_cards(tal: AppTest) -> None:
    at = open_page(tal, kommune="461")
    sources = "\n".join(markdown_sources(at))
    assert "<img" not in sources.replace("\\<img", "") and "\\<script\\>" in sources
    assert "Anlæg · Odense · 2025" in shown_text(at)


def test_csv_carries_the_record_and_the_verdict(figures_url: str) -> None:
    from store import queries as q
    from store.db import get_engine, session_scope

    with session_scope(get_engine(figures_url)) as session:
        records = q.figure_records(session=session, kommune_code=751)
    rows = list(csv.DictReader(io.StringIO(export.figures_csv(records, {751: "Aarhus"}))))
    first = next(r for r in rows if r["Tal i teksten"] == "4,1 procent")
    assert (first["Nøgletal"], first["Om"], first["Periode"], first["Ændring"], first["Vurdering"]) == (
        "Ledighedsprocent", "Aarhus", "2025M02", "down", "Afviger",
    )  # fmt: skip
    assert first["Sammenlignet med"] == "forrige periode" and first["Tabel"] == "AUP01"
    assert first["Kilde til officielt tal"] == "Kilde: Danmarks Statistik, StatBank.dk/AUP01"
    assert float(first["Afvigelse"]) == pytest.approx(-0.5 / 4.6)
