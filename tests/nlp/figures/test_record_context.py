"""Figure records read from more than the figure's own clause: the sentence before, the year
new dwellings are ready, the election before, the level after a change "med X til Y", the
kind a measure gives a bare number, and which figure of the sentence before a figure refers to."""

from __future__ import annotations

from datetime import date

from spacy.language import Language

from core.result import FigureChange, FigureSubject
from tests.nlp.figures.test_records import figures, nlp  # noqa: F401  (the module's pipeline fixture)


def test_the_time_of_the_sentence_before_in_the_paragraph(nlp: Language) -> None:  # noqa: F811
    text = "Ventetiden i Region Sjælland var i tredje kvartal 2024 55 dage. Kirurgien havde 80 dage."
    assert [f.period for f in figures(nlp, text)] == ["2024K3", "2024K3"]
    text = "Ventetiden var i tredje kvartal 2024 i gennemsnit 55 dage.\n\nKirurgien havde 80 dage."
    assert [(f.period, f.period_inferred) for f in figures(nlp, text)][1] == ("2025", True)


def test_new_dwellings_take_the_year_they_are_ready(nlp: Language) -> None:  # noqa: F811
    text = "Byrådet i Vejen vil bygge 40 nye plejeboliger, som forventes at stå klar i 2027."
    (figure,) = figures(nlp, text)
    assert (figure.measure, figure.period) == ("plejeboliger", "2027")


def test_the_earlier_seats_are_the_election_before(nlp: Language) -> None:  # noqa: F811
    text = "Venstre gik frem fra 9 til 11 mandater i Vejen Kommune ved valget i 2025."
    assert [(f.value, f.measure, f.period) for f in figures(nlp, text)] == [
        (9.0, "mandater", "2021"),
        (11.0, "mandater", "2025"),
    ]


def test_a_change_by_and_the_level_it_reached(nlp: Language) -> None:  # noqa: F811
    text = "Antallet af ledige i Vejen Kommune steg sidste år med 85 til 1.240."
    found = figures(nlp, text)
    assert [(f.value, f.period) for f in found] == [(85.0, "2024"), (1240.0, "2024")]
    assert [f.change for f in found] == [FigureChange("up", None, "forrige periode")] * 2


def test_a_bare_class_size_counts_pupils(nlp: Language) -> None:  # noqa: F811
    (figure,) = figures(nlp, "I Vejen Kommune var klassekvotienten 20,6 i 2024.")
    assert (figure.kind, figure.measure) == ("count", "klassekvotient")


def test_the_figure_referred_to_and_its_subject(nlp: Language) -> None:  # noqa: F811
    text = (
        "I juni var 410 borgere i Vejen Kommune på kontanthjælp, mod 455 i juni sidste år. "
        "Heraf er hver tredje under 30 år."
    )
    assert figures(nlp, text)[-1].period == "2024M06"  # the 410 of June, not the 455 of June 2023
    text = (
        "Klassekvotienten i Vejen Kommune er 21,9, over landsgennemsnittet på 21,2. I 2023 var tallet 21,5."
    )
    last = figures(nlp, text, date(2025, 3, 14))[-1]
    assert (last.value, last.measure, last.subject) == (21.5, "klassekvotient", FigureSubject("kommune", 575))


def test_the_noun_right_before_paa_names_the_measure(nlp: Language) -> None:  # noqa: F811
    text = "Vejen Kommune har i budgettet for 2026 et driftsoverskud på 95 mio. kr."
    (figure,) = figures(nlp, text)
    assert figure.measure == "resultat"  # no contract key: the scorer reads it as null
    (figure,) = figures(nlp, "Vejen Kommune har fået en pulje på 2,5 mio. kr. til ældreplejen.")
    assert figure.measure == "budget"


def test_a_part_of_a_group_takes_the_groups_measure(nlp: Language) -> None:  # noqa: F811
    text = (
        "I Vejen Kommune fik Venstre 38,1 pct. af stemmerne og gik frem fra 9 til 11 af byrådets 27 mandater."
    )
    assert [(f.value, f.measure) for f in figures(nlp, text)] == [
        (38.1, "stemmer"),
        (9.0, "mandater"),
        (11.0, "mandater"),
        (27.0, "mandater"),
    ]


def test_a_partys_share_in_an_election_sentence_is_votes(nlp: Language) -> None:  # noqa: F811
    text = "I Vejen Kommune fik Socialdemokratiet en andenplads med 24,3 pct. og otte mandater."
    assert [f.measure for f in figures(nlp, text) if f.kind == "percent"] == ["stemmer"]


def test_a_list_whose_unit_comes_last_shares_its_measure(nlp: Language) -> None:  # noqa: F811
    text = "Til sammenligning har Vejen 21,1, Billund 20,4 og Varde 22,3 elever pr. klasse."
    assert [f.measure for f in figures(nlp, text)] == ["klassekvotient"] * 3


def test_the_same_duration_again_is_the_same_measure(nlp: Language) -> None:  # noqa: F811
    text = "I Vejen Kommune var ventetiden på en plejebolig 58 dage i andet halvår. Før var den 41 dage."
    assert [f.measure for f in figures(nlp, text)] == ["ventetid", "ventetid"]


def test_a_figure_about_a_company_or_association_is_other(nlp: Language) -> None:  # noqa: F811
    text = "Ledigheden i Vejen Kommune steg, da to virksomheder lukkede, hvor 180 medarbejdere blev opsagt."
    assert figures(nlp, text)[-1].subject == FigureSubject("other", None)
    text = "I Vejen Kommune venter ifølge Boligforeningen Sydvest 2.300 medlemmer på en bolig."
    assert figures(nlp, text)[-1].subject == FigureSubject("other", None)  # the association's, in Vejen
    (figure,) = figures(nlp, "Ifølge Boligforeningen Sydvest venter 2.300 medlemmer på en bolig.")
    assert figure.subject == FigureSubject("other", None)
    (figure,) = figures(nlp, "Vejen Kommune har i dag omkring 4.600 elever i folkeskolen.")
    assert figure.subject == FigureSubject("kommune", 575)


def test_tax_named_only_as_skatten(nlp: Language) -> None:  # noqa: F811
    text = "Vejen Kommune sænkede skatten fra 25,4 til 25,2 pct. i 2025."
    assert [f.measure for f in figures(nlp, text)] == ["kommuneskat", "kommuneskat"]
