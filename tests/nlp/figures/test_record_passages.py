"""Figure records read across a passage: pairs whose first figure has a time of its own, rates
listed without their measure, spans and their ends, what points back at the sentence before,
and the lexicon words that tell spending, trainee places and council seats apart."""

from __future__ import annotations

from datetime import date

from spacy.language import Language

from core.result import FigureChange, FigureSubject
from nlp.figures.periods import latest_like
from tests.nlp.figures.test_records import figures, nlp  # noqa: F401  (the module's pipeline fixture)

JUNE = date(2025, 6, 12)


def test_a_figure_after_a_quarter_with_its_unit_is_one(nlp: Language) -> None:  # noqa: F811
    (figure,) = figures(nlp, "På landsplan var ventetiden i samme kvartal 47 dage.")
    assert (figure.value, figure.unit, figure.measure) == (47, "dage", "ventetid")


def test_from_x_with_its_own_time_to_y_at_the_latest_such_time(nlp: Language) -> None:  # noqa: F811
    text = "Antallet af kontanthjælpsmodtagere i Assens Kommune faldt fra 530 i første kvartal 2024 til 480."
    first, second = figures(nlp, text, JUNE)
    assert [(f.value, f.measure, f.period) for f in (first, second)] == [
        (530, "kontanthjaelp", "2024K1"),
        (480, "kontanthjaelp", "2025K1"),
    ]
    assert (first.change, second.change) == (None, FigureChange("down", 530, "forrige periode"))


def test_the_latest_period_of_the_same_kind() -> None:
    assert latest_like("2024K1", JUNE) == "2025K1"
    assert latest_like("2024K3", JUNE) is None  # the third quarter of 2025 has not begun
    assert latest_like("2024M03", JUNE) == "2025M03"
    assert latest_like("2023", JUNE) == "2025"
    assert latest_like("2023:2025", JUNE) is None


def test_a_list_of_bare_rates_continues_the_rate_before(nlp: Language) -> None:  # noqa: F811
    text = (
        "Ledigheden i Nyborg Kommune var 3,0 pct. i oktober. I alt var 610 borgere ledige.\n\n"
        "Blandt nabokommunerne havde Kerteminde 2,7 pct., Odense 3,4 og Svendborg 3,1."
    )
    found = figures(nlp, text)
    assert [(f.value, f.measure, f.period) for f in found[2:]] == [
        (2.7, "ledighedsprocent", "2024M10"),
        (3.4, "ledighedsprocent", "2024M10"),
        (3.1, "ledighedsprocent", "2024M10"),
    ]
    assert [f.subject.code for f in found if f.subject] == [450, 450, 440, 461, 479]


def test_a_total_opening_a_paragraph_after_a_national_rate_is_the_kommunes(nlp: Language) -> None:  # noqa: F811
    text = (
        "Ledigheden i Hvidovre Kommune var 3,2 pct., over landsgennemsnittet, der var 2,8 pct.\n\n"
        "I alt var 1.410 borgere fuldtidsledige."
    )
    assert figures(nlp, text)[-1].subject == FigureSubject("kommune", 167)
    text = "På landsplan var ledigheden 2,9 pct. i juni. I alt var 86.700 fuldtidsledige."
    assert figures(nlp, text)[-1].subject == FigureSubject("national", None)


def test_an_unmarked_rate_after_a_national_one_is_not_national(nlp: Language) -> None:  # noqa: F811
    text = (
        "I Skive Kommune fik 412 borgere kontanthjælp. På landsplan var andelen 2,1 pct.\n\n"
        "Ledigheden lå i marts på 2,3 pct."
    )
    assert figures(nlp, text)[-1].subject == FigureSubject("kommune", 779)


def test_a_comparison_passes_no_period_on(nlp: Language) -> None:  # noqa: F811
    text = (
        "Venstre fik 30,1 pct. af stemmerne i Lemvig Kommune mod 33,0 pct. ved valget i 2021 "
        "og gik fra 8 til 7 mandater."
    )
    found = figures(nlp, text, date(2025, 11, 19))
    assert [(f.value, f.period) for f in found] == [(30.1, "2025"), (33.0, "2021"), (8, "2021"), (7, "2025")]


def test_a_level_after_a_span_until_now_is_its_end(nlp: Language) -> None:  # noqa: F811
    text = (
        "Antallet af borgere over 80 år i Assens Kommune er steget med 900 siden 2015. "
        "De ældre udgør dermed 7,1 pct. af befolkningen. "
        "I samme periode er antallet af 25-39-årige faldet fra 8.200 til 7.600."
    )
    found = figures(nlp, text)
    assert [(f.value, f.unit, f.period) for f in found] == [
        (900, None, "2015:2025"),  # (no counted noun "siden")
        (7.1, "pct.", "2025"),
        (8200, None, "2015"),
        (7600, None, "2025"),
    ]


def test_a_budget_year_compared_with_is_not_the_documents(nlp: Language) -> None:  # noqa: F811
    text = (
        "Budget 2026 for Sønderborg Kommune. Servicerammen udgør 3,1 mia. kr. i 2026, hvilket er "
        "1,8 pct. mere end i budget 2025.\n\nDer skal findes besparelser for 36 mio. kr."
    )
    assert figures(nlp, text, date(2025, 9, 10))[-1].period == "2026"


def test_a_whole_year_and_a_school_year(nlp: Language) -> None:  # noqa: F811
    text = "I Fredericia Kommune har belægningen i hele 2024 ligget på 98 pct."
    assert figures(nlp, text)[0].period == "2024"


def test_dwellings_ready_in_the_next_sentence_after_an_amount(nlp: Language) -> None:  # noqa: F811
    text = (
        "Byrådet i Vejen vil bygge et nyt plejecenter med 60 plejeboliger. "
        "Byggeriet koster 140 mio. kr. og forventes at stå klar i 2028."
    )
    assert [(f.measure, f.period) for f in figures(nlp, text)][0] == ("plejeboliger", "2028")


def test_her_points_at_the_place_of_the_sentence_before(nlp: Language) -> None:  # noqa: F811
    text = (
        "Ventetiden i Region Nordjylland er 49 dage.\n\n"
        "I Hjørring Kommune venter borgerne længere end i resten af regionen. "
        "Her var ventetiden 34 dage i marts."
    )
    assert figures(nlp, text)[-1].subject == FigureSubject("kommune", 860)


def test_money_for_a_new_school_is_the_kommunes_and_a_hospitals_patients_are_other(
    nlp: Language,  # noqa: F811
) -> None:
    text = "Sønderborg Kommune investerer. Den største investering er en ny skole i Nordborg til 165 mio. kr."
    assert figures(nlp, text)[-1].subject == FigureSubject("kommune", 540)
    text = "Aabenraa Kommune er bekymret. På Sygehus Sønderjylland venter 1.200 patienter på en operation."
    assert figures(nlp, text)[-1].subject == FigureSubject("other", None)


def test_back_references_inside_the_sentence(nlp: Language) -> None:  # noqa: F811
    text = (
        "Antallet af kontanthjælpsmodtagere i Skive Kommune var 540 i første kvartal 2025. "
        "Hver tiende af dem er under 30 år. Kommunen ligger dermed nr. 9 ud af 98 kommuner."
    )
    share, rank = figures(nlp, text)[1:3]
    assert (share.value, share.measure, share.period) == (10, "kontanthjaelp", "2025K1")
    assert (rank.value, rank.period) == (9, "2025K1")


def test_spending_trainee_places_and_council_seats(nlp: Language) -> None:  # noqa: F811
    text = "Regionen har afsat en pulje på 85 mio. kr. Heraf er 30 mio. kr. brugt i første halvår."
    assert [f.measure for f in figures(nlp, text)] == ["budget", "forbrug"]
    (places,) = figures(nlp, "Pengene går til 12 nye elevpladser i Kolding Kommune.")
    assert places.measure != "elever"
    found = figures(nlp, "Struer Kommune har det 25 mand store byråd. Det nye byråd består af 25 medlemmer.")
    assert [f.measure for f in found] == ["mandater", "mandater"]
    found = figures(nlp, "I Odense Kommune er 14 af byrådets 29 medlemmer nye.")
    assert [(f.value, f.measure) for f in found] == [(14, None), (29, "mandater")]


def test_a_school_year_and_a_present_tense_sentence_after_it(nlp: Language) -> None:  # noqa: F811
    text = (
        "I skoleåret 2023/24 var klassekvotienten i Odsherred Kommune 19,2 elever pr. klasse. "
        "Kommunens snit ligger på 20,4 elever pr. klasse."
    )
    assert [(f.value, f.period) for f in figures(nlp, text, None)] == [(19.2, "2023"), (20.4, None)]
