"""Figure-record stage through the component: measure, subject, period, change per figure."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.language import Language

from core.result import FigureChange, FigureSubject, StatisticMention
from nlp.components import kommuner, sentences, statistics  # noqa: F401  (register the factories)
from nlp.extensions import PUBLISHED_KEY


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


def test_the_earlier_figure_of_a_pair_takes_the_measure_and_no_change(nlp: Language) -> None:
    first, second = figures(nlp, "I Odense Kommune gik partiet tilbage fra 13 til 11 mandater.")
    assert (first.measure, first.change) == ("mandater", None)
    assert second.change == FigureChange("down", 13.0, "forrige periode")


def test_a_year_between_the_figures_of_a_change(nlp: Language) -> None:
    found = figures(
        nlp, "I Vejle Kommune vil antallet af borgere over 80 år stige fra 6.150 i 2025 til 7.900 i 2028."
    )
    assert [(f.value, f.period, f.measure) for f in found] == [
        (6150.0, "2025", "befolkning"),
        (7900.0, "2028", "befolkning"),
    ]
    assert found[1].change == FigureChange("up", 6150.0, "forrige periode")


def test_versus_an_earlier_period(nlp: Language) -> None:
    text = "Antallet af kontanthjælpsmodtagere i Faxe Kommune var i juni 612, mod 655 i juni sidste år."
    first, second = figures(nlp, text, published=date(2024, 9, 1))
    assert (first.period, second.period) == ("2024M06", "2023M06")
    assert first.change == FigureChange("down", 655.0, "forrige periode")
    assert first.measure == second.measure == "kontanthjaelp"


def test_same_period_as_the_figure_of_the_same_measure(nlp: Language) -> None:
    text = (
        "Ventetiden i Esbjerg Kommune var i første halvår 2024 på 74 dage. I juli stod 118 borgere på "
        "venteliste. Landsgennemsnittet for ventetid var i samme periode 49 dage."
    )
    found = figures(nlp, text)
    assert [(f.value, f.period, f.measure) for f in found][::2] == [
        (74.0, "2024H1", "ventetid"),
        (49.0, "2024H1", "ventetid"),
    ]
    assert found[2].subject == FigureSubject("national", None)


def test_kommunen_is_the_documents_kommune(nlp: Language) -> None:
    text = (
        "Aarhus Kommune bygger. I hele Region Midtjylland blev der bygget 4.310 boliger. "
        "Kommunens boligmasse udgør 190.300 boliger."
    )
    found = figures(nlp, text)
    assert [f.subject for f in found] == [FigureSubject("region", 1082), FigureSubject("kommune", 751)]


def test_a_weak_word_does_not_name_the_measure_of_another_noun(nlp: Language) -> None:
    (members,) = figures(nlp, "I Aarhus Kommune venter 12.400 medlemmer på en lejlighed.")
    assert members.measure == "boliger"  # lejlighed is a strong word of its clause
    (charged,) = figures(nlp, "Politiet har sigtet 123 personer i Aarhus Kommune.")
    assert charged.measure is None
    (residents,) = figures(nlp, "Ved indgangen til 2025 boede der 40.110 mennesker i Lolland Kommune.")
    assert (residents.measure, residents.period) == ("befolkning", "2025K1")


def test_money_never_takes_a_count_measure_from_its_neighbour(nlp: Language) -> None:
    found = figures(nlp, "Politiet har sigtet 123 indbyggere, og 82.000 kr. er beslaglagt.")
    assert [f.measure for f in found] == ["befolkning", None]


def test_a_budget_documents_year_dates_its_amounts(nlp: Language) -> None:
    text = "Punkt 5: Budget 2025 for Vejle Kommune.\n\nDer er indarbejdet effektiviseringer for 95 mio. kr."
    (amount,) = figures(nlp, text, published=date(2024, 9, 10))
    assert (amount.measure, amount.period, amount.period_inferred) == ("besparelse", "2025", False)
    (count,) = figures(nlp, "Punkt 5: Budget 2025.\n\nKommunen har 40 skoler.", published=date(2024, 9, 10))
    assert (count.period, count.period_inferred) == ("2024", True)  # a count is no budget figure


def test_the_earlier_figure_of_a_pair_gets_the_earlier_period(nlp: Language) -> None:
    text = (
        "I januar faldt ledigheden i Kolding Kommune fra 3,9 til 3,6 pct. sammenlignet med januar sidste år."
    )
    first, second = figures(nlp, text)
    assert (first.period, second.period) == ("2024M01", "2025M01")
    first, second = figures(nlp, "Skatteprocenten i Gentofte Kommune sænkes fra 22,8 til 22,7 i 2025.")
    assert (first.period, second.period) == ("2024", "2025")


def test_losing_seats_is_a_change_down(nlp: Language) -> None:
    (seats,) = figures(nlp, "Socialdemokratiet i Odense Kommune mister to mandater.")
    assert (seats.measure, seats.change) == ("mandater", FigureChange("down", None, "forrige periode"))
