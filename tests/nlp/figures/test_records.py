"""Figure-record stage through the component: measure, subject, period, change per figure."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.language import Language

from nlp.components import kommuner, sentences, statistics  # noqa: F401  (register the factories)
from nlp.extensions import PUBLISHED_KEY
from nlp.result import FigureChange, FigureSubject, StatisticMention


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    for name in ("kv_sentences", "kv_kommuner", "kv_statistics"):
        pipeline.add_pipe(name)
    return pipeline


def figures(nlp: Language, text: str, published: date | None = date(2025, 3, 14)) -> list[StatisticMention]:
    doc = nlp.make_doc(text)
    doc.user_data[PUBLISHED_KEY] = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return list(doc._.statistics)


def test_a_rate_named_only_by_its_measure(nlp: Language) -> None:
    (figure,) = figures(nlp, "I Holbæk Kommune er udskrivningsprocenten 25,1 i 2025.")
    assert (figure.kind, figure.value, figure.measure) == ("percent", 25.1, "kommuneskat")
    assert figure.subject == FigureSubject("kommune", 316)
    assert (figure.period, figure.period_inferred) == ("2025", False)


def test_a_national_figure_in_an_article_about_one_kommune(nlp: Language) -> None:
    found = figures(nlp, "Ledigheden i Kolding Kommune var 3,6 pct., mens landsgennemsnittet var 2,9 pct.")
    assert [f.subject for f in found] == [FigureSubject("kommune", 621), FigureSubject("national", None)]
    assert [f.measure for f in found] == ["ledighedsprocent", "ledighedsprocent"]


def test_the_nearest_mention_of_the_clause_is_the_subject(nlp: Language) -> None:
    text = "Ventetiden i Køge Kommune var 68 dage, mens den i Greve Kommune var 31 dage."
    assert [f.subject for f in figures(nlp, text)] == [
        FigureSubject("kommune", 259),
        FigureSubject("kommune", 253),
    ]


def test_change_from_to_gives_the_earlier_value(nlp: Language) -> None:
    first, second = figures(nlp, "I Vejle Kommune faldt ledigheden fra 5,4 til 5,1 pct. i januar.")
    assert second.change == FigureChange("down", 5.4, "forrige periode")
    assert (second.period, first.measure, second.measure) == (
        "2025M01",
        "ledighedsprocent",
        "ledighedsprocent",
    )


def test_fewer_than_expected(nlp: Language) -> None:
    found = figures(
        nlp, "Holbæk Kommune har 7.340 borgere på offentlig forsørgelse. Det er 220 færre end forventet."
    )
    assert found[0].measure == "offentligt_forsoergede"
    assert found[1].change == FigureChange("down", None, "forventet")
    assert found[1].measure == "offentligt_forsoergede"  # "Det er" points back to the sentence before


def test_above_the_national_average(nlp: Language) -> None:
    (figure, national) = figures(
        nlp,
        "Klassekvotienten i Aalborg Kommune er 23,1 elever, og dermed ligger den over "
        "landsgennemsnittet på 21,4.",
    )
    assert figure.change == FigureChange("up", None, "landsgennemsnit")
    assert national.subject == FigureSubject("national", None)


def test_period_from_the_publication_date_is_inferred(nlp: Language) -> None:
    (figure,) = figures(nlp, "Kommunen har ansat 12 nye sagsbehandlere.")
    assert (figure.period, figure.period_inferred) == ("2025", True)
    (undated,) = figures(nlp, "Kommunen har ansat 12 nye sagsbehandlere.", published=None)
    assert (undated.period, undated.period_inferred) == (None, False)


def test_relative_period(nlp: Language) -> None:
    (figure,) = figures(nlp, "Sidste år fik Odense Kommune 400 flere indbyggere.")
    assert (figure.period, figure.measure) == ("2024", "befolkning")


def test_a_partys_place_is_no_kommune_ranking(nlp: Language) -> None:
    (kommune_rank,) = figures(nlp, "Kommunen ligger på en 14. plads ud af 98 kommuner.")
    assert kommune_rank.measure == "rangering"
    (party_rank,) = figures(nlp, "Partiet fik en 2. plads ved valget i Odense.")
    assert party_rank.measure is None
