"""Measure stage: the measure lexicon matches Danish compounds by modifier and head."""

from __future__ import annotations

import pytest

from nlp.figures.lexicon import DATA_DIR
from nlp.figures.measures import MeasureLexicon, best_measure

REQUIRED = {
    "befolkning", "ledige", "ledighedsprocent", "offentligt_forsoergede", "kontanthjaelp",
    "sygedagpenge", "kommuneskat", "grundskyld", "elever", "klassekvotient", "plejeboliger",
    "boliger", "ventetid", "budget", "besparelse", "anlaeg", "rangering", "stemmer", "mandater",
}  # fmt: skip


@pytest.fixture(scope="module")
def lexicon() -> MeasureLexicon:
    return MeasureLexicon.load(DATA_DIR / "measures.csv")


def measure_of(lexicon: MeasureLexicon, words: str, kind: str = "count", value: float = 10.0) -> str | None:
    best = best_measure(lexicon.find(words, 0, len(words)), kind, value)  # type: ignore[arg-type]
    return None if best is None else best[0].key


def test_the_contract_keys_exist(lexicon: MeasureLexicon) -> None:
    assert lexicon.keys >= REQUIRED


@pytest.mark.parametrize(
    ("words", "kind", "measure"),
    [
        ("ledighedsprocenten", "percent", "ledighedsprocent"),
        ("udskrivningsprocenten", "percent", "kommuneskat"),
        ("indbyggertallet", "count", "befolkning"),
        ("antallet af borgere over 80 år", "count", "befolkning"),
        ("klassekvotienten", "other", "klassekvotient"),
        ("kontanthjælpsmodtagere", "count", "kontanthjaelp"),
        ("sygedagpengeforløb", "count", "sygedagpenge"),
        ("anlægsbudgettet", "money", "anlaeg"),
        ("besparelser", "money", "besparelse"),
        ("fuldtidsledige", "count", "ledige"),
        ("driftsbudgettet", "money", "budget"),
        ("grundskyldspromillen", "other", "grundskyld"),
    ],
)
def test_compounds_by_modifier_and_head(lexicon: MeasureLexicon, words: str, kind: str, measure: str) -> None:
    assert measure_of(lexicon, words, kind) == measure


def test_the_figure_kind_chooses_between_measures_of_one_word(lexicon: MeasureLexicon) -> None:
    assert measure_of(lexicon, "ledigheden", "percent") == "ledighedsprocent"
    assert measure_of(lexicon, "ledigheden", "count") == "ledige"


def test_a_strong_word_beats_a_weak_one(lexicon: MeasureLexicon) -> None:
    assert measure_of(lexicon, "borgere på offentlig forsørgelse") == "offentligt_forsoergede"
    assert measure_of(lexicon, "borgere") == "befolkning"


def test_unknown_nouns_and_kinds_give_no_measure(lexicon: MeasureLexicon) -> None:
    assert measure_of(lexicon, "ungekonsulenter") is None
    assert measure_of(lexicon, "plejeboliger", "money") is None
